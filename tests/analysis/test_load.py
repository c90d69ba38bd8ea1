"""Each validation rule, fed a broken copy of the real data, names the file, line and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.errors import DataValidationError, Problem
from analysis.load import RawTables, load_raw
from analysis.plausibility import NEIGHBOURS, neighbour_medians
from analysis.schemas import RAW_SCHEMAS
from tests.analysis.rawcopy import copy_raw, find_line, read_rows, set_cell, write_rows


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return copy_raw(tmp_path)


def problems_of(data_dir: Path, today: dt.date | None = None) -> list[Problem]:
    with pytest.raises(DataValidationError) as caught:
        load_raw(data_dir, today=today)
    return caught.value.problems


def only(problems: list[Problem], file: str) -> Problem:
    mine = [p for p in problems if p.file == file]
    assert len(mine) == 1, problems
    return mine[0]


def test_bundled_data_loads_with_types() -> None:
    tables = load_raw()
    prod = tables.production_monthly
    assert pd.api.types.is_datetime64_any_dtype(prod["month"])
    assert (prod["month"].dt.day == 1).all()
    assert prod["production_bpd"].dtype == "float64"
    assert str(tables.reported_losses["blockade_days"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(tables.brent_daily["date"])


def test_missing_file(raw: Path) -> None:
    (raw / "claims.csv").unlink()
    problem = only(problems_of(raw), "claims.csv")
    assert "missing" in problem.message


def test_empty_file(raw: Path) -> None:
    (raw / "events.csv").write_text("")
    assert "empty" in only(problems_of(raw), "events.csv").message


def test_wrong_encoding_names_the_line(raw: Path) -> None:
    path = raw / "episodes.csv"
    text = path.read_bytes().replace(b"Jadhran", b"Jadhr\xe1n", 1)
    path.write_bytes(text)
    problem = only(problems_of(raw), "episodes.csv")
    assert "UTF-8" in problem.message
    assert problem.line == 2


def test_missing_column(raw: Path) -> None:
    path = raw / "brent_daily.csv"
    header, rows = read_rows(path)
    index = header.index("brent_usd_bbl")
    write_rows(
        path,
        [h for h in header if h != "brent_usd_bbl"],
        [r[:index] + r[index + 1 :] for r in rows],
    )
    problem = only(problems_of(raw), "brent_daily.csv")
    assert (problem.line, problem.column) == (1, "brent_usd_bbl")
    assert "missing" in problem.message


def test_non_numeric_value(raw: Path) -> None:
    path = raw / "production_monthly.csv"
    line = find_line(path, month="2020-04", series="eia_steo_copr")
    set_cell(path, line, "production_bpd", "85 kb/d")
    problem = only(problems_of(raw), "production_monthly.csv")
    assert (problem.line, problem.column) == (line, "production_bpd")
    assert "not a number" in problem.message
    assert str(problem).startswith(f"production_monthly.csv, line {line}, column 'production_bpd'")


def test_production_out_of_range(raw: Path) -> None:
    path = raw / "production_monthly.csv"
    line = find_line(path, month="2019-06", series="eia_steo_copr")
    set_cell(path, line, "production_bpd", "3100000")
    problem = only(problems_of(raw), "production_monthly.csv")
    assert (problem.line, problem.column) == (line, "production_bpd")
    assert "2500000" in problem.message


@pytest.mark.parametrize("price", ["0", "312.5", "-4"])
def test_brent_out_of_range(raw: Path, price: str) -> None:
    path = raw / "brent_daily.csv"
    line = find_line(path, date="2020-04-21")
    set_cell(path, line, "brent_usd_bbl", price)
    problem = only(problems_of(raw), "brent_daily.csv")
    assert (problem.line, problem.column) == (line, "brent_usd_bbl")


def test_negative_loss(raw: Path) -> None:
    path = raw / "reported_losses.csv"
    line = find_line(path, statement_date="2020-02-17")
    set_cell(path, line, "cumulative_loss_usd", "-1616886132")
    problems = [p for p in problems_of(raw) if p.line == line]
    assert problems and all(p.column == "cumulative_loss_usd" for p in problems)


def test_duplicate_month_within_a_series(raw: Path) -> None:
    path = raw / "production_monthly.csv"
    header, rows = read_rows(path)
    line = find_line(path, month="2020-05", series="eia_steo_copr")
    rows.append(list(rows[line - 2]))
    write_rows(path, header, rows)
    problems = problems_of(raw)
    assert {p.file for p in problems} == {"production_monthly.csv"}
    # the repeat is reported where it is, pointing back at the first row
    assert [p.line for p in problems] == [len(rows) + 1]
    assert problems[0].column == "series, month"
    assert problems[0].message.endswith(f"the same as line {line}")


@pytest.mark.parametrize("value", ["2020-02-30", "18/01/2020", "Jan 18 2020"])
def test_dates_must_parse(raw: Path, value: str) -> None:
    path = raw / "events.csv"
    line = find_line(path, date="2020-08-21", category="ceasefire")
    set_cell(path, line, "date", value)
    problem = only(problems_of(raw), "events.csv")
    assert (problem.line, problem.column) == (line, "date")


def test_dates_not_in_the_future(raw: Path) -> None:
    problems = problems_of(raw, today=dt.date(2020, 8, 1))
    assert any(
        p.file == "brent_daily.csv" and p.column == "date" and "future" in p.message
        for p in problems
    )
    line = find_line(raw / "reported_losses.csv", statement_date="2020-08-12", blockade_days="208")
    assert any(p.file == "reported_losses.csv" and p.line == line for p in problems)


def test_episode_end_before_start(raw: Path) -> None:
    path = raw / "episodes.csv"
    line = find_line(path, episode_id="2020")
    set_cell(path, line, "end", "2019-12-31")
    problem = only(problems_of(raw), "episodes.csv")
    assert (problem.line, problem.column) == (line, "end")


def test_baseline_must_end_before_start(raw: Path) -> None:
    path = raw / "episodes.csv"
    line = find_line(path, episode_id="2022")
    set_cell(path, line, "baseline_end", "2022-04")
    problem = only(problems_of(raw), "episodes.csv")
    assert (problem.line, problem.column) == (line, "baseline_end")


def test_source_id_must_resolve(raw: Path) -> None:
    path = raw / "production_reported.csv"
    set_cell(path, 3, "source_id", "no_such_source")
    problem = only(problems_of(raw), "production_reported.csv")
    assert (problem.line, problem.column) == (3, "source_id")
    assert "sources.csv" in problem.message


def test_category_from_allowed_set(raw: Path) -> None:
    path = raw / "events.csv"
    line = find_line(path, date="2020-08-27", category="violation")
    set_cell(path, line, "category", "truce_breach")
    problem = only(problems_of(raw), "events.csv")
    assert (problem.line, problem.column) == (line, "category")
    assert "violation" in problem.message


def test_episode_reference_must_resolve(raw: Path) -> None:
    path = raw / "events.csv"
    line = find_line(path, date="2020-08-27", category="violation")
    set_cell(path, line, "episode_id", "2020b")
    problem = only(problems_of(raw), "events.csv")
    assert (problem.line, problem.column) == (line, "episode_id")


def test_million_billion_slip_is_flagged(raw: Path) -> None:
    """The seed report's "$8.22 million" in place of NOC's $8.22 billion."""
    path = raw / "reported_losses.csv"
    line = find_line(path, statement_date="2020-08-12", blockade_days="208")
    set_cell(path, line, "cumulative_loss_usd", "8220000")
    problem = only(problems_of(raw), "reported_losses.csv")
    assert (problem.line, problem.column) == (line, "cumulative_loss_usd")
    assert "million/billion" in problem.message


def test_falling_running_total_is_flagged(raw: Path) -> None:
    path = raw / "reported_losses.csv"
    line = find_line(path, statement_date="2020-08-15", source_id="libyaobserver_2020_08_15")
    set_cell(path, line, "cumulative_loss_usd", "6100000000")
    problems = problems_of(raw)
    problem = only(problems, "reported_losses.csv")
    assert (problem.line, problem.column) == (line, "cumulative_loss_usd")
    assert "falls" in problem.message


def test_export_period_must_match_its_type(raw: Path) -> None:
    path = raw / "exports.csv"
    line = find_line(path, period="2010", period_type="year")
    set_cell(path, line, "period", "2010-06")
    problem = only(problems_of(raw), "exports.csv")
    assert (problem.line, problem.column) == (line, "period")


def test_wrong_field_count_names_the_line(raw: Path) -> None:
    path = raw / "price_scenarios.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] += ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only(problems_of(raw), "price_scenarios.csv")
    assert problem.line == 2
    assert "fields" in problem.message


def test_all_problems_reported_together(raw: Path) -> None:
    set_cell(raw / "production_reported.csv", 3, "source_id", "no_such_source")
    set_cell(raw / "claims.csv", 2, "metric", "vibes")
    files = {p.file for p in problems_of(raw)}
    assert files == {"production_reported.csv", "claims.csv"}


def test_raw_tables_hold_one_frame_per_schema_with_its_columns() -> None:
    tables = load_raw()
    assert isinstance(tables, RawTables)
    assert [name for name, _ in tables.items()] == list(RAW_SCHEMAS)
    for name, frame in tables.items():
        assert list(frame.columns) == [*RAW_SCHEMAS[name].column_names, "_line"], name


@pytest.mark.parametrize("n", [0, 1, 2, 7, 200])
def test_neighbour_medians_equal_np_median_of_each_values_positive_neighbours(n: int) -> None:
    rng = np.random.default_rng(n)
    values = rng.normal(0.5, 1, n) * rng.integers(1, 1000, n)  # some zero or below
    got = neighbour_medians(values)
    assert got.shape == (n,)
    for i in range(n):
        near = np.r_[values[max(0, i - NEIGHBOURS) : i], values[i + 1 : i + 1 + NEIGHBOURS]]
        near = near[near > 0]
        if len(near):
            assert got[i] == np.median(near)
        else:
            assert np.isnan(got[i])
