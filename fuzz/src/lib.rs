//! Helpers shared by the fuzz targets of monetix-gate.
//!
//! * [`reference`]: an independent serde_json-based implementation of the
//!   canonical string, for the `differential` target.
//! * Canary helpers: every API that writes into a caller buffer must leave
//!   it untouched on error (spec section 4: "nothing written").

pub mod reference;

/// The byte every output buffer is filled with before a call.
pub const CANARY: u8 = 0xA5;

/// A buffer of `len` canary bytes.
pub fn canary(len: usize) -> Vec<u8> {
    vec![CANARY; len]
}

/// Panics unless `buf` still holds only canary bytes.
#[track_caller]
pub fn assert_untouched(buf: &[u8], what: &str) {
    if let Some(i) = buf.iter().position(|&b| b != CANARY) {
        panic!("{what}: output buffer written at byte {i} on error");
    }
}

/// The secret the targets sign and verify with.
pub const SECRET: &[u8] = b"fuzz-secret";

pub mod views;

/// Signs `body` with [`SECRET`] into a fresh buffer (`None` if it cannot be
/// signed: it does not parse, or `general` is not an object).
pub fn signed_copy(body: &[u8]) -> Option<Vec<u8>> {
    let len = monetix_gate::signed_body_len(body).ok()?;
    let mut out = vec![0u8; len];
    let n = monetix_gate::sign_body(body, SECRET, &mut out).ok()?.len();
    out.truncate(n);
    Some(out)
}
