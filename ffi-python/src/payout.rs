//! Conversion of a Python mapping in the seeds' shape into the engine's typed
//! payout requests.
//!
//! The mapping is flattened into `(dotted path, leaf)` pairs. Leaves at the
//! paths of typed fields fill those fields; every other leaf becomes an
//! engine `Extra` (any other Gate parameter, e.g. `customer.country`). The
//! engine validates the result and reports every violation.
//!
//! The binding adds only the violations that conversion itself finds, which
//! the engine cannot see: a typed field of the wrong Python type
//! (`payment.amount` given as `"5000000"`), an integer beyond its field's
//! range, a float, a list, a non-`str` key. They come first in
//! `ValidationError.errors`, followed by the engine's in body order; the
//! engine's report for a field the binding already reported is dropped (it
//! would only say "missing" about the placeholder).

use monetix_gate::payout::{
    self, cambodia, colombia, status::StatusRequest, Extra, General, Options, Payment,
};
use monetix_gate::AmbiguousData;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};

use crate::errors::{Failure, Result};

/// Deepest nesting the flattening follows (the engine's extras go 6 deep).
const MAX_NESTING: usize = 8;

/// One leaf of the fields mapping.
enum Leaf {
    Str(String),
    /// `None` when the integer does not fit an `i64`.
    Int(Option<i64>),
    Bool(bool),
    /// JSON `null` / Python `None`: the same as leaving the field out.
    Null,
}

/// The flattened fields, plus the problems conversion found.
pub(crate) struct Fields {
    leaves: Vec<(String, Leaf)>,
    problems: Vec<(String, String)>,
}

impl Fields {
    /// Flattens a mapping.
    pub(crate) fn collect(obj: &Bound<'_, PyAny>) -> Result<Self> {
        let mut fields = Fields {
            leaves: Vec::new(),
            problems: Vec::new(),
        };
        if obj.cast::<PyDict>().is_err() && obj.cast::<PyMapping>().is_err() {
            return Err(Failure::ArgumentType(format!(
                "fields must be a mapping, not {}",
                obj.get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |n| n.to_string())
            )));
        }
        fields.walk(obj, "", 0)?;
        Ok(fields)
    }

    fn problem(&mut self, path: &str, reason: &str) {
        let path = if path.is_empty() { "fields" } else { path };
        self.problems.push((path.to_owned(), reason.to_owned()));
    }

    fn walk(&mut self, obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> Result<()> {
        // Taken whole before any value is looked at (Python code run while
        // reading a value cannot change what is being iterated).
        let py = obj.py();
        let items: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = if let Ok(d) = obj.cast::<PyDict>() {
            d.iter().collect()
        } else {
            let unreadable = |e| Failure::unreadable(py, e, "the mapping's items()").within(path);
            let m = obj
                .cast::<PyMapping>()
                .map_err(PyErr::from)
                .map_err(unreadable)?;
            m.items()
                .map_err(unreadable)?
                .iter()
                .map(|item| item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>())
                .collect::<PyResult<_>>()
                .map_err(unreadable)?
        };
        for (key, value) in items {
            let Ok(key) = key.cast::<PyString>() else {
                self.problem(path, "keys must be str");
                continue;
            };
            let Ok(key) = crate::convert::utf8(key) else {
                self.problem(path, "key is not valid Unicode (lone surrogate)");
                continue;
            };
            let child = if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('.') {
                self.problem(
                    &child,
                    "a key may not contain '.' (nest the mapping instead)",
                );
                continue;
            }
            self.value(&value, child, depth)?;
        }
        Ok(())
    }

    fn value(&mut self, v: &Bound<'_, PyAny>, path: String, depth: usize) -> Result<()> {
        let leaf = if v.is_none() {
            Leaf::Null
        } else if let Ok(b) = v.cast::<PyBool>() {
            Leaf::Bool(b.is_true())
        } else if let Ok(s) = v.cast::<PyString>() {
            match crate::convert::utf8(s) {
                Ok(s) => Leaf::Str(s.into_owned()),
                Err(_) => {
                    self.problem(&path, "not valid Unicode (lone surrogate)");
                    return Ok(());
                }
            }
        } else if let Ok(i) = v.cast::<PyInt>() {
            Leaf::Int(i.extract::<i64>().ok())
        } else if v.cast::<PyFloat>().is_ok() {
            self.problem(
                &path,
                "must not be a float (amounts are integers of minor units)",
            );
            return Ok(());
        } else if v.cast::<PyDict>().is_ok() || v.cast::<PyMapping>().is_ok() {
            if depth + 1 >= MAX_NESTING {
                self.problem(&path, "nested too deeply");
                return Ok(());
            }
            return self.walk(v, &path, depth + 1);
        } else if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
            self.problem(&path, "lists are not supported in payout fields");
            return Ok(());
        } else {
            self.problem(&path, "must be a str, an int, a bool or a mapping");
            return Ok(());
        };
        self.leaves.push((path, leaf));
        Ok(())
    }
}

