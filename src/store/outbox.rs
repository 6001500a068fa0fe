//! The outbox: the deliveries notifiers owe, written in the same transaction as the items that
//! call for them, so that no crash can drop one.
//!
//! A delivery is one item for one notifier, unique on the pair: an item updated ten times is
//! queued once. It is pending until delivered, or failed once its notifier gives up on it;
//! rows are kept either way, so that `notify status` can count them.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError, iso, parse_iso, sql_failure};

/// Migration 8: the notifiers seen so far and the outbox.
pub(super) const OUTBOX_MIGRATION: &str = r#"
CREATE TABLE notifiers (
    name        TEXT PRIMARY KEY,
    added       TEXT NOT NULL,
    after_item  INTEGER NOT NULL,  -- items stored before it was added (ids up to this) are never sent to it
    last_digest TEXT               -- when its last digest went out
) WITHOUT ROWID;

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    notifier     TEXT NOT NULL,
    item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    state        TEXT NOT NULL DEFAULT 'pending',  -- pending | delivered | failed
    created      TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT NOT NULL,
    last_attempt TEXT,
    last_error   TEXT,
    UNIQUE (notifier, item_id)
);
CREATE INDEX outbox_due ON outbox(notifier, state, next_attempt);
"#;

/// What a notifier is sent, in the store's own terms: the items written while it is
/// configured that carry one of `tags`, come from one of `feeds` and match `search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyRule {
    /// The notifier's name.
    pub name: String,
    /// Any of these tags; empty means every item.
    pub tags: Vec<String>,
    /// Feeds by configured name or URL; empty means every feed.
    pub feeds: Vec<String>,
    /// An FTS5 query the item must match, already checked.
    pub search: Option<String>,
    /// Items published (or first seen) longer ago than this are never sent.
    pub max_age: Duration,
    /// Only items that start an incident are sent.
    pub first_of_incident: bool,
}

/// An item as a notification shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DeliveryItem {
    /// Row id, as `show` takes it.
    pub id: i64,
    /// Plain-text title.
    pub title: String,
    /// Link to the story.
    pub link: Option<String>,
    /// Name of the first feed that had it.
    pub feed: String,
    /// Publication time, else first-seen time (ISO-8601 UTC).
    pub published: String,
    /// Plain-text summary.
    pub summary: String,
    /// Its tags with their evidence, by tag.
    pub tags: Vec<(String, String)>,
}

/// One delivery owed: an outbox row with its item.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// Outbox row id.
    pub id: i64,
    /// When it was queued.
    pub created: DateTime<Utc>,
    /// Attempts made so far.
    pub attempts: u32,
    /// The item to send.
    pub item: DeliveryItem,
}

/// What became of an attempt to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The receiver took it.
    Delivered,
    /// It failed and is tried again at `at`.
    Retry {
        /// When to try again.
        at: DateTime<Utc>,
        /// What went wrong.
        error: String,
    },
    /// It failed for good: kept, and sent again only after `notify retry`.
    GaveUp {
        /// What went wrong last.
        error: String,
    },
}

/// The outbox as one notifier sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NotifierStatus {
    /// The notifier's name.
    pub name: String,
    /// Deliveries waiting.
    pub pending: i64,
    /// Deliveries given up on.
    pub failed: i64,
    /// Deliveries made.
    pub delivered: i64,
    /// When the oldest pending delivery was queued.
    pub oldest_pending: Option<String>,
    /// The last error of an attempt, when the newest attempt failed.
    pub last_error: Option<String>,
}

