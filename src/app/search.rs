//! Search as you type: counting the view's matches and jumping to the next one.
//!
//! Both read every question in the worst case (a query most questions hold, or one none
//! does), which on 100,000 questions is several milliseconds, more than a keystroke may take.
//! So the work is done a slice at a time: the keystroke does the first slice, and the rest
//! follows between keys ([`App::pending_between_keys`] asks the runtime for a `Tick` as soon as the
//! terminal is quiet). On a board of one slice or less it is all done within the keystroke.
//! Until the count is whole the status line says "so far".

use super::{App, Effect, Mode, View, filter, messages};
use crate::model::Lane;

/// Questions looked at per slice: about a third of a millisecond of reading on a big board.
pub(crate) const SEARCH_SLICE: usize = 4_096;

/// A count of the view's matches under way.
#[derive(Clone, Debug)]
pub(crate) struct Counting {
    query: String,
    /// The next question of the board to look at, and the matches so far.
    at: usize,
    found: usize,
}

/// A look for the next match under way, from `start` in the view's order.
#[derive(Clone, Debug)]
pub(crate) struct Jumping {
    query: String,
    shown: String,
    /// The question selected when the look began: if the user selects another before the
    /// match is found, the look is let go (it would take the selection from under them).
    from: Option<u32>,
    start: usize,
    /// How many places have been looked at.
    step: usize,
    forward: bool,
    here: bool,
}

impl App {
    /// Work is left for between keys: minutes, the delete dialog's, a filter, a review, a
    /// search.
    pub fn pending_between_keys(&self) -> bool {
        self.derived.counting.is_some()
            || self.derived.jumping.is_some()
            || self.derived.filtering.is_some()
            || self.review_looking()
            || self.minutes_pending()
            || self.delete_pending()
            || self.derived.trend_work.is_some()
            || matches!(&self.mode, Mode::Picker(p) if p.looking_from.is_some())
    }

    /// The count of matches is not whole yet.
    pub fn counting_matches(&self) -> bool {
        self.derived.counting.is_some()
    }

    /// How many questions the current view lists.
    fn view_len(&self) -> usize {
        match self.nav.view {
            View::Board => self.derived.lanes.iter().map(Vec::len).sum(),
            View::Next => self.derived.next().len(),
            View::Resolved => self.derived.resolved.len(),
            View::Map => self.derived.plan.len(),
        }
    }

    /// The `k`-th question of the current view in reading order: its lane (on the board), its
    /// position there, its id.
    fn view_at(&self, k: usize) -> Option<(Option<Lane>, usize, u32)> {
        match self.nav.view {
            View::Board => {
                let mut k = k;
                for lane in Lane::ALL {
                    let ids = &self.derived.lanes[lane.index()];
                    if k < ids.len() {
                        return Some((Some(lane), k, ids[k]));
                    }
                    k -= ids.len();
                }
                None
            }
            View::Next => self.derived.next().item(k).map(|(_, i)| (None, k, i.id)),
            View::Resolved => self.derived.resolved.get(k).map(|&id| (None, k, id)),
            View::Map => self.derived.plan.item(k).map(|(_, i)| (None, k, i.id)),
        }
    }

    /// Where the selected question is in the current view's reading order (0 with none).
    fn selection_in_view(&self) -> usize {
        let Some(id) = self.selected_id() else {
            return 0;
        };
        let here = match self.nav.view {
            View::Board => {
                let lane = self.nav.focus.index();
                let before: usize = self.derived.lanes[..lane].iter().map(Vec::len).sum();
                Some(before + self.nav.selected[lane])
            }
            View::Next => Some(self.nav.next_selected),
            View::Resolved => Some(self.nav.resolved_selected),
            View::Map => self.derived.plan.position(id),
        };
        match here {
            Some(k) if self.view_at(k).is_some_and(|(_, _, at)| at == id) => k,
            // The selection is not of the view (a review's question): looked for.
            _ => (0..self.view_len())
                .find(|&k| self.view_at(k).is_some_and(|(_, _, at)| at == id))
                .unwrap_or(0),
        }
    }

