//! A team sharing a board through real git: a bare origin and clones in temporary folders (no
//! network), each person with their own HOME and git identity. Needs `git` on the PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

use unknowns::format;
use unknowns::model::Board;

pub struct Team {
    pub dir: tempfile::TempDir,
}

impl Team {
    /// An origin, and clones for ana and bo; ana starts the board with three questions, sets
    /// it up and pushes; bo clones and sets up.
    pub fn new() -> Team {
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

    pub fn clone(&self, who: &str) -> PathBuf {
        self.dir.path().join(who)
    }

    pub fn board(&self, who: &str) -> PathBuf {
        self.clone(who).join("unknowns.ron")
    }

    pub fn env(&self, c: &mut Command) {
        c.env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("gitconfig"))
            .env("GIT_AUTHOR_DATE", "2026-11-24T09:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-11-24T09:00:00Z");
    }

    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
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

    /// Git in `who`'s clone, which may fail: whether it did, and what it said.
    pub fn git_may_fail(&self, who: &str, args: &[&str]) -> (bool, String) {
        let mut c = Command::new("git");
        self.env(&mut c);
        let out = c
            .arg("-C")
            .arg(self.clone(who))
            .args(args)
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), said)
    }

    /// Another person's clone of the origin; `setup` says whether they ran `git-setup`.
    pub fn join(&self, who: &str, setup: bool) {
        self.git_in(self.dir.path(), &["clone", "--quiet", "origin.git", who]);
        self.git(who, &["config", "user.name", who]);
        self.git(
            who,
            &["config", "user.email", &format!("{who}@example.com")],
        );
        if setup {
            self.ok(who, &["git-setup"]);
        }
    }

    /// Writes `who`'s board file as a person would, by hand.
    pub fn write_by_hand(&self, who: &str, text: &str) {
        std::fs::write(self.board(who), text).unwrap();
    }

    /// Every question with this title on `who`'s board.
    pub fn count_titled(&self, who: &str, title: &str) -> usize {
        self.load(who)
            .questions()
            .iter()
            .filter(|q| q.title == title)
            .count()
    }

    pub fn git(&self, who: &str, args: &[&str]) -> String {
        self.git_in(&self.clone(who), args)
    }

    /// unknowns, run by `who` in their clone: status, stdout, stderr.
    pub fn run(&self, who: &str, args: &[&str]) -> (bool, String, String) {
        let mut c = super::command(&self.dir.path().join(format!("home-{who}")));
        self.env(&mut c);
        c.env("USER", who).env("UNKNOWNS_USER", who);
        super::run_command(
            c.current_dir(self.clone(who))
                .arg("--board")
                .arg(self.board(who))
                .args(args),
        )
    }

    pub fn ok(&self, who: &str, args: &[&str]) -> String {
        let (ok, out, err) = self.run(who, args);
        assert!(ok, "{who}: unknowns {args:?}: {err}{out}");
        out
    }

    pub fn load(&self, who: &str) -> Board {
        let text = std::fs::read_to_string(self.board(who)).unwrap();
        assert!(!text.contains("<<<<<<<"), "conflict markers:\n{text}");
        format::parse(text.as_bytes()).unwrap()
    }

    /// Changes `who`'s board as another editor would.
    pub fn edit(&self, who: &str, f: impl FnOnce(&mut Board)) {
        let mut b = self.load(who);
        f(&mut b);
        unknowns::store::save(&self.board(who), &b).unwrap();
    }

    /// The app, opened by `who` on their clone's board, `cols` wide.
    pub fn app(&self, who: &str, cols: u16) -> super::Tui {
        let home = self.dir.path().to_str().unwrap().to_string();
        let gitconfig = self.dir.path().join("gitconfig");
        super::Tui::start_env(
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
    pub fn sync_both(&self) -> Board {
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

pub fn titled<'a>(b: &'a Board, title: &str) -> &'a unknowns::model::Question {
    b.questions()
        .iter()
        .find(|q| q.title == title)
        .unwrap_or_else(|| panic!("no question {title:?}"))
}
