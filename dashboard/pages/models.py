"""Models: the counterfactual models side by side, placebo runs, ITS effects, regimes, revenue."""

from __future__ import annotations

from functools import cache

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, html
from dash.exceptions import PreventUpdate

from dashboard import components, figures
from dashboard import format as fmt
from dashboard.context import MODEL_LABELS, Context, Key
from dashboard.pages.common import register_query_sync
from dashboard.state import parse, serialise

PAGE = "models"
FIELDS = ("episode", "model", "price", "level")
TERMS = {
    "level_shift_start": "Level shift at the start",
    "slope_change_start": "Slope change at the start (per month)",
    "level_shift_end": "Level shift at the end",
    "slope_change_end": "Slope change at the end (per month)",
}


def its_table(ctx: Context, episode: str, level: str) -> dbc.Table:
    """Interrupted time series terms with their HAC intervals, in the order of TERMS."""
    its = ctx.tables["its_effects"]
    rows = its[(its["episode_id"] == episode) & (its["interval_level"] == float(level))]
    order = {term: i for i, term in enumerate(TERMS)}
    rows = rows.sort_values("term", key=lambda s: s.map(order).fillna(len(order)), kind="stable")
    head = html.Thead(
        html.Tr([html.Th(c, scope="col") for c in ("Term", "Estimate", "Interval", "p-value")])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(TERMS.get(r.term, r.term), scope="row"),
                    html.Td(fmt.bpd(r.estimate_bpd)),
                    html.Td(f"{fmt.bpd(r.ci_lower_bpd)} to {fmt.bpd(r.ci_upper_bpd)}"),
                    html.Td(f"{r.p_value:.3f}"),
                ]
            )
            for r in rows.itertuples()
        ]
    )
    lags = rows["hac_maxlags"].iloc[0] if len(rows) else None
    caption = html.Caption(
        f"Segmented OLS on monthly production, {float(level):.0%} intervals, Newey-West "
        f"standard errors with {fmt.MISSING if lags is None else int(lags)} lags."
    )
    return dbc.Table([caption, head, body], bordered=False, hover=True, size="sm", responsive=True)


@cache
def views(ctx: Context, key: Key) -> tuple[dict, dict, dict, dbc.Table, str, str, str]:
    """Figures, table and download links of one selection (memoised per process)."""
    episode, model, price, level = key
    if key not in ctx.summary:
        raise PreventUpdate
    mc = ctx.tables["model_comparison"]
    mc = mc[
        (mc["episode_id"] == episode)
        & (mc["price_scenario"] == price)
        & (mc["interval_level"] == float(level))
    ]
    order = {m: i for i, m in enumerate(ctx.opts.models)}
    mc = mc.sort_values("model", key=lambda s: s.map(order))
    labels = [MODEL_LABELS.get(m, m) for m in mc["model"]]

    def points(col: str, scale: float, title: str, unit: str, colour: str) -> dict:
        vals = [
            [None if v != v else round(v / scale, 3) for v in mc[c]]
            for c in (col, f"{col}_lower", f"{col}_upper")
        ]
        return figures.interval_points(labels, *vals, title, unit, colour)

    pl = ctx.tables["placebo"]
    pl = pl[(pl["episode_id"] == episode) & (pl["model"] == model)]
    real = ctx.summary[key]["lost_barrels"]
    sel = {"episode": episode, "price": price, "level": level}
    return (
        points("lost_barrels", 1e6, "Lost barrels by model", "million barrels", figures.BLUE),
        points("loss_usd", 1e9, "Lost value by model", "US$ billion", figures.VERMILLION),
        figures.placebo_figure(pl, real),
        its_table(ctx, episode, level),
        components.download_href("model_comparison", sel),
        components.download_href("placebo", {"episode": episode, "model": model}),
        components.download_href("its_effects", {"episode": episode, "level": level}),
    )


def layout(ctx: Context, **query: object) -> html.Div:
    """The models page for a query string."""
    state, messages = parse(query, ctx.opts)
    key = (state.episode, state.model, state.price, state.level)
    barrels, value, placebo, table, mc_href, pl_href, its_href = views(ctx, key)
    return html.Div(
        [
            html.H1("Models", className="h3"),
            html.P(
                "How much the answer depends on the counterfactual model, whether the method "
                "finds losses where there were none (placebo), and what simpler and regime-based "
                "models say.",
                className="lead-text",
            ),
            components.notes(f"{PAGE}-notes", messages),
            html.Div(id=f"{PAGE}-input-notes", role="status"),
            components.controls(PAGE, state, ctx.opts, FIELDS),
            components.page_query_store(PAGE, serialise(state)),
            dbc.Row(
                [
                    dbc.Col(
                        components.chart_card(
                            f"{PAGE}-barrels",
                            "Each model's estimate with its simulated interval.",
                            "model_comparison",
                            mc_href,
                            figure=barrels,
                            height=300,
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        components.chart_card(
                            f"{PAGE}-value",
                            "Lost barrels times the daily price of the scenario.",
                            "model_comparison",
                            mc_href,
                            figure=value,
                            height=300,
                        ),
                        lg=6,
                    ),
                ]
            ),
            components.chart_card(
                f"{PAGE}-placebo",
                "The same estimate started on fake dates inside the baseline window; a sound "
                "method finds losses near zero there.",
                "placebo",
                pl_href,
                figure=placebo,
                height=320,
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2("Interrupted time series", className="h5"),
                        html.Div(table, id=f"{PAGE}-its"),
                        html.P(
                            html.A("Download CSV", id=f"{PAGE}-its-download", href=its_href),
                            className="source-note small mb-0",
                        ),
                    ]
                ),
                className="mb-3",
            ),
            components.chart_card(
                f"{PAGE}-regimes",
                "Two-regime Markov switching model on monthly production since 2010; shaded: "
                "the annotated episodes.",
                "regimes",
                components.download_href("regimes"),
                figure=ctx.static["regimes"],
                height=320,
            ),
            dbc.Row(
                [
                    dbc.Col(
                        components.chart_card(
                            f"{PAGE}-revenue",
                            "Gross value = production x days x Brent; change split into "
                            "volume, price and interaction effects.",
                            "revenue_decomposition",
                            components.download_href("revenue_decomposition"),
                            figure=ctx.static["revenue"],
                            height=340,
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        components.chart_card(
                            f"{PAGE}-revenue-level",
                            "NOC's reported revenue where it was published, beside the "
                            "gross value.",
                            "revenue_decomposition",
                            components.download_href("revenue_decomposition"),
                            figure=ctx.static["revenue_level"],
                            height=340,
                        ),
                        lg=6,
                    ),
                ]
            ),
        ]
    )


def register(app: Dash, ctx: Context) -> None:
    """One lookup per selection change."""

    @app.callback(
        Output(f"{PAGE}-barrels", "figure"),
        Output(f"{PAGE}-value", "figure"),
        Output(f"{PAGE}-placebo", "figure"),
        Output(f"{PAGE}-its", "children"),
        Output(f"{PAGE}-barrels-download", "href"),
        Output(f"{PAGE}-value-download", "href"),
        Output(f"{PAGE}-placebo-download", "href"),
        Output(f"{PAGE}-its-download", "href"),
        [Input(f"{PAGE}-{f}", "value") for f in FIELDS],
        prevent_initial_call=True,
    )
    def on_select(episode: str, model: str, price: str, level: str) -> tuple:
        barrels, value, placebo, table, mc, pl, its = views(ctx, (episode, model, price, level))
        return barrels, value, placebo, table, mc, mc, pl, its

    register_query_sync(app, ctx, PAGE, FIELDS)
