//! Pure timing rules: when a feed is due again after a poll, given `now`.
//!
//! No clocks are read here, so every rule is tested with fixed times.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::PollConfig;
use crate::fetch::ServerHints;

/// The share of an interval by which the next poll may move either way, so that feeds that
/// started together drift apart.
pub const JITTER: f64 = 0.10;

/// What a poll ended with, as far as timing is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The feed answered (200 or 304).
    Success,
    /// The poll failed; `failures` counts consecutive failures including this one.
    Failure {
        /// Consecutive failures including this one.
        failures: u32,
    },
}

/// The next due time of a feed polled at `now` with `interval`, in a pass that ended with
/// `ending`. `jitter` in [-1, 1] picks where within ±[`JITTER`] the time falls.
///
/// Success: the interval, lengthened (never shortened) by the server's freshness hints and RSS
/// `<ttl>`. Failure: the interval doubled per consecutive failure, lengthened by `Retry-After`.
/// Always within `[min_interval, max_interval]`, except that `Retry-After` is honoured even
/// past `max_interval`: the server asked for it.
pub fn next_due(
    now: DateTime<Utc>,
    interval: Duration,
    poll: &PollConfig,
    ending: Ending,
    hints: ServerHints,
    ttl: Option<Duration>,
    jitter: f64,
) -> DateTime<Utc> {
    let wait = match ending {
        Ending::Success => interval
            .max(hints.fresh_for.unwrap_or_default())
            .max(ttl.unwrap_or_default()),
        Ending::Failure { failures } => {
            let factor = 2u32.saturating_pow(failures.min(16));
            interval.saturating_mul(factor)
        }
    };
    let wait = wait.clamp(poll.min_interval, poll.max_interval);
    let jittered = wait.mul_f64(1.0 + JITTER * jitter.clamp(-1.0, 1.0));
    let wait = jittered.max(poll.min_interval);
    let wait = match hints.retry_after {
        Some(retry) if matches!(ending, Ending::Failure { .. }) => wait.max(retry),
        _ => wait,
    };
    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX)
}

/// A pseudo-random number in [-1, 1] for jitter, different for each call.
pub fn random_jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    // RandomState is seeded randomly per instance: enough randomness to spread polls.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0);
    (hasher.finish() as f64 / u64::MAX as f64) * 2.0 - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll() -> PollConfig {
        let config = crate::config::parse(std::path::Path::new("t.toml"), "").expect("defaults");
        config.poll
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("valid time")
            .with_timezone(&Utc)
    }

    const NOW: &str = "2026-11-25T10:00:00Z";
    const HALF_HOUR: Duration = Duration::from_secs(1800);

    #[test]
    fn success_waits_one_interval_without_jitter() {
        let due = next_due(
            at(NOW),
            HALF_HOUR,
            &poll(),
            Ending::Success,
            ServerHints::default(),
            None,
            0.0,
        );
        assert_eq!(due, at("2026-11-25T10:30:00Z"));
    }

    #[test]
    fn jitter_stays_within_ten_percent() {
        let early = next_due(
            at(NOW),
            HALF_HOUR,
            &poll(),
            Ending::Success,
            ServerHints::default(),
            None,
            -1.0,
        );
        let late = next_due(
            at(NOW),
            HALF_HOUR,
            &poll(),
            Ending::Success,
            ServerHints::default(),
            None,
            1.0,
        );
        assert_eq!(early, at("2026-11-25T10:27:00Z"));
        assert_eq!(late, at("2026-11-25T10:33:00Z"));
        let r = random_jitter();
        assert!((-1.0..=1.0).contains(&r));
    }

    #[test]
    fn server_hints_lengthen_but_never_shorten() {
        let long = ServerHints {
            fresh_for: Some(Duration::from_secs(3600)),
            retry_after: None,
        };
        let short = ServerHints {
            fresh_for: Some(Duration::from_secs(60)),
            retry_after: None,
        };
        assert_eq!(
            next_due(
                at(NOW),
                HALF_HOUR,
                &poll(),
                Ending::Success,
                long,
                None,
                0.0
            ),
            at("2026-11-25T11:00:00Z")
        );
        assert_eq!(
            next_due(
                at(NOW),
                HALF_HOUR,
                &poll(),
                Ending::Success,
                short,
                None,
                0.0
            ),
            at("2026-11-25T10:30:00Z")
        );
        let ttl = Some(Duration::from_secs(7200));
        assert_eq!(
            next_due(
                at(NOW),
                HALF_HOUR,
                &poll(),
                Ending::Success,
                ServerHints::default(),
                ttl,
                0.0
            ),
            at("2026-11-25T12:00:00Z")
        );
    }

    #[test]
    fn failures_back_off_exponentially_up_to_the_cap() {
        let fail = |failures| {
            next_due(
                at(NOW),
                HALF_HOUR,
                &poll(),
                Ending::Failure { failures },
                ServerHints::default(),
                None,
                0.0,
            )
        };
        assert_eq!(fail(1), at("2026-11-25T11:00:00Z"));
        assert_eq!(fail(2), at("2026-11-25T12:00:00Z"));
        assert_eq!(fail(30), at("2026-11-26T10:00:00Z"));
    }

    #[test]
    fn retry_after_delays_a_failed_feed() {
        let hints = ServerHints {
            fresh_for: None,
            retry_after: Some(Duration::from_secs(4 * 3600)),
        };
        let due = next_due(
            at(NOW),
            HALF_HOUR,
            &poll(),
            Ending::Failure { failures: 1 },
            hints,
            None,
            0.0,
        );
        assert_eq!(due, at("2026-11-25T14:00:00Z"));
    }

    #[test]
    fn never_below_min_interval() {
        let due = next_due(
            at(NOW),
            Duration::from_secs(1),
            &poll(),
            Ending::Success,
            ServerHints::default(),
            None,
            -1.0,
        );
        assert_eq!(due, at("2026-11-25T10:05:00Z"));
    }
}
