//! Typed payout builders (Banks of Cambodia, Bank transfers in Colombia),
//! the payment status request, bank directories and amount conversion.
//!
//! Every string is an `mnx_str` (pointer + length, UTF-8, not
//! NUL-terminated); an optional one is absent when it is `{ NULL, 0 }`.
//! Each C struct converts field by field into core's request type; core
//! validates, measures and writes. A field that cannot be converted (text
//! that is not UTF-8, a NULL pointer with a length) fails before validation
//! and is named through `out_field` just like a validation failure.

use monetix_gate::money::{self, Currency};
use monetix_gate::payout::status::StatusRequest;
use monetix_gate::payout::{
    self, cambodia, colombia, Bank, Extra, Field, General, Method, Options, Payment, Reason,
    Request, Violation, MAX_EXTRAS,
};
use monetix_gate::{Error, Signer};

use crate::boundary::{guard, guard_output};
use crate::engine::{mnx_options, mnx_signer, options_arg, signer_arg, Policy, SignerCopy};
use crate::run;
use crate::slice::{
    finish, in_param, input, mnx_str, opt_field, opt_out_param, out_param, output, str_field, text,
    write_items, Out, Span,
};
use crate::status::mnx_status;

// ---- sizes ------------------------------------------------------------------

/// Largest signed Cambodia payout body (with `MNX_MAX_EXTRAS` extras at their
/// largest): a buffer this size always suffices.
pub const MNX_MAX_CAMBODIA_PAYOUT_LEN: usize = 16093;
/// Largest signed Cambodia payout body without extras. With `n` extras:
/// `MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS + n * MNX_MAX_EXTRA_LEN`.
pub const MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS: usize = 6493;
/// Largest signed Colombia payout body (with `MNX_MAX_EXTRAS` extras).
pub const MNX_MAX_COLOMBIA_PAYOUT_LEN: usize = 15125;
/// Largest signed Colombia payout body without extras.
pub const MNX_MAX_COLOMBIA_PAYOUT_LEN_WITHOUT_EXTRAS: usize = 5525;
/// Largest signed payment status request body.
pub const MNX_MAX_PAYMENT_STATUS_REQUEST_LEN: usize = 678;
/// Worst-case size one extra parameter adds to a body.
pub const MNX_MAX_EXTRA_LEN: usize = 600;
/// Most extra parameters in one request.
pub const MNX_MAX_EXTRAS: usize = 16;
/// Most violations one validation reports: an `mnx_violation` array of this
/// length always suffices.
pub const MNX_MAX_VIOLATIONS: usize = 40;
/// Longest `general.payment_id` / `customer.id`, in bytes.
pub const MNX_MAX_ID_LEN: usize = 255;

const _: () = assert!(MNX_MAX_CAMBODIA_PAYOUT_LEN == cambodia::MAX_LEN);
const _: () =
    assert!(MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS == cambodia::MAX_LEN_WITHOUT_EXTRAS);
const _: () = assert!(MNX_MAX_COLOMBIA_PAYOUT_LEN == colombia::MAX_LEN);
const _: () =
    assert!(MNX_MAX_COLOMBIA_PAYOUT_LEN_WITHOUT_EXTRAS == colombia::MAX_LEN_WITHOUT_EXTRAS);
const _: () = assert!(MNX_MAX_PAYMENT_STATUS_REQUEST_LEN == payout::status::MAX_LEN);
const _: () = assert!(MNX_MAX_EXTRA_LEN == payout::MAX_EXTRA_LEN);
const _: () = assert!(MNX_MAX_EXTRAS == payout::MAX_EXTRAS);
const _: () = assert!(MNX_MAX_VIOLATIONS == payout::MAX_VIOLATIONS);
const _: () = assert!(MNX_MAX_ID_LEN == payout::MAX_ID_LEN);

/// Payout `flags`: accept an `account.bank_id` that is not in the method's
/// bank table (the platform warns the table may change without notice).
pub const MNX_PAYOUT_ALLOW_UNLISTED_BANK: u32 = 1;

// ---- fields and violations ----------------------------------------------------

/// A request parameter, as named in validation results (`out_field`,
/// `mnx_violation`). `mnx_field_path` gives its dotted path.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_field {
    /// No field.
    None = 0,
    /// `general.project_id`
    GeneralProjectId = 1,
    /// `general.payment_id`
    GeneralPaymentId = 2,
    /// `general.merchant_callback_url`
    GeneralMerchantCallbackUrl = 3,
    /// `customer.id`
    CustomerId = 4,
    /// `customer.ip_address`
    CustomerIpAddress = 5,
    /// `customer.first_name`
    CustomerFirstName = 6,
    /// `customer.last_name`
    CustomerLastName = 7,
    /// `customer.email`
    CustomerEmail = 8,
    /// `customer.phone`
    CustomerPhone = 9,
    /// `customer.identify.doc_number`
    CustomerIdentifyDocNumber = 10,
    /// `customer.identify.doc_type`
    CustomerIdentifyDocType = 11,
    /// `account.number`
    AccountNumber = 12,
    /// `account.type`
    AccountType = 13,
    /// `account.bank_id`
    AccountBankId = 14,
    /// `account.branch`
    AccountBranch = 15,
    /// `account.city`
    AccountCity = 16,
    /// `account.province`
    AccountProvince = 17,
    /// `account.customer_name`
    AccountCustomerName = 18,
    /// `payment.currency`
    PaymentCurrency = 19,
    /// `payment.amount`
    PaymentAmount = 20,
    /// `payment.description`
    PaymentDescription = 21,
    /// One of the extra parameters (the violation's `path` says which), or
    /// the list as a whole (`extras`).
    Extra = 22,
    /// A field this version of the C API has no value for.
    Other = 99,
}

const FIELDS: [(mnx_field, Field); 22] = [
    (mnx_field::GeneralProjectId, Field::GeneralProjectId),
    (mnx_field::GeneralPaymentId, Field::GeneralPaymentId),
    (
        mnx_field::GeneralMerchantCallbackUrl,
        Field::GeneralMerchantCallbackUrl,
    ),
    (mnx_field::CustomerId, Field::CustomerId),
    (mnx_field::CustomerIpAddress, Field::CustomerIpAddress),
    (mnx_field::CustomerFirstName, Field::CustomerFirstName),
    (mnx_field::CustomerLastName, Field::CustomerLastName),
    (mnx_field::CustomerEmail, Field::CustomerEmail),
    (mnx_field::CustomerPhone, Field::CustomerPhone),
    (
        mnx_field::CustomerIdentifyDocNumber,
        Field::CustomerIdentifyDocNumber,
    ),
    (
        mnx_field::CustomerIdentifyDocType,
        Field::CustomerIdentifyDocType,
    ),
    (mnx_field::AccountNumber, Field::AccountNumber),
    (mnx_field::AccountType, Field::AccountType),
    (mnx_field::AccountBankId, Field::AccountBankId),
    (mnx_field::AccountBranch, Field::AccountBranch),
    (mnx_field::AccountCity, Field::AccountCity),
    (mnx_field::AccountProvince, Field::AccountProvince),
    (mnx_field::AccountCustomerName, Field::AccountCustomerName),
    (mnx_field::PaymentCurrency, Field::PaymentCurrency),
    (mnx_field::PaymentAmount, Field::PaymentAmount),
    (mnx_field::PaymentDescription, Field::PaymentDescription),
    (mnx_field::Extra, Field::Extra),
];

impl From<Field> for mnx_field {
    fn from(f: Field) -> Self {
        FIELDS
            .iter()
            .find(|(_, core)| *core == f)
            .map_or(mnx_field::Other, |(c, _)| *c)
    }
}

