//! HMAC-SHA512 signatures: signing requests, signed copies, verification.
//!
//! The lines of the canonical string are fed to the MAC in sorted order
//! straight from the parsed [`Document`] (or a [`Values`] table): the string
//! itself is never built.
//! The secret is only ever borrowed; the keyed HMAC state lives in a
//! [`Signer`] (or on the stack for the one-shot functions) and is wiped when
//! dropped (`hmac`'s `zeroize` feature).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;

use crate::ambiguity::AmbiguousData;
use crate::json::{
    Checks, Document, Exclude, Kind, Scratch, Sink, SliceWriter, StrBytes, Tree, Values,
};
use crate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use crate::natural::Bytes;
use crate::Error;

use crate::json::Order;
use crate::limits::SIGNATURE_LEN;

type HmacSha512 = Hmac<Sha512>;

// The keyed HMAC state is two SHA-512 cores (inner and outer pad) plus a block
// buffer; with the `zeroize` features of `sha2` and `digest` every one of them
// wipes itself on drop. Fail the build if that ever stops being true.
const _: fn() = || {
    fn wiped<T: zeroize::ZeroizeOnDrop>() {}
    wiped::<sha2::block_api::Sha512VarCore>();
};

/// How strictly [`verify`] matches the order of the lines (`docs/signature.md` section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Accept the canonical order, then byte order of paths, then byte order of
    /// lines (each an HMAC over all of the data). The default.
    #[default]
    Tolerant,
    /// Accept the canonical (natural) order only.
    Strict,
}

/// How a [`Signer`] treats an unusual secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecretPolicy {
    /// Refuse a secret with leading or trailing whitespace or an invisible
    /// character ([`Error::SuspiciousSecret`]). The default.
    #[default]
    Strict,
    /// Use the secret's bytes as they are (an empty secret is still refused).
    AllowAny,
}

/// A signature: 88 bytes of standard base64 (64 bytes of HMAC-SHA512).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature([u8; SIGNATURE_LEN]);

impl Signature {
    /// The signature as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Base64 output is ASCII.
        core::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The signature's 88 ASCII bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; SIGNATURE_LEN] {
        &self.0
    }
}

impl core::fmt::Debug for Signature {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("Signature").field(&self.as_str()).finish()
    }
}

