//! `monetix_gate._native`: the Python binding of the `monetix-gate` engine.
//!
//! Thin by design: every function converts its Python arguments
//! ([`convert`]), calls the engine, and converts the result or the error
//! ([`errors`]). All signing, verification, validation and parsing logic is in
//! the core crate; none is here.
//!
//! The public Python API is `monetix_gate` (`python/monetix_gate/__init__.py`),
//! which re-exports this module; `_native.pyi` is its type stub, mirrored one to
//! one and checked with `mypy.stubtest`.
//!
//! # The GIL
//!
//! Arguments are converted, and request mappings walked, with the GIL held.
//! The engine then works on bytes no other thread can change: a `bytes` or
//! `str` object (immutable; the call holds a reference to it) or a private
//! copy (a `bytearray` is copied first, a mapping is written to new bytes).
//! For a body of at least [`DETACH_MIN`] bytes that work runs with the GIL
//! released, so other Python threads run meanwhile; below it, releasing and
//! taking back the GIL would cost more than it frees.

use std::borrow::Cow;

use monetix_gate::payout::{cambodia, colombia, Bank};
use monetix_gate::{AmbiguousData, Mode, SecretPolicy};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyInt, PyString};

mod convert;
mod errors;
mod payout;
mod views;

use errors::{explained, Failure, Result};

/// Bodies of at least this many bytes are signed, verified and parsed with
/// the GIL released.
///
/// Measured with the release wheel on CPython 3.11, x86-64 (2 cores shared
/// with other builds, so best of 25 timings): `verify` of a callback-like
/// body takes 4.2 µs at 0.5 KiB, 10.7 µs at 2.2 KiB, 33 µs at 8 KiB, 69 µs at
/// 16 KiB, about 0.6 ms at 64 KiB and 1.4 ms at 256 KiB (`parse_callback`
/// alike). Releasing and re-taking an uncontended GIL did not show in these
/// timings (builds with and without it differed by less than their noise,
/// a microsecond or two, in both directions). Contended, it costs far more: the
/// GIL must be taken back from another thread, which can take up to the
/// switch interval (5 ms); with one busy Python thread, `verify` at 64 KiB
/// took a median 2.0 to 2.4 ms released against 1.2 to 1.6 ms held. So real
/// callbacks and requests (1 to 3 KiB, about 10 µs of work) keep the GIL: a
/// hand-over would free at most 10 µs for other threads and could cost the
/// caller milliseconds. From 16 KiB (70 µs and more of work) other threads
/// run while the engine works.
const DETACH_MIN: usize = 16 * 1024;

/// Runs `work` on `body`, with the GIL released if the body is large.
///
/// `body` is never a `bytearray`'s buffer (see the module docs), so nothing
/// can change it while the GIL is released.
fn engine<'b, T, F>(py: Python<'_>, body: &'b [u8], work: F) -> T
where
    T: Send,
    F: Send + FnOnce(&'b [u8]) -> T,
{
    if body.len() >= DETACH_MIN {
        py.detach(|| work(body))
    } else {
        work(body)
    }
}

/// The engine's secret policy for the `allow_suspicious_secret` keyword.
fn policy(allow_suspicious_secret: bool) -> SecretPolicy {
    if allow_suspicious_secret {
        SecretPolicy::AllowAny
    } else {
        SecretPolicy::Strict
    }
}

/// The engine's policy for the `allow_ambiguous` keyword.
fn ambiguous(allow_ambiguous: bool) -> AmbiguousData {
    if allow_ambiguous {
        AmbiguousData::Allow
    } else {
        AmbiguousData::Refuse
    }
}

/// A keyed engine signer; a copied secret is wiped when this returns.
fn keyed(
    secret: &Bound<'_, PyAny>,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<monetix_gate::Signer> {
    let secret = convert::secret(secret)?;
    Ok(
        monetix_gate::Signer::with_policy(&secret, policy(allow_suspicious_secret))?
            .with_ambiguous_data(ambiguous(allow_ambiguous)),
    )
}

fn mode(strict: bool) -> Mode {
    if strict {
        Mode::Strict
    } else {
        Mode::Tolerant
    }
}

/// Signs a body with `signer`.
fn sign_with<'py>(
    py: Python<'py>,
    signer: &monetix_gate::Signer,
    body: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyString>> {
    let body = convert::body(body)?;
    let signature = engine(py, &body, |b| signer.sign(b)).map_err(|e| explained(&body, e))?;
    Ok(PyString::new(py, signature.as_str()))
}

/// The signed copy of a body as Python `bytes`.
fn signed_copy<'py>(
    py: Python<'py>,
    signer: &monetix_gate::Signer,
    body: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyBytes>> {
    let body = convert::body(body)?;
    let copy = engine(py, &body, |body| {
        // The signed copy grows by at most one `"general":{"signature":"…"},`
        // member; if the engine ever needs more it says exactly how much.
        let mut out = vec![0u8; body.len() + 2 * monetix_gate::SIGNATURE_LEN];
        match signer.sign_body(body, &mut out) {
            Ok(written) => {
                let n = written.len();
                out.truncate(n);
                Ok(out)
            }
            Err(monetix_gate::Error::BufferTooSmall { needed }) => {
                out = vec![0u8; needed];
                let n = signer.sign_body(body, &mut out)?.len();
                out.truncate(n);
                Ok(out)
            }
            Err(err) => Err(err),
        }
    })
    .map_err(|e| explained(&body, e))?;
    Ok(PyBytes::new(py, &copy))
}

/// Verifies a signed body as received.
fn verify_with(
    py: Python<'_>,
    signer: &monetix_gate::Signer,
    body: &Bound<'_, PyAny>,
    strict: bool,
) -> Result<&'static str> {
    let body = convert::raw_body(body)?;
    let order =
        engine(py, &body, |b| signer.verify(b, mode(strict))).map_err(|e| explained(&body, e))?;
    Ok(order.as_str())
}

