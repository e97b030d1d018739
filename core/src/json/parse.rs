//! The tokenizer: one pass over the body into the value table, validating
//! everything the signature rules refuse (malformed JSON, invalid UTF-8,
//! duplicate keys, numbers out of range, the caller's limits).

#[allow(clippy::wildcard_imports)]
use super::*;

#[derive(Clone, Copy)]
pub(super) struct Frame {
    entry: u16,
    is_array: bool,
    count: u32,
    /// Last direct child so far (the head of the sibling chain).
    last_child: u16,
}

pub(super) struct Parser<'a> {
    pub(super) input: &'a [u8],
    pub(super) pos: usize,
}

/// Bytes that end a plain run inside a string: `"`, `\\`, `:`, `;` and controls.
// Evaluated at compile time: an out-of-range index would fail the build, not panic.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
pub(super) static STOP: [bool; 256] = {
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

pub(super) const fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> Parser<'a> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    pub(super) fn skip_ws(&mut self) {
        while let Some(&b) = self.input.get(self.pos) {
            if !is_ws(b) {
                break;
            }
            self.pos = self.pos.saturating_add(1);
        }
    }

    pub(super) fn err(&self) -> Error {
        Error::InvalidJson { offset: self.pos }
    }

    pub(super) fn expect(&mut self, b: u8) -> Result<(), Error> {
        if self.peek() == Some(b) {
            self.pos = self.pos.saturating_add(1);
            Ok(())
        } else {
            Err(self.err())
        }
    }

    pub(super) fn hex4(&self, at: usize) -> Result<u16, Error> {
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
    pub(super) fn string(&mut self) -> Result<(usize, usize, u8), Error> {
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

    pub(super) fn literal(&mut self, word: &[u8], kind: Kind) -> Result<Kind, Error> {
        let end = self.pos.saturating_add(word.len());
        if self.input.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(kind)
        } else {
            Err(self.err())
        }
    }
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
    /// the table is large (8 KiB with the default limits), and returning it
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
    pub(super) fn empty(input: &'a [u8]) -> Self {
        let entries = heapless::Vec::new();
        Document {
            input,
            entries,
            len: 0,
            root_start: 0,
            top_count: 0,
            general: NONE,
            general_last: NONE,
            top_sig: NONE,
            general_sig: NONE,
            first_ambiguous: NONE,
            first_float: NONE,
        }
    }

    #[allow(clippy::too_many_lines, clippy::cast_possible_truncation)]
    pub(super) fn fill(&mut self) -> Result<(), Error> {
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
        // Previous sibling by entry index (`NONE` for a first child), for the
        // duplicate check: only parsing needs it, so it is not in the table.
        let mut prevs = heapless::Vec::<u16, VALUES>::new();
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
                (0u32, 0u32, INDEX)
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
                // Duplicate check against the earlier siblings (bounded by
                // VALUES). Each key is decoded once, into a fingerprint (its
                // decoded length and FNV-1a hash); only keys with equal
                // fingerprints are compared byte by byte, so long escaped keys
                // sharing a prefix cost no more than plain ones.
                let key = self.input.get(ks..ke).unwrap_or(&[]);
                let (print, digit_space) = fingerprint(key, esc);
                if digit_space {
                    flags |= KEY_DIGIT_SPACE;
                }
                let mut sib = frame.last_child;
                while let Some(s) = self.entries.get(usize::from(sib)) {
                    let same_print = prints.get(usize::from(sib)) == Some(&print);
                    if same_print {
                        let skey = s.key(self.input);
                        if raw_str_eq(skey, s.flags & KEY_ESCAPED != 0, key, esc) {
                            return Err(Error::DuplicateKey { offset: key_at });
                        }
                    }
                    sib = prevs.get(usize::from(sib)).copied().unwrap_or(NONE);
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
                flags |= self.mark_member(frame.entry, idx, key_start, key_end, flags);
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
            let (start, key_len) = if frame.is_array {
                // `frame.count` < VALUES < 65,535: the index fits.
                (val_start as u32, u16::try_from(frame.count).unwrap_or(NONE))
            } else {
                match u16::try_from(key_end.saturating_sub(key_start)) {
                    Ok(n) if n != u16::MAX => (key_start, n),
                    _ => {
                        flags |= KEY_LONG;
                        (key_start, u16::MAX)
                    }
                }
            };
            self.entries
                .push(Entry {
                    start,
                    val_end: p.pos as u32,
                    key_len,
                    parent: frame.entry,
                    end: idx.saturating_add(1),
                    kind,
                    flags,
                })
                .map_err(|_| Error::TooManyValues)?;
            prevs
                .push(frame.last_child)
                .map_err(|_| Error::TooManyValues)?;
            if flags & (AMBIGUOUS | FRAME_MODE) == AMBIGUOUS && self.first_ambiguous == NONE {
                self.first_ambiguous = idx;
            }
            if kind == Kind::Float && flags & FRAME_MODE == 0 && self.first_float == NONE {
                self.first_float = idx;
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
