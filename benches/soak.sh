#!/usr/bin/env bash
# Soak: `feedsentry run` against feeds that gain an item every few seconds (feedserver.py
# --rotate), with the daemon's RSS sampled every 30 s. Prints one line per sample.
# Env: MINUTES (10), FEEDS (300), ITEMS (50), ROTATE seconds (5), SHARED (../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
minutes=${MINUTES:-10}
feeds=${FEEDS:-300}
cargo build --release
bin=$PWD/target/release/feedsentry
work=$(mktemp -d)
python3 "$shared/bench/feedserver.py" --feeds "$feeds" --items "${ITEMS:-50}" --format mixed \
  --rotate "${ROTATE:-5}" --port-file "$work/port" --max-seconds $((minutes * 60 + 120)) >"$work/server.out" 2>&1 &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
{
  printf '[storage]\ndatabase = "%s/fs.db"\n\n[poll]\ninterval = "10s"\nmin_interval = "10s"\nconcurrency = 16\nper_host = 16\nwatch_config = false\n\n[log]\nlevel = "warn"\n' "$work"
  for ((i = 0; i < feeds; i++)); do printf '\n[[feeds]]\nurl = "http://127.0.0.1:%s/feed/%d.xml"\n' "$port" "$i"; done
} >"$work/feedsentry.toml"
"$bin" --config "$work/feedsentry.toml" run 2>"$work/daemon.err" &
daemon=$!
trap 'kill $daemon $server 2>/dev/null; rm -rf "$work"' EXIT
for ((t = 30; t <= minutes * 60; t += 30)); do
  sleep 30
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$daemon/status")
  items=$(sqlite3 -readonly "$work/fs.db" 'select count(*) from items' 2>/dev/null || echo '?')
  echo "t=${t}s rss=${rss}KB items=${items}"
done
kill -TERM $daemon
wait $daemon && echo "daemon stopped cleanly"
