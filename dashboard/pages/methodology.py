"""Methodology: docs/methodology.md (plain words first, then the detail) and every column."""

from __future__ import annotations

import re
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.columns import TABLE_DESCRIPTIONS, describe
from dashboard.context import Context
from dashboard.data import COLUMNS
from dashboard.pages.common import page_opening

PAGE = "methodology"

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"
LOCAL_LINK = re.compile(r"\[([^\]]+)\]\((?!https?://)[^)]*\)")


def page_text(markdown: str) -> str:
    """The document without its title (the page has its own) and with links into docs/ as text.

    Relative links work on GitHub but would point at nothing on the dashboard.
    """
    body = markdown.split("\n", 1)[1] if markdown.startswith("# ") else markdown
    return LOCAL_LINK.sub(r"\1", body).strip()


# Read once when the app starts: the text only changes with a new release.
TEXT = page_text(DOC.read_text(encoding="utf-8"))


def glossary() -> html.Div:
    """Every column of every table with its meaning."""
    return html.Div(
        [
            html.Details(
                [
                    html.Summary(html.Code(f"{table}.csv")),
                    html.P(TABLE_DESCRIPTIONS[table], className="small"),
                    dbc.Table(
                        html.Tbody(
                            [
                                html.Tr([html.Th(html.Code(c), scope="row"), html.Td(describe(c))])
                                for c in columns
                            ]
                        ),
                        size="sm",
                        responsive=True,
                    ),
                ],
                className="mb-2",
            )
            for table, columns in COLUMNS.items()
        ]
    )


def layout(ctx: Context, **query: object) -> html.Div:
    """Static text; the query is only carried on to the other pages."""
    _, head = page_opening(PAGE, query, ctx.opts, "Methodology")
    return html.Div(
        [
            *head,
            dcc.Markdown(TEXT, className="methodology"),
            html.H2("Every column", className="h5 mt-4"),
            glossary(),
        ]
    )
