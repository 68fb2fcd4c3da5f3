//! The edge that runs `git`: the user's own git, as a subprocess, for sharing a board with a
//! team. Plumbing commands with stable output are used wherever there is one (`rev-parse`,
//! `check-attr -z`, `ls-files -u -z`, `show :N:path`, `status --porcelain=v2`); git never asks
//! for anything on a terminal (`GIT_TERMINAL_PROMPT=0`, no standard input).

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The name of the merge driver in `.gitattributes` and the git config.
pub const DRIVER: &str = "unknowns";

/// A git repository, by its top folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repo {
    pub top: PathBuf,
}

/// What running git said when it failed: its own words.
#[derive(Debug)]
pub struct GitError(pub String);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GitError {}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    c
}

fn run(mut c: Command) -> Result<Output, GitError> {
    let out = c
        .output()
        .map_err(|e| GitError(format!("could not run git: {e}")))?;
    succeeded(out)
}

/// What git gave, or what it said when it failed (its own words).
fn succeeded(out: Output) -> Result<Output, GitError> {
    if out.status.success() {
        Ok(out)
    } else {
        let said = String::from_utf8_lossy(&out.stderr).trim().to_string();
        Err(GitError(if said.is_empty() {
            format!("git exited with {}", out.status)
        } else {
            said
        }))
    }
}

