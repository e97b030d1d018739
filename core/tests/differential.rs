//! Differential property test: the engine against the independent reference
//! in `tests/reference` (the crate `monetix-gate-reference`, shared with the
//! fuzz targets: serde_json + plain recursion + PHP `strnatcmp_ex`
//! transcription under a merge sort + exact big-decimal float formatting +
//! HMAC-SHA512 and base64 by hand).
//!
//! Random documents are generated from a seeded `StdRng` and serialised by
//! this file with random escaping (`\u00e9`, `\/`, surrogate pairs, random hex
//! case) and random whitespace, so the wire text differs from the decoded text.
//!
//! Reproduce: every document has its own seed, `base + index`; a failure
//! prints it. `MNX_DIFF_SEED=<seed> MNX_DIFF_DOCS=1 cargo test -p monetix-gate
//! --test differential` replays exactly that document. `MNX_DIFF_DOCS=<n>`
//! runs more (or fewer) documents; the default is 10,000 per test.
//!
//! Ambiguous data (docs/signature.md) is checked both ways: with the opt-in
//! (`Signer::with_ambiguous_data(AmbiguousData::Allow)`) every signature and
//! every verification result is exactly the reference's, ambiguous or not;
//! without it (the default: `sign`, `sign_body`, `verify`, `Signer::new`),
//! a document is refused with `Error::Ambiguous` exactly when the reference's
//! own predicate (`reference::first_ambiguity`) finds ambiguous data, with
//! that predicate's reason, at the byte offset where the serialiser wrote the
//! first offending member, and `ambiguity::explain` names its path; every
//! other document gives the reference's result as before. `canonical` is
//! never refused. A share of the documents is generated *clean* (no
//! ambiguous data outside `frame_mode` and the signature members), so the
//! default path sees large documents too; the rest hold ambiguous data at a
//! rate the tests report and check.
//!
//! Deliberate blind spots, and why:
//! * Floats whose exact binary value is a decimal tie at the 15th significant
//!   digit (`123456789012345.0`, `0.5`-style dyadic values with 15 digits) are
//!   re-drawn: the spec does not say how PHP's 14-digit rounding breaks ties
//!   (PHP's `zend_dtoa` rounds half to even; the reference does too). One
//!   tie is pinned in `vectors.rs` (`number_formatting_examples`).
//! * Documents whose paths make `strnatcmp` non-transitive (possible with
//!   whitespace and leading zeros) have no single "stable sorted" order, so
//!   they are counted and skipped rather than compared.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    missing_docs
)]

use monetix_gate_reference as reference;

use core::fmt::Write as _;
use std::collections::HashSet;

use std::collections::HashMap;

