//! `mnx_status`: the one result type of the C API, and the one mapping from
//! core's [`monetix_gate::Error`] to it.
//!
//! Values are explicit, grouped by hundreds per category, and **never
//! renumbered**. A retired code stays here as a comment so it is never reused.
//!
//! Retired codes: none yet.

use core::ffi::c_char;
use core::ffi::CStr;

use monetix_gate::Error;

/// Result of every fallible function of the C API.
///
/// `0` is success. The hundreds give the category: 1xx calling/ABI errors,
/// 2xx validation, 3xx signature and verification, 4xx parsing of a body.
/// Functions that take a status as *input* take `int32_t` (any value is
/// safe there); see `mnx_status_str` and the `mnx_status_is_*` predicates.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(non_camel_case_types)]
pub enum mnx_status {
    /// Success.
    Ok = 0,

    // ---- 1xx: calling / ABI errors -----------------------------------------
    /// A required pointer argument is NULL (or a NULL buffer with a non-zero length).
    NullArgument = 100,
    /// The output buffer is too small; `*out_len` holds the exact size needed.
    BufferTooSmall = 101,
    /// A text argument (a request field, a bank name, an amount) is not
    /// valid UTF-8. Secrets and bodies are bytes and never give this.
    InvalidUtf8 = 102,
    /// The library panicked (a bug); the panic was caught at the boundary.
    /// Output buffers were zeroed where the function could tell.
    Panic = 103,
    /// An argument is out of range: unknown flag bits, an unknown enum
    /// value, a length above `PTRDIFF_MAX`, an output buffer that overlaps
    /// an input (or another output), an `mnx_options` whose `size` is too
    /// small, an `mnx_signer` whose content is corrupted.
    InvalidArgument = 104,
    /// The `mnx_signer` was never initialised with `mnx_signer_init`
    /// (or was wiped, or is being re-initialised or wiped by another thread).
    SignerUninitialized = 105,
    /// The library returned an error this version of the C API has no code
    /// for (cannot happen with a matching header and library).
    Unknown = 199,

    // ---- 2xx: validation ---------------------------------------------------
    /// The request failed validation; the first violating field is reported
    /// through `out_field`, and `mnx_*_validate` lists every violation.
    Invalid = 200,
    /// The amount text is not a decimal number.
    AmountSyntax = 201,
    /// The amount has a non-zero digit past the currency's minor unit (the
    /// library never rounds; extra zero decimals are fine).
    AmountTooManyDecimals = 202,
    /// A thousands separator in the amount is misplaced.
    AmountSeparator = 203,
    /// The amount is negative.
    AmountNegative = 204,
    /// The amount does not fit a signed 64-bit count of minor units.
    AmountOverflow = 205,
    /// The currency code is not one this library knows.
    UnknownCurrency = 206,
    /// The bank is not in the payment method's bank table (`mnx_bank_by_*`).
    UnknownBank = 207,

    // ---- 3xx: signature / verification -------------------------------------
    /// The signature does not match the body (opaque: whatever is wrong with it).
    SignatureMismatch = 300,
    /// The body carries no signature (neither `signature` nor `general.signature`).
    MissingSignature = 301,
    /// The signature member is not a JSON string.
    SignatureNotString = 302,
    /// The secret key is empty.
    EmptySecret = 303,
    /// The secret has leading/trailing whitespace or an invisible character
    /// (opt out with `MNX_SECRET_ALLOW_ANY`).
    SuspiciousSecret = 304,
    /// `general` is present but not an object, so no signature can go in it.
    GeneralNotObject = 305,
    /// The body holds ambiguous data (a key with `;` or `:`, a value with a
    /// `;` followed by a `:`, a number whose signed text does not determine
    /// it): its signed lines could be re-split into a different body with
    /// the same signature. Refused when signing and verifying unless the
    /// caller opted in (`MNX_ALLOW_AMBIGUOUS`); `mnx_ambiguity_explain` names
    /// the member.
    Ambiguous = 306,

