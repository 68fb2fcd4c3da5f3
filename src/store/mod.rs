//! Where the board lives, and the only code that reads or writes it.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::format::{self, FormatError};
use crate::model::Board;

mod backups;
pub mod files;
pub mod records;
mod recovery;
mod state;

pub use backups::{
    BACKUP_EVERY, BACKUPS_KEPT, Backup, backup, backup_dir, backup_if_due, backup_to_offer,
    backups, good_backups, hash_more, stable_hash, state_dir,
};
pub use recovery::{Recovery, SetAside, pending_recoveries, set_aside, write_recovery};
pub use state::{
    crash_dir, keep_meeting, last_review, record_review, review_state, running_meeting,
    write_crash_report, write_minutes,
};

/// The bundled demo board.
pub const DEMO_BOARD: &str = include_str!("../../assets/demo.ron");

/// The environment variable that names a board.
pub const BOARD_ENV: &str = "UNKNOWNS_BOARD";

/// The file name looked for in the current folder.
pub const LOCAL_BOARD: &str = "unknowns.ron";

/// How the board was chosen, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Flag,
    Environment,
    CurrentFolder,
    DataDirectory,
    Demo,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub source: Source,
    /// Opened with `--read-only`: nothing is written, whatever the file's mode.
    pub read_only: bool,
}

/// Picks the board: `--board` > `$UNKNOWNS_BOARD` > `./unknowns.ron` if it exists > the data
/// directory. Pure: the caller passes in what it read from the environment.
pub fn choose(
    flag: Option<PathBuf>,
    env: Option<OsString>,
    current_folder: &Path,
    data_dir: Option<PathBuf>,
) -> Result<Location, String> {
    if let Some(path) = flag {
        return Ok(Location {
            path,
            source: Source::Flag,
            read_only: false,
        });
    }
    if let Some(path) = env.filter(|p| !p.is_empty()) {
        return Ok(Location {
            path: PathBuf::from(path),
            source: Source::Environment,
            read_only: false,
        });
    }
    let local = current_folder.join(LOCAL_BOARD);
    if local.exists() {
        return Ok(Location {
            path: local,
            source: Source::CurrentFolder,
            read_only: false,
        });
    }
    match data_dir {
        Some(dir) => Ok(Location {
            path: dir.join("board.ron"),
            source: Source::DataDirectory,
            read_only: false,
        }),
        None => Err(format!(
            "no board given and no home directory found; pass --board PATH or set {BOARD_ENV}"
        )),
    }
}

/// [`choose`] with the real environment.
pub fn locate(flag: Option<PathBuf>) -> Result<Location, String> {
    let data_dir = directories::ProjectDirs::from("", "", "unknowns")
        .map(|dirs| dirs.data_dir().to_path_buf());
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    choose(flag, std::env::var_os(BOARD_ENV), &cwd, data_dir)
}

/// Writes a scratch copy of the demo board and returns where; the bundled file and the user's
/// board are never touched. The copy, and the backups made of it, go when the returned
/// [`DemoFolder`] is dropped: a demo leaves nothing behind.
pub fn demo_copy() -> io::Result<(Location, DemoFolder)> {
    // A new folder with an unpredictable name, made with O_EXCL: nobody can plant it first.
    let dir = tempfile::Builder::new()
        .prefix("unknowns-demo-")
        .tempdir()?;
    let path = dir.path().join("demo.ron");
    files::write_new_private(dir.path(), "demo.ron", DEMO_BOARD.as_bytes())?;
    let backups = backups::backup_dir(&path);
    Ok((
        Location {
            path,
            source: Source::Demo,
            read_only: false,
        },
        DemoFolder { dir, backups },
    ))
}

/// The demo's scratch folder and the folder of its backups, removed when dropped.
pub struct DemoFolder {
    dir: tempfile::TempDir,
    backups: Option<PathBuf>,
}

impl Drop for DemoFolder {
    fn drop(&mut self) {
        if let Some(backups) = &self.backups {
            let _ = fs::remove_dir_all(backups);
        }
        let _ = fs::remove_dir_all(self.dir.path());
    }
}