/// The core field of an `mnx_field` value (`MNX_STATUS_INVALID_ARGUMENT`
/// for `MNX_FIELD_NONE`, `MNX_FIELD_OTHER` and any other integer).
pub(crate) fn field_arg(field: i32) -> Result<Field, mnx_status> {
    FIELDS
        .iter()
        .find(|(c, _)| *c as i32 == field)
        .map(|(_, f)| *f)
        .ok_or(mnx_status::InvalidArgument)
}

/// Why a parameter is invalid (`mnx_violation.reason`); `mnx_reason_str`
/// gives the words.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_reason {
    /// A required parameter is empty or only whitespace.
    Missing = 1,
    /// An optional parameter is present but empty (leave it out instead).
    Empty = 2,
    /// Longer than the library's bound for the field.
    TooLong = 3,
    /// Contains a control character.
    Control = 4,
    /// An integer that must be greater than zero is not.
    NotPositive = 5,
    /// Not an email address.
    Email = 6,
    /// Not an IPv4 or IPv6 address.
    IpAddress = 7,
    /// Not only the ASCII digits 0-9.
    Digits = 8,
    /// Not exactly 10 ASCII digits (Colombia `customer.phone`).
    TenDigits = 9,
    /// Not `CC` or `NIT`.
    DocType = 10,
    /// Not `CACC` or `SVGS`.
    AccountType = 11,
    /// Not one of the payment method's currencies.
    Currency = 12,
    /// Not in the payment method's bank table (see `MNX_PAYOUT_ALLOW_UNLISTED_BANK`).
    UnknownBank = 13,
    /// Not an absolute http(s) URL.
    Url = 14,
    /// The path of an extra parameter is malformed.
    ExtraPath = 15,
    /// The path is reserved (the signature, `frame_mode`, a typed field).
    Reserved = 16,
    /// The parameter is given more than once.
    Duplicate = 17,
    /// The path is both a value and an object.
    Conflict = 18,
    /// More than `MNX_MAX_EXTRAS` extra parameters.
    TooMany = 19,
    /// Ambiguous text: a `;` followed later by a `:` could forge a signed
    /// line (refused unless the caller opted in with `MNX_ALLOW_AMBIGUOUS`).
    Ambiguous = 20,
    /// A required parameter is absent (or `null`) in the JSON fields.
    Required = 21,
    /// Not a JSON string.
    NotString = 22,
    /// Not a JSON integer within the signed 64-bit range.
    NotInteger = 23,
    /// Not a JSON integer from 0 to 4294967295 (a bank ID).
    NotBankId = 24,
    /// Not a JSON object.
    NotObject = 25,
    /// Not a parameter of this request (`hint` may name a close one); other
    /// Gate parameters go in the top-level `"extras"` object.
    Unknown = 26,
    /// An extra parameter's value is not a string, an integer or a boolean.
    ExtraValue = 27,
    /// More violations were found than a list holds: this entry, last,
    /// stands for the rest.
    More = 28,
    /// A reason this version of the C API has no value for (see `message`).
    Other = 99,
}

const REASONS: [(mnx_reason, Reason); 28] = [
    (mnx_reason::Missing, Reason::Missing),
    (mnx_reason::Empty, Reason::Empty),
    (mnx_reason::TooLong, Reason::TooLong),
    (mnx_reason::Control, Reason::Control),
    (mnx_reason::NotPositive, Reason::NotPositive),
    (mnx_reason::Email, Reason::Email),
    (mnx_reason::IpAddress, Reason::IpAddress),
    (mnx_reason::Digits, Reason::Digits),
    (mnx_reason::TenDigits, Reason::TenDigits),
    (mnx_reason::DocType, Reason::DocType),
    (mnx_reason::AccountType, Reason::AccountType),
    (mnx_reason::Currency, Reason::Currency),
    (mnx_reason::UnknownBank, Reason::UnknownBank),
    (mnx_reason::Url, Reason::Url),
    (mnx_reason::ExtraPath, Reason::ExtraPath),
    (mnx_reason::Reserved, Reason::Reserved),
    (mnx_reason::Duplicate, Reason::Duplicate),
    (mnx_reason::Conflict, Reason::Conflict),
    (mnx_reason::TooMany, Reason::TooMany),
    (mnx_reason::Ambiguous, Reason::Ambiguous),
    (mnx_reason::Required, Reason::Required),
    (mnx_reason::NotString, Reason::NotString),
    (mnx_reason::NotInteger, Reason::NotInteger),
    (mnx_reason::NotBankId, Reason::NotBankId),
    (mnx_reason::NotObject, Reason::NotObject),
    (mnx_reason::Unknown, Reason::Unknown),
    (mnx_reason::ExtraValue, Reason::ExtraValue),
    (mnx_reason::More, Reason::More),
];

impl From<Reason> for mnx_reason {
    fn from(r: Reason) -> Self {
        REASONS
            .iter()
            .find(|(_, core)| *core == r)
            .map_or(mnx_reason::Other, |(c, _)| *c)
    }
}

/// The core reason of an `mnx_reason` value (`MNX_STATUS_INVALID_ARGUMENT`
/// for `MNX_REASON_OTHER` and any other integer).
pub(crate) fn reason_arg(reason: i32) -> Result<Reason, mnx_status> {
    REASONS
        .iter()
        .find(|(c, _)| *c as i32 == reason)
        .map(|(_, r)| *r)
        .ok_or(mnx_status::InvalidArgument)
}

/// One violation of a validation rule.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_violation {
    /// The parameter (`MNX_FIELD_EXTRA` for an extra parameter).
    pub field: mnx_field,
    /// Why it is invalid.
    pub reason: mnx_reason,
    /// The dotted path, e.g. `customer.phone`; for an extra, its own path
    /// (pointing into the request's `mnx_extra`), or `extras` for the list.
    pub path: mnx_str,
    /// The reason in words (static), e.g. `must contain only the digits 0-9`.
    pub message: mnx_str,
}

impl From<&Violation<'_>> for mnx_violation {
    fn from(v: &Violation<'_>) -> Self {
        mnx_violation {
            field: v.field.into(),
            reason: v.reason.into(),
            path: mnx_str::from_str(v.path),
            message: mnx_str::from_str(v.reason.as_str()),
        }
    }
}

/// The dotted path of a field (`"customer.phone"`, static, not
/// NUL-terminated); `{ NULL, 0 }` for `MNX_FIELD_NONE`, `MNX_FIELD_OTHER` and
/// any value that is not an `mnx_field`.
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_field_path(field: i32) -> mnx_str {
    guard::<2, _>(|| field_arg(field).map_or(mnx_str::EMPTY, |f| mnx_str::from_str(f.as_str())))
}

/// The words for a reason (static, not NUL-terminated); `{ NULL, 0 }` for a
/// value that is not an `mnx_reason` (or `MNX_REASON_OTHER`).
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_reason_str(reason: i32) -> mnx_str {
    guard::<2, _>(|| reason_arg(reason).map_or(mnx_str::EMPTY, |r| mnx_str::from_str(r.as_str())))
}

// ---- the C request structs ------------------------------------------------

/// `general` of a request (its `signature` is added when signing).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_general {
    /// `general.project_id`: must be > 0.
    pub project_id: i64,
    /// `general.payment_id`: required, unique within the project.
    pub payment_id: mnx_str,
    /// `general.merchant_callback_url`: optional absolute http(s) URL.
    pub merchant_callback_url: mnx_str,
}

/// `payment` of a payout request.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_payment {
    /// `payment.currency`: ISO 4217 code, one of the method's currencies.
    pub currency: mnx_str,
    /// `payment.amount` in minor units (`50,000.00 KHR` is 5000000; see
    /// `mnx_to_minor_units`); must be > 0.
    pub amount: i64,
    /// `payment.description`: optional.
    pub description: mnx_str,
}

