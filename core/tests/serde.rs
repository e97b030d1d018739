//! The `serde` feature: the typed views serialise as the JSON the CLI prints.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, missing_docs)]

use monetix_gate::callback;
use monetix_gate::payout::{cambodia, Options};
use monetix_gate::{sign, Mode};
use serde_json::json;

#[test]
fn a_callback_serialises_with_its_platform_spellings() {
    let body = r#"{"project_id":1234,"payment":{"id":"p","type":"payout","status":"success","sum":{"amount":5,"currency":"KHR"}},"operation":{"id":47,"status":"awaiting retry","code":"0","provider":{"id":12345}},"errors":[{"code":20000,"message":"limit"}]}"#;
    let sig = sign(body.as_bytes(), b"secret").unwrap();
    let signed = format!("{},\"signature\":\"{sig}\"}}", &body[..body.len() - 1]);
    let cb = callback::parse(signed.as_bytes(), b"secret", Mode::Strict, &mut []).unwrap();
    let v = serde_json::to_value(cb).unwrap();
    assert_eq!(v["payment"]["type"], json!("payout"));
    assert_eq!(v["payment"]["status"], json!("success"));
    assert_eq!(v["operation"]["status"], json!("awaiting retry"));
    assert_eq!(v["operation"]["code"], json!("0"));
    assert_eq!(v["operation"]["provider"]["id"], json!(12345));
    assert_eq!(
        v["errors"],
        json!([{"code": 20000, "field": null, "message": "limit", "description": null}])
    );
    assert_eq!(v["order"], json!("natural"));
    assert_eq!(
        serde_json::to_value(cb.outcome()).unwrap(),
        json!("pending")
    );
}

#[test]
fn violations_serialise_as_path_and_reason() {
    let payout = cambodia::Payout::default();
    let report = payout.validate(Options::new());
    let v = serde_json::to_value(report[0]).unwrap();
    assert_eq!(v["field"], json!("general.project_id"));
    assert_eq!(v["path"], json!("general.project_id"));
    assert_eq!(v["reason"], json!("must be greater than zero"));
    assert_eq!(v["hint"], json!(null));
}
