//! The planner, rule by rule, on small named boards (tests/fixtures/plan/*.ron), and its
//! properties on random boards.

mod common;

use std::collections::HashSet;

use jiff::civil::Date;
use proptest::prelude::*;
use unknowns::format;
use unknowns::model::plan::{Plan, SectionKind, WarningKind, plan};
use unknowns::model::{Board, Door, Lane, Question, Status};

fn today() -> Date {
    "2026-11-24".parse().unwrap()
}

fn fixture(name: &str) -> Board {
    let path = format!(
        "{}/tests/fixtures/plan/{name}.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    format::parse(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{path}:{e}"))
}

fn ids(plan: &Plan, kind: SectionKind) -> Vec<u32> {
    plan.section(kind).iter().map(|i| i.id).collect()
}

fn reason(plan: &Plan, id: u32) -> String {
    plan.find(id).unwrap().1.reason()
}

#[test]
fn the_bottleneck_comes_first_and_says_what_it_unblocks() {
    let p = plan(&fixture("bottleneck"), today());
    assert_eq!(ids(&p, SectionKind::ResolveNow), [1, 4]);
    assert_eq!(
        reason(&p, 1),
        "unblocks 4: #2, #3, #5, #6; two-way door: make a call and revisit"
    );
    assert_eq!(p.find(1).unwrap().1.unblocks, 4);
    assert_eq!(reason(&p, 4), "two-way door: make a call and revisit");
}

#[test]
fn waiting_questions_are_in_the_order_they_become_resolvable() {
    let p = plan(&fixture("bottleneck"), today());
    // #2 and #3 are one step away (#2 first: it unblocks more), then #5, then #6.
    assert_eq!(ids(&p, SectionKind::Waiting), [2, 3, 5, 6]);
    assert_eq!(reason(&p, 2), "after #1");
    assert!(
        reason(&p, 6).starts_with("after #5; 3 steps from resolvable"),
        "{}",
        reason(&p, 6)
    );
    assert!(
        reason(&p, 5).contains("#6 (blocking) waits on it"),
        "{}",
        reason(&p, 5)
    );
}

#[test]
fn one_way_doors_then_earliest_revisit_then_lane_position() {
    let p = plan(&fixture("doors"), today());
    assert_eq!(ids(&p, SectionKind::ResolveNow), [3, 2, 1]);
    assert_eq!(reason(&p, 3), "one-way door: agree deliberately");
    assert!(reason(&p, 2).contains("revisit date 2026-11-20 has come"));
}

#[test]
fn a_prerequisite_of_a_blocker_is_blocking_whatever_its_lane() {
    let p = plan(&fixture("prerequisite_of_a_blocker"), today());
    assert_eq!(ids(&p, SectionKind::ResolveNow), [2, 3]);
    assert_eq!(
        reason(&p, 2),
        "unblocks 1: #1; uncomfortable, but #1 (blocking) waits on it; two-way door: make a call and revisit"
    );
    assert_eq!(ids(&p, SectionKind::Waiting), [1]);
    assert_eq!(reason(&p, 1), "after #2, #3");
    assert_eq!(ids(&p, SectionKind::Parked), [4]);
    let w = p
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::BlockingWaitsOnParked)
        .expect("a warning about the parked prerequisite");
    assert_eq!(w.ids, [1, 3]);
    assert!(w.message.contains("move #3 to Blocking"), "{}", w.message);
}

