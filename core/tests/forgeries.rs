//! Forged bodies that re-split a genuine body's canonical string
//! (`tests/vectors/forgeries.json`, made by `tests/vectors/forgeries.py`):
//! every one is refused by default, in strict and tolerant mode, by plain
//! verification and by the verified callback reader, with the ambiguity error
//! naming the offending member; every genuine body still verifies.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]

use monetix_gate_reference as reference;

use monetix_gate::ambiguity::{self, Ambiguity};
use monetix_gate::{callback, sign_body, AmbiguousData, Error, Mode, Order, Signer};
use serde_json::Value;

const FORGERIES: &str = include_str!("../../tests/vectors/forgeries.json");

fn cases() -> Vec<Value> {
    let doc: Value = serde_json::from_str(FORGERIES).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn signer(allow: bool) -> Signer {
    let s = Signer::new(b"secret").unwrap();
    if allow {
        s.with_ambiguous_data(AmbiguousData::Allow)
    } else {
        s
    }
}

fn reason(name: &str) -> Ambiguity {
    match name {
        "key" => Ambiguity::Key,
        "separator" => Ambiguity::Separator,
        "integer_range" => Ambiguity::IntegerRange,
        "digits" => Ambiguity::Digits,
        "tiny" => Ambiguity::Tiny,
        other => panic!("unknown reason {other}"),
    }
}

fn explain(body: &[u8], err: &Error) -> String {
    let mut out = [0u8; 512];
    ambiguity::explain(body, err, &mut out).unwrap().to_owned()
}

#[test]
fn the_set_is_complete() {
    let names: Vec<String> = cases()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    for want in [
        "fold",
        "payment_id_rewrite",
        "split",
        "cross_protocol_replay",
        "split_byte_path",
        "big_integer",
        "key_collision",
    ] {
        assert!(names.iter().any(|n| n == want), "missing case {want}");
    }
}

#[test]
fn forged_bodies_are_refused_by_default() {
    for c in cases() {
        let name = c["name"].as_str().unwrap();
        let forged = c["forged"].as_str().unwrap().as_bytes();
        let want_reason = reason(c["error"]["reason"].as_str().unwrap());
        let want_message = c["error"]["message"].as_str().unwrap();
        for mode in [Mode::Strict, Mode::Tolerant] {
            let err = signer(false).verify(forged, mode).unwrap_err();
            let Error::Ambiguous { reason: got, .. } = err else {
                panic!("{name} {mode:?}: {err:?}");
            };
            assert_eq!(got, want_reason, "{name}");
            assert_eq!(explain(forged, &err), want_message, "{name}");
            let e2 =
                callback::parse_with_signer(forged, &signer(false), mode, &mut []).unwrap_err();
            assert_eq!(e2, err, "{name}: the callback reader refuses the same way");
        }
    }
}

#[test]
fn genuine_bodies_still_verify() {
    for c in cases() {
        let name = c["name"].as_str().unwrap();
        let genuine = c["genuine"].as_str().unwrap().as_bytes();
        let allow = c["genuine_policy"] == "allow";
        for mode in [Mode::Strict, Mode::Tolerant] {
            assert_eq!(
                signer(allow).verify(genuine, mode),
                Ok(Order::Natural),
                "{name}"
            );
        }
        if allow {
            // Genuine but ambiguous: refused without the opt-in.
            assert!(
                matches!(
                    signer(false).verify(genuine, Mode::Strict),
                    Err(Error::Ambiguous { .. })
                ),
                "{name}"
            );
        }
    }
}

#[test]
fn with_the_opt_in_the_forgeries_verify_as_documented() {
    for c in cases() {
        let name = c["name"].as_str().unwrap();
        let forged = c["forged"].as_str().unwrap().as_bytes();
        let opt = &c["opt_in"];
        for (mode, key) in [(Mode::Strict, "strict"), (Mode::Tolerant, "tolerant")] {
            let got = signer(true).verify(forged, mode);
            match opt[key].as_str().unwrap() {
                "natural" => assert_eq!(got, Ok(Order::Natural), "{name} {key}"),
                "byte-path" => assert_eq!(got, Ok(Order::BytePath), "{name} {key}"),
                "mismatch" => assert_eq!(got, Err(Error::SignatureMismatch), "{name} {key}"),
                other => panic!("{other}"),
            }
        }
        if let Some(path) = opt.get("typed_error").and_then(Value::as_str) {
            let got = callback::parse_with_signer(forged, &signer(true), Mode::Strict, &mut []);
            assert_eq!(
                got.map(|_| ()),
                Err(Error::FieldType {
                    path: if path == "operation.id" {
                        "operation.id"
                    } else {
                        panic!("{path}")
                    }
                }),
                "{name}"
            );
        }
    }
}

#[test]
fn the_genuine_requests_are_refused_when_signed_by_default() {
    for c in cases() {
        let Some(req) = c.get("unsigned_request").and_then(Value::as_str) else {
            continue;
        };
        let name = c["name"].as_str().unwrap();
        let err = signer(false).sign(req.as_bytes()).unwrap_err();
        assert_eq!(
            explain(req.as_bytes(), &err),
            c["request_error"]["message"].as_str().unwrap(),
            "{name}"
        );
        let mut out = vec![0u8; req.len() + 256];
        assert_eq!(
            sign_body(req.as_bytes(), b"secret", &mut out),
            Err(err),
            "{name}"
        );
        assert!(out.iter().all(|&b| b == 0), "{name}: nothing written");
        // With the opt-in the signature is the one the genuine body carries.
        let signed = signer(true).sign_body(req.as_bytes(), &mut out).unwrap();
        assert_eq!(signed, c["genuine"].as_str().unwrap().as_bytes(), "{name}");
    }
}

/// The independent reference (`tests/reference`, its own predicate) finds
/// each forgery's recorded offender, with the recorded reason and message;
/// a genuine body holds ambiguous data exactly when it needs the opt-in.
#[test]
fn the_reference_finds_every_forgery() {
    let exclusion = |body: &str| {
        let v: Value = serde_json::from_str(body).unwrap();
        if v.get("signature").is_some() {
            reference::Exclude::TopLevel
        } else {
            reference::Exclude::General
        }
    };
    for c in cases() {
        let name = c["name"].as_str().unwrap();
        let forged = c["forged"].as_str().unwrap();
        let f = reference::first_ambiguity(forged, exclusion(forged))
            .unwrap()
            .unwrap_or_else(|| panic!("{name}: the reference finds nothing"));
        let reason = reason(c["error"]["reason"].as_str().unwrap());
        let theirs = match f.reason {
            reference::Ambiguity::Key => Ambiguity::Key,
            reference::Ambiguity::Separator => Ambiguity::Separator,
            reference::Ambiguity::IntegerRange => Ambiguity::IntegerRange,
            reference::Ambiguity::Digits => Ambiguity::Digits,
            reference::Ambiguity::Tiny => Ambiguity::Tiny,
        };
        assert_eq!(theirs, reason, "{name}");
        assert_eq!(
            format!("{}: {reason}", reference::explained_path(&f)),
            c["error"]["message"].as_str().unwrap(),
            "{name}"
        );
        let genuine = c["genuine"].as_str().unwrap();
        let found = reference::first_ambiguity(genuine, exclusion(genuine)).unwrap();
        assert_eq!(
            found.is_some(),
            c["genuine_policy"] == "allow",
            "{name}: {found:?}"
        );
    }
}
