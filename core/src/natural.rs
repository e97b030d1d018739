//! PHP strnatcmp order.
