//! Verified, typed callbacks: the seed callbacks, tampering, where
//! the signature sits, unknown fields, escapes and scratch sizing, ids and
//! codes, missing fields, every status and the outcome table, duplicate keys
//! and wrong types.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use monetix_gate::ambiguity::Ambiguity;
use monetix_gate::callback::{
    self, classify, Callback, Code, Customer, Outcome, PaymentStatus, MAX_ERRORS,
};
use monetix_gate::json::Document;
use monetix_gate::{sign, sign_body, AmbiguousData, Error, Mode, Order, Signer};

/// The seed callbacks and the shared vectors (`tests/seed/mod.rs`).
mod seed;

const SECRET: &[u8] = b"secret";

/// The input of a case of the shared vector file.
fn vector(name: &str) -> String {
    seed::case(name).input
}

/// Appends a top-level `signature` (HMAC over everything else) to an object body.
fn sign_top(body: &str) -> String {
    let sig = sign(body.as_bytes(), SECRET).unwrap();
    let trimmed = body.trim_end();
    let inner = trimmed.strip_suffix('}').expect("an object body");
    let empty = inner.trim_end().ends_with('{');
    let comma = if empty { "" } else { "," };
    format!("{inner}{comma}\"signature\":\"{sig}\"}}")
}

/// [`sign_top`] with the ambiguity opt-in (for bodies the default refuses).
fn sign_top_allowing(body: &str) -> String {
    let signer = Signer::new(SECRET)
        .unwrap()
        .with_ambiguous_data(AmbiguousData::Allow);
    let sig = signer.sign(body.as_bytes()).unwrap();
    let inner = body.trim_end().strip_suffix('}').expect("an object body");
    let comma = if inner.trim_end().ends_with('{') {
        ""
    } else {
        ","
    };
    format!("{inner}{comma}\"signature\":\"{sig}\"}}")
}

/// Reads with the ambiguity opt-in.
fn read_allowing<'a>(body: &'a str, scratch: &'a mut [u8]) -> Result<Callback<'a>, Error> {
    let signer = Signer::new(SECRET)
        .unwrap()
        .with_ambiguous_data(AmbiguousData::Allow);
    callback::parse_with_signer(body.as_bytes(), &signer, Mode::Tolerant, scratch)
}

/// Signs at `general.signature` (the request layout).
fn sign_general(body: &str) -> String {
    let mut out = vec![0u8; body.len() + 512];
    let signed = sign_body(body.as_bytes(), SECRET, &mut out).unwrap();
    String::from_utf8(signed.to_vec()).unwrap()
}

fn read<'a>(body: &'a str, scratch: &'a mut [u8]) -> Result<Callback<'a>, Error> {
    callback::parse(body.as_bytes(), SECRET, Mode::Tolerant, scratch)
}

/// The Colombia seed success callback as printed in the seed (without its
/// illustrative signature).
const SEED_CO_SUCCESS: &str = r#"{
    "project_id": 1234,
    "payment": {
        "id": "payment_47",
        "type": "payout",
        "status": "success",
        "date": "2024-12-07T19:08:45+0000",
        "method": "Bank transfer Colombia",
        "sum": {
            "amount": 10000,
            "currency": "COP"
        },
        "description": ""
    },
    "customer": {
        "id": "customer_123"
    },
    "operation": {
        "id": 47,
        "type": "payout",
        "status": "success",
        "date": "2024-12-07T19:08:45+0000",
        "created_date": "2024-12-07T19:08:05+0000",
        "request_id": "1a23456bc7890de",
        "sum_initial": {
            "amount": 10000,
            "currency": "COP"
        },
        "sum_converted": {
            "amount": 10000,
            "currency": "COP"
        },
        "code": "0",
        "message": "Success",
        "provider": {
            "id": 12345,
            "payment_id": "123abc123-123",
            "auth_code": ""
        }
    }
}"#;

fn seed_co(status: &str, code: &str, message: &str) -> String {
    SEED_CO_SUCCESS
        .replace(
            "\"status\": \"success\"",
            &format!("\"status\": \"{status}\""),
        )
        .replace("\"code\": \"0\"", &format!("\"code\": {code}"))
        .replace(
            "\"message\": \"Success\"",
            &format!("\"message\": \"{message}\""),
        )
}

// ---------------------------------------------------------------------------
// seeds
// ---------------------------------------------------------------------------

