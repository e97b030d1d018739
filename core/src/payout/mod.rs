//! Typed, validated, signed payout requests (and the payment status request).
//!
//! One request type per payout method, with borrowed `&str` fields that
//! mirror the JSON body of the seeds: [`cambodia::Payout`] (Banks of
//! Cambodia) and [`colombia::Payout`] (Bank transfers in Colombia), plus
//! [`status::StatusRequest`]. Each one
//!
//! - validates itself, reporting **every** violation at once as a bounded list
//!   of [`Violation`]s (`path: reason`), never just the first;
//! - measures the exact JSON body it needs ([`cambodia::Payout::encoded_len`]),
//!   with `MAX_*` constants for fixed buffers ([`cambodia::MAX_LEN`], ...);
//! - writes the body with `general.signature` set into a caller buffer
//!   ([`cambodia::Payout::sign_into`]), nothing written unless it succeeds.
//!
//! Besides the fields of the platform's parameter tables, every payout carries the common
//! optional Gate parameters `general.merchant_callback_url` and
//! `payment.description`, and up to [`MAX_EXTRAS`] [`Extra`] parameters
//! (any other Gate parameter, such as `customer.country`), signed like the rest.
//!
//! ```
//! use monetix_gate::payout::{cambodia, General, Options, Payment};
//!
//! let payout = cambodia::Payout {
//!     general: General { project_id: 1234, payment_id: "payment_47", ..General::default() },
//!     customer: cambodia::Customer {
//!         id: "customer_1234",
//!         ip_address: "198.51.100.47",
//!         email: "johndoe@example.com",
//!         phone: "123456789",
//!     },
//!     account: cambodia::Account {
//!         number: "1234567890",
//!         bank_id: 61021,
//!         customer_name: "John Doe",
//!         ..cambodia::Account::default()
//!     },
//!     payment: Payment { currency: "KHR", amount: 5_000_000, description: None },
//!     extras: &[],
//! };
//! assert!(payout.validate(Options::new()).is_empty());
//!
//! // A fixed buffer large enough for any request without extras.
//! let mut buf = [0u8; cambodia::MAX_LEN_WITHOUT_EXTRAS];
//! let body: &[u8] = payout.sign_into(b"secret", &mut buf, Options::new())?;
//! assert_eq!(body.len(), payout.encoded_len());
//! assert!(monetix_gate::verify(body, b"secret", monetix_gate::Mode::Strict).is_ok());
//! // POST `body` to cambodia::ENDPOINT.
//!
//! // Invalid requests report every violation at once, as `path: reason`.
//! let mut bad = payout;
//! bad.customer.phone = "+855 12";
//! bad.payment.currency = "COP";
//! let report = bad.validate(Options::new());
//! assert_eq!(report[0].to_string(), "customer.phone: must contain only the digits 0-9");
//! assert_eq!(report[1].path, "payment.currency");
//! # Ok::<(), monetix_gate::Error>(())
//! ```
//!
//! # Bounds
//!
//! Lengths are in bytes of UTF-8 (not characters). The seeds give no
//! limits; these are this library's, generous for every documented example,
//! and they are what makes the `MAX_*` buffer sizes finite:
//!
//! | parameter | bound |
//! |---|---|
//! | `general.payment_id`, `customer.id` | [`MAX_ID_LEN`] (255) |
//! | `general.merchant_callback_url` | [`MAX_URL_LEN`] (2048) |
//! | `customer.email` | [`MAX_EMAIL_LEN`] (254, RFC 5321) |
//! | `customer.ip_address` | [`MAX_IP_LEN`] (45, the longest IPv6 text) |
//! | `customer.phone` (Cambodia) | [`MAX_PHONE_LEN`] (15 digits, E.164) |
//! | `customer.first_name`, `last_name`, `account.customer_name` | [`MAX_NAME_LEN`] (255) |
//! | `customer.identify.doc_number` (Colombia) | [`MAX_DOC_NUMBER_LEN`] (20 digits) |
//! | `account.number` | [`MAX_ACCOUNT_NUMBER_LEN`] (64) |
//! | `account.branch`, `city`, `province` (Cambodia) | [`MAX_PLACE_LEN`] (255) |
//! | `payment.description` | [`MAX_DESCRIPTION_LEN`] (255) |
//! | extra parameters | [`MAX_EXTRAS`] (16), path [`MAX_EXTRA_PATH_LEN`] (64) in at most [`MAX_EXTRA_DEPTH`] (6) segments, string value [`MAX_EXTRA_VALUE_LEN`] (255) |
//!
//! No string may contain a control character (Unicode category Cc): Gate
//! parameters are single-line text, and a control character in an ID or a
//! name is a bug upstream. This also means only `"` and `\` ever need
//! escaping, which keeps the `MAX_*` sizes tight.

