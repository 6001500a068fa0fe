//! Hostile feeds and faults against the real fetch path: each ends with the feed's error
//! recorded, the other feeds of the pass stored, and the process alive.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::common::server::{FeedServer, Route};
use crate::common::{Project, fixture, item, rss};

fn last_error(project: &Project, path: &str) -> (Option<i64>, String) {
    project
        .db()
        .query_row(
            "SELECT last_status, COALESCE(last_error, '') FROM feeds WHERE url LIKE '%' || ?1",
            [path],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("feed {path}: {e}"))
}

/// The failure kind recorded on the feed whose URL ends with `path`.
fn error_kind(project: &Project, path: &str) -> Option<String> {
    project
        .db()
        .query_row(
            "SELECT last_error_kind FROM feeds WHERE url LIKE '%' || ?1",
            [path],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("feed {path}: {e}"))
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("compress");
    encoder.finish().expect("compress")
}

#[test]
fn every_fault_fails_alone_with_a_specific_error() {
    let server = FeedServer::start();
    let good = fixture("rss2.xml");
    server.feed("/good.xml", good.clone());
    server.route(
        "/slow.xml",
        Route::Drip {
            body: good.clone().into_bytes(),
            chunk: 64,
            every: Duration::from_millis(100),
        },
    );
    server.route("/hang.xml", Route::Hang);
    server.route("/endless.xml", Route::Endless);
    server.route(
        "/huge.xml",
        Route::Large {
            len: 3 * 1024 * 1024,
        },
    );
    let bomb = {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..64 {
            encoder.write_all(&zeros).expect("compress");
        }
        encoder.finish().expect("compress")
    };
    assert!(bomb.len() < 200 * 1024, "the bomb is small on the wire");
    server.route("/bomb.xml", Route::Gzip(bomb));
    server.route(
        "/gzipped.xml",
        Route::Gzip(gzip(fixture("atom.xml").as_bytes())),
    );
    server.route(
        "/500.xml",
        Route::Status {
            code: 500,
            headers: vec![],
        },
    );
    server.route(
        "/429.xml",
        Route::Status {
            code: 429,
            headers: vec![("Retry-After".into(), "120".into())],
        },
    );
    server.route(
        "/loop-a.xml",
        Route::Redirect {
            code: 302,
            to: "/loop-b.xml".into(),
        },
    );
    server.route(
        "/loop-b.xml",
        Route::Redirect {
            code: 302,
            to: "/loop-a.xml".into(),
        },
    );
    server.route(
        "/to-file.xml",
        Route::Redirect {
            code: 302,
            to: "file:///etc/passwd".into(),
        },
    );
    server.feed(
        "/html.xml",
        "<!DOCTYPE html><html><head><title>Home</title></head><body>Hi</body></html>",
    );
    server.feed("/truncated.xml", &good[..good.len() * 6 / 10]);
    server.feed("/empty.xml", "");
    server.route(
        "/gone.xml",
        Route::Status {
            code: 410,
            headers: vec![],
        },
    );
    let paths = [
        "/good.xml",
        "/slow.xml",
        "/hang.xml",
        "/endless.xml",
        "/huge.xml",
        "/bomb.xml",
        "/gzipped.xml",
        "/500.xml",
        "/429.xml",
        "/loop-a.xml",
        "/to-file.xml",
        "/html.xml",
        "/truncated.xml",
        "/empty.xml",
        "/404.xml",
        "/gone.xml",
    ];
    let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let project = Project::new(
        "timeout = \"2s\"\nmax_body = \"1MiB\"\nconcurrency = 16\nper_host = 16",
        &urls,
    );

    let started = Instant::now();
    let out = project.fetch();
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "bounded by the timeout: {:?}",
        started.elapsed()
    );
    assert!(
        out.contains("total: 16 feeds, 2 ok, 0 unchanged, 14 failed; new 5"),
        "{out}"
    );
    assert_eq!(
        project.count("SELECT count(*) FROM items"),
        5,
        "the good and the gzipped feed are stored"
    );

    assert_eq!(last_error(&project, "/slow.xml").1, "timed out after 2s");
    assert_eq!(last_error(&project, "/hang.xml").1, "timed out after 2s");
    assert_eq!(
        last_error(&project, "/endless.xml"),
        (
            Some(200),
            "body larger than the 1.0 MiB limit (max_body)".into()
        )
    );
    assert_eq!(
        last_error(&project, "/huge.xml").1,
        "body larger than the 1.0 MiB limit (max_body)"
    );
    assert_eq!(
        last_error(&project, "/bomb.xml").1,
        "body larger than the 1.0 MiB limit (max_body)"
    );
    assert_eq!(
        last_error(&project, "/500.xml"),
        (Some(500), "HTTP 500 Internal Server Error".into())
    );
    assert_eq!(
        last_error(&project, "/429.xml"),
        (Some(429), "HTTP 429 Too Many Requests".into())
    );
    assert!(
        last_error(&project, "/loop-a.xml")
            .1
            .starts_with("redirect loop at")
    );
    assert!(
        last_error(&project, "/to-file.xml")
            .1
            .contains("only http and https are followed")
    );
    assert!(
        last_error(&project, "/html.xml")
            .1
            .starts_with("not a feed"),
        "{:?}",
        last_error(&project, "/html.xml")
    );
    assert!(
        last_error(&project, "/truncated.xml")
            .1
            .starts_with("bad XML"),
        "{:?}",
        last_error(&project, "/truncated.xml")
    );
    assert_eq!(last_error(&project, "/empty.xml").1, "empty document");
    assert_eq!(
        last_error(&project, "/404.xml"),
        (Some(404), "HTTP 404 Not Found".into())
    );
    assert_eq!(
        last_error(&project, "/gone.xml"),
        (Some(410), "HTTP 410 Gone".into())
    );
    assert_eq!(
        project.count("SELECT gone FROM feeds WHERE url LIKE '%/gone.xml'"),
        1
    );
    for (path, kind) in [
        ("/slow.xml", "timeout"),
        ("/hang.xml", "timeout"),
        ("/endless.xml", "too-large"),
        ("/bomb.xml", "too-large"),
        ("/500.xml", "http-status"),
        ("/loop-a.xml", "redirect"),
        ("/to-file.xml", "redirect"),
        ("/html.xml", "not-a-feed"),
        ("/truncated.xml", "encoding"),
        ("/empty.xml", "not-a-feed"),
        ("/gone.xml", "http-status"),
    ] {
        assert_eq!(error_kind(&project, path).as_deref(), Some(kind), "{path}");
    }
    let throttled_due: String = project
        .db()
        .query_row(
            "SELECT next_due FROM feeds WHERE url LIKE '%/429.xml'",
            [],
            |r| r.get(0),
        )
        .expect("feed row");
    let due = chrono::DateTime::parse_from_rfc3339(&throttled_due).expect("ISO time");
    assert!(
        due.timestamp() - chrono::Utc::now().timestamp() >= 110,
        "Retry-After honoured: {throttled_due}"
    );
}

