//! The firmware test: monetix-gate on a Cortex-M4F under
//! `qemu-system-arm -M mps2-an386` (see `.cargo/config.toml` for the exact
//! command line and `docs/embedded.md` for how to run it).
//!
//! 1. Every shared vector of `tests/vectors/signature.json` (embedded at
//!    build time): canonical string, one-shot and keyed signing, signed
//!    copies, strict and tolerant verification. With the ambiguity opt-in
//!    (`Signer::with_ambiguous_data(AmbiguousData::Allow)`) every vector
//!    passes as recorded; by default exactly the cases core refuses
//!    (`vectors::AMBIGUOUS`) are refused with `Error::Ambiguous`, every
//!    other one passes.
//! 2. Both seed payouts through the typed builders (`payout::cambodia`,
//!    `payout::colombia`), their bodies and signatures equal to the vectors.
//! 3. The seed callbacks through the verified reader
//!    `callback::parse_with_signer`, and their tampered copies refused.
//! 4. Keying a signer leaves no key material on the stack: core's wipe
//!    after HMAC key setup reaches below everything key setup wrote.
//! 5. Peak stack (painted) and instruction count of every operation.
//!
//! The same image is built twice (`scripts/firmware-tests.sh`): with core's
//! default features, and in the size-optimised configuration (core without
//! its `float` feature, sha2's compact SHA-512). Without `float`, the vectors
//! whose input needs floats (`vectors::FLOAT_CASES`, which must be exactly
//! the cases `build.rs` finds such a number in) are refused with
//! `Error::FloatUnsupported` (status 411) by every signing, canonical and
//! verifying call, after the ambiguity refusal, which comes first; every
//! other vector passes as recorded, as in core's `tests/no_float.rs`.
//!
//! Signers are keyed once at start-up and reused; the one-shot calls are
//! checked and measured too. Every mismatch prints `FAIL [case] what`; the
//! image exits through semihosting with a failure status if any check
//! failed (or on a panic), so `qemu-system-arm` exits non-zero.
#![no_std]
#![no_main]

use core::fmt::{self, Write as _};
use core::hint::black_box;
use core::panic::PanicInfo;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hio};
use monetix_gate::callback::{self, Code, Outcome, PaymentStatus};
use monetix_gate::json::Document;
use monetix_gate::payout::{cambodia, colombia, Field, Options, Reason};
use monetix_gate::{
    canonical, canonical_len, sign, sign_body, verify, AmbiguousData, Error, Mode, Order, Signer,
};
use monetix_gate_firmware_test::vectors::{self, Case, Kind, AMBIGUOUS, CASES, FLOAT_CASES};
use monetix_gate_firmware_test::{icount, residue, seeds, stack};

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    if let Ok(mut out) = hio::hstdout() {
        let _ = writeln!(out, "firmware-test: PANIC: {info}");
    }
    debug::exit(debug::EXIT_FAILURE);
    loop {
        core::hint::spin_loop();
    }
}

/// Counts checks and prints every failure.
struct Tester {
    out: hio::HostStream,
    passed: u32,
    failed: u32,
}

impl Tester {
    fn check(&mut self, ok: bool, case: &str, what: fmt::Arguments<'_>) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            let _ = writeln!(self.out, "FAIL [{case}] {what}");
        }
    }
}

macro_rules! check {
    ($t:expr, $ok:expr, $case:expr, $($what:tt)+) => {
        $t.check($ok, $case, format_args!($($what)+))
    };
}

/// A secret's signers, keyed once at start-up: the default one and the
/// ambiguity opt-in.
struct Keyed {
    secret: &'static [u8],
    default: Signer,
    allow: Signer,
}

/// Every distinct secret of the shared vectors, keyed once.
struct Keys {
    keyed: [Option<Keyed>; 8],
}

impl Keys {
    fn new(t: &mut Tester) -> Self {
        let mut keys = Keys {
            keyed: [const { None }; 8],
        };
        for case in CASES {
            if keys.get(case.secret).is_some() {
                continue;
            }
            let slot = keys.keyed.iter_mut().find(|k| k.is_none());
            match (slot, Signer::new(case.secret)) {
                (Some(slot), Ok(default)) => {
                    let allow = default.clone().with_ambiguous_data(AmbiguousData::Allow);
                    *slot = Some(Keyed {
                        secret: case.secret,
                        default,
                        allow,
                    });
                }
                (slot, signer) => check!(
                    t,
                    false,
                    case.name,
                    "keying a signer: {:?} (free slot: {})",
                    signer.err(),
                    slot.is_some()
                ),
            }
        }
        keys
    }

    fn get(&self, secret: &[u8]) -> Option<&Keyed> {
        self.keyed.iter().flatten().find(|k| k.secret == secret)
    }
}

fn is_ambiguous(r: Result<(), Error>) -> bool {
    matches!(r, Err(Error::Ambiguous { .. }))
}

