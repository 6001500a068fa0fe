//! Pure timing rules: when a feed is due again after a poll, given `now`.
//!
//! No clocks are read here, so every rule is tested with fixed times. All arithmetic saturates:
//! whatever a server or the configuration says, the due time is a valid instant.

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
        /// How many times longer each failure makes the wait (see
        /// [`crate::failure::FailureKind::backoff_base`]).
        base: u32,
    },
}

/// The next due time of a feed polled at `now` with `interval`, in a pass that ended with
/// `ending`. `jitter` in [-1, 1] picks where within ±[`JITTER`] the time falls.
///
/// Success: the interval, lengthened (never shortened) by the server's freshness hints and RSS
/// `<ttl>`. Failure: the interval multiplied by `base` per consecutive failure, lengthened by
/// `Retry-After`. Always within `[min_interval, max_interval]` (jitter included), however large
/// what the server asked for.
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
        Ending::Failure { failures, base } => {
            let factor = base.max(2).saturating_pow(failures.min(16));
            interval
                .saturating_mul(factor)
                .max(hints.retry_after.unwrap_or_default())
        }
    };
    let wait = wait.clamp(poll.min_interval, poll.max_interval);
    // A NaN jitter counts as none; the factor stays within [0.9, 1.1], so no overflow.
    let jitter = if jitter.is_nan() {
        0.0
    } else {
        jitter.clamp(-1.0, 1.0)
    };
    let wait = wait
        .mul_f64(1.0 + JITTER * jitter)
        .clamp(poll.min_interval, poll.max_interval);
    chrono::Duration::from_std(wait)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
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
            ..ServerHints::default()
        };
        let short = ServerHints {
            fresh_for: Some(Duration::from_secs(60)),
            ..ServerHints::default()
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
                Ending::Failure { failures, base: 2 },
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
    fn a_missing_feed_backs_off_faster() {
        let fail = |base| {
            next_due(
                at(NOW),
                HALF_HOUR,
                &poll(),
                Ending::Failure { failures: 2, base },
                ServerHints::default(),
                None,
                0.0,
            )
        };
        assert_eq!(fail(2), at("2026-11-25T12:00:00Z"));
        assert_eq!(fail(4), at("2026-11-25T18:00:00Z"));
    }

    #[test]
    fn an_absurd_retry_after_is_capped_at_max_interval() {
        let hints = ServerHints {
            retry_after: Some(Duration::from_secs(u64::MAX)),
            ..ServerHints::default()
        };
        let due = next_due(
            at(NOW),
            HALF_HOUR,
            &poll(),
            Ending::Failure {
                failures: u32::MAX,
                base: u32::MAX,
            },
            hints,
            Some(Duration::MAX),
            f64::NAN,
        );
        assert_eq!(due, at("2026-11-26T10:00:00Z"));
    }

    #[test]
    fn the_end_of_time_saturates() {
        let due = next_due(
            DateTime::<Utc>::MAX_UTC,
            HALF_HOUR,
            &poll(),
            Ending::Success,
            ServerHints::default(),
            None,
            0.0,
        );
        assert_eq!(due, DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn retry_after_delays_a_failed_feed() {
        let hints = ServerHints {
            retry_after: Some(Duration::from_secs(4 * 3600)),
            ..ServerHints::default()
        };
        let due = next_due(
            at(NOW),
            HALF_HOUR,
            &poll(),
            Ending::Failure {
                failures: 1,
                base: 2,
            },
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
