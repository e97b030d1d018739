//! A mapping body signed without JSON text: `sign(mapping)`,
//! `Signer.sign(mapping)` and `canonical(mapping)` read the mapping's values
//! into a flat list of nodes ([`Mapped`]), build core's [`Values`] table from
//! them and sign it ([`monetix_gate::Signer::sign_values`]) or write its
//! canonical string ([`Values::canonical_into`]). Nothing is written as JSON
//! or parsed back, and no text is copied: a string is the UTF-8 that CPython
//! keeps in the `str` object itself ([`utf8_bytes`]), borrowed. (`sign_body`
//! and `sign_as_platform` return JSON bytes: they take the compact JSON
//! written from the same nodes, [`write_mapping`].)
//!
//! This reader is the binding's one statement of what a mapping means (the
//! `json` module's value rules): keys must be `str`; `None`,
//! `bool` before `int`, `str`, `int` (a subclass by its value, never its
//! methods; beyond 64 bits as its decimal digits, [`Scalar::Digits`], which
//! core signs as it signs such a JSON number), `dict`, `list` and `tuple`
//! (arrays), any other `Mapping` through its `items()`; no floats, no lone
//! surrogates, at most 16 levels. Every error is the one the same body given
//! as its compact JSON gets, with the same class, code, message and
//! attributes:
//!
//! - a value or key of the wrong type, a mapping that cannot be read, too
//!   deep a nesting: found while reading, with the value's path, as before;
//! - a lone surrogate and an integer a 64-bit float cannot hold: reported at
//!   the byte offset the body's JSON had reached, measured by writing the
//!   JSON of the nodes read so far (on that error only);
//! - a duplicate key (from a user mapping), ambiguous data and too many
//!   values, which core's table reports by the value's position: the JSON of
//!   the nodes is written and the call made again on it (on that error
//!   only), so the refusal is explained from the document exactly as before
//!   (`AmbiguousDataError`'s message, `path`, `reason` and byte `offset`).
//!
//! Two readers. The fast one takes a `dict` made only of
//! the exact built-in types and runs no Python code, so it borrows
//! everything (no reference counting, no snapshot of a `dict`). Anything else
//! stops it, and the general one reads the whole body again from the start:
//! it holds a strong reference to every `str` whose text a node borrows,
//! since the Python code it runs (a user mapping's `items()`, an ABC check)
//! can change the containers.
//!
//! Tables, stacks and the GIL are those of a parsed body (`document.rs`): the
//! smallest table that holds the values (counted exactly, not bounded); a
//! large one on a thread of its own with a stack sized for it
//! ([`Tier::values_stack`]); the GIL released if the body's JSON would be at
//! least [`DETACH_MIN`] bytes, after a strong reference to every `str`
//! borrowed from is taken. Each `str` object lives at least as long as the
//! call, so no text is freed while the table borrows it.

use core::cell::Cell;
use core::ptr::NonNull;
use std::borrow::Cow;

use monetix_gate::json::{Array, Document, Object, Scalar, Values};
use monetix_gate::{Error, Signature};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple,
};
use pyo3::{ffi, Borrowed};
use zeroize::{Zeroize, Zeroizing};

use crate::convert::{
    enter, exact_i64, type_name, unsupported, utf8_bytes, write_decimal, write_str, MAX_INT_BITS,
};
use crate::document::{
    run_values, with_document, Tier, DEFAULT, DEPTH, DETACH_MIN, LARGEST, T2K, T8K,
};
use crate::errors::{explained, Failure, Result};

/// What a table is used for, once built: signing or the canonical string
/// (and the same on a parsed document, to explain an error as the JSON path
/// does).
pub(crate) trait Work: Sync {
    /// The result.
    type Out: Send;
    /// The work on a [`Values`] table.
    fn values<const V: usize>(
        &self,
        table: &Values<'_, V, DEPTH>,
    ) -> core::result::Result<Self::Out, Error>;
    /// The same work on the body parsed from its JSON.
    fn document<const V: usize>(
        &self,
        doc: &Document<'_, V, DEPTH>,
    ) -> core::result::Result<Self::Out, Error>;
}

/// Signs the body.
pub(crate) struct Sign<'s>(pub(crate) &'s monetix_gate::Signer);

impl Work for Sign<'_> {
    type Out = Signature;

    fn values<const V: usize>(
        &self,
        table: &Values<'_, V, DEPTH>,
    ) -> core::result::Result<Signature, Error> {
        self.0.sign_values(table)
    }

    fn document<const V: usize>(
        &self,
        doc: &Document<'_, V, DEPTH>,
    ) -> core::result::Result<Signature, Error> {
        self.0.sign_document(doc)
    }
}

