//! Compile-time sizes, so firmware can use fixed buffers.

/// Length of a signature: 64 bytes of HMAC-SHA512 in standard base64 with padding.
pub const SIGNATURE_LEN: usize = 88;
/// Default maximum number of JSON values (object members plus array elements) in a body.
pub const DEFAULT_MAX_VALUES: usize = 512;
/// Default maximum nesting depth of objects and arrays (the top-level object is depth 1).
pub const DEFAULT_MAX_DEPTH: usize = 16;
