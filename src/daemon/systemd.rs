//! systemd notifications (`sd_notify`): readiness, reloads, stopping, status and watchdog.
//! Without `NOTIFY_SOCKET` every call does nothing, so the daemon runs the same in a terminal.

use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::time::Duration;

use sd_notify::NotifyState;

/// Notifications that may wait for a slow service manager; more are dropped.
const QUEUE: usize = 32;

/// A notification, owned so that it can wait in the queue.
enum Note {
    Ready(String),
    Reloading(Option<i128>),
    Stopping(u32),
    Status(String),
    Watchdog,
}

impl Note {
    fn states(&self) -> Vec<NotifyState<'_>> {
        match self {
            Note::Ready(status) => vec![NotifyState::Ready, NotifyState::Status(status)],
            Note::Reloading(Some(now)) => {
                vec![NotifyState::Reloading, NotifyState::MonotonicUsec(*now)]
            }
            Note::Reloading(None) => vec![NotifyState::Reloading],
            Note::Stopping(usec) => vec![
                NotifyState::Stopping,
                NotifyState::ExtendTimeoutUsec(*usec),
                NotifyState::Status("stopping"),
            ],
            Note::Status(status) => vec![NotifyState::Status(status)],
            Note::Watchdog => vec![NotifyState::Watchdog],
        }
    }
}

/// Sends state changes to the service manager, when there is one.
///
/// A datagram to a manager that does not read blocks once its socket's queue is full, so the
/// datagrams are sent by a thread of their own: the daemon's loop only queues them, and a
/// notification that finds the queue full is dropped (logged at debug level) rather than
/// stopping the polls and the signal handling behind it.
pub struct Systemd {
    queue: Option<SyncSender<Note>>,
}

impl Systemd {
    /// A notifier for the socket named by `NOTIFY_SOCKET`, if set.
    pub fn from_env() -> Systemd {
        if std::env::var_os("NOTIFY_SOCKET").is_none() {
            return Systemd { queue: None };
        }
        let (queue, notes) = sync_channel::<Note>(QUEUE);
        let sender = std::thread::Builder::new()
            .name("sd-notify".into())
            .spawn(move || {
                for note in notes {
                    if let Err(e) = sd_notify::notify(false, &note.states()) {
                        tracing::debug!(error = %e, "cannot notify the service manager");
                    }
                }
            });
        match sender {
            Ok(_) => Systemd { queue: Some(queue) },
            Err(e) => {
                tracing::warn!(error = %e, "cannot start the notification thread; systemd will not hear from feedsentry");
                Systemd { queue: None }
            }
        }
    }

    /// The watchdog ping interval: half of `WATCHDOG_USEC`, when the service sets `WatchdogSec`.
    /// As in sd_watchdog_enabled(3), a `WATCHDOG_PID` naming another process disables it.
    pub fn watchdog_interval(&self) -> Option<Duration> {
        let usec: u64 = std::env::var("WATCHDOG_USEC").ok()?.trim().parse().ok()?;
        let for_us = std::env::var("WATCHDOG_PID")
            .ok()
            .is_none_or(|pid| pid.trim() == std::process::id().to_string());
        (self.queue.is_some() && for_us && usec > 0).then(|| Duration::from_micros(usec / 2))
    }

    /// `READY=1` with a status line.
    pub fn ready(&self, status: &str) {
        self.send(Note::Ready(status.to_string()));
    }

    /// `RELOADING=1` with the monotonic time systemd expects alongside it.
    pub fn reloading(&self) {
        let now = match NotifyState::monotonic_usec_now() {
            Ok(NotifyState::MonotonicUsec(now)) => Some(now),
            _ => None,
        };
        self.send(Note::Reloading(now));
    }

    /// `STOPPING=1`, with `EXTEND_TIMEOUT_USEC=` asking for `needed` to stop: systemd then
    /// waits past the unit's `TimeoutStopSec` when a long `shutdown_grace` needs it.
    pub fn stopping(&self, needed: Duration) {
        let usec = u32::try_from(needed.as_micros()).unwrap_or(u32::MAX);
        self.send(Note::Stopping(usec));
    }

    /// `STATUS=` with a short summary.
    pub fn status(&self, status: &str) {
        self.send(Note::Status(status.to_string()));
    }

    /// `WATCHDOG=1`.
    pub fn watchdog(&self) {
        self.send(Note::Watchdog);
    }

    fn send(&self, note: Note) {
        if let Some(queue) = &self.queue {
            match queue.try_send(note) {
                Ok(()) => {}
                Err(TrySendError::Full(_)) => {
                    tracing::debug!("the service manager is not reading notifications; one dropped")
                }
                Err(TrySendError::Disconnected(_)) => {
                    tracing::debug!("the notification thread is gone; one dropped")
                }
            }
        }
    }
}
