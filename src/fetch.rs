//! HTTP: conditional GET of one feed with every limit enforced; the only module that uses reqwest.
//!
//! Redirects are followed here, not by reqwest, so that a chain of permanent redirects can be
//! remembered, loops and non-HTTP targets refused, and the count bounded. The body is read as a
//! stream and cut at `max_body` (after decompression, so a gzip bomb is cut too), and the whole
//! exchange, redirects and body included, is bounded by one deadline.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{self, HeaderMap};
use reqwest::{Client, StatusCode};
use url::Url;

use crate::config::PollConfig;

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 5;

/// The most a body buffer reserves up front from a response's `Content-Length`.
const PREALLOCATE_AT_MOST: u64 = 4 * 1024 * 1024;

const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

/// Fetches feeds with one shared connection pool.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: Client,
    max_body: u64,
    timeout: Duration,
}

/// Validators from the last full response, for a conditional request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Validators<'a> {
    /// Sent as `If-None-Match`.
    pub etag: Option<&'a str>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<&'a str>,
}

/// What the server said about when to come back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerHints {
    /// From `Cache-Control: max-age` or `Expires`.
    pub fresh_for: Option<Duration>,
    /// From `Retry-After` on 429 or 503.
    pub retry_after: Option<Duration>,
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

/// A failed exchange, with a message that names the cause.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct FetchError {
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// What went wrong.
    pub message: String,
    /// Caching hints of the error response (e.g. `Retry-After`).
    pub hints: ServerHints,
}

impl FetchError {
    fn new(message: impl Into<String>) -> FetchError {
        FetchError {
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
            max_body: poll.max_body,
            timeout: poll.timeout,
        })
    }

    /// Fetches `url` conditionally, within the configured deadline.
    pub async fn fetch(
        &self,
        url: &str,
        validators: Validators<'_>,
    ) -> Result<FetchOutcome, FetchError> {
        match tokio::time::timeout(self.timeout, self.fetch_unbounded(url, validators)).await {
            Ok(result) => result,
            Err(_) => Err(self.timed_out()),
        }
    }

    async fn fetch_unbounded(
        &self,
        url: &str,
        validators: Validators<'_>,
    ) -> Result<FetchOutcome, FetchError> {
        if url.starts_with("file:") {
            return self.read_file(url, validators).await;
        }
        let mut current = Url::parse(url).map_err(|e| FetchError::new(format!("bad URL: {e}")))?;
        let mut visited = vec![current.clone()];
        let mut all_permanent = true;
        loop {
            let response = self.send(&current, validators).await?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let target = redirect_target(&current, response.headers(), status)?;
                all_permanent &= matches!(
                    status,
                    StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
                );
                if visited.contains(&target) {
                    return Err(FetchError::new(format!("redirect loop at {target}")));
                }
                if visited.len() > MAX_REDIRECTS {
                    return Err(FetchError::new(format!(
                        "more than {MAX_REDIRECTS} redirects"
                    )));
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
    ) -> Result<reqwest::Response, FetchError> {
        let mut request = self.client.get(url.clone()).header(header::ACCEPT, ACCEPT);
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
            .ok_or_else(|| FetchError::new(format!("bad file URL {url}")))?;
        let cannot =
            |e: std::io::Error| FetchError::new(format!("cannot read {}: {e}", path.display()));
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
        FetchError::new(format!(
            "body larger than the {} limit (max_body)",
            bytesize::ByteSize::b(self.max_body).display().iec()
        ))
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
        FetchError::new(format!("{context}{}", describe(error)))
    }

    fn timed_out(&self) -> FetchError {
        FetchError::new(format!(
            "timed out after {}",
            humantime::format_duration(self.timeout)
        ))
    }
}

fn redirect_target(from: &Url, headers: &HeaderMap, status: StatusCode) -> Result<Url, FetchError> {
    let location = header_text(headers, header::LOCATION)
        .ok_or_else(|| FetchError::new(format!("HTTP {status} without a Location header")))?;
    let target = from
        .join(&location)
        .map_err(|e| FetchError::new(format!("redirect to a bad URL {location:?}: {e}")))?;
    if !matches!(target.scheme(), "http" | "https") {
        return Err(FetchError::new(format!(
            "redirect to {target} refused: only http and https are followed"
        )));
    }
    Ok(target)
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Reads `Retry-After`, `Cache-Control: max-age` and `Expires` relative to `now`.
pub fn server_hints(headers: &HeaderMap, now: DateTime<Utc>) -> ServerHints {
    let until = |text: &str| {
        DateTime::parse_from_rfc2822(text)
            .ok()
            .and_then(|t| (t.with_timezone(&Utc) - now).to_std().ok())
    };
    let retry_after = header_text(headers, header::RETRY_AFTER).and_then(|v| {
        v.parse::<u64>()
            .ok()
            .map(Duration::from_secs)
            .or_else(|| until(&v))
    });
    let max_age = header_text(headers, header::CACHE_CONTROL).and_then(|v| {
        v.split(',')
            .filter_map(|d| d.trim().strip_prefix("max-age="))
            .find_map(|s| s.trim_matches('"').parse::<u64>().ok())
            .map(Duration::from_secs)
    });
    let fresh_for =
        max_age.or_else(|| header_text(headers, header::EXPIRES).and_then(|v| until(&v)));
    ServerHints {
        fresh_for,
        retry_after,
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
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
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

    #[test]
    fn max_age_wins_over_expires() {
        let now = Utc::now();
        let hints = server_hints(
            &headers(&[
                (header::CACHE_CONTROL, "public, max-age=600"),
                (header::EXPIRES, "Thu, 01 Jan 1970 00:00:00 GMT"),
            ]),
            now,
        );
        assert_eq!(hints.fresh_for, Some(Duration::from_secs(600)));
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
