//! What the disk and the saver say: other writers, a broken file, failed saves, late reports.

use super::tests::{app_with, keys, now};
use super::*;

/// The watcher's or the saver's report of a newer look at the file.
pub(super) fn newer_look(app: &App, board: Result<Board, Unreadable>) -> Action {
    Action::DiskChanged {
        seen: app.session.disk_seen + 1,
        board,
    }
}

/// A file on disk that does not load, at a line and column.
fn unreadable(line: usize, col: usize, message: &str) -> Unreadable {
    Unreadable {
        path: "board.ron".into(),
        error: crate::format::FormatError {
            line,
            col,
            message: message.into(),
            kind: crate::format::FaultKind::Syntax,
        },
    }
}

/// A write the file system refused.
fn refused(message: &str) -> SaveError {
    SaveError::Write {
        kind: std::io::ErrorKind::Other,
        message: message.into(),
    }
}

/// What the saver would report after writing the app's board.
fn saved(app: &mut App) -> Vec<Effect> {
    let written = app.session.board.clone();
    let generation = app.session.generation;
    app.update(
        Action::Saved {
            seen: app.session.disk_seen + 1,
            generation,
            result: Ok(written),
        },
        now(),
    )
}

#[test]
fn the_saver_report_marks_the_board_saved_only_for_the_newest_change() {
    let mut app = app_with(&[]);
    keys(&mut app, "afirst<enter>second<enter><enter>");
    assert_eq!(app.session.generation, 2);
    app.update(
        Action::Saved {
            seen: app.session.disk_seen + 1,
            generation: 1,
            result: Ok(app.session.board.clone()),
        },
        now(),
    );
    assert_eq!(app.session.save_state, SaveState::Saving);
    app.update(
        Action::Saved {
            seen: app.session.disk_seen + 1,
            generation: 2,
            result: Ok(app.session.board.clone()),
        },
        now(),
    );
    assert_eq!(app.session.save_state, SaveState::Saved);
    app.update(
        Action::Saved {
            seen: app.session.disk_seen + 1,
            generation: 2,
            result: Err(refused("disk full")),
        },
        now(),
    );
    assert_eq!(
        app.session.save_state,
        SaveState::Failed(refused("disk full"))
    );
}

#[test]
fn outside_changes_are_merged_in_and_the_selection_stays() {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    keys(&mut app, "j");
    assert_eq!(app.selected_id(), Some(2));
    // Someone else adds a question at the top and edits #1.
    let mut disk = app.session.base.clone();
    disk.add("from the CLI", Lane::Blocking, now()).unwrap();
    disk.move_to(3, Lane::Blocking, 0, now()).unwrap();
    disk.edit(1, now(), |e| e.known = "theirs".into()).unwrap();
    let effects = app.update(newer_look(&app, Ok(disk.clone())), now());
    assert!(effects.is_empty(), "nothing of ours to write");
    assert_eq!(app.session.board, disk);
    assert_eq!(app.selected_id(), Some(2), "still on the same question");
    assert!(app.message.as_ref().unwrap().0.contains("merged in"));
}

#[test]
fn our_unsaved_change_and_theirs_are_both_kept() {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    keys(&mut app, "amine<enter>");
    // Before our save landed, the CLI added its own #3 and moved #1.
    let mut disk = app.session.base.clone();
    disk.add("theirs", Lane::Interesting, now()).unwrap();
    disk.move_to(1, Lane::Uncomfortable, 0, now()).unwrap();
    let effects = app.update(newer_look(&app, Ok(disk)), now());
    assert_eq!(effects, vec![Effect::Save], "ours still needs writing");
    let titles: Vec<_> = app
        .session
        .board
        .questions()
        .iter()
        .map(|q| (q.id, q.title.clone()))
        .collect();
    assert!(titles.contains(&(3, "theirs".into())));
    assert!(titles.contains(&(4, "mine".into())), "{titles:?}");
    assert_eq!(app.session.board.get(1).unwrap().lane, Lane::Uncomfortable);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .0
            .contains("your #3 is now #4")
    );
}

#[test]
fn undo_takes_back_only_our_own_change() {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    keys(&mut app, "L");
    saved(&mut app);
    let mut disk = app.session.base.clone();
    disk.edit(2, now(), |e| e.title = "edited elsewhere".into())
        .unwrap();
    app.update(newer_look(&app, Ok(disk)), now());
    keys(&mut app, "u");
    assert_eq!(
        app.session.board.get(1).unwrap().lane,
        Lane::Blocking,
        "our move is undone"
    );
    assert_eq!(
        app.session.board.get(2).unwrap().title,
        "edited elsewhere",
        "theirs stays"
    );
    keys(&mut app, "<c-r>");
    assert_eq!(app.session.board.get(1).unwrap().lane, Lane::Uncomfortable);
    assert_eq!(app.session.board.get(2).unwrap().title, "edited elsewhere");
}

