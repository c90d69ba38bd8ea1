"""Real headless Chromium: what only a browser shows (rendering, URL state, downloads)."""

from __future__ import annotations

import html
import http.client
import io
import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from dashboard.context import build_context
from dashboard.data import PROCESSED_DIR, load_tables
from dashboard.factory import PAGES, PLOTLY_PATH, create_app
from dashboard.figures import ACTUAL, COUNTERFACTUAL, EVENT, STATEMENT
from dashboard.labels import EVENT_LABELS
from dashboard.pages.overview import shown_view
from tests.dashboard.conftest import selection_text

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
EVENT_BY_LABEL = {v: k for k, v in EVENT_LABELS.items()}


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


def _wait_figure(dash_duo, gid: str, timeout: float = 10) -> dict:
    """The figure plotly has drawn in `gid` (its data and layout), once drawn."""
    return WebDriverWait(dash_duo.driver, timeout).until(
        lambda _: dash_duo.driver.execute_script(
            "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');"
            "return gd && gd.data && gd.data.length ? {data: gd.data, layout: gd.layout} : null;",
            f"#{gid}",
        ),
        f"{gid} never drew",
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
    "/whatif": "What if it lasts?",
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
    model = Select(dash_duo.find_element("#overview-model")).first_selected_option
    assert (
        model.get_attribute("textContent") == "Baseline mean (AR(1) errors)"
    )  # under "Change assumptions"
    assert dash_duo.find_element("#overview-start").get_attribute("value") == "1 May 2018"
    layout = _wait_layout(dash_duo, "overview-production")
    assert layout["range"][0].startswith("2018-05-01")
    blockade = [s for s in layout["shapes"] if s.get("name") == "evt:force_majeure"]
    assert all(s.get("visible") is False for s in blockade)
    assert "80% interval" in dash_duo.find_element("#overview-kpis").text
    # the page's first view (overview.shown_view, Python) is the browser's applyView for the
    # same figure, range and categories, on ranges kept, reversed and cut to a day
    fig = _wait_figure(dash_duo, "overview-production")
    for start, end, cats in (
        ("2018-05-01", "2018-09-01", ["ceasefire"]),
        ("2018-09-01", "2018-05-01", ["blockade", "restart"]),
        ("", "2018-05-01", []),
    ):
        drawn = dash_duo.driver.execute_script(
            "return window.dash_clientside.blockade.applyView("
            "{production: arguments[0]}, arguments[1], arguments[2], arguments[3]);",
            fig, start, end, cats,
        )  # fmt: skip
        assert drawn == json.loads(json.dumps(shown_view(fig, start, end, cats)))
    assert dash_duo.get_logs() == []


def _annotation_xs(dash_duo, gid: str) -> list[str]:
    return dash_duo.driver.execute_script(
        "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return gd && gd.layout.annotations ? gd.layout.annotations.map((a) => a.x) : [];",
        f"#{gid}",
    )


@pytest.mark.parametrize("width", [1366, 390])
def test_date_picker_shows_day_month_year_and_moves_the_chart(dash_duo, app, width):
    """The pickers read "19 Jul 2019" whatever the locale; a typed date moves the chart's
    range, its labels and the address (which keeps ISO dates)."""
    dash_duo.start_server(app)
    _viewport(dash_duo, width, 900)
    dash_duo.wait_for_text_to_equal("#kpi-days", "245 days")
    start = dash_duo.find_element("#overview-start")
    end = dash_duo.find_element("#overview-end")
    # fakedata's 2020 window: 183 days before 18 Jan 2020, 122 days after its last daily row
    assert start.get_attribute("value") == "19 Jul 2019"
    assert end.get_attribute("value") == "19 Mar 2021"
    label = dash_duo.find_element("label[for='overview-start']").text
    assert label == "From" and start.get_attribute("aria-label") == "From"
    for box in (start, end):
        rect = dash_duo.driver.execute_script(
            "return arguments[0].getBoundingClientRect().toJSON();", box
        )
        assert rect["left"] >= 0 and rect["right"] <= width, rect
    start.click()  # the calendar opens inside the screen
    calendar = dash_duo.wait_for_element(".dash-datepicker-calendar-container, [role='dialog']")
    rect = dash_duo.driver.execute_script(
        "return arguments[0].getBoundingClientRect().toJSON();", calendar
    )
    assert rect["left"] >= 0 and rect["right"] <= width + 0.5, rect
    start.send_keys(Keys.CONTROL, "a")
    start.send_keys("1 Mar 2020", Keys.ENTER)
    WebDriverWait(dash_duo.driver, 10).until(
        lambda d: "start=2020-03-01" in d.current_url, "the address never took the date"
    )
    WebDriverWait(dash_duo.driver, 10).until(
        lambda _: (
            (_layout(dash_duo, "overview-production") or {}).get("range", [""])[0][:10]
            == "2020-03-01"
        ),
        "the chart's range never moved",
    )
    # the labels are placed again: the shaded period's from the range's start, the key
    # events inside it (fakedata.py: 21 Aug, 27 Aug, 18 Sep 2020), none before it
    WebDriverWait(dash_duo.driver, 10).until(
        lambda _: (
            _annotation_xs(dash_duo, "overview-production")
            == ["2020-03-01", "2020-08-21", "2020-08-27", "2020-09-18"]
        ),
        "the labels were not placed for the new range",
    )
    assert dash_duo.find_element("#overview-start").get_attribute("value") == "1 Mar 2020"
    assert dash_duo.get_logs() == []


def test_plotly_loads_once_with_the_app_scripts(dash_duo, app):
    """On a chart page plotly.js is one script, the vendored bundle, added by the page's loader
    before Dash starts; the graphs wait for it, so none ever injects a second copy."""
    dash_duo.start_server(app)
    _wait_layout(dash_duo, "overview-production")
    dash_duo.wait_for_element("#overview-exports .bars path")
    scripts = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('script')].map((s) => s.src || s.id);"
    )
    plotly = [src for src in scripts if "plotly" in src]
    assert len(plotly) == 1 and plotly[0].endswith(PLOTLY_PATH), scripts
    assert dash_duo.driver.execute_script("return typeof window.Plotly.react") == "function"
    assert dash_duo.get_logs() == []


