//! `payout cambodia|colombia` and `status`: typed, validated, signed requests
//! built from the request fields given as JSON in the seeds' shape.
//!
//! The input is first checked by the core's own parser (malformed JSON and
//! duplicate keys are reported with their byte offset), then read with
//! serde_json. Each typed field of the request is taken from its path;
//! every other leaf becomes an extra parameter ([`Extra`]) at its dotted
//! path, validated and signed by the core like the rest. Problems the core
//! cannot see (a value of the wrong JSON type, an array, a key containing
//! `.`) are reported here, as `path: reason` lines, together with every
//! violation the core's validation finds: all of them at once.

use monetix_gate::payout::{
    cambodia, colombia, status::StatusRequest, Extra, General, Options, Payment, Reason,
    Value as XValue, Violations,
};
use serde_json::{Map, Value};

use crate::args::{Args, Method};
use crate::fail::{core_error, one_line, Failure};
use crate::input::{ambiguous_data, Secret};

/// A problem found while reading the input, as `path: reason`.
struct Problem {
    path: String,
    reason: &'static str,
}

/// An extra parameter, owned until the request borrows it.
enum Owned {
    Str(String),
    Int(i64),
    Bool(bool),
}

/// The input, flattened into its leaves, read field by field.
struct Fields {
    /// `(dotted path, value)` of every leaf, in document order; a taken
    /// leaf is set to `None`.
    leaves: Vec<(String, Option<Value>)>,
    /// Every path of the input in document order (for sorting the report).
    order: Vec<String>,
    problems: Vec<Problem>,
}

const NOT_A_STRING: &str = "must be a JSON string";
const NOT_AN_INTEGER: &str = "must be a JSON integer (64-bit)";
const NOT_A_U32: &str = "must be a JSON integer from 0 to 4294967295";
const NOT_AN_OBJECT: &str = "must be a JSON object";

impl Fields {
    /// Checks `body` with the core parser, then flattens it.
    fn parse(body: &[u8]) -> Result<Self, Failure> {
        // The core's parser rejects malformed JSON (with the byte offset),
        // duplicate keys (which serde_json would silently collapse), lone
        // surrogates and a top level that is not an object.
        monetix_gate::canonical_len(body).map_err(|e| core_error(e, None))?;
        let root: Map<String, Value> = serde_json::from_slice(body)
            .map_err(|e| Failure::Bad(format!("malformed JSON: {e}")))?;
        let mut fields = Fields {
            leaves: Vec::new(),
            order: Vec::new(),
            problems: Vec::new(),
        };
        fields.flatten("", root);
        Ok(fields)
    }

    fn flatten(&mut self, prefix: &str, object: Map<String, Value>) {
        for (key, value) in object {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            self.order.push(path.clone());
            if key.contains('.') {
                // `.` separates the segments of a path: such a key would be
                // read as nested objects and signed as something else.
                self.problem(path, "a key may not contain `.` (nest objects instead)");
                continue;
            }
            match value {
                Value::Object(inner) => self.flatten(&path, inner),
                leaf => self.leaves.push((path, Some(leaf))),
            }
        }
    }

    fn problem(&mut self, path: String, reason: &'static str) {
        self.problems.push(Problem { path, reason });
    }

    /// Reports a required field as missing, unless its path has a problem
    /// already (an object given in its place).
    fn missing(&mut self, path: &str) {
        if !self.problems.iter().any(|p| p.path == path) {
            self.problem(path.to_owned(), Reason::Missing.as_str());
        }
    }

    /// Takes the leaf at `path`; `null` counts as absent.
    fn take(&mut self, path: &str) -> Option<Value> {
        let found = self
            .leaves
            .iter_mut()
            .find(|(p, v)| p == path && v.is_some())
            .and_then(|(_, v)| v.take());
        match found {
            Some(Value::Null) | None => {
                self.check_not_an_object_of_leaves(path);
                None
            }
            some => some,
        }
    }

    /// A typed leaf given as an object (`"phone": {"x": 1}`) flattens into
    /// leaves below it: report the leaf instead of extras that conflict.
    fn check_not_an_object_of_leaves(&mut self, path: &str) {
        let below = format!("{path}.");
        if self
            .leaves
            .iter()
            .any(|(p, v)| v.is_some() && p.starts_with(&below))
        {
            for (p, v) in &mut self.leaves {
                if p.starts_with(&below) {
                    *v = None;
                }
            }
            self.problem(path.to_owned(), "must be a JSON value, not an object");
        }
    }

