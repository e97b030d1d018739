//! What the sandbox answers and sends, shaped as the platform's bodies: the
//! acknowledgement, the error answer, the payout callback (the seed callbacks'
//! shape, `examples/callback-*.json`) and the status response.

use std::time::SystemTime;

use monetix_gate::payout::Method;
use monetix_gate::{Error, Signer};
use serde_json::{json, Value};

use super::log::timestamp;

/// A payout's state, as its callbacks and the status response say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// `processing`: neither final success nor final failure yet.
    Processing,
    /// `success`, operation code `0`.
    Success,
    /// `decline`, operation code `20000` (General decline).
    Decline,
}

impl State {
    /// The status word of `payment.status` and `operation.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Processing => "processing",
            State::Success => "success",
            State::Decline => "decline",
        }
    }
}

/// What happens to a payout, decided by its amount (see [`Plan::for_amount`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// One callback: success.
    Success,
    /// One callback: decline, code 20000.
    Decline,
    /// A `processing` callback, then (once it is delivered or given up,
    /// plus the settle delay) a success callback.
    PendingThenSuccess,
}

impl Plan {
    /// The documented rule, on the amount in minor units: ending in `01`
    /// (amount % 100 == 1) declines, ending in `02` is pending then
    /// succeeds, anything else succeeds.
    pub fn for_amount(amount: i64) -> Plan {
        match amount.rem_euclid(100) {
            1 => Plan::Decline,
            2 => Plan::PendingThenSuccess,
            _ => Plan::Success,
        }
    }

    /// The state right after the request is accepted.
    pub fn first_state(self) -> State {
        match self {
            Plan::Success => State::Success,
            Plan::Decline => State::Decline,
            Plan::PendingThenSuccess => State::Processing,
        }
    }

    /// The name in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Success => "success",
            Plan::Decline => "decline",
            Plan::PendingThenSuccess => "pending_then_success",
        }
    }
}

/// An accepted payout.
#[derive(Debug, Clone)]
pub struct Payout {
    /// The payout method.
    pub method: Method,
    /// `general.project_id`.
    pub project_id: i64,
    /// `general.payment_id`.
    pub payment_id: String,
    /// `customer.id`.
    pub customer_id: String,
    /// `payment.amount` (minor units).
    pub amount: i64,
    /// `payment.currency`.
    pub currency: String,
    /// `payment.description`, if given.
    pub description: Option<String>,
    /// Where the callbacks go (`None`: nowhere, logged).
    pub callback_url: Option<String>,
    /// The sandbox's operation ID.
    pub operation_id: u64,
    /// The acknowledgement's `request_id`.
    pub request_id: String,
    /// When the request was accepted.
    pub created: SystemTime,
    /// What happens to it.
    pub plan: Plan,
    /// Its current state.
    pub state: State,
    /// When the state last changed.
    pub updated: SystemTime,
}

/// The `payment.method` word of each method (the seed callback's for
/// Cambodia).
pub fn method_label(method: Method) -> &'static str {
    match method {
        Method::Cambodia => "Banks Cambodia",
        Method::Colombia => "Bank transfers Colombia",
    }
}

/// The acknowledgement of an accepted request (unsigned, as the seed's).
pub fn acknowledgement(p: &Payout) -> Value {
    json!({
        "status": "success",
        "request_id": p.request_id,
        "project_id": p.project_id,
        "payment_id": p.payment_id,
    })
}

/// One item of an error answer's `errors`.
pub struct Problem {
    /// The dotted path of the parameter (may be empty).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// An error answer: `status: "error"`, `code` (a string, as the seed's),
/// `message` and `errors[]`.
pub fn error(code: &str, message: &str, problems: &[Problem]) -> Value {
    let errors: Vec<Value> = problems
        .iter()
        .map(|p| json!({"field": p.field, "message": p.message}))
        .collect();
    json!({
        "status": "error",
        "code": code,
        "message": message,
        "errors": errors,
    })
}

fn sum(p: &Payout) -> Value {
    json!({"amount": p.amount, "currency": p.currency})
}

fn payment(p: &Payout) -> Value {
    json!({
        "id": p.payment_id,
        "type": "payout",
        "status": p.state.as_str(),
        "date": timestamp(p.updated, false),
        "method": method_label(p.method),
        "sum": sum(p),
        "description": p.description.clone().unwrap_or_default(),
    })
}

fn operation(p: &Payout) -> Value {
    let mut op = json!({
        "id": p.operation_id,
        "type": "payout",
        "status": p.state.as_str(),
        "date": timestamp(p.updated, false),
        "created_date": timestamp(p.created, false),
        "request_id": p.request_id,
        "sum_initial": sum(p),
        "sum_converted": sum(p),
    });
    let code = match p.state {
        State::Success => Some(("0", "Success")),
        State::Decline => Some(("20000", "General decline")),
        State::Processing => None,
    };
    if let (Some((code, message)), Value::Object(members)) = (code, &mut op) {
        members.insert("code".to_owned(), Value::from(code));
        members.insert("message".to_owned(), Value::from(message));
    }
    if let Value::Object(members) = &mut op {
        members.insert(
            "provider".to_owned(),
            json!({
                "id": 12345,
                "payment_id": format!("sandbox-{}", p.operation_id),
                "auth_code": "",
            }),
        );
    }
    op
}

/// The callback of the payout's current state, unsigned.
pub fn callback(p: &Payout) -> Value {
    json!({
        "project_id": p.project_id,
        "payment": payment(p),
        "customer": {"id": p.customer_id},
        "operation": operation(p),
    })
}

/// The status response of the payout's current state, unsigned: the
/// payment and its operations (one, in its latest state).
pub fn status_response(p: &Payout) -> Value {
    json!({
        "project_id": p.project_id,
        "payment": payment(p),
        "customer": {"id": p.customer_id},
        "operations": [operation(p)],
    })
}

/// `body` signed as the platform signs callbacks and responses: a top-level
/// `signature`.
pub fn sign(signer: &Signer, body: &Value) -> Result<Vec<u8>, Error> {
    let text = body.to_string().into_bytes();
    let mut out = vec![0u8; text.len() + 128];
    let len = match signer.sign_as_platform(&text, &mut out) {
        Ok(signed) => signed.len(),
        Err(Error::BufferTooSmall { needed }) => {
            out.resize(needed, 0);
            signer.sign_as_platform(&text, &mut out)?.len()
        }
        Err(e) => return Err(e),
    };
    out.truncate(len);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_follow_the_last_two_digits() {
        assert_eq!(Plan::for_amount(5_000_000), Plan::Success);
        assert_eq!(Plan::for_amount(5_000_001), Plan::Decline);
        assert_eq!(Plan::for_amount(5_000_002), Plan::PendingThenSuccess);
        assert_eq!(Plan::for_amount(5_000_003), Plan::Success);
        assert_eq!(Plan::for_amount(101), Plan::Decline);
        assert_eq!(Plan::for_amount(2), Plan::PendingThenSuccess);
    }
}
