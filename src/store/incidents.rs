//! Incidents: the items tagged `cyberattack` grouped by the attack they report, with the
//! entities each names. Assignment happens inside the transaction that stores an item, in the
//! order items are stored; [`Store::rebuild_incidents`] replays the very same assignment over
//! every stored item in that order. What an item names and which incident it joins is for the
//! caller's [`IncidentRules`] to say; the store only keeps the rows.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use rustc_hash::FxHashMap;

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

/// An incident an item may join, with its latest items.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'m> {
    /// Row id.
    pub id: i64,
    /// Its latest items, oldest first.
    pub members: &'m [Member],
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

/// The rules a writing store assigns incidents by, and the latest items of the incidents it
/// matched lately: finding candidates would otherwise read them again for every item.
pub(super) struct Assigner {
    pub(super) rules: Arc<dyn IncidentRules>,
    pub(super) recent: Recent,
}

impl Assigner {
    /// An assigner by `rules` that has read nothing yet.
    pub(super) fn new(rules: Arc<dyn IncidentRules>) -> Assigner {
        Assigner {
            rules,
            recent: Recent::default(),
        }
    }
}

impl Assigner {
    /// Forgets what it read: after a transaction that did not commit, the database no longer
    /// holds it.
    pub(super) fn forget(&mut self) {
        self.recent = Recent::default();
    }
}

/// Why the first item of an incident has it.
pub(super) const NEW_REASON: &str = "new: no incident nearby shares its keys or its story";

/// The latest items (up to [`MAX_MEMBERS`], oldest first) of incidents, as the current
/// transaction sees them.
#[derive(Default)]
pub(super) struct Recent {
    /// By incident: how many items it had, and its latest ones.
    latest: FxHashMap<i64, (i64, Vec<Member>)>,
    bytes: usize,
}

/// The most text [`Recent`] holds before it starts again.
const RECENT_BYTES: usize = 1 << 20;

impl Recent {
    fn size(member: &Member) -> usize {
        let entities: usize = member
            .entities
            .iter()
            .map(|e| e.kind.len() + e.value.len() + e.evidence.len())
            .sum();
        member.title.len() + member.summary.len() + entities + 128
    }

    /// Whether it holds the latest items of `incident` as it stands with `count` items: another
    /// process writing the same database may have added some since.
    pub(super) fn knows(&self, incident: i64, count: i64) -> bool {
        self.latest
            .get(&incident)
            .is_some_and(|(known, _)| *known == count)
    }

    /// The incident among `chosen` (whose latest items it holds) that `item` joins, if any.
    pub(super) fn decide(
        &self,
        rules: &dyn IncidentRules,
        item: &Member,
        chosen: &[i64],
    ) -> Option<Join> {
        let candidates: Vec<Candidate> = chosen
            .iter()
            .filter_map(|id| {
                let (_, members) = self.latest.get(id)?;
                (!members.is_empty()).then_some(Candidate { id: *id, members })
            })
            .collect();
        rules.decide(item, &candidates)
    }

    /// Keeps the latest items of `incident`, which has `count` items.
    pub(super) fn keep(&mut self, incident: i64, count: i64, members: Vec<Member>) {
        if self.bytes > RECENT_BYTES {
            *self = Recent::default();
        }
        self.bytes += members.iter().map(Recent::size).sum::<usize>();
        self.latest.insert(incident, (count, members));
    }

    /// Records that `member` joined `incident` (a new one when `new`).
    pub(super) fn joined(&mut self, incident: i64, member: Member, new: bool) {
        if new {
            self.keep(incident, 1, vec![member]);
        } else if let Some((count, members)) = self.latest.get_mut(&incident) {
            *count += 1;
            self.bytes += Recent::size(&member);
            members.push(member);
            if members.len() > MAX_MEMBERS as usize {
                let gone = members.remove(0);
                self.bytes = self.bytes.saturating_sub(Recent::size(&gone));
            }
        }
    }
}

