//! Helpers shared by the fuzz targets of monetix-gate.
//!
//! * [`reference`]: the independent serde_json-based implementation of the
//!   canonical string, of the ambiguity rules and of the MAC
//!   (`tests/reference`, the crate `monetix-gate-reference`, shared with
//!   core's test suite), for the `differential` target and the others that
//!   compare with it.
//! * [`seed`]: the seed documents (`core/tests/seed`), shared with core's
//!   tests, benchmark and profile example.
//! * Both ambiguity policies: [`allowing`] signers, [`assert_refused`] for the
//!   default refusal.
//! * Canary helpers: every API that writes into a caller buffer must leave
//!   it untouched on error (`docs/signature.md` section 4: "nothing written").

pub use monetix_gate_reference as reference;

/// The reference's own tests (`tests/reference/tests/oracle.rs`), run here
/// too so that `cargo test --manifest-path fuzz/Cargo.toml --lib` checks the
/// oracle the targets rely on.
#[cfg(test)]
#[path = "../../tests/reference/tests/oracle.rs"]
mod oracle;

pub use reference::hmac_b64;

/// The seed documents (`core/tests/seed/mod.rs`, shared with core's tests,
/// benchmark and profile example): the shared vectors' seed bodies and the
/// typed seed requests the `payout` target starts from.
#[path = "../../core/tests/seed/mod.rs"]
pub mod seed;

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

/// A signer of `secret` with the ambiguity opt-in (`AmbiguousData::Allow`).
pub fn allowing(secret: &[u8]) -> monetix_gate::Signer {
    monetix_gate::Signer::with_policy(secret, monetix_gate::SecretPolicy::AllowAny)
        .expect("a non-empty secret")
        .with_ambiguous_data(monetix_gate::AmbiguousData::Allow)
}

/// Signs `body` with [`SECRET`] into a fresh buffer, with the ambiguity
/// opt-in (`None` if it cannot be signed: it does not parse, or `general` is
/// not an object). By default the same body is signed exactly when
/// `ambiguity::check` accepts it, to the same bytes (checked here).
pub fn signed_copy(body: &[u8]) -> Option<Vec<u8>> {
    let len = monetix_gate::signed_body_len(body).ok()?;
    let mut out = vec![0u8; len];
    let n = allowing(SECRET).sign_body(body, &mut out).ok()?.len();
    out.truncate(n);
    let mut again = canary(n);
    match (
        monetix_gate::ambiguity::check(body),
        monetix_gate::sign_body(body, SECRET, &mut again),
    ) {
        (Ok(()), Ok(copy)) => assert_eq!(copy, &out[..], "sign_body by default"),
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "sign_body by default and ambiguity::check");
            assert!(matches!(a, monetix_gate::Error::Ambiguous { .. }), "{a:?}");
            assert_untouched(&again, "sign_body refusing ambiguous data");
        }
        (a, b) => panic!("ambiguity::check {a:?} but sign_body by default {b:?}"),
    }
    Some(out)
}

/// The crate's name for a reference reason.
pub fn core_reason(r: reference::Ambiguity) -> monetix_gate::ambiguity::Ambiguity {
    use monetix_gate::ambiguity::Ambiguity as A;
    match r {
        reference::Ambiguity::Key => A::Key,
        reference::Ambiguity::Separator => A::Separator,
        reference::Ambiguity::IntegerRange => A::IntegerRange,
        reference::Ambiguity::Digits => A::Digits,
        reference::Ambiguity::Tiny => A::Tiny,
    }
}

/// `ambiguity::explain` of an error core gave for `body`.
pub fn explain(body: &[u8], err: &monetix_gate::Error) -> String {
    let mut out = vec![0u8; 64];
    match monetix_gate::ambiguity::explain(body, err, &mut out) {
        Ok(s) => s.to_owned(),
        Err(monetix_gate::Error::BufferTooSmall { needed }) => {
            let mut out = vec![0u8; needed];
            monetix_gate::ambiguity::explain(body, err, &mut out)
                .expect("the size explain asked for")
                .to_owned()
        }
        Err(e) => panic!("explain: {e:?}"),
    }
}

/// Panics unless `got` is the refusal of `offender` in `body`:
/// `Error::Ambiguous` with its reason, at an offset `ambiguity::explain`
/// turns into its path.
#[track_caller]
pub fn assert_refused<T: core::fmt::Debug>(
    what: &str,
    body: &[u8],
    got: &Result<T, monetix_gate::Error>,
    offender: &reference::Finding,
) {
    let reason = core_reason(offender.reason);
    match got {
        Err(e @ monetix_gate::Error::Ambiguous { reason: r, .. }) if *r == reason => {
            let want = format!("{}: {reason}", reference::explained_path(offender));
            assert_eq!(explain(body, e), want, "{what}: the explanation");
        }
        other => panic!(
            "{what}: want a refusal ({:?} at {:?}), got {other:?}",
            offender.reason, offender.path
        ),
    }
}

/// Spec section 3 against core: signs one of the three candidate orderings
/// of `body`'s lines (`choice`) with the reference HMAC, adds it as a
/// top-level `signature`, and checks that tolerant verification reports the
/// first ordering (natural, byte-path, byte-line) that gives the signed
/// string, and strict verification accepts it exactly when that is natural:
/// with the ambiguity opt-in always; by default only when the reference
/// finds no ambiguous data among the signed members (else both modes refuse
/// it with the reference's reason and path).
///
/// `body` must be a valid object without a top-level `signature` member, with
/// room for one more value under the limit, whose canonical string core
/// computes exactly as the reference does (so the natural candidate is the
/// one core tries); `root` is its reference parse.
pub fn check_tolerant_orders(body: &[u8], root: &reference::Node, choice: u8) {
    use monetix_gate::{verify, Error, Mode, Order};
    let Ok(lines) = reference::lines(root, reference::Exclude::TopLevel) else {
        return;
    };
    let candidates = [
        (
            Order::Natural,
            reference::join_ordered(&lines, &reference::natural_order(&lines)),
        ),
        (
            Order::BytePath,
            reference::join_ordered(&lines, &reference::byte_order(&lines, false)),
        ),
        (
            Order::ByteLine,
            reference::join_ordered(&lines, &reference::byte_order(&lines, true)),
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
    let allow = allowing(b"order-secret");
    let tolerant = allow.verify(signed.as_bytes(), Mode::Tolerant);
    let strict = allow.verify(signed.as_bytes(), Mode::Strict);
    assert_eq!(
        tolerant,
        Ok(expected),
        "tolerant verification with the opt-in, signed {:?}",
        String::from_utf8_lossy(signed_string)
    );
    let want_strict = if expected == Order::Natural {
        Ok(Order::Natural)
    } else {
        Err(Error::SignatureMismatch)
    };
    assert_eq!(strict, want_strict, "strict verification with the opt-in");
    let by_default = [
        verify(signed.as_bytes(), b"order-secret", Mode::Tolerant),
        verify(signed.as_bytes(), b"order-secret", Mode::Strict),
    ];
    match reference::first_ambiguity_of(root, reference::Exclude::TopLevel) {
        Some(o) => {
            for got in &by_default {
                assert_refused("verification by default", signed.as_bytes(), got, &o);
            }
        }
        None => assert_eq!(by_default, [tolerant, strict], "verification by default"),
    }
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