    /// Counts the search's matches in the current view again, when the view or the search
    /// change (and the board: see `recount`).
    pub(super) fn recount_search(&mut self) {
        self.derived.search_matches = 0;
        self.derived.counting = self
            .search
            .as_deref()
            .and_then(filter::folded)
            .map(|query| Counting {
                query,
                at: 0,
                found: 0,
            });
        self.count_slice();
    }

    /// Counts matches in the next slice of the board, in the board's order (the order the
    /// questions lie in memory: in the view's order each read waited on memory).
    fn count_slice(&mut self) {
        let Some(mut counting) = self.derived.counting.take() else {
            return;
        };
        // What the filter shown keeps, by place.
        let kept = self
            .derived
            .kept
            .as_ref()
            .filter(|_| self.filter.is_some())
            .map(|k| &k.passing);
        let filtered = |p: usize| kept.is_none_or(|kept| kept.get(p) == Some(&true));
        let in_view = |p: usize, q: &crate::model::Question| match self.nav.view {
            View::Board => q.is_open() && filtered(p),
            View::Next => self.derived.next().position(q.id).is_some(),
            View::Resolved => !q.is_open() && filtered(p),
            View::Map => self.derived.plan.position(q.id).is_some(),
        };
        let questions = self.session.board.questions();
        let end = (counting.at + SEARCH_SLICE).min(questions.len());
        counting.found += (counting.at..end)
            .filter(|&p| {
                let q = &questions[p];
                in_view(p, q) && filter::holds(q, &counting.query)
            })
            .count();
        counting.at = end;
        self.derived.search_matches = counting.found;
        if end < questions.len() {
            self.derived.counting = Some(counting);
        }
    }

    /// Moves the selection to the next (or previous) search match, wrapping around; `here`
    /// lets the selected question itself count (while typing the search).
    pub(super) fn jump_to_match(&mut self, forward: bool, here: bool) {
        let Some(shown) = self.search.clone() else {
            self.say(self.keys().no_search());
            return;
        };
        self.derived.jumping = Some(Jumping {
            query: filter::folded(&shown).unwrap_or_default(),
            shown,
            from: self.selected_id(),
            start: self.selection_in_view(),
            step: 0,
            forward,
            here,
        });
        self.jump_slice();
    }

    /// Looks for the match in the next slice of the view.
    fn jump_slice(&mut self) {
        let Some(mut jumping) = self.derived.jumping.take() else {
            return;
        };
        if self.selected_id() != jumping.from {
            return;
        }
        let n = self.view_len();
        let end = (jumping.step + SEARCH_SLICE).min(n);
        let found = (jumping.step..end)
            .map(|step| {
                let offset = if jumping.here { step } else { step + 1 };
                if jumping.forward {
                    (jumping.start + offset) % n
                } else {
                    (jumping.start + n * 2 - offset % n) % n
                }
            })
            .find_map(|k| {
                let (lane, pos, id) = self.view_at(k)?;
                let q = self.session.board.get(id)?;
                filter::holds(q, &jumping.query).then_some((lane, pos))
            });
        match found {
            Some((lane, pos)) => {
                if let Some(lane) = lane {
                    self.nav.focus = lane;
                }
                self.select(pos);
            }
            None if end < n => {
                jumping.step = end;
                self.derived.jumping = Some(jumping);
            }
            None => self.warn(messages::no_match(&jumping.shown)),
        }
    }

    /// Counts what is left to count at once.
    pub(super) fn finish_count(&mut self) {
        while self.derived.counting.is_some() {
            self.count_slice();
        }
    }

    /// Between keys: the next slice of what is left (see [`App::pending_between_keys`]).
    pub(super) fn slice_between_keys(&mut self, effects: &mut Vec<Effect>) {
        if self.minutes_pending() {
            self.minutes_slice(effects);
        } else if self.delete_pending() {
            self.delete_slice();
        } else if self.derived.filtering.is_some() {
            self.filter_slice();
        } else if self.review_looking() {
            self.review_slice();
        } else if let Mode::Picker(picker) = &mut self.mode
            && picker.looking_from.is_some()
        {
            picker.look_further(&self.session.board);
        } else if self.derived.jumping.is_some() {
            self.jump_slice();
        } else if self.derived.trend_work.is_some() {
            self.trend_slice();
        } else {
            self.count_slice();
        }
    }
}
