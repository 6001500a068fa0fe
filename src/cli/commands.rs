//! The commands themselves: load what they need, do the work, print the result.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::StreamExt;

use super::output::{Format, print_csv, print_json_lines, print_table, truncate};
use super::progress::Progress;
use super::{Cli, Command, Exit, Filters, LogFormat};
use crate::config::{self, Config};
use crate::pipeline::{MAX_QUEUED_PASSES, PassContext, PassStatus, PassSummary, poll, record};
use crate::store::pg::{Pg, PgError, PgWriter, Server};
use crate::store::{
    Database, FeedReport, FeedState, ItemQuery, PassSink, Store, StoreError, Writer,
};

/// An error that ends a command, with the exit status it calls for.
pub(super) struct Failure {
    exit: Exit,
    message: String,
}

impl Failure {
    pub(super) fn config(message: impl ToString) -> Failure {
        Failure {
            exit: Exit::Config,
            message: message.to_string(),
        }
    }
    pub(super) fn runtime(message: impl ToString) -> Failure {
        Failure {
            exit: Exit::Failure,
            message: message.to_string(),
        }
    }
    /// An item id that names no item: the user's to fix, like any bad argument.
    pub(super) fn unknown_item(id: i64) -> Failure {
        Failure::config(format!(
            "no item with id {id}; `feedsentry items` lists the ids"
        ))
    }
}

/// The SQLite file the reading and writing commands use; with a PostgreSQL database, an error
/// that says what serves it.
fn sqlite_file(config: &Config) -> Result<(&std::path::Path, bool), Failure> {
    config.sqlite().ok_or_else(|| {
        Failure::config(format!(
            "[storage] database is PostgreSQL ({}): `run` polls into it, and its tables and \
             views (v_items, v_cyberattacks) answer queries; this command reads a SQLite file",
            config.storage.describe()
        ))
    })
}

/// The database opened for reading: a SQLite file read-only, or a PostgreSQL connection.
pub(super) fn open_reading(config: &Config) -> Result<Database, Failure> {
    match &config.storage {
        config::Storage::Sqlite { path, .. } => Store::open_read_only(path)
            .map(Database::Sqlite)
            .map_err(Failure::runtime),
        config::Storage::Postgres(settings) => {
            Database::connect(&pg_server(settings)?).map_err(Failure::runtime)
        }
    }
}

/// The database opened for writing: a SQLite file (created when missing, its schema brought
/// up to date), or a PostgreSQL connection.
pub(super) fn open_database(config: &Config) -> Result<Database, Failure> {
    match &config.storage {
        config::Storage::Sqlite { .. } => open_writing(config).map(Database::Sqlite),
        config::Storage::Postgres(settings) => {
            Database::connect(&pg_server(settings)?).map_err(Failure::runtime)
        }
    }
}

/// The PostgreSQL database the configuration names.
pub(super) fn pg_server(settings: &config::PostgresConfig) -> Result<Server, Failure> {
    parse_server(settings.url.expose(), settings.password_file.as_deref())
}

/// The PostgreSQL database at `url`: a bad URL or an unreadable password file is the user's to
/// fix (exit 2).
pub(super) fn parse_server(
    url: &str,
    password_file: Option<&std::path::Path>,
) -> Result<Server, Failure> {
    Server::parse(url, password_file).map_err(|e| match e {
        e @ (PgError::BadUrl { .. } | PgError::PasswordFile { .. }) => Failure::config(e),
        e => Failure::runtime(e),
    })
}

/// The SQLite database opened for writing (created when missing), its schema brought up to
/// date.
pub(super) fn open_writing(config: &Config) -> Result<Store, Failure> {
    let (path, group_readable) = sqlite_file(config)?;
    Store::open_with(path, group_readable).map_err(Failure::runtime)
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A bad `--search` query is the user's to fix (exit 2); other database errors are runtime ones.
impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        match e {
            e @ StoreError::BadNotifierSearch { .. } => Failure::config(e),
            StoreError::BadSearch { query, message } => Failure::config(format!(
                "bad --search query {query:?}: {message} (FTS5 syntax: words, \"exact phrases\", \
                     AND, OR, NOT, (groups), prefix*; quote a word with punctuation: '\"data-breach\"')"
            )),
            other => Failure::runtime(other),
        }
    }
}

