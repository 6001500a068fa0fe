//! One pass for one feed: fetch → parse → tag → store → next due time. Shared by `fetch` and
//! `run`, so both behave the same.
//!
//! Data flows forward only. Network waits run on the async runtime; parsing and tagging run
//! on the blocking pool, and the write goes to the store's one writer.
//! A panic anywhere in one feed's poll (a dependency's or our own bug) becomes that feed's
//! failed pass, of kind `internal`: the other feeds' passes, and the daemon, go on.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use tokio::sync::Semaphore;

use crate::config::{FeedConfig, PollConfig};
use crate::failure::FailureKind;
use crate::fetch::{FetchError, FetchOutcome, Fetcher, ServerHints, Validators};
use crate::parse::parse_feed;
use crate::schedule::{self, Ending};
use crate::secret::{FeedSecrets, NO_SECRETS};
use crate::store::{FeedEntry, FeedPass, FeedState, PassCounts, PassOutcome, PassSink, StoredItem};
use crate::tag::{TagInput, Tagger};

/// Everything a pass needs besides the feed itself.
pub struct PassContext {
    /// The HTTP client.
    pub fetcher: Fetcher,
    /// The tagging rules.
    pub tagger: Arc<Tagger>,
    /// Polling settings.
    pub poll: PollConfig,
    /// Where passes are written.
    pub sink: PassSink,
    /// Credentials and headers by feed URL (as stored, redacted), for the feeds that have any.
    secrets: HashMap<String, FeedSecrets>,
    commit_slots: Semaphore,
}

impl PassContext {
    /// A context for `poll` and the secrets of `feeds`, tagging with `tagger` and writing
    /// into `sink`.
    pub fn new(
        poll: PollConfig,
        feeds: &[FeedConfig],
        tagger: Arc<Tagger>,
        sink: PassSink,
    ) -> Result<PassContext, String> {
        Ok(PassContext {
            fetcher: Fetcher::new(&poll)?,
            secrets: feeds
                .iter()
                .filter(|f| !f.secrets.is_empty())
                .map(|f| (f.url.clone(), f.secrets.clone()))
                .collect(),
            commit_slots: Semaphore::new(MAX_QUEUED_PASSES),
            tagger,
            poll,
            sink,
        })
    }
}

/// Gives a writing store the rules passes follow beyond storing items: the notifiers' (which
/// deliveries to queue) and the incidents' (which incident a new item joins).
pub fn arm_store(
    store: &mut crate::store::Store,
    config: &crate::config::Config,
) -> Result<(), crate::store::StoreError> {
    store.set_notify_rules(crate::notify::rules(&config.notifiers), Utc::now())?;
    store.set_incident_rules(Arc::new(crate::incident::Matcher::from(config.incidents)));
    Ok(())
}

/// Gives a PostgreSQL node the same rules: the notifiers are recorded through `claims`, and the
/// writer takes both from its next batch on.
pub async fn arm_node(
    claims: &mut crate::store::pg::Pg,
    writer: &crate::store::pg::PgWriter,
    config: &crate::config::Config,
) -> Result<(), crate::store::StoreError> {
    let rules = crate::notify::rules(&config.notifiers);
    claims.set_notify_rules(rules.clone(), Utc::now()).await?;
    writer
        .arm(
            rules,
            Arc::new(crate::incident::Matcher::from(config.incidents)),
        )
        .await
}

/// The configured feeds in the store's terms, with the interval each is polled at.
pub fn feed_entries(feeds: &[FeedConfig], poll: &PollConfig) -> Vec<FeedEntry> {
    feeds
        .iter()
        .map(|feed| FeedEntry {
            url: feed.url.clone(),
            name: feed.name.clone(),
            enabled: feed.enabled,
            interval: feed.effective_interval(poll),
            own_interval: feed.interval,
        })
        .collect()
}

/// How a pass ended.
#[derive(Debug, Clone, PartialEq)]
pub enum PassStatus {
    /// 304 Not Modified.
    NotModified,
    /// A feed was fetched and stored.
    Stored {
        /// HTTP status.
        status: u16,
    },
    /// The pass failed; nothing of the feed's items was written.
    Failed {
        /// What kind of failure.
        kind: FailureKind,
        /// HTTP status when a response arrived.
        status: Option<u16>,
        /// The cause.
        error: String,
    },
}

