//! Reading a request from its fields: the one reader every interface uses.
//!
//! The input is a tree in the shape of the request body, as the seeds print
//! it (`{"general": {...}, "customer": {...}, ...}`), given as any
//! [`Source`]: JSON bytes through [`DocumentSource`], or a host language's
//! own values. Reading reports **every** problem at once, as
//! [`Violation`]s with dotted paths, together with every violation the
//! request's own validation finds:
//!
//! - a required field that is absent (or `null`): [`Reason::Required`];
//! - a value of the wrong type: [`Reason::NotString`], [`Reason::NotInteger`],
//!   [`Reason::NotBankId`], [`Reason::NotObject`];
//! - a member the request does not have: [`Reason::Unknown`], with the known
//!   name as a hint when one is close (`customer.emial` → `customer.email`),
//!   so a typo is never signed and sent.
//!
//! # Extra Gate parameters
//!
//! The platform accepts other optional parameters besides the documented
//! ones. They go through one explicit channel: a top-level member named
//! [`EXTRAS_KEY`] (`"extras"`), an object mapping each parameter's dotted path
//! to a string, integer or boolean:
//!
//! ```json
//! {"general": {...}, ..., "extras": {"customer.country": "KH"}}
//! ```
//!
//! # Two modes
//!
//! [`Mode::Build`] reads fields to build a request from: a signature member
//! or `frame_mode` is refused, and unknown members are violations.
//! [`Mode::Received`] reads a request as a server receives it (after its
//! signature was verified): the signature members and `frame_mode` members
//! are skipped, and every other unknown leaf is kept as an extra parameter
//! (its dotted path), at most [`MAX_EXTRAS`] of them and [`MAX_EXTRA_DEPTH`]
//! segments deep; arrays and `null` outside the known fields are skipped.
//!
//! # Scratch
//!
//! Keys and strings with JSON escapes, and the dotted paths of unknown
//! members, are written into the caller's `scratch` buffer, which the results
//! borrow. The size is measured first: a too-small scratch gives
//! [`Error::BufferTooSmall`] with the exact size needed, nothing written. A
//! body without escapes and without unknown members needs none.

// No heap: a failed read returns its violations by value (about 1.6 KiB).
#![allow(clippy::result_large_err)]

use super::{
    cambodia, colombia, status::StatusRequest, Detail, Extra, ExtraValue, Field, General, Options,
    Payment, Reason, Violation, Violations, MAX_EXTRAS, MAX_EXTRA_DEPTH,
};
use crate::source::{Kind, Source, Text};
use crate::Error;

#[cfg(doc)]
use crate::source::DocumentSource;

/// The top-level member that carries extra Gate parameters (see the module docs).
pub const EXTRAS_KEY: &str = "extras";

/// How a request is read (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Fields to build and sign a request from: unknown members, a signature
    /// and `frame_mode` are violations. The default.
    #[default]
    Build,
    /// A request as received (its signature verified elsewhere): signature
    /// and `frame_mode` members are skipped, unknown leaves kept as extras.
    Received,
}

/// Why reading failed.
// No heap: the list of violations travels by value (about 1.3 KiB).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError<'a> {
    /// The fields have problems: every one of them, reading and validation
    /// alike, in the order found (at most [`super::MAX_VIOLATIONS`]).
    Invalid(Violations<'a>),
    /// The scratch buffer is too small ([`Error::BufferTooSmall`] with the
    /// exact size needed), or another error of the source.
    Error(Error),
}

impl From<Error> for ReadError<'_> {
    fn from(e: Error) -> Self {
        ReadError::Error(e)
    }
}

/// A request read from a source, with the storage its extra parameters
/// borrow; [`Read::payout`] (or [`Read::request`]) gives the request itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read<'a, R> {
    request: R,
    extras: heapless::Vec<Extra<'a>, MAX_EXTRAS>,
}

