//! The payment status request, `POST /v2/payment/status`: asks the platform
//! for a payment's state when its callback does not arrive (the common Gate request).
//!
//! Body: `{"general":{"project_id":…,"payment_id":"…","signature":"…"}}`.

use super::validate::{self, Report};
use super::write::{self, Body, Emit};
use super::{member_len, object_len, plain_len, text_len};
use super::{Field, Violations, I64_LEN, MAX_ID_LEN};
use crate::ambiguity::AmbiguousData;
use crate::limits::SIGNATURE_LEN;
use crate::sign::Signer;
use crate::Error;

/// Endpoint path of the status request.
pub const ENDPOINT: &str = "/v2/payment/status";

/// Largest body of a valid status request, signature included.
pub const MAX_LEN: usize = 2 + object_len(
    "general",
    member_len("project_id", I64_LEN)
        + member_len("payment_id", text_len(MAX_ID_LEN))
        + member_len("signature", plain_len(SIGNATURE_LEN)),
);

/// A payment status request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusRequest<'a> {
    /// `general.project_id`: must be > 0.
    pub project_id: i64,
    /// `general.payment_id`: the payment to ask about; required.
    pub payment_id: &'a str,
}

impl<'a> StatusRequest<'a> {
    /// A request for `payment_id` of project `project_id`.
    #[must_use]
    pub const fn new(project_id: i64, payment_id: &'a str) -> Self {
        StatusRequest {
            project_id,
            payment_id,
        }
    }

    /// Every violation (`general.project_id` > 0, `general.payment_id`
    /// non-blank, at most [`MAX_ID_LEN`] bytes, no control characters, not
    /// ambiguous); empty means valid.
    #[must_use]
    pub fn validate(&self) -> Violations<'a> {
        self.validate_with(AmbiguousData::Refuse)
    }

    /// [`StatusRequest::validate`], accepting ambiguous text in
    /// `general.payment_id` when `policy` is [`AmbiguousData::Allow`] (the
    /// policy [`StatusRequest::sign_with`] takes from its signer).
    #[must_use]
    pub fn validate_with(&self, policy: AmbiguousData) -> Violations<'a> {
        let mut r = Report::new(policy);
        // This library's rule: same `general` rules as the payouts.
        r.check(Field::GeneralProjectId, validate::positive(self.project_id));
        r.check(
            Field::GeneralPaymentId,
            validate::required(self.payment_id, MAX_ID_LEN),
        );
        r.finish()
    }

    /// Whether [`StatusRequest::validate`] finds nothing.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.validate().is_empty()
    }

    /// Exact size of the body [`StatusRequest::sign_into`] writes, signature
    /// included; at most [`MAX_LEN`] for a valid request.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        write::encoded_len(self)
    }

    /// Validates, then writes the signed JSON body into `out` and returns
    /// the part of `out` it used. Nothing is left in `out` on error.
    ///
    /// # Errors
    /// [`Error::Invalid`], [`Error::BufferTooSmall`] with the exact size
    /// needed (`out` untouched), the secret's errors, any signing error.
    pub fn sign_into<'o>(&self, secret: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
        write::sign_into(self, self.is_valid(), secret, out, AmbiguousData::Refuse)
    }

    /// As [`StatusRequest::sign_into`], with a reusable [`Signer`]; the
    /// signer's [`Signer::ambiguous_data`] policy applies to validation too.
    ///
    /// # Errors
    /// As [`StatusRequest::sign_into`].
    pub fn sign_with<'o>(&self, signer: &Signer, out: &'o mut [u8]) -> Result<&'o [u8], Error> {
        let policy = signer.ambiguous_data();
        let valid = self.validate_with(policy).is_empty();
        write::sign_with(self, valid, signer, out, policy)
    }
}

impl<'t> Body<'t> for StatusRequest<'t> {
    fn emit<E: Emit<'t>>(&self, w: &mut E) {
        let general = super::General {
            project_id: self.project_id,
            payment_id: self.payment_id,
            merchant_callback_url: None,
        };
        let mut first = true;
        w.begin();
        write::general(w, &mut first, &general, &[]);
        w.end();
    }
}
