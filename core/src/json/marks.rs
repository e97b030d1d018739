//! The Gate protocol's marks, kept out of the tokenizer loop: which members
//! are the signature, `general`, and `frame_mode`.

#[allow(clippy::wildcard_imports)]
use super::*;

impl<const VALUES: usize, const DEPTH: usize> Document<'_, VALUES, DEPTH> {
    /// The one place the tokenizer knows the Gate protocol: it notes the
    /// members the signature rules single out, as it meets them. Returns
    /// [`FRAME_MODE`] for a member named `frame_mode` (left out of the
    /// canonical string with everything inside it), and records the top-level
    /// `signature`, the top-level `general` and `general.signature` (which
    /// member is the signature, and where a signed copy puts it).
    pub(super) fn mark_member(
        &mut self,
        parent: u16,
        idx: u16,
        key_start: u32,
        key_end: u32,
        flags: u8,
    ) -> u8 {
        let key = self.input.get(us(key_start)..us(key_end)).unwrap_or(&[]);
        let esc = flags & KEY_ESCAPED != 0;
        const SIGNATURE: &[u8] = b"signature";
        const GENERAL: &[u8] = b"general";
        const FRAME_MODE_KEY: &[u8] = b"frame_mode";
        // Without escapes a key can only be one of these names if it has one
        // of their lengths: most keys stop here.
        if !esc && ![SIGNATURE.len(), GENERAL.len(), FRAME_MODE_KEY.len()].contains(&key.len()) {
            return 0;
        }
        let is = |name: &[u8]| raw_str_eq(key, esc, name, false);
        if parent == NONE {
            if is(SIGNATURE) {
                self.top_sig = idx;
            } else if is(GENERAL) {
                self.general = idx;
            }
        } else if parent == self.general && is(SIGNATURE) {
            self.general_sig = idx;
        }
        if is(FRAME_MODE_KEY) {
            FRAME_MODE
        } else {
            0
        }
    }
}
