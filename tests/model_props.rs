//! Properties of the model over random sequences of operations. Cases are bounded for CI;
//! `PROPTEST_CASES=5000 cargo test --test model_props` runs a heavier search.

mod common;
use common::now;

use proptest::prelude::*;
use unknowns::format;
use unknowns::model::{Board, Door, Lane, QuestionEdit};

#[derive(Clone, Debug)]
enum Op {
    Add(String, usize),
    Move(usize, usize, usize),
    Decide(usize, String),
    Dissolve(usize),
    Reopen(usize),
    Remove(usize),
    Edit(usize, Vec<usize>, bool, String),
}

fn op() -> impl Strategy<Value = Op> {
    let text = "[a-z \\n\\t\\u{1b}é数🚀\"\\\\]{0,12}";
    prop_oneof![
        3 => (text, 0..3usize).prop_map(|(t, l)| Op::Add(t, l)),
        2 => (any::<usize>(), 0..3usize, 0..8usize).prop_map(|(i, l, p)| Op::Move(i, l, p)),
        1 => (any::<usize>(), text).prop_map(|(i, t)| Op::Decide(i, t)),
        1 => any::<usize>().prop_map(Op::Dissolve),
        1 => any::<usize>().prop_map(Op::Reopen),
        1 => any::<usize>().prop_map(Op::Remove),
        2 => (any::<usize>(), prop::collection::vec(any::<usize>(), 0..3), any::<bool>(), text)
            .prop_map(|(i, a, d, t)| Op::Edit(i, a, d, t)),
    ]
}

fn pick(board: &Board, i: usize) -> Option<u32> {
    (!board.questions().is_empty()).then(|| board.questions()[i % board.questions().len()].id)
}

fn apply(board: &mut Board, op: &Op) {
    apply_at(board, op, now());
}

/// A base made by `start`, and two sides grown from it: ours by `mine` (now), theirs by
/// `yours` at `their_time`.
fn sides(
    start: &[Op],
    mine: &[Op],
    yours: &[Op],
    their_time: jiff::Timestamp,
) -> (Board, Board, Board) {
    let mut base = Board::new("props");
    for op in start {
        apply(&mut base, op);
    }
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for op in mine {
        apply(&mut ours, op);
    }
    for op in yours {
        apply_at(&mut theirs, op, their_time);
    }
    (base, ours, theirs)
}

/// An hour after [`now`]: when the other clone works.
fn later() -> jiff::Timestamp {
    now() + jiff::SignedDuration::from_hours(1)
}

