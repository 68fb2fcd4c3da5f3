//! The order of operations, key by key: for each key of each section's order, questions that
//! tie on every key but that one, in the exact order `next` gives them (the plan, the text
//! and the JSON), down to the last tie-break, the lane. A lead reads this order aloud in a
//! meeting: each rule is named in the README and guarded here.

mod common;

use common::*;
use jiff::civil::Date;
use proptest::prelude::*;
use unknowns::model::plan::{Plan, SectionKind, plan};
use unknowns::model::{Board, Door, Lane, Question};

fn today() -> Date {
    "2026-11-24".parse().unwrap()
}

fn day(offset: i64) -> Date {
    today().checked_add(jiff::Span::new().days(offset)).unwrap()
}

/// A question for a hand-made board: lane, door, revisit and prerequisites set after.
fn q(id: u32, lane: Lane) -> Question {
    Question::new(id, format!("q{id}"), lane)
}

fn one_way(mut q: Question) -> Question {
    q.door = Door::OneWay;
    q
}

fn revisit(mut q: Question, offset: i64) -> Question {
    q.revisit = Some(day(offset));
    q
}

fn after(mut q: Question, ids: &[u32]) -> Question {
    q.after = ids.to_vec();
    q
}

/// A board of these questions, in this board order (lane positions follow it).
fn board(questions: Vec<Question>) -> Board {
    let mut b = Board::new("order");
    for q in questions {
        b.push(q);
    }
    assert_eq!(b.validate(), Ok(()));
    b
}

fn section(p: &Plan, kind: SectionKind) -> Vec<u32> {
    p.section(kind).iter().map(|i| i.id).collect()
}