#[test]
fn every_other_section_by_its_rule() {
    let p = plan(&fixture("sections"), today());
    assert_eq!(ids(&p, SectionKind::ResolveNow), [7]);
    assert_eq!(ids(&p, SectionKind::Waiting), [8]);
    assert_eq!(ids(&p, SectionKind::DecideInMotion), [1]);
    assert_eq!(ids(&p, SectionKind::CanWait), [3, 2], "due ones first");
    assert_eq!(ids(&p, SectionKind::Parked), [4]);
    assert_eq!(
        ids(&p, SectionKind::Deferred),
        [6, 5],
        "the earliest date first"
    );
    assert_eq!(
        reason(&p, 6),
        "deferred until 2026-12-01 (in 7 days): decide with better evidence"
    );
    assert!(reason(&p, 3).starts_with("due: revisit date 2026-11-20 has come"));
    assert!(p.find(9).is_none(), "resolved questions never appear");
    // On the day, a deferred question returns to its section.
    let later = plan(&fixture("sections"), "2026-12-01".parse().unwrap());
    assert!(ids(&later, SectionKind::ResolveNow).contains(&6));
    assert_eq!(ids(&later, SectionKind::Deferred), [5]);
}

#[test]
fn a_cycle_is_named_and_never_hangs() {
    let p = plan(&fixture("cycle"), today());
    let cycle = p
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::Cycle)
        .unwrap();
    assert!(
        cycle.message.contains("#3 → #5 → #9 → #3"),
        "{}",
        cycle.message
    );
    assert_eq!(cycle.ids, [3, 5, 9]);
    assert_eq!(ids(&p, SectionKind::ResolveNow), Vec::<u32>::new());
    let waiting = ids(&p, SectionKind::Waiting);
    assert_eq!(waiting.len(), 4);
    assert!(
        reason(&p, 5).contains("in a cycle: #5 → #9 → #3 → #5"),
        "{}",
        reason(&p, 5)
    );
}

#[test]
fn warnings_name_the_questions_and_the_fix() {
    let p = plan(&fixture("warnings"), today());
    let find = |kind| p.warnings.iter().find(|w| w.kind == kind).unwrap();
    assert_eq!(find(WarningKind::OneWayWithoutOwner).ids, [1]);
    assert!(
        find(WarningKind::OneWayWithoutOwner)
            .message
            .contains("name who drives")
    );
    assert_eq!(find(WarningKind::NoNextStep).ids, [2]);
    let stale = find(WarningKind::Stale);
    assert_eq!(stale.ids, [3]);
    assert!(stale.message.contains("#3 (10 days)"), "{}", stale.message);
    let noise = find(WarningKind::TooMuchBlocking);
    assert!(
        noise
            .message
            .starts_with("8 of 9 open questions are blocking; which can the team move with?")
    );
    // A calm board has no warnings.
    assert!(plan(&fixture("doors"), today()).warnings.is_empty());
}

#[test]
fn the_demo_board_reads_as_an_order_of_operations() {
    let board = format::parse(unknowns::store::DEMO_BOARD.as_bytes()).unwrap();
    let p = plan(&board, today());
    let now = ids(&p, SectionKind::ResolveNow);
    // #3 (month-end volume) is uncomfortable, but two blocking questions wait on it.
    assert_eq!(now.first(), Some(&3), "{p:#?}");
    assert!(reason(&p, 3).contains("(blocking) waits on it"));
    assert!(!p.section(SectionKind::Parked).is_empty());
}

// Properties on random boards.

fn random_board() -> impl Strategy<Value = Board> {
    let question = (
        0..3usize,
        any::<bool>(),
        0..4usize,
        prop::collection::vec(0..30u32, 0..3),
        any::<bool>(),
        -10i32..10,
    );
    prop::collection::vec(question, 0..30).prop_map(|qs| {
        let mut board = Board::new("random");
        let n = qs.len() as u32;
        for (i, (lane, one_way, status, after, has_revisit, days)) in qs.into_iter().enumerate() {
            let id = i as u32 + 1;
            let mut q = Question::new(id, format!("q{id}"), Lane::ALL[lane]);
            q.door = if one_way { Door::OneWay } else { Door::TwoWay };
            q.status = match status {
                0 => Status::Decided,
                1 => Status::Dissolved,
                _ => Status::Open,
            };
            // Any other question, cycles included.
            q.after = after
                .into_iter()
                .filter(|_| n > 1)
                .map(|a| a % n + 1)
                .filter(|&a| a != id)
                .collect();
            q.after.dedup();
            if has_revisit {
                q.revisit = Some(
                    today()
                        .checked_add(jiff::Span::new().days(days as i64))
                        .unwrap(),
                );
            }
            board.push(q);
        }
        board
    })
}

