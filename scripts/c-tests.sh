#!/usr/bin/env bash
# C API test command: from a fresh clone, on a machine with cargo,
# gcc, g++, valgrind, pkg-config and python3:
#
#   1. installs the pinned cbindgen if missing or of another version;
#   2. builds libmonetix_gate.{a,so} (release: panic=unwind, debug info) and
#      checks the `--print native-static-libs` link line;
#   3. regenerates the header and fails if include/monetix_gate.h differs
#      (MNX_UPDATE_HEADER=1 rewrites it instead); checks MNX_VERSION_* against
#      Cargo.toml; compiles the header alone as C99 and as C++;
#   4. builds every C test with -std=c99 -Wall -Wextra -Werror -pedantic and
#      runs it under AddressSanitizer + UndefinedBehaviorSanitizer (the shared
#      vectors through tests/c/vectors.py), then a non-sanitized build of the
#      same tests under valgrind --error-exitcode=1 --leak-check=full;
#   5. builds and runs a C++ translation unit; builds a test library
#      (`test-panic`, `measure-stack`) and runs the panic test against it;
#      measures every entry point's stack with a painted stack
#      (tests/c/stack_measure.c) against the test library (no wipe: the
#      call's own need, and the wipe it asks for) and the shipped one, and
#      checks that each wipe covers its call and that each "Stack (x86_64)"
#      figure in the header holds (tests/c/stack_check.py, on x86_64);
#   6. writes target/monetix_gate.pc, and builds and runs
#      ffi-c/examples/terminal.c both with the README's static link line and
#      through pkg-config (shared library); checks that the README's C quick
#      start is that file.
#
# Exits non-zero on the first failure. Outputs go to target/c-tests/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CBINDGEN_VERSION="0.29.4"
# `--print native-static-libs` on x86_64 Linux (rustls-ffi pins it the same way).
EXPECTED_NATIVE_LIBS_LINUX_X86_64="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
CC="${CC:-gcc}"
CXX="${CXX:-g++}"
STRICT=(-std=c99 -Wall -Wextra -Werror -pedantic -g -Iinclude -Itests/c)
SANITIZE=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
VALGRIND=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible)

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nc-tests: FAIL: %s\n' "$*" >&2; exit 1; }

for tool in cargo "$CC" "$CXX" valgrind pkg-config python3 nm diff; do
    command -v "$tool" >/dev/null || fail "required tool not found: $tool"
done

TARGET_DIR="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
OUT="$TARGET_DIR/c-tests"
LIBDIR="$TARGET_DIR/release"
mkdir -p "$OUT"

# ---- 1. pinned cbindgen -------------------------------------------------------
step "cbindgen $CBINDGEN_VERSION"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
CBINDGEN=""
for candidate in "$(command -v cbindgen || true)" "$CARGO_BIN/cbindgen"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] &&
        [ "$("$candidate" --version 2>/dev/null)" = "cbindgen $CBINDGEN_VERSION" ]; then
        CBINDGEN="$candidate"
        break
    fi
done
if [ -z "$CBINDGEN" ]; then
    cargo install cbindgen --version "$CBINDGEN_VERSION" --locked --force
    CBINDGEN="$CARGO_BIN/cbindgen"
    [ "$("$CBINDGEN" --version)" = "cbindgen $CBINDGEN_VERSION" ] || fail "could not install cbindgen $CBINDGEN_VERSION"
fi
echo "using $CBINDGEN"

# ---- 2. library + native-static-libs -----------------------------------------
step "build libmonetix_gate (release)"
# `cargo rustc` with `--print native-static-libs`; cargo replays the note when
# the build is fresh, so this works on every run.
cargo rustc -p monetix-gate-ffi --release --locked --lib -- --print native-static-libs 2>&1 |
    tee "$OUT/build.log"
NATIVE_LIBS="$(sed -n 's/^note: native-static-libs: //p' "$OUT/build.log" | tail -n 1)"
[ -n "$NATIVE_LIBS" ] || fail "no native-static-libs line in the build output"
[ -f "$LIBDIR/libmonetix_gate.a" ] && [ -f "$LIBDIR/libmonetix_gate.so" ] || fail "libraries not built"
HOST="$(rustc -vV | sed -n 's/^host: //p')"
echo "native-static-libs ($HOST): $NATIVE_LIBS"
if [ "$HOST" = "x86_64-unknown-linux-gnu" ] && [ "$NATIVE_LIBS" != "$EXPECTED_NATIVE_LIBS_LINUX_X86_64" ]; then
    fail "native-static-libs changed: '$NATIVE_LIBS' (README and monetix_gate.pc say '$EXPECTED_NATIVE_LIBS_LINUX_X86_64')"
