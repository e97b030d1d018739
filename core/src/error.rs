//! The one error type of the crate.
//!
//! Every variant is a *kind* of failure, not a call site. Errors are small,
//! `Copy`, and carry at most a byte offset or a needed size, so they cost
//! nothing to return on a terminal without a heap. [`Error::as_str`] gives a
//! static message; `Display` prints it (plus the offset where there is one).

use core::fmt;

use crate::ambiguity::Ambiguity;

/// Everything that can go wrong in this crate.
///
/// A wrong signature, whatever is wrong with it (empty, not base64, wrong
/// length, wrong value), is always the one opaque [`Error::SignatureMismatch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    // ---- buffers and sizes -------------------------------------------------
    /// The output buffer is too small; `needed` is the exact size required.
    /// Nothing was left in the buffer.
    BufferTooSmall {
        /// Bytes the output needs.
        needed: usize,
    },
    /// The body is larger than the engine can address (4 GiB - 1 bytes).
    TooLarge,

    // ---- JSON input (`docs/signature.md` section 4) ---------------------------------------
    /// The body is not well-formed JSON; `offset` is the byte where parsing stopped.
    InvalidJson {
        /// Byte offset of the first offending byte.
        offset: usize,
    },
    /// The body is not valid UTF-8.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A `\u` escape encodes a lone or mismatched UTF-16 surrogate.
    LoneSurrogate {
        /// Byte offset of the escape.
        offset: usize,
    },
    /// The top level of the body is not a JSON object.
    NotAnObject,
    /// One object has the same key twice (after decoding escapes).
    DuplicateKey {
        /// Byte offset of the second occurrence of the key.
        offset: usize,
    },
    /// A number is beyond the range of a 64-bit float.
    NumberOutOfRange {
        /// Byte offset of the number.
        offset: usize,
    },
    /// Objects and arrays are nested deeper than the chosen limit.
    TooDeep {
        /// Byte offset of the container that went past the limit.
        offset: usize,
    },
    /// The body has more values (object members and array elements) than the
    /// chosen limit.
    TooManyValues,

    // ---- signing and verification (`docs/signature.md` section 2) --------------------------
    /// `general` is present but is not an object, so a signature cannot be put in it.
    GeneralNotObject,
    /// The body carries no signature (neither top-level `signature` nor `general.signature`).
    MissingSignature,
    /// The signature member is not a JSON string.
    SignatureNotString,
    /// The signature does not match the body (opaque by design).
    SignatureMismatch,
    /// The body holds ambiguous data: text or numbers whose canonical lines
    /// could be re-split into a different body with the same signature.
    /// Refused before any MAC is computed or compared, unless the caller opted
    /// in ([`crate::AmbiguousData::Allow`]). `offset` is the byte where the
    /// first offending member starts (its key, or the value of an array
    /// element); [`crate::ambiguity::explain`] names its dotted path.
    Ambiguous {
        /// Byte offset of the first offending member.
        offset: usize,
        /// What is ambiguous about it.
        reason: Ambiguity,
    },
    /// The secret key is empty.
    EmptySecret,
    /// The secret key starts or ends with whitespace, or contains an invisible
    /// character (soft hyphen, zero-width space, byte-order mark, ...): almost
    /// always a copy-paste accident. Callers can opt out.
    SuspiciousSecret,

    // ---- request building (payout, status) ---------------------------------
    /// The request failed validation; the validation report lists every violation.
    Invalid,

    // ---- money -------------------------------------------------------------
    /// The amount text is not a decimal number.
    AmountSyntax,
    /// The amount has more decimal places than the currency's minor unit.
    AmountTooManyDecimals,
    /// A thousands separator is misplaced (commas only between groups of three digits).
    AmountSeparator,
    /// The amount is negative.
    AmountNegative,
    /// The amount does not fit a signed 64-bit count of minor units.
    AmountOverflow,
    /// The currency code is not one this library knows.
    UnknownCurrency,

    // ---- callbacks and responses -------------------------------------------
    /// A verified body has a known field of the wrong JSON type (an integer
    /// outside the signed 64-bit range counts as the wrong type).
    FieldType {
        /// Dotted path of the field, e.g. `operation.id`.
        path: &'static str,
    },
    /// A number with a fraction or an exponent, or an integer beyond 64 bits,
    /// in a build without the `float` feature: its line cannot be produced.
    FloatUnsupported {
        /// Byte offset of the member holding the number.
        offset: usize,
    },
    /// A verified body has an array element that makes no signed line (such
    /// as `{}` in `operations`): the signature does not cover it, so a
    /// forger could have added it.
    UnsignedElement {
        /// Dotted path of the array's elements, e.g. `operations[]`.
        path: &'static str,
    },
}

