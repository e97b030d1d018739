//! JSON tokenizer, value table and the canonical signing string (spec section 1).
//!
//! [`Document::parse`] reads a body once, iteratively (its stack does not grow
//! with the input's nesting), validating everything spec section 4 asks for, into
//! a fixed table of entries: one per object member or array element, in
//! document order, each pointing at its raw bytes in the input. Nothing is copied
//! and no escape is decoded until a value is written or compared.
//!
//! The table's size and the nesting limit are const generics with defaults
//! ([`DEFAULT_MAX_VALUES`] values, depth [`DEFAULT_MAX_DEPTH`]). With the defaults a
//! `Document` takes 12 KiB plus 48 bytes; the canonical-string and signing calls
//! add four index arrays of 1 KiB each. Measured peaks (painted stack, release,
//! `core/tests/stack.rs`): signing about 20 KiB, verification about 22 KiB.
//!
//! The same table backs signing, verification and the typed callback views, so
//! the verifier and the reader can never see different data.

use core::cmp::Ordering;
use core::fmt;

use crate::ambiguity::Ambiguity;

use crate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use crate::natural::{self, Bytes};
use crate::Error;

const NONE: u16 = u16::MAX;

/// The JSON type of a value in a [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{...}`
    Object,
    /// `[...]`
    Array,
    /// `"..."`
    String,
    /// An integer that fits `i64` (no fraction, no exponent).
    Integer,
    /// Any other number: a fraction, an exponent, or an integer beyond `i64`.
    Float,
    /// `true`
    True,
    /// `false`
    False,
    /// `null`
    Null,
}

// Entry flags.
const KEY_ESCAPED: u8 = 1; // the key has a backslash escape
const KEY_COLON: u8 = 2; // the decoded key contains ':'
const VAL_ESCAPED: u8 = 4; // the string value has a backslash escape
const FRAME_MODE: u8 = 8; // this member or an ancestor is named `frame_mode`
const INDEX: u8 = 16; // array element: `key_start` holds the index
const KEY_DIGIT_SPACE: u8 = 32; // the raw key has an ASCII digit or whitespace
const AMBIGUOUS: u8 = 64; // the key or the value is ambiguous (see `crate::ambiguity`)

// What `Parser::string` saw in a string (after decoding escapes).
const STR_ESCAPED: u8 = 1; // a backslash escape
const STR_COLON: u8 = 2; // a ':'
const STR_SEMI: u8 = 4; // a ';'
const STR_SEMI_COLON: u8 = 8; // a ';' followed later by a ':'

/// One value of a parsed body: an object member or an array element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// Raw key bytes (between the quotes), or the array index in `key_start`.
    key_start: u32,
    key_end: u32,
    /// Raw value token (strings include their quotes; containers their brackets).
    val_start: u32,
    val_end: u32,
    /// Parent entry, `NONE` for a top-level member.
    parent: u16,
    /// Previous sibling, `NONE` for the first child.
    prev: u16,
    /// Index after the last entry of this value's subtree.
    end: u16,
    kind: Kind,
    flags: u8,
}

#[derive(Clone, Copy)]
struct Frame {
    entry: u16,
    is_array: bool,
    count: u32,
    /// Last direct child so far (the head of the sibling chain).
    last_child: u16,
}

/// A parsed, validated JSON body: a fixed table of its values.
///
/// `VALUES` bounds the number of values (object members plus array elements,
/// at any depth); `DEPTH` bounds the nesting of objects and arrays (the
/// top-level object is depth 1). Both are checked while parsing, with their own
/// errors ([`Error::TooManyValues`], [`Error::TooDeep`]).
pub struct Document<
    'a,
    const VALUES: usize = DEFAULT_MAX_VALUES,
    const DEPTH: usize = DEFAULT_MAX_DEPTH,
> {
    input: &'a [u8],
    /// Filled in document order; never initialised beyond `len` (a
    /// `heapless::Vec` reserves the space without writing it).
    entries: heapless::Vec<Entry, VALUES>,
    len: usize,
    /// Offset of the top-level `{`.
    root_start: u32,
    /// Number of top-level members.
    top_count: u16,
    /// Top-level `general` member.
    general: u16,
    /// Last direct child of `general` (if it is an object with members).
    general_last: u16,
    /// Top-level `signature` member.
    top_sig: u16,
    /// `general.signature` member.
    general_sig: u16,
    /// First entry (in document order, outside `frame_mode`) flagged
    /// [`AMBIGUOUS`]; `NONE` for a body with no ambiguous data at all.
    first_ambiguous: u16,
}

fn opt(i: u16) -> Option<u16> {
    if i == NONE {
        None
    } else {
        Some(i)
    }
}

/// Converts a stored `u32` offset back into a `usize` index.
#[allow(clippy::cast_possible_truncation)]
const fn us(x: u32) -> usize {
    x as usize
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

/// Bytes that end a plain run inside a string: `"`, `\\`, `:`, `;` and controls.
// Evaluated at compile time: an out-of-range index would fail the build, not panic.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
static STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[b':' as usize] = true;
    t[b';' as usize] = true;
    t
};

const fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.input.get(self.pos) {
            if !is_ws(b) {
                break;
            }
            self.pos = self.pos.saturating_add(1);
        }
    }

    fn err(&self) -> Error {
        Error::InvalidJson { offset: self.pos }
    }

    fn expect(&mut self, b: u8) -> Result<(), Error> {
        if self.peek() == Some(b) {
            self.pos = self.pos.saturating_add(1);
            Ok(())
        } else {
            Err(self.err())
        }
    }

    fn hex4(&self, at: usize) -> Result<u16, Error> {
        let digits = self
            .input
            .get(at..at.saturating_add(4))
            .ok_or(Error::InvalidJson { offset: at })?;
        let mut v: u16 = 0;
        for (i, &d) in digits.iter().enumerate() {
            let h = match d {
                b'0'..=b'9' => d.wrapping_sub(b'0'),
                b'a'..=b'f' => d.wrapping_sub(b'a').wrapping_add(10),
                b'A'..=b'F' => d.wrapping_sub(b'A').wrapping_add(10),
                _ => {
                    return Err(Error::InvalidJson {
                        offset: at.saturating_add(i),
                    })
                }
            };
            v = (v << 4) | u16::from(h);
        }
        Ok(v)
    }

    /// Scans a string whose opening quote is at `self.pos`. Returns the raw
    /// content span and what it saw (`STR_*` bits, for the decoded text).
    fn string(&mut self) -> Result<(usize, usize, u8), Error> {
        self.expect(b'"')?;
        let start = self.pos;
        let mut seen = 0u8;
        // A decoded ':' (raw or escaped); marks ';' ... ':' when a ';' came first.
        let colon = |seen: &mut u8| {
            *seen |= STR_COLON;
            if *seen & STR_SEMI != 0 {
                *seen |= STR_SEMI_COLON;
            }
        };
        loop {
            // Skip the plain run in one tight loop.
            let rest = self.input.get(self.pos..).unwrap_or(&[]);
            let run = rest
                .iter()
                .position(|&c| STOP.get(usize::from(c)).copied().unwrap_or(true))
                .unwrap_or(rest.len());
            self.pos = self.pos.saturating_add(run);
            let Some(&b) = self.input.get(self.pos) else {
                return Err(self.err());
            };
            match b {
                b'"' => {
                    let end = self.pos;
                    self.pos = self.pos.saturating_add(1);
                    return Ok((start, end, seen));
                }
                b'\\' => {
                    seen |= STR_ESCAPED;
                    let esc_at = self.pos;
                    let Some(&e) = self.input.get(self.pos.saturating_add(1)) else {
                        return Err(Error::InvalidJson {
                            offset: self.pos.saturating_add(1),
                        });
                    };
                    match e {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                            self.pos = self.pos.saturating_add(2);
                        }
                        b'u' => {
                            let u = self.hex4(self.pos.saturating_add(2))?;
                            self.pos = self.pos.saturating_add(6);
                            if (0xDC00..0xE000).contains(&u) {
                                return Err(Error::LoneSurrogate { offset: esc_at });
                            }
                            if (0xD800..0xDC00).contains(&u) {
                                let low_ok = self.input.get(self.pos) == Some(&b'\\')
                                    && self.input.get(self.pos.saturating_add(1)) == Some(&b'u');
                                if !low_ok {
                                    return Err(Error::LoneSurrogate { offset: esc_at });
                                }
                                let lo = self.hex4(self.pos.saturating_add(2))?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(Error::LoneSurrogate { offset: esc_at });
                                }
                                self.pos = self.pos.saturating_add(6);
                            } else if u == u16::from(b':') {
                                colon(&mut seen);
                            } else if u == u16::from(b';') {
                                seen |= STR_SEMI;
                            }
                        }
                        _ => {
                            return Err(Error::InvalidJson {
                                offset: self.pos.saturating_add(1),
                            })
                        }
                    }
                }
                0..=0x1f => return Err(self.err()),
                b':' => {
                    colon(&mut seen);
                    self.pos = self.pos.saturating_add(1);
                }
                b';' => {
                    seen |= STR_SEMI;
                    self.pos = self.pos.saturating_add(1);
                }
                _ => self.pos = self.pos.saturating_add(1),
            }
        }
    }

    /// Scans a number at `self.pos`; returns its kind.
    fn number(&mut self) -> Result<Kind, Error> {
        let start = self.pos;
        let neg = self.peek() == Some(b'-');
        if neg {
            self.pos = self.pos.saturating_add(1);
        }
        // Integer part, accumulated as a negative i64 so i64::MIN fits.
        let mut acc: i64 = 0;
        let mut fits = true;
        match self.peek() {
            Some(b'0') => self.pos = self.pos.saturating_add(1),
            Some(b'1'..=b'9') => {
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    if fits {
                        match acc
                            .checked_mul(10)
                            .and_then(|v| v.checked_sub(i64::from(d.wrapping_sub(b'0'))))
                        {
                            Some(v) => acc = v,
                            None => fits = false,
                        }
                    }
                    self.pos = self.pos.saturating_add(1);
                }
            }
            _ => return Err(self.err()),
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.pos = self.pos.saturating_add(1);
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err());
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos = self.pos.saturating_add(1);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.pos = self.pos.saturating_add(1);
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos = self.pos.saturating_add(1);
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err());
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos = self.pos.saturating_add(1);
            }
        }
        if !neg && acc == i64::MIN {
            fits = false;
        }
        if !float && fits {
            return Ok(Kind::Integer);
        }
        let text = self
            .input
            .get(start..self.pos)
            .and_then(|t| core::str::from_utf8(t).ok())
            .ok_or(Error::InvalidJson { offset: start })?;
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Kind::Float),
            _ => Err(Error::NumberOutOfRange { offset: start }),
        }
    }

    fn literal(&mut self, word: &[u8], kind: Kind) -> Result<Kind, Error> {
        let end = self.pos.saturating_add(word.len());
        if self.input.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(kind)
        } else {
            Err(self.err())
        }
    }
}