#[test]
fn a_broken_file_on_disk_holds_saving_until_it_loads_or_w() {
    let mut app = app_with(&[("a", Lane::Blocking)]);
    app.update(
        newer_look(&app, Err(unreadable(3, 5, "expected comma"))),
        now(),
    );
    assert!(matches!(app.session.save_state, SaveState::Held(_)));
    let effects = keys(&mut app, "awhile broken<enter><enter>");
    assert!(effects.is_empty(), "nothing is written over a broken file");
    assert_eq!(
        app.session.board.questions().len(),
        2,
        "but the change is kept in memory"
    );
    // The file is fixed by hand: the change is saved, merged on top.
    let fixed = app.session.base.clone();
    let effects = app.update(newer_look(&app, Ok(fixed)), now());
    assert_eq!(effects, vec![Effect::Save]);
    // Or: broken again, and the user chooses their version.
    app.update(newer_look(&app, Err(unreadable(1, 1, "broken"))), now());
    assert_eq!(keys(&mut app, "W"), vec![Effect::SaveOverBroken]);
}

#[test]
fn quitting_waits_for_the_save_and_asks_when_it_failed() {
    let mut app = app_with(&[]);
    keys(&mut app, "aone<enter><enter>");
    assert!(keys(&mut app, "q").is_empty(), "waits for the save");
    assert_eq!(saved(&mut app), vec![Effect::Quit]);

    let mut app = app_with(&[]);
    keys(&mut app, "aone<enter><enter>");
    let generation = app.session.generation;
    app.update(
        Action::Saved {
            seen: app.session.disk_seen + 1,
            generation,
            result: Err(refused("read-only file system")),
        },
        now(),
    );
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.context(), Context::Quit);
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Board, "Esc stays");
    keys(&mut app, "q");
    assert_eq!(keys(&mut app, "s"), vec![]);
    assert_eq!(app.context(), Context::Input);
    assert_eq!(
        keys(&mut app, "/tmp/copy.ron<enter>"),
        vec![Effect::SaveAs("/tmp/copy.ron".into())]
    );
    assert_eq!(keys(&mut app, "y"), vec![Effect::Quit]);
}

#[test]
fn our_own_write_seen_by_the_watcher_changes_nothing_and_keeps_the_message() {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    keys(&mut app, "L");
    let message = app.message.clone();
    let board = app.session.board.clone();
    // The watcher saw the file before the saver reported it written.
    let effects = app.update(newer_look(&app, Ok(board.clone())), now());
    assert!(effects.is_empty(), "nothing to write again");
    assert_eq!(app.session.board, board);
    assert_eq!(app.session.base, board, "it is what is on disk now");
    assert_eq!(app.message, message, "#1 moved… stays on the status line");
}

#[test]
fn a_late_report_of_an_older_file_does_not_undo_a_newer_change() {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    let older = app.session.base.clone();
    // The CLI moved #1; the saver's look (number 2) reported it first…
    let mut newer = older.clone();
    newer.move_to(1, Lane::Interesting, 0, now()).unwrap();
    app.update(
        Action::DiskChanged {
            seen: 2,
            board: Ok(newer.clone()),
        },
        now(),
    );
    assert_eq!(app.session.board.get(1).unwrap().lane, Lane::Interesting);
    // …and the watcher's look (number 1, before the move) arrives late.
    let effects = app.update(
        Action::DiskChanged {
            seen: 1,
            board: Ok(older),
        },
        now(),
    );
    assert!(effects.is_empty());
    assert_eq!(
        app.session.board.get(1).unwrap().lane,
        Lane::Interesting,
        "the move is not undone"
    );
    assert_eq!(app.session.base, newer);
}

#[test]
fn a_save_report_older_than_a_look_taken_in_does_not_become_the_base() {
    let mut app = app_with(&[("a", Lane::Blocking)]);
    keys(&mut app, "amine<enter><enter>");
    let written = app.session.board.clone();
    // After our write (look 1), the CLI edited #1 (look 2); look 2 is heard of first.
    let mut theirs = written.clone();
    theirs
        .edit(1, now(), |e| e.known = "from the CLI".into())
        .unwrap();
    app.update(
        Action::DiskChanged {
            seen: 2,
            board: Ok(theirs.clone()),
        },
        now(),
    );
    let generation = app.session.generation;
    app.update(
        Action::Saved {
            generation,
            seen: 1,
            result: Ok(written),
        },
        now(),
    );
    assert_eq!(app.session.base, theirs, "the file holds their edit too");
    assert_eq!(app.session.board.get(1).unwrap().known, "from the CLI");
    assert_eq!(app.session.save_state, SaveState::Saved);
}
