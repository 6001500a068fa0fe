//! `[[notify]]`: who is told about new items, how, and with which secrets.
//!
//! Secrets (`secret`, `token`, `password`, and a Slack URL, which is one) may be written in
//! the file, or read from a file (`*_file`) or an environment variable (`*_env`) so that the
//! configuration can stay world-readable. They are never shown in errors or logs.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use super::{FeedConfig, Problem, bounded_duration};
use crate::secret::{self, Secret};

/// The range of `max_age`, `give_up_after` and `digest_every`.
pub const NOTIFY_SPAN_RANGE: (Duration, Duration) =
    (Duration::from_secs(1), Duration::from_secs(365 * 24 * 3600));
/// The range of `timeout`.
pub const NOTIFY_TIMEOUT_RANGE: (Duration, Duration) =
    (Duration::from_secs(1), Duration::from_secs(600));
/// The most messages a `rate_limit` may allow per period.
pub const MAX_RATE: u32 = 10_000;

/// One notifier, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct NotifierConfig {
    /// Its name, unique in the file: what `notify` commands take and the outbox records.
    pub name: String,
    /// Where and how messages go.
    pub kind: NotifierKind,
    /// Any of these tags; empty means every item.
    pub tags: Vec<String>,
    /// Feeds by configured name or URL; empty means every feed.
    pub feeds: Vec<String>,
    /// An FTS5 query items must match.
    pub search: Option<String>,
    /// One message per item, or a digest.
    pub mode: Mode,
    /// Items published (or first seen) longer ago than this are not sent.
    pub max_age: Duration,
    /// A delivery still failing this long after it was queued is marked failed.
    pub give_up_after: Duration,
    /// How long one attempt may take.
    pub timeout: Duration,
    /// The shortest time between two messages.
    pub spacing: Duration,
}

/// Where and how a notifier's messages go.
#[derive(Debug, Clone, PartialEq)]
pub enum NotifierKind {
    /// A signed JSON POST.
    Webhook {
        /// Where to POST.
        url: Url,
        /// The HMAC-SHA256 key the body is signed with.
        secret: Option<Secret>,
    },
    /// Slack's incoming-webhook JSON (Mattermost and Discord's Slack-compatible hooks too).
    Slack {
        /// The hook URL, a secret in itself.
        url: Secret,
    },
    /// A POST to an ntfy topic.
    Ntfy {
        /// The topic's URL (`https://ntfy.sh/mytopic`).
        url: Url,
        /// An access token, sent as a bearer token.
        token: Option<Secret>,
    },
    /// A program run with the item as JSON on its standard input.
    Exec {
        /// The program and its arguments; no shell.
        command: Vec<String>,
    },
    /// Mail over SMTP.
    Email(EmailConfig),
}

/// The SMTP side of an `email` notifier.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailConfig {
    /// Mail server host.
    pub host: String,
    /// Mail server port.
    pub port: u16,
    /// How the connection is protected.
    pub tls: SmtpTls,
    /// Login user, when the server wants one.
    pub username: Option<String>,
    /// Login password.
    pub password: Option<Secret>,
    /// The sender address.
    pub from: String,
    /// The recipients.
    pub to: Vec<String>,
}

/// How an SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS, which is required (`smtp://`, port 587).
    StartTls,
    /// TLS from the first byte (`smtps://`, port 465).
    Tls,
    /// No encryption: only for a relay on the same host.
    None,
}

/// One message per item, per new incident, or a digest of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A message per item.
    Each,
    /// A message per item that starts an incident; none for further outlets reporting it.
    Incident,
    /// One message listing the items queued since the last one, every this often.
    Digest(Duration),
}

