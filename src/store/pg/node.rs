//! What a daemon does to a shared PostgreSQL database: record the configured feeds, claim due
//! feeds under a lease, and write passes that release them.
//!
//! A claim takes due feeds nobody holds with `FOR UPDATE SKIP LOCKED`, so that nodes claiming at
//! once never take the same feed, and writes `claimed_by` and `lease_until`. The pass that ends
//! clears both (only if the lease is still this node's) and records `last_node`. A node that
//! dies leaves its leases to run out; then any node takes the feeds.
//!
//! Items are matched as on SQLite (this feed's key, then the canonical link), but with one
//! statement per pass for each step instead of one per item. Two nodes storing the same
//! canonical link at once take turns on an advisory lock per link, taken in one sorted order by
//! every transaction, so they neither store it twice nor deadlock.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_postgres::Transaction;
use tokio_postgres::types::ToSql;

use super::{Pg, PgError};
use crate::identity::{ItemKey, item_key};
use crate::store::write::{entry_row, json_list};
use crate::store::{FeedEntry, FeedPass, FeedState, PassCounts, PassOutcome, StoredItem};
use crate::tag::TagHit;

impl Pg {
    /// Records the configured feeds, as [`crate::store::Store::sync_feeds`] does on SQLite.
    /// Every node does it at start and on reload; they should share one feed list.
    pub async fn sync_feeds(
        &mut self,
        feeds: &[FeedEntry],
        now: DateTime<Utc>,
    ) -> Result<(), PgError> {
        let shown = self.shown.clone();
        let failed = |e: tokio_postgres::Error| PgError::Statement {
            server: shown.clone(),
            message: format!("recording the feed list: {}", super::describe(&e)),
        };
        let tx = self.client.transaction().await.map_err(failed)?;
        tx.execute("UPDATE feeds SET in_config = false", &[])
            .await
            .map_err(failed)?;
        let upsert = tx
            .prepare(
                "INSERT INTO feeds (url, host, name, enabled, interval_seconds, config_hash, added)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (url) DO UPDATE SET
                    host = EXCLUDED.host, name = EXCLUDED.name, enabled = EXCLUDED.enabled,
                    interval_seconds = EXCLUDED.interval_seconds, in_config = true,
                    gone = CASE WHEN feeds.config_hash IS NOT DISTINCT FROM EXCLUDED.config_hash
                                THEN feeds.gone ELSE false END,
                    config_hash = EXCLUDED.config_hash",
            )
            .await
            .map_err(failed)?;
        for feed in feeds {
            let entry = entry_row(feed);
            tx.execute(
                &upsert,
                &[
                    &feed.url,
                    &entry.host,
                    &feed.name,
                    &feed.enabled,
                    &entry.interval_seconds,
                    &entry.config_hash,
                    &now,
                ],
            )
            .await
            .map_err(failed)?;
        }
        tx.commit().await.map_err(failed)
    }

