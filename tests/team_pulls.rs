//! However a teammate pulls (`unknowns sync`, `git pull`, `git pull --rebase`, `git stash` and
//! `pop`, a clone that never ran `git-setup`), a number the team has seen never changes, a
//! question is never duplicated, and nothing that does not load is pushed. Real git: a bare
//! origin and clones in temporary folders. Needs `git` on the PATH.

mod common;

use common::team::{Team, titled};

/// Ana shares a new #4; Bo, not synced yet, adds his own #4.
fn both_add_a_fourth(team: &Team) {
    team.ok("ana", &["add", "Ana's shared one"]);
    team.ok("ana", &["sync"]);
    team.ok("bo", &["add", "Bo's own one"]);
}

/// Both clones agree, and the number Ana shared stayed hers.
fn ana_keeps_four(team: &Team) {
    team.ok("ana", &["sync"]);
    let (a, b) = (team.load("ana"), team.load("bo"));
    assert_eq!(a, b, "both clones hold one board");
    assert_eq!(a.validate(), Ok(()));
    assert_eq!(
        titled(&a, "Ana's shared one").id,
        4,
        "a shared number stays"
    );
    assert_eq!(
        titled(&a, "Bo's own one").id,
        5,
        "the one not shared yet moves"
    );
    assert_eq!(team.count_titled("ana", "Bo's own one"), 1);
    assert_eq!(team.count_titled("ana", "Ana's shared one"), 1);
}

#[test]
fn a_rebase_keeps_the_number_already_shared() {
    let team = Team::new();
    both_add_a_fourth(&team);
    team.git("bo", &["commit", "--quiet", "-am", "bo's question"]);
    // During a rebase git hands the driver the upstream as ours.
    team.git("bo", &["pull", "--quiet", "--rebase"]);
    team.git("bo", &["push", "--quiet"]);
    ana_keeps_four(&team);
}

#[test]
fn a_stash_popped_after_a_pull_keeps_the_number_already_shared() {
    let team = Team::new();
    both_add_a_fourth(&team);
    team.git("bo", &["stash", "--quiet"]);
    team.git("bo", &["pull", "--quiet", "--no-rebase"]);
    team.git("bo", &["stash", "pop", "--quiet"]);
    team.ok("bo", &["sync"]);
    ana_keeps_four(&team);
}

#[test]
fn a_plain_pull_keeps_the_number_already_shared() {
    let team = Team::new();
    both_add_a_fourth(&team);
    team.git("bo", &["commit", "--quiet", "-am", "bo's question"]);
    team.git("bo", &["pull", "--quiet", "--no-rebase"]);
    team.git("bo", &["push", "--quiet"]);
    ana_keeps_four(&team);
}

/// The board's text with one more question block, typed by hand (no key, no times).
fn with_block(text: &str, block: &str) -> String {
    let end = text.rfind("    ],\n)").expect("the end of the questions");
    format!("{}{block}{}", &text[..end], &text[end..])
}

#[test]
fn a_question_typed_by_hand_stays_one_question_through_every_pull() {
    let team = Team::new();
    let text = std::fs::read_to_string(team.board("ana")).unwrap();
    let typed = "        (id: 4, title: \"Typed by hand\", lane: Blocking),\n";
    team.write_by_hand("ana", &with_block(&text, typed));
    team.git("ana", &["commit", "--quiet", "-am", "typed by hand"]);
    team.git("ana", &["push", "--quiet"]);
    team.git("bo", &["pull", "--quiet"]);
    // Bo's program writes the board: the question gets its key there.
    team.ok("bo", &["move", "4", "u"]);
    assert!(
        team.load("bo").get(4).unwrap().key.is_some(),
        "a key the first time the program writes it"
    );
    team.git("bo", &["commit", "--quiet", "-am", "moved"]);
    // Ana changes it by hand meanwhile, still without a key.
    let typed_more =
        "        (id: 4, title: \"Typed by hand\", lane: Blocking, known: \"typed\"),\n";
    team.write_by_hand("ana", &with_block(&text, typed_more));
    team.git("ana", &["commit", "--quiet", "-am", "known, by hand"]);
    team.git("ana", &["push", "--quiet"]);
    team.git("bo", &["pull", "--quiet", "--rebase"]);
    team.git("bo", &["push", "--quiet"]);
    team.git("ana", &["pull", "--quiet"]);
    for who in ["ana", "bo"] {
        assert_eq!(
            team.count_titled(who, "Typed by hand"),
            1,
            "{who}: never duplicated"
        );
        let b = team.load(who);
        let q = titled(&b, "Typed by hand");
        assert_eq!(q.lane, unknowns::model::Lane::Uncomfortable, "{who}");
        assert_eq!(q.known, "typed", "{who}");
        assert!(q.is_open(), "{who}");
    }
    assert_eq!(team.load("ana"), team.load("bo"));
}

