//! End to end, for trust: what other writers, signals and hostile files do to a running app.

mod common;
use common::*;

#[test]
fn a_zoomed_question_deleted_by_another_writer_leaves_the_app_running() {
    let (_dir, board) = temp_board();
    std::fs::write(
        &board,
        r#"(version: 1, questions: [
            (id: 1, title: "Alpha question", lane: Blocking),
            (id: 2, title: "Bravo question", lane: Blocking),
        ])"#,
    )
    .unwrap();
    let mut tui = Tui::open(&board, 100, 30);
    tui.wait_for("Alpha question");
    tui.keys(&["P", ENTER]);
    tui.wait_until("the zoom", |s| {
        s.contains("Alpha question") && !s.contains("Bravo question")
    });
    // Another writer (a hand edit, a git pull) takes the zoomed question away.
    std::fs::write(
        &board,
        r#"(version: 1, questions: [
            (id: 2, title: "Bravo question", lane: Blocking),
        ])"#,
    )
    .unwrap();
    let screen = tui.wait_for("#1 was deleted elsewhere");
    assert!(screen.contains("Bravo question"), "{screen}");
    assert!(!screen.contains("Alpha question"), "{screen}");
    tui.quit();
}

#[test]
fn a_read_only_board_opens_read_only_and_is_never_rewritten() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, board) = temp_board();
    let text = "(version: 1, questions: [(id: 1, title: \"Frozen question\", lane: Blocking)])";
    std::fs::write(&board, text).unwrap();
    std::fs::set_permissions(&board, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut tui = Tui::open(&board, 120, 30);
    tui.wait_for("READ-ONLY");
    tui.keys(&["L"]);
    tui.wait_for("opened read-only");
    tui.keys(&["a"]);
    tui.wait_for("opened read-only");
    assert!(!tui.screen().contains("Add to"));
    tui.quit();
    assert_eq!(std::fs::read_to_string(&board).unwrap(), text);
    assert_eq!(file_mode(&board), 0o444);

    // --read-only on a board anyone may write: the same, for a shared screen.
    std::fs::set_permissions(&board, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut tui = Tui::start(
        &["--board", board.to_str().unwrap(), "--read-only"],
        120,
        30,
    );
    tui.wait_for("READ-ONLY");
    tui.keys(&["1", "o"]);
    tui.wait_for("opened read-only");
    tui.quit();
    assert_eq!(std::fs::read_to_string(&board).unwrap(), text);
}

#[test]
fn save_a_copy_expands_the_home_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("boards");
    std::fs::create_dir_all(&folder).unwrap();
    let board = folder.join("board.ron");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut tui = Tui::start_env(
        &["--board", board.to_str().unwrap()],
        120,
        30,
        &[("HOME", home.to_str().unwrap())],
        None,
    );
    tui.wait_for("unknowns");
    // The board's folder disappears under it: every save fails.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, "not a folder").unwrap();
    tui.keys(&["a"]);
    tui.wait_for("Add to");
    tui.send("rescued by tilde");
    tui.keys(&[ENTER, ENTER]);
    tui.wait_for("NOT SAVED");
    tui.keys(&["q"]);
    tui.wait_for("Your changes are not on disk");
    tui.keys(&["s"]);
    tui.wait_for("Write a copy of the board to");
    tui.send("~/copy.ron");
    tui.keys(&[ENTER]);
    let copy = wait_file(&home.join("copy.ron"), |f| f.contains("rescued by tilde"));
    assert!(copy.contains("version"));
    tui.keys(&["y"]);
    assert!(tui.wait_exit().success());
}

#[test]
fn two_tuis_and_the_cli_editing_one_question_keep_every_field() {
    let (_dir, board) = temp_board();
    std::fs::write(
        &board,
        r#"(version: 1, questions: [(id: 1, title: "Which ledger", lane: Blocking)])"#,
    )
    .unwrap();
    let mut a = Tui::open(&board, 120, 40);
    let mut b = Tui::open(&board, 120, 40);
    a.wait_for("Which ledger");
    b.wait_for("Which ledger");
    // A opens the editor and starts typing a title.
    a.keys(&["e"]);
    a.wait_for("Stakes");
    a.send(" is the source of truth?");
    // Meanwhile B sets the stakes (Title, Known, Stakes) and the CLI moves the card.
    b.keys(&["e"]);
    b.wait_for("Stakes");
    b.keys(&["\t", "\t"]);
    b.send("Refunds double-book");
    b.keys(&["\x13"]); // Ctrl-s
    b.wait_for("#1 saved");
    wait_file(&board, |f| f.contains("Refunds double-book"));
    let (ok, _, err) = run_cli(&board, &["move", "1", "uncomfortable"]);
    assert!(ok, "{err}");
    a.wait_for("merged in");
    a.keys(&["\x13"]);
    a.wait_for("#1 saved");
    let file = wait_file(&board, |f| f.contains("source of truth"));
    assert!(file.contains("stakes: \"Refunds double-book\""), "{file}");
    assert!(file.contains("lane: Uncomfortable"), "{file}");
    assert!(
        file.contains("title: \"Which ledger is the source of truth?\""),
        "{file}"
    );
    a.quit();
    b.quit();
}