    /// Claims at most `limit` due feeds that no live lease holds, for `lease` from now, as
    /// `node`; returns them with what polling needs.
    pub async fn claim(
        &self,
        node: &str,
        limit: usize,
        lease: Duration,
    ) -> Result<Vec<FeedState>, PgError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let sql = format!(
            "WITH due AS (
                 SELECT id FROM feeds
                 WHERE in_config AND enabled AND NOT gone
                   AND (next_due IS NULL OR next_due <= now())
                   AND (lease_until IS NULL OR lease_until < now())
                 ORDER BY next_due NULLS FIRST, id
                 LIMIT $2
                 FOR UPDATE SKIP LOCKED)
             UPDATE feeds f SET claimed_by = $1, lease_until = now() + make_interval(secs => $3)
             FROM due WHERE f.id = due.id
             RETURNING {FEED_STATE}"
        );
        self.feed_states(&sql, &[&node, &limit, &lease.as_secs_f64()])
            .await
    }

    /// Claims the feeds `ids` now, due or not (for `fetch`), except those another node holds.
    pub async fn claim_now(
        &self,
        node: &str,
        ids: &[i64],
        lease: Duration,
    ) -> Result<Vec<FeedState>, PgError> {
        let sql = format!(
            "WITH free AS (
                 SELECT id FROM feeds
                 WHERE id = ANY($2)
                   AND (lease_until IS NULL OR lease_until < now() OR claimed_by = $1)
                 FOR UPDATE SKIP LOCKED)
             UPDATE feeds f SET claimed_by = $1, lease_until = now() + make_interval(secs => $3)
             FROM free WHERE f.id = free.id
             RETURNING {FEED_STATE}"
        );
        self.feed_states(&sql, &[&node, &ids, &lease.as_secs_f64()])
            .await
    }

    /// The configured, enabled feeds with what polling needs of them.
    pub async fn active_feeds(&self) -> Result<Vec<FeedState>, PgError> {
        let sql =
            format!("SELECT {FEED_STATE} FROM feeds f WHERE in_config AND enabled ORDER BY id");
        self.feed_states(&sql, &[]).await
    }

    async fn feed_states(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<FeedState>, PgError> {
        let rows = self
            .client
            .query(sql, params)
            .await
            .map_err(|e| self.failure(e))?;
        rows.iter()
            .map(|row| {
                Ok(FeedState {
                    id: row.try_get(0)?,
                    url: row.try_get(1)?,
                    fetch_url: row.try_get(2)?,
                    name: row.try_get(3)?,
                    etag: row.try_get(4)?,
                    last_modified: row.try_get(5)?,
                    consecutive_failures: u32::try_from(row.try_get::<_, i64>(6)?)
                        .unwrap_or(u32::MAX),
                    next_due: row.try_get(7)?,
                    gone: row.try_get(8)?,
                    interval: Duration::from_secs(
                        row.try_get::<_, Option<i64>>(9)?
                            .map_or(1800, |s| s.max(1) as u64),
                    ),
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(|e| self.failure(e))
    }

    /// Gives up every lease `node` holds (at shutdown, for passes that did not finish), so that
    /// other nodes need not wait for them to run out. Returns how many.
    pub async fn release(&self, node: &str) -> Result<u64, PgError> {
        self.client
            .execute(
                "UPDATE feeds SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = $1",
                &[&node],
            )
            .await
            .map_err(|e| self.failure(e))
    }

    /// Writes `passes` in one transaction as `node`; should that fail, each pass is written in
    /// a transaction of its own, so that one that cannot be written fails alone.
    pub async fn commit_passes(
        &mut self,
        node: &str,
        passes: &[FeedPass],
    ) -> Vec<Result<PassCounts, PgError>> {
        match self.try_commit(node, passes).await {
            Ok(counts) => counts.into_iter().map(Ok).collect(),
            Err(e) if passes.len() == 1 => vec![Err(self.failure(e))],
            Err(_) => {
                let mut results = Vec::with_capacity(passes.len());
                for pass in passes {
                    let alone = self.try_commit(node, std::slice::from_ref(pass)).await;
                    results.push(match alone {
                        Ok(mut counts) => Ok(counts.pop().unwrap_or_default()),
                        Err(e) => Err(self.failure(e)),
                    });
                }
                results
            }
        }
    }

    /// Writes `passes` in one transaction; when it does not commit, the incident assigner
    /// forgets what it read in it.
    async fn try_commit(
        &mut self,
        node: &str,
        passes: &[FeedPass],
    ) -> Result<Vec<PassCounts>, tokio_postgres::Error> {
        let rules = &self.notify_rules;
        let mut incidents = self.incidents.as_mut();
        let written = async {
            let tx = self.client.transaction().await?;
            lock_links(&tx, passes).await?;
            let mut counts = Vec::with_capacity(passes.len());
            let mut written = Written::default();
            for pass in passes {
                counts.push(write_pass(&tx, node, pass, &mut written).await?);
            }
            if let Some(assigner) = incidents.as_deref_mut() {
                super::incidents::assign_new(&tx, assigner, &written.new).await?;
            }
            let now = passes
                .iter()
                .map(|p| p.checked_at)
                .max()
                .unwrap_or_else(Utc::now);
            super::outbox::enqueue(&tx, rules, &written.all, now).await?;
            tx.commit().await?;
            Ok(counts)
        }
        .await;
        if written.is_err()
            && let Some(assigner) = incidents
        {
            assigner.forget();
        }
        written
    }
}

/// Takes the advisory lock of every canonical link the passes carry, in one sorted order.
async fn lock_links(
    tx: &Transaction<'_>,
    passes: &[FeedPass],
) -> Result<(), tokio_postgres::Error> {
    let mut locks: Vec<i64> = passes
        .iter()
        .filter_map(|pass| match &pass.outcome {
            PassOutcome::Fetched { items, .. } => Some(items),
            _ => None,
        })
        .flatten()
        .filter_map(|stored| stored.item.canonical_link.as_deref())
        .map(link_lock)
        .collect();
    if locks.is_empty() {
        return Ok(());
    }
    locks.sort_unstable();
    locks.dedup();
    tx.execute(
        "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) AS sorted",
        &[&locks],
    )
    .await
    .map(|_| ())
}

/// The advisory lock key of a canonical link: the first 8 bytes of its digest.
fn link_lock(link: &str) -> i64 {
    let key = item_key(&["canonical-link", link]);
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&key[..8]);
    i64::from_be_bytes(bytes)
}

/// The feed columns a [`FeedState`] is read from, in `feed_states`' order.
const FEED_STATE: &str =
    "f.id, f.url, COALESCE(f.fetch_url, f.url), COALESCE(f.name, f.title, f.host),
    f.etag, f.last_modified, f.consecutive_failures, f.next_due, f.gone, f.interval_seconds";

/// The feed columns every ending of a pass writes: when, the next due time, the warning, who
/// polled it, and the lease given back if it is still this node's.
const PASS_END: &str = "last_checked = $2, next_due = $3, last_warning = $4, last_node = $5,
    lease_until = CASE WHEN claimed_by = $5 THEN NULL ELSE lease_until END,
    claimed_by = CASE WHEN claimed_by = $5 THEN NULL ELSE claimed_by END";

/// The items a transaction stored or changed, and of those the ones it stored.
#[derive(Default)]
struct Written {
    all: Vec<i64>,
    new: Vec<i64>,
}

/// Writes one pass inside `tx`; the ids of the items it stored or changed are added to
/// `written`.
async fn write_pass(
    tx: &Transaction<'_>,
    node: &str,
    pass: &FeedPass,
    written: &mut Written,
) -> Result<PassCounts, tokio_postgres::Error> {
    let mut counts = PassCounts::default();
    let common: [&(dyn ToSql + Sync); 5] = [
        &pass.feed_id,
        &pass.checked_at,
        &pass.next_due,
        &pass.warning,
        &node,
    ];
    match &pass.outcome {
        PassOutcome::NotModified { status } => {
            let status = i64::from(*status);
            let sql = format!(
                "UPDATE feeds SET {PASS_END}, last_success = $2, last_status = $6,
                    last_error = NULL, last_error_kind = NULL, consecutive_failures = 0
                 WHERE id = $1"
            );
            tx.execute(&sql, &[&common[..], &[&status]].concat())
                .await?;
        }
        PassOutcome::Fetched {
            status,
            etag,
            last_modified,
            moved_to,
            title,
            items,
        } => {
            write_items(
                tx,
                pass.feed_id,
                pass.checked_at,
                items,
                &mut counts,
                written,
            )
            .await?;
            let status = i64::from(*status);
            let sql = format!(
                "UPDATE feeds SET {PASS_END}, last_success = $2, last_status = $6,
                    last_error = NULL, last_error_kind = NULL, consecutive_failures = 0,
                    etag = $7, last_modified = $8, fetch_url = COALESCE($9, fetch_url),
                    title = COALESCE($10, title)
                 WHERE id = $1"
            );
            let rest: [&(dyn ToSql + Sync); 5] = [&status, etag, last_modified, moved_to, title];
            tx.execute(&sql, &[&common[..], &rest[..]].concat()).await?;
        }
        PassOutcome::Failed {
            kind,
            status,
            error,
            gone,
        } => {
            let status = status.map(i64::from);
            let sql = format!(
                "UPDATE feeds SET {PASS_END}, last_status = $6, last_error = $7,
                    last_error_kind = $8, consecutive_failures = consecutive_failures + 1,
                    gone = gone OR $9
                 WHERE id = $1"
            );
            let rest: [&(dyn ToSql + Sync); 4] = [&status, error, &kind.as_str(), gone];
            tx.execute(&sql, &[&common[..], &rest[..]].concat()).await?;
        }
    }
    Ok(counts)
}

/// Where an item of a pass goes.
enum Fate<'a> {
    /// Stored before under this feed's key; its content changed when `changed`.
    Own { item_id: i64, changed: bool },
    /// A stored item with the same canonical link: this feed's key now points at it.
    Relink { item_id: i64 },
    /// A new item, with the id reserved for it.
    New {
        item_id: i64,
        stored: &'a StoredItem,
    },
}

/// Writes a fetched document's items: one lookup of this feed's keys, one of canonical links,
/// one insert each for new items, keys, memberships and tags; changed items one by one.
async fn write_items(
    tx: &Transaction<'_>,
    feed_id: i64,
    now: DateTime<Utc>,
    items: &[StoredItem],
    counts: &mut PassCounts,
    written: &mut Written,
) -> Result<(), tokio_postgres::Error> {
    // A document that repeats an item's key is read as SQLite's writer reads it: the first
    // occurrence is the item, later ones are the same item again.
    let mut seen = HashSet::new();
    let items: Vec<&StoredItem> = items
        .iter()
        .filter(|s| seen.insert(s.item.identity))
        .collect();
    let keys: Vec<&[u8]> = items.iter().map(|s| &s.item.identity[..]).collect();
    let own: HashMap<Vec<u8>, (i64, Vec<u8>)> = tx
        .query(
            "SELECT key, item_id, content_hash FROM item_keys WHERE feed_id = $1 AND key = ANY($2)",
            &[&feed_id, &keys],
        )
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, (row.try_get(1)?, row.try_get(2)?))))
        .collect::<Result<_, tokio_postgres::Error>>()?;
    let links: Vec<&str> = items
        .iter()
        .filter(|s| !own.contains_key(&s.item.identity[..]))
        .filter_map(|s| s.item.canonical_link.as_deref())
        .collect();
    let mut by_link: HashMap<String, i64> = tx
        .query(
            "SELECT DISTINCT ON (canonical_link) canonical_link, id FROM items
             WHERE canonical_link = ANY($1) ORDER BY canonical_link, id",
            &[&links],
        )
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect::<Result<_, tokio_postgres::Error>>()?;
    let new_count = items
        .iter()
        .filter(|s| !own.contains_key(&s.item.identity[..]))
        .count();
    let mut fresh_ids = reserve_ids(tx, new_count).await?.into_iter();

    let mut fates = Vec::with_capacity(items.len());
    for stored in &items {
        let item = &stored.item;
        let fate = if let Some((item_id, hash)) = own.get(&item.identity[..]) {
            Fate::Own {
                item_id: *item_id,
                changed: hash[..] != item.content_hash[..],
            }
        } else if let Some(item_id) = item.canonical_link.as_ref().and_then(|l| by_link.get(l)) {
            Fate::Relink { item_id: *item_id }
        } else {
            let Some(item_id) = fresh_ids.next() else {
                break;
            };
            if let Some(link) = &item.canonical_link {
                by_link.insert(link.clone(), item_id);
            }
            Fate::New { item_id, stored }
        };
        fates.push((*stored, fate));
    }

    let new: Vec<(i64, &StoredItem)> = fates
        .iter()
        .filter_map(|(_, fate)| match fate {
            Fate::New { item_id, stored } => Some((*item_id, *stored)),
            _ => None,
        })
        .collect();
    insert_items(tx, now, &new).await?;
    let mut links = Vec::new();
    for (stored, fate) in &fates {
        match fate {
            Fate::Own { item_id, changed } => {
                if *changed {
                    update_item(tx, *item_id, now, stored).await?;
                    tx.execute(
                        "UPDATE item_keys SET content_hash = $3 WHERE feed_id = $1 AND key = $2",
                        &[
                            &feed_id,
                            &&stored.item.identity[..],
                            &&stored.item.content_hash[..],
                        ],
                    )
                    .await?;
                    counts.updated += 1;
                    written.all.push(*item_id);
                }
            }
            Fate::Relink { item_id } => {
                if relink(tx, feed_id, *item_id, &stored.item.content_hash).await? {
                    update_item(tx, *item_id, now, stored).await?;
                    counts.updated += 1;
                    written.all.push(*item_id);
                }
                links.push((*item_id, *stored));
            }
            Fate::New { item_id, stored } => {
                links.push((*item_id, *stored));
                written.all.push(*item_id);
                written.new.push(*item_id);
                counts.new += 1;
                for hit in &stored.tags {
                    *counts.tagged.entry(hit.tag.clone()).or_default() += 1;
                }
            }
        }
    }
    insert_links(tx, feed_id, now, &links).await?;
    let tags: Vec<(i64, &TagHit)> = new
        .iter()
        .flat_map(|(id, stored)| stored.tags.iter().map(move |hit| (*id, hit)))
        .collect();
    insert_tags(tx, &tags).await
}

