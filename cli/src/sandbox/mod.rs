//! `monetix-gate sandbox`: a local Gate for integration tests.
//!
//! It accepts signed payout requests (both methods) and status requests over
//! HTTP on loopback, answers as the platform does, and sends each payout's
//! callbacks, signed as the platform signs them, to the request's
//! `general.merchant_callback_url` (else `--callback-url`), redelivering
//! until a receiver answers HTTP 200. Every rule about the bodies is core's:
//! strict verification ([`Signer::verify`]), the request reader in
//! [`Mode::Received`], [`Signer::sign_as_platform`], reconciliation of every
//! callback it builds against its request ([`reconcile::check`]).
//!
//! The answer codes, the outcome rules and the redelivery schedule are
//! documented in `docs/sandbox-and-batch.md` and in `monetix-gate help sandbox`.

// Core's reader returns its violations by value (core has no heap).
#![allow(clippy::result_large_err)]

use core::net::{IpAddr, SocketAddr};
use core::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use core::time::Duration;
use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use monetix_gate::callback;
use monetix_gate::json::Document;
use monetix_gate::payout::read::{self, Mode, ReadError};
use monetix_gate::payout::{cambodia, colombia, status, Method, Options, Reason, Violations};
use monetix_gate::reconcile::{self, Expected};
use monetix_gate::source::DocumentSource;
use monetix_gate::{ambiguity, Error, Signer};
use serde_json::json;

use crate::args::Args;
use crate::fail::{core_error, Failure};
use crate::input::{ambiguous_data, io_text, Secret};
use crate::payout::read_measured;

mod delivery;
mod http;
mod log;
mod platform;

use delivery::Task;
use log::Log;
use platform::{Payout, Plan, Problem, State};

/// A payout's identity: `general.project_id` and `general.payment_id`.
pub type Key = (i64, String);

/// The default `--listen`.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8090";
/// The default body limit of the sandbox (`--max-body-bytes` overrides it).
pub const DEFAULT_MAX_BODY: u64 = 1024 * 1024;
/// The most connections handled at once; more are answered 503 at once.
pub const MAX_CONNECTIONS: usize = 32;
/// The delay, before scaling, from a pending callback's delivery (or last
/// attempt) to the payout's final state.
pub const SETTLE_DELAY: Duration = Duration::from_secs(10);

/// Answer codes: the platform's published ones, and the sandbox's own.
pub mod code {
    /// Invalid signature (the platform's code).
    pub const INVALID_SIGNATURE: &str = "3261";
    /// Empty signature (the platform's code).
    pub const EMPTY_SIGNATURE: &str = "3262";
    /// Required field not provided, and every other validation failure (the
    /// platform's code for the first; every violation is listed in `errors`).
    pub const INVALID_REQUEST: &str = "2004";
    /// Payment ID already exists (the platform's code).
    pub const DUPLICATE_PAYMENT: &str = "3041";
    /// Sandbox code: not a Gate endpoint, or not `POST`.
    pub const UNKNOWN_ENDPOINT: &str = "1404";
    /// Sandbox code: the request is not a JSON body (malformed JSON, wrong
    /// `Content-Type`, too large, no `Content-Length`, ...).
    pub const MALFORMED: &str = "1400";
    /// Sandbox code: a status request for a payment the sandbox never accepted.
    pub const PAYMENT_NOT_FOUND: &str = "3404";
    /// Sandbox code: the sandbox could not build its answer (a bug).
    pub const INTERNAL: &str = "1500";
}

/// The sandbox's settings, from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    listen: SocketAddr,
    callback_url: Option<String>,
    allow_non_loopback_callbacks: bool,
    time_scale: f64,
    max_attempts: u32,
    max_body: u64,
    opts: Options,
}

