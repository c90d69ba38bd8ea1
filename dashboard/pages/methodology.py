"""Methodology: what each number means, how it is computed, and its limits, in plain language."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import components
from dashboard.columns import TABLE_DESCRIPTIONS, describe
from dashboard.context import Context
from dashboard.data import COLUMNS
from dashboard.state import parse, serialise

PAGE = "methodology"

TEXT = """
### Actual production
Monthly averages (U.S. EIA Short-Term Energy Outlook, Libya crude oil excluding condensate,
`monthly_series.csv`, series `eia_steo_copr`) become a daily step series (`actual_bpd`). In the
month a blockade starts or ends, the days before the start keep the pre-blockade level and the
rest take the value that preserves the month's average. Dated statements by NOC and the press
(`production_reported.csv`) are drawn as points on top; they never enter a model.

### Counterfactual: what production would have been
Each model is fitted on the episode's baseline window (`episodes.csv`): the 24 complete months
before the blockade, started later where that would reach back into the 2011 war or the ramp-up
after an earlier episode; months inside another episode are left out as gaps. It is projected
across the blockade and its recovery (`counterfactual_bpd`):
`mean` (the baseline average), `ols_trend` (a straight-line trend, ordinary least squares) and
`local_level` (a structural time-series model that lets the level drift; the default, chosen
before any comparison with NOC's figures). The interval columns
(`_lower`, `_upper`) come from simulated future paths, seeded, at the level chosen
(`interval_level`: 80, 90 or 95%). Intervals of totals are taken from the simulated totals,
never by adding daily intervals. Recovery (`recovery_days`) counts the days from the end of
the blockade to the first month whose production is back to 90% of the counterfactual.

### Lost barrels and lost value
`lost_bpd` = `counterfactual_bpd` − `actual_bpd`. A rate is only ever summed with its days:
`cum_lost_barrels` adds up `lost_bpd` × 1 day. `cum_loss_usd` multiplies each day's lost barrels
by that day's price (`price_usd_bbl`): Brent spot (`brent`), or Brent minus a cited Es Sider
grade differential (`brent_less_es_sider_diff`). Lost value is gross export value forgone, not
lost state revenue: costs, partner shares and domestic refining are not subtracted.

### Against NOC's own figures
At each NOC statement date (`reported_vs_estimated.csv`) the estimate for the same day is set
beside NOC's running total (`reported_cum_loss_usd`), with `ratio` = estimate ÷ reported and
`covered` saying whether NOC's figure lies inside the interval. NOC's figures are never used to
fit anything. Some statements are dated by the article that quoted them (`date_basis`).

### Checks on the method
**Placebo** (`placebo.csv`): the same estimate started on fake dates inside the baseline window,
where nothing happened, should find losses near zero; the real estimate should lie far outside
that spread. **Interrupted time series** (`its_effects.csv`): a segmented regression of monthly
production with level and slope changes at the start and end, with Newey-West (HAC) standard
errors (`hac_maxlags` lags). **Regimes** (`regimes.csv`): a two-regime Markov switching model on
monthly production since 2010; `prob_disrupted` is the probability of the low regime in each
month, which should line up with the annotated episodes.

### Volume or price?
`revenue_decomposition.csv` splits the year-on-year change of gross crude value (production ×
days × average Brent) into a volume effect (at last year's price), a price effect (at last
year's volume) and their interaction. It answers, for 2020, how much of the collapse was the
blockade and how much the Covid price crash. NOC's reported revenue is shown beside it, not
mixed in.

### Claims
Each numeric claim of the news report (`claims_check.csv`) is confirmed, off by a factor (for
example millions written for billions), contradicted, or not checkable with oil data.

### Limits
- EIA rounds pre-2013 Libyan production to 50,000 b/d; monthly averages hide the day a field
  shut or restarted.
- No full public monthly export series exists: export figures are shown where published, with
  gaps left as gaps.
- The counterfactual assumes the baseline pattern would have continued; a blockade that began in
  an unsettled period makes any baseline arguable, which is why three models are shown.
- Prices are the Brent benchmark (or Brent less a fixed differential), not realised sale prices.
"""


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
    state, messages = parse(query, ctx.opts)
    return html.Div(
        [
            html.H1("Methodology", className="h3"),
            components.notes(f"{PAGE}-notes", messages),
            components.page_query_store(PAGE, serialise(state)),
            dcc.Markdown(TEXT, className="methodology"),
            html.H2("Every column", className="h5 mt-4"),
            glossary(),
        ]
    )
