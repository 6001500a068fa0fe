//! XML output shared by the Atom and OPML writers: text made valid for XML 1.0.
//!
//! quick-xml escapes markup characters, but XML 1.0 forbids most control characters even when
//! escaped; one in a feed's title would make the whole document unreadable to a strict parser.

/// `text` without the characters XML 1.0 does not allow (controls other than tab, newline and
/// carriage return, and the non-characters U+FFFE and U+FFFF).
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_what_xml_forbids_and_keeps_the_rest() {
        assert_eq!(
            xml_safe("a\u{1b}[0m\u{0}b\tc\u{ffff} é 🦀"),
            "a[0mb\tc é 🦀"
        );
    }
}