/// `count` new item ids from the items' sequence.
async fn reserve_ids(
    tx: &Transaction<'_>,
    count: usize,
) -> Result<Vec<i64>, tokio_postgres::Error> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    tx.query(
        "SELECT nextval(pg_get_serial_sequence('items', 'id')) FROM generate_series(1, $1::bigint)",
        &[&count],
    )
    .await?
    .iter()
    .map(|row| row.try_get(0))
    .collect()
}

/// Drops this feed's old key for `item_id`; returns whether the content it had sent differs
/// from `hash` (the stored item is then updated).
async fn relink(
    tx: &Transaction<'_>,
    feed_id: i64,
    item_id: i64,
    hash: &ItemKey,
) -> Result<bool, tokio_postgres::Error> {
    let previous = tx
        .query_opt(
            "DELETE FROM item_keys WHERE feed_id = $1 AND item_id = $2 RETURNING content_hash",
            &[&feed_id, &item_id],
        )
        .await?;
    Ok(match previous {
        Some(row) => row.try_get::<_, Vec<u8>>(0)?[..] != hash[..],
        None => false,
    })
}

/// Inserts new items under their reserved ids.
async fn insert_items(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    new: &[(i64, &StoredItem)],
) -> Result<(), tokio_postgres::Error> {
    if new.is_empty() {
        return Ok(());
    }
    let column = |f: &dyn Fn(&StoredItem) -> Option<String>| -> Vec<Option<String>> {
        new.iter().map(|(_, s)| f(s)).collect()
    };
    let ids: Vec<i64> = new.iter().map(|(id, _)| *id).collect();
    let guid = column(&|s| s.item.guid.clone());
    let link = column(&|s| s.item.link.clone());
    let canonical = column(&|s| s.item.canonical_link.clone());
    let title = column(&|s| Some(s.item.title.clone()));
    let summary = column(&|s| Some(s.item.summary.clone()));
    let content = column(&|s| Some(s.item.content.clone()));
    let plain_title = column(&|s| Some(s.plain.title.clone()));
    let plain_summary = column(&|s| Some(s.plain.summary.clone()));
    let plain_content = column(&|s| Some(s.plain.content.clone()));
    let authors = column(&|s| Some(json_list(&s.item.authors)));
    let categories = column(&|s| Some(json_list(&s.item.categories)));
    let lang = column(&|s| s.lang.clone());
    let published: Vec<Option<DateTime<Utc>>> = new.iter().map(|(_, s)| s.item.published).collect();
    let updated: Vec<Option<DateTime<Utc>>> = new.iter().map(|(_, s)| s.item.updated).collect();
    tx.execute(
        "INSERT INTO items (id, guid, link, canonical_link, title, summary, content, plain_title,
             plain_summary, plain_content, authors, categories, published, updated, lang,
             first_seen, changed, sort_time)
         SELECT *, $16::timestamptz, $16::timestamptz, LEAST(COALESCE(p, $16), $16)
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                     $13::timestamptz[], $14::timestamptz[], $15::text[]) AS u(
             id, guid, link, canonical_link, title, summary, content, plain_title, plain_summary,
             plain_content, authors, categories, p, updated, lang)",
        &[
            &ids,
            &guid,
            &link,
            &canonical,
            &title,
            &summary,
            &content,
            &plain_title,
            &plain_summary,
            &plain_content,
            &authors,
            &categories,
            &published,
            &updated,
            &lang,
            &now,
        ],
    )
    .await
    .map(|_| ())
}

