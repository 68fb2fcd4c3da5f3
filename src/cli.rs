//! The command line: clap definitions and the non-interactive subcommands. They use the same
//! model and store as the TUI.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::Timestamp;

use crate::model::plan::{self, Plan};
use crate::model::{Board, Door, Lane, text};
use crate::store::{self, Location};
use crate::ui;

const EXAMPLES: &str = "\
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

#[derive(Parser, Debug)]
#[command(
    name = "unknowns",
    version,
    about = "Keep the open questions of a piece of work, and decide in what order to resolve them.",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// The board file to use.
    #[arg(long, global = true, value_name = "PATH")]
    pub board: Option<PathBuf>,
    /// Open a scratch copy of the bundled demo board (your board is not touched).
    #[arg(long)]
    pub demo: bool,
    /// Open the board read-only: nothing can be changed (useful when sharing a screen).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Start in presentation mode, for a shared screen (P toggles it).
    #[arg(long)]
    pub present: bool,
    /// Colours: dark (default), light, high-contrast, or no-color (also chosen by NO_COLOR).
    #[arg(long, value_enum, global = true)]
    pub theme: Option<crate::ui::theme::Theme>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LaneArg {
    Blocking,
    Uncomfortable,
    Interesting,
}

impl From<LaneArg> for Lane {
    fn from(l: LaneArg) -> Lane {
        match l {
            LaneArg::Blocking => Lane::Blocking,
            LaneArg::Uncomfortable => Lane::Uncomfortable,
            LaneArg::Interesting => Lane::Interesting,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
    Csv,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum NextFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add a question and print its id. The title takes the quick-add shorthand:
    /// `b:`/`u:`/`i:` lane, `@owner`, `#tag`, `^7` after #7, `!` one-way, `>fri` revisit
    /// (a backslash keeps a character as text: `\@home`).
    Add {
        /// The question, in one line (shorthand allowed).
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        /// The lane (default: Blocking, or what the shorthand says).
        #[arg(long, value_enum)]
        lane: Option<LaneArg>,
        /// The decision is expensive to reverse.
        #[arg(long)]
        one_way: bool,
        /// A question that must be resolved first (repeat for several).
        #[arg(long, value_name = "ID")]
        after: Vec<u32>,
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
    },
    /// Print every question, open and resolved.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Print the three lanes as plain text, as the board shows them.
    Show {
        /// Width in columns (default: the terminal's, or 120).
        #[arg(long)]
        width: Option<u16>,
    },
    /// Move a question to a lane (at the end of it).
    Move {
        id: u32,
        #[arg(value_enum)]
        lane: LaneArg,
    },
    /// Resolve a question with a decision.
    Decide {
        id: u32,
        #[arg(required = true, num_args = 1..)]
        decision: Vec<String>,
    },
    /// Resolve a question that went away once a first step was taken.
    Dissolve { id: u32, note: Vec<String> },
    /// Check that the board file loads; exit 0, or print the precise error.
    Check,
    /// The whole board (lanes, then resolved questions with their decisions) for a design
    /// doc or a spreadsheet.
    Export {
        #[arg(long, value_enum, default_value = "markdown")]
        format: ExportFormat,
    },
    /// Print a shell completion script: `unknowns completions bash > ~/.local/share/bash-completion/completions/unknowns`.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff): `unknowns man > ~/.local/share/man/man1/unknowns.1`.
    Man,
    /// Minutes for any span, from the questions' history: what was added, moved, decided,
    /// dissolved and deferred, as Markdown.
    Minutes {
        /// From when: a span back (2h, 90m, 1d), a time (2026-11-24T09:00:00Z), a date, or 09:30.
        #[arg(long, default_value = "1h")]
        since: String,
        /// Until when (default: now), in the same forms.
        #[arg(long)]
        until: Option<String>,
    },
    /// The morning digest: what changed since your last review, what is due, what is stale,
    /// one-way doors without an owner. (It does not count as a review; `R` in the board does.)
    Review {
        #[arg(long, value_enum, default_value = "text")]
        format: NextFormat,
    },
    /// Where the config file is and whether it reads; or print a commented default one.
    Config {
        /// Print a commented config file with every setting at its default.
        #[arg(long)]
        print_default: bool,
    },
    /// List the board's backups, newest first: id, time, size, questions.
    Backups,
    /// Recovery copies left when unknowns was stopped before its changes reached the disk:
    /// list them, merge the newest in, or keep it aside.
    Recover {
        /// Merge the newest recovery copy into the board (a three-way merge: nothing written
        /// since is lost); the copy is then set aside.
        #[arg(long, conflicts_with = "aside")]
        merge: bool,
        /// Keep the newest recovery copy aside without merging it (it stays on disk).
        #[arg(long)]
        aside: bool,
    },
    /// Put a backup back (the current board is backed up first, so this too can be undone).
    Restore {
        /// The backup's id, as `unknowns backups` lists it.
        id: String,
    },
    /// The order of operations: what to resolve now, what waits, what can wait, with reasons.
    Next {
        #[arg(long, value_enum, default_value = "text")]
        format: NextFormat,
        /// Plan as of another day (YYYY-MM-DD), e.g. to see what Monday looks like.
        #[arg(long, value_name = "DATE")]
        today: Option<jiff::civil::Date>,
    },
}

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
                let questions = std::fs::read(&b.path)
                    .ok()
                    .and_then(|bytes| crate::format::parse(&bytes).ok())
                    .map_or("does not load".to_string(), |board| {
                        text::count(board.questions().len(), "question")
                    });
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
            let restored = crate::format::parse(&std::fs::read(&backup.path)?)
                .map_err(|e| Failure(format!("{}:{e}", backup.path.display())))?;
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

/// JSON as printed: pretty, and with every character that could act on a terminal or reorder
/// text escaped (see [`text::json_safe`]).
pub fn json_text(value: &serde_json::Value) -> serde_json::Result<String> {
    Ok(text::json_safe(serde_json::to_string_pretty(value)?))
}

/// The board as JSON, with the same field names as the file.
fn json(board: &Board) -> serde_json::Value {
    serde_json::json!({
        "version": board.version,
        "title": board.title,
        "questions": board.questions(),
    })
}

/// One line per question: id, lane, status, title and markers; resolved ones with their
/// resolution. Text from the file is made safe for the terminal.
pub fn list_text(board: &Board) -> String {
    let mut out = String::new();
    let safe = |s: &str| text::display_safe(s, false).into_owned();
    let width = board
        .questions()
        .iter()
        .map(|q| q.id.to_string().len())
        .max()
        .unwrap_or(1);
    for q in board.questions() {
        let mut line = format!(
            "#{:<width$}  {:<13}  {:<9}  {}",
            q.id,
            q.lane.name(),
            q.status.name(),
            safe(&q.title)
        );
        if q.door == Door::OneWay {
            line.push_str("  [one-way]");
        }
        if let Some(owner) = &q.owner {
            line.push_str(&format!("  @{}", safe(owner)));
        }
        if !q.after.is_empty() {
            let ids: Vec<String> = q.after.iter().map(|a| format!("#{a}")).collect();
            line.push_str(&format!("  after {}", ids.join(", ")));
        }
        if let Some(d) = q.revisit {
            line.push_str(&format!("  revisit {d}"));
        }
        if !q.is_open() && !q.resolution.is_empty() {
            line.push_str(&format!(
                "\n{:width$}   → {}",
                "",
                safe(&text::one_line(&q.resolution))
            ));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn title_of(board: &Board, id: u32) -> String {
    board
        .get(id)
        .map(|q| text::display_safe(&q.title, false).into_owned())
        .unwrap_or_default()
}

fn heading(board: &Board, day: jiff::civil::Date) -> String {
    if board.title.is_empty() {
        format!("Next steps as of {day}")
    } else {
        format!(
            "Next steps for {} as of {day}",
            text::display_safe(&board.title, false)
        )
    }
}

/// The plan as plain text: warnings, then each section that has questions, with reasons.
pub fn next_text(board: &Board, plan: &Plan, day: jiff::civil::Date) -> String {
    let mut out = format!("{}\n", heading(board, day));
    if !plan.warnings.is_empty() {
        out.push_str("\nWarnings\n");
        for w in &plan.warnings {
            out.push_str(&format!("  ! {}\n", text::display_safe(&w.message, false)));
        }
    }
    if plan.is_empty() {
        out.push_str("\nNo open questions.\n");
    }
    for section in plan.sections.iter().filter(|s| !s.items.is_empty()) {
        out.push_str(&format!(
            "\n{} ({}): {}\n",
            section.kind.title(),
            section.items.len(),
            section.kind.meaning()
        ));
        for item in &section.items {
            out.push_str(&format!("  #{:<4} {}\n", item.id, title_of(board, item.id)));
            out.push_str(&format!("        {}\n", item.reason()));
        }
    }
    out
}

/// The plan as Markdown, to paste into meeting notes.
pub fn next_markdown(board: &Board, plan: &Plan, day: jiff::civil::Date) -> String {
    let md = |s: &str| s.replace('*', "\\*").replace('_', "\\_");
    let mut out = format!("# {}\n", md(&heading(board, day)));
    if !plan.warnings.is_empty() {
        out.push('\n');
        for w in &plan.warnings {
            out.push_str(&format!(
                "> **Warning:** {}\n>\n",
                md(&text::display_safe(&w.message, false))
            ));
        }
        out.truncate(out.len() - 2);
    }
    if plan.is_empty() {
        out.push_str("\nNo open questions.\n");
    }
    for section in plan.sections.iter().filter(|s| !s.items.is_empty()) {
        out.push_str(&format!(
            "\n## {}\n\n_{}_\n\n",
            section.kind.title(),
            section.kind.meaning()
        ));
        for item in &section.items {
            out.push_str(&format!(
                "- **#{}** {} — {}\n",
                item.id,
                md(&title_of(board, item.id)),
                md(&item.reason())
            ));
        }
    }
    out
}

/// The plan as JSON: warnings and sections with question ids, titles and reasons.
pub fn next_json(board: &Board, plan: &Plan, day: jiff::civil::Date) -> serde_json::Value {
    serde_json::json!({
        "today": day.to_string(),
        "warnings": plan.warnings.iter().map(|w| serde_json::json!({
            "kind": w.kind,
            "ids": w.ids,
            "message": w.message,
        })).collect::<Vec<_>>(),
        "sections": plan.sections.iter().map(|s| serde_json::json!({
            "key": s.kind.key(),
            "title": s.kind.title(),
            "items": s.items.iter().map(|i| serde_json::json!({
                "id": i.id,
                "title": board.get(i.id).map(|q| q.title.as_str()).unwrap_or(""),
                "reason": i.reason(),
                "waits_on": i.waits_on,
                "unblocks": i.unblocks,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// One CSV field. Control characters are shown as visible stand-ins (as everywhere else), so
/// printing the file cannot act on a terminal; a cell a spreadsheet would take for a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`; quoted
/// when it holds a comma, a quote or a line break.
pub fn csv_field(value: &str) -> String {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let mut value = text::display_safe(value, true).into_owned();
    if formula {
        value.insert(0, '\'');
    }
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The board as CSV: one row per question, open and resolved, every field.
pub fn export_csv(board: &Board) -> String {
    let mut out = String::from(
        "id,title,lane,status,door,owner,after,revisit,tags,known,stakes,next_step,resolution,created,updated\r\n",
    );
    for q in board.questions() {
        let after: Vec<String> = q.after.iter().map(u32::to_string).collect();
        let row = [
            q.id.to_string(),
            q.title.clone(),
            q.lane.name().to_string(),
            q.status.name().to_string(),
            q.door.name().to_string(),
            q.owner.clone().unwrap_or_default(),
            after.join(" "),
            q.revisit.map(|d| d.to_string()).unwrap_or_default(),
            q.tags.join(" "),
            q.known.clone(),
            q.stakes.clone(),
            q.next_step.clone(),
            q.resolution.clone(),
            q.created.map(|t| t.to_string()).unwrap_or_default(),
            q.updated.map(|t| t.to_string()).unwrap_or_default(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The board as Markdown: each lane's open questions with what is known, the stakes and the
/// next step, then the resolved questions with their decisions.
pub fn export_markdown(board: &Board) -> String {
    let safe = |s: &str| text::display_safe(s, true).into_owned();
    let mut out = String::new();
    let title = if board.title.is_empty() {
        "Open questions".to_string()
    } else {
        safe(&board.title)
    };
    out.push_str(&format!("# {title}\n"));
    for lane in Lane::ALL {
        let questions: Vec<_> = board.lane(lane).collect();
        out.push_str(&format!("\n## {} ({})\n", lane.name(), questions.len()));
        if questions.is_empty() {
            out.push_str("\nNone.\n");
        }
        for q in questions {
            let mut facts = vec![q.door.name().to_string() + " door"];
            if let Some(o) = &q.owner {
                facts.push(format!("owner: {}", safe(o)));
            }
            if !q.after.is_empty() {
                let ids: Vec<String> = q.after.iter().map(|a| format!("#{a}")).collect();
                facts.push(format!("after {}", ids.join(", ")));
            }
            if let Some(d) = q.revisit {
                facts.push(format!("revisit {d}"));
            }
            if !q.tags.is_empty() {
                facts.push(format!("tags: {}", safe(&q.tags.join(", "))));
            }
            out.push_str(&format!(
                "\n### #{} {}\n\n_{}_\n",
                q.id,
                safe(&q.title),
                facts.join(" · ")
            ));
            for (label, value) in [
                ("Known", &q.known),
                ("Stakes", &q.stakes),
                ("Next step", &q.next_step),
            ] {
                if !value.trim().is_empty() {
                    out.push_str(&format!(
                        "\n**{label}:** {}\n",
                        safe(value).replace('\n', "  \n")
                    ));
                }
            }
        }
    }
    let resolved: Vec<_> = board.resolved().collect();
    out.push_str(&format!("\n## Resolved ({})\n\n", resolved.len()));
    if resolved.is_empty() {
        out.push_str("None yet.\n");
    }
    for q in resolved {
        let resolution = if q.resolution.trim().is_empty() {
            "(no words recorded)".to_string()
        } else {
            text::one_line(&safe(&q.resolution))
        };
        out.push_str(&format!(
            "- **#{} {}** ({}): {}\n",
            q.id,
            safe(&q.title),
            q.status.name(),
            resolution
        ));
    }
    out
}
