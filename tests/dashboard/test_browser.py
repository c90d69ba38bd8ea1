"""Real headless Chromium: what only a browser shows (rendering, URL state, downloads)."""

from __future__ import annotations

import http.client
import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from selenium.webdriver.support.ui import Select, WebDriverWait

from dashboard.context import build_context
from dashboard.data import PROCESSED_DIR, load_tables
from dashboard.factory import PAGES, create_app
from tests.dashboard.conftest import selection_text

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _layout(dash_duo, gid: str) -> dict:
    """The figure layout plotly actually drew (not just what the server sent)."""
    return dash_duo.driver.execute_script(
        "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return gd && gd._fullLayout ? {shapes: gd.layout.shapes,"
        " annotations: gd.layout.annotations, range: gd._fullLayout.xaxis.range} : null;",
        f"#{gid}",
    )


def _wait_layout(dash_duo, gid: str, timeout: float = 10) -> dict:
    """Wait until plotly has drawn `gid` with its shapes; return that layout."""
    return WebDriverWait(dash_duo.driver, timeout).until(
        lambda _: (layout := _layout(dash_duo, gid)) and layout["shapes"] and layout,
        f"{gid} never drew its shapes",
    )


def _wait_download(dash_duo, name: str, timeout: float = 10) -> Path:
    """Wait until the browser has finished saving `name` into the download folder."""
    target = Path(dash_duo.download_path) / name
    WebDriverWait(dash_duo.driver, timeout).until(
        lambda _: target.exists(), f"{name} never arrived"
    )
    return target


# every chart drawn by plotly, the KPIs filled and no loading spinner left
ALL_DRAWN = (
    "const plots = [...document.querySelectorAll('.js-plotly-plot')];"
    "return plots.length === 4 && plots.every((gd) => gd._fullLayout && gd.data.length)"
    " && document.querySelectorAll('.kpi-value').length === 4"
    " && !document.querySelector('[data-dash-is-loading=\"true\"], .dash-spinner');"
)
# the heading each page opens with: the right page rendered, not just any page
HEADINGS = {
    "/": "What Libya's oil blockades cost",
    "/models": "Models",
    "/episodes": "Episodes compared",
    "/claims": "The news report's claims, checked",
    "/data": "Data and sources",
    "/methodology": "Methodology",
}


