//! Type conversion from Python arguments: bodies, mappings and secrets.
//!
//! A body is `bytes` (borrowed, never copied), `bytearray` or `str` (copied
//! once), or a mapping, which is written here to compact JSON bytes with the
//! `json` module's value rules (no detour through `json.dumps`, which alone
//! costs more than a whole signature). The engine then does all the work on
//! those bytes, exactly as if the caller had passed them.
//!
//! Only the calls that return JSON (`sign_body`, `sign_as_platform`) write a
//! mapping here: `sign` and `canonical` sign its values without any JSON
//! (`values.rs`), by the rules of the writers below, which define what a
//! mapping means, and with their errors.
//!
//! A mapping is written by one of two writers. The fast one takes a `dict`
//! made only of the exact built-in types (`dict`, `list`, `tuple`, `str`,
//! `int` within 64 bits, `bool`, `None`, `str` keys) and runs no Python
//! code, so it walks the containers with borrowed references: no reference
//! counting, no snapshot of each `dict`. Anything else (a subclass, another
//! mapping, a float, an integer beyond 64 bits, a non-`str` key, a lone
//! surrogate, too deep a nesting) stops it, and the general writer, which
//! holds every rule and every error, writes the whole body again from the
//! start. Both write the same bytes for what the fast one takes. The bytes
//! go to a buffer kept by the thread between calls ([`Body`]).
//!
//! A secret is `bytes` (borrowed), `bytearray` or `str`; the copies of the
//! last two live in [`Zeroizing`] buffers, wiped when the call ends.

use core::cell::Cell;
use std::borrow::Cow;

use monetix_gate::limits::DEFAULT_MAX_DEPTH;
use monetix_gate::Error;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple,
};
use pyo3::{ffi, Borrowed};
use zeroize::{Zeroize, Zeroizing};

use crate::errors::{Failure, Result};

/// The bytes of a body: borrowed from the argument, a copy, or a mapping's
/// JSON in the thread's reusable buffer (handed back when this is dropped).
pub(crate) enum Body<'a> {
    Borrowed(&'a [u8]),
    Owned(Vec<u8>),
    Written(Written),
}

impl core::ops::Deref for Body<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Body::Borrowed(b) => b,
            Body::Owned(v) => v,
            Body::Written(w) => &w.0,
        }
    }
}

impl<'a> From<Cow<'a, [u8]>> for Body<'a> {
    fn from(bytes: Cow<'a, [u8]>) -> Self {
        match bytes {
            Cow::Borrowed(b) => Body::Borrowed(b),
            Cow::Owned(v) => Body::Owned(v),
        }
    }
}

/// A mapping's JSON, in the buffer this thread reuses from call to call
/// (overwritten with zeros when the call is done).
pub(crate) struct Written(Vec<u8>);

/// Capacity of a new buffer: a typical request fits, so it rarely grows.
const BUFFER_START: usize = 1024;
/// Largest buffer kept for the next call; a larger one (a body of hundreds
/// of KiB) is freed.
const BUFFER_KEEP: usize = 64 * 1024;

thread_local! {
    /// The buffer of the last mapping written on this thread (empty while a
    /// call uses it: a nested call, from a user mapping's Python code, makes
    /// a new one).
    static BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

impl Written {
    fn take() -> Self {
        let mut buf = BUFFER.try_with(Cell::take).unwrap_or_default();
        buf.clear();
        buf.reserve(BUFFER_START);
        Written(buf)
    }
}

impl Drop for Written {
    fn drop(&mut self) {
        let mut buf = core::mem::take(&mut self.0);
        // The body (payee names, account numbers) does not outlive the call:
        // the bytes written are overwritten, whether the buffer is kept or
        // freed (`zeroize`: volatile stores, not optimised away).
        zeroize::Zeroize::zeroize(buf.as_mut_slice());
        if buf.capacity() <= BUFFER_KEEP {
            // Fails only while the thread is exiting: the buffer is freed.
            let _ = BUFFER.try_with(|b| b.set(buf));
        }
    }
}

/// The bytes of a body argument.
pub(crate) fn body<'a>(obj: &'a Bound<'_, PyAny>) -> Result<Body<'a>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Body::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return utf8_bytes(s)
            .map(Body::from)
            .map_err(|_| Failure::BodyNotUnicode);
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Body::Owned(b.to_vec()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut out = Written::take();
        if d.is_exact_instance_of::<PyDict>() && fast_dict(d, &mut out.0, 0).is_ok() {
            return Ok(Body::Written(out));
        }
        out.0.clear();
        write_dict(d, &mut out.0, 0)?;
        return Ok(Body::Written(out));
    }
    if obj.cast::<PyMapping>().is_ok() {
        let mut out = Written::take();
        write_value(obj, &mut out.0, 0)?;
        return Ok(Body::Written(out));
    }
    Err(Failure::ArgumentType(format!(
        "body must be bytes, bytearray, str or a mapping, not {}",
        type_name(obj)
    )))
}

