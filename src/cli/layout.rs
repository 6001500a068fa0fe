//! Fitting tables to the terminal: how wide it is, and the last column cut to what is left.

use std::io;

use super::output::display_width;

/// The width assumed when standard output is not a terminal and `COLUMNS` is not set.
const DEFAULT_WIDTH: usize = 100;

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

/// Cuts cells so that a table printed by [`super::output::print_table`] fits in `width`
/// terminal columns: the widest of the `shrinkable` columns (index, narrowest width) loses a character
/// until the table fits or every one of them is at its narrowest.
pub fn fit_columns(
    header: &[&str],
    rows: &mut [Vec<String>],
    width: usize,
    shrinkable: &[(usize, usize)],
) {
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in rows.iter() {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    // Two spaces between columns.
    let total =
        |widths: &[usize]| widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    while total(&widths) > width {
        let widest = shrinkable
            .iter()
            .filter(|&&(column, narrowest)| widths.get(column).is_some_and(|&w| w > narrowest))
            .max_by_key(|&&(column, _)| widths.get(column).copied().unwrap_or(0));
        match widest {
            Some(&(column, _)) => widths[column] -= 1, // present: the filter above read it
            None => break,
        }
    }
    for row in rows {
        for &(column, _) in shrinkable {
            if let (Some(cell), Some(&room)) = (row.get_mut(column), widths.get(column)) {
                *cell = super::output::truncate(cell, room);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_shrinkable_column_gives_way_first() {
        let mut rows = vec![vec![
            "12".to_string(),
            "a feed name".to_string(),
            "a long title that goes on and on".to_string(),
        ]];
        let header = ["ID", "FEED", "TITLE"];
        fit_columns(&header, &mut rows, 2 + 2 + 11 + 2 + 20, &[(1, 4), (2, 5)]);
        assert_eq!(rows[0][1], "a feed name");
        assert_eq!(rows[0][2], "a long title that g…");
        fit_columns(&header, &mut rows, 2 + 2 + 6 + 2 + 6, &[(1, 4), (2, 5)]);
        assert_eq!(rows[0][1], "a fee…");
        assert_eq!(rows[0][2], "a lon…");
        fit_columns(&header, &mut rows, 1, &[(1, 4), (2, 5)]);
        assert_eq!(rows[0][1], "a f…", "never below the narrowest");
        assert_eq!(rows[0][2], "a lo…");
    }

    #[test]
    fn wide_titles_fit_by_columns_not_characters() {
        let title = "랜섬웨어 공격으로 병원 시스템 마비".to_string();
        let mut rows = vec![vec!["1".to_string(), title]];
        fit_columns(&["ID", "TITLE"], &mut rows, 20, &[(1, 5)]);
        assert!(display_width(&rows[0][1]) <= 16, "{}", rows[0][1]);
        assert!(display_width(&rows[0][1]) >= 15, "{}", rows[0][1]);
    }
}
