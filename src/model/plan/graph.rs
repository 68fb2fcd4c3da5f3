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

    /// How many edges there are.
    pub(super) fn edges(&self) -> usize {
        self.targets.len()
    }
}

impl std::ops::Index<usize> for Adj {
    type Output = [usize];
    fn index(&self, i: usize) -> &[usize] {
        &self.targets[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// Groups of indices, side by side in one list (one allocation, not one per group: most
/// components are a single question).
#[derive(Clone, Debug, Default)]
pub(super) struct Groups {
    members: Vec<usize>,
    /// Where each group starts in `members`, and where the last ends.
    starts: Vec<usize>,
}

impl Groups {
    pub(super) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = &[usize]> + '_ {
        (0..self.len()).map(|g| &self[g])
    }
}

impl std::ops::Index<usize> for Groups {
    type Output = [usize];
    fn index(&self, g: usize) -> &[usize] {
        &self.members[self.starts[g]..self.starts[g + 1]]
    }
}

/// Strongly connected components of a graph given as adjacency lists, each emitted after every
/// component it reaches (so prerequisites come first). Iterative.
pub(super) fn components(adj: &Adj) -> Groups {
    const UNSEEN: usize = usize::MAX;
    let n = adj.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Groups {
        members: Vec::with_capacity(n),
        starts: vec![0],
    };
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
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        out.members.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.starts.push(out.members.len());
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
