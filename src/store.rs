//! Where the board lives, and the only code that reads or writes it.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::format::{self, FormatError};
use crate::model::Board;

/// The bundled demo board.
pub const DEMO_BOARD: &str = include_str!("../assets/demo.ron");

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
        });
    }
    if let Some(path) = env.filter(|p| !p.is_empty()) {
        return Ok(Location {
            path: PathBuf::from(path),
            source: Source::Environment,
        });
    }
    let local = current_folder.join(LOCAL_BOARD);
    if local.exists() {
        return Ok(Location {
            path: local,
            source: Source::CurrentFolder,
        });
    }
    match data_dir {
        Some(dir) => Ok(Location {
            path: dir.join("board.ron"),
            source: Source::DataDirectory,
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
/// board are never touched.
pub fn demo_copy() -> io::Result<Location> {
    let dir = std::env::temp_dir().join(format!("unknowns-demo-{}", std::process::id()));
    fs::create_dir_all(&dir)?;
    let path = dir.join("demo.ron");
    fs::write(&path, DEMO_BOARD)?;
    Ok(Location {
        path,
        source: Source::Demo,
    })
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
    format::parse(&bytes)
        .map(Some)
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

/// A board file's bytes, refused at once when the path is not a regular file.
pub fn read_board(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    // Opened without blocking (a FIFO would otherwise wait for a writer), then asked what it
    // is through the handle, so nothing can be swapped in between.
    let mut file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    if let Some(what) = not_a_file(&file.metadata()?) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("this is {what}, not a board file; give the path of a .ron file"),
        ));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
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

/// Takes the board's lock, waiting up to `wait` for another writer to finish.
pub fn lock(path: &Path, wait: std::time::Duration) -> io::Result<BoardLock> {
    let lock = lock_path(path);
    if let Some(dir) = lock.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock)?;
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

/// Saves a board atomically: a temporary file in the same folder is written, flushed and
/// fsynced, then renamed over the board, and the folder is fsynced. A crash at any moment leaves
/// the old or the new board, never a torn one. The file's permissions are kept; missing folders
/// are created.
pub fn save(path: &Path, board: &Board) -> io::Result<()> {
    save_text(path, &format::write(board))
}

/// [`save`] for text already formatted.
pub fn save_text(path: &Path, text: &str) -> io::Result<()> {
    let target = real_target(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "board.ron".into());
    // Writers of a board hold its lock, so one temporary name is enough, and a temporary file
    // left by a writer that was killed is simply reused.
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        if let Ok(meta) = fs::metadata(&target) {
            file.set_permissions(meta.permissions())?;
            // Keep the owner too (when another user's board is saved by root, say).
            use std::os::unix::fs::MetadataExt;
            let _ = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()));
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, &target)?;
        // The rename is durable once the folder is.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// How many backups are kept per board.
pub const BACKUPS_KEPT: usize = 50;

/// The least time between two backups of a board while writing.
pub const BACKUP_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// The user's state directory for unknowns (`$XDG_STATE_HOME/unknowns` on Linux).
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "unknowns")?;
    Some(
        dirs.state_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dirs.data_local_dir().join("state")),
    )
}

/// FNV-1a: a small hash that stays the same across versions, to name a board's backup folder
/// and to recognise a file this process wrote.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A board's name in the state directory: its file name and a hash of its full path.
fn board_key(path: &Path) -> String {
    let target = real_target(path);
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

/// Where the time of this user's last review of a board is kept (the state directory, not the
/// board: teammates sharing the board in git review on their own schedule).
fn review_file(path: &Path) -> Option<PathBuf> {
    Some(
        state_dir()?
            .join("reviews")
            .join(format!("{}.txt", board_key(path))),
    )
}

/// When this user last finished a review of the board.
pub fn last_review(path: &Path) -> Option<jiff::Timestamp> {
    fs::read_to_string(review_file(path)?)
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Records that a review of the board was finished now.
pub fn record_review(path: &Path, now: jiff::Timestamp) -> io::Result<PathBuf> {
    let file = review_file(path).ok_or_else(|| io::Error::other("no state directory"))?;
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir)?;
    }
    save_text(&file, &format!("{now}\n"))?;
    Ok(file)
}

