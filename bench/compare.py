#!/usr/bin/env python3
"""Side-by-side kernel benchmarks: Shortcrust against native code and peer engines.

Usage: bench/compare.py [--runs N] [--kernels a,b] [--engines e,f] [--warmup W] [--check]
                        [--no-gas] [--build-dir DIR] [--out-dir DIR]
                        [--json FILE] [--csv FILE] [--chart FILE.svg]

Runs each kernel of bench/kernels/kernels.def under every engine (ENGINES below) that is
available here, one process per (run, kernel, engine), alternating engines run by run
(round-robin, the order rotated each run so no engine always goes first), and reports
the median time per (kernel, engine) with ratios to native and to shortcrust-jit.
scripts/compare.sh builds what this needs (the release preset) and runs it.

Timing. Where the engine allows, only the kernel call is timed: shortcrust_kernel_runner
(compile and instantiate untimed, then Store::call), shortcrust_native_runner and
bench/node_runner.js each make W warm-up calls (default 1) and then one timed call at the
same n, in one process. wasmtime, wasm3 and iwasm cannot time a call themselves: their
whole process is timed with n and again with n = 0 (back to back in the same run), and
the difference is the call's time (start-up, compilation and instantiation cancel out;
no warm-up call). Peers that are not on PATH are reported as "missing", never measured.

Correctness. Every result must equal the native checksum (compared as i32/i64 bit
patterns); a mismatch or a failed run is printed as an error, its cells say so, and the
exit status is 1. --check runs the small `check n` sizes once (the CTest
bench.compare.smoke), where only this matters; timings are never asserted.

Shortcrust runs with gas metering on (what contracts pay); --no-gas turns it off for a
like-for-like comparison with engines that do not meter.
Python 3 standard library only.
"""
import argparse
import csv
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
KERNELS_DEF = os.path.join(BENCH_DIR, "kernels", "kernels.def")
NODE_RUNNER = os.path.join(BENCH_DIR, "node_runner.js")
REFERENCE = "native"
JIT = "shortcrust-jit"

# (name, kind, program, extra arguments). Kinds: "native" and "shortcrust" are our runners
# in the build folder, "node" runs bench/node_runner.js, "cli" peers are timed as whole
# processes. The order is the column order of the tables.
ENGINES = (
    ("native", "native", None, ()),
    ("shortcrust-interp", "shortcrust", None, ("--engine", "interp")),
    ("shortcrust-jit", "shortcrust", None, ("--engine", "jit")),
    ("wasmtime", "cli", "wasmtime", ()),
    ("wasm3", "cli", "wasm3", ()),
    ("iwasm", "cli", "iwasm", ()),
    ("node-liftoff", "node", "node", ("--liftoff", "--no-wasm-tier-up")),
    ("node", "node", "node", ()),
)


class Kernel:
    def __init__(self, name, result_type, n, check_n):
        self.name, self.result_type, self.n, self.check_n = name, result_type, n, check_n

    def bits(self):
        return 32 if self.result_type == "I32" else 64


