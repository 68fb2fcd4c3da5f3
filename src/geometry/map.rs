//! The Map's layout, a pure function of the plan, the selection and the screen: open
//! questions as a layered graph, prerequisites to the left, what waits on them to the right.
//!
//! A board whose linked questions fit on the screen is drawn whole, a column per step from
//! resolvable (the plan's levels), questions on cycles in a column of their own. A bigger one
//! is drawn as the neighbourhood of the selection: its prerequisites a few hops to the left,
//! what waits on it to the right, with counts of what lies beyond. Either way the work is in
//! proportion to what is drawn (the whole graph is laid out only up to [`WHOLE_MAX`]
//! questions), so a 10,000-question board opens the Map and moves in it within a keystroke.

use ratatui::layout::Rect;

use crate::model::plan::Plan;

/// Open questions up to which the Map tries to draw the whole graph.
pub const WHOLE_MAX: usize = 400;
/// A node's size, and the columns between two columns of nodes (for the edges).
const NODE_WIDTH: u16 = 24;
const NODE_HEIGHT: u16 = 3;
const GAP: u16 = 5;

/// A question drawn on the Map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapNode {
    pub id: u32,
    pub column: usize,
    pub area: Rect,
}

/// A column's place and how many of its questions did not fit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapColumn {
    pub x: u16,
    /// Questions of this column left out for want of rows.
    pub more: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapLayout {
    pub nodes: Vec<MapNode>,
    /// `(prerequisite, dependent)` between two drawn nodes.
    pub edges: Vec<(u32, u32)>,
    pub columns: Vec<MapColumn>,
    /// The whole graph is drawn (else the selection's neighbourhood).
    pub whole: bool,
    /// Questions further than the drawn hops: prerequisites to the left, dependents right.
    pub beyond: (usize, usize),
    /// Open questions with no link at all (not drawn: counted).
    pub unlinked: usize,
}

impl MapLayout {
    pub fn node(&self, id: u32) -> Option<&MapNode> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The node under a cell.
    pub fn hit(&self, col: u16, row: u16) -> Option<u32> {
        self.nodes
            .iter()
            .find(|n| {
                col >= n.area.x && col < n.area.right() && row >= n.area.y && row < n.area.bottom()
            })
            .map(|n| n.id)
    }

    /// The nodes of a column, top to bottom.
    pub fn column(&self, column: usize) -> Vec<u32> {
        self.nodes
            .iter()
            .filter(|n| n.column == column)
            .map(|n| n.id)
            .collect()
    }
}

/// A node's size: bigger when presenting; narrower on a narrow screen, so at least three
/// columns (a prerequisite, the selection, what waits on it) fit.
pub fn node_size(present: bool, width: u16) -> (u16, u16) {
    let (w, h) = if present {
        (NODE_WIDTH + 8, NODE_HEIGHT + 1)
    } else {
        (NODE_WIDTH, NODE_HEIGHT)
    };
    let three = ((width + GAP) / 3).saturating_sub(GAP).max(12);
    (w.min(three), h)
}

fn prereqs(plan: &Plan, id: u32) -> &[u32] {
    plan.find(id).map_or(&[], |(_, i)| i.waits_on.as_slice())
}

fn dependents(plan: &Plan, id: u32) -> &[u32] {
    plan.find(id).map_or(&[], |(_, i)| i.waited_by.as_slice())
}

/// Lays the Map out in `area` around `selected`.
pub fn map_layout(plan: &Plan, selected: Option<u32>, area: Rect, present: bool) -> MapLayout {
    let (w, h) = node_size(present, area.width);
    let across = ((area.width + GAP) / (w + GAP)).max(1) as usize;
    let down = ((area.height + 1) / (h + 1)).max(1) as usize;
    if plan.len() <= WHOLE_MAX
        && let Some(layout) = whole(plan, area, (across, down), present)
    {
        return layout;
    }
    match selected.filter(|&id| plan.find(id).is_some()) {
        Some(id) => neighbourhood(plan, id, area, across, present),
        None => MapLayout::default(),
    }
}