#[test]
fn seed_success_vector_verifies_and_reads() {
    let body = vector(seed::CALLBACK_SUCCESS);
    for mode in [Mode::Tolerant, Mode::Strict] {
        let cb = callback::parse(body.as_bytes(), SECRET, mode, &mut []).unwrap();
        assert_eq!(cb.order, Order::Natural);
        assert_eq!(cb.project_id, Some(1234));
        let p = cb.payment.unwrap();
        assert_eq!(p.id, Some("payment_47"));
        assert_eq!(p.r#type, Some("payout"));
        assert_eq!(p.status, Some(PaymentStatus::Success));
        assert_eq!(p.date, Some("2024-12-07T19:08:45+0000"));
        assert_eq!(p.method, Some("Banks Cambodia"));
        let sum = p.sum.unwrap();
        assert_eq!(sum.amount, Some(5_000_000));
        assert_eq!(sum.currency, Some("KHR"));
        // `""` signs like `null`: absent.
        assert_eq!(p.description, None);
        assert_eq!(
            cb.customer,
            Some(Customer {
                id: Some("customer_123")
            })
        );
        let o = cb.operation.unwrap();
        assert_eq!(o.id, Some(47));
        assert_eq!(o.r#type, Some("payout"));
        assert_eq!(o.status, Some(PaymentStatus::Success));
        assert_eq!(o.date, Some("2024-12-07T19:08:45+0000"));
        assert_eq!(o.created_date, Some("2024-12-07T19:08:05+0000"));
        assert_eq!(o.request_id, Some("1a23456bc7890de"));
        assert_eq!(o.sum_initial.unwrap().amount, Some(5_000_000));
        assert_eq!(o.sum_converted.unwrap().currency, Some("KHR"));
        assert_eq!(o.code, Some(Code::Str("0")));
        assert_eq!(o.message, Some("Success"));
        let pr = o.provider.unwrap();
        assert_eq!(pr.id, Some(Code::Int(12345)));
        assert_eq!(pr.payment_id, Some("123abc123-123"));
        assert_eq!(pr.auth_code, None);
        assert!(cb.errors.is_empty());
        assert_eq!(cb.outcome(), Outcome::FinalSuccess);
    }
}

#[test]
fn seed_decline_vector_is_final_failure() {
    let body = vector(seed::CALLBACK_DECLINE);
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.payment_status(), Some(PaymentStatus::Decline));
    assert_eq!(cb.operation_status(), Some(PaymentStatus::Decline));
    let code = cb.operation_code().unwrap();
    assert_eq!(code, Code::Str("20000"));
    assert!(!code.is_zero());
    assert_eq!(code.as_i64(), Some(20000));
    assert_eq!(cb.operation.unwrap().message, Some("General decline"));
    assert_eq!(cb.outcome(), Outcome::FinalFailure);
}

#[test]
fn seed_colombia_signed_in_test() {
    let body = sign_top(SEED_CO_SUCCESS);
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.payment.unwrap().method, Some("Bank transfer Colombia"));
    assert_eq!(cb.payment.unwrap().sum.unwrap().currency, Some("COP"));
    assert_eq!(cb.outcome(), Outcome::FinalSuccess);

    let body = sign_top(&seed_co("decline", "\"20000\"", "General decline"));
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.outcome(), Outcome::FinalFailure);
    assert_eq!(cb.operation.unwrap().message, Some("General decline"));
}

#[test]
fn docs_callback_example_with_16_digit_id_and_unknown_fields() {
    // The platform's documented card callback: an `account` object and
    // `provider.date`/`endpoint_id` the view does not know, a 16-digit id.
    let body = vector("docs_callback_example");
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.project_id, Some(28051));
    let o = cb.operation.unwrap();
    assert_eq!(o.id, Some(5_028_800_010_128_225));
    assert_eq!(o.r#type, Some("sale"));
    assert_eq!(o.provider.unwrap().id, Some(Code::Int(6)));
    assert_eq!(o.provider.unwrap().auth_code, Some("563253"));
    assert_eq!(cb.outcome(), Outcome::FinalSuccess);
}

#[test]
fn tolerant_by_default_strict_on_request() {
    // Signed over the byte order of paths (an SDK variant): accepted in
    // tolerant mode with the order reported, refused in strict mode.
    let body = vector("edge_array_gt10_scalars__signed_byte_path");
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.order, Order::BytePath);
    assert_eq!(cb.project_id, Some(1234));
    let r = callback::parse(body.as_bytes(), SECRET, Mode::Strict, &mut []);
    assert_eq!(r, Err(Error::SignatureMismatch));
}

