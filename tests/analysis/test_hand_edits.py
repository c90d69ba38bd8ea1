"""A corpus of hand-edit mistakes, each fed to ``python -m analysis run`` on a copy of data/raw.

Every case makes one edit a careless (or hostile) user could make and names the message fragment
that must come back: file, line and column where there is one. Each must exit non-zero with no
traceback and leave a pre-filled output folder exactly as it was (files, bytes and mode). The
cases come from the issue-8 reproduction (93 hand edits and flags run against the old main,
where 19 gave tracebacks and 18 changed the figures with exit 0). Lines are looked up in the
unedited copy, never taken from the code under test.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analysis.cli import main
from tests.analysis.rawcopy import copy_raw, find_line, read_rows, write_rows

EIA = "eia_steo_copr"
# An earlier output folder (it has a manifest) that a failed run must leave as it was.
MARKER = "manifest.json"

Row = dict[str, str]


def rewrite(table: str, change: Callable[[list[Row]], list[Row]]) -> Callable[[Path], None]:
    """An edit of a table's rows as dicts (return the new list of rows)."""

    def go(raw: Path) -> None:
        path = raw / f"{table}.csv"
        header, rows = read_rows(path)
        new = change([dict(zip(header, r, strict=True)) for r in rows])
        write_rows(path, header, [[r[h] for h in header] for r in new])

    return go


def set_where(table: str, match: Row, column: str, value: str | Callable[[str], str]):
    def change(rows: list[Row]) -> list[Row]:
        hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
        assert hits, f"no row of {table} matches {match}"
        for r in hits:
            r[column] = value(r[column]) if callable(value) else value
        return rows

    return rewrite(table, change)


def drop_where(table: str, keep: Callable[[Row], bool]):
    return rewrite(table, lambda rows: [r for r in rows if keep(r)])


def append_rows(table: str, pick: Callable[[list[Row]], list[Row]]):
    return rewrite(table, lambda rows: rows + pick(rows))