/// The bytes of a body that must be verified as received (`bytes`,
/// `bytearray` or `str`: a signature covers the bytes that arrived, so a
/// mapping, which has lost them, is refused).
pub(crate) fn raw_body<'a>(obj: &'a Bound<'_, PyAny>) -> Result<Body<'a>> {
    // `bytes` and `str` first: the common case skips the `Mapping` check below (an ABC
    // `isinstance`, far dearer than the exact type test).
    if obj.is_exact_instance_of::<PyBytes>() || obj.is_exact_instance_of::<PyString>() {
        return body(obj);
    }
    if obj.cast::<PyDict>().is_ok() || obj.cast::<PyMapping>().is_ok() {
        return Err(Failure::ArgumentType(
            "a signed body must be the bytes or str that arrived, not a mapping".to_owned(),
        ));
    }
    body(obj)
}

/// The UTF-8 bytes of a `str` (an error for a lone surrogate).
///
/// With the stable ABI of Python 3.9, PyO3 can only encode a `str` into a new
/// `bytes` object and copy that into a `String` (two allocations per string).
/// `PyUnicode_AsUTF8AndSize` (in the stable ABI from 3.10, exported by every
/// CPython 3 since 3.3) borrows the string's own UTF-8 instead: its ASCII data
/// directly, or the UTF-8 form CPython caches in the object. It is declared
/// here because the 3.9 ABI headers leave it out; Windows resolves imports
/// through `python3.dll`, whose 3.9 build does not export it, so Windows keeps
/// the portable path.
#[cfg(not(windows))]
#[allow(unsafe_code)]
pub(crate) fn utf8_bytes<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, [u8]>> {
    extern "C" {
        fn PyUnicode_AsUTF8AndSize(
            unicode: *mut pyo3::ffi::PyObject,
            size: *mut pyo3::ffi::Py_ssize_t,
        ) -> *const core::ffi::c_char;
    }
    let mut len: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str` (we hold a reference and the GIL), the
    // argument the function requires; `len` is a valid place for the length.
    let data = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut len) };
    if data.is_null() {
        // A lone surrogate: the `UnicodeEncodeError` it set is taken here.
        return Err(PyErr::fetch(s.py()));
    }
    let len = usize::try_from(len).map_err(|_| PyErr::fetch(s.py()))?;
    // SAFETY: on success the function returns a pointer to `len` bytes (the
    // string's UTF-8), owned by the `str` object and unchanged while it lives
    // (a `str` is immutable, its cached UTF-8 is freed only with it); the
    // borrow is tied to `s`, so the object outlives it.
    Ok(Cow::Borrowed(unsafe {
        core::slice::from_raw_parts(data.cast::<u8>(), len)
    }))
}

/// The UTF-8 bytes of a `str` (an error for a lone surrogate).
#[cfg(windows)]
pub(crate) fn utf8_bytes<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, [u8]>> {
    Ok(match s.to_cow()? {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    })
}

/// The UTF-8 text of a `str` (an error for a lone surrogate).
pub(crate) fn utf8<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    let invalid =
        |e: core::str::Utf8Error| pyo3::exceptions::PyUnicodeError::new_err(e.to_string());
    Ok(match utf8_bytes(s)? {
        Cow::Borrowed(b) => Cow::Borrowed(core::str::from_utf8(b).map_err(invalid)?),
        Cow::Owned(b) => Cow::Owned(String::from_utf8(b).map_err(|e| invalid(e.utf8_error()))?),
    })
}

pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

// ---- mapping -> JSON, the fast writer ----------------------------------------------

/// Why the fast writer stopped: something it does not take (see the module
/// docs). The general writer then writes the body from the start.
struct Slow;

/// Writes a value of the exact built-in JSON types, as the general writer
/// writes it ([`write_value`]).
///
/// It runs no Python code: type tests by identity, `PyDict_Next`,
/// `PyList_GetItem`, `PyTuple_GetItem`, `PyLong_AsLongLongAndOverflow` on an
/// exact `int` and [`utf8_bytes`] on an exact `str` call nothing a user
/// defines, and create no object the garbage collector tracks (the UTF-8
/// form cached in a `str` is plain memory; on Windows, a `bytes` object, not
/// tracked either), so no finaliser can run either. With the GIL held
/// throughout, no other thread runs Python code meanwhile. So the containers
/// cannot change while they are walked, and the references they lend stay
/// valid without being counted. The one exception (a lone surrogate's
/// `UnicodeEncodeError`) is taken and the walk stops at once: after it, no
/// borrowed reference is used again.
fn fast_value(
    obj: &Bound<'_, PyAny>,
    out: &mut Vec<u8>,
    depth: usize,
) -> core::result::Result<(), Slow> {
    if let Ok(s) = obj.cast_exact::<PyString>() {
        let text = utf8_bytes(s).map_err(|_| Slow)?;
        write_str(&text, out);
    } else if let Ok(i) = obj.cast_exact::<PyInt>() {
        let v = exact_i64(i).ok_or(Slow)?;
        write_decimal(v.unsigned_abs(), v < 0, out);
    } else if let Ok(d) = obj.cast_exact::<PyDict>() {
        fast_dict(d, out, depth)?;
    } else if let Ok(l) = obj.cast_exact::<PyList>() {
        fast_list(l, out, depth)?;
    } else if obj.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(b) = obj.cast_exact::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
    } else if let Ok(t) = obj.cast_exact::<PyTuple>() {
        fast_tuple(t, out, depth)?;
    } else {
        return Err(Slow);
    }
    Ok(())
}

/// An exact `int`'s value, or `None` beyond 64 bits (written by the general
/// writer). No exception is raised for an overflow.
#[allow(unsafe_code)]
pub(crate) fn exact_i64(i: &Bound<'_, PyInt>) -> Option<i64> {
    let mut overflow: core::ffi::c_int = 0;
    // SAFETY: `i` is a live `int` (we hold a reference and the GIL), of the
    // exact type, so no `__index__` is called; `overflow` is a valid place
    // for the flag.
    let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(i.as_ptr(), &mut overflow) };
    if overflow != 0 || (v == -1 && PyErr::take(i.py()).is_some()) {
        return None;
    }
    Some(v)
}

/// A `dict` of the exact type, walked with `PyDict_Next`'s borrowed
/// references (see [`fast_value`]); its keys must be exact `str`.
#[allow(unsafe_code)]
fn fast_dict(
    d: &Bound<'_, PyDict>,
    out: &mut Vec<u8>,
    depth: usize,
) -> core::result::Result<(), Slow> {
    if depth >= DEFAULT_MAX_DEPTH {
        return Err(Slow);
    }
    let py = d.py();
    out.push(b'{');
    let mut pos: ffi::Py_ssize_t = 0;
    let mut key: *mut ffi::PyObject = core::ptr::null_mut();
    let mut value: *mut ffi::PyObject = core::ptr::null_mut();
    let mut first = true;
    // SAFETY: `d` is a live `dict` (we hold a reference and the GIL); `pos`,
    // `key` and `value` are valid places for what `PyDict_Next` writes.
    while unsafe { ffi::PyDict_Next(d.as_ptr(), &mut pos, &mut key, &mut value) } != 0 {
        // SAFETY: `PyDict_Next` returned true: `key` and `value` are
        // non-null references lent by the dict, which outlives this walk and
        // does not change during it (no Python code runs: see `fast_value`).
        let (key, value) = unsafe { (Borrowed::from_ptr(py, key), Borrowed::from_ptr(py, value)) };
        let key = key.cast_exact::<PyString>().map_err(|_| Slow)?;
        let key = utf8_bytes(&key).map_err(|_| Slow)?;
        if !first {
            out.push(b',');
        }
        first = false;
        write_str(&key, out);
        out.push(b':');
        fast_value(&value, out, depth + 1)?;
    }
    out.push(b'}');
    Ok(())
}

/// A `list` of the exact type, its items borrowed (see [`fast_value`]).
#[allow(unsafe_code)]
fn fast_list(
    l: &Bound<'_, PyList>,
    out: &mut Vec<u8>,
    depth: usize,
) -> core::result::Result<(), Slow> {
    if depth >= DEFAULT_MAX_DEPTH {
        return Err(Slow);
    }
    let py = l.py();
    out.push(b'[');
    // The list cannot change during the walk (see `fast_value`): its length
    // is read once.
    for n in 0..l.len() {
        let n = ffi::Py_ssize_t::try_from(n).map_err(|_| Slow)?;
        // SAFETY: `l` is a live `list` (we hold a reference and the GIL) and
        // `n` is below its length, so `PyList_GetItem` lends the item (not
        // null): the list outlives this walk and does not change during it.
        let item = unsafe { Borrowed::from_ptr(py, ffi::PyList_GetItem(l.as_ptr(), n)) };
        if n > 0 {
            out.push(b',');
        }
        fast_value(&item, out, depth + 1)?;
    }
    out.push(b']');
    Ok(())
}

/// A `tuple` of the exact type, its items borrowed (see [`fast_value`]).
#[allow(unsafe_code)]
fn fast_tuple(
    t: &Bound<'_, PyTuple>,
    out: &mut Vec<u8>,
    depth: usize,
) -> core::result::Result<(), Slow> {
    if depth >= DEFAULT_MAX_DEPTH {
        return Err(Slow);
    }
    let py = t.py();
    out.push(b'[');
    for n in 0..t.len() {
        let n = ffi::Py_ssize_t::try_from(n).map_err(|_| Slow)?;
        // SAFETY: `t` is a live `tuple` (immutable; we hold a reference and
        // the GIL) and `n` is below its length, so `PyTuple_GetItem` lends
        // the item (not null), alive as long as the tuple.
        let item = unsafe { Borrowed::from_ptr(py, ffi::PyTuple_GetItem(t.as_ptr(), n)) };
        if n > 0 {
            out.push(b',');
        }
        fast_value(&item, out, depth + 1)?;
    }
    out.push(b']');
    Ok(())
}

// ---- mapping -> JSON, the general writer -----------------------------------------

pub(crate) fn unsupported(what: String) -> Failure {
    Failure::BodyType {
        path: String::new(),
        what,
        cause: None,
    }
}

/// Writes one value as compact JSON (`json.dumps(v, separators=(",", ":"),
/// ensure_ascii=False)` for every value both accept).
///
/// The exact built-in types (what a decoded or hand-written request holds)
/// are tested first by type identity; subclasses (a `str` enum member, an
/// `IntEnum`, a `bool`, an `OrderedDict`, ...) take the general path below,
/// which follows the `json` module's order of checks.
fn write_value(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>, depth: usize) -> Result<()> {
    if let Ok(s) = obj.cast_exact::<PyString>() {
        return write_py_str(s, out);
    }
    if let Ok(i) = obj.cast_exact::<PyInt>() {
        return write_int(i, out);
    }
    if let Ok(d) = obj.cast_exact::<PyDict>() {
        return write_dict(d, out, depth);
    }
    write_value_slow(obj, out, depth)
}

fn write_value_slow(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>, depth: usize) -> Result<()> {
    if obj.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(b) = obj.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
    } else if let Ok(s) = obj.cast::<PyString>() {
        write_py_str(s, out)?;
    } else if let Ok(i) = obj.cast::<PyInt>() {
        write_int(i, out)?;
    } else if obj.cast::<PyFloat>().is_ok() {
        return Err(unsupported(
            "float values are not allowed in a request (amounts are integers of minor units)"
                .to_owned(),
        ));
    } else if let Ok(d) = obj.cast::<PyDict>() {
        write_dict(d, out, depth)?;
    } else if let Ok(l) = obj.cast::<PyList>() {
        enter(depth)?;
        out.push(b'[');
        for (n, v) in l.iter().enumerate() {
            write_element(n, &v, out, depth)?;
        }
        out.push(b']');
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        enter(depth)?;
        out.push(b'[');
        for (n, v) in t.iter().enumerate() {
            write_element(n, &v, out, depth)?;
        }
        out.push(b']');
    } else if let Ok(m) = obj.cast::<PyMapping>() {
        enter(depth)?;
        let py = obj.py();
        let items = m
            .items()
            .map_err(|e| Failure::unreadable(py, e, "the mapping's items()"))?;
        out.push(b'{');
        for (n, item) in items.iter().enumerate() {
            let (k, v) = item
                .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
                .map_err(|e| Failure::unreadable(py, e, "an item of the mapping's items()"))?;
            write_member(n, &k, &v, out, depth)?;
        }
        out.push(b'}');
    } else {
        return Err(unsupported(format!(
            "{} values are not allowed in a request",
            type_name(obj)
        )));
    }
    Ok(())
}

/// A `dict`'s members are taken first, then written: writing a value can run
/// Python code (a user mapping's `items()`, an ABC check), which could change
/// this very `dict`, and a `dict` changed under a live iterator makes PyO3
/// panic. The snapshot costs one small allocation per `dict`.
fn write_dict(d: &Bound<'_, PyDict>, out: &mut Vec<u8>, depth: usize) -> Result<()> {
    enter(depth)?;
    let members: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = d.iter().collect();
    out.push(b'{');
    for (n, (k, v)) in members.iter().enumerate() {
        write_member(n, k, v, out, depth)?;
    }
    out.push(b'}');
    Ok(())
}

fn write_py_str(s: &Bound<'_, PyString>, out: &mut Vec<u8>) -> Result<()> {
    let text = utf8_bytes(s).map_err(|_| Error::LoneSurrogate { offset: out.len() })?;
    write_str(&text, out);
    Ok(())
}

/// Bits of the largest integer whose digits are written: any integer of more
/// bits is at least 2^1024, beyond the range of a 64-bit float, which the
/// engine refuses for every number literal (`NUMBER_OUT_OF_RANGE`).
pub(crate) const MAX_INT_BITS: u64 = 1024;

/// An `int` in decimal, as `json` writes it, from its value: an `int`
/// subclass's `__index__`, `__int__`, `__str__`, `__repr__` or `__format__`
/// is never called (`PyLong_AsLongLong` and the unbound `int` methods read
/// the value itself).
fn write_int(i: &Bound<'_, PyInt>, out: &mut Vec<u8>) -> Result<()> {
    if let Ok(v) = i.extract::<i64>() {
        write_decimal(v.unsigned_abs(), v < 0, out);
    } else if let Ok(v) = i.extract::<u64>() {
        write_decimal(v, false, out);
    } else {
        // Beyond 64 bits (ambiguous data: refused unless the caller opted
        // in, then signed the way PHP prints a float). Past 2^1024 the
        // engine would refuse the literal whatever its digits, so they are
        // not made: an integer too long for CPython's `int` to `str` limit
        // (`sys.set_int_max_str_digits`) is this error too, never the
        // `ValueError` of the conversion.
        let py = i.py();
        let int = py.get_type::<PyInt>();
        let bits: u64 = int
            .call_method1(pyo3::intern!(py, "bit_length"), (i,))
            .and_then(|b| b.extract())
            .map_err(|e| Failure::unreadable(py, e, "int.bit_length()"))?;
        if bits > MAX_INT_BITS {
            return Err(Error::NumberOutOfRange { offset: out.len() }.into());
        }
        // At most 309 digits: within every `int` to `str` limit (640 at least).
        let digits = int
            .call_method1(pyo3::intern!(py, "__repr__"), (i,))
            .and_then(|d| d.cast_into::<PyString>().map_err(PyErr::from))
            .map_err(|e| Failure::unreadable(py, e, "int.__repr__()"))?;
        out.extend_from_slice(&utf8_bytes(&digits)?);
    }
    Ok(())
}

/// `magnitude` in decimal, after a `-` if `negative`; no allocation.
pub(crate) fn write_decimal(mut magnitude: u64, negative: bool, out: &mut Vec<u8>) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        // `magnitude % 10` is below 10: the cast cannot truncate.
        #[allow(clippy::cast_possible_truncation)]
        let digit = (magnitude % 10) as u8;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + digit;
        }
        magnitude /= 10;
        if magnitude == 0 {
            break;
        }
    }
    if negative {
        out.push(b'-');
    }
    out.extend_from_slice(digits.get(at..).unwrap_or(&[]));
}