impl Store {
    /// Sets the rules that passes assign incidents by; without them, no incident is made.
    pub fn set_incident_rules(&mut self, rules: Arc<dyn IncidentRules>) {
        self.incidents = Some(Assigner::new(rules));
    }

    /// Assigns every item tagged `cyberattack` again, in the order they were stored, in one
    /// transaction. An incident keeps its id when it shares most of its items with an old one.
    pub fn rebuild_incidents(
        &mut self,
        rules: &dyn IncidentRules,
        progress: &mut dyn FnMut(usize),
    ) -> Result<RebuildCounts, StoreError> {
        // Incidents get new ids: what the passes' assigner read is gone whatever happens.
        if let Some(assigner) = &mut self.incidents {
            assigner.forget();
        }
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
    assigner: &mut Assigner,
    new: &[i64],
) -> rusqlite::Result<()> {
    for id in new {
        assign(tx, &*assigner.rules, &mut assigner.recent, *id)?;
    }
    Ok(())
}

/// Gives item `id` its entities and its incident, when it is tagged `cyberattack` and reports
/// one incident.
fn assign(
    tx: &Connection,
    rules: &dyn IncidentRules,
    recent: &mut Recent,
    id: i64,
) -> rusqlite::Result<bool> {
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
    let chosen = candidates(tx, recent, &item, rules.window(), rules.strong_window())?;
    let decided = recent.decide(rules, &item, &chosen);
    let new = decided.is_none();
    let (incident, score, reason) = match decided {
        Some(join) => (join.incident, join.score, join.reason),
        None => {
            tx.prepare_cached(
                "INSERT INTO incidents (title, first_seen, last_seen, item_count, feed_count)
                 VALUES (?1, ?2, ?2, 0, 0)",
            )?
            .execute(params![item.title, iso(time)])?;
            (tx.last_insert_rowid(), 0.0, NEW_REASON.to_string())
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
    refresh(tx, incident, id, &item.entities, &iso(item.time))?;
    recent.joined(incident, item, new);
    Ok(true)
}

/// Migration 10: the key index also orders each key's items, so that matching reads only the
/// latest items that name a key instead of all of them.
pub(super) const KEY_ORDER_MIGRATION: &str = "
DROP INDEX item_entities_key;
CREATE INDEX item_entities_key ON item_entities(lower(value), item_id)
    WHERE kind IN ('cve', 'victim', 'actor');
";

/// Migration 11: what each incident's items name and where they appeared, kept up to date as
/// items join, so that neither a join nor the search for candidates reads an incident's items.
pub(super) const INCIDENT_NAMES_MIGRATION: &str = "
CREATE TABLE incident_names (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    kind        TEXT NOT NULL,    -- victim | actor | cve | product | category
    key         TEXT NOT NULL,    -- the value in lower case
    value       TEXT NOT NULL,    -- as its first item wrote it
    count       INTEGER NOT NULL, -- how many of its items name it
    first_item  INTEGER NOT NULL,
    last_item   INTEGER NOT NULL,
    PRIMARY KEY (incident_id, kind, key)
) WITHOUT ROWID;
CREATE INDEX incident_names_key ON incident_names(key, last_item)
    WHERE kind IN ('cve', 'victim', 'actor');

CREATE TABLE incident_feeds (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    feed_id     INTEGER NOT NULL,
    PRIMARY KEY (incident_id, feed_id)
) WITHOUT ROWID;

INSERT INTO incident_names
SELECT m.incident_id, e.kind, lower(e.value), e.value, count(*), min(e.item_id), max(e.item_id)
FROM item_incidents m JOIN item_entities e ON e.item_id = m.item_id
GROUP BY m.incident_id, e.kind, lower(e.value);
INSERT INTO incident_names
SELECT m.incident_id, 'category', substr(t.tag, 13), substr(t.tag, 13), count(*), min(t.item_id),
       max(t.item_id)
FROM item_incidents m JOIN item_tags t ON t.item_id = m.item_id
WHERE t.tag LIKE 'cyberattack:%'
GROUP BY m.incident_id, t.tag;
INSERT INTO incident_feeds
SELECT DISTINCT m.incident_id, x.feed_id
FROM item_incidents m JOIN item_feeds x ON x.item_id = m.item_id;
DROP INDEX item_entities_key;
";

/// The most incidents active in the window an item is compared with: the most recently active
/// ones. Without a bound, a burst of reports makes every new item read every incident.
pub(super) const MAX_NEARBY: i64 = 50;
/// The most incidents sharing one of an item's keys that it is compared with: those that named
/// it most recently.
pub(super) const MAX_KEY_INCIDENTS: i64 = 50;
/// The most items of one incident an item is compared with: its latest ones. A long story is
/// well described by them, and reading all of it for every new report made a busy day slow.
pub(super) const MAX_MEMBERS: i64 = 5;

/// The incidents `item` may join: the most recently active of those within `window` of its
/// time, and those within `strong` that name one of its CVEs, victims or actors. Their latest
/// items are read into `recent` when it lacks them.
fn candidates(
    tx: &Connection,
    recent: &mut Recent,
    item: &Member,
    window: Duration,
    strong: Duration,
) -> rusqlite::Result<Vec<i64>> {
    let span = |d: Duration| chrono::Duration::from_std(d).unwrap_or(chrono::Duration::days(30));
    let (near, far) = (span(window), span(strong));
    let mut chosen: Vec<(i64, i64)> = tx
        .prepare_cached(
            "SELECT id, item_count FROM incidents WHERE last_seen >= ?1 AND first_seen <= ?2
             ORDER BY last_seen DESC, id DESC LIMIT ?3",
        )?
        .query_map(
            params![iso(item.time - near), iso(item.time + near), MAX_NEARBY],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<Result<_, _>>()?;
    let keys = search_keys(item);
    let mut sharing = tx.prepare_cached(
        "SELECT c.id, c.item_count FROM incident_names k CROSS JOIN incidents c ON c.id = k.incident_id
         WHERE k.key = ?1 AND k.kind IN ('cve', 'victim', 'actor')
           AND c.last_seen >= ?2 AND c.first_seen <= ?3
         ORDER BY k.last_item DESC LIMIT ?4",
    )?;
    for key in &keys {
        let found = sharing.query_map(
            params![
                key,
                iso(item.time - far),
                iso(item.time + far),
                MAX_KEY_INCIDENTS
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
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
         WHERE m.incident_id = ?1
         ORDER BY m.item_id DESC LIMIT ?2",
    )?;
    for (id, count) in &chosen {
        if recent.knows(*id, *count) {
            continue;
        }
        let mut latest: Vec<Member> = members
            .query_map(params![id, MAX_MEMBERS], |r| {
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
        latest.reverse();
        recent.keep(*id, *count, latest);
    }
    Ok(chosen.into_iter().map(|(id, _)| id).collect())
}

/// The values of `item`'s CVEs, victims and actors in lower case: the keys its candidates are
/// found by in `incident_names`.
pub(super) fn search_keys(item: &Member) -> BTreeSet<String> {
    item.entities
        .iter()
        .filter(|e| matches!(e.kind.as_str(), "cve" | "victim" | "actor"))
        .map(|e| e.value.to_lowercase())
        .collect()
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

/// Brings incident `id`'s summary columns up to date after item `item` (of `time`) joined it:
/// first what the item names and where it appeared, then counts and times, and the victim,
/// actor and category its items name most (the first named wins a tie).
fn refresh(
    tx: &Connection,
    id: i64,
    item: i64,
    entities: &[Entity],
    time: &str,
) -> rusqlite::Result<()> {
    let mut name = tx.prepare_cached(
        "INSERT INTO incident_names (incident_id, kind, key, value, count, first_item, last_item)
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
         ON CONFLICT (incident_id, kind, key)
         DO UPDATE SET count = count + 1, last_item = max(last_item, excluded.last_item)",
    )?;
    for e in entities {
        name.execute(params![id, e.kind, e.value.to_lowercase(), e.value, item])?;
    }
    tx.prepare_cached(
        "INSERT INTO incident_names (incident_id, kind, key, value, count, first_item, last_item)
         SELECT ?1, 'category', substr(tag, 13), substr(tag, 13), 1, ?2, ?2 FROM item_tags
         WHERE item_id = ?2 AND tag LIKE 'cyberattack:%'
         ON CONFLICT (incident_id, kind, key)
         DO UPDATE SET count = count + 1, last_item = max(last_item, excluded.last_item)",
    )?
    .execute(params![id, item])?;
    let new_feeds = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO incident_feeds (incident_id, feed_id)
             SELECT ?1, feed_id FROM item_feeds WHERE item_id = ?2",
        )?
        .execute(params![id, item])?;
    tx.prepare_cached(
        "UPDATE incidents SET
            item_count = item_count + 1,
            feed_count = feed_count + ?3,
            first_seen = min(first_seen, ?2),
            last_seen = max(last_seen, ?2),
            victim = (SELECT value FROM incident_names WHERE incident_id = ?1
                        AND kind IN ('victim', 'product')
                        ORDER BY kind = 'victim' DESC, count DESC, first_item LIMIT 1),
            actor = (SELECT value FROM incident_names WHERE incident_id = ?1 AND kind = 'actor'
                        ORDER BY count DESC, first_item LIMIT 1),
            category = (SELECT value FROM incident_names WHERE incident_id = ?1
                        AND kind = 'category' ORDER BY count DESC, first_item LIMIT 1)
         WHERE id = ?1",
    )?
    .execute(params![id, time, new_feeds as i64])?;
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
         DELETE FROM item_incidents; DELETE FROM incident_names; DELETE FROM incident_feeds;
         DELETE FROM incidents; DELETE FROM item_entities;",
    )?;
    let old_max: i64 = tx.query_row(
        "SELECT COALESCE(max(incident_id), 0) FROM old_membership",
        [],
        |r| r.get(0),
    )?;
    let ids: Vec<i64> = tx
        .prepare(TAGGED_IDS)?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut counts = RebuildCounts::default();
    let mut recent = Recent::default();
    for chunk in ids.chunks(500) {
        for id in chunk {
            if assign(tx, rules, &mut recent, *id)? {
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

/// The tables whose rows belong to an incident.
pub(super) const INCIDENT_TABLES: [&str; 3] =
    ["item_incidents", "incident_names", "incident_feeds"];

/// The items a rebuild assigns, in the order it assigns them.
pub(super) const TAGGED_IDS: &str =
    "SELECT DISTINCT item_id FROM item_tags WHERE tag = 'cyberattack' ORDER BY item_id";

/// During a rebuild: how many items each new incident shares with each old one
/// (`old_membership`), as (new, old) pairs, the largest overlaps first.
pub(super) const OVERLAPS: &str = "SELECT m.incident_id, o.incident_id FROM item_incidents m
    JOIN old_membership o ON o.item_id = m.item_id
    GROUP BY m.incident_id, o.incident_id
    ORDER BY count(*) DESC, o.incident_id, m.incident_id";

/// The id each of `incidents` gets after a rebuild, as (incident, id) pairs: the old id it
/// shares most items with (`overlaps`, largest first; each old id used once), else the next
/// one after `old_max`. Also how many kept an old id.
pub(super) fn renumbering(
    overlaps: &[(i64, i64)],
    incidents: &[i64],
    old_max: i64,
) -> (Vec<(i64, i64)>, usize) {
    let mut chosen: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    let mut used = std::collections::BTreeSet::new();
    for &(new, old) in overlaps {
        if !chosen.contains_key(&new) && used.insert(old) {
            chosen.insert(new, old);
        }
    }
    let mut next = old_max;
    let renumbered = incidents
        .iter()
        .map(|new| {
            let id = chosen.get(new).copied().unwrap_or_else(|| {
                next += 1;
                next
            });
            (*new, id)
        })
        .collect();
    (renumbered, chosen.len())
}

/// Gives each new incident the old id it shares most items with (largest overlaps first, each
/// old id used once); the others are numbered after the largest old id. Returns how many kept
/// an old id.
fn renumber(tx: &Connection, old_max: i64) -> rusqlite::Result<usize> {
    let overlaps: Vec<(i64, i64)> = tx
        .prepare(OVERLAPS)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let all: Vec<i64> = tx
        .prepare("SELECT id FROM incidents ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let (renumbered, kept) = renumbering(&overlaps, &all, old_max);
    for (new, id) in &renumbered {
        tx.execute(
            "UPDATE incidents SET id = ?2 WHERE id = ?1",
            params![new, -id],
        )?;
        for table in INCIDENT_TABLES {
            tx.execute(
                &format!("UPDATE {table} SET incident_id = ?2 WHERE incident_id = ?1"),
                params![new, -id],
            )?;
        }
    }
    tx.execute("UPDATE incidents SET id = -id WHERE id < 0", [])?;
    for table in INCIDENT_TABLES {
        tx.execute(
            &format!("UPDATE {table} SET incident_id = -incident_id WHERE incident_id < 0"),
            [],
        )?;
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use std::sync::Arc;

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

    /// What the incidents' kept names and outlets are, and what reading their items says they
    /// are (the queries migration 11 fills them with).
    fn kept_and_read(store: &Store) -> [(Vec<String>, Vec<String>); 2] {
        let rows = |sql: &str| -> Vec<String> {
            store
                .conn
                .prepare(sql)
                .and_then(|mut s| {
                    s.query_map([], |r| {
                        (0..r.as_ref().column_count())
                            .map(|i| {
                                r.get::<_, rusqlite::types::Value>(i)
                                    .map(|v| format!("{v:?}"))
                            })
                            .collect::<Result<Vec<_>, _>>()
                            .map(|v| v.join("|"))
                    })?
                    .collect()
                })
                .expect(sql)
        };
        let names = "SELECT * FROM incident_names ORDER BY 1, 2, 3";
        let read_names = "SELECT * FROM (
            SELECT m.incident_id, e.kind, lower(e.value), e.value, count(*), min(e.item_id),
                   max(e.item_id)
            FROM item_incidents m JOIN item_entities e ON e.item_id = m.item_id
            GROUP BY m.incident_id, e.kind, lower(e.value)
            UNION ALL
            SELECT m.incident_id, 'category', substr(t.tag, 13), substr(t.tag, 13), count(*),
                   min(t.item_id), max(t.item_id)
            FROM item_incidents m JOIN item_tags t ON t.item_id = m.item_id
            WHERE t.tag LIKE 'cyberattack:%' GROUP BY m.incident_id, t.tag) ORDER BY 1, 2, 3";
        let counts = "SELECT id, item_count, feed_count FROM incidents ORDER BY id";
        let read_counts = "SELECT c.id,
            (SELECT count(*) FROM item_incidents m WHERE m.incident_id = c.id),
            (SELECT count(DISTINCT x.feed_id) FROM item_incidents m
               JOIN item_feeds x ON x.item_id = m.item_id WHERE m.incident_id = c.id)
            FROM incidents c ORDER BY c.id";
        [
            (rows(names), rows(read_names)),
            (rows(counts), rows(read_counts)),
        ]
    }

    /// A store with one feed and the incident matcher, and the feed's id.
    fn matching_store(dir: &std::path::Path) -> (Store, i64) {
        let mut store = Store::open(&dir.join("t.db")).expect("open");
        let feed = FeedEntry {
            url: "https://a.example/feed".into(),
            name: None,
            enabled: true,
            interval: std::time::Duration::from_secs(1800),
            own_interval: None,
        };
        store.sync_feeds(&[feed], chrono::Utc::now()).expect("sync");
        let feed_id = store.active_feeds().expect("feeds")[0].id;
        store.set_incident_rules(Arc::new(Matcher::default()));
        (store, feed_id)
    }

    /// A pass of feed `feed_id` with item `n`: the story of `story`'s parameters, on `day` of
    /// July 2026.
    fn story_pass(feed_id: i64, n: usize, story_of: (usize, usize, usize), day: i64) -> FeedPass {
        let (title, summary) = story(story_of.0, story_of.1, story_of.2);
        let start = chrono::DateTime::parse_from_rfc3339("2026-07-01T00:00:00Z").expect("time");
        let date = (start + chrono::Duration::days(day)).to_rfc2822();
        let doc = format!(
            "<rss version=\"2.0\"><channel><title>t</title><item><title>{title}</title>\
             <description>{summary}</description><guid>g{n}</guid><pubDate>{date}</pubDate>\
             </item></channel></rss>"
        );
        let tagger = crate::tag::Tagger::builtin();
        let prepared =
            crate::pipeline::prepare(doc.as_bytes(), "https://a.example/feed", &tagger, 10)
                .expect("valid feed");
        FeedPass::fetched(feed_id, chrono::Utc::now(), None, prepared.items)
    }

    #[test]
    fn migration_11_fills_the_names_and_outlets_that_joins_keep() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut store, feed_id) = matching_store(dir.path());
        for (n, day) in [0, 1, 2, 3, 4, 5].into_iter().enumerate() {
            let pass = story_pass(feed_id, n, (n % 2, n % 3, n), day);
            store.commit_pass(&pass).expect("commit");
        }
        let [kept, _] = kept_and_read(&store);
        assert!(!kept.0.is_empty(), "the stories name victims");
        store
            .conn
            .execute_batch(
                "DROP TABLE incident_names; DROP TABLE incident_feeds;
                 CREATE INDEX item_entities_key ON item_entities(lower(value), item_id)
                     WHERE kind IN ('cve', 'victim', 'actor');
                 PRAGMA user_version = 10;",
            )
            .expect("back to version 10");
        super::super::schema::migrate(&mut store.conn).expect("migrate");
        let [names, counts] = kept_and_read(&store);
        assert_eq!(names.0, kept.0);
        assert_eq!(counts.0, counts.1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// Also: a transaction that fails half-way (a pass of a feed that does not exist beside
        /// a good one) leaves nothing behind in what the next passes are matched against.
        #[test]
        fn the_rebuild_replays_the_live_assignment(
            stories in proptest::collection::vec((0..4usize, 0..3usize, 0..3usize, 0..12i64), 1..10),
            fail_at in 0..10usize,
        ) {
            let dir = tempfile::tempdir().expect("temp dir");
            let (mut store, feed_id) = matching_store(dir.path());
            for (n, (victim, cve, wording, day)) in stories.iter().enumerate() {
                let pass = story_pass(feed_id, n, (*victim, *cve, *wording), *day);
                if n == fail_at {
                    let orphan = FeedPass { feed_id: feed_id + 1000, ..pass.clone() };
                    let results = store.commit_passes(&[pass, orphan]);
                    prop_assert!(results[0].is_ok() && results[1].is_err());
                } else {
                    store.commit_pass(&pass).expect("commit");
                }
            }
            let [names, counts] = kept_and_read(&store);
            prop_assert_eq!(names.0, names.1);
            prop_assert_eq!(counts.0, counts.1);
            let live = stored_groups(&store);
            store.rebuild_incidents(&Matcher::default(), &mut |_| {}).expect("rebuild");
            prop_assert_eq!(stored_groups(&store), live);
            let [names, counts] = kept_and_read(&store);
            prop_assert_eq!(names.0, names.1);
            prop_assert_eq!(counts.0, counts.1);
        }
    }
}
