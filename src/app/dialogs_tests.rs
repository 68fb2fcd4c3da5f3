//! The dialogs over a screen: delete's question, the help, quitting.

use super::tests::{app_with, between_keys, demo_app, drawn, keys, now, on_screen, resize};
use super::*;

#[test]
fn delete_asks_first() {
    let mut app = app_with(&[("a", Lane::Blocking)]);
    keys(&mut app, "<del>n");
    assert_eq!(app.session.board.questions().len(), 1);
    keys(&mut app, "<del>y");
    assert!(app.session.board.questions().is_empty());
    keys(&mut app, "u");
    assert_eq!(app.session.board.questions().len(), 1);
}

/// Delete's question names every question that waits on the one deleted, open and resolved,
/// in board order: from the plan, and by a look at every question while a filter hides some.
#[test]
fn delete_names_open_and_resolved_waiters_in_board_order() {
    let mut app = app_with(&[
        ("a", Lane::Blocking),
        ("b", Lane::Blocking),
        ("c", Lane::Uncomfortable),
        ("d", Lane::Interesting),
        ("e", Lane::Blocking),
    ]);
    for id in [2, 3, 4] {
        app.session.board.question_mut(id).unwrap().after = vec![1];
    }
    app.session.board.decide(3, "done", now()).unwrap();
    app.refresh();
    let asked = |app: &mut App| {
        app.select_id(1);
        keys(app, "<del>");
        let Mode::ConfirmDelete { waiting, .. } = &app.mode else {
            panic!("{:?}", app.mode)
        };
        let waiting = waiting.clone();
        keys(app, "n");
        waiting
    };
    assert_eq!(asked(&mut app), vec![2, 3, 4]);
    keys(&mut app, "fa<enter>");
    assert!(app.filter.is_some());
    assert_eq!(asked(&mut app), vec![2, 3, 4]);
    // While a new plan is on its way, every question is looked at.
    app.derived.planning = true;
    assert_eq!(asked(&mut app), vec![2, 3, 4]);
}

/// On a big board, while a new plan is on its way, what waits on the question is found
/// between keys; the dialog says it is looking until then.
#[test]
fn delete_on_a_big_board_finds_the_waiters_between_keys() {
    let n = 2 * super::normal::DELETE_SLICE as u32 + 5;
    let mut board = Board::new("big");
    for k in 1..=n {
        let mut q = crate::model::Question::new(k, format!("question {k}"), Lane::Uncomfortable);
        if k == 2 || k == n {
            q.after = vec![1];
        }
        board.push(q);
    }
    let mut app = on_screen(board, "big.ron");
    app.derived.planning = true;
    app.select_id(1);
    keys(&mut app, "<del>");
    let screen = |app: &App| drawn(app, 120, 40);
    assert!(app.pending_between_keys());
    assert!(screen(&app).contains("looking for what waits on it"));
    between_keys(&mut app);
    let Mode::ConfirmDelete { waiting, .. } = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(*waiting, vec![2, n]);
    let shown = screen(&app);
    assert!(shown.contains("wait on it:"), "{shown}");
    assert!(!shown.contains("looking for"), "{shown}");
    keys(&mut app, "y");
    assert!(app.session.board.get(1).is_none());
}

#[test]
fn help_lists_the_keys_of_the_mode_it_was_opened_from_and_returns_to_it() {
    let mut app = app_with(&[("a", Lane::Blocking)]);
    keys(&mut app, "e<f1>");
    assert_eq!(app.context(), Context::Help);
    assert_eq!(app.help_context(), Context::Editor);
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Editor);
    keys(&mut app, "<esc>?");
    assert_eq!(app.help_context(), Context::Board);
    keys(&mut app, "q");
    assert_eq!(app.context(), Context::Board);
    assert!(!app.should_quit, "q closes help, it does not quit");
}

#[test]
fn quit_asks_the_edges_to_leave() {
    let mut app = app_with(&[]);
    assert_eq!(keys(&mut app, "q"), vec![Effect::Quit]);
    let mut app = app_with(&[]);
    assert_eq!(keys(&mut app, "<c-c>"), vec![Effect::Quit]);
}

/// Help at 120x40 shows every key of the board at once, in columns by group (undo and quit
/// included), and no column starts with the rest of a description cut from its key.
#[test]
fn help_fits_a_120x40_screen_in_columns_by_group() {
    let mut app = demo_app();
    resize(&mut app, 120, 40);
    for context in [Context::Board, Context::Next, Context::Resolved] {
        let layout = app.help_layout(context);
        assert_eq!(layout.last(), 0, "{context:?} scrolls at 120x40");
        assert!(layout.columns.len() >= 2 || context != Context::Board);
        for column in &layout.columns {
            assert!(!matches!(
                column.first(),
                Some(crate::geometry::HelpLine::More(_))
            ));
        }
    }
    keys(&mut app, "?");
    let shown = drawn(&app, 120, 40);
    for words in [
        "undo",
        "redo",
        "quit",
        "Moving",
        "Changing",
        "Team and the program",
    ] {
        assert!(shown.contains(words), "{words}: {shown}");
    }
    assert!(!shown.contains("more"), "{shown}");
}
