//! `mnx_status`: the one result type of the C API. Its numbers, names and
//! messages are core's one table, [`monetix_gate::ERROR_CODES`]: a core
//! error converts through [`Error::code`], `mnx_status_str` gives the
//! table's message, and a unit test checks that every value here has its
//! entry there (same number, `MNX_STATUS_<NAME>` in the header) and every
//! entry its value here.
//!
//! Values are explicit, grouped by hundreds per category, and **never
//! renumbered**. A retired code stays here as a comment so it is never reused.
//!
//! Retired codes: none yet.

use core::ffi::c_char;
use core::ffi::CStr;

use monetix_gate::{Error, ERROR_CODES};

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
    /// A number is a fraction, an exponent or beyond 64 bits in a build of
    /// the core without its `float` feature: its signed line cannot be
    /// produced (the shipped library has the feature; firmware builds may not).
    FloatUnsupported = 411,
}

impl From<Error> for mnx_status {
    /// Core's own number for the error ([`Error::code`], the one table
    /// [`monetix_gate::ERROR_CODES`]); a number this enum lacks (a core
    /// newer than this C API) is [`mnx_status::Unknown`]. A unit test checks
    /// that the enum and the table hold the same numbers.
    fn from(e: Error) -> Self {
        mnx_status::from_code(e.code()).unwrap_or(mnx_status::Unknown)
    }
}

impl mnx_status {
    /// Every status, for `from_code` (which never makes an enum out of an
    /// integer it does not hold) and the tests.
    pub(crate) const ALL: [mnx_status; 35] = [
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
        mnx_status::FloatUnsupported,
    ];

    /// The status with this code, if there is one (never UB for unknown values).
    pub(crate) fn from_code(code: i32) -> Option<mnx_status> {
        mnx_status::ALL.iter().copied().find(|s| *s as i32 == code)
    }

    /// Static NUL-terminated message: the `message` of the status's entry
    /// in core's [`ERROR_CODES`] (`"unknown status"` if it has none).
    pub(crate) fn message(self) -> &'static CStr {
        message_of(self as i32).unwrap_or(c"unknown status")
    }
}

/// Bytes of every message of [`ERROR_CODES`], each with its NUL.
const MESSAGES_LEN: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < ERROR_CODES.len() {
        n += ERROR_CODES[i].message.len() + 1;
        i += 1;
    }
    n
};

/// The messages of [`ERROR_CODES`], in its order, each NUL-terminated: made
/// at compile time, so `mnx_status_str` returns core's text and no copy of
/// it is kept by hand.
static MESSAGES: [u8; MESSAGES_LEN] = {
    let mut out = [0u8; MESSAGES_LEN];
    let mut at = 0;
    let mut i = 0;
    while i < ERROR_CODES.len() {
        let m = ERROR_CODES[i].message.as_bytes();
        let mut j = 0;
        while j < m.len() {
            assert!(m[j] != 0, "a message of ERROR_CODES holds a NUL");
            out[at] = m[j];
            at += 1;
            j += 1;
        }
        at += 1; // the NUL
        i += 1;
    }
    out
};

/// Core's message for `code`, NUL-terminated, if the table has the code.
fn message_of(code: i32) -> Option<&'static CStr> {
    let mut at = 0usize;
    for e in ERROR_CODES {
        if e.code == code {
            return CStr::from_bytes_until_nul(MESSAGES.get(at..)?).ok();
        }
        at += e.message.len() + 1;
    }
    None
}

/// Static, NUL-terminated description of a status code. Accepts any integer:
/// codes this library does not define give `"unknown status"`. Never NULL;
/// the string must not be freed.
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_status_str(status: i32) -> *const c_char {
    crate::boundary::guard::<2, _>(|| match mnx_status::from_code(status) {
        Some(s) => s.message().as_ptr(),
        None => c"unknown status".as_ptr(),
    })
}

/// Whether `status` is a calling/ABI error (1xx): a bug in the caller's use
/// of the API (NULL pointer, bad flag, small buffer) or in the library (panic).
///
/// Stack (x86_64): 1 KiB.
#[no_mangle]
pub extern "C" fn mnx_status_is_calling_error(status: i32) -> bool {
    (100..200).contains(&status)
}

/// Whether `status` is a validation error (2xx): the request's content is wrong.
///
/// Stack (x86_64): 1 KiB.
#[no_mangle]
pub extern "C" fn mnx_status_is_validation(status: i32) -> bool {
    (200..300).contains(&status)
}

/// Whether `status` is a signature or secret error (3xx).
///
/// Stack (x86_64): 1 KiB.
#[no_mangle]
pub extern "C" fn mnx_status_is_signature(status: i32) -> bool {
    (300..400).contains(&status)
}

/// Whether `status` is a parse error of a JSON body (4xx).
///
/// Stack (x86_64): 1 KiB.
#[no_mangle]
pub extern "C" fn mnx_status_is_parse(status: i32) -> bool {
    (400..500).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_str(code: i32) -> &'static str {
        // SAFETY: mnx_status_str always returns a static NUL-terminated string.
        unsafe { CStr::from_ptr(mnx_status_str(code)) }
            .to_str()
            .unwrap()
    }

    /// The enum, the header and core's table are one table: the same numbers,
    /// `MNX_STATUS_<NAME>` in the header for each, `mnx_status_str` giving
    /// the table's message; nothing in one that the others lack.
    #[test]
    fn one_table_with_core() {
        let header = include_str!("../../include/monetix_gate.h");
        let enum_lines: std::vec::Vec<&str> = header
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("MNX_STATUS_") && l.contains(" = "))
            .collect();
        assert_eq!(enum_lines.len(), ERROR_CODES.len(), "{enum_lines:?}");
        for entry in ERROR_CODES {
            let s = mnx_status::from_code(entry.code)
                .unwrap_or_else(|| panic!("{} ({}) has no mnx_status", entry.name, entry.code));
            assert_eq!(s as i32, entry.code);
            let line = std::format!("MNX_STATUS_{} = {},", entry.name, entry.code);
            assert!(enum_lines.contains(&line.as_str()), "header lacks `{line}`");
            assert_eq!(status_str(entry.code), entry.message, "{}", entry.name);
            assert_eq!(s.message().to_str().unwrap(), entry.message);
        }
        for s in mnx_status::ALL {
            assert!(
                ERROR_CODES.iter().any(|e| e.code == s as i32),
                "{s:?} is not in core's ERROR_CODES"
            );
            let twins = mnx_status::ALL.iter().filter(|t| **t == s).count();
            assert_eq!(twins, 1, "{s:?} listed twice");
        }
    }

    #[test]
    fn every_core_error_converts_to_its_code() {
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
            Error::FloatUnsupported { offset: 0 },
        ];
        for e in all {
            let s = mnx_status::from(e);
            assert_ne!(s, mnx_status::Unknown, "{e:?} has no code");
            assert_eq!(s as i32, e.code(), "{e:?}");
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
            (mnx_status::FloatUnsupported, 411),
        ];
        assert_eq!(pinned.len(), mnx_status::ALL.len());
        for (s, code) in pinned {
            assert_eq!(s as i32, code);
            assert_eq!(mnx_status::from_code(code), Some(s));
        }
    }

    #[test]
    fn status_str_accepts_any_integer() {
        for code in [-1, i32::MIN, i32::MAX, 1, 99, 150, 299, 412, 1000] {
            assert_eq!(status_str(code), "unknown status");
        }
        assert_eq!(status_str(0), "ok");
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
