"""manifest.json's content: inputs with checksums, parameters, versions, defaults and checks.

Consumers use it to tell when outputs are stale and to reproduce a run; the methods themselves
are described in docs/methodology.md, which the manifest points to.
"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.load import RawTables
from analysis.params import DEFAULT_EPISODE, DEFAULT_MODEL, DEFAULT_SCENARIO, RunParams

METHODS_DOCUMENT = "docs/methodology.md"


def library_versions() -> dict[str, str]:
    import scipy
    import statsmodels

    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scipy": scipy.__version__,
        "statsmodels": statsmodels.__version__,
    }


def input_files(data_dir: Path, raw: RawTables) -> list[dict[str, Any]]:
    """sha256 and row count of each raw CSV, so consumers can tell when outputs are stale."""
    out = []
    for name, frame in raw.items():
        path = data_dir / f"{name}.csv"
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
        out.append({"file": path.name, "sha256": digest, "rows": len(frame)})
    return out


def placebo_summary(placebo: pd.DataFrame, summary: pd.DataFrame, level: float) -> dict:
    """Per episode and model: placebo runs, their mean and spread, the mean as share of the real
    Brent estimate."""
    brent = summary[
        (summary["price_scenario"] == DEFAULT_SCENARIO) & (summary["interval_level"] == level)
    ]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for (ep, model), g in placebo.groupby(["episode_id", "model"], sort=True):
        real = brent[(brent["episode_id"] == ep) & (brent["model"] == model)]["lost_barrels"]
        out.setdefault(str(ep), {})[str(model)] = {
            "runs": len(g),
            "mean_lost_barrels": round(float(g["lost_barrels"].mean()), 0),
            "sd_lost_barrels": round(float(g["lost_barrels"].std(ddof=0)), 0),
            "mean_as_share_of_estimate": round(float(g["lost_barrels"].mean() / real.iloc[0]), 4)
            if len(real)
            else None,
        }
    return out


def build_manifest(
    raw: RawTables,
    params: RunParams,
    convergence: dict[str, dict[str, bool]],
    regime_summary: dict[str, Any],
    placebo: pd.DataFrame,
    summary: pd.DataFrame,
) -> dict[str, Any]:
    """Everything but `outputs`, which `analysis.outputs.write_outputs` adds once files exist."""
    p = asdict(params)
    p.pop("data_dir")
    p["interval_levels"] = list(params.levels)
    p["models"] = list(params.models)
    return {
        "inputs": input_files(params.data_dir, raw) if params.data_dir else [],
        "parameters": p,
        "seed": params.seed,
        "simulations": params.simulations,
        "interval_levels": list(params.levels),
        "libraries": library_versions(),
        "defaults": {
            "episode_id": DEFAULT_EPISODE,
            "model": DEFAULT_MODEL,
            "price_scenario": DEFAULT_SCENARIO,
            "interval_level": params.level,
        },
        "convergence": convergence,
        "regime_summary": regime_summary,
        "placebo_summary": placebo_summary(placebo, summary, params.level),
        "methods": METHODS_DOCUMENT,
    }
