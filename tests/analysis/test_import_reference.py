"""scripts/import_reference.py rebuilds the EIA-derived raw tables byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.analysis.rawcopy import RAW, copy_raw, set_cell

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"
SCRIPT = ROOT / "scripts" / "import_reference.py"
pytestmark = pytest.mark.skipif(
    not (REFERENCE / "brent-daily.csv").exists(),
    reason="needs ../shared/reference (the frozen EIA files); a user's clone does not have it",
)


def run_import(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--reference", str(REFERENCE), "--data", str(data)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_rebuild_matches_the_committed_tables(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    set_cell(raw / "brent_daily.csv", 2, "brent_usd_bbl", "1.23")  # must be rebuilt, not kept
    result = run_import(raw)
    assert result.returncode == 0, result.stderr
    for name in ("production_monthly.csv", "brent_daily.csv", "sources.csv"):
        assert (raw / name).read_bytes() == (RAW / name).read_bytes(), name
