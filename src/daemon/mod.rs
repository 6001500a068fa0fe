//! `feedsentry run`: the scheduled daemon. Polls each feed when it is due, reloads the
//! configuration on SIGHUP or when the file changes, and shuts down cleanly on SIGTERM/SIGINT.
//!
//! Concurrency is capped in one place (the `[poll] concurrency` semaphore here; the per-host
//! limit lives in the pass context). One writer: every pass, and every other write or read of
//! the daemon, goes through the store's writer thread.

mod cluster;
mod health;
pub(crate) mod memory;
mod metrics;
mod outbox;
mod queue;
mod systemd;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::Utc;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tokio_util::task::AbortOnDropHandle;

use crate::config::{self, Config};
use crate::notify::Deliverer;
use crate::pipeline::{PassContext, PassStatus, PassSummary, feed_entries, poll, record};
use crate::store::{FeedState, OutboxAccess, PassSink, Store, StoreError, Writer};
use health::Health;
use metrics::Metrics;
use outbox::Sender;
use queue::{DueQueue, STARTUP_SPREAD};
use systemd::Systemd;

/// How often the configuration file is checked for changes when `watch_config` is on.
const WATCH_EVERY: Duration = Duration::from_secs(2);

/// What a pass may take beyond `[poll] timeout` before the scheduler counts as stalled: the
/// commit, which waits up to the store's busy timeout for another connection's lock.
const COMMIT_ALLOWANCE: Duration = Duration::from_secs(60);

/// What shutdown needs beyond the grace period: the runtime's own stop and the last checkpoint.
const STOP_ALLOWANCE: Duration = Duration::from_secs(15);

/// Why the daemon could not run.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// The database could not be opened or read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else needed at start-up failed.
    #[error("{0}")]
    Startup(String),
}

/// Runs the daemon with `config` until SIGTERM or SIGINT.
pub fn run(config: Config) -> Result<(), DaemonError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| DaemonError::Startup(format!("cannot start the runtime: {e}")))?;
    let result = match config.storage.clone() {
        config::Storage::Postgres(settings) => runtime.block_on(cluster::serve(config, settings)),
        config::Storage::Sqlite {
            path,
            group_readable,
        } => serve_sqlite(&runtime, config, &path, group_readable),
    };
    runtime.shutdown_timeout(Duration::from_secs(5));
    tracing::info!("stopped");
    result
}

/// Runs the daemon on the SQLite file at `path` until SIGTERM or SIGINT.
fn serve_sqlite(
    runtime: &tokio::runtime::Runtime,
    config: Config,
    path: &Path,
    group_readable: bool,
) -> Result<(), DaemonError> {
    let mut store = Store::open_with(path, group_readable)?;
    store.sync_feeds(&feed_entries(&config.feeds, &config.poll), Utc::now())?;
    crate::pipeline::arm_store(&mut store, &config)?;
    let feeds = store.active_feeds()?;
    let writer = Writer::start(store)?;
    runtime.block_on(async {
        let result = match Daemon::new(config, writer.clone(), feeds) {
            Ok(mut daemon) => daemon.serve().await,
            Err(e) => Err(e),
        };
        // Passes cut off by the grace period that reached the writer are committed first.
        let checkpoint = writer.run(|store| store.checkpoint()).await;
        if let Err(e) = checkpoint.and_then(|done| done) {
            tracing::warn!(error = %e, "final WAL checkpoint failed; SQLite completes it on next open");
        }
        writer.close().await;
        result
    })
}

/// Counts of the passes since the schedule last went idle, for the summary line.
#[derive(Default)]
struct Tally {
    polled: usize,
    stored: usize,
    unchanged: usize,
    failed: usize,
    new: usize,
    updated: usize,
}

struct Daemon {
    /// The configuration in force, shared with the metrics server through `published`.
    config: Arc<Config>,
    writer: Writer,
    ctx: Arc<PassContext>,
    slots: Arc<Semaphore>,
    queue: DueQueue,
    systemd: Systemd,
    stop_starting: CancellationToken,
    tally: Tally,
    last_pass: String,
    watched: Option<FileSignature>,
    config_missing_logged: bool,
    health: Health,
    /// Why the watchdog is not pinged, while it is not.
    unhealthy: Option<String>,
    /// Why the last reload failed, until one succeeds.
    reload_error: Option<String>,
    /// The metrics, when `[metrics] listen` is set.
    metrics: Option<Arc<Metrics>>,
    /// The configuration the metrics server's `/healthz` judges by, kept current on reload.
    published: tokio::sync::watch::Sender<Arc<Config>>,
    /// Sends notifications; one client for every notifier.
    deliverer: Deliverer,
    /// The notifiers' tasks, once started.
    sender: Option<Sender>,
}

