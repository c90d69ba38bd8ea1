"""What every page shares: its opening (heading, notes, controls, query store) and URL sync."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs

from dash import Dash, Input, Output, State, html
from dash.development.base_component import Component

from dashboard import components
from dashboard.context import Context
from dashboard.state import Options, ViewState, parse, serialise


def page_opening(
    page: str,
    query: Mapping[str, object],
    opts: Options,
    title: str,
    lead: str | None = None,
    fields: tuple[str, ...] = (),
) -> tuple[ViewState, list[Component]]:
    """Parse the page's query; lay out its heading, lead, notes, controls and query store.

    Every page carries the view on to the others, so even a page without controls parses it
    and shows a note for each link value that fell back to its default.
    """
    state, messages = parse(query, opts)
    head: list[Component] = [html.H1(title, className="h3")]
    if lead:
        head.append(html.P(lead, className="lead-text"))
    head.append(components.notes(f"{page}-notes", messages))
    if fields:
        head.append(html.Div(id=f"{page}-input-notes", role="status"))
        head.append(components.controls(page, state, opts, fields))
    head.append(components.page_query_store(page, serialise(state)))
    return state, head


def merged_query(previous: str, updates: dict[str, object], opts: Options) -> tuple[str, list[str]]:
    """Apply control values to the previous query string; return the canonical query and notes.

    A new episode on a page without date inputs drops the old dates, so the range follows it.
    """
    query: dict[str, object] = {
        k: v[0] for k, v in parse_qs((previous or "").lstrip("?"), keep_blank_values=True).items()
    }
    before, _ = parse(query, opts)
    if "episode" in updates and "start" not in updates and updates["episode"] != before.episode:
        query.pop("start", None)
        query.pop("end", None)
    for key, value in updates.items():
        query[key] = ",".join(value) if isinstance(value, list) else value
    state, notes = parse(query, opts)
    return serialise(state), notes


def register_query_sync(app: Dash, ctx: Context, page: str, fields: tuple[str, ...]) -> None:
    """Each control change rewrites the page's query store (the shell mirrors it to the URL)."""
    store = {"type": "page-query", "page": page}

    @app.callback(
        Output(store, "data"),
        Output(f"{page}-input-notes", "children"),
        [Input(f"{page}-{f}", components.control_prop(f)) for f in fields],
        State(store, "data"),
        prevent_initial_call=True,
    )
    def sync(*args: object) -> tuple[str, object]:
        *values, previous = args
        query, notes = merged_query(
            str(previous or ""), dict(zip(fields, values, strict=True)), ctx.opts
        )
        return query, components.notes(f"{page}-input-notes-alert", notes).children
