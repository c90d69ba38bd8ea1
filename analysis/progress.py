"""Progress lines on stderr, so stdout carries only the headline."""

from __future__ import annotations

import sys


def progress(message: str) -> None:
    print(f"analysis: {message}", file=sys.stderr, flush=True)
