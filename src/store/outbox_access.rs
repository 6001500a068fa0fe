//! What the notification senders ask of the outbox, whichever backend keeps it: the SQLite
//! writer thread, or a PostgreSQL connection shared by this node's senders, with a sending
//! lease per notifier so that one node at a time sends for it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::pg::Pg;
use super::{Attempt, Delivery, StoreError, Writer};

/// The outbox as the senders reach it.
#[derive(Clone)]
pub enum OutboxAccess {
    /// The SQLite database's one writer.
    Sqlite(Writer),
    /// A PostgreSQL database that other nodes share.
    Postgres {
        /// The connection this node's senders share.
        pg: Arc<Pg>,
        /// This node's name.
        node: String,
        /// How long a notifier stays this node's to send for after a round.
        lease: Duration,
    },
}

impl OutboxAccess {
    /// Whether this process sends for `notifier` now: always on SQLite; on PostgreSQL, when it
    /// took or renewed the notifier's lease.
    pub async fn hold(&self, notifier: &str) -> Result<bool, StoreError> {
        match self {
            OutboxAccess::Sqlite(_) => Ok(true),
            OutboxAccess::Postgres { pg, node, lease } => {
                Ok(pg.hold_notifier(notifier, node, *lease).await?)
            }
        }
    }

    /// Up to `limit` pending deliveries of `notifier` due by `now`, oldest first.
    pub async fn due(
        &self,
        notifier: &str,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError> {
        match self {
            OutboxAccess::Sqlite(writer) => {
                let name = notifier.to_string();
                writer
                    .run(move |store| store.due_deliveries(&name, now, limit))
                    .await?
            }
            OutboxAccess::Postgres { pg, .. } => {
                Ok(pg.due_deliveries(notifier, now, limit).await?)
            }
        }
    }

    /// Records an attempt at deliveries `ids` made at `now`; a delivered digest also moves
    /// `digest_of`'s digest clock.
    pub async fn record(
        &self,
        ids: Vec<i64>,
        attempt: Attempt,
        now: DateTime<Utc>,
        digest_of: Option<String>,
    ) -> Result<(), StoreError> {
        let digest_of = digest_of.filter(|_| attempt == Attempt::Delivered);
        match self {
            OutboxAccess::Sqlite(writer) => {
                writer
                    .run(move |store| {
                        store.record_attempt(&ids, &attempt, now)?;
                        match digest_of {
                            Some(name) => store.digest_sent(&name, now),
                            None => Ok(()),
                        }
                    })
                    .await?
            }
            OutboxAccess::Postgres { pg, .. } => {
                pg.record_attempt(&ids, &attempt, now).await?;
                if let Some(name) = digest_of {
                    pg.digest_sent(&name, now).await?;
                }
                Ok(())
            }
        }
    }

    /// When `notifier`'s last digest went out, else when it was added.
    pub async fn digest_clock(&self, notifier: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        match self {
            OutboxAccess::Sqlite(writer) => {
                let name = notifier.to_string();
                writer.run(move |store| store.digest_clock(&name)).await?
            }
            OutboxAccess::Postgres { pg, .. } => Ok(pg.digest_clock(notifier).await?),
        }
    }

    /// Records that a digest of `notifier` was due at `now` with nothing in it.
    pub async fn digest_sent(&self, notifier: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        match self {
            OutboxAccess::Sqlite(writer) => {
                let name = notifier.to_string();
                writer
                    .run(move |store| store.digest_sent(&name, now))
                    .await?
            }
            OutboxAccess::Postgres { pg, .. } => Ok(pg.digest_sent(notifier, now).await?),
        }
    }
}
