#![no_std]
#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_core,
    clippy::alloc_instead_of_core
)]

#[cfg(test)]
extern crate std;

/// The workspace README's Rust examples, run as doctests (not published).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct WorkspaceReadme;

pub mod ambiguity;
mod b64;
pub mod error;
pub mod json;
pub mod limits;
mod natural;
pub mod sign;
pub mod source;

pub use ambiguity::AmbiguousData;
pub use error::{Error, ErrorCode, ERROR_CODES};
pub mod callback;
pub mod money;
pub mod payout;
pub mod reconcile;
pub mod response;
#[cfg(feature = "serde")]
mod ser;

pub use json::Order;
pub use json::{canonical, canonical_len};
pub use limits::SIGNATURE_LEN;
pub use sign::{
    sign, sign_as_platform, sign_body, signed_body_len, verify, Mode, SecretPolicy, Signature,
    Signer,
};

/// `dst.copy_from_slice(src)` for slices of equal length, without the
/// length-mismatch panic path `copy_from_slice` links (every caller passes
/// equal lengths; a firmware image then carries no panic call).
pub(crate) fn copy<T: Copy>(dst: &mut [T], src: &[T]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}
