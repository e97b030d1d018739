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

/// Runs `f`, turning a panic into [`OnPanic::on_panic`], then overwrites
/// the `KIB` KiB of stack below this frame ([`burn_stack`]).
///
/// `AssertUnwindSafe` is sound here: the library keeps no state between
/// calls (no globals, no caches), so nothing a panic interrupted is ever
/// observed again by Rust code. What the C caller may observe (an output
/// buffer) is handled by [`guard_output`].
pub(crate) fn guard<const KIB: usize, R: OnPanic>(f: impl FnOnce() -> R) -> R {
    let result = caught(f);
    burn_stack::<KIB>();
    result
}

/// Runs `f` under `catch_unwind` in a frame of its own, below the export's:
/// every frame the call uses (large locals of `f` included, however the
/// compiler inlines it) then lies below the frame that calls
/// [`burn_stack`], so the wipe reaches them.
#[inline(never)]
fn caught<R: OnPanic>(f: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| R::on_panic())
}

/// Overwrites `KIB` KiB of the stack below the caller's frame: the stack the
/// call just used (defense in depth: core already overwrites the frames of
/// its HMAC key setup).
///
/// HMAC key setup (in `hmac`/`sha2`, under core) leaves the padded key block
/// in dead stack frames, and nothing in safe Rust can wipe a frame that has
/// returned. A frame of our own, as deep as those were, written with volatile
/// stores (`zeroize`), overwrites them before control returns to C
/// (`tests/hostile/stack_residue.c` checks it). Each export passes its own
/// size: its stack need on x86_64 (measured with a painted stack by
/// `tests/c/stack_measure.c` against a build without the wipe, which
/// `scripts/c-tests.sh` checks on every run) plus a margin, so that the wipe
/// covers every frame the call used and costs no more than that (one
/// 8-byte store per 8 bytes).
///
/// With the `measure-stack` feature (never in a shipped build) nothing is
/// overwritten; the size is recorded for `mnx__stack_wipe_take` instead.
#[inline(never)]
pub(crate) fn burn_stack<const KIB: usize>() {
    #[cfg(not(feature = "measure-stack"))]
    {
        let mut area = [[0u64; 128]; KIB];
        zeroize::Zeroize::zeroize(area.as_flattened_mut());
        core::hint::black_box(&area);
    }
    #[cfg(feature = "measure-stack")]
    measure::record(KIB * 1024);
}

/// What the `measure-stack` build records instead of wiping.
#[cfg(feature = "measure-stack")]
mod measure {
    use core::sync::atomic::{AtomicUsize, Ordering};

    /// The largest wipe requested since the last `mnx__stack_wipe_take`.
    static LARGEST: AtomicUsize = AtomicUsize::new(0);

    pub(super) fn record(bytes: usize) {
        LARGEST.fetch_max(bytes, Ordering::Relaxed);
    }

    /// The largest stack wipe (bytes) the calls since the previous call of
    /// this function asked for, and starts over. Exists only with the
    /// `measure-stack` cargo feature (left out of the header), for
    /// `tests/c/stack_measure.c`.
    #[no_mangle]
    pub extern "C" fn mnx__stack_wipe_take() -> usize {
        LARGEST.swap(0, Ordering::Relaxed)
    }
}

/// [`guard`] for a function with an output buffer `out, out_cap`: after a
/// panic the buffer is zeroed, so a half-written output never reaches the
/// caller (the contract is "outputs are written only on success").
pub(crate) fn guard_output<const KIB: usize>(
    out: *mut u8,
    out_cap: usize,
    f: impl FnOnce() -> mnx_status,
) -> mnx_status {
    guard::<KIB, _>(f).or_wipe(out, out_cap)
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
        guard_output::<1>(out, out_cap, || {
            if !out.is_null() {
                // SAFETY: the test passes a valid buffer of `out_cap` bytes.
                unsafe { core::ptr::write_bytes(out, 0xAA, out_cap) };
            }
            panic!("deliberate test panic")
        })
    }

    extern "C" fn panicking_str() -> *const c_char {
        guard::<1, _>(|| panic!("deliberate test panic"))
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
        assert_eq!(guard::<1, _>(|| mnx_status::Ok), mnx_status::Ok);
        assert!(guard::<0, _>(|| true));
    }
}
