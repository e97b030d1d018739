//! Ambiguous signed data through the binary: the shared forgery set
//! (`tests/vectors/forgeries.json`), refused by default by every command that
//! signs or verifies, and what `--allow-ambiguous` lets through.

mod common;

use serde_json::Value;

use common::gate;

const FORGERIES: &str = include_str!("../../tests/vectors/forgeries.json");

fn forgeries() -> (String, Vec<Value>) {
    let doc: Value = serde_json::from_str(FORGERIES).expect("forgeries parse");
    let secret = doc["secret"].as_str().expect("secret").to_owned();
    let cases = doc["cases"].as_array().expect("cases").clone();
    assert!(cases.len() >= 7, "the forgery set shrank");
    (secret, cases)
}

fn s<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {case}"))
}

/// The CLI's message for the case's ambiguity error: core's explanation
/// after a fixed prefix.
fn refusal(error: &Value) -> String {
    format!(
        "ambiguous signed data: {}",
        error["message"].as_str().expect("error.message")
    )
}

#[test]
fn every_forged_body_is_refused_by_verify_and_callback_strict_and_tolerant() {
    let (secret, cases) = forgeries();
    for case in &cases {
        let name = s(case, "name");
        let forged = s(case, "forged");
        let want = refusal(&case["error"]);
        for cmd in ["verify", "callback"] {
            for strict in [false, true] {
                let mut args = vec![cmd];
                if strict {
                    args.push("--strict");
                }
                let out = gate(&args).secret(&secret).stdin(forged).run();
                assert_eq!(out.fails(2), want, "{name} {args:?}");
            }
        }
    }
}

#[test]
fn every_genuine_body_verifies_with_the_opt_in_only_where_it_needs_it() {
    let (secret, cases) = forgeries();
    for case in &cases {
        let name = s(case, "name");
        let genuine = s(case, "genuine");
        let allow = match s(case, "genuine_policy") {
            "allow" => true,
            "default" => false,
            other => panic!("{name}: genuine_policy {other}"),
        };
        for strict in [false, true] {
            let mut args = vec!["verify"];
            if strict {
                args.push("--strict");
            }
            if allow {
                // Genuine, but ambiguous: refused without the opt-in...
                let out = gate(&args).secret(&secret).stdin(genuine).run();
                let msg = out.fails(2);
                assert!(
                    msg.starts_with("ambiguous signed data: "),
                    "{name} {args:?}: {msg}"
                );
                args.push("--allow-ambiguous");
            }
            // ...and verified in the natural order with it (or by default).
            let out = gate(&args).secret(&secret).stdin(genuine).run();
            assert_eq!(out.ok(), "natural\n", "{name} {args:?}");
        }
        if !allow {
            // A genuine callback reads as its typed view.
            let out = gate(&["callback", "--strict"])
                .secret(&secret)
                .stdin(genuine)
                .run();
            let view: Value = serde_json::from_str(out.ok()).expect("view JSON");
            assert_eq!(view["order"], "natural", "{name}");
            assert_eq!(view["outcome"], "final_failure", "{name}: a decline");
        }
    }
}

#[test]
fn with_the_opt_in_the_forgeries_verify_as_the_set_documents() {
    // This is the risk of --allow-ambiguous, shown: forged bodies verify.
    let (secret, cases) = forgeries();
    for case in &cases {
        let name = s(case, "name");
        let forged = s(case, "forged");
        for (strict, key) in [(false, "tolerant"), (true, "strict")] {
            let mut args = vec!["verify", "--allow-ambiguous"];
            if strict {
                args.push("--strict");
            }
            let out = gate(&args).secret(&secret).stdin(forged).run();
            match s(&case["opt_in"], key) {
                "mismatch" => assert!(
                    out.fails(1).starts_with("signature mismatch"),
                    "{name} {key}"
                ),
                order => assert_eq!(out.ok(), format!("{order}\n"), "{name} {key}"),
            }
        }
        let callback = gate(&["callback", "--allow-ambiguous"])
            .secret(&secret)
            .stdin(forged)
            .run();
        if let Some(path) = case["opt_in"].get("typed_error").and_then(Value::as_str) {
            // The body verifies, but the typed view refuses the field.
            assert_eq!(
                callback.fails(2),
                format!("field has the wrong JSON type ({path})"),
                "{name}"
            );
        } else if name == "split" {
            // A payout request re-split into a callback of final success for
            // another payment: what the default refusal prevents.
            let view: Value = serde_json::from_str(callback.ok()).expect("view JSON");
            assert_eq!(view["outcome"], "final_success", "{name}");
            assert_eq!(view["payment"]["id"], "victim", "{name}");
        }
    }
}

