//! An independent reference implementation of the Gate canonical string
//! (spec `signature.md` sections 1-3), written for the tests only.
//!
//! It shares no code with the crate: it parses with `serde_json`
//! (`preserve_order` keeps document order, `arbitrary_precision` keeps the
//! exact number text), flattens with plain recursion, formats numbers with its
//! own exact big-decimal arithmetic, and sorts with a transcription of PHP's
//! `strnatcmp_ex` (ext/standard/strnatcmp.c) under a stable sort.
//!
//! It also decides, with its own code over the same `serde_json` values and
//! the numbers' literal text, which documents hold *ambiguous data* (the
//! rules of `docs/signature.md`, written again here, not taken from the
//! crate's `ambiguity` module) and which member offends first.
//!
//! It is deliberately simple and allocation-happy; speed does not matter.
#![allow(dead_code)]

use core::cmp::Ordering;

use serde_json::{Map, Value};

/// Which signature member(s) are left out of the canonical string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclude {
    /// Signing / `canonical()`: both top-level `signature` and `general.signature`.
    Both,
    /// Verifying a body that has a top-level `signature`: only that member.
    TopLevel,
    /// Verifying a body without a top-level `signature`: only `general.signature`.
    General,
}

/// Why the reference refuses a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// `serde_json` refused the text.
    Parse(String),
    /// The top level is not an object.
    NotAnObject,
    /// A number overflows a 64-bit float.
    NumberOutOfRange(String),
}

/// One flattened leaf: `path:value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub path: Vec<u8>,
    pub value: Vec<u8>,
}

impl Line {
    pub fn text(&self) -> Vec<u8> {
        let mut t = self.path.clone();
        t.push(b':');
        t.extend_from_slice(&self.value);
        t
    }
}

// ---------------------------------------------------------------------------
// Flattening (spec 1.2, 1.3)
// ---------------------------------------------------------------------------

/// Parses `text` and returns its lines in document order.
pub fn lines_of_text(text: &str, exclude: Exclude) -> Result<Vec<Line>, RefError> {
    let v: Value = serde_json::from_str(text).map_err(|e| RefError::Parse(e.to_string()))?;
    match v {
        Value::Object(map) => lines_of_object(&map, exclude),
        _ => Err(RefError::NotAnObject),
    }
}

/// The lines of a parsed top-level object, in document order.
pub fn lines_of_object(map: &Map<String, Value>, exclude: Exclude) -> Result<Vec<Line>, RefError> {
    let mut out = Vec::new();
    for (key, value) in map {
        if key == "frame_mode" {
            continue;
        }
        if key == "signature" && matches!(exclude, Exclude::Both | Exclude::TopLevel) {
            continue;
        }
        let path = segment(key);
        if key == "general" && matches!(exclude, Exclude::Both | Exclude::General) {
            if let Value::Object(general) = value {
                // Exactly `general.signature` is left out; the rest of
                // `general` is ordinary data.
                for (k, v) in general {
                    if k == "frame_mode" || k == "signature" {
                        continue;
                    }
                    let mut p = path.clone();
                    p.push(b':');
                    p.extend_from_slice(&segment(k));
                    flatten(&p, v, &mut out)?;
                }
                continue;
            }
        }
        flatten(&path, value, &mut out)?;
    }
    Ok(out)
}

/// A key as a path segment: every `:` doubled.
fn segment(key: &str) -> Vec<u8> {
    let mut s = Vec::with_capacity(key.len());
    for &b in key.as_bytes() {
        if b == b':' {
            s.push(b':');
        }
        s.push(b);
    }
    s
}

