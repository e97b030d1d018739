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
//!
//! The `batch` group is a mass payout: one [`Signer`], keyed once, signs
//! [`BATCH`] distinct Banks of Cambodia payouts (distinct payment IDs,
//! customers, account numbers and amounts; banks and currencies cycle through
//! the method's tables), built with the typed builder
//! (`batch_cambodia_typed_10000_reused_signer`), or read from one JSON object
//! each by core's request reader and then signed by the typed builder, as the
//! CLI's `batch` command does per CSV row
//! (`batch_cambodia_read_json_10000_reused_signer`). One criterion iteration
//! signs the whole batch; the benchmarks declare `Throughput::Elements(BATCH)`
//! and scripts/bench-report.py divides by it, so its table shows time per
//! payout next to the floors of the same run. Every signed body of the batch
//! is checked before timing: by the independent reference implementation
//! (canonical string and HMAC), by core's `verify`, against its own payment
//! ID and amount, and the two paths against each other byte for byte.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use core::hint::black_box;
use core::time::Duration;

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
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

#[path = "../tests/seed/batch.rs"]
mod batch;
use batch::{batch_json, batch_payout, batch_rows, read_sign, scratch_len, Row, BATCH};

/// Checks one signed body of the batch against row `r`, independently of
/// the engine: the reference implementation's HMAC of the reference
/// canonical string is the body's `general.signature`, and the body carries
/// the row's payment ID and amount. Then core's own `verify` accepts it.
/// Returns the signature.
fn check_signed(body: &[u8], r: &Row, secret: &[u8]) -> String {
    let text = core::str::from_utf8(body).unwrap();
    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    let sig = json["general"]["signature"].as_str().unwrap();
    let reference = monetix_gate_reference::canonical(text).unwrap();
    assert_eq!(
        monetix_gate_reference::hmac_b64(secret, &reference),
        sig,
        "{}",
        r.payment_id
    );
    assert_eq!(json["general"]["payment_id"], r.payment_id.as_str());
    assert_eq!(json["payment"]["amount"].to_string(), r.amount.to_string());
    assert_eq!(json["account"]["number"], r.number.as_str());
    assert_eq!(verify(body, secret, Mode::Strict).unwrap(), Order::Natural);
    sig.to_owned()
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

    // The batch: prepared (and every signed body checked) outside the timed
    // loop.
    let rows = batch_rows(BATCH);
    let payouts: Vec<cambodia::Payout<'_>> = rows.iter().map(batch_payout).collect();
    let bodies: Vec<String> = rows.iter().map(batch_json).collect();
    // One scratch buffer for the reader, as large as the largest row needs.
    let needed = scratch_len(&bodies);
    let mut scratch = vec![0u8; needed];
    let mut out2 = out.clone();
    // Every signature differs (no two payouts alike).
    let mut distinct = std::collections::HashSet::new();
    for (i, (p, r)) in payouts.iter().zip(&rows).enumerate() {
        let typed = p.sign_with(&signer, &mut out, Options::new()).unwrap();
        assert!(distinct.insert(check_signed(typed, r, secret)));
        let from_json = read_sign(bodies[i].as_bytes(), &signer, &mut scratch, &mut out2).unwrap();
        assert_eq!(typed, from_json, "{}", r.payment_id);
        if i % 1000 == 0 {
            let one_shot = p.sign_into(secret, &mut out2, Options::new()).unwrap();
            assert_eq!(typed, one_shot);
        }
    }

    let mut g = c.benchmark_group("batch");
    // One iteration is the whole batch (tens of milliseconds): flat sampling,
    // fewer samples; criterion's time per iteration is divided by the
    // throughput (BATCH) in scripts/bench-report.py.
    g.sample_size(20)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("batch_cambodia_typed_10000_reused_signer", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for p in &payouts {
                n += black_box(
                    black_box(p)
                        .sign_with(&signer, &mut out, Options::new())
                        .unwrap(),
                )
                .len();
            }
            n
        });
    });
    g.bench_function("batch_cambodia_read_json_10000_reused_signer", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for j in &bodies {
                n += black_box(
                    read_sign(black_box(j.as_bytes()), &signer, &mut scratch, &mut out).unwrap(),
                )
                .len();
            }
            n
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