impl core::fmt::Display for Signature {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Checks a secret against [`SecretPolicy::Strict`].
///
/// # Errors
/// [`Error::EmptySecret`]; [`Error::SuspiciousSecret`] for leading or trailing
/// whitespace (ASCII or no-break space) or an invisible character anywhere
/// (soft hyphen, zero-width space/joiners, word joiner, byte-order mark).
pub fn check_secret(secret: &[u8], policy: SecretPolicy) -> Result<(), Error> {
    if secret.is_empty() {
        return Err(Error::EmptySecret);
    }
    if policy == SecretPolicy::AllowAny {
        return Ok(());
    }
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    if secret.first().is_some_and(ws) || secret.last().is_some_and(ws) {
        return Err(Error::SuspiciousSecret);
    }
    if secret.starts_with("\u{a0}".as_bytes()) || secret.ends_with("\u{a0}".as_bytes()) {
        return Err(Error::SuspiciousSecret);
    }
    const INVISIBLE: [&str; 6] = [
        "\u{ad}", "\u{200b}", "\u{200c}", "\u{200d}", "\u{2060}", "\u{feff}",
    ];
    // `windows` would link a panic path (a zero window size); search by hand.
    let contains = |needle: &[u8]| {
        (0..secret.len()).any(|at| {
            secret
                .get(at..)
                .is_some_and(|rest| rest.starts_with(needle))
        })
    };
    if INVISIBLE.iter().any(|s| contains(s.as_bytes())) {
        return Err(Error::SuspiciousSecret);
    }
    Ok(())
}

/// HMAC key setup in a frame of its own, below the caller's: `hmac` leaves the
/// padded key block (key XOR 0x5C) in its frames, which [`burn_stack`] then
/// overwrites. Safe Rust cannot wipe a frame that has returned; it can write
/// a new one over it.
#[inline(never)]
fn key_hmac(secret: &[u8]) -> Result<HmacSha512, Error> {
    <HmacSha512 as KeyInit>::new_from_slice(secret).map_err(|_| Error::EmptySecret)
}

/// Overwrites, with volatile stores (`zeroize`), the stack below the caller's
/// frame where [`key_hmac`] just ran: `WIPE` bytes, the deepest key setup
/// measured on the architecture plus at least half as much again, rounded up
/// to 512 bytes (one 8-byte store per 8 bytes).
///
/// Measured by painting the stack and keying with this wipe left out: the
/// deepest byte key setup changed below the frame that calls [`key_hmac`]
/// (a secret over 128 bytes, hashed first, is the deepest path), in release
/// and in this workspace's test profile, with each SHA-512 backend `sha2`
/// picks on the architecture. `docs/embedded.md` ("Stack wipe after key
/// setup") lists the figures; the firmware test checks on every run that the
/// Cortex-M4 wipe reaches below everything key setup wrote and that no key
/// or padded key is left. Builds at opt-level 0 key much deeper (up to about
/// 48 KB with the software SHA-512) and are not covered.
#[inline(never)]
fn burn_stack() {
    // Deepest measured, bytes: 2,640 (test profile, AVX2 SHA-512); release
    // 2,280 (AVX2) and 1,752 (software).
    #[cfg(target_arch = "x86_64")]
    const WIPE: usize = 4096;
    // Deepest measured, bytes: 2,140 (thumbv7em, opt-level "z", compact
    // SHA-512); 1,632 unrolled, 1,956 at opt-level "s" compact; armv7 Linux
    // release 1,728.
    #[cfg(target_arch = "arm")]
    const WIPE: usize = 3584;
    // Deepest measured, bytes: 1,992 (release, SHA-3 extension SHA-512);
    // 1,704 software.
    #[cfg(target_arch = "aarch64")]
    const WIPE: usize = 3072;
    // Not measured: the earlier blanket size.
    #[cfg(not(any(target_arch = "x86_64", target_arch = "arm", target_arch = "aarch64")))]
    const WIPE: usize = 4096;
    let mut area = [0u64; WIPE / 8];
    zeroize::Zeroize::zeroize(&mut area[..]);
    core::hint::black_box(&area);
}

/// Feeds bytes to HMAC-SHA512 through a staging buffer: lines arrive in
/// many small pieces, and one `update` per 128-byte block is cheaper than one
/// per piece.
struct MacSink {
    mac: HmacSha512,
    buf: [u8; 128],
    len: usize,
}

impl MacSink {
    fn new(mac: HmacSha512) -> Self {
        MacSink {
            mac,
            buf: [0; 128],
            len: 0,
        }
    }

    fn finish(mut self) -> HmacSha512 {
        self.mac.update(self.buf.get(..self.len).unwrap_or(&[]));
        self.buf.fill(0);
        self.mac
    }
}

impl Sink for MacSink {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len.saturating_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            crate::copy(dst, bytes);
            self.len = end;
            return;
        }
        self.mac.update(self.buf.get(..self.len).unwrap_or(&[]));
        self.len = 0;
        if bytes.len() >= self.buf.len() {
            self.mac.update(bytes);
        } else if let Some(dst) = self.buf.get_mut(..bytes.len()) {
            crate::copy(dst, bytes);
            self.len = bytes.len();
        }
    }
}

/// A caller-owned signer: the HMAC key setup done once, reused for every body.
///
/// Cloning the keyed state per call costs a copy; keying costs two SHA-512
/// compressions. The key state is wiped when the signer is dropped, and its
/// `Debug` output never shows it. A `Signer` is under 300 bytes.
///
/// A signer refuses ambiguous data ([`Error::Ambiguous`]) when it signs and
/// when it verifies; [`Signer::with_ambiguous_data`] is the opt-in (see
/// [`AmbiguousData`] for its risk).
#[derive(Clone)]
pub struct Signer {
    mac: HmacSha512,
    ambiguous: AmbiguousData,
}

impl core::fmt::Debug for Signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Signer {{ key: <redacted>, ambiguous: {:?} }}",
            self.ambiguous
        )
    }
}

impl Signer {
    /// Keys a signer with the merchant's secret (checked with [`SecretPolicy::Strict`]).
    ///
    /// # Errors
    /// [`Error::EmptySecret`], [`Error::SuspiciousSecret`].
    pub fn new(secret: &[u8]) -> Result<Self, Error> {
        Self::with_policy(secret, SecretPolicy::Strict)
    }

