//! Integration tests: the real binary against a loopback feed server, real SQLite files, and a
//! real PostgreSQL server where one is given.

mod attacker;
mod backends;
mod cli;
mod common;
mod daemon;
mod faults;
mod hostile;
mod incidents;
mod ingest;
mod nodes;
mod notify;
mod postgres;
mod query;
mod tagging;
