//! The command line: clap definitions and the non-interactive subcommands. They use the same
//! model and store as the TUI.

use std::io::Write;

use jiff::Timestamp;

use crate::model::plan;
use crate::model::{Board, Door, Lane, text};
use crate::store::{self, Location};
use crate::ui;

mod args;
mod report;

pub use args::*;
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

fn load(location: &Location) -> Result<Board, Failure> {
    store::load_or_new(&location.path).map_err(|e| Failure(load_failure(&location.path, &e)))
}

/// A load error, and the newest backup that loads (if there is one) with how to restore it.
pub fn load_failure(path: &std::path::Path, e: &store::LoadError) -> String {
    let mut message = e.to_string();
    if matches!(e, store::LoadError::Format { .. })
        && let Some((backup, board)) = store::newest_good_backup(path)
    {
        message.push_str(&format!(
            "\nunknowns: the newest backup that loads is {} ({}): `unknowns restore {}` puts it back",
            backup.path.display(),
            text::count(board.questions().len(), "question"),
            backup.id
        ));
    }
    message
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

/// Runs a subcommand, writing its output to `out`.
pub fn run(
    command: Command,
    location: &Location,
    config: &crate::config::Config,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    match command {
        Command::Add {
            title,
            lane,
            one_way,
            after,
            owner,
        } => {
            let quick = crate::model::quick::parse(&title.join(" "), today()).map_err(Failure)?;
            let mut q = quick.question(lane.map_or(config.default_lane, Lane::from));
            if lane.is_some() {
                q.lane = lane.map_or(q.lane, Lane::from);
            }
            if one_way {
                q.door = Door::OneWay;
            }
            for a in after {
                if !q.after.contains(&a) {
                    q.after.push(a);
                }
            }
            if let Some(owner) = owner
                .map(|o| text::one_line(&o).trim_start_matches('@').to_string())
                .filter(|o| !o.is_empty())
            {
                q.owner = Some(owner);
            }
            let now = now();
            let id = change(location, config, now, |b| b.add_question(q, now))?;
            writeln!(out, "{id}")?;
        }
        Command::List { format } => {
            let board = load(location)?;
            match format {
                ListFormat::Json => {
                    writeln!(out, "{}", json_text(&json(&board))?)?;
                }
                ListFormat::Text => write!(out, "{}", list_text(&board))?,
            }
        }
        Command::Show { width } => {
            let board = load(location)?;
            let width = width
                .or_else(|| crossterm::terminal::size().ok().map(|(w, _)| w))
                .unwrap_or(120);
            write!(out, "{}", ui::board_text(&board, width, today()))?;
        }
        Command::Move { id, lane } => {
            let now = now();
            change(location, config, now, |b| {
                b.move_to(id, lane.into(), usize::MAX, now)
            })?;
            writeln!(out, "#{id} is now in {}", Lane::from(lane).name())?;
        }
        Command::Decide { id, decision } => {
            let now = now();
            change(location, config, now, |b| {
                b.decide(id, &decision.join(" "), now)
            })?;
            writeln!(out, "#{id} decided")?;
        }
        Command::Dissolve { id, note } => {
            let now = now();
            change(location, config, now, |b| {
                b.dissolve(id, &note.join(" "), now)
            })?;
            writeln!(out, "#{id} dissolved")?;
        }
        Command::Export { format } => {
            let board = load(location)?;
            match format {
                ExportFormat::Markdown => write!(out, "{}", export_markdown(&board))?,
                ExportFormat::Json => writeln!(out, "{}", json_text(&json(&board))?)?,
                ExportFormat::Csv => write!(out, "{}", export_csv(&board))?,
            }
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            clap_complete::generate(shell, &mut Cli::command(), "unknowns", out);
        }
        Command::Man => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command()).render(out)?;
        }
        Command::Minutes { since, until } => {
            use crate::model::minutes;
            let board = load(location)?;
            let now = now();
            let from = minutes::parse_since(&since, now).map_err(Failure)?;
            let to = match until {
                Some(u) => minutes::parse_since(&u, now).map_err(Failure)?,
                None => now,
            };
            let m = minutes::minutes(&board, from, to);
            write!(out, "{}", minutes::markdown(&m, &board.title, from, to))?;
        }
        Command::Review { format } => {
            use crate::model::review;
            let board = load(location)?;
            let since = store::last_review(&location.path);
            let items = review::digest(&board, since, today(), config.stale_days);
            match format {
                NextFormat::Json => writeln!(
                    out,
                    "{}",
                    json_text(&serde_json::json!({
                        "since": since.map(|t| t.to_string()),
                        "items": items,
                    }))?
                )?,
                NextFormat::Markdown => write!(out, "{}", review::render(&items, since, true))?,
                NextFormat::Text => write!(out, "{}", review::render(&items, since, false))?,
            }
        }
        Command::Config { print_default } => {
            if print_default {
                write!(out, "{}", crate::config::default_text())?;
            } else {
                let path = crate::config::path()
                    .ok_or_else(|| Failure("no config directory (is $HOME set?)".into()))?;
                let (_, problems) = crate::config::load(&path);
                let state = if !path.exists() {
                    "not there: defaults apply (`unknowns config --print-default` writes one)"
                } else if problems.is_empty() {
                    "ok"
                } else {
                    "has mistakes"
                };
                writeln!(out, "{}: {state}", path.display())?;
                if !problems.is_empty() {
                    return Err(Failure(problems.join("\n")));
                }
            }
        }
        Command::Backups => {
            let list = store::backups(&location.path)?;
            if list.is_empty() {
                writeln!(out, "no backups of {} yet", location.path.display())?;
            }
            for b in list {
                let questions = match store::load(&b.path) {
                    Ok(Some(board)) => text::count(board.questions().len(), "question"),
                    _ => "does not load".to_string(),
                };
                writeln!(out, "{}  {:>9} bytes  {questions}", b.id, b.size)?;
            }
        }
        Command::Recover { merge, aside } => recover(location, config, merge, aside, out)?,
        Command::Restore { id } => {
            let backup = store::backups(&location.path)?
                .into_iter()
                .find(|b| b.id == id)
                .ok_or_else(|| {
                    Failure(format!(
                        "no backup {id} of {}; `unknowns backups` lists them",
                        location.path.display()
                    ))
                })?;
            let restored = store::load(&backup.path)?
                .ok_or_else(|| Failure(format!("{}: the backup is gone", backup.path.display())))?;
            if location.read_only || store::is_read_only(&location.path) {
                return Err(Failure(
                    store::UpdateError::ReadOnly(location.path.clone()).to_string(),
                ));
            }
            let _lock = store::lock(&location.path, store::LOCK_WAIT)?;
            // The board being replaced is kept as a backup first, whatever state it is in.
            let loads = store::load(&location.path).is_ok();
            let before = store::backup(&location.path, loads, now(), config.backups_kept)?;
            store::save(&location.path, &restored)?;
            writeln!(
                out,
                "restored {id} ({}){}",
                text::count(restored.questions().len(), "question"),
                before.map_or(String::new(), |b| format!(
                    "; the board it replaced is backup {}",
                    b.id
                ))
            )?;
        }
        Command::Next { format, today: day } => {
            let board = load(location)?;
            let day = day.unwrap_or_else(today);
            let plan = plan::plan_with(&board, day, config.stale_days);
            match format {
                NextFormat::Text => write!(out, "{}", next_text(&board, &plan, day))?,
                NextFormat::Markdown => write!(out, "{}", next_markdown(&board, &plan, day))?,
                NextFormat::Json => {
                    writeln!(out, "{}", json_text(&next_json(&board, &plan, day))?)?
                }
            }
        }
        Command::Check => match store::load(&location.path)
            .map_err(|e| Failure(load_failure(&location.path, &e)))?
        {
            Some(board) => {
                let open: usize = board.lanes().iter().map(Vec::len).sum();
                writeln!(
                    out,
                    "{}: ok, {} ({open} open)",
                    location.path.display(),
                    text::count(board.questions().len(), "question")
                )?;
            }
            None => {
                return Err(Failure(format!(
                    "{}: no such board yet (it is created on the first change)",
                    location.path.display()
                )));
            }
        },
    }
    Ok(())
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
        let moved = store::set_aside(&newest.path, "merged")?;
        writeln!(
            out,
            "merged the recovery copy from {} into {} (the copy is now {})",
            newest.at,
            location.path.display(),
            moved.display()
        )?;
        draft(out, newest)?;
    } else if aside {
        let moved = store::set_aside(&newest.path, "kept-aside")?;
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
