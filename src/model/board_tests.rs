//! The board, case by case.

use super::*;
use crate::model::Field;

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

fn board_of(lanes: &[(&str, Lane)]) -> Board {
    let mut b = Board::new("t");
    for (title, lane) in lanes {
        b.add(title, *lane, now()).unwrap();
    }
    b
}

fn titles(b: &Board, lane: Lane) -> Vec<String> {
    b.lane(lane).map(|q| q.title.clone()).collect()
}

#[test]
fn changing_a_field_with_a_conflict_settles_it_and_keeps_the_other_value_in_history() {
    let t = Timestamp::from_second(1_795_000_000).unwrap();
    let mut b = Board::new("t");
    let mut q = Question::new(1, "a", Lane::Blocking);
    for (field, value) in [(Field::Stakes, "money"), (Field::Lane, "Interesting")] {
        q.conflicts.push(FieldConflict {
            field,
            value: value.into(),
            by: None,
            at: None,
        });
    }
    b.push(q);
    b.edit(1, t, |e| e.stakes = "time".into()).unwrap();
    let q = b.get(1).unwrap();
    assert_eq!(q.conflicts.len(), 1, "the stakes conflict is settled");
    assert_eq!(q.conflicts[0].field, Field::Lane);
    assert!(q.history.iter().any(|e| e.change
        == Change::Settled {
            field: Field::Stakes,
            before: "money".into()
        }));
    b.move_to(1, Lane::Uncomfortable, 0, t).unwrap();
    assert!(
        b.get(1).unwrap().conflicts.is_empty(),
        "a move settles the lane"
    );
}

#[test]
fn add_assigns_increasing_ids_and_cleans_titles() {
    let mut b = Board::new("t");
    assert_eq!(b.add("first\nline", Lane::Blocking, now()), Ok(1));
    assert_eq!(b.add("second", Lane::Interesting, now()), Ok(2));
    assert_eq!(b.get(1).unwrap().title, "first line");
    assert_eq!(b.get(1).unwrap().created, Some(now()));
    assert_eq!(
        b.add(" \n ", Lane::Blocking, now()),
        Err(BoardError::EmptyTitle)
    );
}

#[test]
fn ids_near_the_top_are_refused_not_wrapped() {
    let mut b = Board::new("t");
    b.push(Question::new(u32::MAX, "max", Lane::Blocking));
    assert_eq!(
        b.add("x", Lane::Blocking, now()),
        Err(BoardError::IdsExhausted)
    );
}

#[test]
fn move_to_another_lane_inserts_at_the_position_and_records_history() {
    let mut b = board_of(&[
        ("a", Lane::Blocking),
        ("b", Lane::Uncomfortable),
        ("c", Lane::Uncomfortable),
    ]);
    b.move_to(1, Lane::Uncomfortable, 1, now()).unwrap();
    assert_eq!(titles(&b, Lane::Uncomfortable), ["b", "a", "c"]);
    assert!(titles(&b, Lane::Blocking).is_empty());
    let last = b.get(1).unwrap().history.last().unwrap();
    assert_eq!(
        last.change,
        Change::Moved {
            from: Lane::Blocking,
            to: Lane::Uncomfortable
        }
    );
    // Past the end clamps to the end.
    b.move_to(2, Lane::Uncomfortable, 99, now()).unwrap();
    assert_eq!(titles(&b, Lane::Uncomfortable), ["a", "c", "b"]);
    // Into an empty lane.
    b.move_to(3, Lane::Blocking, 0, now()).unwrap();
    assert_eq!(titles(&b, Lane::Blocking), ["c"]);
}

#[test]
fn reorder_within_a_lane_keeps_other_lanes_in_place() {
    let mut b = board_of(&[
        ("a", Lane::Blocking),
        ("x", Lane::Interesting),
        ("b", Lane::Blocking),
    ]);
    b.move_to(3, Lane::Blocking, 0, now()).unwrap();
    assert_eq!(titles(&b, Lane::Blocking), ["b", "a"]);
    assert_eq!(titles(&b, Lane::Interesting), ["x"]);
    assert!(
        b.get(3).unwrap().history.len() == 1,
        "no lane change recorded"
    );
}