/// Core's refusal of a number it needs floats for: `FloatUnsupported`,
/// status 411, at the offset of a member of `input` (its key's quote).
fn is_float_refusal<T>(r: &Result<T, Error>, input: &[u8]) -> bool {
    match r {
        Err(e @ Error::FloatUnsupported { offset }) => {
            e.code() == 411 && input.get(*offset) == Some(&b'"')
        }
        _ => false,
    }
}

/// What a call on a case that needs floats must give: `ok` in a build with
/// core's `float` feature, the float refusal without it; the ambiguity
/// refusal first when the case is ambiguous and the call does not opt in.
fn float_case_ok<T: PartialEq>(
    got: &Result<T, Error>,
    ok: &T,
    input: &[u8],
    ambiguous: bool,
    opt_in: bool,
) -> bool {
    if ambiguous && !opt_in {
        matches!(got, Err(Error::Ambiguous { .. }))
    } else if cfg!(feature = "float") {
        got.as_ref() == Ok(ok)
    } else {
        is_float_refusal(got, input)
    }
}

fn want_strict(strict: bool) -> Result<Order, Error> {
    if strict {
        Ok(Order::Natural)
    } else {
        Err(Error::SignatureMismatch)
    }
}

fn tolerant_ok(got: Result<Order, Error>, tolerant: bool, matched: Option<&str>) -> bool {
    match (got, tolerant) {
        (Ok(order), true) => Some(order.as_str()) == matched,
        (Err(Error::SignatureMismatch), false) => true,
        _ => false,
    }
}

// ---- 1. the shared vectors ------------------------------------------------------

fn check_canonical(t: &mut Tester, case: &Case, input: &[u8], want: &str, what: &str) {
    let mut buf = [0u8; 4096];
    match canonical(input, &mut buf) {
        Ok(got) => check!(
            t,
            got == want,
            case.name,
            "canonical({what}):\n   want {want:?}\n    got {got:?}"
        ),
        Err(e) => check!(t, false, case.name, "canonical({what}): error {e:?}"),
    }
    let n = canonical_len(input);
    check!(
        t,
        n == Ok(want.len()),
        case.name,
        "canonical_len({what}): want {}, got {n:?}",
        want.len()
    );
}

/// A sign case that needs floats: its signed copy (made by `build.rs`)
/// verifies, or, without core's `float` feature, every call is refused.
fn check_float_case(t: &mut Tester, k: &Keyed, case: &Case, want_canon: &str, want_sig: &str) {
    let ambiguous = AMBIGUOUS.contains(&case.name);
    let Some(copy) = case.signed else {
        return check!(t, false, case.name, "build.rs made no signed copy");
    };
    if cfg!(feature = "float") {
        check_canonical(t, case, copy, want_canon, "build.rs's signed copy");
    } else {
        let mut buf = [0u8; 4096];
        for (what, body) in [("input", case.input), ("build.rs's signed copy", copy)] {
            let got = canonical(body, &mut buf);
            check!(
                t,
                is_float_refusal(&got, body),
                case.name,
                "canonical({what}) without float: want FloatUnsupported (411), got {got:?}"
            );
            let n = canonical_len(body);
            check!(
                t,
                matches!(n, Err(Error::FloatUnsupported { .. })),
                case.name,
                "canonical_len({what}) without float: want FloatUnsupported (411), got {n:?}"
            );
        }
    }
    for mode in [Mode::Strict, Mode::Tolerant] {
        let got = k.allow.verify(copy, mode);
        check!(
            t,
            float_case_ok(&got, &Order::Natural, copy, ambiguous, true),
            case.name,
            "Signer::verify({mode:?}, opt-in) of build.rs's signed copy: {got:?}"
        );
        let keyed = k.default.verify(copy, mode);
        let one_shot = verify(copy, case.secret, mode);
        for (what, got) in [("Signer::verify", keyed), ("verify", one_shot)] {
            check!(
                t,
                float_case_ok(&got, &Order::Natural, copy, ambiguous, false),
                case.name,
                "{what}({mode:?}) by default of build.rs's signed copy (ambiguous={ambiguous}): {got:?}"
            );
        }
    }
    if cfg!(feature = "float") {
        return; // check_sign_case checks the rest.
    }

    // Signing without float: refused, nothing written.
    let input = case.input;
    let got = k.allow.sign(input);
    check!(
        t,
        is_float_refusal(&got, input),
        case.name,
        "Signer::sign (opt-in) without float: want FloatUnsupported (411), got {got:?} (recorded: {want_sig})"
    );
    let mut buf = [0xAAu8; 4096];
    let got = k.allow.sign_body(input, &mut buf).map(|_| ());
    check!(
        t,
        is_float_refusal(&got, input) && buf.iter().all(|&b| b == 0xAA),
        case.name,
        "Signer::sign_body (opt-in) without float: want FloatUnsupported (411) and nothing written, got {got:?}"
    );
    for (what, got) in [
        ("sign", sign(input, case.secret).map(|_| ())),
        ("Signer::sign", k.default.sign(input).map(|_| ())),
    ] {
        check!(
            t,
            float_case_ok(&got, &(), input, ambiguous, false),
            case.name,
            "{what} by default without float (ambiguous={ambiguous}): {got:?}"
        );
    }
    let got = sign_body(input, case.secret, &mut buf).map(|_| ());
    check!(
        t,
        float_case_ok(&got, &(), input, ambiguous, false) && buf.iter().all(|&b| b == 0xAA),
        case.name,
        "sign_body by default without float (ambiguous={ambiguous}): {got:?}, or the buffer was written"
    );
    let got = k.default.sign_body(input, &mut buf).map(|_| ());
    check!(
        t,
        float_case_ok(&got, &(), input, ambiguous, false) && buf.iter().all(|&b| b == 0xAA),
        case.name,
        "Signer::sign_body by default without float (ambiguous={ambiguous}): {got:?}, or the buffer was written"
    );
}

