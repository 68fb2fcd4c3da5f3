//! The command line: clap definitions and the non-interactive subcommands. They use the same
//! model and store as the TUI.

use std::io::Write;

use jiff::Timestamp;

use crate::model::plan;
use crate::model::{Board, Door, Status, text};
use crate::store::{self, Location};
use crate::ui;

mod args;
mod commands;
mod graph;
mod json;
mod merging;
mod report;
mod team;
mod trend;

pub use args::*;
pub use json::*;
pub use report::*;

pub(crate) const EXAMPLES: &str = "\
Examples:
  unknowns                                  open your board
  unknowns --demo                           try it on a scratch copy of a demo board
  unknowns add \"Which ledger is the source of truth?\" --one-way --owner maria
  unknowns add \"Do we cut over by region?\" --after 1 --lane uncomfortable
  unknowns add \"u: Cut over by region? @dev #rollout ^1 >fri\"   (quick-add shorthand)
  unknowns move 2 interesting
  unknowns decide 1 \"Postgres is the ledger; Oracle becomes read-only\"
  unknowns show --width 120
  unknowns minutes --since 2h
  unknowns list --format json | jq '.questions[].title'
  unknowns check --board team/unknowns.ron

The board: --board PATH, else $UNKNOWNS_BOARD, else ./unknowns.ron, else
$XDG_DATA_HOME/unknowns/board.ron. It is created on the first change.";

pub use crate::clock::{now, today, user};

/// A failed command: the message for stderr.
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure(e.to_string())
    }
}

/// The board a command reads: one that does not exist is said so (a mistyped `--board` must
/// not look like an empty board).
fn load(location: &Location) -> Result<Board, Failure> {
    match store::load(&location.path) {
        Ok(Some(board)) => Ok(board),
        Ok(None) => Err(Failure(no_board(&location.path))),
        Err(e) => Err(Failure(load_failure(&location.path, &e))),
    }
}

/// What a command that reads the board says when there is none.
fn no_board(path: &std::path::Path) -> String {
    format!(
        "{}: no such board yet (it is created on the first change: `unknowns add \"…\"` or the app)",
        path.display()
    )
}

/// A load error, and the newest backup that loads (if there is one) with how to restore it.
pub fn load_failure(path: &std::path::Path, e: &store::LoadError) -> String {
    use crate::format::FaultKind;
    let mut message = e.to_string();
    let store::LoadError::Format { error, .. } = e else {
        return message;
    };
    match error.kind {
        // A board with conflict markers holds both sides' work: a backup would lose one of
        // them. Repeated numbers are repaired in place, nothing lost.
        FaultKind::ConflictMarkers | FaultKind::TooNew => {}
        FaultKind::Numbering => message.push_str(
            "\nunknowns: `unknowns resolve` repairs it in place (the question not shared yet takes a new number); nothing is lost",
        ),
        FaultKind::NotText | FaultKind::Syntax => {
            let good = store::good_backups(path, 8);
            if let Some((offer, count)) = store::backup_to_offer(&good) {
                message.push_str(
                    "\nunknowns: backups that load, newest first (`unknowns restore ID` puts one back; the broken file is kept):",
                );
                for (b, n) in &good {
                    message.push_str(&format!(
                        "\n  {}  {}{}",
                        b.id,
                        text::count(*n, "question"),
                        if b.id == offer.id { "  <- the one to restore" } else { "" }
                    ));
                }
                if good.first().is_some_and(|(newest, _)| newest.id != offer.id) {
                    message.push_str(&format!(
                        "\nunknowns: the newest holds fewer questions than {} ({}): restoring it would lose the rest",
                        offer.id,
                        text::count(*count, "question")
                    ));
                }
            }
        }
    }
    message
}

/// The day a `--today DATE` names, read as the app reads dates.
fn as_of(day: Option<String>) -> Result<Option<jiff::civil::Date>, Failure> {
    day.map(|text| {
        crate::model::dates::parse_date(&text, today())
            .map_err(|why| Failure(format!("--today: {why}")))?
            .ok_or_else(|| Failure("--today needs a date".into()))
    })
    .transpose()
}

/// One change under the board's lock: read the newest file, change it, back up if due, save.
fn change<T>(
    location: &Location,
    config: &crate::config::Config,
    now: Timestamp,
    f: impl FnOnce(&mut Board) -> Result<T, crate::model::BoardError>,
) -> Result<T, Failure> {
    if location.read_only {
        return Err(Failure(
            store::UpdateError::ReadOnly(location.path.clone()).to_string(),
        ));
    }
    let who = crate::cli::user();
    let signed = |b: &mut Board| {
        let before = b.clone();
        let value = f(b)?;
        if let Some(who) = &who {
            b.sign(&before, who);
        }
        Ok(value)
    };
    let updated =
        store::update(&location.path, now, config.backups_kept, signed).map_err(|e| match e {
            store::UpdateError::Load(e) => Failure(load_failure(&location.path, &e)),
            other => Failure(other.to_string()),
        })?;
    if let Some(e) = updated.backup_failed {
        // The change is on disk; the backup before it is not. Say so, and where.
        eprintln!("unknowns: warning: {e}; the board itself was saved");
    }
    Ok(updated.value)
}

