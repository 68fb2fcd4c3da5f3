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

/// A set of small integers, stored as the run of 64-bit words between its smallest and its
/// largest member: in a board where questions mostly wait on older ones, what waits on a
/// question lies above it, so a set is short and a union touches only the words it spans.
#[derive(Default)]
pub(super) struct Bits {
    /// The index of the first word kept.
    lo: usize,
    words: Vec<u64>,
}

impl Bits {
    /// Makes room for words `from..to` (keeping what is there).
    fn span(&mut self, from: usize, to: usize) {
        if self.words.is_empty() {
            self.lo = from;
            self.words.resize(to - from, 0);
            return;
        }
        let hi = self.lo + self.words.len();
        if from >= self.lo && to <= hi {
            return;
        }
        // Grown to the exact size: thousands of sets may be alive at once, and room to spare
        // in each would be most of a plan's memory.
        let (lo, hi) = (from.min(self.lo), to.max(hi));
        let mut words = Vec::with_capacity(hi - lo);
        words.resize(self.lo - lo, 0);
        words.extend_from_slice(&self.words);
        words.resize(hi - lo, 0);
        self.words = words;
        self.lo = lo;
    }
    pub(super) fn set(&mut self, i: usize) {
        let w = i / 64;
        self.span(w, w + 1);
        self.words[w - self.lo] |= 1 << (i % 64);
    }
    pub(super) fn union(&mut self, other: &Bits) {
        if other.words.is_empty() {
            return;
        }
        self.span(other.lo, other.lo + other.words.len());
        let at = other.lo - self.lo;
        or_into(&mut self.words[at..], &other.words);
    }
    pub(super) fn count(&self) -> usize {
        count_ones(&self.words)
    }
    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        let lo = self.lo;
        self.words.iter().enumerate().flat_map(move |(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros() as usize;
                w &= w - 1;
                Some((lo + k) * 64 + bit)
            })
        })
    }
}

/// `a |= b`, word by word, with the processor's widest vectors where it has them.
fn or_into(a: &mut [u64], b: &[u64]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has been checked to have the instructions.
            return unsafe { or_into_avx2(a, b) };
        }
    }
    for (x, y) in a.iter_mut().zip(b) {
        *x |= y;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn or_into_avx2(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x |= y;
    }
}

