//! Ambiguous signed data: what it is, and the opt-in that accepts it.
//!
//! The platform's canonical string joins `path:value` lines with `;` and path
//! segments with `:`, and escapes neither. So a canonical string can be read
//! back as more than one body: a value `x;operation:status:success` *is* two
//! lines, and a forger who holds one genuine signature can re-split its string
//! into another body that verifies. This library therefore refuses to sign or
//! to verify data that could be re-split ([`crate::Error::Ambiguous`]), unless
//! the caller opts in with [`AmbiguousData::Allow`]. `docs/signature.md` in
//! the repository explains the rules and why both sides check.
//!
//! Data is **ambiguous** when, after JSON escapes are decoded:
//! 1. a key is empty or contains `;` or `:` ([`Ambiguity::Key`]);
//! 2. a string value has a `;` followed, later in the same value, by a `:`
//!    ([`Ambiguity::Separator`]);
//! 3. a number's canonical text does not determine its value: an integer
//!    outside the signed 64-bit range ([`Ambiguity::IntegerRange`]), a number
//!    with a fraction or an exponent with more than 14 significant digits
//!    ([`Ambiguity::Digits`]), or a non-zero number whose magnitude is below
//!    1E-307 ([`Ambiguity::Tiny`]).
//!
//! Only signed members count: members named `frame_mode` (and everything in
//! them) and the signature member itself are outside the canonical string and
//! are not checked. The canonical string itself is never refused.
//!
//! The check costs nothing on the common path: the tokenizer notes, while it
//! scans each key, string and number, whether it is ambiguous, and signing and
//! verification only look further when the parse found something.

use core::fmt;

use crate::json::{Checks, Document, Exclude};
use crate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use crate::Error;

/// Whether signing and verification accept ambiguous data.
///
/// The default refuses it. [`AmbiguousData::Allow`] is the explicit opt-in;
/// its risk: data signed or verified with it can be re-split into a different,
/// unambiguous body that verifies under the same key (and so can data signed
/// by any other signer of the same key, such as an official SDK).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum AmbiguousData {
    /// Refuse ambiguous data with [`crate::Error::Ambiguous`]. The default.
    #[default]
    Refuse,
    /// Sign and verify ambiguous data as the platform's algorithm does.
    /// Risk: its canonical string can be re-split into another body that
    /// verifies with the same signature.
    Allow,
}

impl AmbiguousData {
    /// `true` for [`AmbiguousData::Allow`].
    #[must_use]
    pub const fn allows(self) -> bool {
        matches!(self, AmbiguousData::Allow)
    }
}

/// What makes one member ambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ambiguity {
    /// The key is empty or contains `;` or `:`.
    Key,
    /// A string value has a `;` followed later by a `:`.
    Separator,
    /// An integer outside the signed 64-bit range (signed as 14 digits).
    IntegerRange,
    /// A number with a fraction or exponent and more than 14 significant digits.
    Digits,
    /// A non-zero number whose magnitude is below 1E-307.
    Tiny,
}

impl Ambiguity {
    /// The rule in words, as error messages print it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Ambiguity::Key => "keys must not be empty or contain ';' or ':'",
            Ambiguity::Separator => "a ';' followed by ':' could forge a signed line",
            Ambiguity::IntegerRange => {
                "integer outside the signed 64-bit range is signed as 14 digits"
            }
            Ambiguity::Digits => {
                "number with more than 14 significant digits is signed as 14 digits"
            }
            Ambiguity::Tiny => "non-zero number below 1E-307 signs like its neighbours",
        }
    }
}

impl fmt::Display for Ambiguity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a decoded key is ambiguous: empty, or containing `;` or `:`.
#[must_use]
pub fn key_is_ambiguous(key: &[u8]) -> bool {
    key.is_empty() || key.iter().any(|&b| b == b';' || b == b':')
}

/// Whether a decoded string value is ambiguous: a `;` followed, later in the
/// value, by a `:`.
#[must_use]
pub fn value_is_ambiguous(value: &[u8]) -> bool {
    value
        .iter()
        .position(|&b| b == b';')
        .and_then(|at| value.get(at..))
        .is_some_and(|rest| rest.contains(&b':'))
}

/// Whether a decoded string is ambiguous as a value (see [`value_is_ambiguous`]);
/// the form for typed request fields.
#[must_use]
pub fn text_is_ambiguous(value: &str) -> bool {
    value_is_ambiguous(value.as_bytes())
}

