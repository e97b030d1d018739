//! Size image: a signer keyed once, then `Signer::sign`.
#![no_std]
#![no_main]

#[path = "size_common.rs"]
mod common;

use monetix_gate::Signer;

#[cortex_m_rt::entry]
fn main() -> ! {
    let i = common::inputs();
    let ok = Signer::new(i.secret)
        .and_then(|s| s.sign(i.body))
        .is_ok_and(|sig| sig.as_bytes()[0] != 0)
        && !i.callback.is_empty();
    common::exit(ok)
}
