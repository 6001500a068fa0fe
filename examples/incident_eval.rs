//! Measures incident grouping on the development corpus: `incidents.jsonl` says which attack
//! each positive item of `labels.jsonl` reports. The items are stored in a temporary database
//! in time order, through the same writer path as a fetch (so incidents are assigned live),
//! and the groups are compared with the labels: B-cubed, pairwise figures among items of
//! multi-item incidents, merges across conflicting CVEs or victims, victim accuracy, and the
//! cost per item. The 2026-07-22 archives are the tuning part, the 2026-08-22 ones the
//! validation part; figures are reported, not judged.
//!
//! With `--scale N`, N generated items (one in ten an attack on one of a thousand victims)
//! spread over the year before the corpus are stored first, and the cost of assigning every
//! tagged item again (a rebuild) is reported per item at that size.
//!
//! Usage: `cargo run --release --example incident_eval -- ../shared/corpus [--misses N]
//! [--scale N] [--explain TITLE]`

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use feedsentry::incident::Matcher;
use feedsentry::pipeline::prepare;
use feedsentry::store::{FeedEntry, FeedPass, Store, StoredItem};
use feedsentry::tag::{TagHit, Tagger};
use serde::Deserialize;

/// One line of `incidents.jsonl`.
#[derive(Deserialize, Clone)]
struct Label {
    file: String,
    guid: String,
    title: String,
    incident: String,
    victim: String,
    cve: String,
}

