//! The filter, applied without a wait: what each question's text holds is read once per
//! filter, and a slice at a time when the filter is typed.
//!
//! Typing a filter reads every question's text at each letter: on 100,000 questions up to
//! 20 ms, far more than a keystroke may take. So a new filter is worked out a slice at a time:
//! the slices follow between keys (like a search count, see `app/search.rs`), as soon as no
//! key waits, and the board goes on showing the filter before it until the new one is whole;
//! then it shows the new one at once (a slice that shows nothing new is not drawn). A letter
//! added to a word only narrows what the filter keeps, so only the questions it kept are read
//! again. On a board of one slice or less it is all done within the keystroke.
//!
//! What the filter keeps is remembered by place, with the question each place held when it was
//! read. A change to the board reads again only the questions that changed (a moved card: one),
//! not the whole board.

use std::sync::Arc;

use super::App;
use crate::model::Question;
use crate::model::filter::Filter;
use jiff::Timestamp;

/// Questions read per slice: about a sixth of a millisecond on a big board when each one's
/// whole text is read (a filter none holds).
pub(crate) const FILTER_SLICE: usize = 512;

/// A filter being worked out, a slice at a time, while the one before it is shown.
#[derive(Clone, Debug)]
pub(crate) struct Filtering {
    text: String,
    filter: Filter,
    /// The next place of the board to read; what the filter keeps so far.
    at: usize,
    kept: Kept,
    /// Whether this filter only narrows the one shown (a letter added), so a question that
    /// one dropped is dropped without reading it.
    within: bool,
}

/// What a filter keeps, by place in the board, and the lists it narrows.
#[derive(Clone, Debug, Default)]
pub(crate) struct Kept {
    pub(super) passing: Vec<bool>,
    lists: Lists,
}

impl Kept {
    fn push(&mut self, q: &Question, keep: bool) {
        self.passing.push(keep);
        if keep {
            self.lists.push(q);
        }
    }
}

/// The open questions per lane in board order, and the resolved ones with when each last
/// changed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lists {
    lanes: [Vec<u32>; 3],
    resolved: Vec<(Option<Timestamp>, u32)>,
}

impl Lists {
    fn push(&mut self, q: &Question) {
        if q.is_open() {
            self.lanes[q.lane.index()].push(q.id);
        } else {
            self.resolved.push((q.updated, q.id));
        }
    }

    /// The order the review looks through the board in: open questions by lane, then the
    /// resolved ones, each in board order.
    pub(super) fn review_order(&self) -> Vec<u32> {
        let open = self.lanes.iter().flatten().copied();
        open.chain(self.resolved_ids()).collect()
    }

    /// The resolved questions, in board order.
    pub(super) fn resolved_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.resolved.iter().map(|&(_, id)| id)
    }

    /// The lanes, and the resolved list newest first.
    fn shown(&self) -> ([Vec<u32>; 3], Vec<u32>) {
        let mut resolved = self.resolved.clone();
        resolved.sort_unstable_by(|a, b| b.cmp(a));
        (
            self.lanes.clone(),
            resolved.into_iter().map(|(_, id)| id).collect(),
        )
    }
}

impl App {
    /// Whether a filter is being worked out between keys.
    pub fn filter_pending(&self) -> bool {
        self.derived.filtering.is_some()
    }

    /// The filter typed so far: shown at once when it keeps the same questions as the one
    /// shown (or none is typed), otherwise worked out a slice at a time.
    pub(super) fn filter_to(&mut self, typed: Option<(String, Filter)>) {
        let shown = self.filter.as_ref().map(|(_, f)| f);
        if typed.as_ref().map(|(_, f)| f) == shown {
            // The same filter (or still none): nothing to read again.
            self.derived.filtering = None;
            self.filter = typed;
            return;
        }
        let Some((text, filter)) = typed else {
            self.derived.filtering = None;
            self.filter = None;
            self.show_filtered(None);
            return;
        };
        let within = shown.is_some_and(|shown| filter.narrows(shown));
        self.derived.filtering = Some(Filtering {
            text,
            filter,
            at: 0,
            kept: Kept::default(),
            within,
        });
        if self.session.board.questions().len() <= FILTER_SLICE {
            // All of it at once. On a bigger board the keystroke leaves it all for between
            // keys: the key is shown first.
            self.filter_slice();
        }
    }

