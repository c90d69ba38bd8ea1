"""Claims' view model: the checked claims and how many got each verdict."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data import Tables
from dashboard.labels import VERDICT_LABELS


@dataclass(frozen=True, eq=False)
class ClaimsView:
    """The claims in table order, and verdict -> count in the order of VERDICT_LABELS."""

    claims: pd.DataFrame
    counts: dict[str, int]


def build(tables: Tables) -> ClaimsView:
    """Counts only the verdicts that occur."""
    claims = tables["claims_check"]
    found = claims["verdict"].value_counts()
    counts = {v: int(found[v]) for v in VERDICT_LABELS if v in found.index}
    return ClaimsView(claims=claims, counts=counts)
