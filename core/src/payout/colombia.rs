//! Payout with the Bank transfers in Colombia payment method
//! (the platform's "Bank transfers in Colombia" payout page).
//!
//! Field order of the body follows the seed example: `general`, `customer`
//! (with `identify`), `account`, `payment`, then any new top-level objects
//! from extras.

use super::validate::{self, Report, Shape};
use super::write::{self, Body, Emit, PAYOUT_OBJECTS};
use super::{member_len, object_len, plain_len, text_len, Detail, Method};
use super::{
    Bank, Extra, Field, General, Options, Payment, Violations, GENERAL_LEN, MAX_ACCOUNT_NUMBER_LEN,
    MAX_DOC_NUMBER_LEN, MAX_EMAIL_LEN, MAX_EXTRAS, MAX_EXTRA_LEN, MAX_ID_LEN, MAX_IP_LEN,
    MAX_NAME_LEN, PAYMENT_LEN, U32_LEN,
};
use crate::money::Currency;
use crate::sign::Signer;
use crate::Error;

/// Endpoint path of the payout request (seed: "API endpoint").
pub const ENDPOINT: &str = "/v2/payment/bank-transfer/colombia/payout";

/// The method's currencies (seed: "Payment currencies COP, USD").
pub const CURRENCIES: &[Currency] = &[Currency::COP, Currency::USD];

/// Length of `customer.phone`: "10 digits without a plus sign (+), spaces
/// or punctuation" (the parameter table).
pub const PHONE_LEN: usize = 10;

/// Values of `customer.identify.doc_type` (the parameter table): `CC` (Cédula de
/// Ciudadanía) and `NIT` (Número de Identificación Tributaria).
pub const DOC_TYPES: &[&str] = &["CC", "NIT"];

/// Values of `account.type` (the parameter table): `CACC` (current account) and
/// `SVGS` (savings account).
pub const ACCOUNT_TYPES: &[&str] = &["CACC", "SVGS"];

/// The banks available for payout (the bank table), in the platform's order
/// (names exactly as the seed spells them). The seed warns the table "may
/// change without notice", and its own example request uses bank ID 12345,
/// which is not in it: see [`Options::allow_unlisted_bank`].
pub const BANKS: &[Bank] = &[
    Bank {
        id: 74532,
        name: "Banca Digital Nequi",
    },
    Bank {
        id: 70992,
        name: "Banco Agrario",
    },
    Bank {
        id: 71002,
        name: "Banco AV Villas",
    },
    Bank {
        id: 71012,
        name: "Banco Caja Social BCSC SA",
    },
    Bank {
        id: 71022,
        name: "Banco Colpatriam",
    },
    Bank {
        id: 71032,
        name: "Banco Compartir S.A.",
    },
    Bank {
        id: 71042,
        name: "Banco Cooperativo Coopcentral",
    },
    Bank {
        id: 71052,
        name: "Banco Corpbanca Colombia S.A",
    },
    Bank {
        id: 71062,
        name: "Banco Davivienda SA",
    },
    Bank {
        id: 71072,
        name: "Banco de Bogotá",
    },
    Bank {
        id: 71082,
        name: "Banco de Comercio Exterior",
    },
    Bank {
        id: 71092,
        name: "Banco de las Microfinanzas Bancamia S.A.",
    },
    Bank {
        id: 71102,
        name: "Banco de Occidente",
    },
    Bank {
        id: 71112,
        name: "Banco Falabella S.A",
    },
    Bank {
        id: 71122,
        name: "Banco Finandina S.A",
    },
    Bank {
        id: 71132,
        name: "Banco GNB Sudameris",
    },
    Bank {
        id: 71152,
        name: "Banco Multibank S.A",
    },
    Bank {
        id: 71162,
        name: "Banco Mundo Mujer S.A.",
    },
    Bank {
        id: 71182,
        name: "Banco Pichincha",
    },
    Bank {
        id: 71192,
        name: "Banco Popular",
    },
    Bank {
        id: 71202,
        name: "Banco Procredit Colombia",
    },
    Bank {
        id: 71212,
        name: "Banco Santander de Negocios Colombia S.A.",
    },
    Bank {
        id: 71222,
        name: "Banco Serfinanza S.A.",
    },
    Bank {
        id: 71232,
        name: "Banco W S.A.",
    },
    Bank {
        id: 71142,
        name: "Bancolombia",
    },
    Bank {
        id: 71172,
        name: "Bancoomeva",
    },
    Bank {
        id: 71242,
        name: "BBVA Colombia",
    },
    Bank {
        id: 71252,
        name: "Citibank",
    },
    Bank {
        id: 71262,
        name: "Coltefinanciera S.A",
    },
    Bank {
        id: 71272,
        name: "Confiar Cooperativa Financiera",
    },
    Bank {
        id: 71282,
        name: "Cooperativa Financiera de Antioquia",
    },
    Bank {
        id: 71292,
        name: "Cootrafa Cooperativa Financiera",
    },
    Bank {
        id: 71302,
        name: "Daviplata",
    },
    Bank {
        id: 71312,
        name: "Financiera Juriscoop Compañía de Financiamiento",
    },
    Bank {
        id: 71322,
        name: "Giros y Finanzas CF",
    },
    Bank {
        id: 71332,
        name: "Itaú Corpbanca Colombia S.A.",
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

/// The bank whose whole name is `name` ignoring case (`"BANCO DE BOGOTÁ"`).
#[must_use]
pub fn bank_by_name_ignore_case(name: &str) -> Option<&'static Bank> {
    super::bank_by_name_ignore_case(BANKS, name)
}

/// The banks whose name contains `query`, ignoring case, in table order
/// (`"davi"` finds Banco Davivienda SA and Daviplata).
pub fn search_banks(query: &str) -> impl Iterator<Item = &'static Bank> + '_ {
    super::search_banks(BANKS, query)
}

/// The `customer.identify` object (the parameter table, strictly required).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Identify<'a> {
    /// `customer.identify.doc_number`: digits, at most [`MAX_DOC_NUMBER_LEN`].
    pub doc_number: &'a str,
    /// `customer.identify.doc_type`: one of [`DOC_TYPES`].
    pub doc_type: &'a str,
}

