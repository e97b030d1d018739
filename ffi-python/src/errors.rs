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

use monetix_gate::Error;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::PyErr;

pyo3::import_exception!(monetix_gate.errors, InvalidInputError);
pyo3::import_exception!(monetix_gate.errors, BodyTypeError);
pyo3::import_exception!(monetix_gate.errors, SignatureError);
pyo3::import_exception!(monetix_gate.errors, SecretError);
pyo3::import_exception!(monetix_gate.errors, ValidationError);
pyo3::import_exception!(monetix_gate.errors, AmountError);
pyo3::import_exception!(monetix_gate.errors, InternalError);

/// The C library's `mnx_status` numbers (`MNX_STATUS_<NAME>`), for the codes
/// the binding raises. Never renumber.
pub(crate) mod status {
    /// `MNX_STATUS_BUFFER_TOO_SMALL`
    pub const BUFFER_TOO_SMALL: i32 = 101;
    /// `MNX_STATUS_INVALID_UTF8`: a text argument has no UTF-8 form.
    pub const INVALID_UTF8: i32 = 102;
    /// `MNX_STATUS_INVALID_ARGUMENT`: here, a request mapping value that
    /// does not convert to JSON.
    pub const INVALID_ARGUMENT: i32 = 104;
    /// `MNX_STATUS_UNKNOWN`: an engine error this binding has no code for.
    pub const UNKNOWN: i32 = 199;
    /// `MNX_STATUS_INVALID`
    pub const INVALID: i32 = 200;
    /// `MNX_STATUS_AMOUNT_SYNTAX`
    pub const AMOUNT_SYNTAX: i32 = 201;
    /// `MNX_STATUS_AMOUNT_TOO_MANY_DECIMALS`
    pub const AMOUNT_TOO_MANY_DECIMALS: i32 = 202;
    /// `MNX_STATUS_AMOUNT_SEPARATOR`
    pub const AMOUNT_SEPARATOR: i32 = 203;
    /// `MNX_STATUS_AMOUNT_NEGATIVE`
    pub const AMOUNT_NEGATIVE: i32 = 204;
    /// `MNX_STATUS_AMOUNT_OVERFLOW`
    pub const AMOUNT_OVERFLOW: i32 = 205;
    /// `MNX_STATUS_UNKNOWN_CURRENCY`
    pub const UNKNOWN_CURRENCY: i32 = 206;
    /// `MNX_STATUS_SIGNATURE_MISMATCH`
    pub const SIGNATURE_MISMATCH: i32 = 300;
    /// `MNX_STATUS_MISSING_SIGNATURE`
    pub const MISSING_SIGNATURE: i32 = 301;
    /// `MNX_STATUS_SIGNATURE_NOT_STRING`
    pub const SIGNATURE_NOT_STRING: i32 = 302;
    /// `MNX_STATUS_EMPTY_SECRET`
    pub const EMPTY_SECRET: i32 = 303;
    /// `MNX_STATUS_SUSPICIOUS_SECRET`
    pub const SUSPICIOUS_SECRET: i32 = 304;
    /// `MNX_STATUS_GENERAL_NOT_OBJECT`
    pub const GENERAL_NOT_OBJECT: i32 = 305;
    /// `MNX_STATUS_MALFORMED_JSON`
    pub const MALFORMED_JSON: i32 = 400;
    /// `MNX_STATUS_INVALID_UTF8_BODY`
    pub const INVALID_UTF8_BODY: i32 = 401;
    /// `MNX_STATUS_LONE_SURROGATE`
    pub const LONE_SURROGATE: i32 = 402;
    /// `MNX_STATUS_NOT_AN_OBJECT`
    pub const NOT_AN_OBJECT: i32 = 403;
    /// `MNX_STATUS_DUPLICATE_KEY`
    pub const DUPLICATE_KEY: i32 = 404;
    /// `MNX_STATUS_NUMBER_OUT_OF_RANGE`
    pub const NUMBER_OUT_OF_RANGE: i32 = 405;
    /// `MNX_STATUS_TOO_DEEP`
    pub const TOO_DEEP: i32 = 406;
    /// `MNX_STATUS_TOO_MANY_VALUES`
    pub const TOO_MANY_VALUES: i32 = 407;
    /// `MNX_STATUS_TOO_LARGE`
    pub const TOO_LARGE: i32 = 408;
    /// `MNX_STATUS_FIELD_TYPE`
    pub const FIELD_TYPE: i32 = 409;
}

/// Which Python exception an engine error becomes, and its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    InvalidInput,
    Signature,
    Secret,
    Validation,
    Amount,
    Internal,
}

