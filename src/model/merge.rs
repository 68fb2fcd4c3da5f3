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

use std::collections::{HashMap, HashSet};
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
    merge_with(ours, base, theirs, now, Leave::History)
}

/// Merges two versions of a board shared through git: a field changed differently on both
/// sides keeps one value and records the other as a conflict on the question, with who
/// changed it and when, until someone settles it.
pub fn merge_shared(ours: &Board, base: &Board, theirs: &Board, now: Timestamp) -> Merged {
    merge_with(ours, base, theirs, now, Leave::Conflict)
}

/// What a question is, across versions: its key, or its number for one made before keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Ident {
    Key(String),
    Number(u32),
    /// A question without a key that ours added with a number theirs also added differently.
    Clash(u32),
}

/// One version of the board, seen by identity.
struct Version<'a> {
    by_ident: HashMap<Ident, &'a Arc<Question>>,
    ident_of: HashMap<u32, Ident>,
    order: Vec<Ident>,
}

impl<'a> Version<'a> {
    fn new(board: &'a Board, ident: impl Fn(&Question) -> Ident) -> Version<'a> {
        let mut by_ident = HashMap::with_capacity(board.questions().len());
        let mut ident_of = HashMap::with_capacity(board.questions().len());
        let mut order = Vec::with_capacity(board.questions().len());
        for q in board.questions() {
            let i = ident(q);
            by_ident.insert(i.clone(), q);
            ident_of.insert(q.id, i.clone());
            order.push(i);
        }
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

fn plain_ident(q: &Question) -> Ident {
    match &q.key {
        Some(k) => Ident::Key(k.clone()),
        None => Ident::Number(q.id),
    }
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

fn merge_with(ours: &Board, base: &Board, theirs: &Board, now: Timestamp, leave: Leave) -> Merged {
    let b = Version::new(base, plain_ident);
    let t = Version::new(theirs, plain_ident);
    // A question without a key that both sides added with one number, differently, is two
    // questions: ours is told apart.
    let o = Version::new(ours, |q| {
        let plain = plain_ident(q);
        match plain {
            Ident::Number(n)
                if !b.by_ident.contains_key(&plain)
                    && t.by_ident.get(&plain).is_some_and(|other| ***other != *q) =>
            {
                Ident::Clash(n)
            }
            other => other,
        }
    });

    let mut conflicts = Vec::new();
    let mut kept = Vec::new();
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
            // Deleted on one side: gone, unless the other side changed it since.
            (Some(bq), Some(oq), None) => (oq != bq).then(|| {
                kept.push(oq.id);
                Entry {
                    q: Arc::clone(oq),
                    after: AfterFrom::Ours,
                }
            }),
            (Some(bq), None, Some(tq)) => (tq != bq).then(|| {
                kept.push(tq.id);
                Entry {
                    q: Arc::clone(tq),
                    after: AfterFrom::Theirs,
                }
            }),
            (None, Some(oq), None) => whole(oq, AfterFrom::Ours),
            (None, None, Some(tq)) => whole(tq, AfterFrom::Theirs),
            (Some(_), None, None) | (None, None, None) => None,
        };
        if let Some(entry) = entry {
            result.insert(ident.clone(), entry);
        }
    }

    let ordered = merge_order(&b.order, &o.order, &t.order, &result, &o, &t);

    // Numbers: one question per number. A number two questions hold stays with the one that
    // had it in the base, else with theirs; ours moves to the next free number.
    let mut next = ours
        .questions()
        .iter()
        .chain(theirs.questions())
        .chain(base.questions())
        .map(|q| q.id)
        .max()
        .unwrap_or(0);
    let mut holders: HashMap<u32, Vec<&Ident>> = HashMap::new();
    for ident in &ordered {
        holders.entry(result[ident].q.id).or_default().push(ident);
    }
    let mut number: HashMap<Ident, u32> = HashMap::with_capacity(ordered.len());
    let mut renumbered = Vec::new();
    for ident in &ordered {
        let id = result[ident].q.id;
        let holding = &holders[&id];
        let keeper = if holding.len() == 1 {
            holding[0]
        } else {
            let had = |v: &Version<'_>| {
                holding
                    .iter()
                    .copied()
                    .find(|i| v.by_ident.get(*i).is_some_and(|q| q.id == id))
            };
            had(&b)
                .or_else(|| had(&t))
                .unwrap_or_else(|| holding.iter().copied().min().unwrap_or(holding[0]))
        };
        if keeper == ident {
            number.insert(ident.clone(), id);
        } else {
            next = next.saturating_add(1);
            number.insert(ident.clone(), next);
            renumbered.push((id, next));
        }
    }

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
    Merged {
        board: {
            let title = if ours.title == base.title {
                theirs.title.clone()
            } else {
                ours.title.clone()
            };
            let mut board = Board::with_questions(title, questions);
            board.version = ours.version.max(theirs.version);
            board
        },
        conflicts,
        renumbered,
        kept,
    }
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
    merged.tags = merge_set(&o.tags, b.map(|b| &b.tags[..]), &t.tags);
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
    let mut order: Vec<Ident> = b
        .iter()
        .filter(|i| common.contains(i) && !o_moved.contains(*i) && !t_moved.contains(*i))
        .cloned()
        .collect();
    let mut placed: HashMap<Ident, ()> = order.iter().map(|i| (i.clone(), ())).collect();
    // Which side places a card: the side that moved or added it; when both moved it, the
    // one that changed it later.
    let placer = |i: &Ident| -> Option<Side> {
        match (o_moved.contains(i), t_moved.contains(i)) {
            (true, true) => {
                let (oq, tq) = (&ov.by_ident[i], &tv.by_ident[i]);
                Some(if tq.updated > oq.updated {
                    Side::Theirs
                } else {
                    Side::Ours
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
        for (k, i) in seq.iter().enumerate() {
            if placed.contains_key(i) || !result.contains_key(i) || placer(i) != Some(side) {
                continue;
            }
            // The card it follows on this side; one the other side moved is no landmark.
            let other_moved = match side {
                Side::Ours => &t_moved,
                Side::Theirs => &o_moved,
            };
            let after = seq[..k]
                .iter()
                .rev()
                .find(|p| placed.contains_key(*p) && !other_moved.contains(*p))
                .or_else(|| seq[..k].iter().rev().find(|p| placed.contains_key(*p)));
            let at = after
                .and_then(|p| order.iter().position(|x| x == p))
                .map_or(0, |x| x + 1);
            order.insert(at, i.clone());
            placed.insert(i.clone(), ());
        }
    }
    // Anything left (kept from the base only): at the end, in the base's order.
    for i in b {
        if result.contains_key(i) && !placed.contains_key(i) {
            placed.insert(i.clone(), ());
            order.push(i.clone());
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldConflict, Lane, QuestionEdit, Status};

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
    fn prerequisites_of_deleted_questions_are_dropped() {
        let b = base();
        let mut o = b.clone();
        let mut e = QuestionEdit::of(o.get(1).unwrap());
        e.after = vec![2];
        o.apply_edit(1, e, at(1)).unwrap();
        let mut t = b.clone();
        t.remove(2).unwrap();
        let m = merge(&o, &b, &t, at(2));
        assert!(
            m.board.get(2).is_none(),
            "ours did not change #2; theirs deleted it"
        );
        assert!(m.board.get(1).unwrap().after.is_empty());
        assert_eq!(m.board.validate(), Ok(()));
    }

    #[test]
    fn shared_both_add_one_number_and_ours_follows_with_its_references() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.add("ours new", Lane::Blocking, at(1)).unwrap();
        o.toggle_prerequisite(1, 4, at(1)).unwrap();
        t.add("theirs new", Lane::Blocking, at(2)).unwrap();
        let m = merge_shared(&o, &b, &t, at(3));
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
        let m = merge_shared(&o, &b, &t, at(3));
        assert_eq!(titles(&m.board), ["e", "b", "c", "d", "a"]);
        let m = merge_shared(&t, &b, &o, at(3));
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
            merge_shared(&o, &b, &t, at(3)),
            merge_shared(&t, &b, &o, at(3)),
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
        let m = merge_shared(&o, &b, &t, at(3));
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
        let m = merge_shared(&o, &b, &t, at(3));
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
        let m = merge_shared(&o, &b, &t, at(3));
        assert_eq!(m.board.get(3).unwrap().known, "still here");
        assert_eq!(m.kept, vec![3]);
    }
}
