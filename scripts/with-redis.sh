#!/usr/bin/env bash
# Run a command beside a throwaway redis-server on 127.0.0.1 (no persistence), removed afterwards.
# The command sees TEST_REDIS_URL. Without redis-server: the Redis tests are skipped (fails in CI).
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then
    echo "error: redis-server is not installed, and CI requires the Redis tests." >&2
    exit 1
  fi
  echo "note: redis-server is not installed; the Redis tests will be skipped (run 'make test' as root to install it)." >&2
  exec "$@"
fi
RDIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  [ -f "$RDIR/redis.pid" ] && kill "$(cat "$RDIR/redis.pid")" 2>/dev/null || true
  rm -rf "$RDIR"
}
trap cleanup EXIT
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$RDIR" \
  --daemonize yes --pidfile "$RDIR/redis.pid" --logfile "$RDIR/log"
for _ in $(seq 50); do
  redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
echo "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) running on 127.0.0.1:$PORT"
TEST_REDIS_URL="redis://127.0.0.1:$PORT/0" "$@"
