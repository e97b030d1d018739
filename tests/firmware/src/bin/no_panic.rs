//! Link-time proof that signing and verifying leave no panic path in the
//! size-optimised configuration (`monetix-gate` without its `float` feature,
//! a signer keyed once, `Signer::sign` and `Signer::verify`).
//!
//! The panic handler calls a function that no library defines: if the
//! optimiser keeps any call to a panic anywhere in the image, the link fails
//! with an undefined reference to `monetix_gate_a_panic_path_remains`. Built
//! by `scripts/firmware-tests.sh` with `--no-default-features --bin no-panic`
//! (release: opt-level "z", fat LTO, panic = "abort").
#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use cortex_m_semihosting::debug;
use monetix_gate::{Mode, Signer};
use monetix_gate_firmware_test::vectors;

extern "C" {
    /// Defined nowhere, on purpose.
    fn monetix_gate_a_panic_path_remains() -> !;
}

#[panic_handler]
fn panic(_info: &PanicInfo<'_>) -> ! {
    // SAFETY: never called in a linked image: a reference to this undefined
    // function makes the link fail, which is the point of this binary.
    unsafe { monetix_gate_a_panic_path_remains() }
}

#[cortex_m_rt::entry]
fn main() -> ! {
    let secret: &[u8] = black_box(b"secret");
    let body = black_box(vectors::SEED_CAMBODIA_PAYOUT_REQUEST.input);
    let callback = black_box(vectors::SEED_CALLBACK_SUCCESS.input);
    let ok = match Signer::new(secret) {
        Ok(s) => {
            s.sign(body)
                .is_ok_and(|sig| sig.as_bytes().first() != Some(&0))
                && s.verify(callback, black_box(Mode::Tolerant)).is_ok()
        }
        Err(_) => false,
    };
    debug::exit(if black_box(ok) {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        core::hint::spin_loop();
    }
}