    /// A required or optional string field.
    fn string(&mut self, path: &str) -> Option<String> {
        match self.take(path)? {
            Value::String(s) => Some(s),
            _ => {
                self.problem(path.to_owned(), NOT_A_STRING);
                None
            }
        }
    }

    /// A required integer field (i64); absence is reported here, since the
    /// core only sees the default 0.
    fn int(&mut self, path: &str) -> Option<i64> {
        let Some(v) = self.take(path) else {
            self.missing(path);
            return None;
        };
        let n = v.as_i64();
        if n.is_none() {
            self.problem(path.to_owned(), NOT_AN_INTEGER);
        }
        n
    }

    /// A required u32 field (`account.bank_id`).
    fn u32(&mut self, path: &str) -> Option<u32> {
        let Some(v) = self.take(path) else {
            self.missing(path);
            return None;
        };
        let n = v.as_u64().and_then(|n| u32::try_from(n).ok());
        if n.is_none() {
            self.problem(path.to_owned(), NOT_A_U32);
        }
        n
    }

    /// An object path the request needs as an object (`general`, ...) given
    /// as a scalar instead.
    fn object(&mut self, path: &str) {
        if let Some(i) = self
            .leaves
            .iter()
            .position(|(p, v)| p == path && v.as_ref().is_some_and(|v| !v.is_null()))
        {
            if let Some((_, v)) = self.leaves.get_mut(i) {
                *v = None;
            }
            self.problem(path.to_owned(), NOT_AN_OBJECT);
        }
    }

    /// Every leaf not taken, as extra parameters.
    fn extras(&mut self) -> Vec<(String, Owned)> {
        let mut out = Vec::new();
        let leaves = core::mem::take(&mut self.leaves);
        for (path, value) in leaves {
            let owned = match value {
                None => continue,
                Some(Value::String(s)) => Owned::Str(s),
                Some(Value::Bool(b)) => Owned::Bool(b),
                Some(Value::Number(n)) => match n.as_i64() {
                    Some(i) => Owned::Int(i),
                    None => {
                        self.problem(
                            path,
                            "an extra parameter's number must be an integer of 64 bits",
                        );
                        continue;
                    }
                },
                Some(Value::Null) => {
                    self.problem(path, "null is not supported (leave the parameter out)");
                    continue;
                }
                Some(Value::Array(_)) => {
                    self.problem(path, "arrays are not supported as extra parameters");
                    continue;
                }
                Some(Value::Object(_)) => continue, // flattened already
            };
            out.push((path, owned));
        }
        out
    }
}

fn borrow_extras(owned: &[(String, Owned)]) -> Vec<Extra<'_>> {
    owned
        .iter()
        .map(|(path, v)| Extra {
            path,
            value: match v {
                Owned::Str(s) => XValue::Str(s),
                Owned::Int(i) => XValue::Int(*i),
                Owned::Bool(b) => XValue::Bool(*b),
            },
        })
        .collect()
}

/// The longest path a report line shows (in characters); the rest is `...`.
const SHOWN_PATH_CHARS: usize = 200;

/// A path from the input as a report line shows it: control characters
/// escaped (a key with a line break must not make a line of its own, nor
/// send terminal control sequences) and at most [`SHOWN_PATH_CHARS`].
fn shown(path: &str) -> String {
    let mut out = one_line(&path.chars().take(SHOWN_PATH_CHARS).collect::<String>());
    if path.chars().nth(SHOWN_PATH_CHARS).is_some() {
        out.push_str("...");
    }
    out
}

