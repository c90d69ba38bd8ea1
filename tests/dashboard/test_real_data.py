"""The real processed tables committed in data/processed (or DASHBOARD_PROCESSED)."""

import os
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.context import build_context
from dashboard.data import COLUMNS, PROCESSED_DIR, load_tables
from dashboard.factory import PAGES, create_app
from dashboard.state import Key, default_state, serialise
from tests.dashboard.conftest import nodes

PROCESSED = Path(os.environ.get("DASHBOARD_PROCESSED", PROCESSED_DIR))


@pytest.fixture(scope="module")
def real():
    return build_context(load_tables(PROCESSED))


def test_every_selection_is_drawn(real):
    opts = real.opts
    expected = len(opts.episodes) * len(opts.models) * len(opts.prices) * len(opts.levels)
    assert len(real.overview.figures) == expected
    assert len(real.models.selections) == expected
    fig = real.overview.figures[
        Key("2020", opts.default_model, opts.default_price, opts.default_level)
    ]
    go.Figure(fig["production"])
    shapes = fig["production"]["layout"]["shapes"]
    assert any(s["name"] == "evt:ceasefire" and s["x0"] == "2020-08-21" for s in shapes)


def test_labels_come_from_the_tables(real):
    assert real.opts.price_labels["brent"] == "Brent (EIA daily spot)"
    assert real.opts.episode_names["2020"] == "2020 LNA blockade"
    assert real.opts.episodes[0] == "2013_16"  # date order


@pytest.mark.parametrize(("mod", "path", "label"), PAGES)
def test_default_view_renders_every_page(real, mod, path, label):
    """The default view needs no fallback note, and every chart drawn on the server has data."""
    found = nodes(mod.layout(real))
    by_id = {str(n["props"].get("id")): n["props"] for n in found}
    assert not by_id[f"{mod.PAGE}-notes"].get("children")
    store = by_id[str({"type": "page-query", "page": mod.PAGE})]
    assert store["data"] == serialise(default_state(real.opts))
    assert next(n for n in found if n["type"] == "H1")["props"]["children"]
    figures = [n["props"]["figure"] for n in found if n["type"] == "Graph"]
    figures += list(by_id.get("overview-base", {}).get("data", {}).values())
    assert all(f["data"] for f in figures if f["layout"]), path


def test_pages_and_downloads(real):
    client = create_app(real).server.test_client()
    for _, path, _ in PAGES:
        r = client.get(path)
        assert r.status_code == 200 and b"Traceback" not in r.data
    for name in COLUMNS:
        assert client.get(f"/download/{name}.csv").data == (PROCESSED / f"{name}.csv").read_bytes()
    assert client.get("/download/all.zip").status_code == 200
