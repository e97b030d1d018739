//! Verified typed callbacks, payout acknowledgements and payment status
//! responses: core reads the body (verifying first where there is a
//! signature), ffi-c copies the typed view into caller-owned C structs.
//!
//! Strings in the views are `mnx_str`s that point into the caller's body or
//! scratch buffer (strings with JSON escapes are decoded there), so they
//! stay valid as long as both do. A member the signature does not cover
//! reads as absent: an absent string, JSON `null` and `""` are all
//! `{ NULL, 0 }` (the signed lines of `null` and `""` are the same), and an
//! object without a signed line (`{}`) is not `present`. An array element
//! without a signed line gives `MNX_STATUS_UNSIGNED_ELEMENT`; an integer
//! beyond the signed 64-bit range, `MNX_STATUS_FIELD_TYPE`.

use monetix_gate::callback::{
    self, Callback, Code, ErrorList, Operation, Outcome, Payment, PaymentStatus, Sum,
};
use monetix_gate::reconcile::{self, Expected, Found, Mismatches};
use monetix_gate::response::{self, Acknowledgement, StatusResponse, Verdict};
use monetix_gate::{Error, Signer};

use crate::boundary::guard_output;
use crate::engine::{mnx_order, mnx_signer, mode, signer_arg, SignerCopy};
use crate::run;
use crate::slice::{in_param, input, mnx_str, opt_field, out_param, output, str_field, Out, Span};
use crate::status::mnx_status;

/// Most `errors[]` items a view keeps (the rest are only counted).
pub const MNX_MAX_ERRORS: usize = 8;
const _: () = assert!(MNX_MAX_ERRORS == callback::MAX_ERRORS);

/// A payment or operation status as the platform spells it.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_payment_state {
    /// The member is absent (or `null`, or `""`).
    Absent = 0,
    /// `success`
    Success = 1,
    /// `decline` (final)
    Decline = 2,
    /// `processing`
    Processing = 3,
    /// `awaiting clarification`
    AwaitingClarification = 4,
    /// `awaiting retry`
    AwaitingRetry = 5,
    /// `awaiting customer`
    AwaitingCustomer = 6,
    /// `awaiting confirmation`
    AwaitingConfirmation = 7,
    /// `partially paid out` (or `partially_paid_out`)
    PartiallyPaidOut = 8,
    /// `error`
    Error = 9,
    /// `internal error`
    InternalError = 10,
    /// `external error`
    ExternalError = 11,
    /// `cancelled`
    Cancelled = 12,
    /// `canceled`
    Canceled = 13,
    /// Any other value: see `raw`.
    Other = 99,
}

/// A status member: the enum and the raw text as received.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_state {
    /// Which status (`MNX_PAYMENT_STATE_ABSENT` if the member is absent).
    pub state: mnx_payment_state,
    /// The text as received (decoded); `{ NULL, 0 }` when absent.
    pub raw: mnx_str,
}

impl From<Option<PaymentStatus<'_>>> for mnx_state {
    fn from(s: Option<PaymentStatus<'_>>) -> Self {
        let Some(s) = s else {
            return mnx_state {
                state: mnx_payment_state::Absent,
                raw: mnx_str::EMPTY,
            };
        };
        let state = match s {
            PaymentStatus::Success => mnx_payment_state::Success,
            PaymentStatus::Decline => mnx_payment_state::Decline,
            PaymentStatus::Processing => mnx_payment_state::Processing,
            PaymentStatus::AwaitingClarification => mnx_payment_state::AwaitingClarification,
            PaymentStatus::AwaitingRetry => mnx_payment_state::AwaitingRetry,
            PaymentStatus::AwaitingCustomer => mnx_payment_state::AwaitingCustomer,
            PaymentStatus::AwaitingConfirmation => mnx_payment_state::AwaitingConfirmation,
            PaymentStatus::PartiallyPaidOut => mnx_payment_state::PartiallyPaidOut,
            PaymentStatus::Error => mnx_payment_state::Error,
            PaymentStatus::InternalError => mnx_payment_state::InternalError,
            PaymentStatus::ExternalError => mnx_payment_state::ExternalError,
            PaymentStatus::Cancelled => mnx_payment_state::Cancelled,
            PaymentStatus::Canceled => mnx_payment_state::Canceled,
            _ => mnx_payment_state::Other,
        };
        mnx_state {
            state,
            raw: mnx_str::from_str(s.as_str()),
        }
    }
}

