//! Both payout builders (and the status request) fed arbitrary field
//! strings, built with `arbitrary` on top of a valid seed request: each field
//! keeps its seed value, takes an entry of a dictionary of awkward strings,
//! or takes arbitrary text; extras get arbitrary or dictionary paths.
//!
//! Never panics, and:
//! * validation OK => `sign_into` into a buffer of exactly `encoded_len`
//!   bytes succeeds and fills it; `encoded_len` is within `MAX_LEN` (and the
//!   per-extra bound); a buffer one byte short gives `BufferTooSmall` with
//!   that size and is left untouched; the body parses with serde_json, every
//!   field and extra is at its path with its value, it verifies strictly with
//!   the secret, `sign_with` gives the same bytes, and its canonical string
//!   equals the independent reference's;
//! * validation not OK => `sign_into` fails with `Invalid` and leaves the
//!   buffer untouched;
//! * a suspicious secret is refused before anything is written;
//! * the ambiguity policy (`Options::ambiguous_data`, chosen by the input):
//!   the default's violations are the opt-in's plus `Reason::Ambiguous` ones
//!   only; a body valid under a policy verifies with a signer of that policy,
//!   and by default exactly when the reference finds no ambiguous data in it
//!   (else the refusal with the reference's reason and path); `sign_with`
//!   follows the request's policy whatever the signer's.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use monetix_gate::payout::{
    cambodia, colombia, status::StatusRequest, Extra, ExtraValue as XValue, General, Options,
    Payment, Reason, Violations, MAX_EXTRA_LEN, MAX_VIOLATIONS,
};
use monetix_gate::{canonical, verify, AmbiguousData, Error, Mode, Order, Signer};
use monetix_gate_fuzz::{assert_refused, assert_untouched, canary, SECRET};
use monetix_gate_fuzz::{reference, seed};
use serde_json::Value;

const DICT: &[&str] = &[
    "",
    " ",
    "  x  ",
    "a\"b\\c",
    "\\u0000",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "é",
    "😀",
    ":",
    "a:b",
    ";",
    "a;b:c",
    "x;operation:status:success",
    "12:30; later",
    "0",
    "00",
    "-1",
    "1234567890",
    "123456789012345",
    "1234567890123456",
    "12345678901234567890",
    "123456789012345678901",
    "198.51.100.47",
    "256.1.1.1",
    "::1",
    "2001:db8::1",
    "::ffff:1.2.3.4",
    "johndoe@example.com",
    "a@b",
    "@b.c",
    "a@@b.c",
    "http://example.com/cb",
    "https://example.com/cb?x=1#y",
    "ftp://example.com",
    "http://",
    "KHR",
    "USD",
    "COP",
    "khr",
    "CC",
    "NIT",
    "CACC",
    "SVGS",
    "customer.country",
    "customer.billing.city",
    "customer.identify.extra",
    "account.extra",
    "payment.extra",
    "general.extra",
    "extra",
    "extra.nested",
    "a.b.c.d.e.f",
    "a.b.c.d.e.f.g",
    "customer",
    "customer.id",
    "general.signature",
    "signature",
    "frame_mode",
    "x.frame_mode",
    "x..y",
    ".x",
    "x.",
    "a-b",
];

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Text<'a> {
    Seed,
    Dict(u8),
    Arb(&'a str),
    Long(u8, u16),
}

