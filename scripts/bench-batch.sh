#!/usr/bin/env bash
# Throughput of `monetix-gate batch`: rows read, validated and signed per
# second, on one core (the command is single-threaded).
#
# Usage: bash scripts/bench-batch.sh [ROWS]     (default 100000)
#
# Generates ROWS valid Banks of Cambodia payouts (distinct payment IDs,
# amounts in minor units, one extra parameter) into target/bench-batch/,
# builds the release binary, then times `batch cambodia FILE > /dev/null`
# three times and prints the best run: wall time, CPU time (user + sys) and
# rows per second of CPU time. Nothing here is a test; the figure goes in
# BENCHMARKS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROWS="${1:-100000}"
case "$ROWS" in ''|*[!0-9]*) echo "ROWS must be a number" >&2; exit 2 ;; esac

cargo build --release -p monetix-gate-cli --locked >/dev/null
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
BIN="$TARGET_DIR/release/monetix-gate"
OUT="$TARGET_DIR/bench-batch"
mkdir -p "$OUT"
CSV="$OUT/payouts-$ROWS.csv"

python3 - "$ROWS" "$CSV" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
banks = [60891, 61011, 61021]  # the Cambodia bank table
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("general.project_id,general.payment_id,customer.id,customer.ip_address,customer.email,"
            "customer.phone,account.number,account.bank_id,account.customer_name,payment.amount,"
            "payment.currency,payment.description,extras.customer.country\n")
    for i in range(rows):
        f.write(f"1234,bench_{i:07d},customer_{i % 5000},198.51.100.{i % 250 + 1},"
                f"payee{i % 5000}@example.com,{85510000000 + i % 1000000},{1000000000 + i},"
                f"{banks[i % 3]},Payee Number {i % 5000},{(i % 9000 + 1) * 100},"
                f"{'KHR' if i % 4 else 'USD'},\"Payout {i}, monthly\",KH\n")
PY
echo "file: $CSV ($ROWS rows, $(wc -c < "$CSV") bytes)"
nproc_all="$(nproc)"
echo "machine: $(uname -m), $nproc_all cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"

best=""
for run in 1 2 3; do
    # bash's `times`-free way: /usr/bin/time is not everywhere; use python.
    line="$(MONETIX_SECRET=bench-secret python3 - "$BIN" "$CSV" <<'PY'
import os, resource, subprocess, sys, time
start = time.perf_counter()
before = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(os.devnull, "wb") as null:
    run = subprocess.run([sys.argv[1], "batch", "cambodia", sys.argv[2]], stdout=null,
                         stderr=subprocess.PIPE, check=False)
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
if run.returncode != 0:
    sys.exit("batch failed: " + run.stderr.decode(errors="replace")[:2000])
print(f"{wall:.3f} {cpu:.3f}")
PY
)"
    wall="${line% *}"; cpu="${line#* }"
    echo "run $run: wall ${wall} s, cpu ${cpu} s"
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float('$cpu') < float('$best') else 1)"; then
        best="$cpu"; best_wall="$wall"
    fi
done
python3 -c "
rows, cpu, wall = $ROWS, float('$best'), float('$best_wall')
print(f'best: {rows} rows in {wall:.2f} s wall, {cpu:.2f} s CPU: {rows / cpu:,.0f} rows signed per second per core ({rows / wall:,.0f} per second wall)')
"
