//! Typed views of the platform's synchronous answers: the acknowledgement of a
//! payout request ([`Acknowledgement`]) and the response of the status request
//! `POST /v2/payment/status` ([`StatusResponse`]).
//!
//! Both are read with one [`Document::parse`], borrow the body, and decode
//! strings with escapes into a caller's `scratch` buffer exactly as
//! [`crate::callback`] does (a scratch as long as the body always suffices;
//! [`Error::BufferTooSmall`] carries the exact size otherwise, and nothing is
//! written to scratch on any error). Members read as the callback's do
//! (absent, `null`, `""` and containers without a signed line all read as
//! `None`; an array element without a signed line is refused), unknown
//! members are ignored, a known member of the wrong type fails with
//! [`Error::FieldType`] and its dotted path.
//!
//! Acknowledgements are not signed in the platform's examples, so [`parse_unsigned_acknowledgement`]
//! reads one without verification; [`parse_signed_acknowledgement`] verifies a signed one
//! first (top-level `signature` or `general.signature`), for integrations
//! where the platform signs them. The status response is verified by
//! [`parse_status_response`]; [`parse_status_response_unverified`] reads it without (only for diagnostics:
//! never act on an unverified body).
//!
//! Stack: about 15 KiB with the default limits (the [`Document`] and two
//! views), plus about 3 KiB while verifying.

use crate::callback::{
    classify, member, signed_element, two_pass, Code, Customer, ErrorList, Operation, Outcome,
    Payment, PaymentStatus, Reader, OPERATIONS,
};
use crate::json::Document;
use crate::json::Order;
use crate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use crate::sign::{Mode, Signer};
use crate::Error;

// ---------------------------------------------------------------------------
// Acknowledgement
// ---------------------------------------------------------------------------

/// Whether the platform accepted a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Accepted for processing; the result comes later in a callback.
    Accepted,
    /// Rejected; [`Acknowledgement::code`], [`Acknowledgement::message`] and [`Acknowledgement::errors`] say why.
    Rejected,
}

impl Verdict {
    /// `accepted` or `rejected`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
        }
    }
}

impl core::fmt::Display for Verdict {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The acknowledgement of a payout request.
///
/// Accepted: `{status, request_id, project_id, payment_id}`. Rejected: `code`
/// and `message`, and/or `errors[{code, field, message, description}]`, codes
/// as strings or integers. See [`Acknowledgement::verdict`] for the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Acknowledgement<'a> {
    /// `status` (`success` when accepted; the platform uses `error` otherwise).
    pub status: Option<PaymentStatus<'a>>,
    /// `request_id`: the platform's ID of this request.
    pub request_id: Option<&'a str>,
    /// `project_id` (integer); falls back to `general.project_id`.
    pub project_id: Option<u64>,
    /// `payment_id`: the merchant's payment ID (string).
    pub payment_id: Option<&'a str>,
    /// `code`: string or integer.
    pub code: Option<Code<'a>>,
    /// `message`.
    pub message: Option<&'a str>,
    /// `errors[]` (empty if absent).
    pub errors: ErrorList<'a>,
    /// `Some(order)` if the body was verified ([`parse_signed_acknowledgement`]), `None` if it
    /// was read without verification ([`parse_unsigned_acknowledgement`]).
    pub order: Option<Order>,
}

impl<'a> Acknowledgement<'a> {
    /// The rule: **accepted** if and only if `status` is exactly `success`,
    /// `code` is absent or zero (`"0"`/`0`, see [`Code::is_zero`]) and
    /// `errors` is absent or empty. Anything else is **rejected**, including
    /// an absent status (an answer that does not say it accepted the request
    /// must not be taken as acceptance).
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        let success = self.status.is_some_and(|s| s.is_success());
        let code_ok = match self.code {
            Some(c) => c.is_zero(),
            None => true,
        };
        if success && code_ok && self.errors.is_empty() {
            Verdict::Accepted
        } else {
            Verdict::Rejected
        }
    }

    /// `true` if [`Acknowledgement::verdict`] is [`Verdict::Accepted`].
    #[must_use]
    pub fn is_accepted(&self) -> bool {
        self.verdict() == Verdict::Accepted
    }

    /// A human-readable reason for a rejection: `message`, else the first
    /// error item's `message`, else its `description`. `None` if there is none.
    #[must_use]
    pub fn reason(&self) -> Option<&'a str> {
        self.message.or_else(|| {
            self.errors
                .first()
                .and_then(|e| e.message.or(e.description))
        })
    }
}

/// Reads a payout request's acknowledgement without verification (default limits).
///
/// # Errors
/// Any parse error of [`Document::parse`] (among them [`Error::DuplicateKey`]);
/// [`Error::FieldType`]; [`Error::BufferTooSmall`] with the exact scratch size.
pub fn parse_unsigned_acknowledgement<'a>(
    body: &'a [u8],
    scratch: &'a mut [u8],
) -> Result<Acknowledgement<'a>, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        acknowledgement_document(doc, None, Mode::Tolerant, scratch)
    })?
}

/// Verifies a signed acknowledgement, then reads it (default limits).
///
/// # Errors
/// As [`parse_unsigned_acknowledgement`], plus the verification errors of [`Signer::verify_document`]
/// (an acknowledgement without a signature fails with
/// [`Error::MissingSignature`]).
pub fn parse_signed_acknowledgement<'a>(
    body: &'a [u8],
    signer: &Signer,
    mode: Mode,
    scratch: &'a mut [u8],
) -> Result<Acknowledgement<'a>, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        acknowledgement_document(doc, Some(signer), mode, scratch)
    })?
}

