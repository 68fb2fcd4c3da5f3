//! The question editor and the prerequisite picker.

use super::{Action, App, Effect, Mode, messages};
use crate::model::BoardError;
use crate::model::Lane;
use crate::model::Question;
use jiff::Timestamp;
use jiff::civil::Date;

impl App {
    pub(super) fn editor(
        &mut self,
        action: Action,
        today: Date,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        let Mode::Editor(editor) = &mut self.mode else {
            return;
        };
        if editor.confirm_discard {
            match action {
                Action::Yes => self.close(),
                Action::No => editor.confirm_discard = false,
                _ => {}
            }
            return;
        }
        match action {
            Action::Text(input) => editor.input(input),
            Action::NextField => editor.next_field(),
            Action::PrevField => editor.prev_field(),
            Action::Help => self.open_help(),
            Action::Cancel => {
                if editor.is_dirty(today) {
                    editor.confirm_discard = true;
                } else {
                    self.close();
                }
            }
            Action::Save => {
                let id = editor.id;
                let edit = match editor.to_edit(today) {
                    Ok(edit) => edit,
                    Err((field, why)) => {
                        editor.focus_kind(field);
                        editor.error = Some((field, why));
                        return;
                    }
                };
                if !editor.is_dirty(today) {
                    self.close();
                    return;
                }
                let (original, lane) = (editor.original.clone(), editor.lane);
                let settling = editor.settling;
                let Some(current) = self.question(id) else {
                    // Deleted elsewhere while being edited: the words typed are kept, as a
                    // new question.
                    return self.save_edit_as_new(edit, lane, now, effects);
                };
                // Only the fields the user changed are written: what others changed meanwhile
                // in other fields stays. A field both changed takes the user's text; the text
                // it replaced stays in the history.
                let current_edit = crate::model::QuestionEdit::of(current);
                let (merged, both) = edit.onto(&original, &current_edit);
                let replaced: Vec<String> = both
                    .iter()
                    .map(|field| {
                        let who = current
                            .history
                            .iter()
                            .rev()
                            .find(|e| {
                                matches!(&e.change, crate::model::Change::Edited { field: f, .. } if f == field)
                            })
                            .and_then(|e| e.by.clone())
                            .filter(|by| Some(by.as_str()) != self.user.as_deref());
                        match who {
                            Some(who) => format!("your {} replaced {who}'s", field.label()),
                            None => format!("your {} replaced a change made elsewhere", field.label()),
                        }
                    })
                    .collect();
                let save = |b: &mut crate::model::Board| {
                    let changed = b.apply_edit(id, merged, now)?;
                    // Opened to settle a conflict: the text saved is the settled value.
                    if let Some(field) = &settling
                        && b.get(id)
                            .is_some_and(|q| q.conflicts.iter().any(|c| c.field == *field))
                    {
                        b.settle(id, *field, crate::model::Settle::Keep, now)?;
                    }
                    Ok(changed)
                };
                match self.try_change(effects, save) {
                    Ok(_) => {
                        self.close();
                        self.select_id(id);
                        if replaced.is_empty() {
                            self.say(messages::question_saved(id));
                        } else {
                            self.warn(messages::saved_over(id, &replaced));
                        }
                    }
                    Err(e) => {
                        let field = match e {
                            BoardError::EmptyTitle => crate::model::Field::Title,
                            _ => crate::model::Field::After,
                        };
                        if let Mode::Editor(editor) = &mut self.mode {
                            editor.focus_kind(field);
                            editor.error = Some((field, e.to_string()));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Saves an edit of a question that was deleted elsewhere as a new question, so no word
    /// typed is lost; prerequisites that no longer exist are left out.
    pub(super) fn save_edit_as_new(
        &mut self,
        edit: crate::model::QuestionEdit,
        lane: Lane,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        let mut q = Question::new(0, edit.title.clone(), lane);
        q.known = edit.known;
        q.stakes = edit.stakes;
        q.next_step = edit.next_step;
        q.owner = edit.owner;
        q.door = edit.door;
        q.after = edit
            .after
            .into_iter()
            .filter(|&a| self.question(a).is_some())
            .collect();
        q.revisit = edit.revisit;
        q.tags = edit.tags;
        let old = match &self.mode {
            Mode::Editor(e) => e.id,
            _ => 0,
        };
        match self.try_change(effects, |b| b.add_question(q, now)) {
            Ok(id) => {
                self.close();
                self.select_id(id);
                self.warn(messages::saved_as_new(old, id));
            }
            Err(e) => {
                if let Mode::Editor(editor) = &mut self.mode {
                    editor.error = Some((crate::model::Field::Title, e.to_string()));
                }
            }
        }
    }

    pub(super) fn picker(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let Mode::Picker(picker) = &mut self.mode else {
            return;
        };
        match action {
            Action::Text(input) => {
                picker.query.input(input);
                picker.selected = 0;
                picker.search(&self.session.board);
            }
            Action::SelectDown => {
                picker.selected =
                    (picker.selected + 1).min(picker.candidates.len().saturating_sub(1));
            }
            Action::SelectUp => picker.selected = picker.selected.saturating_sub(1),
            Action::Cancel => self.close(),
            Action::Help => self.open_help(),
            Action::Submit => {
                let id = picker.id;
                let Some(after) = picker.chosen() else {
                    return;
                };
                match self.try_change(effects, |b| b.toggle_prerequisite(id, after, now)) {
                    Ok(true) => self.say(messages::waits_now(id, after, true)),
                    Ok(false) => self.say(messages::waits_now(id, after, false)),
                    Err(e) => self.warn(e.to_string()),
                }
            }
            _ => {}
        }
    }
}
