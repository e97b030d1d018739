//! Side-by-side benchmarks: the HMAC-SHA512 floor and every signing and
//! verification path of the library, in one run.
//!
//! Run: `cargo bench -p monetix-gate --bench sign`, then
//! `python3 scripts/bench-report.py` for the table of means and ratios to the
//! floor (read from `target/criterion/**/new/estimates.json`). On a noisy
//! machine run it several times with `-- --save-baseline run1` (`run2`, ...):
//! the report then gives the median over runs of each ratio. BENCHMARKS.md
//! has the figures, the exact commands and the machine they were measured on.
//!
//! Every input is checked once against the shared vectors before anything is
//! timed, so a benchmark can never time an error path by accident.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use core::hint::black_box;
use core::time::Duration;

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;

use monetix_gate::payout::{cambodia, colombia, Options};
use monetix_gate::{callback, canonical, json::Document, sign, verify, Mode, Order, Signer};

/// The seed documents (`tests/seed/mod.rs`: the shared vectors' bodies and
/// the typed seed requests), shared with the tests and `examples/profile.rs`.
#[path = "../tests/seed/mod.rs"]
mod seed;

/// `(input, canonical, signature)` of a shared vector (a `verify` case's
/// signature is the one inside its input).
fn case(name: &str) -> (String, String, String) {
    let c = seed::case(name);
    let canonical = c.canonical().to_owned();
    (c.input, canonical, c.signature)
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

fn floor(key: &[u8], canon: &[u8]) -> [u8; 88] {
    let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(canon);
    let mut out = [0u8; 88];
    base64::engine::general_purpose::STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut out)
        .unwrap();
    out
}

fn floor_keyed(keyed: &Hmac<Sha512>, canon: &[u8]) -> [u8; 88] {
    let mut mac = keyed.clone();
    mac.update(canon);
    let mut out = [0u8; 88];
    base64::engine::general_purpose::STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut out)
        .unwrap();
    out
}

