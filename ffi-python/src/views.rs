//! Conversion of the engine's typed views (callbacks, acknowledgements,
//! status responses) into the immutable Python classes of
//! `monetix_gate.models`.
//!
//! The engine verifies and reads; this module only copies each field into its
//! Python counterpart (statuses into the `str`-based enums, which keep values
//! they do not know). Every view also carries the bytes it was read from as
//! a [`BodyView`], whose `get` reads any member by its dotted path from those
//! bytes with core's own [`monetix_gate::json::Document`] (no second parser);
//! [`reconcile`] hands a view and the request it answers to core's
//! [`monetix_gate::reconcile::check`].

use monetix_gate::callback::{self, Code, ErrorList, Outcome, PaymentStatus};
use monetix_gate::json::{Kind, Value};
use monetix_gate::reconcile::{check, Answer, Found};
use monetix_gate::response::{Acknowledgement, StatusResponse, Verdict};
use monetix_gate::source::Text;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple, PyType};
use pyo3::{intern, BoundObject};

use crate::document::with_document;
use crate::errors::{Failure, Result};

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
const STATUSES: [PaymentStatus<'static>; 13] = [
    PaymentStatus::Success,
    PaymentStatus::Decline,
    PaymentStatus::Processing,
    PaymentStatus::AwaitingClarification,
    PaymentStatus::AwaitingRetry,
    PaymentStatus::AwaitingCustomer,
    PaymentStatus::AwaitingConfirmation,
    PaymentStatus::PartiallyPaidOut,
    PaymentStatus::Error,
    PaymentStatus::InternalError,
    PaymentStatus::ExternalError,
    PaymentStatus::Cancelled,
    PaymentStatus::Canceled,
];

fn status_index(s: PaymentStatus<'_>) -> Option<usize> {
    STATUSES.iter().position(|known| *known == s)
}

fn status<'py>(py: Python<'py>, s: Option<PaymentStatus<'_>>) -> PyResult<Bound<'py, PyAny>> {
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
                obj(py, p.r#type)?,
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
                obj(py, o.r#type)?,
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

/// `monetix_gate.models.Callback` from a verified engine view, read from
/// `body`.
pub(crate) fn callback<'py>(
    py: Python<'py>,
    cb: &callback::Callback<'_>,
    body: Bound<'py, PyBytes>,
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
            "body",
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
            body_view(py, body, true)?,
        ],
    )?)
}

/// `monetix_gate.models.Acknowledgement` from an engine view, read from `body`.
pub(crate) fn acknowledgement<'py>(
    py: Python<'py>,
    a: &Acknowledgement<'_>,
    body: Bound<'py, PyBytes>,
) -> Result<Bound<'py, PyAny>> {
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
            "body",
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
            body_view(py, body, a.order.is_some())?,
        ],
    )?)
}

/// `monetix_gate.models.StatusResponse` from an engine view, read from `body`.
pub(crate) fn status_response<'py>(
    py: Python<'py>,
    r: &StatusResponse<'_>,
    body: Bound<'py, PyBytes>,
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
            "body",
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
            body_view(py, body, r.order.is_some())?,
        ],
    )?)
}

// ---- the body a view was read from ------------------------------------------------

/// The bytes a view was read from (verified, unless the view's `order` is
/// `None`), read-only: `get("operation.provider.payment_id")` reads any
/// member from them with core's [`monetix_gate::json::Document`] and
/// [`Value::pointer`]. Made only by the binding, after the read; it cannot
/// be constructed from Python.
#[pyclass(frozen, module = "monetix_gate._native", name = "BodyView")]
pub(crate) struct BodyView {
    body: Py<PyBytes>,
    verified: bool,
}

fn body_view<'py>(
    py: Python<'py>,
    body: Bound<'py, PyBytes>,
    verified: bool,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(Bound::new(
        py,
        BodyView {
            body: body.unbind(),
            verified,
        },
    )?
    .into_any())
}

/// A member read out of the document (owned: the document may live on
/// another thread), turned into Python objects afterwards.
enum Json {
    Absent,
    Bool(bool),
    Int(i64),
    /// A number with a fraction or an exponent, or beyond 64 bits: its text.
    Number(String),
    Str(String),
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
}

/// Whether a member reads as present: it makes a signed line, and is not
/// `null` or `""` (both sign as `path:`). The rule of core's typed readers
/// (`callback::member`, which is not public), applied to any member.
fn present(v: Value<'_>) -> bool {
    v.has_signed_line()
        && match v.kind() {
            Kind::Null => false,
            Kind::String => v.raw().len() > 2,
            _ => true,
        }
}

