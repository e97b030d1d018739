//! `callback` and `response`: the core's typed views printed as JSON.
//!
//! Every known field is printed; an absent (or `null`) one is `null`. Codes
//! keep the JSON type they arrived with (string or integer); statuses are
//! printed as received.

use monetix_gate::callback::{self, Code, Customer, ErrorList, Operation, Payment, Sum};
use monetix_gate::response;
use serde_json::{json, Value};

use crate::args::Args;
use crate::engine::{mode, verify_failure};
use crate::fail::{core_error, Failure};
use crate::input::Secret;

fn code(c: Option<Code<'_>>) -> Value {
    match c {
        Some(Code::Str(s)) => Value::from(s),
        Some(Code::Int(i)) => Value::from(i),
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
            "type": p.type_,
            "status": p.status.map(|s| s.as_str()),
            "date": p.date,
            "method": p.method,
            "sum": sum(p.sum),
            "description": p.description,
        })
    })
}

fn customer(c: Option<Customer<'_>>) -> Value {
    c.map_or(Value::Null, |c| json!({ "id": c.id }))
}

fn operation(o: Option<Operation<'_>>) -> Value {
    o.map_or(Value::Null, |o| {
        json!({
            "id": o.id,
            "type": o.type_,
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

/// `errors` (and `errors_total` when the view kept only the first items).
fn errors(view: &mut serde_json::Map<String, Value>, list: &ErrorList<'_>) {
    let items: Vec<Value> = list
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
    view.insert("errors".to_owned(), Value::Array(items));
    if list.is_truncated() {
        view.insert("errors_total".to_owned(), Value::from(list.total()));
    }
}

fn pretty(view: &Value) -> Vec<u8> {
    // Serialising a `Value` cannot fail.
    let mut out = serde_json::to_vec_pretty(view).unwrap_or_default();
    out.push(b'\n');
    out
}

/// `callback`: verifies, then prints the typed view with its outcome.
pub fn callback(body: &[u8], args: &Args, secret: &Secret) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    // A scratch as long as the body always suffices (core's docs).
    let mut scratch = vec![0u8; body.len()];
    let cb = callback::parse_with_signer(body, &signer, mode(args), &mut scratch)
        .map_err(|e| verify_failure(e, body, args))?;
    let mut view = serde_json::Map::new();
    view.insert("outcome".to_owned(), Value::from(cb.outcome().as_str()));
    view.insert("order".to_owned(), Value::from(cb.order.as_str()));
    view.insert("project_id".to_owned(), json!(cb.project_id));
    view.insert("payment".to_owned(), payment(cb.payment));
    view.insert("customer".to_owned(), customer(cb.customer));
    view.insert("operation".to_owned(), operation(cb.operation));
    errors(&mut view, &cb.errors);
    Ok(pretty(&Value::Object(view)))
}

/// `response`: the typed acknowledgement of a payout request, accepted or
/// rejected. Acknowledgements are not signed, so nothing is verified.
pub fn response(body: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut scratch = vec![0u8; body.len()];
    let ack = response::ack(body, &mut scratch).map_err(|e| core_error(e, None))?;
    let mut view = serde_json::Map::new();
    view.insert("verdict".to_owned(), Value::from(ack.verdict().as_str()));
    let reason = if ack.is_accepted() {
        None
    } else {
        ack.reason()
    };
    view.insert("reason".to_owned(), json!(reason));
    view.insert("status".to_owned(), json!(ack.status.map(|s| s.as_str())));
    view.insert("request_id".to_owned(), json!(ack.request_id));
    view.insert("project_id".to_owned(), json!(ack.project_id));
    view.insert("payment_id".to_owned(), json!(ack.payment_id));
    view.insert("code".to_owned(), code(ack.code));
    view.insert("message".to_owned(), json!(ack.message));
    errors(&mut view, &ack.errors);
    Ok(pretty(&Value::Object(view)))
}
