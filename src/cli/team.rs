//! The commands that share a board with a team through git: set-up, the check-up, the merge
//! driver git runs, settling a merge made without it, the conflicts list and sync.

use std::io::Write;
use std::path::Path;

use super::commands::Ctx;
use super::{Failure, ListFormat, json_text, load, now, text};
use crate::format;
use crate::git::{self, DRIVER, Repo};
use crate::model::Board;
use crate::model::FieldConflict;
use crate::model::merge::{self, Merged};
use crate::store;
use crate::store::Location;

/// The board a team command works on: the one given, or in a repository where no board was
/// given, `./unknowns.ron` (even before it exists), never the private board in the data folder.
fn shared(location: &Location) -> Location {
    if location.source == store::Source::DataDirectory
        && let Ok(cwd) = std::env::current_dir()
        && Repo::of(&cwd).is_some()
    {
        return Location {
            path: cwd.join(store::LOCAL_BOARD),
            source: store::Source::CurrentFolder,
            read_only: location.read_only,
        };
    }
    location.clone()
}

/// The repository the board is in, or why the command needs one.
fn repo_of(path: &Path) -> Result<(Repo, String), Failure> {
    let repo = Repo::of(path).ok_or_else(|| {
        Failure(format!(
            "{} is not inside a git repository (or git is not installed): sharing a board goes through the project's repository",
            path.display()
        ))
    })?;
    let rel = repo.relative(path).ok_or_else(|| {
        Failure(format!(
            "{} is not inside the repository at {}",
            path.display(),
            repo.top.display()
        ))
    })?;
    Ok((repo, rel))
}

/// The lines of a repository file, appended to when a line is missing; true when it changed.
fn ensure_lines(file: &Path, lines: &[String]) -> Result<bool, Failure> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Failure(format!("{}: {e}", file.display()))),
    };
    let missing: Vec<&String> = lines
        .iter()
        .filter(|l| !text.lines().any(|have| have.trim() == l.trim()))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut out = text.clone();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for l in missing {
        out.push_str(l);
        out.push('\n');
    }
    store::save_text(file, &out).map_err(|e| Failure(format!("{}: {e}", file.display())))?;
    Ok(true)
}

/// The files the app makes next to a board, as `.gitignore` patterns from the repository's
/// top: the lock and the temporary files of an atomic save. Characters a pattern reads as
/// special are escaped; None for a name no pattern can hold.
fn ignore_patterns(rel: &str) -> Option<Vec<String>> {
    if rel.chars().any(char::is_control) {
        return None;
    }
    let escape = |s: &str| -> String {
        let mut out = String::with_capacity(s.len());
        for ch in s.chars() {
            if matches!(ch, '*' | '?' | '[' | ']' | '\\' | '!' | '#' | ' ') {
                out.push('\\');
            }
            out.push(ch);
        }
        out
    };
    let (dir, name) = match rel.rsplit_once('/') {
        Some((dir, name)) => (format!("/{}/", escape(dir)), name),
        None => ("/".to_string(), rel),
    };
    let name = escape(name);
    Some(vec![
        format!("{dir}.{name}.lock"),
        format!("{dir}.{name}.*.tmp"),
    ])
}

/// The lock file's path from the repository's top, to ask git whether it is ignored.
fn lock_rel(rel: &str) -> String {
    match rel.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/.{name}.lock"),
        None => format!(".{rel}.lock"),
    }
}

/// The files set-up writes for the whole team.
const SHARED_SETUP: [&str; 2] = [".gitattributes", ".gitignore"];

/// `unknowns git-setup`.
pub(super) fn git_setup(Ctx { location, out, .. }: Ctx<'_>) -> Result<(), Failure> {
    let location = &shared(location);
    let (repo, rel) = repo_of(&location.path)?;
    let unsafe_name = || {
        Failure(format!(
            "{rel:?}: a board whose name holds a newline or another control character cannot be named in .gitattributes; rename it"
        ))
    };
    let attribute = git::attribute_line(&rel).ok_or_else(unsafe_name)?;
    let ignores = ignore_patterns(&rel).ok_or_else(unsafe_name)?;
    let mut done = Vec::new();
    if !location.path.exists() {
        // A board to commit from the start, so every clone has it.
        store::save(&location.path, &Board::new(""))
            .map_err(|e| Failure(format!("{}: {e}", location.path.display())))?;
        done.push(format!("made an empty board at {rel}"));
    }
    if repo.merge_attribute(&rel).as_deref() != Some(DRIVER) {
        ensure_lines(
            &repo.top.join(".gitattributes"),
            std::slice::from_ref(&attribute),
        )?;
        // Git must read back what was meant.
        if repo.merge_attribute(&rel).as_deref() != Some(DRIVER) {
            return Err(Failure(format!(
                "wrote `{attribute}` to .gitattributes, but git does not read it as merge={DRIVER} for {rel}: check .gitattributes by hand"
            )));
        }
        done.push(format!(
            "added {attribute} to .gitattributes: git merges the board with unknowns"
        ));
    }
    let command = git::driver_command()?;
    if repo.config(&format!("merge.{DRIVER}.driver")).as_deref() != Some(command.as_str()) {
        repo.set_config(&format!("merge.{DRIVER}.name"), "unknowns board merge")?;
        repo.set_config(&format!("merge.{DRIVER}.driver"), &command)?;
        done.push(format!(
            "registered the merge driver in this clone's git config: {command}"
        ));
    }
    if !repo.ignores(&lock_rel(&rel)) {
        ensure_lines(&repo.top.join(".gitignore"), &ignores)?;
        done.push("added the board's lock and temporary files to .gitignore".into());
    }
    // The attribute reaches teammates only once it is committed: commit these two files (and
    // nothing else) when they are new or changed.
    let uncommitted: Vec<&str> = SHARED_SETUP
        .into_iter()
        .filter(|f| repo.top.join(f).exists() && repo.changed(f).unwrap_or(false))
        .collect();
    let mut commit_failed = None;
    if !uncommitted.is_empty() {
        match repo.commit_paths(
            &uncommitted,
            "unknowns: share the board through its merge driver",
        ) {
            Ok(()) => done.push(format!(
                "committed {} (only them): `unknowns sync` or `git push` shares them",
                uncommitted.join(" and ")
            )),
            Err(e) => commit_failed = Some((uncommitted.join(" and "), e)),
        }
    }
    if done.is_empty() && commit_failed.is_none() {
        writeln!(
            out,
            "{rel}: already set up for sharing through git (`unknowns doctor` shows it all)"
        )?;
        return Ok(());
    }
    for d in &done {
        writeln!(out, "{d}")?;
    }
    if let Some((files, e)) = commit_failed {
        let first = e.to_string();
        writeln!(
            out,
            "could not commit {files} ({}): commit them yourself, so every clone gets the merge attribute",
            first.lines().next().unwrap_or("")
        )?;
    }
    writeln!(
        out,
        "Every clone runs `unknowns git-setup` once: git does not share its config (until then, `unknowns sync` merges with the driver all the same). Then `unknowns sync` (or S in the app) shares the board."
    )?;
    Ok(())
}

