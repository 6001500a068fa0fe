//! Faults on our own side: the daemon killed mid-write, a reader holding a long transaction.

use std::time::Duration;

use crate::common::daemon::{Daemon, wait_until};
use crate::common::server::{FeedServer, Route};
use crate::common::{Project, item, rss};

const ITEMS_PER_FETCH: i64 = 2000;

/// A feed that sends `ITEMS_PER_FETCH` new items on every request.
fn growing_feed(server: &FeedServer, path: &str) {
    let prefix = path.trim_matches('/').to_string();
    server.route(
        path,
        Route::Dynamic(Box::new(move |n| {
            let items: String = (0..ITEMS_PER_FETCH)
                .map(|i| {
                    item(
                        &format!("{prefix}-{n}-{i}"),
                        &format!("https://growing.example/{prefix}/{n}/{i}"),
                        &format!("Story {n} {i}"),
                    )
                })
                .collect();
            rss("Growing", &items).into_bytes()
        })),
    );
}

/// Pseudo-random delays without a dependency: a linear congruential generator.
struct Delays(u64);

impl Delays {
    fn next(&mut self, low_ms: u64, high_ms: u64) -> Duration {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        Duration::from_millis(low_ms + (self.0 >> 33) % (high_ms - low_ms))
    }
}

#[test]
fn kill_9_in_the_middle_of_writing_never_leaves_half_a_fetch() {
    let server = FeedServer::start();
    let paths = ["/one.xml", "/two.xml", "/three.xml"];
    for path in paths {
        growing_feed(&server, path);
    }
    let feeds: String = paths
        .iter()
        .map(|p| format!("[[feeds]]\nurl = \"{}\"\n\n", server.url(p)))
        .collect();
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n[poll]\ninterval = \"1s\"\nmin_interval = \"1s\"\nwatch_config = false\nmax_items = 100000\n\n{feeds}"
    ));
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.as_nanos() as u64);
    let mut delays = Delays(seed);
    for round in 0..6 {
        let mut daemon = Daemon::start(&project);
        std::thread::sleep(delays.next(150, 1500));
        daemon.kill_hard();
        let db = project.db();
        let check: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity check");
        assert_eq!(check, "ok", "round {round} (seed {seed})");
        if project.count("PRAGMA user_version") == 0 {
            // Killed before its first migration committed: nothing at all may be left behind.
            let objects = project.count("SELECT count(*) FROM sqlite_master");
            assert_eq!(objects, 0, "round {round} (seed {seed}): half a migration");
            continue;
        }
        let mut per_feed = db.prepare("SELECT f.url, count(x.item_id) FROM feeds f LEFT JOIN item_feeds x ON x.feed_id = f.id GROUP BY f.id").expect("query");
        let counts: Vec<(String, i64)> = per_feed
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows");
        for (url, count) in counts {
            assert_eq!(
                count % ITEMS_PER_FETCH,
                0,
                "round {round} (seed {seed}): {url} holds {count} items, part of a fetch"
            );
        }
    }
    // Zero when every round was killed before the schema existed.
    let before = match project.count("PRAGMA user_version") {
        0 => 0,
        _ => project.count("SELECT count(*) FROM items"),
    };
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", Duration::from_secs(20));
    wait_until(
        "the next start to store more",
        Duration::from_secs(30),
        || project.count("SELECT count(*) FROM items") >= before + 3 * ITEMS_PER_FETCH,
    );
    daemon.signal("TERM");
    assert_eq!(daemon.wait_exit(Duration::from_secs(15)).code(), Some(0));
}

#[test]
fn a_long_reader_never_makes_the_writer_fail_and_checkpoints_catch_up() {
    let server = FeedServer::start();
    growing_feed(&server, "/grow.xml");
    let project = Project::new("max_items = 100000", &[server.url("/grow.xml")]);
    project.fetch();
    let reader = project.db();
    reader.execute_batch("BEGIN").expect("begin");
    let seen: i64 = reader
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .expect("read");
    assert_eq!(seen, ITEMS_PER_FETCH);
    for _ in 0..3 {
        let out = project.fetch();
        assert!(
            out.contains(&format!("new {ITEMS_PER_FETCH}, updated 0")),
            "{out}"
        );
    }
    let still: i64 = reader
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .expect("read");
    assert_eq!(still, ITEMS_PER_FETCH, "the reader keeps its snapshot");
    reader.execute_batch("COMMIT").expect("end the read");
    drop(reader);
    project.fetch();
    assert_eq!(
        project.count("SELECT count(*) FROM items"),
        5 * ITEMS_PER_FETCH
    );
    let wal = project.database().with_extension("db-wal");
    let wal_size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(
        wal_size, 0,
        "the last writer to close checkpoints the whole WAL"
    );
}
