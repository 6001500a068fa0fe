//! Incidents: which attack an item tagged `cyberattack` reports, so that ten outlets telling
//! one story make one row. [`entities`] finds what an item names; [`Matcher`] decides which
//! incident it joins, scoring it against each incident as a whole (all its items), never its
//! single closest item, so that chains of similar stories cannot snowball.
//!
//! The decision, in order:
//! - a different CVE, or a different victim, blocks a merge;
//! - a shared CVE joins (within the strong window);
//! - a shared victim joins when the story agrees a little (TF-IDF cosine) or the actor matches;
//! - a shared actor joins when a product or the story agrees too (same operation);
//! - a name in the title that this incident's titles share and no other candidate's (a new
//!   malware's, a company's) joins when the story agrees a little;
//! - a shared product joins when the story agrees well (same flaw, same days);
//! - with no shared key, only a near-identical story joins (a duplicate, a syndicated copy).
//!
//! Keys other than a CVE and a victim only count within the window (5 days by default).

pub mod entities;
mod similar;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::config::IncidentConfig;
use crate::store::{Candidate, Entity, IncidentRules, Join, Member};
use crate::tag::pattern::match_form;
use similar::{Memory, Profile, Vectors};

/// How strongly the story must agree for each kind of key (TF-IDF cosine against the
/// incident's centroid); tuned on the 2026-07-22 part of the development corpus only.
const VICTIM_STORY: f64 = 0.10;
const ACTOR_STORY: f64 = 0.25;
const PRODUCT_STORY: f64 = 0.30;
const NAME_STORY: f64 = 0.10;
/// When only one side names a CVE, a product or a name must come with this much agreement.
const ONE_SIDED_CVE_STORY: f64 = 0.35;
const STORY_ONLY: f64 = 0.55;
/// With no key at all, the titles must share this share of their words (Jaccard, averaged
/// over the incident's items) as well.
const TITLE_ONLY: f64 = 0.30;

/// Words of a law-enforcement story in a title: the same actor before a court within days is one
/// case.
const LEGAL_WORDS: &[&str] = &[
    "sentenced",
    "sentencing",
    "jail",
    "prison",
    "charged",
    "charges",
    "indicted",
    "convicted",
    "pleads guilty",
    "pleaded guilty",
    "extradited",
    "arrested",
    "arrest",
    "trial",
    "verurteilt",
    "haft",
    "angeklagt",
    "festgenommen",
    "condenado",
    "condenados",
    "detenido",
    "detenidos",
    "preso",
    "presos",
    "condamne",
    "condamnes",
    "arrete",
    "arretes",
    "inculpe",
];

/// The incident rules feedsentry uses.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// How far apart in time an item and an incident may be for any key.
    pub window: Duration,
    /// How far for a shared CVE or victim.
    pub strong_window: Duration,
    /// What it read of the items it compared lately.
    memory: Arc<Mutex<Memory>>,
}

impl Default for Matcher {
    fn default() -> Matcher {
        Matcher::from(IncidentConfig {
            window: Duration::from_secs(5 * 24 * 3600),
            strong_window: Duration::from_secs(30 * 24 * 3600),
        })
    }
}

impl From<IncidentConfig> for Matcher {
    fn from(config: IncidentConfig) -> Matcher {
        Matcher {
            window: config.window,
            strong_window: config.strong_window,
            memory: Arc::default(),
        }
    }
}

impl IncidentRules for Matcher {
    fn entities(&self, title: &str, summary: &str) -> Option<Vec<Entity>> {
        entities::extract(title, summary)
    }

    fn decide(&self, item: &Member, candidates: &[Candidate]) -> Option<Join> {
        // Memory is only a cache: what a panicking holder left in it is still sound.
        let mut memory = self.memory.lock().unwrap_or_else(PoisonError::into_inner);
        let vectors = Vectors::new(&mut memory, item, candidates);
        let memory = &*memory;
        let mine = Keys::of(&item.entities);
        candidates
            .iter()
            .enumerate()
            .filter_map(|(at, candidate)| {
                let profile = vectors.profile(at, memory);
                self.judge(item, &mine, candidate, &profile)
            })
            .max_by(|a, b| {
                a.score
                    .total_cmp(&b.score)
                    .then(b.incident.cmp(&a.incident))
            })
    }

    fn window(&self) -> Duration {
        self.window
    }

    fn strong_window(&self) -> Duration {
        self.strong_window
    }
}

