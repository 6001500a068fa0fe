//! The labelled development data of the tagger, shared by `tag_eval` and `train_model`, with
//! its fixed split into a tuning part and a validation part.
//!
//! Three sources: the labelled feed items of `labels.jsonl` (text read from the feed files
//! with the ingestion parser), the labelled items of `labelled/*.jsonl`, and the project's own
//! probe sets (`tests/fixtures/probes/*.jsonl`). The validation part is every fifth feed file
//! (sorted by name) and every item whose id hashes to 0 modulo 5: fixed before any tuning, and
//! never printed item by item.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use feedsentry::parse::parse_feed;
use feedsentry::tag::TagInput;
use serde::Deserialize;

/// Where an example comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// `labels.jsonl`, items of the corpus's feed files.
    Feeds,
    /// `labelled/*.jsonl`.
    Labelled,
    /// The project's probe sets.
    Probes,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Feeds => "feeds",
            Source::Labelled => "labelled",
            Source::Probes => "probes",
        }
    }
}

/// One labelled item with its plain text.
pub struct Example {
    pub source: Source,
    /// The feed file, or the JSON Lines file, it comes from.
    pub file: String,
    pub title: String,
    pub summary: String,
    pub content: String,
    pub lang: String,
    pub cyberattack: bool,
    pub category: Option<String>,
    /// In the validation part.
    pub validation: bool,
}

impl Example {
    pub fn input(&self) -> TagInput<'_> {
        TagInput {
            title: &self.title,
            summary: &self.summary,
            content: &self.content,
        }
    }
}

/// One line of `labels.jsonl`.
#[derive(Deserialize)]
struct FeedLabel {
    file: String,
    guid: String,
    title: String,
    cyberattack: bool,
    category: Option<String>,
    lang: String,
}

/// One line of `labelled/*.jsonl` or a probe set.
#[derive(Deserialize)]
struct TextLabel {
    id: String,
    title: String,
    #[serde(default)]
    summary: String,
    lang: String,
    cyberattack: bool,
    category: Option<String>,
}

/// Every example under `corpus` (the folder holding `labels.jsonl`, `feeds/` and `labelled/`)
/// and in the probe folder `probes`, with the number of feed labels that matched no item.
pub fn load(corpus: &Path, probes: &Path) -> Result<(Vec<Example>, usize), String> {
    let (mut examples, unmatched) = load_feed_labels(corpus)?;
    for (folder, source) in [
        (corpus.join("labelled"), Source::Labelled),
        (probes.to_path_buf(), Source::Probes),
    ] {
        examples.extend(load_text_labels(&folder, source)?);
    }
    Ok((examples, unmatched))
}

fn jsonl_files(folder: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .map_err(|e| format!("cannot read {}: {e}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    Ok(files)
}

fn read_lines<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, String> {
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

fn load_text_labels(folder: &Path, source: Source) -> Result<Vec<Example>, String> {
    let mut examples = Vec::new();
    for path in jsonl_files(folder)? {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for label in read_lines::<TextLabel>(&path)? {
            examples.push(Example {
                source,
                file: file.clone(),
                validation: held_out_id(&label.id),
                title: label.title,
                summary: label.summary,
                content: String::new(),
                lang: label.lang,
                cyberattack: label.cyberattack,
                category: label.category,
            });
        }
    }
    Ok(examples)
}

/// The split of items known by id: FNV-1a of the id, so that it never changes with the order
/// of a file or between runs.
fn held_out_id(id: &str) -> bool {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    hash % 5 == 0
}

/// Parses every labelled feed file once and pairs labels with items by guid (or link, or
/// title). Labels that match no item are counted.
fn load_feed_labels(corpus: &Path) -> Result<(Vec<Example>, usize), String> {
    let labels: Vec<FeedLabel> = read_lines(&corpus.join("labels.jsonl"))?;
    let feeds_dir = corpus.join("feeds");
    let files: BTreeSet<String> = labels.iter().map(|l| l.file.clone()).collect();
    let held_out: BTreeSet<&String> = files.iter().skip(4).step_by(5).collect();
    let mut parsed: HashMap<String, HashMap<String, [String; 3]>> = HashMap::new();
    for file in &files {
        let path = feeds_dir.join(file);
        let body =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut by_key = HashMap::new();
        // A feed that does not parse leaves its labels unmatched; they are counted.
        if let Ok(feed) = parse_feed(&body, &format!("file:///{file}")) {
            for item in feed.items {
                let plain = item.plain();
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
    let mut examples = Vec::new();
    let mut unmatched = 0;
    for label in labels {
        let key = if label.guid.trim().is_empty() {
            title_key(&label.title)
        } else {
            key_of(&label.guid)
        };
        match parsed.get(&label.file).and_then(|by_key| by_key.get(&key)) {
            Some([title, summary, content]) => examples.push(Example {
                source: Source::Feeds,
                validation: held_out.contains(&label.file),
                title: title.clone(),
                summary: summary.clone(),
                content: content.clone(),
                file: label.file,
                lang: label.lang,
                cyberattack: label.cyberattack,
                category: label.category,
            }),
            None => unmatched += 1,
        }
    }
    Ok((examples, unmatched))
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