use core::fmt;

use crate::ambiguity::AmbiguousData;
use crate::limits::SIGNATURE_LEN;

pub use method::{Method, Request};

pub mod cambodia;
pub mod colombia;
mod method;
pub mod read;
pub mod status;
mod validate;
mod write;

// ---- bounds (see the module docs) ------------------------------------------

/// Longest `general.payment_id` and `customer.id`, in bytes.
pub const MAX_ID_LEN: usize = 255;
/// Longest `general.merchant_callback_url`, in bytes.
pub const MAX_URL_LEN: usize = 2048;
/// Longest `customer.email`, in bytes (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest `customer.ip_address`: the longest textual IPv6 address
/// (`ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`).
pub const MAX_IP_LEN: usize = 45;
/// Longest Cambodia `customer.phone`, in digits (E.164 allows 15).
/// Colombia's is always exactly [`colombia::PHONE_LEN`].
pub const MAX_PHONE_LEN: usize = 15;
/// Longest `customer.first_name`, `customer.last_name`, `account.customer_name`.
pub const MAX_NAME_LEN: usize = 255;
/// Longest Colombia `customer.identify.doc_number`, in digits.
pub const MAX_DOC_NUMBER_LEN: usize = 20;
/// Longest `account.number`, in bytes.
pub const MAX_ACCOUNT_NUMBER_LEN: usize = 64;
/// Longest Cambodia `account.branch`, `account.city`, `account.province`.
pub const MAX_PLACE_LEN: usize = 255;
/// Longest `payment.description`, in bytes.
pub const MAX_DESCRIPTION_LEN: usize = 255;
/// Most [`Extra`] parameters in one request.
pub const MAX_EXTRAS: usize = 16;
/// Longest dotted path of an [`Extra`] parameter, in bytes.
pub const MAX_EXTRA_PATH_LEN: usize = 64;
/// Most segments in the dotted path of an [`Extra`] parameter.
pub const MAX_EXTRA_DEPTH: usize = 6;
/// Longest string value of an [`Extra`] parameter, in bytes.
pub const MAX_EXTRA_VALUE_LEN: usize = 255;
/// Most values (object members and array elements, at any depth) in a body
/// the typed builders write: at most 24 of their own (Colombia, the
/// largest, writes 23 with every optional field), plus [`MAX_EXTRAS`] extras
/// that each add at most [`MAX_EXTRA_DEPTH`] values (a new object per
/// segment, then the leaf). The builders sign with a table of this size, not
/// the general-purpose default, so a typed build + sign needs a fraction of
/// the stack of signing an arbitrary body.
pub const MAX_BODY_VALUES: usize = 24 + MAX_EXTRAS * MAX_EXTRA_DEPTH;
/// Deepest nesting in a body the typed builders write (the top-level object
/// is depth 1; an extra under `customer.identify` with [`MAX_EXTRA_DEPTH`]
/// segments puts its leaf inside depth 6).
pub const MAX_BODY_DEPTH: usize = MAX_EXTRA_DEPTH + 1;
/// Capacity of [`Violations`]. Every typed field reports at most one
/// violation (at most 17, Colombia), every checked extra at most one (16),
/// plus one for too many extras: 34 at most.
pub const MAX_VIOLATIONS: usize = 40;