/// Signs a request body: HMAC-SHA512 over its canonical string, base64.
///
/// `body` is `bytes`, `bytearray`, `str` or a mapping of JSON values (no
/// floats); `secret` is `str` (UTF-8), `bytes` or `bytearray`. Ambiguous data
/// is refused (`AmbiguousDataError`) unless `allow_ambiguous=True`.
#[pyfunction]
#[pyo3(signature = (body, secret, *, allow_suspicious_secret = false, allow_ambiguous = false))]
fn sign<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyString>> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    sign_with(py, &signer, body)
}

/// The canonical string a request's signature covers (never refused for
/// ambiguity: it is what a mismatch is debugged with).
#[pyfunction]
#[pyo3(signature = (body))]
fn canonical<'py>(py: Python<'py>, body: &Bound<'py, PyAny>) -> Result<Bound<'py, PyString>> {
    let body = convert::body(body)?;
    let text = engine(py, &body, |body| {
        let mut out = vec![0u8; monetix_gate::canonical_len(body)?];
        let n = monetix_gate::canonical(body, &mut out)?.len();
        out.truncate(n);
        Ok::<_, monetix_gate::Error>(out)
    })?;
    // The engine wrote UTF-8 (its input was checked to be UTF-8).
    let text = core::str::from_utf8(&text).map_err(|e| monetix_gate::Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    Ok(PyString::new(py, text))
}

/// The body with `general.signature` set (a top-level `signature` removed,
/// `general` created if absent); every other byte is kept.
#[pyfunction]
#[pyo3(signature = (body, secret, *, allow_suspicious_secret = false, allow_ambiguous = false))]
fn sign_body<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyBytes>> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    signed_copy(py, &signer, body)
}

/// Verifies a signed body (callback or signed response) as received.
///
/// Returns the name of the ordering that matched: `natural`, `byte-path` or
/// `byte-line` (`natural` only with `strict=True`).
#[pyfunction]
#[pyo3(signature = (body, secret, *, strict = false, allow_suspicious_secret = false, allow_ambiguous = false))]
fn verify(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    strict: bool,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<&'static str> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    verify_with(py, &signer, body, strict)
}

/// A signer keyed once with the merchant's secret and reused for every body.
///
/// The keyed HMAC state is wiped when the signer is freed; its `repr` never
/// shows it, and it cannot be pickled or copied. Made with
/// `allow_ambiguous=True`, every call accepts ambiguous data; otherwise a
/// call's own `allow_ambiguous=True` accepts it for that call only.
#[pyclass(frozen, module = "monetix_gate._native", name = "Signer")]
struct Signer {
    inner: monetix_gate::Signer,
}

