#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/.

Sources (nothing is committed but this script; fuzz/corpus is gitignored):
  * every "input" of tests/vectors/signature.json (and, for the `verify`
    target, prefixed with its secret in that target's input layout);
  * every JSON document in examples/ (requests, callbacks, responses);
  * every JSON example body in ../shared/seeds/*.txt when that directory
    exists (the seed documents the repository was built from), found as
    lines from a "{" at column 0 to the next "}" at column 0;
  * a few hand-written awkward documents (escapes, surrogate pairs, numbers,
    natural-order traps, frame_mode, nested signatures).

Usage: python3 fuzz/seed-corpus.py   (from anywhere; idempotent)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
SEEDS = [ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")]
SECRET = b"fuzz-secret"

EXTRA = [
    b'{}',
    b'{"a":{}}',
    b'{"a":[]}',
    b'{"a":null,"b":true,"c":false}',
    b'{"n":[0,-0,1.0,-0.0,1e21,1E-7,0.30000000000000004,9223372036854775807,9223372036854775808,-9223372036854775808,123456789012345678901234567890,1e308,5e-324]}',
    b'{"s":"\\u00e9\\/\\"\\\\\\b\\f\\n\\r\\t\\ud83d\\ude00\\u0000"}',
    b'{"a:b":{"c::d":1},"x":[[1,[2]],{"y":[]}]}',
    b'{"x1":1,"x01":2,"x001":3,"x10":4,"x2":5,"x 1":6,"x\\t2":7}',
    b'{"list":[0,1,2,3,4,5,6,7,8,9,10,11,12]}',
    b'{"a b":1,"ab":2," ab":3,"0a":4,"00a":5}',
    b'{"frame_mode":"x","a":{"frame_mode":{"b":1}},"c":[{"frame_mode":2}]}',
    b'{"signature":"x","general":{"signature":"y","project_id":1}}',
    b'{"general":"not an object"}',
    b'{"general":{"signature":{"nested":1}},"signature":[1]}',
    b'{"project_id":1,"payment":{"id":"p","status":"success","sum":{"amount":1,"currency":"USD"}},'
    b'"operation":{"id":1,"status":"success","code":"0","provider":{"id":5}},'
    b'"errors":[{"code":1,"field":"f","message":"m","description":"d"}]}',
    b'{"operations":[{"id":1,"status":"processing"},{"id":2,"status":"success","code":0}]}',
    b'{"status":"error","code":"3029","message":"Bad","errors":[{"code":"100","field":"customer.phone"}]}',
]


def json_blocks(text: str) -> list[bytes]:
    blocks, cur = [], None
    for line in text.splitlines():
        if cur is None and line == "{":
            cur = [line]
        elif cur is not None:
            cur.append(line)
            if line == "}":
                blocks.append("\n".join(cur).encode())
                cur = None
    return blocks


def main() -> int:
    vectors = json.loads((ROOT / "tests" / "vectors" / "signature.json").read_text(encoding="utf-8"))
    docs: list[bytes] = []
    verify: list[bytes] = []
    for case in vectors["cases"]:
        body = case["input"].encode()
        docs.append(body)
        secret = case["secret"].encode()
        if len(secret) < 256:
            verify.append(bytes([len(secret)]) + secret + body)
    for p in sorted((ROOT / "examples").glob("*.json")):
        docs.append(p.read_bytes())
    for d in SEEDS:
        if d.is_dir():
            for p in sorted(d.glob("*.txt")):
                docs.extend(json_blocks(p.read_text(encoding="utf-8")))
            break
    docs.extend(EXTRA)
    verify.extend(bytes([len(SECRET)]) + SECRET + d for d in docs)

    corpora = {
        "canonical_sign": docs,
        "differential": docs,
        "callback": docs,
        "ack": docs,
        "verify": verify,
        "payout": [],  # structured input (arbitrary): libFuzzer starts from scratch
        "natural_order": [],  # likewise
    }
    total = 0
    for target, items in corpora.items():
        out = FUZZ / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        for data in items:
            (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
        total += len(items)
        print(f"{target}: {len(items)} seeds -> {out}")
    print(f"{total} seed files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
