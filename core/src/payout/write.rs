//! The JSON writer of the request types: one code path that either counts
//! or writes, so the size measured is the size written.
//!
//! Output is compact JSON; strings are escaped by the crate's one escaper
//! (`json::put_json_string`, as `serde_json` does) and integers written by its
//! one integer formatter; the writer is a `json::Sink` like every other.

use super::{
    Extra, ExtraValue, General, Payment, MAX_BODY_DEPTH, MAX_BODY_VALUES, MAX_EXTRAS,
    MAX_EXTRA_DEPTH,
};
use crate::ambiguity::AmbiguousData;
use crate::json::{put_i64, put_json_string, Sink};
use crate::limits::SIGNATURE_LEN;
use crate::sign::Signer;
use crate::Error;

/// Placeholder written where the signature goes; overwritten after signing
/// (the engine leaves `general.signature` out of the signed data).
const PLACEHOLDER: [u8; SIGNATURE_LEN] = [b'A'; SIGNATURE_LEN];

/// Counts (no buffer) or writes (into a buffer measured to fit).
pub(crate) struct Writer<'b> {
    out: Option<&'b mut [u8]>,
    len: usize,
    /// False once a write did not fit (cannot happen after measuring).
    fits: bool,
    /// Offset of the signature placeholder's first byte.
    signature_at: Option<usize>,
}

impl<'b> Writer<'b> {
    pub(crate) const fn counter() -> Writer<'static> {
        Writer {
            out: None,
            len: 0,
            fits: true,
            signature_at: None,
        }
    }

    pub(crate) fn new(out: &'b mut [u8]) -> Self {
        Writer {
            out: Some(out),
            len: 0,
            fits: true,
            signature_at: None,
        }
    }

    pub(crate) const fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        let end = self.len.saturating_add(bytes.len());
        if let Some(out) = self.out.as_deref_mut() {
            match out.get_mut(self.len..end) {
                Some(dst) => crate::copy(dst, bytes),
                None => self.fits = false,
            }
        }
        self.len = end;
    }

    /// `"s"`, escaped (the crate's one escaper).
    pub(crate) fn string(&mut self, s: &str) {
        put_json_string(self, s);
    }

    /// An integer in plain decimal (the crate's one integer formatter).
    pub(crate) fn int(&mut self, n: i64) {
        put_i64(self, n);
    }

    /// `,` before every member but the first of an object.
    pub(crate) fn sep(&mut self, first: &mut bool) {
        if !*first {
            self.raw(b",");
        }
        *first = false;
    }

    /// `"key":`
    pub(crate) fn key(&mut self, first: &mut bool, key: &str) {
        self.sep(first);
        self.string(key);
        self.raw(b":");
    }

    pub(crate) fn str_member(&mut self, first: &mut bool, key: &str, value: &str) {
        self.key(first, key);
        self.string(value);
    }

    pub(crate) fn opt_member(&mut self, first: &mut bool, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.str_member(first, key, value);
        }
    }

    pub(crate) fn int_member(&mut self, first: &mut bool, key: &str, value: i64) {
        self.key(first, key);
        self.int(value);
    }

    fn value(&mut self, value: ExtraValue<'_>) {
        match value {
            ExtraValue::Str(s) => self.string(s),
            ExtraValue::Int(n) => self.int(n),
            ExtraValue::Bool(true) => self.raw(b"true"),
            ExtraValue::Bool(false) => self.raw(b"false"),
        }
    }

    /// `"signature":"<placeholder>"`, remembering where the placeholder is.
    fn signature(&mut self, first: &mut bool) {
        self.key(first, "signature");
        self.raw(b"\"");
        self.signature_at = Some(self.len);
        self.raw(&PLACEHOLDER);
        self.raw(b"\"");
    }
}

impl Sink for Writer<'_> {
    fn put(&mut self, bytes: &[u8]) {
        self.raw(bytes);
    }
}

/// The next segment of `path` below the object at `prefix` (`""` is the
/// root), and whether it is the last one (a leaf).
fn next_segment<'p>(path: &'p str, prefix: &str) -> Option<(&'p str, bool)> {
    let rest = if prefix.is_empty() {
        path
    } else {
        path.strip_prefix(prefix)?.strip_prefix('.')?
    };
    Some(match rest.split_once('.') {
        Some((segment, _)) => (segment, false),
        None => (rest, true),
    })
}

