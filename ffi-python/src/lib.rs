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

use monetix_gate::payout::{cambodia, colombia, Bank};
use monetix_gate::{Mode, SecretPolicy};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

mod convert;
mod errors;
mod payout;
mod views;

use errors::{Failure, Result};

/// The engine's secret policy for the `allow_suspicious_secret` keyword.
fn policy(allow_suspicious_secret: bool) -> SecretPolicy {
    if allow_suspicious_secret {
        SecretPolicy::AllowAny
    } else {
        SecretPolicy::Strict
    }
}

/// A keyed engine signer; a copied secret is wiped when this returns.
fn keyed(secret: &Bound<'_, PyAny>, allow_suspicious_secret: bool) -> Result<monetix_gate::Signer> {
    let secret = convert::secret(secret)?;
    Ok(monetix_gate::Signer::with_policy(
        &secret,
        policy(allow_suspicious_secret),
    )?)
}

fn mode(strict: bool) -> Mode {
    if strict {
        Mode::Strict
    } else {
        Mode::Tolerant
    }
}

/// The signed copy of `body` as Python `bytes`.
fn signed_copy<'py>(
    py: Python<'py>,
    signer: &monetix_gate::Signer,
    body: &[u8],
) -> Result<Bound<'py, PyBytes>> {
    // The signed copy grows by at most one `"general":{"signature":"…"},`
    // member; if the engine ever needs more it says exactly how much.
    let mut out = vec![0u8; body.len() + 2 * monetix_gate::SIGNATURE_LEN];
    let written = match signer.sign_body(body, &mut out) {
        Ok(written) => written.len(),
        Err(monetix_gate::Error::BufferTooSmall { needed }) => {
            out = vec![0u8; needed];
            signer.sign_body(body, &mut out)?.len()
        }
        Err(err) => return Err(err.into()),
    };
    Ok(PyBytes::new(py, &out[..written]))
}

/// Signs a request body: HMAC-SHA512 over its canonical string, base64.
///
/// `body` is `bytes`, `bytearray`, `str` or a mapping of JSON values (no
/// floats); `secret` is `str` (UTF-8), `bytes` or `bytearray`.
#[pyfunction]
#[pyo3(signature = (body, secret, *, allow_suspicious_secret = false))]
fn sign<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_suspicious_secret: bool,
) -> Result<Bound<'py, PyString>> {
    let body = convert::body(body)?;
    let signer = keyed(secret, allow_suspicious_secret)?;
    Ok(PyString::new(py, signer.sign(&body)?.as_str()))
}

/// The canonical string a request's signature covers.
#[pyfunction]
#[pyo3(signature = (body))]
fn canonical<'py>(py: Python<'py>, body: &Bound<'py, PyAny>) -> Result<Bound<'py, PyString>> {
    let body = convert::body(body)?;
    let mut out = vec![0u8; monetix_gate::canonical_len(&body)?];
    let text = monetix_gate::canonical(&body, &mut out)?;
    Ok(PyString::new(py, text))
}

/// The body with `general.signature` set (a top-level `signature` removed,
/// `general` created if absent); every other byte is kept.
#[pyfunction]
#[pyo3(signature = (body, secret, *, allow_suspicious_secret = false))]
fn sign_body<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_suspicious_secret: bool,
) -> Result<Bound<'py, PyBytes>> {
    let body = convert::body(body)?;
    let signer = keyed(secret, allow_suspicious_secret)?;
    signed_copy(py, &signer, &body)
}

/// Verifies a signed body (callback or signed response) as received.
///
/// Returns the name of the ordering that matched: `natural`, `byte-path` or
/// `byte-line` (`natural` only with `strict=True`).
#[pyfunction]
#[pyo3(signature = (body, secret, *, strict = false, allow_suspicious_secret = false))]
fn verify(
    body: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    strict: bool,
    allow_suspicious_secret: bool,
) -> Result<&'static str> {
    let body = convert::raw_body(body)?;
    let signer = keyed(secret, allow_suspicious_secret)?;
    Ok(signer.verify(&body, mode(strict))?.as_str())
}