impl Signer {
    /// The engine signer for one call: this one, or a copy that accepts
    /// ambiguous data (wiped when the call returns).
    fn with(&self, allow_ambiguous: bool) -> Cow<'_, monetix_gate::Signer> {
        if allow_ambiguous && !self.inner.ambiguous_data().allows() {
            Cow::Owned(self.inner.clone().with_ambiguous_data(AmbiguousData::Allow))
        } else {
            Cow::Borrowed(&self.inner)
        }
    }
}

#[pymethods]
impl Signer {
    #[new]
    #[pyo3(signature = (secret, *, allow_suspicious_secret = false, allow_ambiguous = false))]
    fn new(
        secret: &Bound<'_, PyAny>,
        allow_suspicious_secret: bool,
        allow_ambiguous: bool,
    ) -> Result<Self> {
        Ok(Signer {
            inner: keyed(secret, allow_suspicious_secret, allow_ambiguous)?,
        })
    }

    /// Whether this signer was made with `allow_ambiguous=True`.
    #[getter]
    fn allow_ambiguous(&self) -> bool {
        self.inner.ambiguous_data().allows()
    }

    /// Signs a request body (see `monetix_gate.sign`).
    #[pyo3(signature = (body, *, allow_ambiguous = false))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyString>> {
        sign_with(py, &self.with(allow_ambiguous), body)
    }

    /// The signed copy of a request body (see `monetix_gate.sign_body`).
    #[pyo3(signature = (body, *, allow_ambiguous = false))]
    fn sign_body<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyBytes>> {
        signed_copy(py, &self.with(allow_ambiguous), body)
    }

    /// Verifies a signed body (see `monetix_gate.verify`).
    #[pyo3(signature = (body, *, strict = false, allow_ambiguous = false))]
    fn verify(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        strict: bool,
        allow_ambiguous: bool,
    ) -> Result<&'static str> {
        verify_with(py, &self.with(allow_ambiguous), body, strict)
    }

    /// A signed Cambodia payout request (see `monetix_gate.cambodia_payout`).
    #[pyo3(signature = (fields, *, allow_unlisted_bank = false, allow_ambiguous = false))]
    fn cambodia_payout<'py>(
        &self,
        py: Python<'py>,
        fields: &Bound<'py, PyAny>,
        allow_unlisted_bank: bool,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyBytes>> {
        payout::cambodia(py, fields, &self.with(allow_ambiguous), allow_unlisted_bank)
    }

    /// A signed Colombia payout request (see `monetix_gate.colombia_payout`).
    #[pyo3(signature = (fields, *, allow_unlisted_bank = false, allow_ambiguous = false))]
    fn colombia_payout<'py>(
        &self,
        py: Python<'py>,
        fields: &Bound<'py, PyAny>,
        allow_unlisted_bank: bool,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyBytes>> {
        payout::colombia(py, fields, &self.with(allow_ambiguous), allow_unlisted_bank)
    }

    /// A signed status request (see `monetix_gate.status_request`).
    #[pyo3(signature = (project_id, payment_id, *, allow_ambiguous = false))]
    fn status_request<'py>(
        &self,
        py: Python<'py>,
        project_id: &Bound<'py, PyAny>,
        payment_id: &Bound<'py, PyAny>,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyBytes>> {
        payout::status(py, project_id, payment_id, &self.with(allow_ambiguous))
    }

    /// A verified callback (see `monetix_gate.parse_callback`).
    #[pyo3(signature = (body, *, strict = false, allow_ambiguous = false))]
    fn parse_callback<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        strict: bool,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyAny>> {
        parse_callback_with(py, body, &self.with(allow_ambiguous), strict)
    }

    /// A verified acknowledgement (see `monetix_gate.parse_response`).
    #[pyo3(signature = (body, *, strict = false, allow_ambiguous = false))]
    fn parse_response<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        strict: bool,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyAny>> {
        parse_response_with(py, body, Some(&self.with(allow_ambiguous)), strict)
    }

    /// A verified status response (see `monetix_gate.parse_status_response`).
    #[pyo3(signature = (body, *, strict = false, allow_ambiguous = false))]
    fn parse_status_response<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        strict: bool,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyAny>> {
        parse_status_response_with(py, body, &self.with(allow_ambiguous), strict)
    }

    fn __repr__(&self) -> &'static str {
        if self.inner.ambiguous_data().allows() {
            "Signer(<secret redacted>, allow_ambiguous=True)"
        } else {
            "Signer(<secret redacted>)"
        }
    }
}