/// The `[[notify]]` entries as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNotifier {
    name: Spanned<String>,
    kind: Spanned<String>,
    url: Option<Spanned<String>>,
    url_file: Option<Spanned<String>>,
    url_env: Option<Spanned<String>>,
    tags: Option<Spanned<Vec<String>>>,
    feeds: Option<Spanned<Vec<String>>>,
    search: Option<Spanned<String>>,
    mode: Option<Spanned<String>>,
    digest_every: Option<Spanned<String>>,
    max_age: Option<Spanned<String>>,
    give_up_after: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    rate_limit: Option<Spanned<String>>,
    secret: Option<Spanned<String>>,
    secret_file: Option<Spanned<String>>,
    secret_env: Option<Spanned<String>>,
    token: Option<Spanned<String>>,
    token_file: Option<Spanned<String>>,
    token_env: Option<Spanned<String>>,
    command: Option<Spanned<Vec<String>>>,
    username: Option<Spanned<String>>,
    password: Option<Spanned<String>>,
    password_file: Option<Spanned<String>>,
    password_env: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<Vec<String>>>,
    tls: Option<Spanned<String>>,
}

/// Checks the `[[notify]]` entries: `base` is the configuration's folder (secret files are
/// relative to it), `feeds` the configured feeds and `tags` the tags the tagger can give.
pub(super) fn check_notifiers(
    raw: &[RawNotifier],
    base: &Path,
    feeds: &[FeedConfig],
    tags: &[String],
) -> Result<Vec<NotifierConfig>, Problem> {
    let mut seen = HashSet::new();
    raw.iter()
        .map(|entry| {
            let notifier = check_notifier(entry, base, feeds, tags)?;
            if !seen.insert(notifier.name.clone()) {
                return Err((
                    entry.name.span(),
                    format!("notifier {:?} is listed twice", notifier.name),
                ));
            }
            Ok(notifier)
        })
        .collect()
}

fn check_notifier(
    raw: &RawNotifier,
    base: &Path,
    feeds: &[FeedConfig],
    known_tags: &[String],
) -> Result<NotifierConfig, Problem> {
    let name = raw.name.get_ref().trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err((
            raw.name.span(),
            format!("notifier name {name:?}: use letters, digits, '-', '_' and '.'"),
        ));
    }
    let tags = match &raw.tags {
        Some(tags) => {
            if let Some(unknown) = tags.get_ref().iter().find(|t| !known_tags.contains(t)) {
                return Err((
                    tags.span(),
                    format!(
                        "notifier {name}: unknown tag {unknown:?}; the rules give {}",
                        known_tags.join(", ")
                    ),
                ));
            }
            tags.get_ref().clone()
        }
        None => Vec::new(),
    };
    let feed_names = match &raw.feeds {
        Some(list) => {
            let known = |f: &String| {
                feeds
                    .iter()
                    .any(|c| c.url == *f || c.name.as_deref() == Some(f.as_str()))
            };
            if let Some(unknown) = list.get_ref().iter().find(|f| !known(f)) {
                return Err((
                    list.span(),
                    format!("notifier {name}: no configured feed is named {unknown:?}"),
                ));
            }
            list.get_ref().clone()
        }
        None => Vec::new(),
    };
    let search = match &raw.search {
        Some(s) if s.get_ref().trim().is_empty() => {
            return Err((s.span(), format!("notifier {name}: search is empty")));
        }
        Some(s) => Some(s.get_ref().trim().to_string()),
        None => None,
    };
    let span_or = |value: &Option<Spanned<String>>, default: Duration| match value {
        Some(v) => bounded_duration(v, NOTIFY_SPAN_RANGE),
        None => Ok(default),
    };
    let mode = match raw.mode.as_ref().map(|m| (m, m.get_ref().as_str())) {
        None | Some((_, "each")) => Mode::Each,
        Some((_, "incident")) => Mode::Incident,
        Some((_, "digest")) => Mode::Digest(span_or(&raw.digest_every, HOUR)?),
        Some((m, other)) => {
            return Err((
                m.span(),
                format!(
                    "notifier {name}: mode {other:?} is not \"each\", \"incident\" or \"digest\""
                ),
            ));
        }
    };
    if let (Some(every), false) = (&raw.digest_every, matches!(mode, Mode::Digest(_))) {
        return Err((
            every.span(),
            format!("notifier {name}: digest_every needs mode = \"digest\""),
        ));
    }
    let kind = check_kind(raw, name, base)?;
    Ok(NotifierConfig {
        name: name.to_string(),
        kind,
        tags,
        feeds: feed_names,
        search,
        mode,
        max_age: span_or(&raw.max_age, 24 * HOUR)?,
        give_up_after: span_or(&raw.give_up_after, 72 * HOUR)?,
        timeout: match &raw.timeout {
            Some(v) => bounded_duration(v, NOTIFY_TIMEOUT_RANGE)?,
            None => Duration::from_secs(30),
        },
        spacing: match &raw.rate_limit {
            Some(v) => rate_spacing(v)?,
            None => Duration::from_secs(1),
        },
    })
}

