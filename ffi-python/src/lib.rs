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

use monetix_gate::{Mode, SecretPolicy};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

mod convert;
mod errors;

use errors::Result;

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
fn sign(
    body: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    allow_suspicious_secret: bool,
) -> Result<String> {
    let body = convert::body(body)?;
    let signer = keyed(secret, allow_suspicious_secret)?;
    Ok(signer.sign(&body)?.as_str().to_owned())
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
    fn sign(&self, body: &Bound<'_, PyAny>) -> Result<String> {
        let body = convert::body(body)?;
        Ok(self.inner.sign(&body)?.as_str().to_owned())
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

    fn __repr__(&self) -> &'static str {
        "Signer(<secret redacted>)"
    }
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
    m.add_class::<Signer>()?;
    Ok(())
}
