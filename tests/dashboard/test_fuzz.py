"""A seeded fuzz of the server through the Flask test client: no request may get a 5xx.

Requests are drawn from the real callback map (GET /_dash-dependencies): each server-side
callback gets bodies with one value replaced by a hostile one, plus malformed bodies, page
queries, router calls, downloads with hostile filters and path tricks. Seeded, so a failure
reproduces; about 1,300 requests in a few seconds.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from urllib.parse import quote

import pytest
from flask import got_request_exception

from dashboard.data import COLUMNS
from dashboard.factory import PAGES
from dashboard.state import PARAMS, default_state, serialise

SEED = 20200118
ROUNDS = 1200
SAFE_NAME = re.compile(r'^attachment; filename="[A-Za-z0-9._-]+"$')
CONTROL = re.compile(rf"^[a-z_]+-({'|'.join(PARAMS)})$")
HOSTILE_TEXT = [
    "", " ", "x", "0", "-1", "nan", "inf", "1e309", "0.95", "0.950", "0.95 ", "95%", "€",
    "\u202e2020", "𝟚𝟘𝟚𝟘", "\r\nSet-Cookie: a=b", "\x00", "a\x00b", "%00",
    "\"; filename*=UTF-8''invoice.bat; x=\"", "<script>alert(1)</script>", "../../etc/passwd",
    "2020,2020", "[]", "{}", "null", "x" * 5000, "2020-02-30", "9999-12-31", "true", "'",
    "\\", "=HYPERLINK(1)", "2020", "mean", "brent", "0.8",
]  # fmt: skip
HOSTILE_VALUES = [
    ["2020"], ["a", "b"], {"a": 1}, {}, 2020, 0.95, -1, 1e308, None, True, False, [], [[[]]],
    {"episode": "2020"}, "x" * 100_000, "2020\r\n", "0.95x", "€", "",
]  # fmt: skip
PATHS = [
    "/_dash-component-suites/dash/../../README.md",
    "/_dash-component-suites/dash/..%2f..%2fREADME.md",
    "/_dash-component-suites/../../pyproject.toml",
    "/_dash-component-suites/nope/x.js",
    "/_dash-component-suites/dash/deps/polyfill@7.v2_0_0m1.min.js",
    "/_unknown", "/_", "/_/", "/_dash-foo", "/_reload-hash", "/_favicon.ico", "/_dash-layout",
    "/_dash-dependencies", "/_dash-update-component", "/download/", "/download",
    "/download/%00.csv", "/download/..%2fREADME.md", "/assets/../README.md",
    "/assets/nope.css", "/README.md", "/models/x", "/%00", "/" + "a" * 3000, "/.git/config",
]  # fmt: skip


class Fuzz:
    """One seeded sequence of requests and the statuses they got."""

    def __init__(self, client, ctx, deps: list[dict]) -> None:
        self.client, self.rng = client, random.Random(SEED)
        self.deps = [d for d in deps if not d.get("clientside_function")]
        default = default_state(ctx.opts)
        self.defaults = {
            "episode": default.episode,
            "model": default.model,
            "price": default.price,
            "level": default.level,
            "start": default.start.isoformat(),
            "end": default.end.isoformat(),
            "events": list(default.events),
        }
        self.query = serialise(default)
        self.seen: list[tuple[str, str, int]] = []
        self.bad_names: list[str] = []

    def send(self, kind: str, method: str, path: str, **kw: object) -> int:
        r = self.client.open(path, method=method, **kw)
        disposition = r.headers.get("Content-Disposition")
        if disposition is not None and not SAFE_NAME.match(disposition):
            self.bad_names.append(disposition)
        self.seen.append((kind, f"{method} {path[:120]}", r.status_code))
        r.close()
        return r.status_code

    def valid(self, ident: str, prop: str) -> object:
        """A value the page itself would send for a dependency."""
        control = CONTROL.match(ident)
        if control and prop in ("value", "date"):  # date: the date pickers
            return self.defaults[control.group(1)]
        if ident == "_pages_location":
            return "/" if prop == "pathname" else ""
        if "page-query" in ident:
            return self.query
        return self.defaults["episode"]  # overview-shown: the episode drawn

    def body(self, dep: dict) -> dict:
        many = dep["output"].startswith("..")
        outs = []
        for part in dep["output"][2:-2].split("...") if many else [dep["output"]]:
            ident, prop = part.rsplit(".", 1)  # an allow_duplicate output keeps its "@hash"
            outs.append({"id": json.loads(ident) if ident[0] == "{" else ident, "property": prop})

        def items(deps: list[dict]) -> list[dict]:
            return [
                {
                    "id": json.loads(d["id"]) if d["id"][0] == "{" else d["id"],
                    "property": d["property"],
                    "value": self.valid(d["id"], d["property"]),
                }
                for d in deps
            ]

        first = dep["inputs"][0]
        return {
            "output": dep["output"],
            "outputs": outs if many else outs[0],
            "inputs": items(dep["inputs"]),
            "state": items(dep["state"]),
            "changedPropIds": [f"{first['id']}.{first['property']}"],
        }

    def callback(self) -> None:
        body = self.body(self.rng.choice(self.deps))
        slots = [(k, i) for k in ("inputs", "state") for i in range(len(body[k]))]
        part, i = self.rng.choice(slots)
        body[part][i]["value"] = self.rng.choice(HOSTILE_VALUES + HOSTILE_TEXT)
        self.send("callback", "POST", "/_dash-update-component", json=body)

    def malformed(self) -> None:
        dep = self.rng.choice(self.deps)
        body = self.body(dep)
        data = self.rng.choice(
            [
                b"not json",
                b"",
                b"[1,2,3]",
                b'"str"',
                b"\xff\xfe\x00garbage",
                b"[" * 60_000 + b"]" * 60_000,
                json.dumps({"output": dep["output"]}).encode(),
                json.dumps({**body, "output": "nope.children"}).encode(),
                json.dumps({**body, "inputs": {"a": 1}}).encode(),
                json.dumps({**body, "inputs": [{"id": "x"}] * 3}).encode(),
                json.dumps({**body, "outputs": None, "changedPropIds": None}).encode(),
                json.dumps({**body, "state": body["inputs"]}).encode(),
                json.dumps({**body, "outputs": [body["outputs"]] * 2}).encode(),
                json.dumps({**body, "pad": "x" * 400_000}).encode(),
            ]
        )
        self.send("malformed", "POST", "/_dash-update-component", data=data,
                  content_type="application/json")  # fmt: skip

    def router(self) -> None:
        key = self.rng.choice(["ctx", "episode", "level", "x", "start", "events", "layout"])
        search = f"?{key}={quote(self.rng.choice(HOSTILE_TEXT), safe='')}"
        if self.rng.random() < 0.2:
            search += f"&{key}=2020"
        body = self.body(next(d for d in self.deps if "_pages_content" in d["output"]))
        pathname = self.rng.choice([p for _, p, _ in PAGES] + ["/nope", "//", "/" + "a" * 3000])
        body["inputs"] = [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ]
        self.send("router", "POST", "/_dash-update-component", json=body)

    def page(self) -> None:
        path = self.rng.choice([p for _, p, _ in PAGES] + ["/models/"])
        key = self.rng.choice(["ctx", *PARAMS, "x", "é"])
        self.send("page", "GET", f"{path}?{key}={quote(self.rng.choice(HOSTILE_TEXT), safe='')}")

    def download(self) -> None:
        name = self.rng.choice([*COLUMNS, "all", "nope", "..", "manifest"])
        ext = self.rng.choice([".csv", ".csv", ".zip", ".json", ""])
        params = self.rng.sample(["episode", "model", "price", "level", "x"], 2)
        query = "&".join(f"{p}={quote(self.rng.choice(HOSTILE_TEXT), safe='')}" for p in params)
        self.send("download", "GET", f"/download/{quote(name)}{ext}?{query}")

    def path(self) -> None:
        method = self.rng.choice(["GET", "GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE"])
        self.send("path", method, self.rng.choice(PATHS))

    def run(self, rounds: int) -> None:
        actions = [self.callback] * 4 + [self.malformed, self.router, self.page, self.download]
        actions += [self.path]
        for _ in range(rounds):
            self.rng.choice(actions)()


@pytest.fixture
def fuzz(client, ctx) -> Fuzz:
    return Fuzz(client, ctx, client.get("/_dash-dependencies").get_json())


def test_valid_bodies_of_every_server_callback_succeed(fuzz):
    """The fuzz starts from bodies that work: otherwise it would only test the 400 path."""
    assert len(fuzz.deps) >= 8
    for dep in fuzz.deps:
        status = fuzz.send("valid", "POST", "/_dash-update-component", json=fuzz.body(dep))
        assert status in (200, 204), dep["output"]


def test_no_request_gets_a_server_error(fuzz, app):
    errors: list[BaseException] = []

    def record(_: object, exception: BaseException, **__: object) -> None:
        errors.append(exception)

    with got_request_exception.connected_to(record, app.server):
        fuzz.run(ROUNDS)
    statuses = Counter(status for _, _, status in fuzz.seen)
    assert len(fuzz.seen) >= 1000
    failures = [s for s in fuzz.seen if s[2] >= 500]
    assert not failures, (failures[:5], errors[:5])
    assert not errors and not fuzz.bad_names
    # the mix reached every outcome, not only refusals
    for status in (200, 400, 404, 413):
        assert statuses[status] > 0, statuses
