//! Needed-by dates: a commitment's date flows down to what it waits on, orders questions the
//! other rules leave level, and warns before it is too late.

mod common;

use std::collections::HashMap;

use jiff::civil::Date;
use proptest::prelude::*;
use unknowns::model::plan::{Plan, SectionKind, WarningKind, plan};
use unknowns::model::{Board, Lane, Question, Status};

/// A Monday.
fn today() -> Date {
    "2026-12-07".parse().unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn q(id: u32, lane: Lane, after: &[u32], needed: Option<&str>) -> Question {
    let mut q = Question::new(id, format!("q{id}"), lane);
    q.after = after.to_vec();
    q.needed_by = needed.map(d);
    q
}

fn board(questions: Vec<Question>) -> Board {
    let mut b = Board::new("dates");
    for q in questions {
        b.push(q);
    }
    b
}

fn needed(p: &Plan, id: u32) -> Option<(Date, Option<u32>)> {
    p.find(id).unwrap().1.needed_by.map(|n| (n.date, n.source))
}

#[test]
fn a_date_flows_down_to_everything_it_waits_on_the_earliest_winning() {
    // #3 (needed 12-18) waits on #2, which waits on #1; #4 (needed 12-10) waits on #1 too.
    let b = board(vec![
        q(1, Lane::Blocking, &[], None),
        q(2, Lane::Blocking, &[1], None),
        q(3, Lane::Blocking, &[2], Some("2026-12-18")),
        q(4, Lane::Uncomfortable, &[1], Some("2026-12-10")),
        q(5, Lane::Blocking, &[], None),
    ]);
    let p = plan(&b, today());
    assert_eq!(needed(&p, 3), Some((d("2026-12-18"), None)), "its own");
    assert_eq!(needed(&p, 2), Some((d("2026-12-18"), Some(3))));
    assert_eq!(
        needed(&p, 1),
        Some((d("2026-12-10"), Some(4))),
        "the earliest"
    );
    assert_eq!(needed(&p, 5), None);
    let reason = p.find(1).unwrap().1.reason();
    assert!(reason.ends_with("needed by Thu 12-10 for #4"), "{reason}");
    assert!(
        p.find(3)
            .unwrap()
            .1
            .reason()
            .ends_with("needed by Fri 12-18"),
        "own date, no source"
    );
}

#[test]
fn a_cycle_shares_its_earliest_date_and_does_not_loop() {
    let b = board(vec![
        q(1, Lane::Blocking, &[2], None),
        q(2, Lane::Blocking, &[1], Some("2026-12-20")),
        q(3, Lane::Blocking, &[1], Some("2026-12-15")),
    ]);
    let p = plan(&b, today());
    assert_eq!(needed(&p, 1), Some((d("2026-12-15"), Some(3))));
    assert_eq!(needed(&p, 2), Some((d("2026-12-15"), Some(3))));
}

#[test]
fn among_questions_otherwise_level_the_earlier_date_comes_first() {
    // Four blocking questions, nothing between them: board order would be 1, 2, 3, 4.
    let b = board(vec![
        q(1, Lane::Blocking, &[], None),
        q(2, Lane::Blocking, &[], Some("2026-12-20")),
        q(3, Lane::Blocking, &[], None),
        q(4, Lane::Blocking, &[], Some("2026-12-11")),
    ]);
    let p = plan(&b, today());
    let order: Vec<u32> = p
        .section(SectionKind::ResolveNow)
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(order, [4, 2, 1, 3]);
    // The bottleneck still comes first: what unblocks more beats a date.
    let b = board(vec![
        q(1, Lane::Blocking, &[], None),
        q(2, Lane::Blocking, &[1], None),
        q(3, Lane::Blocking, &[], Some("2026-12-08")),
    ]);
    let p = plan(&b, today());
    assert_eq!(p.section(SectionKind::ResolveNow)[0].id, 1);
}

#[test]
fn dates_warn_before_it_is_too_late() {
    let mut deferred = q(21, Lane::Uncomfortable, &[], None);
    deferred.revisit = Some(d("2026-12-15"));
    let b = board(vec![
        // Overdue: its date passed while open; #2 inherits it.
        q(1, Lane::Blocking, &[2], Some("2026-12-04")),
        q(2, Lane::Blocking, &[], None),
        // Deferred past the date #20 needs it by.
        deferred,
        q(20, Lane::Blocking, &[21], Some("2026-12-10")),
        // Five open questions in a chain, two working days before the date.
        q(30, Lane::Blocking, &[], None),
        q(31, Lane::Blocking, &[30], None),
        q(32, Lane::Blocking, &[31], None),
        q(33, Lane::Blocking, &[32], None),
        q(34, Lane::Blocking, &[33], Some("2026-12-09")),
    ]);
    let p = plan(&b, today());
    let said = |kind: WarningKind| -> Vec<String> {
        p.warnings
            .iter()
            .filter(|w| w.kind == kind)
            .map(|w| w.message.clone())
            .collect()
    };
    let overdue = said(WarningKind::Overdue);
    assert_eq!(overdue.len(), 1);
    assert!(
        overdue[0].contains("#1 (needed by Fri 12-04)")
            && overdue[0].contains("#2 (needed by Fri 12-04 for #1)"),
        "{overdue:?}"
    );
    assert_eq!(
        said(WarningKind::DeferredPastNeeded),
        [
            "#21 deferred to Tue 12-15, but #20 needs it by Thu 12-10: bring the revisit date forward"
        ]
    );
    let chains = said(WarningKind::ChainTooLong);
    assert_eq!(chains.len(), 1, "{chains:?}");
    assert!(
        chains[0].starts_with(
            "#34 is needed by Wed 12-09: 5 open questions stand in its chain, with 2 working days"
        ),
        "{chains:?}"
    );
    // A date far enough away says nothing.
    let b = board(vec![
        q(1, Lane::Blocking, &[], None),
        q(2, Lane::Blocking, &[1], Some("2027-03-01")),
    ]);
    assert!(plan(&b, today()).warnings.iter().all(|w| !matches!(
        w.kind,
        WarningKind::Overdue | WarningKind::ChainTooLong | WarningKind::DeferredPastNeeded
    )));
}

/// Random boards with dates, cycles and resolved questions.
fn dated_board() -> impl Strategy<Value = Board> {
    let question = (
        0..3usize,
        0..4usize,
        prop::collection::vec(0..20u32, 0..3),
        prop::option::of(0i64..30),
    );
    prop::collection::vec(question, 1..20).prop_map(|qs| {
        let n = qs.len() as u32;
        let mut b = Board::new("random");
        for (i, (lane, status, after, days)) in qs.into_iter().enumerate() {
            let id = i as u32 + 1;
            let mut q = Question::new(id, format!("q{id}"), Lane::ALL[lane]);
            q.status = if status == 0 {
                Status::Decided
            } else {
                Status::Open
            };
            q.after = after
                .into_iter()
                .map(|a| a % n + 1)
                .filter(|&a| a != id)
                .collect();
            q.after.dedup();
            q.needed_by = days.map(|k| today().checked_add(jiff::Span::new().days(k)).unwrap());
            b.push(q);
        }
        b
    })
}

/// Each open question's needed-by date by brute force: the earliest own date among itself
/// and every open question that waits on it, directly or not.
fn by_hand(b: &Board) -> HashMap<u32, Option<Date>> {
    let open: Vec<&Question> = b
        .questions()
        .iter()
        .filter(|q| q.is_open())
        .map(|q| &**q)
        .collect();
    let is_open = |id: u32| open.iter().any(|q| q.id == id);
    let mut out = HashMap::new();
    for q in &open {
        let mut seen = vec![q.id];
        let mut todo = vec![q.id];
        while let Some(at) = todo.pop() {
            for w in &open {
                if w.after.contains(&at) && is_open(at) && !seen.contains(&w.id) {
                    seen.push(w.id);
                    todo.push(w.id);
                }
            }
        }
        let earliest = seen
            .iter()
            .filter_map(|id| open.iter().find(|o| o.id == *id).unwrap().needed_by)
            .min();
        out.insert(q.id, earliest);
    }
    out
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    #[test]
    fn inheritance_is_the_minimum_over_every_dependent(b in dated_board()) {
        let p = plan(&b, today());
        for (id, expected) in by_hand(&b) {
            let got = p.find(id).unwrap().1.needed_by.map(|n| n.date);
            prop_assert_eq!(got, expected, "#{}", id);
        }
    }

    #[test]
    fn removing_a_date_never_makes_anything_earlier(b in dated_board(), pick in 0..20usize) {
        let before = plan(&b, today());
        let mut fewer = b.clone();
        let ids: Vec<u32> = fewer.questions().iter().map(|q| q.id).collect();
        let id = ids[pick % ids.len()];
        let _ = fewer.edit(id, jiff::Timestamp::UNIX_EPOCH, |e| e.needed_by = None);
        let after = plan(&fewer, today());
        for (_, item) in after.items() {
            let was = before.find(item.id).unwrap().1.needed_by.map_or(Date::MAX, |n| n.date);
            let now = item.needed_by.map_or(Date::MAX, |n| n.date);
            prop_assert!(now >= was, "#{} got earlier", item.id);
        }
    }
}
