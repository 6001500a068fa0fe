//! Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) to [`ParsedFeed`]: the only module that
//! uses feed-rs.
//!
//! Text fields are kept as the feed gave them; [`ParsedItem::plain`] gives the plain-text form
//! that search and tagging read. Each item leaves here with its identity key and canonical link,
//! which is all the store needs to de-duplicate it.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use url::Url;

use crate::failure::FailureKind;
use crate::identity::{ItemKey, canonical_link, identity_key, item_key};
use crate::text::plain_text;

/// A parsed feed document.
#[derive(Debug, Clone, Default)]
pub struct ParsedFeed {
    /// The feed's own title, as plain text.
    pub title: Option<String>,
    /// RSS `<ttl>`: how long the publisher says the feed may be cached.
    pub ttl_minutes: Option<u32>,
    /// The language the feed declares (`<language>`, `xml:lang`, JSON Feed `language`).
    pub language: Option<String>,
    /// The items, in document order, without repeats of one identity.
    pub items: Vec<ParsedItem>,
}

/// One item of a feed, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedItem {
    /// The identity key within the feed (see [`identity_key`]).
    pub identity: ItemKey,
    /// The guid or id exactly as the feed gave it, when it gave one.
    pub guid: Option<String>,
    /// The item's link, resolved against the feed URL.
    pub link: Option<String>,
    /// The canonical form of the link, when it tells this item apart from the feed's others.
    pub canonical_link: Option<String>,
    /// Title as given (may hold HTML).
    pub title: String,
    /// Summary or description as given (may hold HTML).
    pub summary: String,
    /// Full content as given (may hold HTML).
    pub content: String,
    /// Author names.
    pub authors: Vec<String>,
    /// Category terms.
    pub categories: Vec<String>,
    /// Publication time.
    pub published: Option<DateTime<Utc>>,
    /// Last update time.
    pub updated: Option<DateTime<Utc>>,
    /// Digest of the fields whose change makes a stored item "updated".
    pub content_hash: ItemKey,
}

/// The plain-text form of an item's text fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlainItem {
    /// Title without markup.
    pub title: String,
    /// Summary without markup.
    pub summary: String,
    /// Content without markup.
    pub content: String,
}

impl ParsedItem {
    /// The item's text fields as plain text (markup removed, entities decoded, whitespace folded).
    pub fn plain(&self) -> PlainItem {
        PlainItem {
            title: plain_text(&self.title),
            summary: plain_text(&self.summary),
            content: plain_text(&self.content),
        }
    }
}

/// A document that is not a feed, or is too broken to read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// [`FailureKind::NotAFeed`], [`FailureKind::Encoding`] or, when the parser itself
    /// failed, [`FailureKind::Internal`].
    pub kind: FailureKind,
    /// What is wrong with the document.
    pub message: String,
}

impl ParseError {
    fn new(kind: FailureKind, message: impl Into<String>) -> ParseError {
        ParseError {
            kind,
            message: message.into(),
        }
    }
}

impl ParsedFeed {
    /// Keeps at most `cap` items: the newest by date, items without one after those with one,
    /// in document order otherwise. Returns how many were dropped.
    pub fn keep_newest(&mut self, cap: usize) -> usize {
        let over = self.items.len().saturating_sub(cap);
        if over > 0 {
            let mut order: Vec<usize> = (0..self.items.len()).collect();
            // A stable sort: equal dates (and no dates) keep their document order.
            order.sort_by_key(|&i| std::cmp::Reverse(self.items[i].published));
            let mut keep = vec![false; self.items.len()];
            for &i in &order[..cap] {
                keep[i] = true;
            }
            let mut index = 0;
            self.items.retain(|_| {
                index += 1;
                keep[index - 1]
            });
        }
        over
    }
}

