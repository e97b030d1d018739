#!/usr/bin/env bash
# Release artefacts, built and checked, into dist/ (gitignored):
#
#   monetix_gate-V-x86_64-unknown-linux-gnu.tar.gz        C library for x86_64 Linux
#   monetix_gate-V-armv7-unknown-linux-gnueabihf.tar.gz   ... 32-bit ARM (hard float)
#   monetix_gate-V-aarch64-unknown-linux-gnu.tar.gz       ... 64-bit ARM
#       each: include/monetix_gate.h, lib/libmonetix_gate.a, lib/libmonetix_gate.so.V
#       (SONAME libmonetix_gate.so.0, and its two symlinks), lib/pkgconfig/*.pc
#       (relocatable), lib/cmake/monetix_gate/*.cmake, LICENSE-MIT,
#       LICENSE-APACHE, README.md (ffi-c/README.md); stripped
#   monetix_gate-V-cp39-abi3-*.whl, monetix_gate-V.tar.gz  (scripts/build-wheels.sh)
#   SHA256SUMS                                             (sha256sum -c SHA256SUMS)
#
# and the checks that the Rust crate publishes: `cargo package -p
# monetix-gate` (with its verify build), its file list, `cargo publish
# --dry-run`, and `cargo install --path cli` into a temporary root.
#
# Usage: bash scripts/release.sh [--out DIR] [--allow-dirty] [all | archives [TARGET...] | crate]
#
#   all        (default) every archive, every wheel and the sdist (built from
#              the sdist too), the crate checks, SHA256SUMS; refuses a checkout
#              with uncommitted changes unless --allow-dirty
#   archives   only the C archives (default: the three targets), each checked:
#              contents, architecture (file, readelf), SONAME, stripped; then
#              the consumers of tests/install link against the unpacked archive
#              (x86_64: tests/install/run.sh; ARM: static and shared under
#              qemu-user, when qemu and the cross gcc are there)
#   crate      only the crate checks
#
# Cross targets use rustup's std for the target and Debian's cross gcc as
# linker (installed if missing, as scripts/arm-tests.sh does). The C layout is
# produced by scripts/install-c.sh (not cargo-c: see docs/packaging.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ALL_TARGETS=(x86_64-unknown-linux-gnu armv7-unknown-linux-gnueabihf aarch64-unknown-linux-gnu)

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nrelease: FAIL: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '18,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

OUT_DIR="dist"
ALLOW_DIRTY=0
COMMAND=""
TARGETS=()
while [ $# -gt 0 ]; do
    case "$1" in
    --out) [ $# -ge 2 ] || usage; OUT_DIR="$2"; shift 2 ;;
    --allow-dirty) ALLOW_DIRTY=1; shift ;;
    all | archives | crate) [ -z "$COMMAND" ] || usage; COMMAND="$1"; shift ;;
    *-unknown-linux-*) [ "$COMMAND" = archives ] || usage; TARGETS+=("$1"); shift ;;
    *) usage ;;
    esac
done
COMMAND="${COMMAND:-all}"
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

for tool in cargo rustc rustup python3 git tar gzip sha256sum file readelf; do
    command -v "$tool" >/dev/null || fail "required tool not found: $tool"
done
METADATA="$(cargo metadata --format-version 1 --no-deps --locked)"
TARGET_DIR="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' <<<"$METADATA")"
VERSION="$(python3 -c '
import json, sys
m = json.load(sys.stdin)
print(next(p["version"] for p in m["packages"] if p["name"] == "monetix-gate-ffi"))' <<<"$METADATA")"
HOST="$(rustc -vV | sed -n 's/^host: //p')"
WORK="$TARGET_DIR/release-work"
# Archive timestamps: the last commit's time (the same tree gives the same archive).
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH

if [ "$COMMAND" = all ] && [ "$ALLOW_DIRTY" = 0 ] && [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    git status --short --untracked-files=no >&2
    fail "uncommitted changes: a release is built from a commit (--allow-dirty to build anyway)"
fi
mkdir -p "$OUT_DIR" "$WORK"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"

gnu_of() {
    case "$1" in
    x86_64-unknown-linux-gnu) echo x86_64-linux-gnu ;;
    armv7-unknown-linux-gnueabihf) echo arm-linux-gnueabihf ;;
    aarch64-unknown-linux-gnu) echo aarch64-linux-gnu ;;
    *) fail "unsupported target $1" ;;
    esac
}

apt_install() { # <package...>: installs the missing ones (as scripts/arm-tests.sh)
    local missing=() p sudo=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | head -n 1)" ]; then
        "${sudo[@]}" apt-get update
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# ---- the C archives ------------------------------------------------------------
# What readelf -h says for each target, and what file(1) says.
machine_of() {
    case "$1" in
    x86_64-*) echo "Advanced Micro Devices X86-64" ;;
    armv7-*) echo "ARM" ;;
    aarch64-*) echo "AArch64" ;;
    esac
}
file_of() {
    case "$1" in
    x86_64-*) echo "ELF 64-bit LSB shared object, x86-64" ;;
    armv7-*) echo "ELF 32-bit LSB shared object, ARM, EABI5" ;;
    aarch64-*) echo "ELF 64-bit LSB shared object, ARM aarch64" ;;
    esac
}