/// A finished poll with the feed's state as now stored; `None` when shutdown came first.
type PassResult = Option<(PassSummary, Option<FeedState>)>;

impl Daemon {
    fn new(config: Config, writer: Writer, feeds: Vec<FeedState>) -> Result<Daemon, DaemonError> {
        let config = Arc::new(config);
        let ctx = Arc::new(
            PassContext::new(
                config.poll.clone(),
                &config.feeds,
                Arc::clone(&config.tagger),
                PassSink::Sqlite(writer.clone()),
            )
            .map_err(DaemonError::Startup)?,
        );
        let spread = STARTUP_SPREAD.min(config.poll.min_interval);
        Ok(Daemon {
            slots: Arc::new(Semaphore::new(config.poll.concurrency)),
            queue: DueQueue::start(feeds, Utc::now(), spread),
            watched: FileSignature::of(&config.path),
            systemd: Systemd::from_env(),
            stop_starting: CancellationToken::new(),
            tally: Tally::default(),
            last_pass: "none yet".into(),
            config_missing_logged: false,
            health: Health::new(writer.clone()),
            unhealthy: None,
            reload_error: None,
            metrics: None,
            published: tokio::sync::watch::Sender::new(Arc::clone(&config)),
            deliverer: Deliverer::new(&config.poll.user_agent).map_err(DaemonError::Startup)?,
            sender: None,
            config,
            writer,
            ctx,
        })
    }

    async fn serve(&mut self) -> Result<(), DaemonError> {
        let signal_error =
            |e: std::io::Error| DaemonError::Startup(format!("cannot listen for signals: {e}"));
        let mut hangup = signal(SignalKind::hangup()).map_err(signal_error)?;
        let mut terminate = signal(SignalKind::terminate()).map_err(signal_error)?;
        let mut interrupt = signal(SignalKind::interrupt()).map_err(signal_error)?;
        let mut watch = tokio::time::interval(WATCH_EVERY);
        let watchdog_every = self.systemd.watchdog_interval();
        let mut watchdog =
            tokio::time::interval(watchdog_every.unwrap_or(Duration::from_secs(3600)));
        let mut passes: JoinSet<PassResult> = JoinSet::new();
        let _metrics_server = match self.config.metrics_listen {
            Some(address) => Some(self.start_metrics(address).await?),
            None => None,
        };
        self.sender = Some(self.start_sender());

        tracing::info!(feeds = self.queue.len(), database = %self.config.storage.describe(), "started");
        self.systemd.ready(&self.status_line());
        loop {
            for feed in self.queue.take_due(Utc::now()) {
                passes.spawn(self.pass_task(feed));
            }
            let wake = self
                .queue
                .next_wake()
                .map_or(Duration::from_secs(3600), |due| {
                    (due - Utc::now()).to_std().unwrap_or_default()
                });
            tokio::select! {
                Some(finished) = passes.join_next() => match finished {
                    Ok(Some(result)) => self.finished(result, passes.is_empty()),
                    Ok(None) => {}
                    Err(e) => tracing::error!(error = %e, "a poll task stopped unexpectedly"),
                },
                () = tokio::time::sleep(wake) => {}
                _ = hangup.recv() => self.reload("SIGHUP").await,
                _ = watch.tick(), if self.config.poll.watch_config => self.check_config_file().await,
                _ = watchdog.tick(), if watchdog_every.is_some() => {
                    self.watchdog_tick(passes.len(), watchdog.period());
                }
                _ = terminate.recv() => break,
                _ = interrupt.recv() => break,
            }
        }
        self.shut_down(passes).await;
        Ok(())
    }

    /// A task polling `feed` once a concurrency slot is free, unless shutdown begins first.
    fn pass_task(&self, feed: FeedState) -> impl Future<Output = PassResult> + use<> {
        let (ctx, writer, slots, stop) = (
            Arc::clone(&self.ctx),
            self.writer.clone(),
            Arc::clone(&self.slots),
            self.stop_starting.clone(),
        );
        async move {
            let permit = tokio::select! {
                permit = slots.acquire_owned() => permit.ok(),
                () = stop.cancelled() => None,
            };
            let slot = permit?;
            let polled = poll(&ctx, &feed).await;
            // The slot bounds network work; the commit waits in the writer's own queue.
            drop(slot);
            let summary = record(&ctx, polled).await;
            let id = feed.id;
            let stored = writer.run(move |store| store.feed_state(id)).await;
            let stored = match stored {
                Ok(Ok(state)) => state,
                // Keep polling on what we knew; the next pass re-reads it.
                _ => Some(feed),
            };
            Some((summary, stored))
        }
    }