/// Stops runaway nesting (and reference cycles) at the engine's depth limit
/// (the mapping's path is added while the writer unwinds).
pub(crate) fn enter(depth: usize) -> Result<()> {
    if depth >= DEFAULT_MAX_DEPTH {
        let err = Error::TooDeep { offset: 0 };
        return Err(Failure::Mapping {
            err,
            what: format!("{}: {}", err.as_str(), crate::document::DEPTH_NOTE),
            path: String::new(),
        });
    }
    Ok(())
}

fn write_member(
    n: usize,
    key: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<()> {
    let Ok(key) = key.cast::<PyString>() else {
        return Err(unsupported(format!(
            "keys must be str, not {} ({})",
            type_name(key),
            key.repr()
                .map_or_else(|_| "?".to_owned(), |r| r.to_string())
        )));
    };
    let key = utf8_bytes(key).map_err(|_| Error::LoneSurrogate { offset: out.len() })?;
    if n > 0 {
        out.push(b',');
    }
    write_str(&key, out);
    out.push(b':');
    write_value(value, out, depth + 1).map_err(|f| f.within(&String::from_utf8_lossy(&key)))
}

fn write_element(
    n: usize,
    value: &Bound<'_, PyAny>,
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<()> {
    if n > 0 {
        out.push(b',');
    }
    write_value(value, out, depth + 1).map_err(|f| f.within(&n.to_string()))
}

/// Whether a JSON string must escape the byte: `"`, `\` and the control
/// characters.
const fn needs_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// A JSON string from UTF-8 bytes: `"` and `\` escaped, control characters
/// as the `json` module writes them, everything else (non-ASCII included)
/// copied as is.
pub(crate) fn write_str(bytes: &[u8], out: &mut Vec<u8>) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Most strings escape nothing: one test of all their bytes, then one copy.
    if escapes_any(bytes) {
        write_escaped(bytes, out);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// Whether any byte [`needs_escape`], tested eight bytes at a time.
fn escapes_any(bytes: &[u8]) -> bool {
    /// Each byte of `x` with its top bit set if it needs an escape. The
    /// classic zero-byte tests: `(x - 0x01…) & !x & 0x80…` is nonzero exactly
    /// when a byte of `x` is 0 (a borrow can only mark bytes above a zero
    /// one), and likewise `(x - 0x20…) & !x & 0x80…` for a byte below 0x20.
    const fn flags(x: u64) -> u64 {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let quote = x ^ (ONES * 0x22);
        let backslash = x ^ (ONES * 0x5c);
        ((x.wrapping_sub(ONES * 0x20) & !x)
            | (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash))
            & HIGH
    }
    /// Eight bytes as a word (any byte order does: only the flags matter).
    fn word(eight: &[u8]) -> u64 {
        <[u8; 8]>::try_from(eight).map_or(0, u64::from_ne_bytes)
    }
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| needs_escape(b));
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut dirty = 0;
    for eight in &mut chunks {
        dirty |= flags(word(eight));
    }
    if !chunks.remainder().is_empty() {
        // The last eight bytes, overlapping the last whole chunk.
        dirty |= flags(word(bytes.get(bytes.len() - 8..).unwrap_or_default()));
    }
    dirty != 0
}

/// The inside of a JSON string that escapes something (see [`write_str`]).
fn write_escaped(bytes: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !needs_escape(b) {
            continue;
        }
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => b"",
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

// ---- secrets ---------------------------------------------------------------------

/// The bytes of a secret: borrowed from `bytes`, or a copy that is wiped on drop.
pub(crate) enum Secret<'a> {
    Borrowed(&'a [u8]),
    Owned(Zeroizing<Vec<u8>>),
}

impl core::ops::Deref for Secret<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Secret::Borrowed(b) => b,
            Secret::Owned(v) => v,
        }
    }
}

