//! The TOML configuration: where it is found, how it is read, and how it is checked.
//!
//! Nothing else in the crate parses TOML. Every value that can be wrong is read with its span,
//! so an error names the file, line and column of the offending value. Unknown keys are errors:
//! a typo in a key must never be silently ignored.

mod notify;
mod storage;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use url::Url;

pub use notify::{EmailConfig, Mode, NotifierConfig, NotifierKind, SmtpTls};
pub use storage::{LEASE_RANGE, PostgresConfig, Storage};

use crate::secret::{self, FeedSecrets};
use crate::tag::{Tagger, TaggingConfig};

/// Where a configuration is looked for when `--config` is not given, after `$FEEDSENTRY_CONFIG`.
pub const DEFAULT_LOCATIONS: [&str; 2] = ["feedsentry.toml", "/etc/feedsentry/feedsentry.toml"];

/// The environment variable naming the configuration file.
pub const CONFIG_ENV: &str = "FEEDSENTRY_CONFIG";

/// A checked configuration, ready for use.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// `[storage]`: a SQLite file, or a PostgreSQL database.
    pub storage: Storage,
    /// Polling settings shared by `fetch` and `run`.
    pub poll: PollConfig,
    /// Logging settings.
    pub log: LogConfig,
    /// `[metrics] listen`: where the daemon serves `/metrics` and `/healthz`; off when `None`.
    pub metrics_listen: Option<std::net::SocketAddr>,
    /// The feeds, in file order.
    pub feeds: Vec<FeedConfig>,
    /// The tagging rules: built-in ones plus the `[tagging]` additions.
    pub tagger: std::sync::Arc<Tagger>,
    /// The `[[notify]]` entries: who is told about new items.
    pub notifiers: Vec<NotifierConfig>,
    /// `[incidents]`: how far apart in time items of one incident may be.
    pub incidents: IncidentConfig,
}

impl Config {
    /// The SQLite file and whether a new one is group-readable; `None` on PostgreSQL.
    pub fn sqlite(&self) -> Option<(&Path, bool)> {
        match &self.storage {
            Storage::Sqlite {
                path,
                group_readable,
            } => Some((path, *group_readable)),
            Storage::Postgres(_) => None,
        }
    }
}

/// `[incidents]`: the time windows incident matching looks within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncidentConfig {
    /// Any key (an actor, a product, a name, the story) counts only within this of an item.
    pub window: Duration,
    /// A shared CVE or victim counts within this.
    pub strong_window: Duration,
}

/// The `[poll]` section, with defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct PollConfig {
    /// Default interval between two polls of a feed.
    pub interval: Duration,
    /// No feed is polled more often than this.
    pub min_interval: Duration,
    /// No feed waits longer than this, whatever backoff or server hints say.
    pub max_interval: Duration,
    /// Feeds fetched at once.
    pub concurrency: usize,
    /// Requests in flight to one host at once.
    pub per_host: usize,
    /// Limit for a whole request, body included.
    pub timeout: Duration,
    /// A larger (decompressed) body is cut off and recorded as an error.
    pub max_body: u64,
    /// The User-Agent header sent with every request.
    pub user_agent: String,
    /// Reload the configuration when the file changes on disk.
    pub watch_config: bool,
    /// How long in-flight fetches may take to finish on shutdown.
    pub shutdown_grace: Duration,
    /// Accept `file://` feed URLs (read from disk, with the same size limit).
    pub allow_file_urls: bool,
    /// Follow redirects from a feed's host to loopback, private or link-local addresses.
    pub allow_private_redirects: bool,
    /// The most items stored from one document; the rest are counted, not stored.
    pub max_items: usize,
}

/// The `[log]` section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogConfig {
    /// A tracing filter such as `info` or `feedsentry=debug`; `RUST_LOG` wins over it.
    pub level: Option<String>,
}

