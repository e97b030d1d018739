#!/usr/bin/env python3
"""Looks inside a firmware image (docs/embedded.md; tests/firmware/measure.sh).

Usage:
  analyse.py sections IMAGE...        text / rodata / data per image
  analyse.py symbols IMAGE [BASE]     flash by symbol group (net of BASE's groups)
  analyse.py panics IMAGE             the call sites of the panic machinery
                                      that survive in IMAGE, by function and
                                      by source file

Needs an ARM binutils: arm-linux-gnueabihf-* (installed by
scripts/arm-tests.sh) or arm-none-eabi-*; override with ARM_BINUTILS_PREFIX.
Standard library only.
"""
import collections
import os
import re
import shutil
import subprocess
import sys

PREFIXES = ("arm-linux-gnueabihf-", "arm-none-eabi-", "aarch64-linux-gnu-")


def tool(name: str) -> str:
    forced = os.environ.get("ARM_BINUTILS_PREFIX")
    for prefix in ([forced] if forced else []) + list(PREFIXES):
        path = shutil.which(prefix + name)
        if path:
            return path
    sys.exit(f"no ARM {name} found (install binutils-arm-linux-gnueabihf)")


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def sections(image: str) -> dict:
    out = {}
    for line in run(tool("size"), "-A", image).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith("."):
            out[parts[0]] = int(parts[1])
    return out


def cmd_sections(images):
    print(f"{'image':<40} {'.vector_table':>13} {'.text':>8} {'.rodata':>8} {'.data':>6} {'text+rodata':>12}")
    for image in images:
        s = sections(image)
        total = s.get(".text", 0) + s.get(".rodata", 0)
        print(f"{image:<40} {s.get('.vector_table', 0):>13} {s.get('.text', 0):>8} "
              f"{s.get('.rodata', 0):>8} {s.get('.data', 0):>6} {total:>12}")


# Symbol groups, first match wins (demangled names). Approximate: after LTO,
# code inlined into a function counts for that function's group.
GROUPS = [
    ("sha2 / hmac / digest (HMAC-SHA512)", r"sha2|hmac|digest|block_buffer|hybrid_array|K64|SHA512"),
    ("core: float parsing (dec2flt, f64::from_str)", r"^core::num::dec2flt|^<core::num::dec2flt|^<f64 as core::str::traits::FromStr>|POWER_OF_FIVE"),
    ("core: float formatting (flt2dec Grisu/Dragon, bignum)", r"^core::num::flt2dec|^core::fmt::float|^core::num::diy_float|^<core::num::diy_float|^<core::num::bignum|CACHED_POW10|^<f64 as core::fmt"),
    ("core: fmt machinery", r"^core::fmt|^<core::fmt|^<.* as core::fmt::|^core::num::fmt|DEC_DIGITS_LUT"),
    ("compiler_builtins: soft f64, 64-bit division, mem*", r"^compiler_builtins|^__aeabi|^__udiv|^__div|^__mul|^__add|^__sub|^__cmp|^__fix|^__float|^memcpy|^memset|^memmove|^memcmp"),
    ("core: panics", r"^core::panicking|^core::slice::index::slice_index_fail|_fail$|unwrap_failed"),
    ("core: other (str, slice, net, char)", r"^core::|^<core::|^<char|^<str|^<&str|^<\[|^<T as core::|^<A as core::|^cmov"),
    ("monetix_gate::json (parse, canonical lines, numbers)", r"monetix_gate::json"),
    ("monetix_gate::payout (builders, validation, banks)", r"monetix_gate::payout|monetix_gate::money"),
    ("monetix_gate::callback / response (typed views)", r"monetix_gate::(callback|response)"),
    ("monetix_gate: signing, ambiguity, the rest", r"monetix_gate"),
    ("heapless / base64 / zeroize", r"heapless|base64|zeroize"),
    ("main (with the library code LTO inlined into it)", r"__cortex_m_rt_main"),
    ("machine outliner (code shared by functions)", r"^OUTLINED_FUNCTION"),
    ("anonymous read-only data (tables, strings)", r"^\.Lanon|^\.L"),
    ("runtime: vector table, reset, semihosting", r"cortex_m|Reset|__pre_init|HardFault|DefaultHandler|__INTERRUPTS|__RESET|__EXCEPTIONS|__EXCEPTIONS|monetix_gate_firmware_test|rust_begin_unwind|semihosting"),
]


def symbol_groups(image: str) -> collections.Counter:
    sizes = collections.Counter()
    for line in run(tool("nm"), "-C", "-S", "--size-sort", image).splitlines():
        m = re.match(r"^[0-9a-f]+ ([0-9a-f]+) ([tTrRdD]) (.*)$", line)
        if not m:
            continue
        size, name = int(m.group(1), 16), m.group(3)
        for group, pattern in GROUPS:
            if re.search(pattern, name):
                sizes[group] += size
                break
        else:
            sizes["other"] += size
    return sizes


