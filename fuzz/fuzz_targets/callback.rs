//! Verified typed callback parsing (`callback::parse`).
//!
//! The fuzz input is used twice: as it is (almost never signed correctly:
//! this exercises the parser and the verifier on garbage), and as the body
//! of a correctly signed copy (`sign_body` with the same secret and the
//! ambiguity opt-in), which verifies and so reaches the typed reader. For the
//! signed copy, read with a signer that has the opt-in:
//! * parsing succeeds in both modes with the natural order, or fails with
//!   `FieldType` (a known member of the wrong type), `UnsignedElement` (an
//!   `errors[]` element without a signed line) or `TooManyValues` (the two
//!   values the signature adds crossed the limit);
//! * the view equals an independent model built from serde_json's reading of
//!   the same bytes (`views::model_callback`), and a `FieldType` error names a
//!   path the model finds wrong too;
//! * scratch: a scratch as long as the body always suffices; with a smaller
//!   one the call succeeds or fails with `BufferTooSmall { needed }`, leaving
//!   the scratch untouched, and then exactly `needed` bytes suffice and give
//!   the same view;
//! * read by default (no opt-in), the same result, unless `ambiguity::check`
//!   refuses the input: then the same refusal (reason and explanation)
//!   before anything is read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use monetix_gate::callback::{parse, parse_with_signer};
use monetix_gate::{ambiguity, Error, Mode, Order, Signer};
use monetix_gate_fuzz::views::{compare, json_of, model_callback, view_callback};
use monetix_gate_fuzz::{allowing, assert_untouched, canary, explain, signed_copy, SECRET};

fuzz_target!(|data: &[u8]| {
    // As it is: never panics; on error the scratch is untouched.
    let mut scratch = canary(data.len());
    if parse(data, SECRET, Mode::Tolerant, &mut scratch).is_err() {
        assert_untouched(&scratch, "callback::parse on raw input");
    }

    let Some(body) = signed_copy(data) else {
        return;
    };
    let signer = allowing(SECRET);
    let mut scratch = canary(body.len());
    let full = parse_with_signer(&body, &signer, Mode::Tolerant, &mut scratch)
        .map(|cb| (cb.order, view_callback(&cb)));
    // By default: the same, or the refusal of the ambiguous input.
    let mut scratch3 = canary(body.len());
    let by_default = parse_with_signer(
        &body,
        &Signer::new(SECRET).unwrap(),
        Mode::Tolerant,
        &mut scratch3,
    )
    .map(|cb| (cb.order, view_callback(&cb)));
    match (ambiguity::check(data), &by_default) {
        (
            Err(a @ Error::Ambiguous { reason: r1, .. }),
            Err(b @ Error::Ambiguous { reason: r2, .. }),
        ) if r1 == *r2 => {
            assert_eq!(
                explain(data, &a),
                explain(&body, b),
                "the same member offends"
            );
            assert_untouched(&scratch3, "a refused callback");
        }
        (Err(Error::Ambiguous { .. }), Err(Error::TooManyValues)) => {}
        (Ok(()), got) => assert_eq!(got, &full, "by default and with the opt-in"),
        (a, b) => panic!("ambiguity::check {a:?}, the signed copy read by default {b:?}"),
    }
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
        Err(Error::FieldType { .. } | Error::UnsignedElement { .. }) => {
            assert_untouched(&scratch, "FieldType / UnsignedElement")
        }
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
