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
    # Paths each episode and model starts with. The Monte Carlo rule (manifest
    # monte_carlo_error) then sets the number per episode and model: while some published bound
    # (any day's running bound, every scenario and level) has a standard error of 1% of the
    # larger of its size and its interval's width or more, the paths are simulated again, more
    # of them (analysis/estimates.py, at most 16x the start). On the bundled data at 16,000
    # paths for all, the worst bound was at 1.45% (ar1_level, 2013-16); starting at 4,000, the
    # rule settles at 4,000-20,600 for the three other models and 4,000-46,300 for ar1_level.
    simulations: int = 4_000
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