fn check_sign_case(t: &mut Tester, k: &Keyed, case: &Case, want_canon: &str, want_sig: &str) {
    let input = case.input;
    let ambiguous = AMBIGUOUS.contains(&case.name);
    if case.float {
        check_float_case(t, k, case, want_canon, want_sig);
        if !cfg!(feature = "float") {
            return;
        }
    }
    check_canonical(t, case, input, want_canon, "input");

    // With the opt-in: every vector, as recorded.
    let got = k.allow.sign(input);
    check!(
        t,
        got.as_ref().map(|s| s.as_str()) == Ok(want_sig),
        case.name,
        "Signer::sign (opt-in): want {want_sig}, got {got:?}"
    );
    let mut copy = [0u8; 4096];
    let copy = match k.allow.sign_body(input, &mut copy) {
        Ok(c) => c,
        Err(e) => {
            return check!(
                t,
                false,
                case.name,
                "Signer::sign_body (opt-in): error {e:?}"
            );
        }
    };
    check_canonical(t, case, copy, want_canon, "signed copy");
    for mode in [Mode::Strict, Mode::Tolerant] {
        let got = k.allow.verify(copy, mode);
        check!(
            t,
            got == Ok(Order::Natural),
            case.name,
            "Signer::verify({mode:?}, opt-in) of the signed copy: {got:?}"
        );
    }

    // By default: refused exactly for the ambiguous cases.
    let mut buf = [0xAAu8; 4096];
    if ambiguous {
        let got = sign(input, case.secret);
        check!(
            t,
            is_ambiguous(got.map(|_| ())),
            case.name,
            "sign by default: want Ambiguous, got {got:?}"
        );
        let got = k.default.sign(input);
        check!(
            t,
            is_ambiguous(got.map(|_| ())),
            case.name,
            "Signer::sign by default: want Ambiguous, got {got:?}"
        );
        let got = sign_body(input, case.secret, &mut buf).map(|_| ());
        check!(
            t,
            is_ambiguous(got),
            case.name,
            "sign_body by default: want Ambiguous, got {got:?}"
        );
        check!(
            t,
            buf.iter().all(|&b| b == 0xAA),
            case.name,
            "sign_body by default wrote into the buffer on error"
        );
        for mode in [Mode::Strict, Mode::Tolerant] {
            let got = k.default.verify(copy, mode);
            check!(
                t,
                is_ambiguous(got.map(|_| ())),
                case.name,
                "Signer::verify({mode:?}) of the opt-in's copy by default: want Ambiguous, got {got:?}"
            );
            let got = verify(copy, case.secret, mode);
            check!(
                t,
                is_ambiguous(got.map(|_| ())),
                case.name,
                "verify({mode:?}) of the opt-in's copy by default: want Ambiguous, got {got:?}"
            );
        }
    } else {
        let got = sign(input, case.secret);
        check!(
            t,
            got.as_ref().map(|s| s.as_str()) == Ok(want_sig),
            case.name,
            "sign: want {want_sig}, got {got:?}"
        );
        let got = k.default.sign(input);
        check!(
            t,
            got.as_ref().map(|s| s.as_str()) == Ok(want_sig),
            case.name,
            "Signer::sign: want {want_sig}, got {got:?}"
        );
        let got = sign_body(input, case.secret, &mut buf);
        check!(
            t,
            got.as_deref() == Ok(copy),
            case.name,
            "sign_body: not the opt-in's signed copy: {:?}",
            got.map(core::str::from_utf8)
        );
        let mut buf = [0u8; 4096];
        let got = k.default.sign_body(input, &mut buf);
        check!(
            t,
            got.as_deref() == Ok(copy),
            case.name,
            "Signer::sign_body: not the opt-in's signed copy: {:?}",
            got.map(core::str::from_utf8)
        );
        for mode in [Mode::Strict, Mode::Tolerant] {
            let got = k.default.verify(copy, mode);
            check!(
                t,
                got == Ok(Order::Natural),
                case.name,
                "Signer::verify({mode:?}) of the signed copy: {got:?}"
            );
            let got = verify(copy, case.secret, mode);
            check!(
                t,
                got == Ok(Order::Natural),
                case.name,
                "verify({mode:?}) of the signed copy: {got:?}"
            );
        }
    }
}

