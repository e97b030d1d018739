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
        return match s.to_cow().map_err(|_| Failure::BodyNotUnicode)? {
            Cow::Borrowed(s) => Ok(Cow::Borrowed(s.as_bytes())),
            Cow::Owned(s) => Ok(Cow::Owned(s.into_bytes())),
        };
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Cow::Owned(b.to_vec()));
    }
    if obj.cast::<PyDict>().is_ok() || obj.cast::<PyMapping>().is_ok() {
        let mut out = Vec::with_capacity(256);
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
    if obj.cast::<PyDict>().is_ok() || obj.cast::<PyMapping>().is_ok() {
        return Err(Failure::ArgumentType(
            "a signed body must be the bytes or str that arrived, not a mapping".to_owned(),
        ));
    }
    body(obj)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

// ---- mapping -> JSON ----------------------------------------------------------

fn unsupported(what: String) -> Failure {
    Failure::BodyType {
        path: String::new(),
        what,
    }
}

/// Writes one value as compact JSON (`json.dumps(v, separators=(",", ":"),
/// ensure_ascii=False)` for every value both accept).
fn write_value(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>, depth: usize) -> Result<()> {
    if obj.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(b) = obj.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
    } else if let Ok(s) = obj.cast::<PyString>() {
        let text = s
            .to_cow()
            .map_err(|_| Error::LoneSurrogate { offset: out.len() })?;
        write_str(&text, out);
    } else if let Ok(i) = obj.cast::<PyInt>() {
        if let Ok(v) = i.extract::<i64>() {
            out.extend_from_slice(v.to_string().as_bytes());
        } else if let Ok(v) = i.extract::<u64>() {
            out.extend_from_slice(v.to_string().as_bytes());
        } else {
            // Beyond 64 bits: the exact decimal digits, as `json` writes them
            // (the engine signs such a number the way PHP prints a float).
            let digits = i.call_method0("__index__")?.str()?;
            out.extend_from_slice(digits.to_cow()?.as_bytes());
        }
    } else if obj.cast::<PyFloat>().is_ok() {
        return Err(unsupported(
            "float values are not allowed in a request (amounts are integers of minor units)"
                .to_owned(),
        ));
    } else if let Ok(d) = obj.cast::<PyDict>() {
        enter(depth, out)?;
        out.push(b'{');
        for (n, (k, v)) in d.iter().enumerate() {
            write_member(n, &k, &v, out, depth)?;
        }
        out.push(b'}');
    } else if let Ok(l) = obj.cast::<PyList>() {
        enter(depth, out)?;
        out.push(b'[');
        for (n, v) in l.iter().enumerate() {
            write_element(n, &v, out, depth)?;
        }
        out.push(b']');
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        enter(depth, out)?;
        out.push(b'[');
        for (n, v) in t.iter().enumerate() {
            write_element(n, &v, out, depth)?;
        }
        out.push(b']');
    } else if let Ok(m) = obj.cast::<PyMapping>() {
        enter(depth, out)?;
        out.push(b'{');
        for (n, item) in m.items()?.iter().enumerate() {
            let (k, v) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?;
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

/// Stops runaway nesting (and reference cycles) at the engine's depth limit.
fn enter(depth: usize, out: &[u8]) -> Result<()> {
    if depth >= DEFAULT_MAX_DEPTH {
        return Err(Error::TooDeep { offset: out.len() }.into());
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
    let key = key
        .to_cow()
        .map_err(|_| Error::LoneSurrogate { offset: out.len() })?;
    if n > 0 {
        out.push(b',');
    }
    write_str(&key, out);
    out.push(b':');
    write_value(value, out, depth + 1).map_err(|f| f.within(&key))
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

/// A JSON string: `"` and `\` escaped, control characters as the `json`
/// module writes them, everything else (non-ASCII included) as UTF-8.
fn write_str(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => b"",
            _ => continue,
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
