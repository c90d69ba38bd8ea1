"""Real headless Chromium on the outputs of the new-episode walkthrough: the ongoing band."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.context import build_context
from dashboard.data import load_tables
from dashboard.factory import create_app
from tests.analysis.livecopy import AS_OF, EPISODE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_app(live_run: Path):
    return create_app(build_context(load_tables(live_run)))


def test_ongoing_band_is_drawn_open_ended(dash_duo, live_app) -> None:
    dash_duo.start_server(live_app)
    dash_duo.driver.get(f"{dash_duo.server_url}/?episode={EPISODE}&model=local_level")
    dash_duo.wait_for_contains_text("#kpi-days", "45 days", timeout=20)
    drawn = WebDriverWait(dash_duo.driver, 20).until(
        lambda d: d.execute_script(
            "const gd = document.querySelector('#overview-production .js-plotly-plot');"
            "return gd && gd._fullLayout && gd._fullLayout.shapes.length"
            " ? {shapes: gd._fullLayout.shapes.map((s) => [s.name, s.x0]),"
            " notes: [...gd.querySelectorAll('.annotation-text')].map((a) => a.textContent)}"
            " : null;"
        ),
        "the production chart never drew its shapes",
    )
    fade = [x0 for name, x0 in drawn["shapes"] if name == "episode-ongoing"]
    assert len(fade) == 3 and fade[0].startswith(AS_OF)
    assert any("ongoing since 1 Jun 2026, as of 15 Jul 2026" in t for t in drawn["notes"])
    assert "as of 15 Jul 2026" in dash_duo.find_element("#overview-kpis").text
    assert dash_duo.get_logs() == []
