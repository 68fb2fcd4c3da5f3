//! Carrying a card with the keyboard.

use super::{Action, App, Effect, Mode, messages};
use jiff::Timestamp;

impl App {
    pub(super) fn grab(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let Mode::Grab { id, before } = &self.mode else {
            return;
        };
        let (id, before) = (*id, before.clone());
        match action {
            Action::MoveLeft
            | Action::MoveRight
            | Action::MoveUp
            | Action::MoveDown
            | Action::SendTo(_) => {
                // Carried live, without history: the drop records one change.
                if let Some((to, pos)) = self.step_target(id, &action) {
                    let _ = self.session.board.move_to(id, to, pos, now);
                    self.refresh();
                    self.select_id(id);
                }
            }
            Action::Drop => {
                let target = self.session.board.lane_position(id);
                self.session.board = *before;
                self.refresh();
                self.close();
                if let Some((to, pos)) = target {
                    if self.session.board.lane_position(id) != Some((to, pos)) {
                        self.change(effects, |b| b.move_to(id, to, pos, now));
                        self.say(messages::dropped(id, to));
                    }
                    self.select_id(id);
                }
            }
            Action::CancelGrab | Action::Quit => {
                self.session.board = *before;
                self.refresh();
                self.close();
                self.select_id(id);
            }
            Action::Help => self.open_help(),
            _ => {}
        }
    }
}
