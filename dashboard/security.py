"""Server hardening around the Dash app: known paths only, checked callback bodies, limits, headers.

Dash answers any path with its index page and trusts callback bodies; a public server must not.
Everything here sits in front of the pages and callbacks, so they only ever see requests the
app's own pages could have sent, and a malformed request gets a 4xx instead of a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import ClassVar

from dash import Dash
from dash._utils import stringify_id
from dash.exceptions import DependencyException
from flask import Flask, Request, Response, abort, g, request
from flask_compress import Compress

from dashboard.state import PARAMS, Options, valid_control

MAX_BODY_BYTES = 256 * 1024  # the largest real callback body is a few kB
# `{page}-{parameter}`: the controls whose values are view parameters (dashboard/components.py)
CONTROL = re.compile(rf"^[a-z_]+-({'|'.join(PARAMS)})$")
# properties whose values reach server callbacks as text: the router's location and the stores
# that hold a query string or an episode id
TEXT_PROPS = {"pathname", "search", "hash", "href", "data"}
YEAR = 365 * 24 * 3600
# Plotly and Dash inject <style> elements, hence 'unsafe-inline' for styles only; scripts are
# the app's own files plus the inline scripts of the index page, allowed by their hashes.
CSP_BASE = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
COMMENT = re.compile(rb"<!--.*?-->", re.S)  # Dash's old-IE warning sits in a comment
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
]


def harden(app: Dash, opts: Options, pages: set[str]) -> None:
    """Wire every guard into the app's Flask server (after the routes are registered)."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    _quiet_config(app)
    _only_known_paths(app, pages)
    _check_callbacks(app, opts)
    _request_errors(server)
    _compress(server)  # registered first so that it runs last, on the final body
    _headers(server)


def _quiet_config(app: Dash) -> None:
    """Leave the Python build out of the page's config: Dash prints `sys.version` there for its
    dev tools, which production does not run."""
    config = app._config

    def without_python_version() -> dict:
        return {**config(), "python_version": None}

    app._config = without_python_version


def _only_known_paths(app: Dash, pages: set[str]) -> None:
    """404 for any path Dash's catch-all would answer with the index page but no page has."""
    catchall = f"{app.config.routes_pathname_prefix}<path:path>"

    @app.server.before_request
    def only_known_paths() -> None:
        if request.endpoint == catchall and request.path.rstrip("/") not in pages:
            abort(404)


def _check_callbacks(app: Dash, opts: Options) -> None:
    """Answer 400 to a callback body that the app's pages could not have sent."""
    dispatch = f"{app.config.routes_pathname_prefix}_dash-update-component"

    @app.server.before_request
    def valid_callback() -> Response | None:
        if request.path != dispatch or request.method != "POST":
            return None
        problem = callback_problem(_json_body(request), app.callback_map, opts)
        return None if problem is None else Response(problem, 400, mimetype="text/plain")


def _json_body(req: Request) -> object:
    """The parsed body, or None when it is not JSON (deep nesting included)."""
    try:
        return json.loads(req.get_data())
    except (ValueError, RecursionError):
        return None


def callback_problem(body: object, callback_map: Mapping[str, dict], opts: Options) -> str | None:
    """Why a callback body is refused, in a short sentence; None when it is acceptable.

    The body must name a server-side callback, list exactly its outputs, inputs and state
    (same ids and properties, in order), and every value must be one its control can send.
    """
    if not isinstance(body, dict):
        return "The body must be a JSON object."
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:
        return "Unknown callback."
    declared = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    outputs = body.get("outputs")
    outputs = outputs if isinstance(outputs, list) else [outputs]
    if not spec.get("no_output") and not _matches(outputs, declared, values=False):
        return "The outputs do not match the callback."
    for part in ("inputs", "state"):
        items = body.get(part, [])
        if not isinstance(items, list) or not _matches(items, spec[part]):
            return f"The {part} do not match the callback."
        for item in items:
            bad = _bad_value(item, opts)
            if bad:
                return f"Invalid value for {bad}."
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of strings."
    return None


def _matches(items: list, declared: list, values: bool = True) -> bool:
    """Same length; each item a {id, property} of the declared dependency at its place."""
    if len(items) != len(declared):
        return False
    for item, dep in zip(items, declared, strict=True):
        dep_id, dep_prop = (
            (dep["id"], dep["property"])
            if isinstance(dep, dict)
            else (dep.component_id_str(), dep.component_property)
        )
        if '["' in dep_id:  # a wildcard (ALL, MATCH): concrete ids vary, the shape does not
            if not isinstance(item, (list, dict)):
                return False
            continue
        if not isinstance(item, dict) or not isinstance(item.get("id"), (str, dict)):
            return False
        # an allow_duplicate output is sent as "prop@<hash>"
        prop = item.get("property")
        prop = prop.split("@")[0] if not values and isinstance(prop, str) else prop
        if stringify_id(item["id"]) != dep_id or prop != dep_prop:
            return False
        if values and "value" not in item:
            return False
    return True


