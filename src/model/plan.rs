//! The planner: turns a board into an order of operations, with a reason for every answer.
//!
//! Pure: `plan(&Board, today)`. The open questions form a graph whose edges are "waits on"
//! (a question's open prerequisites). Strongly connected components (Tarjan, iterative so a long
//! chain cannot overflow the stack) find cycles and give an order in which prerequisites come
//! before what waits on them. How many questions each one unblocks is counted exactly with one
//! bitset per component, filled from the dependents' side, so the whole plan stays close to
//! linear in the size of the board.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use super::{Board, Door, Lane, Question};

/// The sections of a plan, in the order they are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SectionKind {
    /// No open prerequisite, and blocking (or a blocking question waits on it).
    ResolveNow,
    /// Blocking, but waiting on open prerequisites.
    Waiting,
    /// Uncomfortable two-way doors nothing blocking waits on.
    DecideInMotion,
    /// Other uncomfortable questions.
    CanWait,
    /// Interesting questions nothing blocking waits on.
    Parked,
    /// A revisit date in the future, and nothing blocking waits on it.
    Deferred,
}

impl SectionKind {
    pub const ALL: [SectionKind; 6] = [
        SectionKind::ResolveNow,
        SectionKind::Waiting,
        SectionKind::DecideInMotion,
        SectionKind::CanWait,
        SectionKind::Parked,
        SectionKind::Deferred,
    ];

    pub fn title(self) -> &'static str {
        match self {
            SectionKind::ResolveNow => "Resolve now",
            SectionKind::Waiting => "Waiting",
            SectionKind::DecideInMotion => "Decide in motion",
            SectionKind::CanWait => "Can wait",
            SectionKind::Parked => "Parked on purpose",
            SectionKind::Deferred => "Deferred",
        }
    }

    /// One line on what the section means.
    pub fn meaning(self) -> &'static str {
        match self {
            SectionKind::ResolveNow => "nothing stops these; the bottleneck first",
            SectionKind::Waiting => "blocking, but waiting on open questions",
            SectionKind::DecideInMotion => "two-way doors: make a call when convenient",
            SectionKind::CanWait => "uncomfortable, but the team can move with them open",
            SectionKind::Parked => "interesting; parked on purpose",
            SectionKind::Deferred => "decide later, with better evidence",
        }
    }

    /// The name used in JSON and Markdown anchors.
    pub fn key(self) -> &'static str {
        match self {
            SectionKind::ResolveNow => "resolve_now",
            SectionKind::Waiting => "waiting",
            SectionKind::DecideInMotion => "decide_in_motion",
            SectionKind::CanWait => "can_wait",
            SectionKind::Parked => "parked",
            SectionKind::Deferred => "deferred",
        }
    }
}

/// One question in a section, with the reason it is there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: u32,
    pub reason: String,
    /// Its open prerequisites.
    pub waits_on: Vec<u32>,
    /// How many open questions wait on it, directly or not.
    pub unblocks: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    pub items: Vec<Item>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum WarningKind {
    Cycle,
    BlockingWaitsOnParked,
    OneWayWithoutOwner,
    NoNextStep,
    Stale,
    TooMuchBlocking,
}

/// Something about the order that needs a person's attention, and what would fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub ids: Vec<u32>,
    pub message: String,
}

/// The board as an order of operations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub warnings: Vec<Warning>,
    pub sections: Vec<Section>,
}

/// Days a blocking question may go untouched before the plan says so.
pub const STALE_DAYS: i64 = 7;

