//! Evaluates the built-in `cyberattack` tagger against a labelled set of feed items.
//!
//! Usage: `tag_eval <labels.jsonl> [feeds-dir] [--explain TEXT]`. Each line of the labels file names a feed file
//! (read from `feeds-dir`, by default the `feeds` folder next to the labels file), the item's
//! guid (or link when the feed gives no guid), whether it is a cyberattack, its category and
//! its language. Feeds are parsed with the same code as ingestion, and every item goes through
//! `ParsedItem::plain` and `Tagger::tag`.
//!
//! It prints precision, recall and F1 overall, per language and per category, category
//! accuracy on true positives, the tuning and held-out figures (every fifth feed file, sorted
//! by name, is held out), the worst misses with their evidence, and single-thread throughput.
//! With `--explain TEXT`, it prints `Tagger::explain` for every labelled item whose title
//! contains TEXT instead. It fails only when it cannot run; the figures never change its exit
//! status.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use feedsentry::parse::parse_feed;
use feedsentry::tag::{CYBERATTACK, Category, TagHit, TagInput, Tagger};
use serde::Deserialize;

/// Misses of each kind listed in the report.
const WORST_SHOWN: usize = 20;
/// Each timed round of the throughput measurement lasts at least this long.
const ROUND_TIMING: Duration = Duration::from_millis(500);
/// Timed rounds, whose median is reported.
const ROUNDS: usize = 5;

/// One line of the labels file.
#[derive(Deserialize)]
struct Label {
    file: String,
    guid: String,
    title: String,
    cyberattack: bool,
    category: Option<String>,
    lang: String,
}

/// A labelled item with its plain text.
struct Item {
    label: Label,
    held_out: bool,
    title: String,
    summary: String,
    content: String,
}

impl Item {
    fn input(&self) -> TagInput<'_> {
        TagInput {
            title: &self.title,
            summary: &self.summary,
            content: &self.content,
        }
    }
}

/// True/false positive/negative counts.
#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Counts {
    fn add(&mut self, gold: bool, predicted: bool) {
        match (gold, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    fn line(&self) -> String {
        let ratio = |a: usize, b: usize| {
            if b == 0 {
                f64::NAN
            } else {
                a as f64 / b as f64
            }
        };
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f1 = 2.0 * p * r / (p + r);
        format!(
            "P {p:.3}  R {r:.3}  F1 {f1:.3}  (tp {} fp {} fn {} tn {})",
            self.tp, self.fp, self.fn_, self.tn
        )
    }
}

fn main() -> ExitCode {
    let mut explain = None;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--explain" {
            explain = args.next();
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    let Some(labels_path) = paths.first() else {
        eprintln!("usage: tag_eval <labels.jsonl> [feeds-dir] [--explain TEXT]");
        return ExitCode::from(2);
    };
    let feeds_dir = paths
        .get(1)
        .cloned()
        .unwrap_or_else(|| labels_path.parent().unwrap_or(Path::new(".")).join("feeds"));
    match run(labels_path, &feeds_dir, explain.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tag_eval: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(labels_path: &Path, feeds_dir: &Path, explain: Option<&str>) -> Result<(), String> {
    let labels = read_labels(labels_path)?;
    let (items, unmatched) = load_items(labels, feeds_dir)?;
    let tagger = Tagger::builtin();
    if let Some(text) = explain {
        for item in items.iter().filter(|i| i.label.title.contains(text)) {
            let gold = if item.label.cyberattack {
                "positive"
            } else {
                "negative"
            };
            println!(
                "{} ({}, labelled {gold})",
                item.label.title, item.label.file
            );
            println!("{}", tagger.explain(&item.input()));
        }
        return Ok(());
    }
    let tags: Vec<Vec<TagHit>> = items.iter().map(|item| tagger.tag(&item.input())).collect();

    println!(
        "labelled items matched: {}, not matched: {}",
        items.len(),
        unmatched.len()
    );
    let mut per_file: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (file, guid) in &unmatched {
        per_file.entry(file).or_default().push(guid);
    }
    for (file, guids) in per_file {
        println!(
            "  not matched in {file}: {} (e.g. {})",
            guids.len(),
            guids[0]
        );
    }
    report_figures(&items, &tags);
    report_misses(&tagger, &items, &tags);
    report_throughput(&tagger, &items);
    Ok(())
}

fn read_labels(path: &Path) -> Result<Vec<Label>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: bad label: {e}", path.display(), n + 1))
        })
        .collect()
}

/// Matched items, and the (file, guid) of labels that matched no item.
type Loaded = (Vec<Item>, Vec<(String, String)>);

