//! Verified, typed payout callbacks.
//!
//! [`parse`] (or [`parse_with_signer`], or [`parse_document`] for other
//! limits) reads a callback body **once** with [`Document::parse`], verifies
//! its signature with [`Signer::verify_document`] **first**, and only if it
//! verifies builds a typed [`Callback`] from the *same* parsed document. The
//! verifier and the view therefore read exactly the same bytes; duplicate keys
//! anywhere are rejected by the parser ([`Error::DuplicateKey`]) before either
//! runs.
//!
//! # Borrowing and the scratch buffer
//! The view borrows the body: every string without JSON escapes is a slice of
//! the input. A string *with* escapes (`\"`, `\/`, `\u00e9`, ...) is decoded
//! into the caller's `scratch` buffer, which is carved into consecutive slices.
//! Only the known fields listed on [`Callback`] use scratch, and decoding
//! never makes a string longer, so **a scratch as long as the body always
//! suffices**; a body without escapes in its known fields needs none (`&mut []`
//! works). If scratch is too small the call fails with
//! [`Error::BufferTooSmall`] carrying the exact size needed, and nothing is
//! written to scratch (the needed size is measured before anything is written).
//!
//! # Fields
//! Every field is optional. An absent member reads as `None`, and so does
//! every member the signature cannot tell from an absent one: JSON `null`,
//! the empty string `""` (it signs exactly like `null`), and an object or
//! array that makes no signed line (`{}`, `[]`, `[{}]`). An array element
//! that makes no signed line is refused ([`Error::UnsignedElement`]): a
//! forger could have appended it. Unknown members are accepted and ignored
//! (the signature covers them all the same). Integers are read only within
//! the signed 64-bit range (a larger one is signed as 14 digits, so its
//! exact value is not covered): a larger one is [`Error::FieldType`]. A known member of the wrong JSON type fails with
//! [`Error::FieldType`] carrying its dotted path (`operation.id`,
//! `payment.sum.amount`, `errors[].code`, ...), so a verified body is never
//! silently half-read.
//!
//! # Outcome
//! [`Callback::outcome`] classifies a payout callback as final success, final
//! failure or pending with the rule documented on [`classify`].
//!
//! # Stack
//! With the default limits, [`parse_with_signer`] peaks at about 22 KiB of
//! stack (measured with a painted stack, release build, `core/tests/stack.rs`):
//! the [`Document`] (about 8 KiB), verification's index arrays, and two
//! [`Callback`] values of about 1 KiB each (a measuring pass and a writing pass).
//! [`parse`] adds a [`Signer`] (288 bytes). No heap is used.

use core::fmt;

use crate::json::Order;
use crate::json::{Document, Kind, Value};
use crate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use crate::sign::{Mode, Signer};
use crate::Error;

/// The most `errors[]` items a view keeps. Items past this bound are counted
/// ([`ErrorList::total`]) but not read.
pub const MAX_ERRORS: usize = 8;

// ---------------------------------------------------------------------------
// Statuses, codes, outcome
// ---------------------------------------------------------------------------

/// A payment or operation status as the platform spells it.
///
/// Matching is exact and case-sensitive (the platform sends lower case); any
/// other value, including a differently cased one, is kept raw in
/// [`PaymentStatus::Other`], which [`classify`] treats as pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaymentStatus<'a> {
    /// `success`: completed successfully.
    Success,
    /// `decline`: declined (final).
    Decline,
    /// `processing`: still being processed.
    Processing,
    /// `awaiting clarification`: suspended until the merchant sends more data.
    AwaitingClarification,
    /// `awaiting retry`: a payout retry is expected.
    AwaitingRetry,
    /// `awaiting customer`: waiting for the customer.
    AwaitingCustomer,
    /// `awaiting confirmation`: waiting for the merchant's confirmation.
    AwaitingConfirmation,
    /// `partially paid out` (also accepted as `partially_paid_out`): the
    /// amount was split and only part of it was paid out.
    PartiallyPaidOut,
    /// `error`: the request was not accepted for processing.
    Error,
    /// `internal error`: an error on the platform's side.
    InternalError,
    /// `external error`: an error on the provider's side.
    ExternalError,
    /// `cancelled`.
    Cancelled,
    /// `canceled` (American spelling, kept apart so [`PaymentStatus::as_str`] round-trips).
    Canceled,
    /// Any other value, kept as received (decoded).
    Other(&'a str),
}