/// A reader that went away (`items | head`) has what it wanted: stop quietly with success.
impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Failure {
                exit: Exit::Success,
                message: String::new(),
            };
        }
        Failure::runtime(format!("cannot write the output: {e}"))
    }
}

pub(super) fn run(cli: Cli) -> Exit {
    let result = load_config(&cli).and_then(|config| {
        let daemon = matches!(cli.command, Command::Run);
        // Progress bars share standard error with the logs: only beside text ones.
        let bars = cli.log_format == LogFormat::Text;
        init_logging(
            &config,
            cli.log_format,
            if daemon { "info" } else { "warn" },
        );
        match cli.command {
            Command::Fetch { feeds } => fetch(&config, &feeds, bars),
            Command::Items { filters, format } => {
                super::query::items(&config, &item_query(&filters)?, format)
            }
            Command::Show { id, format } => super::query::show(&config, id, format),
            Command::Explain { id } => super::tagging::explain(&config, id),
            Command::Retag => super::tagging::retag(&config, bars),
            Command::Stats { since, all, format } => {
                let since = since.as_deref().map(parse_since).transpose()?;
                super::query::stats(&config, since, all, format)
            }
            Command::Export {
                filters,
                format,
                incidents: true,
            } => super::export::export_incidents(&config, &filters, format),
            Command::Export {
                filters, format, ..
            } => super::export::export(&config, &filters, &item_query(&filters)?, format, bars),
            Command::Feeds {
                action: None,
                format,
            } => feeds(&config, format),
            Command::Feeds {
                action: Some(action),
                ..
            } => super::feeds_edit::run(&config, action, bars),
            Command::Incidents { rebuild: true, .. } => super::incidents::rebuild(&config, bars),
            Command::Incidents {
                since,
                category,
                victim,
                format,
                ..
            } => {
                let since = since.as_deref().map(parse_since).transpose()?;
                let query = super::incidents::query(since, category, victim);
                super::incidents::list(&config, &query, format)
            }
            Command::Incident { id, format } => super::incidents::show(&config, id, format),
            Command::Notify { action } => super::notify::run(&config, action),
            Command::Migrate {
                from,
                to,
                password_file,
            } => super::migrate::migrate(
                &config,
                from.as_deref(),
                &to,
                password_file.as_deref(),
                bars,
            ),
            Command::CheckConfig => check_config(&config),
            Command::Health => super::health::health(&config),
            Command::Run => crate::daemon::run(config).map_err(|e| match e {
                crate::daemon::DaemonError::Store(e) => Failure::from(e),
                e => Failure::runtime(e),
            }),
        }
    });
    match result {
        Ok(()) => Exit::Success,
        Err(failure) if failure.message.is_empty() => failure.exit,
        Err(failure) => {
            // Under journald an error that ends the command is an error to `journalctl -p`.
            let prefix = if super::journal::stderr_is_journal() {
                "<3>"
            } else {
                ""
            };
            eprintln!("{prefix}feedsentry: {}", failure.message);
            failure.exit
        }
    }
}

fn load_config(cli: &Cli) -> Result<Config, Failure> {
    let path = config::locate(cli.config.as_deref()).map_err(Failure::config)?;
    config::load(&path).map_err(Failure::config)
}

/// Logs go to stderr; `RUST_LOG` wins over `[log] level`. Under journald, without timestamps
/// (the journal adds its own) and with `<N>` priority prefixes; JSON lines stay bare JSON.
fn init_logging(config: &Config, format: LogFormat, quiet_default: &str) {
    let default = config.log.level.as_deref().unwrap_or(quiet_default);
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(default))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::IsTerminal::is_terminal(&io::stderr()));
    // try_init fails only when a subscriber is already set, which is then kept.
    let _ = match (format, super::journal::stderr_is_journal()) {
        (LogFormat::Json, _) => builder.json().try_init(),
        (LogFormat::Text, true) => builder
            .event_format(super::journal::Prefixed(
                tracing_subscriber::fmt::format().without_time(),
            ))
            .try_init(),
        (LogFormat::Text, false) => builder.try_init(),
    };
}