/// How a code member was sent.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_code_kind {
    /// Absent (or `null`, or `""`).
    Absent = 0,
    /// A JSON string: `text`.
    Str = 1,
    /// A JSON integer: `value`.
    Int = 2,
}

/// A member the platform sends as a string or an integer (`operation.code`,
/// `errors[].code`, `operation.provider.id`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_code {
    /// How it was sent.
    pub kind: mnx_code_kind,
    /// The text when `kind` is `MNX_CODE_KIND_STR`.
    pub text: mnx_str,
    /// The integer: when `kind` is `MNX_CODE_KIND_INT`, or a string that is
    /// a decimal integer (`has_value` says whether there is one).
    pub value: i64,
    /// Whether `value` holds the code as an integer.
    pub has_value: bool,
    /// The platform's "no error": the integer 0 or a string of only `0`s.
    pub is_zero: bool,
}

impl From<Option<Code<'_>>> for mnx_code {
    fn from(c: Option<Code<'_>>) -> Self {
        let (kind, text) = match c {
            None => (mnx_code_kind::Absent, mnx_str::EMPTY),
            Some(Code::Str(s)) => (mnx_code_kind::Str, mnx_str::from_str(s)),
            Some(Code::Int(_)) => (mnx_code_kind::Int, mnx_str::EMPTY),
        };
        let value = c.and_then(|c| c.as_i64());
        mnx_code {
            kind,
            text,
            value: value.unwrap_or(0),
            has_value: value.is_some(),
            is_zero: c.is_some_and(|c| c.is_zero()),
        }
    }
}

/// An amount with its currency.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_sum {
    /// Whether the object is present.
    pub present: bool,
    /// Whether `amount` is present.
    pub has_amount: bool,
    /// `amount`, in minor units.
    pub amount: i64,
    /// `currency`.
    pub currency: mnx_str,
}

impl From<Option<Sum<'_>>> for mnx_sum {
    fn from(s: Option<Sum<'_>>) -> Self {
        let s = s.as_ref();
        mnx_sum {
            present: s.is_some(),
            has_amount: s.and_then(|s| s.amount).is_some(),
            amount: s.and_then(|s| s.amount).unwrap_or(0),
            currency: opt_str(s.and_then(|s| s.currency)),
        }
    }
}

fn opt_str(s: Option<&str>) -> mnx_str {
    s.map_or(mnx_str::EMPTY, mnx_str::from_str)
}

/// The `payment` object of a callback or status response.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_cb_payment {
    /// Whether the object is present.
    pub present: bool,
    /// `payment.id`: the merchant's payment ID.
    pub id: mnx_str,
    /// `payment.type`, e.g. `payout`.
    pub r#type: mnx_str,
    /// `payment.status`.
    pub status: mnx_state,
    /// `payment.date`, as sent.
    pub date: mnx_str,
    /// `payment.method`.
    pub method: mnx_str,
    /// `payment.sum`.
    pub sum: mnx_sum,
    /// `payment.description`.
    pub description: mnx_str,
}

impl From<Option<Payment<'_>>> for mnx_cb_payment {
    fn from(p: Option<Payment<'_>>) -> Self {
        let p = p.as_ref();
        mnx_cb_payment {
            present: p.is_some(),
            id: opt_str(p.and_then(|p| p.id)),
            r#type: opt_str(p.and_then(|p| p.r#type)),
            status: p.and_then(|p| p.status).into(),
            date: opt_str(p.and_then(|p| p.date)),
            method: opt_str(p.and_then(|p| p.method)),
            sum: p.and_then(|p| p.sum).into(),
            description: opt_str(p.and_then(|p| p.description)),
        }
    }
}

/// The `operation.provider` object.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_provider {
    /// Whether the object is present.
    pub present: bool,
    /// `provider.id` (an integer in the platform's examples).
    pub id: mnx_code,
    /// `provider.payment_id`.
    pub payment_id: mnx_str,
    /// `provider.auth_code`.
    pub auth_code: mnx_str,
}

/// An operation (`operation`, or the last of `operations[]`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_operation {
    /// Whether the object is present.
    pub present: bool,
    /// Whether `id` is present.
    pub has_id: bool,
    /// `operation.id`.
    pub id: u64,
    /// `operation.type`, e.g. `payout`.
    pub r#type: mnx_str,
    /// `operation.status`.
    pub status: mnx_state,
    /// `operation.date`, as sent.
    pub date: mnx_str,
    /// `operation.created_date`, as sent.
    pub created_date: mnx_str,
    /// `operation.request_id`.
    pub request_id: mnx_str,
    /// `operation.sum_initial`.
    pub sum_initial: mnx_sum,
    /// `operation.sum_converted`.
    pub sum_converted: mnx_sum,
    /// `operation.code`: zero means no error.
    pub code: mnx_code,
    /// `operation.message`.
    pub message: mnx_str,
    /// `operation.provider`.
    pub provider: mnx_provider,
}

