//! PHP's `strnatcmp` (natural order, case-sensitive) over byte cursors.
//!
//! The comparison mirrors `strnatcmp_ex` of PHP 8 (`ext/standard/strnatcmp.c`)
//! step for step, because the platform's reference SDK sorts with it:
//!
//! - at the very start of both strings only, a `0` followed by another digit is skipped;
//! - whitespace (space, `\t`, `\n`, `\v`, `\f`, `\r`) is skipped before each comparison;
//! - where both sides are at a digit, the two digit runs compare left-aligned if either
//!   starts with `0`, else right-aligned (the longer run wins, then the first difference);
//!   after two equal runs the next bytes compare directly;
//! - a position past the end reads as byte 0 (PHP reads the string's NUL terminator),
//!   and a string that ends first is smaller.
//!
//! The strings are never materialised: both sides are [`Bytes`] cursors, so a
//! path made of several JSON keys (possibly with escapes) compares without a buffer.

use core::cmp::Ordering;

/// A forward cursor over bytes with one byte of lookahead.
pub(crate) trait Bytes: Clone {
    /// The byte under the cursor, `None` at the end.
    fn peek(&self) -> Option<u8>;
    /// Moves one byte forward (no-op at the end).
    fn bump(&mut self);
}

const fn is_space(c: Option<u8>) -> bool {
    matches!(c, Some(b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
}

const fn is_digit(c: Option<u8>) -> bool {
    matches!(c, Some(b'0'..=b'9'))
}

fn next_is_digit<C: Bytes>(c: &C) -> bool {
    let mut n = c.clone();
    n.bump();
    is_digit(n.peek())
}

/// Right-aligned comparison of two digit runs (neither starts with `0`).
fn compare_right<A: Bytes, B: Bytes>(a: &mut A, b: &mut B) -> Ordering {
    let mut bias = Ordering::Equal;
    loop {
        let (ca, cb) = (a.peek(), b.peek());
        match (is_digit(ca), is_digit(cb)) {
            (false, false) => return bias,
            (false, true) => return Ordering::Less,
            (true, false) => return Ordering::Greater,
            (true, true) => {
                if bias == Ordering::Equal {
                    bias = ca.cmp(&cb);
                }
            }
        }
        a.bump();
        b.bump();
    }
}

/// Left-aligned comparison of two digit runs (one starts with `0`).
fn compare_left<A: Bytes, B: Bytes>(a: &mut A, b: &mut B) -> Ordering {
    loop {
        let (ca, cb) = (a.peek(), b.peek());
        match (is_digit(ca), is_digit(cb)) {
            (false, false) => return Ordering::Equal,
            (false, true) => return Ordering::Less,
            (true, false) => return Ordering::Greater,
            (true, true) => match ca.cmp(&cb) {
                Ordering::Equal => {}
                other => return other,
            },
        }
        a.bump();
        b.bump();
    }
}

/// Compares two strings in PHP's natural order.
///
/// `at_start` says the cursors are at the very start of the strings (so the
/// leading-zero rule and the empty-string rule apply); callers that skipped an
/// identical prefix ending in a non-digit, non-space byte pass `false`.
pub(crate) fn compare<A: Bytes, B: Bytes>(mut a: A, mut b: B, at_start: bool) -> Ordering {
    // At the start this is PHP's empty-string rule; after a skipped prefix it
    // is the end check PHP makes right after consuming the prefix's last byte
    // (so a NUL byte never compares equal to the end of the other string).
    match (a.peek(), b.peek()) {
        (None, None) => return Ordering::Equal,
        (None, Some(_)) => return Ordering::Less,
        (Some(_), None) => return Ordering::Greater,
        _ => {}
    }
    let mut leading = at_start;
    loop {
        if leading {
            while a.peek() == Some(b'0') && next_is_digit(&a) {
                a.bump();
            }
            while b.peek() == Some(b'0') && next_is_digit(&b) {
                b.bump();
            }
            leading = false;
        }
        while is_space(a.peek()) {
            a.bump();
        }
        while is_space(b.peek()) {
            b.bump();
        }
        let (ca, cb) = (a.peek(), b.peek());
        if is_digit(ca) && is_digit(cb) {
            let result = if ca == Some(b'0') || cb == Some(b'0') {
                compare_left(&mut a, &mut b)
            } else {
                compare_right(&mut a, &mut b)
            };
            if result != Ordering::Equal {
                return result;
            }
            match (a.peek(), b.peek()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                _ => {}
            }
        }
        let (va, vb) = (a.peek().unwrap_or(0), b.peek().unwrap_or(0));
        if va != vb {
            return va.cmp(&vb);
        }
        a.bump();
        b.bump();
        match (a.peek(), b.peek()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            _ => {}
        }
    }
}

/// Byte-order comparison of two cursors (a string that ends first is smaller).
pub(crate) fn compare_bytes<A: Bytes, B: Bytes>(mut a: A, mut b: B) -> Ordering {
    loop {
        match (a.peek(), b.peek()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
            }
        }
        a.bump();
        b.bump();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone)]
    struct S<'a>(&'a [u8]);
    impl Bytes for S<'_> {
        fn peek(&self) -> Option<u8> {
            self.0.first().copied()
        }
        fn bump(&mut self) {
            self.0 = self.0.get(1..).unwrap_or(&[]);
        }
    }

    fn nat(a: &str, b: &str) -> Ordering {
        compare(S(a.as_bytes()), S(b.as_bytes()), true)
    }

    #[test]
    fn spec_examples() {
        use Ordering::*;
        assert_eq!(nat("list:2", "list:10"), Less);
        assert_eq!(nat("a", "a1"), Less);
        assert_eq!(nat("a1", "a2"), Less);
        assert_eq!(nat("a2", "a10"), Less);
        assert_eq!(nat("a10", "a_b"), Less);
        assert_eq!(nat("x001", "x01"), Less);
        assert_eq!(nat("x01", "x1"), Less);
        assert_eq!(nat("a b", "ab"), Equal);
        assert_eq!(nat("item_2", "item_10"), Less);
        assert_eq!(nat("0", "1"), Less);
        assert_eq!(nat("2", "10"), Less);
        assert_eq!(nat("B", "b"), Less);
        assert_eq!(nat("", "a"), Less);
        assert_eq!(nat("", " "), Less);
        assert_eq!(nat("a ", "a"), Greater);
        assert_eq!(nat("001", "1"), Equal);
    }
}