/// Decodes the raw content of a JSON string (validated by the parser) byte by byte.
#[derive(Clone)]
pub(crate) struct StrBytes<'a> {
    raw: &'a [u8],
    pos: usize,
    pend: [u8; 4],
    plen: u8,
    pidx: u8,
}

impl<'a> StrBytes<'a> {
    pub(crate) fn new(raw: &'a [u8]) -> Self {
        let mut s = StrBytes {
            raw,
            pos: 0,
            pend: [0; 4],
            plen: 0,
            pidx: 0,
        };
        s.load();
        s
    }

    fn hex(&self, at: usize) -> u32 {
        let mut v = 0u32;
        for i in 0..4 {
            let d = self.raw.get(at.saturating_add(i)).copied().unwrap_or(b'0');
            let h = match d {
                b'0'..=b'9' => d.wrapping_sub(b'0'),
                b'a'..=b'f' => d.wrapping_sub(b'a').wrapping_add(10),
                b'A'..=b'F' => d.wrapping_sub(b'A').wrapping_add(10),
                _ => 0,
            };
            v = (v << 4) | u32::from(h);
        }
        v
    }

    /// Loads the next decoded character into `pend`.
    fn load(&mut self) {
        self.pidx = 0;
        self.plen = 0;
        let Some(&b) = self.raw.get(self.pos) else {
            return;
        };
        if b != b'\\' {
            self.pend[0] = b;
            self.plen = 1;
            self.pos = self.pos.saturating_add(1);
            return;
        }
        let e = self
            .raw
            .get(self.pos.saturating_add(1))
            .copied()
            .unwrap_or(b'\\');
        let simple = match e {
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'u' => None,
            other => Some(other),
        };
        if let Some(c) = simple {
            self.pend[0] = c;
            self.plen = 1;
            self.pos = self.pos.saturating_add(2);
            return;
        }
        let mut cp = self.hex(self.pos.saturating_add(2));
        self.pos = self.pos.saturating_add(6);
        if (0xD800..0xDC00).contains(&cp) {
            let lo = self.hex(self.pos.saturating_add(2));
            self.pos = self.pos.saturating_add(6);
            cp = 0x10000u32
                .wrapping_add((cp.wrapping_sub(0xD800)) << 10)
                .wrapping_add(lo.wrapping_sub(0xDC00));
        }
        let c = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
        self.plen = u8::try_from(c.encode_utf8(&mut self.pend).len()).unwrap_or(0);
    }
}

impl Bytes for StrBytes<'_> {
    fn peek(&self) -> Option<u8> {
        if self.pidx < self.plen {
            self.pend.get(usize::from(self.pidx)).copied()
        } else {
            None
        }
    }
    fn bump(&mut self) {
        if self.pidx < self.plen {
            self.pidx = self.pidx.saturating_add(1);
            if self.pidx >= self.plen {
                self.load();
            }
        }
    }
}

/// A key's fingerprint: decoded length in the high 16 bits, 48 bits of the
/// FNV-1a hash of the decoded bytes below. Equal keys have equal fingerprints.
fn fingerprint(raw: &[u8], escaped: bool) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    let mut len: u64 = 0;
    let mut step = |b: u8| {
        hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
        len = len.wrapping_add(1);
    };
    if escaped {
        let mut bytes = StrBytes::new(raw);
        while let Some(b) = bytes.peek() {
            step(b);
            bytes.bump();
        }
    } else {
        raw.iter().copied().for_each(&mut step);
    }
    (len << 48) ^ (hash & 0x0000_ffff_ffff_ffff)
}

/// Decoded bytes of two raw JSON strings are equal.
fn raw_str_eq(a: &[u8], a_esc: bool, b: &[u8], b_esc: bool) -> bool {
    if !a_esc && !b_esc {
        return a == b;
    }
    natural::compare_bytes(StrBytes::new(a), StrBytes::new(b)) == Ordering::Equal
}

impl<'a, const VALUES: usize, const DEPTH: usize> Document<'a, VALUES, DEPTH> {
    /// Parses and validates `input`: well-formed JSON, valid UTF-8 (also in
    /// `\u` escapes), an object at the top level, no duplicate keys in any
    /// object, every number within the range of a 64-bit float, and the
    /// `VALUES` and `DEPTH` limits. Each failure has its own [`Error`].
    ///
    /// Runs in time linear in the input (the duplicate-key check is bounded by
    /// `VALUES`) and in constant stack.
    pub fn parse(input: &'a [u8]) -> Result<Self, Error> {
        let mut doc = Self::empty(input);
        doc.fill()?;
        Ok(doc)
    }

    /// Parses `input` and hands the document to `f` without moving it.
    ///
    /// Prefer this to [`Document::parse`] on hot or stack-constrained paths:
    /// the table is large (12 KiB with the default limits), and returning it
    /// inside a `Result` costs a copy and a second table's worth of stack.
    ///
    /// # Errors
    /// As [`Document::parse`].
    pub fn parse_then<R>(input: &'a [u8], f: impl FnOnce(&Self) -> R) -> Result<R, Error> {
        let mut doc = Self::empty(input);
        doc.fill()?;
        Ok(f(&doc))
    }

    #[inline(always)]
    fn empty(input: &'a [u8]) -> Self {
        Document {
            input,
            entries: heapless::Vec::new(),
            len: 0,
            root_start: 0,
            top_count: 0,
            general: NONE,
            general_last: NONE,
            top_sig: NONE,
            general_sig: NONE,
            first_ambiguous: NONE,
        }
    }

