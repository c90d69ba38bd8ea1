"""Check the numeric claims of the seed news report against the measured figures.

Verdicts: `confirmed` (within the tolerance), `off_by_factor` (within the tolerance of a power of
ten: a unit slip such as million for billion; `factor` then states that power), `contradicted`,
`not_checkable` (no measurement in this data, or the data cannot place it).
Each verdict also gets `verdict_text`, one plain sentence for readers: which figure the report
wrote, what the data say and, for a unit slip, which word was written for which.
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
SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))


def _scale(x: float) -> tuple[float, str]:
    """The largest named power of ten below `x` and its word (1, "") for small numbers."""
    return next(((f, w) for f, w in SCALE_WORDS if abs(x) >= f), (1.0, ""))


def money(x: float) -> str:
    """Dollars in words with three significant figures: $8.22 million, $8.22 billion."""
    factor, word = _scale(x)
    return f"${x / factor:,.3g} {word}".rstrip() if word else f"${x:,.0f}"


def day(d: pd.Timestamp) -> str:
    """A date for readers: 12 Aug 2020."""
    return f"{d.day} {d:%b %Y}"


def slip(claimed: float, measured: float, factor: float) -> str:
    """What a power-of-ten slip was: "million written for billion", or the factor in words."""
    wrote, meant = _scale(claimed)[1], _scale(measured)[1]
    if wrote and meant and wrote != meant:
        return f"{wrote} written for {meant}"
    return f"off by a factor of {factor:,.0f}"


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
        return {
            "verdict": "not_checkable",
            "explanation": "no NOC loss statement to compare with",
            "verdict_text": "NOC published no running total of the loss to compare with.",
        }
    measured = float(st["cumulative_loss_usd"])
    verdict, factor = numeric_verdict(measured, float(claim["claimed_value"]), tolerance)
    eff = effective_date(st.to_frame().T).iloc[0]
    est = estimate_at(eff)
    claimed = float(claim["claimed_value"])
    said = f"The report wrote {money(claimed)}; NOC had said {money(measured)} on {day(eff)}"
    ending = {
        "confirmed": "the same figure",
        "off_by_factor": slip(claimed, measured, factor),
        "contradicted": f"{measured / claimed:.2g} times the report's figure",
    }[verdict]
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
        "verdict_text": f"{said}: {ending}. This project's estimate for that date: {money(est)}.",
    }


def check_drop_share(
    claim: pd.Series, monthly: pd.Series, episodes: pd.DataFrame, tolerance: float
) -> dict:
    """Share of pre-blockade output lost: 1 - mean(episode months) / mean(12 months before)."""
    scale = SHARE_UNITS.get(str(claim["unit"]).lower())
    ep = _episode_at(episodes, claim["as_of"])
    if scale is None or ep is None:
        return {
            "verdict": "not_checkable",
            "explanation": "no episode or unit to measure against",
            "verdict_text": "No blockade on record at that date to measure the fall against.",
        }
    start = ep["start"]
    stop = min(claim["as_of"], ep["end"]) if pd.notna(ep["end"]) else claim["as_of"]
    months = monthly.index[(monthly.index <= stop) & (monthly.index >= start.replace(day=1))]
    inside = months[episode_month_mask(months, start, stop)]
    first = start.to_period("M").to_timestamp()
    before = monthly[(monthly.index < first) & (monthly.index >= first - pd.DateOffset(months=12))]
    if len(inside) == 0 or len(before) < 12:
        return {
            "verdict": "not_checkable",
            "explanation": "too few months to measure the drop",
            "verdict_text": "Too few months of production on record to measure the fall.",
        }
    measured = 1 - monthly.loc[inside].mean() / before.mean()
    claimed = float(claim["claimed_value"]) / scale
    verdict, factor = numeric_verdict(measured, claimed, tolerance)
    ending = {
        "confirmed": "the report's figure holds",
        "off_by_factor": "the report's figure is off by a power of ten",
        "contradicted": f"the fall was {'larger' if measured > claimed else 'smaller'} "
        "than the report wrote",
    }[verdict]
    text = (
        f"The report wrote a fall of {claimed:.0%}; the EIA's monthly figures show {measured:.0%}, "
        f"from {before.mean():,.0f} barrels a day on average in the 12 months before "
        f"{first:%B %Y} to {monthly.loc[inside].mean():,.0f} in {inside[0]:%B %Y} to "
        f"{inside[-1]:%B %Y}: {ending}."
    )
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
        "verdict_text": text,
    }


def check_event_date(claim: pd.Series, events: pd.DataFrame, category: str) -> dict:
    """Confirmed if an event of `category` starts on the claimed date (as_of)."""
    on = claim["as_of"]
    same = events[events["category"] == category]
    exact = same[same["date"] == on]
    what = category.replace("_", " ")
    if not exact.empty:
        ids = ", ".join(exact["event_id"].astype(str))
        titles = "; ".join(f"“{t}”" for t in exact["title"])
        return {
            "verdict": "confirmed",
            "explanation": f"{category} event on {on:%Y-%m-%d}: {ids}",
            "verdict_text": f"The events on record confirm it: {titles}, on {day(on)}.",
        }
    gap = (same["date"] - on).abs()
    near = same[gap <= pd.Timedelta(days=EVENT_WINDOW_DAYS)]
    if near.empty:
        return {
            "verdict": "not_checkable",
            "explanation": f"no {category} event within {EVENT_WINDOW_DAYS} days in events.csv",
            "verdict_text": f"No {what} is on record within {EVENT_WINDOW_DAYS} days of "
            f"{day(on)}, so the date cannot be checked.",
        }
    nearest = near.loc[gap[near.index].idxmin()]
    return {
        "verdict": "contradicted",
        "explanation": (
            f"no {category} event on {on:%Y-%m-%d}; nearest is {nearest['event_id']} "
            f"on {nearest['date']:%Y-%m-%d}"
        ),
        "verdict_text": f"No {what} is on record on {day(on)}; the nearest is "
        f"“{nearest['title']}” on {day(nearest['date'])}.",
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
    """One row per claim with measured_value, verdict, factor, explanation and verdict_text."""
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
            why = (
                note
                if isinstance(note, str) and note
                else "not measurable with production, price, loss or event data"
            )
            result = {"verdict": "not_checkable", "explanation": why, "verdict_text": why}
        else:
            result = {
                "verdict": "not_checkable",
                "explanation": f"no measurement for {metric}",
                "verdict_text": "Nothing this project measures can be set against this claim.",
            }
        rows.append(
            {
                **claim[["claim_id", "claim", "metric", "claimed_value", "unit"]].to_dict(),
                "measured_value": result.get("measured_value", math.nan),
                "verdict": result["verdict"],
                "factor": result.get("factor", math.nan),
                "explanation": result["explanation"],
                "verdict_text": result["verdict_text"],
                "source_id": claim["source_id"],
            }
        )
    return pd.DataFrame(rows)
