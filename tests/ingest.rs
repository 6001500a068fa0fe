//! Ingestion end to end: fetch, conditional requests, de-duplication and failure handling.

use crate::common::server::{FeedServer, Route};
use crate::common::{Project, fixture, item, rss};

fn all_formats(server: &FeedServer) -> Vec<String> {
    server.feed("/rss2.xml", fixture("rss2.xml"));
    server.feed("/rss1.rdf", fixture("rss1.rdf"));
    server.feed("/atom.xml", fixture("atom.xml"));
    server.feed("/feed.json", fixture("feed.json"));
    server.feed("/no-guids.xml", fixture("no-guids.xml"));
    [
        "/rss2.xml",
        "/rss1.rdf",
        "/atom.xml",
        "/feed.json",
        "/no-guids.xml",
    ]
    .iter()
    .map(|p| server.url(p))
    .collect()
}

#[test]
fn fetching_twice_stores_each_item_once_and_second_pass_is_conditional() {
    let server = FeedServer::start();
    let project = Project::new("", &all_formats(&server));

    let first = project.fetch();
    assert!(
        first.contains("total: 5 feeds, 5 ok, 0 unchanged, 0 failed; new 12"),
        "{first}"
    );
    assert_eq!(project.count("SELECT count(*) FROM items"), 12);

    let second = project.fetch();
    assert!(
        second.contains("total: 5 feeds, 0 ok, 5 unchanged, 0 failed; new 0, updated 0"),
        "{second}"
    );
    assert_eq!(project.count("SELECT count(*) FROM items"), 12);

    for path in [
        "/rss2.xml",
        "/rss1.rdf",
        "/atom.xml",
        "/feed.json",
        "/no-guids.xml",
    ] {
        let requests = server.requests_to(path);
        assert_eq!(requests.len(), 2, "{path}");
        assert!(requests[0].if_none_match.is_none());
        assert!(
            requests[1].if_none_match.is_some(),
            "{path} second request not conditional"
        );
        assert!(requests[1].if_modified_since.is_some());
        assert_eq!(requests[1].status, 304);
    }
    let ua = server.requests()[0].user_agent.clone().unwrap_or_default();
    assert_eq!(ua, concat!("feedsentry/", env!("CARGO_PKG_VERSION")));
}

#[test]
fn the_user_agent_carries_the_operators_contact() {
    let server = FeedServer::start();
    server.feed(
        "/a.xml",
        rss("A", &item("a1", "https://a.example/1", "One")),
    );
    let project = Project::new("contact = \"soc@example.org\"", &[server.url("/a.xml")]);
    project.fetch();
    let ua = server.requests()[0].user_agent.clone().unwrap_or_default();
    assert_eq!(
        ua,
        concat!(
            "feedsentry/",
            env!("CARGO_PKG_VERSION"),
            " (+mailto:soc@example.org)"
        )
    );
}

#[test]
fn full_refetch_without_validators_adds_nothing() {
    let server = FeedServer::start();
    let items = "<item><title>Guid only</title><guid>only-guid-1</guid></item>\
                 <item><title>Guid only too</title><guid>only-guid-2</guid></item>\
                 <item><title>Neither guid nor link</title><pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate></item>";
    server.route(
        "/plain.xml",
        Route::Plain(rss("No validators", items).into_bytes()),
    );
    server.route(
        "/no-guids.xml",
        Route::Plain(fixture("no-guids.xml").into_bytes()),
    );
    let project = Project::new("", &[server.url("/plain.xml"), server.url("/no-guids.xml")]);
    let first = project.fetch();
    assert!(first.contains("new 6, updated 0"), "{first}");
    let second = project.fetch();
    assert!(
        second.contains("total: 2 feeds, 2 ok, 0 unchanged, 0 failed; new 0, updated 0"),
        "{second}"
    );
    assert_eq!(project.count("SELECT count(*) FROM items"), 6);
    assert_eq!(project.count("SELECT count(*) FROM item_keys"), 6);
    assert_eq!(server.requests_to("/plain.xml")[1].status, 200);
}