/// The decoded text of a JSON string's raw content (between its quotes).
fn decoded(raw: &[u8]) -> Option<String> {
    let text = Text::Json(raw);
    let mut out = vec![0u8; text.decoded_len()];
    text.decode_into(&mut out).map(str::to_owned)
}

fn json(input: &[u8], v: Value<'_>) -> Json {
    if !present(v) {
        return Json::Absent;
    }
    match v.kind() {
        Kind::True => Json::Bool(true),
        Kind::False => Json::Bool(false),
        Kind::Integer => v.as_i64().map_or(Json::Absent, Json::Int),
        Kind::Float => Json::Number(String::from_utf8_lossy(v.raw()).into_owned()),
        Kind::String => {
            let span = v.span();
            input
                .get(span.start + 1..span.end.saturating_sub(1))
                .and_then(decoded)
                .map_or(Json::Absent, Json::Str)
        }
        Kind::Object => Json::Object(
            v.children()
                .filter_map(|(key, value)| {
                    let key = decoded(input.get(key?.span())?)?;
                    Some((key, json(input, value)))
                })
                .collect(),
        ),
        Kind::Array => Json::Array(v.children().map(|(_, e)| json(input, e)).collect()),
        Kind::Null => Json::Absent,
    }
}

fn to_python<'py>(py: Python<'py>, j: Json) -> PyResult<Bound<'py, PyAny>> {
    static PROXY: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    match j {
        Json::Absent => Ok(py.None().into_bound(py)),
        Json::Bool(b) => obj(py, b),
        Json::Int(n) => obj(py, n),
        Json::Str(s) => obj(py, s),
        Json::Number(text) => DECIMAL.import(py, "decimal", "Decimal")?.call1((text,)),
        Json::Array(items) => Ok(PyTuple::new(
            py,
            items
                .into_iter()
                .map(|i| to_python(py, i))
                .collect::<PyResult<Vec<_>>>()?,
        )?
        .into_any()),
        Json::Object(members) => {
            let dict = PyDict::new(py);
            for (k, v) in members {
                dict.set_item(k, to_python(py, v)?)?;
            }
            PROXY
                .import(py, "types", "MappingProxyType")?
                .call1((dict,))
        }
    }
}

#[pymethods]
impl BodyView {
    /// The member at a dotted path (`"operation.provider.payment_id"`,
    /// array elements by index: `"errors.0.code"`), or `None` when there is
    /// none or it reads as absent (`null`, `""`, a container without a
    /// signed line, anything inside `frame_mode`). Strings are `str`,
    /// integers `int`, other numbers `Decimal` (their exact text), objects
    /// read-only mappings, arrays tuples.
    fn get<'py>(&self, py: Python<'py>, path: &Bound<'py, PyAny>) -> Result<Bound<'py, PyAny>> {
        let Ok(path) = path.cast::<PyString>() else {
            return Err(Failure::ArgumentType(format!(
                "path must be str, not {}",
                crate::convert::type_name(path)
            )));
        };
        let Ok(path) = crate::convert::utf8(path) else {
            return Ok(py.None().into_bound(py));
        };
        let path: &str = &path;
        let body = self.body.bind(py).as_bytes();
        // `bytes` is immutable: nothing changes it while the engine reads.
        let found = with_document!(py, body, |doc| Ok(doc
            .root()
            .pointer(path)
            .map_or(Json::Absent, |v| json(doc.input(), v))))?;
        Ok(to_python(py, found)?)
    }

    /// The bytes the view was read from.
    #[getter]
    fn raw<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        self.body.bind(py).clone()
    }

    /// Whether the bytes were verified (`False` only for the views read
    /// without verification).
    #[getter]
    fn verified(&self) -> bool {
        self.verified
    }

    fn __bytes__<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        self.body.bind(py).clone()
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.body.bind(py).as_bytes().len()
    }

    /// Immutable: a copy is the same object.
    fn __copy__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "BodyView(<{} bytes, {}>)",
            self.body.bind(py).as_bytes().len(),
            if self.verified {
                "verified"
            } else {
                "not verified"
            }
        )
    }
}

// ---- reconciliation --------------------------------------------------------------

/// A `Sum` of the models, owned: amount and currency.
type OwnedSum = (Option<i64>, Option<String>);

