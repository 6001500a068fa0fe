//! `export`: the selected items as an Atom feed, a JSON Feed or CSV on standard output.

use std::io::{self, Write};

use chrono::Utc;

use super::commands::Failure;
use super::output::print_csv;
use super::progress::Progress;
use super::{ExportFormat, Filters};
use crate::config::Config;
use crate::export::{ExportMeta, atom, json_feed};
use crate::store::{ItemQuery, iso};

/// Writes the items `query` selects in `format`.
pub(super) fn export(
    config: &Config,
    filters: &Filters,
    query: &ItemQuery,
    format: ExportFormat,
    bars: bool,
) -> Result<(), Failure> {
    let store = super::commands::open_reading(config)?;
    let query = super::resolve::filters(&store, &config.tagger, query.clone())?;
    let rows = store.items(&query)?;
    let progress = Progress::start(rows.len() as u64, "items", bars);
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        // A row deleted since the listing is skipped.
        if let Some(detail) = store.item_detail(row.id)? {
            items.push(detail);
        }
        progress.advance(1);
    }
    drop(progress);
    let meta = ExportMeta::for_selection(
        query.tag.as_deref(),
        query.feed.as_deref(),
        filters.search.as_deref(),
    );
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ExportFormat::Atom => atom::write(&mut out, &meta, &items, &iso(Utc::now()))?,
        ExportFormat::Json => json_feed::write(&mut out, &meta, &items)?,
        ExportFormat::Csv => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|item| {
                    vec![
                        item.id.to_string(),
                        item.published.clone(),
                        item.feed_names(),
                        item.title.clone(),
                        item.link.clone().unwrap_or_default(),
                        item.tag_names(),
                        item.tag_evidence(),
                    ]
                })
                .collect();
            print_csv(
                &mut out,
                &[
                    "id",
                    "published",
                    "feeds",
                    "title",
                    "link",
                    "tags",
                    "evidence",
                ],
                &rows,
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `export --incidents`: the incidents active since `--since` as an Atom feed.
pub(super) fn export_incidents(
    config: &Config,
    filters: &Filters,
    format: ExportFormat,
) -> Result<(), Failure> {
    if format != ExportFormat::Atom {
        return Err(Failure::config(
            "export --incidents writes Atom; for JSON or CSV use `feedsentry incidents --format json|csv`",
        ));
    }
    if filters.search.is_some() || filters.tag.is_some() || filters.feed.is_some() {
        return Err(Failure::config(
            "export --incidents takes --since only: incidents are all tagged cyberattack",
        ));
    }
    let since = filters
        .since
        .as_deref()
        .map(super::commands::parse_since)
        .transpose()?;
    let store = super::commands::open_reading(config)?;
    let rows = store.incidents(&crate::store::IncidentQuery {
        since,
        ..crate::store::IncidentQuery::default()
    })?;
    let mut incidents = Vec::with_capacity(rows.len());
    for row in rows.into_iter().take(filters.limit.unwrap_or(usize::MAX)) {
        let items = store.incident_items(row.id)?;
        incidents.push((row, items));
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    atom::write_incidents(&mut out, &incidents, &iso(Utc::now()))?;
    out.flush()?;
    Ok(())
}