impl Config {
    fn from_args(args: &Args) -> Result<Config, Failure> {
        let listen_text = args.listen.as_deref().unwrap_or(DEFAULT_LISTEN);
        let listen: SocketAddr = listen_text.parse().map_err(|_| {
            Failure::Usage(
                "--listen needs an IP address and a port, such as 127.0.0.1:8090 or [::1]:0"
                    .to_owned(),
            )
        })?;
        if !listen.ip().is_loopback() && !args.listen_beyond_loopback {
            return Err(Failure::Usage(
                "--listen: not a loopback address; the sandbox accepts requests from this \
                 machine only unless --listen-beyond-loopback is given (then anyone who can \
                 reach the address can use it)"
                    .to_owned(),
            ));
        }
        if let Some(url) = &args.callback_url {
            check_callback_url(url, args.allow_non_loopback_callbacks)
                .map_err(|why| Failure::Usage(format!("--callback-url: {why}")))?;
        }
        let time_scale = match &args.time_scale {
            None => 1.0,
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && (0.0001..=10.0).contains(f))
                .ok_or_else(|| {
                    Failure::Usage(
                        "--time-scale needs a number from 0.0001 to 10 (0.001 makes 10 s into 10 ms)"
                            .to_owned(),
                    )
                })?,
        };
        let max_attempts = match &args.max_attempts {
            None => delivery::MAX_ATTEMPTS,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=delivery::MAX_ATTEMPTS).contains(n))
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "--max-attempts needs a whole number from 1 to {}",
                        delivery::MAX_ATTEMPTS
                    ))
                })?,
        };
        Ok(Config {
            listen,
            callback_url: args.callback_url.clone(),
            allow_non_loopback_callbacks: args.allow_non_loopback_callbacks,
            time_scale,
            max_attempts,
            max_body: if args.max_body_bytes_given {
                args.max_body_bytes
            } else {
                DEFAULT_MAX_BODY
            },
            opts: Options::new()
                .allow_unlisted_bank(args.allow_unlisted_bank)
                .ambiguous_data(ambiguous_data(args)),
        })
    }

    /// `d` scaled by `--time-scale`.
    pub fn scaled(&self, d: Duration) -> Duration {
        Duration::from_secs_f64(d.as_secs_f64() * self.time_scale)
    }

    /// The scaled [`SETTLE_DELAY`].
    pub fn settle_delay(&self) -> Duration {
        self.scaled(SETTLE_DELAY)
    }
}

/// Whether the sandbox may send callbacks to `url`: plain `http://` (the
/// sandbox has no TLS), and a loopback host (`127.0.0.0/8`, `[::1]`,
/// `localhost`) unless `allow_any`.
pub fn check_callback_url(url: &str, allow_any: bool) -> Result<(), String> {
    let uri: ureq::http::Uri = url
        .parse()
        .map_err(|_| "not a URL (http://127.0.0.1:PORT/PATH)".to_owned())?;
    if uri.scheme_str() != Some("http") {
        return Err(
            "the sandbox sends callbacks over plain http:// only (it has no TLS)".to_owned(),
        );
    }
    let host = uri.host().unwrap_or("");
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if host.is_empty() {
        return Err("the URL has no host".to_owned());
    }
    if !loopback && !allow_any {
        return Err(
            "not a loopback address; the sandbox sends callbacks to this machine only unless \
             --allow-non-loopback-callbacks is given"
                .to_owned(),
        );
    }
    Ok(())
}

/// What every thread shares.
pub struct Shared {
    config: Config,
    signer: Signer,
    log: Log,
    payouts: Mutex<HashMap<Key, Payout>>,
    next_operation: AtomicU64,
    tasks: Mutex<Sender<(Instant, Task)>>,
    started: u64,
}

impl Shared {
    fn lock_payouts(&self) -> MutexGuard<'_, HashMap<Key, Payout>> {
        // A poisoned lock means a handler panicked: the map itself is whole.
        match self.payouts.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn schedule(&self, due: Instant, task: Task) {
        let sender = match self.tasks.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        // The receiver lives as long as the delivery thread, which outlives
        // every handler but the ones still running at shutdown.
        let _ = sender.send((due, task));
    }

    /// Builds, signs, checks and logs the callback of `p`'s current state;
    /// returns its first delivery (none without a callback URL). A pending
    /// payout without one settles after the delay all the same.
    fn send_callback(&self, p: &Payout) -> Option<(Instant, Task)> {
        let key: Key = (p.project_id, p.payment_id.clone());
        let body = match platform::sign(&self.signer, &platform::callback(p)) {
            Ok(body) => body,
            Err(e) => {
                self.log.event(
                    "error",
                    json!({"payment_id": p.payment_id, "error": format!("cannot sign the callback: {e}")}),
                );
                return None;
            }
        };
        let mismatches = self.reconcile(p, &body);
        self.log.event(
            "callback",
            json!({
                "project_id": p.project_id,
                "payment_id": p.payment_id,
                "operation_id": p.operation_id,
                "state": p.state.as_str(),
                "url": p.callback_url,
                "bytes": body.len(),
                "reconciled": mismatches.is_empty(),
                "mismatches": mismatches,
            }),
        );
        match &p.callback_url {
            Some(url) => Some((
                Instant::now(),
                Task::Deliver {
                    key,
                    attempt: 1,
                    body: Arc::new(body),
                    url: url.clone(),
                    state: p.state,
                },
            )),
            None if p.state == State::Processing => Some((
                Instant::now() + self.config.settle_delay(),
                Task::Settle { key },
            )),
            None => None,
        }
    }

