"""Write the processed tables and manifest: fixed columns, fixed formatting, atomic swap.

Byte-identical reruns need a stable row order and fixed decimals (floats differ in the last bit
across code paths, printed digits must not). Atomic: everything is written to a temporary folder
beside `out_dir` and swapped in with renames, so a failure leaves the old folder untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from analysis.schemas import TABLES

RAW_COPIES = (
    "episodes",
    "events",
    "exports",
    "price_scenarios",
    "production_reported",
    "reported_losses",
    "sources",
)
KEYS = ["episode_id", "model", "price_scenario", "interval_level"]
COLUMNS: dict[str, list[str]] = {
    "daily_impact": [
        *KEYS,
        "date",
        "actual_bpd",
        "counterfactual_bpd",
        "counterfactual_lower_bpd",
        "counterfactual_upper_bpd",
        "lost_bpd",
        "price_usd_bbl",
        "cum_lost_barrels",
        "cum_lost_barrels_lower",
        "cum_lost_barrels_upper",
        "cum_loss_usd",
        "cum_loss_usd_lower",
        "cum_loss_usd_upper",
        "reported_cum_loss_usd",
    ],
    "episode_summary": [
        "episode_id",
        "name",
        "model",
        "price_scenario",
        "interval_level",
        "start",
        "end",
        "days",
        "baseline_bpd",
        "lost_barrels",
        "lost_barrels_lower",
        "lost_barrels_upper",
        "loss_usd",
        "loss_usd_lower",
        "loss_usd_upper",
        "reported_loss_usd",
        "reported_as_of",
        "estimate_to_reported",
        "recovery_month",
        "recovery_days",
        "converged",
    ],
    "reported_vs_estimated": [
        *KEYS,
        "statement_date",
        "as_of_date",
        "effective_date",
        "date_basis",
        "reported_cum_loss_usd",
        "cum_loss_usd",
        "cum_loss_usd_lower",
        "cum_loss_usd_upper",
        "ratio",
        "covered",
        "source_id",
    ],
    "model_comparison": [
        *KEYS,
        "baseline_bpd",
        "baseline_rmse_bpd",
        "lost_barrels",
        "lost_barrels_lower",
        "lost_barrels_upper",
        "loss_usd",
        "loss_usd_lower",
        "loss_usd_upper",
        "converged",
    ],
    "placebo": [
        "episode_id",
        "model",
        "placebo_start",
        "placebo_end",
        "days",
        "lost_barrels",
        "loss_usd",
    ],
    "its_effects": [
        "episode_id",
        "term",
        "estimate_bpd",
        "ci_lower_bpd",
        "ci_upper_bpd",
        "p_value",
        "interval_level",
        "hac_maxlags",
    ],
    "regimes": ["month", "production_bpd", "prob_disrupted", "flagged", "episode_id"],
    "revenue_decomposition": [
        "year",
        "production_bpd",
        "days",
        "brent_usd_bbl",
        "gross_value_usd",
        "change_usd",
        "volume_effect_usd",
        "price_effect_usd",
        "interaction_effect_usd",
        "noc_reported_revenue_usd",
    ],
    "claims_check": [
        "claim_id",
        "claim",
        "metric",
        "claimed_value",
        "unit",
        "measured_value",
        "verdict",
        "factor",
        "explanation",
        "verdict_text",
        "source_id",
    ],
    "monthly_series": ["month", "series", "production_bpd", "source_id"],
    "prices": ["date", "price_scenario", "price_usd_bbl"],
    # Validated copies of raw tables keep the raw contract's columns.
    **{name: TABLES[name].column_names for name in RAW_COPIES},
}
SORT: dict[str, list[str]] = {
    "daily_impact": [*KEYS, "date"],
    "episode_summary": ["episode_id", "model", "price_scenario", "interval_level"],
    "reported_vs_estimated": [*KEYS, "statement_date", "as_of_date", "source_id"],
    "episodes": ["start", "episode_id"],
    "price_scenarios": ["price_scenario"],
    "model_comparison": KEYS,
    "placebo": ["episode_id", "model", "placebo_start"],
    "its_effects": ["episode_id", "interval_level", "term"],
    "regimes": ["month"],
    "revenue_decomposition": ["year"],
    "claims_check": ["claim_id"],
    "monthly_series": ["series", "month"],
    "prices": ["price_scenario", "date"],
    "events": ["event_id"],
    "exports": ["period_type", "period", "source_id"],
    "production_reported": ["date", "source_id"],
    "reported_losses": ["episode_id", "statement_date", "source_id"],
    "sources": ["source_id"],
}
MONTH_COLUMNS = {"month", "recovery_month", "baseline_start", "baseline_end"}
DATE_COLUMNS = {
    "date",
    "start",
    "end",
    "end_date",
    "placebo_start",
    "placebo_end",
    "statement_date",
    "as_of_date",
    "effective_date",
    "reported_as_of",
    "accessed",
}
# Decimal places by column-name pattern, first match wins; 0 decimals are written as integers.
DECIMALS: list[tuple[str, int]] = [
    ("interval_level", 4),
    ("prob_disrupted", 4),
    ("p_value", 6),
    ("ratio", 4),
    ("estimate_to_reported", 4),
    ("factor", 4),
    ("claimed_value", 6),
    ("measured_value", 6),
    ("brent_usd_bbl", 4),
    ("price_usd_bbl", 2),
    ("differential_usd_bbl", 2),
    ("_bpd", 0),
    ("barrels", 0),
    ("_usd", 0),
    ("days", 0),
    ("year", 0),
    ("hac_maxlags", 0),
]


def _decimals(column: str) -> int | None:
    for pattern, places in DECIMALS:
        if pattern in column:
            return places
    return None


def format_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Contract columns in contract order, fixed decimals, ISO dates, stable row order."""
    missing = [c for c in COLUMNS[name] if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing columns {missing}")
    out = frame[COLUMNS[name]].sort_values(SORT[name], kind="stable", ignore_index=True)
    for col in out.columns:
        s = out[col]
        if col in DATE_COLUMNS | MONTH_COLUMNS:
            s = pd.to_datetime(s)  # also when built from Timestamps and None (object dtype)
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m" if col in MONTH_COLUMNS else "%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "true", False: "false"}).astype("str")
        elif pd.api.types.is_numeric_dtype(s):
            places = _decimals(col)
            if places == 0:
                rounded = s.astype("float64").round(0)
                whole = rounded.notna().all()
                out[col] = rounded.astype("int64" if whole else "Int64")
            elif places is not None:
                out[col] = s.astype("float64").round(places)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_outputs(tables: dict[str, pd.DataFrame], manifest: dict, out_dir: Path) -> dict:
    """Write every table and manifest.json to `out_dir` atomically; return the final manifest.

    The manifest gains `outputs` (file, sha256, rows). On any error the temporary folder is
    removed and an existing `out_dir` is left as it was.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    if set(tables) != set(COLUMNS):
        raise ValueError(f"tables do not match the contract: {sorted(set(tables) ^ set(COLUMNS))}")
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{out_dir.name}-", dir=out_dir.parent))
    try:
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
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


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
