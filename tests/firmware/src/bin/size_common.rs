// Shared by the size images (included with `#[path]`, not a module of the
// library): the same panic handler, entry and inputs in every image, so that
// an image minus `size-empty` is what the library calls bring in.
//
// Every input goes through `black_box`, so nothing is constant-folded away,
// and every result decides the exit status, so nothing is dropped. No
// formatting: the panic handler and the exit only make semihosting calls.

use core::hint::black_box;
use core::panic::PanicInfo;

use cortex_m_semihosting::debug;
use monetix_gate_firmware_test::vectors;

#[panic_handler]
fn panic(_info: &PanicInfo<'_>) -> ! {
    debug::exit(debug::EXIT_FAILURE);
    loop {
        core::hint::spin_loop();
    }
}

/// The inputs every size image holds (the empty one too).
pub struct Inputs {
    pub secret: &'static [u8],
    pub body: &'static [u8],
    pub callback: &'static [u8],
}

pub fn inputs() -> Inputs {
    black_box(Inputs {
        secret: b"secret",
        body: vectors::SEED_CAMBODIA_PAYOUT_REQUEST.input,
        callback: vectors::SEED_CALLBACK_SUCCESS.input,
    })
}

/// Exits with success when `ok`.
pub fn exit(ok: bool) -> ! {
    debug::exit(if black_box(ok) {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        core::hint::spin_loop();
    }
}