/// How long a git command that talks to a remote (fetch, push) may take before it is ended:
/// a remote that does not answer must not hold a sync, or the app's quit, forever.
/// `UNKNOWNS_GIT_TIMEOUT` (seconds) sets another.
fn network_timeout() -> std::time::Duration {
    let secs = std::env::var("UNKNOWNS_GIT_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|&s| s > 0)
        .unwrap_or(60);
    std::time::Duration::from_secs(secs)
}

/// The process groups of git commands talking to a remote right now, so that they can be
/// ended when the program leaves (a fetch in the background, a sync from the app).
static RUNNING: std::sync::Mutex<Vec<i32>> = std::sync::Mutex::new(Vec::new());

/// Ends every git command this program started that still talks to a remote (and the ssh it
/// runs): called when the app quits.
pub fn end_running() {
    let groups = std::mem::take(&mut *RUNNING.lock().unwrap_or_else(|e| e.into_inner()));
    for group in groups {
        // SAFETY: kill only sends a signal, to a process group this program made.
        unsafe {
            libc::kill(-group, libc::SIGTERM);
        }
    }
}

/// Runs a git command that talks to a remote: in a process group of its own (so ssh goes
/// with it), ended after [`network_timeout`], and registered so that quitting ends it.
fn run_network(mut c: Command) -> Result<Output, GitError> {
    use std::os::unix::process::CommandExt;
    c.process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = c
        .spawn()
        .map_err(|e| GitError(format!("could not run git: {e}")))?;
    let group = child.id() as i32;
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(group);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let limit = network_timeout();
    let result = rx.recv_timeout(limit);
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|&g| g != group);
    let out = match result {
        Ok(out) => out.map_err(|e| GitError(format!("could not run git: {e}")))?,
        Err(_) => {
            // SAFETY: kill only sends a signal, to the process group made for this command.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
            return Err(GitError(format!(
                "the remote did not answer within {}s (timed out; nothing was changed by it)",
                limit.as_secs()
            )));
        }
    };
    succeeded(out)
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

impl Repo {
    /// The repository a path is in, if any (and if git is there to ask).
    pub fn of(path: &Path) -> Option<Repo> {
        let dir = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let mut c = git(&dir);
        c.args(["rev-parse", "--show-toplevel"]);
        let top = text(&run(c).ok()?);
        Some(Repo {
            top: PathBuf::from(top),
        })
    }

    fn cmd(&self) -> Command {
        git(&self.top)
    }

    /// The repository's top folder.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// A path inside the repository, relative to its top, with `/` between parts.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let abs = std::path::absolute(path).ok()?;
        let abs = abs
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .map_or(abs.clone(), |p| p.join(abs.file_name().unwrap_or_default()));
        let top = self.top.canonicalize().ok()?;
        let rel = abs.strip_prefix(&top).ok()?;
        Some(
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }

    /// A value of this clone's git config.
    pub fn config(&self, key: &str) -> Option<String> {
        let mut c = self.cmd();
        c.args(["config", "--get", key]);
        run(c).ok().map(|o| text(&o)).filter(|v| !v.is_empty())
    }

    pub fn set_config(&self, key: &str, value: &str) -> Result<(), GitError> {
        let mut c = self.cmd();
        c.args(["config", key, value]);
        run(c).map(|_| ())
    }

    /// The `merge` attribute git gives a path (from `.gitattributes`).
    pub fn merge_attribute(&self, rel: &str) -> Option<String> {
        let mut c = self.cmd();
        c.args(["check-attr", "-z", "merge", "--", rel]);
        let out = run(c).ok()?;
        // <path> NUL merge NUL <value> NUL
        let parts: Vec<&[u8]> = out.stdout.split(|&b| b == 0).collect();
        let value = String::from_utf8_lossy(parts.get(2)?).into_owned();
        (value != "unspecified" && value != "unset").then_some(value)
    }

    /// Whether git ignores a path (so it never shows in `git status`).
    pub fn ignores(&self, rel: &str) -> bool {
        let mut c = self.cmd();
        c.args(["check-ignore", "-q", "--no-index", "--", rel]);
        c.stdout(Stdio::null()).stderr(Stdio::null());
        c.status().is_ok_and(|s| s.success())
    }

    /// Whether a path is in the middle of an unfinished merge (git holds its versions in the
    /// index as stages 1, 2 and 3).
    pub fn unmerged(&self, rel: &str) -> bool {
        let mut c = self.cmd();
        c.args(["ls-files", "-u", "-z", "--", rel]);
        run(c).is_ok_and(|o| !o.stdout.is_empty())
    }

    /// One stage of an unmerged path: 1 the common base, 2 ours, 3 theirs.
    pub fn stage(&self, stage: u8, rel: &str) -> Result<Vec<u8>, GitError> {
        let mut c = self.cmd();
        c.args(["show", &format!(":{stage}:{rel}")]);
        run(c).map(|o| o.stdout)
    }

    /// Marks a path as resolved (stages it).
    pub fn add(&self, rel: &str) -> Result<(), GitError> {
        let mut c = self.cmd();
        c.args(["add", "--", rel]);
        run(c).map(|_| ())
    }

    /// Whether the path is tracked by git.
    pub fn tracks(&self, rel: &str) -> bool {
        let mut c = self.cmd();
        c.args(["ls-files", "--error-unmatch", "--", rel]);
        c.stdout(Stdio::null()).stderr(Stdio::null());
        c.status().is_ok_and(|s| s.success())
    }

    /// Whether the path differs from what was last committed (or is new).
    pub fn changed(&self, rel: &str) -> Result<bool, GitError> {
        let mut c = self.cmd();
        c.args([
            "status",
            "--porcelain=v2",
            "-z",
            "--untracked-files=all",
            "--",
            rel,
        ]);
        run(c).map(|o| !o.stdout.is_empty())
    }

    /// Commits this one path, whatever else is staged or changed (which stays as it was).
    pub fn commit_only(&self, rel: &str, message: &str) -> Result<(), GitError> {
        if !self.tracks(rel) {
            // A new file must be known to git before `commit --only` takes it.
            let mut c = self.cmd();
            c.args(["add", "--intent-to-add", "--", rel]);
            run(c)?;
        }
        let mut c = self.cmd();
        c.args(["commit", "--quiet", "--only", "-m", message, "--", rel]);
        run(c).map(|_| ())
    }

    /// Commits these paths only, whatever else is staged or changed.
    pub fn commit_paths(&self, paths: &[&str], message: &str) -> Result<(), GitError> {
        let mut c = self.cmd();
        c.args(["add", "--"]).args(paths);
        run(c)?;
        let mut c = self.cmd();
        c.args(["commit", "--quiet", "--only", "-m", message, "--"])
            .args(paths);
        run(c).map(|_| ())
    }

    /// The upstream of the current branch (`origin/main`), if one is set.
    pub fn upstream(&self) -> Option<String> {
        let mut c = self.cmd();
        c.args([
            "rev-parse",
            "--abbrev-ref",
            "--symbolic-full-name",
            "@{upstream}",
        ]);
        run(c).ok().map(|o| text(&o)).filter(|u| !u.is_empty())
    }

    pub fn fetch(&self) -> Result<(), GitError> {
        let mut c = self.network_cmd();
        c.args(["fetch", "--quiet"]);
        run_network(c).map(|_| ())
    }

    /// A git command that talks to a remote: ssh never asks for anything and gives up on a
    /// host that does not answer (unless this clone chose its own ssh command), and a
    /// transfer that stalls is dropped.
    fn network_cmd(&self) -> Command {
        let mut c = self.cmd();
        let own_ssh = std::env::var_os("GIT_SSH_COMMAND").is_some()
            || std::env::var_os("GIT_SSH").is_some()
            || self.config("core.sshCommand").is_some();
        if !own_ssh {
            c.env(
                "GIT_SSH_COMMAND",
                "ssh -o BatchMode=yes -o ConnectTimeout=15 -o ServerAliveInterval=15 -o ServerAliveCountMax=2",
            );
        }
        c.args([
            "-c",
            "http.lowSpeedLimit=1000",
            "-c",
            "http.lowSpeedTime=30",
        ]);
        c
    }

    /// How many commits `to` has that `from` lacks.
    pub fn count(&self, from: &str, to: &str) -> Result<usize, GitError> {
        let mut c = self.cmd();
        c.args(["rev-list", "--count", &format!("{from}..{to}")]);
        let out = run(c)?;
        text(&out)
            .parse()
            .map_err(|_| GitError("git rev-list said something unexpected".into()))
    }

    /// How many commits `to` has that `from` lacks, among those that change `rel`.
    pub fn count_touching(&self, from: &str, to: &str, rel: &str) -> Result<usize, GitError> {
        let mut c = self.cmd();
        c.args(["rev-list", "--count", &format!("{from}..{to}"), "--", rel]);
        let out = run(c)?;
        text(&out)
            .parse()
            .map_err(|_| GitError("git rev-list said something unexpected".into()))
    }

    /// The upstream branch, also in the middle of a rebase (when HEAD is detached and the
    /// branch being rebased is named in the rebase state).
    pub fn upstream_even_rebasing(&self) -> Option<String> {
        if let Some(u) = self.upstream() {
            return Some(u);
        }
        let branch = self.rebasing_branch()?;
        let mut c = self.cmd();
        c.args([
            "rev-parse",
            "--abbrev-ref",
            "--symbolic-full-name",
            &format!("{branch}@{{upstream}}"),
        ]);
        run(c).ok().map(|o| text(&o)).filter(|u| !u.is_empty())
    }

    /// The branch a rebase in progress is rebasing, if one is.
    pub fn rebasing_branch(&self) -> Option<String> {
        ["rebase-merge/head-name", "rebase-apply/head-name"]
            .iter()
            .find_map(|name| {
                let path = self.git_path(name)?;
                let head = std::fs::read_to_string(path).ok()?;
                let head = head.trim();
                Some(head.strip_prefix("refs/heads/").unwrap_or(head).to_string())
            })
            .filter(|b| !b.is_empty() && b != "detached HEAD")
    }

    /// Whether a rebase is in progress.
    pub fn rebasing(&self) -> bool {
        ["rebase-merge", "rebase-apply"]
            .iter()
            .any(|name| self.git_path(name).is_some_and(|p| p.is_dir()))
    }

    /// A path inside the repository's git folder (`.git/rebase-merge`, …).
    fn git_path(&self, name: &str) -> Option<PathBuf> {
        let mut c = self.cmd();
        c.args(["rev-parse", "--git-path", name]);
        let p = PathBuf::from(text(&run(c).ok()?));
        Some(if p.is_absolute() { p } else { self.top.join(p) })
    }

    /// The board as a commit holds it.
    pub fn show(&self, rev: &str, rel: &str) -> Result<Vec<u8>, GitError> {
        let mut c = self.cmd();
        c.args(["show", &format!("{rev}:{rel}")]);
        run(c).map(|o| o.stdout)
    }

    /// Merges `rev` into the current branch, the board at `rel` through this program's merge
    /// driver whether or not this clone registered it (or `.gitattributes` names it): git
    /// takes the driver, and the attribute, for this one command.
    pub fn merge(&self, rev: &str, rel: &str) -> Result<(), GitError> {
        let mut c = self.cmd();
        // Kept until git is done with it: a private file of an unpredictable name.
        let attributes = self.driver_for_one_command(&mut c, rel)?;
        c.args(["merge", "--no-edit", "--quiet", rev]);
        let done = run(c).map(|_| ());
        drop(attributes);
        done
    }

    /// Gives a git command the board's merge driver (`-c merge.unknowns.driver=…`) and, when
    /// `.gitattributes` does not send the board to it, the attribute (`-c
    /// core.attributesFile=` a private temporary file that says so).
    fn driver_for_one_command(
        &self,
        c: &mut Command,
        rel: &str,
    ) -> Result<Option<tempfile::NamedTempFile>, GitError> {
        let command = driver_command()
            .map_err(|e| GitError(format!("could not find this program to merge with: {e}")))?;
        c.arg("-c")
            .arg(format!("merge.{DRIVER}.name=unknowns board merge"))
            .arg("-c")
            .arg(format!("merge.{DRIVER}.driver={command}"));
        if self.merge_attribute(rel).as_deref() == Some(DRIVER) {
            return Ok(None);
        }
        let mut file = tempfile::NamedTempFile::new()
            .map_err(|e| GitError(format!("could not make a temporary file: {e}")))?;
        let line = attribute_line(rel)
            .ok_or_else(|| GitError(format!("{rel}: a name git attributes cannot hold")))?;
        std::io::Write::write_all(&mut file, format!("{line}\n").as_bytes())
            .map_err(|e| GitError(format!("could not write a temporary file: {e}")))?;
        c.arg("-c")
            .arg(format!("core.attributesFile={}", file.path().display()));
        Ok(Some(file))
    }

    /// Every path git holds in the middle of a merge (unmerged in the index).
    pub fn unmerged_paths(&self) -> Vec<String> {
        let mut c = self.cmd();
        c.args(["ls-files", "-u", "-z"]);
        let Ok(out) = run(c) else {
            return Vec::new();
        };
        let mut paths: Vec<String> = out
            .stdout
            .split(|&b| b == 0)
            .filter_map(|entry| {
                let (_, path) = std::str::from_utf8(entry).ok()?.split_once('\t')?;
                Some(path.to_string())
            })
            .collect();
        paths.dedup();
        paths
    }

    /// The paths staged (in the index, different from HEAD).
    pub fn staged_paths(&self) -> Vec<String> {
        let mut c = self.cmd();
        c.args(["diff", "--cached", "--name-only", "-z"]);
        run(c)
            .map(|o| {
                o.stdout
                    .split(|&b| b == 0)
                    .filter(|p| !p.is_empty())
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether a merge is in progress (git holds `MERGE_HEAD`).
    pub fn merging(&self) -> bool {
        let mut c = self.cmd();
        c.args(["rev-parse", "-q", "--verify", "MERGE_HEAD"]);
        c.stdout(Stdio::null()).stderr(Stdio::null());
        c.status().is_ok_and(|s| s.success())
    }

    /// Concludes a merge in progress with git's own message.
    pub fn conclude_merge(&self) -> Result<(), GitError> {
        let mut c = self.cmd();
        c.args(["commit", "--quiet", "--no-edit"]);
        run(c).map(|_| ())
    }

    /// Gives up a merge that could not finish, putting everything back as it was.
    pub fn abort_merge(&self) {
        let mut c = self.cmd();
        c.args(["merge", "--abort"]);
        let _ = run(c);
    }

    pub fn push(&self) -> Result<(), GitError> {
        let mut c = self.network_cmd();
        c.args(["push", "--quiet"]);
        run_network(c).map(|_| ())
    }
}

/// The driver command registered in a clone's config: this program, by its full path, quoted
/// for the shell git runs it with.
pub fn driver_command() -> io::Result<String> {
    let exe = std::env::current_exe()?;
    let exe = exe.to_string_lossy();
    let quoted = format!("'{}'", exe.replace('\'', r"'\''"));
    Ok(format!("{quoted} merge-driver %O %A %B %P"))
}

/// The `.gitattributes` line that sends the board at `rel` (from the repository's top) to the
/// merge driver: the path anchored at the top, with every character a pattern would read as
/// special escaped, quoted as git reads a quoted pattern when it holds a space or a quote.
/// None for a name no attributes line can hold (a newline or other control character).
pub fn attribute_line(rel: &str) -> Option<String> {
    if rel.chars().any(char::is_control) || rel.is_empty() {
        return None;
    }
    let mut pattern = String::with_capacity(rel.len() + 8);
    pattern.push('/');
    for ch in rel.chars() {
        if matches!(ch, '*' | '?' | '[' | ']' | '\\' | '!' | '#') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    if pattern.contains([' ', '"']) {
        // A quoted pattern is read as a C string: its backslashes and quotes escaped again.
        let quoted = pattern.replace('\\', "\\\\").replace('"', "\\\"");
        Some(format!("\"{quoted}\" merge={DRIVER}"))
    } else {
        Some(format!("{pattern} merge={DRIVER}"))
    }
}

/// The executable a registered driver command runs, if it can be read from it.
pub fn driver_executable(command: &str) -> Option<PathBuf> {
    let rest = command.trim_start();
    let exe = if let Some(quoted) = rest.strip_prefix('\'') {
        quoted.split('\'').next()?.to_string()
    } else {
        rest.split_whitespace().next()?.to_string()
    };
    Some(PathBuf::from(exe))
}
