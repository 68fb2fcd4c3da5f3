//! Boards merged as they come from the file: questions typed by hand (no key, no times)
//! and blocks copied with their keys, merged by the same rule whichever side git calls ours.

use jiff::Timestamp;
use unknowns::format;
use unknowns::model::merge::{Shared, merge_shared};
use unknowns::model::{Board, Status};

fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(1_795_000_000 + minute * 60).unwrap()
}

fn titles(b: &Board) -> Vec<String> {
    b.questions().iter().map(|q| q.title.clone()).collect()
}

/// A board as a person types it: questions with no key, no times.
fn hand_typed(text: &str) -> Board {
    crate::format::parse(text.as_bytes()).unwrap()
}

#[test]
fn a_hand_typed_question_is_one_question_however_each_clone_wrote_it() {
    let b = hand_typed(r#"(questions: [(id: 1, title: "Which ledger?", lane: Blocking)])"#);
    assert_eq!(b.get(1).unwrap().key, None);
    // One clone's program wrote the board (and so gave it its key), and changed it.
    let mut o = format::parse(format::write(&b).as_bytes()).unwrap();
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
        assert_eq!(q.status, Status::Open);
    }
    // Its title changed by hand on one side, a field by the program on the other: still
    // one question, matched by its number.
    let t = hand_typed(r#"(questions: [(id: 1, title: "Which ledger, really?", lane: Blocking)])"#);
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