fn apply_at(board: &mut Board, op: &Op, now: jiff::Timestamp) {
    let _ = match op.clone() {
        Op::Add(t, l) => board.add(&t, Lane::ALL[l], now).map(|_| ()),
        Op::Move(i, l, p) => match pick(board, i) {
            Some(id) => board.move_to(id, Lane::ALL[l], p, now),
            None => Ok(()),
        },
        Op::Decide(i, t) => pick(board, i).map_or(Ok(()), |id| board.decide(id, &t, now)),
        Op::Dissolve(i) => pick(board, i).map_or(Ok(()), |id| board.dissolve(id, "", now)),
        Op::Reopen(i) => pick(board, i).map_or(Ok(()), |id| board.reopen(id, now)),
        Op::Remove(i) => pick(board, i).map_or(Ok(()), |id| board.remove(id).map(|_| ())),
        Op::Edit(i, after, one_way, known) => match pick(board, i) {
            Some(id) => {
                let mut e = QuestionEdit::of(board.get(id).unwrap());
                e.after = after.iter().filter_map(|&a| pick(board, a)).collect();
                e.door = if one_way { Door::OneWay } else { Door::TwoWay };
                e.known = known;
                board.apply_edit(id, e, now).map(|_| ())
            }
            None => Ok(()),
        },
    };
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    #[test]
    fn a_plan_that_reuses_the_last_graph_is_the_plan_made_afresh(ops in prop::collection::vec(op(), 0..40)) {
        let mut board = Board::new("props");
        let mut cache = None;
        let today: jiff::civil::Date = "2026-11-24".parse().unwrap();
        for op in &ops {
            apply(&mut board, op);
            let kept = unknowns::model::plan::plan_cached(&board, today, 7, &mut cache);
            prop_assert_eq!(kept, unknowns::model::plan::plan_with(&board, today, 7));
        }
    }

    #[test]
    fn every_operation_keeps_the_invariants_and_the_file_round_trips(ops in prop::collection::vec(op(), 0..40)) {
        let mut board = Board::new("props");
        for op in &ops {
            apply(&mut board, op);
            prop_assert_eq!(board.validate(), Ok(()));
            // Titles are always one clean line.
            for q in board.questions() {
                prop_assert!(!q.title.is_empty());
                prop_assert!(!q.title.chars().any(char::is_control));
            }
            // Lanes partition the open questions.
            let lanes = board.lanes();
            let open = board.questions().iter().filter(|q| q.is_open()).count();
            prop_assert_eq!(lanes.iter().map(Vec::len).sum::<usize>(), open);
        }
        let text = format::write(&board);
        prop_assert_eq!(format::parse(text.as_bytes()).unwrap(), board);
    }

    #[test]
    fn any_bytes_load_as_a_board_or_a_positioned_error(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        match format::parse(&bytes) {
            Ok(board) => prop_assert_eq!(board.validate(), Ok(())),
            Err(e) => prop_assert!(e.line >= 1 && e.col >= 1),
        }
    }

    #[test]
    fn mutated_boards_never_panic_the_loader(cut in 0usize..2000, flip in 0usize..2000, byte in any::<u8>()) {
        let mut bytes = unknowns::store::DEMO_BOARD.as_bytes().to_vec();
        let at = flip % bytes.len();
        bytes[at] = byte;
        bytes.truncate(cut.max(1) * bytes.len() / 2000);
        let _ = format::parse(&bytes);
    }
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    #[test]
    fn merging_keeps_both_sides_and_the_invariants(
        start in prop::collection::vec(op(), 0..15),
        mine in prop::collection::vec(op(), 0..15),
        yours in prop::collection::vec(op(), 0..15),
    ) {
        use unknowns::model::merge::merge;
        let (base, ours, theirs) = sides(&start, &mine, &yours, now());
        let m = merge(&ours, &base, &theirs, now());
        prop_assert_eq!(m.board.validate(), Ok(()));
        // One side unchanged: the merge is the other side.
        prop_assert_eq!(&merge(&ours, &base, &base, now()).board, &ours);
        prop_assert_eq!(&merge(&base, &base, &theirs, now()).board, &theirs);
        // Every question either side added is there (ours perhaps under a new number):
        // questions are told apart by their keys.
        let keys = |b: &Board| -> std::collections::HashSet<String> {
            b.questions().iter().filter_map(|q| q.key.clone()).collect()
        };
        let (base_keys, our_keys, their_keys, merged_keys) =
            (keys(&base), keys(&ours), keys(&theirs), keys(&m.board));
        for k in our_keys.union(&their_keys).filter(|k| !base_keys.contains(*k)) {
            prop_assert!(merged_keys.contains(k), "added question {} lost", k);
        }
        // The merge survives a save and a load.
        let text = format::write(&m.board);
        prop_assert_eq!(format::parse(text.as_bytes()).unwrap(), m.board);
    }
}

