#!/usr/bin/env bash
# Fuzz targets, from a fresh clone:
#
#   1. always: `cargo check --manifest-path fuzz/Cargo.toml --locked` on the
#      default (stable) toolchain: the targets compile (libfuzzer-sys builds
#      its C++ part with the system compiler; no nightly needed to check),
#      and the unit tests of the fuzz crate's independent reference;
#   2. when a nightly toolchain is installed (`cargo +nightly --version`):
#      installs cargo-fuzz if missing (`cargo install cargo-fuzz --locked`),
#      writes the seed corpora (fuzz/seed-corpus.py: the shared vectors, the
#      examples, the seed documents), and runs every target for
#      FUZZ_SECONDS (default 30) seconds, two at a time (two cores). A crash,
#      a failed assertion (a mismatch), a timeout (10 s for one input) or
#      running out of memory makes this script fail; the input is left in
#      fuzz/artifacts/<target>/ and the log in fuzz/target/fuzz-logs/.
#      Without nightly the runs are skipped with a message (exit 0).
#
# FUZZ_TARGETS="a b" restricts the runs to those targets.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nfuzz: FAIL: %s\n' "$*" >&2; exit 1; }

SECONDS_PER_TARGET="${FUZZ_SECONDS:-30}"
ALL_TARGETS="canonical_sign verify callback ack payout differential natural_order"
TARGETS="${FUZZ_TARGETS:-$ALL_TARGETS}"

step "cargo check --manifest-path fuzz/Cargo.toml (stable), and the reference's own tests"
cargo check --manifest-path fuzz/Cargo.toml --locked --bins --lib
cargo test --manifest-path fuzz/Cargo.toml --locked --lib

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "SKIPPED: no nightly toolchain (cargo +nightly), so no fuzz runs; the targets compile."
    echo "Install one with: rustup toolchain install nightly"
    exit 0
fi
echo "nightly: $(cargo +nightly --version)"

step "cargo-fuzz"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
cargo fuzz --version

step "seed corpora"
python3 fuzz/seed-corpus.py

step "build the targets (nightly, AddressSanitizer)"
(cd fuzz && cargo +nightly fuzz build)

LOGS="fuzz/target/fuzz-logs"
mkdir -p "$LOGS"
run_target() { # <target>: runs it, prints one summary line, returns its status
    local t="$1" args=(-max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
    case "$t" in
    payout) ;;
    natural_order) args+=(-max_len=4096 -len_control=0) ;;
    *) args+=(-dict=json.dict -max_len=8192) ;;
    esac
    mkdir -p "fuzz/corpus/$t"
    local status=0
    (cd fuzz && cargo +nightly fuzz run "$t" "corpus/$t" -- "${args[@]}") >"$LOGS/$t.log" 2>&1 || status=$?
    local runs
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOGS/$t.log" | tail -n 1)"
    if [ "$status" -eq 0 ]; then
        printf '  %-16s ok      %s runs in %s s\n' "$t" "${runs:-?}" "$SECONDS_PER_TARGET"
    else
        printf '  %-16s FAILED  (exit %s) after %s runs: see %s and fuzz/artifacts/%s/\n' \
            "$t" "$status" "${runs:-?}" "$LOGS/$t.log" "$t"
        grep -m 5 -E 'panicked at|ERROR: libFuzzer|SUMMARY' "$LOGS/$t.log" | sed 's/^/      /' || true
    fi
    return "$status"
}

step "run each target for $SECONDS_PER_TARGET s, two at a time"
failed=0
set -- $TARGETS
while [ $# -gt 0 ]; do
    a="$1"
    shift
    if [ $# -gt 0 ]; then
        b="$1"
        shift
        run_target "$a" &
        pa=$!
        run_target "$b" &
        pb=$!
        wait "$pa" || failed=1
        wait "$pb" || failed=1
    else
        run_target "$a" || failed=1
    fi
done
[ "$failed" -eq 0 ] || fail "a fuzz target found a crash or a mismatch (see above)"
printf '\nfuzz: all targets ran clean\n'
