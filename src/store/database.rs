//! The database a reading command asks, whichever backend holds it: one enum over the SQLite
//! [`Store`] and a PostgreSQL connection, so that every command reads both the same way.

use chrono::{DateTime, Utc};

use super::pg::{Pg, Server};
use super::{
    Entity, FeedReport, IncidentItem, IncidentQuery, IncidentRow, IncidentRules, ItemDetail,
    ItemQuery, ItemRow, Join, NotifierStatus, NotifyRule, RebuildCounts, Stats, Store, StoreError,
};

/// An open database, for reading.
pub enum Database {
    /// A SQLite file, opened read-only.
    Sqlite(Store),
    /// A PostgreSQL database, with the runtime its connection lives on.
    Postgres(PgReader),
}

/// A PostgreSQL connection that answers synchronous calls.
pub struct PgReader {
    runtime: tokio::runtime::Runtime,
    pg: Pg,
}

impl Database {
    /// Connects to the PostgreSQL database `server` names.
    pub fn connect(server: &Server) -> Result<Database, StoreError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Open {
                path: server.shown().into(),
                message: format!("cannot start the runtime: {e}"),
            })?;
        let pg = runtime.block_on(server.connect())?;
        Ok(Database::Postgres(PgReader { runtime, pg }))
    }

    /// Items matching `query`.
    pub fn items(&self, query: &ItemQuery) -> Result<Vec<ItemRow>, StoreError> {
        match self {
            Database::Sqlite(store) => store.items(query),
            Database::Postgres(r) => r.runtime.block_on(r.pg.items(query)),
        }
    }

    /// Item `id` in full, when it exists.
    pub fn item_detail(&self, id: i64) -> Result<Option<ItemDetail>, StoreError> {
        match self {
            Database::Sqlite(store) => store.item_detail(id),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.item_detail(id))?),
        }
    }

    /// Every feed the database knows, configured ones first.
    pub fn feed_reports(&self) -> Result<Vec<FeedReport>, StoreError> {
        match self {
            Database::Sqlite(store) => store.feed_reports(),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.feed_reports())?),
        }
    }

    /// Counts for the items since `since`.
    pub fn stats(&self, since: Option<DateTime<Utc>>) -> Result<Stats, StoreError> {
        match self {
            Database::Sqlite(store) => store.stats(since),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.stats(since))?),
        }
    }

    /// The distinct tags stored on items, sorted.
    pub fn stored_tags(&self) -> Result<Vec<String>, StoreError> {
        match self {
            Database::Sqlite(store) => store.stored_tags(),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.stored_tags())?),
        }
    }

    /// Everything `--feed` can name a feed by.
    pub fn feed_labels(&self) -> Result<Vec<String>, StoreError> {
        match self {
            Database::Sqlite(store) => store.feed_labels(),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.feed_labels())?),
        }
    }

    /// How many items have `tag`.
    pub fn tagged_count(&self, tag: &str) -> Result<i64, StoreError> {
        match self {
            Database::Sqlite(store) => store.tagged_count(tag),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.tagged_count(tag))?),
        }
    }

    /// How many items are stored.
    pub fn item_count(&self) -> Result<i64, StoreError> {
        match self {
            Database::Sqlite(store) => store.item_count(),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.item_count())?),
        }
    }

    /// When the last poll of an enabled, configured feed ended.
    pub fn last_poll_ended(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        match self {
            Database::Sqlite(store) => store.last_poll_ended(),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.last_poll_ended())?),
        }
    }

    /// Sets the rules a retag queues deliveries by (see [`Store::set_notify_rules`]).
    pub fn set_notify_rules(&mut self, rules: Vec<NotifyRule>) -> Result<(), StoreError> {
        match self {
            Database::Sqlite(store) => store.set_notify_rules(rules, Utc::now()),
            Database::Postgres(r) => Ok(r
                .runtime
                .block_on(r.pg.set_notify_rules(rules, Utc::now()))?),
        }
    }

    /// Re-tags every stored item in one transaction (see [`Store::retag`]).
    pub fn retag(
        &mut self,
        tag: &mut dyn FnMut(&str, &str, &str) -> Vec<crate::tag::TagHit>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<super::RetagCounts, StoreError> {
        match self {
            Database::Sqlite(store) => store.retag(tag, progress),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.retag(tag, progress))?),
        }
    }

    /// The incidents `query` selects.
    pub fn incidents(&self, query: &IncidentQuery) -> Result<Vec<IncidentRow>, StoreError> {
        match self {
            Database::Sqlite(store) => store.incidents(query),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.incidents(query))?),
        }
    }

    /// An incident's items.
    pub fn incident_items(&self, id: i64) -> Result<Vec<IncidentItem>, StoreError> {
        match self {
            Database::Sqlite(store) => store.incident_items(id),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.incident_items(id))?),
        }
    }

    /// An item's entities and how it joined its incident.
    pub fn item_incident(&self, id: i64) -> Result<(Vec<Entity>, Option<Join>), StoreError> {
        match self {
            Database::Sqlite(store) => store.item_incident(id),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.item_incident(id))?),
        }
    }

    /// Assigns every item tagged `cyberattack` again (see [`Store::rebuild_incidents`]).
    pub fn rebuild_incidents(
        &mut self,
        rules: &dyn IncidentRules,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<RebuildCounts, StoreError> {
        match self {
            Database::Sqlite(store) => store.rebuild_incidents(rules, progress),
            Database::Postgres(r) => Ok(r
                .runtime
                .block_on(r.pg.rebuild_incidents(rules, progress))?),
        }
    }

    /// Pending, failed and delivered counts of every notifier the outbox knows.
    pub fn outbox_status(&self) -> Result<Vec<NotifierStatus>, StoreError> {
        match self {
            Database::Sqlite(store) => store.outbox_status(),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.outbox_status())?),
        }
    }

    /// Puts `notifier`'s failed deliveries back in the queue; returns how many.
    pub fn retry_failed(&mut self, notifier: &str, now: DateTime<Utc>) -> Result<u64, StoreError> {
        match self {
            Database::Sqlite(store) => Ok(store.retry_failed(notifier, now)? as u64),
            Database::Postgres(r) => Ok(r.runtime.block_on(r.pg.retry_failed(notifier, now))?),
        }
    }
}