    #[allow(clippy::too_many_lines, clippy::cast_possible_truncation)]
    fn fill(&mut self) -> Result<(), Error> {
        if let Err(e) = core::str::from_utf8(self.input) {
            return Err(Error::InvalidUtf8 {
                offset: e.valid_up_to(),
            });
        }
        if u32::try_from(self.input.len()).is_err() || self.input.len() == us(u32::MAX) {
            return Err(Error::TooLarge);
        }
        let mut p = Parser {
            input: self.input,
            pos: 0,
        };
        p.skip_ws();
        match p.peek() {
            Some(b'{') => {}
            Some(b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                return Err(Error::NotAnObject)
            }
            _ => return Err(p.err()),
        }
        if DEPTH == 0 {
            return Err(Error::TooDeep { offset: p.pos });
        }
        self.root_start = p.pos as u32;
        p.pos = p.pos.saturating_add(1);
        let root = Frame {
            entry: NONE,
            is_array: false,
            count: 0,
            last_child: NONE,
        };
        let mut stack = [root; DEPTH];
        // Key fingerprints by entry index (0 for array elements); a standalone
        // local, so its buffer is never zeroed.
        let mut prints = heapless::Vec::<u64, VALUES>::new();
        let mut key_print = 0u64;
        let mut depth: usize = 1;
        // `true` right after an opening bracket.
        let mut first = true;
        loop {
            let frame = *stack
                .get(depth.wrapping_sub(1))
                .ok_or(Error::InvalidJson { offset: p.pos })?;
            let close = if frame.is_array { b']' } else { b'}' };
            p.skip_ws();
            let closing = if first {
                p.peek() == Some(close)
            } else {
                match p.peek() {
                    Some(b',') => {
                        p.pos = p.pos.saturating_add(1);
                        p.skip_ws();
                        false
                    }
                    Some(c) if c == close => true,
                    _ => return Err(p.err()),
                }
            };
            if closing {
                p.pos = p.pos.saturating_add(1);
                if frame.entry == NONE {
                    self.top_count = u16::try_from(frame.count).unwrap_or(NONE);
                } else {
                    let len16 = self.len as u16;
                    if let Some(e) = self.entries.get_mut(usize::from(frame.entry)) {
                        e.val_end = p.pos as u32;
                        e.end = len16;
                    }
                    if frame.entry == self.general {
                        self.general_last = frame.last_child;
                    }
                }
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    p.skip_ws();
                    if p.pos != self.input.len() {
                        return Err(p.err());
                    }
                    return Ok(());
                }
                first = false;
                continue;
            }
            // A member or an element.
            let (key_start, key_end, mut flags) = if frame.is_array {
                (frame.count, 0u32, INDEX)
            } else {
                if p.peek() != Some(b'"') {
                    return Err(p.err());
                }
                let key_at = p.pos;
                let (ks, ke, seen) = p.string()?;
                let esc = seen & STR_ESCAPED != 0;
                let mut flags = 0;
                if esc {
                    flags |= KEY_ESCAPED;
                }
                if seen & STR_COLON != 0 {
                    flags |= KEY_COLON;
                }
                if ks == ke || seen & (STR_COLON | STR_SEMI) != 0 {
                    flags |= AMBIGUOUS;
                }
                if self.input.get(ks..ke).is_some_and(|k| {
                    k.iter().any(|&c| {
                        c.is_ascii_digit()
                            || matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
                    })
                }) {
                    flags |= KEY_DIGIT_SPACE;
                }
                // Duplicate check against the earlier siblings (bounded by
                // VALUES). Each key is decoded once, into a fingerprint (its
                // decoded length and FNV-1a hash); only keys with equal
                // fingerprints are compared byte by byte, so long escaped keys
                // sharing a prefix cost no more than plain ones.
                let key = self.input.get(ks..ke).unwrap_or(&[]);
                let print = fingerprint(key, esc);
                let mut sib = frame.last_child;
                while let Some(s) = self.entries.get(usize::from(sib)) {
                    let same_print = prints.get(usize::from(sib)) == Some(&print);
                    if same_print {
                        let skey = self
                            .input
                            .get(us(s.key_start)..us(s.key_end))
                            .unwrap_or(&[]);
                        if raw_str_eq(skey, s.flags & KEY_ESCAPED != 0, key, esc) {
                            return Err(Error::DuplicateKey { offset: key_at });
                        }
                    }
                    sib = s.prev;
                }
                key_print = print;
                p.skip_ws();
                p.expect(b':')?;
                p.skip_ws();
                (ks as u32, ke as u32, flags)
            };
            if self.len >= VALUES || self.len >= usize::from(NONE) {
                return Err(Error::TooManyValues);
            }
            let idx = self.len as u16;
            if let Some(parent) = self.entries.get(usize::from(frame.entry)) {
                flags |= parent.flags & FRAME_MODE;
            }
            if !frame.is_array {
                let key = self.input.get(us(key_start)..us(key_end)).unwrap_or(&[]);
                let esc = flags & KEY_ESCAPED != 0;
                if raw_str_eq(key, esc, b"frame_mode", false) {
                    flags |= FRAME_MODE;
                }
                if frame.entry == NONE {
                    if raw_str_eq(key, esc, b"signature", false) {
                        self.top_sig = idx;
                    } else if raw_str_eq(key, esc, b"general", false) {
                        self.general = idx;
                    }
                } else if frame.entry == self.general && raw_str_eq(key, esc, b"signature", false) {
                    self.general_sig = idx;
                }
            }
            let val_start = p.pos;
            let kind = match p.peek() {
                Some(b'{') => Kind::Object,
                Some(b'[') => Kind::Array,
                Some(b'"') => {
                    let (_, _, seen) = p.string()?;
                    if seen & STR_ESCAPED != 0 {
                        flags |= VAL_ESCAPED;
                    }
                    if seen & STR_SEMI_COLON != 0 {
                        flags |= AMBIGUOUS;
                    }
                    Kind::String
                }
                Some(b'-' | b'0'..=b'9') => {
                    let kind = p.number()?;
                    if kind == Kind::Float
                        && crate::ambiguity::number(self.input.get(val_start..p.pos).unwrap_or(&[]))
                            .is_some()
                    {
                        flags |= AMBIGUOUS;
                    }
                    kind
                }
                Some(b't') => p.literal(b"true", Kind::True)?,
                Some(b'f') => p.literal(b"false", Kind::False)?,
                Some(b'n') => p.literal(b"null", Kind::Null)?,
                _ => return Err(p.err()),
            };
            self.entries
                .push(Entry {
                    key_start,
                    key_end,
                    val_start: val_start as u32,
                    val_end: p.pos as u32,
                    parent: frame.entry,
                    prev: frame.last_child,
                    end: idx.saturating_add(1),
                    kind,
                    flags,
                })
                .map_err(|_| Error::TooManyValues)?;
            if flags & (AMBIGUOUS | FRAME_MODE) == AMBIGUOUS && self.first_ambiguous == NONE {
                self.first_ambiguous = idx;
            }
            prints
                .push(if frame.is_array { 0 } else { key_print })
                .map_err(|_| Error::TooManyValues)?;
            self.len = self.len.saturating_add(1);
            if let Some(f) = stack.get_mut(depth.wrapping_sub(1)) {
                f.last_child = idx;
                f.count = f.count.saturating_add(1);
            }
            if matches!(kind, Kind::Object | Kind::Array) {
                if depth >= DEPTH {
                    return Err(Error::TooDeep { offset: val_start });
                }
                p.pos = p.pos.saturating_add(1);
                if let Some(f) = stack.get_mut(depth) {
                    *f = Frame {
                        entry: idx,
                        is_array: kind == Kind::Array,
                        count: 0,
                        last_child: NONE,
                    };
                }
                depth = depth.saturating_add(1);
                first = true;
            } else {
                first = false;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Reading the table
// ---------------------------------------------------------------------------

/// The order in which the canonical lines are joined (spec sections 1.5 and 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    /// PHP's natural order of the paths: the canonical order, used for signing.
    Natural,
    /// Byte order of the paths (ties keep document order).
    BytePath,
    /// Byte order of the whole `path:value` lines.
    ByteLine,
}

impl Order {
    /// The name of the order as the spec and the CLI print it:
    /// `natural`, `byte-path` or `byte-line`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Order::Natural => "natural",
            Order::BytePath => "byte-path",
            Order::ByteLine => "byte-line",
        }
    }
}

impl core::fmt::Display for Order {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where bytes go: a counter, a caller buffer, or the MAC.
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

/// Counts bytes.
pub(crate) struct Counter(pub(crate) usize);

impl Sink for Counter {
    fn put(&mut self, bytes: &[u8]) {
        self.0 = self.0.saturating_add(bytes.len());
    }
}

/// Writes into a caller buffer; past its end it only counts.
pub(crate) struct SliceWriter<'o> {
    pub(crate) out: &'o mut [u8],
    pub(crate) pos: usize,
    pub(crate) needed: usize,
}

impl<'o> SliceWriter<'o> {
    pub(crate) fn new(out: &'o mut [u8]) -> Self {
        SliceWriter {
            out,
            pos: 0,
            needed: 0,
        }
    }

    /// Finishes: the written prefix on success; on overflow the prefix is
    /// zeroed and the exact size needed is returned.
    pub(crate) fn finish(self) -> Result<&'o mut [u8], Error> {
        let SliceWriter { out, pos, needed } = self;
        if needed > pos {
            if let Some(prefix) = out.get_mut(..pos) {
                prefix.fill(0);
            }
            return Err(Error::BufferTooSmall { needed });
        }
        out.get_mut(..pos).ok_or(Error::BufferTooSmall { needed })
    }
}

impl Sink for SliceWriter<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let end = self.pos.saturating_add(bytes.len());
        self.needed = self.needed.saturating_add(bytes.len());
        if self.needed == end {
            if let Some(dst) = self.out.get_mut(self.pos..end) {
                dst.copy_from_slice(bytes);
                self.pos = end;
            }
        }
    }
}

