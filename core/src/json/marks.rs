//! The Gate protocol's marks, kept out of the tokenizer loop: which members
//! are the signature, `general`, and `frame_mode`.

#[allow(clippy::wildcard_imports)]
use super::*;

/// What a member is to the signature rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Nothing special.
    Plain,
    /// The top-level `signature`.
    TopSignature,
    /// The top-level `general`.
    General,
    /// `general.signature`.
    GeneralSignature,
}

/// A member's [`Role`], and [`FRAME_MODE`] if it is named `frame_mode`.
pub(super) struct Mark {
    pub(super) role: Role,
    pub(super) flags: u8,
}

const SIGNATURE: &[u8] = b"signature";
const GENERAL: &[u8] = b"general";
const FRAME_MODE_KEY: &[u8] = b"frame_mode";

/// Whether a key of `len` decoded bytes can name one of the marked members.
pub(super) const fn may_mark(len: usize) -> bool {
    len == SIGNATURE.len() || len == GENERAL.len() || len == FRAME_MODE_KEY.len()
}

/// The one statement of which members the signature rules single out, for
/// every tree: a member of `parent` (`NONE` at the top level; `general` is
/// the top-level `general` member so far) whose decoded key `is` a name.
pub(super) fn mark(parent: u16, general: u16, is: impl Fn(&[u8]) -> bool) -> Mark {
    let role = if parent == NONE {
        if is(SIGNATURE) {
            Role::TopSignature
        } else if is(GENERAL) {
            Role::General
        } else {
            Role::Plain
        }
    } else if parent == general && is(SIGNATURE) {
        Role::GeneralSignature
    } else {
        Role::Plain
    };
    let flags = if is(FRAME_MODE_KEY) { FRAME_MODE } else { 0 };
    Mark { role, flags }
}

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
        // Without escapes a key can only be one of these names if it has one
        // of their lengths: most keys stop here.
        if !esc && !may_mark(key.len()) {
            return 0;
        }
        let mark = mark(parent, self.general, |name| {
            raw_str_eq(key, esc, name, false)
        });
        match mark.role {
            Role::TopSignature => self.top_sig = idx,
            Role::General => self.general = idx,
            Role::GeneralSignature => self.general_sig = idx,
            Role::Plain => {}
        }
        mark.flags
    }
}
