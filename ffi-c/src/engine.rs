//! The signing engine: canonical string, signatures, signed copies,
//! verification, the options of the `*_opt` functions, the ambiguity
//! diagnostic, and the caller-owned reusable signer.

use core::mem::{align_of, size_of};
use core::sync::atomic::{fence, AtomicU64, Ordering};

use monetix_gate::json::Document;
use monetix_gate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use monetix_gate::SIGNATURE_LEN;
use monetix_gate::{ambiguity, AmbiguousData, Error, Mode, Order, SecretPolicy, Signer};
use zeroize::Zeroize;

use crate::boundary::{guard, guard_output};
use crate::slice::{display_into, finish, in_param, input, out_param, output, Out, Span};
use crate::status::mnx_status;
use crate::{run, MNX_SIGNATURE_LEN};

/// Which line order a signature matched (`docs/signature.md` section 3), from `mnx_verify_ex`.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_order {
    /// The canonical (PHP natural) order: the one used for signing.
    Natural = 0,
    /// Byte order of the paths (tolerant mode only).
    BytePath = 1,
    /// Byte order of the whole `path:value` lines (tolerant mode only).
    ByteLine = 2,
}

impl From<Order> for mnx_order {
    fn from(o: Order) -> Self {
        match o {
            Order::Natural => mnx_order::Natural,
            Order::BytePath => mnx_order::BytePath,
            Order::ByteLine => mnx_order::ByteLine,
        }
    }
}

/// The verification mode of a C `strict` argument.
pub(crate) fn mode(strict: bool) -> Mode {
    if strict {
        Mode::Strict
    } else {
        Mode::Tolerant
    }
}

// ---- flags and options --------------------------------------------------------

/// Flag of `mnx_signer_init` and of `mnx_options.flags`: use the secret's
/// bytes as they are, without refusing leading/trailing whitespace or
/// invisible characters (an empty secret is still refused).
pub const MNX_SECRET_ALLOW_ANY: u32 = 1;
/// Flag of `mnx_signer_init` and of `mnx_options.flags`: sign and verify
/// ambiguous data (`MNX_STATUS_AMBIGUOUS` otherwise) as the platform's
/// algorithm does. Risk: data signed or verified with it can be re-split
/// into a different, unambiguous body that then verifies with the same
/// signature, and so can data signed by any other signer of the same key.
pub const MNX_ALLOW_AMBIGUOUS: u32 = 2;

/// Flag of `mnx_options.flags`: accept an `account.bank_id` that is not in
/// the payout method's bank table (the platform warns that its tables change
/// without notice). It has an effect on the payout functions that take
/// options (`mnx_payout_sign_json`, the builders' `*_opt` functions, where it
/// does what the struct's `MNX_PAYOUT_ALLOW_UNLISTED_BANK` does) and none on
/// the others.
pub const MNX_ALLOW_UNLISTED_BANK: u32 = 4;

/// The flags `mnx_signer_init` knows.
const SIGNER_FLAGS: u32 = MNX_SECRET_ALLOW_ANY | MNX_ALLOW_AMBIGUOUS;
/// The flags `mnx_options` knows.
const OPTION_FLAGS: u32 = SIGNER_FLAGS | MNX_ALLOW_UNLISTED_BANK;

/// Options of the `*_opt` functions. Set `size` to `sizeof(mnx_options)`
/// (`MNX_OPTIONS(flags)` in the header fills both members): options added
/// in later versions go after `flags`, and `size` tells the library which
/// ones the caller knows. A `size` smaller than this struct gives
/// `MNX_STATUS_INVALID_ARGUMENT`; a larger one (a caller built against a
/// newer header) is accepted if every byte this version does not know is
/// zero.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_options {
    /// `sizeof(mnx_options)`.
    pub size: usize,
    /// 0 (the defaults: strict secret check, ambiguous data refused, bank
    /// IDs from the method's table), or any of `MNX_SECRET_ALLOW_ANY`,
    /// `MNX_ALLOW_AMBIGUOUS` and `MNX_ALLOW_UNLISTED_BANK`; other bits give
    /// `MNX_STATUS_INVALID_ARGUMENT`.
    pub flags: u32,
}

/// The policies a call runs with: the defaults, or what `flags` say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Policy {
    pub(crate) secret: SecretPolicy,
    pub(crate) ambiguous: AmbiguousData,
    /// `MNX_ALLOW_UNLISTED_BANK` (options only, never stored in a signer).
    pub(crate) unlisted_bank: bool,
}

impl Policy {
    /// The policies of `flags` (`MNX_STATUS_INVALID_ARGUMENT` for bits
    /// outside `known`).
    fn from_flags(flags: u32, known: u32) -> Result<Policy, mnx_status> {
        if flags & !known != 0 {
            return Err(mnx_status::InvalidArgument);
        }
        Ok(Policy {
            secret: if flags & MNX_SECRET_ALLOW_ANY != 0 {
                SecretPolicy::AllowAny
            } else {
                SecretPolicy::Strict
            },
            ambiguous: if flags & MNX_ALLOW_AMBIGUOUS != 0 {
                AmbiguousData::Allow
            } else {
                AmbiguousData::Refuse
            },
            unlisted_bank: flags & MNX_ALLOW_UNLISTED_BANK != 0,
        })
    }

    /// A signer keyed with `secret` under these policies.
    pub(crate) fn signer(self, secret: &[u8]) -> Result<Signer, Error> {
        Signer::with_policy(secret, self.secret).map(|s| s.with_ambiguous_data(self.ambiguous))
    }
}

/// Reads an `mnx_options` argument.
///
/// # Safety
/// If non-NULL and aligned, `p` points to a readable `size_t` and, when
/// that `size` is at least `sizeof(mnx_options)`, to `size` readable bytes.
pub(crate) unsafe fn options_arg(p: *const mnx_options) -> Result<Policy, mnx_status> {
    if p.is_null() {
        return Err(mnx_status::NullArgument);
    }
    if !p.is_aligned() {
        return Err(mnx_status::InvalidArgument);
    }
    // SAFETY: non-NULL and aligned (checked); the contract says the first
    // member is readable.
    let size = unsafe { core::ptr::addr_of!((*p).size).read() };
    let known = size_of::<mnx_options>();
    if size < known || size > isize::MAX as usize {
        return Err(mnx_status::InvalidArgument);
    }
    if size > known {
        // SAFETY: the caller says `size` bytes are readable at `p`, so the
        // `size - known` bytes after this version's struct are too.
        let tail = unsafe { input(p.cast::<u8>().wrapping_add(known), size - known) }?;
        if tail.iter().any(|b| *b != 0) {
            return Err(mnx_status::InvalidArgument);
        }
    }
    // SAFETY: `size >= sizeof(mnx_options)` bytes are readable; `flags` is
    // a plain `uint32_t` inside them.
    let flags = unsafe { core::ptr::addr_of!((*p).flags).read() };
    Policy::from_flags(flags, OPTION_FLAGS)
}

// ---- canonical string, one-shot signing and verification ---------------------

