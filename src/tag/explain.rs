//! The multi-line report of [`super::Tagger::explain`]: per tag, what counted, what was vetoed
//! and by what, what lacked context, and how the category was chosen.

use std::fmt::Write;

use super::category::Category;
use super::decide::{category_scores, choose_category, counts, describe, fires};
use super::matcher::{Finding, TagDef};
use super::{ModelVerdict, Thresholds};

/// Writes the report for all tags from one item's findings and, for the categorised tag, the
/// second stage's score and verdict.
pub fn report(tags: &[TagDef], findings: &[Finding], model: Option<(f32, ModelVerdict)>) -> String {
    let mut out = String::new();
    for (index, tag) in tags.iter().enumerate() {
        let own: Vec<&Finding> = findings.iter().filter(|f| f.tag == index).collect();
        let counted: Vec<&Finding> = own.iter().copied().filter(|f| counts(f)).collect();
        let model = model.filter(|_| tag.categorised);
        let fired = match model {
            Some((_, ModelVerdict::Rescued)) => true,
            Some((_, ModelVerdict::Vetoed)) => false,
            _ => counted.iter().any(|f| fires(tag, f)),
        };
        let verdict = if fired { "yes" } else { "no" };
        // Writing to a String cannot fail.
        let _ = write!(out, "{}: {verdict}", tag.name);
        if tag.categorised && fired {
            let scores = category_scores(tag, &counted);
            let listed: Vec<String> = Category::ALL
                .into_iter()
                .filter(|c| scores[c.index()] > 0)
                .map(|c| format!("{c} {}", scores[c.index()]))
                .collect();
            let _ = write!(
                out,
                " (category {}; scores: {})",
                choose_category(&scores),
                listed.join(", ")
            );
        }
        out.push('\n');
        if own.is_empty() {
            out.push_str("  no term matched\n");
        }
        for finding in &own {
            let sign = if counts(finding) { '+' } else { '-' };
            let rule = &tag.rules[finding.rule];
            let category = match (rule.category, rule.hint) {
                (Some(c), true) => format!(" [{c}, hint]"),
                (Some(c), false) => format!(" [{c}]"),
                (None, _) => String::new(),
            };
            let _ = writeln!(out, "  {sign} {}{category}", describe(finding));
        }
        if let Some((score, verdict)) = model {
            let said = match verdict {
                ModelVerdict::Agrees => "agrees with the rules".to_string(),
                ModelVerdict::Rescued => format!(
                    "gives the tag the rules did not (a term without its context, score at \
                     least {:.2})",
                    Thresholds::SHIPPED.rescue_at
                ),
                ModelVerdict::Vetoed => format!(
                    "takes away a tag that rests on one phrase (score below {:.2})",
                    Thresholds::SHIPPED.veto_below
                ),
            };
            let _ = writeln!(out, "  model score {score:.2}: {said}");
        }
    }
    out
}
