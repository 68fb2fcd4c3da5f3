//! The review on a board bigger than one slice: the board is looked through between keys.

use super::review::{MINUTES_SLICE, REVIEW_SLICE};
use super::tests::{between_keys, keys, now, on_screen};
use super::*;
use crate::model::Question;
use jiff::Timestamp;

/// How many questions [`board`] has: three slices and some.
const SIZE: u32 = 3 * REVIEW_SLICE as u32 + 100;

/// A board a few slices big in one lane, every `every`th question a one-way door nobody
/// drives (so it needs a look).
fn board(every: u32) -> Board {
    let mut board = Board::new("big");
    for k in 1..=SIZE {
        let mut q = Question::new(k, format!("question {k}"), Lane::Uncomfortable);
        if k % every == 0 {
            q.door = crate::model::Door::OneWay;
        }
        board.push(q);
    }
    board
}

/// What the review finds on `board`, worked out at once (as `unknowns review` does).
fn expected(app: &App, board: &Board) -> Vec<u32> {
    crate::model::review::digest(board, None, &app.looked, app.today, app.stale_days)
        .iter()
        .map(|i| i.id)
        .collect()
}

fn items(app: &App) -> Vec<u32> {
    let review = app.review().expect("a review");
    review.items.iter().map(|i| i.id).collect()
}

#[test]
fn a_big_boards_review_shows_its_first_question_at_once_and_finds_the_rest_between_keys() {
    let board = board(700);
    let mut app = on_screen(board.clone(), "big.ron");
    keys(&mut app, "R");
    let review = app.review().expect("a review");
    assert!(review.looking(), "the keystroke looks through one slice");
    assert_eq!(review.current().map(|i| i.id), Some(700));
    assert!(items(&app).len() < expected(&app, &board).len());
    let slices = between_keys(&mut app);
    assert!((2..=4).contains(&slices), "{slices} slices");
    assert!(!app.review().unwrap().looking());
    assert_eq!(items(&app), expected(&app, &board));
}

#[test]
fn keys_faster_than_the_looking_through_still_walk_every_question_in_order() {
    // The first question to look at is past the first slice.
    let board = board(REVIEW_SLICE as u32 + 50);
    let mut app = on_screen(board.clone(), "big.ron");
    keys(&mut app, "R");
    assert!(app.review().unwrap().current().is_none());
    let want = expected(&app, &board);
    assert_eq!(want.len(), 2);
    // Enter keeps each question: no time between keys for the looking through.
    for _ in &want {
        keys(&mut app, "<enter>");
    }
    let review = app.review().unwrap();
    assert!(review.finished());
    let walked: Vec<u32> = review.outcomes.iter().map(|(id, _)| *id).collect();
    assert_eq!(walked, want);
}

#[test]
fn an_empty_review_says_so_in_the_status_line_and_records_nothing() {
    let mut small = Board::new("small");
    small.push(Question::new(1, "Parked on purpose", Lane::Interesting));
    let mut app = on_screen(small, "small.ron");
    let effects = keys(&mut app, "R");
    between_keys(&mut app);
    assert!(app.review().is_none(), "no review dialog");
    let said = &app.message.as_ref().expect("a message").0;
    assert!(said.starts_with("nothing needs a look"), "{said}");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::RecordReview(_))),
        "nothing recorded"
    );
    keys(&mut app, "<enter>");
    assert!(app.review().is_none());
}

#[test]
fn a_big_board_with_nothing_to_look_at_says_so_once_looked_through() {
    let board = board(SIZE + 1);
    let mut app = on_screen(board, "big.ron");
    keys(&mut app, "R");
    assert!(
        app.message.is_none(),
        "not said before the board is looked through"
    );
    between_keys(&mut app);
    let said = &app.message.as_ref().expect("a message").0;
    assert!(said.starts_with("nothing needs a look"), "{said}");
    assert!(app.review().is_none(), "no dialog of 0 questions looked at");
}

/// A meeting on a big board where one question far down is decided: ended at `end`.
fn meeting_ended(end: Timestamp) -> (App, Vec<Effect>) {
    let mut board = Board::new("big");
    for k in 1..=(2 * MINUTES_SLICE as u32 + 10) {
        board.push(Question::new(
            k,
            format!("question {k}"),
            Lane::Uncomfortable,
        ));
    }
    let mut app = on_screen(board, "big.ron");
    app.update(Action::Meeting, now());
    let last = app.session.board.questions().len() as u32;
    app.select_id(last);
    app.update(Action::Decide, now());
    keys(&mut app, "ship it<enter>");
    let effects = app.update(Action::Meeting, end);
    (app, effects)
}

fn minutes_text(app: &App) -> &str {
    let Mode::Minutes { text, .. } = &app.mode else {
        panic!("no minutes")
    };
    text
}

#[test]
fn a_big_boards_minutes_are_read_between_keys_then_shown_and_written() {
    let end: Timestamp = "2026-11-24T09:40:00Z".parse().unwrap();
    let (mut app, effects) = meeting_ended(end);
    assert!(
        effects.is_empty(),
        "nothing written before the history is read"
    );
    assert_eq!(minutes_text(&app), "");
    assert_eq!(app.meeting, None);
    let mut written = Vec::new();
    while app.pending_between_keys() {
        written.extend(app.update(Action::Tick, end));
    }
    let text = minutes_text(&app).to_string();
    let want = crate::model::minutes::markdown(
        &crate::model::minutes::minutes(&app.session.board, now(), end),
        "big",
        now(),
        end,
        &app.time_zone,
    );
    assert_eq!(text, want);
    assert!(text.contains("ship it"), "{text}");
    assert_eq!(
        written,
        vec![Effect::WriteMinutes(text), Effect::KeepMeeting(None)]
    );
}

#[test]
fn a_key_on_minutes_still_being_read_reads_them_at_once_and_writes_them() {
    let end: Timestamp = "2026-11-24T09:40:00Z".parse().unwrap();
    let (mut app, _) = meeting_ended(end);
    let effects = app.update(Action::Copy, end);
    let text = minutes_text(&app).to_string();
    assert!(text.contains("ship it"), "{text}");
    assert_eq!(
        effects,
        vec![
            Effect::WriteMinutes(text.clone()),
            Effect::KeepMeeting(None),
            Effect::CopyToClipboard(text)
        ]
    );
    assert!(!app.pending_between_keys());
}