proptest! {
    #![proptest_config(common::proptest_config(300))]

    #[test]
    fn plans_keep_their_promises(board in random_board()) {
        prop_assert_eq!(board.validate(), Ok(()));
        let p = plan(&board, today());
        // Every open question exactly once; resolved ones never.
        let mut seen = HashSet::new();
        for (_, item) in p.items() {
            prop_assert!(seen.insert(item.id), "#{} twice", item.id);
            prop_assert!(board.get(item.id).unwrap().is_open());
            prop_assert!(!item.reason().is_empty());
        }
        let open = board.questions().iter().filter(|q| q.is_open()).count();
        prop_assert_eq!(seen.len(), open);
        // The k-th item, found by section, is the k-th in reading order; each is found by id.
        for (k, (kind, item)) in p.items().enumerate() {
            prop_assert_eq!(p.item(k), Some((kind, item)));
            prop_assert_eq!(p.position(item.id), Some(k));
            prop_assert_eq!(p.find(item.id), Some((kind, item)));
        }
        prop_assert_eq!(p.item(open), None);
        for q in board.questions().iter().filter(|q| !q.is_open()) {
            prop_assert_eq!(p.find(q.id), None);
        }
        // Nothing in Resolve now has an open prerequisite (so none comes before one it waits on).
        for item in p.section(SectionKind::ResolveNow) {
            let q = board.get(item.id).unwrap();
            for a in &q.after {
                prop_assert!(!board.get(*a).unwrap().is_open(), "#{} waits on open #{}", item.id, a);
            }
        }
        // `unblocks` is exactly the number of open questions that wait on it, directly or not.
        for (_, item) in p.items() {
            let mut seen = HashSet::new();
            let mut stack = vec![item.id];
            while let Some(id) = stack.pop() {
                for q in board.questions().iter().filter(|q| q.is_open() && q.after.contains(&id)) {
                    if q.id != item.id && seen.insert(q.id) {
                        stack.push(q.id);
                    }
                }
            }
            prop_assert_eq!(item.unblocks as usize, seen.len(), "#{}", item.id);
        }
        // Deterministic.
        prop_assert_eq!(plan(&board, today()), p.clone());
        // Cycle members are reported.
        for w in p.warnings.iter().filter(|w| w.kind == WarningKind::Cycle) {
            prop_assert!(w.ids.len() >= 2);
        }
    }

    #[test]
    fn every_question_on_a_cycle_is_in_a_cycle_warning(n in 2u32..12) {
        // A ring: #1 after #2 after … after #n after #1.
        let mut board = Board::new("ring");
        for id in 1..=n {
            let mut q = Question::new(id, "r", Lane::Blocking);
            q.after = vec![id % n + 1];
            board.push(q);
        }
        let p = plan(&board, today());
        let w = p.warnings.iter().find(|w| w.kind == WarningKind::Cycle).unwrap();
        prop_assert_eq!(w.ids.len(), n as usize);
    }
}

#[test]
fn a_long_chain_does_not_overflow_the_stack() {
    let mut board = Board::new("chain");
    for id in 1..=50_000u32 {
        let mut q = Question::new(id, "c", Lane::Blocking);
        if id > 1 {
            q.after = vec![id - 1];
        }
        board.push(q);
    }
    let p = plan(&board, today());
    assert_eq!(ids(&p, SectionKind::ResolveNow), [1]);
    assert_eq!(p.find(1).unwrap().1.unblocks, 49_999);
}

