"""The production server under hostile traffic: slow clients, load, cache busting, big bodies.

    python -m bench.bench_server [--port 8110] [--duration 15] [--concurrency 16] [--bust 700]

Starts `gunicorn -c gunicorn.conf.py dashboard.app:server` from the repository root on
127.0.0.1 (2 workers, the repository's configuration), then:

  probes  the headers of `/` and of a download, hostile download names, a 20 MB callback body;
  A       DURATION s of load from CONCURRENCY client threads (a mix of the index page, Dash's
          layout and dependencies, a download and a callback), new connection per request;
  B       two slow clients each send half a request and hold their sockets; the same load again;
  C       cache busting: 2 x BUST downloads of daily_impact.csv?level=0.95 followed by 0 to
          BUST-1 zeros (4 threads), worker RSS before, right after and after 10 s idle.

Reports p50/p99, errors (exceptions, timeouts, 5xx) and worker RSS (psutil, sampled every 0.2 s)
against issue 8's targets: p99 < 1 s and 0 errors under B, worker RSS < 300 MB. Loopback only,
bounded in requests and time; the server's process group is stopped at the end.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
TIMEOUT = 10.0  # a request slower than this counts as an error
CALLBACK = {
    "output": "..overview-start.date...overview-end.date..",
    "outputs": [
        {"id": "overview-start", "property": "date"},
        {"id": "overview-end", "property": "date"},
    ],
    "inputs": [{"id": "overview-episode", "property": "value", "value": "2022"}],
    "state": [],
    "changedPropIds": ["overview-episode.value"],
}
MIX = [
    ("GET", "/", None),
    ("GET", "/_dash-layout", None),
    ("GET", "/_dash-dependencies", None),
    ("GET", "/download/episodes.csv", None),
    ("POST", "/_dash-update-component", json.dumps(CALLBACK).encode()),
]
PROBES = {
    "filename* injection": "/download/events.csv?price=x%22%3B%20filename*%3DUTF-8%27%27a.bat",
    "?model=€": "/download/events.csv?model=%E2%82%AC",
    "?model=CRLF": "/download/events.csv?model=a%0d%0aX-Evil:%201",
    "?model=NUL": "/download/events.csv?model=a%00b",
    "dot-dot README": "/_dash-component-suites/dash/../../README.md",
    "/_x": "/_x",
    "/download/": "/download/",
}


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple:
    """(status or exception name, seconds, body bytes, headers) of one request."""
    start = time.perf_counter()
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, time.perf_counter() - start, len(data), dict(resp.getheaders())
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__, time.perf_counter() - start, 0, {}


class Memory(threading.Thread):
    """Samples the workers' RSS (the master's children) every 0.2 s."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = psutil.Process(master)
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()

    def now(self) -> list[float]:
        mb = []
        for child in self.master.children():
            try:
                mb.append(child.memory_info().rss / 2**20)
            except psutil.NoSuchProcess:
                continue
        return mb

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.samples += [(time.monotonic(), v) for v in self.now()]

    def peak(self, since: float) -> float:
        return max((v for t, v in self.samples if t >= since), default=0.0)


def load(port: int, seconds: float, concurrency: int) -> dict:
    """Concurrent clients looping over MIX for `seconds`; latency quantiles and errors."""
    deadline = time.monotonic() + seconds
    results: list[tuple[object, float]] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        k = offset
        while time.monotonic() < deadline:
            status, secs, _, _ = request(port, *MIX[k % len(MIX)])
            k += 1
            with lock:
                results.append((status, secs))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 2 * TIMEOUT)
    times = sorted(s for _, s in results)
    errors = [st for st, _ in results if not (isinstance(st, int) and st < 500)]

    def q(p: float) -> float:
        return times[min(len(times) - 1, int(p * len(times)))] if times else float("nan")

    return {
        "requests": len(results),
        "p50_ms": round(q(0.5) * 1000, 1),
        "p99_ms": round(q(0.99) * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1) if times else None,
        "errors": len(errors),
        "error_kinds": sorted({str(e) for e in errors}),
    }


def slow_client(port: int, hold: threading.Event) -> None:
    """Send half a request (no blank line after the headers) and keep the socket open."""
    with socket.create_connection((HOST, port), timeout=5) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow")
        hold.wait(120)


