"""Command line: ``validate`` checks the raw tables; ``run`` (the default) rebuilds the outputs;
``contract`` regenerates docs/DATA_CONTRACT.md; ``backtest`` rebuilds the (slow) backtest and
sensitivity tables.

Every failure prints one line per problem (file, line, column) and exits non-zero; nothing in the
output folder changes unless the whole run succeeded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import multiprocessing
import os
import sys
import time
from pathlib import Path

from analysis.errors import DataValidationError
from analysis.load import default_data_dir, load_raw

EXIT_INVALID = 1
EXIT_FAILED = 2

# Stated ranges of the run flags. Levels: at or below 0.5 an "interval" says nothing (and at 0 or
# below its bounds cross); at 1 it is infinite. Simulations: below 100 the 2.5% and 97.5%
# quantiles rest on two or three paths; above 100,000 a run needs gigabytes. Seeds: what numpy's
# SeedSequence takes as one 32-bit word.
LEVEL_RANGE = (0.5, 0.999)
SIMULATIONS_RANGE = (100, 100_000)
BACKTEST_SIMULATIONS = 1_000
SEED_RANGE = (0, 2**32 - 1)


def _level(text: str) -> float:
    """argparse type: a finite interval level in (0.5, 0.999]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    low, high = LEVEL_RANGE
    if not math.isfinite(value) or not low < value <= high:
        raise argparse.ArgumentTypeError(f"{text} is not within ({low}, {high}], e.g. 0.95")
    return value


def _day(text: str) -> dt.date:
    """argparse type: a day written YYYY-MM-DD (its range is checked against the data)."""
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a day written YYYY-MM-DD") from None


def _bounded_int(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not within [{low:,}, {high:,}]")
        return value

    return parse


def _validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis validate", description="Check the raw tables only."
    )
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="raw tables folder")
    return parser


def _run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis [run]",
        description="Validate Libya's oil blockade data, fit the models and write the CSV "
        "summaries (use 'python -m analysis validate' to check the raw tables only).",
    )
    _add_run_arguments(parser)
    return parser


def _add_common_arguments(
    parser: argparse.ArgumentParser, seed: int, simulations: int, paths_help: str
) -> None:
    """--data, --out, --seed and --simulations, shared by `run` and `backtest`."""
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="raw tables folder")
    parser.add_argument(
        "--out", type=Path, default=default_data_dir().parent / "processed", help="output folder"
    )
    parser.add_argument(
        "--seed",
        type=_bounded_int(*SEED_RANGE),
        default=seed,
        help=f"random seed, {SEED_RANGE[0]} to 2**32-1",
    )
    parser.add_argument(
        "--simulations",
        type=_bounded_int(*SIMULATIONS_RANGE),
        default=simulations,
        help=f"{paths_help}, {SIMULATIONS_RANGE[0]:,} to {SIMULATIONS_RANGE[1]:,}",
    )


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    from analysis.params import RunParams

    defaults = RunParams()
    _add_common_arguments(parser, defaults.seed, defaults.simulations, "simulated paths per model")
    parser.add_argument(
        "--level",
        type=_level,
        default=defaults.level,
        help=f"default interval level in ({LEVEL_RANGE[0]}, {LEVEL_RANGE[1]}], e.g. 0.95",
    )
    parser.add_argument(
        "--as-of",
        type=_day,
        default=None,
        help="day (YYYY-MM-DD) ongoing episodes are estimated to, from an ongoing episode's "
        "start to today; default: the latest day any production or price input covers",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        choices=(1, 2),
        default=1,
        help="processes: 2 runs the projection in a second (forked: Linux, macOS) process beside "
        "the rest, the same outputs in about two thirds of the time on two free cores",
    )


def _report(error: DataValidationError) -> int:
    for line in error.report_lines():
        print(f"error: {line}", file=sys.stderr)
    print(f"{error.count:,} problem(s) found; nothing was written.", file=sys.stderr)
    return EXIT_INVALID


def _out_problem(out: Path, data: Path) -> str | None:
    """Why `out` cannot be the output folder: a file, a folder that is not an earlier output
    (a run replaces the whole folder: never a home or project folder by mistake), or raw data's."""
    if out.exists() and not out.is_dir():
        return f"--out {out} is an existing file, not a folder; nothing was written."
    resolved, raw = out.resolve(), data.resolve()
    if resolved == raw or raw in resolved.parents or resolved in raw.parents:
        return f"--out {out} would replace or hold the raw tables in {data}; nothing was written."
    if out.is_dir() and any(child.is_dir() for child in out.iterdir()):
        return f"--out {out} holds folders, so it is not an output folder; nothing was written."
    if out.is_dir() and any(out.iterdir()) and not (out / "manifest.json").is_file():
        return (
            f"--out {out} holds files but no manifest.json, so it is not an earlier output "
            "folder; give an empty or new folder; nothing was written."
        )
    return None


