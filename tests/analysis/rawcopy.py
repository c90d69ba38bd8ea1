"""Broken copies of the real raw tables, for tests that must see a rule fail on real data."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def copy_raw(dest: Path) -> Path:
    target = dest / "raw"
    shutil.copytree(RAW, target)
    return target


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def find_line(path: Path, **match: str) -> int:
    """File line number (header is line 1) of the first record whose cells equal ``match``."""
    header, rows = read_rows(path)
    for offset, row in enumerate(rows):
        if all(row[header.index(k)] == v for k, v in match.items()):
            return offset + 2
    raise LookupError(f"no row of {path.name} matches {match}")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    header, rows = read_rows(path)
    rows[line - 2][header.index(column)] = value
    write_rows(path, header, rows)
