"""Data & sources' view model: rows of events and sources, downloads, the manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from dashboard import format as fmt
from dashboard.columns import TABLE_DESCRIPTIONS
from dashboard.data import Tables
from dashboard.labels import EVENT_LABELS, episode_names, label, publishers

RUN_KEYS = ("seed", "simulations", "interval_levels", "defaults", "parameters")


@dataclass(frozen=True, eq=False)
class DataView:
    """Rows ready for the tables of the page; a source is a (text, url) pair."""

    events: list[dict]
    sources: list[dict]
    downloads: list[tuple[str, int, str]]  # table, rows, description
    inputs: list[dict]
    run: list[tuple[str, str]]
    libraries: list[tuple[str, str]]
    manifest: dict


def _day(d: pd.Timestamp) -> str:
    return "" if pd.isna(d) else fmt.date(d)


def events_rows(tables: Tables) -> list[dict]:
    """Events in date order with their category and episode spelled out, and their source."""
    names = publishers(tables)
    episodes = episode_names(tables)
    # every source has a url, and every source_id resolves (schemas)
    urls = dict(zip(tables["sources"]["source_id"], tables["sources"]["url"], strict=True))
    return [
        {
            "date": _day(e.date),
            "end_date": _day(e.end_date),
            "category": label(EVENT_LABELS, e.category),
            "title": e.title,
            "description": e.description,
            "episode": episodes.get(e.episode_id, "") if isinstance(e.episode_id, str) else "",
            "source": (names[e.source_id], urls[e.source_id]),
        }
        for e in tables["events"].sort_values(["date", "event_id"]).itertuples()
    ]


def sources_rows(tables: Tables) -> list[dict]:
    """Every cited source, its title linked."""
    return [
        {
            "source_id": s.source_id,
            "publisher": s.publisher,
            "title": (s.title, s.url),
            "published": _day(s.published),
            "accessed": _day(s.accessed),
            "licence": s.licence,
        }
        for s in tables["sources"].itertuples()
    ]


def build(tables: Tables) -> DataView:
    """Everything the page lists, from the tables and the manifest as the analysis writes it."""
    manifest = tables.manifest
    return DataView(
        events=events_rows(tables),
        sources=sources_rows(tables),
        downloads=[(name, len(tables[name]), text) for name, text in TABLE_DESCRIPTIONS.items()],
        inputs=manifest["inputs"],
        run=[(k, json.dumps(manifest[k])) for k in RUN_KEYS],
        libraries=sorted(manifest["libraries"].items()),
        manifest=manifest,
    )
