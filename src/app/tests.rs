//! The app driven by actions and by key events through the keymap: no terminal.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;

use super::*;
use crate::model::plan;
use crate::model::{Door, Status};

pub(super) fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

pub(super) fn app_with(titles: &[(&str, Lane)]) -> App {
    let mut board = Board::new("test");
    for (t, lane) in titles {
        board.add(t, *lane, now()).unwrap();
    }
    App::new(board, "test.ron")
}

/// Runs the work left for between keys, as the runtime does when no key waits; how many
/// slices it took.
pub(super) fn between_keys(app: &mut App) -> usize {
    let mut slices = 0;
    while app.pending_between_keys() {
        app.update(Action::Tick, now());
        slices += 1;
        assert!(slices < 1_000, "the work between keys never ends");
    }
    slices
}

/// Types keys as a user would: each string is either a key name in angle brackets or text.
pub(super) fn keys(app: &mut App, input: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let (code, mods) = if c == '<' && chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
            match name.as_str() {
                "enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "backtab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "left" => (KeyCode::Left, KeyModifiers::NONE),
                "right" => (KeyCode::Right, KeyModifiers::NONE),
                "down" => (KeyCode::Down, KeyModifiers::NONE),
                "up" => (KeyCode::Up, KeyModifiers::NONE),
                "s-right" => (KeyCode::Right, KeyModifiers::SHIFT),
                "s-up" => (KeyCode::Up, KeyModifiers::SHIFT),
                "del" => (KeyCode::Delete, KeyModifiers::NONE),
                "c-s" => (KeyCode::Char('s'), KeyModifiers::CONTROL),
                "c-r" => (KeyCode::Char('r'), KeyModifiers::CONTROL),
                "c-c" => (KeyCode::Char('c'), KeyModifiers::CONTROL),
                "f1" => (KeyCode::F(1), KeyModifiers::NONE),
                other => panic!("unknown key <{other}>"),
            }
        } else if c.is_ascii_uppercase() {
            (KeyCode::Char(c), KeyModifiers::SHIFT)
        } else {
            (KeyCode::Char(c), KeyModifiers::NONE)
        };
        let event = Event::Key(KeyEvent::new(code, mods));
        if let Some(action) = app.keymap.translate(app.context(), event) {
            effects.extend(app.update(action, now()));
        }
    }
    effects
}

pub(super) fn lane_titles(app: &App, lane: Lane) -> Vec<String> {
    app.session
        .board
        .lane(lane)
        .map(|q| q.title.clone())
        .collect()
}

#[test]
fn adding_saves_and_selects_the_new_question() {
    let mut app = app_with(&[]);
    let effects = keys(&mut app, "lathe new one<enter>");
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(lane_titles(&app, Lane::Uncomfortable), ["the new one"]);
    assert_eq!(app.selected_id(), Some(1));
    assert_eq!(app.session.save_state, SaveState::Saving);
    // The line stays open and empty for the next one; Enter on an empty line closes it.
    let Mode::Prompt(p) = &app.mode else {
        panic!("the add line closed")
    };
    assert!(p.field.text().is_empty());
    keys(&mut app, "and another<enter><enter>");
    assert_eq!(
        lane_titles(&app, Lane::Uncomfortable),
        ["the new one", "and another"]
    );
    assert!(matches!(app.mode, Mode::Normal));
    // Esc (asked twice for typed words) throws the input away; an empty title adds nothing.
    assert!(keys(&mut app, "anope<esc><esc>").is_empty());
    assert!(keys(&mut app, "a<enter>").is_empty());
    assert_eq!(app.session.board.questions().len(), 2);
}

#[test]
fn shorthand_in_the_add_line_sets_lane_owner_tags_door_after_and_revisit() {
    let mut app = app_with(&[("a", Lane::Blocking)]);
    keys(
        &mut app,
        "ai: Parked thought @li #arch ! ^1 >+2w<enter><enter>",
    );
    let q = app.session.board.get(2).unwrap();
    assert_eq!(q.title, "Parked thought");
    assert_eq!(
        q.lane,
        Lane::Interesting,
        "the prefix wins over the focused lane"
    );
    assert_eq!(q.owner.as_deref(), Some("li"));
    assert_eq!(q.tags, vec!["arch"]);
    assert_eq!(q.door, Door::OneWay);
    assert_eq!(q.after.to_vec(), vec![1]);
    assert_eq!(q.revisit.unwrap().to_string(), "2026-12-08");
    // A mistake keeps the line, and says what is wrong.
    keys(&mut app, "ax >someday<enter>");
    assert!(matches!(app.mode, Mode::Prompt(_)));
    assert!(app.message.as_ref().unwrap().0.contains("not a date"));
    keys(&mut app, "<esc><esc>ax ^99<enter>");
    assert!(app.message.as_ref().unwrap().0.contains("no question #99"));
    assert_eq!(app.session.board.questions().len(), 2);
}