/// What reconciliation reads of a view, copied out of it.
struct Parts {
    project_id: Option<u64>,
    /// `payment.id`, `payment.sum`.
    payment: Option<(Option<String>, Option<OwnedSum>)>,
    /// `operation.sum_initial`, `operation.sum_converted`.
    operation: Option<(Option<OwnedSum>, Option<OwnedSum>)>,
}

fn parts(answer: &Bound<'_, PyAny>) -> PyResult<Parts> {
    let present = |name: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        let v = answer.getattr(name)?;
        Ok((!v.is_none()).then_some(v))
    };
    let payment = match present("payment")? {
        Some(p) => Some((p.getattr("id")?.extract()?, sum_of(&p.getattr("sum")?)?)),
        None => None,
    };
    let operation = match present("operation")? {
        Some(o) => Some((
            sum_of(&o.getattr("sum_initial")?)?,
            sum_of(&o.getattr("sum_converted")?)?,
        )),
        None => None,
    };
    Ok(Parts {
        project_id: answer.getattr("project_id")?.extract()?,
        payment,
        operation,
    })
}

fn sum_of(sum: &Bound<'_, PyAny>) -> PyResult<Option<OwnedSum>> {
    if sum.is_none() {
        return Ok(None);
    }
    Ok(Some((
        sum.getattr("amount")?.extract()?,
        sum.getattr("currency")?.extract()?,
    )))
}

fn as_sum(s: &Option<OwnedSum>) -> Option<callback::Sum<'_>> {
    s.as_ref().map(|(amount, currency)| callback::Sum {
        amount: *amount,
        currency: currency.as_deref(),
    })
}

fn found<'py>(py: Python<'py>, f: Found<'_>) -> PyResult<Bound<'py, PyAny>> {
    match f {
        Found::Absent => Ok(py.None().into_bound(py)),
        Found::Int(n) => obj(py, n),
        Found::Str(s) => obj(py, s),
    }
}

/// Compares a verified callback or status response with the payout request
/// it should answer (its fields mapping, and the converted sum if expected):
/// core's [`monetix_gate::reconcile::check`]; returns every mismatch
/// (`monetix_gate.models.Mismatch`), none if it matches.
#[pyfunction]
#[pyo3(signature = (answer, expected, *, converted = None))]
pub(crate) fn reconcile<'py>(
    py: Python<'py>,
    answer: &Bound<'py, PyAny>,
    expected: &Bound<'py, PyAny>,
    converted: Option<&Bound<'py, PyAny>>,
) -> Result<Vec<Bound<'py, PyAny>>> {
    let converted: Option<(i64, String)> = converted
        .filter(|c| !c.is_none())
        .map(|c| {
            c.extract().map_err(|_| {
                Failure::ArgumentType(format!(
                    "converted must be a tuple (amount: int within 64 bits, currency: str), not {}",
                    crate::convert::type_name(c)
                ))
            })
        })
        .transpose()?;
    static CALLBACK: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static STATUS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static MISMATCH: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let is_answer = answer.is_instance(CALLBACK.import(py, MODELS, "Callback")?)?
        || answer.is_instance(STATUS.import(py, MODELS, "StatusResponse")?)?;
    if !is_answer {
        return Err(Failure::ArgumentType(format!(
            "answer must be a Callback or a StatusResponse, not {}",
            crate::convert::type_name(answer)
        )));
    }
    let parts = parts(answer).map_err(|e| {
        Failure::ArgumentType(format!(
            "answer does not hold what the parsers put in a {}: {e}",
            crate::convert::type_name(answer)
        ))
    })?;
    let core_answer = Answer {
        project_id: parts.project_id,
        payment: parts.payment.as_ref().map(|(id, sum)| callback::Payment {
            id: id.as_deref(),
            sum: as_sum(sum),
            ..callback::Payment::default()
        }),
        operation: parts
            .operation
            .as_ref()
            .map(|(initial, converted)| callback::Operation {
                sum_initial: as_sum(initial),
                sum_converted: as_sum(converted),
                ..callback::Operation::default()
            }),
    };
    let class = MISMATCH.import(py, MODELS, "Mismatch")?;
    let mismatches = crate::payout::expected(expected, |e| {
        let e = match &converted {
            Some((amount, currency)) => e.with_converted(*amount, currency),
            None => *e,
        };
        check(&core_answer, &e)
            .iter()
            .map(|m| {
                class.call1((
                    m.path,
                    found(py, m.expected)?,
                    found(py, m.found)?,
                    m.to_string(),
                ))
            })
            .collect::<PyResult<Vec<_>>>()
    })?;
    Ok(mismatches?)
}
