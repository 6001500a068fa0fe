//! How much an item's story agrees with an incident's: TF-IDF cosine against the incident's
//! centroid (its items' vectors added up), and title-word overlap averaged over its items. The
//! document frequencies come from the items being compared: the candidates and the item.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use super::Keys;
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
type Bag = FxHashMap<String, u32>;

fn bag(text: &str) -> Bag {
    let mut bag = Bag::default();
    for word in match_form(text).split(' ') {
        if word.chars().count() <= 2 || STOPWORDS.contains(&word) {
            continue;
        }
        // A plural and its singular are one word ("flaws", "flaw").
        let word = word
            .strip_suffix('s')
            .filter(|w| w.len() > 3)
            .unwrap_or(word);
        *bag.entry(word.to_string()).or_default() += 1;
    }
    bag
}

fn title_words(text: &str) -> BTreeSet<String> {
    bag(text).into_keys().collect()
}

/// Word ids: every word a story or a title uses, numbered once, so that comparing two items
/// compares numbers instead of strings.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
}

impl Vocabulary {
    fn id(&mut self, word: &str) -> u32 {
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.insert(word.to_string(), id);
        self.words.push(word.to_string());
        id
    }

    fn spelling(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }

    fn find(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    /// The ids of `words`, sorted, each once.
    fn ids<'w>(&mut self, words: impl IntoIterator<Item = &'w String>) -> Vec<u32> {
        let mut ids: Vec<u32> = words.into_iter().map(|w| self.id(w)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// What comparing reads of one item: in word ids, its words with their counts, title words,
/// title names and title words in lower case (each sorted); and its keys.
#[derive(Debug)]
struct Features {
    bag: Vec<(u32, u32)>,
    title_words: Vec<u32>,
    names: Vec<u32>,
    words: Vec<u32>,
    keys: Keys,
}

impl Features {
    fn of(member: &Member, vocabulary: &mut Vocabulary) -> Features {
        let mut bag: Vec<(u32, u32)> = bag(&format!("{} {}", member.title, member.summary))
            .into_iter()
            .map(|(word, count)| (vocabulary.id(&word), count))
            .collect();
        bag.sort_unstable();
        Features {
            bag,
            title_words: vocabulary.ids(&title_words(&member.title)),
            names: vocabulary.ids(&title_names(&member.title)),
            words: vocabulary.ids(&lower_words(&member.title)),
            keys: Keys::of(&member.entities),
        }
    }
}

/// The features of items seen lately and the vocabulary they are written in: an item is
/// compared with every new item of its window, and reading it again each time was most of the
/// cost of an assignment.
#[derive(Debug, Default)]
pub struct Memory {
    vocabulary: Vocabulary,
    /// By word id, its slot in the comparison under way ([`NO_SLOT`] outside one).
    slots: Vec<u32>,
    /// By item id and a hash of its text, so that an id reused for another text is not mixed
    /// up with the first.
    features: FxHashMap<(i64, u64), Features>,
}

/// The most items whose features are kept; past it the memory starts again. An item is
/// compared with a few hundred at most, so this holds many items' worth while bounding the
/// memory.
const FEATURES_KEPT: usize = 1_024;

impl Memory {
    fn key(member: &Member) -> (i64, u64) {
        let mut hasher = FxHasher::default();
        (&member.title, &member.summary).hash(&mut hasher);
        (member.item_id, hasher.finish())
    }

    /// Makes sure the features of `members` are known.
    fn learn<'m>(&mut self, members: impl IntoIterator<Item = &'m Member>) {
        for member in members {
            let key = Memory::key(member);
            if !self.features.contains_key(&key) {
                let features = Features::of(member, &mut self.vocabulary);
                self.features.insert(key, features);
            }
        }
    }

    fn features(&self, member: &Member) -> Option<&Features> {
        self.features.get(&Memory::key(member))
    }
}

/// How an incident compares with the item.
#[derive(Debug, Clone)]
pub struct Profile<'v> {
    /// TF-IDF cosine of the item against the incident's centroid.
    pub cosine: f64,
    /// Jaccard overlap of title words, averaged over the incident's items.
    pub title_overlap: f64,
    /// A name in the item's title that this incident's titles have and no other candidate's.
    pub shared_name: Option<String>,
    /// The words of this incident's titles, in lower case.
    words: &'v [u32],
    /// The words of the item's title, in lower case.
    item_words: &'v [u32],
    vocabulary: &'v Vocabulary,
    /// The keys this incident's items name.
    pub keys: &'v Keys,
}

impl Profile<'_> {
    /// Whether this incident's titles have `word` (in lower case).
    pub fn titles_have(&self, word: &str) -> bool {
        self.vocabulary
            .find(word)
            .is_some_and(|id| self.words.binary_search(&id).is_ok())
    }