#[test]
fn sync_in_a_clone_without_set_up_merges_with_the_driver() {
    let team = Team::new();
    // Nobody set up the attribute either: git would merge the board line by line.
    team.git("ana", &["rm", "--quiet", ".gitattributes"]);
    team.git("ana", &["commit", "--quiet", "-m", "no attributes"]);
    team.git("ana", &["push", "--quiet"]);
    team.join("carl", false);
    team.ok("ana", &["add", "Ana's shared one"]);
    team.ok("ana", &["sync"]);
    team.ok("carl", &["add", "Carl's own one"]);
    let said = team.ok("carl", &["sync"]);
    assert!(said.contains("pushed to origin/main"), "{said}");
    assert!(
        said.contains("#4 is now #5") || said.contains("1 new"),
        "{said}"
    );
    team.ok("carl", &["check"]);
    team.ok("ana", &["sync"]);
    let (a, c) = (team.load("ana"), team.load("carl"));
    assert_eq!(a, c);
    assert_eq!(titled(&a, "Ana's shared one").id, 4);
    assert_eq!(titled(&a, "Carl's own one").id, 5);
}

#[test]
fn sync_never_pushes_a_board_that_does_not_load() {
    let team = Team::new();
    // A board damaged by a line-by-line merge, committed: two questions numbered 2.
    let text = std::fs::read_to_string(team.board("bo")).unwrap();
    let copy = "        (id: 2, title: \"Merged without the driver\", lane: Blocking),\n";
    team.write_by_hand("bo", &with_block(&text, copy));
    team.git("bo", &["commit", "--quiet", "-am", "a text merge"]);
    let origin_before = team.git("ana", &["ls-remote", "origin", "main"]);
    let (ok, out, err) = team.run("bo", &["sync"]);
    assert!(!ok, "{out}");
    assert!(err.contains("nothing was"), "{err}");
    assert!(err.contains("unknowns resolve"), "{err}");
    assert_eq!(
        team.git("ana", &["ls-remote", "origin", "main"]),
        origin_before,
        "nothing pushed"
    );
    // check names the damage; resolve repairs it: the one not shared moves.
    let (ok, _, err) = team.run("bo", &["check"]);
    assert!(!ok);
    assert!(
        err.contains("two questions numbered 2: merged without the driver"),
        "{err}"
    );
    let said = team.ok("bo", &["resolve"]);
    assert!(said.contains("#2"), "{said}");
    let b = team.load("bo");
    assert_eq!(b.validate(), Ok(()));
    assert_eq!(
        titled(&b, "Cut over by region?").id,
        2,
        "the shared #2 stays"
    );
    assert_eq!(titled(&b, "Merged without the driver").id, 4);
    team.ok("bo", &["sync"]);
    team.ok("ana", &["sync"]);
    assert_eq!(team.load("ana"), team.load("bo"));
}

#[test]
fn set_up_is_committed_so_teammates_get_the_attribute() {
    let team = Team::new();
    // Team::new ran git-setup: .gitattributes and .gitignore are committed and pushed.
    for file in [".gitattributes", ".gitignore"] {
        let tracked = team.git("bo", &["ls-files", file]);
        assert_eq!(tracked.trim(), file, "{file} reached the teammate");
    }
    let said = team.ok("bo", &["doctor"]);
    assert!(
        said.contains("ok      .gitattributes is committed and pushed"),
        "{said}"
    );
    // Set up again: nothing to commit, and it says so.
    let again = team.ok("bo", &["git-setup"]);
    assert!(again.contains("already set up"), "{again}");
    // A change not pushed yet is missing for doctor.
    std::fs::write(team.clone("bo").join(".gitignore"), "/other\n").unwrap();
    let (ok, out, _) = team.run("bo", &["doctor"]);
    assert!(!ok);
    assert!(out.contains("missing .gitignore is committed"), "{out}");
}

