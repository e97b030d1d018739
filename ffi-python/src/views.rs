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
use pyo3::types::{PyDict, PyString, PyTuple, PyType};
use pyo3::{intern, BoundObject};

use crate::errors::Result;

const MODELS: &str = "monetix_gate.models";

/// A frozen dataclass of `monetix_gate.models`, with its field names.
///
/// Instances are built the way `copy` and `pickle` rebuild them:
/// `object.__new__(cls)`, then the instance dictionary set in one step. That
/// skips the generated `__init__` (for a frozen dataclass, one
/// `object.__setattr__` call per field) and a keyword dictionary per object,
/// and yields the very object `__init__` would (the dataclasses have no
/// `__post_init__`, default or converter; [`Model::load`] checks the field
/// names against `__dataclass_fields__`, so the two cannot drift apart).
struct Model {
    class: Py<PyType>,
    fields: Box<[Py<PyString>]>,
    /// `{field: None}` in declaration order: each instance dictionary starts
    /// as a copy (one allocation at the final size; setting a field then
    /// replaces a value instead of inserting and growing).
    template: Py<PyDict>,
}

impl Model {
    fn load(py: Python<'_>, name: &str, fields: &[&str]) -> PyResult<Model> {
        let class = py.import(MODELS)?.getattr(name)?.cast_into::<PyType>()?;
        let declared: Vec<String> = class
            .getattr(intern!(py, "__dataclass_fields__"))?
            .cast_into::<PyDict>()?
            .keys()
            .extract()?;
        if declared != fields {
            return Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                "monetix_gate.models.{name} has fields {declared:?}, the binding expects {fields:?}"
            )));
        }
        let fields: Box<[Py<PyString>]> = fields
            .iter()
            .map(|f| PyString::intern(py, f).unbind())
            .collect();
        let template = PyDict::new(py);
        for field in &fields {
            template.set_item(field.bind(py), py.None())?;
        }
        Ok(Model {
            class: class.unbind(),
            fields,
            template: template.unbind(),
        })
    }

    /// An instance with these field values, in declaration order.
    #[allow(unsafe_code)]
    fn make<'py, const N: usize>(
        &self,
        py: Python<'py>,
        values: [Bound<'py, PyAny>; N],
    ) -> PyResult<Bound<'py, PyAny>> {
        static OBJECT_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        debug_assert_eq!(self.fields.len(), N);
        let dict = self.template.bind(py).copy()?;
        for (key, value) in self.fields.iter().zip(values) {
            dict.set_item(key.bind(py), value)?;
        }
        let object_new = OBJECT_NEW.get_or_try_init(py, || {
            PyResult::Ok(
                py.get_type::<pyo3::types::PyAny>()
                    .getattr("__new__")?
                    .unbind(),
            )
        })?;
        let instance = object_new.bind(py).call1((self.class.bind(py),))?;
        // SAFETY: both objects are live (we hold references and the GIL) and
        // the name is a `str`. This is `object.__setattr__(instance,
        // "__dict__", dict)`: the class's `__dict__` descriptor installs
        // `dict` as the instance dictionary, bypassing the frozen dataclass's
        // `__setattr__`, which refuses every assignment.
        let status = unsafe {
            pyo3::ffi::PyObject_GenericSetAttr(
                instance.as_ptr(),
                intern!(py, "__dict__").as_ptr(),
                dict.as_ptr(),
            )
        };
        if status != 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(instance)
    }
}

/// A dataclass of `monetix_gate.models` with its fields, loaded once.
macro_rules! model {
    ($py:expr, $name:literal, [$($field:literal),* $(,)?]) => {{
        static MODEL: PyOnceLock<Model> = PyOnceLock::new();
        MODEL.get_or_try_init($py, || Model::load($py, $name, &[$($field),*]))
    }};
}

/// The members of a `monetix_gate.models` enum for the engine's values, in
/// the order `values` lists them, each obtained once by calling the class
/// (exactly what an uncached call returns).
struct Members {
    class: Py<PyType>,
    members: Box<[Py<PyAny>]>,
}

impl Members {
    fn load(py: Python<'_>, name: &str, values: &[&str]) -> PyResult<Members> {
        let class = py.import(MODELS)?.getattr(name)?.cast_into::<PyType>()?;
        let members = values
            .iter()
            .map(|v| class.call1((*v,)).map(Bound::unbind))
            .collect::<PyResult<_>>()?;
        Ok(Members {
            class: class.unbind(),
            members,
        })
    }

