//! The outbox on PostgreSQL: deliveries queued in the pass's transaction, as on SQLite, and
//! sent by one node at a time per notifier.
//!
//! Every node runs a sender task per notifier; before a round, the task takes or renews its
//! notifier's lease (`notifiers.sender`, `sender_until`). Only the holder reads and sends, so
//! a delivery or a digest goes out from one node; when the holder dies, its lease runs out and
//! another node's task takes the notifier over, sending what is still pending (at least once,
//! as on SQLite).

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_postgres::Transaction;

use super::{Pg, PgError};
use crate::store::{Attempt, Delivery, DeliveryItem, NotifierStatus, NotifyRule, iso};

impl Pg {
    /// Sets the rules this connection's passes queue deliveries by; a notifier seen for the
    /// first time is recorded as added now, so that it starts from now.
    pub async fn set_notify_rules(
        &mut self,
        rules: Vec<NotifyRule>,
        now: DateTime<Utc>,
    ) -> Result<(), PgError> {
        for rule in &rules {
            self.client
                .execute(
                    "INSERT INTO notifiers (name, added, after_item)
                     VALUES ($1, $2, (SELECT COALESCE(max(id), 0) FROM items))
                     ON CONFLICT (name) DO NOTHING",
                    &[&rule.name, &now],
                )
                .await
                .map_err(|e| self.failure(e))?;
        }
        self.notify_rules = rules;
        Ok(())
    }

    /// Takes or renews `notifier`'s sending lease for `node`, for `lease`; false when another
    /// node holds it.
    pub async fn hold_notifier(
        &self,
        notifier: &str,
        node: &str,
        lease: Duration,
    ) -> Result<bool, PgError> {
        let taken = self
            .client
            .execute(
                "UPDATE notifiers SET sender = $2, sender_until = now() + make_interval(secs => $3)
                 WHERE name = $1
                   AND (sender IS NULL OR sender = $2 OR sender_until < now())",
                &[&notifier, &node, &lease.as_secs_f64()],
            )
            .await
            .map_err(|e| self.failure(e))?;
        Ok(taken == 1)
    }

    /// Gives back every notifier lease `node` holds (at shutdown).
    pub async fn release_notifiers(&self, node: &str) -> Result<u64, PgError> {
        self.client
            .execute(
                "UPDATE notifiers SET sender = NULL, sender_until = NULL WHERE sender = $1",
                &[&node],
            )
            .await
            .map_err(|e| self.failure(e))
    }

