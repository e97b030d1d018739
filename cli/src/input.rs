//! Reading the body and the secret.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use monetix_gate::{SecretPolicy, Signer};
use zeroize::Zeroizing;

use crate::fail::{core_error, Failure, SecretSource};

/// The environment variable that holds the secret.
pub const SECRET_ENV: &str = "MONETIX_SECRET";

/// Reads the body from `file`, or from standard input when `None`.
pub fn read_body(file: Option<&Path>) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    match file {
        Some(path) => File::open(path)
            .and_then(|mut f| f.read_to_end(&mut body))
            .map_err(|e| {
                Failure::Bad(format!("cannot read `{}`: {}", path.display(), io_text(&e)))
            })?,
        None => io::stdin()
            .lock()
            .read_to_end(&mut body)
            .map_err(|e| Failure::Bad(format!("cannot read standard input: {}", io_text(&e))))?,
    };
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
                "cannot read the secret file `{}`: {}",
                path.display(),
                io_text(&e)
            ))
        };
        let file = File::open(path).map_err(fail)?;
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
            return Err(Failure::Bad(format!(
                "the secret file `{}` is larger than {} KiB: is it the right file?",
                path.display(),
                MAX_SECRET_FILE_LEN / 1024
            )));
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

    /// Keys a signer with the secret (the signer wipes its key state on drop).
    pub fn signer(&self, allow_suspicious: bool) -> Result<Signer, Failure> {
        let policy = if allow_suspicious {
            SecretPolicy::AllowAny
        } else {
            SecretPolicy::Strict
        };
        Signer::with_policy(&self.bytes, policy).map_err(|e| core_error(e, Some(self.source)))
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