def test_every_page_loads_without_console_errors(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("#kpi-days", "245 days")
    for mod, path, label in PAGES:
        dash_duo.wait_for_element(f"#nav-{mod.PAGE}").click()
        dash_duo.wait_for_text_to_equal("#main h1", HEADINGS[path], timeout=10)
        WebDriverWait(dash_duo.driver, 10).until(
            lambda d, path=path: urlsplit(d.current_url).path == path, label
        )
    assert dash_duo.get_logs() == []


def test_overview_shows_blockade_and_ceasefire_marker(dash_duo, app):
    dash_duo.start_server(app)
    layout = _wait_layout(dash_duo, "overview-production")
    shade = [s for s in layout["shapes"] if s.get("name") == "episode"]
    assert [(s["x0"], s["x1"]) for s in shade] == [("2020-01-18", "2020-09-18")]
    lines = [s for s in layout["shapes"] if s.get("name") == "evt:ceasefire"]
    assert [s["x0"] for s in lines] == ["2020-08-21"]
    drawn = dash_duo.find_elements("#overview-production .shapelayer path")
    assert len(drawn) >= 3
    labels = [e.text for e in dash_duo.find_elements("#overview-production .annotation-text")]
    assert any("ceasefire" in t.lower() for t in labels), labels
    assert dash_duo.get_logs() == []


def test_episode_change_updates_kpis_and_url(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("#kpi-days", "245 days")
    Select(dash_duo.find_element("#overview-episode")).select_by_value("2018")
    dash_duo.wait_for_text_to_equal("#kpi-days", "28 days")
    dash_duo.wait_for_contains_text("#kpi-reported", "$920 million")
    WebDriverWait(dash_duo.driver, 5).until(lambda d: "episode=2018" in d.current_url)
    assert "start=2017-12-13" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_shared_url_restores_view(dash_duo, app):
    dash_duo.start_server(app)
    query = (
        "?episode=2018&model=mean&price=brent&level=0.8"
        "&start=2018-05-01&end=2018-09-01&events=ceasefire"
    )
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    dash_duo.wait_for_text_to_equal("#kpi-days", "28 days")
    assert (
        Select(dash_duo.find_element("#overview-model")).first_selected_option.text
        == "Baseline mean"
    )
    assert dash_duo.find_element("#overview-start").get_attribute("value") == "2018-05-01"
    layout = _wait_layout(dash_duo, "overview-production")
    assert layout["range"][0].startswith("2018-05-01")
    blockade = [s for s in layout["shapes"] if s.get("name") == "evt:force_majeure"]
    assert all(s.get("visible") is False for s in blockade)
    assert "80% interval" in dash_duo.find_element("#overview-kpis").text
    assert dash_duo.get_logs() == []


def test_bad_parameter_shows_note_not_error(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?episode=1999&colour=red")
    dash_duo.wait_for_contains_text("#overview-notes", "Episode '1999' is not available")
    assert "colour" in dash_duo.find_element("#overview-notes").text
    dash_duo.wait_for_text_to_equal("#kpi-days", "245 days")


def test_csv_download_round_trips(dash_duo, app, tables):
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("#kpi-days", "245 days")
    link = dash_duo.find_element("#overview-production-download")
    assert "episode=2020" in link.get_attribute("href")
    link.click()
    target = _wait_download(dash_duo, "daily_impact_2020_local_level_brent_0.95.csv")
    got = pd.read_csv(target, dtype=str, keep_default_na=False)
    want = selection_text(tables, "daily_impact", ("2020", "local_level", "brent", "0.95"))
    pd.testing.assert_frame_equal(got, want)


def test_svg_export_downloads_chart(dash_duo, app):
    dash_duo.start_server(app)
    _wait_layout(dash_duo, "overview-production")
    button = dash_duo.find_element('[id=\'{"graph":"overview-production","type":"svg-export"}\']')
    assert button.get_attribute("aria-label") == "Download chart as SVG"
    button.click()
    text = _wait_download(dash_duo, "overview-production.svg").read_text(encoding="utf-8")
    assert text.startswith("<svg") or "<svg" in text[:500], text[:200]
    assert "2020" in text  # drawn axis ticks, not an empty image
    assert dash_duo.get_logs() == []


def test_traversal_is_404(dash_duo, app):
    dash_duo.start_server(app)
    host = urlsplit(dash_duo.server_url).netloc
    conn = http.client.HTTPConnection(host, timeout=5)
    conn.request("GET", "/download/../README.md")
    assert conn.getresponse().status == 404
    # the browser resolves the dots to /README.md: the app's 404 page, not the file
    dash_duo.driver.get(dash_duo.server_url + "/download/../README.md")
    dash_duo.wait_for_text_to_equal("#main h1", "Page not found")
    assert "Two commands" not in dash_duo.driver.page_source


def test_screenshot_overview(dash_duo, tmp_path):
    """The README screenshot, from the real processed tables (never the synthetic fixture).

    Written to docs/ only with UPDATE_SCREENSHOT=1, so a test run leaves the tree clean.
    """
    processed = Path(os.environ.get("DASHBOARD_PROCESSED", PROCESSED_DIR))
    dash_duo.start_server(create_app(build_context(load_tables(processed))))
    dash_duo.driver.set_window_size(1280, 1900)
    layout = _wait_layout(dash_duo, "overview-production")
    assert any(s.get("x0") == "2020-08-21" for s in layout["shapes"])
    dash_duo.wait_for_element("#overview-exports .bars path")
    WebDriverWait(dash_duo.driver, 10).until(
        lambda d: d.execute_script(ALL_DRAWN), "a chart or the KPIs never finished drawing"
    )
    docs = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOT") == "1" else tmp_path
    out = docs / "screenshot-overview.png"
    assert dash_duo.driver.save_screenshot(str(out))
    assert out.stat().st_size > 20_000
    assert io.BytesIO(out.read_bytes()).read(8) == b"\x89PNG\r\n\x1a\n"


def test_no_horizontal_scroll_at_390px(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(390, 1200)
    _wait_layout(dash_duo, "overview-production")
    width = dash_duo.driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], width
