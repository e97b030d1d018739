//! Reading the body and the secret.
//!
//! Messages never print a path: the FILE argument or the `--secret-file`
//! path might be the secret itself typed in the wrong place, so they are
//! named as "the FILE argument" and "the --secret-file path".

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use monetix_gate::{AmbiguousData, SecretPolicy, Signer};
use zeroize::Zeroizing;

use crate::args::Args;
use crate::fail::{core_error, Failure, SecretSource};

/// The environment variable that holds the secret.
pub const SECRET_ENV: &str = "MONETIX_SECRET";

/// The message for a body (`what`) beyond `limit` bytes.
fn too_large(what: &str, limit: u64) -> Failure {
    Failure::Bad(format!(
        "{what} is larger than the limit of {limit} bytes{}: raise it with --max-body-bytes N",
        if limit.is_multiple_of(1024 * 1024) {
            format!(" ({} MiB)", limit / (1024 * 1024))
        } else {
            String::new()
        }
    ))
}

/// Reads the body from `file`, or from standard input when `None`: at most
/// `limit` bytes. A larger body is refused after reading `limit + 1` bytes
/// (a regular file larger than `limit` before reading anything), so memory
/// stays bounded whatever the input.
pub fn read_body(file: Option<&Path>, limit: u64) -> Result<Vec<u8>, Failure> {
    if let Some(path) = file {
        return read_file(path, limit, "the FILE argument", "the body");
    }
    let mut body = Vec::new();
    io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(|e| Failure::Bad(format!("cannot read standard input: {}", io_text(&e))))?;
    if u64::try_from(body.len()).map_or(true, |n| n > limit) {
        return Err(too_large("the body", limit));
    }
    Ok(body)
}

/// Reads the file at `path` as [`read_body`] does: at most `limit` bytes.
/// Messages name it `name` when it cannot be read and `what` when it is too
/// large, never by its path (it might be the secret typed in the wrong place).
pub fn read_file(path: &Path, limit: u64, name: &str, what: &str) -> Result<Vec<u8>, Failure> {
    let fail = |e: io::Error| Failure::Bad(format!("cannot read {name}: {}", io_text(&e)));
    let file = File::open(path).map_err(fail)?;
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > limit)
    {
        return Err(too_large(what, limit));
    }
    let mut body = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(fail)?;
    if u64::try_from(body.len()).map_or(true, |n| n > limit) {
        return Err(too_large(what, limit));
    }
    Ok(body)
}

/// The largest secret file read (a secret is a few dozen bytes).
pub const MAX_SECRET_FILE_LEN: usize = 64 * 1024;

/// The secret's bytes, wiped when dropped, and where they came from.
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    source: SecretSource,
}

impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    /// Loads the secret: from `--secret-file` when given, else from the
    /// `MONETIX_SECRET` environment variable.
    ///
    /// One trailing line break (`\n` or `\r\n`) in the file is not part of
    /// the secret (editors add one); the environment variable is taken as is.
    pub fn load(secret_file: Option<&Path>) -> Result<Self, Failure> {
        match secret_file {
            Some(path) => Self::from_file(path),
            None => Self::from_env(),
        }
    }

    fn from_file(path: &Path) -> Result<Self, Failure> {
        let fail = |e: io::Error| {
            Failure::Bad(format!(
                "cannot read the --secret-file path: {}",
                io_text(&e)
            ))
        };
        let not_regular = || {
            Failure::Bad(
                "the --secret-file path is not a regular file (a FIFO, a device or a \
                 directory is refused rather than waited on; to pass the secret from a \
                 program, set MONETIX_SECRET)"
                    .to_owned(),
            )
        };
        let too_large = || {
            Failure::Bad(format!(
                "the file at the --secret-file path is larger than {} KiB: is it the right file?",
                MAX_SECRET_FILE_LEN / 1024
            ))
        };
        // Look before opening: opening a FIFO for reading blocks until a
        // writer comes, and reading a device may never end. `metadata`
        // follows symbolic links, as `open` does.
        let meta = std::fs::metadata(path).map_err(fail)?;
        if !meta.is_file() {
            return Err(not_regular());
        }
        if meta.len() > u64::try_from(MAX_SECRET_FILE_LEN).unwrap_or(u64::MAX) {
            return Err(too_large());
        }
        let file = File::open(path).map_err(fail)?;
        // The path may have been replaced between the look and the open:
        // read only what is, once opened, still a regular file.
        if !file.metadata().map_err(fail)?.is_file() {
            return Err(not_regular());
        }
        // Reserve the whole file up front, so that reading never reallocates
        // and leaves an unwiped copy of the secret in freed memory.
        let hint = file
            .metadata()
            .ok()
            .and_then(|m| usize::try_from(m.len()).ok())
            .unwrap_or(0);
        let mut bytes = Zeroizing::new(Vec::with_capacity(
            hint.min(MAX_SECRET_FILE_LEN).saturating_add(1),
        ));
        // Bounded, so that pointing at a device or a huge file fails fast.
        let limit = u64::try_from(MAX_SECRET_FILE_LEN + 1).unwrap_or(u64::MAX);
        file.take(limit).read_to_end(&mut bytes).map_err(fail)?;
        if bytes.len() > MAX_SECRET_FILE_LEN {
            return Err(too_large());
        }
        // Wiping covers the whole capacity, so truncating leaves nothing behind.
        let line_break = if bytes.ends_with(b"\r\n") {
            2
        } else {
            usize::from(bytes.ends_with(b"\n"))
        };
        let len = bytes.len() - line_break;
        bytes.truncate(len);
        Ok(Secret {
            bytes,
            source: SecretSource::File,
        })
    }

    fn from_env() -> Result<Self, Failure> {
        let value = std::env::var_os(SECRET_ENV).ok_or_else(|| {
            Failure::Usage(format!(
                "no secret: set {SECRET_ENV} or pass --secret-file PATH"
            ))
        })?;
        Ok(Secret {
            bytes: Zeroizing::new(os_bytes(value)),
            source: SecretSource::Env,
        })
    }

    /// Keys a signer with the secret (the signer wipes its key state on drop),
    /// with the secret check and the ambiguity policy the options ask for.
    pub fn signer(&self, args: &Args) -> Result<Signer, Failure> {
        let policy = if args.allow_suspicious_secret {
            SecretPolicy::AllowAny
        } else {
            SecretPolicy::Strict
        };
        Signer::with_policy(&self.bytes, policy)
            .map(|s| s.with_ambiguous_data(ambiguous_data(args)))
            .map_err(|e| core_error(e, Some(self.source)))
    }
}

/// The ambiguity policy `--allow-ambiguous` asks for (refuse by default).
pub fn ambiguous_data(args: &Args) -> AmbiguousData {
    if args.allow_ambiguous {
        AmbiguousData::Allow
    } else {
        AmbiguousData::Refuse
    }
}

#[cfg(unix)]
fn os_bytes(value: std::ffi::OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStringExt as _;
    value.into_vec()
}

#[cfg(not(unix))]
fn os_bytes(value: std::ffi::OsString) -> Vec<u8> {
    value.as_encoded_bytes().to_vec()
}

/// An I/O error's text without the "(os error N)" suffix.
pub fn io_text(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
