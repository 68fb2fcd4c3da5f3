//! A big board's plan made in the background: the keystroke never waits for it, an answer to
//! an older request is never taken, and the selection stays on its question.

use super::tests::{app_with, now};
use super::*;

/// An app that plans every board in the background, as a big one is.
fn planned_in_background(titles: &[(&str, Lane)]) -> App {
    let mut app = app_with(titles);
    app.background_plans = true;
    app.plan_inline_max = 0;
    app
}

fn plan_job(effects: &[Effect]) -> Option<PlanJob> {
    effects.iter().find_map(|e| match e {
        Effect::Plan(job) => Some((**job).clone()),
        _ => None,
    })
}

fn answer(app: &mut App, job: &PlanJob) {
    let plan = plan::plan_with(&job.board, job.today, job.stale_days);
    app.update(
        Action::Planned {
            number: job.number,
            plan: Box::new(plan),
        },
        now(),
    );
}

#[test]
fn a_change_asks_for_a_plan_and_takes_only_the_newest_answer() {
    let mut app = planned_in_background(&[("one", Lane::Blocking), ("two", Lane::Uncomfortable)]);
    let before = app.derived.plan.clone();
    let first = plan_job(&app.update(Action::SendTo(Lane::Interesting), now()))
        .expect("a change asks for a plan");
    // The keystroke did not plan: the old plan stays on screen, marked as catching up.
    assert_eq!(app.derived.plan, before);
    assert!(app.derived.planning);
    assert_eq!(first.board, app.session.board);
    // The header counts the board, not the plan a change behind.
    assert_eq!(app.derived.open, 2);

    app.update(Action::FocusRight, now());
    let second = plan_job(&app.update(Action::SendTo(Lane::Blocking), now()))
        .expect("the second change asks again");
    assert!(second.number > first.number);

    // The answer to the first request comes late: it is of an older board, and ignored.
    answer(&mut app, &first);
    assert_eq!(app.derived.plan, before);
    assert!(app.derived.planning);

    answer(&mut app, &second);
    assert!(!app.derived.planning);
    assert_eq!(
        app.derived.plan,
        plan::plan_with(&app.session.board, app.today, app.stale_days)
    );
    // Moving the selection changes nothing that is planned.
    assert!(plan_job(&app.update(Action::SelectDown, now())).is_none());
}

#[test]
fn the_selection_in_next_steps_stays_on_its_question_when_the_plan_comes() {
    let mut app = planned_in_background(&[
        ("one", Lane::Blocking),
        ("two", Lane::Blocking),
        ("three", Lane::Blocking),
    ]);
    app.update(Action::SwitchView, now());
    app.update(Action::SelectDown, now());
    app.update(Action::SelectDown, now());
    let chosen = app.selected_id().unwrap();
    // The top question is sent away: in the new plan the chosen one stands higher.
    app.update(Action::SelectFirst, now());
    let job = plan_job(&app.update(Action::SendTo(Lane::Uncomfortable), now())).unwrap();
    app.update(Action::SelectLast, now());
    assert_eq!(app.selected_id(), Some(chosen));
    answer(&mut app, &job);
    assert_eq!(app.selected_id(), Some(chosen));
    assert_eq!(app.nav.next_selected, 1);
}

#[test]
fn small_boards_are_planned_within_the_keystroke() {
    let mut app = app_with(&[("one", Lane::Blocking)]);
    app.background_plans = true;
    let effects = app.update(Action::SendTo(Lane::Interesting), now());
    assert!(plan_job(&effects).is_none());
    assert!(!app.derived.planning);
    assert_eq!(
        app.derived.plan,
        plan::plan_with(&app.session.board, app.today, app.stale_days)
    );
}

/// A filter changes what is shown, not the board: it narrows the plan there is and asks for
/// no new one (on a big board each letter of a filter asked for a whole plan).
#[test]
fn a_filter_narrows_the_plan_and_asks_for_no_new_one() {
    let mut app = planned_in_background(&[("ledger one", Lane::Blocking), ("two", Lane::Blocking)]);
    app.refresh();
    let job = plan_job(&app.update(Action::Tick, now())).expect("the first plan is asked for");
    answer(&mut app, &job);
    assert_eq!(app.derived.next().len(), 2);
    let mut asked = super::tests::keys(&mut app, "fledger<enter>");
    assert_eq!(
        app.derived.lanes[0].len(),
        1,
        "the board narrowed as it is typed"
    );
    // Next steps is narrowed when it is shown.
    asked.extend(app.update(Action::SwitchView, now()));
    assert_eq!(app.nav.view, View::Next);
    assert_eq!(app.derived.next().len(), 1);
    asked.extend(app.update(Action::ClearFilters, now()));
    assert!(app.filter.is_none());
    assert_eq!(app.derived.next().len(), 2);
    assert!(plan_job(&asked).is_none(), "{asked:?}");
    assert!(!app.derived.planning);
}

/// The app the TUI starts is made unplanned: its first update works everything out as of its
/// time, on any day, once (and a big board's plan is asked of the planner then).
#[test]
fn an_app_made_unplanned_is_worked_out_by_its_first_update_on_any_day() {
    for day in ["2026-01-01T09:00:00Z", "2026-11-24T09:00:00Z"] {
        let mut board = Board::new("t");
        board.add("a", Lane::Blocking, now()).unwrap();
        board.add("b", Lane::Interesting, now()).unwrap();
        let mut app = App::unplanned(board.clone(), "t.ron");
        assert!(app.derived.lanes.iter().all(Vec::is_empty));
        assert!(app.derived.plan.is_empty());
        app.update(
            Action::Resize {
                width: 120,
                height: 40,
            },
            day.parse().unwrap(),
        );
        assert_eq!(app.derived.lanes[0], vec![1], "{day}");
        assert_eq!(app.derived.plan.len(), 2, "{day}");

        let mut app = App::unplanned(board, "t.ron");
        app.background_plans = true;
        app.plan_inline_max = 0;
        let effects = app.update(Action::Tick, day.parse().unwrap());
        let job = plan_job(&effects).expect("the plan asked of the planner");
        assert_eq!(job.today.to_string(), day[..10], "as of the update's day");
        assert_eq!(app.derived.lanes[2], vec![2]);
    }
}