/// A labelled item as stored.
struct Stored {
    label: Label,
    item_id: i64,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(corpus) = args.first().map(PathBuf::from) else {
        eprintln!("usage: incident_eval CORPUS [--misses N]");
        return ExitCode::from(2);
    };
    let misses = args
        .iter()
        .position(|a| a == "--misses")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    match run(&corpus, misses) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("incident_eval: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(corpus: &Path, misses: usize) -> Result<(), String> {
    let text = std::fs::read_to_string(corpus.join("incidents.jsonl"))
        .map_err(|e| format!("cannot read incidents.jsonl: {e}"))?;
    let labels: Vec<Label> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("bad label: {e}")))
        .collect::<Result<_, _>>()?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut store = Store::open(&dir.path().join("eval.db")).map_err(|e| e.to_string())?;
    let files: BTreeSet<&str> = labels.iter().map(|l| l.file.as_str()).collect();
    let entries: Vec<FeedEntry> = files
        .iter()
        .map(|f| FeedEntry {
            url: format!("https://{f}/"),
            name: Some((*f).to_string()),
            enabled: true,
            interval: std::time::Duration::from_secs(1800),
            own_interval: None,
        })
        .collect();
    store
        .sync_feeds(&entries, Utc::now())
        .map_err(|e| e.to_string())?;
    let feed_ids: HashMap<String, i64> = store
        .active_feeds()
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|f| (f.url, f.id))
        .collect();
    store.set_incident_rules(Arc::new(Matcher::default()));
    let scale = std::env::args()
        .skip_while(|a| a != "--scale")
        .nth(1)
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    if scale > 0 {
        fill(
            &mut store,
            feed_ids.values().copied().min().unwrap_or(1),
            scale,
        )?;
    }

    // Every labelled item with its text and time, as the ingestion parser reads it.
    let tagger = Tagger::builtin();
    let wanted: HashMap<(&str, &str), &Label> = labels
        .iter()
        .map(|l| ((l.file.as_str(), l.guid.as_str()), l))
        .collect();
    let mut queue: Vec<(chrono::DateTime<Utc>, usize, i64, StoredItem, Label)> = Vec::new();
    for file in &files {
        let body = std::fs::read(corpus.join("feeds").join(file))
            .map_err(|e| format!("cannot read {file}: {e}"))?;
        let url = format!("https://{file}/");
        let prepared =
            prepare(&body, &url, &tagger, 100_000).map_err(|e| format!("{file}: {e}"))?;
        for (order, mut stored) in prepared.items.into_iter().enumerate() {
            let keys = [
                stored.item.guid.clone(),
                stored.item.link.clone(),
                Some(stored.plain.title.clone()),
            ];
            let Some(label) = keys
                .iter()
                .flatten()
                .find_map(|k| wanted.get(&(*file, k.as_str())))
            else {
                continue;
            };
            if !stored.tags.iter().any(|t| t.tag == "cyberattack") {
                stored.tags.push(TagHit {
                    tag: "cyberattack".into(),
                    evidence: "labelled".into(),
                });
            }
            let time = stored.item.published.unwrap_or_else(Utc::now);
            queue.push((time, order, feed_ids[&url], stored, (*label).clone()));
        }
    }
    queue.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));

    let started = Instant::now();
    let mut keys = Vec::new();
    for (time, _, feed, item, label) in queue {
        let key = (item.item.guid.clone(), item.item.canonical_link.clone());
        store
            .commit_pass(&FeedPass::fetched(feed, time, None, vec![item]))
            .map_err(|e| e.to_string())?;
        keys.push((key, label));
    }
    let elapsed = started.elapsed();
    let reader =
        rusqlite::Connection::open(dir.path().join("eval.db")).map_err(|e| e.to_string())?;
    let mut stored_items = Vec::new();
    for ((guid, link), label) in keys {
        let id: Option<i64> = reader
            .query_row(
                "SELECT id FROM items WHERE guid = ?1 OR canonical_link = ?2 OR plain_title = ?3
                 ORDER BY guid = ?1 DESC, id LIMIT 1",
                rusqlite::params![guid, link, label.title],
                |r| r.get(0),
            )
            .ok();
        if let Some(item_id) = id {
            stored_items.push(Stored { label, item_id });
        }
    }
    let found = stored_items.len();
    println!(
        "incident_eval: {found} of {} labelled items stored in time order; {:.2} ms per item (store, tag and assign)",
        labels.len(),
        elapsed.as_secs_f64() * 1000.0 / found.max(1) as f64
    );
    let assigned = assignments(&dir.path().join("eval.db"))?;
    if scale > 0 {
        let started = Instant::now();
        let counts = store
            .rebuild_incidents(&Matcher::default(), &mut |_| {})
            .map_err(|e| e.to_string())?;
        println!(
            "at {} stored items: a rebuild assigned {} tagged items in {:.1} s, {:.3} ms per item",
            scale + found,
            counts.items,
            started.elapsed().as_secs_f64(),
            started.elapsed().as_secs_f64() * 1000.0 / counts.items.max(1) as f64
        );
    }
    println!();
    println!(
        "{:<12} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "part",
        "items",
        "B3 P",
        "B3 R",
        "B3 F1",
        "pair P",
        "pair R",
        "all P",
        "conflicts",
        "victim"
    );
    for (part, pick) in [
        ("tuning", "20260722"),
        ("validation", "20260822"),
        ("all", ""),
    ] {
        let items: Vec<&Stored> = stored_items
            .iter()
            .filter(|s| s.label.file.contains(pick))
            .collect();
        report(part, &items, &assigned);
    }
    let none = |gold_none: bool| {
        stored_items
            .iter()
            .filter(|s| s.label.incident.is_empty() == gold_none)
            .map(|s| usize::from(!assigned.contains_key(&s.item_id)))
            .fold((0, 0), |(n, all), x| (n + x, all + 1))
    };
    let ((trend_none, trends), (incident_none, incidents)) = (none(true), none(false));
    println!(
        "no incident given: {trend_none} of {trends} roundups and trend pieces, {incident_none} of {incidents} items of an incident"
    );
    if misses > 0 {
        show_misses(&stored_items, &assigned, misses);
    }
    if let Some(text) = std::env::args().skip_while(|a| a != "--explain").nth(1) {
        let mut stmt = reader
            .prepare(
                "SELECT i.id, i.plain_title, m.incident_id, m.reason,
                    (SELECT group_concat(kind || '=' || value, '; ') FROM item_entities e WHERE e.item_id = i.id)
                 FROM items i LEFT JOIN item_incidents m ON m.item_id = i.id
                 WHERE instr(i.plain_title, ?1) > 0",
            )
            .map_err(|e| e.to_string())?;
        let rows = stmt
            .query_map([text], |r| {
                Ok(format!(
                    "{} [{:?}] {}\n    {:?}\n    {:?}",
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(3)?
                ))
            })
            .map_err(|e| e.to_string())?;
        for row in rows.flatten() {
            println!("{row}");
        }
    }
    Ok(())
}

