#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/.

Sources (nothing is committed but this script; fuzz/corpus is gitignored):
  * every "input" of tests/vectors/signature.json (and, for the `verify`
    target, prefixed with its secret in that target's input layout);
  * every JSON document in examples/ (requests, callbacks, responses);
  * every body of tests/vectors/forgeries.json (genuine, forged, and the
    unsigned requests): ambiguous data that re-splits signed lines;
  * a few hand-written awkward documents (escapes, surrogate pairs, numbers,
    natural-order traps, frame_mode, nested signatures, ambiguous keys,
    values and numbers, empty containers in the typed views' places).

Usage: python3 fuzz/seed-corpus.py   (from anywhere; idempotent)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
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
    # ambiguous data, and where it does not count
    b'{"a:b":1,"":2,"c;d":{},"x":"y;operation:status:success"}',
    b'{"n":[9223372036854775808,-9223372036854775809,0.30000000000000004,1.000000000000000,3e-324,1e-400,1e-307,0.99999999999999e-307]}',
    b'{"frame_mode":{"a:b":"x;y:z"},"signature":{"c:d":1e-400},"general":{"signature":["e;f:g"],"project_id":1}}',
    b'{"general":{"signature":"x;status:success"},"signature":"s","k\u003a":"v\u003b\u003a"}',
    # the typed views: empty containers, "" and null, unsigned elements, big ids
    b'{"payment":{},"operation":{"provider":{},"sum_initial":[]},"errors":[{}],"customer":{"frame_mode":1}}',
    b'{"payment":{"status":""},"operation":{"status":null,"code":""},"errors":[{"code":null}]}',
    b'{"operations":[{"id":1,"status":"success","code":"0"},{}],"payment":{"status":"success"}}',
    b'{"project_id":18446744073709551615,"operation":{"id":9223372036854775808,"provider":{"id":-9223372036854775809}},"payment":{"sum":{"amount":99999999999999999999}}}',
]


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
    forgeries = json.loads((ROOT / "tests" / "vectors" / "forgeries.json").read_text(encoding="utf-8"))
    for case in forgeries["cases"]:
        for key in ("genuine", "forged", "unsigned_request"):
            if key in case:
                docs.append(case[key].encode())
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