fn check_verify_case(
    t: &mut Tester,
    k: &Keyed,
    case: &Case,
    canon: Option<&str>,
    strict: bool,
    tolerant: bool,
    matched: Option<&str>,
) {
    let input = case.input;
    let ambiguous = AMBIGUOUS.contains(&case.name);
    if let Some(want) = canon {
        check_canonical(t, case, input, want, "input");
    }

    // With the opt-in: every vector, as recorded.
    let got = k.allow.verify(input, Mode::Strict);
    check!(
        t,
        got == want_strict(strict),
        case.name,
        "Signer::verify(Strict, opt-in): want strict={strict}, got {got:?}"
    );
    let got = k.allow.verify(input, Mode::Tolerant);
    check!(
        t,
        tolerant_ok(got, tolerant, matched),
        case.name,
        "Signer::verify(Tolerant, opt-in): want tolerant={tolerant} matched={matched:?}, got {got:?}"
    );

    // By default.
    for mode in [Mode::Strict, Mode::Tolerant] {
        let keyed = k.default.verify(input, mode);
        let one_shot = verify(input, case.secret, mode);
        for (what, got) in [("Signer::verify", keyed), ("verify", one_shot)] {
            let ok = if ambiguous {
                is_ambiguous(got.map(|_| ()))
            } else if mode == Mode::Strict {
                got == want_strict(strict)
            } else {
                tolerant_ok(got, tolerant, matched)
            };
            check!(
                t,
                ok,
                case.name,
                "{what}({mode:?}) by default: want strict={strict} tolerant={tolerant} \
                 matched={matched:?} ambiguous={ambiguous}, got {got:?}"
            );
        }
    }
}

fn check_vectors(t: &mut Tester, keys: &Keys) {
    check!(
        t,
        CASES.len() == vectors::EXPECTED_CASES,
        "signature.json",
        "want {} cases, the build embedded {} (truncated file?)",
        vectors::EXPECTED_CASES,
        CASES.len()
    );
    for name in AMBIGUOUS {
        check!(
            t,
            CASES.iter().any(|c| c.name == name),
            "signature.json",
            "the ambiguous case {name} is missing"
        );
    }
    for case in CASES {
        check!(
            t,
            case.float == FLOAT_CASES.contains(&case.name),
            case.name,
            "build.rs {} a number that needs floats; vectors::FLOAT_CASES says the opposite",
            if case.float { "found" } else { "found no" }
        );
    }
    for name in FLOAT_CASES {
        check!(
            t,
            CASES
                .iter()
                .any(|c| c.name == name && matches!(c.kind, Kind::Sign { .. })),
            "signature.json",
            "the sign case {name} (needs floats) is missing"
        );
    }
    for case in CASES {
        let Some(k) = keys.get(case.secret) else {
            check!(t, false, case.name, "no signer for this secret");
            continue;
        };
        match case.kind {
            Kind::Sign {
                canonical,
                signature,
            } => check_sign_case(t, k, case, canonical, signature),
            Kind::Verify {
                canonical,
                strict,
                tolerant,
                matched,
            } => check_verify_case(t, k, case, canonical, strict, tolerant, matched),
        }
    }
}

// ---- 2. seed payouts through the typed builders --------------------------------

/// `body` is `input` (compact, unsigned) with `"signature":"<signature>"`
/// appended as the last member of `general`, as the builders write it.
fn is_signed_input(body: &[u8], input: &[u8], signature: &str) -> bool {
    const OPEN: &[u8] = br#","signature":""#;
    let Some(end) = input.iter().position(|&b| b == b'}') else {
        return false;
    };
    let (head, tail) = input.split_at(end);
    let Some(rest) = body.strip_prefix(head) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(OPEN) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(signature.as_bytes()) else {
        return false;
    };
    rest.strip_prefix(b"\"") == Some(tail)
}

fn sign_case(case: &Case) -> (&'static str, &'static str) {
    match case.kind {
        Kind::Sign {
            canonical,
            signature,
        } => (canonical, signature),
        Kind::Verify { .. } => ("", ""),
    }
}