/// The ambiguity of a JSON number literal (well-formed, within the range of a
/// 64-bit float), if any.
#[must_use]
pub fn number(literal: &[u8]) -> Option<Ambiguity> {
    let body = literal.strip_prefix(b"-").unwrap_or(literal);
    let mant_end = body
        .iter()
        .position(|&b| matches!(b, b'e' | b'E'))
        .unwrap_or(body.len());
    let mantissa = body.get(..mant_end).unwrap_or(&[]);
    let fraction_or_exponent = mant_end != body.len() || mantissa.contains(&b'.');
    if !fraction_or_exponent {
        // An integer literal: ambiguous only outside i64.
        let text = core::str::from_utf8(literal).ok()?;
        return match text.parse::<i64>() {
            Ok(_) => None,
            Err(_) => Some(Ambiguity::IntegerRange),
        };
    }
    // Significant digits: the mantissa's digits without leading and trailing zeros.
    let digits = || mantissa.iter().filter(|b| b.is_ascii_digit());
    let leading = digits().take_while(|&&b| b == b'0').count();
    let total = digits().count();
    if leading == total {
        return None; // zero
    }
    let trailing = digits().rev().take_while(|&&b| b == b'0').count();
    let significant = total.saturating_sub(leading).saturating_sub(trailing);
    if significant > 14 {
        return Some(Ambiguity::Digits);
    }
    // Below 1E-307, decided on the decimal text (no float arithmetic): the
    // leading significant digit stands for 10^q, and the value is below
    // 10^-307 exactly when q <= -308.
    let int_digits = mantissa
        .iter()
        .take_while(|&&b| b != b'.')
        .filter(|b| b.is_ascii_digit())
        .count();
    let exponent = body.get(mant_end.saturating_add(1)..).unwrap_or(&[]);
    let (negative, exp_digits) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, exponent),
    };
    let magnitude = exp_digits.iter().fold(0i64, |acc, &b| {
        acc.saturating_mul(10)
            .saturating_add(i64::from(b.wrapping_sub(b'0')))
    });
    let exp = if negative {
        magnitude.saturating_neg()
    } else {
        magnitude
    };
    let as_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let q = as_i64(int_digits)
        .saturating_sub(1)
        .saturating_sub(as_i64(leading))
        .saturating_add(exp);
    if q <= -308 {
        return Some(Ambiguity::Tiny);
    }
    None
}

/// Checks `body` for ambiguous data the way signing does (every member but
/// `frame_mode` members and the two signature members), without a key:
/// the diagnostic form of the refusal, for callers that only have a status
/// code (C) or want to check free text before it is sent.
///
/// # Errors
/// The parse errors of `body` (default limits); [`Error::Ambiguous`] for the
/// first ambiguous member.
pub fn check(body: &[u8]) -> Result<(), Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        doc.check_ambiguity(Exclude::BothSignatures)
    })?
}

/// Writes the explanation of an [`Error::Ambiguous`] found in `body` into
/// `out`: the dotted path of the offending member and the rule, e.g.
/// `customer.id: a ';' followed by ':' could forge a signed line` (see
/// [`Document::explain`]). `body` is parsed again with the default limits;
/// for a body parsed with other limits call [`Document::explain`] on it.
///
/// # Errors
/// The parse errors of `body`; [`Error::BufferTooSmall`] with the exact size
/// needed (`out` untouched).
pub fn explain<'o>(body: &[u8], error: &Error, out: &'o mut [u8]) -> Result<&'o str, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        measured_write(out, |mut w| doc.explain(error, &mut w))
    })?
}

/// Writes the dotted path of the member an [`Error::Ambiguous`] names (keys
/// decoded, control characters escaped, no quoting: `a.:b` for the key `:b`
/// inside `a`) into `out`; empty for any other error. `body` is parsed again
/// with the default limits (see [`Document::member_path`] for others).
///
/// # Errors
/// The parse errors of `body`; [`Error::BufferTooSmall`] with the exact size
/// needed (`out` untouched).
pub fn path<'o>(body: &[u8], error: &Error, out: &'o mut [u8]) -> Result<&'o str, Error> {
    let Error::Ambiguous { offset, .. } = *error else {
        return Ok("");
    };
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        measured_write(out, |mut w| doc.member_path(offset, &mut w))
    })?
}

