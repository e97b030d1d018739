//! Acknowledgement parsing (`response::ack`), and the status response reader
//! (`response::status_unverified`, `response::status` on a signed copy).
//!
//! Never panics; on success the view equals an independent model built from
//! serde_json's reading of the same bytes (`views::model_ack`,
//! `views::model_status`); a `FieldType` error names a path the model finds
//! wrong too; parse errors are those of the engine (`canonical_len`); on any
//! error the scratch is untouched; a scratch as long as the body suffices,
//! and the exact `needed` of `BufferTooSmall` suffices too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use monetix_gate::response::{ack, ack_verified, status, status_unverified};
use monetix_gate::{canonical_len, Error, Mode, Order, Signer};
use monetix_gate_fuzz::views::{compare, json_of, model_ack, model_status, view_ack, view_status};
use monetix_gate_fuzz::{assert_untouched, canary, signed_copy, SECRET};

fuzz_target!(|data: &[u8]| {
    let parsed = canonical_len(data);

    let mut scratch = canary(data.len());
    let a = ack(data, &mut scratch).map(|a| (a.order, view_ack(&a)));
    if a.is_err() {
        assert_untouched(&scratch, "ack");
    }
    let mut scratch = canary(data.len());
    let s = status_unverified(data, &mut scratch).map(|s| (s.order, view_status(&s)));
    if s.is_err() {
        assert_untouched(&scratch, "status_unverified");
    }
    if let Err(e) = parsed {
        assert_eq!(a.as_ref().err(), Some(&e), "ack and the engine disagree");
        assert_eq!(s.as_ref().err(), Some(&e), "status and the engine disagree");
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
    compare("ack", a.clone(), model_ack(&root));
    compare("status", s.map(|(_, v)| v), model_status(&root));

    if let Ok(view) = &a {
        let mut none: [u8; 0] = [];
        match ack(data, &mut none) {
            Ok(x) => assert_eq!(&view_ack(&x), view),
            Err(Error::BufferTooSmall { needed }) => {
                assert!(needed > 0 && needed <= data.len());
                let mut small = canary(needed - 1);
                assert_eq!(
                    ack(data, &mut small).err(),
                    Some(Error::BufferTooSmall { needed })
                );
                assert_untouched(&small, "ack scratch one byte short");
                let mut exact = canary(needed);
                let x = ack(data, &mut exact).expect("the scratch asked for does not suffice");
                assert_eq!(&view_ack(&x), view);
            }
            Err(e) => panic!("ack with an empty scratch: {e:?}"),
        }
    }

    // Signed copies verify, then read like the unverified body would.
    let Some(body) = signed_copy(data) else {
        return;
    };
    let signer = Signer::new(SECRET).unwrap();
    let root = json_of(&body);
    let mut scratch = canary(body.len());
    match ack_verified(&body, &signer, Mode::Strict, &mut scratch) {
        Err(Error::TooManyValues) => return,
        r => {
            if let Ok(x) = &r {
                assert_eq!(x.order, Some(Order::Natural));
            }
            compare("ack_verified", r.map(|x| view_ack(&x)), model_ack(&root));
        }
    }
    let mut scratch = canary(body.len());
    let r = status(&body, &signer, Mode::Tolerant, &mut scratch);
    if let Ok(x) = &r {
        assert_eq!(x.order, Some(Order::Natural));
    }
    compare("status", r.map(|x| view_status(&x)), model_status(&root));
});
