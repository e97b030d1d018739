//! `callback --payout REQUEST.json`: a verified callback checked against the
//! payout request it must answer (core's `reconcile::check`).

mod common;

use std::path::PathBuf;

use serde_json::{json, Value};

use common::{example, gate, temp_file, Out};

/// The signed Cambodia request body, as `payout` prints it (what was sent).
fn cambodia_request() -> PathBuf {
    let out = gate(&["payout", "cambodia"])
        .secret("secret")
        .arg(example("cambodia-request.json"))
        .run();
    temp_file("cambodia-request.signed.json", out.ok())
}

/// The bundled success callback with `edit` applied, signed as the platform
/// signs callbacks (`sign-as-platform`).
fn callback(edit: impl FnOnce(&mut Value)) -> String {
    let text = std::fs::read_to_string(example("callback-success.json")).expect("example");
    let mut cb: Value = serde_json::from_str(&text).expect("callback JSON");
    cb.as_object_mut().expect("object").remove("signature");
    edit(&mut cb);
    gate(&["sign-as-platform"])
        .secret("secret")
        .stdin(cb.to_string())
        .run()
        .ok()
        .to_owned()
}

fn check(request: &PathBuf, cb: &str) -> Out {
    gate(&["callback", "--payout"])
        .arg(request)
        .secret("secret")
        .stdin(cb)
        .run()
}

/// Asserts the reconciliation failure: exit 1, nothing on stdout, exactly
/// `want` as bare stderr lines.
#[track_caller]
fn unmatched(out: &Out, want: &[&str]) {
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stdout, "", "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines, want, "{out:?}");
}

#[test]
fn a_matching_callback_prints_its_view() {
    let request = cambodia_request();
    let cb = callback(|_| {});
    let plain = gate(&["callback"]).secret("secret").stdin(&cb).run();
    // The signed request as sent, its fields (what `payout` reads), with and
    // without --method: the same view as without --payout, exit 0.
    for args in [
        vec!["--payout".to_owned(), request.display().to_string()],
        vec![
            "--payout".to_owned(),
            example("cambodia-request.json").display().to_string(),
        ],
        vec![
            "--method".to_owned(),
            "cambodia".to_owned(),
            format!("--payout={}", request.display()),
        ],
    ] {
        let mut run = gate(&["callback"]).secret("secret").stdin(&cb);
        for a in &args {
            run = run.arg(a);
        }
        let out = run.run();
        assert_eq!(out.ok(), plain.ok(), "{args:?}");
    }
    // The bundled callback (signed with the demo secret) answers the bundled request.
    let out = gate(&["callback", "--secret-file"])
        .arg(example("demo-secret.txt"))
        .arg("--payout")
        .arg(example("cambodia-request.json"))
        .arg(example("callback-success.json"))
        .run();
    let view: Value = serde_json::from_str(out.ok()).expect("view JSON");
    assert_eq!(view["outcome"], "final_success");
}

#[test]
fn an_amount_mismatch() {
    let cb = callback(|cb| {
        cb["payment"]["sum"]["amount"] = json!(4_000_000);
        cb["operation"]["sum_initial"]["amount"] = json!(4_000_000);
    });
    unmatched(
        &check(&cambodia_request(), &cb),
        &[
            "payment.sum.amount: expected 5000000, found 4000000",
            "operation.sum_initial.amount: expected 5000000, found 4000000",
        ],
    );
}

#[test]
fn a_currency_mismatch() {
    let cb = callback(|cb| cb["payment"]["sum"]["currency"] = json!("USD"));
    unmatched(
        &check(&cambodia_request(), &cb),
        &["payment.sum.currency: expected \"KHR\", found \"USD\""],
    );
}

#[test]
fn a_payment_id_mismatch() {
    let cb = callback(|cb| cb["payment"]["id"] = json!("payment_48"));
    unmatched(
        &check(&cambodia_request(), &cb),
        &["payment.id: expected \"payment_47\", found \"payment_48\""],
    );
}

#[test]
fn a_project_id_mismatch() {
    let cb = callback(|cb| cb["project_id"] = json!(999));
    unmatched(
        &check(&cambodia_request(), &cb),
        &["project_id: expected 1234, found 999"],
    );
}

#[test]
fn an_absent_member_is_a_mismatch() {
    // A callback that does not say what it is about cannot be matched.
    let cb = callback(|cb| {
        cb["operation"]
            .as_object_mut()
            .expect("operation")
            .remove("sum_initial");
    });
    unmatched(
        &check(&cambodia_request(), &cb),
        &[
            "operation.sum_initial.amount: expected 5000000, found nothing",
            "operation.sum_initial.currency: expected \"KHR\", found nothing",
        ],
    );
}

