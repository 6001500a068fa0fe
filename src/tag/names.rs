//! Threat-actor and malware-family names from the MISP galaxy clusters (`names.tsv`, written by
//! `scripts/misp_names.py` from a PyPI package; provenance and licence in `names.LICENSE.md`),
//! as rules of the `cyberattack` tag.
//!
//! A distinctive name (a made-up word such as a ransomware brand) fires on its own. An
//! ambiguous one (a common word, a place, a person's name: Play, Akira, Lazarus) counts only
//! with an attacker word a few words away. A name's family steers the category: ransomware,
//! other malware, a group the clusters tie to a state (espionage), or another actor (category
//! `other`, which any other evidence outweighs).

use std::collections::BTreeMap;

use toml::Spanned;

use super::config::{RuleConfig, TagRules};

/// The generated list: `<tier>\t<family>\t<name>` lines after a commented header.
const SOURCE: &str = include_str!("names.tsv");

/// Words allowed between an ambiguous name and its attacker word: "Akira ransomware",
/// "the Lazarus group's hackers", not any "play" in a sentence that mentions an attack.
const AMBIGUOUS_WINDOW: i64 = 3;

/// The list of attacker words an ambiguous name needs nearby (in `rules.toml`).
const CONTEXT_LIST: &str = "@actor_context";

/// What an extortion group does to a victim ("Akira listet", "Qilin expõe"): context for an
/// ambiguous ransomware name only, since other groups do not list or expose their victims.
const EXTORTION_LIST: &str = "@extortion_context";
/// Titles of security business (in `rules.toml`): there an ambiguous name is a word of what is
/// sold ("protects banks from ransomware" holds the family name "bancos").
const BUSINESS_LIST: &str = "@business";
/// Denials (in `rules.toml`): "Nova Aurora rules out a hacker attack" names no group.
const DENIAL_LIST: &str = "@denial";
/// Films, novels and games (in `rules.toml`): "« La Rançon du silence », un thriller" is a
/// title, and "silence" is a MISP name.
const FICTION_LIST: &str = "@fiction";
/// Counterfeits and pirated broadcasts (in `rules.toml`): there French "piratés" reads as
/// "pirates", an attacker word beside a name such as "bazar".
const CONTENT_PIRACY_LIST: &str = "@content_piracy";
/// Exercises and contests (in `rules.toml`): a drill "running a ransomware scenario" names no
/// group, and "running" is a MISP name.
const EXERCISE_LIST: &str = "@exercise";

/// Every name of the list with whether it is ambiguous (needs an attacker word nearby).
pub fn entries() -> impl Iterator<Item = (bool, &'static str)> {
    SOURCE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let tier = fields.next()?;
            let _family = fields.next()?;
            Some((tier == "ambiguous", fields.next()?))
        })
}

/// The name rules: one rule per tier and family.
pub fn rules() -> TagRules {
    let mut groups: BTreeMap<(bool, &str), Vec<Spanned<String>>> = BTreeMap::new();
    for line in SOURCE.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(tier), Some(family), Some(name)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        groups
            .entry((tier == "ambiguous", family))
            .or_default()
            .push(spanned(name.to_string()));
    }
    let rules = groups
        .into_iter()
        .map(|((ambiguous, family), terms)| {
            let category = match family {
                "ransomware" => "ransomware",
                "malware" => "malware",
                "espionage" => "espionage",
                _ => "other",
            };
            // The lists only an ambiguous name is checked against.
            let if_ambiguous = |lists: &[&str]| {
                if ambiguous {
                    lists.iter().map(|list| spanned(list.to_string())).collect()
                } else {
                    Vec::new()
                }
            };
            // A state's group says what the attack was for more than a breach verb beside it.
            let weight = (family == "espionage").then(|| spanned(2));
            spanned(RuleConfig {
                category: Some(spanned(category.to_string())),
                weight,
                terms,
                near: match (ambiguous, family) {
                    (false, _) => Vec::new(),
                    (true, "ransomware") => vec![
                        spanned(CONTEXT_LIST.to_string()),
                        spanned(EXTORTION_LIST.to_string()),
                    ],
                    (true, _) => vec![spanned(CONTEXT_LIST.to_string())],
                },
                not_near: if_ambiguous(&[DENIAL_LIST, FICTION_LIST]),
                window: ambiguous.then(|| spanned(AMBIGUOUS_WINDOW)),
                unless: [
                    vec![spanned(EXERCISE_LIST.to_string())],
                    if_ambiguous(&[CONTENT_PIRACY_LIST]),
                ]
                .concat(),
                unless_in_title: if_ambiguous(&[BUSINESS_LIST]),
                ..RuleConfig::default()
            })
        })
        .collect();
    TagRules {
        rules,
        ..TagRules::default()
    }
}

/// A value of the generated rules: it has no place in a TOML file an error could point at.
fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_becomes_a_term_of_its_tier() {
        let rules = rules();
        let names = SOURCE.lines().filter(|l| !l.starts_with('#')).count();
        let terms: usize = rules.rules.iter().map(|r| r.get_ref().terms.len()).sum();
        assert_eq!(terms, names);
        assert!(names > 5000, "the list holds {names} names");
        let ambiguous = rules
            .rules
            .iter()
            .filter(|r| !r.get_ref().near.is_empty())
            .count();
        assert_eq!(ambiguous, 4, "one context rule per family");
    }
}
