//! Known-answer tests: the shared vectors `tests/vectors/signature.json`
//! (`docs/signature.md`), plus the input errors of its sections 2 and 4.
//!
//! Every vector passes through the ambiguity opt-in exactly as recorded; by
//! default exactly the vectors the reference's predicate calls ambiguous
//! (`edge_large_integers`, `edge_values_with_separators`) are refused, with
//! the reference's reason and path; `canonical` is never refused.
//!
//! The vector test collects every failure and reports them all at the end,
//! each with the case name, so one run shows everything.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    missing_docs
)]

use monetix_gate_reference as reference;

use monetix_gate::ambiguity::{self, Ambiguity};
use monetix_gate::{
    canonical, canonical_len, sign, sign_body, verify, AmbiguousData, Error, Mode, Order, Signer,
};
use serde_json::Value;

const VECTORS: &str = include_str!("../../tests/vectors/signature.json");
/// The number of cases in the shared file; a truncated or partly copied file fails.
const EXPECTED_CASES: usize = 54;

const SECRET: &[u8] = b"secret";

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

fn cases() -> Vec<Value> {
    let doc: Value = serde_json::from_str(VECTORS).expect("signature.json is valid JSON");
    doc["cases"]
        .as_array()
        .expect("`cases` is an array")
        .clone()
}

/// `canonical()` into a generous buffer (independent of `canonical_len`),
/// growing it once if the engine asks for more.
fn canon(body: &[u8]) -> Result<String, Error> {
    let mut buf = vec![0u8; 4096 + body.len() * 8];
    let len = buf.len();
    match canonical(body, &mut buf) {
        Ok(s) => Ok(s.to_owned()),
        Err(Error::BufferTooSmall { needed }) if needed > len => {
            let mut big = vec![0u8; needed];
            canonical(body, &mut big).map(str::to_owned)
        }
        Err(e) => Err(e),
    }
}

/// `sign_body()` into a generous buffer.
fn signed_copy(body: &[u8], secret: &[u8]) -> Result<Vec<u8>, Error> {
    signed_copy_with(body, |b, out| sign_body(b, secret, out))
}

/// A `sign_body`-like function into a generous buffer.
fn signed_copy_with(
    body: &[u8],
    f: impl for<'o> Fn(&[u8], &'o mut [u8]) -> Result<&'o [u8], Error>,
) -> Result<Vec<u8>, Error> {
    let mut buf = vec![0u8; body.len() + 4096];
    f(body, &mut buf).map(<[u8]>::to_vec)
}

fn sig(body: &[u8], secret: &[u8]) -> Result<String, Error> {
    sign(body, secret).map(|s| s.as_str().to_owned())
}

fn str_field<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("case field `{key}` is a string"))
}

/// A body with `signature` (top level) set to `value` (raw JSON text).
fn with_top_signature(value_json: &str) -> Vec<u8> {
    format!(r#"{{"general":{{"project_id":1234,"payment_id":"p1"}},"signature":{value_json}}}"#)
        .into_bytes()
}

// ---------------------------------------------------------------------------
// the shared vectors
// ---------------------------------------------------------------------------

#[test]
fn vector_file_is_complete() {
    let cases = cases();
    assert_eq!(
        cases.len(),
        EXPECTED_CASES,
        "signature.json: wrong number of cases (truncated file?)"
    );
    let mut names: Vec<&str> = cases.iter().map(|c| str_field(c, "name")).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), EXPECTED_CASES, "case names must be unique");
    let n_sign = cases.iter().filter(|c| c["kind"] == "sign").count();
    let n_verify = cases.iter().filter(|c| c["kind"] == "verify").count();
    assert_eq!(
        n_sign + n_verify,
        EXPECTED_CASES,
        "every case is kind sign or verify"
    );
    assert!(n_sign > 0 && n_verify > 0);
}

