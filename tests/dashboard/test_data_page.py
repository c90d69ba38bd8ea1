"""The Data page's long tables: rows of text for the browser to draw, not Dash components."""

from __future__ import annotations

from collections.abc import Iterator

from dash import dcc, html
from dash.development.base_component import Component

from dashboard.components import PAGE_TABLE, page_table
from dashboard.pages import data_sources


def _walk(node: object) -> Iterator[Component]:
    if isinstance(node, Component):
        yield node
        node = getattr(node, "children", None)
    if isinstance(node, (list, tuple)):
        for child in node:
            yield from _walk(child)
    elif isinstance(node, Component):
        yield from _walk(node)


def test_events_and_sources_arrive_as_rows_not_components(ctx):
    page = list(_walk(data_sources.layout(ctx)))
    stores = {
        c.id["chart"]: c.data
        for c in page
        if isinstance(c, dcc.Store) and isinstance(c.id, dict) and c.id["type"] == PAGE_TABLE
    }
    assert set(stores) == {"data-events", "data-sources"}
    events, sources = stores["data-events"], stores["data-sources"]
    assert len(events["rows"]) == len(ctx.data.events) > 0
    assert len(sources["rows"]) == len(ctx.data.sources) > 0
    assert events["columns"][0] == "Date" and events["columns"][-1] == "Source"
    for row, event in zip(events["rows"], ctx.data.events, strict=True):
        assert row[0] == event["date"] and row[3] == event["title"]
        assert row[-1] == list(event["source"])  # publisher and URL: drawn as a link
    for row, source in zip(sources["rows"], ctx.data.sources, strict=True):
        assert row == [list(v) if isinstance(v, tuple) else str(v) for v in source.values()]
    # the only rows left as components are the manifest's: inputs (with a header), run, versions
    rows = [c for c in page if isinstance(c, html.Tr)]
    assert len(rows) == len(ctx.data.inputs) + 1 + len(ctx.data.run) + len(ctx.data.libraries)
    for box in ("data-events-table", "data-sources-table"):
        (div,) = [c for c in page if getattr(c, "id", None) == box]
        assert (div.tabIndex, div.role) == ("0", "region")
        assert getattr(div, "aria-label") == stores[box.removesuffix("-table")]["caption"]


def test_page_table_links_only_http_urls_and_writes_gaps_as_empty_cells():
    rows = [
        {"a": ("NOC", "https://noc.ly/x"), "b": float("nan")},
        {"a": ("Trap", "javascript:alert(1)"), "b": None},
        {"a": ("Old", "HTTP://example.org"), "b": 3},
    ]
    box = page_table("t", rows, {"a": "A", "b": "B"}, "caption")
    store = next(c for c in _walk(box) if isinstance(c, dcc.Store))
    assert store.data == {
        "caption": "caption",
        "columns": ["A", "B"],
        "rows": [
            [["NOC", "https://noc.ly/x"], ""],
            ["Trap", ""],
            [["Old", "HTTP://example.org"], "3"],
        ],
    }