/// Records this feed's key for each item and that the feed sent it.
async fn insert_links(
    tx: &Transaction<'_>,
    feed_id: i64,
    now: DateTime<Utc>,
    links: &[(i64, &StoredItem)],
) -> Result<(), tokio_postgres::Error> {
    if links.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = links.iter().map(|(id, _)| *id).collect();
    let keys: Vec<&[u8]> = links.iter().map(|(_, s)| &s.item.identity[..]).collect();
    let hashes: Vec<&[u8]> = links
        .iter()
        .map(|(_, s)| &s.item.content_hash[..])
        .collect();
    tx.execute(
        "INSERT INTO item_keys (feed_id, key, item_id, content_hash)
         SELECT $1, k, i, h FROM unnest($2::bytea[], $3::bigint[], $4::bytea[]) AS u(k, i, h)
         ON CONFLICT DO NOTHING",
        &[&feed_id, &keys, &ids, &hashes],
    )
    .await?;
    tx.execute(
        "INSERT INTO item_feeds (item_id, feed_id, first_seen)
         SELECT i, $1, $3 FROM unnest($2::bigint[]) AS i ON CONFLICT DO NOTHING",
        &[&feed_id, &ids, &now],
    )
    .await
    .map(|_| ())
}

/// Writes tags with their evidence, replacing any of the same name.
async fn insert_tags(
    tx: &Transaction<'_>,
    tags: &[(i64, &TagHit)],
) -> Result<(), tokio_postgres::Error> {
    if tags.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = tags.iter().map(|(id, _)| *id).collect();
    let names: Vec<&str> = tags.iter().map(|(_, hit)| hit.tag.as_str()).collect();
    let evidence: Vec<&str> = tags.iter().map(|(_, hit)| hit.evidence.as_str()).collect();
    tx.execute(
        "INSERT INTO item_tags (item_id, tag, evidence)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])
         ON CONFLICT (item_id, tag) DO UPDATE SET evidence = EXCLUDED.evidence",
        &[&ids, &names, &evidence],
    )
    .await
    .map(|_| ())
}