/// Writes the canonical signing string of a JSON body (both signature
/// members and `frame_mode` left out, natural order) into `out`.
///
/// No NUL is appended. Errors in `body` take precedence over the buffer
/// size; then `MNX_STATUS_BUFFER_TOO_SMALL` sets `*out_len` to the size
/// needed and leaves `out` untouched. The canonical string is never refused
/// for ambiguous data (it is what the platform computes).
///
/// Stack (x86_64): 23 KiB.
#[no_mangle]
pub extern "C" fn mnx_canonical(
    body: *const u8,
    body_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<22>(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            let inputs = [Span::of(body)];
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?.apart(&inputs)?;
            // SAFETY: API contract: `out` is NULL or `out_cap` writable bytes;
            // `output` refuses an overlap with `body` and `out_len`.
            let out = unsafe { output(out, out_cap, &[Span::of(body), out_len.span()]) }?;
            // Core measures before writing: a small buffer is never written to.
            finish(monetix_gate::canonical(body, out).map(str::len), out_len)
        })
    })
}

fn put_signature(
    sig: &monetix_gate::Signature,
    out: &mut [u8],
    out_len: Out<'_, usize>,
) -> Result<(), mnx_status> {
    let res = match out.get_mut(..SIGNATURE_LEN) {
        Some(dst) => {
            dst.copy_from_slice(sig.as_bytes());
            Ok(SIGNATURE_LEN)
        }
        None => Err(monetix_gate::Error::BufferTooSmall {
            needed: SIGNATURE_LEN,
        }),
    };
    finish(res, out_len)
}

/// [`Signer::sign_body`], with the C contract's order of errors: core
/// measures the copy before it looks for ambiguous data, and the C API
/// reports every error in the inputs before the buffer size. So when the
/// buffer is too small and the signer refuses ambiguous data, the body is
/// checked (core's keyless [`ambiguity::check`], the same rule signing
/// applies) before `BUFFER_TOO_SMALL` is returned.
pub(crate) fn sign_body_checked<'o>(
    signer: &Signer,
    body: &[u8],
    out: &'o mut [u8],
) -> Result<&'o [u8], Error> {
    match signer.sign_body(body, out) {
        Err(Error::BufferTooSmall { needed }) => {
            if !signer.ambiguous_data().allows() {
                ambiguity::check(body)?;
            }
            Err(Error::BufferTooSmall { needed })
        }
        other => other,
    }
}

/// What a one-shot signing export writes.
#[derive(Clone, Copy)]
enum Product {
    Signature,
    SignedBody,
    AsPlatform,
}

/// The body of `mnx_sign`, `mnx_sign_body` and their `_opt` forms:
/// `options` is `None` for the pinned functions (the defaults).
///
/// # Safety
/// Every pointer satisfies the API contract of the export.
#[allow(clippy::too_many_arguments)]
unsafe fn sign_export(
    product: Product,
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    options: Option<*const mnx_options>,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), mnx_status> {
    // SAFETY: API contract: `body` points to `body_len` readable bytes.
    let body = unsafe { input(body, body_len) }?;
    // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
    let secret = unsafe { input(secret, secret_len) }?;
    let policy = match options {
        // SAFETY: API contract: `options` is NULL or a valid `mnx_options`.
        Some(o) => unsafe { options_arg(o) }?,
        None => Policy::default(),
    };
    let inputs = [Span::of(body), Span::of(secret)];
    // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
    let out_len = unsafe { out_param(out_len) }?.apart(&inputs)?;
    // SAFETY: API contract for `out`; overlap with the inputs and `out_len` refused.
    let out = unsafe { output(out, out_cap, &[inputs[0], inputs[1], out_len.span()]) }?;
    let signer = policy.signer(secret)?;
    match product {
        Product::Signature => put_signature(&signer.sign(body)?, out, out_len),
        Product::SignedBody => finish(
            sign_body_checked(&signer, body, out).map(<[u8]>::len),
            out_len,
        ),
        Product::AsPlatform => finish(signer.sign_as_platform(body, out).map(<[u8]>::len), out_len),
    }
}

/// Signs a request body with `secret`: writes the 88-character base64
/// signature (`MNX_SIGNATURE_LEN`, no NUL) into `out`.
///
/// The secret is checked strictly (`MNX_STATUS_EMPTY_SECRET`,
/// `MNX_STATUS_SUSPICIOUS_SECRET`) and ambiguous data is refused
/// (`MNX_STATUS_AMBIGUOUS`); `mnx_sign_opt` takes the opt-outs. Errors in the
/// inputs take precedence over the buffer size.
///
/// Stack (x86_64): 19 KiB.
#[no_mangle]
pub extern "C" fn mnx_sign(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<18>(out, out_cap, || {
        run(|| {
            // SAFETY: the export's arguments under its API contract.
            unsafe {
                sign_export(
                    Product::Signature,
                    body,
                    body_len,
                    secret,
                    secret_len,
                    None,
                    out,
                    out_cap,
                    out_len,
                )
            }
        })
    })
}

/// As `mnx_sign`, with `options` (`MNX_SECRET_ALLOW_ANY`,
/// `MNX_ALLOW_AMBIGUOUS`; see `mnx_options`).
///
/// Stack (x86_64): 19 KiB.
#[no_mangle]
pub extern "C" fn mnx_sign_opt(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    options: *const mnx_options,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<18>(out, out_cap, || {
        run(|| {
            // SAFETY: the export's arguments under its API contract.
            unsafe {
                sign_export(
                    Product::Signature,
                    body,
                    body_len,
                    secret,
                    secret_len,
                    Some(options),
                    out,
                    out_cap,
                    out_len,
                )
            }
        })
    })
}

/// Writes a signed copy of a request body into `out`: a top-level
/// `signature` is removed, `general.signature` set (`general` created if
/// absent), every other byte kept. The size needed never depends on the
/// secret. Secret checked strictly and ambiguous data refused, as `mnx_sign`.
///
/// Stack (x86_64): 20 KiB.
#[no_mangle]
pub extern "C" fn mnx_sign_body(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<19>(out, out_cap, || {
        run(|| {
            // SAFETY: the export's arguments under its API contract.
            unsafe {
                sign_export(
                    Product::SignedBody,
                    body,
                    body_len,
                    secret,
                    secret_len,
                    None,
                    out,
                    out_cap,
                    out_len,
                )
            }
        })
    })
}

/// As `mnx_sign_body`, with `options` (see `mnx_options`).
///
/// Stack (x86_64): 20 KiB.
#[no_mangle]
pub extern "C" fn mnx_sign_body_opt(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    options: *const mnx_options,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<19>(out, out_cap, || {
        run(|| {
            // SAFETY: the export's arguments under its API contract.
            unsafe {
                sign_export(
                    Product::SignedBody,
                    body,
                    body_len,
                    secret,
                    secret_len,
                    Some(options),
                    out,
                    out_cap,
                    out_len,
                )
            }
        })
    })
}

