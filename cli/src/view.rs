//! `callback` and `acknowledgement`: the core's typed views printed as JSON with
//! core's `Serialize` (feature `serde`), plus what only the CLI adds: the
//! `outcome` of a callback, the `verdict` and `reason` of an acknowledgement,
//! and `errors_total` when the view kept only the first errors.
//!
//! Every known field is printed; an absent one (core reads `null`, `""` and
//! empty containers as absent) is `null`. Codes keep the JSON type they
//! arrived with (string or integer); statuses are printed as received.

use monetix_gate::callback::{self, ErrorList};
use monetix_gate::json::Document;
use monetix_gate::reconcile::Answer;
use monetix_gate::response::{self, Acknowledgement};
use monetix_gate::Mode;
use serde_json::{to_value, Map, Value};

use crate::args::Args;
use crate::engine::{mode, verify_failure};
use crate::fail::Failure;
use crate::input::Secret;
use crate::reconcile::Payout;
use crate::table;

/// Serialising core's views and plain values does not fail; if it ever did,
/// it is an error, never a panic.
fn unprintable(e: serde_json::Error) -> Failure {
    Failure::Bad(format!("cannot print the view: {e}"))
}

/// The JSON object: the `head` members first, then `view`'s members but
/// `order` (an acknowledgement read without verification has none to print;
/// a callback's goes in `head`), then `errors_total` if `errors` is cut.
fn print(
    head: [(&str, Value); 2],
    view: Value,
    errors: &ErrorList<'_>,
) -> Result<Vec<u8>, Failure> {
    let mut out: Map<String, Value> = head.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    if let Value::Object(members) = view {
        out.extend(members.into_iter().filter(|(k, _)| k != "order"));
    }
    if errors.is_truncated() {
        out.insert("errors_total".to_owned(), Value::from(errors.total()));
    }
    let mut text = serde_json::to_vec_pretty(&out).map_err(unprintable)?;
    text.push(b'\n');
    Ok(text)
}

/// `callback`: verifies, then prints the typed view with its outcome. With
/// `payout` (`--payout`), the verified callback must also answer that payout
/// request: otherwise every mismatch is reported and nothing is printed.
pub fn callback<const V: usize, const D: usize>(
    body: &[u8],
    args: &Args,
    secret: &Secret,
    payout: Option<&Payout>,
) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    // A scratch as long as the body always suffices (core's docs).
    let mut scratch = vec![0u8; body.len()];
    let cb = callback::parse_with_limits::<V, D>(body, &signer, mode(args), &mut scratch)
        .map_err(|e| verify_failure::<V, D>(e, body, args))?;
    if let Some(payout) = payout {
        payout.check(&Answer::from(cb))?;
    }
    let head = [
        ("outcome", to_value(cb.outcome()).map_err(unprintable)?),
        ("order", to_value(cb.order).map_err(unprintable)?),
    ];
    print(head, to_value(cb).map_err(unprintable)?, &cb.errors)
}

/// `acknowledgement`: the typed acknowledgement of a payout request,
/// accepted or rejected. Acknowledgements are not signed, so nothing is
/// verified. Read as core's `response::parse_unsigned_acknowledgement` reads
/// it, with the table `V`, `D` (core's reader of a parsed document).
pub fn acknowledgement<const V: usize, const D: usize>(body: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut scratch = vec![0u8; body.len()];
    let scratch = scratch.as_mut_slice();
    let ack: Acknowledgement<'_> = Document::<V, D>::parse_then(body, move |doc| {
        response::acknowledgement_document(doc, None, Mode::Tolerant, scratch)
    })
    .and_then(|r| r)
    .map_err(|e| table::error::<V, D>(e, body))?;
    let reason = if ack.is_accepted() {
        None
    } else {
        ack.reason()
    };
    let head = [
        ("verdict", to_value(ack.verdict()).map_err(unprintable)?),
        ("reason", Value::from(reason)),
    ];
    print(head, to_value(ack).map_err(unprintable)?, &ack.errors)
}
