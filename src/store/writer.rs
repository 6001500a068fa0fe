//! The one writer: a thread that owns the writing connection and takes its work from a
//! channel. Passes that arrive together are committed in one transaction (group commit); any
//! other work (syncing the feed list, reading a feed back, a health check) runs between two
//! batches, in the order it arrived. Nobody else locks the store.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, Sender, channel};

use tokio::sync::oneshot;

use super::{FeedPass, PassCounts, Store, StoreError};

/// The most passes committed in one transaction: a bound on how long readers of the WAL and
/// the next batch wait.
const MAX_BATCH: usize = 256;

/// Work for the writer thread.
enum Job {
    Commit(FeedPass, oneshot::Sender<Result<PassCounts, StoreError>>),
    Run(Box<dyn FnOnce(&mut Store) + Send>),
    Close(oneshot::Sender<()>),
}

/// A handle on the writer thread; clones share the one thread.
#[derive(Clone)]
pub struct Writer {
    jobs: Sender<Job>,
}

impl Writer {
    /// Starts the writer thread, which owns `store` from now on.
    pub fn start(store: Store) -> Result<Writer, StoreError> {
        let (jobs, queue) = channel();
        let path = store.path().to_path_buf();
        std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || serve(store, queue))
            .map_err(|e| StoreError::Open {
                path,
                message: format!("cannot start the writer thread: {e}"),
            })?;
        Ok(Writer { jobs })
    }

    /// Commits `pass`, in one transaction with the passes queued beside it.
    pub async fn commit(&self, pass: FeedPass) -> Result<PassCounts, StoreError> {
        let (answer, result) = oneshot::channel();
        self.send(Job::Commit(pass, answer))?;
        result.await.map_err(|_| StoreError::Closed)?
    }

    /// Runs `work` on the writer's connection, between two batches of passes.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> T + Send + 'static,
    ) -> Result<T, StoreError> {
        let (answer, result) = oneshot::channel();
        self.send(Job::Run(Box::new(move |store| {
            // The caller may have gone (shutdown); the work is done all the same.
            let _ = answer.send(work(store));
        })))?;
        result.await.map_err(|_| StoreError::Closed)
    }

    /// Finishes what is queued, closes the connection, and stops the thread; work sent
    /// afterwards fails with [`StoreError::Closed`]. Returns once the connection is closed.
    pub async fn close(&self) {
        let (answer, closed) = oneshot::channel();
        if self.send(Job::Close(answer)).is_ok() {
            // An error here means the thread is gone already, which is what was asked.
            let _ = closed.await;
        }
    }

    fn send(&self, job: Job) -> Result<(), StoreError> {
        self.jobs.send(job).map_err(|_| StoreError::Closed)
    }
}

/// The writer thread: batches of jobs until every handle is gone or one asks it to close.
fn serve(mut store: Store, queue: Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut passes = Vec::new();
        for job in batch {
            match job {
                Job::Commit(pass, answer) => passes.push((pass, answer)),
                Job::Run(work) => {
                    commit(&mut store, std::mem::take(&mut passes));
                    // A panic in the work drops its answer: the caller sees Closed, the
                    // writer goes on.
                    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| work(&mut store)));
                }
                Job::Close(answer) => {
                    commit(&mut store, std::mem::take(&mut passes));
                    drop(store);
                    let _ = answer.send(());
                    return;
                }
            }
        }
        commit(&mut store, passes);
    }
}

/// Commits `passes` together and answers each; a panic inside fails the batch, whose
/// transaction then rolls back, and the writer goes on.
fn commit(
    store: &mut Store,
    passes: Vec<(FeedPass, oneshot::Sender<Result<PassCounts, StoreError>>)>,
) {
    if passes.is_empty() {
        return;
    }
    let (passes, answers): (Vec<FeedPass>, Vec<_>) = passes.into_iter().unzip();
    let results = std::panic::catch_unwind(AssertUnwindSafe(|| store.commit_passes(&passes)));
    match results {
        Ok(results) => {
            for (result, answer) in results.into_iter().zip(answers) {
                // The waiting task may have been cancelled at shutdown; its pass is stored anyway.
                let _ = answer.send(result);
            }
        }
        Err(_) => {
            for answer in answers {
                let _ = answer.send(Err(StoreError::Panicked));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::store::FeedEntry;

    fn writer_with_a_feed() -> (tempfile::TempDir, Writer, i64) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("t.db")).expect("open store");
        let entry = FeedEntry {
            url: "https://a.example/feed".into(),
            name: None,
            enabled: true,
            interval: std::time::Duration::from_secs(1800),
            own_interval: None,
        };
        store.sync_feeds(&[entry], Utc::now()).expect("sync");
        let id = store.active_feeds().expect("feeds")[0].id;
        (dir, Writer::start(store).expect("writer"), id)
    }

    #[tokio::test]
    async fn passes_sent_together_are_all_committed_and_answered() {
        let (_dir, writer, id) = writer_with_a_feed();
        let passes =
            (0..20).map(|_| writer.commit(FeedPass::fetched(id, Utc::now(), None, Vec::new())));
        for result in futures_util::future::join_all(passes).await {
            result.expect("committed");
        }
        let checked = writer
            .run(move |store| store.feed_state(id))
            .await
            .expect("writer")
            .expect("read");
        assert!(checked.is_some());
    }

    #[tokio::test]
    async fn a_panic_in_one_job_leaves_the_writer_working() {
        let (_dir, writer, id) = writer_with_a_feed();
        let failed = writer.run(|_| -> i64 { panic!("a bug in one job") }).await;
        assert!(matches!(failed, Err(StoreError::Closed)), "{failed:?}");
        let count = writer
            .run(|store| store.item_count())
            .await
            .expect("writer");
        assert_eq!(count.expect("count"), 0);
        writer
            .commit(FeedPass::fetched(id, Utc::now(), None, Vec::new()))
            .await
            .expect("still commits");
    }

    #[tokio::test]
    async fn work_after_close_fails_with_closed() {
        let (_dir, writer, _) = writer_with_a_feed();
        writer.close().await;
        let late = writer.run(|store| store.item_count()).await;
        assert!(matches!(late, Err(StoreError::Closed)), "{late:?}");
        writer.close().await;
    }
}