/// The store query that `--search`, `--tag`, `--feed`, `--since`, `--until`, `--limit` and
/// `--lang` ask for.
pub(super) fn item_query(filters: &Filters) -> Result<ItemQuery, Failure> {
    let lang = match filters.lang.as_deref() {
        Some(code) => Some(crate::lang::primary_subtag(code).ok_or_else(|| {
            Failure::config(format!(
                "--lang {code:?}: write a language code such as en, es, pt, de or fr"
            ))
        })?),
        None => None,
    };
    Ok(ItemQuery {
        lang,
        tag: filters.tag.clone(),
        feed: filters.feed.clone(),
        since: filters.since.as_deref().map(parse_since).transpose()?,
        until: filters.until.as_deref().map(parse_until).transpose()?,
        search: filters.search.clone(),
        limit: filters.limit,
        incident: filters.incident,
    })
}

/// `--until`: like `--since`, except that a date means the end of that day.
fn parse_until(text: &str) -> Result<DateTime<Utc>, Failure> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date
            .succ_opt()
            .and_then(|next| next.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
            .unwrap_or(DateTime::<Utc>::MAX_UTC));
    }
    parse_time(text).map_err(|why| {
        Failure::config(format!(
            "bad --until {text:?}: {why}; give a date (2026-11-30), an RFC 3339 time or a span \
             back from now (2d)"
        ))
    })
}

/// `--since`: a date, an RFC 3339 time, or a span back from now.
pub(super) fn parse_since(text: &str) -> Result<DateTime<Utc>, Failure> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or_default());
    }
    parse_time(text).map_err(|why| {
        Failure::config(format!(
            "bad --since {text:?}: {why}; give a date (2026-11-01), an RFC 3339 time or a span \
             back from now (7d)"
        ))
    })
}

/// An RFC 3339 time, or a span back from now; else what is wrong with it.
fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok(time.with_timezone(&Utc));
    }
    let text = text.trim();
    if let Some(unsigned) = text.strip_prefix(['-', '+']) {
        return Err(format!(
            "a span already counts back from now and takes no sign: write {unsigned:?}"
        ));
    }
    let span = humantime::parse_duration(text).map_err(|e| e.to_string())?;
    chrono::Duration::from_std(span)
        .ok()
        .and_then(|span| Utc::now().checked_sub_signed(span))
        .ok_or_else(|| "the span reaches back before any date".to_string())
}

fn fetch(config: &Config, names: &[String], bars: bool) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::runtime(format!("cannot start the runtime: {e}")))?;
    let (feeds, sink, claims) = match &config.storage {
        config::Storage::Sqlite { .. } => {
            let mut store = open_writing(config)?;
            store
                .sync_feeds(
                    &crate::pipeline::feed_entries(&config.feeds, &config.poll),
                    Utc::now(),
                )
                .map_err(Failure::runtime)?;
            crate::pipeline::arm_store(&mut store, config)?;
            let feeds = select_feeds(store.active_feeds().map_err(Failure::runtime)?, names)?;
            let writer = Writer::start(store).map_err(Failure::runtime)?;
            (feeds, PassSink::Sqlite(writer), None)
        }
        config::Storage::Postgres(settings) => {
            let (feeds, writer, claims) =
                runtime.block_on(claim_for_fetch(config, settings, names))?;
            (feeds, PassSink::Postgres(writer), Some((claims, settings)))
        }
    };
    let ctx = PassContext::new(
        config.poll.clone(),
        &config.feeds,
        Arc::clone(&config.tagger),
        sink.clone(),
    )
    .map_err(Failure::runtime)?;

    let started = Instant::now();
    let stdout = io::stdout();
    let progress = Progress::start(feeds.len() as u64, "feeds", bars);
    let summaries = runtime.block_on(async {
        let mut passes = futures_util::stream::iter(feeds.iter())
            .map(|feed| poll(&ctx, feed))
            .buffer_unordered(config.poll.concurrency)
            .map(|polled| record(&ctx, polled))
            .buffer_unordered(MAX_QUEUED_PASSES);
        let mut summaries = Vec::with_capacity(feeds.len());
        let mut new = 0;
        while let Some(summary) = passes.next().await {
            // A closed stdout (e.g. piped into head) must not stop the pass.
            let _ = progress.above(|| writeln!(stdout.lock(), "{}", summary_line(&summary)));
            new += summary.counts.new;
            progress.advance(1);
            progress.note(format!("· {new} new items"));
            summaries.push(summary);
        }
        // Every pass is committed; closing lets the connection go before the process ends.
        sink.close().await;
        if let Some((claims, settings)) = &claims {
            // Passes give their leases back; a pass that could not be written has not.
            if let Err(e) = claims.release(&settings.node).await {
                tracing::warn!(error = %e, "cannot give back leases; they run out by themselves");
            }
        }
        summaries
    });
    drop(progress);
    writeln!(
        stdout.lock(),
        "{}",
        total_line(&summaries, started.elapsed())
    )?;
    Ok(())
}