impl From<Option<Operation<'_>>> for mnx_operation {
    fn from(o: Option<Operation<'_>>) -> Self {
        let o = o.as_ref();
        let provider = o.and_then(|o| o.provider);
        let pr = provider.as_ref();
        mnx_operation {
            present: o.is_some(),
            has_id: o.and_then(|o| o.id).is_some(),
            id: o.and_then(|o| o.id).unwrap_or(0),
            r#type: opt_str(o.and_then(|o| o.r#type)),
            status: o.and_then(|o| o.status).into(),
            date: opt_str(o.and_then(|o| o.date)),
            created_date: opt_str(o.and_then(|o| o.created_date)),
            request_id: opt_str(o.and_then(|o| o.request_id)),
            sum_initial: o.and_then(|o| o.sum_initial).into(),
            sum_converted: o.and_then(|o| o.sum_converted).into(),
            code: o.and_then(|o| o.code).into(),
            message: opt_str(o.and_then(|o| o.message)),
            provider: mnx_provider {
                present: pr.is_some(),
                id: pr.and_then(|p| p.id).into(),
                payment_id: opt_str(pr.and_then(|p| p.payment_id)),
                auth_code: opt_str(pr.and_then(|p| p.auth_code)),
            },
        }
    }
}

/// One item of an `errors` array.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_error_item {
    /// `code`.
    pub code: mnx_code,
    /// `field`: the request field at fault, if any.
    pub field: mnx_str,
    /// `message`.
    pub message: mnx_str,
    /// `description`.
    pub description: mnx_str,
}

/// The `errors` array: the first `MNX_MAX_ERRORS` items, and the count.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_errors {
    /// The items kept, in document order.
    pub items: [mnx_error_item; MNX_MAX_ERRORS],
    /// Number of `items` filled.
    pub len: usize,
    /// Number of items in the body (more than `len` when truncated).
    pub total: usize,
}

impl From<&ErrorList<'_>> for mnx_errors {
    fn from(list: &ErrorList<'_>) -> Self {
        let empty = mnx_error_item {
            code: None.into(),
            field: mnx_str::EMPTY,
            message: mnx_str::EMPTY,
            description: mnx_str::EMPTY,
        };
        let mut items = [empty; MNX_MAX_ERRORS];
        for (dst, e) in items.iter_mut().zip(list.iter()) {
            *dst = mnx_error_item {
                code: e.code.into(),
                field: opt_str(e.field),
                message: opt_str(e.message),
                description: opt_str(e.description),
            };
        }
        mnx_errors {
            items,
            len: list.len(),
            total: list.total(),
        }
    }
}

/// What a payout callback or status response means for the merchant.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_outcome {
    /// Paid out: safe to credit as paid (both statuses `success`, code 0).
    FinalSuccess = 1,
    /// Failed for good (`decline`, `error`, `internal error`, `external
    /// error`, `cancelled`, `canceled`).
    FinalFailure = 2,
    /// Not final or not clear: settle it with a payment status request.
    Pending = 3,
}

impl From<Outcome> for mnx_outcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::FinalSuccess => mnx_outcome::FinalSuccess,
            Outcome::FinalFailure => mnx_outcome::FinalFailure,
            Outcome::Pending => mnx_outcome::Pending,
        }
    }
}

/// A verified payout callback.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_callback {
    /// Whether `project_id` is present.
    pub has_project_id: bool,
    /// `project_id` (or `general.project_id`).
    pub project_id: u64,
    /// `payment`.
    pub payment: mnx_cb_payment,
    /// `customer.id`.
    pub customer_id: mnx_str,
    /// `operation`.
    pub operation: mnx_operation,
    /// `errors[]`.
    pub errors: mnx_errors,
    /// The line order the signature matched.
    pub order: mnx_order,
    /// Final success, final failure or pending.
    pub outcome: mnx_outcome,
}

impl From<&Callback<'_>> for mnx_callback {
    fn from(c: &Callback<'_>) -> Self {
        mnx_callback {
            has_project_id: c.project_id.is_some(),
            project_id: c.project_id.unwrap_or(0),
            payment: c.payment.into(),
            customer_id: opt_str(c.customer.and_then(|c| c.id)),
            operation: c.operation.into(),
            errors: (&c.errors).into(),
            order: c.order.into(),
            outcome: c.outcome().into(),
        }
    }
}

