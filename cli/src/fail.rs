//! Why a command failed, and the exit status and message that say so.

use monetix_gate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use monetix_gate::Error;

/// Exit status: a signature does not match.
pub const EXIT_MISMATCH: u8 = 1;
/// Exit status: bad input or usage (ambiguous data included).
pub const EXIT_BAD: u8 = 2;
/// Exit status: the result could not be written to standard output (a
/// closed pipe, a full disk): `EX_IOERR` of sysexits.h.
pub const EXIT_OUTPUT: u8 = 74;

/// The prefix of the message for ambiguous data.
pub const AMBIGUOUS: &str = "ambiguous signed data";

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// The signature does not match the body (exit 1).
    Mismatch(String),
    /// The input is wrong: unreadable, malformed, not signed... (exit 2).
    Bad(String),
    /// The command line is wrong (exit 2).
    Usage(String),
    /// A request failed validation: one `path: reason` line per violation (exit 2).
    Invalid(Vec<String>),
    /// A verified callback does not answer the payout it was checked
    /// against: one `path: expected X, found Y` line per mismatch (exit 1).
    Unmatched(Vec<String>),
    /// Standard output could not be written (exit 74).
    Output(String),
}

impl Failure {
    /// The process exit status.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Mismatch(_) | Failure::Unmatched(_) => EXIT_MISMATCH,
            Failure::Bad(_) | Failure::Usage(_) | Failure::Invalid(_) => EXIT_BAD,
            Failure::Output(_) => EXIT_OUTPUT,
        }
    }

    /// The lines to print on stderr, without the program-name prefix.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Failure::Mismatch(m) | Failure::Bad(m) | Failure::Usage(m) | Failure::Output(m) => {
                vec![m.clone()]
            }
            Failure::Invalid(lines) | Failure::Unmatched(lines) => lines.clone(),
        }
    }
}

/// Where the secret came from, for messages about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretSource {
    /// The `MONETIX_SECRET` environment variable.
    Env,
    /// `--secret-file`.
    File,
}

impl SecretSource {
    fn describe(self) -> &'static str {
        match self {
            SecretSource::Env => "MONETIX_SECRET",
            SecretSource::File => "--secret-file",
        }
    }
}

/// Maps a core error to a failure with a one-line message; a limit is named
/// as core's default table has it (512 values, depth 16: the request readers'
/// table; the commands that choose a table map limits with
/// [`crate::table::error`]).
///
/// `source` says where the secret came from when the error may be about it.
pub fn core_error(err: Error, source: Option<SecretSource>) -> Failure {
    match err {
        Error::SignatureMismatch => Failure::Mismatch(err.to_string()),
        Error::EmptySecret => Failure::Bad(match source {
            Some(s) => format!("the secret from {} is empty", s.describe()),
            None => err.to_string(),
        }),
        Error::SuspiciousSecret => Failure::Bad(format!(
            "the secret{} starts or ends with whitespace or contains an invisible character \
             (soft hyphen, zero-width space, byte-order mark), a common copy-paste accident; \
             pass --allow-suspicious-secret if it really is the secret",
            source.map_or(String::new(), |s| format!(" from {}", s.describe()))
        )),
        Error::MissingSignature => Failure::Bad(
            "no signature in the body (neither a top-level `signature` nor `general.signature`)"
                .to_owned(),
        ),
        // Name the limits: the CLI uses the core's defaults.
        Error::TooManyValues => Failure::Bad(format!(
            "more JSON values than the limit ({DEFAULT_MAX_VALUES} object members and array elements)"
        )),
        Error::TooDeep { offset } => Failure::Bad(format!(
            "nesting deeper than the limit ({DEFAULT_MAX_DEPTH}) at byte {offset}"
        )),
        // Without the body at hand: the byte offset and the rule.
        Error::Ambiguous { offset, reason } => {
            Failure::Bad(format!("{AMBIGUOUS} at byte {offset}: {reason}"))
        }
        Error::UnsignedElement { path } => Failure::Bad(unsigned_element(path)),
        _ => Failure::Bad(err.to_string()),
    }
}