    /// Reads the next slice of the board for the filter being worked out; shows it once whole.
    pub(super) fn filter_slice(&mut self) {
        let Some(mut job) = self.derived.filtering.take() else {
            return;
        };
        let questions = self.session.board.questions();
        let shown = self.derived.kept.as_ref().map(|k| &k.passing);
        let mut budget = FILTER_SLICE * 8;
        while budget > 0 && job.at < questions.len() {
            let q = &questions[job.at];
            let dropped = job.within && shown.is_some_and(|s| s.get(job.at) == Some(&false));
            if dropped {
                // No text read.
                budget -= 1;
                job.kept.push(q, false);
            } else {
                budget = budget.saturating_sub(8);
                job.kept.push(q, job.filter.matches(q));
            }
            job.at += 1;
        }
        if job.at < questions.len() {
            self.derived.filtering = Some(job);
            // Nothing new to show yet.
            self.quiet = true;
            return;
        }
        self.filter = Some((job.text, job.filter));
        self.show_filtered(Some(job.kept));
    }

    /// Works out what is left of the filter being typed at once.
    pub(super) fn finish_filter(&mut self) {
        while self.derived.filtering.is_some() {
            self.filter_slice();
        }
    }

    /// The board changed: the questions that changed since it was last looked at are found
    /// (by pointer: a question changes by being replaced), and only they are read again for
    /// the filter shown. The lists are made again, with the filter and without. A filter being
    /// worked out starts over on the board as it is now.
    pub(super) fn filter_board(&mut self) {
        let questions = self.session.board.questions();
        let derived = &mut self.derived;
        let seen = &mut derived.seen;
        seen.truncate(questions.len());
        seen.reserve_exact(questions.len() - seen.len());
        let mut shown = match (&self.filter, derived.kept.take()) {
            (Some((_, filter)), kept) => {
                let mut kept = kept.unwrap_or_default();
                kept.passing.truncate(questions.len());
                kept.lists = Lists::default();
                Some((filter, kept))
            }
            (None, _) => None,
        };
        let mut all = Lists::default();
        for (p, q) in questions.iter().enumerate() {
            let changed = match seen.get(p) {
                Some(was) if Arc::ptr_eq(was, q) => false,
                Some(_) => {
                    // Held, not just compared by address: a question held only by the
                    // board would be changed in place, at the same address.
                    seen[p] = Arc::clone(q);
                    true
                }
                None => {
                    seen.push(Arc::clone(q));
                    true
                }
            };
            all.push(q);
            if let Some((filter, kept)) = &mut shown {
                if p >= kept.passing.len() {
                    kept.passing.push(filter.matches(q));
                } else if changed {
                    kept.passing[p] = filter.matches(q);
                }
                if kept.passing[p] {
                    kept.lists.push(q);
                }
            }
        }
        derived.open = all.lanes.iter().map(Vec::len).sum();
        derived.all = all;
        derived.kept = shown.map(|(_, kept)| kept);
        if let Some(job) = &mut derived.filtering {
            job.at = 0;
            job.kept = Kept::default();
            // What the filter shown kept may have been of the board before: all is read.
            job.within = false;
        }
    }

    /// Shows the lanes and lists as `kept` narrows them (all of them with none), keeping the
    /// selection on the same question where it still shows.
    fn show_filtered(&mut self, kept: Option<Kept>) {
        let selected = self.selected_id();
        let resolved_id = self.resolved_selected_id();
        self.derived.kept = kept;
        self.list_board();
        self.narrow_plan();
        self.measure_reasons();
        self.narrow_resolved(resolved_id);
        self.recount_search();
        if let Some(id) = selected {
            self.select_id(id);
        }
    }

    /// The lanes and the resolved list, narrowed by the filter shown.
    pub(super) fn list_board(&mut self) {
        let lists = match &self.derived.kept {
            Some(kept) if self.filter.is_some() => &kept.lists,
            _ => &self.derived.all,
        };
        (self.derived.lanes, self.derived.resolved) = lists.shown();
    }
}
