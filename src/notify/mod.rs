//! Notifications: what each kind of notifier sends ([`message`]) and how it is sent
//! ([`deliver`]). The outbox they are sent from lives in the store; the daemon's sender task
//! drives it.

pub mod deliver;
pub mod message;

use crate::config::{Mode, NotifierConfig};
use crate::store::NotifyRule;

pub use deliver::{Deliverer, DeliveryError};

/// The rules passes queue deliveries by, one per notifier.
pub fn rules(notifiers: &[NotifierConfig]) -> Vec<NotifyRule> {
    notifiers
        .iter()
        .map(|n| NotifyRule {
            name: n.name.clone(),
            tags: n.tags.clone(),
            feeds: n.feeds.clone(),
            search: n.search.clone(),
            max_age: n.max_age,
            first_of_incident: n.mode == Mode::Incident,
        })
        .collect()
}
