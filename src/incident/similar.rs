//! How much an item's story agrees with an incident's: TF-IDF cosine against the incident's
//! centroid (its items' vectors added up), and title-word overlap averaged over its items. The
//! document frequencies come from the items being compared: the candidates and the item.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use crate::store::{Candidate, Member};
use crate::tag::pattern::match_form;

/// Words that say nothing about which incident a story is (in the five languages), besides
/// those of two letters or fewer.
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "with", "from", "that", "this", "after", "over", "into", "its", "their",
    "has", "have", "are", "was", "were", "been", "new", "says", "said", "more", "than", "about",
    "los", "las", "del", "por", "con", "una", "para", "que", "como", "sus", "der", "die", "das",
    "und", "mit", "von", "den", "ein", "eine", "auf", "fur", "les", "des", "une", "pour", "par",
    "dans", "sur", "aux", "avec", "uma", "com", "dos", "das", "nas", "nos", "pelo", "pela",
];

/// A story's words and their counts.
type Bag = HashMap<String, f64>;

fn bag(text: &str) -> Bag {
    let mut bag = Bag::new();
    for word in match_form(text).split(' ') {
        if word.chars().count() <= 2 || STOPWORDS.contains(&word) {
            continue;
        }
        // A plural and its singular are one word ("flaws", "flaw").
        let word = word
            .strip_suffix('s')
            .filter(|w| w.len() > 3)
            .unwrap_or(word);
        *bag.entry(word.to_string()).or_default() += 1.0;
    }
    bag
}

fn title_words(text: &str) -> BTreeSet<String> {
    bag(text).into_keys().collect()
}

/// What comparing reads of one item: its words, title words and title names.
struct Features {
    bag: Bag,
    title_words: BTreeSet<String>,
    names: BTreeSet<String>,
    words: BTreeSet<String>,
}

/// The features of items seen lately, by their text: an item is compared with every new item
/// of its window, and reading it again each time was most of the cost of an assignment.
static FEATURES: OnceLock<Mutex<HashMap<u64, Arc<Features>>>> = OnceLock::new();

/// The most items whose features are kept; past it the cache starts again. An item is compared
/// with a few hundred at most, so this holds many items' worth while bounding the memory.
const FEATURES_KEPT: usize = 20_000;

fn features(member: &Member) -> Arc<Features> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&member.title, &member.summary).hash(&mut hasher);
    let key = hasher.finish();
    let cache = FEATURES.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return found;
    }
    let computed = Arc::new(Features {
        bag: bag(&format!("{} {}", member.title, member.summary)),
        title_words: title_words(&member.title),
        names: title_names(&member.title),
        words: lower_words(&member.title),
    });
    if let Ok(mut cache) = cache.lock() {
        if cache.len() >= FEATURES_KEPT {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&computed));
    }
    computed
}

/// How an incident compares with the item.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile<'v> {
    /// TF-IDF cosine of the item against the incident's centroid.
    pub cosine: f64,
    /// Jaccard overlap of title words, averaged over the incident's items.
    pub title_overlap: f64,
    /// A name in the item's title that this incident's titles have and no other candidate's.
    pub shared_name: Option<String>,
    /// The words of this incident's titles, in lower case.
    pub words: &'v BTreeSet<String>,
    /// The words of the item's title, in lower case.
    pub item_words: &'v BTreeSet<String>,
}

/// Acronyms and words that look like names in a title but name no one incident.
const COMMON_NAMES: &[&str] = &[
    "cisa",
    "fbi",
    "nsa",
    "us",
    "uk",
    "eu",
    "ai",
    "cve",
    "rce",
    "mfa",
    "iot",
    "api",
    "apt",
    "ddos",
    "vpn",
    "sms",
    "ceo",
    "it",
    "ot",
    "poc",
    "kev",
    "llm",
    "saas",
    "github",
    "npm",
    "pypi",
    "windows",
    "linux",
    "android",
    "ios",
    "macos",
    "chrome",
    "google",
    "microsoft",
    "apple",
    "amazon",
    "aws",
    "azure",
    "new",
    "two",
    "three",
    "police",
    "hackers",
    "ransomware",
    "russian",
    "russia",
    "chinese",
    "china",
    "north",
    "korean",
    "korea",
    "iranian",
    "iran",
    "ukrainian",
    "ukraine",
    "american",
    "america",
    "european",
    "europe",
    "japanese",
    "japan",
    "israeli",
    "israel",
    "french",
    "france",
    "german",
    "germany",
    "spanish",
    "spain",
    "british",
    "britain",
    "indian",
    "india",
    "taiwanese",
    "taiwan",
    "vietnamese",
    "brazilian",
    "brazil",
    "mexican",
    "mexico",
    "canadian",
    "canada",
    "australian",
    "australia",
    "southeast",
    "asian",
    "asia",
    "african",
    "africa",
    "western",
    "allies",
    "government",
    "july",
    "june",
    "august",
    "stealer",
    "botnet",
    "malware",
    "loader",
    "trojan",
    "backdoor",
    "phishing",
    "kit",
    "zero",
    "day",
    "days",
    "flaw",
    "flaws",
    "exploit",
    "exploits",
    "attack",
    "attacks",
    "breach",
    "data",
];

