//! Where the engine parses a body: the size of its value table, the stack it
//! runs on, and whether the GIL is held meanwhile.
//!
//! Core's [`Document`] is a fixed table on the stack (const generics: 16
//! bytes per value, plus about 10 per value while parsing and 8 for the
//! work arrays of verification). Most bodies fit the default table of
//! [`DEFAULT_MAX_VALUES`] values and are parsed on the calling thread, as in
//! every other interface. A larger body (a callback with thousands of
//! `errors[]` items) gets the smallest larger table that holds it (2,048,
//! 8,192 or 16,384 values), chosen from an upper bound of its values
//! counted in one pass over its bytes; such a table is too large for a
//! Python thread's stack, so it is parsed on a Rust thread of its own with a
//! stack sized for it (the calling thread waits). Each table is a step of 4
//! because a call touches every page of its table (stack probes), used or
//! not: a fresh thread's pages cost a page fault each. The depth limit is
//! core's default, [`DEFAULT_MAX_DEPTH`], for every table: the same as every
//! interface.
//!
//! A mapping body signed from its values (`values.rs`) gets a core
//! [`monetix_gate::json::Values`] table of the same sizes (and a smaller one
//! for small bodies), chosen from its values counted exactly; it takes 56
//! bytes per value and signing adds 8, so the threads of its larger tables
//! have stacks sized for that ([`Tier::values_stack`], [`run_values`]).

use monetix_gate::limits::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES};
use monetix_gate::Error;
use pyo3::exceptions::PyMemoryError;
use pyo3::prelude::*;

use crate::errors::{Failure, Result};

/// Bodies of at least this many bytes are signed, verified and parsed with
/// the GIL released.
///
/// Measured with the release wheel on CPython 3.11, x86-64 (2 cores shared
/// with other builds, so best of 25 timings): `verify` of a callback-like
/// body takes 4.2 µs at 0.5 KiB, 10.7 µs at 2.2 KiB, 33 µs at 8 KiB, 69 µs at
/// 16 KiB, about 0.6 ms at 64 KiB and 1.4 ms at 256 KiB (`parse_callback`
/// alike). Releasing and re-taking an uncontended GIL did not show in these
/// timings (builds with and without it differed by less than their noise,
/// a microsecond or two, in both directions). Contended, it costs far more: the
/// GIL must be taken back from another thread, which can take up to the
/// switch interval (5 ms); with one busy Python thread, `verify` at 64 KiB
/// took a median 2.0 to 2.4 ms released against 1.2 to 1.6 ms held. So real
/// callbacks and requests (1 to 3 KiB, about 10 µs of work) keep the GIL: a
/// hand-over would free at most 10 µs for other threads and could cost the
/// caller milliseconds. From 16 KiB (70 µs and more of work) other threads
/// run while the engine works.
pub(crate) const DETACH_MIN: usize = 16 * 1024;

/// Depth limit of every table (core's default).
pub(crate) const DEPTH: usize = DEFAULT_MAX_DEPTH;
/// Values of the default table (core's default).
pub(crate) const DEFAULT: usize = DEFAULT_MAX_VALUES;
/// Values of the larger tables.
pub(crate) const T2K: usize = 2048;
/// See [`T2K`].
pub(crate) const T8K: usize = 8192;
/// Values of the largest table. Not more: core checks an object's keys for
/// duplicates pair by pair, so one object of n members costs n²/2
/// comparisons (16,384 members: about 0.5 s of CPU; 65,535: about 7 s, a
/// denial of service a hostile body could ask for).
pub(crate) const LARGEST: usize = 16_384;

/// The value table a body is parsed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tier {
    /// [`DEFAULT`] values, on the calling thread.
    Default,
    /// [`T2K`] values, on a thread with [`Tier::stack`] bytes of stack.
    T2k,
    /// [`T8K`] values, likewise.
    T8k,
    /// [`LARGEST`] values, likewise.
    Largest,
}

impl Tier {
    /// The smallest table that can hold `body`, from an upper bound of its
    /// values: each value (object member or array element) is the first of
    /// its container, right after a `{` or `[`, or follows a `,`; counting
    /// those bytes (inside strings too) can only overcount. A body of at
    /// most `2 * DEFAULT` bytes cannot hold more than `DEFAULT` values (each
    /// takes a byte and a separator), so it is not even counted.
    pub(crate) fn of(body: &[u8]) -> Tier {
        if body.len() <= 2 * DEFAULT {
            return Tier::Default;
        }
        let bound = body
            .iter()
            .filter(|&&b| matches!(b, b',' | b'{' | b'['))
            .count();
        [Tier::Default, Tier::T2k, Tier::T8k]
            .into_iter()
            .find(|t| bound <= t.values())
            .unwrap_or(Tier::Largest)
    }

