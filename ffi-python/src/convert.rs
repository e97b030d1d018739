//! Type conversion from Python arguments: bodies, mappings and secrets.
//!
//! A body is `bytes` (borrowed, never copied), `bytearray` or `str` (copied
//! once), or a mapping. `sign` and `canonical` sign a mapping's values
//! without any JSON (`values.rs`); the calls that return JSON
//! (`sign_body`, `sign_as_platform`) take its compact JSON bytes, written
//! from the same reading of the mapping (`values::write_mapping`: one
//! reader holds every rule of what a mapping means, and its errors), into a
//! buffer kept by the thread between calls ([`Body`]).
//!
//! A secret is `bytes` (borrowed), `bytearray` or `str`; the copies of the
//! last two live in [`Zeroizing`] buffers, wiped when the call ends.

use core::cell::Cell;
use std::borrow::Cow;

use monetix_gate::limits::DEFAULT_MAX_DEPTH;
use monetix_gate::Error;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyInt, PyMapping, PyString};
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
    let mut out = Written::take();
    if crate::values::write_mapping(obj, &mut out.0)? {
        return Ok(Body::Written(out));
    }
    if obj.cast::<PyMapping>().is_ok() {
        // A `Mapping` that is also a list, a string, a number: not a JSON
        // object (`values::read` leaves it out).
        return Err(Failure::Core(Error::NotAnObject));
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

// ---- helpers of the mapping reader (`values.rs`) ----------------------------------

/// An exact `int`'s value, or `None` beyond 64 bits (read by the general
/// reader). No exception is raised for an overflow.
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

/// A value the mapping reader does not take (`BodyTypeError`).
pub(crate) fn unsupported(what: String) -> Failure {
    Failure::BodyType {
        path: String::new(),
        what,
        cause: None,
    }
}

/// Bits of the largest integer whose digits are written: any integer of more
/// bits is at least 2^1024, beyond the range of a 64-bit float, which the
/// engine refuses for every number literal (`NUMBER_OUT_OF_RANGE`).
pub(crate) const MAX_INT_BITS: u64 = 1024;

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
