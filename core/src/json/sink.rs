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
    for (i, &b) in bytes.iter().enumerate() {
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x00..=0x1f => b"",
            _ => continue,
        };
        sink.put(bytes.get(start..i).unwrap_or(&[]));
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
            let lo = HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0');
            sink.put(&[b'\\', b'u', b'0', b'0', hi, lo]);
        } else {
            sink.put(short);
        }
        start = i.saturating_add(1);
    }
    sink.put(bytes.get(start..).unwrap_or(&[]));
    sink.put(b"\"");
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