impl<'a> Read<'a, cambodia::Payout<'a>> {
    /// The payout, its extras borrowed from `self`.
    #[must_use]
    pub fn payout(&self) -> cambodia::Payout<'_> {
        cambodia::Payout {
            extras: &self.extras,
            ..self.request
        }
    }
}

impl<'a> Read<'a, colombia::Payout<'a>> {
    /// The payout, its extras borrowed from `self`.
    #[must_use]
    pub fn payout(&self) -> colombia::Payout<'_> {
        colombia::Payout {
            extras: &self.extras,
            ..self.request
        }
    }
}

impl<'a> Read<'a, StatusRequest<'a>> {
    /// The status request.
    #[must_use]
    pub fn request(&self) -> StatusRequest<'a> {
        self.request
    }
}

impl<'a, R> Read<'a, R> {
    /// The extra parameters read (from [`EXTRAS_KEY`], or the unknown leaves
    /// of a received request).
    #[must_use]
    pub fn extras(&self) -> &[Extra<'a>] {
        &self.extras
    }
}

// ---- the shapes of the requests ----------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    /// A required string.
    Str,
    /// An optional string.
    OptStr,
    /// A required integer (`i64`).
    Int,
    /// A required bank ID (`u32`).
    BankId,
}

struct Leaf {
    key: &'static str,
    field: Field,
    ty: Ty,
}

struct Obj {
    key: &'static str,
    path: &'static str,
    leaves: &'static [Leaf],
    objects: &'static [Obj],
}

const fn leaf(key: &'static str, field: Field, ty: Ty) -> Leaf {
    Leaf { key, field, ty }
}

const GENERAL_LEAVES: [Leaf; 3] = [
    leaf("project_id", Field::GeneralProjectId, Ty::Int),
    leaf("payment_id", Field::GeneralPaymentId, Ty::Str),
    leaf(
        "merchant_callback_url",
        Field::GeneralMerchantCallbackUrl,
        Ty::OptStr,
    ),
];

const PAYMENT_LEAVES: [Leaf; 3] = [
    leaf("currency", Field::PaymentCurrency, Ty::Str),
    leaf("amount", Field::PaymentAmount, Ty::Int),
    leaf("description", Field::PaymentDescription, Ty::OptStr),
];

const CAMBODIA: [Obj; 4] = [
    Obj {
        key: "general",
        path: "general",
        leaves: &GENERAL_LEAVES,
        objects: &[],
    },
    Obj {
        key: "customer",
        path: "customer",
        leaves: &[
            leaf("id", Field::CustomerId, Ty::Str),
            leaf("ip_address", Field::CustomerIpAddress, Ty::Str),
            leaf("email", Field::CustomerEmail, Ty::Str),
            leaf("phone", Field::CustomerPhone, Ty::Str),
        ],
        objects: &[],
    },
    Obj {
        key: "account",
        path: "account",
        leaves: &[
            leaf("number", Field::AccountNumber, Ty::Str),
            leaf("bank_id", Field::AccountBankId, Ty::BankId),
            leaf("branch", Field::AccountBranch, Ty::OptStr),
            leaf("city", Field::AccountCity, Ty::OptStr),
            leaf("province", Field::AccountProvince, Ty::OptStr),
            leaf("customer_name", Field::AccountCustomerName, Ty::Str),
        ],
        objects: &[],
    },
    Obj {
        key: "payment",
        path: "payment",
        leaves: &PAYMENT_LEAVES,
        objects: &[],
    },
];