    /// Whether the item's title has `word` (in lower case).
    pub fn item_title_has(&self, word: &str) -> bool {
        self.vocabulary
            .find(word)
            .is_some_and(|id| self.item_words.binary_search(&id).is_ok())
    }
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
    /// Per candidate, the TF-IDF cosine of the item against its centroid.
    cosines: Vec<f64>,
    overlaps: Vec<f64>,
    /// Per candidate, the item's title names its titles share with no other candidate.
    shared_names: Vec<Option<String>>,
    item_has_title: bool,
    item_words: Vec<u32>,
    candidate_words: Vec<Vec<u32>>,
    candidate_keys: Vec<Keys>,
}

impl Vectors {
    /// Weighs `item` and `candidates`' items, learning the features of those `memory` lacks.
    pub fn new(memory: &mut Memory, item: &Member, candidates: &[Candidate]) -> Vectors {
        if memory.features.len() >= FEATURES_KEPT {
            *memory = Memory::default();
        }
        memory.learn(std::iter::once(item).chain(candidates.iter().flat_map(|c| c.members)));
        let mut slots = std::mem::take(&mut memory.slots);
        slots.resize(memory.vocabulary.words.len(), NO_SLOT);
        let vectors = Vectors::compare(memory, &mut slots, item, candidates);
        memory.slots = slots;
        vectors
    }

