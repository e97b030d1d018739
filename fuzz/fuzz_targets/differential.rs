//! Differential: core's canonical string against the independent
//! serde_json-based reference (`monetix_gate_fuzz::reference`) on every input
//! serde_json accepts (as a tree that keeps duplicate members).
//!
//! * When the reference finds nothing wrong (an object, no duplicate key, no
//!   number beyond `f64`, within 512 values and depth 16), core must accept
//!   the body and produce the reference's string: exactly, unless the paths
//!   make PHP's `strnatcmp` inconsistent (not a total order, possible with
//!   whitespace and leading zeros), where different correct stable sorts
//!   may disagree; such inputs are checked to be permutations only.
//! * When it finds something, core must refuse the body with one of those
//!   errors (whichever comes first in the text): `DuplicateKey` only when a
//!   duplicate really is there, and so on.
//! * `canonical` is never refused for ambiguous data. Signing is, by default,
//!   exactly when the reference's own predicate finds ambiguous data among
//!   the signed members (`sign`, `Signer::sign` and `ambiguity::check` give
//!   `Error::Ambiguous` with the reference's reason, and `ambiguity::explain`
//!   names the reference's path of the first offending member); otherwise,
//!   and always with the opt-in (`AmbiguousData::Allow`), the signature is
//!   the reference's HMAC of the reference's string.
//! * When the strings agree, one of the three orderings of `docs/signature.md` section 3
//!   (natural, byte-path, byte-line), computed by the reference, is signed
//!   with the reference's own HMAC and added as the top-level signature:
//!   with the opt-in, tolerant verification must report the first ordering
//!   that gives that string, strict verification must accept only the
//!   natural one; by default the same, unless the reference finds ambiguous
//!   data among the members that signature covers: then both modes refuse it.
//! * The same body given as a `json::Values` table (when its numbers are all
//!   integers: a table has no floats) writes core's canonical string and
//!   signs (with the opt-in, and by default: the same signature or the same
//!   refusal) exactly as the JSON text does.
//! * Inputs serde_json refuses are skipped (core's own targets cover them);
//!   among them lone surrogates, which serde_json refuses too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use monetix_gate::json::{Array, Object, Scalar, Values};
use monetix_gate::{ambiguity, canonical, canonical_len, sign, Error, Signer};
use monetix_gate_fuzz::reference::{self, Exclude, Problems};
use monetix_gate_fuzz::{allowing, assert_refused, hmac_b64, SECRET};

fuzz_target!(|data: &[u8]| {
    let Some(node) = reference::parse(data) else {
        return;
    };
    let p = reference::problems(&node, 512, 16);
    let len = canonical_len(data);
    if p.any() {
        let allowed = |e: &Error| match e {
            Error::NotAnObject => p.not_an_object,
            Error::DuplicateKey { .. } => p.duplicate_key,
            Error::NumberOutOfRange { .. } => p.number_out_of_range,
            Error::TooDeep { .. } => p.too_deep,
            Error::TooManyValues => p.too_many_values,
            _ => false,
        };
        match len {
            Err(e) if allowed(&e) => return,
            other => panic!("reference finds {p:?}, core says {other:?}"),
        }
    }
    assert_eq!(p, Problems::default());
    let n = match len {
        Ok(n) => n,
        Err(e) => panic!("core refuses a body serde_json and the reference accept: {e:?}"),
    };
    let mut out = vec![0u8; n];
    let got = canonical(data, &mut out)
        .expect("canonical after canonical_len")
        .as_bytes();

    let lines = reference::lines(&node, Exclude::Both).expect("numbers were checked");
    let order = reference::natural_order(&lines);
    let want = reference::join_ordered(&lines, &order);

    // Signing: refused by default exactly when the reference finds ambiguous
    // data; with the opt-in (and otherwise) the signature of core's string.
    let with_opt_in = allowing(SECRET).sign(data).map(|s| s.as_str().to_owned());
    assert_eq!(
        with_opt_in.as_deref(),
        Ok(hmac_b64(SECRET, got).as_str()),
        "signing with the opt-in"
    );
    let by_default = [
        sign(data, SECRET).map(|s| s.as_str().to_owned()),
        Signer::new(SECRET)
            .unwrap()
            .sign(data)
            .map(|s| s.as_str().to_owned()),
    ];
    check_values(&node, got, &with_opt_in, &by_default[0]);
    let check = ambiguity::check(data);
    match reference::first_ambiguity_of(&node, Exclude::Both) {
        Some(o) => {
            for got in &by_default {
                assert_refused("signing by default", data, got, &o);
            }
            assert_refused("ambiguity::check", data, &check, &o);
        }
        None => {
            assert_eq!(check, Ok(()), "ambiguity::check");
            for got in by_default {
                assert_eq!(got, with_opt_in, "signing by default");
            }
        }
    }

    if got == &want[..] {
        // Spec section 3: the tolerant orders, against the reference too.
        if monetix_gate_fuzz::can_add_signature(&node) {
            let choice = data.iter().fold(0u8, |a, &b| a.wrapping_add(b));
            monetix_gate_fuzz::check_tolerant_orders(data, &node, choice);
        }
        return;
    }
    if reference::order_is_unique(&lines, &order) {
        panic!(
            "canonical mismatch\n core: {:?}\n  ref: {:?}",
            String::from_utf8_lossy(got),
            String::from_utf8_lossy(&want)
        );
    }
    // strnatcmp is not a total order on these paths: core's string must
    // still be the same lines in some order (same length, and every line of
    // the reference appears in it).
    assert_eq!(
        got.len(),
        want.len(),
        "inconsistent order, and lengths differ"
    );
    let mut rest = got.to_vec();
    for &i in &order {
        let mut line = lines[i].path.clone();
        line.push(b':');
        line.extend_from_slice(&lines[i].value);
        let at = rest
            .windows(line.len())
            .position(|w| w == &line[..])
            .unwrap_or_else(|| panic!("line {:?} missing", String::from_utf8_lossy(&line)));
        rest.drain(at..at + line.len());
    }
});

