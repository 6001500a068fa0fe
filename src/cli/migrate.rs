//! `migrate --to postgres://…`: copies the SQLite database into PostgreSQL, table by table and
//! a range of ids at a time, each range in one transaction, then assigns incidents there from
//! the copied items. Run again, it adds and updates only what changed, so an interrupted copy
//! is finished by running it once more.

use std::io::{self, Write};
use std::path::Path;

use super::commands::Failure;
use super::progress::Progress;
use crate::config::Config;
use crate::incident::Matcher;
use crate::store::pg::{Copied, Server};
use crate::store::transfer::TABLES;
use crate::store::{RebuildCounts, Store};

/// How many ids of a table's range one transaction copies.
const IDS_PER_PAGE: i64 = 1_000;

/// Copies the configured SQLite database into the PostgreSQL database at `url` and prints, per
/// table, the rows copied, added and removed, and the rows PostgreSQL then holds.
pub(super) fn migrate(
    config: &Config,
    from: Option<&Path>,
    url: &str,
    password_file: Option<&Path>,
    bars: bool,
) -> Result<(), Failure> {
    let Some(from) = from.or(config.sqlite().map(|(path, _)| path)) else {
        return Err(Failure::config(
            "[storage] database is PostgreSQL: name the SQLite file to copy with --from FILE",
        ));
    };
    let server = super::commands::parse_server(url, password_file)?;
    let store = Store::open_read_only(from).map_err(Failure::runtime)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::runtime(format!("cannot start the runtime: {e}")))?;
    let (report, incidents) = runtime.block_on(copy_all(&store, &server, config, bars))?;
    let mut out = io::stdout().lock();
    writeln!(out, "copied {} into {}", from.display(), server.shown())?;
    writeln!(
        out,
        "{:<11} {:>9} {:>9} {:>9} {:>10}",
        "table", "copied", "new", "removed", "postgres"
    )?;
    for (name, copied, total) in report {
        writeln!(
            out,
            "{name:<11} {:>9} {:>9} {:>9} {total:>10}",
            copied.rows, copied.added, copied.removed
        )?;
    }
    writeln!(
        out,
        "incidents: {} items in {} incidents",
        incidents.items, incidents.incidents
    )?;
    Ok(())
}

/// Copies every table in order, then assigns incidents; returns each table's name, what was
/// copied, and its row count in PostgreSQL afterwards, and what the assignment made.
async fn copy_all(
    store: &Store,
    server: &Server,
    config: &Config,
    bars: bool,
) -> Result<(Vec<(&'static str, Copied, i64)>, RebuildCounts), Failure> {
    let mut pg = server.open().await.map_err(Failure::runtime)?;
    let ends = TABLES
        .iter()
        .map(|table| store.range_end(table))
        .collect::<Result<Vec<_>, _>>()?;
    let progress = Progress::start(ends.iter().map(|&e| e.max(0) as u64).sum(), "ids", bars);
    let mut report = Vec::with_capacity(TABLES.len());
    for (table, end) in TABLES.iter().zip(ends) {
        progress.note(format!("· {}", table.name));
        let mut sum = Copied::default();
        let mut after = 0;
        while after < end {
            let upto = after.saturating_add(IDS_PER_PAGE).min(end);
            let rows = store.table_rows(table, after, upto)?;
            let copied = pg
                .copy_rows(table, after, upto, &rows)
                .await
                .map_err(Failure::runtime)?;
            sum.rows += copied.rows;
            sum.added += copied.added;
            sum.removed += copied.removed;
            progress.advance((upto - after) as u64);
            after = upto;
        }
        let total = pg.row_count(table).await.map_err(Failure::runtime)?;
        report.push((table.name, sum, total));
    }
    pg.advance_ids().await.map_err(Failure::runtime)?;
    drop(progress);
    // Incidents follow from the tagged items: they are assigned again rather than copied, in
    // id order as a rebuild does, so that a copy run again agrees with what it copied.
    let tagged = store.tagged_count("cyberattack")?;
    let progress = Progress::start(tagged.max(0) as u64, "items", bars);
    progress.note("· incidents".to_string());
    let rebuilt = pg
        .rebuild_incidents(&Matcher::from(config.incidents), &mut |done| {
            progress.advance(done as u64)
        })
        .await
        .map_err(Failure::runtime)?;
    Ok((report, rebuilt))
}
