//! Selection and scrolling in each view: what is selected stays in view.

use super::{App, View, lists};
use crate::model::Lane;

impl App {
    /// Scrolls the Next and Resolved lists so their selections are on screen.
    pub(super) fn keep_lists_visible(&mut self) {
        let height = self.list_height();
        let (top, bottom) = lists::next_rows(
            self.derived.next(),
            self.nav.next_selected,
            self.next_expand(),
        );
        self.nav.next_scroll = lists::scroll_to(self.nav.next_scroll, top, bottom, height);
        let (top, bottom) = lists::resolved_rows(self.nav.resolved_selected);
        self.nav.resolved_scroll = lists::scroll_to(self.nav.resolved_scroll, top, bottom, height);
    }

    pub(super) fn keep_visible(&mut self, lane: Lane) {
        let i = lane.index();
        let visible = self.cards_visible();
        let len = self.derived.lanes[i].len();
        let sel = self.nav.selected[i];
        if sel < self.nav.scroll[i] {
            self.nav.scroll[i] = sel;
        } else if sel >= self.nav.scroll[i] + visible {
            self.nav.scroll[i] = sel + 1 - visible;
        }
        self.nav.scroll[i] = self.nav.scroll[i].min(len.saturating_sub(visible));
    }

    /// Selects a question in every view where it is: its lane on the board, the plan, or the
    /// resolved list.
    pub fn select_id(&mut self, id: u32) {
        if self.derived.plan.find(id).is_some() {
            self.nav.map_selected = Some(id);
        }
        if let Some(pos) = self.derived.next().position(id) {
            self.nav.next_selected = pos;
        }
        if let Some(pos) = self.derived.resolved.iter().position(|&r| r == id) {
            self.nav.resolved_selected = pos;
        }
        self.keep_lists_visible();
        if let Some(lane) = Lane::ALL
            .into_iter()
            .find(|l| self.derived.lanes[l.index()].contains(&id))
        {
            let pos = self.derived.lanes[lane.index()]
                .iter()
                .position(|&x| x == id)
                .unwrap_or(0);
            self.nav.focus = lane;
            self.nav.selected[lane.index()] = pos;
            self.keep_visible(lane);
        }
    }

    /// Selects a position in the current view's list (or the focused lane).
    pub(super) fn select(&mut self, pos: usize) {
        match self.nav.view {
            View::Board => {
                let i = self.nav.focus.index();
                self.nav.selected[i] = pos.min(self.derived.lanes[i].len().saturating_sub(1));
                self.keep_visible(self.nav.focus);
            }
            View::Next => {
                self.nav.next_selected = pos.min(self.derived.next().len().saturating_sub(1));
                self.keep_lists_visible();
            }
            View::Resolved => {
                self.nav.resolved_selected = pos.min(self.derived.resolved.len().saturating_sub(1));
                self.keep_lists_visible();
            }
            View::Map => {
                let plan = &self.derived.plan;
                let last = plan.len().saturating_sub(1);
                self.nav.map_selected = plan.item(pos.min(last)).map(|(_, i)| i.id);
            }
        }
    }

    /// The selected position in the current view's list.
    pub(super) fn position(&self) -> usize {
        match self.nav.view {
            View::Board => self.nav.selected[self.nav.focus.index()],
            View::Next => self.nav.next_selected,
            View::Resolved => self.nav.resolved_selected,
            View::Map => self
                .map_selected_id()
                .and_then(|id| self.derived.plan.position(id))
                .unwrap_or(0),
        }
    }

    /// How many rows a page is in the current view.
    pub(super) fn page(&self) -> usize {
        match self.nav.view {
            View::Board => self.cards_visible(),
            View::Next | View::Resolved => (self.list_height() / 2).max(1),
            View::Map => 1,
        }
    }

    /// Switches to a view. The question selected here stays selected there when it shows
    /// without scrolling; in Next steps, otherwise, the first question to resolve now is.
    pub(super) fn go_to_view(&mut self, view: View) {
        let selected = self.selected_id();
        self.nav.view = view;
        if view == View::Next && self.derived.next_due {
            self.narrow_plan();
            self.measure_reasons();
        }
        self.recount_search();
        match (view, selected) {
            (View::Next, Some(id)) => {
                let fits = self.derived.next().position(id).is_some_and(|pos| {
                    lists::next_rows(self.derived.next(), pos, Default::default()).1
                        < self.list_height()
                });
                if fits {
                    self.select_id(id);
                } else {
                    self.nav.next_selected = 0;
                    self.nav.next_scroll = 0;
                }
            }
            (View::Next, None) => {
                self.nav.next_selected = 0;
                self.nav.next_scroll = 0;
            }
            // The Map opens on the question selected where the user was, when it is open; else
            // on the start of the critical chain.
            (View::Map, selected) => {
                self.chain_if_shown();
                // A question with no link is not drawn: the Map opens on the chain then.
                self.nav.map_selected = selected.filter(|&id| {
                    self.derived
                        .plan
                        .find(id)
                        .is_some_and(|(_, i)| !i.waits_on.is_empty() || !i.waited_by.is_empty())
                });
            }
            (_, Some(id)) => self.select_id(id),
            (_, None) => {}
        }
    }
}