/// Formats a JSON number that is not an `i64` the way PHP prints a float with
/// precision 14 (`%.14G`, trailing zeros removed, `1.0E+25` style exponents).
/// Returns the length written into `buf`.
pub(crate) fn php_float(text: &[u8], buf: &mut [u8; 32]) -> usize {
    let v: f64 = core::str::from_utf8(text)
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0.0);
    // Correctly rounded 14 significant digits: d.ddddddddddddde<exp>.
    let mut sci = [0u8; 40];
    let mut w = SliceWriter::new(&mut sci);
    let _ = core::fmt::write(&mut FmtSink(&mut w), format_args!("{:.13e}", v));
    let n = w.pos;
    let sci = sci.get(..n).unwrap_or(&[]);
    let neg = sci.first() == Some(&b'-');
    let body = if neg {
        sci.get(1..).unwrap_or(&[])
    } else {
        sci
    };
    let epos = body.iter().position(|&c| c == b'e').unwrap_or(body.len());
    let mant = body.get(..epos).unwrap_or(&[]);
    let exp_text = body.get(epos.saturating_add(1)..).unwrap_or(&[]);
    let mut exp: i32 = 0;
    let mut exp_neg = false;
    for &c in exp_text {
        if c == b'-' {
            exp_neg = true;
        } else if c.is_ascii_digit() {
            exp = exp
                .saturating_mul(10)
                .saturating_add(i32::from(c.wrapping_sub(b'0')));
        }
    }
    if exp_neg {
        exp = exp.saturating_neg();
    }
    // Significant digits without the point, trailing zeros removed.
    let mut digits = [0u8; 16];
    let mut nd = 0usize;
    for &c in mant {
        if c.is_ascii_digit() {
            if let Some(d) = digits.get_mut(nd) {
                *d = c;
                nd = nd.saturating_add(1);
            }
        }
    }
    while nd > 1 && digits.get(nd.saturating_sub(1)) == Some(&b'0') {
        nd = nd.saturating_sub(1);
    }
    let digits = digits.get(..nd).unwrap_or(&[]);
    let mut out = SliceWriter::new(buf);
    if neg {
        out.put(b"-");
    }
    if v == 0.0 {
        out.put(b"0");
    } else if !(-4..14).contains(&exp) {
        out.put(digits.get(..1).unwrap_or(b"0"));
        out.put(b".");
        match digits.get(1..) {
            Some(rest) if !rest.is_empty() => out.put(rest),
            _ => out.put(b"0"),
        }
        out.put(if exp < 0 { b"E-" } else { b"E+" });
        let mut eb = [0u8; 12];
        let el = itoa_u64(u64::from(exp.unsigned_abs()), &mut eb);
        out.put(eb.get(..el).unwrap_or(&[]));
    } else if exp < 0 {
        out.put(b"0.");
        for _ in 0..exp.unsigned_abs().saturating_sub(1) {
            out.put(b"0");
        }
        out.put(digits);
    } else {
        let int_len = usize::try_from(exp).unwrap_or(0).saturating_add(1);
        if digits.len() <= int_len {
            out.put(digits);
            for _ in digits.len()..int_len {
                out.put(b"0");
            }
        } else {
            out.put(digits.get(..int_len).unwrap_or(&[]));
            out.put(b".");
            out.put(digits.get(int_len..).unwrap_or(&[]));
        }
    }
    out.pos
}

struct FmtSink<'w, 'o>(&'w mut SliceWriter<'o>);

impl core::fmt::Write for FmtSink<'_, '_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.put(s.as_bytes());
        Ok(())
    }
}

/// Writes `v` in decimal into `buf`, returning the length.
pub(crate) fn itoa_u64(mut v: u64, buf: &mut [u8]) -> usize {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i = i.saturating_sub(1);
        if let Some(t) = tmp.get_mut(i) {
            // `v % 10` is below 10.
            #[allow(clippy::cast_possible_truncation)]
            let d = (v % 10) as u8;
            *t = b'0'.wrapping_add(d);
        }
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    let digits = tmp.get(i..).unwrap_or(&[]);
    if let Some(dst) = buf.get_mut(..digits.len()) {
        dst.copy_from_slice(digits);
        digits.len()
    } else {
        0
    }
}

/// One source of bytes of a line.
#[derive(Clone)]
enum Src<'d> {
    Slice(&'d [u8]),
    /// A key or value with escapes (or a key with `:`, which is doubled).
    Str {
        bytes: StrBytes<'d>,
        double_colon: bool,
        dup: bool,
    },
    Lit {
        buf: [u8; 32],
        len: u8,
        pos: u8,
    },
}

impl Src<'_> {
    fn peek(&self) -> Option<u8> {
        match self {
            Src::Slice(s) => s.first().copied(),
            Src::Str { bytes, dup, .. } => {
                if *dup {
                    Some(b':')
                } else {
                    bytes.peek()
                }
            }
            Src::Lit { buf, len, pos } => {
                if pos < len {
                    buf.get(usize::from(*pos)).copied()
                } else {
                    None
                }
            }
        }
    }

    fn bump(&mut self) {
        match self {
            Src::Slice(s) => *s = s.get(1..).unwrap_or(&[]),
            Src::Str {
                bytes,
                double_colon,
                dup,
            } => {
                if *double_colon && !*dup && bytes.peek() == Some(b':') {
                    *dup = true;
                } else {
                    *dup = false;
                    bytes.bump();
                }
            }
            Src::Lit { pos, .. } => *pos = pos.saturating_add(1),
        }
    }

    fn drain<S: Sink>(&mut self, sink: &mut S) {
        match self {
            Src::Slice(s) => {
                sink.put(s);
                *s = &[];
            }
            Src::Lit { buf, len, pos } => {
                sink.put(buf.get(usize::from(*pos)..usize::from(*len)).unwrap_or(&[]));
                *pos = *len;
            }
            Src::Str { .. } => {
                let mut chunk = [0u8; 64];
                let mut n = 0usize;
                while let Some(b) = self.peek() {
                    if let Some(c) = chunk.get_mut(n) {
                        *c = b;
                        n = n.saturating_add(1);
                    }
                    if n == chunk.len() {
                        sink.put(&chunk);
                        n = 0;
                    }
                    self.bump();
                }
                sink.put(chunk.get(..n).unwrap_or(&[]));
            }
        }
    }
}

/// One plain path segment followed by `:` (or by the end of the line), as a
/// cursor that flags any attempt to read beyond it.
#[derive(Clone)]
struct Fast<'x> {
    bytes: &'x [u8],
    colon: bool,
    pos: usize,
    overflow: &'x core::cell::Cell<bool>,
}

impl<'x> Fast<'x> {
    /// `None` if the segment needs decoding (escapes, or a `:` to double).
    fn new(
        input: &'x [u8],
        e: &Entry,
        digits: &'x mut [u8; 10],
        colon: bool,
        overflow: &'x core::cell::Cell<bool>,
    ) -> Option<Self> {
        let bytes: &'x [u8] = if e.flags & INDEX != 0 {
            let n = itoa_u64(u64::from(e.key_start), digits);
            digits.get(..n)?
        } else if e.flags & (KEY_ESCAPED | KEY_COLON) == 0 {
            input.get(us(e.key_start)..us(e.key_end))?
        } else {
            return None;
        };
        Some(Fast {
            bytes,
            colon,
            pos: 0,
            overflow,
        })
    }
}

impl Bytes for Fast<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        match self.bytes.get(self.pos) {
            Some(&b) => Some(b),
            None if self.pos == self.bytes.len() && self.colon => Some(b':'),
            None => {
                if self.colon || self.pos > self.bytes.len() {
                    self.overflow.set(true);
                }
                None
            }
        }
    }
    #[inline]
    fn bump(&mut self) {
        if self.pos <= self.bytes.len() {
            self.pos = self.pos.saturating_add(1);
        }
    }
}

/// The bytes of one line (`path` or `path:value`) as a cursor.
#[derive(Clone)]
struct Line<'d> {
    input: &'d [u8],
    entries: &'d [Entry],
    chain: &'d [u16],
    with_value: bool,
    piece: usize,
    src: Src<'d>,
    done: bool,
}

impl<'d> Line<'d> {
    /// A cursor from segment `seg` of `chain` (the leaf's ancestors and itself, root first).
    fn new(
        input: &'d [u8],
        entries: &'d [Entry],
        chain: &'d [u16],
        seg: usize,
        with_value: bool,
    ) -> Self {
        let mut l = Line {
            input,
            entries,
            chain,
            with_value,
            piece: seg.saturating_mul(2),
            src: Src::Slice(&[]),
            done: false,
        };
        l.done = !l.load();
        l.settle();
        l
    }