/// Worst-case JSON size of one [`Extra`] member, including its share of
/// the nested objects its path opens, plus the largest value (a string of
/// [`MAX_EXTRA_VALUE_LEN`] bytes, each possibly escaped as two). A path of
/// `p` bytes in `s` segments writes `p - (s - 1)` bytes of names, `3 * s`
/// quotes and colons, `2 * (s - 1)` braces and one comma: `p + 4 * s` bytes.
pub const MAX_EXTRA_LEN: usize =
    MAX_EXTRA_PATH_LEN + 4 * MAX_EXTRA_DEPTH + text_len(MAX_EXTRA_VALUE_LEN);

// Worst-case sizes of the pieces of a body, used for the `MAX_*_LEN`
// constants of the request modules (compile-time only).

/// `"…"` around a string of at most `max` bytes where every byte may be
/// `"` or `\`, written as two bytes (control characters are refused).
pub(crate) const fn text_len(max: usize) -> usize {
    max.saturating_mul(2).saturating_add(2)
}
/// `"…"` around a string of at most `max` bytes that validation restricts to
/// characters JSON never escapes (digits, email, IP address, URL).
pub(crate) const fn plain_len(max: usize) -> usize {
    max.saturating_add(2)
}
/// `"key":value,`
pub(crate) const fn member_len(key: &str, value: usize) -> usize {
    key.len().saturating_add(4).saturating_add(value)
}
/// `"key":{members},`
pub(crate) const fn object_len(key: &str, members: usize) -> usize {
    key.len().saturating_add(6).saturating_add(members)
}
/// Longest decimal `i64`: `-9223372036854775808`.
pub(crate) const I64_LEN: usize = 20;
/// Longest decimal `u32`: `4294967295`.
pub(crate) const U32_LEN: usize = 10;
/// `"general":{…}` with every member at its largest, signature included.
pub(crate) const GENERAL_LEN: usize = object_len(
    "general",
    member_len("project_id", I64_LEN)
        + member_len("payment_id", text_len(MAX_ID_LEN))
        + member_len("merchant_callback_url", plain_len(MAX_URL_LEN))
        + member_len("signature", plain_len(SIGNATURE_LEN)),
);
/// `"payment":{…}` with every member at its largest.
pub(crate) const PAYMENT_LEN: usize = object_len(
    "payment",
    member_len("currency", plain_len(3))
        + member_len("amount", I64_LEN)
        + member_len("description", text_len(MAX_DESCRIPTION_LEN)),
);

// ---- violations -------------------------------------------------------------

/// A parameter of a request, named by its dotted path as the seeds name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `general.project_id`
    GeneralProjectId,
    /// `general.payment_id`
    GeneralPaymentId,
    /// `general.merchant_callback_url`
    GeneralMerchantCallbackUrl,
    /// `customer.id`
    CustomerId,
    /// `customer.ip_address`
    CustomerIpAddress,
    /// `customer.first_name`
    CustomerFirstName,
    /// `customer.last_name`
    CustomerLastName,
    /// `customer.email`
    CustomerEmail,
    /// `customer.phone`
    CustomerPhone,
    /// `customer.identify.doc_number`
    CustomerIdentifyDocNumber,
    /// `customer.identify.doc_type`
    CustomerIdentifyDocType,
    /// `account.number`
    AccountNumber,
    /// `account.type`
    AccountType,
    /// `account.bank_id`
    AccountBankId,
    /// `account.branch`
    AccountBranch,
    /// `account.city`
    AccountCity,
    /// `account.province`
    AccountProvince,
    /// `account.customer_name`
    AccountCustomerName,
    /// `payment.currency`
    PaymentCurrency,
    /// `payment.amount`
    PaymentAmount,
    /// `payment.description`
    PaymentDescription,
    /// One of the [`Extra`] parameters; [`Violation::path`] says which
    /// (or is `"extras"` for the list as a whole).
    Extra,
}

