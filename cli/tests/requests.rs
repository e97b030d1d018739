//! The shared request cases (`tests/vectors/requests.json`) through the
//! binary: `payout cambodia|colombia` and `status` must give the same
//! signature, or the same violations line for line, as every other interface.

mod common;

use serde_json::Value;

use common::gate;

const CASES: &str = include_str!("../../tests/vectors/requests.json");

#[test]
fn every_request_case() {
    let doc: Value = serde_json::from_str(CASES).expect("cases parse");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let fields = match case.get("fields_json") {
            Some(text) => text.as_str().expect("text").to_owned(),
            None => case["fields"].to_string(),
        };
        let mut args: Vec<&str> = match case["method"].as_str().expect("method") {
            "status" => vec!["status"],
            method => vec!["payout", method],
        };
        let options = &case["options"];
        if options["allow_unlisted_bank"] == true {
            args.push("--allow-unlisted-bank");
        }
        if options["allow_ambiguous"] == true {
            args.push("--allow-ambiguous");
        }
        let out = gate(&args).secret("secret").stdin(&fields).run();
        let expect = &case["expect"];
        match expect.get("violations") {
            Some(want) => {
                assert_eq!(out.code, 2, "{name}: {out:?}");
                assert_eq!(out.stdout, "", "{name}");
                let want: Vec<String> = serde_json::from_value(want.clone()).expect("lines");
                // A parse error is one prefixed line; violations are bare lines.
                let got: Vec<&str> = out
                    .stderr
                    .lines()
                    .map(|l| l.strip_prefix("monetix-gate: ").unwrap_or(l))
                    .collect();
                assert_eq!(got, want, "{name}");
            }
            None => {
                let body: Value = serde_json::from_str(out.ok()).expect("signed body");
                assert_eq!(body["general"]["signature"], expect["signature"], "{name}");
            }
        }
    }
}
