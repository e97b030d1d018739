//! Peak stack of signing, verification (also of ambiguous data: with the
//! opt-in, and its default refusal), `ambiguity::explain` and the typed payout
//! builders with the default limits: measured, and asserted as an
//! upper bound.
//!
//! - **Measured** with a painted stack: in a thread with a large stack, a
//!   function fills a [`PAINT`]-byte local array with `0xA5` and returns; the
//!   operation then runs from the same stack depth, and the deepest byte it
//!   changed is found by reading the painted region back through
//!   `/proc/self/mem` (no `unsafe`: the memory below the stack pointer is
//!   read by the kernel, not dereferenced). Bytes a frame reserves but never
//!   writes are not seen, hence the margin and the second check:
//! - **Bounded** by running every operation in a thread whose stack is its
//!   bound plus the thread's own share (measured from `/proc/self/maps`),
//!   rounded up to a page: if the operation needed more, it would hit the
//!   guard page and the test process would abort (a failure).
//!
//! `cargo test -p monetix-gate --test stack` checks both (at the test
//! profile's opt-level 1, where frames are larger than in release).
//! `cargo test [--release] -p monetix-gate --test stack -- --ignored
//! --nocapture` prints the measured figures and the smallest thread stack
//! each operation runs in (found by bisection in child processes): the
//! figures of BENCHMARKS.md.
#![cfg(target_os = "linux")]
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use core::hint::black_box;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::process::Command;

use monetix_gate::payout::{cambodia, colombia, Options};
use monetix_gate::{ambiguity, callback, AmbiguousData, Error, Mode, Order, Signer};

/// Bytes painted below the measuring frame (far more than any operation uses).
const PAINT: usize = 256 * 1024;
/// The byte the painted region is filled with.
const MARK: u8 = 0xA5;
/// Page size of the stack mappings (thread stacks are whole pages).
const PAGE: usize = 4096;

/// The seed documents and the shared vectors (`tests/seed/mod.rs`).
mod seed;

fn input(name: &str) -> Vec<u8> {
    seed::case(name).input.into_bytes()
}

/// An operation: runs once on its (heap-held) inputs, `true` if the result
/// is the expected one.
type Op = Box<dyn Fn() -> bool + Send + Sync>;

/// Operations and their asserted stack bounds (bytes the operation itself
/// may use, thread overhead excluded). The bounds are the largest painted
/// peak measured (test profile, opt-level 1; release is smaller) times about
/// 1.5, rounded up to whole pages (4 KiB); see BENCHMARKS.md for the
/// measured figures.
const OPS: &[(&str, usize)] = &[
    ("sign", 24 * 1024),
    ("sign_body", 24 * 1024),
    ("verify_strict", 28 * 1024),
    ("verify_tolerant", 28 * 1024),
    ("verify_tolerant_mismatch", 28 * 1024),
    ("parse_callback", 32 * 1024),
    ("verify_ambiguous_opt_in", 28 * 1024),
    ("verify_ambiguous_refused", 24 * 1024),
    ("ambiguity_explain", 24 * 1024),
    ("cambodia_build_sign", 16 * 1024),
    ("colombia_build_sign", 16 * 1024),
    ("nothing", 1024),
];