def read_kernels():
    """The rows of kernels.def, in order: X(name, I32|I64, n, check n)."""
    kernels = []
    with open(KERNELS_DEF, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*X\(\s*(\w+)\s*,\s*(I32|I64)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)", line)
            if m:
                kernels.append(Kernel(m.group(1), m.group(2), int(m.group(3)), int(m.group(4))))
    return kernels


def same_checksum(a, b, bits):
    """Equal as `bits`-bit patterns (one engine may print an i32 unsigned)."""
    mask = (1 << bits) - 1
    return (a & mask) == (b & mask)


class RunError(Exception):
    """One run failed; `unavailable` means the engine cannot run here at all."""

    def __init__(self, message, unavailable=False):
        super().__init__(message)
        self.unavailable = unavailable


def run_process(command, timeout):
    """(exit status, stdout, stderr, wall ns) of one process."""
    start = time.perf_counter_ns()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as e:
        raise RunError(f"timed out after {timeout} s: {' '.join(command)}") from e
    except OSError as e:
        raise RunError(f"cannot start {command[0]}: {e}") from e
    return done.returncode, done.stdout, done.stderr, time.perf_counter_ns() - start


class Engine:
    def __init__(self, name, kind, program, extra, args):
        self.name, self.kind, self.extra, self.args = name, kind, list(extra), args
        self.status = "ok"   # ok | missing | unavailable | failed
        self.reason = ""
        self.path = None
        self.version = ""
        bench_bin = os.path.join(args.build_dir, "bench")
        if kind == "native":
            self.path = os.path.join(bench_bin, "shortcrust_native_runner")
        elif kind == "shortcrust":
            self.path = os.path.join(bench_bin, "shortcrust_kernel_runner")
            if args.no_gas:
                self.extra.append("--no-gas")
        else:
            self.path = shutil.which(program)
        if kind in ("native", "shortcrust"):
            if not os.access(self.path, os.X_OK):
                self.status, self.reason = "failed", f"{self.path} not built (scripts/compare.sh builds it)"
        elif self.path is None:
            self.status, self.reason = "missing", f"{program} not found on PATH"
        else:
            self.version = self.ask_version()

    def ask_version(self):
        try:
            done = subprocess.run([self.path, "--version"], capture_output=True, text=True, timeout=20, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return ""
        text = (done.stdout or done.stderr).strip().splitlines()
        return text[0] if text else ""

    def wasm(self, kernel):
        return os.path.join(self.args.build_dir, "bench", "kernels", kernel.name + ".wasm")

    def run(self, kernel, n):
        """(result as int, call time in ns) of one run, or raises RunError."""
        if self.kind == "cli":
            return self.run_cli(kernel, n)
        calls = str(1 + self.args.warmup)
        if self.kind == "native":
            command = [self.path, kernel.name, str(n), "--runs", calls]
        elif self.kind == "shortcrust":
            command = [self.path, self.wasm(kernel), "run_" + kernel.name, str(n), "--runs", calls] + self.extra
        else:
            command = [self.path] + self.extra + [NODE_RUNNER, self.wasm(kernel), "run_" + kernel.name, str(n),
                                                  "--runs", calls]
        status, out, err, _ = run_process(command, self.args.timeout)
        report = None
        for line in out.splitlines()[::-1]:
            if line.startswith("{"):
                try:
                    report = json.loads(line)
                except ValueError:
                    pass
                break
        if report is None:
            raise RunError(f"exit {status}, no report: {(err or out).strip()[:300]}")
        if "error" in report:
            raise RunError(report["error"], unavailable=(self.kind == "shortcrust" and status == 3))
        if status != 0:
            raise RunError(f"exit {status}: {err.strip()[:300]}")
        return int(report["result"]), int(report["times_ns"][-1])

    def cli_command(self, kernel, n):
        export, wasm = "run_" + kernel.name, self.wasm(kernel)
        if self.name == "wasmtime":
            return [self.path, "run", "--invoke", export, wasm, str(n)]
        if self.name == "wasm3":
            return [self.path, "--func", export, wasm, str(n)]
        return [self.path, "-f", export, wasm, str(n)]  # iwasm

    @staticmethod
    def parse_cli_result(out):
        """The returned integer as the peers print it: iwasm "0x1f:i32", wasm3
        "Result: 31", wasmtime "31"; the last such value on stdout."""
        hexes = re.findall(r"0x([0-9a-fA-F]+):i(?:32|64)", out)
        if hexes:
            return int(hexes[-1], 16)
        numbers = re.findall(r"-?\d+", out)
        if not numbers:
            raise RunError(f"no result in output: {out.strip()[:300]}")
        return int(numbers[-1])

    def run_cli(self, kernel, n):
        status, out, err, full_ns = run_process(self.cli_command(kernel, n), self.args.timeout)
        if status != 0:
            raise RunError(f"exit {status}: {(err or out).strip()[:300]}")
        result = self.parse_cli_result(out)
        status, _, err, empty_ns = run_process(self.cli_command(kernel, 0), self.args.timeout)
        if status != 0:
            raise RunError(f"n = 0 run: exit {status}: {err.strip()[:300]}")
        return result, max(full_ns - empty_ns, 0)


def measure(engines, kernels, args):
    """samples[(kernel, engine)] = [ns...], errors[(kernel, engine)] = [message...] and
    the native checksum per kernel."""
    samples, errors, expected = {}, {}, {}
    for run in range(args.runs):
        for kernel in kernels:
            n = kernel.check_n if args.check else kernel.n
            # Native first on the first run (its checksum is the reference), then a
            # rotated order so that no engine always runs right after another.
            live = [e for e in engines if e.status == "ok"]
            if run > 0:
                shift = run % len(live)
                live = live[shift:] + live[:shift]
            for engine in live:
                if engine.status != "ok":
                    continue
                key = (kernel.name, engine.name)
                try:
                    result, ns = engine.run(kernel, n)
                except RunError as e:
                    if e.unavailable:
                        engine.status, engine.reason = "unavailable", str(e)
                    else:
                        errors.setdefault(key, []).append(str(e))
                        print(f"error: {kernel.name} on {engine.name}: {e}", file=sys.stderr)
                    continue
                if engine.name == REFERENCE and kernel.name not in expected:
                    expected[kernel.name] = result
                want = expected.get(kernel.name)
                if want is None or not same_checksum(result, want, kernel.bits()):
                    message = (f"result {result} differs from native {want}" if want is not None
                               else "no native checksum to compare with")
                    errors.setdefault(key, []).append(message)
                    print(f"error: {kernel.name} on {engine.name}: {message}", file=sys.stderr)
                    continue
                samples.setdefault(key, []).append(ns)
            if not args.quiet:
                print(f"  run {run + 1}/{args.runs}: {kernel.name} done", file=sys.stderr)
    return samples, errors, expected


def geomean(values):
    values = [v for v in values if v > 0]  # a CLI peer's time can round to 0 at tiny n
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def summarise(engines, kernels, samples, errors):
    """rows[kernel][engine] = {median_ms, ratio_native, ratio_jit, runs, error}."""
    rows = {}
    for kernel in kernels:
        row = rows.setdefault(kernel.name, {})
        for engine in engines:
            key = (kernel.name, engine.name)
            cell = {"median_ms": None, "ratio_native": None, "ratio_jit": None,
                    "runs": len(samples.get(key, [])), "error": "; ".join(dict.fromkeys(errors.get(key, [])))}
            if key in samples and key not in errors:
                cell["median_ms"] = statistics.median(samples[key]) / 1e6
            row[engine.name] = cell
        for name, cell in row.items():
            base, jit = row[REFERENCE]["median_ms"], row.get(JIT, {}).get("median_ms")
            if cell["median_ms"] is not None and base:
                cell["ratio_native"] = cell["median_ms"] / base
            if cell["median_ms"] is not None and jit:
                cell["ratio_jit"] = cell["median_ms"] / jit
    means = {}
    for engine in engines:
        for ratio in ("ratio_native", "ratio_jit"):
            values = [rows[k.name][engine.name][ratio] for k in kernels
                      if rows[k.name][engine.name][ratio] is not None]
            means[(engine.name, ratio)] = geomean(values)
    return rows, means


def format_table(headers, body):
    widths = [max(len(r[i]) for r in body + [headers]) for i in range(len(headers))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    rule = "|" + "|".join(("-" * (w + 2)) if i == 0 else ("-" * (w + 1) + ":") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(headers), rule] + [line(r) for r in body])


def cell_text(cell, ratio, with_time):
    if cell["error"]:
        return "ERROR" if "differs" not in cell["error"] else "MISMATCH"
    if cell["median_ms"] is None:
        return "n/a"
    r = cell[ratio]
    ratio_text = f"{r:.2f}x" if r is not None else "n/a"
    return f"{cell['median_ms']:.2f} ms ({ratio_text})" if with_time else ratio_text


def tables(engines, kernels, rows, means):
    shown = [e for e in engines if e.status == "ok" or any(rows[k.name][e.name]["error"] for k in kernels)]
    headers = ["kernel"] + [e.name for e in shown]
    first = [[k.name] + [cell_text(rows[k.name][e.name], "ratio_native", True) for e in shown] for k in kernels]
    first.append(["geomean"] + [f"({means[(e.name, 'ratio_native')]:.2f}x)"
                                if means[(e.name, "ratio_native")] else "n/a" for e in shown])
    out = ["Median time of one kernel call (ratio to native):", "", format_table(headers, first)]
    if any(e.name == JIT for e in shown):
        second = [[k.name] + [cell_text(rows[k.name][e.name], "ratio_jit", False) for e in shown] for k in kernels]
        second.append(["geomean"] + [f"{means[(e.name, 'ratio_jit')]:.2f}x"
                                     if means[(e.name, "ratio_jit")] else "n/a" for e in shown])
        out += ["", f"Ratio to {JIT} (below 1: faster than our JIT):", "", format_table(headers, second)]
    return "\n".join(out)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "nproc": os.cpu_count(), "system": f"{platform.system()} {platform.release()}",
            "date": datetime.date.today().isoformat()}


def engine_lines(engines):
    lines = []
    for e in engines:
        if e.status == "ok":
            what = e.version or e.path
            if e.kind == "node":
                what += " " + (" ".join(e.extra) if e.extra else "(default tiering)")
            lines.append(f"- {e.name}: {what}")
        else:
            lines.append(f"- {e.name}: {e.status} ({e.reason})")
    return "\n".join(lines)


def write_json(path, info, engines, kernels, rows, means, samples, expected, args):
    report = {
        "machine": info,
        "settings": {"runs": args.runs, "warmup": args.warmup, "check": args.check,
                     "gas_metering": not args.no_gas},
        "engines": [{"name": e.name, "status": e.status, "reason": e.reason, "path": e.path,
                     "version": e.version, "flags": e.extra} for e in engines],
        "kernels": [{"name": k.name, "result_type": k.result_type,
                     "n": k.check_n if args.check else k.n, "native_checksum": expected.get(k.name)}
                    for k in kernels],
        "results": [dict(kernel=k.name, engine=e.name,
                         samples_ms=[ns / 1e6 for ns in samples.get((k.name, e.name), [])],
                         **rows[k.name][e.name]) for k in kernels for e in engines],
        "geomean": {e.name: {"ratio_native": means[(e.name, "ratio_native")],
                             "ratio_jit": means[(e.name, "ratio_jit")]} for e in engines},
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")


def write_csv(path, engines, kernels, rows, args):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kernel", "engine", "n", "median_ms", "ratio_to_native", "ratio_to_shortcrust_jit", "runs",
                    "status"])
        for k in kernels:
            for e in engines:
                c = rows[k.name][e.name]
                status = "error: " + c["error"] if c["error"] else (e.status if e.status != "ok" else "ok")
                fmt = lambda v: "" if v is None else f"{v:.6g}"  # noqa: E731
                w.writerow([k.name, e.name, k.check_n if args.check else k.n, fmt(c["median_ms"]),
                            fmt(c["ratio_native"]), fmt(c["ratio_jit"]), c["runs"], status])


