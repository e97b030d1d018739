//! The sandbox's HTTP/1.1 server side: one request per connection, read with
//! bounds on everything a client controls.
//!
//! - the request line and headers: at most [`MAX_HEAD`] bytes and
//!   [`MAX_HEADERS`] headers (else 431), parsed by `httparse`;
//! - the body: exactly one `Content-Length` of digits (none on a POST: 411;
//!   several or not digits: 400; `Transfer-Encoding`: 501), at most the
//!   sandbox's body limit (else 413, refused before a byte of it is read);
//!   `Expect: 100-continue` is answered;
//! - time: every read waits at most [`READ_TIMEOUT`], and the whole request
//!   must arrive within [`REQUEST_DEADLINE`] (else 408), so a slow client
//!   holds its connection's thread for a bounded time.
//!
//! Every answer closes the connection (`Connection: close`). After an early
//! refusal the rest of what the client sends is read and dropped for a
//! moment (bounded), so that closing does not reset the connection before
//! the client has read the answer.

use core::net::SocketAddr;
use core::time::Duration;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Instant;

/// The longest request line plus headers.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most headers in a request.
pub const MAX_HEADERS: usize = 64;
/// The longest any one read waits.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest a whole request may take to arrive.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);

/// A request read in full.
#[derive(Debug)]
pub struct Request {
    /// The method (`POST`, ...).
    pub method: String,
    /// The path, without a query string.
    pub path: String,
    /// `Content-Type`, if given.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// Why no request could be read.
#[derive(Debug)]
pub enum Refusal {
    /// Answer with this HTTP status and message, then close.
    Answer(u16, String),
    /// The client went away or timed out before a request arrived: nobody to
    /// answer (`.0` says why, for the log).
    Gone(String),
}

/// The reason phrase of the statuses the sandbox sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn header<'h>(headers: &'h [httparse::Header<'_>], name: &str) -> Vec<&'h [u8]> {
    headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value)
        .collect()
}

/// Reads into `buf` once, waiting at most until `deadline`.
fn read_some(stream: &mut TcpStream, buf: &mut [u8], deadline: Instant) -> Result<usize, Refusal> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(Refusal::Answer(
            408,
            "the request did not arrive in time".to_owned(),
        ));
    }
    let _ = stream.set_read_timeout(Some(left.min(READ_TIMEOUT)));
    loop {
        return match stream.read(buf) {
            Ok(n) => Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Err(Refusal::Answer(
                    408,
                    "the request did not arrive in time".to_owned(),
                ))
            }
            Err(e) => Err(Refusal::Gone(e.to_string())),
        };
    }
}

/// Reads one request from `stream`, its body at most `max_body` bytes.
pub fn read_request(stream: &mut TcpStream, max_body: u64) -> Result<Request, Refusal> {
    let deadline = Instant::now() + REQUEST_DEADLINE;
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    // The head.
    let (head_len, method, path, content_type, length) = loop {
        let n = read_some(stream, &mut chunk, deadline)?;
        if n == 0 {
            return Err(if buf.is_empty() {
                Refusal::Gone("closed before sending a request".to_owned())
            } else {
                Refusal::Answer(400, "the request ended inside its headers".to_owned())
            });
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or(&[]));
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(len)) if len > MAX_HEAD => {
                return Err(Refusal::Answer(
                    431,
                    format!("the request line and headers exceed {MAX_HEAD} bytes"),
                ));
            }
            Ok(httparse::Status::Complete(len)) => {
                let method = req.method.unwrap_or("").to_owned();
                let path = req.path.unwrap_or("");
                let path = path.split('?').next().unwrap_or("").to_owned();
                if !header(req.headers, "transfer-encoding").is_empty() {
                    return Err(Refusal::Answer(
                        501,
                        "Transfer-Encoding is not supported: send Content-Length".to_owned(),
                    ));
                }
                let content_type = header(req.headers, "content-type")
                    .first()
                    .map(|v| String::from_utf8_lossy(v).into_owned());
                let lengths = header(req.headers, "content-length");
                let length = match lengths.as_slice() {
                    [] => None,
                    [one] => {
                        let text = core::str::from_utf8(one).unwrap_or("").trim();
                        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                            return Err(Refusal::Answer(
                                400,
                                "Content-Length must be digits".to_owned(),
                            ));
                        }
                        // Beyond u64: certainly beyond the limit.
                        Some(text.parse::<u64>().unwrap_or(u64::MAX))
                    }
                    _ => {
                        return Err(Refusal::Answer(
                            400,
                            "more than one Content-Length".to_owned(),
                        ))
                    }
                };
                let expects_continue = header(req.headers, "expect")
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case(b"100-continue"));
                if let Some(n) = length {
                    if n > max_body {
                        return Err(Refusal::Answer(
                            413,
                            format!(
                                "the body is larger than the sandbox's limit of {max_body} bytes"
                            ),
                        ));
                    }
                    if expects_continue && n > 0 {
                        let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
                    }
                }
                break (len, method, path, content_type, length);
            }
            Ok(httparse::Status::Partial) => {
                if buf.len() > MAX_HEAD {
                    return Err(Refusal::Answer(
                        431,
                        format!("the request line and headers exceed {MAX_HEAD} bytes"),
                    ));
                }
            }
            Err(httparse::Error::TooManyHeaders) => {
                return Err(Refusal::Answer(
                    431,
                    format!("more than {MAX_HEADERS} headers"),
                ))
            }
            Err(e) => return Err(Refusal::Answer(400, format!("malformed HTTP request: {e}"))),
        }
        if buf.len() > MAX_HEAD {
            return Err(Refusal::Answer(
                431,
                format!("the request line and headers exceed {MAX_HEAD} bytes"),
            ));
        }
    };
    let length = match length {
        Some(n) => n,
        None if method == "POST" => {
            return Err(Refusal::Answer(
                411,
                "a POST needs a Content-Length".to_owned(),
            ))
        }
        None => 0,
    };
    // The body: what came with the head, then the rest.
    let want = usize::try_from(length).unwrap_or(usize::MAX);
    let mut body = buf.split_off(head_len.min(buf.len()));
    if body.len() > want {
        body.truncate(want);
    }
    body.reserve(want.saturating_sub(body.len()));
    while body.len() < want {
        let room = (want - body.len()).min(chunk.len());
        let n = read_some(stream, chunk.get_mut(..room).unwrap_or(&mut []), deadline)?;
        if n == 0 {
            return Err(Refusal::Answer(
                400,
                format!("the body ended after {} of {want} bytes", body.len()),
            ));
        }
        body.extend_from_slice(chunk.get(..n).unwrap_or(&[]));
    }
    Ok(Request {
        method,
        path,
        content_type,
        body,
    })
}

/// Writes a complete answer (JSON) and closes the sending side.
pub fn write_response(stream: &mut TcpStream, status: u16, body: &[u8]) -> io::Result<()> {
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()?;
    stream.shutdown(Shutdown::Write)
}

/// After an early answer: reads and drops what the client still sends, at
/// most 1 MiB and half a second, so that closing does not reset the
/// connection before the client has read the answer.
pub fn drain(stream: &mut TcpStream) {
    let until = Instant::now() + Duration::from_millis(500);
    let mut total = 0usize;
    let mut chunk = [0u8; 8192];
    while total < (1 << 20) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

/// The address of the peer, for the log.
pub fn peer(stream: &TcpStream) -> String {
    stream
        .peer_addr()
        .map_or_else(|_| "unknown".to_owned(), |a: SocketAddr| a.to_string())
}
