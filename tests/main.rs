//! Integration tests: the real binary against a loopback feed server and real SQLite files.

mod attacker;
mod cli;
mod common;
mod daemon;
mod faults;
mod hostile;
mod incidents;
mod ingest;
mod notify;
mod query;
mod tagging;
