"""A copy of data/raw with a synthetic ongoing episode added, as README "Starting a new episode"
tells a user to: rows in episodes.csv (empty end), events.csv, production_reported.csv and
sources.csv. Every added row is a TEST FIXTURE (so named in its text) and lives only in a
temporary folder, never in data/."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

from analysis.contract import BACKTEST_TABLES
from tests.analysis.rawcopy import RAW, copy_raw

ROOT = RAW.parents[1]

EPISODE = "test_fixture_live"
SOURCE = "test_fixture_source"
START = "2026-06-01"
AS_OF = "2026-07-15"
# NOC-style production statements (b/d): each holds until the next
STATEMENTS = (("2026-06-01", 400000), ("2026-06-20", 300000), ("2026-07-10", 250000))


def append_rows(path: Path, rows: list[dict[str, str]]) -> int:
    """Append rows (by header name) to a CSV; return the file line of the first one."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        lines = 1 + sum(1 for _ in reader)
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])
    return lines + 1


def add_source(raw: Path, source_id: str) -> None:
    append_rows(
        raw / "sources.csv",
        [
            {
                "source_id": source_id,
                "publisher": "TEST FIXTURE",
                "title": "TEST FIXTURE: synthetic statements for the live-path tests",
                "url": "https://example.org/test-fixture",
                "published": "2026-06-01",
                "accessed": "2026-06-01",
                "licence": "TEST FIXTURE, not data",
            }
        ],
    )


def add_ongoing_episode(
    raw: Path,
    statements: tuple[tuple[str, int], ...] = STATEMENTS,
    start: str = START,
    baseline: tuple[str, str] = ("2025-01", "2026-02"),
) -> int:
    """Add the fixture episode with its event, statements and source; its episodes.csv line."""
    add_source(raw, SOURCE)
    line = append_rows(
        raw / "episodes.csv",
        [
            {
                "episode_id": EPISODE,
                "name": "TEST FIXTURE ongoing blockade",
                "start": start,
                "end": "",
                "baseline_start": baseline[0],
                "baseline_end": baseline[1],
                "description": "TEST FIXTURE: a synthetic ongoing episode, not a real event",
                "source_id": SOURCE,
            }
        ],
    )
    append_rows(
        raw / "events.csv",
        [
            {
                "event_id": "TEST1",
                "date": start,
                "category": "blockade",
                "title": "TEST FIXTURE blockade starts",
                "description": "TEST FIXTURE: synthetic event",
                "episode_id": EPISODE,
                "priority": "minor",
                "source_id": SOURCE,
            }
        ],
    )
    append_rows(
        raw / "production_reported.csv",
        [
            {"date": d, "production_bpd": str(v), "source_id": SOURCE, "note": "TEST FIXTURE"}
            for d, v in statements
        ],
    )
    return line


def live_copy(tmp_path: Path) -> tuple[Path, int]:
    """A copy of data/raw (and the vintages snapshot beside it) with the fixture episode."""
    raw = copy_raw(tmp_path)
    shutil.copytree(RAW.parent / "snapshots", tmp_path / "snapshots")
    return raw, add_ongoing_episode(raw)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m analysis ARGS` from the repository root, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def live_outputs(tmp_path: Path) -> Path:
    """The walkthrough: validate, then run with --as-of on the copy with the fixture episode;
    the output folder, with the backtest's tables beside it as `run` keeps them in
    data/processed (they come from `python -m analysis backtest`)."""
    raw, _ = live_copy(tmp_path)
    checked = cli("validate", "--data", str(raw))
    assert checked.returncode == 0, checked.stderr
    out = tmp_path / "out"
    done = cli("--data", str(raw), "--out", str(out), "--simulations", "200", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    for name in (*BACKTEST_TABLES, "backtest_manifest"):
        suffix = ".json" if name.endswith("manifest") else ".csv"
        shutil.copy(RAW.parent / "processed" / f"{name}{suffix}", out)
    return out
