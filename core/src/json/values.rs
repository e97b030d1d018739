//! A body given as values instead of JSON text: the tree that the typed
//! request builders and the host-language bindings sign directly, through
//! the same ordering, line writer and checks as a parsed [`Document`].

#[allow(clippy::wildcard_imports)]
use super::*;

use super::ambiguous::Checks;
use super::canonical::{lit, Leaves, Src, Tree};

/// One scalar value of a [`Values`] body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar<'t> {
    /// A string (its text, not JSON-escaped).
    Str(&'t str),
    /// An integer.
    Int(i64),
    /// An integer given by its decimal digits (an optional `-`, then digits
    /// without leading zeros): for integers beyond 64 bits, which are signed
    /// as JSON numbers of that size are (as floats, see `docs/signature.md`).
    Digits(&'t str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

#[derive(Debug, Clone, Copy)]
enum Val<'t> {
    Str(&'t [u8]),
    Int(i64),
    Digits(&'t [u8]),
    Bool(bool),
    Null,
    Container,
}

/// What a [`Values`] keeps beside each [`Entry`]: where the key and the
/// value are.
#[derive(Debug, Clone, Copy)]
struct Item<'t> {
    key: &'t [u8],
    val: Val<'t>,
}

/// An open container: its entry and how many values it holds so far.
#[derive(Debug, Clone, Copy)]
struct Open {
    entry: u16,
    count: u16,
}

/// A request body given as values: objects, arrays, strings, integers,
/// booleans and `null`, added in order and signed without any JSON text
/// ([`crate::Signer::sign_values`]).
///
/// The same limits as a parsed [`Document`] apply, with the same errors: at
/// most `VALUES` values ([`Error::TooManyValues`]), objects and arrays
/// nested at most `DEPTH` deep, the top-level object being depth 1
/// ([`Error::TooDeep`]), and no key twice in one object
/// ([`Error::DuplicateKey`]). Each value takes 16 bytes for its entry plus
/// 40 (on 64-bit targets) for where its key and value are; nothing is copied.
///
/// Errors about a value ([`Error::DuplicateKey`], [`Error::TooDeep`],
/// [`Error::Ambiguous`], [`Error::FloatUnsupported`]) carry, as their
/// offset, the value's position in the order values were added (the first
/// value is 0); [`Values::member_path`] turns it into the value's path.
///
/// ```
/// use monetix_gate::json::{Scalar, Values};
/// use monetix_gate::Signer;
///
/// let mut body = Values::<64, 8>::new();
/// let mut root = body.root();
/// root.object("general", |g| {
///     g.member("project_id", Scalar::Int(42))?;
///     g.member("payment_id", Scalar::Str("p-1"))
/// })?;
/// root.object("payment", |p| {
///     p.member("amount", Scalar::Int(1000))?;
///     p.member("currency", Scalar::Str("USD"))
/// })?;
/// let signer = Signer::new(b"a secret of some length")?;
/// let signature = signer.sign_values(&body)?;
/// let json = br#"{"general":{"project_id":42,"payment_id":"p-1"},"payment":{"amount":1000,"currency":"USD"}}"#;
/// assert_eq!(signature, signer.sign(json)?);
/// # Ok::<(), monetix_gate::Error>(())
/// ```
#[derive(Debug)]
#[repr(C)]
pub struct Values<
    't,
    const VALUES: usize = DEFAULT_MAX_VALUES,
    const DEPTH: usize = DEFAULT_MAX_DEPTH,
> {
    general: u16,
    top_sig: u16,
    general_sig: u16,
    first_ambiguous: u16,
    first_float: u16,
    /// The first error of the crate's own emitters (which cannot stop).
    error: Option<Error>,
    /// Containers opened by [`Values::open`] and not closed yet.
    stack: heapless::Vec<Open, DEPTH>,
    items: heapless::Vec<Item<'t>, VALUES>,
    /// Set to a value the optimiser cannot see: without it the constant
    /// stores around `items`' uninitialised storage (its length before,
    /// `entries`' length after) are merged into one `memset` over the whole
    /// storage, 8 KiB and more per new table.
    barrier: usize,
    entries: heapless::Vec<Entry, VALUES>,
}

impl<const VALUES: usize, const DEPTH: usize> Default for Values<'_, VALUES, DEPTH> {
    fn default() -> Self {
        Self::new()
    }
}

/// The members of one object of a [`Values`] body (the top-level object
/// from [`Values::root`], a nested one inside [`Object::object`] and
/// [`Array::object`]).
#[derive(Debug)]
pub struct Object<'v, 't, const VALUES: usize, const DEPTH: usize> {
    values: &'v mut Values<'t, VALUES, DEPTH>,
    parent: u16,
    depth: usize,
}

/// The elements of one array of a [`Values`] body.
#[derive(Debug)]
pub struct Array<'v, 't, const VALUES: usize, const DEPTH: usize> {
    values: &'v mut Values<'t, VALUES, DEPTH>,
    parent: u16,
    depth: usize,
    count: u16,
}

impl<'t, const VALUES: usize, const DEPTH: usize> Values<'t, VALUES, DEPTH> {
    /// An empty body (the top-level object with no members).
    #[must_use]
    pub fn new() -> Self {
        Values {
            general: NONE,
            top_sig: NONE,
            general_sig: NONE,
            first_ambiguous: NONE,
            first_float: NONE,
            error: None,
            stack: heapless::Vec::new(),
            items: heapless::Vec::new(),
            barrier: core::hint::black_box(0),
            entries: heapless::Vec::new(),
        }
    }

    /// The top-level object, to add members to.
    pub fn root(&mut self) -> Object<'_, 't, VALUES, DEPTH> {
        Object {
            values: self,
            parent: NONE,
            depth: 1,
        }
    }

    /// The number of values (object members and array elements, at every depth).
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the body has no values at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds one value under `parent` (a member if `key` is given, else
    /// element `index`); returns its entry.
    fn push(
        &mut self,
        parent: u16,
        depth: usize,
        key: Option<&'t str>,
        index: u16,
        val: Val<'t>,
        kind: Kind,
    ) -> Result<u16, Error> {
        let idx = self.entries.len();
        if idx >= VALUES || idx >= usize::from(NONE) {
            return Err(Error::TooManyValues);
        }
        let idx16 = u16::try_from(idx).map_err(|_| Error::TooManyValues)?;
        if matches!(kind, Kind::Object | Kind::Array) && depth >= DEPTH {
            return Err(Error::TooDeep { offset: idx });
        }
        let mut flags = self
            .entries
            .get(usize::from(parent))
            .map_or(0, |p| p.flags & FRAME_MODE);
        // A member's key fingerprint (kept in `val_end`, which a `Values`
        // entry has no other use for).
        let mut print = 0u32;
        let (key_bytes, key_len) = match key {
            Some(key) => {
                let k = key.as_bytes();
                // One pass for what the parser notes of a key while it
                // scans it: a ':' (doubled in lines), a ';' or ':' or no
                // byte at all (ambiguous, as `ambiguity::key_is_ambiguous`
                // says), a digit or whitespace (natural order's cases); and
                // the key's fingerprint (FNV-1a, 32 bits) for the duplicate
                // check.
                let mut seen = 0u8;
                let mut hash: u32 = 0x811c_9dc5;
                for &c in k {
                    hash = (hash ^ u32::from(c)).wrapping_mul(0x0100_0193);
                    seen |= match c {
                        b':' => KEY_COLON | AMBIGUOUS,
                        b';' => AMBIGUOUS,
                        c if is_digit_space(c) => KEY_DIGIT_SPACE,
                        _ => 0,
                    };
                }
                print = hash;
                // Duplicate check against the earlier siblings: keys are
                // compared only when their fingerprints and lengths agree.
                // A straight pass over the entries after the parent (their
                // subtrees too, skipped by the parent test): no load waits
                // on the one before, unlike a walk from sibling to sibling.
                let first = if parent == NONE {
                    0
                } else {
                    usize::from(parent).saturating_add(1)
                };
                let len16 = u16::try_from(k.len()).unwrap_or(u16::MAX);
                let rest = self.entries.get(first..).unwrap_or(&[]);
                for (j, e) in rest.iter().enumerate() {
                    if e.val_end == print
                        && e.parent == parent
                        && e.key_len == len16
                        && e.flags & INDEX == 0
                        && self
                            .items
                            .get(first.saturating_add(j))
                            .is_some_and(|item| item.key == k)
                    {
                        return Err(Error::DuplicateKey { offset: idx });
                    }
                }
                if k.is_empty() {
                    seen |= AMBIGUOUS;
                }
                flags |= seen;
                if marks::may_mark(k.len()) {
                    let mark = marks::mark(parent, self.general, |name| k == name);
                    match mark.role {
                        marks::Role::TopSignature => self.top_sig = idx16,
                        marks::Role::General => self.general = idx16,
                        marks::Role::GeneralSignature => self.general_sig = idx16,
                        marks::Role::Plain => {}
                    }
                    flags |= mark.flags;
                }
                (k, u16::try_from(k.len()).unwrap_or(u16::MAX))
            }
            None => {
                flags |= INDEX;
                (&[][..], index)
            }
        };
        let kind = match val {
            Val::Str(s) => {
                if crate::ambiguity::value_is_ambiguous(s) {
                    flags |= AMBIGUOUS;
                }
                kind
            }
            Val::Digits(d) => {
                if crate::ambiguity::number(d).is_some() {
                    flags |= AMBIGUOUS;
                }
                kind
            }
            _ => kind,
        };
        self.entries
            .push(Entry {
                start: u32::from(idx16),
                val_end: print,
                key_len,
                parent,
                end: idx16.saturating_add(1),
                kind,
                flags,
            })
            .map_err(|_| Error::TooManyValues)?;
        if self
            .items
            .push(Item {
                key: key_bytes,
                val,
            })
            .is_err()
        {
            let _ = self.entries.pop();
            return Err(Error::TooManyValues);
        }
        if flags & (AMBIGUOUS | FRAME_MODE) == AMBIGUOUS && self.first_ambiguous == NONE {
            self.first_ambiguous = idx16;
        }
        if kind == Kind::Float && flags & FRAME_MODE == 0 && self.first_float == NONE {
            self.first_float = idx16;
        }
        Ok(idx16)
    }

    fn push_scalar(
        &mut self,
        parent: u16,
        depth: usize,
        key: Option<&'t str>,
        index: u16,
        value: Scalar<'t>,
    ) -> Result<(), Error> {
        let (val, kind) = match value {
            Scalar::Str(s) => (Val::Str(s.as_bytes()), Kind::String),
            Scalar::Int(n) => (Val::Int(n), Kind::Integer),
            Scalar::Digits(d) => {
                let offset = self.entries.len();
                let kind = digits_kind(d.as_bytes()).ok_or(Error::InvalidJson { offset })?;
                (Val::Digits(d.as_bytes()), kind)
            }
            Scalar::Bool(true) => (Val::Bool(true), Kind::True),
            Scalar::Bool(false) => (Val::Bool(false), Kind::False),
            Scalar::Null => (Val::Null, Kind::Null),
        };
        self.push(parent, depth, key, index, val, kind).map(|_| ())
    }

    /// Adds an object under `parent` (member `key`, or element `index`)
    /// whose members `fill` adds, then closes it whatever `fill` returns.
    fn nest_object<E: From<Error>>(
        &mut self,
        parent: u16,
        depth: usize,
        key: Option<&'t str>,
        index: u16,
        fill: impl FnOnce(&mut Object<'_, 't, VALUES, DEPTH>) -> Result<(), E>,
    ) -> Result<(), E> {
        let at = self.push(parent, depth, key, index, Val::Container, Kind::Object)?;
        let r = fill(&mut Object {
            values: &mut *self,
            parent: at,
            depth: depth.saturating_add(1),
        });
        self.close_at(at);
        r
    }

    /// [`Values::nest_object`] for an array.
    fn nest_array<E: From<Error>>(
        &mut self,
        parent: u16,
        depth: usize,
        key: Option<&'t str>,
        index: u16,
        fill: impl FnOnce(&mut Array<'_, 't, VALUES, DEPTH>) -> Result<(), E>,
    ) -> Result<(), E> {
        let at = self.push(parent, depth, key, index, Val::Container, Kind::Array)?;
        let r = fill(&mut Array {
            values: &mut *self,
            parent: at,
            depth: depth.saturating_add(1),
            count: 0,
        });
        self.close_at(at);
        r
    }

    /// Closes container `c`: its subtree ends at the current length.
    fn close_at(&mut self, c: u16) {
        let end = u16::try_from(self.entries.len()).unwrap_or(NONE);
        if let Some(e) = self.entries.get_mut(usize::from(c)) {
            e.end = end;
        }
    }

    /// The next value's parent, depth and (in an array) index, for the
    /// crate's emitters; counts the value.
    fn next_slot(&mut self) -> (u16, usize, u16) {
        let depth = self.stack.len().saturating_add(1);
        match self.stack.last_mut() {
            Some(open) => {
                let index = open.count;
                open.count = open.count.saturating_add(1);
                (open.entry, depth, index)
            }
            None => (NONE, depth, 0),
        }
    }

    fn note(&mut self, result: Result<(), Error>) {
        if let (Err(e), None) = (result, self.error) {
            self.error = Some(e);
        }
    }

    /// The crate's emitters: adds a member (or, in an open array, an
    /// element) without stopping; the first error is kept for
    /// [`Values::finish`].
    pub(crate) fn put(&mut self, key: &'t str, value: Scalar<'t>) {
        if self.error.is_some() {
            return;
        }
        let (parent, depth, index) = self.next_slot();
        let r = self.push_scalar(parent, depth, Some(key), index, value);
        self.note(r);
    }

    /// The crate's emitters: opens an object member (closed by [`Values::close`]).
    pub(crate) fn open(&mut self, key: &'t str) {
        if self.error.is_some() {
            return;
        }
        let (parent, depth, index) = self.next_slot();
        let r = self
            .push(
                parent,
                depth,
                Some(key),
                index,
                Val::Container,
                Kind::Object,
            )
            .and_then(|entry| {
                self.stack
                    .push(Open { entry, count: 0 })
                    .map_err(|_| Error::TooDeep {
                        offset: usize::from(entry),
                    })
            });
        self.note(r);
    }

    /// The crate's emitters: closes the innermost open object.
    pub(crate) fn close(&mut self) {
        if self.error.is_some() {
            return;
        }
        if let Some(open) = self.stack.pop() {
            self.close_at(open.entry);
        }
    }

    /// The crate's emitters: the first error, if any.
    pub(crate) fn finish(&self) -> Result<(), Error> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Writes the canonical string (as [`Document::canonical_into`]).
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] with the exact size needed (`out` is
    /// untouched); [`Error::FloatUnsupported`] in a build without the
    /// `float` feature, for an integer beyond 64 bits.
    pub fn canonical_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        canonical_of::<VALUES, DEPTH, _>(self, out)
    }

    /// The length in bytes of the canonical string (see
    /// [`Document::canonical_len`] for floats in a build without `float`).
    #[must_use]
    pub fn canonical_len(&self) -> usize {
        canonical_len_of::<VALUES, DEPTH, _>(self)
    }

    /// Refuses ambiguous data the way signing does (every value but
    /// `frame_mode` members and the two signature members).
    ///
    /// # Errors
    /// [`Error::Ambiguous`] for the first ambiguous value.
    pub fn check_ambiguity(&self) -> Result<(), Error> {
        Checks::check_ambiguity(self, Exclude::BothSignatures)
    }

    /// Writes the dotted path of the value at `offset` (the position an
    /// error about a value of this body gives): keys as they are, control
    /// characters escaped, array indices as numbers. Writes nothing for an
    /// offset with no value.
    ///
    /// # Errors
    /// Only those of the writer.
    pub fn member_path<W: fmt::Write>(&self, offset: usize, w: &mut W) -> fmt::Result {
        let Ok(found) = u16::try_from(offset) else {
            return Ok(());
        };
        if usize::from(found) >= self.entries.len() {
            return Ok(());
        }
        let mut chain = [NONE; DEPTH];
        let chain = self.chain::<DEPTH>(found, &mut chain);
        for (k, &seg) in chain.iter().enumerate() {
            let (Some(e), Some(item)) = (
                self.entries.get(usize::from(seg)),
                self.items.get(usize::from(seg)),
            ) else {
                continue;
            };
            if k > 0 {
                w.write_char('.')?;
            }
            if e.flags & INDEX != 0 {
                write!(w, "{}", e.key_len)?;
            } else {
                write_text(item.key, false, w)?;
            }
        }
        Ok(())
    }
}

/// The kind of a [`Scalar::Digits`] number: [`Kind::Integer`] within 64
/// bits, else [`Kind::Float`]; `None` if `d` is not `-?(0|[1-9][0-9]*)`.
fn digits_kind(d: &[u8]) -> Option<Kind> {
    let body = d.strip_prefix(b"-").unwrap_or(d);
    let ok = match body {
        [] => false,
        [b'0'] => true,
        [b'0', ..] => false,
        _ => body.iter().all(u8::is_ascii_digit),
    };
    if !ok {
        return None;
    }
    let fits = core::str::from_utf8(d)
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .is_some();
    Some(if fits { Kind::Integer } else { Kind::Float })
}

impl<'t, const VALUES: usize, const DEPTH: usize> Object<'_, 't, VALUES, DEPTH> {
    /// Adds the member `key: value`.
    ///
    /// # Errors
    /// [`Error::TooManyValues`], [`Error::DuplicateKey`];
    /// [`Error::InvalidJson`] for [`Scalar::Digits`] that are not an integer.
    pub fn member(&mut self, key: &'t str, value: Scalar<'t>) -> Result<(), Error> {
        self.values
            .push_scalar(self.parent, self.depth, Some(key), 0, value)
    }

    /// Adds the member `key` holding an object whose members `fill` adds.
    ///
    /// # Errors
    /// [`Error::TooManyValues`], [`Error::DuplicateKey`], [`Error::TooDeep`],
    /// and whatever `fill` returns.
    pub fn object<E: From<Error>>(
        &mut self,
        key: &'t str,
        fill: impl FnOnce(&mut Object<'_, 't, VALUES, DEPTH>) -> Result<(), E>,
    ) -> Result<(), E> {
        let (parent, depth) = (self.parent, self.depth);
        self.values.nest_object(parent, depth, Some(key), 0, fill)
    }

    /// Adds the member `key` holding an array whose elements `fill` adds.
    ///
    /// # Errors
    /// As [`Object::object`].
    pub fn array<E: From<Error>>(
        &mut self,
        key: &'t str,
        fill: impl FnOnce(&mut Array<'_, 't, VALUES, DEPTH>) -> Result<(), E>,
    ) -> Result<(), E> {
        let (parent, depth) = (self.parent, self.depth);
        self.values.nest_array(parent, depth, Some(key), 0, fill)
    }
}