    // ---- 4xx: parsing a JSON body ------------------------------------------
    /// The body is not well-formed JSON.
    MalformedJson = 400,
    /// The body is not valid UTF-8.
    InvalidUtf8Body = 401,
    /// A `\u` escape encodes a lone UTF-16 surrogate.
    LoneSurrogate = 402,
    /// The top level of the body is not a JSON object.
    NotAnObject = 403,
    /// An object has the same key twice.
    DuplicateKey = 404,
    /// A number is beyond the range of a 64-bit float.
    NumberOutOfRange = 405,
    /// Objects and arrays are nested deeper than the limit (16).
    TooDeep = 406,
    /// The body has more JSON values than the limit (512).
    TooManyValues = 407,
    /// The body is 4 GiB or larger.
    TooLarge = 408,
    /// A known field of a verified body has the wrong JSON type.
    FieldType = 409,
    /// An array element of a verified body carries no signed line (such as
    /// `{}` appended to `operations`): the signature does not cover it.
    UnsignedElement = 410,
}

impl From<Error> for mnx_status {
    /// The one mapping of core errors to C statuses. Core's `Error` is
    /// `#[non_exhaustive]`: a variant added later maps to
    /// [`mnx_status::Unknown`] until it gets its own code here.
    fn from(e: Error) -> Self {
        match e {
            Error::BufferTooSmall { .. } => mnx_status::BufferTooSmall,
            Error::TooLarge => mnx_status::TooLarge,
            Error::InvalidJson { .. } => mnx_status::MalformedJson,
            Error::InvalidUtf8 { .. } => mnx_status::InvalidUtf8Body,
            Error::LoneSurrogate { .. } => mnx_status::LoneSurrogate,
            Error::NotAnObject => mnx_status::NotAnObject,
            Error::DuplicateKey { .. } => mnx_status::DuplicateKey,
            Error::NumberOutOfRange { .. } => mnx_status::NumberOutOfRange,
            Error::TooDeep { .. } => mnx_status::TooDeep,
            Error::TooManyValues => mnx_status::TooManyValues,
            Error::GeneralNotObject => mnx_status::GeneralNotObject,
            Error::MissingSignature => mnx_status::MissingSignature,
            Error::SignatureNotString => mnx_status::SignatureNotString,
            Error::SignatureMismatch => mnx_status::SignatureMismatch,
            Error::Ambiguous { .. } => mnx_status::Ambiguous,
            Error::EmptySecret => mnx_status::EmptySecret,
            Error::SuspiciousSecret => mnx_status::SuspiciousSecret,
            Error::Invalid => mnx_status::Invalid,
            Error::AmountSyntax => mnx_status::AmountSyntax,
            Error::AmountTooManyDecimals => mnx_status::AmountTooManyDecimals,
            Error::AmountSeparator => mnx_status::AmountSeparator,
            Error::AmountNegative => mnx_status::AmountNegative,
            Error::AmountOverflow => mnx_status::AmountOverflow,
            Error::UnknownCurrency => mnx_status::UnknownCurrency,
            Error::FieldType { .. } => mnx_status::FieldType,
            Error::UnsignedElement { .. } => mnx_status::UnsignedElement,
            _ => mnx_status::Unknown,
        }
    }
}

impl mnx_status {
    /// Every status, for the tests and for `from_code`.
    pub(crate) const ALL: [mnx_status; 34] = [
        mnx_status::Ok,
        mnx_status::NullArgument,
        mnx_status::BufferTooSmall,
        mnx_status::InvalidUtf8,
        mnx_status::Panic,
        mnx_status::InvalidArgument,
        mnx_status::SignerUninitialized,
        mnx_status::Unknown,
        mnx_status::Invalid,
        mnx_status::AmountSyntax,
        mnx_status::AmountTooManyDecimals,
        mnx_status::AmountSeparator,
        mnx_status::AmountNegative,
        mnx_status::AmountOverflow,
        mnx_status::UnknownCurrency,
        mnx_status::UnknownBank,
        mnx_status::SignatureMismatch,
        mnx_status::MissingSignature,
        mnx_status::SignatureNotString,
        mnx_status::EmptySecret,
        mnx_status::SuspiciousSecret,
        mnx_status::GeneralNotObject,
        mnx_status::Ambiguous,
        mnx_status::MalformedJson,
        mnx_status::InvalidUtf8Body,
        mnx_status::LoneSurrogate,
        mnx_status::NotAnObject,
        mnx_status::DuplicateKey,
        mnx_status::NumberOutOfRange,
        mnx_status::TooDeep,
        mnx_status::TooManyValues,
        mnx_status::TooLarge,
        mnx_status::FieldType,
        mnx_status::UnsignedElement,
    ];

