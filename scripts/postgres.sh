#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests: `scripts/postgres.sh start DIR`
# creates a cluster in DIR, starts it on a free port and prints its URL;
# `scripts/postgres.sh stop DIR` stops it. Uses Debian's postgresql binaries; as root,
# the server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

command=${1:?usage: scripts/postgres.sh start|stop DIR}
dir=${2:?usage: scripts/postgres.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "postgres: Debian's postgresql package is missing" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U runboard --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off" start >/dev/null
  echo "postgres://runboard@127.0.0.1:$port/postgres"
  ;;
stop)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  ;;
*)
  echo "usage: scripts/postgres.sh start|stop DIR" >&2
  exit 1
  ;;
esac