    fn pieces(&self) -> usize {
        let n = self.chain.len().saturating_mul(2);
        if self.with_value {
            n.saturating_add(1)
        } else {
            n.saturating_sub(1)
        }
    }

    /// Loads piece `self.piece`; false past the last.
    fn load(&mut self) -> bool {
        if self.piece >= self.pieces() {
            return false;
        }
        if self.piece % 2 == 1 {
            self.src = Src::Slice(b":");
            return true;
        }
        let seg = self.piece / 2;
        if let Some(&ix) = self.chain.get(seg) {
            let Some(e) = self.entries.get(usize::from(ix)) else {
                return false;
            };
            self.src = key_src(self.input, e);
        } else {
            let Some(e) = self
                .chain
                .last()
                .and_then(|&ix| self.entries.get(usize::from(ix)))
            else {
                return false;
            };
            self.src = value_src(self.input, e);
        }
        true
    }

    fn settle(&mut self) {
        while !self.done && self.src.peek().is_none() {
            self.piece = self.piece.saturating_add(1);
            self.done = !self.load();
        }
    }
}

impl Bytes for Line<'_> {
    fn peek(&self) -> Option<u8> {
        if self.done {
            None
        } else {
            self.src.peek()
        }
    }
    fn bump(&mut self) {
        if !self.done {
            self.src.bump();
            self.settle();
        }
    }
}

fn key_src<'d>(input: &'d [u8], e: &Entry) -> Src<'d> {
    if e.flags & INDEX != 0 {
        let mut buf = [0u8; 32];
        let len = itoa_u64(u64::from(e.key_start), &mut buf);
        return Src::Lit {
            buf,
            len: u8::try_from(len).unwrap_or(0),
            pos: 0,
        };
    }
    let raw = input.get(us(e.key_start)..us(e.key_end)).unwrap_or(&[]);
    if e.flags & (KEY_ESCAPED | KEY_COLON) == 0 {
        Src::Slice(raw)
    } else {
        Src::Str {
            bytes: StrBytes::new(raw),
            double_colon: true,
            dup: false,
        }
    }
}

fn value_src<'d>(input: &'d [u8], e: &Entry) -> Src<'d> {
    let raw = input.get(us(e.val_start)..us(e.val_end)).unwrap_or(&[]);
    match e.kind {
        Kind::String => {
            let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or(&[]);
            if e.flags & VAL_ESCAPED == 0 {
                Src::Slice(inner)
            } else {
                Src::Str {
                    bytes: StrBytes::new(inner),
                    double_colon: false,
                    dup: false,
                }
            }
        }
        Kind::Integer => {
            if raw == b"-0" {
                Src::Slice(b"0")
            } else {
                Src::Slice(raw)
            }
        }
        Kind::Float => {
            let mut buf = [0u8; 32];
            let len = php_float(raw, &mut buf);
            Src::Lit {
                buf,
                len: u8::try_from(len).unwrap_or(0),
                pos: 0,
            }
        }
        Kind::True => Src::Slice(b"1"),
        Kind::False => Src::Slice(b"0"),
        Kind::Null | Kind::Object | Kind::Array => Src::Slice(&[]),
    }
}

/// Bottom-up merge sort (stable, never panics, `O(n log n)` comparisons even
/// for an inconsistent comparator).
fn merge_sort<F: FnMut(u16, u16) -> Ordering>(v: &mut [u16], tmp: &mut [u16], mut cmp: F) {
    let n = v.len();
    // Insertion-sort runs of 8 first: most payloads are short.
    const RUN: usize = 8;
    let mut start = 0;
    while start < n {
        let end = start.saturating_add(RUN).min(n);
        if let Some(run) = v.get_mut(start..end) {
            for i in 1..run.len() {
                let mut j = i;
                while j > 0 {
                    let (Some(&a), Some(&b)) = (run.get(j.wrapping_sub(1)), run.get(j)) else {
                        break;
                    };
                    if cmp(a, b) == Ordering::Greater {
                        run.swap(j.wrapping_sub(1), j);
                        j = j.wrapping_sub(1);
                    } else {
                        break;
                    }
                }
            }
        }
        start = end;
    }
    let mut width = RUN;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = lo.saturating_add(width).min(n);
            let hi = lo.saturating_add(width.saturating_mul(2)).min(n);
            if mid < hi {
                let (mut i, mut j, mut k) = (lo, mid, lo);
                while k < hi {
                    let take_left = if i < mid && j < hi {
                        match (v.get(i), v.get(j)) {
                            (Some(&a), Some(&b)) => cmp(a, b) != Ordering::Greater,
                            _ => true,
                        }
                    } else {
                        i < mid
                    };
                    let src = if take_left { &mut i } else { &mut j };
                    if let (Some(t), Some(&x)) = (tmp.get_mut(k), v.get(*src)) {
                        *t = x;
                    }
                    *src = src.saturating_add(1);
                    k = k.saturating_add(1);
                }
                if let (Some(dst), Some(s)) = (v.get_mut(lo..hi), tmp.get(lo..hi)) {
                    dst.copy_from_slice(s);
                }
            }
            lo = hi;
        }
        width = width.saturating_mul(2);
    }
}

/// The ordered lines of a document (2 bytes per value of capacity, only as
/// many initialised as the document has values). The three working arrays
/// of the ordering are locals of [`Scratch::order`]: kept out of a struct,
/// their uninitialised buffers are not zeroed by the compiler.
pub(crate) struct Scratch<const V: usize> {
    out: heapless::Vec<u16, V>,
}

impl<const V: usize> Scratch<V> {
    pub(crate) const fn new() -> Self {
        Scratch {
            out: heapless::Vec::new(),
        }
    }

    /// Orders the document's lines; returns how many there are.
    pub(crate) fn order<const D: usize>(
        &mut self,
        doc: &Document<'_, V, D>,
        exclude: Exclude,
        order: Order,
    ) -> usize {
        let n = doc.entries().len();
        let mut tmp = heapless::Vec::<u16, V>::new();
        let mut next = heapless::Vec::<u16, V>::new();
        let mut first = heapless::Vec::<u16, V>::new();
        for v in [&mut self.out, &mut tmp, &mut next, &mut first] {
            // `n` never exceeds the capacity `V`: the document holds at most `V` values.
            let _ = v.resize(n, 0);
        }
        doc.ordered_lines(
            exclude,
            order,
            &mut self.out,
            &mut tmp,
            &mut next,
            &mut first,
        )
    }

    /// The first `n` ordered lines.
    pub(crate) fn lines(&self, n: usize) -> &[u16] {
        self.out.get(..n).unwrap_or(&[])
    }
}

/// What the canonical string leaves out besides `frame_mode` members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exclude {
    /// Both top-level `signature` and `general.signature` (signing a request).
    BothSignatures,
    /// Exactly one member (the signature being verified).
    One(u16),
}

