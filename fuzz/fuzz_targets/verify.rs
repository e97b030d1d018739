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
//! * with the ambiguity opt-in, strict and tolerant verification agree:
//!   strict `Ok` iff tolerant `Ok(Natural)`; a tolerant `Ok(other order)` is
//!   a strict mismatch; every error other than a mismatch is the same in
//!   both modes, and equal to the parse error of `canonical_len` when the
//!   body does not parse; never `Error::Ambiguous`;
//! * by default: the same results, except that both modes may give the same
//!   `Error::Ambiguous` where the opt-in gives `Ok` or a mismatch (the
//!   refusal comes after the signature checks, before the MAC), which
//!   `ambiguity::explain` explains;
//! * `Ok` only when the body has a string signature member;
//! * the body signed with the opt-in's `sign_body` verifies (natural) with
//!   it, and by default exactly when `ambiguity::check` accepts the body;
//!   flipping one character of its signature makes it a mismatch (by
//!   default: the same refusal, for ambiguous data).
#![no_main]

use libfuzzer_sys::fuzz_target;
use monetix_gate::json::Document;
use monetix_gate::{
    ambiguity, canonical_len, signed_body_len, AmbiguousData, Error, Mode, Order, SecretPolicy,
    Signer,
};
use monetix_gate_fuzz::{explain, SECRET};

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

    let allow = any.clone().with_ambiguous_data(AmbiguousData::Allow);
    let s = allow.verify(body, Mode::Strict);
    let t = allow.verify(body, Mode::Tolerant);
    match (&s, &t) {
        (Ok(Order::Natural), Ok(Order::Natural)) => {}
        (Ok(o), _) => panic!("strict verification matched {o:?}"),
        (Err(Error::SignatureMismatch), Ok(Order::BytePath | Order::ByteLine)) => {}
        (Err(a), Err(b)) => assert_eq!(a, b, "strict and tolerant fail differently"),
        _ => panic!("strict {s:?} but tolerant {t:?}"),
    }
    assert!(
        !matches!(s, Err(Error::Ambiguous { .. })),
        "a refusal with the opt-in"
    );
    let parsed = canonical_len(body);
    if let Err(e) = parsed {
        assert_eq!(s, Err(e), "verify and canonical_len disagree on a bad body");
    }
    // By default: the opt-in's results, or the one refusal in both modes.
    let (ds, dt) = (
        any.verify(body, Mode::Strict),
        any.verify(body, Mode::Tolerant),
    );
    match &ds {
        Err(e @ Error::Ambiguous { .. }) => {
            assert_eq!(dt, ds, "strict and tolerant refuse differently");
            assert!(
                matches!(s, Ok(_) | Err(Error::SignatureMismatch)),
                "refused by default, {s:?} with the opt-in"
            );
            assert!(!explain(body, e).is_empty());
        }
        _ => assert_eq!((&ds, &dt), (&s, &t), "by default and with the opt-in"),
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
    let signer = Signer::new(b"fuzz-secret").unwrap();
    let allow = signer.clone().with_ambiguous_data(AmbiguousData::Allow);
    let Ok(signed) = allow.sign_body(body, &mut out) else {
        return;
    };
    let signed = signed.to_vec();
    match allow.verify(&signed, Mode::Strict) {
        Ok(Order::Natural) => {}
        // The two values sign_body adds can cross the value limit.
        Err(Error::TooManyValues) => return,
        other => panic!("a signed copy does not verify: {other:?}"),
    }
    let check = ambiguity::check(body);
    let by_default = signer.verify(&signed, Mode::Strict);
    match (&check, &by_default) {
        (Ok(()), Ok(Order::Natural)) => {}
        (Err(Error::Ambiguous { reason: a, .. }), Err(Error::Ambiguous { reason: b, .. }))
            if a == b => {}
        (a, b) => panic!("ambiguity::check {a:?}, the signed copy by default {b:?}"),
    }
    // Flip one base64 character of the signature (sign_body writes it
    // unescaped, so its 88 characters appear as they are).
    let sig = allow.sign(body).expect("sign_body worked, sign did not");
    let sig = sig.as_bytes();
    let at = signed
        .windows(sig.len())
        .position(|w| w == sig)
        .expect("the signed copy does not carry sign()'s signature");
    let mut forged = signed.clone();
    forged[at + 3] = if forged[at + 3] == b'A' { b'B' } else { b'A' };
    assert_eq!(
        allow.verify(&forged, Mode::Tolerant),
        Err(Error::SignatureMismatch)
    );
    let want = match by_default {
        Err(e @ Error::Ambiguous { .. }) => Err(e),
        _ => Err(Error::SignatureMismatch),
    };
    assert_eq!(signer.verify(&forged, Mode::Tolerant), want);
});
