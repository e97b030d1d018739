#!/usr/bin/env bash
# The figures of docs/embedded.md, from this checkout:
#
#   - flash (text + rodata) of the size images, net of the empty image, at
#     opt-level "z" + fat LTO + panic = "abort" (the release profile), with
#     sha2's default (unrolled) software SHA-512 and with its compact one
#     (RUSTFLAGS='--cfg sha2_backend_soft="compact"'), at opt-level "s", and
#     without core's `float` feature (--no-default-features), alone and
#     with the compact SHA-512;
#   - flash by symbol group (approximate: LTO inlines across groups);
#   - the firmware test's table (painted peak stack, instructions per call
#     under -icount shift=0) for each of those builds;
#   - the panic call sites that survive in the full size image, and where
#     they come from.
#
# Run scripts/firmware-tests.sh and scripts/arm-tests.sh once first (they
# install qemu-system-arm and the ARM binutils analyse.py uses). Each build
# variant has its own target directory under tests/firmware/target/.
# Takes a few minutes (five LTO builds of four or five images each).
set -euo pipefail
cd "$(dirname "$0")"

QEMU=(qemu-system-arm -M mps2-an386 -nographic -icount shift=0
    -semihosting-config enable=on,target=native)
TARGET=thumbv7em-none-eabihf
IMAGES=(size-empty size-sign size-sign-verify size-full)

flash() { size -A "$1" | awk '$1 == ".text" || $1 == ".rodata" { s += $2 } END { print s }'; }

variant() { # <name> <target dir> [env assignments...]: build, sizes, test table
    local name="$1" dir="$2"
    shift 2
    printf '\n======== %s\n' "$name"
    # shellcheck disable=SC2086 # CARGO_ARGS: words
    env "$@" cargo build --release --bins --quiet --target-dir "$dir" ${CARGO_ARGS:-}
    local out="$dir/$TARGET/release" base
    base=$(flash "$out/size-empty")
    python3 analyse.py sections "${IMAGES[@]/#/$out/}"
    echo "net of size-empty (text + rodata):"
    for image in "${IMAGES[@]}"; do
        printf '  %-18s %7d\n' "$image" $(($(flash "$out/$image") - base))
    done
    for image in "${IMAGES[@]}"; do
        "${QEMU[@]}" -kernel "$out/$image" || { echo "$image failed" >&2; exit 1; }
    done
    if [ -f "$out/firmware-test" ]; then
        "${QEMU[@]}" -kernel "$out/firmware-test" | sed -n '/^per operation/,$p'
    fi
}

echo "rustc: $(rustc -vV | sed -n 's/^release: //p'); commit: ${MEASURED_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo "?")}"
variant 'opt-level "z", LTO, panic=abort (the release profile)' target
variant 'the same with sha2_backend_soft="compact"' target/sha2-compact \
    RUSTFLAGS='--cfg sha2_backend_soft="compact"'
variant 'opt-level "s" instead of "z"' target/opt-s CARGO_PROFILE_RELEASE_OPT_LEVEL=s
# Without core's `float` feature (numbers with a fraction or an exponent are
# refused): the size images and the test image (the vectors that need floats
# refused), each run (the seed bodies are integers).
CARGO_ARGS=--no-default-features variant 'without floating point (--no-default-features)' target/no-float
CARGO_ARGS=--no-default-features variant 'without floating point, compact SHA-512' target/no-float-compact \
    RUSTFLAGS='--cfg sha2_backend_soft="compact"'

printf '\n======== flash by symbol group, opt-level "z"\n'
R=target/$TARGET/release
python3 analyse.py symbols "$R/size-sign" "$R/size-empty"
python3 analyse.py symbols "$R/size-full" "$R/size-empty"
printf '\n======== the same, compact SHA-512\n'
python3 analyse.py symbols "target/sha2-compact/$TARGET/release/size-sign" "target/sha2-compact/$TARGET/release/size-empty"

printf '\n======== panic call sites, opt-level "z"\n'
python3 analyse.py panics "$R/size-full"
python3 analyse.py panics "$R/size-sign" | sed -n 1p
python3 analyse.py panics "$R/size-sign-verify" | sed -n 1p
printf '\n======== panic call sites, without floating point\n'
NF=target/no-float/$TARGET/release
python3 analyse.py panics "$NF/size-full"
python3 analyse.py panics "$NF/size-sign" | sed -n 1p
python3 analyse.py symbols "$NF/size-sign" "$NF/size-empty"
