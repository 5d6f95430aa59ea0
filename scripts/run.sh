#!/usr/bin/env bash
# Install what the app needs into .venv and serve it as in production: the Procfile's web
# line (gunicorn with gunicorn.conf.py and the Procfile's app), read from the Procfile, not
# copied, and bound to loopback on PORT (else DASHBOARD_PORT, else 8050; DASHBOARD_HOST for
# another address). Extra arguments go to gunicorn, e.g. `--workers 4`.
# For development, `.venv/bin/python -m dashboard` serves with Flask's development server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
host=${DASHBOARD_HOST:-127.0.0.1}
port=${PORT:-${DASHBOARD_PORT:-8050}}
web=$(sed -n 's/^web:[[:space:]]*//p' Procfile)
if [[ -z $web ]]; then
  echo "Procfile saknar raden web: – vet inte hur tjänsten ska startas." >&2
  exit 1
fi
bash scripts/setup-venv.sh
export PATH="$PWD/.venv/bin:$PATH"
url="http://$host:$port/"
echo "Startar instrumentpanelen med gunicorn, som i Procfile, på $url"
echo "(sidorna förbereds först; avsluta med Ctrl+C)"
# Say when it answers: gunicorn's master builds and warms the app before any worker answers
# (up to DASHBOARD_PREWARM_SECONDS), and gunicorn's own log lines are in English. $$ is this
# shell, which becomes gunicorn below: the watcher stops if gunicorn does.
(
  for _ in $(seq 1 240); do
    sleep 0.5
    kill -0 $$ 2>/dev/null || exit 0
    if .venv/bin/python -c "import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + '_halsa', timeout=2)" "$url" 2>/dev/null; then
      echo "Instrumentpanelen är redo: $url"
      exit 0
    fi
  done
) &
eval "exec $web --bind \"\$host:\$port\" \"\$@\""