fn flatten(path: &[u8], value: &Value, out: &mut Vec<Line>) -> Result<(), RefError> {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "frame_mode" {
                    continue;
                }
                let mut p = path.to_vec();
                p.push(b':');
                p.extend_from_slice(&segment(k));
                flatten(&p, v, out)?;
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut p = path.to_vec();
                p.push(b':');
                p.extend_from_slice(i.to_string().as_bytes());
                flatten(&p, v, out)?;
            }
        }
        Value::Null => out.push(Line {
            path: path.to_vec(),
            value: Vec::new(),
        }),
        Value::Bool(b) => out.push(Line {
            path: path.to_vec(),
            value: if *b { b"1".to_vec() } else { b"0".to_vec() },
        }),
        Value::String(s) => out.push(Line {
            path: path.to_vec(),
            value: s.as_bytes().to_vec(),
        }),
        Value::Number(n) => {
            let (text, _tie) = format_number(n.as_str())?;
            out.push(Line {
                path: path.to_vec(),
                value: text.into_bytes(),
            });
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Number formatting (spec 1.4)
// ---------------------------------------------------------------------------

/// Formats the JSON number `text` (as kept by `arbitrary_precision`).
///
/// Returns the canonical text and whether rounding to 14 digits hit an exact
/// decimal tie (the spec does not say how ties round; PHP's `zend_dtoa`
/// rounds half to even, and so does this function).
pub fn format_number(text: &str) -> Result<(String, bool), RefError> {
    let is_integer = !text.contains(['.', 'e', 'E']);
    if is_integer {
        if let Ok(v) = text.parse::<i64>() {
            // `-0` parses to 0 and prints as `0`.
            return Ok((v.to_string(), false));
        }
    }
    let x: f64 = text
        .parse()
        .map_err(|_| RefError::Parse(format!("bad number {text}")))?;
    if !x.is_finite() {
        return Err(RefError::NumberOutOfRange(text.to_owned()));
    }
    Ok(php_precision14(x))
}

/// PHP's `(string)$float` with `precision=14`: `zend_gcvt(value, 14, '.', 'E')`.
///
/// Digits come from the exact binary value of `x` (every finite double is a
/// finite decimal), rounded half-to-even to 14 significant digits.
pub fn php_precision14(x: f64) -> (String, bool) {
    const NDIGIT: usize = 14;
    let negative = x.is_sign_negative();
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if x == 0.0 {
        out.push('0');
        return (out, false);
    }
    let (digits, exp10) = exact_decimal(x.abs());
    // value = 0.d1d2d3... * 10^decpt (dtoa convention)
    let mut decpt = digits.len() as i64 + exp10;
    let mut d: Vec<u8> = digits.clone();
    let mut tie = false;
    if d.len() > NDIGIT {
        let rest = &digits[NDIGIT..];
        let first = rest[0];
        let rest_nonzero = rest[1..].iter().any(|&c| c != b'0');
        d.truncate(NDIGIT);
        let round_up = match first.cmp(&b'5') {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => {
                if rest_nonzero {
                    true
                } else {
                    tie = true;
                    (d[NDIGIT - 1] - b'0') % 2 == 1
                }
            }
        };
        if round_up {
            let mut i = NDIGIT;
            loop {
                if i == 0 {
                    d.insert(0, b'1');
                    d.truncate(NDIGIT);
                    decpt += 1;
                    break;
                }
                i -= 1;
                if d[i] == b'9' {
                    d[i] = b'0';
                } else {
                    d[i] += 1;
                    break;
                }
            }
        }
    }
    while d.len() > 1 && d.last() == Some(&b'0') {
        d.pop();
    }
    let digits = String::from_utf8(d).unwrap();
    if decpt < -3 || decpt > NDIGIT as i64 {
        // d.dddE+x
        let e = decpt - 1;
        out.push_str(&digits[..1]);
        out.push('.');
        if digits.len() == 1 {
            out.push('0');
        } else {
            out.push_str(&digits[1..]);
        }
        out.push('E');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&e.abs().to_string());
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..(-decpt) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let decpt = decpt as usize;
        if digits.len() <= decpt {
            out.push_str(&digits);
            for _ in digits.len()..decpt {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..decpt]);
            out.push('.');
            out.push_str(&digits[decpt..]);
        }
    }
    (out, tie)
}

