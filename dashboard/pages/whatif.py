"""What if it lasts? The cost so far of a blockade, and its cost if it goes on N more days.

The episode and the what-if date come from the URL and are checked against the grid the
analysis wrote (projection.csv); changing either reloads the page with the new address. The
slider and the price are answered in the browser from the grid embedded in a store
(assets/whatif.js), with no server round trip.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from dashboard import components
from dashboard import format as fmt
from dashboard.context import Context
from dashboard.figures_live import fan_style, replay_figure
from dashboard.pages.common import page_opening
from dashboard.views import whatif as vw

PAGE = "whatif"
SOURCE = (
    "Source: this project's projection (projection.csv): the default counterfactual's "
    "simulated paths, actual output held at its level on the what-if date, Brent paths from a "
    "block bootstrap of daily returns."
)
REPLAY_SOURCE = (
    "Source: this project's replay (replay.csv): estimates made with only the data published "
    "by each statement's date; NOC's statements as reported."
)
NO_STATEMENTS = (
    "NOC published no dated loss statements for this episode: there is nothing to replay."
)


def _select(cid: str, label: str, options: list[dict], value: str) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=cid, className="small mb-0"),
            dbc.Select(id=cid, options=options, value=value, size="sm"),
        ],
        xs=12,
        sm=6,
        lg=3,
        className="mb-2",
    )


def controls(ctx: Context, episode: str, w: vw.WhatIf, price: str) -> html.Div:
    """Episode, what-if date, price basis, flat price and the slider for N."""
    view = ctx.whatif
    episodes = [{"label": view.names[e], "value": e} for e in view.episodes]
    dates = [{"label": fmt.date(pd.Timestamp(d)), "value": d} for d in view.dates[episode]]
    prices = [{"label": ctx.opts.price_labels.get(p, p), "value": p} for p in ctx.opts.prices]
    flat = dbc.Col(
        [
            dbc.Label("Or a flat price (US$/bbl)", html_for=f"{PAGE}-flat", className="small mb-0"),
            dcc.Input(
                id=f"{PAGE}-flat",
                type="number",
                min=vw.FLAT_MIN,
                max=vw.FLAT_MAX,
                step="any",
                value=w.flat,
                placeholder="Brent paths",
                debounce=False,
                className="form-control form-control-sm",
            ),
        ],
        xs=12,
        sm=6,
        lg=3,
        className="mb-2",
    )
    slider = html.Div(
        [
            dbc.Label("Days more", html_for=f"{PAGE}-days", className="small mb-0"),
            dcc.Slider(
                id=f"{PAGE}-days",
                min=0,
                max=vw.MAX_DAYS,
                step=vw.DAYS_STEP,
                value=w.days,
                marks={n: str(n) for n in (0, 90, 180, 270, 365)},
                updatemode="drag",
            ),
        ],
        className="mb-2 whatif-slider",
    )
    return html.Div(
        [
            dbc.Row(
                [
                    _select(f"{PAGE}-episode", "Episode", episodes, episode),
                    _select(f"{PAGE}-from", "What-if date", dates, w.as_of),
                    _select(f"{PAGE}-price", "Price", prices, price),
                    flat,
                ]
            ),
            slider,
        ],
        className="controls",
    )


def replay_section(ctx: Context, episode: str) -> html.Section | html.P:
    """The replay chart at the default price scenario (Brent, as NOC values its losses)
    through the chart frame, or a sentence when there is nothing to draw."""
    frame = vw.replay_rows(ctx.whatif, episode, ctx.opts.default_price)
    if frame.empty:
        return html.P(NO_STATEMENTS, id=f"{PAGE}-replay-none", className="lead-text")
    return components.chart_frame(
        f"{PAGE}-replay",
        vw.replay_finding(frame),
        "What we would have known then: at each NOC statement, the estimate made with only "
        "the data published by that day (95% interval), NOC's running total, and the final "
        "estimate for the same day. US$ billion, gross value forgone at Brent.",
        REPLAY_SOURCE,
        replay_figure(frame),
        slug="replay",
        links=[
            (f"{PAGE}-replay-all", "Whole table (replay.csv)", components.download_href("replay"))
        ],
    )


def layout(ctx: Context, /, **query: object) -> html.Div:
    """The what-if page for the episode, date, N and price in the URL (bad values: defaults)."""
    view = ctx.whatif
    shared = {k: v for k, v in query.items() if k not in vw.WHATIF_PARAMS}
    state, head = page_opening(
        PAGE,
        shared,
        ctx.opts,
        "What if it lasts?",
        "Pick a blockade and a day inside it: the cost so far, and what it would cost if it "
        "went on as it was for up to a year more.",
    )
    if not view.episodes:
        return html.Div(
            [*head, html.P("No projection is available in this build.", id=f"{PAGE}-answer")]
        )
    episode = state.episode if state.episode in view.episodes else view.episodes[0]
    w, notes = vw.parse(view, episode, query)
    price = state.price
    return html.Div(
        [
            *head,
            components.notes(f"{PAGE}-whatif-notes", notes),
            html.P(
                id=f"{PAGE}-answer",
                className="lead-text whatif-answer",
                role="status",
                **{"aria-live": "polite"},
            ),
            controls(ctx, episode, w, price),
            dcc.Store(id=f"{PAGE}-grid", data=vw.grid(view, episode, w.as_of)),
            dcc.Store(id=f"{PAGE}-style", data=fan_style()),
            components.chart_frame(
                f"{PAGE}-fan",
                "If it lasts: the running total, with 80% and 95% intervals",
                "Gross value forgone from the blockade's first day to each possible end, if "
                "output stays at its level on the what-if date; the marker is the slider's day.",
                SOURCE,
                None,  # drawn in the browser from the grid
                slug="what-if",
                links=[
                    (
                        f"{PAGE}-all",
                        "Whole table (projection.csv)",
                        components.download_href("projection"),
                    )
                ],
            ),
            replay_section(ctx, episode),
        ]
    )


def register(app: Dash, ctx: Context) -> None:
    """The browser-side answer, the reload on a new episode or date, and the two tables."""
    app.clientside_callback(
        ClientsideFunction("whatif", "answer"),
        Output(f"{PAGE}-answer", "children"),
        Output(f"{PAGE}-fan", "figure"),
        Input(f"{PAGE}-grid", "data"),
        Input(f"{PAGE}-days", "value"),
        Input(f"{PAGE}-flat", "value"),
        Input(f"{PAGE}-price", "value"),
        State(f"{PAGE}-style", "data"),
    )
    app.clientside_callback(
        ClientsideFunction("whatif", "reload"),
        Input(f"{PAGE}-episode", "value"),
        Input(f"{PAGE}-from", "value"),
        prevent_initial_call=True,
    )

    def fan_table(
        price: str, flat: object, episode: str, as_of: str
    ) -> tuple[pd.DataFrame, str, str]:
        view = ctx.whatif
        episode = episode if episode in view.episodes else view.episodes[0]
        as_of = as_of if as_of in view.dates[episode] else view.default(episode).as_of
        frame = vw.table(view, episode, as_of, price, vw.valid_flat(flat))
        return (
            frame,
            f"Projection from {fmt.date(pd.Timestamp(as_of))}",
            f"libya-what-if-{episode}-{as_of}",
        )

    components.register_table(
        app,
        f"{PAGE}-fan",
        # State, not Input: the slider and the price never call the server; the table is
        # built from the controls' values when the reader opens it
        [
            State(f"{PAGE}-price", "value"),
            State(f"{PAGE}-flat", "value"),
            State(f"{PAGE}-episode", "value"),
            State(f"{PAGE}-from", "value"),
        ],
        fan_table,
    )

    def replay_table(episode: str) -> tuple[pd.DataFrame, str, str]:
        frame = vw.replay_rows(ctx.whatif, episode, ctx.opts.default_price)
        return vw.replay_table(frame), "What we would have known then", f"libya-replay-{episode}"

    components.register_table(
        app,
        f"{PAGE}-replay",
        [State(f"{PAGE}-episode", "value")],
        replay_table,
    )
