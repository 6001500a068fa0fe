//! PostgreSQL: `migrate --to` copies a fetched SQLite database into a real server, again and
//! again, and what analysts query there (views, accent-blind search) matches SQLite.

use crate::common::postgres::TestDatabase;
use crate::common::server::FeedServer;
use crate::common::{Project, fixture, item, rss};

/// A fetched project: the tagging fixture, and a feed of our own whose items `extra` extends.
fn fetched(extra: &str) -> (FeedServer, Project) {
    let server = FeedServer::start();
    server.feed("/tagging.xml", fixture("tagging.xml"));
    server.feed(
        "/own.xml",
        rss(
            "Own",
            &format!(
                "{}{extra}",
                item(
                    "o1",
                    "https://news.example/o1",
                    "Ciberataque paralisa a Câmara Municipal de Lisboa"
                )
            ),
        ),
    );
    let project = Project::new("", &[server.url("/tagging.xml"), server.url("/own.xml")]);
    project.fetch();
    (server, project)
}

/// Runs `migrate --to` and returns its table: (table, copied, new, removed, in postgres).
fn migrate(project: &Project, db: &TestDatabase) -> Vec<(String, i64, i64, i64, i64)> {
    let out = project.run(&["migrate", "--to", &db.url]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let assigned = stdout
        .lines()
        .find(|line| line.starts_with("incidents: "))
        .expect("the incidents line");
    assert!(assigned.ends_with(" incidents"), "{assigned}");
    stdout
        .lines()
        .skip(2)
        .take_while(|line| !line.starts_with("incidents: "))
        .map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            let n = |i: usize| cells[i].parse::<i64>().expect("a count");
            (cells[0].to_string(), n(1), n(2), n(3), n(4))
        })
        .collect()
}

/// Every tag with its evidence, as (item id, tag, evidence), from SQLite.
fn sqlite_tags(project: &Project) -> Vec<Vec<String>> {
    let db = project.db();
    let mut statement = db
        .prepare("SELECT item_id, tag, evidence FROM item_tags ORDER BY item_id, tag")
        .expect("prepare");
    statement
        .query_map([], |r| {
            Ok(vec![r.get::<_, i64>(0)?.to_string(), r.get(1)?, r.get(2)?])
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn postgres_tags(db: &TestDatabase) -> Vec<Vec<String>> {
    db.rows("SELECT item_id, tag, evidence FROM item_tags ORDER BY item_id, tag")
}

#[test]
fn migrate_copies_every_table_and_a_second_run_adds_nothing() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let (_server, project) = fetched("");
    let first = migrate(&project, &db);
    let names: Vec<&str> = first.iter().map(|row| row.0.as_str()).collect();
    assert_eq!(
        names,
        ["feeds", "items", "item_feeds", "item_keys", "item_tags"]
    );
    for (table, copied, new, removed, total) in &first {
        let stored = project.count(&format!("SELECT count(*) FROM {table}"));
        assert!(stored > 0, "{table} is empty in SQLite");
        assert_eq!(
            (*copied, *new, *removed, *total),
            (stored, stored, 0, stored),
            "{table}"
        );
    }
    assert_eq!(postgres_tags(&db), sqlite_tags(&project));
    let second = migrate(&project, &db);
    for (table, copied, new, _, total) in &second {
        assert_eq!(*new, 0, "{table} added rows on a second run");
        assert_eq!(copied, total, "{table}");
    }
}

#[test]
fn a_rerun_carries_new_items_and_drops_tags_sqlite_no_longer_has() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let (server, project) = fetched("");
    migrate(&project, &db);
    server.feed(
        "/own.xml",
        rss(
            "Own",
            &format!(
                "{}{}",
                item(
                    "o1",
                    "https://news.example/o1",
                    "Ciberataque paralisa a Câmara Municipal de Lisboa"
                ),
                item(
                    "o2",
                    "https://news.example/o2",
                    "Hospital network hit by ransomware attack"
                )
            ),
        ),
    );
    project.fetch();
    project
        .db()
        .execute(
            "DELETE FROM item_tags WHERE item_id = (SELECT min(item_id) FROM item_tags)",
            [],
        )
        .expect("remove a tag as a retag would");
    let rerun = migrate(&project, &db);
    let items = rerun
        .iter()
        .find(|row| row.0 == "items")
        .expect("items row");
    assert_eq!(items.2, 1, "one new item");
    let tags = rerun
        .iter()
        .find(|row| row.0 == "item_tags")
        .expect("tags row");
    assert!(tags.3 >= 1, "the removed tag is removed: {tags:?}");
    assert_eq!(postgres_tags(&db), sqlite_tags(&project));
    let next = db.count("SELECT nextval(pg_get_serial_sequence('items', 'id'))");
    assert!(
        next > project.count("SELECT max(id) FROM items"),
        "new ids follow the copied ones"
    );
}

#[test]
fn postgres_views_and_search_answer_as_sqlite_does() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let (_server, project) = fetched("");
    migrate(&project, &db);
    // One text column per row, read from both databases.
    let both = |sql: &str| -> (Vec<String>, Vec<String>) {
        let conn = project.db();
        let mut statement = conn.prepare(sql).expect("prepare");
        let sqlite = statement
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        let postgres = db.rows(sql).into_iter().map(|row| row[0].clone()).collect();
        (sqlite, postgres)
    };
    let (sqlite, postgres) =
        both("SELECT title || '|' || category || '|' || feeds FROM v_cyberattacks ORDER BY id");
    assert!(!sqlite.is_empty());
    assert_eq!(postgres, sqlite);
    let (sqlite, postgres) = both(
        "SELECT id || '|' || title || '|' || COALESCE(victim, '') || '|' || items || '|'
            || outlets || '|' || feeds || '|' || item_ids FROM v_incidents ORDER BY id",
    );
    assert!(!sqlite.is_empty());
    assert_eq!(postgres, sqlite, "migrate assigns incidents as SQLite did");
    let found = db.rows(
        "SELECT plain_title FROM items
         WHERE search @@ websearch_to_tsquery('simple', feedsentry_fold('CAMARA lisboa'))",
    );
    assert_eq!(
        found,
        [["Ciberataque paralisa a Câmara Municipal de Lisboa".to_string()]]
    );
}