#[test]
fn navigation_moves_focus_and_selection_within_bounds() {
    let mut app = app_with(&[
        ("a", Lane::Blocking),
        ("b", Lane::Blocking),
        ("c", Lane::Blocking),
        ("x", Lane::Interesting),
    ]);
    keys(&mut app, "jjjj");
    assert_eq!(app.selected_id(), Some(3));
    keys(&mut app, "g");
    assert_eq!(app.selected_id(), Some(1));
    keys(&mut app, "G<up>");
    assert_eq!(app.selected_id(), Some(2));
    keys(&mut app, "l");
    assert_eq!(app.nav.focus, Lane::Uncomfortable);
    assert_eq!(app.selected_id(), None);
    keys(&mut app, "<right><right><right>");
    assert_eq!(app.nav.focus, Lane::Interesting);
    assert_eq!(app.selected_id(), Some(4));
    keys(&mut app, "hhhh");
    assert_eq!(app.nav.focus, Lane::Blocking);
    assert_eq!(app.selected_id(), Some(2), "each lane keeps its selection");
}

#[test]
fn cards_move_across_and_within_lanes_and_selection_follows() {
    let mut app = app_with(&[
        ("a", Lane::Blocking),
        ("b", Lane::Blocking),
        ("c", Lane::Uncomfortable),
    ]);
    keys(&mut app, "L");
    assert_eq!(lane_titles(&app, Lane::Uncomfortable), ["a", "c"]);
    assert_eq!(
        (app.nav.focus, app.selected_id()),
        (Lane::Uncomfortable, Some(1))
    );
    keys(&mut app, "J");
    assert_eq!(lane_titles(&app, Lane::Uncomfortable), ["c", "a"]);
    keys(&mut app, "<s-up>");
    assert_eq!(lane_titles(&app, Lane::Uncomfortable), ["a", "c"]);
    keys(&mut app, "3");
    assert_eq!(lane_titles(&app, Lane::Interesting), ["a"]);
    assert_eq!(app.nav.focus, Lane::Interesting);
    keys(&mut app, "1");
    assert_eq!(lane_titles(&app, Lane::Blocking), ["b", "a"]);
    // At the edges nothing happens and nothing is saved.
    keys(&mut app, "gK");
    assert!(keys(&mut app, "H").is_empty());
}

#[test]
fn undo_and_redo_walk_every_change_both_ways() {
    let mut app = app_with(&[("a", Lane::Blocking)]);
    let original = app.session.board.clone();
    keys(&mut app, "ab<enter><enter>L");
    keys(&mut app, "dchosen<enter>");
    let last = app.session.board.clone();
    assert_eq!(app.session.board.get(2).unwrap().status, Status::Decided);
    // Each undo says what it undid.
    keys(&mut app, "u");
    assert_eq!(
        app.message.as_ref().unwrap().0,
        "undone: decided #2 (2 more to undo)"
    );
    keys(&mut app, "u");
    assert_eq!(
        app.message.as_ref().unwrap().0,
        "undone: moved #2 Blocking → Uncomfortable (1 more to undo)"
    );
    keys(&mut app, "u");
    assert_eq!(
        app.message.as_ref().unwrap().0,
        "undone: added #2 b (0 more to undo)"
    );
    assert_eq!(app.session.board, original);
    keys(&mut app, "u");
    assert_eq!(app.message.as_ref().unwrap().0, "nothing to undo");
    let effects = keys(&mut app, "<c-r><c-r><c-r>");
    assert_eq!(
        app.message.as_ref().unwrap().0,
        "redone: decided #2 (0 more to redo)"
    );
    assert_eq!(effects, vec![Effect::Save; 3]);
    assert_eq!(app.session.board, last);
    // A new change clears what could be redone.
    keys(&mut app, "uanew<enter><enter><c-r>");
    assert_eq!(app.message.as_ref().unwrap().0, "nothing to redo");
}

#[test]
fn decide_needs_words_and_dissolve_does_not() {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    keys(&mut app, "d<enter>");
    assert!(matches!(app.mode, Mode::Prompt(_)), "still asking");
    keys(&mut app, "Postgres<enter>");
    assert_eq!(app.session.board.get(1).unwrap().resolution, "Postgres");
    assert_eq!(lane_titles(&app, Lane::Blocking), ["b"]);
    assert_eq!(app.selected_id(), Some(2), "the next card is selected");
    keys(&mut app, "x<enter>");
    assert_eq!(app.session.board.get(2).unwrap().status, Status::Dissolved);
    assert_eq!(app.selected_id(), None);
}

#[test]
fn actions_on_an_empty_lane_explain_instead_of_failing() {
    let mut app = app_with(&[]);
    assert!(keys(&mut app, "edx<del> ").is_empty());
    assert!(app.message.as_ref().unwrap().0.contains("press a to add"));
}

