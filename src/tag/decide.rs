//! Turns findings into tags: which tags fired, the category of a `cyberattack` positive, and
//! the evidence shown with each tag.

use super::category::Category;
use super::matcher::{Field, Finding, Status, TagDef};

/// Most distinct phrases quoted in one evidence string.
const MAX_EVIDENCE: usize = 6;

/// How much a finding in each field weighs when choosing a category: the title says what an
/// item is about more than a passing sentence in its body does.
fn field_weight(field: Field) -> u32 {
    match field {
        Field::Title => 4,
        Field::Summary => 2,
        Field::Content => 1,
    }
}

/// Whether a finding counts towards its tag's category.
pub fn counts(finding: &Finding) -> bool {
    matches!(finding.status, Status::Counted { .. })
}

/// Whether a finding is enough to give its tag: it counts and its rule is not a mere hint.
pub fn fires(tag: &TagDef, finding: &Finding) -> bool {
    counts(finding) && !tag.rules[finding.rule].hint
}

/// Per-category scores of a categorised tag's counted findings, indexed like [`Category::ALL`]:
/// in each field, a category scores its heaviest rule's weight once (however often its words
/// repeat), times the field's weight.
pub fn category_scores(tag: &TagDef, counted: &[&Finding]) -> [u32; Category::ALL.len()] {
    let mut scores = [0; Category::ALL.len()];
    for field in [Field::Title, Field::Summary, Field::Content] {
        let mut heaviest = [0; Category::ALL.len()];
        for finding in counted.iter().filter(|f| f.field == field) {
            let rule = &tag.rules[finding.rule];
            let slot = &mut heaviest[rule.category.unwrap_or(Category::Other).index()];
            *slot = (*slot).max(rule.weight);
        }
        for (score, weight) in scores.iter_mut().zip(heaviest) {
            *score += weight * field_weight(field);
        }
    }
    scores
}

/// The category with the highest score, earlier categories winning ties; `other` when no
/// category has any weight.
pub fn choose_category(scores: &[u32; Category::ALL.len()]) -> Category {
    let mut best = Category::Other;
    let mut best_score = 0;
    for category in Category::ALL {
        let score = scores[category.index()];
        if score > best_score {
            best = category;
            best_score = score;
        }
    }
    best
}

/// What the rules' own choice of a category adds to the category heads' probability of it,
/// chosen by cross-validation over the tuning part (`train_model`): the heads decide, and the
/// rules tip a close call.
pub const RULE_CATEGORY_BONUS: f32 = 0.2;

/// The category a rule with weight chose, if any did: `other` by default is no choice, `other`
/// from a rule that files roundups there is one.
pub fn named_category(scores: &[u32; Category::ALL.len()]) -> Option<Category> {
    let category = choose_category(scores);
    (scores[category.index()] > 0).then_some(category)
}

/// The category of a positive item: the rules' choice alone, or with the category heads'
/// `probabilities` (indexed like [`Category::ALL`]) the category whose probability is highest
/// once the category a rule chose, if any, has [`RULE_CATEGORY_BONUS`] added.
pub fn choose_category_with(
    scores: &[u32; Category::ALL.len()],
    probabilities: Option<&[f32; Category::ALL.len()]>,
) -> Category {
    match probabilities {
        Some(p) => weigh_categories(named_category(scores), p, RULE_CATEGORY_BONUS),
        None => choose_category(scores),
    }
}

/// The category whose probability is highest once the rules' choice `by_rules`, if they made
/// one, has `bonus` added; earlier categories win ties.
pub fn weigh_categories(
    by_rules: Option<Category>,
    probabilities: &[f32; Category::ALL.len()],
    bonus: f32,
) -> Category {
    let mut best = (Category::Other, f32::MIN);
    for category in Category::ALL {
        let mut p = probabilities[category.index()];
        if Some(category) == by_rules {
            p += bonus;
        }
        if p > best.1 {
            best = (category, p);
        }
    }
    best.0
}

