//! Counts behind `stats`: items per feed, per tag and per day, and the failing feeds.

use chrono::{DateTime, Utc};

use super::{FeedReport, Store, StoreError, iso};

/// The counts over a span.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Start of the span (ISO-8601 UTC); `None` for everything stored.
    pub since: Option<String>,
    /// Items in the span.
    pub items: i64,
    /// Items per feed, most first; every known feed appears, with 0 when it had none.
    pub feeds: Vec<Count>,
    /// Items per tag, most first.
    pub tags: Vec<Count>,
    /// Items per day (`2026-11-25`), oldest first.
    pub days: Vec<Count>,
    /// Feeds whose last poll failed.
    pub failing: Vec<FeedReport>,
}

/// A name and how many items it has.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Count {
    /// Feed name, tag or day.
    pub name: String,
    /// The feed's URL, which tells apart feeds that share a name; `None` for tags and days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Items.
    pub items: i64,
}

impl Store {
    /// Counts for the items published (or first seen) at or after `since`.
    pub fn stats(&self, since: Option<DateTime<Utc>>) -> Result<Stats, StoreError> {
        let since = since.map(iso);
        let counts = |sql: &str| -> Result<Vec<Count>, StoreError> {
            let mut stmt = self
                .conn
                .prepare_cached(sql)
                .map_err(|e| self.sql_error(e))?;
            let rows = stmt
                .query_map([&since], |r| {
                    Ok(Count {
                        name: r.get(0)?,
                        items: r.get(1)?,
                        url: r.get(2)?,
                    })
                })
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
            rows.map_err(|e| self.sql_error(e))
        };
        let feeds = counts(
            "SELECT COALESCE(f.name, f.title, f.host),
                (SELECT count(*) FROM item_feeds x JOIN items i ON i.id = x.item_id
                 WHERE x.feed_id = f.id AND (?1 IS NULL OR i.sort_time >= ?1)) AS n,
                f.url
             FROM feeds f ORDER BY n DESC, f.id",
        )?;
        let tags = counts(
            "SELECT t.tag, count(*) AS n, NULL FROM item_tags t JOIN items i ON i.id = t.item_id
             WHERE ?1 IS NULL OR i.sort_time >= ?1 GROUP BY t.tag ORDER BY n DESC, t.tag",
        )?;
        let days = counts(
            "SELECT substr(sort_time, 1, 10) AS day, count(*), NULL FROM items
             WHERE ?1 IS NULL OR sort_time >= ?1 GROUP BY day ORDER BY day",
        )?;
        let items = days.iter().map(|d| d.items).sum();
        let failing = self
            .feed_reports()?
            .into_iter()
            .filter(|f| f.last_error.is_some())
            .collect();
        Ok(Stats {
            since,
            items,
            feeds,
            tags,
            days,
            failing,
        })
    }
}
