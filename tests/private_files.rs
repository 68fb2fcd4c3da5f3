//! Nobody gets in: files the app makes never go through a symlink someone planted, what it
//! keeps for the user is private, lock-file problems name the lock file, and a full state
//! folder never stops the board's own save.

mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;

/// A world-writable folder (as /tmp, or a shared team folder) holding the board, and a file of
/// the user's that an attacker would like overwritten.
fn shared_folder() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let shared = home.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let victim = home.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    (home, shared.join("board.ron"), victim)
}

#[test]
fn symlinks_planted_at_every_name_next_to_the_board_leave_their_target_untouched() {
    let (home, board, victim) = shared_folder();
    let shared = board.parent().unwrap();
    // The names the app used to write through, or writes now.
    for name in [".board.ron.tmp", ".board.ron.lock"] {
        std::os::unix::fs::symlink(&victim, shared.join(name)).unwrap();
    }
    let (ok, _, err) = run_cli(&board, &["add", "first question"]);
    assert!(!ok, "a planted lock file is refused");
    assert!(
        err.contains(".board.ron.lock") && err.contains("symbolic link"),
        "{err}"
    );
    assert!(
        !err.contains("board.ron: "),
        "the board is not blamed: {err}"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!board.exists());

    std::fs::remove_file(shared.join(".board.ron.lock")).unwrap();
    let (ok, _, err) = run_cli(&board, &["add", "first question"]);
    assert!(ok, "{err}");
    assert!(run_cli(&board, &["add", "second question"]).0);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(shared.join(".board.ron.tmp"))
            .unwrap()
            .is_symlink(),
        "the planted name was never written through"
    );
    assert!(
        std::fs::read_to_string(&board)
            .unwrap()
            .contains("second question")
    );
    // The only files the app left are the board and its lock; nothing temporary.
    let mut names: Vec<String> = std::fs::read_dir(shared)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "state")
        .collect();
    names.sort();
    assert_eq!(names, [".board.ron.lock", ".board.ron.tmp", "board.ron"]);
    // What the app keeps besides the board is the user's alone.
    let backups = home.path().join("shared/state/unknowns/backups");
    assert_eq!(
        file_mode(&backups.parent().unwrap().parent().unwrap().join("unknowns")),
        0o700
    );
    for entry in std::fs::read_dir(&backups).unwrap() {
        let dir = entry.unwrap().path();
        assert_eq!(file_mode(&dir), 0o700);
        for file in std::fs::read_dir(&dir).unwrap() {
            assert_eq!(file_mode(&file.unwrap().path()), 0o600);
        }
    }
}

#[test]
fn a_lock_file_that_is_a_folder_is_named_with_what_to_do() {
    let (_dir, board) = temp_board();
    std::fs::create_dir(board.parent().unwrap().join(".board.ron.lock")).unwrap();
    let (ok, _, err) = run_cli(&board, &["add", "x"]);
    assert!(!ok);
    assert!(
        err.contains("lock file")
            && err.contains(".board.ron.lock")
            && err.contains("is a folder: remove it"),
        "{err}"
    );
}

#[test]
fn a_full_state_folder_never_stops_the_board_s_own_save() {
    let (dir, board) = temp_board();
    // The state folder cannot be made (a file stands where it should be), as on a full disk.
    std::fs::write(dir.path().join("state"), "").unwrap();
    assert!(run_cli(&board, &["add", "first"]).0);
    let (ok, out, err) = run_cli(&board, &["add", "second"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "2");
    assert!(
        err.contains("backups are failing in") && err.contains("state"),
        "{err}"
    );
    assert!(
        !err.contains("board.ron:"),
        "the board is not blamed: {err}"
    );
    assert!(std::fs::read_to_string(&board).unwrap().contains("second"));
}

#[test]
fn the_tui_saves_when_backups_fail_and_says_so() {
    let (dir, board) = temp_board();
    std::fs::write(&board, "(version: 1, questions: [])").unwrap();
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "").unwrap();
    let mut tui = Tui::start_env(
        &["--board", board.to_str().unwrap()],
        120,
        30,
        &[("XDG_STATE_HOME", blocked.to_str().unwrap())],
        None,
    );
    tui.wait_for("unknowns");
    tui.keys(&["a"]);
    tui.wait_for("Add to");
    tui.send("kept although backups fail");
    tui.keys(&[ENTER, ENTER]);
    tui.wait_until("saved, with backups failing", |s| {
        s.contains("BACKUPS FAILING") && s.contains("● saved")
    });
    wait_file(&board, |f| f.contains("kept although backups fail"));
    tui.quit();
}