/// Parses every labelled feed file once and pairs labels with items by guid (or link).
/// Returns the matched items and the (file, guid) of labels with no item.
fn load_items(labels: Vec<Label>, feeds_dir: &Path) -> Result<Loaded, String> {
    let files: BTreeSet<String> = labels.iter().map(|l| l.file.clone()).collect();
    let held_out: BTreeSet<&String> = files.iter().skip(4).step_by(5).collect();
    let mut parsed: HashMap<String, HashMap<String, [String; 3]>> = HashMap::new();
    for file in &files {
        let path = feeds_dir.join(file);
        let body =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut by_key = HashMap::new();
        // A feed that does not parse leaves its labels unmatched; they are reported.
        if let Ok(feed) = parse_feed(&body, &format!("file:///{file}")) {
            for item in feed.items {
                let plain = item.plain();
                // Labels without a guid or link are matched by title.
                let key = item
                    .guid
                    .as_deref()
                    .or(item.link.as_deref())
                    .map_or_else(|| title_key(&plain.title), key_of);
                by_key
                    .entry(key)
                    .or_insert([plain.title, plain.summary, plain.content]);
            }
        }
        parsed.insert(file.clone(), by_key);
    }
    let mut items = Vec::new();
    let mut unmatched = Vec::new();
    for label in labels {
        let key = if label.guid.trim().is_empty() {
            title_key(&label.title)
        } else {
            key_of(&label.guid)
        };
        let text = parsed.get(&label.file).and_then(|by_key| by_key.get(&key));
        match text {
            Some([title, summary, content]) => items.push(Item {
                held_out: held_out.contains(&label.file),
                title: title.clone(),
                summary: summary.clone(),
                content: content.clone(),
                label,
            }),
            None => unmatched.push((label.file, label.guid)),
        }
    }
    Ok((items, unmatched))
}

/// A guid or link as a matching key: links may come back from parsing with a trailing `/`.
fn key_of(guid_or_link: &str) -> String {
    guid_or_link.trim().trim_end_matches('/').to_string()
}

