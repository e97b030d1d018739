//! Large bodies (past core's default table of 512 values and depth 16) and
//! `sign-as-platform`, the test-side tool that signs a callback as the
//! platform does.
//!
//! The bodies signed with an independent HMAC (Python's `hmac` over canonical
//! strings written out by hand) are in the hostile catalogue
//! (`tests/hostile/catalogue.py`: `cli_errors_2000_*`, `cli_values_16384_*`,
//! `cli_callback_16384_values_byte_line`, ...), which `tests/hostile.rs` runs
//! through this binary. Here the canonical string of a 2,000-item callback is
//! built by hand and compared with `canonical`, and the body is signed with
//! `sign-as-platform`.

mod common;

use serde_json::Value;

use common::{gate, temp_file};

const ERRORS: usize = 2000;

/// A genuine-looking decline callback with `n` errors[] items, unsigned
/// (about 4 values per item: past the default table of 512 values).
fn decline_with_errors(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"code":"{i}","field":"customer.phone","message":"Invalid value {i}","description":"item {i}"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"project_id":1234,"payment":{{"id":"payment_47","status":"decline","sum":{{"amount":5000000,"currency":"KHR"}}}},"operation":{{"id":47,"status":"decline","code":"20000","sum_initial":{{"amount":5000000,"currency":"KHR"}}}},"errors":[{}]}}"#,
        items.join(",")
    )
}

/// Its canonical string, by hand: the items in numeric index order (PHP's
/// natural order), each item's keys in order, then the other members.
fn decline_canonical(n: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for i in 0..n {
        lines.push(format!("errors:{i}:code:{i}"));
        lines.push(format!("errors:{i}:description:item {i}"));
        lines.push(format!("errors:{i}:field:customer.phone"));
        lines.push(format!("errors:{i}:message:Invalid value {i}"));
    }
    for line in [
        "operation:code:20000",
        "operation:id:47",
        "operation:status:decline",
        "operation:sum_initial:amount:5000000",
        "operation:sum_initial:currency:KHR",
        "payment:id:payment_47",
        "payment:status:decline",
        "payment:sum:amount:5000000",
        "payment:sum:currency:KHR",
        "project_id:1234",
    ] {
        lines.push(line.to_owned());
    }
    lines.join(";")
}

#[test]
fn a_callback_with_2000_errors_signs_verifies_and_reads() {
    let body = decline_with_errors(ERRORS);
    // More than 512 values: core's default table would refuse it.
    assert!(body.matches('{').count() > 512);

    let canonical = gate(&["canonical"]).stdin(&body).run();
    assert_eq!(canonical.ok(), format!("{}\n", decline_canonical(ERRORS)));

    // Signed as the platform signs it: the top-level signature appended, over
    // the same string `sign` covers (the body has no general.signature).
    let sig = gate(&["sign"]).secret("secret").stdin(&body).run();
    let sig = sig.ok().trim_end().to_owned();
    let signed = gate(&["sign-as-platform"])
        .secret("secret")
        .stdin(&body)
        .run();
    let signed = signed.ok().to_owned();
    assert_eq!(
        signed,
        format!(
            "{},\"signature\":\"{sig}\"}}\n",
            body.strip_suffix('}').expect("an object")
        )
    );

    for args in [&["verify"][..], &["verify", "--strict"]] {
        let out = gate(args).secret("secret").stdin(&signed).run();
        assert_eq!(out.ok(), "natural\n", "{args:?}");
    }
    let out = gate(&["callback", "--strict"])
        .secret("secret")
        .stdin(&signed)
        .run();
    let view: Value = serde_json::from_str(out.ok()).expect("view JSON");
    assert_eq!(view["outcome"], "final_failure");
    assert_eq!(view["order"], "natural");
    assert_eq!(view["errors_total"], ERRORS);
    let kept = view["errors"].as_array().expect("errors");
    assert_eq!(kept.len(), 8, "the view keeps the first 8 items");
    for (i, item) in kept.iter().enumerate() {
        assert_eq!(item["code"], i.to_string());
        assert_eq!(item["message"], format!("Invalid value {i}"));
    }

    // A change after signing is caught: the last item's message.
    let tampered = signed.replace("Invalid value 1999", "Invalid value 1998");
    let out = gate(&["callback"]).secret("secret").stdin(&tampered).run();
    assert_eq!(out.fails(1), "signature mismatch");

    // sign-body (a request's signature at general.signature) verifies too.
    let out = gate(&["sign-body"]).secret("secret").stdin(&body).run();
    let out = gate(&["verify"]).secret("secret").stdin(out.ok()).run();
    assert_eq!(out.ok(), "natural\n");

    // The same items in a rejected acknowledgement (no secret: not signed).
    let ack = body.replacen(
        r#"{"project_id":1234,"#,
        r#"{"status":"error","code":"2004","project_id":1234,"#,
        1,
    );
    let out = gate(&["acknowledgement"]).stdin(&ack).run();
    let view: Value = serde_json::from_str(out.ok()).expect("view JSON");
    assert_eq!(view["verdict"], "rejected");
    assert_eq!(view["reason"], "Invalid value 0");
    assert_eq!(view["errors_total"], ERRORS);
}

