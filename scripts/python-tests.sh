#!/usr/bin/env bash
# Python test command, from a fresh clone on a machine with cargo and
# python3 (3.9 or later) with pip and venv; PyPI and crates.io reachable:
#
#   1. creates .venv at the repository root (gitignored) if missing, and
#      installs the pinned tools of tests/python/requirements.txt (maturin,
#      pytest, mypy, and the official ecommpay-sdk for the interop test);
#   2. installs the module exactly as a user would: `pip install ./ffi-python`
#      (PEP 517 build with maturin, an abi3 wheel for CPython >= 3.9; maturin's
#      PEP 517 backend builds the release profile, so the Python benchmarks,
#      which import this venv, time an optimised build, never a debug one);
#   3. runs pytest on tests/python (vectors, seeds, callbacks, every exception
#      path, interop with the SDK, the quick start, the example receiver over
#      real HTTP); "no tests collected" (pytest exit 5) is a failure here;
#   4. `python -m mypy.stubtest monetix_gate._native` (the stubs match the
#      compiled module) and `mypy --strict` on the package, stubs, tests and
#      example.
#
# PYTHON selects the interpreter for a new venv (default: python3).
# Exits non-zero on the first failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\npython-tests: FAIL: %s\n' "$*" >&2; exit 1; }

PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1

step "venv ($VENV)"
if ! "$VENV/bin/python" -c 'import sys; assert sys.version_info >= (3, 9)' 2>/dev/null; then
    command -v "$PYTHON" >/dev/null || fail "$PYTHON not found"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" --version
"$PY" -m pip install --quiet -r tests/python/requirements.txt

step "pip install ./ffi-python"
"$PY" -m pip install --quiet --force-reinstall --no-deps ./ffi-python
# The tests must see the installed wheel, not the source tree.
(cd /tmp && "$PY" -c 'import monetix_gate, sys; print("monetix_gate", monetix_gate.__version__, "from", monetix_gate.__file__)')

step "pytest tests/python"
set +e
"$PY" -m pytest tests/python -q -p no:cacheprovider
status=$?
set -e
if [ "$status" -eq 5 ]; then
    fail "pytest collected no tests"
elif [ "$status" -ne 0 ]; then
    fail "pytest exited with $status"
fi

step "stubtest: _native.pyi matches the compiled module"
(cd /tmp && "$PY" -m mypy.stubtest monetix_gate._native)

step "mypy --strict (package, stubs, tests, example)"
"$PY" -m mypy --strict --cache-dir "$ROOT/target/mypy-cache" \
    ffi-python/python/monetix_gate tests/python ffi-python/examples

printf '\npython-tests: all passed\n'
