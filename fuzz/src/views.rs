//! An independent model of the typed views (callback, acknowledgement,
//! status response) over a `serde_json::Value`, and the conversion of core's
//! views into the same JSON shape, so the targets can compare them.
//!
//! The model reads the rules from the module docs of `callback` and
//! `response`: a member reads as `None` when the signature cannot tell it
//! from an absent one: absent, `null`, `""`, or an object or array without a
//! signed line (no leaf outside `frame_mode` members); a known member of the
//! wrong JSON type is a `FieldType` error naming its dotted path; integers are
//! read from the number's exact text (`u64` fields: only digits, within
//! `i64`, beyond which a number is signed as 14 digits; `i64` fields: no
//! fraction or exponent, within `i64`); codes are a string or an `i64`
//! integer; `errors[]` keeps (and type-checks) the first `MAX_ERRORS` items
//! and counts them all, each item must make a signed line (else
//! `UnsignedElement`, reported here as `unsigned:<path>`) and be an object;
//! so must every element of a status response's `operations`.

use monetix_gate::callback::{Callback, Code, ErrorList, Operation, Payment, Sum, MAX_ERRORS};
use monetix_gate::response::{Acknowledgement, StatusResponse};
use serde_json::{json, Map, Value};

/// The model's result: the view, or every path with a wrong type.
pub type Model = Result<Value, Vec<String>>;

struct M<'a> {
    bad: &'a mut Vec<String>,
}

fn member<'v>(obj: &'v Value, key: &str) -> Option<&'v Value> {
    obj.get(key).filter(|v| present(v))
}

/// Whether a signature can tell `v` from an absent member.
fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        _ => has_signed_line(v),
    }
}

/// Whether `v` makes a line of the canonical string: a leaf does, a
/// container does when something in it (outside `frame_mode` members) does.
fn has_signed_line(v: &Value) -> bool {
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| k != "frame_mode" && has_signed_line(v)),
        Value::Array(a) => a.iter().any(has_signed_line),
        _ => true,
    }
}