/// The report: the input problems and every core violation on a path not
/// already reported, in body order: the request's typed fields in the order
/// of `typed`, then other paths in input order, then the rest (`extras`).
fn report(f: &Fields, typed: &[&str], violations: &Violations<'_>) -> Vec<String> {
    let mut lines: Vec<(&str, String)> = f
        .problems
        .iter()
        .map(|p| (p.path.as_str(), format!("{}: {}", shown(&p.path), p.reason)))
        .collect();
    for v in violations {
        if !f.problems.iter().any(|p| p.path == v.path) {
            lines.push((v.path, format!("{}: {}", shown(v.path), v.reason)));
        }
    }
    let rank = |path: &str| {
        if let Some(i) = typed.iter().position(|t| *t == path) {
            (0, i)
        } else if let Some(i) = f.order.iter().position(|p| p == path) {
            (1, i)
        } else {
            (2, 0)
        }
    };
    // Stable: lines of one path keep their order.
    lines.sort_by_key(|(path, _)| rank(path));
    lines.into_iter().map(|(_, line)| line).collect()
}

/// The typed fields of a Cambodia payout, in body order.
const CAMBODIA: &[&str] = &[
    "general",
    "general.project_id",
    "general.payment_id",
    "general.merchant_callback_url",
    "customer",
    "customer.id",
    "customer.ip_address",
    "customer.email",
    "customer.phone",
    "account",
    "account.number",
    "account.bank_id",
    "account.branch",
    "account.city",
    "account.province",
    "account.customer_name",
    "payment",
    "payment.currency",
    "payment.amount",
    "payment.description",
];

/// The typed fields of a Colombia payout, in body order.
const COLOMBIA: &[&str] = &[
    "general",
    "general.project_id",
    "general.payment_id",
    "general.merchant_callback_url",
    "customer",
    "customer.id",
    "customer.ip_address",
    "customer.first_name",
    "customer.last_name",
    "customer.email",
    "customer.phone",
    "customer.identify",
    "customer.identify.doc_number",
    "customer.identify.doc_type",
    "account",
    "account.number",
    "account.type",
    "account.bank_id",
    "payment",
    "payment.currency",
    "payment.amount",
    "payment.description",
];

/// The fields of the status request.
const STATUS: &[&str] = &["general", "general.project_id", "general.payment_id"];

/// Reads the `general` object shared by every request.
fn general(f: &mut Fields) -> (i64, String, Option<String>) {
    f.object("general");
    (
        f.int("general.project_id").unwrap_or(0),
        f.string("general.payment_id").unwrap_or_default(),
        f.string("general.merchant_callback_url"),
    )
}

/// Reads the `payment` object of a payout.
fn payment(f: &mut Fields) -> (String, i64, Option<String>) {
    f.object("payment");
    (
        f.string("payment.currency").unwrap_or_default(),
        f.int("payment.amount").unwrap_or(0),
        f.string("payment.description"),
    )
}

/// Signs a validated request body with `sign(signer, buf)`, sizing the
/// buffer with `len`.
fn signed(
    len: usize,
    sign: impl FnOnce(&mut [u8]) -> Result<usize, monetix_gate::Error>,
) -> Result<Vec<u8>, Failure> {
    let mut out = vec![0u8; len + 1];
    let used = sign(&mut out).map_err(|e| core_error(e, None))?;
    out.truncate(used);
    out.push(b'\n');
    Ok(out)
}

/// The endpoint path of `method`.
pub fn endpoint(method: Method) -> &'static str {
    match method {
        Method::Cambodia => cambodia::ENDPOINT,
        Method::Colombia => colombia::ENDPOINT,
    }
}