/// The exact decimal expansion of a finite positive double:
/// `(digits, e)` with value = `digits * 10^e`, `digits` without leading zeros.
fn exact_decimal(x: f64) -> (Vec<u8>, i64) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mantissa, exp2) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    };
    // Base 1e9 limbs, little endian.
    let mut limbs: Vec<u64> = Vec::new();
    let mut m = mantissa;
    while m > 0 {
        limbs.push(m % 1_000_000_000);
        m /= 1_000_000_000;
    }
    let mul_small = |limbs: &mut Vec<u64>, f: u64| {
        let mut carry = 0u64;
        for l in limbs.iter_mut() {
            let v = *l * f + carry;
            *l = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push(carry % 1_000_000_000);
            carry /= 1_000_000_000;
        }
    };
    let exp10;
    if exp2 >= 0 {
        let mut k = exp2;
        while k > 0 {
            let step = k.min(29);
            mul_small(&mut limbs, 1u64 << step);
            k -= step;
        }
        exp10 = 0;
    } else {
        // m * 2^-k = m * 5^k / 10^k
        let mut k = -exp2;
        exp10 = exp2;
        while k > 0 {
            let step = k.min(13);
            mul_small(&mut limbs, 5u64.pow(step as u32));
            k -= step;
        }
    }
    let mut s = String::new();
    let mut iter = limbs.iter().rev();
    if let Some(top) = iter.next() {
        s.push_str(&top.to_string());
    }
    for l in iter {
        s.push_str(&format!("{l:09}"));
    }
    (s.into_bytes(), exp10)
}

// ---------------------------------------------------------------------------
// PHP strnatcmp_ex (case-sensitive), transcribed from ext/standard/strnatcmp.c
// ---------------------------------------------------------------------------

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Byte at `i`, or 0 at/after the end (PHP strings are NUL-terminated).
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

fn digit_at(s: &[u8], i: usize) -> bool {
    i < s.len() && s[i].is_ascii_digit()
}

fn compare_right(a: &[u8], ai: &mut usize, b: &[u8], bi: &mut usize) -> Ordering {
    let mut bias = Ordering::Equal;
    loop {
        let da = digit_at(a, *ai);
        let db = digit_at(b, *bi);
        if !da && !db {
            return bias;
        } else if !da {
            return Ordering::Less;
        } else if !db {
            return Ordering::Greater;
        } else if a[*ai] < b[*bi] {
            if bias == Ordering::Equal {
                bias = Ordering::Less;
            }
        } else if a[*ai] > b[*bi] && bias == Ordering::Equal {
            bias = Ordering::Greater;
        }
        *ai += 1;
        *bi += 1;
    }
}

fn compare_left(a: &[u8], ai: &mut usize, b: &[u8], bi: &mut usize) -> Ordering {
    loop {
        let da = digit_at(a, *ai);
        let db = digit_at(b, *bi);
        if !da && !db {
            return Ordering::Equal;
        } else if !da {
            return Ordering::Less;
        } else if !db {
            return Ordering::Greater;
        } else if a[*ai] < b[*bi] {
            return Ordering::Less;
        } else if a[*ai] > b[*bi] {
            return Ordering::Greater;
        }
        *ai += 1;
        *bi += 1;
    }
}

/// PHP `strnatcmp()`: `strnatcmp_ex(a, len_a, b, len_b, false)`.
pub fn natural_cmp(a: &[u8], b: &[u8]) -> Ordering {
    if a.is_empty() || b.is_empty() {
        return a.len().cmp(&b.len());
    }
    let (mut ai, mut bi) = (0usize, 0usize);
    let mut leading = true;
    loop {
        let mut ca = at(a, ai);
        let mut cb = at(b, bi);

        // skip over leading zeros (first round only)
        while leading && ca == b'0' && digit_at(a, ai + 1) {
            ai += 1;
            ca = at(a, ai);
        }
        while leading && cb == b'0' && digit_at(b, bi + 1) {
            bi += 1;
            cb = at(b, bi);
        }
        leading = false;

        // skip consecutive whitespace
        while is_space(ca) {
            ai += 1;
            ca = at(a, ai);
        }
        while is_space(cb) {
            bi += 1;
            cb = at(b, bi);
        }

        // process run of digits
        if ca.is_ascii_digit() && cb.is_ascii_digit() {
            let fractional = ca == b'0' || cb == b'0';
            let result = if fractional {
                compare_left(a, &mut ai, b, &mut bi)
            } else {
                compare_right(a, &mut ai, b, &mut bi)
            };
            if result != Ordering::Equal {
                return result;
            } else if ai == a.len() && bi == b.len() {
                return Ordering::Equal;
            } else if ai == a.len() {
                return Ordering::Less;
            } else if bi == b.len() {
                return Ordering::Greater;
            }
            ca = at(a, ai);
            cb = at(b, bi);
        }

        match ca.cmp(&cb) {
            Ordering::Equal => {}
            other => return other,
        }

        ai += 1;
        bi += 1;
        if ai >= a.len() && bi >= b.len() {
            return Ordering::Equal;
        } else if ai >= a.len() {
            return Ordering::Less;
        } else if bi >= b.len() {
            return Ordering::Greater;
        }
    }
}

