//! `feedsentry notify`: send a test message, show the outbox, re-queue failed deliveries.

use std::io::{self, Write};

use chrono::Utc;

use super::commands::Failure;
use super::output::{Format, print_csv, print_json_lines, print_table, terminal_safe, truncate};
use crate::config::{Config, Mode, NotifierConfig, NotifierKind};
use crate::notify::Deliverer;
use crate::notify::message::{Message, sample_item};
use crate::store::NotifierStatus;

/// What `notify` does.
#[derive(Debug, clap::Subcommand)]
pub enum NotifyAction {
    /// Send a sample item through a notifier now, outside the outbox, and say how it went.
    Test {
        /// The notifier's name, as `[[notify]] name` gives it.
        name: String,
    },
    /// Pending, failed and delivered counts per notifier, the oldest pending delivery and
    /// the last error.
    Status {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Put a notifier's failed deliveries back in the outbox; the running daemon sends them.
    Retry {
        /// The notifier's name.
        name: String,
    },
}

/// Runs `notify ACTION`.
pub(super) fn run(config: &Config, action: NotifyAction) -> Result<(), Failure> {
    match action {
        NotifyAction::Test { name } => test(config, notifier(config, &name)?),
        NotifyAction::Status { format } => status(config, format),
        NotifyAction::Retry { name } => retry(config, &name),
    }
}

/// The configured notifier `name`, or an error that lists the names.
fn notifier<'c>(config: &'c Config, name: &str) -> Result<&'c NotifierConfig, Failure> {
    config
        .notifiers
        .iter()
        .find(|n| n.name == name)
        .ok_or_else(|| {
            let names: Vec<String> = config.notifiers.iter().map(|n| n.name.clone()).collect();
            let hint = super::resolve::did_you_mean(name, &names).unwrap_or_else(|| {
                if names.is_empty() {
                    "; the configuration has no [[notify]] entry".into()
                } else {
                    format!("; the configuration has {}", names.join(", "))
                }
            });
            Failure::config(format!("no notifier is named {name:?}{hint}"))
        })
}

fn test(config: &Config, notifier: &NotifierConfig) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::runtime(format!("cannot start the runtime: {e}")))?;
    let deliverer = Deliverer::new(&config.poll.user_agent).map_err(Failure::runtime)?;
    let items = [sample_item()];
    let message = Message {
        notifier: &notifier.name,
        items: &items,
        digest: matches!(notifier.mode, Mode::Digest(_)),
    };
    let key = format!("{}:test:{}", notifier.name, Utc::now().timestamp());
    runtime
        .block_on(deliverer.send(notifier, &message, &key))
        .map_err(|e| Failure::runtime(format!("notifier {}: {e}", notifier.name)))?;
    writeln!(
        io::stdout().lock(),
        "sent a test message through {} ({})",
        notifier.name,
        kind_name(&notifier.kind)
    )?;
    Ok(())
}

fn status(config: &Config, format: Format) -> Result<(), Failure> {
    let store = super::commands::open_reading(config)?;
    let mut rows = store.outbox_status()?;
    // A notifier configured since the database last ran still gets its row.
    for notifier in &config.notifiers {
        if !rows.iter().any(|r| r.name == notifier.name) {
            rows.push(NotifierStatus {
                name: notifier.name.clone(),
                pending: 0,
                failed: 0,
                delivered: 0,
                oldest_pending: None,
                last_error: None,
            });
        }
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let kind = |name: &str| {
        config
            .notifiers
            .iter()
            .find(|n| n.name == name)
            .map_or("not configured", |n| kind_name(&n.kind))
    };
    let mut out = io::stdout().lock();
    if format == Format::Json {
        print_json_lines(&mut out, &rows)?;
        return Ok(());
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                kind(&r.name).to_string(),
                r.pending.to_string(),
                r.failed.to_string(),
                r.delivered.to_string(),
                r.oldest_pending.clone().unwrap_or_else(|| "-".into()),
                r.last_error.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let header = [
        "NOTIFIER",
        "KIND",
        "PENDING",
        "FAILED",
        "DELIVERED",
        "OLDEST PENDING",
        "LAST ERROR",
    ];
    if format == Format::Csv {
        print_csv(&mut out, &header, &cells)?;
    } else {
        let cells: Vec<Vec<String>> = cells
            .into_iter()
            .map(|row| {
                row.iter()
                    .map(|c| truncate(&terminal_safe(c), 60))
                    .collect()
            })
            .collect();
        print_table(&mut out, &header, &cells)?;
    }
    Ok(())
}

fn retry(config: &Config, name: &str) -> Result<(), Failure> {
    let mut store = super::commands::open_database(config)?;
    let known = store
        .outbox_status()
        .map_err(Failure::runtime)?
        .iter()
        .any(|r| r.name == name);
    if !known {
        notifier(config, name)?;
    }
    let requeued = store
        .retry_failed(name, Utc::now())
        .map_err(Failure::runtime)?;
    writeln!(
        io::stdout().lock(),
        "re-queued {requeued} failed deliveries of {name}"
    )?;
    Ok(())
}

/// The kind as `[[notify]] kind` spells it.
fn kind_name(kind: &NotifierKind) -> &'static str {
    match kind {
        NotifierKind::Webhook { .. } => "webhook",
        NotifierKind::Slack { .. } => "slack",
        NotifierKind::Ntfy { .. } => "ntfy",
        NotifierKind::Exec { .. } => "exec",
        NotifierKind::Email(_) => "email",
    }
}
