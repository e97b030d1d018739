//! The CLI's own security properties: the body read is bounded, a secret
//! file that is not a regular file is refused at once (never waited on), a
//! failed write to stdout is its own exit status (never a panic), and no
//! message shows a value that could be the secret.

mod common;

use core::time::Duration;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{gate, temp_dir, temp_file, wait_at_most, BIN};

const BODY: &str = r#"{"general":{"project_id":1234,"payment_id":"payment_47"}}"#;
const MIB: usize = 1024 * 1024;

// ---- the body limit ----------------------------------------------------------------

#[test]
fn the_default_body_limit_is_16_mib() {
    let want = "the body is larger than the limit of 16777216 bytes (16 MiB): \
                raise it with --max-body-bytes N";
    // Exactly 16 MiB of body is read (and refused for what it is: not JSON
    // whitespace only, here a 16 MiB object of spaces is an empty object).
    let body = format!("{{{}}}", " ".repeat(16 * MIB - 2));
    assert_eq!(body.len(), 16 * MIB);
    assert_eq!(gate(&["canonical"]).stdin(&body).run().ok(), "\n");
    // One byte more is refused, from stdin and from a file.
    let body = format!("{{{}}}", " ".repeat(16 * MIB - 1));
    let out = gate(&["canonical"]).stdin(&body).run();
    assert_eq!(out.fails(2), want);
    let file = temp_file("big.json", &body);
    let out = gate(&["sign"]).secret("secret").arg(&file).run();
    assert_eq!(out.fails(2), want);
    // The limit can be raised.
    let out = gate(&["canonical", "--max-body-bytes", &(16 * MIB + 1).to_string()])
        .stdin(&body)
        .run();
    assert_eq!(out.ok(), "\n");
}

#[test]
fn a_smaller_limit_and_its_boundary() {
    let body = r#"{"a":1}"#; // 7 bytes
    for cmd in [
        &["canonical"][..],
        &["sign"],
        &["sign-body"],
        &["verify"],
        &["sign-as-platform"],
        &["callback"],
        &["acknowledgement"],
        &["status"],
        &["payout", "cambodia"],
    ] {
        let out = gate(cmd)
            .args(&["--max-body-bytes", "6"])
            .secret("secret")
            .stdin(body)
            .run();
        assert_eq!(
            out.fails(2),
            "the body is larger than the limit of 6 bytes: raise it with --max-body-bytes N",
            "{cmd:?}"
        );
    }
    // At the limit: read as usual.
    let out = gate(&["canonical", "--max-body-bytes=7"]).stdin(body).run();
    assert_eq!(out.ok(), "a:1\n");
    let file = temp_file("a.json", body);
    let out = gate(&["canonical", "--max-body-bytes", "7"])
        .arg(&file)
        .run();
    assert_eq!(out.ok(), "a:1\n");
    let out = gate(&["canonical", "--max-body-bytes", "6"])
        .arg(&file)
        .run();
    assert!(out
        .fails(2)
        .starts_with("the body is larger than the limit of 6 bytes"));
}

#[test]
fn an_endless_body_is_cut_off_at_the_limit() {
    // /dev/zero never ends: the read stops at the limit instead of filling
    // memory. (Bounded in time by the runner's timeout.)
    let started = Instant::now();
    let out = gate(&["canonical", "/dev/zero"]).run();
    assert_eq!(
        out.fails(2),
        "the body is larger than the limit of 16777216 bytes (16 MiB): \
         raise it with --max-body-bytes N"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    // And from a pipe that keeps writing.
    let mut child = Command::new(BIN)
        .args(["canonical", "--max-body-bytes", "1000"])
        .env_remove("MONETIX_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let chunk = [b' '; 4096];
        // Until the reader goes away (EPIPE).
        while stdin.write_all(&chunk).is_ok() {}
    });
    let status = wait_at_most(&mut child, Duration::from_secs(30)).expect("it stops reading");
    writer.join().expect("writer");
    assert_eq!(status.code(), Some(2));
}

