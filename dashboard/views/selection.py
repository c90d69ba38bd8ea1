"""What a reader can select: the options and defaults, the episodes, each selection's summary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from dashboard.data import DataError, Tables
from dashboard.labels import EVENT_LABELS, MODEL_LABELS, episode_names, price_labels
from dashboard.state import Key, Options, level_key

# the columns of a selection, in the order of Key
SELECTION = ["episode_id", "model", "price_scenario", "interval_level"]


def _text(column: str, value: Any) -> str:
    return level_key(value) if column == "interval_level" else str(value)


def by_selection(frame: pd.DataFrame, columns: list[str]) -> dict[tuple[str, ...], pd.DataFrame]:
    """The frame's rows grouped by `columns`, keyed by their text (levels canonical)."""
    return {
        tuple(_text(c, v) for c, v in zip(columns, k, strict=True)): g
        for k, g in frame.groupby(columns, sort=False)
    }


def in_order(frame: pd.DataFrame, column: str, order: Iterable[str]) -> pd.DataFrame:
    """Rows sorted by the position of `column`'s code in `order` (others last, ties stable)."""
    rank = {code: i for i, code in enumerate(order)}
    return frame.sort_values(column, key=lambda s: s.map(rank).fillna(len(rank)), kind="stable")


def episodes(tables: Tables) -> pd.DataFrame:
    """One row per estimated episode (id, name, start, end) in date order.

    Id, name and start come from episodes.csv; `end` is the end the analysis computed
    (episode_summary), which an ongoing episode does not have in episodes.csv.
    """
    ends = tables["episode_summary"].drop_duplicates("episode_id")[["episode_id", "end"]]
    eps = tables["episodes"][["episode_id", "name", "start"]].merge(ends, on="episode_id")
    return eps.sort_values("start").reset_index(drop=True)


def summary_rows(tables: Tables) -> dict[Key, dict]:
    """Each selection's episode_summary row (the KPIs and the episodes table)."""
    rows = tables["episode_summary"].to_dict("records")
    return {Key(*(_text(c, r[c]) for c in SELECTION)): r for r in rows}


def _default(value: Any, allowed: tuple[str, ...], what: str) -> str:
    """A manifest default, which must be one of the choices the tables offer."""
    text = level_key(value) if what == "interval_level" else str(value)
    if text not in allowed:
        raise DataError(f"manifest default {what} {value!r} is not among {allowed}")
    return text


def build_options(tables: Tables) -> Options:
    """Choices and defaults as the data and the manifest define them."""
    daily = tables["daily_impact"]
    eps = episodes(tables)
    monthly = tables["monthly_series"]
    lo = min(monthly["month"].min(), daily["date"].min()).date()
    hi = max(monthly["month"].max() + pd.offsets.MonthEnd(0), daily["date"].max()).date()
    last = daily.groupby("episode_id")["date"].max()
    windows = {
        ep.episode_id: (
            max(lo, (ep.start - pd.Timedelta(days=183)).date()),
            min(hi, (last[ep.episode_id] + pd.Timedelta(days=122)).date()),  # shows the recovery
        )
        for ep in eps.itertuples()
    }
    summary = tables["episode_summary"]
    order = {m: i for i, m in enumerate(MODEL_LABELS)}
    models = tuple(
        sorted(summary["model"].drop_duplicates(), key=lambda m: (order.get(m, len(order)), m))
    )
    prices = tuple(summary["price_scenario"].drop_duplicates())
    levels = tuple(level_key(v) for v in sorted(summary["interval_level"].unique()))
    present = set(tables["events"]["category"])
    defaults = tables.manifest["defaults"]
    return Options(
        episodes=tuple(eps["episode_id"]),
        episode_names=episode_names(tables),
        price_labels=price_labels(tables),
        models=models,
        prices=prices,
        levels=levels,
        categories=tuple(c for c in EVENT_LABELS if c in present),
        windows=windows,
        bounds=(lo, hi),
        default_episode=_default(defaults["episode_id"], tuple(windows), "episode_id"),
        default_model=_default(defaults["model"], models, "model"),
        default_price=_default(defaults["price_scenario"], prices, "price_scenario"),
        default_level=_default(defaults["interval_level"], levels, "interval_level"),
    )