/// The message for [`Error::UnsignedElement`].
fn unsigned_element(path: &str) -> String {
    format!(
        "unsigned array element: an element of {path} carries no data a signature \
         could cover (it is empty, or holds only empty objects and arrays), so \
         anyone could add it without changing the signature"
    )
}

/// Maps a core error to a failure: as [`core_error`], but ambiguous data is
/// explained with the dotted path of the member and the rule, from `explain`
/// (core's [`Document::explain`](monetix_gate::json::Document::explain) for
/// the body; `None` if it cannot give one):
/// `ambiguous signed data: errors.0.message: a ';' followed by ':' could
/// forge a signed line`.
pub fn body_error_with(err: Error, explain: impl FnOnce(&Error) -> Option<String>) -> Failure {
    match err {
        Error::Ambiguous { .. } => match explain(&err) {
            Some(text) => Failure::Bad(format!("{AMBIGUOUS}: {}", one_line(&text))),
            None => core_error(err, None),
        },
        _ => core_error(err, None),
    }
}

/// `text` with every control character escaped (`\n`, `\u{1b}`, ...), so a
/// key from the body can neither break the one-line message nor send
/// terminal control sequences.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_error(err: Error, body: &[u8]) -> Failure {
        crate::table::error::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>(err, body)
    }

    #[test]
    fn exit_codes() {
        assert_eq!(core_error(Error::SignatureMismatch, None).exit_code(), 1);
        assert_eq!(core_error(Error::MissingSignature, None).exit_code(), 2);
        assert_eq!(core_error(Error::SignatureNotString, None).exit_code(), 2);
        assert_eq!(
            core_error(Error::InvalidJson { offset: 3 }, None).exit_code(),
            2
        );
    }

    #[test]
    fn ambiguous_data_is_explained_on_one_line() {
        let body = br#"{"errors":[{"message":"limit\u003b code\u003a 51"}]}"#;
        let err = monetix_gate::sign(body, b"secret").unwrap_err();
        let failure = body_error(err, body);
        assert_eq!(failure.exit_code(), EXIT_BAD);
        assert_eq!(
            failure.lines(),
            ["ambiguous signed data: errors.0.message: a ';' followed by ':' could forge a signed line"]
        );
        // A key with a line break and an escape character above the ambiguous one.
        let body = br#"{"a\nb\u001b[2J":{"c:":1}}"#;
        let err = monetix_gate::sign(body, b"secret").unwrap_err();
        let lines = body_error(err, body).lines();
        assert_eq!(lines.len(), 1);
        assert!(
            !lines[0].contains('\n') && !lines[0].contains('\u{1b}'),
            "{lines:?}"
        );
        assert!(
            lines[0].starts_with("ambiguous signed data: key a\\nb\\u{1b}[2J."),
            "{lines:?}"
        );
        // Without the body: the offset and the rule.
        let offset = err.offset().expect("an offset");
        assert_eq!(
            core_error(err, None).lines(),
            [format!(
                "ambiguous signed data at byte {offset}: {}",
                monetix_gate::ambiguity::Ambiguity::Key
            )]
        );
    }

    #[test]
    fn output_failures_have_their_own_status() {
        assert_eq!(Failure::Output("x".to_owned()).exit_code(), 74);
    }

    #[test]
    fn messages_are_one_line() {
        for err in [
            Error::SignatureMismatch,
            Error::SuspiciousSecret,
            Error::EmptySecret,
            Error::InvalidJson { offset: 17 },
            Error::MissingSignature,
            Error::UnsignedElement { path: "errors[]" },
            Error::Ambiguous {
                offset: 3,
                reason: monetix_gate::ambiguity::Ambiguity::Separator,
            },
        ] {
            for line in core_error(err, Some(SecretSource::File)).lines() {
                assert!(!line.contains('\n'), "{line}");
            }
        }
        assert_eq!(
            core_error(Error::InvalidJson { offset: 17 }, None).lines(),
            ["malformed JSON at byte 17"]
        );
    }
}