// ---- payouts -------------------------------------------------------------------

/// A signed Banks of Cambodia payout request body (POST it to
/// `CAMBODIA_PAYOUT_ENDPOINT`).
///
/// `fields` is a mapping in the seed's shape (`general`, `customer`,
/// `account`, `payment`); any other leaf is sent as an extra Gate parameter.
/// Raises `ValidationError` listing every violation (ambiguous text is one,
/// unless `allow_ambiguous=True`).
#[pyfunction]
#[pyo3(signature = (fields, secret, *, allow_unlisted_bank = false, allow_suspicious_secret = false, allow_ambiguous = false))]
fn cambodia_payout<'py>(
    py: Python<'py>,
    fields: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_unlisted_bank: bool,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyBytes>> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    payout::cambodia(py, fields, &signer, allow_unlisted_bank)
}

/// A signed Bank transfers in Colombia payout request body (POST it to
/// `COLOMBIA_PAYOUT_ENDPOINT`); as `cambodia_payout`.
#[pyfunction]
#[pyo3(signature = (fields, secret, *, allow_unlisted_bank = false, allow_suspicious_secret = false, allow_ambiguous = false))]
fn colombia_payout<'py>(
    py: Python<'py>,
    fields: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_unlisted_bank: bool,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyBytes>> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    payout::colombia(py, fields, &signer, allow_unlisted_bank)
}

/// A signed payment status request body (POST it to `STATUS_ENDPOINT`).
#[pyfunction]
#[pyo3(signature = (project_id, payment_id, secret, *, allow_suspicious_secret = false, allow_ambiguous = false))]
fn status_request<'py>(
    py: Python<'py>,
    project_id: &Bound<'py, PyAny>,
    payment_id: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyBytes>> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    payout::status(py, project_id, payment_id, &signer)
}

// ---- callbacks and responses ---------------------------------------------------

fn parse_callback_with<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    signer: &monetix_gate::Signer,
    strict: bool,
) -> Result<Bound<'py, PyAny>> {
    let body = convert::raw_body(body)?;
    // A scratch as long as the body always suffices (the engine's rule).
    let mut scratch = vec![0u8; body.len()];
    let view = engine(py, &body, |b| {
        monetix_gate::callback::parse_with_signer(b, signer, mode(strict), &mut scratch)
    })
    .map_err(|e| explained(&body, e))?;
    views::callback(py, &view)
}

fn parse_response_with<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    signer: Option<&monetix_gate::Signer>,
    strict: bool,
) -> Result<Bound<'py, PyAny>> {
    let body = convert::raw_body(body)?;
    let mut scratch = vec![0u8; body.len()];
    let view = engine(py, &body, |b| match signer {
        Some(signer) => monetix_gate::response::ack_verified(b, signer, mode(strict), &mut scratch),
        None => monetix_gate::response::ack(b, &mut scratch),
    })
    .map_err(|e| explained(&body, e))?;
    views::ack(py, &view)
}

fn parse_status_response_with<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    signer: &monetix_gate::Signer,
    strict: bool,
) -> Result<Bound<'py, PyAny>> {
    let body = convert::raw_body(body)?;
    let mut scratch = vec![0u8; body.len()];
    let view = engine(py, &body, |b| {
        monetix_gate::response::status(b, signer, mode(strict), &mut scratch)
    })
    .map_err(|e| explained(&body, e))?;
    views::status_response(py, &view)
}

/// Verifies a callback body as received and returns its typed, immutable view
/// (`monetix_gate.models.Callback`). Raises `SignatureError` unless it
/// verifies; nothing is read from a body that does not.
#[pyfunction]
#[pyo3(signature = (body, secret, *, strict = false, allow_suspicious_secret = false, allow_ambiguous = false))]
fn parse_callback<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    strict: bool,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyAny>> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    parse_callback_with(py, body, &signer, strict)
}

