//! Turning C pointers into Rust slices, written once: the NULL policy, the
//! "`len == 0` may come with NULL" rule, the size query, and the one place
//! a text argument is checked for UTF-8.
//!
//! The functions are `unsafe`: the caller (an export) promises that the
//! pointers satisfy the API contract, and says so in a `// SAFETY:` comment.

use core::ffi::c_char;
use core::marker::PhantomData;
use core::ptr::NonNull;

use crate::status::mnx_status;

/// A string borrowed as pointer + length: UTF-8, **not** NUL-terminated.
///
/// Every string the C API takes inside a struct, and every string it hands
/// back (field paths, reasons, callback values), is an `mnx_str`. For a
/// string literal, `MNX_STR("text")` (in the header) fills both members.
/// `{ NULL, 0 }` is the empty string; in an *optional* field it means
/// "absent".
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_str {
    /// First byte (may be NULL when `len` is 0).
    pub ptr: *const c_char,
    /// Length in bytes, without any terminator.
    pub len: usize,
}

impl mnx_str {
    /// `{ NULL, 0 }`.
    pub(crate) const EMPTY: mnx_str = mnx_str {
        ptr: core::ptr::null(),
        len: 0,
    };

    /// Borrows a Rust string (static or borrowed from the caller's input).
    pub(crate) const fn from_str(s: &str) -> mnx_str {
        mnx_str {
            ptr: s.as_ptr().cast(),
            len: s.len(),
        }
    }

    /// Whether this is `{ NULL, 0 }` (an absent optional field).
    pub(crate) fn is_absent(&self) -> bool {
        self.ptr.is_null() && self.len == 0
    }
}

/// Input bytes `ptr, len` as a slice. `len == 0` may come with a NULL `ptr`.
///
/// # Safety
/// If `ptr` is non-NULL it must point to `len` readable bytes that stay
/// valid and unmodified for `'a`.
pub(crate) unsafe fn input<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], mnx_status> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(mnx_status::NullArgument);
    }
    if len > isize::MAX as usize {
        return Err(mnx_status::InvalidArgument);
    }
    // SAFETY: non-NULL, `len` bytes readable for `'a` (the function's
    // contract), `len <= isize::MAX`; `u8` has no alignment or validity rules.
    Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// A text input: bytes as [`input`], then checked to be UTF-8
/// (`MNX_STATUS_INVALID_UTF8` otherwise).
///
/// # Safety
/// As [`input`].
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize) -> Result<&'a str, mnx_status> {
    // SAFETY: forwarded contract of this function.
    let bytes = unsafe { input(ptr.cast(), len) }?;
    core::str::from_utf8(bytes).map_err(|_| mnx_status::InvalidUtf8)
}

/// A required `mnx_str` field.
///
/// # Safety
/// `s.ptr` must satisfy [`input`]'s contract for `s.len`.
pub(crate) unsafe fn str_field<'a>(s: mnx_str) -> Result<&'a str, mnx_status> {
    // SAFETY: forwarded contract of this function.
    unsafe { text(s.ptr, s.len) }
}

/// An optional `mnx_str` field: `{ NULL, 0 }` is `None`; `{ ptr, 0 }` with a
/// non-NULL pointer is the empty string (which validation then reports).
///
/// # Safety
/// As [`str_field`].
pub(crate) unsafe fn opt_field<'a>(s: mnx_str) -> Result<Option<&'a str>, mnx_status> {
    if s.is_absent() {
        return Ok(None);
    }
    // SAFETY: forwarded contract of this function.
    unsafe { str_field(s) }.map(Some)
}

/// A range of the caller's memory (addresses only, never dereferenced), for
/// the overlap checks of outputs against inputs and other outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// The bytes of a slice.
    pub(crate) fn of(bytes: &[u8]) -> Span {
        let r = bytes.as_ptr_range();
        Span {
            start: r.start as usize,
            end: r.end as usize,
        }
    }

    /// `len` bytes at `p` (saturating: a range past the end of the address
    /// space is cut there).
    pub(crate) fn raw<T>(p: *const T, len: usize) -> Span {
        let start = p as usize;
        Span {
            start,
            end: start.saturating_add(len),
        }
    }

    /// The bytes of one `T` at `p`.
    pub(crate) fn of_ptr<T>(p: *const T) -> Span {
        Span::raw(p, core::mem::size_of::<T>())
    }

    /// Whether the two ranges share a byte (an empty range shares none).
    pub(crate) fn overlaps(self, other: Span) -> bool {
        self.start < self.end
            && other.start < other.end
            && self.start < other.end
            && other.start < self.end
    }
}

