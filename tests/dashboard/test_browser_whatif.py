"""The what-if page in real headless Chromium: the slider and the price answer in the browser
(no callback request reaches the server), the address keeps the view, and at 390 px the answer
is in the first screen."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.browser
CALLBACKS = (
    "return performance.getEntriesByType('resource')"
    ".filter(r => r.name.includes('_dash-update-component')).length;"
)


def _answer(dash_duo) -> str:
    return dash_duo.find_element("#whatif-answer").text


def test_slider_and_price_answer_without_the_server(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/whatif?episode=2020&from=2020-06-30&days=80")
    dash_duo.wait_for_contains_text(
        "#whatif-answer", "80 more days after 30 Jun 2020, to 18 Sep 2020"
    )
    # the fake grid: 1,035,000 lost b/d from 18 Jan to 18 Sep 2020 (245 days)
    assert "254 million barrels in all" in _answer(dash_duo)
    assert "worth $15.2 billion" in _answer(dash_duo)
    before = dash_duo.driver.execute_script(CALLBACKS)
    handle = dash_duo.find_element("#whatif-days [role='slider']")
    handle.send_keys(Keys.ARROW_RIGHT)
    dash_duo.wait_for_contains_text(
        "#whatif-answer", "85 more days after 30 Jun 2020, to 23 Sep 2020"
    )
    flat = dash_duo.find_element("#whatif-flat")
    flat.send_keys("50")
    dash_duo.wait_for_contains_text("#whatif-answer", "at a flat $50 a barrel")
    # 250 days x 1,035,000 b/d = 258.75 million barrels, x $50
    assert "259 million barrels in all" in _answer(dash_duo)
    assert "worth $12.9 billion" in _answer(dash_duo)
    assert dash_duo.driver.execute_script(CALLBACKS) == before
    WebDriverWait(dash_duo.driver, 10).until(
        lambda d: "days=85" in d.current_url and "flat=50" in d.current_url
    )
    traces = dash_duo.driver.execute_script(
        "return document.querySelector('#whatif-fan .js-plotly-plot').data.length;"
    )
    assert traces == 6
    assert "nan" not in dash_duo.find_element("#main").text.lower().split()


def test_bad_address_gets_the_defaults_and_a_note(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(
        url=f"{dash_duo.server_url}/whatif?episode=2020&from=1999-01-01&days=7&flat=9e99"
    )
    dash_duo.wait_for_contains_text("#whatif-whatif-notes", "What-if date '1999-01-01'")
    dash_duo.wait_for_contains_text("#whatif-answer", "Libya forgoes")
    assert "flat" not in _answer(dash_duo)


def test_no_statements_reads_as_a_sentence(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/whatif?episode=2018")
    dash_duo.wait_for_contains_text("#whatif-replay-none", "NOC published no dated loss statements")
    dash_duo.wait_for_contains_text("#whatif-answer", "Libya")


def test_answer_in_the_first_screen_at_390_px(dash_duo, app):
    dash_duo.driver.set_window_size(390, 844)
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/whatif?episode=2020&from=2020-06-30&days=80")
    dash_duo.wait_for_contains_text("#whatif-answer", "80 more days")
    bottom, height, width = dash_duo.driver.execute_script(
        "const r = document.querySelector('#whatif-answer').getBoundingClientRect();"
        "return [r.bottom, window.innerHeight, document.documentElement.scrollWidth];"
    )
    assert bottom <= height
    assert width <= 390


def test_fan_table_holds_the_grid_at_the_flat_price(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(
        url=f"{dash_duo.server_url}/whatif?episode=2020&from=2020-06-30&days=80&flat=50"
    )
    dash_duo.wait_for_contains_text("#whatif-answer", "at a flat $50 a barrel")

    def table_rows(_) -> bool:
        """Click "Table" until its rows show (a click before the callbacks are wired is lost)."""
        if len(dash_duo.find_elements("#whatif-fan-table tbody tr")) == 74:
            return True
        labels = dash_duo.find_elements("#whatif-fan-frame .view-switch-label")
        next(e for e in labels if e.text == "Table").click()
        return False

    WebDriverWait(dash_duo.driver, 20, poll_frequency=0.5).until(table_rows)
    head = dash_duo.find_element("#whatif-fan-table thead").text
    assert "Value at US$50/bbl" in head
    href = dash_duo.find_element("#whatif-fan-csv").get_attribute("href")
    assert href.startswith("data:text/csv") and "Days%20more" in href
    assert dash_duo.get_logs() == []


def test_new_episode_loads_its_own_grid(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/whatif?episode=2020&from=2020-06-30")
    dash_duo.wait_for_contains_text("#whatif-answer", "after 30 Jun 2020")
    Select(dash_duo.find_element("#whatif-episode")).select_by_value("2018")
    WebDriverWait(dash_duo.driver, 20).until(lambda d: "episode=2018" in d.current_url)
    # 2018: 14 Jun to 11 Jul; the default what-if date is its middle month end, 30 Jun 2018
    dash_duo.wait_for_contains_text("#whatif-answer", "30 Jun 2018")
    assert dash_duo.find_element("#whatif-from").get_attribute("value") == "2018-06-30"
