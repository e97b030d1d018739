//! no_std / no-alloc proof for `monetix-gate`: calls the entry points a
//! terminal links (sign, signed copy, verify in both modes, and both typed
//! payout builders), with no allocator and no `std`.
//!
//! Also the artefact whose code size BENCHMARKS.md reports
//! (`python3 scripts/bench-report.py size` links it into a C program). Every
//! input is a run-time value so that nothing is constant-folded away.
#![no_std]

use core::panic::PanicInfo;

use monetix_gate::payout::{cambodia, colombia, Extra, ExtraValue, General, Options, Payment};

#[panic_handler]
fn panic(_info: &PanicInfo<'_>) -> ! {
    loop {}
}

/// Signs `body` with `secret`, writing 88 bytes into `out`; returns 0 on success.
///
/// # Safety
/// `body` must be valid for `len` bytes and `out` for 88 bytes.
#[no_mangle]
pub unsafe extern "C" fn check_sign(body: *const u8, len: usize, out: *mut u8) -> i32 {
    // SAFETY: the caller's contract (above).
    let body = unsafe { core::slice::from_raw_parts(body, len) };
    match monetix_gate::sign(body, b"secret") {
        Ok(sig) => {
            // SAFETY: the caller's contract: `out` holds 88 bytes.
            let out = unsafe { core::slice::from_raw_parts_mut(out, monetix_gate::SIGNATURE_LEN) };
            out.copy_from_slice(sig.as_bytes());
            0
        }
        Err(_) => 1,
    }
}

/// Verifies a signed `body` (tolerant mode); returns 0 when it verifies.
///
/// # Safety
/// `body` must be valid for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn check_verify(body: *const u8, len: usize) -> i32 {
    // SAFETY: the caller's contract (above).
    let body = unsafe { core::slice::from_raw_parts(body, len) };
    match monetix_gate::verify(body, b"secret", monetix_gate::Mode::Tolerant) {
        Ok(_) => 0,
        Err(_) => 1,
    }
}

/// Verifies a signed `body` in strict mode; returns 0 when it verifies.
///
/// # Safety
/// `body` must be valid for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn check_verify_strict(body: *const u8, len: usize) -> i32 {
    // SAFETY: the caller's contract (above).
    let body = unsafe { core::slice::from_raw_parts(body, len) };
    match monetix_gate::verify(body, b"secret", monetix_gate::Mode::Strict) {
        Ok(_) => 0,
        Err(_) => 1,
    }
}

/// Writes a signed copy of `body` into `out`; returns its length or 0.
///
/// # Safety
/// `body` must be valid for `len` bytes and `out` for `cap` bytes, not overlapping.
#[no_mangle]
pub unsafe extern "C" fn check_sign_body(
    body: *const u8,
    len: usize,
    out: *mut u8,
    cap: usize,
) -> usize {
    // SAFETY: the caller's contract (above).
    let (body, out) = unsafe {
        (
            core::slice::from_raw_parts(body, len),
            core::slice::from_raw_parts_mut(out, cap),
        )
    };
    monetix_gate::sign_body(body, b"secret", out).map_or(0, |b| b.len())
}

/// Run-time inputs of the payout builders: every string field is `text`,
/// every number is derived from `len`, `len % 4` extras (a string, an
/// integer, a boolean) and the unlisted-bank option from `len`'s parity.
struct Inputs<'a> {
    text: &'a str,
    number: i64,
    bank_id: u32,
    extras: [Extra<'a>; 3],
    count: usize,
    opts: Options,
}

impl<'a> Inputs<'a> {
    /// # Safety
    /// `text` must be valid for `len` bytes for `'a`.
    unsafe fn new(text: *const u8, len: usize) -> Self {
        // SAFETY: the caller's contract (above).
        let bytes = unsafe { core::slice::from_raw_parts(text, len) };
        let text = core::str::from_utf8(bytes).unwrap_or("");
        let number = i64::try_from(len).unwrap_or(i64::MAX);
        Inputs {
            text,
            number,
            bank_id: u32::try_from(len).unwrap_or(0),
            extras: [
                Extra::str(text, text),
                Extra {
                    path: text,
                    value: ExtraValue::Int(number),
                },
                Extra {
                    path: text,
                    value: ExtraValue::Bool(len > 8),
                },
            ],
            count: len % 4,
            opts: Options::new().allow_unlisted_bank(len & 1 == 0),
        }
    }

    fn extras(&self) -> &[Extra<'a>] {
        self.extras.get(..self.count).unwrap_or(&[])
    }
}

/// Writes a signed Banks of Cambodia payout built from `text` into `out`;
/// returns its length or 0.
///
/// # Safety
/// `text` must be valid for `len` bytes and `out` for `cap` bytes.
#[no_mangle]
pub unsafe extern "C" fn check_cambodia_payout(
    text: *const u8,
    len: usize,
    out: *mut u8,
    cap: usize,
) -> usize {
    // SAFETY: the caller's contract (above).
    let inputs = unsafe { Inputs::new(text, len) };
    let t = inputs.text;
    let payout = cambodia::Payout {
        general: General {
            project_id: inputs.number,
            payment_id: t,
            merchant_callback_url: Some(t),
        },
        customer: cambodia::Customer {
            id: t,
            ip_address: t,
            email: t,
            phone: t,
        },
        account: cambodia::Account {
            number: t,
            bank_id: inputs.bank_id,
            branch: Some(t),
            city: Some(t),
            province: Some(t),
            customer_name: t,
        },
        payment: Payment {
            currency: t,
            amount: inputs.number,
            description: Some(t),
        },
        extras: inputs.extras(),
    };
    // SAFETY: the caller's contract (above).
    let out = unsafe { core::slice::from_raw_parts_mut(out, cap) };
    payout
        .sign_into(b"secret", out, inputs.opts)
        .map_or(0, |b| b.len())
}

/// Writes a signed Bank transfers in Colombia payout built from `text` into
/// `out`; returns its length or 0.
///
/// # Safety
/// `text` must be valid for `len` bytes and `out` for `cap` bytes.
#[no_mangle]
pub unsafe extern "C" fn check_colombia_payout(
    text: *const u8,
    len: usize,
    out: *mut u8,
    cap: usize,
) -> usize {
    // SAFETY: the caller's contract (above).
    let inputs = unsafe { Inputs::new(text, len) };
    let t = inputs.text;
    let payout = colombia::Payout {
        general: General {
            project_id: inputs.number,
            payment_id: t,
            merchant_callback_url: Some(t),
        },
        customer: colombia::Customer {
            id: t,
            ip_address: t,
            first_name: t,
            last_name: t,
            email: t,
            phone: t,
            identify: colombia::Identify {
                doc_number: t,
                doc_type: t,
            },
        },
        account: colombia::Account {
            number: t,
            r#type: t,
            bank_id: inputs.bank_id,
        },
        payment: Payment {
            currency: t,
            amount: inputs.number,
            description: Some(t),
        },
        extras: inputs.extras(),
    };
    // SAFETY: the caller's contract (above).
    let out = unsafe { core::slice::from_raw_parts_mut(out, cap) };
    payout
        .sign_into(b"secret", out, inputs.opts)
        .map_or(0, |b| b.len())
}
