//! An independent, deliberately plain implementation of the canonical string
//! (spec `signature.md` sections 1 and 4), for the `differential` target.
//!
//! It shares no code with `monetix-gate`:
//! * parsing is `serde_json` (`preserve_order` keeps document order,
//!   `arbitrary_precision` keeps each number's exact text) into a [`Node`]
//!   tree that keeps *every* member, so duplicate keys stay visible (a plain
//!   `serde_json::Value` would silently keep the last one);
//! * flattening is plain recursion;
//! * the sort is a stable insertion sort with a transcription of PHP's
//!   `strnatcmp_ex` (`ext/standard/strnatcmp.c`, PHP 8), reading one NUL past
//!   the end like the C code does;
//! * numbers that are not `i64` are formatted like PHP's `%.14G`
//!   (`zend_gcvt` with precision 14, `zend_dtoa` mode 2: correctly rounded,
//!   ties to even) from the exact decimal expansion of the `f64`, computed
//!   with a small big integer, not with `core::fmt`;
//! * ambiguous data (`docs/signature.md`) is found by its own walk over the
//!   tree and its own reading of each number's literal text (digit strings,
//!   no float parsing), with the path of the first offending member.
//!
//! Speed does not matter; clarity does.

use core::cmp::Ordering;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// `serde_json`'s private map key for a number under `arbitrary_precision`.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// One JSON value; objects keep every member in document order (duplicates
/// included).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    /// The number's exact text.
    Number(String),
    Str(String),
    Array(Vec<Node>),
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

/// Parses `input` with serde_json into a [`Node`]; `None` if serde_json
/// refuses it.
pub fn parse(input: &[u8]) -> Option<Node> {
    serde_json::from_slice::<Node>(input).ok()
}

/// What the reference finds wrong with a document serde_json accepted (each
/// one an error core must report, one of them, whichever comes first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Problems {
    pub not_an_object: bool,
    pub duplicate_key: bool,
    pub number_out_of_range: bool,
    pub too_deep: bool,
    pub too_many_values: bool,
}

impl Problems {
    pub fn any(&self) -> bool {
        self.not_an_object
            || self.duplicate_key
            || self.number_out_of_range
            || self.too_deep
            || self.too_many_values
    }
}

/// Scans a parsed document for everything spec section 4 rejects, with the
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
        Node::Number(t) => {
            if format_number(t).is_none() {
                p.number_out_of_range = true;
            }
        }
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

/// One flattened leaf.
#[derive(Debug, Clone)]
pub struct Line {
    pub path: Vec<u8>,
    pub value: Vec<u8>,
}

/// The lines of a document in document order, leaving out `frame_mode`
/// members (any depth), a top-level `signature` and `general.signature`
/// (what a request's signature covers). `None` if a number is out of range.
pub fn lines(root: &Node) -> Option<Vec<Line>> {
    lines_excluding(root, true)
}

/// As [`lines`]; `general.signature` is left out only when `general_sig`
/// (verifying a body that has a top-level `signature` covers it).
pub fn lines_excluding(root: &Node, general_sig: bool) -> Option<Vec<Line>> {
    let Node::Object(members) = root else {
        return None;
    };
    let mut out = Vec::new();
    for (k, v) in members {
        if k == "signature" || k == "frame_mode" {
            continue;
        }
        let seg = segment(k);
        if k == "general" {
            if let Node::Object(g) = v {
                for (gk, gv) in g {
                    if (general_sig && gk == "signature") || gk == "frame_mode" {
                        continue;
                    }
                    let mut path = seg.clone();
                    path.push(b':');
                    path.extend_from_slice(&segment(gk));
                    flatten(gv, path, &mut out)?;
                }
                continue;
            }
        }
        flatten(v, seg, &mut out)?;
    }
    Some(out)
}

fn segment(key: &str) -> Vec<u8> {
    key.replace(':', "::").into_bytes()
}

