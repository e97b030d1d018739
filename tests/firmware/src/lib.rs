//! Shared parts of the firmware test's images: the shared vectors as
//! statics, the seed payouts as typed values, painted-stack measurement and
//! an instruction counter (SysTick under `qemu-system-arm -icount shift=0`).
//!
//! This crate is the test harness, not the library: it uses `unsafe` for the
//! stack painting and the timer registers (core itself has none).
#![no_std]

/// `tests/vectors/signature.json`, turned into statics by `build.rs`.
pub mod vectors {
    /// One shared vector.
    pub struct Case {
        /// The case's name.
        pub name: &'static str,
        /// The HMAC key.
        pub secret: &'static [u8],
        /// The JSON text: the body to sign (`Sign`) or a signed body (`Verify`).
        pub input: &'static [u8],
        /// What is expected.
        pub kind: Kind,
        /// Whether `input` holds a number with a fraction, an exponent or an
        /// integer outside `i64` (found by `build.rs` scanning the text): a
        /// build without core's `float` feature refuses it.
        pub float: bool,
        /// For a `Sign` case with `float`: `input` with the recorded signature
        /// appended as a top-level `signature` member (made by `build.rs`).
        pub signed: Option<&'static [u8]>,
    }

    /// What a case expects.
    pub enum Kind {
        /// `kind = sign`.
        Sign {
            /// The string the signature covers.
            canonical: &'static str,
            /// The base64 signature under `secret`.
            signature: &'static str,
        },
        /// `kind = verify`.
        Verify {
            /// The string the signature covers, when the file gives it.
            canonical: Option<&'static str>,
            /// Whether strict verification succeeds.
            strict: bool,
            /// Whether tolerant verification succeeds.
            tolerant: bool,
            /// The order that matches in tolerant mode.
            matched: Option<&'static str>,
        },
    }

    include!(concat!(env!("OUT_DIR"), "/vectors.rs"));

    /// The number of cases in the shared file (core's `tests/vectors.rs`
    /// checks the same number): a truncated file fails.
    pub const EXPECTED_CASES: usize = 54;

    /// The shared cases core refuses by default (ambiguous data); every
    /// other one must pass without the opt-in.
    pub const AMBIGUOUS: [&str; 2] = ["edge_large_integers", "edge_values_with_separators"];

    /// The shared cases whose input needs floats (as in core's
    /// `tests/no_float.rs`): a build without core's `float` feature refuses
    /// them with `Error::FloatUnsupported` (after the ambiguity refusal,
    /// which comes first); every other one signs and verifies as recorded.
    pub const FLOAT_CASES: [&str; 3] = [
        "edge_floats",
        "edge_large_integers",
        "edge_negative_numbers",
    ];
}

/// The seed payouts of `core/tests/payout.rs`, as typed values.
pub mod seeds {
    use monetix_gate::payout::{cambodia, colombia, General, Payment};

    /// The seed's Cambodia payout (vector `seed_cambodia_payout_request`).
    pub fn cambodia() -> cambodia::Payout<'static> {
        cambodia::Payout {
            general: General {
                project_id: 1234,
                payment_id: "payment_47",
                merchant_callback_url: None,
            },
            customer: cambodia::Customer {
                id: "customer_1234",
                ip_address: "198.51.100.47",
                email: "johndoe@example.com",
                phone: "123456789",
            },
            account: cambodia::Account {
                number: "1234567890",
                bank_id: 61021,
                branch: Some("Banteay Meanchey Branch"),
                city: Some("Serei Saophoan"),
                province: Some("Banteay Meanchey"),
                customer_name: "John Doe",
            },
            payment: Payment {
                currency: "KHR",
                amount: 5_000_000,
                description: None,
            },
            extras: &[],
        }
    }

    /// The seed's Colombia payout (vector `seed_colombia_payout_request`;
    /// bank 12345 is not in the bank table: it needs
    /// `Options::new().allow_unlisted_bank(true)`).
    pub fn colombia() -> colombia::Payout<'static> {
        colombia::Payout {
            general: General {
                project_id: 1234,
                payment_id: "payment_47",
                merchant_callback_url: None,
            },
            customer: colombia::Customer {
                id: "customer_123",
                ip_address: "198.51.100.47",
                first_name: "John",
                last_name: "Doe",
                email: "johndoe@example.com",
                phone: "1234567890",
                identify: colombia::Identify {
                    doc_number: "1234567",
                    doc_type: "CC",
                },
            },
            account: colombia::Account {
                number: "1234567890",
                r#type: "CACC",
                bank_id: 12345,
            },
            payment: Payment {
                currency: "COP",
                amount: 10_000,
                description: None,
            },
            extras: &[],
        }
    }
}