/// Whether the platform accepted a request.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_verdict {
    /// Accepted for processing (the result comes in a callback).
    Accepted = 1,
    /// Rejected: `code`, `message`, `errors`, `reason` say why.
    Rejected = 2,
}

/// The acknowledgement of a payout request.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_ack {
    /// `status` (`success` when accepted).
    pub status: mnx_state,
    /// `request_id`.
    pub request_id: mnx_str,
    /// Whether `project_id` is present.
    pub has_project_id: bool,
    /// `project_id`.
    pub project_id: u64,
    /// `payment_id`.
    pub payment_id: mnx_str,
    /// `code`.
    pub code: mnx_code,
    /// `message`.
    pub message: mnx_str,
    /// `errors[]`.
    pub errors: mnx_errors,
    /// Whether the body was verified (`mnx_ack_parse_verified`).
    pub verified: bool,
    /// The order the signature matched, when `verified`.
    pub order: mnx_order,
    /// Accepted only if `status` is `success`, `code` absent or zero and
    /// `errors` empty.
    pub verdict: mnx_verdict,
    /// A reason for a rejection: `message`, else the first error's
    /// `message` or `description`; `{ NULL, 0 }` if none.
    pub reason: mnx_str,
}

impl From<&Acknowledgement<'_>> for mnx_ack {
    fn from(a: &Acknowledgement<'_>) -> Self {
        mnx_ack {
            status: a.status.into(),
            request_id: opt_str(a.request_id),
            has_project_id: a.project_id.is_some(),
            project_id: a.project_id.unwrap_or(0),
            payment_id: opt_str(a.payment_id),
            code: a.code.into(),
            message: opt_str(a.message),
            errors: (&a.errors).into(),
            verified: a.order.is_some(),
            order: a.order.map_or(mnx_order::Natural, Into::into),
            verdict: match a.verdict() {
                Verdict::Accepted => mnx_verdict::Accepted,
                Verdict::Rejected => mnx_verdict::Rejected,
            },
            reason: opt_str(a.reason()),
        }
    }
}

/// The verified response of the payment status request.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_payment_status_response {
    /// Whether `project_id` is present.
    pub has_project_id: bool,
    /// `project_id`.
    pub project_id: u64,
    /// `payment`.
    pub payment: mnx_cb_payment,
    /// `customer.id`.
    pub customer_id: mnx_str,
    /// The last element of `operations` (or the `operation` object).
    pub operation: mnx_operation,
    /// Number of elements in `operations`.
    pub operation_count: usize,
    /// `errors[]`.
    pub errors: mnx_errors,
    /// The order the signature matched.
    pub order: mnx_order,
    /// Final success, final failure or pending, for the last operation.
    pub outcome: mnx_outcome,
}

impl From<&StatusResponse<'_>> for mnx_payment_status_response {
    fn from(r: &StatusResponse<'_>) -> Self {
        mnx_payment_status_response {
            has_project_id: r.project_id.is_some(),
            project_id: r.project_id.unwrap_or(0),
            payment: r.payment.into(),
            customer_id: opt_str(r.customer.and_then(|c| c.id)),
            operation: r.operation.into(),
            operation_count: r.operation_count,
            errors: (&r.errors).into(),
            order: r.order.map_or(mnx_order::Natural, Into::into),
            outcome: r.outcome().into(),
        }
    }
}

