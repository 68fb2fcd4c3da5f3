//! Properties of the model over random sequences of operations. Cases are bounded for CI;
//! `PROPTEST_CASES=5000 cargo test --test model_props` runs a heavier search.

mod common;
use common::now;

use proptest::prelude::*;
use unknowns::format;
use unknowns::model::{Board, Door, Lane, Question, QuestionEdit};

#[derive(Clone, Debug)]
enum Op {
    Add(String, usize),
    Move(usize, usize, usize),
    Decide(usize, String),
    Dissolve(usize),
    Reopen(usize),
    Remove(usize),
    /// An edit of one question: which fields (a bit each), the text they take, what it
    /// waits on, the door and a revisit date (days from now).
    Edit {
        at: usize,
        fields: u16,
        text: String,
        after: Vec<usize>,
        one_way: bool,
        days: i64,
    },
}

/// The fields an edit can change, a bit each in [`Op::Edit`]'s `fields`: the editor's own.
use unknowns::model::Field;

fn op() -> impl Strategy<Value = Op> {
    let text = "[a-z \\n\\t\\u{1b}é数🚀\"\\\\]{0,12}";
    prop_oneof![
        3 => (text, 0..3usize).prop_map(|(t, l)| Op::Add(t, l)),
        2 => (any::<usize>(), 0..3usize, 0..8usize).prop_map(|(i, l, p)| Op::Move(i, l, p)),
        1 => (any::<usize>(), text).prop_map(|(i, t)| Op::Decide(i, t)),
        1 => any::<usize>().prop_map(Op::Dissolve),
        1 => any::<usize>().prop_map(Op::Reopen),
        1 => any::<usize>().prop_map(Op::Remove),
        3 => (
            any::<usize>(),
            1u16..(1 << Field::EDITED.len()),
            text,
            prop::collection::vec(any::<usize>(), 0..3),
            any::<bool>(),
            -5i64..20,
        )
            .prop_map(|(at, fields, text, after, one_way, days)| Op::Edit {
                at,
                fields,
                text,
                after,
                one_way,
                days,
            }),
    ]
}

fn pick(board: &Board, i: usize) -> Option<u32> {
    (!board.questions().is_empty()).then(|| board.questions()[i % board.questions().len()].id)
}

/// Which operations took effect, by name, over a whole run of cases: a property whose
/// strategy never reaches an operation (one that always fails) says nothing of it, and fails.
#[derive(Default)]
struct Reached(std::sync::Mutex<std::collections::BTreeMap<&'static str, usize>>);

impl Reached {
    fn count(&self, what: &'static str) {
        *self.0.lock().unwrap().entry(what).or_default() += 1;
    }

    /// Fails unless each of `names` was reached at least once.
    fn assert_all(&self, names: &[&str]) {
        let reached = self.0.lock().unwrap();
        for name in names {
            assert!(
                reached.get(name).copied().unwrap_or(0) > 0,
                "never reached: {name} (reached: {reached:?})"
            );
        }
    }
}

/// Every operation, and every field an edit changes.
const OPERATIONS: [&str; 7] = [
    "add", "move", "decide", "dissolve", "reopen", "remove", "edit",
];

/// Runs a property over `cases` random cases; returns what it reached.
fn run_counted<S: Strategy>(
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value, &Reached) -> Result<(), TestCaseError>,
) -> Reached {
    let reached = Reached::default();
    let mut runner = proptest::test_runner::TestRunner::new(common::proptest_config(cases));
    if let Err(e) = runner.run(&strategy, |value| test(value, &reached)) {
        panic!("{e}");
    }
    reached
}

fn apply(board: &mut Board, op: &Op) {
    apply_at(board, op, now(), None);
}

/// A base made by `start`, and two sides grown from it: ours by `mine` (now), theirs by
/// `yours` at `their_time`.
fn sides(
    start: &[Op],
    mine: &[Op],
    yours: &[Op],
    their_time: jiff::Timestamp,
    reached: Option<&Reached>,
) -> (Board, Board, Board) {
    let mut base = Board::new("props");
    for op in start {
        apply_at(&mut base, op, now(), reached);
    }
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for op in mine {
        apply_at(&mut ours, op, now(), reached);
    }
    for op in yours {
        apply_at(&mut theirs, op, their_time, reached);
    }
    (base, ours, theirs)
}

/// An hour after [`now`]: when the other clone works.
fn later() -> jiff::Timestamp {
    now() + jiff::SignedDuration::from_hours(1)
}

