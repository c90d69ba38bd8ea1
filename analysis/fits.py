"""One maximum-likelihood fit per (model, baseline) in a run, shared by the steps that need it.

The estimates fit every model on each episode's baseline; the projection then needs the default
model on the same baselines, and the replay the default model on each distinct vintage baseline
(often the same one again, and once per round of the Monte Carlo rule). A fit and its Hessian
depend on the baseline's months and values and the model only, so a fit made once gives every
step the same numbers as fitting again; only the draws (each step's own seed) differ.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.counterfactual import FittedModel, fit_model


class FitCache:
    """FittedModels of one run, keyed on the model and the baseline's months and values (NaN
    gaps included): nothing from outside the baseline decides whether a fit is reused."""

    def __init__(self) -> None:
        self._fits: dict[tuple[str, bytes, bytes, bytes], FittedModel] = {}

    def get(self, baseline: pd.Series, model: str) -> FittedModel:
        """The fit of `model` on `baseline`, made on first request (fit_model)."""
        values = baseline.to_numpy(dtype=float)
        gaps = np.isnan(values)
        key = (
            model,
            pd.DatetimeIndex(baseline.index).as_unit("ns").asi8.tobytes(),
            gaps.tobytes(),
            np.where(gaps, 0.0, values).tobytes(),
        )
        if key not in self._fits:
            self._fits[key] = fit_model(baseline, model)
        return self._fits[key]

    def __len__(self) -> int:
        return len(self._fits)
