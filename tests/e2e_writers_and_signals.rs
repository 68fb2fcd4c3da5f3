//! End to end: what other writers, signals and hostile files do to a running app.

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

fn signal(tui: &Tui, name: &str) {
    let pid = tui.child.process_id().unwrap();
    let sent = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "the signal was sent");
}

/// A TUI on `board` with its state folder under `state`.
fn open_with_state(board: &Path, state: &Path) -> Tui {
    let tui = Tui::start_env(
        &["--board", board.to_str().unwrap()],
        120,
        30,
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
        None,
    );
    tui.wait_for("unknowns");
    tui
}

/// A board in a folder the app opens, then loses: the folder is moved away and a file put in
/// its place, so every save fails until [`Outage::end`] puts it back.
struct Outage {
    dir: tempfile::TempDir,
    board: PathBuf,
    state: PathBuf,
}

impl Outage {
    /// The app open on a board holding "On disk", its folder gone from under it.
    fn start() -> (Outage, Tui) {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let folder = dir.path().join("boards");
        std::fs::create_dir_all(&folder).unwrap();
        let board = folder.join("board.ron");
        std::fs::write(
            &board,
            "(version: 1, questions: [(id: 1, title: \"On disk\", lane: Blocking)])",
        )
        .unwrap();
        let tui = open_with_state(&board, &state);
        std::fs::rename(&folder, dir.path().join("kept")).unwrap();
        std::fs::write(&folder, "not a folder").unwrap();
        (Outage { dir, board, state }, tui)
    }

    /// The disk comes back.
    fn end(&self) {
        let folder = self.dir.path().join("boards");
        std::fs::remove_file(&folder).unwrap();
        std::fs::rename(self.dir.path().join("kept"), &folder).unwrap();
    }
}

#[test]
fn a_signal_while_saving_fails_keeps_the_changes_in_a_recovery_copy_offered_on_the_next_start() {
    for sig in ["TERM", "HUP", "INT"] {
        // The disk is gone from under it: every save fails.
        let (outage, mut tui) = Outage::start();
        let (board, state) = (&outage.board, &outage.state);
        tui.keys(&["a"]);
        tui.wait_for("Add to");
        tui.send("typed during the outage");
        tui.keys(&[ENTER, ENTER]);
        tui.wait_for("NOT SAVED");
        signal(&tui, sig);
        assert!(!tui.wait_exit().success());
        let screen = tui.wait_for("recovery copy");
        assert!(screen.contains("could NOT be saved"), "{sig}: {screen}");
        assert!(!screen.contains("the board is saved"), "{sig}: {screen}");
        // The disk comes back; the next start offers the copy, and y merges it in.
        outage.end();
        let mut tui = open_with_state(board, state);
        tui.wait_for("recovery copy of this board");
        tui.keys(&["y"]);
        tui.wait_for("recovered changes merged in");
        let file = wait_file(board, |f| f.contains("typed during the outage"));
        assert!(file.contains("On disk"));
        tui.quit();
        // Answered: not offered again. The offer is made before the first frame, so once the
        // board is drawn its absence is final.
        let mut tui = open_with_state(board, state);
        let screen = tui.wait_for("typed during the outage");
        assert!(!screen.contains("recovery copy"), "{sig}: {screen}");
        tui.quit();
    }
}