impl<'a> PaymentStatus<'a> {
    /// Maps a status string to its variant ([`PaymentStatus::Other`] if unknown).
    #[must_use]
    pub fn parse(s: &'a str) -> Self {
        match s {
            "success" => PaymentStatus::Success,
            "decline" => PaymentStatus::Decline,
            "processing" => PaymentStatus::Processing,
            "awaiting clarification" => PaymentStatus::AwaitingClarification,
            "awaiting retry" => PaymentStatus::AwaitingRetry,
            "awaiting customer" => PaymentStatus::AwaitingCustomer,
            "awaiting confirmation" => PaymentStatus::AwaitingConfirmation,
            "partially paid out" | "partially_paid_out" => PaymentStatus::PartiallyPaidOut,
            "error" => PaymentStatus::Error,
            "internal error" => PaymentStatus::InternalError,
            "external error" => PaymentStatus::ExternalError,
            "cancelled" => PaymentStatus::Cancelled,
            "canceled" => PaymentStatus::Canceled,
            other => PaymentStatus::Other(other),
        }
    }

    /// The status string: the platform's spelling for known variants
    /// (`partially paid out` for [`PaymentStatus::PartiallyPaidOut`]), the raw value
    /// for [`PaymentStatus::Other`].
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        match *self {
            PaymentStatus::Success => "success",
            PaymentStatus::Decline => "decline",
            PaymentStatus::Processing => "processing",
            PaymentStatus::AwaitingClarification => "awaiting clarification",
            PaymentStatus::AwaitingRetry => "awaiting retry",
            PaymentStatus::AwaitingCustomer => "awaiting customer",
            PaymentStatus::AwaitingConfirmation => "awaiting confirmation",
            PaymentStatus::PartiallyPaidOut => "partially paid out",
            PaymentStatus::Error => "error",
            PaymentStatus::InternalError => "internal error",
            PaymentStatus::ExternalError => "external error",
            PaymentStatus::Cancelled => "cancelled",
            PaymentStatus::Canceled => "canceled",
            PaymentStatus::Other(s) => s,
        }
    }

    /// `true` for [`PaymentStatus::Success`].
    #[must_use]
    pub const fn is_success(&self) -> bool {
        matches!(self, PaymentStatus::Success)
    }

    /// `true` for the final failures: `decline`, `error`, `internal error`,
    /// `external error`, `cancelled`, `canceled`.
    #[must_use]
    pub const fn is_failure(&self) -> bool {
        matches!(
            self,
            PaymentStatus::Decline
                | PaymentStatus::Error
                | PaymentStatus::InternalError
                | PaymentStatus::ExternalError
                | PaymentStatus::Cancelled
                | PaymentStatus::Canceled
        )
    }
}

impl fmt::Display for PaymentStatus<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value the platform sends as a JSON string or a JSON integer:
/// `operation.code`, `errors[].code`, `operation.provider.id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code<'a> {
    /// Sent as a string (decoded), e.g. `"20000"`.
    Str(&'a str),
    /// Sent as an integer within `i64`, e.g. `20000`.
    Int(i64),
}

impl Code<'_> {
    /// `true` for the integer 0 and for a non-empty string of only `0` digits
    /// (`"0"`, `"00"`): the platform's "no error".
    #[must_use]
    pub fn is_zero(&self) -> bool {
        match *self {
            Code::Int(v) => v == 0,
            Code::Str(s) => !s.is_empty() && s.bytes().all(|b| b == b'0'),
        }
    }

    /// The code as an integer: the integer itself, or a string that is a
    /// decimal integer within `i64` (`"20000"` → `20000`).
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Code::Int(v) => Some(v),
            Code::Str(s) => s.parse().ok(),
        }
    }
}

impl fmt::Display for Code<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Code::Str(s) => f.write_str(s),
            Code::Int(v) => write!(f, "{v}"),
        }
    }
}

/// What a payout callback means for the merchant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The payout is done: safe to credit as paid.
    FinalSuccess,
    /// The payout failed for good.
    FinalFailure,
    /// Not final (or not clear): settle it with a status request.
    Pending,
}

