"""Models: the counterfactual models side by side, placebo runs, ITS effects, regimes, revenue."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, html
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from dashboard import components
from dashboard import format as fmt
from dashboard.context import Context
from dashboard.pages.common import page_opening, register_query_sync
from dashboard.state import Key
from dashboard.views.models import Chart, ItsTable, ModelsSelection, Panel, Placebo

PAGE = "models"
FIELDS = ("episode", "model", "price", "level")


def p_value(p: float) -> str:
    """A p-value as printed in journals: "< 0.001" rather than "0.000"."""
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def its_table(its: ItsTable, level: str) -> html.Div:
    """Interrupted time series terms with their intervals, in time order, then a sentence for
    each term without an estimate."""
    head = html.Thead(
        html.Tr([html.Th(c, scope="col") for c in ("Term", "Estimate", "Interval", "p-value")])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(r.label, scope="row"),
                    html.Td(fmt.bpd(r.estimate_bpd)),
                    html.Td(f"{fmt.bpd(r.ci_lower_bpd)} to {fmt.bpd(r.ci_upper_bpd)}"),
                    html.Td(p_value(r.p_value)),
                ]
            )
            for r in its.rows.itertuples()
        ]
    )
    missing = [html.P(text, className="small empty-note mb-1") for text in its.missing]
    if its.rows.empty:
        return html.Div(missing)
    caption = html.Caption(
        f"Segmented OLS on monthly production, {float(level):.0%} intervals; {its.errors}."
    )
    table = dbc.Table([caption, head, body], bordered=False, hover=True, size="sm", responsive=True)
    return html.Div([table, *missing])


def placebo_parts(placebo: Placebo) -> tuple[dict, str, bool, str]:
    """The placebo graph's figure and title, whether its frame is hidden, and the sentence
    shown instead."""
    if placebo.chart is None:
        return {"data": [], "layout": {}}, "", True, placebo.note
    return placebo.chart.figure, placebo.chart.title, False, ""


# the charts of a selection and those no selection changes: name -> (subtitle, source, slug,
# height); each is a chart frame `models-{name}` whose Table and CSV are its view-model table
SELECTED = {
    "barrels": (
        "Oil not produced, million barrels, by counterfactual model: each dot the estimate, "
        "each bar its interval at the level chosen.",
        "Source: this project's models (model_comparison.csv), each fitted on the episode's "
        "baseline months.",
        "models-barrels",
        300,
    ),
    "value": (
        "Gross value forgone, US$ billion, by counterfactual model, with each interval: lost "
        "barrels times the daily price of the scenario.",
        "Sources: this project's models (model_comparison.csv); the scenario's daily price.",
        "models-value",
        300,
    ),
    "placebo": (
        "The same estimate started on fake dates inside the baseline window, where no blockade "
        "happened: number of runs by the 'loss' found, million barrels; the line marks the real "
        "estimate. The windows start a month apart and overlap.",
        "Source: this project's placebo runs (placebo.csv).",
        "placebo",
        320,
    ),
}
# the same for every selection; "{since}" is the regime model's first year
FIXED = {
    "regimes": (
        "Probability that a month belongs to the disrupted regime of a two-regime Markov "
        "switching model on monthly production since {since}, %; shaded: the named episodes.",
        "Sources: U.S. EIA monthly crude production; this project's regime model (regimes.csv).",
        "regimes",
        320,
    ),
    "revenue": (
        "Year-on-year change in gross crude value (production x days x Brent), US$ billion, "
        "split into volume, price and interaction effects; the dash is the total change.",
        "Sources: U.S. EIA production and Brent spot price; this project's decomposition "
        "(revenue_decomposition.csv).",
        "revenue-change",
        340,
    ),
    "revenue-level": (
        "Gross crude value (production x days x Brent) and NOC's reported revenue where it was "
        "published, US$ billion.",
        "Sources: U.S. EIA production and Brent spot price; NOC's published revenue "
        "(revenue_decomposition.csv).",
        "revenue",
        340,
    ),
}


def fixed(ctx: Context, name: str) -> tuple[str, str, str, int]:
    """A FIXED chart's spec with its subtitle filled in."""
    subtitle, *rest = FIXED[name]
    return (subtitle.format(since=ctx.models.regimes_from), *rest)


