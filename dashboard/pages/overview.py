"""Overview (landing): KPIs of the selected episode and its four charts."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import components, figures
from dashboard import format as fmt
from dashboard.context import Context
from dashboard.labels import label
from dashboard.pages.common import page_opening, register_query_sync
from dashboard.state import Key, Options, parse

PAGE = "overview"
FIELDS = ("episode", "model", "price", "level", "start", "end", "events")
SELECTION = ("episode", "model", "price", "level")
# the charts below the production chart: height, and the name of its figure in the page's
# figures (none: the exports figure, the same for every view); mounted once that has drawn
LOWER = {"cumulative": (380, "cumulative"), "brent": (320, "price"), "exports": (320, None)}


def kpis(row: dict, level: str, price: str) -> list:
    """The four headline cards of one selection, lost value first; `price` names its scenario."""
    lvl = float(level)
    as_of = fmt.date(row["reported_as_of"])
    # an ongoing episode's numbers are so far: each says to which day (issue 11)
    so_far = f"; as of {fmt.date(row['as_of_date'])}" if row["status"] == "ongoing" else ""
    return [
        components.kpi_card(
            "Gross value forgone",
            fmt.usd(row["loss_usd"]),
            fmt.interval(row["loss_usd_lower"], row["loss_usd_upper"], fmt.usd, lvl)
            + f"; at {price} prices{so_far}",
            "kpi-value",
        ),
        components.kpi_card(
            "Lost production",
            fmt.barrels(row["lost_barrels"]),
            fmt.interval(row["lost_barrels_lower"], row["lost_barrels_upper"], fmt.barrels, lvl)
            + so_far,
            "kpi-barrels",
        ),
        components.kpi_card(
            "NOC's reported loss",
            fmt.usd(row["reported_loss_usd"]),
            f"as of {as_of}; our estimate is {fmt.ratio(row['estimate_to_reported'])} of it",
            "kpi-reported",
        ),
        components.kpi_card(
            "Blockade length",
            fmt.days(row["days"]),
            f"{fmt.date(row['start'])} to {fmt.date(row['end'])}"
            + (" (ongoing)" if so_far else ""),
            "kpi-days",
        ),
    ]


def hrefs(key: Key) -> tuple[str, str]:
    """Whole-table download links of the production and cumulative charts for a selection."""
    sel = dict(zip(SELECTION, key, strict=True))
    return (
        components.download_href("daily_impact", sel),
        components.download_href("reported_vs_estimated", sel),
    )


def select(ctx: Context, key: Key) -> tuple[list, str, dict, str, str]:
    """Everything the selection changes: KPI cards, the lede, the figures, their table links."""
    view = ctx.overview
    if key not in view.figures:
        raise PreventUpdate
    cards = kpis(view.rows[key], key.level, label(ctx.opts.price_labels, key.price))
    return (cards, view.ledes[key], view.figures[key], *hrefs(key))


def figures_update(ctx: Context, key: Key, shown: str | None) -> dict | Patch:
    """The figures for `key`, as a Patch of the traces only when the episode is unchanged.

    Event shapes and labels depend on the episode alone, so a change of model, price scenario
    or level need not resend them.
    """
    figs = ctx.overview.figures[key]
    if shown != key.episode:
        return figs
    patch = Patch()
    for name in ("production", "cumulative"):
        patch[name]["data"] = figs[name]["data"]
    return patch


def shown_range(opts: Options, episode: object, start: object, end: object) -> tuple[str, str]:
    """The date range a request names, as ISO dates; a garbage, out-of-range, empty or
    reversed date gives way to the episode's default window, as in a link (state.parse).

    The values end up in a file name and in comparisons, so only real dates get through.
    """
    state, _ = parse({"episode": episode, "start": start, "end": end}, opts)
    return state.start.isoformat(), state.end.isoformat()


def label_band(ctx: Context, episode: str, start: str, end: str) -> dict:
    """The production chart's shapes, key-event labels and top margin for the range shown:
    every key event on the episode's default range, those that fit the band's rows on any
    other (the rest stay in the event strip)."""
    window = (pd.Timestamp(start), pd.Timestamp(end))
    default = tuple(pd.Timestamp(d) for d in ctx.opts.windows[episode])
    return figures.label_band(ctx.overview.layers[episode], window, default=window == default)


def with_band(figs: dict, band: dict) -> dict:
    """`figs` with the production chart's labels replaced by `band` (label_band)."""
    prod = figs["production"]
    layout = {
        **prod["layout"],
        "shapes": band["shapes"],
        "annotations": band["annotations"],
        "margin": {**prod["layout"]["margin"], "t": band["margin_t"]},
    }
    return {**figs, "production": {**prod, "layout": layout}}