#[test]
fn text_typed_but_not_submitted_is_offered_back_after_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let board = dir.path().join("board.ron");
    std::fs::write(
        &board,
        "(version: 1, questions: [(id: 1, title: \"Which ledger?\", lane: Blocking)])",
    )
    .unwrap();
    // A decision half typed, then the terminal is closed.
    let mut tui = open_with_state(&board, &state);
    tui.keys(&["d"]);
    tui.wait_for("decision");
    tui.send("Postgres, because the audit");
    tui.wait_for("because the audit");
    signal(&tui, "HUP");
    assert!(!tui.wait_exit().success());
    let screen = tui.wait_for("recovery copy");
    assert!(screen.contains("the board is saved"), "{screen}");
    assert!(screen.contains("the decision of #1"), "{screen}");
    // From the shell, the copy is listed with its text.
    let (ok, out, err) = run_cli_env(&board, &["recover"], &state);
    assert!(ok, "{err}");
    assert!(out.contains("Postgres, because the audit"), "{out}");
    // The next start offers it; y reopens the decision with its text, which can be finished.
    let mut tui = open_with_state(&board, &state);
    tui.wait_for("the decision of #1");
    tui.keys(&["y"]);
    tui.wait_for("reopened");
    tui.send(" trail lives there");
    tui.keys(&[ENTER]);
    let file = wait_file(&board, |f| f.contains("Decided"));
    assert!(
        file.contains("resolution: \"Postgres, because the audit trail lives there\""),
        "{file}"
    );
    tui.quit();
}

#[test]
fn recover_from_the_shell_merges_or_keeps_aside() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let board = dir.path().join("board.ron");
    std::fs::write(
        &board,
        "(version: 1, questions: [(id: 1, title: \"Base\", lane: Blocking)])",
    )
    .unwrap();
    // A crash with an editor open: the title typed is kept.
    let mut tui = Tui::start_env(
        &["--board", board.to_str().unwrap()],
        120,
        30,
        &[
            ("XDG_STATE_HOME", state.to_str().unwrap()),
            ("UNKNOWNS_CRASH_TEST", "1"),
        ],
        None,
    );
    tui.wait_for("Base");
    tui.keys(&["e"]);
    tui.wait_for("Stakes");
    tui.send(" plus words typed before the crash");
    tui.wait_for("before the crash");
    tui.send("\x1b[24~"); // F12: a panic on purpose
    assert!(!tui.wait_exit().success());
    tui.wait_for("next start offers it back");
    let (ok, out, _) = run_cli_env(&board, &["recover"], &state);
    assert!(ok);
    assert!(
        out.contains("the editor of #1") && out.contains("plus words typed before the crash"),
        "{out}"
    );
    let (ok, out, err) = run_cli_env(&board, &["recover", "--aside"], &state);
    assert!(ok, "{err}");
    assert!(out.contains("kept aside"), "{out}");
    let (_, out, _) = run_cli_env(&board, &["recover"], &state);
    assert!(out.contains("no recovery copies"), "{out}");
}

#[test]
fn with_the_state_folder_full_too_the_recovery_copy_goes_to_the_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("boards");
    std::fs::create_dir_all(&folder).unwrap();
    let board = folder.join("board.ron");
    std::fs::write(&board, "(version: 1, questions: [])").unwrap();
    // The state folder cannot be made, and (below) the board's folder goes away.
    let state = dir.path().join("state");
    std::fs::write(&state, "").unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let env = [
        ("XDG_STATE_HOME", state.to_str().unwrap()),
        ("TMPDIR", tmp.to_str().unwrap()),
    ];
    let args = ["--board", board.to_str().unwrap()];
    let mut tui = Tui::start_env(&args, 120, 30, &env, None);
    tui.wait_for("unknowns");
    let kept = dir.path().join("kept");
    std::fs::rename(&folder, &kept).unwrap();
    std::fs::write(&folder, "not a folder").unwrap();
    tui.keys(&["a"]);
    tui.wait_for("Add to");
    tui.send("nowhere to save this");
    tui.keys(&[ENTER, ENTER]);
    tui.wait_for("NOT SAVED");
    signal(&tui, "TERM");
    assert!(!tui.wait_exit().success());
    let screen = tui.wait_for("recovery copy");
    assert!(screen.contains(tmp.to_str().unwrap()), "{screen}");
    // Back on a working disk, the next start finds it there.
    std::fs::remove_file(&folder).unwrap();
    std::fs::rename(&kept, &folder).unwrap();
    let mut tui = Tui::start_env(&args, 120, 30, &env, None);
    tui.wait_for("recovery copy of this board");
    tui.keys(&["y"]);
    wait_file(&board, |f| f.contains("nowhere to save this"));
    tui.quit();
}

