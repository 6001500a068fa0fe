//! A fresh PostgreSQL database per test, on the server `.ci/run` starts: its URL (a role that
//! may create databases) is in `FEEDSENTRY_TEST_POSTGRES`. Without it the PostgreSQL tests say
//! so and pass, unless `FEEDSENTRY_REQUIRE_POSTGRES` is set, as CI sets it, where they fail.

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio_postgres::{NoTls, SimpleQueryMessage};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A database created for one test and dropped after it.
pub struct TestDatabase {
    admin: String,
    name: String,
    pub url: String,
}

impl TestDatabase {
    /// A new empty database, or `None` (with a note) where no server was given.
    pub fn create() -> Option<TestDatabase> {
        let Ok(admin) = std::env::var("FEEDSENTRY_TEST_POSTGRES") else {
            assert!(
                std::env::var_os("FEEDSENTRY_REQUIRE_POSTGRES").is_none(),
                "FEEDSENTRY_REQUIRE_POSTGRES is set but FEEDSENTRY_TEST_POSTGRES is not"
            );
            eprintln!("FEEDSENTRY_TEST_POSTGRES is not set: this PostgreSQL test did nothing");
            return None;
        };
        let name = format!(
            "feedsentry_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        simple_query(&admin, &format!("CREATE DATABASE {name}"));
        let (base, _) = admin.rsplit_once('/').expect("the URL names a database");
        let url = format!("{base}/{name}");
        Some(TestDatabase { admin, name, url })
    }

    /// Runs `sql` and returns its rows, every cell as text ("" for NULL).
    pub fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        simple_query(&self.url, sql)
    }

    /// The single integer a query returns.
    pub fn count(&self, sql: &str) -> i64 {
        self.rows(sql)[0][0].parse().expect("an integer")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        simple_query(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

/// Runs `sql` on the database at `url` and returns its rows as text.
fn simple_query(url: &str, sql: &str) -> Vec<Vec<String>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(url, NoTls)
            .await
            .unwrap_or_else(|e| panic!("connect to {url}: {e}"));
        tokio::spawn(connection);
        let messages = client
            .simple_query(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        messages
            .into_iter()
            .filter_map(|message| match message {
                SimpleQueryMessage::Row(row) => Some(
                    (0..row.len())
                        .map(|i| row.get(i).unwrap_or("").to_string())
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    })
}