/// Stores `count` generated items before the corpus: one in ten an attack on one of a thousand
/// victims, spread over the year before July 2026, a thousand per pass.
fn fill(store: &mut Store, feed: i64, count: usize) -> Result<(), String> {
    let tagger = Tagger::builtin();
    let start = chrono::DateTime::parse_from_rfc3339("2025-07-01T00:00:00Z")
        .map_err(|e| e.to_string())?
        .with_timezone(&Utc);
    let progress_every = (count / 10).max(1);
    for batch in 0..count.div_ceil(1000) {
        let mut body = String::new();
        for k in batch * 1000..((batch + 1) * 1000).min(count) {
            let at = start + chrono::Duration::seconds((k as i64 * 31_536_000) / count as i64);
            let title = if k % 10 == 0 {
                format!(
                    "Company{} hit by ransomware attack, systems offline",
                    (k / 10) % 1000
                )
            } else {
                format!("Company{} reports quarterly results number {k}", k % 5000)
            };
            body.push_str(&format!(
                "<item><title>{title}</title><guid>fill{k}</guid><description>Story {k}.</description><pubDate>{}</pubDate></item>",
                at.to_rfc2822()
            ));
        }
        let doc =
            format!("<rss version=\"2.0\"><channel><title>fill</title>{body}</channel></rss>");
        let prepared = prepare(doc.as_bytes(), "https://fill.example/", &tagger, 1000)
            .map_err(|e| e.to_string())?;
        store
            .commit_pass(&FeedPass::fetched(feed, Utc::now(), None, prepared.items))
            .map_err(|e| e.to_string())?;
        if (batch * 1000) % progress_every < 1000 {
            eprintln!("filled {} of {count}", (batch + 1) * 1000);
        }
    }
    Ok(())
}

/// Item id to (incident id, incident victim) from the database.
fn assignments(db: &Path) -> Result<HashMap<i64, (i64, Option<String>)>, String> {
    let conn = rusqlite::Connection::open(db).map_err(|e| e.to_string())?;
    let mut stmt = conn
        .prepare("SELECT m.item_id, m.incident_id, c.victim FROM item_incidents m JOIN incidents c ON c.id = m.incident_id")
        .map_err(|e| e.to_string())?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .map_err(|e| e.to_string())?
        .collect::<Result<HashMap<_, _>, _>>()
        .map_err(|e| e.to_string())?;
    Ok(rows)
}

/// Gold and predicted cluster labels of `items`: items without an incident each get one of
/// their own.
fn labels_of(
    items: &[&Stored],
    assigned: &HashMap<i64, (i64, Option<String>)>,
) -> (Vec<String>, Vec<String>) {
    let gold = items
        .iter()
        .enumerate()
        .map(|(n, s)| {
            if s.label.incident.is_empty() {
                format!("none{n}")
            } else {
                s.label.incident.clone()
            }
        })
        .collect();
    let predicted = items
        .iter()
        .map(|s| match assigned.get(&s.item_id) {
            Some((id, _)) => format!("p{id}"),
            None => format!("item{}", s.item_id),
        })
        .collect();
    (gold, predicted)
}

fn report(part: &str, items: &[&Stored], assigned: &HashMap<i64, (i64, Option<String>)>) {
    let (gold, predicted) = labels_of(items, assigned);
    let n = items.len();
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let same_pred: Vec<usize> = (0..n).filter(|&j| predicted[j] == predicted[i]).collect();
        let same_gold: Vec<usize> = (0..n).filter(|&j| gold[j] == gold[i]).collect();
        let both = same_pred.iter().filter(|&&j| gold[j] == gold[i]).count() as f64;
        p += both / same_pred.len() as f64;
        r += both / same_gold.len() as f64;
    }
    let (p, r) = (p / n.max(1) as f64, r / n.max(1) as f64);
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let mut gold_sizes: HashMap<&str, usize> = HashMap::new();
    for g in &gold {
        *gold_sizes.entry(g).or_default() += 1;
    }
    let multi: Vec<usize> = (0..n)
        .filter(|&i| gold_sizes[gold[i].as_str()] > 1)
        .collect();
    let (mut tp, mut pred_pairs, mut gold_pairs) = (0usize, 0usize, 0usize);
    for (a, &i) in multi.iter().enumerate() {
        for &j in &multi[a + 1..] {
            let same_gold = gold[i] == gold[j];
            let same_pred = predicted[i] == predicted[j];
            gold_pairs += usize::from(same_gold);
            pred_pairs += usize::from(same_pred);
            tp += usize::from(same_gold && same_pred);
        }
    }
    let (mut all_tp, mut all_pred, mut conflicts) = (0usize, 0usize, 0usize);
    for i in 0..n {
        for j in i + 1..n {
            if predicted[i] != predicted[j] {
                continue;
            }
            all_pred += 1;
            all_tp += usize::from(gold[i] == gold[j]);
            if gold[i] != gold[j] && conflicting(&items[i].label, &items[j].label) {
                conflicts += 1;
            }
        }
    }
    let with_victim: Vec<&&Stored> = items
        .iter()
        .filter(|s| !s.label.victim.is_empty())
        .collect();
    let right = with_victim
        .iter()
        .filter(|s| {
            assigned
                .get(&s.item_id)
                .and_then(|(_, v)| v.as_deref())
                .is_some_and(|v| same_victim(v, &s.label.victim))
        })
        .count();
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    println!(
        "{part:<12} {n:>6} {p:>9.3} {r:>9.3} {f1:>9.3} {:>9.3} {:>9.3} {:>9.3} {conflicts:>9} {:>9.3}",
        ratio(tp, pred_pairs),
        ratio(tp, gold_pairs),
        ratio(all_tp, all_pred),
        ratio(right, with_victim.len()),
    );
}

