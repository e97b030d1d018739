//! Payout with the Banks of Cambodia payment method
//! (the platform's "Banks of Cambodia" payout page).
//!
//! Field order of the body follows the seed example: `general`, `customer`,
//! `account`, `payment`, then any new top-level objects from extras.

use super::validate::{self, Report, Shape};
use super::write::{self, Body, Emit, PAYOUT_OBJECTS};
use super::{member_len, object_len, plain_len, text_len, Detail, Method};
use super::{
    Bank, Extra, Field, General, Options, Payment, Violations, GENERAL_LEN, MAX_ACCOUNT_NUMBER_LEN,
    MAX_EMAIL_LEN, MAX_EXTRAS, MAX_EXTRA_LEN, MAX_ID_LEN, MAX_IP_LEN, MAX_NAME_LEN, MAX_PHONE_LEN,
    MAX_PLACE_LEN, PAYMENT_LEN, U32_LEN,
};
use crate::money::Currency;
use crate::sign::Signer;
use crate::Error;

/// Endpoint path of the payout request (seed: "API endpoint").
pub const ENDPOINT: &str = "/v2/payment/banks/cambodia/payout";

/// The method's currencies (seed: "Payment currencies KHR, USD").
pub const CURRENCIES: &[Currency] = &[Currency::KHR, Currency::USD];

/// The banks available for payout (the bank table), in the platform's order.
/// The seed warns the table "may change without notice": see
/// [`Options::allow_unlisted_bank`].
pub const BANKS: &[Bank] = &[
    Bank {
        id: 60891,
        name: "ABA Bank",
    },
    Bank {
        id: 61011,
        name: "ACLEDA Bank",
    },
    Bank {
        id: 61021,
        name: "Wing Bank",
    },
];

/// The bank with this `account.bank_id`.
#[must_use]
pub fn bank_by_id(id: u32) -> Option<&'static Bank> {
    super::bank_by_id(BANKS, id)
}

/// The bank named exactly `name` (as the seed spells it).
#[must_use]
pub fn bank_by_name(name: &str) -> Option<&'static Bank> {
    super::bank_by_name(BANKS, name)
}

/// The bank whose whole name is `name` ignoring case (`"aba bank"`).
#[must_use]
pub fn bank_by_name_ignore_case(name: &str) -> Option<&'static Bank> {
    super::bank_by_name_ignore_case(BANKS, name)
}

/// The banks whose name contains `query`, ignoring case, in table order
/// (`"bank"` finds all three).
pub fn search_banks(query: &str) -> impl Iterator<Item = &'static Bank> + '_ {
    super::search_banks(BANKS, query)
}

/// The `customer` object (the parameter table, all strictly required).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Customer<'a> {
    /// `customer.id`: unique ID of the customer within the project.
    pub id: &'a str,
    /// `customer.ip_address`: IPv4 or IPv6 address of the customer's device.
    pub ip_address: &'a str,
    /// `customer.email`.
    pub email: &'a str,
    /// `customer.phone`: digits only, at most [`MAX_PHONE_LEN`].
    pub phone: &'a str,
}

/// The `account` object (the parameter table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Account<'a> {
    /// `account.number`: the customer's account number; required.
    pub number: &'a str,
    /// `account.bank_id`: one of [`BANKS`]; required.
    pub bank_id: u32,
    /// `account.branch`: bank branch name; optional.
    pub branch: Option<&'a str>,
    /// `account.city`: city of the branch; optional.
    pub city: Option<&'a str>,
    /// `account.province`: province of the branch; optional.
    pub province: Option<&'a str>,
    /// `account.customer_name`: the customer's full name; required.
    pub customer_name: &'a str,
}

/// A Banks of Cambodia payout request, `POST` [`ENDPOINT`].
///
/// The value is small (borrowed strings); validation uses about 1 KiB of
/// stack for the report, signing what the engine's signer needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Payout<'a> {
    /// `general` (the signature is added by [`Payout::sign_into`]).
    pub general: General<'a>,
    /// `customer`.
    pub customer: Customer<'a>,
    /// `account`.
    pub account: Account<'a>,
    /// `payment`.
    pub payment: Payment<'a>,
    /// Any other Gate parameters, at most [`MAX_EXTRAS`].
    pub extras: &'a [Extra<'a>],
}

