//! The request types' one walk over their fields, and its two emitters: the
//! JSON writer (one code path that either counts or writes, so the size
//! measured is the size written) and the [`Values`] table the signature is
//! computed from. Both see the same calls in the same order, so the body
//! written is exactly the body signed.
//!
//! Output is compact JSON; strings are escaped by the crate's one escaper
//! (`json::put_json_string`, as `serde_json` does) and integers written by its
//! one integer formatter; the writer is a `json::Sink` like every other.

use super::{
    Extra, ExtraValue, General, Payment, MAX_BODY_DEPTH, MAX_BODY_VALUES, MAX_EXTRAS,
    MAX_EXTRA_DEPTH,
};
use crate::ambiguity::AmbiguousData;
use crate::json::{put_i64, put_json_string, Scalar, Sink, Values};
use crate::limits::SIGNATURE_LEN;
use crate::sign::{Signature, Signer};
use crate::Error;

/// What a request's walk says, in order. `first` tracks the JSON writer's
/// commas (the value table has no use for it).
pub(crate) trait Emit<'t> {
    /// The top-level object's `{`.
    fn begin(&mut self);
    /// The top-level object's `}`.
    fn end(&mut self);
    /// A member holding an object; its members follow, then [`Emit::close`].
    fn open(&mut self, first: &mut bool, key: &'t str);
    /// The end of the innermost object [`Emit::open`] began.
    fn close(&mut self);
    /// A member with a scalar value.
    fn member(&mut self, first: &mut bool, key: &'t str, value: Scalar<'t>);
    /// `general.signature` (which the signature itself leaves out).
    fn signature(&mut self, first: &mut bool);

    fn str_member(&mut self, first: &mut bool, key: &'t str, value: &'t str) {
        self.member(first, key, Scalar::Str(value));
    }

    fn int_member(&mut self, first: &mut bool, key: &'t str, value: i64) {
        self.member(first, key, Scalar::Int(value));
    }

    fn opt_member(&mut self, first: &mut bool, key: &'t str, value: Option<&'t str>) {
        if let Some(value) = value {
            self.str_member(first, key, value);
        }
    }
}

/// Counts (no buffer) or writes (into a buffer measured to fit).
pub(crate) struct Writer<'b> {
    out: Option<&'b mut [u8]>,
    len: usize,
    /// False once a write did not fit (cannot happen after measuring).
    fits: bool,
    /// What `general.signature` holds: the signature, or (when only
    /// counting) as many placeholder bytes.
    signature: [u8; SIGNATURE_LEN],
}

impl<'b> Writer<'b> {
    pub(crate) const fn counter() -> Writer<'static> {
        Writer {
            out: None,
            len: 0,
            fits: true,
            signature: [b'A'; SIGNATURE_LEN],
        }
    }

    pub(crate) fn new(out: &'b mut [u8], signature: &Signature) -> Self {
        Writer {
            out: Some(out),
            len: 0,
            fits: true,
            signature: *signature.as_bytes(),
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

    /// `,` before every member but the first of an object.
    fn sep(&mut self, first: &mut bool) {
        if !*first {
            self.raw(b",");
        }
        *first = false;
    }

    /// `"key":`
    fn key(&mut self, first: &mut bool, key: &str) {
        self.sep(first);
        put_json_string(self, key);
        self.raw(b":");
    }
}

impl<'t> Emit<'t> for Writer<'_> {
    fn begin(&mut self) {
        self.raw(b"{");
    }

    fn end(&mut self) {
        self.raw(b"}");
    }

    fn open(&mut self, first: &mut bool, key: &'t str) {
        self.key(first, key);
        self.raw(b"{");
    }

    fn close(&mut self) {
        self.raw(b"}");
    }

    fn member(&mut self, first: &mut bool, key: &'t str, value: Scalar<'t>) {
        self.key(first, key);
        match value {
            Scalar::Str(s) => put_json_string(self, s),
            Scalar::Int(n) => put_i64(self, n),
            Scalar::Digits(d) => self.raw(d.as_bytes()),
            Scalar::Bool(true) => self.raw(b"true"),
            Scalar::Bool(false) => self.raw(b"false"),
            Scalar::Null => self.raw(b"null"),
        }
    }

    /// `"signature":"<signature>"`.
    fn signature(&mut self, first: &mut bool) {
        self.key(first, "signature");
        self.raw(b"\"");
        let signature = self.signature;
        self.raw(&signature);
        self.raw(b"\"");
    }
}

impl Sink for Writer<'_> {
    fn put(&mut self, bytes: &[u8]) {
        self.raw(bytes);
    }
}

