//! The signing engine: canonical string, signatures, signed copies,
//! verification, and the caller-owned reusable signer.

use core::mem::{align_of, size_of, MaybeUninit};

use monetix_gate::{Mode, Order, SecretPolicy, Signer, SIGNATURE_LEN};

use crate::boundary::{guard, guard_output};
use crate::slice::{finish, in_param, input, out_param, output, Out};
use crate::status::mnx_status;
use crate::{run, MNX_SIGNATURE_LEN};

/// Which line order a signature matched (spec section 3), from `mnx_verify_ex`.
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

fn mode(strict: bool) -> Mode {
    if strict {
        Mode::Strict
    } else {
        Mode::Tolerant
    }
}

/// Writes the canonical signing string of a JSON body (both signature
/// members and `frame_mode` left out, natural order) into `out`.
///
/// No NUL is appended. Errors in `body` take precedence over the buffer
/// size; then `MNX_STATUS_BUFFER_TOO_SMALL` sets `*out_len` to the size
/// needed and leaves `out` untouched.
#[no_mangle]
pub extern "C" fn mnx_canonical(
    body: *const u8,
    body_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?;
            // SAFETY: API contract: `out` is NULL or `out_cap` writable bytes;
            // `output` refuses an overlap with `body`.
            let out = unsafe { output(out, out_cap, &[body]) }?;
            // Core measures before writing: a small buffer is never written to.
            finish(monetix_gate::canonical(body, out).map(str::len), out_len)
        })
    })
}

/// Signs a request body with `secret`: writes the 88-character base64
/// signature (`MNX_SIGNATURE_LEN`, no NUL) into `out`.
///
/// The secret is checked strictly (`MNX_STATUS_EMPTY_SECRET`,
/// `MNX_STATUS_SUSPICIOUS_SECRET`); use `mnx_signer_init` with
/// `MNX_SECRET_ALLOW_ANY` to opt out. Errors in the inputs take precedence
/// over the buffer size.
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
    guard_output(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
            let secret = unsafe { input(secret, secret_len) }?;
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?;
            // SAFETY: API contract for `out`; overlap with the inputs refused.
            let out = unsafe { output(out, out_cap, &[body, secret]) }?;
            let sig = monetix_gate::sign(body, secret)?;
            put_signature(&sig, out, out_len)
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

/// Writes a signed copy of a request body into `out`: a top-level
/// `signature` is removed, `general.signature` set (`general` created if
/// absent), every other byte kept. The size needed never depends on the
/// secret. Secret checked strictly, as `mnx_sign`.
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
    guard_output(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
            let secret = unsafe { input(secret, secret_len) }?;
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?;
            // SAFETY: API contract for `out`; overlap with the inputs refused.
            let out = unsafe { output(out, out_cap, &[body, secret]) }?;
            let n = monetix_gate::sign_body(body, secret, out).map(<[u8]>::len);
            finish(n, out_len)
        })
    })
}

/// Verifies a signed body (callback or signed response) with `secret`.
///
/// Returns `MNX_STATUS_OK` if the signature matches,
/// `MNX_STATUS_SIGNATURE_MISMATCH` if it does not (whatever is wrong with
/// it), or an input error. `strict` accepts only the canonical line order;
/// otherwise the two byte orders of the spec are accepted too.
#[no_mangle]
pub extern "C" fn mnx_verify(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    strict: bool,
) -> mnx_status {
    guard(|| {
        run(|| {
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
            let secret = unsafe { input(secret, secret_len) }?;
            monetix_gate::verify(body, secret, mode(strict))?;
            Ok(())
        })
    })
}

/// As `mnx_verify`, and on success writes the line order that matched to
/// `*out_order`.
#[no_mangle]
pub extern "C" fn mnx_verify_ex(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    strict: bool,
    out_order: *mut mnx_order,
) -> mnx_status {
    guard(|| {
        run(|| {
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
            let secret = unsafe { input(secret, secret_len) }?;
            // SAFETY: API contract: `out_order` is NULL or a writable `mnx_order`.
            let out_order = unsafe { out_param(out_order) }?;
            let order = monetix_gate::verify(body, secret, mode(strict))?;
            out_order.set(order.into());
            Ok(())
        })
    })
}