/// The `customer` object (the parameter table, all strictly required).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Customer<'a> {
    /// `customer.id`: unique ID of the customer within the project.
    pub id: &'a str,
    /// `customer.ip_address`: IPv4 or IPv6 address of the customer's device.
    pub ip_address: &'a str,
    /// `customer.first_name`.
    pub first_name: &'a str,
    /// `customer.last_name`.
    pub last_name: &'a str,
    /// `customer.email`.
    pub email: &'a str,
    /// `customer.phone`: exactly [`PHONE_LEN`] digits.
    pub phone: &'a str,
    /// `customer.identify`: the identity document.
    pub identify: Identify<'a>,
}

/// The `account` object (the parameter table, all strictly required).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Account<'a> {
    /// `account.number`: account number or the linked mobile phone number.
    pub number: &'a str,
    /// `account.type`: one of [`ACCOUNT_TYPES`].
    pub r#type: &'a str,
    /// `account.bank_id`: one of [`BANKS`].
    pub bank_id: u32,
}

/// A Bank transfers in Colombia payout request, `POST` [`ENDPOINT`].
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
            + member_len("first_name", text_len(MAX_NAME_LEN))
            + member_len("last_name", text_len(MAX_NAME_LEN))
            + member_len("email", plain_len(MAX_EMAIL_LEN))
            + member_len("phone", plain_len(PHONE_LEN))
            + object_len(
                "identify",
                member_len("doc_number", plain_len(MAX_DOC_NUMBER_LEN))
                    + member_len("doc_type", plain_len(3)),
            ),
    )
    + object_len(
        "account",
        member_len("number", text_len(MAX_ACCOUNT_NUMBER_LEN))
            + member_len("type", plain_len(4))
            + member_len("bank_id", U32_LEN),
    )
    + PAYMENT_LEN;

/// Largest body of any valid request (with [`MAX_EXTRAS`] extras at their
/// largest), signature included: a buffer this size always suffices. A
/// firmware that sends `n` extras needs at most
/// `MAX_LEN_WITHOUT_EXTRAS + n * MAX_EXTRA_LEN`.
pub const MAX_LEN: usize = MAX_LEN_WITHOUT_EXTRAS + MAX_EXTRAS * MAX_EXTRA_LEN;

/// Typed objects of a Colombia payout: extras below them go inside.
const OBJECTS: [&str; 5] = [
    "general",
    "customer",
    "account",
    "payment",
    "customer.identify",
];

