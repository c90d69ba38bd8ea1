"""Claims: the news report's numbers against what the data measure."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import components
from dashboard.context import Context
from dashboard.labels import VERDICT_LABELS, label
from dashboard.pages.common import page_opening
from dashboard.views.claims import Report

PAGE = "claims"
# verdict: bootstrap colour; the label always says it, colour only repeats it
VERDICT_COLOURS = {
    "confirmed": "success",
    "off_by_factor": "warning",
    "contradicted": "danger",
    "not_checkable": "secondary",
}


def table(claims: pd.DataFrame) -> dbc.Table:
    """One row per claim: what the report said, the verdict, and what the data say."""
    cols = ("The report said", "Verdict", "What the data say")
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in cols]))
    rows = [
        html.Tr(
            [
                html.Th(c.claim, scope="row", className="fw-normal"),
                html.Td(
                    dbc.Badge(
                        label(VERDICT_LABELS, c.verdict),
                        color=VERDICT_COLOURS.get(c.verdict, "secondary"),
                        className="verdict text-wrap",
                    ),
                    **{"data-verdict": c.verdict},
                ),
                html.Td(c.verdict_text),
            ]
        )
        for c in claims.itertuples()
    ]
    return dbc.Table([head, html.Tbody(rows)], hover=True, size="sm", responsive=True)


def reports(found: tuple[Report, ...]) -> html.P:
    """The report or reports checked, named and dated, each linked in a new tab."""
    parts: list = ["Checked: "]
    for i, r in enumerate(found):
        if i:
            parts.append("; ")
        parts += [
            f"{r.publisher}, {r.published}, ",
            html.A(f"\u201c{r.title}\u201d", href=r.url, target="_blank", rel="noopener"),
        ]
    parts.append(".")
    return html.P(parts, id=f"{PAGE}-reports")


def layout(ctx: Context, /, **query: object) -> html.Div:
    """The claims page; the query is only carried on to the other pages."""
    view = ctx.claims
    summary = ", ".join(f"{n} {VERDICT_LABELS[v].lower()}" for v, n in view.counts.items())
    _, head = page_opening(
        PAGE,
        query,
        ctx.opts,
        "The news report's claims, checked",
        "A wire report of early September 2020 started this project. Each of its "
        f"claims is set against what the data measure: {summary}.",
    )
    return html.Div(
        [
            *head,
            reports(view.reports),
            dbc.Card(
                dbc.CardBody(
                    [
                        table(view.claims),
                        html.P(
                            [
                                "Claims paraphrased from the report; what the data say comes "
                                "from this project's tables. ",
                                html.A(
                                    "Download CSV",
                                    id=f"{PAGE}-download",
                                    href=components.download_href("claims_check"),
                                ),
                            ],
                            className="source-note small mb-0",
                        ),
                    ]
                )
            ),
        ]
    )
