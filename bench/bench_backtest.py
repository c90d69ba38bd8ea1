"""Benchmark `python -m analysis backtest`: the whole command, and the cost of one fit per model.

No target: the command is kept out of `python -m analysis` because it takes minutes (one
maximum-likelihood fit and one numerical Hessian per model and origin, 86 origins x 4 models,
then 192 more fits for the sensitivity grid). The command is timed as a fresh subprocess (wall,
CPU and peak memory) writing to a temporary folder; wall time on a shared machine is much above
CPU time, so both are reported. Per model: CPU seconds of fit_counterfactual on the first 10
real origins at h = 12. Prints a table and writes bench/results/backtest.json.

    .venv/bin/python -m bench.bench_backtest [--simulations 1000] [--skip-command]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "backtest.json"


def command(simulations: int) -> dict[str, float]:
    """Wall, CPU and peak resident memory (MB) of the command in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "analysis", "backtest", "--out", tmp]
        cmd += ["--simulations", str(simulations)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "max_rss_mb": after.ru_maxrss / 1024}


def per_fit(simulations: int, n_origins: int = 10) -> dict[str, float]:
    """Mean CPU seconds of one fit (with Hessian and paths) per model on real origins."""
    import numpy as np
    import pandas as pd

    from analysis.backtest import backtest_origins
    from analysis.counterfactual import MODELS, fit_counterfactual
    from analysis.episodes import contamination_mask, monthly_series
    from analysis.load import load_raw

    raw = load_raw(ROOT / "data" / "raw")
    monthly = monthly_series(raw, "eia_steo_copr")
    gap, _ = contamination_mask(monthly, raw.episodes)
    origins = backtest_origins(monthly, gap, (12,))[:n_origins]
    out = {}
    for model in MODELS:
        t = time.process_time()
        for o in origins:
            months = pd.date_range(o.origin, periods=12, freq="MS")
            fit_counterfactual(o.baseline, months, model, (), simulations, np.random.default_rng(0))
        out[model] = (time.process_time() - t) / len(origins)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simulations", type=int, default=1000)
    parser.add_argument("--skip-command", action="store_true", help="per-fit costs only")
    args = parser.parse_args()
    fits = per_fit(args.simulations)
    print("cpu s per fit (fit + Hessian + paths, h = 12):")
    for model, seconds in fits.items():
        print(f"  {model:<12} {seconds:.3f}")
    result: dict = {"per_fit_cpu_seconds": fits, "simulations": args.simulations}
    if not args.skip_command:
        whole = command(args.simulations)
        print(
            f"python -m analysis backtest: wall {whole['wall']:.1f} s, cpu {whole['cpu']:.1f} s, "
            f"peak {whole['max_rss_mb']:.0f} MB"
        )
        result["command_seconds"] = whole
    result["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
