#!/usr/bin/env bash
# Installs the C library into a prefix, in the layout C and C++ build systems
# look for (the layout cargo-c produces):
#
#   PREFIX/include/monetix_gate.h
#   PREFIX/lib/libmonetix_gate.a
#   PREFIX/lib/libmonetix_gate.so.0.1.0        (SONAME libmonetix_gate.so.0)
#   PREFIX/lib/libmonetix_gate.so.0 -> libmonetix_gate.so.0.1.0
#   PREFIX/lib/libmonetix_gate.so   -> libmonetix_gate.so.0
#   PREFIX/lib/pkgconfig/monetix_gate.pc         (shared; --static adds the system libraries)
#   PREFIX/lib/pkgconfig/monetix_gate-static.pc  (links libmonetix_gate.a and its system libraries)
#   PREFIX/lib/cmake/monetix_gate/monetix_gateConfig.cmake
#   PREFIX/lib/cmake/monetix_gate/monetix_gateConfigVersion.cmake
#
# Usage: bash scripts/install-c.sh [--target TRIPLE] [--relocatable] PREFIX
#
#   --target TRIPLE  cross-build for TRIPLE (armv7-unknown-linux-gnueabihf,
#                    aarch64-unknown-linux-gnu: Debian's cross gcc as linker,
#                    as scripts/arm-tests.sh does); default: the host.
#   --relocatable    the .pc files locate the prefix from their own place
#                    (${pcfiledir}) instead of naming PREFIX, for an archive
#                    unpacked anywhere. The CMake files always do.
#
# The library is built with the release profile (no debug info, panic=unwind)
# and the soname as a link argument of the ffi crate only (`cargo rustc --
# -C link-arg=-Wl,-soname,...`), in its own cargo target directory
# (target/install-c: the checkout's target/release keeps its own build). The
# installed libraries are stripped (the archive of its debug sections and
# the standard library's embedded LLVM bitcode, the shared library of
# everything the dynamic linker does not need).
#
# The soname's number is the C ABI's version (SOVERSION below), raised when
# the ABI breaks; the file name carries the package version.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SOVERSION=0

fail() { printf '\ninstall-c: FAIL: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '15,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

TARGET=""
RELOCATABLE=0
PREFIX=""
while [ $# -gt 0 ]; do
    case "$1" in
    --target) [ $# -ge 2 ] || usage; TARGET="$2"; shift 2 ;;
    --target=*) TARGET="${1#--target=}"; shift ;;
    --relocatable) RELOCATABLE=1; shift ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) [ -z "$PREFIX" ] || usage; PREFIX="$1"; shift ;;
    esac
done
[ -n "$PREFIX" ] || usage

HOST="$(rustc -vV | sed -n 's/^host: //p')"
TARGET="${TARGET:-$HOST}"
case "$TARGET" in
x86_64-unknown-linux-gnu) GNU=x86_64-linux-gnu; POINTER_SIZE=8 ;;
armv7-unknown-linux-gnueabihf) GNU=arm-linux-gnueabihf; POINTER_SIZE=4 ;;
aarch64-unknown-linux-gnu) GNU=aarch64-linux-gnu; POINTER_SIZE=8 ;;
*) fail "unsupported target $TARGET (x86_64-unknown-linux-gnu, armv7-unknown-linux-gnueabihf, aarch64-unknown-linux-gnu)" ;;
esac
if [ "$TARGET" = "$HOST" ]; then
    STRIP=strip
else
    # Debian's cross toolchain (gcc-<triple> brings binutils-<triple>).
    export "CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$TARGET")_LINKER=$GNU-gcc"
    STRIP="$GNU-strip"
fi
for tool in cargo rustc python3 readelf "$STRIP"; do
    command -v "$tool" >/dev/null || fail "required tool not found: $tool"
done

