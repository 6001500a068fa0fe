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
/// dropped, entities decoded, terminal escape sequences removed whole, other control characters
/// and whitespace folded to single spaces.
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
    // After decoding, since "&#27;[31m" is an escape sequence too.
    if decoded.contains(is_escape_introducer) {
        fold_whitespace(&strip_escape_sequences(&decoded))
    } else {
        fold_whitespace(&decoded)
    }
}

/// ESC, and the 8-bit C1 forms of CSI, OSC, DCS, SOS, PM and APC.
fn is_escape_introducer(c: char) -> bool {
    matches!(
        c,
        '\u{1b}' | '\u{9b}' | '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}'
    )
}

/// Removes ECMA-48 escape sequences whole: CSI (`ESC [ … m`), the strings OSC, DCS, SOS, PM
/// and APC up to their terminator, and two-character escapes. Removing only the ESC byte would
/// leave `[31m` glued to the next word. A string never terminated loses only its introducer, so
/// hostile text cannot hide what follows it.
pub fn strip_escape_sequences(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let kind = match (c, next) {
            ('\u{1b}', Some('[')) | ('\u{9b}', _) => Some(Sequence::Control),
            ('\u{1b}', Some(']' | 'P' | 'X' | '^' | '_'))
            | ('\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}', _) => Some(Sequence::String),
            ('\u{1b}', _) => Some(Sequence::Escape),
            _ => None,
        };
        let body = if c == '\u{1b}' { i + 2 } else { i + 1 };
        i = match kind {
            None => {
                out.push(c);
                i + 1
            }
            Some(Sequence::Control) => control_sequence_end(&chars, body),
            Some(Sequence::String) => string_end(&chars, body).unwrap_or(body),
            Some(Sequence::Escape) => escape_end(&chars, i + 1),
        };
    }
    out
}

/// The kinds of escape sequence, by how they end.
enum Sequence {
    /// CSI: parameters and intermediates, then one final character.
    Control,
    /// OSC, DCS, SOS, PM, APC: any text up to BEL, ST or ESC `\`.
    String,
    /// ESC, intermediates, then one final character.
    Escape,
}

/// Just past a CSI's final character (0x40–0x7E); a character out of place ends it early.
fn control_sequence_end(chars: &[char], mut i: usize) -> usize {
    while let Some(&c) = chars.get(i) {
        i += 1;
        if !matches!(c, '\u{20}'..='\u{3f}') {
            // The final character, or one that cannot be part of the sequence: either way, gone.
            break;
        }
    }
    i
}

/// Just past the terminator of a control string, if it has one.
fn string_end(chars: &[char], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(&c) = chars.get(i) {
        match c {
            '\u{7}' | '\u{9c}' => return Some(i + 1),
            '\u{1b}' if chars.get(i + 1) == Some(&'\\') => return Some(i + 2),
            _ => i += 1,
        }
    }
    None
}

/// Just past a two-character (or intermediate-carrying) escape.
fn escape_end(chars: &[char], mut i: usize) -> usize {
    while chars
        .get(i)
        .is_some_and(|c| matches!(c, '\u{20}'..='\u{2f}'))
    {
        i += 1;
    }
    match chars.get(i) {
        Some('\u{30}'..='\u{7e}') => i + 1,
        _ => i,
    }
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
/// "ß" written "ss", and typographic dashes and quotes replaced by their ASCII forms. Hangul and other scripts
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
            // German writes "ss" for "ß" in capitals and in Switzerland: one form matches both.
            _ => c.to_lowercase().for_each(|l| match l {
                'ß' => out.push_str("ss"),
                _ => out.push(l),
            }),
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
    fn escape_sequences_are_removed_whole() {
        assert_eq!(
            plain_text("\u{1b}[31mransomware\u{1b}[0m hits"),
            "ransomware hits"
        );
        assert_eq!(plain_text("a\u{1b}]0;title\u{7}b"), "ab");
        assert_eq!(
            plain_text("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\"),
            "alink"
        );
        assert_eq!(plain_text("a\u{9b}1;2Hb \u{1b}(Bc \u{1b}7d"), "ab c d");
        assert_eq!(plain_text("&#27;[1mbold&#27;[m"), "bold");
        assert_eq!(plain_text("bell\u{7}and\u{85}next"), "bell and next");
    }

    #[test]
    fn an_unterminated_control_string_loses_only_its_introducer() {
        assert_eq!(plain_text("a\u{1b}]never ends"), "anever ends");
        assert_eq!(plain_text("trailing \u{1b}"), "trailing");
        assert_eq!(plain_text("csi at end \u{1b}[12"), "csi at end");
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
        assert_eq!(fold("Straße, GROẞE"), "strasse, grosse");
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
            fn stripped_text_has_no_escape_left(text in "[\u{1b}\u{9b}\u{9d}\u{7}\\\\\\[\\]0-9;mPa-z ]{0,60}") {
                let plain = plain_text(&text);
                prop_assert!(!plain.contains(is_escape_introducer), "{:?} → {:?}", text, plain);
            }

            #[test]
            fn plain_text_of_marked_up_words_keeps_the_words(words in proptest::collection::vec("[a-zA-Z]{1,8}", 1..6)) {
                let html: String = words.iter().map(|w| format!("<p class=\"x\">{w}</p>")).collect();
                prop_assert_eq!(plain_text(&html), words.join(" "));
            }
        }
    }
}
