//! Several daemons on one PostgreSQL database: three nodes share 300 rotating loopback feeds,
//! one is killed with SIGKILL mid-run, and the others take its feeds over once its leases run
//! out, without a feed ever fetched by two nodes at once or an item stored twice or lost.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::common::daemon::{Daemon, wait_until};
use crate::common::postgres::TestDatabase;
use crate::common::receiver::{Answer, Receiver};
use crate::common::server::{FeedServer, Request, Route};
use crate::common::{Project, http_get, rss, sample, scrape};

const FEEDS: usize = 300;
/// Items in each answer: every request moves the window on by one.
const WINDOW: usize = 5;
const LEASE: Duration = Duration::from_secs(4);
/// How long each answer takes: long enough that a killed node dies holding leases.
const ANSWER_DELAY: Duration = Duration::from_millis(100);

/// Feed `feed`'s answer to its `count`th request: its newest [`WINDOW`] items.
fn rotating(feed: usize, count: usize) -> Vec<u8> {
    let items: String = (count.saturating_sub(WINDOW - 1).max(1)..=count)
        .map(|n| {
            format!(
                "<item><title>Story {n} of feed {feed}</title><guid>f{feed}-{n}</guid>\
                 <link>https://news.example/f{feed}/{n}</link></item>"
            )
        })
        .collect();
    rss(&format!("Feed {feed}"), &items).into_bytes()
}

/// A node's project: the shared feeds and database, its own name and User-Agent.
fn node(name: &str, server: &FeedServer, db: &TestDatabase) -> Project {
    let feeds: String = (0..FEEDS)
        .map(|i| {
            format!(
                "[[feeds]]\nurl = \"{}\"\n",
                server.url(&format!("/f{i}.xml"))
            )
        })
        .collect();
    Project::with_config(&format!(
        "[storage]\ndatabase = \"{}\"\nnode = \"{name}\"\nlease = \"{}s\"\n\n\
         [poll]\ninterval = \"1s\"\nmin_interval = \"1s\"\ntimeout = \"3s\"\n\
         concurrency = 16\nshutdown_grace = \"5s\"\nuser_agent = \"{name}\"\n\n{feeds}",
        db.url,
        LEASE.as_secs()
    ))
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
        .with_timezone(&Utc)
}

/// The requests by feed path, in arrival order.
fn by_feed(requests: Vec<Request>) -> BTreeMap<String, Vec<Request>> {
    let mut feeds: BTreeMap<String, Vec<Request>> = BTreeMap::new();
    for request in requests {
        feeds.entry(request.path.clone()).or_default().push(request);
    }
    for list in feeds.values_mut() {
        list.sort_by_key(|r| r.arrived);
    }
    feeds
}

#[test]
fn three_nodes_share_the_feeds_and_take_over_a_killed_one() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let server = FeedServer::start();
    for i in 0..FEEDS {
        server.route(
            &format!("/f{i}.xml"),
            Route::SlowDynamic(ANSWER_DELAY, Box::new(move |count| rotating(i, count))),
        );
    }
    let projects: Vec<Project> = ["n1", "n2", "n3"]
        .iter()
        .map(|name| node(name, &server, &db))
        .collect();
    let mut nodes: Vec<Daemon> = projects.iter().map(Daemon::start).collect();
    let polled_by_all = |db: &TestDatabase| {
        db.count("SELECT count(DISTINCT last_node) FROM feeds") == 3
            && db.count("SELECT count(*) FROM feeds WHERE last_node IS NULL") == 0
    };
    // Three daemons start, migrate and poll: generous, since a loaded host can take minutes.
    wait_until(
        "every feed polled and every node at work",
        Duration::from_secs(180),
        || db.rows("SELECT to_regclass('feeds') IS NOT NULL")[0][0] == "t" && polled_by_all(&db),
    );

    nodes[1].kill_hard();
    let killed_at = Utc::now();
    let held: HashMap<String, DateTime<Utc>> = db
        .rows(
            "SELECT url, to_char(lease_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')
             FROM feeds WHERE claimed_by = 'n2'",
        )
        .into_iter()
        .map(|row| (row[0].rsplit('/').next().map(|p| format!("/{p}")).unwrap_or_default(), time(&row[1])))
        .collect();
    wait_until(
        "every feed polled again by the living nodes",
        Duration::from_secs(60),
        || {
            db.count(&format!(
                "SELECT count(*) FROM feeds WHERE last_node = 'n2' OR last_checked <= '{}'",
                killed_at.to_rfc3339()
            )) == 0
        },
    );
    for i in [0, 2] {
        nodes[i].signal("TERM");
        assert!(nodes[i].wait_exit(Duration::from_secs(30)).success());
    }

    let requests = by_feed(server.requests());
    assert_eq!(requests.len(), FEEDS, "every feed was requested");
    for (path, list) in &requests {
        for pair in list.windows(2) {
            assert!(
                pair[1].arrived >= pair[0].answered,
                "{path} was fetched by {:?} while {:?} was fetching it",
                pair[1].user_agent,
                pair[0].user_agent
            );
        }
        if let Some(lease_until) = held.get(path) {
            let next = list
                .iter()
                .find(|r| r.arrived > killed_at)
                .expect("the held feed was taken over");
            assert!(
                next.arrived >= *lease_until - chrono::Duration::milliseconds(100),
                "{path} was taken over at {} before n2's lease ran out at {lease_until}",
                next.arrived
            );
        }
    }

    let served: HashSet<String> = requests
        .iter()
        .flat_map(|(path, list)| {
            let feed: usize = path[2..path.len() - 4].parse().expect("feed number");
            (1..=list.len()).map(move |n| format!("f{feed}-{n}"))
        })
        .collect();
    let stored: Vec<String> = db
        .rows("SELECT guid FROM items")
        .into_iter()
        .map(|row| row[0].clone())
        .collect();
    let unique: HashSet<String> = stored.iter().cloned().collect();
    assert_eq!(stored.len(), unique.len(), "an item was stored twice");
    let missing: Vec<&String> = served.difference(&unique).take(5).collect();
    assert!(missing.is_empty(), "served but not stored: {missing:?}");
    assert_eq!(unique.len(), served.len());
    assert_eq!(
        db.count("SELECT count(*) FROM feeds WHERE claimed_by IS NOT NULL"),
        0
    );
}

