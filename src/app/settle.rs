//! Settling a conflict two people's changes left on a question (found when boards merged
//! through git): keep the value the board holds, take the other, or open the editor.

use super::*;

impl App {
    /// Opens the first conflict of a question, if it has one.
    pub(super) fn start_settle(&mut self, id: u32) {
        match self
            .question(id)
            .and_then(|q| q.conflicts.first())
            .map(|c| c.field.clone())
        {
            Some(field) => self.mode = Mode::Settle { id, field },
            None => self.say(messages::no_conflict(id)),
        }
    }

    pub(super) fn settle(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let Mode::Settle { id, field } = &self.mode else {
            return;
        };
        let (id, field) = (*id, field.clone());
        if self.read_only && matches!(action, Action::Submit | Action::TakeOther) {
            self.mode = Mode::Normal;
            self.warn(BoardError::ReadOnly.to_string());
            return;
        }
        match action {
            Action::Submit | Action::TakeOther => {
                let take = action == Action::TakeOther;
                self.mode = Mode::Normal;
                if self
                    .change(effects, |b| b.settle(id, &field, take, now))
                    .is_some()
                {
                    let value = self
                        .question(id)
                        .map(|q| q.field_text(&field))
                        .unwrap_or_default();
                    self.say(messages::settled(id, &field, &value, self.keys().undo()));
                    // The next conflict of the same question, if there is one.
                    if let Some(next) = self
                        .question(id)
                        .and_then(|q| q.conflicts.first())
                        .map(|c| c.field.clone())
                    {
                        self.mode = Mode::Settle { id, field: next };
                    }
                }
            }
            Action::Edit => {
                self.mode = Mode::Normal;
                if let Some(q) = self.question(id) {
                    self.mode = Mode::Editor(Box::new(Editor::open(q)));
                }
            }
            Action::Cancel => self.mode = Mode::Normal,
            Action::Help => self.open_help(),
            _ => {}
        }
    }
}
