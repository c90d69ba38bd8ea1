"""The optional EIA fetcher against recorded API v2 answers served on loopback (no network)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from analysis import fetch, plausibility
from analysis.errors import DataValidationError
from tests.analysis.rawcopy import copy_raw

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


class FakeEIA:
    """Serves a recorded answer page by page, as the API does with offset and length."""

    def __init__(self, answers: dict[str, dict], status: int = 200) -> None:
        self.answers, self.status, self.queries = answers, status, []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parts.query)
                fake.queries.append((parts.path, query))
                answer = fake.answers.get(parts.path)
                if fake.status != 200 or answer is None:
                    self.send_error(fake.status if fake.status != 200 else 404)
                    return
                offset, length = int(query["offset"][0]), int(query["length"][0])
                rows = answer["response"]["data"]
                page = {"response": {**answer["response"], "data": rows[offset : offset + length]}}
                body = json.dumps(page).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v2"

    def __enter__(self) -> FakeEIA:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def server() -> Iterator[FakeEIA]:
    answers = {
        "/v2/petroleum/pri/spt/data/": recorded("eia_v2_rbrte_daily.json"),
        "/v2/steo/data/": recorded("eia_v2_steo_copr_ly.json"),
    }
    with FakeEIA(answers) as fake:
        yield fake


@pytest.fixture
def few_rows_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recorded answers hold 9 days and 5 months, too few to cover the episodes, which the
    plausibility checks (tested in test_hand_edits.py) would reject; these tests are about
    paging and merging."""
    monkeypatch.setattr(plausibility, "plausibility_problems", lambda frames: [])


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_brent_fetch_pages_merges_and_validates(
    server: FakeEIA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, few_rows_accepted: None
) -> None:
    monkeypatch.setattr(fetch, "PAGE", 4)
    raw = copy_raw(tmp_path)
    today = dt.date(2026, 11, 30)
    fetch.fetch("brent", "KEY123", raw, base_url=server.url, today=today, log=lambda _: None)

    expected = recorded("eia_v2_rbrte_daily.json")["response"]["data"]
    brent = pd.read_csv(raw / "brent_daily.csv")
    assert list(brent["date"]) == [row["period"] for row in expected]
    assert list(brent["brent_usd_bbl"]) == [float(row["value"]) for row in expected]
    assert set(brent["source_id"]) == {"eia_api_brent_2026_11_30"}
    sources = pd.read_csv(raw / "sources.csv")
    assert "eia_api_brent_2026_11_30" in set(sources["source_id"])
    assert len(server.queries) == 3  # 9 rows in pages of 4
    _, query = server.queries[0]
    assert query["api_key"] == ["KEY123"]
    assert query["facets[series][]"] == ["RBRTE"]


def test_steo_fetch_keeps_history_months_only(tmp_path: Path, few_rows_accepted: None) -> None:
    answer = recorded("eia_v2_steo_copr_ly.json")
    # A forecast month (synthetic value) after the fetch date must not become an observation.
    answer["response"]["data"].append({"period": "2026-12", "value": "1.4"})
    answer["response"]["total"] += 1
    raw = copy_raw(tmp_path)
    untouched = pd.read_csv(raw / "production_monthly.csv")
    with FakeEIA({"/v2/steo/data/": answer}) as fake:
        fetch.fetch("steo", "K", raw, base_url=fake.url, log=lambda _: None)
    prod = pd.read_csv(raw / "production_monthly.csv")
    eia = prod[prod["series"] == "eia_steo_copr"]
    assert list(eia["month"]) == ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
    assert list(eia["production_bpd"]) == [1_280_000, 1_280_000, 1_350_000, 1_300_000, 1_300_000]
    others = prod[prod["series"] != "eia_steo_copr"].reset_index(drop=True)
    before = untouched[untouched["series"] != "eia_steo_copr"].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, before)


def test_server_error_leaves_data_unchanged(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    before = digest(raw)
    with FakeEIA({}, status=503) as broken, pytest.raises(fetch.FetchError) as caught:
        fetch.fetch("brent", "SECRET", raw, base_url=broken.url, log=lambda _: None)
    assert "503" in str(caught.value)
    assert "SECRET" not in str(caught.value)
    assert digest(raw) == before


def test_bad_values_are_rejected_before_writing(tmp_path: Path) -> None:
    answer = recorded("eia_v2_rbrte_daily.json")
    answer["response"]["data"][2]["value"] = "-3.5"
    raw = copy_raw(tmp_path)
    before = digest(raw)
    path = "/v2/petroleum/pri/spt/data/"
    with FakeEIA({path: answer}) as fake, pytest.raises(DataValidationError) as caught:
        fetch.fetch("brent", "K", raw, base_url=fake.url, log=lambda _: None)
    assert caught.value.problems[0].file == "brent_daily.csv"
    assert caught.value.problems[0].column == "brent_usd_bbl"
    assert digest(raw) == before


def test_cli_reports_unreachable_api_without_traceback(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "fetch",
            "brent",
            "--api-key",
            "SECRET",
            "--data",
            str(raw),
            "--base-url",
            "http://127.0.0.1:9/v2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "cannot connect" in result.stderr
    assert "Traceback" not in result.stderr
    assert "SECRET" not in result.stderr