impl Matcher {
    /// Whether `item` joins `candidate`, and how strongly.
    fn judge(
        &self,
        item: &Member,
        mine: &Keys,
        candidate: &Candidate,
        profile: &Profile,
    ) -> Option<Join> {
        let theirs = profile.keys;
        let gap = candidate
            .members
            .iter()
            .map(|m| (m.time - item.time).num_seconds().unsigned_abs())
            .min()
            .map_or(Duration::MAX, Duration::from_secs);
        let strong_near = gap <= self.strong_window;
        let cos = profile.cosine;
        let keys = Agreement::of(mine, theirs, profile)?;
        if let (Some(cve), true) = (&keys.cve, strong_near) {
            return Some(self.join(candidate, 2.0, cos, format!("same {cve}")));
        }
        // Different actors: only a shared CVE (one flaw's wave, several actors) joins.
        if keys.actors_differ {
            return None;
        }
        if keys.victim && strong_near && (cos >= VICTIM_STORY || keys.actor.is_some()) {
            let name = mine.victims.iter().next().cloned().unwrap_or_default();
            return Some(self.join(candidate, 1.5, cos, format!("same victim {name}")));
        }
        if keys.lone_victim && keys.actor.is_none() || gap > self.window {
            return None;
        }
        let (bonus, reason) = weak_join(item, candidate, profile, &keys)?;
        Some(self.join(candidate, bonus, cos, reason))
    }

    fn join(&self, candidate: &Candidate, bonus: f64, cos: f64, reason: String) -> Join {
        Join {
            incident: candidate.id,
            score: bonus + cos,
            reason: format!(
                "joined: {reason} (story cosine {cos:.2} over {} items)",
                candidate.members.len()
            ),
        }
    }
}

/// How an item's keys compare with an incident's.
struct Agreement {
    /// A CVE both name.
    cve: Option<String>,
    /// Both name a victim, and the same one.
    victim: bool,
    /// An actor both name.
    actor: Option<String>,
    /// Both name actors, and none in common.
    actors_differ: bool,
    /// A word of a product both name.
    product: Option<String>,
    /// One side names a victim the other does not write: a victim's own story beside a
    /// campaign's.
    lone_victim: bool,
    /// The story agreement a product or a name needs: more when only one side names a CVE, as
    /// the other may be about another flaw of the same product.
    story_floor: f64,
}

impl Agreement {
    /// The comparison, or `None` when a different CVE or victim blocks any merge.
    fn of(mine: &Keys, theirs: &Keys, profile: &Profile) -> Option<Agreement> {
        let both = |a: &BTreeSet<String>, b: &BTreeSet<String>| !a.is_empty() && !b.is_empty();
        if both(&mine.cves, &theirs.cves) && mine.cves.is_disjoint(&theirs.cves) {
            return None;
        }
        let victim = both(&mine.victims, &theirs.victims);
        if victim
            && !mine
                .victims
                .iter()
                .any(|a| theirs.victims.iter().any(|b| same_name(a, b)))
        {
            return None;
        }
        let names_victim = |victims: &BTreeSet<String>, has: &dyn Fn(&str) -> bool| {
            victims
                .iter()
                .any(|v| v.split(' ').any(|w| w.len() >= 4 && has(w)))
        };
        let shared = |a: &BTreeSet<String>, b: &BTreeSet<String>| a.intersection(b).next().cloned();
        Some(Agreement {
            cve: shared(&mine.cves, &theirs.cves),
            victim,
            actor: shared(&mine.actors, &theirs.actors),
            actors_differ: both(&mine.actors, &theirs.actors)
                && mine.actors.is_disjoint(&theirs.actors),
            product: shared_word(&mine.products, &theirs.products),
            lone_victim: match (mine.victims.is_empty(), theirs.victims.is_empty()) {
                (false, true) => !names_victim(&mine.victims, &|w| profile.titles_have(w)),
                (true, false) => !names_victim(&theirs.victims, &|w| profile.item_title_has(w)),
                _ => false,
            },
            story_floor: if mine.cves.is_empty() != theirs.cves.is_empty() {
                ONE_SIDED_CVE_STORY
            } else {
                0.0
            },
        })
    }
}

