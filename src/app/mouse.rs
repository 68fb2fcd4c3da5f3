//! Clicks, drags and the wheel.

use super::{Action, App, Drag, Effect, Hit, Mode, View, messages};
use crate::model::BoardError;
use jiff::Timestamp;

impl App {
    pub(super) fn mouse(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        // The views take the mouse, presenting or not; a dialog, the review and the zoom
        // do not.
        if !matches!(self.mode, Mode::Normal | Mode::Present) {
            return;
        }
        if self.nav.view == View::Map {
            // A click selects the node under it.
            if let Action::MouseDown { col, row } = action
                && let Some(id) = self.map_layout().hit(col, row)
            {
                self.nav.map_selected = Some(id);
            }
            return;
        }
        if self.nav.view != View::Board {
            // Lists: a click selects, the wheel moves the selection.
            match action {
                Action::MouseDown { col, row } => {
                    if let Some(k) = self.list_hit(col, row) {
                        self.select(k);
                    }
                }
                Action::Scroll { down, .. } => {
                    let pos = self.position();
                    self.select(if down { pos + 1 } else { pos.saturating_sub(1) });
                }
                _ => {}
            }
            return;
        }
        let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        let Some(board_layout) = self.board_layout(area) else {
            return;
        };
        match action {
            Action::MouseDown { col, row } => {
                self.nav.drag = None;
                match board_layout.hit(col, row) {
                    Some(Hit::Card { lane, index, id }) => {
                        self.nav.focus = lane;
                        self.select(index);
                        self.nav.drag = Some(Drag {
                            id,
                            from: lane,
                            start: (col, row),
                            target: None,
                        });
                    }
                    Some(Hit::Lane { lane, .. }) => self.nav.focus = lane,
                    None => {}
                }
            }
            Action::MouseDrag { col, row } => {
                if let Some(drag) = &mut self.nav.drag
                    && (col, row) != drag.start
                {
                    drag.target = board_layout.drop_target(col, row);
                }
            }
            Action::MouseUp { col, row } => {
                let Some(drag) = self.nav.drag.take() else {
                    return;
                };
                if (col, row) == drag.start || drag.target.is_none() {
                    return;
                }
                if self.read_only {
                    return self.warn(BoardError::ReadOnly.to_string());
                }
                let target = board_layout.drop_target(col, row).or(drag.target);
                if let Some((to, mut pos)) = target {
                    // `pos` counts the card itself when it stays in its lane.
                    if let Some((lane, current)) = self.session.board.lane_position(drag.id) {
                        if lane == to && current < pos {
                            pos -= 1;
                        }
                        if (lane, current) != (to, pos)
                            && self
                                .change(effects, |b| b.move_to(drag.id, to, pos, now))
                                .is_some()
                        {
                            self.select_id(drag.id);
                            self.say(messages::dropped(drag.id, to));
                        }
                    }
                }
            }
            Action::Scroll { col, row, down } => {
                if let Some(lane) = board_layout.lane_at(col, row) {
                    let i = lane.index();
                    let len = self.derived.lanes[i].len();
                    let visible = self.cards_visible();
                    let max = len.saturating_sub(visible);
                    self.nav.scroll[i] = if down {
                        (self.nav.scroll[i] + 1).min(max)
                    } else {
                        self.nav.scroll[i].saturating_sub(1)
                    };
                    // Keep the selection on screen.
                    let first = self.nav.scroll[i];
                    let last = (first + visible).min(len).saturating_sub(1);
                    self.nav.selected[i] = self.nav.selected[i].clamp(first, last.max(first));
                }
            }
            _ => {}
        }
    }
}
