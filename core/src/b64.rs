//! Standard base64 (RFC 4648, with `=` padding) for the one size this crate
//! needs: a 64-byte HMAC-SHA512 tag and its 88-character text.
//!
//! Written here rather than taken from the `base64` crate so that signing and
//! verification link no panic path (its general encoder and decoder keep
//! bounds checks a firmware image would carry); the tests compare both
//! directions with that crate on random tags.

use crate::limits::SIGNATURE_LEN;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The value of one base64 character, `None` for anything else.
const fn value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c.wrapping_sub(b'A')),
        b'a'..=b'z' => Some(c.wrapping_sub(b'a').wrapping_add(26)),
        b'0'..=b'9' => Some(c.wrapping_sub(b'0').wrapping_add(52)),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

fn char_of(six: u8) -> u8 {
    ALPHABET
        .get(usize::from(six & 0x3f))
        .copied()
        .unwrap_or(b'A')
}

/// Encodes a 64-byte tag: 21 groups of three bytes and one final byte
/// (`xx==`).
pub(crate) fn encode(tag: &[u8; 64]) -> [u8; SIGNATURE_LEN] {
    let mut out = [b'='; SIGNATURE_LEN];
    let mut slots = out.iter_mut();
    let mut put = |c: u8| {
        if let Some(slot) = slots.next() {
            *slot = c;
        }
    };
    for chunk in tag.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        put(char_of(b0 >> 2));
        put(char_of((b0 << 4) | (b1 >> 4)));
        if chunk.len() > 1 {
            put(char_of((b1 << 2) | (b2 >> 6)));
        }
        if chunk.len() > 2 {
            put(char_of(b2));
        }
    }
    out
}

/// Decodes exactly 88 characters of canonical standard base64 into 64 bytes:
/// `None` for any other length, a character outside the alphabet, missing or
/// misplaced padding, or non-zero bits in the last character's unused part
/// (a non-canonical spelling of the same bytes).
pub(crate) fn decode(text: &[u8]) -> Option<[u8; 64]> {
    if text.len() != SIGNATURE_LEN || !text.ends_with(b"==") {
        return None;
    }
    let mut out = [0u8; 64];
    let mut slots = out.iter_mut();
    let body = text.get(..SIGNATURE_LEN.wrapping_sub(2))?;
    for quad in body.chunks(4) {
        let v0 = value(*quad.first()?)?;
        let v1 = value(*quad.get(1)?)?;
        *slots.next()? = (v0 << 2) | (v1 >> 4);
        match (quad.get(2), quad.get(3)) {
            (Some(&c2), Some(&c3)) => {
                let v2 = value(c2)?;
                let v3 = value(c3)?;
                *slots.next()? = (v1 << 4) | (v2 >> 2);
                *slots.next()? = (v2 << 6) | v3;
            }
            // The last group: one byte, then `==`; its low four bits unused.
            (None, None) if v1 & 0x0f == 0 => {}
            _ => return None,
        }
    }
    if slots.next().is_some() {
        return None;
    }
    Some(out)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use rand::{Rng, SeedableRng};

    #[test]
    fn agrees_with_the_base64_crate() {
        let std = base64::engine::general_purpose::STANDARD;
        let mut rng = rand::rngs::StdRng::seed_from_u64(0xb64);
        for _ in 0..2_000 {
            let mut tag = [0u8; 64];
            rng.fill(&mut tag[..]);
            let text = encode(&tag);
            let mut want = [0u8; SIGNATURE_LEN];
            std.encode_slice(tag, &mut want).unwrap();
            assert_eq!(text, want);
            assert_eq!(decode(&text), Some(tag));
            // Any one character changed: refused, or decodes to other bytes,
            // exactly as the crate's strict decoder says.
            let mut bad = text;
            let at = rng.gen_range(0..SIGNATURE_LEN);
            bad[at] = rng.gen();
            let mut buf = [0u8; 66];
            let crate_says = std
                .decode_slice(bad, &mut buf)
                .ok()
                .filter(|&n| n == 64)
                .map(|_| <[u8; 64]>::try_from(&buf[..64]).unwrap());
            assert_eq!(
                decode(&bad),
                crate_says,
                "{}",
                std::string::String::from_utf8_lossy(&bad)
            );
        }
    }

    #[test]
    fn refuses_what_is_not_one_canonical_tag() {
        let text = encode(&[7u8; 64]);
        assert_eq!(decode(&text[..87]), None);
        assert_eq!(decode(&[text.as_slice(), b"="].concat::<u8>()), None);
        let mut nopad = text;
        nopad[86] = b'A';
        assert_eq!(decode(&nopad), None);
        // `B` instead of `A`-aligned last character: non-zero unused bits.
        let mut loose = text;
        loose[85] = value(loose[85]).map(|v| char_of(v | 1)).unwrap();
        assert_eq!(decode(&loose), None);
        assert_eq!(decode(b""), None);
    }
}
