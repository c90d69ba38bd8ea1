"""Benchmark `python -m analysis validate` on a 100 MB table of duplicated rows.

Issue 8 measured 112 s, 4.3 GB and 3.87 million error lines for such a table. Targets: memory
bounded (peak RSS well under 500 MB, about what a clean validate takes plus the distinct rows),
a capped report (50 lines for the file, then a count of the rest) and a clean exit 1. The file is
made in a temporary copy of data/raw: brent_daily.csv's rows repeated to --megabytes. Timed as a
fresh subprocess; peak RSS is the child's ru_maxrss (what `/usr/bin/time -v` reports).

    .venv/bin/python -m bench.bench_validate [--megabytes 100]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_table(raw: Path, megabytes: float) -> int:
    """Repeat brent_daily.csv's rows until the file holds `megabytes`; return its size in bytes."""
    path = raw / "brent_daily.csv"
    head, body = path.read_bytes().split(b"\n", 1)
    with path.open("wb") as handle:
        handle.write(head + b"\n")
        for _ in range(int(megabytes * 1e6 // len(body)) + 1):
            handle.write(body)
    return path.stat().st_size


def measure(raw: Path) -> tuple[int, float, float, int]:
    """Exit code, wall seconds, peak RSS in MB and stderr lines of one validate run."""
    t = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data", str(raw)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result.returncode, wall, peak_mb, len(result.stderr.splitlines())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as scratch:
        raw = Path(scratch) / "raw"
        shutil.copytree(ROOT / "data" / "raw", raw)
        size = make_table(raw, args.megabytes)
        code, wall, peak_mb, lines = measure(raw)
    print(f"brent_daily.csv of {size / 1e6:.1f} MB (rows repeated)")
    print(f"exit {code}, {wall:.1f} s, peak RSS {peak_mb:.0f} MB, {lines} stderr lines")
    return 0 if code == 1 and lines <= 52 else 1


if __name__ == "__main__":
    raise SystemExit(main())
