//! no_std / no-alloc proof for `monetix-gate`: calls the entry points a
//! terminal links, with no allocator and no `std`.
#![no_std]

use core::panic::PanicInfo;

#[panic_handler]
fn panic(_info: &PanicInfo<'_>) -> ! {
    loop {}
}

/// Signs `body` with `secret`, writing 88 bytes into `out`; returns 0 on success.
#[no_mangle]
pub extern "C" fn check_sign(body: *const u8, len: usize, out: *mut u8) -> i32 {
    // SAFETY: test-only harness; callers pass valid buffers (never run, only linked).
    let body = unsafe { core::slice::from_raw_parts(body, len) };
    match monetix_gate::sign(body, b"secret") {
        Ok(sig) => {
            // SAFETY: as above, `out` holds 88 bytes.
            let out = unsafe { core::slice::from_raw_parts_mut(out, monetix_gate::SIGNATURE_LEN) };
            out.copy_from_slice(sig.as_bytes());
            0
        }
        Err(_) => 1,
    }
}

/// Verifies a signed `body`; returns 0 when it verifies.
#[no_mangle]
pub extern "C" fn check_verify(body: *const u8, len: usize) -> i32 {
    // SAFETY: test-only harness; callers pass a valid buffer.
    let body = unsafe { core::slice::from_raw_parts(body, len) };
    match monetix_gate::verify(body, b"secret", monetix_gate::Mode::Tolerant) {
        Ok(_) => 0,
        Err(_) => 1,
    }
}

/// Writes a signed copy of `body` into `out`; returns its length or 0.
#[no_mangle]
pub extern "C" fn check_sign_body(body: *const u8, len: usize, out: *mut u8, cap: usize) -> usize {
    // SAFETY: test-only harness; callers pass valid buffers.
    let (body, out) = unsafe {
        (
            core::slice::from_raw_parts(body, len),
            core::slice::from_raw_parts_mut(out, cap),
        )
    };
    monetix_gate::sign_body(body, b"secret", out).map_or(0, |b| b.len())
}
