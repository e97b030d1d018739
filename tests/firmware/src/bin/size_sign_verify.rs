//! Size image: a signer keyed once, `Signer::sign` and `Signer::verify`.
#![no_std]
#![no_main]

#[path = "size_common.rs"]
mod common;

use core::hint::black_box;

use monetix_gate::{Mode, Signer};

#[cortex_m_rt::entry]
fn main() -> ! {
    let i = common::inputs();
    let ok = match Signer::new(i.secret) {
        Ok(s) => {
            s.sign(i.body).is_ok_and(|sig| sig.as_bytes()[0] != 0)
                && s.verify(i.callback, black_box(Mode::Tolerant)).is_ok()
        }
        Err(_) => false,
    };
    common::exit(ok)
}