def fixed_frame(ctx: Context, name: str, href: str) -> Component:
    """A FIXED chart in its frame."""
    return frame(name, getattr(ctx.models, name.replace("-", "_")), href, fixed(ctx, name))


def frame(name: str, chart: Chart | None, href: str, spec: tuple[str, str, str, int]) -> Component:
    """Chart `models-{name}` in its frame, with a link to its whole table."""
    subtitle, source, slug, height = spec
    gid = f"{PAGE}-{name}"
    return components.chart_frame(
        gid,
        chart.title if chart else "",
        subtitle,
        source,
        chart.figure if chart else None,
        slug=slug,
        height=height,
        links=((f"{gid}-download", "Whole table", href),),
    )


# the two issue 9 panels: name -> (question, subtitle, source, slug)
PANELS = {
    "reliability": (
        "How reliable are these intervals?",
        "Share of test windows in which each model's interval held the output actually "
        "produced, against the share the interval level promises. Bars: each share's 95% "
        "range; the windows overlap, so a share is less certain than their count suggests.",
        "Source: this project's rolling-origin backtest (backtest_summary.csv): each model "
        "forecast windows with no blockade, and its interval is checked against what was then "
        "produced.",
        "interval-backtest",
    ),
    "specifications": (
        "How much does the answer depend on choices?",
        "Lost barrels, million, with the interval, for every model, baseline length (months) "
        "and rule for months disturbed by other episodes, sorted from lowest to highest; the dots "
        "below mark each specification's choices.",
        "Source: this project's sensitivity grid (sensitivity.csv).",
        "specifications",
    ),
}


def panel_href(name: str, key: Key) -> str:
    """The whole-table download of a panel for the selection (the backtest has no episode)."""
    if name == "reliability":
        return components.download_href("backtest_summary", {"level": key.level})
    return components.download_href(
        "sensitivity", {"episode": key.episode, "price": key.price, "level": key.level}
    )


def panel_parts(panel: Panel) -> tuple[dict, bool, list]:
    """The panel's figure, whether its frame is hidden, and its sentences (the why, without it)."""
    said = [html.P(text, className="small mb-1") for text in panel.sentences]
    if panel.figure is None:
        return {"data": [], "layout": {}}, True, [html.Div(said, className="empty-note")]
    return panel.figure, False, said


def panel(name: str, view: ModelsSelection, key: Key) -> html.Section:
    """A question answered in sentences, then its chart in the Chart/Table/Download frame; with
    no chart to show (its table not in this release), only the sentence saying why."""
    pid = f"{PAGE}-{name}"
    title, subtitle, source, slug = PANELS[name]
    height = 460 if name == "specifications" else 380  # its rows of choices under the curve
    figure, hidden, said = panel_parts(getattr(view, name))
    frame = components.chart_frame(
        pid,
        title,
        subtitle,
        source,
        figure,
        slug=slug,
        height=height,
        links=((f"{pid}-download", "Whole table for this selection", panel_href(name, key)),),
    )
    return html.Section(
        [
            html.Div(said, id=f"{pid}-said", role="status"),
            html.Div(frame, id=f"{pid}-box", hidden=hidden),
        ],
        className="mb-3",
    )


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