    /// Starts a task per configured notifier.
    fn start_sender(&self) -> Sender {
        Sender::start(
            &self.config.notifiers,
            &self.deliverer,
            &OutboxAccess::Sqlite(self.writer.clone()),
            self.metrics.clone(),
        )
    }

    /// Binds `[metrics] listen` and serves it from a task of its own, aborted when the returned
    /// guard is dropped at shutdown.
    async fn start_metrics(
        &mut self,
        address: std::net::SocketAddr,
    ) -> Result<AbortOnDropHandle<()>, DaemonError> {
        let listener = metrics::bind(address).await.map_err(DaemonError::Startup)?;
        let bound = listener.local_addr().unwrap_or(address);
        let metrics = Arc::new(Metrics::new());
        self.metrics = Some(Arc::clone(&metrics));
        let task = tokio::spawn(metrics::serve(
            listener,
            metrics,
            metrics::Source::Sqlite(self.writer.clone()),
            self.published.subscribe(),
        ));
        tracing::info!(address = %bound, "serving /metrics and /healthz");
        Ok(AbortOnDropHandle::new(task))
    }

    /// Pings the watchdog when the daemon is healthy; otherwise says why in `STATUS=` and lets
    /// the watchdog fire.
    fn watchdog_tick(&mut self, running: usize, tick: Duration) {
        let pass_limit = self.config.poll.timeout + COMMIT_ALLOWANCE + tick;
        match self.health.check(running, tick, pass_limit) {
            Ok(()) => {
                self.systemd.watchdog();
                if self.unhealthy.take().is_some() {
                    tracing::info!("healthy again; watchdog pings resume");
                    self.systemd.status(&self.status_line());
                }
            }
            Err(reason) => {
                if self.unhealthy.as_ref() != Some(&reason) {
                    tracing::error!("unhealthy, the watchdog is no longer pinged: {reason}");
                    self.unhealthy = Some(reason);
                    self.systemd.status(&self.status_line());
                }
            }
        }
    }

    fn finished(&mut self, (summary, stored): (PassSummary, Option<FeedState>), idle: bool) {
        self.health.progressed();
        if let Some(metrics) = &self.metrics {
            metrics.poll_finished(&summary);
            if idle {
                metrics.pass_ended();
            }
        }
        let gone = stored.as_ref().is_some_and(|f| f.gone);
        log_pass(&summary);
        self.tally.polled += 1;
        match &summary.status {
            PassStatus::Stored { .. } => self.tally.stored += 1,
            PassStatus::NotModified => self.tally.unchanged += 1,
            PassStatus::Failed { .. } => self.tally.failed += 1,
        }
        self.tally.new += summary.counts.new;
        self.tally.updated += summary.counts.updated;
        if !self
            .queue
            .finished(summary.feed_id, stored, summary.next_due)
            && gone
        {
            tracing::warn!(feed = %summary.url, "410 Gone: the feed is disabled until its configuration entry changes");
        }
        if idle {
            let t = std::mem::take(&mut self.tally);
            self.last_pass = format!(
                "{} polled, {} ok, {} unchanged, {} failed, {} new at {}",
                t.polled,
                t.stored,
                t.unchanged,
                t.failed,
                t.new,
                Utc::now().format("%H:%M:%S")
            );
            tracing::info!(
                polled = t.polled, ok = t.stored, unchanged = t.unchanged, failed = t.failed,
                new = t.new, updated = t.updated, next = ?self.queue.next_wake().map(crate::store::iso),
                "pass done"
            );
            self.systemd.status(&self.status_line());
            memory::trim();
        }
    }

    /// The `STATUS=` line: what is wrong first (unhealthy, a failed reload), then the schedule.
    fn status_line(&self) -> String {
        let mut line = String::new();
        if let Some(reason) = &self.unhealthy {
            line.push_str(&format!("unhealthy: {reason}; "));
        }
        if let Some(error) = &self.reload_error {
            line.push_str(&format!("configuration reload failed: {error}; "));
        }
        line.push_str(&format!(
            "{} feeds, {} due within a minute; last pass: {}",
            self.queue.len(),
            self.queue.due_within(Utc::now(), Duration::from_secs(60)),
            self.last_pass
        ));
        line
    }

    async fn check_config_file(&mut self) {
        let now = FileSignature::of(&self.config.path);
        match now {
            None if !self.config_missing_logged => {
                tracing::warn!(path = %self.config.path.display(), "the configuration file is missing or unreadable; keeping the last good configuration");
                self.config_missing_logged = true;
            }
            Some(signature) if Some(signature) != self.watched => {
                self.config_missing_logged = false;
                self.reload("the file changed").await;
            }
            _ => {}
        }
    }

