//! Atom 1.0 (RFC 4287) output: one entry per item with its original link, times, source feed
//! and one category per tag.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::ExportMeta;
use crate::store::ItemDetail;
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
    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let updated = items
        .iter()
        .map(entry_updated)
        .max()
        .unwrap_or(now)
        .to_string();
    writer
        .create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .write_inner_content(|w| {
            text_element(w, "id", &meta.id)?;
            text_element(w, "title", &meta.title)?;
            text_element(w, "updated", &updated)?;
            w.create_element("author").write_inner_content(|w| {
                text_element(w, "name", "feedsentry")?;
                Ok(())
            })?;
            w.create_element("generator")
                .with_attribute(("version", env!("CARGO_PKG_VERSION")))
                .write_text_content(BytesText::new("feedsentry"))?;
            for item in items {
                write_entry(w, item)?;
            }
            Ok(())
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
