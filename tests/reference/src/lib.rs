//! An independent reference implementation of the Gate canonical string
//! (`docs/signature.md`, sections 1-4), of the ambiguity rules
//! (`docs/signature.md`) and of the MAC, written for the tests only: the one
//! oracle of core's test suite (`core/tests`) and of the fuzz targets
//! (`fuzz/`).
//!
//! It shares no code with `monetix-gate` and never calls it:
//! * parsing is `serde_json` (`preserve_order` keeps document order,
//!   `arbitrary_precision` keeps each number's exact text) into a [`Node`]
//!   tree that keeps *every* member, so duplicate keys stay visible (a plain
//!   `serde_json::Value` would silently keep the last one) for arbitrary
//!   bytes; the text entry points ([`parse_object`], [`lines_of_text`],
//!   [`canonical`], [`first_ambiguity`]) refuse a duplicate key, as spec
//!   section 4 does;
//! * flattening is plain recursion;
//! * the sort is a stable merge sort (it never panics, whatever the
//!   comparator does) with a transcription of PHP's `strnatcmp_ex`
//!   (`ext/standard/strnatcmp.c`, PHP 8), reading one NUL past the end like
//!   the C code does; [`order_is_unique`] tells when that order is not
//!   well defined;
//! * numbers that are not `i64` are formatted like PHP's `(string)$float`
//!   with `precision=14` (`zend_gcvt`, `zend_dtoa` mode 2: correctly rounded,
//!   ties to even) from the exact decimal expansion of the `f64`, computed
//!   with a small big integer, not with `core::fmt`; a tie is reported;
//! * ambiguous data is found by its own walk over the tree and exact decimal
//!   reasoning on each number's literal text (digit strings, no float
//!   parsing), with the path of the first offending member printed as core's
//!   explanation prints it;
//! * the MAC is HMAC-SHA512 built by hand on SHA-512 (RFC 2104), and base64
//!   by hand (RFC 4648), not the `hmac` crate core uses.
//!
//! It is deliberately simple and allocation-happy; speed does not matter,
//! clarity does.

use core::cmp::Ordering;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use sha2::{Digest, Sha512};

// ---------------------------------------------------------------------------
// The tree (every member kept, duplicates included)
// ---------------------------------------------------------------------------

/// `serde_json`'s private map key for a number under `arbitrary_precision`.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// One JSON value; objects keep every member in document order (duplicates
/// included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// The number's exact text.
    Number(String),
    /// A string, decoded.
    Str(String),
    /// An array.
    Array(Vec<Node>),
    /// An object: every member in document order, duplicates included.
    Object(Vec<(String, Node)>),
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        // Never reached with `arbitrary_precision` (numbers come as text).
        Err(E::custom("float without its text"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element::<Node>()? {
            items.push(v);
        }
        Ok(Node::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut members = Vec::new();
        let mut first = true;
        while let Some(k) = map.next_key::<String>()? {
            if first && k == NUMBER_TOKEN {
                // A number (or an object whose first key is the token, which
                // serde_json's own `Value` refuses too).
                let text: String = map.next_value()?;
                if !is_json_number(&text) {
                    return Err(de::Error::custom("not a number"));
                }
                if map.next_key::<String>()?.is_some() {
                    return Err(de::Error::custom("token object"));
                }
                return Ok(Node::Number(text));
            }
            first = false;
            let v: Node = map.next_value()?;
            members.push((k, v));
        }
        Ok(Node::Object(members))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// RFC 8259 number grammar.
pub fn is_json_number(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return false;
        }
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return false;
        }
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    i == b.len()
}

/// Parses arbitrary bytes with serde_json into a [`Node`]; `None` if
/// serde_json refuses them. Nothing else is checked (see [`problems`]).
pub fn parse(input: &[u8]) -> Option<Node> {
    serde_json::from_slice::<Node>(input).ok()
}

/// Why the reference refuses a document given as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// `serde_json` refused the text.
    Parse(String),
    /// The top level is not an object.
    NotAnObject,
    /// An object holds this key twice (`docs/signature.md` section 4).
    DuplicateKey(String),
    /// A number overflows a 64-bit float.
    NumberOutOfRange(String),
}

/// Parses `text` as a document: an object without a duplicate key anywhere
/// (the errors of `docs/signature.md` section 4 that the limits aside; numbers are checked
/// where lines are made).
pub fn parse_object(text: &str) -> Result<Node, RefError> {
    let root: Node = serde_json::from_str(text).map_err(|e| RefError::Parse(e.to_string()))?;
    if !matches!(root, Node::Object(_)) {
        return Err(RefError::NotAnObject);
    }
    match first_duplicate_key(&root) {
        Some(k) => Err(RefError::DuplicateKey(k.to_owned())),
        None => Ok(root),
    }
}

