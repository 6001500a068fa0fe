//! Reading the SQLite tables a PostgreSQL database receives from `migrate --to`, a range of ids
//! at a time, as plain cells. Which tables and columns are copied, and in which order, is
//! written once here; [`super::pg::copy`] writes what this reads.

use rusqlite::types::ValueRef;

use super::{Store, StoreError};

/// What a column holds, so that the receiving side can type it (SQLite's cells are untyped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A 64-bit integer.
    Int,
    /// A flag stored as 0 or 1.
    Bool,
    /// Text.
    Text,
    /// A time stored as ISO-8601 UTC text.
    Time,
    /// Bytes (identity keys and content digests).
    Bytes,
}

/// One table to copy: its columns, its unique key, and the integer column it is paged by.
#[derive(Debug)]
pub struct Table {
    /// The table's name, the same on both sides.
    pub name: &'static str,
    /// The integer column whose ranges page through it (`id`, or `item_id` for the tables that
    /// hang off items).
    pub range: &'static str,
    /// The columns of its primary key: a row already copied is updated, not added again.
    pub key: &'static [&'static str],
    /// Every column copied, with its kind.
    pub columns: &'static [(&'static str, Kind)],
}

/// The tables `migrate --to` copies, parents before children: feeds with their schedule and
/// state, items, which feed sent each item, the keys that de-duplicate them, and tags with
/// their evidence.
pub const TABLES: [Table; 5] = [
    Table {
        name: "feeds",
        range: "id",
        key: &["id"],
        columns: &[
            ("id", Kind::Int),
            ("url", Kind::Text),
            ("host", Kind::Text),
            ("name", Kind::Text),
            ("title", Kind::Text),
            ("fetch_url", Kind::Text),
            ("in_config", Kind::Bool),
            ("enabled", Kind::Bool),
            ("interval_seconds", Kind::Int),
            ("config_hash", Kind::Text),
            ("gone", Kind::Bool),
            ("etag", Kind::Text),
            ("last_modified", Kind::Text),
            ("last_checked", Kind::Time),
            ("last_success", Kind::Time),
            ("last_status", Kind::Int),
            ("last_error", Kind::Text),
            ("last_error_kind", Kind::Text),
            ("last_warning", Kind::Text),
            ("consecutive_failures", Kind::Int),
            ("next_due", Kind::Time),
            ("added", Kind::Time),
        ],
    },
    Table {
        name: "items",
        range: "id",
        key: &["id"],
        columns: &[
            ("id", Kind::Int),
            ("guid", Kind::Text),
            ("link", Kind::Text),
            ("canonical_link", Kind::Text),
            ("title", Kind::Text),
            ("summary", Kind::Text),
            ("content", Kind::Text),
            ("plain_title", Kind::Text),
            ("plain_summary", Kind::Text),
            ("plain_content", Kind::Text),
            ("authors", Kind::Text),
            ("categories", Kind::Text),
            ("published", Kind::Time),
            ("updated", Kind::Time),
            ("first_seen", Kind::Time),
            ("changed", Kind::Time),
            ("sort_time", Kind::Time),
            ("lang", Kind::Text),
        ],
    },
    Table {
        name: "item_feeds",
        range: "item_id",
        key: &["item_id", "feed_id"],
        columns: &[
            ("item_id", Kind::Int),
            ("feed_id", Kind::Int),
            ("first_seen", Kind::Time),
        ],
    },
    Table {
        name: "item_keys",
        range: "item_id",
        key: &["feed_id", "key"],
        columns: &[
            ("feed_id", Kind::Int),
            ("key", Kind::Bytes),
            ("item_id", Kind::Int),
            ("content_hash", Kind::Bytes),
        ],
    },
    Table {
        name: "item_tags",
        range: "item_id",
        key: &["item_id", "tag"],
        columns: &[
            ("item_id", Kind::Int),
            ("tag", Kind::Text),
            ("evidence", Kind::Text),
        ],
    },
];

/// One cell as SQLite holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// NULL.
    Null,
    /// An integer.
    Int(i64),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
}

impl Store {
    /// The largest value of `table`'s range column (0 when it is empty): where paging stops.
    pub fn range_end(&self, table: &Table) -> Result<i64, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT COALESCE(max({}), 0) FROM {}",
                    table.range, table.name
                ),
                [],
                |row| row.get(0),
            )
            .map_err(|e| self.sql_error(e))
    }

    /// The rows of `table` whose range column is in `(after, upto]`, their cells in the order of
    /// [`Table::columns`].
    pub fn table_rows(
        &self,
        table: &Table,
        after: i64,
        upto: i64,
    ) -> Result<Vec<Vec<Cell>>, StoreError> {
        let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
        let sql = format!(
            "SELECT {} FROM {} WHERE {range} > ?1 AND {range} <= ?2",
            columns.join(", "),
            table.name,
            range = table.range,
        );
        let mut statement = self.conn.prepare(&sql).map_err(|e| self.sql_error(e))?;
        let rows = statement
            .query_map([after, upto], |row| {
                (0..columns.len())
                    .map(|i| {
                        Ok(match row.get_ref(i)? {
                            ValueRef::Null => Cell::Null,
                            ValueRef::Integer(n) => Cell::Int(n),
                            // No copied column is REAL; a stray one keeps its value as text.
                            ValueRef::Real(x) => Cell::Text(x.to_string()),
                            ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into()),
                            ValueRef::Blob(b) => Cell::Bytes(b.to_vec()),
                        })
                    })
                    .collect()
            })
            .map_err(|e| self.sql_error(e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| self.sql_error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_copied_column_exists_in_the_current_schema() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("t.db")).expect("open");
        for table in &TABLES {
            assert_eq!(
                store.range_end(table).expect("range end"),
                0,
                "{}",
                table.name
            );
            store
                .table_rows(table, 0, 10)
                .unwrap_or_else(|e| panic!("{}: {e}", table.name));
        }
    }
}
