//! Writing: the configured feed list, and one committed pass per feed.
//!
//! An item is matched, in order, by this feed's identity key for it, then by its canonical link
//! (a feed that re-issues guids, or another feed syndicating the same story), and only then
//! stored as new. A pass is one transaction: after a crash the database holds all of a fetch or
//! none of it.

use chrono::{DateTime, Utc};
use rusqlite::{CachedStatement, Connection, OptionalExtension, Statement, params};

use super::incidents::Assigner;
use super::outbox::NotifyRule;
use super::{Store, StoreError, iso, sql_failure};
use crate::failure::FailureKind;
use crate::identity::{ItemKey, digest};
use crate::parse::{ParsedItem, PlainItem};
use crate::tag::TagHit;

/// A feed as the configuration lists it, in the store's own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// The URL as configured; it identifies the feed.
    pub url: String,
    /// The configured display name.
    pub name: Option<String>,
    /// Whether it is polled.
    pub enabled: bool,
    /// The interval it is polled at: its own, else the default, within the bounds.
    pub interval: std::time::Duration,
    /// Its own interval, when its entry sets one: with the URL, name and `enabled`, what
    /// identifies a version of the entry (a changed entry brings a 410 feed back).
    pub own_interval: Option<std::time::Duration>,
}

/// What polling needs to know of a feed, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedState {
    /// Row id.
    pub id: i64,
    /// URL as configured.
    pub url: String,
    /// Where to fetch it: the target of a permanent redirect, else `url`.
    pub fetch_url: String,
    /// Display name: configured name, else the feed's title, else its host.
    pub name: String,
    /// Validators for a conditional request.
    pub etag: Option<String>,
    /// `Last-Modified` of the last full response.
    pub last_modified: Option<String>,
    /// Failures since the last success.
    pub consecutive_failures: u32,
    /// When it should next be polled; `None` means at once.
    pub next_due: Option<DateTime<Utc>>,
    /// The server said 410 Gone; not polled until its configuration entry changes.
    pub gone: bool,
    /// The configured interval, within the `[poll]` bounds.
    pub interval: std::time::Duration,
}

/// An item ready to be written, with its plain text and tags.
#[derive(Debug, Clone)]
pub struct StoredItem {
    /// The parsed item.
    pub item: ParsedItem,
    /// Its plain-text fields.
    pub plain: PlainItem,
    /// Its tags.
    pub tags: Vec<TagHit>,
    /// Its language (see [`crate::lang::item_language`]), when known.
    pub lang: Option<String>,
}

/// The result of one poll of one feed, as it is recorded.
#[derive(Debug, Clone)]
pub enum PassOutcome {
    /// 304: nothing changed.
    NotModified {
        /// HTTP status.
        status: u16,
    },
    /// A feed document was fetched and parsed.
    Fetched {
        /// HTTP status.
        status: u16,
        /// New `ETag` validator.
        etag: Option<String>,
        /// New `Last-Modified` validator.
        last_modified: Option<String>,
        /// Where a permanent redirect now points.
        moved_to: Option<String>,
        /// The feed's own title.
        title: Option<String>,
        /// Its items.
        items: Vec<StoredItem>,
    },
    /// The poll failed.
    Failed {
        /// What kind of failure, recorded as `last_error_kind`.
        kind: FailureKind,
        /// HTTP status, when there was a response.
        status: Option<u16>,
        /// What went wrong.
        error: String,
        /// 410 Gone: stop polling the feed until its configuration changes.
        gone: bool,
    },
}

/// One poll of one feed, to be committed.
#[derive(Debug, Clone)]
pub struct FeedPass {
    /// The feed's row id.
    pub feed_id: i64,
    /// When the poll was made.
    pub checked_at: DateTime<Utc>,
    /// When the feed should be polled next.
    pub next_due: DateTime<Utc>,
    /// What happened.
    pub outcome: PassOutcome,
    /// Something the feed did that was let pass (a clamped header, items past the cap),
    /// recorded as `last_warning`.
    pub warning: Option<String>,
}

impl FeedPass {
    /// A plain successful fetch of `items` at `at` (status 200, no validators), due again at
    /// once: what a bulk load or a benchmark stores.
    pub fn fetched(
        feed_id: i64,
        at: DateTime<Utc>,
        title: Option<String>,
        items: Vec<StoredItem>,
    ) -> FeedPass {
        FeedPass {
            feed_id,
            checked_at: at,
            next_due: at,
            outcome: PassOutcome::Fetched {
                status: 200,
                etag: None,
                last_modified: None,
                moved_to: None,
                title,
                items,
            },
            warning: None,
        }
    }
}

