"""Load the processed tables once per process; rebuild them first when missing or stale.

Callbacks never read files: everything they need is in the `Tables` returned here.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.contract import COLUMN_CONTRACT, PROCESSED_TABLES

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
PROCESSED_DIR = ROOT / "data" / "processed"

# Columns of every processed table: the one contract the analysis writer enforces.
COLUMNS: dict[str, tuple[str, ...]] = {name: t.columns for name, t in PROCESSED_TABLES.items()}
# Tables read when present and served for download like the others, but not yet required: the
# replay (issue 11) is written by the live-mode branch, whose contract declares it.
OPTIONAL_TABLES = ("replay",)


class DataError(RuntimeError):
    """The processed tables do not match the data contract."""


@dataclass(frozen=True)
class Tables:
    """Typed frames for drawing, the exact file bytes for downloads, and the manifest."""

    frames: dict[str, pd.DataFrame]
    text: dict[str, pd.DataFrame]
    raw: dict[str, bytes]
    manifest: dict

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]


def _typed(text: pd.DataFrame) -> pd.DataFrame:
    """Convert a frame read as strings to the contract's dates, numbers, flags and text.

    Partial dates (`published`) parse as the first day they name.
    """
    out = {}
    for col in text.columns:
        s = text[col]
        spec = COLUMN_CONTRACT.get(col)
        kind = spec.kind if spec else "text"
        if kind in ("date", "month", "partial_date"):
            out[col] = pd.to_datetime(s.where(s != ""), format="ISO8601", errors="coerce")
        elif kind == "bool":
            out[col] = s.str.lower().map({"true": True, "false": False, "1": True, "0": False})
        elif kind == "text":
            out[col] = s
        else:
            out[col] = pd.to_numeric(s.where(s != ""), errors="coerce")
    return pd.DataFrame(out, index=text.index)


def load_tables(directory: Path = PROCESSED_DIR) -> Tables:
    """Read every processed table and the manifest; fail loudly on a missing column."""
    frames, texts, raw = {}, {}, {}
    for name, columns in COLUMNS.items():
        path = directory / f"{name}.csv"
        if not path.exists():
            raise DataError(f"{path} is missing; run `python -m analysis`")
        data = path.read_bytes()
        text = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        missing = [c for c in columns if c not in text.columns]
        if missing:
            raise DataError(f"{path.name}: missing columns {missing}")
        raw[name], texts[name], frames[name] = data, text, _typed(text)
    for name in OPTIONAL_TABLES:
        path = directory / f"{name}.csv"
        if name not in COLUMNS and path.exists():
            data = path.read_bytes()
            text = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
            raw[name], texts[name], frames[name] = data, text, _typed(text)
    manifest = json.loads((directory / "manifest.json").read_text())
    return Tables(frames=frames, text=texts, raw=raw, manifest=manifest)


def is_stale(raw_dir: Path = RAW_DIR, processed_dir: Path = PROCESSED_DIR) -> bool:
    """True when the processed tables are missing or any recorded raw input has changed."""
    manifest = processed_dir / "manifest.json"
    if not manifest.exists():
        return True
    inputs = json.loads(manifest.read_text()).get("inputs", [])
    recorded = {item["file"]: item["sha256"] for item in inputs}
    if not recorded:
        return True
    for name, digest in recorded.items():
        path = raw_dir / name
        current = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
        if current != digest:
            return True
    return False


def ensure_processed(raw_dir: Path = RAW_DIR, processed_dir: Path = PROCESSED_DIR) -> None:
    """Run the analysis pipeline in-process when the processed tables are missing or stale.

    Goes through the analysis CLI entry so its defaults (seed, simulations, level) apply.
    """
    if not is_stale(raw_dir, processed_dir):
        return
    log.warning("data/processed is missing or stale; running the analysis pipeline")
    from analysis.cli import main  # imported late: statsmodels is slow to import

    code = main(["run", "--data", str(raw_dir), "--out", str(processed_dir)])
    if code != 0:
        raise DataError(f"the analysis pipeline failed (exit {code}); see the messages above")
