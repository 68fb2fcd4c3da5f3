//! Recovery copies: when the app is stopped (a signal, a crash) with changes not on disk or
//! text typed but not submitted, the board in memory, the board it was based on and the draft
//! are written here, for the user alone. The next start offers them back; `unknowns recover`
//! does the same from the shell.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::backups::{board_key, state_dir};
use super::files;
use crate::format;
use crate::model::{Board, Draft};

/// A recovery copy as written: boards as board files' text, so each reads like one.
#[derive(Serialize, Deserialize)]
struct File {
    board_path: String,
    at: jiff::Timestamp,
    /// The board as last seen on disk: what the changes in memory were based on.
    base: String,
    /// The board in memory.
    board: String,
    #[serde(default)]
    draft: Option<Draft>,
}

/// A recovery copy, read back.
#[derive(Clone, Debug)]
pub struct Recovery {
    pub path: PathBuf,
    pub at: jiff::Timestamp,
    pub base: Board,
    pub board: Board,
    pub draft: Option<Draft>,
}

/// Where a board's recovery copies go.
fn recovery_dir() -> Option<PathBuf> {
    Some(state_dir()?.join("recovery"))
}

/// Writes a recovery copy of `board` (based on `base`) and the draft. Returns its path.
pub fn write_recovery(
    path: &Path,
    base: &Board,
    board: &Board,
    draft: Option<&Draft>,
    now: jiff::Timestamp,
) -> io::Result<PathBuf> {
    let dir =
        recovery_dir().ok_or_else(|| io::Error::other("no state directory (is $HOME set?)"))?;
    let file = File {
        board_path: path.display().to_string(),
        at: now,
        base: format::write(base),
        board: format::write(board),
        draft: draft.filter(|d| !d.is_empty()).cloned(),
    };
    let text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default())
        .map_err(io::Error::other)?;
    let stamp = now.strftime("%Y%m%dT%H%M%SZ");
    let name = format!("{}-{stamp}.ron", board_key(path));
    files::write_new_private(&dir, &name, text.as_bytes()).or_else(|first| {
        // The state folder is full or gone (often the same disk as the board): a new private
        // folder in the temporary folder instead, found again on the next start.
        let fallback = tempfile::Builder::new()
            .prefix(FALLBACK_PREFIX)
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .tempdir()
            .map_err(|_| first)?
            .keep();
        files::write_new_private(&fallback, &name, text.as_bytes())
    })
}

/// How a recovery folder in the temporary folder starts (when the state folder cannot hold one).
const FALLBACK_PREFIX: &str = "unknowns-recovery-";

/// The folders recovery copies may be in: the state folder's, and this user's own private
/// fallback folders in the temporary folder (another user's are never read).
fn recovery_dirs() -> Vec<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let mut dirs: Vec<PathBuf> = recovery_dir().into_iter().collect();
    // SAFETY: getuid cannot fail and has no preconditions.
    let me = unsafe { libc::getuid() };
    if let Ok(entries) = fs::read_dir(std::env::temp_dir()) {
        for e in entries.filter_map(Result::ok) {
            let mine = e.file_name().to_string_lossy().starts_with(FALLBACK_PREFIX)
                && fs::symlink_metadata(e.path())
                    .is_ok_and(|m| m.is_dir() && m.uid() == me && m.mode() & 0o077 == 0);
            if mine {
                dirs.push(e.path());
            }
        }
    }
    dirs
}

/// The recovery copies of a board waiting to be merged or kept aside, newest first.
pub fn pending_recoveries(path: &Path) -> Vec<Recovery> {
    let key = board_key(path);
    let mut found: Vec<Recovery> = recovery_dirs()
        .iter()
        .filter_map(|dir| fs::read_dir(dir).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{key}-")) && n.ends_with(".ron"))
        })
        .filter_map(|p| read(&p))
        .collect();
    found.sort_by_key(|r| std::cmp::Reverse(r.at));
    found
}

fn read(path: &Path) -> Option<Recovery> {
    let text = fs::read_to_string(path).ok()?;
    let file: File = ron::from_str(&text).ok()?;
    Some(Recovery {
        path: path.to_path_buf(),
        at: file.at,
        base: format::parse(file.base.as_bytes()).ok()?,
        board: format::parse(file.board.as_bytes()).ok()?,
        draft: file.draft,
    })
}

/// Why a recovery copy is set aside: what was done with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetAside {
    /// Merged into the board.
    Merged,
    /// Declined, and kept for the user to look at.
    KeptAside,
}

impl SetAside {
    /// The folder it goes to.
    fn folder(self) -> &'static str {
        match self {
            SetAside::Merged => "merged",
            SetAside::KeptAside => "kept-aside",
        }
    }
}

/// Moves a recovery copy aside (it is no longer offered, and stays for the user to look at),
/// in a folder named for `why`. Returns where it is now.
pub fn set_aside(recovery: &Path, why: SetAside) -> io::Result<PathBuf> {
    let dir = files::folder_of(recovery).join(why.folder());
    files::private_dir(&dir)?;
    let target = dir.join(recovery.file_name().unwrap_or_default());
    fs::rename(recovery, &target)?;
    Ok(target)
}