impl Error {
    /// A static, human-readable description of the error kind.
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            Error::BufferTooSmall { .. } => "output buffer too small",
            Error::TooLarge => "body too large (4 GiB or more)",
            Error::InvalidJson { .. } => "malformed JSON",
            Error::InvalidUtf8 { .. } => "invalid UTF-8",
            Error::LoneSurrogate { .. } => "lone UTF-16 surrogate in a \\u escape",
            Error::NotAnObject => "top level of the body is not a JSON object",
            Error::DuplicateKey { .. } => "duplicate key in one object",
            Error::NumberOutOfRange { .. } => "number beyond the range of a 64-bit float",
            Error::TooDeep { .. } => "nesting deeper than the limit",
            Error::TooManyValues => "more JSON values than the limit",
            Error::GeneralNotObject => "`general` is not an object",
            Error::MissingSignature => "no signature in the body",
            Error::SignatureNotString => "signature is not a string",
            Error::SignatureMismatch => "signature mismatch",
            Error::Ambiguous { .. } => "ambiguous signed data",
            Error::EmptySecret => "secret key is empty",
            Error::SuspiciousSecret => {
                "secret key has leading/trailing whitespace or invisible characters"
            }
            Error::Invalid => "request failed validation",
            Error::AmountSyntax => "amount is not a decimal number",
            Error::AmountTooManyDecimals => "amount has more decimals than the currency allows",
            Error::AmountSeparator => "misplaced thousands separator in amount",
            Error::AmountNegative => "amount is negative",
            Error::AmountOverflow => "amount does not fit 64 bits of minor units",
            Error::UnknownCurrency => "unknown currency",
            Error::FieldType { .. } => "field has the wrong JSON type",
            Error::UnsignedElement { .. } => "array element carries no signed data",
            Error::FloatUnsupported { .. } => {
                "number with a fraction, an exponent or beyond 64 bits (this build has no `float` feature)"
            }
        }
    }

    /// The byte offset in the input that the error points at, if it has one.
    #[must_use]
    pub const fn offset(&self) -> Option<usize> {
        match *self {
            Error::InvalidJson { offset }
            | Error::InvalidUtf8 { offset }
            | Error::LoneSurrogate { offset }
            | Error::DuplicateKey { offset }
            | Error::NumberOutOfRange { offset }
            | Error::TooDeep { offset }
            | Error::Ambiguous { offset, .. }
            | Error::FloatUnsupported { offset } => Some(offset),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        match *self {
            Error::BufferTooSmall { needed } => write!(f, " ({needed} bytes needed)"),
            Error::FieldType { path } | Error::UnsignedElement { path } => {
                write!(f, " ({path})")
            }
            Error::Ambiguous { offset, reason } => write!(f, " at byte {offset}: {reason}"),
            _ => match self.offset() {
                Some(offset) => write!(f, " at byte {offset}"),
                None => Ok(()),
            },
        }
    }
}

impl core::error::Error for Error {}