/// Why a board could not be read.
#[derive(Debug)]
pub enum LoadError {
    Io { path: PathBuf, error: io::Error },
    Format { path: PathBuf, error: FormatError },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            LoadError::Format { path, error } => write!(f, "{}:{error}", path.display()),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads a board. `Ok(None)` when the file does not exist yet (it is created on the first
/// change).
pub fn load(path: &Path) -> Result<Option<Board>, LoadError> {
    Ok(load_hashed(path)?.map(|(board, _)| board))
}

/// [`load`], with the [`stable_hash`] of the bytes the board was read from (what the saver
/// knows as the file it last saw).
pub fn load_hashed(path: &Path) -> Result<Option<(Board, u64)>, LoadError> {
    let bytes = match read_board(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(LoadError::Io {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    let hash = stable_hash(&bytes);
    format::parse(&bytes)
        .map(|board| Some((board, hash)))
        .map_err(|error| LoadError::Format {
            path: path.to_path_buf(),
            error,
        })
}

/// What a path is, when it is not a regular file: a board is never read from a FIFO (which
/// would wait forever for a writer), a socket or a device.
fn not_a_file(meta: &fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    Some(if t.is_file() {
        return None;
    } else if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    })
}

/// A board file opened for reading, refused at once when the path is not a regular file.
pub(super) fn open_board(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Opened without blocking (a FIFO would otherwise wait for a writer), then asked what it
    // is through the handle, so nothing can be swapped in between.
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    if let Some(what) = not_a_file(&file.metadata()?) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("this is {what}, not a board file; give the path of a .ron file"),
        ));
    }
    Ok(file)
}

/// The [`stable_hash`] of a board file, read a chunk at a time (never held whole).
pub fn board_hash(path: &Path) -> io::Result<u64> {
    use std::io::Read;
    let mut file = open_board(path)?;
    let mut chunk = vec![0u8; 64 << 10];
    let mut h = stable_hash(&[]);
    loop {
        match file.read(&mut chunk) {
            Ok(0) => return Ok(h),
            Ok(n) => h = backups::hash_more(h, &chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// A board file's bytes, refused at once when the path is not a regular file.
pub fn read_board(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = open_board(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether the board's file is read-only: it has no write permission bits (a `chmod a-w`,
/// respected even by root), or this user may not write it. A board that does not exist yet
/// is not.
pub fn is_read_only(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let target = real_target(path);
    let Ok(meta) = fs::metadata(&target) else {
        return false;
    };
    if meta.permissions().mode() & 0o222 == 0 {
        return true;
    }
    let Ok(c_path) = std::ffi::CString::new(target.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; access() only reads it.
    unsafe { libc::access(c_path.as_ptr(), libc::W_OK) != 0 }
}

/// Expands a leading `~` (or `~/`) in a path typed by the user to their home folder.
pub fn expand_home(typed: &str) -> PathBuf {
    let home = || std::env::var_os("HOME").filter(|h| !h.is_empty());
    match typed.strip_prefix('~') {
        Some("") => home().map_or_else(|| PathBuf::from(typed), PathBuf::from),
        Some(rest) if rest.starts_with('/') => match home() {
            Some(h) => PathBuf::from(h).join(rest.trim_start_matches('/')),
            None => PathBuf::from(typed),
        },
        _ => PathBuf::from(typed),
    }
}

/// Reads a board, or an empty one if the file does not exist yet.
pub fn load_or_new(path: &Path) -> Result<Board, LoadError> {
    Ok(load(path)?.unwrap_or_default())
}

/// The file a write really replaces: a symlinked board stays a symlink, and its target is
/// replaced instead.
fn real_target(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    for _ in 0..32 {
        match fs::read_link(&path) {
            Ok(target) => {
                path = match path.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Err(_) => break,
        }
    }
    path
}

/// The file a write replaces, refused when the board is a symbolic link inside a git work
/// tree that leads out of it: a teammate could commit `unknowns.ron` as a link to
/// `~/.bashrc`, and a pull would have the next save write there. A link that stays inside
/// the work tree, or one outside any work tree (made by the user), is followed as usual.
fn write_target(path: &Path) -> io::Result<PathBuf> {
    let target = real_target(path);
    if target == path {
        return Ok(target);
    }
    let Some(top) = work_tree_of(path) else {
        return Ok(target);
    };
    let resolved = target
        .parent()
        .and_then(|p| fs::canonicalize(p).ok())
        .map(|p| p.join(target.file_name().unwrap_or_default()));
    match resolved {
        Some(resolved) if resolved.starts_with(&top) => Ok(target),
        _ => Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} is a symbolic link to {}, outside the git work tree {}: a board shared through git is never written through a link that leads out of it (a teammate may have committed it). Replace the link with the board file itself",
                path.display(),
                target.display(),
                top.display()
            ),
        )),
    }
}

/// The git work tree a path is in: the nearest folder above it holding `.git`.
pub fn work_tree_of(path: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(path).ok()?;
    let mut dir = start.parent()?.to_path_buf();
    if let Ok(real) = fs::canonicalize(&dir) {
        dir = real;
    }
    loop {
        if fs::symlink_metadata(dir.join(".git")).is_ok() {
            return Some(dir);
        }
        dir = dir.parent()?.to_path_buf();
    }
}

/// Temporary files a killed save of this board left beside it, that no live process holds
/// (the next save removes them).
pub fn leftover_temporaries(path: &Path) -> Vec<PathBuf> {
    files::stale_temporaries(&real_target(path))
}

/// How long a writer waits for another one before giving up with a message.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The sidecar lock file of a board: hidden, next to the real file.
pub fn lock_path(path: &Path) -> PathBuf {
    let target = real_target(path);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "board.ron".into());
    target.with_file_name(format!(".{name}.lock"))
}

/// An exclusive hold on a board, released when dropped (or when the process dies: the
/// operating system releases advisory locks of dead processes, so a lock can never go stale).
#[derive(Debug)]
pub struct BoardLock {
    _file: fs::File,
}

/// Takes the board's lock, waiting up to `wait` for another writer to finish. Problems with the
/// lock file name the lock file (not the board) and say what to do.
pub fn lock(path: &Path, wait: std::time::Duration) -> io::Result<BoardLock> {
    write_target(path)?;
    let lock = lock_path(path);
    if let Some(dir) = lock.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let file = open_lock(&lock)?;
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(BoardLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(std::time::Duration::from_millis(15));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "another process has held the lock on this board for over {}s ({}); is an unknowns command hung?",
                        wait.as_secs(),
                        lock.display()
                    ),
                ));
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// Opens (or creates) a lock file without following a symlink planted at its name. In a shared
/// folder the lock file may be another user's: it is then opened for reading, which is enough
/// to lock it.
fn open_lock(lock: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let said = |e: io::Error| {
        let what = match e.raw_os_error() {
            Some(libc::ELOOP) | Some(libc::EMLINK) => {
                "it is a symbolic link, which unknowns does not follow (it may have been planted by someone else): remove it and try again".to_string()
            }
            Some(libc::EISDIR) => "it is a folder: remove it and try again".to_string(),
            Some(libc::EINVAL) | Some(libc::ENXIO) => "it is not a regular file (a FIFO, a socket or a device, perhaps planted by someone else): remove it and try again".to_string(),
            _ if e.kind() == io::ErrorKind::PermissionDenied => {
                "permission denied; it belongs to another user: ask them to make it readable (chmod a+r), or remove it if no one is using the board".to_string()
            }
            _ => e.to_string(),
        };
        io::Error::new(
            e.kind(),
            format!("the board's lock file {}: {what}", lock.display()),
        )
    };
    let open = |write: bool| {
        fs::OpenOptions::new()
            .read(true)
            .write(write)
            .create(write)
            .truncate(false)
            .mode(0o666)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
            .open(lock)
    };
    let file = match open(true) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => open(false).map_err(said)?,
        other => other.map_err(said)?,
    };
    let meta = file.metadata().map_err(said)?;
    if !meta.is_file() {
        return Err(said(io::Error::from_raw_os_error(if meta.is_dir() {
            libc::EISDIR
        } else {
            libc::EINVAL
        })));
    }
    Ok(file)
}

/// Saves a board atomically: a temporary file in the same folder is written, flushed and
/// fsynced, then renamed over the board, and the folder is fsynced. A crash at any moment leaves
/// the old or the new board, never a torn one. The file's permissions are kept; missing folders
/// are created.
pub fn save(path: &Path, board: &Board) -> io::Result<()> {
    save_hashed(path, board, |_| {})
}

/// [`save`], written as it is formatted (a big board's text is never held whole); `written`
/// gets the [`stable_hash`] of what was written once it is all on disk, before the file takes
/// its name (so a watcher never takes this write for someone else's).
pub fn save_hashed(path: &Path, board: &Board, written: impl FnOnce(u64)) -> io::Result<()> {
    let hash = std::cell::Cell::new(stable_hash(&[]));
    files::replace_keeping_mode_with(
        &write_target(path)?,
        |out| {
            let mut sink = HashingText {
                out,
                hash: stable_hash(&[]),
                error: None,
            };
            if format::write_into(&mut sink, board).is_err() {
                return Err(sink
                    .error
                    .unwrap_or_else(|| io::Error::other("the board could not be written")));
            }
            hash.set(sink.hash);
            Ok(())
        },
        || written(hash.get()),
    )
}

/// Text written through to bytes, hashed on the way.
struct HashingText<'a> {
    out: &'a mut dyn io::Write,
    hash: u64,
    error: Option<io::Error>,
}

impl std::fmt::Write for HashingText<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.hash = backups::hash_more(self.hash, s.as_bytes());
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

/// [`save`] for text already formatted.
pub fn save_text(path: &Path, text: &str) -> io::Result<()> {
    files::replace_keeping_mode(&write_target(path)?, text.as_bytes())
}

/// Why a locked read-modify-write failed.
#[derive(Debug)]
pub enum UpdateError {
    Load(LoadError),
    /// The lock could not be taken: the message names the lock file.
    Lock(io::Error),
    /// The board is read-only: nothing was changed.
    ReadOnly(PathBuf),
    Io(PathBuf, io::Error),
    Refused(crate::model::BoardError),
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpdateError::Load(e) => write!(f, "{e}"),
            UpdateError::Lock(e) => write!(f, "{e}"),
            UpdateError::ReadOnly(path) => write!(
                f,
                "{}: the board is read-only (its file, or --read-only); nothing was changed",
                path.display()
            ),
            UpdateError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            UpdateError::Refused(e) => write!(f, "{e}"),
        }
    }
}

