"""The real processed tables committed in data/processed (or DASHBOARD_PROCESSED)."""

import os
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.context import build_context
from dashboard.data import COLUMNS, PROCESSED_DIR, load_tables
from dashboard.factory import PAGES, create_app

PROCESSED = Path(os.environ.get("DASHBOARD_PROCESSED", PROCESSED_DIR))


@pytest.fixture(scope="module")
def real():
    return build_context(load_tables(PROCESSED))


def test_every_selection_is_drawn(real):
    opts = real.opts
    expected = len(opts.episodes) * len(opts.models) * len(opts.prices) * len(opts.levels)
    assert len(real.overview) == expected
    fig = real.overview[("2020", opts.default_model, opts.default_price, opts.default_level)]
    go.Figure(fig["production"])
    shapes = fig["production"]["layout"]["shapes"]
    assert any(s["name"] == "evt:ceasefire" and s["x0"] == "2020-08-21" for s in shapes)


def test_pages_and_downloads(real):
    client = create_app(real).server.test_client()
    for mod, path, _ in PAGES:
        mod.layout(real)
        assert client.get(path).status_code == 200
    for name in COLUMNS:
        assert client.get(f"/download/{name}.csv").data == (PROCESSED / f"{name}.csv").read_bytes()
    assert client.get("/download/all.zip").status_code == 200