const HOUR: Duration = Duration::from_secs(3600);

/// The keys each kind takes besides the common ones; any other is an error.
fn kind_keys(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "webhook" => &["url", "secret"],
        "slack" => &["url"],
        "ntfy" => &["url", "token"],
        "exec" => &["command"],
        "email" => &["url", "username", "password", "from", "to", "tls"],
        _ => return None,
    })
}

impl RawNotifier {
    /// The three ways of giving secret `key`: inline, `<key>_file` and `<key>_env`.
    fn ways(&self, key: &str) -> [&Option<Spanned<String>>; 3] {
        match key {
            "url" => [&self.url, &self.url_file, &self.url_env],
            "secret" => [&self.secret, &self.secret_file, &self.secret_env],
            "token" => [&self.token, &self.token_file, &self.token_env],
            _ => [&self.password, &self.password_file, &self.password_env],
        }
    }

    /// Secret `key`, however it is given, with the span of where.
    fn secret(
        &self,
        key: &str,
        name: &str,
        base: &Path,
    ) -> Result<Option<(Secret, std::ops::Range<usize>)>, Problem> {
        secret_value(key, self.ways(key), name, base, &self.kind)
    }
}

fn check_kind(raw: &RawNotifier, name: &str, base: &Path) -> Result<NotifierKind, Problem> {
    let kind = raw.kind.get_ref().as_str();
    let Some(allowed) = kind_keys(kind) else {
        return Err((
            raw.kind.span(),
            format!(
                "notifier {name}: kind {kind:?} is not one of webhook, slack, ntfy, exec, email"
            ),
        ));
    };
    check_foreign_keys(raw, name, allowed)?;
    match kind {
        "webhook" | "ntfy" => check_http(raw, name, base),
        "slack" => {
            let (text, span) = required(raw.secret("url", name, base)?, "url", name, &raw.kind)?;
            http_url(text.expose(), span, name)?;
            Ok(NotifierKind::Slack { url: text })
        }
        "exec" => check_exec(raw, name),
        _ => check_email(raw, name, base, raw.secret("url", name, base)?),
    }
}

/// A key that the notifier's kind does not take is an error at that key.
fn check_foreign_keys(raw: &RawNotifier, name: &str, allowed: &[&str]) -> Result<(), Problem> {
    let given: [(&str, Option<std::ops::Range<usize>>); 8] = [
        ("url", first_span(&raw.ways("url"))),
        ("secret", first_span(&raw.ways("secret"))),
        ("token", first_span(&raw.ways("token"))),
        ("command", raw.command.as_ref().map(Spanned::span)),
        ("password", first_span(&raw.ways("password"))),
        ("username", raw.username.as_ref().map(Spanned::span)),
        (
            "from",
            raw.from
                .as_ref()
                .map(Spanned::span)
                .or(raw.to.as_ref().map(Spanned::span)),
        ),
        ("tls", raw.tls.as_ref().map(Spanned::span)),
    ];
    match given
        .iter()
        .find(|(key, span)| span.is_some() && !allowed.contains(key))
    {
        Some((key, Some(span))) => Err((
            span.clone(),
            format!(
                "notifier {name}: a {} notifier takes no {key}",
                raw.kind.get_ref()
            ),
        )),
        _ => Ok(()),
    }
}

