//! Regression tests for what the fuzz targets (`fuzz/`) and the hostile-input
//! catalogue (`tests/hostile/`) found or pinned down.
//!
//! Each test names the target or case it comes from. The fuzz runs recorded
//! in `fuzz/README.md` found no crash and no mismatch; these tests keep the
//! edge cases the targets' invariants depend on covered on stable, without
//! nightly.

use monetix_gate::ambiguity::{self, Ambiguity};
use monetix_gate::json::Document;
use monetix_gate::{
    canonical, canonical_len, sign, sign_body, signed_body_len, verify, AmbiguousData, Error, Mode,
    Order, Signer,
};

use monetix_gate_reference as reference;

/// The seed documents and the shared vectors (`tests/seed/mod.rs`).
mod seed;

const SECRET: &[u8] = b"fuzz-secret";

/// A body of `n` values: `{"a":[1,1,...]}` (`n - 1` array elements).
fn body_with_values(n: usize) -> Vec<u8> {
    let mut b = br#"{"a":["#.to_vec();
    for i in 0..n - 1 {
        if i > 0 {
            b.push(b',');
        }
        b.push(b'1');
    }
    b.extend_from_slice(b"]}");
    b
}

/// `canonical_sign` / `verify` targets: `sign_body` adds two values
/// (`general` and `general.signature`). A body at the default limit of 512
/// values therefore signs, but its signed copy has 514 and is refused by the
/// default-limit parser (`TooManyValues`): the targets accept that one error
/// for a re-read copy. The signature itself is right: a parser with room for
/// the two extra values verifies it in the natural order.
#[test]
fn signed_copy_of_a_body_at_the_value_limit() {
    let body = body_with_values(512);
    assert!(canonical_len(&body).is_ok());
    assert_eq!(
        canonical_len(&body_with_values(513)),
        Err(Error::TooManyValues)
    );
    let mut out = vec![0u8; signed_body_len(&body).unwrap()];
    let signed = sign_body(&body, SECRET, &mut out).unwrap().to_vec();
    assert_eq!(
        verify(&signed, SECRET, Mode::Strict),
        Err(Error::TooManyValues)
    );
    let doc = Document::<514, 16>::parse(&signed).unwrap();
    let signer = Signer::new(SECRET).unwrap();
    assert_eq!(
        signer.verify_document(&doc, Mode::Strict),
        Ok(Order::Natural)
    );
    // 510 values leave room for the two: the copy verifies with the defaults.
    let body = body_with_values(510);
    let mut out = vec![0u8; signed_body_len(&body).unwrap()];
    let signed = sign_body(&body, SECRET, &mut out).unwrap();
    assert_eq!(verify(signed, SECRET, Mode::Strict), Ok(Order::Natural));
}

