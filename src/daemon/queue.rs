//! The daemon's schedule in memory: which feed is due when, and which are being polled.
//!
//! Pure bookkeeping, given `now`: the database stays the source of truth (each feed's
//! `next_due` is written with its pass), and this queue is rebuilt from it at start-up and
//! merged with it on reload.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::store::FeedState;

/// The longest window over which feeds overdue at start-up are spread.
pub const STARTUP_SPREAD: Duration = Duration::from_secs(60);

struct Entry {
    feed: FeedState,
    due: DateTime<Utc>,
    running: bool,
    removed: bool,
}

/// Feeds by row id with their due times.
#[derive(Default)]
pub struct DueQueue {
    entries: HashMap<i64, Entry>,
}

/// What a reload changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Feeds newly scheduled.
    pub added: usize,
    /// Feeds no longer scheduled.
    pub removed: usize,
}

impl DueQueue {
    /// A queue of `feeds` at start-up. Feeds already due (or never polled) are spread evenly
    /// over `spread` from `now`, so that a restart is not a burst.
    pub fn start(feeds: Vec<FeedState>, now: DateTime<Utc>, spread: Duration) -> DueQueue {
        let mut overdue: Vec<&FeedState> = feeds
            .iter()
            .filter(|f| f.next_due.is_none_or(|d| d <= now))
            .collect();
        overdue.sort_by_key(|f| (f.next_due, f.id));
        let step = spread
            .checked_div(overdue.len().max(1) as u32)
            .unwrap_or_default();
        let mut offsets: HashMap<i64, DateTime<Utc>> = HashMap::new();
        for (i, feed) in overdue.iter().enumerate() {
            let offset = step.saturating_mul(i as u32);
            offsets.insert(
                feed.id,
                now + chrono::Duration::from_std(offset).unwrap_or_default(),
            );
        }
        let entries = feeds
            .into_iter()
            .filter(|f| !f.gone)
            .map(|feed| {
                let due = offsets
                    .get(&feed.id)
                    .copied()
                    .or(feed.next_due)
                    .unwrap_or(now);
                (
                    feed.id,
                    Entry {
                        feed,
                        due,
                        running: false,
                        removed: false,
                    },
                )
            })
            .collect();
        DueQueue { entries }
    }

    /// Merges a reloaded feed list: new feeds are due at once, feeds no longer listed stop
    /// being scheduled (a running poll of one finishes), others keep their due time.
    pub fn merge(&mut self, feeds: Vec<FeedState>, now: DateTime<Utc>) -> Changes {
        let mut changes = Changes::default();
        let listed: HashMap<i64, FeedState> = feeds
            .into_iter()
            .filter(|f| !f.gone)
            .map(|f| (f.id, f))
            .collect();
        for (id, entry) in self.entries.iter_mut() {
            if !listed.contains_key(id) && !entry.removed {
                entry.removed = true;
                changes.removed += 1;
            }
        }
        self.entries.retain(|_, e| !e.removed || e.running);
        for (id, feed) in listed {
            match self.entries.get_mut(&id) {
                Some(entry) => {
                    if entry.removed {
                        entry.removed = false;
                        changes.added += 1;
                    }
                    entry.feed = feed;
                }
                None => {
                    let due = feed.next_due.filter(|d| *d > now).unwrap_or(now);
                    self.entries.insert(
                        id,
                        Entry {
                            feed,
                            due,
                            running: false,
                            removed: false,
                        },
                    );
                    changes.added += 1;
                }
            }
        }
        changes
    }

    /// The feeds due at `now` that are not being polled, marked as being polled.
    pub fn take_due(&mut self, now: DateTime<Utc>) -> Vec<FeedState> {
        let mut due: Vec<&mut Entry> = self
            .entries
            .values_mut()
            .filter(|e| !e.running && !e.removed && e.due <= now)
            .collect();
        due.sort_by_key(|e| (e.due, e.feed.id));
        due.into_iter()
            .map(|e| {
                e.running = true;
                e.feed.clone()
            })
            .collect()
    }

    /// Records a finished poll of feed `id`, with its state as now stored (`None` when it is no
    /// longer active, e.g. gone). Returns false when the feed left the schedule.
    pub fn finished(
        &mut self,
        id: i64,
        stored: Option<FeedState>,
        next_due: DateTime<Utc>,
    ) -> bool {
        let Some(entry) = self.entries.get_mut(&id) else {
            return false;
        };
        entry.running = false;
        match stored {
            Some(feed) if !feed.gone && !entry.removed => {
                entry.due = next_due;
                entry.feed = feed;
                true
            }
            _ => {
                self.entries.remove(&id);
                false
            }
        }
    }

