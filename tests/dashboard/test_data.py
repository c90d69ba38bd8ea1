"""Loading the processed tables and deciding when they are stale."""

import hashlib
import json
import shutil

import pandas as pd
import pytest

from analysis.contract import COLUMN_CONTRACT
from dashboard.columns import TABLE_DESCRIPTIONS, describe, readme
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


def test_every_column_is_typed_as_the_contract_declares(tables):
    for name, columns in COLUMNS.items():
        frame = tables[name]
        for col in columns:
            kind = COLUMN_CONTRACT[col].kind
            dtype = frame[col].dtype
            if kind in ("date", "month", "partial_date"):
                assert dtype.kind == "M", (name, col, dtype)
            elif kind in ("float", "int"):
                assert pd.api.types.is_numeric_dtype(dtype), (name, col, dtype)
            elif kind == "bool":
                assert frame[col].dropna().map(type).eq(bool).all(), (name, col)
            else:
                assert not pd.api.types.is_numeric_dtype(dtype), (name, col, dtype)


def test_bundle_readme_describes_every_column_with_its_unit():
    text = readme([{"source_id": "s", "publisher": "p", "title": "t", "url": "https://x"}])
    for name, columns in COLUMNS.items():
        section = text.split(f"## {name}.csv\n", 1)[1].split("\n## ", 1)[0]
        assert TABLE_DESCRIPTIONS[name] in section
        for col in columns:
            assert f"- `{col}`: {describe(col)}\n" in section, (name, col)
    assert describe("cum_loss_usd_upper") == "upper bound of the interval of cum_loss_usd (US$)"
    assert text.endswith("- s: p, t, https://x\n")
