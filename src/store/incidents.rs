//! Incidents: the items tagged `cyberattack` grouped by the attack they report, with the
//! entities each names. Assignment happens inside the transaction that stores an item, in the
//! order items are stored; [`Store::rebuild_incidents`] replays the very same assignment over
//! every stored item in that order. What an item names and which incident it joins is for the
//! caller's [`IncidentRules`] to say; the store only keeps the rows.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError, iso, parse_iso, sql_failure};

/// Migration 9: incidents, which items belong to them, and what items name.
pub(super) const INCIDENT_MIGRATION: &str = r#"
CREATE TABLE incidents (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,     -- the title of its first item
    victim     TEXT,              -- the victim its items name most often, else the product
    actor      TEXT,              -- the actor its items name most often
    category   TEXT,              -- the category most of its items have
    first_seen TEXT NOT NULL,     -- the earliest time (published, else first seen) of its items
    last_seen  TEXT NOT NULL,     -- the latest
    item_count INTEGER NOT NULL,
    feed_count INTEGER NOT NULL
);
CREATE INDEX incidents_last_seen ON incidents(last_seen);

CREATE TABLE item_incidents (
    item_id     INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    score       REAL NOT NULL,
    reason      TEXT NOT NULL,    -- why it joined, or why it started the incident
    -- The item as it was matched: its time, plain title and summary. Matching reads them for
    -- every candidate, and reading them from items means reading past each item's content.
    time        TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL
);
CREATE INDEX item_incidents_incident ON item_incidents(incident_id, item_id);

CREATE TABLE item_entities (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,       -- victim | actor | cve | product
    value    TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (item_id, kind, value)
) WITHOUT ROWID;
-- The keys an incident is found by across its strong window.
CREATE INDEX item_entities_key ON item_entities(lower(value))
    WHERE kind IN ('cve', 'victim', 'actor');
"#;

/// One thing an item names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Entity {
    /// `victim`, `actor`, `cve` or `product`.
    pub kind: String,
    /// The name as written (a CVE id in upper case).
    pub value: String,
    /// The words it was found in.
    pub evidence: String,
}

/// An item as incident matching sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Row id.
    pub item_id: i64,
    /// Plain-text title.
    pub title: String,
    /// Plain-text summary.
    pub summary: String,
    /// Published, else first seen.
    pub time: DateTime<Utc>,
    /// What it names.
    pub entities: Vec<Entity>,
}

/// An incident an item may join, with all its items.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Row id.
    pub id: i64,
    /// Its items, oldest first.
    pub members: Vec<Member>,
}

/// The decision to put an item in an existing incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    /// The incident joined.
    pub incident: i64,
    /// How strongly it matched.
    pub score: f64,
    /// Why, in words.
    pub reason: String,
}

/// What names an item's entities and matches it to incidents: the caller's, so that the store
/// keeps rows and nothing else.
pub trait IncidentRules: Send + Sync {
    /// What `title` and `summary` name, or `None` when the item reports no single incident (a
    /// roundup, a weekly recap).
    fn entities(&self, title: &str, summary: &str) -> Option<Vec<Entity>>;
    /// The incident among `candidates` that `item` joins, if any.
    fn decide(&self, item: &Member, candidates: &[Candidate]) -> Option<Join>;
    /// How far from an item's time any incident is a candidate.
    fn window(&self) -> Duration;
    /// How far from it an incident that shares a CVE, a victim or an actor with it is one.
    fn strong_window(&self) -> Duration;
}

/// One incident as listed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IncidentRow {
    /// Row id, as `incident ID` takes it.
    pub id: i64,
    /// The title of its first item.
    pub title: String,
    /// The victim its items name most often.
    pub victim: Option<String>,
    /// The actor its items name most often.
    pub actor: Option<String>,
    /// The category most of its items have.
    pub category: Option<String>,
    /// Its earliest item's time.
    pub first_seen: String,
    /// Its latest item's time.
    pub last_seen: String,
    /// Its items.
    pub items: i64,
    /// The feeds (outlets) that reported it.
    pub feeds: i64,
}

