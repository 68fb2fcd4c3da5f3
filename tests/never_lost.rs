//! Nothing is lost: the app never goes down on what the board's data does, and never loses a word. Driven
//! through actions and drawn on ratatui's TestBackend; no terminal.

mod common;
use common::now;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unknowns::app::{Action, App};
use unknowns::model::{Board, Lane};
use unknowns::ui;

fn render(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize { width, height }, now());
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::view(app, f)).unwrap();
    ui::buffer_text(terminal.backend().buffer())
}

fn board_of(titles: &[(&str, Lane)]) -> Board {
    let mut board = Board::new("trust");
    for (t, lane) in titles {
        board.add(t, *lane, now()).unwrap();
    }
    board
}

fn press(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(a.clone(), now());
    }
}

/// Another writer's board lands while the app shows a question that it no longer has.
fn delete_elsewhere(app: &mut App, id: u32) {
    let mut theirs = app.session.board.clone();
    theirs.remove(id).unwrap();
    lands(app, theirs);
}

/// The watcher reports a newer look at the file holding `theirs`.
fn lands(app: &mut App, theirs: Board) {
    let seen = app.session.disk_seen + 1;
    app.update(
        Action::DiskChanged {
            seen,
            board: Ok(theirs),
        },
        now(),
    );
}

#[test]
fn a_zoomed_question_deleted_elsewhere_closes_the_zoom_and_says_so() {
    let board = board_of(&[
        ("First question", Lane::Blocking),
        ("Second", Lane::Blocking),
    ]);
    let mut app = App::new(board.clone(), "b.ron");
    app.session.base = board;
    press(&mut app, &[Action::Present, Action::Zoom]);
    assert_eq!(app.zoom().map(|z| z.id), Some(1));
    delete_elsewhere(&mut app, 1);
    let screen = render(&mut app, 100, 30);
    assert!(!screen.contains("First question"), "{screen}");
    assert_ne!(
        app.zoom().map(|z| z.id),
        Some(1),
        "the zoom left the deleted question"
    );
    assert!(screen.contains("#1 was deleted elsewhere"), "{screen}");
}

#[test]
fn the_detail_of_a_question_deleted_elsewhere_is_not_looked_up_forever() {
    let board = board_of(&[("Only one", Lane::Blocking)]);
    let mut app = App::new(board.clone(), "b.ron");
    app.session.base = board;
    // The next-step view's detail pane and the review both look the selection up by id.
    press(&mut app, &[Action::SwitchView]);
    delete_elsewhere(&mut app, 1);
    let screen = render(&mut app, 120, 40);
    assert!(!screen.contains("Only one"), "{screen}");
    assert_eq!(app.question(1), None);
}

#[test]
fn deep_and_cyclic_prerequisite_chains_never_overflow_the_stack() {
    // 20,000 questions each waiting on the one before, and a cycle through all of them: planned
    // and drawn on a thread with a small stack, where any recursion per link would overflow.
    let mut text = String::from("(version: 1, questions: [\n");
    let n = 20_000u32;
    for id in 1..=n {
        let after = if id == 1 { n } else { id - 1 };
        text.push_str(&format!(
            "(id: {id}, title: \"q{id}\", lane: Blocking, after: [{after}]),\n"
        ));
    }
    text.push_str("])");
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let board = unknowns::format::parse(text.as_bytes()).unwrap();
            let plan = unknowns::model::plan::plan(&board, "2026-11-24".parse().unwrap());
            assert!(!plan.warnings.is_empty(), "the cycle is named");
            let warning = &plan.warnings[0].message;
            assert!(warning.contains("… 19994 more → #1"), "{warning}");
            assert!(warning.len() < 300, "a long cycle is named in short");
            let mut app = App::new(board, "deep.ron");
            press(&mut app, &[Action::SwitchView]);
            render(&mut app, 120, 40)
        })
        .unwrap()
        .join();
    let screen = result.expect("no overflow");
    assert!(screen.contains("cycle"), "{screen}");
}

