//! The reading commands for people: `items`, `show` and `stats`.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use super::commands::Failure;
use super::layout::{fit_columns, width};
use super::output::{Format, print_csv, print_json_lines, print_table, terminal_safe, truncate};
use crate::config::Config;
use crate::store::{Count, ItemDetail, ItemQuery};

/// `items`: the items `query` selects.
pub(super) fn items(config: &Config, query: &ItemQuery, format: Format) -> Result<(), Failure> {
    let store = super::commands::open_reading(config)?;
    let query = super::resolve::filters(&store, &config.tagger, query.clone())?;
    let rows = store.items(&query)?;
    let mut out = io::stdout().lock();
    match format {
        Format::Json => print_json_lines(&mut out, &rows)?,
        Format::Csv => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.published.clone(),
                        r.feed.clone(),
                        r.title.clone(),
                        r.tags.join(" "),
                        r.link.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            print_csv(
                &mut out,
                &["id", "published", "feed", "title", "tags", "link"],
                &cells,
            )?;
        }
        Format::Table => {
            let header = ["ID", "DATE", "FEED", "TAGS", "TITLE"];
            let mut cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let when = &r.published;
                    vec![
                        r.id.to_string(),
                        when.get(..10).unwrap_or(when).to_string(),
                        truncate(&terminal_safe(&r.feed), 20),
                        terminal_safe(&table_tags(&r.tags)),
                        terminal_safe(&r.title),
                    ]
                })
                .collect();
            // The title gives way first, then the tags, then the feed's name.
            fit_columns(&header, &mut cells, width(), &[(2, 8), (3, 12), (4, 24)]);
            print_table(&mut out, &header, &cells)?;
        }
    }
    Ok(())
}

/// The TAGS cell: a tag with a category shows as the category alone (`ransomware`, not
/// `cyberattack cyberattack:ransomware`), so that the title keeps the room.
fn table_tags(tags: &[String]) -> String {
    let has_child = |parent: &str| {
        tags.iter()
            .any(|t| t.split_once(':').is_some_and(|(p, _)| p == parent))
    };
    tags.iter()
        .filter(|t| !has_child(t))
        .map(|t| t.split_once(':').map_or(t.as_str(), |(_, child)| child))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `show ID`: one item in full.
pub(super) fn show(config: &Config, id: i64, format: Format) -> Result<(), Failure> {
    let store = super::commands::open_reading(config)?;
    let item = store
        .item_detail(id)?
        .ok_or_else(|| Failure::unknown_item(id))?;
    let mut out = io::stdout().lock();
    match format {
        Format::Json => print_json_lines(&mut out, &[&item])?,
        Format::Csv => print_csv(
            &mut out,
            &[
                "id",
                "published",
                "updated",
                "first_seen",
                "feeds",
                "title",
                "link",
                "tags",
                "evidence",
                "summary",
                "content",
            ],
            &[vec![
                item.id.to_string(),
                item.published.clone(),
                item.updated.clone().unwrap_or_default(),
                item.first_seen.clone(),
                item.feed_names(),
                item.title.clone(),
                item.link.clone().unwrap_or_default(),
                item.tag_names(),
                item.tag_evidence(),
                item.summary.clone(),
                item.content.clone(),
            ]],
        )?,
        Format::Table => write_item(&mut out, &item)?,
    }
    Ok(())
}

/// An item as labelled lines followed by its text, safe for a terminal.
fn write_item(out: &mut impl Write, item: &ItemDetail) -> io::Result<()> {
    writeln!(out, "#{} {}", item.id, terminal_safe(&item.title))?;
    let mut field = |label: &str, value: &str| -> io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        let label = if label.is_empty() {
            String::new()
        } else {
            format!("{label}:")
        };
        writeln!(out, "{label:<11} {}", terminal_safe(value))
    };
    field("link", item.link.as_deref().unwrap_or(""))?;
    field("published", &item.published)?;
    field("updated", item.updated.as_deref().unwrap_or(""))?;
    field("first seen", &item.first_seen)?;
    field("changed", &item.changed)?;
    field("language", item.lang.as_deref().unwrap_or(""))?;
    field("guid", item.guid.as_deref().unwrap_or(""))?;
    field("authors", &item.authors.join(", "))?;
    field("categories", &item.categories.join(", "))?;
    for (n, feed) in item.feeds.iter().enumerate() {
        field(
            if n == 0 { "feeds" } else { "" },
            &format!("{} <{}>", feed.name, feed.url),
        )?;
    }
    if item.tags.is_empty() {
        field("tags", "none")?;
    }
    for (n, tag) in item.tags.iter().enumerate() {
        field(
            if n == 0 { "tags" } else { "" },
            &format!("{}: {}", tag.tag, tag.evidence),
        )?;
    }
    // The content often starts with the summary; then only the content is printed.
    let summary =
        Some(&item.summary).filter(|s| !s.is_empty() && !item.content.starts_with(s.as_str()));
    let content = Some(&item.content).filter(|c| !c.is_empty());
    for text in summary.into_iter().chain(content) {
        writeln!(out)?;
        for line in text.lines() {
            writeln!(out, "{}", terminal_safe(line))?;
        }
    }
    Ok(())
}

