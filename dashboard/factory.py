"""Build the Dash app around a precomputed context: pages, shell, callbacks, routes."""

from __future__ import annotations

import copy
import json
import re
from functools import partial
from urllib.parse import urlsplit

import dash
from dash import ALL, MATCH, ClientsideFunction, Dash, Input, Output, State, dcc, html
from dash._pages import _parse_query_string, _path_to_page
from dash.development.base_component import Component
from flask import Response, after_this_request, request

from dashboard import components, downloads, security
from dashboard.context import Context
from dashboard.data import ROOT
from dashboard.pages import (
    claims,
    data_sources,
    episodes,
    methodology,
    models,
    overview,
    whatif,
)

TITLE = "Libya oil blockades: what they cost"
# (module, path, nav label); pages are registered from code, not discovered from a folder
PAGES = (
    (overview, "/", "Overview"),
    (models, "/models", "Models"),
    (episodes, "/episodes", "Episodes"),
    (whatif, "/whatif", "What if it lasts?"),
    (claims, "/claims", "Claims"),
    (data_sources, "/data", "Data & sources"),
    (methodology, "/methodology", "Methodology"),
)
# the ids in Dash's page container: its location, the page's content, the page's title
LOCATION, CONTENT, STORE = "_pages_location", "_pages_content", "_pages_store"
# the request header in which the page names itself when it asks for the layout (assets/page.js)
PAGE_HEADER = "X-Dash-Page"
# Dash, asset and download routes keep a plain 404; any other address gets the 404 page.
SERVED_PREFIXES = ("/_", "/assets/", "/download/")


def shell(container: Component | None = None) -> html.Div:
    """Skip link, navigation, the page container (Dash's, empty, by default) and a footer."""
    links = [
        dcc.Link(label, href=path, id=f"nav-{mod.PAGE}", className="nav-link")
        for mod, path, label in PAGES
    ]
    return html.Div(
        [
            html.A("Skip to content", href="#main", className="skip-link"),
            html.Header(
                html.Nav(
                    [html.Span(TITLE, className="brand"), html.Div(links, className="nav-links")],
                    className="topnav",
                    **{"aria-label": "Pages"},
                ),
            ),
            dcc.Store(id="nav-paths", data=[path for _, path, _ in PAGES]),
            html.Main(
                container or dash.page_container, id="main", className="container", tabIndex="-1"
            ),
            html.Footer(
                "Open data and code. Figures are estimates with intervals; see Methodology.",
                className="container small footer",
            ),
        ]
    )


def page_container() -> html.Div:
    """Dash's page container, holding already the page the layout is requested from.

    The page names its own address in the PAGE_HEADER request header (assets/page.js): with
    that page's content inside, and the container's location set to that address (so the
    router callback does not fire for it), the page arrives with the layout rather than one
    round trip and one more render later. The Referer is not used: browsers cut it to the
    origin for long addresses and some settings drop its query, which would put another page
    under this address. Without the header, or with one that is not exactly a page's address,
    the container stays empty and the router fills it, as before. The query goes through the
    page's own checks, as the router's would.
    """
    after_this_request(_varies_with_the_page)
    container = copy.deepcopy(dash.page_container)
    named = request.headers.get(PAGE_HEADER, "")
    if not named.startswith("/") or named.startswith("//"):
        return container
    try:
        address = urlsplit(named)
    except ValueError:  # a malformed value: the router's way
        return container
    page, variables = _path_to_page(address.path.strip("/"))
    # only a page's own address: "/models/" or "/models/x" would otherwise name /models too
    if not page or variables or address.path != page["relative_path"]:
        return container
    search = f"?{address.query}" if address.query else ""
    container[LOCATION].pathname = address.path
    container[LOCATION].search = search
    container[CONTENT].children = page["layout"](**_parse_query_string(search))
    container[STORE].data = {"title": page["title"]}
    return container


def _varies_with_the_page(response: Response) -> Response:
    """Tell caches that the layout depends on the page it is requested from."""
    response.vary.add(PAGE_HEADER)
    return response


def not_found(**_query: object) -> html.Div:
    """The 404 page, inside the shell so the navigation stays: where the reader can go instead."""
    return html.Div(
        [
            html.H1("Page not found", className="h3"),
            html.P(
                "There is no page at this address. It may have been mistyped, or the link may "
                "be out of date. The dashboard's pages are:",
                className="lead-text",
            ),
            html.Ul(
                [html.Li(dcc.Link(label, href=path)) for _, path, label in PAGES],
                id="not-found-pages",
            ),
        ]
    )


