//! The morning review and the minutes overlay.
//!
//! The review looks at every question for what needs a look: on 100,000 questions about
//! 15 ms, more than a keystroke may take. So the board is looked through a slice at a time:
//! the keystroke that starts the review looks through the first slice, and the rest follows
//! between keys (like a search count, see `app/search.rs`). The first question to look at
//! shows as soon as it is found; the count says "so far" until the whole board is looked
//! through. A key that needs the next question before it is found looks for it at once.
//!
//! Ending a meeting reads every question's history for the minutes, the same way: a slice at a
//! time, the minutes shown and written once it is all read, or at once on a key.

use super::layers::review_in;
use super::state::Review;
use super::{Action, App, Effect, Mode, Outcome, messages};
use jiff::Timestamp;
use jiff::civil::Date;

/// Questions looked through per slice: about a third of a millisecond on a big board.
pub(crate) const REVIEW_SLICE: usize = 1_024;

/// What is left of the board for the review to look through.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Rest {
    /// The questions in the review's order (open by lane, then resolved), as the review began,
    /// and the next to look at.
    order: Vec<u32>,
    at: usize,
    since: Option<Timestamp>,
    today: Date,
}

/// Questions whose history is read for the minutes per slice.
pub(crate) const MINUTES_SLICE: usize = 2_048;

/// Minutes being written: the meeting's span, the next question of the board to read, and
/// what was read so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Writing {
    from: Timestamp,
    to: Timestamp,
    at: usize,
    minutes: crate::model::minutes::Minutes,
}

impl Writing {
    pub(super) fn new(from: Timestamp, to: Timestamp) -> Writing {
        Writing {
            from,
            to,
            at: 0,
            minutes: Default::default(),
        }
    }
}

impl App {
    /// Reads the next slice of the board's history for the minutes; once it is all read, shows
    /// them and has them written (and the meeting no longer kept).
    pub(super) fn minutes_slice(&mut self, effects: &mut Vec<Effect>) {
        let Mode::Minutes {
            text,
            rest: rest @ Some(_),
            ..
        } = &mut self.mode
        else {
            return;
        };
        let writing = rest.as_mut().expect("some");
        let questions = self.session.board.questions();
        let end = (writing.at + MINUTES_SLICE).min(questions.len());
        for q in &questions[writing.at..end] {
            writing.minutes.add(q, writing.from, writing.to);
        }
        writing.at = end;
        if end < questions.len() {
            // Nothing new to show yet.
            self.quiet = true;
            return;
        }
        let mut writing = rest.take().expect("some");
        writing.minutes.in_order_added(&self.session.board);
        *text = crate::model::minutes::markdown(
            &writing.minutes,
            &self.session.board.title,
            writing.from,
            writing.to,
            &self.time_zone,
        );
        effects.push(Effect::WriteMinutes(text.clone()));
        effects.push(Effect::KeepMeeting(None));
    }

    /// Whether minutes are still being read from the history.
    pub(super) fn minutes_pending(&self) -> bool {
        matches!(&self.mode, Mode::Minutes { rest: Some(_), .. })
    }

    /// The board changed while the minutes were read: they are read again from the start.
    pub(super) fn minutes_again(&mut self) {
        if let Mode::Minutes {
            rest: Some(writing),
            ..
        } = &mut self.mode
        {
            **writing = Writing::new(writing.from, writing.to);
        }
    }

    /// Starts the review of what needs a look; looks through the first slice of the board.
    pub(super) fn start_review(&mut self) {
        self.push(Mode::Review(Box::new(Review {
            items: Vec::new(),
            index: 0,
            outcomes: Vec::new(),
            pending: None,
            scroll: (0, 0),
            rest: Some(Rest {
                order: self.derived.all.review_order(),
                at: 0,
                since: self.last_review,
                today: self.today,
            }),
        })));
        self.review_slice();
    }

    /// Looks through the next slice of the board for the review.
    pub(super) fn review_slice(&mut self) {
        let Some(review) = review_in(&mut self.mode, &mut self.beneath) else {
            return;
        };
        let Some(mut rest) = review.rest.take() else {
            return;
        };
        let mut looker = crate::model::review::Looker::new(
            rest.since,
            &self.looked,
            rest.today,
            self.stale_days,
        );
        let end = (rest.at + REVIEW_SLICE).min(rest.order.len());
        let board = &self.session.board;
        let showing = review.current().is_some();
        review.items.extend(
            rest.order[rest.at..end]
                .iter()
                .filter_map(|&id| looker.look(board.get(id)?)),
        );
        rest.at = end;
        if end < rest.order.len() {
            // Drawn again when the first question to look at is found; the count "so far"
            // is let be until the board is looked through.
            self.quiet = showing || review.current().is_none();
            review.rest = Some(rest);
        } else if review.items.is_empty() {
            // Nothing to look at: no dialog to close, and nothing recorded.
            self.close_where(|layer| matches!(layer, Mode::Review(_)));
            self.say(self.keys().nothing_to_review());
        }
    }

    /// Whether the review is still looking through the board.
    pub(super) fn review_looking(&self) -> bool {
        self.review().is_some_and(Review::looking)
    }

    /// Looks on at once until the review has a question to show, or has looked at them all.
    fn review_catch_up(&mut self) {
        while self
            .review()
            .is_some_and(|r| r.current().is_none() && r.looking())
        {
            self.review_slice();
        }
    }

    /// Each key acts on a question shown, and leaves the next one shown (or the review done):
    /// the questions not yet found are looked for at once when the keys outrun the looking.
    pub(super) fn review_action(
        &mut self,
        action: Action,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        self.review_catch_up();
        self.review_key(action, now, effects);
        self.review_catch_up();
    }

    fn review_key(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let Some(review) = review_in(&mut self.mode, &mut self.beneath) else {
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
                    self.close_where(|layer| matches!(layer, Mode::Review(_)));
                    effects.push(Effect::RecordReview(looked));
                }
                Action::SelectUp => review.back(),
                Action::Cancel => {
                    self.close_where(|layer| matches!(layer, Mode::Review(_)));
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
        // A question that does not fit scrolls, half a screen a key (the view keeps it in
        // bounds).
        let half = (self.size.1 / 2).max(1);
        match action {
            Action::PageDown => {
                review.scroll = (review.index, review.scrolled().saturating_add(half));
                return;
            }
            Action::PageUp => {
                review.scroll = (review.index, review.scrolled().saturating_sub(half));
                return;
            }
            _ => {}
        }
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
                self.close_where(|layer| matches!(layer, Mode::Review(_)));
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
        let Mode::Review(review) = &mut self.mode else {
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
            self.review_catch_up();
        } else {
            self.say(messages::still_on(id));
        }
    }
}
