//! The Map view's keys: following edges to prerequisites and to what waits on them, moving
//! among the questions of a column; and what it selects when nothing is yet.

use ratatui::layout::Rect;

use super::{Action, App, View, messages};
use crate::geometry::map::{MapLayout, map_layout};

impl App {
    /// The critical chain, worked out once per plan while the Map shows (it reads every open
    /// question: not a thing to do per frame).
    pub(super) fn chain_if_shown(&mut self) {
        if self.nav.view == View::Map && self.derived.chain.is_none() {
            self.derived.chain = Some(crate::model::depgraph::critical_chain(
                &self.session.board,
                &self.derived.plan,
            ));
        }
    }

    /// The critical chain (empty until the Map has shown for this plan).
    pub fn critical_chain(&self) -> &[u32] {
        self.derived.chain.as_deref().unwrap_or(&[])
    }

    /// The question selected on the Map: the one chosen, while it is open and linked; else
    /// the start of the critical chain; else the first linked question; else the first.
    pub fn map_selected_id(&self) -> Option<u32> {
        let plan = &self.derived.plan;
        // Only a question with a link is drawn, so only one can be selected.
        self.nav
            .map_selected
            .filter(|&id| {
                plan.find(id)
                    .is_some_and(|(_, i)| !i.waits_on.is_empty() || !i.waited_by.is_empty())
            })
            .or_else(|| self.critical_chain().first().copied())
            .or_else(|| {
                plan.items()
                    .find(|(_, i)| !i.waits_on.is_empty() || !i.waited_by.is_empty())
                    .map(|(_, i)| i.id)
            })
            .or_else(|| plan.items().next().map(|(_, i)| i.id))
    }

    /// Where the Map draws its graph: below the view's header line.
    pub fn map_area(&self) -> Rect {
        let body = crate::geometry::body(Rect::new(0, 0, self.size.0, self.size.1));
        Rect::new(
            body.x + 1,
            body.y + 1,
            body.width.saturating_sub(2),
            body.height.saturating_sub(2),
        )
    }

    /// The Map as it is laid out now.
    pub fn map_layout(&self) -> MapLayout {
        map_layout(
            &self.derived.plan,
            self.map_selected_id(),
            self.map_area(),
            self.present(),
        )
    }

    /// A step on the Map: `h`/`l` follow an edge (to the prerequisite, or what waits on it,
    /// drawn nearest the selection's row), `j`/`k` move within the column. Says so when there
    /// is nowhere to go.
    pub(super) fn map_step(&mut self, action: &Action) {
        let Some(id) = self.map_selected_id() else {
            return self.say(messages::MAP_EMPTY);
        };
        let layout = self.map_layout();
        let plan = &self.derived.plan;
        let Some((_, item)) = plan.find(id) else {
            return;
        };
        let row = layout.node(id).map_or(0, |n| n.area.y);
        let nearest = |ids: &[u32]| -> Option<u32> {
            ids.iter()
                .copied()
                .min_by_key(|&n| layout.node(n).map_or(u16::MAX, |m| m.area.y.abs_diff(row)))
        };
        let to = match action {
            Action::FocusLeft => nearest(&item.waits_on).ok_or(messages::MAP_NO_PREREQUISITE),
            Action::FocusRight => nearest(&item.waited_by).ok_or(messages::MAP_NOTHING_WAITS),
            Action::SelectDown | Action::SelectUp => {
                let column = layout
                    .node(id)
                    .map(|n| layout.column(n.column))
                    .unwrap_or_default();
                let at = column.iter().position(|&n| n == id).unwrap_or(0);
                let next = if *action == Action::SelectDown {
                    column.get(at + 1)
                } else {
                    at.checked_sub(1).and_then(|k| column.get(k))
                };
                next.copied().ok_or(messages::MAP_COLUMN_END)
            }
            _ => return,
        };
        match to {
            Ok(to) => self.nav.map_selected = Some(to),
            Err(said) => self.say(said),
        }
    }
}
