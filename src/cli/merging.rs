//! Merging a shared board: the merge driver git runs, settling a merge made without it, and
//! the conflicts list.

use std::io::Write;
use std::path::Path;

use super::commands::Ctx;
use super::team::shared;
use super::{Failure, ListFormat, json_text, load, now, text};
use crate::format;
use crate::git::Repo;
use crate::model::Board;
use crate::model::FieldConflict;
use crate::model::merge::{self, Merged};
use crate::store;

/// A board from bytes git handed over, or which version did not load.
fn parse_version(bytes: &[u8], which: &str, name: &str) -> Result<Board, Failure> {
    format::parse(bytes).map_err(|e| {
        Failure(format!(
            "{which} version of {name} does not load ({}:{}: {}); nothing was merged",
            e.line, e.col, e.message
        ))
    })
}

/// What a merge did, in a line for people: conflicts, renumbered questions, kept deletions.
fn merge_report(m: &Merged) -> Vec<String> {
    let mut said = Vec::new();
    if !m.conflicts.is_empty() {
        said.push(format!(
            "{} to settle: {}",
            text::count(m.conflicts.len(), "conflict"),
            m.conflicts
                .iter()
                .map(|c| match c.id {
                    0 => format!("the board's {}", c.field),
                    id => format!("#{id} {}", c.field),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (old, new) in &m.renumbered {
        said.push(format!("#{old} is now #{new} (both sides added a #{old})"));
    }
    for id in &m.kept {
        said.push(format!(
            "#{id} was deleted on one side and changed on the other: kept, with the change"
        ));
    }
    for id in &m.waited_on {
        said.push(format!(
            "#{id} was deleted on one side while the other made a question wait on it: kept, so the link holds"
        ));
    }
    said
}

/// Which of the two versions git hands the driver the team has already seen. In a merge
/// (`git pull`, `git merge`) that is theirs, the upstream; in a rebase or a stash popped on top
/// of what was pulled, git hands the upstream over as ours. The upstream branch, read from
/// git, tells which; when it holds neither version whole, its own version of the board is
/// the one whose numbers stay; with no upstream, a rebase means ours.
fn shared_version(
    repo: Option<&Repo>,
    name: Option<&str>,
    ours: &[u8],
    theirs: &[u8],
) -> SharedVersion {
    let Some(repo) = repo else {
        return SharedVersion::Unknown;
    };
    let Some(upstream) = repo.upstream_even_rebasing() else {
        return if repo.rebasing() {
            SharedVersion::Ours
        } else {
            SharedVersion::Unknown
        };
    };
    let Some(shared) = name.and_then(|rel| repo.show(&upstream, rel).ok()) else {
        return SharedVersion::Unknown;
    };
    if shared == ours {
        SharedVersion::Ours
    } else if shared == theirs {
        SharedVersion::Theirs
    } else {
        format::parse(&shared).map_or(SharedVersion::Unknown, SharedVersion::Board)
    }
}

/// [`merge::Shared`], owning the upstream's board when it had to be read.
enum SharedVersion {
    Ours,
    Theirs,
    Board(Board),
    Unknown,
}

impl SharedVersion {
    fn as_shared(&self) -> merge::Shared<'_> {
        match self {
            SharedVersion::Ours => merge::Shared::Ours,
            SharedVersion::Theirs => merge::Shared::Theirs,
            SharedVersion::Board(b) => merge::Shared::Board(b),
            SharedVersion::Unknown => merge::Shared::Unknown,
        }
    }
}

/// `unknowns merge-driver BASE OURS THEIRS [PATH]`: git's merge driver (`%O %A %B %P`). The
/// result goes to OURS, as a save writes it.
pub(super) fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    name: Option<&str>,
) -> Result<(), Failure> {
    let label = name.unwrap_or("the board");
    // A version that is not a regular file (a FIFO, a device) is refused at once.
    let read = |p: &Path, which: &str| -> Result<Vec<u8>, Failure> {
        store::read_board(p)
            .map_err(|e| Failure(format!("{which} version of {label} ({}): {e}", p.display())))
    };
    let (base_bytes, ours_bytes, theirs_bytes) = (
        read(base, "the base")?,
        read(ours, "our")?,
        read(theirs, "their")?,
    );
    // The three versions are parsed side by side (a big board's parse is most of the work),
    // and the upstream is looked up meanwhile. The common base is empty when both sides
    // added the file.
    let (base_board, ours_board, theirs_board, shared) = std::thread::scope(|s| {
        let base_job = s.spawn(|| {
            if base_bytes.is_empty() {
                Ok(Board::new(""))
            } else {
                parse_version(&base_bytes, "the base", label)
            }
        });
        let theirs_job = s.spawn(|| parse_version(&theirs_bytes, "their", label));
        let shared_job = s.spawn(|| {
            // Git runs the driver at the top of the work tree.
            let repo = std::env::current_dir().ok().and_then(|d| Repo::of(&d));
            shared_version(repo.as_ref(), name, &ours_bytes, &theirs_bytes)
        });
        let ours_board = parse_version(&ours_bytes, "our", label);
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<Board, Failure>>| {
            h.join()
                .unwrap_or_else(|_| Err(Failure("reading a version failed".into())))
        };
        let shared = shared_job.join().unwrap_or(SharedVersion::Unknown);
        (join(base_job), ours_board, join(theirs_job), shared)
    });
    let (base_board, ours_board, theirs_board) = (base_board?, ours_board?, theirs_board?);
    let merged = merge::merge_shared(
        &ours_board,
        &base_board,
        &theirs_board,
        shared.as_shared(),
        now(),
    );
    store::save(ours, &merged.board).map_err(|e| {
        Failure(format!(
            "could not write the merge to {}: {e}",
            ours.display()
        ))
    })?;
    let report = merge_report(&merged);
    if !report.is_empty() {
        eprintln!("unknowns: merged {label}: {}", report.join("; "));
    }
    Ok(())
}

/// `unknowns resolve`: a board merged without the driver (it holds git's conflict markers)
/// becomes one clean board with both sides in it.
pub(super) fn resolve(
    Ctx {
        location,
        config,
        out,
    }: Ctx<'_>,
) -> Result<(), Failure> {
    let location = &shared(location);
    let path = &location.path;
    let repo = Repo::of(path).and_then(|r| r.relative(path).map(|rel| (r, rel)));
    let name = path.display().to_string();
    let in_merge = repo.as_ref().filter(|(r, rel)| r.unmerged(rel));
    let (ours, base, theirs, from, shared) = match in_merge {
        Some((r, rel)) => {
            // An unfinished merge: git's index holds all three versions.
            let bytes = |n: u8, which: &str| -> Result<Vec<u8>, Failure> {
                match r.stage(n, rel) {
                    Ok(bytes) => Ok(bytes),
                    // No base when both sides added the board.
                    Err(_) if n == 1 => Ok(Vec::new()),
                    Err(e) => Err(Failure(format!(
                        "{which} version of {name} is not in git's index: {e}"
                    ))),
                }
            };
            let (o, b, t) = (bytes(2, "our")?, bytes(1, "the base")?, bytes(3, "their")?);
            // In a rebase git's "ours" is the upstream: which side the team has seen decides
            // whose numbers stay, as in the driver.
            let shared = shared_version(Some(r), Some(rel), &o, &t);
            let base = if b.is_empty() {
                Board::new("")
            } else {
                parse_version(&b, "the base", &name)?
            };
            (
                parse_version(&o, "our", &name)?,
                base,
                parse_version(&t, "their", &name)?,
                "git's index (base, ours and theirs)",
                shared,
            )
        }
        None => {
            let bytes = store::read_board(path).map_err(|e| Failure(format!("{name}: {e}")))?;
            let text = String::from_utf8_lossy(&bytes);
            let Some((ours, base, theirs)) = format::split_markers(&text) else {
                return repair_numbers(&bytes, path, repo.as_ref(), config, out);
            };
            let base = match base {
                Some(b) => parse_version(b.as_bytes(), "the base", &name)?,
                None => Board::new(""),
            };
            (
                parse_version(ours.as_bytes(), "our", &name)?,
                base,
                parse_version(theirs.as_bytes(), "their", &name)?,
                "the two sides between the markers",
                // Nothing tells which side was shared: the question created later moves.
                SharedVersion::Unknown,
            )
        }
    };
    let merged = merge::merge_shared(&ours, &base, &theirs, shared.as_shared(), now());
    let backup_failed = store::replace_unreadable(path, &merged.board, now(), config.backups_kept)
        .map_err(|e| Failure(e.to_string()))?;
    if let Some(e) = backup_failed {
        eprintln!("unknowns: warning: {e}; the merged board was written all the same");
    }
    if let Some((r, rel)) = in_merge {
        r.add(rel)?;
    }
    writeln!(
        out,
        "{name}: merged from {from}: {}",
        text::count(merged.board.questions().len(), "question")
    )?;
    for line in merge_report(&merged) {
        writeln!(out, "  {line}")?;
    }
    if in_merge.is_some() {
        writeln!(out, "  marked resolved; `git commit` finishes the merge")?;
    }
    Ok(())
}

/// `resolve` on a board without markers: one merged line by line into clean text can hold
/// two questions with one number (and prerequisites naming what is gone). The one the
/// upstream holds under the number keeps it; the other takes the next free number.
fn repair_numbers(
    bytes: &[u8],
    path: &Path,
    repo: Option<&(Repo, String)>,
    config: &crate::config::Config,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let name = path.display().to_string();
    let (mut board, _) = format::parse_unchecked(bytes)
        .map_err(|e| Failure(format!("{name}:{e}: resolve cannot read it; fix that line by hand, or `unknowns check` offers a backup")))?;
    if board.validate().is_ok() {
        writeln!(
            out,
            "{name} holds no conflict markers, no unfinished merge and no repeated number: nothing to resolve"
        )?;
        return Ok(());
    }
    let shared = repo.and_then(|(r, rel)| {
        let upstream = r.upstream()?;
        format::parse(&r.show(&upstream, rel).ok()?).ok()
    });
    let repaired = board.repair_numbers(shared.as_ref(), now());
    board
        .validate()
        .map_err(|e| Failure(format!("{name}: {e}; not repaired")))?;
    let backup_failed = store::replace_unreadable(path, &board, now(), config.backups_kept)
        .map_err(|e| Failure(e.to_string()))?;
    if let Some(e) = backup_failed {
        eprintln!("unknowns: warning: {e}; the repaired board was written all the same");
    }
    writeln!(
        out,
        "{name}: repaired ({}); the file as it was is kept as a backup",
        text::count(board.questions().len(), "question")
    )?;
    for (old, new) in repaired.renumbered {
        writeln!(
            out,
            "  #{old} is now #{new}: two questions were numbered {old} (the one shared upstream, or else the first in the file, kept it)"
        )?;
    }
    for (id, after) in repaired.dropped {
        writeln!(
            out,
            "  #{id} no longer waits on #{after}: there is no such question"
        )?;
    }
    Ok(())
}

/// One conflict, as the CLI lists it.
#[derive(serde::Serialize)]
struct ConflictRow<'a> {
    id: u32,
    title: String,
    field: &'a str,
    value: String,
    other: String,
    by: Option<String>,
    at: Option<String>,
}

/// `unknowns conflicts`: every field two people changed differently, not yet settled.
pub(super) fn conflicts(
    Ctx { location, out, .. }: Ctx<'_>,
    format: ListFormat,
) -> Result<(), Failure> {
    let board = &load(location)?;
    // The board's own (its title) first, as #0.
    let board_rows = board.conflicts.iter().map(|c| ConflictRow {
        id: 0,
        title: "the board's title (`unknowns title` or T in the app settles it)".into(),
        field: c.field.name(),
        value: board.title.clone(),
        other: c.value.clone(),
        by: c.by.clone(),
        at: c.at.map(|t| t.to_string()),
    });
    let rows: Vec<ConflictRow<'_>> = board_rows
        .chain(board.questions().iter().flat_map(|q| {
            q.conflicts
                .iter()
                .map(move |c: &FieldConflict| ConflictRow {
                    id: q.id,
                    title: q.title.clone(),
                    field: c.field.name(),
                    value: c.field.text(q),
                    other: c.value.clone(),
                    by: c.by.clone(),
                    at: c.at.map(|t| t.to_string()),
                })
        }))
        .collect();
    match format {
        ListFormat::Json => {
            // json_text escapes what could act on a terminal.
            writeln!(
                out,
                "{}",
                json_text(&serde_json::json!({ "conflicts": rows }))?
            )?;
        }
        ListFormat::Text if rows.is_empty() => writeln!(out, "no conflicts to settle")?,
        ListFormat::Text => {
            writeln!(
                out,
                "{} to settle (in the app: c on the card):",
                text::count(rows.len(), "conflict")
            )?;
            let safe = |s: &str| text::display_safe(s, false).into_owned();
            for r in &rows {
                let who = match (&r.by, &r.at) {
                    (Some(by), Some(at)) => format!(" ({} at {at})", safe(by)),
                    (Some(by), None) => format!(" ({})", safe(by)),
                    (None, Some(at)) => format!(" (at {at})"),
                    (None, None) => String::new(),
                };
                writeln!(out, "  #{:<4} {} · {}", r.id, safe(&r.title), r.field)?;
                writeln!(out, "        kept:  {}", safe(&r.value))?;
                writeln!(out, "        other: {}{who}", safe(&r.other))?;
            }
        }
    }
    Ok(())
}
