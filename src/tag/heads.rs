//! The category model: one logistic head per category over the second stage's features, read
//! together so that scoring every category looks each feature's bucket up once.
//!
//! This module owns the file of heads, loading and writing it, scoring, and training the heads
//! one against the rest. File format (little endian): magic `FSNH`, version `u16` (1), a head
//! count `u8`, each head's name (length `u8`, UTF-8 bytes), the dimension `u32` (a power of
//! two, as for [`super::model`]), each head's bias and scale (`f32` each), then the table: per
//! bucket, one weight step `i8` per head, in the order of the names. A weight is `q * scale`.
//! The table is stored as it is used, so heads built into the binary are read in place.

use std::borrow::Cow;

use super::model::{
    self, Model, ModelError, Quantised, Reader, TrainOptions, check_dim, read_bias_and_scale,
};

const MAGIC: &[u8; 4] = b"FSNH";
const VERSION: u16 = 1;
/// Most heads a file may hold: far more than there are categories, and a bound on the work of
/// scoring.
const MAX_HEADS: usize = 32;

/// Named heads over one feature space, their quantised weights interleaved per bucket.
#[derive(Clone)]
pub struct Heads {
    names: Vec<String>,
    dim: u32,
    biases: Vec<f32>,
    scales: Vec<f32>,
    /// `dim` rows of one weight step per head (an `i8` stored as its byte), in the order of
    /// `names`: borrowed from the binary for the built-in heads.
    table: Cow<'static, [u8]>,
}

impl std::fmt::Debug for Heads {
    // The table holds a weight per bucket and head.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Heads")
            .field("names", &self.names)
            .field("dim", &self.dim)
            .finish()
    }
}

impl Heads {
    /// Heads from trained models, each quantised as its file would store it.
    pub fn from_models(heads: &[(&str, &Model)]) -> Result<Heads, ModelError> {
        let names = heads.iter().map(|(name, _)| name.to_string()).collect();
        Heads::assemble(names, heads.iter().map(|(_, m)| m.quantised()).collect())
    }

    /// One head named `name` from the bytes of a model file, its weights taken as stored.
    pub fn from_model_file(name: &str, bytes: &[u8]) -> Result<Heads, ModelError> {
        Heads::assemble(vec![name.to_string()], vec![Quantised::from_bytes(bytes)?])
    }

    /// Heads from their names and quantised weights, interleaved into one table.
    fn assemble(names: Vec<String>, quantised: Vec<Quantised>) -> Result<Heads, ModelError> {
        check_names(&names)?;
        let dim = quantised[0].dim;
        if quantised.iter().any(|q| q.dim != dim) {
            return Err(ModelError::MixedDimensions);
        }
        let width = names.len();
        let mut table = vec![0u8; dim as usize * width];
        for (column, head) in quantised.iter().enumerate() {
            for (row, &q) in head.weights.iter().enumerate() {
                table[row * width + column] = q.to_le_bytes()[0];
            }
        }
        Ok(Heads {
            names,
            dim,
            biases: quantised.iter().map(|q| q.bias).collect(),
            scales: quantised.iter().map(|q| q.scale).collect(),
            table: Cow::Owned(table),
        })
    }

    /// Loads heads from a file that lives as long as the program (built into the binary),
    /// validating all of it and reading the table in place instead of copying it.
    pub fn from_static(bytes: &'static [u8]) -> Result<Heads, ModelError> {
        let (heads, table) = Heads::read(bytes)?;
        Ok(Heads {
            table: Cow::Borrowed(table),
            ..heads
        })
    }

