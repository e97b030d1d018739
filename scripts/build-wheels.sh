#!/usr/bin/env bash
# Builds the Python wheels and the sdist of ffi-python (module monetix_gate):
#
#   monetix_gate-V-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl    (glibc >= 2.17)
#   monetix_gate-V-cp39-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.whl  (glibc >= 2.17)
#   monetix_gate-V-cp39-abi3-musllinux_1_2_x86_64.whl                          (musl >= 1.2)
#   monetix_gate-V.tar.gz                                                      (sdist)
#
# One abi3 wheel per platform serves every CPython from 3.9 on. The wheels
# are cross-linked with zig (maturin --zig; `ziglang` from PyPI), which links
# against glibc 2.17 / musl 1.2 whatever the build machine's C library is, so
# no manylinux container is needed. Release profile: no debug info; maturin
# strips the extension.
#
# Usage: bash scripts/build-wheels.sh [--out DIR] [--no-sdist-build] [WHEEL...]
#
#   WHEEL            x86_64-manylinux, aarch64-manylinux, x86_64-musllinux or
#                    sdist; default: all four
#   --out DIR        where the wheels go (default: dist)
#   --no-sdist-build do not check that the sdist builds (pip wheel from the
#                    sdist in a fresh venv: a full compile)
#
# Needs cargo/rustup and python3 (>= 3.9) with venv; PyPI and crates.io
# reachable. Installs what is missing: a tools venv (target/packaging/tools:
# pinned maturin, ziglang, auditwheel) and the rustup targets. Each wheel is
# checked: platform tag (`auditwheel show` for manylinux, the WHEEL file and
# the extension's ELF header and imports for all), abi3, size under 1.5 MB,
# no debug sections, the licence files inside.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MATURIN_VERSION=1.16.0
ZIGLANG_VERSION=0.17.1
AUDITWHEEL_VERSION=6.8.2
MAX_WHEEL_BYTES=1500000

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nbuild-wheels: FAIL: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '15,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

OUT_DIR="dist"
SDIST_BUILD=1
WANT=()
while [ $# -gt 0 ]; do
    case "$1" in
    --out) [ $# -ge 2 ] || usage; OUT_DIR="$2"; shift 2 ;;
    --no-sdist-build) SDIST_BUILD=0; shift ;;
    x86_64-manylinux | aarch64-manylinux | x86_64-musllinux | sdist) WANT+=("$1"); shift ;;
    *) usage ;;
    esac