impl<'a> Text<'a> {
    fn get(self, seed: &'a str, store: &'a [String]) -> &'a str {
        match self {
            Text::Seed => seed,
            Text::Dict(i) => DICT[usize::from(i) % DICT.len()],
            Text::Arb(s) => s,
            Text::Long(i, _) => &store[usize::from(i) % store.len()],
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Opt<'a> {
    Absent,
    Present(Text<'a>),
}

impl<'a> Opt<'a> {
    fn get(self, seed: Option<&'a str>, store: &'a [String]) -> Option<&'a str> {
        match self {
            Opt::Absent => None,
            Opt::Present(Text::Seed) => seed,
            Opt::Present(t) => Some(t.get(seed.unwrap_or("x"), store)),
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Int {
    Seed,
    Value(i64),
    Small(i8),
}

impl Int {
    fn get(self, seed: i64) -> i64 {
        match self {
            Int::Seed => seed,
            Int::Value(v) => v,
            Int::Small(v) => i64::from(v),
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum XVal<'a> {
    Str(Text<'a>),
    Int(i64),
    Bool(bool),
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    method: u8,
    allow_unlisted_bank: bool,
    /// `Options::ambiguous_data(AmbiguousData::Allow)` for the request.
    allow_ambiguous: bool,
    /// The policy of the signer given to `sign_with` (the request's decides).
    signer_allows_ambiguous: bool,
    project_id: Int,
    amount: Int,
    bank_id: Option<u32>,
    text: [Text<'a>; 14],
    opt: [Opt<'a>; 5],
    extras: Vec<(Text<'a>, XVal<'a>)>,
}

/// Long strings around the bounds (255, 256, 2048, ...).
fn long_store(input: &Input<'_>) -> Vec<String> {
    let mut lens: Vec<u16> = vec![15, 16, 20, 21, 45, 46, 64, 65, 254, 255, 256, 2048, 2049];
    for t in input.text.iter() {
        if let Text::Long(_, n) = t {
            lens.push(*n % 4100);
        }
    }
    lens.iter()
        .flat_map(|&n| {
            let n = usize::from(n);
            [
                "7".repeat(n),
                "é".repeat(n / 2),
                format!("https://e.com/{}", "a".repeat(n.saturating_sub(14))),
                format!("{}@example.com", "a".repeat(n.saturating_sub(12))),
            ]
        })
        .collect()
}

fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

#[track_caller]
fn has(v: &Value, path: &str, want: Value) {
    assert_eq!(at(v, path), Some(&want), "{path} in the signed body");
}

fn xvalue(x: XValue<'_>) -> Value {
    match x {
        XValue::Str(s) => Value::from(s),
        XValue::Int(i) => Value::from(i),
        XValue::Bool(b) => Value::from(b),
    }
}

fn policy(allow: bool) -> AmbiguousData {
    if allow {
        AmbiguousData::Allow
    } else {
        AmbiguousData::Refuse
    }
}

/// The default's violations are the opt-in's plus `Reason::Ambiguous` ones.
fn check_policies(refuse: &Violations<'_>, allow: &Violations<'_>) {
    let others: Vec<_> = refuse
        .iter()
        .filter(|v| v.reason != Reason::Ambiguous)
        .collect();
    assert_eq!(
        others,
        allow.iter().collect::<Vec<_>>(),
        "violations by policy"
    );
}

/// Checks a signed body: parses, verifies with a signer of the request's
/// policy and by default (refused exactly when the reference finds
/// ambiguous data), canonical string as the reference.
fn check_body(body: &[u8], secret: &[u8], allowed: AmbiguousData) -> Value {
    let v: Value = serde_json::from_slice(body).expect("a signed payout is not JSON");
    let signer = Signer::new(secret).unwrap().with_ambiguous_data(allowed);
    assert_eq!(signer.verify(body, Mode::Strict), Ok(Order::Natural));
    let node = reference::parse(body).expect("serde_json");
    let by_default = verify(body, secret, Mode::Strict);
    match reference::first_ambiguity_of(&node, reference::Exclude::General) {
        Some(o) => {
            assert!(
                allowed.allows(),
                "ambiguous data in a body valid by default"
            );
            assert_refused("verify by default", body, &by_default, &o);
        }
        None => assert_eq!(by_default, Ok(Order::Natural)),
    }
    assert!(
        !reference::problems(&node, 512, 16).any(),
        "the body breaks a limit"
    );
    let lines = reference::lines(&node, reference::Exclude::Both).expect("numbers");
    let order = reference::natural_order(&lines);
    let want = reference::join_ordered(&lines, &order);
    let mut out = vec![0u8; want.len()];
    let got = canonical(body, &mut out).expect("canonical of a signed payout");
    assert_eq!(
        got.as_bytes(),
        &want[..],
        "canonical string of a signed payout"
    );
    v
}

/// What every builder must do with a request and its validation result.
fn check_build(
    valid: bool,
    encoded_len: usize,
    max_len: usize,
    sign: &dyn Fn(&mut [u8]) -> Result<usize, Error>,
    sign_with: &dyn Fn(&mut [u8]) -> Result<usize, Error>,
) -> Option<Vec<u8>> {
    if !valid {
        let mut out = canary(max_len + 64);
        assert_eq!(sign(&mut out), Err(Error::Invalid));
        assert_untouched(&out, "sign_into of an invalid request");
        return None;
    }
    assert!(
        encoded_len <= max_len,
        "encoded_len {encoded_len} > MAX_LEN {max_len}"
    );
    let mut small = canary(encoded_len - 1);
    assert_eq!(
        sign(&mut small),
        Err(Error::BufferTooSmall {
            needed: encoded_len
        })
    );
    assert_untouched(&small, "sign_into with a small buffer");
    let mut out = canary(encoded_len + 16);
    let n = sign(&mut out).expect("a valid request does not sign");
    assert_eq!(n, encoded_len, "sign_into wrote other than encoded_len");
    assert_untouched(&out[n..], "sign_into past the body");
    let mut again = canary(encoded_len);
    assert_eq!(sign_with(&mut again), Ok(encoded_len));
    assert_eq!(again[..], out[..n], "sign_with differs from sign_into");
    out.truncate(n);
    Some(out)
}

fuzz_target!(|input: Input<'_>| {
    let store = long_store(&input);
    let t = |i: usize, seed: &'static str| -> &str { input.text[i].get(seed, &store) };
    let extras: Vec<Extra<'_>> = input
        .extras
        .iter()
        .take(20)
        .map(|(p, v)| Extra {
            path: p.get("customer.country", &store),
            value: match *v {
                XVal::Str(s) => XValue::Str(s.get("KH", &store)),
                XVal::Int(i) => XValue::Int(i),
                XVal::Bool(b) => XValue::Bool(b),
            },
        })
        .collect();
    let allowed = policy(input.allow_ambiguous);
    let base = Options::new().allow_unlisted_bank(input.allow_unlisted_bank);
    let opts = base.ambiguous_data(allowed);
    let signer = Signer::new(SECRET)
        .unwrap()
        .with_ambiguous_data(policy(input.signer_allows_ambiguous));
    // The seed requests (core/tests/seed: they sign to the shared vectors'
    // bodies) give every field its kept value.
    let (kh, co) = (seed::cambodia_payout(), seed::colombia_payout());
    let general = General {
        project_id: input.project_id.get(kh.general.project_id),
        payment_id: t(0, kh.general.payment_id),
        merchant_callback_url: input.opt[0].get(Some("https://example.com/cb"), &store),
    };
    let extra_bound = |n: usize, base: usize| base + n * MAX_EXTRA_LEN;

    match input.method % 3 {
        0 => {
            let p = cambodia::Payout {
                general,
                customer: cambodia::Customer {
                    id: t(1, kh.customer.id),
                    ip_address: t(2, kh.customer.ip_address),
                    email: t(3, kh.customer.email),
                    phone: t(4, kh.customer.phone),
                },
                account: cambodia::Account {
                    number: t(5, kh.account.number),
                    bank_id: input.bank_id.unwrap_or(kh.account.bank_id),
                    branch: input.opt[1].get(kh.account.branch, &store),
                    city: input.opt[2].get(kh.account.city, &store),
                    province: input.opt[3].get(kh.account.province, &store),
                    customer_name: t(6, kh.account.customer_name),
                },
                payment: Payment {
                    currency: t(7, kh.payment.currency),
                    amount: input.amount.get(kh.payment.amount),
                    description: input.opt[4].get(kh.payment.description, &store),
                },
                extras: &extras,
            };
            let violations = p.validate(opts);
            assert!(violations.len() <= MAX_VIOLATIONS);
            check_policies(
                &p.validate(base),
                &p.validate(base.ambiguous_data(AmbiguousData::Allow)),
            );
            let len = p.encoded_len();
            let body = check_build(
                violations.is_empty(),
                len,
                cambodia::MAX_LEN,
                &|out| p.sign_into(SECRET, out, opts).map(<[u8]>::len),
                &|out| p.sign_with(&signer, out, opts).map(<[u8]>::len),
            );
            let Some(body) = body else { return };
            assert!(len <= extra_bound(extras.len(), cambodia::MAX_LEN_WITHOUT_EXTRAS));
            let v = check_body(&body, SECRET, allowed);
            has(&v, "general.project_id", p.general.project_id.into());
            has(&v, "general.payment_id", p.general.payment_id.into());
            has(&v, "customer.id", p.customer.id.into());
            has(&v, "customer.ip_address", p.customer.ip_address.into());
            has(&v, "customer.email", p.customer.email.into());
            has(&v, "customer.phone", p.customer.phone.into());
            has(&v, "account.number", p.account.number.into());
            has(&v, "account.bank_id", p.account.bank_id.into());
            has(&v, "account.customer_name", p.account.customer_name.into());
            has(&v, "payment.currency", p.payment.currency.into());
            has(&v, "payment.amount", p.payment.amount.into());
            for (path, val) in [
                ("account.branch", p.account.branch),
                ("account.city", p.account.city),
                ("account.province", p.account.province),
                ("payment.description", p.payment.description),
                (
                    "general.merchant_callback_url",
                    p.general.merchant_callback_url,
                ),
            ] {
                assert_eq!(at(&v, path), val.map(Value::from).as_ref(), "{path}");
            }
            for x in &extras {
                has(&v, x.path, xvalue(x.value));
            }
            // A suspicious secret is refused before anything is written.
            let mut out = canary(len);
            assert_eq!(
                p.sign_into(b" secret", &mut out, opts),
                Err(Error::SuspiciousSecret)
            );
            assert_untouched(&out, "sign_into with a suspicious secret");
        }
        1 => {
            let p = colombia::Payout {
                general,
                customer: colombia::Customer {
                    id: t(1, co.customer.id),
                    ip_address: t(2, co.customer.ip_address),
                    first_name: t(8, co.customer.first_name),
                    last_name: t(9, co.customer.last_name),
                    email: t(3, co.customer.email),
                    phone: t(4, co.customer.phone),
                    identify: colombia::Identify {
                        doc_number: t(10, co.customer.identify.doc_number),
                        doc_type: t(11, co.customer.identify.doc_type),
                    },
                },
                account: colombia::Account {
                    number: t(5, co.account.number),
                    r#type: t(12, co.account.r#type),
                    // A listed bank (the seed's 12345 is not in the table),
                    // so that the kept request validates without
                    // `allow_unlisted_bank`.
                    bank_id: input.bank_id.unwrap_or(74532),
                },
                payment: Payment {
                    currency: t(7, co.payment.currency),
                    amount: input.amount.get(co.payment.amount),
                    description: input.opt[4].get(co.payment.description, &store),
                },
                extras: &extras,
            };
            let violations = p.validate(opts);
            assert!(violations.len() <= MAX_VIOLATIONS);
            check_policies(
                &p.validate(base),
                &p.validate(base.ambiguous_data(AmbiguousData::Allow)),
            );
            let len = p.encoded_len();
            let body = check_build(
                violations.is_empty(),
                len,
                colombia::MAX_LEN,
                &|out| p.sign_into(SECRET, out, opts).map(<[u8]>::len),
                &|out| p.sign_with(&signer, out, opts).map(<[u8]>::len),
            );
            let Some(body) = body else { return };
            assert!(len <= extra_bound(extras.len(), colombia::MAX_LEN_WITHOUT_EXTRAS));
            let v = check_body(&body, SECRET, allowed);
            has(&v, "general.project_id", p.general.project_id.into());
            has(&v, "general.payment_id", p.general.payment_id.into());
            has(&v, "customer.id", p.customer.id.into());
            has(&v, "customer.ip_address", p.customer.ip_address.into());
            has(&v, "customer.first_name", p.customer.first_name.into());
            has(&v, "customer.last_name", p.customer.last_name.into());
            has(&v, "customer.email", p.customer.email.into());
            has(&v, "customer.phone", p.customer.phone.into());
            has(
                &v,
                "customer.identify.doc_number",
                p.customer.identify.doc_number.into(),
            );
            has(
                &v,
                "customer.identify.doc_type",
                p.customer.identify.doc_type.into(),
            );
            has(&v, "account.number", p.account.number.into());
            has(&v, "account.type", p.account.r#type.into());
            has(&v, "account.bank_id", p.account.bank_id.into());
            has(&v, "payment.currency", p.payment.currency.into());
            has(&v, "payment.amount", p.payment.amount.into());
            for (path, val) in [
                ("payment.description", p.payment.description),
                (
                    "general.merchant_callback_url",
                    p.general.merchant_callback_url,
                ),
            ] {
                assert_eq!(at(&v, path), val.map(Value::from).as_ref(), "{path}");
            }
            for x in &extras {
                has(&v, x.path, xvalue(x.value));
            }
        }
        _ => {
            // The status request follows the signer's policy (sign_into: the default).
            let r = StatusRequest::new(general.project_id, general.payment_id);
            let violations = r.validate();
            check_policies(&violations, &r.validate_with(AmbiguousData::Allow));
            let len = r.encoded_len();
            let refusing = Signer::new(SECRET).unwrap();
            let body = check_build(
                violations.is_empty(),
                len,
                monetix_gate::payout::status::MAX_LEN,
                &|out| r.sign_into(SECRET, out).map(<[u8]>::len),
                &|out| r.sign_with(&refusing, out).map(<[u8]>::len),
            );
            let with_signer = r.validate_with(signer.ambiguous_data()).is_empty();
            let mut out = canary(len);
            match r.sign_with(&signer, &mut out) {
                Ok(b) => {
                    assert!(with_signer, "sign_with signed an invalid request");
                    let b = b.to_vec();
                    if let Some(body) = &body {
                        assert_eq!(&b, body, "sign_with by the signer's policy");
                    }
                    let v = check_body(&b, SECRET, signer.ambiguous_data());
                    has(&v, "general.payment_id", r.payment_id.into());
                }
                Err(e) => {
                    assert_eq!((e, with_signer), (Error::Invalid, false));
                    assert_untouched(&out, "sign_with of an invalid request");
                }
            }
            let Some(body) = body else { return };
            let v = check_body(&body, SECRET, AmbiguousData::Refuse);
            has(&v, "general.project_id", r.project_id.into());
            has(&v, "general.payment_id", r.payment_id.into());
        }
    }
});