/// The body's canonical string.
pub(crate) struct Canonical;

impl Work for Canonical {
    type Out = String;

    fn values<const V: usize>(
        &self,
        table: &Values<'_, V, DEPTH>,
    ) -> core::result::Result<String, Error> {
        let mut out = vec![0u8; table.canonical_len()];
        table.canonical_into(&mut out).map(str::to_owned)
    }

    fn document<const V: usize>(
        &self,
        doc: &Document<'_, V, DEPTH>,
    ) -> core::result::Result<String, Error> {
        let mut out = vec![0u8; doc.canonical_len()];
        doc.canonical_into(&mut out).map(str::to_owned)
    }
}

/// `work` done on the mapping body `obj`, or `None` if `obj` is not a
/// mapping (`bytes`, `str`, ...: for `convert::body`).
///
/// The body is read and the work done in one go: no Python code runs in
/// between (see [`Mapped::run`]).
pub(crate) fn with_mapping<W: Work>(obj: &Bound<'_, PyAny>, work: &W) -> Result<Option<W::Out>> {
    match read(obj)? {
        Some(mapped) => mapped.run(work).map(Some),
        None => Ok(None),
    }
}

/// Writes the compact JSON of the mapping body `obj` (`json.dumps(body,
/// separators=(",", ":"), ensure_ascii=False)` for every body both accept)
/// into `out`; `false` (nothing written) if `obj` is not a mapping.
pub(crate) fn write_mapping(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>) -> Result<bool> {
    match read(obj)? {
        Some(mapped) => {
            mapped.view().write_json(out, true);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The nodes of the mapping body `obj`, or `None` if it is not a mapping.
fn read<'py>(obj: &Bound<'py, PyAny>) -> Result<Option<Mapped<'py>>> {
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut mapped = Mapped::new(obj.py());
        if d.is_exact_instance_of::<PyDict>() && mapped.fast_dict(d, 0).is_ok() {
            return Ok(Some(mapped));
        }
        mapped.reset();
        enter(0)?;
        mapped.dict_items(d, 0)?;
        return Ok(Some(mapped));
    }
    // Bodies of bytes, and anything the JSON path reads other than through
    // a `Mapping`'s items (a `Mapping` that is also a `list`, ...), are
    // left to it; the cheap type tests come before the `Mapping` ABC check.
    if obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyByteArray>()
        || obj.is_none()
        || obj.is_instance_of::<PyInt>()
        || obj.is_instance_of::<PyFloat>()
        || obj.is_instance_of::<PyList>()
        || obj.is_instance_of::<PyTuple>()
    {
        return Ok(None);
    }
    let Ok(m) = obj.cast::<PyMapping>() else {
        return Ok(None);
    };
    let mut mapped = Mapped::new(obj.py());
    enter(0)?;
    mapped.mapping_items(m, 0)?;
    Ok(Some(mapped))
}

/// UTF-8 text that a node borrows: from a Python `str` (alive as long as the
/// nodes are: see [`Mapped`]), or from [`Mapped::owned`].
#[derive(Debug, Clone, Copy)]
struct Text {
    ptr: NonNull<u8>,
    len: usize,
}

impl Text {
    fn of(bytes: &[u8]) -> Text {
        Text {
            ptr: NonNull::from(bytes).cast(),
            len: bytes.len(),
        }
    }
}

/// A node's value; a container's holds the index where its values end.
#[derive(Debug, Clone, Copy)]
enum Val {
    Str(Text),
    Int(i64),
    Digits(Text),
    Bool(bool),
    Null,
    Object(usize),
    Array(usize),
}

/// One value of the body (an object member, with its key, or an array
/// element), in the order of the body's JSON text: a container's values
/// follow it, up to its end. The top-level object is not a node.
#[derive(Debug, Clone, Copy)]
struct Node {
    key: Option<Text>,
    val: Val,
}

/// Values of the table of a small body (most requests: the documentation's
/// Gate request has 25), on the calling thread like the default table. A
/// call pays for every page of its table's frame, used or not (stack
/// probes): 28 KiB for 512 values, under 4 KiB for this one.
const SMALL: usize = 64;

/// The end of a container still being read.
const OPEN: usize = usize::MAX;

/// JSON bytes per value besides its key and string (quotes, `:`, `,`), to
/// estimate the size of the body's JSON for [`DETACH_MIN`].
const JSON_PER_VALUE: usize = 6;