/// Parses `body` (the raw bytes: the document's own encoding declaration is honoured) fetched
/// from `feed_url`, against which relative links are resolved.
pub fn parse_feed(body: &[u8], feed_url: &str) -> Result<ParsedFeed, ParseError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::new(FailureKind::NotAFeed, "empty document"));
    }
    let feed = read_with_repairs(body, feed_url).map_err(Failure::into_error)?;
    let base = Url::parse(feed_url).ok();

    let mut items: Vec<ParsedItem> = feed
        .entries
        .into_iter()
        .map(|entry| convert_entry(entry, base.as_ref()))
        .collect();
    forget_shared_links(&mut items);
    let mut seen = HashSet::with_capacity(items.len());
    items.retain(|item| seen.insert(item.identity));

    Ok(ParsedFeed {
        title: feed
            .title
            .map(|t| plain_text(&t.content))
            .filter(|t| !t.is_empty()),
        ttl_minutes: feed.ttl,
        language: feed.language.filter(|l| !l.trim().is_empty()),
        items,
    })
}

/// Why one run of feed-rs produced no feed.
enum Failure {
    /// feed-rs reported an error.
    Feed(ParseFeedError),
    /// feed-rs panicked.
    Panic,
}

impl Failure {
    fn into_error(self) -> ParseError {
        match self {
            Failure::Feed(e) => describe_error(e),
            Failure::Panic => ParseError::new(
                FailureKind::Internal,
                "bad feed: the parser failed on this document",
            ),
        }
    }
}

/// One run of feed-rs on `body`, with a parser of its own: a parser keeps state between runs
/// and must not be reused after a failure. A panic inside feed-rs is turned into an error, so
/// that one hostile document costs its feed one failed pass and nothing more.
fn parse_once(body: &[u8], feed_url: &str) -> Result<feed_rs::model::Feed, Failure> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(feed_url))
        // feed-rs invents a random id for items without one; an empty id lets us apply our
        // own identity rules instead of storing a new duplicate on every poll.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(body))) {
        Ok(result) => result.map_err(Failure::Feed),
        Err(_) => Err(Failure::Panic),
    }
}

fn describe_error(err: ParseFeedError) -> ParseError {
    let (kind, message) = match err {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => (
            FailureKind::NotAFeed,
            "not a feed: no RSS, Atom or JSON Feed root element".to_string(),
        ),
        ParseFeedError::IoError(e) => (
            FailureKind::Encoding,
            format!("cannot read the document: {e}"),
        ),
        ParseFeedError::JsonSerde(e) => (FailureKind::NotAFeed, format!("bad JSON Feed: {e}")),
        ParseFeedError::JsonUnsupportedVersion(v) => (
            FailureKind::NotAFeed,
            format!("unsupported JSON Feed version {v}"),
        ),
        ParseFeedError::XmlReader(e) => (FailureKind::Encoding, format!("bad XML: {e}")),
        other => (FailureKind::NotAFeed, format!("bad feed: {other}")),
    };
    ParseError::new(kind, message)
}

/// A NUL byte is mapped to a space: kept, it would cut the text after it in places that read
/// C strings, and dropped, it would join two words.
fn without_nul(text: String) -> String {
    if text.contains('\0') {
        text.replace('\0', " ")
    } else {
        text
    }
}

/// Only http(s) links are kept: a `javascript:`, `data:` or `vbscript:` link re-published in an
/// export would run in its reader's browser.
fn web_link(link: String) -> Option<String> {
    Url::parse(&link)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(|_| link)
}

/// A date a feed gave, when it lies in the range every output can write (years 1970 to 9999);
/// anything else is treated as no date at all.
fn plausible(time: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    time.filter(|t| (1970..=9999).contains(&t.year()))
}

fn convert_entry(entry: feed_rs::model::Entry, base: Option<&Url>) -> ParsedItem {
    let guid = Some(without_nul(entry.id)).filter(|id| !id.trim().is_empty());
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .and_then(|l| web_link(resolve(&l.href, base)));
    let canonical = link.as_deref().and_then(canonical_link);
    let title = without_nul(entry.title.map(|t| t.content).unwrap_or_default());
    let summary = without_nul(entry.summary.map(|t| t.content).unwrap_or_default());
    let content = without_nul(entry.content.and_then(|c| c.body).unwrap_or_default());
    let updated = plausible(entry.updated);
    let published = plausible(entry.published).or(updated);
    let published_text = published.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
    let identity = identity_key(
        guid.as_deref(),
        canonical.as_deref(),
        &title,
        published_text.as_deref(),
    );
    let content_hash = item_key(&[&title, link.as_deref().unwrap_or(""), &summary, &content]);
    ParsedItem {
        identity,
        guid,
        link,
        canonical_link: canonical,
        title,
        summary,
        content,
        authors: entry
            .authors
            .into_iter()
            .filter_map(|p| p.name.filter(|n| !n.trim().is_empty()))
            .collect(),
        categories: entry
            .categories
            .into_iter()
            .map(|c| c.label.unwrap_or(c.term))
            .filter(|c| !c.trim().is_empty())
            .collect(),
        published,
        updated,
        content_hash,
    }
}

