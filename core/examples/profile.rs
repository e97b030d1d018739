//! Runs one operation many times, for `valgrind --tool=callgrind` profiles and
//! instruction counts (stable where wall-clock time is not):
//!
//! ```text
//! cargo build --release -p monetix-gate --example profile
//! valgrind --tool=callgrind target/release/examples/profile sign 2000
//! python3 scripts/bench-report.py callgrind   # per-operation counts, every operation
//! ```
//!
//! The operations are the ones of `benches/sign.rs`, on the same inputs (run
//! with no arguments, or `list`, for their names). Every result is checked
//! once against the shared vectors before the loop.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use core::hint::black_box;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use monetix_gate::payout::{cambodia, colombia, General, Options, Payment};
use monetix_gate::{callback, Mode, Signer};
use sha2::Sha512;

const BODY: &[u8] = br#"{"general":{"project_id":1234,"payment_id":"payment_47"},"customer":{"id":"customer_1234","ip_address":"198.51.100.47","email":"johndoe@example.com","phone":"123456789"},"account":{"number":"1234567890","bank_id":61021,"branch":"Banteay Meanchey Branch","city":"Serei Saophoan","province":"Banteay Meanchey","customer_name":"John Doe"},"payment":{"currency":"KHR","amount":5000000}}"#;

const CANON: &[u8] = b"account:bank_id:61021;account:branch:Banteay Meanchey Branch;account:city:Serei Saophoan;account:customer_name:John Doe;account:number:1234567890;account:province:Banteay Meanchey;customer:email:johndoe@example.com;customer:id:customer_1234;customer:ip_address:198.51.100.47;customer:phone:123456789;general:payment_id:payment_47;general:project_id:1234;payment:amount:5000000;payment:currency:KHR";

const VECTORS: &str = include_str!("../../tests/vectors/signature.json");

const CALLBACK: &[u8] = br#"{"project_id":1234,"payment":{"id":"payment_47","type":"payout","status":"success","date":"2024-12-07T19:08:45+0000","method":"Banks Cambodia","sum":{"amount":5000000,"currency":"KHR"},"description":""},"customer":{"id":"customer_123"},"operation":{"id":47,"type":"payout","status":"success","date":"2024-12-07T19:08:45+0000","created_date":"2024-12-07T19:08:05+0000","request_id":"1a23456bc7890de","sum_initial":{"amount":5000000,"currency":"KHR"},"sum_converted":{"amount":5000000,"currency":"KHR"},"code":"0","message":"Success","provider":{"id":12345,"payment_id":"123abc123-123","auth_code":""}},"signature":"1eUwemjiLAvHuyoW00uDcn14VIO7KUE5Tqdo4FiPE4MzcihfWnt8Rwwn+8czpaUYnbSymFWS7vPiwjrfW3o+RA=="}"#;

const OPERATIONS: &[&str] = &[
    "floor",
    "floor_keyed",
    "floor_callback",
    "sign",
    "signer",
    "cambodia",
    "colombia",
    "cambodia_signer",
    "colombia_signer",
    "verify",
    "verify_tolerant",
    "parse",
    "parse_signer",
    "canonical_large",
];

fn seed_cambodia() -> cambodia::Payout<'static> {
    cambodia::Payout {
        general: General {
            project_id: 1234,
            payment_id: "payment_47",
            merchant_callback_url: None,
        },
        customer: cambodia::Customer {
            id: "customer_1234",
            ip_address: "198.51.100.47",
            email: "johndoe@example.com",
            phone: "123456789",
        },
        account: cambodia::Account {
            number: "1234567890",
            bank_id: 61021,
            branch: Some("Banteay Meanchey Branch"),
            city: Some("Serei Saophoan"),
            province: Some("Banteay Meanchey"),
            customer_name: "John Doe",
        },
        payment: Payment {
            currency: "KHR",
            amount: 5_000_000,
            description: None,
        },
        extras: &[],
    }
}

fn seed_colombia() -> colombia::Payout<'static> {
    colombia::Payout {
        general: General {
            project_id: 1234,
            payment_id: "payment_47",
            merchant_callback_url: None,
        },
        customer: colombia::Customer {
            id: "customer_123",
            ip_address: "198.51.100.47",
            first_name: "John",
            last_name: "Doe",
            email: "johndoe@example.com",
            phone: "1234567890",
            identify: colombia::Identify {
                doc_number: "1234567",
                doc_type: "CC",
            },
        },
        account: colombia::Account {
            number: "1234567890",
            kind: "CACC",
            bank_id: 12345,
        },
        payment: Payment {
            currency: "COP",
            amount: 10_000,
            description: None,
        },
        extras: &[],
    }
}