impl Plan {
    /// Every item with its section, in reading order.
    pub fn items(&self) -> impl Iterator<Item = (SectionKind, &Item)> + '_ {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s.kind, i)))
    }

    pub fn section(&self, kind: SectionKind) -> &[Item] {
        self.sections
            .iter()
            .find(|s| s.kind == kind)
            .map_or(&[], |s| &s.items)
    }

    /// Where a question is in the plan.
    pub fn find(&self, id: u32) -> Option<(SectionKind, &Item)> {
        self.items().find(|(_, i)| i.id == id)
    }

    pub fn len(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// "#3, #5, #9"
pub fn id_list(ids: &[u32]) -> String {
    ids.iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Strongly connected components of a graph given as adjacency lists, each emitted after every
/// component it reaches (so prerequisites come first). Iterative.
fn components(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = adj.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        calls.push((root, 0));
        while let Some(&(v, edge)) = calls.last() {
            if edge < adj[v].len() {
                if let Some(call) = calls.last_mut() {
                    call.1 += 1;
                }
                let w = adj[v][edge];
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(component);
                }
            }
        }
    }
    out
}

/// A cycle through `start` inside its component, as indices, start first.
fn cycle_through(
    start: usize,
    adj: &[Vec<usize>],
    comp: &[usize],
    members: &[usize],
) -> Vec<usize> {
    let c = comp[start];
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &adj[v] {
            if comp[w] != c {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = parent[&at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    members.to_vec()
}

/// A growable set of small integers.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn union(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(k * 64 + bit)
            })
        })
    }
}

