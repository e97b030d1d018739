#!/usr/bin/env bash
# The installed C library as a consumer sees it:
#
#   1. installs cmake if missing (Debian's package);
#   2. installs the library with scripts/install-c.sh into a temporary
#      prefix (or, given a PREFIX, tests that one: scripts/release.sh passes
#      an unpacked release archive);
#   3. checks the layout: header, static library, the versioned shared
#      library with its SONAME and symlinks, both .pc files, the CMake
#      package files, no debug sections;
#   4. builds tests/install/consumer.c through CMake (find_package, targets
#      monetix_gate::monetix_gate = static and monetix_gate::shared) and
#      through pkg-config (monetix_gate-static.pc and monetix_gate.pc), each
#      linked statically and dynamically with -std=c99 -Wall -Wextra -Werror
#      -pedantic, checks with readelf which ones load libmonetix_gate.so.0,
#      and runs all four: each signs the seed Cambodia payout request with
#      the secret "secret", compares the signature with the known one and
#      verifies the body.
#
# Usage: bash tests/install/run.sh [PREFIX]
# Exits non-zero on the first failure. Outputs go to target/install-test/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ninstall-test: FAIL: %s\n' "$*" >&2; exit 1; }

CC="${CC:-cc}"
CFLAGS_STRICT="-std=c99 -Wall -Wextra -Werror -pedantic"
SONAME=libmonetix_gate.so.0

# ---- 1. cmake ------------------------------------------------------------------
if ! command -v cmake >/dev/null; then
    step "install cmake (Debian)"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    # Package lists fetched in the last hour (e.g. by scripts/arm-tests.sh) are reused.
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | head -n 1)" ]; then
        "${sudo[@]}" apt-get update
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends cmake
fi
for tool in cmake "$CC" pkg-config readelf python3 cargo; do
    command -v "$tool" >/dev/null || fail "required tool not found: $tool"
done
cmake --version | head -n 1

TARGET_DIR="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
OUT="$TARGET_DIR/install-test"
rm -rf "$OUT"
mkdir -p "$OUT"

# ---- 2. install ----------------------------------------------------------------
if [ $# -ge 1 ]; then
    PREFIX="$(cd "$1" && pwd)"
    step "testing the installed prefix $PREFIX"
else
    PREFIX="$(mktemp -d "${TMPDIR:-/tmp}/monetix-gate-prefix.XXXXXX")"
    trap 'rm -rf "$PREFIX"' EXIT
    step "scripts/install-c.sh $PREFIX"
    bash scripts/install-c.sh "$PREFIX"
fi
VERSION="$(PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" pkg-config --modversion monetix_gate)"
REALNAME="libmonetix_gate.so.$VERSION"

# ---- 3. layout -----------------------------------------------------------------
step "layout of $PREFIX"
for f in include/monetix_gate.h lib/libmonetix_gate.a "lib/$REALNAME" lib/pkgconfig/monetix_gate.pc \
    lib/pkgconfig/monetix_gate-static.pc lib/cmake/monetix_gate/monetix_gateConfig.cmake \
    lib/cmake/monetix_gate/monetix_gateConfigVersion.cmake; do
    [ -f "$PREFIX/$f" ] && [ ! -L "$PREFIX/$f" ] || fail "$f missing (or a symlink)"
done
cmp -s include/monetix_gate.h "$PREFIX/include/monetix_gate.h" || fail "installed header differs from include/monetix_gate.h"
[ "$(readlink "$PREFIX/lib/$SONAME")" = "$REALNAME" ] || fail "lib/$SONAME does not point to $REALNAME"
[ "$(readlink "$PREFIX/lib/libmonetix_gate.so")" = "$SONAME" ] || fail "lib/libmonetix_gate.so does not point to $SONAME"
soname="$(readelf -d "$PREFIX/lib/$REALNAME" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
[ "$soname" = "$SONAME" ] || fail "$REALNAME has SONAME '$soname', not $SONAME"
readelf -S -W "$PREFIX/lib/$REALNAME" >"$OUT/so-sections.txt"
if grep -qE '\.(debug_|llvmbc|symtab)' "$OUT/so-sections.txt"; then
    fail "$REALNAME is not stripped: $(grep -oE '\.(debug_[a-z_]+|llvmbc|symtab)' "$OUT/so-sections.txt" | sort -u | tr '\n' ' ')"
fi
readelf -S -W "$PREFIX/lib/libmonetix_gate.a" >"$OUT/a-sections.txt" 2>/dev/null
if grep -qE '\.(debug_|llvmbc)' "$OUT/a-sections.txt"; then
    fail "libmonetix_gate.a has debug or bitcode sections: $(grep -oE '\.(debug_[a-z_]+|llvmbc)' "$OUT/a-sections.txt" | sort -u | tr '\n' ' ')"
