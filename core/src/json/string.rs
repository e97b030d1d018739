//! JSON strings: decoding escapes byte by byte, comparing raw keys, and
//! fingerprints for the duplicate-key check.

#[allow(clippy::wildcard_imports)]
use super::*;

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

    pub(super) fn hex(&self, at: usize) -> u32 {
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
    pub(super) fn load(&mut self) {
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
///
/// Also whether the raw key holds an ASCII digit or whitespace (what natural
/// ordering treats specially), found in the same pass for a key without
/// escapes.
pub(super) fn fingerprint(raw: &[u8], escaped: bool) -> (u64, bool) {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let digit_space = is_digit_space;
    let mut hash = OFFSET;
    let mut len: u64 = 0;
    let mut step = |b: u8| {
        hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
        len = len.wrapping_add(1);
    };
    let special = if escaped {
        let mut bytes = StrBytes::new(raw);
        while let Some(b) = bytes.peek() {
            step(b);
            bytes.bump();
        }
        raw.iter().any(|&c| digit_space(c))
    } else {
        let mut special = false;
        for &c in raw {
            step(c);
            special |= digit_space(c);
        }
        special
    };
    ((len << 48) ^ (hash & 0x0000_ffff_ffff_ffff), special)
}

/// An ASCII digit or whitespace (`natural` order's special bytes).
pub(super) const fn is_digit_space(c: u8) -> bool {
    c.is_ascii_digit() || matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Decoded bytes of two raw JSON strings are equal.
pub(super) fn raw_str_eq(a: &[u8], a_esc: bool, b: &[u8], b_esc: bool) -> bool {
    if !a_esc && !b_esc {
        return a == b;
    }
    natural::compare_bytes(StrBytes::new(a), StrBytes::new(b)) == Ordering::Equal
}

/// Writes a raw JSON string's decoded text (at most 200 bytes of it), quoted
/// and escaped like Rust's `{:?}` when `quote` is set.
pub(super) fn write_decoded<W: fmt::Write>(raw: &[u8], quote: bool, w: &mut W) -> fmt::Result {
    write_chars(StrBytes::new(raw), quote, w)
}

/// Text that is already decoded, as a [`Bytes`] cursor.
#[derive(Clone)]
struct Plain<'a>(&'a [u8]);

impl Bytes for Plain<'_> {
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }
    fn bump(&mut self) {
        self.0 = self.0.get(1..).unwrap_or(&[]);
    }
}

/// [`write_decoded`] for text that is already decoded.
pub(super) fn write_text<W: fmt::Write>(text: &[u8], quote: bool, w: &mut W) -> fmt::Result {
    write_chars(Plain(text), quote, w)
}

fn write_chars<B: Bytes, W: fmt::Write>(mut bytes: B, quote: bool, w: &mut W) -> fmt::Result {
    let mut buf = [0u8; 200];
    let mut n = 0usize;
    let mut more = false;
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
        // Control characters escaped, so a message stays on one line.
        for c in text.chars() {
            if c.is_control() {
                write!(w, "{}", c.escape_debug())?;
            } else {
                w.write_char(c)?;
            }
        }
        w.write_str(ellipsis)
    }
}

/// Whether the raw content of a JSON string (escapes allowed) decodes to `s`.
pub(crate) fn raw_json_eq(raw: &[u8], s: &[u8]) -> bool {
    raw_str_eq(raw, true, s, false)
}

/// The decoded length of the raw content of a JSON string.
pub(crate) fn raw_json_len(raw: &[u8]) -> usize {
    let mut bytes = StrBytes::new(raw);
    let mut n = 0usize;
    while bytes.peek().is_some() {
        n = n.saturating_add(1);
        bytes.bump();
    }
    n
}

/// Decodes the raw content of a JSON string into `out`, which must be exactly
/// its decoded length.
pub(crate) fn raw_json_decode(raw: &[u8], out: &mut [u8]) -> Option<()> {
    let mut bytes = StrBytes::new(raw);
    let mut slots = out.iter_mut();
    while let Some(b) = bytes.peek() {
        *slots.next()? = b;
        bytes.bump();
    }
    if slots.next().is_some() {
        return None;
    }
    Some(())
}
