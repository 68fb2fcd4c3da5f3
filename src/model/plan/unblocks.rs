//! What each open question unblocks: how many open questions wait on it, directly or not, and
//! (for one that waits on nothing) the smallest ids of those, up to five.
//!
//! Every component of the prerequisite graph gets a set holding its own members and
//! everything that waits on them, filled from the dependents' side. On a big board that is
//! most of a plan's time, and it splits cleanly by bits: each core walks the same graph keeping
//! only its share of every set (chunks of bits dealt out in turn), and the shares' counts add
//! up.
//!
//! What a walk does at each component does not depend on the share: whose sets it reads,
//! which of them it reads for the last time (and so takes over instead of copying), which bits
//! it adds, and where it keeps its own set. So that is worked out once, as a [`Program`], and
//! every share runs it. A share then reads the program in order and keeps the sets alive in a
//! few numbered slots (reused as sets are let go), instead of looking across board-sized
//! arrays at every step: on 100,000 questions those lookups, not the bits, were most of a walk.

use super::bits::Bits;
use super::graph::Adj;

/// The prerequisite graph of the open questions, as the walk reads it.
#[derive(Clone, Copy)]
pub(super) struct Graph<'a> {
    /// Strongly connected components, each after every component it reaches.
    pub(super) comps: &'a super::graph::Groups,
    /// Each question's component.
    pub(super) comp: &'a [usize],
    pub(super) prereqs: &'a Adj,
    /// Questions in id order.
    pub(super) by_rank: &'a [usize],
    pub(super) ids: &'a [u32],
}

/// What each open question unblocks (see the module): per question, the count and (for one
/// that waits on nothing) the first few ids.
pub(super) fn unblocks(g: Graph<'_>) -> (Vec<usize>, Vec<Vec<u32>>) {
    alongside(g, || ()).0
}

/// [`unblocks`], found on other threads while `work` runs on this one, which then helps: on
/// a big board the rest of a plan needs what each question unblocks only at its end, and the
/// walk's threads and the plan's own work share the cores.
pub(super) fn alongside<T>(
    g: Graph<'_>,
    work: impl FnOnce() -> T,
) -> ((Vec<usize>, Vec<Vec<u32>>), T) {
    // Below this many bits a set is a few words and a second thread costs more than it saves.
    const SHARED_FROM: usize = 1 << 15;
    alongside_from(SHARED_FROM, g, work)
}

/// [`alongside`], on other threads from `shared_from` bits.
fn alongside_from<T>(
    shared_from: usize,
    g: Graph<'_>,
    work: impl FnOnce() -> T,
) -> ((Vec<usize>, Vec<Vec<u32>>), T) {
    // Each core walks shares one after another: more shares than cores keeps fewer bits alive
    // at once (the sets are most of a big plan's memory) for about the same work.
    const SHARES_PER_CORE: usize = 2;
    let bits = (0..g.prereqs.len())
        .filter(|&i| !g.prereqs[i].is_empty())
        .count();
    let cores = std::thread::available_parallelism().map_or(1, |p| p.get().min(4));
    if bits < shared_from || cores < 2 {
        let program = Program::new(g);
        let shares = vec![walk(&program, 0, 1)];
        let found = gather(&program, &shares, g);
        return (found, work());
    }
    let parts = cores * SHARES_PER_CORE;
    let program = std::sync::OnceLock::new();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::Mutex::new(Vec::with_capacity(parts));
    // Whoever comes first works the program out; then each takes the next share not taken.
    let help = || {
        let program = program.get_or_init(|| Program::new(g));
        loop {
            let part = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if part >= parts {
                break;
            }
            let share = walk(program, part, parts);
            if let Ok(mut done) = done.lock() {
                done.push(share);
            }
        }
    };
    let worked = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..cores).map(|_| scope.spawn(help)).collect();
        let worked = work();
        help();
        for h in helpers {
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
        }
        worked
    });
    let shares = done.into_inner().unwrap_or_else(|e| e.into_inner());
    let Some(program) = program.get() else {
        unreachable!("the program is worked out before any share")
    };
    (gather(program, &shares, g), worked)
}

/// A slot's number, or none.
const NONE: u32 = u32::MAX;

/// One component's step in the walk: the ends of its runs in [`Program::reads`] and
/// [`Program::own`] (each run starts where the step before ended).
struct Step {
    comp: u32,
    reads_end: u32,
    own_end: u32,
    /// The slot its set is kept in for the components that read it later, or [`NONE`].
    keep: u32,
    /// Its one member waits on nothing: the first few of its set are named.
    root: bool,
}

/// A read of a set kept in a slot: the last read of it takes the set over (and frees the
/// slot), an earlier one copies from it.
#[derive(Clone, Copy)]
struct Read {
    slot: u32,
    last: bool,
}

