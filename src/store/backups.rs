//! Backups of a board in the user's state folder: copies of the file as it was before the app
//! wrote over it, 0600 in a 0700 folder per board. A backup of a file that does not load is
//! named `…-broken.ron`: it is kept (it may hold a hand edit) but never counts as the fresh
//! backup, never displaces a good one when pruning, and is never offered as the one to restore.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::files;
use crate::format;

/// How many backups are kept per board.
pub const BACKUPS_KEPT: usize = 50;

/// How many backups of a file that did not load are kept per board, besides the good ones.
pub const BROKEN_KEPT: usize = 10;

/// The least time between two backups of a board while writing.
pub const BACKUP_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// What ends the name of a backup of a file that did not load.
const BROKEN: &str = "-broken";

/// The user's state directory for unknowns (`$XDG_STATE_HOME/unknowns` on Linux).
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "unknowns")?;
    Some(
        dirs.state_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dirs.data_local_dir().join("state")),
    )
}

pub use crate::hash::{hash_more, stable_hash};

/// A board's name in the state directory: its file name and a hash of its full path.
pub fn board_key(path: &Path) -> String {
    let target = super::real_target(path);
    let absolute = fs::canonicalize(&target).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(&target))
            .unwrap_or(target.clone())
    });
    let stem = absolute
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "board".into());
    let hash = stable_hash(absolute.to_string_lossy().as_bytes());
    format!("{stem}-{hash:016x}")
}

/// Where a board's backups go: one folder per board.
pub fn backup_dir(path: &Path) -> Option<PathBuf> {
    Some(state_dir()?.join("backups").join(board_key(path)))
}

/// One backup of a board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    /// What `unknowns restore` takes: the time it was made, as in its file name.
    pub id: String,
    pub path: PathBuf,
    pub size: u64,
}

impl Backup {
    /// Whether it is a copy of a board that loaded when it was made (and is not empty).
    pub fn good(&self) -> bool {
        !self.id.contains(BROKEN) && self.size > 0
    }
}

/// The backups in a folder, newest first.
fn list_in(dir: &Path) -> io::Result<Vec<Backup>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut list: Vec<Backup> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            let name = path.file_name()?.to_str()?.to_string();
            let id = name.strip_suffix(".ron")?.to_string();
            let size = e.metadata().ok()?.len();
            Some(Backup { id, path, size })
        })
        .collect();
    // Ids are times (then a counter): newest first is reverse name order.
    list.sort_by(|a, b| b.id.cmp(&a.id));
    Ok(list)
}

/// A board's backups, newest first.
pub fn backups(path: &Path) -> io::Result<Vec<Backup>> {
    match backup_dir(path) {
        Some(dir) => list_in(&dir).map_err(|e| failed(&dir, e)),
        None => Ok(Vec::new()),
    }
}

/// Copies `bytes` (the board as it is on disk) into `dir` as a new backup, and prunes: the
/// newest `keep` good backups stay, and the newest [`BROKEN_KEPT`] of a file that did not load;
/// empty files (left by older versions on a full disk) go. A failed backup leaves no file.
#[cfg(test)]
fn backup_in(
    dir: &Path,
    bytes: &[u8],
    loads: bool,
    now: jiff::Timestamp,
    keep: usize,
) -> io::Result<Backup> {
    backup_in_with(dir, |out| out.write_all(bytes), loads, now, keep)
}

/// Writes a backup (its bytes from `write`) into `dir`, and prunes.
fn backup_in_with(
    dir: &Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    loads: bool,
    now: jiff::Timestamp,
    keep: usize,
) -> io::Result<Backup> {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let name = format!("{stamp}{}.ron", if loads { "" } else { BROKEN });
    let path = files::write_new_private_with(dir, &name, write)?;
    let id = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".ron"))
        .unwrap_or(&stamp)
        .to_string();
    let (mut good, mut broken) = (0, 0);
    for old in list_in(dir)? {
        let (count, limit) = if old.size == 0 {
            (&mut good, 0)
        } else if old.good() {
            (&mut good, keep.max(1))
        } else {
            (&mut broken, BROKEN_KEPT)
        };
        if *count >= limit {
            let _ = fs::remove_file(&old.path);
        } else {
            *count += 1;
        }
    }
    let size = fs::metadata(&path).map_or(0, |m| m.len());
    Ok(Backup { id, path, size })
}

/// Why a backup could not be made, naming the state folder (never the board).
fn failed(dir: &Path, e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        format!("backups are failing in {}: {e}", dir.display()),
    )
}

