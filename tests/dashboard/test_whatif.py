"""The what-if page's view model, its URL checks and its downloads, on the fake tables.

Expected numbers come from fakedata's construction: a steady 1,035,000 lost b/d in 2020
(1,150,000 b/d x 0.9) from 18 January, valued at $60 a barrel under Brent.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from dashboard.factory import create_app
from dashboard.pages import whatif as page
from dashboard.views import whatif as vw
from tests.dashboard.conftest import nodes

RATE_2020 = 1_035_000.0


def test_dates_and_default(ctx):
    view = ctx.whatif
    assert view.dates["2020"][0] == "2020-01-31" and view.dates["2020"][-1] == "2020-09-18"
    assert view.dates["2018"] == ("2018-06-30", "2018-07-11")
    # 2020: the middle is 19 May, nearest month end 31 May; N to the real end (110 days) in 5s
    assert view.default("2020") == vw.WhatIf("2020-05-31", 110, None)


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"from": "1999-01-01"}, "What-if date '1999-01-01' is not available"),
        ({"from": "<script>"}, "What-if date '<script>' is not available"),
        ({"days": "7"}, "Days '7' must be 0 to 365 in steps of 5"),
        ({"days": "9999"}, "Days '9999' must be 0 to 365"),
        ({"days": "abc"}, "Days 'abc' must be"),
        ({"flat": "0"}, "Flat price '0' must be 1 to 300"),
        ({"flat": "nan"}, "Flat price 'nan' must be"),
        ({"flat": "inf"}, "Flat price 'inf' must be"),
        ({"days": ["5", "10"]}, "'days' was given more than once"),
    ],
)
def test_bad_values_fall_back_with_a_note(ctx, query, note):
    w, notes = vw.parse(ctx.whatif, "2020", query)
    assert any(note in n for n in notes), notes
    assert w == ctx.whatif.default("2020")


def test_good_values_are_kept(ctx):
    w, notes = vw.parse(ctx.whatif, "2020", {"from": "2020-06-30", "days": "80", "flat": "42.5"})
    assert (w, notes) == (vw.WhatIf("2020-06-30", 80, 42.5), [])


def test_grid_holds_the_fake_numbers(ctx):
    g = vw.grid(ctx.whatif, "2020", "2020-06-30")
    i = g["days"].index(80)
    assert g["ends"][i] == "2020-09-18"
    # 18 Jan to 18 Sep 2020 is 245 days; barrels in millions, value in US$ billions
    assert g["barrels"]["point"][i] == pytest.approx(RATE_2020 * 245 / 1e6, abs=1e-3)
    assert g["usd"]["brent"]["point"][i] == pytest.approx(RATE_2020 * 245 * 60 / 1e9, abs=1e-3)
    assert set(g["barrels"]) == {"point", "0.8", "0.95"}
    assert set(g["usd"]) == {"brent", "brent_less_es_sider_diff"}
    assert vw.grid(ctx.whatif, "2020", "1999-01-01") == {}


def test_flat_price_table_is_barrels_times_price(ctx):
    t = vw.table(ctx.whatif, "2020", "2020-06-30", "brent", 50.0)
    row = t[t["Days more"] == 80].iloc[0]
    assert row["Lost barrels"] == pytest.approx(RATE_2020 * 245)
    assert row["Value at US$50/bbl"] == pytest.approx(RATE_2020 * 245 * 50)
    assert row["Value 95% upper"] == pytest.approx(row["Barrels 95% upper"] * 50, abs=1)
    paths = vw.table(ctx.whatif, "2020", "2020-06-30", "brent", None)
    assert paths.loc[paths["Days more"] == 80, "Value, Brent paths (US$)"].iloc[0] == (
        pytest.approx(RATE_2020 * 245 * 60)
    )


def test_replay_finding_and_table(ctx):
    frame = vw.replay_rows(ctx.whatif, "2020", "brent")
    assert list(frame["effective_date"].dt.strftime("%Y-%m-%d")) == [
        "2020-01-23",
        "2020-04-13",
        "2020-08-12",
    ]
    # fakedata: the first interval (0.20-0.30 bn) misses the final 0.35 bn; the others hold it
    assert vw.replay_finding(frame) == (
        "The estimate made then held the final one at 2 of NOC's 3 statements, first on 13 Apr 2020"
    )
    table = vw.replay_table(frame)
    assert list(table["NOC's figure (US$)"]) == [256_600_000, 4_087_913_653, 8_220_000_000]
    assert vw.replay_rows(ctx.whatif, "2018", "brent").empty


def test_page_layout_embeds_the_chosen_grid(ctx):
    found = nodes(page.layout(ctx, episode="2020", days="80", **{"from": "2020-06-30"}))
    by_id = {str(n["props"].get("id")): n["props"] for n in found}
    assert by_id["whatif-grid"]["data"]["as_of"] == "2020-06-30"
    assert by_id["whatif-days"]["value"] == 80
    assert by_id["whatif-from"]["value"] == "2020-06-30"
    assert not by_id["whatif-whatif-notes"].get("children")
    replay = by_id["whatif-replay"]["figure"]
    assert [t["name"] for t in replay["data"]][-2:] == [
        "Estimate made then (95% interval)",
        "NOC's running total",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "episode=%3Cscript%3E&from=x&days=-5&flat=1e999",
        "from=2020-06-30&from=2020-07-31",
        "days=" + "9" * 5000,
        "flat=%00&price=nope",
    ],
)
def test_hostile_addresses_get_the_page_not_an_error(ctx, query):
    client = create_app(ctx).server.test_client()
    r = client.get(f"/whatif?{query}")
    assert r.status_code == 200 and b"Traceback" not in r.data
    # the layout the router draws for that address: defaults, each bad value noted
    args = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(query).items()}
    by_id = {str(n["props"].get("id")): n["props"] for n in nodes(page.layout(ctx, **args))}
    assert by_id["whatif-grid"]["data"]["days"][0] == 0
    assert by_id["whatif-from"]["value"] in ctx.whatif.dates[by_id["whatif-episode"]["value"]]


def test_tables_are_downloadable(ctx):
    client = create_app(ctx).server.test_client()
    for name in ("projection", "replay"):
        r = client.get(f"/download/{name}.csv")
        assert r.status_code == 200, name
        assert r.data.startswith(b"episode_id,"), name
    assert client.get("/download/projection.csv?episode=2020").status_code == 200