    /// The callback read back by core (verified strictly) and reconciled
    /// with the request: the mismatches, each as `path: expected X, found Y`
    /// (none, unless the sandbox has a bug).
    fn reconcile(&self, p: &Payout, body: &[u8]) -> Vec<String> {
        let mut scratch = vec![0u8; body.len()];
        match callback::parse_with_signer(
            body,
            &self.signer,
            monetix_gate::Mode::Strict,
            &mut scratch,
        ) {
            Ok(cb) => {
                let expected = Expected::new(p.project_id, &p.payment_id, p.amount, &p.currency);
                reconcile::check(&cb.into(), &expected)
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            }
            Err(e) => vec![format!("the callback does not read back: {e}")],
        }
    }
}

/// An answer: HTTP status, JSON body, and what the log says about it.
struct Answer {
    status: u16,
    body: Vec<u8>,
    code: Option<String>,
    payment: Option<Key>,
}

impl Answer {
    fn error(status: u16, code: &str, message: &str, problems: &[Problem]) -> Answer {
        Answer {
            status,
            body: platform::error(code, message, problems)
                .to_string()
                .into_bytes(),
            code: Some(code.to_owned()),
            payment: None,
        }
    }

    fn for_payment(mut self, key: Key) -> Answer {
        self.payment = Some(key);
        self
    }
}

/// The endpoints: a payout method, or the status request.
#[derive(Clone, Copy)]
enum Endpoint {
    Payout(Method),
    Status,
}

fn endpoint(path: &str) -> Option<Endpoint> {
    if path == status::ENDPOINT {
        return Some(Endpoint::Status);
    }
    Method::ALL
        .into_iter()
        .find(|m| m.endpoint() == path)
        .map(Endpoint::Payout)
}

/// `application/json`, any case, with no `charset` or `charset=utf-8`.
fn json_content_type(value: Option<&str>) -> bool {
    let Some(value) = value else { return false };
    let mut parts = value.split(';');
    if !parts
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    {
        return false;
    }
    parts.all(|p| match p.split_once('=') {
        Some((name, arg)) if name.trim().eq_ignore_ascii_case("charset") => {
            let arg = arg.trim().trim_matches('"');
            arg.eq_ignore_ascii_case("utf-8") || arg.eq_ignore_ascii_case("utf8")
        }
        _ => true,
    })
}

/// Core's violations as `errors[]` items: the path, and the message without
/// the path in front.
fn problems(violations: &Violations<'_>) -> Vec<Problem> {
    violations
        .iter()
        .map(|v| {
            let text = v.to_string();
            let message = text
                .strip_prefix(&format!("{}: ", v.path))
                .unwrap_or(&text)
                .to_owned();
            let field = if v.reason == Reason::More {
                String::new()
            } else {
                v.path.to_owned()
            };
            Problem { field, message }
        })
        .collect()
}

/// The message and `errors[]` of a body the sandbox cannot take as JSON.
fn malformed(e: Error) -> Answer {
    let text = core_error(e, None).lines().join("; ");
    Answer::error(
        400,
        code::MALFORMED,
        &format!("the body is not valid JSON: {text}"),
        &[],
    )
}

