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
mod payout;
mod view;

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
  monetix-gate payout cambodia|colombia [--allow-unlisted-bank] [FILE]
                                          build, validate and sign a payout request
                                          from its fields (JSON), print the body
  monetix-gate payout cambodia|colombia --endpoint
                                          print the method's endpoint path
  monetix-gate status [FILE]              the same for a payment status request
  monetix-gate callback [--strict] [FILE] verify a payout callback, print its typed
                                          view and outcome as JSON
  monetix-gate response [FILE]            print a payout request's acknowledgement
                                          (accepted or rejected) as JSON
  monetix-gate help [COMMAND]             print this help, or a command's

The body is read from FILE, or from standard input when FILE is absent or `-`.

The secret (every command but `canonical` and `response`) comes from the
environment variable MONETIX_SECRET, or from --secret-file PATH (which takes
precedence); one trailing line break in the file is not part of the secret. It
is never accepted on the command line: `--secret` is refused.

Options:
  --secret-file PATH          read the secret from PATH
  --allow-suspicious-secret   accept a secret with leading/trailing whitespace or
                              invisible characters (normally refused: almost always
                              a copy-paste accident)
  --strict                    (verify, callback) accept the canonical (natural)
                              order only
  --allow-unlisted-bank       (payout) accept an account.bank_id outside the
                              method's bank table (the table may change)
  --endpoint                  (payout) print the endpoint path instead
  -h, --help                  print help
  -V, --version               print the version

Output is the result followed by one line break (sign-body: unless the body
already ends with one, since the signed copy keeps its bytes). Exit status: 0 success,
1 signature mismatch, 2 bad input or usage (one-line message on stderr; a request
that fails validation: one `path: reason` line per violation).
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
        Some("payout") => {
            "\
Usage: monetix-gate payout cambodia|colombia [--allow-unlisted-bank]
                           [--secret-file PATH] [--allow-suspicious-secret] [FILE]
       monetix-gate payout cambodia|colombia --endpoint

Reads the request fields as a JSON object in the shape of the request body
(`general`, `customer`, `account`, `payment`; no signature), validates them and
prints the signed body followed by a line break. Any other member (for example
`customer.country`) is sent as an extra parameter, validated and signed like the
rest: a string, an integer or a boolean, in nested objects (keys without `.`).

When validation fails, nothing is printed on stdout, every violation is printed
on stderr as one `path: reason` line, and the exit status is 2.

--allow-unlisted-bank lets an account.bank_id outside the method's bank table
through (the seeds warn the table may change without notice).
--endpoint prints the method's endpoint path (neither the fields nor the secret
are read): /v2/payment/banks/cambodia/payout, /v2/payment/bank-transfer/colombia/payout.
"
        }
        Some("status") => {
            "\
Usage: monetix-gate status [--secret-file PATH] [--allow-suspicious-secret] [FILE]

Reads {\"general\":{\"project_id\":...,\"payment_id\":\"...\"}} and prints the signed
payment status request body (POST /v2/payment/status) followed by a line break.
Violations are reported as for `payout`.
"
        }
        Some("callback") => {
            "\
Usage: monetix-gate callback [--strict] [--secret-file PATH] [--allow-suspicious-secret] [FILE]

Verifies a payout callback (tolerant by default, --strict for the natural order
only) and, only if it verifies, prints its typed view as JSON: `outcome`
(`final_success`, `final_failure` or `pending`), the `order` that matched,
`project_id`, `payment`, `customer`, `operation` and `errors`. Absent fields are
null; codes keep their JSON type.

Outcome: final_success only when payment.status and operation.status are both
`success` and operation.code is 0 (string or number); final_failure when either
status is decline, error, internal error, external error, cancelled or canceled;
pending otherwise (settle it with a status request).
Exit status 1 on a signature mismatch; 2 on bad input (missing signature, a known
field of the wrong type, ...).
"
        }
        Some("response") => {
            "\
Usage: monetix-gate response [FILE]

Reads the platform's immediate answer to a payout request and prints it as JSON:
`verdict` (`accepted` or `rejected`), `reason` (for a rejection), `status`,
`request_id`, `project_id`, `payment_id`, `code`, `message` and `errors`.
Accepted only when status is `success`, code is absent or 0 and there are no
errors. Exit status 0 for either verdict (a rejection is a valid answer); 2 on
bad input. Acknowledgements are not signed: no secret is needed.
"
        }
        _ => USAGE,
    };
    text.to_owned()
}

fn run(args: &Args) -> Result<Vec<u8>, Failure> {
    if let (Command::Payout(method), true) = (args.command, args.endpoint) {
        // Only the path: neither the fields nor the secret are read.
        return Ok(format!("{}\n", payout::endpoint(method)).into_bytes());
    }
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
        (Command::Payout(method), Some(s)) => payout::payout(method, &body, args, s),
        (Command::Status, Some(s)) => payout::status(&body, args, s),
        (Command::Callback, Some(s)) => view::callback(&body, args, s),
        (Command::Response, _) => view::response(&body),
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
                // Validation reports are bare `path: reason` lines.
                let _ = match failure {
                    Failure::Invalid(_) => writeln!(err, "{line}"),
                    _ => writeln!(err, "monetix-gate: {line}"),
                };
            }
            ExitCode::from(failure.exit_code())
        }
    }
}
