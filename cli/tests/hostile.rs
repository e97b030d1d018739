//! The hostile-input catalogue (`tests/hostile/cases.json`) through
//! the `monetix-gate` binary.
//!
//! Every case whose interfaces include the CLI runs the command its `op`
//! names with the case's body on stdin and its secret in a `--secret-file`
//! (the secret plus one line break, which the CLI strips). Checked for each:
//! * an error case: the exit status and the stderr substring of its kind
//!   (`errors` in the manifest), and **nothing on stdout**: a failed command
//!   writes no partial output. An `AMBIGUOUS` case's stderr is exactly
//!   `monetix-gate: ambiguous signed data: {explain}`; a `path` must appear in
//!   the message; `violation_lines` must be among the stderr lines;
//! * a success case: the exact output (canonical string, signature, signed
//!   body, matched order, or the `outcome`/`verdict` of the JSON view), and
//!   nothing on stderr; a signed payout parses, carries its fields and
//!   verifies with the secret.
//!
//! The options `strict`, `allow_suspicious_secret` and `allow_ambiguous` become
//! `--strict`, `--allow-suspicious-secret` and `--allow-ambiguous`. A case
//! body larger than the manifest's `cli_max_body_bytes` (the CLI's default
//! limit) is first checked to be refused (exit 2, the limit named, nothing on
//! stdout), then run with `--max-body-bytes` set to its length.
//!
//! No assertion here is about time. Each run records one line
//! `HOSTILE-TIME cli <case> <cpu s> <wall s> <input bytes>` (appended to the
//! file `$HOSTILE_TIMES`, else printed); `scripts/hostile.sh` fails when a
//! case is slow.

use core::sync::atomic::{AtomicUsize, Ordering};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_monetix-gate");
const CASES: &str = include_str!("../../tests/hostile/cases.json");

// ---- byte specs ----------------------------------------------------------------

fn b64_decode(text: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("bad base64 in the manifest: {text}"),
        }
    };
    let mut out = Vec::new();
    let bytes: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= val(c) << (18 - 6 * i);
        }
        let [_, b0, b1, b2] = acc.to_be_bytes();
        out.extend_from_slice(&[b0, b1, b2][..chunk.len() - 1]);
    }
    out
}

/// Expands a byte spec of the manifest (see `tests/hostile/catalogue.py`).
fn expand(spec: &Value) -> Vec<u8> {
    let text = |k: &str| spec[k].as_str().unwrap_or_else(|| panic!("{k} in {spec}"));
    let count = |k: &str| {
        usize::try_from(spec[k].as_u64().unwrap_or_else(|| panic!("{k} in {spec}"))).expect("count")
    };
    if spec.get("text").is_some() {
        text("text").as_bytes().to_vec()
    } else if spec.get("b64").is_some() {
        b64_decode(text("b64"))
    } else if spec.get("repeat").is_some() {
        text("repeat").repeat(count("n")).into_bytes()
    } else if spec.get("range").is_some() {
        let template = text("template");
        let items: Vec<String> = (0..count("range"))
            .map(|i| template.replace("{i}", &i.to_string()))
            .collect();
        items.join(text("sep")).into_bytes()
    } else if let Some(parts) = spec.get("parts").and_then(Value::as_array) {
        parts.iter().flat_map(expand).collect()
    } else {
        panic!("bad byte spec {spec}")
    }
}

// ---- running the binary ----------------------------------------------------------

struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl core::fmt::Debug for Out {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let shown = &self.stdout[..self.stdout.len().min(300)];
        f.debug_struct("Out")
            .field("code", &self.code)
            .field("stdout", &String::from_utf8_lossy(shown))
            .field("stdout_len", &self.stdout.len())
            .field("stderr", &self.stderr)
            .finish()
    }
}

fn temp_file(contents: &[u8]) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!(
        "{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, contents).expect("write temp file");
    path
}