/// The whole graph in columns by level, or None when it does not fit.
fn whole(
    plan: &Plan,
    area: Rect,
    (across, down): (usize, usize),
    present: bool,
) -> Option<MapLayout> {
    let linked: Vec<u32> = plan
        .items()
        .filter(|(_, i)| !i.waits_on.is_empty() || !i.waited_by.is_empty())
        .map(|(_, i)| i.id)
        .collect();
    let unlinked = plan.len() - linked.len();
    // Levels: the longest chain of prerequisites below each question; on a cycle, none.
    let mut level: foldhash::HashMap<u32, usize> = foldhash::HashMap::default();
    let mut stuck: Vec<u32> = Vec::new();
    let mut remaining = linked.clone();
    // Kahn's order, one pass a level: small boards only.
    while !remaining.is_empty() {
        let mut placed = Vec::new();
        for &id in &remaining {
            let ps = prereqs(plan, id);
            if ps.iter().all(|p| level.contains_key(p)) {
                placed.push((id, ps.iter().map(|p| level[p] + 1).max().unwrap_or(0)));
            }
        }
        if placed.is_empty() {
            stuck = remaining;
            break;
        }
        for &(id, l) in &placed {
            level.insert(id, l);
        }
        remaining.retain(|id| !level.contains_key(id));
    }
    // A question that waits on nothing sits just before the first that waits on it, not far
    // to the left: its edges then span one column.
    let starts: Vec<(u32, usize)> = level
        .iter()
        .filter(|&(&id, &l)| l == 0 && prereqs(plan, id).is_empty())
        .filter_map(|(&id, _)| {
            let first = dependents(plan, id)
                .iter()
                .filter_map(|d| level.get(d))
                .min()?;
            Some((id, first.saturating_sub(1)))
        })
        .collect();
    for (id, l) in starts {
        level.insert(id, l);
    }
    let depth = level.values().copied().max().map_or(0, |m| m + 1);
    let mut columns: Vec<Vec<u32>> = vec![Vec::new(); depth + usize::from(!stuck.is_empty())];
    for &id in &linked {
        if let Some(&l) = level.get(&id) {
            columns[l].push(id);
        }
    }
    if !stuck.is_empty() {
        columns[depth] = stuck;
    }
    if columns.len() > across || columns.iter().any(|c| c.len() > down) {
        return None;
    }
    order_by_prerequisites(plan, &mut columns);
    Some(place(plan, columns, area, present, (0, 0), unlinked, true))
}

/// Orders each column by where its questions' prerequisites sit in the columns before (the
/// mean of their rows), so edges cross less; the plan's order breaks ties.
fn order_by_prerequisites(plan: &Plan, columns: &mut [Vec<u32>]) {
    let mut row: foldhash::HashMap<u32, f32> = foldhash::HashMap::default();
    for column in columns.iter_mut() {
        let rank = |id: u32| plan.position(id).unwrap_or(usize::MAX);
        let key = |id: u32| {
            let rows: Vec<f32> = prereqs(plan, id)
                .iter()
                .filter_map(|p| row.get(p).copied())
                .collect();
            if rows.is_empty() {
                f32::MAX
            } else {
                rows.iter().sum::<f32>() / rows.len() as f32
            }
        };
        column.sort_by(|&a, &b| {
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(rank(a).cmp(&rank(b)))
        });
        for (k, &id) in column.iter().enumerate() {
            row.insert(id, k as f32);
        }
    }
}

