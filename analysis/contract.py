"""The processed-table contract: every output column declared once, every table's columns and order.

The declarations live in `contract.toml` beside this module (data, not code: one entry per column
and per table); this module reads them into typed records and checks they hold together. Output
formatting (`analysis.outputs`), the dashboard's typing and glossary, the test fake data and the
generated docs/DATA_CONTRACT.md all read these records, so a column's type, unit, decimals and
meaning cannot drift between them. Raw tables copied to the outputs keep the raw schema's columns
(`analysis.schemas.RAW_SCHEMAS`); their columns are described here like every other column.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast, get_args

from analysis.schemas import RAW_SCHEMAS

CONTRACT_FILE = Path(__file__).with_name("contract.toml")

# partial_date: YYYY, YYYY-MM or YYYY-MM-DD kept as written (a source's publication date).
Kind = Literal["text", "date", "month", "partial_date", "float", "int", "bool"]


@dataclass(frozen=True)
class ColumnContract:
    """One column as written: its type, unit, decimals (floats only) and plain meaning."""

    name: str
    kind: Kind
    description: str
    unit: str = ""
    decimals: int | None = None

    @property
    def places(self) -> int | None:
        """Decimal places written: whole numbers for int, the declared places for float."""
        return 0 if self.kind == "int" else self.decimals


@dataclass(frozen=True)
class TableContract:
    """One processed table: its columns in file order, its row order and what a row is."""

    name: str
    description: str
    columns: tuple[str, ...]
    sort: tuple[str, ...]
    raw_copy: bool = False


def _bound_names(name: str) -> tuple[str, str]:
    """`x_lower`/`x_upper`, with a `_bpd` unit suffix kept last (`x_lower_bpd`)."""
    stem, suffix = (name.removesuffix("_bpd"), "_bpd") if name.endswith("_bpd") else (name, "")
    return f"{stem}_lower{suffix}", f"{stem}_upper{suffix}"


def _columns(entries: dict[str, dict[str, Any]]) -> dict[str, ColumnContract]:
    out: dict[str, ColumnContract] = {}
    for name, entry in entries.items():
        if entry["kind"] not in get_args(Kind):
            raise ValueError(f"{CONTRACT_FILE.name}: column {name} has unknown kind")
        base = ColumnContract(
            name,
            cast(Kind, entry["kind"]),
            entry["description"],
            entry.get("unit", ""),
            entry.get("decimals"),
        )
        out[name] = base
        if entry.get("bounds", False):
            for side, bound in zip(("lower", "upper"), _bound_names(name), strict=True):
                description = f"{side} bound of the interval of {name}"
                out[bound] = ColumnContract(bound, base.kind, description, base.unit, base.decimals)
    return out


def _tables(entries: dict[str, dict[str, Any]]) -> dict[str, TableContract]:
    out = {}
    for name, entry in entries.items():
        raw_copy = bool(entry.get("raw_copy", False))
        columns = RAW_SCHEMAS[name].column_names if raw_copy else entry["columns"]
        out[name] = TableContract(
            name, entry["description"], tuple(columns), tuple(entry["sort"]), raw_copy
        )
    return out


_DECLARED = tomllib.loads(CONTRACT_FILE.read_text(encoding="utf-8"))
COLUMN_CONTRACT: dict[str, ColumnContract] = _columns(_DECLARED["columns"])
PROCESSED_TABLES: dict[str, TableContract] = _tables(_DECLARED["tables"])
RAW_COPIES: tuple[str, ...] = tuple(n for n, t in PROCESSED_TABLES.items() if t.raw_copy)
# One line per raw input; a copied one shares its processed table's description.
RAW_INPUT_DESCRIPTIONS: dict[str, str] = {
    name: PROCESSED_TABLES[name].description
    if name in RAW_COPIES
    else _DECLARED["raw_inputs"][name]["description"]
    for name in RAW_SCHEMAS
}


def columns_of(table: str) -> list[ColumnContract]:
    """The contract of each column of `table`, in file order."""
    return [COLUMN_CONTRACT[c] for c in PROCESSED_TABLES[table].columns]
