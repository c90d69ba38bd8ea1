"""Refresh the EIA-derived raw tables from the frozen public files in ``shared/reference``.

Builds two inputs the way OWID's ETL freezes a snapshot: each input file is checked against the
sha256 recorded when it was copied, then transformed by one step into the project's own columns.

* ``production_monthly.csv``: rows of series ``eia_steo_copr`` (Libya crude oil excluding
  condensate, STEO series COPR_LY). Each month takes the latest STEO vintage that reports it as
  history (month before the vintage's release month); each vintage has its own ``source_id``.
  Rows of other series are kept as they are.
* ``brent_daily.csv``: EIA Europe Brent spot price FOB (RBRTE), 2010-01-01 onwards.

Usage: ``python scripts/import_reference.py [--reference DIR] [--data DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.atomic import write_csv_atomic  # noqa: E402

EXPECTED_SHA256 = {
    "eia_steo_vintages/libya_rows_all_vintages_long.csv": (
        "da4168e13ebd97c5b78232e4c8ba93255d1081a7e774e54a7aaa1143b154803d"
    ),
    "brent-daily.csv": "b5908edde7a195aca26d8bcc9993c38899fa579b0415796616a1469eee0d4dd4",
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
STEO_SERIES = "eia_steo_copr"
BRENT_SOURCE = "eia_rbrte"
FIRST_MONTH = "2010-01-01"
ACCESSED = "2026-11-26"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_inputs(reference: Path) -> None:
    """Refuse to build from a reference file that is not the one recorded in SOURCES.md."""
    for rel, expected in EXPECTED_SHA256.items():
        got = sha256(reference / rel)
        if got != expected:
            raise SystemExit(f"{reference / rel}: sha256 {got} differs from recorded {expected}")


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


def steo_sources(vintages: pd.Series) -> pd.DataFrame:
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
                "accessed": ACCESSED,
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


BRENT_SOURCE_ROW = {
    "source_id": BRENT_SOURCE,
    "publisher": "U.S. Energy Information Administration (EIA)",
    "title": "Europe Brent Spot Price FOB, daily (series RBRTE)",
    "url": "https://www.eia.gov/dnav/pet/hist/RBRTEd.htm",
    "published": "2026-08-22",
    "accessed": ACCESSED,
    "licence": "Public domain (U.S. government work); cite EIA with the release date",
    "note": "Copy of EIA's RBRTEd.xls kept by the datasets/oil-prices data package (commit "
    "2d75ce3a, 2026-08-22); dollars per barrel; trading days only.",
}


def upsert(existing: pd.DataFrame, new: pd.DataFrame, drop: pd.Series) -> pd.DataFrame:
    return pd.concat([existing[~drop], new], ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "raw")
    args = parser.parse_args(argv)
    check_inputs(args.reference)

    long_rows = pd.read_csv(args.reference / "eia_steo_vintages/libya_rows_all_vintages_long.csv")
    steo = steo_latest_history(long_rows)
    prod_path = args.data / "production_monthly.csv"
    prod = pd.read_csv(prod_path, dtype=str, keep_default_na=False)
    prod = upsert(prod, steo.astype(str), prod["series"] == STEO_SERIES)
    prod = prod.sort_values(["series", "month"], kind="stable")
    write_csv_atomic(prod, prod_path)

    write_csv_atomic(brent_rows(args.reference / "brent-daily.csv"), args.data / "brent_daily.csv")

    src_path = args.data / "sources.csv"
    sources = pd.read_csv(src_path, dtype=str, keep_default_na=False)
    new_sources = pd.concat(
        [steo_sources(steo["source_id"]), pd.DataFrame([BRENT_SOURCE_ROW])], ignore_index=True
    )
    sources = upsert(sources, new_sources, sources["source_id"].isin(new_sources["source_id"]))
    write_csv_atomic(sources.sort_values("source_id", kind="stable"), src_path)
    print(f"production_monthly: {len(steo)} EIA rows; brent_daily rebuilt", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
