//! Verified typed callback parsing (`callback::parse`).
//!
//! The fuzz input is used twice: as it is (almost never signed correctly:
//! this exercises the parser and the verifier on garbage), and as the body
//! of a correctly signed copy (`sign_body` with the same secret), which
//! verifies and so reaches the typed reader. For the signed copy:
//! * parsing succeeds in both modes with the natural order, or fails with
//!   `FieldType` (a known member of the wrong type) or `TooManyValues` (the
//!   two values the signature adds crossed the limit);
//! * the view equals an independent model built from serde_json's reading of
//!   the same bytes (`views::model_callback`), and a `FieldType` error names a
//!   path the model finds wrong too;
//! * scratch: a scratch as long as the body always suffices; with a smaller
//!   one the call succeeds or fails with `BufferTooSmall { needed }`, leaving
//!   the scratch untouched, and then exactly `needed` bytes suffice and give
//!   the same view.
#![no_main]

use libfuzzer_sys::fuzz_target;
use monetix_gate::callback::{parse, parse_with_signer};
use monetix_gate::{Error, Mode, Order, Signer};
use monetix_gate_fuzz::views::{compare, json_of, model_callback, view_callback};
use monetix_gate_fuzz::{assert_untouched, canary, signed_copy, SECRET};

fuzz_target!(|data: &[u8]| {
    // As it is: never panics; on error the scratch is untouched.
    let mut scratch = canary(data.len());
    if parse(data, SECRET, Mode::Tolerant, &mut scratch).is_err() {
        assert_untouched(&scratch, "callback::parse on raw input");
    }

    let Some(body) = signed_copy(data) else {
        return;
    };
    let signer = Signer::new(SECRET).unwrap();
    let mut scratch = canary(body.len());
    let full = parse_with_signer(&body, &signer, Mode::Tolerant, &mut scratch)
        .map(|cb| (cb.order, view_callback(&cb)));
    let mut scratch2 = canary(body.len());
    let strict = parse_with_signer(&body, &signer, Mode::Strict, &mut scratch2)
        .map(|cb| (cb.order, view_callback(&cb)));
    assert_eq!(
        full, strict,
        "tolerant and strict disagree on a signed copy"
    );
    match &full {
        Ok((order, _)) => assert_eq!(*order, Order::Natural),
        Err(Error::TooManyValues) => return,
        Err(Error::FieldType { .. }) => assert_untouched(&scratch, "FieldType"),
        Err(e) => panic!("a signed copy fails with {e:?}"),
    }
    compare(
        "callback",
        full.clone().map(|(_, v)| v),
        model_callback(&json_of(&body)),
    );
    let Ok((_, view)) = full else { return };

    // Scratch sizing: nothing, then exactly what is asked for.
    let mut none: [u8; 0] = [];
    match parse_with_signer(&body, &signer, Mode::Tolerant, &mut none) {
        Ok(cb) => assert_eq!(view_callback(&cb), view),
        Err(Error::BufferTooSmall { needed }) => {
            assert!(needed > 0 && needed <= body.len(), "needed {needed}");
            let mut small = canary(needed - 1);
            assert_eq!(
                parse_with_signer(&body, &signer, Mode::Tolerant, &mut small).err(),
                Some(Error::BufferTooSmall { needed })
            );
            assert_untouched(&small, "callback scratch one byte short");
            let mut exact = canary(needed);
            let cb = parse_with_signer(&body, &signer, Mode::Tolerant, &mut exact)
                .expect("the scratch size asked for does not suffice");
            assert_eq!(view_callback(&cb), view);
        }
        Err(e) => panic!("empty scratch: {e:?}"),
    }
});
