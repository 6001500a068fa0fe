//! The tagger's learned second stage: a logistic-regression model over hashed n-gram features.
//!
//! This module owns the feature extraction, the model file format, loading and writing it,
//! scoring, and training. It does no I/O: callers pass in folded text, file bytes and
//! labelled examples, and get back features, scores, bytes and models.
//!
//! File format (little endian): magic `FSNG`, version `u16` (1), dim `u32` (a power of two in
//! 2^10..=2^22), bias `f32`, scale `f32`, count `u32`, then `count` pairs of (LEB128 gap `u32`,
//! weight `i8`). A pair's index is the previous index + 1 + gap (the first: just the gap), so
//! indices strictly increase; the weight is `q * scale`. Weights not listed are zero.

use std::fmt;

/// Smallest accepted feature space: fewer buckets would collide too much to be useful.
pub const MIN_DIM: u32 = 1 << 10;
/// Largest accepted feature space: bounds the memory a model file can make us allocate.
pub const MAX_DIM: u32 = 1 << 22;
/// The feature space training uses unless told otherwise.
pub const DEFAULT_DIM: u32 = 1 << 18;
/// Most fits [`train`] averages: bounds the time an absurd option can cost.
pub const MAX_ROUNDS: u32 = 64;

const MAGIC: &[u8; 4] = b"FSNG";
const VERSION: u16 = 1;
/// Words read per field: bounds the cost of an item whatever its length.
const MAX_WORDS: usize = 400;
/// Weights below this fraction of the largest are dropped after training: they barely move a
/// score and would bloat the sparse file.
const PRUNE_FRACTION: f32 = 0.01;

// Namespace bytes keep a title word and a body word apart, while the shared namespace lets
// evidence learned from one field count in the other.
const NS_TITLE: u8 = b'T';
const NS_BODY: u8 = b'B';
const NS_SHARED: u8 = b'S';
const KIND_WORD: u8 = b'w';
const KIND_BIGRAM: u8 = b'b';
const KIND_GRAM: u8 = b'c';

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64, written out so that feature hashes (and so trained models) never depend on the
/// Rust release, unlike `DefaultHasher`.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(hash, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// A feature's hash from the FNV state after its bytes.
fn finish(h: u64) -> u32 {
    // Folding the high half in keeps its entropy; the truncation to 32 bits is the point.
    (h ^ (h >> 32)) as u32
}

/// The FNV states after a feature's namespace and kind bytes: every feature of that namespace
/// and kind hashes on from there.
struct Starts {
    word: u64,
    bigram: u64,
    gram: u64,
}

impl Starts {
    fn of(space: u8) -> Starts {
        let start = |kind: u8| fnv1a(FNV_OFFSET, &[space, kind]);
        Starts {
            word: start(KIND_WORD),
            bigram: start(KIND_BIGRAM),
            gram: start(KIND_GRAM),
        }
    }
}

/// Puts the sorted, deduplicated feature hashes of an item into `out` (replacing its contents).
///
/// `title` and `body` must already be folded (lower-cased, accents removed). Hashes are full
/// 32-bit values; a model reduces them to its own dimension when scoring.
pub fn features(title: &str, body: &str, out: &mut Vec<u32>) {
    out.clear();
    let (mut marked, mut starts) = (Vec::new(), Vec::new());
    for (text, ns) in [(title, NS_TITLE), (body, NS_BODY)] {
        let spaces = [Starts::of(ns), Starts::of(NS_SHARED)];
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty());
        // Per namespace, the state of a bigram after the previous word and its separator: no
        // word contains a NUL, so "ab c" and "a bc" cannot collide.
        let mut previous: [Option<u64>; 2] = [None, None];
        for word in words.take(MAX_WORDS) {
            let bytes = word.as_bytes();
            for (space, previous) in spaces.iter().zip(&mut previous) {
                out.push(finish(fnv1a(space.word, bytes)));
                if let Some(after) = *previous {
                    out.push(finish(fnv1a(after, bytes)));
                }
                *previous = Some(fnv1a(fnv1a(space.bigram, bytes), &[0]));
            }
            // Character grams let unseen inflections ("hackers", "hacking") share evidence:
            // every four characters of "<word>", whose character starts are in `starts`.
            marked.clear();
            marked.push(b'<');
            marked.extend_from_slice(bytes);
            marked.push(b'>');
            starts.clear();
            starts.push(0);
            starts.extend(word.char_indices().map(|(i, _)| i + 1));
            starts.extend([marked.len() - 1, marked.len()]);
            // A word of one or two characters is its own gram already.
            if starts.len() < 6 {
                continue;
            }
            for window in starts.windows(5) {
                let gram = &marked[window[0]..window[4]];
                for space in &spaces {
                    out.push(finish(fnv1a(space.gram, gram)));
                }
            }
        }
    }
    // Binary features: a word repeated ten times is no more an attack than one said once. A
    // radix sort, since sorting the thousands of hashes of an item is much of the model's cost.
    radsort::sort(out);
    out.dedup();
}