check_archive() { # <target> <archive>
    local target="$1" archive="$2" name dir machine so listing expected
    name="monetix_gate-$VERSION-$target"
    dir="$WORK/check-$target"
    rm -rf "$dir"
    mkdir -p "$dir"
    tar -xzf "$archive" -C "$dir"
    listing="$(cd "$dir" && find . -mindepth 1 | sed 's|^\./||' | sort)"
    expected="$(printf '%s\n' "$name" "$name/LICENSE-APACHE" "$name/LICENSE-MIT" "$name/README.md" \
        "$name/include" "$name/include/monetix_gate.h" "$name/lib" "$name/lib/cmake" "$name/lib/cmake/monetix_gate" \
        "$name/lib/cmake/monetix_gate/monetix_gateConfig.cmake" "$name/lib/cmake/monetix_gate/monetix_gateConfigVersion.cmake" \
        "$name/lib/libmonetix_gate.a" "$name/lib/libmonetix_gate.so" "$name/lib/libmonetix_gate.so.0" \
        "$name/lib/libmonetix_gate.so.$VERSION" "$name/lib/pkgconfig" "$name/lib/pkgconfig/monetix_gate-static.pc" \
        "$name/lib/pkgconfig/monetix_gate.pc" | sort)"
    [ "$listing" = "$expected" ] || fail "$archive: contents differ:
$(diff <(echo "$expected") <(echo "$listing") || true)"
    dir="$dir/$name"
    so="$dir/lib/libmonetix_gate.so.$VERSION"
    [ "$(readlink "$dir/lib/libmonetix_gate.so.0")" = "libmonetix_gate.so.$VERSION" ] &&
        [ "$(readlink "$dir/lib/libmonetix_gate.so")" = libmonetix_gate.so.0 ] || fail "$archive: symlinks"
    machine="$(machine_of "$target")"
    file -b "$so" | grep -q "^$(file_of "$target").*, stripped" ||
        fail "$archive: file(1) says '$(file -b "$so")', expected '$(file_of "$target") ..., stripped'"
    readelf -h "$so" | grep -qE "Machine: +$machine\$" || fail "$archive: the shared library is not $machine"
    # Every object of the static library is for the target.
    readelf -h "$dir/lib/libmonetix_gate.a" | sed -n 's/^ *Machine: *//p' | sort -u >"$WORK/machines-$target.txt"
    [ "$(cat "$WORK/machines-$target.txt")" = "$machine" ] ||
        fail "$archive: libmonetix_gate.a has objects for: $(tr '\n' ';' <"$WORK/machines-$target.txt")"
    [ "$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" = libmonetix_gate.so.0 ] || fail "$archive: SONAME"
    if readelf -S -W "$so" | grep -qE '\.(debug_|symtab)'; then fail "$archive: the shared library is not stripped"; fi
    if readelf -S -W "$dir/lib/libmonetix_gate.a" 2>/dev/null | grep -qE '\.(debug_|llvmbc)'; then
        fail "$archive: the static library has debug or bitcode sections"
    fi
    grep -q '^prefix=${pcfiledir}/../..$' "$dir/lib/pkgconfig/monetix_gate.pc" || fail "$archive: monetix_gate.pc is not relocatable"
    cmp -s include/monetix_gate.h "$dir/include/monetix_gate.h" || fail "$archive: header differs from include/monetix_gate.h"
    echo "ok: $(basename "$archive"): $(file -b "$so" | cut -d, -f1-3); SONAME libmonetix_gate.so.0; every object of the .a for $machine; stripped; relocatable .pc"

    # Consumers against the unpacked archive.
    if [ "$target" = "$HOST" ]; then
        bash tests/install/run.sh "$dir"
    else
        local gnu qemu
        gnu="$(gnu_of "$target")"
        case "$target" in armv7-*) qemu=qemu-arm ;; aarch64-*) qemu=qemu-aarch64 ;; esac
        if command -v "$qemu" >/dev/null && command -v "$gnu-gcc" >/dev/null && [ -d "/usr/$gnu" ]; then
            local kind flags
            for kind in static shared; do
                if [ "$kind" = static ]; then
                    # shellcheck disable=SC2046
                    flags=($(PKG_CONFIG_PATH="$dir/lib/pkgconfig" pkg-config --cflags --libs monetix_gate-static))
                else
                    # shellcheck disable=SC2046
                    flags=($(PKG_CONFIG_PATH="$dir/lib/pkgconfig" pkg-config --cflags --libs monetix_gate) -Wl,-rpath,"$dir/lib")
                fi
                "$gnu-gcc" -std=c99 -Wall -Wextra -Werror -pedantic tests/install/consumer.c "${flags[@]}" \
                    -o "$WORK/consumer-$target-$kind"
                "$qemu" -L "/usr/$gnu" "$WORK/consumer-$target-$kind" >"$WORK/consumer-$target-$kind.out" ||
                    { cat "$WORK/consumer-$target-$kind.out"; fail "$target: consumer ($kind) under $qemu"; }
                echo "consumer ($kind, pkg-config, $qemu): $(cat "$WORK/consumer-$target-$kind.out")"
            done
        else
            echo "(no $qemu or $gnu-gcc: the $target consumers are not run)"
        fi
    fi
}