impl<'t, const VALUES: usize, const DEPTH: usize> Array<'_, 't, VALUES, DEPTH> {
    fn next(&mut self) -> u16 {
        let i = self.count;
        self.count = self.count.saturating_add(1);
        i
    }

    /// Adds an element.
    ///
    /// # Errors
    /// [`Error::TooManyValues`]; [`Error::InvalidJson`] for
    /// [`Scalar::Digits`] that are not an integer.
    pub fn element(&mut self, value: Scalar<'t>) -> Result<(), Error> {
        let i = self.next();
        self.values
            .push_scalar(self.parent, self.depth, None, i, value)
    }

    /// Adds an object element whose members `fill` adds.
    ///
    /// # Errors
    /// [`Error::TooManyValues`], [`Error::TooDeep`], and whatever `fill` returns.
    pub fn object<E: From<Error>>(
        &mut self,
        fill: impl FnOnce(&mut Object<'_, 't, VALUES, DEPTH>) -> Result<(), E>,
    ) -> Result<(), E> {
        let i = self.next();
        let (parent, depth) = (self.parent, self.depth);
        self.values.nest_object(parent, depth, None, i, fill)
    }

    /// Adds an array element whose elements `fill` adds.
    ///
    /// # Errors
    /// As [`Array::object`].
    pub fn array<E: From<Error>>(
        &mut self,
        fill: impl FnOnce(&mut Array<'_, 't, VALUES, DEPTH>) -> Result<(), E>,
    ) -> Result<(), E> {
        let i = self.next();
        let (parent, depth) = (self.parent, self.depth);
        self.values.nest_array(parent, depth, None, i, fill)
    }
}

