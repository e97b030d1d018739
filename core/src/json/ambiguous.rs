//! The ambiguity check over the value table (the rules are in
//! `crate::ambiguity`).

#[allow(clippy::wildcard_imports)]
use super::*;

/// The ambiguity and float checks, over any [`Tree`]: each tree says where
/// its first flagged value is and why a value is ambiguous, the walk that
/// skips what makes no line exists once.
pub(crate) trait Checks: Tree {
    /// The first entry flagged [`AMBIGUOUS`] outside `frame_mode` (`NONE` if none).
    fn first_ambiguous(&self) -> u16;
    /// The first [`Kind::Float`] outside `frame_mode` (`NONE` if none).
    #[cfg_attr(feature = "float", allow(dead_code))]
    fn first_float(&self) -> u16;
    /// Why a flagged entry is ambiguous.
    fn ambiguity_of(&self, e: &Entry) -> Ambiguity;
    /// The offset an error about `e` reports.
    fn offset_of(&self, e: &Entry) -> usize;

    /// Refuses ambiguous data among the members that make lines: everything
    /// but `frame_mode` members and the excluded signature member(s).
    ///
    /// The tokenizer flagged each ambiguous key, string and number while it
    /// scanned them, so a body with none costs one comparison here.
    fn check_ambiguity(&self, exclude: Exclude) -> Result<(), Error> {
        match self.first_signed(self.first_ambiguous(), exclude, |e| {
            e.flags & AMBIGUOUS != 0
        }) {
            Some(e) => Err(Error::Ambiguous {
                offset: self.offset_of(e),
                reason: self.ambiguity_of(e),
            }),
            None => Ok(()),
        }
    }

    /// Refuses a number whose line needs float formatting, in a build
    /// without the `float` feature (a no-op with it).
    #[cfg(not(feature = "float"))]
    fn check_floats(&self, exclude: Exclude) -> Result<(), Error> {
        match self.first_signed(self.first_float(), exclude, |e| e.kind == Kind::Float) {
            Some(e) => Err(Error::FloatUnsupported {
                offset: self.offset_of(e),
            }),
            None => Ok(()),
        }
    }

    /// A no-op: this build formats floats.
    #[cfg(feature = "float")]
    #[allow(clippy::unused_self, clippy::unnecessary_wraps)]
    fn check_floats(&self, _exclude: Exclude) -> Result<(), Error> {
        Ok(())
    }

    /// The first entry from `start` on that makes a line (outside
    /// `frame_mode` and the excluded signature members) and is a `hit`.
    fn first_signed(
        &self,
        start: u16,
        exclude: Exclude,
        hit: impl Fn(&Entry) -> bool,
    ) -> Option<&Entry> {
        if start == NONE {
            return None;
        }
        let (x1, x2) = self.excluded(exclude);
        let entries = self.entries();
        let mut i = usize::from(start);
        while let Some(e) = entries.get(i) {
            let iu = u16::try_from(i).unwrap_or(NONE);
            // An excluded signature member may be a container that starts
            // before `first_ambiguous`: skip its whole subtree.
            let excluded = [x1, x2].into_iter().find(|&x| self.in_subtree(iu, x));
            if let Some(x) = excluded {
                i = entries
                    .get(usize::from(x))
                    .map_or(i.saturating_add(1), |xe| usize::from(xe.end()))
                    .max(i.saturating_add(1));
                continue;
            }
            if e.flags & FRAME_MODE != 0 {
                // Skip the whole subtree: none of it makes a line.
                i = usize::from(e.end).max(i.saturating_add(1));
                continue;
            }
            if hit(e) {
                return Some(e);
            }
            i = i.saturating_add(1);
        }
        None
    }
}

impl<const VALUES: usize, const DEPTH: usize> Checks for Document<'_, VALUES, DEPTH> {
    #[inline]
    fn first_ambiguous(&self) -> u16 {
        self.first_ambiguous
    }
    #[inline]
    fn first_float(&self) -> u16 {
        self.first_float
    }
    #[inline]
    fn offset_of(&self, e: &Entry) -> usize {
        e.member_start()
    }
    /// Why a flagged entry is ambiguous (its key first, then its value).
    fn ambiguity_of(&self, e: &Entry) -> Ambiguity {
        if e.flags & INDEX == 0 {
            let raw = e.key(self.input);
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
                let raw = e.val_raw(self.input);
                crate::ambiguity::number(raw).unwrap_or(Ambiguity::Digits)
            }
        }
    }
}

impl<'a, const VALUES: usize, const DEPTH: usize> Document<'a, VALUES, DEPTH> {
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
        if self.member_at(offset).is_none() {
            return write!(w, "{error}");
        }
        if reason == Ambiguity::Key {
            w.write_str("key ")?;
        }
        self.write_path(offset, reason == Ambiguity::Key, w)?;
        write!(w, ": {reason}")
    }

    /// Writes the dotted path of the member that starts at byte `offset` (an
    /// [`Error::Ambiguous`]'s offset): keys decoded, control characters
    /// escaped, array indices as numbers, no quoting (`a.:b` for the key `:b`
    /// inside `a`). Writes nothing if no member starts there.
    ///
    /// # Errors
    /// Only those of the writer.
    pub fn member_path<W: fmt::Write>(&self, offset: usize, w: &mut W) -> fmt::Result {
        self.write_path(offset, false, w)
    }

    fn member_at(&self, offset: usize) -> Option<u16> {
        let found = self
            .entries()
            .iter()
            .position(|e| e.member_start() == offset)?;
        u16::try_from(found).ok()
    }

    /// The dotted path, its last key quoted when `quote_last` is set.
    fn write_path<W: fmt::Write>(&self, offset: usize, quote_last: bool, w: &mut W) -> fmt::Result {
        let Some(found) = self.member_at(offset) else {
            return Ok(());
        };
        let entries = self.entries();
        let mut chain = [NONE; DEPTH];
        let chain = self.chain(found, &mut chain);
        for (k, &seg) in chain.iter().enumerate() {
            let Some(e) = entries.get(usize::from(seg)) else {
                continue;
            };
            if k > 0 {
                w.write_char('.')?;
            }
            let last = k.saturating_add(1) == chain.len();
            if e.flags & INDEX != 0 {
                write!(w, "{}", e.key_len)?;
            } else {
                let raw = e.key(self.input);
                write_decoded(raw, quote_last && last, w)?;
            }
        }
        Ok(())
    }
}