def validate(data_dir: Path) -> int:
    try:
        tables = load_raw(data_dir)
    except DataValidationError as error:
        return _report(error)
    rows = sum(len(frame) for _, frame in tables.items())
    print(f"{data_dir}: {len(tables.items())} tables, {rows:,} rows, all checks passed.")
    return 0


def run(args: argparse.Namespace) -> int:
    from analysis.outputs import clean_stale
    from analysis.pipeline import ProjectionProcessError, run_and_write
    from analysis.progress import progress

    problem = _out_problem(args.out, args.data)
    if args.jobs > 1 and "fork" not in multiprocessing.get_all_start_methods():
        problem = "--jobs 2 forks a second process, which this system cannot; use --jobs 1; "
        problem += "nothing was written."
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_FAILED
    started = time.time()
    try:
        for path in clean_stale(args.out, started):
            progress(f"removed {path.name}, left by an interrupted run")
        return run_and_write(
            args.data,
            args.out,
            seed=args.seed,
            simulations=args.simulations,
            level=args.level,
            as_of=args.as_of,
            jobs=args.jobs,
        )
    except DataValidationError as error:
        return _report(error)
    except ProjectionProcessError as error:
        print(f"error: {error}; nothing was written (try --jobs 1)", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(f"error: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED
    except (ValueError, LookupError, ArithmeticError) as error:
        # validate should have caught the input that led here; say so in one line, write nothing
        print(
            f"error: the analysis failed ({type(error).__name__}: {error}); 'validate' passed, "
            "so please report this with the data; nothing was written.",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _fetch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis fetch",
        description="Optional: refresh an EIA series in the raw tables from EIA's API v2 "
        "(needs a free API key; everything else runs offline).",
    )
    parser.add_argument("series", choices=["brent", "steo"])
    parser.add_argument("--api-key", default=os.environ.get("EIA_API_KEY", ""))
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="raw tables folder")
    parser.add_argument("--base-url", default="https://api.eia.gov/v2", help=argparse.SUPPRESS)
    return parser


def fetch(args: argparse.Namespace) -> int:
    from analysis.fetch import FetchError
    from analysis.fetch import fetch as fetch_series

    if not args.api_key:
        print(
            "error: give --api-key or set EIA_API_KEY (free at eia.gov/opendata)", file=sys.stderr
        )
        return EXIT_FAILED
    try:
        fetch_series(args.series, args.api_key, args.data, base_url=args.base_url)
    except FetchError as error:
        print(f"error: {error}; data/raw was not changed.", file=sys.stderr)
        return EXIT_FAILED
    except DataValidationError as error:
        return _report(error)
    return 0


def contract() -> int:
    """Rewrite docs/DATA_CONTRACT.md from the schemas and the contract."""
    from analysis.contract_doc import write_contract_document

    print(f"wrote {write_contract_document()}")
    return 0


def backtest(argv: list[str]) -> int:
    """Rebuild the backtest, its summary (from which the run picks the default model) and the
    sensitivity grid: minutes of fitting, so not part of `run`."""
    from analysis.backtest_outputs import run_and_write_backtest
    from analysis.params import RunParams

    defaults = RunParams()
    parser = argparse.ArgumentParser(
        prog="python -m analysis backtest",
        description="Backtest every counterfactual model (rules R1-R3) and rebuild the "
        "sensitivity grid; takes minutes.",
    )
    _add_common_arguments(
        parser,
        defaults.seed,
        BACKTEST_SIMULATIONS,
        "simulated paths per fit (coverage is a share of windows: its Monte Carlo error at "
        "1,000 paths is small beside its sampling error)",
    )
    args = parser.parse_args(argv)
    try:
        return run_and_write_backtest(
            args.data, args.out, seed=args.seed, simulations=args.simulations
        )
    except DataValidationError as error:
        return _report(error)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["contract"]:
        return contract()
    if argv[:1] == ["validate"]:
        return validate(_validate_parser().parse_args(argv[1:]).data)
    if argv[:1] == ["backtest"]:
        return backtest(argv[1:])
    if argv[:1] == ["fetch"]:
        return fetch(_fetch_parser().parse_args(argv[1:]))
    if argv[:1] == ["run"]:
        argv = argv[1:]
    return run(_run_parser().parse_args(argv))
