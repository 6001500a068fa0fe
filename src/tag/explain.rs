//! The report of [`super::Tagger::explain`], read as a decision: per tag, one line per phrase
//! that fired, steered the category or was stopped, then the second stage's word, then a last
//! line that says why the tag was given or not.

use std::fmt::Write;

use super::category::Category;
use super::decide::{
    RULE_CATEGORY_BONUS, category_scores, choose_category_with, counts, describe, fires,
    named_category, phrase,
};
use super::matcher::{Finding, Status, TagDef};
use super::{ModelVerdict, Thresholds};

/// What one phrase (a matched text in one field) did, over all the rules it matched.
struct PhraseLine {
    /// The finding that tells its part best: one that fired, else a hint, else one stopped.
    /// Its field and matched text are the phrase's.
    shown: Finding,
    role: Role,
    /// The categories of the rules it counted for, in the order first met.
    categories: Vec<Category>,
}

impl PhraseLine {
    /// Whether `finding` matched this line's phrase in this line's field.
    fn is_phrase_of(&self, finding: &Finding) -> bool {
        self.shown.field == finding.field && self.shown.matched == finding.matched
    }
}

/// A phrase's part in the decision, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Fired,
    Hint,
    Stopped,
}

impl Role {
    fn of(tag: &TagDef, finding: &Finding) -> Option<Role> {
        if fires(tag, finding) {
            Some(Role::Fired)
        } else if counts(finding) {
            Some(Role::Hint)
        } else {
            match finding.status {
                Status::Vetoed { .. } | Status::Blocked { .. } | Status::RuledOut { .. } => {
                    Some(Role::Stopped)
                }
                // A term without its context word is no decision: the rule was never met.
                _ => None,
            }
        }
    }

    fn sign(self) -> &'static str {
        match self {
            Role::Fired => "+",
            Role::Hint => "~",
            Role::Stopped => "-",
        }
    }
}

/// Writes the report for all tags from one item's findings and, for the categorised tag, the
/// second stage's score and verdict and the category heads' probabilities.
pub fn report(
    tags: &[TagDef],
    findings: &[Finding],
    model: Option<(f32, ModelVerdict)>,
    probabilities: Option<[f32; Category::ALL.len()]>,
) -> String {
    let mut out = String::new();
    for (index, tag) in tags.iter().enumerate() {
        let own: Vec<&Finding> = findings.iter().filter(|f| f.tag == index).collect();
        let counted: Vec<&Finding> = own.iter().copied().filter(|f| counts(f)).collect();
        let model = model.filter(|_| tag.categorised);
        let by_rules = counted.iter().any(|f| fires(tag, f));
        let given = match model {
            Some((_, ModelVerdict::Rescued)) => true,
            Some((_, ModelVerdict::Vetoed)) => false,
            _ => by_rules,
        };
        let scores = category_scores(tag, &counted);
        let probabilities = probabilities.filter(|_| tag.categorised);
        let category = choose_category_with(&scores, probabilities.as_ref());
        // Writing to a String cannot fail.
        let _ = write!(out, "{}: {}", tag.name, if given { "yes" } else { "no" });
        if tag.categorised && given {
            let _ = write!(out, " (category {category})");
        }
        out.push('\n');
        let lines = phrase_lines(tag, &own);
        for line in &lines {
            let categories: Vec<&str> = line.categories.iter().map(|c| c.name()).collect();
            let mut text = format!("  {} {}", line.role.sign(), describe(&line.shown));
            match line.role {
                Role::Hint => {
                    let _ = write!(text, " (steers the category to {})", categories.join(", "));
                }
                _ if !categories.is_empty() => {
                    let _ = write!(text, " [{}]", categories.join(", "));
                }
                _ => {}
            }
            let _ = writeln!(out, "{text}");
        }
        let mut near_misses: Vec<String> = Vec::new();
        for f in own.iter().filter(|f| Role::of(tag, f).is_none()) {
            let phrase = phrase(f);
            let shown = lines.iter().any(|l| l.is_phrase_of(f));
            if !shown && !near_misses.contains(&phrase) {
                near_misses.push(phrase);
            }
        }
        if !given && !near_misses.is_empty() {
            let _ = writeln!(
                out,
                "  · without the context word their rule needs: {}",
                near_misses.join(", ")
            );
        }
        let near_misses = near_misses.len();
        if let Some((score, verdict)) = model {
            let _ = writeln!(out, "  model score {score:.2}: {}", model_said(verdict));
        }
        if let (true, Some(p)) = (given, probabilities) {
            let _ = writeln!(out, "  {}", heads_said(&p, named_category(&scores)));
        }
        let chosen = Chosen {
            category,
            scores: &scores,
            by_heads: probabilities.is_some(),
        };
        let why = because(tag, &lines, near_misses, given, model, chosen);
        let _ = writeln!(out, "  so: {why}");
    }
    out
}