/// What one pass did, for the summary line and the schedule.
#[derive(Debug, Clone)]
pub struct PassSummary {
    /// Feed row id.
    pub feed_id: i64,
    /// Display name.
    pub name: String,
    /// URL as configured.
    pub url: String,
    /// How it ended.
    pub status: PassStatus,
    /// Items added and changed, and the new ones by tag.
    pub counts: PassCounts,
    /// Size of the feed document received (after decompression); 0 without one.
    pub bytes: u64,
    /// Wall time of the pass.
    pub elapsed: Duration,
    /// When the feed is due again.
    pub next_due: DateTime<Utc>,
}

/// A feed polled, parsed and tagged: a pass ready to be recorded.
pub struct Polled {
    feed: FeedState,
    started: Instant,
    pass: FeedPass,
    bytes: u64,
}

/// The first half of a pass: fetch, parse and tag `feed`. Never fails: a problem, a panic
/// included, becomes a failed pass. This is the part bounded by `[poll] concurrency`.
pub async fn poll(ctx: &PassContext, feed: &FeedState) -> Polled {
    let started = Instant::now();
    let checked_at = Utc::now();
    let attempt = AssertUnwindSafe(attempt(ctx, feed)).catch_unwind().await;
    let Attempt {
        outcome,
        hints,
        ttl,
        warning,
        bytes,
    } = attempt.unwrap_or_else(|panic| Attempt::of(internal_error(panic.as_ref())));
    let ending = match &outcome {
        PassOutcome::Failed { kind, status, .. } => Ending::Failure {
            failures: feed.consecutive_failures.saturating_add(1),
            base: kind.backoff_base(*status),
        },
        _ => Ending::Success,
    };
    let next_due = schedule::next_due(
        checked_at,
        feed.interval,
        &ctx.poll,
        ending,
        hints,
        ttl,
        schedule::random_jitter(),
    );
    let pass = FeedPass {
        feed_id: feed.id,
        checked_at,
        next_due,
        outcome,
        warning,
    };
    Polled {
        feed: feed.clone(),
        started,
        pass,
        bytes,
    }
}

/// What fetching, parsing and tagging one feed gave, before the schedule is worked out.
struct Attempt {
    outcome: PassOutcome,
    hints: ServerHints,
    ttl: Option<Duration>,
    warning: Option<String>,
    /// Size of the document received.
    bytes: u64,
}

impl Attempt {
    /// An attempt that ended with `outcome` and nothing else to say.
    fn of(outcome: PassOutcome) -> Attempt {
        Attempt {
            outcome,
            hints: ServerHints::default(),
            ttl: None,
            warning: None,
            bytes: 0,
        }
    }
}

async fn attempt(ctx: &PassContext, feed: &FeedState) -> Attempt {
    let secrets = ctx.secrets.get(&feed.url).unwrap_or(&NO_SECRETS);
    let fetched = ctx
        .fetcher
        .fetch(
            &feed.fetch_url,
            Validators {
                etag: feed.etag.as_deref(),
                last_modified: feed.last_modified.as_deref(),
            },
            secrets,
        )
        .await;
    panic_hook_for_tests(&feed.url);
    let mut attempt = match fetched {
        Ok(FetchOutcome::NotModified { hints }) => Attempt {
            hints,
            ..Attempt::of(PassOutcome::NotModified { status: 304 })
        },
        Ok(FetchOutcome::Fetched {
            status,
            body,
            final_url,
            moved_to,
            etag,
            last_modified,
            hints,
        }) => {
            let bytes = body.len() as u64;
            let fetched = Fetched {
                status,
                body,
                final_url,
                etag,
                last_modified,
                moved_to,
            };
            Attempt {
                bytes,
                ..parse_and_tag(ctx, feed, fetched, hints).await
            }
        }
        Err(error) => Attempt {
            hints: error.hints,
            ..Attempt::of(fetch_failure(error))
        },
    };
    if let Some(header) = attempt.hints.clamped {
        let clamped = format!("the server's {header} was out of range and clamped");
        tracing::warn!(feed = %feed.url, "{clamped}");
        attempt.warning = Some(match attempt.warning {
            Some(other) => format!("{other}; {clamped}"),
            None => clamped,
        });
    }
    attempt
}

/// A full response, but for its caching hints.
struct Fetched {
    status: u16,
    body: Vec<u8>,
    final_url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    moved_to: Option<String>,
}

