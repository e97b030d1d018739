//! Errors: the one conversion from the engine's errors to Python exceptions.
//!
//! The exception classes are defined in Python (`monetix_gate/errors.py`) so
//! their hierarchy, docstrings and attributes are plain typed Python; they
//! are imported here with `import_exception!` (the pyca/cryptography pattern).
//! Every failure of the binding is a [`Failure`], and `From<Failure> for
//! PyErr` below is the only place a failure becomes an exception.
//!
//! `GateError.code` is the C library's `mnx_status` for the same error; the
//! numbers live in [`status`], mirrored by name in `errors.ErrorCode`
//! (`tests/python/test_errors.py` checks both against each other and against
//! the C side).
//!
//! Every failure becomes a `GateError` subclass, including an exception that
//! Python code the binding called raised while a request mapping was read
//! (kept as the `__cause__`). Only `MemoryError` and the exceptions that are
//! not `Exception`s (`KeyboardInterrupt`, `SystemExit`) pass through as they
//! are: they say nothing about the input.
//!
//! An ambiguity refusal needs the body it was found in to be explained (the
//! engine's error carries a byte offset): [`explained`] turns it into
//! [`Failure::Ambiguous`] with the engine's explanation, its path and rule,
//! at every call site that has the body.

use monetix_gate::ambiguity::Ambiguity;
use monetix_gate::Error;
use pyo3::exceptions::{PyException, PyMemoryError};
use pyo3::prelude::*;
use pyo3::PyErr;

pyo3::import_exception!(monetix_gate.errors, InvalidInputError);
pyo3::import_exception!(monetix_gate.errors, BodyTypeError);
pyo3::import_exception!(monetix_gate.errors, SignatureError);
pyo3::import_exception!(monetix_gate.errors, SecretError);
pyo3::import_exception!(monetix_gate.errors, ValidationError);
pyo3::import_exception!(monetix_gate.errors, AmountError);
pyo3::import_exception!(monetix_gate.errors, InternalError);
pyo3::import_exception!(monetix_gate.errors, AmbiguousDataError);
pyo3::import_exception!(monetix_gate.errors, UnsignedElementError);
pyo3::import_exception!(monetix_gate.errors, ArgumentTypeError);
pyo3::import_exception!(monetix_gate.errors, ArgumentValueError);

/// The status numbers the binding raises for failures of its own (an engine
/// error's number is its [`Error::code`], the one table shared by every
/// interface: the C library's `mnx_status` `MNX_STATUS_<NAME>`). Never renumber.
pub(crate) mod status {
    /// `MNX_STATUS_INVALID_UTF8`: a text argument has no UTF-8 form.
    pub const INVALID_UTF8: i32 = 102;
    /// `MNX_STATUS_INVALID_ARGUMENT`: here, an argument of the wrong Python
    /// type or value, or a request mapping value that does not convert to JSON.
    pub const INVALID_ARGUMENT: i32 = 104;
    /// `MNX_STATUS_UNKNOWN`: an unexpected Python error inside the binding.
    pub const UNKNOWN: i32 = 199;
    /// `MNX_STATUS_INVALID`
    pub const INVALID: i32 = 200;
    /// `MNX_STATUS_AMBIGUOUS`: ambiguous data refused when signing or verifying.
    pub const AMBIGUOUS: i32 = 306;
    /// `MNX_STATUS_INVALID_UTF8_BODY`
    pub const INVALID_UTF8_BODY: i32 = 401;
}

/// Which Python exception an engine error becomes, and its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    InvalidInput,
    UnsignedElement,
    Ambiguous,
    Signature,
    Secret,
    Validation,
    Amount,
    Internal,
}

