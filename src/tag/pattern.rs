//! Rule patterns: the small syntax of a term and the normalised text it is matched against.
//!
//! Matching reads a *match form* of the text: [`crate::text::fold`] (case, accents, width),
//! then every run of characters that are neither letters nor digits becomes one space. So
//! "Cyber-Attack", "cyber attack" and "CYBER  ATTACK!" all read "cyber attack", and a term
//! written with spaces or hyphens matches either spelling.
//!
//! A term is one or more words. By default it matches whole words only ("hack" does not match
//! "hackathon" or "shack"). A `*` at its end lets the last word continue ("hacker*" matches
//! "hackers", "hackergruppe"); a `*` at its start lets the first word begin earlier
//! ("*angriff" matches "cyberangriff"). Both together match anywhere, which suits scripts
//! that attach particles to words, such as Korean ("*해킹*").

use std::fmt;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A parsed term: its match form and which of its ends may continue into a longer word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The term in match form, without the `*` markers.
    pub text: String,
    /// The first word may be the end of a longer word (`*` at the start).
    pub open_start: bool,
    /// The last word may be the start of a longer word (`*` at the end).
    pub open_end: bool,
}

/// Why a term could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// The term has no letters or digits at all.
    Empty,
    /// A `*` appears somewhere other than the very start or end.
    InnerWildcard,
    /// The term, without wildcards, is too short to mean anything on its own.
    TooShort,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Empty => write!(f, "the term has no letters or digits"),
            PatternError::InnerWildcard => {
                write!(f, "`*` may only stand at the start or the end of a term")
            }
            PatternError::TooShort => {
                write!(
                    f,
                    "a term with `*` needs at least three letters (or one syllable or ideogram) besides the `*`"
                )
            }
        }
    }
}

impl Pattern {
    /// Reads a term in rule syntax (see the module note).
    pub fn parse(term: &str) -> Result<Pattern, PatternError> {
        let trimmed = term.trim();
        let open_start = trimmed.starts_with('*');
        let rest = trimmed.strip_prefix('*').unwrap_or(trimmed);
        let open_end = rest.ends_with('*');
        let inner = rest.strip_suffix('*').unwrap_or(rest);
        if inner.contains('*') {
            return Err(PatternError::InnerWildcard);
        }
        let text = match_form(inner);
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        if (open_start || open_end) && text.len() < 3 {
            return Err(PatternError::TooShort);
        }
        Ok(Pattern {
            text,
            open_start,
            open_end,
        })
    }
}

/// The match form of a text: [`crate::text::fold`] (compatibility decomposition, accents
/// removed, lower case, "ß" as "ss"), with every run of characters that are neither letters
/// nor digits turned into a single space and no space at either end. Computed in one pass:
/// ASCII, the bulk of feed text, byte by byte through a table, and Hangul syllables without
/// the Unicode tables.
pub fn match_form(text: &str) -> String {
    let mut form = MatchForm {
        out: Vec::with_capacity(text.len()),
        pending_space: false,
    };
    let mut recompose = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if let Some(&folded) = ASCII_WORD.get(usize::from(bytes[at])) {
            form.push_ascii(folded);
            at += 1;
            continue;
        }
        // `at` is on a character boundary: it only ever moves by whole characters.
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if is_hangul_syllable(c) {
            form.push_letter(c);
        } else if is_punctuation_or_space(c) {
            form.pending_space = true;
        } else {
            decompose_compatible(c, |d| {
                if is_combining_mark(d) {
                    return;
                }
                recompose |= is_conjoining_jamo(d);
                for lower in d.to_lowercase() {
                    match lower {
                        'ß' => b"ss".iter().for_each(|&s| form.push_ascii(s)),
                        _ => form.push(lower),
                    }
                }
            });
        }
    }
    // Only whole characters were written, so the bytes are UTF-8; the lossy path never runs.
    let out = String::from_utf8(form.out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if recompose {
        // Jamo that the decomposition left apart form syllables again, as in `fold`.
        out.nfc().collect()
    } else {
        out
    }
}

/// For each ASCII byte, its lower-case form where it is a letter or digit, else 0.
const ASCII_WORD: [u8; 128] = {
    let mut table = [0; 128];
    let mut byte: u8 = 0;
    while byte < 128 {
        if byte.is_ascii_alphanumeric() {
            table[byte as usize] = byte.to_ascii_lowercase();
        }
        byte += 1;
    }
    table
};

/// The match form under construction, as UTF-8 bytes.
struct MatchForm {
    out: Vec<u8>,
    pending_space: bool,
}

impl MatchForm {
    /// An ASCII byte as [`ASCII_WORD`] folds it: 0 separates words.
    #[inline]
    fn push_ascii(&mut self, folded: u8) {
        if folded == 0 {
            self.pending_space = true;
            return;
        }
        self.space_if_pending();
        self.out.push(folded);
    }