/// The shared body of the readers: body and scratch as slices, core's
/// reader, the view converted and written to `*out` only on success;
/// `*scratch_needed` is written only with `MNX_STATUS_BUFFER_TOO_SMALL`.
///
/// Every output (scratch, `*scratch_needed`, `*out`) must be apart from the
/// inputs (body, and `keys`: the secret or the signer, the expectation) and
/// from the other outputs (`MNX_STATUS_INVALID_ARGUMENT`).
///
/// # Safety
/// Every pointer satisfies the API contract; `keys` are the caller's memory
/// the call reads besides the body (empty spans if none).
#[allow(clippy::too_many_arguments)]
unsafe fn read<T>(
    body: *const u8,
    body_len: usize,
    keys: [Span; 2],
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut T,
    view: impl FnOnce(&[u8], &mut [u8]) -> Result<T, Error>,
) -> mnx_status {
    run(|| {
        // SAFETY: API contract: `body` points to `body_len` readable bytes.
        let body = unsafe { input(body, body_len) }?;
        let none = Span::of(&[]);
        let mut taken = [Span::of(body), keys[0], keys[1], none, none];
        // SAFETY: API contract: `scratch_needed` is NULL or a writable `size_t`.
        let scratch_needed: Out<'_, usize> = unsafe { out_param(scratch_needed) }?.apart(&taken)?;
        taken[3] = scratch_needed.span();
        // SAFETY: API contract: `out` is NULL or a writable `T`.
        let out: Out<'_, T> = unsafe { out_param(out) }?.apart(&taken)?;
        taken[4] = out.span();
        // SAFETY: API contract for `scratch`; overlap with the inputs and the
        // other outputs refused.
        let scratch = unsafe { output(scratch, scratch_cap, &taken) }?;
        match view(body, scratch) {
            Ok(v) => {
                out.set(v);
                Ok(())
            }
            Err(Error::BufferTooSmall { needed }) => {
                scratch_needed.set(needed);
                Err(mnx_status::BufferTooSmall)
            }
            Err(e) => Err(e.into()),
        }
    })
}

/// Verifies a payout callback with `secret`, then reads it into `*out`.
///
/// `strict` accepts only the canonical line order. Strings with JSON
/// escapes are decoded into `scratch` (a scratch of `body_len` bytes always
/// suffices; a body without escapes in the known fields needs none: NULL,
/// 0 is fine). With `MNX_STATUS_BUFFER_TOO_SMALL`, `*scratch_needed` gets
/// the scratch size needed (it is written in no other case). The strings
/// of `*out` point into `body` and `scratch`: keep both while you use it.
/// Nothing is written to `*out` unless the signature verifies and every
/// known field has its type (`MNX_STATUS_FIELD_TYPE` otherwise). The secret
/// is checked strictly, as `mnx_sign`.
///
/// Stack (x86_64): 29 KiB.
#[no_mangle]
pub extern "C" fn mnx_callback_parse(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    strict: bool,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut mnx_callback,
) -> mnx_status {
    guard_output::<28>(scratch, scratch_cap, || {
        // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
        let secret = match unsafe { input(secret, secret_len) } {
            Ok(s) => s,
            Err(e) => return e,
        };
        // SAFETY: API contract for every pointer.
        unsafe {
            read(
                body,
                body_len,
                [Span::of(secret), Span::of(&[])],
                scratch,
                scratch_cap,
                scratch_needed,
                out,
                |b, s| {
                    let signer = Signer::new(secret)?;
                    callback::parse_with_signer(b, &signer, mode(strict), s)
                        .map(|c| mnx_callback::from(&c))
                },
            )
        }
    })
}

/// As `mnx_callback_parse`, with the key of an initialised `signer`.
///
/// Stack (x86_64): 28 KiB.
#[no_mangle]
pub extern "C" fn mnx_callback_parse_with(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    strict: bool,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut mnx_callback,
) -> mnx_status {
    guard_output::<27>(scratch, scratch_cap, || {
        let signer_ptr = signer;
        let mut copy = SignerCopy::new();
        // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
        let signer = match unsafe { signer_arg(signer, &mut copy) } {
            Ok(s) => s,
            Err(e) => return e,
        };
        // SAFETY: API contract for every pointer.
        unsafe {
            read(
                body,
                body_len,
                [Span::of_ptr(signer_ptr), Span::of(&[])],
                scratch,
                scratch_cap,
                scratch_needed,
                out,
                |b, s| {
                    callback::parse_with_signer(b, signer, mode(strict), s)
                        .map(|c| mnx_callback::from(&c))
                },
            )
        }
    })
}

/// Reads a payout request's acknowledgement (the platform's synchronous
/// answer) **without** verification: the platform's examples are not
/// signed. Scratch, `*scratch_needed` and `*out` as `mnx_callback_parse`.
///
/// Stack (x86_64): 21 KiB.
#[no_mangle]
pub extern "C" fn mnx_ack_parse(
    body: *const u8,
    body_len: usize,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut mnx_ack,
) -> mnx_status {
    guard_output::<20>(scratch, scratch_cap, || {
        // SAFETY: API contract for every pointer.
        unsafe {
            read(
                body,
                body_len,
                [Span::of(&[]), Span::of(&[])],
                scratch,
                scratch_cap,
                scratch_needed,
                out,
                |b, s| response::parse_unsigned_acknowledgement(b, s).map(|a| mnx_ack::from(&a)),
            )
        }
    })
}

