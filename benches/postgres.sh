#!/usr/bin/env bash
# SQLite beside PostgreSQL with 1 and 3 nodes: FEEDS feeds x ITEMS items (default 10,000 x 50)
# from ../shared/bench/feedserver.py on loopback, a cold pass (everything new) and a warm one
# (every feed answers 304). Prints wall seconds and items per second for each.
#   sqlite  fetch into a SQLite file
#   pg-fetch  fetch into PostgreSQL (one process)
#   pg-run-1, pg-run-3  that many `feedsentry run` nodes sharing the feeds, timed until every
#             feed has been polled (warm: after every feed is made due again)
# Usage: benches/postgres.sh   Env: FEEDS, ITEMS, SHARED (default ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
feeds=${FEEDS:-10000}
items=${ITEMS:-50}

cargo build --release
bin=$PWD/target/release/feedsentry
. .ci/postgres.sh
work=$(mktemp -d)
nodes=()
cleanup() { for pid in "${nodes[@]}"; do kill "$pid" 2>/dev/null || true; done; kill "${server:-}" 2>/dev/null || true; pg_stop; rm -rf "$work"; }
trap cleanup EXIT
pg_start
python3 "$shared/bench/feedserver.py" --feeds "$feeds" --items "$items" --format mixed \
  --port-file "$work/port" --max-seconds 7200 >"$work/server.out" 2>&1 &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")

# config NAME DATABASE NODE: a configuration in $work/NAME.toml. As in loopback.sh, per_host is
# lifted to the concurrency: every loopback feed shares one host.
config() {
  {
    printf '[storage]\ndatabase = "%s"\n' "$2"
    [ -n "${3:-}" ] && printf 'node = "%s"\n' "$3"
    printf '\n[poll]\nconcurrency = 16\nper_host = 16\ninterval = "1d"\nmax_interval = "2d"\n'
    for ((i = 0; i < feeds; i++)); do printf '\n[[feeds]]\nurl = "http://127.0.0.1:%s/feed/%d.xml"\n' "$port" "$i"; done
  } >"$work/$1.toml"
}

now() { date +%s.%N; }
# line WHAT PHASE T0 T1 N: wall time, and N per second (items when cold, feeds when warm)
line() { awk -v what="$1" -v phase="$2" -v t0="$3" -v t1="$4" -v n="$5" 'BEGIN { w = t1 - t0; unit = (phase == "cold" ? "items/s" : "feeds/s"); printf "%-9s %-5s wall %7.2f s  %8.0f %s\n", what, phase, w, (w > 0 ? n / w : 0), unit }'; }
total=$((feeds * items))

config sqlite "$work/fs.db"
for phase in cold warm; do
  t0=$(now); "$bin" --config "$work/sqlite.toml" fetch >/dev/null; t1=$(now)
  line sqlite "$phase" "$t0" "$t1" "$([ $phase = cold ] && echo $total || echo $feeds)"
done

db="${PG_URL%/postgres}/bench_fetch"
psql -q "$PG_URL" -c "CREATE DATABASE bench_fetch"
config pg-fetch "$db"
for phase in cold warm; do
  t0=$(now); "$bin" --config "$work/pg-fetch.toml" fetch >/dev/null; t1=$(now)
  line pg-fetch "$phase" "$t0" "$t1" "$([ $phase = cold ] && echo $total || echo $feeds)"
done

# waits until every feed has been polled since $1 (a PostgreSQL time)
settled() { until [ "$(psql -At "$db" -c "SELECT count(*) FROM feeds WHERE last_checked IS NULL OR last_checked < '$1'")" = 0 ]; do sleep 0.2; done; }
for n in 1 3; do
  db="${PG_URL%/postgres}/bench_run_$n"
  psql -q "$PG_URL" -c "CREATE DATABASE bench_run_$n"
  "$bin" --config "$work/pg-fetch.toml" migrate --from "$work/fs.db" --to "$db" >/dev/null
  psql -q "$db" -c "TRUNCATE items, item_feeds, item_keys, item_tags CASCADE; UPDATE feeds SET etag = NULL, last_modified = NULL, last_checked = NULL, next_due = NULL"
  nodes=()
  start=$(psql -At "$db" -c "SELECT now()")
  t0=$(now)
  for ((k = 1; k <= n; k++)); do
    config "node$k" "$db" "node$k"
    "$bin" --config "$work/node$k.toml" run 2>"$work/node$k.log" &
    nodes+=($!)
  done
  settled "$start"; t1=$(now)
  line "pg-run-$n" cold "$t0" "$t1" "$(psql -At "$db" -c 'SELECT count(*) FROM items')"
  start=$(psql -At "$db" -c "WITH due AS (UPDATE feeds SET next_due = now() RETURNING 1) SELECT now() FROM due LIMIT 1")
  t0=$(now); settled "$start"; t1=$(now)
  line "pg-run-$n" warm "$t0" "$t1" "$feeds"
  for pid in "${nodes[@]}"; do
    kill "$pid" 2>/dev/null || { echo "node $pid had stopped by itself:"; tail -n 3 "$work"/node*.log; }
    wait "$pid" || true
  done
  nodes=()
done
