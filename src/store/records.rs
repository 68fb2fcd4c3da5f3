//! Writing decision records into the repository: the folder it already keeps them in, the
//! next free number, and never over a file that exists (made with O_EXCL).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::{Board, adr};

/// A record written, or the one a question already has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    New { path: PathBuf, rel: String },
    Already(PathBuf),
}

/// The folder records go in: `dir` when given; else the first of [`adr::FOLDERS`] that exists
/// in the board's repository (or beside the board, outside one); else the first of them.
pub fn folder(board_path: &Path, dir: Option<&Path>) -> PathBuf {
    if let Some(dir) = dir {
        return dir.to_path_buf();
    }
    let root = crate::git::Repo::of(board_path)
        .map(|r| r.top().to_path_buf())
        .or_else(|| board_path.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    adr::FOLDERS
        .iter()
        .map(|f| root.join(f))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| root.join(adr::FOLDERS[0]))
}

/// `path` as the board keeps it: relative to the board's folder when under it.
fn relative_to_board(board_path: &Path, path: &Path) -> String {
    let base = board_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (Ok(base), Ok(full)) = (base.canonicalize(), path.canonicalize()) else {
        return path.to_string_lossy().into_owned();
    };
    full.strip_prefix(&base).map_or_else(
        |_| full.to_string_lossy().into_owned(),
        |r| r.to_string_lossy().into_owned(),
    )
}

/// Writes question `id`'s decision record (see [`adr::record`]) and says where; a question
/// whose record is still on disk is not written again.
pub fn write_record(
    board_path: &Path,
    board: &Board,
    id: u32,
    dir: Option<&Path>,
    today: jiff::civil::Date,
) -> Result<Written, String> {
    let q = board
        .get(id)
        .ok_or_else(|| format!("there is no question #{id}"))?;
    if let Some(why) = adr::refusal(q) {
        return Err(why);
    }
    let base = board_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(rel) = &q.record {
        let at = base.join(rel);
        if at.is_file() {
            let shown = if base == Path::new(".") {
                PathBuf::from(rel)
            } else {
                at
            };
            return Ok(Written::Already(shown));
        }
    }
    let folder = folder(board_path, dir);
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("could not make {}: {e}", folder.display()))?;
    // Links to the records of what it waited on, relative to this record's folder.
    let links: Vec<(u32, String, String)> = q
        .after
        .iter()
        .filter_map(|&a| {
            let other = board.get(a)?;
            let at = base.join(other.record.as_ref()?);
            let shown = match (
                at.parent().and_then(|p| p.canonicalize().ok()),
                folder.canonicalize(),
            ) {
                (Some(p), Ok(f)) if p == f => at.file_name()?.to_string_lossy().into_owned(),
                _ => at.to_string_lossy().into_owned(),
            };
            Some((a, other.title.clone(), shown))
        })
        .collect();
    let zone = jiff::tz::TimeZone::system();
    let text = adr::record(board, q, adr::decided_on(q, today, &zone), &links);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .map_err(|e| format!("could not read {}: {e}", folder.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let mut number = adr::next_number(names.iter().map(String::as_str));
    let slug = adr::slug(q);
    for _ in 0..1000 {
        let path = folder.join(format!("{number:04}-{slug}.md"));
        // Never over a file that exists: made new, or the next number.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(|e| format!("could not write {}: {e}", path.display()))?;
                let rel = relative_to_board(board_path, &path);
                return Ok(Written::New { path, rel });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => number += 1,
            Err(e) => return Err(format!("could not write {}: {e}", path.display())),
        }
    }
    Err(format!(
        "no free number for a record in {}",
        folder.display()
    ))
}