/// Verifies a signed acknowledgement with an initialised `signer`, then
/// reads it (`MNX_STATUS_MISSING_SIGNATURE` if it is not signed).
///
/// Stack (x86_64): 25 KiB.
#[no_mangle]
pub extern "C" fn mnx_ack_parse_verified(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    strict: bool,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut mnx_ack,
) -> mnx_status {
    guard_output::<24>(scratch, scratch_cap, || {
        let signer_ptr = signer;
        let mut copy = SignerCopy::new();
        // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
        let signer = match unsafe { signer_arg(signer, &mut copy) } {
            Ok(s) => s,
            Err(e) => return e,
        };
        // SAFETY: API contract for every pointer.
        unsafe {
            read(
                body,
                body_len,
                [Span::of_ptr(signer_ptr), Span::of(&[])],
                scratch,
                scratch_cap,
                scratch_needed,
                out,
                |b, s| {
                    response::parse_signed_acknowledgement(b, signer, mode(strict), s)
                        .map(|a| mnx_ack::from(&a))
                },
            )
        }
    })
}

/// Verifies the response of a payment status request with an initialised
/// `signer`, then reads it (the payment and its last operation, with the
/// outcome). Scratch, `*scratch_needed` and `*out` as `mnx_callback_parse`.
///
/// Stack (x86_64): 25 KiB.
#[no_mangle]
pub extern "C" fn mnx_payment_status_response_parse(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    strict: bool,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut mnx_payment_status_response,
) -> mnx_status {
    guard_output::<24>(scratch, scratch_cap, || {
        let signer_ptr = signer;
        let mut copy = SignerCopy::new();
        // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
        let signer = match unsafe { signer_arg(signer, &mut copy) } {
            Ok(s) => s,
            Err(e) => return e,
        };
        // SAFETY: API contract for every pointer.
        unsafe {
            read(
                body,
                body_len,
                [Span::of_ptr(signer_ptr), Span::of(&[])],
                scratch,
                scratch_cap,
                scratch_needed,
                out,
                |b, s| {
                    response::parse_status_response(b, signer, mode(strict), s)
                        .map(|r| mnx_payment_status_response::from(&r))
                },
            )
        }
    })
}

// ---- reconciliation ---------------------------------------------------------

/// Most mismatches one reconciliation reports.
pub const MNX_MAX_MISMATCHES: usize = 8;

/// What the payout request said, for `mnx_callback_reconcile` and
/// `mnx_payment_status_response_reconcile`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_expected {
    /// The request's `general.project_id`.
    pub project_id: i64,
    /// The request's `general.payment_id`.
    pub payment_id: mnx_str,
    /// The request's `payment.amount`, in minor units.
    pub amount: i64,
    /// The request's `payment.currency`.
    pub currency: mnx_str,
    /// The converted amount to expect in `operation.sum_converted`, in minor
    /// units (only when `converted_currency` is given).
    pub converted_amount: i64,
    /// The converted sum's currency; `{ NULL, 0 }` leaves
    /// `operation.sum_converted` unchecked.
    pub converted_currency: mnx_str,
}

/// Which member of an `mnx_found` holds the value.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_found_kind {
    /// The body lacks the member (or it is `null` or `""`).
    Absent = 0,
    /// An integer: `int_value`.
    Int = 1,
    /// A string: `str_value`.
    Str = 2,
}

/// A value of a mismatch: what the request said or what the body says.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_found {
    /// Which member holds the value.
    pub kind: mnx_found_kind,
    /// The integer (`MNX_FOUND_KIND_INT`).
    pub int_value: i64,
    /// The string (`MNX_FOUND_KIND_STR`), pointing into the body, the
    /// scratch or the `mnx_expected`'s strings.
    pub str_value: mnx_str,
}

impl From<Found<'_>> for mnx_found {
    fn from(f: Found<'_>) -> Self {
        let (kind, int_value, str_value) = match f {
            Found::Absent => (mnx_found_kind::Absent, 0, mnx_str::EMPTY),
            Found::Int(v) => (mnx_found_kind::Int, v, mnx_str::EMPTY),
            Found::Str(s) => (mnx_found_kind::Str, 0, mnx_str::from_str(s)),
        };
        mnx_found {
            kind,
            int_value,
            str_value,
        }
    }
}

