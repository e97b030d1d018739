//! Where bytes go: a counter (to measure first) or a caller's buffer.
//! The MAC is a third sink, in `crate::sign`.

#[allow(clippy::wildcard_imports)]
use super::*;

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