/// Peak stack of an operation, by painting.
///
/// Before the operation, the `PAINT` bytes below the stack pointer are
/// filled with `MARK`; after it, the lowest word that no longer holds `MARK`
/// is the high-water mark. The figure is measured from the stack pointer of
/// [`peak`]'s frame, so it includes one small call frame of the harness
/// (measure an empty closure to see it). Words an operation reserves but
/// never writes are not seen (as with any painting method).
pub mod stack {
    use core::arch::asm;
    use core::ptr::{addr_of, read_volatile, write_volatile};

    /// Bytes painted below the stack pointer: far more than any operation uses.
    pub const PAINT: usize = 96 * 1024;
    /// The fill pattern.
    pub const MARK: u32 = 0xA5A5_A5A5;

    extern "C" {
        /// cortex-m-rt: the lowest address the stack may grow to (end of .bss).
        static _stack_end: u32;
    }

    #[inline(always)]
    fn sp() -> usize {
        let sp: usize;
        // SAFETY: reads the stack pointer into a register; no memory access.
        unsafe { asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
        sp
    }

    /// The lowest address the stack may grow to.
    pub(crate) fn floor() -> usize {
        // The address of a linker symbol; nothing is read.
        addr_of!(_stack_end) as usize
    }

    /// Fills `[lo, own stack pointer - 64)` with `MARK`: stack below every
    /// live frame.
    #[inline(never)]
    pub(crate) fn paint(lo: usize) {
        let top = sp() - 64;
        let mut a = lo;
        while a < top {
            // SAFETY: `lo` is above the end of static data (checked by the
            // caller) and `a` below this function's own frame: free stack,
            // word aligned.
            unsafe { write_volatile(a as *mut u32, MARK) };
            a += 4;
        }
    }

    #[inline(never)]
    pub(crate) fn call<R>(f: impl FnOnce() -> R) -> R {
        core::hint::black_box(f())
    }

    /// Runs `f` and returns its result and its peak stack use in bytes.
    #[inline(never)]
    pub fn peak<R>(f: impl FnOnce() -> R) -> (R, usize) {
        let sp = sp();
        let lo = (sp - PAINT) & !3;
        assert!(lo > floor(), "painted region reaches static data");
        paint(lo);
        let r = call(f);
        let mut a = lo;
        // SAFETY: `[lo, sp)` is stack memory of this program (see `paint`).
        while a < sp && unsafe { read_volatile(a as *const u32) } == MARK {
            a += 4;
        }
        assert!(
            a > lo,
            "the operation used the whole painted region: paint more"
        );
        (r, sp - a)
    }
}

/// What an operation leaves on the stack.
///
/// [`snapshot`](residue::snapshot) paints the stack as [`stack::peak`] does,
/// runs the operation, then copies the painted region to a static buffer
/// with an inline loop, before any further call can write over it, and hands
/// the copy (lowest address first) to a function that looks at it.
pub mod residue {
    use core::arch::asm;
    use core::ptr::{addr_of, addr_of_mut, read_volatile, write_volatile};

    use crate::stack::{MARK, PAINT};

    const WORDS: usize = PAINT / 4;
    /// The copy of the painted region (in .bss: 96 KiB of the board's 4 MiB).
    static mut COPY: [u32; WORDS] = [0; WORDS];

