//! What the app keeps for the user besides the board: review times, crash reports, minutes.
//! All of it is private (0600 in 0700 folders) and made without following planted symlinks.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::backups::{board_key, state_dir};
use super::files;

/// How many crash reports are kept (each with its copy of the board).
pub const CRASHES_KEPT: usize = 20;

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
    review_state(path).0
}

/// This user's reviews of the board: when the last one finished, and which questions were
/// looked at when (see [`crate::model::review::Looked`]). The file is a time on its first
/// line, then `looked <key> <time>` lines.
pub fn review_state(path: &Path) -> (Option<jiff::Timestamp>, crate::model::review::Looked) {
    let Some(text) = review_file(path).and_then(|f| fs::read_to_string(f).ok()) else {
        return (None, Default::default());
    };
    let mut lines = text.lines();
    let last = lines.next().and_then(|l| l.trim().parse().ok());
    let looked = lines
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            (parts.next()? == "looked").then_some(())?;
            let key = parts.next()?.to_string();
            let at = parts.next()?.parse().ok()?;
            Some((key, at))
        })
        .collect();
    (last, looked)
}

/// Records that a review of the board was finished now, with what was looked at in it (added
/// to what earlier reviews looked at).
pub fn record_review(
    path: &Path,
    now: jiff::Timestamp,
    looked: &crate::model::review::Looked,
) -> io::Result<PathBuf> {
    let file = review_file(path).ok_or_else(|| io::Error::other("no state directory"))?;
    let (_, mut all) = review_state(path);
    all.extend(looked.iter().map(|(k, t)| (k.clone(), *t)));
    let mut text = format!("{now}\n");
    let mut keys: Vec<_> = all.into_iter().collect();
    keys.sort();
    for (key, at) in keys {
        // Keys are made of letters, digits and #: nothing that breaks a line.
        if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '#') {
            text.push_str(&format!("looked {key} {at}\n"));
        }
    }
    files::replace_private(&file, text.as_bytes())?;
    Ok(file)
}

/// Where a running meeting's start is kept, so it survives a restart.
fn meeting_file(path: &Path) -> Option<PathBuf> {
    Some(
        state_dir()?
            .join("meetings")
            .join(format!("{}.txt", board_key(path))),
    )
}

/// When the meeting running on this board started, if one is.
pub fn running_meeting(path: &Path) -> Option<jiff::Timestamp> {
    fs::read_to_string(meeting_file(path)?)
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Keeps a running meeting's start (or forgets it, with None).
pub fn keep_meeting(path: &Path, start: Option<jiff::Timestamp>) -> io::Result<()> {
    let file = meeting_file(path).ok_or_else(|| io::Error::other("no state directory"))?;
    match start {
        Some(at) => files::replace_private(&file, format!("{at}\n").as_bytes()).map(|_| ()),
        None => match fs::remove_file(&file) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}

/// Where crash reports go.
pub fn crash_dir() -> Option<PathBuf> {
    Some(state_dir()?.join("crashes"))
}

/// Writes a crash report, and the board in memory beside it when there is one; keeps the
/// newest [`CRASHES_KEPT`]. Returns the report's path and the board copy's.
pub fn write_crash_report(
    stamp: &str,
    report: impl FnOnce(Option<&Path>) -> String,
    board: Option<&crate::model::Board>,
) -> io::Result<(PathBuf, Option<PathBuf>)> {
    let dir = crash_dir().ok_or_else(|| io::Error::other("no state directory"))?;
    let copy = match board {
        Some(b) => Some(files::write_new_private(
            &dir,
            &format!("{stamp}-board.ron"),
            crate::format::write(b).as_bytes(),
        )?),
        None => None,
    };
    let text = report(copy.as_deref());
    let path = files::write_new_private(&dir, &format!("{stamp}-report.txt"), text.as_bytes())?;
    prune_crashes(&dir, CRASHES_KEPT)?;
    Ok((path, copy))
}

/// Keeps the newest `keep` crash reports and boards.
fn prune_crashes(dir: &Path, keep: usize) -> io::Result<()> {
    files::prune(dir, keep, |n| n.contains("-report"))?;
    files::prune(dir, keep, |n| n.contains("-board"))
}

/// Writes a meeting's minutes to `$XDG_DATA_HOME/unknowns/minutes/<board>-<time>.md`, for
/// the user alone.
pub fn write_minutes(board: &Path, text: &str, now: jiff::Timestamp) -> io::Result<PathBuf> {
    let dir = directories::ProjectDirs::from("", "", "unknowns")
        .map(|d| d.data_dir().join("minutes"))
        .ok_or_else(|| io::Error::other("no data directory (is $HOME set?)"))?;
    let stem = board
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "board".into());
    let stamp = now
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d-%H%M%S");
    files::write_new_private(&dir, &format!("{stem}-{stamp}.md"), text.as_bytes())
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))
}
