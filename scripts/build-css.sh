#!/usr/bin/env bash
# Rebuild assets/01_bootstrap.min.css: Bootstrap 5.3.9's stylesheet trimmed by PurgeCSS to
# the rules the app uses (232 kB -> ~40 kB; parsing and matching the full sheet was a
# noticeable part of a phone's start-up). Needs Node.js and npm and the app's .venv; the
# result is committed, so running or testing the app does not need Node. Run it after
# using a Bootstrap class the app did not use before: tests/test_css_bundle.py fails until then.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pages="$(mktemp -d)"
trap 'rm -rf "$pages"' EXIT
cd "$repo"
.venv/bin/python scripts/css-bundle/pages.py "$pages"
cd scripts/css-bundle
npm install --no-audit --no-fund --silent
node build.mjs "$pages"