/// The vectors a call reuses from the last one on its thread.
#[derive(Default)]
struct Buffers {
    nodes: Vec<Node>,
    lent: Vec<*mut ffi::PyObject>,
}

/// The largest vectors kept for the next call.
const BUFFERS_KEEP: usize = 4096;

thread_local! {
    /// The vectors of the last body read on this thread (empty while a call
    /// uses them: a call within a call, from a user mapping's Python code,
    /// makes new ones).
    static BUFFERS: Cell<Buffers> = const {
        Cell::new(Buffers {
            nodes: Vec::new(),
            lent: Vec::new(),
        })
    };
}

/// A mapping body read into nodes, and what keeps their text alive.
///
/// Every [`Text`] points into a `str` object in [`Mapped::keep`], a buffer
/// in [`Mapped::owned`], or (the fast reader) a `str` object in
/// [`Mapped::lent`], which a container of the body holds: no Python code
/// runs from the fast read until the nodes are dropped, so none of those
/// containers changes, unless the GIL is released, and then
/// [`Mapped::pin`] first takes a reference to each.
struct Mapped<'py> {
    py: Python<'py>,
    nodes: Vec<Node>,
    /// `str` objects the fast reader borrowed text from, without a reference.
    lent: Vec<*mut ffi::PyObject>,
    /// `str` objects that nodes borrow text from.
    keep: Vec<Bound<'py, PyAny>>,
    /// Text made here (the digits of an integer beyond 64 bits; on Windows,
    /// every string's UTF-8). Never changed once a node points into it.
    owned: Vec<Zeroizing<Vec<u8>>>,
    /// Bytes of keys and strings read, for the size estimate.
    bytes: usize,
}

/// Why the fast reader stopped: something it does not take (see the module
/// docs). The general reader then reads the body from the start.
struct Slow;

impl<'py> Mapped<'py> {
    fn new(py: Python<'py>) -> Self {
        let Buffers { nodes, lent } = BUFFERS.try_with(Cell::take).unwrap_or_default();
        Mapped {
            py,
            nodes,
            lent,
            keep: Vec::new(),
            owned: Vec::new(),
            bytes: 0,
        }
    }

    fn reset(&mut self) {
        self.nodes.clear();
        self.lent.clear();
        self.keep.clear();
        self.owned.clear();
        self.bytes = 0;
    }

    fn text(&mut self, bytes: Cow<'_, [u8]>) -> Text {
        self.bytes = self.bytes.saturating_add(bytes.len());
        match bytes {
            Cow::Borrowed(b) => Text::of(b),
            Cow::Owned(v) => {
                let v = Zeroizing::new(v);
                let text = Text::of(&v);
                // The vector moves, its heap buffer (which `text` points
                // into) does not.
                self.owned.push(v);
                text
            }
        }
    }

    /// A container's node, its end [`OPEN`] until [`Mapped::close`].
    fn open(&mut self, key: Option<Text>, val: Val) -> usize {
        let at = self.nodes.len();
        self.nodes.push(Node { key, val });
        at
    }

    fn close(&mut self, at: usize) {
        let end = self.nodes.len();
        if let Some(Node {
            val: Val::Object(e) | Val::Array(e),
            ..
        }) = self.nodes.get_mut(at)
        {
            *e = end;
        }
    }

