//! An edit of a question's fields, as the editor makes it: compared, merged field by field
//! with what others changed meanwhile, and cleaned before it is applied.

use jiff::Timestamp;

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
    pub tags: Vec<Name>,
}

/// The names of the fields an edit holds, as the history names them.
pub const EDIT_FIELDS: [&str; 9] = [
    "title",
    "known",
    "stakes",
    "next_step",
    "owner",
    "door",
    "after",
    "revisit",
    "tags",
];

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

    /// Whether one field (by its name in [`EDIT_FIELDS`]) differs between two edits.
    fn differs(&self, other: &QuestionEdit, field: &str) -> bool {
        let (a, b) = (self.normalized(), other.normalized());
        match field {
            "title" => a.title != b.title,
            "known" => a.known != b.known,
            "stakes" => a.stakes != b.stakes,
            "next_step" => a.next_step != b.next_step,
            "owner" => a.owner != b.owner,
            "door" => a.door != b.door,
            "after" => a.after != b.after,
            "revisit" => a.revisit != b.revisit,
            "tags" => a.tags != b.tags,
            _ => false,
        }
    }

    /// The fields this edit changed, compared with the question as it was when editing began.
    pub fn changed_from(&self, original: &QuestionEdit) -> Vec<&'static str> {
        EDIT_FIELDS
            .into_iter()
            .filter(|f| self.differs(original, f))
            .collect()
    }

    /// The question as it is now (`current`, which others may have changed meanwhile) with
    /// only the fields this edit changed from `original` taken from it. Also returns the
    /// fields changed on both sides to different values: there this edit wins.
    pub fn onto(
        &self,
        original: &QuestionEdit,
        current: &QuestionEdit,
    ) -> (QuestionEdit, Vec<&'static str>) {
        let mut out = current.clone();
        let mut both = Vec::new();
        for field in self.changed_from(original) {
            if current.differs(original, field) && current.differs(self, field) {
                both.push(field);
            }
            match field {
                "title" => out.title = self.title.clone(),
                "known" => out.known = self.known.clone(),
                "stakes" => out.stakes = self.stakes.clone(),
                "next_step" => out.next_step = self.next_step.clone(),
                "owner" => out.owner = self.owner.clone(),
                "door" => out.door = self.door,
                "after" => out.after = self.after.clone(),
                "revisit" => out.revisit = self.revisit,
                "tags" => out.tags = self.tags.clone(),
                _ => {}
            }
        }
        (out, both)
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
        let mut changed: Vec<(&str, String)> = Vec::new();
        let mut text_field = |name: &'static str, field: &mut String, new: String| {
            if *field != new {
                changed.push((name, std::mem::replace(field, new)));
            }
        };
        text_field("title", &mut q.title, edit.title);
        text_field("known", &mut q.known, edit.known);
        text_field("stakes", &mut q.stakes, edit.stakes);
        text_field("next_step", &mut q.next_step, edit.next_step);
        let describe = |o: &Option<Name>| o.as_deref().unwrap_or_default().to_string();
        if q.owner != edit.owner {
            changed.push(("owner", describe(&q.owner)));
            q.owner = edit.owner;
        }
        if q.door != edit.door {
            changed.push(("door", q.door.name().to_string()));
            q.door = edit.door;
        }
        if q.after[..] != edit.after[..] {
            let before = q.after.iter().map(u32::to_string).collect::<Vec<_>>();
            changed.push(("after", before.join(", ")));
            q.after = edit.after.into();
        }
        if q.revisit != edit.revisit {
            changed.push((
                "revisit",
                q.revisit.map(|d| d.to_string()).unwrap_or_default(),
            ));
            q.revisit = edit.revisit;
        }
        if q.tags != edit.tags {
            changed.push(("tags", q.tags.join(", ")));
            q.tags = edit.tags;
        }
        for (field, before) in changed {
            q.record(
                now,
                Change::Edited {
                    field: field.to_string(),
                    before,
                },
            );
            q.settled_by_change(field, now);
        }
        Ok(true)
    }

    /// Settles a conflict on `field` of question `id`: keeps the value the field holds, takes
    /// the other one, or (a text field) keeps both, marked. The value set aside stays in the
    /// history.
    pub fn settle(
        &mut self,
        id: u32,
        field: &str,
        how: Settle,
        now: Timestamp,
    ) -> Result<(), BoardError> {
        let q = self.get_mut(id)?;
        let at = q
            .conflicts
            .iter()
            .position(|c| c.field == field)
            .ok_or_else(|| BoardError::NoConflict {
                id,
                field: field.to_string(),
            })?;
        if how == Settle::Both && !Settle::can_keep_both(field) {
            return Err(BoardError::NotText {
                id,
                field: field.to_string(),
            });
        }
        let conflict = q.conflicts.remove(at);
        let before = match how {
            Settle::Keep => conflict.value,
            Settle::TakeOther => {
                let before = q.field_text(field);
                if q.set_field_text(field, &conflict.value) {
                    before
                } else {
                    // Not a value of the field any more: kept as it is.
                    conflict.value
                }
            }
            Settle::Both => {
                let before = q.field_text(field);
                let both = both_values(field, &before, &conflict);
                q.set_field_text(field, &both);
                before
            }
        };
        q.record(
            now,
            Change::Settled {
                field: field.to_string(),
                before,
            },
        );
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

impl Settle {
    /// Whether a field's two values can both be kept in it (a text field).
    pub fn can_keep_both(field: &str) -> bool {
        matches!(
            field,
            "title" | "known" | "stakes" | "next_step" | "resolution"
        )
    }
}

/// A field's value with the other one of a conflict kept beside it, marked: on one line for
/// the title, below for the other texts.
pub fn both_values(field: &str, kept: &str, other: &super::FieldConflict) -> String {
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
    if field == "title" {
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
        assert_eq!(both, ["known"]);
        // Text that cleans up to the same is no change.
        let mut same = original.clone();
        same.stakes = "old stakes\n".into();
        assert!(same.changed_from(&original).is_empty());
    }
}