use monetix_gate::json::{Array, Object, Scalar, Values};
use monetix_gate::{
    ambiguity, canonical, canonical_len, sign, sign_body, signed_body_len, verify, AmbiguousData,
    Error, Mode, Order, Signer,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use reference::{
    candidates, first_ambiguity, hmac_b64, join, lines_of_text, show, sort_natural_checked,
    Exclude, Finding, Seg,
};

const DEFAULT_SEED: u64 = 0x4d4e_585f_4449_4646; // "MNX_DIFF"
const DEFAULT_DOCS: usize = 10_000;
/// Kept inside the engine's defaults (512 values, depth 16) with a margin.
const MAX_VALUES: usize = 500;
const MAX_DEPTH: usize = 15;
/// Failures printed in full (all are counted).
const SHOW_FAILURES: usize = 8;
/// Share of the documents generated clean (no ambiguous data where it is signed).
const CLEAN_SHARE: f64 = 0.3;

fn base_seed() -> u64 {
    match std::env::var("MNX_DIFF_SEED") {
        Ok(s) => {
            let s = s.trim();
            s.strip_prefix("0x")
                .map_or_else(|| s.parse(), |h| u64::from_str_radix(h, 16))
                .expect("MNX_DIFF_SEED must be a decimal or 0x-hex u64")
        }
        Err(_) => DEFAULT_SEED,
    }
}

fn doc_count() -> usize {
    std::env::var("MNX_DIFF_DOCS")
        .ok()
        .map_or(DEFAULT_DOCS, |s| {
            s.trim().parse().expect("MNX_DIFF_DOCS must be a number")
        })
}

// ---------------------------------------------------------------------------
// document model and generator
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    /// Wire text of a JSON number.
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    /// Object members plus array elements, as the engine's limit counts them.
    fn values(&self) -> usize {
        match self {
            J::Arr(items) => items.iter().map(|v| 1 + v.values()).sum(),
            J::Obj(members) => members.iter().map(|(_, v)| 1 + v.values()).sum(),
            _ => 0,
        }
    }

    /// Container nesting depth (the top-level object is 1).
    fn depth(&self) -> usize {
        match self {
            J::Arr(items) => 1 + items.iter().map(J::depth).max().unwrap_or(0),
            J::Obj(members) => 1 + members.iter().map(|(_, v)| v.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }

    fn members_mut(&mut self) -> &mut Vec<(String, J)> {
        match self {
            J::Obj(m) => m,
            _ => panic!("not an object"),
        }
    }
}

/// Keys chosen to stress the natural order, the path rules and escaping.
const TRICKY_KEYS: &[&str] = &[
    "x01",
    "x1",
    "x001",
    "x10",
    "x2",
    "x010",
    "a b",
    "ab",
    "a  b",
    "a\tb",
    "a\nb",
    "item2",
    "item10",
    "item02",
    "item_2",
    "item_10",
    "item 2",
    "0",
    "00",
    "01",
    "1",
    "10",
    "2",
    "007",
    "7",
    " 1",
    "1 ",
    "a:b",
    "a::b",
    ":",
    "::",
    "a:",
    ":a",
    "key 1",
    "key1",
    " lead",
    "trail ",
    "1 2",
    "12",
    "1 3",
    "a1b2",
    "a01b",
    "a1b",
    "a001b",
    "é",
    "ñandú",
    "Año",
    "sí",
    "សុខ",
    "ភ្នំពេញ",
    "😀",
    "emoji😀key",
    "Ab",
    "AB",
    "ab1",
    "ab01",
    "ab001",
    "v1.2",
    "v1.10",
    "-1",
    "1.5",
    "a;b",
    "",
    "x",
    "y",
    "id",
    "amount",
    "A",
    "_",
    "a\u{b}1",
    "a\u{c}1",
    "a\r1",
    "\u{0}",
    "a\u{0}b",
    "\u{7f}",
    "\u{a0}x",
    "9223372036854775808",
    "0a",
    "0 a",
    "00a",
    "0x1",
    "signature_type",
    "general_info",
    "frame",
    "Frame_mode",
    "signatures",
    "a/b",
    "quote\"key",
    "back\\slash",
    "0:0",
    "x 01",
    "x0 1",
];

/// Characters for random keys and strings.
const ALPHABET: &[char] = &[
    'a', 'b', 'x', 'Z', '0', '0', '1', '2', '9', ' ', ':', '_', '-', '.', 'é', 'ñ', 'ស', 'ុ', '😀',
    '\t', ';', '/', '"', '\\', '\n', '\u{1}', '\u{7f}', '\u{2028}', '\u{feff}', '€',
];

const STRINGS: &[&str] = &[
    "",
    " ",
    "  padded  ",
    "semi;colon:mix",
    "José Núñez",
    "Bogotá",
    "Retiro #48",
    "សួស្តី ពិភពលោក",
    "😀🎉",
    "https://example.com/cb?a=1&b=2",
    "https://example.com/ok?x=1;y=2",
    "quote \" backslash \\ tab\t nl\n",
    "\u{0}",
    "\u{1f}",
    "12:30:45",
    "1.0",
    "-0",
    "null",
    "true",
    "001234567890",
    "KHR",
    "COP",
    "payment_47",
];

struct Gen {
    rng: StdRng,
    budget: usize,
    max_depth: usize,
    /// Draw no ambiguous key, string or number (except where nothing is
    /// signed: `frame_mode` and signature members, see [`Gen::unsigned`]).
    clean: bool,
}

impl Gen {
    fn new(seed: u64) -> Self {
        Gen {
            rng: StdRng::seed_from_u64(seed),
            budget: 0,
            max_depth: 1,
            clean: false,
        }
    }

    /// Runs `f` with the clean mode off: what an unsigned member holds.
    fn unsigned<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let clean = core::mem::replace(&mut self.clean, false);
        let v = f(self);
        self.clean = clean;
        v
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }

    fn pick<'a, T: ?Sized>(&mut self, xs: &'a [&'a T]) -> &'a T {
        xs[self.rng.gen_range(0..xs.len())]
    }

    fn random_text(&mut self, max_len: usize) -> String {
        let n = self.rng.gen_range(0..=max_len);
        (0..n)
            .map(|_| ALPHABET[self.rng.gen_range(0..ALPHABET.len())])
            .collect()
    }

    fn key(&mut self) -> String {
        let k = self.any_key();
        if self.clean && reference::key_is_ambiguous(&k) {
            // keep the shape, lose the separators
            let k = k.replace([';', ':'], "_");
            return if k.is_empty() { "k".to_owned() } else { k };
        }
        k
    }

    fn any_key(&mut self) -> String {
        match self.rng.gen_range(0..10) {
            0..=4 => self.pick(TRICKY_KEYS).to_owned(),
            5..=7 => self.random_text(7),
            8 if self.chance(0.03) => {
                // long keys sharing a long prefix
                format!("{}{}", "long_key_prefix_".repeat(20), self.random_text(6))
            }
            8 => format!("item{}", self.rng.gen_range(0..25)),
            _ => {
                let zeros = "0".repeat(self.rng.gen_range(0..3));
                format!("k{zeros}{}", self.rng.gen_range(0..200))
            }
        }
    }

    fn string(&mut self) -> String {
        let s = match self.rng.gen_range(0..100) {
            0..=44 => self.pick(STRINGS).to_owned(),
            45..=97 => self.random_text(20),
            _ => self.random_text(1500), // long, to get past any small internal buffer
        };
        match s.split_once(';') {
            // clean: keep every ';' and ':', but no ':' after the first ';'
            Some((head, tail)) if self.clean && tail.contains(':') => {
                format!("{head};{}", tail.replace(':', "-"))
            }
            _ => s,
        }
    }

    /// A JSON number text that is finite and not a 14-digit rounding tie
    /// (and, when clean, not ambiguous).
    fn number(&mut self) -> String {
        loop {
            let text = if self.chance(0.04) {
                self.tiny_number()
            } else {
                self.number_candidate()
            };
            if self.clean && reference::number_ambiguity(&text).is_some() {
                continue;
            }
            match reference::format_number(&text) {
                Ok((_, false)) => return text,
                _ => continue, // tie or out of range: draw again
            }
        }
    }

    fn digits(&mut self, n: usize, leading_nonzero: bool) -> String {
        let mut s = String::with_capacity(n);
        for i in 0..n {
            let lo = if i == 0 && leading_nonzero { 1 } else { 0 };
            s.push(char::from(b'0' + self.rng.gen_range(lo..10u8)));
        }
        s
    }

    fn digits_in(&mut self, min: usize, max: usize, leading_nonzero: bool) -> String {
        let n = self.rng.gen_range(min..=max);
        self.digits(n, leading_nonzero)
    }

    /// A non-zero number around and below 1E-307 (most below: ambiguous),
    /// subnormals and values that round to zero included.
    fn tiny_number(&mut self) -> String {
        let sign = if self.chance(0.3) { "-" } else { "" };
        let lead = self.digits(1, true);
        let frac = self.digits_in(0, 13, false);
        let exp = self.rng.gen_range(300..=340);
        if self.chance(0.3) {
            // zeros before the first significant digit: `0.00d...e-x`
            let zeros = "0".repeat(self.rng.gen_range(0..4));
            format!("{sign}0.{zeros}{lead}{frac}e-{exp}")
        } else if frac.is_empty() {
            format!("{sign}{lead}e-{exp}")
        } else {
            format!("{sign}{lead}.{frac}e-{exp}")
        }
    }

    fn number_candidate(&mut self) -> String {
        let sign = if self.chance(0.3) { "-" } else { "" };
        match self.rng.gen_range(0..20) {
            0..=4 => self.rng.gen_range(-1000i64..=100_000).to_string(),
            5 => self.rng.gen::<i64>().to_string(),
            6 => (*[
                "-0",
                "0",
                "9223372036854775807",
                "-9223372036854775808",
                "9223372036854775808",
                "-9223372036854775809",
                "18446744073709551615",
                "18446744073709551616",
                "9007199254740993",
                "-9007199254740993",
                "1.0",
                "10.50",
                "0.1",
                "1e3",
                "1E21",
                "1e-7",
                "-0.0",
                "0.0",
                "0e0",
                "-0E+0",
                "0.30000000000000004",
                "4.9e-324",
                "2.2250738585072014e-308",
                "1.7976931348623157e308",
                "-1.7976931348623157E308",
                "99999999999999.99",
                "0.000099999999999999999",
                "0.0001",
                "0.00001",
                "1e-5",
                "12345678901234",
                "99999999999999",
                "100000000000000.0",
                "1e13",
                "1e14",
                "1e+014",
                "123456789012345678901234567890",
            ]
            .choose(&mut self.rng)
            .unwrap())
            .to_owned(),
            7 | 8 => {
                // integers beyond 64 bits (and just inside)
                let n = self.rng.gen_range(17..=45);
                format!("{sign}{}", self.digits(n, true))
            }
            9..=13 => {
                // plain fraction: int part, point, fraction digits
                let int = if self.chance(0.4) {
                    "0".to_owned()
                } else {
                    self.digits_in(1, 10, true)
                };
                let frac = self.digits_in(1, 12, false);
                format!("{sign}{int}.{frac}")
            }
            14..=16 => {
                // mantissa with an exponent
                let int = if self.chance(0.2) {
                    "0".to_owned()
                } else {
                    self.digits(1, true)
                };
                let frac = if self.chance(0.7) {
                    format!(".{}", self.digits_in(1, 18, false))
                } else {
                    String::new()
                };
                let e = if self.chance(0.5) { 'e' } else { 'E' };
                let esign = *["", "+", "-"].choose(&mut self.rng).unwrap();
                let exp = self
                    .rng
                    .gen_range(0..=(if esign == "-" { 330 } else { 300 }));
                let pad = if self.chance(0.1) { "0" } else { "" };
                format!("{sign}{int}{frac}{e}{esign}{pad}{exp}")
            }
            17 => {
                // exponent near the plain/scientific switch (-5..=15)
                let frac = self.digits_in(0, 16, false);
                let frac = if frac.is_empty() {
                    frac
                } else {
                    format!(".{frac}")
                };
                let lead = self.digits(1, true);
                format!("{sign}{lead}{frac}e{}", self.rng.gen_range(-6..=16))
            }
            18 if self.chance(0.2) => {
                // very long texts: 40-330 digit integers (finite up to 309
                // digits), long fractions, long zero runs before the digits
                match self.rng.gen_range(0..3) {
                    0 => {
                        let n = self.rng.gen_range(40..=330);
                        format!("{sign}{}", self.digits(n, true))
                    }
                    1 => {
                        let int = self.digits_in(1, 30, true);
                        let frac = self.digits_in(40, 300, false);
                        format!("{sign}{int}.{frac}")
                    }
                    _ => {
                        let zeros = "0".repeat(self.rng.gen_range(1..=330));
                        let tail = self.digits_in(1, 40, true);
                        let exp = self.rng.gen_range(-20..=320);
                        format!("{sign}0.{zeros}{tail}e{exp}")
                    }
                }
            }
            _ => {
                // long mantissa: 15-25 significant digits, rounding needed
                let n = self.rng.gen_range(15..=25);
                let d = self.digits(n, true);
                let point = self.rng.gen_range(1..n);
                format!("{sign}{}.{}", &d[..point], &d[point..])
            }
        }
    }

    fn scalar(&mut self) -> J {
        match self.rng.gen_range(0..12) {
            0 => J::Null,
            1 => J::Bool(self.chance(0.5)),
            2..=5 => J::Num(self.number()),
            _ => J::Str(self.string()),
        }
    }

    /// A value at `depth` (the depth a container here would have).
    fn value(&mut self, depth: usize) -> J {
        let p_container = if self.max_depth >= 8 { 0.45 } else { 0.25 };
        if depth <= self.max_depth && self.budget > 0 && self.chance(p_container) {
            if self.chance(0.6) {
                J::Obj(self.members(depth, false))
            } else {
                J::Arr(self.elements(depth))
            }
        } else {
            self.scalar()
        }
    }

    fn elements(&mut self, depth: usize) -> Vec<J> {
        let want = match self.rng.gen_range(0..10) {
            0 => 0,
            1..=5 => self.rng.gen_range(1..=5),
            6 | 7 => self.rng.gen_range(6..=10),
            _ => self.rng.gen_range(11..=16),
        };
        let mut items = Vec::new();
        while items.len() < want && self.budget > 0 {
            self.budget -= 1;
            items.push(self.value(depth + 1));
        }
        items
    }

    /// Members of an object at `depth`, with unique decoded keys.
    fn members(&mut self, depth: usize, top: bool) -> Vec<(String, J)> {
        let want = if top {
            usize::MAX
        } else {
            self.rng.gen_range(0..=7)
        };
        let mut seen = HashSet::new();
        let mut members = Vec::new();
        while members.len() < want && self.budget > 0 {
            let key = match self.rng.gen_range(0..40) {
                0 => "frame_mode".to_owned(),
                1 if !top => "signature".to_owned(),
                2 if !top => "general".to_owned(),
                _ => self.key(),
            };
            if !seen.insert(key.clone()) {
                continue;
            }
            self.budget -= 1;
            let value = if key == "frame_mode" {
                // never signed: may hold anything, even in a clean document
                self.unsigned(|g| g.value(depth + 1))
            } else if key == "general" && depth < self.max_depth && self.chance(0.7) {
                // a nested `general` with a `signature`: ordinary data
                let mut m = vec![("signature".to_owned(), J::Str(self.string()))];
                m.extend(
                    self.members(depth + 1, false)
                        .into_iter()
                        .filter(|(k, _)| k != "signature"),
                );
                J::Obj(m)
            } else {
                self.value(depth + 1)
            };
            members.push((key, value));
        }
        members
    }

    fn insert_at_random(&mut self, members: &mut Vec<(String, J)>, key: &str, value: J) {
        members.retain(|(k, _)| k != key);
        let at = self.rng.gen_range(0..=members.len());
        members.insert(at, (key.to_owned(), value));
    }

    /// A value for a `signature` member that is not signed when signing (the
    /// top-level one, `general.signature`); when verifying, the test puts the
    /// signature in its place, and the other one is signed data.
    fn signature_like(&mut self) -> J {
        self.unsigned(|g| match g.rng.gen_range(0..12) {
            0 => J::Num(g.number()),
            1 => J::Null,
            2 => J::Obj(vec![("x".to_owned(), J::Str("y".to_owned()))]),
            3 => J::Arr(vec![J::Str("z".to_owned())]),
            4 => J::Str(String::new()),
            5 => J::Str("x;operation:status:success".to_owned()),
            6 => J::Num("9223372036854775808".to_owned()),
            // containers holding ambiguous data (not signed when signing;
            // signed data when `general.signature` is not the one verified)
            7 => J::Obj(vec![
                ("a:b".to_owned(), J::Str("x;y:z".to_owned())),
                ("n".to_owned(), J::Num("1e-400".to_owned())),
            ]),
            8 => J::Arr(vec![J::Str(";:".to_owned()), J::Num(g.number())]),
            _ => J::Str(hmac_b64(b"other", g.random_text(8).as_bytes())),
        })
    }

    /// A top-level object within `MAX_VALUES` / `MAX_DEPTH`.
    fn document(&mut self) -> J {
        // Mostly small documents (the test runs 10,000 of them in a debug
        // build), with a tail of big ones up to the limit.
        let size = match self.rng.gen_range(0..40) {
            0..=3 => self.rng.gen_range(0..4),
            4..=27 => self.rng.gen_range(4..30),
            28..=37 => self.rng.gen_range(30..120),
            _ => self.rng.gen_range(120..=MAX_VALUES),
        };
        // room for the special members added below (at most 12 values)
        self.budget = size.saturating_sub(12);
        self.clean = self.chance(CLEAN_SHARE);
        self.max_depth = match self.rng.gen_range(0..10) {
            0..=4 => self.rng.gen_range(2..=5),
            5..=7 => self.rng.gen_range(6..=10),
            _ => self.rng.gen_range(11..=MAX_DEPTH),
        };
        let mut members = self.members(1, true);
        if self.chance(0.35) {
            let v = self.signature_like();
            self.insert_at_random(&mut members, "signature", v);
        }
        if self.chance(0.55) {
            let general = if self.chance(0.9) {
                let mut g = vec![
                    (
                        "project_id".to_owned(),
                        J::Num(self.rng.gen_range(1..100_000).to_string()),
                    ),
                    (
                        "payment_id".to_owned(),
                        J::Str(format!("payment_{}", self.rng.gen_range(0..1000))),
                    ),
                ];
                if self.chance(0.5) {
                    let v = self.signature_like();
                    self.insert_at_random(&mut g, "signature", v);
                }
                if self.chance(0.2) {
                    let v = self.unsigned(Gen::scalar);
                    self.insert_at_random(&mut g, "frame_mode", v);
                }
                if self.chance(0.3) {
                    g.push(("signature_ref".to_owned(), J::Str("data".to_owned())));
                }
                J::Obj(g)
            } else {
                match self.rng.gen_range(0..3) {
                    0 => J::Str("general".to_owned()),
                    1 => J::Arr(vec![J::Str("signature".to_owned())]),
                    _ => J::Obj(Vec::new()),
                }
            };
            self.insert_at_random(&mut members, "general", general);
        }
        if self.chance(0.15) {
            let v = match self.rng.gen_range(0..4) {
                0 | 1 => J::Str("popup".to_owned()),
                2 => J::Obj(vec![("mode".to_owned(), J::Str("iframe".to_owned()))]),
                // never signed, so never ambiguous
                _ => J::Obj(vec![
                    ("a:b".to_owned(), J::Str("x;status:success".to_owned())),
                    (
                        String::new(),
                        J::Num("123456789012345678901234567890".to_owned()),
                    ),
                ]),
            };
            self.insert_at_random(&mut members, "frame_mode", v);
        }
        let doc = J::Obj(members);
        assert!(
            doc.values() <= MAX_VALUES,
            "generator exceeded the value budget"
        );
        assert!(
            doc.depth() <= MAX_DEPTH,
            "generator exceeded the depth budget"
        );
        doc
    }
}

// ---------------------------------------------------------------------------
// serialiser with random escaping and whitespace
// ---------------------------------------------------------------------------

struct Ser<'r> {
    rng: &'r mut StdRng,
    out: String,
    /// Probability of escaping an ordinary character as `\uXXXX`.
    p_escape: f64,
    /// Probability of whitespace around a token.
    p_space: f64,
    /// The path of the value being written.
    path: Vec<Seg>,
    /// Where each member starts: its key's opening quote, or the first byte
    /// of an array element's value.
    marks: HashMap<Vec<Seg>, usize>,
}

/// A serialised document and where each of its members starts.
struct Rendered {
    text: String,
    marks: HashMap<Vec<Seg>, usize>,
}

impl Rendered {
    /// The error the default (refusing) policy must give for `finding`.
    fn ambiguous(&self, f: &Finding) -> Error {
        Error::Ambiguous {
            offset: *self
                .marks
                .get(&f.path)
                .unwrap_or_else(|| panic!("no member at {:?}", f.path)),
            reason: core_reason(f.reason),
        }
    }
}

/// The crate's name for a reason the reference found.
fn core_reason(r: reference::Ambiguity) -> ambiguity::Ambiguity {
    match r {
        reference::Ambiguity::Key => ambiguity::Ambiguity::Key,
        reference::Ambiguity::Separator => ambiguity::Ambiguity::Separator,
        reference::Ambiguity::IntegerRange => ambiguity::Ambiguity::IntegerRange,
        reference::Ambiguity::Digits => ambiguity::Ambiguity::Digits,
        reference::Ambiguity::Tiny => ambiguity::Ambiguity::Tiny,
    }
}

/// What `ambiguity::explain` must write for `finding`: the reference's path,
/// then the rule of the (already compared) reason.
fn explanation(f: &Finding) -> String {
    format!(
        "{}: {}",
        reference::explained_path(f),
        core_reason(f.reason)
    )
}

/// `ambiguity::explain` of an `Error::Ambiguous` found in `body`.
fn engine_explain(body: &[u8], err: &Error) -> Result<String, Error> {
    let mut out = vec![0u8; 64];
    match ambiguity::explain(body, err, &mut out) {
        Ok(s) => Ok(s.to_owned()),
        Err(Error::BufferTooSmall { needed }) => {
            let mut out = vec![0u8; needed];
            ambiguity::explain(body, err, &mut out).map(str::to_owned)
        }
        Err(e) => Err(e),
    }
}

impl Ser<'_> {
    fn ws(&mut self) {
        if self.rng.gen_bool(self.p_space) {
            for _ in 0..self.rng.gen_range(1..=3) {
                let c = *[' ', '\n', '\t', '\r'].choose(self.rng).unwrap();
                self.out.push(c);
            }
        }
    }

    fn u_escape(&mut self, unit: u16) {
        if self.rng.gen_bool(0.5) {
            write!(self.out, "\\u{unit:04x}").unwrap();
        } else {
            write!(self.out, "\\u{unit:04X}").unwrap();
        }
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            let short = match c {
                '"' => Some("\\\""),
                '\\' => Some("\\\\"),
                '/' => Some("\\/"),
                '\u{8}' => Some("\\b"),
                '\u{c}' => Some("\\f"),
                '\n' => Some("\\n"),
                '\r' => Some("\\r"),
                '\t' => Some("\\t"),
                _ => None,
            };
            let must_escape = (c as u32) < 0x20 || c == '"' || c == '\\';
            if must_escape
                || self.rng.gen_bool(self.p_escape)
                || (c == '/' && self.rng.gen_bool(0.5))
            {
                match short {
                    Some(esc) if self.rng.gen_bool(0.8) => self.out.push_str(esc),
                    _ => {
                        let mut units = [0u16; 2];
                        for &u in c.encode_utf16(&mut units).iter() {
                            self.u_escape(u);
                        }
                    }
                }
            } else {
                self.out.push(c);
            }
        }
        self.out.push('"');
    }

    /// Records that the member at `seg` (below the current path) starts here.
    fn mark(&mut self, seg: Seg) {
        self.path.push(seg);
        self.marks.insert(self.path.clone(), self.out.len());
    }

    fn value(&mut self, v: &J) {
        match v {
            J::Null => self.out.push_str("null"),
            J::Bool(true) => self.out.push_str("true"),
            J::Bool(false) => self.out.push_str("false"),
            J::Num(n) => self.out.push_str(n),
            J::Str(s) => self.string(s),
            J::Arr(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.ws();
                    self.mark(Seg::Index(i));
                    self.value(item);
                    self.path.pop();
                    self.ws();
                }
                if items.is_empty() {
                    self.ws();
                }
                self.out.push(']');
            }
            J::Obj(members) => {
                self.out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.ws();
                    self.mark(Seg::Key(k.clone()));
                    self.string(k);
                    self.ws();
                    self.out.push(':');
                    self.ws();
                    self.value(v);
                    self.path.pop();
                    self.ws();
                }
                if members.is_empty() {
                    self.ws();
                }
                self.out.push('}');
            }
        }
    }
}