/// Why a model file was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelError {
    /// The file ends before its contents do.
    Truncated,
    /// The file does not start with `FSNG`.
    BadMagic,
    /// The file is of a format version this build does not read.
    UnsupportedVersion(u16),
    /// The dimension is not a power of two in the accepted range.
    BadDimension(u32),
    /// A weight's index is past the dimension or does not fit in 32 bits.
    IndexOutOfRange,
    /// Bytes follow the last weight.
    TrailingBytes,
    /// The bias or the scale is infinite or NaN.
    NonFinite,
    /// A file of heads holds none, or more than a file may.
    HeadCount(usize),
    /// A head's name is empty, too long or not UTF-8, or two heads share one.
    BadHeadName,
    /// The heads of one file do not share one dimension.
    MixedDimensions,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Truncated => write!(f, "model file is truncated"),
            ModelError::BadMagic => write!(f, "not a model file (bad magic)"),
            ModelError::UnsupportedVersion(v) => write!(f, "unsupported model version {v}"),
            ModelError::BadDimension(d) => write!(
                f,
                "bad model dimension {d} (want a power of two from {MIN_DIM} to {MAX_DIM})"
            ),
            ModelError::IndexOutOfRange => write!(f, "model weight index out of range"),
            ModelError::TrailingBytes => write!(f, "trailing bytes after model weights"),
            ModelError::NonFinite => write!(f, "model bias or scale is not finite"),
            ModelError::HeadCount(n) => write!(f, "a category model with {n} heads"),
            ModelError::BadHeadName => write!(f, "a category model head with a bad name"),
            ModelError::MixedDimensions => {
                write!(f, "the category model's heads differ in dimension")
            }
        }
    }
}

impl std::error::Error for ModelError {}

/// A trained model: a bias and one weight per feature bucket.
#[derive(Clone)]
pub struct Model {
    dim: u32,
    bias: f32,
    weights: Vec<f32>,
}

impl fmt::Debug for Model {
    // The weights would print a quarter of a million numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nonzero = self.weights.iter().filter(|w| **w != 0.0).count();
        f.debug_struct("Model")
            .field("dim", &self.dim)
            .field("bias", &self.bias)
            .field("nonzero", &nonzero)
            .finish()
    }
}

/// Reads a model file front to back, failing instead of panicking on short input.
pub(super) struct Reader<'a>(pub &'a [u8]);

impl Reader<'_> {
    /// The next `N` bytes.
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let (head, rest) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(ModelError::Truncated)?;
        self.0 = rest;
        Ok(*head)
    }

    fn varint(&mut self) -> Result<u32, ModelError> {
        let mut value = 0u64;
        // At most five bytes: enough for any u32, and a bound on what a bad file makes us read.
        for shift in (0..35).step_by(7) {
            let [byte] = self.array()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return u32::try_from(value).map_err(|_| ModelError::IndexOutOfRange);
            }
        }
        Err(ModelError::IndexOutOfRange)
    }
}

fn put_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        // Masked to seven bits first, so the cast keeps every bit it is given.
        out.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    out.push((value & 0x7f) as u8);
}

/// `dim` if it is a dimension a file may declare: a power of two within `MIN_DIM..=MAX_DIM`.
pub(super) fn check_dim(dim: u32) -> Result<u32, ModelError> {
    match dim.is_power_of_two() && (MIN_DIM..=MAX_DIM).contains(&dim) {
        true => Ok(dim),
        false => Err(ModelError::BadDimension(dim)),
    }
}

