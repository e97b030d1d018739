#!/usr/bin/env python3
"""Benchmark report: speed against the HMAC floor (python3 standard library only).

Subcommands (run from anywhere; paths are relative to the repository root):

  criterion   (default) Reads criterion's ``target/criterion/**/estimates.json``
              and ``sample.json`` (written by ``cargo bench -p monetix-gate
              --bench sign``) and prints per benchmark the mean, its ratio to
              the floor measured in the same run, the fastest sample and its
              ratio, and each issue-7 target with met / MISSED. With saved
              baselines (``-- --save-baseline run1``, ``run2``, ...) every
              figure is the median over those runs (a shared machine's noise
              hits one run, not all); otherwise the last run (``new``).

  callgrind   Runs ``valgrind --tool=callgrind`` on ``core/examples/profile.rs``
              for every operation at two iteration counts and prints the
              per-operation instruction count (the difference divided by the
              difference in iterations, so start-up and the one-off checks
              cancel out), with the same ratios and targets; ``--breakdown``
              adds where they go (self cost by function family, from
              ``callgrind_annotate``). Build first (the ``profiling`` profile:
              release code with debug info, which ``release`` no longer has):
              ``cargo build --profile profiling -p monetix-gate --example profile``.

  size        Links the no_std check staticlib (tests/no-std-check, opt-level
              "z", LTO, built by scripts/no-std-check.sh) into a minimal C
              program that calls its entry points, with ``-Os
              -Wl,--gc-sections``, and prints the ``size`` of that program's
              text minus the text of the same program with the calls stubbed
              out: the code the library brings in.

  frames      Stack frame sizes of the library's functions in a binary (default:
              the newest ``profiling`` build of core/tests/stack.rs), read from the
              prologues in ``objdump -d`` (``sub $N,%rsp`` and LLVM's stack
              probes; x86-64): where the peak stack of core/tests/stack.rs goes.
              Build first: ``cargo test --profile profiling -p monetix-gate --test stack --no-run``.

Batch benchmarks (the ``batch`` group of core/benches/sign.rs: one ``Signer``
signing 10,000 distinct payouts) are reported PER PAYOUT, like-for-like with
the floors: criterion times one iteration = the whole batch, and the report
divides by the benchmark's throughput (``Throughput::Elements`` in criterion's
``benchmark.json``); in core/examples/profile.rs one iteration of a batch
operation is one payout of the batch, so its callgrind count is per payout
as it stands. Both tables then list each batch benchmark's ratio to the
floors and to the same payout signed alone (``BATCH_SINGLE``).

Options: ``--root DIR`` (repository root; default: this script's parent),
``--target-dir DIR`` (cargo target dir; default ROOT/target), ``--markdown``
(criterion and callgrind: a Markdown table for BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

FLOOR = "floor_hmac_with_key_setup"
FLOOR_KEYED = "floor_hmac_precomputed_key"
FLOOR_CALLBACK = "floor_hmac_callback_with_key_setup"

# (benchmark, limit as a ratio to FLOOR, target text)
TARGETS: List[Tuple[str, float, str]] = [
    ("sign_seed_body", 1.3, "sign seed body <= 1.3x floor"),
    ("sign_seed_body_reused_signer", 1.0, "reusable signer <= 1.0x floor (with key setup)"),
    ("typed_cambodia_build_sign", 1.3, "typed Cambodia build + sign <= 1.3x floor"),
    ("typed_colombia_build_sign", 1.3, "typed Colombia build + sign <= 1.3x floor"),
    ("verify_seed_callback_strict", 1.5, "verify seed callback (strict) <= 1.5x floor"),
    ("verify_seed_callback_tolerant", 1.5, "verify seed callback (tolerant) <= 1.5x floor"),
]

# Criterion benchmark name -> operation of core/examples/profile.rs.
PROFILE_OPS: Dict[str, str] = {
    FLOOR: "floor",
    FLOOR_KEYED: "floor_keyed",
    FLOOR_CALLBACK: "floor_callback",
    "sign_seed_body": "sign",
    "sign_seed_body_reused_signer": "signer",
    "typed_cambodia_build_sign": "cambodia",
    "typed_colombia_build_sign": "colombia",
    "typed_cambodia_build_sign_reused_signer": "cambodia_signer",
    "typed_colombia_build_sign_reused_signer": "colombia_signer",
    "verify_seed_callback_strict": "verify",
    "verify_seed_callback_tolerant": "verify_tolerant",
    "verify_parse_seed_callback": "parse",
    "verify_parse_seed_callback_reused_signer": "parse_signer",
    "large_callback_200_leaves_write": "canonical_large",
    # One payout of the batch per profile iteration (see the module docs).
    "batch_cambodia_typed_10000_reused_signer": "batch_typed",
    "batch_cambodia_read_json_10000_reused_signer": "batch_json",
}

# Payouts in the batch of core/examples/profile.rs (its BATCH): iteration i
# signs payout i % PROFILE_BATCH.
PROFILE_BATCH = 10_000

# Batch benchmark -> the single-payout benchmark of the same signing path.
BATCH_SINGLE: Dict[str, str] = {
    "batch_cambodia_typed_10000_reused_signer": "typed_cambodia_build_sign_reused_signer",
    "batch_cambodia_read_json_10000_reused_signer": "typed_cambodia_build_sign_reused_signer",
}


def fmt_ns(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.3f} µs"
    return f"{ns:.1f} ns"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(headers) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths)))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))


def print_targets(values: Dict[str, float], unit: str, markdown: bool) -> None:
    floor = values.get(FLOOR)
    if not floor:
        print(f"\n(no {FLOOR}: no targets evaluated)")
        return
    rows = []
    for name, limit, text in TARGETS:
        if name not in values:
            rows.append([text, "not measured", "", ""])
            continue
        ratio = values[name] / floor
        rows.append([text, f"{ratio:.2f}x", f"{limit:.1f}x", "met" if ratio <= limit else "MISSED"])
    print(f"\ntargets ({unit}, ratio to {FLOOR}):")
    print_table(["target", "measured", "limit", "status"], rows, markdown)


def print_targets_ratios(ratios: Dict[str, float], unit: str, markdown: bool) -> None:
    rows = []
    for name, limit, text in TARGETS:
        if name not in ratios:
            rows.append([text, "not measured", "", ""])
            continue
        r = ratios[name]
        rows.append([text, f"{r:.2f}x", f"{limit:.1f}x", "met" if r <= limit else "MISSED"])
    print(f"\ntargets ({unit}, ratio to {FLOOR}):")
    print_table(["target", "measured", "limit", "status"], rows, markdown)


# ---- criterion -------------------------------------------------------------------


def elements(run_dir: Path) -> int:
    """Elements per iteration of a benchmark (its ``Throughput::Elements``
    in ``benchmark.json``; 1 without one)."""
    meta = run_dir / "benchmark.json"
    if not meta.exists():
        return 1
    throughput = json.loads(meta.read_text()).get("throughput") or {}
    return int(throughput.get("Elements", 1))


def load_run(base: Path, run: str) -> Dict[str, Dict[str, float]]:
    """Per benchmark of one criterion run (``new`` or a saved baseline):
    mean and median (estimates.json) and the fastest sample (sample.json),
    in nanoseconds per element: per iteration, divided by the benchmark's
    ``Throughput::Elements`` if it has one (a batch: per payout)."""
    found: Dict[str, Dict[str, float]] = {}
    for est in sorted(base.glob(f"*/*/{run}/estimates.json")):
        bench_dir = est.parent.parent
        data = json.loads(est.read_text())
        per = elements(est.parent)
        entry = {
            "mean": data["mean"]["point_estimate"] / per,
            "median": data["median"]["point_estimate"] / per,
            "ci": (data["mean"]["confidence_interval"]["upper_bound"] - data["mean"]["confidence_interval"]["lower_bound"])
            / 2
            / data["mean"]["point_estimate"],
        }
        sample = est.parent / "sample.json"
        if sample.exists():
            sd = json.loads(sample.read_text())
            entry["fastest"] = min(t / n for t, n in zip(sd["times"], sd["iters"])) / per
        entry["elements"] = per
        found[f"{bench_dir.parent.name}/{bench_dir.name}"] = entry
    return found


def criterion(args: argparse.Namespace) -> int:
    base = Path(args.target_dir) / "criterion"
    if args.runs:
        runs = args.runs.split(",")
    else:
        names = {p.parent.name for p in base.glob("*/*/*/estimates.json")} - {"new", "base", "change"}
        runs = sorted(names) or ["new"]
    data = {r: load_run(base, r) for r in runs}
    data = {r: d for r, d in data.items() if d}
    if not data:
        print(f"no estimates under {base}; run `cargo bench -p monetix-gate --bench sign` first", file=sys.stderr)
        return 1
    floor_key = f"sign/{FLOOR}"
    benches: List[str] = []
    for d in data.values():
        for k in d:
            if k not in benches:
                benches.append(k)
    order: Dict[str, float] = {n: i for i, n in enumerate(PROFILE_OPS)}
    order["large_callback_200_leaves"] = order["large_callback_200_leaves_write"] + 0.5
    benches.sort(key=lambda k: order.get(k.split("/", 1)[1], len(order) + 1))

    def per_run(k: str, stat: str, ref: Optional[str]) -> List[float]:
        out = []
        for d in data.values():
            if k in d and stat in d[k]:
                v = d[k][stat]
                if ref is not None:
                    if ref not in d or stat not in d[ref]:
                        continue
                    v /= d[ref][stat]
                out.append(v)
        return out

    def med(xs: List[float]) -> float:
        xs = sorted(xs)
        n = len(xs)
        return (xs[n // 2] + xs[(n - 1) // 2]) / 2 if xs else float("nan")

    print(f"criterion runs: {', '.join(data)} ({base}); values and ratios are medians over the runs,")
    print("each ratio taken against the floor of the same run (mean; fastest sample in the last columns)")
    rows = []
    ratios: Dict[str, Dict[str, float]] = {"mean": {}, "fastest": {}}
    for k in benches:
        name = k.split("/", 1)[1]
        r_mean = per_run(k, "mean", floor_key)
        r_fast = per_run(k, "fastest", floor_key)
        ratios["mean"][name] = med(r_mean)
        ratios["fastest"][name] = med(r_fast)
        cb = per_run(k, "mean", f"sign/{FLOOR_CALLBACK}") if name.startswith("verify") else []
        rows.append(
            [
                k,
                fmt_ns(med(per_run(k, "mean", None))),
                f"±{med(per_run(k, 'ci', None)) * 100:.1f}%",
                f"{med(r_mean):.2f}x",
                f"{min(r_mean):.2f}–{max(r_mean):.2f}" if len(r_mean) > 1 else "",
                f"{med(per_run(k, 'mean', f'sign/{FLOOR_KEYED}')):.2f}x",
                f"{med(cb):.2f}x" if cb else "",
                fmt_ns(med(per_run(k, "fastest", None))),
                f"{med(r_fast):.2f}x",
            ]
        )
    print_table(
        [
            "benchmark",
            "mean",
            "95% CI",
            "mean/floor",
            "range over runs",
            "/keyed floor",
            "/callback floor",
            "fastest sample",
            "fastest/floor",
        ],
        rows,
        args.markdown,
    )
    batch = [k for k in benches if k.split("/", 1)[1] in BATCH_SINGLE]
    if batch:
        print_batch(
            [
                (
                    k.split("/", 1)[1],
                    int(med(per_run(k, "elements", None))),
                    med(per_run(k, "mean", None)),
                    fmt_ns(med(per_run(k, "mean", None))),
                    {
                        "floor": med(per_run(k, "mean", floor_key)),
                        "keyed": med(per_run(k, "mean", f"sign/{FLOOR_KEYED}")),
                        "single": med(per_run(k, "mean", f"sign/{BATCH_SINGLE[k.split('/', 1)[1]]}")),
                    },
                )
                for k in batch
            ],
            "criterion mean time per payout (median over runs of the batch mean / payouts)",
            args.markdown,
        )
    print_targets_ratios(ratios["mean"], "criterion means, median over runs", args.markdown)
    print_targets_ratios(ratios["fastest"], "criterion fastest samples, median over runs", args.markdown)
    return 0


def print_batch(rows_in: Sequence[Tuple[str, int, float, str, Dict[str, float]]], unit: str, markdown: bool) -> None:
    """The batch benchmarks, per payout, with their ratios (each taken in the
    same run) to the floors and to the same payout signed alone."""
    rows = []
    for name, n, _, shown, r in rows_in:
        rows.append(
            [
                name,
                f"{n:,}",
                shown,
                f"{r['floor']:.2f}x",
                f"{r['keyed']:.2f}x",
                f"{r['single']:.2f}x ({BATCH_SINGLE[name]})",
            ]
        )
    print(f"\nbatch: one Signer keyed once, distinct payouts; {unit}:")
    print_table(
        ["batch benchmark", "payouts", "per payout", f"/ {FLOOR}", f"/ {FLOOR_KEYED}", "/ one payout alone"],
        rows,
        markdown,
    )


# ---- callgrind -------------------------------------------------------------------


# Self cost of a function -> where the time goes (first match wins). Matched
# against the function's name only (callgrind_annotate prints
# "file:function"; code inlined from another file keeps the function's name).
CATEGORIES: List[Tuple[str, str]] = [
    ("SHA-512 / HMAC", r"sha2::|digest::|hmac::|hybrid_array|block_buffer"),
    ("memset (zeroing)", r"memset"),
    ("memcpy / memmove", r"memcpy|memmove"),
    ("base64", r"base64::|b64::"),
    ("JSON parse", r"json::parse::|json::string::|json::number::|json::marks::|from_utf8"),
    ("sort lines", r"ordered_lines|sort_lines|sibling_cmp|compare_lines|merge_sort|natural::|Scratch<"),
    ("write lines to the MAC", r"write_lines|MacSink|json::canonical::Src|json::canonical::Line|json::sink::"),
    ("payout validate + write", r"payout::"),
    ("callback reader", r"callback::|response::"),
]


def function_name(annotated: str) -> str:
    """The function part of callgrind_annotate's "file:function [object]"."""
    m = re.match(r"^(?:\S*?\.(?:rs|S|c|h)|\?\?\?|\S*?/[^:\s]*):(.*)$", annotated)
    return m.group(1) if m else annotated