fn first_duplicate_key(n: &Node) -> Option<&str> {
    match n {
        Node::Array(items) => items.iter().find_map(first_duplicate_key),
        Node::Object(members) => members.iter().enumerate().find_map(|(i, (k, v))| {
            if members[..i].iter().any(|(k2, _)| k2 == k) {
                Some(k.as_str())
            } else {
                first_duplicate_key(v)
            }
        }),
        _ => None,
    }
}

/// What the reference finds wrong with a document serde_json accepted (each
/// one an error core must report, one of them, whichever comes first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Problems {
    /// The top level is not an object.
    pub not_an_object: bool,
    /// Some object holds a key twice.
    pub duplicate_key: bool,
    /// Some number overflows a 64-bit float.
    pub number_out_of_range: bool,
    /// Containers nest deeper than the limit.
    pub too_deep: bool,
    /// More values than the limit.
    pub too_many_values: bool,
}

impl Problems {
    /// Whether anything at all is wrong.
    pub fn any(&self) -> bool {
        self.not_an_object
            || self.duplicate_key
            || self.number_out_of_range
            || self.too_deep
            || self.too_many_values
    }
}

/// Scans a parsed document for everything `docs/signature.md` section 4 rejects, with the
/// given limits (values = object members plus array elements; the top-level
/// object is depth 1).
pub fn problems(root: &Node, max_values: usize, max_depth: usize) -> Problems {
    let mut p = Problems::default();
    if !matches!(root, Node::Object(_)) {
        p.not_an_object = true;
        return p;
    }
    let mut values = 0usize;
    scan(root, 1, &mut values, &mut p, max_depth);
    p.too_many_values = values > max_values;
    p
}

