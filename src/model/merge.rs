//! Three-way merge of boards: `ours` and `theirs` both grew from `base`.
//!
//! This is what lets several writers share one board (a TUI, the CLI in another terminal, an
//! editor, a `git pull`): changes are compared question by question and field by field, so
//! changes to different questions, or to different fields of one question, are all kept. When
//! both sides changed the same field, the side whose question was updated later wins, and the
//! text it replaced is kept in that question's history. Undo uses the same merge to take back
//! one change of the user's own on top of whatever others did since.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jiff::Timestamp;

use super::Board;
use super::question::{Change, Event, Question};

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
    /// Questions of ours that got a new id because theirs added one with the same id.
    pub renumbered: Vec<(u32, u32)>,
}

fn by_id(board: &Board) -> HashMap<u32, &Arc<Question>> {
    board.questions().iter().map(|q| (q.id, q)).collect()
}

/// Events of `side` that `base` does not have, in order.
fn new_events<'a>(side: &'a [Event], base: &[Event]) -> impl Iterator<Item = &'a Event> + 'a {
    let skip = if side.starts_with(base) {
        base.len()
    } else {
        0
    };
    let base: Vec<Event> = if skip == 0 { base.to_vec() } else { Vec::new() };
    side[skip..].iter().filter(move |e| !base.contains(e))
}

/// Merges one question that all three sides have.
fn merge_question(
    o: &Question,
    b: &Question,
    t: &Question,
    now: Timestamp,
    conflicts: &mut Vec<Conflict>,
) -> Question {
    let ours_later = o.updated >= t.updated;
    let mut merged = b.clone();
    let mut lost: Vec<(&'static str, String)> = Vec::new();
    macro_rules! field {
        ($name:ident, $label:expr, $describe:expr) => {{
            let describe = $describe;
            merged.$name = if o.$name == b.$name {
                t.$name.clone()
            } else if t.$name == b.$name || o.$name == t.$name {
                o.$name.clone()
            } else {
                let (kept, winner, loser) = if ours_later {
                    (Side::Ours, &o.$name, &t.$name)
                } else {
                    (Side::Theirs, &t.$name, &o.$name)
                };
                conflicts.push(Conflict {
                    id: b.id,
                    field: $label,
                    kept,
                });
                lost.push(($label, describe(loser)));
                winner.clone()
            };
        }};
    }
    let text = |s: &String| s.clone();
    field!(title, "title", text);
    field!(lane, "lane", |l: &super::Lane| l.name().to_string());
    field!(status, "status", |s: &super::Status| s.name().to_string());
    field!(door, "door", |d: &super::Door| d.name().to_string());
    field!(after, "after", |a: &Vec<u32>| a
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", "));
    field!(owner, "owner", |o: &Option<String>| o
        .clone()
        .unwrap_or_default());
    field!(known, "known", text);
    field!(stakes, "stakes", text);
    field!(next_step, "next_step", text);
    field!(resolution, "resolution", text);
    field!(revisit, "revisit", |d: &Option<jiff::civil::Date>| d
        .map(|d| d.to_string())
        .unwrap_or_default());
    field!(tags, "tags", |t: &Vec<String>| t.join(", "));
    merged.updated = o.updated.max(t.updated);
    // History only grows: what base had, then what each side added, in time order.
    let mut history = b.history.clone();
    let mut added: Vec<Event> = new_events(&o.history, &b.history)
        .chain(new_events(&t.history, &b.history))
        .cloned()
        .collect();
    added.sort_by_key(|e| e.at);
    added.dedup();
    history.extend(added);
    for (field, before) in lost {
        history.push(Event {
            at: now,
            change: Change::Edited {
                field: field.to_string(),
                before,
            },
            by: None,
        });
    }
    merged.history = history;
    merged
}

/// The ids of `order` that are in `keep`, in order.
fn filtered(order: &[u32], keep: &HashSet<u32>) -> Vec<u32> {
    order
        .iter()
        .copied()
        .filter(|id| keep.contains(id))
        .collect()
}

