#!/usr/bin/env python3
"""The README's C quick start must be ffi-c/examples/terminal.c, byte for byte
(the Rust quick starts are doctests and the Python one is checked by
tests/python/test_quickstart.py), so the documentation cannot drift."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
readme = (root / "README.md").read_text(encoding="utf-8")
blocks = re.findall(r"```c\n(.*?)```", readme, re.S)
terminal = (root / "ffi-c" / "examples" / "terminal.c").read_text(encoding="utf-8")
if len(blocks) != 1 or blocks[0].rstrip() != terminal.rstrip():
    sys.exit("README.md's C quick start differs from ffi-c/examples/terminal.c")
print("README C quick start matches ffi-c/examples/terminal.c")
