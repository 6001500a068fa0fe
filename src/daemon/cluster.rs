//! `feedsentry run` on a PostgreSQL database that several daemons (nodes) share.
//!
//! There is no schedule in memory: the database's `next_due` is the schedule. Every quarter of
//! a second, and whenever a quarter of the concurrency slots are free, the node claims due
//! feeds under a lease (see `store/pg/node.rs`), polls them with the same pipeline as on SQLite,
//! and its writer task gives each lease back with the pass. SIGHUP reloads the feed list and
//! the polling settings; SIGTERM lets running passes finish within `shutdown_grace`, then gives
//! back the leases of those that did not.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::signal::unix::{SignalKind, signal};
use tokio::task::JoinSet;
use tokio_util::task::AbortOnDropHandle;

use super::metrics::{self, Metrics};
use super::outbox::Sender;
use super::systemd::Systemd;
use super::{DaemonError, STOP_ALLOWANCE, drain, log_pass};
use crate::config::{self, Config, PostgresConfig, Storage};
use crate::notify::Deliverer;
use crate::pipeline::{PassContext, PassStatus, PassSummary, feed_entries, poll, record};
use crate::store::pg::{Pg, PgWriter, Server};
use crate::store::{OutboxAccess, PassSink, StoreError};

/// How often a node looks for due feeds while it has free slots.
const CLAIM_EVERY: Duration = Duration::from_millis(250);

/// What the node has done since it started, for `STATUS=`.
#[derive(Default)]
struct Tally {
    polled: usize,
    failed: usize,
    new: usize,
    last: String,
}

/// Runs the node until SIGTERM or SIGINT.
pub(super) async fn serve(config: Config, settings: PostgresConfig) -> Result<(), DaemonError> {
    let server = Server::parse(settings.url.expose(), settings.password_file.as_deref())
        .map_err(StoreError::from)?;
    let mut claims = server.open().await.map_err(StoreError::from)?;
    claims
        .sync_feeds(&feed_entries(&config.feeds, &config.poll), Utc::now())
        .await
        .map_err(StoreError::from)?;
    let writer = PgWriter::start(
        server.connect().await.map_err(StoreError::from)?,
        settings.node.clone(),
    );
    crate::pipeline::arm_node(&mut claims, &writer, &config).await?;
    let shared = Arc::new(server.connect().await.map_err(StoreError::from)?);
    let outbox = OutboxAccess::Postgres {
        pg: Arc::clone(&shared),
        node: settings.node.clone(),
        lease: settings.lease,
    };
    let deliverer = Deliverer::new(&config.poll.user_agent).map_err(DaemonError::Startup)?;
    let published = tokio::sync::watch::Sender::new(Arc::new(config.clone()));
    let (metrics, _metrics_server) = match config.metrics_listen {
        Some(address) => {
            let listener = metrics::bind(address).await.map_err(DaemonError::Startup)?;
            let bound = listener.local_addr().unwrap_or(address);
            let metrics = Arc::new(Metrics::new());
            let task = tokio::spawn(metrics::serve(
                listener,
                Arc::clone(&metrics),
                metrics::Source::Postgres(shared),
                published.subscribe(),
            ));
            tracing::info!(address = %bound, "serving /metrics and /healthz");
            (Some(metrics), Some(AbortOnDropHandle::new(task)))
        }
        None => (None, None),
    };
    let mut node = Node {
        ctx: context(&config, &writer)?,
        sender: Sender::start(&config.notifiers, &deliverer, &outbox, metrics.clone()),
        metrics,
        published,
        config,
        settings,
        writer,
        outbox,
        deliverer,
        systemd: Systemd::from_env(),
        tally: Tally::default(),
        claims_failing: false,
        last_claim: Instant::now(),
    };
    let result = node.run(&mut claims, &server).await;
    node.writer.close().await;
    let node_name = &node.settings.node;
    let released = claims.release(node_name).await;
    let senders = claims.release_notifiers(node_name).await;
    match released.and_then(|feeds| senders.map(|notifiers| feeds + notifiers)) {
        Ok(0) => {}
        Ok(released) => tracing::info!(released, "gave back this node's leases"),
        Err(e) => tracing::warn!(error = %e, "cannot give back leases; they run out by themselves"),
    }
    result
}

