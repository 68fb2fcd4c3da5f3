//! Settling a conflict two people's changes left on a question (found when boards merged
//! through git): keep the value the board holds, take the other, or open the editor.

use super::{Action, App, Editor, Effect, Mode, messages};
use crate::model::BoardError;
use crate::model::Settle;
use crate::model::edit::both_values;
use jiff::Timestamp;

impl App {
    /// Opens the first conflict of a question, if it has one.
    pub(super) fn start_settle(&mut self, id: u32) {
        match self
            .question(id)
            .and_then(|q| q.conflicts.first())
            .map(|c| c.field)
        {
            Some(field) => self.open(Mode::Settle { id, field }),
            None => self.say(messages::no_conflict(id)),
        }
    }

    /// The question with a conflict after (or before) `from` in board order, round the end.
    fn conflict_beside(&self, from: Option<u32>, forward: bool) -> Option<u32> {
        let qs = self.session.board.questions();
        let start = from
            .and_then(|id| self.session.board.place(id))
            .map_or(if forward { qs.len() - 1 } else { 0 }, |p| p);
        (1..=qs.len())
            .map(|step| {
                if forward {
                    (start + step) % qs.len()
                } else {
                    (start + qs.len() * 2 - step) % qs.len()
                }
            })
            .map(|p| &qs[p])
            .find(|q| !q.conflicts.is_empty())
            .map(|q| q.id)
    }

    /// `]` / `[`: selects the next (previous) question with a conflict to settle.
    pub(super) fn go_to_conflict(&mut self, forward: bool) {
        if self.session.board.questions().is_empty() {
            self.say(messages::NO_CONFLICTS);
            return;
        }
        match self.conflict_beside(self.selected_id(), forward) {
            Some(id) => {
                self.select_id(id);
                let count = self.question(id).map_or(0, |q| q.conflicts.len());
                self.say(messages::conflict_here(id, count, self.keys().settle()));
            }
            None => self.say(messages::NO_CONFLICTS),
        }
    }

    pub(super) fn settle(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let Mode::Settle { id, field } = &self.mode else {
            return;
        };
        let (id, field) = (*id, *field);
        if self.read_only
            && matches!(
                action,
                Action::Submit | Action::TakeOther | Action::KeepBoth
            )
        {
            self.close();
            self.warn(BoardError::ReadOnly.to_string());
            return;
        }
        match action {
            Action::Submit | Action::TakeOther | Action::KeepBoth => {
                let how = match action {
                    Action::TakeOther => Settle::TakeOther,
                    Action::KeepBoth => Settle::Both,
                    _ => Settle::Keep,
                };
                if how == Settle::Both && !field.is_text() {
                    self.warn(BoardError::NotText { id, field }.to_string());
                    return;
                }
                self.close();
                if self
                    .change(effects, |b| b.settle(id, field, how, now))
                    .is_some()
                {
                    // The card may be in another lane now: the selection follows it.
                    self.select_id(id);
                    let value = self.question(id).map(|q| field.text(q)).unwrap_or_default();
                    self.say(messages::settled(id, field, &value, self.keys().undo()));
                    // The next conflict of the same question, if there is one.
                    if let Some(next) = self
                        .question(id)
                        .and_then(|q| q.conflicts.first())
                        .map(|c| c.field)
                    {
                        self.open(Mode::Settle { id, field: next });
                    }
                }
            }
            Action::NextConflict => {
                // This one is left for later: the next field of this question, else the next
                // question with a conflict.
                let fields: Vec<crate::model::Field> = self
                    .question(id)
                    .map(|q| q.conflicts.iter().map(|c| c.field).collect())
                    .unwrap_or_default();
                let here = fields.iter().position(|f| *f == field);
                match here.and_then(|p| fields.get(p + 1)) {
                    Some(next) => self.open(Mode::Settle { id, field: *next }),
                    None => match self.conflict_beside(Some(id), true).filter(|&n| n != id) {
                        Some(next) => {
                            self.select_id(next);
                            self.close();
                            self.start_settle(next);
                        }
                        None => {
                            self.close();
                            self.say(messages::NO_OTHER_CONFLICT);
                        }
                    },
                }
            }
            Action::Edit => {
                self.close();
                if let Some(q) = self.question(id) {
                    // The field opens with both values in it, for a person to make one of.
                    let both = q
                        .conflicts
                        .iter()
                        .find(|c| c.field == field)
                        .map(|c| both_values(field, &field.text(q), c));
                    let mut editor = Editor::open(q);
                    if let Some(both) = both.filter(|_| field.is_text()) {
                        editor.prefill(field, &both);
                    }
                    self.open(Mode::Editor(Box::new(editor)));
                }
            }
            Action::Cancel => self.close(),
            Action::Help => self.open_help(),
            _ => {}
        }
    }
}