impl Shared {
    /// Answers one request.
    fn route(&self, req: &http::Request) -> Answer {
        let Some(endpoint) = endpoint(&req.path) else {
            return Answer::error(404, code::UNKNOWN_ENDPOINT, "unknown endpoint", &[]);
        };
        if req.method != "POST" {
            return Answer::error(
                405,
                code::UNKNOWN_ENDPOINT,
                "the endpoint takes POST only",
                &[],
            );
        }
        if !json_content_type(req.content_type.as_deref()) {
            return Answer::error(
                415,
                code::MALFORMED,
                "Content-Type must be application/json (charset utf-8)",
                &[],
            );
        }
        let body = req.body.as_slice();
        // The body parses (core's limits), and carries a non-empty signature.
        let signature_state = Document::<'_>::parse(body)
            .map(|doc: Document<'_>| doc.signature_member().map(|v| v.str_len() == Some(0)));
        match signature_state {
            Err(e) => return malformed(e),
            Ok(None) | Ok(Some(true)) => {
                return Answer::error(
                    400,
                    code::EMPTY_SIGNATURE,
                    "Empty signature",
                    &[Problem {
                        field: "general.signature".to_owned(),
                        message: "the request carries no signature".to_owned(),
                    }],
                )
            }
            Ok(Some(false)) => {}
        }
        match self.signer.verify(body, monetix_gate::Mode::Strict) {
            Ok(_) => {}
            Err(e @ Error::Ambiguous { .. }) => {
                let mut out = vec![0u8; 512];
                let path = ambiguity::path(body, &e, &mut out).unwrap_or("").to_owned();
                let rule = match e {
                    Error::Ambiguous { reason, .. } => reason.to_string(),
                    _ => String::new(),
                };
                return Answer::error(
                    400,
                    code::INVALID_REQUEST,
                    "Invalid request: ambiguous signed data",
                    &[Problem {
                        field: path,
                        message: rule,
                    }],
                );
            }
            Err(Error::SignatureMismatch | Error::SignatureNotString) => {
                return Answer::error(
                    400,
                    code::INVALID_SIGNATURE,
                    "Invalid signature",
                    &[Problem {
                        field: "general.signature".to_owned(),
                        message: "the signature does not match the request".to_owned(),
                    }],
                )
            }
            Err(Error::MissingSignature) => {
                return Answer::error(400, code::EMPTY_SIGNATURE, "Empty signature", &[])
            }
            Err(e) => return malformed(e),
        }
        match endpoint {
            Endpoint::Status => self.status(body),
            Endpoint::Payout(method) => self.payout(method, body),
        }
    }

    /// A verified payout request: read, checked, accepted or refused.
    fn payout(&self, method: Method, body: &[u8]) -> Answer {
        let doc: Document<'_> = match Document::parse(body) {
            Ok(doc) => doc,
            Err(e) => return malformed(e),
        };
        let src = DocumentSource::new(&doc);
        let opts = self.config.opts;
        let mut scratch = Vec::new();
        let read = match method {
            Method::Cambodia => read_measured(&mut scratch, |s| {
                read::cambodia(&src, Mode::Received, opts, s)
            })
            .map(|r| {
                let p: cambodia::Payout<'_> = r.payout();
                (
                    p.general.project_id,
                    p.general.payment_id.to_owned(),
                    p.general.merchant_callback_url.map(str::to_owned),
                    p.customer.id.to_owned(),
                    p.payment.amount,
                    p.payment.currency.to_owned(),
                    p.payment.description.map(str::to_owned),
                )
            }),
            Method::Colombia => read_measured(&mut scratch, |s| {
                read::colombia(&src, Mode::Received, opts, s)
            })
            .map(|r| {
                let p: colombia::Payout<'_> = r.payout();
                (
                    p.general.project_id,
                    p.general.payment_id.to_owned(),
                    p.general.merchant_callback_url.map(str::to_owned),
                    p.customer.id.to_owned(),
                    p.payment.amount,
                    p.payment.currency.to_owned(),
                    p.payment.description.map(str::to_owned),
                )
            }),
        };
        let (project_id, payment_id, own_url, customer_id, amount, currency, description) =
            match read {
                Ok(fields) => fields,
                Err(ReadError::Invalid(violations)) => {
                    return Answer::error(
                        400,
                        code::INVALID_REQUEST,
                        "Invalid request",
                        &problems(&violations),
                    )
                }
                Err(ReadError::Error(e)) => return malformed(e),
            };
        let key: Key = (project_id, payment_id.clone());
        let callback_url = own_url.clone().or_else(|| self.config.callback_url.clone());
        if let Some(url) = &own_url {
            if let Err(why) = check_callback_url(url, self.config.allow_non_loopback_callbacks) {
                return Answer::error(
                    400,
                    code::INVALID_REQUEST,
                    "Invalid request",
                    &[Problem {
                        field: "general.merchant_callback_url".to_owned(),
                        message: format!("the sandbox cannot send callbacks there: {why}"),
                    }],
                )
                .for_payment(key);
            }
        }
        let now = SystemTime::now();
        let operation_id = self.next_operation.fetch_add(1, Ordering::Relaxed);
        let plan = Plan::for_amount(amount);
        let payout = Payout {
            method,
            project_id,
            payment_id,
            customer_id,
            amount,
            currency,
            description,
            callback_url,
            operation_id,
            request_id: request_id(self.started, operation_id),
            created: now,
            plan,
            state: plan.first_state(),
            updated: now,
        };
        {
            let mut payouts = self.lock_payouts();
            if payouts.contains_key(&key) {
                drop(payouts);
                return Answer::error(
                    400,
                    code::DUPLICATE_PAYMENT,
                    "Payment ID already exists",
                    &[Problem {
                        field: "general.payment_id".to_owned(),
                        message: "a payment with this ID already exists in the project".to_owned(),
                    }],
                )
                .for_payment(key);
            }
            payouts.insert(key.clone(), payout.clone());
        }
        self.log.event(
            "accepted",
            json!({
                "method": method.name(),
                "project_id": payout.project_id,
                "payment_id": payout.payment_id,
                "amount": payout.amount,
                "currency": payout.currency,
                "operation_id": payout.operation_id,
                "plan": plan.as_str(),
                "callback_url": payout.callback_url,
            }),
        );
        if let Some((due, task)) = self.send_callback(&payout) {
            self.schedule(due, task);
        }
        Answer {
            status: 200,
            body: platform::acknowledgement(&payout).to_string().into_bytes(),
            code: None,
            payment: Some(key),
        }
    }

