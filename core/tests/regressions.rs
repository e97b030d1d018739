//! Regression tests for what the fuzz targets (`fuzz/`) and the hostile-input
//! catalogue (`tests/hostile/`) found or pinned down (issue 8).
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

#[allow(clippy::cast_possible_truncation)]
mod reference;

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

/// **Core bug** (found by `differential.rs` with `AMBIGUOUS_SIGNATURE_CONTAINERS`
/// on, and by the `differential` fuzz target): signing leaves the top-level
/// `signature` and `general.signature` members out whole, so ambiguous data
/// *inside* one that is an object or an array is not signed and must not be
/// refused, nor hide the first signed offender. Core refuses it:
/// `Document::check_ambiguity` starts its walk at the first flagged entry,
/// and skips an excluded subtree only when it reaches the excluded entry
/// itself, which lies before that start.
#[test]
#[ignore = "core bug: ambiguous data inside a signature container is refused when signing"]
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