/// One `[[feeds]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedConfig {
    /// The feed's URL as configured; it identifies the feed in the database.
    pub url: String,
    /// A display name; when absent the feed's own title is used, else its host.
    pub name: Option<String>,
    /// This feed's own interval, overriding `[poll] interval`.
    pub interval: Option<Duration>,
    /// Disabled feeds stay in the file and the database but are not polled.
    pub enabled: bool,
    /// Credentials from the URL and `headers`: sent to the feed's own origin, never shown.
    pub secrets: FeedSecrets,
}

impl FeedConfig {
    /// An enabled feed with only its URL set, every other key at its default.
    pub fn with_url(url: String) -> FeedConfig {
        FeedConfig {
            url,
            name: None,
            interval: None,
            enabled: true,
            secrets: FeedSecrets::default(),
        }
    }

    /// The interval this feed is polled at, before server hints and backoff.
    pub fn effective_interval(&self, poll: &PollConfig) -> Duration {
        self.interval
            .unwrap_or(poll.interval)
            .clamp(poll.min_interval, poll.max_interval)
    }
}

/// A configuration that cannot be used, with the place that is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The file concerned.
    pub path: PathBuf,
    /// 1-based line and column of the offending value, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => {
                write!(
                    f,
                    "{}:{line}:{column}: {}",
                    self.path.display(),
                    self.message
                )
            }
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Finds the configuration file: `explicit` (from `--config`), else `$FEEDSENTRY_CONFIG`, else
/// the first of [`DEFAULT_LOCATIONS`] that exists.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os(CONFIG_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    DEFAULT_LOCATIONS
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!(
                "no configuration found: looked for --config, ${CONFIG_ENV}, ./{} and {}",
                DEFAULT_LOCATIONS[0], DEFAULT_LOCATIONS[1]
            )
        })
}

/// Reads and checks the configuration file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let source = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        position: None,
        message: format!("cannot read the configuration: {e}"),
    })?;
    parse(path, &source)
}

/// Checks configuration `source` as if read from `path` (relative database paths are resolved
/// against `path`'s folder).
pub fn parse(path: &Path, source: &str) -> Result<Config, ConfigError> {
    let error = |span: Option<Range<usize>>, message: String| ConfigError {
        path: path.to_path_buf(),
        position: span.map(|s| line_column(source, s.start)),
        message,
    };
    let raw: RawConfig =
        toml::from_str(source).map_err(|e| error(e.span(), e.message().trim().to_string()))?;

    let base = path.parent().unwrap_or(Path::new("."));
    let poll = check_poll(&raw.poll).map_err(|(span, msg)| error(Some(span), msg))?;
    let feeds = check_feeds(&raw.feeds, &poll).map_err(|(span, msg)| error(Some(span), msg))?;
    let storage = storage::check_storage(&raw.storage, base, &poll)
        .map_err(|(span, msg)| error(Some(span), msg))?;
    let tagger = if raw.tagging.is_empty() {
        Tagger::shared_builtin()
    } else {
        let tagger =
            Tagger::from_config(&raw.tagging).map_err(|e| error(e.span.clone(), e.message))?;
        std::sync::Arc::new(tagger)
    };
    let notifiers = notify::check_notifiers(&raw.notify, base, &feeds, &tagger.tag_names())
        .map_err(|(span, msg)| error(Some(span), msg))?;
    let incidents =
        check_incidents(&raw.incidents).map_err(|(span, msg)| error(Some(span), msg))?;

    Ok(Config {
        path: path.to_path_buf(),
        storage,
        poll,
        log: LogConfig {
            level: raw.log.level,
        },
        metrics_listen: match &raw.metrics.listen {
            Some(listen) => Some(listen.get_ref().trim().parse().map_err(|_| {
                error(
                    Some(listen.span()),
                    format!(
                        "[metrics] listen {:?}: write an address and port, e.g. \"127.0.0.1:9464\"",
                        listen.get_ref()
                    ),
                )
            })?),
            None => None,
        },
        feeds,
        tagger,
        notifiers,
        incidents,
    })
}

