//! Errors: the one conversion from the engine's errors to Python exceptions.
//!
//! The exception classes are defined in Python (`monetix_gate/errors.py`) so
//! their hierarchy, docstrings and attributes are plain typed Python; they
//! are imported here with `import_exception!` (the pyca/cryptography pattern).
//! Every failure of the binding is a [`Failure`], and `From<Failure> for
//! PyErr` below is the only place a failure becomes an exception.
//!
//! `GateError.code` is the status number of core's one table
//! ([`monetix_gate::ERROR_CODES`], [`Error::code`]); the binding's own
//! failures take their numbers from that table by name ([`status`]).
//! `errors.ErrorCode` names the same numbers; `tests/python/test_errors.py`
//! checks it against the table, exposed as `_native.ERROR_CODES`.
//!
//! Every failure becomes a `GateError` subclass, including an exception that
//! Python code the binding called raised while a request mapping was read
//! (kept as the `__cause__`). Only `MemoryError` and the exceptions that are
//! not `Exception`s (`KeyboardInterrupt`, `SystemExit`) pass through as they
//! are: they say nothing about the input.

use monetix_gate::ambiguity::Ambiguity;
use monetix_gate::payout::Violation;
use monetix_gate::{Error, ERROR_CODES};
use pyo3::exceptions::{PyException, PyMemoryError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
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

/// The numbers of core's table ([`ERROR_CODES`]) that the binding raises for
/// failures of its own, looked up by name when the module is compiled (a
/// name missing from the table fails the build).
pub(crate) mod status {
    use super::code;

    /// A text argument has no UTF-8 form.
    pub const INVALID_UTF8: i32 = code("INVALID_UTF8");
    /// An argument of the wrong Python type or value, or a request mapping
    /// value that does not convert to JSON.
    pub const INVALID_ARGUMENT: i32 = code("INVALID_ARGUMENT");
    /// An unexpected Python error inside the binding.
    pub const UNKNOWN: i32 = code("UNKNOWN");
    /// A request failed validation.
    pub const INVALID: i32 = code("INVALID");
    /// Ambiguous data refused when signing or verifying.
    pub const AMBIGUOUS: i32 = code("AMBIGUOUS");
    /// A `str` body without a UTF-8 form.
    pub const INVALID_UTF8_BODY: i32 = code("INVALID_UTF8_BODY");
}

/// The number named `name` in [`ERROR_CODES`].
const fn code(name: &str) -> i32 {
    let mut i = 0;
    while i < ERROR_CODES.len() {
        let entry = ERROR_CODES[i].name.as_bytes();
        let want = name.as_bytes();
        if entry.len() == want.len() {
            let mut j = 0;
            while j < want.len() && entry[j] == want[j] {
                j += 1;
            }
            if j == want.len() {
                return ERROR_CODES[i].code;
            }
        }
        i += 1;
    }
    panic!("no such name in monetix_gate::ERROR_CODES")
}

/// Which Python exception an engine error becomes.
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

/// The exception class of an engine error (its code is [`Error::code`]).
pub(crate) fn classify(err: &Error) -> Class {
    match err {
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
        | Error::FieldType { .. }
        | Error::FloatUnsupported { .. } => Class::InvalidInput,
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
        // buffer itself or retries with the size the engine asks for.
        _ => Class::Internal,
    }
}

/// One violation of a request, owned: core's [`Violation`] with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ViolationLine {
    /// Dotted path (`""` for the request as a whole).
    pub(crate) path: String,
    /// Core's reason in words.
    pub(crate) reason: &'static str,
    /// A close known path, for an unknown member.
    pub(crate) hint: Option<&'static str>,
    /// Core's `Display` of the violation: `path: reason[; did you mean X?]`,
    /// or the bank / currency message.
    pub(crate) message: String,
}

impl From<&Violation<'_>> for ViolationLine {
    fn from(v: &Violation<'_>) -> Self {
        ViolationLine {
            path: v.path.to_owned(),
            reason: v.reason.as_str(),
            hint: v.hint,
            message: v.to_string(),
        }
    }
}

