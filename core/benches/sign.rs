//! Side-by-side benchmarks: the HMAC-SHA512 floor and every signing and
//! verification path of the library, in one run (issue 7).
//!
//! Run: `cargo bench -p monetix-gate --bench sign`. Ratios to the floor are
//! computed from the printed means (see BENCHMARKS.md and scripts/bench-report.py).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use core::hint::black_box;

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;

use monetix_gate::{canonical, json::Document, sign, verify, Mode, Signer};

const VECTORS: &str = include_str!("../../tests/vectors/signature.json");

fn case(name: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(VECTORS).unwrap();
    v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()["input"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A callback-shaped body with `n` leaves (for the large canonical benchmark).
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

fn benches(c: &mut Criterion) {
    let secret = b"secret";
    let body = case("seed_cambodia_payout_request");
    let callback = case("seed_callback_success");
    let mut buf = vec![0u8; 4096];
    let canon = canonical(body.as_bytes(), &mut buf).unwrap().to_owned();
    let keyed = <Hmac<Sha512> as KeyInit>::new_from_slice(secret).unwrap();
    let signer = Signer::new(secret).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD;

    let mut g = c.benchmark_group("sign");
    g.bench_function("floor_hmac_with_key_setup", |b| {
        b.iter(|| {
            let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(black_box(secret)).unwrap();
            mac.update(black_box(canon.as_bytes()));
            let mut out = [0u8; 88];
            b64.encode_slice(mac.finalize().into_bytes(), &mut out)
                .unwrap();
            out
        });
    });
    g.bench_function("floor_hmac_precomputed_key", |b| {
        b.iter(|| {
            let mut mac = keyed.clone();
            mac.update(black_box(canon.as_bytes()));
            let mut out = [0u8; 88];
            b64.encode_slice(mac.finalize().into_bytes(), &mut out)
                .unwrap();
            out
        });
    });
    g.bench_function("sign_seed_body", |b| {
        b.iter(|| sign(black_box(body.as_bytes()), black_box(secret)).unwrap());
    });
    g.bench_function("sign_seed_body_reused_signer", |b| {
        b.iter(|| signer.sign(black_box(body.as_bytes())).unwrap());
    });
    g.bench_function("verify_seed_callback_strict", |b| {
        b.iter(|| verify(black_box(callback.as_bytes()), secret, Mode::Strict).unwrap());
    });
    g.bench_function("verify_seed_callback_tolerant", |b| {
        b.iter(|| verify(black_box(callback.as_bytes()), secret, Mode::Tolerant).unwrap());
    });
    g.finish();

    let large = large_callback(200);
    let mut g = c.benchmark_group("canonical");
    g.bench_function("large_callback_200_leaves", |b| {
        b.iter(|| {
            let doc = Document::<1024, 16>::parse(black_box(large.as_bytes())).unwrap();
            doc.canonical_len()
        });
    });
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