    /// A verified status request: the payout's current state, signed.
    fn status(&self, body: &[u8]) -> Answer {
        let doc: Document<'_> = match Document::parse(body) {
            Ok(doc) => doc,
            Err(e) => return malformed(e),
        };
        let src = DocumentSource::new(&doc);
        let opts = self.config.opts;
        let mut scratch = Vec::new();
        let key: Key = match read_measured(&mut scratch, |s| {
            read::status(&src, Mode::Received, opts, s)
        }) {
            Ok(r) => {
                let request = r.request();
                (request.project_id, request.payment_id.to_owned())
            }
            Err(ReadError::Invalid(violations)) => {
                return Answer::error(
                    400,
                    code::INVALID_REQUEST,
                    "Invalid request",
                    &problems(&violations),
                )
            }
            Err(ReadError::Error(e)) => return malformed(e),
        };
        let payout = self.lock_payouts().get(&key).cloned();
        let Some(payout) = payout else {
            return Answer::error(
                404,
                code::PAYMENT_NOT_FOUND,
                "Payment not found",
                &[Problem {
                    field: "general.payment_id".to_owned(),
                    message: "no payment with this ID in the project".to_owned(),
                }],
            )
            .for_payment(key);
        };
        match platform::sign(&self.signer, &platform::status_response(&payout)) {
            Ok(body) => Answer {
                status: 200,
                body,
                code: None,
                payment: Some(key),
            },
            Err(e) => Answer::error(
                500,
                code::INTERNAL,
                &format!("cannot sign the answer: {e}"),
                &[],
            )
            .for_payment(key),
        }
    }
}

/// A request ID like the seed's (15 hexadecimal digits), unique per
/// operation of a sandbox run.
fn request_id(started: u64, operation_id: u64) -> String {
    // splitmix64 of the start time and the operation.
    let mut z = started ^ operation_id.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    format!("{:015x}", z >> 4)
}

/// Serves one connection: one request, one answer, both logged.
fn serve(shared: &Shared, mut stream: TcpStream) {
    let _ = stream.set_nonblocking(false);
    let remote = http::peer(&stream);
    let answer = match http::read_request(&mut stream, shared.config.max_body) {
        Err(http::Refusal::Gone(why)) => {
            shared.log.event(
                "connection_closed",
                json!({"remote": remote, "reason": why}),
            );
            return;
        }
        Err(http::Refusal::Answer(status, message)) => {
            shared.log.event(
                "request",
                json!({"remote": remote, "method": null, "path": null, "bytes": null}),
            );
            let answer = Answer::error(status, code::MALFORMED, &message, &[]);
            respond(shared, &mut stream, &remote, &answer);
            http::drain(&mut stream);
            return;
        }
        Ok(req) => {
            shared.log.event(
                "request",
                json!({
                    "remote": remote,
                    "method": req.method,
                    "path": req.path,
                    "content_type": req.content_type,
                    "bytes": req.body.len(),
                }),
            );
            shared.route(&req)
        }
    };
    respond(shared, &mut stream, &remote, &answer);
}

fn respond(shared: &Shared, stream: &mut TcpStream, remote: &str, answer: &Answer) {
    let written = http::write_response(stream, answer.status, &answer.body);
    shared.log.event(
        "answer",
        json!({
            "remote": remote,
            "http_status": answer.status,
            "code": answer.code,
            "project_id": answer.payment.as_ref().map(|k| k.0),
            "payment_id": answer.payment.as_ref().map(|k| k.1.clone()),
            "bytes": answer.body.len(),
            "error": written.err().map(|e| io_text(&e)),
        }),
    );
}

