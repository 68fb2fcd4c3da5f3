//! An edit of a question's fields, as the editor makes it: compared, merged field by field
//! with what others changed meanwhile, and cleaned before it is applied.

use jiff::Timestamp;

use super::Field;
use super::question::{Change, Door, Name, Question};
use super::text;
use super::{Board, BoardError};
use jiff::civil::Date;

/// The fields a person edits in the editor, already parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionEdit {
    pub title: String,
    pub known: String,
    pub stakes: String,
    pub next_step: String,
    pub owner: Option<Name>,
    pub door: Door,
    pub after: Vec<u32>,
    pub revisit: Option<Date>,
    pub needed_by: Option<Date>,
    pub tags: Vec<Name>,
}

impl QuestionEdit {
    /// The edit as it would be stored: text cleaned, so that two edits compare by what they
    /// would write.
    pub(super) fn normalized(&self) -> QuestionEdit {
        let mut e = self.clone();
        e.title = text::one_line(&e.title);
        e.known = text::multi_line(&e.known);
        e.stakes = text::multi_line(&e.stakes);
        e.next_step = text::multi_line(&e.next_step);
        e.owner = e
            .owner
            .map(|o| Name::from(text::one_line(&o)))
            .filter(|o| !o.is_empty());
        e.tags = e
            .tags
            .iter()
            .map(|t| Name::from(text::one_line(t)))
            .filter(|t| !t.is_empty())
            .collect();
        e
    }

    /// Whether two edits would write the same.
    pub fn same_as(&self, other: &QuestionEdit) -> bool {
        self.normalized() == other.normalized()
    }

    /// Puts the edit's fields into a question.
    fn write_into(self, q: &mut Question) {
        q.title = self.title;
        q.known = self.known;
        q.stakes = self.stakes;
        q.next_step = self.next_step;
        q.owner = self.owner;
        q.door = self.door;
        q.after = self.after;
        q.revisit = self.revisit;
        q.needed_by = self.needed_by;
        q.tags = self.tags;
    }

    /// The edit as a question of its own, to compare and copy [`Field`]s with.
    fn question(&self) -> Question {
        let mut q = Question::new(0, String::new(), super::Lane::Blocking);
        self.clone().write_into(&mut q);
        q
    }

    /// The fields this edit changed, compared with the question as it was when editing began.
    pub fn changed_from(&self, original: &QuestionEdit) -> Vec<Field> {
        let (a, b) = (
            self.normalized().question(),
            original.normalized().question(),
        );
        Field::EDITED
            .into_iter()
            .filter(|f| f.differs(&a, &b))
            .collect()
    }

    /// The question as it is now (`current`, which others may have changed meanwhile) with
    /// only the fields this edit changed from `original` taken from it. Also returns the
    /// fields changed on both sides to different values: there this edit wins.
    pub fn onto(
        &self,
        original: &QuestionEdit,
        current: &QuestionEdit,
    ) -> (QuestionEdit, Vec<Field>) {
        let cleaned = |e: &QuestionEdit| e.normalized().question();
        let (mine, theirs, was) = (cleaned(self), cleaned(current), cleaned(original));
        let (raw, mut out) = (self.question(), current.question());
        let mut both = Vec::new();
        for field in Field::EDITED.into_iter().filter(|f| f.differs(&mine, &was)) {
            if field.differs(&theirs, &was) && field.differs(&theirs, &mine) {
                both.push(field);
            }
            field.copy(&raw, &mut out);
        }
        (QuestionEdit::of(&out), both)
    }

    pub fn of(q: &Question) -> QuestionEdit {
        QuestionEdit {
            title: q.title.clone(),
            known: q.known.clone(),
            stakes: q.stakes.clone(),
            next_step: q.next_step.clone(),
            owner: q.owner.clone(),
            door: q.door,
            after: q.after.to_vec(),
            revisit: q.revisit,
            needed_by: q.needed_by,
            tags: q.tags.clone(),
        }
    }
}

