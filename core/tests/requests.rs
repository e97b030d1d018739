//! The shared request cases (`tests/vectors/requests.json`): fields in, the
//! signature or the exact violations out. The C, Python and command-line
//! interfaces run the same file and must give the same results.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use monetix_gate::json::Document;
use monetix_gate::payout::read::{self, Mode, ReadError};
use monetix_gate::payout::{Options, Request};
use monetix_gate::source::DocumentSource;
use monetix_gate::{canonical, AmbiguousData};
use serde_json::Value;

const CASES: &str = include_str!("../../tests/vectors/requests.json");

/// What the interface gives: `Ok(canonical, signature)` or every violation line.
fn run(method: &str, fields: &[u8], opts: Options) -> Result<(String, String), Vec<String>> {
    let doc = match Document::<512, 16>::parse(fields) {
        Ok(doc) => doc,
        Err(e) => return Err(vec![e.to_string()]),
    };
    let src = DocumentSource::new(&doc);
    let mut scratch = vec![0u8; fields.len() * 2];
    let mut out = vec![0u8; 8192];
    fn finish<'a, R: Request<'a>>(r: &R, opts: Options, out: &mut [u8]) -> (String, String) {
        let body = r.sign_into(b"secret", out, opts).unwrap();
        let mut text = vec![0u8; body.len() * 2];
        let c = canonical(body, &mut text).unwrap().to_owned();
        let signed: Value = serde_json::from_slice(body).unwrap();
        (
            c,
            signed["general"]["signature"].as_str().unwrap().to_owned(),
        )
    }
    let lines = |e: ReadError<'_>| match e {
        ReadError::Invalid(v) => v.iter().map(ToString::to_string).collect(),
        ReadError::Error(e) => vec![e.to_string()],
    };
    match method {
        "cambodia" => read::cambodia(&src, Mode::Build, opts, &mut scratch)
            .map(|r| finish(&r.payout(), opts, &mut out))
            .map_err(lines),
        "colombia" => read::colombia(&src, Mode::Build, opts, &mut scratch)
            .map(|r| finish(&r.payout(), opts, &mut out))
            .map_err(lines),
        "status" => read::status(&src, Mode::Build, opts, &mut scratch)
            .map(|r| finish(&r.request(), opts, &mut out))
            .map_err(lines),
        other => panic!("unknown method {other}"),
    }
}

#[test]
fn every_request_case() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let fields = match case.get("fields_json") {
            Some(text) => text.as_str().unwrap().to_owned(),
            None => case["fields"].to_string(),
        };
        let o = &case["options"];
        let mut opts = Options::new().allow_unlisted_bank(o["allow_unlisted_bank"] == true);
        if o["allow_ambiguous"] == true {
            opts = opts.ambiguous_data(AmbiguousData::Allow);
        }
        let got = run(case["method"].as_str().unwrap(), fields.as_bytes(), opts);
        let expect = &case["expect"];
        match expect.get("violations") {
            Some(v) => {
                let want: Vec<String> = serde_json::from_value(v.clone()).unwrap();
                assert_eq!(got, Err(want), "{name}");
            }
            None => {
                let (c, s) = got.unwrap_or_else(|v| panic!("{name}: {v:?}"));
                assert_eq!(c, expect["canonical"].as_str().unwrap(), "{name}");
                assert_eq!(s, expect["signature"].as_str().unwrap(), "{name}");
            }
        }
    }
}