impl Outcome {
    /// `final_success`, `final_failure` or `pending`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::FinalSuccess => "final_success",
            Outcome::FinalFailure => "final_failure",
            Outcome::Pending => "pending",
        }
    }

    /// `true` unless [`Outcome::Pending`].
    #[must_use]
    pub const fn is_final(self) -> bool {
        !matches!(self, Outcome::Pending)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Classifies a payout from `payment.status`, `operation.status` and
/// `operation.code`.
///
/// The rule:
/// 1. **Final failure** when either status is `decline`, `error`,
///    `internal error`, `external error`, `cancelled` or `canceled`
///    ([`PaymentStatus::is_failure`]), whatever the other one and the code say.
/// 2. **Final success** only when `payment.status` **and** `operation.status`
///    are both `success` **and** `operation.code` is present and zero (`"0"`
///    or `0`, see [`Code::is_zero`]).
/// 3. **Pending** otherwise: `processing`, every `awaiting ...`,
///    `partially paid out`, unknown values, an absent status, a `success`
///    with a non-zero code, and a `success` whose code (or whole operation) is
///    absent. Pending means "do not act yet: settle it with a status request".
#[must_use]
pub fn classify(
    payment: Option<PaymentStatus<'_>>,
    operation: Option<PaymentStatus<'_>>,
    code: Option<Code<'_>>,
) -> Outcome {
    let failed = |s: Option<PaymentStatus<'_>>| s.is_some_and(|s| s.is_failure());
    let succeeded = |s: Option<PaymentStatus<'_>>| s.is_some_and(|s| s.is_success());
    if failed(payment) || failed(operation) {
        Outcome::FinalFailure
    } else if succeeded(payment) && succeeded(operation) && code.is_some_and(|c| c.is_zero()) {
        Outcome::FinalSuccess
    } else {
        Outcome::Pending
    }
}

// ---------------------------------------------------------------------------
// The typed view
// ---------------------------------------------------------------------------

/// An amount with its currency (`payment.sum`, `operation.sum_initial`,
/// `operation.sum_converted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Sum<'a> {
    /// `amount`: integer, in minor units of the currency.
    pub amount: Option<i64>,
    /// `currency`: ISO 4217 alpha-3 code.
    pub currency: Option<&'a str>,
}

/// The `payment` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Payment<'a> {
    /// `payment.id`: the merchant's payment ID (string).
    pub id: Option<&'a str>,
    /// `payment.type`, e.g. `payout`.
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub r#type: Option<&'a str>,
    /// `payment.status`.
    pub status: Option<PaymentStatus<'a>>,
    /// `payment.date`, as sent (e.g. `2024-12-07T19:08:45+0000`).
    pub date: Option<&'a str>,
    /// `payment.method`, e.g. `Bank transfer Colombia`.
    pub method: Option<&'a str>,
    /// `payment.sum`.
    pub sum: Option<Sum<'a>>,
    /// `payment.description`.
    pub description: Option<&'a str>,
}

/// The `customer` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Customer<'a> {
    /// `customer.id` (string).
    pub id: Option<&'a str>,
}

/// The `operation.provider` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Provider<'a> {
    /// `provider.id`: an integer in the platform's examples; a string is
    /// accepted too (the type is only a string-or-integer holder here).
    pub id: Option<Code<'a>>,
    /// `provider.payment_id` (string).
    pub payment_id: Option<&'a str>,
    /// `provider.auth_code` (string).
    pub auth_code: Option<&'a str>,
}

/// The `operation` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Operation<'a> {
    /// `operation.id`: a non-negative integer (real ids have 16 digits; any
    /// `u64` is accepted).
    pub id: Option<u64>,
    /// `operation.type`, e.g. `payout`.
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub r#type: Option<&'a str>,
    /// `operation.status`.
    pub status: Option<PaymentStatus<'a>>,
    /// `operation.date`, as sent.
    pub date: Option<&'a str>,
    /// `operation.created_date`, as sent.
    pub created_date: Option<&'a str>,
    /// `operation.request_id` (string).
    pub request_id: Option<&'a str>,
    /// `operation.sum_initial`.
    pub sum_initial: Option<Sum<'a>>,
    /// `operation.sum_converted`.
    pub sum_converted: Option<Sum<'a>>,
    /// `operation.code`: string or integer; zero means no error.
    pub code: Option<Code<'a>>,
    /// `operation.message`.
    pub message: Option<&'a str>,
    /// `operation.provider`.
    pub provider: Option<Provider<'a>>,
}