#[test]
fn a_feed_with_100000_items_keeps_the_newest_and_a_5_mb_description_is_whole() {
    let server = FeedServer::start();
    // Item i is i minutes newer than item 0: the newest are at the end of the document.
    let many: String = (0..100_000)
        .map(|i| {
            let date = chrono::DateTime::from_timestamp(1_700_000_000 + i * 60, 0)
                .expect("valid time")
                .to_rfc2822();
            format!("<item><guid>g{i}</guid><title>t{i}</title><pubDate>{date}</pubDate></item>")
        })
        .collect();
    server.feed("/many.xml", rss("Many", &many));
    let big_description = "word ".repeat(1024 * 1024);
    server.feed(
        "/big.xml",
        rss("Big", &format!("<item><guid>big</guid><title>Big</title><description>{big_description}</description></item>")),
    );
    let project = Project::new(
        "max_body = \"64MiB\"\ntimeout = \"60s\"",
        &[server.url("/many.xml"), server.url("/big.xml")],
    );
    let out = project.fetch();
    assert!(
        out.contains("new 1001"),
        "the default max_items keeps 1,000: {out}"
    );
    let kept = |guid: &str| {
        project.count(&format!("SELECT count(*) FROM items WHERE guid = '{guid}'")) == 1
    };
    assert!(kept("g99999") && kept("g99000") && !kept("g98999") && !kept("g0"));
    let feeds = project.run(&["feeds", "--format", "csv"]);
    let listed = String::from_utf8_lossy(&feeds.stdout);
    assert!(
        listed.contains("99000 items past [poll] max_items (1000) were not stored"),
        "{listed}"
    );
    let length: i64 = project
        .db()
        .query_row(
            "SELECT length(plain_summary) FROM items WHERE guid = 'big'",
            [],
            |r| r.get(0),
        )
        .expect("big item");
    assert_eq!(
        length,
        5 * 1024 * 1024 - 1,
        "the whole description is kept, whitespace folded"
    );
    let again = project.fetch();
    assert!(again.contains("new 0, updated 0"), "{again}");
}