/// Filters for listing incidents.
#[derive(Debug, Clone, Default)]
pub struct IncidentQuery {
    /// Only incidents with an item at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only this category.
    pub category: Option<String>,
    /// Only victims containing this text (case ignored).
    pub victim: Option<String>,
    /// Only this incident.
    pub id: Option<i64>,
}

/// An item of an incident, with why it joined.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IncidentItem {
    /// The item's row id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its first feed's name.
    pub feed: String,
    /// Published, else first seen.
    pub published: String,
    /// Its link.
    pub link: Option<String>,
    /// The match score.
    pub score: f64,
    /// Why it joined, or why it started the incident.
    pub reason: String,
}

/// How many incidents a rebuild made and how many kept their ids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RebuildCounts {
    /// Items given an incident.
    pub items: usize,
    /// Incidents after the rebuild.
    pub incidents: usize,
    /// Of those, incidents that kept the id of the old incident they share most items with.
    pub kept_ids: usize,
}

impl Store {
    /// Sets the rules that passes assign incidents by; without them, no incident is made.
    pub fn set_incident_rules(&mut self, rules: std::sync::Arc<dyn IncidentRules>) {
        self.incident_rules = Some(rules);
    }

    /// Assigns every item tagged `cyberattack` again, in the order they were stored, in one
    /// transaction. An incident keeps its id when it shares most of its items with an old one.
    pub fn rebuild_incidents(
        &mut self,
        rules: &dyn IncidentRules,
        progress: &mut dyn FnMut(usize),
    ) -> Result<RebuildCounts, StoreError> {
        let sql = sql_failure(&self.path);
        let tx = self.conn.transaction().map_err(sql)?;
        let counts = rebuild(&tx, rules, progress).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(counts)
    }

