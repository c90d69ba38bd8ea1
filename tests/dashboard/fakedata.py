"""Synthetic processed tables that follow analysis/contract.py (test data, never shipped).

Column lists, column order and how flags are written come from the contract; the values are
made up here.

Numbers are invented but shaped like the real ones (a 2020 blockade cutting ~1.2 million b/d,
NOC's reported running totals, a 21 August 2020 cease-fire), so figures and KPIs can be checked.
"""

from __future__ import annotations

import hashlib
import json
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.backtest import summarise
from analysis.contract import PROCESSED_TABLES, columns_of
from analysis.projection import what_if_dates

MODELS = ("mean", "ols_trend", "local_level")
PRICES = ("brent", "brent_less_es_sider_diff")
LEVELS = (0.8, 0.9, 0.95)
Z = {0.8: 1.2816, 0.9: 1.6449, 0.95: 1.96}
MODEL_SCALE = {"mean": 1.0, "ols_trend": 0.95, "local_level": 1.05}
PRICE_DIFF = {"brent": 0.0, "brent_less_es_sider_diff": 1.5}

EPISODES = pd.DataFrame(
    {
        "episode_id": ["2018", "2020"],
        "name": ["2018 oil crescent closure", "2020 blockade"],
        "start": ["2018-06-14", "2020-01-18"],
        "end": ["2018-07-11", "2020-09-18"],
        "baseline_start": ["2016-06-01", "2018-01-01"],
        "baseline_end": ["2018-05-31", "2019-12-31"],
        "description": ["Oil crescent closure", "Eastern terminals and fields shut"],
        "source_id": ["src_reuters", "src_noc"],
    }
)
PRICE_SCENARIOS = pd.DataFrame(
    {
        "price_scenario": list(PRICES),
        "label": ["Brent", "Brent less the Es Sider differential"],
        "differential_usd_bbl": [PRICE_DIFF[p] for p in PRICES],
        "source_id": ["src_eia", "src_reuters"],
        "note": ["", "fixed differential"],
    }
)
BASELINE = {"2018": 1_000_000.0, "2020": 1_150_000.0}
DEPTH = {"2018": 0.4, "2020": 0.9}
RECOVERY_DAYS = {"2018": 20, "2020": 60}