const COLOMBIA: [Obj; 4] = [
    Obj {
        key: "general",
        path: "general",
        leaves: &GENERAL_LEAVES,
        objects: &[],
    },
    Obj {
        key: "customer",
        path: "customer",
        leaves: &[
            leaf("id", Field::CustomerId, Ty::Str),
            leaf("ip_address", Field::CustomerIpAddress, Ty::Str),
            leaf("first_name", Field::CustomerFirstName, Ty::Str),
            leaf("last_name", Field::CustomerLastName, Ty::Str),
            leaf("email", Field::CustomerEmail, Ty::Str),
            leaf("phone", Field::CustomerPhone, Ty::Str),
        ],
        objects: &[Obj {
            key: "identify",
            path: "customer.identify",
            leaves: &[
                leaf("doc_number", Field::CustomerIdentifyDocNumber, Ty::Str),
                leaf("doc_type", Field::CustomerIdentifyDocType, Ty::Str),
            ],
            objects: &[],
        }],
    },
    Obj {
        key: "account",
        path: "account",
        leaves: &[
            leaf("number", Field::AccountNumber, Ty::Str),
            leaf("type", Field::AccountType, Ty::Str),
            leaf("bank_id", Field::AccountBankId, Ty::BankId),
        ],
        objects: &[],
    },
    Obj {
        key: "payment",
        path: "payment",
        leaves: &PAYMENT_LEAVES,
        objects: &[],
    },
];

const STATUS: [Obj; 1] = [Obj {
    key: "general",
    path: "general",
    leaves: &[
        leaf("project_id", Field::GeneralProjectId, Ty::Int),
        leaf("payment_id", Field::GeneralPaymentId, Ty::Str),
    ],
    objects: &[],
}];

/// Every known dotted path of a shape, for hints.
fn for_each_known(objects: &'static [Obj], f: &mut dyn FnMut(&'static str, &'static str)) {
    for o in objects {
        f(o.key, o.path);
        for l in o.leaves {
            f(l.key, l.field.as_str());
        }
        for_each_known(o.objects, f);
    }
}

// ---- values read ---------------------------------------------------------------

/// The value read for each typed field (indexed by [`field_index`]).
#[derive(Clone, Copy)]
enum Got<'a> {
    Absent,
    Str(&'a str),
    Int(i64),
}

const FIELDS: usize = 21;

const fn field_index(f: Field) -> usize {
    match f {
        Field::GeneralProjectId => 0,
        Field::GeneralPaymentId => 1,
        Field::GeneralMerchantCallbackUrl => 2,
        Field::CustomerId => 3,
        Field::CustomerIpAddress => 4,
        Field::CustomerFirstName => 5,
        Field::CustomerLastName => 6,
        Field::CustomerEmail => 7,
        Field::CustomerPhone => 8,
        Field::CustomerIdentifyDocNumber => 9,
        Field::CustomerIdentifyDocType => 10,
        Field::AccountNumber => 11,
        Field::AccountType => 12,
        Field::AccountBankId => 13,
        Field::AccountBranch => 14,
        Field::AccountCity => 15,
        Field::AccountProvince => 16,
        Field::AccountCustomerName => 17,
        Field::PaymentCurrency => 18,
        Field::PaymentAmount => 19,
        Field::PaymentDescription | Field::Extra => 20,
    }
}

struct Values<'a>([Got<'a>; FIELDS]);

impl<'a> Values<'a> {
    fn get(&self, f: Field) -> Got<'a> {
        self.0.get(field_index(f)).copied().unwrap_or(Got::Absent)
    }
    fn str(&self, f: Field) -> &'a str {
        match self.get(f) {
            Got::Str(s) => s,
            _ => "",
        }
    }
    fn opt_str(&self, f: Field) -> Option<&'a str> {
        match self.get(f) {
            Got::Str(s) => Some(s),
            _ => None,
        }
    }
    fn int(&self, f: Field) -> i64 {
        match self.get(f) {
            Got::Int(n) => n,
            _ => 0,
        }
    }
    fn bank_id(&self) -> u32 {
        u32::try_from(self.int(Field::AccountBankId)).unwrap_or(0)
    }
    fn general(&self) -> General<'a> {
        General {
            project_id: self.int(Field::GeneralProjectId),
            payment_id: self.str(Field::GeneralPaymentId),
            merchant_callback_url: self.opt_str(Field::GeneralMerchantCallbackUrl),
        }
    }
    fn payment(&self) -> Payment<'a> {
        Payment {
            currency: self.str(Field::PaymentCurrency),
            amount: self.int(Field::PaymentAmount),
            description: self.opt_str(Field::PaymentDescription),
        }
    }
}

