"""Download routes: an allow-list of processed tables, filtered on request, and one bundle.

Only the tables loaded (`data.COLUMNS`, and `data.PENDING` ones present; plus manifest.json and
all.zip) are served, from memory; no
request path ever reaches the file system, so /download/../anything is a 404.
"""

from __future__ import annotations

import io
import json
import zipfile
from functools import lru_cache

import pandas as pd
from flask import Flask, Response, abort, request

from dashboard.columns import readme
from dashboard.data import COLUMNS, Tables

FILTERS = {
    "episode": "episode_id",
    "model": "model",
    "price": "price_scenario",
    "level": "interval_level",
}
ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed, so the bundle is byte-identical between runs


def bundle(tables: Tables) -> bytes:
    """all.zip: every table as written, the manifest and a README of columns and sources."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in COLUMNS:
            z.writestr(zipfile.ZipInfo(f"{name}.csv", ZIP_TIME), tables.raw[name])
        z.writestr(
            zipfile.ZipInfo("manifest.json", ZIP_TIME), json.dumps(tables.manifest, indent=2)
        )
        sources = tables.text["sources"].to_dict("records")
        z.writestr(zipfile.ZipInfo("README.md", ZIP_TIME), readme(sources))
    return buf.getvalue()


def filtered(tables: Tables, name: str, selection: tuple[tuple[str, str], ...]) -> bytes | None:
    """The table's rows for a selection, as CSV text; None if the selection matches nothing."""
    frame = tables.text[name]
    mask = pd.Series(True, index=frame.index)
    for param, value in selection:
        column = FILTERS[param]
        if column == "interval_level" and column in frame.columns:
            # "0.95" and "0.950" name the same level; a non-number names none.
            wanted = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
            mask &= pd.to_numeric(frame[column], errors="coerce") == wanted
        elif column in frame.columns:
            mask &= frame[column] == value
    rows = frame[mask]
    if rows.empty:
        return None
    return rows.to_csv(index=False, lineterminator="\n").encode()


def register(server: Flask, tables: Tables) -> None:
    """Add the /download routes to the Flask server."""
    zipped = bundle(tables)
    manifest = json.dumps(tables.manifest, indent=2).encode()
    cached = lru_cache(maxsize=512)(lambda name, sel: filtered(tables, name, sel))

    def csv(body: bytes, filename: str) -> Response:
        return Response(
            body,
            mimetype="text/csv",
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Cache-Control": "public, max-age=300",
            },
        )

    @server.get("/download/<name>.csv")
    def download_csv(name: str) -> Response:
        if name not in tables.raw:  # the contract's tables and the PENDING ones present
            abort(404)
        selection = tuple((k, request.args[k]) for k in FILTERS if k in request.args)
        if not selection:
            return csv(tables.raw[name], f"{name}.csv")
        body = cached(name, selection)
        if body is None:
            abort(404, description="No rows for this selection.")
        suffix = "_".join(v for _, v in selection)
        return csv(body, f"{name}_{suffix}.csv")

    @server.get("/download/all.zip")
    def download_zip() -> Response:
        return Response(
            zipped,
            mimetype="application/zip",
            headers={"Content-Disposition": 'attachment; filename="libya-blockade-tables.zip"'},
        )

    @server.get("/download/manifest.json")
    def download_manifest() -> Response:
        return Response(manifest, mimetype="application/json")

    @server.get("/download/<path:anything>")
    def download_other(anything: str) -> Response:
        abort(404)
