//! The payout methods, and the one trait every request type implements.

use super::{cambodia, colombia, status::StatusRequest, Bank, Options, Violations};
use crate::money::Currency;
use crate::sign::Signer;
use crate::Error;

/// A payout method of the platform: what differs between them, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Banks of Cambodia ([`cambodia`]).
    Cambodia,
    /// Bank transfers in Colombia ([`colombia`]).
    Colombia,
}

impl Method {
    /// Every method.
    pub const ALL: [Method; 2] = [Method::Cambodia, Method::Colombia];

    /// The short name every interface uses: `"cambodia"`, `"colombia"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Method::Cambodia => "cambodia",
            Method::Colombia => "colombia",
        }
    }

    /// The method with this short name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The method's name as the platform documents it.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Method::Cambodia => "Banks of Cambodia",
            Method::Colombia => "Bank transfers in Colombia",
        }
    }

    /// The endpoint a payout request is `POST`ed to.
    #[must_use]
    pub const fn endpoint(self) -> &'static str {
        match self {
            Method::Cambodia => cambodia::ENDPOINT,
            Method::Colombia => colombia::ENDPOINT,
        }
    }

    /// The currencies `payment.currency` may take.
    #[must_use]
    pub const fn currencies(self) -> &'static [Currency] {
        match self {
            Method::Cambodia => cambodia::CURRENCIES,
            Method::Colombia => colombia::CURRENCIES,
        }
    }

    /// The bank table `account.bank_id` is checked against.
    #[must_use]
    pub const fn banks(self) -> &'static [Bank] {
        match self {
            Method::Cambodia => cambodia::BANKS,
            Method::Colombia => colombia::BANKS,
        }
    }

    /// The bank with `id`.
    #[must_use]
    pub fn bank_by_id(self, id: u32) -> Option<&'static Bank> {
        super::bank_by_id(self.banks(), id)
    }

    /// The bank named exactly `name`.
    #[must_use]
    pub fn bank_by_name(self, name: &str) -> Option<&'static Bank> {
        super::bank_by_name(self.banks(), name)
    }

    /// The bank whose whole name is `name`, ignoring case.
    #[must_use]
    pub fn bank_by_name_ignore_case(self, name: &str) -> Option<&'static Bank> {
        super::bank_by_name_ignore_case(self.banks(), name)
    }

    /// The banks whose name contains `query`, ignoring case, in table order.
    pub fn search_banks(self, query: &str) -> impl Iterator<Item = &'static Bank> + '_ {
        super::search_banks(self.banks(), query)
    }

    /// The largest signed body of a valid payout without extra parameters.
    #[must_use]
    pub const fn max_len_without_extras(self) -> usize {
        match self {
            Method::Cambodia => cambodia::MAX_LEN_WITHOUT_EXTRAS,
            Method::Colombia => colombia::MAX_LEN_WITHOUT_EXTRAS,
        }
    }

    /// The largest signed body of a valid payout.
    #[must_use]
    pub const fn max_len(self) -> usize {
        match self {
            Method::Cambodia => cambodia::MAX_LEN,
            Method::Colombia => colombia::MAX_LEN,
        }
    }
}

impl core::fmt::Display for Method {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// What every request type can do: validate itself, measure, and sign into a
/// caller buffer. Implemented by [`cambodia::Payout`], [`colombia::Payout`] and
/// [`StatusRequest`], so interfaces can be written once, generically.
pub trait Request<'a> {
    /// The endpoint the signed body is `POST`ed to.
    const ENDPOINT: &'static str;
    /// The largest signed body of a valid request (extras included).
    const MAX_LEN: usize;

    /// Every violation (empty means valid).
    fn validate(&self, opts: Options) -> Violations<'a>;

    /// The exact size of the signed body.
    fn encoded_len(&self) -> usize;

    /// Validates, then writes the signed body into `out` (nothing left on error).
    ///
    /// # Errors
    /// [`Error::Invalid`], [`Error::BufferTooSmall`] with the exact size, the
    /// secret's errors, any signing error.
    fn sign_into<'o>(
        &self,
        secret: &[u8],
        out: &'o mut [u8],
        opts: Options,
    ) -> Result<&'o [u8], Error>;

    /// As [`Request::sign_into`], with a reusable [`Signer`].
    ///
    /// # Errors
    /// As [`Request::sign_into`].
    fn sign_with<'o>(
        &self,
        signer: &Signer,
        out: &'o mut [u8],
        opts: Options,
    ) -> Result<&'o [u8], Error>;
}

macro_rules! payout_request {
    ($ty:ty, $module:ident) => {
        impl<'a> Request<'a> for $ty {
            const ENDPOINT: &'static str = $module::ENDPOINT;
            const MAX_LEN: usize = $module::MAX_LEN;
            fn validate(&self, opts: Options) -> Violations<'a> {
                <$ty>::validate(self, opts)
            }
            fn encoded_len(&self) -> usize {
                <$ty>::encoded_len(self)
            }
            fn sign_into<'o>(
                &self,
                secret: &[u8],
                out: &'o mut [u8],
                opts: Options,
            ) -> Result<&'o [u8], Error> {
                <$ty>::sign_into(self, secret, out, opts)
            }
            fn sign_with<'o>(
                &self,
                signer: &Signer,
                out: &'o mut [u8],
                opts: Options,
            ) -> Result<&'o [u8], Error> {
                <$ty>::sign_with(self, signer, out, opts)
            }
        }
    };
}

payout_request!(cambodia::Payout<'a>, cambodia);
payout_request!(colombia::Payout<'a>, colombia);

impl<'a> Request<'a> for StatusRequest<'a> {
    const ENDPOINT: &'static str = super::status::ENDPOINT;
    const MAX_LEN: usize = super::status::MAX_LEN;
    fn validate(&self, opts: Options) -> Violations<'a> {
        self.validate_with(opts.ambiguous())
    }
    fn encoded_len(&self) -> usize {
        StatusRequest::encoded_len(self)
    }
    fn sign_into<'o>(
        &self,
        secret: &[u8],
        out: &'o mut [u8],
        opts: Options,
    ) -> Result<&'o [u8], Error> {
        let signer = Signer::new(secret)?;
        Request::sign_with(self, &signer, out, opts)
    }
    fn sign_with<'o>(
        &self,
        signer: &Signer,
        out: &'o mut [u8],
        opts: Options,
    ) -> Result<&'o [u8], Error> {
        let signer = signer.clone().with_ambiguous_data(opts.ambiguous());
        StatusRequest::sign_with(self, &signer, out)
    }
}
