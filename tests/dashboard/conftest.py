"""Fixtures: synthetic processed tables (tests/dashboard/fakedata.py), context and app."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from dash.testing.application_runners import BaseDashRunner
from selenium.webdriver.chrome.options import Options

from dashboard.context import Context, build_context
from dashboard.data import Tables, load_tables
from tests.dashboard.fakedata import write_processed

# Several checkouts on one machine can run browser tests at once: each sets its own port base.
BaseDashRunner._next_port = int(os.environ.get("DASH_TEST_PORT", BaseDashRunner._next_port))


def pytest_setup_options() -> Options:
    """Headless Chromium that stays quiet on a closed network (dash.testing hook)."""
    options = Options()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    return options


@pytest.fixture(scope="session")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_processed(tmp_path_factory.mktemp("processed"))


@pytest.fixture(scope="session")
def tables(processed: Path) -> Tables:
    return load_tables(processed)


@pytest.fixture(scope="session")
def ctx(tables: Tables) -> Context:
    return build_context(tables)


@pytest.fixture
def app(ctx: Context):
    from dashboard.factory import create_app

    return create_app(ctx)


@pytest.fixture
def client(app):
    return app.server.test_client()


def dispatch(client, output: str, inputs: list[dict], state: list[dict] | None = None) -> dict:
    """Call a Dash callback through the real HTTP route, as the browser does."""
    body = {
        "output": output,
        "outputs": outputs_spec(output),
        "inputs": inputs,
        "state": state or [],
    }
    body["changedPropIds"] = [f"{i['id']}.{i['property']}" for i in inputs[:1]]
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:500]
    return json.loads(r.data)["response"]


def outputs_spec(output: str) -> list[dict] | dict:
    parts = output.strip(".").split("...")
    outs = []
    for part in parts:
        cid, prop = part.rsplit(".", 1)
        outs.append({"id": json.loads(cid) if cid.startswith("{") else cid, "property": prop})
    return outs if output.startswith("..") else outs[0]


def nodes(component) -> list[dict]:
    """Every serialised component (type, namespace, props) in a layout."""
    tree = json.loads(json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json()))
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "namespace" in node:
                found.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(tree)
    return found


def selection_text(tables: Tables, name: str, key: tuple[str, str, str, str]) -> pd.DataFrame:
    """A table's rows of one selection (episode, model, price, level), as written."""
    t = tables.text[name]
    ep, model, price, level = key
    rows = t[
        (t["episode_id"] == ep)
        & (t["model"] == model)
        & (t["price_scenario"] == price)
        & (t["interval_level"] == level)
    ]
    return rows.reset_index(drop=True)
