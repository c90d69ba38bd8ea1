"""Real headless Chromium: what only a browser shows (rendering, URL state, downloads)."""

from __future__ import annotations

import http.client
import io
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from selenium.webdriver.support.ui import Select

from dashboard.context import build_context
from dashboard.data import PROCESSED_DIR, load_tables
from dashboard.factory import PAGES, create_app

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
    end = time.time() + timeout
    while time.time() < end:
        layout = _layout(dash_duo, gid)
        if layout and layout["shapes"]:
            return layout
        time.sleep(0.1)
    raise AssertionError(f"{gid} never drew its shapes")


def test_every_page_loads_without_console_errors(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("#kpi-days", "245 days")
    for mod, path, label in PAGES:
        dash_duo.wait_for_element(f"#nav-{mod.PAGE}").click()
        dash_duo.wait_for_contains_text("#main h1", "", timeout=10)
        time.sleep(0.3)
        assert urlsplit(dash_duo.driver.current_url).path == path, label
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
    deadline = time.time() + 5
    while "episode=2018" not in dash_duo.driver.current_url and time.time() < deadline:
        time.sleep(0.1)
    assert "episode=2018" in dash_duo.driver.current_url
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
    target = Path(dash_duo.download_path) / "daily_impact_2020_local_level_brent_0.95.csv"
    deadline = time.time() + 10
    while not target.exists() and time.time() < deadline:
        time.sleep(0.1)
    assert target.exists(), list(Path(dash_duo.download_path).iterdir())
    got = pd.read_csv(target, dtype=str, keep_default_na=False)
    want = tables.text["daily_impact"]
    want = want[
        (want["episode_id"] == "2020")
        & (want["model"] == "local_level")
        & (want["price_scenario"] == "brent")
        & (want["interval_level"] == "0.95")
    ].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)


def test_svg_export_downloads_chart(dash_duo, app):
    dash_duo.start_server(app)
    _wait_layout(dash_duo, "overview-production")
    button = dash_duo.find_element('[id=\'{"graph":"overview-production","type":"svg-export"}\']')
    assert button.get_attribute("aria-label") == "Download chart as SVG"
    button.click()
    target = Path(dash_duo.download_path) / "overview-production.svg"
    deadline = time.time() + 10
    while not target.exists() and time.time() < deadline:
        time.sleep(0.1)
    assert target.exists(), list(Path(dash_duo.download_path).iterdir())
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<svg") or "<svg" in text[:500], text[:200]
    assert "2020" in text  # drawn axis ticks, not an empty image
    assert dash_duo.get_logs() == []


def test_traversal_is_404(dash_duo, app):
    dash_duo.start_server(app)
    host = urlsplit(dash_duo.server_url).netloc
    conn = http.client.HTTPConnection(host, timeout=5)
    conn.request("GET", "/download/../README.md")
    assert conn.getresponse().status == 404
    dash_duo.driver.get(dash_duo.server_url + "/download/../README.md")
    assert "Not Found" in dash_duo.driver.page_source
    assert "Libya" not in dash_duo.driver.page_source


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
    time.sleep(0.5)
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
