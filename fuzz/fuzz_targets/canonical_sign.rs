//! Canonicalisation and signing of arbitrary bytes.
//!
//! Never panics; every function agrees with the others on the same input:
//! * `canonical_len(b)` and `canonical(b)` fail alike, and on success the
//!   length is the string's; a too-small buffer gives `BufferTooSmall` with
//!   that exact length and is left untouched;
//! * `sign` and `Signer::sign` fail exactly when `canonical` fails, with the
//!   same error, and give the same signature;
//! * `sign_body` writes `signed_body_len` bytes (a too-small buffer is left
//!   untouched), the signed copy verifies strictly (natural order) with the
//!   signature `sign` gives, and has the same canonical string;
//! * on error every output buffer is left untouched.
#![no_main]

use libfuzzer_sys::fuzz_target;
use monetix_gate::{
    canonical, canonical_len, sign, sign_body, signed_body_len, verify, Error, Mode, Order, Signer,
};
use monetix_gate_fuzz::{assert_untouched, canary, SECRET};

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

    let signer = Signer::new(SECRET).unwrap();
    let sig = sign(data, SECRET);
    assert_eq!(sig, signer.sign(data), "sign != Signer::sign");
    match (&text, &sig) {
        (Ok(_), Ok(_)) => {}
        (Err(a), Err(b)) => assert_eq!(a, b, "canonical and sign fail differently"),
        _ => panic!("canonical {text:?} but sign {sig:?}"),
    }

    let Ok(text) = text else {
        let mut body = canary(data.len() + 256);
        assert!(sign_body(data, SECRET, &mut body).is_err());
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
    let sig = sig.unwrap();

    let body_len = signed_body_len(data);
    let mut body = canary(body_len.unwrap_or(0) + 8);
    let signed = sign_body(data, SECRET, &mut body).map(<[u8]>::to_vec);
    match (&body_len, &signed) {
        (Ok(l), Ok(s)) => assert_eq!(*l, s.len(), "signed_body_len != sign_body().len()"),
        (Err(Error::GeneralNotObject), Err(Error::GeneralNotObject)) => {
            assert_untouched(&body, "sign_body with a general that is not an object");
            return;
        }
        _ => panic!("signed_body_len {body_len:?} but sign_body {signed:?}"),
    }
    let signed = signed.unwrap();
    let l = signed.len();
    assert_untouched(&body[l..], "sign_body past its output");
    let mut small = canary(l - 1);
    assert_eq!(
        sign_body(data, SECRET, &mut small),
        Err(Error::BufferTooSmall { needed: l })
    );
    assert_untouched(&small, "sign_body with a small buffer");

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
        verify(&signed, SECRET, Mode::Strict),
        Ok(Order::Natural),
        "the signed copy does not verify strictly"
    );
    assert_eq!(signer.verify(&signed, Mode::Tolerant), Ok(Order::Natural));
});
