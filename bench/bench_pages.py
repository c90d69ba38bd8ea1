"""Bytes each page makes a cold headless Chromium transfer, the scripts it loads, and the
longest main-thread task of its load.

    .venv/bin/python -m bench.bench_pages [--port 8130] [--runs 3] [--pages / /models /data]

Starts `python -m dashboard --port PORT` from the repository root, then for every page opens a
fresh browser (empty cache), waits until the page's content is drawn and Dash has no callback
in flight, and sums the navigation's and every resource's `transferSize` from the browser's
performance entries (what went over the wire, headers included). A script a page does not use
(AG Grid where no grid is drawn, plotly.js where no chart is drawn) shows in the `scripts` column.
The longest task comes from a Long Tasks observer installed before the page's first script
(tasks over 50 ms; 0 when none), up to the moment the page is drawn and settled.
Stops the server it started. Needs Debian's `chromium` and `chromium-driver`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from bench.bench_browser import long_tasks, serve, stop

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("/", "/models", "/episodes", "/claims", "/data", "/methodology", "/no-such-page")
# a page is drawn when its heading is there, no Dash request is pending, plotly has drawn
# every graph (their script loads only once a graph renders) and every data table has rows
READY = """return !!document.querySelector('#main h1')
  && !document.querySelector('[data-dash-is-loading="true"]')
  && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))
  && [...document.querySelectorAll('.data-table')].every(t => t.querySelector('tbody tr'));"""
SIZES = """
const nav = performance.getEntriesByType('navigation')[0];
const longest = window.__longest;
const res = performance.getEntriesByType('resource');
return {total: nav.transferSize + res.reduce((t, r) => t + r.transferSize, 0), longest,
        scripts: res.filter(r => r.initiatorType === 'script' || r.name.includes('.js'))
                    .map(r => [r.name.split('?')[0].split('/').pop(), r.transferSize])};
"""


def browser() -> webdriver.Chrome:
    """A fresh headless Chromium: a new profile, so an empty cache."""
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument("--window-size=1366,900")
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    observer = {"source": long_tasks(buffered=True)}  # before the page's first script
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", observer)
    return driver


def measure(base: str, path: str) -> dict:
    """One cold load of `path`: bytes transferred, the scripts fetched, the longest task."""
    driver = browser()
    try:
        driver.get(base + path)
        deadline = time.monotonic() + 30
        while not driver.execute_script(READY):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path} was not drawn within 30 s")
            time.sleep(0.1)
        # settled: the resource list must not grow for a second (lazy chunks)
        count, since = -1, time.monotonic()
        while time.monotonic() - since < 1.0:
            n = driver.execute_script("return performance.getEntriesByType('resource').length")
            if n != count:
                count, since = n, time.monotonic()
            time.sleep(0.1)
        return driver.execute_script(SIZES)
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    proc = serve(args.port)
    try:
        print("| page | kB transferred (median) | longest task, ms (median) | top scripts, kB |")
        print("|---|---|---|---|")
        for path in args.pages:
            runs = [measure(base, path) for _ in range(args.runs)]
            scripts = sorted(runs[0]["scripts"], key=lambda s: -s[1])[:4]
            top = ", ".join(f"{name} {size / 1e3:,.0f}" for name, size in scripts)
            median = statistics.median(r["total"] for r in runs) / 1e3
            longest = statistics.median(r["longest"] for r in runs)
            print(f"| {path} | {median:,.0f} | {longest:,.0f} | {top} |", flush=True)
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
