//! The kinds a failed pass is sorted into: shared by fetch, parse and the pipeline, recorded on
//! the feed row (`last_error_kind`) and read by the schedule to choose how fast to back off.
//!
//! Tests match these kinds, never the wording of a message.

use std::fmt;

/// The errors under `error`, nearest first: what a message needs besides the error's own text.
pub fn causes<'e>(
    error: &'e (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'e (dyn std::error::Error + 'static)> {
    std::iter::successors(error.source(), |cause| cause.source())
}

/// What kind of failure ended a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// The host name did not resolve.
    Dns,
    /// No connection could be made (refused, reset, unreachable).
    Connect,
    /// The TLS handshake or certificate check failed.
    Tls,
    /// The request, or the whole pass, took longer than `[poll] timeout`.
    Timeout,
    /// The server answered with a status that is not a success.
    HttpStatus,
    /// The body was larger than `[poll] max_body`.
    TooLarge,
    /// A redirect was refused: a loop, too many, a bad target or a private address.
    Redirect,
    /// The document is not an RSS, Atom or JSON feed.
    NotAFeed,
    /// The document is a feed whose bytes cannot be read (encoding, broken markup).
    Encoding,
    /// A local file feed that cannot be read.
    File,
    /// The pass could not be stored.
    Storage,
    /// A bug or a panic inside feedsentry or a dependency.
    Internal,
}

impl FailureKind {
    /// The name stored in `feeds.last_error_kind` and shown by `feeds`.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Dns => "dns",
            FailureKind::Connect => "connect",
            FailureKind::Tls => "tls",
            FailureKind::Timeout => "timeout",
            FailureKind::HttpStatus => "http-status",
            FailureKind::TooLarge => "too-large",
            FailureKind::Redirect => "redirect",
            FailureKind::NotAFeed => "not-a-feed",
            FailureKind::Encoding => "encoding",
            FailureKind::File => "file",
            FailureKind::Storage => "storage",
            FailureKind::Internal => "internal",
        }
    }

    /// How many times longer each consecutive failure makes the wait. A failure that says the
    /// feed is not there (a DNS failure, a 4xx, a document that is no feed) will not mend
    /// itself soon, so it backs off faster than one that may be passing (a timeout, a reset).
    pub fn backoff_base(self, status: Option<u16>) -> u32 {
        match self {
            FailureKind::Dns | FailureKind::NotAFeed | FailureKind::Redirect => 4,
            FailureKind::HttpStatus if status.is_some_and(|s| (400..500).contains(&s)) => {
                if status == Some(429) { 2 } else { 4 }
            }
            _ => 2,
        }
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_feed_backs_off_faster_than_a_slow_one() {
        let timeout = FailureKind::Timeout.backoff_base(None);
        assert!(FailureKind::Dns.backoff_base(None) > timeout);
        assert!(FailureKind::HttpStatus.backoff_base(Some(404)) > timeout);
        assert_eq!(FailureKind::HttpStatus.backoff_base(Some(429)), timeout);
        assert_eq!(FailureKind::HttpStatus.backoff_base(Some(503)), timeout);
    }
}
