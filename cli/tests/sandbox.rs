//! `monetix-gate sandbox` over real HTTP on 127.0.0.1: answers and their
//! codes, callbacks and their redelivery, the status answer, hostile input
//! (part of tests/hostile/cases.json, huge and malformed requests), and a
//! clean stop on SIGTERM. Every wait is bounded; the sandbox is killed by its
//! own handle when a test ends, whatever happens.

mod common;

use core::time::Duration;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use common::{example, gate, temp_dir, wait_at_most, BIN};
use serde_json::Value;

const CAMBODIA: &str = "/v2/payment/banks/cambodia/payout";
const STATUS: &str = "/v2/payment/status";

/// A running sandbox; killed when dropped.
struct Sandbox {
    child: Child,
    addr: String,
    log: PathBuf,
}

impl Sandbox {
    fn start(extra: &[&str]) -> Sandbox {
        let log = temp_dir().join("sandbox.log");
        let mut child = Command::new(BIN)
            .args(["sandbox", "--listen", "127.0.0.1:0", "--log"])
            .arg(&log)
            .args(extra)
            .env("MONETIX_SECRET", "secret")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the sandbox printed no address within 20 s");
            }
        };
        let addr = line
            .trim()
            .strip_prefix("http://")
            .unwrap_or_else(|| panic!("first line {line:?}"))
            .to_owned();
        Sandbox { child, addr, log }
    }

    fn log_lines(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("log line {l:?}: {e}")))
            .collect()
    }

    /// Waits (at most 20 s) until the log has a line for which `want` holds.
    fn wait_for_log(&self, what: &str, want: impl Fn(&Value) -> bool) -> Value {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(line) = self.log_lines().into_iter().find(|l| want(l)) {
                return line;
            }
            assert!(
                Instant::now() < until,
                "no log line {what}: {:#?}",
                self.log_lines()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn post(&self, path: &str, body: &[u8]) -> Answer {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        self.raw(&[head.as_bytes(), body].concat())
    }

    /// Sends `bytes` as they are and reads the answer to its end.
    fn raw(&self, bytes: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        stream
            .set_write_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        // The sandbox may answer (413, 431) before reading everything.
        let _ = stream.write_all(bytes);
        read_answer(&mut stream)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// Asserts an error answer with `status` and `code`; returns the body.
    #[track_caller]
    fn error(&self, status: u16, code: &str) -> Value {
        let v = self.json();
        assert_eq!(
            (self.status, v["status"].as_str(), v["code"].as_str()),
            (status, Some("error"), Some(code)),
            "{v}"
        );
        assert!(v["message"].is_string() && v["errors"].is_array(), "{v}");
        v
    }
}

fn read_answer(stream: &mut TcpStream) -> Answer {
    let mut data = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => data.extend_from_slice(&chunk[..n]),
            // A reset after the whole answer arrived is fine.
            Err(_) if data.windows(4).any(|w| w == b"\r\n\r\n") => break,
            Err(e) => panic!("reading the answer: {e}"),
        }
    }
    let text = String::from_utf8_lossy(&data).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {text:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("status line {head:?}"));
    Answer {
        status,
        body: body.as_bytes().to_vec(),
    }
}

/// A signed Cambodia payout: the seed request with this payment ID, amount
/// and callback URL.
fn payout(payment_id: &str, amount: i64, callback: Option<&str>) -> Vec<u8> {
    let mut fields: Value =
        serde_json::from_slice(&std::fs::read(example("cambodia-request.json")).expect("seed"))
            .expect("seed JSON");
    fields["general"]["payment_id"] = Value::from(payment_id);
    fields["payment"]["amount"] = Value::from(amount);
    if let Some(url) = callback {
        fields["general"]["merchant_callback_url"] = Value::from(url);
    }
    let out = gate(&["payout", "cambodia"])
        .stdin(fields.to_string())
        .secret("secret")
        .run();
    out.ok().trim_end().as_bytes().to_vec()
}