/// A model's bias and weight step, as a file stores them one after the other; both finite.
pub(super) fn read_bias_and_scale(r: &mut Reader) -> Result<(f32, f32), ModelError> {
    let bias = f32::from_le_bytes(r.array()?);
    let scale = f32::from_le_bytes(r.array()?);
    match bias.is_finite() && scale.is_finite() {
        true => Ok((bias, scale)),
        false => Err(ModelError::NonFinite),
    }
}

/// A model as its file stores it: each weight is `q * scale` with `q` in -127..=127.
pub(super) struct Quantised {
    /// Number of feature buckets, a power of two.
    pub dim: u32,
    /// The score of an item with no features, before the sigmoid.
    pub bias: f32,
    /// The size of one step of `q`.
    pub scale: f32,
    /// One `q` per bucket.
    pub weights: Vec<i8>,
}

impl Quantised {
    /// Reads a model file, validating all of it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Quantised, ModelError> {
        let mut r = Reader(bytes);
        let magic: [u8; 4] = r.array()?;
        if &magic != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = u16::from_le_bytes(r.array()?);
        if version != VERSION {
            return Err(ModelError::UnsupportedVersion(version));
        }
        let dim = check_dim(u32::from_le_bytes(r.array()?))?;
        let (bias, scale) = read_bias_and_scale(&mut r)?;
        let count = u32::from_le_bytes(r.array()?);
        let mut weights = vec![0; dim as usize];
        let mut next = 0u32;
        // No allocation is sized by `count`: a lying count just runs into `Truncated`.
        for _ in 0..count {
            let index = next
                .checked_add(r.varint()?)
                .ok_or(ModelError::IndexOutOfRange)?;
            if index >= dim {
                return Err(ModelError::IndexOutOfRange);
            }
            let [q] = r.array()?;
            weights[index as usize] = i8::from_le_bytes([q]);
            next = index + 1;
        }
        if !r.0.is_empty() {
            return Err(ModelError::TrailingBytes);
        }
        Ok(Quantised {
            dim,
            bias,
            scale,
            weights,
        })
    }

    /// Writes the file [`Quantised::from_bytes`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut entries = Vec::new();
        let mut count = 0u32;
        let mut next = 0u32;
        for (index, &q) in (0..self.dim).zip(&self.weights) {
            if q != 0 {
                put_varint(&mut entries, index - next);
                entries.extend_from_slice(&q.to_le_bytes());
                next = index + 1;
                count += 1;
            }
        }
        let mut out = header(VERSION, self.dim, self.bias, self.scale, count);
        out.extend_from_slice(&entries);
        out
    }
}

impl Model {
    /// Loads a model from the bytes of a model file, validating all of it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let q = Quantised::from_bytes(bytes)?;
        let weights = q.weights.iter().map(|&w| f32::from(w) * q.scale).collect();
        Ok(Model {
            dim: q.dim,
            bias: q.bias,
            weights,
        })
    }

    /// Writes the model in the format [`Model::from_bytes`] reads, quantising the weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.quantised().to_bytes()
    }

    /// The model with its weights rounded to the steps its file stores.
    pub(super) fn quantised(&self) -> Quantised {
        let max = self.weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        // Weights are always finite: `from_bytes` and `train` both see to it.
        let scale = max / 127.0;
        let weights = self
            .weights
            .iter()
            .map(|&w| match scale > 0.0 {
                // Clamped into i8's range first, so the cast only drops the (zero) fraction.
                true => (w / scale).round().clamp(-127.0, 127.0) as i8,
                false => 0,
            })
            .collect();
        Quantised {
            dim: self.dim,
            bias: self.bias,
            scale,
            weights,
        }
    }

    /// The probability that an item with these features (from [`features`]) reports an attack.
    pub fn score(&self, features: &[u32]) -> f32 {
        probability(self.bias, &self.weights, features)
    }
}

fn header(version: u16, dim: u32, bias: f32, scale: f32, count: u32) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&dim.to_le_bytes());
    for word in [bias.to_bits(), scale.to_bits(), count] {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out
}

