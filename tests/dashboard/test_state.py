"""URL state: round trip, defaults included, lenient fallback with notes."""

from datetime import date
from urllib.parse import parse_qsl

import pytest

from dashboard.pages.common import merged_query
from dashboard.state import ViewState, default_state, parse, serialise


def _query(text: str) -> dict:
    return dict(parse_qsl(text.lstrip("?"), keep_blank_values=True))


def test_default_query_includes_every_parameter(ctx):
    q = _query(serialise(default_state(ctx.opts)))
    assert q == {
        "episode": "2020",
        "model": "local_level",
        "price": "brent",
        "level": "0.95",
        "start": "2019-07-19",
        "end": "2021-03-19",  # the last daily row (2020-11-17) + 122 days
        "events": "blockade,force_majeure,ceasefire,violation,restart,political",
    }


def test_round_trip(ctx):
    state = ViewState(
        "2018",
        "mean",
        "brent_less_es_sider_diff",
        "0.8",
        date(2018, 1, 2),
        date(2018, 9, 1),
        ("ceasefire", "restart"),
    )
    parsed, notes = parse(_query(serialise(state)), ctx.opts)
    assert parsed == state
    assert notes == []


def test_no_events_round_trips(ctx):
    state = default_state(ctx.opts)
    empty = ViewState(**{**state.__dict__, "events": ()})
    assert parse(_query(serialise(empty)), ctx.opts) == (empty, [])


@pytest.mark.parametrize(
    ("query", "field", "note"),
    [
        ({"episode": "1999"}, "episode", "Episode '1999'"),
        ({"model": "arima"}, "model", "Model 'arima'"),
        ({"price": "wti"}, "price", "Price scenario"),
        ({"level": "abc"}, "level", "Interval level 'abc'"),
        ({"level": "0.5"}, "level", "Interval level '0.5'"),
        ({"start": "2020-13-01"}, "start", "Start date"),
        ({"end": "1990-01-01"}, "end", "End date"),
        ({"model": ["mean", "ols_trend"]}, "model", "more than once"),
    ],
)
def test_bad_value_falls_back_with_note(ctx, query, field, note):
    state, notes = parse(query, ctx.opts)
    assert getattr(state, field) == getattr(default_state(ctx.opts), field)
    assert len(notes) == 1 and note in notes[0]


def test_unknown_parameter_is_noted_and_ignored(ctx):
    state, notes = parse({"colour": "red", "model": "mean"}, ctx.opts)
    assert state.model == "mean"
    assert notes == ["Unknown parameter 'colour' ignored."]


def test_reversed_dates_fall_back(ctx):
    state, notes = parse({"start": "2020-06-01", "end": "2020-02-01"}, ctx.opts)
    assert (state.start, state.end) == ctx.opts.windows["2020"]
    assert "reversed" in notes[0]


def test_level_is_canonical(ctx):
    assert parse({"level": "0.950"}, ctx.opts)[0].level == "0.95"


def test_unknown_category_dropped(ctx):
    state, notes = parse({"events": "ceasefire,aliens"}, ctx.opts)
    assert state.events == ("ceasefire",)
    assert "aliens" in notes[0]


def test_episode_brings_its_window(ctx):
    state, notes = parse({"episode": "2018"}, ctx.opts)
    assert (state.start, state.end) == ctx.opts.windows["2018"] and notes == []


def test_merged_query_resets_dates_on_new_episode(ctx):
    previous = serialise(default_state(ctx.opts))
    query, notes = merged_query(previous, {"episode": "2018", "model": "mean"}, ctx.opts)
    assert _query(query)["start"] == "2017-12-13"
    assert _query(query)["model"] == "mean"
    assert notes == []


def test_merged_query_keeps_typed_dates(ctx):
    previous = serialise(default_state(ctx.opts))
    query, _ = merged_query(
        previous,
        {"episode": "2020", "start": "2020-01-01", "end": "2020-03-01", "events": ["blockade"]},
        ctx.opts,
    )
    q = _query(query)
    assert (q["start"], q["end"], q["events"]) == ("2020-01-01", "2020-03-01", "blockade")
