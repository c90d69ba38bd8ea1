"""Models: the counterfactual models side by side, placebo runs, ITS effects, regimes, revenue."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, html
from dash.exceptions import PreventUpdate

from dashboard import components
from dashboard import format as fmt
from dashboard.context import Context
from dashboard.pages.common import page_opening, register_query_sync
from dashboard.state import Key
from dashboard.views.models import ItsTable, ModelsSelection

PAGE = "models"
FIELDS = ("episode", "model", "price", "level")


def _its_row(r) -> html.Tr:
    """One term: its estimate, interval and p-value, or why it was not estimated."""
    if isinstance(r.term_note, str):
        return html.Tr([html.Th(r.label, scope="row"), html.Td(r.term_note, colSpan=3)])
    return html.Tr(
        [
            html.Th(r.label, scope="row"),
            html.Td(fmt.bpd(r.estimate_bpd)),
            html.Td(f"{fmt.bpd(r.ci_lower_bpd)} to {fmt.bpd(r.ci_upper_bpd)}"),
            html.Td(f"{r.p_value:.3f}"),
        ]
    )


def its_table(its: ItsTable, level: str) -> dbc.Table:
    """Interrupted time series terms with their intervals (or why not estimated), in time order."""
    head = html.Thead(
        html.Tr([html.Th(c, scope="col") for c in ("Term", "Estimate", "Interval", "p-value")])
    )
    body = html.Tbody([_its_row(r) for r in its.rows.itertuples()])
    caption = html.Caption(
        f"Segmented OLS on monthly production, {float(level):.0%} intervals; {its.errors}."
    )
    return dbc.Table([caption, head, body], bordered=False, hover=True, size="sm", responsive=True)


def hrefs(key: Key) -> tuple[str, str, str]:
    """Download links of the comparison, placebo and ITS tables for a selection."""
    return (
        components.download_href(
            "model_comparison", {"episode": key.episode, "price": key.price, "level": key.level}
        ),
        components.download_href("placebo", {"episode": key.episode, "model": key.model}),
        components.download_href("its_effects", {"episode": key.episode, "level": key.level}),
    )


def select(ctx: Context, key: Key) -> ModelsSelection:
    """The selection's figures and table; no update for a selection the tables do not have."""
    if key not in ctx.models.selections:
        raise PreventUpdate
    return ctx.models.selections[key]


def layout(ctx: Context, **query: object) -> html.Div:
    """The models page for a query string."""
    state, head = page_opening(
        PAGE,
        query,
        ctx.opts,
        "Models",
        "How much the answer depends on the counterfactual model, whether the method "
        "finds losses where there were none (placebo), and what simpler and regime-based "
        "models say.",
        FIELDS,
    )
    view = select(ctx, state.key)
    mc_href, pl_href, its_href = hrefs(state.key)
    revenue_href = components.download_href("revenue_decomposition")
    return html.Div(
        [
            *head,
            components.side_by_side(
                components.chart_card(
                    f"{PAGE}-barrels",
                    "Each model's estimate with its simulated interval.",
                    "model_comparison",
                    mc_href,
                    figure=view.barrels,
                    height=300,
                ),
                components.chart_card(
                    f"{PAGE}-value",
                    "Lost barrels times the daily price of the scenario.",
                    "model_comparison",
                    mc_href,
                    figure=view.value,
                    height=300,
                ),
            ),
            components.chart_card(
                f"{PAGE}-placebo",
                "The same estimate started on fake dates inside the baseline window, where no "
                "blockade happened: the 'loss' found there shows how far the method strays "
                "without one. The windows start a month apart and overlap.",
                "placebo",
                pl_href,
                figure=view.placebo,
                height=320,
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2("Interrupted time series", className="h5"),
                        html.Div(its_table(view.its, state.level), id=f"{PAGE}-its"),
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
                "Two-regime Markov switching model on monthly production since "
                f"{ctx.models.regimes_from}; shaded: the annotated episodes.",
                "regimes",
                components.download_href("regimes"),
                figure=ctx.models.regimes,
                height=320,
            ),
            components.side_by_side(
                components.chart_card(
                    f"{PAGE}-revenue",
                    "Gross value = production x days x Brent; change split into "
                    "volume, price and interaction effects.",
                    "revenue_decomposition",
                    revenue_href,
                    figure=ctx.models.revenue,
                    height=340,
                ),
                components.chart_card(
                    f"{PAGE}-revenue-level",
                    "NOC's reported revenue where it was published, beside the gross value.",
                    "revenue_decomposition",
                    revenue_href,
                    figure=ctx.models.revenue_level,
                    height=340,
                ),
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
        key = Key(episode, model, price, level)
        view = select(ctx, key)
        mc, pl, its = hrefs(key)
        return view.barrels, view.value, view.placebo, its_table(view.its, level), mc, mc, pl, its

    register_query_sync(app, ctx, PAGE, FIELDS)