    /// Up to `limit` pending deliveries of `notifier` due by `now`, oldest first.
    pub async fn due_deliveries(
        &self,
        notifier: &str,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Delivery>, PgError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .client
            .query(
                "SELECT o.id, o.created, o.attempts, i.id, i.plain_title, i.link,
                    (SELECT COALESCE(f.name, f.title, f.host) FROM item_feeds x
                       JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = i.id
                       ORDER BY x.first_seen, f.id LIMIT 1),
                    COALESCE(i.published, i.first_seen), i.plain_summary,
                    ARRAY(SELECT tag FROM item_tags WHERE item_id = i.id ORDER BY tag),
                    ARRAY(SELECT evidence FROM item_tags WHERE item_id = i.id ORDER BY tag)
                 FROM outbox o JOIN items i ON i.id = o.item_id
                 WHERE o.notifier = $1 AND o.state = 'pending' AND o.next_attempt <= $2
                 ORDER BY o.id LIMIT $3",
                &[&notifier, &now, &limit],
            )
            .await
            .map_err(|e| self.failure(e))?;
        rows.iter()
            .map(|row| {
                let tags: Vec<String> = row.try_get(9)?;
                let evidence: Vec<String> = row.try_get(10)?;
                Ok(Delivery {
                    id: row.try_get(0)?,
                    created: row.try_get(1)?,
                    attempts: u32::try_from(row.try_get::<_, i64>(2)?).unwrap_or(u32::MAX),
                    item: DeliveryItem {
                        id: row.try_get(3)?,
                        title: row.try_get(4)?,
                        link: row.try_get(5)?,
                        feed: row.try_get::<_, Option<String>>(6)?.unwrap_or_default(),
                        published: iso(row.try_get(7)?),
                        summary: row.try_get(8)?,
                        tags: tags.into_iter().zip(evidence).collect(),
                    },
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(|e| self.failure(e))
    }

    /// Records what became of an attempt at deliveries `ids`, made at `now`.
    pub async fn record_attempt(
        &self,
        ids: &[i64],
        attempt: &Attempt,
        now: DateTime<Utc>,
    ) -> Result<(), PgError> {
        let (state, next, error) = match attempt {
            Attempt::Delivered => ("delivered", None, None),
            Attempt::Retry { at, error } => ("pending", Some(*at), Some(error.as_str())),
            Attempt::GaveUp { error } => ("failed", None, Some(error.as_str())),
        };
        self.client
            .execute(
                "UPDATE outbox SET state = $2, attempts = attempts + 1, last_attempt = $3,
                    last_error = $4, next_attempt = COALESCE($5, next_attempt)
                 WHERE id = ANY($1)",
                &[&ids, &state, &now, &error, &next],
            )
            .await
            .map(|_| ())
            .map_err(|e| self.failure(e))
    }

    /// Puts `notifier`'s failed deliveries back in the queue, due now; returns how many.
    pub async fn retry_failed(&self, notifier: &str, now: DateTime<Utc>) -> Result<u64, PgError> {
        self.client
            .execute(
                "UPDATE outbox SET state = 'pending', next_attempt = $2, created = $2
                 WHERE notifier = $1 AND state = 'failed'",
                &[&notifier, &now],
            )
            .await
            .map_err(|e| self.failure(e))
    }

    /// When `notifier`'s last digest went out, else when it was added.
    pub async fn digest_clock(&self, notifier: &str) -> Result<Option<DateTime<Utc>>, PgError> {
        let row = self
            .client
            .query_opt(
                "SELECT COALESCE(last_digest, added) FROM notifiers WHERE name = $1",
                &[&notifier],
            )
            .await
            .map_err(|e| self.failure(e))?;
        match row {
            Some(row) => row.try_get(0).map_err(|e| self.failure(e)),
            None => Ok(None),
        }
    }

    /// Records that a digest of `notifier` went out (or was due with nothing in it) at `now`.
    pub async fn digest_sent(&self, notifier: &str, now: DateTime<Utc>) -> Result<(), PgError> {
        self.client
            .execute(
                "UPDATE notifiers SET last_digest = $2 WHERE name = $1",
                &[&notifier, &now],
            )
            .await
            .map(|_| ())
            .map_err(|e| self.failure(e))
    }

    /// Pending, failed and delivered counts of every notifier the outbox knows, by name.
    pub async fn outbox_status(&self) -> Result<Vec<NotifierStatus>, PgError> {
        let rows = self
            .client
            .query(crate::store::outbox::OUTBOX_STATUS, &[])
            .await
            .map_err(|e| self.failure(e))?;
        rows.iter()
            .map(|row| {
                Ok(NotifierStatus {
                    name: row.try_get(0)?,
                    pending: row.try_get(1)?,
                    failed: row.try_get(2)?,
                    delivered: row.try_get(3)?,
                    oldest_pending: row.try_get::<_, Option<DateTime<Utc>>>(4)?.map(iso),
                    last_error: row.try_get(5)?,
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(|e| self.failure(e))
    }
}

/// Queues, inside the pass's transaction, the deliveries that items `items` (just written or
/// changed) call for under `rules`. A notifier's `search` is read as on PostgreSQL's `--search`.
pub(super) async fn enqueue(
    tx: &Transaction<'_>,
    rules: &[NotifyRule],
    items: &[i64],
    now: DateTime<Utc>,
) -> Result<(), tokio_postgres::Error> {
    if rules.is_empty() || items.is_empty() {
        return Ok(());
    }
    for rule in rules {
        let oldest: Option<DateTime<Utc>> = chrono::Duration::from_std(rule.max_age)
            .ok()
            .and_then(|age| now.checked_sub_signed(age));
        let list = |values: &[String]| (!values.is_empty()).then(|| values.to_vec());
        tx.execute(
            "INSERT INTO outbox (notifier, item_id, created, next_attempt)
             SELECT n.name, i.id, $3, $3 FROM items i JOIN notifiers n ON n.name = $1
             WHERE i.id = ANY($2) AND i.id > n.after_item
               AND ($4::timestamptz IS NULL OR i.sort_time >= $4)
               AND ($5::text[] IS NULL OR EXISTS (SELECT 1 FROM item_tags t
                      WHERE t.item_id = i.id AND t.tag = ANY($5)))
               AND ($6::text[] IS NULL OR EXISTS (SELECT 1 FROM item_feeds x
                      JOIN feeds f ON f.id = x.feed_id
                      WHERE x.item_id = i.id AND (f.name = ANY($6) OR f.url = ANY($6))))
               AND ($7::text IS NULL
                    OR i.search @@ websearch_to_tsquery('simple', feedsentry_fold($7)))
               AND (NOT $8 OR EXISTS (SELECT 1 FROM item_incidents m
                      WHERE m.item_id = i.id AND m.reason LIKE 'new:%'))
             ON CONFLICT (notifier, item_id) DO NOTHING",
            &[
                &rule.name,
                &items,
                &now,
                &oldest,
                &list(&rule.tags),
                &list(&rule.feeds),
                &rule.search,
                &rule.first_of_incident,
            ],
        )
        .await?;
    }
    Ok(())
}
