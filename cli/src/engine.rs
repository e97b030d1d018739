//! The signature engine commands: `canonical`, `sign`, `sign-body`,
//! `verify` and `sign-as-platform`, each with the table `V`, `D` chosen for
//! the body (see [`crate::table`]).

use monetix_gate::json::{canonical_with_limits, Document};
use monetix_gate::{Error, Mode};

use crate::args::Args;
use crate::fail::Failure;
use crate::input::Secret;
use crate::table;

/// Runs a core call that writes into a buffer measure-first: with no room,
/// then, if it names the size it needs, once more with exactly that much
/// (plus `spare` bytes left at the end of the buffer for the caller).
fn measured(
    spare: usize,
    mut write: impl FnMut(&mut [u8]) -> Result<usize, Error>,
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let len = match write(&mut out) {
        Err(Error::BufferTooSmall { needed }) => {
            out.resize(needed.saturating_add(spare), 0);
            write(out.get_mut(..needed).unwrap_or_default())?
        }
        other => other?,
    };
    out.truncate(len);
    Ok(out)
}

/// `bytes`, then `\n` unless they already end with a line break (a signed
/// copy keeps the input's trailing bytes, so a file that ends with a line
/// break does not gain a blank line).
fn line(mut bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    bytes
}

/// `canonical`: the canonical string (what the signature covers), then `\n`.
pub fn canonical_string<const V: usize, const D: usize>(body: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut text = measured(1, |out| {
        canonical_with_limits::<V, D>(body, out).map(str::len)
    })
    .map_err(|e| table::error::<V, D>(e, body))?;
    text.push(b'\n');
    Ok(text)
}

/// `sign`: the 88-character signature, then `\n`.
pub fn sign<const V: usize, const D: usize>(
    body: &[u8],
    args: &Args,
    secret: &Secret,
) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    let signature = signer
        .sign_with_limits::<V, D>(body)
        .map_err(|e| table::error::<V, D>(e, body))?;
    let mut line = signature.as_str().as_bytes().to_vec();
    line.push(b'\n');
    Ok(line)
}

/// `sign-body`: the signed copy of the request body, then `\n` unless the
/// body already ends with a line break.
pub fn sign_body<const V: usize, const D: usize>(
    body: &[u8],
    args: &Args,
    secret: &Secret,
) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    let signed = measured(1, |out| {
        signer
            .sign_body_with_limits::<V, D>(body, out)
            .map(<[u8]>::len)
    })
    .map_err(|e| table::error::<V, D>(e, body))?;
    Ok(line(signed))
}

/// `sign-as-platform`: the callback or response body signed as the platform
/// signs it (the top-level `signature` set), then `\n` unless the body
/// already ends with a line break. A test-side tool.
pub fn sign_as_platform<const V: usize, const D: usize>(
    body: &[u8],
    args: &Args,
    secret: &Secret,
) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    // One parse; the copy is measured, then written, from it.
    let signed = Document::<V, D>::parse_then(body, |doc| {
        measured(1, |out| {
            signer.sign_as_platform_document(doc, out).map(<[u8]>::len)
        })
    })
    .and_then(|r| r)
    .map_err(|e| table::error::<V, D>(e, body))?;
    Ok(line(signed))
}

/// `verify`: the name of the order that matched, then `\n`.
pub fn verify<const V: usize, const D: usize>(
    body: &[u8],
    args: &Args,
    secret: &Secret,
) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    let order = signer
        .verify_with_limits::<V, D>(body, mode(args))
        .map_err(|e| verify_failure::<V, D>(e, body, args))?;
    Ok(format!("{}\n", order.as_str()).into_bytes())
}

/// Maps a verification error of `body` (read with the table `V`, `D`); a
/// strict mismatch says that only the natural order was tried (a tolerant
/// run might have accepted the body).
pub fn verify_failure<const V: usize, const D: usize>(
    err: Error,
    body: &[u8],
    args: &Args,
) -> Failure {
    match table::error::<V, D>(err, body) {
        Failure::Mismatch(m) if args.strict => {
            Failure::Mismatch(format!("{m} (strict: only the natural order was tried)"))
        }
        other => other,
    }
}

/// The verification mode `--strict` asks for.
pub fn mode(args: &Args) -> Mode {
    if args.strict {
        Mode::Strict
    } else {
        Mode::Tolerant
    }
}
