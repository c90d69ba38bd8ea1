"""Claims: the news report's numbers against what the data measure."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import components
from dashboard import format as fmt
from dashboard.context import Context
from dashboard.labels import VERDICT_LABELS, label
from dashboard.pages.common import page_opening

PAGE = "claims"
# verdict: bootstrap colour; the label always says it, colour only repeats it
VERDICT_COLOURS = {
    "confirmed": "success",
    "off_by_factor": "warning",
    "contradicted": "danger",
    "not_checkable": "secondary",
}


def value(x: float, unit: str) -> str:
    """A claimed or measured figure in its own unit."""
    if pd.isna(x):
        return "—"
    unit = str(unit).lower()
    formats = {
        "usd": fmt.usd,
        "bpd": fmt.bpd,
        "barrels": fmt.barrels,
        "days": fmt.days,
        "share": lambda v: f"{v:.0%}",
    }
    return formats.get(unit, lambda v: f"{v:,.4g} {unit}".strip())(x)


def table(claims: pd.DataFrame) -> dbc.Table:
    """One row per claim with the verdict spelled out."""
    cols = ("Claim", "Claimed", "Measured", "Verdict", "Why")
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in cols]))
    rows = []
    for c in claims.itertuples():
        verdict = label(VERDICT_LABELS, c.verdict)
        colour = VERDICT_COLOURS.get(c.verdict, "secondary")
        factor = (
            ""
            if pd.isna(c.factor)
            else f" ({c.factor:,.0f}×)"
            if c.factor >= 10
            else f" ({c.factor:.2f}×)"
        )
        rows.append(
            html.Tr(
                [
                    html.Th(c.claim, scope="row", className="fw-normal"),
                    html.Td(value(c.claimed_value, c.unit)),
                    html.Td(value(c.measured_value, c.unit)),
                    html.Td(
                        dbc.Badge(verdict + factor, color=colour, className="verdict text-wrap"),
                        **{"data-verdict": c.verdict},
                    ),
                    html.Td(c.explanation),
                ]
            )
        )
    return dbc.Table([head, html.Tbody(rows)], hover=True, size="sm", responsive=True)


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
        f"numeric claims is set against what the data measure: {summary}.",
    )
    return html.Div(
        [
            *head,
            dbc.Card(
                dbc.CardBody(
                    [
                        table(view.claims),
                        html.P(
                            [
                                "Claims paraphrased from the report; measured values from this "
                                "project's tables. ",
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
