"""A local Dask cluster for the benchmarks: one scheduler on a free loopback
port and two workers of one thread each, no nanny, work stealing off, all from
the bench venv's `dask` command. The settings are fixed here so that every row
of BENCHMARKS.md names the same cluster; SETTINGS is printed with the table.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

WORKERS = 2
THREADS = 1
# Environment both the scheduler and workers start with. worker-saturation is
# Dask's default (1.1), spelled out so the table can state it.
ENV = {
    "DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING": "False",
    "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.1",
}
SETTINGS = (
    f"{WORKERS} workers x {THREADS} thread, no nanny, work stealing off, "
    "worker-saturation 1.1 (Dask's default), scheduler and workers on 127.0.0.1"
)


class Cluster:
    """Cluster starts the processes on enter and stops them (by pid) on exit."""

    def __init__(self, venv):
        self.dask = str(Path(venv) / "bin" / "dask")
        self.procs = []
        self.address = None
        self.dir = None

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="flowspec-bench-dask-")
        # The workers import bench/seedgraph.py by name, as deployed code would be.
        env = dict(os.environ, **ENV, PYTHONPATH=str(Path(__file__).resolve().parent))
        log = Path(self.dir) / "scheduler.log"
        self._spawn([self.dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                     "--no-dashboard"], log, env)
        self.address = self._wait(log, r"Scheduler at:\s+(tcp://\S+)")
        for i in range(WORKERS):
            wlog = Path(self.dir) / f"worker-{i}.log"
            self._spawn([self.dask, "worker", self.address, "--host", "127.0.0.1",
                         "--nthreads", str(THREADS), "--no-nanny", "--no-dashboard",
                         "--name", f"w{i}", "--local-directory", str(Path(self.dir) / f"w{i}")],
                        wlog, env)
        for i in range(WORKERS):
            self._wait(Path(self.dir) / f"worker-{i}.log", r"Registered to:")
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        deadline = time.time() + 10
        for p in self.procs:
            try:
                p.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def worker_cpu(self):
        """worker_cpu is the CPU seconds (user + system) the workers have used
        so far, from /proc: the difference over a run is the run's worker CPU."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for p in self.procs[1:]:
            with open(f"/proc/{p.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def worker_peak(self):
        """worker_peak is the highest peak RSS (VmHWM) of any worker, in
        bytes, since it started: on a fresh cluster, what one run needed of
        one worker (the one a reduction gathers its elements on, without
        reduction trees). A used cluster's workers keep the memory of earlier
        runs (Python's allocator rarely returns it), so only a fresh one tells
        a run's peak."""
        peak = 0
        for p in self.procs[1:]:
            with open(f"/proc/{p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) * 1024)
        return peak

    def worker_received(self):
        """worker_received is the bytes the workers' open connections have
        received from anything but the scheduler (from ss): the difference
        over a run is what moved between workers, whose pooled connections
        stay open."""
        pids = {p.pid for p in self.procs[1:]}
        scheduler = ":" + self.address.rsplit(":", 1)[1]
        out = subprocess.run(["ss", "-tinpH"], capture_output=True, text=True, check=True).stdout
        total, mine = 0, False
        for line in out.splitlines():
            if not line[:1].isspace():
                fields, pid = line.split(), re.search(r"pid=(\d+)", line)
                mine = bool(pid) and int(pid.group(1)) in pids and len(fields) > 4 and not fields[4].endswith(scheduler)
            elif mine:
                got = re.search(r"bytes_received:(\d+)", line)
                total += int(got.group(1)) if got else 0
        return total

    def _spawn(self, argv, log, env):
        with open(log, "w") as f:
            self.procs.append(subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT,
                                               stdin=subprocess.DEVNULL, env=env,
                                               start_new_session=True))

    def _wait(self, log, pattern):
        deadline = time.time() + 60
        while time.time() < deadline:
            m = re.search(pattern, log.read_text())
            if m:
                return m.group(1) if m.groups() else m.group(0)
            if any(p.poll() is not None for p in self.procs):
                break
            time.sleep(0.1)
        raise RuntimeError(f"Dask did not start; see {log}:\n{log.read_text()[-2000:]}")
