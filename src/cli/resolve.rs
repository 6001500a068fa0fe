//! Turning what the user typed for `--tag`, `--feed` and `--incident` into what is stored, or
//! into an error that lists what exists: a filter that matches nothing because of a typo must
//! not look like an empty answer.

use super::commands::Failure;
use crate::store::{Database, ItemQuery};
use crate::tag::Tagger;

/// How many close names an error suggests at most.
const SUGGESTIONS: usize = 5;

/// Checks and normalises the tag, feed and incident of `query` against what `tagger` gives and
/// `store` holds. Exit 2 for a tag, feed or incident nobody knows.
pub(super) fn filters(
    store: &Database,
    tagger: &Tagger,
    mut query: ItemQuery,
) -> Result<ItemQuery, Failure> {
    if let Some(tag) = &query.tag {
        let mut known = tagger.tag_names();
        known.extend(store.stored_tags()?);
        known.sort();
        known.dedup();
        query.tag = Some(tag_name(tag, &known)?);
    }
    if let Some(feed) = &query.feed {
        query.feed = Some(feed_label(feed, &store.feed_labels()?, "--feed")?);
    }
    if let Some(id) = query.incident {
        let known = store.incidents(&crate::store::IncidentQuery {
            id: Some(id),
            ..crate::store::IncidentQuery::default()
        })?;
        if known.is_empty() {
            return Err(Failure::config(format!(
                "--incident {id}: no incident has this id; `feedsentry incidents` lists them"
            )));
        }
    }
    Ok(query)
}

/// The known tag `given` names, ignoring case; a bare category (`ransomware`) names the
/// categorised tag it belongs to (`cyberattack:ransomware`).
pub(super) fn tag_name(given: &str, known: &[String]) -> Result<String, Failure> {
    let wanted = given.trim().to_lowercase();
    if let Some(tag) = known.iter().find(|k| **k == wanted) {
        return Ok(tag.clone());
    }
    let mut categories = known
        .iter()
        .filter(|k| k.split_once(':').is_some_and(|(_, child)| child == wanted));
    if let (Some(tag), None) = (categories.next(), categories.next()) {
        return Ok(tag.clone());
    }
    Err(Failure::config(format!(
        "--tag {given:?}: unknown tag; known tags: {}",
        known.join(", ")
    )))
}

/// The feed label `given` names: exactly, else ignoring case and a trailing slash. An unknown
/// one is an error that names the closest labels.
pub(super) fn feed_label(given: &str, labels: &[String], option: &str) -> Result<String, Failure> {
    if labels.iter().any(|l| l == given) {
        return Ok(given.to_string());
    }
    let loose = |text: &str| text.trim().trim_end_matches('/').to_lowercase();
    let wanted = loose(given);
    let mut matches = labels.iter().filter(|l| loose(l) == wanted);
    if let (Some(label), None) = (matches.next(), matches.next()) {
        return Ok(label.clone());
    }
    let hint =
        did_you_mean(given, labels).unwrap_or_else(|| "; `feedsentry feeds` lists them".into());
    Err(Failure::config(format!(
        "{option} {given:?}: no feed has this name, title, host or URL{hint}"
    )))
}

/// `"; did you mean "a", "b"?"` with the labels closest to `given`, when there are any.
pub(super) fn did_you_mean(given: &str, labels: &[String]) -> Option<String> {
    let close = close_names(given, labels);
    (!close.is_empty()).then(|| format!("; did you mean {}?", close.join(", ")))
}

/// The labels closest to `given`, best first: those containing it, then those within a small
/// edit distance.
fn close_names(given: &str, labels: &[String]) -> Vec<String> {
    let wanted = given.to_lowercase();
    let mut scored: Vec<(f64, &String)> = labels
        .iter()
        .filter_map(|label| {
            let lower = label.to_lowercase();
            let score = if !wanted.is_empty() && lower.contains(&wanted) {
                1.0
            } else {
                strsim::jaro_winkler(&wanted, &lower)
            };
            (score >= 0.85).then_some((score, label))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, label)| format!("{label:?}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_bare_category_names_its_tag_and_case_is_ignored() {
        let known = strings(&["cyberattack", "cyberattack:ransomware", "outage"]);
        assert_eq!(
            tag_name("ransomware", &known).ok(),
            Some("cyberattack:ransomware".into())
        );
        assert_eq!(
            tag_name("Cyberattack", &known).ok(),
            Some("cyberattack".into())
        );
        assert_eq!(tag_name(" OUTAGE ", &known).ok(), Some("outage".into()));
        assert!(tag_name("ransom", &known).is_err());
    }

    #[test]
    fn feeds_match_loosely_and_suggest_close_names() {
        let labels = strings(&[
            "BleepingComputer",
            "The Record",
            "https://example.com/feed/",
        ]);
        assert_eq!(
            feed_label("bleepingcomputer", &labels, "--feed").ok(),
            Some("BleepingComputer".into())
        );
        assert_eq!(
            feed_label("https://example.com/feed", &labels, "--feed").ok(),
            Some("https://example.com/feed/".into())
        );
        assert_eq!(
            close_names("BleepingComptuer", &labels),
            vec!["\"BleepingComputer\""]
        );
        assert_eq!(close_names("record", &labels), vec!["\"The Record\""]);
        assert!(close_names("zzz", &labels).is_empty());
    }
}