fi
# (nm output goes to a file: `nm | grep -q` under pipefail fails on SIGPIPE.)
nm -g --defined-only "$LIBDIR/libmonetix_gate.a" >"$OUT/nm-lib.txt" 2>/dev/null || true
grep -q ' T mnx_sign$' "$OUT/nm-lib.txt" || fail "libmonetix_gate.a does not export mnx_sign"
if grep -q 'mnx__test_panic\|mnx__stack_wipe_take' "$OUT/nm-lib.txt"; then
    fail "the shipped library exports a test-only symbol (mnx__test_panic, mnx__stack_wipe_take)"
fi
read -r -a LINK <<<"$NATIVE_LIBS"
STATIC_LIB=("$LIBDIR/libmonetix_gate.a" "${LINK[@]}")

# ---- 3. header ------------------------------------------------------------------
step "header: regenerate with cbindgen $CBINDGEN_VERSION and compare"
"$CBINDGEN" --quiet --config ffi-c/cbindgen.toml --crate monetix-gate-ffi --output "$OUT/monetix_gate.h" ffi-c
if ! diff -u include/monetix_gate.h "$OUT/monetix_gate.h"; then
    if [ "${MNX_UPDATE_HEADER:-0}" = "1" ]; then
        cp "$OUT/monetix_gate.h" include/monetix_gate.h
        echo "include/monetix_gate.h updated"
    else
        fail "include/monetix_gate.h is not what cbindgen $CBINDGEN_VERSION generates (rerun with MNX_UPDATE_HEADER=1 and commit)"
    fi
fi

step "header: MNX_VERSION_* match Cargo.toml"
VERSION="$(cargo metadata --format-version 1 --no-deps --locked | python3 -c '
import json, sys
pkgs = json.load(sys.stdin)["packages"]
print(next(p["version"] for p in pkgs if p["name"] == "monetix-gate-ffi"))')"
IFS=. read -r V_MAJOR V_MINOR V_PATCH <<<"${VERSION%%[-+]*}"
for pair in "MAJOR $V_MAJOR" "MINOR $V_MINOR" "PATCH $V_PATCH"; do
    set -- $pair
    grep -qx "#define MNX_VERSION_$1 $2" include/monetix_gate.h ||
        fail "include/monetix_gate.h: MNX_VERSION_$1 is not $2 (Cargo.toml version $VERSION; edit after_includes in ffi-c/cbindgen.toml)"
done
echo "MNX_VERSION = $VERSION"

step "header: compiles alone as C99 and as C++"
"$CC" -x c -std=c99 -Wall -Wextra -Werror -pedantic -fsyntax-only include/monetix_gate.h
"$CXX" -x c++ -std=c++11 -Wall -Wextra -Werror -pedantic -fsyntax-only include/monetix_gate.h

