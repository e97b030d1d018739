//! The request reader (`payout::read`): seed-shaped fields in, a typed,
//! validated request out, every problem reported at once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use monetix_gate::json::Document;
use monetix_gate::payout::read::{self, Mode, ReadError};
use monetix_gate::payout::{ExtraValue, Options, Reason};
use monetix_gate::source::DocumentSource;
use monetix_gate::{sign, verify, Error};

const CAMBODIA: &str = include_str!("../../examples/cambodia-request.json");
const COLOMBIA: &str = include_str!("../../examples/colombia-request.json");
/// The seed requests and the shared vectors (`tests/seed/mod.rs`).
mod seed;

fn vector_signature(name: &str) -> String {
    seed::case(name).signature
}

/// The problems reading `json` as a Cambodia payout reports, as `path: reason` lines.
fn cambodia_problems(json: &str, mode: Mode) -> Vec<String> {
    let doc = Document::<512, 16>::parse(json.as_bytes()).unwrap();
    let src = DocumentSource::new(&doc);
    let mut scratch = vec![0u8; json.len() * 2];
    let lines = match read::cambodia(&src, mode, Options::new(), &mut scratch) {
        Ok(_) => Vec::new(),
        Err(ReadError::Invalid(v)) => v.iter().map(ToString::to_string).collect(),
        Err(ReadError::Error(e)) => panic!("{e}"),
    };
    lines
}

#[test]
fn the_seed_requests_read_and_sign_as_the_vectors() {
    let doc = Document::<512, 16>::parse(CAMBODIA.as_bytes()).unwrap();
    let r = read::cambodia(
        &DocumentSource::new(&doc),
        Mode::Build,
        Options::new(),
        &mut [],
    )
    .unwrap();
    let mut out = [0u8; 2048];
    let body = r
        .payout()
        .sign_into(b"secret", &mut out, Options::new())
        .unwrap();
    assert_eq!(
        sign(body, b"secret").unwrap().as_str(),
        vector_signature(seed::CAMBODIA_PAYOUT_REQUEST)
    );
    assert!(verify(body, b"secret", monetix_gate::Mode::Strict).is_ok());

    // Colombia's seed bank 12345 is not in its table: refused unless allowed.
    let doc = Document::<512, 16>::parse(COLOMBIA.as_bytes()).unwrap();
    let src = DocumentSource::new(&doc);
    match read::colombia(&src, Mode::Build, Options::new(), &mut []) {
        Err(ReadError::Invalid(v)) => {
            assert_eq!(v.len(), 1);
            assert_eq!(v[0].path, "account.bank_id");
            assert_eq!(v[0].reason, Reason::UnknownBank);
            // The message names the ID, the switch and how to list the banks.
            assert_eq!(
                v[0].to_string(),
                "account.bank_id: 12345 is not in the Bank transfers in Colombia bank table; \
                 to send it anyway, allow unlisted banks (the allow_unlisted_bank option, \
                 --allow-unlisted-bank on the command line); to see the table, list the \
                 method's banks (banks)"
            );
        }
        other => panic!("{other:?}"),
    }
    let opts = Options::new().allow_unlisted_bank(true);
    let r = read::colombia(&src, Mode::Build, opts, &mut []).unwrap();
    let body = r.payout().sign_into(b"secret", &mut out, opts).unwrap();
    assert_eq!(
        sign(body, b"secret").unwrap().as_str(),
        vector_signature(seed::COLOMBIA_PAYOUT_REQUEST)
    );
}

#[test]
fn every_problem_at_once() {
    let json = r#"{
        "general": {"payment_id": 47, "project_id": "1234"},
        "customer": {"id": "c", "ip_address": "198.51.100.47", "emial": "a@b.cc", "phone": "12"},
        "account": {"number": "1", "bank_id": -1, "customer_name": "J", "brnach": "x"},
        "payment": {"currency": "KHR", "amount": 1.5},
        "frame_mode": "iframe",
        "colour": "red"
    }"#;
    assert_eq!(
        cambodia_problems(json, Mode::Build),
        [
            "general.payment_id: must be a string",
            "general.project_id: must be an integer (64-bit)",
            "customer.emial: unknown parameter (other Gate parameters go in \"extras\"); did you mean customer.email?",
            "account.bank_id: must be an integer from 0 to 4294967295",
            "account.brnach: unknown parameter (other Gate parameters go in \"extras\"); did you mean account.branch?",
            "payment.amount: must be an integer (64-bit)",
            "frame_mode: reserved (the signature, frame_mode, or a typed field)",
            "colour: unknown parameter (other Gate parameters go in \"extras\")",
            "customer.email: required",
        ]
    );
}