/// Parses and tags a fetched body on the blocking pool: the stored pass, or its failure.
async fn parse_and_tag(
    ctx: &PassContext,
    feed: &FeedState,
    mut fetched: Fetched,
    hints: ServerHints,
) -> Attempt {
    let tagger = Arc::clone(&ctx.tagger);
    let max_items = ctx.poll.max_items;
    let (body, url) = (
        std::mem::take(&mut fetched.body),
        std::mem::take(&mut fetched.final_url),
    );
    let prepared =
        tokio::task::spawn_blocking(move || prepare(&body, &url, &tagger, max_items)).await;
    let prepared = match prepared {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(error)) => {
            let outcome = failed(error.kind, Some(fetched.status), error.message);
            return Attempt {
                hints,
                ..Attempt::of(outcome)
            };
        }
        Err(join) => {
            return Attempt {
                hints,
                ..Attempt::of(internal_error(join.into_panic().as_ref()))
            };
        }
    };
    if let Some(target) = &fetched.moved_to {
        tracing::info!(feed = %feed.url, to = %target, "feed moved permanently; following it from now on");
    }
    let warning = (prepared.over_cap > 0).then(|| {
        format!(
            "{} items past [poll] max_items ({max_items}) were not stored",
            prepared.over_cap
        )
    });
    let outcome = PassOutcome::Fetched {
        status: fetched.status,
        etag: fetched.etag,
        last_modified: fetched.last_modified,
        moved_to: fetched.moved_to,
        title: prepared.title,
        items: prepared.items,
    };
    Attempt {
        outcome,
        hints,
        ttl: prepared.ttl,
        warning,
        bytes: 0,
    }
}

/// In debug builds, a pass of a feed whose URL contains `$FEEDSENTRY_TEST_PANIC_ON` panics:
/// the hook the tests use to prove that a panic costs one feed one pass. Release builds have no
/// such hook.
fn panic_hook_for_tests(url: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("FEEDSENTRY_TEST_PANIC_ON").is_ok_and(|s| !s.is_empty() && url.contains(&s)) {
        panic!("test hook: a panic in the pass of {url}");
    }
    #[cfg(not(debug_assertions))]
    let _ = url;
}

/// A panic's payload as a failed pass of kind `internal`.
fn internal_error(panic: &(dyn std::any::Any + Send)) -> PassOutcome {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string());
    failed(
        FailureKind::Internal,
        None,
        format!("internal error: {what}"),
    )
}

/// The second half of a pass: commit it and say what it did. Passes recorded at the same time
/// share a transaction (see [`Writer`]); at most [`MAX_QUEUED_PASSES`] wait at once.
pub async fn record(ctx: &PassContext, polled: Polled) -> PassSummary {
    // The semaphore is never closed, so acquiring only fails if it were; then go on unbounded.
    let _queued = ctx.commit_slots.acquire().await.ok();
    let next_due = polled.pass.next_due;
    let (status, counts) = commit(ctx, polled.pass).await;
    PassSummary {
        feed_id: polled.feed.id,
        name: polled.feed.name,
        url: polled.feed.url,
        status,
        counts,
        bytes: polled.bytes,
        elapsed: polled.started.elapsed(),
        next_due,
    }
}

/// How many polled passes may wait for the writer at once: enough for large group commits
/// while the network keeps going, few enough to bound the memory they hold.
pub const MAX_QUEUED_PASSES: usize = 32;

/// A parsed and tagged feed, ready to store.
#[derive(Debug)]
pub struct Prepared {
    /// The feed's own title.
    pub title: Option<String>,
    /// Its RSS `<ttl>`.
    pub ttl: Option<Duration>,
    /// Its items, tagged, at most `max_items` of them.
    pub items: Vec<StoredItem>,
    /// How many items past `max_items` were dropped.
    pub over_cap: usize,
}

/// Parses and tags a body fetched from `url`, keeping the newest `max_items` items: the
/// CPU-bound part of a pass.
pub fn prepare(
    body: &[u8],
    url: &str,
    tagger: &Tagger,
    max_items: usize,
) -> Result<Prepared, crate::parse::ParseError> {
    let mut feed = parse_feed(body, url)?;
    let over_cap = feed.keep_newest(max_items);
    let declared = feed.language.as_deref();
    let items = feed
        .items
        .into_iter()
        .map(|item| {
            let plain = item.plain();
            let tags = tagger.tag(&TagInput {
                title: &plain.title,
                summary: &plain.summary,
                content: &plain.content,
            });
            let lang = crate::lang::item_language(declared, &plain.title, &plain.summary);
            StoredItem {
                item,
                plain,
                tags,
                lang,
            }
        })
        .collect();
    let ttl = feed
        .ttl_minutes
        .map(|m| Duration::from_secs(u64::from(m).saturating_mul(60)));
    Ok(Prepared {
        title: feed.title,
        ttl,
        items,
        over_cap,
    })
}

fn failed(kind: FailureKind, status: Option<u16>, error: String) -> PassOutcome {
    PassOutcome::Failed {
        kind,
        status,
        error,
        gone: false,
    }
}

