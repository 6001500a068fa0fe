//! Sharing findings: stored items written as an Atom 1.0 feed or a JSON Feed 1.1, so that any
//! feed reader can subscribe to them.

pub mod atom;
pub mod json_feed;

/// What the exported feed is as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportMeta {
    /// The feed's title.
    pub title: String,
    /// A stable URN naming this selection (the same filters give the same id on every run).
    pub id: String,
}

impl ExportMeta {
    /// Describes the export of the items selected by `tag`, `feed` and `search` (any may be
    /// absent); the time window does not change the id, since it is the same feed over time.
    pub fn for_selection(
        tag: Option<&str>,
        feed: Option<&str>,
        search: Option<&str>,
    ) -> ExportMeta {
        let mut parts = Vec::new();
        let mut words = Vec::new();
        if let Some(tag) = tag {
            parts.push(format!("tag={tag}"));
            words.push(format!("tagged {tag}"));
        }
        if let Some(feed) = feed {
            parts.push(format!("feed={feed}"));
            words.push(format!("from {feed}"));
        }
        if let Some(search) = search {
            parts.push(format!("search={search}"));
            words.push(format!("matching {search}"));
        }
        let selection = if parts.is_empty() {
            "all".to_string()
        } else {
            url::form_urlencoded::byte_serialize(parts.join("&").as_bytes()).collect()
        };
        let title = if words.is_empty() {
            "feedsentry: all items".to_string()
        } else {
            format!("feedsentry: items {}", words.join(", "))
        };
        ExportMeta {
            title,
            id: format!("urn:feedsentry:export:{selection}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_stable_and_a_valid_urn() {
        let a = ExportMeta::for_selection(Some("cyberattack:data breach"), None, None);
        assert_eq!(
            a,
            ExportMeta::for_selection(Some("cyberattack:data breach"), None, None)
        );
        assert!(!a.id.contains(' '), "{}", a.id);
        assert_eq!(a.title, "feedsentry: items tagged cyberattack:data breach");
        assert_eq!(
            ExportMeta::for_selection(None, None, None).id,
            "urn:feedsentry:export:all"
        );
    }
}