/// Rewrites a stored item whose content changed, and its tags.
async fn update_item(
    tx: &Transaction<'_>,
    item_id: i64,
    now: DateTime<Utc>,
    stored: &StoredItem,
) -> Result<(), tokio_postgres::Error> {
    let item = &stored.item;
    tx.execute(
        "UPDATE items SET guid = $2, link = $3, canonical_link = COALESCE($4, canonical_link),
            title = $5, summary = $6, content = $7, plain_title = $8, plain_summary = $9,
            plain_content = $10, authors = $11, categories = $12, published = $13, updated = $14,
            changed = $15, sort_time = LEAST(COALESCE($13, first_seen), first_seen),
            lang = COALESCE($16, lang)
         WHERE id = $1",
        &[
            &item_id,
            &item.guid,
            &item.link,
            &item.canonical_link,
            &item.title,
            &item.summary,
            &item.content,
            &stored.plain.title,
            &stored.plain.summary,
            &stored.plain.content,
            &json_list(&item.authors),
            &json_list(&item.categories),
            &item.published,
            &item.updated,
            &now,
            &stored.lang,
        ],
    )
    .await?;
    tx.execute("DELETE FROM item_tags WHERE item_id = $1", &[&item_id])
        .await?;
    let tags: Vec<(i64, &TagHit)> = stored.tags.iter().map(|hit| (item_id, hit)).collect();
    insert_tags(tx, &tags).await
}
