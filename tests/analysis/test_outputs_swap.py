"""The output folder after a run: its mode kept, and temporary folders of killed runs removed."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.outputs import COLUMNS, clean_stale, write_outputs


def minimal_tables() -> dict[str, pd.DataFrame]:
    return {name: pd.DataFrame(columns=cols) for name, cols in COLUMNS.items()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("before", [0o755, 0o750, 0o775])
def test_existing_folder_keeps_its_mode(tmp_path: Path, before: int) -> None:
    out = tmp_path / "processed"
    out.mkdir()
    out.chmod(before)
    write_outputs(minimal_tables(), {}, out)
    assert mode(out) == before


def test_new_folder_takes_the_umask_default(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_outputs(minimal_tables(), {}, tmp_path / "processed")
    finally:
        os.umask(old)
    assert mode(tmp_path / "processed") == 0o750


def test_stale_folders_of_killed_runs_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    out.mkdir()
    stale = [tmp_path / ".tmp-processed-abcd1234", tmp_path / ".old-processed-x_9y8z7w"]
    kept = [
        tmp_path / ".tmp-processed-fresh123",  # a concurrent run, started after this one
        tmp_path / ".tmp-other-abcd1234",  # another output folder's
        tmp_path / ".tmp-processed-abcd1234-mine",  # not a name this project makes
        tmp_path / "notes",
    ]
    hour_ago = time.time() - 3600
    for path in stale + kept:
        path.mkdir()
        (path / "table.csv").write_text("x\n")
        os.utime(path, (hour_ago, hour_ago))
    os.utime(kept[0], None)
    started = time.time() - 60

    removed = clean_stale(out, started)

    assert sorted(removed) == sorted(stale)
    assert sorted(p for p in tmp_path.iterdir() if p != out) == sorted(kept)
