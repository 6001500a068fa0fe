//! The SQLite database: every SQL string and every rusqlite import of the crate lives here.
//!
//! The daemon and `fetch` hold one writing [`Store`]; reading commands open their own read-only
//! one, which works while a writer is busy (WAL mode). Times are stored as ISO-8601 UTC text so
//! that `sqlite3` users can read and compare them.

mod checkpoint;
mod database;
mod detail;
mod incidents;
mod outbox;
mod outbox_access;
pub mod pg;
mod read;
pub(crate) mod retag;
mod schema;
mod search;
mod stats;
pub mod transfer;
mod views;
mod write;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags};

pub use database::Database;
pub use detail::{FeedRef, ItemDetail, TagEvidence};
pub use incidents::{
    Candidate, Entity, IncidentItem, IncidentQuery, IncidentRow, IncidentRules, Join, Member,
    RebuildCounts,
};
pub use outbox::{Attempt, Delivery, DeliveryItem, NotifierStatus, NotifyRule};
pub use outbox_access::OutboxAccess;
pub use read::{FeedReport, ItemQuery, ItemRow};
pub use retag::RetagCounts;
pub use schema::CURRENT_VERSION;
pub use stats::{Count, Stats};
pub use write::{FeedEntry, FeedPass, FeedState, PassCounts, PassOutcome, StoredItem};
pub use writer::Writer;

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Checkpoints the WAL beside a writing store; `None` when read-only or stopped.
    checkpointer: Option<checkpoint::Checkpointer>,
    /// What passes queue deliveries by (see [`Store::set_notify_rules`]); none until set.
    notify_rules: Vec<NotifyRule>,
    /// What passes assign incidents by (see [`Store::set_incident_rules`]); none until set.
    incidents: Option<incidents::Assigner>,
}

/// A database that cannot be opened or used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be opened or prepared.
    #[error("cannot open database {path}: {message}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A statement failed.
    #[error("database {path}: {source}")]
    Sql {
        /// The database file.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// The writer thread has stopped (the daemon is shutting down).
    #[error("the database writer has stopped")]
    Closed,
    /// Writing a batch of passes panicked; its transaction was rolled back.
    #[error(
        "the database writer failed on this batch (an internal error); nothing of it was written"
    )]
    Panicked,
    /// A notifier's `search` that SQLite cannot read.
    #[error("notifier {notifier}: bad search {query:?}: {message}")]
    BadNotifierSearch {
        /// The notifier's name.
        notifier: String,
        /// The query as configured.
        query: String,
        /// SQLite's explanation.
        message: String,
    },
    /// The PostgreSQL database failed.
    #[error(transparent)]
    Postgres(#[from] pg::PgError),
    /// A full-text query SQLite cannot read (FTS5 syntax, unknown column).
    #[error("bad search query {query:?}: {message}")]
    BadSearch {
        /// The query as given.
        query: String,
        /// SQLite's explanation.
        message: String,
    },
}

/// Where passes are written: the SQLite writer thread, or this node's PostgreSQL writer.
#[derive(Clone)]
pub enum PassSink {
    /// The SQLite database's one writer.
    Sqlite(Writer),
    /// A PostgreSQL database shared with other nodes.
    Postgres(pg::PgWriter),
}

impl PassSink {
    /// Writes `pass` (with the passes queued beside it) and reports what it changed.
    pub async fn commit(&self, pass: FeedPass) -> Result<PassCounts, StoreError> {
        match self {
            PassSink::Sqlite(writer) => writer.commit(pass).await,
            PassSink::Postgres(writer) => writer.commit(pass).await,
        }
    }

    /// Writes what is queued and closes the connection.
    pub async fn close(&self) {
        match self {
            PassSink::Sqlite(writer) => writer.close().await,
            PassSink::Postgres(writer) => writer.close().await,
        }
    }
}

