"""Download routes: an allow-list of processed tables, filtered on request, and one bundle.

Only the contract's tables (`data.COLUMNS`, plus manifest.json and all.zip) are served, from
memory; no request path ever reaches the file system, so /download/../anything is a 404. Filter
values are checked against the values the tables hold before they name a file or key a cache, and
text cells a spreadsheet would run as formulas are neutralised, so a download is safe to open.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd
from flask import Flask, Response, abort, request
from werkzeug.datastructures import MultiDict

from analysis.contract import COLUMN_CONTRACT
from analysis.outputs import neutralise
from dashboard.columns import readme
from dashboard.data import COLUMNS, Tables
from dashboard.security import same_body
from dashboard.state import level_key

FILTERS = {
    "episode": "episode_id",
    "model": "model",
    "price": "price_scenario",
    "level": "interval_level",
}
ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed, so the bundle is byte-identical between runs
CACHED_SELECTIONS = 32  # filtered bodies kept per process (a selection is at most ~1 MB)
UNSAFE = re.compile(r"[^A-Za-z0-9._-]")  # never in a file name, even from a table's own values
MAX_AGE = 3600  # browsers and proxies revalidate hourly with the ETag; tables change on deploy


class BadFilter(ValueError):
    """A filter value that no table holds, or a filter given twice."""


def safe_text(tables: Tables) -> dict[str, pd.DataFrame]:
    """Each table's text with formula-like text cells neutralised (numbers never change)."""
    out = {}
    for name, frame in tables.text.items():
        text_cols = [c for c in frame.columns if _is_text(c)]
        fixed = frame[text_cols].map(neutralise)
        if fixed.equals(frame[text_cols]):
            out[name] = frame
        else:
            out[name] = frame.copy()
            out[name][text_cols] = fixed
    return out


def _is_text(column: str) -> bool:
    """Text in the contract (or unknown to it, as the loader reads it): numbers never change."""
    spec = COLUMN_CONTRACT.get(column)
    return spec is None or spec.kind == "text"


def whole_tables(tables: Tables, text: Mapping[str, pd.DataFrame]) -> dict[str, bytes]:
    """The bytes served for each whole table: the file as written unless a cell needed fixing."""
    return {
        name: raw if text[name] is tables.text[name] else _csv(text[name])
        for name, raw in tables.raw.items()
    }


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode()


def allowed_values(tables: Tables) -> dict[str, frozenset[str]]:
    """Every value each filter can take: those present in any table (levels in canonical text)."""
    values: dict[str, set[str]] = {param: set() for param in FILTERS}
    for frame in tables.text.values():
        for param, column in FILTERS.items():
            if column in frame.columns:
                present = set(frame[column].unique()) - {""}
                if param == "level":
                    present = {level_key(float(v)) for v in present}
                values[param] |= present
    return {param: frozenset(v) for param, v in values.items()}


def selection(args: MultiDict[str, str], allowed: Mapping[str, frozenset[str]]) -> tuple:
    """The canonical ((filter, value), ...) of a request; BadFilter names the first bad one.

    Other query keys (a cache buster, say) are ignored: they never reach a name or a key.
    """
    chosen = []
    for param in FILTERS:
        given = args.getlist(param)
        if not given:
            continue
        if len(given) > 1:
            raise BadFilter(f"'{param}' was given more than once.")
        value = given[0]
        if param == "level":
            try:
                value = level_key(float(value))
            except ValueError:
                value = None
        if value not in allowed[param]:
            raise BadFilter(f"Unknown {param}: no table has it.")
        chosen.append((param, value))
    return tuple(chosen)


def filtered(frame: pd.DataFrame, chosen: tuple[tuple[str, str], ...]) -> bytes | None:
    """The frame's rows for a canonical selection, as CSV text; None if it matches nothing."""
    mask = pd.Series(True, index=frame.index)
    for param, value in chosen:
        column = FILTERS[param]
        if column == "interval_level":
            mask &= pd.to_numeric(frame[column], errors="coerce") == float(value)
        else:
            mask &= frame[column] == value
    rows = frame[mask]
    return None if rows.empty else _csv(rows)


def bundle(tables: Tables, whole: Mapping[str, bytes]) -> bytes:
    """all.zip: every table as served, the manifest and a README of columns and sources."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in COLUMNS:
            z.writestr(zipfile.ZipInfo(f"{name}.csv", ZIP_TIME), whole[name])
        z.writestr(
            zipfile.ZipInfo("manifest.json", ZIP_TIME), json.dumps(tables.manifest, indent=2)
        )
        sources = tables.text["sources"].to_dict("records")
        z.writestr(zipfile.ZipInfo("README.md", ZIP_TIME), readme(sources))
    return buf.getvalue()


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def served(body: bytes, mimetype: str, etag: str, filename: str | None = None) -> Response:
    """A cacheable download: strong ETag, Cache-Control, 304 on a matching If-None-Match."""
    response = Response(body, mimetype=mimetype)
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.set_etag(etag)
    same_body(etag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response.make_conditional(request)


def register(server: Flask, tables: Tables) -> None:
    """Add the /download routes to the Flask server."""
    text = safe_text(tables)
    whole = whole_tables(tables, text)
    # a whole table's ETag is its sha256 from the manifest when it is served as written
    listed = {o["file"]: o["sha256"] for o in tables.manifest.get("outputs", [])}
    etags = {name: _sha256(body) for name, body in whole.items()}
    etags.update(
        {n: listed[f"{n}.csv"] for n in whole if whole[n] is tables.raw[n] and f"{n}.csv" in listed}
    )
    allowed = allowed_values(tables)
    zipped = bundle(tables, whole)
    manifest = json.dumps(tables.manifest, indent=2).encode()
    zip_etag, manifest_etag = _sha256(zipped), _sha256(manifest)

    @lru_cache(maxsize=CACHED_SELECTIONS)
    def cached(name: str, chosen: tuple[tuple[str, str], ...]) -> tuple[bytes, str] | None:
        body = filtered(text[name], chosen)
        return None if body is None else (body, _sha256(body))

    @server.get("/download/<name>.csv")
    def download_csv(name: str) -> Response:
        if name not in tables.raw:
            abort(404)
        try:
            chosen = selection(request.args, allowed)
        except BadFilter as err:
            return Response(str(err), 400, mimetype="text/plain")
        # filters on columns this table lacks do not apply, and do not name the file
        chosen = tuple((p, v) for p, v in chosen if FILTERS[p] in text[name].columns)
        if not chosen:
            return served(whole[name], "text/csv", etags[name], f"{name}.csv")
        found = cached(name, chosen)
        if found is None:
            abort(404, description="No rows for this selection.")
        body, etag = found
        suffix = "_".join(UNSAFE.sub("_", v) for _, v in chosen)
        return served(body, "text/csv", etag, f"{name}_{suffix}.csv")

    @server.get("/download/all.zip")
    def download_zip() -> Response:
        return served(zipped, "application/zip", zip_etag, "libya-blockade-tables.zip")

    @server.get("/download/manifest.json")
    def download_manifest() -> Response:
        return served(manifest, "application/json", manifest_etag)

    @server.get("/download/<path:anything>")
    def download_other(anything: str) -> Response:
        abort(404)