/// Reads the platform's acknowledgement of a payout request
/// (`monetix_gate.models.Acknowledgement`). Without `secret` it is read as is
/// (the platform's examples are unsigned); with one, it must verify first
/// (`allow_ambiguous` applies to that verification).
#[pyfunction]
#[pyo3(signature = (body, secret = None, *, strict = false, allow_suspicious_secret = false, allow_ambiguous = false))]
fn parse_response<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: Option<&Bound<'py, PyAny>>,
    strict: bool,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyAny>> {
    match secret {
        Some(secret) => {
            let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
            parse_response_with(py, body, Some(&signer), strict)
        }
        None => parse_response_with(py, body, None, strict),
    }
}

/// Verifies the response of a status request and returns its typed view
/// (`monetix_gate.models.StatusResponse`: the payment and its last operation).
#[pyfunction]
#[pyo3(signature = (body, secret, *, strict = false, allow_suspicious_secret = false, allow_ambiguous = false))]
fn parse_status_response<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    strict: bool,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyAny>> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    parse_status_response_with(py, body, &signer, strict)
}

// ---- money and bank directories ----------------------------------------------------

/// The text of a `str` argument: `None` for a `str` without a UTF-8 form (a
/// lone surrogate), which no amount, currency, method or bank name has;
/// `ArgumentTypeError` for anything but a `str`.
fn text<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> Result<Option<Cow<'a, str>>> {
    let Ok(s) = obj.cast::<PyString>() else {
        return Err(Failure::ArgumentType(format!(
            "{what} must be str, not {}",
            obj.get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        )));
    };
    Ok(convert::utf8(s).ok())
}

/// Converts a decimal amount in major units (`"50,000.00"`) into an integer
/// count of the currency's minor units (`5000000`), exactly (no floats).
#[pyfunction]
#[pyo3(signature = (amount, currency))]
fn to_minor_units(amount: &Bound<'_, PyAny>, currency: &Bound<'_, PyAny>) -> Result<i64> {
    let amount = text(amount, "amount")?;
    let currency = currency_of(currency)?;
    let amount = amount.ok_or(monetix_gate::Error::AmountSyntax)?;
    Ok(monetix_gate::money::to_minor_units(&amount, currency)?)
}

fn currency_of(currency: &Bound<'_, PyAny>) -> Result<monetix_gate::money::Currency> {
    let code = text(currency, "currency")?.ok_or(monetix_gate::Error::UnknownCurrency)?;
    Ok(monetix_gate::money::Currency::from_code(&code)?)
}

/// Number of minor-unit digits of a currency (`2` for `KHR`).
#[pyfunction]
#[pyo3(signature = (currency))]
fn minor_unit_digits(currency: &Bound<'_, PyAny>) -> Result<u8> {
    Ok(currency_of(currency)?.minor_units())
}

/// A payout method: `"cambodia"` or `"colombia"`.
#[derive(Clone, Copy)]
enum Method {
    Cambodia,
    Colombia,
}

fn method_of(method: &Bound<'_, PyAny>) -> Result<Method> {
    let name = text(method, "method")?;
    match name.as_deref() {
        Some("cambodia") => Ok(Method::Cambodia),
        Some("colombia") => Ok(Method::Colombia),
        other => Err(Failure::ArgumentValue(format!(
            "unknown payout method {} (expected \"cambodia\" or \"colombia\")",
            other.map_or_else(|| "(not valid Unicode)".to_owned(), |o| format!("{o:?}"))
        ))),
    }
}

fn bank<'py>(py: Python<'py>, b: &Bank) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: pyo3::sync::PyOnceLock<Py<pyo3::types::PyType>> = pyo3::sync::PyOnceLock::new();
    CLASS
        .import(py, "monetix_gate.models", "Bank")?
        .call1((b.id, b.name))
}

fn opt_bank<'py>(py: Python<'py>, b: Option<&Bank>) -> Result<Option<Bound<'py, PyAny>>> {
    Ok(b.map(|b| bank(py, b)).transpose()?)
}

/// The bank table of a payout method (`"cambodia"` or `"colombia"`), in the
/// seed's order.
#[pyfunction]
#[pyo3(signature = (method))]
fn banks<'py>(py: Python<'py>, method: &Bound<'py, PyAny>) -> Result<Vec<Bound<'py, PyAny>>> {
    let table = match method_of(method)? {
        Method::Cambodia => cambodia::BANKS,
        Method::Colombia => colombia::BANKS,
    };
    Ok(table.iter().map(|b| bank(py, b)).collect::<PyResult<_>>()?)
}