/// Standard output for a command: a reader that stops early (`| head`) is not an error, and
/// what follows is dropped.
pub struct Unpiped<W> {
    inner: W,
    closed: bool,
}

impl<W> Unpiped<W> {
    pub fn new(inner: W) -> Unpiped<W> {
        Unpiped {
            inner,
            closed: false,
        }
    }
}

impl<W: Write> Write for Unpiped<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self.inner.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// Runs a subcommand, writing its output to `out`.
pub fn run(
    command: Command,
    location: &Location,
    config: &crate::config::Config,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let c = commands::Ctx {
        location,
        config,
        out,
    };
    match command {
        Command::Add {
            title,
            lane,
            one_way,
            after,
            owner,
        } => commands::add(c, title, lane, one_way, after, owner),
        Command::List { format } => commands::list(c, format),
        Command::Show { width } => commands::show(c, width),
        Command::Move { id, lane } => commands::move_to(c, id, lane),
        Command::Decide { id, decision } => {
            commands::resolve_question(c, id, decision, Status::Decided)
        }
        Command::Dissolve { id, note } => {
            commands::resolve_question(c, id, note, Status::Dissolved)
        }
        Command::Export { format } => commands::export(c, format),
        Command::Graph { format, all } => commands::graph(c, format, all),
        Command::Adr { id, dir } => commands::adr(c, id, dir.as_deref()),
        Command::Trend {
            since,
            until,
            by,
            format,
        } => commands::trend(c, (&since, until.as_deref()), by, format),
        Command::Completions { shell } => commands::completions(c, shell),
        Command::Man => commands::man(c),
        Command::Minutes { since, until } => commands::minutes(c, since, until),
        Command::Review { format, today: day } => {
            let day = as_of(day)?;
            commands::review(c, format, day.unwrap_or_else(today))
        }
        Command::Config { print_default } => commands::config(c, print_default),
        Command::Backups => commands::backups(c),
        Command::Recover { merge, aside } => recover(c.location, c.config, merge, aside, c.out),
        Command::Restore { id } => commands::restore(c, id),
        Command::Next { format, today: day } => commands::next(c, format, as_of(day)?),
        Command::Check => commands::check(c),
        Command::Title { title } => commands::title(c, title),
        Command::GitSetup => team::git_setup(c),
        Command::Doctor => team::doctor(c),
        Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        } => merging::merge_driver(&base, &ours, &theirs, path.as_deref()),
        Command::Resolve => merging::resolve(c),
        Command::Conflicts { format } => merging::conflicts(c, format),
        Command::Sync => team::sync(c),
    }
}

/// `unknowns recover`: lists the recovery copies of the board, or merges the newest in, or
/// keeps it aside.
fn recover(
    location: &Location,
    config: &crate::config::Config,
    merge: bool,
    aside: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let found = store::pending_recoveries(&location.path);
    let Some(newest) = found.first() else {
        writeln!(
            out,
            "no recovery copies of {} (nothing was left unsaved)",
            location.path.display()
        )?;
        return Ok(());
    };
    let draft = |out: &mut dyn Write, r: &store::Recovery| -> std::io::Result<()> {
        if let Some(d) = &r.draft {
            writeln!(out, "  text typed in {}:", d.place())?;
            for line in text::display_safe(&d.text(), true).lines() {
                writeln!(out, "    {line}")?;
            }
        }
        Ok(())
    };
    if merge {
        let when = now();
        change(location, config, when, |b| {
            *b = crate::model::merge::merge(&newest.board, &newest.base, b, when).board;
            Ok(())
        })?;
        let moved = store::set_aside(&newest.path, store::SetAside::Merged)?;
        writeln!(
            out,
            "merged the recovery copy from {} into {} (the copy is now {})",
            newest.at,
            location.path.display(),
            moved.display()
        )?;
        draft(out, newest)?;
    } else if aside {
        let moved = store::set_aside(&newest.path, store::SetAside::KeptAside)?;
        writeln!(out, "kept aside: {}", moved.display())?;
    } else {
        let board = store::load_or_new(&location.path)
            .map_err(|e| Failure(load_failure(&location.path, &e)))?;
        for r in &found {
            let merged = crate::model::merge::merge(&r.board, &r.base, &board, now()).board;
            let holds = if merged == board {
                "nothing the board lacks"
            } else {
                "changes the board lacks"
            };
            writeln!(out, "{}  {}: {holds}", r.at, r.path.display())?;
            draft(out, r)?;
        }
        writeln!(
            out,
            "`unknowns recover --merge` merges the newest in; `unknowns recover --aside` keeps it aside"
        )?;
    }
    Ok(())
}