#[test]
fn signer_variant_and_reuse() {
    let signer = Signer::new(SECRET).unwrap();
    for name in [seed::CALLBACK_SUCCESS, seed::CALLBACK_DECLINE] {
        let body = vector(name);
        let cb =
            callback::parse_with_signer(body.as_bytes(), &signer, Mode::Strict, &mut []).unwrap();
        assert_eq!(cb.project_id, Some(1234));
    }
}

// ---------------------------------------------------------------------------
// tampering and verification first
// ---------------------------------------------------------------------------

#[test]
fn tampered_vectors_are_rejected() {
    for name in [
        "seed_callback_success__tampered",
        "seed_callback_decline__tampered",
        "callback_signature_in_general__tampered",
    ] {
        let body = vector(name);
        for mode in [Mode::Tolerant, Mode::Strict] {
            let r = callback::parse(body.as_bytes(), SECRET, mode, &mut []);
            assert_eq!(r, Err(Error::SignatureMismatch), "{name}");
        }
    }
}

#[test]
fn tampered_copies_are_rejected() {
    let decline = vector(seed::CALLBACK_DECLINE);
    // A decline turned into a success after signing.
    let forged = decline
        .replace("\"status\":\"decline\"", "\"status\":\"success\"")
        .replace("\"code\":\"20000\"", "\"code\":\"0\"");
    assert_ne!(forged, decline);
    assert_eq!(read(&forged, &mut []), Err(Error::SignatureMismatch));
    // An added member.
    let added = decline.replacen('{', "{\"extra\":1,", 1);
    assert_eq!(read(&added, &mut []), Err(Error::SignatureMismatch));
    // A removed member.
    let removed = decline.replacen("\"type\":\"payout\",", "", 1);
    assert_ne!(removed, decline);
    assert_eq!(read(&removed, &mut []), Err(Error::SignatureMismatch));
    // The wrong secret.
    let r = callback::parse(decline.as_bytes(), b"secret2", Mode::Tolerant, &mut []);
    assert_eq!(r, Err(Error::SignatureMismatch));
    // A signature that is not base64 / empty / missing / not a string.
    let sig_at = decline.find("\"signature\":\"").unwrap();
    let unsigned = format!("{}}}", decline[..sig_at].trim_end_matches(','));
    assert_eq!(read(&unsigned, &mut []), Err(Error::MissingSignature));
    let empty = format!("{}\"signature\":\"\"}}", &decline[..sig_at]);
    assert_eq!(read(&empty, &mut []), Err(Error::SignatureMismatch));
    let number = format!("{}\"signature\":1}}", &decline[..sig_at]);
    assert_eq!(read(&number, &mut []), Err(Error::SignatureNotString));
}

#[test]
fn verification_comes_before_field_types() {
    // Wrong type *and* bad signature: the signature error wins, no view.
    let signed = sign_top(r#"{"operation":{"id":"not a number"}}"#);
    let forged = signed.replace("not a number", "still not");
    assert_eq!(read(&forged, &mut []), Err(Error::SignatureMismatch));
    assert_eq!(
        read(&signed, &mut []),
        Err(Error::FieldType {
            path: "operation.id"
        })
    );
}

// ---------------------------------------------------------------------------
// signature location, unknown fields
// ---------------------------------------------------------------------------

#[test]
fn signature_at_general_signature() {
    let body = vector("callback_signature_in_general");
    let cb = read(&body, &mut []).unwrap();
    // `project_id` sits in `general` in this layout.
    assert_eq!(cb.project_id, Some(1234));
    assert_eq!(cb.payment.unwrap().id, Some("payment_47"));
    assert_eq!(cb.payment_status(), Some(PaymentStatus::Success));
    assert!(cb.operation.is_none());
    assert_eq!(cb.outcome(), Outcome::Pending);

    // A whole seed callback signed at general.signature.
    let body = sign_general(SEED_CO_SUCCESS);
    assert!(body.contains("\"general\":{\"signature\":"));
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.project_id, Some(1234));
    assert_eq!(cb.outcome(), Outcome::FinalSuccess);
    let tampered = body.replace("payment_47", "payment_48");
    assert_eq!(read(&tampered, &mut []), Err(Error::SignatureMismatch));
}