#[test]
fn a_terminal_that_goes_away_loses_neither_unsaved_changes_nor_typed_words() {
    // Saves fail (the folder is gone), one question is added, and words are half typed.
    let (outage, mut tui) = Outage::start();
    let (board, state) = (&outage.board, &outage.state);
    tui.keys(&["a"]);
    tui.wait_for("Add to");
    tui.send("added while saves fail");
    tui.keys(&[ENTER]);
    tui.wait_for("NOT SAVED");
    tui.send("half typed when the window closed");
    tui.wait_for("half typed when");
    // The window is closed: no terminal to restore, nothing to write to.
    let status = tui.close_terminal();
    assert!(!status.success());
    outage.end();
    let (ok, out, err) = run_cli_env(board, &["recover"], state);
    assert!(ok, "{err}");
    assert!(
        !out.contains("nothing was left unsaved"),
        "a recovery copy was written: {out}"
    );
    assert!(out.contains("half typed when the window closed"), "{out}");
    assert_eq!(
        out.matches("changes the board lacks").count(),
        1,
        "one copy, written once: {out}"
    );
    // Merged in, the question added while saves failed is on the board.
    let (ok, _, err) = run_cli_env(board, &["recover", "--merge"], state);
    assert!(ok, "{err}");
    assert!(common::read(board).contains("added while saves fail"));
}

#[test]
fn a_hand_edit_that_broke_the_board_and_was_undone_lets_saving_resume() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let board = dir.path().join("board.ron");
    std::fs::write(
        &board,
        "(version: 1, questions: [(id: 1, title: \"Which ledger?\", lane: Blocking)])",
    )
    .unwrap();
    let mut tui = open_with_state(&board, &state);
    tui.keys(&["a"]);
    tui.wait_for("Add to");
    tui.send("before the hand edit");
    tui.keys(&[ENTER, ESC]);
    let good = wait_file(&board, |f| f.contains("before the hand edit"));
    // A broken edit by hand, then `git checkout -- board.ron`: the same bytes come back.
    std::fs::write(&board, good.replace("lane: Blocking", "lane: Blockng")).unwrap();
    tui.wait_for("NOT SAVED");
    tui.keys(&["a"]);
    tui.wait_for("Add to");
    tui.send("while it was broken");
    tui.keys(&[ENTER, ESC]);
    std::fs::write(&board, &good).unwrap();
    // Taken in again, and the change made meanwhile is saved on top, with no backup of a
    // broken file that is fine.
    let file = wait_file(&board, |f| f.contains("while it was broken"));
    assert!(file.contains("before the hand edit"), "{file}");
    let screen = tui.wait_for("saved");
    assert!(!screen.contains("NOT SAVED"), "{screen}");
    tui.quit();
}

#[test]
fn writing_over_a_broken_board_keeps_it_only_as_a_broken_backup() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let board = dir.path().join("board.ron");
    std::fs::write(
        &board,
        "(version: 1, questions: [(id: 1, title: \"Which ledger?\", lane: Blocking)])",
    )
    .unwrap();
    let mut tui = open_with_state(&board, &state);
    // Broken by hand before this session wrote anything; W writes ours over it.
    std::fs::write(
        &board,
        "(version: 1, questions: [(id: 1, title: \"x\", lane: Nope)])",
    )
    .unwrap();
    tui.wait_for("NOT SAVED");
    tui.keys(&["W"]);
    wait_file(&board, |f| f.contains("Which ledger?"));
    tui.wait_for("saved");
    tui.quit();
    let (ok, out, err) = run_cli_env(&board, &["backups"], &state);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("bytes")).collect();
    assert_eq!(lines.len(), 1, "one backup, of the broken file: {out}");
    assert!(lines[0].contains("broken"), "{out}");
}
