//! `feedsentry run` as a real process: readiness, scheduling, reload, throttling, shutdown.

use std::time::Duration;

use crate::common::daemon::{Daemon, wait_until};
use crate::common::server::{FeedServer, Route};
use crate::common::{Project, fixture, http_get, sample, scrape};

/// Short intervals through configuration values, as a deployment could set them.
const FAST: &str = "interval = \"2s\"\nmin_interval = \"1s\"\ntimeout = \"5s\"\nshutdown_grace = \"3s\"\nwatch_config = false";
const LONG: Duration = Duration::from_secs(20);

fn config_text(poll: &str, urls: &[String]) -> String {
    let feeds: String = urls
        .iter()
        .map(|u| format!("[[feeds]]\nurl = \"{u}\"\n\n"))
        .collect();
    format!("[storage]\ndatabase = \"fs.db\"\n\n[poll]\n{poll}\n\n{feeds}")
}

fn stop_cleanly(daemon: &mut Daemon, project: &Project) {
    daemon.signal("TERM");
    let status = daemon.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "stderr: {:?}", daemon.stderr());
    assert_eq!(
        project
            .db()
            .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .expect("check"),
        "ok"
    );
}

#[test]
fn daemon_notifies_ready_and_polls_again_after_the_interval() {
    let server = FeedServer::start();
    server.feed("/atom.xml", fixture("atom.xml"));
    let project = Project::with_config(&config_text(FAST, &[server.url("/atom.xml")]));
    let mut daemon = Daemon::start(&project);
    let notes = daemon.wait_for_note("READY=1", LONG).to_vec();
    assert!(
        notes.iter().any(|n| n.contains("STATUS=1 feeds")),
        "{notes:?}"
    );
    wait_until("three polls", LONG, || {
        server.requests_to("/atom.xml").len() >= 3
    });
    let requests = server.requests_to("/atom.xml");
    assert!(
        requests[1].if_none_match.is_some() && requests[1].status == 304,
        "re-polls are conditional"
    );
    assert_eq!(project.count("SELECT count(*) FROM items"), 2);
    daemon.wait_for_note("last pass: 1 polled", LONG);
    stop_cleanly(&mut daemon, &project);
    daemon.wait_for_note("STOPPING=1", LONG);
    let log = daemon.stderr().join("\n");
    assert!(log.contains("fetched") && log.contains("new=2"), "{log}");
    assert!(log.contains("pass done"), "{log}");
}

#[test]
fn sighup_adds_and_removes_feeds_and_survives_a_bad_config() {
    let server = FeedServer::start();
    for path in ["/a.xml", "/b.xml", "/c.xml"] {
        server.feed(path, fixture("rss1.rdf"));
    }
    let project = Project::with_config(&config_text(
        FAST,
        &[server.url("/a.xml"), server.url("/b.xml")],
    ));
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("a and b polled", LONG, || {
        !server.requests_to("/a.xml").is_empty() && !server.requests_to("/b.xml").is_empty()
    });

    std::fs::write(
        project.config(),
        config_text(FAST, &[server.url("/b.xml"), server.url("/c.xml")]),
    )
    .expect("edit config");
    daemon.signal("HUP");
    daemon.wait_for_note("RELOADING=1", LONG);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("c polled", LONG, || {
        !server.requests_to("/c.xml").is_empty()
    });
    // A poll of a that was already running when the reload came may still land.
    std::thread::sleep(Duration::from_millis(1500));
    let a_after_reload = server.requests_to("/a.xml").len();
    let b_after_reload = server.requests_to("/b.xml").len();
    wait_until("b polled twice more", LONG, || {
        server.requests_to("/b.xml").len() >= b_after_reload + 2
    });
    assert_eq!(
        server.requests_to("/a.xml").len(),
        a_after_reload,
        "a removed feed is not polled"
    );

    std::fs::write(project.config(), "[poll]\ninterval = \"2s\"\nbogus = 1\n")
        .expect("break config");
    daemon.signal("HUP");
    let c_before = server.requests_to("/c.xml").len();
    wait_until("c still polled", LONG, || {
        server.requests_to("/c.xml").len() >= c_before + 2
    });
    assert!(daemon.is_running());
    let log = daemon.stderr().join("\n");
    let expected = format!("{}:3:1", project.config().display());
    assert!(
        log.contains("configuration not reloaded") && log.contains(&expected),
        "{log}"
    );
    daemon.wait_for_note(
        &format!("STATUS=configuration reload failed: {expected}"),
        LONG,
    );
    std::fs::write(project.config(), config_text(FAST, &[server.url("/c.xml")]))
        .expect("fix config");
    daemon.signal("HUP");
    let notes = daemon.wait_for_note("READY=1", LONG).to_vec();
    let last = notes.last().expect("a note");
    assert!(
        last.contains("STATUS=") && !last.contains("reload failed"),
        "a good file clears the failure: {last}"
    );
    stop_cleanly(&mut daemon, &project);
}