fn num_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl M<'_> {
    fn wrong(&mut self, path: &str) -> Value {
        self.bad.push(path.to_owned());
        Value::Null
    }

    fn str(&mut self, obj: &Value, key: &str, path: &str) -> Value {
        match member(obj, key) {
            None => Value::Null,
            Some(Value::String(s)) => Value::String(s.clone()),
            Some(_) => self.wrong(path),
        }
    }

    fn unsigned(&mut self, path: &str) {
        self.bad.push(format!("unsigned:{path}"));
    }

    fn u64(&mut self, obj: &Value, key: &str, path: &str) -> Value {
        match member(obj, key) {
            None => Value::Null,
            Some(v) => match num_text(v)
                .filter(|t| !t.contains(['.', 'e', 'E']))
                .and_then(|t| t.parse::<u64>().ok())
                .filter(|&n| i64::try_from(n).is_ok())
            {
                Some(n) => json!(n),
                None => self.wrong(path),
            },
        }
    }

    fn i64(&mut self, obj: &Value, key: &str, path: &str) -> Value {
        match member(obj, key) {
            None => Value::Null,
            Some(v) => match num_text(v)
                .filter(|t| !t.contains(['.', 'e', 'E']))
                .and_then(|t| t.parse::<i64>().ok())
            {
                Some(n) => json!(n),
                None => self.wrong(path),
            },
        }
    }

    fn code(&mut self, obj: &Value, key: &str, path: &str) -> Value {
        match member(obj, key) {
            None => Value::Null,
            Some(Value::String(s)) => json!({ "s": s }),
            Some(v) => match num_text(v)
                .filter(|t| !t.contains(['.', 'e', 'E']))
                .and_then(|t| t.parse::<i64>().ok())
            {
                Some(n) => json!({ "i": n }),
                None => self.wrong(path),
            },
        }
    }

    fn object<'v>(&mut self, obj: &'v Value, key: &str, path: &str) -> Option<&'v Value> {
        match member(obj, key) {
            None => None,
            Some(v @ Value::Object(_)) => Some(v),
            Some(_) => {
                self.wrong(path);
                None
            }
        }
    }

    fn sum(&mut self, obj: &Value, key: &str, path: &str) -> Value {
        match self.object(obj, key, path) {
            None => Value::Null,
            Some(s) => json!({
                "amount": self.i64(s, "amount", &format!("{path}.amount")),
                "currency": self.str(s, "currency", &format!("{path}.currency")),
            }),
        }
    }

    fn project_id(&mut self, root: &Value) -> Value {
        let top = self.u64(root, "project_id", "project_id");
        if !top.is_null() || member(root, "project_id").is_some() {
            return top;
        }
        match self.object(root, "general", "general") {
            Some(g) => self.u64(g, "project_id", "general.project_id"),
            None => Value::Null,
        }
    }

    fn payment(&mut self, root: &Value) -> Value {
        let Some(p) = self.object(root, "payment", "payment") else {
            return Value::Null;
        };
        json!({
            "id": self.str(p, "id", "payment.id"),
            "type": self.str(p, "type", "payment.type"),
            "status": self.str(p, "status", "payment.status"),
            "date": self.str(p, "date", "payment.date"),
            "method": self.str(p, "method", "payment.method"),
            "sum": self.sum(p, "sum", "payment.sum"),
            "description": self.str(p, "description", "payment.description"),
        })
    }

    fn customer(&mut self, root: &Value) -> Value {
        match self.object(root, "customer", "customer") {
            None => Value::Null,
            Some(c) => json!({ "id": self.str(c, "id", "customer.id") }),
        }
    }

    fn operation(&mut self, v: Option<&Value>, prefix: &str) -> Value {
        let Some(o) = v.filter(|v| present(v)) else {
            return Value::Null;
        };
        if !o.is_object() {
            return self.wrong(prefix);
        }
        let p = |k: &str| format!("{prefix}.{k}");
        let provider = match self.object(o, "provider", &p("provider")) {
            None => Value::Null,
            Some(pr) => json!({
                "id": self.code(pr, "id", &p("provider.id")),
                "payment_id": self.str(pr, "payment_id", &p("provider.payment_id")),
                "auth_code": self.str(pr, "auth_code", &p("provider.auth_code")),
            }),
        };
        json!({
            "id": self.u64(o, "id", &p("id")),
            "type": self.str(o, "type", &p("type")),
            "status": self.str(o, "status", &p("status")),
            "date": self.str(o, "date", &p("date")),
            "created_date": self.str(o, "created_date", &p("created_date")),
            "request_id": self.str(o, "request_id", &p("request_id")),
            "sum_initial": self.sum(o, "sum_initial", &p("sum_initial")),
            "sum_converted": self.sum(o, "sum_converted", &p("sum_converted")),
            "code": self.code(o, "code", &p("code")),
            "message": self.str(o, "message", &p("message")),
            "provider": provider,
        })
    }

    fn errors(&mut self, root: &Value) -> (Value, usize) {
        let arr = match member(root, "errors") {
            None => return (json!([]), 0),
            Some(Value::Array(a)) => a,
            Some(_) => return (self.wrong("errors"), 0),
        };
        let mut items = Vec::new();
        for (i, item) in arr.iter().enumerate() {
            if !has_signed_line(item) {
                self.unsigned("errors[]");
                continue;
            }
            if !item.is_object() {
                self.wrong("errors[]");
                continue;
            }
            if i < MAX_ERRORS {
                items.push(json!({
                    "code": self.code(item, "code", "errors[].code"),
                    "field": self.str(item, "field", "errors[].field"),
                    "message": self.str(item, "message", "errors[].message"),
                    "description": self.str(item, "description", "errors[].description"),
                }));
            }
        }
        (Value::Array(items), arr.len())
    }
}

