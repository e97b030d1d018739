//! Requests from JSON fields: core's request reader (`payout::read`, build
//! mode, over a parsed `json::Document`) reads the caller's JSON, core
//! validates and signs. Every violation the reader reports is converted for
//! C (`mnx_violation_ex`, with the hint and the detail), and
//! `mnx_violation_message` gives its line as core prints it.

use monetix_gate::json::Document;
use monetix_gate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use monetix_gate::payout::read::{self, Mode, Read, ReadError};
use monetix_gate::payout::status::StatusRequest;
use monetix_gate::payout::{cambodia, colombia, Detail, Method, Options, Violation, Violations};
use monetix_gate::source::{DocumentSource, Source};
use monetix_gate::Error;

use crate::boundary::guard_output;
use crate::engine::{mnx_options, options_arg};
use crate::payout::{field_arg, method_arg, mnx_method, reason_arg, Key, MNX_MAX_VIOLATIONS};
use crate::run;
use crate::slice::{
    display_into, finish, in_param, input, mnx_str, opt_field, out_param, output, str_field, Out,
    Span,
};
use crate::status::mnx_status;

/// What the `method`, `bank_id` and `currency` of an `mnx_violation_ex`
/// hold, for its message.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum mnx_detail {
    /// Nothing beyond the path, the reason and the hint.
    None = 0,
    /// `account.bank_id` (`bank_id`) is not in `method`'s bank table.
    Bank = 1,
    /// `payment.currency` (`currency`, as given) is not one of `method`'s.
    Currency = 2,
    /// A detail this version of the C API has no value for.
    Other = 99,
}

/// One violation found reading a request from JSON fields: everything core
/// knows about it, so that `mnx_violation_message` can give its line.
///
/// The enum members are `int32_t` (the struct is also an input of
/// `mnx_violation_message`, where any value is safe); compare them with the
/// enum constants. Strings point into the caller's fields and scratch (or
/// are static): keep both while you use the violation.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_violation_ex {
    /// An `mnx_field`: the parameter (`MNX_FIELD_EXTRA` for an extra
    /// parameter, a member the request does not have, or the list as a whole).
    pub field: i32,
    /// An `mnx_reason`: what is wrong (`mnx_reason_str` gives the words).
    pub reason: i32,
    /// The dotted path, e.g. `customer.emial` (empty for the last entry of
    /// a full list, `MNX_REASON_MORE`).
    pub path: mnx_str,
    /// For an unknown member, the path of a known one with a close name
    /// (`customer.email`), static; `{ NULL, 0 }` if none.
    pub hint: mnx_str,
    /// An `mnx_detail`: which of the next three members hold something.
    pub detail: i32,
    /// The payout method (`mnx_method`) of `MNX_DETAIL_BANK` and
    /// `MNX_DETAIL_CURRENCY`; 0 otherwise.
    pub method: i32,
    /// The bank ID given (`MNX_DETAIL_BANK`).
    pub bank_id: u32,
    /// The currency given (`MNX_DETAIL_CURRENCY`; empty if unknown).
    pub currency: mnx_str,
}

/// Every violation of one read: `items[0 .. len]`, in the order found (a
/// full list ends with an `MNX_REASON_MORE` entry standing for the rest).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct mnx_violation_list {
    /// The violations.
    pub items: [mnx_violation_ex; MNX_MAX_VIOLATIONS],
    /// Number of `items` filled.
    pub len: usize,
}

const _: () = assert!(MNX_MAX_VIOLATIONS == monetix_gate::payout::MAX_VIOLATIONS);

fn c_method(m: Method) -> i32 {
    match m {
        Method::Cambodia => mnx_method::Cambodia as i32,
        Method::Colombia => mnx_method::Colombia as i32,
    }
}

