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
    /// A merge in progress this sync concluded (the board was its only conflicted file).
    pub concluded: bool,
    /// What came in from the upstream, if anything.
    pub came_in: Option<String>,
    /// Whether our commits were pushed.
    pub pushed: bool,
    /// The upstream moved while we pushed: it was fetched, merged and pushed again.
    pub pushed_again: bool,
    pub upstream: String,
}

impl Synced {
    /// The sync in a few lines for people.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.concluded {
            out.push("concluded the merge in progress (a merge commit)".to_string());
        }
        if let Some(c) = &self.committed {
            out.push(format!("committed the board: {c}"));
        }
        match &self.came_in {
            Some(c) => out.push(format!("came in from {}: {c}", self.upstream)),
            None => out.push(format!("nothing new from {}", self.upstream)),
        }
        if self.pushed_again {
            out.push(format!(
                "{} moved while we pushed: fetched it, merged and pushed again",
                self.upstream
            ));
        } else if self.pushed {
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

/// The board a commit holds: an empty one when it is not there yet; an error when it does
/// not load (a board merged line by line by a clone without the driver, say).
fn board_at(repo: &Repo, rev: &str, rel: &str) -> Result<Board, String> {
    match repo.show(rev, rel) {
        Ok(bytes) => crate::format::parse(&bytes).map_err(|e| format!("{rel} at {rev}: {e}")),
        Err(_) => Ok(Board::default()),
    }
}

/// What a sync says when a board does not load: nothing more is committed or pushed.
fn broken(why: String, then: &str) -> SyncError {
    SyncError::NotReady(format!(
        "{why}; {then}: `unknowns check` says what is wrong and `unknowns resolve` repairs a board merged without the driver"
    ))
}

/// A merge in progress (a `git pull` that stopped): concluded when the board was the only
/// file in the way and it loads now (settled in the app, or by `unknowns resolve`); else
/// why not, changing nothing.
fn conclude(repo: &Repo, path: &Path, rel: &str) -> Result<bool, SyncError> {
    if !repo.merging() {
        if repo.unmerged(rel) {
            return Err(SyncError::NotReady(
                "the board is in the middle of a merge: `unknowns resolve`, then `git commit`"
                    .into(),
            ));
        }
        return Ok(false);
    }
    let others: Vec<String> = repo
        .unmerged_paths()
        .into_iter()
        .filter(|p| p != rel)
        .collect();
    if !others.is_empty() {
        return Err(SyncError::NotReady(format!(
            "a merge is in progress and git must finish it: {} still conflicted (settle them, `git add` them and `git commit`; then sync)",
            others.join(", ")
        )));
    }
    if let Err(e) = crate::store::load(path) {
        return Err(broken(
            e.to_string(),
            "the merge in progress was left as it is",
        ));
    }
    repo.add(rel).map_err(step("mark the board merged"))?;
    repo.conclude_merge()
        .map_err(step("conclude the merge in progress"))?;
    Ok(true)
}

/// Merges the upstream (the board through the driver); the board it gives must load, or
/// nothing is pushed. Returns what came in.
fn merge_upstream(repo: &Repo, rel: &str, upstream: &str) -> Result<String, SyncError> {
    let before = board_at(repo, "HEAD", rel).map_err(|e| broken(e, "nothing was merged"))?;
    if let Err(why) = repo.merge(upstream, rel) {
        repo.abort_merge();
        let others = repo.unmerged_paths();
        return Err(SyncError::Git {
            step: if others.is_empty() {
                "merge the upstream (other files in the repository may be in the way)"
            } else {
                "merge the upstream (other files conflict; nothing was changed)"
            },
            why,
        });
    }
    let after = board_at(repo, "HEAD", rel)
        .map_err(|e| broken(e, "the merge was committed here but nothing was pushed"))?;
    let what = diff::summary(&before, &after);
    Ok(if what.is_empty() {
        "other files only".to_string()
    } else {
        what
    })
}

/// Commits the board if it changed (only the board: other work in the repository stays as it
/// was), fetches, merges the upstream (the board through the merge driver, registered or
/// not), and pushes. A board that does not load is never committed or pushed.
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
    let mut synced = Synced {
        upstream: upstream.clone(),
        concluded: conclude(&repo, path, &rel)?,
        ..Synced::default()
    };
    // Fetched first: whether a merge is coming decides whether other staged work is in the
    // way (git will not merge with changes staged besides the board), and that is said
    // before anything is committed.
    let fetched = repo.fetch();
    let incoming = match &fetched {
        Ok(()) => {
            repo.count("HEAD", &upstream)
                .map_err(step("compare with the upstream"))?
                > 0
        }
        Err(_) => false,
    };
    if incoming {
        let staged: Vec<String> = repo
            .staged_paths()
            .into_iter()
            .filter(|p| *p != rel)
            .collect();
        if !staged.is_empty() {
            return Err(SyncError::NotReady(format!(
                "{} staged besides the board, and git cannot merge {} with staged changes: commit {} (or `git restore --staged` {}), then sync; nothing was committed or merged",
                staged.join(", "),
                upstream,
                if staged.len() == 1 { "it" } else { "them" },
                if staged.len() == 1 { "it" } else { "them" },
            )));
        }
    }
    if repo.changed(&rel).map_err(step("look at the board"))? {
        // Never commit a board that does not load.
        let now_board = match crate::store::load(path) {
            Ok(Some(b)) => b,
            Ok(None) => Board::default(),
            Err(e) => return Err(broken(e.to_string(), "nothing was committed or merged")),
        };
        let before = board_at(&repo, "HEAD", &rel).unwrap_or_default();
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
    // Offline: the board is committed here all the same, and sync can run again.
    fetched.map_err(step("fetch (offline?)"))?;
    if incoming {
        synced.came_in = Some(merge_upstream(&repo, &rel, &upstream)?);
    }
    if repo
        .count(&upstream, "HEAD")
        .map_err(step("compare with the upstream"))?
        > 0
    {
        // What is committed here may have been committed by git alone: never push a board
        // that does not load.
        board_at(&repo, "HEAD", &rel).map_err(|e| broken(e, "nothing was pushed"))?;
        if let Err(first) = repo.push() {
            // Someone pushed in between: take theirs in, and push once more.
            repo.fetch().map_err(step("fetch (offline?)"))?;
            let more = match merge_upstream(&repo, &rel, &upstream) {
                Ok(more) => more,
                Err(SyncError::Git { .. }) => {
                    return Err(SyncError::Git {
                        step: "push",
                        why: first,
                    });
                }
                Err(e) => return Err(e),
            };
            synced.came_in = Some(match synced.came_in.take() {
                Some(had) => format!("{had}; then {more}"),
                None => more,
            });
            repo.push().map_err(step("push (the upstream refused)"))?;
            synced.pushed_again = true;
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

/// Whether `.gitattributes` shares the board through the merge driver but this clone has
/// not registered it (said once when the app opens the board).
pub fn needs_setup(path: &Path) -> bool {
    let Some(repo) = Repo::of(path) else {
        return false;
    };
    let Some(rel) = repo.relative(path) else {
        return false;
    };
    repo.merge_attribute(&rel).as_deref() == Some(DRIVER)
        && repo.config(&format!("merge.{DRIVER}.driver")).is_none()
}