// ---- the scratch arena -----------------------------------------------------------

/// Where decoded text and composed paths go: counted in the first pass,
/// written in the second.
struct Arena<'a> {
    rest: Option<&'a mut [u8]>,
    needed: usize,
}

impl<'a> Arena<'a> {
    /// `len` bytes filled by `fill`, as text; `""` while counting.
    fn alloc(&mut self, len: usize, fill: impl FnOnce(&mut [u8]) -> Option<()>) -> &'a str {
        self.needed = self.needed.saturating_add(len);
        let Some(rest) = self.rest.take() else {
            return "";
        };
        let Some((head, tail)) = rest.split_at_mut_checked(len) else {
            self.rest = Some(&mut []);
            return "";
        };
        self.rest = Some(tail);
        if fill(head).is_none() {
            return "";
        }
        core::str::from_utf8(head).unwrap_or("")
    }

    fn text(&mut self, t: Text<'a>) -> &'a str {
        match t {
            Text::Str(s) => s,
            Text::Json(_) => {
                let len = t.decoded_len();
                self.alloc(len, |out| t.decode_into(out).map(|_| ()))
            }
        }
    }

    /// `prefix.key` (or `key` at the top level).
    fn path(&mut self, prefix: &str, key: Text<'a>) -> &'a str {
        if prefix.is_empty() {
            return self.text(key);
        }
        let len = prefix
            .len()
            .saturating_add(1)
            .saturating_add(key.decoded_len());
        self.alloc(len, |out| {
            let (p, rest) = out.split_at_mut_checked(prefix.len())?;
            crate::copy(p, prefix.as_bytes());
            let (dot, k) = rest.split_first_mut()?;
            *dot = b'.';
            key.decode_into(k).map(|_| ())
        })
    }
}

// ---- the reader ------------------------------------------------------------------

struct Reader<'s, 'a, S: Source<'a>> {
    src: &'s S,
    mode: Mode,
    arena: Arena<'a>,
    values: Values<'a>,
    problems: Violations<'a>,
    extras: heapless::Vec<Extra<'a>, MAX_EXTRAS>,
    extras_overflow: bool,
    shape: &'static [Obj],
}