/// The walk, worked out once for every share: components dependents first.
struct Program {
    steps: Vec<Step>,
    reads: Vec<Read>,
    /// The bits of the members, by step.
    own: Vec<u32>,
    slots: usize,
    /// Only a question that waits on something can be in a set, so sets have one bit for each
    /// of those, by rank of id (the smallest ids are the first bits): `by_bit[b]` is the
    /// question of bit `b`.
    by_bit: Vec<usize>,
    /// Each question's bit, or `usize::MAX` for one that waits on nothing.
    bit_of: Vec<usize>,
}

impl Program {
    fn new(g: Graph<'_>) -> Program {
        let Graph {
            comps,
            comp,
            prereqs,
            by_rank,
            ..
        } = g;
        let prereq_comps = Adj::build(comps.len(), |c, push| {
            for &m in &comps[c] {
                for &p in &prereqs[m] {
                    if comp[p] != c {
                        push(comp[p]);
                    }
                }
            }
        });
        let waiter_comps = prereq_comps.reversed();
        let by_bit: Vec<usize> = by_rank
            .iter()
            .copied()
            .filter(|&i| !prereqs[i].is_empty())
            .collect();
        let mut bit_of = vec![usize::MAX; comp.len()];
        for (b, &i) in by_bit.iter().enumerate() {
            bit_of[i] = b;
        }
        // How many later steps read each component's set; its slot while it is kept.
        let mut uses: Vec<u32> = (0..comps.len())
            .map(|c| prereq_comps[c].len() as u32)
            .collect();
        let mut slot_of = vec![NONE; comps.len()];
        let mut free: Vec<u32> = Vec::new();
        let mut slots = 0;
        let mut steps = Vec::with_capacity(comps.len());
        let mut reads = Vec::with_capacity(prereqs.edges());
        let mut own = Vec::with_capacity(by_bit.len());
        for c in (0..comps.len()).rev() {
            for &w in &waiter_comps[c] {
                uses[w] -= 1;
                let last = uses[w] == 0;
                reads.push(Read {
                    slot: slot_of[w],
                    last,
                });
                if last {
                    free.push(slot_of[w]);
                }
            }
            let members = &comps[c];
            own.extend(
                members
                    .iter()
                    .map(|&m| bit_of[m])
                    .filter(|&b| b != usize::MAX)
                    .map(|b| b as u32),
            );
            let keep = if uses[c] > 0 {
                let slot = free.pop().unwrap_or_else(|| {
                    slots += 1;
                    slots as u32 - 1
                });
                slot_of[c] = slot;
                slot
            } else {
                NONE
            };
            steps.push(Step {
                comp: c as u32,
                reads_end: reads.len() as u32,
                own_end: own.len() as u32,
                keep,
                root: members.len() == 1 && prereqs[members[0]].is_empty(),
            });
        }
        Program {
            steps,
            reads,
            own,
            slots: slots as usize,
            by_bit,
            bit_of,
        }
    }
}

/// The counts and first ids of each question, from every share of the sets.
fn gather(program: &Program, shares: &[Share], g: Graph<'_>) -> (Vec<usize>, Vec<Vec<u32>>) {
    let Graph { comps, ids, .. } = g;
    let n = ids.len();
    let mut unblocks_count = vec![0usize; n];
    let mut unblocked_first: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut root = 0;
    let mut first = Vec::new();
    for (k, step) in program.steps.iter().enumerate() {
        let total: usize = shares.iter().map(|s| s.counts[k] as usize).sum();
        for &m in &comps[step.comp as usize] {
            // A set holds its own member; what it unblocks is the rest.
            unblocks_count[m] = total - usize::from(program.bit_of[m] != usize::MAX);
        }
        if step.root {
            first.clear();
            for s in shares {
                let (from, to) = s.first_ends[root];
                first.extend_from_slice(&s.first[from..to]);
            }
            first.sort_unstable();
            let m = comps[step.comp as usize][0];
            unblocked_first[m] = first
                .iter()
                .take(5)
                .map(|&b| ids[program.by_bit[b as usize]])
                .collect();
            root += 1;
        }
    }
    (unblocks_count, unblocked_first)
}

/// One share of the sets: per step, how many of the share's bits its set holds, and for each
/// root step in turn the smallest of them, up to five, as bits of the whole.
struct Share {
    counts: Vec<u32>,
    first: Vec<u32>,
    /// Where each root step's bits lie in `first`.
    first_ends: Vec<(usize, usize)>,
}

/// Bits are dealt to shares in chunks of this many words.
const CHUNK: usize = 64;

