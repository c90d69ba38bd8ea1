"""The column contract: complete, consistent with the raw schemas, and its document is fresh."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main
from analysis.contract import COLUMN_CONTRACT, PROCESSED_TABLES, RAW_COPIES, columns_of
from analysis.contract_doc import DOCUMENT, render_contract_document
from analysis.outputs import format_table
from analysis.schemas import RAW_SCHEMAS

# How a raw schema kind is written once copied to the outputs.
RAW_TO_PROCESSED_KIND = {
    "str": "text",
    "url": "text",
    "period": "text",
    "date": "date",
    "month": "month",
    "partial_date": "partial_date",
    "float": "float",
    "int": "int",
}


def test_committed_contract_document_is_fresh() -> None:
    committed = DOCUMENT.read_text(encoding="utf-8")
    assert committed == render_contract_document(), (
        "docs/DATA_CONTRACT.md is stale: run `python -m analysis contract`"
    )


def test_every_table_column_is_declared_and_every_declared_column_is_used() -> None:
    used = {c for t in PROCESSED_TABLES.values() for c in t.columns}
    assert sorted(used - set(COLUMN_CONTRACT)) == []
    assert sorted(set(COLUMN_CONTRACT) - used) == []


def test_sort_keys_are_columns_and_unique_per_table() -> None:
    for name, table in PROCESSED_TABLES.items():
        assert set(table.sort) <= set(table.columns), name
        assert len(set(table.columns)) == len(table.columns), name


def test_raw_copies_keep_the_raw_columns_and_types() -> None:
    for name in RAW_COPIES:
        spec = RAW_SCHEMAS[name]
        assert PROCESSED_TABLES[name].columns == tuple(spec.column_names)
        for col in spec.columns:
            assert COLUMN_CONTRACT[col.name].kind == RAW_TO_PROCESSED_KIND[col.kind], col.name


def test_decimals_only_on_numbers_and_every_number_has_them() -> None:
    for col in COLUMN_CONTRACT.values():
        numeric = col.kind in ("float", "int")
        assert (col.places is not None) == numeric, col.name


def test_descriptions_are_plain_text_and_bounds_name_their_base() -> None:
    for col in COLUMN_CONTRACT.values():
        assert col.description and "\n" not in col.description, col.name
    assert COLUMN_CONTRACT["counterfactual_upper_bpd"].description.endswith("counterfactual_bpd")
    assert COLUMN_CONTRACT["loss_usd_lower"].unit == "US$"


@pytest.mark.parametrize("table", ["episode_summary", "claims_check", "regimes"])
def test_format_follows_declared_kinds(table: str) -> None:
    """One row of values per kind comes out as the contract says it is written."""
    sample = {
        "text": "x",
        "date": pd.Timestamp("2020-01-18"),
        "month": pd.Timestamp("2020-11-01"),
        "partial_date": "2020",
        "float": 1.23456789,
        "int": 7.0,
        "bool": True,
    }
    frame = pd.DataFrame([{c.name: sample[c.kind] for c in columns_of(table)}])
    row = format_table(table, frame).iloc[0]
    for col in columns_of(table):
        value = row[col.name]
        expected = {
            "text": "x",
            "date": "2020-01-18",
            "month": "2020-11",
            "partial_date": "2020",
            "int": 7,
            "bool": "true",
        }.get(col.kind, round(1.23456789, col.places or 0) if col.places else 1)
        assert value == expected, col.name


def test_cli_contract_command_writes_the_document(monkeypatch, tmp_path, capsys) -> None:
    target = tmp_path / "DATA_CONTRACT.md"
    monkeypatch.setattr("analysis.contract_doc.DOCUMENT", target)
    assert main(["contract"]) == 0
    assert target.read_text(encoding="utf-8") == DOCUMENT.read_text(encoding="utf-8")
    assert str(target) in capsys.readouterr().out