/// The order `next` gives a section, as the plan, the text and the JSON have it.
fn next_order(b: &Board, kind: SectionKind, key: &str, title: &str) -> Vec<u32> {
    let from_plan = section(&plan(b, today()), kind);
    let (_dir, path) = temp_board();
    unknowns::store::save(&path, b).unwrap();
    let (ok, json, err) = run_cli(
        &path,
        &["next", "--format", "json", "--today", "2026-11-24"],
    );
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let from_json: Vec<u32> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .map(|s| {
            s["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_u64().unwrap() as u32)
                .collect()
        })
        .unwrap_or_default();
    let (ok, text, err) = run_cli(&path, &["next", "--today", "2026-11-24"]);
    assert!(ok, "{err}");
    let from_text: Vec<u32> = text
        .split("\n\n")
        .find(|block| block.starts_with(title))
        .map(|block| {
            block
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix('#'))
                .filter_map(|l| l.split_whitespace().next()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(from_plan, from_json, "the plan and the JSON agree");
    assert_eq!(from_plan, from_text, "the plan and the text agree:\n{text}");
    from_plan
}

fn resolve_now(b: &Board) -> Vec<u32> {
    next_order(b, SectionKind::ResolveNow, "resolve_now", "Resolve now")
}

#[test]
fn resolve_now_puts_the_bottleneck_first() {
    // #1 comes first on the board; #2 unblocks one question (#3, waiting on it).
    let b = board(vec![
        q(1, Lane::Blocking),
        q(2, Lane::Blocking),
        after(q(3, Lane::Blocking), &[2]),
    ]);
    assert_eq!(resolve_now(&b), [2, 1]);
}

#[test]
fn resolve_now_then_one_way_doors() {
    let b = board(vec![q(1, Lane::Blocking), one_way(q(2, Lane::Blocking))]);
    assert_eq!(resolve_now(&b), [2, 1]);
}

#[test]
fn resolve_now_then_the_earliest_revisit_date() {
    // Both dates have come (a date to come would defer the question); one with no date last.
    let b = board(vec![
        q(1, Lane::Blocking),
        revisit(q(2, Lane::Blocking), -1),
        revisit(q(3, Lane::Blocking), -5),
    ]);
    assert_eq!(resolve_now(&b), [3, 2, 1]);
}

#[test]
fn resolve_now_then_the_position_in_the_lane() {
    // #2 is above #1 in the lane: the lane's order, not the number.
    let b = board(vec![q(2, Lane::Blocking), q(1, Lane::Blocking)]);
    assert_eq!(resolve_now(&b), [2, 1]);
}

#[test]
fn resolve_now_last_the_lane_blocking_before_uncomfortable() {
    // Each first in its lane, each unblocking one blocking question, both two-way, no dates:
    // the blocking one comes first, whatever the numbers.
    let b = board(vec![
        q(1, Lane::Uncomfortable),
        q(2, Lane::Blocking),
        after(q(3, Lane::Blocking), &[1]),
        after(q(4, Lane::Blocking), &[2]),
    ]);
    assert_eq!(resolve_now(&b), [2, 1]);
    // And uncomfortable before interesting.
    let b = board(vec![
        q(1, Lane::Interesting),
        q(2, Lane::Uncomfortable),
        after(q(3, Lane::Blocking), &[1]),
        after(q(4, Lane::Blocking), &[2]),
    ]);
    assert_eq!(resolve_now(&b), [2, 1]);
}

fn waiting(b: &Board) -> Vec<u32> {
    next_order(b, SectionKind::Waiting, "waiting", "Waiting")
}

#[test]
fn waiting_in_the_order_they_become_resolvable() {
    // #3 is one step from resolvable, #2 two: #3 first though #2 is above it.
    let b = board(vec![
        q(1, Lane::Blocking),
        after(q(2, Lane::Blocking), &[3]),
        after(q(3, Lane::Blocking), &[1]),
    ]);
    assert_eq!(waiting(&b), [3, 2]);
}

#[test]
fn waiting_then_the_bottleneck_then_doors_dates_position_and_lane() {
    // One step each; #3 unblocks one (#4).
    let b = board(vec![
        q(1, Lane::Blocking),
        after(q(2, Lane::Blocking), &[1]),
        after(q(3, Lane::Blocking), &[1]),
        after(q(4, Lane::Blocking), &[3]),
    ]);
    assert_eq!(waiting(&b)[..2], [3, 2]);
    // Doors.
    let b = board(vec![
        q(1, Lane::Blocking),
        after(q(2, Lane::Blocking), &[1]),
        one_way(after(q(3, Lane::Blocking), &[1])),
    ]);
    assert_eq!(waiting(&b), [3, 2]);
    // Dates.
    let b = board(vec![
        q(1, Lane::Blocking),
        revisit(after(q(2, Lane::Blocking), &[1]), -1),
        revisit(after(q(3, Lane::Blocking), &[1]), -3),
    ]);
    assert_eq!(waiting(&b), [3, 2]);
    // Position in the lane.
    let b = board(vec![
        q(1, Lane::Blocking),
        after(q(3, Lane::Blocking), &[1]),
        after(q(2, Lane::Blocking), &[1]),
    ]);
    assert_eq!(waiting(&b), [3, 2]);
    // The lane last: an uncomfortable question a blocking one waits on, waiting itself, and
    // a blocking one, each first in its lane.
    let b = board(vec![
        after(q(3, Lane::Blocking), &[1]),
        q(1, Lane::Blocking),
        after(q(2, Lane::Uncomfortable), &[1]),
        after(q(4, Lane::Blocking), &[2]),
        after(q(5, Lane::Blocking), &[3]),
    ]);
    assert_eq!(waiting(&b)[..2], [3, 2]);
}

#[test]
fn decide_in_motion_and_parked_due_first_then_position() {
    let b = board(vec![
        q(1, Lane::Uncomfortable),
        revisit(q(2, Lane::Uncomfortable), -2),
        q(3, Lane::Interesting),
        revisit(q(4, Lane::Interesting), 0),
        q(5, Lane::Uncomfortable),
    ]);
    assert_eq!(
        next_order(
            &b,
            SectionKind::DecideInMotion,
            "decide_in_motion",
            "Decide in motion"
        ),
        [2, 1, 5]
    );
    assert_eq!(
        next_order(&b, SectionKind::Parked, "parked", "Parked on purpose"),
        [4, 3]
    );
}

#[test]
fn can_wait_due_first_then_the_earliest_date_then_position() {
    let b = board(vec![
        one_way(q(1, Lane::Uncomfortable)),
        one_way(revisit(q(2, Lane::Uncomfortable), -1)),
        one_way(revisit(q(3, Lane::Uncomfortable), -4)),
        one_way(q(4, Lane::Uncomfortable)),
    ]);
    assert_eq!(
        next_order(&b, SectionKind::CanWait, "can_wait", "Can wait"),
        [3, 2, 1, 4]
    );
}

#[test]
fn deferred_by_the_date_they_come_back_then_position() {
    let b = board(vec![
        revisit(q(1, Lane::Blocking), 9),
        revisit(q(2, Lane::Interesting), 3),
        revisit(q(3, Lane::Uncomfortable), 9),
        revisit(q(4, Lane::Blocking), 9),
    ]);
    // #1 and #3 are first in their lanes: Blocking before Uncomfortable; #4 is second.
    assert_eq!(
        next_order(&b, SectionKind::Deferred, "deferred", "Deferred"),
        [2, 1, 3, 4]
    );
}

fn random_board() -> impl Strategy<Value = Board> {
    let question = (
        0..3usize,
        any::<bool>(),
        prop::collection::vec(0..12u32, 0..2),
        prop::option::of(-3i64..3),
    );
    prop::collection::vec(question, 1..12).prop_map(|qs| {
        let n = qs.len() as u32;
        let mut b = Board::new("random");
        for (i, (lane, one, waits, date)) in qs.into_iter().enumerate() {
            let id = i as u32 + 1;
            let mut x = q(id, Lane::ALL[lane]);
            if one {
                x.door = Door::OneWay;
            }
            x.revisit = date.map(day);
            // Only on earlier questions: no cycles, so every key is in play.
            x.after = waits
                .into_iter()
                .filter(|_| id > 1)
                .map(|a| a % (id - 1) + 1)
                .collect();
            x.after.dedup();
            let _ = n;
            b.push(x);
        }
        b
    })
}

/// Steps until an item can be resolved (0 outside Waiting).
fn steps(item: &unknowns::model::plan::Item) -> u32 {
    match item.why {
        unknowns::model::plan::Why::Waiting { steps, .. } => steps,
        _ => 0,
    }
}

/// In one section, two questions equal on every key before the lane are in lane order:
/// Blocking never follows Uncomfortable, Uncomfortable never follows Interesting. The random
/// boards must reach such pairs, or the property says nothing: it counts them.
#[test]
fn at_equal_earlier_keys_the_lane_decides() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let compared = AtomicUsize::new(0);
    // A fixed seed: which boards are tried, and so whether they reach a pair, is the same on
    // every run (a random seed left it to chance, about once in a few hundred runs).
    let mut runner = proptest::test_runner::TestRunner::new_with_rng(
        common::proptest_config(300),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    runner
        .run(&random_board(), |b| {
            let p = plan(&b, today());
            let position = |id: u32| b.lane_position(id).map(|(_, pos)| pos);
            for s in &p.sections {
                for (k, x) in s.items.iter().enumerate() {
                    for y in &s.items[k + 1..] {
                        let (qx, qy) = (b.get(x.id).unwrap(), b.get(y.id).unwrap());
                        let same_keys = x.unblocks == y.unblocks
                            && steps(x) == steps(y)
                            && qx.door == qy.door
                            && qx.revisit == qy.revisit
                            && position(x.id) == position(y.id);
                        if same_keys && qx.lane != qy.lane {
                            compared.fetch_add(1, Ordering::Relaxed);
                            prop_assert!(
                                qx.lane.index() < qy.lane.index(),
                                "#{} ({:?}) before #{} ({:?}) in {:?}",
                                x.id,
                                qx.lane,
                                y.id,
                                qy.lane,
                                s.kind
                            );
                        }
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    assert!(
        compared.load(Ordering::Relaxed) > 0,
        "the random boards never put two lanes at equal keys"
    );
}
