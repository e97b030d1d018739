#!/usr/bin/env bash
# End-to-end tests over real HTTP on 127.0.0.1 (tests/e2e/): the sandbox
# (`monetix-gate sandbox`), a Python client (the monetix_gate module) and the
# example receiver ffi-python/examples/callback_server.py; the C client
# tests/e2e/post_payout.c (C API, static library, a plain socket); and the
# transcripts of docs/sandbox-and-batch.md, run as written.
#
# Usage: bash scripts/e2e.sh    (from anywhere inside the repository)
# Needs: cargo, gcc, python3 with venv and pip, curl. Uses the venv .venv of
# scripts/python-tests.sh; creates it (and installs the module) if missing.
#
# Traffic goes to 127.0.0.1 only. Every test bounds its waits; pytest itself
# is stopped after E2E_TIMEOUT seconds (default 900), and every process a
# test starts is killed by its own handle when the test ends.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ne2e: FAIL: %s\n' "$*" >&2; exit 1; }

for tool in cargo gcc curl; do
    command -v "$tool" >/dev/null || fail "required tool not found: $tool"
done

PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
export PIP_DISABLE_PIP_VERSION_CHECK=1

step "venv with monetix_gate and pytest ($VENV)"
if ! "$PY" -c 'import monetix_gate, pytest' 2>/dev/null; then
    # As scripts/python-tests.sh makes it.
    if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 9)' 2>/dev/null; then
        command -v "$PYTHON" >/dev/null || fail "$PYTHON not found"
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    "$PY" -m pip install --quiet -r tests/python/requirements.txt
    "$PY" -m pip install --quiet --force-reinstall --no-deps ./ffi-python
fi
(cd /tmp && "$PY" -c 'import monetix_gate; print("monetix_gate", monetix_gate.__version__)')

TARGET_DIR="$(cargo metadata --format-version 1 --no-deps --locked |
    "$PY" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
OUT="$TARGET_DIR/e2e"
mkdir -p "$OUT"

step "build the command line (monetix-gate)"
cargo build -p monetix-gate-cli --locked
BIN="$TARGET_DIR/debug/monetix-gate"
[ -x "$BIN" ] || fail "$BIN not built"

step "build the C client (tests/e2e/post_payout.c, static library)"
cargo build -p monetix-gate-ffi --release --locked --lib
gcc -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude tests/e2e/post_payout.c \
    "$TARGET_DIR/release/libmonetix_gate.a" -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc \
    -o "$OUT/post_payout"

step "pytest tests/e2e"
set +e
MONETIX_GATE_BIN="$BIN" MONETIX_E2E_C_CLIENT="$OUT/post_payout" \
    timeout --kill-after=10 "${E2E_TIMEOUT:-900}" \
    "$PY" -m pytest tests/e2e -q -p no:cacheprovider
status=$?
set -e
if [ "$status" -eq 5 ]; then
    fail "pytest collected no tests"
elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    fail "pytest ran longer than ${E2E_TIMEOUT:-900} s and was stopped"
elif [ "$status" -ne 0 ]; then
    fail "pytest exited with $status"
fi

printf '\ne2e: all passed\n'
