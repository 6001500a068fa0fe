//! Placeholder for the tagger while it is developed on its own branch: no rules, no tags.

use serde::Deserialize;
use std::ops::Range;

/// The compiled rule set.
#[derive(Debug, Default)]
pub struct Tagger;

/// The plain text of one item, as tagging reads it.
pub struct TagInput<'a> {
    /// Plain-text title.
    pub title: &'a str,
    /// Plain-text summary.
    pub summary: &'a str,
    /// Plain-text content.
    pub content: &'a str,
}

/// One tag given to an item, with the evidence for it.
#[derive(Debug, Clone, PartialEq)]
pub struct TagHit {
    /// The tag.
    pub tag: String,
    /// What fired.
    pub evidence: String,
}

/// The `[tagging]` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaggingConfig {}

/// A rule that cannot be used.
#[derive(Debug)]
pub struct RuleError {
    /// What is wrong.
    pub message: String,
    /// Where in the configuration source.
    pub span: Option<Range<usize>>,
}

impl Tagger {
    /// The built-in rules.
    pub fn builtin() -> Tagger {
        Tagger
    }
    /// The built-in rules plus the configuration's.
    pub fn from_config(_cfg: &TaggingConfig) -> Result<Tagger, RuleError> {
        Ok(Tagger)
    }
    /// The tags for `input`.
    pub fn tag(&self, _input: &TagInput) -> Vec<TagHit> {
        Vec::new()
    }
    /// A report of what fired.
    pub fn explain(&self, _input: &TagInput) -> String {
        String::new()
    }
}