done
[ ${#WANT[@]} -gt 0 ] || WANT=(x86_64-manylinux aarch64-manylinux x86_64-musllinux sdist)
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"

for tool in cargo rustup python3 readelf unzip; do
    command -v "$tool" >/dev/null || fail "required tool not found: $tool"
done
METADATA="$(cargo metadata --format-version 1 --no-deps --locked)"
TARGET_DIR="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' <<<"$METADATA")"
VERSION="$(python3 -c '
import json, sys
m = json.load(sys.stdin)
print(next(p["version"] for p in m["packages"] if p["name"] == "monetix-gate-python"))' <<<"$METADATA")"
# Its own cargo target directory: the zig-linked builds neither wait for nor
# invalidate the checkout's target/release.
export CARGO_TARGET_DIR="$TARGET_DIR/packaging/cargo"
export PIP_DISABLE_PIP_VERSION_CHECK=1

# ---- tools ---------------------------------------------------------------------
TOOLS="$TARGET_DIR/packaging/tools"
step "tools: maturin $MATURIN_VERSION, ziglang $ZIGLANG_VERSION, auditwheel $AUDITWHEEL_VERSION ($TOOLS)"
want_tools="maturin==$MATURIN_VERSION ziglang==$ZIGLANG_VERSION auditwheel==$AUDITWHEEL_VERSION"
if [ "$(cat "$TOOLS/pinned" 2>/dev/null)" != "$want_tools" ]; then
    rm -rf "$TOOLS"
    python3 -m venv "$TOOLS"
    # shellcheck disable=SC2086
    "$TOOLS/bin/python" -m pip install --quiet $want_tools
    echo "$want_tools" >"$TOOLS/pinned"
fi
export PATH="$TOOLS/bin:$PATH"
maturin --version
echo "zig $("$TOOLS/bin/python" -m ziglang version)"

# ---- wheels --------------------------------------------------------------------
ensure_target() {
    rustup target list --installed | grep -qx "$1" || rustup target add "$1"
}

check_wheel() { # <wheel> <expected tag> <ELF machine (readelf)> <libc: glibc|musl>
    local whl="$1" tag="$2" machine="$3" libc="$4"
    local name size tmp so
    name="$(basename "$whl")"
    size="$(stat -c %s "$whl")"
    [ "$size" -lt "$MAX_WHEEL_BYTES" ] || fail "$name is $size bytes (limit $MAX_WHEEL_BYTES)"
    case "$name" in
    monetix_gate-"$VERSION"-cp39-abi3-*) ;;
    *) fail "$name: not an abi3 wheel for CPython >= 3.9" ;;
    esac
    tmp="$(mktemp -d)"
    unzip -q "$whl" -d "$tmp"
    local t
    for t in ${tag//./ }; do # a compressed tag set: one Tag line each
        grep -qx "Tag: cp39-abi3-$t" "$tmp/monetix_gate-$VERSION.dist-info/WHEEL" ||
            fail "$name: WHEEL has no tag cp39-abi3-$t: $(grep '^Tag' "$tmp/monetix_gate-$VERSION.dist-info/WHEEL" | tr '\n' ' ')"
    done
    [ "$(grep -c '^Tag:' "$tmp/monetix_gate-$VERSION.dist-info/WHEEL")" = "$(wc -w <<<"${tag//./ }")" ] ||
        fail "$name: WHEEL has other tags: $(grep '^Tag' "$tmp/monetix_gate-$VERSION.dist-info/WHEEL" | tr '\n' ' ')"
    for f in LICENSE-MIT LICENSE-APACHE; do
        [ -f "$tmp/monetix_gate-$VERSION.dist-info/licenses/$f" ] || fail "$name: no $f in its dist-info/licenses"
    done
    so="$tmp/monetix_gate/_native.abi3.so"
    [ -f "$so" ] || fail "$name: no monetix_gate/_native.abi3.so"
    readelf -h "$so" | grep -qE "Machine: .*$machine\$" || fail "$name: the extension is not $machine"
    readelf -S -W "$so" >"$tmp/sections.txt"
    if grep -qE '\.debug_' "$tmp/sections.txt"; then fail "$name: the extension has debug sections"; fi
    readelf -d -W "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort >"$tmp/needed.txt"
    readelf -V -W "$so" | grep -oE 'GLIBC_[0-9.]+' | sort -uV >"$tmp/glibc.txt" || true
    if [ "$libc" = musl ]; then
        [ "$(cat "$tmp/needed.txt")" = "libc.so" ] || fail "$name: needs $(tr '\n' ' ' <"$tmp/needed.txt") (musl: libc.so only)"
        [ ! -s "$tmp/glibc.txt" ] || fail "$name: references glibc symbol versions"
    else
        newest="$(tail -n 1 "$tmp/glibc.txt")"
        [ "$(printf '%s\nGLIBC_2.17\n' "$newest" | sort -V | tail -n 1)" = GLIBC_2.17 ] ||
            fail "$name: needs $newest (manylinux2014: at most GLIBC_2.17)"
        auditwheel show "$whl" >"$tmp/auditwheel.txt" || { cat "$tmp/auditwheel.txt"; fail "$name: auditwheel show"; }
        tr '\n' ' ' <"$tmp/auditwheel.txt" | grep -q "consistent with the following platform tag: \"${tag#*.}\"" ||
            { cat "$tmp/auditwheel.txt"; fail "$name: auditwheel does not give ${tag#*.}"; }
    fi
    echo "ok: $name ($size bytes): tag $tag, $machine, needs $(tr '\n' ' ' <"$tmp/needed.txt")$([ "$libc" = glibc ] && echo "up to $newest"), no debug info, licences"
    rm -rf "$tmp"
}

build_wheel() { # <rust target> <compatibility> <expected tag> <ELF machine> <libc>
    local target="$1" compat="$2" tag="$3" machine="$4" libc="$5" whl
    step "wheel $compat $target (maturin --zig)"
    ensure_target "$target"
    rm -f "$OUT_DIR"/monetix_gate-"$VERSION"-cp39-abi3-"$tag".whl
    maturin build --release --locked --zig --compatibility "$compat" --target "$target" \
        -m ffi-python/Cargo.toml --out "$OUT_DIR"
    whl="$OUT_DIR/monetix_gate-$VERSION-cp39-abi3-$tag.whl"
    [ -f "$whl" ] || fail "maturin did not write $whl"
    check_wheel "$whl" "$tag" "$machine" "$libc"
}

for w in "${WANT[@]}"; do
    case "$w" in
    x86_64-manylinux)
        build_wheel x86_64-unknown-linux-gnu manylinux2014 \
            manylinux2014_x86_64.manylinux_2_17_x86_64 X86-64 glibc ;;
    aarch64-manylinux)
        build_wheel aarch64-unknown-linux-gnu manylinux2014 \
            manylinux2014_aarch64.manylinux_2_17_aarch64 AArch64 glibc ;;
    x86_64-musllinux)
        build_wheel x86_64-unknown-linux-musl musllinux_1_2 musllinux_1_2_x86_64 X86-64 musl ;;
    sdist)
        step "sdist"
        rm -f "$OUT_DIR/monetix_gate-$VERSION.tar.gz"
        maturin sdist -m ffi-python/Cargo.toml --out "$OUT_DIR"
        sdist="$OUT_DIR/monetix_gate-$VERSION.tar.gz"
        [ -f "$sdist" ] || fail "maturin did not write $sdist"
        tar tzf "$sdist" >"$TARGET_DIR/packaging/sdist.txt"
        for f in pyproject.toml Cargo.toml Cargo.lock LICENSE-MIT LICENSE-APACHE core/src/lib.rs \
            ffi-python/src/lib.rs python/monetix_gate/_native.pyi python/monetix_gate/py.typed; do
            grep -qx "monetix_gate-$VERSION/$f" "$TARGET_DIR/packaging/sdist.txt" || fail "sdist has no $f"
        done
        echo "ok: $(basename "$sdist") ($(stat -c %s "$sdist") bytes, $(wc -l <"$TARGET_DIR/packaging/sdist.txt") files)"
        if [ "$SDIST_BUILD" = 1 ]; then
            step "the sdist builds: pip wheel in a fresh venv (PEP 517, maturin from PyPI), then imported"
            venv="$TARGET_DIR/packaging/sdist-venv"
            rm -rf "$venv" "$TARGET_DIR/packaging/sdist-wheel"
            python3 -m venv "$venv"
            # A fresh cargo target directory too, as a user's machine would have.
            CARGO_TARGET_DIR="$TARGET_DIR/packaging/sdist-cargo" \
                "$venv/bin/python" -m pip wheel --quiet --no-deps "$sdist" -w "$TARGET_DIR/packaging/sdist-wheel"
            "$venv/bin/python" -m pip install --quiet --no-deps "$TARGET_DIR"/packaging/sdist-wheel/*.whl
            (cd /tmp && "$venv/bin/python" -c '
import monetix_gate as mg
sig = mg.sign(b"{\"general\":{\"project_id\":1234,\"payment_id\":\"payment_47\"}}", "secret")
assert len(sig) == 88, sig
print("ok: the wheel built from the sdist imports and signs:", mg.__file__)')
        fi
        ;;
    esac
done

step "built"
ls -l "$OUT_DIR"
