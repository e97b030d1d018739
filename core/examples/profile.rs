//! Runs one operation many times, for `valgrind --tool=callgrind` profiles and
//! instruction counts (stable where wall-clock time is not):
//!
//! ```text
//! cargo build --profile profiling -p monetix-gate --example profile
//! valgrind --tool=callgrind target/profiling/examples/profile sign 2000
//! python3 scripts/bench-report.py callgrind   # per-operation counts, every operation
//! ```
//!
//! The operations are the ones of `benches/sign.rs`, on the same inputs (run
//! with no arguments, or `list`, for their names). Every result is checked
//! once against the shared vectors before the loop.
//!
//! The batch operations (`batch_typed`, `batch_json`) are the `batch` group
//! of `benches/sign.rs`: one [`Signer`], keyed once, and the same
//! [`BATCH`] distinct Banks of Cambodia payouts, built with the typed builder
//! or read from JSON by core's request reader and then signed by the typed
//! builder (the CLI's `batch` per row). Here ONE ITERATION IS ONE PAYOUT:
//! iteration `i` signs payout `i % BATCH`, so `N` iterations sign `N`
//! payouts and bench-report.py's per-operation count is instructions per
//! payout. Before the loop every payout of the batch is signed both ways
//! (the same bytes), checked by core's `verify` and against its own payment
//! ID and amount, and every 100th by the independent reference
//! implementation (canonical string and HMAC): a constant cost, which the
//! difference of two iteration counts cancels.
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
use monetix_gate::payout::{cambodia, colombia, Options};
use monetix_gate::{callback, Mode, Signer};
use sha2::Sha512;

/// The seed documents (`tests/seed/mod.rs`: the shared vectors' bodies and
/// the typed seed requests), shared with the tests and `benches/sign.rs`.
#[path = "../tests/seed/mod.rs"]
mod seed;

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
    "batch_typed",
    "batch_json",
];

#[path = "../tests/seed/batch.rs"]
mod batch;
use batch::{batch_json, batch_payout, batch_rows, read_sign, scratch_len, Row, BATCH};

