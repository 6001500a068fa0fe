//! Whether the daemon is healthy enough to ping the watchdog: the scheduler makes progress and
//! the database takes writes. A daemon whose every commit fails must let systemd see it, not
//! ping on from a loop that still turns.

use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use crate::store::Writer;

/// How long the database check waits for another connection's write lock.
const PATIENCE: Duration = Duration::from_secs(1);

/// The watchdog's view of the daemon, updated on each of its ticks.
pub struct Health {
    writer: Writer,
    /// When a poll last finished, or when polls last started running from none.
    last_progress: Instant,
    probe: Option<(Instant, JoinHandle<Result<(), String>>)>,
    database: Result<(), String>,
}

impl Health {
    /// Healthy until a check says otherwise.
    pub fn new(writer: Writer) -> Health {
        Health {
            writer,
            last_progress: Instant::now(),
            probe: None,
            database: Ok(()),
        }
    }

    /// A poll finished (whatever its outcome): the scheduler moves.
    pub fn progressed(&mut self) {
        self.last_progress = Instant::now();
    }

    /// Checks the daemon on a watchdog tick: `Ok` to ping, else why not. While polls are
    /// running, one must finish within `pass_limit`. The database check runs off the loop, is
    /// read at the next `tick`, and must answer within one.
    pub fn check(
        &mut self,
        running: usize,
        tick: Duration,
        pass_limit: Duration,
    ) -> Result<(), String> {
        if running == 0 {
            // Nothing to wait for: an idle scheduler is not a stalled one.
            self.last_progress = Instant::now();
        }
        match self.probe.take() {
            Some((_, handle)) if handle.is_finished() => {
                self.database = match futures_util::FutureExt::now_or_never(handle) {
                    Some(Ok(result)) => result,
                    Some(Err(e)) => Err(format!("the database check stopped: {e}")),
                    None => Ok(()),
                };
            }
            Some((started, handle)) => {
                let waited = started.elapsed();
                self.probe = Some((started, handle));
                if waited > tick {
                    self.database = Err(format!(
                        "the database check has not answered for {}s",
                        waited.as_secs()
                    ));
                }
            }
            None => {}
        }
        if self.probe.is_none() {
            let writer = self.writer.clone();
            let handle = tokio::spawn(async move {
                writer
                    .run(|store| store.check_writable(PATIENCE))
                    .await
                    .and_then(|checked| checked)
                    .map_err(|e| format!("the database takes no writes: {e}"))
            });
            self.probe = Some((Instant::now(), handle));
        }
        self.database.clone()?;
        let idle = self.last_progress.elapsed();
        if idle > pass_limit {
            return Err(format!(
                "no poll has finished for {}s while {running} run",
                idle.as_secs()
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn health() -> (tempfile::TempDir, Health) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("t.db")).expect("open store");
        (dir, Health::new(Writer::start(store).expect("writer")))
    }

    #[tokio::test]
    async fn running_polls_that_never_finish_make_the_daemon_unhealthy() {
        let (_dir, mut health) = health();
        let tick = Duration::from_secs(5);
        assert_eq!(health.check(2, tick, Duration::from_millis(50)), Ok(()));
        tokio::time::sleep(Duration::from_millis(80)).await;
        let stalled = health.check(2, tick, Duration::from_millis(50));
        assert!(
            stalled
                .as_ref()
                .is_err_and(|why| why.starts_with("no poll has finished")),
            "{stalled:?}"
        );
        health.progressed();
        assert_eq!(health.check(2, tick, Duration::from_millis(50)), Ok(()));
    }

    #[tokio::test]
    async fn an_idle_scheduler_is_healthy() {
        let (_dir, mut health) = health();
        tokio::time::sleep(Duration::from_millis(80)).await;
        assert_eq!(
            health.check(0, Duration::from_secs(5), Duration::from_millis(50)),
            Ok(())
        );
    }
}