def instructions(binary: Path, op: str, n: int, keep: Optional[Path] = None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = keep if keep is not None else Path(tmp) / "out"
        proc = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                str(binary),
                op,
                str(n),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    m = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
    if not m:
        raise RuntimeError(f"no instruction count in valgrind output:\n{proc.stderr}")
    return int(m.group(1))


def self_costs(out: Path) -> Dict[str, int]:
    """Self instruction counts by category from a callgrind output file."""
    text = subprocess.run(
        ["callgrind_annotate", "--threshold=100", "--auto=no", str(out)], capture_output=True, text=True, check=True
    ).stdout
    cats: Dict[str, int] = {}
    for line in text.splitlines():
        m = re.match(r"^\s*([\d,]+)\s+\([\s\d.]+%\)\s+(.*)$", line)
        if not m or "PROGRAM TOTALS" in line:
            continue
        n = int(m.group(1).replace(",", ""))
        name = m.group(2)
        func = function_name(name)
        cat = next((c for c, pat in CATEGORIES if re.search(pat, func)), "other")
        cats[cat] = cats.get(cat, 0) + n
    return cats


def callgrind(args: argparse.Namespace) -> int:
    if shutil.which("valgrind") is None:
        print("valgrind not found", file=sys.stderr)
        return 1
    binary = Path(args.target_dir) / "profiling" / "examples" / "profile"
    if not binary.exists():
        print(f"{binary} missing: cargo build --profile profiling -p monetix-gate --example profile", file=sys.stderr)
        return 1
    n1, n2 = args.n1, args.n2
    per_op: Dict[str, float] = {}
    breakdown: Dict[str, Dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, op in PROFILE_OPS.items():
            f1, f2 = Path(tmp) / f"{op}.1", Path(tmp) / f"{op}.2"
            a = instructions(binary, op, n1, f1 if args.breakdown else None)
            b = instructions(binary, op, n2, f2 if args.breakdown else None)
            per_op[name] = (b - a) / (n2 - n1)
            if args.breakdown:
                c1, c2 = self_costs(f1), self_costs(f2)
                breakdown[name] = {k: (c2.get(k, 0) - c1.get(k, 0)) / (n2 - n1) for k in set(c1) | set(c2)}
    floor = per_op[FLOOR]
    keyed = per_op[FLOOR_KEYED]
    cb = per_op[FLOOR_CALLBACK]
    rows = []
    for name, op in PROFILE_OPS.items():
        v = per_op[name]
        rows.append(
            [
                name,
                op,
                f"{v:,.0f}",
                f"{v / floor:.2f}x",
                f"{v / keyed:.2f}x",
                f"{v / cb:.2f}x" if name.startswith("verify") else "",
            ]
        )
    print(f"callgrind instructions per operation: (Ir({n2}) - Ir({n1})) / {n2 - n1}, {binary}")
    print("(a batch operation's iteration is one payout of its batch: its count is per payout)")
    print_table(
        ["benchmark", "profile op", "instructions", "/ floor", "/ keyed floor", "/ callback floor"],
        rows,
        args.markdown,
    )
    print_batch(
        [
            (
                name,
                PROFILE_BATCH,
                per_op[name],
                f"{per_op[name]:,.0f}",
                {"floor": per_op[name] / floor, "keyed": per_op[name] / keyed, "single": per_op[name] / per_op[single]},
            )
            for name, single in BATCH_SINGLE.items()
        ],
        "callgrind instructions per payout (one profile iteration = one payout)",
        args.markdown,
    )
    print_targets(per_op, "callgrind instructions", args.markdown)
    if args.breakdown:
        cats = [c for c, _ in CATEGORIES] + ["other"]
        print("\nwhere the instructions go (self cost per operation, by function family):")
        rows = []
        for name, op in PROFILE_OPS.items():
            bd = breakdown[name]
            rows.append([op] + [f"{bd.get(c, 0):,.0f}" for c in cats] + [f"{per_op[name]:,.0f}"])
        print_table(["op"] + cats + ["total"], rows, args.markdown)
    return 0


# ---- size of the no_std artefact ----------------------------------------------------

C_MAIN = r"""
#include <stddef.h>
#include <stdint.h>
int check_sign(const uint8_t *body, size_t len, uint8_t *out);
int check_verify(const uint8_t *body, size_t len);
int check_verify_strict(const uint8_t *body, size_t len);
size_t check_sign_body(const uint8_t *body, size_t len, uint8_t *out, size_t cap);
size_t check_cambodia_payout(const uint8_t *text, size_t len, uint8_t *out, size_t cap);
size_t check_colombia_payout(const uint8_t *text, size_t len, uint8_t *out, size_t cap);
static uint8_t buf[8192];
int main(int argc, char **argv) {
    size_t n = (size_t)argc;
    /* The same buffer traffic in both programs, so that only the calls differ. */
    buf[n] = (uint8_t)argv[0][0];
#if defined(WITH_SIGN) || defined(WITH_ALL)
    n += (size_t)check_sign(buf, n, buf + 4096);
#endif
#if defined(WITH_VERIFY) || defined(WITH_ALL)
    n += (size_t)check_verify(buf, n);
    n += (size_t)check_verify_strict(buf, n);
#endif
#ifdef WITH_ALL
    n += check_sign_body(buf, n, buf + 4096, 4096);
    n += check_cambodia_payout(buf, n, buf + 4096, 4096);
    n += check_colombia_payout(buf, n, buf + 4096, 4096);
#endif
    return (int)(buf[n & 0xfff] + n);
}
"""


def sections(exe: Path) -> Dict[str, int]:
    out = subprocess.run(["size", "-A", str(exe)], capture_output=True, text=True, check=True).stdout
    res: Dict[str, int] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            res[parts[0]] = int(parts[1])
    return res


def size(args: argparse.Namespace) -> int:
    lib = Path(args.root) / "tests/no-std-check/target/release/libmonetix_gate_no_std_check.a"
    if not lib.exists():
        print(f"{lib} missing: run scripts/no-std-check.sh first", file=sys.stderr)
        return 1
    cc = os.environ.get("CC", "cc")
    variants = [
        ("sign", ["-DWITH_SIGN"]),
        ("sign + verify", ["-DWITH_SIGN", "-DWITH_VERIFY"]),
        ("all (sign, sign_body, verify x2, both payouts)", ["-DWITH_ALL"]),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "main.c"
        src.write_text(C_MAIN)
        common = [cc, "-Os", "-ffunction-sections", "-fdata-sections", "-Wl,--gc-sections", str(src)]
        empty = Path(tmp) / "empty"
        subprocess.run(common + ["-o", str(empty)], check=True)
        base = sections(empty)
        results = []
        for i, (label, flags) in enumerate(variants):
            exe = Path(tmp) / f"v{i}"
            subprocess.run(common + flags + ["-o", str(exe), str(lib)], check=True)
            results.append((label, sections(exe)))
    print(f"no_std artefact linked into a C program ({cc} -Os -ffunction-sections -fdata-sections -Wl,--gc-sections),")
    print("bytes added over the same program without the calls")
    print(f"staticlib: {lib}")
    names = [".text", ".rodata", ".data.rel.ro", ".data", ".bss", ".eh_frame"]
    rows = []
    for label, sec in results:
        delta = {n: sec.get(n, 0) - base.get(n, 0) for n in names}
        rows.append([label] + [f"{delta[n]:,}" for n in names] + [f"{delta['.text'] + delta['.rodata'] + delta['.data.rel.ro']:,}"])
    print_table(["entry points linked"] + names + ["code + read-only data"], rows, args.markdown)
    return 0


# ---- stack frames ---------------------------------------------------------------


def frame_sizes(binary: Path) -> Dict[str, int]:
    """Bytes each function's prologue moves the stack pointer (x86-64)."""
    dis = subprocess.run(
        ["objdump", "-d", "--no-show-raw-insn", "-C", str(binary)], capture_output=True, text=True, check=True
    ).stdout
    frames: Dict[str, int] = {}
    fn: Optional[str] = None
    done = True
    total = lea = 0
    for line in dis.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            fn, done, total, lea = m.group(1), False, 0, 0
            continue
        if fn is None or done or "\t" not in line:
            continue
        ins = line.split("\t")[-1].strip()
        m = re.match(r"sub\s+\$0x([0-9a-f]+),%rsp", ins)
        if m:
            v = int(m.group(1), 16)
            if not (lea and v == 0x1000):  # a probe loop's step
                total += v
                frames[fn] = lea + total
            continue
        m = re.match(r"lea\s+-0x([0-9a-f]+)\(%rsp\),%r11", ins)  # probe loop bound
        if m:
            lea = int(m.group(1), 16)
            continue
        if re.match(r"(push|movq\s+\$0x0,\(%rsp\)|orq?\s+\$0x0,\(%rsp\)|cmp\s+%r11,%rsp|jne|endbr64|mov\s+%rsp,%rbp)", ins):
            continue  # still in the prologue (pushes, probes)
        done = True
    return frames


def frames(args: argparse.Namespace) -> int:
    if args.binary:
        binary = Path(args.binary)
    else:
        deps = Path(args.target_dir) / "profiling" / "deps"
        found = sorted(
            (p for p in deps.glob("stack-*") if p.is_file() and os.access(p, os.X_OK) and not p.suffix),
            key=lambda p: p.stat().st_mtime,
        )
        if not found:
            print("no stack test binary: cargo test --profile profiling -p monetix-gate --test stack --no-run", file=sys.stderr)
            return 1
        binary = found[-1]
    sizes = frame_sizes(binary)
    rows = [
        [f"{v:,}", name if len(name) <= 110 else name[:107] + "..."]
        for name, v in sorted(sizes.items(), key=lambda kv: -kv[1])
        if "monetix_gate" in name and v >= args.min_frame
    ]
    print(f"stack frames of monetix_gate functions >= {args.min_frame} bytes in {binary}")
    print_table(["frame bytes", "function"], rows, args.markdown)
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    root = Path(__file__).resolve().parent.parent
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", nargs="?", default="criterion", choices=["criterion", "callgrind", "size", "frames"])
    p.add_argument("--binary", help="frames: the binary to read (default: newest profiling-profile stack test)")
    p.add_argument("--min-frame", type=int, default=512, help="frames: smallest frame listed (bytes)")
    p.add_argument("--root", default=str(root))
    p.add_argument("--target-dir", default=None)
    p.add_argument("--markdown", action="store_true")
    p.add_argument("--runs", help="criterion: comma-separated runs (default: every saved baseline, else `new`)")
    p.add_argument("--n1", type=int, default=200, help="callgrind: first iteration count")
    p.add_argument("--n2", type=int, default=1200, help="callgrind: second iteration count")
    p.add_argument("--breakdown", action="store_true", help="callgrind: self cost by function family")
    args = p.parse_args(argv)
    if args.target_dir is None:
        args.target_dir = os.environ.get("CARGO_TARGET_DIR", str(Path(args.root) / "target"))
    commands = {"criterion": criterion, "callgrind": callgrind, "size": size, "frames": frames}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
