#!/usr/bin/env python3
"""Runs every shared vector (tests/vectors/signature.json) through the C API.

Usage: vectors.py [--runner CMD...] -- ./vectors_cli
Feeds vectors_cli one request per line (see vectors_cli.c) and checks:
  kind=sign:   mnx_canonical == canonical, mnx_sign == signature, the
               signer gives the same, and mnx_sign_body's output verifies
               strictly (MNX_ORDER_NATURAL) and has the same canonical string;
  kind=verify: mnx_canonical == canonical (when given), mnx_verify strict and
               tolerant agree with 'strict'/'tolerant', the matched order with
               'matched'.
Standard library only. Exits 1 on any mismatch.
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "signature.json"
OK = 0


def main() -> int:
    cli = sys.argv[1:]
    if cli and cli[0] == "--":
        cli = cli[1:]
    if not cli:
        print(__doc__, file=sys.stderr)
        return 2
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]

    requests = []  # (case name, what, op, secret, body)
    for c in cases:
        secret = c["secret"].encode("utf-8")
        body = c["input"].encode("utf-8")
        if "canonical" in c:
            requests.append((c, "canonical", "canonical", secret, body))
        if c["kind"] == "sign":
            requests.append((c, "sign", "sign", secret, body))
            requests.append((c, "signer_sign", "signer_sign", secret, body))
            requests.append((c, "sign_body", "sign_body", secret, body))
        else:
            requests.append((c, "verify_strict", "verify_strict", secret, body))
            requests.append((c, "verify_tolerant", "verify_tolerant", secret, body))

    def encode(op: str, secret: bytes, body: bytes) -> str:
        return f"{op} {secret.hex() or '-'} {body.hex() or '-'}\n"

    def run(lines: list) -> list:
        proc = subprocess.run(cli, input="".join(lines), capture_output=True,
                              text=True, check=False)
        sys.stderr.write(proc.stderr)
        if proc.returncode != 0:
            raise SystemExit(f"vectors_cli exited with {proc.returncode}")
        out = proc.stdout.splitlines()
        if len(out) != len(lines):
            raise SystemExit(f"vectors_cli answered {len(out)} of {len(lines)} requests")
        return [tuple(o.split(" ", 1)) for o in out]

    answers = run([encode(op, s, b) for (_, _, op, s, b) in requests])

    failures = []
    followups = []  # second round: checks on sign_body outputs
    for (c, what, _, secret, body), (status, payload) in zip(requests, answers):
        status = int(status)
        name = f"{c['name']}: {what}"
        data = b"" if payload == "-" else None
        if what in ("canonical", "sign", "signer_sign", "sign_body"):
            if status != OK:
                failures.append(f"{name}: status {status} {payload}")
                continue
            data = bytes.fromhex(payload) if payload != "-" else b""
            if what == "canonical" and data.decode("utf-8") != c["canonical"]:
                failures.append(f"{name}: got {data!r}")
            if what in ("sign", "signer_sign") and data.decode("ascii") != c["signature"]:
                failures.append(f"{name}: got {data!r}, want {c['signature']}")
            if what == "sign_body":
                followups.append((c, "signed copy verifies strictly", "verify_strict", secret, data))
                followups.append((c, "signed copy keeps the canonical string", "canonical", secret, data))
        else:
            want = c["strict"] if what == "verify_strict" else c["tolerant"]
            if want and (status != OK or payload != c["matched"]):
                failures.append(f"{name}: got {status} {payload}, want OK {c['matched']}")
            if not want and (status == OK or payload != "-"):
                failures.append(f"{name}: got {status} {payload}, want a failure")

    answers = run([encode(op, s, b) for (_, _, op, s, b) in followups])
    for (c, what, op, _, _), (status, payload) in zip(followups, answers):
        name = f"{c['name']}: {what}"
        if op == "verify_strict" and (int(status) != OK or payload != "natural"):
            failures.append(f"{name}: got {status} {payload}")
        if op == "canonical":
            got = bytes.fromhex(payload).decode("utf-8") if payload != "-" else ""
            if int(status) != OK or got != c["canonical"]:
                failures.append(f"{name}: got {status} {got!r}")

    total = len(requests) + len(followups)
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    if failures:
        print(f"vectors: {len(failures)} of {total} checks FAILED ({len(cases)} cases)", file=sys.stderr)
        return 1
    print(f"vectors: all {total} checks passed ({len(cases)} cases through the C API)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
