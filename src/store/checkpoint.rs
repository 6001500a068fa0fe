//! WAL checkpoints on a thread of their own, so that the writer seldom waits for them.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that commit
//! copies the WAL into the database file and waits for two `fsync`s. Here the writer's commit
//! only nudges a background thread, which checkpoints on its own connection while the writer
//! goes on (WAL mode lets a checkpoint run beside a writer). The WAL starts over only once a
//! checkpoint has copied all of it before the next write begins, which a writer that never
//! pauses prevents; when the WAL reaches [`WAL_HARD_LIMIT`] pages the writer therefore
//! checkpoints inline, as SQLite would, after waiting for a background checkpoint under way.

use std::path::Path;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use rusqlite::Connection;
use rusqlite::hooks::Wal;
use rusqlite::wal::CheckpointMode;

use super::BUSY_TIMEOUT;

/// WAL size, in pages, at which the background thread is asked to checkpoint (SQLite's
/// automatic checkpoint uses 1000).
const WAL_NUDGE_PAGES: i32 = 1000;
/// WAL size, in pages, at which the writer checkpoints inline.
const WAL_HARD_LIMIT: i32 = 8 * WAL_NUDGE_PAGES;
/// Size the WAL file is cut back to when SQLite starts it over, in bytes.
pub(super) const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// The background checkpoint thread of a writing connection; dropping it stops the thread.
pub(super) struct Checkpointer {
    /// `true` asks for a checkpoint, `false` for the thread to stop.
    orders: SyncSender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread for the database at `path` and hooks `writer`'s commits to it. Turns
    /// off the writer's automatic checkpoints (the hook replaces them).
    pub(super) fn start(path: &Path, writer: &mut Connection) -> Result<Checkpointer, String> {
        let conn = Connection::open(path).map_err(|e| e.to_string())?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| e.to_string())?;
        // A connection finds the WAL on its first read; until then it cannot checkpoint.
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .map_err(|e| e.to_string())?;
        if mode != "wal" {
            return Err(format!("journal mode is {mode}, not wal"));
        }
        // SQLite lets one checkpoint run at a time and fails a second at once; this lock makes
        // the writer's inline checkpoint wait for the background one instead.
        let running = Arc::new(Mutex::new(()));
        let (orders, received) = sync_channel::<bool>(1);
        let hook = orders.clone();
        let path_name = path.display().to_string();
        let (hook_running, hook_path) = (Arc::clone(&running), path_name.clone());
        writer
            .wal_hook(Some(move |wal: &mut Wal, pages: i32| {
                if pages >= WAL_HARD_LIMIT {
                    let _running = hook_running.lock().unwrap_or_else(PoisonError::into_inner);
                    report(wal.checkpoint_v2(CheckpointMode::PASSIVE), &hook_path);
                } else if pages >= WAL_NUDGE_PAGES {
                    // A full channel means a checkpoint is already asked for, and a closed
                    // one that the store is closing.
                    let _ = hook.try_send(true);
                }
                // An error here would fail the statement whose commit has already happened.
                Ok(())
            }))
            .map_err(|e| e.to_string())?;
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || {
                while let Ok(true) = received.recv() {
                    let _running = running.lock().unwrap_or_else(PoisonError::into_inner);
                    report(
                        conn.wal_checkpoint_v2(None::<&str>, CheckpointMode::PASSIVE),
                        &path_name,
                    );
                }
            })
            .map_err(|e| format!("cannot start the checkpoint thread: {e}"))?;
        Ok(Checkpointer {
            orders,
            thread: Some(thread),
        })
    }
}

/// Logs a failed checkpoint; the next one catches up, and SQLite completes the rest on open.
/// Busy means another process (a `sqlite3` shell, say) is checkpointing: nothing is wrong.
fn report(result: rusqlite::Result<(i32, i32)>, path: &str) {
    match result {
        Ok(_) => {}
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
            tracing::debug!(
                database = path,
                "WAL checkpoint skipped: another one is running"
            );
        }
        Err(e) => tracing::warn!(database = path, error = %e, "WAL checkpoint failed"),
    }
}

impl Drop for Checkpointer {
    /// Stops the thread once the checkpoint it is running, if any, is done.
    fn drop(&mut self) {
        // The thread reads every order, so this send waits at most for one checkpoint; it
        // fails only if the thread is already gone.
        let _ = self.orders.send(false);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::{Duration, Instant};

    use crate::store::Store;

    /// Commits `pages` pages of random bytes (one row of 3,000 bytes per page) in one
    /// transaction.
    fn write_pages(store: &Store, pages: u32) {
        store
            .conn
            .execute_batch(&format!(
                "CREATE TABLE filler (bytes BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {pages})
                 INSERT INTO filler SELECT randomblob(3000) FROM n;"
            ))
            .expect("write filler pages");
    }

    fn size(path: &Path) -> u64 {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }

    #[test]
    fn a_large_wal_is_copied_into_the_database_in_the_background() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.db");
        let store = Store::open(&path).expect("open store");
        // SQLite's own automatic checkpoint would fill the file too: it must be the one
        // replaced by the hook, or this test could not tell the two apart.
        let automatic: i64 = store
            .conn
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .expect("read wal_autocheckpoint");
        assert_eq!(automatic, 0, "SQLite's automatic checkpoint is off");
        let before = size(&path);
        write_pages(&store, 1500);
        let deadline = Instant::now() + Duration::from_secs(20);
        while size(&path) < before + 4_000_000 {
            assert!(
                Instant::now() < deadline,
                "the database file stayed at {} bytes: nothing was checkpointed",
                size(&path)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_wal_past_the_hard_limit_is_checkpointed_by_the_commit_itself() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.db");
        let store = Store::open(&path).expect("open store");
        write_pages(&store, 9000);
        // No waiting: past the hard limit the background thread is not asked, so only the
        // commit's own checkpoint can have filled the database file.
        assert!(
            size(&path) > 30_000_000,
            "database file of {} bytes",
            size(&path)
        );
    }
}
