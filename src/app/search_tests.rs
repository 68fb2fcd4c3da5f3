//! Search on a board bigger than one slice of work: done a slice at a time between keys.

use super::search::SEARCH_SLICE;
use super::tests::{between_keys, demo_app, keys, now, on_screen};
use super::*;

/// How many questions [`big_app`] has: three slices and some.
const SIZE: usize = 3 * SEARCH_SLICE + 100;
/// How many of them hold "needle".
const NEEDLES: usize = SIZE / 1_000;

/// A board a few slices big; every 1,000th question holds "needle", and the last one holds
/// "rare".
fn big_app() -> App {
    let n = SIZE;
    let mut board = Board::new("big");
    for k in 1..=n {
        let title = match k {
            k if k == n => format!("question {k}, the rare one"),
            k if k % 1_000 == 0 => format!("question {k} with a needle"),
            k => format!("question {k}"),
        };
        board.push(crate::model::Question::new(k as u32, title, Lane::Blocking));
    }
    on_screen(board, "big.ron")
}

/// The message after Enter gives every match.
fn says_the_whole_count(app: &App) {
    let said = &app.message.as_ref().expect("a message").0;
    assert!(said.starts_with(&format!("{NEEDLES} matches")), "{said}");
}

#[test]
fn a_big_boards_matches_are_counted_a_slice_at_a_time_between_keys() {
    let mut app = big_app();
    keys(&mut app, "/needle");
    assert!(app.counting_matches(), "the keystroke counts one slice");
    assert!(app.derived.search_matches < NEEDLES, "a part of the count");
    let slices = between_keys(&mut app);
    assert!((2..=4).contains(&slices), "{slices} slices");
    assert!(!app.counting_matches());
    assert_eq!(app.derived.search_matches, NEEDLES);
    assert_eq!(
        app.selected_id(),
        Some(1_000),
        "the first match is selected"
    );
    keys(&mut app, "<enter>");
    says_the_whole_count(&app);
}

#[test]
fn enter_before_the_count_is_whole_says_the_whole_count() {
    let mut app = big_app();
    keys(&mut app, "/needle<enter>");
    says_the_whole_count(&app);
    assert!(!app.counting_matches());
}

#[test]
fn the_next_match_far_away_is_found_between_keys() {
    let mut app = big_app();
    keys(&mut app, "/rare");
    assert_eq!(app.selected_id(), Some(1), "not found within the keystroke");
    between_keys(&mut app);
    let last = SIZE as u32;
    assert_eq!(app.selected_id(), Some(last));
    assert_eq!(app.derived.search_matches, 1);
}

#[test]
fn enter_keeps_the_look_for_a_far_match_going() {
    let mut app = big_app();
    keys(&mut app, "/rare<enter>");
    between_keys(&mut app);
    assert_eq!(app.selected_id(), Some(SIZE as u32));
}

#[test]
fn nothing_found_is_said_once_the_whole_board_is_looked_at() {
    let mut app = big_app();
    keys(&mut app, "/nowhere");
    assert!(app.message.is_none(), "{:?}", app.message);
    between_keys(&mut app);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|(m, _)| m.contains("nowhere")),
        "{:?}",
        app.message
    );
    assert_eq!(app.derived.search_matches, 0);
}

#[test]
fn a_key_pressed_while_looking_leaves_the_selection_to_the_user() {
    let mut app = big_app();
    keys(&mut app, "/rare<enter>");
    assert!(
        app.pending_between_keys(),
        "Enter keeps the look for the match going"
    );
    keys(&mut app, "<down>");
    between_keys(&mut app);
    assert_eq!(
        app.selected_id(),
        Some(2),
        "the look for the match was let go"
    );
    assert_eq!(app.derived.search_matches, 1);
}

/// The prerequisite picker on a big board lists a slice of candidates within the keystroke
/// and the rest between keys, in board order.
#[test]
fn the_pickers_candidates_come_a_slice_at_a_time_between_keys() {
    let mut app = big_app();
    app.select_id(5);
    app.update(Action::PickPrerequisite, now());
    let listed = |app: &App| match &app.mode {
        Mode::Picker(p) => (p.candidates.len(), p.looking_from.is_some()),
        other => panic!("{other:?}"),
    };
    let (first, more) = listed(&app);
    assert!(more && first < SEARCH_SLICE, "{first}");
    between_keys(&mut app);
    assert_eq!(listed(&app), (SIZE - 1, false), "every other open question");
    keys(&mut app, "needle");
    between_keys(&mut app);
    let Mode::Picker(p) = &app.mode else { panic!() };
    assert_eq!(p.candidates.len(), NEEDLES);
    assert!(
        p.candidates.windows(2).all(|w| w[0] < w[1]),
        "in board order"
    );
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