/// The joins on weaker keys, within the window: the same actor before a court or with the
/// story, a name only this incident's titles share, a product, or the story alone.
fn weak_join(
    item: &Member,
    candidate: &Candidate,
    profile: &Profile,
    keys: &Agreement,
) -> Option<(f64, String)> {
    let cos = profile.cosine;
    let court = |m: &Member| {
        let form = format!(" {} ", match_form(&m.title));
        LEGAL_WORDS.iter().any(|w| form.contains(&format!(" {w} ")))
    };
    if let Some(actor) = &keys.actor {
        if court(item) && candidate.members.iter().any(court) {
            return Some((1.0, format!("same actor {actor} before a court")));
        }
        if keys.product.is_some() || cos >= ACTOR_STORY {
            return Some((1.0, format!("same actor {actor} and story")));
        }
    }
    if let Some(name) = &profile.shared_name
        && cos >= NAME_STORY.max(keys.story_floor)
    {
        return Some((0.8, format!("same name {name} and story")));
    }
    if let Some(product) = &keys.product
        && cos >= PRODUCT_STORY.max(keys.story_floor)
    {
        return Some((0.5, format!("same product {product} and story")));
    }
    (cos >= STORY_ONLY && profile.title_overlap >= TITLE_ONLY).then(|| (0.0, "same story".into()))
}

/// The keys of a set of entities, in comparable form.
#[derive(Debug, Default)]
struct Keys {
    cves: BTreeSet<String>,
    victims: BTreeSet<String>,
    actors: BTreeSet<String>,
    products: BTreeSet<String>,
}

impl Keys {
    /// No keys.
    const EMPTY: Keys = Keys {
        cves: BTreeSet::new(),
        victims: BTreeSet::new(),
        actors: BTreeSet::new(),
        products: BTreeSet::new(),
    };

    /// Adds `other`'s keys to these.
    fn add(&mut self, other: &Keys) {
        self.cves.extend(other.cves.iter().cloned());
        self.victims.extend(other.victims.iter().cloned());
        self.actors.extend(other.actors.iter().cloned());
        self.products.extend(other.products.iter().cloned());
    }

    fn of<'e>(entities: impl IntoIterator<Item = &'e Entity>) -> Keys {
        let mut keys = Keys::default();
        for e in entities {
            let set = match e.kind.as_str() {
                "cve" => &mut keys.cves,
                "victim" => &mut keys.victims,
                "actor" => &mut keys.actors,
                "product" => &mut keys.products,
                _ => continue,
            };
            // "Bitwarden users" says who was attacked, not which incident it is.
            if e.kind == "victim"
                && e.value
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| entities::TARGET_GROUPS.contains(&w.to_lowercase().as_str()))
            {
                continue;
            }
            set.insert(if e.kind == "cve" {
                e.value.to_ascii_uppercase()
            } else {
                name_key(&e.value)
            });
        }
        keys
    }
}

/// Words of product names that say nothing about which product.
const GENERIC_PRODUCT_WORDS: &[&str] = &[
    "server",
    "servers",
    "extension",
    "extensions",
    "plugin",
    "plugins",
    "software",
    "devices",
    "device",
    "service",
    "services",
    "package",
    "packages",
    "app",
    "apps",
    "firmware",
    "cloud",
    "enterprise",
    "suite",
    "platform",
    "windows",
    "microsoft",
    "google",
    "apple",
    "linux",
];

/// A word two sets of product names share that names a product.
fn shared_word(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Option<String> {
    let words = |set: &BTreeSet<String>| -> BTreeSet<String> {
        set.iter()
            .flat_map(|p| p.split(' '))
            .filter(|w| w.len() >= 4 && !GENERIC_PRODUCT_WORDS.contains(w))
            .map(str::to_string)
            .collect()
    };
    words(a).intersection(&words(b)).next().cloned()
}

/// Corporate suffixes and articles a name is compared without.
const NAME_NOISE: &[&str] = &[
    "the",
    "inc",
    "corp",
    "corporation",
    "co",
    "ltd",
    "llc",
    "plc",
    "group",
    "sa",
    "ag",
    "gmbh",
    "company",
    "holdings",
];

/// A name's comparable form: match form without articles and corporate suffixes.
fn name_key(name: &str) -> String {
    match_form(name)
        .split(' ')
        .filter(|w| !NAME_NOISE.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two names are the same when one's words are all in the other: "Acme Bank" and "Acme".
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<BTreeSet<_>>()
    };
    let (x, y) = (words(a), words(b));
    !x.is_empty() && !y.is_empty() && (x.is_subset(&y) || y.is_subset(&x))
}

#[cfg(test)]
mod tests;
