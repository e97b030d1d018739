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
    /// The fields set when an instance is made, in declaration order: all
    /// of them, or those left after [`Model::with_lazy`].
    eager: Box<[Py<PyString>]>,
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
            eager: fields.iter().map(|f| f.clone_ref(py)).collect(),
            fields,
            template: template.unbind(),
        })
    }

    /// Checks that `lazy` names fields the class converts when first read:
    /// each has a descriptor on the class (`monetix_gate.models` installs
    /// them), which asks the instance's `body` for the value.
    /// [`Model::make_eager`] then sets the other fields only.
    fn with_lazy(mut self, py: Python<'_>, lazy: &[&str]) -> PyResult<Model> {
        let class = self.class.bind(py);
        let own = class.getattr(intern!(py, "__dict__"))?;
        for name in lazy {
            if !own.contains(*name)? || !self.fields.iter().any(|f| f.bind(py) == *name) {
                return Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                    "monetix_gate.models.{} has no deferred field {name:?}, the binding expects one",
                    class.name()?
                )));
            }
        }
        self.eager = self
            .fields
            .iter()
            .filter(|f| !lazy.iter().any(|name| f.bind(py) == *name))
            .map(|f| f.clone_ref(py))
            .collect();
        Ok(self)
    }

    /// An instance with these field values, in declaration order.
    fn make<'py, const N: usize>(
        &self,
        py: Python<'py>,
        values: [Bound<'py, PyAny>; N],
    ) -> PyResult<Bound<'py, PyAny>> {
        debug_assert_eq!(self.fields.len(), N);
        let dict = self.template.bind(py).copy()?;
        for (key, value) in self.fields.iter().zip(values) {
            dict.set_item(key.bind(py), value)?;
        }
        self.instance(py, &dict)
    }

    /// An instance holding only the fields not deferred (see
    /// [`Model::with_lazy`]), with these values in declaration order.
    fn make_eager<'py, const N: usize>(
        &self,
        py: Python<'py>,
        values: [Bound<'py, PyAny>; N],
    ) -> PyResult<Bound<'py, PyAny>> {
        if self.eager.len() != N {
            return Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                "{N} values for the {} fields set when a view is made",
                self.eager.len()
            )));
        }
        let dict = PyDict::new(py);
        for (key, value) in self.eager.iter().zip(values) {
            dict.set_item(key.bind(py), value)?;
        }
        self.instance(py, &dict)
    }

    /// `object.__new__(cls)` with `dict` as its instance dictionary.
    #[allow(unsafe_code)]
    fn instance<'py>(
        &self,
        py: Python<'py>,
        dict: &Bound<'py, PyDict>,
    ) -> PyResult<Bound<'py, PyAny>> {
        static OBJECT_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
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

/// A dataclass of `monetix_gate.models` with its fields, loaded once (and,
/// after `lazy`, the fields it converts when first read).
macro_rules! model {
    ($py:expr, $name:literal, [$($field:literal),* $(,)?]) => {{
        static MODEL: PyOnceLock<Model> = PyOnceLock::new();
        MODEL.get_or_try_init($py, || Model::load($py, $name, &[$($field),*]))
    }};
    ($py:expr, $name:literal, [$($field:literal),* $(,)?], lazy [$($lazy:literal),* $(,)?]) => {{
        static MODEL: PyOnceLock<Model> = PyOnceLock::new();
        MODEL.get_or_try_init($py, || {
            Model::load($py, $name, &[$($field),*])?.with_lazy($py, &[$($lazy),*])
        })
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
    error_items(py, list.iter().copied())
}

/// A tuple of `ErrorItem`s.
fn error_items<'py, 'a>(
    py: Python<'py>,
    items: impl Iterator<Item = callback::ErrorItem<'a>>,
) -> PyResult<Bound<'py, PyAny>> {
    let model = model!(py, "ErrorItem", ["code", "field", "message", "description"])?;
    let items = items
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
///
/// The scalar fields are set now; `payment`, `customer`, `operation` and
/// `errors` are copied into a [`Lazy`] kept by the view's [`BodyView`] and
/// become Python objects when first read (the class's deferred fields; the
/// same objects, built by the same functions, as when they were built here).
pub(crate) fn callback<'py>(
    py: Python<'py>,
    cb: &callback::Callback<'_>,
    body: Bound<'py, PyBytes>,
) -> Result<Bound<'py, PyAny>> {
    let lazy = Lazy::of(cb.payment, cb.customer, cb.operation, &cb.errors);
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
        ],
        lazy["payment", "customer", "operation", "errors"]
    )?
    .make_eager(
        py,
        [
            obj(py, cb.project_id)?,
            obj(py, cb.errors.total())?,
            obj(py, cb.order.as_str())?,
            outcome(py, cb.outcome())?,
            body_view(py, body, true, Some(lazy))?,
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
            body_view(py, body, a.order.is_some(), None)?,
        ],
    )?)
}