/// One item of an `errors` array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ErrorItem<'a> {
    /// `code`: string or integer.
    pub code: Option<Code<'a>>,
    /// `field`: the request field at fault, if any.
    pub field: Option<&'a str>,
    /// `message`.
    pub message: Option<&'a str>,
    /// `description`.
    pub description: Option<&'a str>,
}

/// The `errors` array, bounded: the first [`MAX_ERRORS`] items are kept, the
/// rest are only counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ErrorList<'a> {
    items: [ErrorItem<'a>; MAX_ERRORS],
    len: usize,
    total: usize,
}

impl<'a> ErrorList<'a> {
    /// The items kept (at most [`MAX_ERRORS`]), in document order.
    #[must_use]
    pub fn as_slice(&self) -> &[ErrorItem<'a>] {
        self.items.get(..self.len).unwrap_or(&[])
    }

    /// Iterates over the items kept.
    pub fn iter(&self) -> core::slice::Iter<'_, ErrorItem<'a>> {
        self.as_slice().iter()
    }

    /// Number of items kept.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// `true` if the body had no error items (or no `errors` at all).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Number of items in the body's array, including those not kept.
    #[must_use]
    pub const fn total(&self) -> usize {
        self.total
    }

    /// `true` if the body had more than [`MAX_ERRORS`] items.
    #[must_use]
    pub const fn is_truncated(&self) -> bool {
        self.total > self.len
    }

    /// The first item, if any.
    #[must_use]
    pub fn first(&self) -> Option<&ErrorItem<'a>> {
        self.as_slice().first()
    }
}

impl<'l, 'a> IntoIterator for &'l ErrorList<'a> {
    type Item = &'l ErrorItem<'a>;
    type IntoIter = core::slice::Iter<'l, ErrorItem<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A verified payout callback: a typed view borrowing the body and the
/// scratch buffer. Built only by [`parse`], [`parse_with_signer`] and
/// [`parse_document`], after the signature has verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Callback<'a> {
    /// `project_id` (integer); falls back to `general.project_id` when the
    /// body has no top-level one (bodies signed at `general.signature`).
    pub project_id: Option<u64>,
    /// `payment`.
    pub payment: Option<Payment<'a>>,
    /// `customer`.
    pub customer: Option<Customer<'a>>,
    /// `operation`.
    pub operation: Option<Operation<'a>>,
    /// `errors[]` (empty if absent).
    pub errors: ErrorList<'a>,
    /// The line order the signature matched (always [`Order::Natural`] in
    /// strict mode).
    pub order: Order,
}

impl<'a> Callback<'a> {
    /// `payment.status`, if present.
    #[must_use]
    pub fn payment_status(&self) -> Option<PaymentStatus<'a>> {
        self.payment.and_then(|p| p.status)
    }

    /// `operation.status`, if present.
    #[must_use]
    pub fn operation_status(&self) -> Option<PaymentStatus<'a>> {
        self.operation.and_then(|o| o.status)
    }

    /// `operation.code`, if present.
    #[must_use]
    pub fn operation_code(&self) -> Option<Code<'a>> {
        self.operation.and_then(|o| o.code)
    }

    /// Final success, final failure or pending, by the rule of [`classify`]:
    /// success only when `payment.status` and `operation.status` are both
    /// `success` and `operation.code` is 0 (`"0"` or `0`); failure when either
    /// status is `decline`, `error`, `internal error`, `external error`,
    /// `cancelled` or `canceled`; everything else pending, including a
    /// `success` with an absent operation or an absent code.
    #[must_use]
    pub fn outcome(&self) -> Outcome {
        classify(
            self.payment_status(),
            self.operation_status(),
            self.operation_code(),
        )
    }
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/// Verifies a callback body with `secret` and returns its typed view.
///
/// One-shot form of [`parse_with_signer`] (the secret is checked with
/// [`crate::SecretPolicy::Strict`]); keep a [`Signer`] to verify many bodies.
/// `mode` is normally [`Mode::Tolerant`] (the default); see [`Mode`].
///
/// # Errors
/// The secret errors of [`Signer::new`], then as [`parse_with_signer`].
pub fn parse<'a>(
    body: &'a [u8],
    secret: &[u8],
    mode: Mode,
    scratch: &'a mut [u8],
) -> Result<Callback<'a>, Error> {
    let signer = Signer::new(secret)?;
    parse_with_signer(body, &signer, mode, scratch)
}

