//! `[metrics] listen`: `/metrics` in the Prometheus text format (OpenMetrics, through
//! `prometheus-client`) and `/healthz` with the rule of `feedsentry health`, on the one address
//! configured. The server reads a request head of at most 8 KiB within 5 s and answers GET
//! only; it never delays a poll, since it runs as tasks of its own.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::config::Config;
use crate::pipeline::{PassStatus, PassSummary};
use crate::store::pg::Pg;
use crate::store::{NotifierStatus, StoreError, Writer};

/// The longest request head read.
const MAX_HEAD: usize = 8 * 1024;
/// How long a client may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Labels of a finished poll.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PollLabels {
    /// ok, unchanged or failed.
    result: String,
    /// The failure kind, or "none".
    kind: String,
}

/// Labels of a count of feeds.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    /// ok, failing, backing_off, disabled (or no longer configured) or gone.
    state: String,
}

/// Labels of a count of items by tag.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TagLabels {
    /// The tag, e.g. `cyberattack` or `cyberattack:ransomware`.
    tag: String,
}

/// Labels of a notifier's counts.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct NotifierLabels {
    /// The notifier's name.
    notifier: String,
}

/// The daemon's metrics: updated as polls finish, read at each scrape.
pub struct Metrics {
    registry: Registry,
    polls: Family<PollLabels, Counter>,
    fetch_seconds: Histogram,
    items_new: Counter,
    items_updated: Counter,
    items_tagged: Family<TagLabels, Counter>,
    bytes_fetched: Counter,
    last_pass_end: Gauge,
    feeds: Family<StateLabels, Gauge>,
    database_bytes: Gauge,
    notifications_sent: Family<NotifierLabels, Counter>,
    notifications_failed: Family<NotifierLabels, Counter>,
    notifications_pending: Family<NotifierLabels, Gauge>,
    outbox_oldest: Gauge,
}

impl Metrics {
    /// Every metric registered, at zero.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("feedsentry");
        let polls = Family::<PollLabels, Counter>::default();
        registry.register(
            "polls",
            "Polls finished, by result and failure kind",
            polls.clone(),
        );
        let fetch_seconds = Histogram::new(exponential_buckets(0.01, 2.0, 14));
        registry.register(
            "poll_duration_seconds",
            "Wall time of one poll: fetch, parse, tag and commit",
            fetch_seconds.clone(),
        );
        let items_new = Counter::default();
        registry.register(
            "items_new",
            "Items stored for the first time",
            items_new.clone(),
        );
        let items_updated = Counter::default();
        registry.register(
            "items_updated",
            "Stored items whose content changed",
            items_updated.clone(),
        );
        let items_tagged = Family::<TagLabels, Counter>::default();
        registry.register(
            "items_tagged",
            "New items by tag (an item counts under each of its tags)",
            items_tagged.clone(),
        );
        let bytes_fetched = Counter::default();
        registry.register(
            "fetched_bytes",
            "Feed documents received, after decompression",
            bytes_fetched.clone(),
        );
        let last_pass_end = Gauge::default();
        registry.register(
            "last_pass_end_timestamp_seconds",
            "When the last round of polls ended (Unix time)",
            last_pass_end.clone(),
        );
        let feeds = Family::<StateLabels, Gauge>::default();
        registry.register("feeds", "Feeds the database knows, by state", feeds.clone());
        let database_bytes = Gauge::default();
        registry.register(
            "database_size_bytes",
            "Size of the database file and its WAL",
            database_bytes.clone(),
        );
        let notifications_sent = Family::<NotifierLabels, Counter>::default();
        registry.register(
            "notifications_sent",
            "Items delivered, by notifier (a digest counts its items)",
            notifications_sent.clone(),
        );
        let notifications_failed = Family::<NotifierLabels, Counter>::default();
        registry.register(
            "notifications_failed",
            "Failed delivery attempts, by notifier (each is retried until given up)",
            notifications_failed.clone(),
        );
        let notifications_pending = Family::<NotifierLabels, Gauge>::default();
        registry.register(
            "notifications_pending",
            "Deliveries waiting in the outbox, by notifier",
            notifications_pending.clone(),
        );
        let outbox_oldest = Gauge::default();
        registry.register(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest delivery waiting in the outbox, 0 when none waits",
            outbox_oldest.clone(),
        );
        registry.register(
            "build",
            "The running build",
            Info::new(vec![("version", env!("CARGO_PKG_VERSION"))]),
        );
        Metrics {
            registry,
            polls,
            fetch_seconds,
            items_new,
            items_updated,
            items_tagged,
            bytes_fetched,
            last_pass_end,
            feeds,
            database_bytes,
            notifications_sent,
            notifications_failed,
            notifications_pending,
            outbox_oldest,
        }
    }

    /// Counts an attempt of `notifier` at `items` items.
    pub fn notification_attempt(&self, notifier: &str, delivered: bool, items: usize) {
        let labels = NotifierLabels {
            notifier: notifier.to_string(),
        };
        if delivered {
            self.notifications_sent
                .get_or_create(&labels)
                .inc_by(items as u64);
        } else {
            self.notifications_failed.get_or_create(&labels).inc();
        }
    }

    /// Counts a finished poll.
    pub fn poll_finished(&self, summary: &PassSummary) {
        let (result, kind) = match &summary.status {
            PassStatus::Stored { .. } => ("ok", "none".to_string()),
            PassStatus::NotModified => ("unchanged", "none".to_string()),
            PassStatus::Failed { kind, .. } => ("failed", kind.to_string()),
        };
        self.polls
            .get_or_create(&PollLabels {
                result: result.into(),
                kind,
            })
            .inc();
        self.fetch_seconds.observe(summary.elapsed.as_secs_f64());
        self.items_new.inc_by(summary.counts.new as u64);
        self.items_updated.inc_by(summary.counts.updated as u64);
        self.bytes_fetched.inc_by(summary.bytes);
        for (tag, count) in &summary.counts.tagged {
            self.items_tagged
                .get_or_create(&TagLabels { tag: tag.clone() })
                .inc_by(*count as u64);
        }
    }

    /// A round of polls ended now.
    pub fn pass_ended(&self) {
        self.last_pass_end.set(Utc::now().timestamp());
    }
}