def _daily_impact() -> pd.DataFrame:
    frames = []
    for ep in EPISODES.itertuples():
        start, end = pd.Timestamp(ep.start), pd.Timestamp(ep.end)
        dates = pd.date_range(start, end + pd.Timedelta(days=RECOVERY_DAYS[ep.episode_id]))
        inside = (dates <= end).astype(float)
        for model, price, level in product(MODELS, PRICES, LEVELS):
            cf = np.full(len(dates), BASELINE[ep.episode_id] * MODEL_SCALE[model])
            half = Z[level] * 40_000.0
            actual = cf * (1 - DEPTH[ep.episode_id] * inside) - 20_000 * (1 - inside)
            lost = cf - actual
            p = 60.0 + 10 * np.sin(np.arange(len(dates)) / 30) - PRICE_DIFF[price]
            cum = np.cumsum(lost)
            spread = Z[level] * 30_000.0 * np.sqrt(np.arange(1, len(dates) + 1))
            reported = np.full(len(dates), np.nan)
            if ep.episode_id == "2020":
                reported[dates == pd.Timestamp("2020-08-13")] = 8.22e9
            frames.append(
                pd.DataFrame(
                    {
                        "episode_id": ep.episode_id,
                        "model": model,
                        "price_scenario": price,
                        "interval_level": level,
                        "date": dates.strftime("%Y-%m-%d"),
                        "actual_bpd": actual.round(1),
                        "counterfactual_bpd": cf.round(1),
                        "counterfactual_lower_bpd": (cf - half).round(1),
                        "counterfactual_upper_bpd": (cf + half).round(1),
                        "lost_bpd": lost.round(1),
                        "price_usd_bbl": p.round(2),
                        "cum_lost_barrels": cum.round(0),
                        "cum_lost_barrels_lower": (cum - spread).round(0),
                        "cum_lost_barrels_upper": (cum + spread).round(0),
                        "cum_loss_usd": (cum * p).round(0),
                        "cum_loss_usd_lower": ((cum - spread) * p).round(0),
                        "cum_loss_usd_upper": ((cum + spread) * p).round(0),
                        "reported_cum_loss_usd": reported,
                        "basis": "eia_monthly",
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _episode_summary(daily: pd.DataFrame) -> pd.DataFrame:
    rows = []
    keys = ["episode_id", "model", "price_scenario", "interval_level"]
    for key, g in daily.groupby(keys, sort=True):
        ep = EPISODES.set_index("episode_id").loc[key[0]]
        last = g.iloc[-1]
        start, end = pd.Timestamp(ep["start"]), pd.Timestamp(ep["end"])
        reported = 8.22e9 if key[0] == "2020" else 9.2e8
        rows.append(
            {
                "episode_id": key[0],
                "name": ep["name"],
                "model": key[1],
                "price_scenario": key[2],
                "interval_level": key[3],
                "start": ep["start"],
                "end": ep["end"],
                "days": (end - start).days + 1,
                "baseline_bpd": g["counterfactual_bpd"].iloc[0],
                "lost_barrels": last["cum_lost_barrels"],
                "lost_barrels_lower": last["cum_lost_barrels_lower"],
                "lost_barrels_upper": last["cum_lost_barrels_upper"],
                "loss_usd": last["cum_loss_usd"],
                "loss_usd_lower": last["cum_loss_usd_lower"],
                "loss_usd_upper": last["cum_loss_usd_upper"],
                "reported_loss_usd": reported,
                "reported_as_of": "2020-08-13" if key[0] == "2020" else "2018-07-06",
                "estimate_to_reported": round(last["cum_loss_usd"] / reported, 3),
                "recovery_month": "2020-11" if key[0] == "2020" else "2018-08",
                "recovery_days": RECOVERY_DAYS[key[0]],
                "converged": True,
                "status": "ended",
                "as_of_date": "",
            }
        )
    return pd.DataFrame(rows)


def _reported_vs_estimated(daily: pd.DataFrame) -> pd.DataFrame:
    statements = [("2020-01-25", "2020-01-23", 2.566e8), ("2020-08-13", "2020-08-13", 8.22e9)]
    rows = []
    d = daily[daily["episode_id"] == "2020"].set_index("date")
    for model, price, level in product(MODELS, PRICES, LEVELS):
        g = d[(d["model"] == model) & (d["price_scenario"] == price)]
        g = g[g["interval_level"] == level]
        for stmt, as_of, value in statements:
            r = g.loc[as_of]
            rows.append(
                {
                    "episode_id": "2020",
                    "model": model,
                    "price_scenario": price,
                    "interval_level": level,
                    "statement_date": stmt,
                    "as_of_date": as_of,
                    "effective_date": as_of,
                    "date_basis": "stated",
                    "reported_cum_loss_usd": value,
                    "cum_loss_usd": r["cum_loss_usd"],
                    "cum_loss_usd_lower": r["cum_loss_usd_lower"],
                    "cum_loss_usd_upper": r["cum_loss_usd_upper"],
                    "ratio": round(r["cum_loss_usd"] / value, 3),
                    "covered": bool(r["cum_loss_usd_lower"] <= value <= r["cum_loss_usd_upper"]),
                    "source_id": "src_noc",
                }
            )
    return pd.DataFrame(rows)


def _model_comparison(summary: pd.DataFrame) -> pd.DataFrame:
    out = summary.assign(baseline_rmse_bpd=35_000.0)
    return out[list(PROCESSED_TABLES["model_comparison"].columns)]


def _placebo() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    rows = []
    for ep, model in product(EPISODES["episode_id"], MODELS):
        for i in range(12):
            start = pd.Timestamp(EPISODES.set_index("episode_id").loc[ep, "baseline_start"])
            start = start + pd.DateOffset(months=i)
            lost = float(rng.normal(0, 3e6))
            rows.append(
                {
                    "episode_id": ep,
                    "model": model,
                    "placebo_start": start.strftime("%Y-%m-%d"),
                    "placebo_end": (start + pd.Timedelta(days=90)).strftime("%Y-%m-%d"),
                    "days": 91,
                    "lost_barrels": round(lost),
                    "loss_usd": round(lost * 60),
                }
            )
    return pd.DataFrame(rows)


def _its() -> pd.DataFrame:
    terms = ("level_shift_start", "slope_change_start", "level_shift_end", "slope_change_end")
    rows = []
    for ep, level, (i, term) in product(EPISODES["episode_id"], LEVELS, enumerate(terms)):
        est = [-1_000_000.0, -5_000.0, 900_000.0, 4_000.0][i]
        half = Z[level] * abs(est) * 0.1
        rows.append(
            {
                "episode_id": ep,
                "term": term,
                "estimate_bpd": est,
                "ci_lower_bpd": est - half,
                "ci_upper_bpd": est + half,
                "p_value": 0.001 * (i + 1),
                "interval_level": level,
                "se_method": "HAC",
                "hac_maxlags": 12,
                "autocorrelation_lags": 12,
                "autocorrelation_p_value": 0.01,
                "term_note": None,
            }
        )
    return pd.DataFrame(rows)


def _monthly() -> pd.DataFrame:
    months = pd.date_range("2016-01-01", "2021-06-01", freq="MS")
    bpd = np.full(len(months), 1_100_000.0)
    bpd[(months >= "2018-06-01") & (months <= "2018-07-01")] = 700_000.0
    bpd[(months >= "2020-02-01") & (months <= "2020-09-01")] = 100_000.0
    bpd[months == pd.Timestamp("2020-01-01")] = 750_000.0
    return pd.DataFrame(
        {
            "month": months.strftime("%Y-%m"),
            "series": "eia_steo_copr",
            "production_bpd": bpd,
            "source_id": "src_eia",
        }
    )


def _regimes(monthly: pd.DataFrame) -> pd.DataFrame:
    m = monthly.copy()
    m["prob_disrupted"] = np.where(m["production_bpd"] < 800_000, 0.97, 0.03)
    m["flagged"] = m["prob_disrupted"] > 0.5
    in_2020 = m["month"].between("2020-01", "2020-09")
    m["episode_id"] = np.where(in_2020, "2020", "")
    return m[list(PROCESSED_TABLES["regimes"].columns)]


def _revenue() -> pd.DataFrame:
    years = list(range(2010, 2022))
    bpd = [1_650_000, 450_000, 1_400_000, 900_000, 450_000, 400_000, 390_000]
    bpd += [850_000, 950_000, 1_100_000, 390_000, 1_150_000]
    price = [79.5, 111.3, 111.7, 108.7, 99.0, 52.4, 43.7, 54.2, 71.3, 64.3, 41.8, 70.9]
    gross = [b * 365 * p for b, p in zip(bpd, price, strict=True)]
    rows = []
    for i, year in enumerate(years):
        prev_b, prev_p = (bpd[i - 1], price[i - 1]) if i else (np.nan, np.nan)
        vol = (bpd[i] - prev_b) * 365 * prev_p
        pr = prev_b * 365 * (price[i] - prev_p)
        inter = (bpd[i] - prev_b) * 365 * (price[i] - prev_p)
        rows.append(
            {
                "year": year,
                "production_bpd": bpd[i],
                "days": 365,
                "brent_usd_bbl": price[i],
                "brent_simple_mean_usd_bbl": price[i] - 1.0,
                "gross_value_usd": round(gross[i]),
                "change_usd": round(gross[i] - gross[i - 1]) if i else np.nan,
                "volume_effect_usd": vol,
                "price_effect_usd": pr,
                "interaction_effect_usd": inter,
                "noc_reported_revenue_usd": {2019: 22.5e9, 2020: 5.9e9}.get(year, np.nan),
            }
        )
    return pd.DataFrame(rows)


def _claims() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "claim_id": ["c07", "c08", "c01"],
            "claim": [
                "The blockade caused about $8.22 million in losses in about seven months",
                "Production fell by about three-quarters",
                "About 80 military vehicles near Sirte",
            ],
            "metric": ["cum_loss_usd", "production_fall_share", "military_vehicles"],
            "claimed_value": [8.22e6, 0.75, 80],
            "unit": ["USD", "share", "count"],
            "measured_value": [8.1e9, 0.9, np.nan],
            "verdict": ["off_by_factor", "contradicted", "not_checkable"],
            "factor": [985.0, 1.2, np.nan],
            "explanation": [
                "NOC said $8.22 billion: a million/billion slip.",
                "Output fell by about nine-tenths.",
                "Not an oil-data figure.",
            ],
            "verdict_text": [
                "The report wrote $8.22 million; NOC had said $8.22 billion on 13 Aug 2020: "
                "million written for billion.",
                "The report wrote a fall of 75%; the monthly figures show 90%.",
                "Not an oil-data figure.",
            ],
            "source_id": ["src_news"] * 3,
        }
    )


def _prices() -> pd.DataFrame:
    dates = pd.date_range("2016-01-01", "2021-06-30", freq="D")
    brent = 60 + 10 * np.sin(np.arange(len(dates)) / 60)
    frames = [
        pd.DataFrame(
            {
                "date": dates.strftime("%Y-%m-%d"),
                "price_scenario": name,
                "price_usd_bbl": (brent - diff).round(2),
            }
        )
        for name, diff in PRICE_DIFF.items()
    ]
    return pd.concat(frames, ignore_index=True)


EVENTS = pd.DataFrame(
    {
        "event_id": ["e1", "e2", "e3", "e4", "e5", "e6", "e7"],
        "date": [
            "2020-01-18",
            "2020-01-18",
            "2020-08-21",
            "2020-08-27",
            "2020-09-18",
            "2020-09-16",
            "2018-06-14",
        ],
        "end_date": ["2020-09-18", "", "", "", "", "", "2018-07-11"],
        "category": [
            "blockade",
            "force_majeure",
            "ceasefire",
            "violation",
            "restart",
            "political",
            "blockade",
        ],
        "title": [
            "2020 blockade of eastern terminals",
            "Force majeure at five eastern ports",
            "GNA and HoR ceasefire announcements",
            "First reported breach of the ceasefire",
            "Haftar announces lifting of blockade",
            "Sarraj says he will step down",
            "2018 oil crescent closure",
        ],
        "description": [
            "Ports shut",
            "NOC declared",
            "Ceasefire",
            "Grad rockets",
            "Reopen",
            "",
            "",
        ],
        "episode_id": ["2020", "2020", "2020", "2020", "2020", "", "2018"],
        # key: labelled on the production chart (docs/data.md); minor: hover-only ticks
        "priority": ["minor", "key", "key", "key", "key", "minor", "minor"],
        "source_id": [
            "src_noc",
            "src_noc",
            "src_reuters",
            "src_news",
            "src_reuters",
            "src_news",
            "src_reuters",
        ],
    }
)

SOURCES = pd.DataFrame(
    {
        "source_id": ["src_eia", "src_noc", "src_reuters", "src_news"],
        "publisher": ["U.S. EIA", "National Oil Corporation", "Reuters", "Anadolu Agency"],
        "title": ["Short-Term Energy Outlook", "NOC statement", "Libya oil", "Haftar report"],
        "url": [
            "https://www.eia.gov/outlooks/steo/",
            "https://noc.ly/",
            "https://www.reuters.com/",
            "https://www.aa.com.tr/",
        ],
        "published": ["2025-12-09", "2020-08-13", "2020-08-21", "2020-09-02"],
        "accessed": ["2026-11-20"] * 4,
        "licence": ["public domain", "", "", ""],
        "note": ["", "", "", ""],
    }
)


def _exports() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": ["2016", "2017", "2019", "2013-08", "2020-09"],
            "period_type": ["year", "year", "year", "snapshot", "month"],
            "exports_bpd": [350_000, 800_000, 1_000_000, 145_000, 200_000],
            "source_id": ["src_eia", "src_eia", "src_reuters", "src_reuters", "src_reuters"],
            "note": ["", "", "", "late August snapshot", "Vortexa"],
        }
    )