fn render(doc: &J, rng: &mut StdRng) -> Rendered {
    let p_escape = *[0.0, 0.05, 0.3, 1.0].choose(rng).unwrap();
    let p_space = *[0.0, 0.1, 0.5].choose(rng).unwrap();
    let mut s = Ser {
        rng,
        out: String::new(),
        p_escape,
        p_space,
        path: Vec::new(),
        marks: HashMap::new(),
    };
    s.ws();
    s.value(doc);
    s.ws();
    Rendered {
        text: s.out,
        marks: s.marks,
    }
}

fn serialise(doc: &J, rng: &mut StdRng) -> String {
    render(doc, rng).text
}

const SECRETS: &[&str] = &[
    "secret",
    "qwerty",
    "9d4f1c2b7e8a3f60b5c1d2e3f4a5b6c7",
    "clé-секрет-🔑",
    "a",
    "a key with inner spaces",
    // longer than the SHA-512 block (128 bytes): HMAC hashes the key first
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-long",
];

// ---------------------------------------------------------------------------
// the engine, with growing buffers
// ---------------------------------------------------------------------------

fn engine_canonical(body: &[u8]) -> Result<String, Error> {
    let mut buf = vec![0u8; 1024 + body.len() * 2];
    loop {
        let len = buf.len();
        match canonical(body, &mut buf) {
            Ok(s) => return Ok(s.to_owned()),
            Err(Error::BufferTooSmall { needed }) if needed > len => buf = vec![0u8; needed],
            Err(e) => return Err(e),
        }
    }
}