/// Verifies a callback body and, only if it verifies, returns its typed view
/// (default limits: [`DEFAULT_MAX_VALUES`] values, depth [`DEFAULT_MAX_DEPTH`]).
///
/// The body is parsed once; the signature is checked on that parse, then the
/// view is read from it. Strings with escapes are decoded into `scratch` (a
/// scratch as long as the body always suffices; see the module docs).
///
/// # Errors
/// Any parse error of [`Document::parse`] (among them [`Error::DuplicateKey`]);
/// the verification errors of [`Signer::verify_document`]
/// ([`Error::MissingSignature`], [`Error::SignatureNotString`], the opaque
/// [`Error::SignatureMismatch`]); then, for a body that verified,
/// [`Error::FieldType`] for a known field of the wrong type and
/// [`Error::BufferTooSmall`] with the exact scratch size needed.
pub fn parse_with_signer<'a>(
    body: &'a [u8],
    signer: &Signer,
    mode: Mode,
    scratch: &'a mut [u8],
) -> Result<Callback<'a>, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        parse_document(doc, signer, mode, scratch)
    })?
}

/// [`parse_with_signer`] with the caller's table limits: at most `V` values,
/// nesting depth `D` (a small `V` fits a small stack; see
/// [`Signer::sign_with_limits`]).
///
/// # Errors
/// As [`parse_with_signer`].
pub fn parse_with_limits<'a, const V: usize, const D: usize>(
    body: &'a [u8],
    signer: &Signer,
    mode: Mode,
    scratch: &'a mut [u8],
) -> Result<Callback<'a>, Error> {
    Document::<V, D>::parse_then(body, |doc| parse_document(doc, signer, mode, scratch))?
}

/// [`parse_with_signer`] for a document already parsed with limits of the
/// caller's choice. The view borrows the document's input, not the document.
///
/// # Errors
/// As [`parse_with_signer`], less the parse errors.
pub fn parse_document<'a, const V: usize, const D: usize>(
    doc: &Document<'a, V, D>,
    signer: &Signer,
    mode: Mode,
    scratch: &'a mut [u8],
) -> Result<Callback<'a>, Error> {
    let order = signer.verify_document(doc, mode)?;
    let root = doc.root();
    two_pass(doc.input(), scratch, |r| {
        let common = r.common(root)?;
        let operation = r.operation(root.get("operation"), &OPERATION)?;
        Ok(Callback {
            project_id: common.project_id,
            payment: common.payment,
            customer: common.customer,
            operation,
            errors: common.errors,
            order,
        })
    })
}

// ---------------------------------------------------------------------------
// Reading (shared with `response`)
// ---------------------------------------------------------------------------

/// Dotted paths of a `{amount, currency}` object, for [`Error::FieldType`].
pub(crate) struct SumPaths {
    this: &'static str,
    amount: &'static str,
    currency: &'static str,
}

macro_rules! sum_paths {
    ($p:expr) => {
        SumPaths {
            this: $p,
            amount: concat!($p, ".amount"),
            currency: concat!($p, ".currency"),
        }
    };
}

/// Dotted paths of an operation object, for [`Error::FieldType`].
pub(crate) struct OpPaths {
    this: &'static str,
    id: &'static str,
    r#type: &'static str,
    status: &'static str,
    date: &'static str,
    created_date: &'static str,
    request_id: &'static str,
    sum_initial: SumPaths,
    sum_converted: SumPaths,
    code: &'static str,
    message: &'static str,
    provider: &'static str,
    provider_id: &'static str,
    provider_payment_id: &'static str,
    provider_auth_code: &'static str,
}