    fn push(&mut self, c: char) {
        if c.is_alphanumeric() {
            self.push_letter(c);
        } else {
            self.pending_space = true;
        }
    }

    /// A character known to be a letter or digit (a Hangul syllable), without the table look-up.
    fn push_letter(&mut self, c: char) {
        self.space_if_pending();
        let mut buffer = [0; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
    }

    /// The single space that stands for the separators before a word, except at the start.
    #[inline]
    fn space_if_pending(&mut self) {
        if self.pending_space && !self.out.is_empty() {
            self.out.push(b' ');
        }
        self.pending_space = false;
    }
}

/// Typographic punctuation and spaces common in feed text (quotes, dashes, no-break space),
/// which fold to neither letters nor digits.
fn is_punctuation_or_space(c: char) -> bool {
    ('\u{2000}'..='\u{206f}').contains(&c)
        || c == '\u{a0}'
        || ('\u{3000}'..='\u{3003}').contains(&c)
}

/// A precomposed Hangul syllable: decomposing and recomposing it gives it back unchanged.
fn is_hangul_syllable(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// A conjoining Hangul jamo, which composition may join into a syllable.
fn is_conjoining_jamo(c: char) -> bool {
    ('\u{1100}'..='\u{11ff}').contains(&c)
        || ('\u{a960}'..='\u{a97f}').contains(&c)
        || ('\u{d7b0}'..='\u{d7ff}').contains(&c)
}

/// Extends a match that ends at `end` to the end of its word, for `*`-terms.
pub fn word_end(text: &str, end: usize) -> usize {
    text[end..].find(' ').map_or(text.len(), |at| end + at)
}

/// Moves a match that starts at `start` back to the start of its word, for `*`-terms.
pub fn word_start(text: &str, start: usize) -> usize {
    text[..start].rfind(' ').map_or(0, |at| at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_form_joins_spellings() {
        assert_eq!(match_form("Cyber-Attack!"), "cyber attack");
        assert_eq!(match_form("  cyber   attack "), "cyber attack");
        assert_eq!(match_form("Hacker's «tools»"), "hacker s tools");
        assert_eq!(match_form("랜섬웨어 공격을"), "랜섬웨어 공격을");
        assert_eq!(match_form("Straße SCHLIEẞT"), "strasse schliesst");
    }

    /// The reference definition: `fold`, then runs of other characters to one space.
    fn reference_form(text: &str) -> String {
        crate::text::fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn match_form_agrees_with_fold() {
        for text in [
            "Ciberataque à Mairie de Nîmes — «pirates» ‘hackers’",
            "CYBERANGRIFF auf Städte: Lösegeld gefordert; İstanbul ŒUVRE ﬁle",
            "Die Stadt schließt Lücken; GROẞE Schäden, Maß",
            "Ataque hacker à prefeitura; invasão, ação, ＲＡＮＳＯＭ №5 ½",
            "랜섬웨어 공격을 받았다 ᄒᆞᆫ ㄱㅏ 한글",
            "ХАКЕРЫ атаковали; がぎぐ カタカナ 北 中国",
            "ascii only, With CAPS and 123 numbers!",
        ] {
            assert_eq!(match_form(text), reference_form(text), "{text}");
        }
    }

    #[test]
    fn parses_wildcards() {
        let p = Pattern::parse("Hacker*").expect("valid term");
        assert_eq!(
            (p.text.as_str(), p.open_start, p.open_end),
            ("hacker", false, true)
        );
        let p = Pattern::parse("*Angriff").expect("valid term");
        assert_eq!(
            (p.text.as_str(), p.open_start, p.open_end),
            ("angriff", true, false)
        );
        let p = Pattern::parse("*해킹*").expect("valid term");
        assert!(p.open_start && p.open_end);
    }

    #[test]
    fn rejects_bad_terms() {
        assert_eq!(Pattern::parse(""), Err(PatternError::Empty));
        assert_eq!(Pattern::parse(" -- "), Err(PatternError::Empty));
        assert_eq!(Pattern::parse("*"), Err(PatternError::Empty));
        assert_eq!(Pattern::parse("cy*ber"), Err(PatternError::InnerWildcard));
        assert_eq!(Pattern::parse("**ber"), Err(PatternError::InnerWildcard));
        assert_eq!(Pattern::parse("ab*"), Err(PatternError::TooShort));
        assert!(Pattern::parse("*북한*").is_ok());
    }

    #[test]
    fn word_edges() {
        let text = "the hackergruppe struck";
        assert_eq!(word_end(text, 10), 16);
        assert_eq!(word_start(text, 10), 4);
        assert_eq!(word_end(text, 20), text.len());
        assert_eq!(word_start(text, 2), 0);
    }
}