#[test]
fn bad_limits_are_usage_errors() {
    for (args, want) in [
        (
            &["canonical", "--max-body-bytes"][..],
            "--max-body-bytes needs a number of bytes",
        ),
        (
            &["canonical", "--max-body-bytes", "0"],
            "--max-body-bytes needs a whole number of bytes from 1 to 4294967295",
        ),
        (
            &["canonical", "--max-body-bytes", "4294967296"],
            "--max-body-bytes needs a whole number of bytes from 1 to 4294967295",
        ),
        (
            &["canonical", "--max-body-bytes=16MiB"],
            "--max-body-bytes needs a whole number of bytes from 1 to 4294967295",
        ),
        (
            &["canonical", "--max-body-bytes", "-5"],
            "--max-body-bytes needs a whole number of bytes from 1 to 4294967295",
        ),
        (
            &["canonical", "--max-body-bytes=5", "--max-body-bytes=6"],
            "option --max-body-bytes is given more than once",
        ),
    ] {
        let out = gate(args).stdin("{}").run();
        assert_eq!(out.fails(2), want, "{args:?}");
    }
}

// ---- the secret file --------------------------------------------------------------

fn mkfifo() -> std::path::PathBuf {
    let path = temp_dir().join("secret.fifo");
    let status = Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
    path
}

