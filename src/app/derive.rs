//! What derives from the board (lanes, the plan, the resolved list), refreshed when it
//! changes: a big board's plan is asked of the background planner and taken in when it comes.

use super::{App, Effect, Mode, PlanJob, View, plan};
use crate::model::Lane;

impl App {
    /// Recomputes what derives from the board (lanes, plan, resolved list) and keeps every
    /// view's selection on the same question where it still is, in range where it is not. A
    /// big board's plan is asked of the background planner instead, and taken in when it
    /// comes ([`App::take_plan`]).
    pub(super) fn refresh(&mut self) {
        self.derived.made = true;
        // The trend shown stays until the new one is worked out (between keys).
        self.derived.trend_due = true;
        self.derived.trend_work = None;
        let resolved_id = self.resolved_selected_id();
        self.filter_board();
        self.minutes_again();
        self.delete_again();
        self.list_board();
        if self.background_plans && self.session.board.questions().len() > self.plan_inline_max {
            self.derived.plan_wanted = true;
        } else {
            let next_id = self.next_selected_id();
            // The plan before is let go first: two plans of a board at once weighed on memory.
            self.derived.plan = plan::Plan::default();
            self.derived.narrowed = None;
            let plan = plan::plan_cached(
                &self.session.board,
                self.today,
                self.stale_days,
                &mut self.derived.reach,
            );
            self.derived.planning = false;
            self.derived.plan_asked += 1;
            self.take_plan_keeping(plan, next_id);
        }
        if let Mode::Picker(picker) = &mut self.mode {
            picker.search(&self.session.board);
        }
        if self.derived.plan_wanted {
            // The plan comes later; the filter still narrows the one shown.
            self.narrow_plan();
            self.measure_reasons();
        }
        self.narrow_resolved(resolved_id);
        self.recount();
    }

    /// The question selected in Resolved (to keep it selected once that list is made again).
    pub(super) fn resolved_selected_id(&self) -> Option<u32> {
        self.derived
            .resolved
            .get(self.nav.resolved_selected)
            .copied()
    }

    /// Every view's selection kept in range once the lists are made again (and on
    /// `resolved_id` in Resolved, where it still is).
    pub(super) fn narrow_resolved(&mut self, resolved_id: Option<u32>) {
        for lane in Lane::ALL {
            let i = lane.index();
            let len = self.derived.lanes[i].len();
            self.nav.selected[i] = self.nav.selected[i].min(len.saturating_sub(1));
            self.keep_visible(lane);
        }
        if let Some(pos) =
            resolved_id.and_then(|id| self.derived.resolved.iter().position(|&r| r == id))
        {
            self.nav.resolved_selected = pos;
        }
        self.nav.resolved_selected = self
            .nav
            .resolved_selected
            .min(self.derived.resolved.len().saturating_sub(1));
        self.keep_lists_visible();
    }

    /// Takes in a new plan, keeping the selection in Next steps on the same question.
    pub(super) fn take_plan(&mut self, plan: plan::Plan) {
        let next_id = self.next_selected_id();
        self.take_plan_keeping(plan, next_id);
    }

    /// The question selected in Next steps.
    fn next_selected_id(&self) -> Option<u32> {
        self.derived
            .next()
            .item(self.nav.next_selected)
            .map(|(_, i)| i.id)
    }

    /// Takes in a new plan, selecting `next_id` in Next steps where it still is.
    fn take_plan_keeping(&mut self, plan: plan::Plan, next_id: Option<u32>) {
        self.derived.plan = plan;
        self.derived.chain = None;
        self.chain_if_shown();
        self.narrow_plan();
        self.measure_reasons();
        if let Some(pos) = next_id.and_then(|id| self.derived.next().position(id)) {
            self.nav.next_selected = pos;
        }
        self.nav.next_selected = self
            .nav
            .next_selected
            .min(self.derived.next().len().saturating_sub(1));
    }

    /// Narrows Next steps' plan by the filter, while one holds.
    pub(super) fn narrow_plan(&mut self) {
        if self.filter.is_some() && self.nav.view != View::Next {
            // Narrowed once Next steps is shown: the narrowed plan is a copy of the items kept,
            // most of a big plan at every letter of a filter, for a view not on screen.
            self.derived.narrowed = None;
            self.derived.next_due = true;
            return;
        }
        self.derived.next_due = false;
        let board = &self.session.board;
        let passing = self.derived.kept.as_ref().filter(|_| self.filter.is_some());
        self.derived.narrowed = passing.map(|kept| {
            let passing = &kept.passing;
            self.derived.plan.narrowed(|id| {
                board
                    .place(id)
                    .is_some_and(|p| passing.get(p) == Some(&true))
            })
        });
    }

    /// Asks the background planner for a plan of the board as it is now, if one is wanted.
    pub(super) fn ask_for_plan(&mut self, effects: &mut Vec<Effect>) {
        if std::mem::take(&mut self.derived.plan_wanted) {
            self.derived.plan_asked += 1;
            self.derived.planning = true;
            effects.push(Effect::Plan(Box::new(PlanJob {
                number: self.derived.plan_asked,
                board: self.session.board.clone(),
                today: self.today,
                stale_days: self.stale_days,
                // Handed over once: the planner keeps its own from then on.
                reach: self.derived.reach.take(),
            })));
        }
    }
}
