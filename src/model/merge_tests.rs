//! The three-way merge, case by case.

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
            field: Field::Title,
            kept: Side::Ours
        }]
    );
    let history = &m.board.get(1).unwrap().history;
    assert!(history.iter().any(|e| e.change
        == Change::Edited {
            field: Field::Title,
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
                field: Field::Stakes,
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
    assert_eq!(q.conflicts[0].field, Field::Lane);
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
    // A number is no conflict (a field it cannot be); the other field is.
    assert_eq!(
        q.conflicts.iter().map(|c| c.field).collect::<Vec<_>>(),
        [Field::Known]
    );
    assert!(
        m.conflicts.iter().any(|c| c.field == Field::Known),
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
    assert_eq!(one.board.conflicts[0].field, Field::Title);
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

#[test]
fn a_number_one_side_changed_by_hand_stands_whichever_side_changed_it() {
    // The base: "x" is #9. One side gives it #3 by hand (a free number); the other edits it.
    let mut b = Board::new("t");
    let mut x = Question::new(9, "x", Lane::Blocking);
    x.key = Some("kx".into());
    x.created = Some(at(0));
    b.push(x);
    let mut renumbered = Board::new("t");
    let mut x3 = b.get(9).unwrap().clone();
    x3.id = 3;
    renumbered.push(x3);
    let mut edited = b.clone();
    edited.edit(9, at(1), |e| e.stakes = "time".into()).unwrap();
    for m in [
        merge_shared(&renumbered, &b, &edited, Shared::Unknown, at(2)),
        merge_shared(&edited, &b, &renumbered, Shared::Unknown, at(2)),
    ] {
        let q = m.board.get(3).expect("#3 is the number the change gave it");
        assert_eq!((q.title.as_str(), q.stakes.as_str()), ("x", "time"));
        assert_eq!(m.board.questions().len(), 1);
    }
}