/// An app whose saves fail (a full disk): a change is made, the saver reports the failure.
fn failing_app() -> App {
    let board = board_of(&[("Kept in memory", Lane::Blocking)]);
    let mut app = App::new(board.clone(), "b.ron");
    app.session.base = board;
    press(&mut app, &[Action::ToggleDoor]);
    let generation = app.session.generation;
    app.update(
        Action::Saved {
            generation,
            seen: 1,
            result: Err(unknowns::app::SaveError::Write {
                kind: std::io::ErrorKind::StorageFull,
                message: "No space left on device (os error 28)".into(),
            }),
        },
        now(),
    );
    app
}

/// The saver reports the app's newest board written.
fn saved_ok(app: &mut App) -> Vec<unknowns::app::Effect> {
    let generation = app.session.generation;
    let board = app.session.board.clone();
    app.update(
        Action::Saved {
            generation,
            seen: 2,
            result: Ok(board),
        },
        now(),
    )
}

#[test]
fn r_in_the_quit_dialog_retries_and_leaves_once_saved() {
    let mut app = failing_app();
    press(&mut app, &[Action::Quit]);
    assert!(matches!(app.mode, unknowns::app::Mode::ConfirmQuit));
    // The key the dialog names: r.
    let r = crossterm::event::Event::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('r'),
        crossterm::event::KeyModifiers::NONE,
    ));
    let action = app.keymap.translate(app.context(), r).unwrap();
    let effects = app.update(action, now());
    assert!(
        effects.contains(&unknowns::app::Effect::Save),
        "{effects:?}"
    );
    assert!(!matches!(app.mode, unknowns::app::Mode::ConfirmQuit));
    let effects = saved_ok(&mut app);
    assert!(
        effects.contains(&unknowns::app::Effect::Quit),
        "{effects:?}"
    );
}

#[test]
fn a_later_successful_save_clears_not_saved_and_the_dialog() {
    let mut app = failing_app();
    press(&mut app, &[Action::Quit]);
    // The timer's retry, in the background, succeeds while the dialog is open.
    let effects = app.update(Action::RetryDue, now());
    assert!(effects.contains(&unknowns::app::Effect::Save));
    assert!(
        matches!(app.mode, unknowns::app::Mode::ConfirmQuit),
        "a timer is not a key"
    );
    let effects = saved_ok(&mut app);
    // Everything is on disk: the quit that was asked for goes ahead.
    assert!(
        effects.contains(&unknowns::app::Effect::Quit),
        "{effects:?}"
    );
    let screen = render(&mut app, 120, 30);
    assert!(!screen.contains("NOT SAVED"), "{screen}");

    // Without a quit under way, the status line says it is saved now.
    let mut app = failing_app();
    saved_ok(&mut app);
    let screen = render(&mut app, 120, 30);
    assert!(!screen.contains("NOT SAVED"), "{screen}");
    assert!(screen.contains("saved again"), "{screen}");
}

#[test]
fn a_read_only_board_refuses_changes_and_says_so() {
    let board = board_of(&[("Look but do not touch", Lane::Blocking)]);
    let mut app = App::new(board.clone(), "b.ron");
    app.session.base = board.clone();
    app.read_only = true;
    for action in [
        Action::ToggleDoor,
        Action::MoveRight,
        Action::SendTo(Lane::Interesting),
        Action::Add,
        Action::Edit,
        Action::Decide,
        Action::Grab,
        Action::Delete,
        Action::Undo,
    ] {
        let effects = app.update(action.clone(), now());
        assert!(effects.is_empty(), "{action:?}: {effects:?}");
        assert!(app.on_screen(), "{action:?}");
        assert_eq!(app.session.board, board, "{action:?}");
        let screen = render(&mut app, 120, 30);
        assert!(screen.contains("READ-ONLY"), "{screen}");
        assert!(screen.contains("opened read-only"), "{action:?}: {screen}");
    }
    // Looking around still works.
    press(&mut app, &[Action::SwitchView]);
    assert_eq!(app.nav.view, unknowns::app::View::Next);
    // Whatever path a change takes (here an add line opened before), it is refused.
    app.read_only = false;
    press(
        &mut app,
        &[Action::SwitchView, Action::SwitchView, Action::Add],
    );
    app.read_only = true;
    press(
        &mut app,
        &[Action::Paste("sneaked in".into()), Action::Submit],
    );
    assert_eq!(app.session.board, board);
    let screen = render(&mut app, 120, 30);
    assert!(screen.contains("opened read-only"), "{screen}");
}