#[test]
fn every_format_keeps_its_fields() {
    let server = FeedServer::start();
    let project = Project::new("", &all_formats(&server));
    project.fetch();
    let db = project.db();
    let row = |sql: &str| -> (String, String, String) {
        db.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    let (title, summary, published) =
        row("SELECT plain_title, plain_summary, published FROM items WHERE guid = 'gazette-1001'");
    assert_eq!(
        title,
        "Port authority systems encrypted, criminals demand payment"
    );
    assert_eq!(
        summary,
        "Staff found screens showing a ransom note on Monday."
    );
    assert_eq!(published, "2026-11-23T09:15:00Z");
    let (title, authors, link) =
        row("SELECT plain_title, authors, link FROM items WHERE guid = 'urn:northwind:log:17'");
    assert_eq!(title, "Water utility restores billing after cyberattack");
    assert_eq!(authors, "[\"Ana Ruiz\"]");
    assert_eq!(link, "https://northwind.example/log/17");
    let (content, categories, _) =
        row("SELECT plain_content, categories, link FROM items WHERE guid = 'lh-7'");
    assert_eq!(content, "The lamp is serviced every spring.");
    assert_eq!(categories, "[\"maintenance\"]");
    let (title, _, _) = row(
        "SELECT plain_title, link, first_seen FROM items WHERE link = 'https://mountain.example/notices/cafe'",
    );
    assert_eq!(title, "Café opens at the summit");
    let (feed_title, _, _) = row("SELECT title, url, host FROM feeds WHERE url LIKE '%rss1.rdf'");
    assert_eq!(feed_title, "Valley Computing Weekly");
}

#[test]
fn links_are_resolved_and_tracking_parameters_removed() {
    let server = FeedServer::start();
    server.feed("/rss2.xml", fixture("rss2.xml"));
    let project = Project::new("", &[server.url("/rss2.xml")]);
    project.fetch();
    let db = project.db();
    let canonical = |guid: &str| -> (String, String) {
        db.query_row(
            "SELECT link, canonical_link FROM items WHERE guid = ?1",
            [guid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("item stored")
    };
    assert_eq!(
        canonical("gazette-1001").1,
        "https://gazette.example/tech/port-systems?ref=home"
    );
    assert_eq!(
        canonical("gazette-1002").1,
        "https://gazette.example/tech/ferry-app"
    );
    let (link, canon) = canonical("gazette-1003");
    assert_eq!(
        link,
        format!("{}?fbclid=abc123&page=2", server.url("/tech/fibre-rollout"))
    );
    assert_eq!(
        canon,
        format!("{}?page=2", server.url("/tech/fibre-rollout"))
    );
}

#[test]
fn feed_that_reissues_guids_does_not_flood_the_database() {
    let server = FeedServer::start();
    server.route(
        "/reissue.xml",
        Route::Dynamic(Box::new(|n| {
            let items: String = (1..=3)
                .map(|i| {
                    item(
                        &format!("run{n}-item{i}"),
                        &format!("https://reissue.example/story/{i}"),
                        &format!("Story {i}"),
                    )
                })
                .collect();
            rss("Reissuing", &items).into_bytes()
        })),
    );
    let project = Project::new("", &[server.url("/reissue.xml")]);
    for _ in 0..3 {
        project.fetch();
    }
    assert_eq!(server.requests_to("/reissue.xml").len(), 3);
    assert_eq!(project.count("SELECT count(*) FROM items"), 3);
    assert_eq!(project.count("SELECT count(*) FROM item_keys"), 3);
    assert_eq!(project.count("SELECT count(*) FROM item_feeds"), 3);
}

#[test]
fn syndicated_story_is_one_item_linked_to_both_feeds() {
    let server = FeedServer::start();
    server.feed("/a.xml", fixture("syndicated-a.xml"));
    server.feed("/b.xml", fixture("syndicated-b.xml"));
    let project = Project::new("", &[server.url("/a.xml"), server.url("/b.xml")]);
    project.fetch();
    assert_eq!(project.count("SELECT count(*) FROM items"), 3);
    assert_eq!(project.count("SELECT count(*) FROM item_feeds"), 4);
    assert_eq!(
        project.count(
            "SELECT count(*) FROM item_feeds x JOIN items i ON i.id = x.item_id \
             WHERE i.canonical_link = 'https://story.example/satellite'"
        ),
        2
    );
}

#[test]
fn changed_content_updates_the_row_and_keeps_first_seen() {
    let server = FeedServer::start();
    server.route(
        "/changing.xml",
        Route::Dynamic(Box::new(|n| {
            let title = if n == 1 {
                "Draft headline"
            } else {
                "Final headline"
            };
            rss(
                "Changing",
                &item("c-1", "https://changing.example/1", title),
            )
            .into_bytes()
        })),
    );
    let project = Project::new("", &[server.url("/changing.xml")]);
    project.fetch();
    let first_seen: String = project
        .db()
        .query_row("SELECT first_seen FROM items", [], |r| r.get(0))
        .expect("item stored");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = project.fetch();
    assert!(out.contains("new 0, updated 1"), "{out}");
    let (title, seen, changed): (String, String, String) = project
        .db()
        .query_row(
            "SELECT plain_title, first_seen, changed FROM items",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("item stored");
    assert_eq!(title, "Final headline");
    assert_eq!(seen, first_seen);
    assert!(
        changed > first_seen,
        "{changed} should be after {first_seen}"
    );
    assert_eq!(project.count("SELECT count(*) FROM items"), 1);
}

#[test]
fn failures_are_recorded_on_the_feed_and_do_not_stop_the_others() {
    let server = FeedServer::start();
    server.feed("/good.xml", fixture("rss2.xml"));
    server.route(
        "/broken.xml",
        Route::Status {
            code: 500,
            headers: vec![],
        },
    );
    server.feed("/html.xml", "<html><body>Welcome!</body></html>");
    server.feed("/truncated.xml", &fixture("rss2.xml")[..600]);
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let refused = format!("http://127.0.0.1:{closed_port}/feed.xml");
    let project = Project::new(
        "",
        &[
            server.url("/broken.xml"),
            server.url("/html.xml"),
            server.url("/good.xml"),
            server.url("/missing.xml"),
            server.url("/truncated.xml"),
            refused.clone(),
        ],
    );
    let out = project.fetch();
    assert!(
        out.contains("total: 6 feeds, 1 ok, 0 unchanged, 5 failed; new 3"),
        "{out}"
    );
    assert_eq!(project.count("SELECT count(*) FROM items"), 3);

    let db = project.db();
    let error = |url: &str| -> (Option<i64>, String, i64) {
        db.query_row(
            "SELECT last_status, last_error, consecutive_failures FROM feeds WHERE url = ?1",
            [url],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("feed row")
    };
    assert_eq!(
        error(&server.url("/broken.xml")),
        (Some(500), "HTTP 500 Internal Server Error".into(), 1)
    );
    assert_eq!(error(&server.url("/missing.xml")).1, "HTTP 404 Not Found");
    assert!(error(&server.url("/html.xml")).1.starts_with("not a feed"));
    assert!(
        error(&server.url("/truncated.xml")).1.starts_with("bad"),
        "{:?}",
        error(&server.url("/truncated.xml"))
    );
    let (status, message, _) = error(&refused);
    assert_eq!(status, None);
    assert!(message.starts_with("cannot connect"), "{message}");
    assert!(
        out.contains("failed      -  new     0  updated    0"),
        "{out}"
    );

    project.fetch();
    assert_eq!(error(&server.url("/broken.xml")).2, 2);
}

#[test]
fn oversized_body_is_cut_and_recorded() {
    let server = FeedServer::start();
    server.route("/huge.xml", Route::Large { len: 200_000 });
    server.feed("/good.xml", fixture("atom.xml"));
    let project = Project::new(
        "max_body = \"64KiB\"",
        &[server.url("/huge.xml"), server.url("/good.xml")],
    );
    project.fetch();
    let message: String = project
        .db()
        .query_row(
            "SELECT last_error FROM feeds WHERE url LIKE '%huge.xml'",
            [],
            |r| r.get(0),
        )
        .expect("feed row");
    assert_eq!(message, "body larger than the 64.0 KiB limit (max_body)");
    assert_eq!(project.count("SELECT count(*) FROM items"), 2);
}

#[test]
fn permanent_redirect_is_followed_and_remembered() {
    let server = FeedServer::start();
    server.route(
        "/old.xml",
        Route::Redirect {
            code: 301,
            to: "/new.xml".into(),
        },
    );
    server.route(
        "/temp.xml",
        Route::Redirect {
            code: 302,
            to: "/rss1.rdf".into(),
        },
    );
    server.feed("/new.xml", fixture("atom.xml"));
    server.feed("/rss1.rdf", fixture("rss1.rdf"));
    let project = Project::new("", &[server.url("/old.xml"), server.url("/temp.xml")]);
    project.fetch();
    project.fetch();
    assert_eq!(project.count("SELECT count(*) FROM items"), 4);
    assert_eq!(
        server.requests_to("/old.xml").len(),
        1,
        "the moved feed is fetched at its new URL"
    );
    assert_eq!(server.requests_to("/new.xml").len(), 2);
    assert_eq!(
        server.requests_to("/temp.xml").len(),
        2,
        "a temporary redirect is not remembered"
    );
}

#[test]
fn redirect_loop_is_an_error() {
    let server = FeedServer::start();
    server.route(
        "/a.xml",
        Route::Redirect {
            code: 302,
            to: "/b.xml".into(),
        },
    );
    server.route(
        "/b.xml",
        Route::Redirect {
            code: 302,
            to: "/a.xml".into(),
        },
    );
    let project = Project::new("", &[server.url("/a.xml")]);
    project.fetch();
    let message: String = project
        .db()
        .query_row("SELECT last_error FROM feeds", [], |r| r.get(0))
        .expect("feed row");
    assert!(message.starts_with("redirect loop at"), "{message}");
}

#[test]
fn fetch_feed_polls_only_the_named_feeds() {
    let server = FeedServer::start();
    let urls = all_formats(&server);
    let project = Project::new("", &urls);
    let out = project.run(&["fetch", "--feed", "feed1", "--feed", &urls[2]]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(server.requests().len(), 2);
    assert_eq!(project.count("SELECT count(*) FROM items"), 4);
    let unknown = project.run(&["fetch", "--feed", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("--feed \"nope\": no enabled feed"));
}

#[test]
fn a_gone_feed_comes_back_only_when_its_own_entry_changes() {
    let server = FeedServer::start();
    server.route(
        "/gone.xml",
        Route::Status {
            code: 410,
            headers: vec![],
        },
    );
    let url = server.url("/gone.xml");
    let project = Project::new("", &[]);
    let write = |interval: &str, name: &str| {
        std::fs::write(
            project.config(),
            format!(
                "[storage]\ndatabase = \"fs.db\"\n\n[poll]\ninterval = \"{interval}\"\n\n\
                 [[feeds]]\nurl = \"{url}\"\nname = \"{name}\"\n"
            ),
        )
        .expect("write config");
    };
    write("30m", "old");
    project.fetch();
    assert_eq!(server.requests_to("/gone.xml").len(), 1);
    write("2h", "old");
    project.fetch();
    assert_eq!(
        server.requests_to("/gone.xml").len(),
        1,
        "a new [poll] interval does not bring a 410 feed back"
    );
    write("2h", "renamed");
    project.fetch();
    assert_eq!(
        server.requests_to("/gone.xml").len(),
        2,
        "a changed [[feeds]] entry does"
    );
}
