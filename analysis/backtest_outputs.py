"""`python -m analysis backtest`: the backtest and sensitivity tables and backtest_manifest.json.

Minutes of fitting (hundreds of fits with numerical Hessians), so it is a command of its own
rather than part of every run. Its files are committed in data/processed with the checksums of
the inputs and code they came from; a test fails when those no longer match, and
`python -m analysis` reads the default model (rule R3) from the committed summary.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.backtest import (
    BASELINE_MONTHS,
    BOOTSTRAP_METHOD,
    FIRST_ORIGIN,
    HORIZONS,
    LEVELS,
    MANIFEST_FILE,
    MIN_BASELINE_MONTHS,
    R3_RULE,
    run_backtest,
    select_default,
)
from analysis.counterfactual import MODELS
from analysis.episodes import build_episodes, monthly_series, price_table
from analysis.load import load_raw
from analysis.manifest import library_versions
from analysis.outputs import format_table, to_csv_bytes
from analysis.params import RunParams
from analysis.progress import progress
from analysis.sensitivity import BASELINE_LENGTHS, sensitivity_grid

ROOT = Path(__file__).resolve().parents[1]
# What the tables depend on: a change to any of these makes them stale.
INPUT_FILES = ("production_monthly.csv", "episodes.csv", "brent_daily.csv", "price_scenarios.csv")
CODE_FILES = tuple(
    f"analysis/{name}.py"
    for name in ("counterfactual", "episodes", "backtest", "sensitivity", "daily", "losses")
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def provenance(data_dir: Path) -> dict[str, dict[str, str]]:
    """sha256 of each input file and code file the backtest tables depend on."""
    return {
        "inputs": {name: sha256(Path(data_dir) / name) for name in INPUT_FILES},
        "code": {name: sha256(ROOT / name) for name in CODE_FILES},
    }


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def backtest_tables(
    data_dir: Path, seed: int, simulations: int
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The three tables and the manifest content (without `outputs`)."""
    raw = load_raw(data_dir)
    params = RunParams(seed=seed, simulations=simulations)
    monthly = monthly_series(raw, params.series)
    t = time.perf_counter()
    table, summary, fits = run_backtest(monthly, raw.episodes, simulations, seed)
    progress(f"backtest: {len(table)} rows in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    episodes = build_episodes(raw, monthly)
    prices = price_table(
        raw,
        min(ep.start for ep in episodes),
        max(max(ep.end for ep in episodes), raw.brent_daily["date"].max()),
    )
    sens = sensitivity_grid(episodes, raw.episodes, monthly, prices, simulations, seed)
    progress(f"sensitivity: {len(sens)} rows in {time.perf_counter() - t:.0f} s")
    model, r3 = select_default(summary)
    by_model = fits.groupby("model")
    meta = {
        "command": "python -m analysis backtest",
        "seed": seed,
        "simulations": simulations,
        "models": list(MODELS),
        "rules": {
            "R2": (
                f"origins from {FIRST_ORIGIN:%Y-%m}; baseline the {BASELINE_MONTHS} months "
                f"before the origin with R1 gaps as NaN, usable with >= {MIN_BASELINE_MONTHS} "
                f"non-gap months; horizons {HORIZONS[0]}..{HORIZONS[-1]} months plus episode "
                "lengths, usable when every month is published and non-gap; levels "
                + ", ".join(str(lv) for lv in LEVELS)
            ),
            "R3": R3_RULE,
            "coverage_range": BOOTSTRAP_METHOD + "; seed key (seed, 'backtest', "
            "'coverage_ranges'); not used by R3",
        },
        "windows": int(summary["windows"].max()),
        "origins": int(summary["origins"].max()),
        "default_model": model,
        "r3_table": r3.round(6).to_dict("records"),
        "fits": {
            str(m): {
                "fits": len(g),
                "not_converged": int((~g["converged"]).sum()),
                "hessian_repaired": int(g["hessian_repaired"].sum()),
            }
            for m, g in by_model
        },
        "sensitivity_baseline_months": list(BASELINE_LENGTHS),
        **provenance(data_dir),
        "libraries": library_versions(),
    }
    return {"backtest": table, "backtest_summary": summary, "sensitivity": sens}, meta


def run_and_write_backtest(data_dir: Path, out_dir: Path, *, seed: int, simulations: int) -> int:
    """Compute, then write each table and the manifest (last) atomically into `out_dir`."""
    tables, meta = backtest_tables(data_dir, seed, simulations)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = []
    for name in sorted(tables):
        data = to_csv_bytes(format_table(name, tables[name]))
        _write_atomic(out_dir / f"{name}.csv", data)
        digest = hashlib.sha256(data).hexdigest()
        outputs.append({"file": f"{name}.csv", "sha256": digest, "rows": len(tables[name])})
    text = json.dumps({**meta, "outputs": outputs}, indent=2) + "\n"
    _write_atomic(out_dir / MANIFEST_FILE, text.encode("utf-8"))
    progress(f"default model by rule R3: {meta['default_model']}; wrote {out_dir}")
    return 0
