//! The language of an item: the one its feed declares, else the one its text reads as.
//!
//! Codes are ISO 639-1 (`en`, `es`, `pt`, `de`, `fr`, …) where one exists, else ISO 639-3 as
//! the detector names the language. Detection reads the title and the lead of the summary, so
//! its cost per item is bounded.

use std::sync::OnceLock;

use whatlang::{Detector, Lang};

/// The most text, in bytes, that detection reads.
const DETECT_BYTES: usize = 240;

/// The confidence below which a detected language is not recorded.
const MIN_CONFIDENCE: f64 = 0.2;

/// The language of an item whose feed declares `declared` (an RFC 5646 tag such as `en-US`),
/// with plain-text `title` and `summary`. `None` when the feed declares none and the text is
/// too short or too mixed to tell.
pub fn item_language(declared: Option<&str>, title: &str, summary: &str) -> Option<String> {
    declared
        .and_then(primary_subtag)
        .or_else(|| detect(title, summary))
}

/// The primary language subtag of a language tag, lower-cased: `pt` of `pt-BR`, `en` of `EN`.
/// `None` when the tag does not start with two or three letters.
pub fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    let valid =
        (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    valid.then(|| primary.to_ascii_lowercase())
}

fn detect(title: &str, summary: &str) -> Option<String> {
    let mut text = String::with_capacity(DETECT_BYTES + 1);
    for part in [title, summary] {
        for c in part.chars() {
            if text.len() + c.len_utf8() > DETECT_BYTES {
                break;
            }
            text.push(c);
        }
        text.push(' ');
    }
    let info = detector().detect(&text)?;
    // Headlines are short: whatlang calls few of them "reliable", yet its best guess is
    // right for most; only a guess it barely prefers is left out.
    (info.confidence() >= MIN_CONFIDENCE).then(|| code(info.lang()))
}

/// The languages told apart: those of the named codes below. Comparing trigrams against a
/// score of languages rather than all seventy makes detection a small part of a pass.
fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        Detector::with_allowlist(vec![
            Lang::Eng,
            Lang::Spa,
            Lang::Por,
            Lang::Deu,
            Lang::Fra,
            Lang::Ita,
            Lang::Nld,
            Lang::Kor,
            Lang::Jpn,
            Lang::Cmn,
            Lang::Rus,
            Lang::Ukr,
            Lang::Pol,
            Lang::Slk,
            Lang::Ces,
            Lang::Tur,
            Lang::Swe,
            Lang::Dan,
            Lang::Nob,
            Lang::Fin,
            Lang::Ara,
            Lang::Heb,
        ])
    })
}

/// ISO 639-1 for the languages that have a code there, else whatlang's ISO 639-3 code.
fn code(lang: Lang) -> String {
    let short = match lang {
        Lang::Eng => "en",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Deu => "de",
        Lang::Fra => "fr",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Kor => "ko",
        Lang::Jpn => "ja",
        Lang::Cmn => "zh",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Pol => "pl",
        Lang::Slk => "sk",
        Lang::Ces => "cs",
        Lang::Tur => "tr",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Nob => "nb",
        Lang::Fin => "fi",
        Lang::Ara => "ar",
        Lang::Heb => "he",
        other => other.code(),
    };
    short.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_language_wins_and_keeps_its_primary_subtag() {
        assert_eq!(
            item_language(Some("pt-BR"), "Hackers attack a bank", "").as_deref(),
            Some("pt")
        );
        assert_eq!(item_language(Some("EN_us"), "", "").as_deref(), Some("en"));
    }

    #[test]
    fn without_a_declaration_the_text_decides() {
        let cases = [
            (
                "Hackers stole the data of two million customers of the retailer",
                "en",
            ),
            (
                "Los ciberdelincuentes robaron los datos de dos millones de clientes",
                "es",
            ),
            (
                "Criminosos roubaram os dados de dois milhões de clientes da empresa",
                "pt",
            ),
            (
                "Kriminelle haben die Daten von zwei Millionen Kunden gestohlen",
                "de",
            ),
            (
                "Des pirates ont volé les données de deux millions de clients",
                "fr",
            ),
        ];
        for (title, want) in cases {
            assert_eq!(
                item_language(None, title, "").as_deref(),
                Some(want),
                "{title}"
            );
        }
    }

    #[test]
    fn a_bad_declaration_or_no_text_gives_no_language() {
        assert_eq!(item_language(Some("english!"), "", ""), None);
        assert_eq!(item_language(None, "", ""), None);
    }
}