/// The range of `[incidents] window` and `strong_window`.
pub const INCIDENT_WINDOW_RANGE: (Duration, Duration) = (
    Duration::from_secs(3600),
    Duration::from_secs(365 * 24 * 3600),
);

fn check_incidents(raw: &RawIncidents) -> Result<IncidentConfig, Problem> {
    let window = match &raw.window {
        Some(v) => bounded_duration(v, INCIDENT_WINDOW_RANGE)?,
        None => Duration::from_secs(5 * 24 * 3600),
    };
    let strong_window = match &raw.strong_window {
        Some(v) => bounded_duration(v, INCIDENT_WINDOW_RANGE)?,
        None => Duration::from_secs(30 * 24 * 3600).max(window),
    };
    if let Some(v) = &raw.strong_window
        && strong_window < window
    {
        return Err((v.span(), "strong_window is shorter than window".into()));
    }
    Ok(IncidentConfig {
        window,
        strong_window,
    })
}

/// A value's problem: its span in the source and a message.
type Problem = (Range<usize>, String);

/// The range every interval (`interval`, `min_interval`, `max_interval`, a feed's own) must
/// fall in: a poll a second at most, and at least one a year.
pub const INTERVAL_RANGE: (Duration, Duration) =
    (Duration::from_secs(1), Duration::from_secs(365 * 24 * 3600));
/// The range of `[poll] timeout`.
pub const TIMEOUT_RANGE: (Duration, Duration) = (Duration::from_secs(1), Duration::from_secs(3600));
/// The range of `[poll] shutdown_grace`.
pub const GRACE_RANGE: (Duration, Duration) = (Duration::ZERO, Duration::from_secs(3600));
/// The range of `[poll] max_body`: parsing takes up to about twenty times a document's size in
/// memory, so the ceiling keeps one feed's pass within a few GiB.
pub const MAX_BODY_RANGE: (u64, u64) = (1024, 256 * 1024 * 1024);
/// The range of `[poll] concurrency` and `per_host`.
pub const COUNT_RANGE: (i64, i64) = (1, 10_000);
/// The range of `[poll] max_items`.
pub const MAX_ITEMS_RANGE: (i64, i64) = (1, 100_000);

fn check_poll(raw: &RawPoll) -> Result<PollConfig, Problem> {
    let duration = |value: &Option<Spanned<String>>, default: Duration, range| match value {
        Some(v) => bounded_duration(v, range),
        None => Ok(default),
    };
    let count = |value: &Option<Spanned<i64>>,
                 default: usize,
                 name: &str,
                 (min, max): (i64, i64)| match value {
        Some(v) if !(min..=max).contains(v.get_ref()) => Err((
            v.span(),
            format!(
                "{name} must be between {min} and {max}, not {}",
                v.get_ref()
            ),
        )),
        // The range check above makes the conversion lossless.
        Some(v) => Ok(*v.get_ref() as usize),
        None => Ok(default),
    };
    let min_interval = duration(
        &raw.min_interval,
        Duration::from_secs(5 * 60),
        INTERVAL_RANGE,
    )?;
    let max_interval = duration(
        &raw.max_interval,
        Duration::from_secs(24 * 3600),
        INTERVAL_RANGE,
    )?;
    if let Some(max) = &raw.max_interval
        && max_interval < min_interval
    {
        return Err((
            max.span(),
            "max_interval is shorter than min_interval".into(),
        ));
    }
    let max_body = match &raw.max_body {
        Some(v) => parse_size(v)?,
        None => 8 * 1024 * 1024,
    };
    let contact = contact(&raw.contact)?;
    let user_agent = match &raw.user_agent {
        Some(ua) if ua.get_ref().trim().is_empty() || ua.get_ref().contains(['\r', '\n']) => {
            return Err((ua.span(), "user_agent must be one non-empty line".into()));
        }
        Some(ua) => ua.get_ref().clone(),
        None => default_user_agent(contact.as_deref()),
    };
    let timeout = duration(&raw.timeout, Duration::from_secs(20), TIMEOUT_RANGE)?;
    Ok(PollConfig {
        interval: duration(&raw.interval, Duration::from_secs(30 * 60), INTERVAL_RANGE)?,
        min_interval,
        max_interval,
        concurrency: count(&raw.concurrency, 16, "concurrency", COUNT_RANGE)?,
        per_host: count(&raw.per_host, 2, "per_host", COUNT_RANGE)?,
        timeout,
        max_body,
        user_agent,
        watch_config: raw.watch_config.unwrap_or(true),
        shutdown_grace: duration(&raw.shutdown_grace, Duration::from_secs(10), GRACE_RANGE)?,
        allow_file_urls: raw.allow_file_urls.unwrap_or(false),
        allow_private_redirects: raw.allow_private_redirects.unwrap_or(false),
        max_items: count(&raw.max_items, 1000, "max_items", MAX_ITEMS_RANGE)?,
    })
}