fn check_payouts(t: &mut Tester, signer: &Signer) {
    // Cambodia: bank 61021 is listed.
    let case = &vectors::SEED_CAMBODIA_PAYOUT_REQUEST;
    let (_, sig) = sign_case(case);
    let payout = seeds::cambodia();
    check!(
        t,
        payout.validate(Options::new()).is_empty(),
        case.name,
        "validate: {:?}",
        payout.validate(Options::new())
    );
    let mut buf = [0u8; cambodia::MAX_LEN_WITHOUT_EXTRAS];
    match payout.sign_with(signer, &mut buf, Options::new()) {
        Ok(body) => {
            check!(
                t,
                is_signed_input(body, case.input, sig),
                case.name,
                "cambodia sign_with: {:?}",
                core::str::from_utf8(body)
            );
            check!(
                t,
                body.len() == payout.encoded_len(),
                case.name,
                "encoded_len"
            );
            let v = signer.verify(body, Mode::Strict);
            check!(
                t,
                v == Ok(Order::Natural),
                case.name,
                "verify of the built body: {v:?}"
            );
        }
        Err(e) => check!(t, false, case.name, "cambodia sign_with: {e:?}"),
    }
    let mut buf = [0u8; cambodia::MAX_LEN];
    let got = payout.sign_into(case.secret, &mut buf, Options::new());
    check!(
        t,
        got.is_ok_and(|b| is_signed_input(b, case.input, sig)),
        case.name,
        "cambodia sign_into (one-shot): {:?}",
        got.map(core::str::from_utf8)
    );

    // Colombia: bank 12345 is not listed; refused unless allowed.
    let case = &vectors::SEED_COLOMBIA_PAYOUT_REQUEST;
    let (_, sig) = sign_case(case);
    let payout = seeds::colombia();
    let violations = payout.validate(Options::new());
    check!(
        t,
        violations.len() == 1
            && violations.iter().next().is_some_and(|v| {
                v.field == Field::AccountBankId && v.reason == Reason::UnknownBank
            }),
        case.name,
        "validate without allow_unlisted_bank: {violations:?}"
    );
    let mut buf = [0xA5u8; colombia::MAX_LEN_WITHOUT_EXTRAS];
    let got = payout
        .sign_with(signer, &mut buf, Options::new())
        .map(|_| ());
    check!(
        t,
        got == Err(Error::Invalid),
        case.name,
        "colombia sign_with, bank unlisted: {got:?}"
    );
    check!(
        t,
        buf.iter().all(|&b| b == 0xA5),
        case.name,
        "buffer touched on refusal"
    );
    let opts = Options::new().allow_unlisted_bank(true);
    check!(
        t,
        payout.validate(opts).is_empty(),
        case.name,
        "validate with allow_unlisted_bank"
    );
    match payout.sign_with(signer, &mut buf, opts) {
        Ok(body) => {
            check!(
                t,
                is_signed_input(body, case.input, sig),
                case.name,
                "colombia sign_with: {:?}",
                core::str::from_utf8(body)
            );
            check!(
                t,
                body.len() == payout.encoded_len(),
                case.name,
                "encoded_len"
            );
        }
        Err(e) => check!(t, false, case.name, "colombia sign_with: {e:?}"),
    }
    let mut buf = [0u8; colombia::MAX_LEN];
    let got = payout.sign_into(case.secret, &mut buf, opts);
    check!(
        t,
        got.is_ok_and(|b| is_signed_input(b, case.input, sig)),
        case.name,
        "colombia sign_into (one-shot): {:?}",
        got.map(core::str::from_utf8)
    );

    // The Document-based entry point, with small limits.
    let case = &vectors::SEED_CAMBODIA_PAYOUT_REQUEST;
    let (_, sig) = sign_case(case);
    let got = Document::<64, 8>::parse_then(case.input, |d| signer.sign_document(d));
    check!(
        t,
        matches!(&got, Ok(Ok(s)) if s.as_str() == sig),
        case.name,
        "Document<64, 8> + sign_document: {got:?}"
    );
}

// ---- 3. seed callbacks through the verified reader -----------------------------

fn check_callback_view(
    t: &mut Tester,
    name: &str,
    how: &str,
    cb: &callback::Callback<'_>,
    success: bool,
) {
    let status = if success {
        PaymentStatus::Success
    } else {
        PaymentStatus::Decline
    };
    let code = if success {
        Code::Str("0")
    } else {
        Code::Str("20000")
    };
    let outcome = if success {
        Outcome::FinalSuccess
    } else {
        Outcome::FinalFailure
    };
    let message = if success {
        "Success"
    } else {
        "General decline"
    };
    let p = cb.payment;
    let o = cb.operation;
    let ok = cb.order == Order::Natural
        && cb.project_id == Some(1234)
        && p.and_then(|p| p.id) == Some("payment_47")
        && p.and_then(|p| p.method) == Some("Banks Cambodia")
        && p.and_then(|p| p.sum).and_then(|s| s.amount) == Some(5_000_000)
        && p.and_then(|p| p.sum).and_then(|s| s.currency) == Some("KHR")
        && cb.payment_status() == Some(status)
        && cb.operation_status() == Some(status)
        && cb.operation_code() == Some(code)
        && o.and_then(|o| o.id) == Some(47)
        && o.and_then(|o| o.message) == Some(message)
        && cb.outcome() == outcome;
    check!(t, ok, name, "{how}: unexpected view {cb:?}");
}