#[test]
fn unknown_fields_are_accepted() {
    let body = sign_top(
        r#"{"project_id":1234,"x_new":{"deep":[1,2.5,{"k":null,"t":true}],"s":"\u00e9"},
        "payment":{"status":"success","unknown":[],"sum":{"amount":1,"currency":"USD","fx":1.25}},
        "operation":{"status":"success","code":0,"provider":{"id":"p-1","extra":{}},"new_field":"x"},
        "customer":{"id":"c","email":"a@b.c"},"errors":[]}"#,
    );
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.project_id, Some(1234));
    assert_eq!(cb.payment.unwrap().sum.unwrap().amount, Some(1));
    assert_eq!(
        cb.operation.unwrap().provider.unwrap().id,
        Some(Code::Str("p-1"))
    );
    assert_eq!(cb.customer.unwrap().id, Some("c"));
    assert!(cb.errors.is_empty());
    assert_eq!(cb.outcome(), Outcome::FinalSuccess);
}

// ---------------------------------------------------------------------------
// escapes and scratch
// ---------------------------------------------------------------------------

const ESCAPED: &str = r#"{"payment":{"status":"succ\u0065ss","description":"a\/b"},
    "operation":{"status":"success","code":"0","message":"Gen\u00e9ral \"decline\"",
    "provider":{"auth_code":"\ud83d\ude00"}},"customer":{"id":"plain"}}"#;

#[test]
fn escaped_strings_are_decoded_into_scratch() {
    let body = sign_top(ESCAPED);
    // "success" 7 + "a/b" 3 + "Genéral \"decline\"" 18 + U+1F600 4.
    let needed = 7 + 3 + 18 + 4;
    let mut scratch = [0u8; 64];
    let cb = read(&body, &mut scratch).unwrap();
    assert_eq!(cb.payment_status(), Some(PaymentStatus::Success));
    assert_eq!(cb.payment.unwrap().description, Some("a/b"));
    let o = cb.operation.unwrap();
    assert_eq!(o.message, Some("Genéral \"decline\""));
    assert_eq!(o.provider.unwrap().auth_code, Some("\u{1f600}"));
    assert_eq!(cb.customer.unwrap().id, Some("plain"));
    assert_eq!(cb.outcome(), Outcome::FinalSuccess);

    // Exactly the needed size works.
    let mut exact = vec![0u8; needed];
    let cb = read(&body, &mut exact).unwrap();
    assert_eq!(cb.operation.unwrap().message, Some("Genéral \"decline\""));

    // One byte less: the exact size is reported and nothing is written.
    let mut small = vec![0xAAu8; needed - 1];
    assert_eq!(
        read(&body, &mut small),
        Err(Error::BufferTooSmall { needed })
    );
    assert!(small.iter().all(|&b| b == 0xAA));
    assert_eq!(read(&body, &mut []), Err(Error::BufferTooSmall { needed }));

    // A scratch as long as the body always suffices.
    let mut as_long = vec![0u8; body.len()];
    assert!(read(&body, &mut as_long).is_ok());
}

#[test]
fn strings_without_escapes_borrow_the_body() {
    let body = vector(seed::CALLBACK_SUCCESS);
    let cb = read(&body, &mut []).unwrap();
    let id = cb.payment.unwrap().id.unwrap();
    let range = body.as_bytes().as_ptr_range();
    assert!(range.contains(&id.as_ptr()));
}

#[test]
fn escaped_keys_match() {
    let body = sign_top(
        r#"{"payment":{"st\u0061tus":"success"},"operation":{"status":"success","c\u006fde":0}}"#,
    );
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.outcome(), Outcome::FinalSuccess);
}

// ---------------------------------------------------------------------------
// ids, codes, missing fields, null
// ---------------------------------------------------------------------------

