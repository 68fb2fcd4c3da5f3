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

use std::collections::HashMap;

use jiff::civil::Date;

use super::index::IdIndex;
use super::{Board, Door, Lane, Question};

mod bits;
mod graph;
mod reason;
mod types;
mod unblocks;

pub use types::*;

use graph::{Adj, components, cycle_through, graph_key};
use reason::{NAMED, cycle_path, named};
pub use reason::{Said, id_list};

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
    let sections = sections(&read, &graph, &levels, today, cache);
    let warnings = warnings(board, &read, &graph, &levels, &sections, stale_days);
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

/// What the plan reads of the questions, in one pass: the questions lie all over memory, and
/// each pass is a cache miss per question. Open questions are known by their index here.
struct Read<'a> {
    open: Vec<&'a Question>,
    /// What ordering reads of each open question, side by side (reading the questions in a
    /// section's order was a cache miss per question).
    facts: Vec<Facts>,
    ids: Vec<u32>,
    /// Open questions in id order: `by_rank[r]` is the index of the r-th smallest id.
    by_rank: Vec<usize>,
    index: IdIndex,
    /// Position in its lane, for ties.
    lane_pos: Vec<usize>,
    /// What two people disagree on: until it is settled, the board holds one of two answers.
    disputed: Vec<(u32, &'static str)>,
    /// Blocking questions untouched for the stale threshold or more, and for how many days.
    stale: Vec<(u32, i64)>,
}