    /// Incidents matching `query`, the most recently active first.
    pub fn incidents(&self, query: &IncidentQuery) -> Result<Vec<IncidentRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, title, victim, actor, category, first_seen, last_seen, item_count,
                        feed_count
                 FROM incidents
                 WHERE (?1 IS NULL OR last_seen >= ?1)
                   AND (?2 IS NULL OR category = ?2)
                   AND (?3 IS NULL OR instr(lower(victim), lower(?3)) > 0)
                   AND (?4 IS NULL OR id = ?4)
                 ORDER BY last_seen DESC, id DESC",
            )
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map(
                params![query.since.map(iso), query.category, query.victim, query.id],
                |row| {
                    Ok(IncidentRow {
                        id: row.get(0)?,
                        title: row.get(1)?,
                        victim: row.get(2)?,
                        actor: row.get(3)?,
                        category: row.get(4)?,
                        first_seen: row.get(5)?,
                        last_seen: row.get(6)?,
                        items: row.get(7)?,
                        feeds: row.get(8)?,
                    })
                },
            )
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.sql_error(e))
    }

    /// The items of incident `id`, oldest first, with why each joined.
    pub fn incident_items(&self, id: i64) -> Result<Vec<IncidentItem>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT i.id, i.plain_title,
                    (SELECT COALESCE(f.name, f.title, f.host) FROM item_feeds x
                       JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = i.id
                       ORDER BY x.first_seen, f.id LIMIT 1),
                    COALESCE(i.published, i.first_seen), i.link, m.score, m.reason
                 FROM item_incidents m JOIN items i ON i.id = m.item_id
                 WHERE m.incident_id = ?1 ORDER BY i.id",
            )
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([id], |row| {
                Ok(IncidentItem {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    feed: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    published: row.get(3)?,
                    link: row.get(4)?,
                    score: row.get(5)?,
                    reason: row.get(6)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.sql_error(e))
    }

    /// The entities stored for item `id`, and its incident with the score and reason, when it
    /// has one.
    pub fn item_incident(&self, id: i64) -> Result<(Vec<Entity>, Option<Join>), StoreError> {
        let entities = read_entities(&self.conn, id).map_err(|e| self.sql_error(e))?;
        let incident = self
            .conn
            .query_row(
                "SELECT incident_id, score, reason FROM item_incidents WHERE item_id = ?1",
                [id],
                |r| {
                    Ok(Join {
                        incident: r.get(0)?,
                        score: r.get(1)?,
                        reason: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sql_error(e))?;
        Ok((entities, incident))
    }
}

/// Assigns the newly stored items `new` (in that order) to incidents, inside the caller's
/// transaction: the items tagged `cyberattack` only.
pub(super) fn assign_new(
    tx: &Connection,
    rules: &dyn IncidentRules,
    new: &[i64],
) -> rusqlite::Result<()> {
    for id in new {
        assign(tx, rules, *id)?;
    }
    Ok(())
}

/// Gives item `id` its entities and its incident, when it is tagged `cyberattack` and reports
/// one incident.
fn assign(tx: &Connection, rules: &dyn IncidentRules, id: i64) -> rusqlite::Result<bool> {
    let item: Option<(String, String, String)> = tx
        .prepare_cached(
            "SELECT plain_title, plain_summary, sort_time FROM items i WHERE id = ?1
               AND EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = i.id AND t.tag = 'cyberattack')",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((title, summary, time)) = item else {
        return Ok(false);
    };
    let Some(entities) = rules.entities(&title, &summary) else {
        return Ok(false);
    };
    {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO item_entities (item_id, kind, value, evidence) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for e in &entities {
            insert.execute(params![id, e.kind, e.value, e.evidence])?;
        }
    }
    let time = parse_iso(Some(&time)).unwrap_or_else(Utc::now);
    let item = Member {
        item_id: id,
        title,
        summary,
        time,
        entities,
    };
    let candidates = candidates(tx, &item, rules.window(), rules.strong_window())?;
    let (incident, score, reason) = match rules.decide(&item, &candidates) {
        Some(join) => (join.incident, join.score, join.reason),
        None => {
            tx.prepare_cached(
                "INSERT INTO incidents (title, first_seen, last_seen, item_count, feed_count)
                 VALUES (?1, ?2, ?2, 0, 0)",
            )?
            .execute(params![item.title, iso(time)])?;
            (
                tx.last_insert_rowid(),
                0.0,
                "new: no incident nearby shares its keys or its story".to_string(),
            )
        }
    };
    tx.prepare_cached(
        "INSERT OR REPLACE INTO item_incidents (item_id, incident_id, score, reason, time, title, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        incident,
        score,
        reason,
        iso(item.time),
        item.title,
        item.summary
    ])?;
    refresh(tx, incident, id, &iso(item.time))?;
    Ok(true)
}

/// Migration 10: the key index also orders each key's items, so that matching reads only the
/// latest items that name a key instead of all of them.
pub(super) const KEY_ORDER_MIGRATION: &str = "
DROP INDEX item_entities_key;
CREATE INDEX item_entities_key ON item_entities(lower(value), item_id)
    WHERE kind IN ('cve', 'victim', 'actor');
";

/// The most incidents active in the window an item is compared with: the most recently active
/// ones. Without a bound, a burst of reports makes every new item read every incident.
const MAX_NEARBY: i64 = 50;
/// The most items naming one of an item's keys that are looked at to find the incidents
/// sharing it, latest first.
const MAX_KEY_ITEMS: i64 = 200;
/// The most items of one incident an item is compared with: its latest ones. A long story is
/// well described by them, and reading all of it for every new report made a busy day slow.
const MAX_MEMBERS: i64 = 5;

/// The incidents `item` may join: the most recently active of those within `window` of its
/// time, and those within `strong` whose latest items share a CVE, victim or actor with it;
/// each with its latest items stored before it.
fn candidates(
    tx: &Connection,
    item: &Member,
    window: Duration,
    strong: Duration,
) -> rusqlite::Result<Vec<Candidate>> {
    let span = |d: Duration| chrono::Duration::from_std(d).unwrap_or(chrono::Duration::days(30));
    let (near, far) = (span(window), span(strong));
    let mut chosen: Vec<i64> = tx
        .prepare_cached(
            "SELECT id FROM incidents WHERE last_seen >= ?1 AND first_seen <= ?2
             ORDER BY last_seen DESC, id DESC LIMIT ?3",
        )?
        .query_map(
            params![iso(item.time - near), iso(item.time + near), MAX_NEARBY],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    let keys: BTreeSet<String> = item
        .entities
        .iter()
        .filter(|e| matches!(e.kind.as_str(), "cve" | "victim" | "actor"))
        .map(|e| e.value.to_lowercase())
        .collect();
    let mut sharing = tx.prepare_cached(
        "SELECT DISTINCT m.incident_id FROM (
             SELECT item_id FROM item_entities
             WHERE lower(value) = ?1 AND kind IN ('cve', 'victim', 'actor')
             ORDER BY item_id DESC LIMIT ?4) k
         JOIN item_incidents m ON m.item_id = k.item_id
         JOIN incidents c ON c.id = m.incident_id
         WHERE c.last_seen >= ?2 AND c.first_seen <= ?3",
    )?;
    for key in &keys {
        let found = sharing.query_map(
            params![
                key,
                iso(item.time - far),
                iso(item.time + far),
                MAX_KEY_ITEMS
            ],
            |r| r.get(0),
        )?;
        for id in found {
            chosen.push(id?);
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    let mut members = tx.prepare_cached(
        "SELECT m.item_id, m.title, m.summary, m.time,
             (SELECT json_group_array(json_array(kind, value, evidence))
                FROM item_entities e WHERE e.item_id = m.item_id)
         FROM item_incidents m
         WHERE m.incident_id = ?1 AND m.item_id < ?2
         ORDER BY m.item_id DESC LIMIT ?3",
    )?;
    let mut out: Vec<Candidate> = Vec::with_capacity(chosen.len());
    for id in chosen {
        let mut latest: Vec<Member> = members
            .query_map(params![id, item.item_id, MAX_MEMBERS], |r| {
                let time: String = r.get(3)?;
                let entities: String = r.get(4)?;
                Ok(Member {
                    item_id: r.get(0)?,
                    title: r.get(1)?,
                    summary: r.get(2)?,
                    time: parse_iso(Some(&time)).unwrap_or_else(Utc::now),
                    entities: json_entities(&entities),
                })
            })?
            .collect::<Result<_, _>>()?;
        if latest.is_empty() {
            continue;
        }
        latest.reverse();
        out.push(Candidate {
            id,
            members: latest,
        });
    }
    Ok(out)
}

/// Entities stored as a JSON array of `[kind, value, evidence]`.
fn json_entities(text: &str) -> Vec<Entity> {
    let entities: Vec<(String, String, String)> = serde_json::from_str(text).unwrap_or_default();
    entities
        .into_iter()
        .map(|(kind, value, evidence)| Entity {
            kind,
            value,
            evidence,
        })
        .collect()
}

fn read_entities(conn: &Connection, item: i64) -> rusqlite::Result<Vec<Entity>> {
    conn.prepare_cached(
        "SELECT kind, value, evidence FROM item_entities WHERE item_id = ?1 ORDER BY kind, value",
    )?
    .query_map([item], |r| {
        Ok(Entity {
            kind: r.get(0)?,
            value: r.get(1)?,
            evidence: r.get(2)?,
        })
    })?
    .collect()
}

/// How many of an incident's latest items its victim, actor and category are read from.
const SUMMARY_ITEMS: i64 = 200;

/// Brings incident `id`'s summary columns up to date after item `item` (of `time`) joined it:
/// counts and times exactly, and the victim, actor and category its latest items name most.
/// The new item's outlets are looked for among the incident's items (CROSS JOIN keeps SQLite
/// from walking a whole feed instead), and the names are read from a bounded part of it.
fn refresh(tx: &Connection, id: i64, item: i64, time: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE incidents SET
            item_count = (SELECT count(*) FROM item_incidents WHERE incident_id = ?1),
            feed_count = feed_count + (SELECT count(*) FROM item_feeds x WHERE x.item_id = ?2
                AND NOT EXISTS (SELECT 1 FROM item_incidents m CROSS JOIN item_feeds y
                    ON y.item_id = m.item_id AND y.feed_id = x.feed_id
                    WHERE m.incident_id = ?1 AND m.item_id != ?2)),
            first_seen = min(first_seen, ?3),
            last_seen = max(last_seen, ?3)
         WHERE id = ?1",
    )?
    .execute(params![id, item, time])?;
    tx.prepare_cached(
        "UPDATE incidents SET
            victim = (SELECT e.value FROM item_entities e
                        WHERE e.item_id IN (SELECT item_id FROM item_incidents
                            WHERE incident_id = ?1 ORDER BY item_id DESC LIMIT ?2)
                        AND e.kind IN ('victim', 'product')
                        GROUP BY lower(e.value)
                        ORDER BY e.kind = 'victim' DESC, count(*) DESC, min(e.item_id) LIMIT 1),
            actor = (SELECT e.value FROM item_entities e
                        WHERE e.item_id IN (SELECT item_id FROM item_incidents
                            WHERE incident_id = ?1 ORDER BY item_id DESC LIMIT ?2)
                        AND e.kind = 'actor'
                        GROUP BY lower(e.value) ORDER BY count(*) DESC, min(e.item_id) LIMIT 1),
            category = (SELECT substr(t.tag, 13) FROM item_tags t
                        WHERE t.item_id IN (SELECT item_id FROM item_incidents
                            WHERE incident_id = ?1 ORDER BY item_id DESC LIMIT ?2)
                        AND t.tag LIKE 'cyberattack:%'
                        GROUP BY t.tag ORDER BY count(*) DESC, min(t.item_id) LIMIT 1)
         WHERE id = ?1",
    )?
    .execute(params![id, SUMMARY_ITEMS])?;
    Ok(())
}

/// The rebuild inside the caller's transaction: forget every incident, assign every item again
/// in storage order, then give each new incident the id of the old one it shares most items
/// with.
fn rebuild(
    tx: &Connection,
    rules: &dyn IncidentRules,
    progress: &mut dyn FnMut(usize),
) -> rusqlite::Result<RebuildCounts> {
    // Renumbering moves incident ids under their items: references are checked at commit.
    tx.execute_batch(
        "PRAGMA defer_foreign_keys = ON;
         CREATE TEMP TABLE old_membership AS SELECT item_id, incident_id FROM item_incidents;
         DELETE FROM item_incidents; DELETE FROM incidents; DELETE FROM item_entities;",
    )?;
    let old_max: i64 = tx.query_row(
        "SELECT COALESCE(max(incident_id), 0) FROM old_membership",
        [],
        |r| r.get(0),
    )?;
    let ids: Vec<i64> = tx
        .prepare(
            "SELECT DISTINCT item_id FROM item_tags WHERE tag = 'cyberattack' ORDER BY item_id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut counts = RebuildCounts::default();
    for chunk in ids.chunks(500) {
        for id in chunk {
            if assign(tx, rules, *id)? {
                counts.items += 1;
            }
        }
        progress(chunk.len());
    }
    counts.kept_ids = renumber(tx, old_max)?;
    let incidents: i64 = tx.query_row("SELECT count(*) FROM incidents", [], |r| r.get(0))?;
    counts.incidents = usize::try_from(incidents).unwrap_or_default();
    tx.execute_batch("DROP TABLE old_membership;")?;
    Ok(counts)
}

/// Gives each new incident the old id it shares most items with (largest overlaps first, each
/// old id used once); the others are numbered after the largest old id. Returns how many kept
/// an old id.
fn renumber(tx: &Connection, old_max: i64) -> rusqlite::Result<usize> {
    let overlaps: Vec<(i64, i64)> = tx
        .prepare(
            "SELECT m.incident_id, o.incident_id FROM item_incidents m
             JOIN old_membership o ON o.item_id = m.item_id
             GROUP BY m.incident_id, o.incident_id
             ORDER BY count(*) DESC, o.incident_id, m.incident_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut chosen: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    let mut used = std::collections::BTreeSet::new();
    for (new, old) in overlaps {
        if !chosen.contains_key(&new) && used.insert(old) {
            chosen.insert(new, old);
        }
    }
    let all: Vec<i64> = tx
        .prepare("SELECT id FROM incidents ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut next = old_max;
    let mut renumbered = Vec::with_capacity(all.len());
    for new in all {
        let id = match chosen.get(&new) {
            Some(old) => *old,
            None => {
                next += 1;
                next
            }
        };
        renumbered.push((new, id));
    }
    for (new, id) in &renumbered {
        tx.execute(
            "UPDATE incidents SET id = ?2 WHERE id = ?1",
            params![new, -id],
        )?;
        tx.execute(
            "UPDATE item_incidents SET incident_id = ?2 WHERE incident_id = ?1",
            params![new, -id],
        )?;
    }
    tx.execute("UPDATE incidents SET id = -id WHERE id < 0", [])?;
    tx.execute(
        "UPDATE item_incidents SET incident_id = -incident_id WHERE incident_id < 0",
        [],
    )?;
    Ok(chosen.len())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::incident::Matcher;
    use crate::store::{FeedEntry, FeedPass, Store};

    const VICTIMS: [&str; 3] = ["Acme Foods", "Globex", "Initech"];
    const CVES: [&str; 2] = ["CVE-2026-11111", "CVE-2026-22222"];

    /// One generated story: a victim or none, a CVE or none, a wording, a day.
    fn story(victim: usize, cve: usize, wording: usize) -> (String, String) {
        let cve = CVES
            .get(cve)
            .map_or(String::new(), |c| format!(" through {c}"));
        match (VICTIMS.get(victim), wording % 3) {
            (Some(v), 0) => (
                format!("{v} hit by ransomware attack{cve}"),
                format!("{v} said ransomware encrypted its servers."),
            ),
            (Some(v), 1) => (
                format!("Hackers breach {v} and steal data{cve}"),
                format!("{v} confirmed the breach."),
            ),
            (Some(v), _) => (
                format!("Cyberattack on {v} disrupts operations{cve}"),
                "Operations stopped.".to_string(),
            ),
            (None, 0) => (
                format!("Hackers exploit router flaw{cve} in attacks"),
                "Attackers hijack routers.".to_string(),
            ),
            (None, _) => (
                format!("Ransomware gang claims attack on hospital{cve}"),
                "Hospital systems were encrypted.".to_string(),
            ),
        }
    }

    fn stored_groups(store: &Store) -> Vec<(i64, i64)> {
        store
            .conn
            .prepare("SELECT incident_id, item_id FROM item_incidents ORDER BY item_id")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .expect("groups")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        #[test]
        fn the_rebuild_replays_the_live_assignment(
            stories in proptest::collection::vec((0..4usize, 0..3usize, 0..3usize, 0..12i64), 1..10)
        ) {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut store = Store::open(&dir.path().join("t.db")).expect("open");
            let feed = FeedEntry {
                url: "https://a.example/feed".into(),
                name: None,
                enabled: true,
                interval: std::time::Duration::from_secs(1800),
                own_interval: None,
            };
            store.sync_feeds(&[feed], chrono::Utc::now()).expect("sync");
            let feed_id = store.active_feeds().expect("feeds")[0].id;
            store.set_incident_rules(std::sync::Arc::new(Matcher::default()));
            let tagger = crate::tag::Tagger::builtin();
            let start = chrono::DateTime::parse_from_rfc3339("2026-07-01T00:00:00Z").expect("time");
            for (n, (victim, cve, wording, day)) in stories.iter().enumerate() {
                let (title, summary) = story(*victim, *cve, *wording);
                let date = (start + chrono::Duration::days(*day)).to_rfc2822();
                let doc = format!(
                    "<rss version=\"2.0\"><channel><title>t</title><item><title>{title}</title>\
                     <description>{summary}</description><guid>g{n}</guid><pubDate>{date}</pubDate>\
                     </item></channel></rss>"
                );
                let prepared = crate::pipeline::prepare(doc.as_bytes(), "https://a.example/feed", &tagger, 10)
                    .expect("valid feed");
                store
                    .commit_pass(&FeedPass::fetched(feed_id, chrono::Utc::now(), None, prepared.items))
                    .expect("commit");
            }
            let live = stored_groups(&store);
            store.rebuild_incidents(&Matcher::default(), &mut |_| {}).expect("rebuild");
            prop_assert_eq!(stored_groups(&store), live);
        }
    }
}