/// What a committed pass changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassCounts {
    /// Items stored for the first time.
    pub new: usize,
    /// Stored items whose content changed.
    pub updated: usize,
    /// The new items by tag (an item counts once under each of its tags).
    pub tagged: std::collections::BTreeMap<String, usize>,
}

/// What a configured feed's row holds besides its URL, name and flag.
pub(super) struct EntryRow {
    /// The URL's host.
    pub host: String,
    /// The interval it is polled at, in seconds.
    pub interval_seconds: i64,
    /// The digest of the entry's own fields: when it changes, a 410 feed is polled again.
    pub config_hash: String,
}

/// The row values of a configured feed, the same for every backend.
pub(super) fn entry_row(feed: &FeedEntry) -> EntryRow {
    // The entry's own fields only: a change to [poll] is no answer to a 410.
    let own_interval = feed.own_interval.map(|d| d.as_secs().to_string());
    EntryRow {
        host: url::Url::parse(&feed.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default(),
        interval_seconds: i64::try_from(feed.interval.as_secs()).unwrap_or(i64::MAX),
        config_hash: digest(&[
            &feed.url,
            feed.name.as_deref().unwrap_or(""),
            own_interval.as_deref().unwrap_or(""),
            if feed.enabled { "1" } else { "0" },
        ]),
    }
}

impl Store {
    /// Records the configured feeds: adds new ones (due at once), updates names and intervals,
    /// and marks feeds no longer configured (their items stay). A feed that went 410 comes back
    /// when its configuration entry changes.
    pub fn sync_feeds(
        &mut self,
        feeds: &[FeedEntry],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = sql_failure(&self.path);
        let tx = self.conn.transaction().map_err(sql)?;
        tx.execute("UPDATE feeds SET in_config = 0", [])
            .map_err(sql)?;
        {
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO feeds (url, host, name, enabled, interval_seconds, config_hash, added)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT(url) DO UPDATE SET
                        host = excluded.host, name = excluded.name, enabled = excluded.enabled,
                        interval_seconds = excluded.interval_seconds, in_config = 1,
                        gone = CASE WHEN config_hash IS excluded.config_hash THEN gone ELSE 0 END,
                        config_hash = excluded.config_hash",
                )
                .map_err(sql)?;
            for feed in feeds {
                let row = entry_row(feed);
                upsert
                    .execute(params![
                        feed.url,
                        row.host,
                        feed.name,
                        feed.enabled,
                        row.interval_seconds,
                        row.config_hash,
                        iso(now)
                    ])
                    .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// The configured, enabled feeds with what polling needs of them.
    pub fn active_feeds(&self) -> Result<Vec<FeedState>, StoreError> {
        self.feed_states(None)
    }

    /// Feed `id` as now stored, when it is still configured and enabled.
    pub fn feed_state(&self, id: i64) -> Result<Option<FeedState>, StoreError> {
        Ok(self.feed_states(Some(id))?.pop())
    }

    fn feed_states(&self, id: Option<i64>) -> Result<Vec<FeedState>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, url, COALESCE(fetch_url, url), COALESCE(name, title, host), etag,
                        last_modified, consecutive_failures, next_due, gone, interval_seconds
                 FROM feeds WHERE in_config = 1 AND enabled = 1 AND (?1 IS NULL OR id = ?1)
                 ORDER BY id",
            )
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([id], |row| {
                let next_due: Option<String> = row.get(7)?;
                Ok(FeedState {
                    id: row.get(0)?,
                    url: row.get(1)?,
                    fetch_url: row.get(2)?,
                    name: row.get(3)?,
                    etag: row.get(4)?,
                    last_modified: row.get(5)?,
                    consecutive_failures: row.get(6)?,
                    next_due: super::parse_iso(next_due.as_deref()),
                    gone: row.get(8)?,
                    interval: std::time::Duration::from_secs(
                        row.get::<_, Option<i64>>(9)?
                            .map_or(1800, |s| s.max(1) as u64),
                    ),
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.sql_error(e))
    }

    /// Commits one poll of one feed in a single transaction and reports what it changed.
    pub fn commit_pass(&mut self, pass: &FeedPass) -> Result<PassCounts, StoreError> {
        self.commit_passes(std::slice::from_ref(pass))
            .pop()
            .unwrap_or_else(|| Ok(PassCounts::default()))
    }

    /// Commits several passes in one transaction (group commit): one commit instead of many
    /// spares the WAL and the full-text index from rewriting the same pages for each feed.
    /// Should the batch fail, each pass is retried in a transaction of its own, so that a pass
    /// that cannot be written fails alone. Either way every pass is all or nothing. Returns one
    /// result per pass, in order.
    pub fn commit_passes(&mut self, passes: &[FeedPass]) -> Vec<Result<PassCounts, StoreError>> {
        let together = self.write_together(passes);
        match together {
            Ok(counts) => counts.into_iter().map(Ok).collect(),
            Err(e) if passes.len() == 1 => vec![Err(self.sql_error(e))],
            Err(_) => passes
                .iter()
                .map(|pass| {
                    self.write_together(std::slice::from_ref(pass))
                        .map_err(|e| self.sql_error(e))?
                        .pop()
                        .ok_or_else(|| self.sql_error(rusqlite::Error::QueryReturnedNoRows))
                })
                .collect(),
        }
    }

    /// Writes `passes` in one transaction; when it does not commit, the incident assigner
    /// forgets what it read in it.
    fn write_together(&mut self, passes: &[FeedPass]) -> rusqlite::Result<Vec<PassCounts>> {
        let rules = &self.notify_rules;
        let mut incidents = self.incidents.as_mut();
        let written = self.conn.transaction().and_then(|tx| {
            let counts = write_passes(&tx, passes, rules, incidents.as_deref_mut())?;
            tx.commit()?;
            Ok(counts)
        });
        if written.is_err()
            && let Some(assigner) = incidents
        {
            assigner.forget();
        }
        written
    }
}

/// Writes `passes` inside the caller's transaction, indexes their new items for search, gives
/// the new ones their incidents (with `incidents`), and queues the deliveries that the new and
/// changed items call for under `rules`.
fn write_passes(
    tx: &Connection,
    passes: &[FeedPass],
    rules: &[NotifyRule],
    incidents: Option<&mut Assigner>,
) -> rusqlite::Result<Vec<PassCounts>> {
    let last_before: i64 =
        tx.query_row("SELECT COALESCE(max(id), 0) FROM items", [], |r| r.get(0))?;
    let mut writer = ItemWriter::new(tx)?;
    let mut written = Vec::new();
    let counts = passes
        .iter()
        .map(|pass| write_pass(tx, &mut writer, pass, &mut written))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    super::search::index_new_items(tx, last_before)?;
    if let Some(incidents) = incidents {
        let new: Vec<i64> = written
            .iter()
            .copied()
            .filter(|id| *id > last_before)
            .collect();
        super::incidents::assign_new(tx, incidents, &new)?;
    }
    let now = passes
        .iter()
        .map(|p| p.checked_at)
        .max()
        .unwrap_or_else(Utc::now);
    super::outbox::enqueue(tx, rules, &written, now)?;
    Ok(counts)
}

/// The statements every item of a transaction runs, looked up once for the whole transaction
/// instead of once per item: finding a statement in the cache hashes its whole SQL text.
struct ItemWriter<'c> {
    own_key: CachedStatement<'c>,
    by_link: CachedStatement<'c>,
    insert_item: CachedStatement<'c>,
    insert_key: CachedStatement<'c>,
    insert_membership: CachedStatement<'c>,
    insert_tag: CachedStatement<'c>,
}

impl<'c> ItemWriter<'c> {
    fn new(tx: &'c Connection) -> rusqlite::Result<ItemWriter<'c>> {
        Ok(ItemWriter {
            own_key: tx.prepare_cached(
                "SELECT item_id, content_hash FROM item_keys WHERE feed_id = ?1 AND key = ?2",
            )?,
            by_link: tx
                .prepare_cached("SELECT id FROM items WHERE canonical_link = ?1 ORDER BY id LIMIT 1")?,
            insert_item: tx.prepare_cached(
                "INSERT INTO items (guid, link, canonical_link, title, summary, content, plain_title,
                    plain_summary, plain_content, authors, categories, published, updated,
                    first_seen, changed, sort_time, lang)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16)",
            )?,
            insert_key: tx.prepare_cached(
                "INSERT INTO item_keys (feed_id, key, item_id, content_hash) VALUES (?1, ?2, ?3, ?4)",
            )?,
            insert_membership: tx.prepare_cached(
                "INSERT OR IGNORE INTO item_feeds (item_id, feed_id, first_seen) VALUES (?1, ?2, ?3)",
            )?,
            insert_tag: tx.prepare_cached(TAG_INSERT)?,
        })
    }

    /// Records that feed `feed_id` sent item `item_id` under the item's key.
    fn link(
        &mut self,
        feed_id: i64,
        item_id: i64,
        now: &str,
        item: &ParsedItem,
    ) -> rusqlite::Result<()> {
        self.insert_key
            .execute(params![feed_id, item.identity, item_id, item.content_hash])?;
        self.insert_membership
            .execute(params![item_id, feed_id, now])?;
        Ok(())
    }
}

/// Writes one pass; the ids of the items it stored or changed are added to `written`.
fn write_pass(
    tx: &Connection,
    writer: &mut ItemWriter,
    pass: &FeedPass,
    written: &mut Vec<i64>,
) -> rusqlite::Result<PassCounts> {
    let checked = iso(pass.checked_at);
    let due = iso(pass.next_due);
    let mut counts = PassCounts::default();
    match &pass.outcome {
        PassOutcome::NotModified { status } => {
            tx.prepare_cached(
                "UPDATE feeds SET last_checked = ?2, last_success = ?2, last_status = ?3,
                    last_error = NULL, last_error_kind = NULL, consecutive_failures = 0,
                    next_due = ?4, last_warning = ?5 WHERE id = ?1",
            )?
            .execute(params![pass.feed_id, checked, status, due, pass.warning])?;
        }
        PassOutcome::Fetched {
            status,
            etag,
            last_modified,
            moved_to,
            title,
            items,
        } => {
            for stored in items {
                if let Some(id) =
                    write_item(tx, writer, pass.feed_id, &checked, stored, &mut counts)?
                {
                    written.push(id);
                }
            }
            tx.prepare_cached(
                "UPDATE feeds SET last_checked = ?2, last_success = ?2, last_status = ?3,
                    last_error = NULL, last_error_kind = NULL, consecutive_failures = 0,
                    next_due = ?4, etag = ?5, last_modified = ?6,
                    fetch_url = COALESCE(?7, fetch_url), title = COALESCE(?8, title),
                    last_warning = ?9 WHERE id = ?1",
            )?
            .execute(params![
                pass.feed_id,
                checked,
                status,
                due,
                etag,
                last_modified,
                moved_to,
                title,
                pass.warning
            ])?;
        }
        PassOutcome::Failed {
            kind,
            status,
            error,
            gone,
        } => {
            tx.prepare_cached(
                "UPDATE feeds SET last_checked = ?2, last_status = ?3, last_error = ?4,
                    last_error_kind = ?7, consecutive_failures = consecutive_failures + 1,
                    next_due = ?5, gone = gone OR ?6, last_warning = ?8 WHERE id = ?1",
            )?
            .execute(params![
                pass.feed_id,
                checked,
                status,
                error,
                due,
                gone,
                kind.as_str(),
                pass.warning
            ])?;
        }
    }
    Ok(counts)
}

/// Writes one item; returns its id when it was stored or changed.
fn write_item(
    tx: &Connection,
    writer: &mut ItemWriter,
    feed_id: i64,
    now: &str,
    stored: &StoredItem,
    counts: &mut PassCounts,
) -> rusqlite::Result<Option<i64>> {
    let item = &stored.item;
    let own: Option<(i64, ItemKey)> = writer
        .own_key
        .query_row(params![feed_id, item.identity], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((item_id, hash)) = own {
        if hash != item.content_hash {
            update_item(tx, writer, item_id, now, stored)?;
            tx.prepare_cached(
                "UPDATE item_keys SET content_hash = ?3 WHERE feed_id = ?1 AND key = ?2",
            )?
            .execute(params![feed_id, item.identity, item.content_hash])?;
            counts.updated += 1;
            return Ok(Some(item_id));
        }
        return Ok(None);
    }

    let by_link: Option<i64> = match &item.canonical_link {
        Some(link) => writer.by_link.query_row([link], |r| r.get(0)).optional()?,
        None => None,
    };
    if let Some(item_id) = by_link {
        // A feed keeps one key per item, so a feed that re-issues guids replaces its key
        // instead of piling up new ones.
        let previous: Option<ItemKey> = tx
            .prepare_cached(
                "SELECT content_hash FROM item_keys WHERE feed_id = ?1 AND item_id = ?2",
            )?
            .query_row(params![feed_id, item_id], |r| r.get(0))
            .optional()?;
        tx.prepare_cached("DELETE FROM item_keys WHERE feed_id = ?1 AND item_id = ?2")?
            .execute(params![feed_id, item_id])?;
        writer.link(feed_id, item_id, now, item)?;
        if previous.is_some_and(|h| h != item.content_hash) {
            update_item(tx, writer, item_id, now, stored)?;
            counts.updated += 1;
            return Ok(Some(item_id));
        }
        return Ok(None);
    }

    let published = item.published.map(iso);
    let sort_time = sort_time(published.as_deref(), now);
    writer.insert_item.execute(params![
        item.guid,
        item.link,
        item.canonical_link,
        item.title,
        item.summary,
        item.content,
        stored.plain.title,
        stored.plain.summary,
        stored.plain.content,
        json_list(&item.authors),
        json_list(&item.categories),
        published,
        item.updated.map(iso),
        now,
        sort_time,
        stored.lang,
    ])?;
    let item_id = tx.last_insert_rowid();
    writer.link(feed_id, item_id, now, item)?;
    insert_tags(&mut writer.insert_tag, item_id, &stored.tags)?;
    counts.new += 1;
    for hit in &stored.tags {
        *counts.tagged.entry(hit.tag.clone()).or_default() += 1;
    }
    Ok(Some(item_id))
}

fn update_item(
    tx: &Connection,
    writer: &mut ItemWriter,
    item_id: i64,
    now: &str,
    stored: &StoredItem,
) -> rusqlite::Result<()> {
    let item = &stored.item;
    let published = item.published.map(iso);
    tx.prepare_cached(
        "UPDATE items SET guid = ?2, link = ?3, canonical_link = COALESCE(?4, canonical_link),
            title = ?5, summary = ?6, content = ?7, plain_title = ?8, plain_summary = ?9,
            plain_content = ?10, authors = ?11, categories = ?12, published = ?13, updated = ?14,
            changed = ?15, sort_time = MIN(?16, first_seen), lang = COALESCE(?17, lang)
         WHERE id = ?1",
    )?
    .execute(params![
        item_id,
        item.guid,
        item.link,
        item.canonical_link,
        item.title,
        item.summary,
        item.content,
        stored.plain.title,
        stored.plain.summary,
        stored.plain.content,
        json_list(&item.authors),
        json_list(&item.categories),
        published,
        item.updated.map(iso),
        now,
        published.as_deref().unwrap_or("9999"),
        stored.lang,
    ])?;
    tx.prepare_cached("DELETE FROM item_tags WHERE item_id = ?1")?
        .execute([item_id])?;
    insert_tags(&mut writer.insert_tag, item_id, &stored.tags)
}

/// The statement that writes one tag of an item: item id, tag, evidence.
pub(super) const TAG_INSERT: &str =
    "INSERT OR REPLACE INTO item_tags (item_id, tag, evidence) VALUES (?1, ?2, ?3)";

/// Writes an item's tags with `insert` (a prepared [`TAG_INSERT`]); its old tags must already
/// be gone.
pub(super) fn insert_tags(
    insert: &mut Statement,
    item_id: i64,
    tags: &[TagHit],
) -> rusqlite::Result<()> {
    for hit in tags {
        insert.execute(params![item_id, hit.tag, hit.evidence])?;
    }
    Ok(())
}

/// The time an item sorts by: when published, unless that is missing or later than first seen.
fn sort_time<'a>(published: Option<&'a str>, first_seen: &'a str) -> &'a str {
    match published {
        Some(published) if published < first_seen => published,
        _ => first_seen,
    }
}

/// A JSON array of `values`.
pub(super) fn json_list(values: &[String]) -> String {
    // A list of strings always serialises; the fallback is never taken.
    serde_json::to_string(values).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The one feed https://a.example/feed, named `name`, at the default interval.
    fn entries(name: &str) -> Vec<FeedEntry> {
        vec![FeedEntry {
            url: "https://a.example/feed".into(),
            name: Some(name.into()),
            enabled: true,
            interval: Duration::from_secs(1800),
            own_interval: None,
        }]
    }

    /// A store in a temporary folder holding the one feed of `entries("A")`, with those entries.
    fn store_with_feed_a() -> (tempfile::TempDir, Store, Vec<FeedEntry>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("t.db")).expect("open store");
        let first = entries("A");
        store.sync_feeds(&first, Utc::now()).expect("sync");
        (dir, store, first)
    }

    fn gone_pass(feed_id: i64) -> FeedPass {
        FeedPass {
            feed_id,
            checked_at: Utc::now(),
            next_due: Utc::now(),
            outcome: PassOutcome::Failed {
                kind: FailureKind::HttpStatus,
                status: Some(410),
                error: "HTTP 410 Gone".into(),
                gone: true,
            },
            warning: None,
        }
    }

    #[test]
    fn a_gone_feed_comes_back_when_its_config_entry_changes() {
        let (_dir, mut store, first) = store_with_feed_a();
        let id = store.active_feeds().expect("feeds")[0].id;
        store.commit_pass(&gone_pass(id)).expect("commit");
        store.sync_feeds(&first, Utc::now()).expect("sync again");
        assert!(
            store.active_feeds().expect("feeds")[0].gone,
            "an unchanged entry stays gone"
        );
        let renamed = entries("B");
        store
            .sync_feeds(&renamed, Utc::now())
            .expect("sync renamed");
        let feed = &store.active_feeds().expect("feeds")[0];
        assert_eq!(feed.id, id);
        assert!(!feed.gone, "a changed entry brings the feed back");
    }

    #[test]
    fn a_gone_feed_stays_gone_when_only_the_poll_section_changes() {
        let (_dir, mut store, mut first) = store_with_feed_a();
        let id = store.active_feeds().expect("feeds")[0].id;
        store.commit_pass(&gone_pass(id)).expect("commit");
        first[0].interval *= 2;
        store
            .sync_feeds(&first, Utc::now())
            .expect("sync with another [poll] interval");
        assert!(store.active_feeds().expect("feeds")[0].gone);
    }

    fn pass_with_items(feed_id: i64, guids: &[&str]) -> FeedPass {
        let body: String = guids
            .iter()
            .map(|g| format!("<item><title>{g}</title><guid>{g}</guid></item>"))
            .collect();
        let doc = format!("<rss version=\"2.0\"><channel><title>t</title>{body}</channel></rss>");
        let prepared = crate::pipeline::prepare(
            doc.as_bytes(),
            "https://a.example/feed",
            &crate::tag::Tagger::builtin(),
            1000,
        )
        .expect("valid feed");
        FeedPass::fetched(feed_id, Utc::now(), prepared.title, prepared.items)
    }

    #[test]
    fn a_failing_pass_in_a_batch_fails_alone_and_leaves_nothing() {
        let (_dir, mut store, _) = store_with_feed_a();
        let id = store.active_feeds().expect("feeds")[0].id;
        let passes = [
            pass_with_items(id, &["a", "b"]),
            pass_with_items(id + 1000, &["c", "d", "e"]),
            pass_with_items(id, &["f"]),
        ];
        let results = store.commit_passes(&passes);
        assert_eq!(results.len(), 3);
        assert_eq!(results[0].as_ref().expect("first pass").new, 2);
        assert!(
            results[1].is_err(),
            "a pass for an unknown feed cannot be written"
        );
        assert_eq!(results[2].as_ref().expect("third pass").new, 1);
        assert_eq!(
            store.item_count().expect("count"),
            3,
            "nothing of the failed pass remains"
        );
    }

    #[test]
    fn a_batch_is_one_transaction_of_several_passes() {
        let (_dir, mut store, _) = store_with_feed_a();
        let id = store.active_feeds().expect("feeds")[0].id;
        let results = store.commit_passes(&[
            pass_with_items(id, &["a"]),
            pass_with_items(id, &["a", "b"]),
        ]);
        let counts: Vec<usize> = results
            .iter()
            .map(|r| r.as_ref().expect("pass").new)
            .collect();
        assert_eq!(
            counts,
            vec![1, 1],
            "the second pass sees the first one's item"
        );
        assert_eq!(store.item_count().expect("count"), 2);
    }

    #[test]
    fn a_feed_removed_from_the_config_keeps_its_row_but_is_not_active() {
        let (_dir, mut store, _) = store_with_feed_a();
        store.sync_feeds(&[], Utc::now()).expect("sync empty");
        assert!(store.active_feeds().expect("feeds").is_empty());
        assert_eq!(store.feed_reports().expect("reports").len(), 1);
    }
}
