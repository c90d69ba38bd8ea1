"""Readable numbers for cards, tables and hover text ("$8.2 bn", "1.15 million b/d")."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

MISSING = "n/a"


def _missing(x: float | None) -> bool:
    return x is None or pd.isna(x)


def _sig(x: float, digits: int = 3) -> str:
    """Round to `digits` significant figures without trailing zeros (215, 21.5, 2.15)."""
    if x == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    return f"{x:,.{decimals}f}"


def usd(x: float | None) -> str:
    """Dollars: $8.2 bn, $920 million, $55,000."""
    if _missing(x):
        return MISSING
    sign, x = ("-" if x < 0 else ""), abs(x)
    if x >= 1e9:
        return f"{sign}${x / 1e9:,.1f} bn" if x < 1e11 else f"{sign}${x / 1e9:,.0f} bn"
    if x >= 1e6:
        return f"{sign}${_sig(x / 1e6)} million"
    return f"{sign}${x:,.0f}"


def bpd(x: float | None) -> str:
    """Barrels per day: 1.15 million b/d, 135,745 b/d."""
    if _missing(x):
        return MISSING
    if abs(x) >= 1e6:
        return f"{x / 1e6:.2f} million b/d"
    return f"{x:,.0f} b/d"


def barrels(x: float | None) -> str:
    """Volumes: 215 million barrels, 1.21 billion barrels."""
    if _missing(x):
        return MISSING
    sign, x = ("-" if x < 0 else ""), abs(x)
    if x >= 1e9:
        return f"{sign}{_sig(x / 1e9)} billion barrels"
    if x >= 1e6:
        return f"{sign}{_sig(x / 1e6)} million barrels"
    return f"{sign}{x:,.0f} barrels"


def days(n: float | None) -> str:
    """A day count: 245 days."""
    if _missing(n):
        return MISSING
    return f"{int(n):,} day" + ("" if int(n) == 1 else "s")


def ratio(x: float | None) -> str:
    """Estimate over reported figure: 0.92×."""
    if _missing(x):
        return MISSING
    return f"{x:.2f}×"


def interval(lo: float | None, hi: float | None, fmt: Callable[[float], str], level: float) -> str:
    """An interval with its level: 95% interval $7.1 bn to $9.4 bn."""
    if _missing(lo) or _missing(hi):
        return "interval not available"
    return f"{level:.0%} interval {fmt(lo)} to {fmt(hi)}"


def date(d: pd.Timestamp | None) -> str:
    """A date in words: 21 Aug 2020."""
    if d is None or pd.isna(d):
        return MISSING
    return f"{d.day} {d:%b %Y}"
