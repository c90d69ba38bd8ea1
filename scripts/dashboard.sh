#!/usr/bin/env bash
# Install the project and its pinned runtime dependencies into .venv, then serve the dashboard on
# the bundled data.
# Arguments go to `python -m dashboard`, e.g. `scripts/dashboard.sh --port 8060`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/python -m dashboard "$@"