    /// The earliest due time of a feed that is not being polled.
    pub fn next_wake(&self) -> Option<DateTime<Utc>> {
        self.entries
            .values()
            .filter(|e| !e.running && !e.removed)
            .map(|e| e.due)
            .min()
    }

    /// Feeds scheduled (being polled or waiting).
    pub fn len(&self) -> usize {
        self.entries.values().filter(|e| !e.removed).count()
    }

    /// Feeds due within `window` of `now`.
    pub fn due_within(&self, now: DateTime<Utc>, window: Duration) -> usize {
        let limit = now + chrono::Duration::from_std(window).unwrap_or_default();
        self.entries
            .values()
            .filter(|e| !e.removed && e.due <= limit)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).expect("valid timestamp")
    }

    fn feed(id: i64, next_due: Option<DateTime<Utc>>) -> FeedState {
        FeedState {
            id,
            url: format!("https://f{id}.example/"),
            fetch_url: format!("https://f{id}.example/"),
            name: format!("f{id}"),
            etag: None,
            last_modified: None,
            consecutive_failures: 0,
            next_due,
            gone: false,
            interval: Duration::from_secs(600),
        }
    }

    #[test]
    fn overdue_feeds_are_spread_over_the_window() {
        let feeds = vec![
            feed(1, None),
            feed(2, Some(at(-50))),
            feed(3, Some(at(-10))),
            feed(4, Some(at(300))),
        ];
        let mut queue = DueQueue::start(feeds, at(0), Duration::from_secs(60));
        assert_eq!(
            queue
                .take_due(at(0))
                .iter()
                .map(|f| f.id)
                .collect::<Vec<_>>(),
            vec![1]
        );
        assert_eq!(
            queue
                .take_due(at(20))
                .iter()
                .map(|f| f.id)
                .collect::<Vec<_>>(),
            vec![2]
        );
        assert_eq!(
            queue
                .take_due(at(40))
                .iter()
                .map(|f| f.id)
                .collect::<Vec<_>>(),
            vec![3]
        );
        assert_eq!(
            queue.next_wake(),
            Some(at(300)),
            "a feed not yet due keeps its time"
        );
    }

    #[test]
    fn a_running_feed_is_not_taken_twice() {
        let mut queue = DueQueue::start(vec![feed(1, None)], at(0), Duration::ZERO);
        assert_eq!(queue.take_due(at(0)).len(), 1);
        assert!(queue.take_due(at(100)).is_empty());
        assert!(queue.finished(1, Some(feed(1, None)), at(600)));
        assert_eq!(queue.next_wake(), Some(at(600)));
    }

    #[test]
    fn reload_adds_at_once_removes_and_keeps_due_times() {
        let mut queue = DueQueue::start(
            vec![feed(1, Some(at(500))), feed(2, Some(at(900)))],
            at(0),
            Duration::ZERO,
        );
        let changes = queue.merge(vec![feed(1, Some(at(500))), feed(3, None)], at(10));
        assert_eq!(
            changes,
            Changes {
                added: 1,
                removed: 1
            }
        );
        assert_eq!(queue.len(), 2);
        assert_eq!(
            queue
                .take_due(at(10))
                .iter()
                .map(|f| f.id)
                .collect::<Vec<_>>(),
            vec![3]
        );
        assert_eq!(queue.next_wake(), Some(at(500)));
    }

    #[test]
    fn a_feed_removed_while_running_is_dropped_when_it_finishes() {
        let mut queue = DueQueue::start(vec![feed(1, None)], at(0), Duration::ZERO);
        queue.take_due(at(0));
        queue.merge(vec![], at(1));
        assert_eq!(queue.len(), 0);
        assert!(!queue.finished(1, Some(feed(1, None)), at(600)));
        assert_eq!(queue.next_wake(), None);
    }

    #[test]
    fn a_gone_feed_leaves_the_schedule() {
        let mut queue = DueQueue::start(vec![feed(1, None)], at(0), Duration::ZERO);
        queue.take_due(at(0));
        let mut gone = feed(1, None);
        gone.gone = true;
        assert!(!queue.finished(1, Some(gone), at(600)));
        assert_eq!(queue.len(), 0);
    }
}