/// The bank with this `account.bank_id` in a method's table, or `None`.
#[pyfunction]
#[pyo3(signature = (method, bank_id))]
fn bank_by_id<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyAny>,
    bank_id: &Bound<'py, PyAny>,
) -> Result<Option<Bound<'py, PyAny>>> {
    let method = method_of(method)?;
    let Ok(id) = bank_id.cast::<PyInt>() else {
        return Err(Failure::ArgumentType("bank_id must be int".to_owned()));
    };
    // Any other integer (negative, or beyond 32 bits) is no bank's id.
    let Ok(id) = id.extract::<u32>() else {
        return Ok(None);
    };
    let found = match method {
        Method::Cambodia => cambodia::bank_by_id(id),
        Method::Colombia => colombia::bank_by_id(id),
    };
    opt_bank(py, found)
}

/// The bank with this name in a method's table (exact, or ignoring case), or `None`.
#[pyfunction]
#[pyo3(signature = (method, name, *, ignore_case = false))]
fn bank_by_name<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyAny>,
    name: &Bound<'py, PyAny>,
    ignore_case: bool,
) -> Result<Option<Bound<'py, PyAny>>> {
    let method = method_of(method)?;
    let Some(name) = text(name, "name")? else {
        return Ok(None);
    };
    let found = match (method, ignore_case) {
        (Method::Cambodia, false) => cambodia::bank_by_name(&name),
        (Method::Cambodia, true) => cambodia::bank_by_name_ignore_case(&name),
        (Method::Colombia, false) => colombia::bank_by_name(&name),
        (Method::Colombia, true) => colombia::bank_by_name_ignore_case(&name),
    };
    opt_bank(py, found)
}

/// The banks of a method whose name contains `query`, ignoring case.
#[pyfunction]
#[pyo3(signature = (method, query))]
fn search_banks<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyAny>,
    query: &Bound<'py, PyAny>,
) -> Result<Vec<Bound<'py, PyAny>>> {
    let method = method_of(method)?;
    let Some(query) = text(query, "query")? else {
        return Ok(Vec::new());
    };
    let found: Vec<&Bank> = match method {
        Method::Cambodia => cambodia::search_banks(&query).collect(),
        Method::Colombia => colombia::search_banks(&query).collect(),
    };
    Ok(found
        .into_iter()
        .map(|b| bank(py, b))
        .collect::<PyResult<_>>()?)
}

/// Python binding of the monetix-gate engine (use the `monetix_gate` package).
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SIGNATURE_LEN", monetix_gate::SIGNATURE_LEN)?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(canonical, m)?)?;
    m.add_function(wrap_pyfunction!(sign_body, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(cambodia_payout, m)?)?;
    m.add_function(wrap_pyfunction!(colombia_payout, m)?)?;
    m.add_function(wrap_pyfunction!(status_request, m)?)?;
    m.add_function(wrap_pyfunction!(parse_callback, m)?)?;
    m.add_function(wrap_pyfunction!(parse_response, m)?)?;
    m.add_function(wrap_pyfunction!(parse_status_response, m)?)?;
    m.add_function(wrap_pyfunction!(to_minor_units, m)?)?;
    m.add_function(wrap_pyfunction!(minor_unit_digits, m)?)?;
    m.add_function(wrap_pyfunction!(banks, m)?)?;
    m.add_function(wrap_pyfunction!(bank_by_id, m)?)?;
    m.add_function(wrap_pyfunction!(bank_by_name, m)?)?;
    m.add_function(wrap_pyfunction!(search_banks, m)?)?;
    m.add_class::<Signer>()?;
    m.add("CAMBODIA_PAYOUT_ENDPOINT", cambodia::ENDPOINT)?;
    m.add("COLOMBIA_PAYOUT_ENDPOINT", colombia::ENDPOINT)?;
    m.add("STATUS_ENDPOINT", monetix_gate::payout::status::ENDPOINT)?;
    let codes =
        |cs: &[monetix_gate::money::Currency]| cs.iter().map(|c| c.code()).collect::<Vec<_>>();
    m.add(
        "CAMBODIA_CURRENCIES",
        pyo3::types::PyTuple::new(m.py(), codes(cambodia::CURRENCIES))?,
    )?;
    m.add(
        "COLOMBIA_CURRENCIES",
        pyo3::types::PyTuple::new(m.py(), codes(colombia::CURRENCIES))?,
    )?;
    Ok(())
}
