//! `monetix_gate._native`: the Python binding of the `monetix-gate` engine.
//!
//! Thin by design: every function converts its Python arguments
//! ([`convert`], [`source`]), calls the engine, and converts the result or
//! the error ([`views`], [`errors`]). Every rule (signing, verification,
//! reading and validating requests, money, reconciliation) is in the core
//! crate; none is here.
//!
//! The public Python API is `monetix_gate` (`python/monetix_gate/__init__.py`),
//! which re-exports this module; `_native.pyi` is its type stub, mirrored one to
//! one and checked with `mypy.stubtest`.
//!
//! # The GIL
//!
//! Arguments are converted, and request mappings walked, with the GIL held.
//! The engine then works on memory no other thread can change: a `bytes` or
//! `str` object (immutable; the call holds a reference to it) or a private
//! copy (a `bytearray` is copied first, a mapping is written to new bytes or
//! copied into a Rust tree), or, for a mapping signed from its values
//! ([`values`]), the text of its `str` objects, each held by a reference
//! before the GIL is released. For a body of at least
//! [`document::DETACH_MIN`] bytes (a mapping: whose JSON would be) that work
//! runs with the GIL released, so other Python threads run meanwhile; below
//! it, releasing and taking back the GIL would cost more than it frees. A
//! body too large for core's default value table is parsed on a thread of
//! its own ([`document`]).

use std::borrow::Cow;

use monetix_gate::json::Document;
use monetix_gate::payout::Method;
use monetix_gate::response;
use monetix_gate::{AmbiguousData, Error, Mode, SecretPolicy};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};

mod convert;
mod document;
mod errors;
mod money;
mod payout;
mod source;
mod values;
mod views;

use document::{with_document, Tier};
use errors::{explained, Failure, Result};

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

/// The bytes a view was read from, kept with it: the caller's `bytes`
/// object itself (immutable), or a new one.
fn kept<'py>(obj: &Bound<'py, PyAny>, body: &[u8]) -> Bound<'py, PyBytes> {
    match obj.cast::<PyBytes>() {
        Ok(b) => b.clone(),
        Err(_) => PyBytes::new(obj.py(), body),
    }
}

/// Signs a body with `signer`.
fn sign_with<'py>(
    py: Python<'py>,
    signer: &monetix_gate::Signer,
    body: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyString>> {
    if let Some(signature) = values::with_mapping(body, &values::Sign(signer))? {
        return Ok(PyString::new(py, signature.as_str()));
    }
    let body = convert::body(body)?;
    let signature = with_document!(py, &body, |doc| signer
        .sign_document(doc)
        .map_err(|e| explained(doc, e)))?;
    Ok(PyString::new(py, signature.as_str()))
}

/// The signed copy of a body as Python `bytes`.
fn signed_copy<'py>(
    py: Python<'py>,
    signer: &monetix_gate::Signer,
    body: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyBytes>> {
    let body = convert::body(body)?;
    let copy = with_document!(py, &body, |doc| {
        // The signed copy grows by at most one `"general":{"signature":"…"},`
        // member; if the engine ever needs more it says exactly how much.
        let mut out = vec![0u8; doc.input().len() + 2 * monetix_gate::SIGNATURE_LEN];
        let written = match signer.sign_body_document(doc, &mut out) {
            Err(Error::BufferTooSmall { needed }) => {
                out = vec![0u8; needed];
                signer.sign_body_document(doc, &mut out)
            }
            done => done,
        };
        written
            .map(|w| w.len())
            .map(|n| {
                out.truncate(n);
                out
            })
            .map_err(|e| explained(doc, e))
    })?;
    Ok(PyBytes::new(py, &copy))
}

