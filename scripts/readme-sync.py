#!/usr/bin/env python3
"""The README's C quick start must be ffi-c/examples/terminal.c, byte for byte,
and its sandbox and batch transcripts those of docs/sandbox-and-batch.md (which
the end-to-end tests run as written); the Rust quick starts are doctests and the
Python one is checked by tests/python/test_quickstart.py. So the documentation
cannot drift."""
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

sh_readme = re.findall(r"```sh\n(.*?)```", readme, re.S)
doc = (root / "docs" / "sandbox-and-batch.md").read_text(encoding="utf-8")
sh_doc = re.findall(r"```sh\n(.*?)```", doc, re.S)
if len(sh_doc) != 2 or not all(block in sh_readme for block in sh_doc):
    sys.exit("README.md's sandbox and batch transcripts differ from docs/sandbox-and-batch.md")
print("README sandbox and batch transcripts match docs/sandbox-and-batch.md")
