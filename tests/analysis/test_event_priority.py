"""events.csv's `priority` column follows the rule written in docs/data.md."""

from __future__ import annotations

import pandas as pd

from analysis.load import load_raw


def rule(events: pd.DataFrame, episodes: pd.DataFrame) -> set[str]:
    """The event ids docs/data.md calls key, recomputed from the dates and categories."""
    key: set[str] = set()
    spans = episodes.set_index("episode_id")
    for ep, group in events.dropna(subset=["episode_id"]).groupby("episode_id"):
        group = group.sort_values(["date", "event_id"])
        start, end = spans.loc[ep, "start"], spans.loc[ep, "end"]
        fm = group[group["category"] == "force_majeure"]
        key.update(fm["event_id"].head(1))
        # the ending event itself, not the episode's own span (which ends that day too)
        key.update(group.loc[(group["date"] == end) & group["end_date"].isna(), "event_id"])
        truces = group[(group["category"] == "ceasefire") & group["date"].between(start, end)]
        for truce in truces.itertuples():
            later = group[(group["category"] == "violation") & (group["date"] > truce.date)]
            key.add(truce.event_id)
            key.update(later["event_id"].head(1))
    return key


def test_priority_follows_the_written_rule() -> None:
    raw = load_raw()
    marked = set(raw.events.loc[raw.events["priority"] == "key", "event_id"])
    assert marked == rule(raw.events, raw.episodes)


def test_at_most_six_key_events_per_episode_and_the_2020_turning_points() -> None:
    events = load_raw().events
    per_episode = events[events["priority"] == "key"].groupby("episode_id").size()
    assert per_episode.max() <= 6
    key_2020 = events[(events["priority"] == "key") & (events["episode_id"] == "2020")]
    assert {"2020-01-18", "2020-08-21", "2020-08-27", "2020-09-18"} == set(
        key_2020["date"].dt.strftime("%Y-%m-%d")
    )