    /// Everything of a heads file but its table, which is returned beside it.
    fn read(bytes: &[u8]) -> Result<(Heads, &[u8]), ModelError> {
        let mut r = Reader(bytes);
        if &r.array::<4>()? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = u16::from_le_bytes(r.array()?);
        if version != VERSION {
            return Err(ModelError::UnsupportedVersion(version));
        }
        let [count] = r.array()?;
        let mut names = Vec::new();
        for _ in 0..count {
            let [length] = r.array()?;
            let name = take(&mut r, usize::from(length))?;
            let name = std::str::from_utf8(name).map_err(|_| ModelError::BadHeadName)?;
            names.push(name.to_string());
        }
        check_names(&names)?;
        let dim = check_dim(u32::from_le_bytes(r.array()?))?;
        let (mut biases, mut scales) = (Vec::new(), Vec::new());
        for _ in 0..names.len() {
            let (bias, scale) = read_bias_and_scale(&mut r)?;
            biases.push(bias);
            scales.push(scale);
        }
        // Both factors are bounded (2^22 buckets, 32 heads), so the product cannot overflow.
        let table = take(&mut r, dim as usize * names.len())?;
        if !r.0.is_empty() {
            return Err(ModelError::TrailingBytes);
        }
        let heads = Heads {
            names,
            dim,
            biases,
            scales,
            table: Cow::Borrowed(&[]),
        };
        Ok((heads, table))
    }

    /// Writes the heads in the format [`Heads::from_static`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&VERSION.to_le_bytes());
        // `check_names` bounds the count and the names' lengths to a byte.
        out.push(self.names.len() as u8);
        for name in &self.names {
            out.push(name.len() as u8);
            out.extend_from_slice(name.as_bytes());
        }
        out.extend_from_slice(&self.dim.to_le_bytes());
        for (bias, scale) in self.biases.iter().zip(&self.scales) {
            out.extend_from_slice(&bias.to_le_bytes());
            out.extend_from_slice(&scale.to_le_bytes());
        }
        out.extend_from_slice(&self.table);
        out
    }

    /// The heads' names, in the order of [`Heads::scores`].
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Each head's probability for an item with these features (from [`model::features`]).
    pub fn scores(&self, features: &[u32]) -> Vec<f32> {
        let width = self.names.len();
        let mask = self.dim as usize - 1;
        let mut sums = [0i32; MAX_HEADS];
        for &feature in features {
            let row = (feature as usize & mask) * width;
            for (sum, &q) in sums.iter_mut().zip(&self.table[row..row + width]) {
                *sum += i32::from(i8::from_le_bytes([q]));
            }
        }
        sums.iter()
            .zip(self.biases.iter().zip(&self.scales))
            // An item has at most some ten thousand features, so the sum is exact in an f32.
            .map(|(&sum, (&bias, &scale))| 1.0 / (1.0 + (-(bias + sum as f32 * scale)).exp()))
            .collect()
    }
}

/// Whether `names` may name the heads of one file: one to [`MAX_HEADS`] of them, each of 1 to
/// 255 bytes, no two alike.
fn check_names(names: &[String]) -> Result<(), ModelError> {
    if names.is_empty() || names.len() > MAX_HEADS {
        return Err(ModelError::HeadCount(names.len()));
    }
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() || name.len() > usize::from(u8::MAX) || names[..i].contains(name) {
            return Err(ModelError::BadHeadName);
        }
    }
    Ok(())
}

/// The next `length` bytes of `r`.
fn take<'a>(r: &mut Reader<'a>, length: usize) -> Result<&'a [u8], ModelError> {
    let (head, rest) = r.0.split_at_checked(length).ok_or(ModelError::Truncated)?;
    r.0 = rest;
    Ok(head)
}

