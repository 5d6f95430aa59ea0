#!/usr/bin/env bash
# Install what the app needs into .venv and serve it on http://127.0.0.1:8050 (or
# DASHBOARD_HOST/DASHBOARD_PORT). Extra arguments go to `python -m dashboard`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-venv.sh
exec .venv/bin/python -m dashboard "$@"
