"""Every name a reader sees for a code in the tables, in one place.

Fixed vocabularies of the dashboard are declared here; names the analysis owns (episodes, price
scenarios, publishers) are read from its tables, never written down again.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.data import Tables

MODEL_LABELS = {
    "mean": "Baseline mean (AR(1) errors)",
    "ols_trend": "Linear trend (AR(1) errors)",
    "local_level": "Local level (structural time series)",
    "ar1_level": "Local level plus AR(1)",
}
# the same models in the few characters a row of the specification chart has on a phone
MODEL_SHORT_LABELS = {
    "mean": "Mean model",
    "ols_trend": "Trend model",
    "local_level": "Local level",
    "ar1_level": "Level + AR(1)",
}
# the contamination rule, as short (specification chart rows)
RULE_SHORT_LABELS = {
    "true": "Disturbed: left out",
    "false": "Disturbed: kept",
}
# interrupted time series terms, in time order (the table lists them alphabetically)
ITS_TERM_LABELS = {
    "level_shift_start": "Level shift at the start",
    "slope_change_start": "Slope change at the start (per month)",
    "level_shift_end": "Level shift at the end",
    "slope_change_end": "Slope change at the end (per month)",
}
# sensitivity.csv's contamination rule: whether months touched by an episode leave the baseline
CONTAMINATION_LABELS = {
    "true": "disturbed months left out",
    "false": "all months kept",
}
# event categories, in the order of the toggles
EVENT_LABELS = {
    "blockade": "Blockade",
    "force_majeure": "Force majeure",
    "ceasefire": "Cease-fire",
    "violation": "Violation",
    "restart": "Restart",
    "political": "Political",
    "military": "Military",
}
# acronyms the reader meets, written out at first use (views.overview.spelled_out); the
# first match of a longer name wins, so Haftar's title comes before the LNA's bare acronym
ACRONYMS = {
    "Khalifa Haftar": "Khalifa Haftar, commander of the Libyan National Army (LNA),",
    "LNA": "Libyan National Army (LNA) of Khalifa Haftar",
    "NOC": "National Oil Corporation (NOC)",
    "GNA": "Government of National Accord (GNA)",
    "PFG": "Petroleum Facilities Guard (PFG)",
    "HoR": "House of Representatives (HoR)",
}
VERDICT_LABELS = {
    "confirmed": "Confirmed",
    "off_by_factor": "Off by a factor",
    "contradicted": "Contradicted",
    "not_checkable": "Not checkable with this data",
}


def label(labels: Mapping[str, str], code: str) -> str:
    """The reader's name of `code`, or the code itself when it has none."""
    return labels.get(code, code)


def _pairs(tables: Tables, table: str, key: str, name: str) -> dict[str, str]:
    frame = tables[table]
    return dict(zip(frame[key], frame[name], strict=True))


def episode_names(tables: Tables) -> dict[str, str]:
    """Episode id -> name, from episodes.csv."""
    return _pairs(tables, "episodes", "episode_id", "name")


def price_labels(tables: Tables) -> dict[str, str]:
    """Price scenario -> label, from price_scenarios.csv."""
    return _pairs(tables, "price_scenarios", "price_scenario", "label")


def publishers(tables: Tables) -> dict[str, str]:
    """Source id -> publisher, from sources.csv."""
    return _pairs(tables, "sources", "source_id", "publisher")