/// Two nodes, one webhook: the node holding the notifier's lease sends; when it is killed, the
/// other takes the notifier over once the lease runs out. Every tagged item is sent once.
#[test]
fn two_nodes_send_each_notification_once_and_take_over_the_sender() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let attacks = [
        "Acme Corp hit by ransomware attack, systems offline",
        "Hackers breach Globex and steal customer data",
        "Initech confirms cyberattack disrupted its factories",
        "Contoso Bank hit by ransomware attack, branches closed",
        "Hackers breach Umbrella Health and steal patient data",
    ];
    let feed = |count: usize| {
        let items: String = attacks[..count]
            .iter()
            .enumerate()
            .map(|(n, t)| {
                crate::common::item(&format!("g{n}"), &format!("https://news.example/{n}"), t)
            })
            .collect();
        rss("News", &items)
    };
    let server = FeedServer::start();
    server.feed("/news.xml", feed(3));
    // A slow receiver: a second node sending meanwhile would send the same item again.
    let hook = Receiver::start(|_| Answer {
        delay: Duration::from_millis(1500),
        ..Answer::ok()
    });
    let projects: Vec<Project> = ["n1", "n2"]
        .iter()
        .map(|name| {
            Project::with_config(&format!(
                "[storage]\ndatabase = \"{}\"\nnode = \"{name}\"\nlease = \"3s\"\n\n\
                 [poll]\ninterval = \"1s\"\nmin_interval = \"1s\"\ntimeout = \"2s\"\n\
                 shutdown_grace = \"2s\"\n\n[[feeds]]\nurl = \"{}\"\nname = \"News\"\n\n\
                 [[notify]]\nname = \"siem\"\nkind = \"webhook\"\nurl = \"{}\"\n\
                 tags = [\"cyberattack\"]\n",
                db.url,
                server.url("/news.xml"),
                hook.url("/hook")
            ))
        })
        .collect();
    let mut nodes: Vec<Daemon> = projects.iter().map(Daemon::start).collect();
    let sent = |hook: &Receiver| -> Vec<i64> {
        hook.received()
            .iter()
            .map(|r| r.json()["item"]["id"].as_i64().expect("an item id"))
            .collect()
    };
    wait_until("three deliveries", Duration::from_secs(30), || {
        sent(&hook).len() >= 3
    });
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(sent(&hook).len(), 3, "each item once, from one node");

    let holder = db.rows("SELECT sender FROM notifiers WHERE name = 'siem'")[0][0].clone();
    let (dead, alive) = if holder == "n1" { (0, 1) } else { (1, 0) };
    nodes[dead].kill_hard();
    server.feed("/news.xml", feed(5));
    wait_until(
        "the other node sends the new items",
        Duration::from_secs(30),
        || sent(&hook).len() >= 5,
    );
    std::thread::sleep(Duration::from_secs(2));
    let ids = sent(&hook);
    let unique: HashSet<i64> = ids.iter().copied().collect();
    assert_eq!((ids.len(), unique.len()), (5, 5), "{ids:?}");
    assert_ne!(
        db.rows("SELECT sender FROM notifiers WHERE name = 'siem'")[0][0],
        holder,
        "the living node holds the notifier now"
    );
    nodes[alive].signal("TERM");
    assert!(nodes[alive].wait_exit(Duration::from_secs(20)).success());
}

