#!/usr/bin/env python3
"""Summarise shortcrust_kernels_bench JSON output (--benchmark_out_format=json).

Usage: scripts/kernels_table.py FILE.json
Prints a markdown table: per kernel, the CPU time per run of native, interp,
interp_nogas, jit and jit_nogas, then interp/native, jit/native, interp/jit and the
gas-metering overhead of each tier (metered/unmetered - 1), and a last row with the
geometric mean of every ratio over the kernels that have both sides. Variants that
reported an error (the JIT before it lands: "unavailable (...)") show n/a, and their
messages are listed under the table. Medians are used when the run had repetitions.
Ratios describe one run on one machine; nothing here is a pass/fail check.
"""
import json
import math
import statistics
import sys

MODES = ("native", "interp", "interp_nogas", "jit", "jit_nogas")
TIME_COLUMNS = (("native ms", "native"), ("interp ms", "interp"), ("interp no-gas ms", "interp_nogas"),
                ("jit ms", "jit"), ("jit no-gas ms", "jit_nogas"))
# (header, numerator, denominator, style): "x" prints the ratio, "%" prints ratio - 1.
RATIO_COLUMNS = (("interp/native", "interp", "native", "x"),
                 ("jit/native", "jit", "native", "x"),
                 ("interp/jit", "interp", "jit", "x"),
                 ("interp metering", "interp", "interp_nogas", "%"),
                 ("JIT metering overhead", "jit", "jit_nogas", "%"))
SCALE_TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}


def read(path):
    """Returns (kernel order, kernel -> mode -> median ms, (mode, message) -> [kernel])."""
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    samples, errors, order = {}, {}, []
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
            kernels = errors.setdefault((mode, bench.get("error_message", "error")), [])
            if kernel not in kernels:
                kernels.append(kernel)
            continue
        scale = SCALE_TO_MS[bench.get("time_unit", "ns")]
        samples.setdefault(kernel, {}).setdefault(mode, []).append(bench["cpu_time"] * scale)
    times = {k: {m: statistics.median(v) for m, v in modes.items()} for k, modes in samples.items()}
    return order, times, errors


def ratio_cell(value, style):
    if value is None:
        return "n/a"
    return f"{value:.2f}x" if style == "x" else f"{(value - 1.0) * 100.0:+.1f}%"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2])
    order, times, errors = read(sys.argv[1])

    headers = ["kernel"] + [h for h, _ in TIME_COLUMNS] + [h for h, *_ in RATIO_COLUMNS]
    rows = []
    ratios = {h: [] for h, *_ in RATIO_COLUMNS}  # for the geometric means
    for kernel in order:
        t = times.get(kernel, {})
        row = [kernel] + [f"{t[m]:.2f}" if m in t else "n/a" for _, m in TIME_COLUMNS]
        for header, num, den, style in RATIO_COLUMNS:
            value = t[num] / t[den] if num in t and den in t and t[den] > 0 else None
            if value is not None:
                ratios[header].append(value)
            row.append(ratio_cell(value, style))
        rows.append(row)
    geomean = ["geomean"] + [""] * len(TIME_COLUMNS)
    for header, _, _, style in RATIO_COLUMNS:
        values = ratios[header]
        mean = math.exp(sum(map(math.log, values)) / len(values)) if values else None
        geomean.append(ratio_cell(mean, style))
    rows.append(geomean)

    widths = [max(len(r[i]) for r in rows + [headers]) for i in range(len(headers))]
    def line(cells):
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    print(line(headers))
    print("|" + "|".join(("-" * (w + 1) + ":") if i else ("-" * (w + 2))
                         for i, w in enumerate(widths)) + "|")
    for row in rows:
        print(line(row))

    if errors:
        print()
        for (mode, message), kernels in sorted(errors.items()):
            where = "every kernel" if len(kernels) == len(order) else ", ".join(kernels)
            print(f"- {mode} not measured ({where}): {message}")


if __name__ == "__main__":
    main()