/// The copy of a callback or response body signed as the platform signs it.
fn platform_copy<'py>(
    py: Python<'py>,
    signer: &monetix_gate::Signer,
    body: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyBytes>> {
    let body = convert::body(body)?;
    // Core signs as the platform only with its default table.
    let copy = document::run(py, body.len(), Tier::Default, || {
        let mut out = vec![0u8; body.len() + monetix_gate::SIGNATURE_LEN + 16];
        let written = match signer.sign_as_platform(&body, &mut out) {
            Err(Error::BufferTooSmall { needed }) => {
                out = vec![0u8; needed];
                signer.sign_as_platform(&body, &mut out)
            }
            done => done,
        };
        written.map(<[u8]>::len).map(|n| {
            out.truncate(n);
            out
        })
    })?
    .map_err(|err| match err {
        Error::TooManyValues | Error::TooDeep { .. } => Failure::Noted {
            message: format!(
                "{err} (sign_as_platform parses with core's default table, {} values and {} \
                 levels: core has no variant for larger bodies)",
                document::DEFAULT,
                document::DEPTH
            ),
            offset: err.offset(),
            err,
        },
        err => Document::<{ document::DEFAULT }, { document::DEPTH }>::parse_then(&body, |doc| {
            explained(doc, err)
        })
        .unwrap_or(Failure::Core(err)),
    })?;
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
    let order = with_document!(py, &body, |doc| signer
        .verify_document(doc, mode(strict))
        .map_err(|e| explained(doc, e)))?;
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
    if let Some(text) = values::with_mapping(body, &values::Canonical)? {
        return Ok(PyString::new(py, &text));
    }
    let body = convert::body(body)?;
    let text = with_document!(py, &body, |doc| {
        let mut out = vec![0u8; doc.canonical_len()];
        doc.canonical_into(&mut out)
            .map(str::to_owned)
            .map_err(Failure::Core)
    })?;
    Ok(PyString::new(py, &text))
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

/// A test-side tool: the body signed **as the platform signs** callbacks and
/// responses (the signature in a top-level `signature` member, replaced or
/// appended), for fake platforms, simulators and fixtures. A merchant signs
/// requests with `sign_body` and the request builders.
#[pyfunction]
#[pyo3(signature = (body, secret, *, allow_suspicious_secret = false, allow_ambiguous = false))]
fn sign_as_platform<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyBytes>> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    platform_copy(py, &signer, body)
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

    /// A test-side tool: the body signed as the platform signs (see
    /// `monetix_gate.sign_as_platform`).
    #[pyo3(signature = (body, *, allow_ambiguous = false))]
    fn sign_as_platform<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyBytes>> {
        platform_copy(py, &self.with(allow_ambiguous), body)
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
        let signer = self.with(allow_ambiguous);
        payout::payout(py, Method::Cambodia, fields, &signer, allow_unlisted_bank)
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
        let signer = self.with(allow_ambiguous);
        payout::payout(py, Method::Colombia, fields, &signer, allow_unlisted_bank)
    }

    /// A signed status request (see `monetix_gate.status_request`): from
    /// its fields, or from `project_id, payment_id`.
    #[pyo3(signature = (*args, allow_ambiguous = false))]
    fn status_request<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyTuple>,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyBytes>> {
        let args: Vec<Bound<'py, PyAny>> = args.iter().collect();
        let tree = status_tree(
            &args,
            "Signer.status_request() takes (fields) or (project_id, payment_id)",
        )?;
        payout::status(py, &tree, &self.with(allow_ambiguous))
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

    /// A verified acknowledgement (see
    /// `monetix_gate.parse_signed_acknowledgement`).
    #[pyo3(signature = (body, *, strict = false, allow_ambiguous = false))]
    fn parse_signed_acknowledgement<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        strict: bool,
        allow_ambiguous: bool,
    ) -> Result<Bound<'py, PyAny>> {
        acknowledgement_with(py, body, Some(&self.with(allow_ambiguous)), strict)
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
        status_response_with(py, body, Some(&self.with(allow_ambiguous)), strict)
    }

    fn __repr__(&self) -> &'static str {
        if self.inner.ambiguous_data().allows() {
            "Signer(<secret redacted>, allow_ambiguous=True)"
        } else {
            "Signer(<secret redacted>)"
        }
    }
}