/// Set bits in words: with the processor's own popcount instruction where it has one (the
/// baseline x86-64 target does without it, and counting bit by bit is most of a big plan's
/// count passes).
fn count_ones(words: &[u64]) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the processor has been checked to have the instruction.
            return unsafe { count_ones_popcnt(words) };
        }
    }
    words.iter().map(|w| w.count_ones() as usize).sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn count_ones_popcnt(words: &[u64]) -> usize {
    words.iter().map(|w| w.count_ones() as usize).sum()
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
/// (for one that waits on nothing) the smallest ids of those, up to five.
///
/// Every component gets a set holding its own members and everything that waits on them,
/// filled from the dependents' side (see [`walk`]). On a big board that is most of a plan's
/// time, and it splits cleanly by bits: each core walks the same graph keeping only its share
/// of every set (chunks of bits dealt out in turn), and the shares' counts add up.
pub(super) fn unblocks(
    comps: &[Vec<usize>],
    comp: &[usize],
    prereqs: &Adj,
    by_rank: &[usize],
    ids: &[u32],
) -> (Vec<usize>, Vec<Vec<u32>>) {
    let (prereq_comps, by_bit, bit_of) = layout(comps, comp, prereqs, by_rank);
    // Below this many bits a set is a few words and a second thread costs more than it saves.
    const SHARED_FROM: usize = 1 << 15;
    // Each core walks its shares one after another: more shares than cores keeps fewer bits
    // alive at once (the sets are most of a big plan's memory) for about the same work.
    const SHARES_PER_CORE: usize = 2;
    let (parts, threads) = if by_bit.len() < SHARED_FROM {
        (1, 1)
    } else {
        let cores = std::thread::available_parallelism().map_or(1, |p| p.get().min(4));
        (cores * SHARES_PER_CORE, cores)
    };
    unblocks_in(
        parts,
        threads,
        comps,
        prereqs,
        prereq_comps,
        by_bit,
        bit_of,
        ids,
    )
}

/// What the walk needs beside the graph: what each component waits on, and the bits: only a
/// question that waits on something can be in a set, so sets have one bit for each of those,
/// by rank of id (the smallest ids are the first bits).
fn layout(
    comps: &[Vec<usize>],
    comp: &[usize],
    prereqs: &Adj,
    by_rank: &[usize],
) -> (Adj, Vec<usize>, Vec<usize>) {
    let prereq_comps = Adj::build(comps.len(), |c, push| {
        for &m in &comps[c] {
            for &p in &prereqs[m] {
                if comp[p] != c {
                    push(comp[p]);
                }
            }
        }
    });
    let by_bit: Vec<usize> = by_rank
        .iter()
        .copied()
        .filter(|&i| !prereqs[i].is_empty())
        .collect();
    let mut bit_of = vec![usize::MAX; comp.len()];
    for (b, &i) in by_bit.iter().enumerate() {
        bit_of[i] = b;
    }
    (prereq_comps, by_bit, bit_of)
}

/// [`unblocks`], with the sets split in `parts` shares, walked on `threads` threads.
#[allow(clippy::too_many_arguments)]
fn unblocks_in(
    parts: usize,
    threads: usize,
    comps: &[Vec<usize>],
    prereqs: &Adj,
    prereq_comps: Adj,
    by_bit: Vec<usize>,
    bit_of: Vec<usize>,
    ids: &[u32],
) -> (Vec<usize>, Vec<Vec<u32>>) {
    let n = ids.len();
    let graph = Walk {
        comps,
        prereqs,
        waiter_comps: prereq_comps.reversed(),
        prereq_comps,
        bit_of,
    };
    // Thread `t` walks shares t, t + threads, … in turn.
    let run = |t: usize| -> Vec<Share> {
        (t..parts)
            .step_by(threads.max(1))
            .map(|part| walk(&graph, part, parts))
            .collect()
    };
    let shares: Vec<Share> = if threads <= 1 {
        run(0)
    } else {
        std::thread::scope(|scope| {
            let others: Vec<_> = (1..threads)
                .map(|t| {
                    let run = &run;
                    scope.spawn(move || run(t))
                })
                .collect();
            let mut shares = run(0);
            for h in others {
                match h.join() {
                    Ok(more) => shares.extend(more),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            shares
        })
    };
    let mut unblocks_count = vec![0usize; n];
    let mut unblocked_first: Vec<Vec<u32>> = vec![Vec::new(); n];
    for i in 0..n {
        let total: usize = shares.iter().map(|s| s.counts[i] as usize).sum();
        // A set holds its own member; what it unblocks is the rest.
        unblocks_count[i] = total.saturating_sub(usize::from(graph.bit_of[i] != usize::MAX));
        if prereqs[i].is_empty() {
            let mut first: Vec<usize> = shares
                .iter()
                .flat_map(|s| s.first[i].iter().copied())
                .collect();
            first.sort_unstable();
            unblocked_first[i] = first.iter().take(5).map(|&b| ids[by_bit[b]]).collect();
        }
    }
    (unblocks_count, unblocked_first)
}

/// The graph every share of [`walk`] reads.
struct Walk<'a> {
    comps: &'a [Vec<usize>],
    prereqs: &'a Adj,
    prereq_comps: Adj,
    waiter_comps: Adj,
    /// Each question's bit, or `usize::MAX` for one that waits on nothing.
    bit_of: Vec<usize>,
}

/// One share of the sets: per question, how many of the share's bits its set holds and (for
/// one that waits on nothing) the smallest of them, up to five, as bits of the whole.
struct Share {
    counts: Vec<u32>,
    first: Vec<Vec<usize>>,
}

/// Bits are dealt to shares in chunks of this many words.
const CHUNK: usize = 64;

/// Walks the components dependents first, keeping share `part` of `parts` of every set. A set
/// is dropped after its last use (its memory freed, not kept: thousands may be alive at once),
/// and that last user takes it over instead of copying it, so a long chain carries one set
/// along rather than keeping one per link.
fn walk(g: &Walk<'_>, part: usize, parts: usize) -> Share {
    let n = g.bit_of.len();
    // The share's own numbering of the bits it keeps, and back.
    let local = |b: usize| -> Option<usize> {
        let (w, chunk) = (b / 64, b / 64 / CHUNK);
        (chunk % parts == part).then(|| ((chunk / parts) * CHUNK + w % CHUNK) * 64 + b % 64)
    };
    let global = |l: usize| -> usize {
        let (w, chunk) = (l / 64, l / 64 / CHUNK);
        ((chunk * parts + part) * CHUNK + w % CHUNK) * 64 + l % 64
    };
    let mut counts = vec![0u32; n];
    let mut first: Vec<Vec<usize>> = vec![Vec::new(); n];
    let comps = g.comps;
    let mut uses: Vec<usize> = (0..comps.len()).map(|c| g.prereq_comps[c].len()).collect();
    let mut reach: Vec<Option<Bits>> = (0..comps.len()).map(|_| None).collect();
    for c in (0..comps.len()).rev() {
        let members = &comps[c];
        let mut base: Option<Bits> = None;
        let mut others: Vec<Bits> = Vec::new();
        for &w in &g.waiter_comps[c] {
            uses[w] -= 1;
            let set = if uses[w] == 0 { reach[w].take() } else { None };
            match (set, &mut base) {
                (Some(set), None) => base = Some(set),
                (Some(set), Some(_)) => others.push(set),
                (None, _) => {
                    if let Some(shared) = &reach[w] {
                        let b = base.get_or_insert_with(Bits::default);
                        b.union(shared);
                    }
                }
            }
        }
        let own = |bits: &mut Bits| {
            for &m in members {
                if let Some(l) = g
                    .bit_of
                    .get(m)
                    .copied()
                    .filter(|&b| b != usize::MAX)
                    .and_then(local)
                {
                    bits.set(l);
                }
            }
        };
        if base.is_none() && members.len() == 1 {
            // Nothing waits on it: it unblocks nothing, and its set is just itself.
            if uses[c] > 0 {
                let mut set = Bits::default();
                own(&mut set);
                reach[c] = Some(set);
            }
            continue;
        }
        let mut bits = base.unwrap_or_default();
        for other in others {
            bits.union(&other);
        }
        own(&mut bits);
        let total = bits.count() as u32;
        for &m in members {
            counts[m] = total;
            if g.prereqs[m].is_empty() {
                first[m] = bits.iter().take(5).map(global).collect();
            }
        }
        if uses[c] > 0 {
            reach[c] = Some(bits);
        }
    }
    Share { counts, first }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sets split in shares count exactly what one whole set counts, on graphs wide enough
    /// for several chunks of bits, with cycles and questions waiting on younger ones.
    #[test]
    fn shares_of_the_sets_add_up_to_the_whole() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in [1usize, 70, 5_000, 20_000] {
            let edges: Vec<Vec<usize>> = (0..n)
                .map(|i| {
                    let mut out = Vec::new();
                    for _ in 0..next() % 3 {
                        // Mostly older questions, sometimes any (cycles).
                        let t = if next() % 10 == 0 || i == 0 {
                            next() as usize % n
                        } else {
                            next() as usize % i
                        };
                        out.push(t);
                    }
                    out
                })
                .collect();
            let prereqs = Adj::build(n, |i, push| edges[i].iter().for_each(|&t| push(t)));
            let comps = components(&prereqs);
            let mut comp = vec![0; n];
            for (c, m) in comps.iter().enumerate() {
                for &x in m {
                    comp[x] = c;
                }
            }
            let ids: Vec<u32> = (1..=n as u32).collect();
            let by_rank: Vec<usize> = (0..n).collect();
            let run = |parts: usize| {
                let (prereq_comps, by_bit, bit_of) = layout(&comps, &comp, &prereqs, &by_rank);
                unblocks_in(
                    parts,
                    2,
                    &comps,
                    &prereqs,
                    prereq_comps,
                    by_bit,
                    bit_of,
                    &ids,
                )
            };
            let whole = run(1);
            // The count against a plain search from each question, for the small graphs.
            if n <= 5_000 {
                let waiters = prereqs.reversed();
                for start in (0..n).step_by(n / 50 + 1) {
                    let mut seen = vec![false; n];
                    let mut stack = vec![start];
                    let mut count = 0;
                    while let Some(v) = stack.pop() {
                        for &w in &waiters[v] {
                            if !seen[w] {
                                seen[w] = true;
                                if w != start {
                                    count += 1;
                                }
                                stack.push(w);
                            }
                        }
                    }
                    assert_eq!(whole.0[start], count, "n {n}, question {start}");
                }
            }
            for parts in [2, 3] {
                assert_eq!(run(parts), whole, "n {n}, {parts} shares");
            }
        }
    }
}
