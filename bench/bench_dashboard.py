"""Server time of the dashboard's main interactions, and a naive baseline for comparison.

    .venv/bin/python -m bench.bench_dashboard [--data data/processed] [--seconds 3]
    .venv/bin/python -m bench.bench_dashboard --gunicorn [--clients 8]
    .venv/bin/python -m bench.bench_dashboard --whatif [--port 8851] [--runs 5]

In-process mode drives Dash's real HTTP routes through the Flask test client (one process, no
network) and reports p50/p95 and requests per second per interaction. `--gunicorn` starts
`gunicorn dashboard.app:server` (2 sync workers, loopback) and applies a bounded load of
`--clients` keep-alive-free HTTP clients for `--seconds` per interaction. `--whatif` starts the
dashboard and headless Chromium and times the what-if slider in the browser: from the key press
on the slider to the answer's text and the fan chart both redrawn (median of `--runs`), and
counts the callback requests the server got meanwhile (the answer is computed in the browser).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from dashboard.components import control_prop
from dashboard.context import build_context
from dashboard.data import PROCESSED_DIR, load_tables
from dashboard.factory import create_app

ROOT = Path(__file__).resolve().parents[1]

SEL = ("episode", "model", "price", "level")
OVERVIEW_OUT = (
    "..overview-kpis.children...overview-lede.children...overview-base.data"
    "...overview-production-download.href...overview-cumulative-reported.href"
    "...overview-shown.data.."
)


def _body(output: str, inputs: list[tuple[str, object]], state: list | None = None) -> bytes:
    outs = []
    for part in output.strip(".").split("..."):
        cid, prop = part.rsplit(".", 1)
        outs.append({"id": json.loads(cid) if cid.startswith("{") else cid, "property": prop})
    ins = [{"id": i, "property": control_prop(i.rsplit("-", 1)[1]), "value": v} for i, v in inputs]
    return json.dumps(
        {
            "output": output,
            "outputs": outs if output.startswith("..") else outs[0],
            "inputs": ins,
            "state": state or [],
            "changedPropIds": [f"{ins[0]['id']}.{ins[0]['property']}"],
        }
    ).encode()


def shown(episode: str) -> list[dict]:
    """State of the episode whose figures the browser already holds."""
    return [{"id": "overview-shown", "property": "data", "value": episode}]


def interactions(ctx) -> dict[str, tuple[str, str, bytes | None]]:
    """Name -> (method, path, body) of the requests behind each user action."""
    opts = ctx.opts
    eps = opts.episodes
    other = eps[0] if eps[-1] == opts.default_episode else eps[-1]
    sel = [
        (f"overview-{f}", v)
        for f, v in zip(
            SEL, (other, *(opts.default_model, opts.default_price, opts.default_level)), strict=True
        )
    ]
    store = {"type": "page-query", "page": "overview"}
    sync_inputs = [
        *sel,
        ("overview-start", "2020-01-01"),
        ("overview-end", "2020-06-30"),
        ("overview-events", ["ceasefire"]),
    ]
    sync = (
        f"..{json.dumps(store, separators=(',', ':'), sort_keys=True)}.data"
        "...overview-input-notes.children.."
    )
    router = ".._pages_content.children..._pages_store.data.."
    return {
        "overview: change episode (KPIs + figures)": (
            "POST",
            "/_dash-update-component",
            _body(OVERVIEW_OUT, sel, shown(opts.default_episode)),
        ),
        "overview: change model/price/level (Patch)": (
            "POST",
            "/_dash-update-component",
            _body(OVERVIEW_OUT, sel, shown(other)),
        ),
        "overview: URL sync (any control)": (
            "POST",
            "/_dash-update-component",
            _body(sync, sync_inputs, [{"id": store, "property": "data", "value": ""}]),
        ),
        "overview: date reset on episode": (
            "POST",
            "/_dash-update-component",
            _body("..overview-start.date...overview-end.date..", sel[:1]),
        ),
        "models: change selection": (
            "POST",
            "/_dash-update-component",
            _body(
                "..models-barrels.figure...models-barrels-title.children...models-value.figure"
                "...models-value-title.children...models-placebo.figure"
                "...models-placebo-title.children...models-placebo-card.hidden"
                "...models-placebo-note.children...models-its.children"
                "...models-barrels-download.href...models-value-download.href"
                "...models-placebo-download.href...models-its-download.href"
                "...models-reliability.figure...models-reliability-box.hidden"
                "...models-reliability-said.children...models-specifications.figure"
                "...models-specifications-box.hidden...models-specifications-said.children"
                "...models-reliability-download.href...models-specifications-download.href..",
                [(f"models-{f}", v) for (_, v), f in zip(sel, SEL, strict=True)],
            ),
        ),
        "navigate: Overview page layout": (
            "POST",
            "/_dash-update-component",
            json.dumps(
                {
                    "output": router,
                    "outputs": [
                        {"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"},
                    ],
                    "inputs": [
                        {"id": "_pages_location", "property": "pathname", "value": "/"},
                        {"id": "_pages_location", "property": "search", "value": ""},
                    ],
                    "state": [],
                    "changedPropIds": ["_pages_location.pathname"],
                }
            ).encode(),
        ),
        "download: filtered daily_impact.csv": (
            "GET",
            f"/download/daily_impact.csv?episode={other}&model={opts.default_model}"
            f"&price={opts.default_price}&level={opts.default_level}",
            None,
        ),
        "GET /_dash-layout": ("GET", "/_dash-layout", None),
    }


def naive_baseline(ctx) -> Callable[[], object]:
    """What a straightforward callback would do per request: filter, go.Figure, vrect/vline."""
    import plotly.graph_objects as go

    daily, events = ctx.tables["daily_impact"], ctx.tables["events"]
    opts = ctx.opts

    def build() -> str:
        d = daily[
            (daily["episode_id"] == opts.default_episode)
            & (daily["model"] == opts.default_model)
            & (daily["price_scenario"] == opts.default_price)
            & (daily["interval_level"] == float(opts.default_level))
        ]
        fig = go.Figure()
        fig.add_scatter(x=d["date"], y=d["counterfactual_upper_bpd"], line_width=0)
        fig.add_scatter(x=d["date"], y=d["counterfactual_lower_bpd"], fill="tonexty")
        fig.add_scatter(x=d["date"], y=d["counterfactual_bpd"])
        fig.add_scatter(x=d["date"], y=d["actual_bpd"])
        start, end = d["date"].min(), d["date"].max()
        fig.add_vrect(x0=start, x1=end, fillcolor="red", opacity=0.1)
        for ev in events[(events["date"] >= start) & (events["date"] <= end)].itertuples():
            fig.add_vline(x=ev.date, line_dash="dot")
        fig.update_layout(template="plotly_white")
        return fig.to_json()

    return build


def measure(fn: Callable[[], object], seconds: float) -> dict[str, float]:
    """Call fn repeatedly for `seconds`; latency percentiles in ms and calls per second."""
    fn()  # warm
    times: list[float] = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return {
        "n": len(times),
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
        "per_s": len(times) / sum(times),
    }


def in_process(data: Path, seconds: float) -> list[tuple[str, dict]]:
    t = time.perf_counter()
    ctx = build_context(load_tables(data))
    startup = time.perf_counter() - t
    app = create_app(ctx)
    client = app.server.test_client()
    client.get("/")
    rows = [("start-up: load + precompute every selection (s)", {"p50_ms": startup * 1000})]

    for name, (method, path, body) in interactions(ctx).items():

        def call(name=name, method=method, path=path, body=body) -> None:
            r = client.open(path, method=method, data=body, content_type="application/json")
            assert r.status_code == 200, (name, r.status_code)

        rows.append((name, measure(call, seconds)))
    rows.append(
        ("naive figure callback body (baseline, no HTTP)", measure(naive_baseline(ctx), seconds))
    )
    return rows


def _load(
    host: str, port: int, method: str, path: str, body: bytes | None, clients: int, seconds: float
) -> dict[str, float]:
    lat: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        local = []
        while time.perf_counter() < stop:
            conn = http.client.HTTPConnection(host, port, timeout=10)
            t = time.perf_counter()
            conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            resp.read()
            local.append(time.perf_counter() - t)
            conn.close()
            assert resp.status == 200, (path, resp.status)
        with lock:
            lat.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    lat.sort()
    return {
        "n": len(lat),
        "p50_ms": 1000 * statistics.median(lat),
        "p95_ms": 1000 * lat[int(0.95 * (len(lat) - 1))],
        "per_s": len(lat) / wall,
    }


def with_gunicorn(
    data: Path, seconds: float, clients: int, port: int = 8765
) -> list[tuple[str, dict]]:
    env = {**os.environ, "DASHBOARD_PROCESSED": str(data)}
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "dashboard.app:server",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request(
                    "GET", "/_dash-layout"
                )
                break
            except OSError:
                time.sleep(0.3)
        time.sleep(2)  # both workers up
        ctx = build_context(load_tables(data))
        return [
            (name, _load("127.0.0.1", port, m, p, b, clients, seconds))
            for name, (m, p, b) in interactions(ctx).items()
        ]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


# In the page: the key press (capture phase, before the slider sees it) starts the clock; the
# answer's text changing and Plotly's next redraw of the fan chart each stop one.
WHATIF_PROBE = """
const ans = document.querySelector('#whatif-answer');
const gd = document.querySelector('#whatif-fan .js-plotly-plot');
window.__whatif = {t0: null, text: null, plot: null};
document.addEventListener('keydown', () => {
  window.__whatif = {t0: performance.now(), text: null, plot: null};
}, true);
new MutationObserver(() => {
  const w = window.__whatif;
  if (w.t0 !== null && w.text === null) w.text = performance.now() - w.t0;
}).observe(ans, {childList: true, subtree: true, characterData: true});
gd.on('plotly_afterplot', () => {
  const w = window.__whatif;
  if (w.t0 !== null && w.plot === null) w.plot = performance.now() - w.t0;
});
"""
CALLBACK_REQUESTS = (
    "return performance.getEntriesByType('resource')"
    ".filter(r => r.name.includes('_dash-update-component')).length;"
)


def whatif_slider(port: int, runs: int) -> list[tuple[str, dict]]:
    """Milliseconds from a slider key press to the answer and the fan chart redrawn."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from bench.bench_browser import browser, serve, stop

    proc = serve(port)
    driver = browser()
    try:
        driver.get(f"http://127.0.0.1:{port}/whatif?episode=2020&from=2020-06-30&days=80")
        wait = WebDriverWait(driver, 60)
        wait.until(lambda d: "80 more days" in d.find_element("id", "whatif-answer").text)
        wait.until(lambda d: d.execute_script(
            "return !!document.querySelector('#whatif-fan .js-plotly-plot')?.on;"
        ))  # fmt: skip
        driver.execute_script(WHATIF_PROBE)
        handle = driver.find_element("css selector", "#whatif-days [role='slider']")
        before = driver.execute_script(CALLBACK_REQUESTS)
        text, plot = [], []
        for i in range(runs):
            handle.send_keys(Keys.ARROW_RIGHT if i % 2 == 0 else Keys.ARROW_LEFT)
            wait.until(lambda d: (w := d.execute_script("return window.__whatif;"))["text"]
                       is not None and w["plot"] is not None)  # fmt: skip
            w = driver.execute_script("return window.__whatif;")
            text.append(w["text"])
            plot.append(w["plot"])
        requests = driver.execute_script(CALLBACK_REQUESTS) - before
    finally:
        driver.quit()
        stop(proc)
    both = [max(a, b) for a, b in zip(text, plot, strict=True)]
    print(f"what-if slider: {requests} callback requests reached the server in {runs} moves")
    return [
        (f"what-if slider, browser: {name}", {"n": runs, "p50_ms": statistics.median(ms)})
        for name, ms in (
            ("key press to answer text", text),
            ("key press to fan chart redrawn", plot),
            ("key press to both updated", both),
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=PROCESSED_DIR)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--gunicorn", action="store_true")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--whatif", action="store_true")
    parser.add_argument("--port", type=int, default=8851)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.whatif:
        rows = whatif_slider(args.port, args.runs)
    elif args.gunicorn:
        rows = with_gunicorn(args.data, args.seconds, args.clients)
    else:
        rows = in_process(args.data, args.seconds)
    print(f"{'interaction':58} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}")
    for name, r in rows:
        print(
            f"{name:58} {r.get('n', ''):>6} {r['p50_ms']:8.2f} {r.get('p95_ms', 0):8.2f} "
            f"{r.get('per_s', 0):8.0f}"
        )


if __name__ == "__main__":
    main()