#[test]
fn set_up_writes_names_git_reads_back_exactly() {
    let team = Team::new();
    for name in [
        "my board.ron",
        "star*.ron",
        "sub dir/b o.ron",
        "br[a]ck#et!.ron",
    ] {
        let path = team.clone("bo").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut c = common::command(&team.dir.path().join("home-bo"));
        c.current_dir(team.clone("bo"))
            .env("HOME", team.dir.path())
            .arg("--board")
            .arg(&path)
            .arg("git-setup");
        let (ok, out, err) = common::run_command(&mut c);
        assert!(ok, "{name}: {out}{err}");
        let attr = team.git("bo", &["check-attr", "merge", "--", name]);
        assert!(
            attr.trim_end().ends_with("merge: unknowns"),
            "{name}: {attr}"
        );
        let lock = match name.rsplit_once('/') {
            Some((dir, file)) => format!("{dir}/.{file}.lock"),
            None => format!(".{name}.lock"),
        };
        let (ignored, _) = team.git_may_fail("bo", &["check-ignore", "-q", "--no-index", &lock]);
        assert!(ignored, "{name}: its lock is ignored");
    }
    // A glob in a name marks only that name.
    let other = team.git("bo", &["check-attr", "merge", "--", "starX.ron"]);
    assert!(other.contains("unspecified"), "{other}");
    // A newline cannot be written safely: refused, nothing written.
    let before = std::fs::read_to_string(team.clone("bo").join(".gitattributes")).unwrap();
    let mut c = common::command(&team.dir.path().join("home-bo"));
    c.current_dir(team.clone("bo"))
        .env("HOME", team.dir.path())
        .arg("--board")
        .arg(team.clone("bo").join("two\nlines.ron"))
        .arg("git-setup");
    let (ok, _, err) = common::run_command(&mut c);
    assert!(!ok);
    assert!(err.contains("cannot be named in .gitattributes"), "{err}");
    assert_eq!(
        std::fs::read_to_string(team.clone("bo").join(".gitattributes")).unwrap(),
        before
    );
}