fn scan(n: &Node, depth: usize, values: &mut usize, p: &mut Problems, max_depth: usize) {
    match n {
        Node::Number(t) if format_number(t).is_err() => p.number_out_of_range = true,
        Node::Array(items) => {
            if depth > max_depth {
                p.too_deep = true;
            }
            for v in items {
                *values += 1;
                scan(v, depth + 1, values, p, max_depth);
            }
        }
        Node::Object(members) => {
            if depth > max_depth {
                p.too_deep = true;
            }
            for (i, (k, v)) in members.iter().enumerate() {
                if members[..i].iter().any(|(k2, _)| k2 == k) {
                    p.duplicate_key = true;
                }
                *values += 1;
                scan(v, depth + 1, values, p, max_depth);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Flattening (spec 1.2, 1.3, 2)
// ---------------------------------------------------------------------------

/// Which signature member(s) are left out of the canonical string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclude {
    /// Signing / `canonical()`: both top-level `signature` and `general.signature`.
    Both,
    /// Verifying a body that has a top-level `signature`: only that member
    /// (`general.signature` is data).
    TopLevel,
    /// Verifying a body without a top-level `signature`: only `general.signature`.
    General,
}

impl Exclude {
    fn top_level(self) -> bool {
        matches!(self, Exclude::Both | Exclude::TopLevel)
    }
    fn general(self) -> bool {
        matches!(self, Exclude::Both | Exclude::General)
    }
}

/// One flattened leaf: `path:value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The path, keys joined with `:` (each `:` in a key doubled).
    pub path: Vec<u8>,
    /// The value as the canonical string writes it.
    pub value: Vec<u8>,
}

impl Line {
    /// `path:value`.
    pub fn text(&self) -> Vec<u8> {
        let mut t = self.path.clone();
        t.push(b':');
        t.extend_from_slice(&self.value);
        t
    }
}

/// The lines of a document in document order, leaving out `frame_mode`
/// members (any depth) and the signature member(s) `exclude` names. Every
/// member counts, duplicates included (see [`problems`]).
pub fn lines(root: &Node, exclude: Exclude) -> Result<Vec<Line>, RefError> {
    let Node::Object(members) = root else {
        return Err(RefError::NotAnObject);
    };
    let mut out = Vec::new();
    for (key, value) in members {
        if key == "frame_mode" || (key == "signature" && exclude.top_level()) {
            continue;
        }
        let path = segment(key);
        if key == "general" && exclude.general() {
            if let Node::Object(general) = value {
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

/// Parses `text` ([`parse_object`]) and returns its lines in document order.
pub fn lines_of_text(text: &str, exclude: Exclude) -> Result<Vec<Line>, RefError> {
    lines(&parse_object(text)?, exclude)
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

fn flatten(path: &[u8], value: &Node, out: &mut Vec<Line>) -> Result<(), RefError> {
    let mut leaf = |value: Vec<u8>| {
        out.push(Line {
            path: path.to_vec(),
            value,
        });
    };
    match value {
        Node::Null => leaf(Vec::new()),
        Node::Bool(true) => leaf(b"1".to_vec()),
        Node::Bool(false) => leaf(b"0".to_vec()),
        Node::Str(s) => leaf(s.as_bytes().to_vec()),
        Node::Number(t) => {
            let (text, _tie) = format_number(t)?;
            leaf(text.into_bytes());
        }
        Node::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut p = path.to_vec();
                p.push(b':');
                p.extend_from_slice(i.to_string().as_bytes());
                flatten(&p, v, out)?;
            }
        }
        Node::Object(members) => {
            for (k, v) in members {
                if k == "frame_mode" {
                    continue;
                }
                let mut p = path.to_vec();
                p.push(b':');
                p.extend_from_slice(&segment(k));
                flatten(&p, v, out)?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Number formatting (spec 1.4)
// ---------------------------------------------------------------------------

/// Formats the JSON number `text` (as kept by `arbitrary_precision`): its
/// exact decimal text when it is an integer in the `i64` range (`-0` gives
/// `0`), else PHP's `(string)$float` with `precision=14` of the nearest
/// `f64` ([`php_precision14`]).
///
/// Returns the canonical text and whether rounding to 14 digits hit an exact
/// decimal tie (the spec does not say how ties round; PHP's `zend_dtoa`
/// rounds half to even, and so does this function).
pub fn format_number(text: &str) -> Result<(String, bool), RefError> {
    let is_integer = !text.contains(['.', 'e', 'E']);
    if is_integer {
        if let Ok(v) = text.parse::<i64>() {
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
/// finite decimal), rounded half-to-even to 14 significant digits, trailing
/// zeros removed; plain notation for decimal exponents -4..=13, else
/// `d.dddE±x` with at least one digit after the point. Also returns whether
/// the rounding hit an exact tie.
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
    let digits = String::from_utf8(d).expect("ASCII digits");
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
    const BASE: u64 = 1_000_000_000;
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
        limbs.push(m % BASE);
        m /= BASE;
    }
    // `f` stays below 2^32, so a limb times `f` plus the carry fits in u64.
    let mul_small = |limbs: &mut Vec<u64>, f: u64| {
        let mut carry = 0u64;
        for l in limbs.iter_mut() {
            let v = *l * f + carry;
            *l = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
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

/// C `isspace` in the "C" locale.
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

/// Stable merge sort by path in natural order (plain top-down merge sort,
/// O(n log n) comparisons; never panics, whatever the comparator does);
/// returns the document indices in sorted order.
pub fn natural_order(lines: &[Line]) -> Vec<usize> {
    fn sort(idx: &mut Vec<usize>, lines: &[Line]) {
        if idx.len() < 2 {
            return;
        }
        let mut right = idx.split_off(idx.len() / 2);
        sort(idx, lines);
        sort(&mut right, lines);
        let mut out = Vec::with_capacity(idx.len() + right.len());
        let (mut i, mut j) = (0, 0);
        while i < idx.len() && j < right.len() {
            // Take from the right only when strictly smaller: stable.
            if natural_cmp(&lines[right[j]].path, &lines[idx[i]].path) == Ordering::Less {
                out.push(right[j]);
                j += 1;
            } else {
                out.push(idx[i]);
                i += 1;
            }
        }
        out.extend_from_slice(&idx[i..]);
        out.extend_from_slice(&right[j..]);
        *idx = out;
    }
    let mut idx: Vec<usize> = (0..lines.len()).collect();
    sort(&mut idx, lines);
    idx
}

/// Whether `order` (document indices) is the one and only stable sort of
/// `lines` by natural order: every pair compares consistently with its
/// position, both ways round. When it is not, `strnatcmp` is not a total
/// preorder on these paths (whitespace and leading-zero skipping can make it
/// non-transitive) and different correct stable sorts may legitimately
/// disagree.
pub fn order_is_unique(lines: &[Line], order: &[usize]) -> bool {
    for (a, &i) in order.iter().enumerate() {
        for &j in &order[a + 1..] {
            match natural_cmp(&lines[i].path, &lines[j].path) {
                Ordering::Less => {}
                Ordering::Equal if i < j => {}
                _ => return false,
            }
            // antisymmetry, too
            match natural_cmp(&lines[j].path, &lines[i].path) {
                Ordering::Greater => {}
                Ordering::Equal if i < j => {}
                _ => return false,
            }
        }
    }
    true
}

/// The lines in `order` (document indices).
pub fn in_order(lines: &[Line], order: &[usize]) -> Vec<Line> {
    order.iter().map(|&i| lines[i].clone()).collect()
}

/// Canonical (natural) order: [`natural_order`].
pub fn sort_natural(lines: &[Line]) -> Vec<Line> {
    in_order(lines, &natural_order(lines))
}

/// Natural order plus a consistency verdict ([`order_is_unique`]).
pub fn sort_natural_checked(lines: &[Line]) -> (Vec<Line>, bool) {
    let order = natural_order(lines);
    let ok = order_is_unique(lines, &order);
    (in_order(lines, &order), ok)
}

/// Stable sort by the bytes of the path (`by_line == false`, `byte-path`)
/// or of the whole `path:value` line (`byte-line`); `docs/signature.md` section 3, the
/// tolerant orders. Returns the document indices in sorted order.
pub fn byte_order(lines: &[Line], by_line: bool) -> Vec<usize> {
    let key = |l: &Line| if by_line { l.text() } else { l.path.clone() };
    let mut idx: Vec<usize> = (0..lines.len()).collect();
    idx.sort_by_key(|&i| key(&lines[i])); // stable
    idx
}

/// `byte-path`: stable sort by the bytes of the path.
pub fn sort_byte_path(lines: &[Line]) -> Vec<Line> {
    in_order(lines, &byte_order(lines, false))
}

/// `byte-line`: sort by the bytes of the whole `path:value` line.
pub fn sort_byte_line(lines: &[Line]) -> Vec<Line> {
    in_order(lines, &byte_order(lines, true))
}

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

/// Joins the lines in `order` (document indices) with `;`.
pub fn join_ordered(lines: &[Line], order: &[usize]) -> Vec<u8> {
    join(&in_order(lines, order))
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
// MAC (spec 1.7): HMAC-SHA512 and base64, by hand
// ---------------------------------------------------------------------------

/// HMAC-SHA512 (RFC 2104) of `message` under `key`, built on SHA-512.
pub fn hmac_sha512(key: &[u8], message: &[u8]) -> [u8; 64] {
    const BLOCK: usize = 128;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..64].copy_from_slice(&Sha512::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let mut inner = Sha512::new();
    inner.update(&ipad);
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha512::new();
    outer.update(&opad);
    outer.update(inner);
    let mut out = [0u8; 64];
    out.copy_from_slice(&outer.finalize());
    out
}

/// Standard base64 (RFC 4648 section 4) with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// HMAC-SHA512 of `msg` under `secret`, standard base64 with padding (88
/// characters): the signature of a canonical string.
pub fn hmac_b64(secret: &[u8], msg: &[u8]) -> String {
    let s = base64(&hmac_sha512(secret, msg));
    assert_eq!(s.len(), 88);
    s
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
    /// Where it is.
    pub path: Vec<Seg>,
    /// Why it is ambiguous.
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
    let last = digits
        .iter()
        .rposition(|&d| d != b'0')
        .expect("a non-zero digit");
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

/// Parses `text` ([`parse_object`]) and returns its first ambiguous member
/// among those the signature covers with `exclude` (see
/// [`first_ambiguity_of`]); numbers beyond `f64` are errors (as where lines
/// are made), not ambiguity.
pub fn first_ambiguity(text: &str, exclude: Exclude) -> Result<Option<Finding>, RefError> {
    let root = parse_object(text)?;
    lines(&root, exclude)?;
    Ok(first_ambiguity_of(&root, exclude))
}

/// The first ambiguous member of a document in document order (pre-order: a
/// member's key, then its value, then its children). Every member counts,
/// whether it makes a line or not (the keys of empty objects and arrays too),
/// except `frame_mode` members at any depth with all they hold, and the
/// signature member(s) `exclude` leaves out, with all they hold. `None` for
/// a root that is not an object.
pub fn first_ambiguity_of(root: &Node, exclude: Exclude) -> Option<Finding> {
    let Node::Object(members) = root else {
        return None;
    };
    let mut path = Vec::new();
    for (key, value) in members {
        if key == "frame_mode" || (key == "signature" && exclude.top_level()) {
            continue;
        }
        path.push(Seg::Key(key.clone()));
        let found = match value {
            Node::Object(general) if key == "general" && exclude.general() => {
                members_of(general, &mut path, true)
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

fn member(key: Option<&str>, value: &Node, path: &mut Vec<Seg>) -> Option<Finding> {
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
        Node::Str(s) if string_is_ambiguous(s) => here(Ambiguity::Separator),
        Node::Number(n) => number_ambiguity(n).and_then(here),
        Node::Object(m) => members_of(m, path, false),
        Node::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            path.push(Seg::Index(i));
            let found = member(None, v, path);
            path.pop();
            found
        }),
        _ => None,
    }
}

fn members_of(m: &[(String, Node)], path: &mut Vec<Seg>, skip_signature: bool) -> Option<Finding> {
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
