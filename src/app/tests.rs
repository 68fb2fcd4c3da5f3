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
    let screen = |app: &App| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| crate::ui::view(app, f)).unwrap();
        format!("{:?}", terminal.backend().buffer())
    };
    assert!(app.pending_between_keys());
    assert!(screen(&app).contains("looking for what waits on it"));
    between_keys(&mut app);
    let Mode::ConfirmDelete { waiting, .. } = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(waiting, &vec![2, n]);
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

#[test]
fn actions_on_an_empty_lane_explain_instead_of_failing() {
    let mut app = app_with(&[]);
    assert!(keys(&mut app, "edx<del> ").is_empty());
    assert!(app.message.as_ref().unwrap().0.contains("press a to add"));
}

#[test]
fn tab_cycles_the_views_and_keeps_the_question_selected() {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Interesting)]);
    keys(&mut app, "ll");
    assert_eq!(app.selected_id(), Some(2));
    keys(&mut app, "<tab>");
    assert_eq!(app.nav.view, View::Next);
    assert_eq!(
        app.selected_id(),
        Some(2),
        "the same question, now in the plan"
    );
    keys(&mut app, "<tab>");
    assert_eq!(app.nav.view, View::Resolved);
    keys(&mut app, "<tab>");
    assert_eq!(app.nav.view, View::Board);
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
fn search_jumps_as_you_type_and_n_steps_through_matches() {
    let mut app = demo_app();
    keys(&mut app, "/rollback");
    assert_eq!(
        app.selected_id(),
        Some(2),
        "the first match is selected while typing"
    );
    keys(&mut app, "<enter>");
    assert_eq!(app.search.as_deref(), Some("rollback"));
    assert!(
        app.message.as_ref().unwrap().0.starts_with("3 matches"),
        "{:?}",
        app.message
    );
    keys(&mut app, "n");
    assert_eq!(
        app.selected_id(),
        Some(5),
        "#5's stakes mention a rollback call"
    );
    keys(&mut app, "n");
    assert_eq!(app.selected_id(), Some(15));
    keys(&mut app, "n");
    assert_eq!(app.selected_id(), Some(2), "wraps around");
    keys(&mut app, "N");
    assert_eq!(app.selected_id(), Some(15));
    keys(&mut app, "<esc>");
    assert_eq!(app.search, None);
    keys(&mut app, "/nothing like this<enter>");
    assert!(app.message.as_ref().unwrap().0.starts_with("0 matches"));
}

#[test]
fn a_filter_narrows_the_board_and_esc_brings_everything_back() {
    let mut app = demo_app();
    keys(&mut app, "f@maria");
    assert_eq!(
        app.derived.lanes.iter().map(Vec::len).sum::<usize>(),
        2,
        "narrowed while typing"
    );
    keys(&mut app, "<enter>");
    assert_eq!(app.derived.lanes[0], vec![1, 15]);
    assert!(app.derived.lanes[1].is_empty() && app.derived.lanes[2].is_empty());
    keys(&mut app, "f");
    let Mode::Prompt(p) = &app.mode else { panic!() };
    assert_eq!(p.field.text(), "@maria", "the filter can be edited");
    keys(&mut app, "<esc>");
    assert!(app.filter.is_none(), "Esc in the filter line clears it");
    keys(&mut app, "f! #rollout<enter>");
    assert_eq!(
        app.derived.lanes[0],
        vec![2, 15],
        "one-way doors tagged rollout"
    );
    // A change under a filter works, and the filter holds.
    keys(&mut app, "L");
    assert_eq!(app.session.board.get(2).unwrap().lane, Lane::Uncomfortable);
    assert_eq!(app.derived.lanes[1], vec![2]);
    keys(&mut app, "<esc>");
    assert_eq!(app.derived.lanes.iter().map(Vec::len).sum::<usize>(), 14);
}

#[test]
fn presentation_mode_zooms_a_question_and_keeps_the_board_keys() {
    let mut app = demo_app();
    keys(&mut app, "P");
    assert!(app.present());
    assert_eq!(app.context(), Context::Present);
    keys(&mut app, "j");
    assert_eq!(app.selected_id(), Some(2), "board keys still work");
    keys(&mut app, "<enter>");
    assert_eq!(app.zoom().map(|z| z.id), Some(2));
    assert_eq!(app.context(), Context::Zoom);
    keys(&mut app, "j");
    assert_eq!(
        app.zoom().map(|z| z.id),
        Some(4),
        "the next question, still zoomed"
    );
    keys(&mut app, "<esc>");
    assert_eq!(app.zoom().map(|z| z.id), None);
    keys(&mut app, "P");
    assert!(!app.present());
    // Help in presentation mode lists its own keys and the board's.
    keys(&mut app, "P?");
    assert_eq!(app.help_context(), Context::Present);
}

