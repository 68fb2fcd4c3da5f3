//! Three-way merge of boards: `ours` and `theirs` both grew from `base`.
//!
//! This is what lets several writers share one board (a TUI, the CLI in another terminal, an
//! editor, a `git pull` through the merge driver): changes are compared question by question
//! and field by field, so changes to different questions, or to different fields of one
//! question, are all kept. Questions are matched by their key (by number for questions made
//! before keys), so two questions added on two clones with one number stay two questions: one
//! of them gets the next free number, and every prerequisite that named it follows. What a
//! question waits on, and its tags, merge as sets. Histories merge as the union of their events
//! in time order. When both sides changed one field differently, the side that changed its
//! question later keeps the field; the other value is kept in its history ([`merge`], for
//! writers on one machine and for undo) or recorded on the question as a conflict to settle
//! ([`merge_shared`], for boards shared through git). Both are deterministic, and merging the
//! same two sides in either order gives the same questions and fields.

// A fast hash: a merge looks keys up many times per question.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::Arc;

use jiff::Timestamp;

use super::Board;
use super::question::{Change, Event, FieldConflict, Question};

/// Which side of a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// Both sides changed the same field of a question; `kept` says whose value stayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub id: u32,
    pub field: &'static str,
    pub kept: Side,
}

/// The merged board and what a person should be told about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub board: Board,
    pub conflicts: Vec<Conflict>,
    /// Questions that got a new number because the other side had a question with the same
    /// number: (the number it had, the number it has now). Ours are renumbered, as theirs are
    /// already known (on disk, or upstream).
    pub renumbered: Vec<(u32, u32)>,
    /// Questions deleted on one side and changed on the other: kept, with the change.
    pub kept: Vec<u32>,
    /// Questions deleted on one side that the other side made a question wait on: kept, so
    /// the link holds.
    pub waited_on: Vec<u32>,
}

/// What a field changed differently on both sides leaves behind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Leave {
    /// The other value in the question's history.
    History,
    /// The other value recorded on the question as a conflict to settle.
    Conflict,
}

/// Merges `ours` and `theirs`, which both grew from `base`: for writers on one machine and for
/// undo. `now` stamps the history entries that keep text lost in a conflict.
pub fn merge(ours: &Board, base: &Board, theirs: &Board, now: Timestamp) -> Merged {
    merge_with(ours, base, theirs, Shared::Theirs, now, Leave::History)
}

/// Merges two versions of a board shared through git: a field changed differently on both
/// sides keeps one value and records the other as a conflict on the question, with who
/// changed it and when, until someone settles it. `shared` says which version the team has
/// already seen, so that its numbers stay.
pub fn merge_shared(
    ours: &Board,
    base: &Board,
    theirs: &Board,
    shared: Shared<'_>,
    now: Timestamp,
) -> Merged {
    merge_with(ours, base, theirs, shared, now, Leave::Conflict)
}

/// What a question is, across versions: its key. A question typed into the file by hand has
/// none until the program first writes the board; until then it is known by the key that
/// write will give it (derived from its number, creation and title, so every clone derives the
/// same), or, when its title was changed by hand meanwhile, by its number in the base.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Ident(Arc<str>);

/// One version of the board, seen by identity.
struct Version<'a> {
    by_ident: HashMap<Ident, &'a Arc<Question>>,
    ident_of: HashMap<u32, Ident>,
    order: Vec<Ident>,
}

impl<'a> Version<'a> {
    /// A version's questions by identity; `base` lets a question without a key whose title
    /// was changed by hand be matched by its number.
    fn new(board: &'a Board, base: Option<&Version<'_>>) -> Version<'a> {
        let n = board.questions().len();
        let mut by_ident = HashMap::with_capacity(n);
        let mut ident_of = HashMap::with_capacity(n);
        let mut order = Vec::with_capacity(n);
        let mut by_number: Vec<(&'a Arc<Question>, Ident)> = Vec::new();
        for q in board.questions() {
            let i = Ident(match &q.key {
                Some(k) => Arc::from(k.as_str()),
                None => Arc::from(q.derived_key()),
            });
            let hand_typed = q.key.is_none() && base.is_some_and(|b| !b.by_ident.contains_key(&i));
            if hand_typed {
                by_number.push((q, i));
                continue;
            }
            // Keys are unique on a board as loaded; should two meet anyway, the second is
            // told apart rather than swallowing the first.
            let i = unique(i, &by_ident);
            by_ident.insert(i.clone(), q);
            ident_of.insert(q.id, i.clone());
            order.push(i);
        }
        for (q, derived) in by_number {
            let from_base = base
                .and_then(|b| b.ident_of.get(&q.id))
                .filter(|i| !by_ident.contains_key(*i))
                .cloned();
            let i = unique(from_base.unwrap_or(derived), &by_ident);
            by_ident.insert(i.clone(), q);
            ident_of.insert(q.id, i.clone());
            order.push(i);
        }
        // Board order (hand-typed questions were set aside above).
        order.clear();
        order.extend(board.questions().iter().map(|q| ident_of[&q.id].clone()));
        Version {
            by_ident,
            ident_of,
            order,
        }
    }

    /// What a question of this version waits on, by identity.
    fn after(&self, q: &Question) -> Vec<Ident> {
        q.after
            .iter()
            .filter_map(|a| self.ident_of.get(a).cloned())
            .collect()
    }
}

