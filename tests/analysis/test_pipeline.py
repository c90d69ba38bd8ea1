"""Golden checks of the whole pipeline on the bundled data (small --simulations for speed)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from analysis.contract import BACKTEST_TABLES, PROCESSED_TABLES, RAW_COPIES
from analysis.errors import DataValidationError, Problem
from analysis.load import load_raw
from analysis.outputs import write_outputs
from analysis.pipeline import Forked, ProjectionProcessError, RunParams, run
from tests.analysis.rawcopy import copy_raw, find_line, set_cell

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
SIMS = 200
MODELS = {"mean", "ols_trend", "local_level", "ar1_level"}
LEVELS = {0.8, 0.9, 0.95}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, dict, object]:
    out = tmp_path_factory.mktemp("run") / "processed"
    result = run(load_raw(RAW), RunParams(simulations=SIMS, data_dir=RAW))
    manifest = write_outputs(result.tables, result.manifest, out)
    return out, manifest, result


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", dtype={"episode_id": str})


def test_files_and_columns_follow_the_contract(outputs):
    out, manifest, _ = outputs
    written = {n: t for n, t in PROCESSED_TABLES.items() if n not in BACKTEST_TABLES}
    for name, table in written.items():
        header = (out / f"{name}.csv").read_text().splitlines()[0].split(",")
        assert header == list(table.columns), name
    expected = {f"{n}.csv" for n in written} | {"manifest.json"}
    assert {p.name for p in out.iterdir()} == expected
    for name in RAW_COPIES:
        raw_header = (RAW / f"{name}.csv").read_text().splitlines()[0].split(",")
        assert (out / f"{name}.csv").read_text().splitlines()[0].split(",") == raw_header, name
    assert manifest["methods"] == "docs/methodology.md"
    for path in out.glob("*.csv"):
        assert b"00:00:00" not in path.read_bytes(), path.name
    summary = read(out, "episode_summary")
    assert summary["recovery_month"].dropna().str.fullmatch(r"\d{4}-\d{2}").all()
    assert read(out, "placebo")["placebo_start"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_every_combination_is_present(outputs):
    out, _, _ = outputs
    episodes = set(pd.read_csv(RAW / "episodes.csv", dtype=str)["episode_id"])
    scenarios = set(pd.read_csv(RAW / "price_scenarios.csv")["price_scenario"])
    full = {(e, m, p, lv) for e in episodes for m in MODELS for p in scenarios for lv in LEVELS}
    for name in ("daily_impact", "episode_summary", "model_comparison", "reported_vs_estimated"):
        t = read(out, name)
        keys = t[["episode_id", "model", "price_scenario", "interval_level"]]
        have = set(keys.itertuples(index=False, name=None))
        reported = set(pd.read_csv(RAW / "reported_losses.csv", dtype=str)["episode_id"])
        want = full if name != "reported_vs_estimated" else {k for k in full if k[0] in reported}
        assert have == want, name


def test_daily_rows_cover_each_episode_once_per_combination(outputs):
    out, _, _ = outputs
    daily = read(out, "daily_impact")
    summary = read(out, "episode_summary")
    counts = daily.groupby(["episode_id", "model", "price_scenario", "interval_level"]).size()
    days = summary.set_index(["episode_id", "model", "price_scenario", "interval_level"])["days"]
    assert (counts == days.loc[counts.index]).all()
    last = daily.groupby(["episode_id", "model", "price_scenario", "interval_level"]).last()
    assert (
        last["cum_lost_barrels"]
        == days.index.map(
            summary.set_index(["episode_id", "model", "price_scenario", "interval_level"])[
                "lost_barrels"
            ]
        )
    ).all()
    assert (daily["cum_lost_barrels_lower"] <= daily["cum_lost_barrels_upper"]).all()


def test_2020_default_estimate_is_plausible_and_intervals_bracket_it(outputs):
    out, manifest, result = outputs
    d = manifest["defaults"]
    assert d == {
        "episode_id": "2020",
        "model": "ar1_level",
        "price_scenario": "brent",
        "interval_level": 0.95,
    }
    s = read(out, "episode_summary")
    row = s[
        (s.episode_id == "2020")
        & (s.model == "ar1_level")
        & (s.price_scenario == "brent")
        & (s.interval_level == 0.95)
    ].iloc[0]
    # 245 days at roughly 0.8-1.2 million b/d lost
    assert 150e6 < row.lost_barrels < 300e6
    assert row.lost_barrels_lower < row.lost_barrels < row.lost_barrels_upper
    assert row.loss_usd_lower < row.loss_usd < row.loss_usd_upper
    assert "2020" in result.summary and "million barrels" in result.summary


def test_manifest_records_inputs_outputs_and_convergence(outputs):
    out, manifest, _ = outputs
    for item in manifest["inputs"]:
        data = (RAW / item["file"]).read_bytes()
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
    assert {i["file"] for i in manifest["inputs"]} == {p.name for p in RAW.glob("*.csv")}
    for item in manifest["outputs"]:
        data = (out / item["file"]).read_bytes()
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
        assert item["rows"] == len(pd.read_csv(out / item["file"], dtype=str))
    assert manifest["seed"] == 20200118 and manifest["simulations"] == SIMS
    assert manifest["interval_levels"] == [0.8, 0.9, 0.95]
    for conv in manifest["convergence"].values():
        assert set(conv) == MODELS
    summary = read(out, "episode_summary")
    for row in summary.itertuples():
        assert row.converged == manifest["convergence"][row.episode_id][row.model]
    rs = manifest["regime_summary"]
    assert 0 <= rs["share_episode_months_flagged"] <= 1
    assert 0 <= rs["share_flagged_months_in_episode"] <= 1
    assert json.loads((out / "manifest.json").read_text()) == manifest


def test_seed_report_unit_slip_is_off_by_1000(outputs):
    out, _, _ = outputs
    claims = read(out, "claims_check").set_index("metric")
    row = claims.loc["noc_cumulative_loss_usd"]
    assert row["verdict"] == "off_by_factor" and row["factor"] == 1000
    assert set(claims["verdict"]) <= {"confirmed", "off_by_factor", "contradicted", "not_checkable"}


def test_cli_run_with_two_jobs_is_byte_identical_to_the_api_run(outputs, tmp_path):
    """The CLI with --jobs 2 (the projection in a second process) against the API's single
    process: the same bytes."""
    out, _, _ = outputs
    cli_out = tmp_path / "processed"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            "--out",
            str(cli_out),
            "--simulations",
            str(SIMS),
            "--jobs",
            "2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "million barrels" in result.stdout
    for path in sorted(out.glob("*.csv")):
        assert (cli_out / path.name).read_bytes() == path.read_bytes(), path.name


def test_an_error_in_the_projection_process_is_raised_in_the_run(monkeypatch):
    """With jobs=2 the projection's error reaches the caller (the CLI reports it and writes
    nothing), not a hang or a silent gap; the forked process inherits the patched what_if."""

    def fail(*args, **kwargs):
        raise ValueError("what-if failed on purpose")

    monkeypatch.setattr("analysis.projection.what_if", fail)
    with pytest.raises(ValueError, match="what-if failed on purpose"):
        run(load_raw(RAW), RunParams(simulations=SIMS, data_dir=RAW), jobs=2)


def test_broken_input_leaves_existing_output_untouched(outputs, tmp_path):
    out, _, _ = outputs
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    raw = copy_raw(tmp_path)
    line = find_line(raw / "brent_daily.csv", date="2020-03-02")
    set_cell(raw / "brent_daily.csv", line, "brent_usd_bbl", "-5")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "run", "--data", str(raw), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["processed"]


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _invalid() -> None:
    raise DataValidationError([Problem("episodes.csv", 3, "end", "before the start")], {"x": 2})


def _unsendable() -> object:
    return lambda: None  # a lambda does not pickle


def test_forked_call_returns_its_value_and_raises_its_errors():
    assert Forked(partial(sum, [1, 2, 3])).result() == 6
    with pytest.raises(DataValidationError) as caught:
        Forked(_invalid).result()
    # rebuilt whole on this side: file, line and column, and the count of problems not kept
    assert caught.value.problems == [Problem("episodes.csv", 3, "end", "before the start")]
    assert caught.value.count == 3


def test_a_forked_call_that_dies_or_answers_unreadably_is_an_error_not_a_hang():
    """A killed process (out of memory, a crash) used to leave the run waiting for ever: a
    pool replaced the worker and lost its task."""
    with pytest.raises(ProjectionProcessError, match="ended without an answer"):
        Forked(_killed).result()
    with pytest.raises(ProjectionProcessError, match="unsendable answer"):
        Forked(_unsendable).result()


def test_ending_a_forked_call_stops_its_process():
    """The run ends the projection's process when it fails or is interrupted meanwhile."""
    call = Forked(partial(time.sleep, 120))
    call.end()
    assert not call._process.is_alive() and call._process.exitcode is not None