/// Merges `ours` and `theirs`, which both grew from `base`. `now` stamps the history entries
/// that keep text lost in a conflict.
pub fn merge(ours: &Board, base: &Board, theirs: &Board, now: Timestamp) -> Merged {
    let b = by_id(base);
    let t = by_id(theirs);

    // Both sides added a question with the same id: ours gets a fresh id.
    let mut ours = ours.clone();
    let mut renumbered = Vec::new();
    let mut next = ours
        .questions()
        .iter()
        .chain(theirs.questions())
        .chain(base.questions())
        .map(|q| q.id)
        .max()
        .unwrap_or(0);
    let clashes: Vec<u32> = ours
        .questions()
        .iter()
        .filter(|q| !b.contains_key(&q.id))
        .filter(|q| t.get(&q.id).is_some_and(|other| *other != *q))
        .map(|q| q.id)
        .collect();
    for old in clashes {
        next = next.saturating_add(1);
        renumbered.push((old, next));
        ours.change_questions(|questions| {
            for q in questions {
                if q.id == old {
                    Arc::make_mut(q).id = next;
                }
                if q.after.contains(&old) {
                    for a in &mut Arc::make_mut(q).after {
                        if *a == old {
                            *a = next;
                        }
                    }
                }
            }
        });
    }
    let o = by_id(&ours);

    // Each question: kept, changed, added or gone.
    let mut conflicts = Vec::new();
    let mut result: HashMap<u32, Arc<Question>> = HashMap::new();
    let ids: HashSet<u32> = o.keys().chain(t.keys()).chain(b.keys()).copied().collect();
    for id in ids {
        // Arcs compare by pointer first: unchanged questions cost nothing.
        let merged = match (b.get(&id), o.get(&id), t.get(&id)) {
            (_, Some(oq), Some(tq)) if oq == tq => Some(Arc::clone(oq)),
            (Some(bq), Some(oq), Some(tq)) => {
                if oq == bq {
                    Some(Arc::clone(tq))
                } else if tq == bq {
                    Some(Arc::clone(oq))
                } else {
                    Some(Arc::new(merge_question(oq, bq, tq, now, &mut conflicts)))
                }
            }
            // Deleted on one side: gone, unless the other side changed it since.
            (Some(bq), Some(oq), None) => (oq != bq).then(|| Arc::clone(oq)),
            (Some(bq), None, Some(tq)) => (tq != bq).then(|| Arc::clone(tq)),
            (None, Some(oq), None) => Some(Arc::clone(oq)),
            (None, None, Some(tq)) => Some(Arc::clone(tq)),
            _ => None,
        };
        if let Some(q) = merged {
            result.insert(id, q);
        }
    }

    // Order: the side that reordered leads (ours when both did); the other side's extra
    // questions go after their nearest predecessor.
    let present: HashSet<u32> = result.keys().copied().collect();
    let order = |board: &Board| -> Vec<u32> { board.questions().iter().map(|q| q.id).collect() };
    let (o_order, b_order, t_order) = (order(&ours), order(base), order(theirs));
    let common: HashSet<u32> = present
        .iter()
        .copied()
        .filter(|id| o.contains_key(id) && t.contains_key(id) && b.contains_key(id))
        .collect();
    let ours_moved = filtered(&o_order, &common) != filtered(&b_order, &common);
    let theirs_moved = filtered(&t_order, &common) != filtered(&b_order, &common);
    let (lead, other) = if theirs_moved && !ours_moved {
        (&t_order, &o_order)
    } else {
        (&o_order, &t_order)
    };
    let mut ordered: Vec<u32> = filtered(lead, &present);
    let mut placed: HashSet<u32> = ordered.iter().copied().collect();
    for (k, &id) in other.iter().enumerate() {
        if !present.contains(&id) || placed.contains(&id) {
            continue;
        }
        let after = other[..k].iter().rev().find(|p| placed.contains(p));
        let at = after
            .and_then(|p| ordered.iter().position(|x| x == p))
            .map_or(0, |i| i + 1);
        ordered.insert(at, id);
        placed.insert(id);
    }
    let mut questions: Vec<Arc<Question>> = ordered
        .into_iter()
        .filter_map(|id| result.remove(&id))
        .collect();

    // Prerequisites must name questions that are still there.
    for q in &mut questions {
        if q.after.iter().any(|a| !present.contains(a) || *a == q.id) {
            let id = q.id;
            Arc::make_mut(q)
                .after
                .retain(|a| present.contains(a) && *a != id);
        }
    }
    conflicts.sort_by_key(|c| (c.id, c.field));
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lane, QuestionEdit, Status};

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
}
