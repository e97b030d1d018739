//! Why a command failed, and the exit status and message that say so.

use monetix_gate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use monetix_gate::Error;

/// Exit status: a signature does not match.
pub const EXIT_MISMATCH: u8 = 1;
/// Exit status: bad input or usage.
pub const EXIT_BAD: u8 = 2;

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
}

impl Failure {
    /// The process exit status.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Mismatch(_) => EXIT_MISMATCH,
            Failure::Bad(_) | Failure::Usage(_) | Failure::Invalid(_) => EXIT_BAD,
        }
    }

    /// The lines to print on stderr, without the program-name prefix.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Failure::Mismatch(m) | Failure::Bad(m) | Failure::Usage(m) => vec![m.clone()],
            Failure::Invalid(lines) => lines.clone(),
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

/// Maps a core error to a failure with a one-line message.
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
        _ => Failure::Bad(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn messages_are_one_line() {
        for err in [
            Error::SignatureMismatch,
            Error::SuspiciousSecret,
            Error::EmptySecret,
            Error::InvalidJson { offset: 17 },
            Error::MissingSignature,
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
