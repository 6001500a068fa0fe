//! Evaluates the built-in `cyberattack` tagger against the labelled development data.
//!
//! Usage: `tag_eval <corpus-dir> [--probes DIR] [--misses N] [--explain TEXT]`. The corpus folder holds
//! `labels.jsonl` with the `feeds/` it labels, and `labelled/*.jsonl`; the probe sets default to
//! `tests/fixtures/probes`. See `examples/shared/corpus.rs` for the split: the validation part
//! is fixed, reported beside the tuning part, and never printed item by item.
//!
//! It prints precision and recall of the rules alone and of the rules with the model, for the
//! tuning and the validation part, overall, per language and per source; category accuracy on
//! true positives; the worst misses of the tuning part with their evidence; and single-thread
//! throughput. With `--explain TEXT`, it prints `Tagger::explain` for every tuning item whose
//! title contains TEXT instead. It fails only when it cannot run; the figures never change its
//! exit status.

#[path = "shared/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use corpus::{Example, Source};
use feedsentry::tag::{CYBERATTACK, TagHit, Tagger};

/// Misses of each kind listed in the report, unless `--misses N` says otherwise.
const WORST_SHOWN: usize = 25;
/// Each timed round of the throughput measurement lasts at least this long.
const ROUND_TIMING: Duration = Duration::from_millis(500);
/// Timed rounds, whose median is reported.
const ROUNDS: usize = 5;
/// The languages the targets are set for, in report order; the others are reported together.
const LANGUAGES: [&str; 5] = ["en", "es", "pt", "de", "fr"];

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

    fn cell(&self) -> String {
        let ratio = |a: usize, b: usize| {
            if b == 0 {
                f64::NAN
            } else {
                a as f64 / b as f64
            }
        };
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let n = self.tp + self.fp + self.fn_ + self.tn;
        format!(
            "P {p:.3} R {r:.3} (n {n:>4}, pos {:>3})",
            self.tp + self.fn_
        )
    }
}