/// `unknowns doctor`: what is set up for sharing the board, and what is missing.
pub(super) fn doctor(Ctx { location, out, .. }: Ctx<'_>) -> Result<(), Failure> {
    let location = &shared(location);
    let path = &location.path;
    let mut missing = 0;
    let mut say = |out: &mut dyn Write, ok: bool, text: String| -> std::io::Result<()> {
        if !ok {
            missing += 1;
        }
        writeln!(out, "{} {text}", if ok { "ok     " } else { "missing" })
    };
    writeln!(out, "board: {}", path.display())?;
    match store::load(path) {
        Ok(Some(b)) => say(
            out,
            true,
            format!(
                "the board loads ({})",
                text::count(b.questions().len(), "question")
            ),
        )?,
        Ok(None) => say(
            out,
            true,
            "the board does not exist yet (it is made on the first change)".into(),
        )?,
        Err(e) => say(out, false, format!("the board does not load: {e}"))?,
    }
    let Some(repo) = Repo::of(path) else {
        say(
            out,
            false,
            "a git repository: the board is not in one (or git is not installed)".into(),
        )?;
        return Err(Failure(format!("{missing} thing(s) missing")));
    };
    let rel = repo.relative(path).unwrap_or_default();
    say(out, true, format!("git repository: {}", repo.top.display()))?;
    say(
        out,
        repo.tracks(&rel),
        format!("{rel} is tracked by git (commit it, or `unknowns sync` does)"),
    )?;
    let attribute = repo.merge_attribute(&rel);
    say(
        out,
        attribute.as_deref() == Some(DRIVER),
        format!(
            ".gitattributes gives {rel} merge={DRIVER}{}",
            attribute.map_or(String::new(), |a| format!(" (it says merge={a})"))
        ),
    )?;
    let driver = repo.config(&format!("merge.{DRIVER}.driver"));
    let runs = driver
        .as_deref()
        .and_then(git::driver_executable)
        .is_some_and(|exe| exe.is_file());
    say(
        out,
        driver.is_some() && runs,
        match &driver {
            Some(d) if runs => format!("this clone registers the merge driver: {d}"),
            Some(d) => format!(
                "this clone registers the merge driver, but its program is not there: {d} (run `unknowns git-setup` again)"
            ),
            None => "this clone registers the merge driver (run `unknowns git-setup`)".into(),
        },
    )?;
    say(
        out,
        repo.ignores(&lock_rel(&rel)),
        "the lock and temporary files are ignored by git".into(),
    )?;
    let upstream = repo.upstream();
    for file in SHARED_SETUP {
        if !repo.top.join(file).exists() {
            continue;
        }
        let committed = repo.tracks(file) && !repo.changed(file).unwrap_or(true);
        let unpushed = upstream
            .as_deref()
            .and_then(|u| repo.count_touching(u, "HEAD", file).ok())
            .unwrap_or(0);
        say(
            out,
            committed && unpushed == 0,
            if !committed {
                format!(
                    "{file} is committed, so teammates get it (`unknowns git-setup` commits it)"
                )
            } else if unpushed > 0 {
                format!("{file} is pushed, so teammates get it (`unknowns sync` pushes it)")
            } else {
                format!("{file} is committed and pushed")
            },
        )?;
    }
    say(
        out,
        upstream.is_some(),
        match &upstream {
            Some(u) => format!("the branch has an upstream to sync with: {u}"),
            None => "the branch has an upstream to sync with (git push -u origin HEAD)".into(),
        },
    )?;
    let name = repo.config("user.name");
    say(
        out,
        name.is_some(),
        match &name {
            Some(n) => format!("commits are made as {n}"),
            None => "git knows who you are (git config user.name \"Your Name\")".into(),
        },
    )?;
    if missing > 0 {
        return Err(Failure(format!(
            "{} missing: `unknowns git-setup` sets up what it can",
            text::count(missing, "thing")
        )));
    }
    writeln!(out, "everything is set up")?;
    Ok(())
}

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

/// `unknowns sync`: commit the board if it changed, fetch, merge the upstream (the board
/// through the driver), push; say what came in.
pub(super) fn sync(Ctx { location, out, .. }: Ctx<'_>) -> Result<(), Failure> {
    let synced = crate::team::sync(&shared(location).path).map_err(|e| Failure(e.to_string()))?;
    for line in synced.lines() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
