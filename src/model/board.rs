//! The board: every question, and the operations that keep its invariants.
//!
//! Invariants, checked by [`Board::validate`] and kept by every operation here:
//! ids are unique; every id in `after` names another question on the board.
//! The order of `questions` is the order of questions within each lane.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

use super::question::{Change, Door, Lane, Question, Status};
use super::text;

/// The newest board file format this program understands.
pub const FORMAT_VERSION: u32 = 1;

/// The board. Questions are shared (`Arc`) so that a snapshot for undo or for the background
/// saver costs one pointer per question, not a deep copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Board {
    pub version: u32,
    pub title: String,
    pub questions: Vec<Arc<Question>>,
}

impl Default for Board {
    fn default() -> Self {
        Board {
            version: FORMAT_VERSION,
            title: String::new(),
            questions: Vec::new(),
        }
    }
}

/// Why an operation or a loaded board was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoardError {
    DuplicateId(u32),
    MissingPrerequisite {
        id: u32,
        after: u32,
    },
    SelfPrerequisite(u32),
    VersionTooNew(u32),
    NoSuchQuestion(u32),
    IdsExhausted,
    EmptyTitle,
    NotOpen(u32),
    AlreadyOpen(u32),
    /// Making `id` wait on `after` would close a cycle: `after` already waits on `id`.
    WouldCycle {
        id: u32,
        after: u32,
    },
}

impl std::fmt::Display for BoardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BoardError::DuplicateId(id) => write!(f, "duplicate id {id}: ids must be unique"),
            BoardError::MissingPrerequisite { id, after } => write!(
                f,
                "question #{id} is after #{after}, but there is no question #{after}"
            ),
            BoardError::SelfPrerequisite(id) => {
                write!(
                    f,
                    "a question cannot wait on itself: #{id} is after #{id}; remove {id} from its `after`"
                )
            }
            BoardError::VersionTooNew(v) => write!(
                f,
                "this board is format version {v}, but this unknowns reads up to version \
                 {FORMAT_VERSION}; upgrade unknowns to open it"
            ),
            BoardError::NoSuchQuestion(id) => write!(f, "there is no question #{id}"),
            BoardError::IdsExhausted => write!(f, "no free question id is left"),
            BoardError::EmptyTitle => write!(f, "a question needs a title"),
            BoardError::NotOpen(id) => write!(f, "question #{id} is already resolved"),
            BoardError::AlreadyOpen(id) => write!(f, "question #{id} is open"),
            BoardError::WouldCycle { id, after } => write!(
                f,
                "#{after} already waits on #{id} (directly or not): #{id} after #{after} would make a cycle"
            ),
        }
    }
}

impl std::error::Error for BoardError {}

/// The fields a person edits in the editor, already parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionEdit {
    pub title: String,
    pub known: String,
    pub stakes: String,
    pub next_step: String,
    pub owner: Option<String>,
    pub door: Door,
    pub after: Vec<u32>,
    pub revisit: Option<Date>,
    pub tags: Vec<String>,
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
    fn normalized(&self) -> QuestionEdit {
        let mut e = self.clone();
        e.title = text::one_line(&e.title);
        e.known = text::multi_line(&e.known);
        e.stakes = text::multi_line(&e.stakes);
        e.next_step = text::multi_line(&e.next_step);
        e.owner = e
            .owner
            .map(|o| text::one_line(&o))
            .filter(|o| !o.is_empty());
        e.tags = e
            .tags
            .iter()
            .map(|t| text::one_line(t))
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
            after: q.after.clone(),
            revisit: q.revisit,
            tags: q.tags.clone(),
        }
    }
}

impl Board {
    pub fn new(title: impl Into<String>) -> Board {
        Board {
            title: title.into(),
            ..Board::default()
        }
    }

    /// Checks every invariant; the first broken one is the error.
    pub fn validate(&self) -> Result<(), BoardError> {
        if self.version > FORMAT_VERSION {
            return Err(BoardError::VersionTooNew(self.version));
        }
        let mut ids = std::collections::HashSet::with_capacity(self.questions.len());
        for q in &self.questions {
            if !ids.insert(q.id) {
                return Err(BoardError::DuplicateId(q.id));
            }
        }
        for q in &self.questions {
            for &after in &q.after {
                if after == q.id {
                    return Err(BoardError::SelfPrerequisite(q.id));
                }
                if !ids.contains(&after) {
                    return Err(BoardError::MissingPrerequisite { id: q.id, after });
                }
            }
        }
        Ok(())
    }