    /// The view of the nodes a table is built from.
    fn view(&self) -> Nodes<'_> {
        Nodes { nodes: &self.nodes }
    }

    // ---- the fast reader ---------------------------------------------------------

    /// A `str` of the exact type: its text, borrowed without a reference.
    fn fast_text(&mut self, s: &Bound<'py, PyString>) -> core::result::Result<Text, Slow> {
        // A lone surrogate: its `UnicodeEncodeError` is taken, the general
        // reader reports it.
        let bytes = utf8_bytes(s).map_err(|_| Slow)?;
        self.lent.push(s.as_ptr());
        Ok(self.text(bytes))
    }

    /// A value of the exact built-in types (`dict`, `list`, `tuple`, `str`,
    /// `int` within 64 bits, `bool`, `None`, `str` keys).
    ///
    /// It runs no Python code: type tests by identity, `PyDict_Next`,
    /// `PyList_GetItem`, `PyTuple_GetItem`, `PyLong_AsLongLongAndOverflow` on
    /// an exact `int` and [`utf8_bytes`] on an exact `str` call nothing a user
    /// defines, and create no object the garbage collector tracks (the UTF-8
    /// form cached in a `str` is plain memory; on Windows, a `bytes` object,
    /// not tracked either), so no finaliser can run either. With the GIL held
    /// throughout, no other thread runs Python code meanwhile. So the
    /// containers cannot change while they are read, and the references they
    /// lend stay valid without being counted. The one exception (a lone
    /// surrogate's `UnicodeEncodeError`) is taken and the read stops at once:
    /// after it, no borrowed reference is used again.
    fn fast_value(
        &mut self,
        key: Option<Text>,
        obj: &Bound<'py, PyAny>,
        depth: usize,
    ) -> core::result::Result<(), Slow> {
        let val = if let Ok(s) = obj.cast_exact::<PyString>() {
            Val::Str(self.fast_text(s)?)
        } else if let Ok(i) = obj.cast_exact::<PyInt>() {
            Val::Int(exact_i64(i).ok_or(Slow)?)
        } else if let Ok(d) = obj.cast_exact::<PyDict>() {
            let at = self.open(key, Val::Object(OPEN));
            self.fast_dict(d, depth)?;
            self.close(at);
            return Ok(());
        } else if let Ok(l) = obj.cast_exact::<PyList>() {
            let at = self.open(key, Val::Array(OPEN));
            self.fast_list(l, depth)?;
            self.close(at);
            return Ok(());
        } else if obj.is_none() {
            Val::Null
        } else if let Ok(b) = obj.cast_exact::<PyBool>() {
            Val::Bool(b.is_true())
        } else if let Ok(t) = obj.cast_exact::<PyTuple>() {
            let at = self.open(key, Val::Array(OPEN));
            self.fast_tuple(t, depth)?;
            self.close(at);
            return Ok(());
        } else {
            return Err(Slow);
        };
        self.nodes.push(Node { key, val });
        Ok(())
    }

    /// The members of a `dict` of the exact type, with `PyDict_Next`'s
    /// borrowed references.
    #[allow(unsafe_code)]
    fn fast_dict(
        &mut self,
        d: &Bound<'py, PyDict>,
        depth: usize,
    ) -> core::result::Result<(), Slow> {
        if depth >= DEPTH {
            return Err(Slow);
        }
        let py = d.py();
        let mut pos: ffi::Py_ssize_t = 0;
        let mut key: *mut ffi::PyObject = core::ptr::null_mut();
        let mut value: *mut ffi::PyObject = core::ptr::null_mut();
        // SAFETY: `d` is a live `dict` (we hold a reference and the GIL);
        // `pos`, `key` and `value` are valid places for what `PyDict_Next`
        // writes.
        while unsafe { ffi::PyDict_Next(d.as_ptr(), &mut pos, &mut key, &mut value) } != 0 {
            // SAFETY: `PyDict_Next` returned true: `key` and `value` are
            // non-null references lent by the dict, which outlives this read
            // and does not change during it (no Python code runs).
            let (key, value) =
                unsafe { (Borrowed::from_ptr(py, key), Borrowed::from_ptr(py, value)) };
            let key = key.cast_exact::<PyString>().map_err(|_| Slow)?;
            let key = self.fast_text(&key)?;
            self.fast_value(Some(key), &value, depth + 1)?;
        }
        Ok(())
    }

    /// The elements of a `list` of the exact type, borrowed.
    #[allow(unsafe_code)]
    fn fast_list(
        &mut self,
        l: &Bound<'py, PyList>,
        depth: usize,
    ) -> core::result::Result<(), Slow> {
        if depth >= DEPTH {
            return Err(Slow);
        }
        let py = l.py();
        // The list cannot change during the read: its length is read once.
        for n in 0..l.len() {
            let n = ffi::Py_ssize_t::try_from(n).map_err(|_| Slow)?;
            // SAFETY: `l` is a live `list` (we hold a reference and the GIL)
            // and `n` is below its length, so `PyList_GetItem` lends the item
            // (not null): the list outlives this read and does not change
            // during it.
            let item = unsafe { Borrowed::from_ptr(py, ffi::PyList_GetItem(l.as_ptr(), n)) };
            self.fast_value(None, &item, depth + 1)?;
        }
        Ok(())
    }

    /// The elements of a `tuple` of the exact type, borrowed.
    #[allow(unsafe_code)]
    fn fast_tuple(
        &mut self,
        t: &Bound<'py, PyTuple>,
        depth: usize,
    ) -> core::result::Result<(), Slow> {
        if depth >= DEPTH {
            return Err(Slow);
        }
        let py = t.py();
        for n in 0..t.len() {
            let n = ffi::Py_ssize_t::try_from(n).map_err(|_| Slow)?;
            // SAFETY: `t` is a live `tuple` (immutable; we hold a reference
            // and the GIL) and `n` is below its length, so `PyTuple_GetItem`
            // lends the item (not null), alive as long as the tuple.
            let item = unsafe { Borrowed::from_ptr(py, ffi::PyTuple_GetItem(t.as_ptr(), n)) };
            self.fast_value(None, &item, depth + 1)?;
        }
        Ok(())
    }

    // ---- the general reader: every rule and every error ---------------------------

    /// A `dict`'s members, taken first (Python code run while a value is
    /// read could change the `dict`, and a `dict` changed under a live
    /// iterator makes PyO3 panic; the snapshot costs one small allocation).
    fn dict_items(&mut self, d: &Bound<'py, PyDict>, depth: usize) -> Result<()> {
        let members: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> = d.iter().collect();
        for (k, v) in &members {
            self.member(k, v, depth)?;
        }
        Ok(())
    }

    /// Any other mapping's members, through its `items()`.
    fn mapping_items(&mut self, m: &Bound<'py, PyMapping>, depth: usize) -> Result<()> {
        let py = self.py;
        let items = m
            .items()
            .map_err(|e| Failure::unreadable(py, e, "the mapping's items()"))?;
        for item in items.iter() {
            let (k, v) = item
                .extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>()
                .map_err(|e| Failure::unreadable(py, e, "an item of the mapping's items()"))?;
            self.member(&k, &v, depth)?;
        }
        Ok(())
    }

    fn member(
        &mut self,
        key: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
        depth: usize,
    ) -> Result<()> {
        let Ok(k) = key.cast::<PyString>() else {
            return Err(unsupported(format!(
                "keys must be str, not {} ({})",
                type_name(key),
                key.repr()
                    .map_or_else(|_| "?".to_owned(), |r| r.to_string())
            )));
        };
        let Ok(bytes) = utf8_bytes(k) else {
            let offset = self.key_offset();
            return Err(Error::LoneSurrogate { offset }.into());
        };
        let text = self.text(bytes);
        self.keep.push(key.clone());
        self.value(Some(text), value, depth + 1)
            .map_err(|f| f.within(self.view().str(text)))
    }

    fn element(&mut self, n: usize, value: &Bound<'py, PyAny>, depth: usize) -> Result<()> {
        self.value(None, value, depth + 1)
            .map_err(|f| f.within(&n.to_string()))
    }

    /// One value: the exact built-in types first, by type identity, then the
    /// `json` module's order of checks (a `str` enum member, an `IntEnum`, a
    /// `bool`, an `OrderedDict`, ...).
    fn value(&mut self, key: Option<Text>, obj: &Bound<'py, PyAny>, depth: usize) -> Result<()> {
        if let Ok(s) = obj.cast_exact::<PyString>() {
            return self.string(key, s);
        }
        if let Ok(i) = obj.cast_exact::<PyInt>() {
            return self.int(key, i);
        }
        if let Ok(d) = obj.cast_exact::<PyDict>() {
            return self.dict(key, d, depth);
        }
        self.value_slow(key, obj, depth)
    }

    fn value_slow(
        &mut self,
        key: Option<Text>,
        obj: &Bound<'py, PyAny>,
        depth: usize,
    ) -> Result<()> {
        let val = if obj.is_none() {
            Val::Null
        } else if let Ok(b) = obj.cast::<PyBool>() {
            Val::Bool(b.is_true())
        } else if let Ok(s) = obj.cast::<PyString>() {
            return self.string(key, s);
        } else if let Ok(i) = obj.cast::<PyInt>() {
            return self.int(key, i);
        } else if obj.cast::<PyFloat>().is_ok() {
            return Err(unsupported(
                "float values are not allowed in a request (amounts are integers of minor units)"
                    .to_owned(),
            ));
        } else if let Ok(d) = obj.cast::<PyDict>() {
            return self.dict(key, d, depth);
        } else if let Ok(l) = obj.cast::<PyList>() {
            enter(depth)?;
            let at = self.open(key, Val::Array(OPEN));
            for (n, v) in l.iter().enumerate() {
                self.element(n, &v, depth)?;
            }
            self.close(at);
            return Ok(());
        } else if let Ok(t) = obj.cast::<PyTuple>() {
            enter(depth)?;
            let at = self.open(key, Val::Array(OPEN));
            for (n, v) in t.iter().enumerate() {
                self.element(n, &v, depth)?;
            }
            self.close(at);
            return Ok(());
        } else if let Ok(m) = obj.cast::<PyMapping>() {
            enter(depth)?;
            let at = self.open(key, Val::Object(OPEN));
            self.mapping_items(m, depth)?;
            self.close(at);
            return Ok(());
        } else {
            return Err(unsupported(format!(
                "{} values are not allowed in a request",
                type_name(obj)
            )));
        };
        self.nodes.push(Node { key, val });
        Ok(())
    }

    fn dict(&mut self, key: Option<Text>, d: &Bound<'py, PyDict>, depth: usize) -> Result<()> {
        enter(depth)?;
        let at = self.open(key, Val::Object(OPEN));
        self.dict_items(d, depth)?;
        self.close(at);
        Ok(())
    }

    fn string(&mut self, key: Option<Text>, s: &Bound<'py, PyString>) -> Result<()> {
        let Ok(bytes) = utf8_bytes(s) else {
            let offset = self.value_offset(key);
            return Err(Error::LoneSurrogate { offset }.into());
        };
        let text = self.text(bytes);
        self.keep.push(s.clone().into_any());
        self.nodes.push(Node {
            key,
            val: Val::Str(text),
        });
        Ok(())
    }

    /// An `int` by its value (`PyLong_AsLongLong` and the unbound `int`
    /// methods: no `__index__`, `__int__`, `__str__`, `__repr__` or
    /// `__format__` of a subclass is called); beyond 64 bits, its decimal
    /// digits.
    fn int(&mut self, key: Option<Text>, i: &Bound<'py, PyInt>) -> Result<()> {
        let val = if let Ok(v) = i.extract::<i64>() {
            Val::Int(v)
        } else if let Ok(v) = i.extract::<u64>() {
            let mut digits = Vec::with_capacity(20);
            write_decimal(v, false, &mut digits);
            Val::Digits(self.text(Cow::Owned(digits)))
        } else {
            let py = self.py;
            let int = py.get_type::<PyInt>();
            let bits: u64 = int
                .call_method1(pyo3::intern!(py, "bit_length"), (i,))
                .and_then(|b| b.extract())
                .map_err(|e| Failure::unreadable(py, e, "int.bit_length()"))?;
            if bits > MAX_INT_BITS {
                let offset = self.value_offset(key);
                return Err(Error::NumberOutOfRange { offset }.into());
            }
            let digits = int
                .call_method1(pyo3::intern!(py, "__repr__"), (i,))
                .and_then(|d| d.cast_into::<PyString>().map_err(PyErr::from))
                .map_err(|e| Failure::unreadable(py, e, "int.__repr__()"))?;
            let digits = utf8_bytes(&digits)?.into_owned();
            // What core's parser refuses of such a literal: a number a
            // 64-bit float cannot hold (it would round to infinity).
            let finite = core::str::from_utf8(&digits)
                .ok()
                .and_then(|t| t.parse::<f64>().ok())
                .is_some_and(f64::is_finite);
            if !finite {
                let offset = self.value_offset(key);
                return Err(Error::NumberOutOfRange { offset }.into());
            }
            Val::Digits(self.text(Cow::Owned(digits)))
        };
        self.nodes.push(Node { key, val });
        Ok(())
    }

    // ---- byte offsets and JSON, for errors --------------------------------------

    /// Where the body's JSON stands before the next member's key: the length
    /// of the JSON of the nodes so far.
    fn key_offset(&self) -> usize {
        let mut out = Zeroizing::new(Vec::new());
        self.view().write_json(&mut out, false);
        out.len()
    }

    /// Where the body's JSON stands before the next value (after its `,` and
    /// its key, if any).
    fn value_offset(&self, key: Option<Text>) -> usize {
        let mut out = Zeroizing::new(Vec::new());
        let view = self.view();
        if view.write_json(&mut out, false) {
            out.push(b',');
        }
        if let Some(key) = key {
            write_str(view.bytes(key), &mut out);
            out.push(b':');
        }
        out.len()
    }

    // ---- the table ----------------------------------------------------------------

    /// Takes a reference to every `str` the fast reader borrowed text from,
    /// before the GIL is released (other threads may then change the
    /// containers that hold them).
    #[allow(unsafe_code)]
    fn pin(&mut self) {
        for &s in &self.lent {
            // SAFETY: `s` is a `str` object the fast reader found in a
            // container of the body; no Python code has run since, so the
            // container still holds it and it is alive; we hold the GIL.
            self.keep
                .push(unsafe { Bound::from_borrowed_ptr(self.py, s) });
        }
        self.lent.clear();
    }

    /// Builds the table that holds the nodes, does `work` on it, and, on an
    /// error, explains it as the JSON path would ([`Mapped::replay`]).
    ///
    /// Must follow the read with no Python code run in between (see
    /// [`Mapped`]); [`with_mapping`] does both.
    fn run<W: Work>(mut self, work: &W) -> Result<W::Out> {
        let count = self.nodes.len();
        if count > LARGEST {
            return self.via_json(work);
        }
        let tier = Tier::holding(count);
        let json_estimate = self
            .bytes
            .saturating_add(count.saturating_mul(JSON_PER_VALUE));
        let detach = json_estimate >= DETACH_MIN;
        if detach {
            self.pin();
        }
        let nodes = self.view();
        let done = run_values(self.py, detach, tier, move || match tier {
            Tier::Default if count <= SMALL => build::<SMALL, W>(nodes, work),
            Tier::Default => build::<DEFAULT, W>(nodes, work),
            Tier::T2k => build::<T2K, W>(nodes, work),
            Tier::T8k => build::<T8K, W>(nodes, work),
            Tier::Largest => build::<LARGEST, W>(nodes, work),
        })?;
        done.map_err(|err| self.replay(err, work))
    }

    /// An error of the table (a duplicate key, ambiguous data) as the JSON
    /// path gives it: the work done again on the body's JSON
    /// ([`Mapped::via_json`]), so that the error (its byte offset, an
    /// ambiguity's explanation) is that of the document.
    fn replay<W: Work>(&self, err: Error, work: &W) -> Failure {
        match self.via_json(work) {
            Err(failure) => failure,
            // Not reached: the table and the document sign the same body.
            Ok(_) => Failure::Core(err),
        }
    }

    /// The work done on the body's JSON, written from the nodes (no Python
    /// code runs) and parsed into a document, as for a body given as JSON.
    fn via_json<W: Work>(&self, work: &W) -> Result<W::Out> {
        let mut json = Zeroizing::new(Vec::new());
        self.view().write_json(&mut json, true);
        with_document!(self.py, &json, |doc| work
            .document(doc)
            .map_err(|e| explained(doc, e)))
    }
}