def wait_ready(port: int, proc: subprocess.Popen, limit: float = 120) -> None:
    start = time.monotonic()
    while time.monotonic() - start < limit and proc.poll() is None:
        if request(port, "GET", "/_dash-dependencies")[0] == 200:
            return
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within {limit:.0f} s")


def bust(port: int, n: int, memory: Memory) -> dict:
    """2n downloads of one selection spelled n ways: a cache keyed on raw text would grow."""
    before = memory.now()
    start = time.monotonic()
    urls = [f"/download/daily_impact.csv?level=0.95{'0' * i}" for i in range(n) for _ in (0, 1)]
    statuses: dict[str, int] = {}
    with cf.ThreadPoolExecutor(4) as pool:
        for status, *_ in pool.map(lambda u: request(port, "GET", u), urls):
            statuses[str(status)] = statuses.get(str(status), 0) + 1
    after = memory.now()
    time.sleep(10)
    return {
        "downloads": len(urls),
        "statuses": statuses,
        "seconds": round(time.monotonic() - start - 10, 1),
        "rss_before_mb": [round(v) for v in before],
        "rss_after_mb": [round(v) for v in after],
        "rss_idle_mb": [round(v) for v in memory.now()],
        "rss_peak_mb": round(memory.peak(start)),
    }


def big_body(port: int, size: int = 20_000_000) -> str:
    """The status line for a callback announcing `size` bytes (the server may answer early)."""
    head = (
        "POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
    )
    with socket.create_connection((HOST, port), timeout=TIMEOUT) as s:
        s.sendall(head.encode())
        try:
            for _ in range(size // 65536):
                s.sendall(b"x" * 65536)
        except OSError:
            pass  # the server answered and closed before the whole body arrived
        return s.recv(200).split(b"\r\n")[0].decode()


def probes(port: int) -> dict:
    _, _, _, page = request(port, "GET", "/")
    _, _, _, download = request(port, "GET", "/download/episodes.csv")
    found = {
        "headers of /": {k: v for k, v in page.items() if k != "Content-Security-Policy"},
        "CSP of /": page.get("Content-Security-Policy"),
        "download headers": download,
        "20 MB callback body": big_body(port),
    }
    for label, path in PROBES.items():
        st, _, _, h = request(port, "GET", path)
        found[label] = [st, h.get("Content-Disposition")]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_server", description=__doc__)
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--bust", type=int, default=700)
    parser.add_argument("--out", type=Path, help="also write the report here as JSON")
    args = parser.parse_args(argv)

    env = {**os.environ, "DASHBOARD_BIND": f"{HOST}:{args.port}", "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "dashboard.app:server"]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    hold = threading.Event()
    report: dict = {"command": " ".join(cmd[1:]), "date": time.strftime("%Y-%m-%d %H:%M UTC")}
    try:
        wait_ready(args.port, proc)
        memory = Memory(proc.pid)
        for _ in range(10):  # both workers warm
            request(args.port, "GET", "/")
        report["rss_start_mb"] = [round(v) for v in memory.now()]
        memory.start()
        report["probes"] = probes(args.port)
        start = time.monotonic()
        report["A load"] = load(args.port, args.duration, args.concurrency)
        report["A load"]["rss_peak_mb"] = round(memory.peak(start))
        slow = [
            threading.Thread(target=slow_client, args=(args.port, hold), daemon=True)
            for _ in range(2)
        ]
        for t in slow:
            t.start()
        time.sleep(1)
        start = time.monotonic()
        report["B load + 2 slow clients"] = load(args.port, args.duration, args.concurrency)
        report["B load + 2 slow clients"]["rss_peak_mb"] = round(memory.peak(start))
        hold.set()
        report["C cache busting"] = bust(args.port, args.bust, memory)
        memory.stop.set()
    finally:
        hold.set()
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    b, c = report["B load + 2 slow clients"], report["C cache busting"]
    peak = max(b["rss_peak_mb"], c["rss_peak_mb"], report["A load"]["rss_peak_mb"])
    report["targets"] = {
        "B p99 < 1000 ms": b["p99_ms"] < 1000,
        "B 0 errors": b["errors"] == 0,
        "worker RSS < 300 MB": peak < 300,
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0 if all(report["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