fn check_feeds(raw: &[RawFeed], poll: &PollConfig) -> Result<Vec<FeedConfig>, Problem> {
    let mut feeds: Vec<FeedConfig> = Vec::with_capacity(raw.len());
    let mut seen = std::collections::HashSet::new();
    for feed in raw {
        let (url, basic) = check_feed_url(&feed.url, poll.allow_file_urls)?;
        if !seen.insert(url.clone()) {
            return Err((feed.url.span(), format!("feed {url} is listed twice")));
        }
        let name = match &feed.name {
            Some(n) if n.get_ref().trim().is_empty() => {
                return Err((n.span(), "name must not be empty".into()));
            }
            Some(n) => Some(n.get_ref().trim().to_string()),
            None => None,
        };
        let interval = match &feed.interval {
            Some(v) => {
                let d = bounded_duration(v, INTERVAL_RANGE)?;
                if d < poll.min_interval {
                    return Err((
                        v.span(),
                        format!(
                            "interval {} is shorter than [poll] min_interval {}",
                            humantime::format_duration(d),
                            humantime::format_duration(poll.min_interval)
                        ),
                    ));
                }
                Some(d)
            }
            None => None,
        };
        let headers = match &feed.headers {
            Some(h) => check_headers(h)?,
            None => Vec::new(),
        };
        feeds.push(FeedConfig {
            url,
            name,
            interval,
            enabled: feed.enabled.unwrap_or(true),
            secrets: FeedSecrets { basic, headers },
        });
    }
    Ok(feeds)
}

