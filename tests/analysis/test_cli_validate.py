"""``python -m analysis validate`` as a user runs it: exit codes and messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.analysis.rawcopy import copy_raw, find_line, set_cell

ROOT = Path(__file__).resolve().parents[2]


def run_validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "validate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_bundled_data_passes() -> None:
    result = run_validate()
    assert result.returncode == 0, result.stderr
    assert "all checks passed" in result.stdout


def test_broken_copy_fails_with_file_line_column(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    line = find_line(raw / "reported_losses.csv", statement_date="2020-08-12", blockade_days="208")
    set_cell(raw / "reported_losses.csv", line, "cumulative_loss_usd", "8220000")
    set_cell(raw / "brent_daily.csv", 5, "brent_usd_bbl", "n/a")
    result = run_validate("--data", str(raw))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"reported_losses.csv, line {line}, column 'cumulative_loss_usd'" in result.stderr
    assert "brent_daily.csv, line 5, column 'brent_usd_bbl'" in result.stderr


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run_validate("--data", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nowhere" in result.stderr