/// One stable status number shared by every interface: the C library's
/// `mnx_status` (`MNX_STATUS_<name>`), the Python exceptions' `code`, the
/// CLI's JSON error output. Numbers are grouped by hundreds (1xx calling
/// errors, 2xx validation, 3xx signature and verification, 4xx parsing) and
/// are never renumbered or reused; retired ones stay listed as comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The number (`0` is success).
    pub code: i32,
    /// The name in upper snake case (`SIGNATURE_MISMATCH`).
    pub name: &'static str,
    /// What it means, in words (for a core [`Error`], its [`Error::as_str`]).
    pub message: &'static str,
}

const fn ec(code: i32, name: &'static str, message: &'static str) -> ErrorCode {
    ErrorCode {
        code,
        name,
        message,
    }
}

/// Every status number, in order: the one table the C enum and the Python
/// exception codes are checked against. The 1xx entries (and `UNKNOWN_BANK`)
/// belong to the interfaces (a NULL pointer, a panic caught at the C
/// boundary, ...), not to a core [`Error`]; every core [`Error`] has exactly
/// one entry ([`Error::code`]).
///
/// Retired numbers: none yet.
pub const ERROR_CODES: &[ErrorCode] = &[
    ec(0, "OK", "ok"),
    // 1xx: calling / ABI errors
    ec(100, "NULL_ARGUMENT", "a required pointer argument is NULL"),
    ec(101, "BUFFER_TOO_SMALL", "output buffer too small"),
    ec(102, "INVALID_UTF8", "a text argument is not valid UTF-8"),
    ec(
        103,
        "PANIC",
        "internal error: the library panicked (please report)",
    ),
    ec(104, "INVALID_ARGUMENT", "an argument is out of range"),
    ec(
        105,
        "SIGNER_UNINITIALIZED",
        "signer not initialised (call mnx_signer_init)",
    ),
    ec(199, "UNKNOWN", "library error without a C status code"),
    // 2xx: validation
    ec(200, "INVALID", "request failed validation"),
    ec(201, "AMOUNT_SYNTAX", "amount is not a decimal number"),
    ec(
        202,
        "AMOUNT_TOO_MANY_DECIMALS",
        "amount has more decimals than the currency allows",
    ),
    ec(
        203,
        "AMOUNT_SEPARATOR",
        "misplaced thousands separator in amount",
    ),
    ec(204, "AMOUNT_NEGATIVE", "amount is negative"),
    ec(
        205,
        "AMOUNT_OVERFLOW",
        "amount does not fit 64 bits of minor units",
    ),
    ec(206, "UNKNOWN_CURRENCY", "unknown currency"),
    ec(
        207,
        "UNKNOWN_BANK",
        "not in this payment method's bank table",
    ),
    // 3xx: signature / verification
    ec(300, "SIGNATURE_MISMATCH", "signature mismatch"),
    ec(301, "MISSING_SIGNATURE", "no signature in the body"),
    ec(302, "SIGNATURE_NOT_STRING", "signature is not a string"),
    ec(303, "EMPTY_SECRET", "secret key is empty"),
    ec(
        304,
        "SUSPICIOUS_SECRET",
        "secret key has leading/trailing whitespace or invisible characters",
    ),
    ec(305, "GENERAL_NOT_OBJECT", "`general` is not an object"),
    ec(306, "AMBIGUOUS", "ambiguous signed data"),
    // 4xx: parsing a JSON body
    ec(400, "MALFORMED_JSON", "malformed JSON"),
    ec(401, "INVALID_UTF8_BODY", "invalid UTF-8"),
    ec(
        402,
        "LONE_SURROGATE",
        "lone UTF-16 surrogate in a \\u escape",
    ),
    ec(
        403,
        "NOT_AN_OBJECT",
        "top level of the body is not a JSON object",
    ),
    ec(404, "DUPLICATE_KEY", "duplicate key in one object"),
    ec(
        405,
        "NUMBER_OUT_OF_RANGE",
        "number beyond the range of a 64-bit float",
    ),
    ec(406, "TOO_DEEP", "nesting deeper than the limit"),
    ec(407, "TOO_MANY_VALUES", "more JSON values than the limit"),
    ec(408, "TOO_LARGE", "body too large (4 GiB or more)"),
    ec(409, "FIELD_TYPE", "field has the wrong JSON type"),
    ec(
        410,
        "UNSIGNED_ELEMENT",
        "array element carries no signed data",
    ),
    ec(
        411,
        "FLOAT_UNSUPPORTED",
        "number with a fraction, an exponent or beyond 64 bits (this build has no `float` feature)",
    ),
];