/// Kind of an extra parameter's value.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_extra_kind {
    /// A JSON string (`str_value`).
    Str = 0,
    /// A JSON integer (`int_value`).
    Int = 1,
    /// A JSON boolean (`bool_value`; signed as 1 / 0).
    Bool = 2,
}

/// Any other Gate parameter, by dotted path (`customer.country`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_extra {
    /// Dot-separated names of ASCII letters, digits and `_`.
    pub path: mnx_str,
    /// An `mnx_extra_kind` (other values: `MNX_STATUS_INVALID_ARGUMENT`).
    pub kind: i32,
    /// The value when `kind` is `MNX_EXTRA_KIND_STR`.
    pub str_value: mnx_str,
    /// The value when `kind` is `MNX_EXTRA_KIND_INT`.
    pub int_value: i64,
    /// The value when `kind` is `MNX_EXTRA_KIND_BOOL`.
    pub bool_value: bool,
}

/// `customer` of a Cambodia payout (all required).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_cambodia_customer {
    /// `customer.id`.
    pub id: mnx_str,
    /// `customer.ip_address`: IPv4 or IPv6.
    pub ip_address: mnx_str,
    /// `customer.email`.
    pub email: mnx_str,
    /// `customer.phone`: digits only.
    pub phone: mnx_str,
}

/// `account` of a Cambodia payout.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_cambodia_account {
    /// `account.number`: required.
    pub number: mnx_str,
    /// `account.bank_id`: required, from the bank table (`mnx_bank_*`).
    pub bank_id: u32,
    /// `account.branch`: optional.
    pub branch: mnx_str,
    /// `account.city`: optional.
    pub city: mnx_str,
    /// `account.province`: optional.
    pub province: mnx_str,
    /// `account.customer_name`: required.
    pub customer_name: mnx_str,
}

/// A Banks of Cambodia payout request (`POST MNX_CAMBODIA_PAYOUT_ENDPOINT`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_cambodia_payout {
    /// `general`.
    pub general: mnx_general,
    /// `customer`.
    pub customer: mnx_cambodia_customer,
    /// `account`.
    pub account: mnx_cambodia_account,
    /// `payment` (currency KHR or USD).
    pub payment: mnx_payment,
    /// Extra parameters (may be NULL when `extras_len` is 0).
    pub extras: *const mnx_extra,
    /// Number of `extras` (more than `MNX_MAX_EXTRAS` is a violation).
    pub extras_len: usize,
    /// 0 or `MNX_PAYOUT_ALLOW_UNLISTED_BANK`.
    pub flags: u32,
}

/// `customer.identify` of a Colombia payout.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_colombia_identify {
    /// `customer.identify.doc_number`: digits.
    pub doc_number: mnx_str,
    /// `customer.identify.doc_type`: `CC` or `NIT`.
    pub doc_type: mnx_str,
}

/// `customer` of a Colombia payout (all required).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_colombia_customer {
    /// `customer.id`.
    pub id: mnx_str,
    /// `customer.ip_address`: IPv4 or IPv6.
    pub ip_address: mnx_str,
    /// `customer.first_name`.
    pub first_name: mnx_str,
    /// `customer.last_name`.
    pub last_name: mnx_str,
    /// `customer.email`.
    pub email: mnx_str,
    /// `customer.phone`: exactly 10 digits.
    pub phone: mnx_str,
    /// `customer.identify`.
    pub identify: mnx_colombia_identify,
}

/// `account` of a Colombia payout (all required).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_colombia_account {
    /// `account.number`.
    pub number: mnx_str,
    /// `account.type`: `CACC` or `SVGS`.
    pub r#type: mnx_str,
    /// `account.bank_id`: from the bank table (`mnx_bank_*`).
    pub bank_id: u32,
}

/// A Bank transfers in Colombia payout request (`POST MNX_COLOMBIA_PAYOUT_ENDPOINT`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_colombia_payout {
    /// `general`.
    pub general: mnx_general,
    /// `customer`.
    pub customer: mnx_colombia_customer,
    /// `account`.
    pub account: mnx_colombia_account,
    /// `payment` (currency COP or USD).
    pub payment: mnx_payment,
    /// Extra parameters (may be NULL when `extras_len` is 0).
    pub extras: *const mnx_extra,
    /// Number of `extras` (more than `MNX_MAX_EXTRAS` is a violation).
    pub extras_len: usize,
    /// 0 or `MNX_PAYOUT_ALLOW_UNLISTED_BANK`.
    pub flags: u32,
}

/// The payment status request (`POST MNX_PAYMENT_STATUS_ENDPOINT`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_payment_status_request {
    /// `general.project_id`: must be > 0.
    pub project_id: i64,
    /// `general.payment_id`: the payment to ask about.
    pub payment_id: mnx_str,
}

// ---- conversion ---------------------------------------------------------------

/// A conversion failure: the status and the field it is about.
type ConvError = (mnx_status, mnx_field);

/// Room for the extras of one request: one more than core checks, so that
/// core still sees "too many" and reports it.
type ExtraSlots<'a> = [Extra<'a>; MAX_EXTRAS + 1];

fn empty_slots<'a>() -> ExtraSlots<'a> {
    [Extra::int("", 0); MAX_EXTRAS + 1]
}

/// # Safety
/// `s` satisfies the `mnx_str` contract (valid for `'a`).
unsafe fn req<'a>(s: mnx_str, field: Field) -> Result<&'a str, ConvError> {
    // SAFETY: forwarded contract.
    unsafe { str_field(s) }.map_err(|e| (e, field.into()))
}

/// # Safety
/// As [`req`].
unsafe fn opt<'a>(s: mnx_str, field: Field) -> Result<Option<&'a str>, ConvError> {
    // SAFETY: forwarded contract.
    unsafe { opt_field(s) }.map_err(|e| (e, field.into()))
}

fn options(flags: u32) -> Result<Options, ConvError> {
    if flags & !MNX_PAYOUT_ALLOW_UNLISTED_BANK != 0 {
        return Err((mnx_status::InvalidArgument, mnx_field::None));
    }
    Ok(Options::new().allow_unlisted_bank(flags & MNX_PAYOUT_ALLOW_UNLISTED_BANK != 0))
}

/// # Safety
/// Every `mnx_str` of `g` satisfies its contract for `'a`.
unsafe fn general<'a>(g: &mnx_general) -> Result<General<'a>, ConvError> {
    Ok(General {
        project_id: g.project_id,
        // SAFETY: forwarded contract for the struct's strings.
        payment_id: unsafe { req(g.payment_id, Field::GeneralPaymentId) }?,
        // SAFETY: forwarded contract for the struct's strings.
        merchant_callback_url: unsafe {
            opt(g.merchant_callback_url, Field::GeneralMerchantCallbackUrl)
        }?,
    })
}

/// # Safety
/// Every `mnx_str` of `p` satisfies its contract for `'a`.
unsafe fn payment<'a>(p: &mnx_payment) -> Result<Payment<'a>, ConvError> {
    Ok(Payment {
        // SAFETY: forwarded contract.
        currency: unsafe { req(p.currency, Field::PaymentCurrency) }?,
        amount: p.amount,
        // SAFETY: forwarded contract.
        description: unsafe { opt(p.description, Field::PaymentDescription) }?,
    })
}

