#!/usr/bin/env bash
# The C API on ARM Linux (payment terminals: Cortex-A7 / Cortex-A53), under
# qemu-user. For armv7-unknown-linux-gnueabihf and aarch64-unknown-linux-gnu:
#
#   1. installs what is missing (a warm machine skips this): the two rustup
#      targets; Debian's qemu-user, cross gcc and cross libc headers;
#   2. builds libmonetix_gate.{a,so} with the cross linker (release, the
#      shipped profile) in its own target directory and prints the tested
#      link line (`--print native-static-libs` for that target), which must
#      be the one ffi-c/README.md's "Tested targets" section gives;
#   3. compiles every C test of tests/c (as scripts/c-tests.sh does, less the
#      sanitizers and valgrind, which stay on x86_64; the panic test needs a
#      `test-panic` build and also runs) and ffi-c/examples/terminal.c with
#      the cross gcc, linked statically (libmonetix_gate.a) and dynamically
#      (libmonetix_gate.so), and runs each under qemu-arm / qemu-aarch64 with
#      the target's libc (-L /usr/<triple>); the shared vectors and forgeries
#      through tests/c/vectors.py;
#   4. measures every entry point's stack there as scripts/c-tests.sh does
#      on x86_64 (tests/c/stack_measure.c, painted stack, against the test
#      library without the wipe and against the shipped one) and checks with
#      tests/c/stack_check.py --upper-bound-only that each call's wipe, sized
#      on x86_64, covers the call's need on this target too, and that every
#      "Stack (x86_64): N KiB" figure of the header holds here (an upper
#      bound: the 2 KiB tightness check is x86_64's). Prints a table per target.
#
# Exits non-zero on the first failure. Outputs go to target/arm-tests/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TARGETS=(armv7-unknown-linux-gnueabihf aarch64-unknown-linux-gnu)
STRICT=(-std=c99 -Wall -Wextra -Werror -pedantic -g -O1 -Iinclude -Itests/c)

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\narm-tests: FAIL: %s\n' "$*" >&2; exit 1; }

gnu_of() { # rust target -> Debian's GNU triple (cross gcc prefix, libc under /usr/<triple>)
    case "$1" in
    armv7-unknown-linux-gnueabihf) echo arm-linux-gnueabihf ;;
    aarch64-unknown-linux-gnu) echo aarch64-linux-gnu ;;
    *) fail "unknown target $1" ;;
    esac
}
qemu_of() {
    case "$1" in
    armv7-*) echo qemu-arm ;;
    aarch64-*) echo qemu-aarch64 ;;
    esac
}

# ---- 1. installs (only what is missing) ---------------------------------------
apt_install() { # <package...>: installs the missing ones; `apt-get update` once
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    # `apt-get update` once: not again within the hour (e.g. after scripts/firmware-tests.sh).
    # (The lists' own mtimes cannot tell: apt gives them the server's dates.)
    local stamp="${TMPDIR:-/tmp}/monetix-gate-apt-update.stamp"
    if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
        "${sudo[@]}" apt-get update
        touch "$stamp"
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}
step "install what is missing"
apt_install qemu-user gcc-arm-linux-gnueabihf gcc-aarch64-linux-gnu \
    libc6-dev-armhf-cross libc6-dev-arm64-cross
INSTALLED_TARGETS="$(rustup target list --installed)"
for t in "${TARGETS[@]}"; do
    grep -qx "$t" <<<"$INSTALLED_TARGETS" || rustup target add "$t"
done
for tool in cargo python3 readelf qemu-arm qemu-aarch64 arm-linux-gnueabihf-gcc aarch64-linux-gnu-gcc; do
    command -v "$tool" >/dev/null || fail "required tool not found: $tool"
done
echo "ok"

TARGET_DIR="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
OUT="$TARGET_DIR/arm-tests"
# Its own cargo target directory: no wait on the host builds' lock, and the
# cross builds stay warm between runs.
CROSS_TARGET_DIR="$OUT/cargo"
mkdir -p "$OUT"

