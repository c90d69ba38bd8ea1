"""Starting a new episode as README's walkthrough says, and the live path's errors, via the CLI.

Each test works on a temporary copy of data/raw with a synthetic ongoing episode (TEST FIXTURE
rows, tests/analysis/livecopy.py); nothing is written to data/.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd

from tests.analysis.livecopy import (
    AS_OF,
    EPISODE,
    SOURCE,
    START,
    add_ongoing_episode,
    add_source,
    append_rows,
    cli,
    live_copy,
)
from tests.analysis.rawcopy import copy_raw, find_line, set_cell


def test_ongoing_episode_is_estimated_to_the_as_of_date(live_run: Path) -> None:
    summary = pd.read_csv(live_run / "episode_summary.csv", dtype=str)
    mine = summary[summary["episode_id"] == EPISODE]
    assert len(mine) > 0
    assert set(mine["status"]) == {"ongoing"} and set(mine["as_of_date"]) == {AS_OF}
    assert set(mine["end"]) == {AS_OF} and set(mine["days"]) == {"45"}  # 1 Jun to 15 Jul
    others = summary[summary["episode_id"] != EPISODE]
    assert set(others["status"]) == {"ended"} and others["as_of_date"].isna().all()
    manifest = json.loads((live_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == AS_OF
    assert manifest["episode_status"][EPISODE] == {"status": "ongoing", "as_of": AS_OF}
    assert manifest["episode_status"]["2020"] == {"status": "ended", "end": "2020-09-18"}


def test_actual_output_steps_through_noc_s_statements(live_run: Path) -> None:
    daily = pd.read_csv(live_run / "daily_impact.csv", parse_dates=["date"])
    mine = daily[daily["episode_id"] == EPISODE].drop_duplicates("date").set_index("date")
    assert mine.index.min() == pd.Timestamp(START) and mine.index.max() == pd.Timestamp(AS_OF)
    # EIA's last month is February 2026, so every day of the episode rests on a statement
    assert set(mine["basis"]) == {"reported_statement"}
    actual = mine["actual_bpd"]
    assert (actual["2026-06-01":"2026-06-19"] == 400000).all()
    assert (actual["2026-06-20":"2026-07-09"] == 300000).all()
    assert (actual["2026-07-10":"2026-07-15"] == 250000).all()
    assert set(daily[daily["episode_id"] == "2020"]["basis"]) == {"eia_monthly"}


def _errors(raw: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = cli("--data", str(raw), "--out", str(raw.parent / "out"), *extra)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "nothing was written" in result.stderr
    assert not (raw.parent / "out").exists()
    return result


def test_as_of_before_the_start(tmp_path: Path) -> None:
    raw, line = live_copy(tmp_path)
    result = _errors(raw, "--as-of", "2026-05-31")
    assert f"episodes.csv, line {line}, column 'start': ongoing episode {EPISODE}" in result.stderr


def test_as_of_in_the_future(tmp_path: Path) -> None:
    raw, _ = live_copy(tmp_path)
    result = _errors(raw, "--as-of", "2999-01-01")
    assert "command line, column '--as-of': 2999-01-01 is in the future" in result.stderr


def test_as_of_not_a_day(tmp_path: Path) -> None:
    result = cli("--as-of", "15/07/2026", "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "is not a day written YYYY-MM-DD" in result.stderr


def _validate_errors(raw: Path) -> str:
    result = cli("validate", "--data", str(raw))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return result.stderr


def test_statements_out_of_order(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    add_ongoing_episode(raw, (("2026-06-20", 300000), ("2026-06-01", 400000)))
    line = find_line(raw / "production_reported.csv", date="2026-06-01", source_id=SOURCE)
    assert (
        f"production_reported.csv, line {line}, column 'date': 2026-06-01 is before line "
        f"{line - 1} (2026-06-20)" in _validate_errors(raw)
    )


def test_two_statements_for_one_date(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    add_ongoing_episode(raw, (("2026-06-01", 400000),))
    # a second outlet's figure for the same day
    add_source(raw, "test_fixture_other")
    line = append_rows(
        raw / "production_reported.csv",
        [{"date": "2026-06-01", "production_bpd": "390000", "source_id": "test_fixture_other"}],
    )
    assert (
        f"production_reported.csv, line {line}, column 'date': 2026-06-01 repeats the date of "
        f"line {line - 1}" in _validate_errors(raw)
    )


def test_ongoing_episode_without_production_data(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    line = add_ongoing_episode(raw, ())
    assert (
        f"episodes.csv, line {line}, column 'end': is empty (episode {EPISODE} is ongoing), but "
        "production_reported.csv has no statement dated on or after its start"
        in _validate_errors(raw)
    )


def test_two_ongoing_episodes_overlap(tmp_path: Path) -> None:
    raw, line = live_copy(tmp_path)
    append_rows(
        raw / "episodes.csv",
        [
            {
                "episode_id": "test_fixture_second",
                "name": "TEST FIXTURE second ongoing blockade",
                "start": "2026-06-10",
                "baseline_start": "2025-01",
                "baseline_end": "2026-02",
                "description": "TEST FIXTURE",
                "source_id": SOURCE,
            }
        ],
    )
    assert (
        f"episodes.csv, line {line}, column 'end': is empty (episode {EPISODE} is ongoing), but "
        f"episode test_fixture_second (line {line + 1}) starts later" in _validate_errors(raw)
    )


def test_ongoing_episode_overlaps_a_later_one(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    line = find_line(raw / "episodes.csv", episode_id="2020")
    set_cell(raw / "episodes.csv", line, "end", "")
    later = find_line(raw / "episodes.csv", episode_id="2022")
    assert (
        f"episodes.csv, line {line}, column 'end': is empty (episode 2020 is ongoing), but "
        f"episode 2022 (line {later}) starts later, on 2022-04-17" in _validate_errors(raw)
    )


def test_ongoing_episode_starting_inside_an_ended_one(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    line = add_ongoing_episode(
        raw, (("2024-10-01", 400000),), start="2024-10-01", baseline=("2022-08", "2024-07")
    )
    assert (
        f"episodes.csv, line {line}, column 'start': ongoing episode {EPISODE} starts on "
        "2024-10-01, before episode 2024" in _validate_errors(raw)
    )


def test_dashboard_draws_the_ongoing_episode(live_run: Path) -> None:
    """The overview of the run's own outputs (callback level, no browser)."""
    from dashboard.context import build_context
    from dashboard.data import load_tables
    from dashboard.figures import ACTUAL_STATEMENT
    from dashboard.pages import overview
    from dashboard.state import Key

    ctx = build_context(load_tables(live_run))
    cards, lede, figs, *_ = overview.select(ctx, Key(EPISODE, "local_level", "brent", "0.95"))
    production = figs["production"]
    labels = [a["text"] for a in production["layout"]["annotations"]]
    assert any("ongoing since 1 Jun 2026, as of 15 Jul 2026" in text for text in labels)
    fade = [s for s in production["layout"]["shapes"] if s["name"] == "episode-ongoing"]
    assert len(fade) == 3 and fade[0]["x0"] == AS_OF  # open-ended: runs on past the as-of date
    stepped = next(t for t in production["data"] if t["name"] == ACTUAL_STATEMENT)
    assert stepped["line"]["dash"] == "dot" and stepped["line"]["shape"] == "hv"
    assert stepped["x"][0] == START and stepped["y"][0] == 400000 and stepped["y"][-1] == 250000
    assert "The blockade is ongoing: as of 15 Jul 2026 it has lasted 45 days" in lede
    text = str([card.to_plotly_json() for card in cards])
    assert text.count("as of 15 Jul 2026") == 2 and "(ongoing)" in text
    # an ended episode is drawn as before
    ended = overview.select(ctx, Key("2020", "local_level", "brent", "0.95"))[2]["production"]
    assert not any(s["name"] == "episode-ongoing" for s in ended["layout"]["shapes"])
    assert ACTUAL_STATEMENT not in {t.get("name") for t in ended["data"]}


def test_episodes_and_what_if_pages_show_the_ongoing_episode(live_run: Path) -> None:
    """The Episodes table says "ongoing, as of" beside its dates and totals; the What if page
    projects it from its as-of date."""
    from dashboard.context import build_context
    from dashboard.data import load_tables
    from dashboard.pages import episodes, whatif

    ctx = build_context(load_tables(live_run))
    text = json.dumps(episodes.layout(ctx).to_plotly_json(), default=str)
    assert "since 1 Jun 2026; ongoing, as of 15 Jul 2026" in text
    assert text.count("so far, as of 15 Jul 2026") == 3  # days, barrels, value
    assert ctx.whatif.dates[EPISODE][-1] == AS_OF
    page = json.dumps(whatif.layout(ctx, episode=EPISODE).to_plotly_json(), default=str)
    assert "Error" not in page and EPISODE in page
