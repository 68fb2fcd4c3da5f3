//! The reports the command line prints: lists, plans, exports and minutes in text, Markdown,
//! JSON and CSV. Every text from the file is made safe for a terminal here.

use crate::model::plan::Plan;
use crate::model::{Board, Door, Lane, text};

/// JSON as printed: pretty, and with every character that could act on a terminal or reorder
/// text escaped (see [`text::json_safe`]).
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    Ok(text::json_safe(serde_json::to_string_pretty(value)?))
}

/// [`json_text`], written as it is made (a big board's JSON is never held whole), then a
/// newline.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    let safe = SafeJson {
        out: &mut *out,
        carry: Vec::new(),
    };
    // The serialiser writes a token at a time; the check for what must be escaped runs best
    // over big runs of bytes.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, safe);
    serde_json::to_writer_pretty(&mut buffered, value).map_err(std::io::Error::other)?;
    let mut safe = buffered.into_inner().map_err(|e| e.into_error())?;
    std::io::Write::flush(&mut safe)?;
    out.write_all(b"\n")
}

/// JSON bytes passed on with what could act on a terminal escaped (see [`text::json_safe`]);
/// a character split between two writes waits for its rest.
struct SafeJson<'a> {
    out: &'a mut dyn std::io::Write,
    carry: Vec<u8>,
}

impl std::io::Write for SafeJson<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Plain ASCII (nearly all of it) passes straight on.
        if self.carry.is_empty() && buf.iter().all(|&b| b < 0x7f) {
            self.out.write_all(buf)?;
            return Ok(buf.len());
        }
        self.carry.extend_from_slice(buf);
        let whole = match std::str::from_utf8(&self.carry) {
            Ok(_) => self.carry.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Err(std::io::Error::other("the JSON is not UTF-8")),
        };
        let text = std::str::from_utf8(&self.carry[..whole]).unwrap_or_default();
        let safe = text::json_safe(text.to_string());
        self.out.write_all(safe.as_bytes())?;
        self.carry.drain(..whole);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.carry.is_empty() {
            return Err(std::io::Error::other("the JSON ended inside a character"));
        }
        self.out.flush()
    }
}

/// The board as JSON, with the same field names as the file.
pub(super) fn json(board: &Board) -> impl serde::Serialize + '_ {
    // Written straight from the board, with no tree of values in between (a board of 100,000
    // questions would take several times its size in memory as one).
    #[derive(serde::Serialize)]
    struct BoardJson<'a> {
        version: u32,
        title: &'a str,
        questions: &'a [std::sync::Arc<crate::model::Question>],
    }
    BoardJson {
        version: board.version,
        title: &board.title,
        questions: board.questions(),
    }
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

/// The plan as plain text: warnings, then each section that has questions, with reasons.
pub fn next_text(board: &Board, plan: &Plan, day: jiff::civil::Date) -> String {
    next_report(board, plan, day, Style::Text)
}

/// The plan as Markdown, to paste into meeting notes.
pub fn next_markdown(board: &Board, plan: &Plan, day: jiff::civil::Date) -> String {
    next_report(board, plan, day, Style::Markdown)
}

/// How a report is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Text,
    Markdown,
}

/// Text written to a byte stream as it is made; the first failure to write is kept.
pub(super) struct Stream<'a> {
    pub(super) out: &'a mut dyn std::io::Write,
    pub(super) error: Option<std::io::Error>,
}

impl std::fmt::Write for Stream<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

/// The plan in words: one walk over it for text and Markdown alike.
fn next_report(board: &Board, plan: &Plan, day: jiff::civil::Date, style: Style) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_next(&mut out, board, plan, day, style);
    out
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
fn titled<'a>(
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
                while let Some(k) = rest.find(['*', '_']) {
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

/// The plan as JSON: warnings and sections with question ids, titles and reasons.
pub fn next_json<'a>(
    board: &'a Board,
    plan: &'a Plan,
    day: jiff::civil::Date,
) -> impl serde::Serialize + 'a {
    NextJson { board, plan, day }
}

/// The plan as JSON, written as it is serialised: each item's reason is made as the item is
/// written, with no tree of values in between.
struct NextJson<'a> {
    board: &'a Board,
    plan: &'a Plan,
    day: jiff::civil::Date,
}

impl serde::Serialize for NextJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Next", 3)?;
        out.serialize_field("today", &self.day.to_string())?;
        out.serialize_field("warnings", &Warnings(&self.plan.warnings))?;
        out.serialize_field(
            "sections",
            &Sections {
                board: self.board,
                sections: &self.plan.sections,
            },
        )?;
        out.end()
    }
}

struct Warnings<'a>(&'a [crate::model::plan::Warning]);

impl serde::Serialize for Warnings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Warning<'a> {
            kind: crate::model::plan::WarningKind,
            ids: &'a [u32],
            message: &'a str,
        }
        s.collect_seq(self.0.iter().map(|w| Warning {
            kind: w.kind,
            ids: &w.ids,
            message: &w.message,
        }))
    }
}

struct Sections<'a> {
    board: &'a Board,
    sections: &'a [crate::model::plan::Section],
}

impl serde::Serialize for Sections<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.sections.iter().map(|section| SectionJson {
            board: self.board,
            section,
        }))
    }
}

struct SectionJson<'a> {
    board: &'a Board,
    section: &'a crate::model::plan::Section,
}

impl serde::Serialize for SectionJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Section", 3)?;
        out.serialize_field("key", self.section.kind.key())?;
        out.serialize_field("title", self.section.kind.title())?;
        out.serialize_field(
            "items",
            &Items {
                board: self.board,
                items: &self.section.items,
            },
        )?;
        out.end()
    }
}

struct Items<'a> {
    board: &'a Board,
    items: &'a [crate::model::plan::Item],
}

impl serde::Serialize for Items<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Item<'a> {
            id: u32,
            title: &'a str,
            #[serde(serialize_with = "as_text")]
            reason: crate::model::plan::Said<'a>,
            waits_on: &'a [u32],
            unblocks: usize,
        }
        s.collect_seq(titled(self.board, self.items).map(|(i, title)| Item {
            id: i.id,
            title,
            reason: i.said(),
            waits_on: &i.waits_on,
            unblocks: i.unblocks,
        }))
    }
}

/// A value serialised as the text it displays, written as it is formatted.
fn as_text<T: std::fmt::Display, S: serde::Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
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
