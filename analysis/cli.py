"""Command line: ``validate`` checks the raw tables; ``run`` (the default) rebuilds the outputs;
``contract`` regenerates docs/DATA_CONTRACT.md.

Every failure prints one line per problem (file, line, column) and exits non-zero; nothing in the
output folder changes unless the whole run succeeded.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis.errors import DataValidationError
from analysis.load import default_data_dir, load_raw

EXIT_INVALID = 1
EXIT_FAILED = 2


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


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    from analysis.params import RunParams

    defaults = RunParams()
    root = default_data_dir().parent
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="raw tables folder")
    parser.add_argument("--out", type=Path, default=root / "processed", help="output folder")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="random seed")
    parser.add_argument(
        "--simulations", type=int, default=defaults.simulations, help="simulated paths per model"
    )
    parser.add_argument(
        "--level", type=float, default=defaults.level, help="default interval level, e.g. 0.95"
    )


def _report(error: DataValidationError) -> int:
    for problem in error.problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{len(error.problems)} problem(s) found; nothing was written.", file=sys.stderr)
    return EXIT_INVALID


def validate(data_dir: Path) -> int:
    try:
        tables = load_raw(data_dir)
    except DataValidationError as error:
        return _report(error)
    rows = sum(len(frame) for _, frame in tables.items())
    print(f"{data_dir}: {len(tables.items())} tables, {rows:,} rows, all checks passed.")
    return 0


def run(args: argparse.Namespace) -> int:
    from analysis.pipeline import run_and_write

    try:
        return run_and_write(
            args.data, args.out, seed=args.seed, simulations=args.simulations, level=args.level
        )
    except DataValidationError as error:
        return _report(error)


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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["contract"]:
        return contract()
    if argv[:1] == ["validate"]:
        return validate(_validate_parser().parse_args(argv[1:]).data)
    if argv[:1] == ["fetch"]:
        return fetch(_fetch_parser().parse_args(argv[1:]))
    if argv[:1] == ["run"]:
        argv = argv[1:]
    return run(_run_parser().parse_args(argv))