# ---- 4. C tests: ASan + UBSan, then valgrind --------------------------------
TESTS=()
for t in tests/c/*_test.c; do
    [ "$(basename "$t")" = "panic_test.c" ] || TESTS+=("$t")
done

build_all() { # <suffix> <extra flags...>
    local suffix="$1"
    shift
    for t in "${TESTS[@]}" tests/c/vectors_cli.c; do
        "$CC" "${STRICT[@]}" "$@" "$t" "${STATIC_LIB[@]}" -o "$OUT/$(basename "${t%.c}")$suffix"
    done
}

step "C tests with AddressSanitizer + UndefinedBehaviorSanitizer"
build_all .asan "${SANITIZE[@]}"
# Make sure the sanitizers really are in the binaries (rustls-ffi does the same).
nm "$OUT/engine_test.asan" >"$OUT/nm-asan.txt"
grep -q '__asan_init' "$OUT/nm-asan.txt" || fail "AddressSanitizer not linked in"
grep -q '__ubsan_handle' "$OUT/nm-asan.txt" || fail "UndefinedBehaviorSanitizer not linked in"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
for t in "${TESTS[@]}"; do
    "$OUT/$(basename "${t%.c}").asan"
done
python3 tests/c/vectors.py -- "$OUT/vectors_cli.asan"

step "C tests under valgrind (no sanitizers)"
build_all .plain -O1
for t in "${TESTS[@]}"; do
    "${VALGRIND[@]}" "$OUT/$(basename "${t%.c}").plain"
done
python3 tests/c/vectors.py -- "${VALGRIND[@]}" "$OUT/vectors_cli.plain"

# ---- 5. C++ and the panic boundary --------------------------------------------
step "C++ translation unit"
"$CXX" -std=c++11 -Wall -Wextra -Werror -pedantic -g -Iinclude tests/c/cpp_smoke.cpp "${STATIC_LIB[@]}" -o "$OUT/cpp_smoke"
"$OUT/cpp_smoke"

step "test library (--features test-panic,measure-stack, own target dir)"
# The test-only features: mnx__test_panic (a panic inside the boundary) and
# measure-stack (no stack wipe after a call; mnx__stack_wipe_take gives the
# size each call asked for). Never shipped.
TEST_LIB="$OUT/test-target/release/libmonetix_gate.a"
cargo build -p monetix-gate-ffi --release --locked --features test-panic,measure-stack --target-dir "$OUT/test-target"

step "panic boundary (the test library)"
"$CC" "${STRICT[@]}" "${SANITIZE[@]}" tests/c/panic_test.c "$TEST_LIB" "${LINK[@]}" -o "$OUT/panic_test"
"$OUT/panic_test" 2>"$OUT/panic_test.stderr" || { cat "$OUT/panic_test.stderr" >&2; fail "panic_test"; }
grep -q 'deliberate panic' "$OUT/panic_test.stderr" || fail "panic_test: the panic did not happen"

step "stack: each entry point's need, its wipe, and the header's figures"
# Painted stack (tests/c/stack_measure.c, no sanitizers): against the test
# library each call's own need and the wipe it asks for, against the shipped
# library what a call takes with its wipe. The figures are x86_64's.
"$CC" -std=c99 -Wall -Wextra -Werror -pedantic -O2 -Iinclude -DMEASURE_BUILD tests/c/stack_measure.c "$TEST_LIB" \
    "${LINK[@]}" -o "$OUT/stack_measure.need"
"$CC" -std=c99 -Wall -Wextra -Werror -pedantic -O2 -Iinclude tests/c/stack_measure.c "${STATIC_LIB[@]}" \
    -o "$OUT/stack_measure.shipped"
"$OUT/stack_measure.need" >"$OUT/stack-need.txt" || fail "stack_measure (test library)"
"$OUT/stack_measure.shipped" >"$OUT/stack-shipped.txt" || fail "stack_measure (shipped library)"
if [ "$HOST" = "x86_64-unknown-linux-gnu" ]; then
    python3 tests/c/stack_check.py include/monetix_gate.h "$OUT/stack-need.txt" "$OUT/stack-shipped.txt" ||
        fail "stack figures (see above; the header's figures are x86_64's)"
else
    echo "measured on $HOST (target/c-tests/stack-*.txt); the header's figures are x86_64's: not checked here"
fi

# ---- 6. example, pkg-config, README quick start --------------------------------
step "pkg-config file: $TARGET_DIR/monetix_gate.pc"
cat >"$TARGET_DIR/monetix_gate.pc" <<PC
# Generated by scripts/c-tests.sh for this checkout's release build.
prefix=$ROOT
libdir=$LIBDIR
includedir=\${prefix}/include

Name: monetix_gate
Description: Monetix Gate request signing, payouts and callbacks (C API of monetix-gate)
Version: $VERSION
Cflags: -I\${includedir}
Libs: -L\${libdir} -lmonetix_gate
Libs.private: $NATIVE_LIBS
PC
cat "$TARGET_DIR/monetix_gate.pc"
PKG_LIBS="$(PKG_CONFIG_PATH="$TARGET_DIR" pkg-config --static --libs monetix_gate)"
case " $PKG_LIBS " in
*" -lmonetix_gate "*"-lgcc_s"*) ;;
*) fail "pkg-config --static --libs gives '$PKG_LIBS'" ;;
esac

step "example: ffi-c/examples/terminal.c (static, the README's link line)"
# The exact line of ffi-c/README.md, with paths relative to the checkout:
#   cc -std=c99 -Iinclude ffi-c/examples/terminal.c target/release/libmonetix_gate.a \
#      -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc -o terminal
"$CC" "${STRICT[@]}" "${SANITIZE[@]}" ffi-c/examples/terminal.c "${STATIC_LIB[@]}" -o "$OUT/terminal"
"$OUT/terminal"
"$CC" "${STRICT[@]}" -O1 ffi-c/examples/terminal.c "${STATIC_LIB[@]}" -o "$OUT/terminal.plain"
"${VALGRIND[@]}" "$OUT/terminal.plain" >/dev/null

step "example through pkg-config (shared library)"
# shellcheck disable=SC2046
"$CC" -std=c99 -Wall -Wextra -Werror -pedantic ffi-c/examples/terminal.c \
    $(PKG_CONFIG_PATH="$TARGET_DIR" pkg-config --cflags --libs monetix_gate) \
    -Wl,-rpath,"$LIBDIR" -o "$OUT/terminal.shared"
"$OUT/terminal.shared" >/dev/null

step "README C quick start is ffi-c/examples/terminal.c"
python3 - <<'PY'
import pathlib, re, sys
example = pathlib.Path("ffi-c/examples/terminal.c").read_text(encoding="utf-8")
marker = "<!-- c-quickstart: ffi-c/examples/terminal.c -->"
found = 0
for readme in ("ffi-c/README.md", "README.md"):
    p = pathlib.Path(readme)
    if not p.exists() or marker not in p.read_text(encoding="utf-8"):
        continue
    text = p.read_text(encoding="utf-8")
    m = re.search(re.escape(marker) + r"\s*```c\n(.*?)```", text, re.S)
    if not m or m.group(1) != example:
        sys.exit(f"{readme}: the C quick start differs from ffi-c/examples/terminal.c")
    found += 1
if not found:
    sys.exit("no README has the C quick start (marker " + marker + ")")
print(f"quick start matches in {found} README(s)")
PY

printf '\nc-tests: all passed\n'