/// One backup of a board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    /// What `unknowns restore` takes: the time it was made, as in its file name.
    pub id: String,
    pub path: PathBuf,
    pub size: u64,
}

/// A board's backups, newest first.
pub fn backups(path: &Path) -> io::Result<Vec<Backup>> {
    let Some(dir) = backup_dir(path) else {
        return Ok(Vec::new());
    };
    let entries = match fs::read_dir(&dir) {
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

/// Copies the board as it is on disk into its backups (readable only by the user), and keeps
/// the newest `keep`. Nothing to do when the board does not exist yet.
pub fn backup(path: &Path, now: jiff::Timestamp, keep: usize) -> io::Result<Option<Backup>> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let dir = backup_dir(path)
        .ok_or_else(|| io::Error::other("no state directory for backups (is $HOME set?)"))?;
    fs::create_dir_all(&dir)?;
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&dir, fs::Permissions::from_mode(0o700));
    }
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut id = stamp.clone();
    let mut n = 1;
    while dir.join(format!("{id}.ron")).exists() {
        n += 1;
        id = format!("{stamp}-{n:02}");
    }
    let target = dir.join(format!("{id}.ron"));
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&target)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
    }
    for old in backups(path)?.into_iter().skip(keep.max(1)) {
        let _ = fs::remove_file(old.path);
    }
    Ok(Some(Backup {
        id,
        path: target,
        size: bytes.len() as u64,
    }))
}

/// Backs the board up if its newest backup is older than `every` (or there is none).
pub fn backup_if_due(
    path: &Path,
    now: jiff::Timestamp,
    every: std::time::Duration,
    keep: usize,
) -> io::Result<Option<Backup>> {
    let newest = backups(path)?.into_iter().next();
    let due = match newest.and_then(|b| fs::metadata(&b.path).ok()?.modified().ok()) {
        Some(made) => made.elapsed().map_or(true, |age| age >= every),
        None => true,
    };
    if due {
        backup(path, now, keep)
    } else {
        Ok(None)
    }
}

/// The newest backup that loads, with its board, to name when the board itself does not load.
pub fn newest_good_backup(path: &Path) -> Option<(Backup, Board)> {
    backups(path).ok()?.into_iter().find_map(|b| {
        let board = format::parse(&fs::read(&b.path).ok()?).ok()?;
        Some((b, board))
    })
}

/// Why a locked read-modify-write failed.
#[derive(Debug)]
pub enum UpdateError {
    Load(LoadError),
    Io(PathBuf, io::Error),
    Refused(crate::model::BoardError),
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpdateError::Load(e) => write!(f, "{e}"),
            UpdateError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            UpdateError::Refused(e) => write!(f, "{e}"),
        }
    }
}

/// A change to the board as one read-modify-write under the board's lock: the newest file is
/// read, backed up if a backup is due, changed, and saved atomically. Nothing is written when
/// the file does not load or the change is refused.
pub fn update<T>(
    path: &Path,
    now: jiff::Timestamp,
    keep: usize,
    change: impl FnOnce(&mut Board) -> Result<T, crate::model::BoardError>,
) -> Result<T, UpdateError> {
    let io = |e: io::Error| UpdateError::Io(path.to_path_buf(), e);
    let _lock = lock(path, LOCK_WAIT).map_err(io)?;
    let mut board = load_or_new(path).map_err(UpdateError::Load)?;
    let value = change(&mut board).map_err(UpdateError::Refused)?;
    backup_if_due(path, now, BACKUP_EVERY, keep).map_err(io)?;
    save(path, &board).map_err(io)?;
    Ok(value)
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
        assert!(board.questions.len() >= 14);
        let qs = &board.questions;
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
