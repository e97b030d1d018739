//! `monetix-gate`: sign and verify Monetix Gate bodies from the command line.
//!
//! Run `monetix-gate --help` for the commands. Exit status: 0 on success,
//! 1 when a signature does not match, 2 on bad input or usage, with a
//! one-line message on stderr (validation failures: one `path: reason` line
//! per violation).

use std::io::{self, Write};
use std::process::ExitCode;

mod args;
mod engine;
mod fail;
mod input;

use args::{Args, Command, Invocation};
use fail::Failure;
use input::{read_body, Secret};

const USAGE: &str = "\
monetix-gate: sign and verify Monetix Gate bodies (HMAC-SHA512)

Usage:
  monetix-gate canonical [FILE]           print the canonical string a signature covers
  monetix-gate sign [FILE]                print the signature of a request body
  monetix-gate sign-body [FILE]           print the body with general.signature set
  monetix-gate verify [--strict] [FILE]   verify a signed body (callback or response),
                                          print the order that matched
  monetix-gate help [COMMAND]             print this help, or a command's

The body is read from FILE, or from standard input when FILE is absent or `-`.

The secret (every command but `canonical`) comes from the environment variable
MONETIX_SECRET, or from --secret-file PATH (which takes precedence); one trailing
line break in the file is not part of the secret. It is never accepted on the
command line: `--secret` is refused.

Options:
  --secret-file PATH          read the secret from PATH
  --allow-suspicious-secret   accept a secret with leading/trailing whitespace or
                              invisible characters (normally refused: almost always
                              a copy-paste accident)
  --strict                    (verify) accept the canonical (natural) order only
  -h, --help                  print help
  -V, --version               print the version

Output is the result followed by one line break (sign-body: unless the body
already ends with one, since the signed copy keeps its bytes). Exit status: 0 success,
1 signature mismatch, 2 bad input or usage (one-line message on stderr).
";

fn help(topic: Option<&str>) -> String {
    let text = match topic {
        Some("canonical") => {
            "\
Usage: monetix-gate canonical [FILE]

Prints the canonical string of the JSON body (the `path:value` lines in natural
order, joined with `;`) followed by a line break. `general.signature`, a top-level
`signature` and `frame_mode` members are left out: this is exactly what a request's
signature covers, the first thing to compare when a signature does not match.
No secret is needed.
"
        }
        Some("sign") => {
            "\
Usage: monetix-gate sign [--secret-file PATH] [--allow-suspicious-secret] [FILE]

Prints the signature (88 characters of base64) of the request body, followed by a
line break. An existing `general.signature` or top-level `signature` is left out.
"
        }
        Some("sign-body") => {
            "\
Usage: monetix-gate sign-body [--secret-file PATH] [--allow-suspicious-secret] [FILE]

Prints the signed copy of the request body, followed by a line break: a top-level
`signature` is removed, `general.signature` is replaced or inserted (`general` is
created if absent), and every other byte is kept. A line break follows unless
the body already ends with one.
"
        }
        Some("verify") => {
            "\
Usage: monetix-gate verify [--strict] [--secret-file PATH] [--allow-suspicious-secret] [FILE]

Verifies a signed body (a callback or a signed response). The signature is the
top-level `signature`, else `general.signature`. Prints the order that matched
(`natural`, `byte-path` or `byte-line`); --strict accepts `natural` only.
Exit status 1 on a mismatch; 2 when the signature is missing or not a string.
"
        }
        _ => USAGE,
    };
    text.to_owned()
}

fn run(args: &Args) -> Result<Vec<u8>, Failure> {
    // The secret first: a missing secret is reported before waiting on stdin.
    let secret = if args.command.needs_secret() {
        Some(Secret::load(args.secret_file.as_deref())?)
    } else {
        None
    };
    let body = read_body(args.file.as_deref())?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::Bad(format!(
            "malformed JSON at byte {} (the body is empty)",
            body.len()
        )));
    }
    match (args.command, &secret) {
        (Command::Canonical, _) => engine::canonical_string(&body),
        (Command::Sign, Some(s)) => engine::sign(&body, args, s),
        (Command::SignBody, Some(s)) => engine::sign_body(&body, args, s),
        (Command::Verify, Some(s)) => engine::verify(&body, args, s),
        (command, None) => Err(Failure::Usage(format!(
            "`{}` needs a secret",
            command.name()
        ))),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Bad(format!("cannot write the output: {}", input::io_text(&e))))
}

fn main() -> ExitCode {
    let result = args::parse(std::env::args_os().skip(1)).and_then(|inv| match inv {
        Invocation::Help(topic) => write_stdout(help(topic).as_bytes()),
        Invocation::Version => {
            write_stdout(format!("monetix-gate {}\n", env!("CARGO_PKG_VERSION")).as_bytes())
        }
        Invocation::Run(args) => run(&args).and_then(|out| write_stdout(&out)),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let mut err = io::stderr().lock();
            for line in failure.lines() {
                let _ = writeln!(err, "monetix-gate: {line}");
            }
            ExitCode::from(failure.exit_code())
        }
    }
}
