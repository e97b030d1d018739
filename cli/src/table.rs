//! The JSON table a body is read with, chosen from the body itself.
//!
//! Core reads a body into a fixed table of its values (object members and
//! array elements) with a nesting limit, both chosen by the caller (const
//! generics); its defaults, 512 values and depth 16, hold every body the Gate
//! sends in ordinary use in about 20 KiB of stack. A callback that lists a
//! few thousand `errors[]` items needs more, so the command line counts a
//! cheap upper bound of the body's values first and picks:
//!
//! - [`Table::Default`], core's 512 values and depth 16, when the bound fits;
//! - [`Table::Large`], [`LARGE_MAX_VALUES`] (16,384) values and depth
//!   [`LARGE_MAX_DEPTH`] (64), otherwise. Its table takes about 26 bytes of
//!   stack per value (16 for the table, 10 more while parsing, 8 while
//!   ordering the lines to verify them): 0.42 MiB, so the command runs on a
//!   thread of its own with a [`LARGE_STACK_BYTES`] stack, the same on every
//!   platform whatever the main thread's stack (1 MiB on Windows).
//!
//! The bound: a container of `n` values holds at least `n - 1` commas, so a
//! JSON body holds at most (commas + opening brackets) values, and nests at
//! most (opening brackets) deep. Brackets and commas inside strings only make
//! the bound larger, never smaller.

use monetix_gate::json::Document;
use monetix_gate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use monetix_gate::Error;

use crate::fail::{body_error_with, Failure};

/// The most values the command line reads in one body.
///
/// Not 65,535 (the most core's table can index): core checks an object's
/// keys for duplicates pair by pair, so one object of `n` members costs
/// `n * n / 2` comparisons while parsing. Measured (release build, this
/// machine): 65,000 members in one object take 7 s of CPU for a 1 MiB body;
/// 16,384 take about 0.5 s at most. Raise this constant (one instantiation)
/// if core's check stops being quadratic.
pub const LARGE_MAX_VALUES: usize = 16_384;

/// The deepest nesting the command line reads (the top-level object is
/// depth 1).
pub const LARGE_MAX_DEPTH: usize = 64;

/// The stack of the thread that reads a body with [`Table::Large`]: 4 MiB.
///
/// Measured (the smallest thread stack each command completes on, found by
/// bisection): on a body of 16,384 values signed in byte-line order (the
/// last order a verifier tries), `callback` needs 0.62 MiB in a release
/// build, `canonical` 0.64 MiB, every other command less; an unoptimised
/// (opt-level 0) build needs 1.16 MiB at most. `cli/tests/large.rs` runs
/// every command on such bodies.
pub const LARGE_STACK_BYTES: usize = 4 * 1024 * 1024;

/// The table a body is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Core's default table: 512 values, depth 16.
    Default,
    /// [`LARGE_MAX_VALUES`] values, depth [`LARGE_MAX_DEPTH`], on a thread
    /// with a [`LARGE_STACK_BYTES`] stack.
    Large,
}

impl Table {
    /// The table for `body`: the default one when the body cannot hold more
    /// values or nest deeper than its limits, else the large one.
    pub fn for_body(body: &[u8]) -> Self {
        let (mut open, mut commas) = (0usize, 0usize);
        for &b in body {
            match b {
                b'{' | b'[' => open += 1,
                b',' => commas += 1,
                _ => {}
            }
        }
        if open <= DEFAULT_MAX_DEPTH && open.saturating_add(commas) <= DEFAULT_MAX_VALUES {
            Table::Default
        } else {
            Table::Large
        }
    }

    /// Runs `work` where the table fits: on this thread for the default
    /// table, on a thread with a [`LARGE_STACK_BYTES`] stack for the large one.
    pub fn run<T: Send>(
        self,
        work: impl FnOnce() -> Result<T, Failure> + Send,
    ) -> Result<T, Failure> {
        match self {
            Table::Default => work(),
            Table::Large => std::thread::scope(|scope| {
                let thread = std::thread::Builder::new()
                    .name("large-body".to_owned())
                    .stack_size(LARGE_STACK_BYTES)
                    .spawn_scoped(scope, work)
                    .map_err(|e| {
                        Failure::Bad(format!(
                            "cannot start the thread that reads a large body: {}",
                            crate::input::io_text(&e)
                        ))
                    })?;
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }),
        }
    }
}

/// The message for a body beyond the table's limits: the limit, and how to
/// get past it (a larger table, or, beyond the largest, nothing: the body
/// cannot be read whole).
pub fn limit_error<const V: usize, const D: usize>(err: Error) -> Option<Failure> {
    let largest = V >= LARGE_MAX_VALUES;
    match err {
        Error::TooManyValues => Some(Failure::Bad(if largest {
            format!(
                "more JSON values than the limit ({V} object members and array elements, \
                 the most the command line reads): the body cannot be read"
            )
        } else {
            format!("more JSON values than the limit ({V} object members and array elements)")
        })),
        Error::TooDeep { offset } => Some(Failure::Bad(if largest {
            format!(
                "nesting deeper than the limit ({D}, the most the command line reads) \
                 at byte {offset}"
            )
        } else {
            format!("nesting deeper than the limit ({D}) at byte {offset}")
        })),
        _ => None,
    }
}

