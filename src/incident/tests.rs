use chrono::{DateTime, Duration as Days, Utc};

use super::*;

fn at(day: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-07-01T12:00:00Z")
        .expect("time")
        .with_timezone(&Utc)
        + Days::days(day)
}

fn member(id: i64, day: i64, title: &str, summary: &str) -> Member {
    Member {
        item_id: id,
        title: title.into(),
        summary: summary.into(),
        time: at(day),
        entities: entities::extract(title, summary).expect("one incident"),
    }
}

/// A candidate of `members`, which live as long as the test process.
fn incident(id: i64, members: Vec<Member>) -> Candidate<'static> {
    Candidate {
        id,
        members: members.leak(),
    }
}

fn joins(item: &Member, candidates: &[Candidate]) -> Option<i64> {
    Matcher::default()
        .decide(item, candidates)
        .map(|join| join.incident)
}

#[test]
fn two_sharepoint_cves_in_one_week_stay_apart() {
    let first = incident(
        1,
        vec![member(
            1,
            0,
            "Critical SharePoint RCE flaw CVE-2026-50522 exploited to steal machine keys",
            "Attackers exploit CVE-2026-50522 in on-premises SharePoint servers.",
        )],
    );
    let other = member(
        2,
        2,
        "SharePoint flaw CVE-2026-58644 exploited soon after disclosure",
        "Attackers exploit CVE-2026-58644 in on-premises SharePoint servers.",
    );
    assert_eq!(
        joins(&other, std::slice::from_ref(&first)),
        None,
        "a different CVE blocks the merge"
    );
    let same = member(
        3,
        3,
        "CISA adds SharePoint CVE-2026-50522 to its catalogue",
        "The agency orders agencies to patch the machine-key theft flaw.",
    );
    assert_eq!(joins(&same, &[first]), Some(1));
}

#[test]
fn a_weekly_recap_joins_nothing() {
    assert_eq!(
        entities::extract(
            "Weekly Recap: SharePoint attacks, LockBit returns, Chrome zero-day and more",
            "This week's roundup of the biggest stories."
        ),
        None
    );
}

#[test]
fn a_different_victim_blocks_a_merge_even_with_the_same_actor() {
    let acme = incident(
        1,
        vec![member(
            1,
            0,
            "Acme Foods hit by LockBit ransomware attack",
            "Acme Foods said LockBit ransomware encrypted its plants.",
        )],
    );
    let globex = member(
        2,
        1,
        "Globex hit by LockBit ransomware attack",
        "Globex said LockBit ransomware encrypted its plants.",
    );
    assert_eq!(joins(&globex, &[acme]), None);
}

#[test]
fn the_same_victim_from_another_outlet_joins() {
    let first = incident(
        7,
        vec![member(
            1,
            0,
            "Stadler Rail rejects $12.3M ransom demand after cyberattack",
            "Swiss rail maker Stadler Rail says it will not pay the Everest gang.",
        )],
    );
    let second = member(
        2,
        1,
        "Cyberattack on Stadler Rail: company refuses to pay ransom",
        "Stadler Rail confirmed the attack and refused the demand.",
    );
    assert_eq!(joins(&second, &[first]), Some(7));
}

#[test]
fn a_story_without_keys_joins_only_a_near_copy() {
    let wave = incident(
        3,
        vec![member(
            1,
            0,
            "Hackers hijack thousands of routers for a proxy network",
            "A campaign compromised home routers to build a residential proxy service.",
        )],
    );
    let copy = member(
        2,
        0,
        "Hackers hijack thousands of routers for a proxy network",
        "A campaign compromised home routers to build a residential proxy service sold to criminals.",
    );
    assert_eq!(joins(&copy, std::slice::from_ref(&wave)), Some(3));
    let loose = member(
        3,
        1,
        "Hackers hijack cameras for surveillance",
        "Intelligence services took over home cameras.",
    );
    assert_eq!(joins(&loose, &[wave]), None);
}

#[test]
fn an_incident_is_scored_as_a_whole_so_chains_do_not_snowball() {
    // Each item is close to the last one only: scored against the whole incident, the third
    // story is too far from the first to join.
    let chain = incident(
        4,
        vec![
            member(
                1,
                0,
                "Hackers hijack routers for a proxy network",
                "A campaign built a residential proxy service from home routers.",
            ),
            member(
                2,
                0,
                "Hackers hijack routers for a proxy network and crypto mining",
                "A campaign built a residential proxy service from home routers and mined crypto.",
            ),
        ],
    );
    let drifted = member(
        3,
        1,
        "Crypto mining botnet spreads through cloud servers",
        "A mining operation hijacked cloud servers to mine crypto.",
    );
    assert_eq!(joins(&drifted, &[chain]), None);
}

#[test]
fn keys_other_than_cve_and_victim_only_count_within_the_window() {
    let old = incident(
        5,
        vec![member(
            1,
            0,
            "Lazarus group hackers steal crypto from exchange users",
            "North Korea's Lazarus group hackers stole crypto with fake job offers.",
        )],
    );
    let later = member(
        2,
        20,
        "Lazarus group hackers steal crypto from exchange users again",
        "North Korea's Lazarus group hackers stole crypto with fake job offers.",
    );
    assert_eq!(joins(&later, &[old]), None);
}
