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

/// HMAC-SHA512 in standard base64 (the reference's own, not core's).
pub fn hmac_b64(secret: &[u8], data: &[u8]) -> String {
    use base64::Engine as _;
    use hmac::{KeyInit, Mac};
    let mut mac = <hmac::Hmac<sha2::Sha512> as KeyInit>::new_from_slice(secret).expect("key");
    mac.update(data);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Spec section 3 against core: signs one of the three candidate orderings
/// of `body`'s lines (`choice`) with the reference HMAC, adds it as a
/// top-level `signature`, and checks that tolerant verification reports the
/// first ordering (natural, byte-path, byte-line) that gives the signed
/// string, and strict verification accepts it exactly when that is natural.
///
/// `body` must be a valid object without a top-level `signature` member, with
/// room for one more value under the limit, whose canonical string core
/// computes exactly as the reference does (so the natural candidate is the
/// one core tries); `root` is its reference parse.
pub fn check_tolerant_orders(body: &[u8], root: &reference::Node, choice: u8) {
    use monetix_gate::{verify, Error, Mode, Order};
    let Some(lines) = reference::lines_excluding(root, false) else {
        return;
    };
    let candidates = [
        (
            Order::Natural,
            reference::join(&lines, &reference::natural_order(&lines)),
        ),
        (
            Order::BytePath,
            reference::join(&lines, &reference::byte_order(&lines, false)),
        ),
        (
            Order::ByteLine,
            reference::join(&lines, &reference::byte_order(&lines, true)),
        ),
    ];
    let signed_string = &candidates[usize::from(choice) % 3].1;
    let expected = candidates
        .iter()
        .find(|(_, s)| s == signed_string)
        .map(|(o, _)| *o)
        .expect("the signed string is a candidate");
    let sig = hmac_b64(b"order-secret", signed_string);
    let text = core::str::from_utf8(body).expect("UTF-8");
    let end = text.rfind('}').expect("an object");
    let inner_empty = text[..end].trim_end().ends_with('{');
    let signed = format!(
        "{}{}\"signature\":\"{sig}\"{}",
        &text[..end],
        if inner_empty { "" } else { "," },
        &text[end..]
    );
    let tolerant = verify(signed.as_bytes(), b"order-secret", Mode::Tolerant);
    let strict = verify(signed.as_bytes(), b"order-secret", Mode::Strict);
    assert_eq!(
        tolerant,
        Ok(expected),
        "tolerant verification, signed {:?}",
        String::from_utf8_lossy(signed_string)
    );
    let want_strict = if expected == Order::Natural {
        Ok(Order::Natural)
    } else {
        Err(Error::SignatureMismatch)
    };
    assert_eq!(strict, want_strict, "strict verification");
}

/// Whether [`check_tolerant_orders`] can take `root`: an object without a
/// top-level `signature`, with room for one more value under 512.
pub fn can_add_signature(root: &reference::Node) -> bool {
    match root {
        reference::Node::Object(m) => {
            !m.iter().any(|(k, _)| k == "signature")
                && !reference::problems(root, 511, 16).too_many_values
        }
        _ => false,
    }
}