/// A webhook or ntfy notifier: an http(s) URL and its secret.
fn check_http(raw: &RawNotifier, name: &str, base: &Path) -> Result<NotifierKind, Problem> {
    let (text, span) = required(raw.secret("url", name, base)?, "url", name, &raw.kind)?;
    let url = http_url(text.expose(), span.clone(), name)?;
    if raw.kind.get_ref() == "webhook" {
        return Ok(NotifierKind::Webhook {
            url,
            secret: raw.secret("secret", name, base)?.map(|(s, _)| s),
        });
    }
    if url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .is_none_or(str::is_empty)
    {
        return Err((
            span,
            format!("notifier {name}: an ntfy url ends with its topic (https://ntfy.sh/mytopic)"),
        ));
    }
    Ok(NotifierKind::Ntfy {
        url,
        token: raw.secret("token", name, base)?.map(|(s, _)| s),
    })
}

/// An exec notifier: a program and its arguments.
fn check_exec(raw: &RawNotifier, name: &str) -> Result<NotifierKind, Problem> {
    match &raw.command {
        Some(command) if !command.get_ref().is_empty() && !command.get_ref()[0].is_empty() => {
            Ok(NotifierKind::Exec {
                command: command.get_ref().clone(),
            })
        }
        Some(command) => Err((
            command.span(),
            format!("notifier {name}: command needs a program, e.g. [\"/usr/local/bin/alert\"]"),
        )),
        None => Err((
            raw.kind.span(),
            format!("notifier {name}: an exec notifier needs command = [\"program\", \"arg\", …]"),
        )),
    }
}

fn check_email(
    raw: &RawNotifier,
    name: &str,
    base: &Path,
    url: Option<(Secret, std::ops::Range<usize>)>,
) -> Result<NotifierKind, Problem> {
    let (text, span) = required(url, "url", name, &raw.kind)?;
    let bad = |why: &str| (span.clone(), format!("notifier {name}: {why}"));
    let parsed = Url::parse(text.expose())
        .map_err(|_| bad("url must be smtp://host[:port] or smtps://host[:port]"))?;
    let (default_tls, default_port) = match parsed.scheme() {
        "smtp" => (SmtpTls::StartTls, 587),
        "smtps" => (SmtpTls::Tls, 465),
        _ => return Err(bad("url must be smtp://host[:port] or smtps://host[:port]")),
    };
    let host = parsed
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad("the smtp url has no host"))?
        .trim_matches(['[', ']'])
        .to_string();
    let tls = match raw.tls.as_ref().map(|t| (t, t.get_ref().as_str())) {
        None => default_tls,
        Some((_, "starttls")) => SmtpTls::StartTls,
        Some((_, "tls")) => SmtpTls::Tls,
        Some((_, "none")) => SmtpTls::None,
        Some((t, other)) => {
            return Err((
                t.span(),
                format!("notifier {name}: tls {other:?} is not \"starttls\", \"tls\" or \"none\""),
            ));
        }
    };
    let address = |text: &str, span: std::ops::Range<usize>| {
        let text = text.trim();
        match text.split_once('@') {
            Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
                Ok(text.to_string())
            }
            _ => Err((
                span,
                format!("notifier {name}: {text:?} is not an e-mail address"),
            )),
        }
    };
    let from = match &raw.from {
        Some(from) => address(from.get_ref(), from.span())?,
        None => {
            return Err((
                raw.kind.span(),
                format!("notifier {name}: email needs from"),
            ));
        }
    };
    let to = match &raw.to {
        Some(to) if !to.get_ref().is_empty() => to
            .get_ref()
            .iter()
            .map(|t| address(t, to.span()))
            .collect::<Result<Vec<_>, _>>()?,
        _ => {
            return Err((
                raw.kind.span(),
                format!("notifier {name}: email needs to = [\"soc@example.org\"]"),
            ));
        }
    };
    Ok(NotifierKind::Email(EmailConfig {
        host,
        port: parsed.port().unwrap_or(default_port),
        tls,
        username: raw.username.as_ref().map(|u| u.get_ref().clone()),
        password: raw.secret("password", name, base)?.map(|(s, _)| s),
        from,
        to,
    }))
}

