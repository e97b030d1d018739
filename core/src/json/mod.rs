//! JSON tokenizer, value table and the canonical signing string (`docs/signature.md` section 1).
//!
//! [`Document::parse`] reads a body once, iteratively (its stack does not grow
//! with the input's nesting), validating everything `docs/signature.md` section 4 asks for, into
//! a fixed table of entries: one per object member or array element, in
//! document order, each pointing at its raw bytes in the input. Nothing is copied
//! and no escape is decoded until a value is written or compared.
//!
//! The table's size and the nesting limit are const generics with defaults
//! ([`DEFAULT_MAX_VALUES`] values, depth [`DEFAULT_MAX_DEPTH`]). With the defaults a
//! `Document` takes 8 KiB plus 48 bytes (16 bytes a value); parsing adds 5 KiB
//! of its own (key fingerprints and sibling links, gone once the table is
//! built), and the canonical-string and signing calls four index arrays of
//! 1 KiB each. Measured peaks (painted stack, release, `core/tests/stack.rs`):
//! signing about 15 KiB, verification about 16 KiB.
//!
//! The same table backs signing, verification and the typed callback views, so
//! the verifier and the reader can never see different data.
//!
//! A body held as values rather than JSON text is a [`Values`] table: the
//! same entries, with its keys and values borrowed from the caller instead
//! of found in an input. The ordering, the line writer and the ambiguity and
//! float checks are written once, over what both tables share (crate-private
//! traits), and which members are the signature, `general` and `frame_mode`
//! is decided by one function for both; so a body signs the same whichever
//! form it arrives in (the differential test checks every float-free random
//! document both ways).

use core::cmp::Ordering;
use core::fmt;

use crate::ambiguity::Ambiguity;

use crate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use crate::natural::{self, Bytes};
use crate::Error;

mod ambiguous;
mod canonical;
mod marks;
mod number;
mod parse;
mod sink;
mod string;
mod value;
mod values;

pub use value::{Children, Key, Value};
pub use values::{Array, Object, Scalar, Values};

pub(crate) use ambiguous::Checks;
pub(crate) use canonical::{Exclude, Scratch, Tree};
pub(crate) use number::itoa_u64;
#[cfg(feature = "float")]
pub(crate) use number::php_float;
pub(crate) use sink::{put_i64, put_json_string, Counter, Sink, SliceWriter};
pub(crate) use string::{raw_json_decode, raw_json_eq, raw_json_len, StrBytes};

#[allow(clippy::wildcard_imports)]
use canonical::*;
#[allow(clippy::wildcard_imports)]
use parse::*;
#[allow(clippy::wildcard_imports)]
use string::*;

const NONE: u16 = u16::MAX;

/// The JSON type of a value in a [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{...}`
    Object,
    /// `[...]`
    Array,
    /// `"..."`
    String,
    /// An integer that fits `i64` (no fraction, no exponent).
    Integer,
    /// Any other number: a fraction, an exponent, or an integer beyond `i64`.
    Float,
    /// `true`
    True,
    /// `false`
    False,
    /// `null`
    Null,
}

// Entry flags.
const KEY_ESCAPED: u8 = 1; // the key has a backslash escape
const KEY_COLON: u8 = 2; // the decoded key contains ':'
const VAL_ESCAPED: u8 = 4; // the string value has a backslash escape
const FRAME_MODE: u8 = 8; // this member or an ancestor is named `frame_mode`
const INDEX: u8 = 16; // array element: `start` is the value, `key_len` the index
const KEY_DIGIT_SPACE: u8 = 32; // the raw key has an ASCII digit or whitespace
const AMBIGUOUS: u8 = 64; // the key or the value is ambiguous (see `crate::ambiguity`)
const KEY_LONG: u8 = 128; // the raw key is 65,535 bytes or longer: `key_len` is not its length

// What `Parser::string` saw in a string (after decoding escapes).
const STR_ESCAPED: u8 = 1; // a backslash escape
const STR_COLON: u8 = 2; // a ':'
const STR_SEMI: u8 = 4; // a ';'
const STR_SEMI_COLON: u8 = 8; // a ';' followed later by a ':'