/// A signer keyed once with the merchant's secret and reused for every body.
///
/// The keyed HMAC state is wiped when the signer is freed; its `repr` never
/// shows it, and it cannot be pickled or copied.
#[pyclass(frozen, module = "monetix_gate._native", name = "Signer")]
struct Signer {
    inner: monetix_gate::Signer,
}

#[pymethods]
impl Signer {
    #[new]
    #[pyo3(signature = (secret, *, allow_suspicious_secret = false))]
    fn new(secret: &Bound<'_, PyAny>, allow_suspicious_secret: bool) -> Result<Self> {
        Ok(Signer {
            inner: keyed(secret, allow_suspicious_secret)?,
        })
    }

    /// Signs a request body (see `monetix_gate.sign`).
    #[pyo3(signature = (body))]
    fn sign<'py>(&self, py: Python<'py>, body: &Bound<'py, PyAny>) -> Result<Bound<'py, PyString>> {
        let body = convert::body(body)?;
        Ok(PyString::new(py, self.inner.sign(&body)?.as_str()))
    }

    /// The signed copy of a request body (see `monetix_gate.sign_body`).
    #[pyo3(signature = (body))]
    fn sign_body<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
    ) -> Result<Bound<'py, PyBytes>> {
        let body = convert::body(body)?;
        signed_copy(py, &self.inner, &body)
    }

    /// Verifies a signed body (see `monetix_gate.verify`).
    #[pyo3(signature = (body, *, strict = false))]
    fn verify(&self, body: &Bound<'_, PyAny>, strict: bool) -> Result<&'static str> {
        let body = convert::raw_body(body)?;
        Ok(self.inner.verify(&body, mode(strict))?.as_str())
    }

    /// A signed Cambodia payout request (see `monetix_gate.cambodia_payout`).
    #[pyo3(signature = (fields, *, allow_unlisted_bank = false))]
    fn cambodia_payout<'py>(
        &self,
        py: Python<'py>,
        fields: &Bound<'py, PyAny>,
        allow_unlisted_bank: bool,
    ) -> Result<Bound<'py, PyBytes>> {
        payout::cambodia(py, fields, &self.inner, allow_unlisted_bank)
    }

    /// A signed Colombia payout request (see `monetix_gate.colombia_payout`).
    #[pyo3(signature = (fields, *, allow_unlisted_bank = false))]
    fn colombia_payout<'py>(
        &self,
        py: Python<'py>,
        fields: &Bound<'py, PyAny>,
        allow_unlisted_bank: bool,
    ) -> Result<Bound<'py, PyBytes>> {
        payout::colombia(py, fields, &self.inner, allow_unlisted_bank)
    }

    /// A signed status request (see `monetix_gate.status_request`).
    #[pyo3(signature = (project_id, payment_id))]
    fn status_request<'py>(
        &self,
        py: Python<'py>,
        project_id: &Bound<'py, PyAny>,
        payment_id: &Bound<'py, PyAny>,
    ) -> Result<Bound<'py, PyBytes>> {
        payout::status(py, project_id, payment_id, &self.inner)
    }

    /// A verified callback (see `monetix_gate.parse_callback`).
    #[pyo3(signature = (body, *, strict = false))]
    fn parse_callback<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        strict: bool,
    ) -> Result<Bound<'py, PyAny>> {
        parse_callback_with(py, body, &self.inner, strict)
    }

    /// A verified acknowledgement (see `monetix_gate.parse_response`).
    #[pyo3(signature = (body, *, strict = false))]
    fn parse_response<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        strict: bool,
    ) -> Result<Bound<'py, PyAny>> {
        parse_response_with(py, body, Some(&self.inner), strict)
    }

    /// A verified status response (see `monetix_gate.parse_status_response`).
    #[pyo3(signature = (body, *, strict = false))]
    fn parse_status_response<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        strict: bool,
    ) -> Result<Bound<'py, PyAny>> {
        parse_status_response_with(py, body, &self.inner, strict)
    }

    fn __repr__(&self) -> &'static str {
        "Signer(<secret redacted>)"
    }
}