#[test]
fn retry_after_delays_a_throttled_feed_and_gone_feeds_stop() {
    let server = FeedServer::start();
    server.feed("/ok.xml", fixture("atom.xml"));
    server.route(
        "/throttled.xml",
        Route::Status {
            code: 429,
            headers: vec![("Retry-After".into(), "120".into())],
        },
    );
    server.route(
        "/gone.xml",
        Route::Status {
            code: 410,
            headers: vec![],
        },
    );
    let project = Project::with_config(&config_text(
        FAST,
        &[
            server.url("/ok.xml"),
            server.url("/throttled.xml"),
            server.url("/gone.xml"),
        ],
    ));
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("ok polled four times", LONG, || {
        server.requests_to("/ok.xml").len() >= 4
    });
    assert_eq!(
        server.requests_to("/throttled.xml").len(),
        1,
        "Retry-After: 120 is honoured"
    );
    assert_eq!(
        server.requests_to("/gone.xml").len(),
        1,
        "a 410 feed is not polled again"
    );
    let next_due: String = project
        .db()
        .query_row(
            "SELECT next_due FROM feeds WHERE url LIKE '%throttled.xml'",
            [],
            |r| r.get(0),
        )
        .expect("feed row");
    let due = chrono::DateTime::parse_from_rfc3339(&next_due).expect("ISO time");
    assert!(
        due.timestamp() - chrono::Utc::now().timestamp() > 100,
        "due {next_due}"
    );
    assert_eq!(
        project.count("SELECT gone FROM feeds WHERE url LIKE '%gone.xml'"),
        1
    );
    let log = daemon.stderr().join("\n");
    assert!(log.contains("410 Gone"), "{log}");
    stop_cleanly(&mut daemon, &project);
}

#[test]
fn sigterm_lets_a_running_poll_finish_within_the_grace_period() {
    let server = FeedServer::start();
    server.route(
        "/slow.xml",
        Route::Delayed(Duration::from_secs(2), fixture("rss2.xml").into_bytes()),
    );
    let project = Project::with_config(&config_text(FAST, &[server.url("/slow.xml")]));
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("the slow poll to start", LONG, || {
        server.arrived("/slow.xml") > 0
    });
    let started = std::time::Instant::now();
    stop_cleanly(&mut daemon, &project);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(1500),
        "waited for the running poll, not {took:?}"
    );
    assert!(
        took < Duration::from_secs(6),
        "stopped within the grace period"
    );
    assert_eq!(
        project.count("SELECT count(*) FROM items"),
        3,
        "the running poll was committed"
    );
}

#[test]
fn a_watched_config_file_is_reloaded_when_it_changes() {
    let server = FeedServer::start();
    server.feed("/a.xml", fixture("atom.xml"));
    server.feed("/b.xml", fixture("rss1.rdf"));
    let watched = FAST.replace("watch_config = false", "watch_config = true");
    let project = Project::with_config(&config_text(&watched, &[server.url("/a.xml")]));
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    std::fs::write(
        project.config(),
        config_text(&watched, &[server.url("/a.xml"), server.url("/b.xml")]),
    )
    .expect("edit");
    wait_until("b polled after the file changed", LONG, || {
        !server.requests_to("/b.xml").is_empty()
    });
    std::fs::remove_file(project.config()).expect("delete config");
    // The file is looked at every two seconds: wait for that look, then for polls after it.
    wait_until("the missing file noticed", LONG, || {
        daemon
            .stderr()
            .iter()
            .any(|l| l.contains("keeping the last good configuration"))
    });
    let a_before = server.requests_to("/a.xml").len();
    wait_until("a still polled with the config deleted", LONG, || {
        server.requests_to("/a.xml").len() >= a_before + 2
    });
    stop_cleanly(&mut daemon, &project);
}

#[test]
fn watchdog_is_pinged_at_half_its_interval() {
    let project = Project::with_config(&config_text(FAST, &[]));
    let mut daemon = Daemon::start_with(&project, &[("WATCHDOG_USEC", "600000")], &[]);
    daemon.wait_for_note("READY=1", LONG);
    daemon.wait_for_note("WATCHDOG=1", LONG);
    let first = std::time::Instant::now();
    daemon.wait_for_note("WATCHDOG=1", LONG);
    let gap = first.elapsed();
    assert!(
        gap < Duration::from_millis(450),
        "pings every 300 ms, not every {gap:?}"
    );
    stop_cleanly(&mut daemon, &project);
    daemon.wait_for_note("EXTEND_TIMEOUT_USEC=18000000", LONG);
}