/// `MNX_STATUS_INVALID_ARGUMENT` if `span` overlaps any of `others`.
pub(crate) fn apart(span: Span, others: &[Span]) -> Result<(), mnx_status> {
    if others.iter().any(|o| span.overlaps(*o)) {
        return Err(mnx_status::InvalidArgument);
    }
    Ok(())
}

/// An output buffer `out, out_cap`. `out == NULL && out_cap == 0` is the
/// size query and gives an empty slice; NULL with a capacity is an error.
/// A buffer that overlaps any of `others` (the inputs, the signer, the
/// other outputs) is refused (`MNX_STATUS_INVALID_ARGUMENT`) before a `&mut`
/// to it exists: Rust may not hold a `&mut` and a `&` to the same bytes, and
/// the engine reads its input while it writes.
///
/// # Safety
/// If `out` is non-NULL it must point to `out_cap` writable bytes, valid for
/// `'a`, and not otherwise accessed while the slice lives.
pub(crate) unsafe fn output<'a>(
    out: *mut u8,
    out_cap: usize,
    others: &[Span],
) -> Result<&'a mut [u8], mnx_status> {
    if out.is_null() {
        return if out_cap == 0 {
            Ok(&mut [])
        } else {
            Err(mnx_status::NullArgument)
        };
    }
    if out_cap == 0 {
        return Ok(&mut []);
    }
    if out_cap > isize::MAX as usize {
        return Err(mnx_status::InvalidArgument);
    }
    apart(Span::raw(out, out_cap), others)?;
    // SAFETY: non-NULL, `out_cap` writable bytes for `'a` and otherwise
    // unaccessed (the function's contract), `out_cap <= isize::MAX`, and
    // disjoint from every input and other output (checked just above).
    Ok(unsafe { core::slice::from_raw_parts_mut(out, out_cap) })
}

/// A required out-parameter: a checked, non-NULL, aligned pointer that is
/// only ever written (never read, never turned into a reference: the C
/// memory behind it may hold anything, such as an invalid enum value).
pub(crate) struct Out<'a, T> {
    ptr: NonNull<T>,
    _life: PhantomData<&'a mut T>,
}

impl<T> Out<'_, T> {
    /// The bytes the out-parameter covers.
    pub(crate) fn span(&self) -> Span {
        Span::of_ptr(self.ptr.as_ptr())
    }

    /// `MNX_STATUS_INVALID_ARGUMENT` if the out-parameter overlaps any of
    /// `others` (an input it would be written into, another output).
    pub(crate) fn apart(self, others: &[Span]) -> Result<Self, mnx_status> {
        apart(self.span(), others)?;
        Ok(self)
    }

    /// Writes the value (without reading or dropping what was there).
    pub(crate) fn set(self, value: T) {
        // SAFETY: `ptr` is non-NULL and aligned (checked in `out_param`),
        // and valid for writes of a `T` by `out_param`'s contract.
        unsafe { self.ptr.as_ptr().write(value) }
    }
}

/// A required out-parameter pointer (`MNX_STATUS_NULL_ARGUMENT` if NULL,
/// `MNX_STATUS_INVALID_ARGUMENT` if misaligned).
///
/// # Safety
/// If non-NULL, `p` must be valid for writes of a `T` for `'a`.
pub(crate) unsafe fn out_param<'a, T>(p: *mut T) -> Result<Out<'a, T>, mnx_status> {
    let ptr = NonNull::new(p).ok_or(mnx_status::NullArgument)?;
    if !p.is_aligned() {
        return Err(mnx_status::InvalidArgument);
    }
    Ok(Out {
        ptr,
        _life: PhantomData,
    })
}

