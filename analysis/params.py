"""Run parameters and the default selection: everything that can change a result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis.counterfactual import MODELS

DEFAULT_EPISODE = "2020"
DEFAULT_SCENARIO = "brent"


@dataclass(frozen=True)
class RunParams:
    """Everything that can change a result; recorded in the manifest."""

    seed: int = 20200118
    # Paths per model, set by the Monte Carlo rule (manifest monte_carlo_error): each episode
    # total's bound has a standard error below 1% of the larger of its size and its interval's
    # width. Measured on the bundled data: worst 3.2% at 1,000 paths, 0.87% at 12,000, 0.73% at
    # 16,000 (where the daily running bounds also pass).
    simulations: int = 16_000
    interval_levels: tuple[float, ...] = (0.8, 0.9, 0.95)
    level: float = 0.95
    series: str = "eia_steo_copr"
    models: tuple[str, ...] = MODELS
    recovery_horizon_months: int = 24
    placebo_min_fit_months: int = 12
    its_post_months: int = 12
    regime_start: str = "2010-01"
    regime_search_reps: int = 10
    revenue_first_year: int = 2010
    claim_tolerance: float = 0.15
    # The day ongoing episodes are estimated to (YYYY-MM-DD); None: the latest day any input
    # covers (analysis.actual.default_as_of).
    as_of: str | None = None
    data_dir: Path | None = field(default=None, compare=False)
    # Folder holding backtest_summary.csv, from which R3 picks the default model; None: the
    # committed data/processed.
    backtest_dir: Path | None = field(default=None, compare=False)

    @property
    def levels(self) -> tuple[float, ...]:
        """The standard interval levels plus the requested default level."""
        return tuple(sorted({*self.interval_levels, self.level}))
