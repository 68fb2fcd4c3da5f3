//! A filter on a board bigger than one slice of work: worked out between keys, shown whole.

use super::filtering::FILTER_SLICE;
use super::tests::{between_keys, demo_app, keys, now, on_screen};
use super::*;
use crate::model::{Door, Question};

/// How many questions [`big_board`] has: three slices and some.
const SIZE: u32 = 3 * FILTER_SLICE as u32 + 100;

/// A board a few slices big, over every lane, with owners, tags, doors, and resolved
/// questions; every 500th question holds "needle".
fn big_board() -> Board {
    let mut board = Board::new("big");
    for k in 1..=SIZE {
        let title = match k {
            k if k % 500 == 0 => format!("question {k} with a needle"),
            k => format!("question {k} about part {}", k % 97),
        };
        let mut q = Question::new(k, title, Lane::ALL[(k % 3) as usize]);
        q.owner = Some(format!("owner{}", k % 5));
        if k % 7 == 0 {
            q.tags = vec!["infra".into()];
        }
        if k % 4 == 0 {
            q.door = Door::OneWay;
        }
        if k % 11 == 0 {
            q.status = crate::model::Status::Decided;
            q.resolution = format!("decided {k}");
        }
        board.push(q);
    }
    board
}

/// What the board shows: each lane's ids, and Resolved's.
fn shown(app: &App) -> ([Vec<u32>; 3], Vec<u32>) {
    (app.derived.lanes.clone(), app.derived.resolved.clone())
}

/// What the board shows under `filter`, worked out from nothing on a fresh app.
fn fresh(board: &Board, filter: &str) -> ([Vec<u32>; 3], Vec<u32>) {
    let mut app = on_screen(board.clone(), "fresh.ron");
    app.update(Action::Filter, now());
    keys(&mut app, filter);
    keys(&mut app, "<enter>");
    assert!(!app.filter_pending());
    shown(&app)
}

#[test]
fn a_big_boards_filter_is_worked_out_between_keys_and_shown_whole() {
    let mut app = on_screen(big_board(), "big.ron");
    let everything = shown(&app);
    keys(&mut app, "fneedle");
    assert!(app.filter_pending(), "the keystroke reads one slice");
    assert_eq!(shown(&app), everything, "nothing half-filtered is shown");
    let slices = between_keys(&mut app);
    assert!((2..=4).contains(&slices), "{slices} slices");
    let (lanes, _) = shown(&app);
    let kept: Vec<u32> = Lane::ALL
        .iter()
        .flat_map(|l| lanes[l.index()].clone())
        .collect();
    assert_eq!(kept.len(), (SIZE / 500) as usize - (SIZE / 5500) as usize);
    assert!(kept.iter().all(|id| id % 500 == 0));
    assert_eq!(app.filter.as_ref().map(|(t, _)| t.as_str()), Some("needle"));
}

#[test]
fn enter_shows_the_whole_filter_at_once() {
    let board = big_board();
    let mut app = on_screen(board.clone(), "big.ron");
    keys(&mut app, "f@owner2 #infra<enter>");
    assert!(!app.filter_pending());
    assert_eq!(shown(&app), fresh(&board, "@owner2 #infra"));
}

#[test]
fn letters_typed_and_taken_back_faster_than_the_work_show_what_a_fresh_filter_would() {
    let board = big_board();
    // Each step: keys, then whether the work between keys is done before the next.
    let typing: &[(&str, bool)] = &[
        ("q", false),
        ("u", true),
        ("e", false),
        ("s", false),
        ("<left><left><left><left>", true),
        ("@owner3 ", false),
        ("!", true),
        ("\u{8}", false),
    ];
    let mut app = on_screen(board.clone(), "big.ron");
    keys(&mut app, "f");
    let mut text = String::new();
    for (typed, wait) in typing {
        if *typed == "\u{8}" {
            backspace(&mut app);
        } else {
            keys(&mut app, typed);
        }
        if *wait {
            between_keys(&mut app);
        }
        if let Mode::Prompt(p) = &app.mode {
            text = p.field.text();
        }
    }
    assert_eq!(
        text, "@owner3 ques",
        "typed at the start, then one taken back"
    );
    between_keys(&mut app);
    assert_eq!(shown(&app), fresh(&board, &text));
    // Letters taken back widen the filter: every question is read again.
    keys(&mut app, "<esc>fneedle");
    between_keys(&mut app);
    for _ in 0.."edle".len() {
        backspace(&mut app);
    }
    keys(&mut app, "<enter>");
    assert_eq!(
        shown(&app),
        fresh(&board, "ne"),
        "\"ne\" is in every owner's name"
    );
    assert_ne!(shown(&app), fresh(&board, "needle"));
}

fn backspace(app: &mut App) {
    app.update(
        Action::Text(ratatui_textarea::Input {
            key: ratatui_textarea::Key::Backspace,
            ctrl: false,
            alt: false,
            shift: false,
        }),
        now(),
    );
}

#[test]
fn a_change_under_a_filter_is_shown_as_the_filter_reads_it() {
    let board = big_board();
    let mut app = on_screen(board.clone(), "big.ron");
    keys(&mut app, "fneedle<enter>");
    let before = shown(&app);
    // Another writer renames question 7 to hold a needle and question 500 not to.
    let mut theirs = board.clone();
    theirs
        .edit(7, now(), |e| {
            e.title = "question 7, now with a needle".into()
        })
        .unwrap();
    theirs
        .edit(500, now(), |e| e.title = "question 500, plain".into())
        .unwrap();
    app.update(
        Action::DiskChanged {
            seen: app.session.disk_seen + 1,
            board: Ok(theirs.clone()),
        },
        now(),
    );
    let after = shown(&app);
    assert_ne!(after, before);
    assert!(after.0[Lane::ALL[1].index()].contains(&7));
    assert!(!after.0[Lane::ALL[2].index()].contains(&500));
    assert_eq!(after, fresh(&theirs, "needle"));
}

#[test]
fn a_change_while_a_filter_is_worked_out_starts_it_over_on_the_new_board() {
    let board = big_board();
    let mut app = on_screen(board.clone(), "big.ron");
    keys(&mut app, "fneedle");
    assert!(app.filter_pending());
    let mut theirs = board.clone();
    theirs.remove(1).unwrap();
    app.update(
        Action::DiskChanged {
            seen: app.session.disk_seen + 1,
            board: Ok(theirs.clone()),
        },
        now(),
    );
    keys(&mut app, "<enter>");
    assert_eq!(shown(&app), fresh(&theirs, "needle"));
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
