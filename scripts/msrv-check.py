#!/usr/bin/env python3
"""Checks that the workspace's declared `rust-version` is honest: equal to the
highest `rust-version` among every package Cargo.lock resolves (a lower value
would promise builds that fail; a higher one would turn users away for
nothing). Reads `cargo metadata --locked`.

Usage: python3 scripts/msrv-check.py
"""
import json
import subprocess
import sys


def version(v: str) -> tuple:
    return tuple(int(x) for x in v.split("."))[:3] + (0,) * (3 - len(v.split(".")))


meta = json.loads(subprocess.run(
    ["cargo", "metadata", "--format-version", "1", "--locked"],
    capture_output=True, text=True, check=True).stdout)
members = set(meta["workspace_members"])
declared = {p["name"]: p["rust_version"] for p in meta["packages"] if p["id"] in members}
needed = max(
    ((version(p["rust_version"]), p["name"], p["version"]) for p in meta["packages"]
     if p.get("rust_version") and p["id"] not in members),
)
bad = [(name, rv) for name, rv in declared.items() if rv is None or version(rv) != needed[0]]
need_text = ".".join(str(x) for x in needed[0][:2]) + ("" if needed[0][2] == 0 else f".{needed[0][2]}")
if bad:
    for name, rv in bad:
        print(f"{name}: declares rust-version {rv}, but {needed[1]} {needed[2]} needs {need_text}")
    sys.exit(1)
print(f"rust-version {need_text} declared by every workspace member; the highest need is {needed[1]} {needed[2]}")
