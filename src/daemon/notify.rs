//! systemd notifications (`sd_notify`): readiness, reloads, stopping, status and watchdog.
//! Without `NOTIFY_SOCKET` every call does nothing, so the daemon runs the same in a terminal.

use std::time::Duration;

use sd_notify::NotifyState;

/// Sends state changes to the service manager, when there is one.
pub struct Notifier {
    enabled: bool,
}

impl Notifier {
    /// A notifier for the socket named by `NOTIFY_SOCKET`, if set.
    pub fn from_env() -> Notifier {
        Notifier {
            enabled: std::env::var_os("NOTIFY_SOCKET").is_some(),
        }
    }

    /// The watchdog ping interval: half of `WATCHDOG_USEC`, when the service sets `WatchdogSec`.
    /// As in sd_watchdog_enabled(3), a `WATCHDOG_PID` naming another process disables it.
    pub fn watchdog_interval(&self) -> Option<Duration> {
        let usec: u64 = std::env::var("WATCHDOG_USEC").ok()?.trim().parse().ok()?;
        let for_us = std::env::var("WATCHDOG_PID")
            .ok()
            .is_none_or(|pid| pid.trim() == std::process::id().to_string());
        (self.enabled && for_us && usec > 0).then(|| Duration::from_micros(usec / 2))
    }

    /// `READY=1` with a status line.
    pub fn ready(&self, status: &str) {
        self.send(&[NotifyState::Ready, NotifyState::Status(status)]);
    }

    /// `RELOADING=1` with the monotonic time systemd expects alongside it.
    pub fn reloading(&self) {
        match NotifyState::monotonic_usec_now() {
            Ok(now) => self.send(&[NotifyState::Reloading, now]),
            Err(_) => self.send(&[NotifyState::Reloading]),
        }
    }

    /// `STOPPING=1`.
    pub fn stopping(&self) {
        self.send(&[NotifyState::Stopping, NotifyState::Status("stopping")]);
    }

    /// `STATUS=` with a short summary.
    pub fn status(&self, status: &str) {
        self.send(&[NotifyState::Status(status)]);
    }

    /// `WATCHDOG=1`.
    pub fn watchdog(&self) {
        self.send(&[NotifyState::Watchdog]);
    }

    fn send(&self, states: &[NotifyState]) {
        if self.enabled
            && let Err(e) = sd_notify::notify(false, states)
        {
            tracing::debug!(error = %e, "cannot notify the service manager");
        }
    }
}
