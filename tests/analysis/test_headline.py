"""The printed one-paragraph summary."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.headline import headline


def row(**changes: object) -> pd.DataFrame:
    base = {
        "episode_id": "2020",
        "name": "2020 blockade",
        "model": "local_level",
        "price_scenario": "brent",
        "interval_level": 0.95,
        "start": pd.Timestamp("2020-01-18"),
        "end": pd.Timestamp("2020-09-18"),
        "days": 245,
        "lost_barrels": 250e6,
        "lost_barrels_lower": 200e6,
        "lost_barrels_upper": 300e6,
        "loss_usd": 10e9,
        "loss_usd_lower": 8e9,
        "loss_usd_upper": 12e9,
        "reported_loss_usd": np.nan,
        "reported_as_of": pd.NaT,
        "estimate_to_reported": np.nan,
        "converged": True,
    }
    return pd.DataFrame([{**base, **changes}])


def test_headline_states_the_default_selection_and_its_interval() -> None:
    text = headline(row(), 0.95)
    assert text.startswith("2020 blockade (2020-01-18 to 2020-09-18, 245 days; local_level")
    assert "250.0 million barrels lost (200.0 to 300.0), $10.00 bn (8.00 to 12.00)" in text
    assert "NOC" not in text and "WARNING" not in text


def test_headline_adds_noc_figure_and_warns_on_no_convergence() -> None:
    text = headline(
        row(
            reported_loss_usd=9e9,
            reported_as_of=pd.Timestamp("2020-09-01"),
            estimate_to_reported=1.11,
            converged=False,
        ),
        0.95,
    )
    assert "NOC's latest figure $9.00 bn as of 2020-09-01, estimate/reported 1.11" in text
    assert text.endswith("WARNING: the model did not converge")


def test_headline_without_the_default_episode() -> None:
    assert headline(row(episode_id="2018"), 0.95) == "no episode 2020 in the data"
