//! Re-tagging every stored item in one transaction, after the rules changed. The store reads
//! the text and writes the tags; what the tags are is the caller's to say.

use rusqlite::params;

use super::{Store, StoreError, sql_failure};
use crate::tag::TagHit;

/// Items are read and re-tagged this many at a time, inside the one transaction.
const CHUNK: i64 = 2000;

/// What a re-tag changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RetagCounts {
    /// Items looked at.
    pub items: usize,
    /// Tags given that the item did not have.
    pub added: usize,
    /// Tags the item had and no longer has.
    pub removed: usize,
    /// Tags kept whose evidence changed.
    pub evidence_changed: usize,
}

impl Store {
    /// Gives every stored item the tags `tag` returns for its plain title, summary and
    /// content, in one transaction: after a crash the database holds the old tags or the new
    /// ones, never a mix. `progress` hears how many items each chunk held. Items whose tags
    /// changed are queued for the notifiers whose rules they now meet, as a pass queues them.
    pub fn retag(
        &mut self,
        tag: &mut dyn FnMut(&str, &str, &str) -> Vec<TagHit>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<RetagCounts, StoreError> {
        let sql = sql_failure(&self.path);
        let tx = self.conn.transaction().map_err(sql)?;
        let mut counts = RetagCounts::default();
        let mut changed = Vec::new();
        let mut after = 0i64;
        loop {
            let chunk: Vec<(i64, String, String, String)> = tx
                .prepare_cached(
                    "SELECT id, plain_title, plain_summary, plain_content FROM items
                     WHERE id > ?1 ORDER BY id LIMIT ?2",
                )
                .and_then(|mut stmt| {
                    stmt.query_map(params![after, CHUNK], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?
                    .collect()
                })
                .map_err(sql)?;
            let Some(last) = chunk.last() else { break };
            after = last.0;
            for (id, title, summary, content) in &chunk {
                let now = tag(title, summary, content);
                let before: Vec<TagHit> = tx
                    .prepare_cached(
                        "SELECT tag, evidence FROM item_tags WHERE item_id = ?1 ORDER BY tag",
                    )
                    .and_then(|mut stmt| {
                        stmt.query_map([id], |r| {
                            Ok(TagHit {
                                tag: r.get(0)?,
                                evidence: r.get(1)?,
                            })
                        })?
                        .collect()
                    })
                    .map_err(sql)?;
                tally(&before, &now, &mut counts);
                if before != now {
                    tx.prepare_cached("DELETE FROM item_tags WHERE item_id = ?1")
                        .and_then(|mut stmt| stmt.execute([id]))
                        .map_err(sql)?;
                    tx.prepare_cached(super::write::TAG_INSERT)
                        .and_then(|mut insert| super::write::insert_tags(&mut insert, *id, &now))
                        .map_err(sql)?;
                    changed.push(*id);
                }
                counts.items += 1;
            }
            progress(chunk.len());
        }
        super::outbox::enqueue(&tx, &self.notify_rules, &changed, chrono::Utc::now())
            .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(counts)
    }
}

/// Adds the difference between an item's old and new tags to `counts`.
pub(super) fn tally(before: &[TagHit], now: &[TagHit], counts: &mut RetagCounts) {
    for hit in now {
        match before.iter().find(|b| b.tag == hit.tag) {
            None => counts.added += 1,
            Some(old) if old.evidence != hit.evidence => counts.evidence_changed += 1,
            Some(_) => {}
        }
    }
    counts.removed += before
        .iter()
        .filter(|b| !now.iter().any(|n| n.tag == b.tag))
        .count();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(tag: &str, evidence: &str) -> TagHit {
        TagHit {
            tag: tag.into(),
            evidence: evidence.into(),
        }
    }

    #[test]
    fn tally_counts_added_removed_and_changed_evidence() {
        let mut counts = RetagCounts::default();
        tally(
            &[hit("a", "x"), hit("b", "y"), hit("c", "z")],
            &[hit("a", "x"), hit("b", "other"), hit("d", "w")],
            &mut counts,
        );
        assert_eq!(
            (counts.added, counts.removed, counts.evidence_changed),
            (1, 1, 1)
        );
    }
}