/// `monetix_gate.models.StatusResponse` from an engine view, read from
/// `body`; deferred like [`callback`].
pub(crate) fn status_response<'py>(
    py: Python<'py>,
    r: &StatusResponse<'_>,
    body: Bound<'py, PyBytes>,
) -> Result<Bound<'py, PyAny>> {
    let lazy = Lazy::of(r.payment, r.customer, r.operation, &r.errors);
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
        ],
        lazy["payment", "customer", "operation", "errors"]
    )?
    .make_eager(
        py,
        [
            obj(py, r.project_id)?,
            obj(py, r.operation_count)?,
            obj(py, r.errors.total())?,
            obj(py, r.order.map(|o| o.as_str()))?,
            outcome(py, r.outcome())?,
            body_view(py, body, r.order.is_some(), Some(lazy))?,
        ],
    )?)
}

// ---- deferred members ------------------------------------------------------------

/// A text of a [`Lazy`]: the range `start..end` of its arena.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

/// The texts of a [`Lazy`], one after the other in one string.
struct Arena(String);

impl Arena {
    fn text(&mut self, text: &str) -> Span {
        let start = self.0.len();
        self.0.push_str(text);
        Span {
            start,
            end: self.0.len(),
        }
    }

    fn put(&mut self, text: Option<&str>) -> Option<Span> {
        text.map(|t| self.text(t))
    }

    fn code(&mut self, code: Option<Code<'_>>) -> Option<OwnCode> {
        code.map(|c| match c {
            Code::Str(s) => OwnCode::Str(self.text(s)),
            Code::Int(i) => OwnCode::Int(i),
        })
    }

    fn sum(&mut self, sum: Option<callback::Sum<'_>>) -> Option<OwnSum> {
        sum.map(|s| OwnSum {
            amount: s.amount,
            currency: self.put(s.currency),
        })
    }
}

/// Reads texts back out of an arena.
#[derive(Clone, Copy)]
struct Texts<'t>(&'t str);

impl<'t> Texts<'t> {
    fn text(self, span: Span) -> &'t str {
        self.0.get(span.start..span.end).unwrap_or_default()
    }

    fn get(self, span: Option<Span>) -> Option<&'t str> {
        span.map(|s| self.text(s))
    }

    fn status(self, span: Option<Span>) -> Option<PaymentStatus<'t>> {
        // A status is kept as its `as_str()`, which `parse` maps back to the
        // same variant (the platform's spelling of a known status, the raw
        // value of any other).
        self.get(span).map(PaymentStatus::parse)
    }

    fn code(self, code: Option<OwnCode>) -> Option<Code<'t>> {
        code.map(|c| match c {
            OwnCode::Str(s) => Code::Str(self.text(s)),
            OwnCode::Int(i) => Code::Int(i),
        })
    }

    fn sum(self, sum: Option<OwnSum>) -> Option<callback::Sum<'t>> {
        sum.map(|s| callback::Sum {
            amount: s.amount,
            currency: self.get(s.currency),
        })
    }
}

/// [`Code`], its text in an arena.
#[derive(Clone, Copy)]
enum OwnCode {
    Str(Span),
    Int(i64),
}

/// [`callback::Sum`], its text in an arena.
#[derive(Clone, Copy)]
struct OwnSum {
    amount: Option<i64>,
    currency: Option<Span>,
}

/// [`callback::Payment`], its texts in an arena.
struct OwnPayment {
    id: Option<Span>,
    r#type: Option<Span>,
    status: Option<Span>,
    date: Option<Span>,
    method: Option<Span>,
    sum: Option<OwnSum>,
    description: Option<Span>,
}

/// [`callback::Provider`], its texts in an arena.
struct OwnProvider {
    id: Option<OwnCode>,
    payment_id: Option<Span>,
    auth_code: Option<Span>,
}