def raw_bytes(table: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def go(raw: Path) -> None:
        path = raw / f"{table}.csv"
        path.write_bytes(change(path.read_bytes()))

    return go


def header_only(table: str) -> Callable[[Path], None]:
    return raw_bytes(table, lambda b: b.split(b"\n", 1)[0] + b"\n")


def extra_header_column(table: str, name: str) -> Callable[[Path], None]:
    def go(raw: Path) -> None:
        path = raw / f"{table}.csv"
        header, rows = read_rows(path)
        write_rows(path, [*header, name], [[*r, ""] for r in rows])

    return go


def as_folder(table: str) -> Callable[[Path], None]:
    def go(raw: Path) -> None:
        (raw / f"{table}.csv").unlink()
        (raw / f"{table}.csv").mkdir()

    return go


def as_fifo(table: str) -> Callable[[Path], None]:
    def go(raw: Path) -> None:
        (raw / f"{table}.csv").unlink()
        os.mkfifo(raw / f"{table}.csv")

    return go


def scale(factor: float) -> Callable[[str], str]:
    return lambda v: repr(float(v) * factor)


@dataclass(frozen=True)
class Case:
    """One mistake: the edit, the row whose line the message must name, the fragment, the flags.

    ``fragment`` may hold ``{line}``: the line of the row matching ``at`` in ``at_table``,
    looked up before the edit.
    """

    name: str
    edit: Callable[[Path], None] | None
    fragment: str
    at_table: str = ""
    at: Row = field(default_factory=dict)
    flags: tuple[str, ...] = ()


BRENT_LESS = "brent_less_es_sider_diff"
CASES = [
    # issue 8: silent wrong answers on the old main
    Case(
        "brent_2020_deleted",
        drop_where("brent_daily", lambda r: not r["date"].startswith("2020-")),
        "brent_daily.csv, line {line}, column 'date': no price from 2020-01-01",
        "brent_daily",
        {"date": "2019-12-31"},
    ),
    Case(
        "differential_x10",
        set_where("price_scenarios", {"price_scenario": BRENT_LESS}, "differential_usd_bbl", "18"),
        "price_scenarios.csv, line {line}, column 'differential_usd_bbl': 18 $/bbl is outside",
        "price_scenarios",
        {"price_scenario": BRENT_LESS},
    ),
    Case(
        "differential_prices_below_zero",
        set_where("price_scenarios", {"price_scenario": BRENT_LESS}, "differential_usd_bbl", "9.5"),
        "price_scenarios.csv, line {line}, column 'differential_usd_bbl': Brent less 9.5 is at or "
        "below zero",
        "price_scenarios",
        {"price_scenario": BRENT_LESS},
    ),
    Case(
        "calm_month_in_kbd",
        set_where(
            "production_monthly", {"month": "2019-06", "series": EIA}, "production_bpd", "1100"
        ),
        "production_monthly.csv, line {line}, column 'production_bpd': probable unit slip",
        "production_monthly",
        {"month": "2019-06", "series": EIA},
    ),
    Case(
        "noc_only_figure_in_millions",
        set_where("reported_losses", {"episode_id": "2024"}, "cumulative_loss_usd", "120.3"),
        "reported_losses.csv, line {line}, column 'cumulative_loss_usd': probable unit slip",
        "reported_losses",
        {"episode_id": "2024"},
    ),
    Case(
        "noc_all_2020_in_billions",
        set_where("reported_losses", {"episode_id": "2020"}, "cumulative_loss_usd", scale(1e-9)),
        "reported_losses.csv, line {line}, column 'cumulative_loss_usd': probable unit slip",
        "reported_losses",
        {"episode_id": "2020"},
    ),
    Case(
        "episode_end_empty",
        set_where("episodes", {"episode_id": "2020"}, "end", ""),
        "episodes.csv, line {line}, column 'end': is empty (episode 2020 is ongoing), but "
        "episode 2022",
        "episodes",
        {"episode_id": "2020"},
    ),
    Case(
        "episode_end_empty_2024",
        set_where("episodes", {"episode_id": "2024"}, "end", ""),
        "episodes.csv, line {line}, column 'end': is empty (episode 2024 is ongoing), but "
        "production_reported.csv has no statement",
        "episodes",
        {"episode_id": "2024"},
    ),
    # issue 8: crashes after a passing validate
    Case(
        "header_only_production_monthly",
        header_only("production_monthly"),
        "production_monthly.csv: holds no rows",
    ),
    Case("header_only_brent_daily", header_only("brent_daily"), "brent_daily.csv: holds no rows"),
    Case("header_only_claims", header_only("claims"), "claims.csv: holds no rows"),
    Case(
        "header_only_price_scenarios",
        header_only("price_scenarios"),
        "price_scenarios.csv: holds no rows",
    ),
    Case("header_only_episodes", header_only("episodes"), "episodes.csv: holds no rows"),
    Case(
        "header_only_reported_losses",
        header_only("reported_losses"),
        "reported_losses.csv: holds no rows",
    ),
    Case(
        "one_month_baseline",
        set_where("episodes", {"episode_id": "2020"}, "baseline_start", "2019-12"),
        "episodes.csv, line {line}, column 'baseline_start': the baseline 2019-12 to 2019-12 "
        "holds 1 month",
        "episodes",
        {"episode_id": "2020"},
    ),
    Case(
        # validate counted other episodes' months by the half-month rule while the run drops
        # R1's gaps, recoveries included: this passed validate and the run failed on a
        # two-month baseline with a bare ValueError
        "baseline_in_another_episodes_recovery",
        rewrite(
            "episodes",
            lambda rows: [
                {**r, "baseline_start": "2016-10", "baseline_end": "2017-05"}
                if r["episode_id"] == "2018"
                else r
                for r in rows
            ],
        ),
        "episodes.csv, line {line}, column 'baseline_start': the baseline 2016-10 to 2017-05 "
        "holds 2 month(s) of 'eia_steo_copr' outside other episodes and their recoveries (rule R1)",
        "episodes",
        {"episode_id": "2018"},
    ),
    Case(
        "eia_months_missing_in_episode",
        drop_where(
            "production_monthly",
            lambda r: not (r["series"] == EIA and "2020-04" <= r["month"] <= "2020-06"),
        ),
        "production_monthly.csv, line {line}, column 'month': series 'eia_steo_copr' has no row "
        "for 2020-04 to 2020-06",
        "production_monthly",
        {"month": "2020-03", "series": EIA},
    ),
    Case(
        "eia_months_missing_in_baseline",
        drop_where(
            "production_monthly",
            lambda r: not (r["series"] == EIA and "2019-03" <= r["month"] <= "2019-05"),
        ),
        "production_monthly.csv, line {line}, column 'month': series 'eia_steo_copr' has no row "
        "for 2019-03 to 2019-05",
        "production_monthly",
        {"month": "2019-02", "series": EIA},
    ),
    Case(
        "episode_before_data",
        set_where("episodes", {"episode_id": "2013_16"}, "baseline_start", "2005-01"),
        "production_monthly.csv, line {line}, column 'month': series 'eia_steo_copr' has no row "
        "for 2005-01 to 2009-12",
        "production_monthly",
        {"month": "2010-01", "series": EIA},
    ),
    Case(
        "zero_production_in_baseline",
        set_where("production_monthly", {"month": "2019-08", "series": EIA}, "production_bpd", "0"),
        "production_monthly.csv, line {line}, column 'production_bpd': is 0 in 2019-08",
        "production_monthly",
        {"month": "2019-08", "series": EIA},
    ),
    Case(
        "production_reported_kbd",
        set_where("production_reported", {"date": "2020-01-23"}, "production_bpd", "320.154"),
        "production_reported.csv, line {line}, column 'production_bpd': probable unit slip",
        "production_reported",
        {"date": "2020-01-23"},
    ),
    Case(
        "exports_in_thousands",
        set_where("exports", {"period": "2006", "period_type": "year"}, "exports_bpd", "1347.44"),
        "exports.csv, line {line}, column 'exports_bpd': probable unit slip",
        "exports",
        {"period": "2006", "period_type": "year"},
    ),
    Case(
        "revenue_month_in_millions",
        set_where("revenue", {"period": "2019-08", "metric": "noc_revenue_monthly"}, "value", "2"),
        "revenue.csv, line {line}, column 'value': probable unit slip",
        "revenue",
        {"period": "2019-08", "metric": "noc_revenue_monthly"},
    ),
    Case(
        "episode_of_one_day",
        set_where("episodes", {"episode_id": "2018"}, "end", "2018-06-14"),
        "episodes.csv, line {line}, column 'end': episode 2018 (2018-06-14 to 2018-06-14) lasts "
        "1 day(s); monthly averages cannot measure a stop shorter than 14 days",
        "episodes",
        {"episode_id": "2018"},
    ),
    Case(
        "episode_a_day_short_of_two_weeks",
        set_where("episodes", {"episode_id": "2018"}, "end", "2018-06-26"),
        "episodes.csv, line {line}, column 'end': episode 2018 (2018-06-14 to 2018-06-26) lasts "
        "13 day(s)",
        "episodes",
        {"episode_id": "2018"},
    ),
    Case(
        "episodes_overlap",
        rewrite(
            "episodes",
            lambda rows: [
                {
                    **r,
                    "start": "2022-05-07",
                    "end": "2022-10-03",
                    "baseline_start": "2021-01",
                    "baseline_end": "2022-03",
                }
                if r["episode_id"] == "2024"
                else r
                for r in rows
            ],
        ),
        "episodes.csv, line {line}, column 'start': episode 2024 starts on 2022-05-07, before "
        "episode 2022",
        "episodes",
        {"episode_id": "2024"},
    ),
    Case(
        "default_scenario_deleted",
        drop_where("price_scenarios", lambda r: r["price_scenario"] != "brent"),
        "price_scenarios.csv, column 'price_scenario': no row for 'brent'",
    ),
    Case(
        "claim_without_date",
        set_where("claims", {"metric": "noc_cumulative_loss_usd"}, "as_of", ""),
        "claims.csv, line {line}, column 'as_of': is empty",
        "claims",
        {"metric": "noc_cumulative_loss_usd"},
    ),
    Case(
        "claim_of_zero",
        set_where("claims", {"metric": "noc_cumulative_loss_usd"}, "claimed_value", "0"),
        "claims.csv, line {line}, column 'claimed_value': must be a number above 0",
        "claims",
        {"metric": "noc_cumulative_loss_usd"},
    ),
    # issue 8: validate itself crashed
    Case("table_is_directory", as_folder("events"), "events.csv: is a folder"),
    Case("table_is_fifo", as_fifo("claims"), "claims.csv: is not a regular file"),
    Case(
        "field_over_131072",
        set_where("events", {"event_id": "E001"}, "description", "x" * 200_000),
        "events.csv, line {line}: cannot be split into fields",
        "events",
        {"event_id": "E001"},
    ),
    Case(
        "duplicated_header_column",
        extra_header_column("claims", "note"),
        "claims.csv, line 1, column 'note': appears 2 times in the header",
    ),
    Case(
        "duplicate_header_extra_col",
        extra_header_column("brent_daily", "date"),
        "brent_daily.csv, line 1, column 'date': appears 2 times in the header",
    ),
    # invented in the same spirit (most already rejected on the old main; kept as a guard)
    Case(
        "nul_byte",
        raw_bytes("events", lambda b: b.replace(b"Jadhran", b"Jad\x00hran", 1)),
        "events.csv, line {line}: holds a NUL byte",
        "events",
        {"event_id": "E001"},
    ),
    Case(
        "bom_twice",
        raw_bytes("episodes", lambda b: b"\xef\xbb\xbf\xef\xbb\xbf" + b),
        "episodes.csv, line 1: starts with two byte-order marks",
    ),
    Case(
        "latin1_encoding",
        raw_bytes("episodes", lambda b: b.replace(b"Jadhran", b"Jadhr\xe1n", 1)),
        "episodes.csv, line {line}: not valid UTF-8 text",
        "episodes",
        {"episode_id": "2013_16"},
    ),
    Case(
        "month_typed_twice",
        append_rows(
            "production_monthly",
            lambda rows: [r for r in rows if r["month"] == "2019-06" and r["series"] == EIA],
        ),
        "column 'series, month': duplicate key (series, month): the same as line {line}",
        "production_monthly",
        {"month": "2019-06", "series": EIA},
    ),
    Case(
        "date_ddmmyyyy",
        set_where("brent_daily", {"date": "2020-03-05"}, "date", "05/03/2020"),
        "brent_daily.csv, line {line}, column 'date': '05/03/2020' is not an ISO date",
        "brent_daily",
        {"date": "2020-03-05"},
    ),
    Case(
        "date_impossible",
        set_where("brent_daily", {"date": "2020-02-28"}, "date", "2020-02-30"),
        "brent_daily.csv, line {line}, column 'date': '2020-02-30' is not a real calendar date",
        "brent_daily",
        {"date": "2020-02-28"},
    ),
    Case(
        "negative_production",
        set_where(
            "production_monthly", {"month": "2019-08", "series": EIA}, "production_bpd", "-1085000"
        ),
        "production_monthly.csv, line {line}, column 'production_bpd': value -1085000.0 is not "
        "within",
        "production_monthly",
        {"month": "2019-08", "series": EIA},
    ),
    Case(
        "production_thousands_separator",
        set_where(
            "production_monthly", {"month": "2019-08", "series": EIA}, "production_bpd", "1,085,000"
        ),
        "production_monthly.csv, line {line}, column 'production_bpd': '1,085,000' is not a number",
        "production_monthly",
        {"month": "2019-08", "series": EIA},
    ),
    Case(
        "brent_in_cents",
        set_where("brent_daily", {"date": "2020-03-05"}, "brent_usd_bbl", scale(100)),
        "brent_daily.csv, line {line}, column 'brent_usd_bbl'",
        "brent_daily",
        {"date": "2020-03-05"},
    ),
    Case(
        "brent_nan",
        set_where("brent_daily", {"date": "2020-03-05"}, "brent_usd_bbl", "nan"),
        "brent_daily.csv, line {line}, column 'brent_usd_bbl': 'nan' is not a number",
        "brent_daily",
        {"date": "2020-03-05"},
    ),
    Case(
        "swapped_start_end",
        rewrite(
            "episodes",
            lambda rows: [
                {**r, "start": r["end"], "end": r["start"]} if r["episode_id"] == "2020" else r
                for r in rows
            ],
        ),
        "episodes.csv, line {line}, column 'end'",
        "episodes",
        {"episode_id": "2020"},
    ),
    Case(
        "baseline_overlaps_episode",
        set_where("episodes", {"episode_id": "2020"}, "baseline_end", "2020-06"),
        "episodes.csv, line {line}, column 'baseline_end'",
        "episodes",
        {"episode_id": "2020"},
    ),
    Case(
        "episode_end_in_future",
        set_where("episodes", {"episode_id": "2024"}, "end", "2030-01-01"),
        "episodes.csv, line {line}, column 'end': 2030-01-01 is in the future",
        "episodes",
        {"episode_id": "2024"},
    ),
    Case(
        "episode_id_typo",
        set_where("events", {"event_id": "E001"}, "episode_id", "2O13_16"),
        "events.csv, line {line}, column 'episode_id': '2O13_16' is not an episode_id",
        "events",
        {"event_id": "E001"},
    ),
    Case(
        "source_id_unknown",
        set_where("brent_daily", {"date": "2020-03-05"}, "source_id", "eia_rbrt"),
        "brent_daily.csv, line {line}, column 'source_id': 'eia_rbrt' does not resolve",
        "brent_daily",
        {"date": "2020-03-05"},
    ),
    Case("empty_file", raw_bytes("events", lambda b: b""), "events.csv: file is empty"),
    Case("missing_file", lambda raw: (raw / "claims.csv").unlink(), "claims.csv: file is missing"),
    Case(
        "semicolon_separated",
        raw_bytes("price_scenarios", lambda b: b.replace(b",", b";")),
        "price_scenarios.csv, line 1, column 'differential_usd_bbl': required column is missing",
    ),
    Case(
        "short_row",
        raw_bytes("brent_daily", lambda b: b + b"2026-08-19,95.1\n"),
        "brent_daily.csv, line 4209: has 2 fields, header has 3",
    ),
    Case(
        "reported_x1000_one_row",
        set_where(
            "reported_losses",
            {"episode_id": "2020", "statement_date": "2020-02-17"},
            "cumulative_loss_usd",
            scale(1000),
        ),
        "reported_losses.csv, line {line}, column 'cumulative_loss_usd': probable",
        "reported_losses",
        {"episode_id": "2020", "statement_date": "2020-02-17"},
    ),
    # command-line flags: argparse answers with exit 2 and a usage line
    *[
        Case(
            f"cli_{flag}_{value}", None, f"argument --{flag}: {message}", flags=(f"--{flag}", value)
        )
        for flag, value, message in [
            ("level", "2", "2 is not within (0.5, 0.999]"),
            ("jobs", "3", "invalid choice: 3"),
            ("level", "nan", "nan is not within"),
            ("level", "inf", "inf is not within"),
            ("level", "1", "1 is not within"),
            ("level", "0", "0 is not within"),
            ("level", "-0.5", "-0.5 is not within"),
            ("level", "x", "'x' is not a number"),
            ("simulations", "0", "0 is not within [100, 100,000]"),
            ("simulations", "-5", "-5 is not within"),
            ("simulations", "1", "1 is not within"),
            ("simulations", "1e9", "'1e9' is not a whole number"),
            ("seed", "-1", "-1 is not within [0, 4,294,967,295]"),
            ("seed", str(2**64), f"{2**64} is not within"),
        ]
    ],
]


def snapshot(path: Path) -> tuple:
    """Everything a run could change: kind, mode and every file's bytes."""
    if path.is_file():
        return ("file", stat.S_IMODE(path.stat().st_mode), path.read_bytes())
    files = sorted(
        (str(f.relative_to(path)), hashlib.sha256(f.read_bytes()).hexdigest())
        for f in path.rglob("*")
        if f.is_file()
    )
    return ("dir", stat.S_IMODE(path.stat().st_mode), tuple(files))


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse
        code = exit_.code if isinstance(exit_.code, int) else 1
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hand_edit_is_rejected_with_its_place(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = copy_raw(tmp_path)
    line = find_line(raw / f"{case.at_table}.csv", **case.at) if case.at else None
    if case.edit:
        case.edit(raw)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o755)
    (out / MARKER).write_text("{}\n")
    before = snapshot(out)

    code, err = run_cli(["run", "--data", str(raw), "--out", str(out), *case.flags], capsys)

    assert code != 0
    assert "Traceback" not in err
    assert case.fragment.format(line=line) in err, err[:2000]
    assert snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".tmp-", ".old-"))]


