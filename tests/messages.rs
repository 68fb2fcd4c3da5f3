//! Every sentence that names a key names the key bound now: remapped in the config file, the
//! hints, prompts and confirmations follow.

mod common;
use common::now;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unknowns::app::keymap::{Context, KeyPress};
use unknowns::app::{Action, App};
use unknowns::config::Config;
use unknowns::model::{Board, Lane};
use unknowns::ui;

fn render(app: &mut App) -> String {
    app.update(
        Action::Resize {
            width: 140,
            height: 30,
        },
        now(),
    );
    let mut terminal = Terminal::new(TestBackend::new(140, 30)).unwrap();
    terminal.draw(|f| ui::view(app, f)).unwrap();
    ui::buffer_text(terminal.backend().buffer())
}

/// An app whose config moves undo to `U`, add to `ctrl-n`, the meeting to `M` and clearing to
/// `x` (`u`, `a`, `m` and `Esc` then do other things or nothing).
fn remapped(board: Board) -> App {
    let key = |k: &str| KeyPress::parse(k).unwrap();
    let mut app = App::new(board, "b.ron");
    app.configure(&Config {
        keys: vec![
            (Context::Board, key("u"), Action::Decide),
            (Context::Board, key("U"), Action::Undo),
            (Context::Board, key("a"), Action::Defer),
            (Context::Board, key("ctrl-n"), Action::Add),
            (Context::Board, key("m"), Action::Present),
            (Context::Board, key("M"), Action::Meeting),
            (Context::Board, key("esc"), Action::Help),
            (Context::Board, key("x"), Action::ClearFilters),
        ],
        ..Config::default()
    });
    app
}

#[test]
fn hints_prompts_and_confirmations_name_the_keys_as_remapped() {
    let mut board = Board::new("t");
    board.add("First", Lane::Blocking, now()).unwrap();
    board.add("Second", Lane::Blocking, now()).unwrap();
    let mut app = remapped(board);
    let u = app.keys().undo();
    assert_eq!(u, "U");
    // Deciding says how to undo it.
    app.update(Action::Decide, now());
    app.update(Action::Paste("Postgres".into()), now());
    app.update(Action::Submit, now());
    let screen = render(&mut app);
    assert!(screen.contains("#1 decided; U undoes"), "{screen}");
    // The delete confirmation.
    app.update(Action::Delete, now());
    let screen = render(&mut app);
    assert!(screen.contains("(U undoes it)"), "{screen}");
    app.update(Action::No, now());
    // The meeting.
    app.update(Action::Meeting, now());
    let screen = render(&mut app);
    assert!(screen.contains("M ends it"), "{screen}");
    // The filter's notice.
    app.update(Action::Filter, now());
    app.update(Action::Paste("Second".into()), now());
    app.update(Action::Submit, now());
    let screen = render(&mut app);
    assert!(screen.contains("x clears"), "{screen}");
    assert!(!screen.contains("Esc clears"), "{screen}");
}

#[test]
fn an_empty_board_says_how_to_add_with_the_key_bound_now() {
    let mut app = remapped(Board::new("t"));
    let screen = render(&mut app);
    assert!(
        screen.contains("nothing blocking: Ctrl-n to add")
            || screen.contains("nothing blocking: ctrl-n to add"),
        "{screen}"
    );
    assert!(!screen.contains(": a to add"), "{screen}");
}

/// Search, edit and cancel remapped: the sentences that name them follow.
#[test]
fn search_jump_and_decide_hints_name_the_keys_as_remapped() {
    let key = |k: &str| KeyPress::parse(k).unwrap();
    let mut board = Board::new("t");
    board.add("First", Lane::Blocking, now()).unwrap();
    board.add("Second", Lane::Blocking, now()).unwrap();
    board.toggle_prerequisite(2, 1, now()).unwrap();
    let mut app = App::new(board, "b.ron");
    app.configure(&Config {
        keys: vec![
            (Context::Board, key("s"), Action::Search),
            (Context::Board, key("E"), Action::Edit),
            (Context::Input, key("ctrl-g"), Action::Cancel),
        ],
        ..Config::default()
    });
    app.update(Action::NextMatch, now());
    assert_eq!(app.message.as_ref().unwrap().0, "no search: s starts one");
    // Enter on #2 jumps to what it waits on, and says which key edits.
    app.update(Action::SelectDown, now());
    app.update(Action::Open, now());
    assert_eq!(
        app.message.as_ref().unwrap().0,
        "#2 waits on #1: now on #1 (E edits #1)"
    );
    app.update(Action::Decide, now());
    app.update(Action::Submit, now());
    assert!(
        app.message.as_ref().unwrap().0.contains("(Ctrl-g cancels)")
            || app.message.as_ref().unwrap().0.contains("(ctrl-g cancels)"),
        "{:?}",
        app.message
    );
}
