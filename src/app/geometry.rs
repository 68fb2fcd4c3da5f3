//! The app's own data handed to the layout, which sits below app and ui: drawing and the
//! app's scrolling and mouse handling ask the same questions here, so they agree.

use ratatui::layout::Rect;

use super::{App, View};
use crate::geometry::lists::{self, ListAreas, Shown};
use crate::geometry::{self, BoardLayout};
use crate::model::plan::Warning;

/// Terminals shorter than this fold Next steps' warnings to one line.
const FOLD_BELOW: u16 = 30;

/// The most questions a shared screen names one by one as what a question unblocks.
pub const ALOUD_MAX: usize = 100;

impl App {
    /// The warnings shown above the list: the plan's, in Next steps.
    pub fn list_warnings(&self) -> &[Warning] {
        match self.nav.view {
            View::Next => &self.derived.plan.warnings,
            _ => &[],
        }
    }

    /// Where the lanes and their visible cards are on a screen of `area`.
    pub fn board_layout(&self, area: Rect) -> Option<BoardLayout> {
        geometry::board_layout(
            area,
            self.present(),
            &self.derived.lanes,
            &self.nav.scroll,
            self.detail_at(),
        )
    }

    /// Where the board shows the selected question's detail, at the current size.
    /// Whether the lists show the selected question's detail.
    pub fn list_detail(&self) -> bool {
        self.nav.detail != geometry::Detail::Hidden
    }

    /// Whether the view shows the selected question's detail.
    pub fn detail_showing(&self) -> bool {
        match self.nav.view {
            View::Board => self.detail_at() != geometry::DetailAt::None,
            View::Next | View::Resolved => self.list_detail(),
            View::Map => false,
        }
    }

    pub fn detail_at(&self) -> geometry::DetailAt {
        geometry::detail_at(self.size, self.nav.detail)
    }

    /// Where a list view's warnings, list and detail are.
    pub fn list_areas(&self, area: Rect) -> Option<ListAreas> {
        lists::areas(
            area,
            self.list_warnings(),
            self.warning_room(),
            self.list_detail(),
        )
    }

    /// An item's reason as the view shows it: on a shared screen (presenting, or one question
    /// zoomed) naming every question it unblocks, elsewhere the first few.
    pub fn reason_of(&self, item: &crate::model::plan::Item) -> String {
        self.reason_said(item, self.present())
    }

    /// An item's reason naming every question it unblocks when `aloud` (up to
    /// [`ALOUD_MAX`] of them: past that a list is not read aloud, and walking it would cost
    /// a keystroke its budget).
    pub fn reason_said(&self, item: &crate::model::plan::Item, aloud: bool) -> String {
        if aloud && item.unblocks > 4 && item.unblocks as usize <= ALOUD_MAX {
            item.reason_naming_all(&self.derived.plan.unblocked_by(item.id))
        } else {
            item.reason()
        }
    }

    /// How many more rows the selected question's whole reason takes in Next steps, at the
    /// list's width (the view and the scrolling ask the same).
    pub fn next_expand(&self) -> lists::Expand<'_> {
        let item = self.nav.next_selected;
        if !self.derived.reason_extra.is_empty() {
            return lists::Expand {
                item,
                extra: 0,
                each: &self.derived.reason_extra,
            };
        }
        let lines = self.derived.next().item(item).map_or(1, |(_, i)| {
            lists::reason_lines(&self.reason_of(i), self.next_list_width()).len()
        });
        lists::Expand {
            item,
            extra: lines.saturating_sub(1),
            each: &[],
        }
    }

    /// The Next list's inner width at the current size.
    pub fn next_list_width(&self) -> usize {
        self.list_areas(Rect::new(0, 0, self.size.0, self.size.1))
            .map_or(0, |a| a.list.width.saturating_sub(2) as usize)
    }

    /// Measures every reason of the Next list at its width, so each shows whole: on plans of
    /// up to this many questions (a bigger one shows the selected reason whole).
    pub(super) fn measure_reasons(&mut self) {
        const MEASURED_UP_TO: usize = 3000;
        if self.nav.view != View::Next {
            // Measured once Next steps is shown: thousands of reasons wrapped at every change
            // or letter of a filter, for a view not on screen.
            self.derived.reason_extra = Vec::new();
            self.derived.next_due = true;
            return;
        }
        let plan = self.derived.next();
        self.derived.reason_extra = if plan.len() <= MEASURED_UP_TO {
            let width = self.next_list_width();
            plan.items()
                .map(|(_, i)| {
                    (lists::reason_lines(&self.reason_of(i), width)
                        .len()
                        .saturating_sub(1)) as u16
                })
                .collect()
        } else {
            Vec::new()
        };
    }

    /// Whether the warnings take one line: on a small terminal, until they are opened.
    pub fn warnings_folded(&self) -> bool {
        self.warning_room() == lists::WarningRoom::Folded
    }

    /// The room the warnings take: folded on a small terminal, all of them once opened (w).
    pub fn warning_room(&self) -> lists::WarningRoom {
        match (self.nav.warnings_open, self.size.1 < FOLD_BELOW) {
            (true, _) => lists::WarningRoom::Open,
            (false, true) => lists::WarningRoom::Folded,
            (false, false) => lists::WarningRoom::Third,
        }
    }

    /// The help overlay of a context, laid out at the current size.
    pub fn help_layout(&self, context: super::Context) -> geometry::HelpLayout {
        let mut groups: Vec<(&str, Vec<(String, &str)>)> = super::keymap::HELP_GROUPS
            .iter()
            .map(|name| (*name, Vec::new()))
            .collect();
        for b in self.keymap.bindings_in_force(context) {
            let at = super::keymap::help_group(&b.action);
            groups[at].1.push((super::keymap::keys_label(&b), b.help()));
        }
        groups.retain(|(_, entries)| !entries.is_empty());
        let mut notes = Vec::new();
        if context == super::Context::Board {
            notes.push(super::messages::MOUSE_NOTE);
        }
        if context.takes_text() {
            notes.push(super::messages::TYPING_NOTE);
        }
        geometry::help_layout(&groups, &notes, self.size)
    }

    /// Rows inside the list's border at the current size.
    pub fn list_height(&self) -> usize {
        lists::list_height(
            self.size,
            self.list_warnings(),
            self.warning_room(),
            self.list_detail(),
        )
    }

    /// The list item under a cell, in the Next steps and Resolved views.
    pub fn list_hit(&self, col: u16, row: u16) -> Option<usize> {
        let shown = match self.nav.view {
            View::Next => Shown::Next {
                plan: self.derived.next(),
                expand: self.next_expand(),
                scroll: self.nav.next_scroll,
            },
            View::Resolved => Shown::Resolved {
                len: self.derived.resolved.len(),
                scroll: self.nav.resolved_scroll,
            },
            View::Board | View::Map => return None,
        };
        let list = self
            .list_areas(Rect::new(0, 0, self.size.0, self.size.1))?
            .list;
        lists::hit(list, shown, col, row)
    }
}