/// The pass context for `config`, writing through `writer`.
fn context(config: &Config, writer: &PgWriter) -> Result<Arc<PassContext>, DaemonError> {
    PassContext::new(
        config.poll.clone(),
        &config.feeds,
        Arc::clone(&config.tagger),
        PassSink::Postgres(writer.clone()),
    )
    .map(Arc::new)
    .map_err(DaemonError::Startup)
}

struct Node {
    config: Config,
    settings: PostgresConfig,
    ctx: Arc<PassContext>,
    writer: PgWriter,
    /// The notifiers' tasks: each sends while this node holds its notifier's lease.
    sender: Sender,
    outbox: OutboxAccess,
    deliverer: Deliverer,
    /// The figures `/metrics` serves, when `[metrics] listen` is set.
    metrics: Option<Arc<Metrics>>,
    /// The configuration the metrics server's `/healthz` judges by, kept current on reload.
    published: tokio::sync::watch::Sender<Arc<Config>>,
    systemd: Systemd,
    tally: Tally,
    /// Whether the last claim failed: a failing database is logged once, not every tick.
    claims_failing: bool,
    /// When a claim last succeeded: the watchdog is pinged only while claims succeed.
    last_claim: Instant,
}

impl Node {
    async fn run(&mut self, claims: &mut Pg, server: &Server) -> Result<(), DaemonError> {
        let signal_error =
            |e: std::io::Error| DaemonError::Startup(format!("cannot listen for signals: {e}"));
        let mut hangup = signal(SignalKind::hangup()).map_err(signal_error)?;
        let mut terminate = signal(SignalKind::terminate()).map_err(signal_error)?;
        let mut interrupt = signal(SignalKind::interrupt()).map_err(signal_error)?;
        let watchdog_every = self.systemd.watchdog_interval();
        let mut watchdog =
            tokio::time::interval(watchdog_every.unwrap_or(Duration::from_secs(3600)));
        let mut tick = tokio::time::interval(CLAIM_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut passes: JoinSet<PassSummary> = JoinSet::new();
        tracing::info!(
            node = %self.settings.node,
            database = %server.shown(),
            lease = %humantime::format_duration(self.settings.lease),
            "started"
        );
        self.systemd.ready(&self.status());
        loop {
            tokio::select! {
                _ = tick.tick() => self.claim(claims, &mut passes).await,
                Some(finished) = passes.join_next() => {
                    match finished {
                        Ok(summary) => self.finished(&summary),
                        Err(e) => tracing::error!(error = %e, "a poll task stopped unexpectedly"),
                    }
                    // A quarter of the slots free: claim now rather than at the next tick,
                    // which would leave them idle while short passes are due.
                    if passes.len() * 4 <= self.config.poll.concurrency * 3 {
                        self.claim(claims, &mut passes).await;
                    }
                }
                _ = hangup.recv() => self.reload(claims).await,
                _ = watchdog.tick(), if watchdog_every.is_some() => {
                    if self.last_claim.elapsed() < watchdog.period() * 2 {
                        self.systemd.watchdog();
                    }
                }
                _ = terminate.recv() => break,
                _ = interrupt.recv() => break,
            }
        }
        self.shut_down(passes).await;
        Ok(())
    }

    /// Claims as many due feeds as there are free slots and starts their passes.
    async fn claim(&mut self, claims: &Pg, passes: &mut JoinSet<PassSummary>) {
        let free = self.config.poll.concurrency.saturating_sub(passes.len());
        if free == 0 {
            self.last_claim = Instant::now();
            return;
        }
        match claims
            .claim(&self.settings.node, free, self.settings.lease)
            .await
        {
            Ok(feeds) => {
                if self.claims_failing {
                    tracing::info!("the database answers again");
                    self.claims_failing = false;
                }
                self.last_claim = Instant::now();
                for feed in feeds {
                    let ctx = Arc::clone(&self.ctx);
                    passes.spawn(async move {
                        let polled = poll(&ctx, &feed).await;
                        record(&ctx, polled).await
                    });
                }
            }
            Err(e) => {
                if !self.claims_failing {
                    tracing::error!(error = %e, "cannot claim due feeds; trying again");
                    self.systemd.status(&format!("database unavailable: {e}"));
                    self.claims_failing = true;
                }
            }
        }
    }

    fn finished(&mut self, summary: &PassSummary) {
        log_pass(summary);
        if let Some(metrics) = &self.metrics {
            metrics.poll_finished(summary);
            metrics.pass_ended();
        }
        self.tally.polled += 1;
        self.tally.new += summary.counts.new;
        if matches!(summary.status, PassStatus::Failed { .. }) {
            self.tally.failed += 1;
        }
        self.tally.last = summary.name.clone();
        self.systemd.status(&self.status());
    }

    /// `STATUS=`: this node's name, what it has polled, and the feed it polled last.
    fn status(&self) -> String {
        let t = &self.tally;
        let last = if t.last.is_empty() {
            String::new()
        } else {
            format!("; last {}", t.last)
        };
        format!(
            "node {}: polled {} ({} failed), {} new items{last}",
            self.settings.node, t.polled, t.failed, t.new
        )
    }

    /// Re-reads the configuration: the feed list, polling and tagging; the database and the
    /// node's name and lease need a restart.
    async fn reload(&mut self, claims: &mut Pg) {
        self.systemd.reloading();
        let applied = async {
            let config = config::load(&self.config.path).map_err(|e| e.to_string())?;
            match &config.storage {
                Storage::Postgres(pg)
                    if pg.url.expose() == self.settings.url.expose()
                        && pg.node == self.settings.node
                        && pg.lease == self.settings.lease => {}
                _ => {
                    return Err("[storage] cannot change while running; restart to apply it".into());
                }
            }
            if config.metrics_listen != self.config.metrics_listen {
                return Err(
                    "[metrics] listen cannot change while running; restart to use the new address"
                        .into(),
                );
            }
            claims
                .sync_feeds(&feed_entries(&config.feeds, &config.poll), Utc::now())
                .await
                .map_err(|e| e.to_string())?;
            crate::pipeline::arm_node(claims, &self.writer, &config)
                .await
                .map_err(|e| e.to_string())?;
            let ctx = context(&config, &self.writer).map_err(|e| e.to_string())?;
            Ok::<_, String>((config, ctx))
        };
        match applied.await {
            Ok((config, ctx)) => {
                tracing::info!(feeds = config.feeds.len(), "configuration reloaded");
                if config.notifiers != self.sender.notifiers() {
                    let restarted = Sender::start(
                        &config.notifiers,
                        &self.deliverer,
                        &self.outbox,
                        self.metrics.clone(),
                    );
                    std::mem::replace(&mut self.sender, restarted).stop().await;
                }
                self.published.send_replace(Arc::new(config.clone()));
                self.config = config;
                self.ctx = ctx;
            }
            Err(e) => tracing::error!(error = %e, "reload failed; the running configuration stays"),
        }
        self.systemd.ready(&self.status());
    }

    async fn shut_down(&mut self, passes: JoinSet<PassSummary>) {
        let grace = self.config.poll.shutdown_grace;
        self.systemd.stopping(grace + STOP_ALLOWANCE);
        let idle = Sender::start(&[], &self.deliverer, &self.outbox, None);
        std::mem::replace(&mut self.sender, idle).stop().await;
        drain(passes, grace, |summary| log_pass(&summary)).await;
    }
}