impl Field {
    /// The dotted path, e.g. `"customer.phone"`; `"extras"` for [`Field::Extra`].
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::GeneralProjectId => "general.project_id",
            Field::GeneralPaymentId => "general.payment_id",
            Field::GeneralMerchantCallbackUrl => "general.merchant_callback_url",
            Field::CustomerId => "customer.id",
            Field::CustomerIpAddress => "customer.ip_address",
            Field::CustomerFirstName => "customer.first_name",
            Field::CustomerLastName => "customer.last_name",
            Field::CustomerEmail => "customer.email",
            Field::CustomerPhone => "customer.phone",
            Field::CustomerIdentifyDocNumber => "customer.identify.doc_number",
            Field::CustomerIdentifyDocType => "customer.identify.doc_type",
            Field::AccountNumber => "account.number",
            Field::AccountType => "account.type",
            Field::AccountBankId => "account.bank_id",
            Field::AccountBranch => "account.branch",
            Field::AccountCity => "account.city",
            Field::AccountProvince => "account.province",
            Field::AccountCustomerName => "account.customer_name",
            Field::PaymentCurrency => "payment.currency",
            Field::PaymentAmount => "payment.amount",
            Field::PaymentDescription => "payment.description",
            Field::Extra => "extras",
        }
    }

    /// The longest value this library accepts for the field, in bytes, if
    /// it is a string with a length bound (see the module docs).
    #[must_use]
    pub const fn max_len(self) -> Option<usize> {
        match self {
            Field::GeneralPaymentId | Field::CustomerId => Some(MAX_ID_LEN),
            Field::GeneralMerchantCallbackUrl => Some(MAX_URL_LEN),
            Field::CustomerIpAddress => Some(MAX_IP_LEN),
            Field::CustomerFirstName | Field::CustomerLastName | Field::AccountCustomerName => {
                Some(MAX_NAME_LEN)
            }
            Field::CustomerEmail => Some(MAX_EMAIL_LEN),
            Field::CustomerPhone => Some(MAX_PHONE_LEN),
            Field::CustomerIdentifyDocNumber => Some(MAX_DOC_NUMBER_LEN),
            Field::AccountNumber => Some(MAX_ACCOUNT_NUMBER_LEN),
            Field::AccountBranch | Field::AccountCity | Field::AccountProvince => {
                Some(MAX_PLACE_LEN)
            }
            Field::PaymentDescription => Some(MAX_DESCRIPTION_LEN),
            Field::Extra => Some(MAX_EXTRA_VALUE_LEN),
            Field::GeneralProjectId
            | Field::CustomerIdentifyDocType
            | Field::AccountType
            | Field::AccountBankId
            | Field::PaymentCurrency
            | Field::PaymentAmount => None,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a parameter is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// A required parameter is empty or only whitespace.
    Missing,
    /// An optional parameter is present but empty or only whitespace.
    Empty,
    /// Longer than the bound of [`Field::max_len`].
    TooLong,
    /// Contains a control character (Unicode category Cc).
    Control,
    /// An integer that must be greater than zero is not.
    NotPositive,
    /// Not an email address.
    Email,
    /// Not an IPv4 or IPv6 address.
    IpAddress,
    /// Not only the ASCII digits `0`-`9`.
    Digits,
    /// Not exactly 10 ASCII digits (Colombia `customer.phone`).
    TenDigits,
    /// Not `CC` or `NIT` (Colombia `customer.identify.doc_type`).
    DocType,
    /// Not `CACC` or `SVGS` (Colombia `account.type`).
    AccountType,
    /// Not one of the payment method's currencies.
    Currency,
    /// Not in the payment method's bank table (and unlisted banks not allowed).
    UnknownBank,
    /// Not an absolute `http://` or `https://` URL.
    Url,
    /// The path of an extra parameter is malformed.
    ExtraPath,
    /// The path is reserved: the signature, `frame_mode`, or a typed field.
    Reserved,
    /// The parameter is given more than once.
    Duplicate,
    /// The path is both a value and an object (e.g. `customer.phone.x`
    /// beside `customer.phone`).
    Conflict,
    /// More than [`MAX_EXTRAS`] extra parameters.
    TooMany,
    /// A required parameter is absent (or `null`).
    Required,
    /// Not a string.
    NotString,
    /// Not an integer within the signed 64-bit range.
    NotInteger,
    /// Not an integer from 0 to 4294967295 (a bank ID).
    NotBankId,
    /// Not an object.
    NotObject,
    /// Not a parameter of this request (see [`Violation::hint`] for a close
    /// known name); other Gate parameters go in [`read::EXTRAS_KEY`].
    Unknown,
    /// An extra parameter's value is not a string, an integer or a boolean.
    ExtraValue,
    /// More violations were found than a list holds ([`MAX_VIOLATIONS`]):
    /// this entry, last, stands for the rest.
    More,
    /// Text with a `;` followed by a `:`, which could forge a signed line
    /// (see [`crate::ambiguity`]); allowed only with
    /// [`Options::ambiguous_data`] set to [`AmbiguousData::Allow`].
    Ambiguous,
}

impl Reason {
    /// The reason in words, e.g. `"must be exactly 10 digits, ..."`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::Missing => "required, missing or empty",
            Reason::Empty => "empty (leave an optional parameter out instead)",
            Reason::TooLong => "too long",
            Reason::Control => "contains a control character",
            Reason::NotPositive => "must be greater than zero",
            Reason::Email => "not a valid email address",
            Reason::IpAddress => "not a valid IPv4 or IPv6 address",
            Reason::Digits => "must contain only the digits 0-9",
            Reason::TenDigits => "must be exactly 10 digits, without +, spaces or punctuation",
            Reason::DocType => "must be CC or NIT",
            Reason::AccountType => "must be CACC or SVGS",
            Reason::Currency => "not a currency of this payment method",
            Reason::UnknownBank => "not in this payment method's bank table",
            Reason::Url => "not an absolute http(s) URL",
            Reason::ExtraPath => {
                "not a parameter path (1 to 6 dot-separated names of ASCII letters, digits and _, at most 64 bytes)"
            }
            Reason::Reserved => "reserved (the signature, frame_mode, or a typed field)",
            Reason::Duplicate => "given more than once",
            Reason::Conflict => "conflicts with another parameter (a path cannot be both a value and an object)",
            Reason::TooMany => "too many extra parameters (at most 16)",
            Reason::Ambiguous => "a ';' followed by ':' could forge a signed line",
            Reason::Required => "required",
            Reason::More => "more violations were found than are listed",
            Reason::NotString => "must be a string",
            Reason::NotInteger => "must be an integer (64-bit)",
            Reason::NotBankId => "must be an integer from 0 to 4294967295",
            Reason::NotObject => "must be an object",
            Reason::Unknown => "unknown parameter (other Gate parameters go in \"extras\")",
            Reason::ExtraValue => "must be a string, an integer or a boolean",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One violation of a validation rule.
///
/// `Display` prints `path: reason`, e.g. `customer.phone: must contain only
/// the digits 0-9`, and the hint if there is one (`customer.emial: unknown
/// parameter ...; did you mean customer.email?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Violation<'a> {
    /// The parameter; [`Field::Extra`] for an extra parameter.
    pub field: Field,
    /// The dotted path: `field.as_str()` for typed fields, the extra's own
    /// [`Extra::path`] for an extra, `"extras"` for the list as a whole.
    pub path: &'a str,
    /// What is wrong with it.
    pub reason: Reason,
    /// For an unknown parameter: the dotted path of a known one with a close
    /// name (`customer.email` for `customer.emial`).
    pub hint: Option<&'static str>,
    /// What the message needs to lead to the fix (the bank ID and its
    /// method, the currencies a method takes); its words are in `Display`.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub detail: Detail<'a>,
}

/// The facts a [`Violation`]'s message names so that it leads to the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Detail<'a> {
    /// Nothing beyond the path and the reason.
    #[default]
    None,
    /// `account.bank_id` is not in `method`'s bank table.
    Bank {
        /// The bank ID given.
        id: u32,
        /// The payout method whose table it is not in.
        method: Method,
    },
    /// `payment.currency` is not one of `method`'s currencies.
    Currency {
        /// The currency code given (empty when not known).
        given: &'a str,
        /// The payout method.
        method: Method,
    },
}