#[test]
fn every_mismatch_at_once_and_strings_stay_on_one_line() {
    let cb = callback(|cb| {
        cb["project_id"] = json!(1);
        cb["payment"]["id"] = json!("p\n\u{1b}[2J");
        cb["payment"]["sum"] = json!({"amount": 1, "currency": "COP"});
        cb["operation"]["sum_initial"] = json!({"amount": 2, "currency": "USD"});
    });
    unmatched(
        &check(&cambodia_request(), &cb),
        &[
            "project_id: expected 1234, found 1",
            "payment.id: expected \"payment_47\", found \"p\\n\\u{1b}[2J\"",
            "payment.sum.amount: expected 5000000, found 1",
            "payment.sum.currency: expected \"KHR\", found \"COP\"",
            "operation.sum_initial.amount: expected 5000000, found 2",
            "operation.sum_initial.currency: expected \"KHR\", found \"USD\"",
        ],
    );
}

#[test]
fn the_signature_is_checked_first() {
    // A tampered callback is a signature mismatch, whatever it says.
    let cb = callback(|_| {}).replace("5000000", "4000000");
    let out = check(&cambodia_request(), &cb);
    assert_eq!(out.fails(1), "signature mismatch");
    // And a callback that cannot be read is bad input.
    let out = check(&cambodia_request(), r#"{"payment":{"status":"success"}}"#);
    assert_eq!(
        out.fails(2),
        "no signature in the body (neither a top-level `signature` nor `general.signature`)"
    );
}

#[test]
fn a_colombia_payout_is_detected_or_named() {
    let request = gate(&["payout", "colombia", "--allow-unlisted-bank"])
        .secret("secret")
        .arg(example("colombia-request.json"))
        .run();
    let request = temp_file("colombia-request.signed.json", request.ok());
    let cb = callback(|cb| {
        cb["payment"]["sum"] = json!({"amount": 10000, "currency": "COP"});
        cb["operation"]["sum_initial"] = json!({"amount": 10000, "currency": "COP"});
    });
    // Its bank id is outside the seed's bank table: a request already sent
    // is reconciled whatever today's table says.
    let out = check(&request, &cb);
    let view: Value = serde_json::from_str(out.ok()).expect("view JSON");
    assert_eq!(view["payment"]["sum"]["currency"], "COP");
    let out = gate(&["callback", "--method", "colombia", "--payout"])
        .arg(&request)
        .secret("secret")
        .stdin(&cb)
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    // Read as the other method, it has that method's problems.
    let out = gate(&["callback", "--method", "cambodia", "--payout"])
        .arg(&request)
        .secret("secret")
        .stdin(&cb)
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .lines()
            .any(|l| l == "--payout file, account.customer_name: required"),
        "{out:?}"
    );
    assert!(out.stderr.lines().all(|l| l.starts_with("--payout file, ")));
}

#[test]
fn a_payout_file_that_cannot_be_read() {
    let cb = callback(|_| {});
    let out = check(&temp_file("empty-object.json", "{}"), &cb);
    let msg = out.fails(2);
    assert!(
        msg.starts_with(
            "the --payout file reads as no payout request of either method (cambodia: "
        ) && msg.ends_with("): pass --method cambodia|colombia to list its problems"),
        "{msg}"
    );
    let out = check(&temp_file("bad.json", "{\"general\":"), &cb);
    assert_eq!(out.fails(2), "the --payout file: malformed JSON at byte 11");
    let out = check(&temp_file("blank.json", " \n"), &cb);
    assert_eq!(
        out.fails(2),
        "the --payout file: malformed JSON at byte 2 (the file is empty)"
    );
    // The path is never echoed (it might be the secret typed in the wrong place).
    let out = gate(&["callback", "--payout", "hunter2"])
        .secret("secret")
        .stdin(&cb)
        .run();
    let msg = out.fails(2).to_owned();
    assert!(msg.starts_with("cannot read the --payout file: "), "{msg}");
    assert!(!msg.contains("hunter2"));
    let out = gate(&["callback", "--max-body-bytes", "100", "--payout"])
        .arg(example("cambodia-request.json"))
        .secret("secret")
        .stdin("{}")
        .run();
    assert_eq!(
        out.fails(2),
        "the --payout file is larger than the limit of 100 bytes: raise it with --max-body-bytes N"
    );
}

#[test]
fn payout_and_method_are_callback_options() {
    for (args, want) in [
        (
            &["verify", "--payout", "r.json"][..],
            "option --payout does not apply to `verify`",
        ),
        (
            &["callback", "--method", "cambodia"],
            "--method applies to the --payout file: give --payout REQUEST.json",
        ),
        (
            &["callback", "--payout", "r.json", "--method", "peru"],
            "unknown payout method: expected `cambodia` or `colombia`",
        ),
    ] {
        let out = gate(args).secret("secret").stdin("{}").run();
        assert_eq!(out.fails(2), want, "{args:?}");
    }
    let help = gate(&["help", "callback"]).run().ok().to_owned();
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "[--payout REQUEST.json [--method cambodia|colombia]]",
        "payment.sum.amount: expected 5000000, found 4000000",
        "the exit status is 1, as for a signature mismatch: do not act on it",
    ] {
        assert!(flat.contains(want), "help lacks {want:?}:\n{help}");
    }
}