impl From<&Violation<'_>> for mnx_violation_ex {
    fn from(v: &Violation<'_>) -> Self {
        let (detail, method, bank_id, currency) = match v.detail {
            Detail::None => (mnx_detail::None, 0, 0, mnx_str::EMPTY),
            Detail::Bank { id, method } => (mnx_detail::Bank, c_method(method), id, mnx_str::EMPTY),
            Detail::Currency { given, method } => (
                mnx_detail::Currency,
                c_method(method),
                0,
                mnx_str::from_str(given),
            ),
            _ => (mnx_detail::Other, 0, 0, mnx_str::EMPTY),
        };
        mnx_violation_ex {
            field: crate::payout::mnx_field::from(v.field) as i32,
            reason: crate::payout::mnx_reason::from(v.reason) as i32,
            path: mnx_str::from_str(v.path),
            hint: v.hint.map_or(mnx_str::EMPTY, mnx_str::from_str),
            detail: detail as i32,
            method,
            bank_id,
            currency,
        }
    }
}

impl From<&Violations<'_>> for mnx_violation_list {
    fn from(list: &Violations<'_>) -> Self {
        let empty = mnx_violation_ex {
            field: 0,
            reason: 0,
            path: mnx_str::EMPTY,
            hint: mnx_str::EMPTY,
            detail: 0,
            method: 0,
            bank_id: 0,
            currency: mnx_str::EMPTY,
        };
        let mut items = [empty; MNX_MAX_VIOLATIONS];
        for (dst, v) in items.iter_mut().zip(list) {
            *dst = v.into();
        }
        mnx_violation_list {
            items,
            len: list.len(),
        }
    }
}

/// Core's violation back from a C one (the inverse of the `From` above).
///
/// # Safety
/// The strings of `v` satisfy the `mnx_str` contract for the call.
unsafe fn violation_arg(v: &mnx_violation_ex) -> Result<Violation<'_>, mnx_status> {
    // SAFETY: forwarded contract.
    let hint = unsafe { opt_field(v.hint) }?;
    // SAFETY: core's `Violation` holds a `'static` hint (its hints are
    // static text); this one is the caller's, valid for the call, and the
    // violation holding it is formatted and dropped before the export
    // returns: the reference is never used after the bytes may go.
    let hint: Option<&'static str> = hint.map(|h| unsafe { &*core::ptr::from_ref::<str>(h) });
    let detail = match v.detail {
        d if d == mnx_detail::None as i32 => Detail::None,
        d if d == mnx_detail::Bank as i32 => Detail::Bank {
            id: v.bank_id,
            method: method_arg(v.method)?,
        },
        d if d == mnx_detail::Currency as i32 => Detail::Currency {
            // SAFETY: forwarded contract.
            given: unsafe { opt_field(v.currency) }?.unwrap_or(""),
            method: method_arg(v.method)?,
        },
        _ => return Err(mnx_status::InvalidArgument),
    };
    Ok(Violation {
        field: field_arg(v.field)?,
        // SAFETY: forwarded contract.
        path: unsafe { str_field(v.path) }?,
        reason: reason_arg(v.reason)?,
        hint,
        detail,
    })
}

/// Writes the line of a violation as core prints it into `out` (UTF-8, no
/// NUL): `path: reason`, the facts that lead to the fix (the unlisted bank's
/// ID and the switch that allows it, the currencies a method takes) and the
/// hint (`customer.emial: unknown parameter (...); did you mean
/// customer.email?`). The same line as the command line and Python give.
///
/// The strings of `*violation` must still be valid (the fields and scratch
/// of the call that filled it). Size query and `MNX_STATUS_BUFFER_TOO_SMALL`
/// as everywhere. A member out of range (an unknown field, reason, detail or
/// method value) gives `MNX_STATUS_INVALID_ARGUMENT`; a string that is not
/// UTF-8, `MNX_STATUS_INVALID_UTF8`.
///
/// Stack (x86_64): 3 KiB.
#[no_mangle]
pub extern "C" fn mnx_violation_message(
    violation: *const mnx_violation_ex,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> mnx_status {
    guard_output::<2>(out, out_cap, || {
        run(|| {
            // SAFETY: API contract: `violation` is NULL or a readable
            // `mnx_violation_ex` (any bit pattern is one: integers and pointers).
            let v = unsafe { in_param(violation) }?;
            let inputs = [Span::of_ptr(violation)];
            // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
            let out_len = unsafe { out_param(out_len) }?.apart(&inputs)?;
            // SAFETY: API contract for `out`; overlap with the violation and
            // `out_len` refused (not checked for the strings it points to).
            let out = unsafe { output(out, out_cap, &[inputs[0], out_len.span()]) }?;
            // SAFETY: API contract: the violation's strings are valid.
            let v = unsafe { violation_arg(v) }?;
            finish(display_into(&v, out), out_len)
        })
    })
}

/// A request read from JSON fields: what core's reader gives for each
/// request type.
enum Fields<'a> {
    Cambodia(Read<'a, cambodia::Payout<'a>>),
    Colombia(Read<'a, colombia::Payout<'a>>),
    Status(Read<'a, StatusRequest<'a>>),
}