#[test]
fn a_meeting_ends_in_minutes_of_exactly_what_happened() {
    let mut app = app_with(&[("before the meeting", Lane::Blocking)]);
    let start: Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
    app.update(Action::Meeting, start);
    assert_eq!(app.meeting, Some(start));
    let during: Timestamp = "2026-11-24T10:05:00Z".parse().unwrap();
    let step = |app: &mut App, text: &str| {
        for c in text.chars() {
            let action = if c == '\n' {
                Action::Submit
            } else {
                Action::Text(ratatui_textarea::Input {
                    key: ratatui_textarea::Key::Char(c),
                    ctrl: false,
                    alt: false,
                    shift: false,
                })
            };
            app.update(action, during);
        }
    };
    app.update(Action::Add, during);
    step(&mut app, "u: first @li\ni: second #arch\nb: third ! ^1\n\n");
    app.select_id(2);
    app.update(Action::MoveLeft, during);
    app.select_id(1);
    app.update(Action::Decide, during);
    step(&mut app, "Postgres\n");
    let end: Timestamp = "2026-11-24T10:25:00Z".parse().unwrap();
    let effects = app.update(Action::Meeting, end);
    assert_eq!(app.meeting, None);
    let Mode::Minutes { text, .. } = &app.mode else {
        panic!("no minutes")
    };
    let text = text.clone();
    assert_eq!(
        effects,
        vec![
            Effect::WriteMinutes(text.clone()),
            Effect::KeepMeeting(None)
        ]
    );
    assert!(text.contains("(25 min)"), "{text}");
    // Where each was added, and where one added and then moved is now: no separate move.
    assert!(
        text.contains(
            "## Added\n\n- #2 first (to Uncomfortable, now in Blocking)\n- #3 second (Interesting)\n- #4 third (Blocking)\n"
        ),
        "{text}"
    );
    assert!(!text.contains("## Moved"), "{text}");
    assert!(text.contains("## Decided\n\n- #1 before the meeting: **Postgres**\n"));
    assert!(!text.contains("Dissolved") && !text.contains("Deferred"));
    assert_eq!(
        keys(&mut app, "c"),
        vec![Effect::CopyToClipboard(text.clone())]
    );
    keys(&mut app, "<esc>");
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn the_review_walks_each_question_once_and_records_at_the_end() {
    let mut app = app_with(&[
        ("a", Lane::Blocking),
        ("b", Lane::Uncomfortable),
        ("c", Lane::Interesting),
    ]);
    // All three are due.
    for id in 1..=3 {
        app.session
            .board
            .edit(id, now(), |e| {
                e.revisit = Some("2026-11-20".parse().unwrap())
            })
            .unwrap();
    }
    app.update(
        Action::Resize {
            width: 120,
            height: 40,
        },
        now(),
    );
    keys(&mut app, "R");
    assert_eq!(app.context(), Context::Review);
    assert_eq!(app.review().unwrap().items.len(), 3);
    assert_eq!(app.selected_id(), Some(1));
    // #1 is blocking with no owner and no next step too.
    keys(&mut app, "<enter>");
    assert_eq!(app.selected_id(), Some(2));
    // Back, and on again.
    keys(&mut app, "k");
    assert_eq!(app.selected_id(), Some(1));
    keys(&mut app, "<enter>");
    keys(&mut app, "3");
    assert_eq!(
        app.session.board.get(2).unwrap().lane,
        Lane::Interesting,
        "moved"
    );
    keys(&mut app, "z");
    assert!(
        matches!(app.mode, Mode::Prompt(_)),
        "defer asks for the date, over the review"
    );
    let Mode::Prompt(p) = &mut app.mode else {
        unreachable!()
    };
    p.field = editor::TextField::new("", false);
    keys(&mut app, "+1w<enter>");
    assert_eq!(
        app.session
            .board
            .get(3)
            .unwrap()
            .revisit
            .unwrap()
            .to_string(),
        "2026-12-01"
    );
    assert!(app.review().unwrap().finished());
    assert_eq!(
        app.review().unwrap().outcomes,
        vec![
            (1, Outcome::Kept),
            (2, Outcome::Moved),
            (3, Outcome::Deferred)
        ]
    );
    // Enter on the summary finishes and asks for the review to be recorded.
    let effects = keys(&mut app, "<enter>");
    let [Effect::RecordReview(looked)] = &effects[..] else {
        panic!("the review is recorded: {effects:?}")
    };
    assert_eq!(looked.len(), 3, "each question looked at counts");
    assert!(app.review().is_none());
    // Looked at: they do not come back for the same reasons until something changes.
    keys(&mut app, "R");
    assert!(
        app.review().is_none(),
        "nothing to look at: no dialog, said instead"
    );
    app.update(Action::ReviewRecorded(Ok(now())), now());
    assert_eq!(app.last_review, Some(now()));
    // Someone changes two of them: they come back, saying what changed.
    let later = now() + jiff::SignedDuration::from_hours(1);
    for id in [1, 3] {
        app.session
            .board
            .edit(id, later, |e| e.stakes = "more at stake".into())
            .unwrap();
    }
    keys(&mut app, "R");
    let items = &app.review().unwrap().items;
    assert_eq!(items.len(), 2);
    assert!(
        items[0].reasons[0].describe().ends_with(": stakes edited"),
        "{:?}",
        items[0].reasons
    );
    keys(&mut app, "<esc>");
    // Esc stops a review without recording it.
    keys(&mut app, "R<esc>");
    assert!(app.review().is_none());
    // A cancelled decision stays on the question; an answered one moves on.
    keys(&mut app, "R");
    let first = app.selected_id();
    keys(&mut app, "d<esc>");
    assert_eq!(app.selected_id(), first, "cancelled: still on it");
    assert!(app.review().unwrap().outcomes.is_empty());
    keys(&mut app, "dDone<enter>");
    assert_eq!(
        app.review().unwrap().outcomes,
        vec![(first.unwrap(), Outcome::Decided)]
    );
    assert_ne!(app.selected_id(), first);
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
