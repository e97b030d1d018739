//! Structure-aware differential target for the ordering of lines: builds a
//! JSON tree with `arbitrary` whose keys come from the characters PHP's
//! natural order treats specially (digits, leading zeros, whitespace, `:`)
//! plus a few plain ones, serialises it with arbitrary escaping and
//! whitespace, and compares core's canonical string (and its verification
//! in the natural order) with the independent reference, as `differential`
//! does. Byte-level mutation rarely builds documents with many sibling keys
//! like `x 01`, `x1`, `x01`, `x10`, which is where the engine's fast path
//! (sorting siblings, then walking the tree) must fall back correctly.
//! Its keys often hold `:` (and its leaves `;`, `:` and big numbers), so
//! `ambiguity::check` is compared with the reference's predicate too, and
//! verification is checked with and without the ambiguity opt-in.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use monetix_gate::{ambiguity, canonical};
use monetix_gate_fuzz::reference::{self, Exclude};

const KEY_CHARS: &[&str] = &[
    "0", "1", "2", "9", " ", "\t", "\n", "a", "b", "x", ":", "_", "é", "\u{a0}", "00", "10",
];

#[derive(Debug)]
enum Tree {
    Leaf(u8),
    Object(Vec<(String, Tree)>),
    Array(Vec<Tree>),
}

fn key(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let n = u.int_in_range(0..=4)?;
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(u.choose(KEY_CHARS)?);
    }
    Ok(s)
}

/// Values generated so far: a budget keeps most documents under the limit.
static BUDGET: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);

fn tree(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Tree> {
    let spent = BUDGET.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
    let kind: u8 = if depth >= 4 || spent > 520 {
        0
    } else {
        u.int_in_range(0..=3)?
    };
    Ok(match kind {
        0 | 1 => Tree::Leaf(u.arbitrary()?),
        2 => {
            let n = u.int_in_range(0..=8)?;
            let mut members: Vec<(String, Tree)> = Vec::new();
            for _ in 0..n {
                let k = key(u)?;
                if members.iter().any(|(m, _)| *m == k) {
                    continue;
                }
                members.push((k, tree(u, depth + 1)?));
            }
            Tree::Object(members)
        }
        _ => {
            let n = u.int_in_range(0..=13)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(tree(u, depth + 1)?);
            }
            Tree::Array(items)
        }
    })
}

fn string(out: &mut String, s: &str, escape: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || (escape && !c.is_ascii_alphanumeric()) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

const LEAVES: &[&str] = &[
    "0",
    "-0",
    "1",
    "10",
    "2",
    "1.0",
    "-0.0",
    "1e3",
    "0.1",
    "true",
    "false",
    "null",
    "\"\"",
    "\"v\"",
    "\"a;b\"",
    "\"x:y\"",
    "\"\\u00e9\"",
    "123456789012345678901",
    "1E-7",
];

fn write(t: &Tree, out: &mut String, u: &mut Unstructured<'_>) {
    let ws = |out: &mut String, u: &mut Unstructured<'_>| {
        if u.ratio(1, 8).unwrap_or(false) {
            out.push_str(" \n");
        }
    };
    match t {
        Tree::Leaf(i) => out.push_str(LEAVES[usize::from(*i) % LEAVES.len()]),
        Tree::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ws(out, u);
                string(out, k, u.ratio(1, 4).unwrap_or(false));
                out.push(':');
                write(v, out, u);
            }
            out.push('}');
        }
        Tree::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ws(out, u);
                write(v, out, u);
            }
            out.push(']');
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    BUDGET.store(0, core::sync::atomic::Ordering::Relaxed);
    let Ok(root) = tree(&mut u, 0) else { return };
    let root = match root {
        Tree::Object(m) => Tree::Object(m),
        other => Tree::Object(vec![("k".to_owned(), other)]),
    };
    let mut text = String::new();
    write(&root, &mut text, &mut u);
    let body = text.as_bytes();

    let node = reference::parse(body).expect("serde_json refuses a generated document");
    if reference::problems(&node, 512, 16).any() {
        return;
    }
    match reference::first_ambiguity_of(&node, Exclude::Both) {
        Some(o) => {
            monetix_gate_fuzz::assert_refused("ambiguity::check", body, &ambiguity::check(body), &o)
        }
        None => assert_eq!(ambiguity::check(body), Ok(()), "ambiguity::check"),
    }
    let lines = reference::lines(&node, Exclude::Both).expect("numbers");
    let order = reference::natural_order(&lines);
    let want = reference::join_ordered(&lines, &order);
    let mut out = vec![0u8; want.len() + 16];
    let got = canonical(body, &mut out).expect("core refuses a generated document");
    if got.as_bytes() != &want[..] {
        assert!(
            !reference::order_is_unique(&lines, &order),
            "canonical mismatch\n body: {text}\n core: {got:?}\n  ref: {:?}",
            String::from_utf8_lossy(&want)
        );
        return;
    }
    // Spec section 3: the tolerant orders, against the reference too.
    if monetix_gate_fuzz::can_add_signature(&node) {
        let choice = data.first().copied().unwrap_or(0);
        monetix_gate_fuzz::check_tolerant_orders(body, &node, choice);
    }
});
