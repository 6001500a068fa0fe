//! The command line: clap definitions, one function per command, and exit codes.

mod commands;
pub mod output;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use output::Format;

/// Watches tech-news feeds for cyberattacks and keeps every item once in SQLite.
#[derive(Debug, Parser)]
#[command(name = "feedsentry", version, about)]
pub struct Cli {
    /// The configuration file (default: $FEEDSENTRY_CONFIG, ./feedsentry.toml,
    /// /etc/feedsentry/feedsentry.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Log line format.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How log lines are written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Poll feeds once now (all, or the named ones), print a summary per feed, then exit.
    Fetch {
        /// A feed's name or URL; repeat for several.
        #[arg(long = "feed", value_name = "NAME|URL")]
        feeds: Vec<String>,
    },
    /// List stored items, newest first.
    Items {
        /// Only items with this tag (e.g. cyberattack, cyberattack:ransomware).
        #[arg(long)]
        tag: Option<String>,
        /// Only items from this feed (name, title, host or URL).
        #[arg(long)]
        feed: Option<String>,
        /// Only items since a date (2026-11-01) or for a past span (7d, 12h).
        #[arg(long, value_name = "DATE|SPAN")]
        since: Option<String>,
        /// At most this many items.
        #[arg(long)]
        limit: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List feeds with their item counts and last poll.
    Feeds {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Check the configuration and print what was loaded.
    CheckConfig,
}

/// The process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The command did its work (a fetch pass whose feeds failed still ran).
    Success = 0,
    /// A runtime failure: the database cannot be opened, output cannot be written.
    Failure = 1,
    /// The configuration (or a command-line value) is invalid.
    Config = 2,
}

/// Runs the parsed command line and returns the exit status; errors are printed to stderr.
pub fn run(cli: Cli) -> Exit {
    commands::run(cli)
}
