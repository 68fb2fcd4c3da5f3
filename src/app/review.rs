//! The morning review and the minutes overlay.

use super::*;

impl App {
    /// One key in the review: act on the current question and go on to the next.
    pub(super) fn review_action(
        &mut self,
        action: Action,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        let Some(review) = &mut self.review else {
            return;
        };
        if review.finished() {
            match action {
                Action::Keep => {
                    // Every question looked at (not skipped) counts, as of now.
                    let looked: crate::model::review::Looked = review
                        .outcomes
                        .iter()
                        .filter(|(_, o)| *o != Outcome::Skipped)
                        .filter_map(|(id, _)| self.session.board.get(*id))
                        .map(|q| (crate::model::review::looked_key(q), now))
                        .collect();
                    self.looked.extend(looked.clone());
                    self.review = None;
                    effects.push(Effect::RecordReview(looked));
                }
                Action::SelectUp => review.back(),
                Action::Cancel => {
                    self.review = None;
                    self.say(messages::REVIEW_CLOSED);
                }
                Action::Help => self.open_help(),
                _ => {}
            }
            return;
        }
        let Some(id) = review.current().map(|i| i.id) else {
            return;
        };
        let outcome = match &action {
            Action::Keep => Outcome::Kept,
            Action::Skip => Outcome::Skipped,
            Action::SelectUp => {
                review.back();
                return;
            }
            // Sent to the lane it is in: nothing moved.
            Action::SendTo(lane) if self.session.board.get(id).is_some_and(|q| q.lane == *lane) => {
                review.done(Outcome::Kept);
                self.say(messages::already_in(id, *lane));
                return;
            }
            Action::SendTo(_) => Outcome::Moved,
            Action::Decide => Outcome::Decided,
            Action::Dissolve => Outcome::Dissolved,
            Action::Defer => Outcome::Deferred,
            Action::Edit | Action::Settle => Outcome::Edited,
            Action::Cancel => {
                self.review = None;
                self.say(messages::REVIEW_STOPPED);
                return;
            }
            Action::Help => return self.open_help(),
            _ => return,
        };
        match action {
            Action::Keep | Action::Skip => review.done(outcome),
            Action::SendTo(_) => {
                review.done(outcome);
                self.act_on(id, action, now, effects);
            }
            // A prompt or the editor opens over the review; the question counts as done
            // once it was answered (see `settle_review`).
            _ => {
                let before = self.session.board.get_shared(id).cloned();
                review.pending = Some((outcome, before));
                self.act_on(id, action, now, effects);
            }
        }
    }

    /// When the prompt or editor opened from the review closes: on to the next question if the
    /// current one changed, back to it if the prompt was cancelled.
    pub(super) fn settle_review(&mut self) {
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        let Some(review) = &mut self.review else {
            return;
        };
        let Some((outcome, before)) = review.pending.take() else {
            return;
        };
        let Some(id) = review.current().map(|i| i.id) else {
            return;
        };
        let now = self.session.board.get_shared(id);
        if now != before.as_ref() {
            review.done(outcome);
        } else {
            self.say(messages::still_on(id));
        }
    }

    /// The message log: scrolled like the minutes, closed the same way.
    pub(super) fn messages_overlay(&mut self, action: Action) {
        let Mode::Messages { scroll } = &mut self.mode else {
            return;
        };
        match action {
            Action::SelectDown => *scroll = scroll.saturating_add(1),
            Action::SelectUp => *scroll = scroll.saturating_sub(1),
            Action::Cancel | Action::Messages => self.mode = Mode::Normal,
            Action::Help => self.open_help(),
            _ => {}
        }
    }

    pub(super) fn minutes_overlay(&mut self, action: Action, effects: &mut Vec<Effect>) {
        let Mode::Minutes { text, scroll, .. } = &mut self.mode else {
            return;
        };
        match action {
            Action::Copy => {
                effects.push(Effect::CopyToClipboard(text.clone()));
                self.say(messages::COPIED);
            }
            Action::SelectDown => *scroll = scroll.saturating_add(1),
            Action::SelectUp => *scroll = scroll.saturating_sub(1),
            Action::Cancel => self.mode = Mode::Normal,
            _ => {}
        }
    }
}