/// Counts a connection while its thread runs.
struct Active(Arc<AtomicUsize>);

impl Drop for Active {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `monetix-gate sandbox`: runs until SIGINT or SIGTERM.
pub fn run(args: &Args, secret: &Secret) -> Result<Vec<u8>, Failure> {
    let config = Config::from_args(args)?;
    let signer = secret.signer(args)?;
    let log_out: Box<dyn Write + Send> = match &args.log {
        Some(path) => Box::new(
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| {
                    Failure::Bad(format!("cannot open the --log file: {}", io_text(&e)))
                })?,
        ),
        None => Box::new(io::stderr()),
    };
    let listener = TcpListener::bind(config.listen).map_err(|e| {
        Failure::Bad(format!(
            "cannot listen on the --listen address: {}",
            io_text(&e)
        ))
    })?;
    let bound = listener
        .local_addr()
        .map_err(|e| Failure::Bad(format!("cannot read the bound address: {}", io_text(&e))))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Failure::Bad(format!("cannot set up the listener: {}", io_text(&e))))?;

    // SIGINT/SIGTERM set `stop`; a second one while stopping exits at once (status 1).
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&stop))
            .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&stop)))
            .map_err(|e| Failure::Bad(format!("cannot handle signals: {}", io_text(&e))))?;
    }

    let (sender, receiver) = mpsc::channel();
    let shared = Arc::new(Shared {
        config,
        signer,
        log: Log::new(log_out),
        payouts: Mutex::new(HashMap::new()),
        next_operation: AtomicU64::new(1),
        tasks: Mutex::new(sender),
        started: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| {
            u64::try_from(d.as_nanos() & u128::from(u64::MAX)).unwrap_or(0)
        }),
    });

    // The first line on stdout: where to send requests.
    {
        let mut out = io::stdout().lock();
        writeln!(out, "http://{bound}")
            .and_then(|()| out.flush())
            .map_err(|e| {
                Failure::Output(format!("cannot write to standard output: {}", io_text(&e)))
            })?;
    }
    shared.log.event(
        "listening",
        json!({
            "address": bound.to_string(),
            "callback_url": shared.config.callback_url,
            "time_scale": shared.config.time_scale,
            "max_attempts": shared.config.max_attempts,
            "max_body_bytes": shared.config.max_body,
        }),
    );

    let delivery_stop = Arc::new(AtomicBool::new(false));
    let delivery = {
        let shared = Arc::clone(&shared);
        let delivery_stop = Arc::clone(&delivery_stop);
        std::thread::Builder::new()
            .name("delivery".to_owned())
            .spawn(move || delivery::run(&shared, &receiver, &delivery_stop))
            .map_err(|e| Failure::Bad(format!("cannot start a thread: {}", io_text(&e))))?
    };

    let active = Arc::new(AtomicUsize::new(0));
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((mut stream, _)) => {
                if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                    let _ = stream.set_nonblocking(false);
                    let answer = Answer::error(503, code::MALFORMED, "too many connections", &[]);
                    let remote = http::peer(&stream);
                    respond(&shared, &mut stream, &remote, &answer);
                    continue;
                }
                active.fetch_add(1, Ordering::SeqCst);
                let guard = Active(Arc::clone(&active));
                let worker = Arc::clone(&shared);
                let spawned = std::thread::Builder::new()
                    .name("connection".to_owned())
                    .spawn(move || {
                        let _guard = guard;
                        serve(&worker, stream);
                    });
                if let Err(e) = spawned {
                    shared.log.event(
                        "error",
                        json!({"error": format!("cannot start a thread: {}", io_text(&e))}),
                    );
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => {
                shared
                    .log
                    .event("accept_error", json!({"error": io_text(&e)}));
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    shared.log.event(
        "stopping",
        json!({"connections": active.load(Ordering::SeqCst)}),
    );
    drop(listener);
    delivery_stop.store(true, Ordering::SeqCst);
    let _ = delivery.join();
    // Connections in progress get a moment to finish (each is bounded by
    // the request deadline; the process does not wait for more).
    let until = Instant::now() + Duration::from_secs(3);
    while active.load(Ordering::SeqCst) > 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    shared.log.event(
        "stopped",
        json!({"payouts": shared.lock_payouts().len(), "connections_left": active.load(Ordering::SeqCst)}),
    );
    Ok(Vec::new())
}
