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

#[cfg(test)]
mod tests {
    use super::*;

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
