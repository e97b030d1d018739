#!/usr/bin/env python3
"""Python benchmark: monetix_gate against the official SDK and the
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
  with the one-shot function and with a ``Signer``; the same reading every
  field (``payment``, ``customer``, ``operation`` and ``errors`` become
  Python objects when first read); and ``verify`` alone on the same text
  (the engine's share of a parse);
- the SDK's ``Callback(text, handler)`` (JSON decode + signature check).

Every result is checked once before timing (same signature as the vectors,
callbacks accepted). Timing: ``timeit`` with a loop count calibrated to about
``--target`` seconds per batch, ``--rounds`` batches per benchmark,
interleaved (round 1 of every benchmark, then round 2, ...) so that a noisy
neighbour hits all of them alike. Reported per call: the best batch and the
median batch, and each ratio (to the floor, or SDK / monetix_gate) both ways:
best to best (the least disturbed figure on a shared machine) and median to
median.

``--timer cpu`` times with the process's CPU time (``time.process_time``)
instead of the wall clock: on a machine shared with other work, the time a
benchmark spends waiting for a core then counts for none of them (the work
itself, cache misses and all, still counts).

Run from the repository root with an interpreter that has both packages,
e.g. after ``bash scripts/python-tests.sh`` (which installs a release build of
the module and the pinned SDK into .venv)::

    .venv/bin/python ffi-python/benches/bench.py [--rounds 15] [--target 0.2] [--timer wall|cpu] [--json out.json]

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
import time
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
    ap.add_argument(
        "--timer",
        choices=("wall", "cpu"),
        default="wall",
        help="wall clock (time.perf_counter, the default) or the process's CPU time (time.process_time)",
    )
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()
    clock = time.perf_counter if args.timer == "wall" else time.process_time

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

    def read_all(cb: mg.Callback) -> object:
        return (cb.project_id, cb.payment, cb.customer, cb.operation, cb.errors, cb.outcome)

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
        ("parse_callback(str), every field read", lambda: read_all(mg.parse_callback(callback_text, SECRET))),
        ("monetix_gate.verify(str) (callback)", lambda: mg.verify(callback_text, SECRET)),
        ("Signer.verify(str) (callback)", lambda: signer.verify(callback_text)),
        ("SDK Callback(str, handler)", lambda: SdkCallback(callback_text, handler)),
    ]

    # Correctness first: every benchmark computes the right thing.
    for name, fn in benches:
        out = fn()
        if ("sign" in name or "floor" in name) and "verify" not in name:
            assert out == expected, f"{name}: {out!r} != {expected!r}"
    assert mg.parse_callback(callback_text, SECRET).outcome is mg.Outcome.FINAL_SUCCESS
    assert mg.verify(callback_text, SECRET) == "natural"
    assert SdkCallback(callback_text, handler).get_payment_status() == "success"

    # Calibrate a loop count per benchmark (about --target seconds a batch).
    loops: Dict[str, int] = {}
    for name, fn in benches:
        n, t = timeit.Timer(fn, timer=clock).autorange()
        loops[name] = max(1, int(n * args.target / max(t, 1e-9)))

    samples: Dict[str, List[float]] = {name: [] for name, _ in benches}
    for _ in range(args.rounds):
        for name, fn in benches:
            n = loops[name]
            samples[name].append(timeit.Timer(fn, timer=clock).timeit(n) / n)

    best = {k: min(v) for k, v in samples.items()}
    med = {k: statistics.median(v) for k, v in samples.items()}

    floor_name = benches[0][0]
    print(f"python {platform.python_version()} ({sys.executable}), monetix_gate {mg.__version__} from {os.path.dirname(mg.__file__)}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (1 min)")
    print(f"{args.rounds} interleaved rounds of about {args.target}s per benchmark, {args.timer} time; per call:\n")
    w = max(len(k) for k in samples)
    print(f"{'benchmark':<{w}}  {'best':>10}  {'median':>10}  {'best/floor':>10}  {'median/floor':>12}")
    for name, _ in benches:
        print(
            f"{name:<{w}}  {best[name] * 1e6:>8.3f}µs  {med[name] * 1e6:>8.3f}µs"
            f"  {best[name] / best[floor_name]:>9.2f}x  {med[name] / med[floor_name]:>11.2f}x"
        )

    # (text, numerator, denominator, limit, higher is better)
    checks = [
        ("signing >= 5x faster than the SDK: SDK / sign(dict)", "SDK SignatureHandler.sign(dict)", "monetix_gate.sign(dict)", 5.0, True),
        ("  same with a reusable Signer: SDK / Signer.sign(dict)", "SDK SignatureHandler.sign(dict)", "Signer.sign(dict)", 5.0, True),
        ("signing within 1.5x of the floor: sign(dict) / floor", "monetix_gate.sign(dict)", floor_name, 1.5, False),
        ("  reusable Signer (may go below 1x): Signer.sign(dict) / floor", "Signer.sign(dict)", floor_name, 1.5, False),
        ("callback >= 15x faster than the SDK: SDK / parse_callback", "SDK Callback(str, handler)", "monetix_gate.parse_callback(str)", 15.0, True),
        ("  same with a reusable Signer: SDK / Signer.parse_callback", "SDK Callback(str, handler)", "Signer.parse_callback(str)", 15.0, True),
    ]
    targets: Dict[str, Dict[str, Any]] = {}
    print("\ntargets (ratio of best batches; ratio of median batches):")
    for text, a, b, limit, higher in checks:
        rb, rm = best[a] / best[b], med[a] / med[b]
        ok_b = rb >= limit if higher else rb <= limit
        ok_m = rm >= limit if higher else rm <= limit
        targets[text.strip()] = {"best": rb, "median": rm, "limit": limit, "met_best": ok_b, "met_median": ok_m}
        print(
            f"  {text:<64} {rb:>6.2f}x {'met' if ok_b else 'MISSED':<6}  {rm:>6.2f}x {'met' if ok_m else 'MISSED'}"
        )

    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "python": platform.python_version(),
                    "rounds": args.rounds,
                    "timer": args.timer,
                    "per_call_seconds": {k: {"best": best[k], "median": med[k], "samples": samples[k]} for k in samples},
                    "targets": targets,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