// ---- requests -------------------------------------------------------------------

/// A signed Banks of Cambodia payout request body (POST it to
/// `CAMBODIA_PAYOUT_ENDPOINT`).
///
/// `fields` is a mapping in the shape of the request body (`general`,
/// `customer`, `account`, `payment`, and other Gate parameters under
/// `extras`), read by the engine's request reader. Raises `ValidationError`
/// listing every violation (unknown members, wrong types, missing fields,
/// ambiguous text unless `allow_ambiguous=True`, ...).
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
    payout::payout(py, Method::Cambodia, fields, &signer, allow_unlisted_bank)
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
    payout::payout(py, Method::Colombia, fields, &signer, allow_unlisted_bank)
}

/// The fields of a status request given as `(fields,)` or as
/// `(project_id, payment_id)`; `call` names the call and its forms for an
/// error.
fn status_tree(args: &[Bound<'_, PyAny>], call: &str) -> Result<source::Tree> {
    match args {
        [fields] => source::Tree::of_fields(fields),
        [project_id, payment_id] => source::Tree::of_status(project_id, payment_id),
        _ => Err(Failure::ArgumentType(format!(
            "{call}, not {} arguments",
            args.len()
        ))),
    }
}

/// A signed payment status request body (POST it to `STATUS_ENDPOINT`):
/// `status_request(fields, secret)` with `fields` in the shape of the body
/// (`{"general": {"project_id": ..., "payment_id": ...}}`), or
/// `status_request(project_id, payment_id, secret)`.
#[pyfunction]
#[pyo3(signature = (*args, allow_suspicious_secret = false, allow_ambiguous = false))]
fn status_request<'py>(
    py: Python<'py>,
    args: &Bound<'py, PyTuple>,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyBytes>> {
    let args: Vec<Bound<'py, PyAny>> = args.iter().collect();
    let (Some((secret, fields)), 2..=3) = (args.split_last(), args.len()) else {
        return Err(Failure::ArgumentType(format!(
            "status_request() takes (fields, secret) or (project_id, payment_id, secret), not {} \
             positional arguments",
            args.len()
        )));
    };
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    let tree = status_tree(
        fields,
        "status_request() takes (fields, secret) or (project_id, payment_id, secret)",
    )?;
    payout::status(py, &tree, &signer)
}

// ---- callbacks and responses ---------------------------------------------------

fn parse_callback_with<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    signer: &monetix_gate::Signer,
    strict: bool,
) -> Result<Bound<'py, PyAny>> {
    let body = convert::raw_body(obj)?;
    // A scratch as long as the body always suffices (the engine's rule).
    let mut scratch = vec![0u8; body.len()];
    let view = with_document!(py, &body, |doc| monetix_gate::callback::parse_document(
        doc,
        signer,
        mode(strict),
        &mut scratch
    )
    .map_err(|e| explained(doc, e)))?;
    views::callback(py, &view, kept(obj, &body))
}

fn acknowledgement_with<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    signer: Option<&monetix_gate::Signer>,
    strict: bool,
) -> Result<Bound<'py, PyAny>> {
    let body = convert::raw_body(obj)?;
    let mut scratch = vec![0u8; body.len()];
    let view = with_document!(py, &body, |doc| response::acknowledgement_document(
        doc,
        signer,
        mode(strict),
        &mut scratch
    )
    .map_err(|e| explained(doc, e)))?;
    views::acknowledgement(py, &view, kept(obj, &body))
}

fn status_response_with<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    signer: Option<&monetix_gate::Signer>,
    strict: bool,
) -> Result<Bound<'py, PyAny>> {
    let body = convert::raw_body(obj)?;
    let mut scratch = vec![0u8; body.len()];
    let view = with_document!(py, &body, |doc| response::status_response_document(
        doc,
        signer,
        mode(strict),
        &mut scratch
    )
    .map_err(|e| explained(doc, e)))?;
    views::status_response(py, &view, kept(obj, &body))
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