#[test]
fn the_limits_of_the_larger_table_are_named() {
    // 16,384 values: the most; one more is refused, with no option to raise it.
    let at = |n: usize| format!("{{\"a\":[{}]}}", vec!["1"; n].join(","));
    let out = gate(&["canonical"]).stdin(at(16_383)).run();
    assert!(out.ok().ends_with(";a:16382:1\n"));
    for cmd in [
        &["canonical"][..],
        &["sign"],
        &["sign-body"],
        &["sign-as-platform"],
        &["verify"],
        &["callback"],
        &["acknowledgement"],
    ] {
        let out = gate(cmd).secret("secret").stdin(at(16_384)).run();
        assert_eq!(
            out.fails(2),
            "more JSON values than the limit (16384 object members and array elements, \
             the most the command line reads): the body cannot be read",
            "{cmd:?}"
        );
    }
    // Depth 64: the most.
    let deep = |d: usize| format!("{}1{}", "{\"a\":".repeat(d), "}".repeat(d));
    let out = gate(&["canonical"]).stdin(deep(64)).run();
    assert_eq!(out.ok(), format!("{}1\n", "a:".repeat(64)));
    let out = gate(&["canonical"]).stdin(deep(65)).run();
    assert_eq!(
        out.fails(2),
        "nesting deeper than the limit (64, the most the command line reads) at byte 320"
    );
    // Within the default table the default limits apply as before: a request
    // read by `payout` is never that large.
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(at(600))
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stderr,
        "monetix-gate: more JSON values than the limit (512 object members and array elements)\n"
    );
}

