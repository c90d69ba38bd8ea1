#!/usr/bin/env bash
# Install the runtime dependencies into .venv and serve the dashboard on the bundled data.
# Arguments go to `python -m dashboard`, e.g. `scripts/dashboard.sh --port 8060`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec .venv/bin/python -m dashboard "$@"