impl Fields<'_> {
    /// Core's reader for `method` (`None`: the payment status request) over
    /// `src`, into `scratch`. Violations go to `*violations` (if given) and
    /// give `MNX_STATUS_INVALID`; a scratch that is too small gives
    /// `MNX_STATUS_BUFFER_TOO_SMALL` and the size needed.
    ///
    /// Core's result (its violations by value) stays in the frame of one
    /// [`take`] per request type: the callers only see the request.
    // Core's `ReadError` carries its violations by value (core has no heap).
    #[allow(clippy::result_large_err)]
    fn read<'a, S: Source<'a>>(
        method: Option<Method>,
        src: &S,
        opts: Options,
        scratch: &'a mut [u8],
        violations: Option<Out<'_, mnx_violation_list>>,
    ) -> Result<Fields<'a>, (mnx_status, usize)> {
        let mode = Mode::Build;
        match method {
            Some(Method::Cambodia) => take(
                || read::cambodia(src, mode, opts, scratch),
                Fields::Cambodia,
                violations,
            ),
            Some(Method::Colombia) => take(
                || read::colombia(src, mode, opts, scratch),
                Fields::Colombia,
                violations,
            ),
            None => take(
                || read::status(src, mode, opts, scratch),
                Fields::Status,
                violations,
            ),
        }
    }

    /// Parses `fields` and reads the request from them into `scratch`;
    /// gives the request and the scratch the fields need, or an error and
    /// that need (`MNX_STATUS_BUFFER_TOO_SMALL` when `scratch` is short;
    /// `MNX_STATUS_INVALID` after writing `*violations`).
    ///
    /// In a frame of its own: the request borrows the fields and the
    /// scratch, not the parsed document, so the document's table (12 KiB)
    /// and the reader's frames are off the stack before signing needs its
    /// own.
    #[inline(never)]
    fn parse<'a>(
        method: Option<Method>,
        fields: &'a [u8],
        opts: Options,
        scratch: &'a mut [u8],
        violations: Out<'_, mnx_violation_list>,
    ) -> Result<(Fields<'a>, usize), (mnx_status, usize)> {
        let read = Document::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>::parse_then(fields, |doc| {
            let src = DocumentSource::new(doc);
            // Core's reader measures before it writes: first without scratch.
            let need = match Fields::read(method, &src, opts, &mut [], None) {
                Err((mnx_status::BufferTooSmall, needed)) => needed,
                _ => 0,
            };
            if need > scratch.len() {
                return Err((mnx_status::BufferTooSmall, need));
            }
            match Fields::read(method, &src, opts, scratch, Some(violations)) {
                Ok(read) => Ok((read, need)),
                Err((status, _)) => Err((status, need)),
            }
        });
        read.map_err(|e| (e.into(), 0))?
    }

    /// Signs the request with `key` into `out`; returns the length.
    fn sign(&self, key: &Key<'_>, out: &mut [u8]) -> Result<usize, Error> {
        let base = Options::new();
        match self {
            Fields::Cambodia(r) => key.sign(&r.payout(), base, out),
            Fields::Colombia(r) => key.sign(&r.payout(), base, out),
            Fields::Status(r) => key.sign(&r.request(), base, out),
        }
        .map(<[u8]>::len)
    }
}

