//! Conversion of the engine's typed views (callbacks, acknowledgements,
//! status responses) into the immutable Python classes of
//! `monetix_gate.models`.
//!
//! The engine verifies and reads; this module only copies each field into its
//! Python counterpart (statuses into the `str`-based enums, which keep values
//! they do not know).

use monetix_gate::callback::{self, Code, ErrorList, Outcome, Status};
use monetix_gate::response::{Ack, StatusResponse, Verdict};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use pyo3::BoundObject;

use crate::errors::Result;

const MODELS: &str = "monetix_gate.models";

/// A class of `monetix_gate.models`, imported once.
macro_rules! model {
    ($py:expr, $name:literal) => {{
        static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        CLASS.import($py, MODELS, $name)
    }};
}

fn build<'py>(
    py: Python<'py>,
    class: &Bound<'py, PyType>,
    fields: &[(&str, Bound<'py, PyAny>)],
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    for (k, v) in fields {
        kwargs.set_item(k, v)?;
    }
    class.call((), Some(&kwargs))
}

fn obj<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<Bound<'py, PyAny>> {
    value
        .into_pyobject(py)
        .map(BoundObject::into_any)
        .map(BoundObject::into_bound)
        .map_err(Into::into)
}

fn opt<'py, T>(
    py: Python<'py>,
    value: Option<T>,
    f: impl FnOnce(T) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Some(v) => f(v),
        None => Ok(py.None().into_bound(py)),
    }
}

fn status<'py>(py: Python<'py>, s: Option<Status<'_>>) -> PyResult<Bound<'py, PyAny>> {
    opt(py, s, |s| model!(py, "PaymentStatus")?.call1((s.as_str(),)))
}

fn outcome<'py>(py: Python<'py>, o: Outcome) -> PyResult<Bound<'py, PyAny>> {
    model!(py, "Outcome")?.call1((o.as_str(),))
}

fn verdict<'py>(py: Python<'py>, v: Verdict) -> PyResult<Bound<'py, PyAny>> {
    model!(py, "Verdict")?.call1((v.as_str(),))
}

fn code<'py>(py: Python<'py>, c: Option<Code<'_>>) -> PyResult<Bound<'py, PyAny>> {
    opt(py, c, |c| match c {
        Code::Str(s) => obj(py, s),
        Code::Int(i) => obj(py, i),
    })
}

fn sum<'py>(py: Python<'py>, s: Option<callback::Sum<'_>>) -> PyResult<Bound<'py, PyAny>> {
    opt(py, s, |s| {
        build(
            py,
            model!(py, "Sum")?,
            &[
                ("amount", obj(py, s.amount)?),
                ("currency", obj(py, s.currency)?),
            ],
        )
    })
}

fn payment<'py>(py: Python<'py>, p: Option<callback::Payment<'_>>) -> PyResult<Bound<'py, PyAny>> {
    opt(py, p, |p| {
        build(
            py,
            model!(py, "Payment")?,
            &[
                ("id", obj(py, p.id)?),
                ("type", obj(py, p.type_)?),
                ("status", status(py, p.status)?),
                ("date", obj(py, p.date)?),
                ("method", obj(py, p.method)?),
                ("sum", sum(py, p.sum)?),
                ("description", obj(py, p.description)?),
            ],
        )
    })
}

fn customer<'py>(
    py: Python<'py>,
    c: Option<callback::Customer<'_>>,
) -> PyResult<Bound<'py, PyAny>> {
    opt(py, c, |c| {
        build(py, model!(py, "Customer")?, &[("id", obj(py, c.id)?)])
    })
}

fn operation<'py>(
    py: Python<'py>,
    o: Option<callback::Operation<'_>>,
) -> PyResult<Bound<'py, PyAny>> {
    opt(py, o, |o| {
        let provider = opt(py, o.provider, |p| {
            build(
                py,
                model!(py, "Provider")?,
                &[
                    ("id", code(py, p.id)?),
                    ("payment_id", obj(py, p.payment_id)?),
                    ("auth_code", obj(py, p.auth_code)?),
                ],
            )
        })?;
        build(
            py,
            model!(py, "Operation")?,
            &[
                ("id", obj(py, o.id)?),
                ("type", obj(py, o.type_)?),
                ("status", status(py, o.status)?),
                ("date", obj(py, o.date)?),
                ("created_date", obj(py, o.created_date)?),
                ("request_id", obj(py, o.request_id)?),
                ("sum_initial", sum(py, o.sum_initial)?),
                ("sum_converted", sum(py, o.sum_converted)?),
                ("code", code(py, o.code)?),
                ("message", obj(py, o.message)?),
                ("provider", provider),
            ],
        )
    })
}

fn errors<'py>(py: Python<'py>, list: &ErrorList<'_>) -> PyResult<Bound<'py, PyAny>> {
    let class = model!(py, "ErrorItem")?;
    let items = list
        .iter()
        .map(|e| {
            build(
                py,
                class,
                &[
                    ("code", code(py, e.code)?),
                    ("field", obj(py, e.field)?),
                    ("message", obj(py, e.message)?),
                    ("description", obj(py, e.description)?),
                ],
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyTuple::new(py, items)?.into_any())
}

/// `monetix_gate.models.Callback` from a verified engine view.
pub(crate) fn callback<'py>(
    py: Python<'py>,
    cb: &callback::Callback<'_>,
) -> Result<Bound<'py, PyAny>> {
    Ok(build(
        py,
        model!(py, "Callback")?,
        &[
            ("project_id", obj(py, cb.project_id)?),
            ("payment", payment(py, cb.payment)?),
            ("customer", customer(py, cb.customer)?),
            ("operation", operation(py, cb.operation)?),
            ("errors", errors(py, &cb.errors)?),
            ("errors_total", obj(py, cb.errors.total())?),
            ("order", obj(py, cb.order.as_str())?),
            ("outcome", outcome(py, cb.outcome())?),
        ],
    )?)
}

/// `monetix_gate.models.Acknowledgement` from an engine view.
pub(crate) fn ack<'py>(py: Python<'py>, a: &Ack<'_>) -> Result<Bound<'py, PyAny>> {
    Ok(build(
        py,
        model!(py, "Acknowledgement")?,
        &[
            ("status", status(py, a.status)?),
            ("request_id", obj(py, a.request_id)?),
            ("project_id", obj(py, a.project_id)?),
            ("payment_id", obj(py, a.payment_id)?),
            ("code", code(py, a.code)?),
            ("message", obj(py, a.message)?),
            ("errors", errors(py, &a.errors)?),
            ("errors_total", obj(py, a.errors.total())?),
            ("order", obj(py, a.order.map(|o| o.as_str()))?),
            ("verdict", verdict(py, a.verdict())?),
            ("reason", obj(py, a.reason())?),
        ],
    )?)
}

/// `monetix_gate.models.StatusResponse` from an engine view.
pub(crate) fn status_response<'py>(
    py: Python<'py>,
    r: &StatusResponse<'_>,
) -> Result<Bound<'py, PyAny>> {
    Ok(build(
        py,
        model!(py, "StatusResponse")?,
        &[
            ("project_id", obj(py, r.project_id)?),
            ("payment", payment(py, r.payment)?),
            ("customer", customer(py, r.customer)?),
            ("operation", operation(py, r.operation)?),
            ("operation_count", obj(py, r.operation_count)?),
            ("errors", errors(py, &r.errors)?),
            ("errors_total", obj(py, r.errors.total())?),
            ("order", obj(py, r.order.map(|o| o.as_str()))?),
            ("outcome", outcome(py, r.outcome())?),
        ],
    )?)
}
