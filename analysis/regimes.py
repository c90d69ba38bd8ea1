"""Two-regime Markov switching model of monthly production (switching mean and variance).

An annotation-free check on the episode list: months the model puts in the low-mean regime
should be the annotated blockade months. Regimes are ordered by mean after fitting, so
"disrupted" is always the low-mean regime whatever label the optimiser gave it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

SCALE = 1e6  # fit in million b/d


@dataclass(frozen=True)
class RegimeFit:
    prob_disrupted: pd.Series
    means_bpd: tuple[float, float]
    converged: bool


def fit_regimes(y: pd.Series, search_reps: int, seed: int) -> RegimeFit:
    """Fit on monthly b/d (consecutive months); probability of the low-mean regime per month.

    Smoothed probabilities (using the whole sample) are reported; several random starts
    (`search_reps`) guard against a poor local optimum.
    """
    from statsmodels.tools.sm_exceptions import ConvergenceWarning
    from statsmodels.tsa.regime_switching.markov_regression import MarkovRegression

    values = y.to_numpy(dtype=float) / SCALE
    model = MarkovRegression(values, k_regimes=2, trend="c", switching_variance=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        res = model.fit(search_reps=search_reps, rng=np.random.default_rng(seed), disp=False)
    params = dict(zip(model.param_names, res.params, strict=True))
    means = np.array([params[f"const[{k}]"] for k in range(2)])
    low = int(np.argmin(means))
    probs = np.asarray(res.smoothed_marginal_probabilities)[:, low]
    return RegimeFit(
        prob_disrupted=pd.Series(probs, index=y.index, name="prob_disrupted"),
        means_bpd=(float(means.min() * SCALE), float(means.max() * SCALE)),
        converged=bool(res.mle_retvals.get("converged", False)),
    )


def agreement(flagged: pd.Series, in_episode: pd.Series) -> dict[str, float]:
    """Share of annotated-episode months flagged, and share of flagged months in an episode."""
    n_ep, n_flag = int(in_episode.sum()), int(flagged.sum())
    both = int((flagged & in_episode).sum())
    return {
        "episode_months": n_ep,
        "flagged_months": n_flag,
        "share_episode_months_flagged": both / n_ep if n_ep else float("nan"),
        "share_flagged_months_in_episode": both / n_flag if n_flag else float("nan"),
    }