fn op(name: &str) -> Op {
    let body = input(seed::CAMBODIA_PAYOUT_REQUEST);
    let callback = input(seed::CALLBACK_SUCCESS);
    let tampered = input("seed_callback_success__tampered");
    // A signed body with ambiguous data (integers beyond i64), signed with
    // the opt-in, and the refusal verifying it gives by default.
    let allow = Signer::new(b"secret")
        .unwrap()
        .with_ambiguous_data(AmbiguousData::Allow);
    let ambiguous = {
        let body = input("edge_large_integers");
        let mut out = vec![0u8; monetix_gate::signed_body_len(&body).unwrap()];
        allow.sign_body(&body, &mut out).unwrap().to_vec()
    };
    let refusal = monetix_gate::verify(&ambiguous, b"secret", Mode::Strict).unwrap_err();
    match name {
        "sign" => Box::new(move || monetix_gate::sign(black_box(&body), b"secret").is_ok()),
        "sign_body" => {
            let out = std::sync::Mutex::new(vec![0u8; 4096]);
            Box::new(move || {
                let mut out = out.lock().unwrap();
                monetix_gate::sign_body(black_box(&body), b"secret", &mut out).is_ok()
            })
        }
        "verify_strict" => Box::new(move || {
            monetix_gate::verify(black_box(&callback), b"secret", Mode::Strict).is_ok()
        }),
        "verify_tolerant" => Box::new(move || {
            monetix_gate::verify(black_box(&callback), b"secret", Mode::Tolerant).is_ok()
        }),
        // The deepest verification path: no order matches, all three are tried.
        "verify_tolerant_mismatch" => Box::new(move || {
            monetix_gate::verify(black_box(&tampered), b"secret", Mode::Tolerant)
                == Err(monetix_gate::Error::SignatureMismatch)
        }),
        "parse_callback" => Box::new(move || {
            callback::parse(black_box(&callback), b"secret", Mode::Tolerant, &mut [])
                .is_ok_and(|c| c.outcome() == callback::Outcome::FinalSuccess)
        }),
        "cambodia_build_sign" => {
            let out = std::sync::Mutex::new(vec![0u8; cambodia::MAX_LEN]);
            Box::new(move || {
                let mut out = out.lock().unwrap();
                black_box(seed::cambodia_payout())
                    .sign_into(b"secret", &mut out, Options::new())
                    .is_ok()
            })
        }
        "colombia_build_sign" => {
            let out = std::sync::Mutex::new(vec![0u8; colombia::MAX_LEN]);
            Box::new(move || {
                let mut out = out.lock().unwrap();
                black_box(seed::colombia_payout())
                    .sign_into(
                        b"secret",
                        &mut out,
                        Options::new().allow_unlisted_bank(true),
                    )
                    .is_ok()
            })
        }
        "verify_ambiguous_opt_in" => Box::new(move || {
            allow.verify(black_box(&ambiguous), Mode::Tolerant) == Ok(Order::Natural)
        }),
        "verify_ambiguous_refused" => Box::new(move || {
            matches!(
                monetix_gate::verify(black_box(&ambiguous), b"secret", Mode::Tolerant),
                Err(Error::Ambiguous { .. })
            )
        }),
        "ambiguity_explain" => Box::new(move || {
            let mut out = [0u8; 256];
            ambiguity::explain(black_box(&ambiguous), &refusal, &mut out)
                .is_ok_and(|s| s.starts_with("operation."))
        }),
        // The measuring harness alone (its own frames are not the operation's).
        "nothing" => Box::new(|| black_box(true)),
        _ => panic!("unknown operation {name}"),
    }
}

// ---- painting --------------------------------------------------------------------

/// An address in the caller's frame area: the stack pointer, give or take
/// this function's own small frame.
#[inline(never)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    core::ptr::from_ref(black_box(&marker)) as usize
}

/// Fills a `PAINT`-byte local with `MARK` (kept by `black_box`) and returns
/// the address range it occupied, which is free stack once this returns.
#[inline(never)]
fn paint() -> (usize, usize) {
    let mut region = [0u8; PAINT];
    for b in &mut region {
        *b = black_box(MARK);
    }
    let region = black_box(&mut region);
    let start = region.as_ptr() as usize;
    (start, start + PAINT)
}

#[inline(never)]
fn run(op: &Op) -> bool {
    black_box(op())
}

/// Peak stack use of `op` in bytes, measured below the caller's stack pointer.
fn painted_peak(op: &Op) -> usize {
    let mem = File::open("/proc/self/mem").expect("/proc/self/mem");
    let (lo, hi) = paint();
    let sp = stack_pointer();
    assert!(
        sp > lo && sp <= hi + 4096,
        "painted region not below the stack pointer"
    );
    assert!(run(op), "the operation failed");
    let mut painted = vec![0u8; sp - lo];
    mem.read_exact_at(&mut painted, lo as u64).unwrap();
    let deepest = painted
        .iter()
        .position(|&b| b != MARK)
        .expect("the operation left the painted region untouched");
    assert!(
        deepest > 64,
        "the operation went below the painted region: paint more"
    );
    sp - (lo + deepest)
}

/// Bytes of the current thread's stack below the caller's stack pointer: from
/// the stack pointer down to the start of its mapping in `/proc/self/maps`
/// (the guard page below is a separate, inaccessible mapping).
fn room_below_sp() -> usize {
    let sp = stack_pointer();
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    for line in maps.lines() {
        let range = line.split(' ').next().unwrap();
        let (start, end) = range.split_once('-').unwrap();
        let start = usize::from_str_radix(start, 16).unwrap();
        let end = usize::from_str_radix(end, 16).unwrap();
        if (start..end).contains(&sp) {
            return sp - start;
        }
    }
    panic!("stack pointer {sp:#x} not in /proc/self/maps");
}

/// What a thread of `stack_size(size)` (a page multiple above glibc's
/// minimum) leaves its closure: `size` minus the room below the closure's
/// stack pointer. The difference is the thread's own share (thread-local
/// storage, the thread descriptor, the start-up frames).
fn thread_overhead(size: usize) -> usize {
    in_thread(size, move || size - black_box(room_below_sp()))
}

