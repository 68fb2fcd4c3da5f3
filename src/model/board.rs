//! The board: every question, and the operations that keep its invariants.
//!
//! Invariants, checked by [`Board::validate`] and kept by every operation here:
//! ids are unique; every id in `after` names another question on the board.
//! The order of `questions` is the order of questions within each lane.

use std::sync::Arc;

use jiff::Timestamp;

pub use super::edit::{QuestionEdit, Settle};
use super::index::IdIndex;
use super::question::{Change, FieldConflict, Lane, Question, Status};
use super::text;

/// The newest board file format this program understands.
pub const FORMAT_VERSION: u32 = 1;

/// The board. Questions are shared (`Arc`) so that a snapshot for undo or for the background
/// saver costs one pointer per question, not a deep copy. The board keeps where each id is, so
/// every lookup by id is O(1): nothing walks the board to find one question.
#[derive(Clone, Debug)]
pub struct Board {
    pub version: u32,
    pub title: String,
    /// The board's own fields (its title) changed differently by two people, not yet settled.
    pub conflicts: Vec<FieldConflict>,
    /// Questions whose key was replaced as the board was read, because an earlier question
    /// held the same key (a block copied by hand): said when the board is checked or opened,
    /// written with the new keys at the next save. Not part of what the board is.
    pub repaired_keys: Vec<u32>,
    pub(super) questions: Vec<Arc<Question>>,
    /// Where each id is in `questions`; kept by every change here. Shared by the board's
    /// clones (for the saver, the crash report, undo) until one of them changes.
    pub(super) index: Arc<IdIndex>,
}

/// Boards are equal when their contents are (the index follows from the questions).
impl PartialEq for Board {
    fn eq(&self, other: &Board) -> bool {
        self.version == other.version
            && self.title == other.title
            && self.conflicts == other.conflicts
            && self.questions == other.questions
    }
}

impl Eq for Board {}

impl Default for Board {
    fn default() -> Self {
        Board {
            version: FORMAT_VERSION,
            title: String::new(),
            conflicts: Vec::new(),
            repaired_keys: Vec::new(),
            questions: Vec::new(),
            index: Arc::default(),
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
    /// A decision needs words (a question can be dissolved without any).
    EmptyDecision(u32),
    NotOpen(u32),
    AlreadyOpen(u32),
    /// The board is opened read-only: no change is made.
    ReadOnly,
    /// Making `id` wait on `after` would close a cycle: `after` already waits on `id`.
    WouldCycle {
        id: u32,
        after: u32,
    },
    /// Both values of a conflict can be kept only in a text field.
    NotText {
        id: u32,
        field: super::Field,
    },
    /// The question has no conflict on that field (someone settled it meanwhile).
    NoConflict {
        id: u32,
        field: super::Field,
    },
}

impl std::fmt::Display for BoardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BoardError::DuplicateId(id) => write!(
                f,
                "two questions numbered {id}: merged without the driver (by a clone that never ran `unknowns git-setup`), or a block copied by hand; `unknowns resolve` gives the one not shared yet a number of its own"
            ),
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
            BoardError::EmptyDecision(id) => write!(
                f,
                "a decision needs words: say what was decided (`unknowns decide {id} \"Postgres, by March\"`), or dissolve #{id} if it went away"
            ),
            BoardError::NotOpen(id) => write!(f, "question #{id} is already resolved"),
            BoardError::AlreadyOpen(id) => write!(f, "question #{id} is open"),
            BoardError::ReadOnly => write!(
                f,
                "this board is opened read-only (its file is read-only, or --read-only): nothing can be changed here"
            ),
            BoardError::NotText { id, field } => write!(
                f,
                "#{id}'s {field} holds one value: keep it or take the other (both can be kept only in a text)"
            ),
            BoardError::NoConflict { id, field } => {
                write!(f, "#{id} has no conflict on {field} (settled already?)")
            }
            BoardError::WouldCycle { id, after } => write!(
                f,
                "#{after} already waits on #{id} (directly or not): #{id} after #{after} would make a cycle"
            ),
        }
    }
}

impl std::error::Error for BoardError {}

impl Board {
    pub fn new(title: impl Into<String>) -> Board {
        Board {
            title: title.into(),
            ..Board::default()
        }
    }