    /// The status with this code, if there is one (never UB for unknown values).
    pub(crate) fn from_code(code: i32) -> Option<mnx_status> {
        mnx_status::ALL.iter().copied().find(|s| *s as i32 == code)
    }

    /// Static NUL-terminated message. Where core has a message for the same
    /// kind, it is the same text (checked by a unit test).
    pub(crate) const fn message(self) -> &'static CStr {
        match self {
            mnx_status::Ok => c"ok",
            mnx_status::NullArgument => c"a required pointer argument is NULL",
            mnx_status::BufferTooSmall => c"output buffer too small",
            mnx_status::InvalidUtf8 => c"a text argument is not valid UTF-8",
            mnx_status::Panic => c"internal error: the library panicked (please report)",
            mnx_status::InvalidArgument => c"an argument is out of range",
            mnx_status::SignerUninitialized => c"signer not initialised (call mnx_signer_init)",
            mnx_status::Unknown => c"library error without a C status code",
            mnx_status::Invalid => c"request failed validation",
            mnx_status::AmountSyntax => c"amount is not a decimal number",
            mnx_status::AmountTooManyDecimals => {
                c"amount has more decimals than the currency allows"
            }
            mnx_status::AmountSeparator => c"misplaced thousands separator in amount",
            mnx_status::AmountNegative => c"amount is negative",
            mnx_status::AmountOverflow => c"amount does not fit 64 bits of minor units",
            mnx_status::UnknownCurrency => c"unknown currency",
            mnx_status::UnknownBank => c"not in this payment method's bank table",
            mnx_status::SignatureMismatch => c"signature mismatch",
            mnx_status::MissingSignature => c"no signature in the body",
            mnx_status::SignatureNotString => c"signature is not a string",
            mnx_status::EmptySecret => c"secret key is empty",
            mnx_status::SuspiciousSecret => {
                c"secret key has leading/trailing whitespace or invisible characters"
            }
            mnx_status::GeneralNotObject => c"`general` is not an object",
            mnx_status::MalformedJson => c"malformed JSON",
            mnx_status::InvalidUtf8Body => c"invalid UTF-8",
            mnx_status::LoneSurrogate => c"lone UTF-16 surrogate in a \\u escape",
            mnx_status::NotAnObject => c"top level of the body is not a JSON object",
            mnx_status::DuplicateKey => c"duplicate key in one object",
            mnx_status::NumberOutOfRange => c"number beyond the range of a 64-bit float",
            mnx_status::TooDeep => c"nesting deeper than the limit",
            mnx_status::TooManyValues => c"more JSON values than the limit",
            mnx_status::TooLarge => c"body too large (4 GiB or more)",
            mnx_status::FieldType => c"field has the wrong JSON type",
            mnx_status::Ambiguous => c"ambiguous signed data",
            mnx_status::UnsignedElement => c"array element carries no signed data",
        }
    }
}

/// Static, NUL-terminated description of a status code. Accepts any integer:
/// codes this library does not define give `"unknown status"`. Never NULL;
/// the string must not be freed.
#[no_mangle]
pub extern "C" fn mnx_status_str(status: i32) -> *const c_char {
    crate::boundary::guard(|| match mnx_status::from_code(status) {
        Some(s) => s.message().as_ptr(),
        None => c"unknown status".as_ptr(),
    })
}

/// Whether `status` is a calling/ABI error (1xx): a bug in the caller's use
/// of the API (NULL pointer, bad flag, small buffer) or in the library (panic).
#[no_mangle]
pub extern "C" fn mnx_status_is_calling_error(status: i32) -> bool {
    (100..200).contains(&status)
}

