"""The processed-table contract: every output column declared once, every table's columns and order.

Output formatting (`analysis.outputs`), the dashboard's typing and glossary, the test fake data and
the generated docs/DATA_CONTRACT.md all read this module, so a column's type, unit, decimals and
meaning cannot drift between them. Raw tables copied to the outputs keep the raw schema's columns
(`analysis.schemas.RAW_SCHEMAS`); their columns are described here like every other column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from analysis.schemas import RAW_SCHEMAS

# partial_date: YYYY, YYYY-MM or YYYY-MM-DD kept as written (a source's publication date).
Kind = Literal["text", "date", "month", "partial_date", "float", "int", "bool"]


@dataclass(frozen=True)
class ColumnContract:
    """One column as written: its type, unit, decimals (floats only) and plain meaning."""

    name: str
    kind: Kind
    description: str
    unit: str = ""
    decimals: int | None = None

    @property
    def places(self) -> int | None:
        """Decimal places written: whole numbers for int, the declared places for float."""
        return 0 if self.kind == "int" else self.decimals


@dataclass(frozen=True)
class TableContract:
    """One processed table: its columns in file order, its row order and what a row is."""

    name: str
    description: str
    columns: tuple[str, ...]
    sort: tuple[str, ...]

    @property
    def raw_copy(self) -> bool:
        """A validated copy of the raw input of the same name."""
        return self.name in RAW_COPY_SORT


def _col(
    name: str, kind: Kind, description: str, unit: str = "", decimals: int | None = None
) -> ColumnContract:
    return ColumnContract(name, kind, description, unit, decimals)


def _with_bounds(base: ColumnContract) -> list[ColumnContract]:
    """A column and its interval bounds `<base>_lower`/`<base>_upper` (or `..._lower_bpd`)."""
    stem, unit_suffix = (base.name[:-4], "_bpd") if base.name.endswith("_bpd") else (base.name, "")
    return [
        base,
        *(
            ColumnContract(
                f"{stem}_{side}{unit_suffix}",
                base.kind,
                f"{side} bound of the interval of {base.name}",
                base.unit,
                base.decimals,
            )
            for side in ("lower", "upper")
        ),
    ]


_COLUMNS: list[ColumnContract] = [
    # Keys shared by the estimate tables.
    _col("episode_id", "text", "blockade episode (e.g. 2020)"),
    _col("name", "text", "episode name"),
    _col(
        "model",
        "text",
        "counterfactual model: mean (baseline mean), ols_trend (linear trend, OLS), "
        "local_level (structural time series, local level)",
    ),
    _col(
        "price_scenario",
        "text",
        "brent, or brent_less_es_sider_diff (Brent minus a cited Es Sider differential)",
    ),
    _col("interval_level", "float", "coverage of the interval columns (0.8, 0.9 or 0.95)", "", 4),
    _col("date", "date", "day"),
    _col("month", "month", "month"),
    _col("start", "date", "first day of the blockade"),
    _col("end", "date", "last day of the blockade (the data's end for one still running)"),
    _col("days", "int", "number of days", "days"),
    # daily_impact
    _col("actual_bpd", "float", "production, monthly averages spread over the days", "b/d", 0),
    *_with_bounds(
        _col(
            "counterfactual_bpd",
            "float",
            "what production would have been without the blockade",
            "b/d",
            0,
        )
    ),
    _col("lost_bpd", "float", "counterfactual minus actual", "b/d", 0),
    _col("price_usd_bbl", "float", "price used for the day", "US$/bbl", 2),
    *_with_bounds(
        _col(
            "cum_lost_barrels",
            "float",
            "lost barrels summed from the first day (b/d x days)",
            "barrels",
            0,
        )
    ),
    *_with_bounds(
        _col("cum_loss_usd", "float", "lost barrels x price, summed from the first day", "US$", 0)
    ),
    _col(
        "reported_cum_loss_usd",
        "float",
        "NOC's reported running total on that date (blank if none)",
        "US$",
        0,
    ),
    # episode_summary and model_comparison
    _col("baseline_bpd", "float", "mean counterfactual production over the episode", "b/d", 0),
    _col("baseline_rmse_bpd", "float", "model's in-sample error on the baseline window", "b/d", 0),
    *_with_bounds(_col("lost_barrels", "float", "lost barrels over the episode", "barrels", 0)),
    *_with_bounds(_col("loss_usd", "float", "lost value over the episode", "US$", 0)),
    _col("reported_loss_usd", "float", "NOC's latest reported total (blank if none)", "US$", 0),
    _col("reported_as_of", "date", "day NOC's latest total refers to"),
    _col(
        "estimate_to_reported",
        "float",
        "estimate divided by NOC's latest figure, at that figure's date",
        "",
        4,
    ),
    _col(
        "recovery_month",
        "month",
        "first month after the end whose output is at least 90% of the counterfactual",
    ),
    _col("recovery_days", "int", "days from the end of the blockade to recovery", "days"),
    _col("converged", "bool", "whether the model fit converged"),
    # reported_vs_estimated
    _col("statement_date", "date", "date of NOC's statement"),
    _col("as_of_date", "date", "date the statement's figure refers to (blank if not stated)"),
    _col(
        "effective_date",
        "date",
        "day NOC's total refers to: as_of_date if stated, else statement_date",
    ),
    _col("date_basis", "text", "stated, report_date (the article's date stands in) or inferred"),
    _col("ratio", "float", "estimate divided by the reported figure", "", 4),
    _col("covered", "bool", "whether the reported figure lies inside the estimate's interval"),
    # placebo
    _col("placebo_start", "date", "fake start date inside the baseline window"),
    _col("placebo_end", "date", "fake end date"),
    # its_effects
    _col(
        "term",
        "text",
        "level_shift_start, slope_change_start, level_shift_end or slope_change_end",
    ),
    _col("estimate_bpd", "float", "estimated effect (slopes: b/d per month)", "b/d", 0),
    _col("ci_lower_bpd", "float", "lower bound of the effect's interval", "b/d", 0),
    _col("ci_upper_bpd", "float", "upper bound of the effect's interval", "b/d", 0),
    _col("p_value", "float", "two-sided p-value with HAC standard errors", "", 6),
    _col("hac_maxlags", "int", "Newey-West lags", "months"),
    # regimes
    _col("production_bpd", "float", "production", "b/d", 0),
    _col("prob_disrupted", "float", "probability of the disrupted regime (0 to 1)", "", 4),
    _col("flagged", "bool", "probability of the disrupted regime above 0.5"),
    # revenue_decomposition
    _col("year", "int", "calendar year"),
    _col("brent_usd_bbl", "float", "annual average Brent", "US$/bbl", 4),
    _col("gross_value_usd", "float", "production x days x Brent", "US$", 0),
    _col("change_usd", "float", "change of gross value from the year before", "US$", 0),
    _col("volume_effect_usd", "float", "change due to volume at last year's price", "US$", 0),
    _col("price_effect_usd", "float", "change due to price at last year's volume", "US$", 0),
    _col(
        "interaction_effect_usd",
        "float",
        "the remainder (volume change x price change)",
        "US$",
        0,
    ),
    _col(
        "noc_reported_revenue_usd",
        "float",
        "NOC's reported revenue for the year (blank if none)",
        "US$",
        0,
    ),
    # claims_check
    _col("claim_id", "text", "claim number"),
    _col("claim", "text", "the claim, paraphrased"),
    _col("metric", "text", "what the claim measures"),
    _col("claimed_value", "float", "the number claimed, in `unit`", "", 6),
    _col("unit", "text", "unit of the claimed and measured values"),
    _col("measured_value", "float", "the number the data give, in `unit`", "", 6),
    _col("verdict", "text", "confirmed, off_by_factor, contradicted or not_checkable"),
    _col(
        "factor",
        "float",
        "measured / claimed for confirmed and contradicted; for off_by_factor the power of ten "
        "separating them (a unit slip); blank when not checkable",
        "",
        4,
    ),
    _col("explanation", "text", "why the verdict"),
    # monthly_series, prices and the raw copies
    _col("series", "text", "which published series (eia_steo_copr is the default)"),
    _col("source_id", "text", "key into sources.csv"),
    _col("event_id", "text", "event key"),
    _col("end_date", "date", "last day, for events that last"),
    _col(
        "category",
        "text",
        "blockade, ceasefire, violation, force_majeure, restart, political, military",
    ),
    _col("title", "text", "short title"),
    _col("description", "text", "what happened"),
    _col("period", "text", "year (YYYY), month (YYYY-MM) or day (YYYY-MM-DD)"),
    _col("period_type", "text", "year, month or snapshot (a single day's figure)"),
    _col("exports_bpd", "float", "exports", "b/d", 0),
    _col("note", "text", "remarks"),
    _col("cumulative_loss_usd", "float", "NOC's running total", "US$", 0),
    _col("blockade_days", "int", "days NOC counted (blank if not stated)", "days"),
    _col("publisher", "text", "who published it"),
    _col("url", "text", "where"),
    _col("published", "partial_date", "publication date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    _col("accessed", "date", "date we read it"),
    _col("licence", "text", "licence or terms"),
    _col("baseline_start", "month", "first month of the baseline window"),
    _col("baseline_end", "month", "last month of the baseline window"),
    _col("label", "text", "readable name"),
    _col("differential_usd_bbl", "float", "discount subtracted from Brent", "US$/bbl", 2),
]
COLUMN_CONTRACT: dict[str, ColumnContract] = {c.name: c for c in _COLUMNS}

ESTIMATE_KEYS = ("episode_id", "model", "price_scenario", "interval_level")


def _bounds(name: str) -> tuple[str, str, str]:
    return (name, f"{name}_lower", f"{name}_upper")


_SUMMARY_TOTALS = (*_bounds("lost_barrels"), *_bounds("loss_usd"))
_COMPARISON = (*ESTIMATE_KEYS, "baseline_bpd", "baseline_rmse_bpd", *_SUMMARY_TOTALS, "converged")

_TABLES: list[TableContract] = [
    TableContract(
        "daily_impact",
        "Day by day for each episode, model, price scenario and interval level: actual and "
        "counterfactual production, the loss, the price used and running totals.",
        (
            *ESTIMATE_KEYS,
            "date",
            "actual_bpd",
            "counterfactual_bpd",
            "counterfactual_lower_bpd",
            "counterfactual_upper_bpd",
            "lost_bpd",
            "price_usd_bbl",
            *_bounds("cum_lost_barrels"),
            *_bounds("cum_loss_usd"),
            "reported_cum_loss_usd",
        ),
        (*ESTIMATE_KEYS, "date"),
    ),
    TableContract(
        "episode_summary",
        "One row per episode and selection: length, lost barrels and value with intervals, "
        "NOC's latest reported figure, recovery time, whether the model converged.",
        (
            "episode_id",
            "name",
            "model",
            "price_scenario",
            "interval_level",
            "start",
            "end",
            "days",
            "baseline_bpd",
            *_SUMMARY_TOTALS,
            "reported_loss_usd",
            "reported_as_of",
            "estimate_to_reported",
            "recovery_month",
            "recovery_days",
            "converged",
        ),
        ESTIMATE_KEYS,
    ),
    TableContract(
        "reported_vs_estimated",
        "At each NOC statement: NOC's reported running total beside the estimate for the day "
        "it refers to and its interval.",
        (
            *ESTIMATE_KEYS,
            "statement_date",
            "as_of_date",
            "effective_date",
            "date_basis",
            "reported_cum_loss_usd",
            *_bounds("cum_loss_usd"),
            "ratio",
            "covered",
            "source_id",
        ),
        (*ESTIMATE_KEYS, "statement_date", "as_of_date", "source_id"),
    ),
    TableContract(
        "model_comparison",
        "The three counterfactual models side by side for each episode (the columns of "
        "episode_summary that compare models, plus the baseline fit error).",
        _COMPARISON,
        ESTIMATE_KEYS,
    ),
    TableContract(
        "placebo",
        "The same estimate with fake start dates inside the baseline window.",
        ("episode_id", "model", "placebo_start", "placebo_end", "days", "lost_barrels", "loss_usd"),
        ("episode_id", "model", "placebo_start"),
    ),
    TableContract(
        "its_effects",
        "Interrupted time series: level and slope changes at the start and end.",
        (
            "episode_id",
            "term",
            "estimate_bpd",
            "ci_lower_bpd",
            "ci_upper_bpd",
            "p_value",
            "interval_level",
            "hac_maxlags",
        ),
        ("episode_id", "interval_level", "term"),
    ),
    TableContract(
        "regimes",
        "Two-regime Markov switching model: probability of the disrupted regime per month.",
        ("month", "production_bpd", "prob_disrupted", "flagged", "episode_id"),
        ("month",),
    ),
    TableContract(
        "revenue_decomposition",
        "Yearly gross crude value and its change split into volume, price and interaction "
        "effects, with NOC's reported revenue where published.",
        (
            "year",
            "production_bpd",
            "days",
            "brent_usd_bbl",
            "gross_value_usd",
            "change_usd",
            "volume_effect_usd",
            "price_effect_usd",
            "interaction_effect_usd",
            "noc_reported_revenue_usd",
        ),
        ("year",),
    ),
    TableContract(
        "claims_check",
        "Each numeric claim of the 2020 news report against the measured figure.",
        (
            "claim_id",
            "claim",
            "metric",
            "claimed_value",
            "unit",
            "measured_value",
            "verdict",
            "factor",
            "explanation",
            "source_id",
        ),
        ("claim_id",),
    ),
    TableContract(
        "monthly_series",
        "Monthly production, one row per series and month.",
        ("month", "series", "production_bpd", "source_id"),
        ("series", "month"),
    ),
    TableContract(
        "prices",
        "Daily price per price scenario.",
        ("date", "price_scenario", "price_usd_bbl"),
        ("price_scenario", "date"),
    ),
]
# Every raw input in one line; the copied ones keep that line as their processed description.
RAW_INPUT_DESCRIPTIONS: dict[str, str] = {
    "sources": "Every source cited by the other tables.",
    "episodes": "The blockade episodes: dates, baseline window and description.",
    "production_monthly": "Monthly production, one row per published series and month; "
    "`eia_steo_copr` (the default) is U.S. EIA STEO Libya crude excluding condensate (COPR_LY), "
    "each month from the latest STEO vintage that holds it.",
    "production_reported": "Dated point statements of production (NOC, press).",
    "exports": "Published export figures: annual averages, monthly averages and snapshots.",
    "reported_losses": "NOC's running loss totals as published.",
    "brent_daily": "Brent spot price per trading day (EIA RBRTE).",
    "revenue": "Published oil revenue figures; `metric` names the publisher and basis "
    "(`noc_revenue_annual`, `cbl_oil_revenue_annual`, ...), values in units, not millions.",
    "events": "Dated events: blockades, force majeure, cease-fires, violations, restarts, "
    "political and military events.",
    "claims": "Numeric claims of a 2020 news report, checked against the data; the note "
    "explains a `not_checkable`.",
    "price_scenarios": "The price scenarios: Brent, or Brent less a cited differential.",
}
RAW_COPY_SORT: dict[str, tuple[str, ...]] = {
    "episodes": ("start", "episode_id"),
    "events": ("event_id",),
    "exports": ("period_type", "period", "source_id"),
    "price_scenarios": ("price_scenario",),
    "production_reported": ("date", "source_id"),
    "reported_losses": ("episode_id", "statement_date", "source_id"),
    "sources": ("source_id",),
}
_TABLES += [
    TableContract(name, RAW_INPUT_DESCRIPTIONS[name], tuple(RAW_SCHEMAS[name].column_names), sort)
    for name, sort in RAW_COPY_SORT.items()
]
PROCESSED_TABLES: dict[str, TableContract] = {t.name: t for t in _TABLES}
RAW_COPIES = tuple(RAW_COPY_SORT)


def columns_of(table: str) -> list[ColumnContract]:
    """The contract of each column of `table`, in file order."""
    return [COLUMN_CONTRACT[c] for c in PROCESSED_TABLES[table].columns]
