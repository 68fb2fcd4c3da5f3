//! The review, a slice at a time on a big board, and the meeting's minutes.

use super::review::{MINUTES_SLICE, REVIEW_SLICE};
use super::tests::{app_with, between_keys, keys, now, on_screen};
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