/// Runs one of core's readers (`read`) and converts what it gives: the
/// request (`wrap`), or its violations written to `*violations` (if given)
/// as `MNX_STATUS_INVALID`, or `MNX_STATUS_BUFFER_TOO_SMALL` with the
/// scratch size needed.
#[inline(never)]
fn take<'a, R>(
    read: impl FnOnce() -> Result<R, ReadError<'a>>,
    wrap: impl FnOnce(R) -> Fields<'a>,
    violations: Option<Out<'_, mnx_violation_list>>,
) -> Result<Fields<'a>, (mnx_status, usize)> {
    match read() {
        Ok(r) => Ok(wrap(r)),
        Err(ReadError::Invalid(v)) => {
            if let Some(out) = violations {
                report(&v, out);
            }
            Err((mnx_status::Invalid, 0))
        }
        Err(ReadError::Error(Error::BufferTooSmall { needed })) => {
            Err((mnx_status::BufferTooSmall, needed))
        }
        Err(ReadError::Error(e)) => Err((e.into(), 0)),
    }
}

/// Writes `list` to `*out`, the C list made in a frame of its own (off the
/// reader's path).
#[inline(never)]
fn report(list: &Violations<'_>, out: Out<'_, mnx_violation_list>) {
    out.set(list.into());
}

/// The body of the `*_sign_json` exports.
///
/// # Safety
/// Every pointer satisfies the API contract of the export.
#[allow(clippy::too_many_arguments)]
unsafe fn sign_json(
    method: Option<Method>,
    fields: *const u8,
    fields_len: usize,
    secret: *const u8,
    secret_len: usize,
    options: *const mnx_options,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    violations: *mut mnx_violation_list,
) -> Result<(), mnx_status> {
    // SAFETY: API contract: `fields` points to `fields_len` readable bytes.
    let fields = unsafe { input(fields, fields_len) }?;
    // SAFETY: API contract: `secret` points to `secret_len` readable bytes.
    let secret = unsafe { input(secret, secret_len) }?;
    // SAFETY: API contract: `options` is NULL or a valid `mnx_options`.
    let policy = unsafe { options_arg(options) }?;
    let inputs = [Span::of(fields), Span::of(secret)];
    // Each output is refused if it overlaps an input or an output before it.
    // SAFETY: API contract: `scratch_needed` is NULL or a writable `size_t`.
    let scratch_needed = unsafe { out_param(scratch_needed) }?.apart(&inputs)?;
    // SAFETY: API contract: `out_len` is NULL or a writable `size_t`.
    let out_len =
        unsafe { out_param(out_len) }?.apart(&[inputs[0], inputs[1], scratch_needed.span()])?;
    // SAFETY: API contract: `violations` is NULL or a writable list.
    let violations = unsafe { out_param(violations) }?.apart(&[
        inputs[0],
        inputs[1],
        scratch_needed.span(),
        out_len.span(),
    ])?;
    let mut taken = [
        inputs[0],
        inputs[1],
        scratch_needed.span(),
        out_len.span(),
        violations.span(),
        Span::of(&[]),
    ];
    // SAFETY: API contract: `scratch` is NULL (with 0) or `scratch_cap`
    // writable bytes.
    let scratch = unsafe { output(scratch, scratch_cap, &taken) }?;
    taken[5] = Span::of(scratch);
    // SAFETY: API contract: `out` is NULL (with 0) or `out_cap` writable bytes.
    let out = unsafe { output(out, out_cap, &taken) }?;
    let key = Key::Secret(secret, policy);
    let opts = policy.options(Options::new());
    let (read, need) = match Fields::parse(method, fields, opts, scratch, violations) {
        Ok(r) => r,
        Err((mnx_status::BufferTooSmall, need)) => {
            scratch_needed.set(need);
            return Err(mnx_status::BufferTooSmall);
        }
        Err((status, _)) => return Err(status),
    };
    match read.sign(&key, out) {
        Ok(n) => {
            out_len.set(n);
            Ok(())
        }
        // The scratch sufficed: it is `out` that is short.
        Err(Error::BufferTooSmall { needed }) => {
            scratch_needed.set(need);
            out_len.set(needed);
            Err(mnx_status::BufferTooSmall)
        }
        Err(e) => Err(e.into()),
    }
}

