//! The planner: turns a board into an order of operations, with a reason for every answer.
//!
//! Pure: `plan(&Board, today)` (the same answer whatever the machine; on a big board it uses
//! the machine's cores). The open questions form a graph whose edges are "waits on" (a
//! question's open prerequisites). Strongly connected components (Tarjan, iterative so a long
//! chain cannot overflow the stack) find cycles and give an order in which prerequisites come
//! before what waits on them. How many questions each one unblocks is counted exactly with one
//! bitset per component, filled from the dependents' side (see `unblocks`). A set has a bit per
//! question that waits on something, so a board whose questions reach most others costs about
//! n²/64 word operations (about 40 ms on two cores at 100,000 questions with random
//! prerequisites, while the sections' items are made): that part depends only on the
//! prerequisite graph, and is kept between plans while it is unchanged ([`Reach`]), so moving
//! or editing a card does not pay it again.

use jiff::civil::Date;

use super::index::IdIndex;
use super::{Board, Door, Lane, Question};

mod bits;
mod graph;
mod needed;
mod phases;
mod reason;
mod types;
mod unblocks;
mod warnings;

pub use types::*;

use graph::{Adj, graph_key};
use needed::Needed;
pub use needed::working_days;
use phases::{Facts, Graph, Levels, Read};
use reason::NAMED;
pub use reason::{Said, id_list};
use warnings::warnings;

/// Plans the board as of `today`, with the default stale threshold.
pub fn plan(board: &Board, today: Date) -> Plan {
    plan_with(board, today, STALE_DAYS)
}

/// What each open question unblocks (how many wait on it, directly or not, and the first few
/// of them), from the prerequisite graph alone. Kept by the caller between plans: reused while
/// the graph (open questions and what they wait on) is the same.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reach {
    key: (u64, usize, usize),
    slots: IdIndex,
    counts: Vec<usize>,
    first: Vec<Vec<u32>>,
}

/// Plans the board as of `today`; blocking questions untouched for `stale_days` or more are
/// named in a warning.
pub fn plan_with(board: &Board, today: Date, stale_days: i64) -> Plan {
    plan_inner(board, today, stale_days, None)
}

/// [`plan_with`], reusing what the last plan found of the prerequisite graph when it has not
/// changed (see [`Reach`]); `cache` is updated.
pub fn plan_cached(board: &Board, today: Date, stale_days: i64, cache: &mut Option<Reach>) -> Plan {
    plan_inner(board, today, stale_days, Some(cache))
}

/// The plan, with or without a [`Reach`] to reuse and keep (a one-off plan keeps nothing), in
/// named phases: what is read of the questions, the graph of what waits on what, how far
/// each question is from being resolvable and who is effectively blocking, the sections in
/// their order, and the warnings.
fn plan_inner(
    board: &Board,
    today: Date,
    stale_days: i64,
    cache: Option<&mut Option<Reach>>,
) -> Plan {
    let read = Read::of(board, today, stale_days);
    let graph = Graph::of(&read);
    let levels = Levels::of(&read, &graph, today);
    let waiters = graph.prereqs.reversed();
    let needed = Needed::of(&read, &graph, &waiters);
    let sections = sections(&read, &graph, (&levels, &needed), &waiters, today, cache);
    let warnings = warnings(
        board,
        &read,
        &graph,
        (&levels, &needed),
        &sections,
        (today, stale_days),
    );
    let in_order: Vec<u32> = sections
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.id))
        .collect();
    Plan {
        warnings,
        index: IdIndex::new(&in_order),
        sections,
    }
}

