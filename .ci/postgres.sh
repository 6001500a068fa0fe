# A throwaway PostgreSQL cluster, for .ci/run and benches/postgres.sh (source this file).
# pg_start installs PostgreSQL from the distribution's packages when missing, runs a cluster as
# an unprivileged user in a temp dir on a free loopback port, and sets PG_URL to a role that
# may create databases; pg_stop stops it and removes the dir.

pg_start() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$pg_bin" ]; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq postgresql postgresql-contrib >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  pg_dir=$(mktemp -d)
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_as "$pg_bin/initdb" -D "$pg_dir/data" -U feedsentry --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 ${PG_OPTIONS:-}" start >/dev/null
  PG_URL="postgres://feedsentry@127.0.0.1:$port/postgres"
  "$pg_bin/postgres" --version
}

pg_stop() {
  [ -n "${pg_dir:-}" ] || return 0
  pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  pg_dir=""
}

# initdb refuses to run as root: root runs the cluster as the packages' postgres user.
pg_as() {
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres "$pg_dir"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