METADATA="$(cargo metadata --format-version 1 --no-deps --locked)"
VERSION="$(python3 -c '
import json, sys
m = json.load(sys.stdin)
print(next(p["version"] for p in m["packages"] if p["name"] == "monetix-gate-ffi"))' <<<"$METADATA")"
TARGET_DIR="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' <<<"$METADATA")"
CARGO_DIR="$TARGET_DIR/install-c"
LIBDIR="$CARGO_DIR/$TARGET/release"
SONAME="libmonetix_gate.so.$SOVERSION"
REALNAME="libmonetix_gate.so.$VERSION"

mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"
echo "installing libmonetix_gate $VERSION ($TARGET) into $PREFIX"

# ---- build ---------------------------------------------------------------------
mkdir -p "$CARGO_DIR"
cargo rustc -p monetix-gate-ffi --release --locked --lib --target "$TARGET" --target-dir "$CARGO_DIR" \
    -- -C "link-arg=-Wl,-soname,$SONAME" --print native-static-libs 2>&1 | tee "$CARGO_DIR/build-$TARGET.log"
NATIVE_LIBS="$(sed -n 's/^note: native-static-libs: //p' "$CARGO_DIR/build-$TARGET.log" | tail -n 1)"
[ -n "$NATIVE_LIBS" ] || fail "no native-static-libs line in the build output"
[ -f "$LIBDIR/libmonetix_gate.a" ] && [ -f "$LIBDIR/libmonetix_gate.so" ] || fail "libraries not built in $LIBDIR"
built_soname="$(readelf -d "$LIBDIR/libmonetix_gate.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
[ "$built_soname" = "$SONAME" ] || fail "libmonetix_gate.so has SONAME '$built_soname', not $SONAME"

# ---- install -------------------------------------------------------------------
LIB="$PREFIX/lib"
install -d "$PREFIX/include" "$LIB/pkgconfig" "$LIB/cmake/monetix_gate"
install -m 644 include/monetix_gate.h "$PREFIX/include/monetix_gate.h"
install -m 644 "$LIBDIR/libmonetix_gate.a" "$LIB/libmonetix_gate.a"
install -m 755 "$LIBDIR/libmonetix_gate.so" "$LIB/$REALNAME"
# (and of the LLVM bitcode rustc embeds in the standard library's objects:
# only rustc's own LTO reads it, never a C linker)
"$STRIP" --strip-debug --remove-section=.llvmbc --remove-section=.llvmcmd "$LIB/libmonetix_gate.a"
"$STRIP" --strip-unneeded "$LIB/$REALNAME"
ln -sfn "$REALNAME" "$LIB/$SONAME"
ln -sfn "$SONAME" "$LIB/libmonetix_gate.so"

if [ "$RELOCATABLE" = 1 ]; then
    PC_PREFIX='${pcfiledir}/../..'
else
    PC_PREFIX="$PREFIX"
fi
DESCRIPTION="Monetix Gate request signing, payouts and callbacks (C API of monetix-gate)"
cat >"$LIB/pkgconfig/monetix_gate.pc" <<PC
prefix=$PC_PREFIX
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: monetix_gate
Description: $DESCRIPTION
Version: $VERSION
Cflags: -I\${includedir}
Libs: -L\${libdir} -lmonetix_gate
Libs.private: $NATIVE_LIBS
PC
cat >"$LIB/pkgconfig/monetix_gate-static.pc" <<PC
prefix=$PC_PREFIX
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: monetix_gate-static
Description: $DESCRIPTION, static library
Version: $VERSION
Cflags: -I\${includedir}
Libs: \${libdir}/libmonetix_gate.a $NATIVE_LIBS
PC