    /// Keys a signer, checking the secret with `policy`.
    ///
    /// # Errors
    /// [`Error::EmptySecret`], and [`Error::SuspiciousSecret`] under the strict policy.
    pub fn with_policy(secret: &[u8], policy: SecretPolicy) -> Result<Self, Error> {
        check_secret(secret, policy)?;
        let mac = key_hmac(secret);
        // The key setup's frames are dead now; overwrite them.
        burn_stack();
        Ok(Signer {
            mac: mac?,
            ambiguous: AmbiguousData::Refuse,
        })
    }

    /// The same signer, accepting or refusing ambiguous data as `policy` says.
    ///
    /// [`AmbiguousData::Allow`] is the opt-in. Its risk: data signed or
    /// verified with it can be re-split into a different, unambiguous body that
    /// verifies with the same signature.
    #[must_use]
    pub fn with_ambiguous_data(mut self, policy: AmbiguousData) -> Self {
        self.ambiguous = policy;
        self
    }

    /// Whether this signer accepts ambiguous data.
    #[must_use]
    pub fn ambiguous_data(&self) -> AmbiguousData {
        self.ambiguous
    }

    fn check_ambiguity<T: Checks + ?Sized>(&self, doc: &T, exclude: Exclude) -> Result<(), Error> {
        if self.ambiguous.allows() {
            Ok(())
        } else {
            doc.check_ambiguity(exclude)
        }
    }