/// Binds `address`, so that a taken port is a start-up error that names it.
pub async fn bind(address: SocketAddr) -> Result<TcpListener, String> {
    TcpListener::bind(address)
        .await
        .map_err(|e| format!("[metrics] listen {address}: cannot bind: {e}"))
}

/// Where the figures read at scrape time come from: the SQLite writer, or a PostgreSQL
/// connection (whose figures are the whole group's, not only this node's).
#[derive(Clone)]
pub enum Source {
    /// The SQLite database's one writer.
    Sqlite(Writer),
    /// A PostgreSQL database several nodes share.
    Postgres(Arc<Pg>),
}

impl Source {
    async fn feed_states(&self) -> Option<[(&'static str, i64); 5]> {
        match self {
            Source::Sqlite(writer) => writer
                .run(|store| store.feed_state_counts())
                .await
                .ok()?
                .ok(),
            Source::Postgres(pg) => pg.feed_state_counts().await.ok(),
        }
    }

    async fn outbox(&self) -> Option<Vec<NotifierStatus>> {
        match self {
            Source::Sqlite(writer) => writer.run(|store| store.outbox_status()).await.ok()?.ok(),
            Source::Postgres(pg) => pg.outbox_status().await.ok(),
        }
    }

    async fn last_poll(&self) -> Result<Option<chrono::DateTime<Utc>>, StoreError> {
        match self {
            Source::Sqlite(writer) => writer.run(|store| store.last_poll_ended()).await?,
            Source::Postgres(pg) => Ok(pg.last_poll_ended().await?),
        }
    }
}

/// Serves scrapes on `listener` until the task is dropped.
pub async fn serve(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    source: Source,
    config: watch::Receiver<Arc<Config>>,
) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (metrics, source, config) = (Arc::clone(&metrics), source.clone(), config.clone());
        tokio::spawn(async move {
            if let Err(e) = answer(stream, &metrics, &source, &config).await {
                tracing::debug!(error = %e, "a metrics request failed");
            }
        });
    }
}

async fn answer(
    mut stream: TcpStream,
    metrics: &Metrics,
    source: &Source,
    config: &watch::Receiver<Arc<Config>>,
) -> std::io::Result<()> {
    let head = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
        Ok(head) => head?,
        Err(_) => return Ok(()),
    };
    let mut words = head.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let (status, content_type, body) = match (method, path) {
        ("GET", "/metrics") => {
            let current = Arc::clone(&config.borrow());
            refresh(metrics, source, &current).await;
            let mut text = String::new();
            match prometheus_client::encoding::text::encode(&mut text, &metrics.registry) {
                Ok(()) => (
                    "200 OK",
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    text,
                ),
                Err(_) => (
                    "500 Internal Server Error",
                    "text/plain",
                    "encoding failed\n".into(),
                ),
            }
        }
        ("GET", "/healthz") => {
            let config = Arc::clone(&config.borrow());
            let verdict = crate::liveness::verdict(source.last_poll().await, &config, Utc::now());
            match verdict {
                Ok(why) => ("200 OK", "text/plain", format!("healthy: {why}\n")),
                Err(why) => (
                    "503 Service Unavailable",
                    "text/plain",
                    format!("unhealthy: {why}\n"),
                ),
            }
        }
        ("GET", _) => (
            "404 Not Found",
            "text/plain",
            "only /metrics and /healthz\n".into(),
        ),
        _ => ("405 Method Not Allowed", "text/plain", "GET only\n".into()),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// The request line and headers, up to the blank line or [`MAX_HEAD`] bytes.
async fn read_head(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while head.len() < MAX_HEAD && !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buffer[..n]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

/// The gauges read from the database and the file system at scrape time.
async fn refresh(metrics: &Metrics, source: &Source, config: &Config) {
    if let Some(states) = source.feed_states().await {
        for (state, count) in states {
            metrics
                .feeds
                .get_or_create(&StateLabels {
                    state: state.into(),
                })
                .set(count);
        }
    }
    if let Some(outbox) = source.outbox().await {
        let now = Utc::now();
        let mut oldest = 0;
        for notifier in outbox {
            metrics
                .notifications_pending
                .get_or_create(&NotifierLabels {
                    notifier: notifier.name,
                })
                .set(notifier.pending);
            if let Some(at) = crate::store::parse_iso(notifier.oldest_pending.as_deref()) {
                oldest = oldest.max((now - at).num_seconds());
            }
        }
        metrics.outbox_oldest.set(oldest);
    }
    let Some((database, _)) = config.sqlite() else {
        return;
    };
    let mut wal = database.to_path_buf().into_os_string();
    wal.push("-wal");
    let size = |path: &std::path::Path| std::fs::metadata(path).map_or(0, |m| m.len());
    let bytes = size(database).saturating_add(size(std::path::Path::new(&wal)));
    metrics
        .database_bytes
        .set(i64::try_from(bytes).unwrap_or(i64::MAX));
}