/// Types text as key events through the keymap, as a user would.
fn type_text(app: &mut App, text: &str) {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        if let Some(action) = app.keymap.translate(app.context(), event) {
            app.update(action, now());
        }
    }
}

/// Another writer (signed `who`) changes a question's field on disk; the app merges it in.
fn edited_elsewhere(
    app: &mut App,
    id: u32,
    who: &str,
    f: impl FnOnce(&mut unknowns::model::QuestionEdit),
) {
    let mut theirs = app.session.base.clone();
    let before = theirs.clone();
    theirs.edit(id, now(), f).unwrap();
    theirs.sign(&before, who);
    lands(app, theirs);
}

fn editing_app() -> App {
    let board = board_of(&[("Which ledger?", Lane::Blocking)]);
    let mut app = App::new(board.clone(), "b.ron");
    app.session.base = board;
    app.user = Some("me".into());
    press(&mut app, &[Action::Edit]);
    assert!(matches!(app.mode, unknowns::app::Mode::Editor(_)));
    app
}

#[test]
fn saving_the_editor_keeps_another_writer_s_change_to_a_different_field() {
    let mut app = editing_app();
    edited_elsewhere(&mut app, 1, "ana", |e| {
        e.stakes = "Refunds double-book.".into()
    });
    type_text(&mut app, " Postgres or Oracle");
    press(&mut app, &[Action::Save]);
    let q = app.session.board.get(1).unwrap();
    assert_eq!(q.title, "Which ledger? Postgres or Oracle");
    assert_eq!(
        q.stakes, "Refunds double-book.",
        "the other writer's stakes stay"
    );
    assert!(
        !q.history.iter().any(|e| matches!(&e.change, unknowns::model::Change::Edited { field, .. } if *field == unknowns::model::Field::Stakes) && e.by.as_deref() == Some("me")),
        "the history does not say I erased them: {:?}",
        q.history
    );
}

#[test]
fn the_same_field_changed_on_both_sides_takes_the_user_s_text_and_says_whose_it_replaced() {
    let mut app = editing_app();
    edited_elsewhere(&mut app, 1, "ana", |e| e.title = "Ana's title".into());
    // The editor still shows the title as it was when it opened; the user replaces it.
    type_text(&mut app, "!");
    press(&mut app, &[Action::Save]);
    let q = app.session.board.get(1).unwrap().clone();
    assert_eq!(q.title, "Which ledger?!");
    let screen = render(&mut app, 160, 30);
    assert!(screen.contains("your title replaced ana's"), "{screen}");
    assert!(
        q.history.iter().any(|e| matches!(&e.change, unknowns::model::Change::Edited { field, before } if *field == unknowns::model::Field::Title && before == "Ana's title")),
        "ana's text stays in the history: {:?}",
        q.history
    );
}

#[test]
fn an_edit_of_a_question_deleted_elsewhere_is_kept_as_a_new_one() {
    let mut app = editing_app();
    type_text(&mut app, " and why");
    delete_elsewhere(&mut app, 1);
    press(&mut app, &[Action::Save]);
    let titles: Vec<_> = app
        .session
        .board
        .questions()
        .iter()
        .map(|q| q.title.clone())
        .collect();
    assert_eq!(titles, ["Which ledger? and why"]);
    let screen = render(&mut app, 160, 30);
    assert!(screen.contains("saved as a new question"), "{screen}");
}
