"""Optional, explicit refresh of the EIA series from EIA's Open Data API (v2).

The project runs offline on the bundled ``data/raw``; this is the one command that touches the
network, and only when asked: ``python -m analysis fetch brent|steo --api-key KEY``. New rows are
merged into copies of the raw tables, the whole copy is validated, and only then are the changed
files swapped in (each written to a temporary file and renamed), so a failed fetch or a bad
response leaves ``data/raw`` as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.atomic import write_csv_atomic
from analysis.load import load_raw

EIA_API = "https://api.eia.gov/v2"
PAGE = 5000
LICENCE = "Public domain (U.S. government work); cite EIA with the release date"


class FetchError(Exception):
    """The API could not be reached or answered with something we cannot use."""


@dataclass(frozen=True)
class Series:
    """One EIA series: where it lives in API v2 and how its rows become a raw table."""

    name: str
    route: str
    params: tuple[tuple[str, str], ...]
    source_title: str
    source_url: str


BRENT = Series(
    "brent",
    "petroleum/pri/spt/data/",
    (("frequency", "daily"), ("facets[series][]", "RBRTE"), ("start", "2010-01-01")),
    "Europe Brent Spot Price FOB, daily (series RBRTE), EIA Open Data API v2",
    "https://www.eia.gov/dnav/pet/hist/RBRTEd.htm",
)
STEO = Series(
    "steo",
    "steo/data/",
    (("frequency", "monthly"), ("facets[seriesId][]", "COPR_LY"), ("start", "2010-01")),
    "Short-Term Energy Outlook (latest release): Libya crude oil production excluding "
    "condensate (COPR_LY), EIA Open Data API v2",
    "https://www.eia.gov/outlooks/steo/",
)
SERIES = {s.name: s for s in (BRENT, STEO)}


def _get_json(url: str, timeout: float) -> dict:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FetchError(f"{_redact(url)}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError) as exc:
        raise FetchError(f"{_redact(url)}: cannot connect ({exc})") from exc
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise FetchError(f"{_redact(url)}: answer is not JSON ({exc})") from exc


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, "***" if k == "api_key" else v) for k, v in urllib.parse.parse_qsl(parts.query)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def fetch_rows(series: Series, api_key: str, base_url: str, timeout: float = 30) -> list[dict]:
    """Every row of one series, page by page (the API returns at most 5,000 rows a call)."""
    rows: list[dict] = []
    while True:
        query = [
            ("api_key", api_key),
            *series.params,
            ("data[]", "value"),
            ("sort[0][column]", "period"),
            ("sort[0][direction]", "asc"),
            ("offset", str(len(rows))),
            ("length", str(PAGE)),
        ]
        url = f"{base_url.rstrip('/')}/{series.route}?{urllib.parse.urlencode(query)}"
        payload = _get_json(url, timeout)
        response = payload.get("response")
        if not isinstance(response, dict) or not isinstance(response.get("data"), list):
            raise FetchError(f"{_redact(url)}: no response.data in the answer")
        page = response["data"]
        rows += page
        total = int(response.get("total", len(rows)))
        if not page or len(rows) >= total:
            return rows


def _values(rows: list[dict], series: Series) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if frame.empty or not {"period", "value"} <= set(frame.columns):
        raise FetchError(f"{series.name}: the answer has no period/value rows")
    frame = frame[frame["value"].notna()].copy()
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    bad = frame[frame["value"].isna()]
    if not bad.empty:
        raise FetchError(f"{series.name}: non-numeric value for period {bad['period'].iloc[0]}")
    return frame


def brent_table(rows: list[dict], source_id: str) -> pd.DataFrame:
    frame = _values(rows, BRENT)
    return pd.DataFrame(
        {"date": frame["period"], "brent_usd_bbl": frame["value"], "source_id": source_id}
    ).drop_duplicates("date")


def steo_rows(rows: list[dict], source_id: str, today: dt.date) -> pd.DataFrame:
    """History months only: STEO also carries its forecast, which is not an observation."""
    frame = _values(rows, STEO)
    frame = frame[frame["period"] < f"{today:%Y-%m}"]
    return pd.DataFrame(
        {
            "month": frame["period"],
            "series": "eia_steo_copr",
            "production_bpd": (frame["value"] * 1_000_000).round().astype(int),
            "source_id": source_id,
            "note": "",
        }
    ).drop_duplicates("month")


def _source_row(series: Series, source_id: str, today: dt.date) -> dict[str, str]:
    return {
        "source_id": source_id,
        "publisher": "U.S. Energy Information Administration (EIA)",
        "title": series.source_title,
        "url": series.source_url,
        "published": f"{today:%Y-%m}",
        "accessed": f"{today:%Y-%m-%d}",
        "licence": LICENCE,
        "note": f"Fetched with `python -m analysis fetch {series.name}` from {EIA_API}.",
    }


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def merged_tables(
    series: Series, rows: list[dict], data_dir: Path, today: dt.date
) -> dict[str, pd.DataFrame]:
    """The raw files this fetch changes, with the new rows merged in."""
    source_id = f"eia_api_{series.name}_{today:%Y_%m_%d}"
    sources = _read(data_dir / "sources.csv")
    sources = sources[sources["source_id"] != source_id]
    sources = pd.concat([sources, pd.DataFrame([_source_row(series, source_id, today)])])
    changed = {"sources.csv": sources.sort_values("source_id", kind="stable")}
    if series is BRENT:
        changed["brent_daily.csv"] = brent_table(rows, source_id).astype(str)
    else:
        prod = _read(data_dir / "production_monthly.csv")
        fresh = steo_rows(rows, source_id, today).astype(str)
        prod = pd.concat([prod[prod["series"] != "eia_steo_copr"], fresh], ignore_index=True)
        changed["production_monthly.csv"] = prod.sort_values(["series", "month"], kind="stable")
    return changed


def fetch(
    name: str,
    api_key: str,
    data_dir: Path,
    base_url: str = EIA_API,
    today: dt.date | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, int]:
    """Fetch one series, validate the merged raw folder, then swap the changed files in."""
    series = SERIES[name]
    today = today or dt.date.today()
    rows = fetch_rows(series, api_key, base_url)
    changed = merged_tables(series, rows, data_dir, today)
    with tempfile.TemporaryDirectory(prefix="fetch-check-") as scratch:
        trial = Path(scratch) / "raw"
        shutil.copytree(data_dir, trial)
        for file, frame in changed.items():
            write_csv_atomic(frame, trial / file)
        load_raw(trial, today=today)
    for file, frame in changed.items():
        write_csv_atomic(frame, data_dir / file)
    counts = {file: len(frame) for file, frame in changed.items()}
    log(f"fetch {name}: {len(rows):,} rows from EIA; wrote " + ", ".join(counts))
    return counts
