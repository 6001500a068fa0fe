//! Reading: the queries behind `items` and `feeds`.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Store, StoreError, iso};

/// Filters for listing items; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct ItemQuery {
    /// Only items with this tag.
    pub tag: Option<String>,
    /// Only items from the feed with this name, title or URL.
    pub feed: Option<String>,
    /// Only items published (or first seen) at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only items published (or first seen) before this time.
    pub until: Option<DateTime<Utc>>,
    /// Only items whose plain text matches this FTS5 query; results then come by rank.
    pub search: Option<String>,
    /// At most this many items.
    pub limit: Option<usize>,
    /// Only items in this language (an ISO 639-1 code such as `pt`).
    pub lang: Option<String>,
    /// Only items of this incident.
    pub incident: Option<i64>,
}

/// One item as listed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ItemRow {
    /// Row id, as `explain` and `show` take it.
    pub id: i64,
    /// Name of the first feed that had it.
    pub feed: String,
    /// Plain-text title.
    pub title: String,
    /// Link to the story.
    pub link: Option<String>,
    /// Publication time (ISO-8601 UTC), or the first-seen time when the feed gave none: the
    /// one rule for `published` in every output.
    pub published: String,
    /// When it was first stored (ISO-8601 UTC).
    pub first_seen: String,
    /// Its tags, sorted.
    pub tags: Vec<String>,
    /// Its language, when known.
    pub lang: Option<String>,
}

/// One feed as reported by `feeds`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FeedReport {
    /// Display name.
    pub name: String,
    /// URL as configured.
    pub url: String,
    /// Items linked to it.
    pub items: i64,
    /// Last poll time.
    pub last_checked: Option<String>,
    /// Last HTTP status.
    pub last_status: Option<i64>,
    /// Last error, cleared by a success.
    pub last_error: Option<String>,
    /// The kind of the last error (see [`crate::failure::FailureKind`]).
    pub last_error_kind: Option<String>,
    /// What the last pass let pass: a clamped server header, items past the cap.
    pub last_warning: Option<String>,
    /// Failures since the last success.
    pub consecutive_failures: i64,
    /// Still in the configuration and enabled.
    pub active: bool,
    /// The node that polled it last, on a database several daemons share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_node: Option<String>,
}

/// The counts of feeds per state, in [`FEED_STATES`]' order: one statement both backends read.
pub(super) const FEED_STATE_COUNTS: &str = "SELECT
    count(*) FILTER (WHERE active AND NOT gone AND consecutive_failures = 0),
    count(*) FILTER (WHERE active AND NOT gone AND consecutive_failures = 1),
    count(*) FILTER (WHERE active AND NOT gone AND consecutive_failures > 1),
    count(*) FILTER (WHERE NOT active),
    count(*) FILTER (WHERE active AND gone)
 FROM (SELECT in_config AND enabled AS active, gone, consecutive_failures FROM feeds) f";

/// The feed states [`FEED_STATE_COUNTS`] counts, in its order.
pub(super) const FEED_STATES: [&str; 5] = ["ok", "failing", "backing_off", "disabled", "gone"];

/// Separates tags inside one SQL text value; it cannot occur in a tag name.
const TAG_SEPARATOR: char = '\u{1f}';

