//! The `[tagging]` configuration section, the rule-file syntax it shares with the built-in
//! rules, and the error a bad rule produces.
//!
//! # Syntax
//!
//! ```toml
//! # Additions to the built-in `cyberattack` tag.
//! [tagging.cyberattack]
//! terms = ["cyber heist"]         # each makes an item positive on its own (category "other")
//! exclude = ["attack surface management"]  # vetoes every match it overlaps
//! unless = ["tabletop exercise"]  # no rule of this section counts if the item has one
//!
//! # A rule with a category and a context window.
//! [[tagging.cyberattack.rules]]
//! category = "fraud"              # ransomware, data-breach, ddos, phishing, malware,
//!                                 # supply-chain, espionage, exploitation, fraud, other
//! terms = ["skimmer*"]
//! near = ["card*", "@online"]     # counts only with one of these within `window` words
//! not_near = ["fishing"]          # ...and with none of these
//! not_near_when = ["rumour*"]     # ...nor with one of these, in an item that has
//! when_item_has = ["denies"]      # one of these anywhere: a rumour the item denies
//! window = 8                      # words allowed in between: 1 to 30, default 8
//! unless = ["simulated"]          # the rule does not count if the item has one of these
//! unless_in_title = ["startup*"]  # ...or if its title has one of these
//! only_if = ["bank*"]             # the rule counts only if the item has one of these
//! weight = 2                      # weight for choosing the category: 0 to 10, default 1
//! hint = false                    # true: matches only steer the category, never tag alone
//!
//! # A tag of your own: same machinery, no categories.
//! [tagging.tags.mexico]
//! terms = ["mexico", "mexican*"]
//! exclude = ["new mexico"]
//!
//! [tagging.tags.mexico.lists]     # named term lists, used anywhere as "@cities"
//! cities = ["guadalajara", "monterrey"]
//! ```
//!
//! Terms match whole words, ignoring case, accents and punctuation ("cyber-attack" equals
//! "Cyber Attack", "méxico" equals "mexico", "schließt" equals "schliesst"). A `*` at the end
//! lets the last word continue ("hacker*" matches "hackers"); a `*` at the start lets the
//! first word begin earlier ("*angriff" matches "cyberangriff"); both together match inside
//! words, which suits Korean. The built-in lists (`@cyber`, `@vuln`, `@online`, `@modal`,
//! `@negation`, `@research`, `@simulated`, `@product`, `@incident`, `@writeup`) are available
//! to every section. The title, the summary (its first 4,000 bytes) and, when the summary is
//! missing or shorter than 300 bytes, the lead of the content (its first 1,000 bytes) are
//! scanned separately; a context word must be in the same field as its term, while `unless`
//! and `only_if` look at the whole item and `unless_in_title` at the title. A tag is given when
//! one of its rules that is not a hint has a match that counts; the category is the one with
//! the highest weight, a title match weighing four times a content match and a summary match
//! twice.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

/// The `[tagging]` section: additions to the built-in `cyberattack` tag and user-defined tags.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaggingConfig {
    /// Terms, exclusions and rules added to the built-in `cyberattack` tag.
    #[serde(default)]
    pub cyberattack: TagRules,
    /// User-defined tags by name (lower-case letters, digits and `-`).
    #[serde(default)]
    pub tags: BTreeMap<Spanned<String>, TagRules>,
}

impl TaggingConfig {
    /// True when the section adds nothing to the built-in rules.
    pub fn is_empty(&self) -> bool {
        let rules = &self.cyberattack;
        self.tags.is_empty()
            && rules.terms.is_empty()
            && rules.exclude.is_empty()
            && rules.lists.is_empty()
            && rules.unless.is_empty()
            && rules.rules.is_empty()
    }
}

/// The rules of one tag.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagRules {
    /// Terms that make an item positive on their own.
    #[serde(default)]
    pub terms: Vec<Spanned<String>>,
    /// Phrases that veto every match of this tag they overlap.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Named term lists, used elsewhere as `"@name"`.
    #[serde(default)]
    pub lists: BTreeMap<String, Vec<Spanned<String>>>,
    /// No rule of this section counts when one of these appears anywhere in the item.
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    /// Rules with a category or a context window.
    #[serde(default)]
    pub rules: Vec<Spanned<RuleConfig>>,
}

