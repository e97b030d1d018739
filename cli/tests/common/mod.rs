//! Helpers shared by the integration tests: run the `monetix-gate` binary
//! with a body on stdin and check its exit status, stdout and stderr.
#![allow(dead_code)] // each test crate uses part of it

use core::sync::atomic::{AtomicUsize, Ordering};
use core::time::Duration;
use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub const BIN: &str = env!("CARGO_BIN_EXE_monetix-gate");

/// Every run is killed after this long: a hang is a failure, not a stuck
/// test suite.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The outcome of one run.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "{self:?}");
        assert_eq!(self.stderr, "", "{self:?}");
        &self.stdout
    }

    /// Asserts a failure with `code`, nothing on stdout and exactly one
    /// `monetix-gate: ...` line on stderr; returns the message after the prefix.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
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
pub struct Run {
    cmd: Command,
    stdin: Vec<u8>,
    stdout: Option<Stdio>,
}

pub fn gate(args: &[&str]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("MONETIX_SECRET");
    Run {
        cmd,
        stdin: Vec::new(),
        stdout: None,
    }
}

impl Run {
    pub fn secret(mut self, secret: &str) -> Self {
        self.cmd.env("MONETIX_SECRET", secret);
        self
    }

    pub fn stdin(mut self, body: impl AsRef<[u8]>) -> Self {
        self.stdin = body.as_ref().to_vec();
        self
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn args(mut self, args: &[&str]) -> Self {
        self.cmd.args(args);
        self
    }

    /// Sends standard output somewhere else than the captured pipe (stdout
    /// then reads as empty).
    pub fn stdout_to(mut self, stdout: Stdio) -> Self {
        self.stdout = Some(stdout);
        self
    }

    /// Runs the binary to its end, killing it (and failing) after [`TIMEOUT`].
    pub fn run(mut self) -> Out {
        let stdout = self.stdout.take().unwrap_or_else(Stdio::piped);
        let mut child = self
            .cmd
            .stdin(Stdio::piped())
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn monetix-gate");
        let mut stdin = child.stdin.take().expect("stdin");
        let body = core::mem::take(&mut self.stdin);
        let writer = std::thread::spawn(move || {
            // The binary may exit before reading (usage errors): ignore EPIPE.
            let _ = stdin.write_all(&body);
        });
        let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(mut pipe) = pipe {
                    pipe.read_to_end(&mut buf).expect("read the child's output");
                }
                buf
            })
        };
        let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
        let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
        let status = wait_at_most(&mut child, TIMEOUT);
        writer.join().expect("stdin writer");
        let (stdout, stderr) = (
            stdout.join().expect("stdout"),
            stderr.join().expect("stderr"),
        );
        let status = status
            .unwrap_or_else(|| panic!("monetix-gate ran longer than {TIMEOUT:?} and was killed"));
        Out {
            code: status.code().expect("exit code (killed by a signal?)"),
            stdout: String::from_utf8(stdout).expect("stdout UTF-8"),
            stderr: String::from_utf8(stderr).expect("stderr UTF-8"),
        }
    }
}

/// A fresh directory under the test temp dir.
pub fn temp_dir() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A fresh file under the test temp dir with `contents`.
pub fn temp_file(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = temp_dir().join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}

pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

/// Waits for `child` at most `limit`; kills it (by its own handle) and
/// returns `None` if it is still running then.
pub fn wait_at_most(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