#[test]
fn entities_are_never_expanded_nor_fetched() {
    let server = FeedServer::start();
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title><item><guid>l1</guid><title>&lol9;</title></item></channel></rss>"#;
    server.feed("/laughs.xml", laughs);
    let canary_dir = tempfile::tempdir().expect("temp dir");
    let canary = canary_dir.path().join("secret.txt");
    std::fs::write(&canary, "CANARY-7f3a").expect("write canary");
    let external = format!(
        r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{}"><!ENTITY remote SYSTEM "{}">]>
<rss version="2.0"><channel><title>External</title><item><guid>x1</guid><title>a &secret; b &remote; c</title></item></channel></rss>"#,
        canary.display(),
        server.url("/fetched-by-entity")
    );
    server.feed("/external.xml", external);
    server.feed("/good.xml", fixture("atom.xml"));
    let project = Project::new(
        "",
        &[
            server.url("/laughs.xml"),
            server.url("/external.xml"),
            server.url("/good.xml"),
        ],
    );
    let started = Instant::now();
    project.fetch();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(
        server.requests_to("/fetched-by-entity").is_empty(),
        "external entities are never fetched"
    );
    let longest: i64 = project.count("SELECT COALESCE(max(length(title)), 0) FROM items");
    assert!(
        longest < 1000,
        "no entity was expanded (longest title {longest})"
    );
    assert_eq!(
        project.count("SELECT count(*) FROM items WHERE instr(title, 'CANARY-7f3a') > 0"),
        0,
        "no local file is read"
    );
    // Each hostile feed was really read: stored, or failed with a recorded error.
    for path in ["laughs.xml", "external.xml"] {
        let handled = project.count(&format!(
            "SELECT count(*) FROM feeds f WHERE f.url LIKE '%{path}' AND (f.last_error IS NOT NULL
               OR EXISTS (SELECT 1 FROM item_feeds x WHERE x.feed_id = f.id))"
        ));
        assert_eq!(handled, 1, "{path} was neither stored nor refused");
    }
    assert_eq!(project.count("SELECT count(*) FROM item_feeds x JOIN feeds f ON f.id = x.feed_id WHERE f.url LIKE '%good.xml'"), 2);
}