/// Plans the board as of `today`.
pub fn plan(board: &Board, today: Date) -> Plan {
    let open: Vec<&Question> = board
        .questions
        .iter()
        .map(|q| &**q)
        .filter(|q| q.is_open())
        .collect();
    let n = open.len();
    let at: HashMap<u32, usize> = open.iter().enumerate().map(|(i, q)| (q.id, i)).collect();

    // Position in lane, for ties.
    let mut lane_pos = vec![0usize; n];
    let mut counters = [0usize; 3];
    for (i, q) in open.iter().enumerate() {
        lane_pos[i] = counters[q.lane.index()];
        counters[q.lane.index()] += 1;
    }

    // Open prerequisites, and who waits on whom.
    let mut prereqs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiters: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, q) in open.iter().enumerate() {
        for a in &q.after {
            if let Some(&p) = at.get(a)
                && !prereqs[i].contains(&p)
            {
                prereqs[i].push(p);
                waiters[p].push(i);
            }
        }
    }

    let comps = components(&prereqs);
    let mut comp = vec![0usize; n];
    for (c, members) in comps.iter().enumerate() {
        for &m in members {
            comp[m] = c;
        }
    }
    let cyclic: Vec<bool> = comps
        .iter()
        .map(|m| m.len() > 1 || prereqs[m[0]].contains(&m[0]))
        .collect();

    // Steps until resolvable: 0 with no open prerequisite; unknown (MAX) in or after a cycle.
    let mut level = vec![0usize; n];
    for (c, members) in comps.iter().enumerate() {
        for &m in members {
            level[m] = if cyclic[c] {
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

    // Who is effectively blocking: blocking questions that are not deferred, and everything
    // they wait on, directly or not. `waited[i]` names the nearest blocking question waiting.
    let is_future = |q: &Question| q.revisit.is_some_and(|d| d > today);
    let mut waited: Vec<Option<usize>> = vec![None; n];
    let mut origin: Vec<usize> = (0..n).collect();
    let mut seen = vec![false; n];
    let mut queue = std::collections::VecDeque::new();
    for (i, q) in open.iter().enumerate() {
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
        .map(|i| is_future(open[i]) && waited[i].is_none())
        .collect();
    let effective: Vec<bool> = (0..n)
        .map(|i| !deferred[i] && (open[i].lane == Lane::Blocking || waited[i].is_some()))
        .collect();

    // What each question unblocks: every open question that waits on it, directly or not.
    // Components are visited dependents first; a component's set holds its own members and
    // everything that waits on them. A set is dropped after its last use, and that last user
    // takes it over instead of copying it, so a long chain carries one set along rather than
    // keeping one per link.
    let mut uses = vec![0usize; comps.len()];
    let mut prereq_comps: Vec<Vec<usize>> = vec![Vec::new(); comps.len()];
    for (c, members) in comps.iter().enumerate() {
        for &m in members {
            for &p in &prereqs[m] {
                let cp = comp[p];
                if cp != c && !prereq_comps[c].contains(&cp) {
                    prereq_comps[c].push(cp);
                    uses[c] += 1;
                }
            }
        }
    }
    let root_candidate = |i: usize| effective[i] && prereqs[i].is_empty();
    let mut reach: Vec<Option<Bits>> = (0..comps.len()).map(|_| None).collect();
    let mut unblocks_count = vec![0usize; n];
    let mut unblocked_first: HashMap<usize, Vec<u32>> = HashMap::new();
    let mut waiter_comps: Vec<Vec<usize>> = vec![Vec::new(); comps.len()];
    for (c, prs) in prereq_comps.iter().enumerate() {
        for &cp in prs {
            waiter_comps[cp].push(c);
        }
    }
    for c in (0..comps.len()).rev() {
        let members = &comps[c];
        let mut base: Option<Bits> = None;
        let mut others: Vec<Bits> = Vec::new();
        for &w in &waiter_comps[c] {
            uses[w] -= 1;
            let set = if uses[w] == 0 { reach[w].take() } else { None };
            match (set, &mut base) {
                (Some(set), None) => base = Some(set),
                (Some(set), Some(_)) => others.push(set),
                (None, _) => {
                    if let Some(shared) = &reach[w] {
                        let b = base.get_or_insert_with(|| Bits::new(n));
                        b.union(shared);
                    }
                }
            }
        }
        if base.is_none() && members.len() == 1 {
            // Nothing waits on it: it unblocks nothing, and its set is just itself.
            if uses[c] > 0 {
                let mut own = Bits::new(n);
                own.set(members[0]);
                reach[c] = Some(own);
            }
            continue;
        }
        let mut bits = base.unwrap_or_else(|| Bits::new(n));
        for other in &others {
            bits.union(other);
        }
        for &m in members {
            bits.set(m);
        }
        let total = bits.count();
        for &m in members {
            unblocks_count[m] = total - 1;
            if root_candidate(m) {
                let mut ids: Vec<u32> = bits
                    .iter()
                    .filter(|&x| x != m)
                    .map(|x| open[x].id)
                    .collect();
                ids.sort_unstable();
                ids.truncate(5);
                unblocked_first.insert(m, ids);
            }
        }
        if uses[c] > 0 {
            reach[c] = Some(bits);
        }
    }

    let due = |q: &Question| q.revisit.is_some_and(|d| d <= today);
    let door_rank = |q: &Question| usize::from(q.door != Door::OneWay);
    let revisit_rank = |q: &Question| q.revisit.unwrap_or(Date::MAX);

    let mut buckets: HashMap<SectionKind, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let q = open[i];
        let kind = if deferred[i] {
            SectionKind::Deferred
        } else if effective[i] {
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
        };
        buckets.entry(kind).or_default().push(i);
    }

    let cycle_text = |i: usize| -> String {
        let path = cycle_through(i, &prereqs, &comp, &comps[comp[i]]);
        let mut ids: Vec<String> = path.iter().map(|&x| format!("#{}", open[x].id)).collect();
        ids.push(format!("#{}", open[i].id));
        ids.join(" → ")
    };

    let mut sections = Vec::new();
    for kind in SectionKind::ALL {
        let mut members = buckets.remove(&kind).unwrap_or_default();
        let counts: HashMap<usize, usize> =
            members.iter().map(|&i| (i, unblocks_count[i])).collect();
        let tie = |i: &usize| (lane_pos[*i], open[*i].lane.index(), open[*i].id);
        match kind {
            SectionKind::ResolveNow => members.sort_by_key(|i| {
                let q = open[*i];
                (
                    std::cmp::Reverse(counts[i]),
                    door_rank(q),
                    revisit_rank(q),
                    tie(i),
                )
            }),
            SectionKind::Waiting => members.sort_by_key(|i| {
                let q = open[*i];
                (
                    level[*i],
                    std::cmp::Reverse(counts[i]),
                    door_rank(q),
                    revisit_rank(q),
                    tie(i),
                )
            }),
            SectionKind::DecideInMotion | SectionKind::Parked => {
                members.sort_by_key(|i| (!due(open[*i]), tie(i)))
            }
            SectionKind::CanWait => members.sort_by_key(|i| {
                let q = open[*i];
                (!due(q), revisit_rank(q), tie(i))
            }),
            SectionKind::Deferred => members.sort_by_key(|i| (revisit_rank(open[*i]), tie(i))),
        }
        let items = members
            .into_iter()
            .map(|i| {
                let q = open[i];
                let waits_on: Vec<u32> = prereqs[i].iter().map(|&p| open[p].id).collect();
                let unblocks = counts[&i];
                let mut parts: Vec<String> = Vec::new();
                let blocker = waited[i].map(|b| open[b].id);
                match kind {
                    SectionKind::ResolveNow => {
                        if unblocks > 0 {
                            let ids = unblocked_first.get(&i).map_or(&[][..], |v| &v[..]);
                            let shown = &ids[..ids.len().min(4)];
                            let more = if unblocks > 4 { ", …" } else { "" };
                            parts.push(format!("unblocks {unblocks}: {}{more}", id_list(shown)));
                        }
                        if q.lane != Lane::Blocking
                            && let Some(b) = blocker
                        {
                            parts.push(format!(
                                "{}, but #{b} (blocking) waits on it",
                                q.lane.name().to_lowercase()
                            ));
                        }
                        parts.push(match q.door {
                            Door::OneWay => "one-way door: agree deliberately".into(),
                            Door::TwoWay => "two-way door: make a call and revisit".into(),
                        });
                        if let Some(d) = q.revisit.filter(|_| due(q)) {
                            parts.push(format!("revisit date {d} has come"));
                        }
                    }
                    SectionKind::Waiting => {
                        parts.push(format!("after {}", id_list(&waits_on)));
                        if cyclic[comp[i]] {
                            parts.push(format!("in a cycle: {}", cycle_text(i)));
                        } else if level[i] > 1 {
                            parts.push(format!("{} steps from resolvable", level[i]));
                        }
                        if q.lane != Lane::Blocking
                            && let Some(b) = blocker
                        {
                            parts.push(format!("#{b} (blocking) waits on it"));
                        }
                    }
                    SectionKind::DecideInMotion => {
                        parts.push("two-way door, nothing blocking waits on it: make a call when convenient".into());
                        if !waits_on.is_empty() {
                            parts.push(format!("after {}", id_list(&waits_on)));
                        }
                        if let Some(d) = q.revisit.filter(|_| due(q)) {
                            parts.push(format!("revisit date {d} has come"));
                        }
                    }
                    SectionKind::CanWait => {
                        if let Some(d) = q.revisit.filter(|_| due(q)) {
                            parts.push(format!("due: revisit date {d} has come"));
                        }
                        parts.push("one-way door, nothing blocking waits on it: decide deliberately, later".into());
                        if !waits_on.is_empty() {
                            parts.push(format!("after {}", id_list(&waits_on)));
                        }
                    }
                    SectionKind::Parked => {
                        parts.push("interesting: parked on purpose".into());
                        if let Some(d) = q.revisit.filter(|_| due(q)) {
                            parts.push(format!("revisit date {d} has come: look again"));
                        }
                    }
                    SectionKind::Deferred => {
                        if let Some(d) = q.revisit {
                            let days = (d - today).get_days();
                            parts.push(format!(
                                "deferred until {d} (in {days} day{}): decide with better evidence",
                                if days == 1 { "" } else { "s" }
                            ));
                        }
                    }
                }
                Item {
                    id: q.id,
                    reason: parts.join("; "),
                    waits_on,
                    unblocks,
                }
            })
            .collect();
        sections.push(Section { kind, items });
    }

    // Warnings.
    let mut warnings = Vec::new();
    for (c, members) in comps.iter().enumerate() {
        if !cyclic[c] {
            continue;
        }
        let start = *members
            .iter()
            .min_by_key(|&&m| open[m].id)
            .unwrap_or(&members[0]);
        let mut ids: Vec<u32> = members.iter().map(|&m| open[m].id).collect();
        ids.sort_unstable();
        warnings.push(Warning {
            kind: WarningKind::Cycle,
            message: format!(
                "cycle in after: {}: none of them can be resolved first; remove one of these prerequisites",
                cycle_text(start)
            ),
            ids,
        });
    }
    for i in 0..n {
        if open[i].lane == Lane::Interesting
            && let Some(b) = waited[i]
        {
            let (qid, bid) = (open[i].id, open[b].id);
            warnings.push(Warning {
                kind: WarningKind::BlockingWaitsOnParked,
                ids: vec![bid, qid],
                message: format!(
                    "#{bid} (blocking) waits on #{qid}, which is parked as interesting: move #{qid} to Blocking, or take it out of what #{bid} waits on"
                ),
            });
        }
    }
    let now_items = sections
        .iter()
        .find(|s| s.kind == SectionKind::ResolveNow)
        .map_or(&[][..], |s| &s.items[..]);
    let q_of = |id: u32| open[at[&id]];
    let no_owner: Vec<u32> = now_items
        .iter()
        .map(|it| it.id)
        .filter(|&id| q_of(id).door == Door::OneWay && q_of(id).owner.is_none())
        .collect();
    if !no_owner.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::OneWayWithoutOwner,
            message: format!(
                "one-way door{} to resolve now with no owner: {}: name who drives the decision",
                if no_owner.len() == 1 { "" } else { "s" },
                id_list(&no_owner)
            ),
            ids: no_owner,
        });
    }
    let no_step: Vec<u32> = now_items
        .iter()
        .map(|it| it.id)
        .filter(|&id| q_of(id).next_step.trim().is_empty())
        .collect();
    if !no_step.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::NoNextStep,
            message: format!(
                "to resolve now, with no next step: {}: write what happens next",
                id_list(&no_step)
            ),
            ids: no_step,
        });
    }
    let mut stale: Vec<(u32, i64)> = open
        .iter()
        .filter(|q| q.lane == Lane::Blocking)
        .filter_map(|q| {
            let touched = q.updated.or(q.created)?;
            let day = touched.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
            let days = (today - day).get_days() as i64;
            (days >= STALE_DAYS).then_some((q.id, days))
        })
        .collect();
    stale.sort_by_key(|&(id, days)| (std::cmp::Reverse(days), id));
    if !stale.is_empty() {
        let list: Vec<String> = stale
            .iter()
            .map(|(id, days)| format!("#{id} ({days} days)"))
            .collect();
        warnings.push(Warning {
            kind: WarningKind::Stale,
            ids: stale.iter().map(|&(id, _)| id).collect(),
            message: format!(
                "blocking and untouched for {STALE_DAYS} days or more: {}: move them forward, or ask whether they still block",
                list.join(", ")
            ),
        });
    }
    let blocking: Vec<u32> = open
        .iter()
        .filter(|q| q.lane == Lane::Blocking)
        .map(|q| q.id)
        .collect();
    if !open.is_empty() && (blocking.len() * 2 > n || blocking.len() > 7) {
        warnings.push(Warning {
            kind: WarningKind::TooMuchBlocking,
            message: format!(
                "{} of {n} open questions are blocking; which can the team move with? Move those to Uncomfortable",
                blocking.len()
            ),
            ids: blocking,
        });
    }

    Plan { warnings, sections }
}
