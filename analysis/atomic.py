"""Write a table so that readers see the old file or the new one, never half of either."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import pandas as pd


def write_csv_atomic(frame: pd.DataFrame, path: Path) -> None:
    """CSV with LF line ends, written to a temporary file beside `path`, then renamed over it."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