/// Converts the caller's extras into `slots` (at most `MAX_EXTRAS + 1`).
///
/// # Safety
/// `extras` is NULL or points to `len` valid `mnx_extra`s whose strings
/// satisfy their contract for `'a`.
unsafe fn extras<'a, 's>(
    extras: *const mnx_extra,
    len: usize,
    slots: &'s mut ExtraSlots<'a>,
) -> Result<&'s [Extra<'a>], ConvError> {
    let n = len.min(slots.len());
    if n == 0 {
        return Ok(&[]);
    }
    if extras.is_null() {
        return Err((mnx_status::NullArgument, mnx_field::Extra));
    }
    if !extras.is_aligned() {
        return Err((mnx_status::InvalidArgument, mnx_field::Extra));
    }
    // SAFETY: non-NULL, aligned, and `n <= len` initialised elements (contract).
    let items = unsafe { core::slice::from_raw_parts(extras, n) };
    for (slot, e) in slots.iter_mut().zip(items) {
        // SAFETY: forwarded contract for the extra's strings.
        let path = unsafe { req(e.path, Field::Extra) }?;
        *slot = match e.kind {
            k if k == mnx_extra_kind::Str as i32 => {
                // SAFETY: forwarded contract.
                Extra::str(path, unsafe { req(e.str_value, Field::Extra) }?)
            }
            k if k == mnx_extra_kind::Int as i32 => Extra::int(path, e.int_value),
            k if k == mnx_extra_kind::Bool as i32 => Extra::bool(path, e.bool_value),
            _ => return Err((mnx_status::InvalidArgument, mnx_field::Extra)),
        };
    }
    Ok(slots.get(..n).unwrap_or(&[]))
}

/// # Safety
/// Every pointer inside `p` satisfies the API contract for `'a`.
unsafe fn cambodia_payout<'a>(
    p: &mnx_cambodia_payout,
    slots: &'a mut ExtraSlots<'a>,
) -> Result<(cambodia::Payout<'a>, Options), ConvError> {
    let (c, a) = (&p.customer, &p.account);
    // SAFETY: every `req`/`opt`/helper call below reads strings and the
    // extras array of `p`, which satisfy their contract (this function's).
    let payout = unsafe {
        cambodia::Payout {
            general: general(&p.general)?,
            customer: cambodia::Customer {
                id: req(c.id, Field::CustomerId)?,
                ip_address: req(c.ip_address, Field::CustomerIpAddress)?,
                email: req(c.email, Field::CustomerEmail)?,
                phone: req(c.phone, Field::CustomerPhone)?,
            },
            account: cambodia::Account {
                number: req(a.number, Field::AccountNumber)?,
                bank_id: a.bank_id,
                branch: opt(a.branch, Field::AccountBranch)?,
                city: opt(a.city, Field::AccountCity)?,
                province: opt(a.province, Field::AccountProvince)?,
                customer_name: req(a.customer_name, Field::AccountCustomerName)?,
            },
            payment: payment(&p.payment)?,
            extras: extras(p.extras, p.extras_len, slots)?,
        }
    };
    Ok((payout, options(p.flags)?))
}

/// # Safety
/// Every pointer inside `p` satisfies the API contract for `'a`.
unsafe fn colombia_payout<'a>(
    p: &mnx_colombia_payout,
    slots: &'a mut ExtraSlots<'a>,
) -> Result<(colombia::Payout<'a>, Options), ConvError> {
    let (c, a) = (&p.customer, &p.account);
    // SAFETY: every `req`/helper call below reads strings and the extras
    // array of `p`, which satisfy their contract (this function's).
    let payout = unsafe {
        colombia::Payout {
            general: general(&p.general)?,
            customer: colombia::Customer {
                id: req(c.id, Field::CustomerId)?,
                ip_address: req(c.ip_address, Field::CustomerIpAddress)?,
                first_name: req(c.first_name, Field::CustomerFirstName)?,
                last_name: req(c.last_name, Field::CustomerLastName)?,
                email: req(c.email, Field::CustomerEmail)?,
                phone: req(c.phone, Field::CustomerPhone)?,
                identify: colombia::Identify {
                    doc_number: req(c.identify.doc_number, Field::CustomerIdentifyDocNumber)?,
                    doc_type: req(c.identify.doc_type, Field::CustomerIdentifyDocType)?,
                },
            },
            account: colombia::Account {
                number: req(a.number, Field::AccountNumber)?,
                r#type: req(a.r#type, Field::AccountType)?,
                bank_id: a.bank_id,
            },
            payment: payment(&p.payment)?,
            extras: extras(p.extras, p.extras_len, slots)?,
        }
    };
    Ok((payout, options(p.flags)?))
}

/// # Safety
/// The string of `r` satisfies its contract for `'a`.
unsafe fn status_request<'a>(
    r: &mnx_payment_status_request,
) -> Result<(StatusRequest<'a>, Options), ConvError> {
    let request = StatusRequest {
        project_id: r.project_id,
        // SAFETY: forwarded contract.
        payment_id: unsafe { req(r.payment_id, Field::GeneralPaymentId) }?,
    };
    Ok((request, Options::new()))
}

// ---- the shared shapes of the exports -----------------------------------------

/// The key of a signing export: a secret with the call's policies, or a
/// copy of the caller's signer (with the signer's policies, in the export's
/// frame) and where the caller's signer is.
pub(crate) enum Key<'k> {
    Secret(&'k [u8], Policy),
    Signer(&'k Signer, Span),
}

impl Key<'_> {
    /// The request's options (`base`: what its struct's flags say) under
    /// this key's policies: a secret's options, or the signer's own policy
    /// for ambiguous data.
    fn options(&self, base: Options) -> Options {
        match self {
            Key::Secret(_, p) => p.options(base),
            Key::Signer(s, _) => base.ambiguous_data(s.ambiguous_data()),
        }
    }

    /// The caller memory the key came from (for the overlap checks).
    fn span(&self) -> Span {
        match self {
            Key::Secret(s, _) => Span::of(s),
            Key::Signer(_, at) => *at,
        }
    }

    /// Signs a request in core's order (as its `sign_into`): validation,
    /// then the buffer size, then the secret.
    pub(crate) fn sign<'a, 'o, R: Request<'a>>(
        &self,
        request: &R,
        base: Options,
        out: &'o mut [u8],
    ) -> Result<&'o [u8], Error> {
        let opts = self.options(base);
        match self {
            Key::Signer(signer, _) => request.sign_with(signer, out, opts),
            Key::Secret(secret, policy) => {
                if !request.validate(opts).is_empty() {
                    return Err(Error::Invalid);
                }
                let needed = request.encoded_len();
                if out.len() < needed {
                    return Err(Error::BufferTooSmall { needed });
                }
                request.sign_with(&policy.signer(secret)?, out, opts)
            }
        }
    }
}

impl Policy {
    /// `base` (a request struct's flags) with these policies: ambiguous
    /// data as they say, unlisted banks if either allows them.
    pub(crate) fn options(self, base: Options) -> Options {
        base.ambiguous_data(self.ambiguous)
            .allow_unlisted_bank(base.allows_unlisted_bank() || self.unlisted_bank)
    }
}

/// Writes `field` to the optional `out_field` (the documented exception to
/// "outputs only on success") and returns `status`.
fn named(
    status: mnx_status,
    field: mnx_field,
    out_field: Option<Out<'_, mnx_field>>,
) -> mnx_status {
    if let Some(out) = out_field {
        if field != mnx_field::None {
            out.set(field);
        }
    }
    status
}

/// The common body of the `*_sign`, `*_sign_opt` and `*_sign_with` exports,
/// after the request was converted (`request`) and the key read (`key`).
///
/// # Safety
/// `out`, `out_cap`, `out_len` and `out_field` satisfy the API contract;
/// `out` does not overlap any string of the request.
unsafe fn sign_request<'a, R: Request<'a>>(
    request: Result<(R, Options), ConvError>,
    key: Result<Key<'_>, mnx_status>,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    // SAFETY: API contract: `out_field` is NULL or a writable `mnx_field`.
    let out_field = match unsafe { opt_out_param(out_field) } {
        Ok(f) => f,
        Err(s) => return s,
    };
    let (request, base) = match request {
        Ok(r) => r,
        Err((status, field)) => return named(status, field, out_field),
    };
    let mut opts = base;
    let res = run(|| {
        let key = key?;
        opts = key.options(base);
        let inputs = [key.span()];
        // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
        let out_len = unsafe { out_param(out_len) }?.apart(&inputs)?;
        // SAFETY: API contract for `out` (also: no overlap with the
        // request's strings); an overlap with the secret or the signer and
        // with `out_len` is refused.
        let out = unsafe { output(out, out_cap, &[inputs[0], out_len.span()]) }?;
        finish(key.sign(&request, base, out).map(<[u8]>::len), out_len)
    });
    if res == mnx_status::Invalid {
        let first = request
            .validate(opts)
            .first()
            .map_or(mnx_field::None, |v| v.field.into());
        return named(res, first, out_field);
    }
    res
}