/// An optional out-parameter (`out_field`): NULL is `None`.
///
/// # Safety
/// As [`out_param`].
pub(crate) unsafe fn opt_out_param<'a, T>(p: *mut T) -> Result<Option<Out<'a, T>>, mnx_status> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { out_param(p) }.map(Some)
}

/// A required input struct pointer as `&T`.
///
/// # Safety
/// If non-NULL, `p` must point to a valid, initialised `T` that stays
/// unmodified for `'a`.
pub(crate) unsafe fn in_param<'a, T>(p: *const T) -> Result<&'a T, mnx_status> {
    if !p.is_null() && !p.is_aligned() {
        return Err(mnx_status::InvalidArgument);
    }
    // SAFETY: forwarded contract; aligned (checked); `as_ref` checks NULL.
    unsafe { p.as_ref() }.ok_or(mnx_status::NullArgument)
}

/// A caller array `out, out_cap` of `T` to fill with `items` (all or
/// nothing). `out == NULL && out_cap == 0` is the size query. Elements are
/// written with `ptr::write`, never read.
///
/// # Safety
/// If `out` is non-NULL it must be aligned and valid for writes of `out_cap`
/// elements of `T`.
pub(crate) unsafe fn write_items<T>(
    out: *mut T,
    out_cap: usize,
    items: impl ExactSizeIterator<Item = T>,
    out_len: Out<'_, usize>,
) -> Result<(), mnx_status> {
    if out.is_null() && out_cap != 0 {
        return Err(mnx_status::NullArgument);
    }
    if !out.is_null() && !out.is_aligned() {
        return Err(mnx_status::InvalidArgument);
    }
    let n = items.len();
    if n > out_cap {
        out_len.set(n);
        return Err(mnx_status::BufferTooSmall);
    }
    for (i, item) in items.enumerate() {
        // SAFETY: `i < n <= out_cap` and `out` is non-NULL here (a NULL `out`
        // has `out_cap == 0`, so `n == 0` and the loop does not run); the
        // element is in bounds of the caller's array (contract).
        unsafe { out.add(i).write(item) };
    }
    out_len.set(n);
    Ok(())
}

/// Ends an export that produced `len` bytes (or failed with `needed`):
/// writes `*out_len` (the length, or the size needed for
/// `BufferTooSmall`: the one error that writes an out-parameter).
pub(crate) fn finish(
    res: Result<usize, monetix_gate::Error>,
    out_len: Out<'_, usize>,
) -> Result<(), mnx_status> {
    match res {
        Ok(n) => {
            out_len.set(n);
            Ok(())
        }
        Err(monetix_gate::Error::BufferTooSmall { needed }) => {
            out_len.set(needed);
            Err(mnx_status::BufferTooSmall)
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes the `Display` text of `value` (core's words: a violation, an
/// error) into `out`: measured first, so a buffer that is too small is
/// never written to (`Error::BufferTooSmall` with the exact size). Returns
/// the length.
pub(crate) fn display_into(
    value: &dyn core::fmt::Display,
    out: &mut [u8],
) -> Result<usize, monetix_gate::Error> {
    use core::fmt::Write;

    struct Count(usize);
    impl Write for Count {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            self.0 = self.0.saturating_add(s.len());
            Ok(())
        }
    }
    struct Fill<'o>(&'o mut [u8]);
    impl Write for Fill<'_> {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            let rest = core::mem::take(&mut self.0);
            let (head, tail) = rest.split_at_mut_checked(s.len()).ok_or(core::fmt::Error)?;
            head.copy_from_slice(s.as_bytes());
            self.0 = tail;
            Ok(())
        }
    }

    let mut count = Count(0);
    // Writing to `Count` cannot fail; core's `Display`s only fail when the
    // writer does.
    let _ = write!(count, "{value}");
    let needed = count.0;
    let dst = out
        .get_mut(..needed)
        .ok_or(monetix_gate::Error::BufferTooSmall { needed })?;
    // The same text again (a `Display` gives the same text each time), into
    // exactly its length: it fits.
    let _ = write!(Fill(dst), "{value}");
    Ok(needed)
}
