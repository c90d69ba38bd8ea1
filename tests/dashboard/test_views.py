"""View models: analysis facts read from the tables and the manifest, never re-derived."""

from dataclasses import replace

import pandas as pd
import pytest

from dashboard.data import DataError, Tables
from dashboard.pages import overview
from dashboard.state import Key
from dashboard.views.overview import production_series, spelled_out
from dashboard.views.selection import build_options, episodes


def _with(tables: Tables, manifest: dict | None = None, **frames: pd.DataFrame) -> Tables:
    return replace(tables, frames={**tables.frames, **frames}, manifest=manifest or tables.manifest)


def test_production_series_is_the_manifests(tables):
    monthly = tables["monthly_series"]
    other = monthly.assign(series="other", production_bpd=1.0)
    both = pd.concat([monthly, other], ignore_index=True)
    params = {**tables.manifest["parameters"], "series": "other"}
    chosen = production_series(
        _with(tables, {**tables.manifest, "parameters": params}, monthly_series=both)
    )
    assert set(chosen["series"]) == {"other"} and len(chosen) == len(monthly)


def test_ongoing_episode_takes_the_computed_end(tables):
    eps = tables["episodes"].assign(end=pd.NaT)  # every episode still running in episodes.csv
    found = episodes(_with(tables, episodes=eps)).set_index("episode_id")
    assert found.loc["2020", "end"] == pd.Timestamp("2020-09-18")
    assert list(found.index) == ["2018", "2020"]


def test_names_and_price_labels_from_their_tables(ctx):
    assert ctx.opts.episode_names == {"2018": "2018 oil crescent closure", "2020": "2020 blockade"}
    assert ctx.opts.price_labels["brent_less_es_sider_diff"] == (
        "Brent less the Es Sider differential"
    )
    cards, *_ = overview.select(ctx, Key("2020", "mean", "brent_less_es_sider_diff", "0.8"))
    assert "at Brent less the Es Sider differential prices" in str(cards[0].to_plotly_json())


def test_manifest_default_must_be_in_the_tables(tables):
    defaults = {**tables.manifest["defaults"], "model": "arima"}
    with pytest.raises(DataError, match="arima"):
        build_options(_with(tables, {**tables.manifest, "defaults": defaults}))


def test_lede_spells_out_acronyms_once_and_cites_noc(ctx):
    lede = ctx.overview.ledes[Key("2020", "mean", "brent", "0.95")]
    assert lede.count("National Oil Corporation (NOC)") == 1
    assert lede.startswith("Eastern terminals and fields shut. The blockade lasted 245 days")
    assert "National Oil Corporation (NOC) said $8.2 bn as of 13 Aug 2020" in lede


def test_acronyms_written_out_at_first_use_only():
    text = "Forces loyal to Khalifa Haftar shut ports; the LNA and NOC said so; NOC again."
    assert spelled_out(text) == (
        "Forces loyal to Khalifa Haftar, commander of the Libyan National Army (LNA), shut ports;"
        " the LNA and National Oil Corporation (NOC) said so; NOC again."
    )
    assert spelled_out("The LNA shut it.") == (
        "The Libyan National Army (LNA) of Khalifa Haftar shut it."
    )