/// The exception class and `mnx_status` code ([`Error::code`]) of an engine
/// error.
pub(crate) fn classify(err: &Error) -> (Class, i32) {
    let class = match err {
        Error::TooLarge
        | Error::InvalidJson { .. }
        | Error::InvalidUtf8 { .. }
        | Error::LoneSurrogate { .. }
        | Error::NotAnObject
        | Error::DuplicateKey { .. }
        | Error::NumberOutOfRange { .. }
        | Error::TooDeep { .. }
        | Error::TooManyValues
        | Error::GeneralNotObject
        | Error::FieldType { .. } => Class::InvalidInput,
        Error::UnsignedElement { .. } => Class::UnsignedElement,
        Error::Ambiguous { .. } => Class::Ambiguous,
        Error::MissingSignature | Error::SignatureNotString | Error::SignatureMismatch => {
            Class::Signature
        }
        Error::EmptySecret | Error::SuspiciousSecret => Class::Secret,
        Error::Invalid => Class::Validation,
        Error::AmountSyntax
        | Error::AmountTooManyDecimals
        | Error::AmountSeparator
        | Error::AmountNegative
        | Error::AmountOverflow
        | Error::UnknownCurrency => Class::Amount,
        // `Error` is non-exhaustive: a variant added to the engine after this
        // binding was written is reported (with its own code), never
        // swallowed. `BufferTooSmall` cannot happen: the binding sizes every
        // buffer itself.
        _ => Class::Internal,
    };
    (class, err.code())
}

/// Everything that can fail in the binding.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An engine error.
    Core(Error),
    /// An ambiguity refusal, explained from the body it was found in.
    Ambiguous(Explanation),
    /// A request failed validation: every `(path, reason)`.
    Validation(Vec<(String, String)>),
    /// A value in a request mapping that does not convert to JSON, or a
    /// mapping that could not be read (`cause`: what Python raised).
    BodyType {
        /// Dotted path of the value (`payment.amount`, `items.0`).
        path: String,
        /// What is wrong, e.g. `float values are not allowed`.
        what: String,
        /// The exception Python code raised while the value was read.
        cause: Option<PyErr>,
    },
    /// A `str` body with a lone surrogate (it has no UTF-8 form).
    BodyNotUnicode,
    /// A `str` secret with a lone surrogate (it has no UTF-8 form).
    SecretNotUnicode,
    /// An argument of the wrong Python type (`ArgumentTypeError`, a `TypeError`).
    ArgumentType(String),
    /// An argument outside its documented values (`ArgumentValueError`, a
    /// `ValueError`), e.g. an unknown payout method name.
    ArgumentValue(String),
    /// An exception raised by Python code the binding called for its own
    /// needs (importing the models, building a result): `InternalError`
    /// with the exception as its cause, except `MemoryError` and
    /// non-`Exception`s, passed on.
    Python(PyErr),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Core(err)
    }
}

impl From<PyErr> for Failure {
    fn from(err: PyErr) -> Self {
        Failure::Python(err)
    }
}

impl Failure {
    /// Adds a leading path segment to a [`Failure::BodyType`] while the
    /// writer unwinds (so the success path never builds paths).
    pub(crate) fn within(self, segment: &str) -> Self {
        match self {
            Failure::BodyType { path, what, cause } => Failure::BodyType {
                path: if path.is_empty() {
                    segment.to_owned()
                } else {
                    format!("{segment}.{path}")
                },
                what,
                cause,
            },
            other => other,
        }
    }

    /// A [`Failure::BodyType`] for an exception Python code raised while a
    /// request value was read (a user mapping's `items()`, ...); `MemoryError`
    /// and non-`Exception`s are passed on as they are.
    pub(crate) fn unreadable(py: Python<'_>, err: PyErr, what: &str) -> Self {
        if !err.is_instance_of::<PyException>(py) || err.is_instance_of::<PyMemoryError>(py) {
            return Failure::Python(err);
        }
        let kind = err
            .get_type(py)
            .name()
            .map_or_else(|_| "exception".to_owned(), |n| n.to_string());
        Failure::BodyType {
            path: String::new(),
            what: format!("{what} raised {kind}"),
            cause: Some(err),
        }
    }
}

/// The rule's name, as the shared vectors (`tests/vectors/forgeries.json`)
/// spell it.
fn reason_name(reason: Ambiguity) -> &'static str {
    match reason {
        Ambiguity::Key => "key",
        Ambiguity::Separator => "separator",
        Ambiguity::IntegerRange => "integer_range",
        Ambiguity::Digits => "digits",
        Ambiguity::Tiny => "tiny",
        // `Ambiguity` is non-exhaustive: a rule added later is still named.
        _ => "other",
    }
}

