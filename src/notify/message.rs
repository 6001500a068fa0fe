//! What each kind of notifier sends: the JSON of a webhook, Slack and ntfy, the text and HTML of
//! a mail. A message carries one item, or several for a digest.

use serde_json::{Value, json};

use crate::store::DeliveryItem;

/// The longest summary a message quotes, in characters.
const SUMMARY_CHARS: usize = 500;

/// The items of one message and who sends it.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// The notifier's name.
    pub notifier: &'a str,
    /// One item, or the items of a digest.
    pub items: &'a [DeliveryItem],
    /// True for a digest, even of one item.
    pub digest: bool,
}

impl Message<'_> {
    /// `item` for a single item, `digest` for a digest: the webhook's event type.
    pub fn event(&self) -> &'static str {
        if self.digest { "digest" } else { "item" }
    }

    /// The body of a webhook and the standard input of an exec notifier.
    pub fn json(&self) -> Value {
        match (self.digest, self.items) {
            (false, [item]) => json!({
                "event": "item",
                "notifier": self.notifier,
                "item": item_json(item),
            }),
            _ => json!({
                "event": "digest",
                "notifier": self.notifier,
                "items": self.items.iter().map(item_json).collect::<Vec<_>>(),
            }),
        }
    }

    /// A one-line heading: the item's title, or how many items a digest holds.
    pub fn heading(&self) -> String {
        match (self.digest, self.items) {
            (false, [item]) => item.title.clone(),
            (_, items) => format!(
                "{} new item{} from feedsentry",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            ),
        }
    }

    /// Slack's incoming-webhook JSON: a text in Slack's markup, links unfurled by nobody.
    pub fn slack(&self) -> Value {
        let line = |item: &DeliveryItem| {
            let title = slack_escape(&item.title);
            let head = match &item.link {
                Some(link) => format!("<{}|{title}>", slack_escape(link)),
                None => title,
            };
            format!("*{head}*\n{}", slack_escape(&details(item)))
        };
        let text = match (self.digest, self.items) {
            (false, [item]) => line(item),
            (_, items) => {
                let mut text = format!("*{}*", slack_escape(&self.heading()));
                for item in items {
                    text.push_str("\n• ");
                    text.push_str(&line(item));
                }
                text
            }
        };
        json!({ "text": text, "unfurl_links": false, "unfurl_media": false })
    }

    /// ntfy's JSON publish body for `topic`: title, message, tags and a click link.
    pub fn ntfy(&self, topic: &str) -> Value {
        let (message, click, tags) = match (self.digest, self.items) {
            (false, [item]) => (
                format!("{}\n{}", details(item), summary(item)),
                item.link.clone(),
                item.tags.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>(),
            ),
            (_, items) => (
                items
                    .iter()
                    .map(|i| format!("• {} ({})", i.title, i.feed))
                    .collect::<Vec<_>>()
                    .join("\n"),
                None,
                Vec::new(),
            ),
        };
        let mut body = json!({
            "topic": topic,
            "title": self.heading(),
            "message": message.trim_end(),
            "tags": tags,
        });
        if let Some(link) = click {
            body["click"] = json!(link);
        }
        body
    }

    /// A mail's subject.
    pub fn subject(&self) -> String {
        format!("[feedsentry] {}", self.heading())
    }

    /// A mail's plain-text part.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for item in self.items {
            text.push_str(&item.title);
            text.push('\n');
            if let Some(link) = &item.link {
                text.push_str(link);
                text.push('\n');
            }
            text.push_str(&details(item));
            text.push('\n');
            let summary = summary(item);
            if !summary.is_empty() {
                text.push('\n');
                text.push_str(&summary);
                text.push('\n');
            }
            text.push('\n');
        }
        text
    }

    /// A mail's HTML part.
    pub fn html(&self) -> String {
        let escape = |text: &str| htmlize::escape_text(text).into_owned();
        let mut html = String::from("<!DOCTYPE html>\n<html><body>\n");
        for item in self.items {
            let title = escape(&item.title);
            match &item.link {
                Some(link) => html.push_str(&format!(
                    "<h3><a href=\"{}\">{title}</a></h3>\n",
                    htmlize::escape_attribute(link)
                )),
                None => html.push_str(&format!("<h3>{title}</h3>\n")),
            }
            html.push_str(&format!(
                "<p><small>{}</small></p>\n",
                escape(&details(item))
            ));
            let summary = summary(item);
            if !summary.is_empty() {
                html.push_str(&format!("<p>{}</p>\n", escape(&summary)));
            }
        }
        html.push_str("</body></html>\n");
        html
    }
}