impl<'a, const VALUES: usize, const DEPTH: usize> Document<'a, VALUES, DEPTH> {
    /// The raw input the document was parsed from.
    #[must_use]
    pub fn input(&self) -> &'a [u8] {
        self.input
    }

    pub(crate) fn entries(&self) -> &[Entry] {
        self.entries.get(..self.len).unwrap_or(&[])
    }

    fn in_subtree(&self, i: u16, root: u16) -> bool {
        match self.entries.get(usize::from(root)) {
            Some(r) if root != NONE => i >= root && i < r.end,
            _ => false,
        }
    }

    /// Collects the leaves that make lines, in document order, into `idx`.
    pub(crate) fn collect_lines(&self, exclude: Exclude, idx: &mut [u16]) -> usize {
        let (x1, x2) = match exclude {
            Exclude::BothSignatures => (self.top_sig, self.general_sig),
            Exclude::One(i) => (i, NONE),
        };
        let mut n = 0usize;
        for (i, e) in self.entries().iter().enumerate() {
            if matches!(e.kind, Kind::Object | Kind::Array) || e.flags & FRAME_MODE != 0 {
                continue;
            }
            let i = u16::try_from(i).unwrap_or(NONE);
            if self.in_subtree(i, x1) || self.in_subtree(i, x2) {
                continue;
            }
            if let Some(slot) = idx.get_mut(n) {
                *slot = i;
                n = n.saturating_add(1);
            }
        }
        n
    }

    /// Fills `chain` with the entries from the top level down to `leaf`.
    fn chain<'c>(&self, leaf: u16, chain: &'c mut [u16; DEPTH]) -> &'c [u16] {
        let mut i = DEPTH;
        let mut cur = leaf;
        while cur != NONE && i > 0 {
            i = i.saturating_sub(1);
            if let Some(c) = chain.get_mut(i) {
                *c = cur;
            }
            cur = self
                .entries
                .get(usize::from(cur))
                .map_or(NONE, |e| e.parent);
        }
        chain.get(i..).unwrap_or(&[])
    }

    fn compare_lines(&self, a: u16, b: u16, order: Order) -> Ordering {
        let mut ca = [NONE; DEPTH];
        let mut cb = [NONE; DEPTH];
        let ca = self.chain(a, &mut ca);
        let cb = self.chain(b, &mut cb);
        let common = ca.iter().zip(cb.iter()).take_while(|(x, y)| x == y).count();
        let entries = self.entries();
        let with_value = order == Order::ByteLine;
        // Fast path: the first differing segments are plain keys or indices,
        // compared as slices followed by what comes next (`:` or the end). If
        // the comparison needs a byte beyond that, fall back to the full lines.
        if let (Some(&sa), Some(&sb)) = (ca.get(common), cb.get(common)) {
            if let (Some(ea), Some(eb)) =
                (entries.get(usize::from(sa)), entries.get(usize::from(sb)))
            {
                let overflow = core::cell::Cell::new(false);
                let (mut da, mut db) = ([0u8; 10], [0u8; 10]);
                let fa = Fast::new(
                    self.input,
                    ea,
                    &mut da,
                    common.saturating_add(1) < ca.len() || with_value,
                    &overflow,
                );
                let fb = Fast::new(
                    self.input,
                    eb,
                    &mut db,
                    common.saturating_add(1) < cb.len() || with_value,
                    &overflow,
                );
                if let (Some(fa), Some(fb)) = (fa, fb) {
                    let r = match order {
                        Order::Natural => natural::compare(fa, fb, common == 0),
                        Order::BytePath | Order::ByteLine => natural::compare_bytes(fa, fb),
                    };
                    if !overflow.get() {
                        return r;
                    }
                }
            }
        }
        let la = Line::new(self.input, entries, ca, common, with_value);
        let lb = Line::new(self.input, entries, cb, common, with_value);
        match order {
            Order::Natural => natural::compare(la, lb, common == 0),
            Order::BytePath | Order::ByteLine => natural::compare_bytes(la, lb),
        }
    }

    /// Compares two siblings by their own segment (plus the `:` or end that
    /// follows it). Sets `unsure` when that cannot decide exactly: the caller
    /// then sorts the full lines instead.
    fn sibling_cmp(
        &self,
        a: u16,
        b: u16,
        order: Order,
        unsure: &core::cell::Cell<bool>,
    ) -> Ordering {
        let entries = self.entries();
        let (Some(ea), Some(eb)) = (entries.get(usize::from(a)), entries.get(usize::from(b)))
        else {
            unsure.set(true);
            return Ordering::Equal;
        };
        if order == Order::Natural {
            if ea.flags & eb.flags & INDEX != 0 {
                // Array indices under one parent: natural order is numeric.
                return ea.key_start.cmp(&eb.key_start);
            }
            // Without digits and whitespace, natural order is byte order.
            if (ea.flags | eb.flags) & KEY_DIGIT_SPACE != 0 {
                unsure.set(true);
                return Ordering::Equal;
            }
        }
        let colon =
            |e: &Entry| matches!(e.kind, Kind::Object | Kind::Array) || order == Order::ByteLine;
        let (mut da, mut db) = ([0u8; 10], [0u8; 10]);
        let fa = Fast::new(self.input, ea, &mut da, colon(ea), unsure);
        let fb = Fast::new(self.input, eb, &mut db, colon(eb), unsure);
        match (fa, fb) {
            (Some(fa), Some(fb)) => natural::compare_bytes(fa, fb),
            _ => {
                unsure.set(true);
                Ordering::Equal
            }
        }
    }

    /// The lines in `order`, written into `out` (returns their count).
    ///
    /// Fast path: every object's members (and every array's elements) are
    /// sorted among themselves and the tree is walked depth first, which gives
    /// exactly the order of the full paths whenever each sibling comparison is
    /// decided within the siblings' own segments (always true for byte orders
    /// of plain keys, and for natural order of keys without digits and
    /// whitespace, and of array indices). Otherwise the full lines are sorted.
    /// `out`, `tmp`, `next` and `first` must each hold the document's values.
    pub(crate) fn ordered_lines(
        &self,
        exclude: Exclude,
        order: Order,
        out: &mut [u16],
        tmp: &mut [u16],
        next: &mut [u16],
        first: &mut [u16],
    ) -> usize {
        let (x1, x2) = match exclude {
            Exclude::BothSignatures => (self.top_sig, self.general_sig),
            Exclude::One(i) => (i, NONE),
        };
        let skip = |i: u16, e: &Entry| e.flags & FRAME_MODE != 0 || i == x1 || i == x2;
        let unsure = core::cell::Cell::new(false);
        let entries = self.entries();
        let mut pos = 0usize;
        let mut first_root = NONE;
        // The root, then every container in document order.
        let mut container: Option<u16> = None;
        loop {
            let (from, to) = match container {
                None => (0usize, entries.len()),
                Some(c) => {
                    let e = entries.get(usize::from(c));
                    (
                        usize::from(c).saturating_add(1),
                        e.map_or(0, |e| usize::from(e.end)),
                    )
                }
            };
            let start = pos;
            let mut j = from;
            while j < to {
                let Some(e) = entries.get(j) else { break };
                let ju = u16::try_from(j).unwrap_or(NONE);
                if !skip(ju, e) {
                    if let Some(slot) = out.get_mut(pos) {
                        *slot = ju;
                        pos = pos.saturating_add(1);
                    }
                }
                j = usize::from(e.end).max(j.saturating_add(1));
            }
            if let (Some(group), Some(scratch)) = (out.get_mut(start..pos), tmp.get_mut(start..pos))
            {
                merge_sort(group, scratch, |a, b| {
                    self.sibling_cmp(a, b, order, &unsure)
                });
                if unsure.get() {
                    break;
                }
                let head = group.first().copied().unwrap_or(NONE);
                match container {
                    None => first_root = head,
                    Some(c) => {
                        if let Some(f) = first.get_mut(usize::from(c)) {
                            *f = head;
                        }
                    }
                }
                for w in 0..group.len() {
                    let (Some(&cur), nxt) = (group.get(w), group.get(w.saturating_add(1)).copied())
                    else {
                        break;
                    };
                    if let Some(slot) = next.get_mut(usize::from(cur)) {
                        *slot = nxt.unwrap_or(NONE);
                    }
                }
            }
            // Next container in document order (skipped subtrees are never linked,
            // so sorting their children would be wasted work: jump over them).
            let mut k = container.map_or(0, |c| usize::from(c).saturating_add(1));
            container = None;
            while let Some(e) = entries.get(k) {
                let ku = u16::try_from(k).unwrap_or(NONE);
                if skip(ku, e) {
                    k = usize::from(e.end).max(k.saturating_add(1));
                    continue;
                }
                if matches!(e.kind, Kind::Object | Kind::Array) {
                    container = Some(ku);
                    break;
                }
                k = k.saturating_add(1);
            }
            if container.is_none() {
                break;
            }
        }
        if unsure.get() {
            let n = self.collect_lines(exclude, out);
            let lines = out.get_mut(..n).unwrap_or(&mut []);
            self.sort_lines(lines, tmp, order);
            return n;
        }
        // Depth-first walk over the sorted tree.
        let mut n = 0usize;
        let mut cur = first_root;
        while let Some(e) = entries.get(usize::from(cur)) {
            if matches!(e.kind, Kind::Object | Kind::Array) {
                let f = first.get(usize::from(cur)).copied().unwrap_or(NONE);
                if f != NONE {
                    cur = f;
                    continue;
                }
            } else if let Some(slot) = out.get_mut(n) {
                *slot = cur;
                n = n.saturating_add(1);
            }
            // Next sibling, or the next sibling of the nearest ancestor that has one.
            loop {
                let nx = next.get(usize::from(cur)).copied().unwrap_or(NONE);
                if nx != NONE {
                    cur = nx;
                    break;
                }
                cur = entries.get(usize::from(cur)).map_or(NONE, |e| e.parent);
                if cur == NONE {
                    break;
                }
            }
        }
        n
    }

    /// Sorts line indices in `order`; `tmp` is scratch of the same length.
    pub(crate) fn sort_lines(&self, idx: &mut [u16], tmp: &mut [u16], order: Order) {
        merge_sort(idx, tmp, |a, b| self.compare_lines(a, b, order));
    }

    /// Writes the lines `idx` (already sorted), joined with `;`.
    pub(crate) fn write_lines<S: Sink>(&self, idx: &[u16], sink: &mut S) {
        let entries = self.entries();
        for (n, &leaf) in idx.iter().enumerate() {
            if n > 0 {
                sink.put(b";");
            }
            let mut chain = [NONE; DEPTH];
            let chain = self.chain(leaf, &mut chain);
            for (k, &seg) in chain.iter().enumerate() {
                let Some(e) = entries.get(usize::from(seg)) else {
                    continue;
                };
                if k > 0 {
                    sink.put(b":");
                }
                if e.flags & (INDEX | KEY_ESCAPED | KEY_COLON) == 0 {
                    sink.put(
                        self.input
                            .get(us(e.key_start)..us(e.key_end))
                            .unwrap_or(&[]),
                    );
                } else {
                    key_src(self.input, e).drain(sink);
                }
            }
            sink.put(b":");
            if let Some(e) = entries.get(usize::from(leaf)) {
                value_src(self.input, e).drain(sink);
            }
        }
    }

    /// Writes the canonical string (natural order, both signature members and
    /// every `frame_mode` member left out) into `out` and returns it.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] with the exact size needed; `out` is untouched.
    pub fn canonical_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        let mut s = Scratch::<VALUES>::new();
        let n = s.order(self, Exclude::BothSignatures, Order::Natural);
        let idx = s.lines(n);
        // Measure first, so a too-small buffer is left untouched.
        let mut count = Counter(0);
        self.write_lines(idx, &mut count);
        if count.0 > out.len() {
            return Err(Error::BufferTooSmall { needed: count.0 });
        }
        let mut w = SliceWriter::new(out);
        self.write_lines(idx, &mut w);
        let written = w.finish()?;
        core::str::from_utf8(written).map_err(|e| Error::InvalidUtf8 {
            offset: e.valid_up_to(),
        })
    }

    /// The length in bytes of the canonical string.
    #[must_use]
    pub fn canonical_len(&self) -> usize {
        let mut s = Scratch::<VALUES>::new();
        let n = s.order(self, Exclude::BothSignatures, Order::Natural);
        let idx = s.lines(n);
        let mut c = Counter(0);
        self.write_lines(idx, &mut c);
        c.0
    }

    pub(crate) fn top_sig(&self) -> Option<u16> {
        opt(self.top_sig)
    }
    pub(crate) fn general_sig(&self) -> Option<u16> {
        opt(self.general_sig)
    }
    pub(crate) fn general(&self) -> Option<u16> {
        opt(self.general)
    }
    pub(crate) fn general_last(&self) -> Option<u16> {
        opt(self.general_last)
    }
    pub(crate) fn root_start(&self) -> usize {
        us(self.root_start)
    }
    pub(crate) fn top_count(&self) -> u16 {
        self.top_count
    }
    pub(crate) fn entry(&self, i: u16) -> Option<&Entry> {
        self.entries().get(usize::from(i))
    }
}