def _reported_points() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": ["2020-02-17", "2020-08-13"],
            "production_bpd": [135_745, 100_000],
            "source_id": ["src_noc", "src_noc"],
            "note": ["NOC daily update", ""],
        }
    )


def _reported_losses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "episode_id": ["2020", "2020"],
            "statement_date": ["2020-01-25", "2020-08-13"],
            "as_of_date": ["2020-01-23", ""],
            "date_basis": ["stated", "report_date"],
            "cumulative_loss_usd": [256_600_000, 8_220_000_000],
            "blockade_days": ["", "208"],
            "source_id": ["src_noc", "src_noc"],
            "note": ["", ""],
        }
    )


def _backtest() -> pd.DataFrame:
    """Two origins x three horizons per model and level; the 95% interval misses one window."""
    rows = []
    for model, level, origin, h in product(MODELS, LEVELS, ("2021-01", "2021-02"), (1, 6, 12)):
        actual = 36.5e6 * h
        half = 1.5e6 * h * Z[level]
        rows.append(
            {
                "model": model,
                "interval_level": level,
                "origin": origin,
                "horizon_months": h,
                "baseline_months_used": 24,
                "actual_sum_barrels": actual,
                "forecast_sum_barrels": actual * MODEL_SCALE[model],
                "lower_sum_barrels": actual * MODEL_SCALE[model] - half,
                "upper_sum_barrels": actual * MODEL_SCALE[model] + half,
                "covered": not (h == 12 and origin == "2021-02"),
                "interval_score": 2 * half,
                "crps_barrels": 0.5e6 * h,
            }
        )
    return pd.DataFrame(rows)