#[test]
fn vectors() {
    let cases = cases();
    assert_eq!(
        cases.len(),
        EXPECTED_CASES,
        "signature.json: wrong number of cases (truncated file?)"
    );
    let mut failures: Vec<String> = Vec::new();
    for case in &cases {
        let name = str_field(case, "name");
        let mut fail = |what: String| failures.push(format!("[{name}] {what}"));
        match str_field(case, "kind") {
            "sign" => check_sign_case(case, &mut fail),
            "verify" => check_verify_case(case, &mut fail),
            other => fail(format!("unknown kind {other:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} vector check(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The shared cases the reference calls ambiguous, and the only ones the
/// default policy refuses.
const AMBIGUOUS_CASES: [&str; 2] = ["edge_large_integers", "edge_values_with_separators"];

/// A signer of `secret` with the ambiguity opt-in.
fn allowing(secret: &[u8]) -> Result<Signer, Error> {
    Signer::new(secret).map(|s| s.with_ambiguous_data(AmbiguousData::Allow))
}

/// Which signature member verifying `input` leaves out (spec 2).
fn exclusion(input: &str) -> reference::Exclude {
    let v: Value = serde_json::from_str(input).unwrap();
    if v.get("signature").is_some() {
        reference::Exclude::TopLevel
    } else {
        reference::Exclude::General
    }
}

/// The reference's first ambiguous member of a case's input, with the
/// exclusion of its kind (signing: both signature members; verifying: the
/// one used).
fn case_finding(case: &Value) -> Option<reference::Finding> {
    let input = str_field(case, "input");
    let exclude = if case["kind"] == "sign" {
        reference::Exclude::Both
    } else {
        exclusion(input)
    };
    reference::first_ambiguity(input, exclude).unwrap()
}

/// The crate's name for a reference reason.
fn core_reason(r: reference::Ambiguity) -> Ambiguity {
    match r {
        reference::Ambiguity::Key => Ambiguity::Key,
        reference::Ambiguity::Separator => Ambiguity::Separator,
        reference::Ambiguity::IntegerRange => Ambiguity::IntegerRange,
        reference::Ambiguity::Digits => Ambiguity::Digits,
        reference::Ambiguity::Tiny => Ambiguity::Tiny,
    }
}

/// Checks a default-policy refusal: `Error::Ambiguous` with the reference's
/// reason, at an offset that `explain` turns into the reference's path.
fn check_refusal(
    what: &str,
    body: &[u8],
    f: &reference::Finding,
    got: Result<(), Error>,
    fail: &mut dyn FnMut(String),
) {
    match got {
        Err(e @ Error::Ambiguous { reason, .. }) if reason == core_reason(f.reason) => {
            let want = format!("{}: {}", reference::explained_path(f), reason);
            let mut out = [0u8; 512];
            match ambiguity::explain(body, &e, &mut out) {
                Ok(s) if s == want => {}
                other => fail(format!("{what}: explain: want {want:?}, got {other:?}")),
            }
        }
        other => fail(format!(
            "{what} by default: want Ambiguous {:?} at {:?}, got {other:?}",
            f.reason, f.path
        )),
    }
}

fn check_sign_case(case: &Value, fail: &mut dyn FnMut(String)) {
    let input = str_field(case, "input").as_bytes();
    let secret = str_field(case, "secret").as_bytes();
    let want_canonical = str_field(case, "canonical");
    let want_signature = str_field(case, "signature");

    // canonical() is never refused.
    match canon(input) {
        Ok(got) if got == want_canonical => {}
        Ok(got) => fail(format!(
            "canonical:\n   want {want_canonical:?}\n    got {got:?}"
        )),
        Err(e) => fail(format!("canonical: error {e:?}")),
    }
    match canonical_len(input) {
        Ok(n) if n == want_canonical.len() => {}
        Ok(n) => fail(format!(
            "canonical_len: want {}, got {n}",
            want_canonical.len()
        )),
        Err(e) => fail(format!("canonical_len: error {e:?}")),
    }

    // With the opt-in: every vector, as recorded.
    match allowing(secret).and_then(|s| s.sign(input)) {
        Ok(s) if s.as_str() == want_signature => {}
        Ok(s) => fail(format!(
            "Signer::sign (opt-in): want {want_signature}, got {}",
            s.as_str()
        )),
        Err(e) => fail(format!("Signer::sign (opt-in): error {e:?}")),
    }
    let signer = allowing(secret).unwrap();
    let signed = match signed_copy_with(input, |b, out| signer.sign_body(b, out)) {
        Ok(s) => s,
        Err(e) => return fail(format!("sign_body (opt-in): error {e:?}")),
    };
    check_signed_copy(case, &signed, fail);
    for mode in [Mode::Strict, Mode::Tolerant] {
        match signer.verify(&signed, mode) {
            Ok(Order::Natural) => {}
            other => fail(format!(
                "verify({mode:?}, opt-in) of the signed copy: {other:?}"
            )),
        }
    }

    // By default: refused exactly when the reference finds ambiguous data.
    match case_finding(case) {
        Some(f) => {
            check_refusal("sign", input, &f, sig(input, secret).map(|_| ()), fail);
            check_refusal(
                "Signer::sign",
                input,
                &f,
                Signer::new(secret).and_then(|s| s.sign(input)).map(|_| ()),
                fail,
            );
            let mut buf = vec![0xAAu8; signed.len()];
            check_refusal(
                "sign_body",
                input,
                &f,
                sign_body(input, secret, &mut buf).map(|_| ()),
                fail,
            );
            if buf.iter().any(|&b| b != 0xAA) {
                fail("sign_body by default wrote into the buffer on error".to_owned());
            }
            check_refusal("ambiguity::check", input, &f, ambiguity::check(input), fail);
            // The opt-in's signed copy is refused by default too.
            check_refusal(
                "verify of the signed copy",
                &signed,
                &f,
                verify(&signed, secret, Mode::Tolerant).map(|_| ()),
                fail,
            );
        }
        None => {
            match sig(input, secret) {
                Ok(s) if s == want_signature => {}
                Ok(s) => fail(format!("sign: want {want_signature}, got {s}")),
                Err(e) => fail(format!("sign: error {e:?}")),
            }
            match Signer::new(secret).and_then(|s| s.sign(input)) {
                Ok(s) if s.as_str() == want_signature => {}
                Ok(s) => fail(format!(
                    "Signer::sign: want {want_signature}, got {}",
                    s.as_str()
                )),
                Err(e) => fail(format!("Signer::sign: error {e:?}")),
            }
            if ambiguity::check(input) != Ok(()) {
                fail(format!("ambiguity::check: {:?}", ambiguity::check(input)));
            }
            match signed_copy(input, secret) {
                Ok(s) if s == signed => {}
                other => fail(format!(
                    "sign_body: not the opt-in's copy: {:?}",
                    other.map(|s| String::from_utf8_lossy(&s).into_owned())
                )),
            }
            for mode in [Mode::Strict, Mode::Tolerant] {
                match verify(&signed, secret, mode) {
                    Ok(Order::Natural) => {}
                    other => fail(format!("verify({mode:?}) of the signed copy: {other:?}")),
                }
            }
        }
    }
}

/// Spec 2: the signed copy is the same data plus `general.signature`.
fn check_signed_copy(case: &Value, signed: &[u8], fail: &mut dyn FnMut(String)) {
    let want_signature = str_field(case, "signature");
    let signed_text = String::from_utf8_lossy(signed).into_owned();
    let mut got: Value = match serde_json::from_slice(signed) {
        Ok(v) => v,
        Err(e) => return fail(format!("sign_body output is not JSON ({e}): {signed_text}")),
    };
    let want: Value = serde_json::from_str(str_field(case, "input")).unwrap();
    let had_general = want.get("general").is_some();
    match got.get_mut("general").and_then(Value::as_object_mut) {
        Some(general) => {
            match general.shift_remove("signature") {
                Some(Value::String(s)) if s == want_signature => {}
                other => fail(format!(
                    "sign_body: general.signature = {other:?}, want {want_signature}"
                )),
            }
            if !had_general && general.is_empty() {
                got.as_object_mut().unwrap().shift_remove("general");
            }
        }
        None => fail(format!("sign_body: no general object in {signed_text}")),
    }
    if got != want {
        fail(format!("sign_body changed the data: {signed_text}"));
    }
}

fn check_verify_case(case: &Value, fail: &mut dyn FnMut(String)) {
    let input = str_field(case, "input").as_bytes();
    let secret = str_field(case, "secret").as_bytes();
    let strict = case["strict"].as_bool().expect("strict is a bool");
    let tolerant = case["tolerant"].as_bool().expect("tolerant is a bool");
    let matched = case["matched"].as_str();
    let want_strict = if strict {
        Ok(Order::Natural)
    } else {
        Err(Error::SignatureMismatch)
    };
    let tolerant_ok = |got: &Result<Order, Error>| match (got, tolerant) {
        (Ok(order), true) => Some(order.as_str()) == matched,
        (Err(Error::SignatureMismatch), false) => true,
        _ => false,
    };

    // With the opt-in: every vector, as recorded.
    let signer = allowing(secret).unwrap();
    let got = signer.verify(input, Mode::Strict);
    if got != want_strict {
        fail(format!(
            "verify(strict, opt-in): want {want_strict:?}, got {got:?}"
        ));
    }
    let got = signer.verify(input, Mode::Tolerant);
    if !tolerant_ok(&got) {
        fail(format!(
            "verify(tolerant, opt-in): want tolerant={tolerant} matched={matched:?}, got {got:?}"
        ));
    }

    // By default: refused exactly when the reference finds ambiguous data.
    if let Some(f) = case_finding(case) {
        for mode in [Mode::Strict, Mode::Tolerant] {
            check_refusal(
                &format!("verify({mode:?})"),
                input,
                &f,
                verify(input, secret, mode).map(|_| ()),
                fail,
            );
        }
    } else {
        let got = verify(input, secret, Mode::Strict);
        if got != want_strict {
            fail(format!("verify(strict): want {want_strict:?}, got {got:?}"));
        }
        let got = verify(input, secret, Mode::Tolerant);
        if !tolerant_ok(&got) {
            fail(format!(
                "verify(tolerant): want tolerant={tolerant} matched={matched:?}, got {got:?}"
            ));
        }
        let got_default = verify(input, secret, Mode::default());
        if got_default != got {
            fail(format!(
                "Mode::default() is not Tolerant: {got_default:?} vs {got:?}"
            ));
        }
        match Signer::new(secret).and_then(|s| s.verify(input, Mode::Strict)) {
            r if r == want_strict => {}
            r => fail(format!(
                "Signer::verify(strict): want {want_strict:?}, got {r:?}"
            )),
        }
    }

    // `canonical` of a signed body: the signature member (top-level
    // `signature` or `general.signature`) is not part of it. Never refused.
    if let Some(want) = case.get("canonical").and_then(Value::as_str) {
        match canon(input) {
            Ok(got) if got == want => {}
            Ok(got) => fail(format!("canonical:\n   want {want:?}\n    got {got:?}")),
            Err(e) => fail(format!("canonical: error {e:?}")),
        }
        match canonical_len(input) {
            Ok(n) if n == want.len() => {}
            other => fail(format!("canonical_len: want {}, got {other:?}", want.len())),
        }
    }
}

/// By name: the reference calls exactly [`AMBIGUOUS_CASES`] ambiguous, and
/// those are exactly the cases the default policy refuses (signing for sign
/// cases, verification for verify cases); the tolerant-order cases are not
/// among them and still verify by default in the order recorded.
#[test]
fn default_policy_refuses_exactly_the_ambiguous_vectors() {
    let cases = cases();
    let by_reference: Vec<&str> = cases
        .iter()
        .filter(|c| case_finding(c).is_some())
        .map(|c| str_field(c, "name"))
        .collect();
    assert_eq!(by_reference, AMBIGUOUS_CASES);
    let refused: Vec<&str> = cases
        .iter()
        .filter(|c| {
            let input = str_field(c, "input").as_bytes();
            let secret = str_field(c, "secret").as_bytes();
            let r = if c["kind"] == "sign" {
                sig(input, secret).map(|_| ())
            } else {
                verify(input, secret, Mode::Tolerant).map(|_| ())
            };
            match r {
                Err(Error::Ambiguous { .. }) => true,
                Ok(()) | Err(Error::SignatureMismatch) => false,
                Err(e) => panic!("{}: {e:?}", str_field(c, "name")),
            }
        })
        .map(|c| str_field(c, "name"))
        .collect();
    assert_eq!(refused, AMBIGUOUS_CASES);
    let tolerant_orders: Vec<&Value> = cases
        .iter()
        .filter(|c| matches!(c["matched"].as_str(), Some("byte-path" | "byte-line")))
        .collect();
    assert!(tolerant_orders.len() >= 5);
    for c in tolerant_orders {
        let input = str_field(c, "input").as_bytes();
        let secret = str_field(c, "secret").as_bytes();
        assert_eq!(
            verify(input, secret, Mode::Tolerant).map(|o| o.as_str()),
            Ok(c["matched"].as_str().unwrap()),
            "{}",
            str_field(c, "name")
        );
        assert_eq!(
            verify(input, secret, Mode::Strict),
            Err(Error::SignatureMismatch),
            "{}",
            str_field(c, "name")
        );
    }
}

/// The reference implementation agrees with every vector: checks the test
/// oracle itself before the differential test relies on it.
#[test]
fn reference_agrees_with_vectors() {
    use reference::{candidates, hmac_b64, lines_of_text, Exclude};
    let mut failures = Vec::new();
    for case in &cases() {
        let name = str_field(case, "name");
        let input = str_field(case, "input");
        let secret = str_field(case, "secret").as_bytes();
        if case["kind"] == "sign" {
            let got = reference::canonical(input).unwrap();
            if got != str_field(case, "canonical").as_bytes() {
                failures.push(format!(
                    "[{name}] reference canonical {}",
                    reference::show(&got)
                ));
            }
            if hmac_b64(secret, &got) != str_field(case, "signature") {
                failures.push(format!("[{name}] reference signature"));
            }
        } else {
            let v: Value = serde_json::from_str(input).unwrap();
            let (exclude, signature) = match v.get("signature") {
                Some(s) => (Exclude::TopLevel, s.as_str().unwrap().to_owned()),
                None => (
                    Exclude::General,
                    v["general"]["signature"].as_str().unwrap().to_owned(),
                ),
            };
            let lines = lines_of_text(input, exclude).unwrap();
            let cands = candidates(&lines);
            let first = cands
                .iter()
                .find(|(_, s)| hmac_b64(secret, s) == signature)
                .map(|(n, _)| *n);
            let strict = first == Some("natural");
            if strict != case["strict"].as_bool().unwrap()
                || first.is_some() != case["tolerant"].as_bool().unwrap()
                || first != case["matched"].as_str()
            {
                failures.push(format!("[{name}] reference verify: first match {first:?}"));
            }
            if let Some(want) = case.get("canonical").and_then(Value::as_str) {
                let got = reference::canonical(input).unwrap();
                if got != want.as_bytes() {
                    failures.push(format!(
                        "[{name}] reference canonical {}",
                        reference::show(&got)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// output buffers
// ---------------------------------------------------------------------------

/// The house rule (style.md, rustls-ffi contract): outputs are written only on success.
fn assert_untouched(buf: &[u8], what: &str) {
    if let Some(i) = buf.iter().position(|&b| b != 0xAA) {
        let changed = buf.iter().filter(|&&b| b != 0xAA).count();
        panic!(
            "{what}: the call failed but wrote to the buffer: {changed} of {} bytes changed, \
             first at index {i} (now {:#04x}); outputs must be written only on success",
            buf.len(),
            buf[i]
        );
    }
}

const BODY: &[u8] = br#"{"general":{"project_id":1234,"payment_id":"p1"},"payment":{"amount":5000000,"currency":"KHR"},"list":[1,2,3,4,5,6,7,8,9,10,11]}"#;

#[test]
fn canonical_buffer_too_small_reports_exact_size_and_writes_nothing() {
    let needed = canonical_len(BODY).unwrap();
    let expected = reference::canonical(core::str::from_utf8(BODY).unwrap()).unwrap();
    assert_eq!(needed, expected.len());

    // size query with an empty slice
    assert_eq!(
        canonical(BODY, &mut []),
        Err(Error::BufferTooSmall { needed })
    );

    for short in [1, needed / 2, needed - 1] {
        let mut buf = vec![0xAAu8; short];
        assert_eq!(
            canonical(BODY, &mut buf),
            Err(Error::BufferTooSmall { needed }),
            "len {short}"
        );
        assert_untouched(&buf, &format!("canonical into {short} of {needed} bytes"));
    }

    let mut exact = vec![0xAAu8; needed];
    assert_eq!(
        canonical(BODY, &mut exact).unwrap().as_bytes(),
        &expected[..]
    );
    let mut roomy = vec![0xAAu8; needed + 10];
    assert_eq!(
        canonical(BODY, &mut roomy).unwrap().as_bytes(),
        &expected[..]
    );
}

#[test]
fn sign_body_buffer_too_small_reports_exact_size_and_writes_nothing() {
    for body in [
        BODY,
        br#"{"payment":{"amount":1}}"#.as_slice(), // general is created
        br#"{"general":{"signature":"old"},"signature":"x","a":1}"#.as_slice(), // replaced / removed
    ] {
        let needed = match sign_body(body, SECRET, &mut []) {
            Err(Error::BufferTooSmall { needed }) => needed,
            other => panic!("size query: {other:?}"),
        };
        let mut short = vec![0xAAu8; needed - 1];
        assert_eq!(
            sign_body(body, SECRET, &mut short),
            Err(Error::BufferTooSmall { needed })
        );
        assert_untouched(
            &short,
            &format!("sign_body into {} of {needed} bytes", needed - 1),
        );

        let mut exact = vec![0xAAu8; needed];
        let out = sign_body(body, SECRET, &mut exact).unwrap().to_vec();
        assert_eq!(out.len(), needed, "needed must be exact");
        assert_eq!(verify(&out, SECRET, Mode::Strict), Ok(Order::Natural));
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v["general"]["signature"].as_str(),
            Some(sig(body, SECRET).unwrap().as_str())
        );
        assert!(
            v.get("signature").is_none(),
            "top-level signature must be removed"
        );
    }
}

#[test]
fn sign_body_refuses_general_that_is_not_an_object() {
    for body in [
        br#"{"general":"x"}"#.as_slice(),
        br#"{"general":[1]}"#,
        br#"{"general":null}"#,
    ] {
        let mut buf = vec![0xAAu8; 1024];
        assert_eq!(
            sign_body(body, SECRET, &mut buf),
            Err(Error::GeneralNotObject)
        );
        assert_untouched(&buf, &format!("sign_body({})", reference::show(body)));
    }
}

// ---------------------------------------------------------------------------
// spec 2: the signature member
// ---------------------------------------------------------------------------

#[test]
fn verify_missing_signature() {
    for body in [
        br#"{"a":1}"#.as_slice(),
        br#"{}"#,
        br#"{"general":{"project_id":1}}"#,
        br#"{"general":"signature"}"#,
        br#"{"x":{"signature":"nested is data, not the signature"}}"#,
    ] {
        for mode in [Mode::Strict, Mode::Tolerant] {
            assert_eq!(
                verify(body, SECRET, mode),
                Err(Error::MissingSignature),
                "{}",
                reference::show(body)
            );
        }
    }
}

#[test]
fn verify_signature_not_a_string() {
    for body in [
        with_top_signature("123"),
        with_top_signature("null"),
        with_top_signature("true"),
        with_top_signature(r#"{"a":"b"}"#),
        with_top_signature(r#"["x"]"#),
        br#"{"general":{"signature":null}}"#.to_vec(),
        br#"{"general":{"signature":42,"project_id":1}}"#.to_vec(),
        // a top-level signature wins even when it is not a string: no
        // fallback to a (valid-looking) general.signature
        format!(
            r#"{{"general":{{"project_id":1,"signature":"{}"}},"signature":7}}"#,
            reference::hmac_b64(SECRET, b"general:project_id:1")
        )
        .into_bytes(),
    ] {
        for mode in [Mode::Strict, Mode::Tolerant] {
            assert_eq!(
                verify(&body, SECRET, mode),
                Err(Error::SignatureNotString),
                "{}",
                reference::show(&body)
            );
        }
    }
}

#[test]
fn verify_bad_signatures_are_one_opaque_mismatch() {
    let good = sig(
        br#"{"general":{"project_id":1234,"payment_id":"p1"}}"#,
        SECRET,
    )
    .unwrap();
    let mut wrong_value = good.clone().into_bytes();
    wrong_value[10] = if wrong_value[10] == b'A' { b'B' } else { b'A' };
    let wrong_value = String::from_utf8(wrong_value).unwrap();
    for s in [
        String::new(),
        "garbage!".to_owned(),
        "abc=".to_owned(),
        "QUJD".to_owned(),                     // valid base64, 3 bytes
        "A".repeat(88),                        // right length, wrong value
        "*".repeat(88),                        // right length, not base64
        format!("{good}="),                    // too long
        good[..87].to_owned(),                 // too short
        good.trim_end_matches('=').to_owned(), // unpadded
        format!(" {good}"),                    // whitespace
        wrong_value,
    ] {
        let body = with_top_signature(&serde_json::to_string(&s).unwrap());
        for mode in [Mode::Strict, Mode::Tolerant] {
            assert_eq!(
                verify(&body, SECRET, mode),
                Err(Error::SignatureMismatch),
                "signature {s:?}"
            );
        }
    }
    // and the good one passes, at top level and in general
    let body = with_top_signature(&format!("{good:?}"));
    assert_eq!(verify(&body, SECRET, Mode::Strict), Ok(Order::Natural));
    let body =
        format!(r#"{{"general":{{"project_id":1234,"signature":"{good}","payment_id":"p1"}}}}"#);
    assert_eq!(
        verify(body.as_bytes(), SECRET, Mode::Strict),
        Ok(Order::Natural)
    );
    // a wrong secret
    assert_eq!(
        verify(body.as_bytes(), b"secreT", Mode::Tolerant),
        Err(Error::SignatureMismatch)
    );
}

#[test]
fn secrets_are_checked() {
    assert_eq!(sig(b"{}", b"").map(|_| ()), Err(Error::EmptySecret));
    assert!(Signer::new(b"").is_err());
    for s in [b" secret".as_slice(), b"secret\n", b"\tsecret"] {
        assert!(sign(b"{}", s).is_err(), "secret {s:?} should be refused");
    }
}

// ---------------------------------------------------------------------------
// spec 4: input the library rejects
// ---------------------------------------------------------------------------

/// Checks `canonical`, `canonical_len`, `sign` and `verify` all refuse `body`
/// with an error that satisfies `pred`.
fn assert_refused(body: &[u8], what: &str, pred: impl Fn(&Error) -> bool) {
    let mut buf = vec![0xAAu8; 4096];
    let results = [
        ("canonical", canonical(body, &mut buf).map(|_| ())),
        ("canonical_len", canonical_len(body).map(|_| ())),
        ("sign", sign(body, SECRET).map(|_| ())),
        ("verify", verify(body, SECRET, Mode::Tolerant).map(|_| ())),
    ];
    for (f, r) in results {
        match r {
            Err(ref e) if pred(e) => {}
            other => panic!("{f}({}) = {other:?}, want {what}", reference::show(body)),
        }
    }
    assert_untouched(&buf, &format!("canonical({})", reference::show(body)));
}

#[test]
fn duplicate_keys() {
    for (body, offset) in [
        (r#"{"a":1,"a":2}"#, 7),
        (r#"{"a":1,"\u0061":2}"#, 7),
        (r#"{"x":{"k":1,"j":2,"k":3}}"#, 18),
        (r#"{"general":{"signature":"x","signature":"y"}}"#, 28),
        (r#"{"signature":"x","signature":"y"}"#, 17),
        (r#"{"e\u0301":1,"é":2,"\u00e9":3}"#, 20), // NFD and NFC differ (no normalisation); the 3rd repeats the 2nd
    ] {
        let body = body.as_bytes();
        assert_refused(body, "DuplicateKey", |e| {
            matches!(e, Error::DuplicateKey { .. })
        });
        let mut buf = [0u8; 256];
        match canonical(body, &mut buf) {
            Err(Error::DuplicateKey { offset: got }) => {
                assert_eq!(
                    got,
                    offset,
                    "offset of the second occurrence in {}",
                    reference::show(body)
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn lone_surrogates() {
    for body in [
        br#"{"a":"\ud800"}"#.as_slice(),
        br#"{"a":"\udc00"}"#,
        br#"{"a":"x\ud83dy"}"#,
        br#"{"a":"\ud83d\u0041"}"#,
        br#"{"a":"\ud83d\ud83d"}"#,
        br#"{"a":"\ude00\ud83d"}"#,
        br#"{"\ud800":1}"#,
        br#"{"a":"\uD800"}"#,
    ] {
        assert_refused(body, "LoneSurrogate", |e| {
            matches!(e, Error::LoneSurrogate { .. })
        });
    }
    // a proper pair is fine, in either hex case
    for body in [
        br#"{"a":"\ud83d\ude00"}"#.as_slice(),
        br#"{"a":"\uD83D\uDE00"}"#,
    ] {
        let mut buf = [0u8; 64];
        assert_eq!(canonical(body, &mut buf), Ok("a:😀"));
    }
}

#[test]
fn invalid_utf8() {
    for (body, offset) in [
        (b"{\"a\":\"\xff\"}".as_slice(), 6),
        (b"{\"a\":\"x\xc3\"}", 7),            // truncated 2-byte sequence
        (b"{\"a\":\"\xc0\xaf\"}", 6),         // overlong
        (b"{\"a\":\"\xed\xa0\x80\"}", 6),     // UTF-8 encoded surrogate
        (b"{\"\xfe\":1}", 2),                 // in a key
        (b"{\"a\":\"\xf4\x90\x80\x80\"}", 6), // above U+10FFFF
    ] {
        assert_refused(body, "InvalidUtf8", |e| {
            matches!(e, Error::InvalidUtf8 { .. })
        });
        let mut buf = [0u8; 64];
        assert_eq!(
            canonical(body, &mut buf),
            Err(Error::InvalidUtf8 { offset }),
            "{}",
            reference::show(body)
        );
    }
}

#[test]
fn top_level_not_an_object() {
    for body in [
        b"[]".as_slice(),
        b"[1,2]",
        b"[{\"a\":1}]",
        b"1",
        b"\"s\"",
        b"null",
        b"true",
        b" [] ",
    ] {
        assert_refused(body, "NotAnObject", |e| *e == Error::NotAnObject);
    }
}

#[test]
fn number_out_of_range() {
    let huge = format!("{{\"a\":{}}}", "9".repeat(400));
    for body in [
        br#"{"a":1e400}"#.as_slice(),
        br#"{"a":-1e400}"#,
        br#"{"a":1.8e308}"#,
        br#"{"x":[1,{"y":1E+309}]}"#,
        huge.as_bytes(),
    ] {
        assert_refused(body, "NumberOutOfRange", |e| {
            matches!(e, Error::NumberOutOfRange { .. })
        });
    }
    let mut buf = [0u8; 64];
    assert_eq!(
        canonical(br#"{"a":1e400}"#, &mut buf),
        Err(Error::NumberOutOfRange { offset: 5 })
    );
    // the largest double is in range
    assert_eq!(
        canonical(br#"{"a":1.7976931348623157e308}"#, &mut buf),
        Ok("a:1.7976931348623E+308")
    );
}

#[test]
fn number_formatting_examples() {
    // spec 1.4, one leaf at a time
    for (json, want) in [
        ("1.0", "1"),
        ("10.50", "10.5"),
        ("1e3", "1000"),
        ("0.30000000000000004", "0.3"),
        ("-0.0", "-0"),
        ("-0", "0"),
        ("1e21", "1.0E+21"),
        ("1e-7", "1.0E-7"),
        ("9007199254740993", "9007199254740993"),
        ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775808", "9.2233720368548E+18"),
        ("123456789012345678901234567890", "1.2345678901235E+29"),
        ("0.0001", "0.0001"),
        ("0.00001", "1.0E-5"),
        ("12345678901234", "12345678901234"),
        ("12345678901234.0", "12345678901234"),
        ("123456789012345.0", "1.2345678901234E+14"), // exact tie, half-even as PHP (see differential.rs)
        ("99999999999999.5", "1.0E+14"),
        ("1E2", "100"),
        ("2.5e-3", "0.0025"),
        ("1.5e-5", "1.5E-5"),
        ("5e-324", "4.9406564584125E-324"),
        ("1e100", "1.0E+100"),
        ("-1.25e-10", "-1.25E-10"),
    ] {
        let body = format!("{{\"n\":{json}}}");
        let want_line = format!("n:{want}");
        let reference = reference::canonical(&body).unwrap();
        assert_eq!(
            String::from_utf8(reference).unwrap(),
            want_line,
            "reference for {json}"
        );
        assert_eq!(canon(body.as_bytes()), Ok(want_line), "engine for {json}");
    }
}

#[test]
fn nesting_beyond_the_limit_is_refused_without_recursion() {
    // Run on a small stack: a recursive parser would overflow long before
    // reaching the end of the input.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
            let deep_arrays = format!(r#"{{"a":{}1{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
            let unclosed = "[".repeat(100_000);
            let unclosed = format!(r#"{{"a":{unclosed}"#);
            for body in [&deep_objects, &deep_arrays, &unclosed] {
                assert_refused(body.as_bytes(), "TooDeep", |e| {
                    matches!(e, Error::TooDeep { .. })
                });
            }
            // The 17th container (the top-level object is depth 1) is the one
            // that goes past the default depth 16; it starts at byte 16 * 5.
            let mut buf = [0u8; 64];
            assert_eq!(
                canonical(deep_objects.as_bytes(), &mut buf),
                Err(Error::TooDeep { offset: 80 })
            );
        })
        .unwrap();
    handle
        .join()
        .expect("deep nesting must not overflow the stack");
}

#[test]
fn nesting_at_the_limit_is_accepted() {
    // depth 16 = the top-level object plus 15 nested ones
    let body = format!("{}1{}", r#"{"a":"#.repeat(16), "}".repeat(16));
    let want = format!("{}:1", vec!["a"; 16].join(":"));
    assert_eq!(canon(body.as_bytes()), Ok(want));
    let body = format!("{}1{}", r#"{"a":"#.repeat(17), "}".repeat(17));
    assert!(matches!(canon(body.as_bytes()), Err(Error::TooDeep { .. })));
}

#[test]
fn values_at_and_beyond_the_limit() {
    // 512 members = 512 values: accepted; 513: refused.
    let members = |n: usize| {
        let inner: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
        format!("{{{}}}", inner.join(","))
    };
    assert!(canon(members(512).as_bytes()).is_ok());
    assert_refused(members(513).as_bytes(), "TooManyValues", |e| {
        *e == Error::TooManyValues
    });
    // one member holding an array of 511 elements = 512 values
    let array = |n: usize| format!("{{\"a\":[{}]}}", vec!["0"; n].join(","));
    assert!(canon(array(511).as_bytes()).is_ok());
    assert_refused(array(512).as_bytes(), "TooManyValues", |e| {
        *e == Error::TooManyValues
    });
}

#[test]
fn malformed_json() {
    for body in [
        b"".as_slice(),
        b"   ",
        b"{",
        b"{\"a\":1",
        b"{\"a\":}",
        b"{\"a\" 1}",
        b"{'a':1}",
        b"{a:1}",
        b"{\"a\":01}",
        b"{\"a\":1.}",
        b"{\"a\":.5}",
        b"{\"a\":+1}",
        b"{\"a\":-}",
        b"{\"a\":1e}",
        b"{\"a\":NaN}",
        b"{\"a\":Infinity}",
        b"{\"a\":tru}",
        b"{\"a\":nul}",
        b"{\"a\":\"x}",
        b"{\"a\":\"\x01\"}",
        b"{\"a\":\"\\x\"}",
        b"{\"a\":\"\\u12\"}",
        b"{\"a\":\"\\u12g4\"}",
        b"{\"a\":1,}",
        b"{,}",
        b"{\"a\":[1,]}",
        b"{\"a\":[,1]}",
        b"{\"a\":1 \"b\":2}",
        b"{\"a\":1}}",
    ] {
        assert_refused(body, "InvalidJson", |e| {
            matches!(e, Error::InvalidJson { .. })
        });
    }
}

#[test]
fn trailing_garbage_is_refused() {
    for (body, offset) in [
        (b"{\"a\":1}x".as_slice(), 7),
        (b"{\"a\":1}{}", 7),
        (b"{\"a\":1},", 7),
        (b"{\"a\":1} 1", 8),
        (b"{\"a\":1}\0", 7),
    ] {
        assert_refused(body, "InvalidJson", |e| {
            matches!(e, Error::InvalidJson { .. })
        });
        let mut buf = [0u8; 64];
        assert_eq!(
            canonical(body, &mut buf),
            Err(Error::InvalidJson { offset }),
            "{}",
            reference::show(body)
        );
    }
    // trailing whitespace is fine
    let mut buf = [0u8; 64];
    assert_eq!(canonical(b" {\"a\":1} \n\t\r ", &mut buf), Ok("a:1"));
}

// ---------------------------------------------------------------------------
// spec 2 and 1.5, pinned
// ---------------------------------------------------------------------------

/// With both members present, verification uses the top-level `signature`
/// and removes exactly that member: `general.signature` is then signed data.
#[test]
fn verify_removes_exactly_the_signature_member_it_uses() {
    let with_data = reference::hmac_b64(SECRET, b"general:project_id:1;general:signature:data");
    let without = reference::hmac_b64(SECRET, b"general:project_id:1");
    let body = |sig: &str| {
        format!(r#"{{"general":{{"project_id":1,"signature":"data"}},"signature":"{sig}"}}"#)
    };
    assert_eq!(
        verify(body(&with_data).as_bytes(), SECRET, Mode::Strict),
        Ok(Order::Natural)
    );
    assert_eq!(
        verify(body(&without).as_bytes(), SECRET, Mode::Tolerant),
        Err(Error::SignatureMismatch)
    );
    // canonical() is the signing view: both members are left out
    assert_eq!(
        canon(body(&with_data).as_bytes()),
        Ok("general:project_id:1".to_owned())
    );
}

/// PHP's `strnatcmp` checks for the end of either string right after two
/// equal bytes, before skipping whitespace: `x:` < `x: ` and `x:` < `x:\0`.
/// (Found by the differential test; the empty key makes one path a prefix of
/// its sibling's path.)
#[test]
fn natural_order_when_a_path_is_a_prefix_of_its_sibling() {
    for (body, want) in [
        (r#"{"a ":1,"a":2}"#, "a:2;a :1"),
        (r#"{"x":{"a ":1,"a":2}}"#, "x:a:2;x:a :1"),
        (r#"{"x":{"":2," ":1}}"#, "x::2;x: :1"),
        (r#"{"x":{" ":1,"":2}}"#, "x::2;x: :1"),
        (r#"{"x":{"\t":1,"":2}}"#, "x::2;x:\t:1"),
        (r#"{"x":{"\u0000":1,"":2}}"#, "x::2;x:\u{0}:1"),
        (r#"{"":{"\n":1,"":2}}"#, "::2;:\n:1"),
    ] {
        let reference = String::from_utf8(reference::canonical(body).unwrap()).unwrap();
        assert_eq!(reference, want, "reference for {body}");
        assert_eq!(
            canon(body.as_bytes()),
            Ok(want.to_owned()),
            "engine for {body}"
        );
    }
}

// ---------------------------------------------------------------------------
// ambiguous data (docs/signature.md), pinned
// ---------------------------------------------------------------------------

/// The rules on examples: the reference's predicate, core's default refusal
/// (offset of the first offending member, reason) and its explanation.
#[test]
fn ambiguity_examples() {
    use reference::Ambiguity as R;
    for (body, want) in [
        // numbers: integers outside i64; fractions and exponents by their
        // significant digits (leading and trailing zeros removed); below 1E-307
        (r#"{"a":9223372036854775807}"#, None),
        (r#"{"a":-9223372036854775808}"#, None),
        (
            r#"{"a":9223372036854775808}"#,
            Some((R::IntegerRange, 1, "a")),
        ),
        (
            r#"{"a":-9223372036854775809}"#,
            Some((R::IntegerRange, 1, "a")),
        ),
        (r#"{"a":1.000000000000000}"#, None),
        (r#"{"a":0.000123456789012340}"#, None),
        (r#"{"a":1234567890123.4}"#, None),
        (r#"{"a":12345678901234.5}"#, Some((R::Digits, 1, "a"))),
        (r#"{"a":0.30000000000000004}"#, Some((R::Digits, 1, "a"))),
        (r#"{"a":123456789012345e0}"#, Some((R::Digits, 1, "a"))),
        (r#"{"a":1e21}"#, None),
        (r#"{"a":1e-307}"#, None),
        (r#"{"a":0.99999999999999e-307}"#, Some((R::Tiny, 1, "a"))),
        (r#"{"a":3e-324}"#, Some((R::Tiny, 1, "a"))),
        (r#"{"a":-1e-400}"#, Some((R::Tiny, 1, "a"))),
        (r#"{"a":[0,1e-400]}"#, Some((R::Tiny, 8, "a.1"))),
        (r#"{"a":0.0e-400}"#, None),
        (r#"{"a":-0.0}"#, None),
        // strings: a ';' with a ':' after it, escapes decoded
        (r#"{"a":"12:30; later"}"#, None),
        (r#"{"a":"a=1;b=2"}"#, None),
        (r#"{"a":"x;path:value"}"#, Some((R::Separator, 1, "a"))),
        (r#"{"a":"x\u003b\u003a"}"#, Some((R::Separator, 1, "a"))),
        // keys: empty, ';' or ':', also where they make no line
        (r#"{"a:b":1}"#, Some((R::Key, 1, r#"key "a:b""#))),
        (r#"{"p":{"x\u003b":1}}"#, Some((R::Key, 6, r#"key p."x;""#))),
        (r#"{"x":{"":{}}}"#, Some((R::Key, 6, r#"key x."""#))),
        (r#"{"x":[{"a;":[]}]}"#, Some((R::Key, 7, r#"key x.0."a;""#))),
        (r#"{"a:b":"x;y:z"}"#, Some((R::Key, 1, r#"key "a:b""#))),
        // control characters in a path are escaped (one line)
        (
            r#"{"a\tb":{"c":"x;y:z"}}"#,
            Some((R::Separator, 9, "a\\tb.c")),
        ),
        // document order: the first member, at any depth
        (
            r#"{"z":{"k":[1,"x;y:z"]},"a:b":1}"#,
            Some((R::Separator, 13, "z.k.1")),
        ),
        // never checked: frame_mode members and what they hold
        (
            r#"{"frame_mode":{"a:b":"x;y:z"},"x":[1,{"frame_mode":1e-400}]}"#,
            None,
        ),
    ] {
        let reference = reference::first_ambiguity(body, reference::Exclude::Both).unwrap();
        assert_eq!(
            reference
                .as_ref()
                .map(|f| (f.reason, reference::explained_path(f))),
            want.map(|(r, _, path)| (r, path.to_owned())),
            "reference on {body}"
        );
        let got = sign(body.as_bytes(), SECRET).map(|_| ());
        let Some((reason, offset, path)) = want else {
            assert_eq!(got, Ok(()), "{body}");
            assert_eq!(ambiguity::check(body.as_bytes()), Ok(()), "{body}");
            continue;
        };
        let err = Error::Ambiguous {
            offset,
            reason: core_reason(reason),
        };
        assert_eq!(got, Err(err), "{body}");
        assert_eq!(ambiguity::check(body.as_bytes()), Err(err), "{body}");
        let mut out = [0u8; 256];
        assert_eq!(
            ambiguity::explain(body.as_bytes(), &err, &mut out),
            Ok(format!("{path}: {}", core_reason(reason)).as_str()),
        );
        // canonical() is never refused
        assert!(canonical_len(body.as_bytes()).is_ok(), "{body}");
    }
}

/// Verification reports, in this order: malformed input, a missing or
/// non-string signature, ambiguous data, then the MAC (so a refusal says
/// nothing about the key).
#[test]
fn verification_order_with_ambiguous_data() {
    let refused = Err(Error::Ambiguous {
        offset: 1,
        reason: Ambiguity::Key,
    });
    for (body, want) in [
        (r#"{"a:b":1,"#, Err(Error::InvalidJson { offset: 9 })),
        (
            r#"{"a:b":1,"a:b":2}"#,
            Err(Error::DuplicateKey { offset: 9 }),
        ),
        (r#"{"a:b":1}"#, Err(Error::MissingSignature)),
        (r#"{"a:b":1,"signature":5}"#, Err(Error::SignatureNotString)),
        (r#"{"a:b":1,"signature":"x"}"#, refused),
        (r#"{"a:b":1,"signature":""}"#, refused),
    ] {
        for mode in [Mode::Strict, Mode::Tolerant] {
            assert_eq!(verify(body.as_bytes(), SECRET, mode), want, "{body}");
        }
    }
}