/// The secret's bytes (UTF-8 for a `str`).
pub(crate) fn secret<'a>(obj: &'a Bound<'_, PyAny>) -> Result<Secret<'a>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Secret::Borrowed(b.as_bytes()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        // `to_vec` allocates exactly its length: the one copy, wiped on drop.
        return Ok(Secret::Owned(Zeroizing::new(b.to_vec())));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return str_secret(s).map(Secret::Owned);
    }
    Err(Failure::ArgumentType(format!(
        "secret must be str, bytes or bytearray, not {}",
        type_name(obj)
    )))
}

/// UTF-8 of a `str` secret, without a temporary Python `bytes` object (which
/// could not be wiped): the code points are copied with `PyUnicode_AsUCS4`
/// into a Rust buffer, encoded into another, and both are wiped on drop.
#[allow(unsafe_code)]
fn str_secret(s: &Bound<'_, PyString>) -> Result<Zeroizing<Vec<u8>>> {
    let chars = s.len()?;
    let mut ucs4: Zeroizing<Vec<u32>> = Zeroizing::new(vec![0u32; chars]);
    if chars > 0 {
        let buflen =
            pyo3::ffi::Py_ssize_t::try_from(chars).map_err(|_| Failure::Core(Error::TooLarge))?;
        // SAFETY: `s` is a live `str` (we hold a reference and the GIL);
        // `ucs4` is a writable buffer of exactly `chars` elements, the
        // string's length in code points, and `buflen` says so; `copy_null`
        // is 0, so nothing is written past those `chars` elements.
        let written =
            unsafe { pyo3::ffi::PyUnicode_AsUCS4(s.as_ptr(), ucs4.as_mut_ptr(), buflen, 0) };
        if written.is_null() {
            return Err(PyErr::fetch(s.py()).into());
        }
    }
    // At most 4 bytes per code point: reserved up front so the buffer never
    // reallocates (a reallocation would leave an unwiped copy behind).
    let mut utf8 = Zeroizing::new(Vec::with_capacity(chars * 4));
    let mut tmp = [0u8; 4];
    for &c in ucs4.iter() {
        let c = char::from_u32(c).ok_or(Failure::SecretNotUnicode)?;
        utf8.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
    }
    tmp.zeroize();
    Ok(utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-at-a-time definition `escapes_any` must agree with.
    fn escapes_any_slowly(bytes: &[u8]) -> bool {
        bytes.iter().any(|&b| needs_escape(b))
    }

    #[test]
    fn the_word_test_finds_every_byte_that_needs_an_escape() {
        // Every byte value at every position of strings of 0 to 24 bytes,
        // the others clean ASCII, clean UTF-8 or the bytes next to the
        // escaped ones (0x1f, 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xff).
        for fill in [b'a', 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xc3, 0xff] {
            for len in 0..=24 {
                let clean = vec![fill; len];
                assert!(!escapes_any(&clean), "{fill:#x} x {len}");
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut s = clean.clone();
                        s[at] = b;
                        assert_eq!(
                            escapes_any(&s),
                            escapes_any_slowly(&s),
                            "byte {b:#x} at {at} of {len} ({fill:#x})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn strings_are_written_as_the_json_module_writes_them() {
        let cases: [(&str, &str); 8] = [
            ("", r#""""#),
            ("plain ascii text", r#""plain ascii text""#),
            ("é ü 中文 🔑", r#""é ü 中文 🔑""#),
            (
                "quote \" backslash \\ slash /",
                r#""quote \" backslash \\ slash /""#,
            ),
            ("\n\r\t\u{8}\u{c}", r#""\n\r\t\b\f""#),
            ("\0\u{1}\u{1f} \u{7f}", "\"\\u0000\\u0001\\u001f \u{7f}\""),
            (
                "a long string of clean bytes, then \"",
                r#""a long string of clean bytes, then \"""#,
            ),
            (
                "\"a long string of clean bytes after",
                r#""\"a long string of clean bytes after""#,
            ),
        ];
        for (text, json) in cases {
            let mut out = Vec::new();
            write_str(text.as_bytes(), &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), json, "{text:?}");
        }
    }
}
