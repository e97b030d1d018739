//! Validation rules shared by the request types.
//!
//! Each rule is a function returning `Err(Reason)`; [`Report`] collects the
//! results. Every rule names its source: the platform's
//! payout pages (their parameter tables), this library's own rules, or this library's bounds (see
//! the module docs of [`crate::payout`]).

use super::{
    Bank, Detail, Extra, ExtraValue, Field, Options, Reason, Violation, Violations, MAX_EXTRAS,
    MAX_EXTRA_DEPTH, MAX_EXTRA_PATH_LEN, MAX_EXTRA_VALUE_LEN, MAX_IP_LEN, MAX_URL_LEN,
};
use crate::ambiguity::AmbiguousData;
use crate::money::Currency;

/// Collects violations in the order they are found.
#[repr(C)]
pub(crate) struct Report<'a> {
    /// Drop [`Reason::Ambiguous`] (the caller opted in to ambiguous data).
    allow_ambiguous: bool,
    /// Last, after the flag: laid out freely, the flag's store sat next to
    /// the list's uninitialised storage and the optimiser zeroed all 2.5 KiB
    /// of it in one `memset` per validation.
    list: Violations<'a>,
}

impl<'a> Report<'a> {
    pub(crate) const fn new(ambiguous: AmbiguousData) -> Self {
        Report {
            allow_ambiguous: ambiguous.allows(),
            list: Violations::new(),
        }
    }

    /// Records `rule`'s verdict on a typed field.
    pub(crate) fn check(&mut self, field: Field, rule: Result<(), Reason>) {
        self.check_detail(field, rule, Detail::None);
    }

    /// [`Report::check`] with what the message needs to lead to the fix.
    pub(crate) fn check_detail(
        &mut self,
        field: Field,
        rule: Result<(), Reason>,
        detail: Detail<'a>,
    ) {
        if let Err(reason) = rule {
            if reason == Reason::Ambiguous && self.allow_ambiguous {
                return;
            }
            self.push(Violation {
                field,
                path: field.as_str(),
                reason,
                hint: None,
                detail,
            });
        }
    }

    fn push(&mut self, violation: Violation<'a>) {
        if violation.reason == Reason::Ambiguous && self.allow_ambiguous {
            return;
        }
        // Every typed field and every checked extra reports at most one
        // violation, and MAX_VIOLATIONS covers them all (see there).
        super::push_violation(&mut self.list, violation);
    }

    pub(crate) fn finish(self) -> Violations<'a> {
        self.list
    }
}

// ---- text -------------------------------------------------------------------

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Bounded single-line text. Source: bounds of this library (module docs);
/// control characters refused (module docs); ambiguous text (a `;` followed
/// by a `:`) refused unless the caller opted in ([`crate::ambiguity`]).
fn text(s: &str, max: usize) -> Result<(), Reason> {
    if s.len() > max {
        Err(Reason::TooLong)
    } else if s.chars().any(char::is_control) {
        Err(Reason::Control)
    } else {
        unambiguous(s)
    }
}

/// [`Reason::Ambiguous`] for text that could forge a signed line.
fn unambiguous(s: &str) -> Result<(), Reason> {
    if crate::ambiguity::text_is_ambiguous(s) {
        Err(Reason::Ambiguous)
    } else {
        Ok(())
    }
}

/// A required string: "strictly required" in the parameter tables; and this library's rule:
/// "required fields present and non-empty" (whitespace only counts as empty).
pub(crate) fn required(s: &str, max: usize) -> Result<(), Reason> {
    if blank(s) {
        Err(Reason::Missing)
    } else {
        text(s, max)
    }
}

/// An optional string: absent is fine, present must be non-blank text.
pub(crate) fn optional(s: Option<&str>, max: usize) -> Result<(), Reason> {
    match s {
        None => Ok(()),
        Some(s) if blank(s) => Err(Reason::Empty),
        Some(s) => text(s, max),
    }
}

/// This library's rule: `general.project_id` > 0, `payment.amount` a positive integer.
pub(crate) fn positive(n: i64) -> Result<(), Reason> {
    if n > 0 {
        Ok(())
    } else {
        Err(Reason::NotPositive)
    }
}