impl<'a> Read<'a> {
    fn of(board: &'a Board, today: Date, stale_days: i64) -> Read<'a> {
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
struct Graph {
    prereqs: Adj,
    comps: graph::Groups,
    comp: Vec<usize>,
    cyclic: Vec<bool>,
    /// Where each member of a cycle stands on its component's cycle.
    on_cycle: HashMap<usize, (usize, usize)>,
    /// Each cyclic component's cycle (by component: most components have none), starting
    /// from its smallest id.
    canonical: HashMap<usize, Vec<usize>>,
}

impl Graph {
    fn of(read: &Read<'_>) -> Graph {
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
    fn cycle_ids(&self, ids: &[u32], i: usize, most: usize) -> Vec<u32> {
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
struct Levels {
    /// Steps until resolvable: 0 with no open prerequisite; unknown (MAX) in or after a cycle.
    level: Vec<usize>,
    /// The nearest blocking question (by index) waiting on it, directly or not.
    waited: Vec<Option<u32>>,
    /// Its revisit date is to come and nothing blocking waits on it.
    deferred: Vec<bool>,
    /// Blocking and not deferred, or something blocking waits on it.
    effective: Vec<bool>,
}

impl Levels {
    fn of(read: &Read<'_>, graph: &Graph, today: Date) -> Levels {
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
    fn section_of(&self, i: usize, q: &Facts, prereqs: &Adj) -> SectionKind {
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

/// Each section's order, as positions in `members` (its questions' indices); `counts` (what
/// each question unblocks) is read for the two sections ordered by it. Keys are narrow (one
/// is kept per item while a section sorts); a cycle's level stays greatest.
fn order(
    read: &Read<'_>,
    levels: &Levels,
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
    let tie = |i: usize| {
        (
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
    levels: &Levels,
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
    levels: &Levels,
    today: Date,
    cache: Option<&mut Option<Reach>>,
) -> Vec<Section> {
    let mut buckets: [Vec<usize>; 6] = Default::default();
    for (i, q) in read.facts.iter().enumerate() {
        buckets[levels.section_of(i, q, &graph.prereqs) as usize].push(i);
    }
    let waiters = graph.prereqs.reversed();
    let build = || -> Vec<Built> {
        SectionKind::ALL
            .into_iter()
            .zip(buckets)
            .map(|(kind, members)| {
                let items = members
                    .iter()
                    .map(|&i| item(read, graph, levels, &waiters, today, kind, i))
                    .collect();
                let order =
                    (!by_count(kind)).then(|| order(read, levels, today, kind, &members, &[]));
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
        let order = b
            .order
            .unwrap_or_else(|| order(read, levels, today, b.kind, &b.members, &unblocks_count));
        permute(&mut b.items, order);
        sections.push(Section {
            kind: b.kind,
            items: b.items,
        });
    }
    sections
}

/// The warnings, in the order they are said: what two people disagree on (until it is
/// settled, the board holds one of two answers), cycles, blocking questions that wait on
/// parked ones, what to resolve now without an owner or a next step, stale blocking
/// questions, and too much blocking.
fn warnings(
    board: &Board,
    read: &Read<'_>,
    graph: &Graph,
    levels: &Levels,
    sections: &[Section],
    stale_days: i64,
) -> Vec<Warning> {
    let (facts, ids, n) = (&read.facts, &read.ids, read.open.len());
    let mut warnings = Vec::new();
    if !read.disputed.is_empty() {
        let mut ids: Vec<u32> = read.disputed.iter().map(|&(id, _)| id).collect();
        ids.dedup();
        warnings.push(Warning {
            kind: WarningKind::Conflicts,
            message: format!(
                "changed differently by two people: {}: settle them (`unknowns conflicts` lists both values)",
                named(&read.disputed, |(id, field)| format!("#{id} {field}"))
            ),
            ids,
        });
    }
    if let Some(c) = board
        .conflicts
        .iter()
        .find(|c| c.field == crate::model::Field::Title)
    {
        warnings.push(Warning {
            kind: WarningKind::Conflicts,
            message: format!(
                "the board's title was set differently by two people: it is \"{}\", the other was \"{}\"; setting the title settles it (`unknowns title`)",
                super::text::display_safe(&board.title, false),
                super::text::display_safe(&c.value, false)
            ),
            ids: Vec::new(),
        });
    }
    for (c, members) in graph.comps.iter().enumerate() {
        if !graph.cyclic[c] {
            continue;
        }
        let start = graph.canonical[&c][0];
        let mut members: Vec<u32> = members.iter().map(|&m| ids[m]).collect();
        members.sort_unstable();
        let mut path = graph.cycle_ids(ids, start, NAMED);
        let more = path.pop().unwrap_or_default() as usize;
        warnings.push(Warning {
            kind: WarningKind::Cycle,
            message: format!(
                "cycle in after: {}: none of them can be resolved first; remove one of these prerequisites",
                cycle_path(&path, more)
            ),
            ids: members,
        });
    }
    // Blocking questions that wait on parked ones: one warning, naming each pair.
    let mut parked: Vec<(u32, u32)> = (0..n)
        .filter(|&i| facts[i].lane == Lane::Interesting)
        .filter_map(|i| levels.waited[i].map(|b| (ids[i], ids[b as usize])))
        .collect();
    parked.sort_unstable();
    match parked.as_slice() {
        [] => {}
        [(qid, bid)] => warnings.push(Warning {
            kind: WarningKind::BlockingWaitsOnParked,
            ids: vec![*bid, *qid],
            message: format!(
                "#{bid} (blocking) waits on #{qid}, which is parked as interesting: move #{qid} to Blocking, or take it out of what #{bid} waits on"
            ),
        }),
        pairs => {
            warnings.push(Warning {
                kind: WarningKind::BlockingWaitsOnParked,
                ids: pairs.iter().map(|&(q, _)| q).collect(),
                message: format!(
                    "blocking questions wait on parked (interesting) ones: {}: move them to Blocking, or take them out of what the blocking questions wait on",
                    named(pairs, |(q, b)| format!("#{q} (for #{b})"))
                ),
            });
        }
    }
    let now_ids = || {
        sections
            .iter()
            .find(|s| s.kind == SectionKind::ResolveNow)
            .map_or(&[][..], |s| &s.items[..])
            .iter()
            .map(|it| it.id)
    };
    let q_of = |id: u32| read.index.get(id).map(|i| read.open[i]);
    let no_owner: Vec<u32> = now_ids()
        .filter(|&id| q_of(id).is_some_and(|q| q.door == Door::OneWay && q.owner.is_none()))
        .collect();
    if !no_owner.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::OneWayWithoutOwner,
            message: format!(
                "one-way door{} to resolve now with no owner: {}: name who drives the decision",
                if no_owner.len() == 1 { "" } else { "s" },
                named(&no_owner, |id| format!("#{id}"))
            ),
            ids: no_owner,
        });
    }
    let no_step: Vec<u32> = now_ids()
        .filter(|&id| q_of(id).is_some_and(|q| q.next_step.trim().is_empty()))
        .collect();
    if !no_step.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::NoNextStep,
            message: format!(
                "to resolve now, with no next step: {}: write what happens next",
                named(&no_step, |id| format!("#{id}"))
            ),
            ids: no_step,
        });
    }
    let mut stale = read.stale.clone();
    stale.sort_by_key(|&(id, days)| (std::cmp::Reverse(days), id));
    if !stale.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::Stale,
            ids: stale.iter().map(|&(id, _)| id).collect(),
            message: format!(
                "blocking and untouched for {stale_days} days or more: {}: move them forward, or ask whether they still block",
                named(&stale, |(id, days)| format!("#{id} ({days} days)"))
            ),
        });
    }
    let blocking: Vec<u32> = facts
        .iter()
        .filter(|q| q.lane == Lane::Blocking)
        .map(|q| q.id)
        .collect();
    if blocking.len() * 2 > n || blocking.len() > 7 {
        warnings.push(Warning {
            kind: WarningKind::TooMuchBlocking,
            message: format!(
                "{} of {n} open questions are blocking; which can the team move with? Move those to Uncomfortable",
                blocking.len()
            ),
            ids: blocking,
        });
    }
    warnings
}

/// What ordering and reasons read of an open question, copied out of it.
#[derive(Clone, Copy)]
struct Facts {
    id: u32,
    lane: Lane,
    door: Door,
    revisit: Option<Date>,
}

impl Facts {
    fn of(q: &Question) -> Facts {
        Facts {
            id: q.id,
            lane: q.lane,
            door: q.door,
            revisit: q.revisit,
        }
    }
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
