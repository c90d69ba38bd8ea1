"""The sentences the Models, Episodes and Claims view models write where a value is missing."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest

from dashboard.context import build_context
from dashboard.data import Tables
from dashboard.pages import claims, episodes, models
from dashboard.state import Key
from dashboard.views.models import ItsTable, _verdict, its_tables, placebo_note

KEY_2018 = Key("2018", "local_level", "brent", "0.95")


def _texts(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json())


def _without(tables: Tables, **frames: pd.DataFrame | None) -> Tables:
    """The fake tables with some frames replaced, or dropped where None (an absent table)."""
    new = {**tables.frames, **{k: v for k, v in frames.items() if v is not None}}
    for name in [k for k, v in frames.items() if v is None]:
        new.pop(name)
    return replace(tables, frames=new)


def test_short_baseline_gives_a_placebo_sentence(tables):
    # fakedata's 2018 baseline runs 2016-06..2018-05: 24 months; cut to 11 as in the real data
    eps = tables["episodes"].copy()
    eps.loc[eps["episode_id"] == "2018", "baseline_start"] = pd.Timestamp("2017-07-01")
    placebo = tables["placebo"][tables["placebo"]["episode_id"] != "2018"]
    short = _without(tables, episodes=eps, placebo=placebo)
    assert placebo_note(short, "2018") == (
        "Too few months before the 2018 oil crescent closure for a placebo run: its baseline "
        "has 11 months, and each fake start needs 12 months before it to fit the model."
    )
    view = build_context(short).models.selections[KEY_2018]
    assert view.placebo.chart is None
    figure, title, hidden, note = models.placebo_parts(view.placebo)
    assert hidden is True and figure == {"data": [], "layout": {}} and note.startswith("Too few")
    assert title == ""


def test_long_baseline_without_runs_names_the_other_episodes(tables):
    assert "would cross another episode's months" in placebo_note(tables, "2018")


def test_missing_its_term_is_a_sentence_not_nan(tables):
    its = tables["its_effects"].copy()
    gone = (its["episode_id"] == "2018") & (its["term"] == "slope_change_start")
    its.loc[gone, ["estimate_bpd", "ci_lower_bpd", "ci_upper_bpd", "p_value"]] = float("nan")
    its.loc[gone, "term_note"] = "not estimated: 1 episode month(s), this term needs at least 3"
    table = its_tables(its)[("2018", "0.95")]
    assert "slope_change_start" not in set(table.rows["term"])
    assert table.missing == (
        "Slope change at the start (per month): not estimated (1 episode month(s), this term "
        "needs at least 3).",
    )
    text = _texts(models.its_table(table, "0.95"))
    assert "n/a" not in text and '"nan"' not in text.lower()
    assert "Slope change at the start (per month): not estimated" in text


def test_p_values_never_print_as_zero(tables):
    assert models.p_value(0.0) == "< 0.001"
    assert models.p_value(0.00049) == "< 0.001"
    assert models.p_value(0.0063) == "0.006"
    its = tables["its_effects"].assign(p_value=0.0)
    text = _texts(models.its_table(its_tables(its)[("2020", "0.95")], "0.95"))
    assert "0.000" not in text and "< 0.001" in text


def test_an_episode_without_any_its_row_says_so(ctx):
    empty = ItsTable(ctx.tables["its_effects"].iloc[0:0], "no estimate", ("No fit.",))
    assert _texts(models.its_table(empty, "0.95")).count("No fit.") == 1


def test_reliability_in_plain_words(ctx):
    sel = ctx.models.selections[Key("2020", "mean", "brent", "0.8")]
    # fakedata's backtest: every model and level misses one of six windows (5/6 = 83%)
    assert sel.reliability.sentences[0] == (
        "Baseline mean (AR(1) errors): its 80% intervals held the real output in 83% of 6 test "
        "windows (range 63% to 93%), wider than needed, though its range still includes 80%."
    )
    at_95 = ctx.models.selections[Key("2020", "mean", "brent", "0.95")].reliability
    # its range (63% to 93%) leaves out 95%: no "though"
    assert at_95.sentences[2].endswith("83% of 6 test windows (range 63% to 93%), too narrow.")
    shapes = sel.reliability.figure["layout"]["shapes"]
    assert shapes[0]["x0"] == 80.0
    # fakedata's ranges: 20 points below the share and 10 above, drawn as bars around the dot
    dots = sel.reliability.figure["data"][0]
    n = len(dots["x"])
    assert n == len(sel.reliability.sentences) > 1
    assert dots["error_x"]["arrayminus"] == pytest.approx([20.0] * n, abs=0.1)
    assert dots["error_x"]["array"] == pytest.approx([10.0] * n, abs=0.1)


def test_specifications_sorted_with_their_range(ctx):
    sel = ctx.models.selections[Key("2020", "local_level", "brent", "0.95")]
    curve, marks = sel.specifications.figure["data"]
    est = curve["y"]
    assert est == sorted(est) and len(est) == 3 * 2 * 2
    # fakedata: the rule off scales an estimate by 0.95, and the trend model is the lowest
    assert curve["customdata"][0] == "Linear trend (AR(1) errors), 12 months, all months kept"
    # below the curve, each specification's three choices, one dot each, in its column
    columns = sorted(marks["x"])
    assert columns == sorted(list(range(1, 13)) * 3)
    first = [y for x, y in zip(marks["x"], marks["y"], strict=True) if x == 1]
    assert first == ["Trend model", "12-month baseline", "Disturbed: kept"]
    assert sel.specifications.sentences[0].startswith("Across 12 specifications the estimate")
    # the Table and CSV hold the rows drawn, in the chart's order, as the analysis wrote them
    table = sel.specifications.table
    assert len(table) == 12 and table["lost_barrels"].astype(float).is_monotonic_increasing
    assert set(table["episode_id"]) == {"2020"} and set(table["interval_level"]) == {"0.95"}


def test_episodes_set_noc_beside_the_estimate_for_that_day(ctx, tables):
    rows = ctx.episodes.selections[("local_level", "brent", "0.95")].rows
    row = next(r for r in rows if r["episode_id"] == "2020")
    rve = tables["reported_vs_estimated"]
    want = rve[
        (rve["model"] == "local_level")
        & (rve["price_scenario"] == "brent")
        & (rve["interval_level"] == 0.95)
        & (rve["effective_date"] == pd.Timestamp("2020-08-13"))
    ]["cum_loss_usd"].iloc[0]
    assert row["estimate_then"] == want
    text = _texts(episodes.table(rows, "0.95"))
    assert "as of 13 Aug 2020, reported by National Oil Corporation" in text
    assert "This project, same day" in text
    # 2018 has a NOC figure in the summary but no statement row to set beside it
    assert "no estimate for that day" in text


def test_episodes_show_what_noc_figure_covers(ctx, tables):
    rep = tables["reported_losses"].assign(note=["", "eastern closures only"])
    view = build_context(_without(tables, reported_losses=rep))
    rows = view.episodes.selections[("local_level", "brent", "0.95")].rows
    text = _texts(episodes.table(rows, "0.95"))
    assert "What it covers" in text and "eastern closures only" in text


def test_claims_page_has_no_internal_ids(ctx):
    text = _texts(claims.layout(ctx))
    for claim_id in ctx.tables["claims_check"]["claim_id"]:
        assert f'"{claim_id}"' not in text
    assert "src_news" not in text and "measured/claimed" not in text


def test_coverage_verdict_allows_three_points():
    assert _verdict(0.76, 0.8, 0.70, 0.78) == "too narrow"
    assert _verdict(0.84, 0.8, 0.82, 0.9) == "wider than needed"
    assert _verdict(0.89, 0.8, 0.69, 0.99) == (
        "wider than needed, though its range still includes 80%"
    )
    assert _verdict(0.81, 0.8, 0.5, 0.9) == "about as promised"


def test_shown_range_falls_back_to_the_default_window(ctx):
    from dashboard.pages.overview import shown_range

    assert shown_range(ctx.opts, "2020", "2020-01-18", "2020-09-18") == (
        "2020-01-18",
        "2020-09-18",
    )
    window = tuple(d.isoformat() for d in ctx.opts.windows["2018"])
    assert window == ("2017-12-13", "2018-11-30")
    hostile = (
        (None, None),
        ("1900-01-01", "2999-12-31"),  # out of the data's range
        ('x"; filename=a.bat', "18/01/2020"),
        (["2020"], {"a": 1}),
        ("2018-09-01", "2018-01-01"),  # reversed
    )
    for start, end in hostile:
        assert shown_range(ctx.opts, "2018", start, end) == window, (start, end)
    # one good side is kept
    assert shown_range(ctx.opts, "2018", "2018-03-01", "garbage") == ("2018-03-01", window[1])