/// Each section's order, as positions in `members` (its questions' indices); `counts` (what
/// each question unblocks) is read for the two sections ordered by it. Keys are narrow (one
/// is kept per item while a section sorts); a cycle's level stays greatest.
fn order(
    read: &Read<'_>,
    (levels, needed): (&Levels, &Needed),
    today: Date,
    kind: SectionKind,
    members: &[usize],
    counts: &[usize],
) -> Vec<usize> {
    let facts = &read.facts;
    let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let due = |q: &Facts| q.revisit.is_some_and(|d| d <= today);
    let door_rank = |q: &Facts| u8::from(q.door != Door::OneWay);
    let revisit_rank = |q: &Facts| q.revisit.unwrap_or(Date::MAX);
    // Where the rules leave questions level: the earlier needed-by date (own or inherited)
    // first, a dated one before an undated one; then the board's order.
    let tie = |i: usize| {
        (
            needed.rank(i),
            narrow(read.lane_pos[i]),
            facts[i].lane.index() as u8,
            read.ids[i],
        )
    };
    let mut order: Vec<usize> = (0..members.len()).collect();
    match kind {
        SectionKind::ResolveNow => order.sort_by_cached_key(|&k| {
            let (i, q) = (members[k], &facts[members[k]]);
            (
                std::cmp::Reverse(narrow(counts[i])),
                door_rank(q),
                revisit_rank(q),
                tie(i),
            )
        }),
        SectionKind::Waiting => order.sort_by_cached_key(|&k| {
            let (i, q) = (members[k], &facts[members[k]]);
            (
                narrow(levels.level[i]),
                std::cmp::Reverse(narrow(counts[i])),
                door_rank(q),
                revisit_rank(q),
                tie(i),
            )
        }),
        SectionKind::DecideInMotion | SectionKind::Parked => {
            order.sort_by_cached_key(|&k| (!due(&facts[members[k]]), tie(members[k])))
        }
        SectionKind::CanWait => order.sort_by_cached_key(|&k| {
            let q = &facts[members[k]];
            (!due(q), revisit_rank(q), tie(members[k]))
        }),
        SectionKind::Deferred => {
            order.sort_by_cached_key(|&k| (revisit_rank(&facts[members[k]]), tie(members[k])))
        }
    }
    order
}

/// Whether a section is ordered by what its questions unblock (known only once that is
/// found).
fn by_count(kind: SectionKind) -> bool {
    matches!(kind, SectionKind::ResolveNow | SectionKind::Waiting)
}

/// An open question's item in its section, with its reason; what it unblocks is filled in
/// once that is found.
fn item(
    read: &Read<'_>,
    graph: &Graph,
    (levels, needed): (&Levels, &Needed),
    waiters: &Adj,
    today: Date,
    kind: SectionKind,
    i: usize,
) -> Item {
    let (q, ids) = (&read.facts[i], &read.ids);
    let due_date = q.revisit.filter(|d| *d <= today);
    let blocker = levels.waited[i]
        .filter(|_| q.lane != Lane::Blocking)
        .map(|b| ids[b as usize]);
    let why = match kind {
        SectionKind::ResolveNow => Why::ResolveNow {
            first_unblocked: Vec::new(),
            blocker: blocker.map(|b| (b, q.lane)),
            door: q.door,
            due: due_date,
        },
        SectionKind::Waiting => {
            // A reason names a few links of a long cycle, not all of them: every member of a
            // cycle of thousands carrying it whole would be quadratic.
            let (cycle, more) = if graph.cyclic[graph.comp[i]] {
                let mut ids = graph.cycle_ids(ids, i, NAMED);
                let more = ids.pop().unwrap_or_default();
                (Some(ids), more)
            } else {
                (None, 0)
            };
            Why::Waiting {
                cycle,
                more,
                steps: u32::try_from(levels.level[i]).unwrap_or(u32::MAX),
                blocker,
            }
        }
        SectionKind::DecideInMotion => Why::DecideInMotion { due: due_date },
        SectionKind::CanWait => Why::CanWait { due: due_date },
        SectionKind::Parked => Why::Parked { due: due_date },
        SectionKind::Deferred => {
            let until = q.revisit.unwrap_or(today);
            Why::Deferred {
                until,
                days: i32::try_from(super::dates::days_between(today, until)).unwrap_or(i32::MAX),
            }
        }
    };
    Item {
        id: ids[i],
        why,
        waits_on: graph.prereqs[i].iter().map(|&p| ids[p]).collect(),
        unblocks: 0,
        waited_by: waiters[i].iter().map(|&w| ids[w]).collect(),
        needed_by: needed.by[i],
    }
}