#[test]
fn signing_an_ambiguous_request_is_refused_unless_allowed() {
    let (secret, cases) = forgeries();
    let mut seen = 0;
    for case in &cases {
        let Some(request) = case.get("unsigned_request").and_then(Value::as_str) else {
            continue;
        };
        seen += 1;
        let name = s(case, "name");
        let genuine = s(case, "genuine");
        let want = refusal(&case["request_error"]);
        for cmd in ["sign", "sign-body"] {
            let out = gate(&[cmd]).secret(&secret).stdin(request).run();
            assert_eq!(out.fails(2), want, "{name} {cmd}");
        }
        // With the opt-in: the signed copy is the genuine body, byte for byte.
        let out = gate(&["sign-body", "--allow-ambiguous"])
            .secret(&secret)
            .stdin(request)
            .run();
        assert_eq!(out.ok(), format!("{genuine}\n"), "{name}");
        let genuine_json: Value = serde_json::from_str(genuine).expect("genuine JSON");
        let signature = genuine_json["general"]["signature"]
            .as_str()
            .expect("general.signature");
        let out = gate(&["sign", "--allow-ambiguous"])
            .secret(&secret)
            .stdin(request)
            .run();
        assert_eq!(out.ok(), format!("{signature}\n"), "{name}");

        // The typed builder: the field is one more `path: reason` violation...
        let path = s(&case["request_error"], "path");
        let out = gate(&["payout", "cambodia"])
            .secret(&secret)
            .stdin(request)
            .run();
        assert_eq!(out.code, 2, "{name}: {out:?}");
        assert_eq!(out.stdout, "", "{name}");
        assert_eq!(
            out.stderr,
            format!("{}\n", s(&case["request_error"], "message")),
            "{name}"
        );
        assert!(out.stderr.starts_with(&format!("{path}: ")), "{name}");
        // ...and with the opt-in the request is signed as the genuine one.
        let out = gate(&["payout", "cambodia", "--allow-ambiguous"])
            .secret(&secret)
            .stdin(request)
            .run();
        let signed: Value = serde_json::from_str(out.ok()).expect("payout JSON");
        assert_eq!(signed, genuine_json, "{name}");
    }
    assert!(seen >= 2, "the set has {seen} unsigned requests");
}

