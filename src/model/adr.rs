//! Decision records: a decided (or dissolved) question written as an architecture decision
//! record in the MADR layout, kept in the repository beside the code it decides.

use jiff::civil::Date;

use super::question::Change;
use super::{Board, Door, Field, Question, Status, text};

/// The folders a repository keeps its decision records in, looked for in this order; the
/// first is made when none exists.
pub const FOLDERS: [&str; 3] = ["docs/decisions", "docs/adr", "doc/adr"];

/// Why a question gets no record.
pub fn refusal(q: &Question) -> Option<String> {
    q.is_open().then(|| {
        format!(
            "#{} is open: a decision record is written once it is decided or dissolved (nothing written)",
            q.id
        )
    })
}

/// A file name's words: lower case ASCII letters and digits, joined by dashes, at most 50
/// characters; "question-N" when the title has none.
pub fn slug(q: &Question) -> String {
    let mut out = String::new();
    for word in q
        .title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        if out.len() + word.len() + 1 > 50 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    if out.is_empty() {
        format!("question-{}", q.id)
    } else {
        out
    }
}

/// The number after the highest `NNNN-…` record among `names` (1 with none).
pub fn next_number<'a>(names: impl IntoIterator<Item = &'a str>) -> u32 {
    names
        .into_iter()
        .filter_map(|n| {
            let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
            (digits.len() >= 3 && n[digits.len()..].starts_with('-'))
                .then(|| digits.parse::<u32>().ok())
                .flatten()
        })
        .max()
        .map_or(1, |m| m.saturating_add(1))
}

/// The day it was decided or dissolved: its last such event, else `today`.
pub fn decided_on(q: &Question, today: Date, zone: &jiff::tz::TimeZone) -> Date {
    q.history
        .iter()
        .rev()
        .find(|e| matches!(e.change, Change::Decided | Change::Dissolved))
        .map_or(today, |e| e.at.to_zoned_datetime(zone.clone()).date())
}

/// Markdown text safe in a record: one line where one is wanted, no control characters,
/// and nothing that would start a heading, a list or HTML at the start of a line.
fn safe(s: &str) -> String {
    text::display_safe(s, true)
        .lines()
        .map(|l| {
            let l = l.replace('<', "&lt;").replace('>', "&gt;");
            match l.chars().next() {
                Some('#' | '-' | '*' | '+' | '>' | '=' | '|') => format!("\\{l}"),
                _ => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The record in the MADR layout. `links` are the records of the questions it waited on
/// (id, title, path relative to this record) where they exist.
pub fn record(board: &Board, q: &Question, date: Date, links: &[(u32, String, String)]) -> String {
    let one = |s: &str| safe(&text::one_line(s));
    let status = match q.status {
        Status::Decided => "accepted",
        Status::Dissolved => "dissolved",
        Status::Open => "proposed",
    };
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(&format!("status: {status}\n"));
    out.push_str(&format!("date: {date}\n"));
    if let Some(owner) = &q.owner {
        out.push_str(&format!("deciders: {}\n", one(owner)));
    }
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n\n", one(&q.title)));
    out.push_str("## Context and Problem Statement\n\n");
    let mut context = Vec::new();
    if !q.known.trim().is_empty() {
        context.push(safe(&q.known));
    }
    if !q.stakes.trim().is_empty() {
        context.push(format!("Why it matters: {}", safe(&q.stakes)));
    }
    if context.is_empty() {
        context.push(format!(
            "{} (nothing was written down about it)",
            one(&q.title)
        ));
    }
    out.push_str(&context.join("\n\n"));
    out.push_str("\n\n");
    // Other values the history holds for the resolution: options weighed before this one.
    let mut options: Vec<String> = q
        .history
        .iter()
        .filter_map(|e| match &e.change {
            Change::Edited {
                field: Field::Resolution,
                before,
            }
            | Change::Settled {
                field: Field::Resolution,
                before,
            } if !before.trim().is_empty() => Some(one(before)),
            _ => None,
        })
        .collect();
    let chosen = one(&q.resolution);
    if !chosen.is_empty() {
        options.push(chosen.clone());
    }
    options.dedup();
    if options.len() > 1 {
        out.push_str("## Considered Options\n\n");
        for o in &options {
            out.push_str(&format!("* {o}\n"));
        }
        out.push('\n');
    }
    out.push_str("## Decision Outcome\n\n");
    match (q.status, chosen.is_empty()) {
        (Status::Dissolved, true) => {
            out.push_str("The question dissolved: it went away once a first step was taken.\n")
        }
        (Status::Dissolved, false) => out.push_str(&format!("The question dissolved: {chosen}\n")),
        (_, true) => out.push_str("Decided (no words were recorded).\n"),
        (_, false) => out.push_str(&format!("Chosen option: \"{chosen}\".\n")),
    }
    out.push_str("\n### Consequences\n\n");
    out.push_str(match q.door {
        Door::OneWay => {
            "* A one-way door: expensive to reverse. Revisiting it means a new decision record that supersedes this one.\n"
        }
        Door::TwoWay => {
            "* A two-way door: it can be revisited in motion if what we learn says so.\n"
        }
    });
    if !q.next_step.trim().is_empty() {
        out.push_str(&format!("* Next: {}\n", one(&q.next_step)));
    }
    out.push_str("\n## More Information\n\n");
    let board_name = if board.title.is_empty() {
        String::new()
    } else {
        format!(" of \"{}\"", one(&board.title))
    };
    out.push_str(&format!(
        "Question #{} on the unknowns board{board_name}.\n",
        q.id
    ));
    if !links.is_empty() {
        out.push_str("\nIt waited on:\n\n");
        for (id, title, path) in links {
            out.push_str(&format!(
                "* [#{id} {}]({})\n",
                one(title),
                path.replace(' ', "%20").replace(')', "%29")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lane;

    #[test]
    fn slugs_and_numbers() {
        let q = Question::new(
            7,
            "Which ledger: Oracle/Postgres? (v2) — «naïve»",
            Lane::Blocking,
        );
        assert_eq!(slug(&q), "which-ledger-oracle-postgres-v2-na-ve");
        assert_eq!(
            slug(&Question::new(3, "漢字 ?!", Lane::Blocking)),
            "question-3"
        );
        assert_eq!(
            next_number(["0001-a.md", "0009-b.md", "README.md", "0003-c.md"]),
            10
        );
        assert_eq!(next_number(["index.md", "12-odd.md", "adr-0004.md"]), 1);
        assert_eq!(next_number([]), 1);
    }
}