/// One difference between the verified body and the request.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_mismatch {
    /// The dotted path in the body (static): `project_id`, `payment.id`,
    /// `payment.sum.amount`, `payment.sum.currency`,
    /// `operation.sum_initial.amount`, `operation.sum_initial.currency`,
    /// `operation.sum_converted.amount`, `operation.sum_converted.currency`.
    pub path: mnx_str,
    /// What the request said.
    pub expected: mnx_found,
    /// What the body says.
    pub found: mnx_found,
}

/// Every mismatch of one reconciliation: `items[0 .. len]`, in the order of
/// the paths above; `len == 0` means the body answers the request.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_mismatch_list {
    /// The mismatches.
    pub items: [mnx_mismatch; MNX_MAX_MISMATCHES],
    /// Number of `items` filled.
    pub len: usize,
}

impl From<&Mismatches<'_, '_>> for mnx_mismatch_list {
    fn from(list: &Mismatches<'_, '_>) -> Self {
        let empty = mnx_mismatch {
            path: mnx_str::EMPTY,
            expected: Found::Absent.into(),
            found: Found::Absent.into(),
        };
        let mut items = [empty; MNX_MAX_MISMATCHES];
        for (dst, m) in items.iter_mut().zip(list) {
            *dst = mnx_mismatch {
                path: mnx_str::from_str(m.path),
                expected: m.expected.into(),
                found: m.found.into(),
            };
        }
        mnx_mismatch_list {
            items,
            len: list.len(),
        }
    }
}

/// Core's expectation from the C struct (its strings checked for UTF-8).
///
/// # Safety
/// `p` is NULL or a readable `mnx_expected` whose strings satisfy the
/// `mnx_str` contract for `'e`.
unsafe fn expected_arg<'e>(p: *const mnx_expected) -> Result<Expected<'e>, mnx_status> {
    // SAFETY: forwarded contract (integers and pointers: any bits are valid).
    let e = unsafe { in_param(p) }?;
    // SAFETY: forwarded contract for the three strings.
    let (payment_id, currency, converted) = unsafe {
        (
            str_field(e.payment_id)?,
            str_field(e.currency)?,
            opt_field(e.converted_currency)?,
        )
    };
    let expected = Expected::new(e.project_id, payment_id, e.amount, currency);
    Ok(match converted {
        Some(c) => expected.with_converted(e.converted_amount, c),
        None => expected,
    })
}

/// Verifies a payout callback with `secret` (as `mnx_callback_parse`), then
/// compares it with the request it should answer (core's reconciliation)
/// and writes every mismatch by path into `*out`: the project ID, the
/// payment ID, `payment.sum` and `operation.sum_initial` (amount and
/// currency) against the request's amount and currency, and
/// `operation.sum_converted` when `expected` gives a converted currency. A
/// member the body lacks is a mismatch too (`MNX_FOUND_KIND_ABSENT`).
///
/// `MNX_STATUS_OK` with `out->len == 0`: the callback answers this payout;
/// `MNX_STATUS_OK` with `out->len > 0`: it does not (do not act on it). A
/// valid signature only proves the platform sent the body, not that it is
/// about this payout with this amount. Errors as `mnx_callback_parse`
/// (`MNX_STATUS_INVALID_UTF8` for a string of `expected`); scratch and
/// `*scratch_needed` as there; `*out` written only on success.
///
/// Stack (x86_64): 27 KiB.
#[no_mangle]
pub extern "C" fn mnx_callback_reconcile(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    strict: bool,
    expected: *const mnx_expected,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut mnx_mismatch_list,
) -> mnx_status {
    guard_output::<26>(scratch, scratch_cap, || {
        let args = || {
            // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
            let secret = unsafe { input(secret, secret_len) }?;
            // SAFETY: API contract: `expected` is NULL or a valid `mnx_expected`.
            Ok::<_, mnx_status>((secret, unsafe { expected_arg(expected) }?))
        };
        let (secret, want) = match args() {
            Ok(a) => a,
            Err(e) => return e,
        };
        // SAFETY: API contract for every pointer.
        unsafe {
            read(
                body,
                body_len,
                [Span::of(secret), Span::of_ptr(expected)],
                scratch,
                scratch_cap,
                scratch_needed,
                out,
                |b, s| {
                    let signer = Signer::new(secret)?;
                    let cb = callback::parse_with_signer(b, &signer, mode(strict), s)?;
                    Ok((&reconcile::check(&cb.into(), &want)).into())
                },
            )
        }
    })
}

