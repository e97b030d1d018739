#!/usr/bin/env bash
# Firmware test: monetix-gate on a Cortex-M4F (thumbv7em-none-eabihf) under
# QEMU's MPS2 AN386 board, no heap, panic = "abort", opt-level "z" + LTO.
#
#   1. installs what it needs when missing (a warm machine skips this):
#      `rustup target add thumbv7em-none-eabihf`, Debian's qemu-system-arm;
#   2. builds tests/firmware (its own workspace and target directory): the
#      test image and the four size images;
#   3. runs the test image: every shared vector of tests/vectors/signature.json
#      (embedded at build time), both seed payouts through the typed builders,
#      the seed callbacks through callback::parse_with_signer, and prints the
#      painted peak stack and the instruction count of every operation. It
#      exits non-zero (semihosting) on any mismatch, naming it;
#   4. runs the size images (each must exit 0) and prints their flash use,
#      text + rodata net of the empty image;
#   5. the size-optimised configuration (core without its `float` feature,
#      sha2's compact SHA-512): the no-panic image must link (a link-time
#      proof) and run, and the test image built that way runs every shared
#      vector again: the ones that need floats must be refused with
#      Error::FloatUnsupported (the ambiguity refusal first), every other one
#      passes as recorded; it prints its own stack and instruction table.
#
# docs/embedded.md explains the figures and how to reproduce each one.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=thumbv7em-none-eabihf
QEMU=(qemu-system-arm -M mps2-an386 -nographic -icount shift=0
    -semihosting-config enable=on,target=native)
# The test image runs in well under a second; a hang must not stall CI.
RUN_TIMEOUT=300

fail() { printf '\nfirmware-tests: FAIL: %s\n' "$*" >&2; exit 1; }

# ---- 1. installs (only what is missing) ---------------------------------------
apt_install() { # <package...>: installs the missing ones; `apt-get update` once
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    # `apt-get update` once: not again within the hour (e.g. after scripts/arm-tests.sh).
    # (The lists' own mtimes cannot tell: apt gives them the server's dates.)
    local stamp="${TMPDIR:-/tmp}/monetix-gate-apt-update.stamp"
    if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
        "${sudo[@]}" apt-get update
        touch "$stamp"
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}
apt_install qemu-system-arm
rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"
for tool in cargo qemu-system-arm size timeout; do
    command -v "$tool" >/dev/null || fail "required tool not found: $tool"
done

# ---- 2. build ---------------------------------------------------------------------
# From inside tests/firmware so that its .cargo/config.toml (target) applies.
# Not --locked: tests/firmware/Cargo.lock is committed, but a change to core's
# dependencies must not fail this test; cargo adds or drops only what changed,
# and the note below says to commit the lock.
(cd tests/firmware && cargo build --release --bins)
if command -v git >/dev/null && ! git diff --quiet -- tests/firmware/Cargo.lock 2>/dev/null; then
    echo "note: tests/firmware/Cargo.lock changed with core's dependencies; commit it"
fi
OUT=tests/firmware/target/$TARGET/release

# ---- 3. the test image -----------------------------------------------------------
echo "$ ${QEMU[*]} -kernel $OUT/firmware-test"
timeout "$RUN_TIMEOUT" "${QEMU[@]}" -kernel "$OUT/firmware-test" ||
    fail "firmware-test exited with $? (mismatches are listed above as FAIL lines)"

# ---- 4. the size images -------------------------------------------------------------
flash() { # text + rodata of an image
    size -A "$1" | awk '$1 == ".text" || $1 == ".rodata" { s += $2 } END { print s }'
}
base=$(flash "$OUT/size-empty")
echo
echo "flash (text + rodata, opt-level z, LTO, panic=abort), net of size-empty ($base bytes):"
for image in size-empty size-sign size-sign-verify size-full; do
    timeout "$RUN_TIMEOUT" "${QEMU[@]}" -kernel "$OUT/$image" || fail "$image exited with $?"
    n=$(flash "$OUT/$image")
    printf '  %-18s %7d bytes  (+%d)\n' "$image" "$n" $((n - base))
done

# ---- 5. the size-optimised configuration: no panic path, the vectors without float --
# Core without `float`, sha2's compact backend, one build for both images. The
# no-panic image's panic handler calls a function nobody defines, so its link
# fails if the optimiser kept any panic call in signing and verifying.
echo
echo "size-optimised configuration (core without float, compact SHA-512)"
NF=tests/firmware/target/no-float-compact/$TARGET/release
(cd tests/firmware &&
    RUSTFLAGS='--cfg sha2_backend_soft="compact"' cargo build --release --bin no-panic --bin firmware-test \
        --no-default-features --features panic-proof --target-dir target/no-float-compact) ||
    fail "building the size-optimised images (a link error naming monetix_gate_a_panic_path_remains: a panic path remains in signing or verification)"
timeout "$RUN_TIMEOUT" "${QEMU[@]}" -kernel "$NF/no-panic" || fail "no-panic exited with $?"
echo "  no-panic: linked and ran: no panic path in signing and verification"
echo "$ ${QEMU[*]} -kernel $NF/firmware-test"
timeout "$RUN_TIMEOUT" "${QEMU[@]}" -kernel "$NF/firmware-test" ||
    fail "firmware-test without float exited with $? (mismatches are listed above as FAIL lines)"
printf '\nfirmware-tests: all passed\n'
