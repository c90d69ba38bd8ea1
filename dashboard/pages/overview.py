"""Overview (landing): KPIs of the selected episode and its four charts."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import components
from dashboard import format as fmt
from dashboard.context import Context
from dashboard.labels import label
from dashboard.pages.common import page_opening, register_query_sync
from dashboard.state import Key

PAGE = "overview"
FIELDS = ("episode", "model", "price", "level", "start", "end", "events")
SELECTION = ("episode", "model", "price", "level")


def kpis(row: dict, level: str, price: str) -> list:
    """The four headline cards of one selection; `price` names its price scenario."""
    lvl = float(level)
    as_of = fmt.date(row["reported_as_of"])
    return [
        components.kpi_card(
            "Blockade length",
            fmt.days(row["days"]),
            f"{fmt.date(row['start'])} to {fmt.date(row['end'])}",
            "kpi-days",
        ),
        components.kpi_card(
            "Lost production",
            fmt.barrels(row["lost_barrels"]),
            fmt.interval(row["lost_barrels_lower"], row["lost_barrels_upper"], fmt.barrels, lvl),
            "kpi-barrels",
        ),
        components.kpi_card(
            "Gross value forgone",
            fmt.usd(row["loss_usd"]),
            fmt.interval(row["loss_usd_lower"], row["loss_usd_upper"], fmt.usd, lvl)
            + f"; at {price} prices",
            "kpi-value",
        ),
        components.kpi_card(
            "NOC's reported loss",
            fmt.usd(row["reported_loss_usd"]),
            f"as of {as_of}; our estimate is {fmt.ratio(row['estimate_to_reported'])} of it",
            "kpi-reported",
        ),
    ]


def hrefs(key: Key) -> tuple[str, str]:
    """Download links of the production and cumulative charts for a selection."""
    sel = dict(zip(SELECTION, key, strict=True))
    return (
        components.download_href("daily_impact", sel),
        components.download_href("reported_vs_estimated", sel),
    )


def select(ctx: Context, key: Key) -> tuple[list, dict, str, str]:
    """Everything the selection changes: KPI cards, the figures, their download links."""
    view = ctx.overview
    if key not in view.figures:
        raise PreventUpdate
    cards = kpis(view.rows[key], key.level, label(ctx.opts.price_labels, key.price))
    return (cards, view.figures[key], *hrefs(key))


def figures_update(ctx: Context, key: Key, shown: str | None) -> dict | Patch:
    """The figures for `key`, as a Patch of the traces only when the episode is unchanged.

    Event shapes and labels (most of a figure's bytes) depend on the episode alone, so a change of
    model, price scenario or level need not resend them.
    """
    figs = ctx.overview.figures[key]
    if shown != key.episode:
        return figs
    patch = Patch()
    for name in ("production", "cumulative"):
        patch[name]["data"] = figs[name]["data"]
    return patch


def layout(ctx: Context, /, **query: object) -> html.Div:
    """The page for a query string; unknown or bad values fall back with a note."""
    state, head = page_opening(
        PAGE,
        query,
        ctx.opts,
        "What Libya's oil blockades cost",
        f"Pick one of {len(ctx.opts.episodes)} blockade episodes, a counterfactual "
        "model, a price scenario and an interval level. Every number is read from the "
        "published tables; nothing is re-estimated here.",
        FIELDS,
    )
    cards, base, prod_href, cum_href = select(ctx, state.key)
    return html.Div(
        [
            *head,
            dcc.Store(id=f"{PAGE}-base", data=base),
            dcc.Store(id=f"{PAGE}-shown", data=state.episode),
            dcc.Loading(dbc.Row(cards, id=f"{PAGE}-kpis"), delay_show=150),
            components.chart_card(
                f"{PAGE}-production",
                "Sources: U.S. EIA Short-Term Energy Outlook (monthly crude, excluding "
                "condensate); NOC and press statements; counterfactual from this project's "
                "model, fitted on the episode's baseline months (up to 24, see Methodology).",
                "daily_impact",
                prod_href,
                height=440,
            ),
            components.chart_card(
                f"{PAGE}-cumulative",
                "Sources: estimate from daily_impact.csv; NOC's running totals as quoted by "
                "the press (reported_vs_estimated.csv).",
                "daily_impact",
                prod_href,
                extra=((f"{PAGE}-cumulative-reported", "NOC comparison CSV", cum_href),),
            ),
            components.side_by_side(
                components.chart_card(
                    f"{PAGE}-brent",
                    "Source: U.S. EIA, Europe Brent spot price FOB (RBRTE); the "
                    "differential scenario subtracts a cited Es Sider discount.",
                    "prices",
                    components.download_href("prices"),
                    height=320,
                ),
                components.chart_card(
                    f"{PAGE}-exports",
                    "Sources: OPEC Annual Statistical Bulletin (annual), tanker "
                    "tracking and press (monthly, snapshots). Years without a "
                    "published figure are left empty.",
                    "exports",
                    components.download_href("exports"),
                    figure=ctx.overview.exports,
                    height=320,
                ),
            ),
        ]
    )


def register(app: Dash, ctx: Context) -> None:
    """Selection lookups on the server; date range and event toggles in the browser."""

    @app.callback(
        Output(f"{PAGE}-kpis", "children"),
        Output(f"{PAGE}-base", "data"),
        Output(f"{PAGE}-production-download", "href"),
        Output(f"{PAGE}-cumulative-download", "href"),
        Output(f"{PAGE}-cumulative-reported", "href"),
        Output(f"{PAGE}-shown", "data"),
        [Input(f"{PAGE}-{f}", "value") for f in SELECTION],
        State(f"{PAGE}-shown", "data"),
        prevent_initial_call=True,
    )
    def on_select(episode: str, model: str, price: str, level: str, shown: str | None) -> tuple:
        key = Key(episode, model, price, level)
        cards, _, prod, cum = select(ctx, key)
        return cards, figures_update(ctx, key, shown), prod, prod, cum, episode

    @app.callback(
        Output(f"{PAGE}-start", "value"),
        Output(f"{PAGE}-end", "value"),
        Input(f"{PAGE}-episode", "value"),
        prevent_initial_call=True,
    )
    def on_episode(episode: str) -> tuple[str, str]:
        if episode not in ctx.opts.windows:
            raise PreventUpdate
        start, end = ctx.opts.windows[episode]
        return start.isoformat(), end.isoformat()

    app.clientside_callback(
        ClientsideFunction("blockade", "applyView"),
        Output(f"{PAGE}-production", "figure"),
        Output(f"{PAGE}-cumulative", "figure"),
        Output(f"{PAGE}-brent", "figure"),
        Input(f"{PAGE}-base", "data"),
        Input(f"{PAGE}-start", "value"),
        Input(f"{PAGE}-end", "value"),
        Input(f"{PAGE}-events", "value"),
    )
    register_query_sync(app, ctx, PAGE, FIELDS)