#[test]
fn a_warning_about_many_questions_names_six_and_keeps_its_advice() {
    let mut board = Board::new("many");
    for id in 1..=40 {
        let mut q = Question::new(id, format!("question {id}"), Lane::Blocking);
        q.updated = Some("2026-11-01T09:00:00Z".parse().unwrap());
        board.push(q);
    }
    let p = plan(&board, today());
    let stale = p
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::Stale)
        .unwrap();
    assert_eq!(stale.ids.len(), 40, "every question is in its ids");
    assert_eq!(
        stale.message,
        "blocking and untouched for 7 days or more: #1 (23 days), #2 (23 days), #3 (23 days), \
         #4 (23 days), #5 (23 days), #6 (23 days) and 34 more: move them forward, or ask whether \
         they still block"
    );
    let no_step = p
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::NoNextStep)
        .unwrap();
    assert!(
        no_step
            .message
            .contains("#6 and 34 more: write what happens next"),
        "{}",
        no_step.message
    );
}

#[test]
fn only_blocking_questions_that_are_not_deferred_make_what_they_wait_on_urgent() {
    let mut b = Board::new("t");
    // An uncomfortable question only another uncomfortable one waits on: decide in motion.
    b.push(Question::new(1, "q1", Lane::Uncomfortable));
    let mut q2 = Question::new(2, "q2", Lane::Uncomfortable);
    q2.after = [1].into_iter().collect();
    b.push(q2);
    // One only a deferred blocking question waits on: not urgent either.
    b.push(Question::new(3, "q3", Lane::Uncomfortable));
    let mut q4 = Question::new(4, "q4", Lane::Blocking);
    q4.after = [3].into_iter().collect();
    q4.revisit = Some("2026-12-24".parse().unwrap());
    b.push(q4);
    let p = plan(&b, today());
    assert!(
        ids(&p, SectionKind::ResolveNow).is_empty(),
        "{:?}",
        p.sections
    );
    assert_eq!(ids(&p, SectionKind::DecideInMotion), [1, 2, 3]);
    assert_eq!(ids(&p, SectionKind::Deferred), [4]);
}

#[test]
fn two_titles_set_at_once_are_warned_with_both() {
    let mut b = Board::new("Ledger migration");
    b.push(Question::new(1, "q1", Lane::Blocking));
    b.conflicts.push(unknowns::model::FieldConflict {
        field: unknowns::model::Field::Title,
        value: "Ledger cut-over".into(),
        by: None,
        at: None,
    });
    let p = plan(&b, today());
    let w = p
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::Conflicts)
        .expect("a warning");
    assert!(w.message.contains("\"Ledger migration\""), "{}", w.message);
    assert!(w.message.contains("\"Ledger cut-over\""), "{}", w.message);
}

#[test]
fn too_much_blocking_is_more_than_half_or_more_than_seven() {
    let board_of = |blocking: u32, others: u32| {
        let mut b = Board::new("t");
        for id in 1..=blocking {
            b.push(Question::new(id, format!("b{id}"), Lane::Blocking));
        }
        for id in blocking + 1..=blocking + others {
            b.push(Question::new(id, format!("u{id}"), Lane::Uncomfortable));
        }
        b
    };
    let warned = |b: &Board| {
        plan(b, today())
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::TooMuchBlocking)
    };
    assert!(!warned(&board_of(0, 0)), "an empty board");
    assert!(!warned(&board_of(2, 2)), "half is not more than half");
    assert!(warned(&board_of(3, 2)), "3 of 5");
    assert!(!warned(&board_of(7, 13)), "7 of 20");
    assert!(warned(&board_of(8, 13)), "8 of 21: more than seven");
    let p = plan(&board_of(3, 1), today());
    let w = p
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::TooMuchBlocking)
        .unwrap();
    assert!(
        w.message.starts_with("3 of 4 open questions are blocking"),
        "{}",
        w.message
    );
}
