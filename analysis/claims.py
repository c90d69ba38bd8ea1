"""Check the numeric claims of the seed news report against the measured figures.

Verdicts: `confirmed` (within the tolerance), `off_by_factor` (within the tolerance of a power of
ten: a unit slip such as million for billion; `factor` then states that power), `contradicted`,
`not_checkable` (no measurement in this data, or the data cannot place it).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.its import episode_month_mask
from analysis.reported import effective_date

EVENT_WINDOW_DAYS = 31
SHARE_UNITS = {"share": 1.0, "fraction": 1.0, "percent": 100.0, "%": 100.0}


def numeric_verdict(measured: float, claimed: float, tolerance: float) -> tuple[str, float]:
    """Verdict and factor (measured / claimed, or the power of ten for a unit slip)."""
    if not (np.isfinite(measured) and np.isfinite(claimed)) or claimed == 0:
        return "not_checkable", math.nan
    ratio = measured / claimed
    if ratio > 0:
        k = round(math.log10(ratio))
        if abs(ratio / 10**k - 1) <= tolerance:
            return ("confirmed", ratio) if k == 0 else ("off_by_factor", float(10**k))
    return "contradicted", ratio


def _nearest_statement(reported: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series | None:
    """Statement whose effective date is nearest `as_of`; ties: the one published nearest it."""
    rep = reported[reported["cumulative_loss_usd"].notna()]
    if rep.empty:
        return None
    gap = (effective_date(rep) - as_of).abs()
    stated_gap = (rep["statement_date"] - as_of).abs()
    order = rep.assign(gap=gap, stated_gap=stated_gap)
    return order.sort_values(["gap", "stated_gap"], kind="stable").iloc[0]


def _episode_at(episodes: pd.DataFrame, day: pd.Timestamp) -> pd.Series | None:
    started = episodes[episodes["start"] <= day].sort_values("start")
    return None if started.empty else started.iloc[-1]


def check_loss(
    claim: pd.Series,
    reported: pd.DataFrame,
    estimate_at: Callable[[pd.Timestamp], float],
    tolerance: float,
) -> dict:
    """Claimed cumulative loss vs NOC's statement nearest `as_of`; the model estimate is quoted."""
    st = _nearest_statement(reported, claim["as_of"])
    if st is None:
        return {"verdict": "not_checkable", "explanation": "no NOC loss statement to compare with"}
    measured = float(st["cumulative_loss_usd"])
    verdict, factor = numeric_verdict(measured, float(claim["claimed_value"]), tolerance)
    eff = effective_date(st.to_frame().T).iloc[0]
    est = estimate_at(eff)
    return {
        "measured_value": measured,
        "verdict": verdict,
        "factor": factor,
        "explanation": (
            f"NOC reported {measured:,.0f} USD as of {eff:%Y-%m-%d} ({st['source_id']}); "
            f"measured/claimed = {measured / float(claim['claimed_value']):.4g}; "
            f"model estimate (default model, Brent) at that date {est:,.0f} USD "
            f"(estimate/claimed = {est / float(claim['claimed_value']):.4g})"
        ),
    }


def check_drop_share(
    claim: pd.Series, monthly: pd.Series, episodes: pd.DataFrame, tolerance: float
) -> dict:
    """Share of pre-blockade output lost: 1 - mean(episode months) / mean(12 months before)."""
    scale = SHARE_UNITS.get(str(claim["unit"]).lower())
    ep = _episode_at(episodes, claim["as_of"])
    if scale is None or ep is None:
        return {"verdict": "not_checkable", "explanation": "no episode or unit to measure against"}
    start = ep["start"]
    stop = min(claim["as_of"], ep["end"]) if pd.notna(ep["end"]) else claim["as_of"]
    months = monthly.index[(monthly.index <= stop) & (monthly.index >= start.replace(day=1))]
    inside = months[episode_month_mask(months, start, stop)]
    first = start.to_period("M").to_timestamp()
    before = monthly[(monthly.index < first) & (monthly.index >= first - pd.DateOffset(months=12))]
    if len(inside) == 0 or len(before) < 12:
        return {"verdict": "not_checkable", "explanation": "too few months to measure the drop"}
    measured = 1 - monthly.loc[inside].mean() / before.mean()
    verdict, factor = numeric_verdict(measured, float(claim["claimed_value"]) / scale, tolerance)
    return {
        "measured_value": measured * scale,
        "verdict": verdict,
        "factor": factor,
        "explanation": (
            f"EIA monthly crude: mean {before.mean():,.0f} b/d in the 12 months before "
            f"{first:%Y-%m}, {monthly.loc[inside].mean():,.0f} b/d in {inside[0]:%Y-%m}.."
            f"{inside[-1]:%Y-%m} (months mostly inside episode {ep['episode_id']}): "
            f"a drop of {measured:.1%}"
        ),
    }


def check_event_date(claim: pd.Series, events: pd.DataFrame, category: str) -> dict:
    """Confirmed if an event of `category` starts on the claimed date (as_of)."""
    day = claim["as_of"]
    same = events[events["category"] == category]
    exact = same[same["date"] == day]
    if not exact.empty:
        ids = ", ".join(exact["event_id"].astype(str))
        return {"verdict": "confirmed", "explanation": f"{category} event on {day:%Y-%m-%d}: {ids}"}
    gap = (same["date"] - day).abs()
    near = same[gap <= pd.Timedelta(days=EVENT_WINDOW_DAYS)]
    if near.empty:
        return {
            "verdict": "not_checkable",
            "explanation": f"no {category} event within {EVENT_WINDOW_DAYS} days in events.csv",
        }
    nearest = near.loc[gap[near.index].idxmin()]
    return {
        "verdict": "contradicted",
        "explanation": (
            f"no {category} event on {day:%Y-%m-%d}; nearest is {nearest['event_id']} "
            f"on {nearest['date']:%Y-%m-%d}"
        ),
    }


def check_claims(
    claims: pd.DataFrame,
    reported: pd.DataFrame,
    events: pd.DataFrame,
    monthly: pd.Series,
    episodes: pd.DataFrame,
    estimate_at: Callable[[pd.Timestamp], float],
    tolerance: float,
) -> pd.DataFrame:
    """One row per claim with measured_value, verdict, factor and explanation."""
    rows = []
    for _, claim in claims.iterrows():
        metric = claim["metric"]
        if metric == "noc_cumulative_loss_usd":
            result = check_loss(claim, reported, estimate_at, tolerance)
        elif metric == "production_drop_share":
            result = check_drop_share(claim, monthly, episodes, tolerance)
        elif metric.startswith("event_date_"):
            result = check_event_date(claim, events, metric.removeprefix("event_date_"))
        elif metric == "not_checkable":
            note = claim.get("note")
            result = {
                "verdict": "not_checkable",
                "explanation": note
                if isinstance(note, str) and note
                else "not measurable with production, price, loss or event data",
            }
        else:
            result = {"verdict": "not_checkable", "explanation": f"no measurement for {metric}"}
        rows.append(
            {
                **claim[["claim_id", "claim", "metric", "claimed_value", "unit"]].to_dict(),
                "measured_value": result.get("measured_value", math.nan),
                "verdict": result["verdict"],
                "factor": result.get("factor", math.nan),
                "explanation": result["explanation"],
                "source_id": claim["source_id"],
            }
        )
    return pd.DataFrame(rows)
