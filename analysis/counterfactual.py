"""Counterfactual production: what the baseline window says output would have been.

Four models, all reported; the default is chosen by rule R3 from the backtest
(analysis/backtest.py), never by agreement with NOC:

  mean         y_t = b0 + u_t with AR(1) errors u_t = phi u_{t-1} + e_t
  ols_trend    y_t = b0 + b1 t + u_t with AR(1) errors
  local_level  random-walk level plus noise (structural time series)
  ar1_level    local level plus a mean-reverting AR(1) component plus noise

Every model is fitted by maximum likelihood (statsmodels state space) and its simulated paths
carry parameter uncertainty: parameters are drawn from a normal approximation in statsmodels'
unconstrained parameter space (inverse of the negative numerical Hessian of the log-likelihood),
and for each draw the state at the end of the baseline is filtered again before the path is
simulated forward. Without this the intervals were too narrow in the backtest (a 24-month
baseline does not pin the noise and persistence down). ar1_level's parameters are not
identified on such a baseline, so its draws are also screened by the likelihood
(ar1_level_draws). Intervals on sums come from the paths, never from adding pointwise bounds.
Fitted in thousand b/d for numerical stability, reported in b/d.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

MODELS = ("mean", "ols_trend", "local_level", "ar1_level")
SCALE = 1000.0
DIFFUSE = 1e6  # variance of the approximately diffuse prior on the first level, (thousand b/d)^2
# ar1_level's parameter draws are kept inside this likelihood-ratio region (ar1_level_draws);
# candidates per batch at most, and in all at most MAX_CANDIDATES per path asked for.
LR_REGION = 0.999
BATCH_LIMIT = 200_000
MAX_CANDIDATES = 1_000


@dataclass(frozen=True)
class Counterfactual:
    """A fitted counterfactual over `months` (b/d); `paths` has shape (simulations, months).

    `hessian_repaired`: the log-likelihood's Hessian was not negative definite at the estimate
    (a variance on its zero boundary) and its eigenvalues were made positive before drawing.
    """

    model: str
    months: pd.DatetimeIndex
    mean: np.ndarray
    lower: dict[float, np.ndarray]
    upper: dict[float, np.ndarray]
    paths: np.ndarray
    baseline_rmse_bpd: float
    converged: bool
    hessian_repaired: bool = False


def _horizon(baseline: pd.Series, months: pd.DatetimeIndex) -> np.ndarray:
    """Steps ahead of the baseline's last month for each forecast month (1 = next month)."""
    last = baseline.index[-1].to_period("M")
    steps = np.array([(m.to_period("M") - last).n for m in months])
    if (steps < 1).any():
        raise ValueError("forecast months must come after the baseline window")
    return steps


def _check_baseline(baseline: pd.Series) -> None:
    """Consecutive months (gaps as NaN, e.g. other episodes' months) with 3+ observed."""
    if baseline.notna().sum() < 3:
        raise ValueError("baseline needs at least 3 observed months")
    expected = pd.date_range(baseline.index[0], baseline.index[-1], freq="MS")
    if not baseline.index.equals(expected):
        raise ValueError("baseline months must be consecutive (gaps as NaN)")


def _design(model: str, start: int, n: int) -> np.ndarray | None:
    """Regressors of the AR(1)-error models for time points start..start+n-1 (None otherwise).

    A constant (and a trend) as regressors rather than SARIMAX's trend='c'/'ct': the same model
    for |phi| < 1, but the drift of trend='ct' is b1 (1 - phi), which explodes in draws of phi
    near 1.
    """
    t = np.arange(start, start + n, dtype=float)
    if model == "mean":
        return np.ones((n, 1))
    if model == "ols_trend":
        return np.column_stack([np.ones(n), t])
    return None


def _state_space(model: str, y: np.ndarray) -> Any:
    from statsmodels.tsa.statespace.sarimax import SARIMAX
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    if model in ("mean", "ols_trend"):
        return SARIMAX(y, exog=_design(model, 0, len(y)), order=(1, 0, 0), trend="n")
    if model == "local_level":
        return UnobservedComponents(y, level="llevel")
    if model == "ar1_level":
        return UnobservedComponents(y, level="llevel", autoregressive=1)
    raise ValueError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}")