fn flatten(n: &Node, path: Vec<u8>, out: &mut Vec<Line>) -> Option<()> {
    let leaf = |value: Vec<u8>, out: &mut Vec<Line>| {
        out.push(Line {
            path: path.clone(),
            value,
        })
    };
    match n {
        Node::Null => leaf(Vec::new(), out),
        Node::Bool(true) => leaf(b"1".to_vec(), out),
        Node::Bool(false) => leaf(b"0".to_vec(), out),
        Node::Number(t) => leaf(format_number(t)?.into_bytes(), out),
        Node::Str(s) => leaf(s.as_bytes().to_vec(), out),
        Node::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut p = path.clone();
                p.push(b':');
                p.extend_from_slice(i.to_string().as_bytes());
                flatten(v, p, out)?;
            }
        }
        Node::Object(members) => {
            for (k, v) in members {
                if k == "frame_mode" {
                    continue;
                }
                let mut p = path.clone();
                p.push(b':');
                p.extend_from_slice(&segment(k));
                flatten(v, p, out)?;
            }
        }
    }
    Some(())
}

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
            if strnatcmp(&lines[right[j]].path, &lines[idx[i]].path) == Ordering::Less {
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

/// Whether `order` is the one and only stable sort of `lines` by natural
/// order: every pair compares consistently with its position. When it is
/// not, the comparator is not a total order on these paths (whitespace and
/// leading zeros can do that) and different correct sorts may disagree.
pub fn order_is_unique(lines: &[Line], order: &[usize]) -> bool {
    for (a, &i) in order.iter().enumerate() {
        for &j in &order[a + 1..] {
            match strnatcmp(&lines[i].path, &lines[j].path) {
                Ordering::Less => {}
                Ordering::Equal if i < j => {}
                _ => return false,
            }
        }
    }
    true
}

/// Stable sort by the bytes of the path (`by_line == false`) or of the
/// whole `path:value` line (spec section 3, the tolerant orders).
pub fn byte_order(lines: &[Line], by_line: bool) -> Vec<usize> {
    let key = |l: &Line| {
        let mut k = l.path.clone();
        if by_line {
            k.push(b':');
            k.extend_from_slice(&l.value);
        }
        k
    };
    let mut idx: Vec<usize> = (0..lines.len()).collect();
    idx.sort_by_key(|&i| key(&lines[i])); // stable
    idx
}

/// `path:value` lines joined with `;`.
pub fn join(lines: &[Line], order: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    for (n, &i) in order.iter().enumerate() {
        if n > 0 {
            out.push(b';');
        }
        out.extend_from_slice(&lines[i].path);
        out.push(b':');
        out.extend_from_slice(&lines[i].value);
    }
    out
}

// ---------------------------------------------------------------------------
// PHP strnatcmp_ex (case-sensitive), transcribed from ext/standard/strnatcmp.c
// ---------------------------------------------------------------------------

/// The byte at `i`, or 0 past the end (PHP strings are NUL-terminated).
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

fn isdigit(c: u8) -> bool {
    c.is_ascii_digit()
}

/// C `isspace` in the "C" locale.
fn isspace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn compare_right(a: &[u8], ap: &mut usize, b: &[u8], bp: &mut usize) -> i32 {
    let mut bias = 0;
    loop {
        let a_end = *ap >= a.len() || !isdigit(at(a, *ap));
        let b_end = *bp >= b.len() || !isdigit(at(b, *bp));
        if a_end && b_end {
            return bias;
        } else if a_end {
            return -1;
        } else if b_end {
            return 1;
        } else if at(a, *ap) < at(b, *bp) {
            if bias == 0 {
                bias = -1;
            }
        } else if at(a, *ap) > at(b, *bp) && bias == 0 {
            bias = 1;
        }
        *ap += 1;
        *bp += 1;
    }
}

fn compare_left(a: &[u8], ap: &mut usize, b: &[u8], bp: &mut usize) -> i32 {
    loop {
        let a_end = *ap >= a.len() || !isdigit(at(a, *ap));
        let b_end = *bp >= b.len() || !isdigit(at(b, *bp));
        if a_end && b_end {
            return 0;
        } else if a_end {
            return -1;
        } else if b_end {
            return 1;
        } else if at(a, *ap) < at(b, *bp) {
            return -1;
        } else if at(a, *ap) > at(b, *bp) {
            return 1;
        }
        *ap += 1;
        *bp += 1;
    }
}

/// PHP's `strnatcmp_ex(a, b, false)`.
pub fn strnatcmp(a: &[u8], b: &[u8]) -> Ordering {
    let r = strnatcmp_ex(a, b);
    r.cmp(&0)
}

fn strnatcmp_ex(a: &[u8], b: &[u8]) -> i32 {
    let (alen, blen) = (a.len(), b.len());
    if alen == 0 || blen == 0 {
        return if alen == blen {
            0
        } else if alen > blen {
            1
        } else {
            -1
        };
    }
    let (mut ap, mut bp) = (0usize, 0usize);
    let mut leading = true;
    loop {
        let mut ca = at(a, ap);
        let mut cb = at(b, bp);

        // skip over leading zeros
        while leading && ca == b'0' && ap + 1 < alen && isdigit(at(a, ap + 1)) {
            ap += 1;
            ca = at(a, ap);
        }
        while leading && cb == b'0' && bp + 1 < blen && isdigit(at(b, bp + 1)) {
            bp += 1;
            cb = at(b, bp);
        }
        leading = false;

        // Skip consecutive whitespace
        while isspace(ca) {
            ap += 1;
            ca = at(a, ap);
        }
        while isspace(cb) {
            bp += 1;
            cb = at(b, bp);
        }

        // process run of digits
        if isdigit(ca) && isdigit(cb) {
            let fractional = ca == b'0' || cb == b'0';
            let result = if fractional {
                compare_left(a, &mut ap, b, &mut bp)
            } else {
                compare_right(a, &mut ap, b, &mut bp)
            };
            if result != 0 {
                return result;
            } else if ap == alen && bp == blen {
                return 0;
            } else if ap == alen {
                return -1;
            } else if bp == blen {
                return 1;
            } else {
                ca = at(a, ap);
                cb = at(b, bp);
            }
        }

        if ca < cb {
            return -1;
        } else if ca > cb {
            return 1;
        }

        ap += 1;
        bp += 1;
        if ap >= alen && bp >= blen {
            return 0;
        } else if ap >= alen {
            return -1;
        } else if bp >= blen {
            return 1;
        }
    }
}

// ---------------------------------------------------------------------------
// Ambiguous data: members whose lines could be re-split (docs/signature.md)
// ---------------------------------------------------------------------------

/// Why a member is ambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ambiguity {
    /// A key that is empty or holds `;` or `:`.
    Key,
    /// A string with a `;` and a `:` somewhere after it.
    Separator,
    /// An integer literal outside `i64`.
    IntegerRange,
    /// A fraction or exponent with more than 14 significant digits.
    Digits,
    /// A non-zero number whose magnitude is below `1E-307`.
    Tiny,
}

