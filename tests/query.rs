//! Querying and sharing through the real binary: full-text search, the SQL views, `show`,
//! `stats`, `export`, OPML and editing the feed list.

use std::collections::BTreeSet;
use std::process::Output;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::common::daemon::{Daemon, wait_until};
use crate::common::server::{FeedServer, Route};
use crate::common::{Project, item, rss};

/// The items of the search fixture: title, description, hours before now it was published.
const STORIES: [(&str, &str, i64); 8] = [
    (
        "Ferry timetable app launches",
        "Unlike last year's ransomware scare, the launch went smoothly.",
        12,
    ),
    (
        "Ransomware attack shuts hospital systems",
        "Clinics in the region diverted patients.",
        24,
    ),
    (
        "Clinic data stolen in ransomware raid",
        "Patient records were copied.",
        48,
    ),
    (
        "Ransomware gang targets school district",
        "Classes were cancelled for a week.",
        72,
    ),
    (
        "Water utility restores billing",
        "Customers can pay again.",
        96,
    ),
    (
        "Utility raises water prices",
        "The increase starts in spring.",
        120,
    ),
    (
        "Cyberattaque contre l'hôpital de Genève",
        "Les services de sécurité enquêtent sur la panne.",
        144,
    ),
    (
        "Angriff auf die Stadtwerke München",
        "Die Systeme wurden verschlüsselt.",
        240,
    ),
];

fn ago(hours: i64) -> DateTime<Utc> {
    Utc::now() - chrono::Duration::hours(hours)
}

/// An RSS item with a description and a publication time.
fn story(n: usize, title: &str, description: &str, hours_ago: i64) -> String {
    format!(
        "<item><title>{title}</title><link>https://news.example/story?id={n}&amp;page=1</link>\
         <guid isPermaLink=\"false\">story-{n}</guid><description>{description}</description>\
         <pubDate>{}</pubDate></item>",
        ago(hours_ago).to_rfc2822()
    )
}

/// A project with two feeds: "news" carrying [`STORIES`] and "other" carrying one more
/// ransomware story; fetched once. The tagger's tags are cleared: these tests give items their
/// tags by hand ([`tag`]), so that they test querying and not the tagger.
fn search_project(server: &FeedServer) -> Project {
    let stories: String = STORIES
        .iter()
        .enumerate()
        .map(|(n, (title, description, hours))| story(n, title, description, *hours))
        .collect();
    server.feed("/news.xml", rss("News", &stories));
    server.feed(
        "/other.xml",
        rss(
            "Other",
            &story(99, "Ransomware reaches the other feed", "Elsewhere.", 30),
        ),
    );
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n\n[[feeds]]\nurl = \"{}\"\nname = \"news\"\n\n[[feeds]]\nurl = \"{}\"\nname = \"other\"\n",
        server.url("/news.xml"),
        server.url("/other.xml")
    ));
    project.fetch();
    project
        .db()
        .execute("DELETE FROM item_tags", [])
        .expect("clear tags");
    project
}

