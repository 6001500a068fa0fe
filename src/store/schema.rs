//! The schema and its forward migrations, tracked with `PRAGMA user_version`.
//!
//! Each migration runs once, in order, inside one transaction with the version bump, so a
//! database is always at exactly one version. Never edit a released migration: add a new one.

use rusqlite::Connection;

/// The migrations; the database's `user_version` is the number of them applied.
const MIGRATIONS: [&str; 11] = [
    r#"
CREATE TABLE feeds (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT NOT NULL UNIQUE,        -- as configured; identifies the feed
    host                 TEXT NOT NULL,
    name                 TEXT,                        -- from the configuration
    title                TEXT,                        -- from the feed document
    fetch_url            TEXT,                        -- target of a permanent redirect
    in_config            INTEGER NOT NULL DEFAULT 1,  -- 0: removed from the configuration
    enabled              INTEGER NOT NULL DEFAULT 1,
    interval_seconds     INTEGER,
    config_hash          TEXT,
    gone                 INTEGER NOT NULL DEFAULT 0,  -- 1: the server answered 410 Gone
    etag                 TEXT,
    last_modified        TEXT,
    last_checked         TEXT,
    last_success         TEXT,
    last_status          INTEGER,
    last_error           TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_due             TEXT,
    added                TEXT NOT NULL
);

CREATE TABLE items (
    id             INTEGER PRIMARY KEY,
    guid           TEXT,
    link           TEXT,
    canonical_link TEXT,
    title          TEXT NOT NULL,   -- as the feed gave it (may hold HTML)
    summary        TEXT NOT NULL,
    content        TEXT NOT NULL,
    plain_title    TEXT NOT NULL,   -- markup removed: what search and tagging read
    plain_summary  TEXT NOT NULL,
    plain_content  TEXT NOT NULL,
    authors        TEXT NOT NULL,   -- JSON array of strings
    categories     TEXT NOT NULL,   -- JSON array of strings
    published      TEXT,
    updated        TEXT,
    first_seen     TEXT NOT NULL,
    changed        TEXT NOT NULL,   -- last time its content changed
    sort_time      TEXT NOT NULL    -- published, or first_seen when absent or in the future
);
CREATE INDEX items_canonical_link ON items(canonical_link) WHERE canonical_link IS NOT NULL;
CREATE INDEX items_sort_time ON items(sort_time);

CREATE TABLE item_feeds (
    item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (item_id, feed_id)
) WITHOUT ROWID;
CREATE INDEX item_feeds_feed ON item_feeds(feed_id, item_id);

CREATE TABLE item_keys (
    feed_id      INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,     -- identity key of the item within that feed
    item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,     -- digest of the version this feed last sent
    PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;
CREATE UNIQUE INDEX item_keys_item ON item_keys(feed_id, item_id);

CREATE TABLE item_tags (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag      TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (item_id, tag)
) WITHOUT ROWID;
CREATE INDEX item_tags_tag ON item_tags(tag, item_id);
"#,
    super::search::FTS_MIGRATION,
    super::search::FTS_BATCH_MIGRATION,
    COMPACT_KEYS_MIGRATION,
    super::search::FTS_AUTOMERGE_MIGRATION,
    FAILURE_KIND_MIGRATION,
    LANGUAGE_MIGRATION,
    super::outbox::OUTBOX_MIGRATION,
    super::incidents::INCIDENT_MIGRATION,
    super::incidents::KEY_ORDER_MIGRATION,
    super::incidents::INCIDENT_NAMES_MIGRATION,
];

/// Migration 7: each item's language (declared by its feed, else detected); items stored
/// before it have none until they change.
const LANGUAGE_MIGRATION: &str = r#"
ALTER TABLE items ADD COLUMN lang TEXT;
CREATE INDEX items_lang ON items(lang) WHERE lang IS NOT NULL;
"#;

/// Migration 6: the kind of the last failure and the last warning are recorded on the feed,
/// and user names and passwords that older versions stored in feed URLs become `***`.
const FAILURE_KIND_MIGRATION: &str = r#"
ALTER TABLE feeds ADD COLUMN last_error_kind TEXT;
ALTER TABLE feeds ADD COLUMN last_warning TEXT;
UPDATE OR IGNORE feeds
SET url = substr(url, 1, instr(url, '://') + 2) || '***'
          || substr(url, instr(url, '://') + 2 + instr(substr(url, instr(url, '://') + 3), '@'))
WHERE instr(url, '://') > 0
  AND instr(substr(url, instr(url, '://') + 3), '@') > 0
  AND instr(substr(url, instr(url, '://') + 3), '@')
      < instr(substr(url, instr(url, '://') + 3) || '/', '/');
UPDATE feeds
SET fetch_url = NULL
WHERE fetch_url LIKE '%://%@%'
  AND instr(substr(fetch_url, instr(fetch_url, '://') + 3), '@')
      < instr(substr(fetch_url, instr(fetch_url, '://') + 3) || '/', '/');
"#;

/// Migration 4: item keys and content hashes become 16-byte BLOBs (the first half of the
/// SHA-256 digest, see [`crate::identity::ItemKey`]) instead of 64 hex characters, which
/// makes the key index every new item is looked up in a third of its size.
const COMPACT_KEYS_MIGRATION: &str = r#"
CREATE TABLE item_keys_compact (
    feed_id      INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key          BLOB NOT NULL,     -- identity key of the item within that feed
    item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    content_hash BLOB NOT NULL,     -- digest of the version this feed last sent
    PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;
INSERT INTO item_keys_compact (feed_id, key, item_id, content_hash)
SELECT feed_id,
       CASE typeof(key) WHEN 'blob' THEN key ELSE unhex(substr(key, 1, 32)) END,
       item_id,
       CASE typeof(content_hash) WHEN 'blob' THEN content_hash
            ELSE unhex(substr(content_hash, 1, 32)) END
FROM item_keys;
DROP TABLE item_keys;
ALTER TABLE item_keys_compact RENAME TO item_keys;
CREATE UNIQUE INDEX item_keys_item ON item_keys(feed_id, item_id);
"#;

/// The schema version this build writes and reads.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// The database's schema version.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies the migrations the database lacks. Fails on a database newer than this build.
pub fn migrate(conn: &mut Connection) -> Result<(), String> {
    let found = version(conn).map_err(|e| e.to_string())?;
    if found > CURRENT_VERSION {
        return Err(format!(
            "the database has schema version {found}, newer than this feedsentry ({CURRENT_VERSION}); upgrade feedsentry"
        ));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        // The views are dropped around every migration and made again after the last one, so
        // they always read the tables as the current schema has them.
        let last = index + 1 == MIGRATIONS.len();
        tx.execute_batch(super::views::DROP_VIEWS)
            .and_then(|()| tx.execute_batch(sql))
            .and_then(|()| {
                if last {
                    tx.execute_batch(super::views::CREATE_VIEWS)
                } else {
                    Ok(())
                }
            })
            .and_then(|()| tx.pragma_update(None, "user_version", index as i64 + 1))
            .and_then(|()| tx.commit())
            .map_err(|e| format!("migration to schema version {} failed: {e}", index + 1))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_an_empty_database_once() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        migrate(&mut conn).expect("first migration");
        assert_eq!(version(&conn).expect("version"), CURRENT_VERSION);
        migrate(&mut conn).expect("second run is a no-op");
        assert_eq!(version(&conn).expect("version"), CURRENT_VERSION);
    }

    #[test]
    fn compacting_keys_keeps_every_item_recognisable() {
        use crate::identity::{digest, identity_key, item_key};
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        for sql in &MIGRATIONS[..3] {
            conn.execute_batch(sql).expect("older migration");
        }
        conn.pragma_update(None, "user_version", 3)
            .expect("set version");
        conn.execute_batch(
            "INSERT INTO feeds (id, url, host, added) VALUES (1, 'https://a.example/feed', 'a.example', 'x');
             INSERT INTO items (id, title, summary, content, plain_title, plain_summary,
                 plain_content, authors, categories, first_seen, changed, sort_time)
             VALUES (7, 't', '', '', 't', '', '', '[]', '[]', 'x', 'x', 'x');",
        )
        .expect("rows of a version 3 database");
        conn.execute(
            "INSERT INTO item_keys (feed_id, key, item_id, content_hash) VALUES (1, ?1, 7, ?2)",
            [digest(&["guid", "g1"]), digest(&["version one"])],
        )
        .expect("hex key as version 3 wrote it");
        migrate(&mut conn).expect("migration");
        let (key, hash, item): (Vec<u8>, Vec<u8>, i64) = conn
            .query_row(
                "SELECT key, content_hash, item_id FROM item_keys",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("one key");
        assert_eq!(key, identity_key(Some("g1"), None, "", None));
        assert_eq!(hash, item_key(&["version one"]));
        assert_eq!(item, 7);
    }

    #[test]
    fn credentials_stored_by_older_versions_are_redacted() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).expect("older migration");
        }
        conn.pragma_update(None, "user_version", 5)
            .expect("set version");
        conn.execute_batch(
            "INSERT INTO feeds (id, url, host, fetch_url, added) VALUES
                 (1, 'https://bob:pw@a.example/feed', 'a.example', 'https://bob:pw@b.example/', 'x'),
                 (2, 'https://c.example/a@b', 'c.example', NULL, 'x');",
        )
        .expect("rows of a version 5 database");
        migrate(&mut conn).expect("migration");
        let urls: Vec<(String, Option<String>)> = conn
            .prepare("SELECT url, fetch_url FROM feeds ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .expect("feeds");
        assert_eq!(
            urls,
            vec![
                ("https://***@a.example/feed".to_string(), None),
                ("https://c.example/a@b".to_string(), None),
            ]
        );
    }

    #[test]
    fn refuses_a_newer_database() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        conn.pragma_update(None, "user_version", CURRENT_VERSION + 1)
            .expect("set version");
        let err = migrate(&mut conn).expect_err("newer schema must be refused");
        assert!(err.contains("newer than this feedsentry"), "{err}");
    }
}