/// **A test-side tool** (fake platforms, simulators, fixtures): writes a
/// copy of a callback or response body signed **as the platform signs it**
/// into `out`: the signature in the top-level `signature` member (its value
/// replaced, or the member appended), over every other line
/// (`general.signature`, if any, is ordinary data there). A merchant signs
/// requests with `mnx_sign_body` or the builders, never with this.
///
/// Secret checked strictly and ambiguous data refused, as `mnx_sign`;
/// errors in the body before the buffer size; size query and
/// `MNX_STATUS_BUFFER_TOO_SMALL` as everywhere.
///
/// Stack (x86_64): 20 KiB.
#[no_mangle]
pub extern "C" fn mnx_sign_as_platform(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<19>(out, out_cap, || {
        run(|| {
            // SAFETY: the export's arguments under its API contract.
            unsafe {
                sign_export(
                    Product::AsPlatform,
                    body,
                    body_len,
                    secret,
                    secret_len,
                    None,
                    out,
                    out_cap,
                    out_len,
                )
            }
        })
    })
}

/// The body of the one-shot verifications.
///
/// # Safety
/// Every pointer satisfies the API contract of the export.
unsafe fn verify_export(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    strict: bool,
    options: Option<*const mnx_options>,
    out_order: Option<*mut mnx_order>,
) -> Result<(), mnx_status> {
    // SAFETY: API contract: `body` points to `body_len` readable bytes.
    let body = unsafe { input(body, body_len) }?;
    // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
    let secret = unsafe { input(secret, secret_len) }?;
    let policy = match options {
        // SAFETY: API contract: `options` is NULL or a valid `mnx_options`.
        Some(o) => unsafe { options_arg(o) }?,
        None => Policy::default(),
    };
    let out_order = match out_order {
        // SAFETY: API contract: `out_order` is NULL or a writable `mnx_order`.
        Some(p) => Some(unsafe { out_param(p) }?.apart(&[Span::of(body), Span::of(secret)])?),
        None => None,
    };
    let order = policy.signer(secret)?.verify(body, mode(strict))?;
    if let Some(o) = out_order {
        o.set(order.into());
    }
    Ok(())
}

/// Verifies a signed body (callback or signed response) with `secret`.
///
/// Returns `MNX_STATUS_OK` if the signature matches,
/// `MNX_STATUS_SIGNATURE_MISMATCH` if it does not (whatever is wrong with
/// it), `MNX_STATUS_AMBIGUOUS` for ambiguous data (checked before any MAC),
/// or an input error. `strict` accepts only the canonical line order;
/// otherwise the two byte orders of the spec are accepted too.
///
/// A match means the holder of the key signed exactly these lines. Members
/// that make no line are not signed: empty objects and arrays, `frame_mode`
/// members, and the difference between `null` and `""`.
///
/// Stack (x86_64): 21 KiB.
#[no_mangle]
pub extern "C" fn mnx_verify(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    strict: bool,
) -> mnx_status {
    guard::<20, _>(|| {
        run(|| {
            // SAFETY: the export's arguments under its API contract.
            unsafe { verify_export(body, body_len, secret, secret_len, strict, None, None) }
        })
    })
}

/// As `mnx_verify`, and on success writes the line order that matched to
/// `*out_order`.
///
/// Stack (x86_64): 21 KiB.
#[no_mangle]
pub extern "C" fn mnx_verify_ex(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    strict: bool,
    out_order: *mut mnx_order,
) -> mnx_status {
    guard::<20, _>(|| {
        run(|| {
            // SAFETY: the export's arguments under its API contract.
            unsafe {
                verify_export(
                    body,
                    body_len,
                    secret,
                    secret_len,
                    strict,
                    None,
                    Some(out_order),
                )
            }
        })
    })
}

/// As `mnx_verify_ex`, with `options` (see `mnx_options`).
///
/// Stack (x86_64): 21 KiB.
#[no_mangle]
pub extern "C" fn mnx_verify_opt(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    strict: bool,
    options: *const mnx_options,
    out_order: *mut mnx_order,
) -> mnx_status {
    guard::<20, _>(|| {
        run(|| {
            // SAFETY: the export's arguments under its API contract.
            unsafe {
                verify_export(
                    body,
                    body_len,
                    secret,
                    secret_len,
                    strict,
                    Some(options),
                    Some(out_order),
                )
            }
        })
    })
}

/// Says which member of `body` makes it ambiguous, as signing and
/// verification check it (no key needed): writes core's explanation into
/// `out`, e.g. `customer.id: a ';' followed by ':' could forge a signed
/// line` (UTF-8, no NUL).
///
/// `MNX_STATUS_OK` with `*out_len == 0` when nothing is ambiguous; the
/// parse errors of `body` as the other functions report them. Size query
/// and `MNX_STATUS_BUFFER_TOO_SMALL` as everywhere (`*out_len` = the exact
/// size needed, `out` untouched).
///
/// Stack (x86_64): 18 KiB.
#[no_mangle]
pub extern "C" fn mnx_ambiguity_explain(
    body: *const u8,
    body_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<17>(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?.apart(&[Span::of(body)])?;
            // SAFETY: API contract for `out`; overlap with `body` and `out_len` refused.
            let out = unsafe { output(out, out_cap, &[Span::of(body), out_len.span()]) }?;
            match ambiguity::check(body) {
                Ok(()) => {
                    out_len.set(0);
                    Ok(())
                }
                Err(e @ Error::Ambiguous { .. }) => {
                    finish(ambiguity::explain(body, &e, out).map(str::len), out_len)
                }
                Err(e) => Err(e.into()),
            }
        })
    })
}

/// Says why `body` is not a JSON body this library accepts, as core words
/// it, with the byte offset: e.g. `duplicate key in one object at byte 30`
/// for the `MNX_STATUS_DUPLICATE_KEY` of a reader, a verification or
/// `mnx_payout_sign_json` (UTF-8, no NUL). The limits are the library's
/// (`MNX_MAX_VALUES` values, depth `MNX_MAX_DEPTH`).
///
/// `MNX_STATUS_OK` with `*out_len == 0` when the body parses. Size query
/// and `MNX_STATUS_BUFFER_TOO_SMALL` as everywhere.
///
/// Stack (x86_64): 18 KiB.
#[no_mangle]
pub extern "C" fn mnx_json_explain(
    body: *const u8,
    body_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<17>(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?.apart(&[Span::of(body)])?;
            // SAFETY: API contract for `out`; overlap with `body` and `out_len` refused.
            let out = unsafe { output(out, out_cap, &[Span::of(body), out_len.span()]) }?;
            match Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(body, |_| ()) {
                Ok(()) => {
                    out_len.set(0);
                    Ok(())
                }
                Err(e) => finish(display_into(&e, out), out_len),
            }
        })
    })
}

// ---- the caller-owned signer ------------------------------------------------

/// Bytes of an `mnx_signer`.
pub const MNX_SIGNER_SIZE: usize = 512;
/// Alignment of an `mnx_signer` (the header declares it with `MNX_ALIGNED`).
pub const MNX_SIGNER_ALIGN: usize = 16;