/// [`callback::Operation`], its texts in an arena.
struct OwnOperation {
    id: Option<u64>,
    r#type: Option<Span>,
    status: Option<Span>,
    date: Option<Span>,
    created_date: Option<Span>,
    request_id: Option<Span>,
    sum_initial: Option<OwnSum>,
    sum_converted: Option<OwnSum>,
    code: Option<OwnCode>,
    message: Option<Span>,
    provider: Option<OwnProvider>,
}

/// [`callback::ErrorItem`], its texts in an arena.
struct OwnErrorItem {
    code: Option<OwnCode>,
    field: Option<Span>,
    message: Option<Span>,
    description: Option<Span>,
}

/// The members of a verified callback or status response that become Python
/// objects only when first read: the engine's typed view, copied out of the
/// body and the decoding scratch (which the view borrows) into owned data,
/// every text into one arena. Nothing is read again: the values are exactly
/// those of the engine's view, read and checked when the body was parsed.
pub(crate) struct Lazy {
    texts: String,
    payment: Option<OwnPayment>,
    /// `customer.id`, if there is a `customer`.
    customer: Option<Option<Span>>,
    operation: Option<OwnOperation>,
    errors: Vec<OwnErrorItem>,
}

impl Lazy {
    fn of(
        payment: Option<callback::Payment<'_>>,
        customer: Option<callback::Customer<'_>>,
        operation: Option<callback::Operation<'_>>,
        errors: &ErrorList<'_>,
    ) -> Lazy {
        // The texts of a typical callback fit (about 200 bytes for the seed).
        let mut a = Arena(String::with_capacity(256));
        let payment = payment.map(|p| OwnPayment {
            id: a.put(p.id),
            r#type: a.put(p.r#type),
            status: a.put(p.status.map(|s| s.as_str())),
            date: a.put(p.date),
            method: a.put(p.method),
            sum: a.sum(p.sum),
            description: a.put(p.description),
        });
        let customer = customer.map(|c| a.put(c.id));
        let operation = operation.map(|o| OwnOperation {
            id: o.id,
            r#type: a.put(o.r#type),
            status: a.put(o.status.map(|s| s.as_str())),
            date: a.put(o.date),
            created_date: a.put(o.created_date),
            request_id: a.put(o.request_id),
            sum_initial: a.sum(o.sum_initial),
            sum_converted: a.sum(o.sum_converted),
            code: a.code(o.code),
            message: a.put(o.message),
            provider: o.provider.map(|p| OwnProvider {
                id: a.code(p.id),
                payment_id: a.put(p.payment_id),
                auth_code: a.put(p.auth_code),
            }),
        });
        let errors = errors
            .iter()
            .map(|e| OwnErrorItem {
                code: a.code(e.code),
                field: a.put(e.field),
                message: a.put(e.message),
                description: a.put(e.description),
            })
            .collect();
        Lazy {
            texts: a.0,
            payment,
            customer,
            operation,
            errors,
        }
    }

    /// The engine's `payment`, back from the copy.
    fn payment(&self) -> Option<callback::Payment<'_>> {
        let t = Texts(&self.texts);
        self.payment.as_ref().map(|p| callback::Payment {
            id: t.get(p.id),
            r#type: t.get(p.r#type),
            status: t.status(p.status),
            date: t.get(p.date),
            method: t.get(p.method),
            sum: t.sum(p.sum),
            description: t.get(p.description),
        })
    }

    /// The engine's `customer`, back from the copy.
    fn customer(&self) -> Option<callback::Customer<'_>> {
        let t = Texts(&self.texts);
        self.customer.map(|id| callback::Customer { id: t.get(id) })
    }

    /// The engine's `operation`, back from the copy.
    fn operation(&self) -> Option<callback::Operation<'_>> {
        let t = Texts(&self.texts);
        self.operation.as_ref().map(|o| callback::Operation {
            id: o.id,
            r#type: t.get(o.r#type),
            status: t.status(o.status),
            date: t.get(o.date),
            created_date: t.get(o.created_date),
            request_id: t.get(o.request_id),
            sum_initial: t.sum(o.sum_initial),
            sum_converted: t.sum(o.sum_converted),
            code: t.code(o.code),
            message: t.get(o.message),
            provider: o.provider.as_ref().map(|p| callback::Provider {
                id: t.code(p.id),
                payment_id: t.get(p.payment_id),
                auth_code: t.get(p.auth_code),
            }),
        })
    }

    /// The engine's `errors` items kept, back from the copy.
    fn errors(&self) -> impl Iterator<Item = callback::ErrorItem<'_>> {
        let t = Texts(&self.texts);
        self.errors.iter().map(move |e| callback::ErrorItem {
            code: t.code(e.code),
            field: t.get(e.field),
            message: t.get(e.message),
            description: t.get(e.description),
        })
    }

    /// The Python object of a deferred field, built by the same functions
    /// as every eager view's.
    fn member<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        match name {
            "payment" => payment(py, self.payment()),
            "customer" => customer(py, self.customer()),
            "operation" => operation(py, self.operation()),
            "errors" => error_items(py, self.errors()),
            _ => Err(pyo3::exceptions::PyAttributeError::new_err(format!(
                "no deferred field {name:?}"
            ))),
        }
    }
}