/// An identity no other question of the version holds.
fn unique(mut i: Ident, taken: &HashMap<Ident, &Arc<Question>>) -> Ident {
    while taken.contains_key(&i) {
        i = Ident(Arc::from(format!("{}'", i.0)));
    }
    i
}

/// Which version already holds what the team has seen: a number that version gives a
/// question is never taken from it when two questions meet on one number.
#[derive(Clone, Copy, Debug)]
pub enum Shared<'a> {
    /// Ours is what is shared (a rebase, a stash popped on top of what was pulled).
    Ours,
    /// Theirs is what is shared (a merge of the upstream; the file on disk).
    Theirs,
    /// Another version holds what is shared (the upstream branch, read by the caller).
    Board(&'a Board),
    /// Nothing tells: the question created later moves.
    Unknown,
}

/// A merged question, and where its prerequisites are read from.
struct Entry {
    q: Arc<Question>,
    after: AfterFrom,
}

enum AfterFrom {
    Ours,
    Theirs,
    Merged(Vec<Ident>),
}

fn merge_with(
    ours: &Board,
    base: &Board,
    theirs: &Board,
    shared: Shared<'_>,
    now: Timestamp,
    leave: Leave,
) -> Merged {
    let b = Version::new(base, None);
    let t = Version::new(theirs, Some(&b));
    let o = Version::new(ours, Some(&b));

    let mut conflicts = Vec::new();
    let mut kept = Vec::new();
    let mut waited_on = Vec::new();
    let (o_waits, t_waits) = (new_waits(&o, &b), new_waits(&t, &b));
    let mut result: HashMap<Ident, Entry> = HashMap::new();
    let idents: HashSet<&Ident> = o
        .by_ident
        .keys()
        .chain(t.by_ident.keys())
        .chain(b.by_ident.keys())
        .collect();
    for ident in idents {
        let whole = |q: &Arc<Question>, after| {
            Some(Entry {
                q: Arc::clone(q),
                after,
            })
        };
        let entry = match (
            b.by_ident.get(ident),
            o.by_ident.get(ident),
            t.by_ident.get(ident),
        ) {
            // Arcs compare by pointer first: unchanged questions cost nothing.
            (_, Some(oq), Some(tq)) if oq == tq => whole(oq, AfterFrom::Ours),
            (Some(bq), Some(oq), Some(tq)) if oq == bq => whole(tq, AfterFrom::Theirs),
            (Some(bq), Some(oq), Some(tq)) if tq == bq => whole(oq, AfterFrom::Ours),
            (bq, Some(oq), Some(tq)) => {
                let (q, after) = merge_question(
                    oq,
                    bq.map(|q| &***q),
                    tq,
                    (&o, &b, &t),
                    now,
                    leave,
                    &mut conflicts,
                );
                Some(Entry {
                    q: Arc::new(q),
                    after: AfterFrom::Merged(after),
                })
            }
            // Deleted on one side: gone, unless the other side changed it since, or made
            // a question wait on it (a link is never dropped without a word).
            (Some(bq), Some(oq), None) => {
                keep_deleted(oq, bq, o_waits.contains(ident), &mut kept, &mut waited_on).then(
                    || Entry {
                        q: Arc::clone(oq),
                        after: AfterFrom::Ours,
                    },
                )
            }
            (Some(bq), None, Some(tq)) => {
                keep_deleted(tq, bq, t_waits.contains(ident), &mut kept, &mut waited_on).then(
                    || Entry {
                        q: Arc::clone(tq),
                        after: AfterFrom::Theirs,
                    },
                )
            }
            (None, Some(oq), None) => whole(oq, AfterFrom::Ours),
            (None, None, Some(tq)) => whole(tq, AfterFrom::Theirs),
            (Some(_), None, None) | (None, None, None) => None,
        };
        if let Some(entry) = entry {
            result.insert(ident.clone(), entry);
        }
    }

    let ordered = merge_order(&b.order, &o.order, &t.order, &result, &o, &t);

    let (number, renumbered) = numbers(
        &ordered,
        &result,
        [ours, base, theirs],
        (&b, &o, &t),
        shared,
    );

    // The questions, with their numbers and prerequisites in the merged numbering.
    let mut questions: Vec<Arc<Question>> = Vec::with_capacity(ordered.len());
    for ident in &ordered {
        let Some(Entry { mut q, after }) = result.remove(ident) else {
            continue;
        };
        let own = number[ident];
        let idents: Vec<Ident> = match after {
            AfterFrom::Merged(list) => list,
            AfterFrom::Ours => o.after(&q),
            AfterFrom::Theirs => t.after(&q),
        };
        let mut wanted: Vec<u32> = Vec::with_capacity(idents.len());
        for i in &idents {
            if let Some(&n) = number.get(i)
                && n != own
                && !wanted.contains(&n)
            {
                wanted.push(n);
            }
        }
        if q.id != own || q.after[..] != wanted[..] {
            let m = Arc::make_mut(&mut q);
            if m.id != own {
                let from = m.id;
                m.id = own;
                m.history.push(Event {
                    at: now,
                    change: Change::Renumbered { from },
                    by: None,
                });
            }
            m.after = wanted.into();
        }
        questions.push(q);
    }
    conflicts.sort_by_key(|c| (c.id, c.field));
    kept.sort_unstable();
    waited_on.sort_unstable();
    Merged {
        board: {
            let mut board = Board::with_questions(String::new(), questions);
            merge_board_fields(&mut board, [ours, base, theirs], leave, &mut conflicts);
            board.version = ours.version.max(theirs.version);
            board
        },
        conflicts,
        renumbered,
        kept,
        waited_on,
    }
}

