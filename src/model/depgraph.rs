//! The dependency graph a person looks at: which questions wait on which, drawn by the Map
//! view and written by `unknowns graph`, and its critical chain (what stands between the
//! team and moving well).

use super::plan::Plan;
use super::{Board, Door, Lane, Question};
use foldhash::{HashMap, HashMapExt};

/// The questions of the graph and its edges, prerequisite first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepGraph {
    /// The questions, open ones in the plan's order (the bottleneck first), then resolved
    /// ones (with `all`) in board order.
    pub nodes: Vec<u32>,
    /// `(prerequisite, dependent)`: every `after` between two questions of the graph.
    pub edges: Vec<(u32, u32)>,
}

impl DepGraph {
    /// The open questions' graph; with `all`, resolved ones too.
    pub fn of(board: &Board, plan: &Plan, all: bool) -> DepGraph {
        let mut nodes: Vec<u32> = plan.items().map(|(_, i)| i.id).collect();
        if all {
            nodes.extend(
                board
                    .questions()
                    .iter()
                    .filter(|q| !q.is_open())
                    .map(|q| q.id),
            );
        }
        let within: foldhash::HashSet<u32> = nodes.iter().copied().collect();
        let mut edges = Vec::new();
        for &id in &nodes {
            if let Some(q) = board.get(id) {
                for &a in &q.after {
                    if within.contains(&a) && a != id {
                        edges.push((a, id));
                    }
                }
            }
        }
        DepGraph { nodes, edges }
    }

    /// The questions with no link at all, in the graph's order.
    pub fn unlinked(&self) -> Vec<u32> {
        let linked: foldhash::HashSet<u32> = self.edges.iter().flat_map(|&(a, b)| [a, b]).collect();
        self.nodes
            .iter()
            .copied()
            .filter(|id| !linked.contains(id))
            .collect()
    }
}