/// What a change that reached the disk returns: its value, and why the backup before it could
/// not be made, if it could not (a full state folder never stops the board's own save).
#[derive(Debug)]
pub struct Updated<T> {
    pub value: T,
    pub backup_failed: Option<io::Error>,
}

/// A change to the board as one read-modify-write under the board's lock: the newest file is
/// read, backed up if a backup is due, changed, and saved atomically. Nothing is written when
/// the file does not load or the change is refused.
pub fn update<T>(
    path: &Path,
    now: jiff::Timestamp,
    keep: usize,
    change: impl FnOnce(&mut Board) -> Result<T, crate::model::BoardError>,
) -> Result<Updated<T>, UpdateError> {
    let io = |e: io::Error| UpdateError::Io(path.to_path_buf(), e);
    if is_read_only(path) {
        return Err(UpdateError::ReadOnly(path.to_path_buf()));
    }
    let _lock = lock(path, LOCK_WAIT).map_err(UpdateError::Lock)?;
    let mut board = load_or_new(path).map_err(UpdateError::Load)?;
    let value = change(&mut board).map_err(UpdateError::Refused)?;
    let backup_failed = backup_if_due(path, now, BACKUP_EVERY, keep).err();
    save(path, &board).map_err(io)?;
    Ok(Updated {
        value,
        backup_failed,
    })
}