/// The common body of the `*_validate` and `*_validate_opt` exports.
///
/// # Safety
/// `out`, `out_cap` and `out_len` satisfy the API contract.
unsafe fn validate_request<'a, R: Request<'a>>(
    request: Result<(R, Options), ConvError>,
    policy: Result<Policy, mnx_status>,
    out: *mut mnx_violation,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    run(|| {
        let (request, base) = request.map_err(|(status, _)| status)?;
        let opts = policy?.options(base);
        // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
        let out_len = unsafe { out_param(out_len) }?;
        if !out.is_null() {
            let array = Span::raw(
                out,
                out_cap.saturating_mul(core::mem::size_of::<mnx_violation>()),
            );
            crate::slice::apart(out_len.span(), &[array])?;
        }
        let violations = request.validate(opts);
        // SAFETY: API contract: `out` is NULL (with `out_cap` 0) or an array
        // of `out_cap` writable `mnx_violation`s.
        unsafe {
            write_items(
                out,
                out_cap,
                violations.iter().map(mnx_violation::from),
                out_len,
            )
        }
    })
}

/// The secret argument of a one-shot export, with the call's policies
/// (`options` is `None` for the pinned functions: the defaults).
///
/// # Safety
/// `secret` points to `secret_len` readable bytes (or is NULL with 0);
/// `options` is NULL or a valid `mnx_options`.
unsafe fn secret_key<'k>(
    secret: *const u8,
    secret_len: usize,
    options: Option<*const mnx_options>,
) -> Result<Key<'k>, mnx_status> {
    // SAFETY: forwarded contract.
    let secret = unsafe { input(secret, secret_len) }?;
    let policy = match options {
        // SAFETY: forwarded contract.
        Some(o) => unsafe { options_arg(o) }?,
        None => Policy::default(),
    };
    Ok(Key::Secret(secret, policy))
}

/// The signer argument of a `*_with` export, copied into `copy`.
///
/// # Safety
/// `signer` is NULL or an aligned `mnx_signer`.
unsafe fn signer_key(
    signer: *const mnx_signer,
    copy: &mut SignerCopy,
) -> Result<Key<'_>, mnx_status> {
    // SAFETY: forwarded contract.
    unsafe { signer_arg(signer, copy) }.map(|g| Key::Signer(g, Span::of_ptr(signer)))
}

/// The policies of a `*_validate_opt` export.
///
/// # Safety
/// `options` is NULL or a valid `mnx_options`.
unsafe fn validate_policy(options: Option<*const mnx_options>) -> Result<Policy, mnx_status> {
    match options {
        // SAFETY: forwarded contract.
        Some(o) => unsafe { options_arg(o) },
        None => Ok(Policy::default()),
    }
}

/// Lifts a NULL/misaligned request pointer into a conversion error.
fn no_field<T>(r: Result<T, mnx_status>) -> Result<T, ConvError> {
    r.map_err(|s| (s, mnx_field::None))
}

// ---- Cambodia -------------------------------------------------------------

/// Validates a Cambodia payout and writes **every** violation, in body order,
/// into `out` (an array of `out_cap`; `MNX_MAX_VIOLATIONS` always suffices).
///
/// `MNX_STATUS_OK` with `*out_len == 0` means valid; `MNX_STATUS_OK` with
/// `*out_len > 0` means invalid, the list written. `MNX_STATUS_BUFFER_TOO_SMALL`
/// sets `*out_len` to the number of violations. A field that is not UTF-8
/// gives `MNX_STATUS_INVALID_UTF8` (use `mnx_cambodia_payout_sign`'s
/// `out_field` to learn which).
///
/// Stack (x86_64): 10 KiB.
#[no_mangle]
pub extern "C" fn mnx_cambodia_payout_validate(
    payout: *const mnx_cambodia_payout,
    out: *mut mnx_violation,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard::<9, _>(|| {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { cambodia_payout(p, &mut slots) });
        // SAFETY: API contract for `out`, `out_cap`, `out_len`.
        unsafe { validate_request(request, validate_policy(None), out, out_cap, out_len) }
    })
}

/// Validates a Cambodia payout, then writes its JSON body with
/// `general.signature` set into `out` (ready to POST to
/// `MNX_CAMBODIA_PAYOUT_ENDPOINT`). `MNX_MAX_CAMBODIA_PAYOUT_LEN` always
/// suffices.
///
/// Invalid: `MNX_STATUS_INVALID` and the first violating field in
/// `*out_field` (optional, may be NULL); `mnx_cambodia_payout_validate`
/// lists them all. A field that cannot be read (`MNX_STATUS_INVALID_UTF8`,
/// `MNX_STATUS_NULL_ARGUMENT` for a NULL string with a length) is named the
/// same way. The secret is checked strictly, as `mnx_sign`.
///
/// Stack (x86_64): 24 KiB.
#[no_mangle]
pub extern "C" fn mnx_cambodia_payout_sign(
    payout: *const mnx_cambodia_payout,
    secret: *const u8,
    secret_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    guard_output::<23>(out, out_cap, || {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { cambodia_payout(p, &mut slots) });
        // SAFETY: API contract: `secret` points to `secret_len` bytes.
        let key = unsafe { secret_key(secret, secret_len, None) };
        // SAFETY: API contract for the outputs.
        unsafe { sign_request(request, key, out, out_cap, out_len, out_field) }
    })
}

/// As `mnx_cambodia_payout_sign`, with the key of an initialised `signer`,
/// under the signer's flags (`MNX_SECRET_ALLOW_ANY`, `MNX_ALLOW_AMBIGUOUS`).
///
/// Stack (x86_64): 24 KiB.
#[no_mangle]
pub extern "C" fn mnx_cambodia_payout_sign_with(
    payout: *const mnx_cambodia_payout,
    signer: *const mnx_signer,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    guard_output::<23>(out, out_cap, || {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { cambodia_payout(p, &mut slots) });
        let mut copy = SignerCopy::new();
        // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
        let key = unsafe { signer_key(signer, &mut copy) };
        // SAFETY: API contract for the outputs.
        unsafe { sign_request(request, key, out, out_cap, out_len, out_field) }
    })
}

/// As `mnx_cambodia_payout_validate`, with `options`: `MNX_ALLOW_AMBIGUOUS` accepts
/// ambiguous text (no `MNX_REASON_AMBIGUOUS` violations); see `mnx_options`.
///
/// Stack (x86_64): 10 KiB.
#[no_mangle]
pub extern "C" fn mnx_cambodia_payout_validate_opt(
    payout: *const mnx_cambodia_payout,
    options: *const mnx_options,
    out: *mut mnx_violation,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard::<9, _>(|| {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { cambodia_payout(p, &mut slots) });
        // SAFETY: API contract: `options` is NULL or a valid `mnx_options`.
        let policy = unsafe { validate_policy(Some(options)) };
        // SAFETY: API contract for `out`, `out_cap`, `out_len`.
        unsafe { validate_request(request, policy, out, out_cap, out_len) }
    })
}