fn fetch_failure(error: FetchError) -> PassOutcome {
    PassOutcome::Failed {
        kind: error.kind,
        status: error.status,
        gone: error.is_gone(),
        error: error.message,
    }
}

/// Writes the pass through the shared writer; a failed write is reported as a failed pass.
async fn commit(ctx: &PassContext, pass: FeedPass) -> (PassStatus, PassCounts) {
    let status = match &pass.outcome {
        PassOutcome::NotModified { .. } => PassStatus::NotModified,
        PassOutcome::Fetched { status, .. } => PassStatus::Stored { status: *status },
        PassOutcome::Failed {
            kind,
            status,
            error,
            ..
        } => PassStatus::Failed {
            kind: *kind,
            status: *status,
            error: error.clone(),
        },
    };
    let (feed_id, checked_at, next_due) = (pass.feed_id, pass.checked_at, pass.next_due);
    match write(ctx, pass).await {
        Ok(counts) => (status, counts),
        Err(error) => {
            let error = format!("storing failed: {error}");
            let outcome = failed(FailureKind::Storage, None, error.clone());
            // Best effort: record the failure on the feed; if even that fails, the log has it.
            let recorded = write(
                ctx,
                FeedPass {
                    feed_id,
                    checked_at,
                    next_due,
                    outcome,
                    warning: None,
                },
            )
            .await;
            if let Err(again) = recorded {
                tracing::error!(feed_id, error = %again, "cannot record a failed pass");
            }
            (
                PassStatus::Failed {
                    kind: FailureKind::Storage,
                    status: None,
                    error,
                },
                PassCounts::default(),
            )
        }
    }
}

/// Commits `pass` through the store's writer.
async fn write(ctx: &PassContext, pass: FeedPass) -> Result<PassCounts, String> {
    ctx.sink.commit(pass).await.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(dir: &std::path::Path) -> (PassContext, crate::store::Writer, FeedState) {
        let config = crate::config::parse(
            std::path::Path::new("t.toml"),
            "[[feeds]]\nurl = \"https://full.example/feed\"\n",
        )
        .expect("valid config");
        let mut store = crate::store::Store::open(&dir.join("t.db")).expect("open store");
        store
            .sync_feeds(
                &crate::pipeline::feed_entries(&config.feeds, &config.poll),
                Utc::now(),
            )
            .expect("sync");
        let feed = store.active_feeds().expect("feeds").remove(0);
        let writer = crate::store::Writer::start(store).expect("writer");
        let ctx = PassContext::new(
            config.poll,
            &config.feeds,
            Arc::new(Tagger::builtin()),
            PassSink::Sqlite(writer.clone()),
        )
        .expect("context");
        (ctx, writer, feed)
    }

    fn polled(feed: &FeedState, items: usize) -> Polled {
        let body: String = (0..items)
            .map(|i| format!("<item><guid>{i}</guid><title>Item {i}</title><description>{}</description></item>", "text ".repeat(200)))
            .collect();
        let doc =
            format!("<rss version=\"2.0\"><channel><title>Full</title>{body}</channel></rss>");
        let prepared =
            prepare(doc.as_bytes(), &feed.url, &Tagger::builtin(), 1000).expect("valid feed");
        let now = Utc::now();
        Polled {
            feed: feed.clone(),
            started: Instant::now(),
            pass: FeedPass::fetched(feed.id, now, prepared.title, prepared.items),
            bytes: doc.len() as u64,
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_disk_fails_the_pass_with_its_cause_and_writes_nothing_half() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (ctx, writer, feed) = context(dir.path());
        let pages: i64 = writer
            .run(|store| {
                let pages = store.page_count().expect("page count");
                store.limit_pages(pages + 20);
                pages
            })
            .await
            .expect("writer");
        let summary = record(&ctx, polled(&feed, 500)).await;
        match &summary.status {
            PassStatus::Failed { error, .. } => assert!(
                error.starts_with("storing failed:") && error.contains("full"),
                "{error}"
            ),
            other => panic!("expected a failed pass, got {other:?}"),
        }
        let (items, report) = writer
            .run(move |store| {
                let items = store.item_count().expect("count");
                let report = store.feed_reports().expect("reports").remove(0);
                store.limit_pages(pages + 100_000);
                (items, report)
            })
            .await
            .expect("writer");
        assert_eq!(items, 0, "nothing of the pass was written");
        assert!(
            report
                .last_error
                .as_deref()
                .is_some_and(|e| e.contains("full")),
            "{report:?}"
        );
        let summary = record(&ctx, polled(&feed, 500)).await;
        assert_eq!(summary.status, PassStatus::Stored { status: 200 });
        assert_eq!(summary.counts.new, 500);
    }
}
