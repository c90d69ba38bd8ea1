"""Real headless Chromium on the real processed tables: empty states read as sentences, the
404 page keeps the navigation, and no page loads a script it does not use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import Select, WebDriverWait

from dashboard.context import build_context
from dashboard.data import PROCESSED_DIR, load_tables
from dashboard.factory import create_app

pytestmark = pytest.mark.browser
SCRIPTS = (
    "return performance.getEntriesByType('resource').map(r => r.name.split('?')[0])"
    ".filter(n => n.endsWith('.js'));"
)


@pytest.fixture(scope="module")
def real_ctx():
    return build_context(load_tables(Path(os.environ.get("DASHBOARD_PROCESSED", PROCESSED_DIR))))


def _page_text(dash_duo) -> str:
    return dash_duo.find_element("#main").text


def test_models_2018_says_why_instead_of_nan(dash_duo, real_ctx):
    dash_duo.start_server(create_app(real_ctx))
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/models?episode=2018")
    dash_duo.wait_for_contains_text(
        "#models-placebo-note", "Too few months before the 2018 oil crescent closure"
    )
    assert not dash_duo.find_element("#models-placebo-card").is_displayed()
    dash_duo.wait_for_contains_text(
        "#models-its", "Slope change at the start (per month): not estimated"
    )
    text = _page_text(dash_duo)
    for raw in ("n/a", "nan", "0.000", "2013_16"):
        assert raw not in text.split(), raw
    # the regime chart names its episodes
    WebDriverWait(dash_duo.driver, 10).until(
        lambda _: (
            "Jun 2018"
            in [e.text for e in dash_duo.find_elements("#models-regimes .annotation-text")]
        )
    )
    # the backtest panel answers in words, with its chart
    dash_duo.wait_for_contains_text("#models-reliability-said", "test windows")
    assert dash_duo.find_element("#models-reliability-box").is_displayed()
    # an episode with placebo runs shows the chart and no sentence
    Select(dash_duo.find_element("#models-episode")).select_by_value("2020")
    WebDriverWait(dash_duo.driver, 10).until(
        lambda _: dash_duo.find_element("#models-placebo-card").is_displayed()
    )
    assert dash_duo.find_element("#models-placebo-note").text == ""
    # its runs drawn as bars (the vendored basic plotly.js has no histogram trace)
    WebDriverWait(dash_duo.driver, 10).until(
        lambda _: dash_duo.find_elements("#models-placebo-card .barlayer .point path")
    )
    # 2020's start shift is far from zero: its p-value prints as "< 0.001", never "0.000"
    dash_duo.wait_for_contains_text("#models-its", "< 0.001")
    assert dash_duo.get_logs() == []


def test_claims_read_as_sentences(dash_duo, real_ctx):
    dash_duo.start_server(create_app(real_ctx))
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/claims")
    dash_duo.wait_for_contains_text("#main", "million written for billion")
    text = _page_text(dash_duo)
    assert "Daily Sabah (Anadolu Agency), 9 Sep 2020" in text
    for raw in ("E061", "dailysabah_2020_09_09", "measured/claimed", "8,220,000,000"):
        assert raw not in text, raw


def test_404_inside_the_shell(dash_duo, real_ctx):
    dash_duo.start_server(create_app(real_ctx))
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/no-such-page")
    dash_duo.wait_for_text_to_equal("#main h1", "Page not found")
    assert "no page at this address" in _page_text(dash_duo)
    dash_duo.find_element("#nav-episodes")  # the navigation is there
    dash_duo.find_element("#not-found-pages a[href='/models']").click()
    dash_duo.wait_for_text_to_equal("#main h1", "Models")
    # the one console entry is the page's own 404 status, which the browser reports
    logs = dash_duo.get_logs()
    assert [e for e in logs if "/no-such-page - " not in e["message"]] == []
    assert len(logs) == 1 and "status of 404" in logs[0]["message"]


def test_a_long_address_opens_its_own_page(dash_duo, real_ctx):
    """Chromium cuts the Referer to the origin for an address over 4,096 characters: the
    layout must still hold the page at the address (it names itself, assets/page.js), not /."""
    dash_duo.start_server(create_app(real_ctx))
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/models?episode=2018&note={'A' * 5000}")
    dash_duo.wait_for_text_to_equal("#main h1", "Models")
    WebDriverWait(dash_duo.driver, 10).until(lambda d: d.title.startswith("Models"))
    assert dash_duo.find_element("#models-episode").get_attribute("value") == "2018"


@pytest.mark.parametrize(
    ("path", "heading", "unused"),
    [
        ("/", "What Libya's oil blockades cost", ("ag_grid", "async-community")),
        ("/data", "Data and sources", ("ag_grid", "async-community", "plotly")),
        ("/claims", "The news report's claims, checked", ("ag_grid", "plotly")),
    ],
)
def test_no_unused_scripts(dash_duo, real_ctx, path, heading, unused):
    dash_duo.start_server(create_app(real_ctx))
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}{path}")
    dash_duo.wait_for_text_to_equal("#main h1", heading)
    scripts = dash_duo.driver.execute_script(SCRIPTS)
    assert scripts, "no script entries: the measurement itself failed"
    assert [s for s in scripts if any(u in s for u in unused)] == []


def test_specification_chart_table_holds_the_rows_drawn(dash_duo, app):
    """On the synthetic tables: 3 models x 2 baseline lengths x the rule on and off."""
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/models?episode=2020")
    dash_duo.wait_for_contains_text("#models-specifications-said", "Across 12 specifications")

    def table_rows(_) -> bool:
        """Click "Table" until its rows show (a click before the callbacks are wired is lost)."""
        if len(dash_duo.find_elements("#models-specifications-table tbody tr")) == 12:
            return True
        labels = dash_duo.find_elements("#models-specifications-frame .view-switch-label")
        next(e for e in labels if e.text == "Table").click()
        return False

    WebDriverWait(dash_duo.driver, 20, poll_frequency=0.5).until(table_rows)
    href = dash_duo.find_element("#models-specifications-csv").get_attribute("href")
    assert href.startswith("data:text/csv") and "contamination_rule" in href
    assert dash_duo.get_logs() == []


def test_data_page_draws_its_tables_from_rows_after_navigation_too(dash_duo, real_ctx):
    """The events and sources tables arrive as rows and are drawn by fillTable: every row, each
    with its link that opens apart, again after leaving the page and coming back."""
    events, sources = len(real_ctx.data.events), len(real_ctx.data.sources)
    links = 'a[href^="http"][target="_blank"][rel="noopener"]'
    count = "return document.querySelectorAll(arguments[0]).length"

    def drawn(_) -> bool:
        found = [
            dash_duo.driver.execute_script(count, f"#data-{table}-table tbody tr {part}")
            for table in ("events", "sources")
            for part in ("", links)
        ]
        return found == [events, events, sources, sources]

    dash_duo.start_server(create_app(real_ctx))
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/data")
    WebDriverWait(dash_duo.driver, 15).until(drawn)
    caption = dash_duo.find_element("#data-events-table caption").text
    assert caption == "Every event in date order, with its source"
    dash_duo.find_element("nav a[href^='/?'], nav a[href='/']").click()
    dash_duo.wait_for_text_to_equal("#main h1", "What Libya's oil blockades cost")
    dash_duo.find_element("nav a[href^='/data']").click()
    dash_duo.wait_for_text_to_equal("#main h1", "Data and sources")
    WebDriverWait(dash_duo.driver, 15).until(drawn)
    assert dash_duo.get_logs() == []


def test_fill_table_draws_text_never_markup_and_links_only_http(dash_duo, real_ctx):
    """fillTable on hostile cells: markup stays text, and only an http(s) URL becomes a link."""
    dash_duo.start_server(create_app(real_ctx))
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/data")
    dash_duo.wait_for_text_to_equal("#main h1", "Data and sources")
    found = dash_duo.driver.execute_script(
        """
        const box = document.body.appendChild(document.createElement("div"));
        box.id = "probe-table";
        window.__hit = 0;
        const img = '<img src=x onerror="window.__hit = 1">';
        window.dash_clientside.blockade.fillTable({caption: img, columns: [img, "b"], rows: [
          [img, ["click", "javascript:window.__hit = 2"]],
          [["data", "data:text/html,<b>x</b>"], [" spaced", " https://x.org"]],
          [["ok", "https://example.org/a"], ["OK", "HTTP://example.org/b"]],
        ]}, {chart: "probe"});
        return {links: [...box.querySelectorAll("a")].map((a) => a.getAttribute("href")),
                markup: box.querySelectorAll("img, b").length,
                text: box.querySelector("tbody td").textContent};
        """
    )
    assert found == {
        "links": ["https://example.org/a", "HTTP://example.org/b"],
        "markup": 0,
        "text": '<img src=x onerror="window.__hit = 1">',
    }
    assert dash_duo.driver.execute_script("return window.__hit") == 0