/// An ambiguity refusal, explained from the body it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Explanation {
    /// The engine's explanation: `path: rule` (`key path: rule` for a key).
    pub(crate) message: String,
    /// Dotted path of the offending member, its keys decoded (for a key
    /// problem, the path ends with that key, unquoted).
    pub(crate) path: String,
    /// The rule's name: `key`, `separator`, `integer_range`, `digits`, `tiny`.
    pub(crate) reason: &'static str,
    /// Byte offset of the member in the body.
    pub(crate) offset: usize,
}

/// The engine's explanation ([`monetix_gate::ambiguity::explain`]) of an
/// ambiguity refusal found in `body`, and the path read from it; `None` for
/// any other error.
pub(crate) fn explanation(body: &[u8], err: Error) -> Option<Explanation> {
    let Error::Ambiguous { offset, reason } = err else {
        return None;
    };
    // The explanation is a path (at most 200 bytes a key) and a rule: this
    // fits all but the deepest paths of long keys; for those the engine says
    // how much it needs.
    let mut out = vec![0u8; 4096];
    let message = match monetix_gate::ambiguity::explain(body, &err, &mut out) {
        Ok(text) => text.to_owned(),
        Err(Error::BufferTooSmall { needed }) => {
            out = vec![0u8; needed];
            monetix_gate::ambiguity::explain(body, &err, &mut out)
                .ok()?
                .to_owned()
        }
        Err(_) => return None,
    };
    // The engine writes the error's `Display` when it cannot place the offset.
    let path = if message == err.to_string() {
        String::new()
    } else {
        path_of(&message, reason)
    };
    Some(Explanation {
        message,
        path,
        reason: reason_name(reason),
        offset,
    })
}

/// `err` as a [`Failure`], an ambiguity refusal found in `body` explained
/// (see [`explanation`]).
pub(crate) fn explained(body: &[u8], err: Error) -> Failure {
    match explanation(body, err) {
        Some(e) => Failure::Ambiguous(e),
        None => Failure::Core(err),
    }
}

/// The dotted path in an explanation `path: rule`, or `key path: rule` where
/// the last segment, the offending key, is quoted like Rust's `{:?}` (it may
/// be empty or hold `.`); that key is unquoted here and written like the
/// other segments (decoded, control characters escaped). A form this does
/// not recognise gives the text before the rule as it is.
pub(crate) fn path_of(message: &str, reason: Ambiguity) -> String {
    let head = message
        .strip_suffix(reason.as_str())
        .and_then(|h| h.strip_suffix(": "))
        .unwrap_or(message);
    if reason != Ambiguity::Key {
        return head.to_owned();
    }
    let quoted = head.strip_prefix("key ").unwrap_or(head);
    unquote_last(quoted).unwrap_or_else(|| quoted.to_owned())
}

/// `parent."key"` (or `"key"`, or with `...` after a key cut at 200 bytes)
/// to `parent.key`.
fn unquote_last(quoted: &str) -> Option<String> {
    let (quoted, cut) = match quoted.strip_suffix("...") {
        Some(q) => (q, "..."),
        None => (quoted, ""),
    };
    let inner_end = quoted.len().checked_sub(1)?;
    if !quoted.ends_with('"') {
        return None;
    }
    // The opening quote: the last `"` before the closing one that is not
    // escaped (preceded by an even number of backslashes).
    let bytes = quoted.as_bytes();
    let mut open = None;
    for i in (0..inner_end).rev() {
        if bytes.get(i) == Some(&b'"') {
            let slashes = bytes
                .get(..i)
                .unwrap_or(&[])
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count();
            if slashes % 2 == 0 {
                open = Some(i);
                break;
            }
        }
    }
    let open = open?;
    let parent = quoted.get(..open)?;
    let parent = if parent.is_empty() {
        parent
    } else {
        parent.strip_suffix('.')?
    };
    // Written as the engine writes every other segment: decoded, control
    // characters escaped (so a path stays on one line).
    let key: String = unescape_debug(quoted.get(open + 1..inner_end)?)?
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    Some(if parent.is_empty() {
        format!("{key}{cut}")
    } else {
        format!("{parent}.{key}{cut}")
    })
}

