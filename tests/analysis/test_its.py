import numpy as np
import pandas as pd
import pytest

from analysis.its import episode_month_mask, its_effects


def test_recovers_a_known_level_shift_and_covers_it():
    rng = np.random.default_rng(2)
    idx = pd.date_range("2017-01", periods=48, freq="MS")
    y = 1_000_000 + 2_000 * np.arange(48) + rng.normal(0, 20_000, 48)
    inside = (idx >= "2019-01-01") & (idx <= "2019-08-01")
    y[inside] -= 800_000
    out = its_effects(
        pd.Series(y, index=idx), pd.Timestamp("2019-01-01"), pd.Timestamp("2019-08-31"), 6, (0.95,)
    ).set_index("term")
    assert out.loc["level_shift_start", "estimate_bpd"] == pytest.approx(-800_000, abs=40_000)
    assert out.loc["level_shift_end", "estimate_bpd"] == pytest.approx(800_000, abs=60_000)
    assert out.loc["level_shift_start", "ci_lower_bpd"] < -800_000
    assert out.loc["level_shift_start", "ci_upper_bpd"] > -800_000
    assert out.loc["level_shift_start", "p_value"] < 0.001
    assert abs(out.loc["slope_change_start", "estimate_bpd"]) < 15_000
    assert (out["hac_maxlags"] == 6).all()


@pytest.mark.parametrize("end", ["2018-06-30", "2018-07-31"])
def test_short_episode_has_no_slope_change(end):
    idx = pd.date_range("2017-01", periods=30, freq="MS")
    y = pd.Series(1e6 + np.random.default_rng(0).normal(0, 1e4, 30), index=idx)
    y["2018-06":end] = 5e5
    out = its_effects(y, pd.Timestamp("2018-06-01"), pd.Timestamp(end), 3, (0.9,))
    assert np.isnan(out.set_index("term").loc["slope_change_start", "estimate_bpd"])
    assert out.set_index("term").loc["level_shift_start", "estimate_bpd"] < -4e5


def test_month_belongs_to_episode_when_half_its_days_do():
    idx = pd.date_range("2020-01", periods=3, freq="MS")
    mask = episode_month_mask(idx, pd.Timestamp("2020-01-16"), pd.Timestamp("2020-03-16"))
    assert mask.tolist() == [True, True, True]
    mask = episode_month_mask(idx, pd.Timestamp("2020-01-17"), pd.Timestamp("2020-03-15"))
    assert mask.tolist() == [False, True, False]