/// A node on PostgreSQL serves `/metrics` (its polls; the group's feed states from the
/// database) and `/healthz`, and says in `STATUS=` which node it is.
#[test]
fn a_node_serves_metrics_health_and_its_name() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let server = FeedServer::start();
    server.feed("/a.xml", rotating(0, 3));
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"{}\"\nnode = \"solo\"\n\n[poll]\ninterval = \"1s\"\n\
         min_interval = \"1s\"\ntimeout = \"2s\"\n\n[metrics]\nlisten = \"127.0.0.1:0\"\n\n\
         [[feeds]]\nurl = \"{}\"\n[[feeds]]\nurl = \"{}\"\n",
        db.url,
        server.url("/a.xml"),
        server.url("/missing.xml")
    ));
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("node solo: polled", Duration::from_secs(30));
    let address = daemon.metrics_address(Duration::from_secs(30));
    wait_until("both feeds polled", Duration::from_secs(30), || {
        let scraped = scrape(&address);
        sample(&scraped, "feedsentry_feeds", &[("state", "ok")]) == 1.0
            && sample(&scraped, "feedsentry_feeds", &[("state", "failing")])
                + sample(&scraped, "feedsentry_feeds", &[("state", "backing_off")])
                == 1.0
    });
    // The feed states come from the database as soon as a pass commits; the node counts the
    // pass's items just after, so the counter may trail the states by a moment.
    wait_until("the new items counted", Duration::from_secs(30), || {
        sample(&scrape(&address), "feedsentry_items_new_total", &[]) == 3.0
    });
    let (status, body) = http_get(&address, "/healthz");
    assert!(status.contains("200"), "{status}: {body}");
    daemon.signal("TERM");
    assert!(daemon.wait_exit(Duration::from_secs(20)).success());
}

/// Two nodes store forty reports of one attack from forty feeds at once: they assign in turn,
/// so the reports make one incident, and an incident notifier sends it once.
#[test]
fn two_nodes_storing_one_story_make_one_incident() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    const OUTLETS: usize = 40;
    let server = FeedServer::start();
    for i in 0..OUTLETS {
        server.feed(
            &format!("/o{i}.xml"),
            rss(
                &format!("Outlet {i}"),
                &crate::common::item(
                    &format!("o{i}"),
                    &format!("https://outlet{i}.example/acme"),
                    "Acme Bank hit by ransomware attack, branches closed",
                ),
            ),
        );
    }
    let hook = Receiver::start(|_| Answer::ok());
    let feeds: String = (0..OUTLETS)
        .map(|i| {
            format!(
                "[[feeds]]\nurl = \"{}\"\n",
                server.url(&format!("/o{i}.xml"))
            )
        })
        .collect();
    let projects: Vec<Project> = ["n1", "n2"]
        .iter()
        .map(|name| {
            Project::with_config(&format!(
                "[storage]\ndatabase = \"{}\"\nnode = \"{name}\"\nlease = \"3s\"\n\n\
                 [poll]\ninterval = \"1h\"\ntimeout = \"2s\"\nconcurrency = 4\n\
                 shutdown_grace = \"2s\"\n\n\
                 [[notify]]\nname = \"desk\"\nkind = \"webhook\"\nurl = \"{}\"\n\
                 mode = \"incident\"\n\n{feeds}",
                db.url,
                hook.url("/hook")
            ))
        })
        .collect();
    let mut nodes: Vec<Daemon> = projects.iter().map(Daemon::start).collect();
    wait_until("the schema", Duration::from_secs(15), || {
        db.rows("SELECT to_regclass('item_incidents') IS NOT NULL")[0][0] == "t"
    });
    let assigned = || db.rows("SELECT count(*) FROM item_incidents")[0][0].clone();
    wait_until("every report assigned", Duration::from_secs(30), || {
        assigned() == OUTLETS.to_string()
    });
    wait_until("the incident sent", Duration::from_secs(15), || {
        !hook.received().is_empty()
    });
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        db.rows("SELECT item_count, feed_count FROM incidents"),
        [[OUTLETS.to_string(), OUTLETS.to_string()]],
        "one incident of every report"
    );
    assert_eq!(
        db.rows("SELECT count(DISTINCT last_node) FROM feeds")[0][0],
        "2",
        "both nodes stored reports"
    );
    assert_eq!(hook.received().len(), 1, "the incident is sent once");
    for node in &mut nodes {
        node.signal("TERM");
        assert!(node.wait_exit(Duration::from_secs(20)).success());
    }
}
