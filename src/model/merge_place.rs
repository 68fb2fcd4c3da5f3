//! Where each merged question lands: its number (one question per number, shared numbers
//! kept) and its place in the board's order.

use foldhash::{HashMap, HashMapExt, HashSet};

use super::{Board, Entry, Ident, Shared, Side, Version};

/// One question per number. A number two questions hold stays with the one that had it in
/// the base, else with the one the shared version gives it (a number the team has seen never
/// changes), else with the one created first; the other moves to the next free number. The
/// answer does not depend on which side is called ours.
pub(super) fn numbers(
    ordered: &[Ident],
    result: &HashMap<Ident, Entry>,
    boards: [&Board; 3],
    (b, o, t): (&Version<'_>, &Version<'_>, &Version<'_>),
    shared: Shared<'_>,
) -> (HashMap<Ident, u32>, Vec<(u32, u32)>) {
    let mut next = boards
        .iter()
        .flat_map(|board| board.questions().iter().map(|q| q.id))
        .max()
        .unwrap_or(0);
    let mut holders: HashMap<u32, Vec<&Ident>> = HashMap::new();
    for ident in ordered {
        holders.entry(result[ident].q.id).or_default().push(ident);
    }
    let shared_version = match shared {
        Shared::Board(board) => Some(Version::new(board, Some(b))),
        _ => None,
    };
    let holds = |v: &Version<'_>, i: &Ident, id: u32| v.by_ident.get(i).is_some_and(|q| q.id == id);
    let is_shared = |i: &Ident, id: u32| match shared {
        Shared::Ours => holds(o, i, id),
        Shared::Theirs => holds(t, i, id),
        Shared::Board(_) => shared_version.as_ref().is_some_and(|v| holds(v, i, id)),
        Shared::Unknown => false,
    };
    let mut number: HashMap<Ident, u32> = HashMap::with_capacity(ordered.len());
    let mut renumbered = Vec::new();
    for ident in ordered {
        let id = result[ident].q.id;
        let holding = &holders[&id];
        let keeper = if holding.len() == 1 {
            holding[0]
        } else {
            let first = |pick: &dyn Fn(&Ident) -> bool| holding.iter().copied().find(|i| pick(i));
            first(&|i| holds(b, i, id))
                .or_else(|| first(&|i| is_shared(i, id)))
                .unwrap_or_else(|| {
                    // The one created first; one with no creation time was typed by hand
                    // before anything was created here.
                    holding
                        .iter()
                        .copied()
                        .min_by_key(|i| (result[*i].q.created, *i))
                        .unwrap_or(holding[0])
                })
        };
        if keeper == ident {
            number.insert(ident.clone(), id);
        } else {
            next = next.saturating_add(1);
            number.insert(ident.clone(), next);
            renumbered.push((id, next));
        }
    }
    (number, renumbered)
}

/// The longest run of `positions` that keeps increasing: the cards a side did not move.
fn unmoved(positions: &[usize]) -> Vec<bool> {
    // Patience sorting: tails[k] is the index ending the best run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; positions.len()];
    for (i, &p) in positions.iter().enumerate() {
        let k = tails.partition_point(|&j| positions[j] < p);
        prev[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut keep = vec![false; positions.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    keep
}

/// The order of the merged board: cards neither side moved stay in the base's order; a card
/// one side moved (or added) goes after the card it follows on that side; a card both sides
/// moved follows the side that changed it later.
pub(super) fn merge_order(
    b: &[Ident],
    o: &[Ident],
    t: &[Ident],
    result: &HashMap<Ident, Entry>,
    ov: &Version<'_>,
    tv: &Version<'_>,
) -> Vec<Ident> {
    let base_pos: HashMap<&Ident, usize> = b.iter().enumerate().map(|(k, i)| (i, k)).collect();
    let common: HashSet<&Ident> = b
        .iter()
        .filter(|i| result.contains_key(*i))
        .filter(|i| ov.by_ident.contains_key(*i) && tv.by_ident.contains_key(*i))
        .collect();
    let moved = |side: &[Ident]| -> HashSet<Ident> {
        let kept: Vec<&Ident> = side.iter().filter(|i| common.contains(i)).collect();
        let positions: Vec<usize> = kept.iter().map(|i| base_pos[*i]).collect();
        let still = unmoved(&positions);
        kept.iter()
            .zip(still)
            .filter(|(_, s)| !s)
            .map(|(i, _)| (*i).clone())
            .collect()
    };
    let (o_moved, t_moved) = (moved(o), moved(t));
    // The cards neither side moved, in the base's order; every other card is placed right
    // after a card already placed (or first), which is kept as a tree: a card's followers,
    // the latest placed first, each followed by its own. Walking it gives the order that
    // inserting each card into a list would, in time linear in the cards.
    let mut followers: HashMap<Option<&Ident>, Vec<&Ident>> = HashMap::new();
    let mut placed: HashSet<&Ident> = b
        .iter()
        .filter(|i| common.contains(i) && !o_moved.contains(*i) && !t_moved.contains(*i))
        .collect();
    let stay: Vec<&Ident> = b.iter().filter(|i| placed.contains(i)).collect();
    // Which side places a card: the side that moved or added it; when both moved it, see
    // `later_side` (where each card is on each side tells at one moment).
    let o_at: HashMap<&Ident, usize> = o.iter().enumerate().map(|(k, i)| (i, k)).collect();
    let t_at: HashMap<&Ident, usize> = t.iter().enumerate().map(|(k, i)| (i, k)).collect();
    let placer = |i: &Ident| -> Option<Side> {
        match (o_moved.contains(i), t_moved.contains(i)) {
            (true, true) => Some(later_side(i, (o, &o_at, ov), (t, &t_at, tv))),
            (true, false) => Some(Side::Ours),
            (false, true) => Some(Side::Theirs),
            (false, false) if common.contains(i) => None,
            // Not on every side: added by one, or kept by one after the other deleted it.
            (false, false) => Some(if ov.by_ident.contains_key(i) {
                Side::Ours
            } else {
                Side::Theirs
            }),
        }
    };
    for (side, seq) in [(Side::Ours, o), (Side::Theirs, t)] {
        // The card it follows on this side: the last placed one the other side did not move
        // (one it moved is no landmark), else the last placed one.
        let other_moved = match side {
            Side::Ours => &t_moved,
            Side::Theirs => &o_moved,
        };
        let (mut landmark, mut last): (Option<&Ident>, Option<&Ident>) = (None, None);
        for i in seq {
            if !placed.contains(i) && result.contains_key(i) && placer(i) == Some(side) {
                followers.entry(landmark.or(last)).or_default().push(i);
                placed.insert(i);
            }
            if placed.contains(i) {
                last = Some(i);
                if !other_moved.contains(i) {
                    landmark = Some(i);
                }
            }
        }
    }
    walk_order(&followers, &stay, b, result, placed)
}

/// Which side places a card both sides moved: the one that changed it later; at the same
/// moment (a move within a lane leaves no time), the side that put it higher; at the same
/// height, the one whose card above it comes later in key order (both sides agree).
fn later_side(
    i: &Ident,
    (o, o_at, ov): (&[Ident], &HashMap<&Ident, usize>, &Version<'_>),
    (t, t_at, tv): (&[Ident], &HashMap<&Ident, usize>, &Version<'_>),
) -> Side {
    let (oq, tq) = (&ov.by_ident[i], &tv.by_ident[i]);
    match tq.updated.cmp(&oq.updated) {
        std::cmp::Ordering::Greater => Side::Theirs,
        std::cmp::Ordering::Less => Side::Ours,
        std::cmp::Ordering::Equal => {
            let theirs = (
                std::cmp::Reverse(t_at[i]),
                t_at[i].checked_sub(1).map(|k| &t[k]),
            );
            let ours = (
                std::cmp::Reverse(o_at[i]),
                o_at[i].checked_sub(1).map(|k| &o[k]),
            );
            if theirs > ours {
                Side::Theirs
            } else {
                Side::Ours
            }
        }
    }
}

/// The merged order from the cards that stay and the tree of followers: each staying card,
/// then its followers (latest placed first, each followed by its own); anything left (kept
/// from the base only) at the end, in the base's order.
fn walk_order<'a>(
    followers: &HashMap<Option<&'a Ident>, Vec<&'a Ident>>,
    stay: &[&'a Ident],
    b: &'a [Ident],
    result: &HashMap<Ident, Entry>,
    mut placed: HashSet<&'a Ident>,
) -> Vec<Ident> {
    let mut order: Vec<Ident> = Vec::with_capacity(result.len());
    let mut stack: Vec<&Ident> = Vec::new();
    let mut walk = |from: Option<&Ident>, order: &mut Vec<Ident>| {
        stack.extend(followers.get(&from).into_iter().flatten());
        while let Some(i) = stack.pop() {
            order.push(i.clone());
            stack.extend(followers.get(&Some(i)).into_iter().flatten());
        }
    };
    walk(None, &mut order);
    for i in stay {
        order.push((*i).clone());
        walk(Some(i), &mut order);
    }
    for i in b {
        if result.contains_key(i) && placed.insert(i) {
            order.push(i.clone());
        }
    }
    order
}
