"""Interrupted time series: segmented OLS on monthly production with Newey-West (HAC) errors.

y_t = b0 + b1 t + b2 S_t + b3 (t - t_s) S_t + b4 E_t + b5 (t - t_e) E_t, where S_t marks months
from the episode's first month on and E_t months after its last. b2/b3 are the level and slope
shifts at the start, b4/b5 at the end (relative to the episode segment). A month belongs to the
episode when at least half its days do. Monthly output is autocorrelated, so standard errors are
HAC with a stated maxlags.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_SLOPE_MONTHS = 3  # with two episode months the slope fits them exactly: no error to measure
ITS_TERMS = ("level_shift_start", "slope_change_start", "level_shift_end", "slope_change_end")


def episode_month_mask(months: pd.DatetimeIndex, start: pd.Timestamp, end: pd.Timestamp):
    """True for months with at least half their days inside [start, end]."""
    first = months.to_numpy()
    last = (months + pd.offsets.MonthEnd(0)).to_numpy()
    lo = np.maximum(first, start.to_datetime64())
    hi = np.minimum(last, end.to_datetime64())
    inside = np.clip((hi - lo) / np.timedelta64(1, "D") + 1, 0, None)
    return inside >= months.days_in_month.to_numpy() / 2


def its_effects(
    y: pd.Series,
    start: pd.Timestamp,
    end: pd.Timestamp,
    maxlags: int,
    levels: tuple[float, ...],
) -> pd.DataFrame:
    """Estimates of the four ITS_TERMS (b/d) with HAC intervals at each level.

    `y` is monthly b/d over the analysis window (rows may be missing, e.g. other episodes' months:
    time is counted in calendar months). A slope change at the start needs MIN_SLOPE_MONTHS
    episode months, the end terms need months after the episode; terms not estimated are NaN.
    """
    from statsmodels.regression.linear_model import OLS

    months = pd.DatetimeIndex(y.index)
    t = np.array([(m.to_period("M") - months[0].to_period("M")).n for m in months], float)
    inside = episode_month_mask(months, start, end)
    if not inside.any():
        raise ValueError("no month of the window lies mostly inside the episode")
    t_s, t_e = t[inside].min(), t[inside].max() + 1
    s = (t >= t_s).astype(float)
    e = (t >= t_e).astype(float)
    cols = {
        "const": np.ones_like(t),
        "trend": t,
        "level_shift_start": s,
        "slope_change_start": (t - t_s) * s,
        "level_shift_end": e,
        "slope_change_end": (t - t_e) * e,
    }
    if inside.sum() < MIN_SLOPE_MONTHS:
        del cols["slope_change_start"]
    if e.sum() < 2:
        del cols["slope_change_end"]
    if e.sum() < 1:
        del cols["level_shift_end"]
    x = pd.DataFrame(cols)
    res = OLS(y.to_numpy(dtype=float), x).fit(cov_type="HAC", cov_kwds={"maxlags": maxlags})
    rows = []
    for level in levels:
        ci = res.conf_int(alpha=1 - level)
        for term in ITS_TERMS:
            fitted = term in x.columns
            rows.append(
                {
                    "term": term,
                    "estimate_bpd": res.params[term] if fitted else np.nan,
                    "ci_lower_bpd": ci.loc[term, 0] if fitted else np.nan,
                    "ci_upper_bpd": ci.loc[term, 1] if fitted else np.nan,
                    "p_value": res.pvalues[term] if fitted else np.nan,
                    "interval_level": level,
                    "hac_maxlags": maxlags,
                }
            )
    return pd.DataFrame(rows)
