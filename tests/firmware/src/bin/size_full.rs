//! Size image: a signer keyed once, `Signer::sign`, `Signer::verify`, both
//! typed payout builders (`sign_with`) and the verified callback reader
//! (`callback::parse_with_signer`).
#![no_std]
#![no_main]

#[path = "size_common.rs"]
mod common;

use core::hint::black_box;

use monetix_gate::callback::{self, Outcome};
use monetix_gate::payout::Options;
use monetix_gate::{Mode, Signer};
use monetix_gate_firmware_test::seeds;

#[cortex_m_rt::entry]
fn main() -> ! {
    let i = common::inputs();
    let Ok(s) = Signer::new(i.secret) else {
        common::exit(false)
    };
    let mut out = [0u8; 2048];
    let mut scratch = [0u8; 1024];
    let opts = black_box(Options::new().allow_unlisted_bank(true));
    let ok = s.sign(i.body).is_ok_and(|sig| sig.as_bytes()[0] != 0)
        && s.verify(i.callback, black_box(Mode::Tolerant)).is_ok()
        && black_box(seeds::cambodia())
            .sign_with(&s, &mut out, opts)
            .is_ok()
        && black_box(seeds::colombia())
            .sign_with(&s, &mut out, opts)
            .is_ok()
        && callback::parse_with_signer(i.callback, &s, black_box(Mode::Tolerant), &mut scratch)
            .is_ok_and(|c| c.outcome() == Outcome::FinalSuccess);
    common::exit(ok)
}