/// A title's words in lower case.
fn lower_words(title: &str) -> BTreeSet<String> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// The names a title holds: words with a capital inside (SonicWall, TfL, ENCFORGE), words
/// mixing letters and digits (SMA1000, 23andMe), and capitalised words within a sentence-case
/// title (Jscrambler, Fairlife); in lower case.
pub fn title_names(title: &str) -> BTreeSet<String> {
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let headline = super::entities::is_headline(title);
    let mut names = BTreeSet::new();
    for (at, word) in words.iter().enumerate() {
        let inner_capital = word.chars().skip(1).any(char::is_uppercase);
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        let has_letter = word.chars().any(char::is_alphabetic);
        let named = inner_capital
            || (has_digit && has_letter)
            || (!headline && at > 0 && capitalised(word));
        let lower = word.to_lowercase();
        if named && word.is_ascii() && !COMMON_NAMES.contains(&lower.as_str()) {
            names.insert(lower);
        }
    }
    names
}

/// The item's vector and every candidate's centroid, weighted by one set of document
/// frequencies.
pub struct Vectors {
    item_title: BTreeSet<String>,
    /// Per candidate, the TF-IDF cosine of the item against its centroid.
    cosines: Vec<f64>,
    overlaps: Vec<f64>,
    /// Per candidate, the item's title names its titles share with no other candidate.
    shared_names: Vec<Option<String>>,
    item_words: BTreeSet<String>,
    candidate_words: Vec<BTreeSet<String>>,
    no_words: BTreeSet<String>,
}

impl Vectors {
    /// Weighs `item` and `candidates`' items.
    pub fn new(item: &Member, candidates: &[Candidate]) -> Vectors {
        let mine = features(item);
        let theirs: Vec<Vec<Arc<Features>>> = candidates
            .iter()
            .map(|c| c.members.iter().map(features).collect())
            .collect();
        let mut df: HashMap<&str, f64> = HashMap::new();
        let mut documents = 1.0;
        for word in mine.bag.keys() {
            *df.entry(word).or_default() += 1.0;
        }
        for member in theirs.iter().flatten() {
            documents += 1.0;
            for word in member.bag.keys() {
                *df.entry(word).or_default() += 1.0;
            }
        }
        let idf = |word: &str| {
            ((documents + 1.0) / (df.get(word).copied().unwrap_or(0.0) + 1.0)).ln() + 1.0
        };
        // Vectors keyed by borrowed words: one assignment weighs every member of its window,
        // and copying their words was most of its cost.
        let item_vector: HashMap<&str, f64> = weigh(&mine.bag, &idf).into_iter().collect();
        let cosines = theirs
            .iter()
            .map(|members| {
                let mut sum: HashMap<&str, f64> = HashMap::new();
                for member in members {
                    for (w, x) in weigh(&member.bag, &idf) {
                        *sum.entry(w).or_default() += x;
                    }
                }
                let norm = sum.values().map(|x| x * x).sum::<f64>().sqrt();
                if norm == 0.0 {
                    return 0.0;
                }
                let dot: f64 = item_vector
                    .iter()
                    .map(|(w, x)| x * sum.get(w).copied().unwrap_or(0.0))
                    .sum();
                dot / norm
            })
            .collect();
        let item_title = mine.title_words.clone();
        let overlaps = theirs
            .iter()
            .map(|members| {
                let total: f64 = members
                    .iter()
                    .map(|m| jaccard(&item_title, &m.title_words))
                    .sum();
                total / members.len().max(1) as f64
            })
            .collect();
        let item_names = mine.names.clone();
        let item_words = mine.words.clone();
        let candidate_names: Vec<BTreeSet<String>> = theirs
            .iter()
            .map(|members| {
                members
                    .iter()
                    .flat_map(|m| m.names.iter().cloned())
                    .collect()
            })
            .collect();
        let candidate_words: Vec<BTreeSet<String>> = theirs
            .iter()
            .map(|members| {
                members
                    .iter()
                    .flat_map(|m| m.words.iter().cloned())
                    .collect()
            })
            .collect();
        // A name one side is sure of, written on the other side in any case, and in no other
        // candidate's titles.
        let mut holders: HashMap<&str, usize> = HashMap::new();
        for words in &candidate_words {
            for word in words {
                *holders.entry(word.as_str()).or_default() += 1;
            }
        }
        let shared_names = (0..candidates.len())
            .map(|at| {
                item_names
                    .iter()
                    .filter(|n| candidate_words[at].contains(*n))
                    .chain(
                        candidate_names[at]
                            .iter()
                            .filter(|n| item_words.contains(*n)),
                    )
                    .find(|n| holders.get(n.as_str()) == Some(&1))
                    .cloned()
            })
            .collect();
        Vectors {
            item_title,
            cosines,
            overlaps,
            shared_names,
            item_words,
            candidate_words,
            no_words: BTreeSet::new(),
        }
    }

    /// How candidate `at` compares.
    pub fn profile(&self, at: usize) -> Profile<'_> {
        Profile {
            cosine: self.cosines.get(at).copied().unwrap_or(0.0),
            title_overlap: if self.item_title.is_empty() {
                0.0
            } else {
                self.overlaps.get(at).copied().unwrap_or(0.0)
            },
            shared_name: self.shared_names.get(at).cloned().flatten(),
            words: self.candidate_words.get(at).unwrap_or(&self.no_words),
            item_words: &self.item_words,
        }
    }
}

/// `bag` weighted by `idf` and scaled to length one.
fn weigh<'b>(bag: &'b Bag, idf: &dyn Fn(&str) -> f64) -> Vec<(&'b str, f64)> {
    let mut weighted: Vec<(&str, f64)> =
        bag.iter().map(|(w, n)| (w.as_str(), n * idf(w))).collect();
    let norm = weighted.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, x) in &mut weighted {
            *x /= norm;
        }
    }
    weighted
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}