fn run(args: &[String], stdin: &[u8]) -> Out {
    let stdin = stdin.to_vec();
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("MONETIX_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn monetix-gate");
    let mut pipe = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        // The binary may exit before reading everything: ignore EPIPE.
        let _ = pipe.write_all(&stdin);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("stdin writer");
    Out {
        code: out.status.code().expect("exit code (killed by a signal?)"),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// CPU seconds used by this process's reaped children (Linux:
/// `/proc/self/stat` fields `cutime` + `cstime`, at the usual 100 ticks per
/// second); `None` elsewhere, and the wall time is reported instead.
fn children_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; cutime and cstime are the
    // 16th and 17th fields of the whole line.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(13)? + ticks(14)?) / 100.0)
}

/// Appends a timing line to `$HOSTILE_TIMES` (for `scripts/hostile.sh`), or
/// prints it.
fn record_time(line: &str) {
    match std::env::var_os("HOSTILE_TIMES") {
        Some(path) => {
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .expect("open HOSTILE_TIMES");
            writeln!(f, "{line}").expect("write HOSTILE_TIMES");
        }
        None => println!("{line}"),
    }
}

// ---- the catalogue ----------------------------------------------------------------

fn manifest() -> Value {
    serde_json::from_str(CASES).expect("cases.json parses")
}

fn for_cli(case: &Value) -> bool {
    match case["interfaces"].as_array() {
        Some(list) => list.iter().any(|i| i == "cli"),
        None => !matches!(case["op"].as_str(), Some("c_abi" | "py")),
    }
}

fn command(op: &str) -> &'static [&'static str] {
    match op {
        "canonical" => &["canonical"],
        "sign" => &["sign"],
        "sign_body" => &["sign-body"],
        "verify" => &["verify"],
        "callback" => &["callback"],
        "ack" => &["acknowledgement"],
        "payout_cambodia" => &["payout", "cambodia"],
        "payout_colombia" => &["payout", "colombia"],
        other => panic!("no CLI command for op {other}"),
    }
}

fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// Runs one case; returns a description of what is wrong, if anything.
/// `over_limit` counts the cases run past the default body limit.
fn check(doc: &Value, case: &Value, over_limit: &mut usize) -> Result<(), String> {
    let name = case["name"].as_str().unwrap_or("?");
    let op = case["op"].as_str().unwrap_or("?");
    let expect = &case["expect"];
    let opts = &case["options"];
    let body = expand(&case["body"]);
    let secret = expand(case.get("secret").unwrap_or(&doc["default_secret"]));
    let input_len = body.len();

    let mut args: Vec<String> = Vec::new();
    if op == "cli" {
        args.extend(
            expect["args"]
                .as_array()
                .expect("args")
                .iter()
                .map(|a| a.as_str().expect("arg").to_owned()),
        );
    } else {
        args.extend(command(op).iter().map(|s| (*s).to_owned()));
    }
    let secretless = match op {
        "canonical" | "ack" => true,
        "cli" => matches!(
            args.first().map(String::as_str),
            Some("canonical" | "acknowledgement")
        ),
        _ => false,
    };
    let uses_secret = !secretless && !args.iter().any(|a| a.starts_with("--secret"));
    if uses_secret {
        let file = match expect.get("secret_file") {
            Some(spec) => expand(spec),
            None => {
                let mut f = secret.clone();
                f.push(b'\n');
                f
            }
        };
        args.push("--secret-file".to_owned());
        args.push(temp_file(&file).display().to_string());
    }
    if opts["strict"] == true {
        args.push("--strict".to_owned());
    }
    if opts["allow_suspicious_secret"] == true {
        args.push("--allow-suspicious-secret".to_owned());
    }
    let allow_ambiguous = opts["allow_ambiguous"] == true;
    if allow_ambiguous {
        args.push("--allow-ambiguous".to_owned());
    }

    // Beyond the CLI's default body limit: refused first, then run with the
    // limit raised to the body's length.
    let limit = doc["cli_max_body_bytes"]
        .as_u64()
        .expect("cli_max_body_bytes");
    if u64::try_from(input_len).expect("length") > limit && op != "cli" {
        let out = run(&args, &body);
        let want = format!("the body is larger than the limit of {limit} bytes");
        if out.code != 2 || !out.stdout.is_empty() || !out.stderr.contains(&want) {
            return Err(format!(
                "{name} ({op}): a body over the default limit is not refused\n  got {out:?}"
            ));
        }
        args.push("--max-body-bytes".to_owned());
        args.push(input_len.to_string());
        *over_limit += 1;
    }

    let started = Instant::now();
    let cpu0 = children_cpu();
    let out = run(&args, &body);
    let wall = started.elapsed().as_secs_f64();
    let cpu = match (cpu0, children_cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => wall,
    };
    record_time(&format!(
        "HOSTILE-TIME cli {name} {cpu:.3} {wall:.3} {input_len}"
    ));
    let fail = |why: &str| Err(format!("{name} ({op}): {why}\n  got {out:?}"));

    if op == "cli" {
        if i64::from(out.code) != expect["exit"].as_i64().unwrap_or(-1) {
            return fail("exit status");
        }
        if !out.stderr.contains(expect["stderr"].as_str().unwrap_or("")) {
            return fail("stderr message");
        }
        if let Some(secret) = expect["not_in_output"].as_str() {
            let stdout = String::from_utf8_lossy(&out.stdout);
            if out.stderr.contains(secret) || stdout.contains(secret) {
                return fail("the secret was echoed");
            }
        }
        return Ok(());
    }

    if let Some(kind) = expect["error"].as_str() {
        let e = &doc["errors"][kind];
        if i64::from(out.code) != e["cli_exit"].as_i64().unwrap_or(-1) {
            return fail(&format!("exit status for {kind}"));
        }
        if !out.stdout.is_empty() {
            return fail("output on stdout after an error");
        }
        if !out.stderr.contains(e["cli_stderr"].as_str().unwrap_or("")) {
            return fail(&format!("stderr does not name {kind}"));
        }
        if let Some(path) = expect["path"].as_str() {
            if !out.stderr.contains(path) {
                return fail("stderr does not name the field");
            }
        }
        if let Some(explain) = expect["explain"].as_str() {
            // Exactly one line: the prefix, then core's explanation.
            if out.stderr != format!("monetix-gate: ambiguous signed data: {explain}\n") {
                return fail("stderr is not core's explanation of the ambiguity");
            }
        } else if kind == "AMBIGUOUS" {
            return fail("an AMBIGUOUS case without its `explain` in the manifest");
        }
        for v in expect["violations"].as_array().into_iter().flatten() {
            let path = v.as_str().unwrap_or("?");
            if !out
                .stderr
                .lines()
                .any(|l| l.starts_with(&format!("{path}: ")))
            {
                return fail(&format!("no violation line for {path}"));
            }
        }
        for v in expect["violation_lines"].as_array().into_iter().flatten() {
            let line = v.as_str().unwrap_or("?");
            if !out.stderr.lines().any(|l| l == line) {
                return fail(&format!("no violation line {line:?}"));
            }
        }
        return Ok(());
    }

    if out.code != 0 || !out.stderr.is_empty() {
        return fail("expected success");
    }
    let with_newline = |mut b: Vec<u8>| {
        b.push(b'\n');
        b
    };
    if let Some(c) = expect.get("canonical") {
        if out.stdout != with_newline(expand(c)) {
            return fail("canonical string differs");
        }
    } else if let Some(sig) = expect["signature"].as_str() {
        if out.stdout != with_newline(sig.as_bytes().to_vec()) {
            return fail("signature differs");
        }
    } else if let Some(b) = expect.get("body") {
        let want = expand(b);
        let want = if want.ends_with(b"\n") {
            want
        } else {
            with_newline(want)
        };
        if out.stdout != want {
            return fail("signed body differs");
        }
    } else if expect.get("outcome").is_some() || expect.get("verdict").is_some() {
        let view: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
        for key in ["outcome", "order", "verdict", "errors_total"] {
            if expect.get(key).is_some() && view[key] != expect[key] {
                return fail(&format!("{key} differs"));
            }
        }
    } else if let Some(order) = expect["order"].as_str() {
        if out.stdout != with_newline(order.as_bytes().to_vec()) {
            return fail("matched order differs");
        }
    } else if let Some(paths) = expect["paths"].as_object() {
        let signed: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
        for (path, want) in paths {
            if at(&signed, path) != Some(want) {
                return fail(&format!("{path} in the signed payout"));
            }
        }
        // The signed request verifies with the same secret (strictly).
        // Data signed with the ambiguity opt-in verifies only with it.
        let mut f = secret.clone();
        f.push(b'\n');
        let mut verify_args = vec![
            "verify".to_owned(),
            "--strict".to_owned(),
            "--secret-file".to_owned(),
            temp_file(&f).display().to_string(),
        ];
        if allow_ambiguous {
            verify_args.push("--allow-ambiguous".to_owned());
        }
        let verify = run(&verify_args, &out.stdout);
        if verify.code != 0 || verify.stdout != b"natural\n" {
            return fail(&format!("the signed payout does not verify: {verify:?}"));
        }
    } else {
        return fail("the manifest gives no expected result");
    }
    Ok(())
}

