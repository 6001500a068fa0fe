//! Scans a text field with the compiled automaton into findings: which term matched where, and
//! whether it counted, was vetoed, lacked its context or was ruled out for the whole item.

use aho_corasick::AhoCorasick;

use super::category::Category;
use super::pattern::{word_end, word_start};

/// The part of an item a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The item's title.
    Title,
    /// The item's summary or description.
    Summary,
    /// The item's full content.
    Content,
}

impl Field {
    /// The field's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Content => "content",
        }
    }
}

/// What became of one term match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The match counts; `context` is the context word that allowed it, if the rule needs one.
    Counted { context: Option<String> },
    /// An exclusion phrase overlapping the match vetoed it.
    Vetoed { by: String },
    /// The rule needs a context word and none was within its window.
    NoContext,
    /// A `not_near` word within the window blocked it.
    Blocked { by: String },
    /// An `unless` word somewhere in the item, or an `unless_in_title` word in its title,
    /// ruled the whole rule out.
    RuledOut { by: String },
    /// The rule has `only_if` words and the item has none of them.
    Unconfirmed,
}

/// One term match of one rule in one field.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Where the match is.
    pub field: Field,
    /// Index of the tag in [`Compiled::tags`].
    pub tag: usize,
    /// Index of the rule in its tag's rules.
    pub rule: usize,
    /// The matched text, widened to whole words.
    pub matched: String,
    /// Whether it counted and why (not).
    pub status: Status,
}

/// A compiled tag: its name and its rules.
#[derive(Debug)]
pub struct TagDef {
    /// The tag's name.
    pub name: String,
    /// Whether the tag has categories (only `cyberattack` does).
    pub categorised: bool,
    /// The tag's rules, indexed by [`Finding::rule`].
    pub rules: Vec<RuleDef>,
}

/// A compiled rule.
#[derive(Debug)]
pub struct RuleDef {
    /// The category its matches point to, for a categorised tag.
    pub category: Option<Category>,
    /// Words allowed between a term and a context word.
    pub window: usize,
    /// Whether terms need a `near` word.
    pub needs_context: bool,
    /// How much each match weighs when the category is chosen.
    pub weight: u32,
    /// Whether matches only steer the category.
    pub hint: bool,
    /// Whether the rule counts only with one of its `only_if` words in the item.
    pub needs_item_word: bool,
}

/// What a term does in its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Term,
    Near,
    NotNear,
    NotNearWhen,
    WhenItemHas,
    Unless,
    UnlessInTitle,
    OnlyIf,
    Exclude,
}

/// One use of an automaton pattern: which tag and rule it belongs to, in which role.
#[derive(Debug, Clone, Copy)]
pub(super) struct Use {
    pub(super) open_start: bool,
    pub(super) open_end: bool,
    pub(super) tag: usize,
    pub(super) rule: usize,
    pub(super) role: Role,
}

/// The uses of one automaton pattern, split by what a match of it asks for at once.
#[derive(Debug)]
pub(super) struct PatternUses {
    /// Terms, exclusions and item-wide words: looked at for every match.
    pub(super) direct: Vec<Use>,
    /// Context words (`near`, `not_near`): looked at only for rules with a term in the field.
    pub(super) context: Vec<Use>,
}

/// A boundary-checked match of one use in a field's text.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    use_: Use,
    start: usize,
    end: usize,
}

/// The `unless`, `only_if` and `when_item_has` words found anywhere in an item, by (tag, rule),
/// and the matches a `not_near_when` word holds back until the whole item is read.
#[derive(Debug, Default)]
pub struct ItemWords {
    /// Rules ruled out, with the word that did it.
    unless: Vec<(usize, usize, String)>,
    /// Rules whose `only_if` condition holds.
    only_if: Vec<(usize, usize)>,
    /// Rules whose `when_item_has` condition holds.
    item_has: Vec<(usize, usize)>,
    /// Findings blocked by a `not_near_when` word, by index, with the context that let them
    /// count otherwise.
    held_back: Vec<(usize, Option<String>)>,
}

