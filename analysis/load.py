"""Read the raw tables into typed frames, collecting every problem with its file, line and column.

Parsing is done cell by cell from the CSV text (not with ``pd.read_csv`` type inference) so that a
bad cell is reported where a user sees it: the physical line in the file, even when an earlier
quoted field spans several lines.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import pandera.errors

from analysis.errors import DataValidationError, Problem, ProblemLog
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


# 50x the largest bundled table (brent_daily, about 4,200 rows): a bigger file is a wrong file,
# and stopping there keeps memory bounded.
MAX_ROWS = 200_000


class _Unreadable(Exception):
    """The file's bytes cannot be turned into text lines; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _text_lines(handle: BinaryIO, name: str) -> Iterator[str]:
    """Decoded lines, one at a time (a 100 MB file is never held whole).

    One byte-order mark is dropped; a second one, a NUL byte or bytes that are not UTF-8 stop
    the read with the line and byte where they occur.
    """
    offset = 0
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw, offset = raw[len(codecs.BOM_UTF8) :], len(codecs.BOM_UTF8)
            if raw.startswith(codecs.BOM_UTF8):
                raise _Unreadable(
                    Problem(name, 1, None, "starts with two byte-order marks; save it as UTF-8")
                )
        if b"\x00" in raw:
            at = offset + raw.index(b"\x00")
            raise _Unreadable(Problem(name, number, None, f"holds a NUL byte (byte {at})"))
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = Problem(
                name, number, None, f"not valid UTF-8 text (byte {offset + exc.start})"
            )
            raise _Unreadable(problem) from None
        offset += len(raw)


def _open_table(path: Path) -> tuple[BinaryIO | None, Problem | None]:
    """The file opened for reading, or why it cannot be (checked before open: a FIFO blocks)."""
    name = path.name
    if not path.exists():
        return None, Problem(name, None, None, f"file is missing (expected at {path})")
    if path.is_dir():
        return None, Problem(name, None, None, f"is a folder, not a CSV file ({path})")
    if not path.is_file():
        return None, Problem(name, None, None, f"is not a regular file ({path})")
    try:
        return path.open("rb"), None
    except OSError as exc:
        return None, Problem(name, None, None, f"cannot be read: {exc.strerror or exc}")


def read_text_rows(path: Path, spec: TableSpec, log: ProblemLog) -> pd.DataFrame | None:
    """Decode and split one CSV into a frame of strings plus the line each record starts on.

    Streams the file: rows repeating an earlier row's key are reported, not kept, so a table of
    duplicated rows costs no more memory than its distinct rows.
    """
    handle, problem = _open_table(path)
    if handle is None:
        log.add(problem)  # type: ignore[arg-type]
        return None
    with handle:
        try:
            return _read_records(handle, spec, log)
        except _Unreadable as exc:
            log.add(exc.problem)
        except OSError as exc:
            log.add(Problem(spec.file, None, None, f"cannot be read: {exc.strerror or exc}"))
    return None


def _read_records(handle: BinaryIO, spec: TableSpec, log: ProblemLog) -> pd.DataFrame | None:
    name = spec.file
    reader = csv.reader(_text_lines(handle, name))
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            log.add(Problem(name, None, None, "file is empty (expected a header row)"))
            return None
        if _header_problems(header, spec, log):
            return None
        key_at = [header.index(k) for k in spec.key]
        seen: dict[tuple[str, ...], int] = {}
        records, lines = [], []
        start = reader.line_num + 1
        for record in reader:
            if not "".join(record).strip():
                start = reader.line_num + 1
                continue
            if len(record) != len(header):
                log.add(
                    Problem(
                        name, start, None, f"has {len(record)} fields, header has {len(header)}"
                    )
                )
            else:
                key = tuple([record[i].strip() for i in key_at])
                if key in seen and log.full:
                    log.dropped += 1  # counted, not built: a huge table of repeats stays cheap
                elif key in seen:
                    columns = ", ".join(spec.key)
                    message = f"duplicate key ({columns}): the same as line {seen[key]}"
                    log.add(Problem(name, start, columns, message))
                else:
                    seen[key] = start
                    records.append(record)
                    lines.append(start)
                    if len(records) > MAX_ROWS:
                        message = f"holds more than {MAX_ROWS:,} rows; is it the right file?"
                        log.add(Problem(name, start, None, message))
                        return None
            start = reader.line_num + 1
    except csv.Error as exc:
        log.add(Problem(name, reader.line_num, None, f"cannot be split into fields: {exc}"))
        return None
    frame = pd.DataFrame(records, columns=header, dtype=str)[spec.column_names]
    frame[LINE] = lines
    return frame


def _header_problems(header: list[str], spec: TableSpec, log: ProblemLog) -> bool:
    """Log a header's problems; True when the table cannot be read column by column."""
    name = spec.file
    fatal = False
    for column, times in Counter(header).items():
        if times > 1:
            log.add(Problem(name, 1, column, f"appears {times} times in the header"))
            fatal = True
    for column in spec.column_names:
        if column not in header:
            log.add(Problem(name, 1, column, "required column is missing from the header"))
            fatal = True
    for column in header:
        if column not in spec.column_names:
            log.add(Problem(name, 1, column, "unexpected column (not in the table contract)"))
    return fatal


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


def parse_table(path: Path, spec: TableSpec, log: ProblemLog) -> pd.DataFrame | None:
    """Text to typed frame; schema rules checked only on cells that parsed."""
    frame = read_text_rows(path, spec, log)
    if frame is None:
        return None
    typed = pd.DataFrame({LINE: frame[LINE]}, index=frame.index)
    bad_lines: set[int | None] = set()
    for col in spec.columns:
        typed[col.name], cell_problems = _typed_column(frame, col, spec.file)
        for problem in cell_problems:
            bad_lines.add(problem.line)
            log.add(problem)
    typed = typed[[*spec.column_names, LINE]]
    clean = typed[~typed[LINE].isin(bad_lines)]
    for problem in _pandera_problems(clean, spec):
        log.add(problem)
    return typed


def load_raw(data_dir: Path | None = None, today: dt.date | None = None) -> RawTables:
    """Load and validate every raw table; raise ``DataValidationError`` listing all problems.

    Beyond each table's own rules and the cross-table rules, the plausibility checks make sure
    that whatever ``run`` needs is there and that no value looks like a unit slip.
    """
    from analysis.plausibility import empty_table_problems, plausibility_problems

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if not data_dir.is_dir():
        raise DataValidationError([Problem(str(data_dir), None, None, "is not a folder")])
    frames: dict[str, pd.DataFrame] = {}
    logs: dict[str, ProblemLog] = {}
    for name, spec in RAW_SCHEMAS.items():
        logs[spec.file] = ProblemLog()
        frame = parse_table(data_dir / spec.file, spec, logs[spec.file])
        if frame is not None:
            frames[name] = frame
    problems = [p for log in logs.values() for p in log.kept]
    more = {file: log.dropped for file, log in logs.items()}
    empty = empty_table_problems(frames)
    problems += empty
    if len(frames) == len(RAW_SCHEMAS) and not empty:
        problems += cross_table_problems(frames, today or dt.date.today())
    if not problems and not any(more.values()):
        problems += plausibility_problems(frames)
    if problems or any(more.values()):
        raise DataValidationError(problems, more)
    tables = {name: frames[name].reset_index(drop=True) for name in RAW_SCHEMAS}
    tables["production_monthly"] = tables["production_monthly"].sort_values(
        ["series", "month"], ignore_index=True
    )
    tables["brent_daily"] = tables["brent_daily"].sort_values("date", ignore_index=True)
    return RawTables(**tables)