impl Drop for Mapped<'_> {
    fn drop(&mut self) {
        // The integers (amounts, identifiers) do not outlive the call in the
        // buffer kept for the next one; the text is the caller's own `str`
        // objects (or `owned`, wiped when dropped).
        for node in &mut self.nodes {
            if let Val::Int(v) = &mut node.val {
                v.zeroize();
            }
        }
        let mut nodes = core::mem::take(&mut self.nodes);
        let mut lent = core::mem::take(&mut self.lent);
        nodes.clear();
        lent.clear();
        if nodes.capacity() <= BUFFERS_KEEP && lent.capacity() <= BUFFERS_KEEP {
            // Fails only while the thread is exiting: the vectors are freed.
            let _ = BUFFERS.try_with(|b| b.set(Buffers { nodes, lent }));
        }
    }
}

/// The nodes of a [`Mapped`], as read by a table's builder, possibly on
/// another thread.
#[derive(Clone, Copy)]
struct Nodes<'m> {
    nodes: &'m [Node],
}

// SAFETY: the nodes are plain data and pointers to text that nothing changes
// or frees while the borrow of the `Mapped` lasts (see `Mapped`: a `str`
// object is immutable, alive through `keep` or the containers no Python code
// changes meanwhile; `owned` is not changed), so reading them from another
// thread (the table's, while the calling thread waits) is sound.
#[allow(unsafe_code)]
unsafe impl Send for Nodes<'_> {}

