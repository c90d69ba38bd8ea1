"""Benchmark `python -m analysis`: the whole run against a bare `import pandas, statsmodels.api`.

Target: the full run (a fresh process: imports, load and validate, all models, write) takes at
most 2x the import alone (aim 1.5x). Each is timed as a fresh subprocess (wall and CPU), median
of --repeats, interleaved; `python -m analysis` uses one BLAS thread unless told otherwise, so the
run is timed again with OPENBLAS_NUM_THREADS=2 to show what that setting saves (BLAS threads only
spin on these tiny matrices), and with --jobs 2 (the projection in a second process; the ratio
is still judged on the default, one process). The floor (bench/floor_run.py: the run's
imports, load and validate, one fit of every model on every episode's baseline, nothing
simulated or written) is timed the same way: what no run that publishes these estimates can go
below. The per-step split comes from one extra in-process run. Prints a table and writes
bench/results/analysis.json.

    .venv/bin/python -m bench.bench_analysis [--repeats 5] [--simulations N]

Without --simulations, the run uses its own default (RunParams.simulations).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "analysis.json"
IMPORT_CMD = [sys.executable, "-c", "import pandas, statsmodels.api"]
FLOOR_CMD = [sys.executable, "-m", "bench.floor_run"]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU (user + sys) seconds of a fresh subprocess; CPU is steadier on a busy box."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def steps(simulations: int | None, out: Path) -> tuple[dict[str, float], int]:
    """One in-process run split into steps (statsmodels imported first, as its own step)."""
    # as analysis/__main__.py does; without one BLAS thread the split's fits took twice as long
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.modules.setdefault("hypothesis", None)
    t = time.perf_counter()
    from analysis.load import load_raw
    from analysis.outputs import write_outputs
    from analysis.pipeline import RunParams, run

    timings = {"import analysis (pandas, pandera)": time.perf_counter() - t}
    t = time.perf_counter()
    import statsmodels.regression.linear_model
    import statsmodels.tsa.regime_switching.markov_regression
    import statsmodels.tsa.statespace.structural  # noqa: F401

    timings["import statsmodels (modules used)"] = time.perf_counter() - t
    t = time.perf_counter()
    raw = load_raw(ROOT / "data" / "raw")
    timings["load + validate"] = time.perf_counter() - t
    params = RunParams(data_dir=ROOT / "data" / "raw")
    if simulations is not None:
        params = replace(params, simulations=simulations)
    result = run(raw, params)
    timings.update({f"run: {k}": v for k, v in result.timings.items()})
    t = time.perf_counter()
    write_outputs(result.tables, result.manifest, out)
    timings["write outputs"] = time.perf_counter() - t
    return timings, params.simulations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--simulations", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "processed"
        run_cmd = [sys.executable, "-m", "analysis", "run", "--out", str(out)]
        if args.simulations is not None:
            run_cmd += ["--simulations", str(args.simulations)]
        timed(IMPORT_CMD)  # warm the file cache once
        two_threads = {**os.environ, "OPENBLAS_NUM_THREADS": "2"}
        imports, floors, runs, runs_1t, runs_j2 = [], [], [], [], []
        for _ in range(args.repeats):  # interleaved, so load on the machine hits all alike
            imports.append(timed(IMPORT_CMD))
            floors.append(timed(FLOOR_CMD))
            runs.append(timed(run_cmd))
            runs_1t.append(timed(run_cmd, two_threads))
            runs_j2.append(timed([*run_cmd, "--jobs", "2"]))
        split, simulations = steps(args.simulations, Path(tmp) / "steps")
    med = {
        name: [statistics.median(x[i] for x in data) for i in (0, 1)]
        for name, data in (
            ("import", imports),
            ("floor", floors),
            ("run", runs),
            ("run_1t", runs_1t),
            ("run_j2", runs_j2),
        )
    }
    ratio = med["run"][0] / med["import"][0]
    rows = [
        ("import pandas, statsmodels.api (subprocess)", *med["import"]),
        ("floor: imports, load + validate, fits (subprocess)", *med["floor"]),
        ("python -m analysis run (subprocess)", *med["run"]),
        ("  same, OPENBLAS_NUM_THREADS=2", *med["run_1t"]),
        ("  same, --jobs 2 (cpu: both processes)", *med["run_j2"]),
        *((name, seconds, None) for name, seconds in split.items()),
    ]
    width = max(len(row[0]) for row in rows)
    print(f"{'step (medians of ' + str(args.repeats) + ')':<{width}}  wall s   cpu s")
    for name, seconds, cpu in rows:
        print(f"{name:<{width}}  {seconds:6.3f}  " + (f"{cpu:6.3f}" if cpu is not None else ""))
    ratio_1t = med["run_1t"][0] / med["import"][0]
    ratio_cpu = med["run"][1] / med["import"][1]
    verdict = "met" if ratio <= 2 else "MISSED"
    print(f"ratio run/import, wall: {ratio:.2f} (target <= 2.0, aim 1.5: {verdict})")
    ratio_j2 = med["run_j2"][0] / med["import"][0]
    print(f"  with OPENBLAS_NUM_THREADS=2: {ratio_1t:.2f}; cpu time ratio: {ratio_cpu:.2f}")
    print(f"  with --jobs 2: {ratio_j2:.2f}")
    ratio_floor = med["floor"][0] / med["import"][0]
    print(f"floor/import (nothing simulated or written): {ratio_floor:.2f}")
    result = {
        "import_seconds": {"wall": med["import"][0], "cpu": med["import"][1], "all": imports},
        "floor_seconds": {"wall": med["floor"][0], "cpu": med["floor"][1], "all": floors},
        "run_seconds": {"wall": med["run"][0], "cpu": med["run"][1], "all": runs},
        "run_openblas_2_threads_seconds": {
            "wall": med["run_1t"][0],
            "cpu": med["run_1t"][1],
            "all": runs_1t,
        },
        "run_jobs_2_seconds": {"wall": med["run_j2"][0], "cpu": med["run_j2"][1], "all": runs_j2},
        "ratio": ratio,
        "ratio_jobs_2": ratio_j2,
        "ratio_openblas_2_threads": ratio_1t,
        "ratio_cpu": ratio_cpu,
        "ratio_floor": ratio_floor,
        "target_ratio": 2.0,
        "aim_ratio": 1.5,
        "target_met": ratio <= 2,
        "steps_seconds": split,
        "simulations": simulations,
        "repeats": args.repeats,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp_file = RESULTS.with_suffix(".json.tmp")
    tmp_file.write_text(json.dumps(result, indent=2) + "\n")
    tmp_file.replace(RESULTS)


if __name__ == "__main__":
    main()
