//! Signing and verification (stub).
use crate::Error;
pub use crate::limits::SIGNATURE_LEN;
/// A signature.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature([u8; SIGNATURE_LEN]);
impl Signature { /// as str
 pub fn as_str(&self) -> &str { core::str::from_utf8(&self.0).unwrap_or("") } /// bytes
 pub fn as_bytes(&self) -> &[u8; SIGNATURE_LEN] { &self.0 } }
/// Mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode { /// t
 #[default] Tolerant, /// s
 Strict }
/// Order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order { /// n
 Natural, /// bp
 BytePath, /// bl
 ByteLine }
impl Order { /// name
 pub const fn as_str(self) -> &'static str { match self { Order::Natural => "natural", Order::BytePath => "byte-path", Order::ByteLine => "byte-line" } } }
/// Signer.
pub struct Signer;
impl Signer {
 /// new
 pub fn new(secret: &[u8]) -> Result<Self, Error> { let _ = secret; Ok(Signer) }
 /// sign
 pub fn sign(&self, body: &[u8]) -> Result<Signature, Error> { let _ = body; Err(Error::TooLarge) }
 /// verify
 pub fn verify(&self, body: &[u8], mode: Mode) -> Result<Order, Error> { let _ = (body, mode); Err(Error::TooLarge) }
 /// sign body
 pub fn sign_body<'o>(&self, body: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> { let _ = (body, out); Err(Error::TooLarge) }
}
/// sign
pub fn sign(body: &[u8], secret: &[u8]) -> Result<Signature, Error> { Signer::new(secret)?.sign(body) }
/// verify
pub fn verify(body: &[u8], secret: &[u8], mode: Mode) -> Result<Order, Error> { Signer::new(secret)?.verify(body, mode) }
/// sign_body
pub fn sign_body<'o>(body: &[u8], secret: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> { Signer::new(secret)?.sign_body(body, out) }