    fn compare(
        memory: &Memory,
        slots: &mut [u32],
        item: &Member,
        candidates: &[Candidate],
    ) -> Vectors {
        let known = |m: &Member| memory.features(m).unwrap_or(&NO_FEATURES);
        let mine = known(item);
        let theirs: Vec<Vec<&Features>> = candidates
            .iter()
            .map(|c| c.members.iter().map(known).collect())
            .collect();
        let candidate_keys = theirs
            .iter()
            .map(|members| {
                let mut keys = Keys::default();
                for member in members {
                    keys.add(&member.keys);
                }
                keys
            })
            .collect();
        let cosines = cosines(slots, mine, &theirs);
        let overlaps = theirs
            .iter()
            .map(|members| {
                let total: f64 = members
                    .iter()
                    .map(|m| jaccard(&mine.title_words, &m.title_words))
                    .sum();
                total / members.len().max(1) as f64
            })
            .collect();
        let union = |members: &Vec<&Features>, part: fn(&Features) -> &Vec<u32>| {
            let mut ids: Vec<u32> = members.iter().flat_map(|m| part(m)).copied().collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let candidate_names: Vec<Vec<u32>> =
            theirs.iter().map(|m| union(m, |f| &f.names)).collect();
        let candidate_words: Vec<Vec<u32>> =
            theirs.iter().map(|m| union(m, |f| &f.words)).collect();
        // A name one side is sure of, written on the other side in any case, and in no other
        // candidate's titles.
        let mut holders: FxHashMap<u32, usize> = FxHashMap::default();
        for words in &candidate_words {
            for word in words {
                *holders.entry(*word).or_default() += 1;
            }
        }
        let shared_names = (0..candidates.len())
            .map(|at| {
                let alone = |n: &&u32| holders.get(*n) == Some(&1);
                let first = |ids: Vec<&u32>| {
                    ids.into_iter()
                        .map(|id| memory.vocabulary.spelling(*id))
                        .min()
                        .map(|w| w.to_string())
                };
                let has = |set: &[u32], id: &u32| set.binary_search(id).is_ok();
                first(
                    mine.names
                        .iter()
                        .filter(|n| has(&candidate_words[at], n))
                        .filter(alone)
                        .collect(),
                )
                .or_else(|| {
                    first(
                        candidate_names[at]
                            .iter()
                            .filter(|n| has(&mine.words, n))
                            .filter(alone)
                            .collect(),
                    )
                })
            })
            .collect();
        Vectors {
            cosines,
            overlaps,
            shared_names,
            item_has_title: !mine.title_words.is_empty(),
            item_words: mine.words.clone(),
            candidate_words,
            candidate_keys,
        }
    }

    /// How candidate `at` compares; `memory` is the one the vectors were weighed with.
    pub fn profile<'v>(&'v self, at: usize, memory: &'v Memory) -> Profile<'v> {
        Profile {
            cosine: self.cosines.get(at).copied().unwrap_or(0.0),
            title_overlap: if self.item_has_title {
                self.overlaps.get(at).copied().unwrap_or(0.0)
            } else {
                0.0
            },
            shared_name: self.shared_names.get(at).cloned().flatten(),
            words: self.candidate_words.get(at).map_or(&[], Vec::as_slice),
            item_words: &self.item_words,
            vocabulary: &memory.vocabulary,
            keys: self.candidate_keys.get(at).unwrap_or(&NO_FEATURES.keys),
        }
    }
}

/// The features of an item whose text was not learnt: none.
static NO_FEATURES: Features = Features {
    bag: Vec::new(),
    title_words: Vec::new(),
    names: Vec::new(),
    words: Vec::new(),
    keys: Keys::EMPTY,
};

/// A word without a slot in the comparison under way.
const NO_SLOT: u32 = u32::MAX;

/// Per candidate, the TF-IDF cosine of `mine` against the sum of its members' vectors, with
/// the document frequencies of `mine` and every member. Words get dense slots (`slots`, by word
/// id, left as it was found) for this one comparison, so that weighing is arithmetic over arrays.
fn cosines(slots: &mut [u32], mine: &Features, theirs: &[Vec<&Features>]) -> Vec<f64> {
    let mut placed: Vec<u32> = Vec::new();
    let mut df: Vec<f64> = Vec::new();
    let mut place = |bag: &[(u32, u32)]| -> Vec<(usize, f64)> {
        bag.iter()
            .map(|(word, count)| {
                let at = *word as usize;
                if slots[at] == NO_SLOT {
                    slots[at] = placed.len() as u32;
                    placed.push(*word);
                    df.push(0.0);
                }
                let slot = slots[at] as usize;
                df[slot] += 1.0;
                (slot, f64::from(*count))
            })
            .collect()
    };
    let item = place(&mine.bag);
    let members: Vec<Vec<Vec<(usize, f64)>>> = theirs
        .iter()
        .map(|members| members.iter().map(|m| place(&m.bag)).collect())
        .collect();
    for word in placed {
        slots[word as usize] = NO_SLOT;
    }
    let documents = 1.0 + theirs.iter().map(Vec::len).sum::<usize>() as f64;
    let idf: Vec<f64> = df
        .iter()
        .map(|d| ((documents + 1.0) / (d + 1.0)).ln() + 1.0)
        .collect();
    let mut item_vector = vec![0.0; idf.len()];
    for (slot, x) in weigh(item, &idf) {
        item_vector[slot] = x;
    }
    let mut sum = vec![0.0; idf.len()];
    let mut touched: Vec<usize> = Vec::new();
    members
        .into_iter()
        .map(|members| {
            for member in members {
                for (slot, x) in weigh(member, &idf) {
                    if sum[slot] == 0.0 {
                        touched.push(slot);
                    }
                    sum[slot] += x;
                }
            }
            let mut norm = 0.0;
            let mut dot = 0.0;
            for slot in touched.drain(..) {
                norm += sum[slot] * sum[slot];
                dot += item_vector[slot] * sum[slot];
                sum[slot] = 0.0;
            }
            if norm == 0.0 { 0.0 } else { dot / norm.sqrt() }
        })
        .collect()
}

/// A bag of (slot, count) weighted by `idf` and scaled to length one.
fn weigh(mut bag: Vec<(usize, f64)>, idf: &[f64]) -> Vec<(usize, f64)> {
    for (slot, x) in &mut bag {
        *x *= idf[*slot];
    }
    let norm = bag.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, x) in &mut bag {
            *x /= norm;
        }
    }
    bag
}

/// Jaccard overlap of two sorted sets of ids.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        return 0.0;
    }
    both as f64 / union as f64
}
