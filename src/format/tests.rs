//! The board file, read and written.

use super::*;
use crate::model::{Door, Status};
use crate::model::{Lane, QuestionEdit};

fn now() -> jiff::Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

#[test]
fn the_smallest_hand_written_file_loads() {
    let src = "(version: 1, questions: [\n    (id: 1, title: \"Which ledger is the source of truth?\", lane: Blocking),\n])";
    let board = parse(src.as_bytes()).unwrap();
    assert_eq!(board.questions().len(), 1);
    let q = &board.questions()[0];
    assert_eq!(q.title, "Which ledger is the source of truth?");
    assert_eq!(q.lane, Lane::Blocking);
    assert_eq!(q.status, Status::Open);
    assert_eq!(q.door, Door::TwoWay);
}

#[test]
fn explicit_and_implicit_some_both_load() {
    let src = r#"(version: 1, questions: [
        (id: 1, title: "a", lane: Blocking, owner: Some("maria"), revisit: Some("2026-12-01")),
        (id: 2, title: "b", lane: Interesting, owner: "li", revisit: "2027-01-02"),
    ])"#;
    let board = parse(src.as_bytes()).unwrap();
    assert_eq!(board.questions()[0].owner.as_deref(), Some("maria"));
    assert_eq!(board.questions()[1].owner.as_deref(), Some("li"));
    assert_eq!(
        board.questions()[1].revisit.unwrap().to_string(),
        "2027-01-02"
    );
}

#[test]
fn an_unknown_lane_is_named_with_its_place_and_the_choices() {
    let src = "(version: 1, questions: [\n    (id: 1, title: \"Which?\", lane: Sideways),\n])";
    let err = parse(src.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "2:36: unknown lane \"Sideways\", expected Blocking, Uncomfortable or Interesting"
    );
}

#[test]
fn a_typo_in_a_field_name_is_an_error_not_silently_dropped() {
    let src =
        "(version: 1, questions: [\n    (id: 1, title: \"a\", lane: Blocking, stake: \"x\"),\n])";
    let err = parse(src.as_bytes()).unwrap_err();
    assert_eq!((err.line, err.col), (2, 41));
    assert!(
        err.message
            .starts_with("unknown field \"stake\" in a question"),
        "{err}"
    );
}

#[test]
fn an_unclosed_string_is_named_where_it_opens() {
    let text = "(version: 1, questions: [\n  (id: 1, title: \"a\", lane: Blocking),\n  (id: 2, title: \"unclosed, lane: Blocking),\n  (id: 3, title: \"c\", lane: Blocking),\n])\n";
    let err = parse(text.as_bytes()).unwrap_err();
    assert_eq!((err.line, err.col), (3, 18), "{err}");
    assert!(err.message.starts_with("a string is not closed"), "{err}");
    // Other mistakes are not taken for one.
    let err = parse(b"(version: 1, questions: [(id: 1, title: \"a\", lane: Nope)])").unwrap_err();
    assert!(err.message.contains("unknown lane"), "{err}");
}

#[test]
fn board_invariants_are_load_errors_with_a_place() {
    let dup = "(version: 1, questions: [\n  (id: 1, title: \"a\", lane: Blocking),\n  (id: 1, title: \"b\", lane: Blocking),\n])";
    let err = parse(dup.as_bytes()).unwrap_err();
    assert_eq!((err.line, err.col), (3, 4));
    assert!(err.message.contains("two questions numbered 1"));

    let missing = "(version: 1, questions: [\n  (id: 1, title: \"a\", lane: Blocking),\n  (id: 2, title: \"id: 1\", lane: Blocking, after: [7]),\n])";
    let err = parse(missing.as_bytes()).unwrap_err();
    assert_eq!((err.line, err.col), (3, 43), "{err}");
    assert!(err.message.contains("no question #7"));

    let newer = "(version: 9, questions: [(id: 1, title: \"a\", lane: Blocking, shiny: true)])";
    let err = parse(newer.as_bytes()).unwrap_err();
    assert_eq!((err.line, err.col), (1, 2));
    assert!(err.message.contains("version 9"), "{err}");
}

#[test]
fn broken_bytes_are_named_not_panicked_on() {
    let err = parse(b"(version: 1,\n questions: [\xff])").unwrap_err();
    assert_eq!((err.line, err.col), (2, 14));
    assert!(
        parse(b"(version: 1, \0)")
            .unwrap_err()
            .message
            .contains("NUL")
    );
    let truncated = "(version: 1, questions: [\n    (id: 1, title: \"a\", lane: Blocking),\n";
    let err = parse(truncated.as_bytes()).unwrap_err();
    assert!(err.message.contains("ends too early"), "{err}");
    let deep = format!("(version: 1, title: {}", "[".repeat(10_000));
    assert!(parse(deep.as_bytes()).is_err());
}

#[test]
fn write_then_parse_gives_back_the_same_board() {
    let mut b = Board::new("Migration \"v2\"");
    b.add("Which ledger?", Lane::Blocking, now()).unwrap();
    b.add("Cut over by region?", Lane::Uncomfortable, now())
        .unwrap();
    let mut e = QuestionEdit::of(b.get(2).unwrap());
    e.known = "line 1\nline 2 \u{1b}[2J".into();
    e.after = vec![1];
    e.owner = Some("maría".into());
    e.door = Door::OneWay;
    e.tags = vec!["infra".into(), "db".into()];
    e.revisit = Some("2026-12-01".parse().unwrap());
    b.apply_edit(2, e, now()).unwrap();
    b.move_to(2, Lane::Interesting, 0, now()).unwrap();
    b.decide(1, "Postgres, \"the\" ledger", now()).unwrap();
    let text = write(&b);
    assert_eq!(parse(text.as_bytes()).unwrap(), b);
    assert!(text.contains("            after: [1],\n"), "{text}");
    assert!(text.contains("            tags: [\"infra\", \"db\"],\n"));
    assert!(
        !text.contains('\u{1b}'),
        "escape bytes are escaped in the file"
    );
}