    /// Signs a request body: HMAC-SHA512 over its canonical string, leaving out
    /// `general.signature` and a top-level `signature` (default limits).
    /// Stack: about 20 KiB with the default limits (measured, release build;
    /// `core/tests/stack.rs` asserts an upper bound).
    ///
    /// # Errors
    /// Any parse error of [`Document::parse`]; [`Error::Ambiguous`] for
    /// ambiguous data (unless the signer allows it);
    /// [`Error::FloatUnsupported`] in a build without the `float` feature,
    /// for a signed number with a fraction, an exponent or beyond 64 bits.
    pub fn sign(&self, body: &[u8]) -> Result<Signature, Error> {
        Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
            self.sign_document(doc)
        })?
    }

    /// [`Signer::sign`] with the caller's table limits: at most `V` values,
    /// nesting depth `D` (the table takes about 26 bytes of stack per value
    /// while signing; a small `V` fits a small stack).
    ///
    /// # Errors
    /// As [`Signer::sign`].
    pub fn sign_with_limits<const V: usize, const D: usize>(
        &self,
        body: &[u8],
    ) -> Result<Signature, Error> {
        Document::<V, D>::parse_then(body, |doc| self.sign_document(doc))?
    }

    /// [`Signer::verify`] with the caller's table limits (see
    /// [`Signer::sign_with_limits`]).
    ///
    /// # Errors
    /// As [`Signer::verify`].
    pub fn verify_with_limits<const V: usize, const D: usize>(
        &self,
        body: &[u8],
        mode: Mode,
    ) -> Result<Order, Error> {
        Document::<V, D>::parse_then(body, |doc| self.verify_document(doc, mode))?
    }

    /// [`Signer::sign_body`] with the caller's table limits (see
    /// [`Signer::sign_with_limits`]).
    ///
    /// # Errors
    /// As [`Signer::sign_body`].
    pub fn sign_body_with_limits<'o, const V: usize, const D: usize>(
        &self,
        body: &[u8],
        out: &'o mut [u8],
    ) -> Result<&'o [u8], Error> {
        Document::<V, D>::parse_then(body, |doc| self.sign_body_document(doc, out))?
    }

    /// Signs an already parsed document (any limits).
    ///
    /// # Errors
    /// [`Error::Ambiguous`] for ambiguous data (unless the signer allows it).
    pub fn sign_document<const V: usize, const D: usize>(
        &self,
        doc: &Document<'_, V, D>,
    ) -> Result<Signature, Error> {
        self.sign_excluding::<V, D, _>(doc, Exclude::BothSignatures)
    }

    /// Signs a body given as values ([`Values`]), exactly as [`Signer::sign`]
    /// signs the same body written as JSON: the same ordering, lines and
    /// checks, with no JSON text written or parsed.
    ///
    /// # Errors
    /// [`Error::Ambiguous`] for ambiguous data (unless the signer allows it);
    /// [`Error::FloatUnsupported`] in a build without the `float` feature,
    /// for an integer beyond 64 bits.
    pub fn sign_values<const V: usize, const D: usize>(
        &self,
        values: &Values<'_, V, D>,
    ) -> Result<Signature, Error> {
        self.sign_excluding::<V, D, _>(values, Exclude::BothSignatures)
    }

    /// The one signing path of every tree (a parsed body, a [`crate::Values`]
    /// table): the checks, the ordering and the MAC over the lines.
    pub(crate) fn sign_excluding<const V: usize, const D: usize, T: Checks + ?Sized>(
        &self,
        doc: &T,
        exclude: Exclude,
    ) -> Result<Signature, Error> {
        self.check_ambiguity(doc, exclude)?;
        doc.check_floats(exclude)?;
        let mut s = Scratch::<V>::new();
        let n = s.order::<D, T>(doc, exclude, Order::Natural);
        let tag = self.mac_lines::<D, T>(doc, s.lines(n));
        Ok(encode(&tag))
    }

    fn mac_lines<const D: usize, T: Checks + ?Sized>(&self, doc: &T, idx: &[u16]) -> [u8; 64] {
        let mut sink = MacSink::new(self.mac.clone());
        doc.write_lines::<D, _>(idx, &mut sink);
        let mut tag = [0u8; 64];
        crate::copy(&mut tag, &sink.finish().finalize().into_bytes());
        tag
    }

    /// Verifies a signed body (callback or signed response; default limits).
    ///
    /// The signature is the top-level `signature` if present, else
    /// `general.signature`; exactly that member is left out of the canonical
    /// string. Comparison is constant-time. Returns the order that matched.
    /// Stack: about 22 KiB with the default limits (measured, release build;
    /// `core/tests/stack.rs` asserts an upper bound).
    ///
    /// Checks, in this order: the parse (malformed input), the signature member
    /// (missing, not a string), ambiguity (before any MAC is compared, so the
    /// refusal says nothing about the key), then the MAC.
    ///
    /// What a match guarantees: the platform (or another holder of the key)
    /// signed exactly these lines. Members that make no line are not signed:
    /// empty objects and arrays, `frame_mode` members, and the difference
    /// between `null` and `""`; the typed readers of this crate read them so
    /// that they never change a verdict.
    ///
    /// # Errors
    /// [`Error::MissingSignature`], [`Error::SignatureNotString`], any parse error,
    /// [`Error::Ambiguous`] for ambiguous data (unless the signer allows it),
    /// and the opaque [`Error::SignatureMismatch`] for every wrong signature.
    pub fn verify(&self, body: &[u8], mode: Mode) -> Result<Order, Error> {
        Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
            self.verify_document(doc, mode)
        })?
    }

    /// Verifies an already parsed document (any limits).
    ///
    /// # Errors
    /// As [`Signer::verify`].
    pub fn verify_document<const V: usize, const D: usize>(
        &self,
        doc: &Document<'_, V, D>,
        mode: Mode,
    ) -> Result<Order, Error> {
        let sig_at = doc
            .top_sig()
            .or_else(|| doc.general_sig())
            .ok_or(Error::MissingSignature)?;
        let entry = doc.entry(sig_at).ok_or(Error::MissingSignature)?;
        if entry.kind() != Kind::String {
            return Err(Error::SignatureNotString);
        }
        let exclude = Exclude::One(sig_at);
        self.check_ambiguity(doc, exclude)?;
        doc.check_floats(exclude)?;
        // Decode the JSON string (it may carry escapes such as `\/`).
        let raw = doc
            .input()
            .get(entry.val_start(doc.input()).saturating_add(1)..entry.val_end().saturating_sub(1))
            .unwrap_or(&[]);
        let mut text = [0u8; SIGNATURE_LEN];
        let mut len = 0usize;
        if raw.contains(&b'\\') {
            let mut bytes = StrBytes::new(raw);
            while let Some(b) = bytes.peek() {
                match text.get_mut(len) {
                    Some(t) => *t = b,
                    None => return Err(Error::SignatureMismatch),
                }
                len = len.saturating_add(1);
                bytes.bump();
            }
        } else {
            let dst = text.get_mut(..raw.len()).ok_or(Error::SignatureMismatch)?;
            crate::copy(dst, raw);
            len = raw.len();
        }
        let expected =
            crate::b64::decode(text.get(..len).unwrap_or(&[])).ok_or(Error::SignatureMismatch)?;
        let expected = expected.as_slice();

        let mut s = Scratch::<V>::new();
        let n = s.order::<D, _>(doc, exclude, Order::Natural);
        if self.matches::<V, D>(doc, s.lines(n), expected) {
            return Ok(Order::Natural);
        }
        if mode == Mode::Strict {
            return Err(Error::SignatureMismatch);
        }
        // Keep the natural order to skip candidates that give the same string.
        let mut natural = heapless::Vec::<u16, V>::new();
        // `n` lines fit: a document holds at most `V` values.
        let _ = natural.extend_from_slice(s.lines(n));
        let _ = s.order::<D, _>(doc, exclude, Order::BytePath);
        let mut by_path = heapless::Vec::<u16, V>::new();
        let _ = by_path.extend_from_slice(s.lines(n));
        if by_path != natural && self.matches::<V, D>(doc, &by_path, expected) {
            return Ok(Order::BytePath);
        }
        let _ = s.order::<D, _>(doc, exclude, Order::ByteLine);
        let by_line = s.lines(n);
        if by_line != natural && by_line != by_path && self.matches::<V, D>(doc, by_line, expected)
        {
            return Ok(Order::ByteLine);
        }
        Err(Error::SignatureMismatch)
    }

    fn matches<const V: usize, const D: usize>(
        &self,
        doc: &Document<'_, V, D>,
        idx: &[u16],
        expected: &[u8],
    ) -> bool {
        let mut sink = MacSink::new(self.mac.clone());
        doc.write_lines::<D, _>(idx, &mut sink);
        // Constant-time comparison.
        sink.finish().verify_slice(expected).is_ok()
    }

    /// Writes a signed copy of a request body into `out` (`docs/signature.md` section 2): a
    /// top-level `signature` is removed, `general.signature` replaced or
    /// inserted (`general` created if absent); every other byte is kept.
    /// Nothing is written unless the whole copy fits.
    ///
    /// The copy can hold up to two more values than the body (`general` and
    /// `general.signature`), so a body at the value limit signs, but its signed
    /// copy needs a [`Document`] with a larger `VALUES` to be parsed again.
    ///
    /// # Errors
    /// Any parse error; [`Error::GeneralNotObject`]; [`Error::Ambiguous`];
    /// [`Error::BufferTooSmall`] with the exact size needed.
    pub fn sign_body<'o>(&self, body: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
        Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
            self.sign_body_document(doc, out)
        })?
    }

    /// [`Signer::sign_body`] for an already parsed document.
    ///
    /// # Errors
    /// As [`Signer::sign_body`].
    pub fn sign_body_document<'o, const V: usize, const D: usize>(
        &self,
        doc: &Document<'_, V, D>,
        out: &'o mut [u8],
    ) -> Result<&'o [u8], Error> {
        let plan = Splice::plan(doc)?;
        // Input errors before the buffer's size.
        self.check_ambiguity(doc, Exclude::BothSignatures)?;
        doc.check_floats(Exclude::BothSignatures)?;
        let needed = plan.len(doc.input().len());
        if out.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        let sig = self.sign_document(doc)?;
        let mut w = SliceWriter::new(out);
        plan.write(doc.input(), &sig, &mut w);
        w.finish().map(|s| &*s)
    }

    /// Writes a copy of a callback or response body signed **as the platform
    /// signs it**: the signature at the top-level `signature` member (its
    /// value replaced, or the member appended), over every other line
    /// (`general.signature`, if any, is ordinary data there). A test-side tool:
    /// for fake platforms, simulators and fixtures; a merchant signs requests
    /// with [`Signer::sign_body`]. Nothing is written unless the whole copy fits.
    ///
    /// # Errors
    /// Any parse error; [`Error::Ambiguous`]; [`Error::BufferTooSmall`] with
    /// the exact size needed.
    pub fn sign_as_platform<'o>(&self, body: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
        Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
            self.sign_as_platform_document(doc, out)
        })?
    }

    /// [`Signer::sign_as_platform`] for an already parsed document (any limits).
    ///
    /// # Errors
    /// As [`Signer::sign_as_platform`], less the parse errors.
    pub fn sign_as_platform_document<'o, const V: usize, const D: usize>(
        &self,
        doc: &Document<'_, V, D>,
        out: &'o mut [u8],
    ) -> Result<&'o [u8], Error> {
        {
            let plan = Splice::plan_top_level(doc);
            let exclude = Exclude::One(doc.top_sig().unwrap_or(u16::MAX));
            // Input errors before the buffer's size.
            self.check_ambiguity(doc, exclude)?;
            doc.check_floats(exclude)?;
            let needed = plan.len(doc.input().len());
            if out.len() < needed {
                return Err(Error::BufferTooSmall { needed });
            }
            let sig = self.sign_excluding::<V, D, _>(doc, exclude)?;
            let mut w = SliceWriter::new(out);
            plan.write(doc.input(), &sig, &mut w);
            w.finish().map(|s| &*s)
        }
    }
}