def _bad_value(item: object, opts: Options) -> str | None:
    """`id.property` of an input whose value its control could not send, else None."""
    if not isinstance(item, dict):
        return None  # a wildcard's list: its members are not view parameters
    cid, prop, value = item["id"], item["property"], item["value"]
    name = f"{stringify_id(cid)}.{prop}"
    control = CONTROL.match(cid) if isinstance(cid, str) else None
    if control and prop in ("value", "date"):  # date: the date pickers
        return None if valid_control(control.group(1), value, opts) else name
    if prop in TEXT_PROPS and not (value is None or isinstance(value, str)):
        return name
    if prop == "pathname" and not (value or "").startswith("/"):
        return name
    return None


def _request_errors(server: Flask) -> None:
    """A request for a Dash resource path that names no file is a 404, not a server error."""

    @server.errorhandler(DependencyException)
    def unknown_resource(_: DependencyException) -> tuple[str, int]:
        return "Not found.", 404


class _CompressedCache:
    """Compressed bodies that are fixed for the process (keys from `_compressed_key`), bounded.

    Brotli takes about a second for plotly.min.js on a busy core: compressing it once per
    process, not once per page load, keeps that cost off the readers. The store is shared by
    every app in the process (keys are file paths and content hashes, the same for all).
    """

    MAX_BYTES = 24 * 2**20
    items: ClassVar[OrderedDict[str, bytes]] = OrderedDict()
    size: ClassVar[int] = 0
    lock: ClassVar[threading.Lock] = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
            return self.items.get(key)

    def set(self, key: str, value: bytes) -> None:
        if ";fixed:" not in key or len(value) > self.MAX_BYTES // 4:
            return
        cls = type(self)
        with self.lock:
            if key in cls.items:
                return
            cls.items[key] = value
            cls.size += len(value)
            while cls.size > self.MAX_BYTES:
                cls.size -= len(cls.items.popitem(last=False)[1])


def _fingerprinted(req: Request) -> bool:
    """A Dash component file with its version in the name, or an asset with its mtime stamp."""
    path = req.path
    if path.startswith("/_dash-component-suites/"):
        return re.search(r"\.v[\w-]+m\d+\.", path) is not None
    return path.startswith("/assets/") and "m" in req.args


def same_body(key: str) -> None:
    """Declare that this request's body is fixed by `key` (a content hash), so that its
    compressed form can be reused."""
    g.compressed_key = key


def _compressed_key(req: Request) -> str:
    """The compression cache key: a declared content key, or a component file's path (fixed
    while the process runs); any other response is never stored."""
    if "compressed_key" in g:
        return f"fixed:{g.compressed_key}"
    if req.method == "GET" and req.path.startswith("/_dash-component-suites/"):
        return f"fixed:{req.path}"
    return "dynamic"


def _compress(server: Flask) -> None:
    """Brotli or gzip for text responses; fixed bodies are compressed once per process."""
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        # streamed bodies are /assets/ files (a few kB): flask-compress would leave them open
        COMPRESS_STREAMS=False,
        COMPRESS_MIMETYPES=COMPRESSED_TYPES,
        COMPRESS_BR_LEVEL=5,
        COMPRESS_CACHE_BACKEND=_CompressedCache,
        COMPRESS_CACHE_KEY=_compressed_key,
    )
    Compress(server)


def _csp(page: bytes | None) -> str:
    """The policy, with the hashes of a page's inline scripts (Dash's config and renderer)."""
    policy = dict(CSP_BASE)
    if page is not None:
        hashes = {
            "'sha256-" + base64.b64encode(hashlib.sha256(s).digest()).decode() + "'"
            for s in INLINE_SCRIPT.findall(COMMENT.sub(b"", page))
        }
        policy["script-src"] = " ".join(["'self'", *sorted(hashes)])
    return "; ".join(f"{k} {v}" for k, v in policy.items())


def _headers(server: Flask) -> None:
    """Security headers on every response; fingerprinted files cacheable for a year."""

    @server.after_request
    def security_headers(response: Response) -> Response:
        response.headers.update(HEADERS)
        html = response.mimetype == "text/html" and not response.direct_passthrough
        response.headers["Content-Security-Policy"] = _csp(response.get_data() if html else None)
        if response.status_code == 200 and _fingerprinted(request):
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response
