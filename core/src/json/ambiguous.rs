//! The ambiguity check over the value table (the rules are in
//! `crate::ambiguity`).

#[allow(clippy::wildcard_imports)]
use super::*;

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
            // An excluded signature member may be a container that starts
            // before `first_ambiguous`: skip its whole subtree.
            let excluded = [x1, x2].into_iter().find(|&x| self.in_subtree(iu, x));
            if let Some(x) = excluded {
                i = self
                    .entry(x)
                    .map_or(i.saturating_add(1), |xe| usize::from(xe.end()))
                    .max(i.saturating_add(1));
                continue;
            }
            if e.flags & FRAME_MODE != 0 {
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
    pub(super) fn ambiguity_of(&self, e: &Entry) -> Ambiguity {
        if e.flags & INDEX == 0 {
            let raw = self
                .input
                .get(us(e.key_start)..us(e.key_end))
                .unwrap_or(&[]);
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
                let raw = self
                    .input
                    .get(us(e.val_start)..us(e.val_end))
                    .unwrap_or(&[]);
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
                let raw = self
                    .input
                    .get(us(e.key_start)..us(e.key_end))
                    .unwrap_or(&[]);
                write_decoded(raw, reason == Ambiguity::Key && last, w)?;
            }
        }
        write!(w, ": {reason}")
    }
}
