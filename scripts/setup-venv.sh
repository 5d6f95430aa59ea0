#!/usr/bin/env bash
# Create .venv (if needed) and install the project with the given extras. Sourced by the
# run and test scripts so both commands work on a fresh Debian machine with Python 3.11+.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
extras=${1:-}
py=${PYTHON:-python3}
if ! "$py" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "Python 3.11 eller senare behövs (hittade: $($py --version 2>&1))." >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  if ! "$py" -m venv .venv 2>/dev/null; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      rm -rf .venv && "$py" -m venv .venv
    else
      echo "Kan inte skapa en virtuell miljö: installera paketet python3-venv." >&2
      exit 1
    fi
  fi
fi
stamp=".venv/.installed${extras:+-$extras}"
fresh() { [[ -f $1 && ! pyproject.toml -nt $1 && ! constraints.txt -nt $1 ]]; }
# What the test command installed (the test extra holds geo, and both the app's own
# packages) also serves the run command: no second install, and none needing the network.
covered=false
for have in "$stamp" $([[ -z $extras || $extras == geo ]] && echo .venv/.installed-test) \
            $([[ -z $extras ]] && echo .venv/.installed-geo); do
  if fresh "$have"; then covered=true; fi
done
if ! $covered; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  # The tested versions (constraints.txt), not whatever is newest today.
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt \
    -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
