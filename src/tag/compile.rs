//! Reads rule sections into one Aho-Corasick automaton: every term in match form, once, with
//! the uses (tag, rule, role) it has; rule settings checked, errors pointing at their values.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use toml::Spanned;

use super::category::Category;
use super::config::{RuleError, TagRules};
use super::matcher::{Compiled, PatternUses, Role, RuleDef, TagDef, Use};
use super::pattern::Pattern;

/// Default number of words allowed between a term and its context word.
const DEFAULT_WINDOW: usize = 8;
/// Largest window a rule may ask for.
const MAX_WINDOW: i64 = 30;
/// Largest category weight a rule may have.
const MAX_WEIGHT: i64 = 10;

/// Collects patterns and their uses while rules are read.
#[derive(Default)]
pub struct Builder<'a> {
    ids: HashMap<String, usize>,
    patterns: Vec<String>,
    uses: Vec<Vec<Use>>,
    tags: Vec<TagDef>,
    shared_lists: Option<&'a BTreeMap<String, Vec<Spanned<String>>>>,
}

impl<'a> Builder<'a> {
    /// A builder whose sections may use the given named lists besides their own.
    pub fn new(shared_lists: Option<&'a BTreeMap<String, Vec<Spanned<String>>>>) -> Builder<'a> {
        Builder {
            shared_lists,
            ..Builder::default()
        }
    }

    /// Starts a new tag and returns its index.
    pub fn add_tag(&mut self, name: &str, categorised: bool) -> usize {
        self.tags.push(TagDef {
            name: name.to_string(),
            categorised,
            rules: Vec::new(),
        });
        self.tags.len() - 1
    }

    /// Adds one section of rules to the tag `tag`.
    pub fn add_rules(&mut self, tag: usize, section: &TagRules) -> Result<(), RuleError> {
        let categorised = self.tags[tag].categorised;
        if !section.terms.is_empty() {
            let rule = self.add_rule(
                tag,
                RuleDef {
                    category: categorised.then_some(Category::Other),
                    window: DEFAULT_WINDOW,
                    needs_context: false,
                    weight: 1,
                    hint: false,
                    needs_item_word: false,
                },
            );
            self.add_terms(tag, rule, Role::Term, &section.terms, section)?;
            self.add_terms(tag, rule, Role::Unless, &section.unless, section)?;
        }
        for spanned in &section.rules {
            let config = spanned.get_ref();
            if config.terms.is_empty() {
                return Err(RuleError::at(
                    "a rule needs at least one term".into(),
                    spanned,
                ));
            }
            let definition = RuleDef {
                category: read_category(config.category.as_ref(), categorised)?,
                window: bounded(config.window.as_ref(), "window", 1, MAX_WINDOW)?
                    .unwrap_or(DEFAULT_WINDOW),
                needs_context: !config.near.is_empty(),
                weight: bounded(config.weight.as_ref(), "weight", 0, MAX_WEIGHT)?.unwrap_or(1)
                    as u32,
                hint: config.hint,
                needs_item_word: !config.only_if.is_empty(),
            };
            if config.not_near_when.is_empty() != config.when_item_has.is_empty() {
                return Err(RuleError::at(
                    "a rule needs both `not_near_when` and `when_item_has`, or neither".into(),
                    spanned,
                ));
            }
            let rule = self.add_rule(tag, definition);
            self.add_terms(tag, rule, Role::Term, &config.terms, section)?;
            self.add_terms(tag, rule, Role::Near, &config.near, section)?;
            self.add_terms(tag, rule, Role::NotNear, &config.not_near, section)?;
            self.add_terms(tag, rule, Role::NotNearWhen, &config.not_near_when, section)?;
            self.add_terms(tag, rule, Role::WhenItemHas, &config.when_item_has, section)?;
            self.add_terms(tag, rule, Role::Unless, &config.unless, section)?;
            self.add_terms(
                tag,
                rule,
                Role::UnlessInTitle,
                &config.unless_in_title,
                section,
            )?;
            self.add_terms(tag, rule, Role::OnlyIf, &config.only_if, section)?;
            self.add_terms(tag, rule, Role::Unless, &section.unless, section)?;
        }
        self.add_terms(tag, 0, Role::Exclude, &section.exclude, section)
    }

    fn add_rule(&mut self, tag: usize, rule: RuleDef) -> usize {
        let rules = &mut self.tags[tag].rules;
        rules.push(rule);
        rules.len() - 1
    }

    fn add_terms(
        &mut self,
        tag: usize,
        rule: usize,
        role: Role,
        terms: &[Spanned<String>],
        section: &TagRules,
    ) -> Result<(), RuleError> {
        for term in terms {
            if let Some(list_name) = term.get_ref().strip_prefix('@') {
                let list = section
                    .lists
                    .get(list_name)
                    .or_else(|| self.shared_lists.and_then(|l| l.get(list_name)))
                    .ok_or_else(|| RuleError::at(format!("unknown list \"@{list_name}\""), term))?;
                for item in list {
                    if item.get_ref().starts_with('@') {
                        return Err(RuleError::at(
                            format!("list \"@{list_name}\" may not name another list"),
                            item,
                        ));
                    }
                    self.add_term(tag, rule, role, item)?;
                }
            } else {
                self.add_term(tag, rule, role, term)?;
            }
        }
        Ok(())
    }

    fn add_term(
        &mut self,
        tag: usize,
        rule: usize,
        role: Role,
        term: &Spanned<String>,
    ) -> Result<(), RuleError> {
        let pattern = Pattern::parse(term.get_ref())
            .map_err(|e| RuleError::at(format!("term \"{}\": {e}", term.get_ref()), term))?;
        let id = match self.ids.get(&pattern.text) {
            Some(&id) => id,
            None => {
                self.patterns.push(pattern.text.clone());
                self.uses.push(Vec::new());
                self.ids
                    .insert(pattern.text.clone(), self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        self.uses[id].push(Use {
            open_start: pattern.open_start,
            open_end: pattern.open_end,
            tag,
            rule,
            role,
        });
        Ok(())
    }

    /// Builds the automaton.
    pub fn build(self) -> Result<Compiled, RuleError> {
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&self.patterns)
            .map_err(|e| RuleError {
                message: format!("the rules are too large to compile: {e}"),
                span: None,
            })?;
        Ok(Compiled {
            automaton,
            uses: self
                .uses
                .into_iter()
                .map(|uses| {
                    let (context, direct) = uses.into_iter().partition(|u| {
                        matches!(u.role, Role::Near | Role::NotNear | Role::NotNearWhen)
                    });
                    PatternUses { direct, context }
                })
                .collect(),
            tags: self.tags,
        })
    }
}

/// The category a rule names: `other` when it names none in a categorised tag, an error when
/// the name is unknown or the tag has no categories.
fn read_category(
    name: Option<&Spanned<String>>,
    categorised: bool,
) -> Result<Option<Category>, RuleError> {
    let Some(name) = name else {
        return Ok(categorised.then_some(Category::Other));
    };
    if !categorised {
        return Err(RuleError::at(
            format!(
                "category \"{}\": only the cyberattack tag has categories",
                name.get_ref()
            ),
            name,
        ));
    }
    Category::from_name(name.get_ref())
        .map(Some)
        .ok_or_else(|| {
            let known: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
            RuleError::at(
                format!(
                    "unknown category \"{}\" (known: {})",
                    name.get_ref(),
                    known.join(", ")
                ),
                name,
            )
        })
}

/// A numeric setting checked against its bounds.
fn bounded(
    value: Option<&Spanned<i64>>,
    what: &str,
    min: i64,
    max: i64,
) -> Result<Option<usize>, RuleError> {
    match value {
        None => Ok(None),
        // The bounds are small and non-negative, so the value fits in usize.
        Some(v) if (min..=max).contains(v.get_ref()) => Ok(Some(*v.get_ref() as usize)),
        Some(v) => Err(RuleError::at(
            format!("{what} {} is outside {min}..={max}", v.get_ref()),
            v,
        )),
    }
}