/// `payout METHOD`: the signed request body, then `\n`.
pub fn payout(
    method: Method,
    body: &[u8],
    args: &Args,
    secret: &Secret,
) -> Result<Vec<u8>, Failure> {
    let mut f = Fields::parse(body)?;
    let opts = Options::new()
        .allow_unlisted_bank(args.allow_unlisted_bank)
        .ambiguous_data(ambiguous_data(args));
    let (project_id, payment_id, callback_url) = general(&mut f);
    match method {
        Method::Cambodia => {
            f.object("customer");
            let id = f.string("customer.id").unwrap_or_default();
            let ip = f.string("customer.ip_address").unwrap_or_default();
            let email = f.string("customer.email").unwrap_or_default();
            let phone = f.string("customer.phone").unwrap_or_default();
            f.object("account");
            let number = f.string("account.number").unwrap_or_default();
            let bank_id = f.u32("account.bank_id").unwrap_or(0);
            let branch = f.string("account.branch");
            let city = f.string("account.city");
            let province = f.string("account.province");
            let customer_name = f.string("account.customer_name").unwrap_or_default();
            let (currency, amount, description) = payment(&mut f);
            let owned = f.extras();
            let extras = borrow_extras(&owned);
            let request = cambodia::Payout {
                general: General {
                    project_id,
                    payment_id: &payment_id,
                    merchant_callback_url: callback_url.as_deref(),
                },
                customer: cambodia::Customer {
                    id: &id,
                    ip_address: &ip,
                    email: &email,
                    phone: &phone,
                },
                account: cambodia::Account {
                    number: &number,
                    bank_id,
                    branch: branch.as_deref(),
                    city: city.as_deref(),
                    province: province.as_deref(),
                    customer_name: &customer_name,
                },
                payment: Payment {
                    currency: &currency,
                    amount,
                    description: description.as_deref(),
                },
                extras: &extras,
            };
            let lines = report(&f, CAMBODIA, &request.validate(opts));
            if !lines.is_empty() {
                return Err(Failure::Invalid(lines));
            }
            let signer = secret.signer(args)?;
            signed(request.encoded_len(), |out| {
                request.sign_with(&signer, out, opts).map(<[u8]>::len)
            })
        }
        Method::Colombia => {
            f.object("customer");
            let id = f.string("customer.id").unwrap_or_default();
            let ip = f.string("customer.ip_address").unwrap_or_default();
            let first_name = f.string("customer.first_name").unwrap_or_default();
            let last_name = f.string("customer.last_name").unwrap_or_default();
            let email = f.string("customer.email").unwrap_or_default();
            let phone = f.string("customer.phone").unwrap_or_default();
            f.object("customer.identify");
            let doc_number = f.string("customer.identify.doc_number").unwrap_or_default();
            let doc_type = f.string("customer.identify.doc_type").unwrap_or_default();
            f.object("account");
            let number = f.string("account.number").unwrap_or_default();
            let kind = f.string("account.type").unwrap_or_default();
            let bank_id = f.u32("account.bank_id").unwrap_or(0);
            let (currency, amount, description) = payment(&mut f);
            let owned = f.extras();
            let extras = borrow_extras(&owned);
            let request = colombia::Payout {
                general: General {
                    project_id,
                    payment_id: &payment_id,
                    merchant_callback_url: callback_url.as_deref(),
                },
                customer: colombia::Customer {
                    id: &id,
                    ip_address: &ip,
                    first_name: &first_name,
                    last_name: &last_name,
                    email: &email,
                    phone: &phone,
                    identify: colombia::Identify {
                        doc_number: &doc_number,
                        doc_type: &doc_type,
                    },
                },
                account: colombia::Account {
                    number: &number,
                    kind: &kind,
                    bank_id,
                },
                payment: Payment {
                    currency: &currency,
                    amount,
                    description: description.as_deref(),
                },
                extras: &extras,
            };
            let lines = report(&f, COLOMBIA, &request.validate(opts));
            if !lines.is_empty() {
                return Err(Failure::Invalid(lines));
            }
            let signer = secret.signer(args)?;
            signed(request.encoded_len(), |out| {
                request.sign_with(&signer, out, opts).map(<[u8]>::len)
            })
        }
    }
}

/// `status`: the signed payment status request body, then `\n`.
pub fn status(body: &[u8], args: &Args, secret: &Secret) -> Result<Vec<u8>, Failure> {
    let mut f = Fields::parse(body)?;
    f.object("general");
    let project_id = f.int("general.project_id").unwrap_or(0);
    let payment_id = f.string("general.payment_id").unwrap_or_default();
    // The status request has no other parameters.
    let rest: Vec<String> = f
        .leaves
        .iter()
        .filter(|(_, v)| v.is_some())
        .map(|(p, _)| p.clone())
        .collect();
    for path in rest {
        f.problem(path, "not a parameter of the status request");
    }
    let request = StatusRequest::new(project_id, &payment_id);
    let lines = report(&f, STATUS, &request.validate_with(ambiguous_data(args)));
    if !lines.is_empty() {
        return Err(Failure::Invalid(lines));
    }
    // The signer carries the same policy, which `sign_with` follows.
    let signer = secret.signer(args)?;
    signed(request.encoded_len(), |out| {
        request.sign_with(&signer, out).map(<[u8]>::len)
    })
}