/// Reads a payout of `method` (an `mnx_method`) from JSON `fields` in the
/// shape of its body, as the platform's examples print it
/// (`{"general":{...},"customer":{...},"account":{...},"payment":{...}}`),
/// validates it and writes its signed body (as `mnx_cambodia_payout_sign`
/// does) into `out`.
///
/// Core's request reader decides, as for the command line and Python:
/// an absent (or `null`) required field is `MNX_REASON_REQUIRED`, a value
/// of the wrong type `MNX_REASON_NOT_STRING` / `NOT_INTEGER` /
/// `NOT_BANK_ID` / `NOT_OBJECT`, a member the request does not have
/// `MNX_REASON_UNKNOWN` (with a `hint` when a known name is close), a
/// signature or `frame_mode` member `MNX_REASON_RESERVED`. Extra Gate
/// parameters go only in a top-level `"extras"` object mapping dotted paths
/// to strings, integers or booleans (`{"customer.country":"KH"}`).
///
/// `options` (required; `MNX_OPTIONS(0)` for the defaults): `MNX_ALLOW_UNLISTED_BANK`,
/// `MNX_ALLOW_AMBIGUOUS`, `MNX_SECRET_ALLOW_ANY`.
///
/// Results, in this order: argument errors; the parse errors of `fields`
/// (`MNX_STATUS_MALFORMED_JSON`, `MNX_STATUS_DUPLICATE_KEY`, ...;
/// `mnx_json_explain` gives the message with its byte offset); a scratch too
/// small; `MNX_STATUS_INVALID` with **every** violation in `*violations`
/// (`mnx_violation_message` gives each line); `out` too small; the
/// secret's errors; `MNX_STATUS_OK` with the body in `out`.
///
/// Strings with JSON escapes and the paths of unknown members are written
/// into `scratch` (fields without escapes or unknown members need none:
/// NULL, 0); the violations point into `fields` and `scratch`.
/// `MNX_STATUS_BUFFER_TOO_SMALL` always sets `*scratch_needed` to the exact
/// scratch these fields need; when `scratch_cap` is at least that, it is
/// `out` that is short and `*out_len` gets its exact size
/// (`MNX_MAX_CAMBODIA_PAYOUT_LEN` / `MNX_MAX_COLOMBIA_PAYOUT_LEN` always
/// suffice). `*violations` is written only with `MNX_STATUS_INVALID`.
///
/// Stack (x86_64): 47 KiB.
#[no_mangle]
pub extern "C" fn mnx_payout_sign_json(
    method: i32,
    fields: *const u8,
    fields_len: usize,
    secret: *const u8,
    secret_len: usize,
    options: *const mnx_options,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    violations: *mut mnx_violation_list,
) -> mnx_status {
    guard_output::<46>(out, out_cap, || {
        run(|| {
            let method = method_arg(method)?;
            // SAFETY: the export's arguments under its API contract.
            unsafe {
                sign_json(
                    Some(method),
                    fields,
                    fields_len,
                    secret,
                    secret_len,
                    options,
                    scratch,
                    scratch_cap,
                    scratch_needed,
                    out,
                    out_cap,
                    out_len,
                    violations,
                )
            }
        })
    })
}