TESTS=()
for t in tests/c/*_test.c; do
    [ "$(basename "$t")" = "panic_test.c" ] || TESTS+=("$t")
done

# The link line ffi-c/README.md's "Tested targets" section gives for a target.
readme_libs() {
    python3 - "$1" <<'PY'
import re, sys
text = open("ffi-c/README.md", encoding="utf-8").read()
m = re.search(r"^## Tested targets\n(.*?)(?=^## |\Z)", text, re.S | re.M)
if m:
    for line in m.group(1).splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0] == sys.argv[1]:
            print(cells[3])
PY
}

for target in "${TARGETS[@]}"; do
    gnu="$(gnu_of "$target")"
    qemu=("$(qemu_of "$target")" -L "/usr/$gnu")
    cc="$gnu-gcc"
    o="$OUT/$target"
    libdir="$CROSS_TARGET_DIR/$target/release"
    mkdir -p "$o"
    upper="$(tr 'a-z-' 'A-Z_' <<<"$target")"
    export "CARGO_TARGET_${upper}_LINKER=$cc"

    # ---- 2. library and link line ------------------------------------------------
    step "$target: build libmonetix_gate (release, linker $cc)"
    cargo rustc -p monetix-gate-ffi --release --locked --lib --target "$target" \
        --target-dir "$CROSS_TARGET_DIR" -- --print native-static-libs 2>&1 | tee "$o/build.log"
    libs="$(sed -n 's/^note: native-static-libs: //p' "$o/build.log" | tail -n 1)"
    [ -n "$libs" ] || fail "$target: no native-static-libs line in the build output"
    [ -f "$libdir/libmonetix_gate.a" ] && [ -f "$libdir/libmonetix_gate.so" ] || fail "$target: libraries not built"
    echo "tested link line ($target), as the static terminal.c below is linked:"
    echo "  $cc -std=c99 -Iinclude ffi-c/examples/terminal.c $libdir/libmonetix_gate.a $libs -o terminal"
    documented="$(readme_libs "$target")"
    [ "$documented" = "$libs" ] ||
        fail "$target: native-static-libs is '$libs', ffi-c/README.md (Tested targets) says '$documented'"
    read -r -a link <<<"$libs"
    static_lib=("$libdir/libmonetix_gate.a" "${link[@]}")
    shared_lib=(-L"$libdir" -lmonetix_gate -Wl,-rpath,"$libdir")

    # ---- 3. C tests, static and dynamic -------------------------------------------
    step "$target: compile the C tests and terminal.c ($cc ${STRICT[*]})"
    programs=("${TESTS[@]}" tests/c/vectors_cli.c ffi-c/examples/terminal.c)
    for t in "${programs[@]}"; do
        "$cc" "${STRICT[@]}" -c "$t" -o "$o/$(basename "${t%.c}").o"
    done
    for kind in static dynamic; do
        step "$target: link ($kind: libmonetix_gate.$([ "$kind" = static ] && echo a || echo so)) and run under ${qemu[*]}"
        if [ "$kind" = static ]; then lib=("${static_lib[@]}"); else lib=("${shared_lib[@]}"); fi
        for t in "${programs[@]}"; do
            name="$(basename "${t%.c}")"
            "$cc" "$o/$name.o" "${lib[@]}" -o "$o/$name.$kind"
        done
        if [ "$kind" = dynamic ]; then
            # Make sure these really load the shared library.
            readelf -d "$o/engine_test.dynamic" | grep -q 'NEEDED.*libmonetix_gate.so' ||
                fail "$target: engine_test.dynamic does not load libmonetix_gate.so"
        fi
        for t in "${TESTS[@]}"; do
            "${qemu[@]}" "$o/$(basename "${t%.c}").$kind" || fail "$target ($kind): $t"
        done
        python3 tests/c/vectors.py -- "${qemu[@]}" "$o/vectors_cli.$kind" ||
            fail "$target ($kind): tests/c/vectors.py"
        "${qemu[@]}" "$o/terminal.$kind" >"$o/terminal.$kind.out" ||
            { cat "$o/terminal.$kind.out"; fail "$target ($kind): ffi-c/examples/terminal.c"; }
        echo "terminal ($kind): $(tail -n 1 "$o/terminal.$kind.out")"
    done

    # ---- the test library: panic boundary and stack need ----------------------------
    # One build with both test-only features, as in scripts/c-tests.sh
    # (test-panic: mnx__test_panic; measure-stack: no wipe after a call,
    # mnx__stack_wipe_take), in its own target directory: sharing the
    # shipped build's would rebuild the ffi crate (most of the build time)
    # twice on every run.
    test_lib="$OUT/test-target/$target/release/libmonetix_gate.a"
    step "$target: test library (--features test-panic,measure-stack, own target dir)"
    cargo build -p monetix-gate-ffi --release --locked --features test-panic,measure-stack --target "$target" \
        --target-dir "$OUT/test-target" --quiet

    step "$target: panic boundary (the test library)"
    "$cc" "${STRICT[@]}" tests/c/panic_test.c "$test_lib" "${link[@]}" -o "$o/panic_test"
    "${qemu[@]}" "$o/panic_test" 2>"$o/panic_test.stderr" || { cat "$o/panic_test.stderr" >&2; fail "$target: panic_test"; }
    grep -q 'deliberate panic' "$o/panic_test.stderr" || fail "$target: panic_test: the panic did not happen"

    # ---- 4. stack: each call's need and wipe here; the x86_64 figures as bounds --------
    step "$target: stack: the wipes sized on x86_64 cover each call here; the header's x86_64 figures hold here"
    # As scripts/c-tests.sh: against the test library each call's own need
    # and the wipe it asks for, against the shipped library what a call
    # takes with its wipe (-O2, no -g). Under qemu-arm, /proc/self/mem does
    # not show the guest's addresses; stack_measure.c then reads the painted
    # stack directly (and says so on stderr).
    "$cc" -std=c99 -Wall -Wextra -Werror -pedantic -O2 -Iinclude -DMEASURE_BUILD tests/c/stack_measure.c \
        "$test_lib" "${link[@]}" -o "$o/stack_measure.need"
    "$cc" -std=c99 -Wall -Wextra -Werror -pedantic -O2 -Iinclude tests/c/stack_measure.c "${static_lib[@]}" \
        -o "$o/stack_measure.shipped"
    "${qemu[@]}" "$o/stack_measure.need" >"$o/stack-need.txt" || fail "$target: stack_measure (test library)"
    "${qemu[@]}" "$o/stack_measure.shipped" >"$o/stack-shipped.txt" || fail "$target: stack_measure (shipped library)"
    echo "$target:"
    python3 tests/c/stack_check.py --upper-bound-only include/monetix_gate.h "$o/stack-need.txt" \
        "$o/stack-shipped.txt" ||
        fail "$target: stack (see above: a wipe that does not cover its call here, or an x86_64 figure exceeded here)"
done

printf '\narm-tests: all passed\n'
