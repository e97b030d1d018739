//! `callback --payout REQUEST.json [--method cambodia|colombia]`: the
//! payout request a callback must answer, and core's reconciliation of the
//! two ([`reconcile::check`]).
//!
//! REQUEST.json is the payout request as `payout` printed it (the signed
//! body that was sent), or the same fields `payout cambodia|colombia` reads.
//! It is read by core's request reader as the platform receives a request
//! ([`Mode::Received`]): the signature is ignored, and so are members the
//! request does not define; the method's bank table and the ambiguity rule
//! are not applied (the request was signed and sent already, and the bank
//! table may have changed since). Every other problem is a violation: a
//! request without a payment ID, amount or currency cannot be reconciled.
//!
//! The method is `--method`, else the one method whose request the file
//! reads as (both methods' requests carry the compared fields in the same
//! places, so a file that reads as both gives the same expectation).

use std::path::Path;

use monetix_gate::json::Document;
use monetix_gate::payout::read::{self, Mode, ReadError};
use monetix_gate::payout::{Method, Options};
use monetix_gate::reconcile::{self, Answer, Expected};
use monetix_gate::source::DocumentSource;
use monetix_gate::AmbiguousData;

use crate::fail::{core_error, Failure};
use crate::input::read_file;
use crate::payout::{read_measured, violation_lines};

/// How messages name the file.
const NAME: &str = "the --payout file";

/// What the payout request said: the fields reconciliation compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    project_id: i64,
    payment_id: String,
    amount: i64,
    currency: String,
}

impl Payout {
    /// Copies core's expectation of a request.
    fn of(e: &Expected<'_>) -> Self {
        Payout {
            project_id: e.project_id,
            payment_id: e.payment_id.to_owned(),
            amount: e.amount,
            currency: e.currency.to_owned(),
        }
    }

    /// Core's expectation of the request.
    pub fn expected(&self) -> Expected<'_> {
        Expected::new(
            self.project_id,
            &self.payment_id,
            self.amount,
            &self.currency,
        )
    }

    /// Checks a verified answer against the request: `Ok` if it matches,
    /// else every mismatch as one `path: expected X, found Y` line (core's
    /// `Display`; strings are quoted with their control characters escaped).
    pub fn check(&self, answer: &Answer<'_>) -> Result<(), Failure> {
        let mismatches = reconcile::check(answer, &self.expected());
        if mismatches.is_empty() {
            Ok(())
        } else {
            Err(Failure::Unmatched(
                mismatches.iter().map(ToString::to_string).collect(),
            ))
        }
    }
}

/// A core error about the file, named as such.
fn file_error(e: monetix_gate::Error) -> Failure {
    match core_error(e, None) {
        Failure::Bad(m) => Failure::Bad(format!("{NAME}: {m}")),
        other => other,
    }
}

/// Reads the payout request at `path` (at most `limit` bytes), as `method`'s
/// or, without one, as the one method's it reads as.
// The readers' `ReadError` carries its violations by value (core has no heap).
#[allow(clippy::result_large_err)]
pub fn read(path: &Path, method: Option<Method>, limit: u64) -> Result<Payout, Failure> {
    let bytes = read_file(path, limit, NAME, NAME)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::Bad(format!(
            "{NAME}: malformed JSON at byte {} (the file is empty)",
            bytes.len()
        )));
    }
    let doc: Document<'_> = Document::parse(&bytes).map_err(file_error)?;
    let src = DocumentSource::new(&doc);
    // The request was signed and sent already: what it holds is what the
    // answer must match, whatever today's bank table or ambiguity rule says.
    let opts = Options::new()
        .allow_unlisted_bank(true)
        .ambiguous_data(AmbiguousData::Allow);
    let mut problems: Vec<(Method, Vec<String>)> = Vec::new();
    for m in method.map_or(Method::ALL.to_vec(), |m| vec![m]) {
        let mut scratch = Vec::new();
        let read = match m {
            Method::Cambodia => read_measured(&mut scratch, |s| {
                read::cambodia(&src, Mode::Received, opts, s)
            })
            .map(|r| Payout::of(&Expected::from(&r.payout()))),
            Method::Colombia => read_measured(&mut scratch, |s| {
                read::colombia(&src, Mode::Received, opts, s)
            })
            .map(|r| Payout::of(&Expected::from(&r.payout()))),
        };
        match read {
            Ok(payout) => return Ok(payout),
            Err(ReadError::Invalid(violations)) => problems.push((m, violation_lines(&violations))),
            Err(ReadError::Error(e)) => return Err(file_error(e)),
        }
    }
    match problems.as_slice() {
        [(_, lines)] => Err(Failure::Invalid(
            lines
                .iter()
                .map(|l| format!("--payout file, {l}"))
                .collect(),
        )),
        _ => Err(Failure::Bad(format!(
            "{NAME} reads as no payout request of either method ({}): pass \
             --method cambodia|colombia to list its problems",
            problems
                .iter()
                .map(|(m, lines)| format!("{m}: {} problems", lines.len()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
