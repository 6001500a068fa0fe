//! Store ingest throughput as the database grows: new items from many feeds are committed the
//! way the daemon commits them (batches of passes, one transaction each, full-text index kept
//! in step), and items per second are printed for every step of the database's growth. Parsing
//! and tagging happen before the clock starts: only the store is timed. The process's resident
//! memory is printed with each step, to show that it does not grow with the stored items. Last,
//! every stored item is tagged again as `feedsentry retag` does, and that is timed too.
//!
//! `cargo run --release --example ingest -- [TOTAL_ITEMS] [FEEDS]` (defaults 500000 and 500)

use std::time::{Duration, Instant};

use chrono::Utc;
use feedsentry::config::{FeedConfig, parse as parse_config};
use feedsentry::pipeline::prepare;
use feedsentry::store::{FeedPass, Store};
use feedsentry::tag::{TagInput, Tagger};

/// New items in each feed's pass.
const ITEMS_PER_PASS: usize = 100;
/// Passes committed together, as the daemon's committer does under load.
const PASSES_PER_BATCH: usize = 32;
/// Items between two printed figures.
const STEP: usize = 100_000;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let (total, feeds) = match (count(args.next(), 500_000), count(args.next(), 500)) {
        (Ok(total), Ok(feeds)) => (total, feeds),
        (Err(bad), _) | (_, Err(bad)) => {
            eprintln!(
                "ingest: {bad:?} is not a positive whole number\nusage: ingest [TOTAL_ITEMS] [FEEDS]"
            );
            return std::process::ExitCode::from(2);
        }
    };
    match run(total, feeds) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ingest: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// A positive count given on the command line, or `default` when none is given.
fn count(arg: Option<String>, default: usize) -> Result<usize, String> {
    match arg {
        None => Ok(default),
        Some(text) => text.parse().ok().filter(|&n| n > 0).ok_or(text),
    }
}

fn run(total: usize, feeds: usize) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("ingest.db");
    let mut store = Store::open(&path)?;
    let configured: Vec<FeedConfig> = (0..feeds)
        .map(|f| FeedConfig::with_url(format!("https://feed{f}.example.com/rss")))
        .collect();
    let config = parse_config(std::path::Path::new("ingest.toml"), "")?;
    store.sync_feeds(
        &feedsentry::pipeline::feed_entries(&configured, &config.poll),
        Utc::now(),
    )?;
    let ids: Vec<i64> = store.active_feeds()?.iter().map(|f| f.id).collect();
    let tagger = Tagger::builtin();

    println!("items stored | items/s in this step | database MB | resident MB");
    let (mut stored, mut round) = (0usize, 0usize);
    let (mut step_time, mut all_time, mut step_items) = (Duration::ZERO, Duration::ZERO, 0usize);
    while stored < total {
        let mut passes = Vec::with_capacity(PASSES_PER_BATCH);
        for _ in 0..PASSES_PER_BATCH {
            let feed = round % ids.len();
            let doc = synthetic_feed(feed, round / ids.len());
            let url = &configured[feed].url;
            let prepared = prepare(doc.as_bytes(), url, &tagger, usize::MAX)?;
            passes.push(FeedPass::fetched(
                ids[feed],
                Utc::now(),
                prepared.title,
                prepared.items,
            ));
            round += 1;
        }
        let started = Instant::now();
        for result in store.commit_passes(&passes) {
            stored += result?.new;
        }
        let took = started.elapsed();
        step_time += took;
        all_time += took;
        step_items += PASSES_PER_BATCH * ITEMS_PER_PASS;
        if step_items >= STEP || stored >= total {
            let size = std::fs::metadata(&path)?.len() as f64 / 1e6;
            let rate = step_items as f64 / step_time.as_secs_f64();
            let resident = resident_mb().map_or("?".into(), |mb| format!("{mb:.1}"));
            println!("{stored:>12} | {rate:>20.0} | {size:>11.1} | {resident:>11}");
            (step_time, step_items) = (Duration::ZERO, 0);
        }
    }
    println!(
        "overall: {stored} items in {:.2} s of commits = {:.0} items/s ({feeds} feeds, {PASSES_PER_BATCH} passes of {ITEMS_PER_PASS} per transaction)",
        all_time.as_secs_f64(),
        stored as f64 / all_time.as_secs_f64()
    );
    // What `feedsentry retag` does after a rule change: every stored item tagged again.
    let started = Instant::now();
    let retagged = store.retag(
        &mut |title, summary, content| {
            tagger.tag(&TagInput {
                title,
                summary,
                content,
            })
        },
        &mut |_| {},
    )?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "retag: {} items in {took:.1} s = {:.0} items/s",
        retagged.items,
        retagged.items as f64 / took
    );
    Ok(())
}

/// This process's resident memory in MB, where `/proc` tells it.
fn resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Pass `round` of feed `feed`: `ITEMS_PER_PASS` items never sent before, of realistic size,
/// a tenth of them about attacks.
fn synthetic_feed(feed: usize, round: usize) -> String {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Ingest</title>",
    );
    for i in 0..ITEMS_PER_PASS {
        let n = round * ITEMS_PER_PASS + i;
        let title = if i % 10 == 0 {
            format!("Hospital network hit by ransomware attack, patient records stolen ({n})")
        } else {
            format!("Quarterly earnings of chip maker {n} beat forecasts as demand grows")
        };
        doc.push_str(&format!(
            "<item><title>{title}</title><link>https://feed{feed}.example.com/story/{n}?utm_source=rss</link>\
             <guid isPermaLink=\"false\">feed{feed}-{n}</guid><pubDate>Tue, 24 Nov 2026 {:02}:{:02}:00 GMT</pubDate>\
             <description>&lt;p&gt;The company said on &lt;b&gt;Tuesday&lt;/b&gt; that results for quarter {n} were \
             better than analysts expected, with revenue up eight percent and margins steady across regions.&lt;/p&gt;</description></item>",
            (n / 60) % 24,
            n % 60
        ));
    }
    doc.push_str("</channel></rss>");
    doc
}