fn run(f: impl FnOnce(&mut M<'_>) -> Value) -> Model {
    let mut bad = Vec::new();
    let v = f(&mut M { bad: &mut bad });
    if bad.is_empty() {
        Ok(v)
    } else {
        Err(bad)
    }
}

/// The model of a verified callback (without `order`).
pub fn model_callback(root: &Value) -> Model {
    run(|m| {
        let (errors, total) = m.errors(root);
        json!({
            "project_id": m.project_id(root),
            "payment": m.payment(root),
            "customer": m.customer(root),
            "errors": errors,
            "errors_total": total,
            "operation": m.operation(root.get("operation"), "operation"),
        })
    })
}

/// The model of an acknowledgement (without `order`).
pub fn model_ack(root: &Value) -> Model {
    run(|m| {
        let (errors, total) = m.errors(root);
        json!({
            "status": m.str(root, "status", "status"),
            "request_id": m.str(root, "request_id", "request_id"),
            "project_id": m.project_id(root),
            "payment_id": m.str(root, "payment_id", "payment_id"),
            "code": m.code(root, "code", "code"),
            "message": m.str(root, "message", "message"),
            "errors": errors,
            "errors_total": total,
        })
    })
}

/// The model of a status response (without `order`).
pub fn model_status(root: &Value) -> Model {
    run(|m| {
        let (last, count, prefix) = match member(root, "operations") {
            Some(Value::Array(ops)) => {
                for op in ops {
                    if !has_signed_line(op) {
                        m.unsigned("operations[]");
                    }
                }
                (ops.last(), ops.len(), "operations[]")
            }
            Some(_) => {
                m.wrong("operations");
                (None, 0, "operations[]")
            }
            None => {
                let single = member(root, "operation");
                (single, usize::from(single.is_some()), "operation")
            }
        };
        let (errors, total) = m.errors(root);
        json!({
            "project_id": m.project_id(root),
            "payment": m.payment(root),
            "customer": m.customer(root),
            "errors": errors,
            "errors_total": total,
            "operation": m.operation(last, prefix),
            "operation_count": count,
        })
    })
}

// ---- core's views in the same shape ------------------------------------------

fn code(c: Option<Code<'_>>) -> Value {
    match c {
        Some(Code::Str(s)) => json!({ "s": s }),
        Some(Code::Int(i)) => json!({ "i": i }),
        None => Value::Null,
    }
}

fn sum(s: Option<Sum<'_>>) -> Value {
    s.map_or(
        Value::Null,
        |s| json!({ "amount": s.amount, "currency": s.currency }),
    )
}

fn payment(p: Option<Payment<'_>>) -> Value {
    p.map_or(Value::Null, |p| {
        json!({
            "id": p.id,
            "type": p.r#type,
            "status": p.status.map(|s| s.as_str()),
            "date": p.date,
            "method": p.method,
            "sum": sum(p.sum),
            "description": p.description,
        })
    })
}

fn operation(o: Option<Operation<'_>>) -> Value {
    o.map_or(Value::Null, |o| {
        json!({
            "id": o.id,
            "type": o.r#type,
            "status": o.status.map(|s| s.as_str()),
            "date": o.date,
            "created_date": o.created_date,
            "request_id": o.request_id,
            "sum_initial": sum(o.sum_initial),
            "sum_converted": sum(o.sum_converted),
            "code": code(o.code),
            "message": o.message,
            "provider": o.provider.map_or(Value::Null, |p| json!({
                "id": code(p.id),
                "payment_id": p.payment_id,
                "auth_code": p.auth_code,
            })),
        })
    })
}

fn errors(list: &ErrorList<'_>) -> (Value, usize) {
    assert!(list.len() <= MAX_ERRORS && list.len() <= list.total());
    assert_eq!(list.is_truncated(), list.total() > list.len());
    let items = list
        .iter()
        .map(|e| {
            json!({
                "code": code(e.code),
                "field": e.field,
                "message": e.message,
                "description": e.description,
            })
        })
        .collect();
    (Value::Array(items), list.total())
}

/// Core's callback view in the model's shape.
pub fn view_callback(cb: &Callback<'_>) -> Value {
    let (errs, total) = errors(&cb.errors);
    json!({
        "project_id": cb.project_id,
        "payment": payment(cb.payment),
        "customer": cb.customer.map_or(Value::Null, |c| json!({ "id": c.id })),
        "errors": errs,
        "errors_total": total,
        "operation": operation(cb.operation),
    })
}

/// Core's acknowledgement view in the model's shape.
pub fn view_ack(a: &Acknowledgement<'_>) -> Value {
    let (errs, total) = errors(&a.errors);
    json!({
        "status": a.status.map(|s| s.as_str()),
        "request_id": a.request_id,
        "project_id": a.project_id,
        "payment_id": a.payment_id,
        "code": code(a.code),
        "message": a.message,
        "errors": errs,
        "errors_total": total,
    })
}

/// Core's status response view in the model's shape.
pub fn view_status(s: &StatusResponse<'_>) -> Value {
    let (errs, total) = errors(&s.errors);
    json!({
        "project_id": s.project_id,
        "payment": payment(s.payment),
        "customer": s.customer.map_or(Value::Null, |c| json!({ "id": c.id })),
        "errors": errs,
        "errors_total": total,
        "operation": operation(s.operation),
        "operation_count": s.operation_count,
    })
}

/// Parses a body core accepted with serde_json (order kept, no duplicates
/// since core refuses them).
pub fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("serde_json refuses a body core accepted")
}

/// Compares core's result with the model's.
#[track_caller]
pub fn compare(what: &str, core: Result<Value, monetix_gate::Error>, model: Model) {
    match (core, model) {
        (Ok(v), Ok(m)) => assert_eq!(v, m, "{what}: core's view differs from the model"),
        (Err(monetix_gate::Error::FieldType { path }), Err(bad)) => assert!(
            bad.iter().any(|b| b == path),
            "{what}: core reports a wrong type at {path}, the model at {bad:?}"
        ),
        (Err(monetix_gate::Error::UnsignedElement { path }), Err(bad)) => assert!(
            bad.iter().any(|b| *b == format!("unsigned:{path}")),
            "{what}: core refuses an unsigned element at {path}, the model finds {bad:?}"
        ),
        (core, model) => panic!("{what}: core {core:?}, model {model:?}"),
    }
}

/// `Map` re-export for targets that build JSON.
pub type Object = Map<String, Value>;
