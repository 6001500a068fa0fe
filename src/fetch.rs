//! HTTP: conditional GET of one feed with every limit enforced; the only module that uses reqwest.
//!
//! Redirects are followed here, not by reqwest, so that a chain of permanent redirects can be
//! remembered, loops, non-HTTP targets and (by default) private addresses refused, and the count
//! bounded. Credentials and configured headers go to the feed's own origin only. The body is
//! read as a stream and cut at `max_body` (after decompression, so a gzip bomb is cut too), and
//! the whole exchange, redirects and body included, is bounded by one deadline. Every time a
//! server states (`Retry-After`, `Expires`, `max-age`) is clamped here, so no later arithmetic
//! can overflow on it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{self, HeaderMap};
use reqwest::{Client, StatusCode};
use tokio::sync::Semaphore;
use url::Url;

use crate::config::PollConfig;
use crate::failure::FailureKind;
use crate::secret::{FeedSecrets, NO_SECRETS, without_userinfo};

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 5;

/// The longest wait a server may ask for; longer ones are clamped to it (and noted), and the
/// schedule clamps further to `[poll] max_interval`.
pub const LONGEST_HINT: Duration = Duration::from_secs(365 * 24 * 3600);

/// The most a body buffer reserves up front from a response's `Content-Length`.
const PREALLOCATE_AT_MOST: u64 = 4 * 1024 * 1024;

const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

/// Fetches feeds with one shared connection pool.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: Client,
    /// Shared by clones, so that a clone counts against the same per-host limit.
    hosts: Arc<HostLimits>,
    max_body: u64,
    timeout: Duration,
    allow_private_redirects: bool,
}

/// Validators from the last full response, for a conditional request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Validators<'a> {
    /// Sent as `If-None-Match`.
    pub etag: Option<&'a str>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<&'a str>,
}

/// What the server said about when to come back, each within [`LONGEST_HINT`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerHints {
    /// From `Cache-Control: max-age` or `Expires`.
    pub fresh_for: Option<Duration>,
    /// From `Retry-After` on 429 or 503.
    pub retry_after: Option<Duration>,
    /// The header whose value was out of range and clamped, for a warning on the feed.
    pub clamped: Option<&'static str>,
}

/// A successful exchange.
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    /// 304: the feed has not changed since the validators were issued.
    NotModified {
        /// Caching hints.
        hints: ServerHints,
    },
    /// A full body.
    Fetched {
        /// HTTP status (2xx).
        status: u16,
        /// The raw body (decompressed, not decoded).
        body: Vec<u8>,
        /// The URL the body came from, after redirects.
        final_url: String,
        /// Set when every redirect on the way was permanent (301/308).
        moved_to: Option<String>,
        /// `ETag` to send next time.
        etag: Option<String>,
        /// `Last-Modified` to send next time.
        last_modified: Option<String>,
        /// Caching hints.
        hints: ServerHints,
    },
}

/// A failed exchange: its kind, and a message that names the cause.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct FetchError {
    /// What kind of failure it is.
    pub kind: FailureKind,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// What went wrong.
    pub message: String,
    /// Caching hints of the error response (e.g. `Retry-After`).
    pub hints: ServerHints,
}

impl FetchError {
    fn new(kind: FailureKind, message: impl Into<String>) -> FetchError {
        FetchError {
            kind,
            status: None,
            message: message.into(),
            hints: ServerHints::default(),
        }
    }

    /// True for 410 Gone: the publisher says the feed is gone for good.
    pub fn is_gone(&self) -> bool {
        self.status == Some(410)
    }
}