/// A reusable signer, owned by the caller: the HMAC key set up once by
/// `mnx_signer_init`, used by `mnx_signer_*` and the `*_with` functions,
/// wiped by `mnx_signer_wipe`. It can live on the stack or in a static; it
/// holds no pointers and nothing to free. Do not copy an initialised signer
/// (a copy is a second copy of the key state that `mnx_signer_wipe` of the
/// original does not reach). Declare it zero-initialised (`= {0}`) so that a
/// forgotten `mnx_signer_init` is reported as
/// `MNX_STATUS_SIGNER_UNINITIALIZED`.
///
/// Signing and verifying with one signer from several threads at once is
/// safe. A call that overlaps `mnx_signer_init` or `mnx_signer_wipe` of the
/// same signer in another thread fails closed: it uses the old key or the
/// new one, or returns `MNX_STATUS_SIGNER_UNINITIALIZED`, never a half-written
/// state. Two `init`/`wipe` calls on one signer must not overlap each other.
/// A signer whose bytes were changed by anything else gives
/// `MNX_STATUS_INVALID_ARGUMENT`.
#[repr(C, align(16))]
#[allow(non_camel_case_types)]
pub struct mnx_signer {
    /// Opaque.
    pub _private: [u64; 64],
}

// Layout of the 64 words (private; C sees 512 opaque bytes):
//
//   0 .. IMAGE_WORDS        core's `Signer`, byte for byte (its HMAC state
//                           and its ambiguity policy)
//   IMAGE_WORDS .. 60       zero
//   60  POLICY_WORD         byte 0: ambiguous data (0 refuse, 1 allow),
//                           byte 1: secret policy (0 strict, 1 any),
//                           byte 7: LAYOUT; the others zero
//   61  CHECK_WORD          check over words 0..=60 and the sequence number
//   62  SEQ_WORD            sequence number: odd while init/wipe write
//   63  MAGIC_WORD          SIGNER_MAGIC when initialised
//
// Every word is accessed as an `AtomicU64` (the reader/writer protocol of a
// sequence lock, with the memory orderings of `publish` and `load_signer`).

/// Marker of an initialised signer ("mnxsignr").
const SIGNER_MAGIC: u64 = u64::from_le_bytes(*b"mnxsignr");
/// Words holding core's `Signer`.
const IMAGE_WORDS: usize = size_of::<Signer>().div_ceil(8);
const POLICY_WORD: usize = 60;
const CHECK_WORD: usize = 61;
const SEQ_WORD: usize = 62;
const MAGIC_WORD: usize = 63;
/// Layout version, in the policy word.
const LAYOUT: u64 = 1;

// The core signer must fit in front of the policy word, in whole words, at
// the storage's alignment; and the storage must be what the header says.
const _: () = assert!(IMAGE_WORDS <= POLICY_WORD);
const _: () = assert!(size_of::<Signer>() == IMAGE_WORDS * 8);
const _: () = assert!(align_of::<Signer>() <= align_of::<SignerCopy>());
const _: () = assert!(size_of::<[u64; IMAGE_WORDS]>() == size_of::<Signer>());
const _: () = assert!(size_of::<mnx_signer>() == MNX_SIGNER_SIZE);
const _: () = assert!(align_of::<mnx_signer>() == MNX_SIGNER_ALIGN);
const _: () = assert!(align_of::<AtomicU64>() <= MNX_SIGNER_ALIGN);
const _: () = assert!(MNX_SIGNATURE_LEN == SIGNATURE_LEN);

/// A copy of a stored signer, for one call: made in place in the export's
/// frame (never moved once filled: a move would leave a copy of the key
/// state behind) and wiped when dropped. [`signer_arg`] fills it and lends
/// out the `Signer` in it.
#[repr(C, align(16))]
pub(crate) struct SignerCopy {
    words: [u64; IMAGE_WORDS],
}

impl SignerCopy {
    /// An empty copy (all zero, not a `Signer`).
    pub(crate) const fn new() -> Self {
        SignerCopy {
            words: [0; IMAGE_WORDS],
        }
    }
}

impl Drop for SignerCopy {
    fn drop(&mut self) {
        // A `Signer` owns no resources: overwriting one without dropping it
        // leaks nothing. Volatile writes (`zeroize`), so they stay.
        self.words.zeroize();
    }
}