/// This library's rule: "`customer.email` syntax". A practical subset of RFC 5322
/// `addr-spec`: a dot-atom local part (at most 64 bytes; non-ASCII allowed,
/// RFC 6531), `@`, and a domain of at least two dot-separated labels of
/// letters, digits and `-` (non-ASCII allowed for IDN), 1 to 63 bytes each,
/// not starting or ending with `-`. No quoted local parts, no IP literals.
pub(crate) fn email(s: &str, max: usize) -> Result<(), Reason> {
    if blank(s) {
        return Err(Reason::Missing);
    }
    if s.len() > max {
        return Err(Reason::TooLong);
    }
    if is_email(s) {
        Ok(())
    } else {
        Err(Reason::Email)
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let atext = |c: char| {
        c.is_ascii_alphanumeric()
            || "!#$%&'*+-/=?^_`{|}~".contains(c)
            || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
    };
    let local_ok = (1..=64).contains(&local.len())
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atext));
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| {
                c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && c.is_alphanumeric())
            })
    };
    let domain_ok = domain.contains('.') && domain.split('.').all(label_ok);
    local_ok && domain_ok
}

/// the parameter tables: "IP address of the customer's device"; this library: a valid
/// IPv4 or IPv6 address (dotted quad without leading zeros, or RFC 4291
/// text; no zone index, no brackets, no port).
pub(crate) fn ip_address(s: &str) -> Result<(), Reason> {
    if blank(s) {
        Err(Reason::Missing)
    } else if s.len() <= MAX_IP_LEN && is_ip(s.as_bytes()) {
        Ok(())
    } else {
        Err(Reason::IpAddress)
    }
}

/// An IPv4 address in dotted-quad form (four decimal octets 0-255, no
/// leading zeros), or an IPv6 address in RFC 4291 text form (eight groups of
/// one to four hex digits, one `::` for a run of zero groups, optionally
/// ending in a dotted quad). The same set `core::net::IpAddr::from_str`
/// accepts (a test compares them), written here so validation links no panic
/// path.
pub(crate) fn is_ip(s: &[u8]) -> bool {
    is_ipv4(s) || is_ipv6(s)
}

fn is_ipv4(s: &[u8]) -> bool {
    let mut parts = 0usize;
    for part in s.split(|&b| b == b'.') {
        parts = parts.saturating_add(1);
        let ok = !part.is_empty()
            && part.len() <= 3
            && part.iter().all(u8::is_ascii_digit)
            && !(part.len() > 1 && part.first() == Some(&b'0'))
            && part.iter().fold(0u16, |acc, &d| {
                acc.saturating_mul(10)
                    .saturating_add(u16::from(d.wrapping_sub(b'0')))
            }) <= 255;
        if !ok {
            return false;
        }
    }
    parts == 4
}

fn is_ipv6(s: &[u8]) -> bool {
    // Split at the one `::`, if any; each side is groups joined by `:`.
    let (head, tail, compressed) = match find_double_colon(s) {
        Some(at) => (
            s.get(..at).unwrap_or(&[]),
            s.get(at.saturating_add(2)..).unwrap_or(&[]),
            true,
        ),
        None => (s, &[][..], false),
    };
    if compressed && find_double_colon(tail).is_some() {
        return false;
    }
    let Some(h) = groups(head, !compressed) else {
        return false;
    };
    let Some(t) = (if compressed {
        groups(tail, true)
    } else {
        Some(0)
    }) else {
        return false;
    };
    let total = h.saturating_add(t);
    if compressed {
        total <= 7
    } else {
        total == 8
    }
}

fn find_double_colon(s: &[u8]) -> Option<usize> {
    (0..s.len()).find(|&at| s.get(at..).is_some_and(|rest| rest.starts_with(b"::")))
}

