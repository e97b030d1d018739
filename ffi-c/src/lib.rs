//! C ABI of `monetix-gate` (prefix `mnx_`): the library behind
//! `include/monetix_gate.h`, built as `libmonetix_gate.a` and
//! `libmonetix_gate.so`.
//!
//! This crate only converts: C pointers into slices (`slice`), core errors
//! into `mnx_status` (`status`), C structs into core's typed requests
//! (`payout`, `callback`). Every rule lives in core. The API contract is at
//! the top of the generated header and in `ffi-c/README.md`.

// The workspace denies `unsafe_code`; this crate is the one place that must
// use it (raw C pointers). Every block carries a `// SAFETY:` comment.
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]
// Exports take raw pointers but are safe `extern "C" fn`s, as in rustls-ffi:
// the C caller is bound by the documented contract, not by Rust's `unsafe`.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

pub mod boundary;
pub mod callback;
pub mod engine;
pub mod fields;
pub mod payout;
pub mod slice;
pub mod status;

use core::ffi::c_char;
use core::ffi::CStr;

pub use callback::*;
pub use engine::*;
pub use fields::*;
pub use payout::*;
pub use slice::mnx_str;
pub use status::*;

/// Length of a signature: 64 bytes of HMAC-SHA512 as standard base64.
pub const MNX_SIGNATURE_LEN: usize = 88;
/// Most JSON values (members plus array elements) a body may have.
pub const MNX_MAX_VALUES: usize = 512;
/// Deepest nesting of objects and arrays in a body (the top level is 1).
pub const MNX_MAX_DEPTH: usize = 16;

const _: () = assert!(MNX_MAX_VALUES == monetix_gate::limits::DEFAULT_MAX_VALUES);
const _: () = assert!(MNX_MAX_DEPTH == monetix_gate::limits::DEFAULT_MAX_DEPTH);

/// Runs an export's body written with `?`: `Ok(())` is `MNX_STATUS_OK`.
pub(crate) fn run(f: impl FnOnce() -> Result<(), mnx_status>) -> mnx_status {
    match f() {
        Ok(()) => mnx_status::Ok,
        Err(s) => s,
    }
}

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => panic!("version contains a NUL"),
    };

/// The library version, e.g. `"0.1.0"`: a static NUL-terminated string
/// (compare with `MNX_VERSION_MAJOR/MINOR/PATCH` of the header you compiled
/// against).
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_version() -> *const c_char {
    boundary::guard::<2, _>(|| VERSION.as_ptr())
}

/// Panics inside the boundary, to prove from C that a panic comes back as
/// `MNX_STATUS_PANIC`. Exists only with the `test-panic` cargo feature
/// (never in a shipped build) and is left out of the header.
#[cfg(feature = "test-panic")]
#[no_mangle]
pub extern "C" fn mnx__test_panic(out: *mut u8, out_cap: usize) -> mnx_status {
    boundary::guard_output::<1>(out, out_cap, || {
        if !out.is_null() && out_cap > 0 {
            // SAFETY: the C test passes `out_cap` writable bytes at `out`.
            unsafe { core::ptr::write_bytes(out, 0xAA, out_cap) };
        }
        panic!("mnx__test_panic: deliberate panic")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_version_matches_cargo() {
        let h = include_str!("../../include/monetix_gate.h");
        for (name, want) in [
            ("MNX_VERSION_MAJOR", env!("CARGO_PKG_VERSION_MAJOR")),
            ("MNX_VERSION_MINOR", env!("CARGO_PKG_VERSION_MINOR")),
            ("MNX_VERSION_PATCH", env!("CARGO_PKG_VERSION_PATCH")),
        ] {
            let line = std::format!("#define {name} {want}\n");
            assert!(h.contains(&line), "header lacks `{}`", line.trim());
        }
    }

    #[test]
    fn version_string() {
        // SAFETY: mnx_version returns a static NUL-terminated string.
        let v = unsafe { core::ffi::CStr::from_ptr(super::mnx_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }
}
