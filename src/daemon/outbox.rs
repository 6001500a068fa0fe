//! The sender: one task per notifier delivers what the outbox holds for it, at least once.
//!
//! A task takes the oldest due delivery (or, for a digest, everything due once the digest is),
//! sends it outside any lock, and records the result through the writer: delivered, due again
//! after an exponential backoff with jitter (or the receiver's `Retry-After`), or failed once
//! the notifier's `give_up_after` has passed since it was queued. A delivery is marked
//! delivered only after the receiver took it, so a crash mid-send means it is sent again.
//! Polling never waits for a receiver: the tasks are separate, and the outbox just grows.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::metrics::Metrics;
use crate::config::{Mode, NotifierConfig};
use crate::notify::message::Message;
use crate::notify::{Deliverer, DeliveryError};
use crate::store::{Attempt, Delivery, OutboxAccess, StoreError};

/// How often an idle notifier looks for new deliveries.
const IDLE_CHECK: Duration = Duration::from_secs(1);
/// The first retry waits about this long; each further one twice as long.
const FIRST_BACKOFF: Duration = Duration::from_secs(5);
/// The longest wait between two attempts, unless `Retry-After` asks for more.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// The most items one digest lists.
const DIGEST_MAX: usize = 500;

/// The running sender tasks, one per notifier; dropping it stops them.
pub struct Sender {
    tasks: JoinSet<()>,
    stop: CancellationToken,
    notifiers: Vec<NotifierConfig>,
}

impl Sender {
    /// Starts a task for each of `notifiers`.
    pub fn start(
        notifiers: &[NotifierConfig],
        deliverer: &Deliverer,
        outbox: &OutboxAccess,
        metrics: Option<Arc<Metrics>>,
    ) -> Sender {
        let stop = CancellationToken::new();
        let mut tasks = JoinSet::new();
        for notifier in notifiers {
            let worker = Worker {
                notifier: notifier.clone(),
                deliverer: deliverer.clone(),
                outbox: outbox.clone(),
                metrics: metrics.clone(),
            };
            tasks.spawn(worker.run(stop.clone()));
        }
        Sender {
            tasks,
            stop,
            notifiers: notifiers.to_vec(),
        }
    }

    /// The notifiers it was started for, to tell whether a reload changed them.
    pub fn notifiers(&self) -> &[NotifierConfig] {
        &self.notifiers
    }

    /// Stops every task; a message being sent is abandoned and sent again later.
    pub async fn stop(mut self) {
        self.stop.cancel();
        self.tasks.abort_all();
        while self.tasks.join_next().await.is_some() {}
    }
}

struct Worker {
    notifier: NotifierConfig,
    deliverer: Deliverer,
    outbox: OutboxAccess,
    metrics: Option<Arc<Metrics>>,
}