/// The edits that turn a body into its signed copy.
struct Splice {
    /// `(start, end, insert)` sorted by `start`, non-overlapping.
    edits: [(usize, usize, Insert); 2],
    count: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Insert {
    Nothing,
    /// `"<sig>"` (replacing the old value of `general.signature`).
    Value,
    /// `,"signature":"<sig>"` or without the comma.
    Member {
        comma: bool,
    },
    /// `"general":{"signature":"<sig>"}` followed by `,` if needed.
    General {
        comma: bool,
    },
}

impl Insert {
    fn len(self) -> usize {
        let quoted = SIGNATURE_LEN.saturating_add(2);
        match self {
            Insert::Nothing => 0,
            Insert::Value => quoted,
            Insert::Member { comma } => quoted
                .saturating_add(br#""signature":"#.len())
                .saturating_add(usize::from(comma)),
            Insert::General { comma } => quoted
                .saturating_add(br#""general":{"signature":}"#.len())
                .saturating_add(usize::from(comma)),
        }
    }

    fn write<S: Sink>(self, sig: &Signature, sink: &mut S) {
        match self {
            Insert::Nothing => {}
            Insert::Value => {
                sink.put(b"\"");
                sink.put(sig.as_bytes());
                sink.put(b"\"");
            }
            Insert::Member { comma } => {
                if comma {
                    sink.put(b",");
                }
                sink.put(br#""signature":""#);
                sink.put(sig.as_bytes());
                sink.put(b"\"");
            }
            Insert::General { comma } => {
                sink.put(br#""general":{"signature":""#);
                sink.put(sig.as_bytes());
                sink.put(b"\"}");
                if comma {
                    sink.put(b",");
                }
            }
        }
    }
}

impl Splice {
    fn plan<const V: usize, const D: usize>(doc: &Document<'_, V, D>) -> Result<Self, Error> {
        let mut edits = [(0usize, 0usize, Insert::Nothing); 2];
        let mut count = 0usize;
        let mut push = |e: (usize, usize, Insert)| {
            if let Some(slot) = edits.get_mut(count) {
                *slot = e;
                count = count.saturating_add(1);
            }
        };
        // Removal of a top-level `signature` member with its separator.
        let mut remaining = doc.top_count();
        if let Some(t) = doc.top_sig() {
            let e = doc.entry(t).ok_or(Error::MissingSignature)?;
            remaining = remaining.saturating_sub(1);
            let next = doc.entry(e.end()).filter(|n| n.parent().is_none());
            let prev = doc
                .entries()
                .iter()
                .take(usize::from(t))
                .rev()
                .find(|p| p.parent().is_none());
            let range = match (prev, next) {
                (Some(p), _) => (p.val_end(), e.val_end()),
                (None, Some(n)) => (e.member_start(), n.member_start()),
                (None, None) => (e.member_start(), e.val_end()),
            };
            push((range.0, range.1, Insert::Nothing));
        }
        match doc.general() {
            Some(g) => {
                let ge = doc.entry(g).ok_or(Error::GeneralNotObject)?;
                if ge.kind() != Kind::Object {
                    return Err(Error::GeneralNotObject);
                }
                if let Some(s) = doc.general_sig() {
                    let se = doc.entry(s).ok_or(Error::GeneralNotObject)?;
                    push((se.val_start(doc.input()), se.val_end(), Insert::Value));
                } else if let Some(last) = doc.general_last().and_then(|l| doc.entry(l)) {
                    let at = last.val_end();
                    push((at, at, Insert::Member { comma: true }));
                } else {
                    let at = ge.val_start(doc.input()).saturating_add(1);
                    push((at, at, Insert::Member { comma: false }));
                }
            }
            None => {
                let at = doc.root_start().saturating_add(1);
                push((
                    at,
                    at,
                    Insert::General {
                        comma: remaining > 0,
                    },
                ));
            }
        }
        let mut plan = Splice { edits, count };
        if let Some(edits) = plan.edits.get_mut(..plan.count) {
            edits.sort_unstable_by_key(|e| (e.0, e.1));
        }
        Ok(plan)
    }

    /// The edit that signs a body at its top level: the value of an existing
    /// top-level `signature` replaced, else the member appended.
    fn plan_top_level<const V: usize, const D: usize>(doc: &Document<'_, V, D>) -> Self {
        let edit = match doc.top_sig().and_then(|t| doc.entry(t)) {
            Some(e) => (e.val_start(doc.input()), e.val_end(), Insert::Value),
            None => match doc.entries().iter().rev().find(|e| e.parent().is_none()) {
                Some(last) => (
                    last.val_end(),
                    last.val_end(),
                    Insert::Member { comma: true },
                ),
                None => {
                    let at = doc.root_start().saturating_add(1);
                    (at, at, Insert::Member { comma: false })
                }
            },
        };
        Splice {
            edits: [edit, (0, 0, Insert::Nothing)],
            count: 1,
        }
    }

    fn edits(&self) -> &[(usize, usize, Insert)] {
        self.edits.get(..self.count).unwrap_or(&[])
    }

    fn len(&self, input_len: usize) -> usize {
        self.edits().iter().fold(input_len, |acc, &(s, e, ins)| {
            acc.saturating_sub(e.saturating_sub(s))
                .saturating_add(ins.len())
        })
    }

    fn write<S: Sink>(&self, input: &[u8], sig: &Signature, sink: &mut S) {
        let mut at = 0usize;
        for &(s, e, ins) in self.edits() {
            sink.put(input.get(at..s).unwrap_or(&[]));
            ins.write(sig, sink);
            at = e;
        }
        sink.put(input.get(at..).unwrap_or(&[]));
    }
}

fn encode(tag: &[u8; 64]) -> Signature {
    Signature(crate::b64::encode(tag))
}

/// Signs a request body with `secret` (see [`Signer::sign`]), refusing
/// ambiguous data (the default policy).
///
/// # Errors
/// Secret errors of [`Signer::new`]; parse errors of [`Document::parse`];
/// [`Error::Ambiguous`] for ambiguous data (a [`Signer`] made with
/// [`Signer::with_ambiguous_data`] opts in); [`Error::FloatUnsupported`] in a
/// build without the `float` feature, for a signed number with a fraction, an
/// exponent or beyond 64 bits.
pub fn sign(body: &[u8], secret: &[u8]) -> Result<Signature, Error> {
    Signer::new(secret)?.sign(body)
}

/// Verifies a signed body with `secret` (see [`Signer::verify`]).
///
/// # Errors
/// As [`Signer::verify`], plus the secret errors of [`Signer::new`].
pub fn verify(body: &[u8], secret: &[u8], mode: Mode) -> Result<Order, Error> {
    Signer::new(secret)?.verify(body, mode)
}

/// Writes a signed copy of a request body into `out` (see [`Signer::sign_body`]).
///
/// # Errors
/// As [`Signer::sign_body`], plus the secret errors of [`Signer::new`].
pub fn sign_body<'o>(body: &[u8], secret: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
    Signer::new(secret)?.sign_body(body, out)
}

/// Writes a copy of a callback or response body signed as the platform signs
/// it, with `secret` (see [`Signer::sign_as_platform`]; a test-side tool).
///
/// # Errors
/// As [`Signer::sign_as_platform`], plus the secret errors of [`Signer::new`].
pub fn sign_as_platform<'o>(
    body: &[u8],
    secret: &[u8],
    out: &'o mut [u8],
) -> Result<&'o [u8], Error> {
    Signer::new(secret)?.sign_as_platform(body, out)
}

/// The exact length of the signed copy of `body` (the signature's value does
/// not change it).
///
/// # Errors
/// Any parse error; [`Error::GeneralNotObject`].
pub fn signed_body_len(body: &[u8]) -> Result<usize, Error> {
    Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |doc| {
        Ok(Splice::plan(doc)?.len(body.len()))
    })?
}
