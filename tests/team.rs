//! A board shared through real git: a bare origin and two clones in temporary folders (no
//! network). Each case has both people change the board, then sync; it ends with every change
//! present, no conflict markers, unique numbers, references rewritten, and the board loading.
//! Needs `git` on the PATH.

mod common;

use std::process::Command;

use unknowns::format;
use unknowns::model::{Lane, Status};

use common::team::{Team, titled};

#[test]
fn both_add_with_the_same_numbers_and_references_follow() {
    let team = Team::new();
    team.ok("ana", &["add", "Ana's new one"]);
    team.ok("bo", &["add", "Bo's new one"]);
    // Bo's next question waits on Bo's own #4.
    team.ok("bo", &["add", "Bo waits on his", "--after", "4"]);
    team.ok("ana", &["sync"]);
    let said = team.ok("bo", &["sync"]);
    assert!(said.contains("came in from origin/main: 1 new"), "{said}");
    team.ok("ana", &["sync"]);
    let b = team.load("bo");
    assert_eq!(team.load("ana"), b);
    assert_eq!(b.questions().len(), 6);
    let ids: std::collections::HashSet<u32> = b.questions().iter().map(|q| q.id).collect();
    assert_eq!(ids.len(), 6, "numbers are unique");
    assert_eq!(
        titled(&b, "Ana's new one").id,
        4,
        "the number already pushed stays"
    );
    let bos = titled(&b, "Bo's new one");
    assert_ne!(bos.id, 4);
    assert_eq!(titled(&b, "Bo waits on his").after.to_vec(), vec![bos.id]);
    assert!(
        bos.history
            .iter()
            .any(|e| matches!(e.change, unknowns::model::Change::Renumbered { from: 4 }))
    );
}

#[test]
fn moves_in_one_lane_and_a_move_against_an_edit_all_survive() {
    let team = Team::new();
    team.edit("ana", |b| {
        b.move_to(3, Lane::Blocking, 0, common::now()).unwrap()
    });
    team.edit("bo", |b| {
        b.move_to(1, Lane::Blocking, 2, common::now()).unwrap();
        b.edit(3, common::now(), |e| e.stakes = "a month of work".into())
            .unwrap();
    });
    let b = team.sync_both();
    let order: Vec<u32> = b.lane(Lane::Blocking).map(|q| q.id).collect();
    assert_eq!(order, vec![3, 2, 1], "ana moved #3 up, bo moved #1 down");
    assert_eq!(b.get(3).unwrap().stakes, "a month of work");
}

#[test]
fn decided_against_edited_and_prerequisites_from_both_sides() {
    let team = Team::new();
    team.ok("ana", &["decide", "1", "Postgres"]);
    team.edit("ana", |b| {
        b.toggle_prerequisite(2, 3, common::now()).unwrap();
    });
    team.edit("bo", |b| {
        b.edit(1, common::now(), |e| {
            e.known = "finance reconciles daily".into()
        })
        .unwrap();
        b.toggle_prerequisite(3, 1, common::now()).unwrap();
    });
    let b = team.sync_both();
    let q1 = b.get(1).unwrap();
    assert_eq!(q1.status, Status::Decided);
    assert_eq!(q1.known, "finance reconciles daily");
    assert_eq!(b.get(2).unwrap().after.to_vec(), vec![3]);
    assert_eq!(b.get(3).unwrap().after.to_vec(), vec![1]);
}