/// Tells the app the terminal's size.
pub(super) fn resize(app: &mut App, width: u16, height: u16) {
    app.update(Action::Resize { width, height }, now());
}

/// The app drawn on a test terminal of `w` x `h`, as the buffer's text.
pub(super) fn drawn(app: &App, w: u16, h: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| crate::ui::view(app, f)).unwrap();
    format!("{:?}", terminal.backend().buffer())
}

pub(super) fn demo_app() -> App {
    let board = crate::format::parse(crate::store::DEMO_BOARD.as_bytes()).unwrap();
    on_screen(board, "demo")
}

/// An app of this board on a 120x40 terminal.
pub(super) fn on_screen(board: Board, label: &str) -> App {
    let mut app = App::new(board, label);
    app.update(
        Action::Resize {
            width: 120,
            height: 40,
        },
        now(),
    );
    app
}

pub(super) fn next_ids(app: &App, kind: plan::SectionKind) -> Vec<u32> {
    app.derived
        .plan
        .section(kind)
        .iter()
        .map(|i| i.id)
        .collect()
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// What a user does, as keys.
    fn user_action() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z ]{1,8}".prop_map(|t| format!("a{t}<enter>")),
            Just("j".to_string()),
            Just("k".to_string()),
            Just("h".to_string()),
            Just("l".to_string()),
            Just("H".to_string()),
            Just("L".to_string()),
            Just("J".to_string()),
            Just("K".to_string()),
            Just("1".to_string()),
            Just("3".to_string()),
            Just(" ll ".to_string()),
            "[a-z]{1,6}".prop_map(|t| format!("d{t}<enter>")),
            Just("x<enter>".to_string()),
            Just("<del>y".to_string()),
            "[a-z]{1,6}".prop_map(|t| format!("e{t}<tab>known {t}<c-s>")),
            Just("u".to_string()),
            Just("<c-r>".to_string()),
            Just("<tab>".to_string()),
            Just("o".to_string()),
            "[a-c]{1,2}".prop_map(|t| format!("f{t}<enter>")),
            "[a-c]{1,2}".prop_map(|t| format!("/{t}<enter>n")),
            Just("<esc>".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(100),
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_sequence_keeps_the_board_whole_and_undo_goes_all_the_way_back(
            actions in prop::collection::vec(user_action(), 0..30)
        ) {
            let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Uncomfortable)]);
            let original = app.session.board.clone();
            for a in &actions {
                keys(&mut app, a);
                // Leave any prompt or popup the way a user would.
                while !matches!(app.mode, Mode::Normal) {
                    keys(&mut app, "<esc>");
                    if matches!(app.mode, Mode::Editor(_)) || app.context() == Context::Confirm {
                        keys(&mut app, "y");
                    }
                }
                prop_assert_eq!(app.session.board.validate(), Ok(()));
                // Lanes show every open question, or exactly those that match the filter.
                let lanes: usize = app.derived.lanes.iter().map(Vec::len).sum();
                let open = app.session.board.questions().iter().filter(|q| q.is_open());
                let shown = match &app.filter {
                    Some((_, f)) => open.filter(|q| f.matches(q)).count(),
                    None => open.count(),
                };
                prop_assert_eq!(lanes, shown);
                prop_assert_eq!(app.derived.plan.len(), app.session.board.questions().iter().filter(|q| q.is_open()).count());
                let text = crate::format::write(&app.session.board);
                prop_assert_eq!(&crate::format::parse(text.as_bytes()).unwrap(), &app.session.board);
            }
            // Undo everything: the board is the original again.
            for _ in 0..actions.len() * 3 {
                keys(&mut app, "u");
            }
            prop_assert_eq!(&app.session.board, &original);
        }
    }
}

#[test]
fn what_a_message_says_to_press_follows_the_keys_as_bound() {
    let mut app = app_with(&[("a", Lane::Blocking)]);
    keys(&mut app, "P");
    let said = &app.message.as_ref().unwrap().0;
    assert!(said.contains("Enter shows a question"), "{said}");
    assert!(said.contains("P ends"), "{said}");
    keys(&mut app, "P");
    // Rebound in the config: the message names the new keys.
    use super::keymap::{KeyPress, Keymap};
    app.keymap = Keymap::with(&[
        (
            Context::Present,
            KeyPress::parse("o").unwrap(),
            Action::Zoom,
        ),
        (
            Context::Present,
            KeyPress::parse("E").unwrap(),
            Action::Present,
        ),
    ]);
    keys(&mut app, "P");
    let said = &app.message.as_ref().unwrap().0;
    assert!(said.contains("o shows a question"), "{said}");
    assert!(said.contains("E ends"), "{said}");
}
