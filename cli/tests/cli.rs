//! Runs the `monetix-gate` binary on good and bad input: exit status, stdout,
//! and the one-line stderr message.

mod common;

use serde_json::Value;

use common::{example, gate, temp_file, Out};

const VECTORS: &str = include_str!("../../tests/vectors/signature.json");

fn cases(kind: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(VECTORS).expect("vectors parse");
    doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["kind"] == kind)
        .cloned()
        .collect()
}

fn s<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {case}"))
}

const BODY: &str = r#"{"general":{"project_id":1234,"payment_id":"payment_47"},"payment":{"amount":5000000,"currency":"KHR"}}"#;

// ---- canonical ---------------------------------------------------------------

#[test]
fn canonical_matches_every_vector_from_stdin() {
    let sign_cases = cases("sign");
    assert!(sign_cases.len() > 20);
    for case in sign_cases {
        let out = gate(&["canonical"]).stdin(s(&case, "input")).run();
        assert_eq!(
            out.ok(),
            format!("{}\n", s(&case, "canonical")),
            "{}",
            case["name"]
        );
    }
}

#[test]
fn canonical_from_a_file_and_dash_for_stdin() {
    let want = "general:payment_id:payment_47;general:project_id:1234;payment:amount:5000000;payment:currency:KHR\n";
    let file = temp_file("body.json", BODY);
    assert_eq!(gate(&["canonical"]).arg(&file).run().ok(), want);
    assert_eq!(gate(&["canonical", "-"]).stdin(BODY).run().ok(), want);
    // No secret needed, and the secret options do not apply.
    let msg = gate(&["canonical", "--secret-file", "x"])
        .stdin(BODY)
        .run()
        .fails(2)
        .to_owned();
    assert!(
        msg.contains("--secret-file") && msg.contains("canonical"),
        "{msg}"
    );
}