// ---------------------------------------------------------------------------
// Sorting and joining (spec 1.5, 1.6, 3)
// ---------------------------------------------------------------------------

/// Joins lines with `;`.
pub fn join(lines: &[Line]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push(b';');
        }
        out.extend_from_slice(&l.text());
    }
    out
}

/// Canonical (natural) order: stable sort by path with `strnatcmp`.
pub fn sort_natural(lines: &[Line]) -> Vec<Line> {
    let mut v = lines.to_vec();
    v.sort_by(|x, y| natural_cmp(&x.path, &y.path));
    v
}

/// Whether the natural order is well defined on these lines: `strnatcmp` is
/// not a total preorder on every set of strings (whitespace and leading-zero
/// skipping can make it non-transitive), and then different correct stable
/// sorts may legitimately disagree. `sorted` must be the output of
/// [`sort_natural`] with `index` giving each line's document index.
pub fn natural_order_is_consistent(sorted: &[(usize, &Line)]) -> bool {
    for i in 0..sorted.len() {
        for j in (i + 1)..sorted.len() {
            match natural_cmp(&sorted[i].1.path, &sorted[j].1.path) {
                Ordering::Less => {}
                Ordering::Equal if sorted[i].0 < sorted[j].0 => {}
                _ => return false,
            }
            // antisymmetry, too
            match natural_cmp(&sorted[j].1.path, &sorted[i].1.path) {
                Ordering::Greater => {}
                Ordering::Equal if sorted[i].0 < sorted[j].0 => {}
                _ => return false,
            }
        }
    }
    true
}

/// Natural order plus a consistency verdict (see [`natural_order_is_consistent`]).
pub fn sort_natural_checked(lines: &[Line]) -> (Vec<Line>, bool) {
    let mut v: Vec<(usize, &Line)> = lines.iter().enumerate().collect();
    v.sort_by(|x, y| natural_cmp(&x.1.path, &y.1.path));
    let ok = natural_order_is_consistent(&v);
    (v.into_iter().map(|(_, l)| l.clone()).collect(), ok)
}

/// `byte-path`: stable sort by the bytes of the path.
pub fn sort_byte_path(lines: &[Line]) -> Vec<Line> {
    let mut v = lines.to_vec();
    v.sort_by(|x, y| x.path.cmp(&y.path));
    v
}

/// `byte-line`: sort by the bytes of the whole `path:value` line.
pub fn sort_byte_line(lines: &[Line]) -> Vec<Line> {
    let mut v = lines.to_vec();
    v.sort_by_key(Line::text);
    v
}

/// The canonical string of a JSON text, excluding both signature members.
pub fn canonical(text: &str) -> Result<Vec<u8>, RefError> {
    let lines = lines_of_text(text, Exclude::Both)?;
    Ok(join(&sort_natural(&lines)))
}