def _backtest_summary(backtest: pd.DataFrame) -> pd.DataFrame:
    """summarise's columns (the dashboard, not it, is under test) with fixed coverage ranges:
    20 points below, 10 above (capped at 100%)."""
    out = summarise(backtest)
    out["coverage_lower"] = (out["coverage"] - 0.2).round(4)
    out["coverage_upper"] = (out["coverage"] + 0.1).clip(upper=1.0).round(4)
    return out


def _sensitivity(summary: pd.DataFrame) -> pd.DataFrame:
    """Each summary row again for two baseline lengths, R1 on and off (off: 5% lower)."""
    parts = []
    for months, rule in product((12, 24), (True, False)):
        part = summary.copy()
        factor = 1.0 if rule else 0.95
        for col in ("lost_barrels", "lost_barrels_lower", "lost_barrels_upper", "loss_usd",
                    "loss_usd_lower", "loss_usd_upper"):  # fmt: skip
            part[col] = part[col] * factor
        parts.append(part.assign(baseline_months=months, contamination_rule=rule))
    return pd.concat(parts, ignore_index=True)


def _projection() -> pd.DataFrame:
    """The what-if grid: a steady loss rate, so each total is rate x days since the start."""
    frames = []
    days_more = np.arange(0, 366, 5)
    for ep in EPISODES.itertuples():
        start, end = pd.Timestamp(ep.start), pd.Timestamp(ep.end)
        rate = BASELINE[ep.episode_id] * DEPTH[ep.episode_id]
        for as_of, price, level in product(what_if_dates(start, end), PRICES, (0.8, 0.95)):
            total_days = (as_of - start).days + 1 + days_more
            barrels = rate * total_days
            spread = Z[level] * 30_000.0 * np.sqrt(total_days)
            value = 60.0 - PRICE_DIFF[price]
            frames.append(
                pd.DataFrame(
                    {
                        "episode_id": ep.episode_id,
                        "projected_from": f"{as_of:%Y-%m-%d}",
                        "days_more": days_more,
                        "end_date": (as_of + pd.to_timedelta(days_more, unit="D")).strftime(
                            "%Y-%m-%d"
                        ),
                        "model": "local_level",
                        "price_scenario": price,
                        "interval_level": level,
                        "lost_barrels": barrels.round(0),
                        "lost_barrels_lower": (barrels - spread).round(0),
                        "lost_barrels_upper": (barrels + spread).round(0),
                        "loss_usd": (barrels * value).round(0),
                        "loss_usd_lower": ((barrels - 2 * spread) * value).round(0),
                        "loss_usd_upper": ((barrels + 2 * spread) * value).round(0),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


# 2020 only: three statements; the first interval misses the final estimate, the others hold it
REPLAY_2020 = (
    ("2020-01-25", "2020-01-23", 256_600_000, "STEO Jan 2020", "2019-12", 0.20e9, 0.25e9, 0.30e9),
    ("2020-04-14", "2020-04-13", 4_087_913_653, "STEO Apr 2020", "2020-02", 3.6e9, 4.1e9, 4.9e9),
    ("2020-08-13", "2020-08-12", 8_220_000_000, "STEO Aug 2020", "2020-06", 7.7e9, 8.3e9, 8.9e9),
)
FINAL_2020 = {"2020-01-23": 0.35e9, "2020-04-13": 4.2e9, "2020-08-12": 8.4e9}


def _replay() -> pd.DataFrame:
    rows = []
    for price, level in product(PRICES, LEVELS):
        for stated, effective, noc, vintage, last, lo, mid, hi in REPLAY_2020:
            final = FINAL_2020[effective]
            rows.append(
                {
                    "episode_id": "2020",
                    "statement_date": stated,
                    "effective_date": effective,
                    "reported_cum_loss_usd": noc,
                    "eia_vintage": vintage,
                    "eia_last_month": last,
                    "model": "local_level",
                    "price_scenario": price,
                    "interval_level": level,
                    "replay_lost_barrels": mid / 60,
                    "replay_lost_barrels_lower": lo / 60,
                    "replay_lost_barrels_upper": hi / 60,
                    "replay_loss_usd": mid,
                    "replay_loss_usd_lower": lo,
                    "replay_loss_usd_upper": hi,
                    "final_lost_barrels": final / 60,
                    "final_lost_barrels_lower": 0.9 * final / 60,
                    "final_lost_barrels_upper": 1.1 * final / 60,
                    "final_loss_usd": final,
                    "final_loss_usd_lower": 0.9 * final,
                    "final_loss_usd_upper": 1.1 * final,
                }
            )
    return pd.DataFrame(rows)


def build_tables() -> dict[str, pd.DataFrame]:
    """All processed tables as frames, keyed by file stem."""
    daily = _daily_impact()
    summary = _episode_summary(daily)
    monthly = _monthly()
    return {
        "daily_impact": daily,
        "episode_summary": summary,
        "backtest": (backtest := _backtest()),
        "backtest_summary": _backtest_summary(backtest),
        "sensitivity": _sensitivity(summary),
        "reported_vs_estimated": _reported_vs_estimated(daily),
        "model_comparison": _model_comparison(summary),
        "placebo": _placebo(),
        "its_effects": _its(),
        "regimes": _regimes(monthly),
        "revenue_decomposition": _revenue(),
        "claims_check": _claims(),
        "monthly_series": monthly,
        "prices": _prices(),
        "replay": _replay(),
        "events": EVENTS,
        "exports": _exports(),
        "production_reported": _reported_points(),
        "reported_losses": _reported_losses(),
        "sources": SOURCES,
        "episodes": EPISODES,
        "price_scenarios": PRICE_SCENARIOS,
        "projection": _projection(),
    }


def _as_written(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Contract columns in contract order (KeyError on a missing one), flags as true/false."""
    out = frame[list(PROCESSED_TABLES[name].columns)].copy()
    for col in columns_of(name):
        if col.kind == "bool":
            out[col.name] = out[col.name].map({True: "true", False: "false"})
    return out


def write_processed(directory: Path) -> Path:
    """Write every table and a manifest to `directory`, as `python -m analysis` would."""
    directory.mkdir(parents=True, exist_ok=True)
    outputs = []
    tables = build_tables()
    if set(tables) != set(PROCESSED_TABLES):
        raise ValueError(
            f"fake tables differ from the contract: {set(tables) ^ set(PROCESSED_TABLES)}"
        )
    for name in PROCESSED_TABLES:
        frame = _as_written(name, tables[name])
        path = directory / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        outputs.append({"file": path.name, "sha256": digest, "rows": len(frame)})
    manifest = {
        "inputs": [{"file": "events.csv", "sha256": "0" * 64, "rows": len(EVENTS)}],
        "parameters": {"series": "eia_steo_copr", "placebo_min_fit_months": 12},
        "seed": 20200118,
        "simulations": 500,
        "interval_levels": list(LEVELS),
        "libraries": {"python": "3.11", "pandas": "3.1.1", "statsmodels": "0.15.0"},
        "outputs": outputs,
        "defaults": {
            "episode_id": "2020",
            "model": "local_level",
            "price_scenario": "brent",
            "interval_level": 0.95,
        },
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return directory