def shown_view(fig: dict, start: str, end: str, categories: Sequence[str]) -> dict:
    """The view of a precomputed figure: the date range shown and the event categories on.

    The same as `view` in assets/clientside.js (applyView), which draws every later change in
    the browser; this one gives the production graph its first figure in the page itself, so
    it is drawn as soon as plotly.js and the graph's code are there, without waiting for
    Dash's first round of callbacks (a browser test holds the two to the same result).
    """
    shown = set(categories)

    def toggle(item: dict) -> dict:
        name = item.get("name") or ""
        return {**item, "visible": name[4:] in shown} if name.startswith("evt:") else item

    xaxis = {**fig["layout"]["xaxis"]}
    if start and end and start < end:
        xaxis.update(range=[start, end], autorange=False)
    else:
        xaxis["autorange"] = True
    layout = {
        **fig["layout"],
        "shapes": [toggle(s) for s in fig["layout"].get("shapes") or []],
        "annotations": [toggle(a) for a in fig["layout"].get("annotations") or []],
        "xaxis": xaxis,
    }
    data = [
        {**t, "visible": t["meta"][4:] in shown}
        if isinstance(t.get("meta"), str) and t["meta"].startswith("evt:")
        else t
        for t in fig.get("data") or []
    ]
    return {"data": data, "layout": layout}


def _dated(frame: pd.DataFrame, column: str, start: str, end: str) -> pd.DataFrame:
    """The rows of `frame` inside the date range shown, dates written as ISO 8601."""
    inside = frame[(frame[column] >= start) & (frame[column] <= end)]
    return inside.assign(**{column: inside[column].dt.strftime("%Y-%m-%d")})


def _stem(what: str, key: Key) -> str:
    return f"libya-{what}-{key.episode}-{key.model}-{key.price}-{round(float(key.level) * 100)}"


def production_table(ctx: Context, key: Key, start: str, end: str) -> tuple:
    """The production chart's own frame for the range shown (table, caption, file name)."""
    frame = _dated(ctx.overview.production[key], "date", start, end)
    caption = (
        f"Every series the production chart draws from {fmt.date(pd.Timestamp(start))} to "
        f"{fmt.date(pd.Timestamp(end))}: monthly output (dated by the month's first day), the "
        "counterfactual with its interval, dated statements and events."
    )
    return frame, caption, _stem("production", key)


def cumulative_table(ctx: Context, key: Key, start: str, end: str) -> tuple:
    """The cumulative chart's own frame for the range shown: the estimate with its interval and
    NOC's totals."""
    frame = _dated(ctx.overview.cumulative[key], "date", start, end)
    caption = (
        "The estimated gross value forgone (running total, US$) with its interval, and NOC's "
        "reported running totals with the estimate's ratio to each, for the range shown."
    )
    return frame, caption, _stem("cumulative", key)


