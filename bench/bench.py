"""bench.py runs every benchmark row of `make bench` in one run and prints a
Markdown table of figures and ratios, each row with the command that reproduces
it; the same table goes to BENCHMARKS.md with the machine's details and the
date. It is started by scripts/bench.sh from the bench venv, which has
dask/distributed and Prefect 3 with prefect-dask; Prefect 1.4 runs from the
prefect1 venv beside it.

    python bench/bench.py [--smoke] [--long] [--out BENCHMARKS.md]

--smoke runs a tiny version of every row (tens of seconds) and exits non-zero if
any row fails; --long adds the rows too slow for the default run (Dask's
threaded scheduler at 10^6, the per-element graph at 10^5 on the cluster).
Every timing is the median of a few repeats.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cluster
import delays

ROOT = Path(__file__).resolve().parent.parent
BIN = "bin/flowspec"
SEED = "bench/seed.yaml"            # no delays, param n
SEED_DELAYS = "examples/dask-example.yaml"  # the seed flow with random delays
TUTORIAL = "bench/tutorial.yaml"    # the seed flow's shape with py: functions (tutorial.py)
TUTORIAL_BATCHABLE = "bench/tutorial-batchable.yaml"  # the same, declared pure and batchable
SHELL_TRUE = "bench/shell-true.yaml"  # op shell running `true` n times, counted
PY = os.path.relpath(sys.executable, ROOT) if sys.executable.startswith(str(ROOT)) else sys.executable
# The prefect1 venv (scripts/venv.sh prefect1) beside the bench venv.
PREFECT1 = Path(sys.executable).parent.parent.parent / "prefect1"
PY1 = os.path.relpath(PREFECT1 / "bin" / "python", ROOT) if str(PREFECT1).startswith(str(ROOT)) else str(PREFECT1 / "bin" / "python")


class RowFailed(Exception):
    """RowFailed is a row whose command did not run; the message says which."""


def sh(argv, env=None, timeout=1800):
    """sh runs argv from the repository root and returns its stdout, raising
    RowFailed with the command and its stderr when it fails."""
    p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env, timeout=timeout)
    if p.returncode != 0:
        raise RowFailed(f"{shlex.join(argv)} exited {p.returncode}:\n{p.stderr[-3000:]}")
    return p.stdout


def timed(argv):
    """timed runs argv under /usr/bin/time -v and returns (stdout, wall seconds
    measured here to the microsecond, peak RSS in bytes from time -v)."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + argv, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        raise RowFailed(f"{shlex.join(argv)} exited {p.returncode}:\n{p.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) * 1024
    return p.stdout, wall, rss


def max_tasks(n):
    """max_tasks raises flowspec's task limit (10^6 by default) for the seed
    graph's 3n+1 tasks when they exceed it, as a user with the memory would."""
    return ["--max-tasks", str(3 * n + 1)] if 3 * n + 1 > 1_000_000 else []


def med(xs):
    return statistics.median(xs)