/// Copies the board as it is on disk into its backups (readable only by the user), and prunes.
/// `loads` says whether that file loads (a file that does not is kept as `…-broken`). Nothing
/// to do when the board does not exist yet.
pub fn backup(
    path: &Path,
    loads: bool,
    now: jiff::Timestamp,
    keep: usize,
) -> io::Result<Option<Backup>> {
    // Copied as it is read: a big board is never held whole for its backup.
    let mut file = match super::open_board(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let dir = backup_dir(path)
        .ok_or_else(|| io::Error::other("no state directory for backups (is $HOME set?)"))?;
    backup_in_with(
        &dir,
        |out| io::copy(&mut file, out).map(|_| ()),
        loads,
        now,
        keep,
    )
    .map(Some)
    .map_err(|e| failed(&dir, e))
}

/// Backs up a board that loads if its newest good backup is older than `every` (or there is
/// none).
pub fn backup_if_due(
    path: &Path,
    now: jiff::Timestamp,
    every: std::time::Duration,
    keep: usize,
) -> io::Result<Option<Backup>> {
    let newest = backups(path)?.into_iter().find(Backup::good);
    let due = match newest.and_then(|b| fs::metadata(&b.path).ok()?.modified().ok()) {
        Some(made) => made.elapsed().map_or(true, |age| age >= every),
        None => true,
    };
    if due {
        backup(path, true, now, keep)
    } else {
        Ok(None)
    }
}

/// The newest backups that load (up to `limit`, newest first), each with how many questions
/// it holds: to offer when the board itself does not load.
pub fn good_backups(path: &Path, limit: usize) -> Vec<(Backup, usize)> {
    let Ok(all) = backups(path) else {
        return Vec::new();
    };
    all.into_iter()
        .filter(Backup::good)
        .filter_map(|b| {
            let board = format::parse(&fs::read(&b.path).ok()?).ok()?;
            let count = board.questions().len();
            Some((b, count))
        })
        .take(limit)
        .collect()
}

/// The backup to offer among `good` (newest first): the newest one, unless an older one holds
/// more questions, in which case the newest of those that hold the most (restoring one that
/// lost most of the board would lose it again).
pub fn backup_to_offer(good: &[(Backup, usize)]) -> Option<&(Backup, usize)> {
    let most = good.iter().map(|(_, n)| *n).max()?;
    good.iter().find(|(_, n)| *n == most)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(1_790_000_000 + second).unwrap()
    }

    #[test]
    fn the_backup_offered_is_never_one_that_lost_most_of_the_board() {
        let b = |id: &str| Backup {
            id: id.into(),
            path: PathBuf::from(id),
            size: 1,
        };
        // Newest first: the newest holds nothing (the board was emptied by a bad merge).
        let good = vec![(b("t3"), 0), (b("t2"), 40), (b("t1"), 40), (b("t0"), 12)];
        assert_eq!(
            backup_to_offer(&good).map(|(b, _)| b.id.as_str()),
            Some("t2")
        );
        let good = vec![(b("t3"), 41), (b("t2"), 40)];
        assert_eq!(
            backup_to_offer(&good).map(|(b, _)| b.id.as_str()),
            Some("t3")
        );
        assert!(backup_to_offer(&[]).is_none());
    }

    #[test]
    fn pruning_keeps_good_backups_over_broken_and_empty_ones() {
        let dir = tempfile::tempdir().unwrap();
        let backups = dir.path().join("b");
        for s in 0..5 {
            backup_in(&backups, b"(version: 1)", true, at(s), 3).unwrap();
        }
        // Empty files left by an older version on a full disk, newer than every good one.
        for s in 10..20 {
            let name = at(s).strftime("%Y%m%dT%H%M%SZ.ron").to_string();
            fs::write(backups.join(name), "").unwrap();
        }
        for s in 20..40 {
            backup_in(&backups, b"(version: 1, oops", false, at(s), 3).unwrap();
        }
        backup_in(&backups, b"(version: 1)", true, at(50), 3).unwrap();
        let list = list_in(&backups).unwrap();
        let good: Vec<_> = list.iter().filter(|b| b.good()).collect();
        let broken = list.iter().filter(|b| !b.good()).count();
        assert_eq!(good.len(), 3, "{list:?}");
        assert_eq!(broken, BROKEN_KEPT, "{list:?}");
        assert!(list.iter().all(|b| b.size > 0), "empty ones are gone");
        assert_eq!(good[0].id, at(50).strftime("%Y%m%dT%H%M%SZ").to_string());
    }

    #[test]
    fn a_failed_backup_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the folder should be: every write fails.
        let blocked = dir.path().join("b");
        fs::write(&blocked, "").unwrap();
        assert!(backup_in(&blocked, b"x", true, at(0), 3).is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
