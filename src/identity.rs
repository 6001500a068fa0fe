//! What makes two feed items the same item: canonical links and identity keys.
//!
//! Identity keys are SHA-256 digests so that they are stable across Rust releases and
//! platforms; a database written today must match the items it is sent next year.
//! An item key keeps the first 128 bits of the digest: two different items of one feed share
//! one with a chance of about n²/2¹²⁹ (n items), nil in practice, and the key indexes that
//! every new item is looked up in stay half the size.

use sha2::{Digest, Sha256};
use url::Url;

/// Query parameters that only track the reader and never select content.
const TRACKING_PARAMETERS: [&str; 20] = [
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "igshid",
    "yclid",
    "twclid",
    "_ga",
    "_gl",
    "oly_enc_id",
    "oly_anon_id",
    "vero_id",
];

/// True for a query parameter name that tracks the reader (`utm_*`, `fbclid`, …).
pub fn is_tracking_parameter(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_") || TRACKING_PARAMETERS.contains(&lower.as_str())
}

/// The canonical form of an absolute http(s) link: lower-case scheme and host, no default port,
/// no fragment, tracking parameters removed and the rest of the query kept in order.
/// Returns `None` for anything that is not an absolute http(s) URL.
pub fn canonical_link(link: &str) -> Option<String> {
    let mut url = Url::parse(link.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    // The url crate already lower-cases scheme and host and drops default ports.
    url.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !is_tracking_parameter(name))
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Some(url.into())
}

/// An item's identity key or content hash: the first [`ITEM_KEY_BYTES`] bytes of a SHA-256
/// digest, stored as a BLOB.
pub type ItemKey = [u8; ITEM_KEY_BYTES];

/// Bytes of SHA-256 kept in an [`ItemKey`].
pub const ITEM_KEY_BYTES: usize = 16;

/// The SHA-256 digest of `parts` joined by NUL bytes.
fn sha256(parts: &[&str]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hasher.update([0u8]);
        }
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

/// The [`ItemKey`] of `parts` joined by NUL bytes.
pub fn item_key(parts: &[&str]) -> ItemKey {
    let full = sha256(parts);
    let mut key = [0u8; ITEM_KEY_BYTES];
    key.copy_from_slice(&full[..ITEM_KEY_BYTES]);
    key
}

/// The hex SHA-256 digest of `parts` joined by NUL bytes.
pub fn digest(parts: &[&str]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in sha256(parts) {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

/// The identity key of an item within its feed: from its guid when it has one, else its
/// canonical link, else its title and published time.
pub fn identity_key(
    guid: Option<&str>,
    canonical: Option<&str>,
    title: &str,
    published: Option<&str>,
) -> ItemKey {
    match (guid.map(str::trim).filter(|g| !g.is_empty()), canonical) {
        (Some(guid), _) => item_key(&["guid", guid]),
        (None, Some(link)) => item_key(&["link", link]),
        (None, None) => item_key(&["title", title.trim(), published.unwrap_or("")]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn removes_tracking_and_fragment_and_keeps_order() {
        assert_eq!(
            canonical_link("HTTPS://News.Example.COM:443/a/b?z=1&utm_source=rss&a=2&fbclid=x#top")
                .as_deref(),
            Some("https://news.example.com/a/b?z=1&a=2")
        );
    }

    #[test]
    fn drops_an_emptied_query() {
        assert_eq!(
            canonical_link("http://example.com:80/p?utm_medium=feed&UTM_campaign=x").as_deref(),
            Some("http://example.com/p")
        );
    }

    #[test]
    fn keeps_non_default_port_and_path_case() {
        assert_eq!(
            canonical_link("http://example.com:8080/Story?id=7").as_deref(),
            Some("http://example.com:8080/Story?id=7")
        );
    }

    #[test]
    fn rejects_relative_and_non_http_links() {
        assert_eq!(canonical_link("/relative/path"), None);
        assert_eq!(canonical_link("mailto:someone@example.com"), None);
        assert_eq!(canonical_link("javascript:alert(1)"), None);
    }

    #[test]
    fn identity_prefers_guid_then_link_then_title() {
        let by_guid = identity_key(Some("g1"), Some("https://a/"), "t", None);
        assert_eq!(
            by_guid,
            identity_key(Some(" g1 "), Some("https://b/"), "other", None)
        );
        let by_link = identity_key(None, Some("https://a/"), "t", None);
        assert_ne!(by_guid, by_link);
        assert_eq!(
            by_link,
            identity_key(Some(""), Some("https://a/"), "x", None)
        );
        let by_title = identity_key(None, None, "t", Some("2026-01-01T00:00:00Z"));
        assert_ne!(
            by_title,
            identity_key(None, None, "t", Some("2026-01-02T00:00:00Z"))
        );
    }

    #[test]
    fn digest_is_sha256_hex() {
        assert_eq!(
            digest(&["abc"]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn an_item_key_is_the_start_of_the_digest() {
        let hex: String = item_key(&["abc"])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, "ba7816bf8f01cfea414140de5dae2223");
    }

    proptest! {
        #[test]
        fn canonical_link_is_idempotent(s in "https?://[a-zA-Z]{1,10}\\.[a-z]{2,4}(/\\PC{0,40})?") {
            let once = canonical_link(&s);
            prop_assert!(once.is_some(), "{:?} has a canonical form", s);
            let once = once.unwrap_or_default();
            prop_assert_eq!(canonical_link(&once), Some(once.clone()));
        }

        #[test]
        fn canonical_link_idempotent_on_urls(
            host in "[a-zA-Z][a-zA-Z0-9-]{0,10}\\.[a-z]{2,5}",
            path in "(/[a-zA-Z0-9%._~-]{0,8}){0,3}",
            query in proptest::collection::vec(("[a-zA-Z_]{1,8}", "[a-zA-Z0-9 &=%]{0,6}"), 0..4),
        ) {
            let mut q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            q.insert(q.len() / 2, "utm_source=feed".to_string());
            let link = format!("https://{host}{path}?{}", q.join("&"));
            let once = canonical_link(&link).expect("generated URLs are valid");
            prop_assert_eq!(canonical_link(&once), Some(once.clone()));
            prop_assert!(!once.contains("utm_"));
        }

        #[test]
        fn a_guid_decides_identity_whatever_else_changes(
            g in "[a-z0-9:/.-]{1,20}",
            t in "\\PC{0,20}",
            other in "\\PC{0,20}",
        ) {
            let padded = format!("  {g} ");
            prop_assert_eq!(
                identity_key(Some(&padded), Some("https://x.example/a"), &t, None),
                identity_key(Some(&g), None, &other, Some("2026-01-01T00:00:00Z"))
            );
            prop_assert_eq!(identity_key(Some(&g), None, &t, None), item_key(&["guid", &g]));
            prop_assert_ne!(
                identity_key(Some(&g), None, &t, None),
                identity_key(None, Some(&g), &t, None)
            );
        }
    }
}
