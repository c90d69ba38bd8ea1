"""What each raw table must look like: columns, types, ranges, allowed values and keys.

The column specs drive both the cell-by-cell parser in ``load.py`` (which turns text into typed
values and reports unparseable cells by line) and the pandera schemas that check ranges,
categories and unique keys on the typed frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandera.pandas as pa

Kind = Literal["str", "url", "date", "month", "partial_date", "period", "float", "int"]

MAX_PRODUCTION_BPD = 2_500_000
EVENT_CATEGORIES = (
    "blockade",
    "ceasefire",
    "violation",
    "force_majeure",
    "restart",
    "political",
    "military",
)
PRODUCTION_SERIES = (
    "eia_steo_copr",
    "opec_secondary_sources",
    "opec_direct_communication",
    "platts_survey",
    "press_other",
)
# key events are labelled on the charts, minor ones are hover-only; the rule is in docs/data.md
EVENT_PRIORITIES = ("key", "minor")
CLAIM_METRICS = (
    "noc_cumulative_loss_usd",
    "production_drop_share",
    "event_date_ceasefire",
    "event_date_violation",
    "event_date_restart",
    "not_checkable",
)


@dataclass(frozen=True)
class Col:
    """One column: how to parse it, whether it may be empty, and what values it may take."""

    name: str
    kind: Kind = "str"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    min_value: float | None = None
    max_value: float | None = None
    strict_min: bool = False
    strict_max: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Col, ...]
    key: tuple[str, ...]

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _source() -> Col:
    return Col("source_id")


def _cited() -> tuple[Col, Col]:
    """The closing pair of most tables: the source that backs the row and an optional note."""
    return (Col("source_id"), Col("note", required=False))


def _barrels_per_day(name: str) -> Col:
    return Col(name, "float", min_value=0, max_value=MAX_PRODUCTION_BPD)


RAW_SCHEMAS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "sources",
            (
                Col("source_id"),
                Col("publisher"),
                Col("title"),
                Col("url", "url"),
                Col("published", "partial_date", required=False),
                Col("accessed", "date"),
                Col("licence"),
                Col("note", required=False),
            ),
            key=("source_id",),
        ),
        TableSpec(
            "episodes",
            (
                Col("episode_id"),
                Col("name"),
                Col("start", "date"),
                Col("end", "date", required=False),
                Col("baseline_start", "month"),
                Col("baseline_end", "month"),
                Col("description"),
                _source(),
            ),
            key=("episode_id",),
        ),
        TableSpec(
            "production_monthly",
            (
                Col("month", "month"),
                Col("series", allowed=PRODUCTION_SERIES),
                _barrels_per_day("production_bpd"),
                *_cited(),
            ),
            key=("series", "month"),
        ),
        TableSpec(
            "production_reported",
            (
                Col("date", "date"),
                _barrels_per_day("production_bpd"),
                *_cited(),
            ),
            key=("date", "source_id"),
        ),
        TableSpec(
            "exports",
            (
                Col("period", "period"),
                Col("period_type", allowed=("year", "month", "snapshot")),
                _barrels_per_day("exports_bpd"),
                *_cited(),
            ),
            key=("period", "period_type", "source_id"),
        ),
        TableSpec(
            "reported_losses",
            (
                Col("episode_id"),
                Col("statement_date", "date"),
                Col("as_of_date", "date", required=False),
                Col("date_basis", allowed=("stated", "report_date", "inferred")),
                Col("cumulative_loss_usd", "float", min_value=0),
                Col("blockade_days", "int", required=False, min_value=0, max_value=5000),
                *_cited(),
            ),
            key=("episode_id", "statement_date", "source_id"),
        ),
        TableSpec(
            "brent_daily",
            (
                Col("date", "date"),
                Col(
                    "brent_usd_bbl",
                    "float",
                    min_value=0,
                    max_value=300,
                    strict_min=True,
                    strict_max=True,
                ),
                _source(),
            ),
            key=("date",),
        ),
        TableSpec(
            "revenue",
            (
                Col("period"),
                Col("metric"),
                Col("value", "float", min_value=0),
                Col("unit", allowed=("USD", "LYD")),
                *_cited(),
            ),
            key=("period", "metric", "unit", "source_id"),
        ),
        TableSpec(
            "events",
            (
                Col("event_id"),
                Col("date", "date"),
                Col("end_date", "date", required=False),
                Col("category", allowed=EVENT_CATEGORIES),
                Col("title"),
                Col("description"),
                Col("episode_id", required=False),
                Col("priority", allowed=EVENT_PRIORITIES),
                _source(),
            ),
            key=("event_id",),
        ),
        TableSpec(
            "claims",
            (
                Col("claim_id"),
                Col("claim"),
                Col("metric", allowed=CLAIM_METRICS),
                Col("claimed_value", "float", required=False),
                Col("unit", required=False),
                Col("as_of", "date", required=False),
                *_cited(),
            ),
            key=("claim_id",),
        ),
        TableSpec(
            "price_scenarios",
            (
                Col("price_scenario"),
                Col("label"),
                Col("differential_usd_bbl", "float", min_value=0, max_value=50),
                *_cited(),
            ),
            key=("price_scenario",),
        ),
    )
}


def _checks(col: Col) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if col.allowed is not None:
        checks.append(pa.Check.isin(list(col.allowed), error=f"one of {', '.join(col.allowed)}"))
    if col.min_value is not None or col.max_value is not None:
        low = "(" if col.strict_min else "["
        high = ")" if col.strict_max else "]"
        bounds = f"{low}{col.min_value if col.min_value is not None else '-inf'}, "
        bounds += f"{col.max_value if col.max_value is not None else 'inf'}{high}"
        checks.append(
            pa.Check.in_range(
                col.min_value if col.min_value is not None else float("-inf"),
                col.max_value if col.max_value is not None else float("inf"),
                include_min=not col.strict_min,
                include_max=not col.strict_max,
                error=f"within {bounds}",
            )
        )
    return checks


def pandera_schema(spec: TableSpec) -> pa.DataFrameSchema:
    """The range, category and key rules of one table, checked on its typed frame."""
    return pa.DataFrameSchema(
        {c.name: pa.Column(checks=_checks(c), nullable=not c.required) for c in spec.columns},
        unique=list(spec.key),
        name=spec.file,
    )
