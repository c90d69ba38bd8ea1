"""What-if view model: the projection grid per episode and what-if date, and the replay rows.

The grid of one (episode, what-if date) is small (74 values of N x two levels x the price
scenarios), so the page embeds it whole in a dcc.Store and the browser answers the slider and
the price input from it (assets/whatif.js); the server only sends a new grid when the episode or
the what-if date changes. The tables shown under the charts are built here from the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import format as fmt
from dashboard.data import Tables
from dashboard.labels import episode_names
from dashboard.state import level_key

DAYS_STEP = 5
MAX_DAYS = 365
FLAT_MIN, FLAT_MAX = 1.0, 300.0
REPLAY_LEVEL = 0.95
WHATIF_PARAMS = ("from", "days", "flat")  # this page's own query parameters


@dataclass(frozen=True)
class WhatIf:
    """One reading of the page's own parameters (the shared ones are dashboard.state's)."""

    as_of: str  # ISO what-if date
    days: int
    flat: float | None  # None: the price scenario's Brent paths


@dataclass(frozen=True, eq=False)
class WhatIfView:
    """Per episode: its name, what-if dates (ISO, in order) and default; the default model's
    projection rows; the default model's replay rows."""

    episodes: tuple[str, ...]
    names: Mapping[str, str]
    dates: Mapping[str, tuple[str, ...]]
    ends: Mapping[str, str]
    model: str
    projection: pd.DataFrame
    replay: pd.DataFrame

    def default(self, episode: str) -> WhatIf:
        """The what-if date nearest the episode's middle, and N to its real end: the projection
        next to what happened."""
        dates = pd.to_datetime(list(self.dates[episode]))
        end = pd.Timestamp(self.ends[episode])
        middle = dates[0] + (end - dates[0]) / 2
        as_of = dates[abs(dates - middle).argmin()]
        days = min(MAX_DAYS, (end - as_of).days // DAYS_STEP * DAYS_STEP)
        return WhatIf(f"{as_of:%Y-%m-%d}", days, None)


def build(tables: Tables, default_model: str) -> WhatIfView:
    """Index the projection by episode; keep the replay's default-model rows."""
    proj = tables["projection"]
    proj = proj[proj["model"] == default_model]
    names = episode_names(tables)
    order = [e for e in tables["episodes"]["episode_id"] if e in set(proj["episode_id"])]
    dates = {
        ep: tuple(sorted(f"{d:%Y-%m-%d}" for d in g["projected_from"].unique()))
        for ep, g in proj.groupby("episode_id")
    }
    ends = {ep: max(d) for ep, d in dates.items()}
    replay = tables["replay"]
    replay = replay[replay["model"] == default_model]
    return WhatIfView(
        episodes=tuple(order),
        names={e: names.get(e, e) for e in order},
        dates=dates,
        ends=ends,
        model=default_model,
        projection=proj,
        replay=replay,
    )


def parse(view: WhatIfView, episode: str, query: Mapping[str, object]) -> tuple[WhatIf, list[str]]:
    """The page's own parameters, each checked against what the grid holds; a bad one falls
    back to the episode's default with a note (never an error)."""
    default = view.default(episode)
    notes: list[str] = []
    raw = {k: query.get(k) for k in WHATIF_PARAMS}
    for key, value in raw.items():
        if isinstance(value, list):
            notes.append(f"'{key}' was given more than once; using the default.")
            raw[key] = None
    as_of = str(raw["from"]) if raw["from"] is not None else default.as_of
    if as_of not in view.dates[episode]:
        notes.append(f"What-if date '{raw['from']}' is not available; showing the default.")
        as_of = default.as_of
    days = default.days
    if raw["days"] is not None:
        parsed = valid_days(raw["days"])
        if parsed is None:
            notes.append(
                f"Days '{raw['days']}' must be 0 to 365 in steps of 5; showing the default."
            )
        else:
            days = parsed
    flat = None
    if raw["flat"] not in (None, ""):
        flat = valid_flat(raw["flat"])
        if flat is None:
            notes.append(
                f"Flat price '{raw['flat']}' must be {FLAT_MIN:g} to {FLAT_MAX:g} US$/bbl; "
                "using Brent paths."
            )
    return WhatIf(as_of, days, flat), notes


def valid_days(value: object) -> int | None:
    """A slider value the grid holds, else None."""
    try:
        n = int(str(value))
    except ValueError:
        return None
    return n if 0 <= n <= MAX_DAYS and n % DAYS_STEP == 0 else None


def valid_flat(value: object) -> float | None:
    """A flat price in the allowed range, else None (NaN and infinity included)."""
    try:
        p = float(str(value))
    except ValueError:
        return None
    return p if FLAT_MIN <= p <= FLAT_MAX else None


def rows(view: WhatIfView, episode: str, as_of: str) -> pd.DataFrame:
    """The projection rows of one episode and what-if date (empty when there are none)."""
    p = view.projection
    return p[(p["episode_id"] == episode) & (p["projected_from"] == pd.Timestamp(as_of))]


def _series(frame: pd.DataFrame, column: str, scale: float) -> list[float]:
    return [round(float(v) / scale, 4) for v in frame[column]]


def grid(view: WhatIfView, episode: str, as_of: str) -> dict[str, Any]:
    """The JSON the browser answers from: N, end dates, barrels and value by scenario and level.

    Barrels in millions and value in US$ billions (4 decimals), the units the chart draws.
    """
    r = rows(view, episode, as_of)
    if r.empty:
        return {}
    out: dict[str, Any] = {
        "episode": view.names[episode],
        "as_of": as_of,
        "end": view.ends[episode],
        "flat_min": FLAT_MIN,
        "flat_max": FLAT_MAX,
        "usd": {},
    }
    for (scenario, level), g in r.groupby(["price_scenario", "interval_level"], sort=True):
        g = g.sort_values("days_more")
        key = level_key(level)
        if "days" not in out:
            out["days"] = [int(n) for n in g["days_more"]]
            out["ends"] = [f"{d:%Y-%m-%d}" for d in g["end_date"]]
            out["barrels"] = {"point": _series(g, "lost_barrels", 1e6)}
        out["barrels"][key] = {
            "lower": _series(g, "lost_barrels_lower", 1e6),
            "upper": _series(g, "lost_barrels_upper", 1e6),
        }
        usd = out["usd"].setdefault(str(scenario), {"point": _series(g, "loss_usd", 1e9)})
        usd[key] = {
            "lower": _series(g, "loss_usd_lower", 1e9),
            "upper": _series(g, "loss_usd_upper", 1e9),
        }
    return out


def table(
    view: WhatIfView, episode: str, as_of: str, price: str, flat: float | None
) -> pd.DataFrame:
    """The fan chart's numbers as a table: the same rows, at the scenario's paths or flat price."""
    r = rows(view, episode, as_of)
    r = r[r["price_scenario"] == price]
    if r.empty:
        return pd.DataFrame()
    wide = r.pivot(index=["days_more", "end_date"], columns="interval_level")
    out = pd.DataFrame(
        {
            "Days more": [n for n, _ in wide.index],
            "Ends": [fmt.date(d) for _, d in wide.index],
            "Lost barrels": wide[("lost_barrels", 0.95)].round().to_numpy(),
        }
    )
    for level in (0.8, 0.95):
        for side in ("lower", "upper"):
            out[f"Barrels {level:.0%} {side}"] = (
                wide[(f"lost_barrels_{side}", level)].round().to_numpy()
            )
    value = f"Value at US${flat:g}/bbl" if flat is not None else "Value, Brent paths (US$)"
    if flat is None:
        out[value] = wide[("loss_usd", 0.95)].round().to_numpy()
        for level in (0.8, 0.95):
            for side in ("lower", "upper"):
                out[f"Value {level:.0%} {side}"] = (
                    wide[(f"loss_usd_{side}", level)].round().to_numpy()
                )
    else:
        out[value] = (out["Lost barrels"] * flat).round()
        for level in (0.8, 0.95):
            for side in ("lower", "upper"):
                out[f"Value {level:.0%} {side}"] = (
                    out[f"Barrels {level:.0%} {side}"] * flat
                ).round()
    return out


def replay_rows(view: WhatIfView, episode: str, price: str) -> pd.DataFrame:
    """The replay at each NOC statement of the episode (95% interval), in date order."""
    r = view.replay
    r = r[
        (r["episode_id"] == episode)
        & (r["price_scenario"] == price)
        & (r["interval_level"].round(4) == REPLAY_LEVEL)
    ]
    return r.sort_values(["effective_date", "statement_date"], kind="stable")


def replay_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The replay chart's numbers as a table (the rows the figure draws)."""
    return pd.DataFrame(
        {
            "NOC statement": [fmt.date(d) for d in frame["statement_date"]],
            "Refers to": [fmt.date(d) for d in frame["effective_date"]],
            "EIA data then": frame["eia_vintage"].to_numpy(),
            "NOC's figure (US$)": frame["reported_cum_loss_usd"].round().to_numpy(),
            "Estimate then (US$)": frame["replay_loss_usd"].round().to_numpy(),
            "Then, 95% lower": frame["replay_loss_usd_lower"].round().to_numpy(),
            "Then, 95% upper": frame["replay_loss_usd_upper"].round().to_numpy(),
            "Final estimate (US$)": frame["final_loss_usd"].round().to_numpy(),
        }
    )


def replay_finding(frame: pd.DataFrame) -> str:
    """The replay chart's title: how often the interval made then held the final estimate."""
    held = (frame["replay_loss_usd_lower"] <= frame["final_loss_usd"]) & (
        frame["final_loss_usd"] <= frame["replay_loss_usd_upper"]
    )
    n, k = len(frame), int(held.sum())
    first = frame.loc[held, "effective_date"].min() if k else None
    if k == 0:
        return f"At none of NOC's {n} statements did the estimate made then hold the final one"
    return (
        f"The estimate made then held the final one at {k} of NOC's {n} statements, "
        f"first on {fmt.date(first)}"
    )