/// Everything that can fail in the binding.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An engine error.
    Core(Error),
    /// An engine error with a message that says more (the limit, the
    /// currency's digits, where in a mapping): same class and code.
    Noted {
        /// The engine's error.
        err: Error,
        /// The whole message.
        message: String,
        /// The byte offset to report (`None` where there is no body: a
        /// mapping read in Rust).
        offset: Option<usize>,
    },
    /// An engine error found in a request mapping read in Rust (a lone
    /// surrogate, nesting too deep): same class and code, no offset, and
    /// the path of the value.
    Mapping {
        /// The engine's error.
        err: Error,
        /// What is wrong.
        what: String,
        /// Dotted path of the value.
        path: String,
    },
    /// An ambiguity refusal, explained from the body it was found in.
    Ambiguous(Explanation),
    /// A request failed validation: every violation core found.
    Validation(Vec<ViolationLine>),
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
    /// Adds a leading path segment to a [`Failure::BodyType`] or
    /// [`Failure::Mapping`] while the reader unwinds (so the success path
    /// never builds paths).
    pub(crate) fn within(self, segment: &str) -> Self {
        let join = |path: String| {
            if path.is_empty() {
                segment.to_owned()
            } else {
                format!("{segment}.{path}")
            }
        };
        match self {
            Failure::BodyType { path, what, cause } => Failure::BodyType {
                path: join(path),
                what,
                cause,
            },
            Failure::Mapping { err, what, path } => Failure::Mapping {
                err,
                what,
                path: join(path),
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

/// An ambiguity refusal, explained by the engine from the document it was
/// found in ([`monetix_gate::json::Document::explain`] and
/// [`monetix_gate::json::Document::member_path`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Explanation {
    /// The engine's explanation: `path: rule` (`key path: rule` for a key).
    pub(crate) message: String,
    /// Dotted path of the offending member, its keys decoded.
    pub(crate) path: String,
    /// The rule's name: `key`, `separator`, `integer_range`, `digits`, `tiny`.
    pub(crate) reason: &'static str,
    /// Byte offset of the member in the body.
    pub(crate) offset: usize,
}

/// `err` as a [`Failure`]: an ambiguity refusal explained by the engine
/// from the document it was found in, any other error as it is.
pub(crate) fn explained<const V: usize, const D: usize>(
    doc: &monetix_gate::json::Document<'_, V, D>,
    err: Error,
) -> Failure {
    let Error::Ambiguous { offset, reason } = err else {
        return Failure::Core(err);
    };
    let mut message = String::new();
    let mut path = String::new();
    if doc.explain(&err, &mut message).is_err() || doc.member_path(offset, &mut path).is_err() {
        return Failure::Core(err);
    }
    Failure::Ambiguous(Explanation {
        message,
        path,
        reason: reason_name(reason),
        offset,
    })
}

/// `monetix_gate.errors.Violation`, imported once.
fn violation_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    CLASS.import(py, "monetix_gate.errors", "Violation")
}

/// The one conversion from a binding failure to a Python exception.
impl From<Failure> for PyErr {
    fn from(failure: Failure) -> PyErr {
        match failure {
            Failure::Core(err) => core_error(err, err.to_string(), err.offset()),
            Failure::Noted {
                err,
                message,
                offset,
            } => core_error(err, message, offset),
            Failure::Mapping { err, what, path } => {
                let message = if path.is_empty() {
                    what
                } else {
                    format!("{what} (at {path})")
                };
                core_error(err, message, None)
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
            Failure::Validation(lines) => Python::attach(|py| {
                let made = violation_class(py).and_then(|class| {
                    lines
                        .into_iter()
                        .map(|v| class.call1((v.path, v.reason, v.message, v.hint)))
                        .collect::<PyResult<Vec<_>>>()
                });
                match made {
                    Ok(violations) => PyErr::new::<ValidationError, _>((
                        Error::Invalid.as_str(),
                        status::INVALID,
                        violations
                            .into_iter()
                            .map(Bound::unbind)
                            .collect::<Vec<Py<PyAny>>>(),
                    )),
                    Err(e) => Failure::Python(e).into(),
                }
            }),
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

/// The exception of an engine error, with `message` as its text.
fn core_error(err: Error, message: String, offset: Option<usize>) -> PyErr {
    let code = err.code();
    match classify(&err) {
        Class::InvalidInput => PyErr::new::<InvalidInputError, _>((message, code, offset)),
        Class::UnsignedElement => {
            let path = match err {
                Error::UnsignedElement { path } => path,
                _ => "",
            };
            PyErr::new::<UnsignedElementError, _>((message, code, None::<usize>, path))
        }
        // Only reached where no document was at hand to explain it (see
        // `explained`): still the same class and code.
        Class::Ambiguous => {
            let reason = match err {
                Error::Ambiguous { reason, .. } => reason_name(reason),
                _ => "",
            };
            PyErr::new::<AmbiguousDataError, _>((message, code, "", reason, offset))
        }
        Class::Signature => PyErr::new::<SignatureError, _>((message, code)),
        Class::Secret => PyErr::new::<SecretError, _>((message, code)),
        Class::Validation => PyErr::new::<ValidationError, _>((message, code, Vec::<u8>::new())),
        Class::Amount => PyErr::new::<AmountError, _>((message, code)),
        Class::Internal => PyErr::new::<InternalError, _>((message, code)),
    }
}

/// Result of the binding's functions.
pub(crate) type Result<T> = core::result::Result<T, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The binding's own numbers are core's, by name.
    #[test]
    fn binding_statuses_come_from_the_table() {
        assert_eq!(status::INVALID_ARGUMENT, 104);
        assert_eq!(
            status::AMBIGUOUS,
            Error::Ambiguous {
                offset: 0,
                reason: Ambiguity::Key
            }
            .code()
        );
        assert_eq!(status::INVALID, Error::Invalid.code());
    }

    /// Every core error has a class of its code's category.
    #[test]
    fn classes_follow_the_categories() {
        for err in [
            Error::TooLarge,
            Error::InvalidJson { offset: 0 },
            Error::TooManyValues,
            Error::FieldType { path: "x" },
            Error::FloatUnsupported { offset: 0 },
            Error::UnsignedElement { path: "x" },
            Error::MissingSignature,
            Error::SuspiciousSecret,
            Error::Invalid,
            Error::AmountSyntax,
            Error::UnknownCurrency,
        ] {
            let category = match classify(&err) {
                Class::InvalidInput => &[4, 3][..],
                Class::UnsignedElement => &[4],
                Class::Signature | Class::Secret | Class::Ambiguous => &[3],
                Class::Validation | Class::Amount => &[2],
                Class::Internal => &[1],
            };
            assert!(category.contains(&(err.code() / 100)), "{err:?}");
        }
    }
}