/// The 200-leaf callback of `benches/sign.rs`.
fn large_callback(n: usize) -> String {
    let mut items = Vec::new();
    let mut leaves = 0;
    let mut i = 0;
    while leaves + 4 <= n {
        items.push(format!(
            r#"{{"code":"{i}","field":"receipt_data.positions.{i}.amount","message":"Position {i} amount","description":"Item \u00e9 {i}"}}"#
        ));
        leaves += 4;
        i += 1;
    }
    let mut body = format!(r#"{{"project_id":1234,"errors":[{}]"#, items.join(","));
    while leaves < n {
        body.push_str(&format!(r#","extra_{leaves}":{leaves}"#));
        leaves += 1;
    }
    body.push('}');
    body
}

fn b64(tag: &[u8]) -> [u8; 88] {
    let mut out = [0u8; 88];
    base64::engine::general_purpose::STANDARD
        .encode_slice(tag, &mut out)
        .unwrap();
    out
}

fn callback_canonical() -> Vec<u8> {
    // What a verifier MACs: the callback's canonical string (the signature
    // is left out); checked against the callback's own signature in `main`.
    let mut buf = vec![0u8; 4096];
    monetix_gate::canonical(CALLBACK, &mut buf)
        .unwrap()
        .as_bytes()
        .to_vec()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "list".into());
    if what == "list" {
        println!("{}", OPERATIONS.join(" "));
        return;
    }
    assert!(
        OPERATIONS.contains(&what.as_str()),
        "unknown operation {what}"
    );
    let n: usize = args.next().map_or(1000, |s| s.parse().unwrap());

    let secret: &[u8] = b"secret";
    let signer = Signer::new(secret).unwrap();
    let keyed = <Hmac<Sha512> as KeyInit>::new_from_slice(secret).unwrap();
    let ca = seed_cambodia();
    let co = seed_colombia();
    let co_opts = Options::new().allow_unlisted_bank(true);
    let mut out = vec![0u8; cambodia::MAX_LEN_WITHOUT_EXTRAS.max(colombia::MAX_LEN_WITHOUT_EXTRAS)];
    let cb_canon = callback_canonical();
    let large = large_callback(200);
    let mut canon_buf = vec![0u8; large.len() * 2];

    // Sanity, outside the loop: the inputs are the shared vectors'.
    let vectors: serde_json::Value = serde_json::from_str(VECTORS).unwrap();
    let vector = |name: &str| {
        vectors["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()
            .clone()
    };
    let seed = vector("seed_cambodia_payout_request");
    assert_eq!(seed["input"].as_str().unwrap().as_bytes(), BODY);
    assert_eq!(
        monetix_gate::sign(BODY, secret).unwrap().as_str(),
        seed["signature"].as_str().unwrap()
    );
    assert_eq!(
        vector("seed_callback_success")["input"]
            .as_str()
            .unwrap()
            .as_bytes(),
        CALLBACK
    );
    let mut tmp = vec![0u8; 4096];
    assert_eq!(
        monetix_gate::canonical(BODY, &mut tmp).unwrap().as_bytes(),
        CANON
    );
    assert!(monetix_gate::verify(CALLBACK, secret, Mode::Strict).is_ok());
    let mut mac = keyed.clone();
    mac.update(&cb_canon);
    let cb_sig = b64(&mac.finalize().into_bytes());
    assert!(CALLBACK.windows(88).any(|w| w == cb_sig));

    let mut acc = 0usize;
    for _ in 0..n {
        acc = acc.wrapping_add(match what.as_str() {
            "floor" => {
                let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(black_box(secret)).unwrap();
                mac.update(black_box(CANON));
                b64(&mac.finalize().into_bytes())[0] as usize
            }
            "floor_keyed" => {
                let mut mac = keyed.clone();
                mac.update(black_box(CANON));
                b64(&mac.finalize().into_bytes())[0] as usize
            }
            "floor_callback" => {
                let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(black_box(secret)).unwrap();
                mac.update(black_box(&cb_canon));
                b64(&mac.finalize().into_bytes())[0] as usize
            }
            "sign" => monetix_gate::sign(black_box(BODY), black_box(secret))
                .unwrap()
                .as_bytes()[0] as usize,
            "signer" => signer.sign(black_box(BODY)).unwrap().as_bytes()[0] as usize,
            "cambodia" => black_box(&ca)
                .sign_into(black_box(secret), &mut out, Options::new())
                .unwrap()
                .len(),
            "colombia" => black_box(&co)
                .sign_into(black_box(secret), &mut out, co_opts)
                .unwrap()
                .len(),
            "cambodia_signer" => black_box(&ca)
                .sign_with(&signer, &mut out, Options::new())
                .unwrap()
                .len(),
            "colombia_signer" => black_box(&co)
                .sign_with(&signer, &mut out, co_opts)
                .unwrap()
                .len(),
            "verify" => monetix_gate::verify(black_box(CALLBACK), black_box(secret), Mode::Strict)
                .is_ok() as usize,
            "verify_tolerant" => {
                monetix_gate::verify(black_box(CALLBACK), black_box(secret), Mode::Tolerant).is_ok()
                    as usize
            }
            "parse" => callback::parse(
                black_box(CALLBACK),
                black_box(secret),
                Mode::Tolerant,
                &mut [],
            )
            .unwrap()
            .outcome() as usize,
            "parse_signer" => {
                callback::parse_with_signer(black_box(CALLBACK), &signer, Mode::Tolerant, &mut [])
                    .unwrap()
                    .outcome() as usize
            }
            "canonical_large" => {
                monetix_gate::canonical(black_box(large.as_bytes()), &mut canon_buf)
                    .unwrap()
                    .len()
            }
            _ => unreachable!(),
        });
    }
    println!("{acc}");
}
