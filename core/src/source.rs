//! A JSON-like tree to read from: the one interface behind every reader of
//! request fields.
//!
//! The request reader ([`crate::payout::read`]) walks a [`Source`], so the
//! same rules apply whether the fields arrive as JSON bytes (parsed into a
//! [`Document`], [`DocumentSource`]) or as a host language's own values (the
//! Python binding implements [`Source`] over a mapping, without writing JSON).
//!
//! A source hands out text either as a borrowed `&str` or as the raw content
//! of a JSON string with escapes ([`Text::Json`], which only a
//! [`DocumentSource`] gives); the reader decodes the latter into its scratch
//! buffer.

use crate::json::{Document, Kind as JsonKind, Value};

/// The type of one value of a [`Source`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An object (members with string keys).
    Object,
    /// An array.
    Array,
    /// A string.
    String,
    /// An integer within the signed 64-bit range.
    Integer,
    /// Any other number (a fraction, an exponent, or an integer beyond 64 bits).
    Float,
    /// `true` or `false`.
    Bool(bool),
    /// `null` (or the host language's "nothing").
    Null,
    /// A host-language value with no JSON form (bytes, a date, ...).
    Other,
}

impl Kind {
    /// The type in words, for error messages (`"a JSON string"`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Integer => "an integer",
            Kind::Float => "a number with a fraction or exponent",
            Kind::Bool(_) => "a boolean",
            Kind::Null => "null",
            Kind::Other => "a value with no JSON form",
        }
    }
}

/// Text handed out by a [`Source`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text<'a> {
    /// Text ready to use.
    Str(&'a str),
    /// The raw content of a JSON string (between its quotes) that has
    /// escapes; already validated by the parser. The reader decodes it.
    Json(&'a [u8]),
}

impl Text<'_> {
    /// Whether the decoded text equals `s`.
    #[must_use]
    pub fn eq_str(&self, s: &str) -> bool {
        match *self {
            Text::Str(t) => t == s,
            Text::Json(raw) => crate::json::raw_json_eq(raw, s.as_bytes()),
        }
    }

    /// The decoded length in bytes.
    #[must_use]
    pub fn decoded_len(&self) -> usize {
        match *self {
            Text::Str(t) => t.len(),
            Text::Json(raw) => crate::json::raw_json_len(raw),
        }
    }

    /// Decodes the text into `out`, which must be [`Text::decoded_len`] bytes
    /// long; returns it as text.
    #[must_use]
    pub fn decode_into<'o>(&self, out: &'o mut [u8]) -> Option<&'o str> {
        match *self {
            Text::Str(t) => {
                crate::copy(out.get_mut(..t.len())?, t.as_bytes());
            }
            Text::Json(raw) => crate::json::raw_json_decode(raw, out)?,
        }
        core::str::from_utf8(out).ok()
    }
}

/// A JSON-like tree: objects with string keys, arrays, strings, integers,
/// booleans and null.
pub trait Source<'a> {
    /// A handle on one value (cheap to copy).
    type Node: Copy;

    /// The top-level value.
    fn root(&self) -> Self::Node;

    /// The type of a value.
    fn kind(&self, node: Self::Node) -> Kind;

    /// Calls `f` with the key and value of every member of `object`, in the
    /// source's order; nothing for a value that is not an object.
    fn for_each_member(&self, object: Self::Node, f: &mut dyn FnMut(Text<'a>, Self::Node));

    /// The text of a string value (`None` for any other value).
    fn text(&self, node: Self::Node) -> Option<Text<'a>>;

    /// The value of an integer within the signed 64-bit range.
    fn integer(&self, node: Self::Node) -> Option<i64>;
}

/// A [`Source`] over a parsed [`Document`]: text without escapes is borrowed
/// from the input, text with escapes is handed out raw ([`Text::Json`]).
#[derive(Clone, Copy)]
pub struct DocumentSource<'d, 'a> {
    input: &'a [u8],
    root: Value<'d>,
}

impl<'d, 'a> DocumentSource<'d, 'a> {
    /// A source reading `doc` (parsed with any limits).
    #[must_use]
    pub fn new<const V: usize, const D: usize>(doc: &'d Document<'a, V, D>) -> Self {
        DocumentSource {
            input: doc.input(),
            root: doc.root(),
        }
    }

    fn raw_text(&self, range: core::ops::Range<usize>, escaped: bool) -> Option<Text<'a>> {
        let raw = self.input.get(range)?;
        if escaped {
            Some(Text::Json(raw))
        } else {
            core::str::from_utf8(raw).ok().map(Text::Str)
        }
    }
}

/// Any shorter lifetime `'r` of the text works too, so a reader can tie what
/// it returns to both the input and a scratch buffer that lives less long.
impl<'d, 'a: 'r, 'r> Source<'r> for DocumentSource<'d, 'a> {
    type Node = Value<'d>;

    fn root(&self) -> Value<'d> {
        self.root
    }

    fn kind(&self, node: Value<'d>) -> Kind {
        match node.kind() {
            JsonKind::Object => Kind::Object,
            JsonKind::Array => Kind::Array,
            JsonKind::String => Kind::String,
            JsonKind::Integer => Kind::Integer,
            JsonKind::Float => Kind::Float,
            JsonKind::True => Kind::Bool(true),
            JsonKind::False => Kind::Bool(false),
            JsonKind::Null => Kind::Null,
        }
    }

    fn for_each_member(&self, object: Value<'d>, f: &mut dyn FnMut(Text<'r>, Value<'d>)) {
        if object.kind() != JsonKind::Object {
            return;
        }
        for (key, value) in object.children() {
            let Some(key) = key else { continue };
            if let Some(text) = self.raw_text(key.span(), key.has_escapes()) {
                f(text, value);
            }
        }
    }

    fn text(&self, node: Value<'d>) -> Option<Text<'r>> {
        if node.kind() != JsonKind::String {
            return None;
        }
        let span = node.span();
        let inner = span.start.saturating_add(1)..span.end.saturating_sub(1);
        self.raw_text(inner, node.has_escapes())
    }

    fn integer(&self, node: Value<'d>) -> Option<i64> {
        node.as_i64()
    }
}