impl<'s, 'a, S: Source<'a>> Reader<'s, 'a, S> {
    fn problem(&mut self, field: Field, path: &'a str, reason: Reason, hint: Option<&'static str>) {
        // The list is bounded; past its end the last entry says there is more.
        super::push_violation(
            &mut self.problems,
            Violation {
                field,
                path,
                reason,
                hint,
                detail: Detail::None,
            },
        );
    }

    fn read(&mut self) {
        let root = self.src.root();
        if self.src.kind(root) != Kind::Object {
            self.problem(Field::Extra, "", Reason::NotObject, None);
            return;
        }
        let shape = self.shape;
        self.object(root, "", shape, &[], 1);
        for o in shape {
            self.required(o);
        }
    }

    /// Reports absent required leaves of `o` (and of its sub-objects).
    fn required(&mut self, o: &'static Obj) {
        for l in o.leaves {
            if l.ty != Ty::OptStr
                && matches!(self.values.get(l.field), Got::Absent)
                && !self.has_problem(l.field.as_str())
            {
                self.problem(l.field, l.field.as_str(), Reason::Required, None);
            }
        }
        for sub in o.objects {
            self.required(sub);
        }
    }

    fn has_problem(&self, path: &str) -> bool {
        self.problems.iter().any(|p| covers(p, path))
    }

    /// Reads the members of an object at `prefix` whose known leaves and
    /// sub-objects are `leaves` and `objects` (the root: `objects` = shape).
    fn object(
        &mut self,
        node: S::Node,
        prefix: &'static str,
        objects: &'static [Obj],
        leaves: &'static [Leaf],
        depth: usize,
    ) {
        let src = self.src;
        src.for_each_member(node, &mut |key, value| {
            self.member(key, value, prefix, objects, leaves, depth);
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn member(
        &mut self,
        key: Text<'a>,
        value: S::Node,
        prefix: &'static str,
        objects: &'static [Obj],
        leaves: &'static [Leaf],
        depth: usize,
    ) {
        if let Some(l) = leaves.iter().find(|l| key.eq_str(l.key)) {
            self.leaf(l, value);
            return;
        }
        if let Some(o) = objects.iter().find(|o| key.eq_str(o.key)) {
            match self.src.kind(value) {
                Kind::Object => {
                    self.object(value, o.path, o.objects, o.leaves, depth.saturating_add(1))
                }
                Kind::Null => {}
                _ => self.problem(Field::Extra, o.path, Reason::NotObject, None),
            }
            return;
        }
        let signature = (prefix.is_empty() || prefix == "general") && key.eq_str("signature");
        let frame_mode = key.eq_str("frame_mode");
        match self.mode {
            Mode::Build => {
                if prefix.is_empty() && key.eq_str(EXTRAS_KEY) && self.takes_extras() {
                    self.extras_channel(value);
                    return;
                }
                let path = self.arena.path(prefix, key);
                if signature || frame_mode {
                    self.problem(Field::Extra, path, Reason::Reserved, None);
                } else {
                    let hint = self.hint(prefix, key);
                    self.problem(Field::Extra, path, Reason::Unknown, hint);
                }
            }
            Mode::Received => {
                if signature || frame_mode {
                    return;
                }
                let path = self.arena.path(prefix, key);
                self.keep(value, path, depth);
            }
        }
    }

    /// A typed leaf.
    fn leaf(&mut self, l: &'static Leaf, value: S::Node) {
        let path = l.field.as_str();
        let kind = self.src.kind(value);
        if kind == Kind::Null {
            return; // absent
        }
        let got = match (l.ty, kind) {
            (Ty::Str | Ty::OptStr, Kind::String) => match self.src.text(value) {
                Some(t) => Got::Str(self.arena.text(t)),
                None => Got::Absent,
            },
            (Ty::Int, Kind::Integer) => match self.src.integer(value) {
                Some(n) => Got::Int(n),
                None => Got::Absent,
            },
            (Ty::BankId, Kind::Integer) => match self.src.integer(value) {
                Some(n) if u32::try_from(n).is_ok() => Got::Int(n),
                _ => {
                    self.problem(l.field, path, Reason::NotBankId, None);
                    return;
                }
            },
            (Ty::Str | Ty::OptStr, _) => {
                self.problem(l.field, path, Reason::NotString, None);
                return;
            }
            (Ty::Int, _) => {
                self.problem(l.field, path, Reason::NotInteger, None);
                return;
            }
            (Ty::BankId, _) => {
                self.problem(l.field, path, Reason::NotBankId, None);
                return;
            }
        };
        if let Some(slot) = self.values.0.get_mut(field_index(l.field)) {
            *slot = got;
        }
    }

    /// Whether the request has extra parameters (the status request has none).
    fn takes_extras(&self) -> bool {
        !core::ptr::eq(self.shape, STATUS.as_slice())
    }

    /// The explicit channel: `"extras": {"dotted.path": value, ...}`.
    fn extras_channel(&mut self, node: S::Node) {
        match self.src.kind(node) {
            Kind::Object => {}
            Kind::Null => return,
            _ => {
                self.problem(Field::Extra, EXTRAS_KEY, Reason::NotObject, None);
                return;
            }
        }
        let src = self.src;
        src.for_each_member(node, &mut |key, value| {
            let path = self.arena.text(key);
            match self.scalar(value) {
                Some(v) => self.push_extra(Extra { path, value: v }),
                None => self.problem(Field::Extra, path, Reason::ExtraValue, None),
            }
        });
    }

    fn scalar(&mut self, node: S::Node) -> Option<ExtraValue<'a>> {
        match self.src.kind(node) {
            Kind::String => {
                let t = self.src.text(node)?;
                Some(ExtraValue::Str(self.arena.text(t)))
            }
            Kind::Integer => self.src.integer(node).map(ExtraValue::Int),
            Kind::Bool(b) => Some(ExtraValue::Bool(b)),
            _ => None,
        }
    }

    fn push_extra(&mut self, extra: Extra<'a>) {
        if self.extras.push(extra).is_err() && !self.extras_overflow {
            self.extras_overflow = true;
            self.problem(Field::Extra, Field::Extra.as_str(), Reason::TooMany, None);
        }
    }

    /// Received mode: an unknown member kept as extras (leaves) or walked
    /// (objects); arrays, `null` and values too deep are skipped.
    fn keep(&mut self, node: S::Node, path: &'a str, depth: usize) {
        match self.src.kind(node) {
            Kind::Object => {
                if depth >= MAX_EXTRA_DEPTH {
                    return;
                }
                let src = self.src;
                src.for_each_member(node, &mut |key, value| {
                    if key.eq_str("frame_mode") {
                        return;
                    }
                    let sub = self.arena.path(path, key);
                    self.keep(value, sub, depth.saturating_add(1));
                });
            }
            _ => {
                if let Some(v) = self.scalar(node) {
                    self.push_extra(Extra { path, value: v });
                }
            }
        }
    }

    /// The known name at `prefix` closest to `key`, if it is close.
    fn hint(&self, prefix: &str, key: Text<'a>) -> Option<&'static str> {
        let mut buf = [0u8; 64];
        let len = key.decoded_len();
        let key = key.decode_into(buf.get_mut(..len)?)?;
        let mut best: Option<(usize, &'static str)> = None;
        for_each_known(self.shape, &mut |name, path| {
            let parent = path
                .len()
                .checked_sub(name.len())
                .and_then(|n| path.get(..n.saturating_sub(1)))
                .unwrap_or("");
            if parent != prefix {
                return;
            }
            let d = distance(key.as_bytes(), name.as_bytes());
            // Close: at most a third of the name's length in edits (and 2).
            let limit = (name.len() / 3).clamp(1, 2);
            if d <= limit && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, path));
            }
        });
        best.map(|(_, path)| path)
    }

    fn finish(
        self,
    ) -> (
        Values<'a>,
        Violations<'a>,
        heapless::Vec<Extra<'a>, MAX_EXTRAS>,
    ) {
        (self.values, self.problems, self.extras)
    }
}