impl fmt::Display for Violation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.detail {
            Detail::Bank { id, method } => write!(
                f,
                "{}: {id} is not in the {} bank table; to send it anyway, allow unlisted banks \
                 (the allow_unlisted_bank option, --allow-unlisted-bank on the command line); \
                 to see the table, list the method's banks (banks)",
                self.path,
                method.title()
            )?,
            Detail::Currency { given, method } => {
                write!(f, "{}: ", self.path)?;
                if !given.is_empty() {
                    // At most 16 characters of what was given.
                    let cut = given.char_indices().nth(16).map_or(given.len(), |(i, _)| i);
                    let shown = given.get(..cut).unwrap_or("");
                    let more = if cut < given.len() { "..." } else { "" };
                    write!(f, "{shown:?}{more} is ")?;
                }
                write!(f, "not a currency of {} (allowed: ", method.title())?;
                for (i, c) in method.currencies().iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(c.code())?;
                }
                f.write_str(")")?;
            }
            Detail::None if self.reason == Reason::More => f.write_str(self.reason.as_str())?,
            Detail::None => write!(f, "{}: {}", self.path, self.reason.as_str())?,
        }
        match self.hint {
            Some(hint) => write!(f, "; did you mean {hint}?"),
            None => Ok(()),
        }
    }
}

