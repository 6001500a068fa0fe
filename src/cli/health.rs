//! `health`: one answer, by exit status, to "is the daemon doing its job?", for container
//! health checks and monitoring that cannot read systemd's watchdog.

use std::io::{self, Write};

use chrono::Utc;

use super::commands::Failure;
use crate::config::Config;

/// Exit 0 with the reason when [`crate::liveness::verdict`] says healthy, else exit 1 with
/// the reason it is not (a database that does not open or has an old schema included).
pub(super) fn health(config: &Config) -> Result<(), Failure> {
    let unhealthy = |why: String| Failure::runtime(format!("unhealthy: {why}"));
    let store = super::commands::open_reading(config).map_err(|e| unhealthy(e.to_string()))?;
    let healthy =
        crate::liveness::verdict(store.last_poll_ended(), config, Utc::now()).map_err(unhealthy)?;
    writeln!(io::stdout().lock(), "healthy: {healthy}")?;
    Ok(())
}