fn check_callbacks(t: &mut Tester, signer: &Signer) {
    for (case, success) in [
        (&vectors::SEED_CALLBACK_SUCCESS, true),
        (&vectors::SEED_CALLBACK_DECLINE, false),
    ] {
        for mode in [Mode::Tolerant, Mode::Strict] {
            let mut scratch = [0u8; 1024];
            match callback::parse_with_signer(case.input, signer, mode, &mut scratch) {
                Ok(cb) => check_callback_view(t, case.name, "parse_with_signer", &cb, success),
                Err(e) => check!(t, false, case.name, "parse_with_signer({mode:?}): {e:?}"),
            }
        }
        let mut scratch = [0u8; 1024];
        match callback::parse(case.input, case.secret, Mode::Tolerant, &mut scratch) {
            Ok(cb) => check_callback_view(t, case.name, "parse (one-shot)", &cb, success),
            Err(e) => check!(t, false, case.name, "parse (one-shot): {e:?}"),
        }
        let mut scratch = [0u8; 1024];
        let got = Document::<64, 8>::parse_then(case.input, |d| {
            callback::parse_document(d, signer, Mode::Tolerant, &mut scratch).map(|cb| cb.outcome())
        });
        let want = if success {
            Outcome::FinalSuccess
        } else {
            Outcome::FinalFailure
        };
        check!(
            t,
            got == Ok(Ok(want)),
            case.name,
            "Document<64, 8> + parse_document: {got:?}"
        );
    }
    for case in [
        &vectors::SEED_CALLBACK_SUCCESS__TAMPERED,
        &vectors::SEED_CALLBACK_DECLINE__TAMPERED,
    ] {
        for mode in [Mode::Tolerant, Mode::Strict] {
            let mut scratch = [0u8; 1024];
            let got =
                callback::parse_with_signer(case.input, signer, mode, &mut scratch).map(|_| ());
            check!(
                t,
                got == Err(Error::SignatureMismatch),
                case.name,
                "parse_with_signer({mode:?}): want SignatureMismatch, got {got:?}"
            );
        }
    }
}

// ---- 4. key setup leaves no key material on the stack ----------------------------

/// A recognisable secret (35 bytes, under one SHA-512 block: HMAC pads the
/// key itself).
const PROBE_SECRET: &[u8; 35] = b"Zq8#firmware-probe-key-0123456789ab";
/// Over one block (200 bytes): HMAC keys with its SHA-512 digest, a deeper path.
const LONG_SECRET: &[u8] = &[b'k'; 200];
/// The wipe's zeros seen at the bottom of what key setup changed: a run of at
/// least `WIPE_RUN` zero bytes that starts at most `WIPE_SLACK` bytes above
/// the deepest changed word (the frame pointer and return address of a call
/// the wipe makes lie below its zeros). Had key setup gone deeper than the
/// wipe, its own deepest frame (SHA-512's message schedule and saved
/// registers, hundreds of bytes) would be there instead.
const WIPE_RUN: usize = 512;
const WIPE_SLACK: usize = 16;

/// Whether `words[low..]` starts, within `WIPE_SLACK` bytes, with a run of
/// `WIPE_RUN` zero bytes.
fn wipe_at_bottom(words: &[u32], low: usize) -> bool {
    (low..=low + WIPE_SLACK / 4).any(|z| {
        words
            .get(z..z + WIPE_RUN / 4)
            .is_some_and(|run| run.iter().all(|&w| w == 0))
    })
}

/// `secret`, and `secret` XOR the HMAC inner (0x36) and outer (0x5C) pads.
fn pads(secret: &[u8; 35]) -> [[u8; 35]; 3] {
    let mut p = [[0u8; 35]; 3];
    for (k, x) in [0u8, 0x36, 0x5C].into_iter().enumerate() {
        for (d, s) in p[k].iter_mut().zip(secret) {
            *d = s ^ x;
        }
    }
    p
}

