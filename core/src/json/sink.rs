//! Where bytes go: a counter (to measure first) or a caller's buffer.
//! The MAC is a third sink, in `crate::sign`.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Where bytes go: a counter, a caller buffer, or the MAC.
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

/// Writes `s` as a JSON string, quotes included, escaped as `serde_json`
/// does: `"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters
/// as `\u00xx`, everything else (non-ASCII included) as raw UTF-8. The one
/// JSON string escaper of the crate.
pub(crate) fn put_json_string<S: Sink + ?Sized>(sink: &mut S, s: &str) {
    sink.put(b"\"");
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    loop {
        i = next_escape(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        sink.put(bytes.get(start..i).unwrap_or(&[]));
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => b"",
        };
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
            let lo = HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0');
            sink.put(&[b'\\', b'u', b'0', b'0', hi, lo]);
        } else {
            sink.put(short);
        }
        i = i.saturating_add(1);
        start = i;
    }
    sink.put(bytes.get(start..).unwrap_or(&[]));
    sink.put(b"\"");
}

/// Whether [`put_json_string`] escapes `b`: a control character, `"` or `\`.
const fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The index of the first byte from `i` on that [`put_json_string`]
/// escapes (`bytes.len()` if none): eight bytes a step while none of them
/// is one (SWAR: a byte below 0x20, or equal to `"` or `\`, sets its high
/// bit in the test word; the test never misses one), then byte by byte.
fn next_escape(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i.saturating_add(8)) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(word);
        let control = w.wrapping_sub(ONES.wrapping_mul(0x20)) & !w;
        let q = w ^ ONES.wrapping_mul(u64::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q;
        let b = w ^ ONES.wrapping_mul(u64::from(b'\\'));
        let backslash = b.wrapping_sub(ONES) & !b;
        if (control | quote | backslash) & HIGH != 0 {
            break;
        }
        i = i.saturating_add(8);
    }
    while let Some(&b) = bytes.get(i) {
        if needs_escape(b) {
            return i;
        }
        i = i.saturating_add(1);
    }
    i
}

/// Writes `n` in plain decimal (the one integer formatter: [`itoa_u64`]).
pub(crate) fn put_i64<S: Sink + ?Sized>(sink: &mut S, n: i64) {
    if n < 0 {
        sink.put(b"-");
    }
    let mut digits = [0u8; 20];
    let len = itoa_u64(n.unsigned_abs(), &mut digits);
    sink.put(digits.get(..len).unwrap_or(&[]));
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
                crate::copy(dst, bytes);
                self.pos = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )]
    use super::*;
    use std::string::String;
    use std::vec::Vec;

    struct V(Vec<u8>);
    impl Sink for V {
        fn put(&mut self, bytes: &[u8]) {
            self.0.extend_from_slice(bytes);
        }
    }

    /// The escaper, one byte at a time (what the word-at-a-time scan must equal).
    fn slow(s: &str) -> Vec<u8> {
        let mut out = b"\"".to_vec();
        for &b in s.as_bytes() {
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x00..=0x1f => out.extend_from_slice(std::format!("\\u{b:04x}").as_bytes()),
                _ => out.push(b),
            }
        }
        out.push(b'"');
        out
    }

    /// Every ASCII byte and a multi-byte character, at every position of
    /// strings of 0 to 24 bytes (the word scan's boundaries), against the
    /// byte-at-a-time escaper and `serde_json`.
    #[test]
    fn word_scan_escapes_every_byte_at_every_position() {
        let specials: Vec<String> = (0u8..0x80)
            .map(|b| String::from(char::from(b)))
            .chain([String::from("é"), String::from("€")])
            .collect();
        for len in 0..24 {
            for at in 0..=len {
                for sp in &specials {
                    let mut s: String = "abcdefghijklmnopqrstuvwxyz".chars().take(len).collect();
                    s.insert_str(at.min(s.len()), sp);
                    let mut got = V(Vec::new());
                    put_json_string(&mut got, &s);
                    assert_eq!(got.0, slow(&s), "{s:?}");
                    assert_eq!(got.0, serde_json::to_vec(&s).unwrap(), "{s:?}");
                }
            }
        }
    }
}