fi
for pc in monetix_gate monetix_gate-static; do
    PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" pkg-config --validate "$pc" || fail "$pc.pc does not validate"
done
echo "ok: $SONAME -> $REALNAME (SONAME $soname), libmonetix_gate.a, header, two .pc files, CMake package; stripped"

# The consumers run with a clean environment: nothing but the rpath and the
# static link can find the library.
check_run() { # <program> <static|dynamic>
    local prog="$1" kind="$2"
    readelf -d "$prog" >"$prog.dynamic.txt"
    if [ "$kind" = dynamic ]; then
        grep -q "NEEDED.*\[$SONAME\]" "$prog.dynamic.txt" || fail "$(basename "$prog") does not load $SONAME"
    elif grep -q 'NEEDED.*libmonetix_gate' "$prog.dynamic.txt"; then
        fail "$(basename "$prog") (static) loads libmonetix_gate"
    fi
    env -u LD_LIBRARY_PATH "$prog" >"$prog.out" || { cat "$prog.out"; fail "$(basename "$prog") failed"; }
    echo "$(basename "$prog") ($kind): $(cat "$prog.out")"
}

# ---- 4a. CMake -----------------------------------------------------------------
step "CMake consumer: find_package(monetix_gate 0.1), monetix_gate::monetix_gate (static) and monetix_gate::shared"
cmake -S tests/install/cmake -B "$OUT/cmake" -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_C_COMPILER="$CC" \
    -DCMAKE_C_FLAGS="$CFLAGS_STRICT" -DCMAKE_BUILD_TYPE=Release >"$OUT/cmake-configure.log" ||
    { cat "$OUT/cmake-configure.log"; fail "cmake configure"; }
grep 'monetix_gate' "$OUT/cmake-configure.log" || true
cmake --build "$OUT/cmake" >"$OUT/cmake-build.log" 2>&1 || { cat "$OUT/cmake-build.log"; fail "cmake build"; }
check_run "$OUT/cmake/consumer_static" static
check_run "$OUT/cmake/consumer_shared" dynamic
# The version file: what find_package(monetix_gate X) would accept.
cat >"$OUT/version-check.cmake" <<'CMAKE'
function(check request bits expected)
  set(CMAKE_SIZEOF_VOID_P ${bits})
  set(PACKAGE_FIND_VERSION "${request}")
  string(REGEX MATCHALL "[0-9]+" parts "${request}.0.0")
  list(GET parts 0 PACKAGE_FIND_VERSION_MAJOR)
  list(GET parts 1 PACKAGE_FIND_VERSION_MINOR)
  include("${file}")
  if(PACKAGE_VERSION_UNSUITABLE)
    set(PACKAGE_VERSION_COMPATIBLE FALSE)
  endif()
  if(NOT "${PACKAGE_VERSION_COMPATIBLE}" STREQUAL "${expected}")
    message(FATAL_ERROR "find_package(monetix_gate ${request}), ${bits}-byte pointers: compatible=${PACKAGE_VERSION_COMPATIBLE}, expected ${expected}")
  endif()
endfunction()
check("" ${bits} TRUE)
check("0.1" ${bits} TRUE)
check("${version}" ${bits} TRUE)
check("0.2" ${bits} FALSE)
check("1.0" ${bits} FALSE)
check("0.1" ${other_bits} FALSE)
CMAKE
cmake -Dfile="$PREFIX/lib/cmake/monetix_gate/monetix_gateConfigVersion.cmake" -Dversion="$VERSION" \
    -Dbits=8 -Dother_bits=4 -P "$OUT/version-check.cmake" || fail "CMake version file"
echo "CMake version file: any, 0.1 and $VERSION accepted; 0.2, 1.0 and 32-bit refused"

# ---- 4b. pkg-config ------------------------------------------------------------
step "pkg-config consumer: monetix_gate-static (static) and monetix_gate (shared)"
export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
# shellcheck disable=SC2046
"$CC" $CFLAGS_STRICT tests/install/consumer.c $(pkg-config --cflags --libs monetix_gate-static) \
    -o "$OUT/pkgconfig_static"
# shellcheck disable=SC2046
"$CC" $CFLAGS_STRICT tests/install/consumer.c $(pkg-config --cflags --libs monetix_gate) \
    -Wl,-rpath,"$(pkg-config --variable=libdir monetix_gate)" -o "$OUT/pkgconfig_shared"
check_run "$OUT/pkgconfig_static" static
check_run "$OUT/pkgconfig_shared" dynamic

printf '\ninstall-test: all passed\n'
