#!/usr/bin/env python3
"""Feeds that keep only their newest items, as real feeds do, for the soak benchmark.

feedserver.py --rotate adds an item to every feed every K seconds and keeps all the old ones,
so its documents grow without bound. This writes the same synthetic items (feedserver.py's own
generator) into a folder that feedserver.py --dir serves, but each file holds only the newest
WINDOW items: every K seconds each feed gains one item and drops its oldest, so the stored items
grow while the documents stay the same size.

Usage: window_feeds.py SHARED_BENCH_DIR OUT_DIR BASE_URL FEEDS WINDOW ROTATE_SECONDS SECONDS
"""
import os
import sys
import time


def write_atomically(path, body):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(body)
    os.replace(tmp, path)


def main(argv):
    bench, out, base, feeds, window, rotate, seconds = argv[1:8]
    sys.path.insert(0, bench)
    import feedserver  # noqa: E402 (found through the path set just above)

    feeds, window, rotate, seconds = int(feeds), int(window), float(rotate), float(seconds)
    start = time.monotonic()
    step = -1
    made = {}  # (feed, index) -> item, so that each item is generated once
    while time.monotonic() - start < seconds:
        now = int((time.monotonic() - start) // rotate)
        if now != step:
            step = now
            newest = window + step
            for feed in range(feeds):
                made.pop((feed, newest - window - 1), None)
                items = []
                for i in range(newest - 1, newest - window - 1, -1):
                    if (feed, i) not in made:
                        made[(feed, i)] = feedserver.make_item("42", feed, i)
                    items.append(made[(feed, i)])
                title = feedserver.feed_title("42", feed)
                if feed % 2 == 0:
                    body = feedserver.render_rss(title, base, feed, items)
                else:
                    body = feedserver.render_atom(title, base, feed, items)
                write_atomically(os.path.join(out, "%d.xml" % feed), body)
            if step == 0:
                write_atomically(os.path.join(out, ".ready"), "")
        time.sleep(min(0.2, rotate / 10))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
