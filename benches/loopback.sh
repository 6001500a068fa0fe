#!/usr/bin/env bash
# Loopback benchmarks, with ../shared/bench beside the project:
#   1. feedsentry side by side with newsboat (N x M feeds, default 500 x 100);
#   2. 10,000 feeds x 50 items: a cold fetch and a warm one, with wall, CPU and peak RSS.
# Usage: benches/loopback.sh [side|ten|all]   (default all)
# Env: N, M, REPS (side by side), FEEDS, ITEMS (the large run), SHARED (default ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
what=${1:-all}

cargo build --release
bin=$PWD/target/release/feedsentry
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

if [ "$what" = side ] || [ "$what" = all ]; then
  "$shared/bench/feedsentry-vs-newsboat.sh" "${N:-500}" "${M:-100}" "$bin"
fi

if [ "$what" = ten ] || [ "$what" = all ]; then
  feeds=${FEEDS:-10000}
  items=${ITEMS:-50}
  work=$(mktemp -d)
  python3 "$shared/bench/feedserver.py" --feeds "$feeds" --items "$items" --format mixed \
    --port-file "$work/port" --max-seconds 3600 >"$work/server.out" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
  port=$(cat "$work/port")
  # All loopback feeds share one host, which real feed lists do not: per_host is lifted to the
  # global concurrency so that the run measures feedsentry, not a politeness limit.
  {
    printf '[storage]\ndatabase = "%s/fs.db"\n\n[poll]\nconcurrency = 16\nper_host = 16\n' "$work"
    for ((i = 0; i < feeds; i++)); do printf '\n[[feeds]]\nurl = "http://127.0.0.1:%s/feed/%d.xml"\n' "$port" "$i"; done
  } >"$work/feedsentry.toml"
  for phase in cold warm; do
    /usr/bin/time -f "$phase: wall %e s, cpu %U+%S s, peak rss %M KB" \
      "$bin" --config "$work/feedsentry.toml" fetch 2>"$work/$phase.err" | tail -1
    tail -1 "$work/$phase.err"
  done
  echo "items stored: $("$bin" --config "$work/feedsentry.toml" items --format json | wc -l)"
fi