// ---------------------------------------------------------------------------
// Ambiguity (see `crate::ambiguity`)
// ---------------------------------------------------------------------------

impl<'a, const VALUES: usize, const DEPTH: usize> Document<'a, VALUES, DEPTH> {
    /// Refuses ambiguous data among the members that make lines: everything
    /// but `frame_mode` members and the excluded signature member(s).
    ///
    /// The tokenizer flagged each ambiguous key, string and number while it
    /// scanned them, so a body with none costs one comparison here.
    pub(crate) fn check_ambiguity(&self, exclude: Exclude) -> Result<(), Error> {
        if self.first_ambiguous == NONE {
            return Ok(());
        }
        let (x1, x2) = match exclude {
            Exclude::BothSignatures => (self.top_sig, self.general_sig),
            Exclude::One(i) => (i, NONE),
        };
        let entries = self.entries();
        let mut i = usize::from(self.first_ambiguous);
        while let Some(e) = entries.get(i) {
            let iu = u16::try_from(i).unwrap_or(NONE);
            if e.flags & FRAME_MODE != 0 || iu == x1 || iu == x2 {
                // Skip the whole subtree: none of it makes a line.
                i = usize::from(e.end).max(i.saturating_add(1));
                continue;
            }
            if e.flags & AMBIGUOUS != 0 {
                return Err(Error::Ambiguous {
                    offset: e.member_start(),
                    reason: self.ambiguity_of(e),
                });
            }
            i = i.saturating_add(1);
        }
        Ok(())
    }

    /// Why a flagged entry is ambiguous (its key first, then its value).
    fn ambiguity_of(&self, e: &Entry) -> Ambiguity {
        if e.flags & INDEX == 0 {
            let raw = self.input.get(us(e.key_start)..us(e.key_end)).unwrap_or(&[]);
            let mut key = StrBytes::new(raw);
            let mut empty = true;
            while let Some(b) = key.peek() {
                if b == b';' || b == b':' {
                    return Ambiguity::Key;
                }
                empty = false;
                key.bump();
            }
            if empty {
                return Ambiguity::Key;
            }
        }
        match e.kind {
            Kind::String => Ambiguity::Separator,
            _ => {
                let raw = self.input.get(us(e.val_start)..us(e.val_end)).unwrap_or(&[]);
                crate::ambiguity::number(raw).unwrap_or(Ambiguity::Digits)
            }
        }
    }

    /// Writes `path: reason` for an [`Error::Ambiguous`] this document gave,
    /// e.g. `errors.0.message: a ';' followed by ':' could forge a signed
    /// line`, or `key "a:b": keys must not be empty or contain ';' or ':'`.
    /// Paths are dotted, array indices are numbers, keys are decoded. Any other
    /// error is written as its `Display`.
    ///
    /// # Errors
    /// Only those of the writer.
    pub fn explain<W: fmt::Write>(&self, error: &Error, w: &mut W) -> fmt::Result {
        let Error::Ambiguous { offset, reason } = *error else {
            return write!(w, "{error}");
        };
        let entries = self.entries();
        let Some(found) = entries.iter().position(|e| e.member_start() == offset) else {
            return write!(w, "{error}");
        };
        let mut chain = [NONE; DEPTH];
        let chain = self.chain(u16::try_from(found).unwrap_or(NONE), &mut chain);
        if reason == Ambiguity::Key {
            w.write_str("key ")?;
        }
        for (k, &seg) in chain.iter().enumerate() {
            let Some(e) = entries.get(usize::from(seg)) else {
                continue;
            };
            if k > 0 {
                w.write_char('.')?;
            }
            let last = k.saturating_add(1) == chain.len();
            if e.flags & INDEX != 0 {
                write!(w, "{}", e.key_start)?;
            } else {
                let raw = self.input.get(us(e.key_start)..us(e.key_end)).unwrap_or(&[]);
                write_decoded(raw, reason == Ambiguity::Key && last, w)?;
            }
        }
        write!(w, ": {reason}")
    }
}

/// Writes a raw JSON string's decoded text (at most 200 bytes of it), quoted
/// and escaped like Rust's `{:?}` when `quote` is set.
fn write_decoded<W: fmt::Write>(raw: &[u8], quote: bool, w: &mut W) -> fmt::Result {
    let mut buf = [0u8; 200];
    let mut n = 0usize;
    let mut more = false;
    let mut bytes = StrBytes::new(raw);
    while let Some(b) = bytes.peek() {
        match buf.get_mut(n) {
            Some(slot) => *slot = b,
            None => {
                more = true;
                break;
            }
        }
        n = n.saturating_add(1);
        bytes.bump();
    }
    let text = buf.get(..n).unwrap_or(&[]);
    let text = match core::str::from_utf8(text) {
        Ok(t) => t,
        Err(e) => core::str::from_utf8(text.get(..e.valid_up_to()).unwrap_or(&[])).unwrap_or(""),
    };
    let ellipsis = if more { "..." } else { "" };
    if quote {
        write!(w, "{text:?}{ellipsis}")
    } else {
        write!(w, "{text}{ellipsis}")
    }
}

impl Entry {
    /// The JSON type of the value.
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }
    /// Offset of the member's key (its opening quote); for array elements the value.
    pub(crate) fn member_start(&self) -> usize {
        if self.flags & INDEX != 0 {
            us(self.val_start)
        } else {
            us(self.key_start).saturating_sub(1)
        }
    }
    pub(crate) fn val_start(&self) -> usize {
        us(self.val_start)
    }
    pub(crate) fn val_end(&self) -> usize {
        us(self.val_end)
    }
    pub(crate) fn end(&self) -> u16 {
        self.end
    }
    pub(crate) fn parent(&self) -> Option<u16> {
        opt(self.parent)
    }
}

/// A read-only view of one value of a [`Document`], for typed readers.
///
/// Obtained from [`Document::root`]; navigation never copies or decodes
/// anything until asked ([`Value::decode_str`]).
#[derive(Clone, Copy)]
pub struct Value<'d> {
    input: &'d [u8],
    entries: &'d [Entry],
    /// `NONE` for the top-level object.
    idx: u16,
}

impl core::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Value")
            .field("kind", &self.kind())
            .field("raw_len", &self.raw().len())
            .finish()
    }
}

