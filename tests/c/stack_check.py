#!/usr/bin/env python3
"""Checks the stack figures of the C API against tests/c/stack_measure.c.

Usage: stack_check.py [--upper-bound-only] HEADER MEASURED SHIPPED

HEADER    include/monetix_gate.h: every function's documentation ends with
          "Stack (x86_64): N KiB." (the most stack a call takes, its wipe
          included, as measured on x86_64; scripts/c-tests.sh runs this on
          x86_64).
MEASURED  stack_measure's output against the `measure-stack` library: per
          entry point, the bytes the call itself uses and the wipe it asks
          for (boundary.rs, burn_stack).
SHIPPED   stack_measure's output against the shipped library: the bytes a
          call uses, wipe included.

Fails when a function of the header was not measured or has no figure,
when a wipe does not cover what its call used (an entry point without a
wipe may only be a leaf of at most 256 bytes), when a shipped call uses
more than its figure, or when a figure is more than 2 KiB above what the
call uses (so the figures stay measurements, not guesses).

--upper-bound-only  for another target than x86_64 (scripts/arm-tests.sh:
          armv7 and aarch64): the same checks, less the last one. The
          figures are x86_64's; there they must only be upper bounds.
Standard library only.
"""
import math
import pathlib
import re
import sys

LEAF = 256
SLACK_KIB = 2


def read_table(path):
    table = {}
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        name, used, wipe = line.split()
        table[name] = (int(used), None if wipe == "-" else int(wipe))
    return table


def main() -> int:
    args = sys.argv[1:]
    upper_bound_only = "--upper-bound-only" in args
    args = [a for a in args if a != "--upper-bound-only"]
    if len(args) != 3 or any(a.startswith("-") for a in args):
        print(__doc__, file=sys.stderr)
        return 2
    header = pathlib.Path(args[0]).read_text(encoding="utf-8")
    measured = read_table(args[1])
    shipped = read_table(args[2])

    figures = {}
    names = re.findall(r"^[a-z][^\n(;]*?\b(mnx_[a-z0-9_]+)\(", header, re.M)
    for m in re.finditer(r"/\*((?:(?!\*/).)*?)\*/\s*\n[a-z][^\n(;]*?\b(mnx_[a-z0-9_]+)\(", header, re.S):
        figure = re.search(r"Stack \(x86_64\): (\d+) KiB\.", m.group(1))
        if figure:
            figures[m.group(2)] = int(figure.group(1))

    failures = []
    print(f"{'entry point':44} {'need':>7} {'wipe':>7} {'shipped':>8} {'figure':>7}")
    for name in names:
        if name not in measured or name not in shipped:
            failures.append(f"{name}: not measured (add it to tests/c/stack_measure.c)")
            continue
        if name not in figures:
            failures.append(f"{name}: no 'Stack (x86_64): N KiB.' in its documentation")
            continue
        need, wipe = measured[name]
        total, _ = shipped[name]
        figure = figures[name]
        print(f"{name:44} {need:7} {wipe:7} {total:8} {figure * 1024:7}")
        if wipe == 0:
            if need > LEAF:
                failures.append(f"{name}: uses {need} bytes and wipes nothing")
        elif need > wipe:
            failures.append(f"{name}: uses {need} bytes, its wipe covers {wipe}")
        if total > figure * 1024:
            failures.append(f"{name}: uses {total} bytes, its documentation says {figure} KiB")
        if not upper_bound_only and figure > max(1, math.ceil(total / 1024)) + SLACK_KIB:
            failures.append(f"{name}: uses {total} bytes, its documentation says {figure} KiB "
                            f"(more than {SLACK_KIB} KiB above)")
    for extra in sorted(set(measured) - set(names)):
        failures.append(f"{extra}: measured but not in the header")
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    if failures:
        return 1
    deepest = max(names, key=lambda n: shipped[n][0])
    holds = "is an upper bound here" if upper_bound_only else "holds"
    print(f"stack: {len(names)} entry points, every wipe covers its call, every figure {holds} "
          f"(deepest {deepest} {shipped[deepest][0]} bytes, figure {figures[deepest]} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