    #[inline(always)]
    fn sp() -> usize {
        let sp: usize;
        // SAFETY: reads the stack pointer into a register; no memory access.
        unsafe { asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
        sp
    }

    /// Runs `f` with the stack painted, then gives `scan` the painted region
    /// as it was when `f` returned: `MARK` where nothing wrote, lowest
    /// address first; the region ends at this function's stack pointer.
    #[inline(never)]
    pub fn snapshot<R, S>(f: impl FnOnce() -> R, scan: impl FnOnce(&[u32]) -> S) -> (R, S) {
        let sp = sp();
        let lo = (sp - PAINT) & !3;
        let n = (sp - lo) / 4;
        assert!(
            lo > crate::stack::floor(),
            "painted region reaches static data"
        );
        crate::stack::paint(lo);
        let r = crate::stack::call(f);
        let dst = addr_of_mut!(COPY) as *mut u32;
        let mut i = 0;
        while i < n && i < WORDS {
            // SAFETY: `lo + 4 * i` is below `sp`, in the painted stack region;
            // `i < WORDS` keeps the write inside `COPY`.
            unsafe { write_volatile(dst.add(i), read_volatile((lo + 4 * i) as *const u32)) };
            i += 1;
        }
        // SAFETY: `COPY` is only written above, by this function, which is
        // not reentrant (one thread, no interrupt uses it).
        let words = unsafe { &*addr_of!(COPY) };
        let s = scan(words.get(..i).unwrap_or(&[]));
        (r, s)
    }

    /// Index of the lowest word that no longer holds `MARK`.
    pub fn lowest_changed(words: &[u32]) -> Option<usize> {
        words.iter().position(|&w| w != MARK)
    }

    /// Copies of `pattern` in the bytes of `words` (little-endian, as the
    /// Cortex-M4 stores them), at any byte offset.
    pub fn copies(words: &[u32], pattern: &[u8]) -> usize {
        let byte = |i: usize| words.get(i / 4).map(|w| w.to_le_bytes()[i % 4]);
        let len = words.len() * 4;
        (0..len.saturating_sub(pattern.len()) + 1)
            .filter(|&at| {
                !pattern.is_empty()
                    && pattern
                        .iter()
                        .enumerate()
                        .all(|(j, &p)| byte(at + j) == Some(p))
            })
            .count()
    }
}

/// Instruction counts from SysTick.
///
/// Under `qemu-system-arm -icount shift=0` the virtual clock advances 1 ns
/// per guest instruction and SysTick runs from the 25 MHz system clock, so
/// one tick is 40 instructions. [`calibrate`] measures the ratio with a loop
/// of known length instead of assuming it. QEMU does not model cycles: these
/// are instructions executed, not Cortex-M4 cycles.
pub mod icount {
    use core::arch::asm;
    use core::ptr::{read_volatile, write_volatile};

    const SYST_CSR: *mut u32 = 0xE000_E010 as *mut u32;
    const SYST_RVR: *mut u32 = 0xE000_E014 as *mut u32;
    const SYST_CVR: *mut u32 = 0xE000_E018 as *mut u32;
    const MASK: u32 = 0x00FF_FFFF;

    /// Starts SysTick free-running from the processor clock, no interrupt.
    pub fn start() {
        // SAFETY: the architectural SysTick registers of every Cortex-M;
        // nothing else in this program uses SysTick.
        unsafe {
            write_volatile(SYST_RVR, MASK);
            write_volatile(SYST_CVR, 0);
            write_volatile(SYST_CSR, 0b101); // ENABLE | CLKSOURCE = processor
        }
    }

    #[inline(always)]
    fn now() -> u32 {
        // SAFETY: see `start`.
        unsafe { read_volatile(SYST_CVR) }
    }

    /// SysTick ticks `f` takes (SysTick counts down; one wrap, 2^24 ticks,
    /// is 671 million instructions under `-icount shift=0`).
    #[inline(never)]
    pub fn ticks<R>(f: impl FnOnce() -> R) -> (R, u32) {
        let t0 = now();
        let r = core::hint::black_box(f());
        let t1 = now();
        (r, t0.wrapping_sub(t1) & MASK)
    }

    /// Instructions per 1,000 ticks, from a loop of `2 * n` instructions.
    pub fn calibrate() -> u64 {
        const N: u32 = 1_000_000;
        let ((), t) = ticks(|| {
            let mut n = core::hint::black_box(N);
            // SAFETY: a register-only countdown loop, 2 instructions per turn.
            unsafe {
                asm!("2:", "subs {n}, #1", "bne 2b", n = inout(reg) n, options(nomem, nostack));
            }
            core::hint::black_box(n);
        });
        (2 * u64::from(N) * 1000) / u64::from(t.max(1))
    }
}