def layout(ctx: Context, /, **query: object) -> html.Div:
    """The page for a query string; unknown or bad values fall back with a note.

    On a phone the lede and the headline cards come before the controls, so the lost value
    is on the first screen.
    """
    state, head = page_opening(
        PAGE, query, ctx.opts, "What Libya's oil blockades cost", None, FIELDS
    )
    cards, lede, base, prod_href, cum_href = select(ctx, state.key)
    if (state.start, state.end) != ctx.opts.windows[state.episode]:
        band = label_band(ctx, state.episode, state.start.isoformat(), state.end.isoformat())
        base = with_band(base, band)
    title, *rest = head
    own = {"exports": ctx.overview.exports}  # the one lower figure not in `base`
    source_prod = (
        "Sources: U.S. Energy Information Administration (EIA), Short-Term Energy Outlook "
        "(monthly crude, excluding condensate); NOC and press statements; events from the "
        "cited reports in events.csv; counterfactual: this project's model, fitted on the "
        "episode's baseline months (see Methodology)."
    )
    return html.Div(
        [
            title,
            html.P(lede, id=f"{PAGE}-lede", className="lead-text"),
            dcc.Store(id=f"{PAGE}-base", data=base),
            components.later_store(
                f"{PAGE}-later",
                f"{PAGE}-production",
                [
                    (components.graph(f"{PAGE}-{name}", own.get(name), height), figure)
                    for name, (height, figure) in LOWER.items()
                ],
            ),
            dcc.Store(id=f"{PAGE}-shown", data=state.episode),
            dbc.Row(cards, id=f"{PAGE}-kpis"),
            *rest,
            components.chart_frame(
                f"{PAGE}-production",
                "Oil output collapsed during the blockade",
                "Crude oil production, barrels per day: actual monthly average against the "
                "counterfactual (what the model says output would have been), with its range; "
                "the blockade shaded, its turning points labelled, every event in the strip "
                "below (hover for details).",
                source_prod,
                shown_view(
                    base["production"], state.start.isoformat(), state.end.isoformat(), state.events
                ),
                slug="production",
                height=520,
                links=(
                    (f"{PAGE}-production-download", "Daily estimates (whole table)", prod_href),
                ),
            ),
            components.chart_frame(
                f"{PAGE}-cumulative",
                "The value forgone, running total, beside NOC's own figures",
                "Gross value forgone (the oil not produced, at market prices), running total, US$ "
                "billion, with its range; "
                "diamonds: NOC's reported running totals. The blockade is shaded.",
                "Sources: this project's estimate (daily_impact.csv); NOC's running totals as "
                "quoted by the press (reported_vs_estimated.csv).",
                slug="cumulative",
                height=LOWER["cumulative"][0],
                links=((f"{PAGE}-cumulative-reported", "NOC comparison (whole table)", cum_href),),
                later=True,
            ),
            components.side_by_side(
                components.chart_frame(
                    f"{PAGE}-brent",
                    "The price of crude",
                    "Daily price per barrel, US$, in each price scenario.",
                    "Source: U.S. EIA, Europe Brent spot price FOB (RBRTE); the differential "
                    "scenario subtracts a cited Es Sider discount.",
                    slug="price",
                    height=LOWER["brent"][0],
                    later=True,
                ),
                components.chart_frame(
                    f"{PAGE}-exports",
                    "Exports: only scattered figures are published",
                    "Crude exports, barrels per day: annual averages, monthly averages and "
                    "one-day snapshots; years without a published figure are left empty.",
                    "Sources: OPEC Annual Statistical Bulletin (annual), tanker tracking and "
                    "press (monthly, snapshots).",
                    slug="exports",
                    height=LOWER["exports"][0],
                    later=True,
                ),
            ),
        ]
    )


def price_table(ctx: Context, start: str, end: str) -> tuple:
    """The price chart's series for the range shown."""
    return (
        _dated(ctx.overview.prices, "date", start, end),
        "Daily price per barrel in each scenario, for the range shown.",
        f"libya-price-{start}-{end}",
    )