/// The exception class and `mnx_status` code of an engine error.
pub(crate) fn classify(err: &Error) -> (Class, i32) {
    use status as s;
    match err {
        Error::BufferTooSmall { .. } => (Class::Internal, s::BUFFER_TOO_SMALL),
        Error::TooLarge => (Class::InvalidInput, s::TOO_LARGE),
        Error::InvalidJson { .. } => (Class::InvalidInput, s::MALFORMED_JSON),
        Error::InvalidUtf8 { .. } => (Class::InvalidInput, s::INVALID_UTF8_BODY),
        Error::LoneSurrogate { .. } => (Class::InvalidInput, s::LONE_SURROGATE),
        Error::NotAnObject => (Class::InvalidInput, s::NOT_AN_OBJECT),
        Error::DuplicateKey { .. } => (Class::InvalidInput, s::DUPLICATE_KEY),
        Error::NumberOutOfRange { .. } => (Class::InvalidInput, s::NUMBER_OUT_OF_RANGE),
        Error::TooDeep { .. } => (Class::InvalidInput, s::TOO_DEEP),
        Error::TooManyValues => (Class::InvalidInput, s::TOO_MANY_VALUES),
        Error::GeneralNotObject => (Class::InvalidInput, s::GENERAL_NOT_OBJECT),
        Error::FieldType { .. } => (Class::InvalidInput, s::FIELD_TYPE),
        Error::MissingSignature => (Class::Signature, s::MISSING_SIGNATURE),
        Error::SignatureNotString => (Class::Signature, s::SIGNATURE_NOT_STRING),
        Error::SignatureMismatch => (Class::Signature, s::SIGNATURE_MISMATCH),
        Error::EmptySecret => (Class::Secret, s::EMPTY_SECRET),
        Error::SuspiciousSecret => (Class::Secret, s::SUSPICIOUS_SECRET),
        Error::Invalid => (Class::Validation, s::INVALID),
        Error::AmountSyntax => (Class::Amount, s::AMOUNT_SYNTAX),
        Error::AmountTooManyDecimals => (Class::Amount, s::AMOUNT_TOO_MANY_DECIMALS),
        Error::AmountSeparator => (Class::Amount, s::AMOUNT_SEPARATOR),
        Error::AmountNegative => (Class::Amount, s::AMOUNT_NEGATIVE),
        Error::AmountOverflow => (Class::Amount, s::AMOUNT_OVERFLOW),
        Error::UnknownCurrency => (Class::Amount, s::UNKNOWN_CURRENCY),
        // `Error` is non-exhaustive: a variant added to the engine after this
        // binding was written is reported, never swallowed.
        _ => (Class::Internal, s::UNKNOWN),
    }
}

/// Everything that can fail in the binding.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An engine error.
    Core(Error),
    /// A request failed validation: every `(path, reason)`.
    Validation(Vec<(String, String)>),
    /// A value in a request mapping that does not convert to JSON.
    BodyType {
        /// Dotted path of the value (`payment.amount`, `items.0`).
        path: String,
        /// What is wrong, e.g. `float values are not allowed`.
        what: String,
    },
    /// A `str` body with a lone surrogate (it has no UTF-8 form).
    BodyNotUnicode,
    /// A `str` secret with a lone surrogate (it has no UTF-8 form).
    SecretNotUnicode,
    /// An argument of the wrong Python type (`TypeError`, like any other).
    ArgumentType(String),
    /// An argument outside its documented values (`ValueError`), e.g. an
    /// unknown payout method name.
    ArgumentValue(String),
    /// An exception raised by Python code the binding called (a user
    /// mapping's `items()`, `str()` of an `int` subclass, ...): passed on.
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
            Failure::BodyType { path, what } => Failure::BodyType {
                path: if path.is_empty() {
                    segment.to_owned()
                } else {
                    format!("{segment}.{path}")
                },
                what,
            },
            other => other,
        }
    }
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
            Failure::Validation(errors) => {
                PyErr::new::<ValidationError, _>((Error::Invalid.as_str(), status::INVALID, errors))
            }
            Failure::BodyType { path, what } => {
                let message = if path.is_empty() {
                    what
                } else {
                    format!("{what} (at {path})")
                };
                PyErr::new::<BodyTypeError, _>((message, status::INVALID_ARGUMENT, path))
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
            Failure::ArgumentType(message) => PyTypeError::new_err(message),
            Failure::ArgumentValue(message) => PyValueError::new_err(message),
            Failure::Python(err) => err,
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
        ];
        let mut seen = Vec::new();
        for err in all {
            let (class, code) = classify(&err);
            assert_ne!(code, status::UNKNOWN, "{err:?} has no code");
            assert!(!seen.contains(&code), "{err:?} shares code {code}");
            seen.push(code);
            let category = match class {
                Class::InvalidInput => &[4, 3][..],
                Class::Signature | Class::Secret => &[3],
                Class::Validation | Class::Amount => &[2],
                Class::Internal => &[1],
            };
            assert!(
                category.contains(&(code / 100)),
                "{err:?}: {class:?} with {code}"
            );
        }
    }
}