// ---- the caller-owned signer ------------------------------------------------

/// Bytes of an `mnx_signer`.
pub const MNX_SIGNER_SIZE: usize = 512;
/// Alignment of an `mnx_signer` (the header declares it with `MNX_ALIGNED`).
pub const MNX_SIGNER_ALIGN: usize = 16;
/// `mnx_signer_init` flag: use the secret's bytes as they are, without
/// refusing leading/trailing whitespace or invisible characters (an empty
/// secret is still refused).
pub const MNX_SECRET_ALLOW_ANY: u32 = 1;

/// A reusable signer, owned by the caller: the HMAC key set up once by
/// `mnx_signer_init`, used by `mnx_signer_*` and the `*_with` functions,
/// wiped by `mnx_signer_wipe`. It can live on the stack or in a static; it
/// holds no pointers and nothing to free. Do not copy an initialised signer
/// (a copy is a second copy of the key state that `mnx_signer_wipe` of the
/// original does not reach). Declare it zero-initialised (`= {0}`) so that a
/// forgotten `mnx_signer_init` is reported as
/// `MNX_STATUS_SIGNER_UNINITIALIZED`. Signing with one signer from several
/// threads at once is safe; `init` and `wipe` need exclusive access.
#[repr(C, align(16))]
#[allow(non_camel_case_types)]
pub struct mnx_signer {
    /// Opaque.
    pub _private: [u64; 64],
}

/// Marker in the last word of an initialised signer ("mnxsignr").
const SIGNER_MAGIC: u64 = u64::from_le_bytes(*b"mnxsignr");
/// Index of the marker word.
const MAGIC_WORD: usize = 63;

// The core signer must fit in front of the marker word, at the storage's
// alignment; and the storage must be what the header says.
const _: () = assert!(size_of::<Signer>() <= MAGIC_WORD * size_of::<u64>());
const _: () = assert!(align_of::<Signer>() <= align_of::<mnx_signer>());
const _: () = assert!(size_of::<mnx_signer>() == MNX_SIGNER_SIZE);
const _: () = assert!(align_of::<mnx_signer>() == MNX_SIGNER_ALIGN);
const _: () = assert!(MNX_SIGNATURE_LEN == SIGNATURE_LEN);

/// The signer stored in an initialised `mnx_signer`.
///
/// Rust code never reads `_private` as integers except the marker word:
/// after `mnx_signer_init` the words under the `Signer` may hold its padding
/// (uninitialised bytes as far as Rust is concerned); only raw-pointer
/// copies and `&Signer` touch them.
///
/// # Safety
/// `p` must be non-NULL, aligned and point to an `mnx_signer` readable for `'a`.
unsafe fn signer_ref<'a>(p: *const mnx_signer) -> Result<&'a Signer, mnx_status> {
    // SAFETY: `p` is valid for reads of a whole `mnx_signer` (contract);
    // the marker word lies inside it and is a plain `u64`.
    let magic = unsafe { core::ptr::addr_of!((*p)._private[MAGIC_WORD]).read() };
    if magic != SIGNER_MAGIC {
        return Err(mnx_status::SignerUninitialized);
    }
    // SAFETY: the marker is only ever written by `mnx_signer_init`, right
    // after it wrote a valid `Signer` at offset 0 (aligned: asserted above)
    // and `mnx_signer_wipe` clears it together with the signer. A `Signer`
    // holds only plain integers (HMAC state, no pointers), so a byte copy
    // of the struct made by C is still a valid `Signer`. Only shared
    // references are created outside init/wipe, which take `*mut`.
    Ok(unsafe { &*p.cast::<Signer>() })
}

