"""Pure figure builders: valid plotly, shapes and labels on the right dates, bands present."""

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
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


def test_text_places_keep_labels_apart_and_inside():
    # a 200 x 100 px plot, 30-px labels 15 px high, written 6.625 px from a 9-px marker's centre
    # (plotly's r / 0.8 + 1): A at (100, 50) above it; B at (100, 80) above it, its label
    # (58.4 to 73.4 px down) under A's marker; C at (180, 2) under it, as above it would leave
    # the plot; D at (198, 50) above and left of it, as centred it would pass the right edge;
    # E at (104, 50) gets none, each place meeting A's label or marker
    places = figures.text_places(
        [0.5, 0.5, 0.9, 0.99, 0.52], [0.5, 0.2, 0.98, 0.5, 0.5], [30] * 5, plot_px=(200, 100)
    )
    assert places == ["top center", "top center", "bottom center", "top left", None]


def test_exports_values_written_to_three_figures_every_point_drawn():
    exports = pd.DataFrame(
        {
            "period": ["2021", "2022-03", "2022-03", "2024-08"],
            "period_type": ["year", "month", "month", "month"],
            "exports_bpd": [1_100_000, 979_000, 979_000, 1_020_000],
            "source_id": ["a", "b", "c", "d"],
            "note": ["", "", "", ""],
        }
    )
    fig = figures.exports_figure(exports)
    months = fig["data"][1]
    # the second March figure sits on the first: drawn, its value in the hover text only
    assert months["x"] == ["2022-03-01", "2022-03-01", "2024-08-01"]
    assert months["y"] == [979_000, 979_000, 1_020_000]
    assert months["text"] == ["979k", "", "1.02M"]
    # fixed ranges, so the places hold: every bar and point inside them
    x0, x1 = fig["layout"]["xaxis"]["range"]
    assert x0 <= "2021-02-01" and x1 >= "2024-08-01"
    assert fig["layout"]["yaxis"]["range"][1] > 1_100_000
    go.Figure(fig)


def test_exports_small_values_keep_three_figures():
    exports = pd.DataFrame(
        {
            "period": ["2020-06", "2020-09", "2021-01"],
            "period_type": ["month", "month", "month"],
            "exports_bpd": [99_960, 45_230, 800],
            "source_id": ["a", "b", "c"],
            "note": ["", "", ""],
        }
    )
    # below 100k the axis's "~s" writes 45.2k, not 45k; under 1k not "1k" or "0k"
    assert figures.exports_figure(exports)["data"][1]["text"] == ["100k", "45.2k", "0.8k"]


def test_placebo_marks_real_estimate():
    placebo = pd.DataFrame({"lost_barrels": [1e6, -2e6, 0.5e6]})
    fig = figures.placebo_figure(placebo, real=150e6)
    assert fig["layout"]["shapes"][0]["x0"] == pytest.approx(150)
    bars = fig["data"][0]
    # bins of 0.25 million from -2 to 1.25, each run counted in its half-open bin [a, b)
    assert bars["type"] == "bar" and bars["width"] == 0.25
    assert bars["x"][0] == -1.875 and sum(bars["y"]) == 3
    counted = {x: n for x, n in zip(bars["x"], bars["y"], strict=True) if n}
    assert counted == {-1.875: 1, 0.625: 1, 1.125: 1}
    go.Figure(fig)


@pytest.mark.parametrize(
    ("values", "edges"),
    [
        ([-35.0, -5.0, -20.0], [-35.0 + 2.5 * i for i in range(14)]),
        ([0.0, 10.0], [float(i) for i in range(12)]),  # 10 on an edge opens the bin [10, 11)
        ([3.0, 3.0, 3.0], [3.0, 3.25]),  # one value: one bin, a tenth of the value's size
        ([-68.7, 300.2, 12.0], [-100.0 + 50 * i for i in range(10)]),
        # on round edges: 0.7 opens the first bin (float 7 x 0.1 is above 0.7), 0.3 its own
        ([0.7, 0.8], [0.7 + 0.01 * i for i in range(12)]),
        ([0.0, 0.3, 1.2], [0.1 * i for i in range(14)]),
    ],
)
def test_nice_bins_round_widths_cover_every_value(values, edges):
    got = figures.nice_bins(np.array(values))
    assert got.tolist() == pytest.approx(edges)
    assert got[0] <= min(values) and got[-1] > max(values)


def test_nice_bins_put_every_value_in_the_bin_that_holds_it():
    """Values written to one decimal, many on bin edges: each falls in exactly one bin [a, b),
    and np.histogram over the edges counts every one."""
    for a in range(-100, 159, 3):
        for b in range(-100, 159, 7):
            values = np.array([a / 10, b / 10])
            edges = figures.nice_bins(values)
            assert np.histogram(values, bins=edges)[0].sum() == 2
            for v in values:
                i = int(np.searchsorted(edges, v, side="right")) - 1
                assert edges[i] <= v < edges[i + 1], (values, edges)


