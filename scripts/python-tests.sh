#!/usr/bin/env bash
# Python test command, from a fresh clone on a machine with cargo/rustup and
# python3 (3.9 or later) with pip and venv; PyPI and crates.io reachable.
# The tests run against the wheel users install, never the source tree:
#
#   1. builds the x86_64 manylinux2014 abi3 wheel with
#      `scripts/build-wheels.sh x86_64-manylinux` (maturin --zig, release
#      profile; that script checks the platform tag with `auditwheel show`
#      and the WHEEL file, the size, abi3, no debug info);
#   2. finds the CPythons on this machine (/usr/bin/python3.*, pyenv's
#      versions, python3 on PATH), keeps those at or above the abi3 floor
#      (3.9) and takes the oldest and the newest (the one, if only one);
#      PYTHONS="/path/to/python ..." chooses others;
#   3. for each: a fresh venv (target/python-tests/venv-X.Y.Z), the pinned
#      tools of tests/python/requirements.txt (pytest, mypy, the official
#      ecommpay-sdk for the interop test), then `pip install` of the wheel
#      file; checks that `import monetix_gate` comes from that venv's
#      site-packages; pytest on tests/python ("no tests collected", pytest
#      exit 5, is a failure here); `python -m mypy.stubtest
#      monetix_gate._native` (the stubs match the compiled module); and,
#      with the newest, `mypy --strict` on the package, stubs, tests and
#      example;
#   4. installs the same wheel into .venv at the repository root (created
#      if missing, gitignored), which scripts/hostile.sh and the Python
#      benchmarks (ffi-python/benches/bench.py) use.
#
# PYTHON selects the interpreter for .venv when it is created (default: python3).
# Exits non-zero if anything failed: a build or install failure stops at once;
# the tests of every interpreter run, and their failures are listed at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\npython-tests: FAIL: %s\n' "$*" >&2; exit 1; }

FLOOR="3.9"
FLOOR_TUPLE="${FLOOR/./, }"
export PIP_DISABLE_PIP_VERSION_CHECK=1
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
OUT="$TARGET_DIR/python-tests"
mkdir -p "$OUT"

