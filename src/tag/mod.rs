//! The tagger: decides which tags an item's text carries, chiefly `cyberattack` and its
//! category (`cyberattack:ransomware`, ...), from rules that are data rather than code.
//!
//! The built-in rules (vocabulary, context windows and vetoes in several languages) are
//! embedded in the binary; the `[tagging]` configuration section adds terms, exclusions and
//! rules to them and defines tags of its own (see [`TaggingConfig`] for the syntax). All rules
//! compile into one Aho-Corasick automaton, run once over each field's folded text.
//!
//! A learned second stage ([`model`], shipped in the binary) scores every item. It gives the
//! `cyberattack` tag to an item the rules passed over when its score is high, and takes it from
//! an item whose rule evidence is one or two phrases when its score is very low; its score goes
//! into the tag's evidence and into `explain`. Its category heads ([`heads`], shipped too)
//! weigh in on the category of a positive item beside the rules' choice.

mod category;
mod compile;
mod config;
mod decide;
mod explain;
pub mod heads;
mod matcher;
pub mod model;
pub(crate) mod names;
pub(crate) mod pattern;
mod rules;

#[cfg(test)]
mod tests;

pub use category::Category;
pub use config::{RuleConfig, RuleError, TagRules, TaggingConfig};
pub use decide::{RULE_CATEGORY_BONUS, weigh_categories};

use compile::Builder;
use matcher::{Compiled, Field, Finding, ItemWords, Status, TagDef};

/// Name of the built-in tag.
pub const CYBERATTACK: &str = "cyberattack";

/// Longest prefix of the title that is scanned, in bytes: a title is a line, and a longer one
/// is a feed's mistake.
const TITLE_BYTES: usize = 1000;

/// Longest prefix of the content that is scanned, in bytes: its lead, where an item says what
/// it is about. Full articles and show notes further down mention attack words too loosely
/// (a podcast's topic list, a vendor's marketing copy) to count as the item's own subject.
const CONTENT_LEAD_BYTES: usize = 1000;

/// Longest prefix of the summary that is scanned, in bytes: some 600 words, more than any
/// abstract. Feeds that put whole articles in the summary are read as far as that, which keeps
/// the cost of an item bounded (on the development set, whole summaries tag the same items).
const SUMMARY_LEAD_BYTES: usize = 4000;

/// A summary at least this long (in bytes) is the publisher's own abstract of the item, and the
/// content is not read at all; a shorter or missing summary leaves the content's lead to say
/// what the item is about.
const SUMMARY_ENOUGH: usize = 300;

/// The trained second stage shipped with the binary (written by the `train_model` example).
const BUILTIN_MODEL: &[u8] = include_bytes!("model.bin");

/// The trained category heads shipped with the binary (written by `train_model` too).
const BUILTIN_CATEGORIES: &[u8] = include_bytes!("categories.bin");

/// When the second stage overrules the rules: the thresholds the tagger ships with are
/// [`Thresholds::SHIPPED`], chosen by cross-validation over the tuning part (`train_model`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A score at or above this gives the tag to an item whose rules matched a term without
    /// the context it needs.
    pub rescue_at: f32,
    /// A score below this takes the tag from an item whose rule evidence is one phrase that
    /// counted through a context word.
    pub veto_below: f32,
    /// A score below this takes the tag from an item whose rule evidence is one phrase of any
    /// kind: an attack word alone is still one word, and a model this sure it is not an attack
    /// has seen the item's purpose ("insurance against ransomware", "a budget to prevent
    /// cyberattacks") or its denial.
    pub veto_lone_below: f32,
    /// A score below this takes the tag from an item whose rule evidence is two phrases: a
    /// budget "against ransomware and phishing" names two attack types and tells of neither.
    pub veto_pair_below: f32,
}

impl Thresholds {
    /// The thresholds of the built-in tagger.
    pub const SHIPPED: Thresholds = Thresholds {
        rescue_at: 0.70,
        veto_below: 0.20,
        veto_lone_below: 0.10,
        veto_pair_below: 0.05,
    };

    /// The score below which the second stage takes the tag from an item with `evidence`, if
    /// its evidence is weak enough to be taken.
    pub fn veto_threshold(self, evidence: RuleEvidence) -> Option<f32> {
        match evidence.fired {
            1 if evidence.through_context => Some(self.veto_below),
            1 => Some(self.veto_lone_below),
            2 => Some(self.veto_pair_below),
            _ => None,
        }
    }
}