/// Keying a signer must leave neither the key nor the padded key on the
/// stack, and the deepest stack it changed must be the wipe's zeros (if key
/// setup went deeper than core's wipe, its own data would be there). A
/// positive control first: the scan finds a padded key put on the stack
/// on purpose.
fn check_key_wipe(t: &mut Tester) {
    let patterns = pads(PROBE_SECRET);
    let count =
        |words: &[u32]| -> usize { patterns.iter().map(|p| residue::copies(words, p)).sum() };

    let ((), found) = residue::snapshot(
        || {
            let mut block = [0u8; 128];
            for (b, p) in block.iter_mut().zip(patterns[1]) {
                *b = p;
            }
            black_box(&mut block);
        },
        count,
    );
    check!(
        t,
        found >= 1,
        "key wipe",
        "the scan does not find a padded key left on the stack on purpose ({found} copies)"
    );

    for (what, secret) in [
        ("35-byte secret", &PROBE_SECRET[..]),
        ("200-byte secret", LONG_SECRET),
    ] {
        let (ok, (depth, floor_zero, copies)) = residue::snapshot(
            || Signer::new(black_box(secret)).is_ok(),
            |words| {
                let low = residue::lowest_changed(words).unwrap_or(words.len());
                (
                    (words.len() - low) * 4,
                    wipe_at_bottom(words, low),
                    count(words),
                )
            },
        );
        check!(t, ok, "key wipe", "Signer::new ({what}) failed");
        check!(
            t,
            copies == 0,
            "key wipe",
            "Signer::new ({what}) left {copies} copies of the key or the padded key on the stack"
        );
        check!(
            t,
            floor_zero,
            "key wipe",
            "Signer::new ({what}): no run of {WIPE_RUN} zero bytes within {WIPE_SLACK} bytes of the \
             deepest word it changed, {depth} bytes down: key setup went deeper than the wipe"
        );
        let _ = writeln!(
            t.out,
            "key setup ({what}): {depth} bytes of stack changed, the wipe's zeros at the bottom: \
             {floor_zero}, key copies left: {copies}"
        );
    }
}

// ---- 5. stack and instructions per operation --------------------------------------

#[inline(never)]
fn run(op: &mut dyn FnMut() -> bool) -> bool {
    op()
}

struct Report {
    /// Instructions per SysTick tick: 40 under `-icount shift=0` (checked
    /// by [`icount::calibrate`]); 0 when the clock is not instruction-counted.
    per_tick: u64,
}

impl Report {
    /// Runs `op` once with the stack painted (peak stack), then `REPEAT`
    /// times timed (instructions per run). Every run must return `true`.
    fn row(&self, t: &mut Tester, name: &str, mut op: impl FnMut() -> bool) {
        const REPEAT: u32 = 25;
        // Through one non-inlined call, so both measurements run the same code.
        let op: &mut dyn FnMut() -> bool = &mut op;
        let (ok1, peak) = stack::peak(|| run(op));
        let (ok2, ticks) = icount::ticks(|| (0..REPEAT).fold(true, |ok, _| run(op) && ok));
        check!(t, ok1 && ok2, name, "the measured operation failed");
        if self.per_tick > 0 {
            // Rounded to the nearest instruction; +-2 from the tick's granularity.
            let instructions =
                (u64::from(ticks) * self.per_tick + u64::from(REPEAT / 2)) / u64::from(REPEAT);
            let _ = writeln!(t.out, "  {name:<58} {peak:>7} {instructions:>12}");
        } else {
            let ticks = ticks / REPEAT;
            let _ = writeln!(t.out, "  {name:<58} {peak:>7} {ticks:>12}");
        }
    }
}