/// On PostgreSQL: records the feed list, then claims the feeds `fetch` polls (all active ones,
/// or those named) except those another node is polling, which are named on standard error.
async fn claim_for_fetch(
    config: &Config,
    settings: &config::PostgresConfig,
    names: &[String],
) -> Result<(Vec<FeedState>, PgWriter, Pg), Failure> {
    let server = pg_server(settings)?;
    let mut claims = server.open().await.map_err(Failure::runtime)?;
    claims
        .sync_feeds(
            &crate::pipeline::feed_entries(&config.feeds, &config.poll),
            Utc::now(),
        )
        .await
        .map_err(Failure::runtime)?;
    let chosen = select_feeds(
        claims.active_feeds().await.map_err(Failure::runtime)?,
        names,
    )?;
    let ids: Vec<i64> = chosen.iter().map(|f| f.id).collect();
    let feeds = claims
        .claim_now(&settings.node, &ids, settings.lease)
        .await
        .map_err(Failure::runtime)?;
    for feed in chosen
        .iter()
        .filter(|c| !feeds.iter().any(|f| f.id == c.id))
    {
        eprintln!(
            "skipped {} <{}>: another node is polling it",
            feed.name, feed.url
        );
    }
    let writer = PgWriter::start(
        server.connect().await.map_err(Failure::runtime)?,
        settings.node.clone(),
    );
    crate::pipeline::arm_node(&mut claims, &writer, config).await?;
    Ok((feeds, writer, claims))
}

/// The active feeds, or those named by `--feed` (name or URL), skipping feeds gone for good
/// unless they are named.
fn select_feeds(active: Vec<FeedState>, names: &[String]) -> Result<Vec<FeedState>, Failure> {
    if names.is_empty() {
        return Ok(active.into_iter().filter(|f| !f.gone).collect());
    }
    let mut chosen = Vec::new();
    for name in names {
        let feed = active
            .iter()
            .find(|f| {
                &f.name == name
                    || &f.url == name
                    || f.url.trim_end_matches('/') == name.trim_end_matches('/')
            })
            .ok_or_else(|| {
                let labels: Vec<String> = active
                    .iter()
                    .flat_map(|f| [f.name.clone(), f.url.clone()])
                    .collect();
                let hint = super::resolve::did_you_mean(name, &labels).unwrap_or_default();
                Failure::config(format!(
                    "--feed {name:?}: no enabled feed has this name or URL in the configuration{hint}"
                ))
            })?;
        if !chosen.iter().any(|c: &FeedState| c.id == feed.id) {
            chosen.push(feed.clone());
        }
    }
    Ok(chosen)
}

fn summary_line(s: &PassSummary) -> String {
    let (state, http, error) = match &s.status {
        PassStatus::NotModified => ("unchanged", "304".to_string(), String::new()),
        PassStatus::Stored { status } => ("ok", status.to_string(), String::new()),
        PassStatus::Failed {
            kind,
            status,
            error,
        } => (
            "failed",
            status.map_or("-".to_string(), |c| c.to_string()),
            format!(": {kind}: {error}"),
        ),
    };
    format!(
        "{state:<9} {http:>3}  new {:>5}  updated {:>4}  {:>6} ms  {} <{}>{}",
        s.counts.new,
        s.counts.updated,
        s.elapsed.as_millis(),
        super::output::terminal_safe(&s.name),
        s.url,
        super::output::terminal_safe(&error)
    )
}

fn total_line(summaries: &[PassSummary], elapsed: Duration) -> String {
    let count = |f: fn(&PassStatus) -> bool| summaries.iter().filter(|s| f(&s.status)).count();
    format!(
        "total: {} feeds, {} ok, {} unchanged, {} failed; new {}, updated {}; {} ms",
        summaries.len(),
        count(|s| matches!(s, PassStatus::Stored { .. })),
        count(|s| matches!(s, PassStatus::NotModified)),
        count(|s| matches!(s, PassStatus::Failed { .. })),
        summaries.iter().map(|s| s.counts.new).sum::<usize>(),
        summaries.iter().map(|s| s.counts.updated).sum::<usize>(),
        elapsed.as_millis()
    )
}