/// Runs `write` once counting, then into `out` if it fits.
fn measured_write(
    out: &mut [u8],
    write: impl Fn(&mut dyn fmt::Write) -> fmt::Result,
) -> Result<&str, Error> {
    let mut count = Count(0);
    let _ = write(&mut count);
    let dst = out
        .get_mut(..count.0)
        .ok_or(Error::BufferTooSmall { needed: count.0 })?;
    let mut w = Fill { out: dst, pos: 0 };
    let _ = write(&mut w);
    let Fill { out, pos } = w;
    let written = out.get(..pos).unwrap_or(&[]);
    core::str::from_utf8(written).map_err(|e| Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })
}

struct Count(usize);

impl fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.saturating_add(s.len());
        Ok(())
    }
}

struct Fill<'o> {
    out: &'o mut [u8],
    pos: usize,
}

impl fmt::Write for Fill<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.pos.saturating_add(s.len());
        let dst = self.out.get_mut(self.pos..end).ok_or(fmt::Error)?;
        crate::copy(dst, s.as_bytes());
        self.pos = end;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert!(key_is_ambiguous(b""));
        assert!(key_is_ambiguous(b"a:b"));
        assert!(key_is_ambiguous(b"a;b"));
        assert!(!key_is_ambiguous(b"a b"));
    }

    #[test]
    fn values() {
        assert!(!value_is_ambiguous(b"a=1;b=2"));
        assert!(!value_is_ambiguous(b"12:30; later"));
        assert!(value_is_ambiguous(b"x;path:value"));
        assert!(value_is_ambiguous(b";:"));
        assert!(!value_is_ambiguous(b""));
    }

    fn explained(body: &str) -> std::string::String {
        let err = crate::sign(body.as_bytes(), b"secret").unwrap_err();
        let mut out = [0u8; 256];
        std::string::String::from(explain(body.as_bytes(), &err, &mut out).unwrap())
    }

    #[test]
    fn explanations() {
        assert_eq!(
            explained(r#"{"customer":{"id":"x;y:z"}}"#),
            "customer.id: a ';' followed by ':' could forge a signed line"
        );
        assert_eq!(
            explained(r#"{"a:b":1}"#),
            r#"key "a:b": keys must not be empty or contain ';' or ':'"#
        );
        assert_eq!(
            explained(r#"{"p":{"x\u003b":1}}"#),
            r#"key p."x;": keys must not be empty or contain ';' or ':'"#
        );
        assert_eq!(
            explained(r#"{"errors":[{"message":"limit\u003b code\u003a 51"}]}"#),
            "errors.0.message: a ';' followed by ':' could forge a signed line"
        );
        let body = br#"{"a":{":b\n":1}}"#;
        let err = crate::sign(body, b"secret").unwrap_err();
        let mut out = [0u8; 64];
        assert_eq!(path(body, &err, &mut out).unwrap(), "a.:b\\n");
        assert_eq!(
            explained(r#"{"operation":{"id":9223372036854775808}}"#),
            "operation.id: integer outside the signed 64-bit range is signed as 14 digits"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(number(b"9223372036854775807"), None);
        assert_eq!(number(b"-9223372036854775808"), None);
        assert_eq!(
            number(b"9223372036854775808"),
            Some(Ambiguity::IntegerRange)
        );
        assert_eq!(
            number(b"-9223372036854775809"),
            Some(Ambiguity::IntegerRange)
        );
        assert_eq!(number(b"1.000000000000000"), None);
        assert_eq!(number(b"0.30000000000000004"), Some(Ambiguity::Digits));
        assert_eq!(number(b"12345678901234.5"), Some(Ambiguity::Digits));
        assert_eq!(number(b"1234567890123.4"), None);
        assert_eq!(number(b"3e-324"), Some(Ambiguity::Tiny));
        assert_eq!(number(b"1e-400"), Some(Ambiguity::Tiny));
        assert_eq!(number(b"1e-307"), None);
        assert_eq!(number(b"1.0e-307"), None);
        assert_eq!(number(b"0.1e-306"), None);
        assert_eq!(number(b"0.9e-307"), Some(Ambiguity::Tiny));
        assert_eq!(number(b"9.9999999999999e-308"), Some(Ambiguity::Tiny));
        assert_eq!(number(b"-2.5e-308"), Some(Ambiguity::Tiny));
        assert_eq!(number(b"0.00000000000001e-294"), Some(Ambiguity::Tiny));
        assert_eq!(number(b"1e-99999999999999999999999"), Some(Ambiguity::Tiny));
        assert_eq!(number(b"1e+99999999999999999999999"), None);
        assert_eq!(number(b"0.0e-400"), None);
        assert_eq!(number(b"-0.0"), None);
        assert_eq!(number(b"1e21"), None);
        assert_eq!(number(b"10.50"), None);
    }
}
