import numpy as np
import pandas as pd
import pytest
from statsmodels.regression.linear_model import OLS

from analysis.its import episode_month_mask, its_effects, newey_west_lags

IDX = pd.date_range("2017-01", periods=48, freq="MS")
START, END = pd.Timestamp("2019-01-01"), pd.Timestamp("2019-08-31")


def hand_design() -> pd.DataFrame:
    """The segmented design for IDX with the episode January-August 2019, written out by hand."""
    t = np.arange(48.0)
    s = (t >= 24).astype(float)  # January 2019 is month 24
    e = (t >= 32).astype(float)  # September 2019, the first month after the episode
    return pd.DataFrame(
        {
            "const": 1.0,
            "trend": t,
            "level_shift_start": s,
            "slope_change_start": (t - 24) * s,
            "level_shift_end": e,
            "slope_change_end": (t - 32) * e,
        }
    )


def series(noise: np.ndarray) -> pd.Series:
    y = 1_000_000 + 2_000 * np.arange(48) + noise
    y[24:32] -= 800_000
    return pd.Series(y, index=IDX)


def test_recovers_a_known_level_shift_and_covers_it():
    y = series(np.random.default_rng(2).normal(0, 20_000, 48))
    out = its_effects(y, START, END, (0.95,)).set_index("term")
    assert out.loc["level_shift_start", "estimate_bpd"] == pytest.approx(-800_000, abs=40_000)
    assert out.loc["level_shift_end", "estimate_bpd"] == pytest.approx(800_000, abs=60_000)
    assert out.loc["level_shift_start", "ci_lower_bpd"] < -800_000
    assert out.loc["level_shift_start", "ci_upper_bpd"] > -800_000
    assert out.loc["level_shift_start", "p_value"] < 0.001
    assert abs(out.loc["slope_change_start", "estimate_bpd"]) < 15_000


def test_without_autocorrelation_the_errors_are_hc3_of_plain_ols_on_the_design():
    y = series(np.random.default_rng(5).normal(0, 20_000, 48))
    out = its_effects(y, START, END, (0.9,)).set_index("term")
    ref = OLS(y.to_numpy(), hand_design()).fit(cov_type="HC3", use_t=True)
    ci = ref.conf_int(alpha=0.1)
    assert (out["se_method"] == "HC3").all()
    assert out["hac_maxlags"].isna().all()
    assert (out["autocorrelation_p_value"] >= 0.05).all()
    for term in out.index:
        assert out.loc[term, "estimate_bpd"] == pytest.approx(ref.params[term])
        assert out.loc[term, "ci_lower_bpd"] == pytest.approx(ci.loc[term, 0])
        assert out.loc[term, "ci_upper_bpd"] == pytest.approx(ci.loc[term, 1])
        assert out.loc[term, "p_value"] == pytest.approx(ref.pvalues[term])


def test_autocorrelated_residuals_switch_to_corrected_hac_with_the_lag_rule():
    rng = np.random.default_rng(1)
    ar = np.zeros(48)
    for i in range(1, 48):  # AR(1) with coefficient 0.9
        ar[i] = 0.9 * ar[i - 1] + rng.normal(0, 20_000)
    y = series(ar)
    out = its_effects(y, START, END, (0.95,)).set_index("term")
    lags = 3  # floor(4 * 0.48 ** (2/9)) = floor(3.42)
    ref = OLS(y.to_numpy(), hand_design()).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True
    )
    assert (out["se_method"] == "HAC").all()
    assert (out["hac_maxlags"] == lags).all()
    assert (out["autocorrelation_p_value"] < 0.05).all()
    ci = ref.conf_int(alpha=0.05)
    assert out.loc["level_shift_start", "ci_lower_bpd"] == pytest.approx(
        ci.loc["level_shift_start", 0]
    )


@pytest.mark.parametrize(("n", "lags"), [(10, 2), (41, 3), (100, 4), (1000, 6)])
def test_newey_west_lag_rule(n, lags):
    assert newey_west_lags(n) == lags  # floor(4 (n/100)^(2/9)), worked by hand


def test_one_month_episode_gets_no_dummy_estimate_and_says_why():
    idx = pd.date_range("2017-01", periods=30, freq="MS")
    y = pd.Series(1e6 + np.random.default_rng(0).normal(0, 1e4, 30), index=idx)
    y["2018-06"] = 5e5
    out = its_effects(y, pd.Timestamp("2018-06-01"), pd.Timestamp("2018-06-30"), (0.9,))
    assert out["estimate_bpd"].isna().all()
    assert out["ci_lower_bpd"].isna().all()
    notes = out.set_index("term")["term_note"]
    assert "1 episode month" in notes["level_shift_start"]
    assert "episode segment" in notes["level_shift_end"]
    assert out["se_method"].isna().all()


def test_two_month_episode_has_a_level_shift_but_no_slope_change():
    idx = pd.date_range("2017-01", periods=30, freq="MS")
    y = pd.Series(1e6 + np.random.default_rng(0).normal(0, 1e4, 30), index=idx)
    y["2018-06":"2018-07"] = 5e5
    out = its_effects(y, pd.Timestamp("2018-06-01"), pd.Timestamp("2018-07-31"), (0.9,))
    out = out.set_index("term")
    assert np.isnan(out.loc["slope_change_start", "estimate_bpd"])
    assert "needs at least 3" in out.loc["slope_change_start", "term_note"]
    assert out.loc["level_shift_start", "estimate_bpd"] < -4e5
    assert pd.isna(out.loc["level_shift_start", "term_note"])


def test_one_month_after_the_episode_is_not_an_end_shift():
    idx = pd.date_range("2017-01", periods=20, freq="MS")
    y = pd.Series(1e6 + np.random.default_rng(3).normal(0, 1e4, 20), index=idx)
    y["2018-04":"2018-07"] = 5e5
    out = its_effects(y, pd.Timestamp("2018-04-01"), pd.Timestamp("2018-07-31"), (0.9,))
    out = out.set_index("term")
    assert out[["estimate_bpd"]].loc[["level_shift_end", "slope_change_end"]].isna().all().all()
    assert "1 post-episode month" in out.loc["level_shift_end", "term_note"]
    assert out.loc["level_shift_start", "estimate_bpd"] < -4e5


def test_month_belongs_to_episode_when_half_its_days_do():
    idx = pd.date_range("2020-01", periods=3, freq="MS")
    mask = episode_month_mask(idx, pd.Timestamp("2020-01-16"), pd.Timestamp("2020-03-16"))
    assert mask.tolist() == [True, True, True]
    mask = episode_month_mask(idx, pd.Timestamp("2020-01-17"), pd.Timestamp("2020-03-15"))
    assert mask.tolist() == [False, True, False]
