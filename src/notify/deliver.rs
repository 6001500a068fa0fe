//! Sending one message through one notifier: an HTTP POST (webhook, Slack, ntfy), a program
//! (exec) or a mail (SMTP through `lettre`). An attempt either succeeds or fails with a
//! reason and, when the receiver said so, how long to wait before the next one.

use std::process::Stdio;
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::message::Message;
use crate::config::{EmailConfig, NotifierConfig, NotifierKind, SmtpTls};

/// The header that carries a webhook body's HMAC-SHA256, in hex.
pub const SIGNATURE_HEADER: &str = "X-Feedsentry-Signature";
/// The header that tells a webhook receiver what the body is (`item` or `digest`).
pub const EVENT_HEADER: &str = "X-Feedsentry-Event";
/// The header receivers drop duplicates by: the same delivery always has the same key.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// The longest wait a `Retry-After` may ask for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);
/// How much of a failing program's standard error an error quotes.
const STDERR_QUOTED: usize = 300;

/// Why an attempt failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DeliveryError {
    /// What went wrong, naming the receiver.
    pub message: String,
    /// How long the receiver asked to be left alone (429 or 503 with `Retry-After`).
    pub retry_after: Option<Duration>,
}

impl DeliveryError {
    fn new(message: String) -> DeliveryError {
        DeliveryError {
            message,
            retry_after: None,
        }
    }
}

/// Sends messages; one HTTP client is shared by every notifier.
#[derive(Clone)]
pub struct Deliverer {
    http: reqwest::Client,
}

impl Deliverer {
    /// A deliverer whose requests say `user_agent`.
    pub fn new(user_agent: &str) -> Result<Deliverer, String> {
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot start the notification HTTP client: {e}"))?;
        Ok(Deliverer { http })
    }

    /// Sends `message` through `notifier`, within its timeout. `key` identifies the delivery
    /// (the same on every retry).
    pub async fn send(
        &self,
        notifier: &NotifierConfig,
        message: &Message<'_>,
        key: &str,
    ) -> Result<(), DeliveryError> {
        let attempt = self.attempt(notifier, message, key);
        match tokio::time::timeout(notifier.timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(DeliveryError::new(format!(
                "no answer within {}",
                humantime::format_duration(notifier.timeout)
            ))),
        }
    }

    async fn attempt(
        &self,
        notifier: &NotifierConfig,
        message: &Message<'_>,
        key: &str,
    ) -> Result<(), DeliveryError> {
        match &notifier.kind {
            NotifierKind::Webhook { url, secret } => {
                let body = serde_json::to_vec(&message.json()).unwrap_or_default();
                let mut request = self
                    .http
                    .post(url.clone())
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .header(EVENT_HEADER, message.event())
                    .header(IDEMPOTENCY_HEADER, key);
                if let Some(secret) = secret {
                    request = request.header(SIGNATURE_HEADER, sign(secret.expose(), &body));
                }
                self.post(request.body(body), url.as_str()).await
            }
            NotifierKind::Slack { url } => {
                let request = json_body(self.http.post(url.expose()), &message.slack());
                // The hook URL is a secret: errors name the notifier's kind, not the URL.
                self.post(request, "the Slack hook").await
            }
            NotifierKind::Ntfy { url, token } => {
                let mut server = url.clone();
                let topic = url
                    .path_segments()
                    .and_then(|mut s| s.next_back())
                    .unwrap_or_default()
                    .to_string();
                server.set_path("/");
                let mut request = json_body(self.http.post(server), &message.ntfy(&topic));
                if let Some(token) = token {
                    request = request.bearer_auth(token.expose());
                }
                self.post(request, url.as_str()).await
            }
            NotifierKind::Exec { command } => run_program(command, message).await,
            NotifierKind::Email(email) => send_mail(email, message, notifier.timeout).await,
        }
    }

    async fn post(&self, request: reqwest::RequestBuilder, to: &str) -> Result<(), DeliveryError> {
        // The error names the receiver as `to` does: a Slack hook's URL is a secret.
        let response = request.send().await.map_err(|e| {
            DeliveryError::new(format!(
                "POST to {to} failed: {}",
                error_chain(&e.without_url())
            ))
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let retry_after = match status.as_u16() {
            429 | 503 => response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after),
            _ => None,
        };
        Err(DeliveryError {
            message: format!("POST to {to} answered {status}"),
            retry_after,
        })
    }
}

/// `request` with `body` as its JSON body.
fn json_body(
    request: reqwest::RequestBuilder,
    body: &serde_json::Value,
) -> reqwest::RequestBuilder {
    request
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(body).unwrap_or_default())
}

