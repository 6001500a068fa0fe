#!/usr/bin/env bash
# Soak: `feedsentry run` against feeds that gain an item every few seconds, with the daemon's
# RSS sampled every 30 s. Prints one line per sample, with the heap and file parts of the RSS.
#   SHAPE=window (the default): every feed keeps its newest ITEMS items, as real feeds do, so
#     the documents keep their size while the stored items grow (benches/window_feeds.py
#     writes them, feedserver.py --dir serves them).
#   SHAPE=grow: feedserver.py --rotate, whose feeds keep every old item, so each document
#     grows by an item every ROTATE seconds for the whole run.
# Env: SHAPE (window), MINUTES (10), FEEDS (300), ITEMS (50), ROTATE seconds (5),
#      SHARED (../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
mode=${SHAPE:-window}
minutes=${MINUTES:-10}
count=${FEEDS:-300}
items=${ITEMS:-50}
rotate=${ROTATE:-5}
cargo build --release
bin=$PWD/target/release/feedsentry
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
seconds=$((minutes * 60 + 120))
case $mode in
  window)
    mkdir "$work/feeds"
    python3 "$shared/bench/feedserver.py" --dir "$work/feeds" --port-file "$work/port" \
      --max-seconds "$seconds" >"$work/server.out" 2>&1 &
    pids+=($!)
    ;;
  grow)
    python3 "$shared/bench/feedserver.py" --feeds "$count" --items "$items" --format mixed \
      --rotate "$rotate" --port-file "$work/port" --max-seconds "$seconds" >"$work/server.out" 2>&1 &
    pids+=($!)
    ;;
  *) echo "SHAPE is window or grow, not $mode" >&2; exit 2 ;;
esac
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
if [ "$mode" = window ]; then
  python3 benches/window_feeds.py "$shared/bench" "$work/feeds" "http://127.0.0.1:$port" \
    "$count" "$items" "$rotate" "$seconds" &
  pids+=($!)
  for _ in $(seq 300); do [ -e "$work/feeds/.ready" ] && break; sleep 0.1; done
  path=static
else
  path=feed
fi
{
  printf '[storage]\ndatabase = "%s/fs.db"\n\n[poll]\ninterval = "10s"\nmin_interval = "10s"\nconcurrency = 16\nper_host = 16\nwatch_config = false\n\n[log]\nlevel = "warn"\n' "$work"
  for ((i = 0; i < count; i++)); do printf '\n[[feeds]]\nurl = "http://127.0.0.1:%s/%s/%d.xml"\n' "$port" "$path" "$i"; done
} >"$work/feedsentry.toml"
"$bin" --config "$work/feedsentry.toml" run 2>"$work/daemon.err" &
daemon=$!
pids+=("$daemon")
for ((t = 30; t <= minutes * 60; t += 30)); do
  sleep 30
  # Resident memory in all, and its parts: the heap and stacks (anon), and mapped files
  # (file: the binary, its libraries and SQLite's -shm WAL index).
  rss=$(awk '/^(VmRSS|RssAnon|RssFile):/ {printf "%s%s", sep, $2; sep=" "}' "/proc/$daemon/status")
  read -r total anon file <<<"$rss"
  stored=$(sqlite3 -readonly "$work/fs.db" 'select count(*) from items' 2>/dev/null || echo '?')
  echo "t=${t}s rss=${total}KB anon=${anon}KB file=${file}KB items=${stored}"
done
kill -TERM "$daemon"
wait "$daemon" && echo "daemon stopped cleanly"