impl<const VALUES: usize, const DEPTH: usize> Values<'_, VALUES, DEPTH> {
    fn item(&self, e: &Entry) -> Option<&Item<'_>> {
        self.items.get(us(e.start))
    }
}

impl<const VALUES: usize, const DEPTH: usize> Leaves for Values<'_, VALUES, DEPTH> {
    #[inline]
    fn entries(&self) -> &[Entry] {
        &self.entries
    }

    #[inline]
    fn key(&self, e: &Entry) -> &[u8] {
        self.item(e).map_or(&[], |i| i.key)
    }

    fn key_src(&self, e: &Entry) -> Src<'_> {
        if e.flags & INDEX != 0 {
            return lit(|buf| itoa_u64(u64::from(e.key_len), buf));
        }
        let key = self.key(e);
        if e.flags & KEY_COLON == 0 {
            Src::Slice(key)
        } else {
            Src::Colons {
                bytes: key,
                dup: false,
            }
        }
    }

    fn value_src(&self, e: &Entry) -> Src<'_> {
        let Some(item) = self.item(e) else {
            return Src::Slice(&[]);
        };
        match item.val {
            Val::Str(s) => Src::Slice(s),
            Val::Int(n) => lit(|buf| {
                let sign = usize::from(n < 0);
                if let Some(first) = buf.first_mut() {
                    *first = b'-';
                }
                buf.get_mut(sign..)
                    .map_or(0, |rest| itoa_u64(n.unsigned_abs(), rest))
                    .saturating_add(sign)
            }),
            Val::Digits(d) => {
                if e.kind == Kind::Integer {
                    // Within 64 bits: written as given ("-0" has no leading
                    // zeros but is the integer 0).
                    if d == b"-0" {
                        Src::Slice(b"0")
                    } else {
                        Src::Slice(d)
                    }
                } else {
                    float_src(d)
                }
            }
            Val::Bool(true) => Src::Slice(b"1"),
            Val::Bool(false) => Src::Slice(b"0"),
            Val::Null | Val::Container => Src::Slice(&[]),
        }
    }
}

