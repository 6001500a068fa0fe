//! Fitting tables to the terminal: how wide it is, and the last column cut to what is left.

use std::io;

/// The width assumed when standard output is not a terminal and `COLUMNS` is not set.
const DEFAULT_WIDTH: usize = 100;

/// The last column never gets fewer characters than this, however narrow the terminal.
const MIN_LAST_COLUMN: usize = 20;

/// The output width: `COLUMNS` when set, else the terminal's width, else 100.
pub fn width() -> usize {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return columns;
    }
    terminal_size::terminal_size_of(io::stdout())
        .map_or(DEFAULT_WIDTH, |(terminal_size::Width(w), _)| usize::from(w))
}

/// Cuts the last cell of each row so that a table printed by
/// [`super::output::print_table`] fits in `width` characters.
pub fn fit_last_column(header: &[&str], rows: &mut [Vec<String>], width: usize) {
    let Some(last) = header.len().checked_sub(1) else {
        return;
    };
    let used: usize = (0..last)
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(|cell| cell.chars().count())
                .chain([header[column].chars().count()])
                .max()
                .unwrap_or(0)
                + 2
        })
        .sum();
    let room = width.saturating_sub(used).max(MIN_LAST_COLUMN);
    for row in rows {
        if let Some(cell) = row.get_mut(last) {
            *cell = super::output::truncate(cell, room);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_column_takes_what_is_left() {
        let mut rows = vec![vec![
            "12".to_string(),
            "a long title that goes on and on".to_string(),
        ]];
        fit_last_column(&["ID", "TITLE"], &mut rows, 4 + 22);
        assert_eq!(rows[0][1], "a long title that goe…");
        let mut rows = vec![vec!["12".to_string(), "x".repeat(30)]];
        fit_last_column(&["ID", "TITLE"], &mut rows, 5);
        assert_eq!(rows[0][1].chars().count(), MIN_LAST_COLUMN);
    }
}
