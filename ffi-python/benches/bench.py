#!/usr/bin/env python3
"""Python benchmark (issue 7): monetix_gate against the official SDK and the
Python floor, all in one process, on the same inputs.

Inputs are the shared vectors' seed Cambodia payout request and seed success
callback (``tests/vectors/signature.json``), secret ``"secret"``:

- floor: ``hmac.new(secret, canonical_bytes, hashlib.sha512)`` + base64 over
  the precomputed canonical string (what any implementation must at least do);
  and the same from a keyed ``hmac`` object copied per call;
- ``monetix_gate.sign`` on the seed dict (and on its JSON bytes), and a reusable
  ``monetix_gate.Signer`` keyed once;
- the official ``ecommpay-sdk`` (PyPI, ``payment_page_sdk``):
  ``SignatureHandler(secret).sign(dict)``;
- ``monetix_gate.parse_callback`` on the callback text (verify + typed view),
  with the one-shot function and with a ``Signer``;
- the SDK's ``Callback(text, handler)`` (JSON decode + signature check).

Every result is checked once before timing (same signature as the vectors,
callbacks accepted). Timing: ``timeit`` with a loop count calibrated to about
``--target`` seconds per batch, ``--rounds`` batches per benchmark,
interleaved (round 1 of every benchmark, then round 2, ...) so that a noisy
neighbour hits all of them alike. Reported per call: the best batch, the
median batch, and ratios of medians (to the floor, or SDK / monetix_gate).

Run from the repository root with an interpreter that has both packages,
e.g. after ``bash scripts/python-tests.sh`` (which installs a release build of
the module and the pinned SDK into .venv)::

    .venv/bin/python ffi-python/benches/bench.py [--rounds 15] [--target 0.2] [--json out.json]

A debug build of the module (``maturin develop`` without ``--release``) is
several times slower: benchmark the wheel ``pip install ./ffi-python`` builds.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import platform
import statistics
import sys
import timeit
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import monetix_gate as mg
from payment_page_sdk.callback import Callback as SdkCallback  # type: ignore[import-untyped]
from payment_page_sdk.signature_handler import SignatureHandler  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "signature.json"
SECRET = "secret"


def vector(name: str) -> Dict[str, Any]:
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    for case in cases:
        if case["name"] == name:
            return dict(case)
    raise KeyError(name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=15, help="timed batches per benchmark (default 15)")
    ap.add_argument("--target", type=float, default=0.2, help="seconds per batch (default 0.2)")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()

    seed = vector("seed_cambodia_payout_request")
    body_text: str = seed["input"]
    body_bytes = body_text.encode()
    body_dict = json.loads(body_text)
    canonical_bytes = seed["canonical"].encode()
    expected = seed["signature"]
    callback_text: str = vector("seed_callback_success")["input"]
    callback_bytes = callback_text.encode()

    secret_bytes = SECRET.encode()
    keyed = hmac.new(secret_bytes, digestmod=hashlib.sha512)
    signer = mg.Signer(SECRET)
    handler = SignatureHandler(SECRET)

    def floor() -> str:
        return base64.b64encode(hmac.new(secret_bytes, canonical_bytes, hashlib.sha512).digest()).decode()

    def floor_keyed() -> str:
        mac = keyed.copy()
        mac.update(canonical_bytes)
        return base64.b64encode(mac.digest()).decode()

    benches: List[Tuple[str, Callable[[], Any]]] = [
        ("floor: hmac + base64 over canonical", floor),
        ("floor, keyed hmac copied per call", floor_keyed),
        ("monetix_gate.sign(dict)", lambda: mg.sign(body_dict, SECRET)),
        ("monetix_gate.sign(bytes)", lambda: mg.sign(body_bytes, SECRET)),
        ("Signer.sign(dict)", lambda: signer.sign(body_dict)),
        ("Signer.sign(bytes)", lambda: signer.sign(body_bytes)),
        ("SDK SignatureHandler.sign(dict)", lambda: handler.sign(body_dict)),
        ("monetix_gate.parse_callback(str)", lambda: mg.parse_callback(callback_text, SECRET)),
        ("monetix_gate.parse_callback(bytes)", lambda: mg.parse_callback(callback_bytes, SECRET)),
        ("Signer.parse_callback(str)", lambda: signer.parse_callback(callback_text)),
        ("SDK Callback(str, handler)", lambda: SdkCallback(callback_text, handler)),
    ]

    # Correctness first: every benchmark computes the right thing.
    for name, fn in benches:
        out = fn()
        if "sign" in name or "floor" in name:
            assert out == expected, f"{name}: {out!r} != {expected!r}"
    assert mg.parse_callback(callback_text, SECRET).outcome is mg.Outcome.FINAL_SUCCESS
    assert SdkCallback(callback_text, handler).get_payment_status() == "success"

    # Calibrate a loop count per benchmark (about --target seconds a batch).
    loops: Dict[str, int] = {}
    for name, fn in benches:
        n, t = timeit.Timer(fn).autorange()
        loops[name] = max(1, int(n * args.target / max(t, 1e-9)))

    samples: Dict[str, List[float]] = {name: [] for name, _ in benches}
    for _ in range(args.rounds):
        for name, fn in benches:
            n = loops[name]
            samples[name].append(timeit.Timer(fn).timeit(n) / n)

    best = {k: min(v) for k, v in samples.items()}
    med = {k: statistics.median(v) for k, v in samples.items()}

    floor_name = benches[0][0]
    print(f"python {platform.python_version()} ({sys.executable}), monetix_gate {mg.__version__} from {os.path.dirname(mg.__file__)}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (1 min)")
    print(f"{args.rounds} interleaved rounds of about {args.target}s per benchmark; per call:\n")
    w = max(len(k) for k in samples)
    print(f"{'benchmark':<{w}}  {'best':>10}  {'median':>10}  {'median/floor':>12}")
    for name, _ in benches:
        print(f"{name:<{w}}  {best[name] * 1e6:>8.3f}µs  {med[name] * 1e6:>8.3f}µs  {med[name] / med[floor_name]:>11.2f}x")

    def ratio(a: str, b: str) -> float:
        return med[a] / med[b]

    sdk_sign = ratio("SDK SignatureHandler.sign(dict)", "monetix_gate.sign(dict)")
    sdk_signer = ratio("SDK SignatureHandler.sign(dict)", "Signer.sign(dict)")
    to_floor = ratio("monetix_gate.sign(dict)", floor_name)
    signer_floor = ratio("Signer.sign(dict)", floor_name)
    sdk_cb = ratio("SDK Callback(str, handler)", "monetix_gate.parse_callback(str)")
    sdk_cb_signer = ratio("SDK Callback(str, handler)", "Signer.parse_callback(str)")
    targets = [
        ("signing >= 5x faster than the SDK (sign(dict))", sdk_sign, sdk_sign >= 5.0),
        ("  same with a reusable Signer", sdk_signer, sdk_signer >= 5.0),
        ("signing within 1.5x of the Python floor (sign(dict))", to_floor, to_floor <= 1.5),
        ("  reusable Signer vs the floor (may go below 1x)", signer_floor, signer_floor <= 1.5),
        ("callback parse + verify >= 15x faster than the SDK", sdk_cb, sdk_cb >= 15.0),
        ("  same with a reusable Signer", sdk_cb_signer, sdk_cb_signer >= 15.0),
    ]
    print("\nissue 7 targets (ratios of medians):")
    for text, value, ok in targets:
        print(f"  {text:<55} {value:>6.2f}x  {'met' if ok else 'MISSED'}")

    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "python": platform.python_version(),
                    "rounds": args.rounds,
                    "per_call_seconds": {k: {"best": best[k], "median": med[k], "samples": samples[k]} for k in samples},
                    "targets": {t: {"value": v, "met": ok} for t, v, ok in targets},
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