/// What the rules found in an item, as far as the second stage needs to know.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleEvidence {
    /// Distinct phrases that gave the `cyberattack` tag.
    pub fired: usize,
    /// Whether every phrase that fired is an ambiguous word that counted only through a
    /// context word near it ("attack" near "network", "Akira" near "ransomware").
    pub through_context: bool,
    /// Term matches that did not count for want of their context or confirming word: the
    /// rules saw the item's subject but not enough to decide.
    pub near_misses: usize,
}

/// Compiled tagging rules: immutable, `Send + Sync`, cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Tagger {
    compiled: Compiled,
    /// The second stage, kept as one head: a byte per weight instead of four.
    model: Option<heads::Heads>,
    categories: Option<heads::Heads>,
}

/// What the second stage made of an item whose rules matched a term.
struct SecondStage {
    score: f32,
    verdict: ModelVerdict,
    features: Vec<u32>,
}

/// What the second stage did to the rules' decision on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelVerdict {
    /// The rules' decision stands.
    Agrees,
    /// The rules passed over the item and the model's score gave it the tag.
    Rescued,
    /// The rules' evidence was one or two phrases and the model's very low score took the tag
    /// away.
    Vetoed,
}

/// The second stage's verdict on an item with `evidence` and `score`.
pub fn model_verdict(evidence: RuleEvidence, score: f32, thresholds: Thresholds) -> ModelVerdict {
    if evidence.fired == 0 {
        if evidence.near_misses > 0 && score >= thresholds.rescue_at {
            ModelVerdict::Rescued
        } else {
            ModelVerdict::Agrees
        }
    } else if thresholds
        .veto_threshold(evidence)
        .is_some_and(|below| score < below)
    {
        ModelVerdict::Vetoed
    } else {
        ModelVerdict::Agrees
    }
}

/// The rule evidence of the categorised tag among `findings`.
fn rule_evidence(tags: &[TagDef], findings: &[Finding]) -> RuleEvidence {
    let mut phrases: Vec<&str> = Vec::new();
    let mut near_misses = 0;
    let mut through_context = true;
    for finding in findings.iter().filter(|f| tags[f.tag].categorised) {
        let tag = &tags[finding.tag];
        if decide::fires(tag, finding) {
            through_context &= tag.rules[finding.rule].needs_context;
            if !phrases.contains(&finding.matched.as_str()) {
                phrases.push(&finding.matched);
            }
        } else if matches!(finding.status, Status::NoContext | Status::Unconfirmed)
            && !tag.rules[finding.rule].hint
        {
            near_misses += 1;
        }
    }
    RuleEvidence {
        fired: phrases.len(),
        through_context: through_context && !phrases.is_empty(),
        near_misses,
    }
}

/// The plain text of an item (as [`crate::text::plain_text`] gives it), field by field.
#[derive(Debug, Clone, Copy, Default)]
pub struct TagInput<'a> {
    /// The item's title.
    pub title: &'a str,
    /// The item's summary or description.
    pub summary: &'a str,
    /// The item's full content.
    pub content: &'a str,
}

/// A tag an item carries, with the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagHit {
    /// The tag: `cyberattack`, `cyberattack:<category>` or a user-defined tag's name.
    pub tag: String,
    /// The phrases that fired and where, e.g. `title: "ransomware"`.
    pub evidence: String,
}

impl Tagger {
    /// The tagger with the built-in rules only.
    pub fn builtin() -> Tagger {
        // The embedded rules are fixed at build time and a unit test compiles them.
        Tagger::from_config(&TaggingConfig::default()).expect("the built-in rules compile")
    }

    /// The built-in tagger, compiled once per process and shared: compiling some ten
    /// thousand patterns costs more than most commands' work.
    pub fn shared_builtin() -> std::sync::Arc<Tagger> {
        static SHARED: std::sync::OnceLock<std::sync::Arc<Tagger>> = std::sync::OnceLock::new();
        std::sync::Arc::clone(SHARED.get_or_init(|| std::sync::Arc::new(Tagger::builtin())))
    }

