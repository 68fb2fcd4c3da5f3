//! Selection and scrolling in each view: what is selected stays in view.

use super::{Action, App, View, lists, messages};
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
        }
    }

    /// The selected position in the current view's list.
    pub(super) fn position(&self) -> usize {
        match self.nav.view {
            View::Board => self.nav.selected[self.nav.focus.index()],
            View::Next => self.nav.next_selected,
            View::Resolved => self.nav.resolved_selected,
        }
    }

    /// How many rows a page is in the current view.
    pub(super) fn page(&self) -> usize {
        match self.nav.view {
            View::Board => self.cards_visible(),
            View::Next | View::Resolved => (self.list_height() / 2).max(1),
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
            (_, Some(id)) => self.select_id(id),
            (_, None) => {}
        }
    }

    /// Shows the selected question on the whole screen; the arrows then step through the view
    /// it came from, in that view's order.
    pub(super) fn zoom_in(&mut self) {
        let (order, groups): (Vec<u32>, Vec<usize>) = match self.nav.view {
            View::Board => {
                let mut order = Vec::new();
                let mut groups = Vec::new();
                for lane in &self.derived.lanes {
                    if !lane.is_empty() {
                        groups.push(order.len());
                        order.extend(lane);
                    }
                }
                (order, groups)
            }
            View::Next => {
                let mut order = Vec::new();
                let mut groups = Vec::new();
                for s in &self.derived.next().sections {
                    if !s.items.is_empty() {
                        groups.push(order.len());
                        order.extend(s.items.iter().map(|i| i.id));
                    }
                }
                (order, groups)
            }
            View::Resolved => (self.derived.resolved.clone(), vec![0]),
        };
        let Some(id) = self.selected_id().or_else(|| order.first().copied()) else {
            self.say(messages::NOTHING_SELECTED);
            return;
        };
        self.nav.zoom_order = order;
        self.nav.zoom_groups = groups;
        self.nav.zoom = Some(id);
        self.nav.zoom_scroll = 0;
    }

    /// Where the zoomed question is in its order: (position, how many).
    pub fn zoom_place(&self) -> Option<(usize, usize)> {
        let id = self.nav.zoom?;
        let at = self.nav.zoom_order.iter().position(|&x| x == id)?;
        Some((at, self.nav.zoom_order.len()))
    }

    /// One step in the zoom: the next or previous question, or the first of the next or
    /// previous lane (section); the view underneath follows.
    pub(super) fn zoom_step(&mut self, id: u32, action: &Action) {
        let order = &self.nav.zoom_order;
        let Some(at) = order.iter().position(|&x| x == id) else {
            return;
        };
        let groups = &self.nav.zoom_groups;
        let group = groups.iter().rposition(|&g| g <= at).unwrap_or(0);
        let to = match action {
            Action::SelectDown => (at + 1 < order.len()).then_some(at + 1),
            Action::SelectUp => at.checked_sub(1),
            Action::FocusRight => groups.get(group + 1).copied(),
            Action::FocusLeft if at > groups.get(group).copied().unwrap_or(0) => {
                groups.get(group).copied()
            }
            Action::FocusLeft => group.checked_sub(1).and_then(|g| groups.get(g).copied()),
            _ => None,
        };
        match to.and_then(|k| order.get(k).copied()) {
            Some(next) => {
                self.nav.zoom = Some(next);
                self.nav.zoom_scroll = 0;
                self.select_id(next);
            }
            None => {
                let n = order.len();
                self.say(
                    if matches!(action, Action::SelectDown | Action::FocusRight) {
                        messages::zoom_end(n)
                    } else {
                        messages::zoom_start(n)
                    },
                );
            }
        }
    }
}