    /// A board of these questions, in this order (not checked: see [`Board::validate`]).
    pub fn with_questions(title: impl Into<String>, questions: Vec<Arc<Question>>) -> Board {
        let mut board = Board::new(title);
        board.questions = questions;
        board.reindex();
        board
    }

    /// Every question, open and resolved, in board order.
    pub fn questions(&self) -> &[Arc<Question>] {
        &self.questions
    }

    /// Puts a question, with its id as it is, at the end of the board (for boards built by
    /// hand or generated; nothing is checked: see [`Board::validate`]).
    pub fn push(&mut self, q: Question) {
        let id = q.id;
        self.questions.push(Arc::new(q));
        Arc::make_mut(&mut self.index).push(id, self.questions.len() - 1);
    }

    /// A question by id as the board holds it (shared: a clone is one pointer).
    pub fn get_shared(&self, id: u32) -> Option<&Arc<Question>> {
        self.position(id).map(|p| &self.questions[p])
    }

    /// A question to change in place, by id (its id must stay).
    pub fn question_mut(&mut self, id: u32) -> Option<&mut Question> {
        let p = self.index.get(id)?;
        Some(Arc::make_mut(&mut self.questions[p]))
    }

    /// Gives the board a title; a title two people set at once is settled by it.
    pub fn set_title(&mut self, title: &str) {
        self.title = text::one_line(title);
        self.conflicts.retain(|c| c.field != super::Field::Title);
    }

    pub(super) fn reindex(&mut self) {
        let ids: Vec<u32> = self.questions.iter().map(|q| q.id).collect();
        self.index = Arc::new(IdIndex::new(&ids));
    }

    /// Checks every invariant; the first broken one is the error.
    pub fn validate(&self) -> Result<(), BoardError> {
        // The index is kept by every change (checked wherever the invariants are: the
        // property tests run every operation through here).
        debug_assert!(
            self.questions.iter().enumerate().all(|(p, q)| self
                .index
                .get(q.id)
                .is_some_and(|i| i == p || self.questions[i].id == q.id)),
            "the id index is stale"
        );
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

    /// Where a question is in [`Board::questions`], from the index alone (nothing of the
    /// question is read: for a pass over many ids that must not wait on memory for each).
    pub fn place(&self, id: u32) -> Option<usize> {
        self.index.get(id).filter(|&p| p < self.questions.len())
    }

    pub fn position(&self, id: u32) -> Option<usize> {
        self.index
            .get(id)
            .filter(|&p| self.questions.get(p).is_some_and(|q| q.id == id))
    }

    pub fn get(&self, id: u32) -> Option<&Question> {
        self.position(id).map(|p| &*self.questions[p])
    }

    pub(super) fn get_mut(&mut self, id: u32) -> Result<&mut Question, BoardError> {
        self.question_mut(id).ok_or(BoardError::NoSuchQuestion(id))
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
        // From the index: a walk over the board would touch every question at every add.
        match self.index.max_id() {
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
        q.ensure_key();
        q.record(now, Change::Created);
        let id = q.id;
        self.questions.push(Arc::new(q));
        Arc::make_mut(&mut self.index).push(id, self.questions.len() - 1);
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
                q.settled_by_change(super::Field::Lane, now);
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
        self.reindex();
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
        if decision.trim().is_empty() {
            return Err(BoardError::EmptyDecision(id));
        }
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
    /// Remembers where a resolved question's decision record was written.
    pub fn set_record(&mut self, id: u32, path: &str, now: Timestamp) -> Result<(), BoardError> {
        let q = self.get_mut(id)?;
        let before = q.record.replace(path.to_string()).unwrap_or_default();
        q.record(
            now,
            Change::Edited {
                field: super::Field::Record,
                before,
            },
        );
        Ok(())
    }

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
                    field: super::Field::Resolution,
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
        self.reindex();
        for other in &mut self.questions {
            if other.after.contains(&id) {
                Arc::make_mut(other).after.retain(|a| *a != id);
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
                    e.by.get_or_insert_with(|| who.into());
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
}

#[cfg(test)]
#[path = "board_tests.rs"]
mod tests;