# per chart, the animation frame in which a trace of it was first seen (counted from the
# document's start); installed before the page's own scripts
FIRST_TRACE_FRAME = """
window.__firstTrace = {};
window.__productionTops = [];
let frame = 0;
(function count() {
  frame += 1;
  document.querySelectorAll('.js-plotly-plot').forEach((gd) => {
    const id = gd.closest('[id]').id;
    if (!(id in window.__firstTrace) && gd.querySelector('.trace')) window.__firstTrace[id] = frame;
  });
  // where the production chart sits on the page once drawn, each time it moves
  const drawn = document.querySelector('#overview-production .trace');
  const tops = window.__productionTops;
  if (drawn) {
    const top = Math.round(drawn.closest('.dash-graph').getBoundingClientRect().top + scrollY);
    if (tops[tops.length - 1] !== top) tops.push(top);
  }
  requestAnimationFrame(count);
})();
"""
# per chart: the boxes of its SVG, its legend and its x-axis tick labels, in page pixels
LEGEND_BOXES = """
const box = (e) => {
  const r = e.getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom];
};
return [...document.querySelectorAll('.js-plotly-plot')].map((gd) => ({
  graph: gd.closest('[id]').id,
  svg: box(gd.querySelector('.main-svg')),
  legend: gd.querySelector('g.legend') && box(gd.querySelector('g.legend')),
  ticks: [...gd.querySelectorAll('.xaxislayer-above .xtick text')].map(box)
    .filter((b) => b[2] > b[0]),
}));
"""
LOWER_CHARTS = ("overview-cumulative", "overview-brent", "overview-exports")


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_production_chart_drawn_first_then_the_others_in_full(dash_duo, app, tables, width, height):
    """The production chart is drawn (and painted) before the three charts below it are; those
    end up drawn with every trace of their figures, each legend below its dates and inside the
    chart (drawing them empty first and then again once lost plotly's bottom margin, and the
    price chart's legend sat on its dates)."""
    dash_duo.start_server(app)
    _viewport(dash_duo, width, height)
    dash_duo.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_TRACE_FRAME}
    )
    dash_duo.driver.get(dash_duo.server_url + "/")
    WebDriverWait(dash_duo.driver, 20).until(
        lambda d: d.execute_script(ALL_DRAWN), "a chart or the KPIs never finished drawing"
    )
    first = WebDriverWait(dash_duo.driver, 10).until(
        lambda d: (f := d.execute_script("return window.__firstTrace")) and len(f) == 4 and f,
        "a chart never showed a trace",
    )
    assert all(first["overview-production"] < first[gid] for gid in LOWER_CHARTS), first
    # the date pickers, whose code arrives after the production chart is drawn, appear in the
    # room kept for them: the chart does not move once drawn
    WebDriverWait(dash_duo.driver, 10).until(
        lambda d: d.find_elements("css selector", "input.dash-datepicker-input"), "no date picker"
    )
    tops = dash_duo.driver.execute_script("return window.__productionTops")
    assert len(tops) == 1, tops
    drawn = dash_duo.driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('.js-plotly-plot')].map("
        "(gd) => [gd.closest('[id]').id, [gd.data.length,"
        " gd.querySelectorAll('.scatterlayer .trace, .barlayer .trace').length]]));"
    )
    # every trace of each lower figure drawn; the price chart's one per price scenario
    assert all(n > 0 and n == shown for g, (n, shown) in drawn.items() if g in LOWER_CHARTS), drawn
    assert drawn["overview-brent"][0] == tables["prices"]["price_scenario"].nunique(), drawn
    for chart in dash_duo.driver.execute_script(LEGEND_BOXES):
        svg, legend, ticks = chart["svg"], chart["legend"], chart["ticks"]
        assert legend and ticks, chart
        # below the dates, not on them (text boxes include a pixel or two of line spacing)
        assert legend[1] >= max(t[3] for t in ticks) - 2, chart
        assert svg[1] <= legend[1] and legend[3] <= svg[3] + 1, chart  # inside the chart
    assert dash_duo.get_logs() == []


