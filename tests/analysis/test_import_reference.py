"""The import rebuilds the EIA-derived raw tables byte for byte from the committed snapshots."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.import_reference import main
from tests.analysis.rawcopy import RAW, copy_raw, find_line, set_cell

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "data" / "snapshots"
REBUILT = ("production_monthly.csv", "brent_daily.csv", "sources.csv")
METAS = sorted(SNAPSHOTS.glob("*.meta.json"))


def test_rebuild_matches_the_committed_tables(tmp_path: Path) -> None:
    raw = copy_raw(tmp_path)
    # Each must be rebuilt from the snapshots, not kept from the copy.
    set_cell(raw / "brent_daily.csv", 2, "brent_usd_bbl", "1.23")
    line = find_line(raw / "production_monthly.csv", series="eia_steo_copr", month="2020-06")
    set_cell(raw / "production_monthly.csv", line, "production_bpd", "1")
    set_cell(raw / "sources.csv", find_line(raw / "sources.csv", source_id="eia_rbrte"), "url", "x")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.import_reference", "--data", str(raw)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in REBUILT:
        assert (raw / name).read_bytes() == (RAW / name).read_bytes(), name


def test_a_changed_snapshot_is_refused_by_name(tmp_path: Path) -> None:
    snapshots = shutil.copytree(SNAPSHOTS, tmp_path / "snapshots")
    brent = snapshots / "eia_brent_daily.csv"
    original = brent.read_bytes()
    brent.write_bytes(original.replace(b"2010-01-04,79.05", b"2010-01-04,79.06", 1))
    assert brent.read_bytes() != original
    raw = copy_raw(tmp_path)
    with pytest.raises(SystemExit, match=r"eia_brent_daily\.csv: sha256 .* differs"):
        main(["--snapshots", str(snapshots), "--data", str(raw)])
    for name in REBUILT:
        assert (raw / name).read_bytes() == (RAW / name).read_bytes(), name


@pytest.mark.parametrize("meta_path", METAS, ids=[p.name for p in METAS])
def test_metadata_describes_the_committed_file(meta_path: Path) -> None:
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    for key in ("publisher", "title", "source_url", "retrieved", "licence", "extract"):
        assert meta[key], key
    data = (SNAPSHOTS / meta["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == meta["sha256"]
    header, *rows = csv.reader(data.decode("utf-8").splitlines())
    assert header == meta["columns"]
    assert len(rows) == meta["rows"]


def test_every_snapshot_has_metadata() -> None:
    described = {json.loads(p.read_text(encoding="utf-8"))["file"] for p in METAS}
    assert {p.name for p in SNAPSHOTS.glob("*.csv")} == described
    assert len(METAS) == 2
