//! The signature engine commands: `canonical`, `sign`, `sign-body`, `verify`.

use monetix_gate::{canonical, canonical_len, signed_body_len, Mode};

use crate::args::Args;
use crate::fail::{body_error, core_error, Failure};
use crate::input::Secret;

/// `canonical`: the canonical string (what the signature covers), then `\n`.
pub fn canonical_string(body: &[u8]) -> Result<Vec<u8>, Failure> {
    let len = canonical_len(body).map_err(|e| core_error(e, None))?;
    let mut out = vec![0u8; len];
    let text = canonical(body, &mut out).map_err(|e| core_error(e, None))?;
    let mut line = Vec::with_capacity(text.len() + 1);
    line.extend_from_slice(text.as_bytes());
    line.push(b'\n');
    Ok(line)
}

/// `sign`: the 88-character signature, then `\n`.
pub fn sign(body: &[u8], args: &Args, secret: &Secret) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    let signature = signer.sign(body).map_err(|e| body_error(e, body))?;
    let mut line = signature.as_str().as_bytes().to_vec();
    line.push(b'\n');
    Ok(line)
}

/// `sign-body`: the signed copy of the body, then `\n` unless the body
/// already ends with a line break (the copy keeps the input's trailing bytes,
/// so a file that ends with a line break does not gain a blank line).
pub fn sign_body(body: &[u8], args: &Args, secret: &Secret) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    let len = signed_body_len(body).map_err(|e| core_error(e, None))?;
    // One spare byte for the line break.
    let mut out = vec![0u8; len + 1];
    let signed = signer
        .sign_body(body, &mut out)
        .map_err(|e| body_error(e, body))?
        .len();
    out.truncate(signed);
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    Ok(out)
}

/// `verify`: the name of the order that matched, then `\n`.
pub fn verify(body: &[u8], args: &Args, secret: &Secret) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    let order = signer
        .verify(body, mode(args))
        .map_err(|e| verify_failure(e, body, args))?;
    Ok(format!("{}\n", order.as_str()).into_bytes())
}

/// Maps a verification error of `body`; a strict mismatch says that only the
/// natural order was tried (a tolerant run might have accepted the body).
pub fn verify_failure(err: monetix_gate::Error, body: &[u8], args: &Args) -> Failure {
    match body_error(err, body) {
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
