"""The production entry point: `gunicorn dashboard.app:server`.

Each worker loads the processed tables once and precomputes every selection at import.
DASHBOARD_PROCESSED points at another processed folder (benchmarks, previews).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from dashboard.context import build_context
from dashboard.data import PROCESSED_DIR, is_stale, load_tables
from dashboard.factory import create_app

processed = Path(os.environ.get("DASHBOARD_PROCESSED", PROCESSED_DIR))
if is_stale(processed_dir=processed):
    logging.getLogger(__name__).warning(
        "%s does not match data/raw; run `python -m analysis` or `python -m dashboard`", processed
    )
app = create_app(build_context(load_tables(processed)))
server = app.server