/// As `mnx_callback_reconcile`, for the response of a payment status
/// request (its last operation), verified with an initialised `signer` (as
/// `mnx_payment_status_response_parse`).
///
/// Stack (x86_64): 24 KiB.
#[no_mangle]
pub extern "C" fn mnx_payment_status_response_reconcile(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    strict: bool,
    expected: *const mnx_expected,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut mnx_mismatch_list,
) -> mnx_status {
    guard_output::<23>(scratch, scratch_cap, || {
        let signer_ptr = signer;
        let mut copy = SignerCopy::new();
        // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
        let signer = match unsafe { signer_arg(signer, &mut copy) } {
            Ok(s) => s,
            Err(e) => return e,
        };
        // SAFETY: API contract: `expected` is NULL or a valid `mnx_expected`.
        let want = match unsafe { expected_arg(expected) } {
            Ok(w) => w,
            Err(e) => return e,
        };
        // SAFETY: API contract for every pointer.
        unsafe {
            read(
                body,
                body_len,
                [Span::of_ptr(signer_ptr), Span::of_ptr(expected)],
                scratch,
                scratch_cap,
                scratch_needed,
                out,
                |b, s| {
                    let r = response::parse_status_response(b, signer, mode(strict), s)?;
                    Ok((&reconcile::check(&r.into(), &want)).into())
                },
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The raw-pointer paths of the readers (also under Miri).
    #[test]
    fn callback_through_the_export() {
        let body = br#"{"project_id":7,"payment":{"id":"p\/1","status":"success"},"operation":{"id":5,"status":"success","code":0}}"#;
        let mut signed = [0u8; 512];
        let signed = monetix_gate::sign_body(body, b"secret", &mut signed).unwrap();
        let mut scratch = [0u8; 16];
        let mut needed = 0usize;
        let mut cb = core::mem::MaybeUninit::<mnx_callback>::uninit();
        let st = mnx_callback_parse(
            signed.as_ptr(),
            signed.len(),
            b"secret".as_ptr(),
            6,
            true,
            scratch.as_mut_ptr(),
            scratch.len(),
            &mut needed,
            cb.as_mut_ptr(),
        );
        assert_eq!(st, mnx_status::Ok);
        // SAFETY: written by the export on success.
        let cb = unsafe { cb.assume_init() };
        assert_eq!(cb.outcome, mnx_outcome::FinalSuccess);
        assert_eq!((cb.project_id, cb.operation.id), (7, 5));
        // SAFETY: points into `scratch`, which is alive.
        let id = unsafe {
            core::slice::from_raw_parts(cb.payment.id.ptr.cast::<u8>(), cb.payment.id.len)
        };
        assert_eq!(id, b"p/1");
    }

    #[test]
    fn mismatch_list_holds_every_mismatch() {
        assert_eq!(Mismatches::new().capacity(), MNX_MAX_MISMATCHES);
    }

    /// The raw-pointer path of reconciliation (also under Miri).
    #[test]
    fn reconcile_through_the_export() {
        let body = br#"{"project_id":7,"payment":{"id":"p","sum":{"amount":5,"currency":"USD"}},"operation":{"sum_initial":{"amount":4,"currency":"USD"}}}"#;
        let mut signed = [0u8; 512];
        let signed = monetix_gate::sign_as_platform(body, b"secret", &mut signed).unwrap();
        let expected = mnx_expected {
            project_id: 7,
            payment_id: mnx_str::from_str("p"),
            amount: 5,
            currency: mnx_str::from_str("USD"),
            converted_amount: 0,
            converted_currency: mnx_str::EMPTY,
        };
        let mut needed = 0usize;
        let mut list = core::mem::MaybeUninit::<mnx_mismatch_list>::uninit();
        let st = mnx_callback_reconcile(
            signed.as_ptr(),
            signed.len(),
            b"secret".as_ptr(),
            6,
            true,
            &expected,
            core::ptr::null_mut(),
            0,
            &mut needed,
            list.as_mut_ptr(),
        );
        assert_eq!(st, mnx_status::Ok);
        // SAFETY: written by the export on success.
        let list = unsafe { list.assume_init() };
        assert_eq!(list.len, 1);
        let m = &list.items[0];
        // SAFETY: a static string of core.
        let path = unsafe { core::slice::from_raw_parts(m.path.ptr.cast::<u8>(), m.path.len) };
        assert_eq!(path, b"operation.sum_initial.amount");
        assert_eq!(
            (m.expected.kind, m.expected.int_value),
            (mnx_found_kind::Int, 5)
        );
        assert_eq!((m.found.kind, m.found.int_value), (mnx_found_kind::Int, 4));
    }
}