def test_bad_parameter_shows_note_not_error(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?episode=1999&colour=red")
    dash_duo.wait_for_contains_text("#overview-notes", "Episode '1999' is not available")
    assert "colour" in dash_duo.find_element("#overview-notes").text
    dash_duo.wait_for_text_to_equal("#kpi-days", "245 days")


def _open(dash_duo, gid: str, view: str) -> None:
    """Pick a view (chart, table, download) in chart `gid`'s switch and wait for its panel.

    The click is repeated until the panel shows: a click that lands before the page's
    callbacks are wired (a busy machine) is otherwise lost.
    """
    label = f"#{gid}-frame .view-switch input[value='{view}'] + label"
    panel = json.dumps({"chart": gid, "type": "chart-panel", "view": view}, separators=(",", ":"))

    def shown(d) -> bool:
        if d.find_element("css selector", f"[id='{panel}']").is_displayed():
            return True
        dash_duo.find_element(label).click()
        return False

    WebDriverWait(dash_duo.driver, 20, poll_frequency=0.5).until(
        shown,
        f"{view} panel of {gid} never showed",
    )


def test_csv_download_round_trips(dash_duo, app, tables):
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("#kpi-days", "245 days")
    _open(dash_duo, "overview-production", "download")
    link = dash_duo.find_element("#overview-production-download")
    assert "episode=2020" in link.get_attribute("href")
    link.click()
    target = _wait_download(dash_duo, "daily_impact_2020_local_level_brent_0.95.csv")
    got = pd.read_csv(target, dtype=str, keep_default_na=False)
    want = selection_text(tables, "daily_impact", ("2020", "local_level", "brent", "0.95"))
    pd.testing.assert_frame_equal(got, want)


def test_chart_table_download_switch(dash_duo, app):
    dash_duo.start_server(app)
    _wait_layout(dash_duo, "overview-production")
    graph_panel = dash_duo.find_element("#overview-production-frame .chart-panel-chart")
    _open(dash_duo, "overview-production", "table")
    assert not graph_panel.is_displayed()
    dash_duo.wait_for_contains_text("#overview-production-table caption", "Every series")
    series = set(
        dash_duo.driver.execute_script(
            "return [...document.querySelectorAll('#overview-production-table tbody tr')]"
            ".map((r) => r.cells[1].textContent);"
        )
    )
    assert series == {ACTUAL, COUNTERFACTUAL, STATEMENT, EVENT}
    _open(dash_duo, "overview-production", "chart")
    assert graph_panel.is_displayed()
    assert dash_duo.get_logs() == []


def test_production_csv_holds_every_drawn_series(dash_duo, app):
    """The CSV of the view holds, for the range shown, each point the chart's traces draw."""
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?start=2019-12-01&end=2020-12-31")
    _wait_layout(dash_duo, "overview-production")
    _open(dash_duo, "overview-production", "download")
    link = dash_duo.find_element("#overview-production-csv")
    WebDriverWait(dash_duo.driver, 10).until(
        lambda _: link.get_attribute("href").startswith("data:text/csv")
    )
    assert link.get_attribute("download") == "libya-production-2020-local_level-brent-95.csv"
    text = unquote(link.get_attribute("href").split(",", 1)[1])
    csv = pd.read_csv(io.StringIO(text), dtype={"date": str})
    drawn = dash_duo.driver.execute_script(
        "const gd = document.querySelector('#overview-production .js-plotly-plot');"
        "return gd.data.map((t) => [t.name, t.yaxis || 'y', t.x]);"
    )
    for name, axis, xs in drawn:
        if name == "strip":  # the event strip's empty placeholder
            continue
        shown = {x[:10] for x in xs if "2019-12-01" <= x[:10] <= "2020-12-31"}
        # the band's edges and the counterfactual line are the counterfactual rows
        series = {"upper": COUNTERFACTUAL, "95% interval": COUNTERFACTUAL}.get(name, name)
        rows = csv[csv["series"] == (EVENT if axis == "y2" else series)]
        if axis == "y2":
            rows = rows[rows["category"] == EVENT_BY_LABEL[name]]
        assert shown and shown <= set(rows["date"]), name
    assert csv["date"].min() >= "2019-12-01" and csv["date"].max() <= "2020-12-31"
    assert {ACTUAL, COUNTERFACTUAL, STATEMENT, EVENT} == set(csv["series"])


def test_copy_link_copies_the_view(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?episode=2018&level=0.8")
    _wait_layout(dash_duo, "overview-production")
    WebDriverWait(dash_duo.driver, 10).until(lambda d: "model=" in d.current_url)
    dash_duo.driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "origin": dash_duo.server_url,
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    button = '[id=\'{"chart":"overview-production","type":"copy-link"}\']'
    dash_duo.find_element(button).click()
    status = '[id=\'{"chart":"overview-production","type":"copy-status"}\']'
    dash_duo.wait_for_text_to_equal(status, "Copied")
    copied = dash_duo.driver.execute_async_script(
        "const done = arguments[0];"
        "navigator.clipboard.readText().then(done, (e) => done('failed: ' + e));"
    )
    assert copied == dash_duo.driver.current_url
    assert "episode=2018" in copied and "level=0.8" in copied


def test_svg_export_carries_title_source_and_url(dash_duo, app):
    dash_duo.start_server(app)
    _wait_layout(dash_duo, "overview-production")
    WebDriverWait(dash_duo.driver, 10).until(lambda d: "model=" in d.current_url)
    _open(dash_duo, "overview-production", "download")
    button = '[id=\'{"chart":"overview-production","format":"svg","type":"chart-export"}\']'
    dash_duo.find_element(button).click()
    name = "libya-production-2020-local_level-brent-95.svg"
    text = _wait_download(dash_duo, name).read_text(encoding="utf-8")
    assert "<svg" in text[:500]
    assert "Oil output collapsed during the blockade" in text
    assert "Sources: U.S. Energy Information Administration" in text
    assert "Episode: 2020 blockade" in text and "Certainty of the ranges: 95%" in text
    assert html.escape(dash_duo.driver.current_url) in text
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
    _viewport(dash_duo, 1366, 900)
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


# every text label's box, with the boxes of its graph's SVG, in page pixels
LABEL_BOXES = """
const out = [];
document.querySelectorAll('.js-plotly-plot').forEach((gd) => {
  const svg = gd.querySelector('.main-svg').getBoundingClientRect();
  gd.querySelectorAll('g.annotation').forEach((a) => {
    const r = a.getBoundingClientRect();
    if (r.width >= 1 && r.height >= 1) out.push({graph: gd.closest('[id]').id,
      text: a.textContent.trim(), box: [r.left, r.top, r.right, r.bottom],
      svg: [svg.left, svg.top, svg.right, svg.bottom]});
  });
});
return {labels: out, width: window.innerWidth};
"""


def _real_app():
    processed = Path(os.environ.get("DASHBOARD_PROCESSED", PROCESSED_DIR))
    return create_app(build_context(load_tables(processed)))


def _viewport(dash_duo, width: int, height: int) -> None:
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


# the exports chart once drawn with every value its figure writes: each written value with its
# point's value and its box, every marker's box, and the plot area, in page pixels
EXPORT_TEXT = """
const gd = document.querySelector('#overview-exports .js-plotly-plot');
if (!gd || !gd._fullLayout || !gd.data) return null;
const written = gd.data.flatMap((t) => (t.text || []).map((text, i) => [text, t.y[i]]))
  .filter(([text]) => text);
const texts = [...gd.querySelectorAll('.textpoint text')].filter((t) => t.textContent);
if (texts.length !== written.length) return null;
const box = (e) => {
  const r = e.getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom];
};
const svg = gd.querySelector('.main-svg').getBoundingClientRect();
const s = gd._fullLayout._size;
return {written, plot: [svg.left + s.l, svg.top + s.t, svg.left + s.l + s.w, svg.top + s.t + s.h],
  texts: texts.map((t) => [t.textContent, box(t)]),
  markers: [...gd.querySelectorAll('.scatterlayer .point')].map(box)};
"""


def _exports_text_apart(dash_duo, where: str) -> None:
    """The exports chart's values: each says its point's value to three figures, inside the
    plot area (plotly clips text at its edge), off every other value and every marker."""
    found = WebDriverWait(dash_duo.driver, 20).until(
        lambda d: d.execute_script(EXPORT_TEXT), f"{where}: the exports chart never drew"
    )
    assert found["written"], where
    for text, value in found["written"]:
        number = float(text[:-1].replace(",", "")) * {"k": 1e3, "M": 1e6}[text[-1]]
        assert abs(number - value) <= 0.005 * value, (where, text, value)
    x0, y0, x1, y1 = found["plot"]
    texts = found["texts"]
    for i, (text, box) in enumerate(texts):
        inside = box[0] >= x0 - 0.5 and box[2] <= x1 + 0.5 and box[1] >= y0 - 0.5
        assert inside and box[3] <= y1 + 0.5, (where, text, box, found["plot"])
        for other, obox in texts[i + 1 :]:
            assert not _overlap(box, obox), (where, text, other)
        hit = [m for m in found["markers"] if _overlap(box, m)]
        assert not hit, (where, text, hit)


def test_labels_never_overlap_or_clip_on_any_episode(dash_duo):
    """On the real data, every episode, at a laptop's and a phone's width: no two labels of the
    production chart intersect and none leaves its chart; the exports chart's values neither
    touch one another or a marker nor run out of the plot (at 390 px, 979k sat on 1,020k and
    380k on 400k, and 1,260k was cut at the plot's right edge)."""
    dash_duo.start_server(_real_app())
    table = load_tables(Path(os.environ.get("DASHBOARD_PROCESSED", PROCESSED_DIR)))["episodes"]
    for width, height in ((1366, 900), (390, 844)):
        _viewport(dash_duo, width, height)
        for ep, name in zip(table["episode_id"], table["name"], strict=True):
            dash_duo.driver.get(f"{dash_duo.server_url}/?episode={ep}")
            WebDriverWait(dash_duo.driver, 20).until(
                lambda d, ep=ep: d.execute_script(
                    "const gd = document.querySelector('#overview-production .js-plotly-plot');"
                    "return gd && gd._fullLayout && gd.layout.shapes && gd.layout.shapes.length"
                    " && new URLSearchParams(location.search).get('episode') === arguments[0]"
                    " && document.querySelectorAll('#overview-production g.annotation').length"
                    " === gd.layout.annotations.length;",
                    ep,
                ),
                f"{ep}: production chart never drew its labels",
            )
            labels = _label_boxes_apart(dash_duo, f"{ep} at {width}")
            assert any(lb["text"].startswith(name) for lb in labels), (ep, name)
            _exports_text_apart(dash_duo, f"{ep} at {width}")


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_regime_chart_names_every_episode_apart(dash_duo, width, height):
    """On the real data, at a laptop's and a phone's width, the Models page's regime chart
    names every episode by its period, none overlapping another or leaving the chart."""
    dash_duo.start_server(_real_app())
    _viewport(dash_duo, width, height)
    dash_duo.driver.get(f"{dash_duo.server_url}/models?episode=2020")
    WebDriverWait(dash_duo.driver, 20).until(
        lambda d: d.execute_script(
            "const gd = document.querySelector('#models-regimes .js-plotly-plot');"
            "return gd && gd._fullLayout && gd.layout.annotations"
            " && gd.querySelectorAll('g.annotation').length === gd.layout.annotations.length;"
        ),
        "the regime chart never drew its names",
    )
    labels = [
        lb for lb in _label_boxes_apart(dash_duo, "/models") if lb["graph"] == "models-regimes"
    ]
    # the eight episodes of data/raw/episodes.csv, named by month (two months or less) or years
    assert {lb["text"] for lb in labels} == {
        "2013-16", "Jun 2018", "2018-19", "2020", "Dec 2021", "2022", "Jan 2024", "Aug 2024"
    }  # fmt: skip


CHART_TEXT = """
const out = [];
document.querySelectorAll('.js-plotly-plot').forEach((gd) => {
  const svg = gd.querySelector('.main-svg').getBoundingClientRect();
  const kinds = {annotation: 'g.annotation', axis: '.g-xtitle, .g-ytitle, .g-y2title',
    tick: '.xtick text, .ytick text, .y2tick text', legend: '.legendtext'};
  for (const [kind, sel] of Object.entries(kinds)) {
    gd.querySelectorAll(sel).forEach((a) => {
      const r = a.getBoundingClientRect();
      if (r.width >= 1 && r.height >= 1) out.push({graph: gd.closest('[id]').id, kind,
        text: a.textContent.trim(), box: [r.left, r.top, r.right, r.bottom],
        svg: [svg.left, svg.right]});
    });
  }
});
return {texts: out, width: window.innerWidth};
"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_chart_text_stays_inside_and_apart(dash_duo, width, height):
    """On the real data, every chart of Models (two episodes) and Episodes at a laptop's and a
    phone's width: no text runs out of its chart or the window, and no written label
    (annotation) or axis title sits on another text. Tick labels are only checked against
    those: two ticks of different axes touching at the corner, or rotated ticks whose boxes
    overlap, are not collisions. Before, the specification chart's row names ran off a phone's
    screen and the episodes chart's ticks turned onto its axis title. On Models at 80%, the
    backtest chart names every model with its share and range."""
    dash_duo.start_server(_real_app())
    _viewport(dash_duo, width, height)
    pages = {
        "/models?episode=2020&level=0.8": (8, {"models-barrels", "models-specifications"}),
        "/models?episode=2018": (8, {"models-barrels"}),
        "/episodes": (2, {"episodes-barrels", "episodes-value"}),
    }
    for path, (charts, named) in pages.items():
        dash_duo.driver.get(f"{dash_duo.server_url}{path}")
        WebDriverWait(dash_duo.driver, 30).until(
            lambda d, n=charts: d.execute_script(
                "const g = [...document.querySelectorAll('.js-plotly-plot')];"
                "return g.length >= arguments[0] && g.every((x) => x._fullLayout"
                " && x.querySelectorAll('g.annotation').length"
                " === ((x.layout && x.layout.annotations) || []).length);",
                n,
            ),
            f"{path}: the charts were never drawn",
        )
        found = dash_duo.driver.execute_script(CHART_TEXT)
        texts = found["texts"]
        written = {t["graph"] for t in texts if t["kind"] in ("annotation", "tick")}
        assert named <= written, (path, written)  # the rows are named
        for t in texts:
            x0, _, x1, _ = t["box"]
            s0, s1 = t["svg"]
            assert x0 >= s0 - 0.5 and x1 <= s1 + 0.5, (path, width, t)
            assert x0 >= 0 and x1 <= found["width"], (path, width, t)
        if "level=0.8" in path:
            _backtest_rows_named(texts)
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                kinds = {a["kind"], b["kind"]}
                if a["graph"] != b["graph"] or kinds == {"tick"}:
                    continue
                if "legend" in kinds and len(kinds) > 1:
                    continue  # a legend sits below the plot, apart from the axes by layout
                assert not _overlap(a["box"], b["box"]), (path, width, a["text"], b["text"])


def _backtest_rows_named(texts: list[dict]) -> None:
    """The backtest chart writes each model's share and range at 80%, and the promise (as axis
    labels they took most of a phone's width and cut the chart's title)."""
    labels = [
        t["text"] for t in texts if t["graph"] == "models-reliability" and t["kind"] == "annotation"
    ]
    summary = load_tables(Path(os.environ.get("DASHBOARD_PROCESSED", PROCESSED_DIR)))[
        "backtest_summary"
    ]
    at_80 = summary[summary["interval_level"] == 0.8]
    assert len(labels) == len(at_80) + 1 and "Promised: 80%" in labels
    for r in at_80.itertuples():
        share = f"{r.coverage:.0%} ({r.coverage_lower:.0%} to {r.coverage_upper:.0%})"
        assert any(text.endswith(share) for text in labels), (share, labels)


def _label_boxes_apart(dash_duo, where: str) -> list[dict]:
    """Every label's box inside its chart and the window, no two intersecting."""
    found = dash_duo.driver.execute_script(LABEL_BOXES)
    labels = found["labels"]
    for i, a in enumerate(labels):
        x0, y0, x1, y1 = a["box"]
        s0, t0, s1, t1 = a["svg"]
        assert x0 >= s0 - 0.5 and x1 <= s1 + 0.5 and y0 >= t0 - 0.5 and y1 <= t1 + 0.5, (where, a)
        assert x0 >= 0 and x1 <= found["width"], (where, a)
        for b in labels[i + 1 :]:
            u0, v0, u1, v1 = b["box"]
            apart = min(x1, u1) - max(x0, u0) <= 1 or min(y1, v1) - max(y0, v0) <= 1
            assert apart, (where, a["text"], b["text"])
    return labels


def _drawn_labels(dash_duo, query: str) -> None:
    dash_duo.driver.get(f"{dash_duo.server_url}/{query}")
    WebDriverWait(dash_duo.driver, 20).until(
        lambda d: d.execute_script(
            "const gd = document.querySelector('#overview-production .js-plotly-plot');"
            "return gd && gd._fullLayout && gd.layout.shapes && gd.layout.shapes.length"
            " && location.search.includes(arguments[0])"
            " && document.querySelectorAll('#overview-production g.annotation').length"
            " === gd.layout.annotations.length;",
            query.split("&start=")[1].split("&")[0],
        ),
        f"{query}: production chart never drew its labels",
    )


# ranges a reader may pick: zoomed in on the end of 2020, ten years around it, a few months of
# 2013-16, and one that starts inside the 2022 closure
PICKED = (
    "?episode=2020&start=2020-07-01&end=2020-10-15",
    "?episode=2020&start=2014-01-01&end=2024-12-31",
    "?episode=2013_16&start=2014-06-01&end=2015-03-31",
    "?episode=2022&start=2022-05-01&end=2022-12-31",
)


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_labels_never_overlap_at_a_picked_range(dash_duo, width, height):
    """On the real data, ranges other than the default: labels still never overlap or clip,
    and none is drawn for a date outside the range."""
    dash_duo.start_server(_real_app())
    _viewport(dash_duo, width, height)
    for query in PICKED:
        _drawn_labels(dash_duo, query)
        labels = _label_boxes_apart(dash_duo, query)
        start, end = query.split("&start=")[1].split("&end=")
        xs = _annotation_xs(dash_duo, "overview-production")
        assert xs and all(start <= x[:10] <= end for x in xs), (query, xs)
        assert len(labels) == len(xs), query
    assert dash_duo.get_logs() == []


def test_headline_inside_the_first_phone_screen(dash_duo):
    """At 390x844 the lost-value number is on the first screen, for every episode."""
    dash_duo.start_server(_real_app())
    _viewport(dash_duo, 390, 844)
    processed = Path(os.environ.get("DASHBOARD_PROCESSED", PROCESSED_DIR))
    for ep in load_tables(processed)["episodes"]["episode_id"]:
        dash_duo.driver.get(f"{dash_duo.server_url}/?episode={ep}")
        dash_duo.wait_for_element("#kpi-value")
        bottom = dash_duo.driver.execute_script(
            "window.scrollTo(0, 0);"
            "return document.querySelector('#kpi-value').getBoundingClientRect().bottom;"
        )
        assert bottom <= 844, (ep, bottom)


def test_models_and_episodes_charts_table_what_they_draw(dash_duo, app):
    """Every chart of Models and Episodes is framed: its Table lists the rows its figure
    draws, and its title follows the selection."""
    dash_duo.start_server(app)
    for path, gid in (("/models?episode=2020", "models-barrels"), ("/episodes", "episodes-value")):
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element(f"#{gid} .js-plotly-plot .main-svg")
        drawn = dash_duo.driver.execute_script(
            "return document.querySelector(arguments[0] + ' .js-plotly-plot').data[0].y;",
            f"#{gid}",
        )
        _open(dash_duo, gid, "table")
        WebDriverWait(dash_duo.driver, 10).until(
            lambda d, gid=gid: d.find_elements("css selector", f"#{gid}-table tbody tr")
        )
        labels = dash_duo.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0] + ' tbody tr')]"
            ".map((r) => r.cells[0].textContent);",
            f"#{gid}-table",
        )
        assert labels == drawn and len(drawn) >= 2, (gid, labels, drawn)
        assert dash_duo.find_element(f"#{gid}-title").text.startswith("The ")
    assert dash_duo.get_logs() == []
