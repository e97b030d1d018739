#!/usr/bin/env bash
# The main job, end to end, on a fresh machine: build the CLI, build and sign
# the bundled Banks of Cambodia and Colombia payout requests, re-verify what was
# signed, then verify and read the bundled payout callbacks.
#
# Usage: bash scripts/demo.sh
# The demo secret ("secret", the shared test vectors' key) is read from
# examples/demo-secret.txt, never from the command line.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked --quiet -p monetix-gate-cli
gate=target/release/monetix-gate
key=(--secret-file examples/demo-secret.txt)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== Banks of Cambodia payout: POST $("$gate" payout cambodia --endpoint)"
"$gate" payout cambodia "${key[@]}" examples/cambodia-request.json | tee "$tmp/cambodia.json"
echo "   canonical string the signature covers:"
"$gate" canonical "$tmp/cambodia.json" | sed 's/^/   /'
echo "   re-verified (strict): $("$gate" verify --strict "${key[@]}" "$tmp/cambodia.json")"

echo
echo "== Bank transfers in Colombia payout: POST $("$gate" payout colombia --endpoint)"
echo "   (the seed's bank id 12345 is not in the seed's bank table: allowed explicitly)"
"$gate" payout colombia --allow-unlisted-bank "${key[@]}" examples/colombia-request.json | tee "$tmp/colombia.json"
echo "   re-verified (strict): $("$gate" verify --strict "${key[@]}" "$tmp/colombia.json")"

echo
echo "== Payment status request: POST /v2/payment/status"
"$gate" status "${key[@]}" examples/status-request.json

echo
echo "== Callbacks: verified first, then read"
for cb in examples/callback-success.json examples/callback-decline.json; do
  echo "-- $cb"
  "$gate" callback "${key[@]}" "$cb"
done

echo
echo "== A tampered callback is refused (exit status 1)"
sed -E '0,/"amount": ?5000000/s//"amount": 5000001/' examples/callback-success.json > "$tmp/tampered.json"
set +e
"$gate" callback "${key[@]}" "$tmp/tampered.json"
status=$?
set -e
if [ "$status" -ne 1 ]; then echo "expected exit status 1, got $status"; exit 1; fi
echo "   exit status $status: not trusted"

echo
echo "== A forged callback that carries a genuine signature is refused (exit status 2)"
echo "   (a real decline callback whose lines were re-split into errors[0].message;"
echo "    the platform's format does not escape ';' or ':', see docs/signature.md)"
python3 -c 'import json,sys; c=[c for c in json.load(open(sys.argv[1]))["cases"] if c["name"]=="fold"][0]; print(c["forged"])' \
    tests/vectors/forgeries.json > "$tmp/forged.json"
set +e
"$gate" callback "${key[@]}" "$tmp/forged.json"
status=$?
set -e
if [ "$status" -ne 2 ]; then echo "expected exit status 2, got $status"; exit 1; fi
echo "   exit status $status: refused before any MAC was compared"

echo
echo "== A misspelt field is never signed (exit status 2)"
sed 's/"email"/"emial"/' examples/cambodia-request.json > "$tmp/typo.json"
set +e
"$gate" payout cambodia "${key[@]}" "$tmp/typo.json"
status=$?
set -e
if [ "$status" -ne 2 ]; then echo "expected exit status 2, got $status"; exit 1; fi
echo
echo "demo OK"
