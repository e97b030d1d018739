//! `monetix-gate`: sign and verify Monetix Gate bodies from the command line.
//!
//! Run `monetix-gate --help` for the commands. Exit status: 0 on success,
//! 1 when a signature does not match (or a verified callback does not answer
//! the `--payout` it was checked against), 2 on bad input or usage (ambiguous
//! data included), 74 when the output cannot be written, with a one-line
//! message on stderr (validation failures: one `path: reason` line per
//! violation; reconciliation: one `path: expected X, found Y` line per
//! mismatch).

use std::io::{self, Write};
use std::process::ExitCode;

mod args;
mod batch;
mod engine;
mod fail;
mod input;
mod payout;
mod reconcile;
mod sandbox;
mod table;
mod view;

use monetix_gate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};

use args::{Args, Command, Invocation};
use fail::Failure;
use input::{read_body, Secret};
use table::{Table, LARGE_MAX_DEPTH, LARGE_MAX_VALUES};

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
  monetix-gate callback [--strict] [--payout REQUEST.json [--method M]] [FILE]
                                          verify a payout callback (and, with --payout,
                                          check that it answers that payout), print its
                                          typed view and outcome as JSON
  monetix-gate acknowledgement [FILE]     print a payout request's acknowledgement
                                          (accepted or rejected) as JSON
  monetix-gate sign-as-platform [FILE]    print a callback or response body signed as
                                          the platform signs it (top-level signature):
                                          a test-side tool for fixtures and fakes
  monetix-gate batch cambodia|colombia [--decimal-amounts] [--out-dir DIR] [FILE.csv]
                                          sign one payout per CSV row (JSON Lines)
  monetix-gate banks cambodia|colombia     list the method's bank table (ID, tab, name):
                                          the IDs account.bank_id takes
  monetix-gate sandbox [--listen ADDR] [--callback-url URL] [--time-scale F]
                                          a local Gate for integration tests
  monetix-gate help [COMMAND]             print this help, or a command's

The body is read from FILE, or from standard input when FILE is absent or `-`.

The secret (every command but `canonical` and `acknowledgement`) comes from the
environment variable MONETIX_SECRET, or from --secret-file PATH (which takes
precedence); one trailing line break in the file is not part of the secret. It
is never accepted on the command line: `--secret` is refused.