/// As `mnx_payout_sign_json`, for the payment status request: its fields
/// are `{"general":{"project_id":...,"payment_id":"..."}}` (it takes no
/// extras); `MNX_MAX_PAYMENT_STATUS_REQUEST_LEN` always suffices for `out`.
///
/// Stack (x86_64): 46 KiB.
#[no_mangle]
pub extern "C" fn mnx_payment_status_request_sign_json(
    fields: *const u8,
    fields_len: usize,
    secret: *const u8,
    secret_len: usize,
    options: *const mnx_options,
    scratch: *mut u8,
    scratch_cap: usize,
    scratch_needed: *mut usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    violations: *mut mnx_violation_list,
) -> mnx_status {
    guard_output::<45>(out, out_cap, || {
        run(|| {
            // SAFETY: the export's arguments under its API contract.
            unsafe {
                sign_json(
                    None,
                    fields,
                    fields_len,
                    secret,
                    secret_len,
                    options,
                    scratch,
                    scratch_cap,
                    scratch_needed,
                    out,
                    out_cap,
                    out_len,
                    violations,
                )
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::MaybeUninit;

    const OPTS: mnx_options = mnx_options {
        size: core::mem::size_of::<mnx_options>(),
        flags: 0,
    };

    /// `mnx_payment_status_request_sign_json` with a scratch of `cap`:
    /// the status, and the violations' lines on `MNX_STATUS_INVALID`.
    fn status_json(fields: &[u8], cap: usize) -> (mnx_status, std::vec::Vec<std::string::String>) {
        let mut scratch = std::vec![0u8; cap];
        let mut out = [0u8; crate::MNX_MAX_PAYMENT_STATUS_REQUEST_LEN];
        let (mut needed, mut len) = (0usize, 0usize);
        let mut list = MaybeUninit::<mnx_violation_list>::uninit();
        let st = mnx_payment_status_request_sign_json(
            fields.as_ptr(),
            fields.len(),
            b"secret".as_ptr(),
            6,
            &OPTS,
            scratch.as_mut_ptr(),
            cap,
            &mut needed,
            out.as_mut_ptr(),
            out.len(),
            &mut len,
            list.as_mut_ptr(),
        );
        if st != mnx_status::Invalid {
            return (st, std::vec::Vec::new());
        }
        // SAFETY: written by the export with `MNX_STATUS_INVALID`.
        let list = unsafe { list.assume_init() };
        let lines = list.items[..list.len]
            .iter()
            .map(|v| {
                let mut line = [0u8; 512];
                let mut n = 0usize;
                let st = mnx_violation_message(v, line.as_mut_ptr(), line.len(), &mut n);
                assert_eq!(st, mnx_status::Ok);
                std::string::String::from_utf8(line[..n].to_vec()).unwrap()
            })
            .collect();
        (st, lines)
    }

    /// The raw-pointer paths of the JSON reader and the message (also under Miri).
    #[test]
    fn status_request_from_json() {
        let good = br#"{"general":{"project_id":1234,"payment_id":"payment_47"}}"#;
        assert_eq!(status_json(good, 0).0, mnx_status::Ok);
        let typo = br#"{"general":{"project_id":1234,"payment_id":"p","paymnt_id":1}}"#;
        // The unknown member's path is composed in the scratch.
        assert_eq!(status_json(typo, 0).0, mnx_status::BufferTooSmall);
        let (st, lines) = status_json(typo, 64);
        assert_eq!(st, mnx_status::Invalid);
        assert_eq!(
            lines,
            [
                "general.paymnt_id: unknown parameter (other Gate parameters go in \"extras\"); \
                 did you mean general.payment_id?"
            ]
        );
        let (st, lines) = status_json(br#"{"general":{"project_id":"1"}}"#, 0);
        assert_eq!(st, mnx_status::Invalid);
        assert_eq!(
            lines,
            [
                "general.project_id: must be an integer (64-bit)",
                "general.payment_id: required"
            ]
        );
        assert_eq!(status_json(b"{", 0).0, mnx_status::MalformedJson);
    }

    #[test]
    fn message_of_a_changed_violation() {
        let v = mnx_violation_ex {
            field: crate::payout::mnx_field::AccountBankId as i32,
            reason: crate::payout::mnx_reason::UnknownBank as i32,
            path: mnx_str::from_str("account.bank_id"),
            hint: mnx_str::EMPTY,
            detail: mnx_detail::Bank as i32,
            method: mnx_method::Colombia as i32,
            bank_id: 12345,
            currency: mnx_str::EMPTY,
        };
        let mut out = [0u8; 512];
        let mut n = 0usize;
        assert_eq!(
            mnx_violation_message(&v, out.as_mut_ptr(), out.len(), &mut n),
            mnx_status::Ok
        );
        assert!(core::str::from_utf8(&out[..n]).unwrap().starts_with(
            "account.bank_id: 12345 is not in the Bank transfers in Colombia bank table"
        ));
        for bad in [
            mnx_violation_ex { field: 0, ..v },
            mnx_violation_ex { reason: 99, ..v },
            mnx_violation_ex { detail: 7, ..v },
            mnx_violation_ex { method: 3, ..v },
        ] {
            assert_eq!(
                mnx_violation_message(&bad, out.as_mut_ptr(), out.len(), &mut n),
                mnx_status::InvalidArgument
            );
        }
    }
}