def si(x):
    """si formats a rate or count with a k/M suffix."""
    for div, suf in ((1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"{x / div:.2f}{suf}"
    return f"{x:.0f}"


def dur(s):
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.1f} µs"


class Bench:
    """Bench holds the settings of one run and the rows measured so far."""

    def __init__(self, args):
        self.smoke = args.smoke
        self.long = args.long
        self.reps = 1 if args.smoke else args.repeats
        self.rows = []
        self.failures = []
        self.notes = []

    def row(self, section, what, figure, compare, ratio, goal, command):
        self.rows.append(dict(section=section, what=what, figure=figure, compare=compare,
                              ratio=ratio, goal=goal, command=command))
        print(f"  {what}: {figure} | {compare} | {ratio} | {goal}", file=sys.stderr, flush=True)

    def guard(self, name, fn):
        """guard runs one group of rows, recording a failure instead of stopping."""
        print(f"bench: {name}", file=sys.stderr, flush=True)
        try:
            fn()
        except (RowFailed, subprocess.TimeoutExpired, OSError, ValueError, KeyError) as e:
            self.failures.append(f"{name}: {e}")
            print(f"bench: FAILED {name}: {e}", file=sys.stderr, flush=True)

    # --- flowspec commands -------------------------------------------------

    def run_local(self, n, opt, flow=SEED, seed=None, workers=None):
        """run_local runs the flow in-process; returns (cmd, executor wall
        seconds, process wall seconds, peak RSS, tasks run)."""
        cmd = [BIN, "run", "--no-progress", "-o", "json", "-O", opt, "--param", f"n={n}"] + max_tasks(n)
        if seed is not None:
            cmd += ["--seed", str(seed)]
        if workers:
            cmd += ["--workers", str(workers)]
        cmd.append(flow)
        runs = []
        for _ in range(self.reps):
            out, wall, rss = timed(cmd)
            res = json.loads(out)
            if not res["ok"]:
                raise RowFailed(f"{shlex.join(cmd)}: run not ok: {res['errors'][:3]}")
            runs.append((res["wall_seconds"], wall, rss, sum(res["counts"].values())))
        return cmd, med([r[0] for r in runs]), med([r[1] for r in runs]), med([r[2] for r in runs]), runs[0][3]

    def run_dask(self, address, n, opt, flow=SEED, seed=None):
        """run_dask runs the flow on the cluster; returns (cmd, end-to-end
        seconds of the process, executor wall seconds, tasks)."""
        cmd = [BIN, "run", "--no-progress", "-o", "json", "-O", opt, "--address", address,
               "--param", f"n={n}"] + max_tasks(n)
        if seed is not None:
            cmd += ["--seed", str(seed)]
        cmd.append(flow)
        walls, execs, tasks = [], [], 0
        for _ in range(self.reps):
            start = time.perf_counter()
            res = json.loads(sh(cmd))
            walls.append(time.perf_counter() - start)
            if not res["ok"]:
                raise RowFailed(f"{shlex.join(cmd)}: run not ok: {res['errors'][:3]}")
            execs.append(res["wall_seconds"])
            tasks = sum(res["counts"].values())
        return cmd, med(walls), med(execs), tasks

    def compile_tasks(self, n, opt):
        out = sh([BIN, "compile", "-O", opt, "--param", f"n={n}"] + max_tasks(n) + [SEED])
        return int(re.search(r"(\d+) tasks in", out).group(1))

    # --- rows --------------------------------------------------------------

    def compile_rows(self):
        sizes = [100, 1000] if self.smoke else [10_000, 100_000, 1_000_000]
        for n in sizes:
            cmd = [BIN, "compile", "-O", "none", "--param", f"n={n}"] + max_tasks(n) + [SEED]
            runs = [timed(cmd) for _ in range(self.reps)]
            tasks = 3 * n + 1
            wall, rss = med([r[1] for r in runs]), med([r[2] for r in runs])
            self.row("Compile (seed flow, no delays, unoptimized)", f"compile n={n} ({si(tasks)} tasks)",
                     f"{dur(wall)}, peak RSS {rss / 2**20:.0f} MiB",
                     f"{wall / tasks * 1e9:.0f} ns/task", f"{rss / tasks:.0f} B/task RSS", "",
                     "/usr/bin/time -v " + shlex.join(cmd))

    def scale_rows(self):
        n = 1000 if self.smoke else 1_000_000
        for opt in ("none", "default"):
            cmd, execw, wall, rss, tasks = self.run_local(n, opt)
            ctasks = self.compile_tasks(n, opt)
            graph = 3 * n + 1
            ok = wall < 5 and rss / graph < 1024
            self.row("Scale: compile + run in-process", f"run -O {opt} n={n} ({si(ctasks)} tasks)",
                     f"{dur(wall)} end to end, peak RSS {rss / 2**20:.0f} MiB",
                     f"executor {dur(execw)}", f"{rss / graph:.0f} B per seed element-task",
                     ("met" if ok else "MISSED") + " (< 5 s, < 1 KiB/task)" if n == 1_000_000 else "",
                     "/usr/bin/time -v " + shlex.join(cmd))
        if not self.smoke:  # issue 13's in-process goal: 10^7 elements < 5 s, < 1 GiB (< 100 B/element)
            n = 10_000_000
            cmd, execw, wall, rss, tasks = self.run_local(n, "default")
            ok = wall < 5 and rss < 2**30 and rss / n < 100
            self.row("Scale: compile + run in-process", f"run -O default n={n} ({si(tasks)} tasks)",
                     f"{dur(wall)} end to end, peak RSS {rss / 2**20:.0f} MiB",
                     f"executor {dur(execw)}", f"{rss / n:.0f} B per element",
                     ("met" if ok else "MISSED") + " (< 5 s, < 1 GiB, < 100 B/element)",
                     "/usr/bin/time -v " + shlex.join(cmd))

    def local_rows(self):
        sizes = [100] if self.smoke else [10_000, 100_000] + ([1_000_000] if self.long else [])
        local_only = [] if self.smoke or self.long else [1_000_000]
        for n in sizes + local_only:
            cmd, execw, wall, _, tasks = self.run_local(n, "none", workers=2)
            rate = tasks / execw
            if n in local_only:
                self.row("In-process vs dask.threaded.get (same graph, 2 threads)",
                         f"n={n} ({si(tasks)} tasks)", f"flowspec {si(rate)} tasks/s", "dask: not run (≈5 min; --long)",
                         "", "≥ 1M tasks/s: " + ("met" if rate >= 1e6 else "MISSED"), shlex.join(cmd))
                continue
            pycmd = [PY, "bench/dask_threaded.py", str(n), str(self.reps), "2"]
            py = json.loads(sh(pycmd))
            pyt = med(py["seconds"])
            prate = py["tasks"] / pyt
            ratio = rate / prate
            self.row("In-process vs dask.threaded.get (same graph, 2 threads)",
                     f"n={n} ({si(tasks)} tasks)",
                     f"flowspec {si(rate)} tasks/s ({dur(execw)}; process {dur(wall)})",
                     f"dask {si(prate)} tasks/s ({dur(pyt)})", f"{ratio:.0f}×",
                     f"≥ 1M tasks/s: {'met' if rate >= 1e6 else 'MISSED'}; ≥ 70×: {'met' if ratio >= 70 else 'MISSED'}",
                     shlex.join(cmd) + " ; " + shlex.join(pycmd))

    def gobench_rows(self):
        filt = "^BenchmarkLocal$/tasks=10001$" if self.smoke else "^BenchmarkLocal$"
        cmd = ["go", "test", "./runtime", "-run", "^$", "-bench", filt, "-benchtime", "1x", "-count", str(self.reps)]
        out = sh(cmd)
        per = {}
        for m in re.finditer(r"BenchmarkLocal/tasks=(\d+)\S*\s+\d+\s+(.*)", out):
            metrics = dict((u, float(v)) for v, u in re.findall(r"([\d.e+]+) (\S+)", m.group(2)))
            per.setdefault(int(m.group(1)), []).append(metrics)
        if not per:
            raise RowFailed(f"{shlex.join(cmd)}: no BenchmarkLocal lines in:\n{out}")
        for tasks, ms in sorted(per.items()):
            rate = med([x["tasks/s"] for x in ms])
            self.row("Go benchmarks", f"runtime BenchmarkLocal tasks={tasks}", f"{si(rate)} tasks/s",
                     f"{med([x['cpu-ns/task'] for x in ms]):.0f} cpu-ns/task",
                     f"{med([x['B/task'] for x in ms]):.0f} B/task allocated",
                     "≥ 1M tasks/s: " + ("met" if rate >= 1e6 else "MISSED"), shlex.join(cmd))
        if not self.smoke:  # 10^6 elements, recorded and not, pairs in alternating order
            cmd, m = self.gobench("./store", "BenchmarkRecordedRun", "8x")
            self.row("Go benchmarks", "store BenchmarkRecordedRun (seed n=10^6, 3M tasks, in-process, SQLite store; median of 8 pairs)",
                     f"CPU {m['overhead-%']:+.1f}%", f"wall {m['wall-overhead-%']:+.1f}% "
                     f"(CPU {m['plain-cpu-ms']:.0f} → {m['recorded-cpu-ms']:.0f} ms mean)", "",
                     "≤ 5% more CPU: " + ("met" if m["overhead-%"] <= 5 else "MISSED"), shlex.join(cmd))
        filt = "^BenchmarkLower$/tasks=10000$" if self.smoke else "^BenchmarkLower$"
        cmd = ["go", "test", "./dask/lower", "-run", "^$", "-bench", filt, "-benchtime", "3x", "-count", str(self.reps)]
        out = sh(cmd)
        per = {}
        for m in re.finditer(r"BenchmarkLower/tasks=(\d+)\S*\s+\d+\s+(.*)", out):
            metrics = dict((u, float(v)) for v, u in re.findall(r"([\d.e+]+) (\S+)", m.group(2)))
            per.setdefault(int(m.group(1)), []).append(metrics)
        if not per:
            raise RowFailed(f"{shlex.join(cmd)}: no BenchmarkLower lines in:\n{out}")
        for tasks, ms in sorted(per.items()):
            ns = med([x["ns/task"] for x in ms])
            self.lower_ns = ns
            self.pickle_b = med([x["pickle-B/task"] for x in ms])
            self.row("Go benchmarks", f"dask BenchmarkLower tasks={tasks} (lowering + pickling)",
                     f"{ns / 1e3:.2f} µs/task", f"{self.pickle_b:.0f} pickle B/task", "",
                     "≤ 5 µs/task: " + ("met" if ns <= 5000 else "MISSED"), shlex.join(cmd))

    def validate_compile_rows(self):
        """validate_compile_rows times `flowspec validate` and `flowspec
        compile` of the seed flow (BenchmarkValidateCompileSeed) from 10^3
        to 10^7 elements: with maps kept as rule groups, time and allocated
        bytes should not grow with n (goal: ≤ 2× from the least n to the
        most); compile's default optimizer prints the n/10^4 batches a run
        makes, so its bytes grow with them."""
        name = "BenchmarkValidateCompileSeed"
        filt = f"^{name}$/.*/n=(1000|100000)$" if self.smoke else f"^{name}$"
        cmd = ["go", "test", ".", "-run", "^$", "-bench", filt, "-benchmem", "-benchtime", "200x", "-count", str(self.reps)]
        out = sh(cmd)
        per = {}
        for m in re.finditer(rf"{name}/(\S+)/n=(\d+)-\d+\s+\d+\s+(.*)", out):
            metrics = dict((u, float(v)) for v, u in re.findall(r"([\d.e+]+) (\S+)", m.group(3)))
            per.setdefault((m.group(1), int(m.group(2))), []).append(metrics)
        if not per:
            raise RowFailed(f"{shlex.join(cmd)}: no {name} lines in:\n{out}")
        for what in ("validate", "compile-Odefault", "compile-Onone"):
            sizes = sorted(n for w, n in per if w == what)
            t = {n: med([x["ns/op"] for x in per[(what, n)]]) / 1e9 for n in sizes}
            b = {n: med([x["B/op"] for x in per[(what, n)]]) for n in sizes}
            lo, hi = sizes[0], sizes[-1]
            exp = lambda n: f"10^{len(str(n)) - 1}"
            tr, br = t[hi] / t[lo], b[hi] / b[lo]
            goal = "" if what == "compile-Odefault" else \
                "flat in n (≤ 2×): " + ("met" if tr <= 2 and br <= 2 else "MISSED")
            self.row("Go benchmarks", f"{name} {what} (seed flow, rule groups)",
                     "; ".join(f"{exp(n)}: {dur(t[n])}, {b[n] / 1024:.0f} KiB" for n in sizes),
                     f"{exp(hi)} against {exp(lo)}", f"time {tr:.1f}×, bytes {br:.1f}×", goal, shlex.join(cmd))

    def gobench(self, pkg, name, benchtime):
        """gobench runs one Go benchmark self.reps times and returns (cmd,
        the median of each metric it reports, keyed by unit)."""
        cmd = ["go", "test", pkg, "-run", "^$", "-bench", f"^{name}$", "-benchtime", benchtime,
               "-count", str(self.reps)]
        out = sh(cmd)
        runs = [dict((u, float(v)) for v, u in re.findall(r"([\d.e+]+) (\S+)", m.group(1)))
                for m in re.finditer(rf"{name}\S*\s+\d+\s+(.*)", out)]
        if not runs:
            raise RowFailed(f"{shlex.join(cmd)}: no {name} lines in:\n{out}")
        return cmd, {u: med([r[u] for r in runs]) for u in runs[0]}

    def pycall_rows(self):
        """pycall_rows measures the cost of calling a user's Python function
        in-process: on a kept worker (goal ≤ 30 µs a call) against starting
        python3 for each call, then through the whole runtime (the tutorial
        flow with py: functions minus the same graph of built-ins)."""
        sec = "Python functions in-process (py: operators, persistent workers)"
        ccmd, call = self.gobench("./pyfunc", "BenchmarkCall", "1000x" if self.smoke else "20000x")
        pcmd, proc = self.gobench("./pyfunc", "BenchmarkProcessPerCall", "3x" if self.smoke else "20x")
        us, pus = call["µs/call"], proc["µs/call"]
        self.row(sec, "trivial function, one kept worker (pyfunc BenchmarkCall)", f"{us:.1f} µs/call",
                 f"python3 -c per call {dur(pus / 1e6)}/call (BenchmarkProcessPerCall)", f"{pus / us:.0f}× less",
                 "≤ 30 µs/call: " + ("met" if us <= 30 else "MISSED"), shlex.join(ccmd) + " ; " + shlex.join(pcmd))
        gcmd, gcall = self.gobench("./plugin/host", "BenchmarkPluginCall", "1000x" if self.smoke else "20000x")
        gus = gcall["µs/call"]
        self.row("Plugins in-process (persistent processes)", "trivial Go plugin operator, one kept process (plugin/host BenchmarkPluginCall)",
                 f"{gus:.1f} µs/call", "", "", "≤ 20 µs/call: " + ("met" if gus <= 20 else "MISSED"), shlex.join(gcmd))
        n = 100 if self.smoke else 10_000
        for workers in (1, 2):
            cmd, execw, _, _, _ = self.run_local(n, "none", flow=TUTORIAL, workers=workers)
            bcmd, bexec, _, _, _ = self.run_local(n, "none", workers=workers)
            # The same flows at n=1 cost what does not grow with n: starting
            # the Python workers and importing the module.
            _, start, _, _, _ = self.run_local(1, "none", flow=TUTORIAL, workers=workers)
            _, bstart, _, _, _ = self.run_local(1, "none", workers=workers)
            calls = 3 * (n - 1)
            per = ((execw - start) - (bexec - bstart)) / calls
            self.row(sec, f"the tutorial flow, n={n} ({si(3 * n)} py: calls), --workers {workers}",
                     f"{dur(execw)}; {per * 1e6:.1f} µs/call over built-ins",
                     f"same graph of built-ins {dur(bexec)}; at n=1 {dur(start)} (starting the workers)",
                     f"{execw / bexec:.0f}× the built-ins' time", "",
                     shlex.join(cmd) + " ; " + shlex.join(bcmd) + " ; the same with n=1")

    def shell_rows(self):
        """shell_rows measures op shell's rate in-process on `true` (a
        process each) against xargs starting the same processes."""
        n = 100 if self.smoke else 10_000
        cmd, execw, wall, _, tasks = self.run_local(n, "default", flow=SHELL_TRUE, workers=2)
        xcmd = f"seq {n} | xargs -P 2 -n 1 true"
        xs = []
        for _ in range(self.reps):
            start = time.perf_counter()
            sh(["sh", "-c", xcmd])
            xs.append(time.perf_counter() - start)
        rate, xrate = n / execw, n / med(xs)
        self.row("Shell commands in-process (op: shell)", f"`true` n={n} times, --workers 2",
                 f"{si(rate)} tasks/s ({dur(execw)}; process {dur(wall)})",
                 f"xargs -P 2: {si(xrate)} processes/s ({dur(med(xs))})", f"{rate / xrate:.2f}× xargs' rate", "",
                 shlex.join(cmd) + " ; " + xcmd)

    def dask_rows(self):
        with cluster.Cluster(Path(sys.executable).parent.parent) as c:
            self.address = c.address
            self.settings = sh([PY, "bench/dask_settings.py", c.address]).strip()
            sizes = [30] if self.smoke else [3333] + ([100_000] if self.long else [])
            for n in sizes:
                self.dask_size(c.address, n)
            if not self.long and not self.smoke:
                self.dask_optimized_vs_extrapolated(c.address, 100_000)
            self.dask_scale_rows(c)
            self.tutorial_rows(c.address)
            self.delay_rows(c.address)
        self.dask_worker_peak_row()
        self.prefect1_rows()

    def dask_size(self, address, n):
        cmd, wall, execw, tasks = self.run_dask(address, n, "none")
        pycmd = [PY, "bench/dask_client.py", address, str(n), str(self.reps)]
        py = json.loads(sh(pycmd))
        pyt, psub = med(py["seconds"]), med(py["submit"])
        self.py_per_task = pyt / py["tasks"]
        ratio = wall / pyt
        sec = "Dask cluster: flowspec vs Python distributed client (Client.get on the dict)"
        self.row(sec, f"unoptimized n={n} ({si(tasks)} tasks), end to end",
                 f"flowspec {dur(wall)} ({wall / tasks * 1e3:.2f} ms/task)",
                 f"Python {dur(pyt)} ({pyt / py['tasks'] * 1e3:.2f} ms/task)", f"{ratio:.2f}× the Python time",
                 "within 10%: " + ("met" if ratio <= 1.10 else "MISSED"),
                 shlex.join(cmd) + " ; " + shlex.join(pycmd))
        allcmd = pycmd + ["all"]
        pa = med(json.loads(sh(allcmd))["seconds"])
        self.row(sec, f"n={n}: Python client wanting every key, as flowspec does", f"flowspec {dur(wall)}",
                 f"Python {dur(pa)} ({pa / py['tasks'] * 1e3:.2f} ms/task)", f"{wall / pa:.2f}× the Python time",
                 "", shlex.join(allcmd))
        pb = json.loads(sh([PY, "bench/pickle_size.py", str(n)]))
        lower = getattr(self, "lower_ns", None)
        self.row(sec, f"client-side submission n={n}",
                 f"flowspec {lower / 1e3:.2f} µs/task (BenchmarkLower), {self.pickle_b:.0f} B/task" if lower else "flowspec: see Go rows",
                 f"Python {psub / py['tasks'] * 1e6:.1f} µs/task (Client.get sync=False), ≈{pb['bytes_per_task']:.0f} B/task (pickle of the dict)",
                 f"{psub / py['tasks'] * 1e9 / lower:.1f}× less" if lower else "",
                 "", shlex.join(pycmd) + " ; " + shlex.join([PY, "bench/pickle_size.py", str(n)]))
        for opt in ("default", "all"):
            cmd, owall, _, otasks = self.run_dask(address, n, opt)
            self.row(sec, f"-O {opt} n={n} ({otasks} tasks), end to end", f"flowspec {dur(owall)}",
                     f"Python {dur(pyt)}, flowspec -O none {dur(wall)}",
                     f"{pyt / owall:.0f}× faster than Python, {wall / owall:.0f}× than -O none",
                     ("≥ 20×: " + ("met" if pyt / owall >= 20 else "MISSED")) if n == 100_000 else "",
                     shlex.join(cmd))

    DASK_SCALE_SEC = "Dask cluster at scale: the seed flow without delays, -O default (batches)"

    def dask_scale_rows(self, c):
        """dask_scale_rows runs the seed flow optimized on the cluster at 10^5,
        10^6 and 10^7 elements: end to end, flowspec's peak RSS, and the
        workers' CPU (from /proc, before and after) per element, and the bytes
        moved between workers (from ss: the batches stay where they are, their
        reduction's tree moves summaries). The issue's
        goals are checked in the row: 10^6 < 10 s, 10^7 < 60 s with flowspec
        under 200 MB."""
        sizes = [1000] if self.smoke else [100_000, 1_000_000, 10_000_000]
        goals = {1_000_000: 10, 10_000_000: 60}
        # Idle workers use CPU too (heartbeats, monitors): measured for a few
        # seconds first, that rate times a run's wall time is not the run's.
        before, start = c.worker_cpu(), time.perf_counter()
        time.sleep(1 if self.smoke else 5)
        idle = (c.worker_cpu() - before) / (time.perf_counter() - start)
        for n in sizes:
            cmd = [BIN, "run", "--no-progress", "-o", "json", "-O", "default", "--address", c.address,
                   "--param", f"n={n}"] + max_tasks(n) + [SEED]
            runs = []
            for _ in range(self.reps):
                before, received = c.worker_cpu(), c.worker_received()
                out, wall, rss = timed(cmd)
                cpu, moved = c.worker_cpu() - before, c.worker_received() - received
                if not json.loads(out)["ok"]:
                    raise RowFailed(f"{shlex.join(cmd)}: run not ok")
                runs.append((wall, rss, max(cpu - idle * wall, 0), moved))
            wall, rss, cpu, moved = (med([r[k] for r in runs]) for k in range(4))
            goal = f"< {goals[n]} s: " + ("met" if wall < goals[n] else "MISSED") if n in goals else ""
            if n == 10_000_000:
                goal += "; RSS < 200 MB: " + ("met" if rss < 200e6 else "MISSED")
            self.row(self.DASK_SCALE_SEC, f"n={n} ({si(3 * n + 1)} element-tasks), end to end",
                     f"{dur(wall)}, peak RSS {rss / 2**20:.0f} MiB",
                     f"workers' CPU {dur(cpu)} (less {idle * 1e3:.0f} ms/s idle); {moved / 2**20:.2f} MiB between workers",
                     f"{cpu / n * 1e6:.2f} µs worker CPU per element",
                     goal + ("; ≤ 1 µs/element: " + ("met" if cpu / n <= 1e-6 else "MISSED") if n == 1_000_000 else ""),
                     "/usr/bin/time -v " + shlex.join(cmd))

    def dask_worker_peak_row(self):
        """dask_worker_peak_row runs the seed flow at 10^7 once on a fresh
        cluster set up like the others and reports the highest peak RSS of a
        worker: with reduction trees no worker holds every element (a
        Python list of 10^7 ints is about 360 MB)."""
        n = 1000 if self.smoke else 10_000_000
        with cluster.Cluster(Path(sys.executable).parent.parent) as c:
            cmd = [BIN, "run", "--no-progress", "-o", "json", "-O", "default", "--address", c.address,
                   "--param", f"n={n}"] + max_tasks(n) + [SEED]
            idle = c.worker_peak()
            out, wall, _ = timed(cmd)
            if not json.loads(out)["ok"]:
                raise RowFailed(f"{shlex.join(cmd)}: run not ok")
            peak = c.worker_peak()
        self.row(self.DASK_SCALE_SEC, f"n={n}: one worker's peak memory (fresh cluster, one run)",
                 f"peak worker RSS {peak / 2**20:.0f} MiB ({dur(wall)})",
                 f"before the run {idle / 2**20:.0f} MiB", f"{(peak - idle) / n:.1f} B per element above that", "",
                 shlex.join(cmd).replace(c.address, "$ADDRESS"))

    def dask_optimized_vs_extrapolated(self, address, n):
        cmd, owall, _, otasks = self.run_dask(address, n, "default")
        est = self.py_per_task * (3 * n + 1)
        self.row("Dask cluster: flowspec vs Python distributed client (Client.get on the dict)",
                 f"-O default n={n} ({otasks} tasks), end to end", f"flowspec {dur(owall)}",
                 f"Python ≈{dur(est)} (extrapolated from n=3333 per task; --long measures it)",
                 f"≈{est / owall:.0f}× faster", "≥ 20×: " + ("met" if est / owall >= 20 else "MISSED"),
                 shlex.join(cmd))

    TUTORIAL_SEC = ("The tutorial's functions on the Dask cluster (py:, no sleeps): "
                    "flowspec vs Python client (client.map, submit(sum)) vs Prefect 1.4")

    def tutorial_rows(self, address):
        """tutorial_rows runs the tutorial's own functions (tutorial.py, no
        sleeps) mapped over range(n) and summed, as flowspec flows and as
        the Python client's client.map; the goals are ≥ 10× the client's
        speed when the functions are declared batchable, within 10% when
        they are not."""
        sizes = [30] if self.smoke else [3333] + ([100_000] if self.long else [])
        for n in sizes:
            pycmd = [PY, "bench/tutorial_client.py", address, str(n), str(self.reps)]
            pyt = med(json.loads(sh(pycmd))["seconds"])
            cmd, wall, _, tasks = self.run_dask(address, n, "default", flow=TUTORIAL)
            ratio = wall / pyt
            self.row(self.TUTORIAL_SEC, f"n={n}, not declared batchable ({si(tasks)} tasks), end to end",
                     f"flowspec {dur(wall)}", f"Python client {dur(pyt)} ({si(3 * n + 1)} tasks)",
                     f"{ratio:.2f}× the Python time", "within 10%: " + ("met" if ratio <= 1.10 else "MISSED"),
                     shlex.join(cmd) + " ; " + shlex.join(pycmd))
            cmd, bwall, _, btasks = self.run_dask(address, n, "default", flow=TUTORIAL_BATCHABLE)
            self.row(self.TUTORIAL_SEC, f"n={n}, declared pure and batchable ({si(btasks)} tasks), end to end",
                     f"flowspec {dur(bwall)}", f"Python client {dur(pyt)}", f"{pyt / bwall:.2f}× the client's speed",
                     "≥ 10×: " + ("met" if pyt / bwall >= 10 else "MISSED"), shlex.join(cmd))
        if not self.long and not self.smoke:
            self.row(self.TUTORIAL_SEC, "n=100000", "not run by default", "≈10 min per tool at ≈2 ms/task", "",
                     "", "scripts/bench.sh --long")
        self.prefect1_n = 30 if self.smoke else 333
        self.flowspec_p1 = self.run_dask(address, self.prefect1_n, "default", flow=TUTORIAL)

    def prefect1_rows(self):
        """prefect1_rows runs the tutorial in Prefect 1.4 with DaskExecutor on
        a cluster of the same settings started from the prefect1 venv (its
        workers unpickle Prefect 1's task runner), at a smaller n: it takes
        about 20 ms a task."""
        n = self.prefect1_n
        cmd, wall, _, _ = self.flowspec_p1
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT")}
        home = Path(tempfile.mkdtemp(prefix="flowspec-bench-prefect1-"))
        env["PREFECT__HOME_DIR"] = str(home)
        with cluster.Cluster(PREFECT1) as c:
            pcmd = [PY1, "bench/prefect1_tutorial.py", c.address, str(n), str(self.reps)]
            try:
                pt = med(json.loads(sh(pcmd, env=env).strip().splitlines()[-1])["seconds"])
            finally:
                shutil.rmtree(home, ignore_errors=True)
            self.row(self.TUTORIAL_SEC, f"n={n} (smaller: Prefect 1 takes ≈20 ms a task), not declared batchable",
                     f"flowspec {dur(wall)}", f"Prefect 1.4 + DaskExecutor {dur(pt)} (its own cluster, same settings)",
                     f"{pt / wall:.1f}× faster", "", shlex.join(cmd) + " ; " + shlex.join(pcmd).replace(c.address, "$ADDRESS"))

    def delay_rows(self, address):
        n = 3 if self.smoke else 100
        seed = 1
        path = Path(tempfile.mkdtemp(prefix="flowspec-bench-")) / "delays.json"
        dcmd = [BIN, "compile", "--format", "json", "--tasks", "-O", "none", "--seed", str(seed),
                "--param", f"n={n}", SEED_DELAYS]
        path.write_text(sh(dcmd))
        d = delays.load(path)
        lim, total = delays.limit(d, cluster.WORKERS * cluster.THREADS)
        sec = f"Seed flow with random delays (n={n}, --seed {seed}: Σ delays {total:.2f} s, 2 threads)"
        self.row(sec, "critical-path limit", dur(lim), "max(Σ delays / 2, longest chain)", "1.00×", "",
                 shlex.join(dcmd) + " ; bench/delays.py")
        for opt in ("none", "default"):
            cmd, execw, wall, _, _ = self.run_local(n, opt, flow=SEED_DELAYS, seed=seed, workers=2)
            self.row(sec, f"flowspec local -O {opt}", dur(execw), f"process {dur(wall)}", f"{execw / lim:.2f}× limit",
                     "", shlex.join(cmd))
            cmd, wall, _, _ = self.run_dask(address, n, opt, flow=SEED_DELAYS, seed=seed)
            self.row(sec, f"flowspec on Dask -O {opt}", dur(wall), "end to end", f"{wall / lim:.2f}× limit", "",
                     shlex.join(cmd))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env["PREFECT_SERVER_ALLOW_EPHEMERAL_MODE"] = "true"
        env["PREFECT_HOME"] = str(path.parent / "prefect")
        env["DO_NOT_TRACK"] = "1"
        pcmd = [PY, "bench/prefect_seed.py", address, str(path), str(self.reps)]
        try:
            pf = json.loads(sh(pcmd, env=env).strip().splitlines()[-1])
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
        pt = med(pf["seconds"])
        self.row(sec, "Prefect 3 + DaskTaskRunner (same delays)", dur(pt), "flow call, server warm",
                 f"{pt / lim:.2f}× limit", "",
                 f"{shlex.join(dcmd)} > delays.json ; PREFECT_SERVER_ALLOW_EPHEMERAL_MODE=true {shlex.join(pcmd[:3])} delays.json")


def machine():
    """machine describes the host the figures come from."""
    cpu = "unknown"
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    mem = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, AttributeError):
        pass
    gov = sh(["go", "version"]).strip()
    dv = sh([PY, "-c", "import dask, distributed, prefect, prefect_dask;"
             "print(f'dask {dask.__version__}, distributed {distributed.__version__}, "
             "prefect {prefect.__version__}, prefect-dask {prefect_dask.__version__}')"]).strip()
    dv += "; prefect1 venv: prefect " + sh([PY1, "-c", "import prefect; print(prefect.__version__)"]).strip()
    commit = sh(["git", "rev-parse", "--short", "HEAD"]).strip()
    return [f"Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC} (commit {commit})",
            f"CPU: {cpu}; nproc {os.cpu_count()}; memory {mem}; load average before the run {os.getloadavg()[0]:.2f}",
            f"{gov}; Python {platform.python_version()}; {dv}"]


