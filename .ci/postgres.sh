#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the tests; prints its URL.
# Installs Debian's PostgreSQL server if it is absent. Usage: eval "$(.ci/postgres.sh)"
set -euo pipefail
PORT="${SLANT_PG_PORT:-54329}"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "installing PostgreSQL server..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
data=$(mktemp -d /tmp/slant-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$data"
run "$bindir/initdb" -D "$data" -U postgres -A trust --no-sync >/dev/null
run "$bindir/pg_ctl" -D "$data" -l "$data/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $data -c fsync=off" start >/dev/null
echo "export SLANT_TEST_PG_URL=postgresql://postgres@127.0.0.1:$PORT/postgres"
echo "export SLANT_TEST_PG_DATA=$data"