#[test]
fn absent_and_null_fields_are_required() {
    let problems = cambodia_problems(
        r#"{"general":{"project_id":null},"customer":null}"#,
        Mode::Build,
    );
    for path in [
        "general.project_id",
        "general.payment_id",
        "customer.id",
        "customer.ip_address",
        "customer.email",
        "customer.phone",
        "account.number",
        "account.bank_id",
        "account.customer_name",
        "payment.currency",
        "payment.amount",
    ] {
        assert!(
            problems.contains(&format!("{path}: required")),
            "{path} in {problems:?}"
        );
    }
    // Optional fields are never required.
    assert!(!problems.iter().any(|p| p.starts_with("account.branch")));
    // Objects of the wrong type.
    let problems = cambodia_problems(r#"{"customer":"c","account":[1]}"#, Mode::Build);
    assert!(problems.contains(&"customer: must be an object".to_owned()));
    assert!(problems.contains(&"account: must be an object".to_owned()));
    // Their fields are not also reported as required.
    assert!(!problems.iter().any(|p| p.starts_with("customer.")));
}

#[test]
fn extras_go_through_the_explicit_channel() {
    let mut json: serde_json::Value = serde_json::from_str(CAMBODIA).unwrap();
    json["extras"] =
        serde_json::json!({"customer.country": "KH", "payment.tip": 5, "general.vip": true});
    let text = json.to_string();
    let doc = Document::<512, 16>::parse(text.as_bytes()).unwrap();
    let r = read::cambodia(
        &DocumentSource::new(&doc),
        Mode::Build,
        Options::new(),
        &mut [],
    )
    .unwrap();
    let p = r.payout();
    assert_eq!(p.extras.len(), 3);
    assert_eq!(p.extras[0].path, "customer.country");
    assert_eq!(p.extras[0].value, ExtraValue::Str("KH"));
    assert_eq!(p.extras[1].value, ExtraValue::Int(5));
    assert_eq!(p.extras[2].value, ExtraValue::Bool(true));
    let mut out = [0u8; 4096];
    let body = p.sign_into(b"secret", &mut out, Options::new()).unwrap();
    let body = core::str::from_utf8(body).unwrap();
    assert!(body.contains(r#""country":"KH""#), "{body}");

    // Wrong values and malformed paths are violations like any other.
    json["extras"] =
        serde_json::json!({"customer.country": null, "customer..x": 1, "customer.id": "x"});
    let problems = cambodia_problems(&json.to_string(), Mode::Build);
    assert_eq!(
        problems,
        [
            "customer.country: must be a string, an integer or a boolean",
            "customer..x: not a parameter path (1 to 6 dot-separated names of ASCII letters, digits and _, at most 64 bytes)",
            "customer.id: given more than once",
        ]
    );
}

#[test]
fn escapes_and_unknown_paths_use_measured_scratch() {
    let json = r#"{"general":{"project_id":1,"payment_id":"p\u0031"},"customer":{"id":"c","ip_address":"198.51.100.47","email":"a@b.cc","phone":"12"},"account":{"number":"1","bank_id":61021,"customer_name":"Jos\u00e9"},"payment":{"currency":"KHR","amount":1}}"#;
    let doc = Document::<512, 16>::parse(json.as_bytes()).unwrap();
    let src = DocumentSource::new(&doc);
    let mut small = [0u8; 3];
    let needed = match read::cambodia(&src, Mode::Build, Options::new(), &mut small) {
        Err(ReadError::Error(Error::BufferTooSmall { needed })) => needed,
        other => panic!("{other:?}"),
    };
    assert_eq!(needed, "p1".len() + "José".len());
    assert_eq!(small, [0; 3], "nothing written");
    let mut scratch = vec![0u8; needed];
    let r = read::cambodia(&src, Mode::Build, Options::new(), &mut scratch).unwrap();
    assert_eq!(r.payout().general.payment_id, "p1");
    assert_eq!(r.payout().account.customer_name, "José");
}

#[test]
fn received_requests_keep_unknown_leaves_as_extras() {
    let mut json: serde_json::Value = serde_json::from_str(CAMBODIA).unwrap();
    json["general"]["signature"] = "x".into();
    json["customer"]["country"] = "KH".into();
    json["receipt"] = serde_json::json!({"lines": [1, 2], "total": {"amount": 5}, "frame_mode": 1});
    let text = json.to_string();
    assert_eq!(
        cambodia_problems(&text, Mode::Received),
        Vec::<String>::new()
    );
    let doc = Document::<512, 16>::parse(text.as_bytes()).unwrap();
    let mut scratch = vec![0u8; 256];
    let r = read::cambodia(
        &DocumentSource::new(&doc),
        Mode::Received,
        Options::new(),
        &mut scratch,
    )
    .unwrap();
    let paths: Vec<&str> = r.extras().iter().map(|e| e.path).collect();
    assert_eq!(paths, ["customer.country", "receipt.total.amount"]);
    // The same body to build from: the signature and unknown members are violations.
    let problems = cambodia_problems(&text, Mode::Build);
    assert!(problems
        .iter()
        .any(|p| p.starts_with("general.signature: reserved")));
    assert!(problems
        .iter()
        .any(|p| p.starts_with("customer.country: unknown parameter")));
    assert!(problems
        .iter()
        .any(|p| p.starts_with("receipt: unknown parameter")));
}

#[test]
fn ambiguous_fields_are_violations_unless_allowed() {
    let mut json: serde_json::Value = serde_json::from_str(CAMBODIA).unwrap();
    json["account"]["customer_name"] = "John;payment:status:success".into();
    let text = json.to_string();
    assert_eq!(
        cambodia_problems(&text, Mode::Build),
        ["account.customer_name: a ';' followed by ':' could forge a signed line"]
    );
    let doc = Document::<512, 16>::parse(text.as_bytes()).unwrap();
    let opts = Options::new().ambiguous_data(monetix_gate::AmbiguousData::Allow);
    assert!(read::cambodia(&DocumentSource::new(&doc), Mode::Build, opts, &mut []).is_ok());
}

#[test]
fn status_requests() {
    let doc =
        Document::<512, 16>::parse(br#"{"general":{"project_id":1234,"payment_id":"payment_47"}}"#)
            .unwrap();
    let r = read::status(
        &DocumentSource::new(&doc),
        Mode::Build,
        Options::new(),
        &mut [],
    )
    .unwrap();
    assert_eq!(r.request().payment_id, "payment_47");
    let doc = Document::<512, 16>::parse(br#"{"general":{"project_id":0},"x":1}"#).unwrap();
    match read::status(
        &DocumentSource::new(&doc),
        Mode::Build,
        Options::new(),
        &mut [],
    ) {
        Err(ReadError::Invalid(v)) => {
            let lines: Vec<String> = v.iter().map(ToString::to_string).collect();
            assert_eq!(
                lines,
                [
                    "x: unknown parameter (other Gate parameters go in \"extras\")",
                    "general.payment_id: required",
                    "general.project_id: must be greater than zero",
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_currency_of_another_method_lists_the_allowed_ones() {
    let text = CAMBODIA.replace("\"KHR\"", "\"COP\"");
    assert_eq!(
        cambodia_problems(&text, Mode::Build),
        ["payment.currency: \"COP\" is not a currency of Banks of Cambodia (allowed: KHR, USD)"]
    );
}

#[test]
fn a_full_list_says_it_is_cut() {
    let mut json: serde_json::Value = serde_json::from_str(CAMBODIA).unwrap();
    for i in 0..60 {
        json[format!("unknown_{i}")] = i.into();
    }
    let problems = cambodia_problems(&json.to_string(), Mode::Build);
    assert_eq!(problems.len(), monetix_gate::payout::MAX_VIOLATIONS);
    assert_eq!(
        problems[0],
        "unknown_0: unknown parameter (other Gate parameters go in \"extras\")"
    );
    assert_eq!(
        problems.last().unwrap(),
        "more violations were found than are listed"
    );
}

#[test]
fn extras_conflicts_are_each_reported_and_status_requests_take_none() {
    let mut json: serde_json::Value = serde_json::from_str(CAMBODIA).unwrap();
    json["extras"] = serde_json::json!({"customer.country": "KH", "customer.country.x": 1});
    assert_eq!(
        cambodia_problems(&json.to_string(), Mode::Build),
        ["customer.country.x: conflicts with another parameter (a path cannot be both a value and an object)"]
    );
    let doc = Document::<64, 8>::parse(
        br#"{"general":{"project_id":1,"payment_id":"p"},"extras":{"customer.country":"KH"}}"#,
    )
    .unwrap();
    match read::status(
        &DocumentSource::new(&doc),
        Mode::Build,
        Options::new(),
        &mut [],
    ) {
        Err(ReadError::Invalid(v)) => {
            assert_eq!(v.len(), 1);
            assert_eq!(v[0].path, "extras");
            assert_eq!(v[0].reason, Reason::Unknown);
        }
        other => panic!("{other:?}"),
    }
}
