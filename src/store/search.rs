//! Full-text search: the FTS5 index over the items' plain text and the check of a query.
//!
//! The index is an external-content FTS5 table over `items`, kept in step by triggers, so every
//! writer (now and later) updates it in the same transaction as the row. The tokenizer folds
//! case and removes diacritics: `securite` finds "Sécurité" and the other way round.

use rusqlite::ErrorCode;

use super::{Store, StoreError};

/// Migration 2: the index, its triggers, and the index built for the rows already stored.
pub(super) const FTS_MIGRATION: &str = r#"
CREATE VIRTUAL TABLE items_fts USING fts5(
    plain_title, plain_summary, plain_content,
    content = 'items', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, plain_title, plain_summary, plain_content)
    VALUES (new.id, new.plain_title, new.plain_summary, new.plain_content);
END;

CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, plain_title, plain_summary, plain_content)
    VALUES ('delete', old.id, old.plain_title, old.plain_summary, old.plain_content);
END;

CREATE TRIGGER items_fts_update AFTER UPDATE OF plain_title, plain_summary, plain_content
ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, plain_title, plain_summary, plain_content)
    VALUES ('delete', old.id, old.plain_title, old.plain_summary, old.plain_content);
    INSERT INTO items_fts (rowid, plain_title, plain_summary, plain_content)
    VALUES (new.id, new.plain_title, new.plain_summary, new.plain_content);
END;

INSERT INTO items_fts (items_fts) VALUES ('rebuild');
"#;

/// New items are indexed by the writer, one statement per transaction ([`index_new_items`]),
/// instead of by a trigger per row: a trigger makes SQLite open a statement savepoint for each
/// item, and FTS5 flushes its in-memory index at every savepoint, so indexing row by row wrote
/// a tiny index segment per item and spent most of a large fetch merging them.
pub(super) const FTS_BATCH_MIGRATION: &str = "DROP TRIGGER items_fts_insert;";

/// Migration 5: the index merges its segments eight at a time instead of four. Each commit
/// adds a segment and every merge rewrites the entries of the segments it merges, so merging
/// in wider steps rewrites each entry about half as often as the index grows; a query reads a
/// few more segments in exchange.
pub(super) const FTS_AUTOMERGE_MIGRATION: &str =
    "INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 8);";

/// Indexes the items stored after row `after` in the same transaction.
pub(super) fn index_new_items(conn: &rusqlite::Connection, after: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "INSERT INTO items_fts (rowid, plain_title, plain_summary, plain_content)
         SELECT id, plain_title, plain_summary, plain_content FROM items WHERE id > ?1",
    )?
    .execute([after])
}

/// Ranking of search results: a word in the title weighs most, then the summary, then the
/// content (weights of `plain_title`, `plain_summary`, `plain_content`).
pub(super) const RANK: &str = "bm25(items_fts, 10.0, 4.0, 1.0)";

impl Store {
    /// Checks that `query` is valid FTS5 syntax; a query SQLite cannot read is
    /// [`StoreError::BadSearch`] with SQLite's explanation.
    pub(super) fn check_search(&self, query: &str) -> Result<(), StoreError> {
        let probe = self.conn.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH ?1 LIMIT 1)",
            [query],
            |row| row.get::<_, i64>(0),
        );
        match probe {
            Ok(_) => Ok(()),
            // Plain SQLITE_ERROR is what FTS5 reports for syntax and unknown columns; busy,
            // I/O and other failures are the database's, not the query's.
            Err(rusqlite::Error::SqliteFailure(e, message)) if e.code == ErrorCode::Unknown => {
                Err(StoreError::BadSearch {
                    query: query.to_string(),
                    message: message.unwrap_or_else(|| e.to_string()),
                })
            }
            Err(e) => Err(self.sql_error(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use super::*;

    fn store_with(titles: &[&str]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("t.db")).expect("open");
        for (n, title) in titles.iter().enumerate() {
            store
                .conn
                .execute(
                    "INSERT INTO items (title, summary, content, plain_title, plain_summary,
                        plain_content, authors, categories, first_seen, changed, sort_time)
                     VALUES (?1, '', '', ?1, '', '', '[]', '[]', ?2, ?2, ?2)",
                    rusqlite::params![title, format!("2026-11-{:02}T00:00:00Z", n + 1)],
                )
                .expect("insert");
        }
        index_new_items(&store.conn, 0).expect("index the new items as the writer does");
        (dir, store)
    }

    fn hits(store: &Store, query: &str) -> Vec<i64> {
        let mut stmt = store
            .conn
            .prepare("SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 ORDER BY rowid")
            .expect("prepare");
        stmt.query_map([query], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    #[test]
    fn updates_and_deletes_keep_the_index_in_step() {
        let (_dir, store) = store_with(&["Ransomware hits port", "Ferry app"]);
        assert_eq!(hits(&store, "ransomware"), vec![1]);
        store
            .conn
            .execute(
                "UPDATE items SET plain_title = 'Ferry app hacked' WHERE id = 2",
                [],
            )
            .expect("update");
        assert_eq!(hits(&store, "hacked"), vec![2]);
        assert_eq!(hits(&store, "app"), vec![2]);
        store
            .conn
            .execute("DELETE FROM items WHERE id = 1", [])
            .expect("delete");
        assert!(hits(&store, "ransomware").is_empty());
    }

    #[test]
    fn the_index_merges_eight_segments_at_a_time_and_plans_stay_fixed() {
        let (_dir, store) = store_with(&["x"]);
        let automerge: i64 = store
            .conn
            .query_row(
                "SELECT v FROM items_fts_config WHERE k = 'automerge'",
                [],
                |r| r.get(0),
            )
            .expect("automerge is configured");
        assert_eq!(automerge, 8);
        let stable = store
            .conn
            .db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)
            .expect("read the setting");
        assert!(stable, "the writer's plans do not depend on bound values");
    }

    #[test]
    fn a_malformed_query_is_a_bad_search() {
        let (_dir, store) = store_with(&["x"]);
        match store.check_search("ransomware AND (") {
            Err(StoreError::BadSearch { message, .. }) => {
                assert!(message.contains("syntax error"), "{message}")
            }
            other => panic!("expected BadSearch, got {other:?}"),
        }
        assert!(store.check_search("\"ransomware attack\" OR ddos*").is_ok());
    }
}
