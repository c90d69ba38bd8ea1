"""Write the processed tables and manifest: fixed columns, fixed formatting, atomic swap.

Byte-identical reruns need a stable row order and fixed decimals (floats differ in the last bit
across code paths, printed digits must not). Atomic: everything is written to a temporary folder
beside `out_dir` and swapped in with renames, so a failure leaves the old folder untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

import pandas as pd

from analysis.contract import BACKTEST_TABLES, COLUMN_CONTRACT, PROCESSED_TABLES

# Columns and row order of every written table, straight from the contract.
COLUMNS: dict[str, list[str]] = {n: list(t.columns) for n, t in PROCESSED_TABLES.items()}
SORT: dict[str, list[str]] = {n: list(t.sort) for n, t in PROCESSED_TABLES.items()}
# Written by `python -m analysis backtest`; `run` carries them over from the folder it replaces.
KEPT_FILES: tuple[str, ...] = (*(f"{n}.csv" for n in BACKTEST_TABLES), "backtest_manifest.json")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as a formula


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading '.

    Only text cells: a number stays a number, and an already neutralised cell starts with '.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def format_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Contract columns in contract order, fixed decimals, ISO dates, stable row order."""
    missing = [c for c in COLUMNS[name] if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing columns {missing}")
    out = frame[COLUMNS[name]].sort_values(SORT[name], kind="stable", ignore_index=True)
    for col in out.columns:
        spec = COLUMN_CONTRACT[col]
        s = out[col]
        if spec.kind in ("date", "month"):
            s = pd.to_datetime(s)  # also when built from Timestamps and None (object dtype)
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m" if spec.kind == "month" else "%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "true", False: "false"}).astype("str")
        elif pd.api.types.is_numeric_dtype(s) and spec.places is not None:
            if spec.places == 0:
                rounded = s.astype("float64").round(0)
                whole = rounded.notna().all()
                out[col] = rounded.astype("int64" if whole else "Int64")
            else:
                out[col] = s.astype("float64").round(spec.places)
        # judged on the distinct values (a few ids repeated over 40,000 rows); columns with
        # nothing to neutralise are left untouched, their dtype included
        elif spec.kind == "text" and any(neutralise(v) is not v for v in s.unique()):
            out[col] = s.map(neutralise)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_outputs(tables: dict[str, pd.DataFrame], manifest: dict, out_dir: Path) -> dict:
    """Write every table and manifest.json to `out_dir` atomically; return the final manifest.

    The manifest gains `outputs` (file, sha256, rows). The backtest command's files already in
    `out_dir` are kept. On any error the temporary folder is removed and an existing `out_dir`
    is left as it was.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    expected = set(COLUMNS) - set(BACKTEST_TABLES)
    if set(tables) != expected:
        raise ValueError(f"tables do not match the contract: {sorted(set(tables) ^ expected)}")
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{out_dir.name}-", dir=out_dir.parent))
    try:
        os.chmod(tmp, _folder_mode(out_dir))
        outputs = []
        for name in sorted(tables):
            data = to_csv_bytes(format_table(name, tables[name]))
            (tmp / f"{name}.csv").write_bytes(data)
            outputs.append(
                {
                    "file": f"{name}.csv",
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "rows": len(tables[name]),
                }
            )
        final = {**manifest, "outputs": outputs}
        text = json.dumps(final, indent=2, default=_json_default) + "\n"
        (tmp / "manifest.json").write_text(text, encoding="utf-8")
        for kept in KEPT_FILES:
            if (out_dir / kept).exists():
                shutil.copy2(out_dir / kept, tmp / kept)
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _folder_mode(out_dir: Path) -> int:
    """The mode the output folder keeps: its current one, or the umask default for a new one.

    ``mkdtemp`` makes 700 folders; without this a run would lock others out of the outputs.
    """
    if out_dir.is_dir():
        return stat.S_IMODE(out_dir.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def clean_stale(out_dir: Path, started: float) -> list[Path]:
    """Remove ``.tmp-``/``.old-`` folders of `out_dir` left by runs killed before `started`.

    Only names this module makes (prefix, the folder's name, mkdtemp's 8-character suffix) and
    only folders last changed before this run started: a concurrent run's folder is newer.
    """
    out_dir = Path(out_dir)
    pattern = re.compile(rf"\.(tmp|old)-{re.escape(out_dir.name)}-[a-z0-9_]{{8}}")
    removed: list[Path] = []
    if not out_dir.parent.is_dir():
        return removed
    for path in out_dir.parent.iterdir():
        if (
            pattern.fullmatch(path.name)
            and path.is_dir()
            and not path.is_symlink()
            and path.stat().st_mtime < started
        ):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _swap(tmp: Path, out_dir: Path) -> None:
    """Replace out_dir by tmp with renames; restore the old folder if the second rename fails."""
    if not out_dir.exists():
        os.rename(tmp, out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".old-{out_dir.name}-", dir=out_dir.parent))
    old.rmdir()
    os.rename(out_dir, old)
    try:
        os.rename(tmp, out_dir)
    except BaseException:
        os.rename(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _json_default(value):
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")