impl Fetcher {
    /// A fetcher with the `[poll]` limits and User-Agent.
    pub fn new(poll: &PollConfig) -> Result<Fetcher, String> {
        // Without a Location to follow, reqwest never adds credentials of its own: they are set
        // per request, for the feed's origin only.
        let client = Client::builder()
            .user_agent(&poll.user_agent)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(poll.timeout.min(Duration::from_secs(10)))
            .timeout(poll.timeout)
            .gzip(true)
            .brotli(true)
            .deflate(true)
            // A feed is polled once per interval, so a kept-alive connection is rarely reused,
            // while thousands of feeds would hold thousands of idle sockets. Some servers also
            // stall a reused connection for a delayed ACK (40 ms) between headers and body.
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {}", describe(&e)))?;
        Ok(Fetcher {
            client,
            hosts: Arc::new(HostLimits::new(poll.per_host)),
            max_body: poll.max_body,
            timeout: poll.timeout,
            allow_private_redirects: poll.allow_private_redirects,
        })
    }

    /// Fetches `url` (shown with `***` for any credentials, which `secrets` holds)
    /// conditionally, within the configured deadline, once fewer than `[poll] per_host`
    /// requests to its host are in flight (the wait does not count against the deadline).
    pub async fn fetch(
        &self,
        url: &str,
        validators: Validators<'_>,
        secrets: &FeedSecrets,
    ) -> Result<FetchOutcome, FetchError> {
        let host = Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        let _permit = self.hosts.acquire(&host).await;
        let request = self.fetch_unbounded(url, validators, secrets);
        match tokio::time::timeout(self.timeout, request).await {
            Ok(result) => result,
            Err(_) => Err(self.timed_out()),
        }
    }

