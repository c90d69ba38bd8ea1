"""The bundled data against facts known independently of it (EIA, NOC, the issue's brief)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.load import RawTables, load_raw


@pytest.fixture(scope="module")
def raw() -> RawTables:
    return load_raw()


def eia(raw: RawTables) -> pd.Series:
    prod = raw.production_monthly
    rows = prod[prod["series"] == "eia_steo_copr"]
    return rows.set_index("month")["production_bpd"]


def test_eia_monthly_series_is_complete_from_2010(raw: RawTables) -> None:
    series = eia(raw)
    expected = pd.date_range("2010-01-01", series.index.max(), freq="MS")
    assert list(series.index) == list(expected)
    assert series.index.max() >= pd.Timestamp("2026-01-01")


def test_annual_production_levels(raw: RawTables) -> None:
    annual = eia(raw).groupby(lambda m: m.year).mean()
    assert 1_000_000 <= annual[2019] <= 1_200_000
    assert 300_000 <= annual[2020] <= 450_000
    assert eia(raw)[pd.Timestamp("2020-04-01")] < 150_000


def test_brent_april_2020_mean(raw: RawTables) -> None:
    brent = raw.brent_daily.set_index("date")["brent_usd_bbl"]
    assert brent["2020-04"].mean() == pytest.approx(18.4, abs=0.3)
    assert brent.index.min() <= pd.Timestamp("2010-01-05")
    assert brent.index.max() >= pd.Timestamp("2026-01-01")


def test_noc_208_day_statement_present(raw: RawTables) -> None:
    losses = raw.reported_losses
    hit = losses[
        (losses["statement_date"] == "2020-08-12")
        & (losses["cumulative_loss_usd"] == 8_220_000_000)
        & (losses["blockade_days"] == 208)
    ]
    assert len(hit) == 1


def test_required_coverage(raw: RawTables) -> None:
    losses = raw.reported_losses
    assert (losses["episode_id"] == "2020").sum() >= 35
    reported = raw.production_reported
    window = reported[(reported["date"] >= "2020-01-01") & (reported["date"] <= "2021-03-31")]
    assert len(window) >= 25
    assert len(raw.events) >= 60
    assert {"2013_16", "2018", "2020", "2022", "2024"} <= set(raw.episodes["episode_id"])


@pytest.mark.parametrize(
    ("date", "category"),
    [
        ("2020-01-18", "blockade"),
        ("2020-01-18", "force_majeure"),
        ("2020-01-19", "political"),  # Berlin conference
        ("2020-01-19", "blockade"),  # Sharara and El Feel shut
        ("2020-06-07", "restart"),  # Sharara restart
        ("2020-06-09", "blockade"),  # and re-closure
        ("2020-07-10", "restart"),  # loading at Es Sider
        ("2020-07-12", "blockade"),  # LNA spokesman: closure continues
        ("2020-08-21", "ceasefire"),
        ("2020-08-27", "violation"),
        ("2020-09-18", "blockade"),  # lifting announced
        ("2020-09-19", "force_majeure"),  # first force-majeure lifts
        ("2020-10-23", "ceasefire"),  # Geneva
        ("2020-11-07", "restart"),  # output passes 1 million b/d
    ],
)
def test_required_2020_events(raw: RawTables, date: str, category: str) -> None:
    events = raw.events
    assert ((events["date"] == date) & (events["category"] == category)).any()


def test_annual_exports_cover_opec_asb_and_later_years(raw: RawTables) -> None:
    exports = raw.exports
    years = set(exports.loc[exports["period_type"] == "year", "period"])
    assert {str(y) for y in range(2005, 2018)} | {"2019", "2021"} <= years


def test_noc_annual_revenue(raw: RawTables) -> None:
    revenue = raw.revenue
    noc = revenue[revenue["metric"] == "noc_revenue_annual"].set_index("period")["value"]
    assert noc["2019"] == 22_500_000_000
    assert noc["2020"] == 5_900_000_000
    assert noc["2021"] == 21_500_000_000
    assert (revenue["metric"] == "noc_revenue_monthly").sum() >= 12


def test_seed_report_unit_slip_is_recorded_as_a_claim(raw: RawTables) -> None:
    claims = raw.claims.set_index("claim_id")
    assert claims.loc["C7", "claimed_value"] == 8_220_000
    assert claims.loc["C7", "metric"] == "noc_cumulative_loss_usd"


def test_every_row_is_sourced(raw: RawTables) -> None:
    known = set(raw.sources["source_id"])
    for name, frame in raw.items():
        if name != "sources":
            assert frame["source_id"].notna().all(), name
            assert set(frame["source_id"]) <= known, name


def test_every_source_is_cited_by_some_row(raw: RawTables) -> None:
    used = set().union(*(set(f["source_id"]) for name, f in raw.items() if name != "sources"))
    assert set(raw.sources["source_id"]) <= used
