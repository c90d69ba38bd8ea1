"""What a reader's browser pays for `/`: time to the production chart's traces, bytes moved.

    .venv/bin/python -m bench.bench_browser [--runs 5] [--port 8123]

Starts `python -m dashboard` on the bundled data, loads `/` once to warm the server, then for
each run opens a fresh headless Chromium (cold browser cache, warm server) at 1366x900 and
records when the first trace of the production chart exists (a check on every animation frame,
injected before the page's own scripts, measured from navigation start; with the times to the
steps on the way, STEPS) and the bytes transferred (navigation plus every resource's
transferSize). Then the same in one browser over `--runs` further navigations (warm cache).
Targets (issue 10): median time to traces <= 1.5 s, bytes for `/` <= 2.5 MB. Last, the Table
view of each of the page's four charts is opened in turn and the longest main-thread task
from the click to the drawn table is reported (a table of Dash components held it for 33 s).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[1]
TRACE = "#overview-production .js-plotly-plot .scatterlayer .trace"
# milestones on the way to the traces, to tell which step a slow load spends its time in: the
# page's own layout inserted, plotly.js evaluated (until then the page's `window.Plotly` is a
# promise of it), the first plotly chart of any kind drawn; and after them, all four charts
# drawn with their traces (the three below the production chart mount once it is drawn)
STEPS = {
    "layout": "!!document.querySelector('#overview-production')",
    "plotly": "!!(window.Plotly && window.Plotly.react)",
    "any chart": "!!document.querySelector('.js-plotly-plot .main-svg')",
    "all charts": "[...document.querySelectorAll('.js-plotly-plot')]"
    ".filter((gd) => gd.querySelector('.trace')).length === 4",
}
OBSERVER = (
    "window.__traceAt = null; window.__steps = {};"
    "(function check() {"
    + "".join(
        f"if (!('{name}' in window.__steps) && {test})"
        f" window.__steps['{name}'] = performance.now();"
        for name, test in STEPS.items()
    )
    + f"if (window.__traceAt === null && document.querySelector('{TRACE}'))"
    " window.__traceAt = performance.now();"
    f" if (window.__traceAt === null || Object.keys(window.__steps).length < {len(STEPS)})"
    " requestAnimationFrame(check);"
    "})();"
)
BYTES = """
const nav = performance.getEntriesByType('navigation')[0];
return performance.getEntriesByType('resource').reduce((t, r) => t + r.transferSize,
  nav.transferSize);
"""
TARGET_MS, TARGET_BYTES = 1500, 2_500_000


def serve(port: int) -> subprocess.Popen:
    """The dashboard on `port`, answered at least once (bounded wait)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the dashboard exited") from None
            time.sleep(0.5)
    stop(proc)
    raise RuntimeError("the dashboard did not answer within 180 s")


def stop(proc: subprocess.Popen) -> None:
    """End the server's process group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)


def browser() -> webdriver.Chrome:
    """A fresh headless Chromium at 1366x900 with the trace observer installed."""
    options = webdriver.ChromeOptions()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--window-size=1366,900",
    ):
        options.add_argument(flag)  # fmt: skip
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
    return driver


def visit(driver: webdriver.Chrome, url: str, timeout: float = 30) -> tuple[float, int, dict]:
    """(ms from navigation start to the first production trace, bytes transferred, ms to
    each of STEPS)."""
    driver.get(url)
    deadline = time.monotonic() + timeout
    while (at := driver.execute_script("return window.__traceAt")) is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"no production trace within {timeout} s")
        time.sleep(0.05)
    while len(steps := driver.execute_script("return window.__steps")) < len(STEPS):
        if time.monotonic() > deadline:
            raise RuntimeError(f"not every step of {list(STEPS)} within {timeout} s")
        time.sleep(0.05)
    time.sleep(0.5)  # let late resources finish before summing bytes; not part of the time
    return float(at), int(driver.execute_script(BYTES)), steps


def long_tasks(buffered: bool = False) -> str:
    """Script keeping window.__longest, the longest main-thread task (Long Tasks API: over
    50 ms) since it was installed, or, `buffered`, since the page began (installed after load,
    the Table view timing wants only what follows)."""
    return (
        "window.__longest = 0; new PerformanceObserver((l) => l.getEntries().forEach((e) =>"
        " { window.__longest = Math.max(window.__longest, e.duration); }))"
        f".observe({{type: 'longtask', buffered: {'true' if buffered else 'false'}}});"
    )


CHARTS = ("production", "cumulative", "brent", "exports")


def open_tables(driver: webdriver.Chrome, url: str, timeout: float = 120) -> dict[str, float]:
    """Per chart of `/`: the longest main-thread task (ms, 0 when none over 50 ms) from the
    click on its Table view until its table has rows."""
    visit(driver, url)
    longest = {}
    for chart in CHARTS:
        gid = f"overview-{chart}"
        driver.execute_script(long_tasks())
        driver.execute_script(
            "document.querySelector(arguments[0]).click()",
            f"#{gid}-frame .view-switch input[value='table']",
        )
        rows = f"return document.querySelectorAll('#{gid}-table tbody tr').length"
        deadline = time.monotonic() + timeout
        try:
            while not driver.execute_script(rows):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the table of {gid} was not drawn within {timeout} s")
                time.sleep(0.05)
        except TimeoutException:  # chromedriver gives up on a page whose main thread is held
            held = f"{gid}'s Table view held the page's main thread over 30 s"
            raise RuntimeError(held) from None
        time.sleep(0.2)  # a task still running is reported when it ends
        longest[chart] = float(driver.execute_script("return window.__longest"))
    return longest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--port", type=int, default=8123)
    args = ap.parse_args()
    url = f"http://127.0.0.1:{args.port}/"
    proc = serve(args.port)
    try:
        # warm server: one throwaway load, so the server has compressed (and cached) every
        # file the page fetches before the first measured run
        driver = browser()
        try:
            visit(driver, url)
        finally:
            driver.quit()
        cold = []
        for _ in range(args.runs):
            driver = browser()
            try:
                cold.append(visit(driver, url))
            finally:
                driver.quit()
        driver = browser()
        try:
            visit(driver, url)
            warm = [visit(driver, f"{url}?run={i}") for i in range(args.runs)]
            try:
                tables: dict[str, float] | str = open_tables(driver, f"{url}?tables=1")
            except RuntimeError as error:  # keep the page-load figures already measured
                tables = str(error)
        finally:
            driver.quit()
    finally:
        stop(proc)
    for name, runs in (("cold cache", cold), ("warm cache", warm)):
        ms = statistics.median(t for t, _, _ in runs)
        size = statistics.median(b for _, b, _ in runs)
        steps = ", ".join(
            f"{step} {statistics.median(s[step] for _, _, s in runs):.0f}" for step in STEPS
        )
        print(
            f"{name}: traces at {', '.join(f'{t:.0f}' for t, _, _ in runs)} ms -> median "
            f"{ms:.0f} ms (target {TARGET_MS}); on the way (median ms): {steps}; bytes median "
            f"{size / 1e6:.2f} MB"
            + (f" (target {TARGET_BYTES / 1e6:.1f} MB)" if name == "cold cache" else "")
        )
    if not isinstance(tables, str):
        tables = ", ".join(f"{chart} {ms:.0f} ms" for chart, ms in tables.items())
    print(f"Table view, longest main-thread task from the click to the drawn table: {tables}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