/// One step of the check: a bijection of `w` for a fixed `h` and of `h` for
/// a fixed `w`, so that changing any one word always changes the result.
const fn mix(h: u64, w: u64) -> u64 {
    (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(31)
}

/// Start of the check.
const CHECK_SEED: u64 = SIGNER_MAGIC ^ LAYOUT;

fn encode_policy(p: Policy) -> u64 {
    let ambiguous = u64::from(p.ambiguous.allows());
    let secret = u64::from(p.secret == SecretPolicy::AllowAny);
    ambiguous | (secret << 8) | (LAYOUT << 56)
}

/// The ambiguity policy of a policy word, if every byte of it is in range.
fn decode_policy(w: u64) -> Option<AmbiguousData> {
    let [ambiguous, secret, 0, 0, 0, 0, 0, layout] = w.to_le_bytes() else {
        return None;
    };
    if u64::from(layout) != LAYOUT || secret > 1 {
        return None;
    }
    match ambiguous {
        0 => Some(AmbiguousData::Refuse),
        1 => Some(AmbiguousData::Allow),
        _ => None,
    }
}

/// Word `i` of the storage, as an atomic.
///
/// # Safety
/// `p` is non-NULL, aligned and valid for reads and writes of a whole
/// `mnx_signer` for `'a`, every access to it during `'a` is through this
/// function (the API contract: C code does not write a signer in use), and
/// `i < 64`.
unsafe fn word<'a>(p: *const mnx_signer, i: usize) -> &'a AtomicU64 {
    debug_assert!(i < 64);
    // SAFETY: word `i` is inside the storage (`i < 64`), aligned for `u64`
    // and `AtomicU64` (the storage is 16-aligned, asserted above), and only
    // accessed atomically while the reference lives (contract).
    unsafe { AtomicU64::from_ptr(p.cast::<u64>().cast_mut().add(i)) }
}

/// Copies the `Signer` at `keyed` into the image words and zeroes the words
/// up to the policy word.
///
/// The words are read from `keyed` with volatile loads: a `Signer` has bytes
/// no code ever wrote (its HMAC block buffer, which `block-buffer` keeps as
/// `MaybeUninit`, and its padding), and a volatile load gives a fixed value
/// for them (whatever the stack held). Once stored they do not change, so
/// the check computed afterwards from the storage ([`image_check`]) is the
/// check every later reader recomputes.
///
/// # Safety
/// As [`word`]; `keyed` points to an initialised `Signer`.
#[cfg(not(miri))]
unsafe fn write_image(p: *mut mnx_signer, keyed: *const Signer) {
    let src = keyed.cast::<u64>();
    for i in 0..POLICY_WORD {
        let w = if i < IMAGE_WORDS {
            // SAFETY: `i < IMAGE_WORDS` words of a `Signer` (whole words,
            // asserted), aligned for `u64`.
            unsafe { src.add(i).read_volatile() }
        } else {
            0
        };
        // SAFETY: forwarded contract; `i < 64`.
        unsafe { word(p, i) }.store(w, Ordering::Relaxed);
    }
    // SAFETY: the image words lie inside the storage (forwarded contract).
    unsafe { valgrind::mark_defined(p.cast::<u8>(), IMAGE_WORDS * 8) };
}

/// Miri's version of [`write_image`]: an untyped copy (Miri sees the
/// `Signer`'s unwritten bytes as uninitialised and refuses to read them as
/// integers; the check guards C memory, which Miri's tests do not corrupt,
/// and is not computed under Miri).
///
/// # Safety
/// As [`write_image`].
#[cfg(miri)]
unsafe fn write_image(p: *mut mnx_signer, keyed: *const Signer) {
    for i in IMAGE_WORDS..POLICY_WORD {
        // SAFETY: forwarded contract; `i < 64`.
        unsafe { word(p, i) }.store(0, Ordering::Relaxed);
    }
    // SAFETY: the storage holds `IMAGE_WORDS` words at offset 0, aligned for
    // a `Signer`, and does not overlap the caller's local `keyed`.
    unsafe { core::ptr::copy_nonoverlapping(keyed, p.cast::<Signer>(), 1) };
}

/// Reads the words up to the policy word (copying the image words into
/// `img` when given); returns the check over them, and whether the words
/// after the image are all zero.
///
/// # Safety
/// As [`word`].
#[cfg(not(miri))]
unsafe fn read_image(p: *const mnx_signer, mut img: Option<&mut SignerCopy>) -> (u64, bool) {
    let mut h = CHECK_SEED;
    let mut zero_tail = true;
    for i in 0..POLICY_WORD {
        // SAFETY: forwarded contract; `i < 64`.
        let w = unsafe { word(p, i) }.load(Ordering::Relaxed);
        if i < IMAGE_WORDS {
            if let Some(dst) = img.as_deref_mut().and_then(|m| m.words.get_mut(i)) {
                *dst = w;
            }
        } else {
            zero_tail &= w == 0;
        }
        h = mix(h, w);
    }
    (h, zero_tail)
}

/// Miri's version of [`read_image`] (see [`write_image`]).
///
/// # Safety
/// As [`read_image`].
#[cfg(miri)]
unsafe fn read_image(p: *const mnx_signer, img: Option<&mut SignerCopy>) -> (u64, bool) {
    let mut zero_tail = true;
    for i in IMAGE_WORDS..POLICY_WORD {
        // SAFETY: forwarded contract; `i < 64`.
        zero_tail &= unsafe { word(p, i) }.load(Ordering::Relaxed) == 0;
    }
    if let Some(img) = img {
        // SAFETY: the storage's first `IMAGE_WORDS` words are readable and
        // do not overlap the local `img`.
        unsafe {
            core::ptr::copy_nonoverlapping(p.cast::<u64>(), img.words.as_mut_ptr(), IMAGE_WORDS)
        };
    }
    (0, zero_tail)
}

/// The check over the stored words up to the policy word.
///
/// # Safety
/// As [`word`].
unsafe fn image_check(p: *const mnx_signer) -> u64 {
    // SAFETY: forwarded contract.
    unsafe { read_image(p, None) }.0
}

/// The check a stored signer must carry.
fn check(image: u64, policy: u64, seq: u64) -> u64 {
    if cfg!(miri) {
        return 0;
    }
    mix(mix(image, policy), seq)
}

/// Starts a write: clears the marker, makes the sequence number odd.
/// Returns the odd sequence number.
///
/// # Safety
/// As [`word`].
unsafe fn begin_write(p: *mut mnx_signer) -> u64 {
    // SAFETY: forwarded contract.
    let (magic, seq) = unsafe { (word(p, MAGIC_WORD), word(p, SEQ_WORD)) };
    // Not initialised any more: a reader that starts now fails at once.
    magic.store(0, Ordering::Relaxed);
    // A signer initialised for the first time may hold anything (C need not
    // zero it first); the sequence number goes on from whatever it holds.
    // SAFETY: the sequence word lies inside the storage (forwarded contract).
    unsafe { valgrind::mark_defined(seq.as_ptr().cast::<u8>(), 8) };
    let odd = seq.load(Ordering::Relaxed) | 1;
    seq.store(odd, Ordering::Relaxed);
    // Orders the two stores above before every store of the new state: a
    // reader that sees any of the new state (and then runs its acquire
    // fence) sees the marker cleared or the sequence number changed.
    fence(Ordering::Release);
    odd
}

/// Writes an initialised signer: the marker cleared first, then the state,
/// then the sequence number and the marker, last, with release ordering.
///
/// # Safety
/// As [`word`], with no other `init`/`wipe` of `p` running; `keyed` points
/// to an initialised `Signer` outside the storage.
unsafe fn publish(p: *mut mnx_signer, keyed: *const Signer, policy: Policy) {
    // SAFETY: forwarded contract.
    let odd = unsafe { begin_write(p) };
    // SAFETY: forwarded contract.
    unsafe { write_image(p, keyed) };
    // SAFETY: forwarded contract.
    let image = unsafe { image_check(p) };
    let policy = encode_policy(policy);
    let even = odd.wrapping_add(1);
    // SAFETY: forwarded contract.
    unsafe {
        word(p, POLICY_WORD).store(policy, Ordering::Relaxed);
        word(p, CHECK_WORD).store(check(image, policy, even), Ordering::Relaxed);
        word(p, SEQ_WORD).store(even, Ordering::Release);
        word(p, MAGIC_WORD).store(SIGNER_MAGIC, Ordering::Release);
    }
}

/// Zeroes the key state, the policy and the check; leaves the marker
/// cleared and the sequence number even (and never reused: a reader that
/// started before the wipe cannot mistake a later init for the state it
/// began to copy).
///
/// # Safety
/// As [`publish`].
unsafe fn retract(p: *mut mnx_signer) {
    // SAFETY: forwarded contract.
    let odd = unsafe { begin_write(p) };
    for i in 0..SEQ_WORD {
        // SAFETY: forwarded contract; `i < 64`. Atomic stores to memory
        // the caller owns are never elided.
        unsafe { word(p, i) }.store(0, Ordering::Relaxed);
    }
    // SAFETY: forwarded contract.
    unsafe { word(p, SEQ_WORD) }.store(odd.wrapping_add(1), Ordering::Release);
}

/// Copies the signer stored in `p` into `copy` and lends it out, or says
/// why there is none.
///
/// Fails closed: `MNX_STATUS_SIGNER_UNINITIALIZED` if the marker is absent,
/// a write is in progress, or the marker or sequence number changed while
/// the state was copied (an `init` or `wipe` in another thread);
/// `MNX_STATUS_INVALID_ARGUMENT` if the copy does not carry its check or a
/// field is out of range (memory changed by something else). Only then is
/// the copy used as a `Signer`.
///
/// # Safety
/// As [`word`] (reads only).
unsafe fn load_signer(p: *const mnx_signer, copy: &mut SignerCopy) -> Result<&Signer, mnx_status> {
    // SAFETY: forwarded contract.
    let (magic, seq) = unsafe { (word(p, MAGIC_WORD), word(p, SEQ_WORD)) };
    if magic.load(Ordering::Acquire) != SIGNER_MAGIC {
        return Err(mnx_status::SignerUninitialized);
    }
    let before = seq.load(Ordering::Acquire);
    if before & 1 == 1 {
        return Err(mnx_status::SignerUninitialized);
    }
    // SAFETY: forwarded contract.
    let (image, zero_tail) = unsafe { read_image(p, Some(&mut *copy)) };
    // SAFETY: forwarded contract.
    let (policy, stored) = unsafe {
        (
            word(p, POLICY_WORD).load(Ordering::Relaxed),
            word(p, CHECK_WORD).load(Ordering::Relaxed),
        )
    };
    // Orders the loads above before the re-checks below: if any of them saw
    // a store of a writer that began after `before`, the re-check sees that
    // writer's odd sequence number (or a later one) or its cleared marker.
    fence(Ordering::Acquire);
    if seq.load(Ordering::Relaxed) != before || magic.load(Ordering::Relaxed) != SIGNER_MAGIC {
        return Err(mnx_status::SignerUninitialized);
    }
    if stored != check(image, policy, before) || !zero_tail {
        return Err(mnx_status::InvalidArgument);
    }
    let ambiguous = decode_policy(policy).ok_or(mnx_status::InvalidArgument)?;
    // SAFETY: no writer ran while the words were copied (the sequence number
    // and marker did not change) and the copy carries the check that
    // `publish` computed over exactly the words it copied from a valid
    // `Signer` (any one changed word changes the check; a random change
    // passes with probability 2^-64). So `copy` holds that `Signer`'s bytes;
    // it is aligned for and as large as a `Signer` (asserted), and a
    // `Signer` holds no pointers, so a byte copy is a valid, independent
    // value. It stays in `copy`, which wipes it when dropped.
    let signer = unsafe { &*copy.words.as_ptr().cast::<Signer>() };
    // The policy `init` stored beside the state must be the state's own.
    if signer.ambiguous_data() != ambiguous {
        return Err(mnx_status::InvalidArgument);
    }
    Ok(signer)
}

/// Keys a `Signer` under `policy` and writes it into `slot`.
#[inline(never)]
fn key_into(policy: Policy, secret: &[u8], slot: &mut SignerCopy) -> Result<(), Error> {
    let keyed = policy.signer(secret)?;
    // SAFETY: `slot.words` is aligned for and exactly as large as a `Signer`
    // (asserted) and holds plain integers (nothing to drop); the `Signer`
    // moves into it and is wiped with it.
    unsafe { slot.words.as_mut_ptr().cast::<Signer>().write(keyed) };
    Ok(())
}

/// Sets up `signer` with `secret`. `flags` is 0 (strict secret check,
/// ambiguous data refused) or any of `MNX_SECRET_ALLOW_ANY` and
/// `MNX_ALLOW_AMBIGUOUS` (see its risk); other bits give
/// `MNX_STATUS_INVALID_ARGUMENT`.
///
/// On success the previous content of `signer` (an older key) is wiped and
/// replaced; on error `signer` is left as it was. The library keeps no copy
/// of `secret`.
///
/// Stack (x86_64): 8 KiB.
#[no_mangle]
pub extern "C" fn mnx_signer_init(
    signer: *mut mnx_signer,
    secret: *const u8,
    secret_len: usize,
    flags: u32,
) -> mnx_status {
    guard::<7, _>(|| {
        run(|| {
            if signer.is_null() {
                return Err(mnx_status::NullArgument);
            }
            if !signer.is_aligned() {
                return Err(mnx_status::InvalidArgument);
            }
            // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
            let secret = unsafe { input(secret, secret_len) }?;
            let policy = Policy::from_flags(flags, SIGNER_FLAGS)?;
            // The keyed state is made in a frame of its own (`key_into`),
            // lands in `slot`, is copied into the caller's storage, and the
            // slot is wiped when it goes out of scope; the dead frame of
            // `key_into`, where the moves of the new `Signer` left copies,
            // is overwritten before anything else runs. The library keeps no
            // second copy of the key state.
            let mut slot = SignerCopy::new();
            let keyed = key_into(policy, secret, &mut slot);
            crate::boundary::burn_stack::<7>();
            keyed?;
            // SAFETY: `signer` is non-NULL and aligned (checked) and, by the
            // API contract, a writable `mnx_signer` that no other init/wipe
            // is writing; `slot` holds an initialised `Signer` (`key_into`
            // succeeded) on this stack.
            unsafe { publish(signer, slot.words.as_ptr().cast::<Signer>(), policy) };
            Ok(())
        })
    })
}

/// Wipes the key state of `signer`. Afterwards it must be initialised again
/// before use (`MNX_STATUS_SIGNER_UNINITIALIZED`). A NULL (or misaligned)
/// `signer` is ignored. Every byte of the key state is zeroed; an internal
/// 8-byte sequence number stays, so that a call racing with the wipe in
/// another thread fails closed.
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_signer_wipe(signer: *mut mnx_signer) {
    guard::<2, _>(|| {
        if !signer.is_null() && signer.is_aligned() {
            // SAFETY: non-NULL, aligned, and by the API contract a writable
            // `mnx_signer` that no other init/wipe is writing.
            unsafe { retract(signer) };
        }
    });
}

/// The signer of an export's `signer` argument, copied into `copy` (a
/// local of the export, wiped when it goes out of scope). NULL:
/// `MNX_STATUS_NULL_ARGUMENT`; misaligned or corrupted:
/// `MNX_STATUS_INVALID_ARGUMENT`; see [`load_signer`].
///
/// # Safety
/// `p` is NULL or points to an `mnx_signer` valid for the call (API contract).
pub(crate) unsafe fn signer_arg(
    p: *const mnx_signer,
    copy: &mut SignerCopy,
) -> Result<&Signer, mnx_status> {
    // SAFETY: forwarded contract; NULL and alignment are checked by `in_param`.
    let _ = unsafe { in_param(p) }?;
    // SAFETY: non-NULL and aligned (checked above), otherwise forwarded contract.
    unsafe { load_signer(p, copy) }
}

/// As `mnx_sign`, with the key (and policies) of an initialised `signer`.
///
/// Stack (x86_64): 19 KiB.
#[no_mangle]
pub extern "C" fn mnx_signer_sign(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<18>(out, out_cap, || {
        run(|| {
            let mut copy = SignerCopy::new();
            // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
            let key = unsafe { signer_arg(signer, &mut copy) }?;
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            let inputs = [Span::of(body), Span::of_ptr(signer)];
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?.apart(&inputs)?;
            // SAFETY: API contract for `out`; overlap with `body`, the signer
            // and `out_len` refused.
            let out = unsafe { output(out, out_cap, &[inputs[0], inputs[1], out_len.span()]) }?;
            let sig = key.sign(body)?;
            put_signature(&sig, out, out_len)
        })
    })
}

/// As `mnx_sign_body`, with the key (and policies) of an initialised `signer`.
///
/// Stack (x86_64): 19 KiB.
#[no_mangle]
pub extern "C" fn mnx_signer_sign_body(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<18>(out, out_cap, || {
        run(|| {
            let mut copy = SignerCopy::new();
            // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
            let key = unsafe { signer_arg(signer, &mut copy) }?;
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            let inputs = [Span::of(body), Span::of_ptr(signer)];
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?.apart(&inputs)?;
            // SAFETY: API contract for `out`; overlap with `body`, the signer
            // and `out_len` refused.
            let out = unsafe { output(out, out_cap, &[inputs[0], inputs[1], out_len.span()]) }?;
            let n = sign_body_checked(key, body, out).map(<[u8]>::len);
            finish(n, out_len)
        })
    })
}

/// As `mnx_verify_ex`, with the key (and policies) of an initialised `signer`.
///
/// Stack (x86_64): 20 KiB.
#[no_mangle]
pub extern "C" fn mnx_signer_verify(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    strict: bool,
    out_order: *mut mnx_order,
) -> mnx_status {
    guard::<19, _>(|| {
        run(|| {
            let mut copy = SignerCopy::new();
            // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
            let key = unsafe { signer_arg(signer, &mut copy) }?;
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `out_order` is NULL or a writable `mnx_order`.
            let out_order =
                unsafe { out_param(out_order) }?.apart(&[Span::of(body), Span::of_ptr(signer)])?;
            let order = key.verify(body, mode(strict))?;
            out_order.set(order.into());
            Ok(())
        })
    })
}

/// Valgrind's client request `VALGRIND_MAKE_MEM_DEFINED` (memcheck.h), for
/// the bytes of a stored signer that no code wrote (see [`write_image`]):
/// stored once and never changed, they are as good as defined, and the
/// check over them is what a reader recomputes. Natively the instruction
/// sequence does nothing (four rotations of `rdi` by 128 bits in all, and
/// `xchg rbx, rbx`); under valgrind it is the documented request. Other
/// targets have no request.
mod valgrind {
    /// Marks `len` bytes at `p` as defined for valgrind's memcheck.
    ///
    /// # Safety
    /// `p .. p + len` is memory the caller may access.
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    pub(super) unsafe fn mark_defined(p: *const u8, len: usize) {
        /// `VG_USERREQ_TOOL_BASE('M', 'C') + 2`.
        const MAKE_MEM_DEFINED: u64 = ((b'M' as u64) << 24 | (b'C' as u64) << 16) + 2;
        let args: [u64; 6] = [MAKE_MEM_DEFINED, p as u64, len as u64, 0, 0, 0];
        // SAFETY: natively the sequence changes no register but the flags
        // (the rotations of `rdi` add up to 128 bits; `rdi` and `rdx` are
        // declared clobbered anyway) and touches no memory; valgrind reads
        // `args` (six words, alive for the block) and writes its result to
        // `rdx`.
        unsafe {
            core::arch::asm!(
                "rol rdi, 3",
                "rol rdi, 13",
                "rol rdi, 61",
                "rol rdi, 51",
                "xchg rbx, rbx",
                in("rax") args.as_ptr(),
                inout("rdx") 0u64 => _,
                inout("rdi") 0u64 => _,
                options(nostack, readonly),
            );
        }
    }

    /// No request on this target.
    ///
    /// # Safety
    /// None needed.
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    pub(super) unsafe fn mark_defined(_p: *const u8, _len: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::MaybeUninit;

    const BODY: &[u8] = br#"{"general":{"project_id":1,"payment_id":"p"}}"#;
    const AMBIGUOUS: &[u8] = br#"{"general":{"project_id":1,"payment_id":"p;x:y"}}"#;
    const SECRET: &[u8] = b"secret";

    fn sign_with(signer: *const mnx_signer, body: &[u8]) -> (mnx_status, [u8; MNX_SIGNATURE_LEN]) {
        let mut sig = [0u8; MNX_SIGNATURE_LEN];
        let mut len = 0usize;
        let s = mnx_signer_sign(
            signer,
            body.as_ptr(),
            body.len(),
            sig.as_mut_ptr(),
            sig.len(),
            &mut len,
        );
        (s, sig)
    }

    fn sign(signer: *const mnx_signer) -> (mnx_status, [u8; MNX_SIGNATURE_LEN]) {
        sign_with(signer, BODY)
    }

    fn init(signer: &mut mnx_signer, flags: u32) -> mnx_status {
        mnx_signer_init(signer, SECRET.as_ptr(), SECRET.len(), flags)
    }

    /// The signer's unsafe storage, exercised from Rust (also under Miri:
    /// `cargo +nightly miri test -p monetix-gate-ffi`).
    #[test]
    fn signer_lifecycle() {
        let mut signer = mnx_signer { _private: [0; 64] };
        assert_eq!(sign(&signer).0, mnx_status::SignerUninitialized);
        assert_eq!(init(&mut signer, 0), mnx_status::Ok);
        let (s, sig) = sign(&signer);
        assert_eq!(s, mnx_status::Ok);
        let want = monetix_gate::sign(BODY, SECRET).unwrap();
        assert_eq!(&sig, want.as_bytes());
        // A byte copy of an initialised signer (C's `memcpy`, or a struct
        // assignment) still works: a `Signer` is plain data and the check
        // does not depend on where the bytes are.
        let mut copy = MaybeUninit::<mnx_signer>::uninit();
        // SAFETY: both are valid, aligned, distinct `mnx_signer` places.
        unsafe { core::ptr::copy_nonoverlapping(&signer, copy.as_mut_ptr(), 1) };
        assert_eq!(sign(copy.as_ptr()), (mnx_status::Ok, sig));
        // Re-init over an initialised signer, then wipe.
        let s = mnx_signer_init(&mut signer, b"other".as_ptr(), 5, MNX_SECRET_ALLOW_ANY);
        assert_eq!(s, mnx_status::Ok);
        assert_ne!(sign(&signer).1, sig);
        mnx_signer_wipe(&mut signer);
        for (i, w) in signer._private.iter().enumerate() {
            // Only the sequence number stays (even: no write in progress).
            if i == SEQ_WORD {
                assert!(*w != 0 && *w % 2 == 0, "sequence {w}");
            } else {
                assert_eq!(*w, 0, "word {i}");
            }
        }
        assert_eq!(sign(&signer).0, mnx_status::SignerUninitialized);
        // Initialised again after a wipe: the sequence number moves on.
        let seq = signer._private[SEQ_WORD];
        assert_eq!(init(&mut signer, 0), mnx_status::Ok);
        assert_eq!(signer._private[SEQ_WORD], seq + 2);
        assert_eq!(sign(&signer), (mnx_status::Ok, sig));
        mnx_signer_wipe(core::ptr::null_mut());
    }

    #[test]
    fn signer_flags_and_ambiguity() {
        let mut signer = mnx_signer { _private: [0; 64] };
        for bad in [4u32, 8, 1 << 31, u32::MAX] {
            assert_eq!(init(&mut signer, bad), mnx_status::InvalidArgument);
        }
        assert!(
            signer._private.iter().all(|w| *w == 0),
            "untouched on error"
        );
        assert_eq!(init(&mut signer, 0), mnx_status::Ok);
        assert_eq!(sign_with(&signer, AMBIGUOUS).0, mnx_status::Ambiguous);
        assert_eq!(init(&mut signer, MNX_ALLOW_AMBIGUOUS), mnx_status::Ok);
        let (s, sig) = sign_with(&signer, AMBIGUOUS);
        assert_eq!(s, mnx_status::Ok);
        let allow = Signer::new(SECRET)
            .unwrap()
            .with_ambiguous_data(AmbiguousData::Allow);
        assert_eq!(&sig, allow.sign(AMBIGUOUS).unwrap().as_bytes());
    }

    /// Recomputes the check of a signer whose words a test changed, so that
    /// the fields themselves (not the check) are what is refused.
    fn reseal(signer: &mut mnx_signer) {
        let w = &signer._private;
        let mut h = CHECK_SEED;
        for x in w.iter().take(POLICY_WORD) {
            h = mix(h, *x);
        }
        signer._private[CHECK_WORD] = check(h, w[POLICY_WORD], w[SEQ_WORD]);
    }

    #[test]
    // Under Miri there is no check word (see `write_image`).
    #[cfg_attr(miri, ignore)]
    fn corrupted_signer_is_refused() {
        let mut good = mnx_signer { _private: [0; 64] };
        assert_eq!(init(&mut good, 0), mnx_status::Ok);
        // Every word but the marker, changed: never used as a key.
        for i in 0..64 {
            if i == MAGIC_WORD {
                continue;
            }
            for flip in [1u64, 1 << 40, u64::MAX] {
                let mut bad = mnx_signer {
                    _private: good._private,
                };
                bad._private[i] ^= flip;
                let (s, _) = sign(&bad);
                let want = if i == SEQ_WORD && flip & 1 == 1 {
                    mnx_status::SignerUninitialized // looks like a write in progress
                } else {
                    mnx_status::InvalidArgument
                };
                assert_eq!(s, want, "word {i} ^ {flip:#x}");
            }
        }
        // A policy word out of range, with a matching check: the fields are
        // validated themselves, not only through the check.
        for policy in [
            2u64 | (LAYOUT << 56),      // ambiguous-data byte 2
            0xFF | (LAYOUT << 56),      // ambiguous-data byte 255
            (2 << 8) | (LAYOUT << 56),  // secret-policy byte 2
            (1 << 16) | (LAYOUT << 56), // a reserved byte set
            0,                          // no layout version
            7 << 56,                    // another layout version
        ] {
            let mut bad = mnx_signer {
                _private: good._private,
            };
            bad._private[POLICY_WORD] = policy;
            reseal(&mut bad);
            assert_eq!(sign(&bad).0, mnx_status::InvalidArgument, "{policy:#x}");
        }
        // A non-zero word after the image, with a matching check.
        if IMAGE_WORDS < POLICY_WORD {
            let mut bad = mnx_signer {
                _private: good._private,
            };
            bad._private[IMAGE_WORDS] = 1;
            reseal(&mut bad);
            assert_eq!(sign(&bad).0, mnx_status::InvalidArgument);
        }
        // The unchanged signer still works.
        let mut same = mnx_signer {
            _private: good._private,
        };
        reseal(&mut same);
        assert_eq!(sign(&same).0, mnx_status::Ok);
    }

    #[test]
    fn one_shot_functions() {
        let mut out = [0xAAu8; 256];
        let mut len = usize::MAX;
        let s = mnx_canonical(
            BODY.as_ptr(),
            BODY.len(),
            core::ptr::null_mut(),
            0,
            &mut len,
        );
        assert_eq!((s, len), (mnx_status::BufferTooSmall, 41));
        let s = mnx_canonical(BODY.as_ptr(), BODY.len(), out.as_mut_ptr(), 40, &mut len);
        assert_eq!((s, len), (mnx_status::BufferTooSmall, 41));
        assert!(out.iter().all(|b| *b == 0xAA));
        let s = mnx_sign_body(
            BODY.as_ptr(),
            BODY.len(),
            SECRET.as_ptr(),
            SECRET.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut len,
        );
        assert_eq!(s, mnx_status::Ok);
        let mut order = mnx_order::ByteLine;
        let s = mnx_verify_ex(
            out.as_ptr(),
            len,
            SECRET.as_ptr(),
            SECRET.len(),
            true,
            &mut order,
        );
        assert_eq!((s, order), (mnx_status::Ok, mnx_order::Natural));
        // Overlapping output and input are refused.
        let p = out.as_mut_ptr();
        let s = mnx_canonical(p, 10, p.wrapping_add(5), 100, &mut len);
        assert_eq!(s, mnx_status::InvalidArgument);
    }

    #[test]
    fn options() {
        let opts = |size: usize, flags: u32| mnx_options { size, flags };
        let known = size_of::<mnx_options>();
        let mut sig = [0u8; MNX_SIGNATURE_LEN];
        let mut len = 0usize;
        let mut run = |o: *const mnx_options, body: &[u8]| {
            mnx_sign_opt(
                body.as_ptr(),
                body.len(),
                SECRET.as_ptr(),
                SECRET.len(),
                o,
                sig.as_mut_ptr(),
                sig.len(),
                &mut len,
            )
        };
        assert_eq!(run(&opts(known, 0), AMBIGUOUS), mnx_status::Ambiguous);
        assert_eq!(
            run(&opts(known, MNX_ALLOW_AMBIGUOUS), AMBIGUOUS),
            mnx_status::Ok
        );
        assert_eq!(run(&opts(known, 0), BODY), mnx_status::Ok);
        assert_eq!(run(&opts(known - 1, 0), BODY), mnx_status::InvalidArgument);
        assert_eq!(run(&opts(0, 0), BODY), mnx_status::InvalidArgument);
        // MNX_ALLOW_UNLISTED_BANK is an option (without effect here); 8 is none.
        assert_eq!(
            run(&opts(known, MNX_ALLOW_UNLISTED_BANK), BODY),
            mnx_status::Ok
        );
        assert_eq!(run(&opts(known, 8), BODY), mnx_status::InvalidArgument);
        assert_eq!(run(core::ptr::null(), BODY), mnx_status::NullArgument);
        // A larger struct from a newer header: its unknown bytes must be zero.
        #[repr(C)]
        struct Newer {
            base: mnx_options,
            more: u64,
        }
        let newer = |more| Newer {
            base: opts(size_of::<Newer>(), MNX_ALLOW_AMBIGUOUS),
            more,
        };
        assert_eq!(run(&newer(0).base, AMBIGUOUS), mnx_status::Ok);
        assert_eq!(run(&newer(7).base, AMBIGUOUS), mnx_status::InvalidArgument);
    }

    #[test]
    fn explain() {
        let mut out = [0xAAu8; 128];
        let mut len = usize::MAX;
        let s = mnx_ambiguity_explain(BODY.as_ptr(), BODY.len(), out.as_mut_ptr(), 128, &mut len);
        assert_eq!((s, len), (mnx_status::Ok, 0));
        let s = mnx_ambiguity_explain(
            AMBIGUOUS.as_ptr(),
            AMBIGUOUS.len(),
            core::ptr::null_mut(),
            0,
            &mut len,
        );
        let want = "general.payment_id: a ';' followed by ':' could forge a signed line";
        assert_eq!((s, len), (mnx_status::BufferTooSmall, want.len()));
        let s = mnx_ambiguity_explain(
            AMBIGUOUS.as_ptr(),
            AMBIGUOUS.len(),
            out.as_mut_ptr(),
            want.len() - 1,
            &mut len,
        );
        assert_eq!(s, mnx_status::BufferTooSmall);
        assert!(out.iter().all(|b| *b == 0xAA));
        let s = mnx_ambiguity_explain(
            AMBIGUOUS.as_ptr(),
            AMBIGUOUS.len(),
            out.as_mut_ptr(),
            128,
            &mut len,
        );
        assert_eq!(s, mnx_status::Ok);
        assert_eq!(out.get(..len).unwrap(), want.as_bytes());
        let s = mnx_ambiguity_explain(b"{".as_ptr(), 1, out.as_mut_ptr(), 128, &mut len);
        assert_eq!(s, mnx_status::MalformedJson);
    }
}
