//! One item in full: what `show` prints and `export` writes.

use rusqlite::OptionalExtension;

use super::{Store, StoreError};

/// An item with everything known about it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ItemDetail {
    /// Row id.
    pub id: i64,
    /// The guid or id as the feed gave it.
    pub guid: Option<String>,
    /// Plain-text title.
    pub title: String,
    /// Link to the story.
    pub link: Option<String>,
    /// Plain-text summary.
    pub summary: String,
    /// Plain-text content.
    pub content: String,
    /// Authors as the feed named them.
    pub authors: Vec<String>,
    /// The feed's own categories.
    pub categories: Vec<String>,
    /// Publication time (ISO-8601 UTC), or the first-seen time when the feed gave none: the
    /// one rule for `published` in every output.
    pub published: String,
    /// Last update time given by the feed (ISO-8601 UTC).
    pub updated: Option<String>,
    /// When it was first stored (ISO-8601 UTC).
    pub first_seen: String,
    /// When its content last changed (ISO-8601 UTC).
    pub changed: String,
    /// Its language, when known.
    pub lang: Option<String>,
    /// The feeds that carried it, first one first.
    pub feeds: Vec<FeedRef>,
    /// Its tags with their evidence, sorted by tag.
    pub tags: Vec<TagEvidence>,
}

/// A feed that carried an item.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FeedRef {
    /// Display name.
    pub name: String,
    /// URL as configured.
    pub url: String,
}

/// A tag with why it was given.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TagEvidence {
    /// The tag.
    pub tag: String,
    /// Which phrases or rule fired.
    pub evidence: String,
}

impl ItemDetail {
    /// The names of the feeds that carried it, joined by "; ".
    pub fn feed_names(&self) -> String {
        self.feeds
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Its tags, joined by spaces.
    pub fn tag_names(&self) -> String {
        self.tags
            .iter()
            .map(|t| t.tag.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Each tag with its evidence ("tag: evidence"), joined by "; ".
    pub fn tag_evidence(&self) -> String {
        self.tags
            .iter()
            .map(|t| format!("{}: {}", t.tag, t.evidence))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Store {
    /// Item `id` in full, when it exists.
    pub fn item_detail(&self, id: i64) -> Result<Option<ItemDetail>, StoreError> {
        self.read_detail(id).map_err(|e| self.sql_error(e))
    }

    fn read_detail(&self, id: i64) -> rusqlite::Result<Option<ItemDetail>> {
        let item = self
            .conn
            .prepare_cached(
                "SELECT guid, plain_title, link, plain_summary, plain_content, authors, categories,
                        COALESCE(published, first_seen), updated, first_seen, changed, lang
                 FROM items WHERE id = ?1",
            )?
            .query_row([id], |r| {
                let authors: String = r.get(5)?;
                let categories: String = r.get(6)?;
                Ok(ItemDetail {
                    id,
                    guid: r.get(0)?,
                    title: r.get(1)?,
                    link: r.get(2)?,
                    summary: r.get(3)?,
                    content: r.get(4)?,
                    authors: json_strings(&authors),
                    categories: json_strings(&categories),
                    published: r.get(7)?,
                    updated: r.get(8)?,
                    first_seen: r.get(9)?,
                    changed: r.get(10)?,
                    lang: r.get(11)?,
                    feeds: Vec::new(),
                    tags: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut item) = item else {
            return Ok(None);
        };
        item.feeds = self
            .conn
            .prepare_cached(
                "SELECT COALESCE(f.name, f.title, f.host), f.url FROM item_feeds x
                 JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = ?1
                 ORDER BY x.first_seen, f.id",
            )?
            .query_map([id], |r| {
                Ok(FeedRef {
                    name: r.get(0)?,
                    url: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        item.tags = self
            .conn
            .prepare_cached("SELECT tag, evidence FROM item_tags WHERE item_id = ?1 ORDER BY tag")?
            .query_map([id], |r| {
                Ok(TagEvidence {
                    tag: r.get(0)?,
                    evidence: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(item))
    }
}

/// A stored JSON array of strings; anything else reads as empty.
pub(super) fn json_strings(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