    /// The smallest table that holds `values` values, counted exactly (a
    /// mapping body read into a [`monetix_gate::json::Values`] table: see
    /// `values.rs`); [`Tier::Largest`] beyond it too.
    pub(crate) fn holding(values: usize) -> Tier {
        [Tier::Default, Tier::T2k, Tier::T8k]
            .into_iter()
            .find(|t| values <= t.values())
            .unwrap_or(Tier::Largest)
    }

    /// The values the table holds.
    pub(crate) const fn values(self) -> usize {
        match self {
            Tier::Default => DEFAULT,
            Tier::T2k => T2K,
            Tier::T8k => T8K,
            Tier::Largest => LARGEST,
        }
    }

    /// The stack of the thread a large table is parsed on: 64 bytes per
    /// value (the table's 16, the parse's key fingerprints and sibling links
    /// or verification's ordering arrays, at most 10, with room to spare) and
    /// 256 KiB for everything else; `None` for the default table, parsed on
    /// the calling thread.
    pub(crate) const fn stack(self) -> Option<usize> {
        match self {
            Tier::Default => None,
            _ => Some(self.values() * 64 + 256 * 1024),
        }
    }

    /// The stack of the thread a large [`monetix_gate::json::Values`] table
    /// is built and signed on: [`VALUES_BYTES`] per value and 256 KiB for
    /// everything else; `None` for the default table, on the calling thread.
    pub(crate) const fn values_stack(self) -> Option<usize> {
        match self {
            Tier::Default => None,
            _ => Some(self.values() * VALUES_BYTES + 256 * 1024),
        }
    }
}

/// Stack bytes per value of a [`monetix_gate::json::Values`] table: its 16
/// bytes of entry and 40 of item (64-bit targets), the 8 of the ordering
/// scratch while signing or writing the canonical string, and 16 to spare.
pub(crate) const VALUES_BYTES: usize = 16 + 40 + 8 + 16;