The secret file must be a regular file of at most 64 KiB: a FIFO, a device or a
directory is refused at once (never waited on); to hand the secret over from a
program, set MONETIX_SECRET. No message ever prints a path or an argument that
could be the secret typed in the wrong place (\"the FILE argument\", \"the
--secret-file path\").

Options:
  --secret-file PATH          read the secret from PATH (a regular file)
  --allow-suspicious-secret   accept a secret with leading/trailing whitespace or
                              invisible characters (normally refused: almost always
                              a copy-paste accident)
  --allow-ambiguous           (sign, sign-body, sign-as-platform, verify, payout,
                              status, callback) sign or verify ambiguous data (see
                              below). RISKY
  --max-body-bytes N          read at most N bytes of body (default 16777216,
                              16 MiB; at most 4294967295); a larger body is
                              refused (exit 2) without being read into memory
  --strict                    (verify, callback) accept the canonical (natural)
                              order only
  --allow-unlisted-bank       (payout) accept an account.bank_id outside the
                              method's bank table (the table may change)
  --endpoint                  (payout) print the endpoint path instead
  --payout REQUEST.json       (callback) the payout request the callback must
                              answer (`monetix-gate help callback`)
  --method cambodia|colombia  (callback, with --payout) the request's method
                              (default: detected from the request)
  -h, --help                  print help
  -V, --version               print the version

Ambiguous data: the canonical string escapes neither `;` nor `:`, so some bodies
can be re-split into a different body that carries the same signature. Every
command that signs or verifies refuses (exit 2), before any MAC is computed, a
body with
  - a key that is empty or contains `;` or `:`,
  - a string with a `;` followed, later in the same string, by a `:`,
  - an integer outside the signed 64-bit range, or a number with a fraction or
    an exponent and more than 14 significant digits, or non-zero below 1E-307
(`frame_mode` members and the signature itself are not checked; `canonical`
never refuses). The message names the first such member and the rule:
  monetix-gate: ambiguous signed data: PATH: RULE
  e.g. monetix-gate: ambiguous signed data: errors.0.message: a ';' followed by ':' could forge a signed line
(PATH is dotted, array indices are numbers; for a key: `key PATH.\"KEY\"`).
`payout` and `status` report such a field as one more `path: reason` line.
--allow-ambiguous signs and verifies such data as the platform does. Its risk:
data signed or verified with it can be re-split into a different, unambiguous
body that then verifies, and so can data signed by any other signer of the same
key (an official SDK, the platform itself). Use it only for data you produced and
must sign as it is; never to get a refused callback through.

A body read by `callback` or `acknowledgement` whose array holds an element with no
signed data (such as {} in `errors`) is refused too (exit 2, `unsigned array
element: ...`): no signature covers that element, so anyone could have added it.

Large bodies: a body is read into a table of its values (object members and
array elements). A body whose commas plus opening brackets number at most 512,
and whose opening brackets at most 16, is read with the default table (512
values, depth 16); any other with a table of 16384 values and depth 64 (on a
thread with a 4 MiB stack), enough for a callback with 3,000 errors[] items.
A body beyond those is refused (exit 2, `more JSON values than the limit (16384
...)` or `nesting deeper than the limit (64 ...)`): no option raises them.
`payout` and `status` read their fields with the default table.

Output is the result followed by one line break (sign-body, sign-as-platform:
unless the body already ends with one, since the signed copy keeps its bytes).

Exit status:
  0   success
  1   signature mismatch; or (callback --payout) a verified callback that does
      not answer the payout (one bare `path: expected X, found Y` line per
      mismatch): in either case, do not act on it
  2   bad input or usage, ambiguous data included (one line on stderr,
      `monetix-gate: MESSAGE`; a request that fails validation: one bare
      `path: reason` line per violation)
  74  the output could not be written (standard output closed or full)
";

fn help(topic: Option<&str>) -> String {
    let text = match topic {
        Some("canonical") => {
            "\
Usage: monetix-gate canonical [--max-body-bytes N] [FILE]

Prints the canonical string of the JSON body (the `path:value` lines in natural
order, joined with `;`) followed by a line break. `general.signature`, a top-level
`signature` and `frame_mode` members are left out: this is exactly what a request's
signature covers, the first thing to compare when a signature does not match.
No secret is needed. Ambiguous data is printed, never refused (see
`monetix-gate --help`): this is the tool to look at it.
"
        }
        Some("sign") => {
            "\
Usage: monetix-gate sign [--secret-file PATH] [--allow-suspicious-secret]
                         [--allow-ambiguous] [--max-body-bytes N] [FILE]

Prints the signature (88 characters of base64) of the request body, followed by a
line break. An existing `general.signature` or top-level `signature` is left out.
Ambiguous data is refused (exit 2) unless --allow-ambiguous is given: see
`monetix-gate --help` for the rules and the risk of the option.
"
        }
        Some("sign-body") => {
            "\
Usage: monetix-gate sign-body [--secret-file PATH] [--allow-suspicious-secret]
                              [--allow-ambiguous] [--max-body-bytes N] [FILE]

Prints the signed copy of the request body, followed by a line break: a top-level
`signature` is removed, `general.signature` is replaced or inserted (`general` is
created if absent), and every other byte is kept. A line break follows unless
the body already ends with one. Ambiguous data is refused (exit 2) unless
--allow-ambiguous is given: see `monetix-gate --help` for the rules and the risk.
"
        }
        Some("verify") => {
            "\
Usage: monetix-gate verify [--strict] [--secret-file PATH] [--allow-suspicious-secret]
                           [--allow-ambiguous] [--max-body-bytes N] [FILE]

Verifies a signed body (a callback or a signed response). The signature is the
top-level `signature`, else `general.signature`. Prints the order that matched
(`natural`, `byte-path` or `byte-line`); --strict accepts `natural` only.
Checked in this order: malformed input, a missing or non-string signature,
ambiguous data, then the signature itself.
Exit status 1 on a mismatch; 2 when the signature is missing or not a string, or
the body holds ambiguous data (`monetix-gate: ambiguous signed data: PATH: RULE`):
such a body may be a forgery re-split from a genuine signed one, and is refused
whether or not its signature matches. --allow-ambiguous verifies it anyway; its
risk: a body re-split from data signed by any holder of the key then verifies.
"
        }
        Some("payout") => {
            "\
Usage: monetix-gate payout cambodia|colombia [--allow-unlisted-bank]
                           [--secret-file PATH] [--allow-suspicious-secret]
                           [--allow-ambiguous] [--max-body-bytes N] [FILE]
       monetix-gate payout cambodia|colombia --endpoint

Reads the request fields as a JSON object in the shape of the request body
(`general`, `customer`, `account`, `payment`; no signature), validates them and
prints the signed body followed by a line break. Absent and `null` fields are
absent. A member the request does not have is refused (`customer.emial: unknown
parameter (...); did you mean customer.email?`): other Gate parameters go in the
top-level `extras` object, by dotted path, each a string, an integer or a
boolean, validated and signed where the path puts them:
  {\"general\": {...}, ..., \"extras\": {\"customer.country\": \"KH\"}}

When reading or validation fails, nothing is printed on stdout, every problem is
printed on stderr as one `path: reason` line, and the exit status is 2.

A text field (or extra parameter) with a `;` followed later by a `:` is a
violation (`path: a ';' followed by ':' could forge a signed line`) unless
--allow-ambiguous is given. Its risk: the signed request can be re-split into a
different body, such as a callback reading final success, that verifies under
the same key.

--allow-unlisted-bank lets an account.bank_id outside the method's bank table
through (the seeds warn the table may change without notice).
--endpoint prints the method's endpoint path (neither the fields nor the secret
are read): /v2/payment/banks/cambodia/payout, /v2/payment/bank-transfer/colombia/payout.
"
        }
        Some("status") => {
            "\
Usage: monetix-gate status [--secret-file PATH] [--allow-suspicious-secret]
                           [--allow-ambiguous] [--max-body-bytes N] [FILE]

Reads {\"general\":{\"project_id\":...,\"payment_id\":\"...\"}} and prints the signed
payment status request body (POST /v2/payment/status) followed by a line break.
Any other member is refused; violations are reported as for `payout`, an
ambiguous payment_id included (accepted with --allow-ambiguous, at the risk
described in `monetix-gate --help`).
"
        }
        Some("callback") => {
            "\
Usage: monetix-gate callback [--strict] [--payout REQUEST.json [--method cambodia|colombia]]
                             [--secret-file PATH] [--allow-suspicious-secret]
                             [--allow-ambiguous] [--max-body-bytes N] [FILE]

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
field of the wrong type, ambiguous data as for `verify`, an array element with no
signed data, ...). Fields the signature cannot tell from absent ones (null, \"\",
{}) read as absent (null). An integer beyond the signed 64-bit range in a known
field is the wrong type, even with --allow-ambiguous.

A valid signature proves the platform sent the callback, not that it answers
your payout. With --payout REQUEST.json, the verified callback is also checked
against that payout request: project_id against general.project_id, payment.id
against general.payment_id, and payment.sum and operation.sum_initial (amount
and currency) against payment.amount and payment.currency; an absent member is
a mismatch too. REQUEST.json is the signed request body `payout` printed (what
was sent), or the fields `payout cambodia|colombia` reads; its signature and
members the request does not define are ignored, and neither the bank table nor
the ambiguity rule is applied (the request was sent already). --method names
its method; without it, the method is the one the request reads as. A request
that cannot be read is bad input (exit 2; its problems as `--payout file, path:
reason` lines). If the callback does not answer the payout, nothing is printed
on stdout, every mismatch is printed on stderr as one bare line
  payment.sum.amount: expected 5000000, found 4000000
and the exit status is 1, as for a signature mismatch: do not act on it.

Large callbacks (thousands of errors[] items) are read with a larger table: see
`monetix-gate --help`, \"Large bodies\". The view keeps the first 8 errors and
prints `errors_total`, the number of items, when there are more.
"
        }
        Some("acknowledgement") => {
            "\
Usage: monetix-gate acknowledgement [--max-body-bytes N] [FILE]

Reads the platform's immediate answer to a payout request and prints it as JSON:
`verdict` (`accepted` or `rejected`), `reason` (for a rejection), `status`,
`request_id`, `project_id`, `payment_id`, `code`, `message` and `errors`.
Accepted only when status is `success`, code is absent or 0 and there are no
errors. Exit status 0 for either verdict (a rejection is a valid answer); 2 on
bad input. Acknowledgements are not signed: no secret is needed, nothing is
verified, and --allow-ambiguous does not apply.
"
        }
        Some("sign-as-platform") => {
            "\
Usage: monetix-gate sign-as-platform [--secret-file PATH] [--allow-suspicious-secret]
                                     [--allow-ambiguous] [--max-body-bytes N] [FILE]

A test-side tool: signs a callback or response body as the platform signs it,
for fixtures, fake platforms and tests of a receiver. A merchant never needs it
in production (requests are signed with `sign-body` or `payout`).

Prints the body with its top-level `signature` set, followed by a line break
unless the body already ends with one: the value of an existing top-level
`signature` is replaced, else the member is appended; every other byte is kept.
The signature covers every other line, a `general.signature` included (it is
ordinary data there), so `verify` and `callback` accept the copy. Ambiguous data
is refused (exit 2) unless --allow-ambiguous is given: see `monetix-gate --help`
for the rules and the risk. Large bodies as in `monetix-gate --help`.
"
        }
        Some("batch") => {
            "\
Usage: monetix-gate batch cambodia|colombia [--decimal-amounts] [--out-dir DIR]
                          [--allow-unlisted-bank] [--secret-file PATH]
                          [--allow-suspicious-secret] [--allow-ambiguous]
                          [--max-body-bytes N] [FILE.csv]

Reads a CSV file (RFC 4180, UTF-8, a header row) of payouts, one per row, and
prints one signed request body per row as JSON Lines, in the rows' order (with
--out-dir DIR: one file per row instead, row-LINE-PAYMENT_ID.json, in DIR,
which may not already hold any of them), then a summary on stderr: the rows
signed and the total per currency.

Columns are named by the Gate parameter paths of the method: general.project_id,
general.payment_id, general.merchant_callback_url, customer.id, account.bank_id,
payment.amount, payment.currency, ... A column extras.PATH is the extra Gate
parameter PATH (extras.customer.country), a string. An empty cell is an absent
field. general.project_id, account.bank_id and payment.amount are integers;
payment.amount is in minor units (5000000 for 50,000.00 KHR), or, with
--decimal-amounts, a decimal amount in the row's payment.currency (50000.00).

Every row is read and validated by the same rules as `payout`, and payment IDs
must be unique within the file. Nothing is written unless every row is valid:
otherwise every problem is printed on stderr as one line,
  row N, column PATH: reason
(N is the line the row starts on; the header is line 1), and the exit status is
2. A malformed file (invalid UTF-8, bad quoting, a row with another number of
fields than the header, an unknown, repeated or missing required column) is
refused with the line named. The file is read whole: at most --max-body-bytes
(default for batch 268435456, 256 MiB).
"
        }
        Some("sandbox") => {
            "\
Usage: monetix-gate sandbox [--listen ADDR] [--listen-beyond-loopback]
                            [--callback-url URL] [--allow-non-loopback-callbacks]
                            [--time-scale F] [--max-attempts N] [--log FILE]
                            [--allow-unlisted-bank] [--max-body-bytes N]
                            [--secret-file PATH] [--allow-suspicious-secret]
                            [--allow-ambiguous]

A local Gate for integration tests. It listens on ADDR (default 127.0.0.1:8090;
port 0 picks a free one) and prints the URL it listens on (http://127.0.0.1:PORT)
as the first line on stdout. It takes POST on the payout endpoints
(/v2/payment/banks/cambodia/payout, /v2/payment/bank-transfer/colombia/payout)
and on /v2/payment/status; verifies each request's signature strictly with the
secret (MONETIX_SECRET or --secret-file) and reads it as the platform receives
it. A payout is acknowledged ({\"status\":\"success\", request_id, project_id,
payment_id}); anything else gets {\"status\":\"error\", code, message, errors[]}:
  3261 invalid signature           3262 empty signature
  2004 a required field is missing, or any other validation failure (every
       violation in errors[], each with field and message)
  3041 payment ID already exists   3404 status request for an unknown payment
  1404 unknown endpoint, or not POST (HTTP 404/405)
  1400 not a JSON request: wrong Content-Type, malformed JSON, too large,
       no Content-Length (HTTP 400/411/413/415/431)
Then it sends the payout's callbacks, signed as the platform signs them (a
top-level signature), to general.merchant_callback_url, else --callback-url.
The outcome follows payment.amount in minor units: ending in 01 declines (code
20000), ending in 02 is processing, then success (10 s after the processing
callback was delivered or given up), anything else succeeds. A callback not
answered with HTTP 200 is sent again: six tries 10 s apart, then the interval
doubles up to 4 hours, at most 120 attempts (--max-attempts N lowers it);
--time-scale F multiplies every interval (0.001 makes 10 s into 10 ms). The
status request gets the payout's current state, signed.

Every request, answer and callback attempt is one JSON line on stderr (or
appended to --log FILE). SIGINT or SIGTERM stops it cleanly (exit 0).

It listens on loopback only unless --listen-beyond-loopback is given (then
anyone who can reach the address can use it with the secret), and sends
callbacks to loopback addresses only (127.0.0.0/8, [::1], localhost) unless
--allow-non-loopback-callbacks is given (then a request can make it post to any
host). Callbacks go over plain http://. A request body is at most
--max-body-bytes (default for the sandbox 1048576, 1 MiB).
"
        }
        _ => USAGE,
    };
    text.to_owned()
}

fn run(args: &Args) -> Result<Vec<u8>, Failure> {
    if let Command::Banks(method) = args.command {
        // The table `account.bank_id` is checked against: ID, a tab, the name.
        let mut out = String::new();
        for bank in method.banks() {
            out.push_str(&format!("{}\t{}\n", bank.id, bank.name));
        }
        return Ok(out.into_bytes());
    }
    if let (Command::Payout(method), true) = (args.command, args.endpoint) {
        // Only the path: neither the fields nor the secret are read.
        return Ok(format!("{}\n", method.endpoint()).into_bytes());
    }
    // The secret first: a missing secret is reported before waiting on stdin.
    let secret = if args.command.needs_secret() {
        Some(Secret::load(args.secret_file.as_deref())?)
    } else {
        None
    };
    if let (Command::Sandbox, Some(s)) = (args.command, &secret) {
        return sandbox::run(args, s);
    }
    let limit = match args.command {
        Command::Batch(_) if !args.max_body_bytes_given => batch::DEFAULT_MAX_FILE_BYTES,
        _ => args.max_body_bytes,
    };
    let body = read_body(args.file.as_deref(), limit)?;
    if let (Command::Batch(method), Some(s)) = (args.command, &secret) {
        return batch::run(method, &body, args, s);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::Bad(format!(
            "malformed JSON at byte {} (the body is empty)",
            body.len()
        )));
    }
    // The payout a callback must answer: read first, since nothing can be
    // concluded about a callback without it.
    let payout = match &args.payout {
        Some(path) => Some(reconcile::read(path, args.method, args.max_body_bytes)?),
        None => None,
    };
    let (body, secret, payout) = (&body, secret.as_ref(), payout.as_ref());
    // The table the body fits in (see `table`), on a stack it fits on.
    let table = Table::for_body(body);
    table.run(|| match table {
        Table::Default => {
            dispatch::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>(args, body, secret, payout)
        }
        Table::Large => dispatch::<LARGE_MAX_VALUES, LARGE_MAX_DEPTH>(args, body, secret, payout),
    })
}