# ---- 1. the wheel --------------------------------------------------------------
step "build the x86_64 manylinux2014 wheel (scripts/build-wheels.sh)"
rm -rf "$OUT/wheels"
bash scripts/build-wheels.sh --out "$OUT/wheels" x86_64-manylinux
WHEELS=("$OUT"/wheels/monetix_gate-*-cp39-abi3-manylinux2014_x86_64*.whl)
[ ${#WHEELS[@]} -eq 1 ] && [ -f "${WHEELS[0]}" ] || fail "expected one x86_64 manylinux2014 wheel in $OUT/wheels"
WHEEL="${WHEELS[0]}"

# ---- 2. the interpreters -------------------------------------------------------
step "CPythons on this machine (abi3 floor $FLOOR)"
if [ -n "${PYTHONS:-}" ]; then
    read -r -a CANDIDATES <<<"$PYTHONS"
else
    CANDIDATES=()
    for p in /usr/bin/python3.[0-9]* "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/python3 "$(command -v python3 || true)"; do
        case "$p" in *-config | "") continue ;; esac
        [ -x "$p" ] && CANDIDATES+=("$p")
    done
fi
# One line per usable CPython: "<version> <path>", sorted by version; those
# below the floor, other implementations and free-threaded builds (no abi3)
# are listed and left out.
python3 - "$FLOOR" "${CANDIDATES[@]}" >"$OUT/pythons.txt" <<'PY'
import subprocess, sys
floor = tuple(int(x) for x in sys.argv[1].split("."))
probe = ("import sys, sysconfig; print(sys.implementation.name, '%d.%d.%d' % sys.version_info[:3], "
         "int(bool(sysconfig.get_config_var('Py_GIL_DISABLED'))), sys.executable)")
seen = {}
for path in sys.argv[2:]:
    try:
        out = subprocess.run([path, "-c", probe], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        continue
    if len(out) < 4:
        print(f"  {path}: not usable", file=sys.stderr)
        continue
    impl, version, free_threaded = out[0], out[1], out[2] == "1"
    v = tuple(int(x) for x in version.split("."))
    why = None
    if impl != "cpython":
        why = impl
    elif free_threaded:
        why = "free-threaded (no abi3)"
    elif v[:2] < floor:
        why = "below the abi3 floor"
    print(f"  {path}: {impl} {version}" + (f" ({why}, skipped)" if why else ""), file=sys.stderr)
    if why is None and v not in seen:
        seen[v] = path
for v in sorted(seen):
    print("%d.%d.%d" % v, seen[v])
PY
[ -s "$OUT/pythons.txt" ] || fail "no CPython >= $FLOOR found"
OLDEST="$(head -n 1 "$OUT/pythons.txt")"
NEWEST="$(tail -n 1 "$OUT/pythons.txt")"
TESTED=("$OLDEST")
[ "$NEWEST" = "$OLDEST" ] || TESTED+=("$NEWEST")
if [ ${#TESTED[@]} -eq 1 ]; then
    echo "only one CPython >= $FLOOR on this machine: ${OLDEST% *} (${OLDEST#* })"
else
    echo "oldest: ${OLDEST% *} (${OLDEST#* }); newest: ${NEWEST% *} (${NEWEST#* })"
fi

# ---- 3. a fresh venv per interpreter, the wheel, the tests ---------------------
# The installed package must be the wheel's copy in the venv, wherever the
# import runs from (pytest runs from the repository root).
check_import() { # <python> <venv>
    local where
    where="$("$1" -c 'import monetix_gate, sys; print(monetix_gate.__file__)')"
    echo "monetix_gate from $where"
    case "$where" in
    "$2"/lib/python3*/site-packages/monetix_gate/__init__.py) ;;
    *) fail "monetix_gate was imported from $where, not from the wheel installed in $2" ;;
    esac
}

# Every interpreter is tested even when one fails; the failures are listed at the end.
FAILURES=()
for entry in "${TESTED[@]}"; do
    version="${entry% *}"
    interpreter="${entry#* }"
    venv="$OUT/venv-$version"
    step "CPython $version: fresh venv, test tools, the wheel"
    rm -rf "$venv"
    "$interpreter" -m venv "$venv"
    PY="$venv/bin/python"
    "$PY" -m pip install --quiet -r tests/python/requirements.txt
    "$PY" -m pip install --quiet --no-deps "$WHEEL"
    "$PY" -m pip show monetix-gate | sed -n 's/^\(Name\|Version\|Location\): /  \1: /p'
    check_import "$PY" "$venv"

    step "CPython $version: pytest tests/python (against the installed wheel)"
    status=0
    "$PY" -m pytest tests/python -q -p no:cacheprovider || status=$?
    if [ "$status" -eq 5 ]; then
        FAILURES+=("CPython $version: pytest collected no tests")
    elif [ "$status" -ne 0 ]; then
        FAILURES+=("CPython $version: pytest exited with $status")
    fi

    step "CPython $version: stubtest (_native.pyi matches the installed module)"
    (cd /tmp && "$PY" -m mypy.stubtest monetix_gate._native) || FAILURES+=("CPython $version: stubtest")

    # mypy once, with the newest interpreter's pinned mypy (2.x): mypy 1.x, the
    # last to run on 3.9, names some errors differently, so one set of
    # `# type: ignore[code]` comments cannot satisfy both.
    if [ "$entry" = "$NEWEST" ]; then
        step "CPython $version: mypy --strict (package, stubs, tests, example)"
        "$PY" -m mypy --strict --cache-dir "$OUT/mypy-cache-$version" \
            ffi-python/python/monetix_gate tests/python ffi-python/examples || FAILURES+=("CPython $version: mypy --strict")
    fi
done

# ---- 4. .venv for scripts/hostile.sh and the benchmarks --------------------------
step ".venv: the same wheel"
VENV="$ROOT/.venv"
if ! "$VENV/bin/python" -c "import sys; assert sys.version_info >= ($FLOOR_TUPLE)" 2>/dev/null; then
    command -v "${PYTHON:-python3}" >/dev/null || fail "${PYTHON:-python3} not found"
    rm -rf "$VENV"
    "${PYTHON:-python3}" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet -r tests/python/requirements.txt
"$VENV/bin/python" -m pip install --quiet --no-deps --force-reinstall "$WHEEL"
check_import "$VENV/bin/python" "$VENV"

if [ ${#FAILURES[@]} -gt 0 ]; then
    printf '\npython-tests: FAIL:\n' >&2
    printf '  %s\n' "${FAILURES[@]}" >&2
    exit 1
fi
printf '\npython-tests: all passed (CPython %s; wheel %s)\n' "$(printf '%s ' "${TESTED[@]% *}" | sed 's/ $//; s/ / and /')" "$(basename "$WHEEL")"