/// An item as JSON: the fields every receiver gets.
fn item_json(item: &DeliveryItem) -> Value {
    json!({
        "id": item.id,
        "title": item.title,
        "link": item.link,
        "feed": item.feed,
        "published": item.published,
        "summary": summary(item),
        "tags": item.tags.iter().map(|(tag, evidence)| json!({"tag": tag, "evidence": evidence})).collect::<Vec<_>>(),
    })
}

/// Feed, time and tags on one line.
fn details(item: &DeliveryItem) -> String {
    let mut line = format!("{} · {}", item.feed, item.published);
    if !item.tags.is_empty() {
        let tags: Vec<&str> = item.tags.iter().map(|(t, _)| t.as_str()).collect();
        line.push_str(" · ");
        line.push_str(&tags.join(", "));
    }
    line
}

/// The summary, cut at [`SUMMARY_CHARS`] characters.
fn summary(item: &DeliveryItem) -> String {
    let text = item.summary.trim();
    match text.char_indices().nth(SUMMARY_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Slack's markup escapes `&`, `<` and `>` and nothing else.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The item `notify test` sends.
pub fn sample_item() -> DeliveryItem {
    DeliveryItem {
        id: 0,
        title: "feedsentry test: Example Corp hit by ransomware".into(),
        link: Some("https://feedsentry.invalid/test".into()),
        feed: "feedsentry".into(),
        published: crate::store::iso(chrono::Utc::now()),
        summary: "A sample item sent by `feedsentry notify test`; no such attack happened.".into(),
        tags: vec![("cyberattack".into(), "title: \"hit by ransomware\"".into())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, title: &str) -> DeliveryItem {
        DeliveryItem {
            id,
            title: title.into(),
            link: Some(format!("https://news.example/{id}")),
            feed: "News".into(),
            published: "2026-12-01T10:00:00Z".into(),
            summary: "x".repeat(600),
            tags: vec![("cyberattack".into(), "title: \"hit by ransomware\"".into())],
        }
    }

    #[test]
    fn one_item_is_an_item_event_and_several_a_digest() {
        let one = [item(1, "A")];
        let single = Message {
            notifier: "soc",
            items: &one,
            digest: false,
        };
        assert_eq!(single.json()["event"], "item");
        assert_eq!(single.json()["item"]["tags"][0]["tag"], "cyberattack");
        let many = [item(1, "A"), item(2, "B")];
        let digest = Message {
            notifier: "soc",
            items: &many,
            digest: true,
        };
        assert_eq!(digest.json()["items"].as_array().map(Vec::len), Some(2));
        assert_eq!(digest.heading(), "2 new items from feedsentry");
    }

    #[test]
    fn slack_text_escapes_markup_and_links_the_title() {
        let one = [item(1, "Acme <b> & co")];
        let text = Message {
            notifier: "soc",
            items: &one,
            digest: false,
        }
        .slack()["text"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_default();
        assert!(
            text.starts_with("*<https://news.example/1|Acme &lt;b&gt; &amp; co>*"),
            "{text}"
        );
    }

    #[test]
    fn summaries_are_cut_and_html_is_escaped() {
        let mut one = [item(1, "<script>")];
        one[0].summary = "é".repeat(600);
        let message = Message {
            notifier: "soc",
            items: &one,
            digest: false,
        };
        assert!(message.html().contains("&lt;script&gt;"));
        let cut = summary(&one[0]);
        assert_eq!(cut.chars().count(), SUMMARY_CHARS + 1);
        assert!(message.ntfy("alerts")["click"] == "https://news.example/1");
    }
}
