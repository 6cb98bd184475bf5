#!/usr/bin/env bash
# Starts or stops a private, throwaway PostgreSQL cluster on loopback for the test suite.
#   scripts/postgres.sh start <folder>   prints the admin connection string on stdout
#   scripts/postgres.sh stop <folder>
#   scripts/postgres.sh halt|resume <folder>   stops the server keeping its data, and starts it again on the same port
#                                             (for tests of a database outage; never the suite's shared cluster)
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

# A random high port nobody listens on (bash only: a fresh machine may lack other tools).
free_port() {
  local candidate
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
  echo "no free port found" >&2; return 1
}

case "$action" in
  start)
    mkdir -p "$folder"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$folder"
    as_owner "$bin/initdb" --auth=trust --username=postgres --encoding=UTF8 -D "$folder/data" >"$folder/initdb.log" 2>&1
    # The port is free when picked but may be taken before the server binds it (other suites and tests pick ports
    # too): a start that fails is tried again on another port, a few times.
    for attempt in 1 2 3 4 5; do
      port=$(free_port)
      echo "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" >"$folder/options"
      if as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 -o "$(cat "$folder/options")" start >/dev/null; then
        echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20"
        exit 0
      fi
      echo "PostgreSQL did not start on port $port (attempt $attempt); trying another port" >&2
    done
    exit 1
    ;;
  halt)
    as_owner "$bin/pg_ctl" -D "$folder/data" -m fast -w -t 60 stop >/dev/null
    ;;
  resume)
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 -o "$(cat "$folder/options")" start >/dev/null
    ;;
  stop)
    [ -d "$folder/data" ] && as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
    ;;
  *) echo "usage: $0 start|stop|halt|resume <folder>" >&2; exit 2 ;;
esac
