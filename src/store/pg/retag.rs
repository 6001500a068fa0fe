//! Re-tagging every item of a PostgreSQL database in one transaction, as on SQLite: the
//! database reads the text and writes the tags, and queues the deliveries the changed items
//! call for; what the tags are is the caller's to say.

use super::{Pg, PgError};
use crate::store::retag::{RetagCounts, tally};
use crate::tag::TagHit;

/// Items read and re-tagged at a time, inside the one transaction.
const CHUNK: i64 = 2000;

impl Pg {
    /// Gives every stored item the tags `tag` returns for its plain title, summary and
    /// content, in one transaction; `progress` hears how many items each chunk held.
    pub async fn retag(
        &mut self,
        tag: &mut dyn FnMut(&str, &str, &str) -> Vec<TagHit>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<RetagCounts, PgError> {
        let shown = self.shown.clone();
        let failed = |e: tokio_postgres::Error| PgError::Statement {
            server: shown.clone(),
            message: format!("retagging: {}", super::describe(&e)),
        };
        let tx = self.client.transaction().await.map_err(failed)?;
        let mut counts = RetagCounts::default();
        let mut after = 0i64;
        let mut retagged = Vec::new();
        loop {
            let rows = tx
                .query(
                    "SELECT i.id, i.plain_title, i.plain_summary, i.plain_content,
                        ARRAY(SELECT tag FROM item_tags t WHERE t.item_id = i.id ORDER BY tag),
                        ARRAY(SELECT evidence FROM item_tags t WHERE t.item_id = i.id ORDER BY tag)
                     FROM items i WHERE i.id > $1 ORDER BY i.id LIMIT $2",
                    &[&after, &CHUNK],
                )
                .await
                .map_err(failed)?;
            let Some(last) = rows.last() else { break };
            after = last.try_get(0).map_err(failed)?;
            let (mut ids, mut names, mut evidence, mut changed) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for row in &rows {
                let id: i64 = row.try_get(0).map_err(failed)?;
                let text: [String; 3] = [
                    row.try_get(1).map_err(failed)?,
                    row.try_get(2).map_err(failed)?,
                    row.try_get(3).map_err(failed)?,
                ];
                let tags: Vec<String> = row.try_get(4).map_err(failed)?;
                let evidences: Vec<String> = row.try_get(5).map_err(failed)?;
                let before: Vec<TagHit> = tags
                    .into_iter()
                    .zip(evidences)
                    .map(|(tag, evidence)| TagHit { tag, evidence })
                    .collect();
                let now = tag(&text[0], &text[1], &text[2]);
                tally(&before, &now, &mut counts);
                if before != now {
                    changed.push(id);
                    for hit in now {
                        ids.push(id);
                        names.push(hit.tag);
                        evidence.push(hit.evidence);
                    }
                }
                counts.items += 1;
            }
            tx.execute("DELETE FROM item_tags WHERE item_id = ANY($1)", &[&changed])
                .await
                .map_err(failed)?;
            tx.execute(
                "INSERT INTO item_tags (item_id, tag, evidence)
                 SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])",
                &[&ids, &names, &evidence],
            )
            .await
            .map_err(failed)?;
            retagged.extend(changed);
            progress(rows.len());
        }
        super::outbox::enqueue(&tx, &self.notify_rules, &retagged, chrono::Utc::now())
            .await
            .map_err(failed)?;
        tx.commit().await.map_err(failed)?;
        Ok(counts)
    }
}