/// One rule: terms, the context they need, and the category they point to.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// The category the rule's matches point to (the `cyberattack` tag only).
    #[serde(default)]
    pub category: Option<Spanned<String>>,
    /// The terms of the rule.
    #[serde(default)]
    pub terms: Vec<Spanned<String>>,
    /// When not empty, a term counts only with one of these within `window` words.
    #[serde(default)]
    pub near: Vec<Spanned<String>>,
    /// A term does not count with one of these within `window` words.
    #[serde(default)]
    pub not_near: Vec<Spanned<String>>,
    /// A term does not count with one of these within `window` words, in an item that has
    /// one of the `when_item_has` words anywhere: a rumour of an attack, in an item that
    /// denies one, is the rumour it denies.
    #[serde(default)]
    pub not_near_when: Vec<Spanned<String>>,
    /// The words, anywhere in the item, that make `not_near_when` block.
    #[serde(default)]
    pub when_item_has: Vec<Spanned<String>>,
    /// No term of the rule counts when one of these appears anywhere in the item.
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    /// No term of the rule counts, in any field, when one of these appears in the title: what
    /// the title says the item is about can overrule a word in its body.
    #[serde(default)]
    pub unless_in_title: Vec<Spanned<String>>,
    /// When not empty, the rule's terms count only when one of these appears in the item.
    #[serde(default)]
    pub only_if: Vec<Spanned<String>>,
    /// Most words allowed between a term and a `near` or `not_near` word.
    #[serde(default)]
    pub window: Option<Spanned<i64>>,
    /// How much each match weighs when the category is chosen (0 to 10, default 1).
    #[serde(default)]
    pub weight: Option<Spanned<i64>>,
    /// When true, the rule's matches only steer the category and never make an item positive.
    #[serde(default)]
    pub hint: bool,
}

/// A rule that cannot be used, with the byte range of the offending value in its TOML source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// What is wrong, naming the offending value.
    pub message: String,
    /// Byte range of the offending value in the TOML source, when known.
    pub span: Option<Range<usize>>,
}

impl RuleError {
    /// An error about a spanned value.
    pub(crate) fn at<T>(message: String, value: &Spanned<T>) -> RuleError {
        RuleError {
            message,
            span: Some(value.span()),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.span {
            Some(span) => write!(f, "{} (bytes {}..{})", self.message, span.start, span.end),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for RuleError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_syntax() {
        let source = r#"
[cyberattack]
terms = ["cyber heist"]
exclude = ["attack surface management"]

[[cyberattack.rules]]
category = "fraud"
terms = ["skimmer*"]
near = ["card*"]
window = 5

[tags.mexico]
terms = ["mexico"]
exclude = ["new mexico"]
"#;
        let cfg: TaggingConfig = toml::from_str(source).expect("valid configuration");
        assert_eq!(cfg.cyberattack.terms[0].get_ref(), "cyber heist");
        let rule = cfg.cyberattack.rules[0].get_ref();
        assert_eq!(rule.window.as_ref().map(|w| *w.get_ref()), Some(5));
        let (name, mexico) = cfg.tags.iter().next().expect("one user tag");
        assert_eq!(name.get_ref(), "mexico");
        assert_eq!(&source[name.span()], "mexico");
        assert_eq!(&source[mexico.exclude[0].span()], "\"new mexico\"");
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(toml::from_str::<TaggingConfig>("[cyberattack]\nterm = [\"x\"]").is_err());
        assert!(toml::from_str::<TaggingConfig>("colour = 1").is_err());
    }

    #[test]
    fn error_display_names_the_span() {
        let e = RuleError {
            message: "bad".into(),
            span: Some(3..7),
        };
        assert_eq!(e.to_string(), "bad (bytes 3..7)");
    }
}
