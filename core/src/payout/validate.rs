//! Validation rules shared by the request types.
//!
//! Each rule is a function returning `Err(Reason)`; [`Report`] collects the
//! results. Every rule names its source: the platform's
//! payout pages (their parameter tables), this library's own rules, or this library's bounds (see
//! the module docs of [`crate::payout`]).

use core::net::IpAddr;
use core::str::FromStr;

use super::{
    Bank, Detail, Extra, ExtraValue, Field, Options, Reason, Violation, Violations, MAX_EXTRAS,
    MAX_EXTRA_DEPTH, MAX_EXTRA_PATH_LEN, MAX_EXTRA_VALUE_LEN, MAX_IP_LEN, MAX_URL_LEN,
};
use crate::ambiguity::AmbiguousData;
use crate::money::Currency;

/// Collects violations in the order they are found.
pub(crate) struct Report<'a> {
    list: Violations<'a>,
    /// Drop [`Reason::Ambiguous`] (the caller opted in to ambiguous data).
    allow_ambiguous: bool,
}

impl<'a> Report<'a> {
    pub(crate) const fn new(ambiguous: AmbiguousData) -> Self {
        Report {
            list: Violations::new(),
            allow_ambiguous: ambiguous.allows(),
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
    } else if s.len() <= MAX_IP_LEN && IpAddr::from_str(s).is_ok() {
        Ok(())
    } else {
        Err(Reason::IpAddress)
    }
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
