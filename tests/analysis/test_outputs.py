import json

import pandas as pd
import pytest

from analysis.contract import BACKTEST_TABLES
from analysis.outputs import COLUMNS, format_table, to_csv_bytes, write_outputs


def minimal_tables() -> dict[str, pd.DataFrame]:
    """Every table `run` writes (the backtest command writes the others), with no rows."""
    return {
        name: pd.DataFrame(columns=cols)
        for name, cols in COLUMNS.items()
        if name not in BACKTEST_TABLES
    }


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_format_fixes_columns_order_decimals_and_dates():
    frame = pd.DataFrame(
        {
            "extra": [1, 2],
            "price_scenario": ["b", "a"],
            "date": pd.to_datetime(["2020-01-02", "2020-01-01"]),
            "price_usd_bbl": [63.456789, 61.0],
        }
    )
    text = to_csv_bytes(format_table("prices", frame)).decode()
    assert text == "date,price_scenario,price_usd_bbl\n2020-01-01,a,61.0\n2020-01-02,b,63.46\n"
    with pytest.raises(ValueError, match="missing columns"):
        format_table("prices", frame.drop(columns="date"))


def test_integers_and_booleans():
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-02-01"]),
            "production_bpd": [1234.56],
            "prob_disrupted": [0.123456],
            "flagged": [False],
            "episode_id": [None],
        }
    )
    text = to_csv_bytes(format_table("regimes", frame)).decode()
    assert text.splitlines()[1] == "2020-02,1235,0.1235,false,"


def test_formula_text_is_neutralised_and_numbers_are_not():
    frame = pd.DataFrame(
        {
            "date": ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04"],
            "price_scenario": ['=HYPERLINK("http://evil.example","x")', "@SUM(1)", "\tb", "'=a"],
            "price_usd_bbl": [-1.5, 2.0, -3.0, 4.0],
        }
    )
    lines = to_csv_bytes(format_table("prices", frame)).decode().splitlines()
    assert sorted(lines[1:]) == [
        '2020-01-01,"\'=HYPERLINK(""http://evil.example"",""x"")",-1.5',
        "2020-01-02,'@SUM(1),2.0",
        "2020-01-03,'\tb,-3.0",
        "2020-01-04,'=a,4.0",  # already neutralised: left as it is
    ]


def test_write_is_atomic_on_failure(tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "old.csv").write_text("keep me\n")
    before = snapshot(out)
    tables = minimal_tables()
    tables["prices"] = pd.DataFrame({"date": []})  # missing columns: fails mid-write
    with pytest.raises(ValueError):
        write_outputs(tables, {}, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_write_replaces_folder_and_records_outputs(tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "stale.csv").write_text("x\n")
    manifest = write_outputs(minimal_tables(), {"seed": 1}, out)
    names = {p.name for p in out.iterdir()}
    assert names == {f"{n}.csv" for n in minimal_tables()} | {"manifest.json"}
    on_disk = json.loads((out / "manifest.json").read_text())
    assert on_disk == manifest and on_disk["seed"] == 1
    assert len(on_disk["outputs"]) == len(minimal_tables())


def test_write_keeps_the_backtest_commands_files(tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "backtest_summary.csv").write_text("kept\n")
    (out / "backtest_manifest.json").write_text("{}\n")
    write_outputs(minimal_tables(), {"seed": 1}, out)
    assert (out / "backtest_summary.csv").read_text() == "kept\n"
    assert (out / "backtest_manifest.json").read_text() == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]