/// Two labelled items that name different CVEs or different victims.
fn conflicting(a: &Label, b: &Label) -> bool {
    let cves = |l: &Label| -> BTreeSet<String> {
        l.cve
            .split(',')
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let (x, y) = (cves(a), cves(b));
    (!x.is_empty() && !y.is_empty() && x.is_disjoint(&y))
        || (!a.victim.is_empty() && !b.victim.is_empty() && !same_victim(&a.victim, &b.victim))
}

/// Two victim names are the same when the words of one are among the other's.
fn same_victim(a: &str, b: &str) -> bool {
    let words = |s: &str| -> BTreeSet<String> {
        feedsentry::text::fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2 && !["the", "inc", "corp", "group", "ltd"].contains(w))
            .map(str::to_string)
            .collect()
    };
    let (x, y) = (words(a), words(b));
    !x.is_empty()
        && !y.is_empty()
        && (x.is_subset(&y)
            || y.is_subset(&x)
            || x.intersection(&y).count() * 2 >= x.len().min(y.len()).max(1) * 2)
}

/// Tuning-part gold incidents split across predicted ones, and wrong merges, for reading.
fn show_misses(items: &[Stored], assigned: &HashMap<i64, (i64, Option<String>)>, shown: usize) {
    let tuning: Vec<&Stored> = items
        .iter()
        .filter(|s| s.label.file.contains("20260722"))
        .collect();
    let mut by_gold: BTreeMap<&str, Vec<&Stored>> = BTreeMap::new();
    for s in &tuning {
        if !s.label.incident.is_empty() {
            by_gold.entry(&s.label.incident).or_default().push(s);
        }
    }
    println!("\nsplit gold incidents (tuning part):");
    let mut count = 0;
    for (gold, members) in &by_gold {
        let predicted: BTreeSet<Option<i64>> = members
            .iter()
            .map(|s| assigned.get(&s.item_id).map(|a| a.0))
            .collect();
        if members.len() > 1 && predicted.len() > 1 && count < shown {
            count += 1;
            println!("  {gold}:");
            for s in members {
                println!(
                    "    {:?} {}",
                    assigned.get(&s.item_id).map(|a| a.0),
                    s.label.title
                );
            }
        }
    }
    println!("\nvictims (tuning part): gold, then found");
    for s in tuning
        .iter()
        .filter(|s| !s.label.victim.is_empty())
        .take(shown)
    {
        let found = assigned.get(&s.item_id).and_then(|a| a.1.clone());
        let mark = if found
            .as_deref()
            .is_some_and(|v| same_victim(v, &s.label.victim))
        {
            "ok "
        } else {
            "-- "
        };
        println!(
            "  {mark}{:?} / {:?}  {}",
            s.label.victim, found, s.label.title
        );
    }
    println!("\nwrong merges (tuning part):");
    let mut by_pred: BTreeMap<i64, Vec<&Stored>> = BTreeMap::new();
    for s in &tuning {
        if let Some((id, _)) = assigned.get(&s.item_id) {
            by_pred.entry(*id).or_default().push(s);
        }
    }
    let mut count = 0;
    for (id, members) in by_pred {
        let golds: BTreeSet<&str> = members.iter().map(|s| s.label.incident.as_str()).collect();
        if golds.len() > 1 && count < shown {
            count += 1;
            println!("  incident {id}:");
            for s in members {
                println!("    {:?} {}", s.label.incident, s.label.title);
            }
        }
    }
}