/// One line per phrase and field: a phrase that fired under one rule and was stopped under
/// another is shown once, as fired, since it fired.
fn phrase_lines(tag: &TagDef, own: &[&Finding]) -> Vec<PhraseLine> {
    let mut lines: Vec<PhraseLine> = Vec::new();
    for &finding in own {
        let Some(role) = Role::of(tag, finding) else {
            continue;
        };
        let category = tag.rules[finding.rule]
            .category
            .filter(|_| tag.categorised && role != Role::Stopped);
        let existing = lines.iter_mut().find(|l| l.is_phrase_of(finding));
        match existing {
            Some(line) => {
                if role < line.role {
                    line.role = role;
                    line.shown = finding.clone();
                    line.categories.clear();
                }
                if role == line.role
                    && let Some(c) = category
                    && !line.categories.contains(&c)
                {
                    line.categories.push(c);
                }
            }
            None => lines.push(PhraseLine {
                shown: finding.clone(),
                role,
                categories: category.into_iter().collect(),
            }),
        }
    }
    lines.sort_by_key(|l| l.role);
    lines
}

/// The shipped veto thresholds in words.
fn veto_thresholds() -> String {
    let t = Thresholds::SHIPPED;
    format!(
        "{:.2} for one phrase through a context word, {:.2} for one phrase, {:.2} for two",
        t.veto_below, t.veto_lone_below, t.veto_pair_below
    )
}

fn model_said(verdict: ModelVerdict) -> String {
    match verdict {
        ModelVerdict::Agrees => "agrees with the rules".to_string(),
        ModelVerdict::Rescued => format!(
            "gives the tag the rules did not (score at least {:.2})",
            Thresholds::SHIPPED.rescue_at
        ),
        ModelVerdict::Vetoed => format!(
            "takes away a tag that rests on one or two phrases (score below {})",
            veto_thresholds()
        ),
    }
}

/// The category heads' line: their three likeliest categories, and what the rules' choice got.
fn heads_said(probabilities: &[f32; Category::ALL.len()], by_rules: Option<Category>) -> String {
    let mut ranked = Category::ALL.to_vec();
    ranked.sort_by(|a, b| probabilities[b.index()].total_cmp(&probabilities[a.index()]));
    let top: Vec<String> = ranked
        .iter()
        .take(3)
        .map(|c| format!("{c} {:.2}", probabilities[c.index()]))
        .collect();
    let mut line = format!("category model: {}", top.join(", "));
    if let Some(by_rules) = by_rules {
        let _ = write!(
            line,
            "; the rules' {by_rules} gets {RULE_CATEGORY_BONUS:.2} more"
        );
    }
    line
}

/// The category given, and what chose it.
struct Chosen<'a> {
    category: Category,
    /// The rules' score of each category.
    scores: &'a [u32; Category::ALL.len()],
    /// Whether the category heads chose, the rules' choice tipping a close call.
    by_heads: bool,
}

/// The last line: why the tag was given or not, in a sentence.
fn because(
    tag: &TagDef,
    lines: &[PhraseLine],
    near_misses: usize,
    given: bool,
    model: Option<(f32, ModelVerdict)>,
    chosen: Chosen,
) -> String {
    let Chosen {
        category,
        scores,
        by_heads,
    } = chosen;
    let count = |role: Role| lines.iter().filter(|l| l.role == role).count();
    let (fired, stopped) = (count(Role::Fired), count(Role::Stopped));
    let plural = |n: usize| if n == 1 { "phrase" } else { "phrases" };
    match (given, model) {
        (true, Some((score, ModelVerdict::Rescued))) => format!(
            "tagged by the model: no rule was met, but a term matched and the score {score:.2} \
             is at least {:.2}",
            Thresholds::SHIPPED.rescue_at
        ),
        (false, Some((score, ModelVerdict::Vetoed))) => format!(
            "not tagged: the rules rest on {fired} {} and the model's score {score:.2} is below \
             {}",
            plural(fired),
            veto_thresholds()
        ),
        (true, _) if tag.categorised && by_heads => format!(
            "tagged: {fired} {} fired; the category model, with the rules' choice, says {category}",
            plural(fired)
        ),
        (true, _) if tag.categorised => {
            let runner_up = Category::ALL
                .into_iter()
                .filter(|c| *c != category && scores[c.index()] > 0)
                .max_by_key(|c| scores[c.index()]);
            let against = runner_up.map_or(String::new(), |c| {
                format!(" against {c} {}", scores[c.index()])
            });
            format!(
                "tagged: {fired} {} fired; {category} scores highest ({}{against})",
                plural(fired),
                scores[category.index()]
            )
        }
        (true, _) => format!("tagged: {fired} {} fired", plural(fired)),
        (false, _) if stopped > 0 => format!(
            "not tagged: every phrase that would have fired was stopped ({stopped} {})",
            plural(stopped)
        ),
        (false, _) if near_misses > 0 => format!(
            "not tagged: {near_misses} {} matched without the context word their rule needs",
            plural(near_misses)
        ),
        (false, _) => "not tagged: no term of this tag matched".to_string(),
    }
}
