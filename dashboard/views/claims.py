"""Claims' view model: the checked claims, the reports they come from, the verdict counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from dashboard import format as fmt
from dashboard.data import Tables
from dashboard.labels import VERDICT_LABELS


class Report(NamedTuple):
    """A checked report named and dated for readers (from sources.csv)."""

    source_id: str
    publisher: str
    published: str
    title: str
    url: str


@dataclass(frozen=True, eq=False)
class ClaimsView:
    """The claims in table order, the reports in first-claim order, and verdict -> count in
    the order of VERDICT_LABELS."""

    claims: pd.DataFrame
    reports: tuple[Report, ...]
    counts: dict[str, int]


def build(tables: Tables) -> ClaimsView:
    """Counts only the verdicts that occur; every claim's source resolves (schemas)."""
    claims = tables["claims_check"]
    found = claims["verdict"].value_counts()
    counts = {v: int(found[v]) for v in VERDICT_LABELS if v in found.index}
    sources = tables["sources"].set_index("source_id")
    reports = tuple(
        Report(
            sid,
            sources.loc[sid, "publisher"],
            fmt.date(sources.loc[sid, "published"]),
            sources.loc[sid, "title"],
            sources.loc[sid, "url"],
        )
        for sid in claims["source_id"].drop_duplicates()
    )
    return ClaimsView(claims=claims, reports=reports, counts=counts)
