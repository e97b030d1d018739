//! Reconciliation: does a verified callback (or status response) answer the
//! payout you made?
//!
//! A valid signature proves the platform sent the body, not that it is about
//! *your* payout with *your* amount: payment libraries have shipped exactly
//! that bug (a signed callback for another amount or currency completing an
//! order). [`check`] compares what the body says with what the request said
//! and lists every mismatch by path:
//!
//! | path | compared with |
//! |---|---|
//! | `project_id` | the request's `general.project_id` |
//! | `payment.id` | the request's `general.payment_id` |
//! | `payment.sum.amount`, `payment.sum.currency` | `payment.amount`, `payment.currency` |
//! | `operation.sum_initial.amount`, `operation.sum_initial.currency` | `payment.amount`, `payment.currency` |
//! | `operation.sum_converted.amount`, `operation.sum_converted.currency` | only when an expected converted sum is given |
//!
//! A member the body does not carry is a mismatch too ([`Found::Absent`]):
//! an answer that does not say what it is about cannot be matched.
//!
//! ```
//! use monetix_gate::reconcile::{self, Expected};
//! # use monetix_gate::{callback, sign, Mode};
//! # let unsigned = r#"{"project_id":1234,"payment":{"id":"payment_47","sum":{"amount":5000000,"currency":"KHR"}},"operation":{"sum_initial":{"amount":4000000,"currency":"KHR"}}}"#;
//! # let sig = sign(unsigned.as_bytes(), b"secret")?;
//! # let body = format!("{},\"signature\":\"{sig}\"}}", &unsigned[..unsigned.len() - 1]);
//! let cb = callback::parse(body.as_bytes(), b"secret", Mode::Strict, &mut [])?;
//! let expected = Expected::new(1234, "payment_47", 5_000_000, "KHR");
//! let mismatches = reconcile::check(&cb.into(), &expected);
//! assert_eq!(mismatches.len(), 1);
//! assert_eq!(
//!     mismatches[0].to_string(),
//!     "operation.sum_initial.amount: expected 5000000, found 4000000"
//! );
//! # Ok::<(), monetix_gate::Error>(())
//! ```

use core::fmt;

use crate::callback::{Callback, Operation, Payment, Sum};
use crate::payout::{cambodia, colombia};
use crate::response::StatusResponse;

/// What the payout request said (and, optionally, the converted sum the
/// caller expects).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected<'a> {
    /// `general.project_id` of the request.
    pub project_id: i64,
    /// `general.payment_id` of the request.
    pub payment_id: &'a str,
    /// `payment.amount` of the request, in minor units.
    pub amount: i64,
    /// `payment.currency` of the request.
    pub currency: &'a str,
    /// The converted sum to expect in `operation.sum_converted`, if the
    /// caller knows it (amount in minor units, currency); `None` leaves
    /// `operation.sum_converted` unchecked.
    pub converted: Option<(i64, &'a str)>,
}

impl<'a> Expected<'a> {
    /// The expectation of a request with these fields (no converted sum).
    #[must_use]
    pub const fn new(project_id: i64, payment_id: &'a str, amount: i64, currency: &'a str) -> Self {
        Expected {
            project_id,
            payment_id,
            amount,
            currency,
            converted: None,
        }
    }

    /// The same, also expecting `operation.sum_converted` to be `amount` of
    /// `currency`.
    #[must_use]
    pub const fn with_converted(self, amount: i64, currency: &'a str) -> Self {
        Expected {
            converted: Some((amount, currency)),
            ..self
        }
    }
}

impl<'a> From<&cambodia::Payout<'a>> for Expected<'a> {
    fn from(p: &cambodia::Payout<'a>) -> Self {
        Expected::new(
            p.general.project_id,
            p.general.payment_id,
            p.payment.amount,
            p.payment.currency,
        )
    }
}

impl<'a> From<&colombia::Payout<'a>> for Expected<'a> {
    fn from(p: &colombia::Payout<'a>) -> Self {
        Expected::new(
            p.general.project_id,
            p.general.payment_id,
            p.payment.amount,
            p.payment.currency,
        )
    }
}