#[test]
fn the_watchdog_goes_quiet_while_the_database_takes_no_writes() {
    let server = FeedServer::start();
    server.feed("/a.xml", fixture("rss1.rdf"));
    let project = Project::with_config(&config_text(FAST, &[server.url("/a.xml")]));
    let mut daemon = Daemon::start_with(&project, &[("WATCHDOG_USEC", "600000")], &[]);
    daemon.wait_for_note("READY=1", LONG);
    daemon.wait_for_note("WATCHDOG=1", LONG);

    // Another process holds the write lock, as a stuck backup or an analyst's open
    // transaction would.
    let locker = project.db();
    locker
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    daemon.wait_for_note("STATUS=unhealthy: ", LONG);
    let quiet = daemon.notes_during(Duration::from_millis(1500));
    assert!(
        !quiet.iter().any(|n| n.contains("WATCHDOG=1")),
        "no ping while unhealthy: {quiet:?}"
    );
    let log = daemon.stderr().join("\n");
    assert!(log.contains("the watchdog is no longer pinged"), "{log}");

    locker.execute_batch("ROLLBACK").expect("let the lock go");
    daemon.wait_for_note("WATCHDOG=1", LONG);
    let notes = daemon.wait_for_note("STATUS=", LONG).to_vec();
    assert!(
        !notes.last().expect("a note").contains("unhealthy"),
        "{notes:?}"
    );
    stop_cleanly(&mut daemon, &project);
}

#[test]
fn the_unit_file_sets_what_an_operator_needs() {
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/systemd/feedsentry.service"
    ))
    .expect("read the unit");
    let values = |key: &str| -> Vec<String> {
        unit.lines()
            .filter_map(|l| l.strip_prefix(&format!("{key}=")))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(values("RestartPreventExitStatus"), ["2"]);
    assert_eq!(values("WatchdogSignal"), ["SIGABRT"]);
    let reload = values("ExecReload");
    assert_eq!(reload.len(), 2, "{reload:?}");
    assert!(
        reload[0].ends_with(" check-config"),
        "check first: {reload:?}"
    );
    assert!(reload[1].contains("kill -HUP"), "{reload:?}");
    let stop = values("TimeoutStopSec");
    let stop = humantime::parse_duration(&stop[0]).expect("a duration");
    // The default grace (10 s) and what stopping needs beyond it (15 s) fit in the timeout.
    assert!(stop >= Duration::from_secs(25), "{stop:?}");
    assert!(unit.contains("feedsentry --config /etc/feedsentry/feedsentry.toml health"));
}

#[test]
fn a_service_manager_that_stops_reading_never_stalls_the_daemon() {
    let server = FeedServer::start();
    server.feed("/a.xml", fixture("rss1.rdf"));
    let project = Project::with_config(&config_text(FAST, &[server.url("/a.xml")]));
    // Pings every 50 ms to a socket nobody reads: Linux queues ten datagrams by default, so a
    // daemon that sent them from its own loop would stop within a second.
    let mut daemon = Daemon::start_with(&project, &[("WATCHDOG_USEC", "100000")], &[]);
    wait_until("a polled", LONG, || {
        !server.requests_to("/a.xml").is_empty()
    });
    let polled = server.requests_to("/a.xml").len();
    wait_until("a polled twice more", LONG, || {
        server.requests_to("/a.xml").len() >= polled + 2
    });
    stop_cleanly(&mut daemon, &project);
}

#[test]
fn json_logs_and_journald_lines() {
    let server = FeedServer::start();
    server.feed("/atom.xml", fixture("atom.xml"));
    let project = Project::with_config(&config_text(FAST, &[server.url("/atom.xml")]));
    let mut daemon = Daemon::start_with(&project, &[], &["--log-format", "json"]);
    daemon.wait_for_note("last pass: 1 polled", LONG);
    stop_cleanly(&mut daemon, &project);
    let lines = daemon.stderr();
    assert!(lines.len() >= 3, "{lines:?}");
    for line in &lines {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert!(
            value["timestamp"].is_string() && value["level"].is_string(),
            "{line}"
        );
    }
    assert!(lines.iter().any(|l| l.contains("\"new\":2")), "{lines:?}");

    // A stream JOURNAL_STREAM does not name (a redirect in between) gets no prefixes.
    let mut elsewhere = Daemon::start_with(&project, &[("JOURNAL_STREAM", "8:12345")], &[]);
    elsewhere.wait_for_note("READY=1", LONG);
    stop_cleanly(&mut elsewhere, &project);
    assert!(
        !elsewhere.stderr().iter().any(|l| l.starts_with('<')),
        "{:?}",
        elsewhere.stderr()
    );
}

