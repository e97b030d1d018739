//! Size baseline: the runtime, the inputs and the exit, no library call.
#![no_std]
#![no_main]

#[path = "size_common.rs"]
mod common;

#[cortex_m_rt::entry]
fn main() -> ! {
    let i = common::inputs();
    let ok = !i.secret.is_empty() && !i.body.is_empty() && !i.callback.is_empty();
    common::exit(ok)
}
