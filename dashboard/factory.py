"""Build the Dash app around a precomputed context: pages, shell, callbacks, routes."""

from __future__ import annotations

import json
from functools import partial

import dash
from dash import ALL, MATCH, ClientsideFunction, Dash, Input, Output, State, dcc, html
from flask import Response, request

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
# Dash, asset and download routes keep a plain 404; any other address gets the 404 page.
SERVED_PREFIXES = ("/_", "/assets/", "/download/")


def shell() -> html.Div:
    """Skip link, navigation, the page container and a footer."""
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
            html.Main(dash.page_container, id="main", className="container", tabIndex="-1"),
            html.Footer(
                "Open data and code. Figures are estimates with intervals; see Methodology.",
                className="container small footer",
            ),
        ]
    )


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
    """The chart frame's switch, image exports and "Copy link", once for every chart."""
    chart = {"chart": MATCH}
    app.clientside_callback(
        ClientsideFunction("blockade", "showPanel"),
        [
            Output({"type": components.FRAME_PANEL, **chart, "view": v}, "hidden")
            for v in components.VIEWS
        ],
        Input({"type": components.FRAME_VIEW, **chart}, "value"),
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
# plotly.js's cartesian partial bundle (dashboard/vendor, with its origin, licence and sha256):
# every trace type the dashboard draws, at a third of the full bundle's size and parse time.
PLOTLY = ROOT / "dashboard" / "vendor" / "plotly-cartesian.min.js"
PLOTLY_META = json.loads(PLOTLY.with_name(PLOTLY.name + ".meta.json").read_text())
PLOTLY_PATH = f"/_vendor/plotly-cartesian-{PLOTLY_META['version']}-{PLOTLY_META['sha256'][:12]}.js"


def _plotly_with_the_scripts(app: Dash) -> None:
    """On a page with charts, load plotly.js with the app's scripts, in parallel with them.

    Dash otherwise requests it only once a graph is in the page, after the layout, the
    callback list and the page's content have each made a round trip, so its download and
    evaluation came last, just before the first chart. The graph uses `window.Plotly` when it
    is already there. Pages without a chart do not load it at all. The bundle's address
    carries its hash, so browsers may keep it for a year; it is compressed once per process.
    """
    index = app.interpolate_index
    src = app.config.requests_pathname_prefix + PLOTLY_PATH.lstrip("/")
    body = PLOTLY.read_bytes()

    def interpolate(**parts: str) -> str:
        if request.path in CHART_PAGES:
            parts["scripts"] = parts.get("scripts", "") + f'<script src="{src}"></script>'
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
    app.layout = shell()
    for mod in (overview, models, episodes, whatif):
        mod.register(app, ctx)
    app.clientside_callback(
        ClientsideFunction("blockade", "syncUrl"),
        [Output(f"nav-{mod.PAGE}", "href") for mod, _, _ in PAGES],
        Input({"type": "page-query", "page": ALL}, "data"),
        State("nav-paths", "data"),
    )
    _frame_callbacks(app)
    _plotly_with_the_scripts(app)
    downloads.register(app.server, ctx.tables)
    security.harden(app, ctx.opts, pages={path for _, path, _ in PAGES})
    _not_found_in_shell(app)
    return app
