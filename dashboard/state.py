"""The view lives in the URL query string: parse it leniently, serialise it with defaults included.

A bad or unknown parameter never raises: it falls back to the default and yields a note that the
page shows, so a mistyped shared link still opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from urllib.parse import urlencode

PARAMS = ("episode", "model", "price", "level", "start", "end", "events")


class Key(NamedTuple):
    """One selection: the rows of a processed table that a view draws."""

    episode: str
    model: str
    price: str
    level: str  # canonical text, see level_key


@dataclass(frozen=True)
class Options:
    """What the data allows, and the defaults from the manifest."""

    episodes: tuple[str, ...]
    episode_names: Mapping[str, str]
    price_labels: Mapping[str, str]
    models: tuple[str, ...]
    prices: tuple[str, ...]
    levels: tuple[str, ...]
    categories: tuple[str, ...]
    windows: Mapping[str, tuple[date, date]]
    bounds: tuple[date, date]
    default_episode: str
    default_model: str
    default_price: str
    default_level: str


@dataclass(frozen=True)
class ViewState:
    """One complete view: selection, date range and the event categories shown."""

    episode: str
    model: str
    price: str
    level: str
    start: date
    end: date
    events: tuple[str, ...]

    @property
    def key(self) -> Key:
        """The selection this view draws."""
        return Key(self.episode, self.model, self.price, self.level)


def level_key(level: float) -> str:
    """Canonical text of an interval level (0.95 -> "0.95"), used in URLs and lookups."""
    return f"{float(level):g}"


def default_state(opts: Options, episode: str | None = None) -> ViewState:
    """The default view, optionally for another episode (its own date window)."""
    ep = episode or opts.default_episode
    start, end = opts.windows[ep]
    return ViewState(
        episode=ep,
        model=opts.default_model,
        price=opts.default_price,
        level=opts.default_level,
        start=start,
        end=end,
        events=opts.categories,
    )


def _choice(raw: str, allowed: tuple[str, ...]) -> str | None:
    return raw if raw in allowed else None


def _level(raw: str, allowed: tuple[str, ...]) -> str | None:
    try:
        key = level_key(float(raw))
    except ValueError:
        return None
    return key if key in allowed else None


def _date(raw: str, bounds: tuple[date, date]) -> date | None:
    try:
        d = date.fromisoformat(raw)
    except ValueError:
        return None
    return d if bounds[0] <= d <= bounds[1] else None


def parse(query: Mapping[str, object], opts: Options) -> tuple[ViewState, list[str]]:
    """Read a view from query parameters; return it and one note per value that was ignored."""
    notes: list[str] = []
    for key in sorted(set(query) - set(PARAMS)):
        notes.append(f"Unknown parameter '{key}' ignored.")
    raw = {}
    for key in PARAMS:
        value = query.get(key)
        if isinstance(value, list):
            notes.append(f"'{key}' was given more than once; using the default.")
        elif value is not None:
            raw[key] = str(value)

    def pick(key: str, parsed: object, default: object, what: str) -> object:
        if key in raw and parsed is None:
            notes.append(f"{what} '{raw[key]}' is not available; showing the default.")
            return default
        return default if parsed is None else parsed

    ep = pick("episode", _choice(raw.get("episode", ""), opts.episodes), None, "Episode")
    state = default_state(opts, ep)
    model = pick("model", _choice(raw.get("model", ""), opts.models), state.model, "Model")
    price = pick("price", _choice(raw.get("price", ""), opts.prices), state.price, "Price scenario")
    level = pick("level", _level(raw.get("level", ""), opts.levels), state.level, "Interval level")
    start = pick("start", _date(raw.get("start", ""), opts.bounds), state.start, "Start date")
    end = pick("end", _date(raw.get("end", ""), opts.bounds), state.end, "End date")
    if start >= end:
        notes.append("The date range was empty or reversed; showing the episode's window.")
        start, end = state.start, state.end
    events = state.events
    if "events" in raw:
        asked = [c for c in raw["events"].split(",") if c]
        unknown = [c for c in asked if c not in opts.categories]
        if unknown:
            notes.append(f"Unknown event categories ignored: {', '.join(unknown)}.")
        events = tuple(c for c in opts.categories if c in asked)
    state = ViewState(str(ep or state.episode), model, price, level, start, end, events)
    return state, notes


def valid_control(field: str, value: object, opts: Options) -> bool:
    """Whether a control may send `value` for a view parameter (None: a cleared control).

    The server checks every callback input against this before a callback runs, so callbacks
    only ever see a value the page's own controls could have sent; anything else is a 400.
    """
    if value is None:
        return True
    if field == "events":
        return isinstance(value, list) and all(
            isinstance(c, str) and c in opts.categories for c in value
        )
    if field == "level":
        ok_type = isinstance(value, (str, int, float)) and not isinstance(value, bool)
        return ok_type and _level(str(value), opts.levels) is not None
    if not isinstance(value, str):
        return False
    if field in ("start", "end"):
        return _date(value, (date.min, date.max)) is not None  # out of range: parse notes it
    allowed = {"episode": opts.episodes, "model": opts.models, "price": opts.prices}
    return value in allowed.get(field, ())


def serialise(state: ViewState) -> str:
    """The query string of a view, every parameter included, in a fixed order."""
    return "?" + urlencode(
        {
            "episode": state.episode,
            "model": state.model,
            "price": state.price,
            "level": state.level,
            "start": state.start.isoformat(),
            "end": state.end.isoformat(),
            "events": ",".join(state.events),
        },
        safe=",",
    )