/// Runs the command on `body` with the table `V` values, depth `D`.
fn dispatch<const V: usize, const D: usize>(
    args: &Args,
    body: &[u8],
    secret: Option<&Secret>,
    payout: Option<&reconcile::Payout>,
) -> Result<Vec<u8>, Failure> {
    match (args.command, secret) {
        (Command::Canonical, _) => engine::canonical_string::<V, D>(body),
        (Command::Sign, Some(s)) => engine::sign::<V, D>(body, args, s),
        (Command::SignBody, Some(s)) => engine::sign_body::<V, D>(body, args, s),
        (Command::SignAsPlatform, Some(s)) => engine::sign_as_platform::<V, D>(body, args, s),
        (Command::Verify, Some(s)) => engine::verify::<V, D>(body, args, s),
        // Requests are read with core's default table whatever the body.
        (Command::Payout(method), Some(s)) => payout::request(Some(method), body, args, s),
        (Command::Status, Some(s)) => payout::request(None, body, args, s),
        (Command::Callback, Some(s)) => view::callback::<V, D>(body, args, s, payout),
        (Command::Acknowledgement, _) => view::acknowledgement::<V, D>(body),
        (Command::Sandbox | Command::Batch(_) | Command::Banks(_), _) => Err(Failure::Usage(
            format!("`{}` needs a secret", args.command.name()),
        )),
        (command, None) => Err(Failure::Usage(format!(
            "`{}` needs a secret",
            command.name()
        ))),
    }
}

/// Writes the result; a failure (a closed pipe, a full disk) is its own exit
/// status, never a panic. SIGPIPE is ignored by the Rust runtime, so a
/// closed pipe is an `EPIPE` error here.
fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| {
            Failure::Output(format!(
                "cannot write to standard output: {}",
                input::io_text(&e)
            ))
        })
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
                // Validation and reconciliation reports are bare
                // `path: reason` lines.
                let _ = match failure {
                    Failure::Invalid(_) | Failure::Unmatched(_) => writeln!(err, "{line}"),
                    _ => writeln!(err, "monetix-gate: {line}"),
                };
            }
            ExitCode::from(failure.exit_code())
        }
    }
}
