//! `health`: one answer, by exit status, to "is the daemon doing its job?", for container
//! health checks and monitoring that cannot read systemd's watchdog.

use std::io::{self, Write};
use std::time::Duration;

use chrono::Utc;

use super::commands::Failure;
use crate::config::Config;
use crate::store::Store;

/// Healthy when the database opens with the current schema and the newest poll of an enabled
/// feed ended within twice the smallest interval of those feeds.
pub(super) fn health(config: &Config) -> Result<(), Failure> {
    let unhealthy = |why: String| Failure::runtime(format!("unhealthy: {why}"));
    let store = Store::open_read_only(&config.database).map_err(|e| unhealthy(e.to_string()))?;
    let smallest = config
        .feeds
        .iter()
        .filter(|f| f.enabled)
        .map(|f| f.effective_interval(&config.poll))
        .min();
    let mut out = io::stdout().lock();
    let Some(smallest) = smallest else {
        writeln!(out, "healthy: no feed is enabled, so nothing is due")?;
        return Ok(());
    };
    let limit = smallest.saturating_mul(2);
    let last = store
        .last_poll_ended()
        .map_err(|e| unhealthy(e.to_string()))?
        .ok_or_else(|| unhealthy("no poll has ended yet".into()))?;
    let age = (Utc::now() - last).to_std().unwrap_or(Duration::ZERO);
    let show =
        |d: Duration| humantime::format_duration(Duration::from_secs(d.as_secs())).to_string();
    if age > limit {
        return Err(unhealthy(format!(
            "the last poll ended {} ago, more than {} (twice the smallest interval); is \
             `feedsentry run` running?",
            show(age),
            show(limit)
        )));
    }
    writeln!(
        out,
        "healthy: the last poll ended {} ago (limit {}); database {}",
        show(age),
        show(limit),
        config.database.display()
    )?;
    Ok(())
}
