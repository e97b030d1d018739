#!/usr/bin/env python3
"""Two builds of monetix_gate side by side, in one process: the signing
entry points of each (and the official SDK and the Python floor of
``bench.py``) timed in interleaved rounds, so that both builds meet the same
load.

Each build is a directory holding an installed ``monetix_gate`` package (for
example ``pip install --no-deps --target DIR wheel.whl``); both are imported,
one after the other, under the name ``monetix_gate`` (the second import
replaces the first in ``sys.modules``, each keeps its own extension module).
Inputs are ``bench.py``'s: the shared vectors' seed Cambodia payout request,
as a dict and as its JSON bytes, secret ``"secret"``; every result is checked
against the vector's signature or canonical string (and the signed copies
against each other) before timing.

Run from the repository root with an interpreter that has the pinned SDK
(``.venv`` after ``bash scripts/python-tests.sh``)::

    .venv/bin/python ffi-python/benches/compare.py BEFORE_DIR AFTER_DIR \\
        [--rounds 15] [--target 0.2] [--timer wall|cpu]

Reported per call: the best and the median batch of each benchmark, the
ratios to the floor and the SDK, and after / before for each entry point.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import importlib
import json
import os
import platform
import statistics
import sys
import time
import timeit
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, List, Tuple

from payment_page_sdk.signature_handler import SignatureHandler  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "signature.json"
SECRET = "secret"


def load(where: str) -> ModuleType:
    """``monetix_gate`` imported from the directory ``where`` alone."""
    for name in [m for m in sys.modules if m == "monetix_gate" or m.startswith("monetix_gate.")]:
        del sys.modules[name]
    sys.path.insert(0, where)
    try:
        module = importlib.import_module("monetix_gate")
    finally:
        sys.path.remove(where)
    origin = Path(module.__file__ or "").resolve()
    if Path(where).resolve() not in origin.parents:
        raise SystemExit(f"monetix_gate was imported from {origin}, not from {where}")
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", help="directory holding the first build's monetix_gate package")
    ap.add_argument("after", help="directory holding the second build's monetix_gate package")
    ap.add_argument("--rounds", type=int, default=15, help="timed batches per benchmark (default 15)")
    ap.add_argument("--target", type=float, default=0.2, help="seconds per batch (default 0.2)")
    ap.add_argument("--timer", choices=("wall", "cpu"), default="wall", help="wall clock or the process's CPU time")
    args = ap.parse_args()
    clock = time.perf_counter if args.timer == "wall" else time.process_time

    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    seed = next(c for c in cases if c["name"] == "seed_cambodia_payout_request")
    body_bytes = seed["input"].encode()
    body_dict = json.loads(body_bytes)
    canonical_bytes = seed["canonical"].encode()
    expected = seed["signature"]
    secret_bytes = SECRET.encode()
    handler = SignatureHandler(SECRET)

    def floor() -> str:
        return base64.b64encode(hmac.new(secret_bytes, canonical_bytes, hashlib.sha512).digest()).decode()

    benches: List[Tuple[str, Callable[[], Any]]] = [
        ("floor: hmac + base64 over canonical", floor),
        ("SDK SignatureHandler.sign(dict)", lambda: handler.sign(body_dict)),
    ]
    def entry_points(label: str, mg: Any) -> List[Tuple[str, Callable[[], Any]]]:
        signer = mg.Signer(SECRET)
        return [
            (f"{label} sign(dict)", lambda: mg.sign(body_dict, SECRET)),
            (f"{label} sign(bytes)", lambda: mg.sign(body_bytes, SECRET)),
            (f"{label} Signer.sign(dict)", lambda: signer.sign(body_dict)),
            (f"{label} Signer.sign(bytes)", lambda: signer.sign(body_bytes)),
            (f"{label} Signer.sign_body(dict)", lambda: signer.sign_body(body_dict)),
            (f"{label} canonical(dict)", lambda: mg.canonical(body_dict)),
        ]

    signed: Dict[str, bytes] = {}
    for label, where in (("before", args.before), ("after", args.after)):
        mg = load(where)
        print(f"{label}: monetix_gate {mg.__version__} from {os.path.dirname(mg.__file__ or '')}")
        benches += entry_points(label, mg)
        signed[label] = mg.sign_body(body_dict, SECRET)
    assert signed["before"] == signed["after"], "the two builds sign different copies"

    for name, fn in benches:
        if name.endswith(" canonical(dict)"):
            out = fn()
            assert out == canonical_bytes.decode(), f"{name}: {out!r}"
        elif "sign_body" not in name:
            out = fn()
            assert out == expected, f"{name}: {out!r} != {expected!r}"

    loops: Dict[str, int] = {}
    for name, fn in benches:
        n, t = timeit.Timer(fn, timer=clock).autorange()
        loops[name] = max(1, int(n * args.target / max(t, 1e-9)))
    samples: Dict[str, List[float]] = {name: [] for name, _ in benches}
    for _ in range(args.rounds):
        for name, fn in benches:
            samples[name].append(timeit.Timer(fn, timer=clock).timeit(loops[name]) / loops[name])
    best = {k: min(v) for k, v in samples.items()}
    med = {k: statistics.median(v) for k, v in samples.items()}

    floor_name, sdk_name = benches[0][0], benches[1][0]
    print(f"python {platform.python_version()} ({sys.executable})")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (1 min)")
    print(f"{args.rounds} interleaved rounds of about {args.target}s per benchmark, {args.timer} time; per call")
    print("(ratios: best to best; median to median):\n")
    w = max(len(k) for k in samples)
    print(f"{'benchmark':<{w}}  {'best':>9}  {'median':>9}  {'/floor':>13}  {'SDK/this':>13}")
    for name, _ in benches:
        print(
            f"{name:<{w}}  {best[name] * 1e6:>7.3f}µs  {med[name] * 1e6:>7.3f}µs"
            f"  {best[name] / best[floor_name]:>5.2f}x {med[name] / med[floor_name]:>5.2f}x"
            f"  {best[sdk_name] / best[name]:>5.2f}x {med[sdk_name] / med[name]:>5.2f}x"
        )
    print("\nafter / before:")
    for name, _ in benches:
        if name.startswith("before "):
            other = "after " + name[len("before ") :]
            print(f"  {name[len('before ') :]:<{w}}  {best[other] / best[name]:>5.2f}x {med[other] / med[name]:>5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