/// Writes, as members of the object at dotted `prefix` (`""` for the root,
/// `depth` its number of segments plus one), every extra below it, merging
/// extras that share a sub-object into one nested object; `skip` names the
/// typed sub-objects, whose extras their own writer emits. Extras appear in
/// the order of their first mention.
///
/// For a valid request (paths distinct, never both a value and an object)
/// this writes each extra exactly once. For an invalid one it stays bounded:
/// only the first [`MAX_EXTRAS`] extras, nesting cut at [`MAX_EXTRA_DEPTH`].
pub(crate) fn extras_under(
    w: &mut Writer<'_>,
    first: &mut bool,
    extras: &[Extra<'_>],
    prefix: &str,
    depth: usize,
    skip: &[&str],
) {
    let extras = extras.get(..MAX_EXTRAS).unwrap_or(extras);
    for (i, extra) in extras.iter().enumerate() {
        let Some((segment, leaf)) = next_segment(extra.path, prefix) else {
            continue;
        };
        if skip.contains(&segment) {
            continue;
        }
        let seen = extras
            .iter()
            .take(i)
            .any(|e| next_segment(e.path, prefix).is_some_and(|(s, _)| s == segment));
        if seen {
            continue;
        }
        w.key(first, segment);
        if leaf {
            w.value(extra.value);
        } else {
            w.raw(b"{");
            if depth < MAX_EXTRA_DEPTH {
                let sub_len = if prefix.is_empty() {
                    segment.len()
                } else {
                    prefix.len().saturating_add(1).saturating_add(segment.len())
                };
                let sub = extra.path.get(..sub_len).unwrap_or("");
                let mut sub_first = true;
                extras_under(w, &mut sub_first, extras, sub, depth.saturating_add(1), &[]);
            }
            w.raw(b"}");
        }
    }
}

/// Top-level object names every payout has: extras below them go inside.
pub(crate) const PAYOUT_OBJECTS: [&str; 4] = ["general", "customer", "account", "payment"];

/// `"general":{…,"signature":"…"}` with the extras below `general`.
pub(crate) fn general(w: &mut Writer<'_>, first: &mut bool, g: &General<'_>, extras: &[Extra<'_>]) {
    w.key(first, "general");
    w.raw(b"{");
    let mut f = true;
    w.int_member(&mut f, "project_id", g.project_id);
    w.str_member(&mut f, "payment_id", g.payment_id);
    w.opt_member(&mut f, "merchant_callback_url", g.merchant_callback_url);
    extras_under(w, &mut f, extras, "general", 2, &[]);
    w.signature(&mut f);
    w.raw(b"}");
}

/// `"payment":{…}` with the extras below `payment`.
pub(crate) fn payment(w: &mut Writer<'_>, first: &mut bool, p: &Payment<'_>, extras: &[Extra<'_>]) {
    w.key(first, "payment");
    w.raw(b"{");
    let mut f = true;
    w.str_member(&mut f, "currency", p.currency);
    w.int_member(&mut f, "amount", p.amount);
    w.opt_member(&mut f, "description", p.description);
    extras_under(w, &mut f, extras, "payment", 2, &[]);
    w.raw(b"}");
}

/// A request that can write its JSON body (signature placeholder included).
pub(crate) trait Body {
    fn write_body(&self, w: &mut Writer<'_>);
}

/// Exact size of `body`'s JSON, signature included.
pub(crate) fn encoded_len<B: Body + ?Sized>(body: &B) -> usize {
    let mut w = Writer::counter();
    body.write_body(&mut w);
    w.len()
}

/// Measures, writes and signs `body` into `out`. The caller has validated.
/// Nothing is left in `out` on error.
pub(crate) fn assemble<'o, B: Body + ?Sized>(
    body: &B,
    signer: &Signer,
    out: &'o mut [u8],
) -> Result<&'o [u8], Error> {
    let needed = encoded_len(body);
    let Some(dst) = out.get_mut(..needed) else {
        return Err(Error::BufferTooSmall { needed });
    };
    let mut w = Writer::new(&mut *dst);
    body.write_body(&mut w);
    let (fits, written, signature_at) = (w.fits, w.len, w.signature_at);
    let sig_range = signature_at.map(|at| at..at.saturating_add(SIGNATURE_LEN));
    if !fits || written != needed || sig_range.is_none() {
        // Unreachable: the same code path measured `needed` bytes.
        dst.fill(0);
        return Err(Error::BufferTooSmall { needed });
    }
    // The table is sized for what a builder can write (`MAX_BODY_VALUES`),
    // not for an arbitrary body: about a quarter of the default's stack.
    let signature = match signer.sign_with_limits::<MAX_BODY_VALUES, MAX_BODY_DEPTH>(dst) {
        Ok(signature) => signature,
        Err(e) => {
            dst.fill(0);
            return Err(e);
        }
    };
    match sig_range.and_then(|r| dst.get_mut(r)) {
        Some(slot) => crate::copy(slot, signature.as_bytes()),
        None => {
            dst.fill(0);
            return Err(Error::BufferTooSmall { needed });
        }
    }
    Ok(dst)
}

/// Validates-then-assembles with a secret: the common tail of every
/// `sign_into`. `valid` is the validation verdict.
pub(crate) fn sign_into<'o, B: Body + ?Sized>(
    body: &B,
    valid: bool,
    secret: &[u8],
    out: &'o mut [u8],
    policy: AmbiguousData,
) -> Result<&'o [u8], Error> {
    if !valid {
        return Err(Error::Invalid);
    }
    let needed = encoded_len(body);
    if out.len() < needed {
        return Err(Error::BufferTooSmall { needed });
    }
    let signer = Signer::new(secret)?.with_ambiguous_data(policy);
    assemble(body, &signer, out)
}

/// Validates-then-assembles with a signer: the common tail of every
/// `sign_with`. The request's `policy` (already applied by validation) decides
/// about ambiguous data, whatever the signer's own policy.
pub(crate) fn sign_with<'o, B: Body + ?Sized>(
    body: &B,
    valid: bool,
    signer: &Signer,
    out: &'o mut [u8],
    policy: AmbiguousData,
) -> Result<&'o [u8], Error> {
    if !valid {
        return Err(Error::Invalid);
    }
    if signer.ambiguous_data() == policy {
        assemble(body, signer, out)
    } else {
        assemble(body, &signer.clone().with_ambiguous_data(policy), out)
    }
}
