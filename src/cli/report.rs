//! The reports the command line prints: lists, plans, exports and minutes in text, Markdown,
//! JSON and CSV. Every text from the file is made safe for a terminal here.

use crate::model::plan::Plan;
use crate::model::{Board, Door, Lane, text};

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

pub(super) fn heading(board: &Board, day: jiff::civil::Date) -> String {
    if board.title.is_empty() {
        format!("Next steps as of {day}")
    } else {
        format!(
            "Next steps for {} as of {day}",
            text::display_safe(&board.title, false)
        )
    }
}

/// How a report is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Text,
    Markdown,
}

/// Text written to a byte stream as it is made; the first failure to write is kept.
struct Stream<'a> {
    out: &'a mut dyn std::io::Write,
    error: Option<std::io::Error>,
}

impl std::fmt::Write for Stream<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

/// The plan as text or Markdown, written to a byte stream as it is made (what `unknowns next`
/// prints).
pub fn write_next_to(
    out: &mut dyn std::io::Write,
    board: &Board,
    plan: &Plan,
    day: jiff::civil::Date,
    style: Style,
) -> std::io::Result<()> {
    let mut stream = Stream { out, error: None };
    match write_next(&mut stream, board, plan, day, style) {
        Ok(()) => Ok(()),
        Err(_) => Err(stream
            .error
            .unwrap_or_else(|| std::io::Error::other("the report could not be written"))),
    }
}

/// The plan as text or Markdown, written to `out` as it is made: nothing is formatted into a
/// string of its own on the way.
pub(super) fn write_next(
    out: &mut dyn std::fmt::Write,
    board: &Board,
    plan: &Plan,
    day: jiff::civil::Date,
    style: Style,
) -> std::fmt::Result {
    let escape = style == Style::Markdown;
    match style {
        Style::Text => writeln!(out, "{}", heading(board, day))?,
        Style::Markdown => writeln!(out, "# {}", Md(heading(board, day), escape))?,
    }
    if !plan.warnings.is_empty() {
        out.write_str(if style == Style::Text {
            "\nWarnings\n"
        } else {
            "\n"
        })?;
        for (k, w) in plan.warnings.iter().enumerate() {
            let message = Md(text::display_safe(&w.message, false), escape);
            match style {
                Style::Text => writeln!(out, "  ! {message}")?,
                Style::Markdown if k == 0 => writeln!(out, "> **Warning:** {message}")?,
                Style::Markdown => writeln!(out, ">\n> **Warning:** {message}")?,
            }
        }
    }
    if plan.is_empty() {
        out.write_str("\nNo open questions.\n")?;
    }
    for section in plan.sections.iter().filter(|s| !s.items.is_empty()) {
        let (title, meaning) = (section.kind.title(), section.kind.meaning());
        match style {
            Style::Text => writeln!(out, "\n{title} ({}): {meaning}", section.items.len())?,
            Style::Markdown => write!(out, "\n## {title}\n\n_{meaning}_\n\n")?,
        }
        for (item, title) in titled(board, &section.items) {
            let id = item.id;
            let title = text::display_safe(title, false);
            let (title, reason) = (Md(title, escape), Md(item.said(), escape));
            match style {
                Style::Text => writeln!(out, "  #{id:<4} {title}\n        {reason}")?,
                Style::Markdown => writeln!(out, "- **#{id}** {title} — {reason}")?,
            }
        }
    }
    Ok(())
}

/// The items with their questions' titles, looked up a batch at a time: in plan order the
/// questions lie all over memory, and a batch of lookups with nothing else between them lets
/// the processor wait for many at once (on 100,000 items, writing each title as it was looked
/// up spent more time waiting for memory than writing).
pub(super) fn titled<'a>(
    board: &'a Board,
    items: &'a [crate::model::plan::Item],
) -> impl Iterator<Item = (&'a crate::model::plan::Item, &'a str)> + 'a {
    items.chunks(64).flat_map(move |batch| {
        let titles: Vec<&str> = batch
            .iter()
            .map(|i| board.get(i.id).map_or("", |q| q.title.as_str()))
            .collect();
        batch.iter().zip(titles)
    })
}

/// Text for Markdown, with `*` and `_` escaped (`.1` false: the text as it is), written as it
/// is formatted.
struct Md<T>(T, bool);

impl<T: std::fmt::Display> std::fmt::Display for Md<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Escaping<'a, 'b>(&'a mut std::fmt::Formatter<'b>);
        impl std::fmt::Write for Escaping<'_, '_> {
            fn write_str(&mut self, mut rest: &str) -> std::fmt::Result {
                while let Some(k) = memchr::memchr2(b'*', b'_', rest.as_bytes()) {
                    self.0.write_str(&rest[..k])?;
                    self.0.write_char('\\')?;
                    self.0.write_str(&rest[k..=k])?;
                    rest = &rest[k + 1..];
                }
                self.0.write_str(rest)
            }
        }
        if self.1 {
            std::fmt::Write::write_fmt(&mut Escaping(f), format_args!("{}", self.0))
        } else {
            self.0.fmt(f)
        }
    }
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
            q.owner.as_deref().unwrap_or_default().to_string(),
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
    // What waits on what, drawn where the doc is read (GitHub and GitLab draw Mermaid).
    let plan = crate::model::plan::plan(board, super::today());
    let graph = crate::model::depgraph::DepGraph::of(board, &plan, false);
    if !graph.edges.is_empty() {
        out.push_str("\n## What waits on what\n\n```mermaid\n");
        out.push_str(&super::graph::mermaid(board, &graph));
        out.push_str("```\n");
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
