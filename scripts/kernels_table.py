#!/usr/bin/env python3
"""Summarise shortcrust_kernels_bench JSON output (--benchmark_out_format=json).

Usage: scripts/kernels_table.py FILE.json
Prints, per kernel, the CPU time per run of native, interp and interp_nogas, then
interp/native and the gas-metering overhead (interp/interp_nogas - 1). Kernels whose
benchmark reported an error show it instead. Medians are used when the run had
repetitions. Ratios describe one run on one machine; nothing here is a pass/fail check.
"""
import json
import statistics
import sys

MODES = ("native", "interp", "interp_nogas")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2])
    with open(sys.argv[1], encoding="utf-8") as f:
        report = json.load(f)
    times = {}   # kernel -> mode -> [ms]
    errors = {}  # kernel -> message
    order = []
    for bench in report.get("benchmarks", []):
        if bench.get("run_type") == "aggregate":
            continue
        parts = bench["name"].split("/")
        if len(parts) < 3 or parts[0] != "kernel" or parts[2] not in MODES:
            continue
        kernel, mode = parts[1], parts[2]
        if kernel not in order:
            order.append(kernel)
        if bench.get("error_occurred"):
            errors.setdefault(kernel, f"{mode}: {bench.get('error_message', 'error')}")
            continue
        scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[bench.get("time_unit", "ns")]
        times.setdefault(kernel, {}).setdefault(mode, []).append(bench["cpu_time"] * scale)

    print(f"{'kernel':<12} {'native ms':>10} {'interp ms':>10} {'nogas ms':>10} "
          f"{'interp/native':>14} {'metering':>9}")
    for kernel in order:
        if kernel in errors:
            print(f"{kernel:<12} error: {errors[kernel]}")
            continue
        t = {m: statistics.median(v) for m, v in times.get(kernel, {}).items()}
        if any(m not in t for m in MODES):
            print(f"{kernel:<12} incomplete (filtered out?)")
            continue
        ratio = t["interp"] / t["native"]
        overhead = (t["interp"] / t["interp_nogas"] - 1.0) * 100.0
        print(f"{kernel:<12} {t['native']:>10.2f} {t['interp']:>10.2f} {t['interp_nogas']:>10.2f} "
              f"{ratio:>13.1f}x {overhead:>+8.1f}%")


if __name__ == "__main__":
    main()