/// As `mnx_cambodia_payout_sign`, with `options` (`MNX_SECRET_ALLOW_ANY`,
/// `MNX_ALLOW_AMBIGUOUS`; see `mnx_options`). `mnx_cambodia_payout_sign_with`
/// follows the signer's own flags instead.
///
/// Stack (x86_64): 24 KiB.
#[no_mangle]
pub extern "C" fn mnx_cambodia_payout_sign_opt(
    payout: *const mnx_cambodia_payout,
    secret: *const u8,
    secret_len: usize,
    options: *const mnx_options,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    guard_output::<23>(out, out_cap, || {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { cambodia_payout(p, &mut slots) });
        // SAFETY: API contract: `secret` points to `secret_len` bytes,
        // `options` is NULL or a valid `mnx_options`.
        let key = unsafe { secret_key(secret, secret_len, Some(options)) };
        // SAFETY: API contract for the outputs.
        unsafe { sign_request(request, key, out, out_cap, out_len, out_field) }
    })
}

// ---- Colombia -------------------------------------------------------------

/// As `mnx_cambodia_payout_validate`, for a Colombia payout.
///
/// Stack (x86_64): 10 KiB.
#[no_mangle]
pub extern "C" fn mnx_colombia_payout_validate(
    payout: *const mnx_colombia_payout,
    out: *mut mnx_violation,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard::<9, _>(|| {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { colombia_payout(p, &mut slots) });
        // SAFETY: API contract for `out`, `out_cap`, `out_len`.
        unsafe { validate_request(request, validate_policy(None), out, out_cap, out_len) }
    })
}

/// As `mnx_cambodia_payout_sign`, for a Colombia payout
/// (`MNX_COLOMBIA_PAYOUT_ENDPOINT`, `MNX_MAX_COLOMBIA_PAYOUT_LEN`).
///
/// Stack (x86_64): 24 KiB.
#[no_mangle]
pub extern "C" fn mnx_colombia_payout_sign(
    payout: *const mnx_colombia_payout,
    secret: *const u8,
    secret_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    guard_output::<23>(out, out_cap, || {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { colombia_payout(p, &mut slots) });
        // SAFETY: API contract: `secret` points to `secret_len` bytes.
        let key = unsafe { secret_key(secret, secret_len, None) };
        // SAFETY: API contract for the outputs.
        unsafe { sign_request(request, key, out, out_cap, out_len, out_field) }
    })
}

/// As `mnx_colombia_payout_sign`, with the key of an initialised `signer`,
/// under the signer's flags.
///
/// Stack (x86_64): 24 KiB.
#[no_mangle]
pub extern "C" fn mnx_colombia_payout_sign_with(
    payout: *const mnx_colombia_payout,
    signer: *const mnx_signer,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    guard_output::<23>(out, out_cap, || {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { colombia_payout(p, &mut slots) });
        let mut copy = SignerCopy::new();
        // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
        let key = unsafe { signer_key(signer, &mut copy) };
        // SAFETY: API contract for the outputs.
        unsafe { sign_request(request, key, out, out_cap, out_len, out_field) }
    })
}

/// As `mnx_colombia_payout_validate`, with `options`: `MNX_ALLOW_AMBIGUOUS` accepts
/// ambiguous text (no `MNX_REASON_AMBIGUOUS` violations); see `mnx_options`.
///
/// Stack (x86_64): 10 KiB.
#[no_mangle]
pub extern "C" fn mnx_colombia_payout_validate_opt(
    payout: *const mnx_colombia_payout,
    options: *const mnx_options,
    out: *mut mnx_violation,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard::<9, _>(|| {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { colombia_payout(p, &mut slots) });
        // SAFETY: API contract: `options` is NULL or a valid `mnx_options`.
        let policy = unsafe { validate_policy(Some(options)) };
        // SAFETY: API contract for `out`, `out_cap`, `out_len`.
        unsafe { validate_request(request, policy, out, out_cap, out_len) }
    })
}

/// As `mnx_colombia_payout_sign`, with `options` (`MNX_SECRET_ALLOW_ANY`,
/// `MNX_ALLOW_AMBIGUOUS`; see `mnx_options`). `mnx_colombia_payout_sign_with`
/// follows the signer's own flags instead.
///
/// Stack (x86_64): 24 KiB.
#[no_mangle]
pub extern "C" fn mnx_colombia_payout_sign_opt(
    payout: *const mnx_colombia_payout,
    secret: *const u8,
    secret_len: usize,
    options: *const mnx_options,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    guard_output::<23>(out, out_cap, || {
        let mut slots = empty_slots();
        // SAFETY: API contract: `payout` is NULL or a valid request whose
        // strings and extras are valid for this call.
        let request = no_field(unsafe { in_param(payout) })
            .and_then(|p| unsafe { colombia_payout(p, &mut slots) });
        // SAFETY: API contract: `secret` points to `secret_len` bytes,
        // `options` is NULL or a valid `mnx_options`.
        let key = unsafe { secret_key(secret, secret_len, Some(options)) };
        // SAFETY: API contract for the outputs.
        unsafe { sign_request(request, key, out, out_cap, out_len, out_field) }
    })
}

// ---- payment status request ---------------------------------------------------

/// As `mnx_cambodia_payout_validate`, for a payment status request.
///
/// Stack (x86_64): 8 KiB.
#[no_mangle]
pub extern "C" fn mnx_payment_status_request_validate(
    request: *const mnx_payment_status_request,
    out: *mut mnx_violation,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard::<7, _>(|| {
        // SAFETY: API contract: `request` is NULL or a valid request whose
        // string is valid for this call.
        let request =
            no_field(unsafe { in_param(request) }).and_then(|r| unsafe { status_request(r) });
        // SAFETY: API contract for `out`, `out_cap`, `out_len`.
        unsafe { validate_request(request, validate_policy(None), out, out_cap, out_len) }
    })
}

/// Validates a payment status request and writes its signed body
/// (`{"general":{"project_id":…,"payment_id":"…","signature":"…"}}`, for
/// `MNX_PAYMENT_STATUS_ENDPOINT`) into `out`; `MNX_MAX_PAYMENT_STATUS_REQUEST_LEN`
/// always suffices. Errors as `mnx_cambodia_payout_sign`.
///
/// Stack (x86_64): 20 KiB.
#[no_mangle]
pub extern "C" fn mnx_payment_status_request_sign(
    request: *const mnx_payment_status_request,
    secret: *const u8,
    secret_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    guard_output::<19>(out, out_cap, || {
        // SAFETY: API contract: `request` is NULL or a valid request whose
        // string is valid for this call.
        let request =
            no_field(unsafe { in_param(request) }).and_then(|r| unsafe { status_request(r) });
        // SAFETY: API contract: `secret` points to `secret_len` bytes.
        let key = unsafe { secret_key(secret, secret_len, None) };
        // SAFETY: API contract for the outputs.
        unsafe { sign_request(request, key, out, out_cap, out_len, out_field) }
    })
}

/// As `mnx_payment_status_request_sign`, with the key of an initialised
/// `signer`, under the signer's flags.
///
/// Stack (x86_64): 21 KiB.
#[no_mangle]
pub extern "C" fn mnx_payment_status_request_sign_with(
    request: *const mnx_payment_status_request,
    signer: *const mnx_signer,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    guard_output::<20>(out, out_cap, || {
        // SAFETY: API contract: `request` is NULL or a valid request whose
        // string is valid for this call.
        let request =
            no_field(unsafe { in_param(request) }).and_then(|r| unsafe { status_request(r) });
        let mut copy = SignerCopy::new();
        // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
        let key = unsafe { signer_key(signer, &mut copy) };
        // SAFETY: API contract for the outputs.
        unsafe { sign_request(request, key, out, out_cap, out_len, out_field) }
    })
}

