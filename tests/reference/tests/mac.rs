//! The hand-built MAC against the RustCrypto `hmac` crate and the `base64`
//! crate, on keys and messages of every length around the SHA-512 block
//! (128 bytes) and a deterministic spread of random ones.

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use monetix_gate_reference::{base64 as b64, hmac_b64, hmac_sha512};

fn by_crates(key: &[u8], msg: &[u8]) -> ([u8; 64], String) {
    let mut mac = <hmac::Hmac<sha2::Sha512> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(msg);
    let tag: [u8; 64] = mac.finalize().into_bytes().into();
    let text = base64::engine::general_purpose::STANDARD.encode(tag);
    (tag, text)
}

/// xorshift64*: a fixed stream of bytes, no extra dependency.
struct Bytes(u64);

impl Bytes {
    fn next(&mut self) -> u8 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
    }
    fn take(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next()).collect()
    }
}

#[test]
fn hmac_and_base64_agree_with_the_crates() {
    let mut r = Bytes(0x4d4e_585f_5245_4621);
    let mut lengths: Vec<usize> = (0..=260).collect();
    lengths.extend([511, 512, 513, 1000, 4096]);
    for &n in &lengths {
        let key = r.take(n);
        let msg = r.take((n * 7) % 300);
        let (tag, text) = by_crates(&key, &msg);
        assert_eq!(hmac_sha512(&key, &msg), tag, "key {n} bytes");
        assert_eq!(hmac_b64(&key, &msg), text, "key {n} bytes");
        let raw = r.take(n);
        assert_eq!(
            b64(&raw),
            base64::engine::general_purpose::STANDARD.encode(&raw),
            "{n} bytes"
        );
    }
}
