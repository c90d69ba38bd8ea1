"""Pure figure builders: valid plotly, shapes and labels on the right dates, bands present."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import figures
from dashboard.labels import publishers
from dashboard.state import Key

KEY = Key("2020", "local_level", "brent", "0.95")


def _named(items, name):
    return [i for i in items if i.get("name") == name]


def test_every_figure_is_valid_plotly(ctx):
    for _key, figs in ctx.overview.figures.items():
        for fig in figs.values():
            go.Figure(fig)  # raises on any invalid property
    m = ctx.models
    go.Figure(ctx.overview.exports)
    for chart in (m.regimes, m.revenue, m.revenue_level):
        go.Figure(chart.figure)
    for sel in m.selections.values():
        figs = (sel.barrels.figure, sel.value.figure, sel.placebo.chart.figure)
        panels = (sel.reliability.figure, sel.specifications.figure)
        for fig in (*figs, *panels):
            go.Figure(fig)
    for sel in ctx.episodes.selections.values():
        for chart in (sel.barrels, sel.value):
            go.Figure(chart.figure)
    assert len(ctx.overview.figures) == 2 * 3 * 2 * 3
    assert len(m.selections) == 2 * 3 * 2 * 3
    assert len(ctx.episodes.selections) == 3 * 2 * 3


def test_production_shades_episode_and_labels_key_events(ctx):
    layout = ctx.overview.figures[KEY]["production"]["layout"]
    shade = _named(layout["shapes"], "episode")
    assert [(s["x0"], s["x1"], s["type"]) for s in shade] == [("2020-01-18", "2020-09-18", "rect")]
    ceasefire = _named(layout["shapes"], "evt:ceasefire")
    assert [(s["type"], s["x0"], s["x1"]) for s in ceasefire] == [
        ("line", "2020-08-21", "2020-08-21")
    ]
    label = _named(layout["annotations"], "evt:ceasefire")[0]
    assert label["x"] == "2020-08-21"
    assert label["text"] == "<b>21 Aug 2020</b><br>GNA and HoR ceasefire…"
    assert "Source: Reuters" in label["hovertext"]
    episode = _named(layout["annotations"], "episode")[0]
    assert episode["text"].startswith("<b>2020 blockade</b><br>shaded, 18 Jan 2020 to 18 Sep")
    # the fixture's key events (fakedata.py: e2 to e5) are labelled, nothing minor is
    labelled = [n["x"] for n in layout["annotations"] if n["name"].startswith("evt:")]
    assert labelled == ["2020-01-18", "2020-08-21", "2020-08-27", "2020-09-18"]


def test_minor_events_are_hover_only_ticks_in_the_strip(ctx):
    fig = ctx.overview.figures[KEY]["production"]
    strip = [t for t in fig["data"] if t.get("yaxis") == "y2"]
    political = next(t for t in strip if t.get("meta") == "evt:political")
    assert political["x"] == ["2020-09-16"] and political["mode"] == "markers"
    assert "Sarraj says he will step down" in political["customdata"][0]
    assert not any("Sarraj" in n["text"] for n in fig["layout"]["annotations"])
    symbols = {t["marker"]["symbol"] for t in strip if t.get("meta")}
    drawn = {t.get("marker", {}).get("symbol") for t in fig["data"] if t.get("yaxis") != "y2"}
    assert symbols and not symbols & drawn  # no data series uses an event's symbol


def test_label_rows_never_overlap_or_leave_the_plot():
    # 0..100 and 2.5..102.5 collide, so the second goes up a row; the third, at 225 px, is
    # shifted 75 px left to end at the right edge and fits in the first row again
    rows = figures.label_rows([0.0, 0.01, 0.9], [100, 100, 100], plot_px=250)
    assert rows == [(0, 0.0), (1, 0.0), (0, -75.0)]


def test_production_frame_holds_every_drawn_series(ctx):
    frame = ctx.overview.production[KEY]
    fig = ctx.overview.figures[KEY]["production"]
    by_name = {t["name"]: t for t in fig["data"]}
    for series in (figures.ACTUAL, figures.COUNTERFACTUAL, figures.STATEMENT):
        rows = frame[frame["series"] == series]
        assert rows["date"].dt.strftime("%Y-%m-%d").tolist() == by_name[series]["x"]
    said = frame[frame["series"] == figures.STATEMENT]
    assert said["date"].dt.strftime("%Y-%m-%d").tolist() == ["2020-02-17", "2020-08-13"]
    events = frame[frame["series"] == figures.EVENT]
    strip = [x for t in fig["data"] if t.get("meta", "").startswith("evt:") for x in t["x"]]
    assert sorted(events["date"].dt.strftime("%Y-%m-%d")) == sorted(strip)
    cf = frame[frame["series"] == figures.COUNTERFACTUAL]
    assert (cf["lower_bpd"] <= cf["value_bpd"]).all() and (cf["value_bpd"] <= cf["upper_bpd"]).all()


def test_selected_episode_not_shaded_twice(ctx):
    rects = [
        s
        for s in ctx.overview.figures[KEY]["production"]["layout"]["shapes"]
        if s["type"] == "rect"
    ]
    assert [s["name"] for s in rects] == ["episode"]
    window = (pd.Timestamp("2018-01-01"), pd.Timestamp("2018-12-31"))
    shade = (pd.Timestamp("2018-06-14"), pd.Timestamp("2018-07-11"), "2018 closure")
    shapes, *_ = figures.event_layer(
        ctx.tables["events"], publishers(ctx.tables), "2018", window, shade
    )
    assert [(s["name"], s["x0"]) for s in shapes if s["type"] == "rect"] == [
        ("episode", "2018-06-14"),
        ("evt:blockade", "2020-01-18"),
    ]


def test_band_encloses_counterfactual(ctx):
    data = ctx.overview.figures[KEY]["production"]["data"]
    upper, lower, line = data[0], data[1], data[2]
    assert lower["fill"] == "tonexty" and upper["showlegend"] is False
    assert lower["name"] == "95% interval"
    assert all(lo <= y <= hi for lo, y, hi in zip(lower["y"], line["y"], upper["y"], strict=True))
    assert upper["x"][0] == "2020-01-18"


def test_band_follows_level(ctx):
    wide = ctx.overview.figures[KEY]["production"]["data"]
    narrow = ctx.overview.figures[KEY._replace(level="0.8")]["production"]["data"]
    assert narrow[1]["name"] == "80% interval"
    assert narrow[0]["y"][0] - narrow[1]["y"][0] < wide[0]["y"][0] - wide[1]["y"][0]


def test_statement_points_and_reported_totals(ctx):
    prod = ctx.overview.figures[KEY]["production"]["data"]
    points = next(t for t in prod if t["name"] == figures.STATEMENT)
    assert points["x"] == ["2020-02-17", "2020-08-13"] and points["mode"] == "markers"
    cum = ctx.overview.figures[KEY]["cumulative"]["data"]
    noc = next(t for t in cum if t["name"].startswith("NOC reported"))
    assert noc["x"] == ["2020-01-23", "2020-08-13"]
    assert noc["y"] == [0.257, 8.22]
    assert any(t.get("fill") == "tonexty" for t in cum)


def test_exports_never_fill_gaps(ctx):
    fig = ctx.overview.exports
    bars = fig["data"][0]
    assert bars["type"] == "bar" and bars["x"] == ["2016-07-01", "2017-07-01", "2019-07-01"]
    for trace in fig["data"][1:]:
        assert "lines" not in trace["mode"]
    snap = next(t for t in fig["data"] if t["name"].startswith("Snapshot"))
    assert snap["x"] == ["2013-08-01"] and snap["text"] == ["145k"]


def test_placebo_marks_real_estimate():
    placebo = pd.DataFrame({"lost_barrels": [1e6, -2e6, 0.5e6]})
    fig = figures.placebo_figure(placebo, real=150e6)
    assert fig["layout"]["shapes"][0]["x0"] == pytest.approx(150)
    assert fig["data"][0]["x"] == [1.0, -2.0, 0.5]
    go.Figure(fig)


def test_interval_points_error_bars():
    fig = figures.interval_points(["a", "b"], [2.0, 3.0], [1.0, None], [4.0, 5.0], "t", "u", "#000")
    err = fig["data"][0]["error_x"]
    assert err["array"] == [2.0, 2.0] and err["arrayminus"] == [1.0, None]
    go.Figure(fig)


def test_regimes_shade_every_episode(ctx):
    shapes = ctx.models.regimes.figure["layout"]["shapes"]
    assert [(s["x0"], s["x1"]) for s in shapes] == [
        ("2018-06-14", "2018-07-11"),
        ("2020-01-18", "2020-09-18"),
    ]


def test_revenue_decomposition_adds_up(ctx):
    data = ctx.models.revenue.figure["data"]
    vol, price, inter, total = (t["y"] for t in data)
    for v, p, i, t in zip(vol, price, inter, total, strict=True):
        if t is not None:
            assert v + p + i == pytest.approx(t, abs=0.02)
    assert data[0]["x"][0] == "2010"
