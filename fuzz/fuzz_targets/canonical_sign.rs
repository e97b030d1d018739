//! Canonicalisation and signing of arbitrary bytes, with and without the
//! ambiguity opt-in.
//!
//! Never panics; every function agrees with the others on the same input:
//! * `canonical_len(b)` and `canonical(b)` fail alike (never for ambiguous
//!   data), and on success the length is the string's; a too-small buffer
//!   gives `BufferTooSmall` with that exact length and is left untouched;
//! * `ambiguity::check` fails with the parse error when `canonical` fails,
//!   else with `Error::Ambiguous` or not at all;
//! * with the opt-in (`AmbiguousData::Allow`), `Signer::sign` fails exactly
//!   when `canonical` fails, with the same error; by default `sign` and
//!   `Signer::sign` give that error, else `ambiguity::check`'s refusal, else
//!   the opt-in's signature;
//! * `sign_body` writes `signed_body_len` bytes (a too-small buffer is left
//!   untouched); by default it gives the opt-in's bytes, or the refusal with
//!   nothing written (also into a too-small buffer: the refusal comes first); the signed copy carries the signature `sign` gives,
//!   has the same canonical string, verifies strictly (natural order) with
//!   the opt-in, and by default verifies exactly when the body is not
//!   ambiguous (else the same reason and the same explanation: the same
//!   member offends);
//! * on error every output buffer is left untouched.
#![no_main]

use libfuzzer_sys::fuzz_target;
use monetix_gate::{
    ambiguity, canonical, canonical_len, sign, sign_body, signed_body_len, verify, Error, Mode,
    Order, Signer,
};
use monetix_gate_fuzz::{allowing, assert_untouched, canary, explain, SECRET};

fuzz_target!(|data: &[u8]| {
    let len = canonical_len(data);
    let mut out = canary(len.unwrap_or(0) + 16);
    let text = canonical(data, &mut out).map(|s| s.as_bytes().to_vec());
    match (&len, &text) {
        (Ok(n), Ok(t)) => assert_eq!(*n, t.len(), "canonical_len != canonical().len()"),
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "canonical_len and canonical fail differently");
            assert_untouched(&out, "canonical");
        }
        _ => panic!("canonical_len {len:?} but canonical {text:?}"),
    }
    let check = ambiguity::check(data);
    match (&text, &check) {
        (Err(a), Err(b)) => assert_eq!(a, b, "canonical and ambiguity::check fail differently"),
        (Ok(_), Ok(()) | Err(Error::Ambiguous { .. })) => {}
        _ => panic!("canonical {text:?} but ambiguity::check {check:?}"),
    }

    let signer = Signer::new(SECRET).unwrap();
    let allow = allowing(SECRET);
    let sig_allowed = allow.sign(data);
    match (&text, &sig_allowed) {
        (Ok(_), Ok(_)) => {}
        (Err(a), Err(b)) => assert_eq!(a, b, "canonical and sign (opt-in) fail differently"),
        _ => panic!("canonical {text:?} but sign with the opt-in {sig_allowed:?}"),
    }
    let want_default = match (&text, check) {
        (Ok(_), Err(e)) => Err(e),
        _ => sig_allowed.clone(),
    };
    let sig = sign(data, SECRET);
    assert_eq!(sig, want_default, "sign by default");
    assert_eq!(signer.sign(data), want_default, "Signer::sign by default");

    let Ok(text) = text else {
        let mut body = canary(data.len() + 256);
        assert!(sign_body(data, SECRET, &mut body).is_err());
        assert!(allow.sign_body(data, &mut body).is_err());
        assert_untouched(&body, "sign_body on a bad body");
        return;
    };
    let n = text.len();
    if n > 0 {
        // A too-small buffer: exact size reported, nothing written.
        let mut small = canary(n - 1);
        assert_eq!(
            canonical(data, &mut small),
            Err(Error::BufferTooSmall { needed: n })
        );
        assert_untouched(&small, "canonical with a small buffer");
    }
    let sig = sig_allowed.unwrap();

    let body_len = signed_body_len(data);
    let mut body = canary(body_len.unwrap_or(0) + 8);
    let signed = allow.sign_body(data, &mut body).map(<[u8]>::to_vec);
    match (&body_len, &signed) {
        (Ok(l), Ok(s)) => assert_eq!(*l, s.len(), "signed_body_len != sign_body().len()"),
        (Err(Error::GeneralNotObject), Err(Error::GeneralNotObject)) => {
            assert_untouched(&body, "sign_body with a general that is not an object");
            let mut body = canary(data.len() + 256);
            assert_eq!(
                sign_body(data, SECRET, &mut body),
                Err(Error::GeneralNotObject)
            );
            assert_untouched(&body, "sign_body by default, general not an object");
            return;
        }
        _ => panic!("signed_body_len {body_len:?} but sign_body {signed:?}"),
    }
    let signed = signed.unwrap();
    let l = signed.len();
    assert_untouched(&body[l..], "sign_body past its output");
    let mut small = canary(l - 1);
    // (by default a refusal comes first: input errors before the size)
    assert_eq!(
        sign_body(data, SECRET, &mut small).map(<[u8]>::len),
        Err(check.err().unwrap_or(Error::BufferTooSmall { needed: l }))
    );
    assert_eq!(
        allow.sign_body(data, &mut small).map(<[u8]>::len),
        Err(Error::BufferTooSmall { needed: l })
    );
    assert_untouched(&small, "sign_body with a small buffer");
    let mut exact = canary(l);
    match (&check, sign_body(data, SECRET, &mut exact)) {
        (Ok(()), Ok(copy)) => assert_eq!(copy, &signed[..], "sign_body by default"),
        (Err(a), Err(b)) => {
            assert_eq!(*a, b, "sign_body by default");
            assert_untouched(&exact, "sign_body refusing ambiguous data");
        }
        (a, b) => panic!("ambiguity::check {a:?} but sign_body by default {b:?}"),
    }

    // The signed copy carries the signature over the same canonical string.
    let needle = format!("\"{}\"", sig.as_str());
    assert!(
        signed.windows(needle.len()).any(|w| w == needle.as_bytes()),
        "the signed copy does not carry sign()'s signature"
    );
    match canonical_len(&signed) {
        // Two values are added (general, general.signature): a body at the
        // value limit cannot be re-read with the default limits.
        Err(Error::TooManyValues) => return,
        Err(e) => panic!("the signed copy does not parse: {e:?}"),
        Ok(_) => {}
    }
    let mut again = vec![0u8; n];
    assert_eq!(
        canonical(&signed, &mut again).map(str::as_bytes),
        Ok(&text[..]),
        "the signed copy has another canonical string"
    );
    assert_eq!(
        allow.verify(&signed, Mode::Strict),
        Ok(Order::Natural),
        "the signed copy does not verify strictly with the opt-in"
    );
    assert_eq!(allow.verify(&signed, Mode::Tolerant), Ok(Order::Natural));
    let by_default = verify(&signed, SECRET, Mode::Strict);
    match (&check, &by_default) {
        (Ok(()), Ok(Order::Natural)) => {}
        (
            Err(a @ Error::Ambiguous { reason: r1, .. }),
            Err(b @ Error::Ambiguous { reason: r2, .. }),
        ) if r1 == r2 => {
            // The same member offends in both: the same explanation.
            assert_eq!(explain(data, a), explain(&signed, b));
        }
        (a, b) => panic!("ambiguity::check {a:?} but the signed copy verifies by default {b:?}"),
    }
    assert_eq!(signer.verify(&signed, Mode::Tolerant), by_default);
});