fn status_request(payment_id: &str) -> Vec<u8> {
    let fields = format!(r#"{{"general":{{"project_id":1234,"payment_id":"{payment_id}"}}}}"#);
    let out = gate(&["status"]).stdin(fields).secret("secret").run();
    out.ok().trim_end().as_bytes().to_vec()
}

/// A callback receiver on 127.0.0.1: answers the statuses of `plan` in turn
/// (200 once it runs out) and keeps every body.
struct Receiver {
    url: String,
    bodies: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Receiver {
    fn start(plan: &[u16]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/callback", listener.local_addr().expect("addr"));
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&bodies);
        let plan = plan.to_vec();
        std::thread::spawn(move || {
            // Bounded: at most 50 connections, then the thread ends.
            for (i, stream) in listener.incoming().take(50).enumerate() {
                let Ok(mut stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let body = read_request_body(&mut stream);
                kept.lock().expect("lock").push(body);
                let status = plan.get(i).copied().unwrap_or(200);
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
                );
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        Receiver { url, bodies }
    }

    fn wait_for(&self, n: usize) -> Vec<Vec<u8>> {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            let bodies = self.bodies.lock().expect("lock").clone();
            if bodies.len() >= n {
                return bodies;
            }
            assert!(
                Instant::now() < until,
                "{} of {n} callbacks arrived",
                bodies.len()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn read_request_body(stream: &mut TcpStream) -> Vec<u8> {
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        data.extend_from_slice(&chunk[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + len {
                return data[end + 4..end + 4 + len].to_vec();
            }
        }
    }
    Vec::new()
}

fn callback_view(body: &[u8]) -> (String, Option<String>, i64, String) {
    let mut scratch = vec![0u8; body.len()];
    let cb =
        monetix_gate::callback::parse(body, b"secret", monetix_gate::Mode::Strict, &mut scratch)
            .expect("the callback verifies strictly");
    let sum = cb.payment.and_then(|p| p.sum).expect("payment.sum");
    (
        cb.outcome().as_str().to_owned(),
        cb.payment.and_then(|p| p.id).map(str::to_owned),
        sum.amount.expect("amount"),
        sum.currency.expect("currency").to_owned(),
    )
}

#[test]
fn accepted_then_callback_then_status_then_duplicate() {
    let receiver = Receiver::start(&[]);
    let sandbox = Sandbox::start(&["--time-scale", "0.001"]);
    let body = payout("e2e_ok", 5_000_000, Some(&receiver.url));
    let answer = sandbox.post(CAMBODIA, &body);
    let ack = answer.json();
    assert_eq!(answer.status, 200, "{ack}");
    assert_eq!(ack["status"], "success");
    assert_eq!(ack["project_id"], 1234);
    assert_eq!(ack["payment_id"], "e2e_ok");
    assert_eq!(ack["request_id"].as_str().map(str::len), Some(15), "{ack}");
    // What core reads from the acknowledgement.
    let mut scratch = vec![0u8; answer.body.len()];
    let view = monetix_gate::response::parse_unsigned_acknowledgement(&answer.body, &mut scratch)
        .expect("ack");
    assert!(view.is_accepted());

    let bodies = receiver.wait_for(1);
    assert_eq!(
        callback_view(&bodies[0]),
        (
            "final_success".to_owned(),
            Some("e2e_ok".to_owned()),
            5_000_000,
            "KHR".to_owned()
        )
    );
    let log = sandbox.wait_for_log("callback", |l| l["event"] == "callback");
    assert_eq!(log["reconciled"], true, "{log}");

    let status = sandbox.post(STATUS, &status_request("e2e_ok"));
    assert_eq!(status.status, 200);
    let mut scratch = vec![0u8; status.body.len()];
    let view = monetix_gate::response::parse_status_response(
        &status.body,
        &monetix_gate::Signer::new(b"secret").expect("signer"),
        monetix_gate::Mode::Strict,
        &mut scratch,
    )
    .expect("the status answer verifies");
    assert_eq!(
        view.outcome(),
        monetix_gate::callback::Outcome::FinalSuccess
    );

    sandbox.post(CAMBODIA, &body).error(400, "3041");
    sandbox
        .post(STATUS, &status_request("nobody"))
        .error(404, "3404");
}

#[test]
fn refusals_and_their_codes() {
    let sandbox = Sandbox::start(&[]);
    let body = payout("codes", 100, None);
    let text = String::from_utf8(body.clone()).expect("UTF-8");

    let tampered = text.replace("\"amount\":100", "\"amount\":1000");
    let v = sandbox
        .post(CAMBODIA, tampered.as_bytes())
        .error(400, "3261");
    assert_eq!(v["errors"][0]["field"], "general.signature");

    let sig_start = text.find("\"signature\":\"").expect("signature") + 13;
    let empty = format!("{}{}", &text[..sig_start], &text[sig_start + 88..]);
    sandbox.post(CAMBODIA, empty.as_bytes()).error(400, "3262");
    let fields = std::fs::read(example("cambodia-request.json")).expect("seed");
    sandbox.post(CAMBODIA, &fields).error(400, "3262");

    // Validation: every violation listed (a request signed with sign-body,
    // which checks nothing but ambiguity).
    let bad = r#"{"general":{"project_id":1234,"payment_id":"v1"},"customer":{"id":"c","ip_address":"nope","email":"x","phone":"+1"},"account":{"number":"1","bank_id":61021,"customer_name":"A"},"payment":{"currency":"KHR"}}"#;
    let signed = gate(&["sign-body"]).stdin(bad).secret("secret").run();
    let v = sandbox
        .post(CAMBODIA, signed.ok().trim_end().as_bytes())
        .error(400, "2004");
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    assert_eq!(
        fields,
        [
            "payment.amount",
            "customer.ip_address",
            "customer.email",
            "customer.phone"
        ],
        "{v}"
    );
    assert_eq!(v["errors"][0]["message"], "required", "{v}");

    // Ambiguous data: refused before the signature is compared.
    let ambiguous = r#"{"general":{"project_id":1234,"payment_id":"a;b:c"}}"#;
    let signed = gate(&["sign-body", "--allow-ambiguous"])
        .stdin(ambiguous)
        .secret("secret")
        .run();
    let v = sandbox
        .post(STATUS, signed.ok().trim_end().as_bytes())
        .error(400, "2004");
    assert_eq!(v["errors"][0]["field"], "general.payment_id", "{v}");

    // A callback URL beyond loopback.
    let far = payout("far", 100, Some("http://192.0.2.1/cb"));
    let v = sandbox.post(CAMBODIA, &far).error(400, "2004");
    assert_eq!(
        v["errors"][0]["field"], "general.merchant_callback_url",
        "{v}"
    );

    // Transport.
    sandbox
        .post("/v2/payment/unknown", &body)
        .error(404, "1404");
    let get = sandbox.raw(format!("GET {CAMBODIA} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
    get.error(405, "1404");
    let plain = format!(
        "POST {CAMBODIA} HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{text}",
        text.len()
    );
    sandbox.raw(plain.as_bytes()).error(415, "1400");
    sandbox.post(CAMBODIA, b"{\"general\":").error(400, "1400");
    sandbox.post(CAMBODIA, b"\xff\xfe").error(400, "1400");
    let no_length = format!("POST {CAMBODIA} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n");
    sandbox.raw(no_length.as_bytes()).error(411, "1400");
    let chunked = format!("POST {CAMBODIA} HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n");
    sandbox.raw(chunked.as_bytes()).error(501, "1400");
    let two = format!("POST {CAMBODIA} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{{}}");
    sandbox.raw(two.as_bytes()).error(400, "1400");
    sandbox.raw(b"\x00\x01garbage\r\n\r\n").error(400, "1400");

    // Still serving.
    assert_eq!(sandbox.post(CAMBODIA, &body).status, 200);
}

#[test]
fn huge_and_slow_requests_are_bounded() {
    let sandbox = Sandbox::start(&["--max-body-bytes", "65536"]);
    // A body over the limit: refused from its Content-Length, unread.
    let huge = vec![b' '; 2 << 20];
    sandbox.post(CAMBODIA, &huge).error(413, "1400");
    // A declared length of petabytes.
    let lie = format!("POST {CAMBODIA} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n\r\n");
    sandbox.raw(lie.as_bytes()).error(413, "1400");
    // Headers beyond 16 KiB, and too many headers.
    let long = format!(
        "POST {CAMBODIA} HTTP/1.1\r\nX-Long: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    sandbox.raw(long.as_bytes()).error(431, "1400");
    let many: String = (0..100).map(|i| format!("X-{i}: y\r\n")).collect();
    sandbox
        .raw(format!("POST {CAMBODIA} HTTP/1.1\r\n{many}\r\n").as_bytes())
        .error(431, "1400");
    // A body shorter than its Content-Length, then silence: 408 after the
    // per-read timeout (5 s), not a stuck thread.
    let start = Instant::now();
    let short = format!("POST {CAMBODIA} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{");
    sandbox.raw(short.as_bytes()).error(408, "1400");
    assert!(start.elapsed() < Duration::from_secs(15));
    // A client that connects and says nothing, while others are served.
    let idle = TcpStream::connect(&sandbox.addr).expect("connect");
    assert_eq!(
        sandbox.post(CAMBODIA, &payout("after", 100, None)).status,
        200
    );
    drop(idle);
}

#[test]
fn hostile_catalogue_bodies_get_error_answers() {
    let manifest: Value =
        serde_json::from_str(include_str!("../../tests/hostile/cases.json")).expect("manifest");
    let sandbox = Sandbox::start(&["--max-body-bytes", "2000000"]);
    let mut sent = 0;
    for case in manifest["cases"].as_array().expect("cases") {
        let Some(spec) = case.get("body") else {
            continue;
        };
        // The literal and small generated bodies (the huge ones: above).
        let body = match (spec.get("text"), spec.get("repeat"), spec.get("n")) {
            (Some(t), _, _) => t.as_str().expect("text").as_bytes().to_vec(),
            (None, Some(r), Some(n)) if n.as_u64().is_some_and(|n| n <= 20_000) => r
                .as_str()
                .expect("repeat")
                .repeat(usize::try_from(n.as_u64().unwrap_or(0)).unwrap_or(0))
                .into_bytes(),
            _ => continue,
        };
        let expected = case["expect"]["error"].as_str().unwrap_or("");
        let answer = sandbox.post(CAMBODIA, &body);
        let v = answer.json();
        assert_eq!(v["status"], "error", "{}: {v}", case["name"]);
        let code = v["code"].as_str().unwrap_or("");
        assert!(
            ["1400", "2004", "3261", "3262"].contains(&code),
            "{}: {v}",
            case["name"]
        );
        if matches!(
            expected,
            "MALFORMED_JSON"
                | "INVALID_UTF8_BODY"
                | "LONE_SURROGATE"
                | "NOT_AN_OBJECT"
                | "DUPLICATE_KEY"
                | "TOO_DEEP"
                | "TOO_MANY_VALUES"
                | "NUMBER_OUT_OF_RANGE"
        ) {
            assert_eq!(
                (answer.status, code),
                (400, "1400"),
                "{}: {v}",
                case["name"]
            );
        }
        sent += 1;
    }
    assert!(sent > 100, "only {sent} catalogue bodies sent");
    // Still serving.
    assert_eq!(
        sandbox
            .post(CAMBODIA, &payout("survivor", 100, None))
            .status,
        200
    );
}

#[test]
fn a_callback_not_answered_200_is_redelivered_then_given_up() {
    let receiver = Receiver::start(&[500, 500]);
    let stubborn = Receiver::start(&[500; 50]);
    let sandbox = Sandbox::start(&["--time-scale", "0.001", "--max-attempts", "4"]);
    assert_eq!(
        sandbox
            .post(CAMBODIA, &payout("retry", 5_000_000, Some(&receiver.url)))
            .status,
        200
    );
    let bodies = receiver.wait_for(3);
    assert!(
        bodies.iter().all(|b| *b == bodies[0]),
        "every delivery is the same body"
    );
    let results: Vec<String> = {
        sandbox.wait_for_log("delivered", |l| {
            l["event"] == "callback_attempt" && l["result"] == "delivered"
        });
        sandbox
            .log_lines()
            .iter()
            .filter(|l| l["event"] == "callback_attempt" && l["payment_id"] == "retry")
            .map(|l| format!("{} {} {}", l["attempt"], l["http_status"], l["result"]))
            .collect()
    };
    assert_eq!(
        results,
        ["1 500 \"retry\"", "2 500 \"retry\"", "3 200 \"delivered\""]
    );

    assert_eq!(
        sandbox
            .post(CAMBODIA, &payout("never", 5_000_000, Some(&stubborn.url)))
            .status,
        200
    );
    sandbox.wait_for_log("gave up", |l| {
        l["payment_id"] == "never" && l["result"] == "gave_up"
    });
    let attempts = sandbox
        .log_lines()
        .iter()
        .filter(|l| l["event"] == "callback_attempt" && l["payment_id"] == "never")
        .count();
    assert_eq!(attempts, 4);
}

#[test]
fn outcomes_follow_the_amount() {
    let receiver = Receiver::start(&[]);
    // Settle delay: 10 s x 0.2 = 2 s, long enough to see `processing`.
    let sandbox = Sandbox::start(&["--time-scale", "0.2", "--callback-url", &receiver.url]);
    assert_eq!(
        sandbox
            .post(CAMBODIA, &payout("declined", 5_000_001, None))
            .status,
        200
    );
    let first = receiver.wait_for(1);
    assert_eq!(callback_view(&first[0]).0, "final_failure");
    let cb: Value = serde_json::from_slice(&first[0]).expect("JSON");
    assert_eq!(cb["operation"]["code"], "20000");

    assert_eq!(
        sandbox
            .post(CAMBODIA, &payout("pending", 5_000_002, None))
            .status,
        200
    );
    let two = receiver.wait_for(2);
    assert_eq!(callback_view(&two[1]).0, "pending");
    let status = sandbox.post(STATUS, &status_request("pending")).json();
    assert_eq!(status["payment"]["status"], "processing", "{status}");
    let three = receiver.wait_for(3);
    let (outcome, id, amount, _) = callback_view(&three[2]);
    assert_eq!(
        (outcome.as_str(), id.as_deref(), amount),
        ("final_success", Some("pending"), 5_000_002)
    );
    let status = sandbox.post(STATUS, &status_request("pending")).json();
    assert_eq!(status["payment"]["status"], "success", "{status}");
}

#[test]
fn sigterm_stops_it_cleanly() {
    let mut sandbox = Sandbox::start(&[]);
    assert_eq!(
        sandbox.post(CAMBODIA, &payout("bye", 100, None)).status,
        200
    );
    let pid = sandbox.child.id().to_string();
    let kill = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(kill.success());
    let status =
        wait_at_most(&mut sandbox.child, Duration::from_secs(20)).expect("stopped in time");
    assert_eq!(status.code(), Some(0));
    let last = sandbox.log_lines().pop().expect("a log line");
    assert_eq!(last["event"], "stopped", "{last}");
    assert_eq!(last["payouts"], 1);
}

#[test]
fn options_are_checked() {
    for (args, want) in [
        (
            &["sandbox", "--listen", "0.0.0.0:0"][..],
            "--listen: not a loopback address",
        ),
        (
            &["sandbox", "--listen", "localhost"],
            "--listen needs an IP address and a port",
        ),
        (
            &["sandbox", "--callback-url", "https://127.0.0.1/x"],
            "--callback-url: the sandbox sends callbacks over plain http:// only",
        ),
        (
            &["sandbox", "--callback-url", "http://192.0.2.1/x"],
            "--callback-url: not a loopback address",
        ),
        (
            &["sandbox", "--time-scale", "0"],
            "--time-scale needs a number from 0.0001 to 10",
        ),
        (
            &["sandbox", "--max-attempts", "121"],
            "--max-attempts needs a whole number from 1 to 120",
        ),
        (
            &["sandbox", "file.json"],
            "too many arguments: `sandbox` takes no FILE",
        ),
        (
            &["sandbox", "--strict"],
            "option --strict does not apply to `sandbox`",
        ),
    ] {
        let out = gate(args).secret("secret").run();
        assert!(out.fails(2).starts_with(want), "{args:?}: {out:?}");
    }
    let out = gate(&["sandbox"]).run();
    assert_eq!(
        out.fails(2),
        "no secret: set MONETIX_SECRET or pass --secret-file PATH"
    );
    let help = gate(&["sandbox", "--help"]).run();
    assert!(help.ok().starts_with("Usage: monetix-gate sandbox"));
}
