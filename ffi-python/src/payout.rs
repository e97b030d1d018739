//! Requests: read by core's one request reader ([`read`], `Mode::Build`)
//! over the fields mapping ([`crate::source`]), signed through core's
//! [`Request`] trait. Every rule (required fields, types, unknown members
//! and their hints, extras, validation) is the reader's; this module only
//! converts its violations and its buffer requests.

use monetix_gate::payout::read::{self, ReadError};
use monetix_gate::payout::{Method, Options, Request};
use monetix_gate::{Error, Signer};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::{Failure, Result, ViolationLine};
use crate::source::{Fields, Tree};

/// The reader's verdict as a [`Failure`] (its violations owned).
fn refused(e: ReadError<'_>) -> Failure {
    match e {
        ReadError::Invalid(violations) => {
            Failure::Validation(violations.iter().map(ViolationLine::from).collect())
        }
        ReadError::Error(err) => Failure::Core(err),
    }
}

/// The signed body of a request read without problems.
fn signed<'a, R: Request<'a>>(request: &R, signer: &Signer, opts: Options) -> Result<Vec<u8>> {
    let mut out = vec![0u8; request.encoded_len()];
    let n = request.sign_with(signer, &mut out, opts)?.len();
    out.truncate(n);
    Ok(out)
}

/// Runs `attempt` without scratch, and once more with the scratch the reader
/// asks for (keys and paths it has to compose, such as an unknown member's).
fn with_scratch(attempt: impl Fn(&mut [u8]) -> Result<Vec<u8>>) -> Result<Vec<u8>> {
    match attempt(&mut []) {
        Err(Failure::Core(Error::BufferTooSmall { needed })) => attempt(&mut vec![0u8; needed]),
        done => done,
    }
}

/// The options of a request signed by `signer`: ambiguous text is accepted
/// only if the signer was made with (or given for this call) the opt-in.
fn options(signer: &Signer, allow_unlisted_bank: bool) -> Options {
    Options::new()
        .allow_unlisted_bank(allow_unlisted_bank)
        .ambiguous_data(signer.ambiguous_data())
}

/// A signed payout request of `method` from a fields mapping.
pub(crate) fn payout<'py>(
    py: Python<'py>,
    method: Method,
    fields: &Bound<'py, PyAny>,
    signer: &Signer,
    allow_unlisted_bank: bool,
) -> Result<Bound<'py, PyBytes>> {
    let tree = Tree::of_fields(fields)?;
    let src = Fields::new(&tree);
    let opts = options(signer, allow_unlisted_bank);
    let body = with_scratch(|scratch| match method {
        Method::Cambodia => match read::cambodia(&src, read::Mode::Build, opts, scratch) {
            Ok(r) => signed(&r.payout(), signer, opts),
            Err(e) => Err(refused(e)),
        },
        Method::Colombia => match read::colombia(&src, read::Mode::Build, opts, scratch) {
            Ok(r) => signed(&r.payout(), signer, opts),
            Err(e) => Err(refused(e)),
        },
    })?;
    Ok(PyBytes::new(py, &body))
}

/// A signed status request from its fields (a [`Tree`]).
pub(crate) fn status<'py>(
    py: Python<'py>,
    tree: &Tree,
    signer: &Signer,
) -> Result<Bound<'py, PyBytes>> {
    let src = Fields::new(tree);
    let opts = options(signer, false);
    let body =
        with_scratch(
            |scratch| match read::status(&src, read::Mode::Build, opts, scratch) {
                Ok(r) => signed(&r.request(), signer, opts),
                Err(e) => Err(refused(e)),
            },
        )?;
    Ok(PyBytes::new(py, &body))
}

/// The expectation of [`monetix_gate::reconcile`] from a payout's fields
/// mapping: read by core's reader as each [`Method`] in turn (a mapping is a
/// request of at most one of them: each refuses the other's members), with
/// the bank table and ambiguity not checked (the request may have been sent
/// with either opt-in). Calls `check` with it.
pub(crate) fn expected<T>(
    fields: &Bound<'_, PyAny>,
    check: impl Fn(&monetix_gate::reconcile::Expected<'_>) -> T,
) -> Result<T> {
    let tree = Tree::of_fields(fields)?;
    let src = Fields::new(&tree);
    let opts = Options::new()
        .allow_unlisted_bank(true)
        .ambiguous_data(monetix_gate::AmbiguousData::Allow);
    let attempt = |method: Method, scratch: &mut [u8]| -> core::result::Result<T, Failure> {
        match method {
            Method::Cambodia => match read::cambodia(&src, read::Mode::Build, opts, scratch) {
                Ok(r) => Ok(check(&(&r.payout()).into())),
                Err(e) => Err(refused(e)),
            },
            Method::Colombia => match read::colombia(&src, read::Mode::Build, opts, scratch) {
                Ok(r) => Ok(check(&(&r.payout()).into())),
                Err(e) => Err(refused(e)),
            },
        }
    };
    // The violations of the method the fields are closest to (the fewest).
    let mut closest: Option<Vec<ViolationLine>> = None;
    for method in Method::ALL {
        let done = match attempt(method, &mut []) {
            Err(Failure::Core(Error::BufferTooSmall { needed })) => {
                attempt(method, &mut vec![0u8; needed])
            }
            done => done,
        };
        match done {
            Ok(value) => return Ok(value),
            Err(Failure::Validation(lines)) => {
                if closest.as_ref().is_none_or(|c| lines.len() < c.len()) {
                    closest = Some(lines);
                }
            }
            Err(other) => return Err(other),
        }
    }
    Err(Failure::Validation(closest.unwrap_or_default()))
}
