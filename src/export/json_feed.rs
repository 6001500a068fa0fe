//! JSON Feed 1.1 output (<https://jsonfeed.org/version/1.1>), with feedsentry's extra fields
//! (source feeds, tag evidence) under the `_feedsentry` extension key.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::ExportMeta;
use crate::store::ItemDetail;

/// Writes `items` as one JSON Feed document described by `meta`.
pub fn write(out: impl Write, meta: &ExportMeta, items: &[ItemDetail]) -> io::Result<()> {
    let document = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": meta.title,
        "authors": [{ "name": "feedsentry" }],
        "_feedsentry": { "id": meta.id },
        "items": items.iter().map(item).collect::<Vec<_>>(),
    });
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, &document)?;
    out.write_all(b"\n")
}

fn item(item: &ItemDetail) -> Value {
    let mut object = json!({
        "id": format!("urn:feedsentry:item:{}", item.id),
        "title": item.title,
        "date_published": &item.published,
        "tags": item.tags.iter().map(|t| t.tag.as_str()).collect::<Vec<_>>(),
        "_feedsentry": {
            "id": item.id,
            "guid": item.guid,
            "first_seen": item.first_seen,
            "feeds": item.feeds,
            "evidence": item.tags,
        },
    });
    // JSON Feed wants absent fields left out rather than null or empty.
    let fields = [
        ("url", item.link.clone().map(Value::from)),
        ("date_modified", item.updated.clone().map(Value::from)),
        (
            "summary",
            Some(item.summary.clone())
                .filter(|s| !s.is_empty())
                .map(Value::from),
        ),
        (
            "authors",
            Some(&item.authors)
                .filter(|a| !a.is_empty())
                .map(|a| a.iter().map(|name| json!({ "name": name })).collect()),
        ),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            object[key] = value;
        }
    }
    // A JSON Feed item must have content_text or content_html.
    object["content_text"] = Value::from(if item.content.is_empty() {
        item.summary.as_str()
    } else {
        item.content.as_str()
    });
    object
}