fn engine_sign_body(body: &[u8], secret: &[u8]) -> Result<Vec<u8>, Error> {
    sign_body_via(body, |b, out| sign_body(b, secret, out).map(<[u8]>::len)).map_err(|(e, _)| e)
}

fn engine_sign(body: &[u8], secret: &[u8]) -> Result<String, Error> {
    sign(body, secret).map(|s| s.as_str().to_owned())
}

// ---------------------------------------------------------------------------
// checks and diagnostics
// ---------------------------------------------------------------------------

enum Outcome {
    Pass,
    /// The natural order is not well defined on these paths (see the header).
    Skip,
    Fail {
        /// Short name of the failure, used to keep shrinking on the same bug.
        kind: &'static str,
        detail: String,
        /// The body the engine was given.
        text: String,
    },
}

fn fail(kind: &'static str, detail: String, text: &str) -> Outcome {
    Outcome::Fail {
        kind,
        detail,
        text: text.to_owned(),
    }
}

/// Where the engine's string first departs from the reference's lines.
fn first_difference(want: &[reference::Line], got: &[u8]) -> String {
    let mut at = 0;
    for (k, line) in want.iter().enumerate() {
        let t = line.text();
        let rest = &got[at.min(got.len())..];
        let separated = rest.len() == t.len() || rest.get(t.len()) == Some(&b';');
        if rest.starts_with(&t) && separated {
            at += t.len() + 1;
            continue;
        }
        let end = rest.len().min(t.len() + 40);
        return format!(
            "first difference at line {k} of {} (byte {at}): want {}, got {}",
            want.len(),
            show(&t),
            show(&rest[..end])
        );
    }
    format!(
        "the engine has more text after all {} lines: {}",
        want.len(),
        show(&got[at.min(got.len())..])
    )
}

/// `canonical`, `canonical_len` and `sign` of one body against the reference:
/// `canonical` is never refused; `sign` with the opt-in always gives the
/// reference's signature; by default it is refused exactly when the
/// reference finds ambiguous data (reason, offset, explanation), and gives
/// the reference's signature otherwise.
fn check_canonical(r: &Rendered, secret: &[u8]) -> Outcome {
    let text = r.text.as_str();
    let lines = match lines_of_text(text, Exclude::Both) {
        Ok(l) => l,
        Err(e) => return fail("reference refused", format!("{e:?}"), text),
    };
    let sorted = reference::sort_natural(&lines);
    let want = join(&sorted);
    let got = match engine_canonical(text.as_bytes()) {
        Ok(g) => g,
        Err(e) => {
            return fail(
                "canonical error",
                format!("canonical: {e:?}; want {}", show(&want)),
                text,
            )
        }
    };
    if got.as_bytes() != want {
        // Only now pay for the O(n^2) check that the order is well defined.
        if !sort_natural_checked(&lines).1 {
            return Outcome::Skip;
        }
        return fail(
            "canonical differs",
            format!(
                "canonical differs: {}\n    want {}\n     got {}",
                first_difference(&sorted, got.as_bytes()),
                show(&want),
                show(got.as_bytes())
            ),
            text,
        );
    }
    match canonical_len(text.as_bytes()) {
        Ok(n) if n == want.len() => {}
        other => {
            return fail(
                "canonical_len",
                format!("canonical_len: want {}, got {other:?}", want.len()),
                text,
            )
        }
    }
    let want_sig = hmac_b64(secret, &want);
    // With the opt-in: exactly as before the ambiguity rules.
    match allowing(secret).sign(text.as_bytes()) {
        Ok(s) if s.as_str() == want_sig => {}
        other => {
            let got = other.map(|s| s.as_str().to_owned());
            return fail(
                "sign (opt-in)",
                format!("Signer::sign with the opt-in: want {want_sig}, got {got:?}"),
                text,
            );
        }
    }
    // By default: refused exactly when the reference finds ambiguous data.
    let finding = match first_ambiguity(text, Exclude::Both) {
        Ok(f) => f,
        Err(e) => return fail("reference refused", format!("{e:?}"), text),
    };
    let want_default = match &finding {
        Some(f) => Err(r.ambiguous(f)),
        None => Ok(want_sig),
    };
    let by_signer = Signer::new(secret)
        .expect("test secrets are valid")
        .sign(text.as_bytes())
        .map(|s| s.as_str().to_owned());
    for (name, got) in [
        ("sign", engine_sign(text.as_bytes(), secret)),
        ("Signer::sign", by_signer),
    ] {
        if got != want_default {
            return fail(
                refusal_kind(&want_default, &got),
                format!(
                    "{name}: want {want_default:?}, got {got:?}; reference: {}",
                    describe_finding(finding.as_ref())
                ),
                text,
            );
        }
    }
    let want_check = want_default.as_ref().map(|_| ()).map_err(|e| *e);
    let check = ambiguity::check(text.as_bytes());
    if check != want_check {
        return fail(
            refusal_kind(&want_check, &check),
            format!("ambiguity::check: want {want_check:?}, got {check:?}"),
            text,
        );
    }
    if let (Some(f), Err(e)) = (&finding, &want_default) {
        let want = explanation(f);
        match engine_explain(text.as_bytes(), e) {
            Ok(got) if got == want => {}
            other => {
                return fail(
                    "explain",
                    format!("ambiguity::explain: want {want:?}, got {other:?}"),
                    text,
                )
            }
        }
    }
    Outcome::Pass
}

/// A signer of `secret` that accepts ambiguous data (the opt-in).
fn allowing(secret: &[u8]) -> Signer {
    Signer::new(secret)
        .expect("test secrets are valid")
        .with_ambiguous_data(AmbiguousData::Allow)
}

/// A short name for how a result departs from the expected one.
fn refusal_kind<T, U>(want: &Result<T, Error>, got: &Result<U, Error>) -> &'static str {
    match (want, got) {
        (Ok(_), Err(Error::Ambiguous { .. })) => "refused unambiguous data",
        (Err(Error::Ambiguous { .. }), Ok(_)) => "accepted ambiguous data",
        (Err(Error::Ambiguous { .. }), Err(Error::Ambiguous { .. })) => "other refusal",
        _ => "sign",
    }
}

