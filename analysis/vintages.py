"""EIA's monthly series as it was published on a given day: the STEO vintages snapshot.

Release rule (docs/methodology.md "Real-time replay", fixed before any replay result was seen):
the STEO released in month M (file steo_<mon>_<yy>) counts as published from the 15th of M, a
conservative bound on EIA's usual release days (the first half of the month). On day d the
release due is M = d's month from the 15th, else the month before. Its history (its months before
M) is what EIA had published. When that release is not in the snapshot, the lag rule stands in:
the final series' months before M (EIA publishes a month in the next month's STEO), labelled so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SNAPSHOT = Path("snapshots") / "eia_steo_libya_vintages.csv"  # beside data/raw
SERIES_ID = "copr_ly"  # Libya crude oil excluding condensate, as scripts/import_reference.py
RELEASE_DAY = 15
MBD = 1e6  # million barrels per day -> b/d


@dataclass(frozen=True)
class Published:
    """EIA's monthly series (b/d) as published on a day, and which release it came from."""

    monthly: pd.Series
    label: str
    last_month: pd.Timestamp


def snapshot_path(data_dir: Path) -> Path:
    """The vintages snapshot of a raw-data folder (data/raw -> data/snapshots/...)."""
    return Path(data_dir).parent / SNAPSHOT


def read_vintages(path: Path) -> dict[pd.Timestamp, pd.Series]:
    """Each vintage's history (b/d by month), keyed by its release month."""
    v = pd.read_csv(path, dtype={"vintage_file": str, "series_id": str, "month": str})
    v = v[v["series_id"].str.lower() == SERIES_ID]
    out = {}
    for name, rows in v.groupby("vintage_file", sort=True):
        release = release_month(str(name))
        s = pd.Series(
            rows["value_mbd"].to_numpy(dtype=float) * MBD,
            index=pd.to_datetime(rows["month"], format="%Y-%m"),
        ).sort_index()
        out[release] = s[s.index < release].asfreq("MS")
    return out


def release_month(vintage_file: str) -> pd.Timestamp:
    """steo_apr_20.xlsx -> 2020-04-01."""
    _, mon, yy = Path(vintage_file).stem.split("_")
    return pd.to_datetime(f"{mon} 20{yy}", format="%b %Y")


def due_release(day: pd.Timestamp) -> pd.Timestamp:
    """The release month of the latest STEO out on `day` under the release rule."""
    month = day.to_period("M").to_timestamp()
    return month if day.day >= RELEASE_DAY else month - pd.DateOffset(months=1)


def published_on(
    day: pd.Timestamp, vintages: dict[pd.Timestamp, pd.Series], final: pd.Series
) -> Published:
    """EIA's series as published on `day`: the due vintage, else the lag rule on `final`."""
    due = due_release(day)
    if due in vintages:
        s = vintages[due].dropna()
        label = f"STEO {due:%b %Y}"
    else:
        s = final[final.index < due].dropna()
        label = f"final series before {due:%b %Y} (lag rule)"
    return Published(s.asfreq("MS"), label, pd.Timestamp(s.index[-1]))