# Edits that change nothing a reader sees: they must still pass (a check that rejects them is
# a check too eager, not a safe one).
ACCEPTED = {
    "bom": raw_bytes("episodes", lambda b: b"\xef\xbb\xbf" + b),
    "crlf": raw_bytes("brent_daily", lambda b: b.replace(b"\n", b"\r\n")),
    "blank_lines": raw_bytes("episodes", lambda b: b.replace(b"\n", b"\n\n", 3)),
    "column_order": lambda raw: write_rows(
        raw / "brent_daily.csv",
        *(lambda h, rows: ([h[2], h[0], h[1]], [[r[2], r[0], r[1]] for r in rows]))(
            *read_rows(raw / "brent_daily.csv")
        ),
    ),
    "trailing_space_in_id": set_where(
        "brent_daily", {"date": "2020-03-05"}, "source_id", "eia_rbrte "
    ),
    "field_of_100k": set_where("events", {"event_id": "E001"}, "description", "y" * 100_000),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_harmless_edit_still_validates(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = copy_raw(tmp_path)
    ACCEPTED[name](raw)
    code, err = run_cli(["validate", "--data", str(raw)], capsys)
    assert code == 0, err


def test_unreadable_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads a chmod-000 file anyway, so the refusal is simulated at ``Path.open``."""
    raw = copy_raw(tmp_path)
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object):
        if self.name == "claims.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    code, err = run_cli(["validate", "--data", str(raw)], capsys)
    assert code == 1
    assert "error: claims.csv: cannot be read: Permission denied" in err.splitlines()
    assert "Traceback" not in err


def test_report_is_capped_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every row of brent_daily pasted 30 more times: 50 lines, then a count of the rest."""
    raw = copy_raw(tmp_path)
    path = raw / "brent_daily.csv"
    head, body = path.read_bytes().split(b"\n", 1)
    rows = body.count(b"\n")
    path.write_bytes(head + b"\n" + body * 31)
    code, err = run_cli(["validate", "--data", str(raw)], capsys)
    lines = err.splitlines()
    assert code == 1
    assert sum(line.startswith("error: brent_daily.csv, line") for line in lines) == 50
    assert f"error: and {rows * 30 - 50:,} more in brent_daily.csv" in lines
    assert f"{rows * 30:,} problem(s) found; nothing was written." in lines


def test_out_inside_raw_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = copy_raw(tmp_path)
    before = sorted(p.name for p in raw.iterdir())
    for out in (raw / "processed", raw):
        code, err = run_cli(["run", "--data", str(raw), "--out", str(out)], capsys)
        assert code == 2
        assert "would replace or hold the raw tables" in err
    assert sorted(p.name for p in raw.iterdir()) == before


def test_out_with_subfolders_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A run replaces the whole folder: `--out ~` must not wipe a home folder."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "notes.txt").write_text("keep\n")
    before = snapshot(home)
    code, err = run_cli(["run", "--out", str(home)], capsys)
    assert code == 2
    assert "holds folders, so it is not an output folder" in err
    assert snapshot(home) == before


def test_out_with_other_files_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder of someone's files (no manifest.json) is not an output folder to replace."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "draft.docx").write_text("keep\n")
    before = snapshot(folder)
    code, err = run_cli(["run", "--out", str(folder)], capsys)
    assert code == 2
    assert "holds files but no manifest.json" in err
    assert snapshot(folder) == before


def test_two_jobs_where_processes_cannot_fork_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2 forks; where fork is missing (Windows) the run says so before doing anything."""
    monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: ["spawn"])
    out = tmp_path / "processed"
    code, err = run_cli(["run", "--out", str(out), "--jobs", "2"], capsys)
    assert code == 2
    assert "--jobs 2 forks a second process, which this system cannot; use --jobs 1" in err
    assert not out.exists()