impl Error {
    /// The stable status number of this error (see [`ERROR_CODES`]); the same
    /// number as the C `mnx_status` and the Python exception's `code`.
    #[must_use]
    pub const fn code(&self) -> i32 {
        match self {
            Error::BufferTooSmall { .. } => 101,
            Error::Invalid => 200,
            Error::AmountSyntax => 201,
            Error::AmountTooManyDecimals => 202,
            Error::AmountSeparator => 203,
            Error::AmountNegative => 204,
            Error::AmountOverflow => 205,
            Error::UnknownCurrency => 206,
            Error::SignatureMismatch => 300,
            Error::MissingSignature => 301,
            Error::SignatureNotString => 302,
            Error::EmptySecret => 303,
            Error::SuspiciousSecret => 304,
            Error::GeneralNotObject => 305,
            Error::Ambiguous { .. } => 306,
            Error::InvalidJson { .. } => 400,
            Error::InvalidUtf8 { .. } => 401,
            Error::LoneSurrogate { .. } => 402,
            Error::NotAnObject => 403,
            Error::DuplicateKey { .. } => 404,
            Error::NumberOutOfRange { .. } => 405,
            Error::TooDeep { .. } => 406,
            Error::TooManyValues => 407,
            Error::TooLarge => 408,
            Error::FieldType { .. } => 409,
            Error::UnsignedElement { .. } => 410,
            Error::FloatUnsupported { .. } => 411,
        }
    }

    /// The [`ERROR_CODES`] entry of this error.
    #[must_use]
    pub fn error_code(&self) -> ErrorCode {
        let code = self.code();
        ERROR_CODES
            .iter()
            .copied()
            .find(|e| e.code == code)
            .unwrap_or(ErrorCode {
                code,
                name: "UNKNOWN",
                message: "unknown status",
            })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    /// One sample of every variant (the match in `code` keeps this honest:
    /// a new variant fails to compile there until it has a number).
    const ALL: &[Error] = &[
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
        Error::Ambiguous {
            offset: 0,
            reason: crate::ambiguity::Ambiguity::Key,
        },
        Error::EmptySecret,
        Error::SuspiciousSecret,
        Error::Invalid,
        Error::AmountSyntax,
        Error::AmountTooManyDecimals,
        Error::AmountSeparator,
        Error::AmountNegative,
        Error::AmountOverflow,
        Error::UnknownCurrency,
        Error::FieldType { path: "x" },
        Error::UnsignedElement { path: "x" },
        Error::FloatUnsupported { offset: 0 },
    ];

    #[test]
    fn every_error_has_its_own_entry_with_its_message() {
        for (i, e) in ALL.iter().enumerate() {
            let entry = e.error_code();
            assert_ne!(entry.name, "UNKNOWN", "{e:?}");
            assert_eq!(entry.message, e.as_str(), "{e:?}");
            for other in &ALL[..i] {
                assert_ne!(other.code(), e.code(), "{e:?} and {other:?}");
            }
        }
    }

    #[test]
    fn the_table_is_sorted_and_unique() {
        for w in ERROR_CODES.windows(2) {
            assert!(w[0].code < w[1].code, "{:?} {:?}", w[0], w[1]);
        }
    }
}