    async fn fetch_unbounded(
        &self,
        url: &str,
        validators: Validators<'_>,
        secrets: &FeedSecrets,
    ) -> Result<FetchOutcome, FetchError> {
        if url.starts_with("file:") {
            return self.read_file(url, validators).await;
        }
        let mut current = Url::parse(&without_userinfo(url))
            .map_err(|e| FetchError::new(FailureKind::Internal, format!("bad URL: {e}")))?;
        let origin = current.clone();
        let mut visited = vec![current.clone()];
        let mut all_permanent = true;
        loop {
            let own_origin = current.origin() == origin.origin();
            let secrets = if own_origin { secrets } else { &NO_SECRETS };
            let response = self.send(&current, validators, secrets).await?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let target = redirect_target(&current, response.headers(), status)?;
                all_permanent &= matches!(
                    status,
                    StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
                );
                if visited.contains(&target) {
                    return Err(redirect_refused(format!("redirect loop at {target}")));
                }
                if visited.len() > MAX_REDIRECTS {
                    return Err(redirect_refused(format!(
                        "more than {MAX_REDIRECTS} redirects"
                    )));
                }
                if !self.allow_private_redirects && !same_authority(&target, &origin) {
                    refuse_private(&target).await?;
                }
                visited.push(target.clone());
                current = target;
                continue;
            }
            let hints = server_hints(response.headers(), Utc::now());
            if status == StatusCode::NOT_MODIFIED {
                return Ok(FetchOutcome::NotModified { hints });
            }
            if !status.is_success() {
                return Err(FetchError {
                    kind: FailureKind::HttpStatus,
                    status: Some(status.as_u16()),
                    message: format!("HTTP {status}"),
                    hints,
                });
            }
            let etag = header_text(response.headers(), header::ETAG);
            let last_modified = header_text(response.headers(), header::LAST_MODIFIED);
            let body = self.read_body(response).await.map_err(|mut e| {
                e.status = Some(status.as_u16());
                e
            })?;
            let moved = visited.len() > 1 && all_permanent;
            return Ok(FetchOutcome::Fetched {
                status: status.as_u16(),
                body,
                final_url: current.to_string(),
                moved_to: moved.then(|| current.to_string()),
                etag,
                last_modified,
                hints,
            });
        }
    }

    async fn send(
        &self,
        url: &Url,
        validators: Validators<'_>,
        secrets: &FeedSecrets,
    ) -> Result<reqwest::Response, FetchError> {
        let mut request = self.client.get(url.clone()).header(header::ACCEPT, ACCEPT);
        if let Some((user, password)) = &secrets.basic {
            request = request.basic_auth(user, password.as_deref());
        }
        for (name, value) in &secrets.headers {
            let name = header::HeaderName::from_bytes(name.as_bytes());
            let value = header::HeaderValue::from_str(value);
            let (Ok(name), Ok(mut value)) = (name, value) else {
                // The configuration checked both; say which without quoting the value.
                return Err(FetchError::new(
                    FailureKind::Internal,
                    "a configured header cannot be sent",
                ));
            };
            value.set_sensitive(true);
            request = request.header(name, value);
        }
        if let Some(etag) = validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, date);
        }
        request.send().await.map_err(|e| self.failure(&e, ""))
    }

    /// Reads a `file://` feed (the configuration accepts those only with `allow_file_urls`),
    /// with its modification time as the validator, within the same size limit.
    async fn read_file(
        &self,
        url: &str,
        validators: Validators<'_>,
    ) -> Result<FetchOutcome, FetchError> {
        use tokio::io::AsyncReadExt;
        let path = Url::parse(url)
            .ok()
            .and_then(|u| u.to_file_path().ok())
            .ok_or_else(|| FetchError::new(FailureKind::File, format!("bad file URL {url}")))?;
        let cannot = |e: std::io::Error| {
            FetchError::new(
                FailureKind::File,
                format!("cannot read {}: {e}", path.display()),
            )
        };
        // Opening a FIFO or a device would block or never end: only regular files are read.
        let kind = tokio::fs::metadata(&path)
            .await
            .map_err(cannot)?
            .file_type();
        if !kind.is_file() {
            return Err(FetchError::new(
                FailureKind::File,
                format!("{} is not a regular file", path.display()),
            ));
        }
        let file = tokio::fs::File::open(&path).await.map_err(cannot)?;
        let modified = file
            .metadata()
            .await
            .ok()
            .and_then(|m| m.modified().ok())
            .map(|t| DateTime::<Utc>::from(t).to_rfc2822());
        if modified.is_some() && modified.as_deref() == validators.last_modified {
            return Ok(FetchOutcome::NotModified {
                hints: ServerHints::default(),
            });
        }
        let mut body = Vec::new();
        file.take(self.max_body + 1)
            .read_to_end(&mut body)
            .await
            .map_err(cannot)?;
        if body.len() as u64 > self.max_body {
            return Err(self.too_large());
        }
        Ok(FetchOutcome::Fetched {
            status: 200,
            body,
            final_url: url.to_string(),
            moved_to: None,
            etag: None,
            last_modified: modified,
            hints: ServerHints::default(),
        })
    }

    fn too_large(&self) -> FetchError {
        FetchError::new(
            FailureKind::TooLarge,
            format!(
                "body larger than the {} limit (max_body)",
                bytesize::ByteSize::b(self.max_body).display().iec()
            ),
        )
    }

    /// Reads the body as a stream, failing as soon as it grows past the limit.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, FetchError> {
        if response
            .content_length()
            .is_some_and(|len| len > self.max_body)
        {
            return Err(self.too_large());
        }
        // Sized once from the announced length (capped, since a server may announce more than
        // it sends), so the buffer does not grow by doubling through a series of reallocations.
        let announced = response
            .content_length()
            .unwrap_or(0)
            .min(PREALLOCATE_AT_MOST);
        let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.failure(&e, "reading the body failed: "))?
        {
            if body.len() as u64 + chunk.len() as u64 > self.max_body {
                return Err(self.too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

impl Fetcher {
    /// A reqwest error as a fetch error; a timeout reads the same wherever it struck.
    fn failure(&self, error: &reqwest::Error, context: &str) -> FetchError {
        if error.is_timeout() {
            return self.timed_out();
        }
        let message = describe(error);
        FetchError::new(classify(error, &message), format!("{context}{message}"))
    }

    fn timed_out(&self) -> FetchError {
        FetchError::new(
            FailureKind::Timeout,
            format!(
                "timed out after {}",
                humantime::format_duration(self.timeout)
            ),
        )
    }
}

fn redirect_refused(message: String) -> FetchError {
    FetchError::new(FailureKind::Redirect, message)
}

/// The kind of a reqwest failure, read from the error and its causes.
fn classify(error: &reqwest::Error, message: &str) -> FailureKind {
    let lower = message.to_ascii_lowercase();
    if lower.contains("dns error") || lower.contains("failed to lookup address") {
        FailureKind::Dns
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        FailureKind::Tls
    } else if error.is_decode() || error.is_body() {
        FailureKind::Encoding
    } else {
        FailureKind::Connect
    }
}

/// The target of a redirect, without any user and password it names (those are never sent).
fn redirect_target(from: &Url, headers: &HeaderMap, status: StatusCode) -> Result<Url, FetchError> {
    let location = header_text(headers, header::LOCATION)
        .ok_or_else(|| redirect_refused(format!("HTTP {status} without a Location header")))?;
    let mut target = from.join(&location).map_err(|e| {
        redirect_refused(format!(
            "redirect to a bad URL {:?}: {e}",
            crate::secret::redact_url(&location)
        ))
    })?;
    if !matches!(target.scheme(), "http" | "https") {
        return Err(redirect_refused(format!(
            "redirect to {} refused: only http and https are followed",
            crate::secret::redact_url(target.as_str())
        )));
    }
    // Both calls only fail for URLs that cannot have credentials, which http(s) ones can.
    let _ = target.set_username("");
    let _ = target.set_password(None);
    Ok(target)
}

/// True when `a` and `b` name the same host and port: a redirect within the host the operator
/// configured is never a forgery.
fn same_authority(a: &Url, b: &Url) -> bool {
    a.host() == b.host() && a.port_or_known_default() == b.port_or_known_default()
}

/// Refuses a redirect to a loopback, private, link-local or unique-local address (by literal or
/// by what its name resolves to), unless `[poll] allow_private_redirects` is set. A name that
/// does not resolve is left for the request itself to report.
async fn refuse_private(target: &Url) -> Result<(), FetchError> {
    let addresses: Vec<IpAddr> = match target.host() {
        Some(url::Host::Ipv4(ip)) => vec![IpAddr::V4(ip)],
        Some(url::Host::Ipv6(ip)) => vec![IpAddr::V6(ip)],
        Some(url::Host::Domain(name)) => {
            let port = target.port_or_known_default().unwrap_or(80);
            match tokio::net::lookup_host((name, port)).await {
                Ok(found) => found.map(|a| a.ip()).collect(),
                Err(_) => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    match addresses.into_iter().find(|ip| is_private(*ip)) {
        Some(ip) => Err(redirect_refused(format!(
            "redirect to {} refused: it leads to the private address {ip} \
             (set [poll] allow_private_redirects = true to follow it)",
            target.host_str().unwrap_or("")
        ))),
        None => Ok(()),
    }
}

/// Loopback, private, link-local (cloud metadata at 169.254.169.254 included), shared (CGNAT),
/// unique-local, unspecified or multicast: addresses that reach inside the daemon's own network.
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_private(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
            }
        },
    }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Reads `Retry-After`, `Cache-Control: max-age` and `Expires` relative to `now`. A value past
/// [`LONGEST_HINT`] is clamped to it and named in `clamped`; a date in the past means no wait.
pub fn server_hints(headers: &HeaderMap, now: DateTime<Utc>) -> ServerHints {
    let until = |text: &str| {
        DateTime::parse_from_rfc2822(text)
            .ok()
            .map(|t| (t.with_timezone(&Utc) - now).to_std().unwrap_or_default())
    };
    let seconds = |text: &str| text.parse::<u64>().ok().map(Duration::from_secs);
    let mut clamped = None;
    let mut bound = |name: &'static str, d: Duration| {
        if d > LONGEST_HINT {
            clamped = Some(name);
        }
        d.min(LONGEST_HINT)
    };
    let retry_after = header_text(headers, header::RETRY_AFTER)
        .and_then(|v| seconds(&v).or_else(|| until(&v)))
        .map(|d| bound("Retry-After", d));
    let max_age = header_text(headers, header::CACHE_CONTROL).and_then(|v| {
        v.split(',')
            .filter_map(|d| d.trim().strip_prefix("max-age="))
            .find_map(|s| seconds(s.trim_matches('"')))
    });
    let fresh_for = match max_age {
        Some(d) => Some(bound("Cache-Control max-age", d)),
        None => header_text(headers, header::EXPIRES)
            .and_then(|v| until(&v))
            .map(|d| bound("Expires", d)),
    };
    ServerHints {
        fresh_for,
        retry_after,
        clamped,
    }
}

/// A reqwest error with its chain of causes, without repeating the URL the caller names.
fn describe(error: &reqwest::Error) -> String {
    let mut message = if error.is_timeout() {
        "timed out".to_string()
    } else if error.is_connect() {
        "cannot connect".to_string()
    } else if error.is_decode() {
        "cannot decode the body".to_string()
    } else {
        "request failed".to_string()
    };
    for cause in crate::failure::causes(error) {
        let text = cause.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}

/// Locks `mutex`; a panic while it was held leaves only a map of semaphores, still sound.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// At most `per_host` requests in flight to one host.
#[derive(Debug)]
struct HostLimits {
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl HostLimits {
    fn new(per_host: usize) -> HostLimits {
        HostLimits {
            per_host,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    async fn acquire(&self, host: &str) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let semaphore = {
            let mut hosts = lock(&self.hosts);
            Arc::clone(
                hosts
                    .entry(host.to_string())
                    .or_insert_with(|| Arc::new(Semaphore::new(self.per_host))),
            )
        };
        // The semaphore is never closed, so acquiring only fails if it were; then run unlimited.
        semaphore.acquire_owned().await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                name.clone(),
                HeaderValue::from_str(value).expect("valid header"),
            );
        }
        map
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now = DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
            .expect("valid time")
            .with_timezone(&Utc);
        let secs = server_hints(&headers(&[(header::RETRY_AFTER, "120")]), now);
        assert_eq!(secs.retry_after, Some(Duration::from_secs(120)));
        let date = server_hints(
            &headers(&[(header::RETRY_AFTER, "Wed, 25 Nov 2026 10:05:00 GMT")]),
            now,
        );
        assert_eq!(date.retry_after, Some(Duration::from_secs(300)));
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("valid time")
            .with_timezone(&Utc)
    }

    #[test]
    fn max_age_wins_over_expires() {
        // Expires alone would say two hours: the test fails if it were preferred.
        let hints = server_hints(
            &headers(&[
                (header::CACHE_CONTROL, "public, max-age=600"),
                (header::EXPIRES, "Wed, 25 Nov 2026 12:00:00 GMT"),
            ]),
            at("2026-11-25T10:00:00Z"),
        );
        assert_eq!(hints.fresh_for, Some(Duration::from_secs(600)));
        let expires_only = server_hints(
            &headers(&[(header::EXPIRES, "Wed, 25 Nov 2026 12:00:00 GMT")]),
            at("2026-11-25T10:00:00Z"),
        );
        assert_eq!(expires_only.fresh_for, Some(Duration::from_secs(7200)));
    }

    #[test]
    fn absurd_server_times_are_clamped_and_named() {
        let now = at("2026-11-25T10:00:00Z");
        let huge = server_hints(&headers(&[(header::RETRY_AFTER, "10000000000000")]), now);
        assert_eq!(huge.retry_after, Some(LONGEST_HINT));
        assert_eq!(huge.clamped, Some("Retry-After"));
        let far = server_hints(
            &headers(&[(header::EXPIRES, "Fri, 31 Dec 9999 23:59:59 GMT")]),
            now,
        );
        assert_eq!(
            (far.fresh_for, far.clamped),
            (Some(LONGEST_HINT), Some("Expires"))
        );
        let past = server_hints(
            &headers(&[(header::RETRY_AFTER, "Thu, 01 Jan 1970 00:00:00 GMT")]),
            now,
        );
        assert_eq!(
            (past.retry_after, past.clamped),
            (Some(Duration::ZERO), None)
        );
        let overflow = server_hints(
            &headers(&[(header::CACHE_CONTROL, "max-age=99999999999999999999999")]),
            now,
        );
        assert_eq!(overflow.fresh_for, None);
    }

    #[test]
    fn private_addresses_are_recognised() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(
                is_private(private.parse().expect("an address")),
                "{private}"
            );
        }
        for public in ["93.184.216.34", "2606:4700::1111", "172.32.0.1"] {
            assert!(!is_private(public.parse().expect("an address")), "{public}");
        }
    }

    #[tokio::test]
    async fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("feed.xml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("run mkfifo");
        assert!(made.success());
        let poll = crate::config::parse(
            std::path::Path::new("t.toml"),
            "[poll]\nallow_file_urls = true\n",
        )
        .expect("valid config")
        .poll;
        let url = Url::from_file_path(&fifo)
            .expect("absolute path")
            .to_string();
        let err = Fetcher::new(&poll)
            .expect("fetcher")
            .fetch(&url, Validators::default(), &FeedSecrets::default())
            .await
            .expect_err("a FIFO is no feed");
        assert_eq!(err.kind, FailureKind::File, "{err}");
    }

    /// The default `[poll]` settings, parsed once: a configuration compiles the tagger.
    static DEFAULT_POLL: std::sync::LazyLock<PollConfig> = std::sync::LazyLock::new(|| {
        crate::config::parse(std::path::Path::new("t.toml"), "")
            .expect("defaults")
            .poll
    });

    proptest::proptest! {
        /// Whatever a server sends in its timing headers, nothing panics and the feed is due
        /// within `[min_interval, max_interval]`.
        #[test]
        fn any_timing_header_gives_a_due_time_within_bounds(
            retry in "\\PC{0,40}|[0-9]{1,30}",
            cache in "\\PC{0,40}|max-age=[0-9]{1,30}",
            expires in "\\PC{0,40}|[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{1,6} [0-9:]{8} GMT",
            failures in 0u32..40,
            failed in proptest::bool::ANY,
        ) {
            let mut map = HeaderMap::new();
            for (name, value) in [
                (header::RETRY_AFTER, &retry),
                (header::CACHE_CONTROL, &cache),
                (header::EXPIRES, &expires),
            ] {
                if let Ok(value) = header::HeaderValue::from_str(value) {
                    map.insert(name, value);
                }
            }
            let now = at("2026-11-25T10:00:00Z");
            let hints = server_hints(&map, now);
            let poll = &*DEFAULT_POLL;
            let ending = if failed {
                crate::schedule::Ending::Failure { failures, base: 4 }
            } else {
                crate::schedule::Ending::Success
            };
            let due = crate::schedule::next_due(now, poll.interval, poll, ending, hints, None, 1.0);
            let wait = (due - now).to_std().expect("due after now");
            proptest::prop_assert!(wait >= poll.min_interval && wait <= poll.max_interval);
        }
    }

    #[test]
    fn redirect_to_other_schemes_is_refused() {
        let from = Url::parse("http://127.0.0.1/feed").expect("valid URL");
        let err = redirect_target(
            &from,
            &headers(&[(header::LOCATION, "file:///etc/passwd")]),
            StatusCode::FOUND,
        )
        .expect_err("file redirect refused");
        assert!(err.message.contains("only http and https"), "{err}");
        let ok = redirect_target(
            &from,
            &headers(&[(header::LOCATION, "/other")]),
            StatusCode::FOUND,
        )
        .expect("relative redirect");
        assert_eq!(ok.as_str(), "http://127.0.0.1/other");
    }
}