/// Largest body of a valid request without extras, signature included.
pub const MAX_LEN_WITHOUT_EXTRAS: usize = 2
    + GENERAL_LEN
    + object_len(
        "customer",
        member_len("id", text_len(MAX_ID_LEN))
            + member_len("ip_address", plain_len(MAX_IP_LEN))
            + member_len("email", plain_len(MAX_EMAIL_LEN))
            + member_len("phone", plain_len(MAX_PHONE_LEN)),
    )
    + object_len(
        "account",
        member_len("number", text_len(MAX_ACCOUNT_NUMBER_LEN))
            + member_len("bank_id", U32_LEN)
            + member_len("branch", text_len(MAX_PLACE_LEN))
            + member_len("city", text_len(MAX_PLACE_LEN))
            + member_len("province", text_len(MAX_PLACE_LEN))
            + member_len("customer_name", text_len(MAX_NAME_LEN)),
    )
    + PAYMENT_LEN;

/// Largest body of any valid request (with [`MAX_EXTRAS`] extras at their
/// largest), signature included: a buffer this size always suffices. A
/// firmware that sends `n` extras needs at most
/// `MAX_LEN_WITHOUT_EXTRAS + n * MAX_EXTRA_LEN`.
pub const MAX_LEN: usize = MAX_LEN_WITHOUT_EXTRAS + MAX_EXTRAS * MAX_EXTRA_LEN;

