"""Callbacks through Dash's real HTTP route, and page layouts, without a browser."""

import csv
import io
import json
from collections import Counter
from urllib.parse import parse_qsl, unquote

import plotly.graph_objects as go
import pytest

from dashboard.components import FRAME_EXPORT, control_prop
from dashboard.factory import PAGES
from dashboard.labels import ITS_TERM_LABELS
from dashboard.pages import models, overview
from dashboard.state import Key
from dashboard.views.models import its_tables
from tests.dashboard.conftest import dispatch, nodes, outputs_spec

SEL = ("episode", "model", "price", "level")
OVERVIEW_OUT = (
    "..overview-kpis.children...overview-lede.children...overview-base.data"
    "...overview-production-download.href...overview-cumulative-reported.href"
    "...overview-shown.data.."
)
SYNC_OUT = '..{"page":"overview","type":"page-query"}.data...overview-input-notes.children..'
SHOWN = [{"id": "overview-shown", "property": "data", "value": "2020"}]


def _inputs(page, fields, values):
    return [
        {"id": f"{page}-{f}", "property": control_prop(f), "value": v}
        for f, v in zip(fields, values, strict=True)
    ]


def _texts(component) -> list[str]:
    """Every string in a serialised component tree."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list):
        return [t for c in component for t in _texts(c)]
    if isinstance(component, dict):
        return _texts(component.get("props", {}).get("children", []))
    return []


def _ids(component) -> list[str]:
    ids = (n["props"].get("id") for n in nodes(component))
    return [json.dumps(i, sort_keys=True) for i in ids if i is not None]


def test_overview_selection_updates_kpis_and_links(client):
    resp = dispatch(
        client, OVERVIEW_OUT, _inputs("overview", SEL, ["2018", "mean", "brent", "0.8"]), SHOWN
    )
    assert resp["overview-shown"]["data"] == "2018"
    texts = _texts(resp["overview-kpis"]["children"])
    assert "28 days" in texts and "$920 million" in texts
    assert any(t.startswith("80% interval") for t in texts)
    lede = resp["overview-lede"]["children"]
    assert "National Oil Corporation (NOC) said $920 million as of 6 Jul 2018" in lede
    assert "(80% range:" in lede
    base = resp["overview-base"]["data"]
    assert set(base) == {"production", "cumulative", "price"}
    shade = [s for s in base["production"]["layout"]["shapes"] if s["name"] == "episode"]
    assert shade[0]["x0"] == "2018-06-14"
    href = resp["overview-production-download"]["href"]
    assert href == "/download/daily_impact.csv?episode=2018&model=mean&price=brent&level=0.8"
    assert client.get(href).status_code == 200
    assert client.get(resp["overview-cumulative-reported"]["href"]).status_code == 404


def test_overview_unknown_episode_is_refused(client):
    """A value no control offers is refused before the callback runs (dashboard/security.py)."""
    r = client.post(
        "/_dash-update-component",
        json={
            "output": OVERVIEW_OUT,
            "outputs": outputs_spec(OVERVIEW_OUT),
            "inputs": _inputs("overview", SEL, ["1999", "mean", "brent", "0.8"]),
            "state": SHOWN,
            "changedPropIds": ["overview-episode.value"],
        },
    )
    assert r.status_code == 400 and b"overview-episode.value" in r.data


def test_same_episode_patches_traces_only(client, ctx):
    resp = dispatch(
        client, OVERVIEW_OUT, _inputs("overview", SEL, ["2020", "mean", "brent", "0.8"]), SHOWN
    )
    patch = resp["overview-base"]["data"]
    assert patch["__dash_patch_update"] == "__dash_patch_update"
    ops = {tuple(op["location"]): op for op in patch["operations"]}
    assert set(ops) == {("production", "data"), ("cumulative", "data")}
    want = ctx.overview.figures[Key("2020", "mean", "brent", "0.8")]["production"]["data"]
    assert ops[("production", "data")]["params"]["value"] == want
    assert any("80% interval" in t for t in _texts(resp["overview-kpis"]["children"]))


def test_episode_change_resets_date_range(client):
    resp = dispatch(
        client,
        "..overview-start.date...overview-end.date..",
        _inputs("overview", ["episode"], ["2018"]),
    )
    assert resp["overview-start"]["date"] == "2017-12-13"
    assert resp["overview-end"]["date"] == "2018-11-30"  # last daily row + 122 days


def test_query_sync_writes_canonical_url(client):
    store = {"type": "page-query", "page": "overview"}
    fields = ("episode", "model", "price", "level", "start", "end", "events")
    values = ["2020", "mean", "brent", "0.9", "2020-01-01", "2020-06-30", ["ceasefire"]]
    resp = dispatch(
        client,
        SYNC_OUT,
        _inputs("overview", fields, values),
        [{"id": store, "property": "data", "value": "?episode=2020"}],
    )
    query = next(v["data"] for k, v in resp.items() if "page-query" in k)
    assert dict(parse_qsl(query[1:], keep_blank_values=True)) == {
        "episode": "2020",
        "model": "mean",
        "price": "brent",
        "level": "0.9",
        "start": "2020-01-01",
        "end": "2020-06-30",
        "events": "ceasefire",
    }


def test_query_sync_notes_bad_typed_date(client):
    store = {"type": "page-query", "page": "overview"}
    fields = ("episode", "model", "price", "level", "start", "end", "events")
    values = ["2020", "mean", "brent", "0.9", "1900-01-01", "2020-06-30", []]
    resp = dispatch(
        client,
        SYNC_OUT,
        _inputs("overview", fields, values),
        [{"id": store, "property": "data", "value": ""}],
    )
    assert "Start date '1900-01-01'" in " ".join(_texts(resp["overview-input-notes"]["children"]))


def test_models_selection(client, tables):
    out = (
        "..models-barrels.figure...models-barrels-title.children...models-value.figure"
        "...models-value-title.children...models-placebo.figure...models-placebo-title.children"
        "...models-placebo-card.hidden...models-placebo-note.children...models-its.children"
        "...models-barrels-download.href...models-value-download.href"
        "...models-placebo-download.href...models-its-download.href"
        "...models-reliability.figure...models-reliability-box.hidden"
        "...models-reliability-said.children...models-specifications.figure"
        "...models-specifications-box.hidden...models-specifications-said.children"
        "...models-reliability-download.href...models-specifications-download.href.."
    )
    resp = dispatch(client, out, _inputs("models", SEL, ["2018", "ols_trend", "brent", "0.9"]))
    fig = resp["models-barrels"]["figure"]
    go.Figure(fig)
    assert fig["data"][0]["y"] == [
        "Baseline mean (AR(1) errors)",
        "Linear trend (AR(1) errors)",
        "Local level (structural time series)",
    ]
    assert (
        resp["models-placebo-download"]["href"]
        == "/download/placebo.csv?episode=2018&model=ols_trend"
    )
    texts = _texts(resp["models-its"]["children"])
    assert "Level shift at the start" in texts and any("90% intervals" in t for t in texts)
    assert resp["models-placebo-card"]["hidden"] is False
    assert resp["models-reliability-box"]["hidden"] is False
    assert resp["models-reliability-download"]["href"] == "/download/backtest_summary.csv?level=0.9"
    said = _texts(resp["models-reliability-said"]["children"])
    # fakedata's backtest: every model misses one of six windows (5/6 = 83%)
    assert (
        "Linear trend (AR(1) errors): its 90% intervals held the real output in 83% of 6 test "
        "windows (range 63% to 93%), too narrow, though its range still includes 90%." in said
    )
    said = _texts(resp["models-specifications-said"]["children"])
    assert any(t.startswith("Across 12 specifications") for t in said)
    # the titles state the finding from the selection's own rows
    mc = tables["model_comparison"]
    rows = mc[
        (mc["episode_id"] == "2018")
        & (mc["price_scenario"] == "brent")
        & (mc["interval_level"] == 0.9)
    ]
    low, high = rows["lost_barrels"].min() / 1e6, rows["lost_barrels"].max() / 1e6
    title = resp["models-barrels-title"]["children"]
    assert title.startswith(f"The {len(rows)} models put the oil not produced at ")
    numbers = [float(w) for w in title.split() if w.replace(".", "").isdigit()]
    assert numbers[-2:] == pytest.approx([low, high], rel=0.01), title


def test_episodes_selection(client, tables):
    out = (
        "..episodes-table.children...episodes-barrels.figure...episodes-barrels-title.children"
        "...episodes-value.figure...episodes-value-title.children"
        "...episodes-table-download.href...episodes-barrels-download.href"
        "...episodes-value-download.href.."
    )
    resp = dispatch(
        client, out, _inputs("episodes", ("model", "price", "level"), ["mean", "brent", "0.8"])
    )
    texts = _texts(resp["episodes-table"]["children"])
    assert "2018 oil crescent closure" in texts and "2020 blockade" in texts
    assert "20 days after the end" in texts
    assert resp["episodes-value"]["figure"]["data"][0]["y"] == [
        "2018 oil crescent closure",
        "2020 blockade",
    ]
    summary = tables["episode_summary"]
    rows = summary[
        (summary["model"] == "mean")
        & (summary["price_scenario"] == "brent")
        & (summary["interval_level"] == 0.8)
    ]
    top = rows.loc[rows["lost_barrels"].idxmax(), "episode_id"]
    name = {"2018": "2018 oil crescent closure", "2020": "2020 blockade"}[top]
    assert resp["episodes-barrels-title"]["children"].startswith(f"The {name} lost the most oil: ")


@pytest.mark.parametrize(("mod", "path", "label"), PAGES)
def test_pages_render_with_unique_ids(ctx, mod, path, label):
    ids = _ids(mod.layout(ctx))
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert dupes == []
    assert json.dumps({"page": mod.PAGE, "type": "page-query"}, sort_keys=True) in ids


@pytest.mark.parametrize(("mod", "path", "label"), PAGES)
def test_bad_query_shows_note_on_every_page(ctx, mod, path, label):
    page = mod.layout(ctx, level="abc", colour="red")
    texts = " ".join(
        _texts(json.loads(json.dumps(page.to_plotly_json(), default=lambda o: o.to_plotly_json())))
    )
    assert "Interval level 'abc' is not available" in texts
    assert "Unknown parameter 'colour' ignored." in texts


@pytest.mark.parametrize(("mod", "path", "label"), PAGES)
def test_every_chart_has_image_export(ctx, mod, path, label):
    """Every graph sits in a chart frame with PNG and SVG buttons and a title heading."""
    found = nodes(mod.layout(ctx))
    graphs = {n["props"]["id"] for n in found if n["type"] == "Graph"}
    ids = [n["props"]["id"] for n in found if isinstance(n["props"].get("id"), dict)]
    for fmt in ("png", "svg"):
        framed = {i["chart"] for i in ids if i["type"] == FRAME_EXPORT and i["format"] == fmt}
        assert framed == graphs, fmt
    titles = {n["props"].get("id") for n in found if n["type"] == "H2"}
    assert {f"{g}-title" for g in graphs} <= titles


def test_its_terms_in_time_order(ctx):
    """The processed table lists terms alphabetically; the page shows them in time order."""
    its = ctx.tables.frames["its_effects"]
    shuffled = its.sort_values("term", ascending=False).reset_index(drop=True)
    table = models.its_table(its_tables(shuffled)[("2020", "0.95")], "0.95").children[0]
    body = table.children[-1]
    assert [row.children[0].children for row in body.children] == list(ITS_TERM_LABELS.values())


def test_overview_layout_restores_state(ctx):
    page = overview.layout(ctx, episode="2018", model="mean", level="0.8", start="2018-05-01")
    tree = json.dumps(page.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert '"date":"2018-05-01"' in tree.replace(" ", "")
    assert "28 days" in tree


def test_pages_served_and_unknown_paths_404(client):
    for _, path, _ in PAGES:
        r = client.get(path)
        assert r.status_code == 200 and b"Traceback" not in r.data
    assert client.get("/nope").status_code == 404


def test_claims_verdicts(ctx):
    from dashboard.pages import claims

    texts = " ".join(
        _texts(
            json.loads(
                json.dumps(
                    claims.layout(ctx).to_plotly_json(), default=lambda o: o.to_plotly_json()
                )
            )
        )
    )
    assert "Off by a factor" in texts and "Not checkable with this data" in texts
    # the sentence is the analysis's verdict_text, shown as written
    assert "NOC had said $8.22 billion on 13 Aug 2020: million written for billion." in texts
    # the report is named and dated from sources.csv, not by its id
    assert "Anadolu Agency, 2 Sep 2020, " in texts and "src_news" not in texts


def test_table_panel_arrives_as_rows_not_components(client):
    """The Table view's answer is text rows for the browser to draw (assets/clientside.js
    fillTable): as thousands of Dash components, a 360-row table held the page for 33 s."""
    chart = '{"chart":"overview-production","type":"chart-table-data"}'
    out = f"..{chart}.data...overview-production-csv.href...overview-production-csv.download.."
    view = {"id": {"chart": "overview-production", "type": "chart-view"}, "property": "value"}
    dates = [{"id": f"overview-{f}", "property": "date", "value": None} for f in ("start", "end")]
    selection = _inputs("overview", SEL, ["2020", "mean", "brent", "0.95"])
    resp = dispatch(client, out, [{**view, "value": "table"}, *selection, *dates])
    data = resp[chart]["data"]
    assert "namespace" not in json.dumps(data)
    assert data["caption"].startswith("Every series")
    csv_text = unquote(resp["overview-production-csv"]["href"].split(",", 1)[1])
    header, *lines = csv.reader(io.StringIO(csv_text))
    assert header == data["columns"]
    assert data["rows"] == lines and len(lines) > 300
    assert all(len(row) == len(data["columns"]) for row in data["rows"])
    cells = [cell for row in data["rows"] for cell in row]
    assert all(isinstance(cell, str) for cell in cells) and "nan" not in cells
    assert "" in cells  # a gap is an empty cell: actual output has no interval
