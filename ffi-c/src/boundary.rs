//! The panic boundary: every exported function runs its body through
//! [`guard`] (or [`guard_output`]), so a panic never unwinds into C.
//!
//! Since Rust 1.81 an unwind reaching an `extern "C"` frame aborts the
//! process; catching it here turns it into `MNX_STATUS_PANIC` instead (or
//! the "empty" value of functions that return something else). The library
//! must be built with `panic = "unwind"` (the workspace's dev and release
//! profiles are); with `panic = "abort"` nothing could be caught.
//!
//! Each `extern "C" fn` signature is written out by hand and only its body
//! is wrapped: cbindgen does not expand macros, so a macro that *defined*
//! the exports would hide them from the header.
//!
//! The default panic hook still prints the panic message to stderr: the
//! library installs no hook of its own, because a hook is process-global
//! state and belongs to the application.

use core::ffi::c_char;
use core::panic::AssertUnwindSafe;
use std::panic::catch_unwind;

use crate::status::mnx_status;

/// What an export returns when its body panicked.
pub(crate) trait OnPanic {
    /// The value returned to C after a caught panic.
    fn on_panic() -> Self;
}

impl OnPanic for mnx_status {
    fn on_panic() -> Self {
        mnx_status::Panic
    }
}

impl OnPanic for bool {
    fn on_panic() -> Self {
        false
    }
}

impl OnPanic for *const c_char {
    /// Functions returning a static string never return NULL, not even after a panic.
    fn on_panic() -> Self {
        c"internal error: the library panicked (please report)".as_ptr()
    }
}

impl OnPanic for crate::slice::mnx_str {
    fn on_panic() -> Self {
        crate::slice::mnx_str::EMPTY
    }
}

impl OnPanic for () {
    fn on_panic() -> Self {}
}

impl OnPanic for usize {
    fn on_panic() -> Self {
        0
    }
}

/// Runs `f`, turning a panic into [`OnPanic::on_panic`].
///
/// `AssertUnwindSafe` is sound here: the library keeps no state between
/// calls (no globals, no caches), so nothing a panic interrupted is ever
/// observed again by Rust code. What the C caller may observe (an output
/// buffer) is handled by [`guard_output`].
pub(crate) fn guard<R: OnPanic>(f: impl FnOnce() -> R) -> R {
    let result = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| R::on_panic());
    burn_stack();
    result
}

/// Overwrites the stack the call just used, below this frame (defense in
/// depth: core already overwrites the frames of its HMAC key setup).
///
/// HMAC key setup (in `hmac`/`sha2`, under core) leaves the padded key block
/// in dead stack frames, and nothing in safe Rust can wipe a frame that has
/// returned. A frame of our own, as deep as those were, written with volatile
/// stores (`zeroize`), overwrites them before control returns to C
/// (`tests/hostile/stack_residue.c` checks it). 24 KiB covers the frames in
/// which keying runs (it comes before the 12 KiB value table is used) without
/// raising the stack a call needs above what the deepest calls already use
/// (a verified callback read peaks near 28 KiB); it costs 3,072 stores.
#[inline(never)]
pub(crate) fn burn_stack() {
    let mut area = [0u64; 3072];
    zeroize::Zeroize::zeroize(&mut area[..]);
    core::hint::black_box(&area);
}

/// [`guard`] for a function with an output buffer `out, out_cap`: after a
/// panic the buffer is zeroed, so a half-written output never reaches the
/// caller (the contract is "outputs are written only on success").
pub(crate) fn guard_output(
    out: *mut u8,
    out_cap: usize,
    f: impl FnOnce() -> mnx_status,
) -> mnx_status {
    guard(f).or_wipe(out, out_cap)
}

impl mnx_status {
    fn or_wipe(self, out: *mut u8, out_cap: usize) -> mnx_status {
        if self == mnx_status::Panic
            && !out.is_null()
            && out_cap > 0
            && out_cap <= isize::MAX as usize
        {
            // SAFETY: by the API contract a non-NULL `out` points to `out_cap`
            // writable bytes; the Rust borrow of it ended when the closure
            // unwound, so this is the only access.
            unsafe { core::ptr::write_bytes(out, 0, out_cap) };
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An `extern "C"` function shaped exactly like the exports, whose body
    /// panics. Without the boundary the unwind would reach the `extern "C"`
    /// frame and abort the whole test process (Rust >= 1.81); that this test
    /// finishes and sees `Panic` proves the boundary catches it. Compiled
    /// only for tests: the shipped library has no way to trigger a panic.
    extern "C" fn panicking_export(out: *mut u8, out_cap: usize) -> mnx_status {
        guard_output(out, out_cap, || {
            if !out.is_null() {
                // SAFETY: the test passes a valid buffer of `out_cap` bytes.
                unsafe { core::ptr::write_bytes(out, 0xAA, out_cap) };
            }
            panic!("deliberate test panic")
        })
    }

    extern "C" fn panicking_str() -> *const c_char {
        guard(|| panic!("deliberate test panic"))
    }

    #[test]
    fn panic_is_caught_and_output_wiped() {
        let mut buf = [0x55u8; 16];
        let s = panicking_export(buf.as_mut_ptr(), buf.len());
        assert_eq!(s, mnx_status::Panic);
        assert_eq!(buf, [0u8; 16], "half-written output must be wiped");
        assert_eq!(
            panicking_export(core::ptr::null_mut(), 0),
            mnx_status::Panic
        );
    }

    #[test]
    fn panic_in_string_function_returns_static_text() {
        let p = panicking_str();
        assert!(!p.is_null());
        // SAFETY: `p` is a static NUL-terminated string.
        let s = unsafe { core::ffi::CStr::from_ptr(p) };
        assert!(s.to_str().unwrap().contains("panicked"));
    }

    #[test]
    fn no_panic_passes_through() {
        assert_eq!(guard(|| mnx_status::Ok), mnx_status::Ok);
        assert!(guard(|| true));
    }
}
