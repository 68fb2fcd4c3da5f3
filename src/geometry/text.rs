//! Text measured and cut as ratatui draws it: by extended grapheme clusters (a family emoji, a
//! flag, a letter with its accents are one), each as wide as ratatui's `CellWidth` says;
//! controls and zero-width clusters take no room (ratatui draws neither). A cluster is never
//! split.

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// The clusters of a text with the columns each takes.
pub fn clusters(text: &str) -> impl Iterator<Item = (&str, usize)> + '_ {
    text.graphemes(true).map(|g| {
        let w = if g.contains(char::is_control) {
            0
        } else {
            usize::from(g.cell_width())
        };
        (g, w)
    })
}

/// How many columns a text takes on screen.
pub fn width(text: &str) -> usize {
    clusters(text).map(|(_, w)| w).sum()
}

/// The longest start of `text` that fits in `columns`, in whole clusters, and its width.
pub fn cut(text: &str, columns: usize) -> (&str, usize) {
    let mut end = 0;
    let mut used = 0;
    for (g, w) in clusters(text) {
        if used + w > columns {
            break;
        }
        used += w;
        end += g.len();
    }
    (&text[..end], used)
}

/// Clears an area for an overlay. A wide cluster just left of it whose right half reaches into
/// it is blanked too: the terminal would otherwise draw it over the overlay's first column
/// (ratatui does not redraw a cell a wide cluster covers), losing the overlay's border.
pub fn clear(area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
    use ratatui::widgets::Widget;
    ratatui::widgets::Clear.render(area, buf);
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for back in 1..=3u16 {
            let Some(x) = area.left().checked_sub(back) else {
                break;
            };
            if x < buf.area.left() {
                break;
            }
            if buf[(x, y)].symbol().cell_width() > back {
                buf[(x, y)].reset();
            }
        }
    }
}

/// Word-wraps text to `width` columns (display width: CJK and emoji count double) in at most
/// `max_lines` lines; text that does not fit ends in an ellipsis.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    if width == 0 || max_lines == 0 {
        return Vec::new();
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    let mut truncated = false;
    'words: for word in text.split_whitespace() {
        let word_width = self::width(word);
        let sep = usize::from(!line.is_empty());
        if line_width + sep + word_width <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            line_width += sep + word_width;
            continue;
        }
        // The word does not fit on this line.
        if !line.is_empty() {
            if lines.len() + 1 == max_lines {
                truncated = true;
                break;
            }
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        // Break words longer than a line between clusters, never inside one.
        for (g, w) in clusters(word) {
            if line_width + w > width {
                if lines.len() + 1 == max_lines {
                    truncated = true;
                    break 'words;
                }
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push_str(g);
            line_width += w;
        }
    }
    if truncated {
        // Make room for the ellipsis, a whole cluster at a time.
        let (kept, _) = cut(&line, width.saturating_sub(1));
        line.truncate(kept.len());
        let trimmed = line.trim_end().to_string();
        line_width = self::width(&trimmed);
        line = trimmed;
        if line_width < width {
            line.push('…');
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_words_within_two_lines_with_an_ellipsis() {
        assert_eq!(
            wrap("Which ledger is the source of truth?", 12, 2),
            ["Which ledger", "is the…"]
        );
        assert_eq!(wrap("short", 12, 2), ["short"]);
        assert_eq!(wrap("", 12, 2), [""]);
        assert_eq!(wrap("a b", 0, 2), Vec::<String>::new());
    }

    #[test]
    fn long_words_break_and_wide_characters_count_double() {
        assert_eq!(wrap("abcdefghij", 4, 2), ["abcd", "efg…"]);
        let lines = wrap("数据库迁移的真相来源是哪个账本", 10, 2);
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert!(lines[1].ends_with('…'));
        let emoji = wrap("🚀🚀🚀🚀🚀🚀", 5, 1);
        assert!(width(&emoji[0]) <= 5, "{emoji:?}");
    }
    #[test]
    fn clusters_are_measured_whole() {
        let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
        assert_eq!(width(family), 2);
        assert_eq!(width("🇩🇪"), 2);
        assert_eq!(width("👍🏽"), 2);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("a\u{200b}b"), 2);
        assert_eq!(cut(&format!("{family}{family}"), 3), (family, 2));
        assert_eq!(cut("数据库", 5), ("数据", 4));
    }
}
