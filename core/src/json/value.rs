//! Navigating the value table: [`Value`], [`Key`] and [`Children`], for the
//! typed readers.

#[allow(clippy::wildcard_imports)]
use super::*;

impl Entry {
    /// The JSON type of the value.
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }
    /// Offset of the member's key (its opening quote); for array elements the value.
    pub(crate) fn member_start(&self) -> usize {
        if self.flags & INDEX != 0 {
            us(self.start)
        } else {
            us(self.start).saturating_sub(1)
        }
    }
    /// Where a member's raw key (between its quotes) lies in `input`, the
    /// input the entry was parsed from; empty for an array element.
    pub(crate) fn key_range(&self, input: &[u8]) -> core::ops::Range<usize> {
        let start = us(self.start);
        if self.flags & INDEX != 0 {
            return start..start;
        }
        if self.flags & KEY_LONG == 0 {
            return start..start.saturating_add(usize::from(self.key_len));
        }
        // A key of 65,535 bytes or more: find its closing quote (the parser
        // validated the string, so every backslash starts a two-byte escape
        // or a `\uXXXX` whose hex digits are not quotes).
        let mut i = start;
        while let Some(&b) = input.get(i) {
            match b {
                b'"' => break,
                b'\\' => i = i.saturating_add(2),
                _ => i = i.saturating_add(1),
            }
        }
        start..i
    }
    /// The member's raw key in `input` (empty for an array element).
    pub(crate) fn key<'i>(&self, input: &'i [u8]) -> &'i [u8] {
        input.get(self.key_range(input)).unwrap_or(&[])
    }
    /// Where the value starts in `input`: for a member, after its key's
    /// closing quote, whitespace, the `:` and whitespace.
    pub(crate) fn val_start(&self, input: &[u8]) -> usize {
        if self.flags & INDEX != 0 {
            return us(self.start);
        }
        let mut i = self.key_range(input).end.saturating_add(1);
        while let Some(&b) = input.get(i) {
            if b != b':' && !is_ws(b) {
                break;
            }
            i = i.saturating_add(1);
        }
        i
    }
    /// The raw value token in `input`.
    pub(crate) fn val_raw<'i>(&self, input: &'i [u8]) -> &'i [u8] {
        input
            .get(self.val_start(input)..us(self.val_end))
            .unwrap_or(&[])
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
    pub(super) fn entry(&self) -> Option<&'d Entry> {
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
            Some(e) => e.val_raw(self.input),
            None => self.input,
        }
    }

    /// Where the value's raw text lies in the parsed input (`input[span]` is
    /// [`Value::raw`]), so a reader can borrow it with the input's own lifetime.
    #[must_use]
    pub fn span(&self) -> core::ops::Range<usize> {
        match self.entry() {
            Some(e) => e.val_start(self.input)..us(e.val_end),
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

    /// The value at a dotted path below this one: `"operation.provider.payment_id"`,
    /// array elements by their index (`"errors.0.code"`). A key that itself
    /// contains `.` cannot be named this way (use [`Value::get`]).
    #[must_use]
    pub fn pointer(&self, path: &str) -> Option<Value<'d>> {
        path.split('.').try_fold(*self, |v, seg| match v.kind() {
            Kind::Object => v.get(seg),
            Kind::Array => seg
                .parse::<usize>()
                .ok()
                .filter(|_| seg.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|i| v.at(i)),
            _ => None,
        })
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
            return self.entries.iter().any(|e| {
                !matches!(e.kind, Kind::Object | Kind::Array) && e.flags & FRAME_MODE == 0
            });
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
    start: u32,
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
    /// Where the key's raw text (between its quotes) lies in the parsed input.
    #[must_use]
    pub fn span(&self) -> core::ops::Range<usize> {
        let start = us(self.start);
        start..start.saturating_add(self.raw.len())
    }

    /// `true` if the raw key has JSON escapes.
    #[must_use]
    pub fn has_escapes(&self) -> bool {
        self.escaped
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
                raw: e.key(self.input),
                escaped: e.flags & KEY_ESCAPED != 0,
                start: e.start,
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