    pub fn position(&self, id: u32) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    pub fn get(&self, id: u32) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id).map(|q| &**q)
    }

    fn get_mut(&mut self, id: u32) -> Result<&mut Question, BoardError> {
        self.questions
            .iter_mut()
            .find(|q| q.id == id)
            .map(Arc::make_mut)
            .ok_or(BoardError::NoSuchQuestion(id))
    }

    fn open_mut(&mut self, id: u32) -> Result<&mut Question, BoardError> {
        let q = self.get_mut(id)?;
        if q.is_open() {
            Ok(q)
        } else {
            Err(BoardError::NotOpen(id))
        }
    }

    /// The open questions of a lane, in lane order.
    pub fn lane(&self, lane: Lane) -> impl Iterator<Item = &Question> + '_ {
        self.questions
            .iter()
            .map(|q| &**q)
            .filter(move |q| q.is_open() && q.lane == lane)
    }

    /// The ids of the open questions of each lane, in lane order: one pass over the board.
    pub fn lanes(&self) -> [Vec<u32>; 3] {
        let mut lanes: [Vec<u32>; 3] = Default::default();
        for q in self.questions.iter().filter(|q| q.is_open()) {
            lanes[q.lane.index()].push(q.id);
        }
        lanes
    }

    /// Resolved questions (decided or dissolved), in board order.
    pub fn resolved(&self) -> impl Iterator<Item = &Question> + '_ {
        self.questions.iter().map(|q| &**q).filter(|q| !q.is_open())
    }

    /// How many of a question's prerequisites are still open.
    pub fn open_prerequisites(&self, q: &Question) -> usize {
        q.after
            .iter()
            .filter(|&&id| self.get(id).is_some_and(Question::is_open))
            .count()
    }

    /// The id the next new question gets.
    pub fn next_id(&self) -> Result<u32, BoardError> {
        match self.questions.iter().map(|q| q.id).max() {
            None => Ok(1),
            Some(max) => max.checked_add(1).ok_or(BoardError::IdsExhausted),
        }
    }

    /// Adds an open question at the end of its lane and returns its id. The title is made one
    /// line; prerequisites must exist.
    pub fn add(&mut self, title: &str, lane: Lane, now: Timestamp) -> Result<u32, BoardError> {
        let mut q = Question::new(0, title, lane);
        q.created = Some(now);
        self.add_question(q, now)
    }

    /// Adds a prepared question (its id is assigned here) at the end of its lane.
    pub fn add_question(&mut self, mut q: Question, now: Timestamp) -> Result<u32, BoardError> {
        q.title = text::one_line(&q.title);
        if q.title.is_empty() {
            return Err(BoardError::EmptyTitle);
        }
        q.id = self.next_id()?;
        for &after in &q.after {
            if after == q.id {
                return Err(BoardError::SelfPrerequisite(q.id));
            }
            if self.get(after).is_none() {
                return Err(BoardError::MissingPrerequisite { id: q.id, after });
            }
        }
        q.after.dedup();
        q.status = Status::Open;
        q.created.get_or_insert(now);
        q.record(now, Change::Created);
        let id = q.id;
        self.questions.push(Arc::new(q));
        Ok(id)
    }

    /// Moves an open question to `lane`, at position `pos` among that lane's other open
    /// questions (clamped to the end). Records the lane change in its history.
    pub fn move_to(
        &mut self,
        id: u32,
        lane: Lane,
        pos: usize,
        now: Timestamp,
    ) -> Result<(), BoardError> {
        let from = self.open_mut(id)?.lane;
        let index = self.position(id).ok_or(BoardError::NoSuchQuestion(id))?;
        let mut q = self.questions.remove(index);
        {
            let q = Arc::make_mut(&mut q);
            if from != lane {
                q.lane = lane;
                q.record(now, Change::Moved { from, to: lane });
            }
        }
        // Where the pos-th open question of the target lane stands now; or just after the last.
        let mut seen = 0;
        let mut insert_at = None;
        let mut after_last = None;
        for (i, other) in self.questions.iter().enumerate() {
            if other.is_open() && other.lane == lane {
                if seen == pos {
                    insert_at = Some(i);
                    break;
                }
                seen += 1;
                after_last = Some(i + 1);
            }
        }
        let at = insert_at
            .or(after_last)
            .unwrap_or(index.min(self.questions.len()));
        self.questions.insert(at, q);
        Ok(())
    }

    /// The position of an open question within its lane.
    pub fn lane_position(&self, id: u32) -> Option<(Lane, usize)> {
        let q = self.get(id)?;
        if !q.is_open() {
            return None;
        }
        let pos = self.lane(q.lane).position(|o| o.id == id)?;
        Some((q.lane, pos))
    }

    /// Resolves a question with a decision.
    pub fn decide(&mut self, id: u32, decision: &str, now: Timestamp) -> Result<(), BoardError> {
        let q = self.open_mut(id)?;
        q.status = Status::Decided;
        q.resolution = text::multi_line(decision);
        q.record(now, Change::Decided);
        Ok(())
    }

    /// Resolves a question that went away; `note` says why (may be empty).
    pub fn dissolve(&mut self, id: u32, note: &str, now: Timestamp) -> Result<(), BoardError> {
        let q = self.open_mut(id)?;
        q.status = Status::Dissolved;
        q.resolution = text::multi_line(note);
        q.record(now, Change::Dissolved);
        Ok(())
    }

    /// Opens a resolved question again, keeping its last resolution in history.
    pub fn reopen(&mut self, id: u32, now: Timestamp) -> Result<(), BoardError> {
        let q = self.get_mut(id)?;
        if q.is_open() {
            return Err(BoardError::AlreadyOpen(id));
        }
        let before = std::mem::take(&mut q.resolution);
        q.status = Status::Open;
        if !before.is_empty() {
            q.record(
                now,
                Change::Edited {
                    field: "resolution".into(),
                    before,
                },
            );
        }
        q.record(now, Change::Reopened);
        Ok(())
    }

    /// Removes a question for good; other questions stop waiting on it.
    pub fn remove(&mut self, id: u32) -> Result<Question, BoardError> {
        let index = self.position(id).ok_or(BoardError::NoSuchQuestion(id))?;
        let q = self.questions.remove(index);
        for other in &mut self.questions {
            if other.after.contains(&id) {
                Arc::make_mut(other).after.retain(|&a| a != id);
            }
        }
        Ok(Arc::unwrap_or_clone(q))
    }

    /// Changes some fields of a question through an edit, with the same checks and history.
    pub fn edit(
        &mut self,
        id: u32,
        now: Timestamp,
        f: impl FnOnce(&mut QuestionEdit),
    ) -> Result<bool, BoardError> {
        let mut edit = QuestionEdit::of(self.get(id).ok_or(BoardError::NoSuchQuestion(id))?);
        f(&mut edit);
        self.apply_edit(id, edit, now)
    }

    /// Signs the history events a change added (those after `before`'s) with who made it.
    pub fn sign(&mut self, before: &Board, who: &str) {
        let old: std::collections::HashMap<u32, &Arc<Question>> =
            before.questions.iter().map(|q| (q.id, q)).collect();
        for q in &mut self.questions {
            let known = old.get(&q.id).map(|b| (Arc::ptr_eq(b, q), b.history.len()));
            let from = match known {
                Some((true, _)) => continue,
                Some((false, len)) => len,
                None => 0,
            };
            if q.history[from.min(q.history.len())..]
                .iter()
                .any(|e| e.by.is_none())
            {
                for e in &mut Arc::make_mut(q).history[from..] {
                    e.by.get_or_insert_with(|| who.to_string());
                }
            }
        }
    }

    /// Whether `from` waits on `to`, directly or through other questions.
    pub fn waits_on(&self, from: u32, to: u32) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            let Some(q) = self.get(id) else { continue };
            for &a in &q.after {
                if a == to {
                    return true;
                }
                if seen.insert(a) {
                    stack.push(a);
                }
            }
        }
        false
    }

    /// Adds `after` to what `id` waits on, or removes it if it is there. Returns whether it
    /// was added. Refuses a prerequisite that would close a cycle.
    pub fn toggle_prerequisite(
        &mut self,
        id: u32,
        after: u32,
        now: Timestamp,
    ) -> Result<bool, BoardError> {
        let q = self.get(id).ok_or(BoardError::NoSuchQuestion(id))?;
        if q.after.contains(&after) {
            self.edit(id, now, |e| e.after.retain(|&a| a != after))?;
            return Ok(false);
        }
        if after == id {
            return Err(BoardError::SelfPrerequisite(id));
        }
        if self.waits_on(after, id) {
            return Err(BoardError::WouldCycle { id, after });
        }
        self.edit(id, now, |e| e.after.push(after))?;
        Ok(true)
    }

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
        let describe = |o: &Option<String>| o.clone().unwrap_or_default();
        if q.owner != edit.owner {
            changed.push(("owner", describe(&q.owner)));
            q.owner = edit.owner;
        }
        if q.door != edit.door {
            changed.push(("door", q.door.name().to_string()));
            q.door = edit.door;
        }
        if q.after != edit.after {
            let before = q.after.iter().map(u32::to_string).collect::<Vec<_>>();
            changed.push(("after", before.join(", ")));
            q.after = edit.after;
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
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-24T09:00:00Z".parse().unwrap()
    }

    fn board_of(lanes: &[(&str, Lane)]) -> Board {
        let mut b = Board::new("t");
        for (title, lane) in lanes {
            b.add(title, *lane, now()).unwrap();
        }
        b
    }

    fn titles(b: &Board, lane: Lane) -> Vec<String> {
        b.lane(lane).map(|q| q.title.clone()).collect()
    }

    #[test]
    fn add_assigns_increasing_ids_and_cleans_titles() {
        let mut b = Board::new("t");
        assert_eq!(b.add("first\nline", Lane::Blocking, now()), Ok(1));
        assert_eq!(b.add("second", Lane::Interesting, now()), Ok(2));
        assert_eq!(b.get(1).unwrap().title, "first line");
        assert_eq!(b.get(1).unwrap().created, Some(now()));
        assert_eq!(
            b.add(" \n ", Lane::Blocking, now()),
            Err(BoardError::EmptyTitle)
        );
    }

    #[test]
    fn ids_near_the_top_are_refused_not_wrapped() {
        let mut b = Board::new("t");
        b.questions
            .push(Arc::new(Question::new(u32::MAX, "max", Lane::Blocking)));
        assert_eq!(
            b.add("x", Lane::Blocking, now()),
            Err(BoardError::IdsExhausted)
        );
    }

    #[test]
    fn move_to_another_lane_inserts_at_the_position_and_records_history() {
        let mut b = board_of(&[
            ("a", Lane::Blocking),
            ("b", Lane::Uncomfortable),
            ("c", Lane::Uncomfortable),
        ]);
        b.move_to(1, Lane::Uncomfortable, 1, now()).unwrap();
        assert_eq!(titles(&b, Lane::Uncomfortable), ["b", "a", "c"]);
        assert!(titles(&b, Lane::Blocking).is_empty());
        let last = b.get(1).unwrap().history.last().unwrap();
        assert_eq!(
            last.change,
            Change::Moved {
                from: Lane::Blocking,
                to: Lane::Uncomfortable
            }
        );
        // Past the end clamps to the end.
        b.move_to(2, Lane::Uncomfortable, 99, now()).unwrap();
        assert_eq!(titles(&b, Lane::Uncomfortable), ["a", "c", "b"]);
        // Into an empty lane.
        b.move_to(3, Lane::Blocking, 0, now()).unwrap();
        assert_eq!(titles(&b, Lane::Blocking), ["c"]);
    }

    #[test]
    fn reorder_within_a_lane_keeps_other_lanes_in_place() {
        let mut b = board_of(&[
            ("a", Lane::Blocking),
            ("x", Lane::Interesting),
            ("b", Lane::Blocking),
        ]);
        b.move_to(3, Lane::Blocking, 0, now()).unwrap();
        assert_eq!(titles(&b, Lane::Blocking), ["b", "a"]);
        assert_eq!(titles(&b, Lane::Interesting), ["x"]);
        assert!(
            b.get(3).unwrap().history.len() == 1,
            "no lane change recorded"
        );
    }

    #[test]
    fn resolving_takes_questions_off_their_lane() {
        let mut b = board_of(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
        b.decide(1, "Postgres", now()).unwrap();
        b.dissolve(2, "", now()).unwrap();
        assert!(titles(&b, Lane::Blocking).is_empty());
        assert_eq!(b.get(1).unwrap().resolution, "Postgres");
        assert_eq!(b.get(1).unwrap().status, Status::Decided);
        assert_eq!(b.decide(1, "again", now()), Err(BoardError::NotOpen(1)));
        b.reopen(1, now()).unwrap();
        assert_eq!(titles(&b, Lane::Blocking), ["a"]);
        assert_eq!(b.get(1).unwrap().resolution, "");
    }

    #[test]
    fn removing_a_question_drops_it_from_prerequisites() {
        let mut b = board_of(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
        let mut edit = QuestionEdit::of(b.get(2).unwrap());
        edit.after = vec![1];
        b.apply_edit(2, edit, now()).unwrap();
        assert_eq!(b.open_prerequisites(b.get(2).unwrap()), 1);
        b.remove(1).unwrap();
        assert!(b.get(2).unwrap().after.is_empty());
        assert_eq!(b.validate(), Ok(()));
    }

    #[test]
    fn edits_are_cleaned_checked_and_keep_what_they_replaced() {
        let mut b = board_of(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
        let mut edit = QuestionEdit::of(b.get(1).unwrap());
        edit.title = "new\ttitle".into();
        edit.known = "line one\r\nline two".into();
        edit.owner = Some("  ".into());
        assert_eq!(b.apply_edit(1, edit.clone(), now()), Ok(true));
        let q = b.get(1).unwrap();
        assert_eq!(q.title, "new title");
        assert_eq!(q.known, "line one\nline two");
        assert_eq!(q.owner, None);
        assert!(q.history.iter().any(|e| e.change
            == Change::Edited {
                field: "title".into(),
                before: "a".into()
            }));
        assert_eq!(
            b.apply_edit(1, QuestionEdit::of(b.get(1).unwrap()), now()),
            Ok(false)
        );
        edit.after = vec![1];
        assert_eq!(
            b.apply_edit(1, edit.clone(), now()),
            Err(BoardError::SelfPrerequisite(1))
        );
        edit.after = vec![9];
        assert_eq!(
            b.apply_edit(1, edit, now()),
            Err(BoardError::MissingPrerequisite { id: 1, after: 9 })
        );
    }

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

    #[test]
    fn prerequisites_toggle_and_cycles_are_refused() {
        let mut b = board_of(&[
            ("a", Lane::Blocking),
            ("b", Lane::Blocking),
            ("c", Lane::Blocking),
        ]);
        assert_eq!(b.toggle_prerequisite(2, 1, now()), Ok(true));
        assert_eq!(b.toggle_prerequisite(3, 2, now()), Ok(true));
        assert!(b.waits_on(3, 1));
        assert_eq!(
            b.toggle_prerequisite(1, 3, now()),
            Err(BoardError::WouldCycle { id: 1, after: 3 })
        );
        assert_eq!(b.toggle_prerequisite(2, 1, now()), Ok(false));
        assert!(b.get(2).unwrap().after.is_empty());
        assert_eq!(
            b.toggle_prerequisite(1, 1, now()),
            Err(BoardError::SelfPrerequisite(1))
        );
    }

    #[test]
    fn validate_names_the_broken_invariant() {
        let mut b = board_of(&[("a", Lane::Blocking)]);
        b.questions
            .push(Arc::new(Question::new(1, "dup", Lane::Blocking)));
        assert_eq!(b.validate(), Err(BoardError::DuplicateId(1)));
        let mut b = board_of(&[("a", Lane::Blocking)]);
        Arc::make_mut(&mut b.questions[0]).after.push(5);
        assert_eq!(
            b.validate(),
            Err(BoardError::MissingPrerequisite { id: 1, after: 5 })
        );
        let mut b = Board::new("t");
        b.version = FORMAT_VERSION + 1;
        assert_eq!(
            b.validate(),
            Err(BoardError::VersionTooNew(FORMAT_VERSION + 1))
        );
    }
}