/// Takes the typed fields out of [`Fields`]; whatever is left becomes extras.
struct Taker<'f> {
    fields: &'f Fields,
    used: Vec<bool>,
    problems: Vec<(String, String)>,
}

impl<'f> Taker<'f> {
    fn new(fields: &'f Fields) -> Self {
        Taker {
            fields,
            used: vec![false; fields.leaves.len()],
            problems: fields.problems.clone(),
        }
    }

    fn take(&mut self, path: &str) -> Option<&'f Leaf> {
        let i = self.fields.leaves.iter().position(|(p, _)| p == path)?;
        self.used[i] = true;
        match &self.fields.leaves[i].1 {
            Leaf::Null => None,
            leaf => Some(leaf),
        }
    }

    fn wrong(&mut self, path: &str, reason: &str) {
        self.problems.push((path.to_owned(), reason.to_owned()));
    }

    /// A string field (`None` if absent or `None`).
    fn opt_str(&mut self, path: &str) -> Option<&'f str> {
        match self.take(path) {
            Some(Leaf::Str(s)) => Some(s),
            Some(_) => {
                self.wrong(path, "must be a str");
                None
            }
            None => None,
        }
    }

    /// A required string field: `""` when absent (the engine reports it).
    fn str(&mut self, path: &str) -> &'f str {
        self.opt_str(path).unwrap_or("")
    }

    /// An integer field: 0 when absent (the engine reports it).
    fn i64(&mut self, path: &str) -> i64 {
        match self.take(path) {
            Some(Leaf::Int(Some(v))) => *v,
            Some(Leaf::Int(None)) => {
                self.wrong(path, "must be an integer within 64 bits");
                0
            }
            Some(_) => {
                self.wrong(path, "must be an int");
                0
            }
            None => 0,
        }
    }

    fn u32(&mut self, path: &str) -> u32 {
        match self.take(path) {
            Some(Leaf::Int(Some(v))) => u32::try_from(*v).unwrap_or_else(|_| {
                self.wrong(path, "must be an integer from 0 to 4294967295");
                0
            }),
            Some(Leaf::Int(None)) => {
                self.wrong(path, "must be an integer from 0 to 4294967295");
                0
            }
            Some(_) => {
                self.wrong(path, "must be an int");
                0
            }
            None => 0,
        }
    }

    fn general(&mut self) -> General<'f> {
        General {
            project_id: self.i64("general.project_id"),
            payment_id: self.str("general.payment_id"),
            merchant_callback_url: self.opt_str("general.merchant_callback_url"),
        }
    }

    fn payment(&mut self) -> Payment<'f> {
        Payment {
            currency: self.str("payment.currency"),
            amount: self.i64("payment.amount"),
            description: self.opt_str("payment.description"),
        }
    }

    /// Every leaf not taken as a typed field, as an extra parameter.
    fn extras(&mut self) -> Vec<Extra<'f>> {
        let mut extras = Vec::new();
        for (i, (path, leaf)) in self.fields.leaves.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            match leaf {
                Leaf::Str(s) => extras.push(Extra::str(path, s)),
                Leaf::Int(Some(v)) => extras.push(Extra::int(path, *v)),
                Leaf::Bool(b) => extras.push(Extra::bool(path, *b)),
                Leaf::Int(None) => self.wrong(path, "must be an integer within 64 bits"),
                Leaf::Null => {}
            }
        }
        extras
    }

    /// Merges the engine's violations after the binding's, dropping the
    /// engine's for paths the binding already reported.
    fn report(mut self, engine: &[payout::Violation<'_>]) -> Vec<(String, String)> {
        let ours = self.problems.len();
        for v in engine {
            if !self.problems[..ours].iter().any(|(p, _)| p == v.path) {
                self.problems
                    .push((v.path.to_owned(), v.reason.as_str().to_owned()));
            }
        }
        self.problems
    }
}

