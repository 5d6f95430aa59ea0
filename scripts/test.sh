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

# PostgreSQL's server programs for the database store's tests: tests/postgres_server.py starts
# a throwaway cluster of its own, so the package is installed without the cluster and the
# service Debian would otherwise set up and start.
if [[ -n ${POSTGRES_BIN:-} ]]; then
  if [[ ! -x $POSTGRES_BIN/initdb ]]; then
    echo "POSTGRES_BIN=$POSTGRES_BIN saknar initdb (PostgreSQL:s serverprogram)." >&2
    exit 1
  fi
elif ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && ! command -v initdb >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installerar PostgreSQL (Debian-paketet postgresql, ingen databas startas) ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-common >/dev/null
    # Debian's way to get no main cluster: say so before the server package is installed.
    conf=/etc/postgresql-common/createcluster.conf
    sed -i '/^[# ]*create_main_cluster/d' "$conf"
    echo "create_main_cluster = false" >>"$conf"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL saknas. Installera det, t.ex. 'sudo apt-get install postgresql'," >&2
    echo "eller peka ut serverprogrammen med POSTGRES_BIN=/usr/lib/postgresql/15/bin." >&2
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
