#!/usr/bin/env bash
# make load (through scripts/with-postgres.sh, which exports TEST_DATABASE_URL): the month-end rush against gunicorn
# and PostgreSQL on 127.0.0.1. Fills the database with `flask gemcell synth` (LOAD_SCALE, default state), runs the
# scrutiny and issues directions (their PDFs), starts gunicorn (gunicorn.conf.py), measures the health route's
# saturated throughput with wrk, warms the server (LOAD_WARMUP, default 60s, not counted), runs the month-end mix with
# Locust (LOAD_USERS, default 100, arriving LOAD_ARRIVALS a second, default 5, for LOAD_DURATION, default 5m), then
# the same mix without pauses (saturation, LOAD_SATURATION, default 60s, counted from when the last user has started:
# the sign-ins are mostly over by then), measures the health route again (the ratio is taken against the faster of
# the two), and prints the report.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
LOCUST=.venv-load/bin/locust
SCALE=${LOAD_SCALE:-state}
USERS=${LOAD_USERS:-100}
DURATION=${LOAD_DURATION:-5m}
SATURATION=${LOAD_SATURATION:-60s}
ARRIVALS=${LOAD_ARRIVALS:-5}
WARMUP=${LOAD_WARMUP:-60s}
WORK=$(mktemp -d /tmp/gemcell-load.XXXXXX)
export DATABASE_URL="$TEST_DATABASE_URL" GEMCELL_INSTANCE="$WORK/instance" FLASK_APP=wsgi.py
export SECRET_KEY="load-test-$RANDOM$RANDOM"
mkdir -p "$GEMCELL_INSTANCE"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
URL="http://127.0.0.1:$PORT"
GUNICORN=
cleanup() { [ -n "$GUNICORN" ] && kill "$GUNICORN" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

seconds() { local start=$1; echo $(( $(date +%s) - start )); }
start=$(date +%s)
"$BIN/flask" db upgrade >/dev/null 2>&1
"$BIN/flask" gemcell synth --scale "$SCALE" --seed 1 --logins "$WORK/logins.csv" | tail -3
echo "synth --scale $SCALE: $(seconds "$start") s" | tee "$WORK/setup.txt"
start=$(date +%s)
"$BIN/flask" gemcell scrutinise --all --json >/dev/null
echo "scrutiny of the whole State: $(seconds "$start") s" | tee -a "$WORK/setup.txt"
"$BIN/python" load/prepare.py 20
# as after any bulk load: the visibility map and statistics made now (counts read indexes alone), not by autovacuum
# during the measurement
start=$(date +%s)
"$BIN/python" -c 'import os, psycopg; psycopg.connect(os.environ["TEST_DATABASE_URL"], autocommit=True).execute("VACUUM ANALYZE")'
echo "database vacuumed and analysed: $(seconds "$start") s" | tee -a "$WORK/setup.txt"

# gunicorn as gunicorn.conf.py sets it; KEEPALIVE: seconds connections are kept (the config's default without it)
start_gunicorn() {
  GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_ACCESSLOG= GUNICORN_KEEPALIVE="${1:-${GUNICORN_KEEPALIVE:-0}}" \
    "$BIN/gunicorn" --config gunicorn.conf.py wsgi:app >>"$WORK/gunicorn.log" 2>&1 &
  GUNICORN=$!
  for _ in $(seq 60); do curl -fs "$URL/health" >/dev/null && break; sleep 1; done
}
stop_gunicorn() { kill "$GUNICORN" 2>/dev/null || echo "gunicorn had stopped" >&2; wait "$GUNICORN" 2>/dev/null || true; GUNICORN=; }

# the trivial route at its fastest: wrk's connections kept open (the app closes them after each request, which
# would make this route slower and the ratio below look better than it is)
start_gunicorn 5
echo "gunicorn on $URL: $(grep -c 'Booting worker' "$WORK/gunicorn.log") workers"
echo "1. the trivial route (/health/live), saturated (wrk, 20 s, connections kept)"
wrk -t2 -c64 -d20s "$URL/health/live" | tee "$WORK/health.txt"
stop_gunicorn
start_gunicorn
# a server in the month-end rush has been serving for hours: its workers have compiled their templates, opened their
# database connections and kept the State's figures. A minute of the mix by a few users, not counted, does that here
echo "   warming up: the mix by 10 users for $WARMUP (not counted)"
LOAD_LOGINS="$WORK/logins.csv" LOAD_THINK=0 "$LOCUST" -f load/locustfile.py --headless --host "$URL" \
  -u 10 -r 10 -t "$WARMUP" --only-summary >/dev/null 2>&1 || true
# users arrive 5 a second (all within the first 20 s): each sign-in checks an Argon2id hash, 16 ms of CPU, and a hundred
# in five seconds would measure that storm rather than the month-end's work
echo "2. the month-end mix: $USERS users for $DURATION, arriving $ARRIVALS a second"
LOAD_LOGINS="$WORK/logins.csv" LOAD_THINK=2 "$LOCUST" -f load/locustfile.py --headless --host "$URL" \
  -u "$USERS" -r "$ARRIVALS" -t "$DURATION" --csv "$WORK/mix" --only-summary 2>&1 | tail -5 || true
echo "3. the same mix without pauses: $USERS users for $SATURATION, counted from when the last has started"
LOAD_LOGINS="$WORK/logins.csv" LOAD_THINK=0 "$LOCUST" -f load/locustfile.py --headless --host "$URL" \
  -u "$USERS" -r 50 -t "$SATURATION" --reset-stats --csv "$WORK/saturated" --only-summary 2>&1 | tail -5 || true
# the trivial route again: the machine's speed varies within a run, and the ratio is taken against the faster of the two
stop_gunicorn
start_gunicorn 5
echo "4. the trivial route again, after the mix"
wrk -t2 -c64 -d20s "$URL/health/live" | tee "$WORK/health-after.txt"
"$BIN/python" load/report.py "$WORK"