/// As `mnx_payment_status_request_validate`, with `options`: `MNX_ALLOW_AMBIGUOUS` accepts
/// ambiguous text (no `MNX_REASON_AMBIGUOUS` violations); see `mnx_options`.
///
/// Stack (x86_64): 8 KiB.
#[no_mangle]
pub extern "C" fn mnx_payment_status_request_validate_opt(
    request: *const mnx_payment_status_request,
    options: *const mnx_options,
    out: *mut mnx_violation,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard::<7, _>(|| {
        // SAFETY: API contract: `request` is NULL or a valid request whose
        // string is valid for this call.
        let request =
            no_field(unsafe { in_param(request) }).and_then(|r| unsafe { status_request(r) });
        // SAFETY: API contract: `options` is NULL or a valid `mnx_options`.
        let policy = unsafe { validate_policy(Some(options)) };
        // SAFETY: API contract for `out`, `out_cap`, `out_len`.
        unsafe { validate_request(request, policy, out, out_cap, out_len) }
    })
}

/// As `mnx_payment_status_request_sign`, with `options` (`MNX_SECRET_ALLOW_ANY`,
/// `MNX_ALLOW_AMBIGUOUS`; see `mnx_options`). `mnx_payment_status_request_sign_with`
/// follows the signer's own flags instead.
///
/// Stack (x86_64): 20 KiB.
#[no_mangle]
pub extern "C" fn mnx_payment_status_request_sign_opt(
    request: *const mnx_payment_status_request,
    secret: *const u8,
    secret_len: usize,
    options: *const mnx_options,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    out_field: *mut mnx_field,
) -> mnx_status {
    guard_output::<19>(out, out_cap, || {
        // SAFETY: API contract: `request` is NULL or a valid request whose
        // string is valid for this call.
        let request =
            no_field(unsafe { in_param(request) }).and_then(|r| unsafe { status_request(r) });
        // SAFETY: API contract: `secret` points to `secret_len` bytes,
        // `options` is NULL or a valid `mnx_options`.
        let key = unsafe { secret_key(secret, secret_len, Some(options)) };
        // SAFETY: API contract for the outputs.
        unsafe { sign_request(request, key, out, out_cap, out_len, out_field) }
    })
}

// ---- bank directories -----------------------------------------------------------

/// A payout method with a bank table.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_method {
    /// Banks of Cambodia.
    Cambodia = 1,
    /// Bank transfers in Colombia.
    Colombia = 2,
}

/// A bank of a method's table.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_bank {
    /// The ID to send in `account.bank_id`.
    pub id: u32,
    /// The bank's name as the platform spells it (static, UTF-8).
    pub name: mnx_str,
}

impl From<&Bank> for mnx_bank {
    fn from(b: &Bank) -> Self {
        mnx_bank {
            id: b.id,
            name: mnx_str::from_str(b.name),
        }
    }
}

/// The payout method of an `mnx_method` value (`MNX_STATUS_INVALID_ARGUMENT`
/// for any other integer).
pub(crate) fn method_arg(method: i32) -> Result<Method, mnx_status> {
    [
        (mnx_method::Cambodia, Method::Cambodia),
        (mnx_method::Colombia, Method::Colombia),
    ]
    .into_iter()
    .find(|(c, _)| *c as i32 == method)
    .map(|(_, m)| m)
    .ok_or(mnx_status::InvalidArgument)
}

/// Writes a method's whole bank table (in the platform's order) into `out`.
/// `method` is an `mnx_method`; the size query gives the number of banks.
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_banks(
    method: i32,
    out: *mut mnx_bank,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard::<2, _>(|| {
        run(|| {
            let banks = method_arg(method)?.banks();
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?;
            // SAFETY: API contract: `out` is NULL (with 0) or `out_cap` writable `mnx_bank`s.
            unsafe { write_items(out, out_cap, banks.iter().map(mnx_bank::from), out_len) }
        })
    })
}

/// Looks up a bank by `account.bank_id`: `MNX_STATUS_OK` and `*out_bank`, or
/// `MNX_STATUS_UNKNOWN_BANK`.
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_bank_by_id(method: i32, bank_id: u32, out_bank: *mut mnx_bank) -> mnx_status {
    guard::<2, _>(|| {
        run(|| {
            let method = method_arg(method)?;
            // SAFETY: API contract: `out_bank` is NULL or a writable `mnx_bank`.
            let out_bank = unsafe { out_param(out_bank) }?;
            let bank = method.bank_by_id(bank_id).ok_or(mnx_status::UnknownBank)?;
            out_bank.set(bank.into());
            Ok(())
        })
    })
}

/// Looks up a bank by its whole name, ignoring case (`"aba bank"`,
/// `"BANCO DE BOGOTÁ"`): `MNX_STATUS_OK` and `*out_bank`, or
/// `MNX_STATUS_UNKNOWN_BANK`. `name` is UTF-8 (not NUL-terminated).
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_bank_by_name(
    method: i32,
    name: *const u8,
    name_len: usize,
    out_bank: *mut mnx_bank,
) -> mnx_status {
    guard::<2, _>(|| {
        run(|| {
            let method = method_arg(method)?;
            // SAFETY: API contract: `name` points to `name_len` readable bytes.
            let name = unsafe { text(name.cast(), name_len) }?;
            // SAFETY: API contract: `out_bank` is NULL or a writable `mnx_bank`.
            let out_bank = unsafe { out_param(out_bank) }?;
            let bank = method.bank_by_name_ignore_case(name);
            out_bank.set(bank.ok_or(mnx_status::UnknownBank)?.into());
            Ok(())
        })
    })
}

// ---- money -------------------------------------------------------------------

/// Longest text `mnx_from_minor_units` writes (a sign, 19 digits, a point
/// and leading zeros): a buffer this size always suffices.
pub const MNX_MAX_DECIMAL_LEN: usize = 26;
const _: () = assert!(MNX_MAX_DECIMAL_LEN == money::DecimalAmount::MAX_LEN);

/// The currency of an ISO 4217 code argument.
///
/// # Safety
/// `code` points to `code_len` readable bytes (or is NULL with 0).
unsafe fn currency_arg(code: *const u8, code_len: usize) -> Result<Currency, mnx_status> {
    // SAFETY: forwarded contract.
    let code = unsafe { text(code.cast(), code_len) }?;
    Ok(Currency::from_code(code)?)
}

/// Converts a decimal amount in major units of `currency` exactly into the
/// integer minor units `payment.amount` takes: `"50,000.00"` KHR is
/// `5000000`. Never rounds.
///
/// `currency` is any active ISO 4217 alpha-3 code (upper case: `"KHR"`,
/// `"USD"`, `"COP"`, `"JPY"`, `"BHD"`, ...; `mnx_minor_unit_digits` gives its
/// minor unit). `amount` is ASCII digits with an optional fraction after one
/// `.` and an optional exponent (`"5E+4"`, `"1.5e3"`); the integer part may
/// group digits with `,` (`"1,234,567.89"`: every group after the first has
/// three digits). Digits beyond the currency's minor unit are accepted when
/// they are zeros (`"100.500"` USD is 10050) and refused otherwise. Both
/// texts are UTF-8, not NUL-terminated.
///
/// Errors, the first that applies: `MNX_STATUS_UNKNOWN_CURRENCY`;
/// `MNX_STATUS_AMOUNT_SYNTAX` (not that shape), `MNX_STATUS_AMOUNT_SEPARATOR`
/// (a misplaced `,`), `MNX_STATUS_AMOUNT_NEGATIVE` (a leading `-`, also on
/// zero), `MNX_STATUS_AMOUNT_TOO_MANY_DECIMALS` (a non-zero digit past the
/// minor unit), `MNX_STATUS_AMOUNT_OVERFLOW` (beyond a signed 64-bit count).
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_to_minor_units(
    amount: *const u8,
    amount_len: usize,
    currency: *const u8,
    currency_len: usize,
    out_minor: *mut i64,
) -> mnx_status {
    guard::<2, _>(|| {
        run(|| {
            // SAFETY: API contract: `amount` points to `amount_len` readable bytes.
            let amount = unsafe { text(amount.cast(), amount_len) }?;
            // SAFETY: API contract: `currency` points to `currency_len` readable bytes.
            let currency = unsafe { currency_arg(currency, currency_len) }?;
            // SAFETY: API contract: `out_minor` is NULL or a writable `int64_t`.
            let out_minor = unsafe { out_param(out_minor) }?;
            out_minor.set(money::to_minor_units(amount, currency)?);
            Ok(())
        })
    })
}

