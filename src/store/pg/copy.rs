//! Writing the rows [`crate::store::transfer`] reads from SQLite: upserts by primary key, so
//! that `migrate --to` can be run again and only adds or updates what changed.

use chrono::{DateTime, Utc};
use tokio_postgres::types::ToSql;

use super::{Pg, PgError};
use crate::store::parse_iso;
use crate::store::transfer::{Cell, Kind, Table};

/// PostgreSQL takes at most 65,535 parameters in one statement.
const MAX_PARAMETERS: usize = 60_000;

/// What one page of a table did to the PostgreSQL copy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Copied {
    /// Rows written (added or updated).
    pub rows: u64,
    /// Of those, rows that were not there before.
    pub added: u64,
    /// Rows of the page's range that SQLite no longer has (tags a retag removed).
    pub removed: u64,
}

type Param = Box<dyn ToSql + Sync + Send>;

impl Pg {
    /// Writes `rows` of `table` (those SQLite has in `(after, upto]` of its range column) in one
    /// transaction; tags in that range that SQLite no longer has are removed.
    pub async fn copy_rows(
        &mut self,
        table: &Table,
        after: i64,
        upto: i64,
        rows: &[Vec<Cell>],
    ) -> Result<Copied, PgError> {
        let mut copied = Copied::default();
        let shown = self.shown.clone();
        let failed = move |error: tokio_postgres::Error| PgError::Statement {
            server: shown.clone(),
            message: format!("copying {}: {}", table.name, super::describe(&error)),
        };
        let tx = self.client.transaction().await.map_err(failed.clone())?;
        let per_statement = (MAX_PARAMETERS / table.columns.len()).max(1);
        for chunk in rows.chunks(per_statement) {
            let params = chunk
                .iter()
                .map(|row| params(table, row))
                .collect::<Result<Vec<_>, _>>()?;
            let refs: Vec<&(dyn ToSql + Sync)> = params
                .iter()
                .flatten()
                .map(|p| p.as_ref() as &(dyn ToSql + Sync))
                .collect();
            let inserted = tx
                .query(&upsert_sql(table, chunk.len()), &refs)
                .await
                .map_err(failed.clone())?;
            copied.rows += inserted.len() as u64;
            copied.added += inserted
                .iter()
                .filter(|row| row.try_get::<_, bool>(0).unwrap_or(false))
                .count() as u64;
        }
        if table.name == "item_tags" {
            copied.removed = remove_stale_tags(&tx, after, upto, rows)
                .await
                .map_err(failed.clone())?;
        }
        tx.commit().await.map_err(failed)?;
        Ok(copied)
    }

    /// Sets the id sequences past the copied ids, so that rows added later get new ones.
    pub async fn advance_ids(&self) -> Result<(), PgError> {
        self.client
            .batch_execute(
                "SELECT setval(pg_get_serial_sequence('feeds', 'id'),
                               GREATEST((SELECT max(id) FROM feeds), 1));
                 SELECT setval(pg_get_serial_sequence('items', 'id'),
                               GREATEST((SELECT max(id) FROM items), 1));",
            )
            .await
            .map_err(|e| self.failure(e))
    }

    /// How many rows `table` holds.
    pub async fn row_count(&self, table: &Table) -> Result<i64, PgError> {
        let row = self
            .client
            .query_one(&format!("SELECT count(*) FROM {}", table.name), &[])
            .await
            .map_err(|e| self.failure(e))?;
        row.try_get(0).map_err(|e| self.failure(e))
    }
}

/// `INSERT … ON CONFLICT (key) DO UPDATE` for `rows` rows, returning whether each was new
/// (`xmax` is 0 only for a row this statement inserted).
fn upsert_sql(table: &Table, rows: usize) -> String {
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let width = names.len();
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", cells.join(", "))
        })
        .collect();
    let updates: Vec<String> = names
        .iter()
        .filter(|name| !table.key.contains(name))
        .map(|name| format!("{name} = EXCLUDED.{name}"))
        .collect();
    format!(
        "INSERT INTO {} ({}) VALUES {} ON CONFLICT ({}) DO UPDATE SET {} RETURNING (xmax = 0)",
        table.name,
        names.join(", "),
        values.join(", "),
        table.key.join(", "),
        updates.join(", "),
    )
}