#[test]
fn sixteen_digit_operation_ids() {
    let body = sign_top(&SEED_CO_SUCCESS.replace("\"id\": 47,", "\"id\": 5028800010128225,"));
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.operation.unwrap().id, Some(5_028_800_010_128_225));
    assert_eq!(
        read(
            &sign_top(r#"{"operation":{"id":9223372036854775807}}"#),
            &mut []
        )
        .unwrap()
        .operation
        .unwrap()
        .id,
        Some(i64::MAX.unsigned_abs())
    );
    // Beyond i64 the signature covers only 14 digits: refused as ambiguous by
    // default, and never read (wrong type) with the opt-in.
    for big in [
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
    ] {
        let body = sign_top_allowing(&format!(r#"{{"operation":{{"id":{big}}}}}"#));
        assert!(
            matches!(
                read(&body, &mut []),
                Err(Error::Ambiguous {
                    reason: Ambiguity::IntegerRange,
                    ..
                })
            ),
            "{big}"
        );
        assert_eq!(
            read_allowing(&body, &mut []),
            Err(Error::FieldType {
                path: "operation.id"
            }),
            "{big}"
        );
    }
    // Negative, fractional: wrong type.
    for bad in ["-1", "47.5", "4.7e1"] {
        let body = sign_top(&format!(r#"{{"operation":{{"id":{bad}}}}}"#));
        assert_eq!(
            read(&body, &mut []),
            Err(Error::FieldType {
                path: "operation.id"
            }),
            "{bad}"
        );
    }
}

#[test]
fn codes_as_numbers_and_strings() {
    let cases: [(&str, Code<'static>, bool, Outcome); 5] = [
        ("\"0\"", Code::Str("0"), true, Outcome::FinalSuccess),
        ("0", Code::Int(0), true, Outcome::FinalSuccess),
        ("\"00\"", Code::Str("00"), true, Outcome::FinalSuccess),
        ("20000", Code::Int(20000), false, Outcome::Pending),
        ("\"20000\"", Code::Str("20000"), false, Outcome::Pending),
    ];
    for (json, code, zero, outcome) in cases {
        let body = sign_top(&seed_co("success", json, "x"));
        let cb = read(&body, &mut []).unwrap();
        assert_eq!(cb.operation_code(), Some(code), "{json}");
        assert_eq!(code.is_zero(), zero, "{json}");
        assert_eq!(cb.outcome(), outcome, "{json}");
    }
    // `""` signs exactly like `null`: both read as an absent code.
    for json in ["\"\"", "null"] {
        let body = sign_top(&seed_co("success", json, "x"));
        let cb = read(&body, &mut []).unwrap();
        assert_eq!(cb.operation_code(), None, "{json}");
        assert_eq!(cb.outcome(), Outcome::Pending, "{json}");
    }
    assert_eq!(Code::Int(-5).as_i64(), Some(-5));
    assert_eq!(Code::Str("abc").as_i64(), None);
    assert_eq!(format!("{}", Code::Int(20000)), "20000");
    assert_eq!(format!("{}", Code::Str("20000")), "20000");
}

#[test]
fn missing_optional_fields_are_none() {
    let body = sign_top(r#"{"payment":{"status":"success"}}"#);
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.project_id, None);
    let p = cb.payment.unwrap();
    assert_eq!(p.id, None);
    assert_eq!(p.sum, None);
    assert_eq!(cb.customer, None);
    assert_eq!(cb.operation, None);
    assert!(cb.errors.is_empty());
    // Success without an operation: pending (the safe answer).
    assert_eq!(cb.outcome(), Outcome::Pending);

    // Both statuses success, but no code: pending.
    let body = sign_top(r#"{"payment":{"status":"success"},"operation":{"status":"success"}}"#);
    assert_eq!(read(&body, &mut []).unwrap().outcome(), Outcome::Pending);

    // An empty body with only the signature.
    let body = sign_top("{}");
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.payment, None);
    assert_eq!(cb.outcome(), Outcome::Pending);

    // Sub-objects with partial content.
    let body = sign_top(r#"{"operation":{"sum_initial":{"amount":5},"provider":{}}}"#);
    let o = read(&body, &mut []).unwrap().operation.unwrap();
    assert_eq!(o.sum_initial.unwrap().currency, None);
    // An empty object signs as nothing: it reads as absent.
    assert_eq!(o.provider, None);
    assert_eq!(o.sum_converted, None);
}

#[test]
fn null_reads_as_absent() {
    let body = sign_top(
        r#"{"project_id":null,"payment":{"status":"success","sum":null,"id":null},
        "operation":{"status":"success","code":null,"id":null,"provider":null},"errors":null,"customer":null}"#,
    );
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.project_id, None);
    assert_eq!(cb.payment.unwrap().sum, None);
    assert_eq!(cb.operation.unwrap().code, None);
    assert_eq!(cb.operation.unwrap().provider, None);
    assert_eq!(cb.customer, None);
    assert_eq!(cb.outcome(), Outcome::Pending);
}

#[test]
fn errors_array_is_read_and_bounded() {
    let body = sign_top(
        r#"{"operation":{"status":"error"},"errors":[
        {"code":"1102","field":"customer.phone","message":"Wrong phone","description":"10 digits"},
        {"code":3061,"message":"x"}]}"#,
    );
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.errors.len(), 2);
    assert_eq!(cb.errors.total(), 2);
    assert!(!cb.errors.is_truncated());
    let e = cb.errors.as_slice();
    assert_eq!(e[0].code, Some(Code::Str("1102")));
    assert_eq!(e[0].field, Some("customer.phone"));
    assert_eq!(e[0].message, Some("Wrong phone"));
    assert_eq!(e[0].description, Some("10 digits"));
    assert_eq!(e[1].code, Some(Code::Int(3061)));
    assert_eq!(e[1].field, None);
    assert_eq!(cb.outcome(), Outcome::FinalFailure);

    let items: Vec<String> = (0..MAX_ERRORS + 3)
        .map(|i| format!(r#"{{"code":{i}}}"#))
        .collect();
    let body = sign_top(&format!(r#"{{"errors":[{}]}}"#, items.join(",")));
    let cb = read(&body, &mut []).unwrap();
    assert_eq!(cb.errors.len(), MAX_ERRORS);
    assert_eq!(cb.errors.total(), MAX_ERRORS + 3);
    assert!(cb.errors.is_truncated());
    let codes: Vec<_> = cb.errors.iter().map(|e| e.code.unwrap()).collect();
    assert_eq!(codes[MAX_ERRORS - 1], Code::Int(7));

    // The nested-signature vector: members named `signature` inside
    // `operation` and `errors[]` are covered by the signature, never dropped.
    let body = vector("callback_nested_signature_keys");
    assert_eq!(read(&body, &mut []), Err(Error::SignatureMismatch));
}

// ---------------------------------------------------------------------------
// statuses and the outcome table
// ---------------------------------------------------------------------------

#[test]
fn every_status_string() {
    let table: [(&str, PaymentStatus<'static>); 15] = [
        ("success", PaymentStatus::Success),
        ("decline", PaymentStatus::Decline),
        ("processing", PaymentStatus::Processing),
        (
            "awaiting clarification",
            PaymentStatus::AwaitingClarification,
        ),
        ("awaiting retry", PaymentStatus::AwaitingRetry),
        ("awaiting customer", PaymentStatus::AwaitingCustomer),
        ("awaiting confirmation", PaymentStatus::AwaitingConfirmation),
        ("partially paid out", PaymentStatus::PartiallyPaidOut),
        ("partially_paid_out", PaymentStatus::PartiallyPaidOut),
        ("error", PaymentStatus::Error),
        ("internal error", PaymentStatus::InternalError),
        ("external error", PaymentStatus::ExternalError),
        ("cancelled", PaymentStatus::Cancelled),
        ("canceled", PaymentStatus::Canceled),
        ("refunded", PaymentStatus::Other("refunded")),
    ];
    for (s, status) in table {
        assert_eq!(PaymentStatus::parse(s), status, "{s}");
        if s != "partially_paid_out" {
            assert_eq!(status.as_str(), s);
            assert_eq!(format!("{status}"), s);
        }
        // And through a verified callback, for both objects.
        let body = sign_top(&format!(
            r#"{{"payment":{{"status":"{s}"}},"operation":{{"status":"{s}","code":"0"}}}}"#
        ));
        let cb = read(&body, &mut []).unwrap();
        assert_eq!(cb.payment_status(), Some(status), "{s}");
        assert_eq!(cb.operation_status(), Some(status), "{s}");
    }
    // Case matters: an unexpected spelling is kept raw (and is pending).
    assert_eq!(
        PaymentStatus::parse("Success"),
        PaymentStatus::Other("Success")
    );
    assert_eq!(PaymentStatus::parse(""), PaymentStatus::Other(""));
    assert_eq!(
        PaymentStatus::PartiallyPaidOut.as_str(),
        "partially paid out"
    );
}

#[test]
fn outcome_table() {
    use Outcome::{FinalFailure as F, FinalSuccess as S, Pending as P};
    let all = [
        "success",
        "decline",
        "processing",
        "awaiting clarification",
        "awaiting retry",
        "awaiting customer",
        "awaiting confirmation",
        "partially paid out",
        "error",
        "internal error",
        "external error",
        "cancelled",
        "canceled",
        "something new",
    ];
    let failure = |s: &str| {
        matches!(
            s,
            "decline" | "error" | "internal error" | "external error" | "cancelled" | "canceled"
        )
    };
    let zero = [Some(Code::Str("0")), Some(Code::Int(0))];
    let other = [None, Some(Code::Str("20000")), Some(Code::Int(1))];
    for p in all {
        for o in all {
            let (ps, os) = (Some(PaymentStatus::parse(p)), Some(PaymentStatus::parse(o)));
            for code in zero.iter().chain(other.iter()) {
                let want = if failure(p) || failure(o) {
                    F
                } else if p == "success" && o == "success" && code.is_some_and(|c| c.is_zero()) {
                    S
                } else {
                    P
                };
                assert_eq!(classify(ps, os, *code), want, "{p} / {o} / {code:?}");
            }
            // Either status absent.
            let alone = if failure(p) { F } else { P };
            assert_eq!(classify(ps, None, Some(Code::Int(0))), alone, "{p} / -");
            assert_eq!(classify(None, ps, Some(Code::Int(0))), alone, "- / {p}");
        }
    }
    assert_eq!(classify(None, None, None), P);
    // Spot checks of the documented rule.
    let st = |s| Some(PaymentStatus::parse(s));
    assert_eq!(
        classify(st("success"), st("success"), Some(Code::Str("0"))),
        S
    );
    assert_eq!(
        classify(st("success"), st("success"), Some(Code::Str("20000"))),
        P
    );
    assert_eq!(
        classify(st("success"), st("decline"), Some(Code::Str("0"))),
        F
    );
    assert_eq!(
        classify(st("awaiting retry"), st("success"), Some(Code::Int(0))),
        P
    );
    assert_eq!(S.as_str(), "final_success");
    assert_eq!(F.as_str(), "final_failure");
    assert_eq!(P.as_str(), "pending");
    assert!(S.is_final() && F.is_final() && !P.is_final());
}

// ---------------------------------------------------------------------------
// duplicate keys, wrong types, limits
// ---------------------------------------------------------------------------

#[test]
fn duplicate_keys_are_rejected() {
    // Signed over the first value, the reader would see... nothing: the parse fails.
    for body in [
        r#"{"project_id":1,"project_id":2,"signature":"x"}"#,
        r#"{"payment":{"status":"decline","status":"success"},"signature":"x"}"#,
        r#"{"operation":{"code":"0","c\u006fde":"1"},"signature":"x"}"#,
        r#"{"errors":[{"code":1,"code":2}],"signature":"x"}"#,
    ] {
        let r = read(body, &mut []);
        assert!(
            matches!(r, Err(Error::DuplicateKey { .. })),
            "{body}: {r:?}"
        );
    }
    // A duplicated signature member too.
    let signed = vector(seed::CALLBACK_SUCCESS);
    let dup = signed.replacen('{', "{\"signature\":\"x\",", 1);
    assert!(matches!(
        read(&dup, &mut []),
        Err(Error::DuplicateKey { .. })
    ));
}

#[test]
fn wrong_types_report_their_path() {
    let cases: &[(&str, &str)] = &[
        (r#"{"project_id":"1234"}"#, "project_id"),
        (r#"{"project_id":-1}"#, "project_id"),
        (r#"{"general":{"project_id":"1"}}"#, "general.project_id"),
        (r#"{"payment":[1]}"#, "payment"),
        (r#"{"payment":{"id":47}}"#, "payment.id"),
        (r#"{"payment":{"type":true}}"#, "payment.type"),
        (r#"{"payment":{"status":1}}"#, "payment.status"),
        (r#"{"payment":{"date":{"a":1}}}"#, "payment.date"),
        (r#"{"payment":{"method":[1]}}"#, "payment.method"),
        (r#"{"payment":{"sum":"10000 COP"}}"#, "payment.sum"),
        (
            r#"{"payment":{"sum":{"amount":"10000"}}}"#,
            "payment.sum.amount",
        ),
        (
            r#"{"payment":{"sum":{"amount":100.5}}}"#,
            "payment.sum.amount",
        ),
        (
            r#"{"payment":{"sum":{"currency":978}}}"#,
            "payment.sum.currency",
        ),
        (
            r#"{"payment":{"description":false}}"#,
            "payment.description",
        ),
        (r#"{"customer":"c"}"#, "customer"),
        (r#"{"customer":{"id":123}}"#, "customer.id"),
        (r#"{"operation":"47"}"#, "operation"),
        (r#"{"operation":{"id":"47"}}"#, "operation.id"),
        (r#"{"operation":{"type":1}}"#, "operation.type"),
        (r#"{"operation":{"status":{"a":1}}}"#, "operation.status"),
        (r#"{"operation":{"date":1}}"#, "operation.date"),
        (
            r#"{"operation":{"created_date":1}}"#,
            "operation.created_date",
        ),
        (r#"{"operation":{"request_id":1}}"#, "operation.request_id"),
        (
            r#"{"operation":{"sum_initial":1}}"#,
            "operation.sum_initial",
        ),
        (
            r#"{"operation":{"sum_initial":{"amount":true}}}"#,
            "operation.sum_initial.amount",
        ),
        (
            r#"{"operation":{"sum_converted":{"currency":1}}}"#,
            "operation.sum_converted.currency",
        ),
        (r#"{"operation":{"code":0.0}}"#, "operation.code"),
        (r#"{"operation":{"code":true}}"#, "operation.code"),
        (
            r#"{"operation":{"code":99999999999999999999}}"#,
            "operation.code",
        ),
        (r#"{"operation":{"message":0}}"#, "operation.message"),
        (r#"{"operation":{"provider":[0]}}"#, "operation.provider"),
        (
            r#"{"operation":{"provider":{"id":false}}}"#,
            "operation.provider.id",
        ),
        (
            r#"{"operation":{"provider":{"payment_id":1}}}"#,
            "operation.provider.payment_id",
        ),
        (
            r#"{"operation":{"provider":{"auth_code":1}}}"#,
            "operation.provider.auth_code",
        ),
        (r#"{"errors":{"a":1}}"#, "errors"),
        (r#"{"errors":["x"]}"#, "errors[]"),
        (r#"{"errors":[{"code":[1]}]}"#, "errors[].code"),
        (r#"{"errors":[{"field":1}]}"#, "errors[].field"),
        (r#"{"errors":[{"message":1}]}"#, "errors[].message"),
        (r#"{"errors":[{"description":1}]}"#, "errors[].description"),
    ];
    for &(json, path) in cases {
        // Signed with the opt-in: one case holds an integer beyond i64.
        let body = sign_top_allowing(json);
        let expected = Err(Error::FieldType { path });
        assert_eq!(read_allowing(&body, &mut []), expected, "{json}");
        if !json.contains("99999999999999999999") {
            assert_eq!(read(&body, &mut []), expected, "{json}");
        }
    }
    let e = Error::FieldType {
        path: "operation.id",
    };
    assert_eq!(
        e.to_string(),
        "field has the wrong JSON type (operation.id)"
    );
}

#[test]
fn document_variant_with_custom_limits() {
    let body = vector(seed::CALLBACK_SUCCESS);
    let signer = Signer::new(SECRET).unwrap();
    // The view outlives the document: it borrows only the body.
    let cb = {
        let doc = Document::<64, 8>::parse(body.as_bytes()).unwrap();
        callback::parse_document(&doc, &signer, Mode::Strict, &mut []).unwrap()
    };
    assert_eq!(cb.outcome(), Outcome::FinalSuccess);
    assert!(matches!(
        Document::<16, 8>::parse(body.as_bytes()),
        Err(Error::TooManyValues)
    ));
}

#[test]
fn secret_errors_come_from_the_one_shot() {
    let body = vector(seed::CALLBACK_SUCCESS);
    assert_eq!(
        callback::parse(body.as_bytes(), b"", Mode::Tolerant, &mut []),
        Err(Error::EmptySecret)
    );
    assert_eq!(
        callback::parse(body.as_bytes(), b" secret", Mode::Tolerant, &mut []),
        Err(Error::SuspiciousSecret)
    );
}

#[test]
fn malformed_input_is_rejected_before_verification() {
    assert!(matches!(
        read("{\"a\":", &mut []),
        Err(Error::InvalidJson { .. })
    ));
    assert_eq!(read("[]", &mut []), Err(Error::NotAnObject));
}

#[test]
fn view_sizes_stay_modest() {
    // The module docs state the stack use; keep the views small.
    let cb = core::mem::size_of::<Callback<'static>>();
    let st = core::mem::size_of::<monetix_gate::response::StatusResponse<'static>>();
    let ack = core::mem::size_of::<monetix_gate::response::Acknowledgement<'static>>();
    println!("Callback {cb} B, StatusResponse {st} B, Acknowledgement {ack} B");
    assert!(cb <= 1536 && st <= 1536 && ack <= 1024, "{cb} {st} {ack}");
}
