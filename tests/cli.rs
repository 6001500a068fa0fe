//! The command line through the real binary: output shapes, config errors, exit codes.

use std::path::Path;

use crate::common::server::FeedServer;
use crate::common::{Project, binary, fixture};

fn fetched_project(server: &FeedServer) -> Project {
    server.feed("/rss2.xml", fixture("rss2.xml"));
    server.feed("/atom.xml", fixture("atom.xml"));
    let project = Project::new("", &[server.url("/rss2.xml"), server.url("/atom.xml")]);
    project.fetch();
    project
}

fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

#[test]
fn items_json_has_the_documented_shape_newest_first() {
    let server = FeedServer::start();
    let project = fetched_project(&server);
    let items = json_lines(&project.run(&["items", "--format", "json"]));
    assert_eq!(items.len(), 5);
    for item in &items {
        for key in [
            "id",
            "feed",
            "title",
            "link",
            "published",
            "first_seen",
            "tags",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert!(item["id"].is_i64());
        assert!(item["tags"].is_array());
    }
    let published: Vec<&str> = items
        .iter()
        .map(|i| i["published"].as_str().unwrap_or(""))
        .collect();
    let mut sorted = published.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(published, sorted, "newest first");
    assert_eq!(items[0]["title"], "Quarterly results beat forecasts");
    assert_eq!(items[0]["feed"], "feed1");
    assert_eq!(items[0]["published"], "2026-11-24T10:00:00Z");
}

#[test]
fn items_filters_by_feed_since_and_limit() {
    let server = FeedServer::start();
    let project = fetched_project(&server);
    assert_eq!(
        json_lines(&project.run(&["items", "--format", "json", "--feed", "feed0"])).len(),
        3
    );
    assert_eq!(
        json_lines(&project.run(&["items", "--format", "json", "--limit", "2"])).len(),
        2
    );
    assert_eq!(
        json_lines(&project.run(&["items", "--format", "json", "--since", "2026-11-24"])).len(),
        3
    );
    let bad = project.run(&["items", "--since", "last tuesday"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bad --since"));
}

#[test]
fn unknown_tags_and_feeds_are_errors_not_empty_answers() {
    let server = FeedServer::start();
    let project = fetched_project(&server);
    for args in [
        ["--tag", "no-such-tag"],
        ["--tag", "ransom"],
        ["--feed", "feedO"],
        ["--feed", "nothing-like-it"],
    ] {
        for command in ["items", "export"] {
            let out = project.run(&[command, args[0], args[1]]);
            assert_eq!(out.status.code(), Some(2), "{command} {args:?}");
            assert!(out.stdout.is_empty(), "{command} {args:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains(args[1]), "{command} {args:?}: {stderr}");
        }
    }
    let tag =
        String::from_utf8_lossy(&project.run(&["items", "--tag", "ransom"]).stderr).to_string();
    assert!(
        tag.contains("unknown tag; known tags: cyberattack, cyberattack:data-breach"),
        "{tag}"
    );
    let feed =
        String::from_utf8_lossy(&project.run(&["items", "--feed", "feedO"]).stderr).to_string();
    assert!(feed.contains("did you mean \"feed0\""), "{feed}");
    // A bare category and any case name the stored tags.
    project
        .db()
        .execute(
            "INSERT OR IGNORE INTO item_tags (item_id, tag, evidence)
             SELECT id, 'cyberattack:ransomware', 'x' FROM items WHERE guid = 'gazette-1001'
             UNION ALL SELECT id, 'cyberattack', 'x' FROM items WHERE guid = 'gazette-1001'",
            [],
        )
        .expect("tag an item");
    let count =
        |tag: &str| json_lines(&project.run(&["items", "--format", "json", "--tag", tag])).len();
    let ransomware =
        project.count("SELECT count(*) FROM item_tags WHERE tag = 'cyberattack:ransomware'");
    let attacks = project.count("SELECT count(*) FROM item_tags WHERE tag = 'cyberattack'");
    assert!(ransomware >= 1);
    assert_eq!(count("ransomware") as i64, ransomware);
    assert_eq!(count("CYBERATTACK:Ransomware") as i64, ransomware);
    assert_eq!(count("Cyberattack") as i64, attacks);
    assert_eq!(
        json_lines(&project.run(&["items", "--format", "json", "--feed", "FEED0"])).len(),
        3
    );
}

#[test]
fn time_options_say_what_is_wrong() {
    let server = FeedServer::start();
    let project = fetched_project(&server);
    for args in [
        ["items", "--since", "-1d"],
        ["items", "--until", "+2h"],
        ["stats", "--since", "-1d"],
    ] {
        let out = project.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("takes no sign"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_reader_that_closes_early_ends_the_command_quietly() {
    let server = FeedServer::start();
    let project = fetched_project(&server);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_feedsentry"))
        .args([
            "--config",
            project.config().to_str().expect("utf-8"),
            "items",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the binary");
    // Close the reading end before the binary writes: `items | head -0`.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn items_table_and_csv() {
    let server = FeedServer::start();
    let project = fetched_project(&server);
    let table = project.run(&["items"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.starts_with("ID"), "{text}");
    assert!(text.contains("Water utility restores"), "{text}");
    let csv = project.run(&["items", "--format", "csv"]);
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(
        text.starts_with("id,published,feed,title,tags,link\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 6);
}

#[test]
fn feeds_reports_counts_and_errors() {
    let server = FeedServer::start();
    server.feed("/atom.xml", fixture("atom.xml"));
    let project = Project::new("", &[server.url("/atom.xml"), server.url("/gone.xml")]);
    project.fetch();
    let feeds = json_lines(&project.run(&["feeds", "--format", "json"]));
    assert_eq!(feeds.len(), 2);
    assert_eq!(feeds[0]["name"], "feed0");
    assert_eq!(feeds[0]["items"], 2);
    assert_eq!(feeds[0]["last_status"], 200);
    assert!(feeds[0]["last_error"].is_null());
    assert_eq!(feeds[1]["items"], 0);
    assert_eq!(feeds[1]["last_error"], "HTTP 404 Not Found");
    let table = project.run(&["feeds"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("HTTP 404 Not Found"));
}

#[test]
fn check_config_reports_file_line_and_column() {
    let project = Project::with_config(
        "[poll]\ninterval = \"30m\"\n\n[[feeds]]\nurl = \"https://ok.example/feed\"\nintervall = \"1h\"\n",
    );
    let out = project.run(&["check-config"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:6:1:", project.config().display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("intervall"), "{stderr}");
    let out = project.run(&["fetch"]);
    assert_eq!(out.status.code(), Some(2), "fetch refuses a bad config too");
}

#[test]
fn check_config_prints_what_was_loaded() {
    let project = Project::with_config(
        "[poll]\ninterval = \"45m\"\n[[feeds]]\nurl = \"https://ok.example/feed\"\nname = \"OK\"\n[[feeds]]\nurl = \"https://off.example/feed\"\nenabled = false\n",
    );
    let out = project.run(&["check-config"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("feeds: 2 (1 enabled)"), "{text}");
    assert!(
        text.contains("+ https://ok.example/feed (OK) every 45m"),
        "{text}"
    );
    assert!(text.contains("- https://off.example/feed"), "{text}");
}

#[test]
fn config_is_found_through_the_environment_and_the_working_folder() {
    let project = Project::with_config("[[feeds]]\nurl = \"https://env.example/feed\"\n");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let missing = binary(&["check-config"], elsewhere.path());
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("no configuration found"), "{stderr}");
    assert!(
        stderr.contains("FEEDSENTRY_CONFIG") && stderr.contains("/etc/feedsentry/feedsentry.toml"),
        "{stderr}"
    );

    let by_env = std::process::Command::new(env!("CARGO_BIN_EXE_feedsentry"))
        .arg("check-config")
        .current_dir(elsewhere.path())
        .env("FEEDSENTRY_CONFIG", project.config())
        .output()
        .expect("run binary");
    assert_eq!(by_env.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&by_env.stdout).contains("env.example"));

    let in_cwd = binary(&["check-config"], project.dir.path());
    assert_eq!(in_cwd.status.code(), Some(0), "./feedsentry.toml is found");
}

#[test]
fn database_that_cannot_be_opened_exits_1() {
    let project = Project::with_config("[storage]\ndatabase = \"folder\"\n");
    std::fs::create_dir(project.dir.path().join("folder")).expect("create folder");
    let out = project.run(&["fetch"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open database"));
    let items = project.run(&["items"]);
    assert_eq!(items.status.code(), Some(1));
    let fresh = Project::with_config("");
    let none = fresh.run(&["items"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("does not exist yet"));
}

#[test]
fn reading_commands_work_while_a_writer_holds_a_transaction() {
    let server = FeedServer::start();
    let project = fetched_project(&server);
    let writer = project.db();
    writer
        .execute_batch("BEGIN IMMEDIATE; UPDATE feeds SET name = 'renamed';")
        .expect("hold a write transaction");
    let items = json_lines(&project.run(&["items", "--format", "json"]));
    assert_eq!(items.len(), 5);
    assert_eq!(
        json_lines(&project.run(&["feeds", "--format", "json"]))[0]["name"],
        "feed0"
    );
    writer.execute_batch("ROLLBACK").expect("rollback");
}

#[test]
fn database_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let server = FeedServer::start();
    let project = fetched_project(&server);
    let mode = std::fs::metadata(project.database())
        .expect("database exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn group_readable_databases_and_their_wal_files_are_0640() {
    use std::os::unix::fs::PermissionsExt;
    let server = FeedServer::start();
    server.feed("/atom.xml", fixture("atom.xml"));
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\ngroup_readable = true\n[[feeds]]\nurl = \"{}\"\n",
        server.url("/atom.xml")
    ));
    // The daemon holds the database open as a writer, so that its WAL file exists to be
    // looked at, made by feedsentry and not by the test.
    let mut daemon = crate::common::daemon::Daemon::start(&project);
    daemon.wait_for_note("last pass: 1 polled", std::time::Duration::from_secs(20));
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode(&project.database()).expect("database exists"), 0o640);
    let wal = project.database().with_extension("db-wal");
    assert_eq!(
        mode(&wal).expect("the WAL exists while the daemon writes"),
        0o640,
        "the WAL file takes the database's mode"
    );
    daemon.signal("TERM");
    daemon.wait_exit(std::time::Duration::from_secs(10));
}

#[test]
fn example_config_is_valid() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let config = feedsentry::config::load(&example).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        (20..=40).contains(&config.feeds.len()),
        "{} feeds",
        config.feeds.len()
    );
    assert!(config.feeds.iter().all(|f| f.url.starts_with("https://")));
    let out = binary(
        &["--config", example.to_str().expect("utf-8"), "check-config"],
        example.parent().expect("folder"),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn health_answers_by_exit_status() {
    let server = FeedServer::start();
    server.feed("/rss2.xml", fixture("rss2.xml"));
    let project = Project::new("interval = \"30m\"", &[server.url("/rss2.xml")]);
    let before = project.run(&["health"]);
    assert_eq!(before.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&before.stderr).contains("unhealthy: ")
            && String::from_utf8_lossy(&before.stderr).contains("does not exist"),
        "{}",
        String::from_utf8_lossy(&before.stderr)
    );
    project.fetch();
    let fresh = project.run(&["health"]);
    assert_eq!(
        fresh.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    assert!(String::from_utf8_lossy(&fresh.stdout).starts_with("healthy: the last poll ended"));

    project
        .db()
        .execute(
            "UPDATE feeds SET last_checked = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-61 minutes')",
            [],
        )
        .expect("age the last poll");
    let stale = project.run(&["health"]);
    assert_eq!(stale.status.code(), Some(1));
    let said = String::from_utf8_lossy(&stale.stderr);
    assert!(
        said.contains("unhealthy: the last poll ended 1h 1m"),
        "{said}"
    );
    assert!(said.contains("more than 1h"), "{said}");

    project
        .db()
        .execute_batch("UPDATE feeds SET last_checked = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'); PRAGMA user_version = 1;")
        .expect("an old schema");
    let old = project.run(&["health"]);
    assert_eq!(old.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&old.stderr).contains("schema version 1"));
}

#[test]
fn under_journald_a_configuration_error_is_an_error_priority() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "[poll]\ninterval = \"soon\"\n").expect("write config");
    let log = dir.path().join("journal.log");
    let file = std::fs::File::create(&log).expect("create log");
    let meta = file.metadata().expect("stat");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_feedsentry"))
        .args(["--config", config.to_str().expect("utf-8"), "check-config"])
        .env("JOURNAL_STREAM", format!("{}:{}", meta.dev(), meta.ino()))
        .stderr(file)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run");
    assert_eq!(status.code(), Some(2));
    let written = std::fs::read_to_string(&log).expect("read log");
    assert!(
        written.starts_with(&format!("<3>feedsentry: {}:2:12: ", config.display())),
        "{written}"
    );
}

/// Runs the binary on a pseudo-terminal (util-linux `script`), as a person at a terminal
/// would, and returns everything the terminal received.
fn on_a_terminal(project: &Project, args: &str) -> String {
    let command = format!(
        "{} --config {} {args}",
        env!("CARGO_BIN_EXE_feedsentry"),
        project.config().display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run script(1) from util-linux");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn long_work_shows_progress_on_a_terminal_only() {
    let server = FeedServer::start();
    let urls: Vec<String> = (0..24)
        .map(|n| {
            let path = format!("/f{n}.xml");
            server.feed(
                &path,
                crate::common::rss(
                    "F",
                    &crate::common::item(
                        &format!("g{n}"),
                        &format!("https://x.example/{n}"),
                        "Story",
                    ),
                ),
            );
            server.url(&path)
        })
        .collect();
    let project = Project::new("", &urls);

    let fetched = on_a_terminal(&project, "fetch");
    assert!(
        fetched.contains("/24 feeds"),
        "a bar over the feeds: {fetched}"
    );
    assert!(fetched.contains("new items"), "{fetched}");
    assert!(fetched.contains("total: 24 feeds"), "{fetched}");
    let retagged = on_a_terminal(&project, "retag");
    assert!(
        retagged.contains("/24 items"),
        "a bar over the items: {retagged}"
    );
    let exported = on_a_terminal(&project, "export --format csv");
    assert!(exported.contains("/24 items"), "{exported}");

    let outlines: String = (0..30)
        .map(|n| {
            format!("<outline type=\"rss\" text=\"o{n}\" xmlUrl=\"https://o.example/{n}.xml\"/>")
        })
        .collect();
    let opml = project.dir.path().join("list.opml");
    std::fs::write(
        &opml,
        format!(
            "<?xml version=\"1.0\"?><opml version=\"2.0\"><head/><body>{outlines}</body></opml>"
        ),
    )
    .expect("write OPML");
    let imported = on_a_terminal(&project, &format!("feeds import {}", opml.display()));
    assert!(imported.contains("/30 feeds"), "{imported}");
    assert!(imported.contains("added 30"), "{imported}");

    let json_logs = on_a_terminal(&project, "--log-format json retag");
    assert!(
        !json_logs.contains("/24 items"),
        "no bar beside JSON logs: {json_logs}"
    );
    let piped = project.run(&["retag"]);
    assert!(
        piped.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let piped = project.run(&["fetch"]);
    assert!(
        !String::from_utf8_lossy(&piped.stderr).contains("feeds"),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
}
