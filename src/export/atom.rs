//! Atom 1.0 (RFC 4287) output: one entry per item with its original link, times, source feed
//! and one category per tag; or one entry per incident.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::ExportMeta;
use crate::store::{IncidentItem, IncidentRow, ItemDetail};
use crate::xml::xml_safe;

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// Writes `items` as an Atom feed described by `meta`; `now` is the feed's `updated` time when
/// there are no items.
pub fn write(
    out: impl Write,
    meta: &ExportMeta,
    items: &[ItemDetail],
    now: &str,
) -> io::Result<()> {
    let updated = items.iter().map(entry_updated).max().unwrap_or(now);
    write_feed(out, &meta.id, &meta.title, updated, |w| {
        items.iter().try_for_each(|item| write_entry(w, item))
    })
}

/// The feed element with its head (`id`, `title`, `updated`, author, generator), then the
/// entries `entries` writes.
fn write_feed<O: Write>(
    out: O,
    id: &str,
    title: &str,
    updated: &str,
    entries: impl Fn(&mut Writer<O>) -> io::Result<()>,
) -> io::Result<()> {
    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    writer
        .create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .write_inner_content(|w| {
            text_element(w, "id", id)?;
            text_element(w, "title", title)?;
            text_element(w, "updated", updated)?;
            w.create_element("author").write_inner_content(|w| {
                text_element(w, "name", "feedsentry")?;
                Ok(())
            })?;
            w.create_element("generator")
                .with_attribute(("version", env!("CARGO_PKG_VERSION")))
                .write_text_content(BytesText::new("feedsentry"))?;
            entries(w)
        })?;
    writer.get_mut().write_all(b"\n")
}

fn write_entry<W: Write>(w: &mut Writer<W>, item: &ItemDetail) -> io::Result<()> {
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "id", &format!("urn:feedsentry:item:{}", item.id))?;
        text_element(w, "title", &item.title)?;
        if let Some(link) = &item.link {
            w.create_element("link")
                .with_attribute(("rel", "alternate"))
                .with_attribute(("href", xml_safe(link).as_str()))
                .write_empty()?;
        }
        text_element(w, "published", &item.published)?;
        text_element(w, "updated", entry_updated(item))?;
        let source = item.feeds.first();
        // Readers show the author; when the item names none, the feed it came from is the
        // most useful name to show there.
        let authors: Vec<&str> = match (item.authors.is_empty(), source) {
            (false, _) => item.authors.iter().map(String::as_str).collect(),
            (true, Some(feed)) => vec![feed.name.as_str()],
            (true, None) => Vec::new(),
        };
        for name in authors {
            w.create_element("author").write_inner_content(|w| {
                text_element(w, "name", name)?;
                Ok(())
            })?;
        }
        for tag in &item.tags {
            w.create_element("category")
                .with_attribute(("term", xml_safe(&tag.tag).as_str()))
                .write_empty()?;
        }
        if !item.summary.is_empty() {
            typed_text(w, "summary", &item.summary)?;
        }
        if !item.content.is_empty() {
            typed_text(w, "content", &item.content)?;
        }
        if let Some(feed) = source {
            w.create_element("source").write_inner_content(|w| {
                text_element(w, "id", &feed.url)?;
                text_element(w, "title", &feed.name)?;
                w.create_element("link")
                    .with_attribute(("rel", "self"))
                    .with_attribute(("href", xml_safe(&feed.url).as_str()))
                    .write_empty()?;
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Writes `incidents` (each with its items, oldest first) as an Atom feed: one entry per
/// incident, whose `updated` moves when an item joins it, so that a reader shows it again.
pub fn write_incidents(
    out: impl Write,
    incidents: &[(IncidentRow, Vec<IncidentItem>)],
    now: &str,
) -> io::Result<()> {
    let updated = incidents
        .iter()
        .map(|(row, _)| row.last_seen.as_str())
        .max()
        .unwrap_or(now);
    write_feed(
        out,
        "urn:feedsentry:export:incidents",
        "feedsentry: incidents",
        updated,
        |w| {
            incidents
                .iter()
                .try_for_each(|(row, items)| write_incident(w, row, items))
        },
    )
}

fn write_incident<W: Write>(
    w: &mut Writer<W>,
    row: &IncidentRow,
    items: &[IncidentItem],
) -> io::Result<()> {
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "id", &format!("urn:feedsentry:incident:{}", row.id))?;
        let title = match &row.victim {
            Some(victim) => format!("{victim}: {}", row.title),
            None => row.title.clone(),
        };
        text_element(w, "title", &title)?;
        if let Some(link) = items.iter().find_map(|i| i.link.as_deref()) {
            w.create_element("link")
                .with_attribute(("rel", "alternate"))
                .with_attribute(("href", xml_safe(link).as_str()))
                .write_empty()?;
        }
        text_element(w, "published", &row.first_seen)?;
        text_element(w, "updated", &row.last_seen)?;
        if let Some(category) = &row.category {
            w.create_element("category")
                .with_attribute(("term", xml_safe(category).as_str()))
                .write_empty()?;
        }
        let mut text = format!(
            "{} items from {} outlets{}.",
            row.items,
            row.feeds,
            row.actor
                .as_ref()
                .map_or(String::new(), |a| format!("; actor: {a}"))
        );
        for item in items {
            text.push_str(&format!(
                "\n{} · {}: {}{}",
                item.published,
                item.feed,
                item.title,
                item.link
                    .as_ref()
                    .map_or(String::new(), |l| format!(" <{l}>"))
            ));
        }
        typed_text(w, "summary", &text)?;
        Ok(())
    })?;
    Ok(())
}

/// The entry's `updated`: the feed's update time, else its publication or first-seen time.
fn entry_updated(item: &ItemDetail) -> &str {
    item.updated.as_deref().unwrap_or(&item.published)
}

fn text_element<W: Write>(w: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_safe(text)))?;
    Ok(())
}

fn typed_text<W: Write>(w: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("type", "text"))
        .write_text_content(BytesText::new(&xml_safe(text)))?;
    Ok(())
}