impl Store {
    /// Sets the rules that passes queue deliveries by. A notifier seen for the first time is
    /// recorded as added now, so that it starts from now. A `search` SQLite cannot read is
    /// [`StoreError::BadSearch`], naming the notifier.
    pub fn set_notify_rules(
        &mut self,
        rules: Vec<NotifyRule>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        for rule in &rules {
            if let Some(query) = &rule.search {
                self.check_search(query).map_err(|e| match e {
                    StoreError::BadSearch { query, message } => StoreError::BadNotifierSearch {
                        notifier: rule.name.clone(),
                        query,
                        message,
                    },
                    other => other,
                })?;
            }
        }
        let sql = sql_failure(&self.path);
        let tx = self.conn.transaction().map_err(sql)?;
        for rule in &rules {
            tx.execute(
                "INSERT OR IGNORE INTO notifiers (name, added, after_item)
                 VALUES (?1, ?2, (SELECT COALESCE(max(id), 0) FROM items))",
                params![rule.name, iso(now)],
            )
            .map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        self.notify_rules = rules;
        Ok(())
    }

    /// Up to `limit` pending deliveries of `notifier` due by `now`, oldest first.
    pub fn due_deliveries(
        &self,
        notifier: &str,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT o.id, o.created, o.attempts, i.id, i.plain_title, i.link,
                    (SELECT COALESCE(f.name, f.title, f.host) FROM item_feeds x
                       JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = i.id
                       ORDER BY x.first_seen, f.id LIMIT 1),
                    COALESCE(i.published, i.first_seen), i.plain_summary,
                    (SELECT json_group_array(json_array(tag, evidence)) FROM
                       (SELECT tag, evidence FROM item_tags WHERE item_id = i.id ORDER BY tag))
                 FROM outbox o JOIN items i ON i.id = o.item_id
                 WHERE o.notifier = ?1 AND o.state = 'pending' AND o.next_attempt <= ?2
                 ORDER BY o.id LIMIT ?3",
            )
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map(params![notifier, iso(now), limit], |row| {
                let created: String = row.get(1)?;
                let tags: String = row.get(9)?;
                Ok(Delivery {
                    id: row.get(0)?,
                    created: parse_iso(Some(&created)).unwrap_or(now),
                    attempts: row.get(2)?,
                    item: DeliveryItem {
                        id: row.get(3)?,
                        title: row.get(4)?,
                        link: row.get(5)?,
                        feed: row.get::<_, Option<String>>(6)?.unwrap_or_default(),
                        published: row.get(7)?,
                        summary: row.get(8)?,
                        tags: serde_json::from_str(&tags).unwrap_or_default(),
                    },
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.sql_error(e))
    }

    /// Records what became of an attempt at deliveries `ids`, made at `now`.
    pub fn record_attempt(
        &mut self,
        ids: &[i64],
        attempt: &Attempt,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = sql_failure(&self.path);
        let (state, next, error) = match attempt {
            Attempt::Delivered => ("delivered", None, None),
            Attempt::Retry { at, error } => ("pending", Some(iso(*at)), Some(error.as_str())),
            Attempt::GaveUp { error } => ("failed", None, Some(error.as_str())),
        };
        let tx = self.conn.transaction().map_err(sql)?;
        {
            let mut update = tx
                .prepare_cached(
                    "UPDATE outbox SET state = ?2, attempts = attempts + 1, last_attempt = ?3,
                        last_error = ?4, next_attempt = COALESCE(?5, next_attempt)
                     WHERE id = ?1",
                )
                .map_err(sql)?;
            for id in ids {
                update
                    .execute(params![id, state, iso(now), error, next])
                    .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// Puts `notifier`'s failed deliveries back in the queue, due now and with a fresh
    /// give-up clock; returns how many.
    pub fn retry_failed(
        &mut self,
        notifier: &str,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        self.conn
            .execute(
                "UPDATE outbox SET state = 'pending', next_attempt = ?2, created = ?2
                 WHERE notifier = ?1 AND state = 'failed'",
                params![notifier, iso(now)],
            )
            .map_err(|e| self.sql_error(e))
    }

    /// When `notifier`'s last digest went out, else when it was added.
    pub fn digest_clock(&self, notifier: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let at: Option<String> = self
            .conn
            .query_row(
                "SELECT COALESCE(last_digest, added) FROM notifiers WHERE name = ?1",
                [notifier],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql_error(e))?;
        Ok(parse_iso(at.as_deref()))
    }

    /// Records that a digest of `notifier` went out (or was due with nothing in it) at `now`.
    pub fn digest_sent(&mut self, notifier: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE notifiers SET last_digest = ?2 WHERE name = ?1",
                params![notifier, iso(now)],
            )
            .map(|_| ())
            .map_err(|e| self.sql_error(e))
    }

    /// Pending, failed and delivered counts of every notifier the outbox or the configuration
    /// knows, by name.
    pub fn outbox_status(&self) -> Result<Vec<NotifierStatus>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(OUTBOX_STATUS)
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([], |row| {
                Ok(NotifierStatus {
                    name: row.get(0)?,
                    pending: row.get(1)?,
                    failed: row.get(2)?,
                    delivered: row.get(3)?,
                    oldest_pending: row.get(4)?,
                    last_error: row.get(5)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.sql_error(e))
    }
}

/// Per notifier the outbox or the configuration knows, by name: its pending, failed and
/// delivered counts, its oldest pending delivery, its last error. One statement both backends
/// read.
pub(super) const OUTBOX_STATUS: &str = "SELECT n.name,
    (SELECT count(*) FROM outbox WHERE notifier = n.name AND state = 'pending'),
    (SELECT count(*) FROM outbox WHERE notifier = n.name AND state = 'failed'),
    (SELECT count(*) FROM outbox WHERE notifier = n.name AND state = 'delivered'),
    (SELECT min(created) FROM outbox WHERE notifier = n.name AND state = 'pending'),
    (SELECT last_error FROM outbox WHERE notifier = n.name
       AND last_attempt IS NOT NULL ORDER BY last_attempt DESC, id DESC LIMIT 1)
FROM (SELECT name FROM notifiers UNION SELECT notifier FROM outbox) n
ORDER BY n.name";

/// Queues, inside the pass's transaction, the deliveries that items `items` (just written
/// or changed) call for under `rules`.
pub(super) fn enqueue(
    tx: &Connection,
    rules: &[NotifyRule],
    items: &[i64],
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    if rules.is_empty() || items.is_empty() {
        return Ok(());
    }
    let mut queue = tx.prepare_cached(
        "INSERT OR IGNORE INTO outbox (notifier, item_id, created, next_attempt)
         SELECT n.name, i.id, ?3, ?3 FROM items i JOIN notifiers n ON n.name = ?1
         WHERE i.id = ?2 AND i.id > n.after_item AND i.sort_time >= ?4
           AND (?5 IS NULL OR EXISTS (SELECT 1 FROM item_tags t, json_each(?5) w
                  WHERE t.item_id = i.id AND t.tag = w.value))
           AND (?6 IS NULL OR EXISTS (SELECT 1 FROM item_feeds x JOIN feeds f ON f.id = x.feed_id,
                  json_each(?6) w WHERE x.item_id = i.id AND (f.name = w.value OR f.url = w.value)))
           AND (?7 IS NULL OR i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?7))
           AND (NOT ?8 OR EXISTS (SELECT 1 FROM item_incidents m
                  WHERE m.item_id = i.id AND m.reason LIKE 'new:%'))",
    )?;
    let at = iso(now);
    for rule in rules {
        let oldest = chrono::Duration::from_std(rule.max_age)
            .ok()
            .and_then(|age| now.checked_sub_signed(age))
            .map_or_else(|| "0".to_string(), iso);
        let list = |values: &[String]| {
            (!values.is_empty()).then(|| serde_json::to_string(values).unwrap_or_default())
        };
        let (tags, feeds) = (list(&rule.tags), list(&rule.feeds));
        for item in items {
            queue.execute(params![
                rule.name,
                item,
                at,
                oldest,
                tags,
                feeds,
                rule.search,
                rule.first_of_incident
            ])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FeedEntry, FeedPass};

    const ATTACK: &str = "Acme hit by ransomware attack";
    const QUIET: &str = "Acme reports quarterly earnings";

    fn store() -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("t.db")).expect("open store");
        let feed = FeedEntry {
            url: "https://a.example/feed".into(),
            name: Some("A".into()),
            enabled: true,
            interval: Duration::from_secs(1800),
            own_interval: None,
        };
        store.sync_feeds(&[feed], Utc::now()).expect("sync");
        let id = store.active_feeds().expect("feeds")[0].id;
        (dir, store, id)
    }

    fn pass(feed_id: i64, titles: &[(&str, &str)]) -> FeedPass {
        let body: String = titles
            .iter()
            .map(|(guid, title)| format!("<item><title>{title}</title><guid>{guid}</guid></item>"))
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

    fn rule(name: &str) -> NotifyRule {
        NotifyRule {
            name: name.into(),
            tags: vec!["cyberattack".into()],
            feeds: Vec::new(),
            search: None,
            max_age: Duration::from_secs(3600),
            first_of_incident: false,
        }
    }

    fn queued(store: &Store, notifier: &str) -> Vec<String> {
        store
            .due_deliveries(notifier, Utc::now(), 100)
            .expect("due")
            .into_iter()
            .map(|d| d.item.title)
            .collect()
    }

    #[test]
    fn a_pass_queues_what_each_rule_selects_once() {
        let (_dir, mut store, feed) = store();
        let mut by_search = rule("search");
        by_search.tags.clear();
        by_search.search = Some("earnings".into());
        let mut other_feed = rule("elsewhere");
        other_feed.feeds = vec!["https://b.example/feed".into()];
        let mut by_name = rule("by-name");
        by_name.feeds = vec!["A".into()];
        store
            .set_notify_rules(
                vec![rule("tagged"), by_search, other_feed, by_name],
                Utc::now(),
            )
            .expect("rules");
        store
            .commit_pass(&pass(feed, &[("1", ATTACK), ("2", QUIET)]))
            .expect("commit");
        assert_eq!(queued(&store, "tagged"), [ATTACK]);
        assert_eq!(queued(&store, "search"), [QUIET]);
        assert_eq!(queued(&store, "by-name"), [ATTACK]);
        assert!(queued(&store, "elsewhere").is_empty());
        store
            .commit_pass(&pass(feed, &[("1", &format!("{ATTACK} again"))]))
            .expect("an update");
        assert_eq!(
            queued(&store, "tagged").len(),
            1,
            "an update is not sent twice"
        );
    }

    #[test]
    fn attempts_move_deliveries_between_states() {
        let (_dir, mut store, feed) = store();
        store
            .set_notify_rules(vec![rule("n")], Utc::now())
            .expect("rules");
        store
            .commit_pass(&pass(
                feed,
                &[("1", ATTACK), ("2", &format!("{ATTACK} twice"))],
            ))
            .expect("commit");
        let due = store.due_deliveries("n", Utc::now(), 10).expect("due");
        assert_eq!(due.len(), 2);
        assert_eq!(due[0].item.tags[0].0, "cyberattack");
        let now = Utc::now();
        store
            .record_attempt(&[due[0].id], &Attempt::Delivered, now)
            .expect("delivered");
        store
            .record_attempt(
                &[due[1].id],
                &Attempt::Retry {
                    at: now + chrono::Duration::hours(1),
                    error: "503".into(),
                },
                now,
            )
            .expect("retry");
        assert!(
            store.due_deliveries("n", now, 10).expect("due").is_empty(),
            "not due yet"
        );
        store
            .record_attempt(
                &[due[1].id],
                &Attempt::GaveUp {
                    error: "gone".into(),
                },
                now,
            )
            .expect("gave up");
        let status = &store.outbox_status().expect("status")[0];
        assert_eq!((status.pending, status.failed, status.delivered), (0, 1, 1));
        assert_eq!(status.last_error.as_deref(), Some("gone"));
        assert_eq!(store.retry_failed("n", now).expect("retry"), 1);
        let again = store.due_deliveries("n", now, 10).expect("due");
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].attempts, 2);
    }

    #[test]
    fn a_bad_search_names_its_notifier() {
        let (_dir, mut store, _) = store();
        let mut bad = rule("x");
        bad.search = Some("\"unclosed".into());
        match store.set_notify_rules(vec![bad], Utc::now()) {
            Err(StoreError::BadNotifierSearch { notifier, .. }) => assert_eq!(notifier, "x"),
            other => panic!("expected a bad search, got {other:?}"),
        }
    }

    #[test]
    fn the_digest_clock_starts_when_the_notifier_is_added() {
        let (_dir, mut store, _) = store();
        let added = Utc::now();
        store
            .set_notify_rules(vec![rule("d")], added)
            .expect("rules");
        let clock = store.digest_clock("d").expect("clock").expect("set");
        assert_eq!(iso(clock), iso(added));
        let later = added + chrono::Duration::hours(1);
        store.digest_sent("d", later).expect("sent");
        assert_eq!(
            store.digest_clock("d").expect("clock").map(iso),
            Some(iso(later))
        );
        assert_eq!(store.digest_clock("unknown").expect("clock"), None);
    }
}
