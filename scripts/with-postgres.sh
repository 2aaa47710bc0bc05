#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1, removed afterwards.
# The command sees TEST_DATABASE_URL. Without PostgreSQL: skipped with a reason (fails in CI).
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  if [ -n "${CI:-}" ]; then
    echo "error: PostgreSQL is not installed, and CI requires the PostgreSQL test run." >&2
    exit 1
  fi
  echo "SKIPPED: the PostgreSQL test run (PostgreSQL is not installed; run 'make test' as root to install it)." >&2
  exit 0
fi
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
PGDATA=$(mktemp -d)
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
trap cleanup EXIT
as_postgres "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDATA -c fsync=off -c max_connections=200" >/dev/null
as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres forum_test
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PORT"
TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/forum_test" "$@"