/// Writes the number of minor-unit digits of an ISO 4217 currency to
/// `*out_digits`: 2 for KHR, USD and COP, 0 for JPY, 3 for BHD, 4 for CLF.
/// `MNX_STATUS_UNKNOWN_CURRENCY` for a code that is not an active ISO 4217
/// currency with minor units (the match is exact: upper case).
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_minor_unit_digits(
    currency: *const u8,
    currency_len: usize,
    out_digits: *mut u8,
) -> mnx_status {
    guard::<2, _>(|| {
        run(|| {
            // SAFETY: API contract: `currency` points to `currency_len` readable bytes.
            let currency = unsafe { currency_arg(currency, currency_len) }?;
            // SAFETY: API contract: `out_digits` is NULL or a writable `uint8_t`.
            let out_digits = unsafe { out_param(out_digits) }?;
            out_digits.set(currency.minor_units());
            Ok(())
        })
    })
}

/// Writes `amount` minor units of `currency` as a decimal in major units
/// into `out` (ASCII, no NUL), for display: `5000000` KHR is `50000.00`,
/// `500` JPY is `500`, `-1` USD is `-0.01`. The inverse of
/// `mnx_to_minor_units`. `MNX_MAX_DECIMAL_LEN` always suffices; size query
/// and `MNX_STATUS_BUFFER_TOO_SMALL` as everywhere;
/// `MNX_STATUS_UNKNOWN_CURRENCY` first.
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_from_minor_units(
    amount: i64,
    currency: *const u8,
    currency_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<2>(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `currency` points to `currency_len` readable bytes.
            let code = unsafe { input(currency, currency_len) }?;
            // SAFETY: as above (the same bytes, as text).
            let currency = unsafe { currency_arg(currency, currency_len) }?;
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?.apart(&[Span::of(code)])?;
            // SAFETY: API contract for `out`; overlap with the code and `out_len` refused.
            let out = unsafe { output(out, out_cap, &[Span::of(code), out_len.span()]) }?;
            let text = money::from_minor_units(amount, currency).write_to(out);
            finish(text.map(str::len), out_len)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_in_header_match_core() {
        let h = include_str!("../../include/monetix_gate.h");
        for (name, path) in [
            ("MNX_CAMBODIA_PAYOUT_ENDPOINT", cambodia::ENDPOINT),
            ("MNX_COLOMBIA_PAYOUT_ENDPOINT", colombia::ENDPOINT),
            ("MNX_PAYMENT_STATUS_ENDPOINT", payout::status::ENDPOINT),
        ] {
            let line = std::format!("#define {name} \"{path}\"\n");
            assert!(h.contains(&line), "header lacks `{}`", line.trim());
        }
    }

    fn s(text: &'static str) -> mnx_str {
        mnx_str::from_str(text)
    }

    fn payout(extras: &[mnx_extra]) -> mnx_cambodia_payout {
        mnx_cambodia_payout {
            general: mnx_general {
                project_id: 1234,
                payment_id: s("payment_47"),
                merchant_callback_url: mnx_str::EMPTY,
            },
            customer: mnx_cambodia_customer {
                id: s("customer_1234"),
                ip_address: s("198.51.100.47"),
                email: s("johndoe@example.com"),
                phone: s("123456789"),
            },
            account: mnx_cambodia_account {
                number: s("1234567890"),
                bank_id: 61021,
                branch: mnx_str::EMPTY,
                city: mnx_str::EMPTY,
                province: mnx_str::EMPTY,
                customer_name: s("John Doe"),
            },
            payment: mnx_payment {
                currency: s("KHR"),
                amount: 5_000_000,
                description: mnx_str::EMPTY,
            },
            extras: extras.as_ptr(),
            extras_len: extras.len(),
            flags: 0,
        }
    }

    /// The raw-pointer paths of the builders (also under Miri).
    #[test]
    fn builder_through_the_exports() {
        let extras = [mnx_extra {
            path: s("customer.country"),
            kind: mnx_extra_kind::Str as i32,
            str_value: s("KH"),
            int_value: 0,
            bool_value: false,
        }];
        let p = payout(&extras);
        let mut out = [0u8; MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS + MNX_MAX_EXTRA_LEN];
        let (mut len, mut field) = (0usize, mnx_field::None);
        let st = mnx_cambodia_payout_sign(
            &p,
            b"secret".as_ptr(),
            6,
            out.as_mut_ptr(),
            out.len(),
            &mut len,
            &mut field,
        );
        assert_eq!(st, mnx_status::Ok);
        let body = out.get(..len).unwrap();
        assert!(core::str::from_utf8(body)
            .unwrap()
            .contains(r#""country":"KH""#));
        assert_eq!(
            monetix_gate::verify(body, b"secret", monetix_gate::Mode::Strict),
            Ok(monetix_gate::Order::Natural)
        );

        let mut bad = payout(&extras);
        bad.customer.phone = s("+1");
        bad.payment.amount = 0;
        let st = mnx_cambodia_payout_sign(
            &bad,
            b"secret".as_ptr(),
            6,
            out.as_mut_ptr(),
            out.len(),
            &mut len,
            &mut field,
        );
        assert_eq!((st, field), (mnx_status::Invalid, mnx_field::CustomerPhone));
        let mut v = core::mem::MaybeUninit::<[mnx_violation; 4]>::uninit();
        let st = mnx_cambodia_payout_validate(&bad, v.as_mut_ptr().cast(), 4, &mut len);
        assert_eq!((st, len), (mnx_status::Ok, 2));
        // SAFETY: the export initialised the first `len` elements.
        let v = unsafe { core::slice::from_raw_parts(v.as_ptr().cast::<mnx_violation>(), len) };
        assert_eq!(v[1].field, mnx_field::PaymentAmount);
        assert_eq!(v[1].reason, mnx_reason::NotPositive);
    }

    #[test]
    fn money_through_the_exports() {
        let mut digits = 0u8;
        let st = mnx_minor_unit_digits(b"BHD".as_ptr(), 3, &mut digits);
        assert_eq!((st, digits), (mnx_status::Ok, 3));
        let mut out = [0u8; MNX_MAX_DECIMAL_LEN];
        let mut len = 0usize;
        let st = mnx_from_minor_units(
            i64::MIN,
            b"CLF".as_ptr(),
            3,
            out.as_mut_ptr(),
            out.len(),
            &mut len,
        );
        assert_eq!(st, mnx_status::Ok);
        assert_eq!(&out[..len], b"-922337203685477.5808");
        let st = mnx_from_minor_units(1, b"XXQ".as_ptr(), 3, out.as_mut_ptr(), out.len(), &mut len);
        assert_eq!(st, mnx_status::UnknownCurrency);
    }

    #[test]
    fn every_field_and_reason_is_mapped() {
        for (c, f) in FIELDS {
            assert_eq!(mnx_field::from(f), c);
        }
        for (c, r) in REASONS {
            assert_eq!(mnx_reason::from(r), c);
            assert_eq!(reason_arg(c as i32), Ok(r));
        }
        for (c, f) in FIELDS {
            assert_eq!(field_arg(c as i32), Ok(f));
        }
        assert_eq!(
            field_arg(mnx_field::None as i32),
            Err(mnx_status::InvalidArgument)
        );
    }
}