/// Deletes the tags of items in `(after, upto]` that are not among `rows`; returns how many.
async fn remove_stale_tags(
    tx: &tokio_postgres::Transaction<'_>,
    after: i64,
    upto: i64,
    rows: &[Vec<Cell>],
) -> Result<u64, tokio_postgres::Error> {
    let (mut ids, mut tags) = (
        Vec::with_capacity(rows.len()),
        Vec::with_capacity(rows.len()),
    );
    for row in rows {
        if let [Cell::Int(id), Cell::Text(tag), ..] = row.as_slice() {
            ids.push(*id);
            tags.push(tag.as_str());
        }
    }
    tx.execute(
        "DELETE FROM item_tags WHERE item_id > $1 AND item_id <= $2
             AND (item_id, tag) NOT IN (SELECT * FROM unnest($3::bigint[], $4::text[]))",
        &[&after, &upto, &ids, &tags],
    )
    .await
}

/// The row's cells typed for their columns.
fn params(table: &Table, row: &[Cell]) -> Result<Vec<Param>, PgError> {
    let id = match row
        .iter()
        .zip(table.columns)
        .find(|(_, (name, _))| *name == table.range)
    {
        Some((Cell::Int(id), _)) => *id,
        _ => 0,
    };
    row.iter()
        .zip(table.columns)
        .map(|(cell, (column, kind))| {
            param(*kind, cell).map_err(|reason| PgError::BadCell {
                table: table.name,
                column,
                range: table.range,
                id,
                reason,
            })
        })
        .collect()
}

/// One cell as its column's type; NULL stays NULL.
fn param(kind: Kind, cell: &Cell) -> Result<Param, String> {
    Ok(match (kind, cell) {
        (Kind::Int, Cell::Null) => Box::new(None::<i64>),
        (Kind::Int, Cell::Int(n)) => Box::new(*n),
        (Kind::Bool, Cell::Null) => Box::new(None::<bool>),
        (Kind::Bool, Cell::Int(n)) => Box::new(*n != 0),
        (Kind::Text, Cell::Null) => Box::new(None::<String>),
        (Kind::Text, Cell::Text(t)) => Box::new(t.clone()),
        (Kind::Time, Cell::Null) => Box::new(None::<DateTime<Utc>>),
        (Kind::Time, Cell::Text(t)) => {
            Box::new(parse_iso(Some(t)).ok_or_else(|| format!("{t:?} is not an ISO-8601 time"))?)
        }
        (Kind::Bytes, Cell::Null) => Box::new(None::<Vec<u8>>),
        (Kind::Bytes, Cell::Bytes(b)) => Box::new(b.clone()),
        (kind, cell) => return Err(format!("{cell:?} where a {kind:?} was expected")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::transfer::TABLES;

    #[test]
    fn an_upsert_numbers_its_parameters_row_by_row() {
        let sql = upsert_sql(&TABLES[4], 2);
        assert!(sql.contains("VALUES ($1, $2, $3), ($4, $5, $6)"), "{sql}");
        assert!(
            sql.contains("ON CONFLICT (item_id, tag) DO UPDATE SET evidence = EXCLUDED.evidence"),
            "{sql}"
        );
    }

    #[test]
    fn a_cell_that_does_not_fit_names_its_row() {
        let row = vec![Cell::Int(9), Cell::Text("cyberattack".into()), Cell::Int(3)];
        let err = params(&TABLES[4], &row).expect_err("evidence must be text");
        let text = err.to_string();
        assert!(
            text.contains("item_tags.evidence") && text.contains("item_id 9"),
            "{text}"
        );
        assert!(param(Kind::Time, &Cell::Text("yesterday".into())).is_err());
        assert!(param(Kind::Time, &Cell::Null).is_ok());
    }
}