# Colour per engine (colour-blind-safe palette), in ENGINES order without native.
COLOURS = ("#0072b2", "#56b4e9", "#d55e00", "#cc79a7", "#e69f00", "#009e73", "#f0e442")


def svg_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_chart(path, info, engines, kernels, rows, means):
    """Grouped bars of the ratio to native per kernel (and the geometric mean), on a log
    scale with bars growing from 1x (native) up (slower) or down (faster)."""
    shown = [e for e in engines if e.name != REFERENCE and any(
        rows[k.name][e.name]["ratio_native"] is not None for k in kernels)]
    groups = [(k.name, [rows[k.name][e.name]["ratio_native"] for e in shown]) for k in kernels]
    groups.append(("geomean", [means[(e.name, "ratio_native")] for e in shown]))
    values = [v for _, vs in groups for v in vs if v]
    low = 10 ** math.floor(math.log10(min(values + [1.0])))
    high = 10 ** math.ceil(math.log10(max(values + [1.0]) * 1.0001))
    if high <= low:
        high = low * 10
    bar, gap = 14, 18
    group_width = max(len(shown), 1) * bar + gap
    left, top, plot_h = 70, 50, 360
    legend_h = 22 * ((len(shown) + 2) // 3)
    width = left + len(groups) * group_width + 30
    width = max(width, 640)
    height = top + plot_h + 90 + legend_h

    def y_of(ratio):
        return top + plot_h * (math.log10(high) - math.log10(ratio)) / (math.log10(high) - math.log10(low))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14" font-weight="bold">Kernel time relative to native '
           f'(log scale, lower is faster)</text>',
           f'<text x="{left}" y="37" fill="#555">{svg_escape(info["cpu"])}, {info["nproc"]} cores, '
           f'{info["date"]}</text>']
    decade = low
    while decade <= high * 1.0001:
        for step in (1, 2, 5):
            tick = decade * step
            if tick < low * 0.9999 or tick > high * 1.0001:
                continue
            y = y_of(tick)
            major = step == 1
            out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" '
                       f'stroke="{"#bbb" if major else "#e4e4e4"}"/>')
            label = f"{tick:g}x"
            out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                       f'fill="{"#000" if major else "#888"}">{label}</text>')
        decade *= 10
    base_y = y_of(1.0)
    for g, (name, ratios) in enumerate(groups):
        x0 = left + g * group_width + gap / 2
        for i, ratio in enumerate(ratios):
            if not ratio:
                continue
            y = y_of(ratio)
            top_y, h = min(y, base_y), abs(base_y - y)
            out.append(f'<rect x="{x0 + i * bar:.1f}" y="{top_y:.1f}" width="{bar - 2}" height="{max(h, 1):.1f}" '
                       f'fill="{COLOURS[i % len(COLOURS)]}"><title>{svg_escape(shown[i].name)} {name}: '
                       f'{ratio:.2f}x</title></rect>')
        cx = x0 + len(ratios) * bar / 2
        out.append(f'<text x="{cx:.1f}" y="{top + plot_h + 14}" text-anchor="end" '
                   f'transform="rotate(-35 {cx:.1f} {top + plot_h + 14})">{svg_escape(name)}</text>')
    out.append(f'<line x1="{left}" y1="{base_y:.1f}" x2="{width - 20}" y2="{base_y:.1f}" stroke="#000"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#000"/>')
    legend_y = top + plot_h + 75
    for i, e in enumerate(shown):
        lx, ly = left + (i % 3) * 200, legend_y + (i // 3) * 22
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>')
        out.append(f'<text x="{lx + 18}" y="{ly}">{svg_escape(e.name)}</text>')
    missing = [e.name for e in engines if e.status in ("missing", "unavailable")]
    if missing:
        out.append(f'<text x="{left}" y="{height - 8}" fill="#555">not measured (missing here): '
                   f'{svg_escape(", ".join(missing))}</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="runs per (kernel, engine); the median is reported")
    p.add_argument("--kernels", help="comma-separated kernel names (default: all of kernels.def)")
    p.add_argument("--engines", help="comma-separated engine names (default: all; native always runs)")
    p.add_argument("--warmup", type=int, default=1, help="untimed calls before the timed one (in-process engines)")
    p.add_argument("--check", action="store_true", help="small sizes, only verify the checksums")
    p.add_argument("--no-gas", action="store_true", help="run Shortcrust without gas metering")
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build", "release"))
    p.add_argument("--out-dir", help="default outputs' folder (default: BUILD_DIR/compare)")
    p.add_argument("--json", help="JSON output (default: OUT_DIR/compare.json)")
    p.add_argument("--csv", help="CSV output (default: OUT_DIR/compare.csv)")
    p.add_argument("--chart", help="SVG chart of the ratios to native (default: OUT_DIR/compare.svg)")
    p.add_argument("--timeout", type=int, default=600, help="seconds per process")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    args = p.parse_args()
    if args.runs < 1 or args.warmup < 0:
        p.error("--runs must be at least 1 and --warmup at least 0")
    args.build_dir = os.path.abspath(args.build_dir)
    out_dir = args.out_dir or os.path.join(args.build_dir, "compare")
    args.json = args.json or os.path.join(out_dir, "compare.json")
    args.csv = args.csv or os.path.join(out_dir, "compare.csv")
    args.chart = args.chart or os.path.join(out_dir, "compare.svg")
    return args


def main():
    args = parse_args()
    kernels = read_kernels()
    if args.kernels:
        wanted = args.kernels.split(",")
        unknown = [w for w in wanted if w not in {k.name for k in kernels}]
        if unknown:
            sys.exit(f"compare.py: unknown kernel(s) {', '.join(unknown)}; kernels.def has "
                     f"{', '.join(k.name for k in kernels)}")
        kernels = [k for k in kernels if k.name in wanted]
    specs = ENGINES
    if args.engines:
        wanted = set(args.engines.split(",")) | {REFERENCE}
        unknown = wanted - {s[0] for s in ENGINES}
        if unknown:
            sys.exit(f"compare.py: unknown engine(s) {', '.join(sorted(unknown))}; engines: "
                     f"{', '.join(s[0] for s in ENGINES)}")
        specs = [s for s in ENGINES if s[0] in wanted]
    engines = [Engine(*spec, args) for spec in specs]
    if engines[0].status != "ok":
        sys.exit(f"compare.py: {engines[0].reason}")
    info = machine()
    print(f"Engines ({info['cpu']}, {info['nproc']} cores, {info['date']}):\n{engine_lines(engines)}\n",
          file=sys.stderr)

    samples, errors, expected = measure(engines, kernels, args)
    rows, means = summarise(engines, kernels, samples, errors)

    mode = "check sizes, " if args.check else ""
    metering = "off" if args.no_gas else "on"
    print(f"\n{len(kernels)} kernels, {args.runs} run(s) each, {mode}{args.warmup} warm-up call(s) in-process; "
          f"Shortcrust gas metering {metering}.\n")
    print(tables(engines, kernels, rows, means))
    print(f"\nEngines:\n{engine_lines(engines)}")

    for path in (args.json, args.csv, args.chart):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    write_json(args.json, info, engines, kernels, rows, means, samples, expected, args)
    write_csv(args.csv, engines, kernels, rows, args)
    write_chart(args.chart, info, engines, kernels, rows, means)
    print(f"\nWrote {args.json}, {args.csv} and {args.chart}")

    failures = sorted(set(errors))
    if failures:
        print(f"\nFAILED: {len(failures)} (kernel, engine) pair(s) failed or differ from native:", file=sys.stderr)
        for kernel, engine in failures:
            print(f"  {kernel} on {engine}: {'; '.join(dict.fromkeys(errors[(kernel, engine)]))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
