"""Fixtures shared by tests/analysis and tests/dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.livecopy import live_outputs


@pytest.fixture(scope="session")
def live_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The new-episode walkthrough's outputs (tests/analysis/livecopy.py), made once: the
    analysis tests read its tables and the browser tests serve them (neither writes there)."""
    return live_outputs(tmp_path_factory.mktemp("live"))