// ---- the body a view was read from ------------------------------------------------

/// The bytes a view was read from (verified, unless the view's `order` is
/// `None`), read-only: `get("operation.provider.payment_id")` reads any
/// member from them with core's [`monetix_gate::json::Document`] and
/// [`Value::pointer`]. Made only by the binding, after the read; it cannot
/// be constructed from Python.
///
/// The view of a callback or status response also keeps its deferred
/// members ([`Lazy`]), which the class's deferred fields read once each
/// (`_member`, private).
#[pyclass(frozen, module = "monetix_gate._native", name = "BodyView")]
pub(crate) struct BodyView {
    body: Py<PyBytes>,
    verified: bool,
    lazy: Option<Lazy>,
}

fn body_view<'py>(
    py: Python<'py>,
    body: Bound<'py, PyBytes>,
    verified: bool,
    lazy: Option<Lazy>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(Bound::new(
        py,
        BodyView {
            body: body.unbind(),
            verified,
            lazy,
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

    /// A deferred field of the view this body belongs to, as a Python object
    /// (called once per field by `monetix_gate.models`, which keeps it).
    #[pyo3(name = "_member")]
    fn member<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        match &self.lazy {
            Some(lazy) => lazy.member(py, name),
            None => Err(pyo3::exceptions::PyAttributeError::new_err(format!(
                "this view has no deferred field {name:?}"
            ))),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use monetix_gate::Signer;

    /// The deferred members are the engine's view itself: every member,
    /// copied out and back, equals the engine's (statuses known and not,
    /// codes of both kinds, empty and absent members, escaped text).
    #[test]
    fn deferred_members_are_the_engines_view() {
        let signer = Signer::new(b"secret").unwrap();
        let bodies: [&[u8]; 4] = [
            br#"{"project_id":1234,"payment":{"id":"payment_47","type":"payout","status":"success","date":"2024-12-07T19:08:45+0000","method":"Banks Cambodia","sum":{"amount":5000000,"currency":"KHR"},"description":""},"customer":{"id":"customer_123"},"operation":{"id":47,"type":"payout","status":"partially_paid_out","date":"d","created_date":"c","request_id":"r","sum_initial":{"amount":5,"currency":"KHR"},"sum_converted":{"amount":-7},"code":"0","message":"Success","provider":{"id":12345,"payment_id":"p","auth_code":""}},"errors":[{"code":1,"field":"f","message":"m \"q\" \u00e9"},{"code":"x"},{"description":"d"}]}"#,
            br#"{"payment":{"status":"on hold"},"customer":{},"operation":{"status":"Success","code":20000,"provider":{"id":"abc"}}}"#,
            br#"{"general":{"project_id":1},"errors":[{"code":1},{"code":2},{"code":3},{"code":4},{"code":5},{"code":6},{"code":7},{"code":8},{"code":9}]}"#,
            br#"{}"#,
        ];
        for body in bodies {
            let mut signed = vec![0u8; body.len() + 200];
            let signed = signer.sign_as_platform(body, &mut signed).unwrap().to_vec();
            let mut scratch = vec![0u8; signed.len()];
            let cb = callback::parse_with_signer(
                &signed,
                &signer,
                monetix_gate::Mode::Tolerant,
                &mut scratch,
            )
            .unwrap();
            let lazy = Lazy::of(cb.payment, cb.customer, cb.operation, &cb.errors);
            assert_eq!(lazy.payment(), cb.payment);
            assert_eq!(lazy.customer(), cb.customer);
            assert_eq!(lazy.operation(), cb.operation);
            assert!(lazy.errors().eq(cb.errors.iter().copied()));
            assert_eq!(lazy.errors.len(), cb.errors.len());
        }
    }
}
