//! A board shared through real git: a bare origin and two clones in temporary folders (no
//! network). Each case has both people change the board, then sync; it ends with every change
//! present, no conflict markers, unique numbers, references rewritten, and the board loading.
//! Needs `git` on the PATH.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use unknowns::format;
use unknowns::model::{Board, Lane, Status};

struct Team {
    dir: tempfile::TempDir,
}

impl Team {
    /// An origin, and clones for ana and bo; ana starts the board with three questions, sets
    /// it up and pushes; bo clones and sets up.
    fn new() -> Team {
        let team = Team {
            dir: tempfile::tempdir().unwrap(),
        };
        team.git_in(
            team.dir.path(),
            &["init", "--quiet", "--bare", "-b", "main", "origin.git"],
        );
        for who in ["ana", "bo"] {
            team.git_in(team.dir.path(), &["clone", "--quiet", "origin.git", who]);
            team.git(who, &["config", "user.name", who]);
            team.git(
                who,
                &["config", "user.email", &format!("{who}@example.com")],
            );
            if who == "ana" {
                team.git(who, &["checkout", "--quiet", "-b", "main"]);
                for title in ["Which ledger?", "Cut over by region?", "Rewrite the ORM?"] {
                    team.ok(who, &["add", title]);
                }
                team.ok(who, &["git-setup"]);
                team.git(who, &["add", "."]);
                team.git(who, &["commit", "--quiet", "-m", "start"]);
                team.git(who, &["push", "--quiet", "-u", "origin", "main"]);
            } else {
                team.git(who, &["pull", "--quiet"]);
                team.ok(who, &["git-setup"]);
            }
        }
        team
    }

    fn clone(&self, who: &str) -> PathBuf {
        self.dir.path().join(who)
    }

    fn board(&self, who: &str) -> PathBuf {
        self.clone(who).join("unknowns.ron")
    }

    fn env(&self, c: &mut Command) {
        c.env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("gitconfig"))
            .env("GIT_AUTHOR_DATE", "2026-11-24T09:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-11-24T09:00:00Z");
    }

    fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let mut c = Command::new("git");
        self.env(&mut c);
        let out = c.arg("-C").arg(dir).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn git(&self, who: &str, args: &[&str]) -> String {
        self.git_in(&self.clone(who), args)
    }

    /// unknowns, run by `who` in their clone: status, stdout, stderr.
    fn run(&self, who: &str, args: &[&str]) -> (bool, String, String) {
        let mut c = common::command(&self.dir.path().join(format!("home-{who}")));
        self.env(&mut c);
        c.env("USER", who).env("UNKNOWNS_USER", who);
        common::run_command(
            c.current_dir(self.clone(who))
                .arg("--board")
                .arg(self.board(who))
                .args(args),
        )
    }

    fn ok(&self, who: &str, args: &[&str]) -> String {
        let (ok, out, err) = self.run(who, args);
        assert!(ok, "{who}: unknowns {args:?}: {err}{out}");
        out
    }

    fn load(&self, who: &str) -> Board {
        let text = std::fs::read_to_string(self.board(who)).unwrap();
        assert!(!text.contains("<<<<<<<"), "conflict markers:\n{text}");
        format::parse(text.as_bytes()).unwrap()
    }

    /// Changes `who`'s board as another editor would.
    fn edit(&self, who: &str, f: impl FnOnce(&mut Board)) {
        let mut b = self.load(who);
        f(&mut b);
        unknowns::store::save(&self.board(who), &b).unwrap();
    }

    /// The app, opened by `who` on their clone's board, `cols` wide.
    fn app(&self, who: &str, cols: u16) -> common::Tui {
        let home = self.dir.path().to_str().unwrap().to_string();
        let gitconfig = self.dir.path().join("gitconfig");
        common::Tui::start_env(
            &["--board", self.board(who).to_str().unwrap()],
            cols,
            30,
            &[
                ("HOME", &home),
                ("GIT_CONFIG_NOSYSTEM", "1"),
                ("GIT_CONFIG_GLOBAL", gitconfig.to_str().unwrap()),
                ("USER", who),
            ],
            Some(&self.clone(who)),
        )
    }

    /// Both sync, ana first: both end with the same board, which is returned.
    fn sync_both(&self) -> Board {
        self.ok("ana", &["sync"]);
        let said = self.ok("bo", &["sync"]);
        self.ok("ana", &["sync"]);
        let (a, b) = (self.load("ana"), self.load("bo"));
        assert_eq!(
            a, b,
            "both clones hold the same board after syncing ({said})"
        );
        assert_eq!(a.validate(), Ok(()));
        assert_eq!(
            self.git("bo", &["status", "--porcelain"]),
            "",
            "nothing of the app's shows in git status"
        );
        a
    }
}

fn titled<'a>(b: &'a Board, title: &str) -> &'a unknowns::model::Question {
    b.questions()
        .iter()
        .find(|q| q.title == title)
        .unwrap_or_else(|| panic!("no question {title:?}"))
}

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
    assert_eq!(q.conflicts[0].field, "stakes");
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
