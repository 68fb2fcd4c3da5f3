//! The Next steps and Resolved views' rows: where the list, the warnings and the detail go,
//! which row shows what, and what is under a cell. Shared by drawing, scrolling (in update) and
//! mouse hit-testing.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

use super::text::wrap;
use crate::model::plan::{Plan, SectionKind, Warning};

/// Where the parts of a list view go.
pub struct ListAreas {
    pub warnings: Option<Rect>,
    pub list: Rect,
    pub detail: Rect,
}

/// Lays out a list view below the header and above the status line, with the plan's warnings
/// above the list (Next steps; none in Resolved).
/// How much room the warnings above Next steps take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningRoom {
    /// One line (a small terminal, until the user opens them).
    Folded,
    /// Up to a third of the screen.
    Third,
    /// Opened: up to two thirds, so all of them show.
    Open,
}

/// The list view's areas; `detail` false gives the list the whole width (the detail's area is
/// empty).
pub fn areas(
    area: Rect,
    warnings: &[Warning],
    room: WarningRoom,
    detail: bool,
) -> Option<ListAreas> {
    if !super::fits(area) {
        return None;
    }
    let body = super::body(area);
    let (warnings, rest) = if !warnings.is_empty() {
        let inner_width = body.width.saturating_sub(4) as usize;
        let lines: usize = warnings
            .iter()
            .map(|w| wrap(&w.message, inner_width, usize::MAX).len())
            .sum();
        let height = match room {
            WarningRoom::Folded => 3,
            WarningRoom::Third => (lines as u16 + 2).min(body.height / 3).max(3),
            WarningRoom::Open => (lines as u16 + 2).min(body.height * 2 / 3).max(3),
        };
        let [w, rest] =
            Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(body);
        (Some(w), rest)
    } else {
        (None, body)
    };
    let [list, detail] = if !detail {
        [rest, Rect::new(rest.x, rest.bottom(), rest.width, 0)]
    } else if rest.width >= 100 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(rest)
    };
    Some(ListAreas {
        warnings,
        list,
        detail,
    })
}

/// Rows inside the list's border, at a terminal size.
pub fn list_height(
    (width, height): (u16, u16),
    warnings: &[Warning],
    room: WarningRoom,
    detail: bool,
) -> usize {
    let area = Rect::new(0, 0, width, height);
    areas(area, warnings, room, detail)
        .map_or(1, |a| a.list.height.saturating_sub(2).max(1) as usize)
}

/// How many rows past the usual two (title and one line of reason) each item of the Next
/// list takes to show its reason whole: `each` item's, or, on a plan too big to measure every
/// reason, only the selected `item`'s `extra`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expand<'a> {
    pub item: usize,
    pub extra: usize,
    pub each: &'a [u16],
}

impl Expand<'_> {
    /// The extra rows item `i` takes.
    pub fn of_item(self, i: usize) -> usize {
        self.of(i)
    }

    fn of(self, i: usize) -> usize {
        if self.each.is_empty() {
            if i == self.item { self.extra } else { 0 }
        } else {
            self.each.get(i).copied().unwrap_or(0) as usize
        }
    }

    /// The extra rows of items `from..to`.
    fn within(self, from: usize, to: usize) -> usize {
        if self.each.is_empty() {
            if (from..to).contains(&self.item) {
                self.extra
            } else {
                0
            }
        } else {
            let n = self.each.len();
            self.each[from.min(n)..to.min(n)]
                .iter()
                .map(|&e| e as usize)
                .sum()
        }
    }
}

/// Rows of the Next list: each section is a heading, two rows per question (the expanded one
/// more), and a blank row. Returns the first and last row of item `k`; the first includes its
/// section's heading when it is the first of its section, and everything above for the very
/// first item.
pub fn next_rows(plan: &Plan, k: usize, expand: Expand<'_>) -> (usize, usize) {
    let mut row = 0;
    let mut index = 0;
    // An empty section is not shown.
    for section in plan.sections.iter().filter(|s| !s.items.is_empty()) {
        let heading = row;
        row += 1;
        let len = section.items.len();
        if k < index + len {
            let top = row + 2 * (k - index) + expand.within(index, k);
            let first = match k {
                0 => 0,
                _ if k == index => heading,
                _ => top,
            };
            return (first, top + 1 + expand.within(k, k + 1));
        }
        row += 2 * len + expand.within(index, index + len) + 1;
        index += len;
    }
    (0, 0)
}

/// Rows of the Resolved list: two per question.
pub fn resolved_rows(k: usize) -> (usize, usize) {
    (2 * k, 2 * k + 1)
}

/// The scroll that keeps rows `top..=bottom` visible, moving as little as possible.
pub fn scroll_to(scroll: usize, top: usize, bottom: usize, height: usize) -> usize {
    if top < scroll {
        top
    } else if bottom >= scroll + height {
        (bottom + 1).saturating_sub(height).min(top)
    } else {
        scroll
    }
}

/// What a row of the Next list shows.
pub enum NextRow {
    Heading(SectionKind, usize),
    Title(usize),
    /// Line `n` of item `k`'s reason.
    Reason(usize, usize),
    Blank,
}

pub fn next_row(plan: &Plan, row: usize, expand: Expand<'_>) -> Option<NextRow> {
    let mut at = 0;
    let mut index = 0;
    // An empty section is not shown.
    for section in plan.sections.iter().filter(|s| !s.items.is_empty()) {
        if row == at {
            return Some(NextRow::Heading(section.kind, section.items.len()));
        }
        at += 1;
        let len = section.items.len();
        let extra = expand.within(index, index + len);
        let rows = 2 * len + extra;
        if row < at + rows {
            let r = row - at;
            if extra == 0 {
                // Two rows an item: no walk.
                let k = index + r / 2;
                return Some(if r.is_multiple_of(2) {
                    NextRow::Title(k)
                } else {
                    NextRow::Reason(k, 0)
                });
            }
            let mut r = r;
            for k in index..index + len {
                let own = 2 + expand.of(k);
                if r < own {
                    return Some(if r == 0 {
                        NextRow::Title(k)
                    } else {
                        NextRow::Reason(k, r - 1)
                    });
                }
                r -= own;
            }
            return None;
        }
        at += rows;
        if row == at {
            return Some(NextRow::Blank);
        }
        at += 1;
        index += len;
    }
    None
}

/// What a list view shows, for hit-testing: the plan (Next steps) or how many resolved
/// questions (Resolved), and the first visible row.
pub enum Shown<'a> {
    Next {
        plan: &'a Plan,
        scroll: usize,
        expand: Expand<'a>,
    },
    Resolved {
        len: usize,
        scroll: usize,
    },
}

/// The list item under a screen cell, if any, in the list's area (see [`areas`]).
pub fn hit(list: Rect, shown: Shown<'_>, col: u16, row: u16) -> Option<usize> {
    let inner = Block::bordered().inner(list);
    if col < inner.x || col >= inner.right() || row < inner.y || row >= inner.bottom() {
        return None;
    }
    let r = (row - inner.y) as usize;
    match shown {
        Shown::Next {
            plan,
            scroll,
            expand,
        } => match next_row(plan, scroll + r, expand)? {
            NextRow::Title(k) | NextRow::Reason(k, _) => Some(k),
            _ => None,
        },
        Shown::Resolved { len, scroll } => {
            let k = (scroll + r) / 2;
            (k < len).then_some(k)
        }
    }
}

/// A reason wrapped under its question's title (indented 7 columns), as Next steps shows it.
pub fn reason_lines(reason: &str, width: usize) -> Vec<String> {
    wrap(reason, width.saturating_sub(8).max(8), usize::MAX)
}
