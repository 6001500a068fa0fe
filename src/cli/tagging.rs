//! `explain ID` and `retag`: why an item has its tags, and re-applying changed rules.

use std::io::{self, Write};

use super::commands::Failure;
use super::output::terminal_safe;
use super::progress::Progress;
use crate::config::Config;
use crate::tag::TagInput;

/// Prints item `id`'s text, its stored tags, and what the current rules fire and veto on it.
pub(super) fn explain(config: &Config, id: i64) -> Result<(), Failure> {
    let store = super::commands::open_reading(config)?;
    let item = store
        .item_detail(id)?
        .ok_or_else(|| Failure::unknown_item(id))?;
    let mut out = io::stdout().lock();
    writeln!(out, "item {}: {}", item.id, terminal_safe(&item.title))?;
    if let Some(link) = &item.link {
        writeln!(out, "link: {}", terminal_safe(link))?;
    }
    for (label, text) in [("summary", &item.summary), ("content", &item.content)] {
        if !text.is_empty() {
            writeln!(
                out,
                "{label}: {}",
                terminal_safe(&super::output::truncate(text, 600))
            )?;
        }
    }
    writeln!(out, "\nstored tags:")?;
    if item.tags.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for tag in &item.tags {
        writeln!(out, "  {}: {}", tag.tag, terminal_safe(&tag.evidence))?;
    }
    writeln!(out, "\nthe current rules:")?;
    let report = config.tagger.explain(&TagInput {
        title: &item.title,
        summary: &item.summary,
        content: &item.content,
    });
    for line in report.lines() {
        writeln!(out, "  {}", terminal_safe(line))?;
    }
    writeln!(out, "\nincident:")?;
    let (entities, incident) = store.item_incident(id)?;
    for entity in &entities {
        writeln!(
            out,
            "  {}: {} ({})",
            entity.kind,
            terminal_safe(&entity.value),
            terminal_safe(&entity.evidence)
        )?;
    }
    match incident {
        Some(join) => writeln!(
            out,
            "  incident {}: {}",
            join.incident,
            terminal_safe(&join.reason)
        )?,
        None if !item.tags.iter().any(|t| t.tag == "cyberattack") => {
            writeln!(out, "  none: only items tagged cyberattack get an incident")?
        }
        None => writeln!(
            out,
            "  none: it reports several incidents (a roundup), or came before incidents were kept (`incidents --rebuild`)"
        )?,
    }
    Ok(())
}

/// Tags every stored item again with the configured rules and prints what changed, queueing
/// the deliveries changed items call for; then assigns incidents again.
pub(super) fn retag(config: &Config, bars: bool) -> Result<(), Failure> {
    let mut database = super::commands::open_database(config)?;
    database.set_notify_rules(crate::notify::rules(&config.notifiers))?;
    let total = database.item_count().map_err(Failure::runtime)?;
    let progress = Progress::start(total.max(0) as u64, "items", bars);
    let counts = database
        .retag(
            &mut |title, summary, content| {
                config.tagger.tag(&TagInput {
                    title,
                    summary,
                    content,
                })
            },
            &mut |done| progress.advance(done as u64),
        )
        .map_err(Failure::runtime)?;
    drop(progress);
    // Tags decide which items have incidents: assign them all again, in storage order.
    let rebuilt = super::incidents::rebuild_database(&mut database, config, bars)?;
    writeln!(
        io::stdout().lock(),
        "retagged {} items: {} tags added, {} removed, {} with new evidence; {} incidents",
        counts.items,
        counts.added,
        counts.removed,
        counts.evidence_changed,
        rebuilt.incidents,
    )?;
    Ok(())
}