/// The critical chain: the longest chain of open questions, each waiting on the one before,
/// that ends in a blocking question; ties go to the chain ending in a one-way door, then to
/// the earliest needed-by date, then to the smallest number. First prerequisite first. Empty
/// when nothing blocking is open. A question on a cycle, or after one, is on no chain (the
/// warnings name cycles).
pub fn critical_chain(board: &Board, plan: &Plan) -> Vec<u32> {
    // The longest chain ending at each open question, and the prerequisite it comes through:
    // found in dependency order (prerequisites first), each once.
    // A question on a cycle, or after one, can be resolved in no order: on no chain.
    let items: HashMap<u32, &[u32]> = plan
        .items()
        .filter(|(_, i)| {
            !matches!(
                i.why,
                super::plan::Why::Waiting {
                    steps: u32::MAX,
                    ..
                }
            )
        })
        .map(|(_, i)| (i.id, i.waits_on.as_slice()))
        .collect();
    let mut longest: HashMap<u32, (usize, Option<u32>)> = HashMap::with_capacity(items.len());
    let mut on_stack: foldhash::HashSet<u32> = foldhash::HashSet::default();
    for &start in items.keys() {
        if longest.contains_key(&start) {
            continue;
        }
        // Depth first, by hand: a long chain must not overflow the stack.
        let mut stack: Vec<(u32, usize)> = vec![(start, 0)];
        on_stack.insert(start);
        while let Some((id, next)) = stack.last().copied() {
            let prereqs = items.get(&id).copied().unwrap_or(&[]);
            if let Some(&p) = prereqs.get(next) {
                stack.last_mut().expect("not empty").1 += 1;
                if !longest.contains_key(&p) && !on_stack.contains(&p) && items.contains_key(&p) {
                    on_stack.insert(p);
                    stack.push((p, 0));
                }
                continue;
            }
            // Every prerequisite done (one on the stack is a cycle: not counted).
            let best = prereqs
                .iter()
                .filter_map(|p| longest.get(p).map(|&(len, _)| (len, *p)))
                .max_by_key(|&(len, p)| (len, std::cmp::Reverse(p)));
            longest.insert(
                id,
                match best {
                    Some((len, p)) => (len + 1, Some(p)),
                    None => (1, None),
                },
            );
            on_stack.remove(&id);
            stack.pop();
        }
    }
    // The needed-by date of the end: its own or inherited.
    let key = |q: &Question, len: usize| {
        let needed = plan.find(q.id).and_then(|(_, i)| i.needed_by);
        (
            std::cmp::Reverse(len),
            q.door != Door::OneWay,
            needed.map_or(jiff::civil::Date::MAX, |n| n.date),
            q.id,
        )
    };
    let end = longest
        .iter()
        .filter_map(|(&id, &(len, _))| {
            let q = board.get(id)?;
            (q.lane == Lane::Blocking).then(|| (key(q, len), id))
        })
        .min()
        .map(|(_, id)| id);
    let mut chain = Vec::new();
    let mut at = end;
    while let Some(id) = at {
        chain.push(id);
        at = longest.get(&id).and_then(|&(_, from)| from);
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::plan;

    fn board(spec: &[(u32, Lane, &[u32])]) -> Board {
        let mut b = Board::new("g");
        for &(id, lane, after) in spec {
            let mut q = Question::new(id, format!("q{id}"), lane);
            q.after = after.to_vec();
            b.push(q);
        }
        b
    }

    #[test]
    fn the_critical_chain_is_the_longest_ending_in_a_blocking_question() {
        // 3 → 2 → 1 → 9 (blocking) is four long; 5 → 6 (uncomfortable) does not end blocking.
        let b = board(&[
            (3, Lane::Uncomfortable, &[]),
            (2, Lane::Blocking, &[3]),
            (1, Lane::Blocking, &[2]),
            (9, Lane::Blocking, &[1]),
            (4, Lane::Blocking, &[3]),
            (5, Lane::Interesting, &[]),
            (6, Lane::Uncomfortable, &[5]),
            (7, Lane::Interesting, &[6]),
            (8, Lane::Uncomfortable, &[7]),
            (10, Lane::Uncomfortable, &[8]),
        ]);
        let p = plan(&b, jiff::civil::date(2026, 12, 7));
        assert_eq!(critical_chain(&b, &p), [3, 2, 1, 9]);
        let g = DepGraph::of(&b, &p, false);
        assert!(g.edges.contains(&(3, 2)) && g.edges.contains(&(1, 9)));
        assert!(g.unlinked().is_empty());
    }

    #[test]
    fn ties_go_to_a_one_way_door_then_the_earliest_date() {
        let mut b = board(&[
            (1, Lane::Blocking, &[]),
            (2, Lane::Blocking, &[1]),
            (3, Lane::Blocking, &[]),
            (4, Lane::Blocking, &[3]),
            (5, Lane::Blocking, &[]),
            (6, Lane::Blocking, &[5]),
        ]);
        let day = jiff::civil::date(2026, 12, 7);
        assert_eq!(
            critical_chain(&b, &plan(&b, day)),
            [1, 2],
            "the smallest number"
        );
        b.edit(6, jiff::Timestamp::UNIX_EPOCH, |e| {
            e.needed_by = Some(jiff::civil::date(2026, 12, 20))
        })
        .unwrap();
        assert_eq!(critical_chain(&b, &plan(&b, day)), [5, 6], "a date");
        b.edit(4, jiff::Timestamp::UNIX_EPOCH, |e| e.door = Door::OneWay)
            .unwrap();
        assert_eq!(
            critical_chain(&b, &plan(&b, day)),
            [3, 4],
            "a one-way door first"
        );
    }

    #[test]
    fn a_cycle_is_not_a_chain_and_does_not_loop() {
        // #1 and #2 wait on each other, #3 waits on the cycle.
        let b = board(&[
            (1, Lane::Blocking, &[2]),
            (2, Lane::Blocking, &[1]),
            (3, Lane::Blocking, &[2]),
        ]);
        let chain = critical_chain(&b, &plan(&b, jiff::civil::date(2026, 12, 7)));
        assert!(chain.is_empty(), "on or after a cycle, no chain: {chain:?}");
    }

    /// A question with several prerequisites: the chain comes through the longest of them,
    /// however the walk meets them (each prerequisite is looked at once).
    #[test]
    fn the_chain_comes_through_the_longest_prerequisite() {
        let b = board(&[
            (1, Lane::Blocking, &[2, 3]),
            (2, Lane::Uncomfortable, &[]),
            (3, Lane::Uncomfortable, &[4]),
            (4, Lane::Uncomfortable, &[5]),
            (5, Lane::Interesting, &[]),
            (6, Lane::Blocking, &[2]),
        ]);
        let p = plan(&b, jiff::civil::date(2026, 12, 7));
        assert_eq!(critical_chain(&b, &p), [5, 4, 3, 1]);
    }
}