impl Board {
    /// Applies an edit; text is cleaned, prerequisites checked. Each changed text field keeps
    /// its previous value in the history. Returns whether anything changed.
    pub fn apply_edit(
        &mut self,
        id: u32,
        mut edit: QuestionEdit,
        now: Timestamp,
    ) -> Result<bool, BoardError> {
        edit = edit.normalized();
        if edit.title.is_empty() {
            return Err(BoardError::EmptyTitle);
        }
        let mut after = Vec::with_capacity(edit.after.len());
        for a in edit.after.iter().copied() {
            if a == id {
                return Err(BoardError::SelfPrerequisite(id));
            }
            if self.get(a).is_none() {
                return Err(BoardError::MissingPrerequisite { id, after: a });
            }
            // A new prerequisite that already waits on this question would close a cycle (as
            // the picker refuses it too).
            let new = self.get(id).is_some_and(|q| !q.after.contains(&a));
            if new && self.waits_on(a, id) {
                return Err(BoardError::WouldCycle { id, after: a });
            }
            if !after.contains(&a) {
                after.push(a);
            }
        }
        edit.after = after;

        let q = self.get_mut(id)?;
        if QuestionEdit::of(q) == edit {
            return Ok(false);
        }
        let mut edited = q.clone();
        edit.write_into(&mut edited);
        for field in Field::EDITED {
            if field.differs(q, &edited) {
                let before = field.text(q);
                field.copy(&edited, q);
                q.record(now, Change::Edited { field, before });
                q.settled_by_change(field, now);
            }
        }
        Ok(true)
    }

    /// Settles a conflict on `field` of question `id`: keeps the value the field holds, takes
    /// the other one, or (a text field) keeps both, marked. The value set aside stays in the
    /// history.
    pub fn settle(
        &mut self,
        id: u32,
        field: Field,
        how: Settle,
        now: Timestamp,
    ) -> Result<(), BoardError> {
        let q = self.get_mut(id)?;
        let at = q
            .conflicts
            .iter()
            .position(|c| c.field == field)
            .ok_or(BoardError::NoConflict { id, field })?;
        if how == Settle::Both && !field.is_text() {
            return Err(BoardError::NotText { id, field });
        }
        let conflict = q.conflicts.remove(at);
        let before = match how {
            Settle::Keep => conflict.value,
            Settle::TakeOther => {
                let before = field.text(q);
                if field.set_text(q, &conflict.value) {
                    before
                } else {
                    // Not a value of the field any more: kept as it is.
                    conflict.value
                }
            }
            Settle::Both => {
                let before = field.text(q);
                let both = both_values(field, &before, &conflict);
                field.set_text(q, &both);
                before
            }
        };
        q.record(now, Change::Settled { field, before });
        Ok(())
    }
}

/// How a conflict is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settle {
    /// The value the board holds stays.
    Keep,
    /// The other value replaces it.
    TakeOther,
    /// Both texts stay in the field, the other one marked with who wrote it.
    Both,
}

/// A field's value with the other one of a conflict kept beside it, marked: on one line for
/// the title, below for the other texts.
pub fn both_values(field: Field, kept: &str, other: &super::FieldConflict) -> String {
    if kept.is_empty() {
        return other.value.clone();
    }
    if other.value.is_empty() || kept == other.value {
        return kept.to_string();
    }
    let who = other
        .by
        .as_deref()
        .map_or_else(|| "the other side".to_string(), |by| by.to_string());
    if field == Field::Title {
        format!("{kept} / {}", other.value)
    } else {
        format!("{kept}\n\n[also, from {who}:]\n{}", other.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lane;

    #[test]
    fn an_edit_lands_only_on_the_fields_it_changed() {
        let mut q = Question::new(1, "Title", Lane::Blocking);
        q.stakes = "old stakes".into();
        let original = QuestionEdit::of(&q);
        let mut mine = original.clone();
        mine.title = "New title".into();
        mine.known = "typed\r\n".into();
        let mut theirs = original.clone();
        theirs.stakes = "their stakes".into();
        theirs.known = "their known".into();
        let (merged, both) = mine.onto(&original, &theirs);
        assert_eq!(merged.title, "New title");
        assert_eq!(
            merged.stakes, "their stakes",
            "a field only they changed is theirs"
        );
        assert_eq!(merged.known, "typed\r\n", "a field both changed is mine");
        assert_eq!(both, [Field::Known]);
        // Text that cleans up to the same is no change.
        let mut same = original.clone();
        same.stakes = "old stakes\n".into();
        assert!(same.changed_from(&original).is_empty());
    }
}
