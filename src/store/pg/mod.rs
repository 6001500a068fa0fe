//! PostgreSQL, reached by a `postgres://` URL: the connection (TLS through rustls with the
//! webpki roots; the password from the URL, a file or `PGPASSWORD`, never printed), the
//! versioned schema, and the copy of a SQLite database into it. Every PostgreSQL statement and
//! every tokio-postgres import of the crate lives here.

mod copy;
mod incidents;
mod node;
mod outbox;
mod read;
mod retag;
mod schema;
mod writer;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use tokio_postgres::Client;

pub use copy::Copied;
pub use schema::CURRENT_VERSION;
pub use writer::PgWriter;

/// A PostgreSQL database as a URL names it, ready to connect to.
#[derive(Clone)]
pub struct Server {
    config: tokio_postgres::Config,
    shown: String,
}

/// What went wrong with a PostgreSQL database.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    /// The text is not a PostgreSQL URL that can be used.
    #[error("{url} is not a usable PostgreSQL URL: {reason}")]
    BadUrl {
        /// The URL, its password replaced by `***`.
        url: String,
        /// Why.
        reason: String,
    },
    /// The password file cannot be read.
    #[error("cannot read the password file {path}: {source}")]
    PasswordFile {
        /// The file.
        path: PathBuf,
        /// The reading error.
        source: std::io::Error,
    },
    /// No connection could be made, or it was refused (password, TLS, unknown database).
    #[error("cannot connect to {server}: {message}")]
    Connect {
        /// The URL, its password replaced by `***`.
        server: String,
        /// The server's or the network's explanation.
        message: String,
    },
    /// A statement failed.
    #[error("{server}: {message}")]
    Statement {
        /// The URL, its password replaced by `***`.
        server: String,
        /// The server's explanation, with its SQLSTATE code.
        message: String,
    },
    /// The database's schema is newer than this build's.
    #[error(
        "{server} has schema version {found}, newer than this feedsentry ({CURRENT_VERSION}); upgrade feedsentry"
    )]
    Newer {
        /// The URL, its password replaced by `***`.
        server: String,
        /// The version found.
        found: i64,
    },
    /// The database's schema is older than this build's (or not there yet).
    #[error(
        "{server} has schema version {found}, this feedsentry reads {CURRENT_VERSION} (run `feedsentry fetch` or `feedsentry run` once to create or upgrade it)"
    )]
    Older {
        /// The URL, its password replaced by `***`.
        server: String,
        /// The version found (0 for none).
        found: i64,
    },
    /// A copied cell cannot be stored in its PostgreSQL column.
    #[error("{table}.{column} of the row with {range} {id}: {reason}")]
    BadCell {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// The column the row is found by.
        range: &'static str,
        /// Its value.
        id: i64,
        /// Why the cell does not fit.
        reason: String,
    },
}

impl Server {
    /// Reads `url`. A password the URL lacks comes from `password_file` (its first line), else
    /// from `PGPASSWORD`; a user it lacks is `$USER`, as for `psql`.
    pub fn parse(url: &str, password_file: Option<&Path>) -> Result<Server, PgError> {
        let shown = crate::secret::redact_password(url);
        let bad = |reason: String| PgError::BadUrl {
            url: shown.clone(),
            reason,
        };
        // The scheme is case-insensitive; tokio-postgres reads only lower case.
        let rest = match url.trim().split_once("://") {
            Some((scheme, rest))
                if scheme.eq_ignore_ascii_case("postgres")
                    || scheme.eq_ignore_ascii_case("postgresql") =>
            {
                rest
            }
            _ => return Err(bad("it must start with postgres:// or postgresql://".into())),
        };
        let mut config = tokio_postgres::Config::from_str(&format!("postgres://{rest}"))
            .map_err(|e| bad(e.to_string()))?;
        if config.get_user().is_none() {
            let user = std::env::var("USER").map_err(|_| bad("it names no user".into()))?;
            config.user(user);
        }
        if config.get_password().is_none() {
            if let Some(path) = password_file {
                let text =
                    std::fs::read_to_string(path).map_err(|source| PgError::PasswordFile {
                        path: path.to_path_buf(),
                        source,
                    })?;
                config.password(text.lines().next().unwrap_or(""));
            } else if let Ok(password) = std::env::var("PGPASSWORD") {
                config.password(password);
            }
        }
        config.application_name("feedsentry");
        Ok(Server { config, shown })
    }

