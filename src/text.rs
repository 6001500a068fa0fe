//! Pure text helpers: feed HTML to plain text, and the folded form that matching reads.
//!
//! Feeds deliver titles and bodies as HTML, entity-escaped HTML or plain text. Search and
//! tagging need one predictable plain form, so every text field goes through [`plain_text`]
//! before it is indexed, and through [`fold`] before it is matched against rules.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Elements whose content is never text a reader sees.
const SKIPPED_ELEMENTS: [&str; 4] = ["script", "style", "template", "noscript"];

/// Inline elements: removing them must not split a word ("cyber<em>attack</em>").
const INLINE_ELEMENTS: [&str; 21] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "font", "i", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u", "wbr",
];

/// Turns feed HTML (or plain text) into plain text: tags removed, script and style bodies
/// dropped, entities decoded, control characters removed and whitespace folded to single spaces.
pub fn plain_text(input: &str) -> String {
    // Some feeds escape their HTML twice, so the markup arrives as "&lt;p&gt;": decode first.
    let decoded_first;
    let source = if !input.contains('<') && input.contains("&lt;") {
        decoded_first = htmlize::unescape(input).into_owned();
        decoded_first.as_str()
    } else {
        input
    };
    let stripped = strip_tags(source);
    let decoded = if stripped.contains('&') {
        htmlize::unescape(&stripped).into_owned()
    } else {
        stripped
    };
    fold_whitespace(&decoded)
}

/// Removes markup, keeping a space where a block element separated two words.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(close) = after.find('>') else {
            // A lone '<' is text ("a < b"), not the start of a tag.
            out.push('<');
            rest = after;
            continue;
        };
        let name = tag_name(&after[..close]);
        if name.is_empty() {
            out.push('<');
            rest = after;
            continue;
        }
        rest = &after[close + 1..];
        if SKIPPED_ELEMENTS.contains(&name.as_str()) && !after.starts_with('/') {
            rest = skip_element_body(rest, &name);
        }
        if !INLINE_ELEMENTS.contains(&name.as_str()) {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

/// The lower-cased element name of a tag's inside ("/P class=x" → "p"); empty when it is no tag.
fn tag_name(inside: &str) -> String {
    let inside = inside.strip_prefix('/').unwrap_or(inside);
    let inside = inside.strip_prefix('!').unwrap_or(inside);
    let name: String = inside
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if inside.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        String::new()
    }
}

/// The text after the closing tag of `name`, or nothing when it is never closed.
fn skip_element_body<'a>(rest: &'a str, name: &str) -> &'a str {
    let closing = format!("</{name}");
    let lower = rest.to_ascii_lowercase();
    match lower.find(&closing) {
        Some(at) => rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]),
        None => "",
    }
}

/// Folds every run of whitespace and control characters into one space and trims the ends.
pub fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The form rules are matched against: compatibility-normalised, lower-cased, accents removed,
/// and typographic dashes and quotes replaced by their ASCII forms. Hangul and other scripts
/// whose letters are not accents survive unchanged.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{00ad}' => out.push('-'),
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => out.push('"'),
            '\u{00a0}' => out.push(' '),
            _ => out.extend(c.to_lowercase()),
        }
    }
    // Recompose what the decomposition split but did not remove (Hangul syllables, kana).
    out.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>Hackers &amp; thieves</p><p>hit&nbsp;the bank</p>"),
            "Hackers & thieves hit the bank"
        );
    }

    #[test]
    fn inline_tags_do_not_split_words() {
        assert_eq!(
            plain_text("cyber<em>attack</em> on <b>X</b>"),
            "cyberattack on X"
        );
    }

    #[test]
    fn block_tags_separate_words() {
        assert_eq!(plain_text("one<br/>two<div>three</div>"), "one two three");
    }

    #[test]
    fn script_style_and_comments_are_dropped() {
        assert_eq!(
            plain_text("a<script>alert('x<y')</script>b<!-- hidden -->c<STYLE>p{}</STYLE>d"),
            "a bc d"
        );
    }

    #[test]
    fn double_escaped_html_is_unwrapped() {
        assert_eq!(
            plain_text("&lt;p&gt;Data &amp;amp; more&lt;/p&gt;"),
            "Data & more"
        );
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        assert_eq!(plain_text("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
        assert_eq!(plain_text("unclosed <b"), "unclosed <b");
    }

    #[test]
    fn whitespace_and_controls_fold() {
        assert_eq!(fold_whitespace("  a\t\n b\u{1b}[31m c  "), "a b [31m c");
    }

    #[test]
    fn fold_lowercases_and_removes_accents() {
        assert_eq!(
            fold("Ciberataque à Mairie de Nîmes"),
            "ciberataque a mairie de nimes"
        );
        assert_eq!(fold("CYBERANGRIFF auf Städte"), "cyberangriff auf stadte");
    }

    #[test]
    fn fold_normalises_dashes_quotes_and_width() {
        assert_eq!(
            fold("Cyber\u{2011}attack ‘hackers’ ＲＡＮＳＯＭ"),
            "cyber-attack 'hackers' ransom"
        );
    }

    #[test]
    fn fold_keeps_hangul_and_cyrillic() {
        assert_eq!(fold("랜섬웨어 공격"), "랜섬웨어 공격");
        assert_eq!(fold("ХАКЕРЫ"), "хакеры");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn fold_is_idempotent(text in "\\PC{0,60}") {
                let once = fold(&text);
                prop_assert_eq!(fold(&once), once);
            }

            #[test]
            fn fold_whitespace_is_idempotent_and_trimmed(text in "[ \\t\\n\\r\\PC]{0,60}") {
                let once = fold_whitespace(&text);
                prop_assert_eq!(fold_whitespace(&once), once.clone());
                prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
            }

            #[test]
            fn plain_text_never_panics_and_has_no_controls(html in "[<>&;/a-z!\\-# \\PC]{0,80}") {
                let plain = plain_text(&html);
                prop_assert!(!plain.chars().any(char::is_control));
                prop_assert_eq!(fold_whitespace(&plain), plain);
            }

            #[test]
            fn plain_text_of_marked_up_words_keeps_the_words(words in proptest::collection::vec("[a-zA-Z]{1,8}", 1..6)) {
                let html: String = words.iter().map(|w| format!("<p class=\"x\">{w}</p>")).collect();
                prop_assert_eq!(plain_text(&html), words.join(" "));
            }
        }
    }
}
