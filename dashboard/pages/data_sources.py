"""Data & sources: events and sources tables, every download, the manifest."""

from __future__ import annotations

import json

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import components
from dashboard.columns import TABLE_DESCRIPTIONS
from dashboard.context import Context
from dashboard.figures import CATEGORIES
from dashboard.state import parse, serialise

PAGE = "data"
GRID_DEFAULTS = {"sortable": True, "filter": True, "resizable": True, "floatingFilter": True}


def _link(text: str, url: str) -> str:
    return f"[{text}]({url})" if url else text


def events_rows(ctx: Context) -> list[dict]:
    """Events with their category spelled out and a link to the source."""
    ev = ctx.tables["events"].sort_values(["date", "event_id"])
    src = ctx.tables["sources"].set_index("source_id")
    rows = []
    for e in ev.itertuples():
        publisher = ctx.publishers.get(e.source_id, e.source_id)
        url = src["url"].get(e.source_id, "") if e.source_id in src.index else ""
        rows.append(
            {
                "date": f"{e.date:%Y-%m-%d}",
                "end_date": "" if pd.isna(e.end_date) else f"{e.end_date:%Y-%m-%d}",
                "category": CATEGORIES.get(e.category, (e.category,))[0],
                "title": e.title,
                "description": e.description,
                "episode": e.episode_id,
                "source": _link(publisher, url),
            }
        )
    return rows


def _grid(gid: str, rows: list[dict], columns: list[dict], height: int) -> dag.AgGrid:
    return dag.AgGrid(
        id=gid,
        rowData=rows,
        columnDefs=columns,
        defaultColDef=GRID_DEFAULTS,
        dashGridOptions={"pagination": True, "paginationPageSize": 20, "tooltipShowDelay": 300},
        style={"height": f"{height}px", "width": "100%"},
    )


def _md(field: str, header: str, flex: int = 1) -> dict:
    return {
        "field": field,
        "headerName": header,
        "cellRenderer": "markdown",
        "cellRendererParams": {"linkTarget": "_blank"},
        "flex": flex,
        "minWidth": 140,
    }


def events_grid(ctx: Context) -> dag.AgGrid:
    """Sortable, filterable events with source links."""
    cols = [
        {"field": "date", "headerName": "Date", "width": 120, "sort": "asc"},
        {"field": "end_date", "headerName": "Until", "width": 120},
        {"field": "category", "headerName": "Category", "width": 140},
        {"field": "title", "headerName": "Event", "flex": 2, "minWidth": 200},
        {
            "field": "description",
            "headerName": "What happened",
            "flex": 3,
            "minWidth": 240,
            "tooltipField": "description",
        },
        {"field": "episode", "headerName": "Episode", "width": 110},
        _md("source", "Source"),
    ]
    return _grid("data-events", events_rows(ctx), cols, 520)


def sources_grid(ctx: Context) -> dag.AgGrid:
    """Every cited source with a link."""
    src = ctx.tables["sources"]
    rows = [
        {
            "source_id": s.source_id,
            "publisher": s.publisher,
            "title": _link(s.title, s.url),
            "published": "" if pd.isna(s.published) else f"{s.published:%Y-%m-%d}",
            "accessed": "" if pd.isna(s.accessed) else f"{s.accessed:%Y-%m-%d}",
            "licence": s.licence,
        }
        for s in src.itertuples()
    ]
    cols = [
        {"field": "source_id", "headerName": "Id", "width": 150},
        {"field": "publisher", "headerName": "Publisher", "flex": 1, "minWidth": 140},
        _md("title", "Title", 3),
        {"field": "published", "headerName": "Published", "width": 120},
        {"field": "accessed", "headerName": "Accessed", "width": 120},
        {"field": "licence", "headerName": "Licence", "width": 140},
    ]
    return _grid("data-sources", rows, cols, 420)


def downloads(ctx: Context) -> html.Ul:
    """Every table, the manifest and the bundle, at their stable URLs."""
    items = [
        html.Li(
            [
                html.A(f"{name}.csv", href=f"/download/{name}.csv", download=f"{name}.csv"),
                f" ({len(ctx.tables[name]):,} rows): {TABLE_DESCRIPTIONS[name]}",
            ]
        )
        for name in TABLE_DESCRIPTIONS
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


def manifest_view(manifest: dict) -> html.Div:
    """Inputs with checksums, seed, parameters and versions, then the full JSON."""
    inputs = manifest.get("inputs", [])
    if isinstance(inputs, dict):
        inputs = [
            {"file": k, **(v if isinstance(v, dict) else {"sha256": v})} for k, v in inputs.items()
        ]
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in ("File", "Rows", "sha256")]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(i.get("file")),
                    html.Td(i.get("rows")),
                    html.Td(html.Code(i.get("sha256"))),
                ]
            )
            for i in inputs
        ]
    )
    keys = ("seed", "simulations", "interval_levels", "defaults", "parameters")
    versions = manifest.get("libraries") or manifest.get("versions") or {}
    return html.Div(
        [
            html.H3("Inputs", className="h6"),
            dbc.Table([head, body], size="sm", responsive=True, className="manifest-inputs"),
            html.H3("Run", className="h6"),
            _kv([(k, json.dumps(manifest[k])) for k in keys if k in manifest]),
            html.H3("Library versions", className="h6"),
            _kv(
                sorted(versions.items()) if isinstance(versions, dict) else [("versions", versions)]
            ),
            html.Details(
                [html.Summary("Full manifest.json"), html.Pre(json.dumps(manifest, indent=2))]
            ),
        ]
    )


def layout(ctx: Context, **query: object) -> html.Div:
    """The data page; the query is only carried on to the other pages."""
    state, messages = parse(query, ctx.opts)
    section = "mb-4"
    return html.Div(
        [
            html.H1("Data and sources", className="h3"),
            components.notes(f"{PAGE}-notes", messages),
            components.page_query_store(PAGE, serialise(state)),
            html.Section([html.H2("Events", className="h5"), events_grid(ctx)], className=section),
            html.Section(
                [html.H2("Sources", className="h5"), sources_grid(ctx)], className=section
            ),
            html.Section(
                [
                    html.H2("Downloads", className="h5"),
                    html.P(
                        "Stable URLs: /download/<table>.csv (add episode, model, price and "
                        "level to filter) and /download/all.zip."
                    ),
                    downloads(ctx),
                ],
                className=section,
            ),
            html.Section(
                [html.H2("Manifest", className="h5"), manifest_view(ctx.tables.manifest)],
                className=section,
            ),
        ]
    )