/// The questions a side made something wait on since the base (a new link, or a link of a
/// new question).
fn new_waits(side: &Version<'_>, base: &Version<'_>) -> HashSet<Ident> {
    let mut out = HashSet::new();
    for (ident, q) in &side.by_ident {
        if q.after.is_empty() {
            continue;
        }
        let had = base
            .by_ident
            .get(ident)
            .map(|b| base.after(b))
            .unwrap_or_default();
        out.extend(side.after(q).into_iter().filter(|a| !had.contains(a)));
    }
    out
}

/// Whether a question one side deleted stays: the other side changed it, or made a question
/// wait on it; said in `kept` or `waited_on`.
fn keep_deleted(
    q: &Arc<Question>,
    base: &Arc<Question>,
    waited: bool,
    kept: &mut Vec<u32>,
    waited_on: &mut Vec<u32>,
) -> bool {
    if q != base {
        kept.push(q.id);
    } else if waited {
        waited_on.push(q.id);
    } else {
        return false;
    }
    true
}

/// The board's own fields: its title, merged as a question's field is (changed on one side:
/// that side's; changed differently on both: a conflict on the board, shared through git, with
/// the greater value kept so either order of the sides agrees; on one machine ours, the
/// writer's own, stands). Conflicts on the board are listed with id 0.
fn merge_board_fields(
    board: &mut Board,
    [ours, base, theirs]: [&Board; 3],
    leave: Leave,
    conflicts: &mut Vec<Conflict>,
) {
    board.conflicts = merge_set(&ours.conflicts, Some(&base.conflicts), &theirs.conflicts);
    board.title = if ours.title == theirs.title || theirs.title == base.title {
        ours.title.clone()
    } else if ours.title == base.title {
        theirs.title.clone()
    } else if leave == Leave::History {
        ours.title.clone()
    } else {
        let kept = if ours.title >= theirs.title {
            Side::Ours
        } else {
            Side::Theirs
        };
        let (keep, other) = match kept {
            Side::Ours => (&ours.title, &theirs.title),
            Side::Theirs => (&theirs.title, &ours.title),
        };
        conflicts.push(Conflict {
            id: 0,
            field: "title",
            kept,
        });
        let c = FieldConflict {
            field: "title".into(),
            value: other.clone(),
            by: None,
            at: None,
        };
        if !board.conflicts.contains(&c) {
            board.conflicts.push(c);
        }
        keep.clone()
    };
}