impl<'a> Payout<'a> {
    /// Checks every rule and returns every violation, in body order; empty
    /// means valid. About 1 KiB of stack ([`Violations`]).
    ///
    /// Rules, besides the bounds of the module docs: required fields
    /// non-blank; `general.project_id` and `payment.amount` > 0;
    /// `customer.email` an address; `customer.ip_address` IPv4 or IPv6;
    /// `customer.phone` digits; `payment.currency` KHR or USD;
    /// `account.bank_id` in [`BANKS`] unless `opts` allows unlisted banks;
    /// extras well-formed and not clashing with anything.
    #[must_use]
    pub fn validate(&self, opts: Options) -> Violations<'a> {
        let mut r = Report::new(opts.ambiguous());
        let (g, c, a, p) = (&self.general, &self.customer, &self.account, &self.payment);
        // general: the parameter table (required), this library (project_id > 0, bounds).
        r.check(Field::GeneralProjectId, validate::positive(g.project_id));
        r.check(
            Field::GeneralPaymentId,
            validate::required(g.payment_id, MAX_ID_LEN),
        );
        r.check(
            Field::GeneralMerchantCallbackUrl,
            validate::url(g.merchant_callback_url),
        );
        // customer: the parameter table (all required); this library (email, IP, phone digits).
        r.check(Field::CustomerId, validate::required(c.id, MAX_ID_LEN));
        r.check(Field::CustomerIpAddress, validate::ip_address(c.ip_address));
        r.check(
            Field::CustomerEmail,
            validate::email(c.email, MAX_EMAIL_LEN),
        );
        r.check(
            Field::CustomerPhone,
            validate::digits(c.phone, MAX_PHONE_LEN),
        );
        // account: the parameter table (number, bank_id, customer_name required;
        // branch, city, province optional); the bank table.
        r.check(
            Field::AccountNumber,
            validate::required(a.number, MAX_ACCOUNT_NUMBER_LEN),
        );
        r.check_detail(
            Field::AccountBankId,
            validate::bank(a.bank_id, BANKS, opts),
            Detail::Bank {
                id: a.bank_id,
                method: Method::Cambodia,
            },
        );
        r.check(
            Field::AccountBranch,
            validate::optional(a.branch, MAX_PLACE_LEN),
        );
        r.check(
            Field::AccountCity,
            validate::optional(a.city, MAX_PLACE_LEN),
        );
        r.check(
            Field::AccountProvince,
            validate::optional(a.province, MAX_PLACE_LEN),
        );
        r.check(
            Field::AccountCustomerName,
            validate::required(a.customer_name, MAX_NAME_LEN),
        );
        // payment: the payout page: "Payment currencies KHR, USD"; this library (amount > 0).
        r.check_detail(
            Field::PaymentCurrency,
            validate::currency(p.currency, CURRENCIES),
            Detail::Currency {
                given: p.currency,
                method: Method::Cambodia,
            },
        );
        r.check(Field::PaymentAmount, validate::positive(p.amount));
        r.check(
            Field::PaymentDescription,
            validate::optional(p.description, super::MAX_DESCRIPTION_LEN),
        );
        // extras: this library (bounded, a parameter given twice is an error).
        let leaves = [
            (Field::GeneralProjectId, true),
            (Field::GeneralPaymentId, true),
            (
                Field::GeneralMerchantCallbackUrl,
                g.merchant_callback_url.is_some(),
            ),
            (Field::CustomerId, true),
            (Field::CustomerIpAddress, true),
            (Field::CustomerEmail, true),
            (Field::CustomerPhone, true),
            (Field::AccountNumber, true),
            (Field::AccountBankId, true),
            (Field::AccountBranch, a.branch.is_some()),
            (Field::AccountCity, a.city.is_some()),
            (Field::AccountProvince, a.province.is_some()),
            (Field::AccountCustomerName, true),
            (Field::PaymentCurrency, true),
            (Field::PaymentAmount, true),
            (Field::PaymentDescription, p.description.is_some()),
        ];
        let shape = Shape {
            leaves: &leaves,
            objects: &PAYOUT_OBJECTS,
        };
        validate::extras(&mut r, self.extras, &shape);
        r.finish()
    }

    /// Whether [`Payout::validate`] finds nothing.
    #[must_use]
    pub fn is_valid(&self, opts: Options) -> bool {
        self.validate(opts).is_empty()
    }

    /// Exact size of the body [`Payout::sign_into`] writes, signature
    /// included. Meaningful for a valid request (an invalid one is never
    /// written); at most [`MAX_LEN`] then.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        write::encoded_len(self)
    }

    /// Validates, then writes the signed JSON body into `out` and returns
    /// the part of `out` it used.
    ///
    /// Nothing is left in `out` on error: the size is checked before
    /// anything is written, and a signing failure zeroes what was written.
    ///
    /// # Errors
    /// [`Error::Invalid`] if [`Payout::validate`] finds anything (call it for
    /// the list); [`Error::BufferTooSmall`] with the exact size needed
    /// (`out` untouched; an empty `out` is the way to ask); the secret's
    /// errors ([`Error::EmptySecret`], ...); any signing error.
    pub fn sign_into<'o>(
        &self,
        secret: &[u8],
        out: &'o mut [u8],
        opts: Options,
    ) -> Result<&'o [u8], Error> {
        write::sign_into(self, self.is_valid(opts), secret, out, opts.ambiguous())
    }

    /// As [`Payout::sign_into`], with a reusable [`Signer`].
    ///
    /// # Errors
    /// As [`Payout::sign_into`].
    pub fn sign_with<'o>(
        &self,
        signer: &Signer,
        out: &'o mut [u8],
        opts: Options,
    ) -> Result<&'o [u8], Error> {
        write::sign_with(self, self.is_valid(opts), signer, out, opts.ambiguous())
    }
}

impl<'t> Body<'t> for Payout<'t> {
    fn emit<E: Emit<'t>>(&self, w: &mut E) {
        let (c, a) = (&self.customer, &self.account);
        let x = self.extras;
        let mut first = true;
        w.begin();
        write::general(w, &mut first, &self.general, x);

        w.open(&mut first, "customer");
        let mut f = true;
        w.str_member(&mut f, "id", c.id);
        w.str_member(&mut f, "ip_address", c.ip_address);
        w.str_member(&mut f, "email", c.email);
        w.str_member(&mut f, "phone", c.phone);
        write::extras_under(w, &mut f, x, "customer", 2, &[]);
        w.close();

        w.open(&mut first, "account");
        let mut f = true;
        w.str_member(&mut f, "number", a.number);
        w.int_member(&mut f, "bank_id", i64::from(a.bank_id));
        w.opt_member(&mut f, "branch", a.branch);
        w.opt_member(&mut f, "city", a.city);
        w.opt_member(&mut f, "province", a.province);
        w.str_member(&mut f, "customer_name", a.customer_name);
        write::extras_under(w, &mut f, x, "account", 2, &[]);
        w.close();

        write::payment(w, &mut first, &self.payment, x);
        write::extras_under(w, &mut first, x, "", 1, &PAYOUT_OBJECTS);
        w.end();
    }
}
