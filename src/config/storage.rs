//! `[storage]`: a SQLite file (the default), or a PostgreSQL URL that several daemons share.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::{PollConfig, Problem, bounded_duration};
use crate::secret::Secret;

/// Where items are stored.
#[derive(Debug, Clone)]
pub enum Storage {
    /// A SQLite file, resolved against the config file's folder.
    Sqlite {
        /// The file.
        path: PathBuf,
        /// A new file is created readable by its group.
        group_readable: bool,
    },
    /// A PostgreSQL database that several daemons may share.
    Postgres(PostgresConfig),
}

impl Storage {
    /// The file, or the URL with its password replaced by `***`: for logs and messages.
    pub fn describe(&self) -> String {
        match self {
            Storage::Sqlite { path, .. } => path.display().to_string(),
            Storage::Postgres(pg) => crate::secret::redact_password(pg.url.expose()),
        }
    }
}

/// A PostgreSQL database and this daemon's part in the group that shares it.
#[derive(Debug, Clone)]
pub struct PostgresConfig {
    /// The URL as written; it may hold a password, hence a [`Secret`].
    pub url: Secret,
    /// A file whose first line is the password, when the URL has none.
    pub password_file: Option<PathBuf>,
    /// This daemon's name in leases and in `feeds`: `node`, else host name and process id.
    pub node: String,
    /// How long a claimed feed stays this daemon's; a dead daemon's feeds are taken over
    /// after it.
    pub lease: Duration,
}

/// The range of `[storage] lease`.
pub const LEASE_RANGE: (Duration, Duration) =
    (Duration::from_secs(2), Duration::from_secs(24 * 3600));

/// What a lease must leave beyond `[poll] timeout`: the commit of the pass.
const LEASE_MARGIN: Duration = Duration::from_secs(60);

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStorage {
    database: Option<Spanned<String>>,
    group_readable: Option<bool>,
    password_file: Option<Spanned<String>>,
    node: Option<Spanned<String>>,
    lease: Option<Spanned<String>>,
}

/// Checks `[storage]`; relative paths are resolved against `base`.
pub(super) fn check_storage(
    raw: &RawStorage,
    base: &Path,
    poll: &PollConfig,
) -> Result<Storage, Problem> {
    let database = match &raw.database {
        Some(db) if db.get_ref().trim().is_empty() => {
            return Err((db.span(), "database must not be empty".into()));
        }
        Some(db) if is_postgres_url(db.get_ref()) => db.get_ref().trim(),
        Some(db) => {
            for (key, value) in [("password_file", &raw.password_file), ("node", &raw.node)] {
                if let Some(value) = value {
                    return Err((value.span(), format!("{key} is for a PostgreSQL database")));
                }
            }
            if let Some(lease) = &raw.lease {
                return Err((lease.span(), "lease is for a PostgreSQL database".into()));
            }
            return Ok(Storage::Sqlite {
                path: base.join(db.get_ref()),
                group_readable: raw.group_readable.unwrap_or(false),
            });
        }
        None => {
            return Ok(Storage::Sqlite {
                path: base.join("feedsentry.db"),
                group_readable: raw.group_readable.unwrap_or(false),
            });
        }
    };
    let lease = match &raw.lease {
        Some(value) => {
            let lease = bounded_duration(value, LEASE_RANGE)?;
            if lease <= poll.timeout {
                return Err((
                    value.span(),
                    format!(
                        "lease must be longer than [poll] timeout ({}), or a slow feed's lease \
                         could end while it is being fetched",
                        humantime::format_duration(poll.timeout)
                    ),
                ));
            }
            lease
        }
        None => poll.timeout.saturating_mul(2) + LEASE_MARGIN,
    };
    let node = match &raw.node {
        Some(node) if node.get_ref().trim().is_empty() => {
            return Err((node.span(), "node must not be empty".into()));
        }
        Some(node) => node.get_ref().trim().to_string(),
        None => default_node(),
    };
    Ok(Storage::Postgres(PostgresConfig {
        url: Secret::new(database.to_string()),
        password_file: raw
            .password_file
            .as_ref()
            .map(|file| base.join(file.get_ref())),
        node,
        lease,
    }))
}

/// Whether a configured database names a PostgreSQL server rather than a SQLite file.
fn is_postgres_url(database: &str) -> bool {
    let lower = database.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// The host name and process id: unique among daemons that run at once.
fn default_node() -> String {
    // The unit's ProcSubset=pid hides /proc/sys; /etc/hostname stays readable.
    let host = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|h| h.trim().to_string())
        .find(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{host}:{}", std::process::id())
}