fn describe_finding(f: Option<&Finding>) -> String {
    match f {
        None => "no ambiguous data".to_owned(),
        Some(f) => format!("{:?} at {:?}", f.reason, f.path),
    }
}

/// `sign_body` through `f` into a buffer of exactly the size a size query
/// (an empty buffer) asks for, filled with [`CANARY`]. Returns the signed
/// copy, or the error and whether the buffer was left untouched.
fn sign_body_via(
    body: &[u8],
    f: impl Fn(&[u8], &mut [u8]) -> Result<usize, Error>,
) -> Result<Vec<u8>, (Error, bool)> {
    let needed = match f(body, &mut []) {
        Err(Error::BufferTooSmall { needed }) => needed,
        Err(e) => return Err((e, true)),
        Ok(_) => panic!("sign_body into an empty buffer succeeded"),
    };
    let mut buf = vec![CANARY; needed];
    match f(body, &mut buf) {
        Ok(n) => {
            buf.truncate(n);
            Ok(buf)
        }
        Err(e) => Err((e, buf.iter().all(|&b| b == CANARY))),
    }
}

const CANARY: u8 = 0xA5;

/// `sign_body`: with the opt-in, the signed copy carries the same data and
/// the reference's signature at `general.signature`, and verifies strictly;
/// by default the same copy, or (exactly when the reference finds ambiguous
/// data) `Error::Ambiguous` with nothing written. The copy verifies by
/// default exactly when it holds no ambiguous data.
fn check_sign_body(doc: &J, r: &Rendered, secret: &[u8]) -> Outcome {
    let text = r.text.as_str();
    let general_is_object = !matches!(
        doc, J::Obj(m) if m.iter().any(|(k, v)| k == "general" && !matches!(v, J::Obj(_)))
    );
    let signer = allowing(secret);
    let by_default = sign_body_via(text.as_bytes(), |b, out| {
        sign_body(b, secret, out).map(<[u8]>::len)
    });
    let signed = match sign_body_via(text.as_bytes(), |b, out| {
        signer.sign_body(b, out).map(<[u8]>::len)
    }) {
        Ok(s) if general_is_object && Ok(s.len()) == signed_body_len(text.as_bytes()) => s,
        Err((Error::GeneralNotObject, _)) if !general_is_object => {
            return match by_default {
                Err((Error::GeneralNotObject, true)) => Outcome::Pass,
                other => fail(
                    "sign_body",
                    format!("by default, with a non-object general: {other:?}"),
                    text,
                ),
            };
        }
        Ok(s) => {
            return fail(
                "sign_body",
                format!("accepted a non-object general: {}", show(&s)),
                text,
            )
        }
        Err((e, _)) => {
            return fail(
                "sign_body",
                format!("sign_body with the opt-in: error {e:?}"),
                text,
            )
        }
    };
    let lines = lines_of_text(text, Exclude::Both).unwrap();
    let want = join(&reference::sort_natural(&lines));
    let want_sig = hmac_b64(secret, &want);
    let signed_text = match String::from_utf8(signed.clone()) {
        Ok(s) => s,
        Err(e) => return fail("sign_body", format!("output is not UTF-8: {e}"), text),
    };
    let v: serde_json::Value = match serde_json::from_str(&signed_text) {
        Ok(v) => v,
        Err(e) => {
            return fail(
                "sign_body",
                format!("output is not JSON ({e}): {signed_text}"),
                text,
            )
        }
    };
    if v.get("signature").is_some() || v["general"]["signature"].as_str() != Some(want_sig.as_str())
    {
        return fail(
            "sign_body",
            format!("signature members wrong: {signed_text}"),
            text,
        );
    }
    match lines_of_text(&signed_text, Exclude::General) {
        Ok(l) if join(&reference::sort_natural(&l)) == want => {}
        other => {
            return fail(
                "sign_body",
                format!("changed the data: {other:?}\n    signed: {signed_text}"),
                text,
            );
        }
    }
    // The reusable Signer agrees with the one-shot functions.
    match signer.sign(text.as_bytes()) {
        Ok(s) if s.as_str() == want_sig => {}
        other => {
            let got = other.map(|s| s.as_str().to_owned());
            return fail(
                "Signer",
                format!("Signer::sign: want {want_sig}, got {got:?}"),
                text,
            );
        }
    }
    match signer.verify(signed_text.as_bytes(), Mode::Strict) {
        Ok(Order::Natural) => {}
        other => {
            return fail(
                "Signer",
                format!("Signer::verify(strict) with the opt-in: {other:?}"),
                &signed_text,
            );
        }
    }
    // By default.
    let finding = first_ambiguity(text, Exclude::Both).unwrap();
    match (&finding, by_default) {
        (None, Ok(copy)) if copy == signed => {}
        (Some(f), Err((e, true))) if e == r.ambiguous(f) => {}
        (_, got) => {
            let got = got.map(|c| String::from_utf8_lossy(&c).into_owned());
            return fail(
                "sign_body by default",
                format!(
                    "sign_body: got {got:?} (Err(_, false): written on error); reference: {}",
                    describe_finding(finding.as_ref())
                ),
                text,
            );
        }
    }
    // The signed copy (its signature in `general`) holds the same members.
    let copy_finding = first_ambiguity(&signed_text, Exclude::General).unwrap();
    if copy_finding != finding {
        return fail(
            "reference",
            format!(
                "the signed copy's first ambiguous member {} differs from the body's {}",
                describe_finding(copy_finding.as_ref()),
                describe_finding(finding.as_ref())
            ),
            &signed_text,
        );
    }
    let got = verify(signed_text.as_bytes(), secret, Mode::Strict);
    match (&finding, got) {
        (None, Ok(Order::Natural)) => Outcome::Pass,
        (Some(f), Err(e @ Error::Ambiguous { reason, .. })) if reason == core_reason(f.reason) => {
            match engine_explain(signed_text.as_bytes(), &e) {
                Ok(got) if got == explanation(f) => Outcome::Pass,
                other => fail(
                    "explain",
                    format!(
                        "ambiguity::explain of the signed copy: want {:?}, got {other:?}",
                        explanation(f)
                    ),
                    &signed_text,
                ),
            }
        }
        (_, got) => fail(
            "sign_body",
            format!(
                "verify(strict) of the output by default: {got:?}; reference: {}",
                describe_finding(finding.as_ref())
            ),
            &signed_text,
        ),
    }
}

const ORDER_NAMES: [&str; 3] = ["natural", "byte-path", "byte-line"];