#[test]
fn payout_violations_list_the_ambiguous_fields_with_the_others() {
    let mut fields: Value = serde_json::from_slice(
        &std::fs::read(common::example("cambodia-request.json")).expect("example"),
    )
    .expect("example JSON");
    fields["customer"]["id"] = "c;x:y".into();
    fields["customer"]["email"] = "not-an-email".into();
    fields["account"]["customer_name"] = "J;:".into();
    fields["extras"] = serde_json::json!({"customer.country": "K;H:"}); // an extra parameter
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "customer.id: a ';' followed by ':' could forge a signed line",
            "customer.email: not a valid email address",
            "account.customer_name: a ';' followed by ':' could forge a signed line",
            "customer.country: a ';' followed by ':' could forge a signed line",
        ]
    );
    // The opt-in drops the ambiguity violations only.
    let out = gate(&["payout", "cambodia", "--allow-ambiguous"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stderr, "customer.email: not a valid email address\n");
    fields["customer"]["email"] = "a@example.com".into();
    let out = gate(&["payout", "cambodia", "--allow-ambiguous"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    let body = out.ok().to_owned();
    let signed: Value = serde_json::from_str(&body).expect("payout JSON");
    assert_eq!(signed["account"]["customer_name"], "J;:");
    // Its own signature verifies only with the opt-in; the refusal names the
    // first ambiguous member of the body.
    let out = gate(&["verify", "--strict"])
        .secret("secret")
        .stdin(&body)
        .run();
    assert_eq!(
        out.fails(2),
        "ambiguous signed data: customer.id: a ';' followed by ':' could forge a signed line"
    );
    let out = gate(&["verify", "--strict", "--allow-ambiguous"])
        .secret("secret")
        .stdin(&body)
        .run();
    assert_eq!(out.ok(), "natural\n");
}

#[test]
fn status_request_with_an_ambiguous_payment_id() {
    let fields = r#"{"general":{"project_id":1234,"payment_id":"p;general:x"}}"#;
    let out = gate(&["status"]).secret("secret").stdin(fields).run();
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stderr,
        "general.payment_id: a ';' followed by ':' could forge a signed line\n"
    );
    let out = gate(&["status", "--allow-ambiguous"])
        .secret("secret")
        .stdin(fields)
        .run();
    let signed: Value = serde_json::from_str(out.ok()).expect("status JSON");
    assert_eq!(signed["general"]["payment_id"], "p;general:x");
    let sig = gate(&["sign", "--allow-ambiguous"])
        .secret("secret")
        .stdin(fields)
        .run();
    assert_eq!(
        format!(
            "{}\n",
            signed["general"]["signature"].as_str().expect("sig")
        ),
        sig.ok()
    );
}

#[test]
fn every_rule_is_refused_and_named() {
    for (body, want) in [
        (
            r#"{"a:b":1}"#,
            r#"key "a:b": keys must not be empty or contain ';' or ':'"#,
        ),
        (
            r#"{"p":{"x\u003b":1}}"#,
            r#"key p."x;": keys must not be empty or contain ';' or ':'"#,
        ),
        (
            r#"{"":1}"#,
            r#"key "": keys must not be empty or contain ';' or ':'"#,
        ),
        (
            r#"{"customer":{"id":"x;y:z"}}"#,
            "customer.id: a ';' followed by ':' could forge a signed line",
        ),
        (
            r#"{"list":["ok","a;b:c"]}"#,
            "list.1: a ';' followed by ':' could forge a signed line",
        ),
        (
            r#"{"operation":{"id":-9223372036854775809}}"#,
            "operation.id: integer outside the signed 64-bit range is signed as 14 digits",
        ),
        (
            r#"{"rate":0.30000000000000004}"#,
            "rate: number with more than 14 significant digits is signed as 14 digits",
        ),
        (
            r#"{"tiny":3e-320}"#,
            "tiny: non-zero number below 1E-307 signs like its neighbours",
        ),
    ] {
        let want = format!("ambiguous signed data: {want}");
        for cmd in ["sign", "sign-body"] {
            let out = gate(&[cmd]).secret("secret").stdin(body).run();
            assert_eq!(out.fails(2), want, "{cmd} {body}");
            let out = gate(&[cmd, "--allow-ambiguous"])
                .secret("secret")
                .stdin(body)
                .run();
            assert_eq!(out.code, 0, "{cmd} --allow-ambiguous {body}: {out:?}");
        }
        // `canonical` is never refused: it is how to look at such data.
        assert_eq!(gate(&["canonical"]).stdin(body).run().code, 0, "{body}");
    }
    // Look-alikes that are not ambiguous.
    for body in [
        r#"{"t":"12:30; later","u":"a=1;b=2","v":";","w":":;"}"#,
        r#"{"a":9223372036854775807,"b":-9223372036854775808,"c":1e21,"d":1.5}"#,
        r#"{"a":1,"frame_mode":"x;y:z","n":{"frame_mode":{"k:":1}}}"#,
        r#"{"a":1,"signature":"x;y:z","general":{"signature":"p;q:r"}}"#,
    ] {
        let out = gate(&["sign"]).secret("secret").stdin(body).run();
        assert_eq!(out.ok().len(), 89, "{body}");
    }
}

#[test]
fn verification_order_malformed_then_signature_then_ambiguity_then_mac() {
    for (body, code, want) in [
        // Malformed input first.
        (
            r#"{"a:b":1,"signature":"x""#,
            2,
            "malformed JSON at byte 24",
        ),
        // A missing or non-string signature before ambiguity.
        (
            r#"{"a:b":1}"#,
            2,
            "no signature in the body (neither a top-level `signature` nor `general.signature`)",
        ),
        (r#"{"a:b":1,"signature":5}"#, 2, "signature is not a string"),
        // Ambiguity before the MAC: a wrong signature is not even compared.
        (
            r#"{"a:b":1,"signature":"AAAA"}"#,
            2,
            r#"ambiguous signed data: key "a:b": keys must not be empty or contain ';' or ':'"#,
        ),
        // Without ambiguity, the MAC.
        (r#"{"ab":1,"signature":"AAAA"}"#, 1, "signature mismatch"),
    ] {
        for cmd in ["verify", "callback"] {
            let out = gate(&[cmd]).secret("secret").stdin(body).run();
            assert_eq!(out.fails(code), want, "{cmd} {body}");
        }
    }
}

#[test]
fn unsigned_array_elements_are_refused_with_their_own_message() {
    // Signed with the element, so the signature matches: the element is
    // simply not covered by it.
    for (body, path) in [
        (r#"{"errors":[{"code":"1"},{}]}"#, "errors[]"),
        (r#"{"errors":[{"code":"1"},[[],{}]]}"#, "errors[]"),
    ] {
        let signed = gate(&["sign-body"]).secret("secret").stdin(body).run();
        let signed = signed.ok().to_owned();
        assert_eq!(
            gate(&["verify"]).secret("secret").stdin(&signed).run().ok(),
            "natural\n",
            "the signature itself matches"
        );
        let want = format!(
            "unsigned array element: an element of {path} carries no data a signature could \
             cover (it is empty, or holds only empty objects and arrays), so anyone could add \
             it without changing the signature"
        );
        for args in [&["callback"][..], &["callback", "--allow-ambiguous"]] {
            let out = gate(args).secret("secret").stdin(&signed).run();
            assert_eq!(out.fails(2), want, "{args:?} {body}");
        }
        // The unsigned acknowledgement reader refuses it the same way.
        let out = gate(&["acknowledgement"]).stdin(body).run();
        assert_eq!(out.fails(2), want, "acknowledgement {body}");
    }
}

#[test]
fn typed_views_read_unsigned_distinctions_as_absent() {
    // null, "" and {} sign alike (or not at all): the view shows them as null.
    let body = r#"{"project_id":7,"payment":{"id":"","status":null},"customer":{},"operation":{"status":"success","code":0,"message":""}}"#;
    let signed = gate(&["sign-body"]).secret("secret").stdin(body).run();
    let out = gate(&["callback"])
        .secret("secret")
        .stdin(signed.ok())
        .run();
    let view: Value = serde_json::from_str(out.ok()).expect("view JSON");
    assert_eq!(view["payment"]["id"], Value::Null);
    assert_eq!(view["payment"]["status"], Value::Null);
    assert_eq!(view["customer"], Value::Null);
    assert_eq!(view["operation"]["message"], Value::Null);
    // payment.status absent: not a final success.
    assert_eq!(view["outcome"], "pending");
}

#[test]
fn report_lines_escape_keys_from_the_input() {
    // An extra parameter whose key holds a line break and an escape
    // character: one report line, with both escaped.
    let mut fields: Value = serde_json::from_slice(
        &std::fs::read(common::example("cambodia-request.json")).expect("example"),
    )
    .expect("example JSON");
    fields["x\ncustomer.id: required, missing or empty\u{1b}[2J"] = "1".into();
    fields["k".repeat(300)] = "1".into();
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("x\\ncustomer.id: required, missing or empty\\u{1b}[2J: "),
        "{lines:?}"
    );
    assert!(!out.stderr.contains('\u{1b}'), "{lines:?}");
    assert!(
        lines[1].starts_with(&format!("{}...: ", "k".repeat(200))),
        "{lines:?}"
    );
}