/// A request the engine can validate and sign.
pub(crate) trait Request {
    /// Every violation; empty means valid.
    fn violations(&self) -> Vec<payout::Violation<'_>>;
    /// Exact size of the signed body.
    fn len(&self) -> usize;
    /// Writes the signed body.
    fn sign(
        &self,
        signer: &monetix_gate::Signer,
        out: &mut [u8],
    ) -> core::result::Result<usize, monetix_gate::Error>;
}

struct Cambodia<'f>(cambodia::Payout<'f>, Options);
struct Colombia<'f>(colombia::Payout<'f>, Options);
struct Status<'f>(StatusRequest<'f>, AmbiguousData);

impl Request for Cambodia<'_> {
    fn violations(&self) -> Vec<payout::Violation<'_>> {
        self.0.validate(self.1).into_iter().collect()
    }
    fn len(&self) -> usize {
        self.0.encoded_len()
    }
    fn sign(
        &self,
        signer: &monetix_gate::Signer,
        out: &mut [u8],
    ) -> core::result::Result<usize, monetix_gate::Error> {
        self.0.sign_with(signer, out, self.1).map(<[u8]>::len)
    }
}

impl Request for Colombia<'_> {
    fn violations(&self) -> Vec<payout::Violation<'_>> {
        self.0.validate(self.1).into_iter().collect()
    }
    fn len(&self) -> usize {
        self.0.encoded_len()
    }
    fn sign(
        &self,
        signer: &monetix_gate::Signer,
        out: &mut [u8],
    ) -> core::result::Result<usize, monetix_gate::Error> {
        self.0.sign_with(signer, out, self.1).map(<[u8]>::len)
    }
}

impl Request for Status<'_> {
    fn violations(&self) -> Vec<payout::Violation<'_>> {
        self.0.validate_with(self.1).into_iter().collect()
    }
    fn len(&self) -> usize {
        self.0.encoded_len()
    }
    fn sign(
        &self,
        signer: &monetix_gate::Signer,
        out: &mut [u8],
    ) -> core::result::Result<usize, monetix_gate::Error> {
        self.0.sign_with(signer, out).map(<[u8]>::len)
    }
}

/// Validates `request` (with the binding's own problems) and writes its
/// signed body into a new Python `bytes`.
fn finish<'py, R: Request>(
    py: Python<'py>,
    taker: Taker<'_>,
    request: &R,
    signer: &monetix_gate::Signer,
) -> Result<Bound<'py, pyo3::types::PyBytes>> {
    let violations = request.violations();
    if !violations.is_empty() || !taker.problems.is_empty() {
        return Err(Failure::Validation(taker.report(&violations)));
    }
    let mut out = vec![0u8; request.len()];
    let n = request.sign(signer, &mut out)?;
    Ok(pyo3::types::PyBytes::new(py, &out[..n]))
}

