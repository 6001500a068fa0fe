//! `incidents` and `incident ID`: the attacks reported, one row each, with their victim, actor
//! and outlets; `incidents --rebuild` assigns every stored item again.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use super::commands::Failure;
use super::layout::{fit_columns, width};
use super::output::{Format, print_csv, print_json_lines, print_table, terminal_safe, truncate};
use super::progress::Progress;
use crate::config::Config;
use crate::incident::Matcher;
use crate::store::{Database, IncidentQuery};

/// `incidents`: one row per incident matching `query`, the most recently active first.
pub(super) fn list(config: &Config, query: &IncidentQuery, format: Format) -> Result<(), Failure> {
    let store = super::commands::open_reading(config)?;
    let rows = store.incidents(query)?;
    let mut out = io::stdout().lock();
    let cells = |r: &crate::store::IncidentRow| {
        vec![
            r.id.to_string(),
            r.first_seen.clone(),
            r.last_seen.clone(),
            r.items.to_string(),
            r.feeds.to_string(),
            r.category.clone().unwrap_or_default(),
            r.victim.clone().unwrap_or_default(),
            r.actor.clone().unwrap_or_default(),
            r.title.clone(),
        ]
    };
    match format {
        Format::Json => print_json_lines(&mut out, &rows)?,
        Format::Csv => {
            let rows: Vec<Vec<String>> = rows.iter().map(cells).collect();
            print_csv(
                &mut out,
                &[
                    "id",
                    "first_seen",
                    "last_seen",
                    "items",
                    "outlets",
                    "category",
                    "victim",
                    "actor",
                    "title",
                ],
                &rows,
            )?;
        }
        Format::Table => {
            let header = [
                "ID",
                "FIRST SEEN",
                "ITEMS",
                "OUTLETS",
                "CATEGORY",
                "VICTIM",
                "ACTOR",
                "TITLE",
            ];
            let mut table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.first_seen.get(..10).unwrap_or(&r.first_seen).to_string(),
                        r.items.to_string(),
                        r.feeds.to_string(),
                        r.category.clone().unwrap_or_else(|| "-".into()),
                        truncate(&terminal_safe(r.victim.as_deref().unwrap_or("-")), 30),
                        truncate(&terminal_safe(r.actor.as_deref().unwrap_or("-")), 20),
                        terminal_safe(&r.title),
                    ]
                })
                .collect();
            fit_columns(&header, &mut table, width(), &[(7, 20), (5, 10), (6, 8)]);
            print_table(&mut out, &header, &table)?;
        }
    }
    Ok(())
}

/// `incident ID`: the incident and its items, with why each joined.
pub(super) fn show(config: &Config, id: i64, format: Format) -> Result<(), Failure> {
    let store = super::commands::open_reading(config)?;
    let Some(row) = store
        .incidents(&IncidentQuery {
            id: Some(id),
            ..IncidentQuery::default()
        })?
        .pop()
    else {
        return Err(Failure::config(format!(
            "no incident with id {id}; `feedsentry incidents` lists them"
        )));
    };
    let items = store.incident_items(id)?;
    let mut out = io::stdout().lock();
    match format {
        Format::Json => {
            let value = serde_json::json!({ "incident": row, "items": items });
            writeln!(out, "{value}")?;
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|i| {
                    vec![
                        i.id.to_string(),
                        i.published.clone(),
                        i.feed.clone(),
                        i.title.clone(),
                        i.link.clone().unwrap_or_default(),
                        format!("{:.2}", i.score),
                        i.reason.clone(),
                    ]
                })
                .collect();
            print_csv(
                &mut out,
                &[
                    "item",
                    "published",
                    "feed",
                    "title",
                    "link",
                    "score",
                    "reason",
                ],
                &rows,
            )?;
        }
        Format::Table => {
            writeln!(out, "incident {}: {}", row.id, terminal_safe(&row.title))?;
            let field = |v: &Option<String>| v.as_deref().map_or("-".to_string(), terminal_safe);
            writeln!(out, "victim:     {}", field(&row.victim))?;
            writeln!(out, "actor:      {}", field(&row.actor))?;
            writeln!(out, "category:   {}", field(&row.category))?;
            writeln!(out, "seen:       {} to {}", row.first_seen, row.last_seen)?;
            writeln!(out, "items:      {} from {} outlets", row.items, row.feeds)?;
            for item in &items {
                writeln!(
                    out,
                    "\n  {} {} · {}\n  {}\n  {}",
                    item.id,
                    item.published,
                    terminal_safe(&item.feed),
                    terminal_safe(&item.title),
                    terminal_safe(&item.reason)
                )?;
            }
        }
    }
    Ok(())
}

/// `incidents --rebuild`: every item tagged `cyberattack` assigned again, in storage order.
pub(super) fn rebuild(config: &Config, bars: bool) -> Result<(), Failure> {
    let mut database = super::commands::open_database(config)?;
    let counts = rebuild_database(&mut database, config, bars)?;
    writeln!(
        io::stdout().lock(),
        "rebuilt incidents: {} items in {} incidents, {} kept their ids",
        counts.items,
        counts.incidents,
        counts.kept_ids
    )?;
    Ok(())
}

/// Rebuilds `database`'s incidents with the configured rules, with a progress bar.
pub(super) fn rebuild_database(
    database: &mut Database,
    config: &Config,
    bars: bool,
) -> Result<crate::store::RebuildCounts, Failure> {
    let tagged = database
        .tagged_count("cyberattack")
        .map_err(Failure::runtime)?;
    let progress = Progress::start(tagged.max(0) as u64, "items", bars);
    let counts = database
        .rebuild_incidents(&Matcher::from(config.incidents), &mut |done| {
            progress.advance(done as u64)
        })
        .map_err(Failure::runtime)?;
    drop(progress);
    Ok(counts)
}

/// The query of `incidents`.
pub(super) fn query(
    since: Option<DateTime<Utc>>,
    category: Option<String>,
    victim: Option<String>,
) -> IncidentQuery {
    IncidentQuery {
        since,
        category: category.map(|c| {
            c.strip_prefix("cyberattack:")
                .map_or(c.clone(), str::to_string)
                .to_lowercase()
        }),
        victim,
        id: None,
    }
}