fn main() -> ExitCode {
    let mut explain = None;
    let mut probes = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/probes"
    ));
    let mut corpus = None;
    let mut shown = WORST_SHOWN;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--explain" => explain = args.next(),
            "--misses" => shown = args.next().and_then(|n| n.parse().ok()).unwrap_or(shown),
            "--probes" => probes = args.next().map(PathBuf::from).unwrap_or(probes),
            _ => corpus = Some(PathBuf::from(arg)),
        }
    }
    let Some(corpus) = corpus else {
        eprintln!("usage: tag_eval <corpus-dir> [--probes DIR] [--misses N] [--explain TEXT]");
        return ExitCode::from(2);
    };
    match corpus::load(&corpus, &probes) {
        Ok((examples, unmatched)) => {
            run(&examples, unmatched, explain.as_deref(), shown);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("tag_eval: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(examples: &[Example], unmatched: usize, explain: Option<&str>, shown: usize) {
    let tagger = Tagger::builtin();
    if let Some(text) = explain {
        for example in examples
            .iter()
            .filter(|e| !e.validation && e.title.contains(text))
        {
            let gold = if example.cyberattack {
                "positive"
            } else {
                "negative"
            };
            println!("{} ({}, labelled {gold})", example.title, example.file);
            println!("{}", tagger.explain(&example.input()));
        }
        return;
    }
    let validation = examples.iter().filter(|e| e.validation).count();
    println!(
        "examples: {} ({} tuning, {validation} validation); feed labels matching no item: {unmatched}",
        examples.len(),
        examples.len() - validation
    );
    let with_model: Vec<Vec<TagHit>> = examples.iter().map(|e| tagger.tag(&e.input())).collect();
    let rules = Tagger::builtin().with_model(None);
    let rules_only: Vec<Vec<TagHit>> = examples.iter().map(|e| rules.tag(&e.input())).collect();
    let headline = split_counts(examples, &with_model, |_| true)[1];
    println!(
        "\nHEADLINE (validation part, rules + model): {}",
        headline.cell()
    );
    for (name, tags) in [("rules alone", &rules_only), ("rules + model", &with_model)] {
        report_figures(name, examples, tags);
    }
    report_categories(examples, &rules_only, &with_model);
    report_misses(&tagger, examples, &with_model, shown);
    report_throughput(&tagger, examples);
}

fn predicted(tags: &[TagHit]) -> bool {
    tags.iter().any(|t| t.tag == CYBERATTACK)
}

fn predicted_category(tags: &[TagHit]) -> Option<&str> {
    tags.iter()
        .find_map(|t| t.tag.strip_prefix(CYBERATTACK)?.strip_prefix(':'))
}

/// Counts of the tuning part and of the validation part, over the examples `keep` selects.
fn split_counts(
    examples: &[Example],
    tags: &[Vec<TagHit>],
    keep: impl Fn(&Example) -> bool,
) -> [Counts; 2] {
    let mut counts = [Counts::default(); 2];
    for (example, hits) in examples.iter().zip(tags).filter(|(e, _)| keep(e)) {
        counts[usize::from(example.validation)].add(example.cyberattack, predicted(hits));
    }
    counts
}

fn report_figures(name: &str, examples: &[Example], tags: &[Vec<TagHit>]) {
    println!("\n== {name}: tuning | validation");
    let row = |label: &str, keep: &dyn Fn(&Example) -> bool| {
        let [tuning, validation] = split_counts(examples, tags, keep);
        println!("{label:<10} {} | {}", tuning.cell(), validation.cell());
    };
    row("all", &|_| true);
    for lang in LANGUAGES {
        row(lang, &|e| e.lang == lang);
    }
    row("others", &|e| !LANGUAGES.contains(&e.lang.as_str()));
    for source in [Source::Feeds, Source::Labelled, Source::Probes] {
        row(source.name(), &|e| e.source == source);
    }
}

/// Category accuracy on true positives, by the rules alone and with the category heads; the
/// confusions and the miscategorised items are the rules' own, since the heads learned the
/// tuning part's categories.
fn report_categories(examples: &[Example], rules_only: &[Vec<TagHit>], with_model: &[Vec<TagHit>]) {
    println!(
        "
category accuracy on true positives: tuning | validation"
    );
    for (name, tags) in [("rules alone", rules_only), ("rules + heads", with_model)] {
        let [right, total] = category_counts(examples, tags);
        let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
        println!(
            "{name:<14} {:.3} ({}/{}) | {:.3} ({}/{})",
            share(right[0], total[0]),
            right[0],
            total[0],
            share(right[1], total[1]),
            right[1],
            total[1]
        );
    }
    println!("(the heads were trained on the tuning part: their tuning figure is in-sample)");
    let tags = rules_only;
    let mut confusion: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut wrong: Vec<String> = Vec::new();
    for (example, hits) in examples.iter().zip(tags) {
        let (Some(gold), true) = (example.category.as_deref(), example.cyberattack) else {
            continue;
        };
        let Some(guess) = predicted_category(hits).filter(|_| predicted(hits)) else {
            continue;
        };
        if guess != gold && !example.validation {
            *confusion.entry((gold, guess)).or_default() += 1;
            let evidence = hits
                .iter()
                .find(|h| h.tag == CYBERATTACK)
                .map_or("", |h| &h.evidence);
            wrong.push(format!(
                "- [{gold} -> {guess}] {}\n    {evidence}",
                example.title
            ));
        }
    }
    println!("most frequent category confusions of the rules in the tuning part (gold -> tagged):");
    let mut confusions: Vec<_> = confusion.into_iter().collect();
    confusions.sort_by_key(|c| std::cmp::Reverse(c.1));
    for ((gold, tagged), n) in confusions.into_iter().take(8) {
        println!("  {n:>3}  {gold} -> {tagged}");
    }
    if std::env::var_os("TAG_EVAL_CATEGORIES").is_some() {
        wrong.sort();
        println!(
            "tuning positives filed under another category:\n{}",
            wrong.join("\n")
        );
    }
}

/// Right and total category guesses on true positives, each as [tuning, validation].
fn category_counts(examples: &[Example], tags: &[Vec<TagHit>]) -> [[usize; 2]; 2] {
    let mut right = [0usize; 2];
    let mut total = [0usize; 2];
    for (example, hits) in examples.iter().zip(tags) {
        let (Some(gold), true) = (example.category.as_deref(), example.cyberattack) else {
            continue;
        };
        let Some(guess) = predicted_category(hits).filter(|_| predicted(hits)) else {
            continue;
        };
        let split = usize::from(example.validation);
        total[split] += 1;
        right[split] += usize::from(guess == gold);
    }
    [right, total]
}

/// The worst misses of the tuning part: the validation part is never shown item by item.
fn report_misses(tagger: &Tagger, examples: &[Example], tags: &[Vec<TagHit>], shown: usize) {
    let tuning = || examples.iter().zip(tags).filter(|(e, _)| !e.validation);
    let false_positives: Vec<(&Example, String)> = tuning()
        .filter(|(e, hits)| !e.cyberattack && predicted(hits))
        .filter_map(|(e, hits)| {
            let hit = hits.iter().find(|h| h.tag == CYBERATTACK)?;
            Some((e, hit.evidence.clone()))
        })
        .collect();
    let false_negatives: Vec<(&Example, String)> = tuning()
        .filter(|(e, hits)| e.cyberattack && !predicted(hits))
        .map(|(e, _)| {
            let report = tagger.explain(&e.input());
            let near: Vec<&str> = report
                .lines()
                .filter(|l| l.trim_start().starts_with("- ") || l.contains("model score"))
                .map(str::trim)
                .collect();
            (e, near.join(" | "))
        })
        .collect();
    for (name, misses) in [
        ("false positives (evidence that fired)", false_positives),
        ("false negatives (what did not count)", false_negatives),
    ] {
        println!(
            "\n== tuning part, {name}: {} in all, the first {shown} by language",
            misses.len()
        );
        let mut sorted = misses;
        sorted.sort_by(|a, b| a.0.lang.cmp(&b.0.lang));
        for (example, evidence) in sorted.into_iter().take(shown) {
            println!(
                "- [{} {}] {} ({})",
                example.lang,
                example.source.name(),
                example.title,
                example.file
            );
            println!("    {evidence}");
        }
    }
}

fn report_throughput(tagger: &Tagger, examples: &[Example]) {
    if examples.is_empty() {
        return;
    }
    // Shared machines slow down and speed up by a quarter from one second to the next: the
    // median of several rounds says what the code does, the slowest and fastest what the
    // machine did.
    let mut rates = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let mut tagged = 0usize;
        while start.elapsed() < ROUND_TIMING {
            for example in examples {
                std::hint::black_box(tagger.tag(&example.input()));
                tagged += 1;
            }
        }
        rates.push(tagged as f64 / start.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    let bytes: usize = examples
        .iter()
        .map(|e| e.title.len() + e.summary.len() + e.content.len())
        .sum();
    println!("\n== throughput (one thread, rules and model)");
    println!(
        "{:.0} items/s, the median of {ROUNDS} rounds of {:.1} s (slowest {:.0}, fastest {:.0}); {:.1} KB of text per item on average",
        rates[ROUNDS / 2],
        ROUND_TIMING.as_secs_f64(),
        rates[0],
        rates[ROUNDS - 1],
        bytes as f64 / examples.len() as f64 / 1024.0
    );
}
