//! A question on the whole screen (presentation's zoom): its keys, and stepping through the
//! view it was opened from.

use super::{Action, App, Effect, Mode, View, Zoom, messages};
use jiff::Timestamp;

impl App {
    /// A key in the zoom: the arrows step through the view it was opened from, the page keys
    /// scroll a question that does not fit.
    pub(super) fn zoom_key(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let page = self.size.1 / 2;
        let Mode::Zoom(zoom) = &mut self.mode else {
            return;
        };
        match action {
            Action::PageDown => zoom.scroll = zoom.scroll.saturating_add(page),
            Action::PageUp => zoom.scroll = zoom.scroll.saturating_sub(page),
            Action::SelectDown | Action::SelectUp | Action::FocusLeft | Action::FocusRight => {
                self.zoom_step(&action)
            }
            Action::Unzoom => self.close(),
            // The help, or a key the config binds here: as on the view beneath, on the
            // question shown (the zoom keeps it selected).
            action => self.normal_action(action, now, effects),
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
            // The Map steps through the plan's order, as Next steps does.
            View::Next | View::Map => {
                let mut order = Vec::new();
                let mut groups = Vec::new();
                let plan = if self.nav.view == View::Map {
                    &self.derived.plan
                } else {
                    self.derived.next()
                };
                for s in &plan.sections {
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
        let zoom = Mode::Zoom(Box::new(Zoom {
            id,
            scroll: 0,
            order,
            groups,
        }));
        match self.mode {
            Mode::Zoom(_) => self.mode = zoom,
            _ => self.push(zoom),
        }
    }

    /// Where the zoomed question is in its order: (position, how many).
    pub fn zoom_place(&self) -> Option<(usize, usize)> {
        let zoom = self.zoom()?;
        let at = zoom.order.iter().position(|&x| x == zoom.id)?;
        Some((at, zoom.order.len()))
    }

    /// One step in the zoom: the next or previous question, or the first of the next or
    /// previous lane (section); the view underneath follows.
    fn zoom_step(&mut self, action: &Action) {
        let Mode::Zoom(zoom) = &mut self.mode else {
            return;
        };
        let (order, groups) = (&zoom.order, &zoom.groups);
        let Some(at) = order.iter().position(|&x| x == zoom.id) else {
            return;
        };
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
                zoom.id = next;
                zoom.scroll = 0;
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
