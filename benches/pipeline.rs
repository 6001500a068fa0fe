//! Benchmarks of the CPU-bound stages of a pass: parse, canonical link and identity, tag, and
//! store. Run with `cargo bench`; CI only builds them (`cargo bench --no-run`).

use std::hint::black_box;
use std::path::Path;

use chrono::Utc;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use feedsentry::config::{FeedConfig, parse as parse_config};
use feedsentry::identity::{canonical_link, identity_key};
use feedsentry::parse::parse_feed;
use feedsentry::pipeline::prepare;
use feedsentry::store::{FeedPass, Store};
use feedsentry::tag::{TagInput, Tagger};

const ITEMS: usize = 100;
/// Passes committed together in the batched store benchmark.
const BATCH: usize = 32;
/// Feeds the batched store benchmark spreads its passes over, as a daemon's feed list does.
const FEEDS: usize = 500;

/// An RSS document with `items` items of realistic size, a tenth of them about attacks.
fn synthetic_feed(items: usize, salt: &str) -> String {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Bench</title>",
    );
    for i in 0..items {
        let title = if i % 10 == 0 {
            format!("Hospital network hit by ransomware attack, patient records stolen ({i})")
        } else {
            format!("Quarterly earnings of chip maker beat forecasts as demand grows ({i})")
        };
        doc.push_str(&format!(
            "<item><title>{title}</title><link>https://news.example.com/{salt}/story/{i}?utm_source=rss&amp;id={i}</link>\
             <guid isPermaLink=\"false\">{salt}-{i}</guid><pubDate>Tue, 24 Nov 2026 08:{:02}:00 GMT</pubDate>\
             <description>&lt;p&gt;The company said on &lt;b&gt;Tuesday&lt;/b&gt; that results for the quarter were \
             better than analysts expected, with revenue up eight percent and margins steady across regions.&lt;/p&gt;</description></item>",
            i % 60
        ));
    }
    doc.push_str("</channel></rss>");
    doc
}

fn bench_parse(c: &mut Criterion) {
    let doc = synthetic_feed(ITEMS, "p");
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(ITEMS as u64));
    group.bench_function("rss_100_items", |b| {
        b.iter(|| {
            parse_feed(black_box(doc.as_bytes()), "https://news.example.com/feed")
                .map(|f| f.items.len())
        })
    });
    group.finish();
}

fn bench_identity(c: &mut Criterion) {
    let link =
        "HTTPS://News.Example.com:443/world/story-12345?utm_source=rss&id=7&fbclid=abc#comments";
    c.bench_function("canonical_link", |b| {
        b.iter(|| canonical_link(black_box(link)))
    });
    c.bench_function("identity_key", |b| {
        b.iter(|| {
            identity_key(
                black_box(Some("urn:guid:12345")),
                Some("https://news.example.com/a"),
                "Title",
                None,
            )
        })
    });
}

fn bench_tag(c: &mut Criterion) {
    let tagger = Tagger::builtin();
    let feed = parse_feed(
        synthetic_feed(ITEMS, "t").as_bytes(),
        "https://news.example.com/feed",
    )
    .expect("valid feed");
    let plain: Vec<_> = feed.items.iter().map(|i| i.plain()).collect();
    let mut group = c.benchmark_group("tag");
    group.throughput(Throughput::Elements(plain.len() as u64));
    group.bench_function("title_and_summary", |b| {
        b.iter(|| {
            plain
                .iter()
                .map(|p| {
                    tagger
                        .tag(&TagInput {
                            title: &p.title,
                            summary: &p.summary,
                            content: &p.content,
                        })
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

/// A pass of `ITEMS` items never stored before (`round` makes them new).
fn new_pass(round: &mut u64, feed_id: i64, tagger: &Tagger) -> FeedPass {
    *round += 1;
    let doc = synthetic_feed(ITEMS, &round.to_string());
    let prepared = prepare(
        doc.as_bytes(),
        "https://news.example.com/feed",
        tagger,
        usize::MAX,
    )
    .expect("valid feed");
    FeedPass::fetched(feed_id, Utc::now(), prepared.title, prepared.items)
}

fn bench_store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("bench.db")).expect("open store");
    let config =
        parse_config(Path::new("bench.toml"), "").expect("the empty configuration is valid");
    let feeds: Vec<FeedConfig> = (0..FEEDS)
        .map(|n| FeedConfig::with_url(format!("https://news{n}.example.com/feed")))
        .collect();
    store
        .sync_feeds(
            &feedsentry::pipeline::feed_entries(&feeds, &config.poll),
            Utc::now(),
        )
        .expect("sync");
    let feed_ids: Vec<i64> = store
        .active_feeds()
        .expect("feeds")
        .iter()
        .map(|f| f.id)
        .collect();
    let feed_id = feed_ids[0];
    let tagger = Tagger::builtin();
    let mut round = 0u64;
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(ITEMS as u64));
    group.bench_function("commit_100_new_items", |b| {
        b.iter_batched(
            || new_pass(&mut round, feed_id, &tagger),
            |pass| store.commit_pass(&pass).expect("commit"),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();

    // The ingest path: passes of different feeds that finish together are committed in one
    // transaction.
    let mut next_feed = feed_ids.iter().copied().cycle();
    let mut group = c.benchmark_group("store_batched");
    group.throughput(Throughput::Elements((ITEMS * BATCH) as u64));
    group.sample_size(10);
    group.bench_function("commit_32_passes_of_100_new_items_over_500_feeds", |b| {
        b.iter_batched(
            || {
                (0..BATCH)
                    .map(|_| {
                        // The cycle over a non-empty list never ends.
                        let feed = next_feed.next().unwrap_or(feed_id);
                        new_pass(&mut round, feed, &tagger)
                    })
                    .collect::<Vec<_>>()
            },
            |passes| store.commit_passes(&passes).into_iter().all(|r| r.is_ok()),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_parse, bench_identity, bench_tag, bench_store);
criterion_main!(benches);
