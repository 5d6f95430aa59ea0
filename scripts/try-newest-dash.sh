#!/usr/bin/env bash
# Try the newest Dash 4.x (and the Dash packages it brings) against the contract tests and
# the unit tests, in a throw-away virtual environment; the project's .venv is not touched.
# The contract tests (tests/test_dash_contract.py) name what a Dash release changed that
# dashboard/web relies on. Exit code 0: the newest 4.x passes; constraints.txt can move.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
venv=$(mktemp -d)/venv
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
# Everything at its tested version except Dash itself.
grep -v -i -E '^dash==' constraints.txt > "$(dirname "$venv")/constraints.txt"
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  -c "$(dirname "$venv")/constraints.txt" -e ".[test]" "dash>=4,<5"
echo "Dash $("$venv/bin/python" -c 'import dash; print(dash.__version__)') (tested: $(grep -i '^dash==' constraints.txt))"
"$venv/bin/python" -m pytest -p no:dash -q tests/test_dash_contract.py
"$venv/bin/python" -m pytest -p no:dash -q -m unit