/// `weights.len()` is a power of two, so masking reduces a feature hash to a bucket.
fn probability(bias: f32, weights: &[f32], features: &[u32]) -> f32 {
    let mask = weights.len() - 1;
    let sum: f32 = features.iter().map(|&f| weights[f as usize & mask]).sum();
    1.0 / (1.0 + (-(bias + sum)).exp())
}

/// How [`train`] fits a model.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Number of feature buckets; rounded up to a power of two within `MIN_DIM..=MAX_DIM`.
    pub dim: u32,
    /// Passes over the examples.
    pub epochs: u32,
    /// AdaGrad's base step size.
    pub learning_rate: f32,
    /// L2 penalty on the weights an example touches.
    pub l2: f32,
    /// Seed of the per-epoch shuffle; the same seed and examples give the same model.
    pub seed: u64,
    /// Fits, each with its own shuffle, whose weights are averaged: one fit moves with the order
    /// it saw the examples in, and the average keeps only what the orders agree on.
    pub rounds: u32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            dim: DEFAULT_DIM,
            epochs: 10,
            learning_rate: 0.2,
            l2: 1e-6,
            seed: 0x5eed,
            rounds: 1,
        }
    }
}

/// SplitMix64: tiny and fully specified, so a shuffle is the same on every platform.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        // The remainder is below `n`, so it fits back in a usize.
        (self.next() % n as u64) as usize
    }
}

/// Fits a model to `(features, is_attack)` examples by logistic regression with AdaGrad,
/// averaged over `options.rounds` shuffles.
pub fn train(examples: &[(Vec<u32>, bool)], options: &TrainOptions) -> Model {
    let dim = options.dim.clamp(MIN_DIM, MAX_DIM).next_power_of_two();
    let rounds = options.rounds.clamp(1, MAX_ROUNDS);
    let mut weights = vec![0.0f32; dim as usize];
    let mut bias = 0.0f32;
    let mut rng = SplitMix(options.seed);
    for _ in 0..rounds {
        let (round_bias, round_weights) = fit(examples, options, dim, &mut rng);
        bias += round_bias / rounds as f32;
        for (w, r) in weights.iter_mut().zip(round_weights) {
            *w += r / rounds as f32;
        }
    }

    // Absurd options can diverge; a model must still write a file that loads.
    let max = weights
        .iter()
        .filter(|w| w.is_finite())
        .fold(0.0f32, |m, w| m.max(w.abs()));
    let threshold = max * PRUNE_FRACTION;
    for w in &mut weights {
        if !w.is_finite() || w.abs() < threshold {
            *w = 0.0;
        }
    }
    if !bias.is_finite() {
        bias = 0.0;
    }
    Model { dim, bias, weights }
}