/// Trains one head per name, each telling its class (the index into `names` of an example's
/// label) from the others.
pub fn train(
    examples: &[(Vec<u32>, usize)],
    names: &[&str],
    options: &TrainOptions,
) -> Result<Heads, ModelError> {
    let models: Vec<Model> = (0..names.len())
        .map(|class| {
            let binary: Vec<(Vec<u32>, bool)> = examples
                .iter()
                .map(|(features, label)| (features.clone(), *label == class))
                .collect();
            model::train(&binary, options)
        })
        .collect();
    let named: Vec<(&str, &Model)> = names.iter().copied().zip(&models).collect();
    Heads::from_models(&named)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads heads from bytes that the test leaks, as the binary's live for the whole run.
    fn load(bytes: &[u8]) -> Result<Heads, ModelError> {
        Heads::from_static(Box::leak(bytes.to_vec().into_boxed_slice()))
    }

    fn feats(title: &str) -> Vec<u32> {
        let mut out = Vec::new();
        model::features(title, "", &mut out);
        out
    }

    const NAMES: [&str; 3] = ["ransomware", "ddos", "fraud"];

    fn toy_heads() -> Heads {
        let titles = [
            ("files encrypted ransom demanded", 0),
            ("ransomware gang encrypts servers", 0),
            ("ransom note left on encrypted systems", 0),
            ("traffic flood knocks sites offline", 1),
            ("ddos flood takes portal offline", 1),
            ("botnet flood overwhelms servers offline", 1),
            ("crooks empty bank accounts", 2),
            ("scammers drain savings accounts", 2),
            ("fraudsters empty accounts of pensioners", 2),
        ];
        let examples: Vec<(Vec<u32>, usize)> = titles.iter().map(|(t, c)| (feats(t), *c)).collect();
        let options = TrainOptions {
            dim: model::MIN_DIM,
            epochs: 30,
            ..TrainOptions::default()
        };
        train(&examples, &NAMES, &options).expect("heads")
    }

    fn best(heads: &Heads, title: &str) -> String {
        let scores = heads.scores(&feats(title));
        let top = (0..scores.len())
            .max_by(|a, b| scores[*a].total_cmp(&scores[*b]))
            .expect("heads");
        heads.names()[top].clone()
    }

    #[test]
    fn each_head_picks_its_class() {
        let heads = toy_heads();
        assert_eq!(
            best(&heads, "servers encrypted, ransom demanded"),
            "ransomware"
        );
        assert_eq!(best(&heads, "flood takes sites offline"), "ddos");
        assert_eq!(best(&heads, "crooks drain accounts"), "fraud");
    }

    #[test]
    fn round_trip_keeps_every_score() {
        let heads = toy_heads();
        let bytes = heads.to_bytes();
        let loaded = load(&bytes).expect("loads");
        assert_eq!(loaded.names(), heads.names());
        assert_eq!(loaded.to_bytes(), bytes);
        let f = feats("ransom flood accounts");
        assert_eq!(loaded.scores(&f), heads.scores(&f));
    }

    #[test]
    fn bad_files_are_rejected_not_panicked_on() {
        let bytes = toy_heads().to_bytes();
        for end in 0..bytes.len() {
            assert!(load(&bytes[..end]).is_err(), "cut at {end}");
        }
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert_eq!(load(&trailing).err(), Some(ModelError::TrailingBytes));
        let mut none = bytes[..6].to_vec();
        none.push(0);
        assert_eq!(load(&none).err(), Some(ModelError::HeadCount(0)));
        let model = Model::from_bytes(&toy_model_bytes()).expect("model");
        let twice = [("same", &model), ("same", &model)];
        assert_eq!(
            Heads::from_models(&twice).err(),
            Some(ModelError::BadHeadName)
        );
        let mut other = bytes;
        other[0] = b'X';
        assert_eq!(load(&other).err(), Some(ModelError::BadMagic));
    }

    #[test]
    fn heads_of_different_dimensions_are_refused() {
        let small = Model::from_bytes(&toy_model_bytes()).expect("model");
        let options = TrainOptions {
            dim: model::MIN_DIM * 2,
            ..TrainOptions::default()
        };
        let large = model::train(&[(feats("hack"), true)], &options);
        let mixed = [("a", &small), ("b", &large)];
        assert_eq!(
            Heads::from_models(&mixed).err(),
            Some(ModelError::MixedDimensions)
        );
    }

    fn toy_model_bytes() -> Vec<u8> {
        let options = TrainOptions {
            dim: model::MIN_DIM,
            ..TrainOptions::default()
        };
        model::train(&[(feats("hack"), true), (feats("cake"), false)], &options).to_bytes()
    }
}
