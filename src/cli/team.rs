//! The commands that share a board with a team through git: set-up, the check-up and sync.
//! Merging is in `merging.rs`.

use std::io::Write;
use std::path::Path;

use super::commands::Ctx;
use super::{Failure, text};
use crate::git::{self, DRIVER, Repo};
use crate::model::Board;
use crate::store;
use crate::store::Location;

/// The board a team command works on: the one given, or in a repository where no board was
/// given, `./unknowns.ron` (even before it exists), never the private board in the data folder.
pub(super) fn shared(location: &Location) -> Location {
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

/// `unknowns sync`: commit the board if it changed, fetch, merge the upstream (the board
/// through the driver), push; say what came in.
pub(super) fn sync(Ctx { location, out, .. }: Ctx<'_>) -> Result<(), Failure> {
    let synced = crate::team::sync(&shared(location).path).map_err(|e| Failure(e.to_string()))?;
    for line in synced.lines() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
