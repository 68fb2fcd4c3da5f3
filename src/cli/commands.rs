//! One function per command of the command line.

use std::io::Write;

use super::{
    Cli, Door, ExportFormat, Failure, LaneArg, ListFormat, NextFormat, Shell, Status, change,
    export_csv, export_markdown, json, json_text, list_text, load, load_failure, now, plan, report,
    text, today, ui, write_json, write_next_json, write_next_to,
};
use crate::model::Lane;
use crate::store;
use crate::store::Location;
use report::Style;

/// What every command works with: the board, the config, and where its output goes.
pub(super) struct Ctx<'a> {
    pub location: &'a Location,
    pub config: &'a crate::config::Config,
    pub out: &'a mut dyn Write,
}

/// `unknowns add`.
pub(super) fn add(
    c: Ctx<'_>,
    title: Vec<String>,
    lane: Option<LaneArg>,
    one_way: bool,
    after: Vec<u32>,
    owner: Option<String>,
) -> Result<(), Failure> {
    let Ctx {
        location,
        config,
        out,
    } = c;
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
    Ok(())
}

/// `unknowns list`.
pub(super) fn list(Ctx { location, out, .. }: Ctx<'_>, format: ListFormat) -> Result<(), Failure> {
    let board = &load(location)?;
    match format {
        ListFormat::Json => {
            write_json(out, &json(board))?;
        }
        ListFormat::Text => write!(out, "{}", list_text(board))?,
    }
    Ok(())
}

/// `unknowns show`.
pub(super) fn show(Ctx { location, out, .. }: Ctx<'_>, width: Option<u16>) -> Result<(), Failure> {
    let board = &load(location)?;
    let width = width
        .or_else(|| crossterm::terminal::size().ok().map(|(w, _)| w))
        .unwrap_or(120);
    ui::write_board_text(out, board, width, today())?;
    Ok(())
}

/// `unknowns move`.
pub(super) fn move_to(
    Ctx {
        location,
        config,
        out,
    }: Ctx<'_>,
    id: u32,
    lane: LaneArg,
) -> Result<(), Failure> {
    let now = now();
    change(location, config, now, |b| {
        b.move_to(id, lane, usize::MAX, now)
    })?;
    writeln!(out, "#{id} is now in {}", lane.name())?;
    Ok(())
}

/// `unknowns decide` and `unknowns dissolve`: the question ends, with the words given (the
/// decision, or why it went away).
pub(super) fn resolve_question(
    Ctx {
        location,
        config,
        out,
    }: Ctx<'_>,
    id: u32,
    words: Vec<String>,
    how: Status,
) -> Result<(), Failure> {
    let now = now();
    let words = words.join(" ");
    change(location, config, now, |b| match how {
        Status::Dissolved => b.dissolve(id, &words, now),
        _ => b.decide(id, &words, now),
    })?;
    writeln!(out, "#{id} {}", how.name())?;
    Ok(())
}

/// `unknowns export`.
pub(super) fn export(
    Ctx { location, out, .. }: Ctx<'_>,
    format: ExportFormat,
) -> Result<(), Failure> {
    let board = &load(location)?;
    match format {
        ExportFormat::Markdown => write!(out, "{}", export_markdown(board))?,
        ExportFormat::Json => write_json(out, &json(board))?,
        ExportFormat::Csv => write!(out, "{}", export_csv(board))?,
    }
    Ok(())
}

/// `unknowns graph`.
pub(super) fn graph(
    Ctx {
        location,
        config,
        out,
    }: Ctx<'_>,
    format: super::args::GraphFormat,
    all: bool,
) -> Result<(), Failure> {
    use super::args::GraphFormat;
    let board = &load(location)?;
    let plan = &plan::plan_with(board, today(), config.stale_days);
    let g = crate::model::depgraph::DepGraph::of(board, plan, all);
    let text = match format {
        GraphFormat::Text => super::graph::text_tree(board, plan, &g),
        GraphFormat::Mermaid => super::graph::mermaid(board, &g),
        GraphFormat::Dot => super::graph::dot(board, &g),
    };
    write!(out, "{text}")?;
    Ok(())
}

/// `unknowns adr`.
pub(super) fn adr(
    Ctx {
        location,
        config,
        out,
    }: Ctx<'_>,
    id: u32,
    dir: Option<&std::path::Path>,
) -> Result<(), Failure> {
    use crate::store::records::{Written, write_record};
    let board = &load(location)?;
    match write_record(&location.path, board, id, dir, today()).map_err(Failure)? {
        Written::Already(path) => {
            writeln!(out, "#{id}'s decision record is at {}", path.display())?;
        }
        Written::New { path, rel } => {
            let now = now();
            change(location, config, now, |b| b.set_record(id, &rel, now))?;
            writeln!(out, "wrote {}", path.display())?;
        }
    }
    Ok(())
}

/// `unknowns trend`.
pub(super) fn trend(
    Ctx { location, out, .. }: Ctx<'_>,
    (since, until): (&str, Option<&str>),
    by: super::args::TrendBy,
    format: super::args::TrendFormat,
) -> Result<(), Failure> {
    use super::args::{TrendBy, TrendFormat};
    use crate::model::trend::{By, trend};
    let board = &load(location)?;
    let zone = jiff::tz::TimeZone::system();
    let (from, to) = crate::model::minutes::span(since, until, now(), &zone).map_err(Failure)?;
    let day = |t: jiff::Timestamp| t.to_zoned_datetime(zone.clone()).date();
    let by = match by {
        TrendBy::Day => By::Day,
        TrendBy::Week => By::Week,
    };
    let t = trend(board, day(from), day(to), by, &zone);
    if t.undated > 0 {
        eprintln!(
            "unknowns: {} left out of the trend: no creation time in the file",
            crate::model::text::count(t.undated, "question")
        );
    }
    match format {
        TrendFormat::Csv => write!(out, "{}", super::trend::csv(&t))?,
        TrendFormat::Json => writeln!(out, "{}", json_text(&t.points)?)?,
        TrendFormat::Text => {
            use std::io::IsTerminal;
            let colour = std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
            write!(out, "{}", super::trend::text(&t, by, colour))?
        }
    }
    Ok(())
}