/// A question as a merge must agree on whichever side is called ours: every field, with what
/// it waits on named by key (numbers may differ), and its conflicts as a set.
fn by_key(b: &Board) -> std::collections::BTreeMap<String, String> {
    let key_of: std::collections::HashMap<u32, String> = b
        .questions()
        .iter()
        .map(|q| (q.id, q.key.clone().unwrap_or_else(|| format!("#{}", q.id))))
        .collect();
    b.questions()
        .iter()
        .map(|q| {
            let mut q = (**q).clone();
            let mut after: Vec<String> = q.after.iter().map(|a| key_of[a].clone()).collect();
            after.sort();
            let mut conflicts: Vec<String> = q.conflicts.iter().map(|c| format!("{c:?}")).collect();
            conflicts.sort();
            // The history of renumbering depends on which side was renumbered.
            q.history
                .retain(|e| !matches!(e.change, unknowns::model::Change::Renumbered { .. }));
            let key = key_of[&q.id].clone();
            q.id = 0;
            q.after.clear();
            q.conflicts.clear();
            (
                key,
                format!("{q:?} after {after:?} conflicts {conflicts:?}"),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    /// Two clones from one base, merged both ways as git would: nothing either side added
    /// or changed is lost, and the two results hold the same questions and fields.
    #[test]
    fn shared_merges_lose_nothing_and_agree_both_ways(
        start in prop::collection::vec(op(), 0..12),
        mine in prop::collection::vec(op(), 0..12),
        yours in prop::collection::vec(op(), 0..12),
        same_time in any::<bool>(),
    ) {
        use unknowns::model::merge::{Shared, merge_shared};
        // The other clone works later (or at the very same moment).
        let (base, ours, theirs) =
            sides(&start, &mine, &yours, if same_time { now() } else { later() });
        let one = merge_shared(&ours, &base, &theirs, Shared::Unknown, now());
        let other = merge_shared(&theirs, &base, &ours, Shared::Unknown, now());
        prop_assert_eq!(one.board.validate(), Ok(()));
        prop_assert_eq!(other.board.validate(), Ok(()));
        prop_assert_eq!(by_key(&one.board), by_key(&other.board));
        // Every question either side has (and did not delete unchanged) is there.
        let merged = by_key(&one.board);
        for side in [&ours, &theirs] {
            for q in side.questions() {
                let key = q.key.clone().unwrap_or_else(|| format!("#{}", q.id));
                let in_base = base.questions().iter().find(|b| b.key == q.key && b.id == q.id);
                let deleted_elsewhere = in_base.is_some_and(|b| **b == **q);
                prop_assert!(merged.contains_key(&key) || deleted_elsewhere, "lost {}", key);
            }
        }
        // What a field held on the side that lost it is still there, as a conflict.
        for c in &one.conflicts {
            let recorded = match c.id {
                0 => &one.board.conflicts[..],
                id => &one.board.get(id).unwrap().conflicts[..],
            };
            prop_assert!(recorded.iter().any(|k| k.field == c.field), "{:?}", c);
        }
        let text = format::write(&one.board);
        prop_assert_eq!(format::parse(text.as_bytes()).unwrap(), one.board);
    }
}

/// What the streaming loader makes of some bytes: the board it read, if it read one.
fn streamed(bytes: &[u8]) -> Option<Board> {
    match format::parse_stream(bytes).unwrap() {
        format::Streamed::Board(b, hash) => {
            assert_eq!(
                hash,
                unknowns::hash::stable_hash(bytes),
                "the hash of what was read"
            );
            Some(b)
        }
        format::Streamed::Whole => None,
    }
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    /// A board read a question at a time is the board read whole.
    #[test]
    fn streaming_reads_what_a_whole_read_reads(ops in prop::collection::vec(op(), 0..30)) {
        let mut board = Board::new("props \"quoted\" [brackets] (and) {braces}, commas // not a comment");
        for op in &ops {
            apply(&mut board, op);
        }
        let text = format::write(&board);
        let whole = format::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(streamed(text.as_bytes()), Some(whole));
    }

    /// Whatever the bytes, the streaming loader either reads the same board a whole read
    /// does, or leaves it to the whole read.
    #[test]
    fn streaming_never_reads_a_different_board(cut in 0usize..2000, flip in 0usize..2000, byte in any::<u8>()) {
        let mut bytes = unknowns::store::DEMO_BOARD.as_bytes().to_vec();
        let at = flip % bytes.len();
        bytes[at] = byte;
        bytes.truncate(cut.max(1) * bytes.len() / 2000);
        if let Some(board) = streamed(&bytes) {
            prop_assert_eq!(format::parse(&bytes), Ok(board));
        }
    }
}

#[test]
fn streaming_reads_hand_written_forms_or_leaves_them_to_the_whole_read() {
    let forms = [
        "\u{feff}(version: 1, questions: [(id: 1, title: \"a\", lane: Blocking)])",
        "// a comment\n(\n  /* block */ questions: [\n    // one\n    (id: 1, title: \"a (b]\", lane: Blocking),\n    Question(id: 2, title: \"c\", lane: Interesting, after: [1]),\n  ],\n  title: \"after the list\",\n  version: 1,\n)",
        "(version: 1, questions: [])",
        "(version: 1)",
        "(questions: [(id: 1, title: r\"raw\", lane: Blocking)])",
        "#![enable(implicit_some)]\n(questions: [(id: 1, title: \"a\", lane: Blocking, owner: \"x\")])",
        "(version: 1, questions: [(id: 1, title: \"a\", lane: Blocking), (id: 1, title: \"dup\", lane: Blocking)])",
        "(version: 9, questions: [])",
    ];
    // Comments, a named question, and fields in another order still stream.
    assert!(streamed(forms[1].as_bytes()).is_some());
    assert!(streamed(unknowns::store::DEMO_BOARD.as_bytes()).is_some());
    for text in forms {
        let whole = format::parse(text.as_bytes());
        match streamed(text.as_bytes()) {
            Some(board) => assert_eq!(whole, Ok(board), "{text}"),
            None => assert!(
                whole.is_err()
                    || text.contains('#')
                    || text.contains("r\"")
                    || !text.contains("questions"),
                "{text} should stream: {whole:?}"
            ),
        }
    }
}