/// Zeroes the whole signer (key state and marker), volatile so the
/// compiler cannot drop it.
///
/// # Safety
/// `p` must be non-NULL, aligned and valid for writes of an `mnx_signer`.
unsafe fn signer_wipe(p: *mut mnx_signer) {
    // SAFETY: forwarded contract; `mnx_signer` is plain bytes with no drop
    // glue, and a `Signer` owns no resources (core is no-alloc), so
    // overwriting one without dropping it leaks nothing.
    unsafe { zeroize::zeroize_flat_type(p) };
}

/// Sets up `signer` with `secret`. `flags` is 0 (strict secret check) or
/// `MNX_SECRET_ALLOW_ANY`; other bits give `MNX_STATUS_INVALID_ARGUMENT`.
///
/// On success the previous content of `signer` (an older key) is wiped and
/// replaced; on error `signer` is left as it was. The library keeps no copy
/// of `secret`.
#[no_mangle]
pub extern "C" fn mnx_signer_init(
    signer: *mut mnx_signer,
    secret: *const u8,
    secret_len: usize,
    flags: u32,
) -> mnx_status {
    guard(|| {
        run(|| {
            if signer.is_null() {
                return Err(mnx_status::NullArgument);
            }
            // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
            let secret = unsafe { input(secret, secret_len) }?;
            if flags & !MNX_SECRET_ALLOW_ANY != 0 {
                return Err(mnx_status::InvalidArgument);
            }
            let policy = if flags & MNX_SECRET_ALLOW_ANY != 0 {
                SecretPolicy::AllowAny
            } else {
                SecretPolicy::Strict
            };
            // The keyed state lands in a `MaybeUninit` slot of this frame,
            // is copied into the caller's storage, and the slot is wiped:
            // the library keeps no second copy of the key state.
            let mut keyed = MaybeUninit::new(Signer::with_policy(secret, policy)?);
            // SAFETY: `signer` is non-NULL (checked) and, by the API
            // contract, an aligned, writable `mnx_signer`.
            unsafe { signer_wipe(signer) };
            // SAFETY: `keyed` holds an initialised `Signer`; offset 0 of the
            // storage is aligned for and large enough to hold one (const
            // asserts above) and does not overlap this stack slot. The
            // storage was just zeroed, so nothing is lost without a wipe.
            unsafe { core::ptr::copy_nonoverlapping(keyed.as_ptr(), signer.cast::<Signer>(), 1) };
            // SAFETY: `keyed` is a local `MaybeUninit` (any bytes are valid
            // for it, it has no drop glue) and is never read again; the
            // `Signer` it held now lives only in the caller's storage.
            unsafe { zeroize::zeroize_flat_type(core::ptr::addr_of_mut!(keyed)) };
            // SAFETY: the marker word is inside the struct, after the
            // `Signer` (asserted), aligned for `u64`.
            unsafe { core::ptr::addr_of_mut!((*signer)._private[MAGIC_WORD]).write(SIGNER_MAGIC) };
            Ok(())
        })
    })
}

/// Wipes the key state of `signer` (volatile zeroing). Afterwards it must be
/// initialised again before use. A NULL `signer` is ignored.
#[no_mangle]
pub extern "C" fn mnx_signer_wipe(signer: *mut mnx_signer) {
    guard(|| {
        if !signer.is_null() {
            // SAFETY: non-NULL, and by the API contract an aligned, writable
            // `mnx_signer` not in use by another thread.
            unsafe { signer_wipe(signer) };
        }
    });
}

/// Returns the signer of an export's `signer` argument.
///
/// # Safety
/// As [`signer_ref`], except that NULL is allowed (and reported).
pub(crate) unsafe fn signer_arg<'a>(p: *const mnx_signer) -> Result<&'a Signer, mnx_status> {
    // SAFETY: forwarded contract; NULL is checked by `in_param`.
    let _ = unsafe { in_param(p) }?;
    // SAFETY: non-NULL (checked above), otherwise forwarded contract.
    unsafe { signer_ref(p) }
}

/// As `mnx_sign`, with the key of an initialised `signer`.
#[no_mangle]
pub extern "C" fn mnx_signer_sign(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
            let signer = unsafe { signer_arg(signer) }?;
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?;
            // SAFETY: API contract for `out`; overlap with `body` refused.
            let out = unsafe { output(out, out_cap, &[body]) }?;
            let sig = signer.sign(body)?;
            put_signature(&sig, out, out_len)
        })
    })
}

