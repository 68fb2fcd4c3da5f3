//! The planner's first phases: what is read of the questions, the graph of what waits on
//! what, and how far each question is from being resolvable.

use std::collections::HashMap;

use jiff::civil::Date;

use super::graph::{Adj, Groups, components, cycle_through};
use super::types::SectionKind;
use crate::model::index::IdIndex;
use crate::model::{Board, Door, Lane, Question};

/// What the plan reads of the questions, in one pass: the questions lie all over memory, and
/// each pass is a cache miss per question. Open questions are known by their index here.
pub(super) struct Read<'a> {
    pub(super) open: Vec<&'a Question>,
    /// What ordering reads of each open question, side by side (reading the questions in a
    /// section's order was a cache miss per question).
    pub(super) facts: Vec<Facts>,
    pub(super) ids: Vec<u32>,
    /// Open questions in id order: `by_rank[r]` is the index of the r-th smallest id.
    pub(super) by_rank: Vec<usize>,
    pub(super) index: IdIndex,
    /// Position in its lane, for ties.
    pub(super) lane_pos: Vec<usize>,
    /// What two people disagree on: until it is settled, the board holds one of two answers.
    pub(super) disputed: Vec<(u32, &'static str)>,
    /// Blocking questions untouched for the stale threshold or more, and for how many days.
    pub(super) stale: Vec<(u32, i64)>,
}

impl<'a> Read<'a> {
    pub(super) fn of(board: &'a Board, today: Date, stale_days: i64) -> Read<'a> {
        // Sized at once: grown by doubling, they took up to twice as much.
        let mut open: Vec<&Question> = Vec::with_capacity(board.questions().len());
        let mut disputed = Vec::new();
        let mut facts: Vec<Facts> = Vec::with_capacity(board.questions().len());
        let mut stale = Vec::new();
        for q in board.questions() {
            disputed.extend(q.conflicts.iter().map(|c| (q.id, c.field.name())));
            if q.is_open() {
                open.push(q);
                facts.push(Facts::of(q));
                stale.extend(q.stale(today, stale_days).map(|days| (q.id, days)));
            }
        }
        let ids: Vec<u32> = facts.iter().map(|q| q.id).collect();
        let mut by_rank: Vec<usize> = (0..ids.len()).collect();
        by_rank.sort_unstable_by_key(|&i| ids[i]);
        let mut lane_pos = vec![0usize; ids.len()];
        let mut counters = [0usize; 3];
        for (i, q) in facts.iter().enumerate() {
            lane_pos[i] = counters[q.lane.index()];
            counters[q.lane.index()] += 1;
        }
        Read {
            index: IdIndex::new(&ids),
            open,
            facts,
            ids,
            by_rank,
            lane_pos,
            disputed,
            stale,
        }
    }
}

/// The graph of what waits on what among open questions: prerequisites, their strongly
/// connected components, and the cycles.
pub(super) struct Graph {
    pub(super) prereqs: Adj,
    pub(super) comps: Groups,
    pub(super) comp: Vec<usize>,
    pub(super) cyclic: Vec<bool>,
    /// Where each member of a cycle stands on its component's cycle.
    pub(super) on_cycle: HashMap<usize, (usize, usize)>,
    /// Each cyclic component's cycle (by component: most components have none), starting
    /// from its smallest id.
    pub(super) canonical: HashMap<usize, Vec<usize>>,
}

impl Graph {
    pub(super) fn of(read: &Read<'_>) -> Graph {
        let prereqs = Adj::build(read.open.len(), |i, push| {
            for a in &read.open[i].after {
                if let Some(p) = read.index.get(*a) {
                    push(p);
                }
            }
        });
        let comps = components(&prereqs);
        let mut comp = vec![0usize; read.open.len()];
        for (c, members) in comps.iter().enumerate() {
            for &m in members {
                comp[m] = c;
            }
        }
        let cyclic: Vec<bool> = comps
            .iter()
            .map(|m| m.len() > 1 || prereqs[m[0]].contains(&m[0]))
            .collect();
        // One cycle per cyclic component, found once (through its smallest id): a member on
        // it reads the same cycle from itself, so a long cycle costs one search, not one per
        // member.
        let mut on_cycle = HashMap::new();
        let mut canonical = HashMap::new();
        for (c, members) in comps.iter().enumerate() {
            if !cyclic[c] {
                continue;
            }
            let start = *members
                .iter()
                .min_by_key(|&&m| read.ids[m])
                .unwrap_or(&members[0]);
            let cycle = cycle_through(start, &prereqs, &comp, members);
            for (k, &m) in cycle.iter().enumerate() {
                on_cycle.insert(m, (c, k));
            }
            canonical.insert(c, cycle);
        }
        Graph {
            prereqs,
            comps,
            comp,
            cyclic,
            on_cycle,
            canonical,
        }
    }

