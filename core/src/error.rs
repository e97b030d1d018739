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

    // ---- JSON input (spec section 4) ---------------------------------------
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

    // ---- signing and verification (spec section 2) --------------------------
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
            | Error::Ambiguous { offset, .. } => Some(offset),
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
