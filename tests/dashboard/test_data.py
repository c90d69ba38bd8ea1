"""Loading the processed tables and deciding when they are stale."""

import hashlib
import json
import shutil

import pandas as pd
import pytest

from dashboard.columns import COLUMNS_TEXT, TABLES, describe
from dashboard.data import COLUMNS, DataError, is_stale, load_tables


def test_types(tables):
    daily = tables["daily_impact"]
    assert daily["date"].dtype.kind == "M"
    assert daily["counterfactual_bpd"].dtype.kind == "f"
    assert daily["episode_id"].iloc[0] == "2018"
    assert tables["episode_summary"]["converged"].dtype == bool
    assert pd.isna(tables["events"]["end_date"]).sum() == 5


def test_missing_column_fails_loudly(processed, tmp_path):
    bad = tmp_path / "p"
    shutil.copytree(processed, bad)
    frame = pd.read_csv(bad / "placebo.csv").drop(columns=["loss_usd"])
    frame.to_csv(bad / "placebo.csv", index=False)
    with pytest.raises(DataError, match=r"placebo.csv: missing columns \['loss_usd'\]"):
        load_tables(bad)


def test_missing_table_fails_loudly(processed, tmp_path):
    bad = tmp_path / "p"
    shutil.copytree(processed, bad)
    (bad / "regimes.csv").unlink()
    with pytest.raises(DataError, match=r"regimes\.csv is missing"):
        load_tables(bad)


def test_stale_when_raw_changes(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    out.mkdir()
    assert is_stale(raw, out)  # no manifest
    (raw / "events.csv").write_text("a\n1\n")
    digest = hashlib.sha256(b"a\n1\n").hexdigest()
    (out / "manifest.json").write_text(
        json.dumps({"inputs": [{"file": "events.csv", "sha256": digest}]})
    )
    assert not is_stale(raw, out)
    (raw / "events.csv").write_text("a\n2\n")
    assert is_stale(raw, out)
    (raw / "events.csv").unlink()
    assert is_stale(raw, out)


def test_every_column_documented():
    assert set(TABLES) == set(COLUMNS)
    undocumented = [c for cols in COLUMNS.values() for c in cols if not describe(c)]
    assert undocumented == []
    assert describe("counterfactual_upper_bpd").startswith("upper bound")
    assert "price_scenario" in COLUMNS_TEXT
