//! Secrets a feed entry may carry: a user and password in its URL, and header values such as
//! API tokens. They live in the configuration file and in memory only; everything else (logs,
//! command output, exports, the database) sees the URL in its redacted form.

use std::fmt;

use url::Url;

/// What stands in every output for a URL's user and password.
pub const REDACTED: &str = "***";

/// A user and, if given, a password, sent as HTTP Basic authentication.
pub type Basic = (String, Option<String>);

/// The credentials and headers of one feed, sent to its configured origin only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FeedSecrets {
    /// User and password from the URL, sent as HTTP Basic authentication.
    pub basic: Option<Basic>,
    /// Extra request headers (`[[feeds]] headers`), names and values as configured.
    pub headers: Vec<(String, String)>,
}

/// A secret value of the configuration (a signing key, a token, a password, a webhook URL):
/// shown as [`REDACTED`] in any debug output, read only through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// The secrets of a feed that has none, and of every request that must carry none.
pub static NO_SECRETS: FeedSecrets = FeedSecrets {
    basic: None,
    headers: Vec::new(),
};

impl FeedSecrets {
    /// True when the feed has neither credentials nor headers.
    pub fn is_empty(&self) -> bool {
        self.basic.is_none() && self.headers.is_empty()
    }
}

impl fmt::Debug for FeedSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("FeedSecrets")
            .field("basic", &self.basic.as_ref().map(|_| REDACTED))
            .field("headers", &names)
            .finish()
    }
}

/// Splits the user and password off `url`: the URL to show and store (with `***@` where they
/// were), and the credentials. A URL without them comes back unchanged with `None`.
pub fn split_credentials(url: &Url) -> (String, Option<Basic>) {
    if url.username().is_empty() && url.password().is_none() {
        return (url.to_string(), None);
    }
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    let credentials = (decode(url.username()), url.password().map(decode));
    (redact_url(url.as_str()), Some(credentials))
}

/// `text` with any user and password in its authority replaced by [`REDACTED`]; text that is
/// not such a URL, or has none, comes back unchanged.
pub fn redact_url(text: &str) -> String {
    match userinfo_range(text) {
        Some(range) => format!("{}{REDACTED}{}", &text[..range.start], &text[range.end..]),
        None => text.to_string(),
    }
}

/// A database URL with its password (not its user) replaced by [`REDACTED`]; text that is not a
/// URL is shown as its scheme only.
pub fn redact_password(url: &str) -> String {
    match url::Url::parse(url.trim()) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                // A URL with a password has a host, so setting it cannot fail.
                let _ = parsed.set_password(Some(REDACTED));
            }
            parsed.to_string()
        }
        Err(_) => match url.split_once("://") {
            Some((scheme, _)) => format!("{scheme}://…"),
            None => "the database URL".into(),
        },
    }
}

/// `text` with its user and password removed (`***@` included): the URL a request goes to.
pub fn without_userinfo(text: &str) -> String {
    match userinfo_range(text) {
        Some(range) => format!("{}{}", &text[..range.start], &text[range.end + 1..]),
        None => text.to_string(),
    }
}

/// The byte range of the user-information part of `text` (before its `@`), if it has one.
fn userinfo_range(text: &str) -> Option<std::ops::Range<usize>> {
    let start = text.find("://")? + 3;
    let rest = &text[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let at = rest[..authority_end].rfind('@')?;
    Some(start..start + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_split_off_and_redacted() {
        let url = Url::parse("https://alice:s%40cret@feeds.example/rss?x=1").expect("valid URL");
        let (shown, credentials) = split_credentials(&url);
        assert_eq!(shown, "https://***@feeds.example/rss?x=1");
        assert_eq!(
            credentials,
            Some(("alice".to_string(), Some("s@cret".to_string())))
        );
        assert_eq!(without_userinfo(&shown), "https://feeds.example/rss?x=1");
    }

    #[test]
    fn a_url_without_credentials_is_unchanged() {
        let url = Url::parse("https://feeds.example/a@b").expect("valid URL");
        assert_eq!(split_credentials(&url), (url.to_string(), None));
        assert_eq!(
            redact_url("https://feeds.example/a@b"),
            "https://feeds.example/a@b"
        );
        assert_eq!(redact_url("not a url"), "not a url");
    }

    #[test]
    fn a_token_as_user_name_is_hidden_too() {
        assert_eq!(
            redact_url("https://tok3n@host.example/feed"),
            "https://***@host.example/feed"
        );
    }

    #[test]
    fn debug_output_names_no_secret() {
        let secrets = FeedSecrets {
            basic: Some(("alice".into(), Some("hunter2".into()))),
            headers: vec![("Authorization".into(), "Bearer abc".into())],
        };
        let shown = format!("{secrets:?}");
        assert!(!shown.contains("alice") && !shown.contains("hunter2") && !shown.contains("abc"));
        assert!(shown.contains("Authorization"), "{shown}");
    }
}