/// The old UserLand namespace some RSS 2.0 feeds declare as their default: feed-rs then sees no
/// RSS elements at all.
const USERLAND_RSS: &[u8] = b" xmlns=\"http://backend.userland.com/rss2\"";

/// Parses `body`, and when that fails (or finds nothing under a namespace that hides RSS), the
/// same document repaired the ways real feeds need: its encoding, then its `<rss>` root. The
/// first error is the one reported.
fn read_with_repairs(body: &[u8], feed_url: &str) -> Result<feed_rs::model::Feed, Failure> {
    let first = parse_once(body, feed_url);
    let hidden =
        |feed: &feed_rs::model::Feed| feed.entries.is_empty() && contains(body, USERLAND_RSS);
    if first.as_ref().is_ok_and(|feed| !hidden(feed)) {
        return first;
    }
    let decoded = with_repaired_encoding(body);
    let decoded_or_body = decoded.as_deref().unwrap_or(body);
    let rooted = with_plain_rss_root(decoded_or_body);
    for candidate in [decoded.as_deref(), rooted.as_deref()]
        .into_iter()
        .flatten()
    {
        // After a failure any reading is better; after an empty reading only one with items.
        if let Ok(feed) = parse_once(candidate, feed_url)
            && (first.is_err() || !feed.entries.is_empty())
        {
            return Ok(feed);
        }
    }
    first
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A copy of `body` whose `<rss>` root reads as plain RSS 2.0: a missing version attribute
/// claims 2.0 (as readers treat an unversioned RSS document) and the UserLand default namespace
/// is dropped. `None` when the root needs neither.
fn with_plain_rss_root(body: &[u8]) -> Option<Vec<u8>> {
    let start = body.windows(4).position(|w| w == b"<rss")?;
    let after = body.get(start + 4)?;
    if !(after.is_ascii_whitespace() || *after == b'>') {
        return None;
    }
    let end = start + body[start..].iter().position(|b| *b == b'>')?;
    let root = &body[start + 4..end];
    let versioned = contains(root, b"version=");
    let namespaced = contains(root, USERLAND_RSS);
    if versioned && !namespaced {
        return None;
    }
    let mut attributes = root.to_vec();
    if let Some(at) = attributes
        .windows(USERLAND_RSS.len())
        .position(|w| w == USERLAND_RSS)
    {
        attributes.drain(at..at + USERLAND_RSS.len());
    }
    let mut patched = Vec::with_capacity(body.len() + 16);
    patched.extend_from_slice(&body[..start + 4]);
    if !versioned {
        patched.extend_from_slice(b" version=\"2.0\"");
    }
    patched.extend_from_slice(&attributes);
    patched.extend_from_slice(&body[end..]);
    Some(patched)
}

/// A UTF-8 copy of a document whose bytes are not the UTF-8 it claims (or implies by declaring
/// nothing): decoded as UTF-8 with replacement characters when it holds valid multi-byte UTF-8
/// (stray bad bytes), else as Windows-1252 (the usual mislabel of Latin-1 text). `None` when the
/// bytes are valid UTF-8 or another encoding is declared.
fn with_repaired_encoding(body: &[u8]) -> Option<Vec<u8>> {
    if std::str::from_utf8(body).is_ok() {
        return None;
    }
    let declared = declared_encoding(body);
    if declared
        .as_deref()
        .is_some_and(|e| !matches!(e, "utf-8" | "utf8"))
    {
        return None;
    }
    let text = if has_multibyte_utf8(body) {
        String::from_utf8_lossy(body).into_owned()
    } else {
        encoding_rs::WINDOWS_1252.decode(body).0.into_owned()
    };
    Some(text.into_bytes())
}

/// The lower-cased `encoding` of the XML declaration, when there is one.
fn declared_encoding(body: &[u8]) -> Option<String> {
    let head = &body[..body.len().min(200)];
    let end = head.windows(2).position(|w| w == b"?>")?;
    let prolog = String::from_utf8_lossy(&head[..end]).to_ascii_lowercase();
    if !prolog
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with("<?xml")
    {
        return None;
    }
    let value = prolog.split("encoding").nth(1)?;
    let value = value.trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    Some(value[1..].split(quote).next()?.trim().to_string())
}

/// True when `body` holds at least one well-formed multi-byte UTF-8 sequence.
fn has_multibyte_utf8(body: &[u8]) -> bool {
    body.iter().enumerate().any(|(i, first)| {
        let len = match first {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return false,
        };
        body.get(i..i + len)
            .is_some_and(|seq| std::str::from_utf8(seq).is_ok())
    })
}

/// Resolves a possibly relative link against the feed's URL; unresolvable links stay as given.
fn resolve(href: &str, base: Option<&Url>) -> String {
    let href = href.trim();
    match (Url::parse(href), base) {
        (Ok(url), _) => url.into(),
        (Err(_), Some(base)) => base
            .join(href)
            .map_or_else(|_| href.to_string(), Into::into),
        (Err(_), None) => href.to_string(),
    }
}

/// Some feeds point every item at one page (the site's home, say). Such a link cannot tell
/// items apart, so it must not be used to match them.
fn forget_shared_links(items: &mut [ParsedItem]) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for link in items.iter().filter_map(|i| i.canonical_link.clone()) {
        *counts.entry(link).or_default() += 1;
    }
    for item in items.iter_mut() {
        let shared = item
            .canonical_link
            .as_ref()
            .is_some_and(|l| counts.get(l).copied().unwrap_or(0) > 1);
        if shared && item.guid.is_some() {
            item.canonical_link = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED_URL: &str = "https://news.example.org/feeds/main.xml";

    fn rss(items: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example &amp; News</title><link>https://news.example.org/</link>
<ttl>60</ttl>{items}</channel></rss>"#
        )
    }

    #[test]
    fn reads_rss_items_with_all_fields() {
        let doc = rss(r#"<item><title>Hackers hit &lt;b&gt;city&lt;/b&gt;</title>
<link>/story/1?utm_source=rss&amp;id=3</link><guid isPermaLink="false">s-1</guid>
<description>&lt;p&gt;Systems &amp;amp; backups encrypted&lt;/p&gt;</description>
<author>desk@example.org (News Desk)</author><category>Security</category>
<pubDate>Tue, 24 Nov 2026 08:30:00 GMT</pubDate></item>"#);
        let feed = parse_feed(doc.as_bytes(), FEED_URL).expect("valid feed");
        assert_eq!(feed.title.as_deref(), Some("Example & News"));
        assert_eq!(feed.ttl_minutes, Some(60));
        let item = &feed.items[0];
        assert_eq!(item.guid.as_deref(), Some("s-1"));
        assert_eq!(
            item.link.as_deref(),
            Some("https://news.example.org/story/1?utm_source=rss&id=3")
        );
        assert_eq!(
            item.canonical_link.as_deref(),
            Some("https://news.example.org/story/1?id=3")
        );
        assert_eq!(item.categories, vec!["Security"]);
        assert_eq!(
            item.published.map(|t| t.to_rfc3339()),
            Some("2026-11-24T08:30:00+00:00".to_string())
        );
        let plain = item.plain();
        assert_eq!(plain.title, "Hackers hit city");
        assert_eq!(plain.summary, "Systems & backups encrypted");
    }

    #[test]
    fn items_without_guid_get_a_stable_identity() {
        let doc = rss("<item><title>No guid</title><link>https://news.example.org/a</link></item>");
        let first = parse_feed(doc.as_bytes(), FEED_URL).expect("valid feed");
        let second = parse_feed(doc.as_bytes(), FEED_URL).expect("valid feed");
        assert_eq!(first.items[0].guid, None);
        assert_eq!(first.items[0].identity, second.items[0].identity);
        assert_eq!(
            first.items[0].identity,
            identity_key(None, Some("https://news.example.org/a"), "", None)
        );
    }

    #[test]
    fn items_without_guid_or_link_use_title_and_date() {
        let doc =
            rss("<item><title>Bare</title><pubDate>Tue, 24 Nov 2026 08:30:00 GMT</pubDate></item>");
        let feed = parse_feed(doc.as_bytes(), FEED_URL).expect("valid feed");
        assert_eq!(
            feed.items[0].identity,
            identity_key(None, None, "Bare", Some("2026-11-24T08:30:00Z"))
        );
    }

    #[test]
    fn repeated_identity_in_one_document_is_kept_once() {
        let item = "<item><title>Same</title><guid>x</guid></item>";
        let feed = parse_feed(rss(&format!("{item}{item}")).as_bytes(), FEED_URL).expect("valid");
        assert_eq!(feed.items.len(), 1);
    }

    #[test]
    fn a_link_shared_by_every_item_is_not_used_for_matching() {
        let doc = rss(
            "<item><guid>a</guid><link>https://news.example.org/</link></item>\
             <item><guid>b</guid><link>https://news.example.org/</link></item>",
        );
        let feed = parse_feed(doc.as_bytes(), FEED_URL).expect("valid feed");
        assert!(feed.items.iter().all(|i| i.canonical_link.is_none()));
        assert!(feed.items.iter().all(|i| i.link.is_some()));
    }

    #[test]
    fn reads_atom_and_json_feed() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
<entry><id>urn:e1</id><title type="html">&lt;i&gt;One&lt;/i&gt;</title>
<link rel="alternate" href="https://a.example/1"/><updated>2026-11-01T10:00:00Z</updated>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>"#;
        let feed = parse_feed(atom.as_bytes(), FEED_URL).expect("valid atom");
        assert_eq!(feed.items[0].plain().title, "One");
        assert_eq!(feed.items[0].plain().content, "Body");
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J",
"items":[{"id":"j1","url":"https://j.example/1","title":"T","content_html":"<p>x</p>"}]}"#;
        let feed = parse_feed(json.as_bytes(), FEED_URL).expect("valid json feed");
        assert_eq!(feed.items[0].guid.as_deref(), Some("j1"));
        assert_eq!(feed.items[0].link.as_deref(), Some("https://j.example/1"));
    }

    #[test]
    fn honours_a_latin1_declaration() {
        let mut doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Not\xedcias</title></channel></rss>".to_vec();
        doc.push(b'\n');
        let feed = parse_feed(&doc, FEED_URL).expect("valid latin-1 feed");
        assert_eq!(feed.title.as_deref(), Some("Notícias"));
    }

    #[test]
    fn reads_rss_without_a_version() {
        let doc = "<rss>\n<channel><title>Bare</title><item><title>One</title><guid>1</guid></item></channel></rss>";
        let feed = parse_feed(doc.as_bytes(), FEED_URL).expect("unversioned RSS is read as 2.0");
        assert_eq!(feed.items.len(), 1);
        assert_eq!(
            with_plain_rss_root(b"<rss version=\"0.91\"><channel/></rss>"),
            None
        );
        assert_eq!(with_plain_rss_root(b"<rssfeed/>"), None);
    }

    #[test]
    fn reads_rss_under_the_userland_namespace_and_mixed_repairs() {
        let doc = "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\"><channel>\
<title>Old</title><item><title>One</title><guid>1</guid></item></channel></rss>";
        let feed = parse_feed(doc.as_bytes(), FEED_URL).expect("namespaced RSS");
        assert_eq!(feed.items.len(), 1);
        assert_eq!(feed.title.as_deref(), Some("Old"));
        let unversioned_latin1 =
            b"<rss>\n<channel><title>Not\xedcias</title><item><title>S\xe3o Paulo</title><guid>1</guid></item></channel></rss>";
        let feed = parse_feed(unversioned_latin1, FEED_URL).expect("two repairs at once");
        assert_eq!(feed.items[0].title, "São Paulo");
    }

    #[test]
    fn latin1_bytes_under_a_utf8_declaration_are_read_as_windows_1252() {
        let doc = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Not\xedcias</title>\
<item><title>Caf\xe9 \x93quoted\x94</title><guid>1</guid></item></channel></rss>";
        let feed = parse_feed(doc, FEED_URL).expect("repaired feed");
        assert_eq!(feed.title.as_deref(), Some("Notícias"));
        assert_eq!(feed.items[0].title, "Café \u{201c}quoted\u{201d}");
    }

    #[test]
    fn stray_bytes_in_utf8_become_replacement_characters() {
        let mut doc = "<rss version=\"2.0\"><channel><title>Café</title><item><title>bad #</title><guid>1</guid></item></channel></rss>"
            .as_bytes()
            .to_vec();
        let at = doc.iter().position(|b| *b == b'#').expect("marker");
        doc[at] = 0xff;
        let feed = parse_feed(&doc, FEED_URL).expect("repaired feed");
        assert_eq!(feed.title.as_deref(), Some("Café"));
        assert_eq!(feed.items[0].title, "bad \u{fffd}");
    }

    #[test]
    fn another_declared_encoding_is_not_second_guessed() {
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding='ISO-8859-1'?><rss/>").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            with_repaired_encoding(b"<?xml version='1.0' encoding='koi8-r'?><rss>\xff</rss>"),
            None
        );
        assert_eq!(with_repaired_encoding(b"<rss>plain ascii</rss>"), None);
    }

    #[test]
    fn a_nul_byte_becomes_a_space_and_keeps_what_follows() {
        let doc = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
            "items": [{"id": "a\u0000b", "title": "before\u0000after", "content_text": "x"}]}"#;
        let feed = parse_feed(doc, FEED_URL).expect("valid JSON Feed");
        assert_eq!(feed.items[0].title, "before after");
        assert_eq!(feed.items[0].guid.as_deref(), Some("a b"));
    }

    #[test]
    fn only_web_links_are_kept() {
        let feed = parse_feed(
            rss(
                "<item><guid>1</guid><title>A</title><link>javascript:alert(1)</link></item>\
                 <item><guid>2</guid><title>B</title><link>data:text/html,x</link></item>\
                 <item><guid>3</guid><title>C</title><link>/ok</link></item>",
            )
            .as_bytes(),
            FEED_URL,
        )
        .expect("valid feed");
        let links: Vec<Option<&str>> = feed.items.iter().map(|i| i.link.as_deref()).collect();
        assert_eq!(links, [None, None, Some("https://news.example.org/ok")]);
        assert_eq!(feed.items[0].title, "A");
    }

    #[test]
    fn dates_no_output_can_write_are_no_dates() {
        let feed = parse_feed(
            rss("<item><guid>1</guid><pubDate>Sat, 01 Jan 1800 00:00:00 GMT</pubDate></item>")
                .as_bytes(),
            FEED_URL,
        )
        .expect("valid feed");
        assert_eq!(feed.items[0].published, None);
    }

    #[test]
    fn the_cap_keeps_the_newest_dated_items_then_document_order() {
        let items: String = [
            ("a", "Mon, 02 Nov 2026 10:00:00 GMT"),
            ("b", ""),
            ("c", "Wed, 04 Nov 2026 10:00:00 GMT"),
            ("d", ""),
        ]
        .iter()
        .map(|(g, d)| format!("<item><guid>{g}</guid><pubDate>{d}</pubDate></item>"))
        .collect();
        let mut feed = parse_feed(rss(&items).as_bytes(), FEED_URL).expect("valid feed");
        assert_eq!(feed.keep_newest(3), 1);
        let kept: Vec<&str> = feed
            .items
            .iter()
            .filter_map(|i| i.guid.as_deref())
            .collect();
        assert_eq!(kept, ["a", "b", "c"]);
        assert_eq!(feed.keep_newest(10), 0);
    }

    #[test]
    fn rejects_what_is_not_a_feed() {
        let err = parse_feed(b"<html><body>hi</body></html>", FEED_URL).expect_err("not a feed");
        assert_eq!(err.kind, FailureKind::NotAFeed, "{err}");
        assert_eq!(
            parse_feed(b"  \n", FEED_URL).expect_err("empty").kind,
            FailureKind::NotAFeed
        );
    }

    #[test]
    fn entity_definitions_are_not_expanded() {
        let doc = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&b;&ext;</title><item><title>t</title><guid>g</guid></item></channel></rss>"#;
        let feed = parse_feed(doc.as_bytes(), FEED_URL)
            .expect("the document parses, its entities left as they are");
        assert_eq!(feed.items.len(), 1);
        let title = feed.title.unwrap_or_default();
        assert!(
            !title.contains("aaaaaaaaaa") && !title.contains("root:"),
            "{title}"
        );
    }
}
