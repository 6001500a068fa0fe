//! feedsentry: polls news feeds, stores every item once in SQLite and tags cyberattacks.

pub mod tag;
pub mod text;