impl Worker {
    async fn run(self, stop: CancellationToken) {
        loop {
            let pause = match self.round().await {
                Ok(pause) => pause,
                Err(e) => {
                    tracing::warn!(notifier = %self.notifier.name, "outbox unreadable: {e}");
                    IDLE_CHECK
                }
            };
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(pause) => {}
            }
        }
    }

    /// Sends what is due, if anything; returns how long to wait before the next round.
    async fn round(&self) -> Result<Duration, StoreError> {
        if !self.outbox.hold(&self.notifier.name).await? {
            // Another node sends for this notifier; take over if its lease runs out.
            return Ok(IDLE_CHECK);
        }
        let now = Utc::now();
        let (limit, digest) = match self.notifier.mode {
            Mode::Each | Mode::Incident => (1, false),
            Mode::Digest(every) => match self.digest_wait(every, now).await? {
                Some(wait) => return Ok(wait),
                None => (DIGEST_MAX, true),
            },
        };
        let due = self.outbox.due(&self.notifier.name, now, limit).await?;
        if due.is_empty() {
            if digest {
                // An empty period: the next digest is a whole period away.
                self.outbox.digest_sent(&self.notifier.name, now).await?;
            }
            return Ok(IDLE_CHECK);
        }
        self.deliver(&due, digest).await
    }

    /// How long until the next digest is due, or `None` when it is due now.
    async fn digest_wait(
        &self,
        every: Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<Duration>, StoreError> {
        let clock = self.outbox.digest_clock(&self.notifier.name).await?;
        let due = clock.map_or(now, |c| {
            c + chrono::Duration::from_std(every).unwrap_or_default()
        });
        Ok((due > now).then(|| (due - now).to_std().unwrap_or_default().min(IDLE_CHECK)))
    }

    /// Sends `due` as one message, records the outcome, and says how long to wait.
    async fn deliver(&self, due: &[Delivery], digest: bool) -> Result<Duration, StoreError> {
        let name = self.notifier.name.clone();
        let items: Vec<_> = due.iter().map(|d| d.item.clone()).collect();
        let message = Message {
            notifier: &name,
            items: &items,
            digest,
        };
        let key = delivery_key(&name, due, digest);
        let sent = self.deliverer.send(&self.notifier, &message, &key).await;
        let finished = Utc::now();
        let attempt = self.judge(&sent, due, finished);
        let ids: Vec<i64> = due.iter().map(|d| d.id).collect();
        self.outbox
            .record(ids, attempt.clone(), finished, digest.then(|| name.clone()))
            .await?;
        if let Some(metrics) = &self.metrics {
            metrics.notification_attempt(&name, sent.is_ok(), due.len());
        }
        let spacing = self.notifier.spacing;
        Ok(match (&sent, &attempt) {
            (Ok(()), _) => {
                tracing::info!(notifier = %name, items = due.len(), "notification sent");
                spacing
            }
            (Err(e), Attempt::GaveUp { .. }) => {
                tracing::error!(notifier = %name, items = due.len(), "notification failed for good, kept as failed: {e}");
                spacing
            }
            (Err(e), _) => {
                tracing::warn!(notifier = %name, items = due.len(), attempts = due[0].attempts + 1, "notification failed, will retry: {e}");
                // A receiver that asked for a pause gets it for everything, not just this one.
                e.retry_after.unwrap_or(spacing).max(spacing)
            }
        })
    }

    /// What an attempt at `due`, ended at `now`, comes to.
    fn judge(
        &self,
        sent: &Result<(), DeliveryError>,
        due: &[Delivery],
        now: DateTime<Utc>,
    ) -> Attempt {
        let Err(error) = sent else {
            return Attempt::Delivered;
        };
        let oldest = due.iter().map(|d| d.created).min().unwrap_or(now);
        let give_up = chrono::Duration::from_std(self.notifier.give_up_after)
            .unwrap_or(chrono::Duration::MAX);
        if now - oldest >= give_up {
            return Attempt::GaveUp {
                error: error.message.clone(),
            };
        }
        let attempts = due.iter().map(|d| d.attempts).max().unwrap_or(0);
        let wait = error.retry_after.unwrap_or_else(|| backoff(attempts));
        Attempt::Retry {
            at: now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX / 2),
            error: error.message.clone(),
        }
    }
}

/// The wait after the `attempts`-th failure: doubling from [`FIRST_BACKOFF`] up to
/// [`MAX_BACKOFF`], times a random factor between 0.5 and 1.5 so that receivers coming back
/// are not hit by every sender at once.
fn backoff(attempts: u32) -> Duration {
    let base = FIRST_BACKOFF
        .saturating_mul(1u32.checked_shl(attempts).unwrap_or(u32::MAX))
        .min(MAX_BACKOFF);
    base.mul_f64(0.5 + fastrand::f64())
}

/// The idempotency key of a delivery: notifier and item for one item, notifier and the
/// outbox rows for a digest. A retry sends the same key.
fn delivery_key(notifier: &str, due: &[Delivery], digest: bool) -> String {
    match (digest, due) {
        (false, [one]) => format!("{notifier}:item:{}", one.item.id),
        _ => {
            let first = due.first().map_or(0, |d| d.id);
            let last = due.last().map_or(0, |d| d.id);
            format!("{notifier}:digest:{first}-{last}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_stops_growing() {
        for _ in 0..50 {
            let first = backoff(0);
            assert!(first >= FIRST_BACKOFF / 2 && first <= FIRST_BACKOFF * 3 / 2);
            let third = backoff(2);
            assert!(third >= FIRST_BACKOFF * 2 && third <= FIRST_BACKOFF * 6);
            assert!(backoff(40) <= MAX_BACKOFF * 3 / 2);
        }
    }
}
