#!/usr/bin/env bash
# Install everything the tests need (Python packages and a headless Chromium), then run the
# lint/format check and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-venv.sh test

chromium=${CHROMIUM_PATH:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z $chromium ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installerar Chromium (Debian-paketen chromium och chromium-driver) ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "Chromium saknas. Installera det, t.ex. 'sudo apt-get install chromium chromium-driver'," >&2
    echo "eller peka ut en Chromium med CHROMIUM_PATH=/sökväg/till/chromium." >&2
    exit 1
  fi
fi

echo "== ruff (lint och format)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy (data and domain layers)"
.venv/bin/mypy
echo "== pytest"
exec .venv/bin/python -m pytest -p no:dash "$@"