#[test]
fn a_fifo_secret_file_is_refused_at_once() {
    let fifo = mkfifo();
    // Nobody ever writes to the FIFO: opening it for reading would block
    // forever. The child gets 10 s before it is killed (a hang fails).
    let mut child = Command::new(BIN)
        .arg("sign")
        .arg("--secret-file")
        .arg(&fifo)
        .env_remove("MONETIX_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let _ = stdin.write_all(BODY.as_bytes());
    drop(stdin);
    let status = wait_at_most(&mut child, Duration::from_secs(10));
    let status = status.expect("monetix-gate blocked on the FIFO (killed after 10 s)");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("stderr");
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("monetix-gate: the --secret-file path is not a regular file"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("secret.fifo"),
        "the path is not printed: {stderr}"
    );
    // The same through the usual runner, for every command that reads it.
    for cmd in [
        &["verify"][..],
        &["callback"],
        &["status"],
        &["payout", "colombia"],
    ] {
        let out = gate(cmd).arg("--secret-file").arg(&fifo).stdin(BODY).run();
        assert!(
            out.fails(2)
                .starts_with("the --secret-file path is not a regular file"),
            "{cmd:?}"
        );
    }
}

#[test]
fn other_non_regular_secret_files_are_refused() {
    let dir = temp_dir();
    for path in [dir.as_path(), "/dev/null".as_ref(), "/dev/zero".as_ref()] {
        let out = gate(&["sign", "--secret-file"]).arg(path).stdin(BODY).run();
        let msg = out.fails(2);
        assert!(
            msg.starts_with("the --secret-file path is not a regular file"),
            "{path:?}: {msg}"
        );
        assert!(msg.contains("MONETIX_SECRET"), "{msg}");
    }
    // A symbolic link to a regular file is followed.
    let target = temp_file("real.txt", "secret\n");
    let link = temp_dir().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let via_link = gate(&["sign", "--secret-file"])
        .arg(&link)
        .stdin(BODY)
        .run();
    let direct = gate(&["sign"]).secret("secret").stdin(BODY).run();
    assert_eq!(via_link.ok(), direct.ok());
}

// ---- writing the output ---------------------------------------------------------

#[test]
fn a_full_stdout_exits_74_without_a_panic() {
    for args in [&["canonical"][..], &["sign"], &["--help"], &["--version"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("open /dev/full");
        let out = gate(args)
            .secret("secret")
            .stdin(BODY)
            .stdout_to(Stdio::from(full))
            .run();
        assert_eq!(
            out.fails(74),
            "cannot write to standard output: No space left on device",
            "{args:?}"
        );
        assert!(!out.stderr.contains("panicked"), "{out:?}");
    }
}

#[test]
fn a_closed_stdout_pipe_exits_74_without_a_panic() {
    let mut child = Command::new(BIN)
        .arg("canonical")
        .env_remove("MONETIX_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Close the reading end before the binary has anything to write: it reads
    // the whole body first.
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(BODY.as_bytes()).expect("write the body");
    drop(stdin);
    let status = wait_at_most(&mut child, Duration::from_secs(30)).expect("it ends");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("stderr");
    assert_eq!(status.code(), Some(74), "{stderr}");
    assert_eq!(
        stderr,
        "monetix-gate: cannot write to standard output: Broken pipe\n"
    );
}

// ---- the secret is never shown --------------------------------------------------------

#[test]
fn no_message_shows_a_value_that_could_be_the_secret() {
    // A distinctive secret, typed (or stored) wherever it should not be.
    const S: &str = "Hunter2Zq7x";
    let lower = S.to_ascii_lowercase();
    let file_with = |name: &str, contents: &str| temp_file(name, contents);
    let suspicious = file_with("suspicious.txt", &format!(" {S}\n"));
    let big = file_with("big.txt", &S.repeat(10_000));
    let fifo = mkfifo();
    // Each run reads BODY on stdin unless it says otherwise.
    let g = |args: &[&str]| gate(args).stdin(BODY);
    let runs: Vec<(&str, common::Run)> = vec![
        // On the command line, in every position.
        ("as --secret", g(&["sign", "--secret", S])),
        ("as --secret=", g(&["sign", &format!("--secret={S}")])),
        ("as the command", g(&[S, "sign"])),
        ("as the only argument", g(&[S])),
        ("as a lowercase command", g(&[&lower])),
        ("as the payout method", g(&["payout", S])),
        ("as a help topic", g(&["help", S])),
        ("as a help topic, lowercase", g(&["help", &lower])),
        ("as an option", g(&["sign", &format!("--{S}")])),
        (
            "as a lowercase option",
            g(&["sign", &format!("--{lower}1")]),
        ),
        ("as a short option", g(&["sign", &format!("-{S}")])),
        ("as an option value", g(&["sign", &format!("--frob={S}")])),
        ("as --max-body-bytes", g(&["sign", "--max-body-bytes", S])),
        ("as the FILE argument", g(&["sign", S]).secret("secret")),
        (
            "as a second FILE",
            g(&["sign", "a.json", S]).secret("secret"),
        ),
        (
            "as the --secret-file path",
            g(&["sign", "--secret-file", S]),
        ),
        (
            "as a --secret-file= path",
            g(&["sign", &format!("--secret-file={S}")]),
        ),
        (
            "as a directory path",
            g(&["sign", "--secret-file", &format!("/tmp/{S}/")]),
        ),
        // As the value of the secret, from every source.
        (
            "suspicious, from the environment",
            g(&["sign"]).secret(&format!("{S} ")),
        ),
        (
            "suspicious, from a file",
            g(&["sign", "--secret-file"]).arg(&suspicious),
        ),
        (
            "too large, from a file",
            g(&["verify", "--secret-file"]).arg(&big),
        ),
        ("a FIFO", g(&["sign", "--secret-file"]).arg(&fifo)),
        // Given as the body, or inside one.
        ("as the body", g(&["sign"]).secret(S).stdin(S)),
        (
            "the secret file as the body",
            g(&["verify"]).secret(S).arg(&suspicious),
        ),
        (
            "a mismatch",
            g(&["verify"]).secret(S).stdin(r#"{"a":1,"signature":"x"}"#),
        ),
        (
            "ambiguous data",
            g(&["sign"]).secret(S).stdin(r#"{"a;b":"c:d"}"#),
        ),
    ];
    for (what, run) in runs {
        let out = run.run();
        assert_ne!(out.code, 0, "{what}: {out:?}");
        assert!(out.stderr.starts_with("monetix-gate: "), "{what}: {out:?}");
        for shown in [&out.stdout, &out.stderr] {
            assert!(
                !shown.to_ascii_lowercase().contains(&lower),
                "{what}: the secret is shown: {out:?}"
            );
        }
    }
}

#[test]
fn a_near_miss_gets_the_known_option_suggested() {
    // Typos stay readable without echoing what was typed.
    let out = gate(&["sign", "--strictt"]).secret("secret").run();
    assert_eq!(out.fails(2), "unknown option (did you mean --strict?)");
    let out = gate(&["sign", "--allow-ambigous=yes"])
        .secret("secret")
        .run();
    assert_eq!(
        out.fails(2),
        "unknown option (did you mean --allow-ambiguous?)"
    );
}