def _fit(mod: Any) -> tuple[Any, bool]:
    """Maximum likelihood; convergence is read from mle_retvals and reported, so the warning is
    silenced here only (as is SARIMAX's warning about its own starting values).

    Only the filter is kept: nothing here uses statsmodels' parameter covariance (_draw_factor
    computes its own Hessian) or the smoothed states, and skipping both saves a third of a fit.
    The estimates, fitted values and forecasts are the same.
    """
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, EstimationWarning
    from statsmodels.tsa.statespace.kalman_filter import MEMORY_NO_SMOOTHING

    mod.ssm.set_conserve_memory(MEMORY_NO_SMOOTHING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", EstimationWarning)
        res = mod.fit(disp=False, cov_type="none")
    return res, bool(res.mle_retvals.get("converged", False))


def transform_draws(names: list[str], u: np.ndarray) -> np.ndarray:
    """statsmodels' transform_params for these four models, applied to every row of `u` at once
    (one call per draw cost seconds at 16,000 draws): variances are squared, an AR(1)
    coefficient is -u / sqrt(1 + u^2) as in constrain_stationary_univariate, regression
    coefficients are kept. A test checks it equals mod.transform_params draw by draw.
    """
    out = u.copy()
    for i, name in enumerate(names):
        if name.startswith("sigma2"):
            out[:, i] = u[:, i] ** 2
        elif name == "ar.L1":
            out[:, i] = -(u[:, i] / ((1 + u[:, i] ** 2) ** 0.5))
        elif name not in ("const", "x1"):
            raise ValueError(f"no vectorised transform for parameter {name!r}")
    return out


def _draw_factor(mod: Any, res: Any) -> tuple[np.ndarray, np.ndarray, bool]:
    """The estimate in unconstrained space, a factor F with F F' = its covariance, and whether
    the Hessian was repaired: computed once per fit, however many paths are drawn from it.

    The precision is the negative numerical Hessian of loglike(u, transformed=False); when it is
    not positive definite (a variance at zero), eigenvalues are made absolute and floored.
    """
    from statsmodels.tools.numdiff import approx_hess3

    u_hat = np.asarray(mod.untransform_params(np.asarray(res.params)), dtype=float)
    hess = approx_hess3(u_hat, lambda u: mod.loglike(u, transformed=False))
    w, v = np.linalg.eigh(-0.5 * (hess + hess.T))
    repaired = bool((w <= 0).any() or not np.isfinite(w).all())
    if repaired:
        w = np.abs(np.nan_to_num(w, nan=0.0))
        w = np.maximum(w, 1e-8 * max(float(w.max()), 1e-12))
    return u_hat, v / np.sqrt(w), repaired


def _draws(
    mod: Any, u_hat: np.ndarray, factor: np.ndarray, n: int, rng: np.random.Generator
) -> np.ndarray:
    u = u_hat + rng.standard_normal((n, len(u_hat))) @ factor.T
    return transform_draws(list(mod.param_names), u)


def kalman_end_state(
    y: np.ndarray,
    z: np.ndarray,
    t: np.ndarray,
    rqr: np.ndarray,
    h: np.ndarray,
    a0: np.ndarray,
    p0: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Filtered state mean (N, m) and covariance (N, m, m) at the last observation time for N
    time-invariant systems at once (one per parameter draw); NaN observations are skipped.

    y (N, n); z (m,); t, rqr, p0 (N, m, m); h (N,); a0 (N, m).
    """
    if len(z) == 1:
        return _kalman_end_state_1d(y, float(z[0]), t[:, 0, 0], rqr[:, 0, 0], h, a0[:, 0], p0)
    if len(z) == 2 and not (t[:, 0, 1].any() or t[:, 1, 0].any()):
        return _kalman_end_state_2d_diagonal(y, z, t, rqr, h, a0, p0)[:2]
    return _kalman_end_state_general(y, z, t, rqr, h, a0, p0)


def _kalman_end_state_general(
    y: np.ndarray,
    z: np.ndarray,
    t: np.ndarray,
    rqr: np.ndarray,
    h: np.ndarray,
    a0: np.ndarray,
    p0: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """kalman_end_state for any state size, with batched matrix products."""
    a, p = a0.copy(), p0.copy()
    n = y.shape[1]
    for k in range(n):
        yk = y[:, k]
        obs = ~np.isnan(yk)
        if obs.any():
            v = np.where(obs, yk - a @ z, 0.0)
            pz = p @ z
            f = np.maximum(pz @ z + h, 1e-12)
            gain = np.where(obs[:, None], pz / f[:, None], 0.0)
            a = a + gain * v[:, None]
            p = p - gain[:, :, None] * pz[:, None, :]
        if k < n - 1:
            a = np.einsum("nij,nj->ni", t, a)
            p = t @ p @ np.swapaxes(t, 1, 2) + rqr
    return a, 0.5 * (p + np.swapaxes(p, 1, 2))


def _kalman_end_state_1d(
    y: np.ndarray,
    z: float,
    t: np.ndarray,
    rqr: np.ndarray,
    h: np.ndarray,
    a0: np.ndarray,
    p0: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """kalman_end_state for a one-element state: the same operations on (N,) arrays instead of
    batched 1 x 1 matrix products, which cost most of the time for three of the four models."""
    a, p = a0.copy(), p0[:, 0, 0].copy()
    n = y.shape[1]
    for k in range(n):
        yk = y[:, k]
        obs = ~np.isnan(yk)
        if obs.any():
            v = np.where(obs, yk - a * z, 0.0)
            pz = p * z
            f = np.maximum(pz * z + h, 1e-12)
            gain = np.where(obs, pz / f, 0.0)
            a = a + gain * v
            p = p - gain * pz
        if k < n - 1:
            a = t * a
            p = t * p * t + rqr
    return a[:, None], p[:, None, None]


# Systems (parameter draws) filtered or simulated at a time: each step's temporaries stay in
# cache. On all of a batch of ar1_level candidates at once (up to 200,000) every operation wrote
# a fresh array of megabytes, and the filter ran twice as long. Systems are independent, so the
# numbers are the same.
DRAW_CHUNK = 8192


def _kalman_end_state_2d_diagonal(
    y: np.ndarray,
    z: np.ndarray,
    t: np.ndarray,
    rqr: np.ndarray,
    h: np.ndarray,
    a0: np.ndarray,
    p0: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """kalman_end_state for two states and a diagonal transition (ar1_level), written out on
    (N,) arrays: each product of the general loop has at most two terms, one of them an exact
    zero here, so the numbers are the same and the batched 2 x 2 products are avoided. Filtered
    DRAW_CHUNK systems at a time.

    Also returns each system's Gaussian log-likelihood (N,) of the observations after the first
    observed one (whose prediction is the diffuse prior's), which screens ar1_level's draws.
    """
    chunks = (slice(lo, lo + DRAW_CHUNK) for lo in range(0, max(len(y), 1), DRAW_CHUNK))
    parts = [_filter_2d_diagonal(y[c], z, t[c], rqr[c], h[c], a0[c], p0[c]) for c in chunks]
    a, p, loglike = (np.concatenate(part) for part in zip(*parts, strict=True))
    return a, p, loglike


def _filter_2d_diagonal(
    y: np.ndarray,
    z: np.ndarray,
    t: np.ndarray,
    rqr: np.ndarray,
    h: np.ndarray,
    a0: np.ndarray,
    p0: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """_kalman_end_state_2d_diagonal on one chunk of systems."""
    z0, z1 = float(z[0]), float(z[1])
    t0, t1 = t[:, 0, 0], t[:, 1, 1]
    a0_, a1 = a0[:, 0].copy(), a0[:, 1].copy()
    p00, p01, p10, p11 = (p0[:, i, j].copy() for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)))
    n = y.shape[1]
    loglike = np.zeros(len(y))
    seen = np.zeros(len(y), dtype=bool)
    for k in range(n):
        yk = y[:, k]
        obs = ~np.isnan(yk)
        if obs.any():
            v = np.where(obs, yk - (a0_ * z0 + a1 * z1), 0.0)
            pz0, pz1 = p00 * z0 + p01 * z1, p10 * z0 + p11 * z1
            f = np.maximum((pz0 * z0 + pz1 * z1) + h, 1e-12)
            counted = obs & seen
            loglike -= np.where(counted, 0.5 * (np.log(2 * np.pi * f) + v * v / f), 0.0)
            seen |= obs
            g0, g1 = np.where(obs, pz0 / f, 0.0), np.where(obs, pz1 / f, 0.0)
            a0_, a1 = a0_ + g0 * v, a1 + g1 * v
            p00, p01 = p00 - g0 * pz0, p01 - g0 * pz1
            p10, p11 = p10 - g1 * pz0, p11 - g1 * pz1
        if k < n - 1:
            a0_, a1 = t0 * a0_, t1 * a1
            p00 = t0 * p00 * t0 + rqr[:, 0, 0]
            p01 = t0 * p01 * t1 + rqr[:, 0, 1]
            p10 = t1 * p10 * t0 + rqr[:, 1, 0]
            p11 = t1 * p11 * t1 + rqr[:, 1, 1]
    a = np.column_stack([a0_, a1])
    p = np.stack([np.column_stack([p00, p01]), np.column_stack([p10, p11])], axis=1)
    return a, 0.5 * (p + np.swapaxes(p, 1, 2)), loglike


def _sqrt_psd(p: np.ndarray) -> np.ndarray:
    """Square roots of (N, m, m) positive semi-definite matrices (eigh: safe when singular)."""
    w, v = np.linalg.eigh(p)
    return v * np.sqrt(np.clip(w, 0.0, None))[:, None, :]


def simulate_forward(
    a: np.ndarray,
    p: np.ndarray,
    z: np.ndarray,
    t: np.ndarray,
    rqr: np.ndarray,
    h: np.ndarray,
    steps: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Paths (N, steps) of the observations after the last one, from the filtered N(a, p)."""
    n, m = a.shape
    state = a + np.einsum("nij,nj->ni", _sqrt_psd(p), rng.standard_normal((n, m)))
    q = _sqrt_psd(rqr)
    eta = rng.standard_normal((steps, n, m))
    eps = rng.standard_normal((steps, n)) * np.sqrt(np.clip(h, 0.0, None))
    out = np.empty((n, steps))
    for lo in range(0, n, DRAW_CHUNK):  # the draws are made: only the arithmetic is chunked
        c = slice(lo, lo + DRAW_CHUNK)
        s = state[c]
        for k in range(steps):
            s = np.einsum("nij,nj->ni", t[c], s) + np.einsum("nij,nj->ni", q[c], eta[k, c])
            out[c, k] = s @ z + eps[k, c]
    return out


def _paths(
    model: str,
    names: list[str],
    theta: np.ndarray,
    y: np.ndarray,
    steps: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Simulated paths (draws, steps) given parameter draws `theta` (draws, k), thousand b/d."""
    n = len(theta)
    if model in ("mean", "ols_trend"):
        x, xf = _design(model, 0, len(y)), _design(model, len(y), steps)
        assert x is not None and xf is not None
        k = x.shape[1]
        beta, phi, sigma2 = theta[:, :k], theta[:, k], theta[:, k + 1]
        resid = y[None, :] - beta @ x.T  # the AR(1) errors, observed without noise
        t, rqr = phi[:, None, None], sigma2[:, None, None]
        p0 = (sigma2 / (1 - phi**2))[:, None, None]
        zero = np.zeros(n)
        a, p = kalman_end_state(resid, np.ones(1), t, rqr, zero, np.zeros((n, 1)), p0)
        return beta @ xf.T + simulate_forward(a, p, np.ones(1), t, rqr, zero, steps, rng)
    if model == "local_level":
        par = {name: theta[:, i] for i, name in enumerate(names)}
        z = np.ones(1)
        t = np.ones((n, 1, 1))
        rqr = par["sigma2.level"][:, None, None]
        p0 = np.full((n, 1, 1), DIFFUSE)
        a0 = np.full((n, 1), y[~np.isnan(y)][0])
        h = par["sigma2.irregular"]
        a, p = kalman_end_state(np.broadcast_to(y, (n, len(y))), z, t, rqr, h, a0, p0)
        return simulate_forward(a, p, z, t, rqr, h, steps, rng)
    raise ValueError(f"{model!r} draws its paths with ar1_level_draws")


def _ar1_level_filter(names: list[str], theta: np.ndarray, y: np.ndarray) -> tuple[Any, ...]:
    """ar1_level's system for each draw in `theta` and the filter's end state and
    log-likelihood: (z, t, rqr, h, a, p, loglike), the last three batched over the draws."""
    n = len(theta)
    par = {name: theta[:, i] for i, name in enumerate(names)}
    phi, s2 = par["ar.L1"], par["sigma2.ar"]
    z = np.ones(2)
    t = np.zeros((n, 2, 2))
    t[:, 0, 0], t[:, 1, 1] = 1.0, phi
    rqr = np.zeros((n, 2, 2))
    rqr[:, 0, 0], rqr[:, 1, 1] = par["sigma2.level"], s2
    p0 = np.zeros((n, 2, 2))
    p0[:, 0, 0], p0[:, 1, 1] = DIFFUSE, s2 / (1 - phi**2)
    a0 = np.zeros((n, 2))
    a0[:, 0] = y[~np.isnan(y)][0]
    h = par["sigma2.irregular"]
    yy = np.broadcast_to(y, (n, len(y)))
    a, p, loglike = _kalman_end_state_2d_diagonal(yy, z, t, rqr, h, a0, p0)
    return z, t, rqr, h, a, p, loglike


def ar1_level_draws(
    fitted: FittedModel, y: np.ndarray, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """ar1_level's parameter draws (n, k) screened by the likelihood, and their systems with the
    filtered end state (t, rqr, h, a, p): a draw from the normal approximation is kept only inside
    the LR_REGION likelihood-ratio region, 2 (loglike(estimate) - loglike(draw)) <=
    chi2(LR_REGION, k), and drawn again otherwise.

    Why: three noise sources on 12-24 months leave ar1_level's parameters unidentified at most
    estimates (an AR(1) near phi = 0 is the irregular, near phi = 1 a second level, and phi is
    free when the AR variance is at zero), so the Hessian is near singular and its normal
    approximation drew variances thousands of times the data's and AR coefficients of +-1 that
    the data reject outright. Candidates are drawn in batches from the same generator and kept in
    the order drawn, so a seed and n give the same draws.
    """
    from scipy.stats import chi2

    if n < 1:
        raise ValueError(f"ar1_level_draws needs at least one draw, got n={n}")
    names = list(fitted.mod.param_names)
    estimate = np.asarray(fitted.res.params, dtype=float)[None, :]
    limit = _ar1_level_filter(names, estimate, y)[-1][0] - 0.5 * chi2.ppf(LR_REGION, len(names))
    kept: list[tuple[np.ndarray, ...]] = []
    count = drawn = 0
    while count < n:
        if drawn >= MAX_CANDIDATES * n:
            raise ValueError(
                f"ar1_level: {count} of {drawn} parameter draws inside the likelihood-ratio "
                f"region, fewer than {n} after {MAX_CANDIDATES}x{n} candidates"
            )
        rate = max(count, 1) / max(drawn, 1)
        size = min(BATCH_LIMIT, max(n, math.ceil(1.2 * (n - count) / rate)))
        theta = _draws(fitted.mod, fitted.u_hat, fitted.factor, size, rng)
        drawn += size
        _, t, rqr, h, a, p, loglike = _ar1_level_filter(names, theta, y)
        ok = np.flatnonzero(loglike >= limit)[: n - count]
        kept.append((theta[ok], t[ok], rqr[ok], h[ok], a[ok], p[ok]))
        count += len(ok)
    theta, *system = (np.concatenate(parts) for parts in zip(*kept, strict=True))
    return theta, tuple(system)


def _point(model: str, res: Any, n: int, steps: int) -> np.ndarray:
    """Forecast at the estimated parameters for the `steps` months after the baseline."""
    exog = _design(model, n, steps)
    fc = res.get_forecast(steps, exog=exog) if exog is not None else res.get_forecast(steps)
    return np.asarray(fc.predicted_mean)


@dataclass(frozen=True)
class FittedModel:
    """A model fitted by maximum likelihood on one baseline, with what its path draws need: the
    fit and its Hessian are computed once, then any number of paths can be simulated from it
    (the Monte Carlo rule may ask for more paths; see analysis/estimates.py)."""

    model: str
    baseline: pd.Series
    mod: Any
    res: Any
    converged: bool
    u_hat: np.ndarray
    factor: np.ndarray
    hessian_repaired: bool

    def counterfactual(
        self,
        months: pd.DatetimeIndex,
        levels: tuple[float, ...],
        n_sims: int,
        rng: np.random.Generator,
    ) -> Counterfactual:
        """The point forecast and `n_sims` simulated paths over `months` (b/d).

        The point is the forecast at the estimated parameters; pointwise bounds are quantiles
        of the simulated paths, so they include parameter uncertainty as the sums' intervals do.
        """
        steps = _horizon(self.baseline, months)
        y = self.baseline.to_numpy(dtype=float) / SCALE
        horizon = int(steps.max())
        keep = steps - 1
        if self.model == "ar1_level":
            _, (t, rqr, h, a, p) = ar1_level_draws(self, y, n_sims, rng)
            paths = simulate_forward(a, p, np.ones(2), t, rqr, h, horizon, rng)[:, keep]
        else:
            theta = _draws(self.mod, self.u_hat, self.factor, n_sims, rng)
            names = list(self.mod.param_names)
            paths = _paths(self.model, names, theta, y, horizon, rng)[:, keep]
        # one contiguous row of draws per month: np.quantile along strided columns was 10x slower
        probs = [q for lv in levels for q in ((1 - lv) / 2, (1 + lv) / 2)]
        bounds = np.quantile(np.ascontiguousarray(paths.T), probs, 1)
        fitted = np.asarray(self.res.fittedvalues, dtype=float).copy()
        fitted[0] = np.nan  # the first one-step prediction has no past to predict from
        rmse = float(np.sqrt(np.nanmean((y - fitted) ** 2))) * SCALE
        return Counterfactual(
            model=self.model,
            months=months,
            mean=_point(self.model, self.res, len(y), horizon)[keep] * SCALE,
            lower={lv: bounds[2 * i] * SCALE for i, lv in enumerate(levels)},
            upper={lv: bounds[2 * i + 1] * SCALE for i, lv in enumerate(levels)},
            paths=paths * SCALE,
            baseline_rmse_bpd=rmse,
            converged=self.converged,
            hessian_repaired=self.hessian_repaired,
        )


def fit_model(baseline: pd.Series, model: str) -> FittedModel:
    """Fit `model` on the monthly `baseline` (b/d, NaN for gap months) and its Hessian."""
    _check_baseline(baseline)
    y = baseline.to_numpy(dtype=float) / SCALE
    mod = _state_space(model, y)
    res, converged = _fit(mod)
    u_hat, factor, repaired = _draw_factor(mod, res)
    # a copy: a caller editing its Series later must not change what this fit filters
    return FittedModel(model, baseline.copy(), mod, res, converged, u_hat, factor, repaired)


def fit_counterfactual(
    baseline: pd.Series,
    months: pd.DatetimeIndex,
    model: str,
    levels: tuple[float, ...],
    n_sims: int,
    rng: np.random.Generator,
) -> Counterfactual:
    """Fit `model` on the monthly `baseline` (b/d, NaN for gap months); forecast `months` with
    `n_sims` simulated paths (FittedModel.counterfactual)."""
    _check_baseline(baseline)
    _horizon(baseline, months)  # fail before fitting
    return fit_model(baseline, model).counterfactual(months, levels, n_sims, rng)


def point_forecast(baseline: pd.Series, months: pd.DatetimeIndex, model: str) -> np.ndarray:
    """Point forecast only (no Hessian, no paths): the cheap path used by the placebo runs."""
    _check_baseline(baseline)
    steps = _horizon(baseline, months)
    y = baseline.to_numpy(dtype=float) / SCALE
    res, _ = _fit(_state_space(model, y))
    return _point(model, res, len(y), int(steps.max()))[steps - 1] * SCALE