/// Whether `status` is a validation error (2xx): the request's content is wrong.
#[no_mangle]
pub extern "C" fn mnx_status_is_validation(status: i32) -> bool {
    (200..300).contains(&status)
}

/// Whether `status` is a signature or secret error (3xx).
#[no_mangle]
pub extern "C" fn mnx_status_is_signature(status: i32) -> bool {
    (300..400).contains(&status)
}

/// Whether `status` is a parse error of a JSON body (4xx).
#[no_mangle]
pub extern "C" fn mnx_status_is_parse(status: i32) -> bool {
    (400..500).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_error_has_its_own_code() {
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
            Error::FieldType { path: "x" },
            Error::Ambiguous {
                offset: 0,
                reason: monetix_gate::ambiguity::Ambiguity::Separator,
            },
            Error::UnsignedElement { path: "x[]" },
        ];
        let mut seen = std::vec::Vec::new();
        for e in all {
            let s = mnx_status::from(e);
            assert_ne!(s, mnx_status::Unknown, "{e:?} has no code");
            assert!(!seen.contains(&s), "{e:?} shares a code");
            seen.push(s);
            // Same message as core for the same kind.
            assert_eq!(s.message().to_str().unwrap(), e.as_str(), "{e:?}");
        }
    }

    #[test]
    fn codes_are_stable() {
        // Never renumber: these values are part of the ABI.
        let pinned = [
            (mnx_status::Ok, 0),
            (mnx_status::NullArgument, 100),
            (mnx_status::BufferTooSmall, 101),
            (mnx_status::InvalidUtf8, 102),
            (mnx_status::Panic, 103),
            (mnx_status::InvalidArgument, 104),
            (mnx_status::SignerUninitialized, 105),
            (mnx_status::Unknown, 199),
            (mnx_status::Invalid, 200),
            (mnx_status::AmountSyntax, 201),
            (mnx_status::AmountTooManyDecimals, 202),
            (mnx_status::AmountSeparator, 203),
            (mnx_status::AmountNegative, 204),
            (mnx_status::AmountOverflow, 205),
            (mnx_status::UnknownCurrency, 206),
            (mnx_status::UnknownBank, 207),
            (mnx_status::SignatureMismatch, 300),
            (mnx_status::MissingSignature, 301),
            (mnx_status::SignatureNotString, 302),
            (mnx_status::EmptySecret, 303),
            (mnx_status::SuspiciousSecret, 304),
            (mnx_status::GeneralNotObject, 305),
            (mnx_status::Ambiguous, 306),
            (mnx_status::MalformedJson, 400),
            (mnx_status::InvalidUtf8Body, 401),
            (mnx_status::LoneSurrogate, 402),
            (mnx_status::NotAnObject, 403),
            (mnx_status::DuplicateKey, 404),
            (mnx_status::NumberOutOfRange, 405),
            (mnx_status::TooDeep, 406),
            (mnx_status::TooManyValues, 407),
            (mnx_status::TooLarge, 408),
            (mnx_status::FieldType, 409),
            (mnx_status::UnsignedElement, 410),
        ];
        for (s, code) in pinned {
            assert_eq!(s as i32, code);
            assert_eq!(mnx_status::from_code(code), Some(s));
        }
    }

    #[test]
    fn status_str_accepts_any_integer() {
        for code in [-1, i32::MIN, i32::MAX, 1, 99, 150, 299, 1000] {
            // SAFETY: mnx_status_str always returns a static NUL-terminated string.
            let s = unsafe { CStr::from_ptr(mnx_status_str(code)) };
            assert_eq!(s.to_str().unwrap(), "unknown status");
        }
        // SAFETY: as above.
        let ok = unsafe { CStr::from_ptr(mnx_status_str(0)) };
        assert_eq!(ok.to_str().unwrap(), "ok");
    }

    #[test]
    fn categories() {
        for s in mnx_status::ALL {
            let c = s as i32;
            let n = [
                mnx_status_is_calling_error(c),
                mnx_status_is_validation(c),
                mnx_status_is_signature(c),
                mnx_status_is_parse(c),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            assert_eq!(n, usize::from(s != mnx_status::Ok), "{s:?}");
        }
    }
}
