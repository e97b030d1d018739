//! Test-side tools and checks around callbacks: signing as the platform does,
//! reading any member of a verified body by path, and reconciling a callback
//! with the payout it answers.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use monetix_gate::callback;
use monetix_gate::json::{Document, Kind};
use monetix_gate::payout::{cambodia, General, Payment};
use monetix_gate::reconcile::{self, Expected, Found};
use monetix_gate::response;
use monetix_gate::{sign_as_platform, verify, Error, Mode, Order, Signer};

const CALLBACK: &str = r#"{"project_id":1234,"payment":{"id":"payment_47","type":"payout","status":"success","sum":{"amount":5000000,"currency":"KHR"}},"operation":{"id":47,"status":"success","code":"0","sum_initial":{"amount":5000000,"currency":"KHR"},"sum_converted":{"amount":125000,"currency":"USD"},"provider":{"id":12345,"payment_id":"123abc123-123"}},"general":{"signature":"not the one"}}"#;

fn signed(body: &str) -> Vec<u8> {
    let mut out = vec![0u8; body.len() + 128];
    let n = sign_as_platform(body.as_bytes(), b"secret", &mut out)
        .unwrap()
        .len();
    out.truncate(n);
    out
}

#[test]
fn signing_as_the_platform_puts_the_signature_at_the_top_level() {
    let body = signed(CALLBACK);
    let text = core::str::from_utf8(&body).unwrap();
    assert!(text.ends_with("\"}"), "{text}");
    let doc: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(doc["signature"].as_str().unwrap().len(), 88);
    // `general.signature` is ordinary data there, and stays as it was.
    assert_eq!(doc["general"]["signature"], "not the one");
    assert_eq!(verify(&body, b"secret", Mode::Strict), Ok(Order::Natural));
    assert!(callback::parse(&body, b"secret", Mode::Strict, &mut []).is_ok());
    // Signing again replaces the value; the result is the same body.
    assert_eq!(signed(text), body);
    // An empty body, and an acknowledgement-shaped one.
    assert_eq!(
        verify(&signed("{}"), b"secret", Mode::Strict),
        Ok(Order::Natural)
    );
    let ack = signed(r#"{"status":"success","request_id":"r1","project_id":1,"payment_id":"p"}"#);
    let mut scratch = [0u8; 64];
    let signer = Signer::new(b"secret").unwrap();
    assert!(
        response::parse_signed_acknowledgement(&ack, &signer, Mode::Strict, &mut scratch).is_ok()
    );
    // Ambiguous data is refused here too, and nothing is written.
    let mut out = [0u8; 256];
    assert!(matches!(
        sign_as_platform(br#"{"m":"a;b:c"}"#, b"secret", &mut out),
        Err(Error::Ambiguous { .. })
    ));
    assert_eq!(out, [0u8; 256]);
    let mut small = [0u8; 10];
    assert_eq!(
        sign_as_platform(b"{}", b"secret", &mut small),
        Err(Error::BufferTooSmall {
            needed: 2 + 12 + 90
        })
    );
}

#[test]
fn every_member_of_a_verified_body_by_path() {
    let body = signed(CALLBACK);
    let doc = Document::<512, 16>::parse(&body).unwrap();
    let signer = Signer::new(b"secret").unwrap();
    let cb = callback::parse_document(&doc, &signer, Mode::Strict, &mut []).unwrap();
    assert_eq!(cb.operation.unwrap().id, Some(47));
    let root = doc.root();
    let v = root.pointer("operation.provider.payment_id").unwrap();
    assert_eq!(v.as_plain_str(), Some("123abc123-123"));
    assert_eq!(
        root.pointer("operation.sum_converted.currency")
            .unwrap()
            .as_plain_str(),
        Some("USD")
    );
    assert_eq!(root.pointer("payment.sum").unwrap().kind(), Kind::Object);
    assert!(root.pointer("payment.nothing").is_none());
    assert!(root.pointer("payment.id.x").is_none());
    let doc = Document::<64, 8>::parse(br#"{"errors":[{"code":1},{"code":2}]}"#).unwrap();
    assert_eq!(
        doc.root().pointer("errors.1.code").unwrap().as_i64(),
        Some(2)
    );
    assert!(doc.root().pointer("errors.2.code").is_none());
    assert!(doc.root().pointer("errors.+1.code").is_none());
}

fn payout() -> cambodia::Payout<'static> {
    cambodia::Payout {
        general: General {
            project_id: 1234,
            payment_id: "payment_47",
            merchant_callback_url: None,
        },
        payment: Payment {
            currency: "KHR",
            amount: 5_000_000,
            description: None,
        },
        ..cambodia::Payout::default()
    }
}

#[test]
fn reconciliation_lists_every_mismatch_by_path() {
    let signer = Signer::new(b"secret").unwrap();
    let body = signed(CALLBACK);
    let cb = callback::parse_with_signer(&body, &signer, Mode::Strict, &mut []).unwrap();
    let request = payout();
    let expected = Expected::from(&request);
    assert!(reconcile::check(&cb.into(), &expected).is_empty());
    assert!(reconcile::check(&cb.into(), &expected.with_converted(125_000, "USD")).is_empty());

    let paths = |body: &str, e: &Expected<'_>| -> Vec<String> {
        let body = signed(body);
        let cb = callback::parse_with_signer(&body, &signer, Mode::Strict, &mut []).unwrap();
        let lines: Vec<String> = reconcile::check(&cb.into(), e)
            .iter()
            .map(ToString::to_string)
            .collect();
        lines
    };
    let other_amount = CALLBACK.replacen("\"amount\":5000000", "\"amount\":4000000", 1);
    assert_eq!(
        paths(&other_amount, &expected),
        ["payment.sum.amount: expected 5000000, found 4000000"]
    );
    let other_currency = CALLBACK.replace("\"KHR\"", "\"USD\"");
    assert_eq!(
        paths(&other_currency, &expected),
        [
            "payment.sum.currency: expected \"KHR\", found \"USD\"",
            "operation.sum_initial.currency: expected \"KHR\", found \"USD\"",
        ]
    );
    let other_payment = CALLBACK.replace("payment_47", "payment_48");
    assert_eq!(
        paths(&other_payment, &expected),
        ["payment.id: expected \"payment_47\", found \"payment_48\""]
    );
    let other_project = CALLBACK.replace("1234", "4321");
    assert_eq!(
        paths(&other_project, &expected),
        ["project_id: expected 1234, found 4321"]
    );
    assert_eq!(
        paths(CALLBACK, &expected.with_converted(125_001, "USD")),
        ["operation.sum_converted.amount: expected 125001, found 125000"]
    );
    let bare = r#"{"payment":{"status":"success"}}"#;
    let m = paths(bare, &expected);
    assert_eq!(m.len(), 6, "{m:?}");
    assert_eq!(m[0], "project_id: expected 1234, found nothing");

    // A status response reconciles the same way (its last operation).
    let status = r#"{"project_id":1234,"payment":{"id":"payment_47","sum":{"amount":5000000,"currency":"KHR"}},"operations":[{"sum_initial":{"amount":1,"currency":"KHR"}},{"sum_initial":{"amount":5000000,"currency":"KHR"}}]}"#;
    let body = signed(status);
    let r = response::parse_status_response(&body, &signer, Mode::Strict, &mut []).unwrap();
    let found = reconcile::check(&r.into(), &expected);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(Found::Int(1).to_string(), "1");
}

#[test]
fn every_entry_point_takes_the_callers_limits() {
    use monetix_gate::json::canonical_with_limits;
    let signer = Signer::new(b"secret").unwrap();
    let body = signed(CALLBACK);
    // 30 values and depth 4 are enough for this callback; 10 values are not.
    assert_eq!(
        signer.verify_with_limits::<30, 4>(&body, Mode::Strict),
        Ok(Order::Natural)
    );
    assert_eq!(
        signer.verify_with_limits::<10, 4>(&body, Mode::Strict),
        Err(Error::TooManyValues)
    );
    assert!(matches!(
        signer.verify_with_limits::<30, 2>(&body, Mode::Strict),
        Err(Error::TooDeep { .. })
    ));
    let cb = callback::parse_with_limits::<30, 4>(&body, &signer, Mode::Strict, &mut []).unwrap();
    assert_eq!(cb.operation.unwrap().id, Some(47));
    let request = br#"{"general":{"project_id":1,"payment_id":"p"}}"#;
    assert_eq!(
        signer.sign_with_limits::<4, 2>(request),
        signer.sign(request)
    );
    let mut out = [0u8; 256];
    let n = signer
        .sign_body_with_limits::<4, 2>(request, &mut out)
        .unwrap()
        .len();
    assert!(n > request.len());
    let mut text = [0u8; 64];
    assert_eq!(
        canonical_with_limits::<4, 2>(request, &mut text).unwrap(),
        "general:payment_id:p;general:project_id:1"
    );
    let status = signed(r#"{"project_id":1,"operations":[{"status":"success"}]}"#);
    assert!(response::parse_status_response_with_limits::<8, 4>(
        &status,
        &signer,
        Mode::Strict,
        &mut []
    )
    .is_ok());
}