CMAKE_LIBS="$(tr -s ' ' ';' <<<"$NATIVE_LIBS")"
cat >"$LIB/cmake/monetix_gate/monetix_gateConfig.cmake" <<CMAKE
# CMake package of libmonetix_gate $VERSION ($TARGET), written by
# scripts/install-c.sh. Relocatable: the prefix is found from this file.
#
#   find_package(monetix_gate 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE monetix_gate::monetix_gate)  # static (terminals)
#   target_link_libraries(app PRIVATE monetix_gate::shared)        # $SONAME
#
# monetix_gate::static is the static library by its own name;
# monetix_gate::monetix_gate links it.
get_filename_component(_monetix_gate_prefix "\${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(monetix_gate_INCLUDE_DIRS "\${_monetix_gate_prefix}/include")
# The system libraries a static link needs (--print native-static-libs).
set(monetix_gate_STATIC_LINK_LIBRARIES "$CMAKE_LIBS")

if(NOT TARGET monetix_gate::static)
  add_library(monetix_gate::static STATIC IMPORTED)
  set_target_properties(monetix_gate::static PROPERTIES
    IMPORTED_LOCATION "\${_monetix_gate_prefix}/lib/libmonetix_gate.a"
    IMPORTED_LINK_INTERFACE_LANGUAGES "C"
    INTERFACE_INCLUDE_DIRECTORIES "\${monetix_gate_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "\${monetix_gate_STATIC_LINK_LIBRARIES}")
endif()
if(NOT TARGET monetix_gate::shared)
  add_library(monetix_gate::shared SHARED IMPORTED)
  set_target_properties(monetix_gate::shared PROPERTIES
    IMPORTED_LOCATION "\${_monetix_gate_prefix}/lib/$REALNAME"
    IMPORTED_SONAME "$SONAME"
    INTERFACE_INCLUDE_DIRECTORIES "\${monetix_gate_INCLUDE_DIRS}")
endif()
if(NOT TARGET monetix_gate::monetix_gate)
  add_library(monetix_gate::monetix_gate INTERFACE IMPORTED)
  set_target_properties(monetix_gate::monetix_gate PROPERTIES
    INTERFACE_LINK_LIBRARIES monetix_gate::static)
endif()

foreach(_monetix_gate_file "\${monetix_gate_INCLUDE_DIRS}/monetix_gate.h"
        "\${_monetix_gate_prefix}/lib/libmonetix_gate.a" "\${_monetix_gate_prefix}/lib/$REALNAME")
  if(NOT EXISTS "\${_monetix_gate_file}")
    set(monetix_gate_FOUND FALSE)
    set(monetix_gate_NOT_FOUND_MESSAGE "\${_monetix_gate_file} is missing")
  endif()
endforeach()
unset(_monetix_gate_file)
unset(_monetix_gate_prefix)
CMAKE

cat >"$LIB/cmake/monetix_gate/monetix_gateConfigVersion.cmake" <<CMAKE
# Version of the monetix_gate CMake package, written by scripts/install-c.sh.
# Compatible: the same major version, and while the major is 0 the same minor
# too (a 0.x minor release may break the API, as in Cargo's rules). A build for
# another pointer size ($TARGET: $((POINTER_SIZE * 8))-bit) is unsuitable.
set(PACKAGE_VERSION "$VERSION")
if(NOT PACKAGE_FIND_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
elseif(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
elseif(NOT PACKAGE_FIND_VERSION_MAJOR EQUAL $(cut -d. -f1 <<<"$VERSION"))
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
elseif(PACKAGE_FIND_VERSION_MAJOR EQUAL 0 AND NOT PACKAGE_FIND_VERSION_MINOR EQUAL $(cut -d. -f2 <<<"$VERSION"))
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
if(CMAKE_SIZEOF_VOID_P AND NOT CMAKE_SIZEOF_VOID_P STREQUAL "$POINTER_SIZE")
  math(EXPR _monetix_gate_bits "$POINTER_SIZE * 8")
  set(PACKAGE_VERSION "\${PACKAGE_VERSION} (\${_monetix_gate_bits}-bit)")
  set(PACKAGE_VERSION_UNSUITABLE TRUE)
  unset(_monetix_gate_bits)
endif()
CMAKE

echo "installed:"
(cd "$PREFIX" && find include lib -path 'lib/*' -o -path 'include/*' | sort | while read -r f; do
    if [ -L "$f" ]; then echo "  $f -> $(readlink "$f")"; elif [ -f "$f" ]; then echo "  $f ($(stat -c %s "$f") bytes)"; fi
done)