#[allow(clippy::too_many_lines)]
fn benches(c: &mut Criterion) {
    let secret = b"secret";
    let (body, canon, body_sig) = case(seed::CAMBODIA_PAYOUT_REQUEST);
    let (callback, callback_canon, callback_sig) = case(seed::CALLBACK_SUCCESS);
    let (_, _, colombia_sig) = case(seed::COLOMBIA_PAYOUT_REQUEST);
    let keyed = <Hmac<Sha512> as KeyInit>::new_from_slice(secret).unwrap();
    let signer = Signer::new(secret).unwrap();
    let ca = seed::cambodia_payout();
    let co = seed::colombia_payout();
    let co_opts = Options::new().allow_unlisted_bank(true);
    let mut out = vec![0u8; cambodia::MAX_LEN_WITHOUT_EXTRAS.max(colombia::MAX_LEN_WITHOUT_EXTRAS)];

    // Every timed path is checked once against the shared vectors.
    let mut buf = vec![0u8; 4096];
    assert_eq!(canonical(body.as_bytes(), &mut buf).unwrap(), canon);
    assert_eq!(&floor(secret, canon.as_bytes())[..], body_sig.as_bytes());
    assert_eq!(
        &floor_keyed(&keyed, canon.as_bytes())[..],
        body_sig.as_bytes()
    );
    assert_eq!(
        &floor(secret, callback_canon.as_bytes())[..],
        callback_sig.as_bytes()
    );
    assert_eq!(sign(body.as_bytes(), secret).unwrap().as_str(), body_sig);
    assert_eq!(signer.sign(body.as_bytes()).unwrap().as_str(), body_sig);
    for mode in [Mode::Strict, Mode::Tolerant] {
        assert_eq!(
            verify(callback.as_bytes(), secret, mode).unwrap(),
            Order::Natural
        );
    }
    let signed = ca.sign_into(secret, &mut out, Options::new()).unwrap();
    assert!(signed.windows(88).any(|w| w == body_sig.as_bytes()));
    let signed = co.sign_into(secret, &mut out, co_opts).unwrap();
    assert!(signed.windows(88).any(|w| w == colombia_sig.as_bytes()));
    let view =
        callback::parse_with_signer(callback.as_bytes(), &signer, Mode::Tolerant, &mut []).unwrap();
    assert_eq!(view.outcome(), callback::Outcome::FinalSuccess);

    let mut g = c.benchmark_group("sign");
    // A shared, noisy machine: rather than one long window, run the whole
    // suite several times (`-- --save-baseline runN`) and let
    // scripts/bench-report.py take the median over runs of the ratio to the
    // floor measured in the same run.
    g.sample_size(100)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));

    // The floor: HMAC-SHA512 + base64 over the precomputed
    // canonical string of the seed Cambodia request.
    g.bench_function("floor_hmac_with_key_setup", |b| {
        b.iter(|| floor(black_box(secret), black_box(canon.as_bytes())));
    });
    g.bench_function("floor_hmac_precomputed_key", |b| {
        b.iter(|| floor_keyed(&keyed, black_box(canon.as_bytes())));
    });
    // The same floor over the seed callback's canonical string (longer: the
    // like-for-like reference for verification).
    g.bench_function("floor_hmac_callback_with_key_setup", |b| {
        b.iter(|| floor(black_box(secret), black_box(callback_canon.as_bytes())));
    });

    g.bench_function("sign_seed_body", |b| {
        b.iter(|| sign(black_box(body.as_bytes()), black_box(secret)).unwrap());
    });
    g.bench_function("sign_seed_body_reused_signer", |b| {
        b.iter(|| signer.sign(black_box(body.as_bytes())).unwrap());
    });

    g.bench_function("typed_cambodia_build_sign", |b| {
        b.iter(|| {
            black_box(&ca)
                .sign_into(black_box(secret), &mut out, Options::new())
                .unwrap()
                .len()
        });
    });
    g.bench_function("typed_colombia_build_sign", |b| {
        b.iter(|| {
            black_box(&co)
                .sign_into(black_box(secret), &mut out, co_opts)
                .unwrap()
                .len()
        });
    });
    g.bench_function("typed_cambodia_build_sign_reused_signer", |b| {
        b.iter(|| {
            black_box(&ca)
                .sign_with(&signer, &mut out, Options::new())
                .unwrap()
                .len()
        });
    });
    g.bench_function("typed_colombia_build_sign_reused_signer", |b| {
        b.iter(|| {
            black_box(&co)
                .sign_with(&signer, &mut out, co_opts)
                .unwrap()
                .len()
        });
    });

    g.bench_function("verify_seed_callback_strict", |b| {
        b.iter(|| {
            verify(
                black_box(callback.as_bytes()),
                black_box(secret),
                Mode::Strict,
            )
            .unwrap()
        });
    });
    g.bench_function("verify_seed_callback_tolerant", |b| {
        b.iter(|| {
            verify(
                black_box(callback.as_bytes()),
                black_box(secret),
                Mode::Tolerant,
            )
            .unwrap()
        });
    });
    g.bench_function("verify_parse_seed_callback", |b| {
        b.iter(|| {
            callback::parse(
                black_box(callback.as_bytes()),
                black_box(secret),
                Mode::Tolerant,
                &mut [],
            )
            .unwrap()
            .outcome()
        });
    });
    g.bench_function("verify_parse_seed_callback_reused_signer", |b| {
        b.iter(|| {
            callback::parse_with_signer(
                black_box(callback.as_bytes()),
                &signer,
                Mode::Tolerant,
                &mut [],
            )
            .unwrap()
            .outcome()
        });
    });
    g.finish();

    let large = large_callback(200);
    let mut canon_buf = vec![0u8; large.len() * 2];
    assert!(canonical(large.as_bytes(), &mut canon_buf).is_ok());
    let mut g = c.benchmark_group("canonical");
    g.sample_size(100)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("large_callback_200_leaves", |b| {
        b.iter(|| {
            let doc = Document::<1024, 16>::parse(black_box(large.as_bytes())).unwrap();
            doc.canonical_len()
        });
    });
    g.bench_function("large_callback_200_leaves_write", |b| {
        b.iter(|| {
            canonical(black_box(large.as_bytes()), &mut canon_buf)
                .unwrap()
                .len()
        });
    });
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
