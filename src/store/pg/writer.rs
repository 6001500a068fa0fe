//! A node's writer on PostgreSQL: one task that owns a connection and takes passes from a
//! channel; passes that arrive together are written in one transaction, as on SQLite.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use chrono::Utc;

use super::{Pg, PgError};
use crate::store::{FeedPass, IncidentRules, NotifyRule, PassCounts, StoreError};

type Answer = oneshot::Sender<Result<PassCounts, PgError>>;

/// The most passes written in one transaction.
const MAX_BATCH: usize = 64;

enum Job {
    Commit(FeedPass, Answer),
    Arm(
        Vec<NotifyRule>,
        Arc<dyn IncidentRules>,
        oneshot::Sender<Result<(), PgError>>,
    ),
    Close(oneshot::Sender<()>),
}

/// A handle on the writer task; clones share it.
#[derive(Clone)]
pub struct PgWriter {
    jobs: mpsc::UnboundedSender<Job>,
}

impl PgWriter {
    /// Starts the writer task on the runtime, owning `pg`, writing as `node`.
    pub fn start(pg: Pg, node: String) -> PgWriter {
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(serve(pg, node, queue));
        PgWriter { jobs }
    }

    /// Writes `pass`, in one transaction with the passes queued beside it.
    pub async fn commit(&self, pass: FeedPass) -> Result<PassCounts, StoreError> {
        let (answer, result) = oneshot::channel();
        self.jobs
            .send(Job::Commit(pass, answer))
            .map_err(|_| StoreError::Closed)?;
        Ok(result.await.map_err(|_| StoreError::Closed)??)
    }

    /// Sets the rules that passes queue deliveries by and assign incidents by, from the next
    /// batch on.
    pub async fn arm(
        &self,
        notify: Vec<NotifyRule>,
        incidents: Arc<dyn IncidentRules>,
    ) -> Result<(), StoreError> {
        let (answer, result) = oneshot::channel();
        self.jobs
            .send(Job::Arm(notify, incidents, answer))
            .map_err(|_| StoreError::Closed)?;
        Ok(result.await.map_err(|_| StoreError::Closed)??)
    }

    /// Writes what is queued, then stops; returns once it has.
    pub async fn close(&self) {
        let (answer, closed) = oneshot::channel();
        if self.jobs.send(Job::Close(answer)).is_ok() {
            // An error means the task is gone already, which is what was asked.
            let _ = closed.await;
        }
    }
}

async fn serve(mut pg: Pg, node: String, mut queue: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut passes = Vec::new();
        let mut answers = Vec::new();
        for job in batch {
            match job {
                Job::Commit(pass, answer) => {
                    passes.push(pass);
                    answers.push(answer);
                }
                Job::Arm(rules, incidents, answer) => {
                    commit(&mut pg, &node, &mut passes, &mut answers).await;
                    pg.set_incident_rules(incidents);
                    let _ = answer.send(pg.set_notify_rules(rules, Utc::now()).await);
                }
                Job::Close(answer) => {
                    commit(&mut pg, &node, &mut passes, &mut answers).await;
                    let _ = answer.send(());
                    return;
                }
            }
        }
        commit(&mut pg, &node, &mut passes, &mut answers).await;
    }
}

/// Writes the `passes` gathered so far in one transaction and answers each.
async fn commit(pg: &mut Pg, node: &str, passes: &mut Vec<FeedPass>, answers: &mut Vec<Answer>) {
    if passes.is_empty() {
        return;
    }
    let results = pg.commit_passes(node, passes).await;
    for (result, answer) in results.into_iter().zip(answers.drain(..)) {
        // A caller cancelled at shutdown does not wait; the pass is written anyway.
        let _ = answer.send(result);
    }
    passes.clear();
}
