"""The committed data/processed is what `python -m analysis` makes of the committed data/raw."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.outputs import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
RAW, PROCESSED = ROOT / "data" / "raw", ROOT / "data" / "processed"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((PROCESSED / "manifest.json").read_text(encoding="utf-8"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_inputs_match_the_raw_tables(manifest: dict) -> None:
    recorded = {item["file"]: item["sha256"] for item in manifest["inputs"]}
    on_disk = {path.name: sha256(path) for path in RAW.glob("*.csv")}
    assert recorded == on_disk, "data/processed is stale: run `python -m analysis`"
    snapshots = {item["file"]: item["sha256"] for item in manifest["snapshots"]}
    vintages = "snapshots/eia_steo_libya_vintages.csv"
    assert snapshots == {vintages: sha256(RAW.parent / vintages)}, "replay.csv is stale"


def test_outputs_match_the_manifest(manifest: dict) -> None:
    for item in manifest["outputs"]:
        assert sha256(PROCESSED / item["file"]) == item["sha256"], item["file"]
    # the backtest command's files are listed in its own manifest (tests/analysis/test_backtest.py)
    backtest = json.loads((PROCESSED / "backtest_manifest.json").read_text(encoding="utf-8"))
    listed = {item["file"] for item in manifest["outputs"] + backtest["outputs"]}
    assert listed | {"manifest.json", "backtest_manifest.json"} == {
        path.name for path in PROCESSED.iterdir()
    }


@pytest.mark.parametrize("table", sorted(COLUMNS))
def test_columns_follow_the_contract(table: str) -> None:
    header = pd.read_csv(PROCESSED / f"{table}.csv", nrows=0).columns.tolist()
    assert header == COLUMNS[table]


def test_defaults_name_a_present_selection(manifest: dict) -> None:
    d = manifest["defaults"]
    summary = pd.read_csv(PROCESSED / "episode_summary.csv", dtype={"episode_id": str})
    hit = summary[
        (summary["episode_id"] == d["episode_id"])
        & (summary["model"] == d["model"])
        & (summary["price_scenario"] == d["price_scenario"])
        & (summary["interval_level"] == d["interval_level"])
    ]
    assert len(hit) == 1


def test_replay_and_projection_meet_the_monte_carlo_rule(manifest: dict) -> None:
    """The replay's bounds (replay.py) and the projection's (projection.py, per what-if date)
    follow the 1% rule (issue 9)."""
    assert 0 < manifest["replay"]["monte_carlo_worst_se_to_scale"] < 0.01
    assert 0 < manifest["projection"]["monte_carlo_worst_se_to_scale"] < 0.01