/// Appends `v`, or, once the list is full, makes its last entry
/// [`Reason::More`] so a full list never hides that it is cut.
pub(crate) fn push_violation<'a>(list: &mut Violations<'a>, v: Violation<'a>) {
    if list.push(v).is_err() {
        if let Some(last) = list.last_mut() {
            *last = Violation {
                field: Field::Extra,
                path: "",
                reason: Reason::More,
                hint: None,
                detail: Detail::None,
            };
        }
    }
}

/// Every violation of a request, in body order (general, customer, account,
/// payment, extras). Empty means valid. About 1 KiB
/// (`MAX_VIOLATIONS` × 24 bytes on 64-bit targets).
pub type Violations<'a> = heapless::Vec<Violation<'a>, MAX_VIOLATIONS>;

/// Validation and assembly options.
///
/// ```
/// use monetix_gate::payout::Options;
/// let opts = Options::new().allow_unlisted_bank(true);
/// assert!(opts.allows_unlisted_bank());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Options {
    allow_unlisted_bank: bool,
    ambiguous: AmbiguousData,
}

impl Options {
    /// The defaults: `account.bank_id` must be in the method's bank table,
    /// and ambiguous text is a violation ([`Reason::Ambiguous`]).
    #[must_use]
    pub const fn new() -> Self {
        Options {
            allow_unlisted_bank: false,
            ambiguous: AmbiguousData::Refuse,
        }
    }

    /// Lets an `account.bank_id` outside the method's bank table through.
    /// The seeds warn that the table "may change without notice", so a bank
    /// added by the platform since this release can still be paid out to.
    #[must_use]
    pub const fn allow_unlisted_bank(self, allow: bool) -> Self {
        Options {
            allow_unlisted_bank: allow,
            ..self
        }
    }

    /// Accepts (with [`AmbiguousData::Allow`]) or refuses (the default) text
    /// with a `;` followed by a `:` in any field, for validation and for
    /// signing alike. Risk of the opt-in: the signed request's canonical
    /// string can be re-split into a different body, such as a callback
    /// reading final success, that verifies under the same key.
    #[must_use]
    pub const fn ambiguous_data(self, policy: AmbiguousData) -> Self {
        Options {
            ambiguous: policy,
            ..self
        }
    }

    /// The policy set by [`Options::ambiguous_data`].
    #[must_use]
    pub const fn ambiguous(self) -> AmbiguousData {
        self.ambiguous
    }

    /// Whether [`Options::allow_unlisted_bank`] is set.
    #[must_use]
    pub const fn allows_unlisted_bank(self) -> bool {
        self.allow_unlisted_bank
    }
}

// ---- shared parts of a request ---------------------------------------------