/// The selection's neighbourhood: its prerequisites up to a few hops to the left, what waits
/// on it to the right.
fn neighbourhood(plan: &Plan, id: u32, area: Rect, across: usize, present: bool) -> MapLayout {
    // Each side may take every column but the selection's; the sides then share them, the
    // nearer hops first, so a chain that runs one way only fills the screen that way.
    let room = across.saturating_sub(1).max(2);
    let mut seen: foldhash::HashSet<u32> = [id].into_iter().collect();
    let mut left: Vec<Vec<u32>> = Vec::new();
    let mut right: Vec<Vec<u32>> = Vec::new();
    for (side, out) in [(true, &mut left), (false, &mut right)] {
        let mut frontier = vec![id];
        // One hop more than shown, to count what lies beyond.
        for _ in 0..=room {
            let mut next = Vec::new();
            for &at in &frontier {
                let step = if side {
                    prereqs(plan, at)
                } else {
                    dependents(plan, at)
                };
                for &n in step {
                    if seen.insert(n) {
                        next.push(n);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            next.sort_by_key(|&n| plan.position(n).unwrap_or(usize::MAX));
            out.push(next.clone());
            frontier = next;
        }
    }
    // Hops shown each way: alternately, while there are columns and layers.
    let (mut l, mut r) = (0, 0);
    while l + r < room && (l < left.len() || r < right.len()) {
        if l < left.len() && (l <= r || r == right.len()) {
            l += 1;
        } else {
            r += 1;
        }
    }
    // What lies one hop past the last shown, each way.
    let count = |layers: &[Vec<u32>], shown: usize| layers.get(shown).map_or(0, Vec::len);
    let beyond = (count(&left, l), count(&right, r));
    left.truncate(l);
    right.truncate(r);
    let mut columns: Vec<Vec<u32>> = left.into_iter().rev().collect();
    columns.push(vec![id]);
    columns.extend(right);
    place(plan, columns, area, present, beyond, 0, false)
}

/// Puts the columns on the screen: each centred on the middle row when it is short, cut (and
/// counted) when it is long; a column of the neighbourhood keeps the selection's row in view.
fn place(
    plan: &Plan,
    columns: Vec<Vec<u32>>,
    area: Rect,
    present: bool,
    beyond: (usize, usize),
    unlinked: usize,
    whole: bool,
) -> MapLayout {
    let (w, h) = node_size(present, area.width);
    let down = ((area.height + 1) / (h + 1)).max(1) as usize;
    let span = (columns.len() as u16 * (w + GAP)).saturating_sub(GAP);
    let x0 = area.x + area.width.saturating_sub(span) / 2;
    let mut layout = MapLayout {
        whole,
        beyond,
        unlinked,
        ..MapLayout::default()
    };
    let mut drawn: foldhash::HashSet<u32> = foldhash::HashSet::default();
    for (c, column) in columns.iter().enumerate() {
        let x = x0 + c as u16 * (w + GAP);
        if x + w > area.right() {
            break;
        }
        let shown = column.len().min(down);
        let used = shown as u16 * (h + 1);
        let y0 = area.y + area.height.saturating_sub(used) / 2;
        for (k, &id) in column.iter().take(shown).enumerate() {
            layout.nodes.push(MapNode {
                id,
                column: c,
                area: Rect::new(x, y0 + k as u16 * (h + 1), w, h),
            });
            drawn.insert(id);
        }
        layout.columns.push(MapColumn {
            x,
            more: column.len() - shown,
        });
    }
    for n in &layout.nodes {
        for &p in prereqs(plan, n.id) {
            if drawn.contains(&p) {
                layout.edges.push((p, n.id));
            }
        }
    }
    layout
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::plan;
    use crate::model::{Board, Lane, Question};

    fn chain_board(n: u32) -> Board {
        let mut b = Board::new("chain");
        for id in 1..=n {
            let mut q = Question::new(id, format!("q{id}"), Lane::Blocking);
            if id > 1 {
                q.after = vec![id - 1];
            }
            b.push(q);
        }
        b
    }

    #[test]
    fn a_small_graph_is_drawn_whole_prerequisites_left() {
        let b = chain_board(3);
        let p = plan(&b, jiff::civil::date(2026, 12, 7));
        let l = map_layout(&p, Some(1), Rect::new(0, 2, 120, 36), false);
        assert!(l.whole);
        let x = |id| l.node(id).unwrap().area.x;
        assert!(x(1) < x(2) && x(2) < x(3));
        assert_eq!(l.edges.len(), 2);
    }

    #[test]
    fn a_long_chain_is_drawn_around_the_selection_with_counts_beyond() {
        let b = chain_board(30);
        let p = plan(&b, jiff::civil::date(2026, 12, 7));
        let l = map_layout(&p, Some(15), Rect::new(0, 2, 120, 36), false);
        assert!(!l.whole);
        assert!(l.node(15).is_some() && l.node(14).is_some() && l.node(16).is_some());
        assert_eq!(l.beyond, (1, 1), "one more each way past the hops drawn");
        assert!(l.node(1).is_none());
    }
}