/// Whether a problem at `reported` already covers `path`: the same path, or
/// an object above it (`customer` covers `customer.id`).
fn covers(reported: &Violation<'_>, path: &str) -> bool {
    if reported.path.is_empty() {
        return false;
    }
    match path.strip_prefix(reported.path) {
        Some("") => true,
        // Only an object that is not an object covers the fields below it.
        Some(rest) => rest.starts_with('.') && reported.reason == Reason::NotObject,
        None => false,
    }
}

/// Optimal string alignment distance (edits and adjacent swaps), for names of
/// at most 32 bytes (`usize::MAX` beyond).
fn distance(a: &[u8], b: &[u8]) -> usize {
    const N: usize = 33;
    if a.len() >= N || b.len() >= N {
        return usize::MAX;
    }
    let at = |row: &[usize; N], j: usize| row.get(j).copied().unwrap_or(usize::MAX);
    let mut prev2 = [0usize; N];
    let mut prev = [0usize; N];
    for (j, slot) in prev.iter_mut().enumerate() {
        *slot = j;
    }
    // Row i (1-based) compares a[..i] with b[..j]; `x` is a[i-1], `y` is b[j-1].
    for (i, &x) in (1usize..).zip(a) {
        let mut cur = [0usize; N];
        if let Some(c) = cur.first_mut() {
            *c = i;
        }
        for (j, &y) in (1usize..).zip(b) {
            let (jm1, im1) = (j.wrapping_sub(1), i.wrapping_sub(1));
            let cost = usize::from(x != y);
            let mut v = at(&prev, j)
                .saturating_add(1)
                .min(at(&cur, jm1).saturating_add(1))
                .min(at(&prev, jm1).saturating_add(cost));
            let swapped = i > 1
                && j > 1
                && a.get(im1.wrapping_sub(1)) == Some(&y)
                && b.get(jm1.wrapping_sub(1)) == Some(&x);
            if swapped {
                v = v.min(at(&prev2, jm1.wrapping_sub(1)).saturating_add(1));
            }
            if let Some(c) = cur.get_mut(j) {
                *c = v;
            }
        }
        prev2 = prev;
        prev = cur;
    }
    at(&prev, b.len())
}

