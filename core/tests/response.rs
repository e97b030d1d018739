//! Acknowledgements of payout requests and status-request responses:
//! accepted and rejected acknowledgements in both error shapes, codes as
//! strings and integers, optional verification, and the last operation of a
//! status response.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use monetix_gate::callback::{Code, Outcome, PaymentStatus};
use monetix_gate::json::Document;
use monetix_gate::response::{self, Verdict};
use monetix_gate::{sign, Error, Mode, Order, Signer};

const SECRET: &[u8] = b"secret";

/// Appends a top-level `signature` (HMAC over everything else) to an object body.
fn sign_top(body: &str) -> String {
    let sig = sign(body.as_bytes(), SECRET).unwrap();
    let inner = body.trim_end().strip_suffix('}').unwrap();
    format!("{inner},\"signature\":\"{sig}\"}}")
}

// ---------------------------------------------------------------------------
// acknowledgement
// ---------------------------------------------------------------------------

const ACCEPTED: &str = r#"{
    "status": "success",
    "request_id": "1a23456bc7890de",
    "project_id": 1234,
    "payment_id": "payment_47"
}"#;

#[test]
fn accepted_ack() {
    let ack = response::parse_unsigned_acknowledgement(ACCEPTED.as_bytes(), &mut []).unwrap();
    assert_eq!(ack.status, Some(PaymentStatus::Success));
    assert_eq!(ack.request_id, Some("1a23456bc7890de"));
    assert_eq!(ack.project_id, Some(1234));
    assert_eq!(ack.payment_id, Some("payment_47"));
    assert_eq!(ack.code, None);
    assert_eq!(ack.message, None);
    assert!(ack.errors.is_empty());
    assert_eq!(ack.order, None);
    assert_eq!(ack.verdict(), Verdict::Accepted);
    assert!(ack.is_accepted());
    assert_eq!(ack.reason(), None);
    assert_eq!(Verdict::Accepted.as_str(), "accepted");
}

#[test]
fn accepted_with_zero_code_and_unknown_fields() {
    for code in ["0", "\"0\""] {
        let body = format!(
            r#"{{"status":"success","code":{code},"message":"Success","x":{{"y":[1]}},"errors":[]}}"#
        );
        let ack = response::parse_unsigned_acknowledgement(body.as_bytes(), &mut []).unwrap();
        assert_eq!(ack.verdict(), Verdict::Accepted, "{code}");
    }
}

#[test]
fn rejected_with_code_and_message() {
    for (json, code) in [("\"3061\"", Code::Str("3061")), ("3061", Code::Int(3061))] {
        let body = format!(
            r#"{{"status":"error","request_id":"r1","project_id":1234,"payment_id":"payment_47",
            "code":{json},"message":"Transaction not found"}}"#
        );
        let ack = response::parse_unsigned_acknowledgement(body.as_bytes(), &mut []).unwrap();
        assert_eq!(ack.verdict(), Verdict::Rejected);
        assert!(!ack.is_accepted());
        assert_eq!(ack.status, Some(PaymentStatus::Error));
        assert_eq!(ack.code, Some(code));
        assert_eq!(ack.message, Some("Transaction not found"));
        assert_eq!(ack.reason(), Some("Transaction not found"));
    }
}

#[test]
fn rejected_with_errors_array() {
    let body = r#"{"status":"error","request_id":"r2","errors":[
        {"code":1102,"field":"customer.phone","message":"Wrong phone","description":"10 digits"},
        {"code":"1103","field":"account.bank_id","description":"unknown bank"}]}"#;
    let ack = response::parse_unsigned_acknowledgement(body.as_bytes(), &mut []).unwrap();
    assert_eq!(ack.verdict(), Verdict::Rejected);
    assert_eq!(ack.code, None);
    assert_eq!(ack.errors.len(), 2);
    let e = ack.errors.as_slice();
    assert_eq!(e[0].code, Some(Code::Int(1102)));
    assert_eq!(e[0].field, Some("customer.phone"));
    assert_eq!(e[0].message, Some("Wrong phone"));
    assert_eq!(e[0].description, Some("10 digits"));
    assert_eq!(e[1].code, Some(Code::Str("1103")));
    assert_eq!(e[1].message, None);
    assert_eq!(ack.reason(), Some("Wrong phone"));

    // Errors with only a description give that as the reason.
    let body = r#"{"errors":[{"code":"1","description":"only this"}]}"#;
    let ack = response::parse_unsigned_acknowledgement(body.as_bytes(), &mut []).unwrap();
    assert_eq!(ack.reason(), Some("only this"));

    // Both shapes at once.
    let body = r#"{"status":"error","code":"2","message":"m","errors":[{"code":"3"}]}"#;
    let ack = response::parse_unsigned_acknowledgement(body.as_bytes(), &mut []).unwrap();
    assert_eq!(ack.verdict(), Verdict::Rejected);
    assert_eq!(ack.reason(), Some("m"));
}