    /// The member at `index`, or the class called with `value` (an enum that
    /// keeps unknown values makes its pseudo-member there).
    fn get<'py>(
        &self,
        py: Python<'py>,
        index: Option<usize>,
        value: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        match index.and_then(|i| self.members.get(i)) {
            Some(member) => Ok(member.bind(py).clone()),
            None => self.class.bind(py).call1((value,)),
        }
    }
}

macro_rules! members {
    ($py:expr, $name:literal, $values:expr) => {{
        static MEMBERS: PyOnceLock<Members> = PyOnceLock::new();
        MEMBERS.get_or_try_init($py, || Members::load($py, $name, $values))
    }};
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

/// The engine's known statuses; a status's index here is its member's index
/// in the `PaymentStatus` cache.
const STATUSES: [Status<'static>; 13] = [
    Status::Success,
    Status::Decline,
    Status::Processing,
    Status::AwaitingClarification,
    Status::AwaitingRetry,
    Status::AwaitingCustomer,
    Status::AwaitingConfirmation,
    Status::PartiallyPaidOut,
    Status::Error,
    Status::InternalError,
    Status::ExternalError,
    Status::Cancelled,
    Status::Canceled,
];

fn status_index(s: Status<'_>) -> Option<usize> {
    Some(match s {
        Status::Success => 0,
        Status::Decline => 1,
        Status::Processing => 2,
        Status::AwaitingClarification => 3,
        Status::AwaitingRetry => 4,
        Status::AwaitingCustomer => 5,
        Status::AwaitingConfirmation => 6,
        Status::PartiallyPaidOut => 7,
        Status::Error => 8,
        Status::InternalError => 9,
        Status::ExternalError => 10,
        Status::Cancelled => 11,
        Status::Canceled => 12,
        _ => return None,
    })
}

fn status<'py>(py: Python<'py>, s: Option<Status<'_>>) -> PyResult<Bound<'py, PyAny>> {
    opt(py, s, |s| {
        members!(py, "PaymentStatus", &STATUSES.map(|s| s.as_str()))?.get(
            py,
            status_index(s),
            s.as_str(),
        )
    })
}

fn outcome<'py>(py: Python<'py>, o: Outcome) -> PyResult<Bound<'py, PyAny>> {
    let index = match o {
        Outcome::FinalSuccess => 0,
        Outcome::FinalFailure => 1,
        Outcome::Pending => 2,
    };
    let values = [
        Outcome::FinalSuccess.as_str(),
        Outcome::FinalFailure.as_str(),
        Outcome::Pending.as_str(),
    ];
    members!(py, "Outcome", &values)?.get(py, Some(index), o.as_str())
}

fn verdict<'py>(py: Python<'py>, v: Verdict) -> PyResult<Bound<'py, PyAny>> {
    let index = match v {
        Verdict::Accepted => 0,
        Verdict::Rejected => 1,
    };
    let values = [Verdict::Accepted.as_str(), Verdict::Rejected.as_str()];
    members!(py, "Verdict", &values)?.get(py, Some(index), v.as_str())
}

fn code<'py>(py: Python<'py>, c: Option<Code<'_>>) -> PyResult<Bound<'py, PyAny>> {
    opt(py, c, |c| match c {
        Code::Str(s) => obj(py, s),
        Code::Int(i) => obj(py, i),
    })
}

fn sum<'py>(py: Python<'py>, s: Option<callback::Sum<'_>>) -> PyResult<Bound<'py, PyAny>> {
    opt(py, s, |s| {
        model!(py, "Sum", ["amount", "currency"])?
            .make(py, [obj(py, s.amount)?, obj(py, s.currency)?])
    })
}

fn payment<'py>(py: Python<'py>, p: Option<callback::Payment<'_>>) -> PyResult<Bound<'py, PyAny>> {
    opt(py, p, |p| {
        model!(
            py,
            "Payment",
            [
                "id",
                "type",
                "status",
                "date",
                "method",
                "sum",
                "description"
            ]
        )?
        .make(
            py,
            [
                obj(py, p.id)?,
                obj(py, p.type_)?,
                status(py, p.status)?,
                obj(py, p.date)?,
                obj(py, p.method)?,
                sum(py, p.sum)?,
                obj(py, p.description)?,
            ],
        )
    })
}