#[test]
fn a_newer_postgres_schema_is_refused() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let (_server, project) = fetched("");
    migrate(&project, &db);
    db.rows("UPDATE feedsentry_schema SET version = version + 1");
    let out = project.run(&["migrate", "--to", &db.url]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("newer than this feedsentry"), "{stderr}");
}

#[test]
fn bad_or_unreachable_postgres_urls_are_named_without_their_password() {
    let project = Project::new("", &[]);
    let out = project.run(&["migrate", "--to", "mysql://ann@127.0.0.1/news"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("postgres://"));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let url = format!("postgres://ann:hunter2@127.0.0.1:{port}/news");
    std::fs::write(project.database(), b"").ok();
    project.fetch();
    let out = project.run(&["migrate", "--to", &url]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "cannot connect to postgres://ann:***@127.0.0.1:{port}/news"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn reading_commands_change_nothing_and_a_read_only_analyst_can_run_them() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let (_server, project) = fetched("");
    let empty = Project::with_config(&format!("[storage]\ndatabase = \"{}\"\n", db.url));
    let out = empty.run(&["items"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("schema version 0"), "{stderr}");
    assert_eq!(
        db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"),
        0
    );

    migrate(&project, &db);
    let role = format!("analyst_{}", std::process::id());
    db.rows(&format!(
        "CREATE ROLE {role} LOGIN;
         GRANT CONNECT ON DATABASE {name} TO {role};
         GRANT USAGE ON SCHEMA public TO {role};
         GRANT SELECT ON feedsentry_schema, feeds, items, item_feeds, item_tags, v_items,
             v_cyberattacks, incidents, item_incidents, item_entities, v_incidents TO {role};
         GRANT EXECUTE ON FUNCTION feedsentry_fold(text) TO {role};",
        name = db.url.rsplit('/').next().expect("a database name"),
    ));
    let analyst_url = db.url.replacen("://feedsentry@", &format!("://{role}@"), 1);
    let analyst = Project::with_config(&format!("[storage]\ndatabase = \"{analyst_url}\"\n"));
    let found = analyst.run(&["items", "--search", "camara", "--format", "json"]);
    let incidents = analyst.run(&["incidents", "--format", "json"]);
    db.rows(&format!("DROP OWNED BY {role}; DROP ROLE {role};"));
    assert_eq!(
        found.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );
    assert!(String::from_utf8_lossy(&found.stdout).contains("Câmara"));
    assert_eq!(
        incidents.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&incidents.stderr)
    );
    assert!(String::from_utf8_lossy(&incidents.stdout).contains("Câmara"));
}