def test_placebo_hover_names_runs_and_drops_infinite_values():
    placebo = pd.DataFrame({"lost_barrels": [7e5, 8e5, 8e5, float("inf")]})
    bars = figures.placebo_figure(placebo, real=1e6)["data"][0]
    assert sum(bars["y"]) == 3
    said = [c[2] for c, n in zip(bars["customdata"], bars["y"], strict=True) if n]
    assert said == ["1 run", "2 runs"]


def test_exports_figure_without_rows_is_an_empty_chart():
    empty = pd.DataFrame(columns=["period", "period_type", "exports_bpd", "note"])
    fig = figures.exports_figure(empty)
    assert fig["data"] == [] and "range" not in fig["layout"]["xaxis"]


def test_placebo_without_runs_draws_no_bars():
    fig = figures.placebo_figure(pd.DataFrame({"lost_barrels": [float("nan")]}), real=1e6)
    assert fig["data"] == [] and fig["layout"]["shapes"]


def test_interval_points_error_bars():
    fig = figures.interval_points(["a", "b"], [2.0, 3.0], [1.0, None], [4.0, 5.0], "t", "u", "#000")
    err = fig["data"][0]["error_x"]
    assert err["array"] == [2.0, 2.0] and err["arrayminus"] == [1.0, None]
    # rows named above their dots, not by the axis (which squeezed the plot on a phone)
    assert fig["layout"]["yaxis"]["showticklabels"] is False
    names = [(a["y"], a["text"]) for a in fig["layout"]["annotations"]]
    assert names == [("a", "a: <b>2.00</b>"), ("b", "b: <b>3.00</b>")]
    go.Figure(fig)


def test_interval_points_name_a_missing_estimate_and_keep_three_figures():
    fig = figures.interval_points(
        ["x", "y", "z"],
        [1077.4, 23.31, None],
        [-68.7, 6.8, None],
        [1904, 33, None],
        "",
        "u",
        "#000",
    )
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert texts == ["x: <b>1,077</b>", "y: <b>23.3</b>", "z: no estimate"]


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


def test_cumulative_frame_holds_every_drawn_series(ctx):
    """The cumulative chart's table is the frame its traces are drawn from, not the traces."""
    frame = ctx.overview.cumulative[KEY]
    by_name = {t["name"]: t for t in ctx.overview.figures[KEY]["cumulative"]["data"]}
    est = frame[frame["series"] == figures.ESTIMATE]
    daily = ctx.tables["daily_impact"]
    daily = daily[
        (daily["episode_id"] == "2020")
        & (daily["model"] == "local_level")
        & (daily["price_scenario"] == "brent")
        & (daily["interval_level"] == 0.95)
    ]
    assert est["date"].tolist() == sorted(daily["date"])
    for name, column in (
        (figures.ESTIMATE, "value_usd"),
        ("95% interval", "lower_usd"),
        ("upper", "upper_usd"),
    ):
        drawn = by_name[name]
        assert drawn["x"] == est["date"].dt.strftime("%Y-%m-%d").tolist()
        assert drawn["y"] == pytest.approx((est[column] / 1e9).round(3).tolist())
    noc = frame[frame["series"] == figures.NOC_TOTAL]
    assert noc["date"].dt.strftime("%Y-%m-%d").tolist() == ["2020-01-23", "2020-08-13"]
    assert noc["value_usd"].tolist() == [256.6e6, 8.22e9]  # fakedata.py's NOC statements
    assert by_name[figures.NOC_TOTAL]["x"] == ["2020-01-23", "2020-08-13"]


def _band(ctx, start: str, end: str, default: bool) -> dict:
    return figures.label_band(
        ctx.overview.layers["2020"], (pd.Timestamp(start), pd.Timestamp(end)), default
    )


def test_labels_follow_a_picked_range(ctx):
    """Off the default range, only labels inside the range are drawn; the shaded period's label
    starts at the range's start; the band never grows beyond the default's rows."""
    default = ctx.overview.layers["2020"].rows
    band = _band(ctx, "2020-03-01", "2020-12-31", default=False)
    assert [n["x"] for n in band["annotations"]] == [
        "2020-03-01",  # the shaded period, begun before the range
        "2020-08-21",
        "2020-08-27",
        "2020-09-18",
    ]
    lines = [s["x0"] for s in band["shapes"] if s["type"] == "line"]
    assert lines == ["2020-08-21", "2020-08-27", "2020-09-18"]
    rows = {n["yshift"] for n in band["annotations"]}
    assert band["margin_t"] == 8 + len(rows) * figures.ROW_PX
    assert len(rows) <= default
    outside = _band(ctx, "2021-06-01", "2021-09-30", default=False)
    assert outside["annotations"] == [] and outside["margin_t"] == 8
    assert [s["name"] for s in outside["shapes"]] == ["episode"]