/// Runs `f` in a thread of `stack` bytes and returns its result.
fn in_thread<T: Send + 'static>(stack: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn measure(name: &'static str) -> usize {
    in_thread(4 << 20, move || {
        let op = op(name);
        // Once for lazy one-time work (none expected), then the measurement.
        assert!(run(&op));
        painted_peak(&op)
    })
}

// ---- tests -----------------------------------------------------------------------

#[test]
fn painted_peak_within_bound() {
    for &(name, bound) in OPS {
        let peak = measure(name);
        println!("{name}: painted peak {peak} bytes (bound {bound})");
        assert!(
            peak <= bound,
            "{name}: peak stack {peak} bytes exceeds the bound {bound}"
        );
    }
}

#[test]
fn runs_in_a_thread_of_overhead_plus_bound() {
    // Measured, not assumed: the thread's own share of a 256 KiB stack.
    let overhead = thread_overhead(256 * 1024);
    println!("thread overhead: {overhead} bytes");
    for &(name, bound) in OPS.iter().filter(|(n, _)| *n != "nothing") {
        // Whole pages: the operation gets its bound plus less than a page.
        let size = (overhead + bound).div_ceil(PAGE) * PAGE;
        // In a fresh child process: glibc reuses the stacks of finished
        // threads (up to 4x the requested size), which would give more room
        // than asked for; and an overflow aborts only the child.
        let (ok, room) = run_child(name, size);
        let room = room.unwrap_or(0);
        assert!(
            ok,
            "{name} overflowed (or failed) with {room} bytes of stack (bound {bound})"
        );
        assert!(
            room >= bound && room < bound + PAGE,
            "{name}: the thread gave {room} bytes of room, not its bound {bound} (+ < 1 page)"
        );
    }
}

// ---- report: the smallest thread stack of every operation -------------------------

const CHILD_ENV: &str = "MONETIX_GATE_STACK_CHILD";

/// Child side of the bisection and of the bound check: runs the operation
/// named in `CHILD_ENV` in a thread of the given size and prints the room the
/// thread gave it (a no-op without the variable).
#[test]
fn stack_child() {
    if let Ok(spec) = std::env::var(CHILD_ENV) {
        let (name, size) = spec.split_once(' ').unwrap();
        let name: &'static str = OPS.iter().find(|(n, _)| *n == name).unwrap().0;
        let size: usize = size.parse().unwrap();
        // Built outside the small thread: only running it is measured.
        let op = op(name);
        let room = in_thread(size, move || {
            let room = room_below_sp();
            assert!(run(&op));
            room
        });
        println!("room={room}");
    }
}

/// Runs `name` in a thread of `size` bytes in a child process: whether it
/// succeeded, and the room below the stack pointer the thread gave it.
fn run_child(name: &str, size: usize) -> (bool, Option<usize>) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["stack_child", "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD_ENV, format!("{name} {size}"))
        .output()
        .unwrap();
    let room = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.split("room=").nth(1).map(|r| r.trim().parse().unwrap()));
    (out.status.success(), room)
}

fn runs_in(name: &str, size: usize) -> bool {
    run_child(name, size).0
}

/// Prints, for every operation, the painted peak, the smallest `stack_size`
/// (whole pages, by bisection in child processes) of a thread it runs in and
/// the room such a thread gives its closure; and the thread's own share of
/// its stack.
#[test]
#[ignore = "report for BENCHMARKS.md: run with --ignored --nocapture"]
fn report() {
    let profile = if cfg!(debug_assertions) {
        "test profile (opt-level 1)"
    } else {
        "release"
    };
    println!("\nthread overhead, {profile}:");
    for size in [64 * 1024, 256 * 1024, 1 << 20] {
        println!(
            "  stack_size({size}): {} bytes used by the thread itself",
            thread_overhead(size)
        );
    }
    println!("\nstack, {profile}:");
    println!(
        "{:<26} {:>12} {:>14} {:>13} {:>8}",
        "operation", "painted peak", "min stack_size", "room it gave", "bound"
    );
    for &(name, bound) in OPS {
        let peak = measure(name);
        // glibc raises a request below its minimum (16 KiB plus thread-local
        // storage), so small sizes all give the same room.
        let (mut lo, mut hi) = (1usize, 256usize);
        assert!(runs_in(name, hi * PAGE), "{name} does not run in 1 MiB");
        if runs_in(name, lo * PAGE) {
            hi = lo;
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if runs_in(name, mid * PAGE) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let min = hi * PAGE;
        // What such a thread actually gave the operation below its stack pointer.
        let room = run_child(name, min).1.unwrap();
        println!("{name:<26} {peak:>12} {min:>14} {room:>13} {bound:>8}");
    }
}
