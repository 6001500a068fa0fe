//! The command line: clap definitions, one function per command, and exit codes.

mod commands;
mod export;
mod feeds_edit;
mod health;
mod incidents;
mod journal;
mod layout;
mod migrate;
mod notify;
pub mod output;
mod progress;
mod query;
mod resolve;
mod tagging;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use notify::NotifyAction;
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
    /// List stored items: newest first, or by rank with --search.
    Items {
        /// Which items.
        #[command(flatten)]
        filters: Filters,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Explain an item's tags: its text, its stored tags, and what the current rules fire and
    /// veto on it.
    Explain {
        /// The item's id (as `items` lists it).
        id: i64,
    },
    /// Re-apply the current tagging rules to every stored item (one transaction) and print
    /// how many tags were added and removed.
    Retag,
    /// Show one item in full: text, link, feeds, tags with their evidence.
    Show {
        /// The item's id (as `items` lists it).
        id: i64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Count items per feed, per tag and per day, and list the failing feeds.
    ///
    /// `--format json` prints one object: `since`, `items`, then `feeds` (each with `name`,
    /// `url` and `items`), `tags` and `days` (each with `name` and `items`), and `failing`
    /// (feeds as `feeds --format json` prints them). `--format csv` prints rows of kind
    /// (feed, tag, day or failing), name, count and detail (a feed's URL, a failure's error).
    Stats {
        /// Only items since a date (2026-11-01) or for a past span (7d, 12h); feeds with no
        /// item in it are left out unless --all is given.
        #[arg(long, value_name = "DATE|SPAN", allow_hyphen_values = true)]
        since: Option<String>,
        /// List every feed, also those with no item since --since.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write items as an Atom feed, a JSON Feed or CSV, to share or subscribe to.
    Export {
        /// Which items.
        #[command(flatten)]
        filters: Filters,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Atom)]
        format: ExportFormat,
        /// An Atom feed of incidents instead of items: one entry per incident, updated when
        /// an item joins it (takes --since).
        #[arg(long)]
        incidents: bool,
    },
    /// List feeds with their item counts and last poll; or edit or share the feed list.
    #[command(args_conflicts_with_subcommands = true)]
    Feeds {
        /// Edit or share the feed list instead of listing the feeds.
        #[command(subcommand)]
        action: Option<FeedsAction>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Incidents: one row per attack reported, with its victim, actor, category, first seen,
    /// and how many items and outlets reported it.
    Incidents {
        /// Only incidents with an item since a date (2026-11-01) or a past span (7d).
        #[arg(long, value_name = "DATE|SPAN", allow_hyphen_values = true)]
        since: Option<String>,
        /// Only this category (ransomware, data-breach, …).
        #[arg(long)]
        category: Option<String>,
        /// Only incidents whose victim contains this text (case ignored).
        #[arg(long)]
        victim: Option<String>,
        /// Assign every stored item again, in the order they were stored (one transaction);
        /// incidents keep their ids where they keep most of their items.
        #[arg(long)]
        rebuild: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// One incident: its victim, actor and category, and its items with feed, time and why
    /// each joined.
    Incident {
        /// The incident's id (as `incidents` lists it).
        id: i64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Notifications: send a test message, show the outbox, re-queue failed deliveries.
    Notify {
        /// What to do.
        #[command(subcommand)]
        action: NotifyAction,
    },
    /// Copy the SQLite database into PostgreSQL: feeds with their schedule, items, which feed
    /// sent them, their de-duplication keys, and tags with evidence; then it assigns incidents
    /// there as `incidents --rebuild` does. Run again, it adds and updates what changed since;
    /// it prints the rows copied per table and the incidents made.
    Migrate {
        /// The SQLite file to copy (default: the configured database).
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// The PostgreSQL database: postgres://user@host:port/name (TLS with `sslmode=require`).
        #[arg(long, value_name = "URL")]
        to: String,
        /// A file whose first line is the password, when the URL has none; else $PGPASSWORD.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// Check the configuration and print what was loaded.
    CheckConfig,
    /// Exit 0 when the database opens, its schema is current and a poll ended within twice
    /// the smallest feed interval; otherwise exit 1 and say why. For container health checks
    /// and monitoring.
    Health,
    /// Run as a daemon: poll every feed on its schedule until SIGTERM or SIGINT.
    Run,
}

/// Which items `items` and `export` take; every filter narrows the selection.
#[derive(Debug, Clone, Args)]
pub struct Filters {
    /// Only items matching this full-text query (FTS5 syntax: words, "phrases", AND, OR, NOT,
    /// prefix*, parentheses); results come by rank.
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    /// Only items with this tag (e.g. cyberattack, cyberattack:ransomware).
    #[arg(long)]
    pub tag: Option<String>,
    /// Only items from this feed (name, title, host or URL).
    #[arg(long)]
    pub feed: Option<String>,
    /// Only items since a date (2026-11-01) or for a past span (7d, 12h).
    #[arg(long, value_name = "DATE|SPAN", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Only items before a time: a date (up to the end of that day) or a span ago (2d).
    #[arg(long, value_name = "DATE|SPAN", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// At most this many items.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Only items in this language: an ISO 639-1 code (en, es, pt, de, fr, …).
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Only the items of this incident (as `incidents` lists it).
    #[arg(long, value_name = "ID")]
    pub incident: Option<i64>,
}

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// An Atom 1.0 feed.
    Atom,
    /// A JSON Feed 1.1 document.
    Json,
    /// CSV with a header row.
    Csv,
}

/// What `feeds` does besides listing.
#[derive(Debug, Subcommand)]
pub enum FeedsAction {
    /// Add a feed to the configuration file (comments and order are kept).
    Add {
        /// The feed's URL.
        url: String,
        /// Its display name.
        #[arg(long)]
        name: Option<String>,
        /// Its own polling interval (e.g. 15m).
        #[arg(long)]
        interval: Option<String>,
    },
    /// Remove a feed from the configuration file (its stored items stay).
    Remove {
        /// The feed's name or URL.
        #[arg(value_name = "NAME|URL")]
        feed: String,
    },
    /// Add the feeds of an OPML file, skipping those already listed.
    Import {
        /// The OPML file, as feed readers export it.
        file: PathBuf,
    },
    /// Print the configured feeds as OPML 2.0, for a feed reader.
    Export,
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
    // Before any command starts a thread: a one-shot fetch or a rebuild commits as much as the
    // daemon does, and the same two arenas bound its memory.
    crate::daemon::memory::cap_arenas();
    commands::run(cli)
}