/// `stats`: counts per feed, tag and day, and the failing feeds. With `since`, feeds without
/// an item in the window are left out unless `all`.
pub(super) fn stats(
    config: &Config,
    since: Option<DateTime<Utc>>,
    all: bool,
    format: Format,
) -> Result<(), Failure> {
    let store = super::commands::open_reading(config)?;
    let mut stats = store.stats(since)?;
    if since.is_some() && !all {
        stats.feeds.retain(|f| f.items > 0);
    }
    if format == Format::Table {
        // Two feeds of one name would read as one; the table adds the URL to tell them apart.
        let shared = shared_names(&stats.feeds);
        for feed in &mut stats.feeds {
            if let (true, Some(url)) = (shared.contains(&feed.name), &feed.url) {
                feed.name = format!("{} <{url}>", feed.name);
            }
        }
    }
    let mut out = io::stdout().lock();
    let sections = [
        ("feed", "FEED", &stats.feeds),
        ("tag", "TAG", &stats.tags),
        ("day", "DAY", &stats.days),
    ];
    match format {
        Format::Json => print_json_lines(&mut out, &[&stats])?,
        Format::Csv => {
            let mut rows: Vec<Vec<String>> = sections
                .iter()
                .flat_map(|(kind, _, counts)| {
                    counts.iter().map(|c| {
                        vec![
                            kind.to_string(),
                            c.name.clone(),
                            c.items.to_string(),
                            c.url.clone().unwrap_or_default(),
                        ]
                    })
                })
                .collect();
            rows.extend(stats.failing.iter().map(|f| {
                vec![
                    "failing".to_string(),
                    f.name.clone(),
                    f.consecutive_failures.to_string(),
                    f.last_error.clone().unwrap_or_default(),
                ]
            }));
            print_csv(&mut out, &["kind", "name", "count", "detail"], &rows)?;
        }
        Format::Table => {
            match &stats.since {
                Some(since) => writeln!(out, "{} items since {since}", stats.items)?,
                None => writeln!(out, "{} items", stats.items)?,
            }
            for (_, title, counts) in sections {
                writeln!(out)?;
                let rows: Vec<Vec<String>> = counts
                    .iter()
                    .map(|c| vec![c.items.to_string(), terminal_safe(&c.name)])
                    .collect();
                print_table(&mut out, &["ITEMS", title], &rows)?;
            }
            writeln!(out)?;
            if stats.failing.is_empty() {
                writeln!(out, "no feed is failing")?;
            } else {
                let header = ["FAILURES", "STATUS", "FEED", "ERROR"];
                let mut rows: Vec<Vec<String>> = stats
                    .failing
                    .iter()
                    .map(|f| {
                        vec![
                            f.consecutive_failures.to_string(),
                            f.last_status.map_or("-".into(), |s| s.to_string()),
                            truncate(&terminal_safe(&f.name), 30),
                            terminal_safe(f.last_error.as_deref().unwrap_or("")),
                        ]
                    })
                    .collect();
                fit_columns(&header, &mut rows, width(), &[(2, 12), (3, 24)]);
                print_table(&mut out, &header, &rows)?;
            }
        }
    }
    Ok(())
}

/// The feed names that more than one feed carries.
fn shared_names(feeds: &[Count]) -> std::collections::HashSet<String> {
    let mut seen = std::collections::HashSet::new();
    feeds
        .iter()
        .filter(|f| !seen.insert(f.name.as_str()))
        .map(|f| f.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_tags_show_the_category_once() {
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            table_tags(&tags(&["cyberattack", "cyberattack:ransomware"])),
            "ransomware"
        );
        assert_eq!(table_tags(&tags(&["cyberattack"])), "cyberattack");
        assert_eq!(
            table_tags(&tags(&["cyberattack", "other"])),
            "cyberattack other"
        );
        assert_eq!(table_tags(&tags(&[])), "");
    }
}