// SAFETY: as for `Send`: the nodes are only read.
#[allow(unsafe_code)]
unsafe impl Sync for Nodes<'_> {}

impl<'m> Nodes<'m> {
    fn len(self) -> usize {
        self.nodes.len()
    }

    fn get(self, i: usize) -> Option<&'m Node> {
        self.nodes.get(i)
    }

    /// The bytes of `text`.
    #[allow(unsafe_code)]
    fn bytes(self, text: Text) -> &'m [u8] {
        // SAFETY: `text` was made by `Text::of` from `len` bytes that stay
        // alive and unchanged while the `Mapped` is borrowed for 'm (see
        // `Mapped`).
        unsafe { core::slice::from_raw_parts(text.ptr.as_ptr(), text.len) }
    }

    /// `text` as a `str`.
    #[allow(unsafe_code)]
    fn str(self, text: Text) -> &'m str {
        let bytes = self.bytes(text);
        // SAFETY: every text is the UTF-8 form CPython made of a `str`
        // (`PyUnicode_AsUTF8AndSize` succeeds only with valid UTF-8: a lone
        // surrogate fails; on Windows, Rust's own `String`) or ASCII digits.
        unsafe { core::str::from_utf8_unchecked(bytes) }
    }

    /// Writes the nodes as compact JSON (`json.dumps(body, separators=(",",
    /// ":"), ensure_ascii=False)`'s bytes): all of it if `whole`, else
    /// as far as it would have got, with the containers still being read
    /// left open. Returns whether the innermost open container already has
    /// a value (so a `,` comes next).
    fn write_json(self, out: &mut Vec<u8>, whole: bool) -> bool {
        /// Closes the containers that end at `at`.
        fn close(open: &mut Vec<(usize, u8)>, at: usize, out: &mut Vec<u8>, more: &mut bool) {
            while let Some(&(end, closer)) = open.last() {
                if end != at {
                    break;
                }
                out.push(closer);
                open.pop();
                *more = true;
            }
        }
        let mut open: Vec<(usize, u8)> = vec![(if whole { self.len() } else { OPEN }, b'}')];
        let mut more = false;
        out.push(b'{');
        for (i, node) in self.nodes.iter().enumerate() {
            close(&mut open, i, out, &mut more);
            if more {
                out.push(b',');
            }
            if let Some(key) = node.key {
                write_str(self.bytes(key), out);
                out.push(b':');
            }
            more = true;
            match node.val {
                Val::Str(t) => write_str(self.bytes(t), out),
                Val::Int(v) => write_decimal(v.unsigned_abs(), v < 0, out),
                Val::Digits(t) => out.extend_from_slice(self.bytes(t)),
                Val::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
                Val::Null => out.extend_from_slice(b"null"),
                Val::Object(end) => {
                    out.push(b'{');
                    open.push((end, b'}'));
                    more = false;
                }
                Val::Array(end) => {
                    out.push(b'[');
                    open.push((end, b']'));
                    more = false;
                }
            }
        }
        close(&mut open, self.len(), out, &mut more);
        more
    }
}