impl<'a> Payout<'a> {
    /// Checks every rule and returns every violation, in body order; empty
    /// means valid. About 1 KiB of stack ([`Violations`]).
    ///
    /// Rules, besides the bounds of the module docs: required fields
    /// non-blank; `general.project_id` and `payment.amount` > 0;
    /// `customer.email` an address; `customer.ip_address` IPv4 or IPv6;
    /// `customer.phone` exactly 10 digits; `customer.identify.doc_type` CC
    /// or NIT and `doc_number` digits; `account.type` CACC or SVGS;
    /// `payment.currency` COP or USD; `account.bank_id` in [`BANKS`] unless
    /// `opts` allows unlisted banks; extras well-formed and not clashing.
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
        // customer: the parameter table (all required; phone "10 digits without a
        // plus sign (+), spaces or punctuation"; doc_type "Possible values");
        // this library (email, IP, doc_number digits).
        r.check(Field::CustomerId, validate::required(c.id, MAX_ID_LEN));
        r.check(Field::CustomerIpAddress, validate::ip_address(c.ip_address));
        r.check(
            Field::CustomerFirstName,
            validate::required(c.first_name, MAX_NAME_LEN),
        );
        r.check(
            Field::CustomerLastName,
            validate::required(c.last_name, MAX_NAME_LEN),
        );
        r.check(
            Field::CustomerEmail,
            validate::email(c.email, MAX_EMAIL_LEN),
        );
        r.check(Field::CustomerPhone, validate::ten_digits(c.phone));
        r.check(
            Field::CustomerIdentifyDocNumber,
            validate::digits(c.identify.doc_number, MAX_DOC_NUMBER_LEN),
        );
        r.check(
            Field::CustomerIdentifyDocType,
            validate::one_of(c.identify.doc_type, DOC_TYPES, super::Reason::DocType),
        );
        // account: the parameter table (all required; type "Possible values");
        // the bank table.
        r.check(
            Field::AccountNumber,
            validate::required(a.number, MAX_ACCOUNT_NUMBER_LEN),
        );
        r.check(
            Field::AccountType,
            validate::one_of(a.r#type, ACCOUNT_TYPES, super::Reason::AccountType),
        );
        r.check_detail(
            Field::AccountBankId,
            validate::bank(a.bank_id, BANKS, opts),
            Detail::Bank {
                id: a.bank_id,
                method: Method::Colombia,
            },
        );
        // payment: the payout page: "Payment currencies COP, USD"; this library (amount > 0).
        r.check_detail(
            Field::PaymentCurrency,
            validate::currency(p.currency, CURRENCIES),
            Detail::Currency {
                given: p.currency,
                method: Method::Colombia,
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
            (Field::CustomerFirstName, true),
            (Field::CustomerLastName, true),
            (Field::CustomerEmail, true),
            (Field::CustomerPhone, true),
            (Field::CustomerIdentifyDocNumber, true),
            (Field::CustomerIdentifyDocType, true),
            (Field::AccountNumber, true),
            (Field::AccountType, true),
            (Field::AccountBankId, true),
            (Field::PaymentCurrency, true),
            (Field::PaymentAmount, true),
            (Field::PaymentDescription, p.description.is_some()),
        ];
        let shape = Shape {
            leaves: &leaves,
            objects: &OBJECTS,
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
        w.str_member(&mut f, "first_name", c.first_name);
        w.str_member(&mut f, "last_name", c.last_name);
        w.str_member(&mut f, "email", c.email);
        w.str_member(&mut f, "phone", c.phone);
        w.open(&mut f, "identify");
        let mut fi = true;
        w.str_member(&mut fi, "doc_number", c.identify.doc_number);
        w.str_member(&mut fi, "doc_type", c.identify.doc_type);
        write::extras_under(w, &mut fi, x, "customer.identify", 3, &[]);
        w.close();
        write::extras_under(w, &mut f, x, "customer", 2, &["identify"]);
        w.close();

        w.open(&mut first, "account");
        let mut f = true;
        w.str_member(&mut f, "number", a.number);
        w.str_member(&mut f, "type", a.r#type);
        w.int_member(&mut f, "bank_id", i64::from(a.bank_id));
        write::extras_under(w, &mut f, x, "account", 2, &[]);
        w.close();

        write::payment(w, &mut first, &self.payment, x);
        write::extras_under(w, &mut first, x, "", 1, &PAYOUT_OBJECTS);
        w.end();
    }
}