fn first_span(values: &[&Option<Spanned<String>>]) -> Option<std::ops::Range<usize>> {
    values.iter().find_map(|v| v.as_ref().map(Spanned::span))
}

fn required<T>(
    value: Option<(T, std::ops::Range<usize>)>,
    key: &str,
    name: &str,
    kind: &Spanned<String>,
) -> Result<(T, std::ops::Range<usize>), Problem> {
    value.ok_or_else(|| {
        (
            kind.span(),
            format!(
                "notifier {name}: a {} notifier needs {key} (or {key}_file, {key}_env)",
                kind.get_ref()
            ),
        )
    })
}

fn http_url(text: &str, span: std::ops::Range<usize>, name: &str) -> Result<Url, Problem> {
    let shown = secret::redact_url(text);
    match Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(url),
        _ => Err((
            span,
            format!("notifier {name}: url {shown:?} is not an http(s) URL"),
        )),
    }
}

/// A secret given as `key` itself, `key_file` (relative to `base`) or `key_env`: at most one of
/// them. Errors name the key, the file or the variable, never the value.
fn secret_value(
    key: &str,
    [value, file, env]: [&Option<Spanned<String>>; 3],
    name: &str,
    base: &Path,
    kind: &Spanned<String>,
) -> Result<Option<(Secret, std::ops::Range<usize>)>, Problem> {
    let given = [value, file, env].iter().filter(|v| v.is_some()).count();
    if given > 1 {
        return Err((
            first_span(&[value, file, env]).unwrap_or(kind.span()),
            format!("notifier {name}: give one of {key}, {key}_file and {key}_env"),
        ));
    }
    if let Some(v) = value {
        return Ok(Some((
            Secret::new(v.get_ref().trim().to_string()),
            v.span(),
        )));
    }
    if let Some(f) = file {
        let path = base.join(f.get_ref());
        let text = std::fs::read_to_string(&path).map_err(|e| {
            (
                f.span(),
                format!(
                    "notifier {name}: cannot read {key}_file {}: {e}",
                    path.display()
                ),
            )
        })?;
        return Ok(Some((Secret::new(text.trim().to_string()), f.span())));
    }
    if let Some(e) = env {
        let variable = e.get_ref();
        return match std::env::var(variable) {
            Ok(text) if !text.trim().is_empty() => {
                Ok(Some((Secret::new(text.trim().to_string()), e.span())))
            }
            _ => Err((
                e.span(),
                format!("notifier {name}: {key}_env names ${variable}, which is not set"),
            )),
        };
    }
    Ok(None)
}