// ---- building the table ----------------------------------------------------------

/// The table of `V` values built from the nodes, and `work` done on it.
///
/// Never inlined: each table size has its own frame, so a call takes the
/// stack of the table it uses, not of the largest one (inlined into the one
/// closure that chooses the size, the frames of all of them were laid out
/// side by side: about 1.2 MiB for every call, probed page by page).
#[inline(never)]
fn build<const V: usize, W: Work>(
    nodes: Nodes<'_>,
    work: &W,
) -> core::result::Result<W::Out, Error> {
    let mut table = Values::<V, DEPTH>::new();
    fill_object(&mut table.root(), nodes, 0, nodes.len())?;
    work.values(&table)
}

/// The scalar of a node that is not a container.
fn scalar<'t>(nodes: Nodes<'t>, val: Val) -> Scalar<'t> {
    match val {
        Val::Str(t) => Scalar::Str(nodes.str(t)),
        Val::Int(v) => Scalar::Int(v),
        Val::Digits(t) => Scalar::Digits(nodes.str(t)),
        Val::Bool(b) => Scalar::Bool(b),
        Val::Null | Val::Object(_) | Val::Array(_) => Scalar::Null,
    }
}

/// Adds the members at nodes `from..to` to `obj`.
fn fill_object<'t, const V: usize>(
    obj: &mut Object<'_, 't, V, DEPTH>,
    nodes: Nodes<'t>,
    from: usize,
    to: usize,
) -> core::result::Result<(), Error> {
    let mut i = from;
    while let Some(node) = nodes.get(i).filter(|_| i < to) {
        let key = node.key.map_or("", |k| nodes.str(k));
        i = match node.val {
            Val::Object(end) => {
                obj.object(key, |o| fill_object(o, nodes, i + 1, end))?;
                end
            }
            Val::Array(end) => {
                obj.array(key, |a| fill_array(a, nodes, i + 1, end))?;
                end
            }
            val => {
                obj.member(key, scalar(nodes, val))?;
                i + 1
            }
        };
    }
    Ok(())
}

/// Adds the elements at nodes `from..to` to `arr`.
fn fill_array<'t, const V: usize>(
    arr: &mut Array<'_, 't, V, DEPTH>,
    nodes: Nodes<'t>,
    from: usize,
    to: usize,
) -> core::result::Result<(), Error> {
    let mut i = from;
    while let Some(node) = nodes.get(i).filter(|_| i < to) {
        i = match node.val {
            Val::Object(end) => {
                arr.object(|o| fill_object(o, nodes, i + 1, end))?;
                end
            }
            Val::Array(end) => {
                arr.array(|a| fill_array(a, nodes, i + 1, end))?;
                end
            }
            val => {
                arr.element(scalar(nodes, val))?;
                i + 1
            }
        };
    }
    Ok(())
}
