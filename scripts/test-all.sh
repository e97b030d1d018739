#!/usr/bin/env bash
# Runs every test of every language in this repository: Rust (fmt, clippy,
# unit/integration/doc tests, docs, the no_std/no-alloc proof), C (header sync,
# ASan/UBSan, valgrind, C++), Python (venv, maturin, pytest, mypy, stubtest),
# the hostile-input catalogue and the short fuzz runs.
#
# Usage: bash scripts/test-all.sh        (from anywhere inside the repository)
# Needs: cargo (stable), gcc/g++, python3 with pip, valgrind. Everything else
# (cbindgen, a venv with maturin/pytest/mypy, cargo-fuzz) is installed here.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step prints its name; when the next one starts (and at the end) the
# time the previous one took, so a slow step shows in CI's log.
STEP_NAME=""
STEP_START=$SECONDS
RUN_START=$SECONDS
step_done() {
    if [ -n "$STEP_NAME" ]; then
        printf '    (%s: %ds)\n' "$STEP_NAME" $((SECONDS - STEP_START))
    fi
}
step() {
    step_done
    STEP_NAME="$*"
    STEP_START=$SECONDS
    printf '\n==> %s\n' "$*"
}

step "rustfmt"
cargo fmt --all --check

step "clippy (workspace, all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (workspace: unit, integration, shared vectors, differential, README doctests)"
cargo test --workspace --locked

step "core with its optional serde feature"
cargo test -p monetix-gate --features serde --locked --test serde

step "core without its default float feature"
cargo clippy -p monetix-gate --no-default-features --locked --lib -- -D warnings
cargo test -p monetix-gate --no-default-features --locked --test no_float

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS=-Dwarnings cargo doc --no-deps --workspace --locked

step "README quick starts in sync (C; Rust ones are doctests, Python's is a pytest)"
python3 scripts/readme-sync.py

step "no_std / no-alloc proof (tests/no-std-check)"
bash scripts/no-std-check.sh

step "duplicate dependency versions in core"
dups=$(cargo tree -d -e normal -p monetix-gate --locked 2>/dev/null | grep -v '^$' || true)
if [ -n "$dups" ]; then echo "$dups"; echo "duplicate versions in core's dependency tree"; exit 1; fi
echo "none"

step "declared rust-version is what the resolved dependencies need"
python3 scripts/msrv-check.py

step "benchmarks compile"
cargo bench --workspace --no-run --locked >/dev/null

if [ -f scripts/c-tests.sh ]; then
  step "C ABI: header sync, C tests under ASan/UBSan and valgrind, C++, example"
  bash scripts/c-tests.sh
fi

step "firmware: Cortex-M4F under qemu-system-arm (vectors, seed payouts and callbacks, stack, flash)"
bash scripts/firmware-tests.sh

step "C API on ARM Linux (armv7, aarch64) under qemu-user"
bash scripts/arm-tests.sh

step "C install layout: scripts/install-c.sh into a temporary prefix; CMake and pkg-config consumers, static and shared"
bash tests/install/run.sh

step "release archive (x86_64): contents, architecture, stripped, consumers of the unpacked archive"
bash scripts/release.sh --out target/release-archive-test archives x86_64-unknown-linux-gnu

step "publishable crate: cargo package and publish --dry-run -p monetix-gate; cargo install --path cli"
bash scripts/release.sh crate

if [ -f scripts/python-tests.sh ]; then
  step "Python: the x86_64 manylinux2014 wheel in fresh venvs (oldest, newest CPython): pytest, stubtest, mypy --strict"
  bash scripts/python-tests.sh
fi

step "end to end over HTTP on 127.0.0.1 (sandbox, Python and C clients, example receiver, docs transcripts)"; bash scripts/e2e.sh

if [ -f scripts/hostile.sh ]; then
  step "hostile-input catalogue through the CLI, C and Python"
  bash scripts/hostile.sh
fi

if [ -f scripts/fuzz.sh ]; then
  step "fuzz targets (compile; short runs when nightly + cargo-fuzz are available)"
  bash scripts/fuzz.sh
fi

step_done
printf '\nall checks passed in %ds\n' $((SECONDS - RUN_START))