def layout(ctx: Context, /, **query: object) -> html.Div:
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
    _, _, placebo_hidden, placebo_note = placebo_parts(view.placebo)
    revenue_href = components.download_href("revenue_decomposition")
    return html.Div(
        [
            *head,
            components.side_by_side(
                frame("barrels", view.barrels, mc_href, SELECTED["barrels"]),
                frame("value", view.value, mc_href, SELECTED["value"]),
            ),
            html.P(placebo_note, id=f"{PAGE}-placebo-note", className="empty-note", role="status"),
            html.Div(
                frame("placebo", view.placebo.chart, pl_href, SELECTED["placebo"]),
                id=f"{PAGE}-placebo-card",
                hidden=placebo_hidden,
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
            *[panel(name, view, state.key) for name in PANELS],
            fixed_frame(ctx, "regimes", components.download_href("regimes")),
            components.side_by_side(
                fixed_frame(ctx, "revenue", revenue_href),
                fixed_frame(ctx, "revenue-level", revenue_href),
            ),
        ]
    )


def register(app: Dash, ctx: Context) -> None:
    """One lookup per selection change; each chart's Table and CSV from its view-model table."""

    @app.callback(
        *[
            Output(f"{PAGE}-{name}{part}", prop)
            for name in SELECTED
            for part, prop in (("", "figure"), ("-title", "children"))
        ],
        Output(f"{PAGE}-placebo-card", "hidden"),
        Output(f"{PAGE}-placebo-note", "children"),
        Output(f"{PAGE}-its", "children"),
        *[Output(f"{PAGE}-{name}-download", "href") for name in SELECTED],
        Output(f"{PAGE}-its-download", "href"),
        *[
            Output(f"{PAGE}-{name}{part}", prop)
            for name in PANELS
            for part, prop in (("", "figure"), ("-box", "hidden"), ("-said", "children"))
        ],
        *[Output(f"{PAGE}-{name}-download", "href") for name in PANELS],
        [Input(f"{PAGE}-{f}", "value") for f in FIELDS],
        prevent_initial_call=True,
    )
    def on_select(episode: str, model: str, price: str, level: str) -> tuple:
        key = Key(episode, model, price, level)
        view = select(ctx, key)
        mc, pl, its = hrefs(key)
        placebo_fig, placebo_title, hidden, note = placebo_parts(view.placebo)
        return (
            view.barrels.figure,
            view.barrels.title,
            view.value.figure,
            view.value.title,
            placebo_fig,
            placebo_title,
            hidden,
            note,
            its_table(view.its, level),
            mc,
            mc,
            pl,
            its,
            *[p for name in PANELS for p in panel_parts(getattr(view, name))],
            *[panel_href(name, key) for name in PANELS],
        )

    selection = [Input(f"{PAGE}-{f}", "value") for f in FIELDS]

    def chart_rows(name: str, *values: str) -> Chart:
        chart = getattr(select(ctx, Key(*values)), name)
        chart = chart.chart if isinstance(chart, Placebo) else chart
        if chart is None:
            raise PreventUpdate
        return chart

    for name, (subtitle, _, slug, _) in SELECTED.items():

        def rows(*values: str, name: str = name, subtitle: str = subtitle, slug: str = slug):
            table = chart_rows(name, *values).table
            return table, subtitle, f"libya-{slug}-{'-'.join(values)}"

        components.register_table(app, f"{PAGE}-{name}", selection, rows)
    for name in FIXED:
        subtitle, _, slug, _ = fixed(ctx, name)
        chart = getattr(ctx.models, name.replace("-", "_"))
        components.register_table(
            app,
            f"{PAGE}-{name}",
            [],
            lambda chart=chart, subtitle=subtitle, slug=slug: (
                chart.table,
                subtitle,
                f"libya-{slug}",
            ),
        )
    for name in PANELS:

        def panel_rows(*values: str, name: str = name) -> tuple[pd.DataFrame, str, str]:
            key = Key(*values)
            table = getattr(select(ctx, key), name).table
            if table is None:
                raise PreventUpdate
            return table, PANELS[name][1], f"libya-{PANELS[name][3]}-{'-'.join(values)}"

        components.register_table(app, f"{PAGE}-{name}", selection, panel_rows)
    register_query_sync(app, ctx, PAGE, FIELDS)