#[test]
fn one_field_edited_differently_becomes_a_conflict_to_settle() {
    let team = Team::new();
    team.edit("ana", |b| {
        b.edit(2, common::now(), |e| {
            e.stakes = "ana: the routing layer".into()
        })
        .unwrap();
    });
    team.edit("bo", |b| {
        let later = common::now() + jiff::SignedDuration::from_mins(5);
        b.edit(2, later, |e| e.stakes = "bo: the latency budget".into())
            .unwrap();
        b.move_to(2, Lane::Uncomfortable, 0, later).unwrap();
    });
    let b = team.sync_both();
    let q = b.get(2).unwrap();
    assert_eq!(q.stakes, "bo: the latency budget");
    assert_eq!(q.conflicts.len(), 1);
    assert_eq!(q.conflicts[0].field, unknowns::model::Field::Stakes);
    assert_eq!(q.conflicts[0].value, "ana: the routing layer");
    assert_eq!(q.lane, Lane::Uncomfortable);
    let listed = team.ok("ana", &["conflicts"]);
    assert!(listed.contains("ana: the routing layer"), "{listed}");
    assert!(listed.contains("bo: the latency budget"), "{listed}");
    let json = team.ok("ana", &["conflicts", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["conflicts"][0]["field"], "stakes");
    let next = team.ok("ana", &["next"]);
    assert!(next.contains("conflict"), "{next}");
}

#[test]
fn deleted_against_edited_keeps_the_question_with_the_edit() {
    let team = Team::new();
    team.edit("ana", |b| {
        b.remove(3).unwrap();
    });
    team.edit("bo", |b| {
        b.edit(3, common::now(), |e| e.next_step = "ask the DBA".into())
            .unwrap();
    });
    let b = team.sync_both();
    assert_eq!(b.get(3).unwrap().next_step, "ask the DBA");
}

#[test]
fn a_merge_without_the_driver_is_resolved_with_nothing_lost() {
    let team = Team::new();
    // Carl's clone never ran git-setup: git merges the board line by line.
    team.git_in(team.dir.path(), &["clone", "--quiet", "origin.git", "carl"]);
    team.git("carl", &["config", "user.name", "carl"]);
    team.git("carl", &["config", "user.email", "carl@example.com"]);
    team.ok("ana", &["add", "Ana's question"]);
    team.edit("ana", |b| {
        b.edit(2, common::now(), |e| e.known = "ana knows".into())
            .unwrap();
    });
    team.ok("ana", &["sync"]);
    team.ok("carl", &["add", "Carl's question"]);
    team.edit("carl", |b| {
        b.edit(2, common::now(), |e| e.stakes = "carl's stakes".into())
            .unwrap();
    });
    team.git("carl", &["commit", "--quiet", "-am", "carl"]);
    let mut c = Command::new("git");
    team.env(&mut c);
    let pulled = c
        .arg("-C")
        .arg(team.clone("carl"))
        .args(["pull", "--quiet", "--no-rebase"])
        .output()
        .unwrap();
    assert!(
        !pulled.status.success(),
        "git could not merge it line by line"
    );
    let (ok, _, err) = team.run("carl", &["check"]);
    assert!(!ok);
    assert!(err.contains("conflict markers"), "{err}");
    assert!(err.contains("unknowns resolve"), "{err}");
    assert!(
        !err.contains("restore"),
        "a backup would lose one side: {err}"
    );
    let said = team.ok("carl", &["resolve"]);
    assert!(said.contains("git's index"), "{said}");
    let b = team.load("carl");
    assert_eq!(b.validate(), Ok(()));
    titled(&b, "Ana's question");
    titled(&b, "Carl's question");
    assert_eq!(b.get(2).unwrap().known, "ana knows");
    assert_eq!(b.get(2).unwrap().stakes, "carl's stakes");
    team.git("carl", &["commit", "--quiet", "--no-edit"]);

    // Outside a merge (a hosting site's merge button committed the markers): the marked
    // sides are merged.
    let text = std::fs::read_to_string(team.board("ana")).unwrap();
    let mut theirs = team.load("ana");
    theirs
        .add("From the other side", Lane::Interesting, common::now())
        .unwrap();
    let marked = format!(
        "<<<<<<< HEAD\n{text}=======\n{}>>>>>>> feature\n",
        format::write(&theirs)
    );
    std::fs::write(team.board("ana"), marked).unwrap();
    let said = team.ok("ana", &["resolve"]);
    assert!(
        said.contains("marked sides") || said.contains("markers"),
        "{said}"
    );
    titled(&team.load("ana"), "From the other side");
}

#[test]
fn setup_and_doctor_say_what_is_there_and_what_is_missing() {
    let team = Team::new();
    let doctor = team.ok("bo", &["doctor"]);
    assert!(doctor.contains("everything is set up"), "{doctor}");
    team.git("bo", &["config", "--unset", "merge.unknowns.driver"]);
    let (ok, out, err) = team.run("bo", &["doctor"]);
    assert!(!ok);
    assert!(
        out.contains("missing this clone registers the merge driver"),
        "{out}"
    );
    assert!(err.contains("git-setup"), "{err}");
    let said = team.ok("bo", &["git-setup"]);
    assert!(said.contains("registered the merge driver"), "{said}");
    assert!(team.ok("bo", &["git-setup"]).contains("already set up"));
    // The lock file the app makes stays out of git status.
    std::fs::write(team.clone("bo").join(".unknowns.ron.lock"), "").unwrap();
    assert_eq!(team.git("bo", &["status", "--porcelain"]), "");
}

#[test]
fn sync_commits_only_the_board_and_leaves_other_work_alone() {
    let team = Team::new();
    std::fs::write(team.clone("bo").join("notes.txt"), "mine, not ready").unwrap();
    std::fs::write(team.clone("bo").join("staged.txt"), "staged").unwrap();
    team.git("bo", &["add", "staged.txt"]);
    team.ok("bo", &["add", "Bo's question"]);
    let said = team.ok("bo", &["sync"]);
    assert!(said.contains("committed the board: 1 new by bo"), "{said}");
    assert!(said.contains("pushed"), "{said}");
    let status = team.git("bo", &["status", "--porcelain"]);
    assert!(status.contains("A  staged.txt"), "{status}");
    assert!(status.contains("?? notes.txt"), "{status}");
    let files = team.git("bo", &["show", "--name-only", "--format=%s", "HEAD"]);
    assert!(files.starts_with("unknowns: 1 new by bo\n"), "{files}");
    assert!(!files.contains("staged.txt"), "{files}");
}

#[test]
fn sync_offline_says_so_and_keeps_everything() {
    let team = Team::new();
    team.git(
        "bo",
        &["remote", "set-url", "origin", "/nowhere/origin.git"],
    );
    team.ok("bo", &["add", "Offline question"]);
    let (ok, _, err) = team.run("bo", &["sync"]);
    assert!(!ok);
    assert!(err.contains("could not fetch"), "{err}");
    assert!(err.contains("try again"), "{err}");
    titled(&team.load("bo"), "Offline question");
    let log = team.git("bo", &["log", "--format=%s", "-1"]);
    assert_eq!(log.trim(), "unknowns: 1 new by bo");
}

/// In the app: a clone whose upstream moved on shows it after the background fetch; `S`
/// syncs, says what came in, and the new question appears on the board.
#[test]
fn the_app_syncs_on_one_key_and_shows_what_came_in() {
    let team = Team::new();
    team.ok("ana", &["add", "Found overnight: the DBA is away"]);
    team.ok("ana", &["sync"]);
    let mut tui = team.app("bo", 140);
    tui.wait_for("⇣1 to sync");
    tui.send("S");
    let screen = tui.wait_for("came in from origin/main: 1 new by ana");
    assert!(!screen.contains("⇣1"), "{screen}");
    tui.wait_for("Found overnight");
    tui.wait_for("synced ");
    tui.quit();
    assert_eq!(team.load("bo"), team.load("ana"));
}

/// In a repository without a board, set-up (with no --board) makes ./unknowns.ron to commit,
/// not the private board in the data folder.
#[test]
fn setup_in_a_fresh_repository_makes_the_board_there() {
    let team = Team {
        dir: tempfile::tempdir().unwrap(),
    };
    team.git_in(team.dir.path(), &["init", "--quiet", "-b", "main", "repo"]);
    let mut c = common::command(&team.dir.path().join("home"));
    team.env(&mut c);
    let out = c
        .current_dir(team.dir.path().join("repo"))
        .arg("git-setup")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("made an empty board at unknowns.ron"),
        "{said}"
    );
    let board = team.dir.path().join("repo/unknowns.ron");
    assert!(format::parse(&std::fs::read(&board).unwrap()).is_ok());
    let attributes = std::fs::read_to_string(team.dir.path().join("repo/.gitattributes")).unwrap();
    assert_eq!(attributes, "/unknowns.ron merge=unknowns\n");
}

/// A clone that has not registered the driver is told so once, with the command to run.
#[test]
fn the_app_says_once_when_this_clone_has_not_set_up_the_driver() {
    let team = Team::new();
    team.git("bo", &["config", "--unset", "merge.unknowns.driver"]);
    let mut tui = team.app("bo", 160);
    tui.wait_for("run `unknowns git-setup` once");
    tui.quit();
}