/// Reads an acknowledgement from a document parsed with any limits; with a
/// signer, verifies it first and reads it only if it verifies.
///
/// # Errors
/// As [`parse_signed_acknowledgement`] (with a signer) or [`parse_unsigned_acknowledgement`] (without), less parse errors.
pub fn acknowledgement_document<'a, const V: usize, const D: usize>(
    doc: &Document<'a, V, D>,
    signer: Option<&Signer>,
    mode: Mode,
    scratch: &'a mut [u8],
) -> Result<Acknowledgement<'a>, Error> {
    let order = match signer {
        Some(s) => Some(s.verify_document(doc, mode)?),
        None => None,
    };
    let root = doc.root();
    two_pass(doc.input(), scratch, |r| {
        Ok(Acknowledgement {
            status: r.status_member(root, "status", "status")?,
            request_id: r.str_member(root, "request_id", "request_id")?,
            project_id: Reader::project_id(root)?,
            payment_id: r.str_member(root, "payment_id", "payment_id")?,
            code: r.code_member(root, "code", "code")?,
            message: r.str_member(root, "message", "message")?,
            errors: r.errors(root)?,
            order,
        })
    })
}

// ---------------------------------------------------------------------------
// Status request response
// ---------------------------------------------------------------------------

/// The response of the status request (`POST /v2/payment/status`): the
/// payment and its **last** operation.
///
/// `operations` is an array in the platform's order (oldest first); the view
/// keeps its last element, the latest state, in [`StatusResponse::operation`].
/// Only that element is read and type-checked (paths `operations[].id`,
/// ...). A body with a single `operation` object instead of `operations` is
/// read the same way (paths `operation.id`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StatusResponse<'a> {
    /// `project_id` (integer); falls back to `general.project_id`.
    pub project_id: Option<u64>,
    /// `payment`.
    pub payment: Option<Payment<'a>>,
    /// `customer`.
    pub customer: Option<Customer<'a>>,
    /// The last element of `operations` (or the `operation` object).
    pub operation: Option<Operation<'a>>,
    /// Number of elements in `operations` (1 for a single `operation` object,
    /// 0 if neither is present).
    pub operation_count: usize,
    /// `errors[]` (empty if absent).
    pub errors: ErrorList<'a>,
    /// `Some(order)` if verified ([`parse_status_response`]), `None` if read without
    /// verification ([`parse_status_response_unverified`]).
    pub order: Option<Order>,
}

impl<'a> StatusResponse<'a> {
    /// Final success, final failure or pending for the payment and its last
    /// operation, by the rule of [`classify`].
    #[must_use]
    pub fn outcome(&self) -> Outcome {
        classify(
            self.payment.and_then(|p| p.status),
            self.operation.and_then(|o| o.status),
            self.operation.and_then(|o| o.code),
        )
    }
}

/// Verifies a status response, then reads it (default limits).
///
/// # Errors
/// Parse errors of [`Document::parse`]; verification errors of
/// [`Signer::verify_document`]; [`Error::FieldType`];
/// [`Error::BufferTooSmall`] with the exact scratch size.
pub fn parse_status_response<'a>(
    body: &'a [u8],
    signer: &Signer,
    mode: Mode,
    scratch: &'a mut [u8],
) -> Result<StatusResponse<'a>, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        status_response_document(doc, Some(signer), mode, scratch)
    })?
}

/// [`parse_status_response`] with the caller's table limits (at most `V`
/// values, nesting depth `D`).
///
/// # Errors
/// As [`parse_status_response`].
pub fn parse_status_response_with_limits<'a, const V: usize, const D: usize>(
    body: &'a [u8],
    signer: &Signer,
    mode: Mode,
    scratch: &'a mut [u8],
) -> Result<StatusResponse<'a>, Error> {
    Document::<V, D>::parse_then(body, |doc| {
        status_response_document(doc, Some(signer), mode, scratch)
    })?
}

/// Reads a status response **without** verifying it (diagnostics only).
///
/// # Errors
/// As [`parse_status_response`], less the verification errors.
pub fn parse_status_response_unverified<'a>(
    body: &'a [u8],
    scratch: &'a mut [u8],
) -> Result<StatusResponse<'a>, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        status_response_document(doc, None, Mode::Tolerant, scratch)
    })?
}

/// Reads a status response from a document parsed with any limits; with a
/// signer, verifies it first and reads it only if it verifies.
///
/// # Errors
/// As [`parse_status_response`] (with a signer) or [`parse_status_response_unverified`] (without), less
/// parse errors.
pub fn status_response_document<'a, const V: usize, const D: usize>(
    doc: &Document<'a, V, D>,
    signer: Option<&Signer>,
    mode: Mode,
    scratch: &'a mut [u8],
) -> Result<StatusResponse<'a>, Error> {
    let order = match signer {
        Some(s) => Some(s.verify_document(doc, mode)?),
        None => None,
    };
    let root = doc.root();
    let (last, count, paths) = match Reader::opt_array(root, "operations", "operations")? {
        Some(ops) => {
            // An element without a signed line could have been appended by a
            // forger (as the "latest operation"): refuse it.
            for (_, op) in ops.children() {
                signed_element(op, "operations[]")?;
            }
            (
                ops.children().last().map(|(_, v)| v),
                ops.len(),
                &OPERATIONS,
            )
        }
        None => {
            let single = member(root, "operation");
            (
                single,
                usize::from(single.is_some()),
                &crate::callback::OPERATION,
            )
        }
    };
    two_pass(doc.input(), scratch, |r| {
        let common = r.common(root)?;
        let operation = r.operation(last, paths)?;
        Ok(StatusResponse {
            project_id: common.project_id,
            payment: common.payment,
            customer: common.customer,
            operation,
            operation_count: count,
            errors: common.errors,
            order,
        })
    })
}
