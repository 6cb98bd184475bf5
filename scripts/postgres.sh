#!/usr/bin/env bash
# Starts or stops a private, throwaway PostgreSQL cluster on loopback for the test suite.
#   scripts/postgres.sh start <folder>   prints the admin connection string on stdout
#   scripts/postgres.sh stop <folder>
# Trust auth on 127.0.0.1 only, its own free port and socket folder: it never touches a system cluster.
set -euo pipefail
action=${1:?start or stop}
folder=${2:?folder}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install -y postgresql)" >&2; exit 1; }

# PostgreSQL refuses to run as root; run it as the postgres user the Debian package creates.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$folder"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$folder"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    as_owner "$bin/initdb" --auth=trust --username=postgres --encoding=UTF8 -D "$folder/data" >"$folder/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
      -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20"
    ;;
  stop)
    [ -d "$folder/data" ] && as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
    ;;
  *) echo "usage: $0 start|stop <folder>" >&2; exit 2 ;;
esac