impl ItemWords {
    /// Applies the item-wide conditions to the findings of the whole item.
    pub fn settle(&self, tags: &[TagDef], findings: &mut [Finding]) {
        // A match held back by a `not_near_when` word counts after all in an item without its
        // rule's `when_item_has` words.
        for (index, context) in &self.held_back {
            let finding = &mut findings[*index];
            if !self.item_has.contains(&(finding.tag, finding.rule)) {
                finding.status = Status::Counted {
                    context: context.clone(),
                };
            }
        }
        for finding in findings {
            if !matches!(finding.status, Status::Counted { .. }) {
                continue;
            }
            let key = (finding.tag, finding.rule);
            if let Some((_, _, by)) = self.unless.iter().find(|(t, r, _)| (*t, *r) == key) {
                finding.status = Status::RuledOut { by: by.clone() };
            } else if tags[finding.tag].rules[finding.rule].needs_item_word
                && !self.only_if.contains(&key)
            {
                finding.status = Status::Unconfirmed;
            }
        }
    }
}

/// Every tag's rules compiled into one automaton.
#[derive(Debug)]
pub struct Compiled {
    pub(super) automaton: AhoCorasick,
    pub(super) uses: Vec<PatternUses>,
    /// The compiled tags.
    pub tags: Vec<TagDef>,
}

