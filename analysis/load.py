"""Read the raw tables into typed frames, collecting every problem with its file, line and column.

Parsing is done cell by cell from the CSV text (not with ``pd.read_csv`` type inference) so that a
bad cell is reported where a user sees it: the physical line in the file, even when an earlier
quoted field spans several lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pandera.errors

from analysis.errors import DataValidationError, Problem
from analysis.schemas import RAW_SCHEMAS, Col, TableSpec, pandera_schema
from analysis.validate import cross_table_problems

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
PARTIAL_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL_RE = re.compile(r"^https?://\S+$")
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
LINE = "_line"


@dataclass(frozen=True)
class RawTables:
    """Every raw input as a typed frame; each keeps a ``_line`` column (its line in the file)."""

    sources: pd.DataFrame
    episodes: pd.DataFrame
    production_monthly: pd.DataFrame
    production_reported: pd.DataFrame
    exports: pd.DataFrame
    reported_losses: pd.DataFrame
    brent_daily: pd.DataFrame
    revenue: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame
    price_scenarios: pd.DataFrame

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


def default_data_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "raw"


def read_text_rows(path: Path, spec: TableSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Decode and split one CSV into a frame of strings plus the line each record starts on."""
    name = path.name
    if not path.exists():
        return None, [Problem(name, None, None, f"file is missing (expected at {path})")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, None, f"not valid UTF-8 text (byte {exc.start})")]
    if not text.strip():
        return None, [Problem(name, None, None, "file is empty (expected a header row)")]

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    missing = [c for c in spec.column_names if c not in header]
    if missing:
        return None, [
            Problem(name, 1, c, "required column is missing from the header") for c in missing
        ]
    problems = [
        Problem(name, 1, c, "unexpected column (not in the table contract)")
        for c in header
        if c not in spec.column_names
    ]
    records, lines = [], []
    start = reader.line_num + 1
    for record in reader:
        if not any(cell.strip() for cell in record):
            start = reader.line_num + 1
            continue
        if len(record) != len(header):
            problems.append(
                Problem(name, start, None, f"has {len(record)} fields, header has {len(header)}")
            )
        else:
            records.append(record)
            lines.append(start)
        start = reader.line_num + 1
    frame = pd.DataFrame(records, columns=header, dtype=str)[spec.column_names]
    frame[LINE] = lines
    return frame, problems


def _parse_cell(value: str, col: Col) -> tuple[object, str | None]:
    """Typed value of one cell, or an error message for it."""
    if value == "":
        return None, ("is empty but required" if col.required else None)
    kind = col.kind
    if kind in ("date", "month"):
        pattern, fmt, shape = (
            (DATE_RE, "%Y-%m-%d", "date YYYY-MM-DD")
            if kind == "date"
            else (MONTH_RE, "%Y-%m", "month YYYY-MM")
        )
        if not pattern.match(value):
            return None, f"'{value}' is not an ISO {shape}"
        try:
            return dt.datetime.strptime(value, fmt), None
        except ValueError:
            return None, f"'{value}' is not a real calendar {kind}"
    if kind == "partial_date":
        if PARTIAL_RE.match(value):
            return value, None
        return None, f"'{value}' is not YYYY[-MM[-DD]]"
    if kind == "url":
        return (value, None) if URL_RE.match(value) else (None, f"'{value}' is not an http(s) URL")
    if kind in ("float", "int"):
        if not NUMBER_RE.match(value):
            return None, f"'{value}' is not a number"
        number = float(value)
        if kind == "int" and not number.is_integer():
            return None, f"'{value}' is not a whole number"
        return number, None
    return value, None


def _typed_column(frame: pd.DataFrame, col: Col, file: str) -> tuple[pd.Series, list[Problem]]:
    values, problems = [], []
    for raw, line in zip(frame[col.name], frame[LINE], strict=True):
        value, error = _parse_cell(raw.strip(), col)
        if error:
            problems.append(Problem(file, int(line), col.name, error))
        values.append(value)
    series: pd.Series
    if col.kind in ("date", "month"):
        series = pd.to_datetime(pd.Series(values, index=frame.index, dtype=object))
    elif col.kind == "float":
        series = pd.Series(values, index=frame.index, dtype="float64")
    elif col.kind == "int":
        series = pd.Series(values, index=frame.index, dtype="Float64").astype("Int64")
    else:
        series = pd.Series(
            [v if v is not None else pd.NA for v in values], index=frame.index, dtype="str"
        )
    return series, problems


def _pandera_problems(typed: pd.DataFrame, spec: TableSpec) -> list[Problem]:
    try:
        pandera_schema(spec).validate(typed.drop(columns=[LINE]), lazy=True)
    except pandera.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.to_dict("records"):
            index = case.get("index")
            line = int(typed.loc[index, LINE]) if index is not None and index == index else None
            column = case.get("column")
            check = str(case.get("check"))
            if column in (None, spec.file) or "uniqueness" in check or "unique" in check:
                key = ", ".join(spec.key)
                problems.append(Problem(spec.file, line, key, f"duplicate key ({key})"))
            elif check in ("not_nullable",):
                problems.append(Problem(spec.file, line, column, "is empty but required"))
            else:
                value = case.get("failure_case")
                problems.append(Problem(spec.file, line, column, f"value {value} is not {check}"))
        return problems
    return []


def parse_table(path: Path, spec: TableSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Text to typed frame; schema rules checked only on cells that parsed."""
    frame, problems = read_text_rows(path, spec)
    if frame is None:
        return None, problems
    typed = pd.DataFrame({LINE: frame[LINE]}, index=frame.index)
    for col in spec.columns:
        typed[col.name], cell_problems = _typed_column(frame, col, spec.file)
        problems += cell_problems
    typed = typed[[*spec.column_names, LINE]]
    bad_lines = {p.line for p in problems}
    clean = typed[~typed[LINE].isin(bad_lines)]
    problems += _pandera_problems(clean, spec)
    return typed, problems


def load_raw(data_dir: Path | None = None, today: dt.date | None = None) -> RawTables:
    """Load and validate every raw table; raise ``DataValidationError`` listing all problems."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if not data_dir.is_dir():
        raise DataValidationError([Problem(str(data_dir), None, None, "is not a folder")])
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, spec in RAW_SCHEMAS.items():
        frame, table_problems = parse_table(data_dir / spec.file, spec)
        problems += table_problems
        if frame is not None:
            frames[name] = frame
    if len(frames) == len(RAW_SCHEMAS):
        problems += cross_table_problems(frames, today or dt.date.today())
    if problems:
        raise DataValidationError(problems)
    tables = {name: frames[name].reset_index(drop=True) for name in RAW_SCHEMAS}
    tables["production_monthly"] = tables["production_monthly"].sort_values(
        ["series", "month"], ignore_index=True
    )
    tables["brent_daily"] = tables["brent_daily"].sort_values("date", ignore_index=True)
    return RawTables(**tables)