impl<'t, const V: usize, const D: usize> Emit<'t> for Values<'t, V, D> {
    fn begin(&mut self) {}

    fn end(&mut self) {}

    fn open(&mut self, _first: &mut bool, key: &'t str) {
        Values::open(self, key);
    }

    fn close(&mut self) {
        Values::close(self);
    }

    fn member(&mut self, _first: &mut bool, key: &'t str, value: Scalar<'t>) {
        self.put(key, value);
    }

    fn signature(&mut self, _first: &mut bool) {}
}

fn extra_scalar(value: ExtraValue<'_>) -> Scalar<'_> {
    match value {
        ExtraValue::Str(s) => Scalar::Str(s),
        ExtraValue::Int(n) => Scalar::Int(n),
        ExtraValue::Bool(b) => Scalar::Bool(b),
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
pub(crate) fn extras_under<'t, E: Emit<'t>>(
    w: &mut E,
    first: &mut bool,
    extras: &[Extra<'t>],
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
        if leaf {
            w.member(first, segment, extra_scalar(extra.value));
        } else {
            w.open(first, segment);
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
            w.close();
        }
    }
}

/// Top-level object names every payout has: extras below them go inside.
pub(crate) const PAYOUT_OBJECTS: [&str; 4] = ["general", "customer", "account", "payment"];

/// `"general":{…,"signature":"…"}` with the extras below `general`.
pub(crate) fn general<'t, E: Emit<'t>>(
    w: &mut E,
    first: &mut bool,
    g: &General<'t>,
    extras: &[Extra<'t>],
) {
    w.open(first, "general");
    let mut f = true;
    w.int_member(&mut f, "project_id", g.project_id);
    w.str_member(&mut f, "payment_id", g.payment_id);
    w.opt_member(&mut f, "merchant_callback_url", g.merchant_callback_url);
    extras_under(w, &mut f, extras, "general", 2, &[]);
    w.signature(&mut f);
    w.close();
}

/// `"payment":{…}` with the extras below `payment`.
pub(crate) fn payment<'t, E: Emit<'t>>(
    w: &mut E,
    first: &mut bool,
    p: &Payment<'t>,
    extras: &[Extra<'t>],
) {
    w.open(first, "payment");
    let mut f = true;
    w.str_member(&mut f, "currency", p.currency);
    w.int_member(&mut f, "amount", p.amount);
    w.opt_member(&mut f, "description", p.description);
    extras_under(w, &mut f, extras, "payment", 2, &[]);
    w.close();
}

/// A request: its one walk over its fields, for every emitter.
pub(crate) trait Body<'t> {
    fn emit<E: Emit<'t>>(&self, w: &mut E);
}

/// Exact size of `body`'s JSON, signature included.
pub(crate) fn encoded_len<'t, B: Body<'t> + ?Sized>(body: &B) -> usize {
    let mut w = Writer::counter();
    body.emit(&mut w);
    w.len()
}

/// Signs `body` from its fields (a table sized for what a builder can
/// write, no JSON parsed), then writes it into `out` with the signature.
/// The caller has validated. Nothing is left in `out` on error.
pub(crate) fn assemble<'o, 't, B: Body<'t> + ?Sized>(
    body: &B,
    signer: &Signer,
    out: &'o mut [u8],
) -> Result<&'o [u8], Error> {
    assemble_measured(body, signer, out, encoded_len(body))
}

/// [`assemble`] with `body`'s [`encoded_len`] already measured.
fn assemble_measured<'o, 't, B: Body<'t> + ?Sized>(
    body: &B,
    signer: &Signer,
    out: &'o mut [u8],
    needed: usize,
) -> Result<&'o [u8], Error> {
    let Some(dst) = out.get_mut(..needed) else {
        return Err(Error::BufferTooSmall { needed });
    };
    let mut values = Values::<'t, MAX_BODY_VALUES, MAX_BODY_DEPTH>::new();
    body.emit(&mut values);
    values.finish()?;
    let signature = signer.sign_values(&values)?;
    let mut w = Writer::new(&mut *dst, &signature);
    body.emit(&mut w);
    let (fits, written) = (w.fits, w.len);
    if !fits || written != needed {
        // Unreachable: the same walk measured `needed` bytes.
        dst.fill(0);
        return Err(Error::BufferTooSmall { needed });
    }
    Ok(dst)
}

/// Validates-then-assembles with a secret: the common tail of every
/// `sign_into`. `valid` is the validation verdict.
pub(crate) fn sign_into<'o, 't, B: Body<'t> + ?Sized>(
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
    assemble_measured(body, &signer, out, needed)
}

/// Validates-then-assembles with a signer: the common tail of every
/// `sign_with`. The request's `policy` (already applied by validation) decides
/// about ambiguous data, whatever the signer's own policy.
pub(crate) fn sign_with<'o, 't, B: Body<'t> + ?Sized>(
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
