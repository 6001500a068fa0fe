//! Output formats shared by the commands: aligned tables, JSON Lines and CSV.

use std::io::{self, Write};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How a listing is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// JSON Lines: one object per row.
    Json,
    /// CSV with a header row.
    Csv,
}

/// Text made safe for a terminal: escape sequences and other control characters removed. Stored
/// text is already clean; this guards what older versions stored and what the user passed.
pub fn terminal_safe(text: &str) -> String {
    crate::text::strip_escape_sequences(text)
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

/// How many terminal columns `text` takes: two for a wide (CJK, Hangul) character, none for a
/// combining mark.
pub fn display_width(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `width` terminal columns, on a grapheme boundary, with an ellipsis
/// when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(1);
    let mut cut = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = grapheme.width();
        if used + w > room {
            break;
        }
        used += w;
        cut.push_str(grapheme);
    }
    cut.push('…');
    cut
}

/// Prints rows as aligned columns under `header`; the last column is not padded.
pub fn print_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| terminal_safe(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(display_width(cell));
        }
    }
    let line = |cells: Vec<String>| {
        let last = cells.len().saturating_sub(1);
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i == last {
                text.push_str(cell);
            } else {
                let pad = width.saturating_sub(display_width(cell));
                text.push_str(cell);
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        text
    };
    writeln!(
        out,
        "{}",
        line(header.iter().map(|h| h.to_string()).collect())
    )?;
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// Prints each value as one line of JSON.
pub fn print_json_lines<T: serde::Serialize>(out: &mut impl Write, rows: &[T]) -> io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Prints rows as CSV under `header`, with cells that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`) quoted by a leading apostrophe.
pub fn print_csv(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.iter().map(|c| formula_safe(c)))?;
    }
    writer.flush()
}

/// A CSV cell that spreadsheets will not evaluate.
pub fn formula_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_removed_for_terminals() {
        assert_eq!(terminal_safe("a\u{1b}[31mred\u{7}"), "ared");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(formula_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(formula_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(formula_safe("plain"), "plain");
    }

    #[test]
    fn tables_align_columns() {
        let mut out = Vec::new();
        print_table(
            &mut out,
            &["ID", "TITLE"],
            &[
                vec!["7".into(), "x".into()],
                vec!["1234".into(), "y".into()],
            ],
        )
        .expect("write to memory");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, "ID    TITLE\n7     x\n1234  y\n");
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(display_width("랜섬웨어"), 8);
        assert_eq!(truncate("랜섬웨어 공격", 6), "랜섬…");
        assert_eq!(display_width(&truncate("랜섬웨어 공격", 6)), 5);
    }

    #[test]
    fn truncation_keeps_graphemes_whole() {
        // "e" + combining acute, then a flag of two regional indicators.
        assert_eq!(
            truncate("e\u{301}e\u{301}e\u{301}", 3),
            "e\u{301}e\u{301}e\u{301}"
        );
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        assert_eq!(truncate("🇫🇷🇩🇪🇪🇸", 4), "🇫🇷…");
    }

    #[test]
    fn tables_align_wide_text_by_columns() {
        let mut out = Vec::new();
        print_table(
            &mut out,
            &["T", "X"],
            &[
                vec!["공격".into(), "a".into()],
                vec!["ab".into(), "b".into()],
            ],
        )
        .expect("write to memory");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, "T     X\n공격  a\nab    b\n");
    }
}