/// `rate_limit = "N/s" | "N/min" | "N/h"`: the time between two messages.
fn rate_spacing(value: &Spanned<String>) -> Result<Duration, Problem> {
    let bad = || {
        (
            value.span(),
            format!(
                "rate_limit {:?}: write messages per period, e.g. \"30/min\", \"5/s\", \"100/h\" (at most {MAX_RATE})",
                value.get_ref()
            ),
        )
    };
    let (count, period) = value.get_ref().trim().split_once('/').ok_or_else(bad)?;
    let count: u32 = count.trim().parse().map_err(|_| bad())?;
    if count == 0 || count > MAX_RATE {
        return Err(bad());
    }
    let period = match period.trim() {
        "s" | "sec" | "second" => Duration::from_secs(1),
        "min" | "minute" => Duration::from_secs(60),
        "h" | "hour" => HOUR,
        _ => return Err(bad()),
    };
    Ok(period / count)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Config, ConfigError, parse};
    use super::*;

    const FEED: &str = "[[feeds]]\nurl = \"https://news.example/rss\"\nname = \"News\"\n\n";

    fn check(notify: &str) -> Result<Config, ConfigError> {
        parse(
            Path::new("/etc/fs/feedsentry.toml"),
            &format!("{FEED}[[notify]]\n{notify}"),
        )
    }

    fn error(notify: &str) -> (usize, usize, String) {
        let err = check(notify).expect_err("the notifier should be refused");
        let (line, column) = err.position.expect("a position");
        (line, column, err.message)
    }

    #[test]
    fn a_webhook_takes_its_defaults() {
        let config = check("name = \"siem\"\nkind = \"webhook\"\nurl = \"https://siem.example/in\"\nsecret = \"k\"")
            .expect("valid");
        let n = &config.notifiers[0];
        assert_eq!(n.mode, Mode::Each);
        assert_eq!(n.max_age, Duration::from_secs(24 * 3600));
        assert_eq!(n.give_up_after, Duration::from_secs(3 * 24 * 3600));
        assert_eq!(n.spacing, Duration::from_secs(1));
        assert!(n.tags.is_empty() && n.feeds.is_empty());
        assert!(
            matches!(&n.kind, NotifierKind::Webhook { secret: Some(s), .. } if s.expose() == "k")
        );
        assert!(
            !format!("{n:?}").contains("\"k\""),
            "the secret stays out of debug output"
        );
    }

    #[test]
    fn every_kind_reads_its_own_keys() {
        let config = check(
            "name = \"a\"\nkind = \"slack\"\nurl = \"https://hooks.slack.example/T/B/X\"\ntags = [\"cyberattack\"]\nfeeds = [\"News\"]\n\
             [[notify]]\nname = \"b\"\nkind = \"ntfy\"\nurl = \"https://ntfy.example/alerts\"\ntoken = \"t\"\nmode = \"digest\"\ndigest_every = \"2h\"\n\
             [[notify]]\nname = \"c\"\nkind = \"exec\"\ncommand = [\"/bin/alert\", \"-q\"]\nrate_limit = \"30/min\"\n\
             [[notify]]\nname = \"d\"\nkind = \"email\"\nurl = \"smtps://mail.example\"\nusername = \"u\"\npassword = \"p\"\nfrom = \"fs@example.org\"\nto = [\"soc@example.org\"]",
        )
        .expect("valid");
        let kinds: Vec<&NotifierKind> = config.notifiers.iter().map(|n| &n.kind).collect();
        assert!(matches!(kinds[0], NotifierKind::Slack { .. }));
        assert!(matches!(
            kinds[1],
            NotifierKind::Ntfy { token: Some(_), .. }
        ));
        assert_eq!(
            config.notifiers[1].mode,
            Mode::Digest(Duration::from_secs(7200))
        );
        assert!(matches!(kinds[2], NotifierKind::Exec { command } if command.len() == 2));
        assert_eq!(config.notifiers[2].spacing, Duration::from_secs(2));
        match kinds[3] {
            NotifierKind::Email(mail) => {
                assert_eq!(
                    (mail.host.as_str(), mail.port, mail.tls),
                    ("mail.example", 465, SmtpTls::Tls)
                );
            }
            other => panic!("not email: {other:?}"),
        }
    }

    #[test]
    fn mistakes_are_named_at_their_place() {
        let cases = [
            ("name = \"x\"\nkind = \"pager\"", (7, 8), "not one of"),
            ("name = \"x\"\nkind = \"webhook\"", (7, 8), "needs url"),
            (
                "name = \"x\"\nkind = \"webhook\"\nurl = \"ftp://a.example\"",
                (8, 7),
                "not an http(s) URL",
            ),
            (
                "name = \"x\"\nkind = \"exec\"\ncommand = []",
                (8, 11),
                "needs a program",
            ),
            (
                "name = \"x\"\nkind = \"slack\"\nurl = \"https://h.example/x\"\nsecret = \"k\"",
                (9, 10),
                "takes no secret",
            ),
            (
                "name = \"x\"\nkind = \"webhook\"\nurl = \"https://h.example/x\"\nsecret = \"k\"\nsecret_file = \"k.txt\"",
                (9, 10),
                "give one of",
            ),
            (
                "name = \"x\"\nkind = \"webhook\"\nurl = \"https://h.example/x\"\ntags = [\"cyberatack\"]",
                (9, 8),
                "unknown tag",
            ),
            (
                "name = \"x\"\nkind = \"webhook\"\nurl = \"https://h.example/x\"\nfeeds = [\"Newz\"]",
                (9, 9),
                "no configured feed",
            ),
            (
                "name = \"x\"\nkind = \"webhook\"\nurl = \"https://h.example/x\"\nrate_limit = \"0/s\"",
                (9, 14),
                "rate_limit",
            ),
            (
                "name = \"x\"\nkind = \"webhook\"\nurl = \"https://h.example/x\"\nmax_age = \"900y\"",
                (9, 11),
                "out of range",
            ),
            (
                "name = \"x\"\nkind = \"webhook\"\nurl = \"https://h.example/x\"\ndigest_every = \"1h\"",
                (9, 16),
                "needs mode",
            ),
            (
                "name = \"x y\"\nkind = \"webhook\"\nurl = \"https://h.example/x\"",
                (6, 8),
                "notifier name",
            ),
            (
                "name = \"x\"\nkind = \"ntfy\"\nurl = \"https://ntfy.example/\"",
                (8, 7),
                "topic",
            ),
            (
                "name = \"x\"\nkind = \"email\"\nurl = \"smtp://m.example\"\nfrom = \"fs\"\nto = [\"a@b.example\"]",
                (9, 8),
                "not an e-mail address",
            ),
        ];
        for (notify, place, words) in cases {
            let (line, column, message) = error(notify);
            assert_eq!((line, column), place, "{notify}: {message}");
            assert!(message.contains(words), "{notify}: {message}");
        }
    }

    #[test]
    fn two_notifiers_may_not_share_a_name() {
        let (line, _, message) = error(
            "name = \"x\"\nkind = \"exec\"\ncommand = [\"/bin/true\"]\n[[notify]]\nname = \"x\"\nkind = \"exec\"\ncommand = [\"/bin/true\"]",
        );
        assert_eq!(line, 10);
        assert!(message.contains("listed twice"), "{message}");
    }

    #[test]
    fn a_secret_file_is_read_relative_to_the_configuration() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("hook.key"), "from-a-file\n").expect("write key");
        let config = parse(
            &dir.path().join("feedsentry.toml"),
            "[[notify]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"https://h.example/x\"\nsecret_file = \"hook.key\"",
        )
        .expect("valid");
        assert!(matches!(
            &config.notifiers[0].kind,
            NotifierKind::Webhook { secret: Some(s), .. } if s.expose() == "from-a-file"
        ));
        let err = parse(
            &dir.path().join("feedsentry.toml"),
            "[[notify]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"https://h.example/x\"\nsecret_file = \"missing.key\"",
        )
        .expect_err("a missing file is an error");
        assert!(err.message.contains("missing.key"), "{}", err.message);
    }

    #[test]
    fn rates_become_spacings() {
        let spacing = |text: &str| rate_spacing(&Spanned::new(0..1, text.to_string()));
        assert_eq!(spacing("5/s"), Ok(Duration::from_millis(200)));
        assert_eq!(spacing("60/min"), Ok(Duration::from_secs(1)));
        assert_eq!(spacing("1/h"), Ok(Duration::from_secs(3600)));
        assert!(spacing("10001/s").is_err());
        assert!(spacing("fast").is_err());
    }
}