/// As `mnx_sign_body`, with the key of an initialised `signer`.
#[no_mangle]
pub extern "C" fn mnx_signer_sign_body(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
            let signer = unsafe { signer_arg(signer) }?;
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?;
            // SAFETY: API contract for `out`; overlap with `body` refused.
            let out = unsafe { output(out, out_cap, &[body]) }?;
            let n = signer.sign_body(body, out).map(<[u8]>::len);
            finish(n, out_len)
        })
    })
}

/// As `mnx_verify_ex`, with the key of an initialised `signer`.
#[no_mangle]
pub extern "C" fn mnx_signer_verify(
    signer: *const mnx_signer,
    body: *const u8,
    body_len: usize,
    strict: bool,
    out_order: *mut mnx_order,
) -> mnx_status {
    guard(|| {
        run(|| {
            // SAFETY: API contract: `signer` is NULL or an aligned `mnx_signer`.
            let signer = unsafe { signer_arg(signer) }?;
            // SAFETY: API contract: `body` points to `body_len` readable bytes.
            let body = unsafe { input(body, body_len) }?;
            // SAFETY: API contract: `out_order` is NULL or a writable `mnx_order`.
            let out_order = unsafe { out_param(out_order) }?;
            let order = signer.verify(body, mode(strict))?;
            out_order.set(order.into());
            Ok(())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"general":{"project_id":1,"payment_id":"p"}}"#;
    const SECRET: &[u8] = b"secret";

    fn sign(signer: *const mnx_signer) -> (mnx_status, [u8; MNX_SIGNATURE_LEN]) {
        let mut sig = [0u8; MNX_SIGNATURE_LEN];
        let mut len = 0usize;
        let s = mnx_signer_sign(
            signer,
            BODY.as_ptr(),
            BODY.len(),
            sig.as_mut_ptr(),
            sig.len(),
            &mut len,
        );
        (s, sig)
    }

    /// The signer's unsafe storage, exercised from Rust (also under Miri:
    /// `cargo +nightly miri test -p monetix-gate-ffi`).
    #[test]
    fn signer_lifecycle() {
        let mut signer = mnx_signer { _private: [0; 64] };
        assert_eq!(sign(&signer).0, mnx_status::SignerUninitialized);
        let s = mnx_signer_init(&mut signer, SECRET.as_ptr(), SECRET.len(), 0);
        assert_eq!(s, mnx_status::Ok);
        let (s, sig) = sign(&signer);
        assert_eq!(s, mnx_status::Ok);
        let want = monetix_gate::sign(BODY, SECRET).unwrap();
        assert_eq!(&sig, want.as_bytes());
        // A byte copy of an initialised signer (C's `memcpy`, or a struct
        // assignment) still works: a `Signer` is plain data. The copy is
        // untyped: the words that hold the `Signer`'s padding are not
        // initialised `u64`s, which is why Rust never reads `_private` as
        // integers (only the marker word, always written).
        let mut copy = MaybeUninit::<mnx_signer>::uninit();
        // SAFETY: both are valid, aligned, distinct `mnx_signer` places.
        unsafe { core::ptr::copy_nonoverlapping(&signer, copy.as_mut_ptr(), 1) };
        assert_eq!(sign(copy.as_ptr()), (mnx_status::Ok, sig));
        // Re-init over an initialised signer, then wipe.
        let s = mnx_signer_init(&mut signer, b"other".as_ptr(), 5, MNX_SECRET_ALLOW_ANY);
        assert_eq!(s, mnx_status::Ok);
        assert_ne!(sign(&signer).1, sig);
        mnx_signer_wipe(&mut signer);
        assert!(signer._private.iter().all(|w| *w == 0));
        assert_eq!(sign(&signer).0, mnx_status::SignerUninitialized);
        mnx_signer_wipe(core::ptr::null_mut());
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
}