    /// The tagger with the built-in rules plus the additions and tags of `config`.
    pub fn from_config(config: &TaggingConfig) -> Result<Tagger, RuleError> {
        let builtin = rules::builtin()?;
        let mut builder = Builder::new(Some(&builtin.lists));
        let cyberattack = builder.add_tag(CYBERATTACK, true);
        builder.add_rules(cyberattack, &builtin)?;
        builder.add_rules(cyberattack, &names::rules())?;
        builder.add_rules(cyberattack, &config.cyberattack)?;
        for (name, section) in &config.tags {
            let valid = name.get_ref().starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .get_ref()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid || name.get_ref() == CYBERATTACK {
                return Err(RuleError::at(
                    format!(
                        "tag name \"{}\": use lower-case letters, digits and '-', starting with \
                         a letter, and not \"{CYBERATTACK}\"",
                        name.get_ref()
                    ),
                    name,
                ));
            }
            let tag = builder.add_tag(name.get_ref(), false);
            builder.add_rules(tag, section)?;
        }
        Ok(Tagger {
            compiled: builder.build()?,
            // The shipped models are checked by a unit test; a broken one would mean rules alone.
            model: heads::Heads::from_model_file(CYBERATTACK, BUILTIN_MODEL).ok(),
            categories: heads::Heads::from_static(BUILTIN_CATEGORIES).ok(),
        })
    }

    /// Every tag this tagger can give, categories included (`cyberattack:ransomware`), sorted.
    pub fn tag_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for tag in &self.compiled.tags {
            names.push(tag.name.clone());
            if tag.categorised {
                names.extend(
                    category::Category::ALL
                        .iter()
                        .map(|c| format!("{}:{}", tag.name, c.name())),
                );
            }
        }
        names.sort();
        names
    }

    /// The same rules with `model` as the second stage instead (`None`: rules alone).
    pub fn with_model(self, model: Option<model::Model>) -> Tagger {
        Tagger {
            model: model.and_then(one_head),
            ..self
        }
    }

    /// The same tagger with `categories` as its category heads (`None`: the rules choose).
    pub fn with_categories(self, categories: Option<heads::Heads>) -> Tagger {
        Tagger { categories, ..self }
    }

    /// The category heads' probabilities for an item with these features, if there are heads.
    fn category_probabilities(&self, features: &[u32]) -> Option<[f32; Category::ALL.len()]> {
        Some(category_probabilities(self.categories.as_ref()?, features))
    }

    /// The second stage's score of an item, when there is a model.
    pub fn model_score(&self, input: &TagInput) -> Option<f32> {
        self.model
            .as_ref()
            .map(|m| attack_score(m, &model_features(input)))
    }

    /// The category the rules alone give an item, if a rule with weight names one: what the
    /// category heads' choice is weighed against.
    pub fn rule_category(&self, input: &TagInput) -> Option<Category> {
        let findings = self.findings(&scanned(input));
        let (index, tag) = self
            .compiled
            .tags
            .iter()
            .enumerate()
            .find(|(_, tag)| tag.categorised)?;
        let counted: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.tag == index && decide::counts(f))
            .collect();
        decide::named_category(&decide::category_scores(tag, &counted))
    }

    /// What the rules alone found in an item, for the second stage to weigh.
    pub fn rule_evidence(&self, input: &TagInput) -> RuleEvidence {
        rule_evidence(&self.compiled.tags, &self.findings(&scanned(input)))
    }

    /// The second stage's verdict on an item, when there is a model. Unless `always`, an item
    /// on which no rule term matched is not scored: the model can neither give it the tag nor
    /// take one away, and most items of a feed are such items.
    fn verdict(&self, findings: &[Finding], forms: &Forms, always: bool) -> Option<SecondStage> {
        let model = self.model.as_ref()?;
        let evidence = rule_evidence(&self.compiled.tags, findings);
        if !always && evidence.fired == 0 && evidence.near_misses == 0 {
            return None;
        }
        let features = features_of(forms);
        let score = attack_score(model, &features);
        Some(SecondStage {
            score,
            verdict: model_verdict(evidence, score, Thresholds::SHIPPED),
            features,
        })
    }

    /// The tags of an item, sorted by name and without duplicates, e.g.
    /// `[cyberattack, cyberattack:ransomware]`.
    pub fn tag(&self, input: &TagInput) -> Vec<TagHit> {
        let forms = scanned(input);
        let findings = self.findings(&forms);
        let model = self.verdict(&findings, &forms, false);
        let mut hits = Vec::new();
        for (index, tag) in self.compiled.tags.iter().enumerate() {
            let counted: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.tag == index && decide::counts(f))
                .collect();
            let fired: Vec<&Finding> = counted
                .iter()
                .copied()
                .filter(|f| decide::fires(tag, f))
                .collect();
            let verdict = match &model {
                Some(stage) if tag.categorised => stage.verdict,
                _ => ModelVerdict::Agrees,
            };
            if (fired.is_empty() && verdict != ModelVerdict::Rescued)
                || verdict == ModelVerdict::Vetoed
            {
                continue;
            }
            let mut evidence = decide::evidence(&fired);
            if let (true, Some(stage)) = (tag.categorised, &model) {
                if !evidence.is_empty() {
                    evidence.push_str("; ");
                }
                evidence.push_str(&format!("model score {:.2}", stage.score));
            }
            hits.push(TagHit {
                tag: tag.name.clone(),
                evidence,
            });
            if tag.categorised {
                let probabilities = model
                    .as_ref()
                    .and_then(|stage| self.category_probabilities(&stage.features));
                let scores = decide::category_scores(tag, &counted);
                let category = decide::choose_category_with(&scores, probabilities.as_ref());
                let supporting: Vec<&Finding> = counted
                    .iter()
                    .copied()
                    .filter(|f| tag.rules[f.rule].category.unwrap_or(Category::Other) == category)
                    .collect();
                let mut evidence = decide::evidence(&supporting);
                match probabilities {
                    Some(p) => {
                        if !evidence.is_empty() {
                            evidence.push_str("; ");
                        }
                        evidence.push_str(&format!("category model {:.2}", p[category.index()]));
                    }
                    None if evidence.is_empty() => {
                        evidence.push_str("the model's score; no rule word names a category");
                    }
                    None => {}
                }
                hits.push(TagHit {
                    tag: format!("{}:{category}", tag.name),
                    evidence,
                });
            }
        }
        hits.sort_by(|a, b| a.tag.cmp(&b.tag));
        hits.dedup_by(|a, b| a.tag == b.tag);
        hits
    }

    /// A multi-line report of what fired where, what was vetoed by what, and what lacked the
    /// context its rule needs.
    pub fn explain(&self, input: &TagInput) -> String {
        let forms = scanned(input);
        let findings = self.findings(&forms);
        let stage = self.verdict(&findings, &forms, true);
        let probabilities = stage
            .as_ref()
            .and_then(|stage| self.category_probabilities(&stage.features));
        let model = stage.map(|stage| (stage.score, stage.verdict));
        explain::report(&self.compiled.tags, &findings, model, probabilities)
    }

    /// The findings of all fields.
    fn findings(&self, forms: &Forms) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut item = ItemWords::default();
        for (field, form) in forms {
            if !form.is_empty() {
                self.compiled.scan(form, *field, &mut findings, &mut item);
            }
        }
        item.settle(&self.compiled.tags, &mut findings);
        findings
    }
}

