//! A feed server run by an attacker, next to healthy feeds: absurd time headers, a pass that
//! panics, feeds behind credentials and headers, redirects into the private network and links
//! that would run script. The healthy items are all stored, `fetch` exits 0, every hostile feed
//! gets its failure kind or warning, and no secret is printed anywhere.

use std::time::Duration;

use crate::common::server::{FeedServer, Route};
use crate::common::{Project, item, rss};

/// The password in the credential feed's URL (percent-encoded there).
const PASSWORD: &str = "s3cret pass!";
const PASSWORD_IN_URL: &str = "s3cret%20pass%21";
/// `Basic` credentials of `reader` with [`PASSWORD`].
const BASIC: &str = "Basic cmVhZGVyOnMzY3JldCBwYXNzIQ==";
/// The value of the credential feed's configured header.
const TOKEN: &str = "tok-7f3a9c51e2";
const HEALTHY: usize = 20;
const ITEMS_EACH: usize = 5;

fn healthy_feed(i: usize) -> String {
    let items: String = (0..ITEMS_EACH)
        .map(|n| {
            item(
                &format!("h{i}-{n}"),
                &format!("https://news.example/{i}/{n}"),
                &format!("Story {n} of feed {i}"),
            )
        })
        .collect();
    rss(&format!("Healthy {i}"), &items)
}

fn status(code: u16, header: &str, value: &str) -> Route {
    Route::Status {
        code,
        headers: vec![(header.to_string(), value.to_string())],
    }
}

