//! Type conversion from Python arguments: bodies, mappings and secrets.
//!
//! A body is `bytes` (borrowed, never copied), `bytearray` or `str` (copied
//! once), or a mapping, which is written here to compact JSON bytes with the
//! `json` module's value rules (no detour through `json.dumps`, which alone
//! costs more than a whole signature). The engine then does all the work on
//! those bytes, exactly as if the caller had passed them.
//!
//! A secret is `bytes` (borrowed), `bytearray` or `str`; the copies of the
//! last two live in [`Zeroizing`] buffers, wiped when the call ends.

use std::borrow::Cow;

use monetix_gate::limits::DEFAULT_MAX_DEPTH;
use monetix_gate::Error;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple,
};
use zeroize::{Zeroize, Zeroizing};

use crate::errors::{Failure, Result};

/// The bytes of a body argument.
pub(crate) fn body<'a>(obj: &'a Bound<'_, PyAny>) -> Result<Cow<'a, [u8]>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return utf8_bytes(s).map_err(|_| Failure::BodyNotUnicode);
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Cow::Owned(b.to_vec()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        // One buffer, sized for a typical request so it rarely grows.
        let mut out = Vec::with_capacity(1024);
        write_dict(d, &mut out, 0)?;
        return Ok(Cow::Owned(out));
    }
    if obj.cast::<PyMapping>().is_ok() {
        let mut out = Vec::with_capacity(1024);
        write_value(obj, &mut out, 0)?;
        return Ok(Cow::Owned(out));
    }
    Err(Failure::ArgumentType(format!(
        "body must be bytes, bytearray, str or a mapping, not {}",
        type_name(obj)
    )))
}

/// The bytes of a body that must be verified as received (`bytes`,
/// `bytearray` or `str`: a signature covers the bytes that arrived, so a
/// mapping, which has lost them, is refused).
pub(crate) fn raw_body<'a>(obj: &'a Bound<'_, PyAny>) -> Result<Cow<'a, [u8]>> {
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

// ---- mapping -> JSON ----------------------------------------------------------

fn unsupported(what: String) -> Failure {
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
const MAX_INT_BITS: u64 = 1024;

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
fn write_decimal(mut magnitude: u64, negative: bool, out: &mut Vec<u8>) {
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
fn enter(depth: usize) -> Result<()> {
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

/// Bytes that a JSON string must escape: `"`, `\` and the control characters.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// A JSON string from UTF-8 bytes: `"` and `\` escaped, control characters
/// as the `json` module writes them, everything else (non-ASCII included)
/// copied as is.
fn write_str(bytes: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !NEEDS_ESCAPE[usize::from(b)] {
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
    out.push(b'"');
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
