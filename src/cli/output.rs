//! Output formats shared by the commands: aligned tables, JSON Lines and CSV.

use std::io::{self, Write};

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

/// Text made safe for a terminal: control characters (escape sequences) removed.
pub fn terminal_safe(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// `text` cut to at most `width` characters, with an ellipsis when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Prints rows as aligned columns under `header`; the last column is not padded.
pub fn print_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let last = cells.len().saturating_sub(1);
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i == last {
                text.push_str(cell);
            } else {
                let pad = width - cell.chars().count();
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
        writeln!(
            out,
            "{}",
            line(row.iter().map(|c| terminal_safe(c)).collect())
        )?;
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
        assert_eq!(terminal_safe("a\u{1b}[31mred\u{7}"), "a[31mred");
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
}
