//! Robustness check: every document under the given folders goes through the ingestion path
//! (parse → plain text → tag → store in a temporary database). Fails on any panic or on a
//! document that takes longer than the per-file bound; prints how many were stored, how many
//! were rejected with an error, and how many took longer than 100 ms.
//!
//! `cargo run --release --example corpus_check -- FOLDER...`

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::Utc;
use feedsentry::config::{FeedConfig, PollConfig};
use feedsentry::pipeline::prepare;
use feedsentry::store::{FeedPass, Store};
use feedsentry::tag::Tagger;

/// A document that takes longer than this counts as a hang.
const BOUND: Duration = Duration::from_secs(10);
const SLOW: Duration = Duration::from_millis(100);

enum Verdict {
    Stored(usize),
    Rejected(String),
}

fn main() -> std::process::ExitCode {
    let folders: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if folders.is_empty() {
        eprintln!("usage: corpus_check FOLDER...");
        return std::process::ExitCode::from(2);
    }
    let mut files = Vec::new();
    for folder in &folders {
        if let Err(e) = collect(folder, &mut files) {
            eprintln!("corpus_check: cannot read {}: {e}", folder.display());
            return std::process::ExitCode::from(2);
        }
    }
    files.sort();
    let scratch = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("corpus_check: no temporary folder: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let database = scratch.path().join("corpus.db");
    // Built once: compiling the rules and names takes longer than parsing most documents.
    let tagger = std::sync::Arc::new(Tagger::builtin());

    let (mut stored, mut items, mut rejected, mut slow, mut broken) = (0, 0, 0, 0, 0);
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    for (index, file) in files.iter().enumerate() {
        let started = Instant::now();
        let (send, receive) = mpsc::channel();
        let path = file.clone();
        let db = database.clone();
        let tagger = std::sync::Arc::clone(&tagger);
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| ingest(&path, &db, index, &tagger));
            // The receiver may have given up on a hang; nothing more to report then.
            let _ = send.send(outcome);
        });
        match receive.recv_timeout(BOUND) {
            Ok(Ok(Ok(Verdict::Stored(n)))) => {
                stored += 1;
                items += n;
            }
            Ok(Ok(Ok(Verdict::Rejected(reason)))) => {
                rejected += 1;
                *reasons
                    .entry(reason.chars().take(60).collect())
                    .or_default() += 1;
            }
            Ok(Ok(Err(e))) => {
                broken += 1;
                println!("FAILED {}: {e}", file.display());
            }
            Ok(Err(_)) => {
                broken += 1;
                println!("PANIC {}", file.display());
            }
            Err(_) => {
                println!("HANG {} (over {}s)", file.display(), BOUND.as_secs());
                println!("corpus check: FAILED");
                return std::process::ExitCode::from(1);
            }
        }
        if started.elapsed() > SLOW {
            slow += 1;
            println!(
                "slow {} ({} ms)",
                file.display(),
                started.elapsed().as_millis()
            );
        }
    }
    println!("rejections by cause:");
    for (reason, count) in &reasons {
        println!("  {count:>5}  {reason}");
    }
    println!(
        "corpus check: {} documents, {stored} stored ({items} items), {rejected} rejected with an error, {slow} over 100 ms, {broken} panics or store failures",
        files.len()
    );
    if broken > 0 {
        return std::process::ExitCode::from(1);
    }
    std::process::ExitCode::SUCCESS
}

fn collect(folder: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path
            .extension()
            .is_some_and(|e| matches!(e.to_str(), Some("xml" | "json" | "rdf" | "rss" | "atom")))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// One document through parse, tag and store, as a feed of its own.
fn ingest(path: &Path, database: &Path, index: usize, tagger: &Tagger) -> Result<Verdict, String> {
    let body = std::fs::read(path).map_err(|e| e.to_string())?;
    let url = format!("https://corpus.invalid/{index}/feed.xml");
    // Every item of a corpus document is checked, however many it has.
    let (title, items) = match prepare(&body, &url, tagger, usize::MAX) {
        Ok(prepared) => (prepared.title, prepared.items),
        Err(reason) => return Ok(Verdict::Rejected(reason.to_string())),
    };
    let mut store = Store::open(database).map_err(|e| e.to_string())?;
    let poll = default_poll();
    let all = vec![FeedConfig::with_url(url.clone())];
    store
        .sync_feeds(&feedsentry::pipeline::feed_entries(&all, &poll), Utc::now())
        .map_err(|e| e.to_string())?;
    let state = store
        .active_feeds()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|f| f.url == url)
        .ok_or("feed row missing")?;
    let count = items.len();
    let now = Utc::now();
    let pass = FeedPass::fetched(state.id, now, title, items);
    store.commit_pass(&pass).map_err(|e| e.to_string())?;
    Ok(Verdict::Stored(count))
}

fn default_poll() -> PollConfig {
    // The empty configuration is valid by construction: every key has a default.
    feedsentry::config::parse(Path::new("corpus.toml"), "")
        .expect("the empty configuration is valid")
        .poll
}