def register(app: Dash, ctx: Context) -> None:
    """Selection lookups and the label band on the server; date range and event toggles in
    the browser."""
    dates = [Input(f"{PAGE}-{part}", "date") for part in ("start", "end")]

    @app.callback(
        Output(f"{PAGE}-kpis", "children"),
        Output(f"{PAGE}-lede", "children"),
        Output(f"{PAGE}-base", "data"),
        Output(f"{PAGE}-production-download", "href"),
        Output(f"{PAGE}-cumulative-reported", "href"),
        Output(f"{PAGE}-shown", "data"),
        [Input(f"{PAGE}-{f}", "value") for f in SELECTION],
        State(f"{PAGE}-shown", "data"),
        prevent_initial_call=True,
    )
    def on_select(episode: str, model: str, price: str, level: str, shown: str | None) -> tuple:
        key = Key(episode, model, price, level)
        cards, lede, _, prod, cum = select(ctx, key)
        return cards, lede, figures_update(ctx, key, shown), prod, cum, episode

    @app.callback(
        Output(f"{PAGE}-start", "date"),
        Output(f"{PAGE}-end", "date"),
        Input(f"{PAGE}-episode", "value"),
        prevent_initial_call=True,
    )
    def on_episode(episode: str) -> tuple[str, str]:
        if episode not in ctx.opts.windows:
            raise PreventUpdate
        start, end = ctx.opts.windows[episode]
        return start.isoformat(), end.isoformat()

    @app.callback(
        Output(f"{PAGE}-base", "data", allow_duplicate=True),
        *dates,
        State(f"{PAGE}-episode", "value"),
        prevent_initial_call=True,
    )
    def on_range(start: str, end: str, episode: str) -> Patch:
        """The key-event labels placed again for the range shown (a Patch of the labels only)."""
        if episode not in ctx.overview.layers:
            raise PreventUpdate
        band = label_band(ctx, episode, *shown_range(ctx.opts, episode, start, end))
        patch = Patch()
        patch["production"]["layout"]["shapes"] = band["shapes"]
        patch["production"]["layout"]["annotations"] = band["annotations"]
        patch["production"]["layout"]["margin"]["t"] = band["margin_t"]
        return patch

    view = [Input(f"{PAGE}-{f}", "value") for f in SELECTION] + dates

    def keyed(build: Callable[..., tuple]) -> Callable[..., tuple]:
        def run(episode: str, model: str, price: str, level: str, start: str, end: str) -> tuple:
            key = Key(episode, model, price, level)
            if key not in ctx.overview.figures:
                raise PreventUpdate
            return build(ctx, key, *shown_range(ctx.opts, episode, start, end))

        return run

    components.register_table(app, f"{PAGE}-production", view, keyed(production_table))
    components.register_table(app, f"{PAGE}-cumulative", view, keyed(cumulative_table))
    components.register_table(
        app,
        f"{PAGE}-brent",
        [Input(f"{PAGE}-episode", "value"), *dates],
        lambda episode, start, end: price_table(ctx, *shown_range(ctx.opts, episode, start, end)),
    )
    components.register_table(
        app,
        f"{PAGE}-exports",
        [],
        lambda: (ctx.overview.exports_table, "Every published export figure.", "libya-exports"),
    )
    shown = [Input(f"{PAGE}-base", "data"), *dates, Input(f"{PAGE}-events", "value")]
    app.clientside_callback(
        ClientsideFunction("blockade", "applyView"),
        Output(f"{PAGE}-production", "figure"),
        *shown,
        prevent_initial_call=True,  # the page carries the first view (shown_view)
    )
    components.mount_later(app, f"{PAGE}-later", [f"{PAGE}-{name}" for name in LOWER], shown)
    app.clientside_callback(
        ClientsideFunction("blockade", "lowerViews"),
        Output(f"{PAGE}-cumulative", "figure"),
        Output(f"{PAGE}-brent", "figure"),
        *shown,
        prevent_initial_call=True,  # mount_later draws them first with the figures of the view
    )
    register_query_sync(app, ctx, PAGE, FIELDS)
