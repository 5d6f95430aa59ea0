#!/usr/bin/env bash
# Rebuild the partial plotly.js bundle in assets/ (needs Node.js and npm; the result is
# committed, so running or testing the app does not need Node). Dash skips its own 4.7 MB
# plotly.js when window.Plotly exists. Add a trace type in entry.js when a figure needs one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/plotly-bundle"
npm install --no-audit --no-fund --silent
npm run --silent build
ls -l ../../assets/00_plotly-dashboard.min.js