/// Runs the reader once counting and, if anything needs scratch, once more
/// writing into it; returns what it read.
fn run<'a, S: Source<'a>>(
    src: &S,
    mode: Mode,
    shape: &'static [Obj],
    scratch: &'a mut [u8],
) -> Result<
    (
        Values<'a>,
        Violations<'a>,
        heapless::Vec<Extra<'a>, MAX_EXTRAS>,
    ),
    Error,
> {
    let mut reader = Reader {
        src,
        mode,
        arena: Arena {
            rest: None,
            needed: 0,
        },
        values: Values([Got::Absent; FIELDS]),
        problems: Violations::new(),
        extras: heapless::Vec::new(),
        extras_overflow: false,
        shape,
    };
    reader.read();
    let needed = reader.arena.needed;
    if needed == 0 {
        return Ok(reader.finish());
    }
    if needed > scratch.len() {
        return Err(Error::BufferTooSmall { needed });
    }
    let mut reader = Reader {
        src,
        mode,
        arena: Arena {
            rest: Some(scratch),
            needed: 0,
        },
        values: Values([Got::Absent; FIELDS]),
        problems: Violations::new(),
        extras: heapless::Vec::new(),
        extras_overflow: false,
        shape,
    };
    reader.read();
    Ok(reader.finish())
}

/// Appends the validation violations not already reported while reading
/// (a field read with a problem is reported once). Validation ran on a
/// request borrowing `extras` briefly; each path is taken back from `extras`
/// (or is a typed field's static path).
fn merge<'a>(
    mut problems: Violations<'a>,
    validation: Violations<'_>,
    extras: &[Extra<'a>],
    currency: &'a str,
    mode: Mode,
) -> Violations<'a> {
    for v in validation {
        let path: &'a str = if v.field == Field::Extra {
            match extras.iter().find(|e| e.path == v.path) {
                Some(e) => e.path,
                None => Field::Extra.as_str(),
            }
        } else {
            v.field.as_str()
        };
        let v = Violation {
            path,
            detail: match v.detail {
                Detail::None => Detail::None,
                Detail::Bank { id, method } => Detail::Bank { id, method },
                Detail::Currency { method, .. } => Detail::Currency {
                    method,
                    given: currency,
                },
            },
            ..v
        };
        if mode == Mode::Received && v.field == Field::Extra {
            // Received extras are whatever the sender had: not ours to judge.
            continue;
        }
        let reported = problems
            .iter()
            .any(|p| (p.field == v.field && p.field != Field::Extra) || covers(p, v.path));
        if !reported {
            super::push_violation(&mut problems, v);
        }
    }
    problems
}