/// The `general` object of a request (its `signature` is added when signing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct General<'a> {
    /// `general.project_id`: the project ID from Monetix; must be > 0.
    pub project_id: i64,
    /// `general.payment_id`: unique within the project; required.
    pub payment_id: &'a str,
    /// `general.merchant_callback_url`: where the callback goes, if not the
    /// project's default; optional, an absolute `http(s)` URL.
    pub merchant_callback_url: Option<&'a str>,
}

/// The `payment` object of a payout request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Payment<'a> {
    /// `payment.currency`: ISO 4217 alpha-3 code, one of the method's
    /// currencies (see [`crate::money::Currency`]).
    pub currency: &'a str,
    /// `payment.amount`: in minor units (`50,000.00 KHR` is `5000000`; see
    /// [`crate::money::to_minor_units`]); must be > 0.
    pub amount: i64,
    /// `payment.description`: free text; optional.
    pub description: Option<&'a str>,
}

/// The value of an [`Extra`] parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtraValue<'a> {
    /// A JSON string.
    Str(&'a str),
    /// A JSON integer.
    Int(i64),
    /// A JSON boolean (signed as `1` / `0`).
    Bool(bool),
}

/// Any other Gate parameter, by dotted path, e.g. `customer.country`.
///
/// Its path is merged into the body's objects (`customer.country` goes into
/// the `customer` object; `customer.billing.city` creates `billing` there;
/// an unknown first segment creates a new top-level object) and it is signed
/// like everything else. A path may not name a typed field, the signature or
/// `frame_mode`, and may not repeat or nest inside another parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Extra<'a> {
    /// Dot-separated names of ASCII letters, digits and `_`.
    pub path: &'a str,
    /// The value.
    pub value: ExtraValue<'a>,
}

impl<'a> Extra<'a> {
    /// A string parameter.
    #[must_use]
    pub const fn str(path: &'a str, value: &'a str) -> Self {
        Extra {
            path,
            value: ExtraValue::Str(value),
        }
    }

    /// An integer parameter.
    #[must_use]
    pub const fn int(path: &'a str, value: i64) -> Self {
        Extra {
            path,
            value: ExtraValue::Int(value),
        }
    }

    /// A boolean parameter.
    #[must_use]
    pub const fn bool(path: &'a str, value: bool) -> Self {
        Extra {
            path,
            value: ExtraValue::Bool(value),
        }
    }
}

// ---- bank directories -------------------------------------------------------

/// A bank of a payout method's bank table (`account.bank_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bank {
    /// The bank ID to send in `account.bank_id`.
    pub id: u32,
    /// The bank's name, exactly as the seed table spells it.
    pub name: &'static str,
}

/// The bank with `id` in `table`.
fn bank_by_id(table: &'static [Bank], id: u32) -> Option<&'static Bank> {
    table.iter().find(|b| b.id == id)
}

/// The bank named exactly `name` in `table`.
fn bank_by_name(table: &'static [Bank], name: &str) -> Option<&'static Bank> {
    table.iter().find(|b| b.name == name)
}

/// The bank whose whole name equals `name` ignoring case (Unicode lower-case
/// mapping, so `"BANCO DE BOGOTÁ"` finds `Banco de Bogotá`).
fn bank_by_name_ignore_case(table: &'static [Bank], name: &str) -> Option<&'static Bank> {
    table.iter().find(|b| {
        let mut query = lower(name);
        lower(b.name).all(|c| query.next() == Some(c)) && query.next().is_none()
    })
}

/// Banks of `table` whose name contains `query`, ignoring case, in table order.
fn search_banks<'q>(
    table: &'static [Bank],
    query: &'q str,
) -> impl Iterator<Item = &'static Bank> + 'q {
    table
        .iter()
        .filter(move |b| contains_ignore_case(b.name, query))
}

fn lower(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .char_indices()
        .map(|(i, _)| i)
        .chain(core::iter::once(haystack.len()))
        .any(|start| {
            let mut rest = lower(haystack.get(start..).unwrap_or(""));
            lower(needle).all(|c| rest.next() == Some(c))
        })
}