fn customer<'py>(
    py: Python<'py>,
    c: Option<callback::Customer<'_>>,
) -> PyResult<Bound<'py, PyAny>> {
    opt(py, c, |c| {
        model!(py, "Customer", ["id"])?.make(py, [obj(py, c.id)?])
    })
}

fn operation<'py>(
    py: Python<'py>,
    o: Option<callback::Operation<'_>>,
) -> PyResult<Bound<'py, PyAny>> {
    opt(py, o, |o| {
        let provider = opt(py, o.provider, |p| {
            model!(py, "Provider", ["id", "payment_id", "auth_code"])?.make(
                py,
                [
                    code(py, p.id)?,
                    obj(py, p.payment_id)?,
                    obj(py, p.auth_code)?,
                ],
            )
        })?;
        model!(
            py,
            "Operation",
            [
                "id",
                "type",
                "status",
                "date",
                "created_date",
                "request_id",
                "sum_initial",
                "sum_converted",
                "code",
                "message",
                "provider",
            ]
        )?
        .make(
            py,
            [
                obj(py, o.id)?,
                obj(py, o.type_)?,
                status(py, o.status)?,
                obj(py, o.date)?,
                obj(py, o.created_date)?,
                obj(py, o.request_id)?,
                sum(py, o.sum_initial)?,
                sum(py, o.sum_converted)?,
                code(py, o.code)?,
                obj(py, o.message)?,
                provider,
            ],
        )
    })
}

fn errors<'py>(py: Python<'py>, list: &ErrorList<'_>) -> PyResult<Bound<'py, PyAny>> {
    let model = model!(py, "ErrorItem", ["code", "field", "message", "description"])?;
    let items = list
        .iter()
        .map(|e| {
            model.make(
                py,
                [
                    code(py, e.code)?,
                    obj(py, e.field)?,
                    obj(py, e.message)?,
                    obj(py, e.description)?,
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
    Ok(model!(
        py,
        "Callback",
        [
            "project_id",
            "payment",
            "customer",
            "operation",
            "errors",
            "errors_total",
            "order",
            "outcome",
        ]
    )?
    .make(
        py,
        [
            obj(py, cb.project_id)?,
            payment(py, cb.payment)?,
            customer(py, cb.customer)?,
            operation(py, cb.operation)?,
            errors(py, &cb.errors)?,
            obj(py, cb.errors.total())?,
            obj(py, cb.order.as_str())?,
            outcome(py, cb.outcome())?,
        ],
    )?)
}

/// `monetix_gate.models.Acknowledgement` from an engine view.
pub(crate) fn ack<'py>(py: Python<'py>, a: &Ack<'_>) -> Result<Bound<'py, PyAny>> {
    Ok(model!(
        py,
        "Acknowledgement",
        [
            "status",
            "request_id",
            "project_id",
            "payment_id",
            "code",
            "message",
            "errors",
            "errors_total",
            "order",
            "verdict",
            "reason",
        ]
    )?
    .make(
        py,
        [
            status(py, a.status)?,
            obj(py, a.request_id)?,
            obj(py, a.project_id)?,
            obj(py, a.payment_id)?,
            code(py, a.code)?,
            obj(py, a.message)?,
            errors(py, &a.errors)?,
            obj(py, a.errors.total())?,
            obj(py, a.order.map(|o| o.as_str()))?,
            verdict(py, a.verdict())?,
            obj(py, a.reason())?,
        ],
    )?)
}

/// `monetix_gate.models.StatusResponse` from an engine view.
pub(crate) fn status_response<'py>(
    py: Python<'py>,
    r: &StatusResponse<'_>,
) -> Result<Bound<'py, PyAny>> {
    Ok(model!(
        py,
        "StatusResponse",
        [
            "project_id",
            "payment",
            "customer",
            "operation",
            "operation_count",
            "errors",
            "errors_total",
            "order",
            "outcome",
        ]
    )?
    .make(
        py,
        [
            obj(py, r.project_id)?,
            payment(py, r.payment)?,
            customer(py, r.customer)?,
            operation(py, r.operation)?,
            obj(py, r.operation_count)?,
            errors(py, &r.errors)?,
            obj(py, r.errors.total())?,
            obj(py, r.order.map(|o| o.as_str()))?,
            outcome(py, r.outcome())?,
        ],
    )?)
}