/// The number of 16-bit groups in `s` (`a:b:c`, a final dotted quad counting
/// as two when `quad_ok`), `None` if malformed; an empty `s` has none.
fn groups(s: &[u8], quad_ok: bool) -> Option<usize> {
    if s.is_empty() {
        return Some(0);
    }
    let mut count = 0usize;
    let mut parts = s.split(|&b| b == b':').peekable();
    while let Some(part) = parts.next() {
        let last = parts.peek().is_none();
        if last && quad_ok && part.contains(&b'.') {
            if !is_ipv4(part) {
                return None;
            }
            count = count.saturating_add(2);
        } else if (1..=4).contains(&part.len()) && part.iter().all(u8::is_ascii_hexdigit) {
            count = count.saturating_add(1);
        } else {
            return None;
        }
    }
    Some(count)
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Digits only, at most `max` of them (Cambodia `customer.phone`: this library;
/// Colombia `customer.identify.doc_number`: this library, "doc_number digits").
pub(crate) fn digits(s: &str, max: usize) -> Result<(), Reason> {
    if blank(s) {
        Err(Reason::Missing)
    } else if s.len() > max {
        Err(Reason::TooLong)
    } else if all_digits(s) {
        Ok(())
    } else {
        Err(Reason::Digits)
    }
}

/// Colombia seed table: `customer.phone` "10 digits without a plus sign
/// (+), spaces or punctuation".
pub(crate) fn ten_digits(s: &str) -> Result<(), Reason> {
    if blank(s) {
        Err(Reason::Missing)
    } else if s.len() == 10 && all_digits(s) {
        Ok(())
    } else {
        Err(Reason::TenDigits)
    }
}

/// One of the `allowed` values, exactly (the parameter tables: "Possible values").
pub(crate) fn one_of(s: &str, allowed: &[&str], reason: Reason) -> Result<(), Reason> {
    if blank(s) {
        Err(Reason::Missing)
    } else if allowed.contains(&s) {
        Ok(())
    } else {
        Err(reason)
    }
}

/// the parameter tables "Payment currencies"; this library: `payment.currency` in the
/// method's set, as an exact ISO 4217 alpha-3 code.
pub(crate) fn currency(code: &str, allowed: &[Currency]) -> Result<(), Reason> {
    if blank(code) {
        return Err(Reason::Missing);
    }
    match Currency::from_code(code) {
        Ok(c) if allowed.contains(&c) => Ok(()),
        _ => Err(Reason::Currency),
    }
}

/// the parameter tables "Banks available for payout"; this library: `account.bank_id` in
/// the method's table unless unlisted banks are explicitly allowed (the
/// seeds warn the table "may change without notice"). Zero is never an ID.
pub(crate) fn bank(id: u32, table: &[Bank], opts: Options) -> Result<(), Reason> {
    if id == 0 {
        Err(Reason::NotPositive)
    } else if opts.allows_unlisted_bank() || table.iter().any(|b| b.id == id) {
        Ok(())
    } else {
        Err(Reason::UnknownBank)
    }
}

/// `general.merchant_callback_url` (this library: common optional Gate parameter):
/// an absolute `http://` or `https://` URL with a host, only characters RFC
/// 3986 allows (printable ASCII except space and `"<>\^`{|}`; anything else
/// percent-encoded), at most [`MAX_URL_LEN`] bytes.
pub(crate) fn url(s: Option<&str>) -> Result<(), Reason> {
    let Some(s) = s else { return Ok(()) };
    if blank(s) {
        return Err(Reason::Empty);
    }
    if s.len() > MAX_URL_LEN {
        return Err(Reason::TooLong);
    }
    let after_scheme = |scheme: &str| {
        s.get(..scheme.len())
            .filter(|p| p.eq_ignore_ascii_case(scheme))
            .and_then(|_| s.get(scheme.len()..))
    };
    let Some(rest) = after_scheme("https://").or_else(|| after_scheme("http://")) else {
        return Err(Reason::Url);
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let chars_ok = s
        .bytes()
        .all(|b| b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b));
    if host.is_empty() || !chars_ok {
        Err(Reason::Url)
    } else {
        unambiguous(s)
    }
}

// ---- extras -------------------------------------------------------------------

/// What the typed part of a request occupies, for checking extras against it.
pub(crate) struct Shape<'s> {
    /// Every typed leaf of the method and whether the request sets it.
    pub(crate) leaves: &'s [(Field, bool)],
    /// Every typed object of the method (`general`, `customer`, ...).
    pub(crate) objects: &'s [&'static str],
}

