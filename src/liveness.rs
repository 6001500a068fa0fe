//! The one rule for "is the daemon doing its job?", shared by `feedsentry health` and the
//! daemon's `/healthz`: the database opens with the current schema and the newest poll of an
//! enabled feed ended within twice the smallest interval of those feeds.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::Config;

/// `Ok` with a line saying why the daemon is healthy, or `Err` with the reason it is not;
/// `last_poll` is when the database says the last poll of an enabled feed ended.
pub fn verdict(
    last_poll: Result<Option<DateTime<Utc>>, crate::store::StoreError>,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let smallest = config
        .feeds
        .iter()
        .filter(|f| f.enabled)
        .map(|f| f.effective_interval(&config.poll))
        .min();
    let Some(smallest) = smallest else {
        return Ok("no feed is enabled, so nothing is due".into());
    };
    let limit = smallest.saturating_mul(2);
    let last = last_poll
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "no poll has ended yet".to_string())?;
    let age = (now - last).to_std().unwrap_or(Duration::ZERO);
    let show =
        |d: Duration| humantime::format_duration(Duration::from_secs(d.as_secs())).to_string();
    if age > limit {
        return Err(format!(
            "the last poll ended {} ago, more than {} (twice the smallest interval); is \
             `feedsentry run` running?",
            show(age),
            show(limit)
        ));
    }
    Ok(format!(
        "the last poll ended {} ago (limit {}); database {}",
        show(age),
        show(limit),
        config.storage.describe()
    ))
}