fn report(t: &mut Tester, signer: &Signer) {
    // A loop of 2,000,000 instructions took this many per 1,000 ticks.
    let per_kilotick = icount::calibrate();
    let per_tick = if (39_900..=40_100).contains(&per_kilotick) {
        40
    } else {
        0
    };
    let _ = writeln!(
        t.out,
        "\nper operation (stack: painted peak in bytes, the harness's own frame included, \
         see the first row; {}):",
        if per_tick > 0 {
            "instructions per call: SysTick ticks x 40 / 25 calls under -icount shift=0, +-2"
        } else {
            "no -icount: SysTick ticks of host time, not instructions"
        }
    );
    let unit = if per_tick > 0 {
        "instructions"
    } else {
        "ticks"
    };
    let _ = writeln!(t.out, "  {:<58} {:>7} {:>12}", "operation", "stack", unit);
    let r = Report { per_tick };
    let secret: &[u8] = b"secret";
    let body = vectors::SEED_CAMBODIA_PAYOUT_REQUEST.input;
    let (_, body_sig) = sign_case(&vectors::SEED_CAMBODIA_PAYOUT_REQUEST);
    let cb = vectors::SEED_CALLBACK_SUCCESS.input;
    let tampered = vectors::SEED_CALLBACK_SUCCESS__TAMPERED.input;
    let mut out = [0u8; 2048];
    let mut scratch = [0u8; 1024];

    r.row(t, "harness alone (nothing)", || black_box(true));
    r.row(t, "Signer::new (key setup, once at start-up)", || {
        Signer::new(black_box(secret)).is_ok()
    });
    r.row(t, "Signer::new, 200-byte secret (hashed first)", || {
        Signer::new(black_box(LONG_SECRET)).is_ok()
    });
    r.row(t, "canonical (seed payout body)", || {
        canonical(black_box(body), &mut out).is_ok()
    });
    r.row(t, "Signer::sign (seed payout body)", || {
        signer
            .sign(black_box(body))
            .is_ok_and(|s| s.as_str() == body_sig)
    });
    r.row(t, "sign, one-shot", || {
        sign(black_box(body), secret).is_ok_and(|s| s.as_str() == body_sig)
    });
    r.row(t, "Signer::sign_body", || {
        signer.sign_body(black_box(body), &mut out).is_ok()
    });
    r.row(t, "sign_body, one-shot", || {
        sign_body(black_box(body), secret, &mut out).is_ok()
    });
    r.row(t, "Signer::verify strict (seed callback)", || {
        signer.verify(black_box(cb), Mode::Strict) == Ok(Order::Natural)
    });
    r.row(t, "Signer::verify tolerant", || {
        signer.verify(black_box(cb), Mode::Tolerant) == Ok(Order::Natural)
    });
    r.row(
        t,
        "Signer::verify tolerant, no order matches (tampered)",
        || signer.verify(black_box(tampered), Mode::Tolerant) == Err(Error::SignatureMismatch),
    );
    r.row(t, "verify tolerant, one-shot", || {
        verify(black_box(cb), secret, Mode::Tolerant) == Ok(Order::Natural)
    });
    r.row(
        t,
        "callback::parse_with_signer (verify + typed view)",
        || {
            callback::parse_with_signer(black_box(cb), signer, Mode::Tolerant, &mut scratch)
                .is_ok_and(|c| c.outcome() == Outcome::FinalSuccess)
        },
    );
    r.row(t, "callback::parse, one-shot", || {
        callback::parse(black_box(cb), secret, Mode::Tolerant, &mut scratch)
            .is_ok_and(|c| c.outcome() == Outcome::FinalSuccess)
    });
    r.row(
        t,
        "cambodia::Payout::sign_with (validate + write + sign)",
        || {
            black_box(seeds::cambodia())
                .sign_with(signer, &mut out, Options::new())
                .is_ok()
        },
    );
    r.row(t, "cambodia::Payout::sign_into, one-shot", || {
        black_box(seeds::cambodia())
            .sign_into(secret, &mut out, Options::new())
            .is_ok()
    });
    r.row(
        t,
        "colombia::Payout::sign_with (allow_unlisted_bank)",
        || {
            black_box(seeds::colombia())
                .sign_with(signer, &mut out, Options::new().allow_unlisted_bank(true))
                .is_ok()
        },
    );
    r.row(t, "colombia::Payout::sign_into, one-shot", || {
        black_box(seeds::colombia())
            .sign_into(secret, &mut out, Options::new().allow_unlisted_bank(true))
            .is_ok()
    });
    r.row(
        t,
        "Document<64, 8>::parse_then + Signer::sign_document",
        || {
            Document::<64, 8>::parse_then(black_box(body), |d| signer.sign_document(d))
                .is_ok_and(|s| s.is_ok_and(|s| s.as_str() == body_sig))
        },
    );
    r.row(
        t,
        "Document<64, 8>::parse_then + Signer::verify_document",
        || {
            Document::<64, 8>::parse_then(black_box(cb), |d| {
                signer.verify_document(d, Mode::Tolerant)
            }) == Ok(Ok(Order::Natural))
        },
    );
    r.row(
        t,
        "Document<64, 8>::parse_then + callback::parse_document",
        || {
            Document::<64, 8>::parse_then(black_box(cb), |d| {
                callback::parse_document(d, signer, Mode::Tolerant, &mut scratch)
                    .is_ok_and(|c| c.outcome() == Outcome::FinalSuccess)
            }) == Ok(true)
        },
    );
}

#[entry]
fn main() -> ! {
    let Ok(out) = hio::hstdout() else {
        debug::exit(debug::EXIT_FAILURE);
        loop {
            core::hint::spin_loop();
        }
    };
    icount::start();
    let mut t = Tester {
        out,
        passed: 0,
        failed: 0,
    };
    let _ = writeln!(
        t.out,
        "firmware-test: monetix-gate on thumbv7em-none-eabihf (MPS2 AN386); core's float \
         feature {}, sha2's {} SHA-512",
        if cfg!(feature = "float") { "on" } else { "off" },
        if cfg!(sha2_backend_soft = "compact") {
            "compact"
        } else {
            "default (unrolled)"
        }
    );

    // Keyed once at start-up, reused by every check below.
    let keys = Keys::new(&mut t);
    check_vectors(&mut t, &keys);
    let seed = match Signer::new(b"secret") {
        Ok(s) => s,
        Err(e) => panic!("Signer::new: {e:?}"),
    };
    check_payouts(&mut t, &seed);
    check_callbacks(&mut t, &seed);
    check_key_wipe(&mut t);
    report(&mut t, &seed);

    let _ = writeln!(
        t.out,
        "\nfirmware: {} passed, {} failed",
        t.passed, t.failed
    );
    debug::exit(if t.failed == 0 {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        core::hint::spin_loop();
    }
}
