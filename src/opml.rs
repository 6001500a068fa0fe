//! OPML 2.0, the feed-list format every reader imports and exports: reading the feeds out of a
//! document (folders included) and writing a list of feeds.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer, XmlVersion};

use crate::xml::xml_safe;

/// One feed of an OPML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The feed's URL (`xmlUrl`).
    pub url: String,
    /// Its name (`title`, else `text`).
    pub title: Option<String>,
    /// The site's home page (`htmlUrl`).
    pub html_url: Option<String>,
}

/// A document that is not readable OPML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OpmlError(pub String);

/// The feeds of an OPML document, in document order: every `<outline>` with an `xmlUrl`,
/// however deeply nested in folders.
pub fn read(source: &str) -> Result<Vec<Outline>, OpmlError> {
    let mut reader = Reader::from_str(source);
    let mut outlines = Vec::new();
    let mut root_seen = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            OpmlError(format!(
                "not well-formed XML at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(element) | Event::Empty(element) => {
                if !root_seen {
                    if element.local_name().as_ref() != "opml" {
                        return Err(OpmlError(format!(
                            "not an OPML document: the root element is <{}>",
                            element.name().as_ref()
                        )));
                    }
                    root_seen = true;
                } else if element.local_name().as_ref() == "outline"
                    && let Some(outline) = outline(&element)?
                {
                    outlines.push(outline);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(OpmlError("not an OPML document: it is empty".into()));
    }
    Ok(outlines)
}

/// The feed an `<outline>` names, or `None` for a folder or a link that is not a feed.
fn outline(element: &BytesStart) -> Result<Option<Outline>, OpmlError> {
    let (mut url, mut title, mut text, mut html_url) = (None, None, None, None);
    for attribute in element.attributes() {
        let attribute =
            attribute.map_err(|e| OpmlError(format!("bad attribute in an <outline>: {e}")))?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| OpmlError(format!("bad attribute value in an <outline>: {e}")))?
            .trim()
            .to_string();
        if value.is_empty() {
            continue;
        }
        // Attribute names are case-sensitive in XML, but some exporters write `xmlurl`.
        match attribute
            .key
            .local_name()
            .as_ref()
            .to_ascii_lowercase()
            .as_str()
        {
            "xmlurl" => url = Some(value),
            "title" => title = Some(value),
            "text" => text = Some(value),
            "htmlurl" => html_url = Some(value),
            _ => {}
        }
    }
    Ok(url.map(|url| Outline {
        url,
        title: title.or(text),
        html_url,
    }))
}

/// Writes `outlines` as an OPML 2.0 document titled `title`, one `type="rss"` outline each.
pub fn write(out: impl Write, title: &str, created: &str, outlines: &[Outline]) -> io::Result<()> {
    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("opml")
        .with_attribute(("version", "2.0"))
        .write_inner_content(|w| {
            w.create_element("head").write_inner_content(|w| {
                w.create_element("title")
                    .write_text_content(BytesText::new(&xml_safe(title)))?;
                w.create_element("dateCreated")
                    .write_text_content(BytesText::new(created))?;
                Ok(())
            })?;
            w.create_element("body").write_inner_content(|w| {
                for outline in outlines {
                    let name = xml_safe(outline.title.as_deref().unwrap_or(&outline.url));
                    let url = xml_safe(&outline.url);
                    let mut element = w
                        .create_element("outline")
                        .with_attribute(("type", "rss"))
                        .with_attribute(("text", name.as_str()))
                        .with_attribute(("title", name.as_str()))
                        .with_attribute(("xmlUrl", url.as_str()));
                    let html = outline.html_url.as_deref().map(xml_safe);
                    if let Some(html) = &html {
                        element = element.with_attribute(("htmlUrl", html.as_str()));
                    }
                    element.write_empty()?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    writer.get_mut().write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_folders_and_skips_folders_themselves() {
        let outlines = read(
            r#"<?xml version="1.0"?><opml version="1.0"><head/><body>
            <outline text="News"><outline text="A &amp; B" xmlUrl="https://a.example/feed"/>
            <outline text="Deep"><outline title="C" text="c" xmlurl="https://c.example/rss" htmlUrl="https://c.example/"/></outline></outline>
            </body></opml>"#,
        )
        .expect("valid OPML");
        assert_eq!(
            outlines,
            vec![
                Outline {
                    url: "https://a.example/feed".into(),
                    title: Some("A & B".into()),
                    html_url: None
                },
                Outline {
                    url: "https://c.example/rss".into(),
                    title: Some("C".into()),
                    html_url: Some("https://c.example/".into())
                },
            ]
        );
    }

    #[test]
    fn rejects_what_is_not_opml() {
        assert!(read("<rss/>").expect_err("not OPML").0.contains("<rss>"));
        assert!(read("<opml><outline xmlUrl='x></opml>").is_err());
        assert!(read("").is_err());
    }

    #[test]
    fn writes_what_it_reads() {
        let outlines = vec![Outline {
            url: "https://a.example/feed?x=1&y=2".into(),
            title: Some("Quotes \" <and> & \u{1b}".into()),
            html_url: Some("https://a.example/".into()),
        }];
        let mut out = Vec::new();
        write(
            &mut out,
            "mine",
            "Wed, 25 Nov 2026 08:30:00 +0000",
            &outlines,
        )
        .expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains(r#"type="rss""#), "{text}");
        let back = read(&text).expect("reads back");
        assert_eq!(back[0].url, outlines[0].url);
        assert_eq!(back[0].title.as_deref(), Some("Quotes \" <and> &"));
        assert_eq!(back[0].html_url, outlines[0].html_url);
    }
}
