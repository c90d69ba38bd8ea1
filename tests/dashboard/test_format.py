"""Readable numbers as the issue spells them."""

import math

import pytest

from dashboard import format as fmt


@pytest.mark.parametrize(
    ("fn", "value", "text"),
    [
        (fmt.usd, 8.22e9, "$8.2 bn"),
        (fmt.usd, 920e6, "$920 million"),
        (fmt.usd, 256.6e6, "$257 million"),
        (fmt.usd, 130e9, "$130 bn"),
        (fmt.usd, -1.5e9, "-$1.5 bn"),
        (fmt.bpd, 1_150_000, "1.15 million b/d"),
        (fmt.bpd, 135_745, "135,745 b/d"),
        (fmt.barrels, 215e6, "215 million barrels"),
        (fmt.barrels, 21.5e6, "21.5 million barrels"),
        (fmt.barrels, 1.21e9, "1.21 billion barrels"),
        (fmt.days, 245, "245 days"),
        (fmt.days, 1, "1 day"),
        (fmt.ratio, 0.918, "0.92×"),
    ],
)
def test_readable(fn, value, text):
    assert fn(value) == text


@pytest.mark.parametrize("fn", [fmt.usd, fmt.bpd, fmt.barrels, fmt.days, fmt.ratio])
def test_missing_is_na(fn):
    assert fn(None) == fmt.MISSING
    assert fn(math.nan) == fmt.MISSING


def test_interval_names_level():
    assert fmt.interval(7.1e9, 9.4e9, fmt.usd, 0.95) == "95% interval $7.1 bn to $9.4 bn"
    assert fmt.interval(None, 9.4e9, fmt.usd, 0.95) == "interval not available"