impl Store {
    /// Opens (creating it when missing, with mode 0600) the database for writing and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, false)
    }

    /// [`Store::open`], creating a missing database with mode 0640 when `group_readable`, else
    /// 0600. An existing file keeps its mode.
    pub fn open_with(path: &Path, group_readable: bool) -> Result<Store, StoreError> {
        let mode = if group_readable {
            GROUP_READABLE
        } else {
            PRIVATE
        };
        let fail = |message: String| StoreError::Open {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| fail(format!("cannot create its folder: {e}")))?;
        }
        create_with_mode(path, mode).map_err(|e| fail(e.to_string()))?;
        let mut conn = Connection::open(path).map_err(|e| fail(e.to_string()))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| fail(e.to_string()))?;
        // The writer's statements outnumber rusqlite's default cache of 16; re-preparing them
        // for every item would cost more than running them.
        conn.set_prepared_statement_cache_capacity(64);
        // With the query planner's stability guarantee a statement keeps its plan whatever is
        // bound to it. Without it SQLite may plan a statement again when a new value is bound
        // (for optimisations that depend on the value): a profile of the writer showed its
        // lookups parsed again for most items, a fifth of the time of a commit.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(|e| fail(e.to_string()))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .and_then(|()| conn.pragma_update(None, "synchronous", "NORMAL"))
            .and_then(|()| conn.pragma_update(None, "foreign_keys", "ON"))
            .and_then(|()| {
                conn.pragma_update(None, "journal_size_limit", checkpoint::WAL_SIZE_LIMIT)
            })
            .map_err(|e| fail(e.to_string()))?;
        schema::migrate(&mut conn).map_err(fail)?;
        let checkpointer = checkpoint::Checkpointer::start(path, &mut conn).map_err(fail)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            checkpointer: Some(checkpointer),
            notify_rules: Vec::new(),
            incidents: None,
        })
    }

    /// Opens an existing database read-only, for commands that only query it.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let fail = |message: String| StoreError::Open {
            path: path.to_path_buf(),
            message,
        };
        if !path.exists() {
            return Err(fail(
                "it does not exist yet (run `feedsentry fetch` to create it)".into(),
            ));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| fail(e.to_string()))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| fail(e.to_string()))?;
        let version = schema::version(&conn).map_err(|e| fail(e.to_string()))?;
        if version != CURRENT_VERSION {
            return Err(fail(format!(
                "schema version {version}, this feedsentry reads {CURRENT_VERSION} \
                 (run `feedsentry fetch` once to upgrade it)"
            )));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            checkpointer: None,
            notify_rules: Vec::new(),
            incidents: None,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `PRAGMA integrity_check` and returns its first line ("ok" when sound).
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .map_err(|e| self.sql_error(e))
    }

    /// Whether a write could start now: takes the write lock and lets it go at once, waiting at
    /// most `patience` for another connection's lock. Cheap, and it fails exactly when every
    /// pass's commit would fail with "database is locked".
    pub fn check_writable(&self, patience: Duration) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(patience)
            .map_err(|e| self.sql_error(e))?;
        let probe = self.conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;");
        let restored = self.conn.busy_timeout(BUSY_TIMEOUT);
        probe.and(restored).map_err(|e| self.sql_error(e))
    }

    /// When the last poll of an enabled, configured feed ended, if one ever did.
    pub fn last_poll_ended(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let last: Option<String> = self
            .conn
            .query_row(
                "SELECT max(last_checked) FROM feeds WHERE in_config AND enabled AND NOT gone",
                [],
                |row| row.get(0),
            )
            .map_err(|e| self.sql_error(e))?;
        Ok(parse_iso(last.as_deref()))
    }

    /// Caps the database at `pages` pages, as a full disk would.
    #[cfg(test)]
    pub(crate) fn limit_pages(&self, pages: i64) {
        // A pragma with an integer argument cannot fail on an open connection.
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .expect("set max_page_count");
    }

    /// Stops background checkpoints, copies the WAL into the database file and empties it:
    /// done at clean shutdown.
    pub fn checkpoint(&mut self) -> Result<(), StoreError> {
        self.checkpointer.take();
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| self.sql_error(e))
    }

    fn sql_error(&self, source: rusqlite::Error) -> StoreError {
        sql_failure(&self.path)(source)
    }
}

/// Turns a failed statement on the database at `path` into a [`StoreError`]; for work inside a
/// transaction, which holds the connection while `self` cannot be borrowed.
fn sql_failure(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |source| StoreError::Sql {
        path: path.to_path_buf(),
        source,
    }
}

/// The mode of a new database: readable and writable by its owner only.
const PRIVATE: u32 = 0o600;

/// The mode of a new database that the owner's group may read.
const GROUP_READABLE: u32 = 0o640;

/// Creates `path` empty with `mode` when it does not exist; the WAL files SQLite derives from it
/// take the same mode.
fn create_with_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// A time as stored: ISO-8601 UTC with whole seconds ("2026-11-25T08:30:00Z").
pub fn iso(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads a stored time back; `None` for NULL or text that is not one.
pub fn parse_iso(text: Option<&str>) -> Option<DateTime<Utc>> {
    text.and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}