impl Store {
    /// Items matching `query`: by rank when it searches, else newest first. A search query
    /// SQLite cannot read is [`StoreError::BadSearch`].
    pub fn items(&self, query: &ItemQuery) -> Result<Vec<ItemRow>, StoreError> {
        let (from, order) = match &query.search {
            Some(text) => {
                self.check_search(text)?;
                (
                    "items_fts JOIN items i ON i.id = items_fts.rowid",
                    format!("{}, i.sort_time DESC, i.id DESC", super::search::RANK),
                )
            }
            None => ("items i", "i.sort_time DESC, i.id DESC".to_string()),
        };
        let matching = match query.search {
            Some(_) => "items_fts MATCH ?6",
            None => "?6 IS NULL",
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT i.id,
                    (SELECT COALESCE(f.name, f.title, f.host) FROM item_feeds x
                       JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = i.id
                       ORDER BY x.first_seen, f.id LIMIT 1),
                    i.plain_title, i.link, COALESCE(i.published, i.first_seen), i.first_seen,
                    (SELECT group_concat(tag, char(31)) FROM
                       (SELECT tag FROM item_tags WHERE item_id = i.id ORDER BY tag)),
                    i.lang
                 FROM {from}
                 WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM item_tags t
                          WHERE t.item_id = i.id AND t.tag = ?1))
                   AND (?2 IS NULL OR EXISTS (SELECT 1 FROM item_feeds x JOIN feeds f
                          ON f.id = x.feed_id WHERE x.item_id = i.id
                          AND (f.name = ?2 OR f.title = ?2 OR f.url = ?2 OR f.host = ?2)))
                   AND (?3 IS NULL OR i.sort_time >= ?3)
                   AND (?5 IS NULL OR i.sort_time < ?5)
                   AND (?7 IS NULL OR i.lang = ?7)
                   AND (?8 IS NULL OR EXISTS (SELECT 1 FROM item_incidents m
                          WHERE m.item_id = i.id AND m.incident_id = ?8))
                   AND {matching}
                 ORDER BY {order}
                 LIMIT ?4"
            ))
            .map_err(|e| self.sql_error(e))?;
        let limit = query.limit.map_or(-1, |l| l.min(i64::MAX as usize) as i64);
        let rows = stmt
            .query_map(
                params![
                    query.tag,
                    query.feed,
                    query.since.map(iso),
                    limit,
                    query.until.map(iso),
                    query.search,
                    query.lang,
                    query.incident
                ],
                |row| {
                    let tags: Option<String> = row.get(6)?;
                    Ok(ItemRow {
                        id: row.get(0)?,
                        feed: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                        title: row.get(2)?,
                        link: row.get(3)?,
                        published: row.get(4)?,
                        first_seen: row.get(5)?,
                        tags: tags
                            .map(|t| t.split(TAG_SEPARATOR).map(str::to_string).collect())
                            .unwrap_or_default(),
                        lang: row.get(7)?,
                    })
                },
            )
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.sql_error(e))
    }

    /// Every feed the database knows, configured ones first.
    pub fn feed_reports(&self) -> Result<Vec<FeedReport>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT COALESCE(f.name, f.title, f.host), f.url,
                    (SELECT count(*) FROM item_feeds x WHERE x.feed_id = f.id),
                    f.last_checked, f.last_status, f.last_error, f.consecutive_failures,
                    f.in_config AND f.enabled AND NOT f.gone, f.last_error_kind, f.last_warning
                 FROM feeds f ORDER BY f.in_config DESC, f.id",
            )
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([], |row| {
                Ok(FeedReport {
                    name: row.get(0)?,
                    url: row.get(1)?,
                    items: row.get(2)?,
                    last_checked: row.get(3)?,
                    last_status: row.get(4)?,
                    last_error: row.get(5)?,
                    consecutive_failures: row.get(6)?,
                    active: row.get(7)?,
                    last_error_kind: row.get(8)?,
                    last_warning: row.get(9)?,
                    last_node: None,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.sql_error(e))
    }

    /// How many feeds are in each state: `ok` (configured, enabled, last poll fine),
    /// `failing` (its last poll failed, the first failure in a row), `backing_off` (two or
    /// more failures in a row: polled at a stretched interval), `disabled` (disabled or no
    /// longer configured) and `gone` (410).
    pub fn feed_state_counts(&self) -> Result<[(&'static str, i64); 5], StoreError> {
        self.conn
            .query_row(FEED_STATE_COUNTS, [], |row| {
                Ok([
                    (FEED_STATES[0], row.get(0)?),
                    (FEED_STATES[1], row.get(1)?),
                    (FEED_STATES[2], row.get(2)?),
                    (FEED_STATES[3], row.get(3)?),
                    (FEED_STATES[4], row.get(4)?),
                ])
            })
            .map_err(|e| self.sql_error(e))
    }

    /// How many items carry `tag`.
    pub fn tagged_count(&self, tag: &str) -> Result<i64, StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM item_tags WHERE tag = ?1",
                [tag],
                |r| r.get(0),
            )
            .map_err(|e| self.sql_error(e))
    }

    /// The distinct tags stored on items, sorted.
    pub fn stored_tags(&self) -> Result<Vec<String>, StoreError> {
        self.strings("SELECT DISTINCT tag FROM item_tags ORDER BY tag")
    }

    /// Everything `--feed` can name a feed by: each known feed's name, title, host and URL.
    pub fn feed_labels(&self) -> Result<Vec<String>, StoreError> {
        self.strings(
            "SELECT name FROM feeds WHERE name IS NOT NULL
             UNION SELECT title FROM feeds WHERE title IS NOT NULL
             UNION SELECT host FROM feeds WHERE host IS NOT NULL
             UNION SELECT url FROM feeds",
        )
    }

    fn strings(&self, sql: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(sql)
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([], |row| row.get(0))
            .and_then(|rows| rows.collect::<Result<Vec<String>, _>>());
        rows.map_err(|e| self.sql_error(e))
    }

    /// How many pages the database file has.
    #[cfg(test)]
    pub(crate) fn page_count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA page_count", [], |row| row.get(0))
            .map_err(|e| self.sql_error(e))
    }

    /// How many items are stored.
    pub fn item_count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM items", [], |row| row.get(0))
            .map_err(|e| self.sql_error(e))
    }
}
