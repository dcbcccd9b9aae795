#!/usr/bin/env bash
# Start the task worker and the web server (gunicorn, settings in gunicorn.conf.py) on http://127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
echo
echo "gemcell is starting on http://127.0.0.1:5000  (Ctrl-C stops it)"
echo "Demo logins: admin, prabhari (In-charge), samikshak (reviewer), shasan (Government),"
echo "             nodal.health, nodal.pwd, nodal.basic (nodal officers) — password: gemcell-demo-2026"
echo
"$BIN/huey_consumer" gemcell.tasks.huey --workers 2 --worker-type thread --logfile instance/worker.log &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
"$BIN/gunicorn" --config gunicorn.conf.py wsgi:app