/// Gives an item, found by its title, exactly `cyberattack` and one category tag.
fn tag(project: &Project, title: &str, category: &str, evidence: &str) -> i64 {
    let db = project.db();
    let id: i64 = db
        .query_row(
            "SELECT id FROM items WHERE plain_title = ?1",
            [title],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{title}: {e}"));
    db.execute(
        "INSERT INTO item_tags (item_id, tag, evidence) VALUES (?1, 'cyberattack', ?2), (?1, ?3, ?2)",
        rusqlite::params![id, evidence, format!("cyberattack:{category}")],
    )
    .expect("insert tags");
    id
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    ok(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// The titles `items` lists for `args`, in order.
fn titles(project: &Project, args: &[&str]) -> Vec<String> {
    let mut full = vec!["items", "--format", "json"];
    full.extend_from_slice(args);
    json_lines(&project.run(&full))
        .iter()
        .map(|i| i["title"].as_str().expect("title").to_string())
        .collect()
}

fn search(project: &Project, query: &str) -> BTreeSet<String> {
    titles(project, &["--search", query]).into_iter().collect()
}

fn set(titles: &[&str]) -> BTreeSet<String> {
    titles.iter().map(|t| t.to_string()).collect()
}

#[test]
fn search_handles_words_phrases_boolean_operators_and_prefixes() {
    let server = FeedServer::start();
    let project = search_project(&server);
    let all_ransomware = set(&[
        "Ferry timetable app launches",
        "Ransomware attack shuts hospital systems",
        "Clinic data stolen in ransomware raid",
        "Ransomware gang targets school district",
        "Ransomware reaches the other feed",
    ]);
    assert_eq!(search(&project, "ransomware"), all_ransomware);
    assert_eq!(search(&project, "RANSOMWARE"), all_ransomware);
    assert_eq!(search(&project, "ransom*"), all_ransomware);
    assert_eq!(
        search(&project, "ransomware AND (hospital OR clinic)"),
        set(&[
            "Ransomware attack shuts hospital systems",
            "Clinic data stolen in ransomware raid"
        ])
    );
    assert_eq!(
        search(
            &project,
            "ransomware NOT (hospital OR clinic OR ferry OR other)"
        ),
        set(&["Ransomware gang targets school district"])
    );
    assert_eq!(
        search(&project, "\"water utility\""),
        set(&["Water utility restores billing"])
    );
    assert_eq!(
        search(&project, "water utility"),
        set(&[
            "Water utility restores billing",
            "Utility raises water prices"
        ])
    );
    assert_eq!(
        search(&project, "hosp*"),
        set(&["Ransomware attack shuts hospital systems"])
    );
    assert!(search(&project, "ransomwares").is_empty());
}

#[test]
fn search_ignores_accents_in_either_the_text_or_the_query() {
    let server = FeedServer::start();
    let project = search_project(&server);
    let geneva = set(&["Cyberattaque contre l'hôpital de Genève"]);
    let munich = set(&["Angriff auf die Stadtwerke München"]);
    assert_eq!(search(&project, "hopital geneve"), geneva);
    assert_eq!(search(&project, "hôpital"), geneva);
    assert_eq!(search(&project, "securite"), geneva);
    assert_eq!(search(&project, "SÉCURITÉ"), geneva);
    assert_eq!(search(&project, "\"l'hôpital de Genève\""), geneva);
    assert_eq!(search(&project, "munchen"), munich);
    assert_eq!(search(&project, "MÜNCHEN"), munich);
    assert_eq!(search(&project, "verschlüss*"), munich);
}

#[test]
fn search_results_come_by_rank_and_combine_with_the_other_filters() {
    let server = FeedServer::start();
    let project = search_project(&server);
    let ranked = titles(&project, &["--search", "ransomware"]);
    assert_eq!(
        ranked.last().map(String::as_str),
        Some("Ferry timetable app launches"),
        "a word in the summary ranks below the same word in a title, however new: {ranked:?}"
    );
    let newest_first = titles(&project, &["--feed", "news", "--limit", "2"]);
    assert_eq!(
        newest_first,
        [
            "Ferry timetable app launches",
            "Ransomware attack shuts hospital systems"
        ]
    );

    let q = ["--search", "ransomware"];
    let with = |extra: &[&str]| -> BTreeSet<String> {
        titles(&project, &[&q[..], extra].concat())
            .into_iter()
            .collect()
    };
    assert_eq!(
        with(&["--feed", "other"]),
        set(&["Ransomware reaches the other feed"])
    );
    assert_eq!(
        with(&["--since", "36h"]),
        set(&[
            "Ferry timetable app launches",
            "Ransomware attack shuts hospital systems",
            "Ransomware reaches the other feed"
        ])
    );
    assert_eq!(
        with(&["--since", "60h", "--until", "36h"]),
        set(&["Clinic data stolen in ransomware raid"])
    );
    let until_date = ago(24 * 30).format("%Y-%m-%d").to_string();
    assert!(with(&["--until", &until_date]).is_empty());
    let limited = titles(&project, &["--search", "ransomware", "--limit", "2"]);
    assert_eq!(limited.len(), 2);
    assert!(!limited.contains(&"Ferry timetable app launches".to_string()));

    tag(
        &project,
        "Ransomware attack shuts hospital systems",
        "ransomware",
        "ransomware attack",
    );
    tag(
        &project,
        "Cyberattaque contre l'hôpital de Genève",
        "other",
        "cyberattaque",
    );
    assert_eq!(
        with(&["--tag", "cyberattack"]),
        set(&["Ransomware attack shuts hospital systems"])
    );
    assert_eq!(
        titles(&project, &["--tag", "cyberattack"]),
        [
            "Ransomware attack shuts hospital systems",
            "Cyberattaque contre l'hôpital de Genève"
        ],
        "newest first without --search"
    );
}

#[test]
fn a_malformed_search_is_a_clear_error() {
    let server = FeedServer::start();
    let project = search_project(&server);
    for (query, cause) in [
        ("ransomware AND (", "fts5: syntax error near"),
        ("\"unclosed phrase", "unterminated string"),
        ("nosuch: word", "no such column: nosuch"),
        ("data-breach", "no such column: breach"),
    ] {
        let out = project.run(&["items", "--search", query]);
        assert_eq!(out.status.code(), Some(2), "{query}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expected = format!("feedsentry: bad --search query {query:?}: {cause}");
        assert!(stderr.starts_with(&expected), "{stderr}");
        assert!(stderr.contains("quote a word with punctuation"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let bad_until = project.run(&["items", "--until", "someday"]);
    assert_eq!(bad_until.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_until.stderr).contains("bad --until"));
}

#[test]
fn the_index_follows_updated_items() {
    let server = FeedServer::start();
    let version = |title: &str| rss("Live", &item("live-1", "https://live.example/1", title));
    server.route(
        "/live.xml",
        Route::Plain(version("Pumps fail at the plant").into()),
    );
    let project = Project::new("", &[server.url("/live.xml")]);
    project.fetch();
    assert_eq!(search(&project, "pumps"), set(&["Pumps fail at the plant"]));
    server.route(
        "/live.xml",
        Route::Plain(version("Valves fail at the plant").into()),
    );
    project.fetch();
    assert_eq!(project.count("SELECT count(*) FROM items"), 1);
    assert!(search(&project, "pumps").is_empty(), "the old text is gone");
    assert_eq!(
        search(&project, "valves"),
        set(&["Valves fail at the plant"])
    );
}

#[test]
fn the_migration_indexes_items_stored_before_it() {
    let server = FeedServer::start();
    let project = search_project(&server);
    // Take the database back to schema version 1, with its items.
    project
        .db()
        .execute_batch(
            "DROP VIEW v_items; DROP VIEW v_cyberattacks;
             DROP TRIGGER IF EXISTS items_fts_insert; DROP TRIGGER items_fts_delete;
             DROP TRIGGER items_fts_update; DROP TABLE items_fts;
             DROP INDEX items_lang; ALTER TABLE items DROP COLUMN lang;
             ALTER TABLE feeds DROP COLUMN last_error_kind;
             ALTER TABLE feeds DROP COLUMN last_warning;
             DROP TABLE outbox; DROP TABLE notifiers;
             DROP VIEW v_incidents; DROP TABLE item_incidents; DROP TABLE incident_names;
             DROP TABLE incident_feeds; DROP TABLE incidents;
             DROP TABLE item_entities;
             PRAGMA user_version = 1;",
        )
        .expect("downgrade");
    let stale = project.run(&["items", "--search", "ransomware"]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("schema version 1"));
    project.fetch();
    assert_eq!(
        project.count("PRAGMA user_version"),
        feedsentry::store::CURRENT_VERSION
    );
    assert_eq!(search(&project, "munchen").len(), 1);
    assert_eq!(search(&project, "ransomware").len(), 5);
    assert_eq!(project.count("SELECT count(*) FROM v_items"), 9);
}

#[test]
fn items_table_fits_the_width_and_shows_tags() {
    let server = FeedServer::start();
    let project = search_project(&server);
    tag(
        &project,
        "Ransomware attack shuts hospital systems",
        "ransomware",
        "ransomware attack",
    );
    let config = project.config();
    let table = |columns: &str| {
        ok(
            &std::process::Command::new(env!("CARGO_BIN_EXE_feedsentry"))
                .args(["--config", config.to_str().expect("utf-8"), "items"])
                .env("COLUMNS", columns)
                .output()
                .expect("run binary"),
        )
    };
    let wide = table("150");
    let tagged = wide
        .lines()
        .find(|l| l.contains("  ransomware  "))
        .unwrap_or_else(|| panic!("no tags shown: {wide}"));
    assert!(
        !tagged.contains("cyberattack"),
        "the category once: {tagged}"
    );
    assert!(
        tagged.ends_with("  Ransomware attack shuts hospital systems"),
        "{tagged}"
    );

    let narrow = table("72");
    let lines: Vec<&str> = narrow.lines().collect();
    assert_eq!(lines.len(), 10, "{narrow}");
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("TAGS"),
        "{narrow}"
    );
    for line in &lines {
        assert!(line.chars().count() <= 72, "{line:?} is wider than 72");
    }
    let tagged = lines
        .iter()
        .find(|l| l.contains("news   ransomware  Ransomware"))
        .unwrap_or_else(|| panic!("no tags shown: {narrow}"));
    assert!(tagged.contains("Ransomware attack"), "{tagged}");
    assert!(tagged.ends_with('…'), "the title was cut to fit: {tagged}");
}

#[test]
fn views_answer_the_documented_queries() {
    let server = FeedServer::start();
    let project = search_project(&server);
    let id = tag(
        &project,
        "Ransomware attack shuts hospital systems",
        "ransomware",
        "ransomware attack; shuts systems",
    );
    tag(
        &project,
        "Angriff auf die Stadtwerke München",
        "other",
        "angriff",
    );
    let db = Connection::open_with_flags(project.database(), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open read-only");

    let query = r#"select title from v_cyberattacks where published > date("now","-7 day")"#;
    let recent: Vec<String> = db
        .prepare(query)
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(recent, ["Ransomware attack shuts hospital systems"]);

    let (title, published, category, evidence, link, feeds): (
        String,
        String,
        String,
        String,
        String,
        String,
    ) = db
        .query_row(
            "SELECT title, published, category, evidence, link, feeds FROM v_cyberattacks WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .expect("the tagged item");
    assert_eq!(title, "Ransomware attack shuts hospital systems");
    assert_eq!(category, "ransomware");
    assert_eq!(evidence, "ransomware attack; shuts systems");
    assert_eq!(link, "https://news.example/story?id=1&page=1");
    assert_eq!(feeds, "news");
    assert!(
        DateTime::parse_from_rfc3339(&published).is_ok() && published.ends_with('Z'),
        "{published}"
    );
    assert_eq!(published.len(), "2026-11-25T08:30:00Z".len());
    assert_eq!(
        db.query_row("SELECT count(*) FROM v_cyberattacks", [], |r| r
            .get::<_, i64>(0))
            .expect("count"),
        2
    );

    let (tags, feeds, summary): (String, String, String) = db
        .query_row(
            "SELECT tags, feeds, summary FROM v_items WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("v_items row");
    assert_eq!(tags, "cyberattack cyberattack:ransomware");
    assert_eq!(feeds, "news");
    assert_eq!(summary, "Clinics in the region diverted patients.");
    let untagged: Option<String> = db
        .query_row(
            "SELECT tags FROM v_items WHERE title = 'Water utility restores billing'",
            [],
            |r| r.get(0),
        )
        .expect("untagged row");
    assert_eq!(untagged, None);
    let searched: String = db
        .query_row(
            "SELECT v.title FROM items_fts JOIN v_items v ON v.id = items_fts.rowid
             WHERE items_fts MATCH 'geneve' ORDER BY rank",
            [],
            |r| r.get(0),
        )
        .expect("search through the view");
    assert_eq!(searched, "Cyberattaque contre l'hôpital de Genève");

    // The command from the documentation, when the sqlite3 shell is installed.
    if let Ok(out) = std::process::Command::new("sqlite3")
        .arg("-readonly")
        .arg(project.database())
        .arg(query)
        .output()
    {
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "Ransomware attack shuts hospital systems\n",
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn show_prints_one_item_in_full() {
    let server = FeedServer::start();
    let project = search_project(&server);
    let id = tag(
        &project,
        "Ransomware attack shuts hospital systems",
        "ransomware",
        "ransomware attack",
    );
    let text = ok(&project.run(&["show", &id.to_string()]));
    assert!(
        text.starts_with(&format!("#{id} Ransomware attack shuts hospital systems\n")),
        "{text}"
    );
    for expected in [
        "link:       https://news.example/story?id=1&page=1",
        &format!("feeds:      news <{}>", server.url("/news.xml")),
        "tags:       cyberattack: ransomware attack",
        "            cyberattack:ransomware: ransomware attack",
        "Clinics in the region diverted patients.",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    let json = &json_lines(&project.run(&["show", &id.to_string(), "--format", "json"]))[0];
    assert_eq!(json["id"], id);
    assert_eq!(json["tags"][1]["tag"], "cyberattack:ransomware");
    assert_eq!(json["tags"][1]["evidence"], "ransomware attack");
    assert_eq!(json["feeds"][0]["name"], "news");
    assert_eq!(json["summary"], "Clinics in the region diverted patients.");
    let missing = project.run(&["show", "9999"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no item with id 9999"));
}

#[test]
fn stats_count_per_feed_tag_and_day_and_list_failing_feeds() {
    let server = FeedServer::start();
    server.feed(
        "/one.xml",
        rss(
            "One",
            &[
                story(1, "First", "a", 2),
                story(2, "Second", "b", 26),
                story(3, "Old", "c", 24 * 20),
            ]
            .concat(),
        ),
    );
    let project = Project::new("", &[server.url("/one.xml"), server.url("/missing.xml")]);
    project.fetch();
    tag(&project, "First", "ddos", "ddos");
    tag(&project, "Old", "ddos", "ddos");

    let all = &json_lines(&project.run(&["stats", "--format", "json"]))[0];
    assert_eq!(all["items"], 3);
    assert_eq!(all["feeds"][0]["name"], "feed0");
    assert_eq!(all["feeds"][0]["items"], 3);
    assert_eq!(all["feeds"][1]["items"], 0);
    assert_eq!(all["tags"][0]["items"], 2);
    let days = all["days"].as_array().expect("days");
    let total: i64 = days
        .iter()
        .map(|d| d["items"].as_i64().expect("count"))
        .sum();
    assert_eq!(total, 3);
    let names: Vec<&str> = days
        .iter()
        .map(|d| d["name"].as_str().expect("day"))
        .collect();
    assert_eq!(
        names.first(),
        Some(&ago(24 * 20).format("%Y-%m-%d").to_string().as_str())
    );
    assert!(
        names.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {names:?}"
    );
    assert_eq!(all["failing"][0]["name"], "feed1");
    assert_eq!(all["failing"][0]["last_error"], "HTTP 404 Not Found");

    let week = &json_lines(&project.run(&["stats", "--since", "7d", "--format", "json"]))[0];
    assert_eq!(week["items"], 2);
    assert_eq!(week["tags"][0]["name"], "cyberattack");
    assert_eq!(week["tags"][0]["items"], 1);

    let table = ok(&project.run(&["stats", "--since", "7d"]));
    assert!(table.starts_with("2 items since "), "{table}");
    for expected in [
        "ITEMS  FEED",
        "ITEMS  TAG",
        "ITEMS  DAY",
        "HTTP 404 Not Found",
    ] {
        assert!(
            table.contains(expected),
            "{expected:?} missing in:\n{table}"
        );
    }
    let csv = ok(&project.run(&["stats", "--format", "csv"]));
    assert!(csv.starts_with("kind,name,count,detail\n"), "{csv}");
    assert!(csv.contains("failing,feed1,1,HTTP 404 Not Found"), "{csv}");
}

#[test]
fn atom_export_round_trips_through_a_feed_parser() {
    let server = FeedServer::start();
    let project = search_project(&server);
    tag(
        &project,
        "Ransomware attack shuts hospital systems",
        "ransomware",
        "ransomware attack",
    );
    tag(
        &project,
        "Cyberattaque contre l'hôpital de Genève",
        "other",
        "cyberattaque <b>&</b>",
    );
    let xml = ok(&project.run(&["export", "--tag", "cyberattack", "--format", "atom"]));
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(feed.id, "urn:feedsentry:export:tag%3Dcyberattack");
    assert_eq!(feed.entries.len(), 2);
    // The fixture's times were computed from "now" when it was served, a moment ago.
    let newest = ago(24).timestamp();
    let updated = feed.updated.map_or(0, |t| t.timestamp());
    assert!(
        (newest - 5..=newest).contains(&updated),
        "updated {updated}, expected about {newest}"
    );
    let first = &feed.entries[0];
    assert_eq!(
        first.title.as_ref().map(|t| t.content.as_str()),
        Some("Ransomware attack shuts hospital systems")
    );
    assert_eq!(
        first.links[0].href,
        "https://news.example/story?id=1&page=1"
    );
    assert_eq!(first.links[0].rel.as_deref(), Some("alternate"));
    assert_eq!(
        first.published.map(|t| t.timestamp()),
        Some(updated),
        "the newest entry sets updated"
    );
    let terms: Vec<&str> = first.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["cyberattack", "cyberattack:ransomware"]);
    assert_eq!(
        first.authors[0].name.as_deref(),
        Some("news"),
        "the source feed names the author"
    );
    assert_eq!(
        first.summary.as_ref().map(|s| s.content.as_str()),
        Some("Clinics in the region diverted patients.")
    );
    let second = &feed.entries[1];
    assert_eq!(
        second.title.as_ref().map(|t| t.content.as_str()),
        Some("Cyberattaque contre l'hôpital de Genève")
    );
    assert!(xml.contains("<source>"), "{xml}");
    assert!(
        xml.contains(&format!(
            "<title>news</title>\n      <link rel=\"self\" href=\"{}\"/>",
            server.url("/news.xml")
        )),
        "{xml}"
    );

    let since = ok(&project.run(&["export", "--tag", "cyberattack", "--since", "2d"]));
    let narrowed = feed_rs::parser::parse(since.as_bytes()).expect("parse");
    assert_eq!(
        narrowed.entries.len(),
        1,
        "atom is the default and --since applies"
    );
}

#[test]
fn json_feed_and_csv_exports() {
    let server = FeedServer::start();
    let project = search_project(&server);
    tag(
        &project,
        "Ransomware attack shuts hospital systems",
        "ransomware",
        "ransomware attack",
    );
    let text = ok(&project.run(&["export", "--tag", "cyberattack", "--format", "json"]));
    let document: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
    assert_eq!(document["version"], "https://jsonfeed.org/version/1.1");
    let items = document["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["url"], "https://news.example/story?id=1&page=1");
    assert_eq!(
        items[0]["title"],
        "Ransomware attack shuts hospital systems"
    );
    assert_eq!(items[0]["tags"][1], "cyberattack:ransomware");
    assert_eq!(
        items[0]["content_text"],
        "Clinics in the region diverted patients."
    );
    assert_eq!(items[0]["_feedsentry"]["feeds"][0]["name"], "news");
    assert_eq!(
        items[0]["_feedsentry"]["evidence"][0]["evidence"],
        "ransomware attack"
    );
    let published = items[0]["date_published"].as_str().expect("date");
    assert!(
        DateTime::parse_from_rfc3339(published).is_ok(),
        "{published}"
    );

    let csv = ok(&project.run(&["export", "--search", "ransomware", "--format", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,published,feeds,title,link,tags,evidence")
    );
    assert_eq!(lines.count(), 5);
}

/// A subscription list as a feed reader exports it: folders, nested folders, entities, a feed
/// the configuration already has and an entry that is not a web feed.
const READER_OPML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- OPML generated by a feed reader -->
<opml version="2.0">
  <head>
    <title>My subscriptions</title>
    <dateCreated>Tue, 24 Nov 2026 18:02:11 +0000</dateCreated>
    <ownerName>Sam</ownerName>
  </head>
  <body>
    <outline text="Security" title="Security">
      <outline type="rss" text="Krebs on Security" title="Krebs on Security" xmlUrl="https://krebsonsecurity.com/feed/" htmlUrl="https://krebsonsecurity.com"/>
      <outline type="rss" text="Already here" title="Already here" xmlUrl="https://A.example/feed"/>
      <outline text="Vendors" title="Vendors">
        <outline type="rss" text="Schneier &amp; friends" xmlUrl="https://www.schneier.com/feed/atom/" htmlUrl="https://www.schneier.com/"/>
      </outline>
    </outline>
    <outline text="Tech" title="Tech">
      <outline type="rss" text="ars" title="Ars Technica" xmlUrl="https://feeds.arstechnica.com/arstechnica/index" htmlUrl="https://arstechnica.com"/>
      <outline type="rss" text="Old gopher" xmlUrl="gopher://old.example/feed"/>
    </outline>
    <outline type="link" text="A web page" url="https://page.example/"/>
  </body>
</opml>
"#;

/// A configuration written by hand, comments and odd spacing included.
const HAND_WRITTEN: &str = "# feedsentry, set up by hand\n[storage]\ndatabase = \"fs.db\"   # beside this file\n\n[poll]\ninterval   = \"30m\"  # the default\n# min_interval = \"5m\"\n\n# --- security news ---\n[[feeds]]\nurl = \"https://a.example/feed\"  # A's feed\nname = \"A\"\n\n# B is noisy: poll it less often\n[[feeds]]\nurl = \"https://b.example/rss\"\ninterval = \"2h\"\n\n# end of the list\n";

fn read_config(project: &Project) -> String {
    std::fs::read_to_string(project.config()).expect("read config")
}

#[test]
fn feeds_add_and_remove_keep_the_rest_of_the_file_byte_for_byte() {
    let project = Project::with_config(HAND_WRITTEN);
    let out = ok(&project.run(&[
        "feeds",
        "add",
        "https://c.example/atom.xml",
        "--name",
        "C \"quoted\" news",
        "--interval",
        "15m",
    ]));
    assert!(out.contains("added https://c.example/atom.xml"), "{out}");
    let (before, after) =
        HAND_WRITTEN.split_at(HAND_WRITTEN.find("\n# end of the list").expect("marker"));
    let added = "\n[[feeds]]\nurl = \"https://c.example/atom.xml\"\nname = 'C \"quoted\" news'\ninterval = \"15m\"\n";
    assert_eq!(read_config(&project), format!("{before}{added}{after}"));
    let check = ok(&project.run(&["check-config"]));
    assert!(
        check.contains("+ https://c.example/atom.xml (C \"quoted\" news) every 15m"),
        "{check}"
    );

    ok(&project.run(&["feeds", "remove", "https://b.example/rss"]));
    let without_b = HAND_WRITTEN.replace(
        "\n# B is noisy: poll it less often\n[[feeds]]\nurl = \"https://b.example/rss\"\ninterval = \"2h\"\n",
        "",
    );
    let (before, after) =
        without_b.split_at(without_b.find("\n# end of the list").expect("marker"));
    assert_eq!(read_config(&project), format!("{before}{added}{after}"));
    ok(&project.run(&["feeds", "remove", "A"]));
    assert!(!read_config(&project).contains("a.example"));
    assert!(read_config(&project).starts_with(
        "# feedsentry, set up by hand\n[storage]\ndatabase = \"fs.db\"   # beside this file\n\n[poll]\ninterval   = \"30m\"  # the default\n# min_interval = \"5m\"\n"
    ));
}

#[test]
fn feeds_edits_that_would_not_load_change_nothing() {
    let project = Project::with_config(HAND_WRITTEN);
    let config = project.config().display().to_string();
    let bad_url = project.run(&["feeds", "add", "not a url"]);
    let stderr = String::from_utf8_lossy(&bad_url.stderr);
    assert!(stderr.contains("feeds add: the URL: "), "{stderr}");
    assert!(!stderr.contains(&config), "{stderr}");
    for (args, message) in [
        (
            &["feeds", "add", "https://c.example/", "--interval", "1m"][..],
            "shorter than [poll] min_interval",
        ),
        (&["feeds", "add", "not a url"][..], "bad feed URL"),
        (
            &["feeds", "add", "https://A.example/feed"][..],
            "already in",
        ),
        (
            &["feeds", "remove", "nosuch"][..],
            "no feed named \"nosuch\"",
        ),
    ] {
        let out = project.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert_eq!(
            read_config(&project),
            HAND_WRITTEN,
            "{args:?} changed the file"
        );
    }
    let out = project.run(&["feeds", "add", "https://c.example/", "--interval", "1m"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("feeds add: --interval: interval 1m is shorter than [poll] min_interval"),
        "the option the user wrote: {stderr}"
    );
    assert!(
        !stderr.contains(":21:"),
        "no line of a file never written: {stderr}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(project.dir.path())
        .expect("list folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn opml_import_and_export_round_trip() {
    let project = Project::with_config(HAND_WRITTEN);
    let opml_path = project.dir.path().join("subscriptions.opml");
    std::fs::write(&opml_path, READER_OPML).expect("write OPML");
    let opml_arg = opml_path.to_str().expect("utf-8");
    let out = ok(&project.run(&["feeds", "import", opml_arg]));
    assert!(
        out.contains("added 3, skipped 2 (1 already listed, 1 not http(s))"),
        "{out}"
    );
    let text = read_config(&project);
    assert!(
        text.starts_with(
            HAND_WRITTEN
                .split("\n# end of the list")
                .next()
                .expect("head")
        ),
        "the file above the new entries is unchanged:\n{text}"
    );
    assert!(text.ends_with("\n# end of the list\n"), "{text}");
    let loaded = feedsentry::config::load(&project.config()).unwrap_or_else(|e| panic!("{e}"));
    let listed: Vec<(&str, Option<&str>)> = loaded
        .feeds
        .iter()
        .map(|f| (f.url.as_str(), f.name.as_deref()))
        .collect();
    assert_eq!(
        listed,
        [
            ("https://a.example/feed", Some("A")),
            ("https://b.example/rss", None),
            (
                "https://krebsonsecurity.com/feed/",
                Some("Krebs on Security")
            ),
            (
                "https://www.schneier.com/feed/atom/",
                Some("Schneier & friends")
            ),
            (
                "https://feeds.arstechnica.com/arstechnica/index",
                Some("Ars Technica")
            ),
        ]
    );

    let again = ok(&project.run(&["feeds", "import", opml_arg]));
    assert!(again.contains("added 0, skipped 5"), "{again}");
    assert_eq!(
        read_config(&project),
        text,
        "a second import changes nothing"
    );

    let exported = ok(&project.run(&["feeds", "export"]));
    assert!(
        exported.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">")
    );
    assert!(exported.contains(
        r#"<outline type="rss" text="Schneier &amp; friends" title="Schneier &amp; friends" xmlUrl="https://www.schneier.com/feed/atom/"/>"#
    ), "{exported}");
    let outlines = feedsentry::opml::read(&exported).expect("our OPML reads back");
    let urls: Vec<&str> = outlines.iter().map(|o| o.url.as_str()).collect();
    let configured: Vec<&str> = listed.iter().map(|(u, _)| *u).collect();
    assert_eq!(urls, configured);

    let fresh = Project::with_config("[storage]\ndatabase = \"fs.db\"\n");
    let copy = fresh.dir.path().join("copy.opml");
    std::fs::write(&copy, &exported).expect("write copy");
    let out = ok(&fresh.run(&["feeds", "import", copy.to_str().expect("utf-8")]));
    assert!(out.contains("added 5, skipped 0"), "{out}");
    let reloaded = feedsentry::config::load(&fresh.config()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reloaded.feeds.len(), 5);
    assert_eq!(reloaded.feeds[0].name.as_deref(), Some("A"));
    assert_eq!(
        reloaded.feeds[1].name.as_deref(),
        Some("b.example"),
        "named by host when untitled"
    );

    let broken = project.dir.path().join("broken.opml");
    std::fs::write(&broken, "<opml><body><outline xmlUrl='x></body></opml>").expect("write");
    let out = project.run(&["feeds", "import", broken.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.opml"));
}

#[test]
fn a_watching_daemon_picks_up_feeds_add() {
    let server = FeedServer::start();
    server.feed(
        "/a.xml",
        rss("A", &item("a-1", "https://a.example/1", "One")),
    );
    server.feed(
        "/b.xml",
        rss("B", &item("b-1", "https://b.example/1", "Two")),
    );
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n\n[poll]\ninterval = \"2s\"\nmin_interval = \"1s\"\nshutdown_grace = \"3s\"\nwatch_config = true\n\n[[feeds]]\nurl = \"{}\"\n",
        server.url("/a.xml")
    ));
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", Duration::from_secs(20));
    ok(&project.run(&["feeds", "add", &server.url("/b.xml"), "--name", "B"]));
    wait_until("b polled after feeds add", Duration::from_secs(20), || {
        !server.requests_to("/b.xml").is_empty()
    });
    daemon.signal("TERM");
    assert_eq!(daemon.wait_exit(Duration::from_secs(10)).code(), Some(0));
}

#[test]
fn reading_commands_work_while_a_writer_holds_a_transaction() {
    let server = FeedServer::start();
    let project = search_project(&server);
    let id = tag(
        &project,
        "Clinic data stolen in ransomware raid",
        "data-breach",
        "stolen",
    );
    let writer = project.db();
    writer
        .execute_batch(
            "BEGIN IMMEDIATE; UPDATE items SET plain_title = 'rewritten'; DELETE FROM item_tags;",
        )
        .expect("hold a write transaction");
    assert_eq!(search(&project, "ransomware").len(), 5);
    assert!(ok(&project.run(&["show", &id.to_string()])).contains("data-breach: stolen"));
    assert_eq!(
        json_lines(&project.run(&["stats", "--format", "json"]))[0]["items"],
        9
    );
    let atom = ok(&project.run(&["export", "--tag", "cyberattack"]));
    assert_eq!(
        feed_rs::parser::parse(atom.as_bytes())
            .expect("atom")
            .entries
            .len(),
        1
    );
    assert!(ok(&project.run(&["feeds", "export"])).contains(&server.url("/news.xml")));
    writer.execute_batch("ROLLBACK").expect("rollback");
}

#[test]
fn wide_titles_fit_the_terminal_by_columns() {
    let server = FeedServer::start();
    let stories: String = (0..12)
        .map(|n| {
            story(
                n,
                &format!("랜섬웨어 공격으로 병원 시스템 마비 {n}번째 보도: 환자 기록 유출 우려"),
                "서울",
                n as i64 + 1,
            )
        })
        .collect();
    server.feed("/ko.xml", rss("Korean", &stories));
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n\n[[feeds]]\nurl = \"{}\"\nname = \"보안뉴스 한국어 피드\"\n",
        server.url("/ko.xml")
    ));
    project.fetch();
    for columns in ["100", "72"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_feedsentry"))
            .args([
                "--config",
                project.config().to_str().expect("utf-8"),
                "items",
            ])
            .env("COLUMNS", columns)
            .output()
            .expect("run binary");
        let table = ok(&out);
        let limit: usize = columns.parse().expect("number");
        assert_eq!(table.lines().count(), 13, "{table}");
        for line in table.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= limit,
                "{line:?} is wider than {columns} columns"
            );
        }
        assert!(table.contains('…'), "titles were cut: {table}");
    }
}

#[test]
fn terminal_escape_sequences_are_removed_when_items_are_stored() {
    let server = FeedServer::start();
    server.feed(
        "/feed.json",
        r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
            {"id": "e1", "title": "\u001b[31mRansomware\u001b[0m attack hits \u009b1mport",
             "content_text": "Hackers\u001b]0;owned\u0007 encrypted files.\u001b[2J"}]}"#,
    );
    let project = Project::new("", &[server.url("/feed.json")]);
    project.fetch();
    let (title, content): (String, String) = project
        .db()
        .query_row("SELECT plain_title, plain_content FROM items", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("stored");
    assert_eq!(title, "Ransomware attack hits port");
    assert_eq!(content, "Hackers encrypted files.");
    let evidence: String = project
        .db()
        .query_row("SELECT group_concat(evidence) FROM item_tags", [], |r| {
            r.get(0)
        })
        .expect("tagged");
    assert!(evidence.contains("\"ransomware\""), "{evidence}");
    assert!(!evidence.contains("31m"), "{evidence}");
}

#[test]
fn published_follows_one_rule_in_every_output() {
    let server = FeedServer::start();
    server.feed(
        "/undated.xml",
        rss(
            "Undated",
            "<item><title>No date given</title><guid>u1</guid><link>https://u.example/1</link></item>",
        ),
    );
    let project = Project::new("", &[server.url("/undated.xml")]);
    project.fetch();
    let first_seen: String = project
        .db()
        .query_row("SELECT first_seen FROM items", [], |r| r.get(0))
        .expect("stored");
    let json = &json_lines(&project.run(&["items", "--format", "json"]))[0];
    assert_eq!(json["published"], first_seen.as_str());
    assert_eq!(json["first_seen"], first_seen.as_str());
    let shown = &json_lines(&project.run(&["show", "1", "--format", "json"]))[0];
    assert_eq!(shown["published"], first_seen.as_str());
    let csv = ok(&project.run(&["items", "--format", "csv"]));
    assert!(csv.contains(&format!("1,{first_seen},feed0,")), "{csv}");
    let export: serde_json::Value =
        serde_json::from_str(&ok(&project.run(&["export", "--format", "json"])))
            .expect("a JSON Feed");
    assert_eq!(export["items"][0]["date_published"], first_seen.as_str());
    let view: String = project
        .db()
        .query_row("SELECT published FROM v_items", [], |r| r.get(0))
        .expect("view");
    assert_eq!(view, first_seen);
}

#[test]
fn stats_tell_feeds_apart_and_hide_idle_ones_in_a_window() {
    let server = FeedServer::start();
    server.feed("/a.xml", rss("A", &story(1, "Fresh story", "x", 2)));
    server.feed("/b.xml", rss("B", &story(2, "Old story", "y", 24 * 30)));
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n\n[[feeds]]\nurl = \"{}\"\nname = \"wire\"\n\n\
         [[feeds]]\nurl = \"{}\"\nname = \"wire\"\n",
        server.url("/a.xml"),
        server.url("/b.xml")
    ));
    project.fetch();
    let table = ok(&project.run(&["stats"]));
    assert!(
        table.contains(&format!("wire <{}>", server.url("/a.xml"))),
        "{table}"
    );
    assert!(
        table.contains(&format!("wire <{}>", server.url("/b.xml"))),
        "{table}"
    );
    let week = &json_lines(&project.run(&["stats", "--since", "7d", "--format", "json"]))[0];
    let feeds = week["feeds"].as_array().expect("feeds");
    assert_eq!(feeds.len(), 1, "{week}");
    assert_eq!(feeds[0]["url"], server.url("/a.xml").as_str());
    let all =
        &json_lines(&project.run(&["stats", "--since", "7d", "--all", "--format", "json"]))[0];
    assert_eq!(all["feeds"].as_array().expect("feeds").len(), 2);

    // Every key of the JSON object is the one `--help` documents, and no other.
    let help = ok(&project.run(&["stats", "--help"]));
    let keys: Vec<&String> = week.as_object().expect("an object").keys().collect();
    for key in &keys {
        assert!(
            help.contains(&format!("`{key}`")),
            "{key} not in --help:\n{help}"
        );
    }
    for key in ["since", "items", "feeds", "tags", "days", "failing"] {
        assert!(
            keys.iter().any(|k| *k == key),
            "{key} documented, not printed"
        );
    }
    for key in ["name", "url", "items"] {
        assert!(feeds[0].get(key).is_some(), "feeds[].{key}");
        assert!(help.contains(&format!("`{key}`")), "{key} not in --help");
    }
}
