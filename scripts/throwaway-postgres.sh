#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster in a temporary folder on a free local port and prints
# the DATABASE_URL to use. Source it: `source scripts/throwaway-postgres.sh`; call
# `stop_throwaway_postgres` to stop and remove it (.ci/run does so even on failure).
set -euo pipefail

pg_bin_dir() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

PG_BIN="$(pg_bin_dir)"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL (initdb, pg_ctl) не найден. Установите пакет postgresql." >&2
  return 1 2>/dev/null || exit 1
fi

THROWAWAY_PG_DIR="$(mktemp -d /tmp/nastavnik-pg.XXXXXX)"
THROWAWAY_PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

# initdb refuses to run as root: use the postgres system user then.
as_pg_user() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = "0" ]; then chown postgres "$THROWAWAY_PG_DIR"; fi

as_pg_user "$PG_BIN/initdb" -D "$THROWAWAY_PG_DIR/data" -A trust -U nastavnik --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# The tests run side by side, each with its own database and connection pools (and live servers):
# 274 of them ran out of 400 connections («too many clients already»), so leave room.
as_pg_user "$PG_BIN/pg_ctl" -D "$THROWAWAY_PG_DIR/data" -l "$THROWAWAY_PG_DIR/server.log" -w \
  -o "-p $THROWAWAY_PG_PORT -k $THROWAWAY_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=1000 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
as_pg_user "$PG_BIN/createdb" -h 127.0.0.1 -p "$THROWAWAY_PG_PORT" -U nastavnik nastavnik

stop_throwaway_postgres() {
  if [ -n "${THROWAWAY_PG_DIR:-}" ] && [ -d "$THROWAWAY_PG_DIR" ]; then
    as_pg_user "$PG_BIN/pg_ctl" -D "$THROWAWAY_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$THROWAWAY_PG_DIR"
  fi
  # A later command in the same shell must not try the stopped cluster (a «SQLite» run once did).
  unset DATABASE_URL
}

export DATABASE_URL="postgres://nastavnik@127.0.0.1:$THROWAWAY_PG_PORT/nastavnik?sslmode=disable"
echo "PostgreSQL запущен: $DATABASE_URL"