def test_a_wide_range_drops_labels_that_need_another_row():
    """Crowded labels beyond `max_rows` are left out (their events stay in the strip)."""
    day = pd.Timestamp("2020-01-01")
    labels = [
        figures.Label(day + pd.Timedelta(days=i), day + pd.Timedelta(days=i), f"<b>{i}</b>"
                      + "x" * 20, "#000", "evt:political", None)
        for i in range(6)
    ]  # fmt: skip
    window = (day, day + pd.Timedelta(days=3650))  # six labels within 6 days of ten years
    _, every, rows = figures.placed_labels(labels, window)
    assert len(every) == 6 and rows == 6  # without a cap each needs a row of its own
    lines, kept, rows = figures.placed_labels(labels, window, max_rows=2)
    assert [n["x"] for n in kept] == ["2020-01-01", "2020-01-02"] and rows == 2
    assert [s["x0"] for s in lines] == ["2020-01-01", "2020-01-02"]


def test_model_and_episode_tables_hold_the_rows_drawn(ctx):
    for chart in (
        *(getattr(ctx.models.selections[KEY], n) for n in ("barrels", "value")),
        *(getattr(next(iter(ctx.episodes.selections.values())), n) for n in ("barrels", "value")),
    ):
        trace = chart.figure["data"][0]
        assert chart.table["label"].tolist() == trace["y"]
        column = chart.table.columns[1]
        scale = 1e6 if column == "lost_barrels" else 1e9
        assert trace["x"] == pytest.approx((chart.table[column] / scale).round(3).tolist())
    placebo = ctx.models.selections[KEY].placebo.chart
    runs = placebo.table[placebo.table["run"] == "placebo"]
    bars = placebo.figure["data"][0]
    millions = runs["lost_barrels"] / 1e6
    # every run of the table is counted once, in the bar whose bin [a, b) holds it
    counted = [
        int(millions.round(3).between(a, b, inclusive="left").sum())
        for a, b, _ in bars["customdata"]
    ]
    assert counted == bars["y"] and sum(bars["y"]) == len(runs)
    real = placebo.table[placebo.table["run"] == "real estimate"]["lost_barrels"].item()
    assert placebo.figure["layout"]["shapes"][0]["x0"] == pytest.approx(real / 1e6)
    smaller = int((runs["lost_barrels"] < real).sum())
    assert placebo.title.startswith(f"{smaller} of {len(runs)} fake start dates")


@pytest.mark.parametrize(
    "start,end,label",
    [
        ("2018-06-14", "2018-07-11", "Jun 2018"),
        ("2024-08-07", "2024-10-03", "Aug 2024"),
        ("2018-12-08", "2019-03-04", "2018-19"),
        ("2013-07-25", "2016-09-21", "2013-16"),
        ("2022-04-17", "2022-07-15", "2022"),
    ],
)
def test_period_label(start, end, label):
    assert figures.period_label(pd.Timestamp(start), pd.Timestamp(end)) == label


def _trace_types(obj: object, seen: set[int]) -> tuple[int, set[str]]:
    """(figures found, their trace types) anywhere in a view model: dataclasses, named tuples,
    mappings and sequences, walked once each."""
    if id(obj) in seen or isinstance(obj, (str, bytes, pd.DataFrame, pd.Series)):
        return 0, set()
    seen.add(id(obj))
    found, types = 0, set()
    if isinstance(obj, dict) and isinstance(obj.get("data"), list) and "layout" in obj:
        found, types = 1, {trace.get("type", "scatter") for trace in obj["data"]}
    if isinstance(obj, Mapping):
        children: list = [obj[k] for k in list(obj)]
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        children = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
    elif isinstance(obj, (list, tuple)):
        children = list(obj)
    else:
        children = []
    for child in children:
        n, t = _trace_types(child, seen)
        found, types = found + n, types | t
    return found, types


def test_every_figure_draws_only_the_vendored_bundle_s_trace_types(ctx):
    """dashboard/vendor holds plotly.js's basic bundle: a trace type outside it (a histogram,
    a heatmap) would draw nothing in the browser, so every figure of every page's view model is
    held to scatter and bar (assets/whatif.js draws scatter only)."""
    meta = json.loads(Path("dashboard/vendor/plotly-basic.min.js.meta.json").read_text())
    assert meta["package"] == "plotly.js-basic-dist-min"
    found, types = _trace_types(ctx, set())
    assert found > 20 and "bar" in types  # the walk reaches the figures, the placebo bars too
    assert types <= {"scatter", "bar"}