/// The matching key of an item known only by its title.
fn title_key(title: &str) -> String {
    format!(
        "title:{}",
        title.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

fn predicted(tags: &[TagHit]) -> bool {
    tags.iter().any(|t| t.tag == CYBERATTACK)
}

fn predicted_category(tags: &[TagHit]) -> Option<&str> {
    tags.iter()
        .find_map(|t| t.tag.strip_prefix(CYBERATTACK)?.strip_prefix(':'))
}

fn report_figures(items: &[Item], tags: &[Vec<TagHit>]) {
    let mut overall = Counts::default();
    let mut tuning = Counts::default();
    let mut held = Counts::default();
    let mut by_lang: BTreeMap<&str, Counts> = BTreeMap::new();
    // Per gold category: detection recall, and category accuracy on true positives.
    let mut by_category: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    // Per category tag `cyberattack:<category>`: counts as if it were a tag of its own.
    let mut category_tags: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut confusion: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut category_right = [0usize; 2];
    let mut category_total = [0usize; 2];
    for (item, hits) in items.iter().zip(tags) {
        let gold = item.label.cyberattack;
        let guess = predicted(hits);
        overall.add(gold, guess);
        if item.held_out {
            &mut held
        } else {
            &mut tuning
        }
        .add(gold, guess);
        by_lang
            .entry(&item.label.lang)
            .or_default()
            .add(gold, guess);
        let gold_tag = item.label.category.as_deref().filter(|_| gold);
        let tagged = predicted_category(hits).filter(|_| guess);
        for category in Category::ALL.map(Category::name) {
            let counts = category_tags.entry(category).or_default();
            counts.add(gold_tag == Some(category), tagged == Some(category));
        }
        let Some(gold_category) = gold_tag else {
            continue;
        };
        let entry = by_category.entry(gold_category).or_default();
        entry.0 += 1;
        if let (true, Some(category)) = (guess, predicted_category(hits)) {
            entry.1 += 1;
            let split = usize::from(item.held_out);
            category_total[split] += 1;
            if category == gold_category {
                entry.2 += 1;
                category_right[split] += 1;
            } else {
                *confusion.entry((gold_category, category)).or_default() += 1;
            }
        }
    }
    let share = |a: usize, b: usize| {
        if b == 0 {
            f64::NAN
        } else {
            a as f64 / b as f64
        }
    };
    println!("\n== cyberattack detection");
    println!("overall   {}", overall.line());
    println!("tuning    {}", tuning.line());
    println!("held-out  {}", held.line());
    println!("\n== per language");
    for (lang, counts) in &by_lang {
        println!("{lang:<4} {}", counts.line());
    }
    println!("\n== per category tag (right only when the category matches the label)");
    for (category, counts) in &category_tags {
        println!("{CYBERATTACK}:{category:<13} {}", counts.line());
    }
    println!("\n== per gold category: detected / labelled, right category / detected");
    for (category, (labelled, detected, right)) in &by_category {
        println!(
            "{category:<13} recall {:.3} ({detected}/{labelled})  category accuracy {:.3} ({right}/{detected})",
            share(*detected, *labelled),
            share(*right, *detected)
        );
    }
    let right = category_right[0] + category_right[1];
    let total = category_total[0] + category_total[1];
    println!(
        "category accuracy on true positives: {:.3} ({right}/{total}); tuning {:.3}, held-out {:.3}",
        share(right, total),
        share(category_right[0], category_total[0]),
        share(category_right[1], category_total[1])
    );
    println!("most frequent category confusions (gold -> tagged):");
    let mut confusions: Vec<_> = confusion.into_iter().collect();
    confusions.sort_by_key(|c| std::cmp::Reverse(c.1));
    for ((gold, tagged), n) in confusions.into_iter().take(8) {
        println!("  {n:>3}  {gold} -> {tagged}");
    }
}

fn report_misses(tagger: &Tagger, items: &[Item], tags: &[Vec<TagHit>]) {
    // False positives, most confidently wrong first: the most counted phrases.
    let mut false_positives: Vec<(usize, &Item, String)> = items
        .iter()
        .zip(tags)
        .filter(|(item, hits)| !item.label.cyberattack && predicted(hits))
        .filter_map(|(item, hits)| {
            let hit = hits.iter().find(|h| h.tag == CYBERATTACK)?;
            Some((
                hit.evidence.matches("; ").count() + 1,
                item,
                hit.evidence.clone(),
            ))
        })
        .collect();
    false_positives.sort_by_key(|m| std::cmp::Reverse(m.0));
    // False negatives, nearest misses first: the most matches that were not counted.
    let mut false_negatives: Vec<(usize, &Item, String)> = items
        .iter()
        .zip(tags)
        .filter(|(item, hits)| item.label.cyberattack && !predicted(hits))
        .map(|(item, _)| {
            let report = tagger.explain(&item.input());
            let near: Vec<&str> = report
                .lines()
                .filter(|l| l.trim_start().starts_with("- "))
                .map(str::trim)
                .collect();
            (near.len(), item, near.join(" | "))
        })
        .collect();
    false_negatives.sort_by_key(|m| std::cmp::Reverse(m.0));
    for (name, misses) in [
        ("false positives (evidence that fired)", false_positives),
        (
            "false negatives (matches that did not count)",
            false_negatives,
        ),
    ] {
        println!("\n== worst {name}: {} in all", misses.len());
        for (_, item, evidence) in misses.into_iter().take(WORST_SHOWN) {
            let held = if item.held_out { " held-out" } else { "" };
            println!(
                "- [{}{held}] {} ({})",
                item.label.lang, item.label.title, item.label.file
            );
            let evidence = if evidence.is_empty() {
                "no term matched"
            } else {
                &evidence
            };
            println!("    {evidence}");
        }
    }
}

fn report_throughput(tagger: &Tagger, items: &[Item]) {
    if items.is_empty() {
        return;
    }
    // Shared machines slow down and speed up by a quarter from one second to the next: the
    // median of several rounds says what the code does, the slowest and fastest what the
    // machine did.
    let mut rates = Vec::with_capacity(ROUNDS);
    let mut positives = 0usize;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let mut tagged = 0usize;
        while start.elapsed() < ROUND_TIMING {
            for item in items {
                positives += usize::from(predicted(&tagger.tag(&item.input())));
                tagged += 1;
            }
        }
        rates.push(tagged as f64 / start.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    let bytes: usize = items
        .iter()
        .map(|i| i.title.len() + i.summary.len() + i.content.len())
        .sum();
    println!("\n== throughput (one thread, tagging only)");
    println!(
        "{:.0} items/s, the median of {ROUNDS} rounds of {:.1} s (slowest {:.0}, fastest {:.0}); {} items, {:.1} KB of text per item on average; {positives} positives tagged",
        rates[ROUNDS / 2],
        ROUND_TIMING.as_secs_f64(),
        rates[0],
        rates[ROUNDS - 1],
        items.len(),
        bytes as f64 / items.len() as f64 / 1024.0
    );
}