fn feeds(config: &Config, format: Format) -> Result<(), Failure> {
    let store = open_reading(config)?;
    let reports = store.feed_reports().map_err(Failure::runtime)?;
    let mut out = io::stdout().lock();
    match format {
        Format::Json => print_json_lines(&mut out, &reports)?,
        Format::Table | Format::Csv => {
            // Several daemons share a PostgreSQL database: say which one polled each feed.
            let nodes = reports.iter().any(|f| f.last_node.is_some());
            let rows: Vec<Vec<String>> = reports
                .iter()
                .map(|f| {
                    let mut row = vec![
                        truncate(&f.name, 30),
                        f.items.to_string(),
                        f.last_checked.clone().unwrap_or_else(|| "never".into()),
                        f.last_status.map_or("-".into(), |s| s.to_string()),
                        feed_problem(f),
                        f.url.clone(),
                    ];
                    if nodes {
                        row.insert(3, f.last_node.clone().unwrap_or_else(|| "-".into()));
                    }
                    row
                })
                .collect();
            let mut header = vec!["NAME", "ITEMS", "LAST CHECK", "STATUS", "ERROR", "URL"];
            if nodes {
                header.insert(3, "NODE");
            }
            if format == Format::Csv {
                print_csv(&mut out, &header, &rows)?;
            } else {
                print_table(&mut out, &header, &rows)?;
            }
        }
    }
    Ok(())
}

/// The ERROR column of `feeds`: inactive or not, the last error with its kind, and the last
/// warning.
fn feed_problem(f: &FeedReport) -> String {
    let mut parts = Vec::new();
    if !f.active {
        parts.push("inactive".to_string());
    }
    if let Some(error) = &f.last_error {
        parts.push(match &f.last_error_kind {
            Some(kind) => format!("{kind}: {error}"),
            None => error.clone(),
        });
    }
    if let Some(warning) = &f.last_warning {
        parts.push(format!("warning: {warning}"));
    }
    parts.join("; ")
}

fn check_config(config: &Config) -> Result<(), Failure> {
    let poll = &config.poll;
    let mut out = io::stdout().lock();
    writeln!(out, "configuration {} is valid", config.path.display())?;
    writeln!(out, "database: {}", config.storage.describe())?;
    if let config::Storage::Postgres(pg) = &config.storage {
        writeln!(
            out,
            "node: {}, lease {}",
            pg.node,
            humantime::format_duration(pg.lease)
        )?;
    }
    writeln!(
        out,
        "poll: interval {}, min {}, max {}, concurrency {}, per host {}, timeout {}, max body {}",
        humantime::format_duration(poll.interval),
        humantime::format_duration(poll.min_interval),
        humantime::format_duration(poll.max_interval),
        poll.concurrency,
        poll.per_host,
        humantime::format_duration(poll.timeout),
        bytesize::ByteSize::b(poll.max_body).display().iec()
    )?;
    writeln!(out, "user agent: {}", poll.user_agent)?;
    let enabled = config.feeds.iter().filter(|f| f.enabled).count();
    writeln!(out, "feeds: {} ({} enabled)", config.feeds.len(), enabled)?;
    for feed in &config.feeds {
        writeln!(
            out,
            "  {} {}{} every {}",
            if feed.enabled { "+" } else { "-" },
            feed.url,
            feed.name
                .as_ref()
                .map_or(String::new(), |n| format!(" ({n})")),
            humantime::format_duration(feed.effective_interval(poll))
        )?;
    }
    writeln!(out, "notifiers: {}", config.notifiers.len())?;
    for notifier in &config.notifiers {
        let mode = match notifier.mode {
            config::Mode::Each => "each item".to_string(),
            config::Mode::Incident => "each new incident".to_string(),
            config::Mode::Digest(every) => {
                format!("digest every {}", humantime::format_duration(every))
            }
        };
        let tags = if notifier.tags.is_empty() {
            "all items".to_string()
        } else {
            notifier.tags.join(", ")
        };
        writeln!(out, "  {} ({mode}): {tags}", notifier.name)?;
    }
    Ok(())
}