/// True if `path` lies strictly below `prefix` (`customer.x` below `customer`).
fn below(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// This library's rule: "a bounded way to add any other parameter ... A parameter given
/// twice is an error." Checks the first [`MAX_EXTRAS`] extras, each for at
/// most one violation, in this order: path syntax, reserved, clash with a
/// typed field, clash with an earlier extra, value.
pub(crate) fn extras<'a>(report: &mut Report<'a>, extras: &'a [Extra<'a>], shape: &Shape<'_>) {
    if extras.len() > MAX_EXTRAS {
        report.push(Violation {
            field: Field::Extra,
            path: Field::Extra.as_str(),
            reason: Reason::TooMany,
            hint: None,
            detail: Detail::None,
        });
    }
    let checked = extras.get(..MAX_EXTRAS).unwrap_or(extras);
    for (i, extra) in checked.iter().enumerate() {
        let earlier = checked.get(..i).unwrap_or(&[]);
        if let Err(reason) = extra_rule(extra, earlier, shape) {
            report.push(Violation {
                field: Field::Extra,
                path: extra.path,
                reason,
                hint: None,
                detail: Detail::None,
            });
        }
    }
}

fn extra_rule(extra: &Extra<'_>, earlier: &[Extra<'_>], shape: &Shape<'_>) -> Result<(), Reason> {
    let path = extra.path;
    // Syntax: keys Gate uses are snake_case words; `:` would be doubled by
    // the signature and `.` is our separator, so both are out. Bounded so
    // the MAX_* sizes hold.
    let segments_ok = path
        .split('.')
        .all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    if path.len() > MAX_EXTRA_PATH_LEN || !segments_ok || path.split('.').count() > MAX_EXTRA_DEPTH
    {
        return Err(Reason::ExtraPath);
    }
    // Reserved: the signature members are excluded from signing (spec
    // section 2) and `frame_mode` at any depth (`docs/signature.md` section 1.2), so they
    // would travel unsigned.
    if path == "general.signature"
        || path == "signature"
        || path.split('.').any(|seg| seg == "frame_mode")
    {
        return Err(Reason::Reserved);
    }
    for &(field, present) in shape.leaves {
        let leaf = field.as_str();
        if path == leaf {
            // Given twice if the typed field is set; otherwise it must be set
            // through the typed field so its rules apply.
            return Err(if present {
                Reason::Duplicate
            } else {
                Reason::Reserved
            });
        }
        if below(path, leaf) {
            return Err(Reason::Conflict);
        }
    }
    if shape.objects.contains(&path) {
        return Err(Reason::Conflict);
    }
    for other in earlier {
        if other.path == path {
            return Err(Reason::Duplicate);
        }
        if below(path, other.path) || below(other.path, path) {
            return Err(Reason::Conflict);
        }
    }
    match extra.value {
        ExtraValue::Str(s) => optional(Some(s), MAX_EXTRA_VALUE_LEN),
        ExtraValue::Int(_) | ExtraValue::Bool(_) => Ok(()),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use core::net::IpAddr;
    use core::str::FromStr;

    use rand::{Rng, SeedableRng};

    use super::is_ip;
    use std::format;

    fn same(s: &str) {
        assert_eq!(is_ip(s.as_bytes()), IpAddr::from_str(s).is_ok(), "{s:?}");
    }

    #[test]
    fn ip_addresses_as_the_standard_library_reads_them() {
        for s in [
            "198.51.100.47",
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1..2.3",
            "",
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "1:2:3:4:5:6:7:8::",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "1:::2",
            ":1::",
            "12345::",
            "fe80::1%eth0",
            "[::1]",
            "2001:db8::8a2e:370:7334",
            "2001:DB8::",
            "g::",
            "1.2.3.4::",
            "::1.2.3",
            "1:2:3:4:5:6:7:8:9",
            "::0:0:0:0:0:0:0",
            "::0:0:0:0:0:0:0:0",
            " 1.2.3.4",
            "1.2.3.4 ",
        ] {
            same(s);
        }
        let alphabet = b"0123456789abcdefABCDEF:.:.:";
        let mut rng = rand::rngs::StdRng::seed_from_u64(0x1b);
        for _ in 0..200_000 {
            let len = rng.gen_range(0..24);
            let s: std::string::String = (0..len)
                .map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())]))
                .collect();
            same(&s);
        }
        // Well-formed ones with random groups, compressed or not.
        for _ in 0..20_000 {
            let groups: std::vec::Vec<std::string::String> = (0..rng.gen_range(1..=9))
                .map(|_| format!("{:x}", rng.gen_range(0..0x1_0000u32)))
                .collect();
            let mut s = groups.join(":");
            if rng.gen_bool(0.5) {
                let at = rng.gen_range(0..=s.len());
                if s.is_char_boundary(at) {
                    s.insert_str(at, "::");
                }
            }
            same(&s);
        }
    }
}
