"""Plain-language meaning and units of every processed table and column.

One text feeds the Methodology page and the README inside /download/all.zip, so they cannot drift.
"""

from __future__ import annotations

from dashboard.data import COLUMNS

TABLES: dict[str, str] = {
    "daily_impact": "Day by day for each episode, model, price scenario and interval level: actual "
    "and counterfactual production, the loss, the price used and running totals.",
    "episode_summary": "One row per episode and selection: length, lost barrels and value with "
    "intervals, NOC's latest reported figure, recovery time, whether the model converged.",
    "reported_vs_estimated": "At each NOC statement date: NOC's reported running total beside "
    "the estimate for the same date and its interval.",
    "model_comparison": "The three counterfactual models side by side for each episode.",
    "placebo": "The same estimate with fake start dates inside the baseline window.",
    "its_effects": "Interrupted time series: level and slope changes at the start and end.",
    "regimes": "Two-regime Markov switching model: probability of the disrupted regime per month.",
    "revenue_decomposition": "Yearly gross crude value and its change split into volume, price "
    "and interaction effects, with NOC's reported revenue where published.",
    "claims_check": "Each numeric claim of the 2020 news report against the measured figure.",
    "monthly_series": "Monthly production, one row per series and month.",
    "prices": "Daily price per price scenario.",
    "events": "Dated events: blockades, force majeure, cease-fires, violations, restarts, "
    "political and military events.",
    "exports": "Published export figures: annual averages, monthly averages and snapshots.",
    "production_reported": "Dated point statements of production (NOC, press).",
    "reported_losses": "NOC's running loss totals as published.",
    "sources": "Every source cited by the other tables.",
    "episodes": "The blockade episodes: dates, baseline window and description.",
    "price_scenarios": "The price scenarios: Brent, or Brent less a cited differential.",
}