// ---- payouts -------------------------------------------------------------------

/// A signed Banks of Cambodia payout request body (POST it to
/// `CAMBODIA_PAYOUT_ENDPOINT`).
///
/// `fields` is a mapping in the seed's shape (`general`, `customer`,
/// `account`, `payment`); any other leaf is sent as an extra Gate parameter.
/// Raises `ValidationError` listing every violation.
#[pyfunction]
#[pyo3(signature = (fields, secret, *, allow_unlisted_bank = false, allow_suspicious_secret = false))]
fn cambodia_payout<'py>(
    py: Python<'py>,
    fields: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_unlisted_bank: bool,
    allow_suspicious_secret: bool,
) -> Result<Bound<'py, PyBytes>> {
    let signer = keyed(secret, allow_suspicious_secret)?;
    payout::cambodia(py, fields, &signer, allow_unlisted_bank)
}

/// A signed Bank transfers in Colombia payout request body (POST it to
/// `COLOMBIA_PAYOUT_ENDPOINT`); as `cambodia_payout`.
#[pyfunction]
#[pyo3(signature = (fields, secret, *, allow_unlisted_bank = false, allow_suspicious_secret = false))]
fn colombia_payout<'py>(
    py: Python<'py>,
    fields: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_unlisted_bank: bool,
    allow_suspicious_secret: bool,
) -> Result<Bound<'py, PyBytes>> {
    let signer = keyed(secret, allow_suspicious_secret)?;
    payout::colombia(py, fields, &signer, allow_unlisted_bank)
}

/// A signed payment status request body (POST it to `STATUS_ENDPOINT`).
#[pyfunction]
#[pyo3(signature = (project_id, payment_id, secret, *, allow_suspicious_secret = false))]
fn status_request<'py>(
    py: Python<'py>,
    project_id: &Bound<'py, PyAny>,
    payment_id: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_suspicious_secret: bool,
) -> Result<Bound<'py, PyBytes>> {
    let signer = keyed(secret, allow_suspicious_secret)?;
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
    let view =
        monetix_gate::callback::parse_with_signer(&body, signer, mode(strict), &mut scratch)?;
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
    let view = match signer {
        Some(signer) => {
            monetix_gate::response::ack_verified(&body, signer, mode(strict), &mut scratch)?
        }
        None => monetix_gate::response::ack(&body, &mut scratch)?,
    };
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
    let view = monetix_gate::response::status(&body, signer, mode(strict), &mut scratch)?;
    views::status_response(py, &view)
}

/// Verifies a callback body as received and returns its typed, immutable view
/// (`monetix_gate.models.Callback`). Raises `SignatureError` unless it
/// verifies; nothing is read from a body that does not.
#[pyfunction]
#[pyo3(signature = (body, secret, *, strict = false, allow_suspicious_secret = false))]
fn parse_callback<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    strict: bool,
    allow_suspicious_secret: bool,
) -> Result<Bound<'py, PyAny>> {
    let signer = keyed(secret, allow_suspicious_secret)?;
    parse_callback_with(py, body, &signer, strict)
}

/// Reads the platform's acknowledgement of a payout request
/// (`monetix_gate.models.Acknowledgement`). Without `secret` it is read as is
/// (the platform's examples are unsigned); with one, it must verify first.
#[pyfunction]
#[pyo3(signature = (body, secret = None, *, strict = false, allow_suspicious_secret = false))]
fn parse_response<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: Option<&Bound<'py, PyAny>>,
    strict: bool,
    allow_suspicious_secret: bool,
) -> Result<Bound<'py, PyAny>> {
    match secret {
        Some(secret) => {
            let signer = keyed(secret, allow_suspicious_secret)?;
            parse_response_with(py, body, Some(&signer), strict)
        }
        None => parse_response_with(py, body, None, strict),
    }
}

