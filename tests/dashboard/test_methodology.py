"""The Methodology page shows docs/methodology.md: plain words first, then the detail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.pages import methodology
from tests.dashboard.conftest import nodes

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"


def _plain_part(text: str) -> str:
    return text.split("## In plain words", 1)[1].split("## Technical detail", 1)[0]


def _markdown_children(page) -> list[str]:
    return [n["props"]["children"] for n in nodes(page) if n.get("type") == "Markdown"]


def test_page_text_drops_title_and_unlinks_local_files():
    doc = "# Methodology\n\nSee [results](results.md) and [EIA](https://www.eia.gov/).\n"
    assert methodology.page_text(doc) == "See results and [EIA](https://www.eia.gov/)."


def test_text_is_the_document_in_two_layers():
    doc = DOC.read_text(encoding="utf-8")
    text = methodology.TEXT
    assert not text.startswith("# Methodology")
    assert text.index("## In plain words") < text.index("## Technical detail")
    assert "### What a 95% interval means" in text
    assert "95 times out of 100" in _plain_part(text)
    assert "**gross value of the output forgone or deferred, at market prices**" in text
    # every line of the document but its title and its local links reaches the page
    lines = [line for line in doc.splitlines()[1:] if "](" not in line]
    assert [line for line in lines if line not in text] == []


def test_plain_part_has_no_column_names_and_spells_out_acronyms():
    plain = _plain_part(methodology.TEXT)
    assert "`" not in plain and "_bpd" not in plain and "_usd" not in plain
    acronyms = set(re.findall(r"\b[A-Z]{2,}\b", plain))
    assert acronyms >= {"EIA", "NOC", "LNA"}
    for acronym in acronyms:
        first = re.search(rf"\b{acronym}\b", plain)
        assert plain[first.start() - 1] == "(", f"{acronym} is not spelled out at first use"


def test_layout_renders_the_text_without_reading_the_file(ctx, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the page must not read the file per request")

    monkeypatch.setattr(Path, "read_text", refuse)
    page = methodology.layout(ctx)
    assert _markdown_children(page) == [methodology.TEXT]


def test_methodology_is_served(client):
    response = client.get("/methodology")
    assert response.status_code == 200 and b"Traceback" not in response.data


@pytest.mark.browser
def test_methodology_page_shows_the_plain_part(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_element("#nav-methodology").click()
    dash_duo.wait_for_contains_text("#main", "What a 95% interval means", timeout=10)
    headings = [e.text for e in dash_duo.find_elements("#main h2")]
    assert headings[:2] == ["In plain words", "Technical detail"]
    assert dash_duo.get_logs() == []