/// Signs every payout of the batch both ways and checks the bodies (see the
/// module docs).
fn check_batch(
    rows: &[Row],
    bodies: &[String],
    signer: &Signer,
    secret: &[u8],
    scratch: &mut [u8],
) {
    let mut out = vec![0u8; cambodia::MAX_LEN_WITHOUT_EXTRAS];
    let mut out2 = out.clone();
    for (i, (r, j)) in rows.iter().zip(bodies).enumerate() {
        let typed = batch_payout(r)
            .sign_with(signer, &mut out, Options::new())
            .unwrap();
        let from_json = read_sign(j.as_bytes(), signer, scratch, &mut out2).unwrap();
        assert_eq!(typed, from_json, "{}", r.payment_id);
        assert!(monetix_gate::verify(typed, secret, Mode::Strict).is_ok());
        let text = core::str::from_utf8(typed).unwrap();
        assert!(text.contains(&format!(r#""payment_id":"{}""#, r.payment_id)));
        assert!(text.contains(&format!(r#""amount":{}"#, r.amount)));
        if i % 100 == 0 {
            let json: serde_json::Value = serde_json::from_str(text).unwrap();
            let reference = monetix_gate_reference::canonical(text).unwrap();
            assert_eq!(
                monetix_gate_reference::hmac_b64(secret, &reference),
                json["general"]["signature"].as_str().unwrap()
            );
        }
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

fn callback_canonical(callback: &[u8]) -> Vec<u8> {
    // What a verifier MACs: the callback's canonical string (the signature
    // is left out); checked against the callback's own signature in `main`.
    let mut buf = vec![0u8; 4096];
    monetix_gate::canonical(callback, &mut buf)
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
    // The inputs: the seed documents of the shared vectors.
    let seed_body = seed::case(seed::CAMBODIA_PAYOUT_REQUEST);
    let seed_callback = seed::case(seed::CALLBACK_SUCCESS);
    let colombia_sig = seed::case(seed::COLOMBIA_PAYOUT_REQUEST).signature;
    let body: &[u8] = seed_body.input.as_bytes();
    let canon: &[u8] = seed_body.canonical().as_bytes();
    let callback: &[u8] = seed_callback.input.as_bytes();
    let signer = Signer::new(secret).unwrap();
    let keyed = <Hmac<Sha512> as KeyInit>::new_from_slice(secret).unwrap();
    let ca = seed::cambodia_payout();
    let co = seed::colombia_payout();
    let co_opts = Options::new().allow_unlisted_bank(true);
    let mut out = vec![0u8; cambodia::MAX_LEN_WITHOUT_EXTRAS.max(colombia::MAX_LEN_WITHOUT_EXTRAS)];
    let cb_canon = callback_canonical(callback);
    let large = large_callback(200);
    let mut canon_buf = vec![0u8; large.len() * 2];

    // Sanity, outside the loop: every operation gives the shared vectors'
    // results on these inputs.
    assert_eq!(
        seed_body.secret.as_bytes(),
        secret,
        "the seed request's vector secret"
    );
    assert_eq!(
        seed_callback.secret.as_bytes(),
        secret,
        "the seed callback's vector secret"
    );
    assert_eq!(
        monetix_gate::sign(body, secret).unwrap().as_str(),
        seed_body.signature
    );
    assert_eq!(signer.sign(body).unwrap().as_str(), seed_body.signature);
    let mut tmp = vec![0u8; 4096];
    assert_eq!(
        monetix_gate::canonical(body, &mut tmp).unwrap().as_bytes(),
        canon
    );
    let mut mac = keyed.clone();
    mac.update(canon);
    assert_eq!(
        &b64(&mac.finalize().into_bytes())[..],
        seed_body.signature.as_bytes()
    );
    for mode in [Mode::Strict, Mode::Tolerant] {
        assert!(monetix_gate::verify(callback, secret, mode).is_ok());
    }
    assert_eq!(cb_canon, seed_callback.canonical().as_bytes());
    let mut mac = keyed.clone();
    mac.update(&cb_canon);
    assert_eq!(
        &b64(&mac.finalize().into_bytes())[..],
        seed_callback.signature.as_bytes()
    );
    let signed = ca.sign_into(secret, &mut out, Options::new()).unwrap();
    assert!(signed
        .windows(88)
        .any(|w| w == seed_body.signature.as_bytes()));
    let signed = co.sign_into(secret, &mut out, co_opts).unwrap();
    assert!(signed.windows(88).any(|w| w == colombia_sig.as_bytes()));
    assert_eq!(
        callback::parse_with_signer(callback, &signer, Mode::Tolerant, &mut [])
            .unwrap()
            .outcome(),
        callback::Outcome::FinalSuccess
    );
    assert!(monetix_gate::canonical(large.as_bytes(), &mut canon_buf).is_ok());

    // The batch, only for the batch operations (built and checked once: a
    // constant cost).
    let batch = what.starts_with("batch_");
    let rows = if batch { batch_rows(BATCH) } else { Vec::new() };
    let payouts: Vec<cambodia::Payout<'_>> = rows.iter().map(batch_payout).collect();
    let bodies: Vec<String> = rows.iter().map(batch_json).collect();
    let mut scratch = vec![0u8; if batch { scratch_len(&bodies) } else { 0 }];
    if batch {
        check_batch(&rows, &bodies, &signer, secret, &mut scratch);
    }

    let mut acc = 0usize;
    for i in 0..n {
        acc = acc.wrapping_add(match what.as_str() {
            "floor" => {
                let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(black_box(secret)).unwrap();
                mac.update(black_box(canon));
                b64(&mac.finalize().into_bytes())[0] as usize
            }
            "floor_keyed" => {
                let mut mac = keyed.clone();
                mac.update(black_box(canon));
                b64(&mac.finalize().into_bytes())[0] as usize
            }
            "floor_callback" => {
                let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(black_box(secret)).unwrap();
                mac.update(black_box(&cb_canon));
                b64(&mac.finalize().into_bytes())[0] as usize
            }
            "sign" => monetix_gate::sign(black_box(body), black_box(secret))
                .unwrap()
                .as_bytes()[0] as usize,
            "signer" => signer.sign(black_box(body)).unwrap().as_bytes()[0] as usize,
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
            "verify" => monetix_gate::verify(black_box(callback), black_box(secret), Mode::Strict)
                .is_ok() as usize,
            "verify_tolerant" => {
                monetix_gate::verify(black_box(callback), black_box(secret), Mode::Tolerant).is_ok()
                    as usize
            }
            "parse" => callback::parse(
                black_box(callback),
                black_box(secret),
                Mode::Tolerant,
                &mut [],
            )
            .unwrap()
            .outcome() as usize,
            "parse_signer" => {
                callback::parse_with_signer(black_box(callback), &signer, Mode::Tolerant, &mut [])
                    .unwrap()
                    .outcome() as usize
            }
            "canonical_large" => {
                monetix_gate::canonical(black_box(large.as_bytes()), &mut canon_buf)
                    .unwrap()
                    .len()
            }
            // One payout of the batch per iteration.
            "batch_typed" => black_box(&payouts[i % BATCH])
                .sign_with(&signer, &mut out, Options::new())
                .unwrap()
                .len(),
            "batch_json" => read_sign(
                black_box(bodies[i % BATCH].as_bytes()),
                &signer,
                &mut scratch,
                &mut out,
            )
            .unwrap()
            .len(),
            _ => unreachable!(),
        });
    }
    println!("{acc}");
}