/// `verify` of `doc` (which holds a signature member at the top level or in
/// `general`) after signing it with the reference in order `signed_as`: with
/// the opt-in exactly as the reference says; by default the same, unless the
/// reference finds ambiguous data among the signed members: then
/// `Error::Ambiguous` in both modes, before the MAC (a tampered signature
/// gets it too) and after the signature checks (a non-string signature is
/// `SignatureNotString`).
fn check_verify(
    doc: &J,
    in_general: bool,
    signed_as: usize,
    secret: &[u8],
    rng: &mut StdRng,
) -> Outcome {
    let exclude = if in_general {
        Exclude::General
    } else {
        Exclude::TopLevel
    };
    let draft = serialise(doc, rng);
    let lines = match lines_of_text(&draft, exclude) {
        Ok(l) => l,
        Err(e) => return fail("reference refused", format!("{e:?}"), &draft),
    };
    let all = [
        join(&reference::sort_natural(&lines)),
        join(&reference::sort_byte_path(&lines)),
        join(&reference::sort_byte_line(&lines)),
    ];
    let signed_string = &all[signed_as];
    let signature = hmac_b64(secret, signed_string);
    let mut doc = doc.clone();
    if !set_signature(&mut doc, in_general, J::Str(signature.clone())) {
        return Outcome::Pass; // the shrinker removed the signature member
    }
    let r = render(&doc, rng);
    let text = r.text.as_str();
    let cands = candidates(&lines);
    let first = cands
        .iter()
        .find(|(_, s)| s == signed_string)
        .map(|(name, _)| *name)
        .unwrap();
    let want_strict = if first == "natural" {
        Ok(Order::Natural)
    } else {
        Err(Error::SignatureMismatch)
    };
    let describe = || {
        format!(
            "signed in {} order at {}\n    signed string {}\n    natural       {}",
            ORDER_NAMES[signed_as],
            if in_general {
                "general.signature"
            } else {
                "top-level signature"
            },
            show(signed_string),
            show(&all[0])
        )
    };
    // With the opt-in: exactly as before the ambiguity rules.
    let signer = allowing(secret);
    let strict = signer.verify(text.as_bytes(), Mode::Strict);
    if strict != want_strict {
        if !sort_natural_checked(&lines).1 {
            return Outcome::Skip;
        }
        return fail(
            "verify strict",
            format!(
                "verify(strict) with the opt-in: want {want_strict:?}, got {strict:?}; {}",
                describe()
            ),
            text,
        );
    }
    let tolerant = signer.verify(text.as_bytes(), Mode::Tolerant);
    match tolerant {
        Ok(order) if order.as_str() == first => {}
        other => {
            if !sort_natural_checked(&lines).1 {
                return Outcome::Skip;
            }
            return fail(
                "verify tolerant",
                format!(
                    "verify(tolerant) with the opt-in: want Ok({first}), got {other:?}; {}",
                    describe()
                ),
                text,
            );
        }
    }
    // By default: the same, or refused exactly when the reference finds
    // ambiguous data among the signed members.
    let finding = match first_ambiguity(text, exclude) {
        Ok(f) => f,
        Err(e) => return fail("reference refused", format!("{e:?}"), text),
    };
    for (mode, as_opt_in) in [(Mode::Strict, strict), (Mode::Tolerant, tolerant)] {
        let want = match &finding {
            Some(f) => Err(r.ambiguous(f)),
            None => as_opt_in,
        };
        let got = verify(text.as_bytes(), secret, mode);
        if got != want {
            return fail(
                refusal_kind(&want, &got),
                format!(
                    "verify({mode:?}) by default: want {want:?}, got {got:?}; reference: {}; {}",
                    describe_finding(finding.as_ref()),
                    describe()
                ),
                text,
            );
        }
    }
    if let Some(f) = &finding {
        match engine_explain(text.as_bytes(), &r.ambiguous(f)) {
            Ok(got) if got == explanation(f) => {}
            other => {
                return fail(
                    "explain",
                    format!(
                        "ambiguity::explain: want {:?}, got {other:?}",
                        explanation(f)
                    ),
                    text,
                )
            }
        }
    }
    // One changed character of the signature: the one opaque mismatch, or
    // (by default, ambiguous data) the refusal, which comes before the MAC.
    let mut bad = signature.into_bytes();
    let k = rng.gen_range(0..85); // not the last data char: its low bits are padding
    bad[k] = if bad[k] == b'A' { b'B' } else { b'A' };
    set_signature(
        &mut doc,
        in_general,
        J::Str(String::from_utf8(bad).unwrap()),
    );
    let tampered = render(&doc, rng);
    let want = match &finding {
        Some(f) => Err(tampered.ambiguous(f)),
        None => Err(Error::SignatureMismatch),
    };
    for (policy, got) in [
        (
            "with the opt-in",
            signer.verify(tampered.text.as_bytes(), Mode::Tolerant),
        ),
        (
            "by default",
            verify(tampered.text.as_bytes(), secret, Mode::Tolerant),
        ),
    ] {
        let want = if policy == "by default" {
            want
        } else {
            Err(Error::SignatureMismatch)
        };
        if got != want {
            return fail(
                "verify tampered",
                format!("verify of a tampered signature {policy}: want {want:?}, got {got:?}"),
                &tampered.text,
            );
        }
    }
    // A signature that is not a string is reported before any ambiguity.
    set_signature(&mut doc, in_general, J::Num("7".to_owned()));
    let not_string = serialise(&doc, rng);
    match verify(not_string.as_bytes(), secret, Mode::Tolerant) {
        Err(Error::SignatureNotString) => Outcome::Pass,
        other => fail(
            "verify order",
            format!("verify with a number as the signature: {other:?}"),
            &not_string,
        ),
    }
}

/// Puts `value` into the signature member; false if there is none.
fn set_signature(doc: &mut J, in_general: bool, value: J) -> bool {
    let J::Obj(members) = doc else { return false };
    let slot = if in_general {
        match members.iter_mut().find(|(k, _)| k == "general") {
            Some((_, J::Obj(general))) => general.iter_mut().find(|(k, _)| k == "signature"),
            _ => None,
        }
    } else {
        members.iter_mut().find(|(k, _)| k == "signature")
    };
    match slot {
        Some((_, v)) => {
            *v = value;
            true
        }
        None => false,
    }
}

// ---------------------------------------------------------------------------
// shrinking failing documents to small reproducers
// ---------------------------------------------------------------------------

fn shorter_strings(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    if chars.is_empty() {
        return out;
    }
    out.push(String::new());
    if chars.len() > 1 {
        out.push(chars[..chars.len() / 2].iter().collect());
        out.push(chars[chars.len() / 2..].iter().collect());
    }
    if chars.len() <= 12 {
        for i in 0..chars.len() {
            let mut c = chars.clone();
            c.remove(i);
            out.push(c.into_iter().collect());
        }
    }
    out
}

/// Smaller variants of `j`, biggest cuts first. `top` keeps the root an object.
fn shrink_candidates(j: &J, top: bool) -> Vec<J> {
    let mut out = Vec::new();
    match j {
        J::Obj(m) => {
            for i in 0..m.len() {
                let mut c = m.clone();
                c.remove(i);
                out.push(J::Obj(c));
            }
            for i in 0..m.len() {
                // hoist a grandchild into the member's place
                let grandchildren: Vec<J> = match &m[i].1 {
                    J::Obj(g) => g.iter().map(|(_, v)| v.clone()).collect(),
                    J::Arr(g) => g.clone(),
                    _ => Vec::new(),
                };
                for g in grandchildren {
                    let mut c = m.clone();
                    c[i].1 = g;
                    out.push(J::Obj(c));
                }
                for sub in shrink_candidates(&m[i].1, false) {
                    let mut c = m.clone();
                    c[i].1 = sub;
                    out.push(J::Obj(c));
                }
                for k in shorter_strings(&m[i].0) {
                    let mut c = m.clone();
                    c[i].0 = k;
                    out.push(J::Obj(c));
                }
            }
        }
        J::Arr(items) => {
            for i in 0..items.len() {
                let mut c = items.clone();
                c.remove(i);
                out.push(J::Arr(c));
            }
            for i in 0..items.len() {
                for sub in shrink_candidates(&items[i], false) {
                    let mut c = items.clone();
                    c[i] = sub;
                    out.push(J::Arr(c));
                }
            }
        }
        J::Str(s) if !top => out.extend(shorter_strings(s).into_iter().map(J::Str)),
        J::Num(n) if !top && n != "0" => out.push(J::Num("0".to_owned())),
        _ => {}
    }
    out
}

fn keys_unique(j: &J) -> bool {
    match j {
        J::Obj(m) => {
            let mut seen = HashSet::new();
            m.iter()
                .all(|(k, v)| seen.insert(k.as_str()) && keys_unique(v))
        }
        J::Arr(items) => items.iter().all(keys_unique),
        _ => true,
    }
}

/// Greedy shrinking: keeps the first smaller candidate that still fails.
/// Bounded in evaluations and time, so a failing run stays short.
fn shrink(doc: &J, still_fails: &mut dyn FnMut(&J) -> bool) -> J {
    const MAX_EVALS: usize = 2000;
    const MAX_TIME: core::time::Duration = core::time::Duration::from_secs(4);
    let started = std::time::Instant::now();
    let mut best = doc.clone();
    let mut evals = 0;
    'outer: loop {
        for cand in shrink_candidates(&best, true) {
            if evals >= MAX_EVALS || started.elapsed() > MAX_TIME {
                break 'outer;
            }
            if !keys_unique(&cand) {
                continue;
            }
            evals += 1;
            if still_fails(&cand) {
                best = cand;
                continue 'outer;
            }
        }
        break;
    }
    best
}

/// Plain serialisation (no random escapes or whitespace) for reproducers.
fn plain(doc: &J) -> String {
    renderings(doc).swap_remove(0).text
}

/// The bodies a shrink candidate is tried with: plain first, then a few
/// randomly escaped ones (some bugs need an escape to show).
fn renderings(doc: &J) -> Vec<Rendered> {
    let mut rng = StdRng::seed_from_u64(0);
    let mut s = Ser {
        rng: &mut rng,
        out: String::new(),
        p_escape: 0.0,
        p_space: 0.0,
        path: Vec::new(),
        marks: HashMap::new(),
    };
    s.value(doc);
    let mut v = vec![Rendered {
        text: s.out,
        marks: s.marks,
    }];
    for seed in 0..2 {
        v.push(render(doc, &mut StdRng::seed_from_u64(seed)));
    }
    v
}

// ---------------------------------------------------------------------------
// failure bookkeeping
// ---------------------------------------------------------------------------

/// Failures are reported in full (and shrunk) for the first few only.
const SHRINK_FAILURES: usize = 2;
/// Documents longer than this are shown truncated (replay with the seed).
const SHOW_TEXT: usize = 1500;

struct Report {
    started: std::time::Instant,
    docs: usize,
    skipped_nontransitive: usize,
    /// Documents also signed as `Values` (those without floats).
    values_compared: usize,
    failures: usize,
    shown: Vec<String>,
    /// Documents with ambiguous data, by the reason of the first offender.
    ambiguous: HashMap<reference::Ambiguity, usize>,
    /// Whether [`Report::finish`] checks the share of ambiguous documents.
    check_rates: bool,
}