/// The parts of a verified body that reconciliation reads: built from a
/// [`Callback`] or a [`StatusResponse`] (`.into()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer<'a> {
    /// `project_id`.
    pub project_id: Option<u64>,
    /// `payment`.
    pub payment: Option<Payment<'a>>,
    /// `operation` (a status response's last operation).
    pub operation: Option<Operation<'a>>,
}

impl<'a> From<Callback<'a>> for Answer<'a> {
    fn from(cb: Callback<'a>) -> Self {
        Answer {
            project_id: cb.project_id,
            payment: cb.payment,
            operation: cb.operation,
        }
    }
}

impl<'a> From<StatusResponse<'a>> for Answer<'a> {
    fn from(r: StatusResponse<'a>) -> Self {
        Answer {
            project_id: r.project_id,
            payment: r.payment,
            operation: r.operation,
        }
    }
}

/// A value found in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found<'a> {
    /// The member is absent (or `null`/`""`, which sign alike).
    Absent,
    /// An integer.
    Int(i64),
    /// A string.
    Str(&'a str),
}

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Found::Absent => f.write_str("nothing"),
            Found::Int(v) => write!(f, "{v}"),
            Found::Str(s) => write!(f, "{s:?}"),
        }
    }
}

/// One difference between the body and the request.
///
/// `Display`: `payment.sum.amount: expected 5000000, found 4000000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mismatch<'a, 'e> {
    /// The dotted path in the body.
    pub path: &'static str,
    /// What the request said.
    pub expected: Found<'e>,
    /// What the body says.
    pub found: Found<'a>,
}

impl fmt::Display for Mismatch<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, found {}",
            self.path, self.expected, self.found
        )
    }
}

/// The most mismatches [`check`] can report: one per compared member.
pub const MAX_MISMATCHES: usize = 8;

/// Every mismatch, in the order of the table in the module docs.
pub type Mismatches<'a, 'e> = heapless::Vec<Mismatch<'a, 'e>, MAX_MISMATCHES>;

/// Compares a verified body with the request it should answer; empty means
/// it matches.
#[must_use]
pub fn check<'a, 'e>(answer: &Answer<'a>, expected: &Expected<'e>) -> Mismatches<'a, 'e> {
    let mut out = Mismatches::new();
    let mut push = |path, expected: Found<'e>, found: Found<'a>| {
        if expected != found {
            // Cannot fail: at most 8 comparisons.
            let _ = out.push(Mismatch {
                path,
                expected,
                found,
            });
        }
    };
    let project = answer
        .project_id
        .and_then(|id| i64::try_from(id).ok())
        .map_or(Found::Absent, Found::Int);
    push("project_id", Found::Int(expected.project_id), project);
    let payment = answer.payment;
    push(
        "payment.id",
        Found::Str(expected.payment_id),
        payment.and_then(|p| p.id).map_or(Found::Absent, Found::Str),
    );
    let amount = Found::Int(expected.amount);
    let currency = Found::Str(expected.currency);
    let sum = payment.and_then(|p| p.sum);
    push("payment.sum.amount", amount, int(sum));
    push("payment.sum.currency", currency, text(sum));
    let initial = answer.operation.and_then(|o| o.sum_initial);
    push("operation.sum_initial.amount", amount, int(initial));
    push("operation.sum_initial.currency", currency, text(initial));
    if let Some((amount, currency)) = expected.converted {
        let converted = answer.operation.and_then(|o| o.sum_converted);
        push(
            "operation.sum_converted.amount",
            Found::Int(amount),
            int(converted),
        );
        push(
            "operation.sum_converted.currency",
            Found::Str(currency),
            text(converted),
        );
    }
    out
}

fn int<'a>(sum: Option<Sum<'a>>) -> Found<'a> {
    sum.and_then(|s| s.amount).map_or(Found::Absent, Found::Int)
}

fn text<'a>(sum: Option<Sum<'a>>) -> Found<'a> {
    sum.and_then(|s| s.currency)
        .map_or(Found::Absent, Found::Str)
}