/// One value of a parsed body: an object member or an array element.
///
/// 16 bytes. Only what cannot be found again cheaply is stored: a member's
/// value starts after its key, a `:` and whitespace (found by scanning the
/// few bytes between them), and an element's index fits 16 bits because a
/// table never holds more than 65,535 values.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// A member: where its raw key starts (after the opening quote). An
    /// element: where its value starts.
    start: u32,
    /// Where the raw value token ends (strings include their quotes,
    /// containers their brackets).
    val_end: u32,
    /// A member: the raw key's length in bytes (with [`KEY_LONG`], 65,535
    /// or more: the closing quote is found by scanning). An element: its index.
    key_len: u16,
    /// Parent entry, `NONE` for a top-level member.
    parent: u16,
    /// Index after the last entry of this value's subtree.
    end: u16,
    kind: Kind,
    flags: u8,
}

const _: () = assert!(core::mem::size_of::<Entry>() == 16);

/// A parsed, validated JSON body: a fixed table of its values.
///
/// `VALUES` bounds the number of values (object members plus array elements,
/// at any depth); `DEPTH` bounds the nesting of objects and arrays (the
/// top-level object is depth 1). Both are checked while parsing, with their own
/// errors ([`Error::TooManyValues`], [`Error::TooDeep`]).
#[repr(C)]
pub struct Document<
    'a,
    const VALUES: usize = DEFAULT_MAX_VALUES,
    const DEPTH: usize = DEFAULT_MAX_DEPTH,
> {
    len: usize,
    /// Offset of the top-level `{`.
    root_start: u32,
    /// Number of top-level members.
    top_count: u16,
    /// Top-level `general` member.
    general: u16,
    /// Last direct child of `general` (if it is an object with members).
    general_last: u16,
    /// Top-level `signature` member.
    top_sig: u16,
    /// `general.signature` member.
    general_sig: u16,
    /// First number with a fraction, an exponent or beyond `i64` (outside
    /// `frame_mode`); `NONE` if there is none. Only a build without the
    /// `float` feature needs it.
    first_float: u16,
    /// First entry (in document order, outside `frame_mode`) flagged
    /// [`AMBIGUOUS`]; `NONE` for a body with no ambiguous data at all.
    first_ambiguous: u16,
    /// The input, then the table, last: the header's constant stores are not
    /// next to the table's uninitialised space, so the optimiser has no run of
    /// stores to merge into one `memset` over the whole table (it did, 12 KiB
    /// per parse, when the fields were laid out freely).
    input: &'a [u8],
    /// Filled in document order; never initialised beyond `len` (a
    /// `heapless::Vec` reserves the space without writing it).
    entries: heapless::Vec<Entry, VALUES>,
}

fn opt(i: u16) -> Option<u16> {
    if i == NONE {
        None
    } else {
        Some(i)
    }
}

/// Converts a stored `u32` offset back into a `usize` index.
#[allow(clippy::cast_possible_truncation)]
const fn us(x: u32) -> usize {
    x as usize
}

/// The order in which the canonical lines are joined (`docs/signature.md`, sections 1.5 and 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    /// PHP's natural order of the paths: the canonical order, used for signing.
    Natural,
    /// Byte order of the paths (ties keep document order).
    BytePath,
    /// Byte order of the whole `path:value` lines.
    ByteLine,
}

impl Order {
    /// The name of the order as the spec and the CLI print it:
    /// `natural`, `byte-path` or `byte-line`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Order::Natural => "natural",
            Order::BytePath => "byte-path",
            Order::ByteLine => "byte-line",
        }
    }
}

impl core::fmt::Display for Order {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Writes the canonical string of `body` into `out` (default limits).
///
/// Both `general.signature` and a top-level `signature` are left out, as are
/// `frame_mode` members: this is the exact string a request's signature covers,
/// the first thing to compare when a signature does not match.
/// Stack: about 20 KiB with the default limits (measured, release).
///
/// # Errors
/// Any parse error of [`Document::parse`]; [`Error::BufferTooSmall`] with the
/// exact size needed (nothing is left in `out`).
pub fn canonical<'o>(body: &[u8], out: &'o mut [u8]) -> Result<&'o str, Error> {
    canonical_with_limits::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>(body, out)
}

/// [`canonical`] with the caller's table limits (at most `V` values, nesting
/// depth `D`).
///
/// # Errors
/// As [`canonical`].
pub fn canonical_with_limits<'o, const V: usize, const D: usize>(
    body: &[u8],
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    Document::<V, D>::parse_then(body, |doc| doc.canonical_into(out))?
}

/// The length of the canonical string of `body` (default limits).
///
/// # Errors
/// Any parse error of [`Document::parse`]; [`Error::FloatUnsupported`] in a
/// build without the `float` feature, for a body [`canonical`] refuses.
pub fn canonical_len(body: &[u8]) -> Result<usize, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        doc.check_floats(Exclude::BothSignatures)?;
        Ok(doc.canonical_len())
    })?
}