/// Writes a merged board over a file that does not load (one holding git's conflict
/// markers), under the board's lock: the file as it was is backed up first (as `…-broken`).
/// Returns why the backup failed, if it did (the board is written all the same: it holds
/// both sides).
pub fn replace_unreadable(
    path: &Path,
    board: &Board,
    now: jiff::Timestamp,
    keep: usize,
) -> Result<Option<io::Error>, UpdateError> {
    if is_read_only(path) {
        return Err(UpdateError::ReadOnly(path.to_path_buf()));
    }
    let _lock = lock(path, LOCK_WAIT).map_err(UpdateError::Lock)?;
    let loads = matches!(load(path), Ok(Some(_)));
    let backup_failed = backup(path, loads, now, keep).err();
    save(path, board).map_err(|e| UpdateError::Io(path.to_path_buf(), e))?;
    Ok(backup_failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lane;

    #[test]
    fn the_board_is_chosen_in_the_documented_order() {
        let dir = tempfile::tempdir().unwrap();
        let data = Some(dir.path().join("data"));
        let flag = Some(PathBuf::from("/f.ron"));
        let env = Some(OsString::from("/e.ron"));
        let pick = |f: Option<PathBuf>, e: Option<OsString>| {
            choose(f, e, dir.path(), data.clone()).unwrap()
        };
        assert_eq!(
            pick(flag.clone(), env.clone()).path,
            PathBuf::from("/f.ron")
        );
        assert_eq!(pick(None, env.clone()).source, Source::Environment);
        assert_eq!(pick(None, None).path, dir.path().join("data/board.ron"));
        fs::write(dir.path().join(LOCAL_BOARD), "").unwrap();
        assert_eq!(pick(None, None).source, Source::CurrentFolder);
        assert_eq!(
            pick(None, Some(OsString::new())).source,
            Source::CurrentFolder
        );
    }

    #[test]
    fn save_creates_folders_keeps_permissions_and_leaves_no_temp_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/board.ron");
        let mut board = Board::new("t");
        board
            .add("q", Lane::Blocking, "2026-01-01T00:00:00Z".parse().unwrap())
            .unwrap();
        save(&path, &board).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        save(&path, &board).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(load(&path).unwrap(), Some(board));
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the board is left");
    }

    #[test]
    fn a_typed_tilde_is_the_home_folder() {
        let home = PathBuf::from(std::env::var_os("HOME").unwrap());
        assert_eq!(expand_home("~/copy.ron"), home.join("copy.ron"));
        assert_eq!(expand_home("~"), home);
        assert_eq!(expand_home("/tmp/~x"), PathBuf::from("/tmp/~x"));
        assert_eq!(expand_home("~other/x"), PathBuf::from("~other/x"));
    }

    #[test]
    fn a_symlinked_board_stays_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ron");
        let link = dir.path().join("link.ron");
        fs::write(&real, "(version: 1, questions: [])").unwrap();
        std::os::unix::fs::symlink("real.ron", &link).unwrap();
        let mut board = load_or_new(&link).unwrap();
        board
            .add("q", Lane::Blocking, "2026-01-01T00:00:00Z".parse().unwrap())
            .unwrap();
        save(&link, &board).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(load(&real).unwrap(), Some(board));
    }

    #[test]
    fn load_errors_name_the_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.ron");
        fs::write(
            &path,
            "(version: 1, questions: [\n    (id: 1, title: \"Which?\", lane: Sideways),\n])",
        )
        .unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}:2:36: unknown lane \"Sideways\", expected Blocking, Uncomfortable or Interesting",
                path.display()
            )
        );
        assert_eq!(load(&dir.path().join("none.ron")).unwrap(), None);
    }

    #[test]
    fn a_second_writer_waits_for_the_lock_and_then_gives_up_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.ron");
        let held = lock(&path, LOCK_WAIT).unwrap();
        let start = std::time::Instant::now();
        let err = lock(&path, std::time::Duration::from_millis(200)).unwrap_err();
        assert!(start.elapsed() >= std::time::Duration::from_millis(200));
        assert!(err.to_string().contains("held the lock"), "{err}");
        drop(held);
        assert!(lock(&path, std::time::Duration::from_millis(200)).is_ok());
        assert!(dir.path().join(".board.ron.lock").exists());
    }

    #[test]
    fn the_demo_board_loads_and_uses_every_field() {
        let board = format::parse(DEMO_BOARD.as_bytes()).unwrap();
        assert!(board.questions().len() >= 14);
        let qs = &board.questions();
        assert!(qs.iter().any(|q| !q.after.is_empty()));
        assert!(qs.iter().any(|q| q.owner.is_some()));
        assert!(qs.iter().any(|q| q.revisit.is_some()));
        assert!(qs.iter().any(|q| !q.tags.is_empty()));
        assert!(qs.iter().any(|q| q.door == crate::model::Door::OneWay));
        assert!(qs.iter().any(|q| q.status == crate::model::Status::Decided));
        assert!(
            qs.iter()
                .any(|q| q.status == crate::model::Status::Dissolved)
        );
        assert!(qs.iter().all(|q| !q.known.is_empty() || !q.is_open()));
        for lane in Lane::ALL {
            assert!(board.lane(lane).count() >= 2, "{lane} has questions");
        }
        assert_eq!(
            format::write(&board),
            DEMO_BOARD,
            "saving the demo changes nothing"
        );
    }
}