/// Runs `work` for a body of `len` bytes parsed into `tier`'s table: on a
/// thread with the tier's stack if it has one, with the GIL released if the
/// body is large ([`DETACH_MIN`]).
///
/// Whatever `work` reads must be bytes no other thread can change (see the
/// crate docs).
pub(crate) fn run<T, F>(py: Python<'_>, len: usize, tier: Tier, work: F) -> Result<T>
where
    T: Send,
    F: Send + FnOnce() -> T,
{
    run_on(py, len >= DETACH_MIN, tier.stack(), "parse", tier, work)
}

/// Runs `work` for a mapping body read into `tier`'s
/// [`monetix_gate::json::Values`] table: on a thread with
/// [`Tier::values_stack`] bytes of stack if the tier has one, with the GIL
/// released if `detach`.
///
/// Whatever `work` reads must be memory no other thread can change or free
/// (see `values.rs`).
pub(crate) fn run_values<T, F>(py: Python<'_>, detach: bool, tier: Tier, work: F) -> Result<T>
where
    T: Send,
    F: Send + FnOnce() -> T,
{
    run_on(py, detach, tier.values_stack(), "sign", tier, work)
}

fn run_on<T, F>(
    py: Python<'_>,
    detach: bool,
    stack: Option<usize>,
    what: &str,
    tier: Tier,
    work: F,
) -> Result<T>
where
    T: Send,
    F: Send + FnOnce() -> T,
{
    let go = move || match stack {
        None => Ok(work()),
        Some(stack) => on_thread(stack, work),
    };
    let done = if detach { py.detach(go) } else { go() };
    done.map_err(|e| {
        Failure::Python(PyMemoryError::new_err(format!(
            "cannot start a thread with a {} KiB stack to {what} a body of up to {} values: {e}",
            stack.unwrap_or(0) / 1024,
            tier.values()
        )))
    })
}

/// `work` on a new thread with `stack` bytes of stack; its panic, if any,
/// goes on in the caller.
fn on_thread<T: Send>(stack: usize, work: impl Send + FnOnce() -> T) -> std::io::Result<T> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("monetix-gate".to_owned())
            .stack_size(stack)
            .spawn_scoped(scope, work)?;
        match handle.join() {
            Ok(value) => Ok(value),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// A parse error of `tier`'s table, its message naming the limit that was
/// reached and what can be done about it.
pub(crate) fn limit(err: Error, tier: Tier) -> Failure {
    match err {
        Error::TooManyValues => Failure::Noted {
            message: format!(
                "{} ({} values, object members and array elements: the largest table this \
                 module uses, since one object's duplicate-key check costs the square of its \
                 members)",
                err.as_str(),
                tier.values()
            ),
            err,
            offset: None,
        },
        Error::TooDeep { offset } => Failure::Noted {
            message: format!("{err}: {DEPTH_NOTE}"),
            err,
            offset: Some(offset),
        },
        other => Failure::Core(other),
    }
}

/// What a depth error adds.
pub(crate) const DEPTH_NOTE: &str = "objects and arrays nest at most 16 levels (core's \
     DEFAULT_MAX_DEPTH, the same in every interface; Gate bodies nest 4), and no option raises it";

/// The value of [`with_document!`]: the work's result, a parse error with
/// its limit named, or the thread that could not start.
pub(crate) fn finish<T>(
    done: Result<core::result::Result<Result<T>, Error>>,
    tier: Tier,
) -> Result<T> {
    match done? {
        Ok(result) => result,
        Err(err) => Err(limit(err, tier)),
    }
}

/// Parses `$input` (a `&[u8]` no other thread can change) into the table
/// its size needs and evaluates `$work` with `$doc` bound to the document
/// (a `&Document<'_, V, DEPTH>` for that table's `V`); `$work` is a
/// `Result<T>` and must be `Send`. See [`Tier`] and [`run`].
macro_rules! with_document {
    ($py:expr, $input:expr, |$doc:ident| $work:expr) => {{
        use monetix_gate::json::Document;
        use $crate::document::{finish, run, Tier, DEFAULT, DEPTH, LARGEST, T2K, T8K};
        let input: &[u8] = $input;
        let tier = Tier::of(input);
        let done = match tier {
            Tier::Default => run($py, input.len(), tier, || {
                Document::<DEFAULT, DEPTH>::parse_then(input, |$doc| $work)
            }),
            Tier::T2k => run($py, input.len(), tier, || {
                Document::<T2K, DEPTH>::parse_then(input, |$doc| $work)
            }),
            Tier::T8k => run($py, input.len(), tier, || {
                Document::<T8K, DEPTH>::parse_then(input, |$doc| $work)
            }),
            Tier::Largest => run($py, input.len(), tier, || {
                Document::<LARGEST, DEPTH>::parse_then(input, |$doc| $work)
            }),
        };
        finish(done, tier)
    }};
}

pub(crate) use with_document;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_from_an_upper_bound_of_values() {
        assert_eq!(Tier::of(b"{}"), Tier::Default);
        let small = format!("{{\"a\":[{}]}}", vec!["1"; 400].join(","));
        assert_eq!(Tier::of(small.as_bytes()), Tier::Default);
        let large = format!("{{\"a\":[{}]}}", vec!["1"; 600].join(","));
        assert_eq!(Tier::of(large.as_bytes()), Tier::T2k);
        let larger = format!("{{\"a\":[{}]}}", vec!["1"; 5000].join(","));
        assert_eq!(Tier::of(larger.as_bytes()), Tier::T8k);
        let largest = format!("{{\"a\":[{}]}}", vec!["1"; 9000].join(","));
        assert_eq!(Tier::of(largest.as_bytes()), Tier::Largest);
        // Long text is not counted as values.
        let text = format!("{{\"a\":\"{}\"}}", "x".repeat(100_000));
        assert_eq!(Tier::of(text.as_bytes()), Tier::Default);
    }

    #[test]
    fn tiers_from_an_exact_count() {
        assert_eq!(Tier::holding(0), Tier::Default);
        assert_eq!(Tier::holding(DEFAULT), Tier::Default);
        assert_eq!(Tier::holding(DEFAULT + 1), Tier::T2k);
        assert_eq!(Tier::holding(T2K), Tier::T2k);
        assert_eq!(Tier::holding(T8K + 1), Tier::Largest);
        assert_eq!(Tier::holding(LARGEST + 1), Tier::Largest);
        assert_eq!(Tier::Default.values_stack(), None);
        assert!(Tier::Largest.values_stack() > Tier::Largest.stack());
    }

    #[test]
    fn the_bound_is_never_below_the_values() {
        // 600 values in 1200 bytes: counted, and counted right.
        let body = format!("{{\"a\":[{}]}}", vec!["1"; 599].join(","));
        assert!(body.len() > 2 * DEFAULT);
        assert_eq!(Tier::of(body.as_bytes()), Tier::T2k);
    }
}
