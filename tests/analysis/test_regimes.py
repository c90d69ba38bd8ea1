import numpy as np
import pandas as pd

from analysis.regimes import agreement, fit_regimes


def test_flags_a_synthetic_low_regime():
    rng = np.random.default_rng(4)
    idx = pd.date_range("2010-01", periods=120, freq="MS")
    y = 1_200_000 + rng.normal(0, 40_000, 120)
    low = np.zeros(120, dtype=bool)
    low[30:45] = low[80:88] = True
    y[low] = 200_000 + rng.normal(0, 80_000, low.sum())
    fit = fit_regimes(pd.Series(y, index=idx), 5, 1)
    flagged = fit.prob_disrupted.to_numpy() > 0.5
    assert fit.converged
    assert (flagged == low).mean() > 0.97
    assert fit.means_bpd[0] < 400_000 < 1_000_000 < fit.means_bpd[1]


def test_agreement_shares():
    flagged = pd.Series([True, True, False, True])
    episode = pd.Series([True, False, False, True])
    out = agreement(flagged, episode)
    assert out["share_episode_months_flagged"] == 1.0
    assert out["share_flagged_months_in_episode"] == 2 / 3