/// `unknowns completions`.
pub(super) fn completions(Ctx { out, .. }: Ctx<'_>, shell: Shell) -> Result<(), Failure> {
    use clap::CommandFactory;
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut Cli::command(), "unknowns", out);
    Ok(())
}

/// `unknowns man`.
pub(super) fn man(Ctx { out, .. }: Ctx<'_>) -> Result<(), Failure> {
    use clap::CommandFactory;
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(())
}

/// `unknowns minutes`.
pub(super) fn minutes(
    Ctx { location, out, .. }: Ctx<'_>,
    since: String,
    until: Option<String>,
) -> Result<(), Failure> {
    use crate::model::minutes;
    let board = &load(location)?;
    let now = now();
    let zone = jiff::tz::TimeZone::system();
    let (from, to) = minutes::span(&since, until.as_deref(), now, &zone).map_err(Failure)?;
    let m = minutes::minutes(board, from, to);
    write!(
        out,
        "{}",
        minutes::markdown(&m, &board.title, from, to, &zone)
    )?;
    Ok(())
}

/// `unknowns review`.
pub(super) fn review(
    Ctx {
        location,
        config,
        out,
    }: Ctx<'_>,
    format: NextFormat,
    day: jiff::civil::Date,
) -> Result<(), Failure> {
    use crate::model::review;
    let board = &load(location)?;
    let (since, looked) = store::review_state(&location.path);
    let items = review::digest(board, since, &looked, day, config.stale_days);
    match format {
        NextFormat::Json => writeln!(
            out,
            "{}",
            json_text(&serde_json::json!({
                "since": since.map(|t| t.to_string()),
                "items": items,
            }))?
        )?,
        NextFormat::Markdown => write!(
            out,
            "{}",
            review::render(&items, since, &jiff::tz::TimeZone::system(), true)
        )?,
        NextFormat::Text => write!(
            out,
            "{}",
            review::render(&items, since, &jiff::tz::TimeZone::system(), false)
        )?,
    }
    Ok(())
}

/// `unknowns config`.
pub(super) fn config(Ctx { out, .. }: Ctx<'_>, print_default: bool) -> Result<(), Failure> {
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
    Ok(())
}

/// `unknowns backups`.
pub(super) fn backups(Ctx { location, out, .. }: Ctx<'_>) -> Result<(), Failure> {
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
    Ok(())
}

/// `unknowns restore`.
pub(super) fn restore(
    Ctx {
        location,
        config,
        out,
    }: Ctx<'_>,
    id: String,
) -> Result<(), Failure> {
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
    Ok(())
}

/// `unknowns next`.
pub(super) fn next(
    c: Ctx<'_>,
    format: NextFormat,
    day: Option<jiff::civil::Date>,
) -> Result<(), Failure> {
    let Ctx {
        location,
        config,
        out,
    } = c;
    let board = &load(location)?;
    let day = day.unwrap_or_else(today);
    let plan = &plan::plan_with(board, day, config.stale_days);
    match format {
        NextFormat::Text => write_next_to(out, board, plan, day, Style::Text)?,
        NextFormat::Markdown => write_next_to(out, board, plan, day, Style::Markdown)?,
        NextFormat::Json => write_next_json(out, board, plan, day)?,
    }
    Ok(())
}

/// `unknowns check`.
pub(super) fn check(Ctx { location, out, .. }: Ctx<'_>) -> Result<(), Failure> {
    match store::load(&location.path).map_err(|e| Failure(load_failure(&location.path, &e)))? {
        Some(board) => {
            let open: usize = board.lanes().iter().map(Vec::len).sum();
            writeln!(
                out,
                "{}: ok, {} ({open} open)",
                location.path.display(),
                text::count(board.questions().len(), "question")
            )?;
            if let Some(note) = board.repaired_keys_note() {
                writeln!(out, "note: {note}")?;
            }
            let leftovers = store::leftover_temporaries(&location.path);
            if !leftovers.is_empty() {
                writeln!(
                    out,
                    "note: {} left by a save that was killed (the next save removes them): {}",
                    text::count(leftovers.len(), "temporary file"),
                    leftovers
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
            }
        }
        None => {
            return Err(Failure(format!(
                "{}: no such board yet (it is created on the first change)",
                location.path.display()
            )));
        }
    }
    Ok(())
}

/// `unknowns title [TITLE]`.
pub(super) fn title(c: Ctx<'_>, title: Vec<String>) -> Result<(), Failure> {
    let Ctx {
        location,
        config,
        out,
    } = c;
    if title.is_empty() {
        let board = &load(location)?;
        if board.title.is_empty() {
            // Nothing on stdout (a script reads an empty title), and why on stderr.
            eprintln!(
                "unknowns: {} has no title yet: `unknowns title TEXT` gives it one",
                location.path.display()
            );
        } else {
            writeln!(out, "{}", text::display_safe(&board.title, false))?;
        }
        return Ok(());
    }
    let title = text::one_line(&title.join(" "));
    change(location, config, now(), |b| {
        b.set_title(&title);
        Ok(())
    })?;
    writeln!(
        out,
        "the board is titled \"{}\"",
        text::display_safe(&title, false)
    )?;
    Ok(())
}