#[test]
fn the_deepest_stack_of_the_larger_table_fits_its_thread() {
    // 16,384 values, the last three members ordered so that natural, byte-path
    // and byte-line orders all differ; a wrong signature makes the verifier try
    // all three (the deepest stack), then every command runs on such a body.
    let n = 16_384 - 4;
    let body = format!(
        "{{\"e\":[{}],\"x\":1,\"x0\":2,\"signature\":\"{}\"}}",
        vec!["1"; n].join(","),
        "A".repeat(86) + "=="
    );
    for args in [&["verify"][..], &["callback"]] {
        let out = gate(args).secret("secret").stdin(&body).run();
        assert_eq!(out.fails(1), "signature mismatch", "{args:?}");
    }
    for args in [
        &["canonical"][..],
        &["sign"],
        &["sign-body"],
        &["sign-as-platform"],
    ] {
        let out = gate(args).secret("secret").stdin(&body).run();
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
    let signed = gate(&["sign-as-platform"])
        .secret("secret")
        .stdin(&body)
        .run();
    let out = gate(&["callback"])
        .secret("secret")
        .stdin(signed.ok())
        .run();
    let view: Value = serde_json::from_str(out.ok()).expect("view JSON");
    assert_eq!(view["order"], "natural");
}

// ---- sign-as-platform -----------------------------------------------------------

#[test]
fn sign_as_platform_sets_the_top_level_signature() {
    // Appended to an object with members, inserted into an empty one.
    let out = gate(&["sign-as-platform"])
        .secret("secret")
        .stdin(r#"{"a":1}"#)
        .run();
    let sig = gate(&["sign"]).secret("secret").stdin(r#"{"a":1}"#).run();
    assert_eq!(
        out.ok(),
        format!("{{\"a\":1,\"signature\":\"{}\"}}\n", sig.ok().trim_end())
    );
    let out = gate(&["sign-as-platform"])
        .secret("secret")
        .stdin("{}")
        .run();
    let signed = out.ok().to_owned();
    assert!(signed.starts_with("{\"signature\":\""), "{signed}");
    // An existing value is replaced; a line break at the end is kept, not doubled.
    let file = temp_file("cb.json", "{\n  \"a\": 1,\n  \"signature\": \"old\"\n}\n");
    let out = gate(&["sign-as-platform"])
        .secret("secret")
        .arg(&file)
        .run();
    let text = out.ok().to_owned();
    assert!(
        text.starts_with("{\n  \"a\": 1,\n  \"signature\": \""),
        "{text}"
    );
    assert!(text.ends_with("\"\n}\n") && !text.contains("old"), "{text}");
    let out = gate(&["verify", "--strict"])
        .secret("secret")
        .stdin(&text)
        .run();
    assert_eq!(out.ok(), "natural\n");
}

#[test]
fn sign_as_platform_signs_general_signature_as_data() {
    // The platform's signature covers every other line, general.signature too.
    let body = r#"{"general":{"project_id":1,"signature":"merchant's"},"payment":{"id":"p"}}"#;
    let signed = gate(&["sign-as-platform"])
        .secret("secret")
        .stdin(body)
        .run();
    let signed = signed.ok().to_owned();
    let out = gate(&["verify", "--strict"])
        .secret("secret")
        .stdin(&signed)
        .run();
    assert_eq!(out.ok(), "natural\n");
    let tampered = signed.replace("merchant's", "someone's");
    let out = gate(&["verify"]).secret("secret").stdin(&tampered).run();
    assert_eq!(out.fails(1), "signature mismatch");
    // `sign` leaves general.signature out: not the platform's signature.
    let sig = gate(&["sign"]).secret("secret").stdin(body).run();
    assert!(!signed.contains(sig.ok().trim_end()));
}

#[test]
fn sign_as_platform_refuses_what_every_signer_refuses() {
    let ambiguous = r#"{"errors":[{"message":"limit; code: 51"}]}"#;
    let out = gate(&["sign-as-platform"])
        .secret("secret")
        .stdin(ambiguous)
        .run();
    assert_eq!(
        out.fails(2),
        "ambiguous signed data: errors.0.message: a ';' followed by ':' could forge a signed line"
    );
    // The opt-in signs it; only a verifier with the opt-in accepts it.
    let out = gate(&["sign-as-platform", "--allow-ambiguous"])
        .secret("secret")
        .stdin(ambiguous)
        .run();
    let signed = out.ok().to_owned();
    let out = gate(&["verify", "--allow-ambiguous"])
        .secret("secret")
        .stdin(&signed)
        .run();
    assert_eq!(out.ok(), "natural\n");
    let out = gate(&["verify"]).secret("secret").stdin(&signed).run();
    assert_eq!(
        out.fails(2),
        "ambiguous signed data: errors.0.message: a ';' followed by ':' could forge a signed line"
    );
    // No secret, a malformed body, a body that is not an object.
    let out = gate(&["sign-as-platform"]).stdin("{}").run();
    assert_eq!(
        out.fails(2),
        "no secret: set MONETIX_SECRET or pass --secret-file PATH"
    );
    let out = gate(&["sign-as-platform"])
        .secret("secret")
        .stdin("{\"a\":tru}")
        .run();
    assert_eq!(out.fails(2), "malformed JSON at byte 5");
    let out = gate(&["sign-as-platform"])
        .secret("secret")
        .stdin("[]")
        .run();
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn sign_as_platform_is_documented_as_a_test_side_tool() {
    let help = gate(&["help", "sign-as-platform"]).run().ok().to_owned();
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("A test-side tool"), "{help}");
    assert!(
        flat.contains("A merchant never needs it in production"),
        "{help}"
    );
    let usage = gate(&["--help"]).run().ok().to_owned();
    let flat = usage.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("sign-as-platform [FILE] print a callback or response body signed as the platform signs it (top-level signature): a test-side tool"),
        "{usage}"
    );
    assert!(
        flat.contains("a table of 16384 values and depth 64"),
        "{usage}"
    );
}