/// Maps a core error about `body`, read with the table `V`, `D`: a limit
/// named as [`limit_error`] says, ambiguous data explained with its path (the
/// body parsed again with the same table), anything else as core says.
pub fn error<const V: usize, const D: usize>(err: Error, body: &[u8]) -> Failure {
    limit_error::<V, D>(err).unwrap_or_else(|| {
        body_error_with(err, |err| {
            Document::<V, D>::parse_then(body, |doc| {
                let mut text = String::new();
                doc.explain(err, &mut text).ok().map(|()| text)
            })
            .ok()
            .flatten()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_picks_the_table() {
        // Values: members and elements; the bound is commas + openers.
        for (body, table) in [
            (&b"{}"[..], Table::Default),
            (b"{\"a\":[1,2,3]}", Table::Default),
            // 16 containers deep: the default depth.
            (
                b"{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}}}}}}}",
                Table::Default,
            ),
            // 17 containers: maybe deeper than 16.
            (
                b"{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}}}}}}}}",
                Table::Large,
            ),
        ] {
            assert_eq!(Table::for_body(body), table, "{}", String::from_utf8_lossy(body));
        }
        // 512 values in one array: 511 commas and 2 openers bound it at 513.
        let body = format!("{{\"a\":[{}]}}", vec!["1"; 511].join(","));
        assert_eq!(Table::for_body(body.as_bytes()), Table::Default);
        let body = format!("{{\"a\":[{}]}}", vec!["1"; 512].join(","));
        assert_eq!(Table::for_body(body.as_bytes()), Table::Large);
        // Commas in strings only raise the bound.
        let body = format!("{{\"a\":\"{}\"}}", ",".repeat(600));
        assert_eq!(Table::for_body(body.as_bytes()), Table::Large);
    }

    /// Values (members and elements) and depth (the top-level object is 1)
    /// of a JSON text, counted on serde_json's tree.
    fn shape(text: &str) -> (usize, usize) {
        fn walk(v: &serde_json::Value, depth: usize) -> (usize, usize) {
            let children: Vec<&serde_json::Value> = match v {
                serde_json::Value::Object(m) => m.values().collect(),
                serde_json::Value::Array(a) => a.iter().collect(),
                _ => return (0, depth.saturating_sub(1)),
            };
            children.iter().fold((children.len(), depth), |(n, d), c| {
                let (cn, cd) = walk(c, depth + 1);
                (n + cn, d.max(cd))
            })
        }
        walk(&serde_json::from_str(text).expect("JSON"), 1)
    }

    #[test]
    fn the_default_table_is_chosen_only_for_bodies_it_holds() {
        for text in [
            "{}",
            r#"{"a":[]}"#,
            r#"{"a":[[],{},[{}]],"b":{"c":{"d":[1,2,{"e":null}]}}}"#,
            r#"{"s":"]]]}}},,,[[{","t":["[","{",","]}"#,
            r#"{"errors":[{"code":"1","message":"a, b"},{"code":2}],"x":[1,[2,[3,[4]]]]}"#,
            &format!("{{\"a\":[{}]}}", vec!["{\"b\":[1,2]}"; 120].join(",")),
            &format!("{}1{}", "{\"a\":".repeat(16), "}".repeat(16)),
        ] {
            let (values, depth) = shape(text);
            if Table::for_body(text.as_bytes()) == Table::Default {
                assert!(values <= DEFAULT_MAX_VALUES, "{text}: {values} values");
                assert!(depth <= DEFAULT_MAX_DEPTH, "{text}: depth {depth}");
            }
        }
    }

    #[test]
    fn limits_are_named_with_the_way_past_them() {
        let m = |f: Option<Failure>| f.map(|f| f.lines().join("\n")).unwrap_or_default();
        assert_eq!(
            m(limit_error::<LARGE_MAX_VALUES, LARGE_MAX_DEPTH>(
                Error::TooManyValues
            )),
            "more JSON values than the limit (16384 object members and array elements, \
             the most the command line reads): the body cannot be read"
        );
        assert_eq!(
            m(limit_error::<LARGE_MAX_VALUES, LARGE_MAX_DEPTH>(
                Error::TooDeep { offset: 9 }
            )),
            "nesting deeper than the limit (64, the most the command line reads) at byte 9"
        );
        assert_eq!(
            m(limit_error::<DEFAULT_MAX_VALUES, DEFAULT_MAX_DEPTH>(
                Error::TooManyValues
            )),
            "more JSON values than the limit (512 object members and array elements)"
        );
        assert!(limit_error::<512, 16>(Error::SignatureMismatch).is_none());
    }
}