#[test]
fn under_journald_lines_carry_their_priority() {
    let server = FeedServer::start();
    server.feed("/atom.xml", fixture("atom.xml"));
    let project = Project::with_config(&config_text(
        FAST,
        &[server.url("/atom.xml"), server.url("/missing.xml")],
    ));
    let mut journald = Daemon::start_in_journal(&project);
    journald.wait_for_note("READY=1", LONG);
    wait_until("a failed fetch logged", LONG, || {
        journald.stderr().iter().any(|l| l.contains("fetch failed"))
    });
    std::fs::write(project.config(), "[poll]\nbogus = 1\n").expect("break config");
    journald.signal("HUP");
    wait_until("the failed reload logged", LONG, || {
        journald
            .stderr()
            .iter()
            .any(|l| l.contains("configuration not reloaded"))
    });
    stop_cleanly(&mut journald, &project);
    let lines = journald.stderr();
    assert!(
        lines.first().is_some_and(|l| l.starts_with("<6> INFO")
            || l.starts_with("<6>INFO")
            || l.starts_with("<6>  INFO")),
        "a priority and no timestamp: {lines:?}"
    );
    for (text, priority) in [
        ("fetch failed", "<4>"),
        ("configuration not reloaded", "<3>"),
        ("fetched", "<6>"),
    ] {
        let line = lines
            .iter()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} not logged: {lines:?}"));
        assert!(line.starts_with(priority), "{text}: {line}");
    }
    assert!(
        lines.iter().all(|l| l.starts_with('<')),
        "every line has a priority: {lines:?}"
    );
}

#[test]
fn metrics_and_healthz_are_served_on_the_configured_address() {
    let server = FeedServer::start();
    server.feed("/atom.xml", fixture("atom.xml"));
    let project = Project::with_config(&format!(
        "{}[metrics]\nlisten = \"127.0.0.1:0\"\n",
        config_text(FAST, &[server.url("/atom.xml"), server.url("/missing.xml")])
    ));
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    let address = daemon.metrics_address(LONG);
    // Each feed's first pass is a round of its own: wait for the failing one's.
    daemon.wait_for_note("1 failed", LONG);

    let first = scrape(&address);
    assert_eq!(
        sample(&first, "feedsentry_items_new_total", &[]),
        2.0,
        "the atom fixture's two items"
    );
    let ok = sample(
        &first,
        "feedsentry_polls_total",
        &[("result", "ok"), ("kind", "none")],
    );
    assert!(ok >= 1.0);
    assert!(
        sample(
            &first,
            "feedsentry_polls_total",
            &[("result", "failed"), ("kind", "http-status")]
        ) >= 1.0
    );
    let state = |name: &str| sample(&first, "feedsentry_feeds", &[("state", name)]);
    assert_eq!(
        state("failing") + state("backing_off"),
        1.0,
        "the missing feed, failed once or more"
    );
    assert_eq!(state("ok"), 1.0);
    assert_eq!(state("disabled") + state("gone"), 0.0);
    assert_eq!(
        sample(&first, "feedsentry_fetched_bytes_total", &[]),
        fixture("atom.xml").len() as f64,
        "one full fetch of the fixture; a 404 brings no document"
    );
    assert!(sample(&first, "feedsentry_database_size_bytes", &[]) > 0.0);
    assert!(sample(&first, "feedsentry_last_pass_end_timestamp_seconds", &[]) > 1.7e9);
    assert_eq!(
        sample(
            &first,
            "feedsentry_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        1.0
    );

    // The counters move as feeds are polled again.
    let polled = |scrape: &prometheus_parse::Scrape| -> f64 {
        scrape
            .samples
            .iter()
            .filter(|s| s.metric == "feedsentry_polls_total")
            .map(|s| match s.value {
                prometheus_parse::Value::Counter(v) | prometheus_parse::Value::Untyped(v) => v,
                _ => 0.0,
            })
            .sum()
    };
    let before = polled(&first);
    wait_until("more polls counted", LONG, || {
        polled(&scrape(&address)) >= before + 2.0
    });

    let (status, body) = http_get(&address, "/healthz");
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    assert!(body.starts_with("healthy: the last poll ended"), "{body}");
    assert_eq!(http_get(&address, "/nothing").0, "HTTP/1.1 404 Not Found");
    stop_cleanly(&mut daemon, &project);
}
