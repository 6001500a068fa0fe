//! Helpers shared by the integration tests: the loopback server, temp projects with a config,
//! running the real binary, and reading the database it wrote.

pub mod daemon;
pub mod postgres;
pub mod receiver;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::Connection;
use tempfile::TempDir;

/// A fixture file's text.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// A temporary folder holding a config file and, once fetched, its database.
pub struct Project {
    pub dir: TempDir,
}

impl Project {
    /// A project whose config lists `feed_urls` (with names feed0, feed1, … unless `extra` says
    /// otherwise) and `poll` lines in its `[poll]` table.
    pub fn new(poll: &str, feed_urls: &[String]) -> Project {
        let feeds: String = feed_urls
            .iter()
            .enumerate()
            .map(|(i, url)| format!("[[feeds]]\nurl = \"{url}\"\nname = \"feed{i}\"\n\n"))
            .collect();
        Project::with_config(&format!(
            "[storage]\ndatabase = \"fs.db\"\n\n[poll]\n{poll}\n\n{feeds}"
        ))
    }

    pub fn with_config(text: &str) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("feedsentry.toml"), text).expect("write config");
        Project { dir }
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("feedsentry.toml")
    }

    pub fn database(&self) -> PathBuf {
        self.dir.path().join("fs.db")
    }

    /// Runs the binary with `--config` and `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_env(args, &[])
    }

    /// Runs the binary with `--config`, `args` and the extra environment variables `env`.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let config = self.config();
        let mut full = vec!["--config", config.to_str().expect("utf-8 path")];
        full.extend_from_slice(args);
        binary_with_env(&full, self.dir.path(), env)
    }

    /// Runs `fetch` and insists that it exits 0; returns its stdout.
    pub fn fetch(&self) -> String {
        let out = self.run(&["fetch"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "fetch failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    pub fn db(&self) -> Connection {
        Connection::open(self.database()).expect("open the database")
    }

    /// The single integer a query returns.
    pub fn count(&self, sql: &str) -> i64 {
        self.db()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// Runs the real binary in `cwd` with a clean environment for config lookup.
pub fn binary(args: &[&str], cwd: &Path) -> Output {
    binary_with_env(args, cwd, &[])
}

/// Runs the real binary in `cwd` with a clean environment for config lookup, plus `env`.
pub fn binary_with_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_feedsentry"))
        .args(args)
        .current_dir(cwd)
        .env_remove("FEEDSENTRY_CONFIG")
        .env_remove("RUST_LOG")
        .envs(env.iter().copied())
        .output()
        .expect("run the feedsentry binary")
}

/// An RSS 2.0 document with the given `<item>` elements.
pub fn rss(title: &str, items: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://example.org/</link>{items}</channel></rss>"
    )
}

/// An RSS item with a guid, a link and a title.
pub fn item(guid: &str, link: &str, title: &str) -> String {
    format!(
        "<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">{guid}</guid></item>"
    )
}

/// One HTTP GET to the daemon's metrics server: the status line and the body.
pub fn http_get(address: &str, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("connect to the metrics server");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").expect("send request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read response");
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

/// The value of the sample `name` whose labels include `labels`.
pub fn sample(scrape: &prometheus_parse::Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    let found = scrape
        .samples
        .iter()
        .find(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .unwrap_or_else(|| panic!("no {name} {labels:?} in the scrape"));
    match &found.value {
        prometheus_parse::Value::Counter(v)
        | prometheus_parse::Value::Gauge(v)
        | prometheus_parse::Value::Untyped(v) => *v,
        other => panic!("{name}: unexpected value {other:?}"),
    }
}

pub fn scrape(address: &str) -> prometheus_parse::Scrape {
    let (status, body) = http_get(address, "/metrics");
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    prometheus_parse::Scrape::parse(body.lines().map(|l| Ok(l.to_string()))).expect("parse")
}
