"""Throughput under gunicorn, driven by wrk on 127.0.0.1, and resident memory per worker."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn bench.wsgi:app with sync workers, as the README recommends for production."""

    def __init__(self, size: str, workers: int):
        self.port = free_port()
        self.env = {**os.environ, "BENCH_SIZE": size}
        self.workers = workers
        self.process = None

    def __enter__(self):
        # --max-requests 0: gunicorn.conf.py (read from ROOT) replaces a worker after about 5,000
        # requests; wrk sends that many in seconds, and every replacement imports the app again
        # (its CPU counters start from zero): the figures would be of restarts, not of serving.
        command = [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), "--worker-class", "sync",
                   "--timeout", "120", "--max-requests", "0", "--bind", f"127.0.0.1:{self.port}",
                   "--log-level", "warning", "bench.wsgi:app"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/bench-hello", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not start within 60 s: run `BENCH_SIZE=<size> .venv/bin/gunicorn "
                           "bench.wsgi:app` by hand to see why")

    def worker_pids(self) -> list[int]:
        output = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
                                capture_output=True, text=True).stdout
        return [int(pid) for pid in output.split()]

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
            sizes.append(kb / 1024)
        return sizes

    def worker_cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / ticks

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wait_until_idle(server: "Gunicorn", give_up_s: float = 120.0) -> None:
    """Wait until the workers have served the backlog of the previous run.

    A sync worker answers every connection it accepted, even after wrk has gone: without this,
    a slow route's backlog would be counted against the next route.
    """
    deadline = time.time() + give_up_s
    while time.time() < deadline:
        started = time.perf_counter()
        try:
            urllib.request.urlopen(url(server, "/bench-hello"), timeout=30)
        except OSError:
            continue
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def url(server: Gunicorn, path: str) -> str:
    return f"http://127.0.0.1:{server.port}{path}"


def requests_per_second(url: str, seconds: int = 10, connections: int = 8) -> float:
    """Requests/s that wrk reaches on url for a bounded time (non-2xx answers make it fail)."""
    return run_wrk(url, seconds, connections)[0]


def run_wrk(url: str, seconds: int = 10, connections: int = 8) -> tuple[float, int]:
    """(requests/s, requests completed) of a bounded wrk run on url (non-2xx answers make it fail)."""
    # A long timeout: a slow page must count as slow, not vanish as socket timeouts.
    output = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url],
                            capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"wrk got error responses from {url}:\n{output}")
    completed = int(re.search(r"(\d+) requests in", output).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), completed
