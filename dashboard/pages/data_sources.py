"""Data & sources: events and sources tables, every download, the manifest."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components import page_table
from dashboard.context import Context
from dashboard.pages.common import page_opening
from dashboard.views.data_sources import DataView

PAGE = "data"


def events_table(rows: list[dict]) -> html.Div:
    """Every event in date order with its source."""
    columns = {
        "date": "Date",
        "end_date": "Until",
        "category": "Category",
        "title": "Event",
        "description": "What happened",
        "episode": "Episode",
        "source": "Source",
    }
    return page_table("data-events", rows, columns, "Every event in date order, with its source")


def sources_table(rows: list[dict]) -> html.Div:
    """Every cited source, its title linked."""
    columns = {
        "source_id": "Id (as in the tables)",
        "publisher": "Publisher",
        "title": "Title",
        "published": "Published",
        "accessed": "Accessed",
        "licence": "Licence",
    }
    return page_table("data-sources", rows, columns, "Every cited source, its title linked")


def downloads(tables: list[tuple[str, int, str]]) -> html.Ul:
    """Every table, the manifest and the bundle, at their stable URLs."""
    items = [
        html.Li(
            [
                html.A(f"{name}.csv", href=f"/download/{name}.csv", download=f"{name}.csv"),
                f" ({rows:,} rows): {text}",
            ]
        )
        for name, rows, text in tables
    ]
    items.append(html.Li([html.A("manifest.json", href="/download/manifest.json"), ": provenance"]))
    items.append(
        html.Li(
            [
                html.A("all.zip", href="/download/all.zip", id="data-all-zip"),
                ": every table, the manifest and a README of columns, units and sources",
            ]
        )
    )
    return html.Ul(items, className="downloads")


def _kv(rows: list[tuple[str, object]]) -> dbc.Table:
    return dbc.Table(
        html.Tbody([html.Tr([html.Th(k, scope="row"), html.Td(str(v))]) for k, v in rows]),
        size="sm",
        responsive=True,
    )


def manifest_view(view: DataView) -> html.Div:
    """Inputs with checksums, seed, parameters and versions, then the full JSON."""
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in ("File", "Rows", "sha256")]))
    body = html.Tbody(
        [
            html.Tr([html.Td(i["file"]), html.Td(i["rows"]), html.Td(html.Code(i["sha256"]))])
            for i in view.inputs
        ]
    )
    return html.Div(
        [
            html.H3("Inputs", className="h6"),
            dbc.Table([head, body], size="sm", responsive=True, className="manifest-inputs"),
            html.H3("Run", className="h6"),
            _kv(view.run),
            html.H3("Library versions", className="h6"),
            _kv(view.libraries),
            html.Details(
                [html.Summary("Full manifest.json"), html.Pre(json.dumps(view.manifest, indent=2))]
            ),
        ]
    )


def layout(ctx: Context, /, **query: object) -> html.Div:
    """The data page; the query is only carried on to the other pages."""
    _, head = page_opening(PAGE, query, ctx.opts, "Data and sources")
    view = ctx.data
    section = "mb-4"
    return html.Div(
        [
            *head,
            html.Section(
                [html.H2("Events", className="h5"), events_table(view.events)], className=section
            ),
            html.Section(
                [html.H2("Sources", className="h5"), sources_table(view.sources)],
                className=section,
            ),
            html.Section(
                [
                    html.H2("Downloads", className="h5"),
                    html.P(
                        "Stable URLs: /download/<table>.csv (add episode, model, price and "
                        "level to filter) and /download/all.zip."
                    ),
                    downloads(view.downloads),
                ],
                className=section,
            ),
            html.Section(
                [html.H2("Manifest", className="h5"), manifest_view(view)], className=section
            ),
        ]
    )