def table(rows, address):
    """table renders the rows as Markdown, one table per section, with the
    bench cluster's address (gone after the run) written as $ADDRESS."""
    out, section = [], None
    order = list(dict.fromkeys(r["section"] for r in rows))  # a section's rows together
    for r in sorted(rows, key=lambda r: order.index(r["section"])):
        if r["section"] != section:
            section = r["section"]
            out += ["", f"### {section}", "",
                    "| row | flowspec | compared with | ratio | goal | reproduce |", "|---|---|---|---|---|---|"]
        cmd = r["command"].replace("|", "\\|")
        if address:
            cmd = cmd.replace(address, "$ADDRESS")
        out.append(f"| {r['what']} | {r['figure']} | {r['compare']} | {r['ratio']} | {r['goal']} | `{cmd}` |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--long", action="store_true")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    b = Bench(args)
    b.settings = "not measured"
    b.address = None
    head = machine()
    start = time.time()
    for name, fn in (("compile", b.compile_rows), ("scale", b.scale_rows), ("in-process", b.local_rows),
                     ("go benchmarks", b.gobench_rows), ("validate and compile", b.validate_compile_rows), ("python calls", b.pycall_rows),
                     ("shell", b.shell_rows),
                     ("dask cluster", b.dask_rows)):
        b.guard(name, fn)
    mode = "smoke" if args.smoke else ("long" if args.long else "default")
    text = "\n".join([
        "# flowspec benchmarks", "",
        f"Measured by `make bench` (`scripts/bench.sh{' --' + mode if mode != 'default' else ''}`) in one run of "
        f"{time.time() - start:.0f} s; every timing is the median of {b.reps} run(s). "
        "Ratios compare figures from this same run.", "",
        *[f"- {h}" for h in head],
        f"- Dask cluster: {cluster.SETTINGS}. As the scheduler reports: {b.settings}.",
        "- In-process rows use `--workers 2`; Dask's threaded scheduler gets a 2-thread pool. "
        "flowspec's in-process rate is tasks / the executor's wall time (`wall_seconds` of `-o json`, "
        "compile excluded); Dask's is tasks / `dask.threaded.get` time (graph built beforehand).",
        "- flowspec on Dask is timed end to end as a process (compile, lower, connect, run, gather); "
        "the Python client from just before `Client.get` to the result (connection made beforehand).",
        "- `$ADDRESS` in a command is a Dask scheduler set up as above; the bench starts its own on a free "
        "port and stops it. By hand: `PYTHONPATH=$PWD/bench make dask-up` (the Python rows' workers import "
        "bench/seedgraph.py and bench/tutorial.py) and `ADDRESS=tcp://127.0.0.1:8786`; for the Prefect 1 row, "
        "a cluster started the same way from the prefect1 venv (`scripts/venv.sh prefect1`).",
        "- py: rows call the functions of bench/tutorial.py (bench/tutorial_batchable.py: the same, declared "
        "`flowspec_pure` and `flowspec_batchable`). In-process per-call figures are the flow's executor time minus "
        "the same graph of built-ins, each less its n=1 run (starting the Python workers), over the calls.",
        table(b.rows, b.address), "",
        *([f"## Failed rows", "", *[f"- {f}" for f in b.failures], ""] if b.failures else []),
    ])
    print(text)
    if args.out:
        Path(ROOT / args.out).write_text(text + "\n")
    sys.exit(1 if b.failures else 0)


if __name__ == "__main__":
    main()
