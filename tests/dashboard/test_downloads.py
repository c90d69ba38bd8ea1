"""Download routes: byte-exact tables, filtered selections, the bundle, and the allow-list."""

import hashlib
import io
import zipfile

import pandas as pd
import pytest

from dashboard.data import COLUMNS
from tests.dashboard.conftest import selection_text


def test_full_table_is_the_file_on_disk(client, processed, tables):
    for name in COLUMNS:
        r = client.get(f"/download/{name}.csv")
        assert r.status_code == 200 and r.mimetype == "text/csv"
        assert r.data == (processed / f"{name}.csv").read_bytes()
    listed = {o["file"]: o["sha256"] for o in tables.manifest["outputs"]}
    body = client.get("/download/episode_summary.csv").data
    assert hashlib.sha256(body).hexdigest() == listed["episode_summary.csv"]


def test_selection_round_trips(client, tables):
    url = "/download/daily_impact.csv?episode=2020&model=local_level&price=brent&level=0.95"
    r = client.get(url)
    assert r.status_code == 200
    assert "daily_impact_2020_local_level_brent_0.95.csv" in r.headers["Content-Disposition"]
    got = pd.read_csv(io.BytesIO(r.data), dtype=str, keep_default_na=False)
    want = selection_text(tables, "daily_impact", ("2020", "local_level", "brent", "0.95"))
    assert len(want) == 245 + 60
    pd.testing.assert_frame_equal(got, want)


def test_filters_only_apply_to_columns_a_table_has(client):
    r = client.get("/download/placebo.csv?episode=2018&model=mean&price=brent")
    got = pd.read_csv(io.BytesIO(r.data), dtype=str)
    assert set(got["episode_id"]) == {"2018"} and set(got["model"]) == {"mean"}
    assert len(got) == 12


def test_level_filter_is_numeric(client):
    a = client.get("/download/its_effects.csv?episode=2020&level=0.950").data
    b = client.get("/download/its_effects.csv?episode=2020&level=0.95").data
    assert a == b and len(pd.read_csv(io.BytesIO(a))) == 4


@pytest.mark.parametrize(
    "path",
    [
        "/download/../README.md",
        "/download/..%2FREADME.md",
        "/download/../pyproject.toml",
        "/download/nope.csv",
        "/download/manifest.csv",
        "/download/data/processed/events.csv",
        "/README.md",
        "/pyproject.toml",
        "/daily_impact.csv",
        "/download/",
    ],
)
def test_everything_else_is_404(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert b"Traceback" not in r.data


def test_bundle(client, processed, tables):
    r = client.get("/download/all.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(r.data))
    names = set(z.namelist())
    assert names == {f"{n}.csv" for n in COLUMNS} | {"manifest.json", "README.md"}
    assert z.read("prices.csv") == (processed / "prices.csv").read_bytes()
    readme = z.read("README.md").decode()
    assert "## daily_impact.csv" in readme and "`cum_loss_usd_lower`: lower bound" in readme
    assert "src_noc: National Oil Corporation" in readme
    assert client.get("/download/all.zip").data == r.data  # built once, deterministic


def test_manifest_json(client, tables):
    r = client.get("/download/manifest.json")
    assert r.status_code == 200 and r.get_json()["seed"] == tables.manifest["seed"]