fn integers_only(node: &reference::Node) -> bool {
    use reference::Node;
    match node {
        Node::Number(n) => !n.contains(['.', 'e', 'E']),
        Node::Array(items) => items.iter().all(integers_only),
        Node::Object(members) => members.iter().all(|(_, v)| integers_only(v)),
        _ => true,
    }
}

fn scalar(node: &reference::Node) -> Scalar<'_> {
    use reference::Node;
    match node {
        Node::Null => Scalar::Null,
        Node::Bool(b) => Scalar::Bool(*b),
        Node::Number(n) => Scalar::Digits(n),
        Node::Str(s) => Scalar::Str(s),
        Node::Array(_) | Node::Object(_) => Scalar::Null,
    }
}

fn fill_object<'t>(
    o: &mut Object<'_, 't, 512, 16>,
    members: &'t [(String, reference::Node)],
) -> Result<(), Error> {
    use reference::Node;
    for (k, v) in members {
        match v {
            Node::Object(m) => o.object(k, |inner| fill_object(inner, m))?,
            Node::Array(items) => o.array(k, |inner| fill_array(inner, items))?,
            _ => o.member(k, scalar(v))?,
        }
    }
    Ok(())
}

fn fill_array<'t>(
    a: &mut Array<'_, 't, 512, 16>,
    items: &'t [reference::Node],
) -> Result<(), Error> {
    use reference::Node;
    for v in items {
        match v {
            Node::Object(m) => a.object(|inner| fill_object(inner, m))?,
            Node::Array(items) => a.array(|inner| fill_array(inner, items))?,
            _ => a.element(scalar(v))?,
        }
    }
    Ok(())
}

/// The body as a `Values` table: core's string, the opt-in signature and
/// the default result (signature or refusal, same reason) of its JSON text.
fn check_values(
    node: &reference::Node,
    canonical: &[u8],
    with_opt_in: &Result<String, Error>,
    by_default: &Result<String, Error>,
) {
    let reference::Node::Object(members) = node else {
        return;
    };
    if !integers_only(node) {
        return;
    }
    let mut values = Values::<512, 16>::new();
    fill_object(&mut values.root(), members).expect("a body core accepts fits a Values table");
    let mut out = vec![0u8; values.canonical_len()];
    let got = values
        .canonical_into(&mut out)
        .expect("canonical of Values");
    assert_eq!(got.as_bytes(), canonical, "Values canonical string");
    let opt_in = allowing(SECRET)
        .sign_values(&values)
        .map(|s| s.as_str().to_owned());
    assert_eq!(&opt_in, with_opt_in, "Values signing with the opt-in");
    let default = Signer::new(SECRET)
        .unwrap()
        .sign_values(&values)
        .map(|s| s.as_str().to_owned());
    match (&default, by_default) {
        (Err(Error::Ambiguous { reason: a, .. }), Err(Error::Ambiguous { reason: b, .. })) => {
            assert_eq!(a, b, "Values refusal reason");
        }
        _ => assert_eq!(&default, by_default, "Values signing by default"),
    }
}
