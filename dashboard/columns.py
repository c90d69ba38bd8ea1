"""Plain-language meaning and units of every processed table and column, from the contract.

One text (`analysis.contract`) feeds the Methodology page, the Data page and the README inside
/download/all.zip, so they cannot drift from what the analysis writes.
"""

from __future__ import annotations

from analysis.contract import COLUMN_CONTRACT, PROCESSED_TABLES

TABLE_DESCRIPTIONS: dict[str, str] = {n: t.description for n, t in PROCESSED_TABLES.items()}


def describe(column: str) -> str:
    """Meaning of a column, with its unit when it has one ('' for a column not in the contract)."""
    spec = COLUMN_CONTRACT.get(column)
    if spec is None:
        return ""
    return f"{spec.description} ({spec.unit})" if spec.unit else spec.description


def readme(sources: list[dict]) -> str:
    """The README of the download bundle: tables, columns, units, then the sources."""
    lines = [
        "# Libya oil blockade impact: processed tables",
        "",
        "Written by `python -m analysis`; manifest.json lists inputs with sha256, seed, "
        "parameters and library versions. Units follow each column's meaning in brackets "
        "(b/d barrels per day, US$/bbl US dollars per barrel); dates are ISO 8601.",
        "",
    ]
    for name, table in PROCESSED_TABLES.items():
        lines += [f"## {name}.csv", "", table.description, ""]
        lines += [f"- `{c}`: {describe(c)}" for c in table.columns]
        lines.append("")
    lines += ["## Sources", ""]
    lines += [f"- {s['source_id']}: {s['publisher']}, {s['title']}, {s['url']}" for s in sources]
    return "\n".join(lines) + "\n"