#[cfg(feature = "float")]
fn float_src(raw: &[u8]) -> Src<'static> {
    lit(|buf| php_float(raw, buf))
}

// Refused before any line is produced (`check_floats`).
#[cfg(not(feature = "float"))]
fn float_src(_raw: &[u8]) -> Src<'static> {
    Src::Slice(&[])
}

impl<const VALUES: usize, const DEPTH: usize> Tree for Values<'_, VALUES, DEPTH> {
    #[inline]
    fn signature_members(&self) -> (u16, u16) {
        (self.top_sig, self.general_sig)
    }
}

impl<const VALUES: usize, const DEPTH: usize> Checks for Values<'_, VALUES, DEPTH> {
    #[inline]
    fn first_ambiguous(&self) -> u16 {
        self.first_ambiguous
    }
    #[inline]
    fn first_float(&self) -> u16 {
        self.first_float
    }
    fn offset_of(&self, e: &Entry) -> usize {
        us(e.start)
    }
    fn ambiguity_of(&self, e: &Entry) -> Ambiguity {
        if e.flags & INDEX == 0 && crate::ambiguity::key_is_ambiguous(self.key(e)) {
            return Ambiguity::Key;
        }
        match self.item(e).map(|i| i.val) {
            Some(Val::Digits(d)) => crate::ambiguity::number(d).unwrap_or(Ambiguity::Digits),
            _ => Ambiguity::Separator,
        }
    }
}