build_archive() { # <target>
    local target="$1" name stage archive
    name="monetix_gate-$VERSION-$target"
    step "archive $name.tar.gz"
    if [ "$target" != "$HOST" ]; then
        local gnu
        gnu="$(gnu_of "$target")"
        apt_install "gcc-$gnu" "libc6-dev-$(case "$target" in armv7-*) echo armhf ;; aarch64-*) echo arm64 ;; esac)-cross"
        rustup target list --installed | grep -qx "$target" || rustup target add "$target"
    fi
    stage="$WORK/stage-$target"
    rm -rf "$stage"
    mkdir -p "$stage"
    bash scripts/install-c.sh --target "$target" --relocatable "$stage/$name"
    install -m 644 LICENSE-MIT LICENSE-APACHE "$stage/$name/"
    install -m 644 ffi-c/README.md "$stage/$name/README.md"
    archive="$OUT_DIR/$name.tar.gz"
    tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
        -cf - "$name" | gzip -n -9 >"$archive"
    check_archive "$target" "$archive"
}

# ---- the crate -------------------------------------------------------------------
crate_checks() {
    local dirty=() list root unexpected
    # `all` packages a clean commit; `crate` (the test command's check) the
    # checkout as it is.
    if [ "$ALLOW_DIRTY" = 1 ] || [ "$COMMAND" != all ]; then dirty=(--allow-dirty); fi
    step "cargo package -p monetix-gate: the file list"
    list="$(cargo package -p monetix-gate --locked --list "${dirty[@]}" 2>/dev/null)"
    echo "$list" | tr '\n' ' '
    echo
    # Only what the library needs: its sources, README, licences, the manifest.
    unexpected="$(echo "$list" | grep -vxE 'src/.*\.rs|README\.md|LICENSE-MIT|LICENSE-APACHE|Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|\.cargo_vcs_info\.json' || true)"
    [ -z "$unexpected" ] || fail "the crate would ship: $unexpected"
    for f in src/lib.rs README.md LICENSE-MIT LICENSE-APACHE; do
        grep -qx "$f" <<<"$list" || fail "the crate would not ship $f"
    done

    step "cargo package -p monetix-gate (builds the packaged crate)"
    cargo package -p monetix-gate --locked "${dirty[@]}"
    ls -l "$TARGET_DIR/package/monetix-gate-$VERSION.crate"

    step "cargo publish --dry-run -p monetix-gate"
    cargo publish --dry-run -p monetix-gate --locked "${dirty[@]}"

    step "cargo install --path cli (temporary root)"
    root="$(mktemp -d "${TMPDIR:-/tmp}/monetix-gate-cli.XXXXXX")"
    cargo install --path cli --locked --root "$root" --quiet
    [ -x "$root/bin/monetix-gate" ] || fail "cargo install did not install bin/monetix-gate"
    MONETIX_SECRET=secret "$root/bin/monetix-gate" payout cambodia examples/cambodia-request.json >"$WORK/cli-body.json"
    grep -q '"signature":"rjzKXvew/QBk8Ja8TzamTnJXMmECh9RvDzZqFI4s5CCZoHYd+yoUsXYOyG7uP+hXZSP+QHdutyagJZ7nQfxMlQ=="' \
        "$WORK/cli-body.json" || fail "the installed CLI did not sign the seed Cambodia payout as expected"
    echo "ok: $root/bin/monetix-gate ($(stat -c %s "$root/bin/monetix-gate") bytes) signs the seed Cambodia payout"
    rm -rf "$root"
}

case "$COMMAND" in
archives)
    for t in "${TARGETS[@]}"; do build_archive "$t"; done
    ;;
crate)
    crate_checks
    ;;
all)
    rm -f "$OUT_DIR"/monetix_gate-* "$OUT_DIR/SHA256SUMS"
    for t in "${ALL_TARGETS[@]}"; do build_archive "$t"; done
    bash scripts/build-wheels.sh --out "$OUT_DIR"
    crate_checks
    step "SHA256SUMS"
    (cd "$OUT_DIR" && sha256sum monetix_gate-* >SHA256SUMS && sha256sum -c SHA256SUMS)
    step "dist: $OUT_DIR"
    (cd "$OUT_DIR" && ls -l)
    ;;
esac
printf '\nrelease (%s): all passed\n' "$COMMAND"
