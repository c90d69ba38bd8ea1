"""The least any `python -m analysis` run can do, timed by bench/bench_analysis.py as its floor.

Start the process as `python -m analysis` does (one BLAS thread, pandera without hypothesis),
import the run's modules, load and validate data/raw, and fit every model once on each
episode's baseline: the fits the published estimates need before a single path is simulated.
Nothing is simulated or written, so the run's other steps (the Monte Carlo paths and their
daily bounds, placebo, replay, projection, writing the tables) all come on top of this.

    .venv/bin/python -m bench.floor_run
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]

from analysis.actual import default_as_of  # noqa: E402
from analysis.counterfactual import fit_model  # noqa: E402
from analysis.episodes import build_episodes, monthly_series  # noqa: E402
from analysis.load import default_data_dir, load_raw  # noqa: E402
from analysis.params import RunParams  # noqa: E402


def main() -> int:
    """Fit every (episode, model) pair once; print how many fits."""
    raw = load_raw(default_data_dir())
    params = RunParams()
    monthly = monthly_series(raw, params.series)
    episodes = build_episodes(raw, monthly, default_as_of(raw, monthly))
    fits = [fit_model(ep.baseline, model) for ep in episodes for model in params.models]
    print(f"{len(fits)} fits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
