"""The one paragraph `python -m analysis` prints: the default episode under the default choices."""

from __future__ import annotations

import pandas as pd

from analysis.params import DEFAULT_EPISODE, DEFAULT_MODEL, DEFAULT_SCENARIO


def headline(summary: pd.DataFrame, level: float) -> str:
    """One paragraph on the default episode under the default model, price and `level`."""
    s = summary[
        (summary["episode_id"] == DEFAULT_EPISODE)
        & (summary["model"] == DEFAULT_MODEL)
        & (summary["price_scenario"] == DEFAULT_SCENARIO)
        & (summary["interval_level"] == level)
    ]
    if s.empty:
        return f"no episode {DEFAULT_EPISODE} in the data"
    r = s.iloc[0]
    text = (
        f"{r['name']} ({r['start']:%Y-%m-%d} to {r['end']:%Y-%m-%d}, {r['days']} days; "
        f"{DEFAULT_MODEL}, {DEFAULT_SCENARIO}, {level:.0%} interval): "
        f"{r['lost_barrels'] / 1e6:.1f} million barrels lost "
        f"({r['lost_barrels_lower'] / 1e6:.1f} to {r['lost_barrels_upper'] / 1e6:.1f}), "
        f"${r['loss_usd'] / 1e9:.2f} bn ({r['loss_usd_lower'] / 1e9:.2f} to "
        f"{r['loss_usd_upper'] / 1e9:.2f})"
    )
    if pd.notna(r["reported_loss_usd"]):
        text += (
            f"; NOC's latest figure ${r['reported_loss_usd'] / 1e9:.2f} bn as of "
            f"{r['reported_as_of']:%Y-%m-%d}, estimate/reported {r['estimate_to_reported']:.2f}"
        )
    if not r["converged"]:
        text += "; WARNING: the model did not converge"
    return text