#[test]
fn canonical_bad_input() {
    for (body, want) in [
        (&b"{\"a\":1,\"b\":"[..], "malformed JSON at byte 11"),
        (b"{\"a\":1,}", "malformed JSON at byte 7"),
        (b"{\"a\":1} x", "malformed JSON at byte 8"),
        (b"", "malformed JSON at byte 0 (the body is empty)"),
        (b"[1]", "top level of the body is not a JSON object"),
        (
            b"{\"a\":1,\"a\":2}",
            "duplicate key in one object at byte 7",
        ),
        (b"{\"a\":\"\xff\"}", "invalid UTF-8 at byte 6"),
        (
            b"{\"a\":\"\\ud800\"}",
            "lone UTF-16 surrogate in a \\u escape at byte 6",
        ),
        (
            b"{\"a\":1e999}",
            "number beyond the range of a 64-bit float at byte 5",
        ),
    ] {
        let out = gate(&["canonical"]).stdin(body).run();
        assert_eq!(out.fails(2), want, "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn deep_nesting_is_bad_input_not_a_crash() {
    // Deeper than 16: read with the large table, whose depth is 64.
    let body = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let want = "nesting deeper than the limit (64, the most the command line reads) at byte 68";
    let msg = gate(&["canonical"]).stdin(&body).run().fails(2).to_owned();
    assert_eq!(msg, want);
    let msg = gate(&["sign"])
        .secret("secret")
        .stdin(&body)
        .run()
        .fails(2)
        .to_owned();
    assert_eq!(msg, want);
}

#[test]
fn too_many_values_is_bad_input() {
    let body = format!("{{\"a\":[{}]}}", vec!["1"; 100_000].join(","));
    let msg = gate(&["canonical"]).stdin(&body).run().fails(2).to_owned();
    assert_eq!(
        msg,
        "more JSON values than the limit (16384 object members and array elements, \
         the most the command line reads): the body cannot be read"
    );
}

#[test]
fn a_large_body_is_merely_large() {
    // A 16 MiB string value (16 MiB + 8 bytes of body): over the default
    // limit, so it needs --max-body-bytes; then it signs, and verifies after
    // sign-body.
    let body = format!("{{\"a\":\"{}\"}}", "x".repeat(16 << 20));
    let signed = gate(&["sign-body", "--max-body-bytes", "17000000"])
        .secret("secret")
        .stdin(&body)
        .run();
    let out = gate(&["verify", "--max-body-bytes=17000000"])
        .secret("secret")
        .stdin(signed.ok())
        .run();
    assert_eq!(out.ok(), "natural\n");
}

#[test]
fn missing_body_file() {
    let msg = gate(&["canonical", "/nonexistent/body.json"])
        .run()
        .fails(2)
        .to_owned();
    // The path is not printed: it might be the secret, typed in its place.
    assert_eq!(
        msg,
        "cannot read the FILE argument: No such file or directory"
    );
}

// ---- sign ----------------------------------------------------------------------

/// The shared signature vectors whose input holds ambiguous data, with core's
/// explanation of the first offending member.
const AMBIGUOUS_VECTORS: &[(&str, &str)] = &[
    (
        "edge_large_integers",
        "ambiguous signed data: operation.above_u64: integer outside the signed 64-bit range is signed as 14 digits",
    ),
    (
        "edge_values_with_separators",
        "ambiguous signed data: text: a ';' followed by ':' could forge a signed line",
    ),
];

#[test]
fn sign_matches_every_vector() {
    let mut refused = Vec::new();
    for case in cases("sign") {
        let name = s(&case, "name");
        let want = format!("{}\n", s(&case, "signature"));
        let out = gate(&["sign"])
            .secret(s(&case, "secret"))
            .stdin(s(&case, "input"))
            .run();
        match AMBIGUOUS_VECTORS.iter().find(|(n, _)| *n == name) {
            None => assert_eq!(out.ok(), want, "{name}"),
            Some((_, message)) => {
                // Refused by default, like any bad input...
                assert_eq!(out.fails(2), *message, "{name}");
                refused.push(name.to_owned());
                // ...and signed as the vector says with the opt-in.
                let out = gate(&["sign", "--allow-ambiguous"])
                    .secret(s(&case, "secret"))
                    .stdin(s(&case, "input"))
                    .run();
                assert_eq!(out.ok(), want, "{name} --allow-ambiguous");
            }
        }
    }
    let listed: Vec<&str> = AMBIGUOUS_VECTORS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        refused, listed,
        "every listed vector exists and was refused"
    );
}

#[test]
fn sign_body_refuses_the_ambiguous_vectors_unless_allowed() {
    for case in cases("sign") {
        let name = s(&case, "name");
        let Some((_, message)) = AMBIGUOUS_VECTORS.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let out = gate(&["sign-body"])
            .secret(s(&case, "secret"))
            .stdin(s(&case, "input"))
            .run();
        assert_eq!(out.fails(2), *message, "{name}");
        let signed = gate(&["sign-body", "--allow-ambiguous"])
            .secret(s(&case, "secret"))
            .stdin(s(&case, "input"))
            .run();
        let v: Value = serde_json::from_str(signed.ok()).expect("signed body");
        assert_eq!(v["general"]["signature"], case["signature"], "{name}");
        // Verifying the signed copy: refused by default, accepted with the opt-in.
        let out = gate(&["verify"])
            .secret(s(&case, "secret"))
            .stdin(signed.ok())
            .run();
        assert_eq!(out.fails(2), *message, "{name} verify");
        let out = gate(&["verify", "--strict", "--allow-ambiguous"])
            .secret(s(&case, "secret"))
            .stdin(signed.ok())
            .run();
        assert_eq!(out.ok(), "natural\n", "{name} verify --allow-ambiguous");
    }
}

#[test]
fn sign_the_bundled_examples_with_the_secret_file() {
    let secret = example("demo-secret.txt");
    // The file ends with a line break, which is not part of the secret.
    assert!(std::fs::read(&secret)
        .expect("demo secret")
        .ends_with(b"\n"));
    for (file, want) in [
        (
            "cambodia-request.json",
            "rjzKXvew/QBk8Ja8TzamTnJXMmECh9RvDzZqFI4s5CCZoHYd+yoUsXYOyG7uP+hXZSP+QHdutyagJZ7nQfxMlQ==\n",
        ),
        (
            "colombia-request.json",
            "ik7Sk3YnGXNYyRiTzhVt76hr7dzsStuKK5zHU3wkCpDX33q+KgvgJ7gPm28Qfu+v4tfKJqS69U/k8zKCpNVQxg==\n",
        ),
    ] {
        let out = gate(&["sign", "--secret-file"])
            .arg(&secret)
            .arg(example(file))
            .run();
        assert_eq!(out.ok(), want, "{file}");
    }
}

#[test]
fn secret_file_line_breaks() {
    let want = gate(&["sign"])
        .secret("secret")
        .stdin(BODY)
        .run()
        .ok()
        .to_owned();
    assert_eq!(want.len(), 89);
    for contents in ["secret", "secret\n", "secret\r\n"] {
        let file = temp_file("secret.txt", contents);
        let out = gate(&["sign", "--secret-file"])
            .arg(&file)
            .stdin(BODY)
            .run();
        assert_eq!(out.ok(), want, "{contents:?}");
        let mut eq = std::ffi::OsString::from("--secret-file=");
        eq.push(&file);
        let out = gate(&["sign"]).arg(eq).stdin(BODY).run();
        assert_eq!(out.ok(), want, "{contents:?}");
    }
    // Only one line break is dropped: a second one is part of the secret,
    // and the secret check refuses it...
    let file = temp_file("secret.txt", "secret\n\n");
    let msg = gate(&["sign", "--secret-file"])
        .arg(&file)
        .stdin(BODY)
        .run()
        .fails(2)
        .to_owned();
    assert!(
        msg.starts_with("the secret from --secret-file starts or ends with whitespace"),
        "{msg}"
    );
    assert!(msg.contains("--allow-suspicious-secret"), "{msg}");
    // ...unless the caller opts out: then it signs with "secret\n".
    let out = gate(&["sign", "--allow-suspicious-secret", "--secret-file"])
        .arg(&file)
        .stdin(BODY)
        .run();
    let other = gate(&["sign", "--allow-suspicious-secret"])
        .secret("secret\n")
        .stdin(BODY)
        .run();
    assert_eq!(out.ok(), other.ok());
    assert_ne!(out.ok(), want);
}

#[test]
fn secret_file_wins_over_the_environment() {
    let file = temp_file("secret.txt", "secret\n");
    let want = gate(&["sign"])
        .secret("secret")
        .stdin(BODY)
        .run()
        .ok()
        .to_owned();
    let out = gate(&["sign", "--secret-file"])
        .arg(&file)
        .secret("other")
        .stdin(BODY)
        .run();
    assert_eq!(out.ok(), want);
}

#[test]
fn secret_problems() {
    let msg = gate(&["sign"]).stdin(BODY).run().fails(2).to_owned();
    assert_eq!(
        msg,
        "no secret: set MONETIX_SECRET or pass --secret-file PATH"
    );
    let msg = gate(&["sign"])
        .secret("")
        .stdin(BODY)
        .run()
        .fails(2)
        .to_owned();
    assert_eq!(msg, "the secret from MONETIX_SECRET is empty");
    let msg = gate(&["sign", "--secret-file", "/nonexistent/secret"])
        .stdin(BODY)
        .run()
        .fails(2)
        .to_owned();
    assert_eq!(
        msg,
        "cannot read the --secret-file path: No such file or directory"
    );
    let empty = temp_file("empty.txt", "\n");
    let msg = gate(&["sign", "--secret-file"])
        .arg(&empty)
        .stdin(BODY)
        .run()
        .fails(2)
        .to_owned();
    assert_eq!(msg, "the secret from --secret-file is empty");
    // Suspicious secrets: refused by default, accepted on request.
    for suspicious in [
        " Zq7x",
        "Zq7x ",
        "Zq\u{200b}7x",
        "\u{feff}Zq7x",
        "Zq\u{ad}7x",
        "Zq7x\t",
    ] {
        let msg = gate(&["sign"])
            .secret(suspicious)
            .stdin(BODY)
            .run()
            .fails(2)
            .to_owned();
        assert!(msg.contains("--allow-suspicious-secret"), "{msg}");
        assert!(
            !msg.contains(suspicious),
            "the message must not show the secret: {msg}"
        );
        let out = gate(&["sign", "--allow-suspicious-secret"])
            .secret(suspicious)
            .stdin(BODY)
            .run();
        assert_eq!(out.ok().len(), 89);
    }
    // A file that is not a secret fails fast.
    let big = temp_file("big.txt", vec![b'k'; 65 * 1024]);
    let msg = gate(&["sign", "--secret-file"])
        .arg(&big)
        .stdin(BODY)
        .run()
        .fails(2)
        .to_owned();
    assert!(
        msg.ends_with("is larger than 64 KiB: is it the right file?"),
        "{msg}"
    );
    // A device is not read at all (it could be endless).
    let msg = gate(&["sign", "--secret-file", "/dev/zero"])
        .stdin(BODY)
        .run()
        .fails(2)
        .to_owned();
    assert!(
        msg.starts_with("the --secret-file path is not a regular file"),
        "{msg}"
    );
    // A 10,000-byte secret is merely long.
    let long = "k".repeat(10_000);
    assert_eq!(
        gate(&["sign"]).secret(&long).stdin(BODY).run().ok().len(),
        89
    );
}

#[test]
fn secret_on_the_command_line_is_refused() {
    for args in [
        &["sign", "--secret", "hunter2"][..],
        &["sign", "--secret=hunter2"],
        &["verify", "--secret-key=hunter2"],
        &["--secret", "hunter2", "sign-body"],
        &["canonical", "--secret=hunter2"],
    ] {
        let out = gate(args).secret("secret").stdin(BODY).run();
        let msg = out.fails(2);
        assert!(
            msg.starts_with("refusing a secret on the command line"),
            "{msg}"
        );
        assert!(
            msg.contains("MONETIX_SECRET") && msg.contains("--secret-file"),
            "{msg}"
        );
        assert!(!out.stderr.contains("hunter2"), "{out:?}");
    }
}

// ---- sign-body -----------------------------------------------------------------

#[test]
fn sign_body_then_verify() {
    let signature = gate(&["sign"])
        .secret("secret")
        .stdin(BODY)
        .run()
        .ok()
        .to_owned();
    let signed = gate(&["sign-body"])
        .secret("secret")
        .stdin(BODY)
        .run()
        .ok()
        .to_owned();
    let want = format!(
        r#"{{"general":{{"project_id":1234,"payment_id":"payment_47","signature":"{}"}},"payment":{{"amount":5000000,"currency":"KHR"}}}}"#,
        signature.trim_end()
    );
    assert_eq!(signed, format!("{want}\n"));
    assert_eq!(
        gate(&["verify", "--strict"])
            .secret("secret")
            .stdin(&signed)
            .run()
            .ok(),
        "natural\n"
    );
    // A body that already ends with a line break does not gain a blank line.
    let again = gate(&["sign-body"]).secret("secret").stdin(&signed).run();
    assert_eq!(again.ok(), signed);
    // `general` is created when absent.
    let out = gate(&["sign-body"])
        .secret("secret")
        .stdin(r#"{"a":1}"#)
        .run();
    let v: Value = serde_json::from_str(out.ok()).expect("signed body is JSON");
    assert_eq!(v["general"]["signature"].as_str().map(str::len), Some(88));
    assert_eq!(v["a"], 1);
}

#[test]
fn sign_body_bad_input() {
    let msg = gate(&["sign-body"])
        .secret("secret")
        .stdin(r#"{"general":[1]}"#)
        .run()
        .fails(2)
        .to_owned();
    assert_eq!(msg, "`general` is not an object");
    let out = gate(&["sign-body"]).secret("secret").stdin("{\"a\":").run();
    assert_eq!(out.fails(2), "malformed JSON at byte 5");
}

// ---- verify --------------------------------------------------------------------

#[test]
fn verify_matches_every_vector() {
    let verify_cases = cases("verify");
    assert!(verify_cases.len() > 10);
    for case in verify_cases {
        let name = &case["name"];
        for (strict, key) in [(false, "tolerant"), (true, "strict")] {
            let mut args = vec!["verify"];
            if strict {
                args.push("--strict");
            }
            let out = gate(&args)
                .secret(s(&case, "secret"))
                .stdin(s(&case, "input"))
                .run();
            if case[key] == true {
                let want = if strict {
                    "natural"
                } else {
                    s(&case, "matched")
                };
                assert_eq!(out.ok(), format!("{want}\n"), "{name} {key}");
            } else {
                let msg = out.fails(1);
                assert!(msg.starts_with("signature mismatch"), "{name} {key}: {msg}");
            }
        }
    }
}

#[test]
fn verify_the_bundled_callbacks() {
    for file in ["callback-success.json", "callback-decline.json"] {
        let out = gate(&["verify", "--secret-file"])
            .arg(example("demo-secret.txt"))
            .arg(example(file))
            .run();
        assert_eq!(out.ok(), "natural\n", "{file}");
    }
}

#[test]
fn verify_mismatch_exits_1() {
    let callback = std::fs::read_to_string(example("callback-success.json")).expect("example");
    let out = gate(&["verify"]).secret("wrong").stdin(&callback).run();
    assert_eq!(out.fails(1), "signature mismatch");
    let tampered = callback.replace("5000000", "5000001");
    assert_ne!(tampered, callback);
    let out = gate(&["verify"]).secret("secret").stdin(&tampered).run();
    assert_eq!(out.fails(1), "signature mismatch");
    let out = gate(&["verify", "--strict"])
        .secret("secret")
        .stdin(&tampered)
        .run();
    assert_eq!(
        out.fails(1),
        "signature mismatch (strict: only the natural order was tried)"
    );
    // Empty, not base64, wrong length: the same opaque mismatch.
    for sig in ["", "not base64!", "AAAA", &"A".repeat(88)] {
        let body = format!(r#"{{"a":1,"signature":"{sig}"}}"#);
        let out = gate(&["verify"]).secret("secret").stdin(&body).run();
        assert_eq!(out.fails(1), "signature mismatch", "{sig:?}");
    }
}

#[test]
fn verify_missing_or_non_string_signature_exits_2() {
    let out = gate(&["verify"]).secret("secret").stdin(BODY).run();
    assert_eq!(
        out.fails(2),
        "no signature in the body (neither a top-level `signature` nor `general.signature`)"
    );
    for body in [
        r#"{"a":1,"signature":5}"#,
        r#"{"a":1,"signature":null}"#,
        r#"{"general":{"signature":["x"]}}"#,
    ] {
        let out = gate(&["verify"]).secret("secret").stdin(body).run();
        assert_eq!(out.fails(2), "signature is not a string", "{body}");
    }
    let out = gate(&["verify"])
        .secret("secret")
        .stdin(r#"{"signature":"x","#)
        .run();
    assert_eq!(out.fails(2), "malformed JSON at byte 17");
}

// ---- usage ----------------------------------------------------------------------

#[test]
fn help_and_version() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let out = gate(args).run();
        let text = out.ok();
        assert!(text.starts_with("monetix-gate: sign and verify"), "{text}");
        for cmd in [
            "canonical",
            "sign-body",
            "verify",
            "MONETIX_SECRET",
            "--secret-file",
        ] {
            assert!(text.contains(cmd), "{cmd} missing from help");
        }
    }
    for cmd in [
        "canonical",
        "sign",
        "sign-body",
        "verify",
        "payout",
        "status",
        "callback",
        "acknowledgement",
        "sign-as-platform",
    ] {
        let a = gate(&["help", cmd]).run().ok().to_owned();
        let b = gate(&[cmd, "--help"]).run().ok().to_owned();
        assert_eq!(a, b);
        assert!(a.starts_with(&format!("Usage: monetix-gate {cmd}")), "{a}");
    }
    let v = gate(&["--version"]).run().ok().to_owned();
    assert_eq!(v, format!("monetix-gate {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_documents_the_ambiguity_rule_the_limits_and_the_exit_statuses() {
    let text = gate(&["--help"]).run().ok().to_owned();
    // Lines of the help are wrapped: compare with the whitespace collapsed.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "--allow-ambiguous",
        "data signed or verified with it can be re-split into a different, unambiguous \
         body that then verifies, and so can data signed by any other signer of the same key",
        "monetix-gate: ambiguous signed data: PATH: RULE",
        "--max-body-bytes N",
        "default 16777216, 16 MiB",
        "74 the output could not be written",
        "2 bad input or usage, ambiguous data included",
        "a FIFO, a device or a directory is refused",
    ] {
        assert!(flat.contains(want), "help lacks {want:?}:\n{text}");
    }
    // Every command that signs or verifies offers the opt-in; the others do not.
    for cmd in [
        "sign",
        "sign-body",
        "sign-as-platform",
        "verify",
        "payout",
        "status",
        "callback",
    ] {
        let help = gate(&["help", cmd]).run().ok().to_owned();
        let usage: String = help.split("\n\n").next().unwrap_or("").to_owned();
        assert!(usage.contains("[--allow-ambiguous]"), "{cmd}: {usage}");
        assert!(usage.contains("[--max-body-bytes N]"), "{cmd}: {usage}");
    }
    for cmd in ["canonical", "acknowledgement"] {
        let help = gate(&["help", cmd]).run().ok().to_owned();
        assert!(!help.contains("[--allow-ambiguous]"), "{cmd}: {help}");
        let out = gate(&[cmd, "--allow-ambiguous"]).stdin("{}").run();
        assert_eq!(
            out.fails(2),
            format!("option --allow-ambiguous does not apply to `{cmd}`")
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    for (args, want) in [
        (&[][..], "no command given (see `monetix-gate --help`)"),
        (
            &["frobnicate"],
            "unknown command: the first argument is not a command (see `monetix-gate --help`)",
        ),
        (
            &["sign", "--frob"],
            "unknown option (see `monetix-gate --help`)",
        ),
        (
            &["sign", "--strict"],
            "option --strict does not apply to `sign`",
        ),
        (
            &["verify", "--strict", "--strict"],
            "option --strict is given more than once",
        ),
        (&["sign", "--secret-file"], "--secret-file needs a PATH"),
        (
            &["sign", "a.json", "b.json"],
            "too many arguments: `sign` takes at most one FILE",
        ),
    ] {
        let out = gate(args).secret("secret").run();
        assert_eq!(out.fails(2), want, "{args:?}");
    }
    // An unknown option's value is not echoed (it might be a secret).
    let out = gate(&["sign", "--key=hunter2"]).secret("secret").run();
    assert_eq!(out.fails(2), "unknown option (see `monetix-gate --help`)");
}

// ---- payout ---------------------------------------------------------------------

const CAMBODIA_SIGNATURE: &str =
    "rjzKXvew/QBk8Ja8TzamTnJXMmECh9RvDzZqFI4s5CCZoHYd+yoUsXYOyG7uP+hXZSP+QHdutyagJZ7nQfxMlQ==";
const COLOMBIA_SIGNATURE: &str =
    "ik7Sk3YnGXNYyRiTzhVt76hr7dzsStuKK5zHU3wkCpDX33q+KgvgJ7gPm28Qfu+v4tfKJqS69U/k8zKCpNVQxg==";

fn read_json(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(example(name)).expect("example")).expect("example JSON")
}

/// Asserts a validation failure: exit 2, nothing on stdout, and exactly
/// `want` as the stderr lines (bare `path: reason`).
#[track_caller]
fn violations(out: &Out, want: &[&str]) {
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "", "{out:?}");
    let got: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(got, want, "{out:?}");
}

#[test]
fn payout_seed_requests_come_out_signed_as_the_vectors_say() {
    for (method, file, signature, flags) in [
        (
            "cambodia",
            "cambodia-request.json",
            CAMBODIA_SIGNATURE,
            &[][..],
        ),
        // The Colombia example's bank 12345 is not in the seed's table.
        (
            "colombia",
            "colombia-request.json",
            COLOMBIA_SIGNATURE,
            &["--allow-unlisted-bank"],
        ),
    ] {
        let out = gate(&["payout", method])
            .args(flags)
            .arg("--secret-file")
            .arg(example("demo-secret.txt"))
            .arg(example(file))
            .run();
        let body = out.ok();
        assert!(
            body.ends_with("}\n") && body.matches('\n').count() == 1,
            "{body}"
        );
        let mut got: Value = serde_json::from_str(body).expect("body JSON");
        assert_eq!(got["general"]["signature"], signature, "{method}");
        // Same values as the seed body plus the signature.
        got["general"]
            .as_object_mut()
            .expect("general")
            .remove("signature");
        assert_eq!(got, read_json(file), "{method}");
        // It verifies with the engine command.
        let out = gate(&["verify", "--strict"])
            .secret("secret")
            .stdin(body)
            .run();
        assert_eq!(out.ok(), "natural\n");
    }
}

#[test]
fn payout_from_stdin_with_extras_and_optional_parameters() {
    let mut fields = read_json("cambodia-request.json");
    fields["general"]["merchant_callback_url"] = "https://merchant.example/cb".into();
    fields["payment"]["description"] = "Payout \"47\"".into();
    // Extra Gate parameters go through the one channel, by dotted path, and
    // are signed where their paths put them.
    let mut want = fields.clone();
    want["customer"]["country"] = "KH".into();
    want["risk"] = serde_json::json!({"score": 7, "manual": false});
    fields["extras"] =
        serde_json::json!({"customer.country": "KH", "risk.score": 7, "risk.manual": false});
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    let body = out.ok();
    let mut got: Value = serde_json::from_str(body).expect("body JSON");
    assert_eq!(got["customer"]["country"], "KH");
    assert_eq!(got["risk"]["score"], 7);
    assert_eq!(got["risk"]["manual"], false);
    assert_eq!(got["payment"]["description"], "Payout \"47\"");
    assert_eq!(
        gate(&["verify", "--strict"])
            .secret("secret")
            .stdin(body)
            .run()
            .ok(),
        "natural\n"
    );
    got["general"]
        .as_object_mut()
        .expect("general")
        .remove("signature");
    assert_eq!(got, want);
}

#[test]
fn payout_refuses_unknown_members_with_a_hint() {
    // A typo is never signed and sent: core's reader names it, with the
    // known member it is close to (and the field it should have been is
    // then absent).
    let mut fields = read_json("cambodia-request.json");
    let email = fields["customer"]
        .as_object_mut()
        .expect("customer")
        .remove("email")
        .expect("email");
    fields["customer"]["emial"] = email;
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    violations(
        &out,
        &[
            "customer.emial: unknown parameter (other Gate parameters go in \"extras\"); \
             did you mean customer.email?",
            "customer.email: required",
        ],
    );
    // An extra parameter outside "extras" is an unknown member too; so is a
    // misspelt object, and what it held is then absent.
    let mut fields = read_json("cambodia-request.json");
    fields["customer"]["country"] = "KH".into();
    let payment = fields
        .as_object_mut()
        .expect("fields")
        .remove("payment")
        .expect("payment");
    fields["paymnet"] = payment;
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    violations(
        &out,
        &[
            "customer.country: unknown parameter (other Gate parameters go in \"extras\")",
            "paymnet: unknown parameter (other Gate parameters go in \"extras\"); \
             did you mean payment?",
            "payment.currency: required",
            "payment.amount: required",
        ],
    );
}

#[test]
fn payout_reports_every_violation() {
    let fields = r#"{
        "general": {"project_id": 0, "payment_id": " "},
        "customer": {"id": "c1", "ip_address": "198.51.100", "email": "not-an-email", "phone": "+855 12 345"},
        "account": {"number": "", "bank_id": 99999, "customer_name": "John Doe"},
        "payment": {"currency": "EUR", "amount": -5}
    }"#;
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields)
        .run();
    violations(
        &out,
        &[
            "general.project_id: must be greater than zero",
            "general.payment_id: required, missing or empty",
            "customer.ip_address: not a valid IPv4 or IPv6 address",
            "customer.email: not a valid email address",
            "customer.phone: must contain only the digits 0-9",
            "account.number: required, missing or empty",
            // Core's violations name the fix (`Violation::detail`).
            "account.bank_id: 99999 is not in the Banks of Cambodia bank table; to send it \
             anyway, allow unlisted banks (the allow_unlisted_bank option, \
             --allow-unlisted-bank on the command line); to see the table, list the \
             method's banks (banks)",
            "payment.currency: \"EUR\" is not a currency of Banks of Cambodia (allowed: KHR, USD)",
            "payment.amount: must be greater than zero",
        ],
    );
}

#[test]
fn payout_colombia_rules_and_unlisted_banks() {
    let mut fields = read_json("colombia-request.json");
    // Without --allow-unlisted-bank, the seed's bank 12345 is refused.
    let out = gate(&["payout", "colombia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    violations(
        &out,
        &[
            "account.bank_id: 12345 is not in the Bank transfers in Colombia bank table; to send \
             it anyway, allow unlisted banks (the allow_unlisted_bank option, \
             --allow-unlisted-bank on the command line); to see the table, list the \
             method's banks (banks)",
        ],
    );
    fields["customer"]["phone"] = "+57 300 123".into();
    fields["customer"]["identify"]["doc_type"] = "PASSPORT".into();
    fields["customer"]["identify"]["doc_number"] = "12-34".into();
    fields["account"]["type"] = "CHECKING".into();
    fields["account"]["bank_id"] = 71072.into(); // Banco de Bogotá: listed
    fields["payment"]["currency"] = "KHR".into();
    let out = gate(&["payout", "colombia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    violations(
        &out,
        &[
            "customer.phone: must be exactly 10 digits, without +, spaces or punctuation",
            "customer.identify.doc_number: must contain only the digits 0-9",
            "customer.identify.doc_type: must be CC or NIT",
            "account.type: must be CACC or SVGS",
            "payment.currency: \"KHR\" is not a currency of Bank transfers in Colombia \
             (allowed: COP, USD)",
        ],
    );
}

#[test]
fn payout_input_problems_are_reported_with_the_violations() {
    let fields = r#"{
        "general": {"project_id": "1234", "payment_id": "p1"},
        "customer": {"id": "c1", "ip_address": "2001:db8::1", "email": "a@example.com", "phone": 123},
        "account": {"number": "1", "bank_id": 61021, "customer_name": "J", "branch": {"x": 1}},
        "payment": {"currency": "USD", "amount": 10.5},
        "tags": ["a"],
        "note": null,
        "a.b": "c"
    }"#;
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields)
        .run();
    // Core's reader: wrong types in its words, and every member the request
    // does not have (an array, a null, a key with a dot alike) is unknown:
    // extras go only through "extras".
    let unknown = r#"unknown parameter (other Gate parameters go in "extras")"#;
    violations(
        &out,
        &[
            "general.project_id: must be an integer (64-bit)",
            "customer.phone: must be a string",
            "account.branch: must be a string",
            "payment.amount: must be an integer (64-bit)",
            &format!("tags: {unknown}"),
            &format!("note: {unknown}"),
            &format!("a.b: {unknown}"),
        ],
    );
    // Absent required fields (null is absent), and an object given as a
    // scalar: the fields inside it are not reported again.
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(
            r#"{"general": 5, "customer": {"id": null}, "payment": {"currency": "KHR", "amount": 100}}"#,
        )
        .run();
    violations(
        &out,
        &[
            "general: must be an object",
            "customer.id: required",
            "customer.ip_address: required",
            "customer.email: required",
            "customer.phone: required",
            "account.number: required",
            "account.bank_id: required",
            "account.customer_name: required",
        ],
    );
    // Present but empty is validation's "missing or empty".
    let mut fields = read_json("cambodia-request.json");
    fields["customer"]["id"] = "".into();
    fields["extras"] = 5.into();
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    violations(
        &out,
        &[
            "extras: must be an object",
            "customer.id: required, missing or empty",
        ],
    );
}

#[test]
fn payout_extras_checked_by_the_core() {
    let reserved = "reserved (the signature, frame_mode, or a typed field)";
    let mut fields = read_json("cambodia-request.json");
    fields["general"]["signature"] = "abc".into();
    fields["frame_mode"] = "iframe".into();
    for i in 0..17 {
        fields["extras"][format!("k{i}")] = i.into();
    }
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines.contains(&"extras: too many extra parameters (at most 16)"),
        "{lines:?}"
    );
    assert!(
        lines.contains(&format!("general.signature: {reserved}").as_str()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&format!("frame_mode: {reserved}").as_str()),
        "{lines:?}"
    );
    // Through "extras": each extra checked by core's validation.
    let mut fields = read_json("cambodia-request.json");
    fields["extras"] = serde_json::json!({
        "general.signature": "abc",
        "customer.phone": "1",
        "account.number.x": "1",
        "bad path": "1",
        "list": [1],
    });
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(fields.to_string())
        .run();
    violations(
        &out,
        &[
            "list: must be a string, an integer or a boolean",
            &format!("general.signature: {reserved}"),
            "customer.phone: given more than once",
            "account.number.x: conflicts with another parameter (a path cannot be both a value \
             and an object)",
            "bad path: not a parameter path (1 to 6 dot-separated names of ASCII letters, \
             digits and _, at most 64 bytes)",
        ],
    );
}

#[test]
fn payout_bad_json_and_usage() {
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(r#"{"general":{"#)
        .run();
    assert_eq!(out.fails(2), "malformed JSON at byte 12");
    // Duplicate keys are refused (serde_json alone would keep the last one).
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .stdin(r#"{"general":{"project_id":1,"project_id":2}}"#)
        .run();
    assert_eq!(out.fails(2), "duplicate key in one object at byte 27");
    let out = gate(&["payout"]).secret("secret").run();
    assert_eq!(
        out.fails(2),
        "payout needs a method: `monetix-gate payout cambodia|colombia [FILE]`"
    );
    let out = gate(&["payout", "peru"]).secret("secret").run();
    assert_eq!(
        out.fails(2),
        "unknown payout method: expected `cambodia` or `colombia`"
    );
    let out = gate(&["payout", "cambodia"])
        .arg(example("cambodia-request.json"))
        .run();
    assert_eq!(
        out.fails(2),
        "no secret: set MONETIX_SECRET or pass --secret-file PATH"
    );
    let out = gate(&["payout", "cambodia", "--secret=hunter2"]).run();
    assert!(out
        .fails(2)
        .starts_with("refusing a secret on the command line"));
    let out = gate(&["status", "--allow-unlisted-bank"])
        .secret("secret")
        .run();
    assert_eq!(
        out.fails(2),
        "option --allow-unlisted-bank does not apply to `status`"
    );
}

#[test]
fn payout_endpoint() {
    // Neither the fields nor the secret are needed.
    let out = gate(&["payout", "cambodia", "--endpoint"]).run();
    assert_eq!(out.ok(), "/v2/payment/banks/cambodia/payout\n");
    let out = gate(&["payout", "--endpoint", "colombia"]).run();
    assert_eq!(out.ok(), "/v2/payment/bank-transfer/colombia/payout\n");
}

// ---- status ---------------------------------------------------------------------

#[test]
fn status_request() {
    let out = gate(&["status", "--secret-file"])
        .arg(example("demo-secret.txt"))
        .arg(example("status-request.json"))
        .run();
    let body = out.ok();
    let v: Value = serde_json::from_str(body).expect("status JSON");
    assert_eq!(v["general"]["project_id"], 1234);
    assert_eq!(v["general"]["payment_id"], "payment_47");
    let sig = gate(&["sign"])
        .secret("secret")
        .stdin(r#"{"general":{"project_id":1234,"payment_id":"payment_47"}}"#)
        .run();
    assert_eq!(
        format!("{}\n", v["general"]["signature"].as_str().expect("sig")),
        sig.ok()
    );

    let out = gate(&["status"])
        .secret("secret")
        .stdin(
            r#"{"general":{"project_id":-1,"payment_id":"","signature":"x"},"payment":{"id":"p"}}"#,
        )
        .run();
    // Core's reader: what the request does not have is reported first, in
    // body order (an unknown object as a whole), then validation.
    violations(
        &out,
        &[
            "general.signature: reserved (the signature, frame_mode, or a typed field)",
            "payment: unknown parameter (other Gate parameters go in \"extras\")",
            "general.project_id: must be greater than zero",
            "general.payment_id: required, missing or empty",
        ],
    );
    let out = gate(&["status"])
        .secret("secret")
        .stdin(r#"{"general":{"project_id":1,"paymentid":"p"}}"#)
        .run();
    violations(
        &out,
        &[
            "general.paymentid: unknown parameter (other Gate parameters go in \"extras\"); \
             did you mean general.payment_id?",
            "general.payment_id: required",
        ],
    );
    let out = gate(&["status"]).secret("secret").stdin("{").run();
    assert_eq!(out.fails(2), "malformed JSON at byte 1");
}

// ---- callback -------------------------------------------------------------------

#[test]
fn callback_seed_success_and_decline() {
    for (file, outcome, code, message) in [
        ("callback-success.json", "final_success", "0", "Success"),
        (
            "callback-decline.json",
            "final_failure",
            "20000",
            "General decline",
        ),
    ] {
        let out = gate(&["callback", "--secret-file"])
            .arg(example("demo-secret.txt"))
            .arg(example(file))
            .run();
        let v: Value = serde_json::from_str(out.ok()).expect("view JSON");
        assert_eq!(v["outcome"], outcome, "{file}");
        assert_eq!(v["order"], "natural");
        assert_eq!(v["project_id"], 1234);
        assert_eq!(v["payment"]["id"], "payment_47");
        assert_eq!(v["payment"]["sum"]["amount"], 5_000_000);
        assert_eq!(v["payment"]["sum"]["currency"], "KHR");
        assert_eq!(v["customer"]["id"], "customer_123");
        assert_eq!(v["operation"]["id"], 47);
        assert_eq!(v["operation"]["code"], code);
        assert_eq!(v["operation"]["message"], message);
        assert_eq!(v["operation"]["provider"]["id"], 12345);
        assert_eq!(v["errors"], serde_json::json!([]));
    }
}

/// Signs `body` as a callback (the signature at `general.signature`).
fn signed_callback(body: &str) -> String {
    gate(&["sign-body"])
        .secret("secret")
        .stdin(body)
        .run()
        .ok()
        .to_owned()
}

#[test]
fn callback_outcomes_and_typed_fields() {
    for (payment, operation, code, outcome) in [
        ("success", "success", "0", "final_success"),
        ("success", "success", "\"0\"", "final_success"),
        ("success", "success", "\"20000\"", "pending"),
        ("processing", "processing", "0", "pending"),
        ("awaiting clarification", "success", "0", "pending"),
        ("success", "decline", "\"20000\"", "final_failure"),
        ("internal error", "error", "1", "final_failure"),
        ("canceled", "success", "0", "final_failure"),
        ("something new", "success", "0", "pending"),
    ] {
        let body = signed_callback(&format!(
            r#"{{"project_id":7,"payment":{{"id":"p\u00e9","status":"{payment}"}},"operation":{{"id":1234567890123456,"status":"{operation}","code":{code}}},"unknown":{{"x":[1,2]}}}}"#
        ));
        let v: Value =
            serde_json::from_str(gate(&["callback"]).secret("secret").stdin(&body).run().ok())
                .expect("view JSON");
        assert_eq!(v["outcome"], outcome, "{payment}/{operation}/{code}");
        assert_eq!(v["payment"]["status"], payment);
        assert_eq!(v["payment"]["id"], "pé", "escapes are decoded");
        assert_eq!(v["operation"]["id"], 1_234_567_890_123_456_u64);
        assert_eq!(
            v["operation"]["code"],
            serde_json::from_str::<Value>(code).expect("code")
        );
        assert_eq!(v["customer"], Value::Null);
        assert_eq!(v["operation"]["provider"], Value::Null);
    }
}

#[test]
fn callback_errors_list() {
    let body = signed_callback(
        r#"{"payment":{"status":"decline"},"errors":[{"code":"1103","field":"account.number","message":"Invalid"},{"code":5}]}"#,
    );
    let v: Value =
        serde_json::from_str(gate(&["callback"]).secret("secret").stdin(&body).run().ok())
            .expect("view JSON");
    assert_eq!(
        v["errors"],
        serde_json::json!([
            {"code": "1103", "field": "account.number", "message": "Invalid", "description": null},
            {"code": 5, "field": null, "message": null, "description": null},
        ])
    );
}

#[test]
fn callback_bad_input_and_mismatch() {
    let callback = std::fs::read_to_string(example("callback-success.json")).expect("example");
    let out = gate(&["callback"]).secret("wrong").stdin(&callback).run();
    assert_eq!(out.fails(1), "signature mismatch");
    let tampered = callback.replace("\"success\"", "\"decline\"");
    let out = gate(&["callback", "--strict"])
        .secret("secret")
        .stdin(&tampered)
        .run();
    assert_eq!(
        out.fails(1),
        "signature mismatch (strict: only the natural order was tried)"
    );
    let out = gate(&["callback"])
        .secret("secret")
        .stdin(r#"{"payment":{"status":"success"}}"#)
        .run();
    assert_eq!(
        out.fails(2),
        "no signature in the body (neither a top-level `signature` nor `general.signature`)"
    );
    let out = gate(&["callback"])
        .secret("secret")
        .stdin(r#"{"signature":1}"#)
        .run();
    assert_eq!(out.fails(2), "signature is not a string");
    let body = signed_callback(r#"{"operation":{"id":"47"}}"#);
    let out = gate(&["callback"]).secret("secret").stdin(&body).run();
    assert_eq!(out.fails(2), "field has the wrong JSON type (operation.id)");
    let out = gate(&["callback"])
        .secret("secret")
        .stdin(r#"{"a":1,"a":1}"#)
        .run();
    assert_eq!(out.fails(2), "duplicate key in one object at byte 7");
    let out = gate(&["callback"])
        .secret("secret")
        .stdin("{\"a\":tru}")
        .run();
    assert_eq!(out.fails(2), "malformed JSON at byte 5");
    let out = gate(&["callback"]).stdin(&callback).run();
    assert_eq!(
        out.fails(2),
        "no secret: set MONETIX_SECRET or pass --secret-file PATH"
    );
}

// ---- acknowledgement ------------------------------------------------------------

#[test]
fn acknowledgement_accepted_and_rejected_exit_0() {
    // No secret needed: acknowledgements are not signed.
    let v: Value = serde_json::from_str(
        gate(&["acknowledgement"])
            .arg(example("response-accepted.json"))
            .run()
            .ok(),
    )
    .expect("view JSON");
    assert_eq!(v["verdict"], "accepted");
    assert_eq!(v["reason"], Value::Null);
    assert_eq!(v["request_id"], "1a23456bc7890de");
    assert_eq!(v["project_id"], 1234);
    assert_eq!(v["payment_id"], "payment_47");

    let v: Value = serde_json::from_str(
        gate(&["acknowledgement"])
            .arg(example("response-rejected.json"))
            .run()
            .ok(),
    )
    .expect("view JSON");
    assert_eq!(v["verdict"], "rejected");
    assert_eq!(v["reason"], "Transaction not permitted");
    assert_eq!(v["code"], "3061");
    assert_eq!(v["errors"][0]["code"], 1103);
    assert_eq!(v["errors"][0]["field"], "customer.phone");

    // Rejected with only an errors array; codes as integers.
    let out = gate(&["acknowledgement"])
        .stdin(r#"{"errors":[{"code":1103,"message":"Invalid phone"}]}"#)
        .run();
    let v: Value = serde_json::from_str(out.ok()).expect("view JSON");
    assert_eq!(v["verdict"], "rejected");
    assert_eq!(v["reason"], "Invalid phone");
}

#[test]
fn acknowledgement_bad_input() {
    let out = gate(&["acknowledgement"]).stdin(r#"{"status":5}"#).run();
    assert_eq!(out.fails(2), "field has the wrong JSON type (status)");
    let out = gate(&["acknowledgement"])
        .stdin(r#"{"status":"success""#)
        .run();
    assert_eq!(out.fails(2), "malformed JSON at byte 19");
    let out = gate(&["acknowledgement", "--secret-file", "x"])
        .stdin("{}")
        .run();
    assert_eq!(
        out.fails(2),
        "option --secret-file does not apply to `acknowledgement`"
    );
}

#[test]
fn the_old_command_name_response_is_gone() {
    // One name per concept: `response` is not an alias; it names the new one.
    let out = gate(&["response"])
        .arg(example("response-accepted.json"))
        .run();
    assert_eq!(
        out.fails(2),
        "unknown command: the first argument is not a command: `response` is now `acknowledgement`"
    );
    let out = gate(&["help", "response"]).run();
    assert_eq!(
        out.fails(2),
        "no help for an unknown command: `response` is now `acknowledgement`"
    );
    let help = gate(&["--help"]).run().ok().to_owned();
    assert!(!help.contains("monetix-gate response"), "{help}");
}

#[test]
fn banks_lists_each_methods_table() {
    for (method, count, first) in [("cambodia", 3, "60891\tABA Bank"), ("colombia", 36, "")] {
        let out = gate(&["banks", method]).run();
        let text = out.ok();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), count, "{method}");
        if !first.is_empty() {
            assert_eq!(lines[0], first);
        }
        for line in lines {
            let (id, name) = line.split_once('\t').expect("ID, tab, name");
            assert!(id.parse::<u32>().is_ok() && !name.is_empty(), "{line}");
        }
    }
    // The Colombia seed's bank is not listed: the message that refuses it
    // points here.
    let out = gate(&["banks", "colombia"]).run();
    assert!(!out.ok().lines().any(|l| l.starts_with("12345\t")));
    let out = gate(&["banks"]).run();
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("banks needs a method"), "{out:?}");
}