/// One step from the top-level object to a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The first ambiguous member in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offender {
    pub path: Vec<Step>,
    pub reason: Ambiguity,
}

/// The signature member(s) a signature does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsigned {
    /// Signing: the top-level `signature` and `general.signature`.
    Both,
    /// Verifying with a top-level `signature`: only that member
    /// (`general.signature` is data).
    TopLevel,
    /// Verifying with `general.signature` (no top-level one): only that.
    General,
}

/// The first member (pre-order: key, then scalar value, then children) that
/// is ambiguous among those a signature covers: every member, keys of empty
/// containers included, except `frame_mode` members at any depth and the
/// `unsigned` signature member(s), each with everything inside.
pub fn first_ambiguous(root: &Node, unsigned: Unsigned) -> Option<Offender> {
    let Node::Object(members) = root else {
        return None;
    };
    let mut path = Vec::new();
    for (k, v) in members {
        if k == "frame_mode" || (k == "signature" && unsigned != Unsigned::General) {
            continue;
        }
        path.push(Step::Key(k.clone()));
        let skip_signature = k == "general" && unsigned != Unsigned::TopLevel;
        let found = match v {
            Node::Object(g) if skip_signature => object_members(g, &mut path, true),
            _ => visit(Some(k), v, &mut path),
        };
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

fn visit(key: Option<&str>, v: &Node, path: &mut Vec<Step>) -> Option<Offender> {
    let reason = if key.is_some_and(key_ambiguous) {
        Some(Ambiguity::Key)
    } else {
        match v {
            Node::Str(s) if text_ambiguous(s) => Some(Ambiguity::Separator),
            Node::Number(t) => literal_ambiguity(t),
            Node::Object(m) => return object_members(m, path, false),
            Node::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    let found = visit(None, item, path);
                    path.pop();
                    if found.is_some() {
                        return found;
                    }
                }
                None
            }
            _ => None,
        }
    };
    reason.map(|reason| Offender {
        path: path.clone(),
        reason,
    })
}