/// Bo's remote hangs: its ssh connects to nothing and never answers. Returns the file where
/// the stand-in ssh writes its process id.
fn hanging_remote(team: &Team) -> std::path::PathBuf {
    let pid_file = team.dir.path().join("ssh.pid");
    let script = team.dir.path().join("hanging-ssh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ > '{}'\nexec sleep 300\n",
            pid_file.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    team.git(
        "bo",
        &[
            "remote",
            "set-url",
            "origin",
            "ssh://nowhere.invalid/origin.git",
        ],
    );
    team.git(
        "bo",
        &["config", "core.sshCommand", script.to_str().unwrap()],
    );
    pid_file
}

/// Whether the stand-in ssh still runs (a process ended but not yet reaped does not).
fn alive(pid_file: &std::path::Path) -> bool {
    let pid = std::fs::read_to_string(pid_file).unwrap();
    std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).is_ok_and(|stat| {
        !stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

/// Waits a few seconds for the stand-in ssh to end.
fn ended(pid_file: &std::path::Path) -> bool {
    let start = std::time::Instant::now();
    while alive(pid_file) {
        if start.elapsed() > std::time::Duration::from_secs(5) {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    true
}

#[test]
fn sync_to_a_remote_that_never_answers_times_out_and_keeps_everything() {
    let team = Team::new();
    let pid_file = hanging_remote(&team);
    team.ok("bo", &["add", "Typed before the sync"]);
    let start = std::time::Instant::now();
    let mut c = common::command(&team.dir.path().join("home-bo"));
    c.current_dir(team.clone("bo"))
        .env("HOME", team.dir.path())
        .env("UNKNOWNS_GIT_TIMEOUT", "2")
        .arg("--board")
        .arg(team.board("bo"))
        .arg("sync");
    let (ok, _, err) = common::run_command(&mut c);
    assert!(!ok);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "it gave up"
    );
    assert!(err.contains("timed out"), "{err}");
    assert!(err.contains("everything is kept here"), "{err}");
    assert!(ended(&pid_file), "the ssh it started is ended");
    assert_eq!(team.count_titled("bo", "Typed before the sync"), 1);
}

#[test]
fn quitting_the_app_ends_a_sync_still_waiting_on_the_remote() {
    let team = Team::new();
    let pid_file = hanging_remote(&team);
    let home = team.dir.path().to_str().unwrap().to_string();
    let mut tui = common::Tui::start_env(
        &["--board", team.board("bo").to_str().unwrap()],
        100,
        30,
        &[("HOME", &home), ("UNKNOWNS_GIT_TIMEOUT", "300")],
        Some(&team.clone("bo")),
    );
    tui.keys(&["S"]);
    let start = std::time::Instant::now();
    while !pid_file.exists() {
        assert!(start.elapsed() < common::WAIT, "the sync never reached ssh");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    tui.keys(&["q"]);
    tui.wait_exit();
    assert!(ended(&pid_file), "ssh still runs after the app quit");
}

#[test]
fn sync_says_what_happened_and_nothing_that_did_not() {
    let team = Team::new();
    both_add_a_fourth(&team);
    let said = team.ok("bo", &["sync"]);
    assert!(said.contains("committed the board: 1 new"), "{said}");
    assert!(
        said.contains("#4 is now #5 (both sides added a #4)"),
        "the renumbering is named: {said}"
    );
    assert!(!said.contains("deleted"), "no phantom deletion: {said}");
    assert!(!said.contains("edited"), "no phantom edit: {said}");
    // A title alone: said as a title, not as the board's layout or other files.
    team.ok("ana", &["sync"]);
    team.ok("ana", &["title", "Ledger migration"]);
    let said = team.ok("ana", &["sync"]);
    assert!(
        said.contains("committed the board: the title is now \"Ledger migration\""),
        "{said}"
    );
    let said = team.ok("bo", &["sync"]);
    assert!(
        said.contains("came in from origin/main: the title is now \"Ledger migration\""),
        "{said}"
    );
    // Two titles set at once: a conflict, said, and listed.
    team.ok("ana", &["title", "Ana's name"]);
    team.ok("bo", &["title", "Bo's name"]);
    team.ok("ana", &["sync"]);
    let said = team.ok("bo", &["sync"]);
    assert!(said.contains("1 conflict to settle"), "{said}");
    let listed = team.ok("bo", &["conflicts"]);
    assert!(listed.contains("the board's title"), "{listed}");
    assert!(
        listed.contains("Ana's name") && listed.contains("Bo's name"),
        "{listed}"
    );
}

#[test]
fn a_refused_push_is_fetched_merged_pushed_again_and_said() {
    let team = Team::new();
    team.ok("bo", &["add", "Bo's question"]);
    // Just as Bo pushes, Ana pushes first (a hook stands in for her timing).
    let exe = env!("CARGO_BIN_EXE_unknowns");
    let ana = team.clone("ana");
    let done = team.dir.path().join("ana-pushed");
    let hook = team.clone("bo").join(".git/hooks/pre-push");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\n[ -e '{done}' ] && exit 0\ntouch '{done}'\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n'{exe}' --board '{board}' add \"Ana's question\" >/dev/null\ngit -C '{ana}' commit --quiet -am ana\ngit -C '{ana}' push --quiet\n",
            done = done.display(),
            board = ana.join("unknowns.ron").display(),
            ana = ana.display(),
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    let said = team.ok("bo", &["sync"]);
    assert!(done.exists(), "Ana pushed in between");
    assert!(
        said.contains("moved while we pushed: fetched it, merged and pushed again"),
        "{said}"
    );
    team.ok("ana", &["sync"]);
    assert_eq!(team.load("ana"), team.load("bo"));
    assert_eq!(team.count_titled("ana", "Bo's question"), 1);
    assert_eq!(team.count_titled("ana", "Ana's question"), 1);
}

#[test]
fn sync_concludes_a_merge_the_board_alone_held_up() {
    let team = Team::new();
    // Carl never ran git-setup: a plain git pull stops with markers in the board.
    team.join("carl", false);
    team.ok("ana", &["add", "Ana's question"]);
    team.ok("ana", &["sync"]);
    team.ok("carl", &["add", "Carl's question"]);
    team.git("carl", &["commit", "--quiet", "-am", "carl"]);
    let (pulled, _) = team.git_may_fail("carl", &["pull", "--quiet", "--no-rebase"]);
    assert!(!pulled, "git stopped on the board");
    // Another file staged meanwhile is not in the way: it goes into the merge commit.
    std::fs::write(team.clone("carl").join("notes.txt"), "carl\n").unwrap();
    team.git("carl", &["add", "notes.txt"]);
    team.ok("carl", &["resolve"]);
    let said = team.ok("carl", &["sync"]);
    assert!(said.contains("concluded the merge in progress"), "{said}");
    assert_eq!(
        team.git("carl", &["rev-list", "--count", "--merges", "HEAD"])
            .trim(),
        "1",
        "a merge commit"
    );
    team.ok("ana", &["sync"]);
    assert_eq!(team.load("ana"), team.load("carl"));
    assert_eq!(team.count_titled("ana", "Carl's question"), 1);
}

#[test]
fn sync_names_other_files_git_must_finish_first() {
    let team = Team::new();
    team.join("carl", false);
    std::fs::write(team.clone("ana").join("plan.txt"), "ana's plan\n").unwrap();
    team.git("ana", &["add", "plan.txt"]);
    team.git("ana", &["commit", "--quiet", "-m", "plan"]);
    team.ok("ana", &["add", "Ana's question"]);
    team.ok("ana", &["sync"]);
    std::fs::write(team.clone("carl").join("plan.txt"), "carl's plan\n").unwrap();
    team.git("carl", &["add", "plan.txt"]);
    team.ok("carl", &["add", "Carl's question"]);
    team.git("carl", &["commit", "--quiet", "-am", "carl"]);
    let (pulled, _) = team.git_may_fail("carl", &["pull", "--quiet", "--no-rebase"]);
    assert!(!pulled);
    team.ok("carl", &["resolve"]);
    let head = team.git("carl", &["rev-parse", "HEAD"]);
    let (ok, _, err) = team.run("carl", &["sync"]);
    assert!(!ok);
    assert!(err.contains("plan.txt still conflicted"), "{err}");
    assert_eq!(
        team.git("carl", &["rev-parse", "HEAD"]),
        head,
        "nothing committed"
    );
}

#[test]
fn resolve_in_a_rebase_keeps_the_number_already_shared() {
    let team = Team::new();
    // Carl never ran git-setup and pulls with --rebase: git stops on the board.
    team.join("carl", false);
    team.ok("ana", &["add", "Ana's shared one"]);
    team.ok("ana", &["sync"]);
    team.ok("carl", &["add", "Carl's own one"]);
    team.git("carl", &["commit", "--quiet", "-am", "carl"]);
    let (pulled, _) = team.git_may_fail("carl", &["pull", "--quiet", "--rebase"]);
    assert!(!pulled, "git stopped on the board");
    let said = team.ok("carl", &["resolve"]);
    assert!(said.contains("git's index"), "{said}");
    let b = team.load("carl");
    assert_eq!(
        titled(&b, "Ana's shared one").id,
        4,
        "the shared number stays"
    );
    assert_eq!(titled(&b, "Carl's own one").id, 5);
    let (done, out) =
        team.git_may_fail("carl", &["-c", "core.editor=true", "rebase", "--continue"]);
    assert!(done, "{out}");
}

#[test]
fn sync_says_before_committing_when_staged_work_keeps_git_from_merging() {
    let team = Team::new();
    team.ok("ana", &["add", "Ana's question"]);
    team.ok("ana", &["sync"]);
    std::fs::write(team.clone("bo").join("staged.txt"), "staged").unwrap();
    team.git("bo", &["add", "staged.txt"]);
    team.ok("bo", &["add", "Bo's question"]);
    let head = team.git("bo", &["rev-parse", "HEAD"]);
    let (ok, _, err) = team.run("bo", &["sync"]);
    assert!(!ok);
    assert!(err.contains("staged.txt staged besides the board"), "{err}");
    assert!(err.contains("nothing was committed or merged"), "{err}");
    assert_eq!(
        team.git("bo", &["rev-parse", "HEAD"]),
        head,
        "nothing committed"
    );
    let status = team.git("bo", &["status", "--porcelain"]);
    assert!(status.contains("A  staged.txt"), "left as it was: {status}");
    assert!(status.contains(" M unknowns.ron"), "{status}");
    // Committed (or unstaged), the next sync goes through.
    team.git(
        "bo",
        &["commit", "--quiet", "-m", "staged work", "--", "staged.txt"],
    );
    let said = team.ok("bo", &["sync"]);
    assert!(said.contains("pushed"), "{said}");
}