#[test]
fn the_acceptance_rule() {
    let cases: &[(&str, Verdict)] = &[
        (r#"{"status":"success"}"#, Verdict::Accepted),
        (r#"{"status":"success","code":"0"}"#, Verdict::Accepted),
        (
            r#"{"status":"success","code":0,"errors":null}"#,
            Verdict::Accepted,
        ),
        (r#"{"status":"success","code":"20000"}"#, Verdict::Rejected),
        (
            r#"{"status":"success","errors":[{"code":"1"}]}"#,
            Verdict::Rejected,
        ),
        (r#"{"status":"error"}"#, Verdict::Rejected),
        (r#"{"status":"Success"}"#, Verdict::Rejected),
        (r#"{"status":"processing"}"#, Verdict::Rejected),
        (
            r#"{"request_id":"r","project_id":1,"payment_id":"p"}"#,
            Verdict::Rejected,
        ),
        (r#"{}"#, Verdict::Rejected),
    ];
    for &(body, verdict) in cases {
        let ack = response::parse_unsigned_acknowledgement(body.as_bytes(), &mut []).unwrap();
        assert_eq!(ack.verdict(), verdict, "{body}");
    }
}

#[test]
fn ack_escapes_scratch_and_errors() {
    let body = r#"{"status":"error","message":"Caf\u00e9 \"closed\"","errors":[{"field":"a\/b"}]}"#;
    let needed = "Café \"closed\"".len() + 3;
    let mut small = vec![7u8; needed - 1];
    assert_eq!(
        response::parse_unsigned_acknowledgement(body.as_bytes(), &mut small),
        Err(Error::BufferTooSmall { needed })
    );
    assert!(small.iter().all(|&b| b == 7));
    let mut scratch = vec![0u8; needed];
    let ack = response::parse_unsigned_acknowledgement(body.as_bytes(), &mut scratch).unwrap();
    assert_eq!(ack.message, Some("Café \"closed\""));
    assert_eq!(ack.errors.first().unwrap().field, Some("a/b"));

    let dup = r#"{"status":"success","status":"error"}"#;
    assert!(matches!(
        response::parse_unsigned_acknowledgement(dup.as_bytes(), &mut []),
        Err(Error::DuplicateKey { .. })
    ));
    for (body, path) in [
        (r#"{"status":0}"#, "status"),
        (r#"{"request_id":1}"#, "request_id"),
        (r#"{"project_id":"1234"}"#, "project_id"),
        (r#"{"payment_id":47}"#, "payment_id"),
        (r#"{"code":1.5}"#, "code"),
        (r#"{"message":[1]}"#, "message"),
        (r#"{"message":{"x":null}}"#, "message"),
        (r#"{"errors":"bad"}"#, "errors"),
        (r#"{"errors":[1]}"#, "errors[]"),
        (r#"{"errors":[{"code":{"x":1}}]}"#, "errors[].code"),
        (r#"{"errors":[{"code":[],"field":[2]}]}"#, "errors[].field"),
    ] {
        assert_eq!(
            response::parse_unsigned_acknowledgement(body.as_bytes(), &mut []),
            Err(Error::FieldType { path }),
            "{body}"
        );
    }
    // A container without a signed line signs like an absent member, so it
    // reads as absent, whatever type the member should have.
    for body in [
        r#"{"status":"success","message":[]}"#,
        r#"{"status":"success","message":{}}"#,
        r#"{"status":"success","code":{"a":[]},"errors":[]}"#,
        r#"{"status":"success","request_id":[{}],"errors":{}}"#,
        // the whole array makes no line: an absent `errors`
        r#"{"status":"success","errors":[{"code":{}}]}"#,
        r#"{"status":"success","errors":[{},[]]}"#,
    ] {
        let ack = response::parse_unsigned_acknowledgement(body.as_bytes(), &mut []).unwrap();
        assert_eq!(ack.message, None, "{body}");
        assert_eq!(ack.code, None, "{body}");
        assert_eq!(ack.request_id, None, "{body}");
        assert!(ack.errors.is_empty(), "{body}");
        assert!(ack.is_accepted(), "{body}");
    }
}

#[test]
fn signed_ack_can_be_verified() {
    let signer = Signer::new(SECRET).unwrap();
    let body = sign_top(ACCEPTED);
    let ack =
        response::parse_signed_acknowledgement(body.as_bytes(), &signer, Mode::Strict, &mut [])
            .unwrap();
    assert_eq!(ack.order, Some(Order::Natural));
    assert!(ack.is_accepted());
    // Reading without verification still works on a signed body.
    assert!(
        response::parse_unsigned_acknowledgement(body.as_bytes(), &mut [])
            .unwrap()
            .is_accepted()
    );

    let tampered = body.replace("payment_47", "payment_48");
    assert_eq!(
        response::parse_signed_acknowledgement(
            tampered.as_bytes(),
            &signer,
            Mode::Tolerant,
            &mut []
        ),
        Err(Error::SignatureMismatch)
    );
    assert_eq!(
        response::parse_signed_acknowledgement(
            ACCEPTED.as_bytes(),
            &signer,
            Mode::Tolerant,
            &mut []
        ),
        Err(Error::MissingSignature)
    );
}

// ---------------------------------------------------------------------------
// status response
// ---------------------------------------------------------------------------

const STATUS: &str = r#"{
    "project_id": 1234,
    "payment": {
        "id": "payment_47",
        "type": "payout",
        "status": "success",
        "date": "2024-12-07T19:08:45+0000",
        "method": "Banks Cambodia",
        "sum": {"amount": 5000000, "currency": "KHR"},
        "description": ""
    },
    "customer": {"id": "customer_123"},
    "operations": [
        {
            "id": 5028800010128220,
            "type": "payout",
            "status": "decline",
            "date": "2024-12-07T19:00:00+0000",
            "created_date": "2024-12-07T18:59:00+0000",
            "request_id": "first",
            "code": 20000,
            "message": "General decline"
        },
        {
            "id": 5028800010128225,
            "type": "payout",
            "status": "success",
            "date": "2024-12-07T19:08:45+0000",
            "created_date": "2024-12-07T19:08:05+0000",
            "request_id": "1a23456bc7890de",
            "sum_initial": {"amount": 5000000, "currency": "KHR"},
            "sum_converted": {"amount": 5000000, "currency": "KHR"},
            "code": "0",
            "message": "Success",
            "provider": {"id": 12345, "payment_id": "123abc123-123", "auth_code": ""}
        }
    ]
}"#;

#[test]
fn status_response_exposes_the_last_operation() {
    let signer = Signer::new(SECRET).unwrap();
    let body = sign_top(STATUS);
    let st =
        response::parse_status_response(body.as_bytes(), &signer, Mode::Tolerant, &mut []).unwrap();
    assert_eq!(st.order, Some(Order::Natural));
    assert_eq!(st.project_id, Some(1234));
    assert_eq!(st.payment.unwrap().status, Some(PaymentStatus::Success));
    assert_eq!(st.payment.unwrap().sum.unwrap().amount, Some(5_000_000));
    assert_eq!(st.customer.unwrap().id, Some("customer_123"));
    assert_eq!(st.operation_count, 2);
    let op = st.operation.unwrap();
    assert_eq!(op.id, Some(5_028_800_010_128_225));
    assert_eq!(op.request_id, Some("1a23456bc7890de"));
    assert_eq!(op.code, Some(Code::Str("0")));
    assert_eq!(op.provider.unwrap().payment_id, Some("123abc123-123"));
    assert_eq!(st.outcome(), Outcome::FinalSuccess);

    // Without verification (diagnostics).
    let st = response::parse_status_response_unverified(STATUS.as_bytes(), &mut []).unwrap();
    assert_eq!(st.order, None);
    assert_eq!(st.operation.unwrap().request_id, Some("1a23456bc7890de"));

    // Tampered or unsigned: refused by the verifying call.
    let tampered = body.replace("\"first\"", "\"second\"");
    assert_eq!(
        response::parse_status_response(tampered.as_bytes(), &signer, Mode::Tolerant, &mut []),
        Err(Error::SignatureMismatch)
    );
    assert_eq!(
        response::parse_status_response(STATUS.as_bytes(), &signer, Mode::Tolerant, &mut []),
        Err(Error::MissingSignature)
    );
}

#[test]
fn status_response_shapes() {
    // Three operations, the last one pending.
    let body = r#"{"payment":{"status":"processing"},"operations":[
        {"id":1,"status":"decline"},{"id":2,"status":"success","code":0},{"id":3,"status":"awaiting retry"}]}"#;
    let st = response::parse_status_response_unverified(body.as_bytes(), &mut []).unwrap();
    assert_eq!(st.operation_count, 3);
    assert_eq!(st.operation.unwrap().id, Some(3));
    assert_eq!(
        st.operation.unwrap().status,
        Some(PaymentStatus::AwaitingRetry)
    );
    assert_eq!(st.outcome(), Outcome::Pending);

    // No operations.
    let st = response::parse_status_response_unverified(br#"{"operations":[]}"#, &mut []).unwrap();
    assert_eq!(st.operation_count, 0);
    assert_eq!(st.operation, None);
    let st =
        response::parse_status_response_unverified(br#"{"payment":{"status":"decline"}}"#, &mut [])
            .unwrap();
    assert_eq!(st.operation_count, 0);
    assert_eq!(st.outcome(), Outcome::FinalFailure);

    // A single `operation` object instead of the array.
    let body =
        br#"{"payment":{"status":"success"},"operation":{"id":9,"status":"success","code":"0"}}"#;
    let st = response::parse_status_response_unverified(body, &mut []).unwrap();
    assert_eq!(st.operation_count, 1);
    assert_eq!(st.operation.unwrap().id, Some(9));
    assert_eq!(st.outcome(), Outcome::FinalSuccess);

    // Errors alongside.
    let body = br#"{"errors":[{"code":"3061","message":"Transaction not found"}]}"#;
    let st = response::parse_status_response_unverified(body, &mut []).unwrap();
    assert_eq!(
        st.errors.first().unwrap().message,
        Some("Transaction not found")
    );
}

#[test]
fn status_response_wrong_types() {
    for (body, path) in [
        (r#"{"operations":{"id":1}}"#, "operations"),
        (r#"{"operations":[{"id":1},"x"]}"#, "operations[]"),
        (r#"{"operations":[{"id":1},{"id":"2"}]}"#, "operations[].id"),
        (r#"{"operations":[{"code":false}]}"#, "operations[].code"),
        (
            r#"{"operations":[{"sum_initial":{"amount":"1"}}]}"#,
            "operations[].sum_initial.amount",
        ),
        (
            r#"{"operations":[{"provider":{"id":[false]}}]}"#,
            "operations[].provider.id",
        ),
        (r#"{"operation":{"id":"2"}}"#, "operation.id"),
        (r#"{"payment":{"status":5}}"#, "payment.status"),
    ] {
        assert_eq!(
            response::parse_status_response_unverified(body.as_bytes(), &mut []),
            Err(Error::FieldType { path }),
            "{body}"
        );
    }
    // A container without a signed line reads as absent: no operations.
    for body in [
        r#"{"operations":{}}"#,
        r#"{"operations":[]}"#,
        r#"{"operations":[{"provider":{"id":[]}}]}"#,
        r#"{"operation":{"sum_initial":{}}}"#,
    ] {
        let st = response::parse_status_response_unverified(body.as_bytes(), &mut []).unwrap();
        assert_eq!(st.operation_count, 0, "{body}");
        assert_eq!(st.operation, None, "{body}");
    }
    // Only the last operation is read: an earlier one of another shape passes.
    let st = response::parse_status_response_unverified(
        br#"{"operations":[{"id":"old"},{"id":2}]}"#,
        &mut [],
    )
    .unwrap();
    assert_eq!(st.operation.unwrap().id, Some(2));
}

#[test]
fn document_variants_with_custom_limits() {
    // The views outlive their documents: they borrow only the body.
    let ack = {
        let doc = Document::<8, 4>::parse(ACCEPTED.as_bytes()).unwrap();
        response::acknowledgement_document(&doc, None, Mode::Tolerant, &mut []).unwrap()
    };
    assert!(ack.is_accepted());

    let body = sign_top(STATUS);
    let signer = Signer::new(SECRET).unwrap();
    let st = {
        let doc = Document::<128, 8>::parse(body.as_bytes()).unwrap();
        response::status_response_document(&doc, Some(&signer), Mode::Strict, &mut []).unwrap()
    };
    assert_eq!(st.operation.unwrap().message, Some("Success"));
}