    /// Re-reads the configuration; an invalid one is logged and the current one kept.
    async fn reload(&mut self, reason: &str) {
        self.systemd.reloading();
        self.watched = FileSignature::of(&self.config.path);
        match self.apply(&self.config.path.clone()).await {
            Ok(changes) => {
                self.reload_error = None;
                tracing::info!(
                    reason,
                    feeds = self.queue.len(),
                    added = changes.added,
                    removed = changes.removed,
                    "configuration reloaded"
                )
            }
            Err(e) => {
                tracing::error!(
                    reason,
                    "configuration not reloaded, keeping the current one: {e}"
                );
                self.reload_error = Some(e);
            }
        }
        self.systemd.ready(&self.status_line());
    }

    async fn apply(&mut self, path: &Path) -> Result<queue::Changes, String> {
        let config = config::load(path).map_err(|e| e.to_string())?;
        if config.storage.describe() != self.config.storage.describe() {
            return Err(
                "[storage] database cannot change while running; restart to use the new one".into(),
            );
        }
        if config.metrics_listen != self.config.metrics_listen {
            return Err(
                "[metrics] listen cannot change while running; restart to use the new address"
                    .into(),
            );
        }
        let ctx = PassContext::new(
            config.poll.clone(),
            &config.feeds,
            Arc::clone(&config.tagger),
            PassSink::Sqlite(self.writer.clone()),
        )?;
        let entries = feed_entries(&config.feeds, &config.poll);
        // One shared configuration for the writer and, once it is applied, the daemon.
        let config = Arc::new(config);
        let armed = Arc::clone(&config);
        let feeds = self
            .writer
            .run(move |store| {
                store
                    .sync_feeds(&entries, Utc::now())
                    .and_then(|()| crate::pipeline::arm_store(store, &armed))
                    .and_then(|()| store.active_feeds())
            })
            .await
            .and_then(|synced| synced)
            .map_err(|e| e.to_string())?;
        if config.poll.concurrency != self.config.poll.concurrency {
            self.slots = Arc::new(Semaphore::new(config.poll.concurrency));
        }
        self.ctx = Arc::new(ctx);
        self.published.send_replace(Arc::clone(&config));
        self.config = config;
        if self.sender.as_ref().map(Sender::notifiers) != Some(&self.config.notifiers[..]) {
            if let Some(old) = self.sender.take() {
                old.stop().await;
            }
            self.sender = Some(self.start_sender());
        }
        Ok(self.queue.merge(feeds, Utc::now()))
    }

    /// Starts no new poll, lets running ones finish within the grace period, then stops.
    async fn shut_down(&mut self, passes: JoinSet<PassResult>) {
        let grace = self.config.poll.shutdown_grace;
        self.systemd.stopping(grace + STOP_ALLOWANCE);
        self.stop_starting.cancel();
        if let Some(sender) = self.sender.take() {
            sender.stop().await;
        }
        drain(passes, grace, |result| {
            if let Some((summary, _)) = result {
                log_pass(&summary);
            }
        })
        .await;
    }
}

/// Waits up to `grace` for the running `passes`, handing each result to `finished`, then
/// abandons those still running.
async fn drain<T: 'static>(mut passes: JoinSet<T>, grace: Duration, mut finished: impl FnMut(T)) {
    tracing::info!(running = passes.len(), grace = %humantime::format_duration(grace), "stopping");
    let deadline = tokio::time::sleep(grace);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            next = passes.join_next() => match next {
                Some(Ok(result)) => finished(result),
                Some(Err(_)) => {}
                None => break,
            },
            () = &mut deadline => {
                tracing::warn!(cut = passes.len(), "grace period over; abandoning the polls still running");
                passes.abort_all();
                break;
            }
        }
    }
}

fn log_pass(s: &PassSummary) {
    let ms = s.elapsed.as_millis() as u64;
    match &s.status {
        PassStatus::Failed {
            kind,
            status,
            error,
        } => tracing::warn!(
            feed = %s.name, url = %s.url, kind = %kind, status = ?status, ms,
            next = %crate::store::iso(s.next_due), "fetch failed: {error}"
        ),
        PassStatus::NotModified => {
            tracing::info!(feed = %s.name, status = 304, new = 0, updated = 0, ms, "fetched")
        }
        PassStatus::Stored { status } => tracing::info!(
            feed = %s.name, status, new = s.counts.new, updated = s.counts.updated, ms, "fetched"
        ),
    }
}

/// What identifies a version of the configuration file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileSignature {
    modified: Option<SystemTime>,
    len: u64,
}

impl FileSignature {
    fn of(path: &PathBuf) -> Option<FileSignature> {
        let meta = std::fs::metadata(path).ok()?;
        // Unreadable counts as missing: there is nothing to reload from.
        std::fs::File::open(path).ok()?;
        Some(FileSignature {
            modified: meta.modified().ok(),
            len: meta.len(),
        })
    }
}
