//! feedsentry: polls news feeds on a schedule, stores every item once in SQLite and tags the
//! items that mention a cyberattack.
//!
//! Data flows one way: [`config`] → [`fetch`] → [`parse`] → [`tag`] → [`store`], driven for
//! one feed at a time by [`pipeline`] and timed by [`schedule`]; [`cli`] is the front.
//! [`export`] and [`opml`] share what is stored and configured; [`feedlist`] edits the feed list.

pub mod cli;
pub mod config;
pub mod daemon;
pub mod export;
pub mod failure;
pub mod feedlist;
pub mod fetch;
pub mod identity;
pub mod incident;
pub mod lang;
pub mod liveness;
pub mod notify;
pub mod opml;
pub mod parse;
pub mod pipeline;
pub mod schedule;
pub mod secret;
pub mod store;
pub mod tag;
pub mod text;
pub mod xml;