def _not_found_in_shell(app: Dash) -> None:
    """Answer a 404 for a page address with the app's shell (status 404 kept); Dash's own and
    the download routes keep their plain 404."""

    @app.server.errorhandler(404)
    def page_not_found(error: Exception) -> Response | tuple[str, int]:
        if request.path.startswith(SERVED_PREFIXES):
            return Response(str(error), status=404, mimetype="text/plain")
        return app.index(), 404


def _frame_callbacks(app: Dash) -> None:
    """The chart frame's switch, its table, image exports and "Copy link", once for every
    chart."""
    chart = {"chart": MATCH}
    app.clientside_callback(
        ClientsideFunction("blockade", "showPanel"),
        [
            Output({"type": components.FRAME_PANEL, **chart, "view": v}, "hidden")
            for v in components.VIEWS
        ],
        Input({"type": components.FRAME_VIEW, **chart}, "value"),
    )
    rows = {"type": components.FRAME_TABLE, **chart}
    app.clientside_callback(
        ClientsideFunction("blockade", "fillTable"),
        Input(rows, "data"),
        State(rows, "id"),
        prevent_initial_call=True,
    )
    # drawn as the page opens: Dash makes no first call of a callback without an output, so
    # this one names the Store's clear_data, which fillPageTable leaves as it is
    page_rows = {"type": components.PAGE_TABLE, **chart}
    app.clientside_callback(
        ClientsideFunction("blockade", "fillPageTable"),
        Output(page_rows, "clear_data"),
        Input(page_rows, "data"),
        State(page_rows, "id"),
    )
    export = {"type": components.FRAME_EXPORT, **chart, "format": MATCH}
    app.clientside_callback(
        ClientsideFunction("blockade", "exportImage"),
        Input(export, "n_clicks"),
        State(export, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("blockade", "copyLink"),
        Output({"type": components.FRAME_COPIED, **chart}, "children"),
        Input({"type": components.FRAME_COPY, **chart}, "n_clicks"),
        prevent_initial_call=True,
    )


# pages that draw charts: there plotly.js loads with the app's scripts (below)
CHART_PAGES = {"/", "/models", "/episodes", "/whatif"}
# plotly.js's basic partial bundle (dashboard/vendor, with its origin, licence and sha256): the
# scatter and bar traces, the only ones the dashboard draws (a test holds every figure to them),
# at a quarter of the full bundle's size and a fraction of its run time.
PLOTLY = ROOT / "dashboard" / "vendor" / "plotly-basic.min.js"
PLOTLY_META = json.loads(PLOTLY.with_name(PLOTLY.name + ".meta.json").read_text())
PLOTLY_PATH = f"/_vendor/plotly-basic-{PLOTLY_META['version']}-{PLOTLY_META['sha256'][:12]}.js"
# dcc's lazily loaded parts that a page mounts as soon as it opens: fetched with the scripts
# rather than after the page's content has arrived and rendered. Not the date pickers' part on
# `/`: preloaded, it was ready with the graph's, and React drew the pickers in the same pass as
# the production graph, holding up its first draw by their code and rendering (100-300 ms);
# fetched once the page asks for it, it arrives after the graph (which has its figure in the
# page) has been drawn.
DCC_CHUNKS = {
    "/": ("async-graph",),
    "/models": ("async-graph",),
    "/episodes": ("async-graph",),
    "/whatif": ("async-graph", "async-slider"),
}
# Dash's scripts that no page needs: dash_table's bundle (no page draws a DataTable) and Babel's
# polyfill for browsers older than any that can run plotly.js 4 or the components' own code
# (Dash's lazy loaders need only its `regeneratorRuntime`, which dbc's bundle sets as well)
UNUSED_SCRIPT = re.compile(
    r'<script src="[^"]*/(dash_table/bundle|deps/polyfill)[^"]*"></script>\n?'
)
# plotly.js: preloaded with the app's scripts, run once the document is parsed, so that Dash
# starts and asks for the layout first; until it has run, `window.Plotly` is a promise of it,
# which dcc.Graph waits for (it would fetch Dash's own copy if it found nothing)
PLOTLY_LOADER = """<script>window.Plotly = new Promise(function (resolve, reject) {
  function load() {
    var script = document.createElement("script");
    script.src = "%s";
    script.onload = function () { resolve(window.Plotly); };
    script.onerror = reject;
    document.head.appendChild(script);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
});</script>
"""


def _page_scripts(app: Dash) -> None:
    """Load what a page needs with the app's scripts, and nothing it does not need.

    On a page with charts plotly.js (the largest script by far) downloads with the app's
    scripts and runs once the document is parsed, after Dash has started and asked for the
    layout; the graphs wait for it. Loaded among Dash's own scripts, it held up Dash's start by
    its compile and run time; left to Dash, it was requested only once a graph was in the page.
    Pages without a chart do not load it. The bundle's address carries its hash, so browsers
    may keep it for a year; it is compressed once per process. The dcc parts a page mounts at
    once are preloaded, and the scripts no page needs are left out (UNUSED_SCRIPT).
    """
    index = app.interpolate_index
    prefix = app.config.requests_pathname_prefix
    src = prefix + PLOTLY_PATH.lstrip("/")
    loader = PLOTLY_LOADER % src
    body = PLOTLY.read_bytes()

    def interpolate(**parts: str) -> str:
        path = request.path.rstrip("/") or "/"  # "/models/" is served as /models
        scripts = UNUSED_SCRIPT.sub("", parts.get("scripts", ""))
        parts["scripts"] = (loader if path in CHART_PAGES else "") + scripts
        preloads = [
            f"{prefix}_dash-component-suites/dash/dcc/{c}.js" for c in DCC_CHUNKS.get(path, ())
        ]
        if path in CHART_PAGES:
            preloads.insert(0, src)
        parts["css"] = parts.get("css", "") + "".join(
            f'<link rel="preload" as="script" href="{href}">' for href in preloads
        )
        return index(**parts)

    @app.server.get(PLOTLY_PATH)
    def plotly_bundle() -> Response:
        security.same_body(PLOTLY_META["sha256"])
        response = Response(body, mimetype="application/javascript")
        response.cache_control.public = True
        response.cache_control.max_age = 365 * 24 * 3600
        response.cache_control.immutable = True
        return response

    app.interpolate_index = interpolate


def create_app(ctx: Context) -> Dash:
    """A Dash app serving `ctx`; every request only looks up and draws."""
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ROOT / "assets"),
        title=TITLE,
        update_title=None,
        # pages are rendered on demand; a validation layout would inline every page in the index
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    for order, (mod, path, label) in enumerate(PAGES):
        dash.register_page(
            f"pages.{mod.PAGE}",
            path=path,
            name=label,
            title=f"{label} · {TITLE}",
            description=(mod.__doc__ or "").strip().splitlines()[0],
            layout=partial(mod.layout, ctx),
            order=order,
        )
    # Dash pages shows the page registered from a module named not_found_404 for unknown paths
    dash.register_page(
        "pages.not_found_404",
        path="/404",
        name="Page not found",
        title=f"Page not found · {TITLE}",
        layout=not_found,
    )
    app.layout = lambda: shell(page_container())
    for mod in (overview, models, episodes, whatif):
        mod.register(app, ctx)
    app.clientside_callback(
        ClientsideFunction("blockade", "syncUrl"),
        [Output(f"nav-{mod.PAGE}", "href") for mod, _, _ in PAGES],
        Input({"type": "page-query", "page": ALL}, "data"),
        State("nav-paths", "data"),
    )
    _frame_callbacks(app)
    _page_scripts(app)
    downloads.register(app.server, ctx.tables)
    security.harden(app, ctx.opts, pages={path for _, path, _ in PAGES})
    _not_found_in_shell(app)
    _set_up_now(app)
    return app


def _set_up_now(app: Dash) -> None:
    """Run Dash's one-time server set-up now, not on the first request.

    Dash does it on a process's first request and marks it done before it is finished, so the
    other requests that arrive meanwhile (a browser asks for 15 scripts at once, and gunicorn's
    threaded workers answer them in parallel) found Dash's scripts not yet registered and got
    404s: a fresh worker's first page load lost React or dcc and never drew. Done here, before
    gunicorn forks its workers (preload_app), every worker starts set up. Running the app's
    before-request hooks in a request context does it (Dash's set-up, the pages router, the
    guards) without marking the Flask app as having served a request, which would stop
    `python -m dashboard --debug` from adding Dash's dev-tools error handler.
    """
    with app.server.test_request_context("/"):
        app.server.preprocess_request()