/// Verifies the response of a status request and returns its typed view
/// (`monetix_gate.models.StatusResponse`: the payment and its last operation).
#[pyfunction]
#[pyo3(signature = (body, secret, *, strict = false, allow_suspicious_secret = false))]
fn parse_status_response<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    strict: bool,
    allow_suspicious_secret: bool,
) -> Result<Bound<'py, PyAny>> {
    let signer = keyed(secret, allow_suspicious_secret)?;
    parse_status_response_with(py, body, &signer, strict)
}

// ---- money and bank directories ----------------------------------------------------

/// Converts a decimal amount in major units (`"50,000.00"`) into an integer
/// count of the currency's minor units (`5000000`), exactly (no floats).
#[pyfunction]
#[pyo3(signature = (amount, currency))]
fn to_minor_units(amount: &str, currency: &str) -> Result<i64> {
    let currency = monetix_gate::money::Currency::from_code(currency)?;
    Ok(monetix_gate::money::to_minor_units(amount, currency)?)
}

/// Number of minor-unit digits of a currency (`2` for `KHR`).
#[pyfunction]
#[pyo3(signature = (currency))]
fn minor_unit_digits(currency: &str) -> Result<u8> {
    Ok(monetix_gate::money::Currency::from_code(currency)?.minor_units())
}

fn table(method: &str) -> Result<&'static [Bank]> {
    match method {
        "cambodia" => Ok(cambodia::BANKS),
        "colombia" => Ok(colombia::BANKS),
        other => Err(Failure::ArgumentValue(format!(
            "unknown payout method {other:?} (expected \"cambodia\" or \"colombia\")"
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
fn banks<'py>(py: Python<'py>, method: &str) -> Result<Vec<Bound<'py, PyAny>>> {
    Ok(table(method)?
        .iter()
        .map(|b| bank(py, b))
        .collect::<PyResult<_>>()?)
}

/// The bank with this `account.bank_id` in a method's table, or `None`.
#[pyfunction]
#[pyo3(signature = (method, bank_id))]
fn bank_by_id<'py>(
    py: Python<'py>,
    method: &str,
    bank_id: i64,
) -> Result<Option<Bound<'py, PyAny>>> {
    let found = match method {
        "cambodia" => u32::try_from(bank_id).ok().and_then(cambodia::bank_by_id),
        "colombia" => u32::try_from(bank_id).ok().and_then(colombia::bank_by_id),
        other => table(other).map(|_| None)?,
    };
    opt_bank(py, found)
}

/// The bank with this name in a method's table (exact, or ignoring case), or `None`.
#[pyfunction]
#[pyo3(signature = (method, name, *, ignore_case = false))]
fn bank_by_name<'py>(
    py: Python<'py>,
    method: &str,
    name: &str,
    ignore_case: bool,
) -> Result<Option<Bound<'py, PyAny>>> {
    let found = match (method, ignore_case) {
        ("cambodia", false) => cambodia::bank_by_name(name),
        ("cambodia", true) => cambodia::bank_by_name_ignore_case(name),
        ("colombia", false) => colombia::bank_by_name(name),
        ("colombia", true) => colombia::bank_by_name_ignore_case(name),
        (other, _) => table(other).map(|_| None)?,
    };
    opt_bank(py, found)
}

/// The banks of a method whose name contains `query`, ignoring case.
#[pyfunction]
#[pyo3(signature = (method, query))]
fn search_banks<'py>(py: Python<'py>, method: &str, query: &str) -> Result<Vec<Bound<'py, PyAny>>> {
    let found: Vec<&Bank> = match method {
        "cambodia" => cambodia::search_banks(query).collect(),
        "colombia" => colombia::search_banks(query).collect(),
        other => table(other).map(|_| Vec::new())?,
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