/// Applies one operation; what took effect is counted in `reached`.
fn apply_at(board: &mut Board, op: &Op, now: jiff::Timestamp, reached: Option<&Reached>) {
    let (name, done): (&'static str, bool) = match op.clone() {
        Op::Add(t, l) => ("add", board.add(&t, Lane::ALL[l], now).is_ok()),
        Op::Move(i, l, p) => (
            "move",
            pick(board, i).is_some_and(|id| board.move_to(id, Lane::ALL[l], p, now).is_ok()),
        ),
        Op::Decide(i, t) => (
            "decide",
            pick(board, i).is_some_and(|id| board.decide(id, &t, now).is_ok()),
        ),
        Op::Dissolve(i) => (
            "dissolve",
            pick(board, i).is_some_and(|id| board.dissolve(id, "", now).is_ok()),
        ),
        Op::Reopen(i) => (
            "reopen",
            pick(board, i).is_some_and(|id| board.reopen(id, now).is_ok()),
        ),
        Op::Remove(i) => (
            "remove",
            pick(board, i).is_some_and(|id| board.remove(id).is_ok()),
        ),
        Op::Edit {
            at,
            fields,
            text,
            after,
            one_way,
            days,
        } => match pick(board, at) {
            Some(id) => {
                let mut e = QuestionEdit::of(board.get(id).unwrap());
                let on = |f: Field| {
                    fields & (1 << Field::EDITED.iter().position(|x| *x == f).unwrap()) != 0
                };
                if on(Field::Title) && !text.trim().is_empty() {
                    e.title = text.clone();
                }
                if on(Field::Known) {
                    e.known = text.clone();
                }
                if on(Field::Stakes) {
                    e.stakes = text.clone();
                }
                if on(Field::NextStep) {
                    e.next_step = text.clone();
                }
                if on(Field::Owner) {
                    e.owner = Some(text.as_str().into());
                }
                if on(Field::Door) {
                    e.door = if one_way { Door::OneWay } else { Door::TwoWay };
                }
                if on(Field::After) {
                    e.after = after.iter().filter_map(|&a| pick(board, a)).collect();
                }
                if on(Field::Revisit) {
                    e.revisit = "2026-11-24"
                        .parse::<jiff::civil::Date>()
                        .ok()
                        .and_then(|d| d.checked_add(jiff::Span::new().days(days)).ok());
                }
                if on(Field::Tags) {
                    e.tags = text.split(' ').map(Into::into).collect();
                }
                ("edit", board.apply_edit(id, e, now).is_ok())
            }
            None => ("edit", false),
        },
    };
    if done && let Some(r) = reached {
        r.count(name);
    }
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

}

/// Bytes a loader meets: random ones, and a board written by the program with a few bytes
/// changed or cut short.
fn loader_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..200),
        3 => (
            prop::collection::vec(op(), 0..12),
            prop::collection::vec((any::<usize>(), any::<u8>()), 0..2),
            prop_oneof![Just(usize::MAX), any::<usize>()],
        )
            .prop_map(|(ops, flips, cut)| {
                let mut board = Board::new("fuzzed");
                for op in &ops {
                    apply(&mut board, op);
                }
                let mut bytes = format::write(&board).into_bytes();
                for (at, byte) in flips {
                    let n = bytes.len();
                    bytes[at % n] = byte;
                }
                if cut != usize::MAX {
                    bytes.truncate(cut % (bytes.len() + 1));
                }
                bytes
            }),
    ]
}

/// Any bytes load as a board that reads back the same, or fail at a line and column of the
/// text; both branches are reached.
#[test]
fn any_bytes_load_as_a_board_or_a_positioned_error() {
    let reached = run_counted(1000, loader_input(), |bytes, reached| {
        match format::parse(&bytes) {
            Ok(board) => {
                reached.count("loaded");
                prop_assert_eq!(board.validate(), Ok(()));
                prop_assert_eq!(format::parse(format::write(&board).as_bytes()), Ok(board));
            }
            Err(e) => {
                reached.count("refused");
                let text = String::from_utf8_lossy(&bytes);
                let lines = text.split('\n').count();
                prop_assert!(
                    e.line >= 1 && e.line <= lines,
                    "line {} of {}",
                    e.line,
                    lines
                );
                prop_assert!(e.col >= 1);
            }
        }
        Ok(())
    });
    reached.assert_all(&["loaded", "refused"]);
}

