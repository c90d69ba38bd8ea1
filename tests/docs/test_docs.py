"""The documentation: generated results are fresh, and every link stays inside the repository."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
PROCESSED = ROOT / "data" / "processed"
# the model rule R3 picked, as the run recorded it (the headline is that model's estimate)
DEFAULT_MODEL = json.loads((PROCESSED / "manifest.json").read_text(encoding="utf-8"))["defaults"][
    "model"
]
SCRIPT = ROOT / "scripts" / "build_docs.py"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
# Written on other branches of the same change; remove once they are merged.


def _load_script():
    spec = importlib.util.spec_from_file_location("build_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_docs = _load_script()


def test_results_md_is_fresh():
    committed = (ROOT / "docs" / "results.md").read_text(encoding="utf-8")
    assert committed == build_docs.results_markdown(PROCESSED), (
        "docs/results.md is out of date: run python scripts/build_docs.py"
    )


def test_readme_headline_is_fresh():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert build_docs.readme_with_headline(readme, PROCESSED) == readme


def test_readme_headline_matches_the_summary_table():
    s = pd.read_csv(PROCESSED / "episode_summary.csv", dtype={"episode_id": str})
    row = s[
        (s["episode_id"] == "2020")
        & (s["model"] == DEFAULT_MODEL)
        & (s["price_scenario"] == "brent")
        & (s["interval_level"] == 0.95)
    ].iloc[0]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"**{row['lost_barrels'] / 1e6:.1f} million barrels**" in readme
    low, high = row["lost_barrels_lower"] / 1e6, row["lost_barrels_upper"] / 1e6
    assert f"({low:.1f} to {high:.1f} million)" in readme
    assert f"**${row['loss_usd'] / 1e9:.2f} billion**" in readme
    assert "from 18 Jan 2020 to 18 Sep 2020" in readme


@pytest.fixture
def changed_processed(tmp_path: Path) -> Path:
    """A copy of the processed tables with the default 2020 estimate changed."""
    out = tmp_path / "processed"
    shutil.copytree(PROCESSED, out)
    path = out / "episode_summary.csv"
    s = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = (s["episode_id"] == "2020") & (s["model"] == DEFAULT_MODEL)
    s.loc[rows, "lost_barrels"] = "123456789"
    s.to_csv(path, index=False)
    return out


def test_results_follow_the_tables(changed_processed: Path):
    text = build_docs.results_markdown(changed_processed)
    assert "**123.5 million barrels**" in text
    assert "257.3 million" not in text.split("## The 2020")[0].split("## Every episode")[1]


def test_check_mode_fails_on_stale_files(changed_processed: Path, capsys):
    assert build_docs.main(["--check", "--processed", str(changed_processed)]) == 1
    assert "docs/results.md is out of date" in capsys.readouterr().out
    assert build_docs.main(["--check"]) == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (build_docs.day("2020-01-18"), "18 Jan 2020"),
        (build_docs.day("2024-09-01"), "1 Sep 2024"),
        (build_docs.barrels(257_278_912), "257.3 million"),
        (build_docs.usd(9_989_005_617), "$9.99 billion"),
        (build_docs.usd(-338_177_700), "-$338 million"),
        (build_docs.usd_range(8_052_062_459, 12_023_628_566), "$8.05 to $12.02 billion"),
        (build_docs.usd_range(100_591_063, 1_376_453_482), "$101 million to $1.38 billion"),
        (build_docs.p_value(0.0004), "below 0.001"),
    ],
)
def test_reader_formats(value: str, expected: str):
    assert value == expected


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_links_stay_inside_the_repository(doc: Path):
    text = doc.read_text(encoding="utf-8")
    assert "../shared" not in text and "DESIGN.md" not in text and "TOOLCHAIN.md" not in text
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "#")):
            continue
        path = (doc.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), f"{doc.name} links outside the repository: {target}"
        assert path.exists(), f"{doc.name}: {target} is missing"