impl<'d> Value<'d> {
    fn entry(&self) -> Option<&'d Entry> {
        self.entries.get(usize::from(self.idx))
    }

    /// The JSON type of the value.
    #[must_use]
    pub fn kind(&self) -> Kind {
        self.entry().map_or(Kind::Object, |e| e.kind)
    }

    /// The raw JSON text of the value (strings with their quotes and escapes).
    #[must_use]
    pub fn raw(&self) -> &'d [u8] {
        match self.entry() {
            Some(e) => self
                .input
                .get(us(e.val_start)..us(e.val_end))
                .unwrap_or(&[]),
            None => self.input,
        }
    }

    /// Where the value's raw text lies in the parsed input (`input[span]` is
    /// [`Value::raw`]), so a reader can borrow it with the input's own lifetime.
    #[must_use]
    pub fn span(&self) -> core::ops::Range<usize> {
        match self.entry() {
            Some(e) => us(e.val_start)..us(e.val_end),
            None => 0..self.input.len(),
        }
    }

    /// Child values of an object or array, in document order, with the
    /// member's raw key (`None` for array elements). Empty for scalars.
    #[must_use]
    pub fn children(&self) -> Children<'d> {
        let (next, end) = match self.entry() {
            None => (0, self.entries.len()),
            Some(e) if matches!(e.kind, Kind::Object | Kind::Array) => {
                (usize::from(self.idx).saturating_add(1), usize::from(e.end))
            }
            Some(_) => (0, 0),
        };
        Children {
            input: self.input,
            entries: self.entries,
            next,
            end,
        }
    }

    /// The member `key` of an object (keys compare after decoding escapes).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Value<'d>> {
        if self.kind() != Kind::Object {
            return None;
        }
        self.children().find_map(|(k, v)| match k {
            Some(k) if k.eq_str(key) => Some(v),
            _ => None,
        })
    }

    /// The element `i` of an array.
    #[must_use]
    pub fn at(&self, i: usize) -> Option<Value<'d>> {
        if self.kind() != Kind::Array {
            return None;
        }
        self.children().nth(i).map(|(_, v)| v)
    }

    /// Number of members or elements (0 for scalars).
    #[must_use]
    pub fn len(&self) -> usize {
        self.children().count()
    }

    /// `true` for an empty container or a scalar.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.children().next().is_none()
    }

    /// The string's text if it has no escapes (borrowed from the input).
    #[must_use]
    pub fn as_plain_str(&self) -> Option<&'d str> {
        let e = self.entry()?;
        if e.kind != Kind::String || e.flags & VAL_ESCAPED != 0 {
            return None;
        }
        let raw = self.raw();
        core::str::from_utf8(raw.get(1..raw.len().saturating_sub(1))?).ok()
    }

    /// `true` if the value is a string that contains JSON escapes.
    #[must_use]
    pub fn has_escapes(&self) -> bool {
        self.entry()
            .is_some_and(|e| e.kind == Kind::String && e.flags & VAL_ESCAPED != 0)
    }

    /// The decoded length in bytes of a string value.
    #[must_use]
    pub fn str_len(&self) -> Option<usize> {
        if self.kind() != Kind::String {
            return None;
        }
        let mut c = Counter(0);
        value_src(self.input, self.entry()?).drain(&mut c);
        Some(c.0)
    }

    /// Decodes a string value into `out` and returns it.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] with the decoded length (nothing left in `out`);
    /// [`Error::FieldType`] with path `""` if the value is not a string.
    pub fn decode_str<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        let e = match self.entry() {
            Some(e) if e.kind == Kind::String => e,
            _ => return Err(Error::FieldType { path: "" }),
        };
        let mut w = SliceWriter::new(out);
        value_src(self.input, e).drain(&mut w);
        let s = w.finish()?;
        core::str::from_utf8(s).map_err(|err| Error::InvalidUtf8 {
            offset: err.valid_up_to(),
        })
    }

    /// The value of an integer within `i64`.
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        if self.kind() != Kind::Integer {
            return None;
        }
        core::str::from_utf8(self.raw()).ok()?.parse().ok()
    }

    /// The value of a non-negative integer within the signed 64-bit range
    /// (larger integers are signed as 14 digits, so their exact value is not
    /// covered by a signature and is never read).
    #[must_use]
    pub fn as_u64(&self) -> Option<u64> {
        if self.kind() != Kind::Integer {
            return None;
        }
        core::str::from_utf8(self.raw()).ok()?.parse().ok()
    }

    /// Whether the value makes at least one line of the canonical string, so
    /// that a signature covers it: every leaf (`null` included) does, unless
    /// it is inside a `frame_mode` member; an object or array does if any
    /// leaf inside it does. Empty objects and arrays (`{}`, `[]`, `[{}]`) make
    /// none: a forger can add or remove them without changing the signature.
    #[must_use]
    pub fn has_signed_line(&self) -> bool {
        let Some(e) = self.entry() else {
            // The top-level object: any member with a line.
            return self
                .entries
                .iter()
                .any(|e| !matches!(e.kind, Kind::Object | Kind::Array) && e.flags & FRAME_MODE == 0);
        };
        if e.flags & FRAME_MODE != 0 {
            return false;
        }
        if !matches!(e.kind, Kind::Object | Kind::Array) {
            return true;
        }
        let from = usize::from(self.idx).saturating_add(1);
        self.entries
            .get(from..usize::from(e.end))
            .unwrap_or(&[])
            .iter()
            .any(|e| !matches!(e.kind, Kind::Object | Kind::Array) && e.flags & FRAME_MODE == 0)
    }

    /// The value of `true` or `false`.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind() {
            Kind::True => Some(true),
            Kind::False => Some(false),
            _ => None,
        }
    }
}

/// A member key of an object, raw as in the input.
#[derive(Clone, Copy)]
pub struct Key<'d> {
    raw: &'d [u8],
    escaped: bool,
}

impl core::fmt::Debug for Key<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Key").field("raw", &self.raw).finish()
    }
}

impl<'d> Key<'d> {
    /// `true` if the decoded key equals `s`.
    #[must_use]
    pub fn eq_str(&self, s: &str) -> bool {
        raw_str_eq(self.raw, self.escaped, s.as_bytes(), false)
    }
    /// The key's text if it has no escapes.
    #[must_use]
    pub fn as_plain_str(&self) -> Option<&'d str> {
        if self.escaped {
            None
        } else {
            core::str::from_utf8(self.raw).ok()
        }
    }
}

/// Iterator over the children of a [`Value`].
#[derive(Clone)]
pub struct Children<'d> {
    input: &'d [u8],
    entries: &'d [Entry],
    next: usize,
    end: usize,
}

impl<'d> Iterator for Children<'d> {
    type Item = (Option<Key<'d>>, Value<'d>);
    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let e = self.entries.get(self.next)?;
        let idx = u16::try_from(self.next).ok()?;
        self.next = usize::from(e.end).max(self.next.saturating_add(1));
        let key = if e.flags & INDEX != 0 {
            None
        } else {
            Some(Key {
                raw: self
                    .input
                    .get(us(e.key_start)..us(e.key_end))
                    .unwrap_or(&[]),
                escaped: e.flags & KEY_ESCAPED != 0,
            })
        };
        Some((
            key,
            Value {
                input: self.input,
                entries: self.entries,
                idx,
            },
        ))
    }
}

impl<'a, const VALUES: usize, const DEPTH: usize> Document<'a, VALUES, DEPTH> {
    /// The top-level object.
    #[must_use]
    pub fn root(&self) -> Value<'_> {
        Value {
            input: self.input,
            entries: self.entries(),
            idx: NONE,
        }
    }

    /// The signature member a verifier uses: top-level `signature` if present,
    /// else `general.signature`.
    #[must_use]
    pub fn signature_member(&self) -> Option<Value<'_>> {
        let idx = self.top_sig().or_else(|| self.general_sig())?;
        Some(Value {
            input: self.input,
            entries: self.entries(),
            idx,
        })
    }
}

/// Writes the canonical string of `body` into `out` (default limits).
///
/// Both `general.signature` and a top-level `signature` are left out, as are
/// `frame_mode` members: this is the exact string a request's signature covers,
/// the first thing to compare when a signature does not match.
/// Stack: about 20 KiB with the default limits (measured, release).
///
/// # Errors
/// Any parse error of [`Document::parse`]; [`Error::BufferTooSmall`] with the
/// exact size needed (nothing is left in `out`).
pub fn canonical<'o>(body: &[u8], out: &'o mut [u8]) -> Result<&'o str, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        doc.canonical_into(out)
    })?
}

/// The length of the canonical string of `body` (default limits).
///
/// # Errors
/// Any parse error of [`Document::parse`].
pub fn canonical_len(body: &[u8]) -> Result<usize, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, Document::canonical_len)
}
