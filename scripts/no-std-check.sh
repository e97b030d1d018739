#!/usr/bin/env bash
# Builds tests/no-std-check: a #![no_std] staticlib without a global allocator
# that links monetix-gate's entry points. Fails if core pulls in std or alloc.
# Also reports the size of the optimised (opt-level = "z", LTO) artefact's code.
set -euo pipefail
cd "$(dirname "$0")/.."
m=tests/no-std-check/Cargo.toml
cargo build --manifest-path "$m" --quiet
cargo build --manifest-path "$m" --release --quiet
lib=tests/no-std-check/target/release/libmonetix_gate_no_std_check.a
# Code linked by the exported entry points only (the archive also carries
# unused objects that a final link would drop).
if command -v size >/dev/null; then
  text=$(size -t "$lib" 2>/dev/null | awk 'END {print $1}')
  echo "no_std/no-alloc check OK (release archive .text total: ${text} bytes; see BENCHMARKS.md for the linked size)"
else
  echo "no_std/no-alloc check OK"
fi
