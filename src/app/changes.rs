//! Changes to the board: one undo step each, saved, and merged with what others wrote.

use super::{App, Effect, Mode, SaveState, UNDO_DEPTH, messages};
use crate::model::Board;
use crate::model::BoardError;
use jiff::Timestamp;

impl App {
    /// Applies a change to the board as one undo step, and asks for a save. A refused change
    /// leaves the board as it was.
    pub(super) fn try_change<T>(
        &mut self,
        effects: &mut Vec<Effect>,
        f: impl FnOnce(&mut Board) -> Result<T, BoardError>,
    ) -> Result<T, BoardError> {
        // Every change comes through here: a read-only board refuses it, whatever asked.
        if self.read_only {
            return Err(BoardError::ReadOnly);
        }
        let before = self.session.board.clone();
        let selected = self.selected_id();
        match f(&mut self.session.board) {
            Ok(value) => {
                if let Some(who) = &self.user {
                    self.session.board.sign(&before, who);
                }
                self.session.record(before, selected, UNDO_DEPTH);
                self.changed(effects);
                Ok(value)
            }
            Err(e) => {
                self.session.board = before;
                Err(e)
            }
        }
    }

    /// [`App::try_change`], with a refusal said in the status line.
    pub(super) fn change<T>(
        &mut self,
        effects: &mut Vec<Effect>,
        f: impl FnOnce(&mut Board) -> Result<T, BoardError>,
    ) -> Option<T> {
        self.try_change(effects, f)
            .map_err(|e| self.warn(e.to_string()))
            .ok()
    }

    pub(super) fn changed(&mut self, effects: &mut Vec<Effect>) {
        self.session.generation += 1;
        self.refresh();
        self.request_save(effects);
    }

    /// Asks the edges to write the board, unless the file on disk is broken (then it waits).
    pub(super) fn request_save(&mut self, effects: &mut Vec<Effect>) {
        if self.read_only || matches!(self.session.save_state, SaveState::Held(_)) {
            return;
        }
        self.session.save_state = SaveState::Saving;
        if !effects.contains(&Effect::Save) {
            effects.push(Effect::Save);
        }
    }

    /// A newer board on disk: merge it with ours. Our changes since `base` are kept, theirs
    /// come in, and the selection stays on the same question.
    pub(super) fn disk_changed(&mut self, disk: Board, now: Timestamp, effects: &mut Vec<Effect>) {
        let selected = self.selected_id();
        let carried = match &self.mode {
            Mode::Grab { before, .. } => Some(before.as_ref()),
            _ => None,
        };
        let taken = self.session.take_disk(disk, carried, now);
        if let (Some(before), Mode::Grab { before: held, .. }) = (taken.carried, &mut self.mode) {
            **held = before;
        }
        if taken.loads_again {
            self.say(messages::LOADS_AGAIN);
        }
        if taken.came_in {
            self.refresh();
            if let Some(id) = selected {
                self.select_id(id);
            }
        }
        let mut notes = Vec::new();
        if let Some(id) = self
            .zoom()
            .map(|z| z.id)
            .filter(|&id| self.question(id).is_none())
        {
            // The question on the whole screen went away: back to the board, and say why.
            self.close_where(|layer| matches!(layer, Mode::Zoom(_)));
            notes.push(messages::deleted_elsewhere(id));
        }
        for c in &taken.conflicts {
            notes.push(messages::conflict(c));
        }
        for (old, new) in &taken.renumbered {
            notes.push(messages::renumbered(*old, *new));
        }
        if notes.is_empty() {
            // Our own write seen early, or a change equal to ours: nothing to tell.
            if taken.came_in {
                // A background note: it does not push aside what the user is reading.
                self.note(messages::MERGED_IN);
            }
        } else {
            self.warn(notes.join("; "));
        }
        if taken.save {
            self.request_save(effects);
        }
    }
}