impl Compiled {
    /// Scans one field's text (in match form): appends a finding for every term match, and
    /// the item-wide words it holds to `item`. Every match counts, so that the phrases the
    /// second stage weighs are the same whether the item is tagged or explained.
    pub fn scan(
        &self,
        text: &str,
        field: Field,
        findings: &mut Vec<Finding>,
        item: &mut ItemWords,
    ) {
        let bytes = text.as_bytes();
        let mut terms = Vec::new();
        let mut excludes = Vec::new();
        // Matches of patterns that serve as context words, looked at only once it is known
        // which rules have a term here: most context words belong to rules that do not.
        let mut context_matches = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let uses = &self.uses[m.pattern().as_usize()];
            for &use_ in &uses.direct {
                let Some(occurrence) = occurrence(text, use_, m.start(), m.end()) else {
                    continue;
                };
                match use_.role {
                    Role::Term => terms.push(occurrence),
                    Role::Exclude => excludes.push(occurrence),
                    Role::OnlyIf | Role::WhenItemHas => {
                        let rules = if use_.role == Role::OnlyIf {
                            &mut item.only_if
                        } else {
                            &mut item.item_has
                        };
                        if !rules.contains(&(use_.tag, use_.rule)) {
                            rules.push((use_.tag, use_.rule));
                        }
                    }
                    Role::UnlessInTitle if field != Field::Title => {}
                    Role::Unless | Role::UnlessInTitle => {
                        let known = item
                            .unless
                            .iter()
                            .any(|(t, r, _)| *t == use_.tag && *r == use_.rule);
                        if !known {
                            let word = text[occurrence.start..occurrence.end].to_string();
                            item.unless.push((use_.tag, use_.rule, word));
                        }
                    }
                    // Kept apart in `uses.context`, looked at below.
                    Role::Near | Role::NotNear | Role::NotNearWhen => {}
                }
            }
            if !uses.context.is_empty() {
                context_matches.push((m.pattern().as_usize(), m.start(), m.end()));
            }
        }
        if terms.is_empty() {
            return;
        }
        // The rules with a term here, then their context words, grouped by tag, rule and role
        // (then position), so each term looks only at its own.
        let mut active: Vec<(usize, usize)> =
            terms.iter().map(|t| (t.use_.tag, t.use_.rule)).collect();
        active.sort_unstable();
        active.dedup();
        let mut contexts = Vec::new();
        for &(pattern, start, end) in &context_matches {
            for &use_ in &self.uses[pattern].context {
                if active.binary_search(&(use_.tag, use_.rule)).is_ok()
                    && let Some(occurrence) = occurrence(text, use_, start, end)
                {
                    contexts.push(occurrence);
                }
            }
        }
        contexts.sort_unstable_by_key(|o| (group_key(&o.use_), o.start));
        let group = |key: u64| {
            let from = contexts.partition_point(|o| group_key(&o.use_) < key);
            let to = contexts.partition_point(|o| group_key(&o.use_) <= key);
            &contexts[from..to]
        };
        // Byte positions of the spaces between words: the word number of a position is the
        // number of spaces before it.
        let mut spaces = Vec::with_capacity(bytes.iter().filter(|&&b| b == b' ').count());
        spaces.extend(
            bytes
                .iter()
                .enumerate()
                .filter_map(|(i, &b)| (b == b' ').then_some(i)),
        );
        let word_at = |position: usize| spaces.partition_point(|&s| s < position);
        let vetoed_by = |o: &Occurrence| {
            excludes
                .iter()
                .find(|v| v.use_.tag == o.use_.tag && v.start < o.end && o.start < v.end)
        };
        for term in &terms {
            let (tag, rule_index) = (term.use_.tag, term.use_.rule);
            let rule = &self.tags[tag].rules[rule_index];
            let reach = rule.window + 1;
            let first_word = word_at(term.start).saturating_sub(reach);
            let last_word = word_at(term.end) + reach;
            let nearby = |role: Role| {
                let candidates = group(group_key(&Use { role, ..term.use_ }));
                let from = candidates.partition_point(|c| word_at(c.end) < first_word);
                candidates[from..]
                    .iter()
                    .take_while(|c| word_at(c.start) <= last_word)
                    .find(|c| {
                        (c.end <= term.start || term.end <= c.start) && vetoed_by(c).is_none()
                    })
            };
            let status = if let Some(veto) = vetoed_by(term) {
                Status::Vetoed {
                    by: text[veto.start..veto.end].to_string(),
                }
            } else if let Some(blocker) = nearby(Role::NotNear) {
                Status::Blocked {
                    by: text[blocker.start..blocker.end].to_string(),
                }
            } else if rule.needs_context {
                match nearby(Role::Near) {
                    Some(c) => Status::Counted {
                        context: Some(text[c.start..c.end].to_string()),
                    },
                    None => Status::NoContext,
                }
            } else {
                Status::Counted { context: None }
            };
            // Held back as blocked until `settle` knows whether the item has a word that makes
            // this one block.
            let status = match status {
                Status::Counted { context } => match nearby(Role::NotNearWhen) {
                    Some(doubt) => {
                        item.held_back.push((findings.len(), context));
                        Status::Blocked {
                            by: text[doubt.start..doubt.end].to_string(),
                        }
                    }
                    None => Status::Counted { context },
                },
                other => other,
            };
            findings.push(Finding {
                field,
                tag,
                rule: rule_index,
                matched: text[term.start..term.end].to_string(),
                status,
            });
        }
    }
}

/// A raw automaton match of `use_` at `start..end`, widened to whole words where the pattern
/// is open at an end; `None` where it does not fall on the word boundaries the use asks for.
fn occurrence(text: &str, use_: Use, start: usize, end: usize) -> Option<Occurrence> {
    let bytes = text.as_bytes();
    let start_ok = use_.open_start || start == 0 || bytes[start - 1] == b' ';
    let end_ok = use_.open_end || end == bytes.len() || bytes[end] == b' ';
    (start_ok && end_ok).then(|| Occurrence {
        use_,
        start: if use_.open_start {
            word_start(text, start)
        } else {
            start
        },
        end: if use_.open_end {
            word_end(text, end)
        } else {
            end
        },
    })
}

/// The sort key of a use's context group: tag, rule and role packed into one number.
fn group_key(use_: &Use) -> u64 {
    ((use_.tag as u64) << 40) | ((use_.rule as u64) << 8) | use_.role as u64
}