/// One question per number. A number two questions hold stays with the one that had it in
/// the base, else with the one the shared version gives it (a number the team has seen never
/// changes), else with the one created first; the other moves to the next free number. The
/// answer does not depend on which side is called ours.
fn numbers(
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

/// The later change wins: the side whose question was updated later; on a tie, the greater
/// value, so that either order of the sides gives the same answer.
fn later_wins(o: &Question, t: &Question, ov: &str, tv: &str) -> Side {
    match o.updated.cmp(&t.updated) {
        std::cmp::Ordering::Greater => Side::Ours,
        std::cmp::Ordering::Less => Side::Theirs,
        std::cmp::Ordering::Equal if ov >= tv => Side::Ours,
        std::cmp::Ordering::Equal => Side::Theirs,
    }
}

/// Who last changed a question on one side (its newest event not in the base).
fn last_by(q: &Question, base: Option<&Question>) -> Option<String> {
    q.history
        .iter()
        .rev()
        .find(|e| base.is_none_or(|b| !b.history.contains(e)))
        .and_then(|e| e.by.as_ref().map(|by| by.to_string()))
}

/// A three-way merge of sets, kept in the order ours has them, then theirs' additions.
fn merge_set<T: Clone + PartialEq>(o: &[T], b: Option<&[T]>, t: &[T]) -> Vec<T> {
    let in_base = |x: &T| b.is_some_and(|b| b.contains(x));
    let mut out: Vec<T> = Vec::with_capacity(o.len().max(t.len()));
    for x in o.iter().chain(t) {
        if out.contains(x) {
            continue;
        }
        // Kept unless one side removed it from the base.
        let keep = if in_base(x) {
            o.contains(x) && t.contains(x)
        } else {
            true
        };
        if keep {
            out.push(x.clone());
        }
    }
    out
}

/// Merges one question both sides have (and the base, unless both added it).
#[allow(clippy::too_many_arguments)]
fn merge_question(
    o: &Question,
    b: Option<&Question>,
    t: &Question,
    (ov, bv, tv): (&Version<'_>, &Version<'_>, &Version<'_>),
    now: Timestamp,
    leave: Leave,
    conflicts: &mut Vec<Conflict>,
) -> (Question, Vec<Ident>) {
    let mut merged = o.clone();
    let mut lost: Vec<(&'static str, String, Side)> = Vec::new();
    macro_rules! field {
        ($name:ident, $label:expr, $describe:expr) => {{
            let describe = $describe;
            merged.$name = if o.$name == t.$name {
                o.$name.clone()
            } else if b.is_some_and(|b| b.$name == o.$name) {
                t.$name.clone()
            } else if b.is_some_and(|b| b.$name == t.$name) {
                o.$name.clone()
            } else {
                let (od, td) = (describe(&o.$name), describe(&t.$name));
                let kept = later_wins(o, t, &od, &td);
                conflicts.push(Conflict {
                    id: o.id,
                    field: $label,
                    kept,
                });
                match kept {
                    Side::Ours => {
                        lost.push(($label, td, Side::Theirs));
                        o.$name.clone()
                    }
                    Side::Theirs => {
                        lost.push(($label, od, Side::Ours));
                        t.$name.clone()
                    }
                }
            };
        }};
    }
    let text = |s: &String| s.clone();
    field!(id, "id", |n: &u32| n.to_string());
    field!(title, "title", text);
    field!(lane, "lane", |l: &super::Lane| l.name().to_string());
    field!(status, "status", |s: &super::Status| s.name().to_string());
    field!(door, "door", |d: &super::Door| d.name().to_string());
    field!(owner, "owner", |o: &Option<super::Name>| o
        .as_deref()
        .unwrap_or_default()
        .to_string());
    field!(known, "known", text);
    field!(stakes, "stakes", text);
    field!(next_step, "next_step", text);
    field!(resolution, "resolution", text);
    field!(revisit, "revisit", |d: &Option<jiff::civil::Date>| d
        .map(|d| d.to_string())
        .unwrap_or_default());
    // A number is not a field a person changes: when both sides changed it, the larger
    // stands (numbers are settled for the whole board afterwards).
    if lost.iter().any(|(f, ..)| *f == "id") {
        merged.id = o.id.max(t.id);
        lost.retain(|(f, ..)| *f != "id");
        conflicts.retain(|c| !(c.field == "id" && c.id == o.id));
    }
    // Tags keep the order a person gave them: when both sides changed them, of the two
    // orders (ours then theirs' additions, or the other way) the first in text order, so
    // either side called ours gives the same.
    merged.tags = {
        let base_tags = b.map(|b| &b.tags[..]);
        let one = merge_set(&o.tags, base_tags, &t.tags);
        let other = merge_set(&t.tags, base_tags, &o.tags);
        one.min(other)
    };
    merged.conflicts = merge_set(&o.conflicts, b.map(|b| &b.conflicts[..]), &t.conflicts).into();
    let after = merge_set(
        &ov.after(o),
        b.map(|b| bv.after(b)).as_deref(),
        &tv.after(t),
    );
    merged.created = match (o.created, t.created) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    merged.updated = o.updated.max(t.updated);
    // History only grows: every event either side has, once, in time order.
    let mut history: Vec<Event> = Vec::with_capacity(o.history.len() + t.history.len());
    let mut seen: HashSet<&Event> = HashSet::new();
    for e in o.history.iter().chain(&t.history) {
        if seen.insert(e) {
            history.push(e.clone());
        }
    }
    // In time order; events at one moment in an order that does not depend on the side.
    history.sort_by(|x, y| {
        x.at.cmp(&y.at)
            .then_with(|| x.by.cmp(&y.by))
            .then_with(|| format!("{:?}", x.change).cmp(&format!("{:?}", y.change)))
    });
    for (field, value, loser) in lost {
        let side = match loser {
            Side::Ours => o,
            Side::Theirs => t,
        };
        match leave {
            Leave::History => history.push(Event {
                at: now,
                change: Change::Edited {
                    field: field.to_string(),
                    before: value,
                },
                by: None,
            }),
            Leave::Conflict => {
                let c = FieldConflict {
                    field: field.to_string(),
                    value,
                    by: last_by(side, b),
                    at: side.updated,
                };
                if !merged.conflicts.contains(&c) {
                    merged.conflicts.push(c);
                }
            }
        }
    }
    merged.history = history;
    (merged, after)
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
fn merge_order(
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
    // Which side places a card: the side that moved or added it; when both moved it, the
    // one that changed it later.
    // Where each card is on each side, for a card both sides moved at one moment (a move
    // within a lane leaves no time): the side that put it higher places it, whichever side
    // is called ours.
    let o_at: HashMap<&Ident, usize> = o.iter().enumerate().map(|(k, i)| (i, k)).collect();
    let t_at: HashMap<&Ident, usize> = t.iter().enumerate().map(|(k, i)| (i, k)).collect();
    let placer = |i: &Ident| -> Option<Side> {
        match (o_moved.contains(i), t_moved.contains(i)) {
            (true, true) => {
                let (oq, tq) = (&ov.by_ident[i], &tv.by_ident[i]);
                Some(match tq.updated.cmp(&oq.updated) {
                    std::cmp::Ordering::Greater => Side::Theirs,
                    std::cmp::Ordering::Less => Side::Ours,
                    // The same moment: the side that put it higher; at the same height, the
                    // one whose card above it comes later in key order (both sides agree).
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
                })
            }
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
    let mut order: Vec<Ident> = Vec::with_capacity(result.len());
    let mut stack: Vec<&Ident> = Vec::new();
    let mut walk = |from: Option<&Ident>, order: &mut Vec<Ident>| {
        // Followers of `from`, latest first, each with its own followers before the next.
        stack.extend(followers.get(&from).into_iter().flatten());
        while let Some(i) = stack.pop() {
            order.push(i.clone());
            stack.extend(followers.get(&Some(i)).into_iter().flatten());
        }
    };
    walk(None, &mut order);
    for i in stay {
        order.push(i.clone());
        walk(Some(i), &mut order);
    }
    // Anything left (kept from the base only): at the end, in the base's order.
    for i in b {
        if result.contains_key(i) && placed.insert(i) {
            order.push(i.clone());
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldConflict, Lane, Status};

    fn at(minute: i64) -> Timestamp {
        Timestamp::from_second(1_795_000_000 + minute * 60).unwrap()
    }

    fn base() -> Board {
        let mut b = Board::new("t");
        for (title, lane) in [
            ("a", Lane::Blocking),
            ("b", Lane::Blocking),
            ("c", Lane::Interesting),
        ] {
            b.add(title, lane, at(0)).unwrap();
        }
        b
    }

    fn titles(b: &Board) -> Vec<String> {
        b.questions().iter().map(|q| q.title.clone()).collect()
    }

    #[test]
    fn one_side_unchanged_gives_the_other() {
        let b = base();
        let mut o = b.clone();
        o.add("d", Lane::Uncomfortable, at(1)).unwrap();
        o.move_to(1, Lane::Interesting, 0, at(1)).unwrap();
        assert_eq!(merge(&o, &b, &b, at(2)).board, o);
        assert_eq!(merge(&b, &b, &o, at(2)).board, o);
    }

    #[test]
    fn changes_to_different_questions_and_fields_are_all_kept() {
        let b = base();
        let mut o = b.clone();
        let mut t = b.clone();
        o.edit(1, at(1), |e| e.known = "ours".into()).unwrap();
        t.edit(1, at(2), |e| e.stakes = "theirs".into()).unwrap();
        t.decide(2, "done", at(2)).unwrap();
        o.add("mine", Lane::Blocking, at(1)).unwrap();
        t.add("yours", Lane::Interesting, at(2)).unwrap();
        let m = merge(&o, &b, &t, at(3));
        assert!(m.conflicts.is_empty());
        let q1 = m.board.get(1).unwrap();
        assert_eq!((q1.known.as_str(), q1.stakes.as_str()), ("ours", "theirs"));
        assert_eq!(m.board.get(2).unwrap().status, Status::Decided);
        // Both added #4: ours became #5, theirs kept #4.
        assert_eq!(m.renumbered, vec![(4, 5)]);
        assert_eq!(m.board.get(4).unwrap().title, "yours");
        assert_eq!(m.board.get(5).unwrap().title, "mine");
        assert_eq!(m.board.validate(), Ok(()));
    }

    #[test]
    fn the_later_change_to_a_field_wins_and_the_other_is_kept_in_history() {
        let b = base();
        let mut o = b.clone();
        let mut t = b.clone();
        o.edit(1, at(5), |e| e.title = "ours, later".into())
            .unwrap();
        t.edit(1, at(3), |e| e.title = "theirs, earlier".into())
            .unwrap();
        let m = merge(&o, &b, &t, at(6));
        assert_eq!(m.board.get(1).unwrap().title, "ours, later");
        assert_eq!(
            m.conflicts,
            vec![Conflict {
                id: 1,
                field: "title",
                kept: Side::Ours
            }]
        );
        let history = &m.board.get(1).unwrap().history;
        assert!(history.iter().any(|e| e.change
            == Change::Edited {
                field: "title".into(),
                before: "theirs, earlier".into()
            }));
        // The other way round, theirs wins.
        let m = merge(&t, &b, &o, at(6));
        assert_eq!(m.board.get(1).unwrap().title, "ours, later");
        assert_eq!(m.conflicts[0].kept, Side::Theirs);
    }

    #[test]
    fn a_question_deleted_on_one_side_goes_unless_the_other_changed_it() {
        let b = base();
        let mut o = b.clone();
        let mut t = b.clone();
        o.remove(3).unwrap();
        o.remove(2).unwrap();
        t.edit(2, at(1), |e| e.known = "still needed".into())
            .unwrap();
        let m = merge(&o, &b, &t, at(2));
        assert!(m.board.get(3).is_none());
        assert_eq!(m.board.get(2).unwrap().known, "still needed");
    }

    #[test]
    fn order_follows_the_side_that_reordered() {
        let b = base();
        let mut t = b.clone();
        t.move_to(2, Lane::Blocking, 0, at(1)).unwrap();
        let mut o = b.clone();
        o.add("d", Lane::Blocking, at(1)).unwrap();
        let m = merge(&o, &b, &t, at(2));
        assert_eq!(titles(&m.board), ["b", "a", "c", "d"]);
    }

    #[test]
    fn a_question_deleted_while_the_other_side_made_one_wait_on_it_stays() {
        let b = base();
        let mut o = b.clone();
        o.remove(2).unwrap();
        let mut t = b.clone();
        t.add("waits on #2", Lane::Blocking, at(1)).unwrap();
        t.toggle_prerequisite(4, 2, at(1)).unwrap();
        for m in [
            merge_shared(&o, &b, &t, Shared::Unknown, at(2)),
            merge_shared(&t, &b, &o, Shared::Unknown, at(2)),
        ] {
            assert_eq!(m.board.get(2).unwrap().title, "b");
            assert_eq!(m.board.get(4).unwrap().after.to_vec(), vec![2]);
            assert_eq!(m.waited_on, vec![2]);
            assert!(m.kept.is_empty());
        }
    }

    #[test]
    fn a_link_both_sides_knew_goes_with_the_question_one_side_deleted() {
        let mut b = base();
        b.toggle_prerequisite(1, 2, at(0)).unwrap();
        let o = b.clone();
        let mut t = b.clone();
        t.remove(2).unwrap();
        let m = merge(&o, &b, &t, at(2));
        assert!(
            m.board.get(2).is_none(),
            "ours did not change #2; theirs deleted it"
        );
        assert!(m.board.get(1).unwrap().after.is_empty());
        assert!(m.waited_on.is_empty() && m.kept.is_empty());
        assert_eq!(m.board.validate(), Ok(()));
    }

    #[test]
    fn shared_both_add_one_number_and_ours_follows_with_its_references() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.add("ours new", Lane::Blocking, at(1)).unwrap();
        o.toggle_prerequisite(1, 4, at(1)).unwrap();
        t.add("theirs new", Lane::Blocking, at(2)).unwrap();
        let m = merge_shared(&o, &b, &t, Shared::Theirs, at(3));
        assert_eq!(m.renumbered, vec![(4, 5)]);
        assert_eq!(m.board.get(4).unwrap().title, "theirs new");
        assert_eq!(m.board.get(5).unwrap().title, "ours new");
        // #1 waited on ours' #4, which is #5 now.
        assert_eq!(m.board.get(1).unwrap().after.to_vec(), vec![5]);
        assert!(
            m.board
                .get(5)
                .unwrap()
                .history
                .iter()
                .any(|e| e.change == Change::Renumbered { from: 4 })
        );
        assert_eq!(m.board.validate(), Ok(()));
    }

    #[test]
    fn shared_moves_of_different_cards_in_one_lane_both_survive() {
        let mut b = Board::new("t");
        for title in ["a", "b", "c", "d", "e"] {
            b.add(title, Lane::Blocking, at(0)).unwrap();
        }
        let (mut o, mut t) = (b.clone(), b.clone());
        o.move_to(5, Lane::Blocking, 0, at(1)).unwrap(); // e to the top
        t.move_to(1, Lane::Blocking, 4, at(2)).unwrap(); // a to the bottom
        let m = merge_shared(&o, &b, &t, Shared::Theirs, at(3));
        assert_eq!(titles(&m.board), ["e", "b", "c", "d", "a"]);
        let m = merge_shared(&t, &b, &o, Shared::Theirs, at(3));
        assert_eq!(titles(&m.board), ["e", "b", "c", "d", "a"]);
    }

    #[test]
    fn shared_a_field_changed_differently_keeps_one_value_and_records_the_other() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.edit(1, at(1), |e| e.stakes = "money".into()).unwrap();
        o.sign(&b, "ana");
        t.edit(1, at(2), |e| e.stakes = "time".into()).unwrap();
        t.sign(&b, "bo");
        for m in [
            merge_shared(&o, &b, &t, Shared::Theirs, at(3)),
            merge_shared(&t, &b, &o, Shared::Theirs, at(3)),
        ] {
            let q = m.board.get(1).unwrap();
            assert_eq!(q.stakes, "time", "the later change is in the field");
            assert_eq!(
                q.conflicts,
                vec![FieldConflict {
                    field: "stakes".into(),
                    value: "money".into(),
                    by: Some("ana".into()),
                    at: Some(at(1)),
                }]
            );
        }
        // One card moved to two lanes is a conflict like any other field.
        let (mut o, mut t) = (b.clone(), b.clone());
        o.move_to(2, Lane::Interesting, 0, at(1)).unwrap();
        t.move_to(2, Lane::Uncomfortable, 0, at(2)).unwrap();
        let m = merge_shared(&o, &b, &t, Shared::Theirs, at(3));
        let q = m.board.get(2).unwrap();
        assert_eq!(q.lane, Lane::Uncomfortable);
        assert_eq!(q.conflicts[0].field, "lane");
        assert_eq!(q.conflicts[0].value, "Interesting");
    }

    #[test]
    fn shared_prerequisites_merge_as_sets_and_decided_meets_edited() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.toggle_prerequisite(1, 2, at(1)).unwrap();
        t.toggle_prerequisite(1, 3, at(2)).unwrap();
        t.decide(2, "yes", at(2)).unwrap();
        o.edit(2, at(1), |e| e.known = "we know".into()).unwrap();
        let m = merge_shared(&o, &b, &t, Shared::Theirs, at(3));
        let mut after = m.board.get(1).unwrap().after.clone();
        after.sort();
        assert_eq!(after.to_vec(), vec![2, 3]);
        let q2 = m.board.get(2).unwrap();
        assert_eq!((q2.status, q2.known.as_str()), (Status::Decided, "we know"));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn shared_deleted_on_one_side_and_edited_on_the_other_is_kept_and_said() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.remove(3).unwrap();
        t.edit(3, at(2), |e| e.known = "still here".into()).unwrap();
        let m = merge_shared(&o, &b, &t, Shared::Theirs, at(3));
        assert_eq!(m.board.get(3).unwrap().known, "still here");
        assert_eq!(m.kept, vec![3]);
    }

    /// A board as a person types it: questions with no key, no times.
    fn hand_typed(text: &str) -> Board {
        crate::format::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn a_number_already_shared_stays_whichever_side_git_calls_ours() {
        let b = base();
        let (mut shared, mut local) = (b.clone(), b.clone());
        // The local one was created first, but the shared one has been pushed.
        local.add("not shared yet", Lane::Blocking, at(1)).unwrap();
        shared.add("shared", Lane::Blocking, at(2)).unwrap();
        let merge_both = |o: &Board, t: &Board, s: Shared<'_>| merge_shared(o, &b, t, s, at(3));
        for m in [
            // A merge of the upstream: theirs is shared.
            merge_both(&local, &shared, Shared::Theirs),
            // A rebase or a stash pop: git hands the upstream over as ours.
            merge_both(&shared, &local, Shared::Ours),
            // The upstream read from git, either way round.
            merge_both(&shared, &local, Shared::Board(&shared)),
            merge_both(&local, &shared, Shared::Board(&shared)),
        ] {
            assert_eq!(m.board.get(4).unwrap().title, "shared");
            assert_eq!(m.board.get(5).unwrap().title, "not shared yet");
            assert_eq!(m.renumbered, vec![(4, 5)]);
        }
        // Nothing tells: the one created later moves, whichever way round.
        let one = merge_both(&local, &shared, Shared::Unknown);
        let other = merge_both(&shared, &local, Shared::Unknown);
        assert_eq!(one.board.get(4).unwrap().title, "not shared yet");
        assert_eq!(other.board.get(4).unwrap().title, "not shared yet");
    }

    #[test]
    fn a_hand_typed_question_is_one_question_however_each_clone_wrote_it() {
        let b = hand_typed(r#"(questions: [(id: 1, title: "Which ledger?", lane: Blocking)])"#);
        assert_eq!(b.get(1).unwrap().key, None);
        // One clone's program wrote the board (and so gave it its key), and changed it.
        let mut o = crate::format::parse(crate::format::write(&b).as_bytes()).unwrap();
        assert!(o.get(1).unwrap().key.is_some());
        o.edit(1, at(1), |e| e.known = "ours".into()).unwrap();
        // The other edited the file by hand: still no key.
        let t = hand_typed(
            r#"(questions: [(id: 1, title: "Which ledger?", lane: Blocking, stakes: "theirs")])"#,
        );
        for m in [
            merge_shared(&o, &b, &t, Shared::Unknown, at(2)),
            merge_shared(&t, &b, &o, Shared::Unknown, at(2)),
        ] {
            assert_eq!(m.board.questions().len(), 1, "{:?}", m.board);
            let q = m.board.get(1).unwrap();
            assert_eq!((q.known.as_str(), q.stakes.as_str()), ("ours", "theirs"));
            assert_eq!(q.status, crate::model::Status::Open);
        }
        // Its title changed by hand on one side, a field by the program on the other: still
        // one question, matched by its number.
        let t =
            hand_typed(r#"(questions: [(id: 1, title: "Which ledger, really?", lane: Blocking)])"#);
        let m = merge_shared(&o, &b, &t, Shared::Unknown, at(2));
        assert_eq!(m.board.questions().len(), 1, "{:?}", m.board);
        assert_eq!(m.board.get(1).unwrap().title, "Which ledger, really?");
        assert_eq!(m.board.get(1).unwrap().known, "ours");
    }

    #[test]
    fn a_key_copied_with_a_block_never_swallows_a_question() {
        let b = hand_typed(r#"(questions: [(id: 1, key: "k1", title: "one", lane: Blocking)])"#);
        let o = hand_typed(
            r#"(questions: [(id: 1, key: "k1", title: "one", lane: Blocking),
                           (id: 2, key: "kA", title: "ours", lane: Blocking)])"#,
        );
        let t = hand_typed(
            r#"(questions: [(id: 1, key: "k1", title: "one", lane: Blocking),
                           (id: 2, key: "k1", title: "dupkey", lane: Blocking)])"#,
        );
        assert_eq!(
            t.repaired_keys,
            vec![2],
            "the later copy gets a key of its own"
        );
        assert_ne!(t.get(2).unwrap().key.as_deref(), Some("k1"));
        for m in [
            merge_shared(&o, &b, &t, Shared::Unknown, at(2)),
            merge_shared(&t, &b, &o, Shared::Unknown, at(2)),
        ] {
            let mut titles = titles(&m.board);
            titles.sort();
            assert_eq!(titles, ["dupkey", "one", "ours"]);
            assert_eq!(m.board.validate(), Ok(()));
        }
    }

    #[test]
    fn a_tag_one_side_removed_stays_removed_while_the_other_changed_the_question() {
        let mut b = base();
        b.edit(1, at(0), |e| e.tags = vec!["a".into(), "b".into()])
            .unwrap();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.edit(1, at(1), |e| e.tags = vec!["a".into()]).unwrap();
        t.edit(1, at(2), |e| e.known = "theirs".into()).unwrap();
        let m = merge_shared(&o, &b, &t, Shared::Unknown, at(3));
        let q = m.board.get(1).unwrap();
        assert_eq!(q.tags, vec!["a"]);
        assert_eq!(q.known, "theirs");
    }

    #[test]
    fn a_question_both_sides_renumbered_takes_the_larger_number_without_a_conflict() {
        let b = base();
        let renumber = |board: &Board, to: u32| {
            let mut qs: Vec<Arc<Question>> = board.questions().to_vec();
            Arc::make_mut(&mut qs[2]).id = to;
            Board::with_questions("t", qs)
        };
        let (mut o, mut t) = (renumber(&b, 5), renumber(&b, 6));
        // And a field changed differently on both: that conflict is still said.
        o.edit(5, at(1), |e| e.known = "ours".into()).unwrap();
        t.edit(6, at(2), |e| e.known = "theirs".into()).unwrap();
        let m = merge_shared(&o, &b, &t, Shared::Unknown, at(3));
        let q = m.board.questions().iter().find(|q| q.title == "c").unwrap();
        assert_eq!(q.id, 6);
        assert!(
            q.conflicts.iter().all(|c| c.field != "id"),
            "a number is no conflict: {:?}",
            q.conflicts
        );
        assert!(m.conflicts.iter().all(|c| c.field != "id"));
        assert!(
            m.conflicts.iter().any(|c| c.field == "known"),
            "{:?}",
            m.conflicts
        );
    }

    #[test]
    fn a_card_kept_after_a_delete_goes_where_the_side_that_kept_it_put_it() {
        let mut b = Board::new("t");
        for title in ["a", "b", "c", "d"] {
            b.add(title, Lane::Blocking, at(0)).unwrap();
        }
        let (mut o, mut t) = (b.clone(), b.clone());
        o.remove(2).unwrap();
        // Theirs moved b to the end and changed it: it stays, at the end.
        t.move_to(2, Lane::Blocking, 3, at(1)).unwrap();
        t.edit(2, at(1), |e| e.known = "still needed".into())
            .unwrap();
        for m in [
            merge_shared(&o, &b, &t, Shared::Unknown, at(2)),
            merge_shared(&t, &b, &o, Shared::Unknown, at(2)),
        ] {
            assert_eq!(titles(&m.board), ["a", "c", "d", "b"]);
        }
    }

    #[test]
    fn a_card_both_sides_moved_goes_where_the_later_move_put_it_either_way() {
        let mut b = Board::new("t");
        for title in ["a", "b", "c", "d"] {
            b.add(title, Lane::Blocking, at(0)).unwrap();
        }
        let (mut o, mut t) = (b.clone(), b.clone());
        // Moved within the lane (no time kept): the side that put it higher places it.
        o.move_to(4, Lane::Blocking, 0, at(1)).unwrap(); // d to the top
        t.move_to(4, Lane::Blocking, 1, at(2)).unwrap(); // d after a
        for m in [
            merge_shared(&o, &b, &t, Shared::Unknown, at(3)),
            merge_shared(&t, &b, &o, Shared::Unknown, at(3)),
        ] {
            assert_eq!(titles(&m.board), ["d", "a", "b", "c"]);
        }
        // Moved to another lane and back: the later change places it.
        let (mut o, mut t) = (b.clone(), b.clone());
        o.move_to(4, Lane::Uncomfortable, 0, at(1)).unwrap();
        o.move_to(4, Lane::Blocking, 0, at(1)).unwrap(); // d to the top, at 1
        t.move_to(4, Lane::Uncomfortable, 0, at(2)).unwrap();
        t.move_to(4, Lane::Blocking, 1, at(2)).unwrap(); // d after a, at 2
        for m in [
            merge_shared(&o, &b, &t, Shared::Unknown, at(3)),
            merge_shared(&t, &b, &o, Shared::Unknown, at(3)),
        ] {
            assert_eq!(titles(&m.board), ["a", "d", "b", "c"]);
        }
    }

    #[test]
    fn changes_at_the_very_same_moment_keep_the_greater_value_either_way() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.edit(1, at(5), |e| e.stakes = "apples".into()).unwrap();
        t.edit(1, at(5), |e| e.stakes = "pears".into()).unwrap();
        for m in [
            merge_shared(&o, &b, &t, Shared::Unknown, at(6)),
            merge_shared(&t, &b, &o, Shared::Unknown, at(6)),
        ] {
            let q = m.board.get(1).unwrap();
            assert_eq!(q.stakes, "pears", "the greater value stays");
            assert_eq!(q.conflicts[0].value, "apples");
        }
    }

    #[test]
    fn two_titles_set_at_once_are_a_conflict_on_the_board() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.title = "Ledger migration".into();
        t.title = "Ledger cut-over".into();
        let one = merge_shared(&o, &b, &t, Shared::Unknown, at(1));
        let other = merge_shared(&t, &b, &o, Shared::Unknown, at(1));
        assert_eq!(one.board, other.board);
        assert_eq!(one.board.title, "Ledger migration");
        assert_eq!(one.board.conflicts.len(), 1);
        assert_eq!(one.board.conflicts[0].field, "title");
        assert_eq!(one.board.conflicts[0].value, "Ledger cut-over");
        assert_eq!(one.conflicts[0].id, 0);
        // Changed on one side only: that side's, no conflict, whichever side it is.
        for m in [
            merge_shared(&b, &b, &t, Shared::Unknown, at(1)),
            merge_shared(&t, &b, &b, Shared::Unknown, at(1)),
        ] {
            assert_eq!(m.board.title, "Ledger cut-over");
            assert!(m.board.conflicts.is_empty() && m.conflicts.is_empty());
        }
        // Both set the same title: no conflict.
        let m = merge_shared(&t, &b, &t.clone(), Shared::Unknown, at(1));
        assert_eq!(m.board.title, "Ledger cut-over");
        assert!(m.board.conflicts.is_empty() && m.conflicts.is_empty());
    }
}