COLUMNS_TEXT: dict[str, str] = {
    "episode_id": "blockade episode (e.g. 2020)",
    "name": "episode name",
    "model": "counterfactual model: mean (baseline mean), ols_trend (linear trend, OLS), "
    "local_level (structural time series, local level)",
    "price_scenario": "brent, or brent_less_es_sider_diff (Brent minus a cited Es Sider "
    "differential, $/bbl)",
    "interval_level": "coverage of the interval columns (0.8, 0.9 or 0.95)",
    "date": "day (YYYY-MM-DD)",
    "month": "month (YYYY-MM)",
    "start": "first day of the blockade",
    "end": "last day of the blockade",
    "days": "number of days",
    "actual_bpd": "production in barrels per day, monthly averages spread over the days",
    "counterfactual_bpd": "what production would have been without the blockade, b/d",
    "lost_bpd": "counterfactual minus actual, b/d",
    "price_usd_bbl": "price used for the day, US$ per barrel",
    "cum_lost_barrels": "lost barrels summed from the first day (b/d x days)",
    "cum_loss_usd": "lost barrels x price, summed from the first day, US$",
    "reported_cum_loss_usd": "NOC's reported running total on that date, US$ (blank if none)",
    "baseline_bpd": "average production in the baseline window, b/d",
    "baseline_rmse_bpd": "model's in-sample error on the baseline window, b/d",
    "lost_barrels": "total lost barrels over the episode",
    "loss_usd": "total lost value, US$",
    "reported_loss_usd": "NOC's latest reported total, US$",
    "reported_as_of": "date NOC's total refers to",
    "estimate_to_reported": "estimate divided by NOC's figure",
    "recovery_month": "first month production is back to 90% of the counterfactual",
    "recovery_days": "days from the end of the blockade to recovery",
    "converged": "whether the model fit converged",
    "statement_date": "date of NOC's statement",
    "as_of_date": "date the statement's figure refers to (blank if not stated)",
    "date_basis": "stated, report_date (the article's date stands in) or inferred",
    "ratio": "estimate divided by the reported figure",
    "covered": "whether the reported figure lies inside the estimate's interval",
    "placebo_start": "fake start date inside the baseline window",
    "placebo_end": "fake end date",
    "term": "level_shift_start, slope_change_start, level_shift_end or slope_change_end",
    "estimate_bpd": "estimated effect, b/d (slopes: b/d per month)",
    "ci_lower_bpd": "lower bound of the effect's interval",
    "ci_upper_bpd": "upper bound of the effect's interval",
    "p_value": "two-sided p-value with HAC standard errors",
    "hac_maxlags": "Newey-West lags",
    "production_bpd": "production, barrels per day",
    "prob_disrupted": "probability of the disrupted regime (0 to 1)",
    "flagged": "probability above 0.5",
    "year": "calendar year",
    "brent_usd_bbl": "annual average Brent, US$ per barrel",
    "gross_value_usd": "production x days x Brent, US$",
    "change_usd": "change of gross value from the year before, US$",
    "volume_effect_usd": "change due to volume at last year's price, US$",
    "price_effect_usd": "change due to price at last year's volume, US$",
    "interaction_effect_usd": "the remainder (volume change x price change), US$",
    "noc_reported_revenue_usd": "NOC's reported revenue for the year, US$ (blank if none)",
    "claim_id": "claim number",
    "claim": "the claim, paraphrased",
    "metric": "what the claim measures",
    "claimed_value": "the number claimed, in `unit`",
    "unit": "unit of the claimed and measured values",
    "measured_value": "the number the data give, in `unit`",
    "verdict": "confirmed, off_by_factor, contradicted or not_checkable",
    "factor": "claimed over measured, when off by a factor",
    "explanation": "why the verdict",
    "verdict_text": "the verdict in one sentence for readers (dates as 12 Aug 2020)",
    "series": "which published series (eia_steo_copr is the default)",
    "source_id": "key into sources.csv",
    "event_id": "event key",
    "end_date": "last day, for events that last",
    "category": "blockade, ceasefire, violation, force_majeure, restart, political, military",
    "title": "short title",
    "description": "what happened",
    "period": "year (YYYY) or month (YYYY-MM)",
    "period_type": "year, month or snapshot (a single day's figure)",
    "exports_bpd": "exports, barrels per day",
    "note": "remarks",
    "cumulative_loss_usd": "NOC's running total, US$",
    "blockade_days": "days NOC counted (blank if not stated)",
    "publisher": "who published it",
    "url": "where",
    "published": "publication date",
    "accessed": "date we read it",
    "licence": "licence or terms",
    "effective_date": "day NOC's total refers to: as_of_date if stated, else statement_date",
    "baseline_start": "first month of the baseline window",
    "baseline_end": "last month of the baseline window",
    "label": "readable name",
    "differential_usd_bbl": "discount subtracted from Brent, US$ per barrel",
}

BOUNDS = {"_lower": "lower bound of the interval of ", "_upper": "upper bound of the interval of "}


def describe(column: str) -> str:
    """Meaning of a column; interval bounds are described from their base column."""
    if column in COLUMNS_TEXT:
        return COLUMNS_TEXT[column]
    for suffix, text in BOUNDS.items():
        for base in (column.removesuffix(suffix), column.replace(suffix, "")):
            if base != column and base in COLUMNS_TEXT:
                return text + base
    return ""


def readme(sources: list[dict]) -> str:
    """The README of the download bundle: tables, columns, units, then the sources."""
    lines = [
        "# Libya oil blockade impact: processed tables",
        "",
        "Written by `python -m analysis`; manifest.json lists inputs with sha256, seed, "
        "parameters and library versions. Units are in the column names: _bpd barrels per "
        "day, _usd US dollars, _usd_bbl US$ per barrel; dates are ISO 8601.",
        "",
    ]
    for table, columns in COLUMNS.items():
        lines += [f"## {table}.csv", "", TABLES[table], ""]
        lines += [f"- `{c}`: {describe(c)}" for c in columns]
        lines.append("")
    lines += ["## Sources", ""]
    lines += [f"- {s['source_id']}: {s['publisher']}, {s['title']}, {s['url']}" for s in sources]
    return "\n".join(lines) + "\n"
