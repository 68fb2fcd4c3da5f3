//! Why the board could not be written, or read back: typed, so the app can tell them apart;
//! turned into a sentence only where one is shown.

use std::path::PathBuf;

use crate::format::FormatError;

/// Why the board could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The board's lock could not be taken (the text names the lock file and what to do).
    Lock(String),
    /// The board's file was made read-only while it was open.
    ReadOnly(PathBuf),
    /// The file system refused the write: a full disk, a folder gone, no permission.
    Write {
        kind: std::io::ErrorKind,
        message: String,
    },
    /// The file on disk does not load, and it could not be backed up before writing over it.
    BackupOfBroken(String),
    /// A bug in saving; a report is in this folder.
    Internal { reports: Option<PathBuf> },
}

impl From<std::io::Error> for SaveError {
    fn from(e: std::io::Error) -> SaveError {
        SaveError::Write {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Lock(why) => write!(f, "{why}"),
            SaveError::ReadOnly(path) => write!(
                f,
                "{} was made read-only; nothing is written over it",
                path.display()
            ),
            SaveError::Write { message, .. } => write!(f, "{message}"),
            SaveError::BackupOfBroken(why) => {
                write!(f, "could not back up the broken file: {why}")
            }
            SaveError::Internal { reports } => {
                write!(f, "an internal error stopped the save")?;
                match reports {
                    Some(dir) => write!(f, " (a report is in {})", dir.display()),
                    None => Ok(()),
                }
            }
        }
    }
}

/// The board on disk does not load (a hand edit half done, a merge gone wrong): where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub path: PathBuf,
    pub error: FormatError,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.error)
    }
}