    /// The URL as it may be printed: its password is `***`.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Connects and brings the schema up to date (several nodes may do so at once: they take
    /// turns on an advisory lock): for the programs that write, once at start.
    pub async fn open(&self) -> Result<Pg, PgError> {
        let mut pg = self.connection().await?;
        schema::migrate(&mut pg.client, &self.shown).await?;
        Ok(pg)
    }

    /// Connects to a database whose schema is current, changing nothing: a role that may only
    /// read can run the reading commands.
    pub async fn connect(&self) -> Result<Pg, PgError> {
        let pg = self.connection().await?;
        schema::check(&pg.client, &self.shown).await?;
        Ok(pg)
    }

    async fn connection(&self) -> Result<Pg, PgError> {
        let tls = tls_config().map_err(|e| PgError::Connect {
            server: self.shown.clone(),
            message: format!("TLS: {e}"),
        })?;
        let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls);
        let (client, connection) =
            self.config
                .connect(tls)
                .await
                .map_err(|e| PgError::Connect {
                    server: self.shown.clone(),
                    message: describe(&e),
                })?;
        let server = self.shown.clone();
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(database = %server, "connection ended: {}", describe(&e));
            }
        });
        Ok(Pg {
            client,
            shown: self.shown.clone(),
            notify_rules: Vec::new(),
            incidents: None,
        })
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Server").field(&self.shown).finish()
    }
}

/// An open PostgreSQL database whose schema is current.
pub struct Pg {
    client: Client,
    shown: String,
    /// What passes queue deliveries by (see [`Pg::set_notify_rules`]); none until set.
    notify_rules: Vec<crate::store::NotifyRule>,
    /// What passes assign incidents by (see [`Pg::set_incident_rules`]); none until set.
    incidents: Option<crate::store::incidents::Assigner>,
}

impl Pg {
    fn failure(&self, error: tokio_postgres::Error) -> PgError {
        PgError::Statement {
            server: self.shown.clone(),
            message: describe(&error),
        }
    }
}

/// Verifies servers against the webpki roots; `sslmode` in the URL says whether TLS is tried
/// (`prefer`, the default), required or off.
fn tls_config() -> Result<rustls::ClientConfig, rustls::Error> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots)
    .with_no_client_auth())
}

/// The server's message with its SQLSTATE code, or the network's, with its causes.
fn describe(error: &tokio_postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        return format!("{} (SQLSTATE {})", db.message(), db.code().code());
    }
    let mut message = error.to_string();
    for cause in crate::failure::causes(error) {
        message.push_str(": ");
        message.push_str(&cause.to_string());
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown() {
        let server =
            Server::parse("postgres://ann:s3cret@db.example:5433/news", None).expect("a good URL");
        assert_eq!(server.shown(), "postgres://ann:***@db.example:5433/news");
        assert!(!format!("{server:?}").contains("s3cret"));
        let err = Server::parse(
            "postgres://ann:s3cret@db.example/news?sslmode=sometimes",
            None,
        )
        .expect_err("a bad sslmode");
        assert!(!err.to_string().contains("s3cret"), "{err}");
        assert!(
            err.to_string()
                .contains("postgres://ann:***@db.example/news"),
            "{err}"
        );
    }

    #[test]
    fn the_password_file_gives_its_first_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("pw");
        std::fs::write(&file, "from-file\nignored\n").expect("write");
        let server = Server::parse("postgresql://ann@db.example/news", Some(&file)).expect("parse");
        assert_eq!(server.config.get_password(), Some(&b"from-file"[..]));
        let err = Server::parse(
            "postgres://ann@db.example/news",
            Some(&dir.path().join("none")),
        )
        .expect_err("a missing file");
        assert!(matches!(err, PgError::PasswordFile { .. }), "{err}");
    }

    #[test]
    fn only_postgres_urls_are_taken() {
        assert!(Server::parse("PostgreSQL://ann@h/db", None).is_ok());
        for text in ["data/feedsentry.db", "postgres.db", "mysql://ann@h/db"] {
            let err = Server::parse(text, None).expect_err(text);
            assert!(matches!(err, PgError::BadUrl { .. }), "{text}: {err}");
        }
    }
}