def cmd_symbols(image, base=None):
    got = symbol_groups(image)
    if base:
        got.subtract(symbol_groups(base))
    print(f"flash by symbol group (nm -S: text and read-only data symbols){' net of ' + base if base else ''}:")
    for group, size in sorted(got.items(), key=lambda kv: -kv[1]):
        if size:
            print(f"  {group:<52} {size:>8}")
    print(f"  {'total':<52} {sum(got.values()):>8}")


PANIC = re.compile(
    r"^(core::panicking::|core::slice::index::|core::option::unwrap_failed|core::option::expect_failed"
    r"|core::result::unwrap_failed|core::str::slice_error_fail|core::cell::panic_|rust_begin_unwind"
    r"|core::slice::copy_from_slice_impl::len_mismatch_fail|core::char::methods::encode_utf8_raw::do_panic"
    r"|core::.*::panic_cold|core::.*_fail$)"
)
FUNC = re.compile(r"^([0-9a-f]+) <(.*)>:$")
BRANCH = re.compile(r"^\s*([0-9a-f]+):\s+(b[a-z.]*)\s+[0-9a-f]+ <(.*?)(\+0x[0-9a-f]+)?>\s*$")
# Code of this repository and its dependencies (everything else is Rust's `core`).
OURS = re.compile(r"monetix_gate|sha2|hmac|digest|heapless|base64|zeroize|cortex_m|size_full|main")


def short_path(loc: str) -> str:
    path = loc.rsplit(":", 1)[0] if ":" in loc else loc
    line = loc.rsplit(":", 1)[1] if ":" in loc else "?"
    path = re.sub(r"^.*/library/", "std library: ", path)
    path = re.sub(r"^.*/registry/src/[^/]+/", "crate: ", path)
    path = re.sub(r"^.*?/(core|tests)/src/", r"monetix-gate: \1/src/", path)
    return f"{path}:{line}"


def cmd_panics(image):
    dis = run(tool("objdump"), "-d", "-C", "--no-show-raw-insn", image)
    func = None
    sites = []  # (address, caller, callee)
    callers = collections.defaultdict(set)
    for line in dis.splitlines():
        m = FUNC.match(line)
        if m:
            func = m.group(2)
            continue
        m = BRANCH.match(line)
        if not (m and func):
            continue
        callee = m.group(3)
        # (Panic functions never return: a branch out of one is not a call.)
        if callee != func and not PANIC.search(func):
            callers[callee].add(func)
        if PANIC.search(callee) and not PANIC.search(func):
            sites.append((m.group(1), func, callee))

    def ours_above(fn):
        """The nearest functions of ours that call `fn`, directly or through
        Rust's `core` (breadth first); the topmost `core` functions when the
        chain ends in an indirect call."""
        seen, frontier, found, tops = {fn}, [fn], set(), set()
        while frontier:
            nxt = []
            for f in frontier:
                ups = callers.get(f, set())
                if not ups:
                    tops.add(f)
                for u in ups:
                    if u in seen:
                        continue
                    seen.add(u)
                    (found.add(u) if OURS.search(u) else nxt.append(u))
            frontier = nxt
        return found, tops

    by_callee = collections.Counter(callee for _, _, callee in sites)
    print(f"{len(sites)} call sites of the panic machinery in {image}")
    print("(direct branches to a panic function from code that is not itself one)")
    print("\nby panic function:")
    for callee, n in by_callee.most_common():
        print(f"  {n:>4}  {callee}")

    # Each site's origin: the innermost inlined frame that is our code, else
    # (the site is in a `core` function that was not inlined) our functions
    # that reach that function.
    origin = collections.Counter()
    inner = collections.Counter()
    for addr, caller, _ in sites:
        frames = run(tool("addr2line"), "-i", "-f", "-C", "-e", image, "0x" + addr).splitlines()
        pairs = list(zip(frames[0::2], frames[1::2]))
        inner[(pairs[0][0], short_path(pairs[0][1])) if pairs else (caller, "?")] += 1
        mine = [(fn, loc) for fn, loc in pairs if "/library/" not in loc and OURS.search(fn)]
        if mine:
            fn, loc = mine[0]
            origin[f"{fn}  ({short_path(loc)}, inlined)"] += 1
        elif OURS.search(caller):
            origin[f"{caller}  (own code)"] += 1
        else:
            found, tops = ours_above(caller)
            if found:
                origin[f"{' / '.join(sorted(found))}  (through core: {caller})"] += 1
            else:
                origin[f"indirect call into {' / '.join(sorted(tops))}  (through core: {caller})"] += 1
    print("\nwhere each comes from (our code that reaches it):")
    for o, n in sorted(origin.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:>4}  {o}")
    print("\nthe check itself (innermost inlined frame):")
    for (fn, loc), n in sorted(inner.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:>4}  {fn}  ({loc})")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "sections":
        cmd_sections(args)
    elif cmd == "symbols":
        cmd_symbols(*args[:2])
    elif cmd == "panics":
        cmd_panics(args[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
