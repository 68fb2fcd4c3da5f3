//! A board shared by a team through git: sync (commit the board, fetch, merge the upstream with
//! the merge driver, push) and the set-up check the app makes when it opens a board. Used by
//! the command line and, on a thread of its own, by the app.

use std::path::Path;

use crate::git::{DRIVER, GitError, Repo};
use crate::model::{Board, diff};

/// Why a sync stopped. Whatever it stopped at, nothing is lost: the board is on disk (and
/// committed, once that step is done), and sync can run again.
#[derive(Debug)]
pub enum SyncError {
    /// Not in a repository, no upstream, or the board does not load: nothing was done.
    NotReady(String),
    /// A git step failed: which, and what git said.
    Git { step: &'static str, why: GitError },
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::NotReady(why) => f.write_str(why),
            SyncError::Git { step, why } => {
                let why = why.to_string();
                let first = why.lines().next().unwrap_or("").trim();
                write!(
                    f,
                    "could not {step} ({first}); everything is kept here, try again later"
                )
            }
        }
    }
}

impl std::error::Error for SyncError {}

/// What a sync did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Synced {
    /// What was committed of ours ("1 new, 1 moved"), if anything.
    pub committed: Option<String>,
    /// What came in from the upstream, if anything.
    pub came_in: Option<String>,
    /// Whether our commits were pushed.
    pub pushed: bool,
    pub upstream: String,
}

impl Synced {
    /// The sync in a few lines for people.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(c) = &self.committed {
            out.push(format!("committed the board: {c}"));
        }
        match &self.came_in {
            Some(c) => out.push(format!("came in from {}: {c}", self.upstream)),
            None => out.push(format!("nothing new from {}", self.upstream)),
        }
        if self.pushed {
            out.push(format!("pushed to {}", self.upstream));
        }
        out
    }

    /// The sync in one line, for the status line (which says "synced" with the time).
    pub fn line(&self) -> String {
        self.lines().join("; ")
    }
}

fn step(step: &'static str) -> impl Fn(GitError) -> SyncError {
    move |why| SyncError::Git { step, why }
}

/// The board a commit holds, or an empty one (not there yet, or not loading).
fn board_at(repo: &Repo, rev: &str, rel: &str) -> Board {
    repo.show(rev, rel)
        .ok()
        .and_then(|bytes| crate::format::parse(&bytes).ok())
        .unwrap_or_default()
}

/// Commits the board if it changed (only the board: other work in the repository stays as it
/// was), fetches, merges the upstream (the board through the merge driver), and pushes.
pub fn sync(path: &Path) -> Result<Synced, SyncError> {
    let repo = Repo::of(path).ok_or_else(|| {
        SyncError::NotReady(format!(
            "{} is not in a git repository: sync shares a board through the project's repository",
            path.display()
        ))
    })?;
    let rel = repo.relative(path).ok_or_else(|| {
        SyncError::NotReady(format!(
            "{} is outside {}",
            path.display(),
            repo.top.display()
        ))
    })?;
    let upstream = repo.upstream().ok_or_else(|| {
        SyncError::NotReady(
            "this branch has no upstream to sync with: `git push -u origin HEAD` sets one".into(),
        )
    })?;
    if repo.unmerged(&rel) {
        return Err(SyncError::NotReady(
            "the board is in the middle of a merge: `unknowns resolve`, then `git commit`".into(),
        ));
    }
    let mut synced = Synced {
        upstream: upstream.clone(),
        ..Synced::default()
    };
    if repo.changed(&rel).map_err(step("look at the board"))? {
        // Never commit a board that does not load.
        let now_board = match crate::store::load(path) {
            Ok(Some(b)) => b,
            Ok(None) => Board::default(),
            Err(e) => {
                return Err(SyncError::NotReady(format!(
                    "{e}; nothing was committed or merged"
                )));
            }
        };
        let before = board_at(&repo, "HEAD", &rel);
        let what = diff::summary(&before, &now_board);
        let what = if what.is_empty() {
            "the board's layout".to_string()
        } else {
            what
        };
        repo.commit_only(&rel, &format!("unknowns: {what}"))
            .map_err(step("commit the board"))?;
        synced.committed = Some(what);
    }
    repo.fetch().map_err(step("fetch (offline?)"))?;
    if repo
        .count("HEAD", &upstream)
        .map_err(step("compare with the upstream"))?
        > 0
    {
        let before = board_at(&repo, "HEAD", &rel);
        if let Err(why) = repo.merge(&upstream) {
            repo.abort_merge();
            return Err(SyncError::Git {
                step: "merge the upstream (other files in the repository may be in the way)",
                why,
            });
        }
        let after = board_at(&repo, "HEAD", &rel);
        let what = diff::summary(&before, &after);
        synced.came_in = Some(if what.is_empty() {
            "other files only".to_string()
        } else {
            what
        });
    }
    if repo
        .count(&upstream, "HEAD")
        .map_err(step("compare with the upstream"))?
        > 0
    {
        if let Err(first) = repo.push() {
            // Someone pushed in between: take theirs in, and push once more.
            repo.fetch().map_err(step("fetch (offline?)"))?;
            if repo.merge(&upstream).is_err() {
                repo.abort_merge();
                return Err(SyncError::Git {
                    step: "push",
                    why: first,
                });
            }
            repo.push().map_err(step("push (the upstream refused)"))?;
        }
        synced.pushed = true;
    }
    Ok(synced)
}

/// Fetches, and counts the upstream's commits that change the board and are not merged yet;
/// None when there is no repository or upstream, or the fetch fails (offline).
pub fn upstream_ahead(path: &Path) -> Option<usize> {
    let repo = Repo::of(path)?;
    let rel = repo.relative(path)?;
    let upstream = repo.upstream()?;
    repo.fetch().ok()?;
    repo.count_touching("HEAD", &upstream, &rel).ok()
}

/// Said once when the app opens a board that `.gitattributes` shares through the merge
/// driver but this clone has not registered it.
pub fn setup_notice(path: &Path) -> Option<String> {
    let repo = Repo::of(path)?;
    let rel = repo.relative(path)?;
    if repo.merge_attribute(&rel).as_deref() != Some(DRIVER) {
        return None;
    }
    if repo.config(&format!("merge.{DRIVER}.driver")).is_some() {
        return None;
    }
    Some(
        "this board is shared through git, but this clone has not set up its merge driver: run `unknowns git-setup` once".into(),
    )
}
