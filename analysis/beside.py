"""Run the independent checks in a forked process beside the counterfactual runs.

Measured in bench/bench_analysis.py: on two cores this saves about a second of a run of six.
Forked, the child inherits the imported modules (no second import cost) and the inputs; its
results come back pickled, so they are the same as a serial run. Serial where fork is not
available or `workers` is 1.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

import pandas as pd

from analysis.checks import IndependentChecks, run_independent_checks
from analysis.episodes import Episode
from analysis.params import RunParams


def start_checks(
    episodes: list[Episode],
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    params: RunParams,
) -> Future[IndependentChecks]:
    """The checks as a future: running in a forked child, or already done when run serially."""
    if params.workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        done: Future[IndependentChecks] = Future()
        done.set_result(run_independent_checks(episodes, monthly, prices, params))
        return done
    # Import the models before forking, or each process would pay the import (about 1.5 s).
    import statsmodels.regression.linear_model
    import statsmodels.tsa.regime_switching.markov_regression
    import statsmodels.tsa.statespace.structural  # noqa: F401

    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(run_independent_checks, episodes, monthly, prices, params)
    pool.shutdown(wait=False)
    return future
