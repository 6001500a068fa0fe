//! The SQL views offered to people who query the database with `sqlite3`.
//!
//! Their columns are a contract like the tables': a column may be added, never renamed or
//! removed. [`super::schema::migrate`] drops them before each migration and makes them again
//! after the last, so a migration may change the tables freely and only this file follows.

/// Drops the views (before a migration touches the tables they read).
pub(super) const DROP_VIEWS: &str = "
DROP VIEW IF EXISTS v_incidents;
DROP VIEW IF EXISTS v_cyberattacks;
DROP VIEW IF EXISTS v_items;
";

/// Creates the views over the current schema.
pub(super) const CREATE_VIEWS: &str = "
CREATE VIEW v_items AS
SELECT
    i.id,
    i.plain_title AS title,
    i.link,
    COALESCE(i.published, i.first_seen) AS published,
    i.updated,
    i.first_seen,
    (SELECT group_concat(name, ', ') FROM (
        SELECT COALESCE(f.name, f.title, f.host) AS name FROM item_feeds x
        JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = i.id ORDER BY x.first_seen, f.id)
    ) AS feeds,
    (SELECT group_concat(tag, ' ') FROM (
        SELECT tag FROM item_tags WHERE item_id = i.id ORDER BY tag)
    ) AS tags,
    i.plain_summary AS summary,
    i.plain_content AS content,
    i.guid,
    i.sort_time,
    i.lang
FROM items i;

CREATE VIEW v_cyberattacks AS
SELECT
    i.id,
    i.plain_title AS title,
    COALESCE(i.published, i.first_seen) AS published,
    (SELECT group_concat(substr(c.tag, 13), ', ') FROM item_tags c
        WHERE c.item_id = i.id AND c.tag GLOB 'cyberattack:*') AS category,
    t.evidence,
    i.link,
    (SELECT group_concat(name, ', ') FROM (
        SELECT COALESCE(f.name, f.title, f.host) AS name FROM item_feeds x
        JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = i.id ORDER BY x.first_seen, f.id)
    ) AS feeds,
    i.first_seen,
    i.sort_time,
    i.lang
FROM items i JOIN item_tags t ON t.item_id = i.id AND t.tag = 'cyberattack';

CREATE VIEW v_incidents AS
SELECT
    c.id,
    c.title,
    c.victim,
    c.actor,
    c.category,
    c.first_seen,
    c.last_seen,
    c.item_count AS items,
    c.feed_count AS outlets,
    (SELECT group_concat(name, ', ') FROM (
        SELECT DISTINCT COALESCE(f.name, f.title, f.host) AS name FROM item_incidents m
        JOIN item_feeds x ON x.item_id = m.item_id JOIN feeds f ON f.id = x.feed_id
        WHERE m.incident_id = c.id ORDER BY name)
    ) AS feeds,
    (SELECT group_concat(item_id, ' ') FROM (
        SELECT item_id FROM item_incidents WHERE incident_id = c.id ORDER BY item_id)
    ) AS item_ids
FROM incidents c;
";

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::super::schema::migrate;

    #[test]
    fn views_exist_after_migrating_and_come_back_after_a_later_migration() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        migrate(&mut conn).expect("migrate");
        let count = |conn: &Connection, view: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {view}"), [], |r| r.get(0))
                .unwrap_or_else(|e| panic!("{view}: {e}"))
        };
        assert_eq!(count(&conn, "v_items"), 0);
        assert_eq!(count(&conn, "v_cyberattacks"), 0);
        conn.execute_batch(
            "DROP VIEW v_items; DROP VIEW v_cyberattacks; DROP TRIGGER IF EXISTS items_fts_insert;
             DROP TRIGGER items_fts_delete;
             DROP TRIGGER items_fts_update; DROP TABLE items_fts;
             DROP INDEX items_lang; ALTER TABLE items DROP COLUMN lang;
             ALTER TABLE feeds DROP COLUMN last_error_kind; ALTER TABLE feeds DROP COLUMN last_warning;
             DROP TABLE outbox; DROP TABLE notifiers;
             DROP VIEW v_incidents; DROP TABLE item_incidents; DROP TABLE incident_names;
             DROP TABLE incident_feeds; DROP TABLE incidents;
             DROP TABLE item_entities;
             PRAGMA user_version = 1;",
        )
        .expect("back to version 1");
        migrate(&mut conn).expect("migrate again");
        assert_eq!(count(&conn, "v_items"), 0);
        assert_eq!(count(&conn, "v_cyberattacks"), 0);
    }
}