/// The text of a Rust `{:?}` string literal's inside.
fn unescape_debug(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut code = 0u32;
                loop {
                    let d = chars.next()?;
                    if d == '}' {
                        break;
                    }
                    code = code.checked_mul(16)?.checked_add(d.to_digit(16)?)?;
                }
                out.push(char::from_u32(code)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The one conversion from a binding failure to a Python exception.
impl From<Failure> for PyErr {
    fn from(failure: Failure) -> PyErr {
        match failure {
            Failure::Core(err) => {
                let message = err.to_string();
                match classify(&err) {
                    (Class::InvalidInput, code) => {
                        PyErr::new::<InvalidInputError, _>((message, code, err.offset()))
                    }
                    (Class::UnsignedElement, code) => {
                        let path = match err {
                            Error::UnsignedElement { path } => path,
                            _ => "",
                        };
                        PyErr::new::<UnsignedElementError, _>((message, code, None::<usize>, path))
                    }
                    // Only reached where no body was at hand to explain it
                    // (see `explained`): still the same class and code.
                    (Class::Ambiguous, code) => {
                        let reason = match err {
                            Error::Ambiguous { reason, .. } => reason_name(reason),
                            _ => "",
                        };
                        PyErr::new::<AmbiguousDataError, _>((
                            message,
                            code,
                            "",
                            reason,
                            err.offset(),
                        ))
                    }
                    (Class::Signature, code) => PyErr::new::<SignatureError, _>((message, code)),
                    (Class::Secret, code) => PyErr::new::<SecretError, _>((message, code)),
                    (Class::Validation, code) => PyErr::new::<ValidationError, _>((
                        message,
                        code,
                        Vec::<(String, String)>::new(),
                    )),
                    (Class::Amount, code) => PyErr::new::<AmountError, _>((message, code)),
                    (Class::Internal, code) => PyErr::new::<InternalError, _>((message, code)),
                }
            }
            Failure::Ambiguous(Explanation {
                message,
                path,
                reason,
                offset,
            }) => PyErr::new::<AmbiguousDataError, _>((
                message,
                status::AMBIGUOUS,
                path,
                reason,
                Some(offset),
            )),
            Failure::Validation(errors) => {
                PyErr::new::<ValidationError, _>((Error::Invalid.as_str(), status::INVALID, errors))
            }
            Failure::BodyType { path, what, cause } => {
                let message = if path.is_empty() {
                    what
                } else {
                    format!("{what} (at {path})")
                };
                let err = PyErr::new::<BodyTypeError, _>((message, status::INVALID_ARGUMENT, path));
                if let Some(cause) = cause {
                    Python::attach(|py| err.set_cause(py, Some(cause)));
                }
                err
            }
            Failure::BodyNotUnicode => PyErr::new::<InvalidInputError, _>((
                "body str has a lone surrogate (no UTF-8 form)",
                status::INVALID_UTF8_BODY,
                None::<usize>,
            )),
            Failure::SecretNotUnicode => PyErr::new::<SecretError, _>((
                "secret str has a lone surrogate (no UTF-8 form)",
                status::INVALID_UTF8,
            )),
            Failure::ArgumentType(message) => {
                PyErr::new::<ArgumentTypeError, _>((message, status::INVALID_ARGUMENT))
            }
            Failure::ArgumentValue(message) => {
                PyErr::new::<ArgumentValueError, _>((message, status::INVALID_ARGUMENT))
            }
            Failure::Python(err) => Python::attach(|py| {
                if !err.is_instance_of::<PyException>(py) || err.is_instance_of::<PyMemoryError>(py)
                {
                    return err;
                }
                let wrapped = PyErr::new::<InternalError, _>((
                    "unexpected Python error inside the binding; please report it",
                    status::UNKNOWN,
                ));
                wrapped.set_cause(py, Some(err));
                wrapped
            }),
        }
    }
}

/// Result of the binding's functions.
pub(crate) type Result<T> = core::result::Result<T, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every engine error has its own code, in the category of its class
    /// (the numbers themselves are checked against the C header by
    /// `tests/python/test_errors.py`).
    #[test]
    fn every_engine_error_has_its_own_code() {
        let all = [
            Error::BufferTooSmall { needed: 1 },
            Error::TooLarge,
            Error::InvalidJson { offset: 0 },
            Error::InvalidUtf8 { offset: 0 },
            Error::LoneSurrogate { offset: 0 },
            Error::NotAnObject,
            Error::DuplicateKey { offset: 0 },
            Error::NumberOutOfRange { offset: 0 },
            Error::TooDeep { offset: 0 },
            Error::TooManyValues,
            Error::GeneralNotObject,
            Error::MissingSignature,
            Error::SignatureNotString,
            Error::SignatureMismatch,
            Error::EmptySecret,
            Error::SuspiciousSecret,
            Error::Invalid,
            Error::AmountSyntax,
            Error::AmountTooManyDecimals,
            Error::AmountSeparator,
            Error::AmountNegative,
            Error::AmountOverflow,
            Error::UnknownCurrency,
            Error::FieldType {
                path: "operation.id",
            },
            Error::UnsignedElement {
                path: "operations[]",
            },
            Error::Ambiguous {
                offset: 0,
                reason: Ambiguity::Separator,
            },
        ];
        let mut seen = Vec::new();
        for err in all {
            let (class, code) = classify(&err);
            assert_ne!(code, status::UNKNOWN, "{err:?} has no code");
            assert!(!seen.contains(&code), "{err:?} shares code {code}");
            seen.push(code);
            let category = match class {
                Class::InvalidInput => &[4, 3][..],
                Class::UnsignedElement => &[4],
                Class::Signature | Class::Secret | Class::Ambiguous => &[3],
                Class::Validation | Class::Amount => &[2],
                Class::Internal => &[1],
            };
            assert!(
                category.contains(&(code / 100)),
                "{err:?}: {class:?} with {code}"
            );
        }
    }

    fn explain(body: &str) -> (String, String, &'static str) {
        let err = monetix_gate::sign(body.as_bytes(), b"secret").unwrap_err();
        let e = explanation(body.as_bytes(), err).unwrap();
        (e.message, e.path, e.reason)
    }

    /// The path is read from the engine's explanation; a key's quotes and
    /// escapes are undone.
    #[test]
    fn paths_from_explanations() {
        let (message, path, reason) = explain(r#"{"errors":[{"message":"limit; code: 51"}]}"#);
        assert_eq!(
            message,
            "errors.0.message: a ';' followed by ':' could forge a signed line"
        );
        assert_eq!((path.as_str(), reason), ("errors.0.message", "separator"));
        let (message, path, reason) = explain(r#"{"a":{":b":1}}"#);
        assert_eq!(
            message,
            r#"key a.":b": keys must not be empty or contain ';' or ':'"#
        );
        assert_eq!((path.as_str(), reason), ("a.:b", "key"));
        for (body, want) in [
            (r#"{"x;":1}"#, "x;"),
            (r#"{"":1}"#, ""),
            (r#"{"p":{"":1}}"#, "p."),
            (r#"{"p":{"q\"r:":1}}"#, "p.q\"r:"),
            (r#"{"p":{"a\\:":1}}"#, "p.a\\:"),
            (
                r#"{"p":{"t\t\n:\u200b\u0000'":1}}"#,
                "p.t\\t\\n:\u{200b}\\0'",
            ),
            // Control characters escaped like the other segments'.
            (
                r#"{"p\n":{"t\t:\u200b\u0000'":1}}"#,
                "p\\n.t\\t:\u{200b}\\0'",
            ),
            (r#"{"p.q":{"\"":1,":.\"":2}}"#, "p.q.:.\""),
        ] {
            let (_, path, reason) = explain(body);
            assert_eq!((path.as_str(), reason), (want, "key"), "{body}");
        }
        let (_, path, reason) = explain(r#"{"op":{"id":9223372036854775808}}"#);
        assert_eq!((path.as_str(), reason), ("op.id", "integer_range"));
        // A key cut at 200 bytes keeps the engine's `...`.
        let long = format!(r#"{{"p":{{"{}:":1}}}}"#, "k".repeat(300));
        let (message, path, _) = explain(&long);
        assert!(message.contains(r#""..."#), "{message}");
        assert_eq!(path, format!("p.{}...", "k".repeat(200)));
    }

    #[test]
    fn unrecognised_forms_are_kept() {
        assert_eq!(path_of("key oops: x", Ambiguity::Key), "oops: x");
        assert_eq!(unescape_debug(r"\q"), None);
        assert_eq!(unescape_debug(r"\u{110000}"), None);
        assert_eq!(unquote_last(r#"a"b""#), None);
    }
}
