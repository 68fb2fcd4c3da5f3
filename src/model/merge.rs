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

use super::question::{Change, Event, FieldConflict, Question};
use super::{Board, Field};

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
    pub field: Field,
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

    let mut said = Said::default();
    let mut result = merge_entries((&o, &b, &t), now, leave, &mut said);
    let ordered = merge_order(&b.order, &o.order, &t.order, &result, &o, &t);
    let (number, renumbered) = numbers(
        &ordered,
        &result,
        [ours, base, theirs],
        (&b, &o, &t),
        shared,
    );
    let questions = numbered(&ordered, &mut result, &number, (&o, &t), now);
    let Said {
        mut conflicts,
        mut kept,
        mut waited_on,
    } = said;
    conflicts.sort_by_key(|c| (c.id, c.field.name()));
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

/// What a merge has to say besides the board: conflicts, questions kept though deleted on
/// one side, and those kept because the other side made something wait on them.
#[derive(Default)]
struct Said {
    conflicts: Vec<Conflict>,
    kept: Vec<u32>,
    waited_on: Vec<u32>,
}

/// Every question of the three versions, merged, by identity (not yet numbered).
fn merge_entries(
    (o, b, t): (&Version<'_>, &Version<'_>, &Version<'_>),
    now: Timestamp,
    leave: Leave,
    said: &mut Said,
) -> HashMap<Ident, Entry> {
    let (o_waits, t_waits) = (new_waits(o, b), new_waits(t, b));
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
        let Said {
            conflicts,
            kept,
            waited_on,
        } = &mut *said;
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
                let (q, after) =
                    merge_question(oq, bq.map(|q| &***q), tq, (o, b, t), now, leave, conflicts);
                Some(Entry {
                    q: Arc::new(q),
                    after: AfterFrom::Merged(after),
                })
            }
            // Deleted on one side: gone, unless the other side changed it since, or made
            // a question wait on it (a link is never dropped without a word).
            (Some(bq), Some(oq), None) => {
                keep_deleted(oq, bq, o_waits.contains(ident), kept, waited_on).then(|| Entry {
                    q: Arc::clone(oq),
                    after: AfterFrom::Ours,
                })
            }
            (Some(bq), None, Some(tq)) => {
                keep_deleted(tq, bq, t_waits.contains(ident), kept, waited_on).then(|| Entry {
                    q: Arc::clone(tq),
                    after: AfterFrom::Theirs,
                })
            }
            (None, Some(oq), None) => whole(oq, AfterFrom::Ours),
            (None, None, Some(tq)) => whole(tq, AfterFrom::Theirs),
            (Some(_), None, None) | (None, None, None) => None,
        };
        if let Some(entry) = entry {
            result.insert(ident.clone(), entry);
        }
    }
    result
}

/// The merged questions in their order, with their numbers and prerequisites in the merged
/// numbering (a question whose number changed says so in its history).
fn numbered(
    ordered: &[Ident],
    result: &mut HashMap<Ident, Entry>,
    number: &HashMap<Ident, u32>,
    (o, t): (&Version<'_>, &Version<'_>),
    now: Timestamp,
) -> Vec<Arc<Question>> {
    let mut questions: Vec<Arc<Question>> = Vec::with_capacity(ordered.len());
    for ident in ordered {
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
            m.after = wanted;
        }
        questions.push(q);
    }
    questions
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
            field: Field::Title,
            kept,
        });
        let c = FieldConflict {
            field: Field::Title,
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
    let mut lost: Vec<(Field, String, Side)> = Vec::new();
    // A number is not a field a person changes: when both sides changed it, the larger
    // stands (numbers are settled for the whole board afterwards).
    merged.id = match b.map(|b| b.id) {
        Some(base) if base == o.id => t.id,
        Some(base) if base == t.id => o.id,
        _ => o.id.max(t.id),
    };
    for field in Field::ONE_VALUE {
        let unchanged = |side: &Question| b.is_some_and(|b| !field.differs(b, side));
        if !field.differs(o, t) || unchanged(t) {
            // Ours stands (the merged question starts as ours).
        } else if unchanged(o) {
            field.copy(t, &mut merged);
        } else {
            let (od, td) = (field.text(o), field.text(t));
            let kept = later_wins(o, t, &od, &td);
            conflicts.push(Conflict {
                id: o.id,
                field,
                kept,
            });
            match kept {
                Side::Ours => lost.push((field, td, Side::Theirs)),
                Side::Theirs => {
                    lost.push((field, od, Side::Ours));
                    field.copy(t, &mut merged);
                }
            }
        }
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
    merged.conflicts = merge_set(&o.conflicts, b.map(|b| &b.conflicts[..]), &t.conflicts);
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
                    field,
                    before: value,
                },
                by: None,
            }),
            Leave::Conflict => {
                let c = FieldConflict {
                    field,
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

#[path = "merge_place.rs"]
mod place;
use place::{merge_order, numbers};

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