/// Reads the platform's acknowledgement of a payout request **without
/// verification** (`monetix_gate.models.Acknowledgement`, `order` `None`):
/// the platform does not sign acknowledgements.
#[pyfunction]
#[pyo3(signature = (body))]
fn parse_unsigned_acknowledgement<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyAny>> {
    acknowledgement_with(py, body, None, false)
}

/// Verifies a signed acknowledgement (for integrations where the platform
/// signs them), then reads it.
#[pyfunction]
#[pyo3(signature = (body, secret, *, strict = false, allow_suspicious_secret = false, allow_ambiguous = false))]
fn parse_signed_acknowledgement<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    strict: bool,
    allow_suspicious_secret: bool,
    allow_ambiguous: bool,
) -> Result<Bound<'py, PyAny>> {
    let signer = keyed(secret, allow_suspicious_secret, allow_ambiguous)?;
    acknowledgement_with(py, body, Some(&signer), strict)
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
    status_response_with(py, body, Some(&signer), strict)
}

/// Reads a status response **without** verifying it (`order` `None`): for
/// diagnostics only, never act on it.
#[pyfunction]
#[pyo3(signature = (body))]
fn parse_status_response_unverified<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyAny>> {
    status_response_with(py, body, None, false)
}

/// Python binding of the monetix-gate engine (use the `monetix_gate` package).
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SIGNATURE_LEN", monetix_gate::SIGNATURE_LEN)?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(canonical, m)?)?;
    m.add_function(wrap_pyfunction!(sign_body, m)?)?;
    m.add_function(wrap_pyfunction!(sign_as_platform, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(cambodia_payout, m)?)?;
    m.add_function(wrap_pyfunction!(colombia_payout, m)?)?;
    m.add_function(wrap_pyfunction!(status_request, m)?)?;
    m.add_function(wrap_pyfunction!(parse_callback, m)?)?;
    m.add_function(wrap_pyfunction!(parse_unsigned_acknowledgement, m)?)?;
    m.add_function(wrap_pyfunction!(parse_signed_acknowledgement, m)?)?;
    m.add_function(wrap_pyfunction!(parse_status_response, m)?)?;
    m.add_function(wrap_pyfunction!(parse_status_response_unverified, m)?)?;
    m.add_function(wrap_pyfunction!(views::reconcile, m)?)?;
    m.add_function(wrap_pyfunction!(money::to_minor_units, m)?)?;
    m.add_function(wrap_pyfunction!(money::from_minor_units, m)?)?;
    m.add_function(wrap_pyfunction!(money::minor_unit_digits, m)?)?;
    m.add_function(wrap_pyfunction!(money::banks, m)?)?;
    m.add_function(wrap_pyfunction!(money::bank_by_id, m)?)?;
    m.add_function(wrap_pyfunction!(money::bank_by_name, m)?)?;
    m.add_function(wrap_pyfunction!(money::search_banks, m)?)?;
    m.add_class::<Signer>()?;
    m.add_class::<views::BodyView>()?;
    m.add("CAMBODIA_PAYOUT_ENDPOINT", Method::Cambodia.endpoint())?;
    m.add("COLOMBIA_PAYOUT_ENDPOINT", Method::Colombia.endpoint())?;
    m.add("STATUS_ENDPOINT", monetix_gate::payout::status::ENDPOINT)?;
    let codes = |m: Method| PyTuple::new(py, m.currencies().iter().map(|c| c.code()));
    m.add("CAMBODIA_CURRENCIES", codes(Method::Cambodia)?)?;
    m.add("COLOMBIA_CURRENCIES", codes(Method::Colombia)?)?;
    m.add("CURRENCIES", money::currencies(py)?)?;
    m.add(
        "ERROR_CODES",
        PyTuple::new(
            py,
            monetix_gate::ERROR_CODES
                .iter()
                .map(|e| (e.code, e.name, e.message)),
        )?,
    )?;
    Ok(())
}
