//! Creating and replacing files without being fooled: temporary files get unpredictable names
//! and are made with `O_EXCL` (never through a symlink someone planted), a new file never
//! replaces or follows what is already at its name, modes and owners are set through the open
//! handle, and what the app keeps for the user alone is 0600 in 0700 folders.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Makes a folder (and its parents) only the user can enter; a folder that already exists is
/// narrowed to 0700 as well.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let meta = fs::symlink_metadata(dir)?;
    if meta.is_dir() && meta.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// A new temporary file in `dir`, 0600, with an unpredictable name starting with `prefix`.
/// It is locked while this process holds it, so a temporary file nobody holds a lock on was
/// left by a writer that was killed: see [`remove_stale_temporaries`].
fn temporary(dir: &Path, prefix: &str, mode: u32) -> io::Result<tempfile::NamedTempFile> {
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)?;
    // A new file no one else can have opened yet: the lock is had at once.
    let _ = tmp.as_file().try_lock();
    Ok(tmp)
}

/// The temporary files a save of `target` leaves if its writer is killed mid-way
/// (`.NAME.XXXXXX.tmp` beside it) that no live process holds: stale. A file that is not a
/// regular one (a link someone planted) is never opened, only listed.
pub fn stale_temporaries(target: &Path) -> Vec<PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = folder_of(target);
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with(&prefix) && n.ends_with(".tmp") && n.len() > prefix.len() + 4
        })
        .map(|e| e.path())
        .filter(|p| {
            let Ok(file) = fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
                .open(p)
            else {
                return true;
            };
            // Held by a live writer: its lock stands. Nobody's: stale.
            file.metadata().is_ok_and(|m| m.is_file()) && file.try_lock().is_ok()
        })
        .collect()
}

/// Removes the stale temporary files of `target` (see [`stale_temporaries`]); those that
/// could not be removed, with why.
pub fn remove_stale_temporaries(target: &Path) -> Vec<(PathBuf, io::Error)> {
    stale_temporaries(target)
        .into_iter()
        .filter_map(|p| fs::remove_file(&p).err().map(|e| (p, e)))
        .collect()
}

/// Writes a new file for the user alone (0600, in a 0700 folder) named `name` in `dir`, or
/// `stem-2.ext`, `stem-3.ext`… when that is taken. Nothing already there is replaced or
/// followed. The bytes go to a temporary file first, so a failure (a full disk) leaves
/// nothing behind. Returns the file's path.
pub fn write_new_private(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    write_new_private_with(dir, name, |w| w.write_all(bytes))
}

/// [`write_new_private`], with the bytes written by `write` as they come (a copy of a big
/// file is never held whole).
pub fn write_new_private_with(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<PathBuf> {
    private_dir(dir)?;
    let mut tmp = temporary(dir, ".new-", 0o600)?;
    {
        let mut out = io::BufWriter::new(tmp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, format!(".{ext}")),
        None => (name, String::new()),
    };
    for n in 1..10_000 {
        let candidate = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{stem}-{n}{ext}"))
        };
        match tmp.persist_noclobber(&candidate) {
            Ok(_) => {
                sync_dir(dir);
                return Ok(candidate);
            }
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(e.error),
        }
    }
    Err(io::Error::other(format!(
        "{}: no free name for {name}",
        dir.display()
    )))
}

/// Replaces `path` atomically with `bytes` as a file for the user alone (0600, in a 0700
/// folder). Whatever was at the name (a symlink too) is replaced, never followed.
pub fn replace_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = folder_of(path);
    private_dir(&dir)?;
    let mut tmp = temporary(&dir, ".new-", 0o600)?;
    tmp.as_file_mut().write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(())
}

/// Replaces `target` atomically with `bytes`, keeping its permissions and owner (set through
/// the temporary file's handle). A new file gets the usual mode (0666 less the umask).
pub fn replace_keeping_mode(target: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_keeping_mode_with(target, |w| w.write_all(bytes), || {})
}

/// [`replace_keeping_mode`], with the bytes written by `write` as they come, and
/// `before_rename` run once they are all on disk, just before the file takes the name.
pub fn replace_keeping_mode_with(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    before_rename: impl FnOnce(),
) -> io::Result<()> {
    let dir = folder_of(target);
    fs::create_dir_all(&dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "board.ron".into());
    // What a killed writer left is cleared first (a failure to is no reason not to save).
    let _ = remove_stale_temporaries(target);
    let mut tmp = temporary(&dir, &format!(".{name}."), 0o666)?;
    if let Ok(meta) = fs::metadata(target) {
        tmp.as_file().set_permissions(meta.permissions())?;
        // Keep the owner too (when another user's board is saved by root, say).
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    {
        let mut out = io::BufWriter::new(tmp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    before_rename();
    tmp.persist(target).map_err(|e| e.error)?;
    // The rename is durable once the folder is.
    sync_dir(&dir);
    Ok(())
}

/// The folder a file is in ("." for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Keeps the newest `keep` of the files in `dir` that `pick` selects (newest by name: names
/// start with a time), and removes the rest.
pub fn prune(dir: &Path, keep: usize, pick: impl Fn(&str) -> bool) -> io::Result<()> {
    let mut names: Vec<String> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| pick(n))
        .collect();
    names.sort_unstable_by(|a, b| b.cmp(a));
    for old in names.into_iter().skip(keep) {
        let _ = fs::remove_file(dir.join(old));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_private_file_never_follows_or_replaces_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("state/crashes");
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "precious").unwrap();
        fs::create_dir_all(&private).unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::symlink(&victim, private.join("report.txt")).unwrap();
        let written = write_new_private(&private, "report.txt", b"report").unwrap();
        assert_eq!(written, private.join("report-2.txt"));
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(fs::read_to_string(&written).unwrap(), "report");
        assert_eq!(mode(&written), 0o600);
        assert_eq!(mode(&private), 0o700, "an existing folder is narrowed");
        // Nothing but the two names: no temporary file is left.
        assert_eq!(fs::read_dir(&private).unwrap().count(), 2);
    }

    #[test]
    fn replacing_a_private_file_replaces_a_planted_symlink_instead_of_following_it() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "precious").unwrap();
        let path = dir.path().join("reviews/board.txt");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        replace_private(&path, b"2026-11-25T09:00:00Z\n").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!fs::symlink_metadata(&path).unwrap().is_symlink());
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn pruning_keeps_the_newest_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for n in 10..40 {
            fs::write(
                dir.path().join(format!("20261125T0000{n}Z-report.txt")),
                "r",
            )
            .unwrap();
        }
        fs::write(dir.path().join("other"), "o").unwrap();
        prune(dir.path(), 20, |n| n.ends_with("-report.txt")).unwrap();
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left.len(), 21);
        assert_eq!(left[0], "20261125T000020Z-report.txt");
        assert!(left.contains(&"other".to_string()));
    }
}
