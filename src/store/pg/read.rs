//! Reading a PostgreSQL database: the queries behind `items`, `show`, `feeds`, `stats` and
//! `health`, returning the same types as the SQLite ones.
//!
//! `--search` reads the query with `websearch_to_tsquery` over the accent-folded `search`
//! column: words, `"phrases"`, `or` and `-word`; results come by `ts_rank`.

use chrono::{DateTime, Utc};
use tokio_postgres::Row;

use super::{Pg, PgError};
use crate::store::{
    Count, FeedRef, FeedReport, ItemDetail, ItemQuery, ItemRow, Stats, StoreError, TagEvidence, iso,
};

/// The feed columns a [`FeedReport`] is read from, in [`feed_report`]'s order.
const FEED_REPORT: &str = "COALESCE(f.name, f.title, f.host), f.url,
    (SELECT count(*) FROM item_feeds x WHERE x.feed_id = f.id),
    f.last_checked, f.last_status, f.last_error, f.consecutive_failures,
    f.in_config AND f.enabled AND NOT f.gone, f.last_error_kind, f.last_warning, f.last_node";

impl Pg {
    /// Items matching `query`: by rank when it searches, else newest first.
    pub async fn items(&self, query: &ItemQuery) -> Result<Vec<ItemRow>, StoreError> {
        let (rank, order) = match query.search {
            Some(_) => (
                "websearch_to_tsquery('simple', feedsentry_fold($6))",
                "ts_rank(i.search, websearch_to_tsquery('simple', feedsentry_fold($6))) DESC, \
                 i.sort_time DESC, i.id DESC",
            ),
            None => ("NULL", "i.sort_time DESC, i.id DESC"),
        };
        let matching = match query.search {
            Some(_) => format!("i.search @@ {rank}"),
            None => "$6::text IS NULL".into(),
        };
        let limit = query.limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
        let sql = format!(
            "SELECT i.id,
                (SELECT COALESCE(f.name, f.title, f.host) FROM item_feeds x
                   JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = i.id
                   ORDER BY x.first_seen, f.id LIMIT 1),
                i.plain_title, i.link, COALESCE(i.published, i.first_seen), i.first_seen,
                ARRAY(SELECT tag FROM item_tags WHERE item_id = i.id ORDER BY tag),
                i.lang
             FROM items i
             WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM item_tags t
                      WHERE t.item_id = i.id AND t.tag = $1))
               AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM item_feeds x JOIN feeds f
                      ON f.id = x.feed_id WHERE x.item_id = i.id
                      AND (f.name = $2 OR f.title = $2 OR f.url = $2 OR f.host = $2)))
               AND ($3::timestamptz IS NULL OR i.sort_time >= $3)
               AND ($5::timestamptz IS NULL OR i.sort_time < $5)
               AND ($7::text IS NULL OR i.lang = $7)
               AND ($8::bigint IS NULL OR EXISTS (SELECT 1 FROM item_incidents m
                      WHERE m.item_id = i.id AND m.incident_id = $8))
               AND {matching}
             ORDER BY {order}
             LIMIT $4"
        );
        let rows = self
            .client
            .query(
                &sql,
                &[
                    &query.tag,
                    &query.feed,
                    &query.since,
                    &limit,
                    &query.until,
                    &query.search,
                    &query.lang,
                    &query.incident,
                ],
            )
            .await
            .map_err(|e| self.failure(e))?;
        rows.iter()
            .map(|row| {
                Ok(ItemRow {
                    id: row.try_get(0)?,
                    feed: row.try_get::<_, Option<String>>(1)?.unwrap_or_default(),
                    title: row.try_get(2)?,
                    link: row.try_get(3)?,
                    published: iso(row.try_get(4)?),
                    first_seen: iso(row.try_get(5)?),
                    tags: row.try_get(6)?,
                    lang: row.try_get(7)?,
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(|e| self.failure(e).into())
    }

    /// Item `id` in full, when it exists.
    pub async fn item_detail(&self, id: i64) -> Result<Option<ItemDetail>, PgError> {
        let item = self
            .client
            .query_opt(
                "SELECT guid, plain_title, link, plain_summary, plain_content, authors, categories,
                        COALESCE(published, first_seen), updated, first_seen, changed, lang
                 FROM items WHERE id = $1",
                &[&id],
            )
            .await
            .map_err(|e| self.failure(e))?;
        let Some(r) = item else {
            return Ok(None);
        };
        let read = || -> Result<ItemDetail, tokio_postgres::Error> {
            Ok(ItemDetail {
                id,
                guid: r.try_get(0)?,
                title: r.try_get(1)?,
                link: r.try_get(2)?,
                summary: r.try_get(3)?,
                content: r.try_get(4)?,
                authors: crate::store::detail::json_strings(r.try_get(5)?),
                categories: crate::store::detail::json_strings(r.try_get(6)?),
                published: iso(r.try_get(7)?),
                updated: r.try_get::<_, Option<DateTime<Utc>>>(8)?.map(iso),
                first_seen: iso(r.try_get(9)?),
                changed: iso(r.try_get(10)?),
                lang: r.try_get(11)?,
                feeds: Vec::new(),
                tags: Vec::new(),
            })
        };
        let mut item = read().map_err(|e| self.failure(e))?;
        item.feeds = self
            .pairs(
                "SELECT COALESCE(f.name, f.title, f.host), f.url FROM item_feeds x
                 JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = $1
                 ORDER BY x.first_seen, f.id",
                id,
            )
            .await?
            .into_iter()
            .map(|(name, url)| FeedRef { name, url })
            .collect();
        item.tags = self
            .pairs(
                "SELECT tag, evidence FROM item_tags WHERE item_id = $1 ORDER BY tag",
                id,
            )
            .await?
            .into_iter()
            .map(|(tag, evidence)| TagEvidence { tag, evidence })
            .collect();
        Ok(Some(item))
    }

    /// Every feed the database knows, configured ones first, with the node that polled it last.
    pub async fn feed_reports(&self) -> Result<Vec<FeedReport>, PgError> {
        let rows = self
            .client
            .query(
                &format!("SELECT {FEED_REPORT} FROM feeds f ORDER BY f.in_config DESC, f.id"),
                &[],
            )
            .await
            .map_err(|e| self.failure(e))?;
        rows.iter()
            .map(feed_report)
            .collect::<Result<_, _>>()
            .map_err(|e| self.failure(e))
    }

    /// Counts for the items published (or first seen) at or after `since`.
    pub async fn stats(&self, since: Option<DateTime<Utc>>) -> Result<Stats, PgError> {
        let feeds = self
            .counts(
                "SELECT COALESCE(f.name, f.title, f.host),
                    (SELECT count(*) FROM item_feeds x JOIN items i ON i.id = x.item_id
                     WHERE x.feed_id = f.id AND ($1::timestamptz IS NULL OR i.sort_time >= $1)) AS n,
                    f.url
                 FROM feeds f ORDER BY n DESC, f.id",
                since,
            )
            .await?;
        let tags = self
            .counts(
                "SELECT t.tag, count(*) AS n, NULL FROM item_tags t JOIN items i ON i.id = t.item_id
                 WHERE $1::timestamptz IS NULL OR i.sort_time >= $1
                 GROUP BY t.tag ORDER BY n DESC, t.tag",
                since,
            )
            .await?;
        let days = self
            .counts(
                "SELECT to_char(sort_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*), NULL
                 FROM items WHERE $1::timestamptz IS NULL OR sort_time >= $1
                 GROUP BY day ORDER BY day",
                since,
            )
            .await?;
        let failing = self
            .feed_reports()
            .await?
            .into_iter()
            .filter(|f| f.last_error.is_some())
            .collect();
        Ok(Stats {
            since: since.map(iso),
            items: days.iter().map(|d| d.items).sum(),
            feeds,
            tags,
            days,
            failing,
        })
    }

    /// The distinct tags stored on items, sorted.
    pub async fn stored_tags(&self) -> Result<Vec<String>, PgError> {
        self.strings("SELECT DISTINCT tag FROM item_tags ORDER BY tag")
            .await
    }

    /// Everything `--feed` can name a feed by: each known feed's name, title, host and URL.
    pub async fn feed_labels(&self) -> Result<Vec<String>, PgError> {
        self.strings(
            "SELECT name FROM feeds WHERE name IS NOT NULL
             UNION SELECT title FROM feeds WHERE title IS NOT NULL
             UNION SELECT host FROM feeds WHERE host IS NOT NULL
             UNION SELECT url FROM feeds",
        )
        .await
    }

    /// How many feeds are in each state, as [`crate::store::Store::feed_state_counts`] counts.
    pub async fn feed_state_counts(&self) -> Result<[(&'static str, i64); 5], PgError> {
        let row = self
            .client
            .query_one(crate::store::read::FEED_STATE_COUNTS, &[])
            .await
            .map_err(|e| self.failure(e))?;
        let count = |i: usize| Ok((crate::store::read::FEED_STATES[i], row.try_get(i)?));
        let counts = (|| -> Result<_, tokio_postgres::Error> {
            Ok([count(0)?, count(1)?, count(2)?, count(3)?, count(4)?])
        })();
        counts.map_err(|e| self.failure(e))
    }

    /// How many items have `tag`.
    pub async fn tagged_count(&self, tag: &str) -> Result<i64, PgError> {
        self.client
            .query_one("SELECT count(*) FROM item_tags WHERE tag = $1", &[&tag])
            .await
            .and_then(|row| row.try_get(0))
            .map_err(|e| self.failure(e))
    }

    /// How many items are stored.
    pub async fn item_count(&self) -> Result<i64, PgError> {
        let row = self
            .client
            .query_one("SELECT count(*) FROM items", &[])
            .await
            .map_err(|e| self.failure(e))?;
        row.try_get(0).map_err(|e| self.failure(e))
    }

    /// When the last poll of an enabled, configured feed ended, by any node.
    pub async fn last_poll_ended(&self) -> Result<Option<DateTime<Utc>>, PgError> {
        let row = self
            .client
            .query_one(
                "SELECT max(last_checked) FROM feeds WHERE in_config AND enabled AND NOT gone",
                &[],
            )
            .await
            .map_err(|e| self.failure(e))?;
        row.try_get(0).map_err(|e| self.failure(e))
    }

    async fn strings(&self, sql: &str) -> Result<Vec<String>, PgError> {
        let rows = self
            .client
            .query(sql, &[])
            .await
            .map_err(|e| self.failure(e))?;
        rows.iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()
            .map_err(|e| self.failure(e))
    }

    async fn pairs(&self, sql: &str, id: i64) -> Result<Vec<(String, String)>, PgError> {
        let rows = self
            .client
            .query(sql, &[&id])
            .await
            .map_err(|e| self.failure(e))?;
        rows.iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(|e| self.failure(e))
    }

    async fn counts(&self, sql: &str, since: Option<DateTime<Utc>>) -> Result<Vec<Count>, PgError> {
        let rows = self
            .client
            .query(sql, &[&since])
            .await
            .map_err(|e| self.failure(e))?;
        rows.iter()
            .map(|r| {
                Ok(Count {
                    name: r.try_get(0)?,
                    items: r.try_get(1)?,
                    url: r.try_get(2)?,
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(|e| self.failure(e))
    }
}

/// A [`FeedReport`] from a row of [`FEED_REPORT`].
fn feed_report(row: &Row) -> Result<FeedReport, tokio_postgres::Error> {
    Ok(FeedReport {
        name: row.try_get(0)?,
        url: row.try_get(1)?,
        items: row.try_get(2)?,
        last_checked: row.try_get::<_, Option<DateTime<Utc>>>(3)?.map(iso),
        last_status: row.try_get(4)?,
        last_error: row.try_get(5)?,
        consecutive_failures: row.try_get(6)?,
        active: row.try_get(7)?,
        last_error_kind: row.try_get(8)?,
        last_warning: row.try_get(9)?,
        last_node: row.try_get(10)?,
    })
}