macro_rules! op_paths {
    ($p:literal) => {
        OpPaths {
            this: $p,
            id: concat!($p, ".id"),
            r#type: concat!($p, ".type"),
            status: concat!($p, ".status"),
            date: concat!($p, ".date"),
            created_date: concat!($p, ".created_date"),
            request_id: concat!($p, ".request_id"),
            sum_initial: sum_paths!(concat!($p, ".sum_initial")),
            sum_converted: sum_paths!(concat!($p, ".sum_converted")),
            code: concat!($p, ".code"),
            message: concat!($p, ".message"),
            provider: concat!($p, ".provider"),
            provider_id: concat!($p, ".provider.id"),
            provider_payment_id: concat!($p, ".provider.payment_id"),
            provider_auth_code: concat!($p, ".provider.auth_code"),
        }
    };
}

/// Paths of a callback's `operation`.
pub(crate) const OPERATION: OpPaths = op_paths!("operation");
/// Paths of the last element of a status response's `operations`.
pub(crate) const OPERATIONS: OpPaths = op_paths!("operations[]");

/// The parts a callback and a status response share.
pub(crate) struct Common<'a> {
    pub(crate) project_id: Option<u64>,
    pub(crate) payment: Option<Payment<'a>>,
    pub(crate) customer: Option<Customer<'a>>,
    pub(crate) errors: ErrorList<'a>,
}

/// Where decoded strings go: counted (measuring pass) or written (writing pass).
enum Strs<'a> {
    Count(usize),
    Write(&'a mut [u8]),
}

/// Reads typed fields out of a parsed document into `'a`-borrowed values.
pub(crate) struct Reader<'a> {
    input: &'a [u8],
    strs: Strs<'a>,
}

/// A present member of an object that a signature can tell from an absent
/// one: not `null`, not `""` (both sign as `path:`), not a container
/// without a signed line (`{}`, `[]`, `[{}]` sign as nothing at all).
pub(crate) fn member<'d>(obj: Value<'d>, key: &str) -> Option<Value<'d>> {
    obj.get(key).filter(|v| present(*v))
}

/// See [`member`].
fn present(v: Value<'_>) -> bool {
    match v.kind() {
        Kind::Null => false,
        Kind::String => v.raw().len() > 2,
        _ => v.has_signed_line(),
    }
}

/// Refuses an array element that makes no signed line.
pub(crate) fn signed_element(v: Value<'_>, path: &'static str) -> Result<(), Error> {
    if v.has_signed_line() {
        Ok(())
    } else {
        Err(Error::UnsignedElement { path })
    }
}

const fn wrong(path: &'static str) -> Error {
    Error::FieldType { path }
}

/// Runs `build` once to measure the scratch it needs; if it needs none its
/// result is returned as is, else (if `scratch` is large enough) it runs again
/// writing into `scratch`. Nothing is written to `scratch` on any error.
pub(crate) fn two_pass<'a, T>(
    input: &'a [u8],
    scratch: &'a mut [u8],
    build: impl Fn(&mut Reader<'a>) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut counter = Reader {
        input,
        strs: Strs::Count(0),
    };
    let measured = build(&mut counter)?;
    let needed = match counter.strs {
        Strs::Count(n) => n,
        Strs::Write(_) => 0,
    };
    if needed == 0 {
        return Ok(measured);
    }
    if needed > scratch.len() {
        return Err(Error::BufferTooSmall { needed });
    }
    let mut writer = Reader {
        input,
        strs: Strs::Write(scratch),
    };
    build(&mut writer)
}

impl<'a> Reader<'a> {
    /// The raw text of `v`, borrowed with the input's lifetime.
    fn rebase(&self, v: Value<'_>) -> Option<&'a [u8]> {
        self.input.get(v.span())
    }

    /// The decoded text of a string value.
    fn text(&mut self, v: Value<'_>, path: &'static str) -> Result<&'a str, Error> {
        if v.kind() != Kind::String {
            return Err(wrong(path));
        }
        if !v.has_escapes() {
            let raw = self.rebase(v).ok_or(wrong(path))?;
            let inner = raw.get(1..raw.len().saturating_sub(1)).ok_or(wrong(path))?;
            return core::str::from_utf8(inner).map_err(|_| wrong(path));
        }
        let len = v.str_len().ok_or(wrong(path))?;
        match &mut self.strs {
            Strs::Count(n) => {
                *n = n.saturating_add(len);
                Ok("")
            }
            Strs::Write(buf) => {
                let whole = core::mem::take(buf);
                let needed = len;
                let (head, tail) = whole
                    .split_at_mut_checked(len)
                    .ok_or(Error::BufferTooSmall { needed })?;
                *buf = tail;
                v.decode_str(head)
            }
        }
    }