/// Runs the program keeping share `part` of `parts` of every set. A set is dropped after its
/// last use (its memory freed, not kept: thousands may be alive at once), and that last user
/// takes it over instead of copying it, so a long chain carries one set along rather than
/// keeping one per link.
fn walk(program: &Program, part: usize, parts: usize) -> Share {
    // The share's own numbering of the bits it keeps, and back.
    let local = |b: usize| -> Option<usize> {
        let (w, chunk) = (b / 64, b / 64 / CHUNK);
        (chunk % parts == part).then(|| ((chunk / parts) * CHUNK + w % CHUNK) * 64 + b % 64)
    };
    let global = |l: usize| -> u32 {
        let (w, chunk) = (l / 64, l / 64 / CHUNK);
        (((chunk * parts + part) * CHUNK + w % CHUNK) * 64 + l % 64) as u32
    };
    let mut share = Share {
        counts: Vec::with_capacity(program.steps.len()),
        first: Vec::new(),
        first_ends: Vec::new(),
    };
    // A kept set, with how many bits it holds.
    let mut slots: Vec<Option<(Bits, u32)>> = (0..program.slots).map(|_| None).collect();
    // What a step reads: sets it takes over, and slots it copies from.
    let mut taken: Vec<(Bits, u32)> = Vec::new();
    let mut shared: Vec<usize> = Vec::new();
    let mut own_bits: Vec<usize> = Vec::new();
    let (mut reads_at, mut own_at) = (0, 0);
    for step in &program.steps {
        let reads = &program.reads[reads_at..step.reads_end as usize];
        let own = &program.own[own_at..step.own_end as usize];
        (reads_at, own_at) = (step.reads_end as usize, step.own_end as usize);
        for read in reads {
            let slot = read.slot as usize;
            if read.last {
                taken.extend(slots[slot].take());
            } else if slots[slot].is_some() {
                shared.push(slot);
            }
        }
        own_bits.extend(own.iter().filter_map(|&b| local(b as usize)));
        // The words the step's set spans: it is made at that size once, not grown.
        let mut span: Option<(usize, usize)> = None;
        let mut widen = |range: Option<(usize, usize)>| {
            if let Some((lo, hi)) = range {
                span = Some(span.map_or((lo, hi), |(l, h)| (l.min(lo), h.max(hi))));
            }
        };
        taken.iter().for_each(|(set, _)| widen(set.range()));
        shared
            .iter()
            .for_each(|&s| widen(slots[s].as_ref().and_then(|(set, _)| set.range())));
        own_bits
            .iter()
            .for_each(|&l| widen(Some((l / 64, l / 64 + 1))));
        // The set starts from one it reads when it can: taken over in place when that one
        // spans it all, else copied. Read alone, its count carries on with no count of the
        // whole.
        let alone = taken.len() + shared.len() == 1;
        let (mut bits, mut count) = match span {
            None => (Bits::default(), Some(0)),
            Some((lo, hi)) => {
                if let Some(k) = taken
                    .iter()
                    .position(|(set, _)| set.range() == Some((lo, hi)))
                {
                    let (set, n) = taken.swap_remove(k);
                    (set, alone.then_some(n))
                } else {
                    let mut bits = Bits::spanning(lo, hi);
                    let n = match (taken.pop(), shared.first()) {
                        (Some((set, n)), _) => {
                            bits.union(&set);
                            n
                        }
                        (None, Some(&s)) => {
                            let Some((set, n)) = &slots[s] else {
                                unreachable!("a shared slot holds a set")
                            };
                            shared.remove(0);
                            bits.union(set);
                            *n
                        }
                        (None, None) => 0,
                    };
                    (
                        bits,
                        (alone || (taken.is_empty() && shared.is_empty())).then_some(n),
                    )
                }
            }
        };
        for (set, _) in taken.drain(..) {
            bits.union(&set);
        }
        for s in shared.drain(..) {
            if let Some((set, _)) = &slots[s] {
                bits.union(set);
            }
        }
        for l in own_bits.drain(..) {
            if !bits.contains(l) {
                bits.set(l);
                if let Some(n) = count.as_mut() {
                    *n += 1;
                }
            }
        }
        let count = count.unwrap_or_else(|| bits.count() as u32);
        share.counts.push(count);
        if step.root {
            let from = share.first.len();
            share.first.extend(bits.iter().take(5).map(global));
            share.first_ends.push((from, share.first.len()));
        }
        if step.keep != NONE {
            slots[step.keep as usize] = Some((bits, count));
        }
    }
    share
}

#[cfg(test)]
mod tests {
    use super::super::graph::components;
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
            let g = Graph {
                comps: &comps,
                comp: &comp,
                prereqs: &prereqs,
                by_rank: &by_rank,
                ids: &ids,
            };
            let program = Program::new(g);
            let run = |parts: usize| {
                let shares: Vec<Share> = (0..parts).map(|p| walk(&program, p, parts)).collect();
                gather(&program, &shares, g)
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
            // Shares taken by threads as they come, while other work runs.
            let (pooled, worked) = alongside_from(0, g, || n * 2);
            assert_eq!(worked, n * 2);
            assert_eq!(pooled, whole, "n {n}, shares taken by threads");
        }
    }
}
