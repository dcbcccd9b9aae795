#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server: start one on a free local port, create a database, export
# TEST_DATABASE_URL, run "$@", then stop the server and remove its files (also on failure or Ctrl-C).
set -euo pipefail
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PG_BIN" ]; then echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; fi
WORK=$(mktemp -d /tmp/gemcell-pg.XXXXXX)
mkdir -p "$WORK/data" "$WORK/sock"
chmod 755 "$WORK"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres:postgres "$WORK"
  as_pg=(runuser -u postgres --)
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cleanup() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
"${as_pg[@]}" "$PG_BIN/initdb" -D "$WORK/data" --auth=trust -E UTF8 --locale=C.UTF-8 -U postgres >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/data/server.log" -w \
  -o "-p $PORT -k $WORK/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres gemcell_test
export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/gemcell_test"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PORT"
"$@"
