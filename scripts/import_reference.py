"""Refresh the EIA-derived raw tables from the frozen public snapshots in ``data/snapshots``.

Builds two inputs the way OWID's ETL freezes a snapshot: each snapshot file is checked against the
sha256 recorded in the ``.meta.json`` beside it (which also holds its origin and licence), then
transformed by one step into the project's own columns.

* ``production_monthly.csv``: rows of series ``eia_steo_copr`` (Libya crude oil excluding
  condensate, STEO series COPR_LY). Each month takes the latest STEO vintage that reports it as
  history (month before the vintage's release month); each vintage has its own ``source_id``.
  Rows of other series are kept as they are.
* ``brent_daily.csv``: EIA Europe Brent spot price FOB (RBRTE), 2010-01-01 onwards.

Usage, from the repository root: ``python -m scripts.import_reference [--snapshots DIR]
[--data DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.atomic import write_csv_atomic

ROOT = Path(__file__).resolve().parents[1]
STEO_SNAPSHOT = "eia_steo_libya_vintages"
BRENT_SNAPSHOT = "eia_brent_daily"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
STEO_SERIES = "eia_steo_copr"
BRENT_SOURCE = "eia_rbrte"
FIRST_MONTH = "2010-01-01"


@dataclass(frozen=True)
class Snapshot:
    """A verified snapshot file and the date it was retrieved (the sources' ``accessed``)."""

    path: Path
    retrieved: str


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_snapshot(directory: Path, name: str) -> Snapshot:
    """Refuse to build from a snapshot file that is not the one its metadata describes."""
    meta_path = directory / f"{name}.meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    path = directory / meta["file"]
    got = sha256(path)
    if got != meta["sha256"]:
        raise SystemExit(
            f"{path}: sha256 {got} differs from {meta['sha256']} recorded in {meta_path.name}"
        )
    return Snapshot(path, meta["retrieved"])


def vintage_month(vintage_file: pd.Series) -> pd.Series:
    parts = vintage_file.str.extract(r"steo_(?P<mon>[a-z]{3})_(?P<yy>\d{2})")
    month_no = parts["mon"].map({m: i for i, m in enumerate(MONTHS, 1)})
    return pd.to_datetime("20" + parts["yy"] + "-" + month_no.astype(str).str.zfill(2) + "-01")


def steo_latest_history(long_rows: pd.DataFrame) -> pd.DataFrame:
    """Each month's COPR_LY value from the newest vintage that holds it as history."""
    rows = long_rows[long_rows["series_id"] == "copr_ly"].copy()
    rows["vintage"] = vintage_month(rows["vintage_file"])
    rows["month"] = pd.to_datetime(rows["month"] + "-01")
    history = rows[rows["month"] < rows["vintage"]]
    latest = history.sort_values(["month", "vintage"]).groupby("month").tail(1)
    latest = latest[latest["month"] >= FIRST_MONTH]
    return pd.DataFrame(
        {
            "month": latest["month"].dt.strftime("%Y-%m"),
            "series": STEO_SERIES,
            "production_bpd": (latest["value_mbd"] * 1_000_000).round().astype(int),
            "source_id": "eia_steo_" + latest["vintage"].dt.strftime("%Y_%m"),
            "note": "",
        }
    )


def steo_sources(vintages: pd.Series, accessed: str) -> pd.DataFrame:
    rows = []
    for vid in sorted(vintages.unique()):
        year, month = vid.removeprefix("eia_steo_").split("_")
        label = f"{MONTHS[int(month) - 1].capitalize()} {year}"
        rows.append(
            {
                "source_id": vid,
                "publisher": "U.S. Energy Information Administration (EIA)",
                "title": f"Short-Term Energy Outlook, {label}: Libya crude oil production "
                "excluding condensate (COPR_LY)",
                "url": "https://www.eia.gov/outlooks/steo/outlook.php",
                "published": f"{year}-{month}",
                "accessed": accessed,
                "licence": "Public domain (U.S. government work); cite EIA with the release date",
                "note": "Read from the STEO monthly workbook of that release, archived in "
                "github.com/leachandrew/EIA-STEO; million b/d x 1,000,000. Pre-2013 values are "
                "rounded to 50,000 b/d.",
            }
        )
    return pd.DataFrame(rows)


def brent_rows(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path)
    raw = raw[raw["Date"] >= FIRST_MONTH]
    return pd.DataFrame(
        {"date": raw["Date"], "brent_usd_bbl": raw["Price"], "source_id": BRENT_SOURCE}
    )


def brent_source(accessed: str) -> dict[str, str]:
    return {
        "source_id": BRENT_SOURCE,
        "publisher": "U.S. Energy Information Administration (EIA)",
        "title": "Europe Brent Spot Price FOB, daily (series RBRTE)",
        "url": "https://www.eia.gov/dnav/pet/hist/RBRTEd.htm",
        "published": "2026-08-22",
        "accessed": accessed,
        "licence": "Public domain (U.S. government work); cite EIA with the release date",
        "note": "Copy of EIA's RBRTEd.xls kept by the datasets/oil-prices data package (commit "
        "2d75ce3a, 2026-08-22); dollars per barrel; trading days only.",
    }


def upsert(existing: pd.DataFrame, new: pd.DataFrame, drop: pd.Series) -> pd.DataFrame:
    return pd.concat([existing[~drop], new], ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", type=Path, default=ROOT / "data" / "snapshots")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "raw")
    args = parser.parse_args(argv)
    steo_snap = load_snapshot(args.snapshots, STEO_SNAPSHOT)
    brent_snap = load_snapshot(args.snapshots, BRENT_SNAPSHOT)

    steo = steo_latest_history(pd.read_csv(steo_snap.path))
    prod_path = args.data / "production_monthly.csv"
    prod = pd.read_csv(prod_path, dtype=str, keep_default_na=False)
    prod = upsert(prod, steo.astype(str), prod["series"] == STEO_SERIES)
    prod = prod.sort_values(["series", "month"], kind="stable")
    write_csv_atomic(prod, prod_path)

    write_csv_atomic(brent_rows(brent_snap.path), args.data / "brent_daily.csv")

    src_path = args.data / "sources.csv"
    sources = pd.read_csv(src_path, dtype=str, keep_default_na=False)
    new_sources = pd.concat(
        [
            steo_sources(steo["source_id"], steo_snap.retrieved),
            pd.DataFrame([brent_source(brent_snap.retrieved)]),
        ],
        ignore_index=True,
    )
    sources = upsert(sources, new_sources, sources["source_id"].isin(new_sources["source_id"]))
    write_csv_atomic(sources.sort_values("source_id", kind="stable"), src_path)
    print(f"production_monthly: {len(steo)} EIA rows; brent_daily rebuilt", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
