//! Acknowledgement parsing (`response::parse_unsigned_acknowledgement`, and
//! `response::parse_signed_acknowledgement` on a signed copy), and the status
//! response reader (`response::parse_status_response_unverified`,
//! `response::parse_status_response` on a signed copy), signed copies read
//! with the ambiguity opt-in, and by default: the same, or the refusal
//! `ambiguity::check` gives the input.
//!
//! Never panics; on success the view equals an independent model built from
//! serde_json's reading of the same bytes (`views::model_ack`,
//! `views::model_status`); a `FieldType` error names a path the model finds
//! wrong too; parse errors are those of the engine (`canonical_len`); on any
//! error the scratch is untouched; a scratch as long as the body suffices,
//! and the exact `needed` of `BufferTooSmall` suffices too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use monetix_gate::response::{
    parse_signed_acknowledgement, parse_status_response, parse_status_response_unverified,
    parse_unsigned_acknowledgement,
};
use monetix_gate::{ambiguity, canonical_len, Error, Mode, Order, Signer};
use monetix_gate_fuzz::views::{compare, json_of, model_ack, model_status, view_ack, view_status};
use monetix_gate_fuzz::{allowing, assert_untouched, canary, signed_copy, SECRET};

fuzz_target!(|data: &[u8]| {
    let parsed = canonical_len(data);

    let mut scratch = canary(data.len());
    let a = parse_unsigned_acknowledgement(data, &mut scratch).map(|a| (a.order, view_ack(&a)));
    if a.is_err() {
        assert_untouched(&scratch, "parse_unsigned_acknowledgement");
    }
    let mut scratch = canary(data.len());
    let s =
        parse_status_response_unverified(data, &mut scratch).map(|s| (s.order, view_status(&s)));
    if s.is_err() {
        assert_untouched(&scratch, "parse_status_response_unverified");
    }
    if let Err(e) = parsed {
        assert_eq!(
            a.as_ref().err(),
            Some(&e),
            "parse_unsigned_acknowledgement and the engine disagree"
        );
        assert_eq!(
            s.as_ref().err(),
            Some(&e),
            "parse_status_response_unverified and the engine disagree"
        );
        return;
    }
    if let Ok((order, _)) = &a {
        assert_eq!(*order, None);
    }
    if let Ok((order, _)) = &s {
        assert_eq!(*order, None);
    }
    let root = json_of(data);
    let a = a.map(|(_, v)| v);
    compare(
        "parse_unsigned_acknowledgement",
        a.clone(),
        model_ack(&root),
    );
    compare(
        "parse_status_response_unverified",
        s.map(|(_, v)| v),
        model_status(&root),
    );

    if let Ok(view) = &a {
        let mut none: [u8; 0] = [];
        match parse_unsigned_acknowledgement(data, &mut none) {
            Ok(x) => assert_eq!(&view_ack(&x), view),
            Err(Error::BufferTooSmall { needed }) => {
                assert!(needed > 0 && needed <= data.len());
                let mut small = canary(needed - 1);
                assert_eq!(
                    parse_unsigned_acknowledgement(data, &mut small).err(),
                    Some(Error::BufferTooSmall { needed })
                );
                assert_untouched(
                    &small,
                    "parse_unsigned_acknowledgement scratch one byte short",
                );
                let mut exact = canary(needed);
                let x = parse_unsigned_acknowledgement(data, &mut exact)
                    .expect("the scratch asked for does not suffice");
                assert_eq!(&view_ack(&x), view);
            }
            Err(e) => panic!("parse_unsigned_acknowledgement with an empty scratch: {e:?}"),
        }
    }

    // Signed copies verify, then read like the unverified body would.
    let Some(body) = signed_copy(data) else {
        return;
    };
    let signer = allowing(SECRET);
    let strict = Signer::new(SECRET).unwrap();
    let refusal = ambiguity::check(data).err();
    let root = json_of(&body);
    let mut scratch = canary(body.len());
    let r = parse_signed_acknowledgement(&body, &signer, Mode::Strict, &mut scratch)
        .map(|x| (x.order, view_ack(&x)));
    if r == Err(Error::TooManyValues) {
        return;
    }
    let mut scratch = canary(body.len());
    let d = parse_signed_acknowledgement(&body, &strict, Mode::Strict, &mut scratch)
        .map(|x| (x.order, view_ack(&x)));
    by_default("parse_signed_acknowledgement", &r, &d, refusal);
    if let Ok((order, _)) = &r {
        assert_eq!(*order, Some(Order::Natural));
    }
    compare(
        "parse_signed_acknowledgement",
        r.map(|(_, v)| v),
        model_ack(&root),
    );
    let mut scratch = canary(body.len());
    let r = parse_status_response(&body, &signer, Mode::Tolerant, &mut scratch)
        .map(|x| (x.order, view_status(&x)));
    let mut scratch = canary(body.len());
    let d = parse_status_response(&body, &strict, Mode::Tolerant, &mut scratch)
        .map(|x| (x.order, view_status(&x)));
    by_default("parse_status_response", &r, &d, refusal);
    if let Ok((order, _)) = &r {
        assert_eq!(*order, Some(Order::Natural));
    }
    compare(
        "parse_status_response",
        r.map(|(_, v)| v),
        model_status(&root),
    );
});

/// A verified reader by default gives what it gives with the opt-in, or the
/// refusal (same reason) when `ambiguity::check` refuses the input.
#[track_caller]
fn by_default<T: PartialEq + core::fmt::Debug>(
    what: &str,
    with_opt_in: &Result<T, Error>,
    by_default: &Result<T, Error>,
    refusal: Option<Error>,
) {
    match (refusal, by_default) {
        (None, got) => assert_eq!(got, with_opt_in, "{what} by default"),
        (Some(Error::Ambiguous { reason: a, .. }), Err(Error::Ambiguous { reason: b, .. }))
            if a == *b => {}
        (r, got) => panic!("{what}: ambiguity::check {r:?}, by default {got:?}"),
    }
}