/// The verification candidates (spec 3) in the order they are tried, each
/// with its name, without repeats.
pub fn candidates(lines: &[Line]) -> Vec<(&'static str, Vec<u8>)> {
    let mut out: Vec<(&'static str, Vec<u8>)> = Vec::new();
    for (name, s) in [
        ("natural", join(&sort_natural(lines))),
        ("byte-path", join(&sort_byte_path(lines))),
        ("byte-line", join(&sort_byte_line(lines))),
    ] {
        if !out.iter().any(|(_, t)| *t == s) {
            out.push((name, s));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// MAC (spec 1.7)
// ---------------------------------------------------------------------------

/// HMAC-SHA512 of `msg` under `secret`, standard base64 with padding.
pub fn hmac_b64(secret: &[u8], msg: &[u8]) -> String {
    use base64::Engine as _;
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha512>::new_from_slice(secret).unwrap();
    mac.update(msg);
    let tag = mac.finalize().into_bytes();
    let mut buf = [0u8; 88];
    let n = base64::engine::general_purpose::STANDARD
        .encode_slice(tag.as_slice(), &mut buf)
        .unwrap();
    assert_eq!(n, 88);
    String::from_utf8(buf.to_vec()).unwrap()
}

/// Bytes as text for messages (lossy, with control characters visible).
pub fn show(b: &[u8]) -> String {
    format!("{:?}", String::from_utf8_lossy(b))
}

// ---------------------------------------------------------------------------
// Ambiguous data (docs/signature.md): the rules, written again
// ---------------------------------------------------------------------------

/// What makes a member ambiguous (the reference's own names; the tests map
/// them to the crate's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ambiguity {
    /// The key is empty or contains `;` or `:`.
    Key,
    /// A string value with a `;` and, later in it, a `:`.
    Separator,
    /// An integer literal outside the signed 64-bit range.
    IntegerRange,
    /// A fraction or exponent with more than 14 significant digits.
    Digits,
    /// A non-zero number below 1E-307 in magnitude.
    Tiny,
}

/// One step of a member's path from the top-level object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// An object member, by its decoded key.
    Key(String),
    /// An array element, by its index.
    Index(usize),
}

/// The first ambiguous member of a document, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: Vec<Seg>,
    pub reason: Ambiguity,
}

/// Rule 1: a key that is empty or holds a path or line separator.
pub fn key_is_ambiguous(key: &str) -> bool {
    key.is_empty() || key.chars().any(|c| c == ';' || c == ':')
}

/// Rule 2: everything after the first `;` contains a `:`.
pub fn string_is_ambiguous(s: &str) -> bool {
    s.split_once(';')
        .is_some_and(|(_, after)| after.contains(':'))
}

/// Rule 3, on a JSON number literal (as `arbitrary_precision` keeps it), with
/// exact decimal reasoning on its digits (no float parsing at all):
/// * no fraction and no exponent: ambiguous when outside `i64`;
/// * else count the significant digits of the mantissa (leading and trailing
///   zeros removed): more than 14 is ambiguous; all zeros is zero, never
///   ambiguous;
/// * else the value is `d.ddd x 10^e` with `d` the first non-zero digit, so
///   it lies in `[10^e, 10^(e+1))`: below `10^-307` exactly when `e <= -308`.
pub fn number_ambiguity(literal: &str) -> Option<Ambiguity> {
    let unsigned = literal.strip_prefix('-').unwrap_or(literal);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if exponent.is_none() && !mantissa.contains('.') {
        let inside = literal
            .parse::<i128>()
            .is_ok_and(|v| (i128::from(i64::MIN)..=i128::from(i64::MAX)).contains(&v));
        return (!inside).then_some(Ambiguity::IntegerRange);
    }
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    let first = digits.iter().position(|&d| d != b'0')?; // None: the number is zero
    let last = digits.iter().rposition(|&d| d != b'0').unwrap();
    if last - first + 1 > 14 {
        return Some(Ambiguity::Digits);
    }
    let e10 = exponent.map_or(0, saturating_exponent);
    // The first significant digit's place: 10^(len(int) - 1 - first), times 10^e10.
    let place = (int.len() as i64 - 1 - first as i64).saturating_add(e10);
    (place <= -308).then_some(Ambiguity::Tiny)
}

/// The exponent of a literal (`+12`, `-7`, `007`), saturating far beyond any
/// double's range.
fn saturating_exponent(text: &str) -> i64 {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = digits.bytes().fold(0i64, |acc, d| {
        acc.saturating_mul(10).saturating_add(i64::from(d - b'0'))
    });
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// Parses `text` and returns its first ambiguous member among those the
/// signature covers with `exclude` (see [`first_ambiguity_of`]); the parse
/// errors of [`lines_of_text`] first.
pub fn first_ambiguity(text: &str, exclude: Exclude) -> Result<Option<Finding>, RefError> {
    let v: Value = serde_json::from_str(text).map_err(|e| RefError::Parse(e.to_string()))?;
    let Value::Object(map) = v else {
        return Err(RefError::NotAnObject);
    };
    lines_of_object(&map, exclude)?; // numbers beyond f64 are parse errors, not ambiguity
    Ok(first_ambiguity_of(&map, exclude))
}

/// The first ambiguous member of a top-level object in document order
/// (pre-order: a member's key, then its value, then its children). Every
/// member counts, whether it makes a line or not (the keys of empty objects
/// and arrays too), except `frame_mode` members at any depth with all they
/// hold, and the signature member(s) `exclude` leaves out, with all they hold.
pub fn first_ambiguity_of(map: &Map<String, Value>, exclude: Exclude) -> Option<Finding> {
    let mut path = Vec::new();
    for (key, value) in map {
        if key == "frame_mode"
            || (key == "signature" && matches!(exclude, Exclude::Both | Exclude::TopLevel))
        {
            continue;
        }
        path.push(Seg::Key(key.clone()));
        let found = match value {
            Value::Object(general)
                if key == "general" && matches!(exclude, Exclude::Both | Exclude::General) =>
            {
                members(general, &mut path, true)
            }
            _ => member(Some(key), value, &mut path),
        };
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

fn member(key: Option<&str>, value: &Value, path: &mut Vec<Seg>) -> Option<Finding> {
    let here = |reason| {
        Some(Finding {
            path: path.clone(),
            reason,
        })
    };
    if key.is_some_and(key_is_ambiguous) {
        return here(Ambiguity::Key);
    }
    match value {
        Value::String(s) if string_is_ambiguous(s) => here(Ambiguity::Separator),
        Value::Number(n) => number_ambiguity(n.as_str()).and_then(here),
        Value::Object(m) => members(m, path, false),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            path.push(Seg::Index(i));
            let found = member(None, v, path);
            path.pop();
            found
        }),
        _ => None,
    }
}

fn members(m: &Map<String, Value>, path: &mut Vec<Seg>, skip_signature: bool) -> Option<Finding> {
    m.iter().find_map(|(k, v)| {
        if k == "frame_mode" || (skip_signature && k == "signature") {
            return None;
        }
        path.push(Seg::Key(k.clone()));
        let found = member(Some(k), v, path);
        path.pop();
        found
    })
}

/// The dotted path the crate's explanation of a finding starts with: keys
/// decoded, indices as numbers, each key cut to its first 200 bytes (at a
/// character boundary, then `...`), control characters escaped as Rust's
/// `char::escape_debug` does (so the message stays on one line); for a key
/// finding, `key ` first and the offending key quoted as Rust's `{:?}` does.
pub fn explained_path(f: &Finding) -> String {
    let mut out = String::new();
    if f.reason == Ambiguity::Key {
        out.push_str("key ");
    }
    for (i, seg) in f.path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        match seg {
            Seg::Index(n) => out.push_str(&n.to_string()),
            Seg::Key(k) => {
                let quote = f.reason == Ambiguity::Key && i + 1 == f.path.len();
                let mut end = k.len().min(200);
                while !k.is_char_boundary(end) {
                    end -= 1;
                }
                let cut = &k[..end];
                let more = if end < k.len() { "..." } else { "" };
                if quote {
                    out.push_str(&format!("{cut:?}"));
                } else {
                    for c in cut.chars() {
                        if c.is_control() {
                            out.extend(c.escape_debug());
                        } else {
                            out.push(c);
                        }
                    }
                }
                out.push_str(more);
            }
        }
    }
    out
}