    fn opt_str(
        &mut self,
        obj: Value<'_>,
        key: &str,
        path: &'static str,
    ) -> Result<Option<&'a str>, Error> {
        member(obj, key).map(|v| self.text(v, path)).transpose()
    }

    fn opt_status(
        &mut self,
        obj: Value<'_>,
        key: &str,
        path: &'static str,
    ) -> Result<Option<PaymentStatus<'a>>, Error> {
        Ok(self.opt_str(obj, key, path)?.map(PaymentStatus::parse))
    }

    /// A string or an integer within `i64`.
    fn opt_code(
        &mut self,
        obj: Value<'_>,
        key: &str,
        path: &'static str,
    ) -> Result<Option<Code<'a>>, Error> {
        let Some(v) = member(obj, key) else {
            return Ok(None);
        };
        match v.kind() {
            Kind::String => Ok(Some(Code::Str(self.text(v, path)?))),
            Kind::Integer => v.as_i64().map(|i| Some(Code::Int(i))).ok_or(wrong(path)),
            _ => Err(wrong(path)),
        }
    }

    fn opt_u64(obj: Value<'_>, key: &str, path: &'static str) -> Result<Option<u64>, Error> {
        member(obj, key)
            .map(|v| v.as_u64().ok_or(wrong(path)))
            .transpose()
    }

    fn opt_i64(obj: Value<'_>, key: &str, path: &'static str) -> Result<Option<i64>, Error> {
        member(obj, key)
            .map(|v| v.as_i64().ok_or(wrong(path)))
            .transpose()
    }

    fn opt_object<'d>(
        obj: Value<'d>,
        key: &str,
        path: &'static str,
    ) -> Result<Option<Value<'d>>, Error> {
        match member(obj, key) {
            Some(v) if v.kind() == Kind::Object => Ok(Some(v)),
            Some(_) => Err(wrong(path)),
            None => Ok(None),
        }
    }

    /// An array member, `None` if absent or null.
    pub(crate) fn opt_array<'d>(
        obj: Value<'d>,
        key: &str,
        path: &'static str,
    ) -> Result<Option<Value<'d>>, Error> {
        match member(obj, key) {
            Some(v) if v.kind() == Kind::Array => Ok(Some(v)),
            Some(_) => Err(wrong(path)),
            None => Ok(None),
        }
    }

    fn sum(&mut self, obj: Value<'_>, key: &str, p: &SumPaths) -> Result<Option<Sum<'a>>, Error> {
        let Some(s) = Self::opt_object(obj, key, p.this)? else {
            return Ok(None);
        };
        Ok(Some(Sum {
            amount: Self::opt_i64(s, "amount", p.amount)?,
            currency: self.opt_str(s, "currency", p.currency)?,
        }))
    }

    /// `project_id` at the top level, else in `general`.
    pub(crate) fn project_id(root: Value<'_>) -> Result<Option<u64>, Error> {
        if let Some(id) = Self::opt_u64(root, "project_id", "project_id")? {
            return Ok(Some(id));
        }
        match Self::opt_object(root, "general", "general")? {
            Some(g) => Self::opt_u64(g, "project_id", "general.project_id"),
            None => Ok(None),
        }
    }

    fn payment(&mut self, root: Value<'_>) -> Result<Option<Payment<'a>>, Error> {
        let Some(p) = Self::opt_object(root, "payment", "payment")? else {
            return Ok(None);
        };
        Ok(Some(Payment {
            id: self.opt_str(p, "id", "payment.id")?,
            r#type: self.opt_str(p, "type", "payment.type")?,
            status: self.opt_status(p, "status", "payment.status")?,
            date: self.opt_str(p, "date", "payment.date")?,
            method: self.opt_str(p, "method", "payment.method")?,
            sum: self.sum(p, "sum", &sum_paths!("payment.sum"))?,
            description: self.opt_str(p, "description", "payment.description")?,
        }))
    }

    fn customer(&mut self, root: Value<'_>) -> Result<Option<Customer<'a>>, Error> {
        let Some(c) = Self::opt_object(root, "customer", "customer")? else {
            return Ok(None);
        };
        Ok(Some(Customer {
            id: self.opt_str(c, "id", "customer.id")?,
        }))
    }

    /// An operation object (`v` is the member or element, if any).
    pub(crate) fn operation(
        &mut self,
        v: Option<Value<'_>>,
        p: &OpPaths,
    ) -> Result<Option<Operation<'a>>, Error> {
        let Some(o) = v.filter(|v| present(*v)) else {
            return Ok(None);
        };
        if o.kind() != Kind::Object {
            return Err(wrong(p.this));
        }
        let provider = match Self::opt_object(o, "provider", p.provider)? {
            Some(pr) => Some(Provider {
                id: self.opt_code(pr, "id", p.provider_id)?,
                payment_id: self.opt_str(pr, "payment_id", p.provider_payment_id)?,
                auth_code: self.opt_str(pr, "auth_code", p.provider_auth_code)?,
            }),
            None => None,
        };
        Ok(Some(Operation {
            id: Self::opt_u64(o, "id", p.id)?,
            r#type: self.opt_str(o, "type", p.r#type)?,
            status: self.opt_status(o, "status", p.status)?,
            date: self.opt_str(o, "date", p.date)?,
            created_date: self.opt_str(o, "created_date", p.created_date)?,
            request_id: self.opt_str(o, "request_id", p.request_id)?,
            sum_initial: self.sum(o, "sum_initial", &p.sum_initial)?,
            sum_converted: self.sum(o, "sum_converted", &p.sum_converted)?,
            code: self.opt_code(o, "code", p.code)?,
            message: self.opt_str(o, "message", p.message)?,
            provider,
        }))
    }

    /// The top-level `errors` array.
    pub(crate) fn errors(&mut self, root: Value<'_>) -> Result<ErrorList<'a>, Error> {
        let mut list = ErrorList::default();
        let Some(arr) = Self::opt_array(root, "errors", "errors")? else {
            return Ok(list);
        };
        for (_, item) in arr.children() {
            signed_element(item, "errors[]")?;
            if item.kind() != Kind::Object {
                return Err(wrong("errors[]"));
            }
            list.total = list.total.saturating_add(1);
            let Some(slot) = list.items.get_mut(list.len) else {
                continue;
            };
            *slot = ErrorItem {
                code: self.opt_code(item, "code", "errors[].code")?,
                field: self.opt_str(item, "field", "errors[].field")?,
                message: self.opt_str(item, "message", "errors[].message")?,
                description: self.opt_str(item, "description", "errors[].description")?,
            };
            list.len = list.len.saturating_add(1);
        }
        Ok(list)
    }

    /// `project_id`, `payment`, `customer`, `errors`.
    pub(crate) fn common(&mut self, root: Value<'_>) -> Result<Common<'a>, Error> {
        Ok(Common {
            project_id: Self::project_id(root)?,
            payment: self.payment(root)?,
            customer: self.customer(root)?,
            errors: self.errors(root)?,
        })
    }

    /// A string member (for response fields).
    pub(crate) fn str_member(
        &mut self,
        obj: Value<'_>,
        key: &str,
        path: &'static str,
    ) -> Result<Option<&'a str>, Error> {
        self.opt_str(obj, key, path)
    }

    /// A status member (for response fields).
    pub(crate) fn status_member(
        &mut self,
        obj: Value<'_>,
        key: &str,
        path: &'static str,
    ) -> Result<Option<PaymentStatus<'a>>, Error> {
        self.opt_status(obj, key, path)
    }

    /// A string-or-integer member (for response fields).
    pub(crate) fn code_member(
        &mut self,
        obj: Value<'_>,
        key: &str,
        path: &'static str,
    ) -> Result<Option<Code<'a>>, Error> {
        self.opt_code(obj, key, path)
    }
}