/// The hex HMAC-SHA256 of `body` under `key`, as [`SIGNATURE_HEADER`] carries it.
pub fn sign(key: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `Retry-After` as seconds or an HTTP date, within a day.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    let wait = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => {
            let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
            (at.with_timezone(&chrono::Utc) - chrono::Utc::now())
                .to_std()
                .unwrap_or_default()
        }
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

/// A reqwest error with its causes: "error sending request" alone says nothing.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    for cause in crate::failure::causes(error) {
        text.push_str(": ");
        text.push_str(&cause.to_string());
    }
    text
}

/// Runs `command` (no shell) with the message as JSON on its standard input and its main
/// fields in `FEEDSENTRY_*` variables; exit status 0 is success. The caller's timeout kills it.
async fn run_program(command: &[String], message: &Message<'_>) -> Result<(), DeliveryError> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| DeliveryError::new("the command is empty".into()))?;
    let mut process = tokio::process::Command::new(program);
    process
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .env("FEEDSENTRY_NOTIFIER", message.notifier)
        .env("FEEDSENTRY_EVENT", message.event())
        .env("FEEDSENTRY_COUNT", message.items.len().to_string());
    if let (false, [item]) = (message.digest, message.items) {
        let tags: Vec<&str> = item.tags.iter().map(|(t, _)| t.as_str()).collect();
        process
            .env("FEEDSENTRY_ITEM_ID", item.id.to_string())
            .env("FEEDSENTRY_TITLE", &item.title)
            .env("FEEDSENTRY_LINK", item.link.as_deref().unwrap_or(""))
            .env("FEEDSENTRY_FEED", &item.feed)
            .env("FEEDSENTRY_PUBLISHED", &item.published)
            .env("FEEDSENTRY_TAGS", tags.join(","));
    }
    let mut child = process
        .spawn()
        .map_err(|e| DeliveryError::new(format!("cannot run {program}: {e}")))?;
    let input = serde_json::to_vec(&message.json()).unwrap_or_default();
    if let Some(mut stdin) = child.stdin.take() {
        // A program that does not read its input is its own business; its exit status decides.
        let _ = stdin.write_all(&input).await;
    }
    let mut stderr = Vec::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_end(&mut stderr).await;
    }
    let status = child
        .wait()
        .await
        .map_err(|e| DeliveryError::new(format!("{program} could not be waited for: {e}")))?;
    if status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&stderr);
    let said = said.trim();
    let quoted: String = said.chars().take(STDERR_QUOTED).collect();
    Err(DeliveryError::new(if quoted.is_empty() {
        format!("{program} ended with {status}")
    } else {
        format!("{program} ended with {status}: {quoted}")
    }))
}

/// Sends `message` as one mail with a plain-text and an HTML part.
async fn send_mail(
    email: &EmailConfig,
    message: &Message<'_>,
    timeout: Duration,
) -> Result<(), DeliveryError> {
    let address = |text: &str| {
        text.parse::<Mailbox>()
            .map_err(|e| DeliveryError::new(format!("bad mail address {text:?}: {e}")))
    };
    let mut builder = lettre::Message::builder()
        .from(address(&email.from)?)
        .subject(message.subject());
    for to in &email.to {
        builder = builder.to(address(to)?);
    }
    let mail = builder
        .multipart(MultiPart::alternative_plain_html(
            message.text(),
            message.html(),
        ))
        .map_err(|e| DeliveryError::new(format!("cannot build the mail: {e}")))?;
    let server = format!("{}:{}", email.host, email.port);
    let fail = |e: lettre::transport::smtp::Error| {
        DeliveryError::new(format!("mail to {server} failed: {}", error_chain(&e)))
    };
    let mut transport = match email.tls {
        SmtpTls::StartTls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&email.host).map_err(fail)?
        }
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&email.host).map_err(fail)?,
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&email.host),
    }
    .port(email.port)
    .timeout(Some(timeout));
    if let Some(user) = &email.username {
        let password = email
            .password
            .as_ref()
            .map(|p| p.expose().to_string())
            .unwrap_or_default();
        transport = transport.credentials(Credentials::new(user.clone(), password));
    }
    transport.build().send(mail).await.map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_a_known_hmac() {
        // RFC 4231, test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_within_a_day() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("99999999"), Some(MAX_RETRY_AFTER));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