/// The sections in their order. Each section's items are made in board order (reading the
/// arrays in order, not all over them) while what each question unblocks is found; those
/// counts are filled in after. What each question unblocks depends on the prerequisite graph
/// alone (not lanes, dates or order), so it is kept between plans while the graph stays the
/// same: on a big board it is the costly part, and a card moved or edited does not change it.
fn sections(
    read: &Read<'_>,
    graph: &Graph,
    (levels, needed): (&Levels, &Needed),
    waiters: &Adj,
    today: Date,
    cache: Option<&mut Option<Reach>>,
) -> Vec<Section> {
    let mut buckets: [Vec<usize>; 6] = Default::default();
    for (i, q) in read.facts.iter().enumerate() {
        buckets[levels.section_of(i, q, &graph.prereqs) as usize].push(i);
    }
    let build = || -> Vec<Built> {
        SectionKind::ALL
            .into_iter()
            .zip(buckets)
            .map(|(kind, members)| {
                let items = members
                    .iter()
                    .map(|&i| item(read, graph, (levels, needed), waiters, today, kind, i))
                    .collect();
                let order = (!by_count(kind))
                    .then(|| order(read, (levels, needed), today, kind, &members, &[]));
                Built {
                    kind,
                    members,
                    items,
                    order,
                }
            })
            .collect()
    };
    let unblocks_graph = unblocks::Graph {
        comps: &graph.comps,
        comp: &graph.comp,
        prereqs: &graph.prereqs,
        by_rank: &read.by_rank,
        ids: &read.ids,
    };
    let ((unblocks_count, mut unblocked_first), built) = match cache {
        None => unblocks::alongside(unblocks_graph, build),
        Some(cache) => (reach(cache, &read.open, unblocks_graph), build()),
    };
    let mut sections = Vec::new();
    for mut b in built {
        for (item, &i) in b.items.iter_mut().zip(&b.members) {
            item.unblocks = u32::try_from(unblocks_count[i]).unwrap_or(u32::MAX);
            if let Why::ResolveNow {
                first_unblocked, ..
            } = &mut item.why
            {
                *first_unblocked = std::mem::take(&mut unblocked_first[i]);
            }
        }
        let order = b.order.unwrap_or_else(|| {
            order(
                read,
                (levels, needed),
                today,
                b.kind,
                &b.members,
                &unblocks_count,
            )
        });
        permute(&mut b.items, order);
        sections.push(Section {
            kind: b.kind,
            items: b.items,
        });
    }
    sections
}

/// What each open question unblocks, from `cache` when the prerequisite graph is the one it
/// was found for, else found anew and kept there.
fn reach(
    cache: &mut Option<Reach>,
    open: &[&Question],
    g: unblocks::Graph<'_>,
) -> (Vec<usize>, Vec<Vec<u32>>) {
    let unblocks::Graph { prereqs, ids, .. } = g;
    let key = graph_key(open, prereqs);
    if let Some(reach) = cache.as_ref().filter(|r| r.key == key) {
        let n = open.len();
        let mut counts = vec![0usize; n];
        let mut first: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, &id) in ids.iter().enumerate() {
            if let Some(slot) = reach.slots.get(id) {
                counts[i] = reach.counts[slot];
                if prereqs[i].is_empty() {
                    first[i] = reach.first[slot].clone();
                }
            }
        }
        return (counts, first);
    }
    let (counts, first) = unblocks::unblocks(g);
    *cache = Some(Reach {
        key,
        slots: IdIndex::new(ids),
        counts: counts.clone(),
        first: first.clone(),
    });
    (counts, first)
}

/// A section's items made before they are ordered: by position in its bucket of question
/// indices (`members`), with its order when it does not depend on what the questions unblock.
struct Built {
    kind: SectionKind,
    members: Vec<usize>,
    items: Vec<Item>,
    order: Option<Vec<usize>>,
}

/// Puts `items[order[k]]` at `k` for every `k`, in place (a plan's biggest section is a tenth
/// of its memory, and a second copy of it would be the plan's peak), a cycle of the
/// permutation at a time.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = std::mem::replace(&mut order[at], DONE);
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::permute;

    /// In place, a cycle at a time, what a new list in that order would hold: fixed points,
    /// one long cycle, many short ones.
    #[test]
    fn a_permutation_is_applied_in_place() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for n in [0usize, 1, 2, 3, 10, 1_000] {
            for _ in 0..20 {
                let mut order: Vec<usize> = (0..n).collect();
                for k in (1..n).rev() {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    order.swap(k, seed as usize % (k + 1));
                }
                let items: Vec<String> = (0..n).map(|k| format!("item {k}")).collect();
                let expected: Vec<String> = order.iter().map(|&k| items[k].clone()).collect();
                let mut permuted = items;
                permute(&mut permuted, order);
                assert_eq!(permuted, expected);
            }
        }
    }
}