/// Reads a Banks of Cambodia payout from `src` and validates it with `opts`.
///
/// # Errors
/// [`ReadError::Invalid`] with every problem; [`ReadError::Error`] with
/// [`Error::BufferTooSmall`] when `scratch` is too small.
pub fn cambodia<'a, S: Source<'a>>(
    src: &S,
    mode: Mode,
    opts: Options,
    scratch: &'a mut [u8],
) -> Result<Read<'a, cambodia::Payout<'a>>, ReadError<'a>> {
    let (v, problems, extras) = run(src, mode, &CAMBODIA, scratch)?;
    let read = Read {
        request: cambodia::Payout {
            general: v.general(),
            customer: cambodia::Customer {
                id: v.str(Field::CustomerId),
                ip_address: v.str(Field::CustomerIpAddress),
                email: v.str(Field::CustomerEmail),
                phone: v.str(Field::CustomerPhone),
            },
            account: cambodia::Account {
                number: v.str(Field::AccountNumber),
                bank_id: v.bank_id(),
                branch: v.opt_str(Field::AccountBranch),
                city: v.opt_str(Field::AccountCity),
                province: v.opt_str(Field::AccountProvince),
                customer_name: v.str(Field::AccountCustomerName),
            },
            payment: v.payment(),
            extras: &[],
        },
        extras,
    };
    let currency = read.request.payment.currency;
    let all = merge(
        problems,
        read.payout().validate(opts),
        &read.extras,
        currency,
        mode,
    );
    if all.is_empty() {
        Ok(read)
    } else {
        Err(ReadError::Invalid(all))
    }
}

/// Reads a Bank transfers in Colombia payout from `src` and validates it
/// with `opts`.
///
/// # Errors
/// As [`cambodia()`].
pub fn colombia<'a, S: Source<'a>>(
    src: &S,
    mode: Mode,
    opts: Options,
    scratch: &'a mut [u8],
) -> Result<Read<'a, colombia::Payout<'a>>, ReadError<'a>> {
    let (v, problems, extras) = run(src, mode, &COLOMBIA, scratch)?;
    let read = Read {
        request: colombia::Payout {
            general: v.general(),
            customer: colombia::Customer {
                id: v.str(Field::CustomerId),
                ip_address: v.str(Field::CustomerIpAddress),
                first_name: v.str(Field::CustomerFirstName),
                last_name: v.str(Field::CustomerLastName),
                email: v.str(Field::CustomerEmail),
                phone: v.str(Field::CustomerPhone),
                identify: colombia::Identify {
                    doc_number: v.str(Field::CustomerIdentifyDocNumber),
                    doc_type: v.str(Field::CustomerIdentifyDocType),
                },
            },
            account: colombia::Account {
                number: v.str(Field::AccountNumber),
                r#type: v.str(Field::AccountType),
                bank_id: v.bank_id(),
            },
            payment: v.payment(),
            extras: &[],
        },
        extras,
    };
    let currency = read.request.payment.currency;
    let all = merge(
        problems,
        read.payout().validate(opts),
        &read.extras,
        currency,
        mode,
    );
    if all.is_empty() {
        Ok(read)
    } else {
        Err(ReadError::Invalid(all))
    }
}

/// Reads a payment status request (`general.project_id`,
/// `general.payment_id`) from `src` and validates it (ambiguity as `opts`
/// says). A received status request keeps no extras.
///
/// # Errors
/// As [`cambodia()`].
pub fn status<'a, S: Source<'a>>(
    src: &S,
    mode: Mode,
    opts: Options,
    scratch: &'a mut [u8],
) -> Result<Read<'a, StatusRequest<'a>>, ReadError<'a>> {
    let (v, problems, _) = run(src, mode, &STATUS, scratch)?;
    let request = StatusRequest {
        project_id: v.int(Field::GeneralProjectId),
        payment_id: v.str(Field::GeneralPaymentId),
    };
    let all = merge(
        problems,
        request.validate_with(opts.ambiguous()),
        &[],
        "",
        mode,
    );
    if all.is_empty() {
        Ok(Read {
            request,
            extras: heapless::Vec::new(),
        })
    } else {
        Err(ReadError::Invalid(all))
    }
}