/// Three sequences of operations: the base, ours, theirs.
fn three_sides() -> impl Strategy<Value = (Vec<Op>, Vec<Op>, Vec<Op>, bool)> {
    (
        prop::collection::vec(op(), 0..15),
        prop::collection::vec(op(), 0..15),
        prop::collection::vec(op(), 0..15),
        any::<bool>(),
    )
}

#[test]
fn merging_keeps_both_sides_and_the_invariants() {
    use unknowns::model::merge::merge;
    let reached = run_counted(200, three_sides(), |(start, mine, yours, _), reached| {
        let (base, ours, theirs) = sides(&start, &mine, &yours, now(), Some(reached));
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
        for k in our_keys
            .union(&their_keys)
            .filter(|k| !base_keys.contains(*k))
        {
            reached.count("an added question kept");
            prop_assert!(merged_keys.contains(k), "added question {} lost", k);
        }
        // The merge survives a save and a load.
        let text = format::write(&m.board);
        prop_assert_eq!(format::parse(text.as_bytes()).unwrap(), m.board);
        Ok(())
    });
    reached.assert_all(&OPERATIONS);
    reached.assert_all(&["an added question kept"]);
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

/// Two clones from one base, merged both ways as git would: nothing either side added or
/// changed is lost, the two results hold the same questions and fields, and every field both
/// changed differently is recorded as a conflict with the value that lost.
#[test]
fn shared_merges_lose_nothing_record_every_conflict_and_agree_both_ways() {
    use unknowns::model::merge::{Shared, merge_shared};
    let reached = run_counted(
        200,
        three_sides(),
        |(start, mine, yours, same_time), reached| {
            // The other clone works later (or at the very same moment).
            let their_time = if same_time { now() } else { later() };
            let (base, ours, theirs) = sides(&start, &mine, &yours, their_time, Some(reached));
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
                    let in_base = base
                        .questions()
                        .iter()
                        .find(|b| b.key == q.key && b.id == q.id);
                    let deleted_elsewhere = in_base.is_some_and(|b| **b == **q);
                    prop_assert!(
                        merged.contains_key(&key) || deleted_elsewhere,
                        "lost {}",
                        key
                    );
                }
            }
            // Every field both sides changed differently is a conflict: the merged question
            // holds one value and records the other, and the merge names it.
            let by = |b: &Board| -> std::collections::HashMap<String, std::sync::Arc<Question>> {
                b.questions()
                    .iter()
                    .filter_map(|q| Some((q.key.clone()?, q.clone())))
                    .collect()
            };
            let (b_qs, o_qs, t_qs, m_qs) = (by(&base), by(&ours), by(&theirs), by(&one.board));
            for (key, bq) in &b_qs {
                let (Some(oq), Some(tq)) = (o_qs.get(key), t_qs.get(key)) else {
                    continue;
                };
                let mq = &m_qs[key];
                for field in Field::ONE_VALUE {
                    let (bv, ov, tv) = (field.text(bq), field.text(oq), field.text(tq));
                    if ov == bv || tv == bv || ov == tv {
                        continue;
                    }
                    reached.count("a field changed differently on both sides");
                    let held = field.text(mq);
                    prop_assert!(
                        held == ov || held == tv,
                        "#{} {} holds {:?}",
                        mq.id,
                        field,
                        held
                    );
                    let other = if held == ov { &tv } else { &ov };
                    prop_assert!(
                        mq.conflicts
                            .iter()
                            .any(|c| c.field == field && c.value == *other),
                        "#{} {}: {:?} set aside without a conflict: {:?}",
                        mq.id,
                        field,
                        other,
                        mq.conflicts
                    );
                    prop_assert!(
                        one.conflicts
                            .iter()
                            .any(|c| c.id == mq.id && c.field == field),
                        "the merge names #{} {}",
                        mq.id,
                        field
                    );
                }
            }
            // What the merge names is recorded.
            for c in &one.conflicts {
                let recorded = match c.id {
                    0 => &one.board.conflicts[..],
                    id => &one.board.get(id).unwrap().conflicts[..],
                };
                prop_assert!(recorded.iter().any(|k| k.field == c.field), "{:?}", c);
            }
            let text = format::write(&one.board);
            prop_assert_eq!(format::parse(text.as_bytes()).unwrap(), one.board);
            Ok(())
        },
    );
    reached.assert_all(&OPERATIONS);
    reached.assert_all(&["a field changed differently on both sides"]);
}
