//! The graph algorithms under the planner: adjacency lists, strongly connected components,
//! cycles and bit sets, all iterative, so a deep or cyclic `after` chain never overflows the
//! stack.

use std::collections::HashMap;

use crate::model::Question;

/// Adjacency lists in two flat arrays: the neighbours of `i` are `targets[offsets[i]..offsets[i + 1]]`.
pub(super) struct Adj {
    offsets: Vec<usize>,
    targets: Vec<usize>,
}

impl Adj {
    /// Builds the lists node by node; `neighbours(i, push)` pushes each neighbour of `i`
    /// (duplicates are dropped).
    pub(super) fn build(n: usize, mut neighbours: impl FnMut(usize, &mut dyn FnMut(usize))) -> Adj {
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(n * 2);
        offsets.push(0);
        for i in 0..n {
            let start = targets.len();
            neighbours(i, &mut |t| {
                if !targets[start..].contains(&t) {
                    targets.push(t);
                }
            });
            offsets.push(targets.len());
        }
        Adj { offsets, targets }
    }

    /// The same edges, reversed.
    pub(super) fn reversed(&self) -> Adj {
        let n = self.offsets.len() - 1;
        let mut degree = vec![0usize; n + 1];
        for &t in &self.targets {
            degree[t + 1] += 1;
        }
        for i in 0..n {
            degree[i + 1] += degree[i];
        }
        let offsets = degree.clone();
        let mut fill = degree;
        let mut targets = vec![0; self.targets.len()];
        for i in 0..n {
            for &t in &self[i] {
                targets[fill[t]] = i;
                fill[t] += 1;
            }
        }
        Adj { offsets, targets }
    }

    pub(super) fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

impl std::ops::Index<usize> for Adj {
    type Output = [usize];
    fn index(&self, i: usize) -> &[usize] {
        &self.targets[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// Strongly connected components of a graph given as adjacency lists, each emitted after every
/// component it reaches (so prerequisites come first). Iterative.
pub(super) fn components(adj: &Adj) -> Vec<Vec<usize>> {
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
pub(super) fn cycle_through(
    start: usize,
    adj: &Adj,
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
pub(super) struct Bits(pub(super) Vec<u64>);

impl Bits {
    pub(super) fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    pub(super) fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    pub(super) fn union(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
    pub(super) fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
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

/// A fingerprint of the prerequisite graph among open questions, the same whatever their
/// order: a sum of mixed hashes of each question and each of its open prerequisites, with
/// the counts of both.
pub(super) fn graph_key(open: &[&Question], prereqs: &Adj) -> (u64, usize, usize) {
    let mix = |mut x: u64| {
        // splitmix64's finaliser.
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    };
    let mut sum = 0u64;
    let mut edges = 0;
    for (i, q) in open.iter().enumerate() {
        sum = sum.wrapping_add(mix(u64::from(q.id)));
        for &p in &prereqs[i] {
            edges += 1;
            sum = sum.wrapping_add(mix((u64::from(q.id) << 32)
                | u64::from(open[p].id)
                | 1 << 63));
        }
    }
    (sum, open.len(), edges)
}

/// What each open question unblocks: how many open questions wait on it, directly or not, and
/// (for one that waits on nothing) the smallest ids of those, up to five. Components are
/// visited dependents first; a component's set holds its own members and everything that
/// waits on them. A set is dropped after its last use, and that last user takes it over
/// instead of copying it, so a long chain carries one set along rather than keeping one per
/// link.
pub(super) fn unblocks(
    comps: &[Vec<usize>],
    comp: &[usize],
    prereqs: &Adj,
    by_rank: &[usize],
    ids: &[u32],
) -> (Vec<usize>, Vec<Vec<u32>>) {
    let n = ids.len();
    let mut unblocks_count = vec![0usize; n];
    let mut unblocked_first: Vec<Vec<u32>> = vec![Vec::new(); n];
    // What each question unblocks: every open question that waits on it, directly or not.
    // Components are visited dependents first; a component's set holds its own members and
    // everything that waits on them. A set is dropped after its last use, and that last user
    // takes it over instead of copying it, so a long chain carries one set along rather than
    // keeping one per link.
    let prereq_comps = Adj::build(comps.len(), |c, push| {
        for &m in &comps[c] {
            for &p in &prereqs[m] {
                if comp[p] != c {
                    push(comp[p]);
                }
            }
        }
    });
    let mut uses: Vec<usize> = (0..comps.len()).map(|c| prereq_comps[c].len()).collect();
    // Only a question that waits on something can be in a set, so sets have one bit for each
    // of those, by rank of id (the smallest ids are the first bits).
    let mut by_bit: Vec<usize> = by_rank
        .iter()
        .copied()
        .filter(|&i| !prereqs[i].is_empty())
        .collect();
    by_bit.shrink_to_fit();
    let mut bit_of = vec![usize::MAX; n];
    for (b, &i) in by_bit.iter().enumerate() {
        bit_of[i] = b;
    }
    let width = by_bit.len();
    let mut reach: Vec<Option<Bits>> = (0..comps.len()).map(|_| None).collect();
    // Sets no longer needed, kept for reuse.
    let mut pool: Vec<Bits> = Vec::new();
    let fresh = |pool: &mut Vec<Bits>| match pool.pop() {
        Some(mut b) => {
            b.0.fill(0);
            b
        }
        None => Bits::new(width),
    };
    let waiter_comps = prereq_comps.reversed();
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
                        let b = base.get_or_insert_with(|| fresh(&mut pool));
                        b.union(shared);
                    }
                }
            }
        }
        if base.is_none() && members.len() == 1 {
            // Nothing waits on it: it unblocks nothing, and its set is just itself.
            if uses[c] > 0 {
                let mut own = fresh(&mut pool);
                if bit_of[members[0]] != usize::MAX {
                    own.set(bit_of[members[0]]);
                }
                reach[c] = Some(own);
            }
            continue;
        }
        let mut bits = base.unwrap_or_else(|| fresh(&mut pool));
        for other in others {
            bits.union(&other);
            pool.push(other);
        }
        for &m in members {
            if bit_of[m] != usize::MAX {
                bits.set(bit_of[m]);
            }
        }
        let total = bits.count();
        for &m in members {
            unblocks_count[m] = total - usize::from(bit_of[m] != usize::MAX);
            if prereqs[m].is_empty() {
                let ids: Vec<u32> = bits
                    .iter()
                    .filter(|&b| b != bit_of[m])
                    .take(5)
                    .map(|b| ids[by_bit[b]])
                    .collect();
                unblocked_first[m] = ids;
            }
        }
        if uses[c] > 0 {
            reach[c] = Some(bits);
        } else {
            pool.push(bits);
        }
    }
    (unblocks_count, unblocked_first)
}
