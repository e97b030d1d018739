//! A build without the `float` feature: numbers with a fraction or an
//! exponent, and integers beyond 64 bits, are refused with
//! `Error::FloatUnsupported` wherever their line would be produced (after the
//! ambiguity check, which comes first); every other shared vector signs and
//! verifies as usual. Run with `cargo test -p monetix-gate --no-default-features
//! --test no_float`.
#![cfg(not(feature = "float"))]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use monetix_gate::{canonical, canonical_len, AmbiguousData, Error, Mode, Signer};
use serde_json::Value;

const VECTORS: &str = include_str!("../../tests/vectors/signature.json");

/// The cases whose input holds a number that needs float formatting.
const FLOAT_CASES: [&str; 3] = [
    "edge_floats",
    "edge_large_integers",
    "edge_negative_numbers",
];

#[test]
fn floats_are_refused_and_everything_else_works() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let mut refused = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let input = case["input"].as_str().unwrap().as_bytes();
        let secret = case["secret"].as_str().unwrap().as_bytes();
        let signer = Signer::new(secret)
            .unwrap()
            .with_ambiguous_data(AmbiguousData::Allow);
        let mut out = vec![0u8; input.len() * 4 + 64];
        match case["kind"].as_str().unwrap() {
            "sign" => match signer.sign(input) {
                Err(Error::FloatUnsupported { .. }) => {
                    assert!(matches!(
                        canonical(input, &mut out),
                        Err(Error::FloatUnsupported { .. })
                    ));
                    // No canonical string, so no length for one either.
                    assert!(matches!(
                        canonical_len(input),
                        Err(Error::FloatUnsupported { .. })
                    ));
                    refused.push(name.to_owned());
                }
                Ok(sig) => {
                    assert_eq!(sig.as_str(), case["signature"].as_str().unwrap(), "{name}");
                    assert_eq!(
                        canonical(input, &mut out).unwrap(),
                        case["canonical"].as_str().unwrap(),
                        "{name}"
                    );
                    assert_eq!(
                        canonical_len(input),
                        Ok(case["canonical"].as_str().unwrap().len()),
                        "{name}"
                    );
                }
                Err(e) => panic!("{name}: {e:?}"),
            },
            _ => {
                let want = case["tolerant"].as_bool().unwrap();
                assert_eq!(signer.verify(input, Mode::Tolerant).is_ok(), want, "{name}");
            }
        }
    }
    assert_eq!(refused, FLOAT_CASES);
}

#[test]
fn the_ambiguity_refusal_comes_first() {
    // Beyond i64: ambiguous by default, float-less with the opt-in.
    let body = br#"{"operation":{"id":9223372036854775808}}"#;
    let strict = Signer::new(b"secret").unwrap();
    assert!(matches!(strict.sign(body), Err(Error::Ambiguous { .. })));
    let allowing = strict.clone().with_ambiguous_data(AmbiguousData::Allow);
    assert_eq!(
        allowing.sign(body),
        Err(Error::FloatUnsupported { offset: 14 })
    );
    // A plain fraction is not ambiguous: the float error at once.
    assert_eq!(
        strict.sign(br#"{"a":1.5}"#),
        Err(Error::FloatUnsupported { offset: 1 })
    );
    // Unsigned members are not refused: frame_mode and the signature.
    assert!(strict
        .sign(br#"{"frame_mode":1.5,"signature":2.5,"a":1}"#)
        .is_ok());
}