/// A feed URL must be absolute http(s) with a host (or `file://` when `allow_file`); it is kept
/// in the url crate's normal form, with any user and password split off and shown as `***`.
fn check_feed_url(
    value: &Spanned<String>,
    allow_file: bool,
) -> Result<(String, Option<secret::Basic>), Problem> {
    let text = value.get_ref().trim();
    // An error message quotes what was written, so it must not quote a password.
    let shown = secret::redact_url(text);
    let url =
        Url::parse(text).map_err(|e| (value.span(), format!("bad feed URL {shown:?}: {e}")))?;
    if allow_file && url.scheme() == "file" {
        return Ok((url.to_string(), None));
    }
    if url.scheme() == "file" {
        return Err((
            value.span(),
            format!("feed URL {shown:?}: file URLs need [poll] allow_file_urls = true"),
        ));
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err((
            value.span(),
            format!(
                "feed URL {shown:?} must use http or https, not {}",
                url.scheme()
            ),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err((value.span(), format!("feed URL {shown:?} has no host")));
    }
    Ok(secret::split_credentials(&url))
}

/// `[[feeds]] headers`: names must be HTTP tokens and values one line of visible text; a
/// value is never quoted in an error, since it is usually a secret.
fn check_headers(
    table: &Spanned<BTreeMap<String, Spanned<String>>>,
) -> Result<Vec<(String, String)>, Problem> {
    let token = |name: &str| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let mut headers = Vec::with_capacity(table.get_ref().len());
    for (name, value) in table.get_ref() {
        if !token(name) {
            return Err((
                table.span(),
                format!("header name {name:?} is not a valid HTTP header name"),
            ));
        }
        if matches!(
            name.to_ascii_lowercase().as_str(),
            "host" | "content-length" | "transfer-encoding" | "connection"
        ) {
            return Err((
                table.span(),
                format!("header {name} is set by feedsentry itself"),
            ));
        }
        let text = value.get_ref();
        if text.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
            return Err((
                value.span(),
                format!("the value of header {name} must be one line without control characters"),
            ));
        }
        headers.push((name.clone(), text.clone()));
    }
    Ok(headers)
}

fn parse_duration(value: &Spanned<String>) -> Result<Duration, Problem> {
    humantime::parse_duration(value.get_ref().trim()).map_err(|e| {
        (
            value.span(),
            format!(
                "bad duration {:?}: {e} (write e.g. 90s, 15m, 2h)",
                value.get_ref()
            ),
        )
    })
}

/// A duration within `range`, or an error that names the range.
fn bounded_duration(
    value: &Spanned<String>,
    (min, max): (Duration, Duration),
) -> Result<Duration, Problem> {
    let d = parse_duration(value)?;
    if d < min || d > max {
        return Err((
            value.span(),
            format!(
                "duration {:?} is out of range: write between {} and {}",
                value.get_ref().trim(),
                show_duration(min),
                show_duration(max)
            ),
        ));
    }
    Ok(d)
}

/// A duration as it is written in the file: whole days as days (humantime would say
/// "11months 30days 3h 50m 24s" for 365 days), anything else as humantime prints it.
fn show_duration(d: Duration) -> String {
    const DAY: u64 = 24 * 3600;
    match d.as_secs() {
        secs if secs >= DAY && secs % DAY == 0 && d.subsec_nanos() == 0 => {
            format!("{}d", secs / DAY)
        }
        _ => humantime::format_duration(d).to_string(),
    }
}

fn parse_size(value: &Spanned<String>) -> Result<u64, Problem> {
    let size: bytesize::ByteSize = value.get_ref().trim().parse().map_err(|e| {
        (
            value.span(),
            format!(
                "bad size {:?}: {e} (write e.g. 512KiB, 8MiB)",
                value.get_ref()
            ),
        )
    })?;
    let (min, max) = MAX_BODY_RANGE;
    if size.as_u64() < min || size.as_u64() > max {
        let show = |b: u64| bytesize::ByteSize::b(b).display().iec().to_string();
        return Err((
            value.span(),
            format!(
                "max_body {:?} is out of range: write between {} and {}",
                value.get_ref().trim(),
                show(min),
                show(max)
            ),
        ));
    }
    Ok(size.as_u64())
}

/// The User-Agent sent when the configuration sets none: `feedsentry/<version>`, and the
/// operator's `[poll] contact` in parentheses when there is one, as polite crawlers do.
pub fn default_user_agent(contact: Option<&str>) -> String {
    let product = concat!("feedsentry/", env!("CARGO_PKG_VERSION"));
    match contact {
        Some(contact) => format!("{product} (+{contact})"),
        None => product.to_string(),
    }
}

/// `[poll] contact`: an http(s) URL as written, or an e-mail address as a `mailto:` URL.
fn contact(value: &Option<Spanned<String>>) -> Result<Option<String>, Problem> {
    let Some(value) = value else {
        return Ok(None);
    };
    let text = value.get_ref().trim();
    let bad = || {
        (
            value.span(),
            format!(
                "contact {text:?}: write an http(s) URL (https://example.org/feeds) or an \
                 e-mail address (soc@example.org)"
            ),
        )
    };
    if text.is_empty() || text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad());
    }
    if let Ok(url) = Url::parse(text)
        && matches!(url.scheme(), "http" | "https" | "mailto")
    {
        return Ok(Some(url.to_string()));
    }
    match text.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !domain.contains('@') =>
        {
            Ok(Some(format!("mailto:{text}")))
        }
        _ => Err(bad()),
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    storage: storage::RawStorage,
    #[serde(default)]
    poll: RawPoll,
    #[serde(default)]
    log: RawLog,
    #[serde(default)]
    metrics: RawMetrics,
    #[serde(default)]
    feeds: Vec<RawFeed>,
    #[serde(default)]
    tagging: TaggingConfig,
    #[serde(default)]
    notify: Vec<notify::RawNotifier>,
    #[serde(default)]
    incidents: RawIncidents,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawIncidents {
    window: Option<Spanned<String>>,
    strong_window: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPoll {
    interval: Option<Spanned<String>>,
    min_interval: Option<Spanned<String>>,
    max_interval: Option<Spanned<String>>,
    concurrency: Option<Spanned<i64>>,
    per_host: Option<Spanned<i64>>,
    timeout: Option<Spanned<String>>,
    max_body: Option<Spanned<String>>,
    user_agent: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
    watch_config: Option<bool>,
    shutdown_grace: Option<Spanned<String>>,
    allow_file_urls: Option<bool>,
    allow_private_redirects: Option<bool>,
    max_items: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMetrics {
    listen: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLog {
    level: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: Spanned<String>,
    name: Option<Spanned<String>>,
    interval: Option<Spanned<String>>,
    enabled: Option<bool>,
    headers: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str) -> Result<Config, ConfigError> {
        parse(Path::new("/etc/fs/feedsentry.toml"), source)
    }

    fn error_at(source: &str) -> (usize, usize, String) {
        let err = check(source).expect_err("config should be rejected");
        let (line, column) = err.position.expect("error should have a position");
        (line, column, err.message)
    }

    #[test]
    fn a_postgres_url_makes_a_node_with_a_lease_past_the_timeout() {
        let config = check(
            "[storage]\ndatabase = \"postgres://ann@db.example/news\"\nnode = \"a\"\n\
             password_file = \"pw\"\n[poll]\ntimeout = \"30s\"\n",
        )
        .expect("valid");
        let Storage::Postgres(pg) = &config.storage else {
            panic!("{:?}", config.storage);
        };
        assert_eq!(pg.node, "a");
        assert_eq!(pg.lease, Duration::from_secs(120));
        assert_eq!(pg.password_file.as_deref(), Some(Path::new("/etc/fs/pw")));
        assert_eq!(config.sqlite(), None);
        let (line, column, message) = error_at(
            "[storage]\ndatabase = \"postgres://h/db\"\nlease = \"20s\"\n[poll]\ntimeout = \"30s\"\n",
        );
        assert_eq!((line, column), (3, 9));
        assert!(message.contains("longer than [poll] timeout"), "{message}");
    }

    #[test]
    fn postgres_keys_are_refused_on_sqlite_and_every_notifier_mode_works_on_postgres() {
        let (line, column, message) = error_at("[storage]\ndatabase = \"fs.db\"\nnode = \"a\"\n");
        assert_eq!((line, column), (3, 8));
        assert!(message.contains("PostgreSQL"), "{message}");
        let notifier = |mode: &str| {
            format!(
                "[storage]\ndatabase = \"postgres://h/db\"\n\n[[notify]]\nname = \"ops\"\n\
                 kind = \"webhook\"\nurl = \"https://hooks.example/x\"\nmode = \"{mode}\"\n"
            )
        };
        check(&notifier("each")).expect("notifiers work on PostgreSQL");
        check(&notifier("incident")).expect("incidents are kept on PostgreSQL too");
    }

    #[test]
    fn defaults_fill_an_empty_file() {
        let config = check("").expect("empty config is valid");
        assert_eq!(
            config.sqlite(),
            Some((Path::new("/etc/fs/feedsentry.db"), false))
        );
        assert_eq!(config.poll.interval, Duration::from_secs(1800));
        assert_eq!(config.poll.concurrency, 16);
        assert_eq!(config.poll.per_host, 2);
        assert_eq!(config.poll.max_body, 8 * 1024 * 1024);
        assert_eq!(
            config.poll.user_agent,
            concat!("feedsentry/", env!("CARGO_PKG_VERSION"))
        );
        assert!(config.feeds.is_empty());
    }

    #[test]
    fn metrics_listen_is_an_address_and_port() {
        let on = check("[metrics]\nlisten = \"127.0.0.1:9464\"").expect("valid");
        assert_eq!(
            on.metrics_listen,
            Some("127.0.0.1:9464".parse().expect("address"))
        );
        assert_eq!(check("").expect("valid").metrics_listen, None);
        let (line, column, message) = error_at("[metrics]\nlisten = \"localhost\"");
        assert_eq!((line, column), (2, 10));
        assert!(message.contains("address and port"), "{message}");
    }

    #[test]
    fn a_contact_joins_the_user_agent() {
        let version = env!("CARGO_PKG_VERSION");
        let mail = check("[poll]\ncontact = \"soc@example.org\"").expect("valid");
        assert_eq!(
            mail.poll.user_agent,
            format!("feedsentry/{version} (+mailto:soc@example.org)")
        );
        let page = check("[poll]\ncontact = \"https://example.org/feeds\"").expect("valid");
        assert_eq!(
            page.poll.user_agent,
            format!("feedsentry/{version} (+https://example.org/feeds)")
        );
        let (line, column, message) = error_at("[poll]\ncontact = \"call me\"");
        assert_eq!((line, column), (2, 11));
        assert!(message.contains("e-mail address"), "{message}");
        let (_, _, message) = error_at("[poll]\ncontact = \"ftp://example.org\"");
        assert!(message.contains("http(s) URL"), "{message}");
    }

    #[test]
    fn reads_every_documented_key() {
        let config = check(
            r#"
[storage]
database = "data/items.db"
[poll]
interval = "15m"
concurrency = 4
per_host = 1
timeout = "5s"
max_body = "512KiB"
user_agent = "test-agent"
[[feeds]]
url = "https://example.org/feed"
name = "Example"
interval = "1h"
enabled = false
"#,
        )
        .expect("valid config");
        assert_eq!(
            config.sqlite().map(|(p, _)| p),
            Some(Path::new("/etc/fs/data/items.db"))
        );
        assert_eq!(config.poll.max_body, 512 * 1024);
        assert_eq!(config.poll.user_agent, "test-agent");
        let feed = &config.feeds[0];
        assert_eq!(feed.url, "https://example.org/feed");
        assert_eq!(feed.name.as_deref(), Some("Example"));
        assert_eq!(feed.interval, Some(Duration::from_secs(3600)));
        assert!(!feed.enabled);
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let (line, column, message) = error_at("[poll]\ninterval = \"5m\"\nconcurency = 3\n");
        assert_eq!((line, column), (3, 1));
        assert!(message.contains("concurency"), "{message}");
    }

    #[test]
    fn bad_duration_points_at_the_value() {
        let (line, column, message) = error_at("[poll]\ninterval = \"soon\"\n");
        assert_eq!((line, column), (2, 12));
        assert!(message.contains("bad duration \"soon\""), "{message}");
    }

    #[test]
    fn bad_url_points_at_the_value() {
        let (line, column, message) = error_at("[[feeds]]\nurl = \"not a url\"\n");
        assert_eq!((line, column), (2, 7));
        assert!(message.contains("bad feed URL"), "{message}");
    }

    #[test]
    fn non_http_url_is_rejected() {
        let (_, _, message) = error_at("[[feeds]]\nurl = \"ftp://example.org/feed\"\n");
        assert!(message.contains("must use http or https"), "{message}");
        let (_, _, message) = error_at("[[feeds]]\nurl = \"file:///srv/feed.xml\"\n");
        assert!(
            message.contains("need [poll] allow_file_urls = true"),
            "{message}"
        );
        let allowed =
            check("[poll]\nallow_file_urls = true\n[[feeds]]\nurl = \"file:///srv/feed.xml\"\n")
                .expect("file URLs allowed");
        assert_eq!(allowed.feeds[0].url, "file:///srv/feed.xml");
    }

    #[test]
    fn duplicate_feed_points_at_the_second() {
        let (line, _, message) = error_at(
            "[[feeds]]\nurl = \"https://a.example/feed\"\n[[feeds]]\nurl = \"https://A.example/feed\"\n",
        );
        assert_eq!(line, 4);
        assert!(message.contains("listed twice"), "{message}");
    }

    #[test]
    fn bad_size_and_counts_are_rejected() {
        assert!(
            error_at("[poll]\nmax_body = \"lots\"\n")
                .2
                .contains("bad size")
        );
        assert!(
            error_at("[poll]\nconcurrency = 0\n")
                .2
                .contains("between 1 and 10000")
        );
    }

    #[test]
    fn syntax_error_has_a_position() {
        let (line, _, _) = error_at("[poll]\ninterval = \n");
        assert_eq!(line, 2);
    }

    #[test]
    fn feed_interval_below_min_is_rejected() {
        let (_, _, message) =
            error_at("[[feeds]]\nurl = \"https://a.example/\"\ninterval = \"1m\"\n");
        assert!(
            message.contains("shorter than [poll] min_interval"),
            "{message}"
        );
    }

    #[test]
    fn absurd_durations_and_sizes_name_the_allowed_range() {
        let (line, column, message) = error_at("[poll]\ninterval = \"500000y\"\n");
        assert_eq!((line, column), (2, 12));
        assert!(message.contains("between 1s and 365d"), "{message}");
        let (line, _, message) = error_at("[poll]\nmax_body = \"99999999999PiB\"\n");
        assert_eq!(line, 2);
        assert!(
            message.contains("between 1.0 KiB and 256.0 MiB"),
            "{message}"
        );
        let (_, _, message) =
            error_at("[[feeds]]\nurl = \"https://a.example/\"\ninterval = \"400days\"\n");
        assert!(message.contains("out of range"), "{message}");
        let (_, _, message) = error_at("[poll]\nmax_items = 0\n");
        assert!(message.contains("between 1 and 100000"), "{message}");
        assert!(
            error_at("[poll]\ntimeout = \"0s\"\n")
                .2
                .contains("out of range")
        );
    }

    #[test]
    fn credentials_leave_the_url_and_headers_are_kept_apart() {
        let config = check(
            "[[feeds]]\nurl = \"https://bob:pw@a.example/feed\"\nheaders = { X-Token = \"t0k\" }\n",
        )
        .expect("valid config");
        let feed = &config.feeds[0];
        assert_eq!(feed.url, "https://***@a.example/feed");
        assert_eq!(
            feed.secrets.basic,
            Some(("bob".to_string(), Some("pw".to_string())))
        );
        assert_eq!(
            feed.secrets.headers,
            vec![("X-Token".to_string(), "t0k".to_string())]
        );
        let shown = format!("{config:?}");
        assert!(!shown.contains("pw@") && !shown.contains("t0k"), "{shown}");
    }

    #[test]
    fn bad_headers_are_refused_without_quoting_the_value() {
        let (line, _, message) = error_at(
            "[[feeds]]\nurl = \"https://a.example/\"\nheaders = { \"Bad Name\" = \"x\" }\n",
        );
        assert_eq!(line, 3);
        assert!(
            message.contains("not a valid HTTP header name"),
            "{message}"
        );
        let (_, _, message) = error_at(
            "[[feeds]]\nurl = \"https://a.example/\"\nheaders = { X-Token = \"sec\\nret\" }\n",
        );
        assert!(
            message.contains("one line") && !message.contains("sec"),
            "{message}"
        );
        let (_, _, message) =
            error_at("[[feeds]]\nurl = \"https://a.example/\"\nheaders = { Host = \"x\" }\n");
        assert!(message.contains("set by feedsentry"), "{message}");
    }

    #[test]
    fn a_bad_url_with_a_password_is_quoted_without_it() {
        let (_, _, message) = error_at("[[feeds]]\nurl = \"ftp://bob:hunter2@a.example/\"\n");
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\nçd", 5), (2, 2));
        assert_eq!(line_column("x", 99), (1, 2));
    }
}