/// One logistic-regression fit, its shuffles drawn from `rng`.
fn fit(
    examples: &[(Vec<u32>, bool)],
    options: &TrainOptions,
    dim: u32,
    rng: &mut SplitMix,
) -> (f32, Vec<f32>) {
    const EPSILON: f32 = 1e-8;
    let mask = dim as usize - 1;
    let mut weights = vec![0.0f32; dim as usize];
    let mut squares = vec![0.0f32; dim as usize];
    let (mut bias, mut bias_square) = (0.0f32, 0.0f32);

    // Each class carries half the total weight, so a rare class is not simply outvoted.
    let positives = examples.iter().filter(|(_, label)| *label).count();
    let negatives = examples.len() - positives;
    let half = examples.len() as f32 / 2.0;
    let positive_weight = half / positives.max(1) as f32;
    let negative_weight = half / negatives.max(1) as f32;

    let mut order: Vec<usize> = (0..examples.len()).collect();
    for _ in 0..options.epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for &i in &order {
            let (feats, label) = &examples[i];
            let (target, class_weight) = match label {
                true => (1.0, positive_weight),
                false => (0.0, negative_weight),
            };
            let g = (probability(bias, &weights, feats) - target) * class_weight;
            bias_square += g * g;
            bias -= options.learning_rate * g / (bias_square.sqrt() + EPSILON);
            for &f in feats {
                let j = f as usize & mask;
                let grad = g + options.l2 * weights[j];
                squares[j] += grad * grad;
                weights[j] -= options.learning_rate * grad / (squares[j].sqrt() + EPSILON);
            }
        }
    }
    (bias, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(title: &str, body: &str) -> Vec<u32> {
        let mut out = vec![7];
        features(title, body, &mut out);
        out
    }

    fn fnv(bytes: &[u8]) -> u64 {
        fnv1a(FNV_OFFSET, bytes)
    }

    #[test]
    fn fnv_and_feature_hashes_are_stable() {
        // Reference FNV-1a 64 values, and features pinned once: a change retrains every model.
        assert_eq!(fnv(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(feats("", "hack"), PINNED_HACK);
    }

    #[test]
    fn short_words_have_no_grams_and_pairs_count_once_per_namespace() {
        // Two words of two letters: a word feature each and one pair, in the body's namespace
        // and the shared one; "<ab>" is the word itself, so no gram.
        assert_eq!(feats("", "ab cd").len(), 6);
        // Three letters make two grams ("<abc", "abc>") per namespace.
        assert_eq!(feats("", "abc").len(), 6);
    }

    const PINNED_HACK: [u32; 8] = [
        39091877, 200281965, 363109678, 1829304464, 2346516656, 2594171389, 3242767564, 3455728087,
    ];

    #[test]
    fn features_are_deterministic_sorted_and_deduplicated() {
        let (title, body) = ("ransomware hits", "the the hospital, the hospital!");
        let a = feats(title, body);
        assert_eq!(a, feats(title, body));
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert!(feats("", " ,.;!? ").is_empty());
        assert!(!feats("", "해킹 공격").is_empty());
        // The token cap bounds the work whatever the length.
        let long = "word ".repeat(10_000);
        assert_eq!(feats("", &long), feats("", &"word ".repeat(MAX_WORDS)));
    }

    #[test]
    fn title_and_body_differ_but_share_a_namespace() {
        let title = feats("ransomware", "");
        let body = feats("", "ransomware");
        assert_ne!(title, body);
        let shared = title.iter().filter(|f| body.contains(f)).count();
        assert_eq!(shared * 2, title.len());
    }

    const POSITIVE: &str = "servers hacked by ransomware gang; hospital hit by cyberattack; \
        hackers breach bank network; ransomware attack shuts down city services; \
        data breach exposes millions of passwords; gang claims attack on airline systems; \
        hackers steal customer data; ddos attack knocks government sites offline; \
        attackers hijack accounts in phishing campaign; school district hit by ransomware";
    const NEGATIVE: &str = "new phone released with bigger screen; company reports earnings; \
        review of the latest laptop; startup raises funding for ai tool; \
        browser update adds tabs feature; game console sales rise; city opens new park; \
        new programming language version released; team wins championship final; \
        recipe for chocolate cake";

    fn titles(list: &str) -> impl Iterator<Item = &str> {
        list.split("; ")
    }

    fn toy_model() -> Model {
        let examples: Vec<(Vec<u32>, bool)> = titles(POSITIVE)
            .map(|t| (feats(t, ""), true))
            .chain(titles(NEGATIVE).map(|t| (feats(t, ""), false)))
            .collect();
        assert_eq!(examples.len(), 20);
        let options = TrainOptions {
            dim: 1 << 12,
            epochs: 20,
            ..TrainOptions::default()
        };
        let model = train(&examples, &options);
        assert_eq!(
            model.to_bytes(),
            train(&examples, &options).to_bytes(),
            "reproducible"
        );
        model
    }

    #[test]
    fn training_separates_toy_examples() {
        let model = toy_model();
        for t in titles(POSITIVE) {
            assert!(model.score(&feats(t, "")) > 0.5, "{t}");
        }
        for t in titles(NEGATIVE) {
            assert!(model.score(&feats(t, "")) < 0.5, "{t}");
        }
        assert!(model.score(&feats("hackers hit airline", "")) > 0.5);
    }

    #[test]
    fn rounds_average_fits_with_their_own_shuffles() {
        let examples: Vec<(Vec<u32>, bool)> = titles(POSITIVE)
            .map(|t| (feats(t, ""), true))
            .chain(titles(NEGATIVE).map(|t| (feats(t, ""), false)))
            .collect();
        let options = TrainOptions {
            dim: 1 << 12,
            epochs: 3,
            rounds: 3,
            ..TrainOptions::default()
        };
        let mut rng = SplitMix(options.seed);
        let biases: Vec<f32> = (0..3)
            .map(|_| fit(&examples, &options, 1 << 12, &mut rng).0)
            .collect();
        assert!(biases[0] != biases[1], "each fit has its own shuffle");
        let averaged = train(&examples, &options);
        let mean = biases.iter().map(|b| b / 3.0).sum::<f32>();
        assert!(
            (averaged.bias - mean).abs() < 1e-6,
            "{} vs {mean}",
            averaged.bias
        );
        for t in titles(POSITIVE) {
            assert!(averaged.score(&feats(t, "")) > 0.5, "{t}");
        }
        for t in titles(NEGATIVE) {
            assert!(averaged.score(&feats(t, "")) < 0.5, "{t}");
        }
        // No rounds is one round, and an absurd count is clamped rather than run.
        let once = TrainOptions {
            rounds: 1,
            ..options.clone()
        };
        let none = TrainOptions {
            rounds: 0,
            ..options.clone()
        };
        assert_eq!(
            train(&examples, &none).to_bytes(),
            train(&examples, &once).to_bytes()
        );
        let absurd = TrainOptions {
            rounds: u32::MAX,
            epochs: 1,
            ..options
        };
        assert!(train(&examples, &absurd).score(&feats("hackers hit airline", "")) > 0.5);
    }

    #[test]
    fn round_trip_keeps_scores_within_quantisation_error() {
        let model = toy_model();
        let bytes = model.to_bytes();
        let loaded = Model::from_bytes(&bytes).unwrap();
        assert_eq!(loaded.to_bytes(), bytes);
        let max = model.weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        for t in titles(POSITIVE).chain(titles(NEGATIVE)) {
            let f = feats(t, "");
            // Each weight moves by at most half a step; a probability by at most a quarter
            // of its logit's move.
            let bound = f.len() as f32 * max / 127.0 / 2.0 / 4.0 + 1e-6;
            assert!((model.score(&f) - loaded.score(&f)).abs() <= bound, "{t}");
        }
    }

    #[track_caller]
    fn rejects(bytes: &[u8], want: ModelError) {
        assert_eq!(Model::from_bytes(bytes).err(), Some(want));
    }

    #[test]
    fn corrupt_files_are_rejected() {
        use ModelError::*;
        let mut valid = header(1, 1024, 0.5, 1.0, 2);
        valid.extend_from_slice(&[0x85, 0x01, 0x7f, 0x00, 0x81]); // 133 -> 127, 134 -> -127
        assert_eq!(Model::from_bytes(&valid).unwrap().to_bytes(), valid);
        for len in 0..valid.len() {
            rejects(&valid[..len], Truncated);
        }
        rejects(&[b"X", &valid[1..]].concat(), BadMagic);
        rejects(&header(2, 1024, 0.0, 0.0, 0), UnsupportedVersion(2));
        for dim in [0, 512, 1000, 1 << 23, u32::MAX] {
            rejects(&header(1, dim, 0.0, 0.0, 0), BadDimension(dim));
        }
        rejects(&header(1, 1024, f32::NAN, 0.0, 0), NonFinite);
        rejects(&header(1, 1024, 0.0, f32::INFINITY, 0), NonFinite);
        let with = |n, entries: &[u8]| [&header(1, 1024, 0.0, 1.0, n), entries].concat();
        // Index 1024; past u32 in one varint; 1 + u32::MAX over two; a six-byte varint.
        rejects(&with(1, &[0x80, 0x08, 1]), IndexOutOfRange);
        rejects(
            &with(1, &[0xff, 0xff, 0xff, 0xff, 0x1f, 1]),
            IndexOutOfRange,
        );
        rejects(
            &with(2, &[0, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 1]),
            IndexOutOfRange,
        );
        rejects(
            &with(1, &[0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 1]),
            IndexOutOfRange,
        );
        rejects(&[&valid[..], &[0]].concat(), TrailingBytes);
        assert!(BadDimension(3).to_string().contains('3'));
    }
}