/// Catalogue `keys_512_long_common_prefix`: 512 sibling keys written with
/// `\u` escapes that share a long prefix are correct (sorted numerically by
/// their suffix, duplicates found after decoding). Its *time* is checked by
/// `scripts/hostile.sh`, not here.
#[test]
fn escaped_keys_with_a_long_common_prefix() {
    let prefix = "\\u006b".repeat(40);
    let mut body = String::from("{");
    for i in (0..512).rev() {
        if i < 511 {
            body.push(',');
        }
        body.push_str(&format!("\"{prefix}{i}\":{i}"));
    }
    body.push('}');
    let mut out = vec![0u8; canonical_len(body.as_bytes()).unwrap()];
    let got = canonical(body.as_bytes(), &mut out).unwrap();
    let k = "k".repeat(40);
    let want: Vec<String> = (0..512).map(|i| format!("{k}{i}:{i}")).collect();
    assert_eq!(got, want.join(";"));

    // The same key once raw and once escaped, 500 members apart.
    let dup = format!(
        "{{\"{k}7\":1,{},\"{prefix}7\":2}}",
        (0..500)
            .map(|i| format!("\"x{i}\":0"))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert!(matches!(
        canonical_len(dup.as_bytes()),
        Err(Error::DuplicateKey { .. })
    ));
}

/// `differential` / `natural_order` targets: paths that PHP's `strnatcmp`
/// counts as equal although their bytes differ (whitespace is skipped, digit
/// runs with a leading zero compare left-aligned) keep document order, and
/// the engine's fast path (sorting siblings by bytes) must fall back to the
/// natural comparison for them. Expected string worked out by hand from
/// `strnatcmp_ex`: `x01` = ` x01` < `x1` = `x 1`, ties in document order.
#[test]
fn natural_order_with_whitespace_and_leading_zeros() {
    let body = br#"{"x 1":1,"x01":2,"x1":3," x01":4}"#;
    let mut out = vec![0u8; canonical_len(body).unwrap()];
    assert_eq!(
        canonical(body, &mut out).unwrap(),
        "x01:2; x01:4;x 1:1;x1:3"
    );
    // Signing and strict verification agree on that order.
    let sig = sign(body, SECRET).unwrap();
    let signed = format!(
        "{},\"signature\":\"{}\"}}",
        core::str::from_utf8(&body[..body.len() - 1]).unwrap(),
        sig
    );
    assert_eq!(
        verify(signed.as_bytes(), SECRET, Mode::Strict),
        Ok(Order::Natural)
    );
}

/// `canonical_sign` target: every API that writes into a caller buffer
/// leaves it untouched on error, including a too-small buffer.
#[test]
fn nothing_written_on_error() {
    let canary = [0xA5u8; 256];
    for body in [
        &b"{\"a\":"[..],
        b"{\"a\":1,\"a\":2}",
        b"{\"a\":\"\\ud800\"}",
        b"{\"a\":1e400}",
        b"[1]",
        b"{\"general\":[1]}",
    ] {
        let mut out = canary;
        if canonical_len(body).is_err() {
            assert!(canonical(body, &mut out[..2]).is_err());
            assert!(canonical(body, &mut out).is_err());
        }
        assert!(sign_body(body, SECRET, &mut out).is_err());
        assert_eq!(out, canary, "written on error: {body:?}");
    }
    let mut out = canary;
    assert_eq!(
        canonical(br#"{"a":1}"#, &mut out[..2]),
        Err(Error::BufferTooSmall { needed: 3 })
    );
    assert_eq!(out, canary);
}

// ---------------------------------------------------------------------------
// Ambiguous data and the signature members
// ---------------------------------------------------------------------------

/// `differential.rs` found this: signing leaves the top-level `signature` and
/// `general.signature` members out whole, so ambiguous data *inside* one that
/// is an object or an array is not signed and must not be refused, nor hide
/// the first signed offender. Core refused it (its walk started at the first
/// flagged entry, inside the excluded member, and skipped an excluded subtree
/// only on reaching the member itself); fixed in core since.
#[test]
fn ambiguous_data_inside_a_signature_container_is_not_signed() {
    for (body, canonical_string) in [
        (r#"{"signature":{"a:b":1}}"#, ""),
        (r#"{"signature":["x;y:z"]}"#, ""),
        (r#"{"general":{"signature":{"k;":"v"}}}"#, ""),
        (r#"{"general":{"signature":[1e-400]},"x":1}"#, "x:1"),
        (r#"{"a":1,"signature":{"":{"b":2}}}"#, "a:1"),
    ] {
        let mut out = vec![0u8; 64];
        assert_eq!(canonical(body.as_bytes(), &mut out), Ok(canonical_string));
        let want = Signer::new(SECRET)
            .unwrap()
            .with_ambiguous_data(AmbiguousData::Allow)
            .sign(body.as_bytes())
            .unwrap();
        assert_eq!(sign(body.as_bytes(), SECRET), Ok(want), "{body}");
        assert_eq!(ambiguity::check(body.as_bytes()), Ok(()), "{body}");
        let mut out = vec![0u8; signed_body_len(body.as_bytes()).unwrap()];
        let signed = sign_body(body.as_bytes(), SECRET, &mut out).unwrap();
        assert_eq!(verify(signed, SECRET, Mode::Strict), Ok(Order::Natural));
    }
    // The first *signed* offender is the one reported: `"c:d"` at byte 23.
    let body = br#"{"signature":{"a:b":1},"c:d":2}"#;
    let want = Err(Error::Ambiguous {
        offset: 23,
        reason: Ambiguity::Key,
    });
    assert_eq!(sign(body, SECRET).map(|_| ()), want);
    assert_eq!(ambiguity::check(body), want);
}

/// The other side of the bug above, which core gets right: when verifying
/// with a top-level `signature`, `general.signature` is signed data, so
/// ambiguous data in it is refused (before the MAC); with the signature in
/// `general`, only that member is left out.
#[test]
fn general_signature_is_signed_data_when_the_top_level_one_is_used() {
    let body = r#"{"general":{"signature":"x;status:success","project_id":1}}"#;
    // What the top-level signature covers (reference HMAC).
    let sig = reference::hmac_b64(
        SECRET,
        b"general:project_id:1;general:signature:x;status:success",
    );
    let signed = format!(
        r#"{{"general":{{"signature":"x;status:success","project_id":1}},"signature":"{sig}"}}"#
    );
    let allow = Signer::new(SECRET)
        .unwrap()
        .with_ambiguous_data(AmbiguousData::Allow);
    assert_eq!(
        allow.verify(signed.as_bytes(), Mode::Strict),
        Ok(Order::Natural)
    );
    for mode in [Mode::Strict, Mode::Tolerant] {
        assert_eq!(
            verify(signed.as_bytes(), SECRET, mode),
            Err(Error::Ambiguous {
                offset: 12,
                reason: Ambiguity::Separator
            })
        );
    }
    // Signed in `general` (sign_body), the member is the signature itself.
    let mut out = vec![0u8; signed_body_len(body.as_bytes()).unwrap()];
    let copy = sign_body(body.as_bytes(), SECRET, &mut out).unwrap();
    assert_eq!(verify(copy, SECRET, Mode::Strict), Ok(Order::Natural));
}

// ---------------------------------------------------------------------------
// Typed views read only what is signed
// ---------------------------------------------------------------------------
//
// A signature covers lines, not structure: `null` and `""` sign alike, an
// object or array without a leaf signs like an absent member, `frame_mode`
// members are not signed, and an integer beyond i64 is signed as 14 digits.
// For each rule: a signed body and its unsigned-structure variant (another
// body with the same signed string, so the same signature verifies) give the
// same typed reading in every reader, or the variant is refused.

/// `body` (an object) with a top-level `signature` member appended.
fn with_signature(body: &str, sig: &str) -> String {
    let inner = body.trim_end().strip_suffix('}').unwrap();
    let comma = if inner.trim_end().ends_with('{') {
        ""
    } else {
        ","
    };
    format!("{inner}{comma}\"signature\":\"{sig}\"}}")
}

/// Every typed reading of a body (verified callback, status response and
/// acknowledgement; unverified acknowledgement and status response), each
/// with its outcome or verdict, as text so bodies of different lifetimes
/// compare.
fn readings(body: &str, signer: &Signer) -> [String; 5] {
    use monetix_gate::{callback, response};
    let b = body.as_bytes();
    let mut s = [
        vec![0u8; b.len()],
        vec![0u8; b.len()],
        vec![0u8; b.len()],
        vec![0u8; b.len()],
        vec![0u8; b.len()],
    ];
    let [s0, s1, s2, s3, s4] = &mut s;
    [
        format!(
            "{:?}",
            callback::parse_with_signer(b, signer, Mode::Tolerant, s0).map(|c| (c.outcome(), c))
        ),
        format!(
            "{:?}",
            response::parse_status_response(b, signer, Mode::Tolerant, s1)
                .map(|r| (r.outcome(), r))
        ),
        format!(
            "{:?}",
            response::parse_signed_acknowledgement(b, signer, Mode::Tolerant, s2)
                .map(|a| (a.verdict(), a))
        ),
        format!(
            "{:?}",
            response::parse_unsigned_acknowledgement(b, s3).map(|a| (a.verdict(), a))
        ),
        format!(
            "{:?}",
            response::parse_status_response_unverified(b, s4).map(|r| (r.outcome(), r))
        ),
    ]
}

/// Signs `genuine` (top-level signature), puts the same signature on
/// `variant`, checks that it verifies (same signed string: an
/// unsigned-structure variant), and returns both signed bodies.
fn signed_pair(genuine: &str, variant: &str, signer: &Signer) -> (String, String) {
    let sig = signer.sign(genuine.as_bytes()).unwrap();
    let g = with_signature(genuine, sig.as_str());
    let v = with_signature(variant, sig.as_str());
    assert_eq!(
        signer.verify(v.as_bytes(), Mode::Strict),
        Ok(Order::Natural),
        "not an unsigned-structure variant of {genuine}: {variant}"
    );
    (g, v)
}

#[track_caller]
fn assert_same_reading(genuine: &str, variant: &str) {
    let signer = Signer::new(SECRET).unwrap();
    let (g, v) = signed_pair(genuine, variant, &signer);
    let want = readings(&g, &signer);
    assert!(want[0].starts_with("Ok("), "{genuine}: {}", want[0]);
    assert_eq!(readings(&v, &signer), want, "{genuine}\n  vs {variant}");
}

/// `body` with `member` (`"key":value`) first in the top-level object.
fn at_top(body: &str, member: &str) -> String {
    body.replacen('{', &format!("{{{member},"), 1)
}

/// `body` with `member` last in every object (all of them non-empty).
fn everywhere(body: &str, member: &str) -> String {
    body.replace('}', &format!(",{member}}}"))
}

/// A final-success status response: the last of two operations succeeded.
const STATUS_SUCCESS: &str = r#"{"project_id":1234,"payment":{"id":"payment_47","status":"success"},"operations":[{"id":1,"status":"processing"},{"id":2,"status":"success","code":"0"}]}"#;

/// An element that makes no signed line, appended to `operations`, could
/// have been added by anyone: it is refused (it would otherwise be the "last
/// operation" and turn a final success into pending). The same in `errors`.
#[test]
fn unsigned_element_appended_to_operations_or_errors_is_refused() {
    use monetix_gate::callback::Outcome;
    use monetix_gate::response;
    let signer = Signer::new(SECRET).unwrap();
    let genuine = STATUS_SUCCESS;
    let (g, _) = signed_pair(genuine, genuine, &signer);
    let st = response::parse_status_response(g.as_bytes(), &signer, Mode::Strict, &mut []).unwrap();
    assert_eq!(st.outcome(), Outcome::FinalSuccess);
    assert_eq!(st.operation_count, 2);
    let ops = r#"{"id":2,"status":"success","code":"0"}]"#;
    for extra in [
        "{}",
        "[]",
        "[{}]",
        r#"{"x":{}}"#,
        r#"{"frame_mode":{"status":"processing"}}"#,
    ] {
        // (only appending keeps the signed string: an element put before the
        // others would move their indices, so their paths)
        let variant = genuine.replace(
            ops,
            &format!(r#"{{"id":2,"status":"success","code":"0"}},{extra}]"#),
        );
        let (_, v) = signed_pair(genuine, &variant, &signer);
        let want = Err(Error::UnsignedElement {
            path: "operations[]",
        });
        assert_eq!(
            response::parse_status_response(v.as_bytes(), &signer, Mode::Strict, &mut [])
                .map(|_| ()),
            want,
            "{variant}"
        );
        assert_eq!(
            response::parse_status_response_unverified(v.as_bytes(), &mut []).map(|_| ()),
            want,
            "{variant}"
        );
        // errors[]: refused by every reader that reads it
        let genuine = r#"{"status":"error","errors":[{"code":"100","field":"customer.phone"}]}"#;
        let variant = genuine.replace("}]", &format!("}},{extra}]"));
        let (_, v) = signed_pair(genuine, &variant, &signer);
        let want = format!(
            "{:?}",
            Err::<(), _>(Error::UnsignedElement { path: "errors[]" })
        );
        let r = readings(&v, &signer);
        for got in &r {
            assert_eq!(got, &want, "{variant}");
        }
    }
}

/// `""` and `null` sign alike (`path:`): codes and statuses read as absent
/// either way, with the same outcome and the same acknowledgement verdict.
#[test]
fn empty_string_and_null_read_alike() {
    for (genuine, variant) in [
        // operation.code: success statuses with no code stay pending
        (
            r#"{"payment":{"status":"success"},"operation":{"status":"success","code":""}}"#,
            r#"{"payment":{"status":"success"},"operation":{"status":"success","code":null}}"#,
        ),
        // statuses
        (
            r#"{"payment":{"status":""},"operation":{"status":"success","code":"0"}}"#,
            r#"{"payment":{"status":null},"operation":{"status":"success","code":"0"}}"#,
        ),
        (
            r#"{"payment":{"status":"success"},"operation":{"status":null,"code":0}}"#,
            r#"{"payment":{"status":"success"},"operation":{"status":"","code":0}}"#,
        ),
        // provider.id, errors[].code, project_id (then general.project_id)
        (
            r#"{"operation":{"provider":{"id":"","payment_id":"x"}},"errors":[{"code":"","message":"m"}]}"#,
            r#"{"operation":{"provider":{"id":null,"payment_id":"x"}},"errors":[{"code":null,"message":"m"}]}"#,
        ),
        (
            r#"{"project_id":"","general":{"project_id":7}}"#,
            r#"{"project_id":null,"general":{"project_id":7}}"#,
        ),
        // acknowledgements: accepted with an empty code, rejected without a status
        (
            r#"{"status":"success","code":"","message":""}"#,
            r#"{"status":"success","code":null,"message":null}"#,
        ),
        (
            r#"{"status":"","code":"0","request_id":""}"#,
            r#"{"status":null,"code":"0","request_id":null}"#,
        ),
    ] {
        assert_same_reading(genuine, variant);
        assert_same_reading(variant, genuine);
    }
    // The verdicts themselves, for the record.
    use monetix_gate::response::{parse_unsigned_acknowledgement, Verdict};
    let verdict = |b: &str| {
        parse_unsigned_acknowledgement(b.as_bytes(), &mut [])
            .unwrap()
            .verdict()
    };
    assert_eq!(
        verdict(r#"{"status":"success","code":""}"#),
        Verdict::Accepted
    );
    assert_eq!(
        verdict(r#"{"status":"success","code":null}"#),
        Verdict::Accepted
    );
    assert_eq!(verdict(r#"{"status":"","code":"0"}"#), Verdict::Rejected);
    assert_eq!(verdict(r#"{"status":null,"code":"0"}"#), Verdict::Rejected);
}

/// Objects and arrays without a leaf sign like absent members: `payment`,
/// `operation`, `provider`, the sums, `errors` (and `customer`, `general`).
#[test]
fn empty_containers_read_as_absent() {
    let callback = r#"{"project_id":1,"payment":{"id":"p","status":"success"},"operation":{"id":5,"status":"success","code":"0"}}"#;
    let payment = r#""payment":{"id":"p","status":"success"}"#;
    let operation = r#""operation":{"id":5,"status":"success","code":"0"}"#;
    let variants = [
        // payment
        (
            r#"{"operation":{"id":5}}"#,
            r#"{"operation":{"id":5},"payment":{}}"#.to_owned(),
        ),
        (
            r#"{"operation":{"id":5}}"#,
            r#"{"payment":[],"operation":{"id":5}}"#.to_owned(),
        ),
        (
            r#"{"operation":{"id":5}}"#,
            r#"{"payment":{"sum":{"amount":{}},"status":[]},"operation":{"id":5}}"#.to_owned(),
        ),
        // operation (callback, and the single operation of a status response)
        (
            r#"{"payment":{"status":"success"}}"#,
            r#"{"payment":{"status":"success"},"operation":{}}"#.to_owned(),
        ),
        (
            r#"{"payment":{"status":"success"}}"#,
            r#"{"payment":{"status":"success"},"operation":[]}"#.to_owned(),
        ),
        (
            r#"{"payment":{"status":"success"}}"#,
            r#"{"payment":{"status":"success"},"operation":{"provider":{},"sum_initial":{}}}"#
                .to_owned(),
        ),
        // operations: an array of nothing is no operations
        (
            r#"{"payment":{"status":"success"}}"#,
            r#"{"payment":{"status":"success"},"operations":[{},[]]}"#.to_owned(),
        ),
        // provider and sums inside a signed operation
        (
            callback,
            callback.replace(operation, r#""operation":{"id":5,"status":"success","code":"0","provider":{}}"#),
        ),
        (
            callback,
            callback.replace(operation, r#""operation":{"id":5,"sum_initial":[],"status":"success","sum_converted":{"amount":{}},"code":"0"}"#),
        ),
        (
            callback,
            callback.replace(payment, r#""payment":{"id":"p","status":"success","sum":{}}"#),
        ),
        // errors
        (callback, at_top(callback, r#""errors":[]"#)),
        (callback, at_top(callback, r#""errors":{}"#)),
        (callback, at_top(callback, r#""errors":[{}]"#)),
        (callback, at_top(callback, r#""errors":[[],{"a":{}}]"#)),
        // customer and general
        (callback, at_top(callback, r#""customer":{},"general":{}"#)),
        // several in every object at once (keys none of them has)
        (
            callback,
            everywhere(
                callback,
                r#""provider":{},"sum":{},"sum_initial":[],"errors":[{}],"customer":{}"#,
            ),
        ),
        (
            r#"{"general":{"project_id":7}}"#,
            r#"{"project_id":{},"general":{"project_id":7}}"#.to_owned(),
        ),
    ];
    for (genuine, variant) in &variants {
        assert_same_reading(genuine, variant);
    }
}

/// `frame_mode` members are not signed: adding one anywhere changes no
/// reading, and an array element made of one is refused.
#[test]
fn frame_mode_members_change_no_reading() {
    use monetix_gate::response;
    let callback = r#"{"project_id":1,"payment":{"status":"success"},"operation":{"status":"success","code":"0","provider":{"id":5}},"errors":[{"code":"1"}]}"#;
    for variant in [
        at_top(callback, r#""frame_mode":"popup""#),
        everywhere(
            callback,
            r#""frame_mode":{"status":"decline","code":"20000"}"#,
        ),
        callback.replace(
            r#"{"status":"success"}"#,
            r#"{"status":"success","frame_mode":{"status":"decline"}}"#,
        ),
        callback.replace(
            r#""code":"0""#,
            r#""code":"0","frame_mode":{"code":"20000"}"#,
        ),
        callback.replace(r#"{"id":5}"#, r#"{"id":5,"frame_mode":[{"id":6}]}"#),
        callback.replace(r#"{"code":"1"}"#, r#"{"code":"1","frame_mode":null}"#),
        at_top(callback, r#""customer":{"frame_mode":{"id":"c"}}"#),
    ] {
        assert_same_reading(callback, &variant);
    }
    let signer = Signer::new(SECRET).unwrap();
    let variant = STATUS_SUCCESS.replace("\"0\"}]", r#""0"},{"frame_mode":"x"}]"#);
    let (_, v) = signed_pair(STATUS_SUCCESS, &variant, &signer);
    assert_eq!(
        response::parse_status_response(v.as_bytes(), &signer, Mode::Strict, &mut []).map(|_| ()),
        Err(Error::UnsignedElement {
            path: "operations[]"
        })
    );
}

/// An integer beyond i64 is signed as 14 digits (`9223372036854775808` and
/// `9223372036854775809` both as `9.2233720368548E+18`): refused by
/// default; with the opt-in the body and a variant with another value of the
/// same 14 digits both verify, and no reader takes either for a number
/// (`FieldType`).
#[test]
fn integers_beyond_i64_are_refused_or_never_read() {
    use monetix_gate::{callback, response};
    let allow = Signer::new(SECRET)
        .unwrap()
        .with_ambiguous_data(AmbiguousData::Allow);
    let default = Signer::new(SECRET).unwrap();
    for (genuine_value, variant_value) in [
        ("9223372036854775808", "9223372036854775809"),
        ("18446744073709551615", "18446744073709551616"),
        ("99999999999999999999", "99999999999999990000"),
    ] {
        for (template, path, reader) in [
            (
                r#"{"operation":{"id":N,"status":"success"}}"#,
                "operation.id",
                0,
            ),
            (r#"{"project_id":N}"#, "project_id", 0),
            (r#"{"general":{"project_id":N}}"#, "general.project_id", 0),
            (
                r#"{"payment":{"sum":{"amount":N,"currency":"USD"}}}"#,
                "payment.sum.amount",
                0,
            ),
            (
                r#"{"payment":{"sum":{"amount":-N,"currency":"USD"}}}"#,
                "payment.sum.amount",
                0,
            ),
            (
                r#"{"operation":{"provider":{"id":N}}}"#,
                "operation.provider.id",
                0,
            ),
            (
                r#"{"operations":[{"id":1},{"id":N}]}"#,
                "operations[].id",
                1,
            ),
            (r#"{"status":"success","project_id":N}"#, "project_id", 2),
        ] {
            if template.contains("-N") && genuine_value == "9223372036854775808" {
                continue; // -2^63 fits i64
            }
            let genuine = template.replace('N', genuine_value);
            let variant = template.replace('N', variant_value);
            let (g, v) = signed_pair(&genuine, &variant, &allow);
            for body in [&g, &v] {
                let b = body.as_bytes();
                // By default: refused before anything is read.
                match default.verify(b, Mode::Tolerant) {
                    Err(Error::Ambiguous {
                        reason: Ambiguity::IntegerRange,
                        ..
                    }) => {}
                    other => panic!("{body}: {other:?}"),
                }
                let by_default = match reader {
                    0 => callback::parse_with_signer(b, &default, Mode::Tolerant, &mut [])
                        .map(|_| ()),
                    1 => response::parse_status_response(b, &default, Mode::Tolerant, &mut [])
                        .map(|_| ()),
                    _ => {
                        response::parse_signed_acknowledgement(b, &default, Mode::Tolerant, &mut [])
                            .map(|_| ())
                    }
                };
                assert_eq!(by_default, default.verify(b, Mode::Tolerant).map(|_| ()));
                // With the opt-in: verified, never read.
                let with_opt_in = match reader {
                    0 => {
                        callback::parse_with_signer(b, &allow, Mode::Tolerant, &mut []).map(|_| ())
                    }
                    1 => response::parse_status_response(b, &allow, Mode::Tolerant, &mut [])
                        .map(|_| ()),
                    _ => response::parse_signed_acknowledgement(b, &allow, Mode::Tolerant, &mut [])
                        .map(|_| ()),
                };
                assert_eq!(with_opt_in, Err(Error::FieldType { path }), "{body}");
            }
        }
    }
    // The largest integers that fit are read exactly.
    let body = r#"{"project_id":9223372036854775807,"payment":{"sum":{"amount":-9223372036854775808}},"operation":{"id":9223372036854775807,"provider":{"id":-9223372036854775808}}}"#;
    let sig = default.sign(body.as_bytes()).unwrap();
    let signed = with_signature(body, sig.as_str());
    let cb =
        callback::parse_with_signer(signed.as_bytes(), &default, Mode::Strict, &mut []).unwrap();
    assert_eq!(cb.project_id, Some(i64::MAX.unsigned_abs()));
    assert_eq!(cb.payment.unwrap().sum.unwrap().amount, Some(i64::MIN));
    let op = cb.operation.unwrap();
    assert_eq!(op.id, Some(i64::MAX.unsigned_abs()));
    assert_eq!(
        op.provider.unwrap().id,
        Some(monetix_gate::callback::Code::Int(i64::MIN))
    );
}

// ---------------------------------------------------------------------------
// Typed builders
// ---------------------------------------------------------------------------

/// The seed's Cambodia request without its optional account fields (branch,
/// city, province).
fn cambodia_seed() -> monetix_gate::payout::cambodia::Payout<'static> {
    let full = seed::cambodia_payout();
    monetix_gate::payout::cambodia::Payout {
        account: monetix_gate::payout::cambodia::Account {
            branch: None,
            city: None,
            province: None,
            ..full.account
        },
        ..full
    }
}

/// Ambiguous text in several fields: each is a `Reason::Ambiguous` violation
/// of its own, in body order, beside the other violations; with the opt-in
/// only the others remain, and once they are fixed the request signs (its
/// body then verifies only with the opt-in).
#[test]
fn typed_builders_report_every_ambiguous_field() {
    use monetix_gate::payout::status::StatusRequest;
    use monetix_gate::payout::{Extra, Field, Options, Reason};
    let extras = [
        Extra::str("customer.address", "Street 1; door: 2"),
        Extra::str("note", "fine: no semicolon first"),
    ];
    let mut p = cambodia_seed();
    p.general.payment_id = "p;x:1";
    p.customer.phone = "12a"; // not digits: another violation
    p.account.customer_name = "John;operation:status:success";
    p.account.city = Some("a;b:c");
    p.payment.description = Some("semi;colon:mix");
    p.extras = &extras;
    let found = |opts: Options| -> Vec<(Field, String, Reason)> {
        p.validate(opts)
            .iter()
            .map(|v| (v.field, v.path.to_owned(), v.reason))
            .collect()
    };
    let digits = (
        Field::CustomerPhone,
        "customer.phone".to_owned(),
        Reason::Digits,
    );
    let ambiguous = |f: Field| (f, f.as_str().to_owned(), Reason::Ambiguous);
    assert_eq!(
        found(Options::new()),
        vec![
            ambiguous(Field::GeneralPaymentId),
            digits.clone(),
            ambiguous(Field::AccountCity),
            ambiguous(Field::AccountCustomerName),
            ambiguous(Field::PaymentDescription),
            (
                Field::Extra,
                "customer.address".to_owned(),
                Reason::Ambiguous
            ),
        ]
    );
    let allow = Options::new().ambiguous_data(AmbiguousData::Allow);
    assert_eq!(found(allow), vec![digits]);

    p.customer.phone = "123456789";
    assert!(!p.is_valid(Options::new()));
    assert!(p.is_valid(allow));
    let mut out = vec![0u8; p.encoded_len()];
    assert_eq!(
        p.sign_into(SECRET, &mut out, Options::new()),
        Err(Error::Invalid)
    );
    let body = p.sign_into(SECRET, &mut out, allow).unwrap().to_vec();
    let allowing = Signer::new(SECRET)
        .unwrap()
        .with_ambiguous_data(AmbiguousData::Allow);
    assert_eq!(allowing.verify(&body, Mode::Strict), Ok(Order::Natural));
    let err = verify(&body, SECRET, Mode::Strict).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Ambiguous {
                reason: Ambiguity::Separator,
                ..
            }
        ),
        "{err:?}"
    );
    // sign_with follows the request's options, whatever the signer's policy.
    let mut again = vec![0u8; body.len()];
    let strict = Signer::new(SECRET).unwrap();
    assert_eq!(p.sign_with(&strict, &mut again, allow).unwrap(), &body[..]);
    assert_eq!(
        p.sign_with(&allowing, &mut again, Options::new()),
        Err(Error::Invalid)
    );

    // The status request: its one text field, by the signer's policy.
    let r = StatusRequest::new(1234, "p;x:1");
    assert_eq!(r.validate().len(), 1);
    assert_eq!(r.validate()[0].reason, Reason::Ambiguous);
    assert!(r.validate_with(AmbiguousData::Allow).is_empty());
    let mut out = vec![0u8; r.encoded_len()];
    assert_eq!(r.sign_into(SECRET, &mut out), Err(Error::Invalid));
    assert_eq!(r.sign_with(&strict, &mut out), Err(Error::Invalid));
    let body = r.sign_with(&allowing, &mut out).unwrap();
    assert_eq!(allowing.verify(body, Mode::Strict), Ok(Order::Natural));
}

/// The value table stores a member's key as a 16-bit length: keys of 65,535
/// raw bytes or more are found again by scanning for the closing quote (with
/// escapes, whose `\"` must not end the scan), and the value after whitespace
/// and the `:`. Every form of a long key gives the reference's canonical
/// string and signature, is found as a duplicate, is read back whole through
/// the typed view, and gets its signature placed right in a signed copy.
#[test]
fn keys_of_65535_bytes_and_more() {
    for (len, escaped) in [
        (65_534, false),
        (65_535, false),
        (65_536, false),
        (70_000, false),
        (65_535, true),
        (70_000, true),
    ] {
        // Raw key text of exactly `len` bytes; escaped ones end in `\"` so a
        // scan that stopped at the first quote byte would stop one early.
        let raw = if escaped {
            let mut k = "\\u006b\\\\".repeat((len - 16) / 8);
            k.push_str(&"k".repeat(len - k.len() - 2));
            k.push_str("\\\"");
            k
        } else {
            "k".repeat(len)
        };
        assert_eq!(raw.len(), len);
        let body = format!("{{\"a\":1, \"{raw}\" \n:\t[ \"v;\" ,2],\"z\":{{\"{raw}\":3}}}}");
        let text: &str = &body;

        // The canonical string and the signature, as the reference has them.
        let want = reference::canonical(text).unwrap();
        let mut out = vec![0u8; canonical_len(text.as_bytes()).unwrap()];
        assert_eq!(
            canonical(text.as_bytes(), &mut out).unwrap().as_bytes(),
            &want[..],
            "key of {len} bytes, escaped {escaped}"
        );
        let signer = Signer::new(SECRET)
            .unwrap()
            .with_ambiguous_data(AmbiguousData::Allow);
        let sig = signer.sign(text.as_bytes()).unwrap();
        assert_eq!(sig.as_str(), reference::hmac_b64(SECRET, &want));

        // A signed copy verifies, and the key is read back whole.
        let mut copy = vec![0u8; signed_body_len(text.as_bytes()).unwrap()];
        let copy = signer
            .sign_body(text.as_bytes(), &mut copy)
            .unwrap()
            .to_vec();
        assert_eq!(signer.verify(&copy, Mode::Strict), Ok(Order::Natural));
        let doc = Document::<512, 16>::parse(&copy).unwrap();
        let keys: Vec<(Vec<u8>, usize)> = doc
            .root()
            .children()
            .filter_map(|(k, v)| k.map(|k| (copy[k.span()].to_vec(), v.raw().len())))
            .collect();
        // `general` (added by the signed copy), `a`, the long key, `z`.
        assert_eq!(keys.len(), 4);
        assert!(keys[2].0 == raw.as_bytes(), "long key not read back whole");
        assert_eq!(keys[2].1, "[ \"v;\" ,2]".len());

        // The same key twice in one object is a duplicate.
        let dup = format!("{{\"{raw}\":1,\"b\":2,\"{raw}\":3}}");
        assert!(matches!(
            canonical_len(dup.as_bytes()),
            Err(Error::DuplicateKey { .. })
        ));
    }
}