    /// A cycle through i, as ids, ending where it starts ([3, 5, 9, 3]), naming at most
    /// `most` links before the end; then how many were left out, as one more number.
    pub(super) fn cycle_ids(&self, ids: &[u32], i: usize, most: usize) -> Vec<u32> {
        let through: Vec<usize> = match self.on_cycle.get(&i) {
            Some(&(c, k)) => {
                let cycle = &self.canonical[&c];
                cycle[k..].iter().chain(&cycle[..k]).copied().collect()
            }
            None => cycle_through(i, &self.prereqs, &self.comp, &self.comps[self.comp[i]]),
        };
        let more = through.len().saturating_sub(most);
        let mut named: Vec<u32> = through.iter().take(most).map(|&x| ids[x]).collect();
        named.push(ids[i]);
        named.push(more as u32);
        named
    }
}

/// How far each open question is from being resolvable, and who is effectively blocking.
pub(super) struct Levels {
    /// Steps until resolvable: 0 with no open prerequisite; unknown (MAX) in or after a cycle.
    pub(super) level: Vec<usize>,
    /// The nearest blocking question (by index) waiting on it, directly or not.
    pub(super) waited: Vec<Option<u32>>,
    /// Its revisit date is to come and nothing blocking waits on it.
    pub(super) deferred: Vec<bool>,
    /// Blocking and not deferred, or something blocking waits on it.
    pub(super) effective: Vec<bool>,
}

impl Levels {
    pub(super) fn of(read: &Read<'_>, graph: &Graph, today: Date) -> Levels {
        let n = read.open.len();
        let prereqs = &graph.prereqs;
        let mut level = vec![0usize; n];
        for (c, members) in graph.comps.iter().enumerate() {
            for &m in members {
                level[m] = if graph.cyclic[c] {
                    usize::MAX
                } else {
                    prereqs[m]
                        .iter()
                        .map(|&p| level[p].saturating_add(1))
                        .max()
                        .unwrap_or(0)
                };
            }
        }
        // Who is effectively blocking: blocking questions that are not deferred, and
        // everything they wait on, directly or not.
        let is_future = |q: &Facts| q.revisit.is_some_and(|d| d > today);
        let mut waited: Vec<Option<u32>> = vec![None; n];
        let mut origin: Vec<u32> = (0..n as u32).collect();
        let mut seen = vec![false; n];
        let mut queue = std::collections::VecDeque::new();
        for (i, q) in read.facts.iter().enumerate() {
            if q.lane == Lane::Blocking && !is_future(q) {
                seen[i] = true;
                queue.push_back(i);
            }
        }
        while let Some(u) = queue.pop_front() {
            for &p in &prereqs[u] {
                if waited[p].is_none() {
                    waited[p] = Some(origin[u]);
                }
                if !seen[p] {
                    seen[p] = true;
                    origin[p] = origin[u];
                    queue.push_back(p);
                }
            }
        }
        let deferred: Vec<bool> = (0..n)
            .map(|i| is_future(&read.facts[i]) && waited[i].is_none())
            .collect();
        let effective: Vec<bool> = (0..n)
            .map(|i| !deferred[i] && (read.facts[i].lane == Lane::Blocking || waited[i].is_some()))
            .collect();
        Levels {
            level,
            waited,
            deferred,
            effective,
        }
    }

    /// The section an open question belongs in.
    pub(super) fn section_of(&self, i: usize, q: &Facts, prereqs: &Adj) -> SectionKind {
        if self.deferred[i] {
            SectionKind::Deferred
        } else if self.effective[i] {
            if prereqs[i].is_empty() {
                SectionKind::ResolveNow
            } else {
                SectionKind::Waiting
            }
        } else {
            match (q.lane, q.door) {
                (Lane::Interesting, _) => SectionKind::Parked,
                (_, Door::TwoWay) => SectionKind::DecideInMotion,
                (_, Door::OneWay) => SectionKind::CanWait,
            }
        }
    }
}

/// What ordering and reasons read of an open question, copied out of it.
#[derive(Clone, Copy)]
pub(super) struct Facts {
    pub(super) id: u32,
    pub(super) lane: Lane,
    pub(super) door: Door,
    pub(super) revisit: Option<Date>,
    pub(super) needed_by: Option<Date>,
}

impl Facts {
    pub(super) fn of(q: &Question) -> Facts {
        Facts {
            id: q.id,
            lane: q.lane,
            door: q.door,
            revisit: q.revisit,
            needed_by: q.needed_by,
        }
    }
}
