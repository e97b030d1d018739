//! Verification of arbitrary bytes, with an arbitrary secret.
//!
//! Input layout: byte 0 = secret length `k` (0-255), the next `k` bytes the
//! secret, the rest the body (a short input is all body, secret `SECRET`).
//!
//! Never panics, and:
//! * `check_secret` decides `Signer` construction: empty -> `EmptySecret`;
//!   strict policy -> `SuspiciousSecret` exactly when the secret has leading
//!   or trailing whitespace or an invisible character; `AllowAny` accepts
//!   every non-empty secret;
//! * strict and tolerant verification agree: strict `Ok` iff tolerant
//!   `Ok(Natural)`; a tolerant `Ok(other order)` is a strict mismatch; every
//!   error other than a mismatch is the same in both modes, and equal to the
//!   parse error of `canonical_len` when the body does not parse;
//! * `Ok` only when the body has a string signature member;
//! * the body signed with `sign_body` verifies (natural), and flipping one
//!   character of its signature makes it a mismatch.
#![no_main]

use libfuzzer_sys::fuzz_target;
use monetix_gate::json::Document;
use monetix_gate::{
    canonical_len, sign_body, signed_body_len, Error, Mode, Order, SecretPolicy, Signer,
};
use monetix_gate_fuzz::SECRET;

fn suspicious(s: &[u8]) -> bool {
    let ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    if s.first().copied().is_some_and(ws) || s.last().copied().is_some_and(ws) {
        return true;
    }
    let nbsp = "\u{a0}".as_bytes();
    if s.starts_with(nbsp) || s.ends_with(nbsp) {
        return true;
    }
    [
        "\u{ad}", "\u{200b}", "\u{200c}", "\u{200d}", "\u{2060}", "\u{feff}",
    ]
    .iter()
    .any(|inv| s.windows(inv.len()).any(|w| w == inv.as_bytes()))
}

fuzz_target!(|data: &[u8]| {
    let (secret, body) = match data.split_first() {
        Some((&k, rest)) if usize::from(k) <= rest.len() => rest.split_at(usize::from(k)),
        _ => (SECRET, data),
    };

    let strict = Signer::new(secret);
    let any = Signer::with_policy(secret, SecretPolicy::AllowAny);
    if secret.is_empty() {
        assert_eq!(strict.err(), Some(Error::EmptySecret));
        assert_eq!(any.err(), Some(Error::EmptySecret));
        return;
    }
    let any = any.expect("AllowAny refused a non-empty secret");
    assert_eq!(
        strict.as_ref().err().copied(),
        suspicious(secret).then_some(Error::SuspiciousSecret),
        "secret policy"
    );
    // Debug never shows the key.
    let shown = format!("{any:?}");
    assert!(!shown.contains("fuzz-secret") && shown.contains("redacted"));

    let s = any.verify(body, Mode::Strict);
    let t = any.verify(body, Mode::Tolerant);
    match (&s, &t) {
        (Ok(Order::Natural), Ok(Order::Natural)) => {}
        (Ok(o), _) => panic!("strict verification matched {o:?}"),
        (Err(Error::SignatureMismatch), Ok(Order::BytePath | Order::ByteLine)) => {}
        (Err(a), Err(b)) => assert_eq!(a, b, "strict and tolerant fail differently"),
        _ => panic!("strict {s:?} but tolerant {t:?}"),
    }
    let parsed = canonical_len(body);
    if let Err(e) = parsed {
        assert_eq!(s, Err(e), "verify and canonical_len disagree on a bad body");
    }
    if s.is_ok() || t.is_ok() {
        let doc = Document::<512, 16>::parse(body).expect("verified a body that does not parse");
        let sig = doc
            .signature_member()
            .expect("verified without a signature member");
        assert_eq!(sig.kind(), monetix_gate::json::Kind::String);
    }

    // The body signed with this secret verifies; a flipped signature does not.
    let Ok(len) = signed_body_len(body) else {
        return;
    };
    let mut out = vec![0u8; len];
    let Ok(signed) = sign_body(body, b"fuzz-secret", &mut out) else {
        return;
    };
    let signed = signed.to_vec();
    let signer = Signer::new(b"fuzz-secret").unwrap();
    match signer.verify(&signed, Mode::Strict) {
        Ok(Order::Natural) => {}
        // The two values sign_body adds can cross the value limit.
        Err(Error::TooManyValues) => return,
        other => panic!("a signed copy does not verify: {other:?}"),
    }
    // Flip one base64 character of the signature (sign_body writes it
    // unescaped, so its 88 characters appear as they are).
    let sig = monetix_gate::sign(body, b"fuzz-secret").expect("sign_body worked, sign did not");
    let sig = sig.as_bytes();
    let at = signed
        .windows(sig.len())
        .position(|w| w == sig)
        .expect("the signed copy does not carry sign()'s signature");
    let mut forged = signed.clone();
    forged[at + 3] = if forged[at + 3] == b'A' { b'B' } else { b'A' };
    assert_eq!(
        signer.verify(&forged, Mode::Tolerant),
        Err(Error::SignatureMismatch)
    );
});