fn clip(text: &str) -> String {
    if text.len() <= SHOW_TEXT {
        return text.to_owned();
    }
    let mut end = SHOW_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes in all)", &text[..end], text.len())
}

impl Default for Report {
    fn default() -> Self {
        Report {
            started: std::time::Instant::now(),
            docs: 0,
            skipped_nontransitive: 0,
            values_compared: 0,
            failures: 0,
            shown: Vec::new(),
            ambiguous: HashMap::new(),
            check_rates: true,
        }
    }
}

impl Report {
    /// Counts a document's first ambiguous member (per the reference).
    fn note(&mut self, finding: Option<Finding>) {
        if let Some(f) = finding {
            *self.ambiguous.entry(f.reason).or_default() += 1;
        }
    }

    /// Records an outcome; `shrunk` is called for the first failures only and
    /// returns a minimal reproducer (text and detail) if it finds one.
    fn record(
        &mut self,
        seed: u64,
        outcome: Outcome,
        shrunk: impl FnOnce(&'static str) -> Option<(String, String)>,
    ) {
        self.docs += 1;
        match outcome {
            Outcome::Pass => {}
            Outcome::Skip => self.skipped_nontransitive += 1,
            Outcome::Fail { kind, detail, text } => {
                self.failures += 1;
                if self.shown.len() < SHOW_FAILURES {
                    let mut msg = format!(
                        "--- [{kind}] doc seed {seed} (replay: MNX_DIFF_SEED={seed} MNX_DIFF_DOCS=1)\n    {detail}\n    document: {}",
                        clip(&text)
                    );
                    if self.shown.len() < SHRINK_FAILURES {
                        if let Some((min_text, min_detail)) = shrunk(kind) {
                            let _ = write!(
                                msg,
                                "\n    shrunk reproducer: {min_text}\n    {min_detail}"
                            );
                        }
                    }
                    self.shown.push(msg);
                }
            }
        }
    }

    fn finish(self, test: &str, base: u64) {
        use reference::Ambiguity as A;
        let reasons = [A::Key, A::Separator, A::IntegerRange, A::Digits, A::Tiny];
        let count = |r: &A| self.ambiguous.get(r).copied().unwrap_or(0);
        let ambiguous: usize = reasons.iter().map(count).sum();
        eprintln!(
            "{test}: base seed {base}, {} documents, {} skipped (non-transitive natural order), {} failures, {:.1} s\n  \
             refused by default as ambiguous: {ambiguous} ({:.1}%): {}",
            self.docs,
            self.skipped_nontransitive,
            self.failures,
            self.started.elapsed().as_secs_f64(),
            100.0 * ambiguous as f64 / self.docs.max(1) as f64,
            reasons
                .iter()
                .map(|r| format!("{r:?} {}", count(r)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert!(
            self.failures == 0,
            "{test}: {} of {} documents failed (base seed {base}; set MNX_DIFF_SEED to replay). First {}:\n{}",
            self.failures,
            self.docs,
            self.shown.len(),
            self.shown.join("\n")
        );
        assert!(
            self.skipped_nontransitive * 50 <= self.docs.max(1),
            "{test}: too many documents skipped ({} of {}): the generator needs fixing",
            self.skipped_nontransitive,
            self.docs
        );
        // Both policies need documents: between a quarter and three quarters
        // ambiguous, and every reason first at least 0.5% of the time (checked
        // on runs large enough for the rates to mean something).
        if self.check_rates && self.docs >= 1000 {
            assert!(
                (self.docs / 4..=self.docs * 3 / 4).contains(&ambiguous),
                "{test}: {ambiguous} of {} documents ambiguous: the generator needs tuning",
                self.docs
            );
            for r in &reasons {
                assert!(
                    count(r) * 200 >= self.docs,
                    "{test}: only {} documents ambiguous first by {r:?}",
                    count(r)
                );
            }
        }
    }
}

fn failure_kind(o: &Outcome) -> Option<&'static str> {
    match o {
        Outcome::Fail { kind, .. } => Some(kind),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// tests
// ---------------------------------------------------------------------------

/// `canonical`, `canonical_len`, `sign` and `sign_body` against the reference.
#[test]
fn canonical_and_sign_match_reference() {
    let base = base_seed();
    let mut report = Report::default();
    for i in 0..doc_count() {
        let seed = base.wrapping_add(i as u64);
        let mut g = Gen::new(seed);
        let doc = g.document();
        let rendered = render(&doc, &mut g.rng);
        let secret = SECRETS.choose(&mut g.rng).unwrap().as_bytes();
        report.note(first_ambiguity(&rendered.text, Exclude::Both).unwrap_or(None));
        let mut outcome = check_canonical(&rendered, secret);
        // sign_body (two more parses, a verify and a serde round trip) on a
        // quarter of the documents keeps the run time in budget.
        if i % 4 == 0 && matches!(outcome, Outcome::Pass) {
            outcome = check_sign_body(&doc, &rendered, secret);
        }
        if matches!(outcome, Outcome::Pass) {
            outcome = check_values(&doc, &rendered, secret, &mut report.values_compared);
        }
        let shrink_doc = |kind| {
            let min = shrink(&doc, &mut |cand| {
                renderings(cand).iter().any(|t| {
                    let o = check_canonical(t, secret);
                    let o = if matches!(o, Outcome::Pass) {
                        check_sign_body(cand, t, secret)
                    } else {
                        o
                    };
                    failure_kind(&o) == Some(kind)
                })
            });
            renderings(&min).into_iter().find_map(|t| {
                let o = check_canonical(&t, secret);
                let o = if matches!(o, Outcome::Pass) {
                    check_sign_body(&min, &t, secret)
                } else {
                    o
                };
                match o {
                    Outcome::Fail { detail, text, .. } => Some((text, detail)),
                    _ => None,
                }
            })
        };
        report.record(seed, outcome, shrink_doc);
    }
    // Documents with floats have no `Values` form; most have none.
    assert!(
        report.values_compared * 4 >= doc_count(),
        "only {} of {} documents were compared through `Values`",
        report.values_compared,
        doc_count()
    );
    report.finish("canonical_and_sign_match_reference", base);
}

/// Whether a number's wire text is an integer (no fraction, no exponent).
fn is_integer(n: &str) -> bool {
    !n.contains(['.', 'e', 'E'])
}

fn values_fit(doc: &J) -> bool {
    match doc {
        J::Num(n) => is_integer(n),
        J::Arr(items) => items.iter().all(values_fit),
        J::Obj(members) => members.iter().all(|(_, v)| values_fit(v)),
        _ => true,
    }
}

fn scalar_of(v: &J) -> Scalar<'_> {
    match v {
        J::Null => Scalar::Null,
        J::Bool(b) => Scalar::Bool(*b),
        J::Num(n) => Scalar::Digits(n),
        J::Str(s) => Scalar::Str(s),
        J::Arr(_) | J::Obj(_) => unreachable!("containers are added by the fillers"),
    }
}

fn fill_object<'t>(
    o: &mut Object<'_, 't, 512, 16>,
    members: &'t [(String, J)],
) -> Result<(), Error> {
    for (k, v) in members {
        match v {
            J::Obj(m) => o.object(k, |inner| fill_object(inner, m))?,
            J::Arr(items) => o.array(k, |inner| fill_array(inner, items))?,
            _ => o.member(k, scalar_of(v))?,
        }
    }
    Ok(())
}

fn fill_array<'t>(a: &mut Array<'_, 't, 512, 16>, items: &'t [J]) -> Result<(), Error> {
    for v in items {
        match v {
            J::Obj(m) => a.object(|inner| fill_object(inner, m))?,
            J::Arr(items) => a.array(|inner| fill_array(inner, items))?,
            _ => a.element(scalar_of(v))?,
        }
    }
    Ok(())
}

/// The same document given as values (`Values`, no JSON text) signs, is
/// refused and writes its canonical string exactly as its JSON text does;
/// an ambiguity refusal names the same path.
fn check_values(doc: &J, r: &Rendered, secret: &[u8], compared: &mut usize) -> Outcome {
    let (J::Obj(members), true) = (doc, values_fit(doc)) else {
        return Outcome::Pass;
    };
    *compared += 1;
    let text = r.text.as_bytes();
    let mut values = Values::<512, 16>::new();
    if let Err(e) = fill_object(&mut values.root(), members) {
        return fail("values", format!("building Values: {e:?}"), &r.text);
    }
    let mut buf = vec![0u8; values.canonical_len()];
    let got = values.canonical_into(&mut buf).map(str::to_owned);
    let want = engine_canonical(text);
    if got != want {
        return fail(
            "values canonical",
            format!("Values: {got:?}\n    JSON: {want:?}"),
            &r.text,
        );
    }
    let (got, want) = (
        allowing(secret).sign_values(&values),
        allowing(secret).sign(text),
    );
    if got != want {
        return fail(
            "values sign (opt-in)",
            format!("Values: {got:?}, JSON: {want:?}"),
            &r.text,
        );
    }
    let signer = Signer::new(secret).expect("test secrets are valid");
    match (signer.sign_values(&values), signer.sign(text)) {
        (Ok(a), Ok(b)) if a == b => Outcome::Pass,
        (
            Err(Error::Ambiguous {
                offset: at,
                reason: a,
            }),
            Err(e @ Error::Ambiguous { offset, reason: b }),
        ) if a == b => {
            let mut got = String::new();
            values.member_path(at, &mut got).unwrap();
            let want = monetix_gate::json::Document::<512, 16>::parse_then(text, |d| {
                let mut w = String::new();
                d.member_path(offset, &mut w).unwrap();
                w
            })
            .unwrap();
            if got == want {
                Outcome::Pass
            } else {
                fail(
                    "values path",
                    format!("{e:?}: Values path {got:?}, JSON path {want:?}"),
                    &r.text,
                )
            }
        }
        (got, want) => fail(
            "values sign",
            format!("Values: {got:?}, JSON: {want:?}"),
            &r.text,
        ),
    }
}

/// Places a signature member (a placeholder) into `doc`: at the top level, or
/// in `general` (created if missing). Returns whether it is in `general`.
fn place_signature(doc: &mut J, g: &mut Gen) -> bool {
    let placeholder = J::Str("placeholder".to_owned());
    let members = doc.members_mut();
    let general_is_object = !members
        .iter()
        .any(|(k, v)| k == "general" && !matches!(v, J::Obj(_)));
    if general_is_object && g.chance(0.4) {
        // a top-level signature would win, so there is none
        members.retain(|(k, _)| k != "signature");
        match members.iter().position(|(k, _)| k == "general") {
            Some(i) => g.insert_at_random(members[i].1.members_mut(), "signature", placeholder),
            None => {
                let general = J::Obj(vec![("signature".to_owned(), placeholder)]);
                g.insert_at_random(members, "general", general);
            }
        }
        true
    } else {
        // A top-level signature wins; a `general.signature` in the body is
        // then ordinary, signed data (spec 2: exactly that member is removed).
        g.insert_at_random(members, "signature", placeholder);
        false
    }
}

/// `verify` against the reference: bodies signed by the reference in one of
/// the three orders of spec 3, with the signature at the top level or in
/// `general`; and a tampered signature is refused.
#[test]
fn verify_matches_reference() {
    let base = base_seed() ^ 0x5645_5249_4659; // a different stream from the test above
    let mut report = Report::default();
    for i in 0..doc_count() {
        let seed = base.wrapping_add(i as u64);
        let mut g = Gen::new(seed);
        let mut doc = g.document();
        let secret = SECRETS.choose(&mut g.rng).unwrap().as_bytes();
        let in_general = place_signature(&mut doc, &mut g);
        let signed_as = g.rng.gen_range(0..3);
        let exclude = if in_general {
            Exclude::General
        } else {
            Exclude::TopLevel
        };
        // (the placeholder signature is not checked: the same finding as
        // with the real one)
        report.note(first_ambiguity(&plain(&doc), exclude).unwrap_or(None));
        let outcome = check_verify(&doc, in_general, signed_as, secret, &mut g.rng);
        let shrink_doc = |kind| {
            let mut rng = StdRng::seed_from_u64(seed);
            let min = shrink(&doc, &mut |cand| {
                (0..3).any(|_| {
                    failure_kind(&check_verify(cand, in_general, signed_as, secret, &mut rng))
                        == Some(kind)
                })
            });
            (0..8).find_map(
                |_| match check_verify(&min, in_general, signed_as, secret, &mut rng) {
                    Outcome::Fail { detail, text, .. } => Some((text, detail)),
                    _ => None,
                },
            )
        };
        report.record(seed, outcome, shrink_doc);
    }
    report.finish("verify_matches_reference", base);
}

/// Documents just inside and just beyond the default limits (512 values,
/// depth 16): inside they match the reference, beyond they are refused with
/// `TooManyValues` / `TooDeep` by every entry point.
#[test]
fn limits_match_reference() {
    let base = base_seed() ^ 0x4c_494d_4954;
    let n = (doc_count() / 10).max(1);
    let mut report = Report {
        // half the documents break a limit, the rest are all large
        check_rates: false,
        ..Report::default()
    };
    for i in 0..n {
        let seed = base.wrapping_add(i as u64);
        let mut g = Gen::new(seed);
        let mut doc = g.document();
        let case = g.rng.gen_range(0..4);
        let (doc, want_err) = match case {
            // exactly 512 values, or 513..=700
            0 | 1 => {
                let have = doc.values();
                let target = if case == 0 {
                    512
                } else {
                    g.rng.gen_range(513..=700)
                };
                // a new member holding an array that fills the gap (the member counts too)
                let fill = target - have - 1;
                let items = (0..fill).map(|_| g.scalar()).collect();
                let key = format!("fill{}", g.rng.gen::<u32>());
                g.insert_at_random(doc.members_mut(), &key, J::Arr(items));
                assert_eq!(doc.values(), target);
                (doc, (case == 1).then_some("TooManyValues"))
            }
            // depth exactly 16, or 17..=40, with few values
            _ => {
                let target = if case == 2 {
                    16
                } else {
                    g.rng.gen_range(17..=40)
                };
                let mut doc = if doc.values() + target + 2 > 512 {
                    J::Obj(Vec::new())
                } else {
                    doc
                };
                let mut chain = g.scalar();
                for _ in 0..(target - 1) {
                    chain = if g.chance(0.5) {
                        J::Arr(vec![chain])
                    } else {
                        J::Obj(vec![(g.key(), chain)])
                    };
                }
                let key = format!("deep{}", g.rng.gen::<u32>());
                g.insert_at_random(doc.members_mut(), &key, chain);
                assert_eq!(doc.depth(), target);
                (doc, (case == 3).then_some("TooDeep"))
            }
        };
        let rendered = render(&doc, &mut g.rng);
        let text = rendered.text.clone();
        let body = text.as_bytes();
        let outcome = if let Some(kind) = want_err {
            let ok = |e: &Error| match kind {
                "TooManyValues" => *e == Error::TooManyValues,
                _ => matches!(e, Error::TooDeep { .. }),
            };
            let results = [
                ("canonical", engine_canonical(body).map(|_| ())),
                ("canonical_len", canonical_len(body).map(|_| ())),
                ("sign", engine_sign(body, b"secret").map(|_| ())),
                ("sign_body", engine_sign_body(body, b"secret").map(|_| ())),
                (
                    "verify",
                    verify(body, b"secret", Mode::Tolerant).map(|_| ()),
                ),
            ];
            results
                .into_iter()
                .find(|(_, r)| !matches!(r, Err(e) if ok(e)))
                .map_or(Outcome::Pass, |(f, r)| {
                    fail(
                        "limit not enforced",
                        format!(
                            "{f}: want {kind}, got {r:?} (values {}, depth {})",
                            doc.values(),
                            doc.depth()
                        ),
                        &text,
                    )
                })
        } else {
            report.note(first_ambiguity(&text, Exclude::Both).unwrap_or(None));
            match check_canonical(&rendered, b"secret") {
                Outcome::Fail { kind, detail, text } => Outcome::Fail {
                    kind,
                    detail: format!(
                        "at the limit (values {}, depth {}): {detail}",
                        doc.values(),
                        doc.depth()
                    ),
                    text,
                },
                other => other,
            }
        };
        report.record(seed, outcome, |_| None);
    }
    report.finish("limits_match_reference", base);
}

/// The reference's natural order on the examples the spec gives.
#[test]
fn reference_natural_order_examples() {
    use core::cmp::Ordering::{Equal, Greater, Less};
    use reference::natural_cmp;
    let ascending: &[&str] = &["a", "a1", "a2", "a10", "a_b"];
    for w in ascending.windows(2) {
        assert_eq!(
            natural_cmp(w[0].as_bytes(), w[1].as_bytes()),
            Less,
            "{} < {}",
            w[0],
            w[1]
        );
    }
    for (a, b, want) in [
        ("list:2", "list:10", Less),
        ("x001", "x01", Less),
        ("x01", "x1", Less),
        ("a b", "ab", Equal),
        ("01", "1", Equal),
        ("item2", "item10", Less),
        ("", "a", Less),
        ("", "", Equal),
        ("a", "", Greater),
        ("1 2", "12", Less),
        ("a  ", "a", Greater),
        ("x10", "x9", Greater),
        ("x19", "x20", Less),  // right-aligned: first differing digit
        ("x0 1", "x01", Less), // left-aligned run `0` ends first
    ] {
        assert_eq!(
            natural_cmp(a.as_bytes(), b.as_bytes()),
            want,
            "{a:?} vs {b:?}"
        );
    }
}
