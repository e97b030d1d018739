//! `payout cambodia|colombia` and `status`: the request fields (JSON in the
//! seeds' shape) read by core's request reader, [`read`] in
//! [`Mode::Build`], then signed by core.
//!
//! Every rule is core's: parsing (malformed JSON, duplicate keys), absent
//! fields, wrong types, unknown members (with a hint for a typo), extra
//! parameters (only through the top-level `"extras"` object) and validation.
//! This module converts types and errors: one `path: reason` line per
//! violation, as core's `Display` prints it.

use monetix_gate::json::Document;
use monetix_gate::payout::read::{self, Mode, ReadError};
use monetix_gate::payout::{Method, Options, Request, Violation, Violations};
use monetix_gate::source::DocumentSource;
use monetix_gate::Error;

use crate::args::Args;
use crate::fail::{core_error, one_line, Failure};
use crate::input::{ambiguous_data, Secret};

/// The longest path a report line shows (in characters); the rest is `...`.
const SHOWN_PATH_CHARS: usize = 200;

/// Core's violations as report lines. A path from the input (an unknown
/// member's key) is shown with its control characters escaped, so it can
/// neither make a line of its own nor send terminal control sequences, and
/// cut at [`SHOWN_PATH_CHARS`].
fn invalid(violations: &Violations<'_>) -> Failure {
    Failure::Invalid(violation_lines(violations))
}

/// Core's violations as `path: reason` lines, as [`invalid`] prints them.
pub fn violation_lines(violations: &Violations<'_>) -> Vec<String> {
    violations
        .iter()
        .map(|v| {
            let mut path = one_line(&v.path.chars().take(SHOWN_PATH_CHARS).collect::<String>());
            if v.path.chars().nth(SHOWN_PATH_CHARS).is_some() {
                path.push_str("...");
            }
            Violation { path: &path, ..*v }.to_string()
        })
        .collect()
}

/// [`read_measured`], its errors as a failure.
fn read_fields<'a, T>(
    scratch: &'a mut Vec<u8>,
    reader: impl Fn(&'a mut [u8]) -> Result<T, ReadError<'a>>,
) -> Result<T, Failure> {
    read_measured(scratch, reader).map_err(|e| match e {
        ReadError::Invalid(violations) => invalid(&violations),
        ReadError::Error(e) => core_error(e, None),
    })
}

/// Runs core's reader measure-first: without scratch, then, if it names the
/// size it needs, once more with exactly that much of `scratch`.
// The readers' `ReadError` carries its violations by value (core has no heap).
#[allow(clippy::result_large_err)]
pub fn read_measured<'a, T>(
    scratch: &'a mut Vec<u8>,
    reader: impl Fn(&'a mut [u8]) -> Result<T, ReadError<'a>>,
) -> Result<T, ReadError<'a>> {
    match reader(&mut []) {
        Err(ReadError::Error(Error::BufferTooSmall { needed })) => {
            scratch.resize(needed, 0);
            reader(scratch)
        }
        other => other,
    }
}

/// Signs a request read and validated by core: the body, then `\n`.
fn signed<'a>(
    request: &impl Request<'a>,
    opts: Options,
    args: &Args,
    secret: &Secret,
) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    let mut out = vec![0u8; request.encoded_len().saturating_add(1)];
    let used = request
        .sign_with(&signer, &mut out, opts)
        .map_err(|e| core_error(e, None))?
        .len();
    out.truncate(used);
    out.push(b'\n');
    Ok(out)
}

/// `payout METHOD` (`method` given) or `status` (`None`): the signed
/// request body, then `\n`.
// The readers' `ReadError` carries its violations by value (core has no heap).
#[allow(clippy::result_large_err)]
pub fn request(
    method: Option<Method>,
    body: &[u8],
    args: &Args,
    secret: &Secret,
) -> Result<Vec<u8>, Failure> {
    let doc: Document<'_> = Document::parse(body).map_err(|e| core_error(e, None))?;
    let src = DocumentSource::new(&doc);
    let opts = Options::new()
        .allow_unlisted_bank(args.allow_unlisted_bank)
        .ambiguous_data(ambiguous_data(args));
    let mut scratch = Vec::new();
    match method {
        Some(Method::Cambodia) => {
            let read = read_fields(&mut scratch, |s| read::cambodia(&src, Mode::Build, opts, s))?;
            signed(&read.payout(), opts, args, secret)
        }
        Some(Method::Colombia) => {
            let read = read_fields(&mut scratch, |s| read::colombia(&src, Mode::Build, opts, s))?;
            signed(&read.payout(), opts, args, secret)
        }
        None => {
            let read = read_fields(&mut scratch, |s| read::status(&src, Mode::Build, opts, s))?;
            signed(&read.request(), opts, args, secret)
        }
    }
}