#[test]
fn resolving_takes_questions_off_their_lane() {
    let mut b = board_of(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    b.decide(1, "Postgres", now()).unwrap();
    b.dissolve(2, "", now()).unwrap();
    assert!(titles(&b, Lane::Blocking).is_empty());
    assert_eq!(b.get(1).unwrap().resolution, "Postgres");
    assert_eq!(b.get(1).unwrap().status, Status::Decided);
    assert_eq!(b.decide(1, "again", now()), Err(BoardError::NotOpen(1)));
    b.reopen(1, now()).unwrap();
    assert_eq!(titles(&b, Lane::Blocking), ["a"]);
    assert_eq!(b.get(1).unwrap().resolution, "");
}

#[test]
fn removing_a_question_drops_it_from_prerequisites() {
    let mut b = board_of(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    let mut edit = QuestionEdit::of(b.get(2).unwrap());
    edit.after = vec![1];
    b.apply_edit(2, edit, now()).unwrap();
    assert_eq!(b.open_prerequisites(b.get(2).unwrap()), 1);
    b.remove(1).unwrap();
    assert!(b.get(2).unwrap().after.is_empty());
    assert_eq!(b.validate(), Ok(()));
}

#[test]
fn edits_are_cleaned_checked_and_keep_what_they_replaced() {
    let mut b = board_of(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    let mut edit = QuestionEdit::of(b.get(1).unwrap());
    edit.title = "new\ttitle".into();
    edit.known = "line one\r\nline two".into();
    edit.owner = Some("  ".into());
    assert_eq!(b.apply_edit(1, edit.clone(), now()), Ok(true));
    let q = b.get(1).unwrap();
    assert_eq!(q.title, "new title");
    assert_eq!(q.known, "line one\nline two");
    assert_eq!(q.owner, None);
    assert!(q.history.iter().any(|e| e.change
        == Change::Edited {
            field: Field::Title,
            before: "a".into()
        }));
    assert_eq!(
        b.apply_edit(1, QuestionEdit::of(b.get(1).unwrap()), now()),
        Ok(false)
    );
    edit.after = vec![1];
    assert_eq!(
        b.apply_edit(1, edit.clone(), now()),
        Err(BoardError::SelfPrerequisite(1))
    );
    edit.after = vec![9];
    assert_eq!(
        b.apply_edit(1, edit, now()),
        Err(BoardError::MissingPrerequisite { id: 1, after: 9 })
    );
}

#[test]
fn prerequisites_toggle_and_cycles_are_refused() {
    let mut b = board_of(&[
        ("a", Lane::Blocking),
        ("b", Lane::Blocking),
        ("c", Lane::Blocking),
    ]);
    assert_eq!(b.toggle_prerequisite(2, 1, now()), Ok(true));
    assert_eq!(b.toggle_prerequisite(3, 2, now()), Ok(true));
    assert!(b.waits_on(3, 1));
    assert_eq!(
        b.toggle_prerequisite(1, 3, now()),
        Err(BoardError::WouldCycle { id: 1, after: 3 })
    );
    assert_eq!(b.toggle_prerequisite(2, 1, now()), Ok(false));
    assert!(b.get(2).unwrap().after.is_empty());
    assert_eq!(
        b.toggle_prerequisite(1, 1, now()),
        Err(BoardError::SelfPrerequisite(1))
    );
}

#[test]
fn validate_names_the_broken_invariant() {
    let mut b = board_of(&[("a", Lane::Blocking)]);
    b.questions
        .push(Arc::new(Question::new(1, "dup", Lane::Blocking)));
    assert_eq!(b.validate(), Err(BoardError::DuplicateId(1)));
    let mut b = board_of(&[("a", Lane::Blocking)]);
    Arc::make_mut(&mut b.questions[0]).after.push(5);
    assert_eq!(
        b.validate(),
        Err(BoardError::MissingPrerequisite { id: 1, after: 5 })
    );
    let mut b = Board::new("t");
    b.version = FORMAT_VERSION + 1;
    assert_eq!(
        b.validate(),
        Err(BoardError::VersionTooNew(FORMAT_VERSION + 1))
    );
}

#[test]
fn both_values_are_kept_only_in_a_text_field() {
    let t = now();
    let mut b = Board::new("t");
    let mut q = Question::new(1, "a", Lane::Blocking);
    q.stakes = "money".into();
    for (field, value) in [(Field::Stakes, "time"), (Field::Lane, "Interesting")] {
        q.conflicts.push(FieldConflict {
            field,
            value: value.into(),
            by: Some("ana".into()),
            at: None,
        });
    }
    b.push(q);
    assert_eq!(
        b.settle(1, Field::Lane, Settle::Both, t),
        Err(BoardError::NotText {
            id: 1,
            field: Field::Lane
        })
    );
    b.settle(1, Field::Stakes, Settle::Both, t).unwrap();
    let q = b.get(1).unwrap();
    assert!(
        q.stakes.contains("money") && q.stakes.contains("time"),
        "{}",
        q.stakes
    );
    assert_eq!(q.lane, Lane::Blocking, "the lane's conflict is still there");
    assert_eq!(q.conflicts.len(), 1);
    for field in Field::ALL {
        let text = matches!(
            field,
            Field::Title | Field::Known | Field::Stakes | Field::NextStep | Field::Resolution
        );
        assert_eq!(field.is_text(), text, "{field}");
    }
}
