//! The board written as RON, in the form the README shows: fields in one order, defaults left
//! out, one question per block, so diffs stay small.

use std::fmt::Write as _;

use crate::model::{Board, Change, Door, FORMAT_VERSION, Field, FieldConflict, Question, Status};

/// Writes a board as the stable, diff-friendly RON described in the README.
pub fn write(board: &Board) -> String {
    let mut out = String::with_capacity(256 + board.questions().len() * 256);
    // Writing to a String cannot fail.
    let _ = write_into(&mut out, board);
    out
}

/// [`write`], into any text sink (a file as it is written, a hash): a big board's text is
/// never held whole.
pub fn write_into(out: &mut dyn std::fmt::Write, board: &Board) -> std::fmt::Result {
    out.write_str("(\n")?;
    writeln!(out, "    version: {},", board.version.max(FORMAT_VERSION))?;
    if !board.title.is_empty() {
        writeln!(out, "    title: {},", string(&board.title))?;
    }
    let mut board_conflicts = String::new();
    write_conflicts(&mut board_conflicts, "    ", &board.conflicts);
    out.write_str(&board_conflicts)?;
    out.write_str("    questions: [\n")?;
    let mut q_text = String::with_capacity(1024);
    for q in board.questions() {
        q_text.clear();
        write_question(&mut q_text, q);
        out.write_str(&q_text)?;
    }
    out.write_str("    ],\n)\n")
}

/// A RON string literal: quotes, backslashes and control characters escaped, nothing else.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_question(out: &mut String, q: &Question) {
    const I: &str = "            ";
    out.push_str("        (\n");
    let _ = writeln!(out, "{I}id: {},", q.id);
    // A question typed into the file by hand gets its key the first time the board is
    // written: derived, so every clone that writes it gives it the same one.
    match &q.key {
        Some(key) => {
            let _ = writeln!(out, "{I}key: {},", string(key));
        }
        None => {
            let _ = writeln!(out, "{I}key: {},", string(&q.derived_key()));
        }
    }
    let _ = writeln!(out, "{I}title: {},", string(&q.title));
    let _ = writeln!(out, "{I}lane: {:?},", q.lane);
    if q.status != Status::Open {
        let _ = writeln!(out, "{I}status: {:?},", q.status);
    }
    if q.door != Door::TwoWay {
        let _ = writeln!(out, "{I}door: {:?},", q.door);
    }
    if !q.after.is_empty() {
        let ids: Vec<String> = q.after.iter().map(u32::to_string).collect();
        let _ = writeln!(out, "{I}after: [{}],", ids.join(", "));
    }
    if let Some(owner) = &q.owner {
        let _ = writeln!(out, "{I}owner: Some({}),", string(owner));
    }
    for (field, value) in [
        (Field::Known, &q.known),
        (Field::Stakes, &q.stakes),
        (Field::NextStep, &q.next_step),
        (Field::Resolution, &q.resolution),
    ] {
        if !value.is_empty() {
            let _ = writeln!(out, "{I}{field}: {},", string(value));
        }
    }
    if let Some(date) = q.revisit {
        let _ = writeln!(out, "{I}revisit: Some(\"{date}\"),");
    }
    if let Some(date) = q.needed_by {
        let _ = writeln!(out, "{I}needed_by: Some(\"{date}\"),");
    }
    if !q.tags.is_empty() {
        let tags: Vec<String> = q.tags.iter().map(|t| string(t)).collect();
        let _ = writeln!(out, "{I}tags: [{}],", tags.join(", "));
    }
    if let Some(record) = &q.record {
        let _ = writeln!(out, "{I}record: Some({}),", string(record));
    }
    if let Some(t) = q.created {
        let _ = writeln!(out, "{I}created: Some(\"{t}\"),");
    }
    if let Some(t) = q.updated {
        let _ = writeln!(out, "{I}updated: Some(\"{t}\"),");
    }
    if !q.history.is_empty() {
        let _ = writeln!(out, "{I}history: [");
        for e in &q.history {
            let change = match &e.change {
                Change::Moved { from, to } => format!("Moved(from: {from:?}, to: {to:?})"),
                Change::Edited { field, before } => {
                    format!(
                        "Edited(field: {}, before: {})",
                        string(field.name()),
                        string(before)
                    )
                }
                Change::Renumbered { from } => format!("Renumbered(from: {from})"),
                Change::Settled { field, before } => {
                    format!(
                        "Settled(field: {}, before: {})",
                        string(field.name()),
                        string(before)
                    )
                }
                other => format!("{other:?}"),
            };
            let by =
                e.by.as_ref()
                    .map_or(String::new(), |who| format!(", by: {}", string(who)));
            let _ = writeln!(out, "{I}    (at: \"{}\", change: {change}{by}),", e.at);
        }
        let _ = writeln!(out, "{I}],");
    }
    write_conflicts(out, I, &q.conflicts);
    out.push_str("        ),\n");
}

/// A list of conflicts to settle, at an indent (a question's, or the board's own).
fn write_conflicts(out: &mut String, indent: &str, conflicts: &[FieldConflict]) {
    if conflicts.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}conflicts: [");
    for c in conflicts {
        let by =
            c.by.as_ref()
                .map_or(String::new(), |who| format!(", by: {}", string(who)));
        let at = c.at.map_or(String::new(), |t| format!(", at: \"{t}\""));
        let _ = writeln!(
            out,
            "{indent}    (field: {}, value: {}{by}{at}),",
            string(c.field.name()),
            string(&c.value)
        );
    }
    let _ = writeln!(out, "{indent}],");
}