#[test]
fn a_board_committed_as_a_link_out_of_the_work_tree_is_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let outside = dir.path().join("home-bashrc");
    std::fs::write(&outside, "export PATH=/usr/bin\n").unwrap();
    let board = repo.join("unknowns.ron");
    std::os::unix::fs::symlink("../home-bashrc", &board).unwrap();
    let (ok, _, err) = run_cli(&board, &["add", "Which ledger?"]);
    assert!(!ok);
    assert!(err.contains("symbolic link"), "{err}");
    assert!(err.contains("home-bashrc"), "the target is named: {err}");
    assert_eq!(read(&outside), "export PATH=/usr/bin\n", "untouched");
    assert!(
        !dir.path().join(".home-bashrc.lock").exists(),
        "no lock made there"
    );
    // The app, open while a pull turns the board into that link, is told the file is broken;
    // W cannot write through it either.
    std::fs::remove_file(&board).unwrap();
    std::fs::write(
        &board,
        "(questions: [(id: 1, title: \"Which ledger?\", lane: Blocking)])",
    )
    .unwrap();
    let mut tui = Tui::open(&board, 100, 30);
    std::fs::remove_file(&board).unwrap();
    std::os::unix::fs::symlink("../home-bashrc", &board).unwrap();
    tui.wait_for("NOT SAVED");
    tui.keys(&["W"]);
    std::thread::sleep(Duration::from_millis(300));
    tui.keys(&["M"]);
    tui.wait_for("symbolic link");
    tui.keys(&[ESC]);
    drop(tui);
    assert_eq!(read(&outside), "export PATH=/usr/bin\n", "untouched");
    // A link that stays inside the work tree is followed as before.
    let inner = repo.join("boards/real.ron");
    std::fs::create_dir_all(inner.parent().unwrap()).unwrap();
    let linked = repo.join("linked.ron");
    std::os::unix::fs::symlink("boards/real.ron", &linked).unwrap();
    let (ok, _, err) = run_cli(&linked, &["add", "Inside"]);
    assert!(ok, "{err}");
    assert!(read(&inner).contains("Inside"));
}

#[test]
fn temporary_files_a_killed_save_left_are_removed_by_the_next_save() {
    let (dir, board) = temp_board();
    run_cli(&board, &["add", "Which ledger?"]);
    let stale = dir.path().join(".board.ron.k1ll3d.tmp");
    std::fs::write(&stale, "half a board").unwrap();
    // One a live writer holds (its lock stands) is not touched.
    let held = dir.path().join(".board.ron.wr1t1n.tmp");
    std::fs::write(&held, "being written").unwrap();
    let holder = std::fs::File::open(&held).unwrap();
    holder.lock().unwrap();
    let (ok, out, err) = run_cli(&board, &["check"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("1 temporary file left by a save that was killed"),
        "{out}"
    );
    assert!(out.contains("k1ll3d"), "{out}");
    assert!(!out.contains("wr1t1n"), "{out}");
    run_cli(&board, &["add", "Cut over by region?"]);
    assert!(!stale.exists(), "removed by the next save");
    assert!(held.exists(), "a file a live process holds stays");
    drop(holder);
    let (_, out, _) = run_cli(&board, &["check"]);
    assert!(out.contains("wr1t1n"), "once let go, it is stale: {out}");
}

#[test]
fn a_demo_leaves_nothing_behind_however_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    let state = dir.path().join("state");
    std::fs::create_dir_all(&tmp).unwrap();
    let left = || -> Vec<String> {
        std::fs::read_dir(&tmp)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    // A command on the demo.
    let (ok, out, err) = run_command(
        command(dir.path())
            .env("TMPDIR", &tmp)
            .env("XDG_STATE_HOME", &state)
            .args(["--demo", "list"]),
    );
    assert!(ok, "{err}");
    assert!(out.contains("#1"), "{out}");
    assert_eq!(left(), Vec::<String>::new());
    // The app, quit; and the app stopped by a signal after a change (saved, backed up).
    for stop in ["q", "TERM"] {
        let env = [
            ("TMPDIR", tmp.to_str().unwrap()),
            ("XDG_STATE_HOME", state.to_str().unwrap()),
        ];
        let mut tui = Tui::start_env(&["--demo"], 120, 30, &env, None);
        tui.wait_for("Ledger");
        assert_eq!(left().len(), 1, "the scratch copy while it runs");
        tui.keys(&["L"]);
        tui.wait_for("saved");
        if stop == "q" {
            tui.keys(&["q"]);
        } else {
            let pid = tui.child.process_id().unwrap();
            let killed = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .unwrap();
            assert!(killed.success());
        }
        tui.wait_exit();
        assert_eq!(left(), Vec::<String>::new(), "after {stop}");
        let backups = state.join("unknowns/backups");
        let kept: Vec<_> = std::fs::read_dir(&backups)
            .map(|d| d.map(|e| e.unwrap().file_name()).collect())
            .unwrap_or_default();
        assert!(kept.is_empty(), "the demo's backups go too: {kept:?}");
    }
}