fn object_members(
    members: &[(String, Node)],
    path: &mut Vec<Step>,
    skip_signature: bool,
) -> Option<Offender> {
    for (k, v) in members {
        if k == "frame_mode" || (skip_signature && k == "signature") {
            continue;
        }
        path.push(Step::Key(k.clone()));
        let found = visit(Some(k), v, path);
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// A key that is empty or contains a line or path separator.
pub fn key_ambiguous(k: &str) -> bool {
    k.is_empty() || k.contains(';') || k.contains(':')
}

/// A string with a `:` after its first `;`.
pub fn text_ambiguous(s: &str) -> bool {
    match s.find(';') {
        Some(at) => s[at..].contains(':'),
        None => false,
    }
}

/// The ambiguity of a JSON number literal, from its digits alone:
/// * an integer literal (no `.`, no exponent) is outside `i64` when its
///   digits (leading zeros aside) compare above `9223372036854775807`
///   (`...808` for a negative one), as strings of equal length;
/// * otherwise its significant digits (integer and fraction digits, leading
///   and trailing zeros removed) are counted: none is zero, over 14 is
///   `Digits`;
/// * otherwise the value is `0.d... x 10^k` with `d` non-zero, between
///   `10^(k-1)` and `10^k`: below `1E-307` exactly when `k <= -307`.
pub fn literal_ambiguity(literal: &str) -> Option<Ambiguity> {
    let negative = literal.starts_with('-');
    let t = literal.trim_start_matches('-');
    let (mantissa, exponent) = match t.find(|c| c == 'e' || c == 'E') {
        Some(at) => (&t[..at], Some(&t[at + 1..])),
        None => (t, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if exponent.is_none() && !mantissa.contains('.') {
        let digits = int.trim_start_matches('0');
        let limit = if negative {
            "9223372036854775808"
        } else {
            "9223372036854775807"
        };
        let outside = digits.len() > limit.len() || (digits.len() == limit.len() && digits > limit);
        return outside.then_some(Ambiguity::IntegerRange);
    }
    let all = format!("{int}{frac}");
    let zeros_before = all.len() - all.trim_start_matches('0').len();
    let significant = all.trim_matches('0');
    if significant.is_empty() {
        return None;
    }
    if significant.len() > 14 {
        return Some(Ambiguity::Digits);
    }
    let e = exponent.map_or(0, |e| {
        let (minus, digits) = match e.as_bytes()[0] {
            b'-' => (true, &e[1..]),
            b'+' => (false, &e[1..]),
            _ => (false, e),
        };
        let digits = digits.trim_start_matches('0');
        // beyond 30 digits, anything far past the range of a double
        let magnitude: i128 = if digits.len() > 30 {
            10i128.pow(30)
        } else {
            digits.parse().unwrap_or(0)
        };
        if minus {
            -magnitude
        } else {
            magnitude
        }
    });
    let k = int.len() as i128 - zeros_before as i128 + e;
    (k <= -307).then_some(Ambiguity::Tiny)
}

/// The path part of core's explanation (`ambiguity::explain`) of an
/// offender: steps joined by `.`, indices as numbers, keys decoded and cut
/// to 200 bytes (at a character boundary, then `...`), control characters
/// written as `char::escape_debug` writes them; a key offender is prefixed
/// `key ` and its own key written as `{:?}` writes a string.
pub fn explained_path(o: &Offender) -> String {
    let mut out = String::new();
    if o.reason == Ambiguity::Key {
        out.push_str("key ");
    }
    let last = o.path.len().saturating_sub(1);
    for (i, step) in o.path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        match step {
            Step::Index(n) => out.push_str(&n.to_string()),
            Step::Key(k) => {
                let mut cut = k.len().min(200);
                while !k.is_char_boundary(cut) {
                    cut -= 1;
                }
                let shown = &k[..cut];
                if o.reason == Ambiguity::Key && i == last {
                    out.push_str(&format!("{shown:?}"));
                } else {
                    for c in shown.chars() {
                        if c.is_control() {
                            out.extend(c.escape_debug());
                        } else {
                            out.push(c);
                        }
                    }
                }
                if cut < k.len() {
                    out.push_str("...");
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Numbers: exact integers, PHP `%.14G` for everything else
// ---------------------------------------------------------------------------

/// The canonical text of a JSON number: its exact decimal text when it is an
/// integer in the `i64` range (`-0` gives `0`), else PHP's `%.14G` of the
/// nearest `f64`. `None` when that `f64` is infinite (out of range).
pub fn format_number(text: &str) -> Option<String> {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(i) = text.parse::<i64>() {
            return Some(i.to_string());
        }
    }
    let v: f64 = text.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(php_g14(v))
}

/// A little-endian big unsigned integer in base 10^9.
struct Big(Vec<u64>);

const BASE: u64 = 1_000_000_000;

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut limbs = vec![v % BASE, (v / BASE) % BASE, v / BASE / BASE];
        while limbs.len() > 1 && *limbs.last().unwrap() == 0 {
            limbs.pop();
        }
        Big(limbs)
    }

    fn mul_small(&mut self, m: u64) {
        let mut carry = 0u64;
        for l in &mut self.0 {
            let v = *l * m + carry;
            *l = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            self.0.push(carry % BASE);
            carry /= BASE;
        }
    }

    fn mul_pow(&mut self, base: u64, mut exp: u32) {
        // base^chunk stays below 2^32 so limb * m fits in u64.
        let chunk = if base == 2 { 31 } else { 13 };
        while exp > 0 {
            let e = exp.min(chunk);
            self.mul_small(base.pow(e));
            exp -= e;
        }
    }

    fn digits(&self) -> Vec<u8> {
        let mut s = String::new();
        for (i, l) in self.0.iter().rev().enumerate() {
            if i == 0 {
                s.push_str(&l.to_string());
            } else {
                s.push_str(&format!("{l:09}"));
            }
        }
        s.into_bytes()
    }
}

/// PHP `%.14G` (precision 14) of a finite `f64`: 14 significant digits
/// rounded half to even from the exact binary value, trailing zeros removed,
/// plain notation for decimal exponents -4..=13, else `d.dddE±x` with at
/// least one digit after the point.
pub fn php_g14(v: f64) -> String {
    let neg = v.is_sign_negative();
    let sign = if neg { "-" } else { "" };
    if v == 0.0 {
        return format!("{sign}0");
    }
    let bits = v.abs().to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    // value = digits * 10^(-shift)
    let mut big = Big::from_u64(m);
    let shift: i32 = if e >= 0 {
        big.mul_pow(2, e as u32);
        0
    } else {
        big.mul_pow(5, (-e) as u32);
        -e
    };
    let mut d = big.digits();
    // Decimal exponent of the first digit.
    let mut x = d.len() as i32 - 1 - shift;
    // Round to 14 significant digits, ties to even.
    if d.len() > 14 {
        let rest = d.split_off(14);
        let first = rest[0];
        let tail_nonzero = rest[1..].iter().any(|&c| c != b'0');
        let up = first > b'5' || (first == b'5' && (tail_nonzero || (d[13] - b'0') % 2 == 1));
        if up {
            let mut i = 13;
            loop {
                if d[i] == b'9' {
                    d[i] = b'0';
                    if i == 0 {
                        d.insert(0, b'1');
                        d.pop();
                        x += 1;
                        break;
                    }
                    i -= 1;
                } else {
                    d[i] += 1;
                    break;
                }
            }
        }
    }
    while d.len() > 1 && *d.last().unwrap() == b'0' {
        d.pop();
    }
    let d = String::from_utf8(d).unwrap();
    if !(-4..14).contains(&x) {
        let rest = if d.len() > 1 { &d[1..] } else { "0" };
        let esign = if x < 0 { '-' } else { '+' };
        format!("{sign}{}.{rest}E{esign}{}", &d[..1], x.abs())
    } else if x < 0 {
        format!("{sign}0.{}{d}", "0".repeat((-x - 1) as usize))
    } else {
        let int_len = (x + 1) as usize;
        if d.len() <= int_len {
            format!("{sign}{d}{}", "0".repeat(int_len - d.len()))
        } else {
            format!("{sign}{}.{}", &d[..int_len], &d[int_len..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for (t, want) in [
            ("1.0", "1"),
            ("10.50", "10.5"),
            ("1e3", "1000"),
            ("0.30000000000000004", "0.3"),
            ("-0.0", "-0"),
            ("-0", "0"),
            ("1e21", "1.0E+21"),
            ("1e-7", "1.0E-7"),
            ("0.0001", "0.0001"),
            ("0.00001", "1.0E-5"),
            ("12345678901234", "12345678901234"),
            ("1e13", "10000000000000"),
            ("1e14", "1.0E+14"),
            ("9223372036854775808", "9.2233720368548E+18"),
            ("-9223372036854775808", "-9223372036854775808"),
            ("99999999999999.5", "1.0E+14"),
            ("5e-324", "4.9406564584125E-324"),
            ("1.7976931348623157e308", "1.7976931348623E+308"),
        ] {
            assert_eq!(format_number(t).as_deref(), Some(want), "{t}");
        }
        assert_eq!(format_number("1e309"), None);
    }

    #[test]
    fn ambiguous_numbers() {
        use Ambiguity::*;
        for (t, want) in [
            ("9223372036854775807", None),
            ("-9223372036854775808", None),
            ("9223372036854775808", Some(IntegerRange)),
            ("-9223372036854775809", Some(IntegerRange)),
            ("18446744073709551616", Some(IntegerRange)),
            ("-0", None),
            ("1.000000000000000", None),
            ("0.30000000000000004", Some(Digits)),
            ("12345678901234.5", Some(Digits)),
            ("1234567890123.4", None),
            ("123456789012345e0", Some(Digits)),
            ("3e-324", Some(Tiny)),
            ("1e-400", Some(Tiny)),
            ("-1E-99999999999999999999999999999999999999", Some(Tiny)),
            ("1e-307", None),
            ("0.99999999999999e-307", Some(Tiny)),
            ("0.0e-400", None),
            ("-0.0", None),
            ("1e21", None),
            ("10.50", None),
        ] {
            assert_eq!(literal_ambiguity(t), want, "{t}");
        }
    }

    #[test]
    fn first_offender() {
        let doc = |t: &str| parse(t.as_bytes()).unwrap();
        let found = |t: &str, u| first_ambiguous(&doc(t), u).map(|o| explained_path(&o));
        assert_eq!(found(r#"{"a":1}"#, Unsigned::Both), None);
        assert_eq!(
            found(r#"{"z":{"k":[1,"x;y:z"]},"a:b":1}"#, Unsigned::Both).as_deref(),
            Some("z.k.1")
        );
        assert_eq!(
            found(r#"{"x":[{"a;":[]}]}"#, Unsigned::Both).as_deref(),
            Some(r#"key x.0."a;""#)
        );
        let sigs = r#"{"signature":{"a:b":1},"general":{"signature":["x;y:z"]}}"#;
        assert_eq!(found(sigs, Unsigned::Both), None);
        assert_eq!(
            found(sigs, Unsigned::TopLevel).as_deref(),
            Some("general.signature.0")
        );
        assert_eq!(
            found(sigs, Unsigned::General).as_deref(),
            Some(r#"key signature."a:b""#)
        );
        assert_eq!(
            found(
                r#"{"frame_mode":{"a:b":1},"x":[{"frame_mode":1e-400}]}"#,
                Unsigned::Both
            ),
            None
        );
        assert_eq!(
            found("{\"a\\tb\":{\"c\":1e-400}}", Unsigned::Both).as_deref(),
            Some("a\\tb.c")
        );
    }

    #[test]
    fn natural() {
        let lt = |a: &str, b: &str| strnatcmp(a.as_bytes(), b.as_bytes()) == Ordering::Less;
        assert!(lt("list:2", "list:10"));
        assert!(lt("a", "a1") && lt("a1", "a2") && lt("a2", "a10") && lt("a10", "a_b"));
        assert!(lt("x001", "x01") && lt("x01", "x1"));
        assert_eq!(strnatcmp(b"a b", b"ab"), Ordering::Equal);
    }
}