/// An item's fields in match form, as far as they are read: computed once, read by the rules
/// and by the second stage.
type Forms = [(Field, String); 3];

/// The scanned parts of an item's fields, as the rules read them: title, summary, and the
/// content's lead when the summary is short.
fn scanned(input: &TagInput) -> Forms {
    let content_max = if input.summary.trim().len() >= SUMMARY_ENOUGH {
        0
    } else {
        CONTENT_LEAD_BYTES
    };
    [
        (
            Field::Title,
            pattern::match_form(prefix(input.title, TITLE_BYTES)),
        ),
        (
            Field::Summary,
            pattern::match_form(prefix(input.summary, SUMMARY_LEAD_BYTES)),
        ),
        (
            Field::Content,
            pattern::match_form(prefix(input.content, content_max)),
        ),
    ]
}

/// The second stage as a head of its own.
fn one_head(model: model::Model) -> Option<heads::Heads> {
    heads::Heads::from_models(&[(CYBERATTACK, &model)]).ok()
}

/// The second stage's score of an item with these features.
fn attack_score(model: &heads::Heads, features: &[u32]) -> f32 {
    model.scores(features).first().copied().unwrap_or(0.0)
}

/// The heads' probability of each category for an item with these features, indexed like
/// [`Category::ALL`]; a category no head names gets 0.
pub fn category_probabilities(
    heads: &heads::Heads,
    features: &[u32],
) -> [f32; Category::ALL.len()] {
    let mut probabilities = [0.0; Category::ALL.len()];
    for (name, p) in heads.names().iter().zip(heads.scores(features)) {
        if let Some(category) = Category::from_name(name) {
            probabilities[category.index()] = p;
        }
    }
    probabilities
}

/// The second stage's features of an item: its title apart from the rest of what is scanned.
pub fn model_features(input: &TagInput) -> Vec<u32> {
    features_of(&scanned(input))
}

fn features_of([(_, title), (_, summary), (_, content)]: &Forms) -> Vec<u32> {
    let mut features = Vec::new();
    model::features(title, &format!("{summary} {content}"), &mut features);
    features
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