/// The builder's options; ambiguous text is accepted only if `signer` was
/// made with the opt-in (`allow_ambiguous=True`).
fn options(allow_unlisted_bank: bool, signer: &monetix_gate::Signer) -> Options {
    Options::new()
        .allow_unlisted_bank(allow_unlisted_bank)
        .ambiguous_data(signer.ambiguous_data())
}

/// A signed Banks of Cambodia payout request.
pub(crate) fn cambodia<'py>(
    py: Python<'py>,
    fields: &Bound<'py, PyAny>,
    signer: &monetix_gate::Signer,
    allow_unlisted_bank: bool,
) -> Result<Bound<'py, pyo3::types::PyBytes>> {
    let fields = Fields::collect(fields)?;
    let mut t = Taker::new(&fields);
    let general = t.general();
    let customer = cambodia::Customer {
        id: t.str("customer.id"),
        ip_address: t.str("customer.ip_address"),
        email: t.str("customer.email"),
        phone: t.str("customer.phone"),
    };
    let account = cambodia::Account {
        number: t.str("account.number"),
        bank_id: t.u32("account.bank_id"),
        branch: t.opt_str("account.branch"),
        city: t.opt_str("account.city"),
        province: t.opt_str("account.province"),
        customer_name: t.str("account.customer_name"),
    };
    let payment = t.payment();
    let extras = t.extras();
    let payout = cambodia::Payout {
        general,
        customer,
        account,
        payment,
        extras: &extras,
    };
    finish(
        py,
        t,
        &Cambodia(payout, options(allow_unlisted_bank, signer)),
        signer,
    )
}

/// A signed Bank transfers in Colombia payout request.
pub(crate) fn colombia<'py>(
    py: Python<'py>,
    fields: &Bound<'py, PyAny>,
    signer: &monetix_gate::Signer,
    allow_unlisted_bank: bool,
) -> Result<Bound<'py, pyo3::types::PyBytes>> {
    let fields = Fields::collect(fields)?;
    let mut t = Taker::new(&fields);
    let general = t.general();
    let customer = colombia::Customer {
        id: t.str("customer.id"),
        ip_address: t.str("customer.ip_address"),
        first_name: t.str("customer.first_name"),
        last_name: t.str("customer.last_name"),
        email: t.str("customer.email"),
        phone: t.str("customer.phone"),
        identify: colombia::Identify {
            doc_number: t.str("customer.identify.doc_number"),
            doc_type: t.str("customer.identify.doc_type"),
        },
    };
    let account = colombia::Account {
        number: t.str("account.number"),
        kind: t.str("account.type"),
        bank_id: t.u32("account.bank_id"),
    };
    let payment = t.payment();
    let extras = t.extras();
    let payout = colombia::Payout {
        general,
        customer,
        account,
        payment,
        extras: &extras,
    };
    finish(
        py,
        t,
        &Colombia(payout, options(allow_unlisted_bank, signer)),
        signer,
    )
}

/// A signed payment status request.
pub(crate) fn status<'py>(
    py: Python<'py>,
    project_id: &Bound<'py, PyAny>,
    payment_id: &Bound<'py, PyAny>,
    signer: &monetix_gate::Signer,
) -> Result<Bound<'py, pyo3::types::PyBytes>> {
    let mut fields = Fields {
        leaves: Vec::new(),
        problems: Vec::new(),
    };
    for (path, v) in [
        ("general.project_id", project_id),
        ("general.payment_id", payment_id),
    ] {
        if v.cast::<PyDict>().is_ok() || v.cast::<PyMapping>().is_ok() {
            fields.problem(path, "must not be a mapping");
        } else {
            fields.value(v, path.to_owned(), 0)?;
        }
    }
    let mut t = Taker::new(&fields);
    let request = StatusRequest::new(t.i64("general.project_id"), t.str("general.payment_id"));
    finish(py, t, &Status(request, signer.ambiguous_data()), signer)
}