/// A human-readable list of the phrases behind counted findings, e.g.
/// `title: "ransomware"; summary: "attack" near "hackers"`.
pub fn evidence(counted: &[&Finding]) -> String {
    // Findings that read the same are told once; only those quoted are put into words.
    let mut distinct: Vec<&Finding> = Vec::new();
    for &finding in counted {
        let reads_the_same = |d: &&Finding| {
            d.field == finding.field && d.matched == finding.matched && d.status == finding.status
        };
        if !distinct.iter().any(reads_the_same) {
            distinct.push(finding);
        }
    }
    let extra = distinct.len().saturating_sub(MAX_EVIDENCE);
    let parts: Vec<String> = distinct
        .iter()
        .take(MAX_EVIDENCE)
        .map(|f| describe(f))
        .collect();
    let mut text = parts.join("; ");
    if extra > 0 {
        text.push_str(&format!("; and {extra} more"));
    }
    text
}

/// A finding's matched text with its field, e.g. `title: "ransomware"`.
pub fn phrase(finding: &Finding) -> String {
    format!("{}: \"{}\"", finding.field.name(), finding.matched)
}

/// One finding as "field: \"phrase\"" with its context word, if any.
pub fn describe(finding: &Finding) -> String {
    let mut text = phrase(finding);
    match &finding.status {
        Status::Counted { context: Some(c) } => text.push_str(&format!(" near \"{c}\"")),
        Status::Counted { context: None } => {}
        Status::Vetoed { by } => text.push_str(&format!(" vetoed by \"{by}\"")),
        Status::NoContext => text.push_str(" without a context word nearby"),
        Status::Blocked { by } => text.push_str(&format!(" blocked by \"{by}\" nearby")),
        Status::RuledOut { by } => text.push_str(&format!(" ruled out by \"{by}\" in the item")),
        Status::Unconfirmed => text.push_str(" without its confirming word in the item"),
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(field: Field, matched: &str, status: Status) -> Finding {
        Finding {
            field,
            tag: 0,
            rule: 0,
            matched: matched.into(),
            status,
        }
    }

    #[test]
    fn the_heads_decide_and_the_rules_tip_a_close_call() {
        let mut scores = [0; Category::ALL.len()];
        scores[Category::DataBreach.index()] = 4;
        let mut p = [0.05; Category::ALL.len()];
        assert_eq!(choose_category_with(&scores, None), Category::DataBreach);
        p[Category::Fraud.index()] = 0.9;
        p[Category::DataBreach.index()] = 0.5;
        assert_eq!(choose_category_with(&scores, Some(&p)), Category::Fraud);
        p[Category::DataBreach.index()] = 0.7;
        assert_eq!(
            choose_category_with(&scores, Some(&p)),
            Category::DataBreach
        );
        // "other" by default is no choice and gets no bonus; "other" from a rule is one.
        let mut other = [0; Category::ALL.len()];
        p[Category::Other.index()] = 0.8;
        assert_eq!(choose_category_with(&other, Some(&p)), Category::Fraud);
        other[Category::Other.index()] = 40;
        assert_eq!(choose_category_with(&other, Some(&p)), Category::Other);
    }

    #[test]
    fn highest_score_wins_and_earlier_categories_break_ties() {
        let mut scores = [0; Category::ALL.len()];
        assert_eq!(choose_category(&scores), Category::Other);
        scores[Category::Malware.index()] = 1;
        assert_eq!(choose_category(&scores), Category::Malware);
        scores[Category::Ransomware.index()] = 1;
        assert_eq!(choose_category(&scores), Category::Ransomware);
        scores[Category::DataBreach.index()] = 2;
        assert_eq!(choose_category(&scores), Category::DataBreach);
    }

    #[test]
    fn evidence_is_deduplicated_and_capped() {
        let a = finding(
            Field::Title,
            "ransomware",
            Status::Counted { context: None },
        );
        let b = finding(
            Field::Summary,
            "attack",
            Status::Counted {
                context: Some("hackers".into()),
            },
        );
        assert_eq!(
            evidence(&[&a, &b, &a]),
            "title: \"ransomware\"; summary: \"attack\" near \"hackers\""
        );
        let many: Vec<Finding> = (0..9)
            .map(|i| {
                finding(
                    Field::Content,
                    &format!("w{i}"),
                    Status::Counted { context: None },
                )
            })
            .collect();
        let refs: Vec<&Finding> = many.iter().collect();
        assert!(evidence(&refs).ends_with("; and 3 more"));
    }

    #[test]
    fn describes_vetoes() {
        let f = finding(
            Field::Content,
            "attack",
            Status::Vetoed {
                by: "heart attack".into(),
            },
        );
        assert_eq!(
            describe(&f),
            "content: \"attack\" vetoed by \"heart attack\""
        );
    }
}