#[test]
fn bad_bytes_broken_dates_spaces_and_unicode_hosts() {
    let server = FeedServer::start();
    let mut latin1 = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Not\xedcias</title>".to_vec();
    latin1.extend_from_slice(b"<item><guid>n1</guid><title>Ataque hacker atinge prefeitura de S\xe3o Paulo</title></item></channel></rss>");
    server.route(
        "/latin1.xml",
        Route::Feed {
            body: latin1,
            content_type: "application/rss+xml",
        },
    );
    let dates = [
        "Tue, 24 Nov 2026 08:30:00 GMT",
        "24 Nov 2026 08:30 +0100",
        "2026-11-24T08:30:00",
        "2026-11-24",
        "Tuesday, November 24, 2026",
        "32 Foo 2026 99:99",
        "",
        "0000-00-00T00:00:00Z",
        "9999-12-31T23:59:59Z",
    ];
    let items: String = dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            format!("<item><guid>d{i}</guid><title>Date {i}</title><pubDate>{d}</pubDate></item>")
        })
        .collect();
    server.feed("/dates.xml", rss("Dates", &items));
    server.feed(
        "/odd%20links.xml",
        rss(
            "Odd",
            &format!(
                "{}{}",
                item(
                    "u1",
                    "https://bücher.example/neue titel?q=a b&amp;utm_source=x",
                    "Unicode host"
                ),
                item("u2", "relative path/with space.html", "Relative")
            ),
        ),
    );
    let project = Project::new(
        "",
        &[
            server.url("/latin1.xml"),
            server.url("/dates.xml"),
            server.url("/odd links.xml"),
        ],
    );
    let out = project.fetch();
    assert!(out.contains("total: 3 feeds, 3 ok"), "{out}");
    let title: String = project
        .db()
        .query_row("SELECT title FROM items WHERE guid = 'n1'", [], |r| {
            r.get(0)
        })
        .expect("item");
    assert_eq!(title, "Ataque hacker atinge prefeitura de São Paulo");
    assert_eq!(
        project.count("SELECT count(*) FROM items WHERE guid LIKE 'd%'"),
        dates.len() as i64,
        "a bad date never drops an item"
    );
    let first: String = project
        .db()
        .query_row("SELECT published FROM items WHERE guid = 'd0'", [], |r| {
            r.get(0)
        })
        .expect("date");
    assert_eq!(first, "2026-11-24T08:30:00Z");
    let future: String = project
        .db()
        .query_row("SELECT sort_time FROM items WHERE guid = 'd8'", [], |r| {
            r.get(0)
        })
        .expect("item");
    let seen: String = project
        .db()
        .query_row("SELECT first_seen FROM items WHERE guid = 'd8'", [], |r| {
            r.get(0)
        })
        .expect("item");
    assert_eq!(
        future, seen,
        "a date in the future does not float to the top"
    );
    let canonical: String = project
        .db()
        .query_row(
            "SELECT canonical_link FROM items WHERE guid = 'u1'",
            [],
            |r| r.get(0),
        )
        .expect("item");
    assert_eq!(
        canonical,
        "https://xn--bcher-kva.example/neue%20titel?q=a+b"
    );
    let relative: String = project
        .db()
        .query_row("SELECT link FROM items WHERE guid = 'u2'", [], |r| r.get(0))
        .expect("item");
    assert_eq!(relative, server.url("/relative%20path/with%20space.html"));
    assert_eq!(
        server.requests_to("/odd%20links.xml").len(),
        1,
        "a feed URL with a space is requested encoded"
    );
}

#[test]
fn file_feeds_only_when_allowed_and_then_with_limits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let feed = dir.path().join("local feed.xml");
    std::fs::write(&feed, fixture("atom.xml")).expect("write feed");
    let big = dir.path().join("big.xml");
    std::fs::write(&big, vec![b'x'; 200 * 1024]).expect("write big");
    let url = |p: &std::path::Path| {
        url::Url::from_file_path(p)
            .expect("absolute path")
            .to_string()
    };
    let feeds = format!(
        "[[feeds]]\nurl = \"{}\"\n[[feeds]]\nurl = \"{}\"\n",
        url(&feed),
        url(&big)
    );

    let refused = Project::with_config(&feeds);
    let out = refused.run(&["check-config"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("allow_file_urls"));

    let allowed = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n[poll]\nallow_file_urls = true\nmax_body = \"64KiB\"\n{feeds}"
    ));
    let first = allowed.fetch();
    assert!(
        first.contains("total: 2 feeds, 1 ok, 0 unchanged, 1 failed; new 2"),
        "{first}"
    );
    assert_eq!(
        last_error(&allowed, "big.xml").1,
        "body larger than the 64.0 KiB limit (max_body)"
    );
    let second = allowed.fetch();
    assert!(
        second.contains("1 unchanged"),
        "an unchanged file is not parsed again: {second}"
    );
}

#[test]
fn a_refused_connection_is_of_kind_connect() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let project = Project::new("", &[format!("http://127.0.0.1:{closed}/feed.xml")]);
    let out = project.fetch();
    assert!(out.contains("1 failed"), "{out}");
    assert_eq!(
        error_kind(&project, "/feed.xml").as_deref(),
        Some("connect")
    );
}