#[test]
fn hostile_catalogue_through_the_cli() {
    let doc = manifest();
    let cases = doc["cases"].as_array().expect("cases");
    let mut ran = 0usize;
    let mut over_limit = 0usize;
    let mut failures = Vec::new();
    for case in cases.iter().filter(|c| for_cli(c)) {
        ran += 1;
        if let Err(e) = check(&doc, case, &mut over_limit) {
            failures.push(e);
        }
    }
    println!(
        "hostile catalogue (CLI): {ran} cases ({over_limit} past the default body limit), {} failed",
        failures.len()
    );
    assert!(ran >= 60, "only {ran} CLI cases");
    // The 16 MiB bodies of the catalogue are past the CLI's default limit.
    assert!(
        over_limit >= 5,
        "only {over_limit} cases past the body limit"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn catalogue_covers_the_issue() {
    let doc = manifest();
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 60);
    let names: Vec<&str> = cases.iter().filter_map(|c| c["name"].as_str()).collect();
    for must in [
        "nest_10000_arrays",
        "leaves_100000_array",
        "body_16mib_string_sign",
        "number_400_digit_integer",
        "number_400_digit_fraction_tiny",
        "secret_empty",
        "secret_10000",
        "sig_absent",
        "sig_number",
        "sig_empty",
        "sig_not_base64",
        "sig_too_short",
        "lone_high_surrogate",
        "invalid_utf8_byte_ff",
        "dup_key_depth_16",
        "nul_raw_in_string",
        "nul_escaped_value",
        // Ambiguous data and unsigned elements.
        "payout_cambodia_name_ambiguous",
        "ambiguous_value_sign",
        "ambiguous_value_sign_opt_in",
        "ambiguous_key_colon",
        "ambiguous_key_semicolon",
        "ambiguous_integer_above_i64",
        "ambiguous_verify_valid_mac",
        "fold_forged_callback",
        "callback_big_integer",
        "unsigned_element_callback",
        "cli_body_over_limit",
    ] {
        assert!(names.contains(&must), "the catalogue lacks {must}");
    }
    // Every AMBIGUOUS case says what the explanation is.
    for c in cases {
        if c["expect"]["error"] == "AMBIGUOUS" {
            assert!(c["expect"]["explain"].is_string(), "{}", c["name"]);
        }
    }
    // Every error kind used has its CLI mapping.
    for c in cases {
        if let Some(kind) = c["expect"]["error"].as_str() {
            assert!(doc["errors"][kind]["cli_exit"].is_i64(), "{kind}");
        }
    }
}

// ---- secrets, what the CLI and core let us observe ---------------

#[test]
fn signer_debug_is_redacted() {
    for secret in [&b"hunter2"[..], b"k".repeat(10_000).as_slice()] {
        let signer = monetix_gate::Signer::new(secret).expect("signer");
        let shown = format!("{signer:?} {signer:#?}");
        assert!(shown.contains("redacted"), "{shown}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("kkkk"),
            "{shown}"
        );
        // Nor the key's bytes in any common rendering.
        assert!(!shown.contains("104, 117, 110"), "{shown}");
    }
}

#[test]
fn secret_in_environment_is_never_printed() {
    // A suspicious secret from the environment: refused, and not echoed.
    let out = {
        let mut child = Command::new(BIN)
            .arg("sign")
            .env("MONETIX_SECRET", "\u{feff}hunter2")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(br#"{"a":1}"#).expect("write");
        drop(pipe);
        child.wait_with_output().expect("wait")
    };
    assert_eq!(out.status.code(), Some(2));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("MONETIX_SECRET") && all.contains("--allow-suspicious-secret"));
    assert!(!all.contains("hunter2"), "{all}");
}