/// The main server: the healthy feeds and every hostile answer. `private` serves the page a
/// redirect tries to reach inside the network.
fn hostile_server(private: &FeedServer) -> FeedServer {
    let server = FeedServer::start();
    for i in 0..HEALTHY {
        server.feed(&format!("/ok{i}.xml"), healthy_feed(i));
    }
    server.route(
        "/retry-429.xml",
        status(429, "Retry-After", "10000000000000"),
    );
    server.route(
        "/retry-503.xml",
        status(503, "Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"),
    );
    let headers = [
        ("Cache-Control", "max-age=10000000000000"),
        ("Expires", "Fri, 31 Dec 9999 23:59:59 GMT"),
        ("Last-Modified", "Sat, 01 Jan 275760 00:00:00 GMT"),
        ("Content-Type", "text/garbage; charset=nonsense"),
    ];
    server.route(
        "/clamped.xml",
        Route::Headed {
            body: rss(
                "Clamped",
                &item("c1", "https://news.example/c1", "Clamped item"),
            )
            .into_bytes(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        },
    );
    server.feed("/panic-hook.xml", healthy_feed(99));
    server.route(
        "/to-private.xml",
        Route::Redirect {
            code: 302,
            to: private.url("/internal.xml"),
        },
    );
    server.feed(
        "/auth.xml",
        rss(
            "Members",
            &format!(
                "{}<item><guid>js</guid><title>Script link</title><link>javascript:alert(1)</link></item>",
                item("a1", "https://news.example/a1", "Members item")
            ),
        ),
    );
    server
}

fn hostile_project(server: &FeedServer) -> Project {
    let mut config = String::from("[storage]\ndatabase = \"fs.db\"\n[poll]\ntimeout = \"10s\"\n");
    let mut add = |url: String, extra: &str| {
        config.push_str(&format!("[[feeds]]\nurl = \"{url}\"\n{extra}\n"));
    };
    for i in 0..HEALTHY {
        add(server.url(&format!("/ok{i}.xml")), "");
    }
    for path in [
        "/retry-429.xml",
        "/retry-503.xml",
        "/clamped.xml",
        "/panic-hook.xml",
        "/to-private.xml",
    ] {
        add(server.url(path), "");
    }
    let auth = server
        .url("/auth.xml")
        .replace("http://", &format!("http://reader:{PASSWORD_IN_URL}@"));
    add(
        auth,
        &format!("name = \"Members\"\nheaders = {{ X-Api-Token = \"{TOKEN}\" }}"),
    );
    Project::with_config(&config)
}

/// The kind and warning recorded on the feed whose URL ends with `path`.
fn recorded(project: &Project, path: &str) -> (Option<String>, Option<String>, String) {
    project
        .db()
        .query_row(
            "SELECT last_error_kind, last_warning, next_due FROM feeds WHERE url LIKE '%' || ?1",
            [path],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap_or_else(|e| panic!("feed {path}: {e}"))
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [
        PASSWORD,
        PASSWORD_IN_URL,
        TOKEN,
        "cmVhZGVyOnMzY3JldCBwYXNzIQ",
    ] {
        assert!(!text.contains(secret), "{what} shows a secret: {text}");
    }
}

#[test]
fn every_healthy_item_is_stored_beside_hostile_feeds() {
    let private = FeedServer::start();
    private.feed("/internal.xml", healthy_feed(50));
    let server = hostile_server(&private);
    let project = hostile_project(&server);
    let out = project.run_with_env(&["fetch"], &[("FEEDSENTRY_TEST_PANIC_ON", "panic-hook")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let healthy = project.count(
        "SELECT count(*) FROM items i JOIN item_feeds x ON x.item_id = i.id
         JOIN feeds f ON f.id = x.feed_id WHERE f.url LIKE '%/ok%.xml'",
    );
    assert_eq!(healthy, (HEALTHY * ITEMS_EACH) as i64);
    assert!(
        stdout.contains("total: 26 feeds, 22 ok, 0 unchanged, 4 failed"),
        "{stdout}"
    );
    assert!(
        private.requests().is_empty(),
        "the private page was reached"
    );
}

#[test]
fn each_hostile_feed_records_its_kind_and_a_due_time_within_bounds() {
    let private = FeedServer::start();
    let server = hostile_server(&private);
    let project = hostile_project(&server);
    project.run_with_env(&["fetch"], &[("FEEDSENTRY_TEST_PANIC_ON", "panic-hook")]);
    let kind = |path| recorded(&project, path).0;
    assert_eq!(kind("/retry-429.xml").as_deref(), Some("http-status"));
    assert_eq!(kind("/retry-503.xml").as_deref(), Some("http-status"));
    assert_eq!(kind("/panic-hook.xml").as_deref(), Some("internal"));
    assert_eq!(kind("/to-private.xml").as_deref(), Some("redirect"));
    let (kind, warning, _) = recorded(&project, "/clamped.xml");
    assert_eq!(kind, None);
    assert!(
        warning.is_some_and(|w| w.contains("Cache-Control max-age was out of range")),
        "a clamped header is a recorded warning"
    );
    let latest = chrono::Utc::now() + chrono::Duration::hours(25);
    for path in ["/retry-429.xml", "/retry-503.xml", "/clamped.xml"] {
        let due = recorded(&project, path).2;
        let due = chrono::DateTime::parse_from_rfc3339(&due).expect("an ISO due time");
        assert!(due < latest, "{path} is due at {due}, past max_interval");
    }
}

#[test]
fn credentials_and_headers_reach_the_feed_and_are_never_printed() {
    let private = FeedServer::start();
    let server = hostile_server(&private);
    let project = hostile_project(&server);
    let fetch = project.run(&["fetch"]);
    let request = server.requests_to("/auth.xml").remove(0);
    assert_eq!(
        request.headers.get("authorization").map(String::as_str),
        Some(BASIC)
    );
    assert_eq!(
        request.headers.get("x-api-token").map(String::as_str),
        Some(TOKEN)
    );
    let mut shown = vec![(
        "fetch".to_string(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&fetch.stdout),
            String::from_utf8_lossy(&fetch.stderr)
        ),
    )];
    for args in [
        &["feeds"][..],
        &["feeds", "--format", "json"],
        &["feeds", "--format", "csv"],
        &["feeds", "export"],
        &["check-config"],
        &["export"],
        &["export", "--format", "json"],
        &["export", "--format", "csv"],
        &["items", "--format", "json"],
        &["stats", "--format", "json"],
    ] {
        let out = project.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        shown.push((args.join(" "), String::from_utf8_lossy(&out.stdout).into()));
    }
    let rows: Vec<String> = project
        .db()
        .prepare("SELECT url || ' ' || COALESCE(fetch_url, '') FROM feeds")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("feed rows");
    shown.push(("the feeds table".into(), rows.join("\n")));
    for (what, text) in &shown {
        assert_no_secret(what, text);
    }
    assert!(
        shown[1].1.contains("http://***@127.0.0.1"),
        "{}",
        shown[1].1
    );
}

#[test]
fn a_link_that_would_run_script_is_dropped_and_its_text_kept() {
    let private = FeedServer::start();
    let server = hostile_server(&private);
    let project = hostile_project(&server);
    project.fetch();
    let (title, link): (String, Option<String>) = project
        .db()
        .query_row("SELECT title, link FROM items WHERE guid = 'js'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("the item is stored");
    assert_eq!((title.as_str(), link), ("Script link", None));
    let atom = project.run(&["export"]);
    assert!(!String::from_utf8_lossy(&atom.stdout).contains("javascript:"));
}

#[test]
fn secrets_never_follow_a_redirect_to_another_host() {
    let elsewhere = FeedServer::start();
    elsewhere.feed("/moved.xml", healthy_feed(7));
    let server = FeedServer::start();
    server.route(
        "/auth.xml",
        Route::Redirect {
            code: 302,
            to: elsewhere.url("/moved.xml"),
        },
    );
    let url = server
        .url("/auth.xml")
        .replace("http://", &format!("http://reader:{PASSWORD_IN_URL}@"));
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n[poll]\nallow_private_redirects = true\n\
         [[feeds]]\nurl = \"{url}\"\nheaders = {{ X-Api-Token = \"{TOKEN}\" }}\n"
    ));
    let out = project.fetch();
    assert!(out.contains(&format!("new {ITEMS_EACH:>5}")), "{out}");
    let first = server.requests_to("/auth.xml").remove(0);
    assert_eq!(
        first.headers.get("authorization").map(String::as_str),
        Some(BASIC)
    );
    let moved = elsewhere.requests_to("/moved.xml").remove(0);
    assert_eq!(moved.headers.get("authorization"), None);
    assert_eq!(moved.headers.get("x-api-token"), None);
}

#[test]
fn the_daemon_keeps_polling_a_feed_whose_pass_panicked() {
    use crate::common::daemon::{Daemon, wait_until};
    let server = FeedServer::start();
    server.feed("/panic-hook.xml", healthy_feed(1));
    server.feed("/ok.xml", healthy_feed(2));
    let project = Project::new(
        "interval = \"1s\"\nmin_interval = \"1s\"\nmax_interval = \"2s\"\nwatch_config = false",
        &[server.url("/panic-hook.xml"), server.url("/ok.xml")],
    );
    let mut daemon =
        Daemon::start_with(&project, &[("FEEDSENTRY_TEST_PANIC_ON", "panic-hook")], &[]);
    wait_until(
        "three passes of the panicking feed",
        Duration::from_secs(30),
        || server.requests_to("/panic-hook.xml").len() >= 3,
    );
    assert_eq!(
        recorded(&project, "/panic-hook.xml").0.as_deref(),
        Some("internal")
    );
    assert_eq!(
        project.count("SELECT count(*) FROM items"),
        ITEMS_EACH as i64
    );
    daemon.signal("TERM");
    assert_eq!(daemon.wait_exit(Duration::from_secs(15)).code(), Some(0));
}
