//! Runs the `monetix-gate` binary on good and bad input: exit status, stdout,
//! and the one-line stderr message.

use core::sync::atomic::{AtomicUsize, Ordering};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_monetix-gate");
const VECTORS: &str = include_str!("../../tests/vectors/signature.json");

/// The outcome of one run.
#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    /// Asserts success and returns stdout.
    #[track_caller]
    fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "{self:?}");
        assert_eq!(self.stderr, "", "{self:?}");
        &self.stdout
    }

    /// Asserts a failure with `code`, nothing on stdout and exactly one
    /// `monetix-gate: ...` line on stderr; returns the message after the prefix.
    #[track_caller]
    fn fails(&self, code: i32) -> &str {
        assert_eq!(self.code, code, "{self:?}");
        assert_eq!(self.stdout, "", "{self:?}");
        let line = self
            .stderr
            .strip_prefix("monetix-gate: ")
            .and_then(|s| s.strip_suffix('\n'))
            .unwrap_or_else(|| panic!("not one prefixed line: {self:?}"));
        assert!(!line.contains('\n'), "more than one line: {self:?}");
        line
    }
}

/// A builder for one run of the binary. `MONETIX_SECRET` is removed from
/// the environment unless [`Run::secret`] sets it.
struct Run {
    cmd: Command,
    stdin: Vec<u8>,
}

fn gate(args: &[&str]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("MONETIX_SECRET");
    Run {
        cmd,
        stdin: Vec::new(),
    }
}

impl Run {
    fn secret(mut self, secret: &str) -> Self {
        self.cmd.env("MONETIX_SECRET", secret);
        self
    }

    fn stdin(mut self, body: impl AsRef<[u8]>) -> Self {
        self.stdin = body.as_ref().to_vec();
        self
    }

    fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    fn run(mut self) -> Out {
        let mut child = self
            .cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn monetix-gate");
        let mut stdin = child.stdin.take().expect("stdin");
        let body = core::mem::take(&mut self.stdin);
        let writer = std::thread::spawn(move || {
            // The binary may exit before reading (usage errors): ignore EPIPE.
            let _ = stdin.write_all(&body);
        });
        let out = child.wait_with_output().expect("wait");
        writer.join().expect("stdin writer");
        Out {
            code: out.status.code().expect("exit code"),
            stdout: String::from_utf8(out.stdout).expect("stdout UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr UTF-8"),
        }
    }
}

/// A fresh file under the test temp dir with `contents`.
fn temp_file(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

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
    let body = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let msg = gate(&["canonical"]).stdin(&body).run().fails(2).to_owned();
    assert!(
        msg.starts_with("nesting deeper than the limit at byte "),
        "{msg}"
    );
    let msg = gate(&["sign"])
        .secret("secret")
        .stdin(&body)
        .run()
        .fails(2)
        .to_owned();
    assert!(msg.starts_with("nesting deeper than the limit"), "{msg}");
}

#[test]
fn missing_body_file() {
    let msg = gate(&["canonical", "/nonexistent/body.json"])
        .run()
        .fails(2)
        .to_owned();
    assert_eq!(
        msg,
        "cannot read `/nonexistent/body.json`: No such file or directory"
    );
}

// ---- sign ----------------------------------------------------------------------

#[test]
fn sign_matches_every_vector() {
    for case in cases("sign") {
        let out = gate(&["sign"])
            .secret(s(&case, "secret"))
            .stdin(s(&case, "input"))
            .run();
        assert_eq!(
            out.ok(),
            format!("{}\n", s(&case, "signature")),
            "{}",
            case["name"]
        );
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
        "cannot read the secret file `/nonexistent/secret`: No such file or directory"
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
    for cmd in ["canonical", "sign", "sign-body", "verify"] {
        let a = gate(&["help", cmd]).run().ok().to_owned();
        let b = gate(&[cmd, "--help"]).run().ok().to_owned();
        assert_eq!(a, b);
        assert!(a.starts_with(&format!("Usage: monetix-gate {cmd}")), "{a}");
    }
    let v = gate(&["--version"]).run().ok().to_owned();
    assert_eq!(v, format!("monetix-gate {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    for (args, want) in [
        (&[][..], "no command given (see `monetix-gate --help`)"),
        (
            &["frobnicate"],
            "unknown command `frobnicate` (see `monetix-gate --help`)",
        ),
        (
            &["sign", "--frob"],
            "unknown option `--frob` (see `monetix-gate --help`)",
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
    assert_eq!(
        out.fails(2),
        "unknown option `--key` (see `monetix-gate --help`)"
    );
}
